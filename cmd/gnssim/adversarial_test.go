package main

// The adversarial input suite of testdata/bad/ (see its README.md) through
// the command line, in-process: exit codes (0 with warnings in lenient
// mode, 1 with --strict or when nothing is usable, 2 for impossible sites
// and masks on the command line), stderr with one line per problem naming
// FILE:LINE, never a Go panic or stack trace, no output file under the -o
// name after a failure, duplicates (newest wins, with a note), the 7-day
// warning, and decayed orbits (SGP4 error 6 mid-run) checked against
// Vallado's reference output tcppver.out.

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// advBad is the fixture folder as the CLI sees it (paths in messages).
var advBad = filepath.Join("..", "..", "testdata", "bad")

func advPath(name string) string { return filepath.Join(advBad, name) }

// advCLILimit bounds one in-process run: a hang detector (every run here
// takes milliseconds to a few hundred milliseconds).
const advCLILimit = 60 * time.Second

// advRun runs gnssim in-process like runCLI, but turns a panic into a test
// failure naming the command line, guards against a hang, and checks what
// must never appear on stderr.
func advRun(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	type result struct {
		out, err string
		code     int
		panic    any
	}
	done := make(chan result, 1)
	go func() {
		var r result
		var out, errb bytes.Buffer
		defer func() {
			r.panic = recover()
			r.out, r.err = out.String(), errb.String()
			done <- r
		}()
		r.code = run(context.Background(), args, strings.NewReader(""), &out, &errb)
	}()
	var r result
	select {
	case r = <-done:
	case <-time.After(advCLILimit):
		t.Fatalf("gnssim %s: no answer within %v", strings.Join(args, " "), advCLILimit)
	}
	if r.panic != nil {
		t.Fatalf("gnssim %s: panic: %v", strings.Join(args, " "), r.panic)
	}
	for _, bad := range []string{"goroutine ", "panic:", "runtime error", ".go:"} {
		if strings.Contains(r.err, bad) {
			t.Errorf("gnssim %s: stderr has %q:\n%s", strings.Join(args, " "), bad, r.err)
		}
	}
	if r.err != "" && !strings.HasSuffix(r.err, "\n") {
		t.Errorf("gnssim %s: stderr does not end with a newline: %q", strings.Join(args, " "), r.err)
	}
	return r.out, r.err, r.code
}

// advLines splits stderr into its lines.
// advLines splits stderr into lines, leaving out the warnings about a
// selected system without satellites (these fixtures hold GLONASS sets
// only, and every simulating command says BeiDou is never visible).
func advLines(s string) []string {
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return nil
	}
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, "warning: no ") && strings.Contains(l, " is never visible") {
			continue
		}
		out = append(out, l)
	}
	return out
}

// advCommands are the commands run on every fixture, with the arguments of
// the brief (small periods and grids).
var advCommands = []struct {
	name string
	args []string
}{
	{"catalog", nil},
	{"dop", []string{"--site", "beijing", "--duration", "1h", "--step", "10m"}},
	{"propagate", []string{"--duration", "1h", "--step", "10m"}},
	{"coverage", []string{"--grid", "30", "--duration", "1h", "--step", "30m"}},
}

// advCLIFixture is the documented CLI behaviour of one element-set fixture.
type advCLIFixture struct {
	// problems are the locations (LINE or LINE:COL) of the bad records:
	// each is one "warning: refused element set: FILE:LOC: ..." line in
	// lenient mode, and the first one is the --strict error.
	problems []string
	// fatal, when set, is what the one-line error says when the file has no
	// usable element set at all (every command exits 1, strict or not).
	fatal string
	// codes overrides the exit codes {lenient, strict} per command.
	codes map[string][2]int
	// extra is the number of other stderr lines per command in lenient
	// mode (notes on duplicates, the 7-day warning, SGP4 failures).
	extra map[string]int
}

func (f advCLIFixture) want(cmd string) (lenient, strict int) {
	if c, ok := f.codes[cmd]; ok {
		return c[0], c[1]
	}
	if f.fatal != "" {
		return exitRuntime, exitRuntime
	}
	if len(f.problems) > 0 {
		return exitOK, exitRuntime
	}
	return exitOK, exitOK
}

// per-command helpers for the tables.
func advAll(n int) map[string]int {
	return map[string]int{"catalog": n, "dop": n, "propagate": n, "coverage": n}
}

func advOne(p ...string) advCLIFixture { return advCLIFixture{problems: p} }

// advCLIFixtures lists every element-set fixture (mask-* and scenario-*
// files have their own tests).
var advCLIFixtures = map[string]advCLIFixture{
	"tle-checksum.tle":                advOne("5:69"),
	"tle-short-line.tle":              advOne("6"),
	"tle-long-line.tle":               advOne("5"),
	"tle-non-ascii-line.tle":          advOne("6:17"),
	"tle-non-ascii-name.tle":          advOne("4:7"),
	"tle-tab.tle":                     advOne("6:8"),
	"tle-wrong-line-number.tle":       advOne("5", "6:1"),
	"tle-catalog-mismatch.tle":        advOne("6:3"),
	"tle-bad-exponent.tle":            advOne("5:54"),
	"tle-eccentricity-decimal.tle":    advOne("6:27"),
	"tle-inclination-over-180.tle":    advOne("6:9"),
	"tle-negative-mean-motion.tle":    advOne("6:53"),
	"tle-letters-in-numeric.tle":      advOne("6:18"),
	"tle-ephemeris-type-4.tle":        advOne("5:63"),
	"tle-line2-without-line1.tle":     advOne("4:1"),
	"tle-name-alone-at-eof.tle":       advOne("7:1"),
	"omm-missing-epoch.json":          advOne("3:1"),
	"omm-epoch-not-iso.json":          advOne("3:68"),
	"omm-norad-float.json":            advOne("3:307"),
	"omm-negative-eccentricity.json":  advOne("3:137"),
	"omm-eccentricity-above-one.json": advOne("3:137"),
	"omm-csv-ragged-row.csv":          advOne("3:1"),
	"omm-sgp4-xp.xml":                 advOne("13:197"),
	"omm-xml-not-well-formed.xml":     advOne("14"), // the document's syntax error; the record before it is kept
	"mixed-good-and-bad.tle":          advOne("10:69", "16", "26:9", "27:1"),
	"good-glonass-3.tle":              {},
	// Duplicates: one note per dropped set, every command.
	"duplicate-satellite-epochs.tle": {extra: advAll(3)},
	// The 2022 set is 892 days from the default period (2024-07-16): one
	// summary warning where satellites are simulated.
	"stale-epoch-2022-among-2024.tle": {extra: map[string]int{"dop": 1, "propagate": 1, "coverage": 1}},
	// Vallado's decayed cases: no navigation system (dop and coverage find
	// no GLONASS/BeiDou satellite); propagate runs on the default period
	// (2006-06-19), where 28872 is long gone (SGP4 error 1), and is more
	// than 7 days away: two lines; --strict stops at the SGP4 error.
	"decayed-28872-29141.tle": {
		codes: map[string][2]int{"dop": {1, 1}, "coverage": {1, 1}, "propagate": {0, 1}},
		extra: map[string]int{"dop": 1, "coverage": 1, "propagate": 2}},
	// The same element set named as a BeiDou satellite: every command
	// reports the SGP4 failure at the first epoch (00:00, 29 min before the
	// epoch) in one line and leaves the satellite out from there on; with
	// --strict the failure is an error in every command that propagates.
	"decayed-28872-as-beidou.tle": {
		codes: map[string][2]int{"propagate": {0, 1}, "dop": {0, 1}, "coverage": {0, 1}},
		extra: map[string]int{"propagate": 1, "dop": 1, "coverage": 1}},
	// Nothing usable.
	"empty.tle":                  {fatal: "no element sets found in %s (empty input)"},
	"blank-lines-only.tle":       {fatal: "no element sets found in %s (empty input)"},
	"binary-random.bin":          {fatal: "no element sets found in %s (binary data: byte 0x0f at offset 15)"},
	"binary-image.png":           {fatal: "no element sets found in %s (binary data: byte 0x1a at offset 6)"},
	"binary-gzip.tle.gz":         {fatal: "no element sets found in %s (binary data: byte 0x1f at offset 0)"},
	"utf16le-bom.tle":            {fatal: "no element sets found in %s (UTF-16 text; element sets must be ASCII or UTF-8)"},
	"utf16be-bom.tle":            {fatal: "no element sets found in %s (UTF-16 text; element sets must be ASCII or UTF-8)"},
	"utf16le-no-bom.tle":         {fatal: "no element sets found in %s (binary data: byte 0x00 at offset 1)"},
	"omm-not-an-array.json":      {fatal: "no element sets found in %[1]s (1 bad record(s), the first: %[1]s:1:1: field EPOCH: missing required field"},
	"omm-json-scalar.json":       {fatal: "no element sets found in %[1]s (1 bad record(s), the first: %[1]s:1:1: field line 1"},
	"omm-csv-missing-column.csv": {fatal: "%s:1: field MEAN_ANOMALY: missing required field: the CSV header has no column MEAN_ANOMALY"},
}

// TestCLIAdversarialFixtures runs catalog, dop, propagate and coverage on
// every element-set fixture, lenient and --strict.
func TestCLIAdversarialFixtures(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(advBad, "*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures in %s: %v", advBad, err)
	}
	listed := 0
	for _, path := range files {
		name := filepath.Base(path)
		if name == "README.md" || strings.HasPrefix(name, "mask-") || strings.HasPrefix(name, "scenario-") {
			continue
		}
		fx, ok := advCLIFixtures[name]
		if !ok {
			t.Errorf("%s: fixture missing from advCLIFixtures", name)
			continue
		}
		listed++
		t.Run(name, func(t *testing.T) {
			for _, c := range advCommands {
				if testing.Short() && c.name != "catalog" && c.name != "dop" {
					continue
				}
				advCheckFixture(t, path, fx, c.name, c.args)
			}
		})
	}
	if listed != len(advCLIFixtures) {
		t.Errorf("%d fixtures found, advCLIFixtures has %d", listed, len(advCLIFixtures))
	}
}

func advCheckFixture(t *testing.T, path string, fx advCLIFixture, cmd string, extra []string) {
	t.Helper()
	wantLenient, wantStrict := fx.want(cmd)
	args := append([]string{cmd, "--tle", path}, extra...)
	_, stderr, code := advRun(t, args...)
	lines := advLines(stderr)
	if code != wantLenient {
		t.Errorf("%s: exit %d, want %d; stderr:\n%s", cmd, code, wantLenient, stderr)
	}
	switch {
	case fx.fatal != "":
		want := fmt.Sprintf(fx.fatal, path)
		if len(lines) == 0 || len(lines) > 2 || !strings.HasPrefix(lines[0], "gnssim "+cmd+": ") || !strings.Contains(stderr, want) {
			t.Errorf("%s: stderr %q: want one or two lines saying %q", cmd, stderr, want)
		}
	case code == exitOK:
		// One line per problem, naming FILE:LINE[:COL], plus the documented
		// notes and warnings.
		for _, loc := range fx.problems {
			where := path + ":" + loc + ":"
			n := 0
			for _, l := range lines {
				if strings.Contains(l, where) {
					n++
					if !strings.HasPrefix(l, "warning: refused element set: "+where) {
						t.Errorf("%s: problem line %q", cmd, l)
					}
				}
			}
			if n != 1 {
				t.Errorf("%s: %d stderr lines name %s, want 1:\n%s", cmd, n, where, stderr)
			}
		}
		if want := len(fx.problems) + fx.extra[cmd]; len(lines) != want {
			t.Errorf("%s: %d stderr lines, want %d:\n%s", cmd, len(lines), want, stderr)
		}
	}

	// --strict: the first problem ends the run, in one or two lines.
	_, stderr, code = advRun(t, append(args, "--strict")...)
	if code != wantStrict {
		t.Errorf("%s --strict: exit %d, want %d; stderr:\n%s", cmd, code, wantStrict, stderr)
	}
	lines = advLines(stderr)
	if code == exitRuntime {
		// The error is the last line; warnings printed before it (the 7-day
		// warning) may precede it.
		errAt := len(lines) - 1
		for errAt > 0 && !strings.HasPrefix(lines[errAt], "gnssim "+cmd+": ") {
			errAt--
		}
		if len(lines) == 0 || !strings.HasPrefix(lines[errAt], "gnssim "+cmd+": ") || len(lines)-errAt > 2 || len(lines) > 2+fx.extra[cmd] {
			t.Errorf("%s --strict: stderr %q", cmd, stderr)
		}
		if len(fx.problems) > 0 && fx.fatal == "" && !strings.Contains(stderr, "gnssim "+cmd+": "+path+":"+fx.problems[0]+":") {
			t.Errorf("%s --strict: stderr %q does not name the first problem %s:%s", cmd, stderr, path, fx.problems[0])
		}
	}
}

// TestCLIMixedGoodAndBad counts: 12 records, 8 listed, 4 refused, each
// refusal named by FILE:LINE in the listing as on stderr.
func TestCLIMixedGoodAndBad(t *testing.T) {
	path := advPath("mixed-good-and-bad.tle")
	out, stderr, code := advRun(t, "catalog", "--tle", path, "--format", "csv")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rows := advCSV(t, out)
	var good []string
	refused := map[string]bool{}
	for _, r := range rows[1:] {
		switch r["status"] {
		case "operational", "non-operational":
			good = append(good, r["norad"])
		case "refused":
			refused[r["reason"][:strings.Index(r["reason"], ": ")]] = true
		default:
			t.Errorf("row %v", r)
		}
	}
	// NORAD numbers of the eight intact records (testdata/bad/README.md).
	if len(good) != 8 || strings.Join(advSorted(good), ",") != "39155,39620,40315,42939,43508,44850,45358,46805" {
		t.Errorf("good sets %v", good)
	}
	for _, loc := range []string{"10:69", "16", "26:9", "27:1"} {
		if !refused[path+":"+loc] {
			t.Errorf("refusal %s:%s not listed (refused: %v)", path, loc, refused)
		}
	}
	if len(refused) != 4 || len(advLines(stderr)) != 4 {
		t.Errorf("%d refusals listed, %d stderr lines; want 4 and 4", len(refused), len(advLines(stderr)))
	}
}

// advCSV parses a CSV table (no quoted commas in the columns used here)
// into maps keyed by the header.
func advCSV(t *testing.T, s string) []map[string]string {
	t.Helper()
	lines := advLines(s)
	if len(lines) == 0 {
		t.Fatalf("empty table")
	}
	head := strings.Split(lines[0], ",")
	out := []map[string]string{{}}
	for _, l := range lines[1:] {
		f := advSplitCSV(l)
		if len(f) != len(head) {
			t.Fatalf("row %q has %d fields, header %d", l, len(f), len(head))
		}
		m := map[string]string{}
		for i, h := range head {
			m[h] = f[i]
		}
		out = append(out, m)
	}
	return out
}

// advSplitCSV splits one CSV line, honouring double quotes.
func advSplitCSV(l string) []string {
	var out []string
	var b strings.Builder
	q := false
	for i := 0; i < len(l); i++ {
		c := l[i]
		switch {
		case q && c == '"' && i+1 < len(l) && l[i+1] == '"':
			b.WriteByte('"')
			i++
		case c == '"':
			q = !q
		case c == ',' && !q:
			out = append(out, b.String())
			b.Reset()
		default:
			b.WriteByte(c)
		}
	}
	return append(out, b.String())
}

func advSorted(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}

// TestCLIDuplicateSatellites: the same NORAD number with different epochs
// (older after newer, newer after older, and an exact copy): the newest
// wins, and each dropped set gets one note naming where it is.
func TestCLIDuplicateSatellites(t *testing.T) {
	path := advPath("duplicate-satellite-epochs.tle")
	out, stderr, code := advRun(t, "catalog", "--tle", path, "--format", "csv")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// Epochs of the 2024-07-16 sets (testdata/tle/2024-07-16/glonass.tle).
	want := map[string]string{
		"39155": "2024-07-16T07:24:35.139456Z", // line 1 kept, its 2022 copy (line 4) dropped
		"40001": "2024-07-16T10:37:57.591552Z", // 2022 copy first (line 7) dropped, line 10 kept
		"39620": "2024-07-16T06:20:13.059456Z", // exact copy: the first (line 13) kept
	}
	rows := advCSV(t, out)[1:]
	if len(rows) != 3 {
		t.Fatalf("%d rows, want 3:\n%s", len(rows), out)
	}
	for _, r := range rows {
		if want[r["norad"]] != r["epoch_utc"] {
			t.Errorf("satellite %s: epoch %s, want %s", r["norad"], r["epoch_utc"], want[r["norad"]])
		}
	}
	lines := advLines(stderr)
	if len(lines) != 3 {
		t.Fatalf("stderr %q: want 3 notes", stderr)
	}
	for i, dropped := range []string{"4", "7", "16"} {
		if !strings.HasPrefix(lines[i], "note: "+path+":"+dropped+": satellite ") {
			t.Errorf("note %d %q: want it to name %s:%s", i, lines[i], path, dropped)
		}
	}
	// The simulation uses the newest sets: dop with and without the older
	// duplicates gives the same bytes.
	args := []string{"--site", "beijing", "--duration", "1h", "--step", "10m"}
	dup, _, c1 := advRun(t, append([]string{"dop", "--tle", path}, args...)...)
	ref, _, c2 := advRun(t, append([]string{"dop", "--tle", advPath("good-glonass-3.tle")}, args...)...)
	if c1 != exitOK || c2 != exitOK || dup != ref {
		t.Errorf("dop with duplicates differs from dop on the newest sets (exit %d, %d)", c1, c2)
	}
}

// TestCLIStaleWarning: element sets more than 7 days from the simulated
// period get one summary warning (the satellites named by PRN/slot).
func TestCLIStaleWarning(t *testing.T) {
	dop := func(tle string, extra ...string) string {
		t.Helper()
		args := append([]string{"dop", "--site", "beijing", "--tle", advPath(tle), "--systems", "glonass", "--duration", "1h", "--step", "10m"}, extra...)
		_, stderr, code := advRun(t, args...)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		return stderr
	}
	cases := []struct {
		tle   string
		extra []string
		want  string // "" = no warning
	}{
		// COSMOS 2500 (R21) from 2022-02-04 among 2024-07-16 sets.
		{"stale-epoch-2022-among-2024.tle", nil, "warning: 1 element set(s) are more than 7 days from the simulated period (R21); worst: COSMOS 2500 (755) (40001)"},
		// All three sets, 15.8 days before the period.
		{"good-glonass-3.tle", []string{"--start", "2024-08-01T00:00:00Z"}, "warning: 3 element set(s) are more than 7 days from the simulated period (R02, R18, R21)"},
		// 6.7 to 6.8 days after the epochs: no warning.
		{"good-glonass-3.tle", []string{"--start", "2024-07-22T23:00:00Z"}, ""},
		{"good-glonass-3.tle", nil, ""},
	}
	for _, c := range cases {
		got := dop(c.tle, c.extra...)
		if c.want == "" && got != "" || c.want != "" && (!strings.HasPrefix(got, c.want) || len(advLines(got)) != 1) {
			t.Errorf("%s %v: stderr %q, want %q", c.tle, c.extra, got, c.want)
		}
	}
}

// TestCLIImpossibleSitesAndMasks: impossible sites and masks on the
// command line are usage errors (exit 2) caught before any work, with a
// message naming the value; nothing is written under -o.
func TestCLIImpossibleSitesAndMasks(t *testing.T) {
	tle := advPath("good-glonass-3.tle")
	dir := t.TempDir()
	out := filepath.Join(dir, "out.csv")
	sites := []struct{ arg, says string }{
		{"91,0", "latitude 91° outside [-90, 90]"},
		{"-90.0001,0", "latitude -90.0001° outside [-90, 90]"},
		{"0,400", "longitude 400° outside [-180, 360]"},
		{"0,-181", "longitude -181° outside [-180, 360]"},
		{"NaN,0", `latitude "NaN" is not a finite number`},
		{"0,nan", `longitude "nan" is not a finite number`},
		{"inf,0", `latitude "inf" is not a finite number`},
		{"0,0,1e9", "height 1e+09 m outside [-1000, 100000]"},
		{"0,0,NaN", `height "NaN" is not a finite number`},
		{"1,2,3,4", "want LAT,LON or LAT,LON,HEIGHT_M"},
		{"atlantis", `unknown site "atlantis"`},
		{"", "empty --site"},
	}
	for _, s := range sites {
		_, stderr, code := advRun(t, "dop", "--tle", tle, "--site", s.arg, "--duration", "1h", "--step", "10m", "-o", out)
		if code != exitUsage || !strings.Contains(stderr, s.says) || len(advLines(stderr)) != 2 {
			t.Errorf("--site %q: exit %d, stderr %q; want exit 2 saying %q", s.arg, code, stderr, s.says)
		}
	}
	masks := []struct{ arg, says string }{
		{"-5", "elevation -5° outside [0, 90)"},
		{"90", "elevation 90° outside [0, 90)"},
		{"100", "elevation 100° outside [0, 90)"},
		{"NaN", "elevation NaN° outside [0, 90)"},
		{"-Inf", "elevation -Inf° outside [0, 90)"},
	}
	for _, m := range masks {
		for _, cmd := range [][]string{
			{"dop", "--site", "beijing", "--duration", "1h", "--step", "10m"},
			{"coverage", "--grid", "30", "--duration", "1h", "--step", "30m"},
		} {
			args := append(append([]string{}, cmd...), "--tle", tle, "--mask="+m.arg, "-o", out)
			_, stderr, code := advRun(t, args...)
			if code != exitUsage || !strings.Contains(stderr, "--mask") || !strings.Contains(stderr, m.says) {
				t.Errorf("%s --mask=%s: exit %d, stderr %q; want exit 2 saying %q", cmd[0], m.arg, code, stderr, m.says)
			}
		}
	}
	// A valid edge: 0 and 89.9 degrees work.
	for _, m := range []string{"0", "89.9"} {
		if _, stderr, code := advRun(t, "dop", "--tle", tle, "--site", "beijing", "--mask="+m, "--duration", "10m", "--step", "10m"); code != exitOK {
			t.Errorf("--mask=%s: exit %d: %s", m, code, stderr)
		}
	}
	advNoFiles(t, dir)
}

// advNoFiles fails when dir holds anything (an output or a temporary file
// left behind).
func advNoFiles(t *testing.T, dir string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		t.Errorf("file left behind: %s", filepath.Join(dir, e.Name()))
	}
}

// advMaskFiles: the mask-* fixtures given to --mask-file. A mask file is
// input data, like an element-set file: its errors are runtime errors
// (exit 1), in one line naming the file.
var advMaskFiles = []struct {
	name string
	says string // what the error says after "FILE"
	line int    // the line of the bad point (0: not a line error)
}{
	{"mask-elevation-negative.txt", "elevation -5° outside [0, 90)", 2},
	{"mask-elevation-90.txt", "elevation 90° outside [0, 90)", 2},
	{"mask-elevation-100.txt", "elevation 100° outside [0, 90)", 2},
	{"mask-elevation-nan.txt", `elevation "NaN" is not a number`, 2},
	{"mask-azimuth-not-increasing.txt", "not strictly increasing", 3},
	{"mask-azimuth-360-plus.txt", "azimuth 370° outside [0, 360]", 4},
	{"mask-not-numbers.txt", `elevation "fifteen" is not a number`, 2},
}

func TestCLIMaskFiles(t *testing.T) {
	tle := advPath("good-glonass-3.tle")
	for _, m := range advMaskFiles {
		path := advPath(m.name)
		for _, cmd := range [][]string{
			{"dop", "--site", "beijing", "--duration", "1h", "--step", "10m"},
			{"coverage", "--grid", "30", "--duration", "1h", "--step", "30m"},
		} {
			args := append(append([]string{}, cmd...), "--tle", tle, "--mask-file", path)
			_, stderr, code := advRun(t, args...)
			if code != exitRuntime || !strings.HasPrefix(stderr, "gnssim "+cmd[0]+": "+path) || !strings.Contains(stderr, m.says) || len(advLines(stderr)) != 1 {
				t.Errorf("%s --mask-file %s: exit %d, stderr %q; want exit 1, one line naming the file and saying %q", cmd[0], m.name, code, stderr, m.says)
			}
		}
	}
}

// TestCLIMaskFileErrorLines: every error about a mask file names the line
// of the offending point, as the element-set and scenario errors do.
func TestCLIMaskFileErrorLines(t *testing.T) {
	tle := advPath("good-glonass-3.tle")
	for _, m := range advMaskFiles {
		path := advPath(m.name)
		_, stderr, _ := advRun(t, "dop", "--site", "beijing", "--duration", "1h", "--step", "10m", "--tle", tle, "--mask-file", path)
		if want := fmt.Sprintf("gnssim dop: %s:%d: ", path, m.line); !strings.HasPrefix(stderr, want) {
			t.Errorf("%s: stderr %q, want it to start %q", m.name, stderr, want)
		}
	}
}

// TestCLIScenarioImpossible: impossible sites and masks in a scenario file
// are refused with FILE:LINE and the field.
func TestCLIScenarioImpossible(t *testing.T) {
	cases := []struct{ name, says string }{
		{"scenario-impossible-site.yaml", ":8: field sites[1].lat_deg: want a number in [-90, 90], got 91"},
		{"scenario-impossible-mask.yaml", ":11: field mask.azimuth[2]: azimuth 90° after 180°"},
		{"scenario-mask-elevation-100.yaml", ":5: field mask.elevation_deg: want a number in [0, 90), got 100"},
	}
	for _, c := range cases {
		dir := t.TempDir()
		path := advPath(c.name)
		_, stderr, code := advRun(t, "run", path, "--dry-run", "--out", filepath.Join(dir, "out"))
		if code != exitRuntime || !strings.HasPrefix(stderr, "gnssim run: "+path+c.says) || len(advLines(stderr)) != 1 {
			t.Errorf("%s: exit %d, stderr %q; want exit 1 with %q", c.name, code, stderr, path+c.says)
		}
		advNoFiles(t, dir)
	}
}

// TestCLINoPartialOutput: a run that fails leaves nothing under the -o name
// (and an existing file there untouched), also when the failure comes
// after rows were written.
func TestCLINoPartialOutput(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out.csv")
	cases := [][]string{
		{"catalog", "--tle", advPath("tle-checksum.tle"), "--strict"},
		{"catalog", "--tle", advPath("empty.tle")},
		{"dop", "--tle", advPath("mixed-good-and-bad.tle"), "--strict", "--site", "beijing", "--duration", "1h", "--step", "10m"},
		{"dop", "--tle", advPath("good-glonass-3.tle"), "--site", "91,0", "--duration", "1h", "--step", "10m"},
		{"coverage", "--tle", advPath("binary-image.png"), "--grid", "30", "--duration", "1h", "--step", "30m"},
		{"coverage", "--tle", advPath("good-glonass-3.tle"), "--mask-file", advPath("mask-elevation-100.txt"), "--grid", "30", "--duration", "1h", "--step", "30m"},
		// 28872 propagates for 50 minutes (11 rows), then SGP4 fails at 55.
		{"propagate", "--tle", advPath("decayed-28872-29141.tle"), "--norad", "28872", "--tsince", "0,60,5", "--strict"},
		{"propagate", "--tle", advPath("decayed-28872-29141.tle"), "--norad", "28872", "--tsince", "0,60,5", "--strict", "--format", "json"},
	}
	for _, args := range cases {
		_, stderr, code := advRun(t, append(args, "-o", out)...)
		if code == exitOK {
			t.Errorf("%v: exit 0", args)
		}
		if len(advLines(stderr)) > 2 {
			t.Errorf("%v: stderr of %d lines:\n%s", args, len(advLines(stderr)), stderr)
		}
		advNoFiles(t, dir)
	}
	// An existing file survives a failed run byte for byte.
	old := []byte("previous results\n")
	if err := os.WriteFile(out, old, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range cases {
		advRun(t, append(args, "-o", out)...)
		if got, err := os.ReadFile(out); err != nil || !bytes.Equal(got, old) {
			t.Errorf("%v: the existing output became %q (%v)", args, got, err)
		}
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Errorf("%d files in the output folder, want only out.csv", len(ents))
	}
	// The same lenient runs do write it (so this test can fail).
	if _, stderr, code := advRun(t, "propagate", "--tle", advPath("decayed-28872-29141.tle"), "--norad", "28872", "--tsince", "0,60,5", "-o", out); code != exitOK {
		t.Fatalf("lenient propagate: exit %d: %s", code, stderr)
	}
	if got, _ := os.ReadFile(out); len(advLines(string(got))) != 12 {
		t.Errorf("lenient propagate wrote %d lines, want a header and 11 rows", len(advLines(string(got))))
	}
}

// Vallado's reference rows (tcppver.out, TEME km): 28872 at tsince 0 and
// 50 min, the last rows before SGP4 error 6 at 55 min; 29141 at 420 min,
// the last row before error 6 at 440 min.
var advVallado = map[string][3]float64{
	"28872@0":   {-6131.82730456, 2446.52815528, -253.64211033},
	"28872@50":  {5548.43325922, -2480.16469245, -1979.24314527},
	"29141@420": {-852.93910071, 192.65232023, -6322.47054784},
}

// TestCLIDecayedPropagate: propagate stops a decaying satellite's rows at
// the SGP4 failure with one stderr line, after the same rows as Vallado's
// reference output (positions within 2e-6 km: 1e-6 km of printing
// precision plus the reference's own rounding and the 2e-7 km agreement
// expected of SGP4 implementations).
func TestCLIDecayedPropagate(t *testing.T) {
	path := advPath("decayed-28872-29141.tle")
	cases := []struct {
		norad, window string
		rows          int
		fail          string
	}{
		// tcppver.out: 11 rows for 28872 (0..50 by 5), 22 for 29141 (0..420 by 20).
		{"28872", "0,60,5", 11, "MINOTAUR R/B (28872): SGP4 error 6 at tsince 55 min (2005-11-29T01:23:58.939104Z): satellite has decayed"},
		{"29141", "0,440,20", 22, "SL-14 DEB (29141): SGP4 error 6 at tsince 440 min"},
	}
	compared := map[string]bool{}
	for _, c := range cases {
		out, stderr, code := advRun(t, "propagate", "--tle", path, "--norad", c.norad, "--tsince", c.window, "--frame", "teme")
		if code != exitOK {
			t.Fatalf("%s: exit %d: %s", c.norad, code, stderr)
		}
		rows := advCSV(t, out)[1:]
		if len(rows) != c.rows {
			t.Errorf("%s: %d rows, want %d", c.norad, len(rows), c.rows)
		}
		lines := advLines(stderr)
		if len(lines) != 1 || !strings.Contains(lines[0], path+":") || !strings.Contains(lines[0], c.fail) {
			t.Errorf("%s: stderr %q, want one line saying %q", c.norad, stderr, c.fail)
		}
		for _, r := range rows {
			ts, _ := strconv.ParseFloat(r["tsince_min"], 64)
			key := c.norad + "@" + strconv.FormatFloat(ts, 'f', -1, 64)
			ref, ok := advVallado[key]
			if !ok {
				continue
			}
			compared[key] = true
			for i, k := range []string{"x_km", "y_km", "z_km"} {
				v, err := strconv.ParseFloat(r[k], 64)
				if err != nil || math.Abs(v-ref[i]) > 2e-6 {
					t.Errorf("%s at %s min: %s = %s, Vallado %.8f", c.norad, r["tsince_min"], k, r[k], ref[i])
				}
			}
		}
	}
	if len(compared) != len(advVallado) {
		t.Errorf("compared %d of the %d reference rows", len(compared), len(advVallado))
	}
	_, stderr, code := advRun(t, "propagate", "--tle", path, "--norad", "28872", "--tsince", "0,60,5", "--strict")
	if code != exitRuntime || !strings.HasPrefix(stderr, "gnssim propagate: "+path+":1: MINOTAUR R/B (28872): SGP4 error 6 at tsince 55 min") {
		t.Errorf("--strict: exit %d, stderr %q", code, stderr)
	}
}

// The decaying element set of 28872 named as a BeiDou satellite, so that dop
// and coverage simulate it: it flies over 60.0233°N 93.7205°W at 01:00 UTC
// (sub-satellite point from 'propagate --frame geodetic', 263 km up) and
// SGP4 fails from 01:24 UTC (tsince 55 min). It also fails at 00:00 UTC,
// 29 minutes before its epoch (propagated backwards it is below the
// surface: its perigee is 51 km under it, per Vallado's comment).
const (
	advDecayBeidou = "decayed-28872-as-beidou.tle"
	advDecaySite   = "sub=60.0233,-93.7205,0"
)

// TestCLIDecayedDopCoverage: dop and coverage see the satellite before the
// failure and never after it.
func TestCLIDecayedDopCoverage(t *testing.T) {
	path := advPath(advDecayBeidou)
	out, stderr, code := advRun(t, "dop", "--tle", path, "--systems", "beidou", "--site", advDecaySite, "--mask", "0",
		"--start", "2005-11-29T00:30:00Z", "--duration", "1h", "--step", "5m")
	if code != exitOK {
		t.Fatalf("dop: exit %d: %s", code, stderr)
	}
	for _, r := range advCSV(t, out)[1:] {
		tm, _ := time.Parse(time.RFC3339, r["time_utc"])
		want := "0"
		if tm.Format("15:04") == "01:00" {
			want = "1"
		}
		if r["n_beidou"] != want {
			t.Errorf("dop at %s: n_beidou %s, want %s", r["time_utc"], r["n_beidou"], want)
		}
	}
	// Coverage of 4 cells around the sub-satellite point at 00:30 (far
	// away), 01:00 (overhead) and 01:30 (decayed): visible 1 epoch in 3.
	cov := func(start, duration string) []map[string]string {
		t.Helper()
		out, stderr, code := advRun(t, "coverage", "--tle", path, "--systems", "beidou", "--mask", "0", "--grid", "2",
			"--region", "58,62,-96,-92", "--start", start, "--duration", duration, "--step", "30m")
		if code != exitOK {
			t.Fatalf("coverage: exit %d: %s", code, stderr)
		}
		return advCSV(t, out)[1:]
	}
	rows := cov("2005-11-29T00:30:00Z", "1h")
	if len(rows) != 4 {
		t.Fatalf("%d cells, want 4", len(rows))
	}
	for _, r := range rows {
		if r["max_visible"] != "1" || r["mean_visible"] != "0.333" {
			t.Errorf("cell %s,%s: max %s mean %s, want 1 and 0.333", r["lat_deg"], r["lon_deg"], r["max_visible"], r["mean_visible"])
		}
	}
	for _, r := range cov("2005-11-29T01:30:00Z", "0s") {
		if r["max_visible"] != "0" {
			t.Errorf("cell %s,%s after the decay: max_visible %s", r["lat_deg"], r["lon_deg"], r["max_visible"])
		}
	}
}

// TestCLIDecayedAfterFirstFailure: when SGP4 fails at the first epoch
// (00:00 UTC), propagate gives no rows from there on; dop and coverage must
// likewise not show the satellite afterwards (the brief: "treat it as not
// visible after the failure"), and say so on stderr as propagate does.
func TestCLIDecayedAfterFirstFailure(t *testing.T) {
	path := advPath(advDecayBeidou)
	out, stderr, code := advRun(t, "propagate", "--tle", path, "--start", "2005-11-29T00:00:00Z", "--duration", "1h30m", "--step", "5m")
	if code != exitOK || len(advCSV(t, out)) != 1 || !strings.Contains(stderr, "SGP4 error 6 at tsince -28.9823184 min") {
		t.Fatalf("propagate: exit %d, %d rows, stderr %q", code, len(advCSV(t, out))-1, stderr)
	}
	out, stderr, code = advRun(t, "dop", "--tle", path, "--systems", "beidou", "--site", advDecaySite, "--mask", "0",
		"--start", "2005-11-29T00:00:00Z", "--duration", "1h30m", "--step", "5m")
	if code != exitOK {
		t.Fatalf("dop: exit %d: %s", code, stderr)
	}
	for _, r := range advCSV(t, out)[1:] {
		if r["n_beidou"] != "0" {
			t.Errorf("dop at %s: n_beidou %s after the failure at 00:00", r["time_utc"], r["n_beidou"])
		}
	}
	if !strings.Contains(stderr, "SGP4 error 6") {
		t.Errorf("dop: nothing on stderr about the SGP4 failure: %q", stderr)
	}
	out, _, code = advRun(t, "coverage", "--tle", path, "--systems", "beidou", "--mask", "0", "--grid", "2",
		"--region", "58,62,-96,-92", "--start", "2005-11-29T00:00:00Z", "--duration", "1h30m", "--step", "30m")
	if code != exitOK {
		t.Fatalf("coverage: exit %d", code)
	}
	for _, r := range advCSV(t, out)[1:] {
		if r["max_visible"] != "0" {
			t.Errorf("coverage cell %s,%s: max_visible %s after the failure at 00:00", r["lat_deg"], r["lon_deg"], r["max_visible"])
		}
	}
}

// TestCLIHugeInputs: a 10 MiB line and 100 000 blank lines, generated
// here: a short error naming FILE:LINE, or the records found at their true
// line numbers.
func TestCLIHugeInputs(t *testing.T) {
	dir := t.TempDir()
	good, err := os.ReadFile(advPath("good-glonass-3.tle"))
	if err != nil {
		t.Fatal(err)
	}
	bad, err := os.ReadFile(advPath("tle-checksum.tle"))
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, parts ...[]byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, bytes.Join(parts, nil), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	huge := bytes.Repeat([]byte("1"), 10<<20)
	blank := bytes.Repeat([]byte("\n"), 100_000)

	p := write("huge-line.tle", huge, []byte("\n"), good)
	_, stderr, code := advRun(t, "catalog", "--tle", p)
	if code != exitRuntime || !strings.HasPrefix(stderr, "gnssim catalog: "+p+":1: ") || !strings.Contains(stderr, "line longer than 1048576 bytes") || len(stderr) > 1000 {
		t.Errorf("10 MiB line: exit %d, stderr (%d bytes) %.300q", code, len(stderr), stderr)
	}
	p = write("huge-line-after.tle", good, huge, []byte("\n"))
	out, stderr, code := advRun(t, "catalog", "--tle", p, "--format", "csv")
	if code != exitOK || !strings.HasPrefix(stderr, "warning: refused element set: "+p+":10: ") || len(advLines(stderr)) != 1 || len(advCSV(t, out)) != 1+3+1 {
		t.Errorf("10 MiB line after 3 sets: exit %d, stderr %.300q, %d rows", code, stderr, len(advCSV(t, out))-1)
	}
	p = write("blank-then-tle.tle", blank, good)
	out, stderr, code = advRun(t, "catalog", "--tle", p, "--format", "csv")
	if code != exitOK || stderr != "" {
		t.Fatalf("100 000 blank lines: exit %d: %s", code, stderr)
	}
	var src []string
	for _, r := range advCSV(t, out)[1:] {
		src = append(src, r["source"])
	}
	if strings.Join(advSorted(src), " ") != fmt.Sprintf("%[1]s:100001 %[1]s:100004 %[1]s:100007", p) {
		t.Errorf("sources %v", src)
	}
	p = write("blank-then-bad.tle", blank, bad)
	_, stderr, code = advRun(t, "dop", "--tle", p, "--site", "beijing", "--duration", "1h", "--step", "10m")
	if code != exitOK || !strings.HasPrefix(stderr, "warning: refused element set: "+p+":100005:69: field checksum") {
		t.Errorf("100 000 blank lines then a bad checksum: exit %d, stderr %q", code, stderr)
	}
}

// TestCLIOtherCommands: compare, skyplot and groundtrack on a few of the
// fixtures: the same exit codes, one warning per bad record, no figure left
// behind on failure.
func TestCLIOtherCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("figures: skipped in -short mode")
	}
	for _, name := range []string{"mixed-good-and-bad.tle", "omm-xml-not-well-formed.xml", "empty.tle", "binary-image.png", "decayed-28872-as-beidou.tle"} {
		fx := advCLIFixtures[name]
		path := advPath(name)
		dir := t.TempDir()
		for _, cmd := range [][]string{
			{"compare", "--site", "beijing", "--duration", "1h", "--step", "10m", "-o", filepath.Join(dir, "compare.csv")},
			{"skyplot", "--site", "beijing", "--duration", "1h", "--step", "10m", "--plot", filepath.Join(dir, "sky.svg")},
			{"groundtrack", "--duration", "1h", "--step", "10m", "--plot", filepath.Join(dir, "gt.svg")},
		} {
			_, stderr, code := advRun(t, append(cmd, "--tle", path)...)
			want, _ := fx.want("catalog")
			if code != want {
				t.Errorf("%s %s: exit %d, want %d: %s", cmd[0], name, code, want, stderr)
			}
			for _, loc := range fx.problems {
				if n := strings.Count(stderr, path+":"+loc+":"); n != 1 {
					t.Errorf("%s %s: %s named %d times on stderr:\n%s", cmd[0], name, loc, n, stderr)
				}
			}
			if fx.fatal != "" && !strings.Contains(stderr, fmt.Sprintf(fx.fatal, path)) {
				t.Errorf("%s %s: stderr %q", cmd[0], name, stderr)
			}
		}
		if fx.fatal != "" {
			advNoFiles(t, dir)
		}
	}
}
