package main

// Tests of --nav and --sp3 (issue 13): every command takes broadcast
// navigation or precise orbits as its source of positions, with identities
// from the file, the engine and outputs unchanged.

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The real data of 2020-06-25 (ephemeris/rinex/testdata/README.md,
// ephemeris/sp3/testdata): a day of mixed broadcast navigation recorded at
// ESBC (Denmark) and the GFZ/CNES precise orbits of the same day.
var (
	srcNav = filepath.Join("..", "..", "ephemeris", "rinex", "testdata", "ESBC00DNK_R_20201770000_01D_MN.rnx.gz")
	srcSP3 = filepath.Join("..", "..", "ephemeris", "sp3", "testdata", "GRG0MGXFIN_20201770000_01D_15M_ORB.SP3.gz")
	// srcPeriod is inside both files.
	srcPeriod = []string{"--start", "2020-06-25T06:00:00Z", "--duration", "6h", "--step", "30m"}
	// esbc is the station that recorded the navigation file: every
	// satellite above its horizon has records.
	esbc = "55.6,12.5,50"
)

// srcCommands are the table commands with the arguments they need.
var srcCommands = map[string][]string{
	"compare":     {"compare", "--site", esbc},
	"dop":         {"dop", "--site", esbc},
	"coverage":    {"coverage", "--grid", "30"},
	"skyplot":     {"skyplot", "--site", esbc},
	"groundtrack": {"groundtrack"},
	"propagate":   {"propagate"},
}

// TestSourcesEveryCommand: every command runs on --nav and on --sp3, says
// which kind of source it used in the JSON provenance, and draws its
// figure.
func TestSourcesEveryCommand(t *testing.T) {
	dir := t.TempDir()
	for _, src := range [][]string{{"--nav", srcNav}, {"--sp3", srcSP3}} {
		kind := strings.TrimPrefix(src[0], "--")
		for name, args := range srcCommands {
			a := append(append(append([]string{}, args...), src...), srcPeriod...)
			a = append(a, "--systems", "gps,galileo,glonass")
			p := filepath.Join(dir, kind+"-"+name+".json")
			run1(t, append(a, "-o", p)...)
			var doc struct {
				Run struct {
					Inputs struct {
						Kind    string
						Sources []string
						SHA256  string
					}
				}
			}
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &doc); err != nil {
				t.Fatalf("%s %s: %v", kind, name, err)
			}
			if doc.Run.Inputs.Kind != kind || len(doc.Run.Inputs.Sources) != 1 || len(doc.Run.Inputs.SHA256) != 64 {
				t.Errorf("%s %s: run.inputs = %+v", kind, name, doc.Run.Inputs)
			}
			if name == "dop" || name == "skyplot" || name == "groundtrack" || name == "coverage" {
				png := filepath.Join(dir, kind+"-"+name+".png")
				run1(t, append(a, "--plot", png)...)
				if st, err := os.Stat(png); err != nil || st.Size() < 1000 {
					t.Errorf("%s %s --plot: %v", kind, name, err)
				}
			}
		}
	}
}

// TestSourcesBroadcastVersusPrecise: at the station that recorded the
// navigation file, GPS+Galileo DOP from broadcast orbits and from precise
// orbits agree to 0.01 wherever both see the same satellites (orbits a few
// metres apart move a 20 000 km line of sight by ~1e-7 rad), and the
// sets differ only where the files do: E14 (broadcast unhealthy, in its
// eccentric orbit) and G04 (absent from this SP3 file).
func TestSourcesBroadcastVersusPrecise(t *testing.T) {
	rows := func(src ...string) []map[string]string {
		a := append([]string{"dop", "--site", esbc, "--systems", "gps,galileo", "--format", "csv"}, srcPeriod...)
		out, _ := run1(t, append(a, src...)...)
		_, r := cmpReadCSV(t, out)
		return r
	}
	nav, sp3 := rows("--nav", srcNav), rows("--sp3", srcSP3)
	if len(nav) != 13 || len(sp3) != 13 {
		t.Fatalf("%d and %d rows, want 13", len(nav), len(sp3))
	}
	same := 0
	for i := range nav {
		if nav[i]["time_utc"] != sp3[i]["time_utc"] {
			t.Fatalf("row %d: times %s and %s", i, nav[i]["time_utc"], sp3[i]["time_utc"])
		}
		n1, _ := strconv.Atoi(nav[i]["n_visible"])
		n2, _ := strconv.Atoi(sp3[i]["n_visible"])
		if d := n1 - n2; d < -1 || d > 1 {
			t.Errorf("%s: %d visible from broadcast, %d from SP3", nav[i]["time_utc"], n1, n2)
		}
		if n1 != n2 {
			continue
		}
		same++
		for _, q := range []string{"gdop", "pdop", "hdop", "vdop", "tdop"} {
			a, b := cmpNumber(t, nav[i][q]), cmpNumber(t, sp3[i][q])
			if math.Abs(a-b) > 0.01 {
				t.Errorf("%s %s: %g from broadcast, %g from SP3", nav[i]["time_utc"], q, a, b)
			}
		}
	}
	if same < 4 {
		t.Errorf("the same number visible at only %d of 13 epochs", same)
	}
}

// TestSourcesCatalog: the catalog of a navigation file gives each
// satellite's identity from the file (GLONASS frequency channels, BeiDou
// orbit types) and where it has positions.
func TestSourcesCatalog(t *testing.T) {
	out, _ := run1(t, "catalog", "--nav", srcNav, "--systems", "glonass,beidou", "--format", "csv")
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	byPRN := map[string][]string{}
	for _, r := range recs[1:] {
		byPRN[r[col["prn"]]] = r
	}
	// Channels of 2020-06 (IAC constellation status) and BeiDou orbit types
	// (CSNO): R01 +1, R02 -4, R09 -2; C05 GEO, C06 IGSO, C11 MEO.
	for prn, want := range map[string][2]string{"R01": {"1", "MEO"}, "R02": {"-4", "MEO"}, "R09": {"-2", "MEO"}, "C05": {"", "GEO"}, "C06": {"", "IGSO"}, "C11": {"", "MEO"}} {
		r, ok := byPRN[prn]
		if !ok {
			t.Errorf("%s not listed", prn)
			continue
		}
		if r[col["glonass_channel"]] != want[0] || r[col["orbit"]] != want[1] {
			t.Errorf("%s: channel %q orbit %q, want %q %q", prn, r[col["glonass_channel"]], r[col["orbit"]], want[0], want[1])
		}
		if !strings.HasPrefix(r[col["reason"]], "positions 2020-06-2") {
			t.Errorf("%s: reason %q, want its coverage", prn, r[col["reason"]])
		}
	}
}

// TestSourcesRefused: one kind of source at a time, periods outside the
// data and unreadable files are usage or input errors that name the file.
func TestSourcesRefused(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.rnx")
	if err := os.WriteFile(bad, []byte("not a navigation file\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"dop", "--site", esbc, "--nav", srcNav, "--tle", "x.tle"}, exitUsage, "give one kind of satellite source"},
		{[]string{"dop", "--site", esbc, "--nav", srcNav, "--sp3", srcSP3}, exitUsage, "give one kind of satellite source"},
		{[]string{"dop", "--site", esbc, "--nav", srcNav, "--start", "2020-07-01T00:00:00Z", "--duration", "1h"}, exitUsage, "outside the navigation data (2020-06-24"},
		{[]string{"coverage", "--grid", "30", "--sp3", srcSP3, "--start", "2020-06-20T00:00:00Z", "--duration", "1h"}, exitUsage, "choose a --start inside the data"},
		{[]string{"dop", "--site", esbc, "--nav", bad}, 1, "bad.rnx"},
		{[]string{"dop", "--site", esbc, "--sp3", bad}, 1, "bad.rnx"},
		{[]string{"dop", "--site", esbc, "--nav", "missing.rnx"}, 1, "missing.rnx"},
	} {
		_, errs, code := runCLI(t, c.args...)
		if code != c.code || !strings.Contains(errs, c.want) || strings.Contains(errs, "goroutine") {
			t.Errorf("gnssim %s: exit %d, want %d with %q:\n%s", strings.Join(c.args, " "), code, c.code, c.want, errs)
		}
	}
}

// TestSourcesGapsReported: satellites the station did not record have
// gaps; they are reported (a bounded number of lines) and never
// extrapolated, and --strict does not turn gaps into failures (they are
// a property of the data, not an error).
func TestSourcesGapsReported(t *testing.T) {
	a := append([]string{"dop", "--site", "beijing", "--nav", srcNav, "--format", "csv"}, srcPeriod...)
	_, errs := run1(t, a...)
	if n := strings.Count(errs, "(the first epoch without one)"); n == 0 || n > 5 {
		t.Errorf("%d gap lines, want 1..5:\n%s", n, errs)
	}
	if !strings.Contains(errs, "more satellites have gaps in the nav data") {
		t.Errorf("no summary of the remaining gaps:\n%s", errs)
	}
}

// TestSourcesScenario: a scenario takes nav: or sp3: files (paths relative
// to the scenario file) like tle:, propagates them once for every step,
// and its summary and commands.sh name them; two kinds are refused at the
// line of the second.
func TestSourcesScenario(t *testing.T) {
	dir := t.TempDir()
	nav, err := filepath.Abs(srcNav)
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(dir, "s.yaml")
	scnWriteFile(t, src, "nav: "+nav+"\nsystems: [gps, galileo]\nstart: 2020-06-25T06:00:00Z\nduration: 2h\nstep: 30m\nsites: [\""+esbc+"\"]\noutputs: [compare, dop_csv, catalog, summary]\n")
	out := filepath.Join(dir, "out")
	_, stderr, code := runCLI(t, "run", src, "--out", out)
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	sum := scnReadString(t, filepath.Join(out, "summary.md"))
	if !strings.Contains(sum, "- Broadcast navigation: `"+nav+"`") {
		t.Errorf("summary.md does not name the navigation file:\n%s", sum)
	}
	if !strings.Contains(scnReadString(t, filepath.Join(out, "commands.sh")), "--nav "+nav) {
		t.Error("commands.sh does not pass --nav")
	}
	// The scenario's dop.csv is the command line's.
	want, _ := run1(t, "dop", "--nav", nav, "--systems", "gps,galileo", "--start", "2020-06-25T06:00:00Z", "--duration", "2h", "--step", "30m", "--site", esbc, "--format", "csv")
	if got := scnReadString(t, filepath.Join(out, "dop.csv")); got != want {
		t.Errorf("dop.csv differs from gnssim dop:\n%s\nwant\n%s", got, want)
	}

	scnWriteFile(t, src, "nav: "+nav+"\nsp3: "+nav+"\nsites: [moscow]\n")
	_, stderr, code = runCLI(t, "run", src)
	if code == exitOK || !strings.Contains(stderr, "s.yaml:2: field sp3: the scenario already takes its satellites from nav:") {
		t.Errorf("nav: and sp3: exit %d:\n%s", code, stderr)
	}
}

// TestSourcesDefaultPeriodEndsWithData: without --duration a period on an
// SP3 file ends where the file does (its last epoch, 24:00 GPST, is 18 s
// before 24:00 UTC) instead of running into an epoch without any
// position; a --duration given is kept (and that epoch reported as a gap);
// a scenario without duration: does the same and its commands.sh
// reproduces it.
func TestSourcesDefaultPeriodEndsWithData(t *testing.T) {
	epochs := func(args ...string) (int, string) {
		out, errs := run1(t, append([]string{"dop", "--site", esbc, "--sp3", srcSP3, "--step", "5m", "--format", "csv"}, args...)...)
		_, r := cmpReadCSV(t, out)
		return len(r), errs
	}
	// GRG's file ends at 23:45 GPST = 23:44:42 UTC: 00:00 … 23:40 at 5 min.
	if n, errs := epochs(); n != 285 || strings.Contains(errs, "has no position") {
		t.Errorf("default period: %d epochs (want 285), stderr:\n%s", n, errs)
	}
	if n, errs := epochs("--duration", "24h"); n != 289 || !strings.Contains(errs, "has no position at 2020-06-25T23:45:00Z") {
		t.Errorf("--duration 24h: %d epochs (want 289), stderr:\n%s", n, errs)
	}

	dir := t.TempDir()
	sp3, err := filepath.Abs(srcSP3)
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(dir, "s.yaml")
	scnWriteFile(t, src, "sp3: "+sp3+"\nsystems: [gps, galileo]\nstep: 5m\nsites: [\""+esbc+"\"]\noutputs: [dop_csv]\n")
	out := filepath.Join(dir, "out")
	if _, stderr, code := runCLI(t, "run", src, "--out", out); code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if cmds := scnReadString(t, filepath.Join(out, "commands.sh")); !strings.Contains(cmds, "--duration 23h40m") {
		t.Errorf("commands.sh does not end the period with the data:\n%s", cmds)
	}
	_, r := cmpReadCSV(t, scnReadString(t, filepath.Join(out, "dop.csv")))
	if len(r) != 285 {
		t.Errorf("scenario dop.csv: %d epochs, want 285", len(r))
	}
}
