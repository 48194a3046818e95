package main

// Tests of the behaviours a new user tripped over (issue "One house"), and
// of the output rules every command follows: -o - and /dev/stdout are
// standard output, symbolic links are written through, the format comes
// from the file name, a table never goes to a figure's name, every path is
// checked before any work, --precision full gives round-trip numbers.

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/job"
	"github.com/gnssim/gnssim/cmd/gnssim/internal/scenario"
	"github.com/gnssim/gnssim/orbit"
	"time"
)

// short is a small period that every command below runs quickly.
var short = []string{"--start", "2026-03-19T00:00:00Z", "--duration", "1h", "--step", "30m"}

// tableCommands are the commands that write a table, with the arguments
// they need besides -o and --format.
var tableCommands = map[string][]string{
	"compare":     append([]string{"compare", "--site", "beijing"}, short...),
	"dop":         append([]string{"dop", "--site", "beijing"}, short...),
	"coverage":    append([]string{"coverage", "--grid", "30"}, short...),
	"skyplot":     append([]string{"skyplot", "--site", "beijing"}, short...),
	"groundtrack": append([]string{"groundtrack"}, short...),
	"propagate":   append([]string{"propagate", "--systems", "glonass"}, short...),
	"catalog":     {"catalog"},
}

func run1(t *testing.T, args ...string) (string, string) {
	t.Helper()
	out, errs, code := runCLI(t, args...)
	if code != exitOK {
		t.Fatalf("gnssim %s: exit %d\n%s", strings.Join(args, " "), code, errs)
	}
	return out, errs
}

// TestStdoutNames: -o - and -o /dev/stdout write to standard output in every
// command (they used to create a file named "-"), and produce the same bytes
// as no -o.
func TestStdoutNames(t *testing.T) {
	dir := t.TempDir()
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	for name, args := range tableCommands {
		args := append(append([]string{}, args...), "--format", "csv")
		if name == "skyplot" || name == "groundtrack" {
			args = append(args, "--format", "csv")
		}
		plain, _ := run1(t, args...)
		for _, o := range []string{"-", "/dev/stdout"} {
			got, _ := run1(t, append(args, "-o", o)...)
			if got != plain || plain == "" {
				t.Errorf("%s -o %s: %d bytes on stdout, want the %d of no -o", name, o, len(got), len(plain))
			}
		}
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("files created: %v", ents)
	}
	if fi, err := os.Lstat("/dev/stdout"); err == nil && fi.Mode()&os.ModeSymlink == 0 && fi.Mode().IsRegular() {
		t.Error("/dev/stdout became a regular file")
	}
}

// TestFormatFromName: without --format the table's format follows the -o
// name (.csv, .json, .txt) in every command; a table is never written to a
// figure's name.
func TestFormatFromName(t *testing.T) {
	dir := t.TempDir()
	for name, args := range tableCommands {
		for ext, check := range map[string]func(string) bool{
			".csv": func(s string) bool {
				r, err := csv.NewReader(strings.NewReader(s)).ReadAll()
				return err == nil && len(r) > 1
			},
			".json": func(s string) bool { return strings.HasPrefix(s, "{") && strings.Contains(s, `"run"`) },
			".txt":  func(s string) bool { return !strings.HasPrefix(s, "{") && strings.Contains(s, "  ") },
		} {
			p := filepath.Join(dir, name+ext)
			run1(t, append(append([]string{}, args...), "-o", p)...)
			b, _ := os.ReadFile(p)
			if !check(string(b)) {
				t.Errorf("%s -o %s: not %s:\n%.300s", name, filepath.Base(p), ext, b)
			}
		}
		for _, bad := range []string{"x.png", "x.svg"} {
			_, errs, code := runCLI(t, append(append([]string{}, args...), "-o", filepath.Join(dir, bad), "--format", "csv")...)
			if code != exitUsage || !strings.Contains(errs, "a table cannot be written to a") {
				t.Errorf("%s -o %s: exit %d, %q", name, bad, code, errs)
			}
		}
	}
}

// TestSymlinkOutputs: -o LINK writes the link's target (atomically, in the
// target's folder) and the link stays a link, for tables and figures.
func TestSymlinkOutputs(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "data", "real.csv")
	os.MkdirAll(filepath.Dir(target), 0o755)
	os.WriteFile(target, []byte("old"), 0o644)
	link := filepath.Join(dir, "link.csv")
	os.Symlink(filepath.Join("data", "real.csv"), link)
	plotTarget := filepath.Join(dir, "data", "sky.svg")
	plotLink := filepath.Join(dir, "sky.svg")
	os.Symlink(plotTarget, plotLink) // dangling: the target is created
	run1(t, append(tableCommands["skyplot"], "-o", link, "--plot", plotLink)...)
	for _, l := range []string{link, plotLink} {
		if fi, err := os.Lstat(l); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Errorf("%s is no longer a link", l)
		}
	}
	if b, _ := os.ReadFile(target); !bytes.HasPrefix(b, []byte("prn,system,time_utc")) {
		t.Errorf("the link's target holds %.60q", b)
	}
	if b, _ := os.ReadFile(plotTarget); !bytes.Contains(b, []byte("<svg")) {
		t.Error("the dangling link's target was not created")
	}
}

// TestOutputsCheckedFirst: a missing or read-only folder, a folder for a
// file, the same file twice (also through a link) are refused before any
// work, naming the user's path and never a temporary file.
func TestOutputsCheckedFirst(t *testing.T) {
	dir := t.TempDir()
	same := filepath.Join(dir, "same.svg")
	alias := filepath.Join(dir, "alias.csv") // a table name that links to the figure's file
	os.Symlink(same, alias)
	dopAlias := filepath.Join(dir, "dop.csv")
	os.Symlink(filepath.Join(dir, "d-x.svg"), dopAlias)
	cases := []struct {
		args []string
		code int
		want string
	}{
		{append(tableCommands["dop"], "-o", filepath.Join(dir, "nope", "x.csv")), exitRuntime, filepath.Join(dir, "nope", "x.csv") + ": folder"},
		{append(tableCommands["dop"], "-o", dir), exitRuntime, "is a folder"},
		{append(tableCommands["skyplot"], "--plot", same, "-o", same, "--format", "csv"), exitUsage, "a table cannot be written to a SVG file"},
		{append(tableCommands["skyplot"], "--plot", same, "-o", alias, "--format", "csv"), exitUsage, "are the same output"},
		{append(tableCommands["coverage"], "--plot", same, "-o", alias), exitUsage, "are the same output"},
		{append(tableCommands["dop"], "--site", "x=1,2", "--plot", filepath.Join(dir, "d.svg"), "-o", dopAlias), exitUsage, "are the same output"},
	}
	if os.Getuid() != 0 {
		ro := filepath.Join(dir, "ro")
		os.Mkdir(ro, 0o555)
		cases = append(cases, struct {
			args []string
			code int
			want string
		}{append(tableCommands["dop"], "-o", filepath.Join(ro, "x.csv")), exitRuntime, "cannot write there"})
	}
	for _, c := range cases {
		_, errs, code := runCLI(t, c.args...)
		if code != c.code || !strings.Contains(errs, c.want) || strings.Contains(errs, ".tmp-") {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, errs, c.code, c.want)
		}
	}
}

// TestPrecisionFull: --precision full gives numbers that parse back to the
// engine's float64 (more digits than the fixed 3 decimals), in every table
// command that prints computed numbers.
func TestPrecisionFull(t *testing.T) {
	for _, name := range []string{"compare", "dop", "coverage", "skyplot", "groundtrack", "propagate"} {
		args := append(append([]string{}, tableCommands[name]...), "--format", "csv")
		fixed, _ := run1(t, args...)
		full, _ := run1(t, append(args, "--precision", "full")...)
		if fixed == full {
			t.Errorf("%s: --precision full changed nothing", name)
		}
		if !regexp.MustCompile(`\.\d{9,}`).MatchString(full) {
			t.Errorf("%s: no round-trip numbers in --precision full:\n%.400s", name, full)
		}
		fr, _ := csv.NewReader(strings.NewReader(fixed)).ReadAll()
		ur, _ := csv.NewReader(strings.NewReader(full)).ReadAll()
		if len(fr) != len(ur) {
			t.Fatalf("%s: %d rows fixed, %d full", name, len(fr), len(ur))
		}
		// The fixed numbers are the full ones rounded.
		for i := 1; i < len(fr); i++ {
			for k := range fr[i] {
				a, errA := strconv.ParseFloat(fr[i][k], 64)
				b, errB := strconv.ParseFloat(ur[i][k], 64)
				if errA != nil || errB != nil || a == b {
					continue
				}
				dec := 0
				if j := strings.IndexByte(fr[i][k], '.'); j >= 0 {
					dec = len(fr[i][k]) - j - 1
				}
				if d := a - b; d > 0.5001*pow10(-dec) || d < -0.5001*pow10(-dec) {
					t.Fatalf("%s row %d col %d: fixed %s is not full %s rounded", name, i, k, fr[i][k], ur[i][k])
				}
			}
		}
	}
}

func pow10(n int) float64 {
	v := 1.0
	for ; n < 0; n++ {
		v /= 10
	}
	return v
}

// TestSystemsAllAndCaseInsensitiveEnums: --systems all works in every
// command; enumerated values are case-insensitive everywhere.
func TestSystemsAllAndCaseInsensitiveEnums(t *testing.T) {
	for name, args := range tableCommands {
		run1(t, append(append([]string{}, args...), "--systems", "ALL", "--format", "CSV")...)
		_ = name
	}
	run1(t, append(tableCommands["propagate"], "--frame", "ECEF", "--propagator", "GNSSIM", "--precision", "FULL", "--format", "Json")...)
	run1(t, append(tableCommands["coverage"], "--clock", "COMMON", "--weighting", "Elevation", "--plot", filepath.Join(t.TempDir(), "m.svg"), "--plot-quantity", "MEAN_PDOP")...)
}

// TestStartForms: --start takes every RFC 3339 UTC form: a leap second,
// lower-case t and z, fractions, an offset (converted to UTC).
func TestStartForms(t *testing.T) {
	base, _ := run1(t, "dop", "--site", "beijing", "--start", "2026-03-19T00:00:00Z", "--duration", "30m", "--step", "30m")
	for _, s := range []string{"2026-03-18T23:59:60Z", "2026-03-19t00:00:00z", "2026-03-19T03:00:00+03:00", "2026-03-19T00:00:00.000Z", "2026-03-19"} {
		got, _ := run1(t, "dop", "--site", "beijing", "--start", s, "--duration", "30m", "--step", "30m")
		if got != base {
			t.Errorf("--start %s: not the same period as 2026-03-19T00:00:00Z", s)
		}
	}
	if _, errs, code := runCLI(t, "dop", "--site", "beijing", "--start", "2026-03-19T12:30:60Z"); code != exitUsage || !strings.Contains(errs, "--start") {
		t.Errorf("a leap second not at the end of a day: exit %d %q", code, errs)
	}
}

// TestHelpStatesLimits: the enforced limits are in --help.
func TestHelpStatesLimits(t *testing.T) {
	for _, cmd := range []string{"dop", "compare", "skyplot", "coverage"} {
		out, _ := run1(t, cmd, "--help")
		for _, w := range []string{"0 ≤ mask < 90", "10 000 000 epochs"} {
			if !strings.Contains(out, w) {
				t.Errorf("%s --help does not state %q", cmd, w)
			}
		}
		if cmd != "coverage" && !strings.Contains(out, "height -1000 to 100000") {
			t.Errorf("%s --help does not state the height range", cmd)
		}
	}
}

// TestMaskFileForms: a mask file with a UTF-8 byte-order mark, CRLF lines
// and a closing 360° line reads as the same mask without them.
func TestMaskFileForms(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "plain.txt")
	os.WriteFile(plain, []byte("0 5\n90 20\n180 5\n270 20\n"), 0o644)
	fancy := filepath.Join(dir, "fancy.txt")
	os.WriteFile(fancy, []byte("\ufeff# horizon\r\n0 5\r\n90 20\r\n180 5\r\n270 20\r\n360 5\r\n"), 0o644)
	a, _ := run1(t, append(tableCommands["dop"], "--mask-file", plain)...)
	b, _ := run1(t, append(tableCommands["dop"], "--mask-file", fancy)...)
	if a != b {
		t.Error("BOM/CRLF/360 mask differs from the plain one")
	}
	bad := filepath.Join(dir, "bad.txt")
	os.WriteFile(bad, []byte("0 5\n180 10\n360 7\n"), 0o644)
	if _, errs, code := runCLI(t, append(tableCommands["dop"], "--mask-file", bad)...); code != exitRuntime || !strings.Contains(errs, "bad.txt:3: the 360° point") {
		t.Errorf("a 360 line that does not close: exit %d %q", code, errs)
	}
}

// TestVersionArg: a stray argument of version is a usage error.
func TestVersionArg(t *testing.T) {
	if _, errs, code := runCLI(t, "version", "extra"); code != exitUsage || !strings.Contains(errs, "no arguments") {
		t.Errorf("version extra: exit %d %q", code, errs)
	}
}

// TestAntimeridianRegions: regions across the antimeridian are computed
// and drawn (coverage --plot, merge --plot, groundtrack --region, compare
// --out), labelled with longitudes in the documented range.
func TestAntimeridianRegions(t *testing.T) {
	dir := t.TempDir()
	cov := append(append([]string{}, tableCommands["coverage"]...), "--region", "-30,60,120,240")
	out, _ := run1(t, append(cov, "--plot", filepath.Join(dir, "pac.svg"))...)
	for _, line := range strings.Split(strings.TrimSpace(out), "\n")[1:] {
		lon, _ := strconv.ParseFloat(strings.Split(line, ",")[1], 64)
		if lon < -180 || lon >= 180 {
			t.Fatalf("longitude %v outside [-180, 180): %s", lon, line)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "pac.svg")); !bytes.Contains(b, []byte("<svg")) {
		t.Error("no map across the antimeridian")
	}
	for i := 0; i < 2; i++ {
		run1(t, append(cov, "--shard", strconv.Itoa(i)+"/2", "-o", filepath.Join(dir, "s"+strconv.Itoa(i)+".json"))...)
	}
	merged, _ := run1(t, "merge", filepath.Join(dir, "s0.json"), filepath.Join(dir, "s1.json"), "--plot", filepath.Join(dir, "merged.svg"))
	if merged != out {
		t.Error("merged shards differ from the single run")
	}
	a, _ := os.ReadFile(filepath.Join(dir, "pac.svg"))
	b, _ := os.ReadFile(filepath.Join(dir, "merged.svg"))
	if !bytes.Equal(a, b) {
		t.Error("merged map differs from the single run's")
	}
	run1(t, append(tableCommands["groundtrack"], "--region", "-60,60,100,260", "--plot", filepath.Join(dir, "gt.png"))...)
	rep, _ := run1(t, append([]string{"compare", "--region", "-90,90,0,360", "--grid", "30", "--out", filepath.Join(dir, "world")}, short...)...)
	if !strings.Contains(rep, "all longitudes from 0° eastward") || strings.Contains(rep, "0°E to 0°E") {
		t.Errorf("region label:\n%s", rep)
	}
	rep, _ = run1(t, append([]string{"compare", "--region", "-40,60,120,240", "--grid", "10"}, short...)...)
	if !strings.Contains(rep, "120°E to 120°W") {
		t.Errorf("region label:\n%s", rep)
	}
}

// TestMapTitlesStateModel: a map's title says the clock model and the
// weighting.
func TestMapTitlesStateModel(t *testing.T) {
	p := filepath.Join(t.TempDir(), "m.svg")
	run1(t, append(tableCommands["coverage"], "--clock", "common", "--weighting", "elevation", "--plot", p)...)
	b, _ := os.ReadFile(p)
	if !bytes.Contains(b, []byte("common clock, elevation weighting")) {
		t.Error("the map's title does not state the clock model and the weighting")
	}
}

// TestOneFileNameRule: dop --plot, compare --out and the scenarios name a
// site's files by the same rule (job.FileKey).
func TestOneFileNameRule(t *testing.T) {
	dir := t.TempDir()
	site := "Base Camp/Ñ=-77.85,166.67"
	key := job.FileKey("Base Camp/Ñ")
	run1(t, append([]string{"dop", "--site", site, "--site", "beijing", "--plot", filepath.Join(dir, "dop.svg"), "-o", filepath.Join(dir, "d.csv")}, short...)...)
	run1(t, append([]string{"compare", "--site", site, "--out", filepath.Join(dir, "cmp")}, short...)...)
	for _, f := range []string{"dop-" + key + ".svg", filepath.Join("cmp", "dop-"+key+".csv"), filepath.Join("cmp", "skyplot-"+key+".png")} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	s, err := scenario.Parse("s.yaml", []byte("sites: [{name: Base Camp, lat_deg: -77.85, lon_deg: 166.67}]\n"))
	if err != nil {
		t.Fatal(err)
	}
	s.Out = "out"
	found := false
	for _, st := range s.Plan(periodOf(t)) {
		for _, a := range st.Job.Args(periodOf(t)) {
			found = found || a == filepath.Join("out", "skyplot-"+job.FileKey("Base Camp")+".png")
		}
	}
	if !found {
		t.Error("the scenario's sky plot does not follow the rule")
	}
}

// TestScenarioWeightingStatement: the scenario README says the weighting
// reaches every DOP of a scenario; the steps carry it.
func TestScenarioWeightingStatement(t *testing.T) {
	readme, _ := os.ReadFile("examples/scenarios/README.md")
	if !bytes.Contains(readme, []byte("used by every DOP of the scenario: the comparison tables, the DOP series and the coverage maps")) {
		t.Fatal("README no longer states where the weighting is used; update this test with it")
	}
	s, err := scenario.Parse("s.yaml", []byte("sites: [moscow]\nregion: {lat_min_deg: 0, lat_max_deg: 10, lon_min_deg: 0, lon_max_deg: 10}\nweighting: elevation\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range s.Plan(periodOf(t)) {
		args := strings.Join(st.Job.Args(periodOf(t)), " ")
		if (strings.HasPrefix(args, "compare") || strings.HasPrefix(args, "dop") || strings.HasPrefix(args, "coverage")) && !strings.Contains(args, "--weighting elevation") {
			t.Errorf("step without the weighting: %s", args)
		}
	}
}

// TestBoundedStderr: a file with thousands of bad and duplicated records
// gives a bounded number of stderr lines, naming how to see them all.
func TestBoundedStderr(t *testing.T) {
	good, _ := os.ReadFile("../../testdata/bad/good-glonass-3.tle")
	var b bytes.Buffer
	for i := 0; i < 3000; i++ {
		b.Write(good)
		b.WriteString("1 broken line\n")
	}
	p := filepath.Join(t.TempDir(), "big.tle")
	os.WriteFile(p, b.Bytes(), 0o644)
	_, errs := run1(t, "dop", "--tle", p, "--systems", "glonass", "--site", "beijing", "--start", "2024-07-16T00:00:00Z", "--duration", "1h", "--step", "30m")
	if n := strings.Count(errs, "\n"); n > 14 || !strings.Contains(errs, "'gnssim catalog' lists them all") || !strings.Contains(errs, "and 8992 more element sets of satellites already read") {
		t.Errorf("%d stderr lines:\n%s", n, errs)
	}
}

// periodOf is a resolved one-hour period for planning scenarios.
func periodOf(t *testing.T) orbit.EpochGrid {
	t.Helper()
	return orbit.EpochGrid{Start: time.Date(2026, 3, 19, 0, 0, 0, 0, time.UTC), Step: 30 * time.Minute, N: 3}
}
