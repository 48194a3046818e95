package main

// Tests of --isb-sigma (issue 10, "time interoperability in the clock
// model"): the inter-system-bias prior between --clock common and
// --clock per-system, in every DOP command, shards and scenarios.

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestISBSigmaLimits: a tiny σ gives the common clock's numbers, a huge σ
// the per-system clocks' (to the printed digit), and σ in between lies
// between them; the model is stated in the text and the JSON.
func TestISBSigmaLimits(t *testing.T) {
	base := append([]string{"compare", "--site", "beijing", "--site", "quito", "--format", "csv"}, short...)
	csvOf := func(extra ...string) string {
		out, _ := run1(t, append(append([]string{}, base...), extra...)...)
		return out
	}
	if got, want := csvOf("--isb-sigma", "1e-7"), csvOf("--clock", "common"); got != want {
		t.Errorf("σ 1e-7 ns differs from the common clock:\n%s\nwant\n%s", got, want)
	}
	if got, want := csvOf("--isb-sigma", "1e8"), csvOf(); got != want {
		t.Errorf("σ 1e8 ns differs from per-system clocks:\n%s\nwant\n%s", got, want)
	}
	// Mean PDOP of the combination: common ≤ prior ≤ per-system.
	pdop := func(extra ...string) float64 {
		_, rows := cmpReadCSV(t, csvOf(extra...))
		for _, r := range rows {
			if r["site"] == "beijing" && r["variant"] == "glonass+beidou" {
				return cmpNumber(t, r["mean_pdop"])
			}
		}
		t.Fatal("no combination row")
		return 0
	}
	c, p, s := pdop("--clock", "common"), pdop("--isb-sigma", "3"), pdop()
	if !(c <= p && p <= s) || c == s {
		t.Errorf("mean PDOP common %g, prior 3 ns %g, per-system %g: want common ≤ prior ≤ per-system", c, p, s)
	}
	text, _ := run1(t, append(append([]string{}, base[:5]...), append(short, "--isb-sigma", "2.5")...)...)
	if !strings.Contains(text, "per-system clocks, ISB prior σ 2.5 ns") {
		t.Errorf("the report does not state the prior:\n%s", text)
	}
	js, _ := run1(t, append(append([]string{}, base[:5]...), append(short, "--isb-sigma", "2.5", "--format", "json")...)...)
	var doc struct {
		Run struct {
			Clock      string
			ISBSigmaNS float64 `json:"isb_sigma_ns"`
		}
	}
	if err := json.Unmarshal([]byte(js), &doc); err != nil || doc.Run.Clock != "isb-prior" || doc.Run.ISBSigmaNS != 2.5 {
		t.Errorf("run = %+v (%v)", doc.Run, err)
	}
}

// TestISBSigmaRefused: contradictions and bad values are usage errors.
func TestISBSigmaRefused(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--isb-sigma", "5", "--clock", "common"}, "cannot go with --clock common"},
		{[]string{"--isb-sigma", "5", "--clock", "per-system"}, "cannot go with --clock per-system"},
		{[]string{"--clock", "isb-prior"}, "--clock isb-prior needs --isb-sigma"},
		{[]string{"--isb-sigma", "0"}, "want a σ in nanoseconds, > 0"},
		{[]string{"--isb-sigma", "-2"}, "want a σ in nanoseconds, > 0"},
		{[]string{"--isb-sigma", "NaN"}, "want a σ in nanoseconds, > 0"},
		{[]string{"--isb-sigma", "x"}, "isb-sigma"},
	} {
		for _, cmd := range []string{"compare", "dop", "coverage"} {
			args := append([]string{cmd, "--site", "beijing"}, c.args...)
			if cmd == "coverage" {
				args = append([]string{cmd, "--grid", "30"}, c.args...)
			}
			_, errs, code := runCLI(t, append(args, short...)...)
			if code != exitUsage || !strings.Contains(errs, c.want) {
				t.Errorf("%v: exit %d, want 2 with %q:\n%s", args, code, c.want, errs)
			}
		}
	}
	// --clock isb-prior with --isb-sigma is the same as --isb-sigma alone.
	a, _ := run1(t, append([]string{"dop", "--site", "beijing", "--isb-sigma", "4", "--clock", "isb-prior"}, short...)...)
	b, _ := run1(t, append([]string{"dop", "--site", "beijing", "--isb-sigma", "4"}, short...)...)
	if a != b {
		t.Error("--clock isb-prior --isb-sigma 4 differs from --isb-sigma 4")
	}
}

// TestISBSigmaShards: shards with a prior merge into the single run's
// bytes; shards with another σ are refused naming the field.
func TestISBSigmaShards(t *testing.T) {
	dir := t.TempDir()
	args := append([]string{"coverage", "--grid", "15", "--isb-sigma", "2"}, short...)
	single, _ := run1(t, args...)
	var shards []string
	for i, spec := range []string{"0/2", "1/2"} {
		p := filepath.Join(dir, spec[:1]+".json")
		extra := []string{"--shard", spec, "-o", p}
		if i == 1 {
			other := filepath.Join(dir, "other.json")
			run1(t, append(append(append([]string{}, args[:3]...), "--isb-sigma", "3"), append(short, "--shard", spec, "-o", other)...)...)
			_, errs, code := runCLI(t, "merge", shards[0], other)
			if code == exitOK || !strings.Contains(errs, "--isb-sigma") {
				t.Errorf("shards with σ 2 and 3 ns merged (exit %d):\n%s", code, errs)
			}
		}
		run1(t, append(append([]string{}, args...), extra...)...)
		shards = append(shards, p)
	}
	merged, _ := run1(t, append([]string{"merge"}, shards...)...)
	if merged != single {
		t.Errorf("merged shards differ from the single run:\n%.400s\nwant\n%.400s", merged, single)
	}
}

// TestISBSigmaScenario: isb_sigma_ns: in a scenario runs the prior in
// every step (its dop.csv is the command line's) and refuses clock: beside
// it.
func TestISBSigmaScenario(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "s.yaml")
	scnWriteFile(t, src, "sites: [beijing]\nstart: 2026-03-19T00:00:00Z\nduration: 1h\nstep: 30m\nisb_sigma_ns: 2.5\noutputs: [dop_csv, summary]\n")
	out := filepath.Join(dir, "out")
	if _, errs, code := runCLI(t, "run", src, "--out", out); code != exitOK {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	want, _ := run1(t, "dop", "--site", "beijing", "--start", "2026-03-19T00:00:00Z", "--duration", "1h", "--step", "30m", "--isb-sigma", "2.5", "--format", "csv")
	if got := scnReadString(t, filepath.Join(out, "dop.csv")); got != want {
		t.Errorf("dop.csv differs from gnssim dop --isb-sigma 2.5")
	}
	if sum := scnReadString(t, filepath.Join(out, "summary.md")); !strings.Contains(sum, "inter-system-bias prior of σ 2.5 ns") {
		t.Errorf("summary.md does not state the prior:\n%s", sum)
	}
	scnWriteFile(t, src, "sites: [beijing]\nclock: common\nisb_sigma_ns: 2.5\n")
	if _, errs, code := runCLI(t, "run", src); code == exitOK || !strings.Contains(errs, "s.yaml:2: field clock: isb_sigma_ns:") {
		t.Errorf("clock: with isb_sigma_ns: exit %d\n%s", code, errs)
	}
	os.Remove(src)
}
