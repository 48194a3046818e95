package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestMergeRefuses checks that merge refuses shard sets that do not belong
// together and says which file and which field.
func TestMergeRefuses(t *testing.T) {
	dir := t.TempDir()
	shard := func(name, spec string, extra ...string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		covRunOK(t, covArgs(append(extra, "--shard", spec, "-o", p)...)...)
		return p
	}
	s0, s1, s2 := shard("s0.json", "0/3"), shard("s1.json", "1/3"), shard("s2.json", "2/3")
	// The base set merges.
	covRunOK(t, "merge", s0, s1, s2)

	tle2024, _ := filepath.Glob("../../testdata/tle/2024-07-16/*.tle")
	var tleArgs []string
	for _, f := range tle2024 {
		tleArgs = append(tleArgs, "--tle", f)
	}
	edit := func(src, name, from, to string) string {
		t.Helper()
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), from) {
			t.Fatalf("%s not found in %s", from, src)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(strings.Replace(string(data), from, to, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// Element sets with the same file name but different contents (one
	// satellite fewer in shard 1): the sources agree, the digest does not.
	glonass, err := os.ReadFile("../../testdata/tle/2024-07-16/glonass.tle")
	if err != nil {
		t.Fatal(err)
	}
	tleFile := filepath.Join(dir, "glonass.tle")
	tleShard := func(name, spec, contents string) string {
		t.Helper()
		if err := os.WriteFile(tleFile, []byte(contents), 0o644); err != nil {
			t.Fatal(err)
		}
		return shard(name, spec, "--tle", tleFile, "--systems", "glonass", "--start", "2024-07-16T00:00:00Z")
	}
	g0 := tleShard("g0.json", "0/3", string(glonass))
	g2 := tleShard("g2.json", "2/3", string(glonass))
	lines := strings.Split(strings.TrimSpace(string(glonass)), "\n")
	g1 := tleShard("g1.json", "1/3", strings.Join(lines[:len(lines)-3], "\n")+"\n")

	truncated := filepath.Join(dir, "truncated.json")
	whole, _ := os.ReadFile(s1)
	os.WriteFile(truncated, whole[:len(whole)/2], 0o644)
	notShard := filepath.Join(dir, "coverage.csv")
	os.WriteFile(notShard, []byte(covRunOK(t, covArgs()...)), 0o644)
	empty := filepath.Join(dir, "empty.json")
	os.WriteFile(empty, nil, 0o644)

	cases := []struct {
		name  string
		files []string
		want  []string
	}{
		{"element sets", []string{s0, shard("tle.json", "1/3", append(tleArgs, "--start", "2026-03-18T00:00:00Z", "--force")...), s2},
			[]string{"tle.json does not belong with", "s0.json", "element-set sources (--tle)"}},
		{"element-set contents", []string{g0, g1, g2},
			[]string{"g1.json does not belong with", "g0.json", "element-set digest"}},
		{"grid", []string{s0, shard("grid.json", "1/3", "--grid", "15"), s2}, []string{"grid.json", "grid cell size (--grid)", "--grid) 15, not 30"}},
		{"region", []string{s0, shard("region.json", "1/3", "--region", "-90,90,-180,150"), s2}, []string{"region.json", "grid region"}},
		{"period start", []string{s0, shard("start.json", "1/3", "--start", "2026-03-18T01:00:00Z"), s2}, []string{"start.json", "period start"}},
		{"period length", []string{s0, shard("duration.json", "1/3", "--duration", "90m"), s2}, []string{"duration.json", "number of epochs"}},
		{"step", []string{s0, shard("step.json", "1/3", "--duration", "4h", "--step", "1h"), s2}, []string{"step.json", "period step"}},
		{"mask", []string{s0, shard("mask.json", "1/3", "--mask", "5"), s2}, []string{"mask.json", "mask (--mask/--mask-file)"}},
		{"clock", []string{s0, shard("clock.json", "1/3", "--clock", "common"), s2}, []string{"clock.json", "clock model"}},
		{"weighting", []string{s0, shard("weighting.json", "1/3", "--weighting", "elevation"), s2}, []string{"weighting.json", "weighting"}},
		{"pdop-max", []string{s0, shard("pdop.json", "1/3", "--pdop-max", "3"), s2}, []string{"pdop.json", "--pdop-max"}},
		{"systems", []string{s0, shard("systems.json", "1/3", "--systems", "beidou,glonass"), s2}, []string{"systems.json", "systems (--systems)"}},
		{"non-operational", []string{s0, shard("nonop.json", "1/3", "--include-nonoperational"), s2}, []string{"nonop.json", "--include-nonoperational true, not false"}},
		{"version", []string{s0, edit(s1, "version.json", `"gnssim_version": "`+version+`"`, `"gnssim_version": "0.0.1"`), s2},
			[]string{"version.json", "gnssim version", `"0.0.1", not "` + version + `"`}},
		{"shard count", []string{s0, shard("count.json", "1/4"), s2}, []string{"count.json", "shard count N"}},
		{"missing", []string{s0, s2}, []string{"shard index 1 is missing", "2 of the 3"}},
		{"missing several", []string{s2}, []string{"shard indexes 0, 1 are missing"}},
		{"duplicated", []string{s0, s1, shard("s1-retry-elsewhere.json", "1/3"), s2}, []string{"shard 1/3 is duplicated", "s1.json", "s1-retry-elsewhere.json"}},
		{"same file twice", []string{s0, s1, s1, s2}, []string{"shard 1/3 is given twice"}},
		{"truncated", []string{s0, truncated, s2}, []string{"truncated.json: not a complete gnssim coverage shard (truncated)"}},
		{"not a shard", []string{s0, notShard, s2}, []string{"coverage.csv: not a complete gnssim coverage shard"}},
		{"empty file", []string{empty}, []string{"empty.json", "empty file"}},
		{"missing file", []string{s0, filepath.Join(dir, "nope.json"), s2}, []string{"nope.json"}},
		{"no match", []string{filepath.Join(dir, "nothing-*.json")}, []string{"no shard files match"}},
		{"damaged counts", []string{s0, edit(s1, "damaged.json", `"pdop_epochs": [5,`, `"pdop_epochs": [4,`), s2}, []string{"damaged.json", "damaged shard"}},
		{"damaged rows", []string{s0, edit(s1, "rows.json", `"row_end": 4`, `"row_end": 5`), s2}, []string{"rows.json", "damaged shard"}},
		{"format version", []string{s0, edit(s1, "v3.json", `"format_version": 2`, `"format_version": 3`), s2}, []string{"v3.json", "format version 3"}},
	}
	for _, c := range cases {
		_, errs, code := runCLI(t, append([]string{"merge"}, c.files...)...)
		if code != exitRuntime {
			t.Errorf("%s: exit %d, want 1 (stderr %q)", c.name, code, errs)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(errs, w) {
				t.Errorf("%s: stderr %q does not say %q", c.name, errs, w)
			}
		}
		if n := strings.Count(strings.TrimSpace(errs), "\n"); n > 1 {
			t.Errorf("%s: %d-line error:\n%s", c.name, n+1, errs)
		}
	}
	// A complete set written by another gnssim version is refused too: the
	// output would not be the one this version writes.
	var other []string
	for i, s := range []string{s0, s1, s2} {
		other = append(other, edit(s, "other-"+strconv.Itoa(i)+".json", `"gnssim_version": "`+version+`"`, `"gnssim_version": "9.9.9"`))
	}
	if _, errs, code := runCLI(t, append([]string{"merge"}, other...)...); code != exitRuntime || !strings.Contains(errs, "written by gnssim 9.9.9, this is gnssim "+version) {
		t.Errorf("shards of another version: exit %d, stderr %q", code, errs)
	}
	// Usage errors: exit 2.
	for _, args := range [][]string{{"merge"}, {"merge", s0, "--format", "xml"}, {"merge", s0, s1, s2, "--plot", "x.gif"}, {"merge", "--bogus"}} {
		if _, errs, code := runCLI(t, args...); code != exitUsage {
			t.Errorf("%s: exit %d, want 2 (%s)", strings.Join(args, " "), code, errs)
		}
	}
	if _, _, code := runCLI(t, "merge", "--help"); code != exitOK {
		t.Errorf("merge --help: exit %d", code)
	}
}
