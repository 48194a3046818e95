package atomicfile

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

func TestWriteCommits(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.csv")
	if err := WriteBytes(p, []byte("a,b\n")); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(p)
	if err != nil || string(got) != "a,b\n" {
		t.Fatalf("got %q, %v", got, err)
	}
	if names := listDir(t, dir); len(names) != 1 {
		t.Fatalf("leftover files: %v", names)
	}
}

func TestWriteErrorLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.csv")
	boom := errors.New("boom")
	err := Write(context.Background(), p, func(w io.Writer) error {
		io.WriteString(w, "half a file")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
	if names := listDir(t, dir); len(names) != 0 {
		t.Fatalf("files left after a failed write: %v", names)
	}
}

func TestWriteErrorKeepsOldFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.csv")
	if err := WriteBytes(p, []byte("old\n")); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	err := Write(ctx, p, func(w io.Writer) error {
		io.WriteString(w, "new but interrupted")
		cancel()
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	got, _ := os.ReadFile(p)
	if string(got) != "old\n" {
		t.Fatalf("old file replaced by %q", got)
	}
	if names := listDir(t, dir); len(names) != 1 {
		t.Fatalf("leftover files: %v", names)
	}
}

func TestCreateInMissingDir(t *testing.T) {
	_, err := Create(filepath.Join(t.TempDir(), "no", "such", "x.csv"))
	if err == nil {
		t.Fatal("want an error for a missing folder")
	}
}

// TestDeviceWrittenInPlace: -o /dev/null must not replace the device with a
// regular file (it once did).
func TestDeviceWrittenInPlace(t *testing.T) {
	if err := WriteBytes(os.DevNull, []byte("discard me\n")); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().IsRegular() {
		t.Fatalf("%s became a regular file", os.DevNull)
	}
	if _, err := Create(t.TempDir()); err == nil {
		t.Error("a folder as destination: want an error")
	}
}

// TestSymlinks: writing through a link writes the link's target
// (atomically, in the target's folder) and the link stays a link; a
// dangling link creates its target; relative links resolve from the link's
// folder; a link loop is an error naming the caller's path.
func TestSymlinks(t *testing.T) {
	dir := t.TempDir()
	other := filepath.Join(dir, "other")
	if err := os.Mkdir(other, 0o755); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(other, "target.csv")
	if err := os.WriteFile(target, []byte("old\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, link, dest string
	}{
		{"absolute", filepath.Join(dir, "abs.csv"), target},
		{"relative", filepath.Join(dir, "rel.csv"), filepath.Join("other", "target.csv")},
		{"dangling", filepath.Join(dir, "new.csv"), filepath.Join(other, "created.csv")},
		{"chain", filepath.Join(dir, "chain.csv"), filepath.Join(dir, "abs.csv")},
	}
	for _, tc := range cases {
		if err := os.Symlink(tc.dest, tc.link); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			body := "written via " + tc.name + "\n"
			if err := WriteBytes(tc.link, []byte(body)); err != nil {
				t.Fatal(err)
			}
			fi, err := os.Lstat(tc.link)
			if err != nil || fi.Mode()&os.ModeSymlink == 0 {
				t.Fatalf("%s is no longer a symbolic link (%v)", tc.link, err)
			}
			got, err := os.ReadFile(tc.link)
			if err != nil || string(got) != body {
				t.Fatalf("read back %q, %v", got, err)
			}
			// Nothing left behind in either folder.
			for _, d := range []string{dir, other} {
				ents, _ := os.ReadDir(d)
				for _, e := range ents {
					if strings.Contains(e.Name(), ".tmp-") {
						t.Errorf("temporary file %s left in %s", e.Name(), d)
					}
				}
			}
		})
	}
	// The target kept its permissions.
	if fi, _ := os.Stat(target); fi.Mode().Perm() != 0o600 {
		t.Errorf("target permissions %v, want 0600 kept", fi.Mode().Perm())
	}
	// A loop.
	loop := filepath.Join(dir, "loop.csv")
	if err := os.Symlink(loop, loop); err != nil {
		t.Fatal(err)
	}
	err := WriteBytes(loop, []byte("x"))
	if err == nil || !strings.Contains(err.Error(), loop) || strings.Contains(err.Error(), ".tmp-") {
		t.Errorf("loop: got %v", err)
	}
	// A link to a device is written in place and stays a link.
	dn := filepath.Join(dir, "null")
	if err := os.Symlink(os.DevNull, dn); err != nil {
		t.Fatal(err)
	}
	if err := WriteBytes(dn, []byte("gone")); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(dn); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("link to %s replaced", os.DevNull)
	}
}

// TestErrorsNameTheUserPath: a write into a missing or read-only folder
// names the caller's path, not the temporary file.
func TestErrorsNameTheUserPath(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "missing", "x.csv")
	err := WriteBytes(p, []byte("x"))
	if err == nil || !strings.Contains(err.Error(), p) || strings.Contains(err.Error(), ".tmp-") {
		t.Errorf("missing folder: %v", err)
	}
	if os.Getuid() != 0 {
		ro := filepath.Join(dir, "ro")
		os.Mkdir(ro, 0o555)
		p = filepath.Join(ro, "x.csv")
		err = WriteBytes(p, []byte("x"))
		if err == nil || !strings.Contains(err.Error(), p) || strings.Contains(err.Error(), ".tmp-") {
			t.Errorf("read-only folder: %v", err)
		}
	}
}
