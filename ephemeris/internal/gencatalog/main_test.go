package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const prnDir = "../../../testdata/prn"

// The committed ephemeris/catalog_table.go is what the generator makes of
// testdata/prn now.
func TestGeneratedTableUpToDate(t *testing.T) {
	got, err := generate(prnDir)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../../catalog_table.go")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(got, want) {
		return
	}
	gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(gl) || i < len(wl); i++ {
		var g, w string
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w {
			t.Fatalf("catalog_table.go is stale (run `go generate ./ephemeris`); first difference at line %d:\n generated: %s\n committed: %s", i+1, g, w)
		}
	}
}

func TestGeneratedHeader(t *testing.T) {
	got, err := generate(prnDir)
	if err != nil {
		t.Fatal(err)
	}
	// The form `go` tools recognise (https://go.dev/s/generatedcode).
	first, _, _ := strings.Cut(string(got), "\n")
	if !strings.HasPrefix(first, "// Code generated ") || !strings.HasSuffix(first, " DO NOT EDIT.") {
		t.Errorf("header %q", first)
	}
}

// copyPRN copies the real tables into a temporary directory, applying edit
// to the named file.
func copyPRN(t *testing.T, file string, edit func(string) string) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir(prnDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(prnDir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		s := string(data)
		if e.Name() == file {
			edited := edit(s)
			if edited == s {
				t.Fatalf("edit of %s changed nothing", file)
			}
			s = edited
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// Bad or inconsistent tables give an error naming the problem, no panic and
// no output.
func TestGenerateRejectsBadTables(t *testing.T) {
	replace := func(old, new string) func(string) string {
		return func(s string) string { return strings.Replace(s, old, new, 1) }
	}
	tests := []struct {
		name, file string
		edit       func(string) string
		wantErr    string
	}{
		{"missing file", "glonass_satellites.csv", func(string) string { return "" }, "glonass_satellites.csv"},
		{"missing column", "beidou_by_snapshot.csv", replace("orbit_type", "orbit"), `missing column "orbit_type"`},
		{"bad channel", "glonass_slot_channel.csv", replace("R07,1,5,1604.8125", "R07,1,4,1604.8125"), "L1_MHz"},
		{"channel disagrees", "glonass_by_snapshot.csv", replace("2022-02-04,32275,COSMOS 2433 (720),720,R19,3", "2022-02-04,32275,COSMOS 2433 (720),720,R19,2"), "disagrees"},
		{"bad confidence", "beidou_by_snapshot.csv", replace(",high,", ",certain,"), "bad confidence"},
		{"bad orbit", "beidou_by_snapshot.csv", replace(",MEO,", ",LEO,"), "bad orbit type"},
		{"bad PRN", "beidou_by_snapshot.csv", replace(",C06,", ",C6,"), "bad slot/PRN"},
		{"PRN out of range", "glonass_by_snapshot.csv", replace(",R19,3,", ",R29,3,"), "out of range"},
		{"bad date", "glonass_by_snapshot.csv", replace("2024-07-16,32275", "2024-13-16,32275"), "bad date"},
		{"duplicate row", "glonass_by_snapshot.csv", replace("2022-02-04,32276,", "2022-02-04,32275,"), "twice"},
		{"unmatched observation", "glonass_satellites.csv", replace("R20@2025-08", "R20@2025-09"), "no accepted row"},
		{"bad observation", "glonass_satellites.csv", replace("R20@2025-08", "R20-2025-08"), "bad broadcast observation"},
		{"cross-check", "glonass_satellites.csv", replace("R13,high,R13,high,R13,high", "R13,high,R13,high,R12,high"), "disagree"},
		{"two satellites on one PRN", "beidou_by_snapshot.csv",
			replace("2026-03-18,38250,BEIDOU-2 M3,C11,", "2026-03-18,38250,BEIDOU-2 M3,C12,"), "C12 held by NORAD"},
		{"not CSV", "beidou_satellites.csv", func(s string) string { return "a,\"b\n" + s }, "beidou_satellites.csv"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyPRN(t, tc.file, tc.edit)
			if tc.name == "missing file" {
				os.Remove(filepath.Join(dir, tc.file))
			}
			src, err := generate(dir)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) || src != nil {
				t.Fatalf("got error %v (output %d bytes), want one containing %q", err, len(src), tc.wantErr)
			}
		})
	}
}
