package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// update rewrites the golden files under testdata/golden: go test ./cmd/gnssim -update
var update = flag.Bool("update", false, "rewrite golden files")

// runCLI runs gnssim in-process with in-memory streams.
func runCLI(t testing.TB, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), code
}

// golden compares got with testdata/golden/NAME, or rewrites it with -update.
func golden(t testing.TB, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/gnssim -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test ./cmd/gnssim -update to accept):\n%s", name, firstDiff(string(want), string(got)))
	}
}

func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + strconv.Itoa(i+1) + ":\n  want: " + w + "\n  got:  " + g
		}
	}
	return "(lengths differ)"
}

func TestHelpAndExitCodes(t *testing.T) {
	out, _, code := runCLI(t, "help")
	if code != exitOK || !strings.Contains(out, "compare") {
		t.Fatalf("help: code %d, out %q", code, out)
	}
	_, errs, code := runCLI(t, "no-such-command")
	if code != exitUsage || !strings.Contains(errs, "unknown command") {
		t.Fatalf("unknown command: code %d, stderr %q", code, errs)
	}
	_, _, code = runCLI(t)
	if code != exitUsage {
		t.Fatalf("no args: code %d", code)
	}
	out, _, code = runCLI(t, "version")
	if code != exitOK || !strings.HasPrefix(out, "gnssim ") {
		t.Fatalf("version: code %d, out %q", code, out)
	}
}
