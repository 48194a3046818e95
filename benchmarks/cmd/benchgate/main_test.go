package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The recorded outputs of compare.sh live with the library.
var td = filepath.Join("..", "..", "internal", "benchgate", "testdata")

const ciGate = `^Benchmark(SGP4/impl=gnssim|SGP4/impl=gnssim-batch/workers=1|Coverage/grid=2deg/span=24h/step=5m|SiteDOP|ARAIM(/.*)?)$`

func runArgs(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb strings.Builder
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// TestCompareExitCodes is the gate's self-check on recorded text: a
// deliberately slowed build exits 1 with a readable table, equal runs exit
// 0, and the benchstat cross-check agrees on both.
func TestCompareExitCodes(t *testing.T) {
	for _, tc := range []struct {
		dir  string
		want int
		says []string
	}{
		{"slowed", 1, []string{"| SGP4/impl=gnssim-2 |", "REGRESSION", "**FAIL**: significant slowdown beyond 15%", "agree on all 5 rows"}},
		{"equal", 0, []string{"Regression gate: **pass**", "agree on all 5 rows"}},
	} {
		d := filepath.Join(td, tc.dir)
		report := filepath.Join(t.TempDir(), "compare.md")
		code, out, errs := runArgs(t, "compare", "-gate", ciGate, "-benchstat-csv", filepath.Join(d, "benchstat.csv"), "-o", report,
			filepath.Join(d, "old.txt"), filepath.Join(d, "new.txt"))
		if code != tc.want {
			t.Errorf("%s: exit %d, want %d\n%s%s", tc.dir, code, tc.want, out, errs)
		}
		for _, s := range tc.says {
			if !strings.Contains(out, s) {
				t.Errorf("%s: output lacks %q:\n%s", tc.dir, s, out)
			}
		}
		if b, err := os.ReadFile(report); err != nil || string(b) != out {
			t.Errorf("%s: -o file differs from stdout (%v)", tc.dir, err)
		}
	}
	// With the confirmation run the failure stands.
	d := filepath.Join(td, "slowed")
	code, out, _ := runArgs(t, "compare", "-gate", ciGate, filepath.Join(d, "old.txt"), filepath.Join(d, "new.txt"),
		filepath.Join(d, "confirm", "old.txt"), filepath.Join(d, "confirm", "new.txt"))
	if code != 1 || !strings.Contains(out, "confirmed by a second run") {
		t.Errorf("slowed + confirmation: exit %d\n%s", code, out)
	}
	// A higher threshold lets the 2× slowdown through.
	if code, out, _ := runArgs(t, "compare", "-threshold", "1.5", filepath.Join(d, "old.txt"), filepath.Join(d, "new.txt")); code != 0 {
		t.Errorf("-threshold 1.5: exit %d\n%s", code, out)
	}
}

func TestRatiosExitCodes(t *testing.T) {
	d := filepath.Join(td, "equal")
	code, out, errs := runArgs(t, "ratios", "-default", filepath.Join(d, "new.txt"), "-purego", filepath.Join(d, "purego.txt"))
	if code != 0 || !strings.Contains(out, "Ratio gates: **pass**") || !strings.Contains(out, "skipped (no ARAIM/impl=slow") {
		t.Errorf("exit %d\n%s%s", code, out, errs)
	}
	// The purego output given as the default build: the AVX ratio is 1.
	code, out, _ = runArgs(t, "ratios", "-default", filepath.Join(d, "purego.txt"), "-purego", filepath.Join(d, "purego.txt"), "-skip", "sgp4=not in this file")
	if code != 1 || !strings.Contains(out, "**FAIL**: Coverage") {
		t.Errorf("AVX ratio 1: exit %d\n%s", code, out)
	}
}

func TestRatiosConfirmation(t *testing.T) {
	s, e := filepath.Join(td, "slowed"), filepath.Join(td, "equal")
	code, out, _ := runArgs(t, "ratios", "-default", filepath.Join(s, "new.txt"), "-purego", filepath.Join(s, "purego.txt"),
		"-confirm-default", filepath.Join(s, "confirm", "new.txt"), "-confirm-purego", filepath.Join(s, "confirm", "purego.txt"))
	if code != 1 || !strings.Contains(out, "**FAIL**: a ratio gate failed in both runs") {
		t.Errorf("slowed, confirmed: exit %d\n%s", code, out)
	}
	code, out, _ = runArgs(t, "ratios", "-default", filepath.Join(s, "new.txt"), "-purego", filepath.Join(s, "purego.txt"),
		"-confirm-default", filepath.Join(e, "new.txt"), "-confirm-purego", filepath.Join(e, "purego.txt"))
	if code != 0 || !strings.Contains(out, "Not confirmed by the second run (noise): SGP4") {
		t.Errorf("slowed, not confirmed: exit %d\n%s", code, out)
	}
}

func TestUsageErrors(t *testing.T) {
	d := filepath.Join(td, "equal")
	for _, args := range [][]string{
		nil,
		{"nope"},
		{"compare", filepath.Join(d, "old.txt")},
		{"compare", "-gate", "(", filepath.Join(d, "old.txt"), filepath.Join(d, "new.txt")},
		{"compare", filepath.Join(d, "missing.txt"), filepath.Join(d, "new.txt")},
		{"ratios"},
		{"ratios", "-default", filepath.Join(d, "new.txt"), "-skip", "nosuchgate=x"},
	} {
		if code, out, errs := runArgs(t, args...); code != 2 {
			t.Errorf("%q: exit %d, want 2\n%s%s", args, code, out, errs)
		}
	}
}
