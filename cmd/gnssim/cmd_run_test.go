package main

import (
	"bytes"
	"context"
	"github.com/gnssim/gnssim/cmd/gnssim/internal/scenario"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// scnExampleCase lists what each example must write over a shortened period.
var scnExampleCases = []struct {
	name  string
	heavy bool // skipped under -short
	files []string
	// text summary.md must contain besides the variants
	mentions []string
}{
	{"moscow-beijing", false,
		[]string{"commands.sh", "summary.md", "compare-sites.txt", "compare-sites.csv", "dop.csv", "dop-moscow.png", "dop-beijing.png",
			"skyplot-moscow.png", "skyplot-beijing.png", "groundtrack.png", "catalog.csv"},
		[]string{"moscow", "beijing", "GLONASS 23, BeiDou 50"}},
	{"urban-canyon", false,
		[]string{"commands.sh", "summary.md", "mask.txt", "compare-sites.txt", "compare-sites.csv", "dop.csv", "dop.png", "skyplot-hong-kong.png"},
		[]string{"hong-kong", "azimuth-dependent, 36 points, 5° to 60° (mask.txt)"}},
	{"arctic", true,
		[]string{"commands.sh", "summary.md", "compare-sites.txt", "compare-sites.csv", "dop.csv", "dop-longyearbyen.png", "dop-murmansk.png",
			"dop-norilsk.png", "skyplot-longyearbyen.png", "skyplot-murmansk.png", "skyplot-norilsk.png", "groundtrack.png"},
		[]string{"longyearbyen", "murmansk", "norilsk"}},
	{"asia-pacific", true,
		[]string{"commands.sh", "summary.md", "compare-region.txt", "compare-region.csv", "coverage.csv",
			"coverage-availability.png", "coverage-mean_pdop.png", "coverage-availability-glonass.png", "coverage-mean_pdop-beidou.png"},
		[]string{"over the region", "Region: latitude -50° to 60°, longitude 60° to 180°, 2° grid.", "Map of availability, GLONASS alone"}},
}

// TestScenarioExamples runs every example scenario over 2 h at 30 min steps
// and checks its files, its summary and its command list.
func TestScenarioExamples(t *testing.T) {
	for _, ex := range scnExampleCases {
		t.Run(ex.name, func(t *testing.T) {
			if ex.heavy && testing.Short() {
				t.Skip("heavier example; run without -short")
			}
			path := filepath.Join("examples", "scenarios", ex.name+".yaml")
			out := filepath.Join(t.TempDir(), "out")
			stdout, stderr, code := runCLI(t, "run", path, "--duration", "2h", "--step", "30m", "--out", out)
			if code != exitOK {
				t.Fatalf("exit %d\nstderr:\n%s", code, stderr)
			}
			if !strings.Contains(stdout, "results in "+out) {
				t.Errorf("stdout %q", stdout)
			}
			for _, f := range ex.files {
				st, err := os.Stat(filepath.Join(out, f))
				if err != nil || st.Size() == 0 {
					t.Errorf("%s missing or empty: %v", f, err)
					continue
				}
				if strings.HasSuffix(f, ".png") {
					fh, _ := os.Open(filepath.Join(out, f))
					if _, err := png.Decode(fh); err != nil {
						t.Errorf("%s does not decode as PNG: %v", f, err)
					}
					fh.Close()
				}
			}
			scnNoTempFiles(t, out)
			sum := scnReadString(t, filepath.Join(out, "summary.md"))
			// Each variant: the systems alone and the combination, in the comparison table.
			for _, v := range []string{"\n  GLONASS ", "\n  BeiDou ", "\n  GLONASS+BeiDou ", "period 2026-03-19T00:00:00Z to 2026-03-19T02:00:00Z"} {
				if !strings.Contains(sum, v) {
					t.Errorf("summary.md lacks %q", v)
				}
			}
			for _, m := range ex.mentions {
				if !strings.Contains(sum, m) {
					t.Errorf("summary.md lacks %q", m)
				}
			}
			for _, f := range ex.files {
				if f != "summary.md" && f != "commands.sh" && f != "mask.txt" && !strings.HasSuffix(f, ".txt") && !strings.Contains(sum, "("+f+")") {
					t.Errorf("summary.md does not link %s", f)
				}
			}
			if !strings.Contains(sum, "- Period: 2026-03-19T00:00:00Z to 2026-03-19T02:00:00Z, step 30m, 5 epochs") {
				t.Errorf("summary.md lacks the period line:\n%s", sum)
			}
			// The built-in snapshot has two BeiDou IGSO sets more than 7 days
			// old (SOURCES.md: epochs from 2026-02-26): warned once, reported.
			if n := strings.Count(stderr, "more than 7 days"); n != 1 {
				t.Errorf("stale warning printed %d times, want once:\n%s", n, stderr)
			}
			if !strings.Contains(sum, "## Warnings\n\n- warning: 2 element set(s) are more than 7 days") {
				t.Errorf("summary.md lacks the staleness warning")
			}
			// commands.sh is what --dry-run prints.
			dry, _, code := runCLI(t, "run", path, "--duration", "2h", "--step", "30m", "--out", out, "--dry-run")
			if code != exitOK || dry != scnReadString(t, filepath.Join(out, "commands.sh")) {
				t.Errorf("--dry-run (exit %d) differs from commands.sh:\n%s", code, dry)
			}
		})
	}
}

// TestScenarioCommandsReproduce runs the lines of commands.sh one by one and
// checks that they rewrite exactly the bytes gnssim run wrote.
func TestScenarioCommandsReproduce(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	src := filepath.Join(dir, "s.yaml")
	scnWriteFile(t, src, `name: reproduce
sites: [beijing, {name: North Pole, lat_deg: 90, lon_deg: 0, height_m: 2835}]
region: {lat_min_deg: 30, lat_max_deg: 60, lon_min_deg: 90, lon_max_deg: 120, grid_deg: 15}
mask: {azimuth: [[0, 5], [90, 30], [180, 5], [270, 30]]}
clock: common
weighting: elevation
pdop_max: 4
outputs: [compare, dop_csv, coverage_csv, coverage_plot, catalog, summary]
coverage_plots: [mean_visible]
`)
	_, stderr, code := runCLI(t, "run", src, "--duration", "1h", "--step", "20m", "--out", out)
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	want := map[string][]byte{}
	for _, f := range []string{"compare-sites.txt", "compare-sites.csv", "compare-region.txt", "compare-region.csv", "dop.csv", "coverage.csv", "catalog.csv",
		"coverage-mean_visible.png", "coverage-mean_visible-glonass.png", "coverage-mean_visible-beidou.png", "mask.txt"} {
		b, err := os.ReadFile(filepath.Join(out, f))
		if err != nil {
			t.Fatal(err)
		}
		want[f] = b
		os.Remove(filepath.Join(out, f))
	}
	script := scnReadString(t, filepath.Join(out, "commands.sh"))
	for _, w := range []string{"--clock common", "--weighting elevation", "--pdop-max 4", "--site 'North Pole=90,0,2835'", "--region 30,60,90,120 --grid 15",
		"--mask-file " + filepath.Join(out, "mask.txt"), "--systems glonass ", "> /dev/null"} {
		if !strings.Contains(script, w) {
			t.Errorf("commands.sh lacks %q:\n%s", w, script)
		}
	}
	// mask.txt is the one input gnssim run writes itself.
	scnWriteFile(t, filepath.Join(out, "mask.txt"), string(want["mask.txt"]))
	n := 0
	for _, line := range strings.Split(script, "\n") {
		if !strings.HasPrefix(line, "gnssim ") {
			continue
		}
		line = strings.TrimSuffix(line, " > /dev/null")
		args, err := scnSplitShell(strings.TrimPrefix(line, "gnssim "))
		if err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		if _, errs, code := runCLI(t, args...); code != exitOK {
			t.Fatalf("%s: exit %d\n%s", line, code, errs)
		}
		n++
	}
	if n < 8 {
		t.Fatalf("commands.sh has %d commands:\n%s", n, script)
	}
	for f, b := range want {
		got, err := os.ReadFile(filepath.Join(out, f))
		if err != nil || !bytes.Equal(got, b) {
			t.Errorf("%s: commands.sh did not reproduce the bytes gnssim run wrote (err %v)", f, err)
		}
	}
	sum := scnReadString(t, filepath.Join(out, "summary.md"))
	for _, w := range []string{"PDOP ≤ 4", "Receiver clock: common; weighting: elevation", "common clock, elevation weighting", "| North Pole | 90.0000 | 0.0000 | 2835 |"} {
		if !strings.Contains(sum, w) {
			t.Errorf("summary.md lacks %q", w)
		}
	}
}

// TestScenarioOnSnapshot20240716 runs a scenario on the 2024-07-16 element
// sets named in the file (the "done when").
func TestScenarioOnSnapshot20240716(t *testing.T) {
	dir := t.TempDir()
	snap, err := filepath.Abs("../../testdata/tle/2024-07-16")
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(dir, "s.yaml")
	scnWriteFile(t, src, "tle:\n  - "+filepath.Join(snap, "glonass.tle")+"\n  - "+filepath.Join(snap, "beidou.tle")+
		"\nsites: [moscow]\nduration: 2h\nstep: 30m\noutputs: [compare, dop_csv, catalog, summary]\n")
	out := filepath.Join(dir, "out")
	_, stderr, code := runCLI(t, "run", src, "--out", out)
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	sum := scnReadString(t, filepath.Join(out, "summary.md"))
	for _, w := range []string{filepath.Join(snap, "glonass.tle"), "- Period: 2024-07-16T00:00:00Z to 2024-07-16T02:00:00Z, step 30m, 5 epochs", "\n  GLONASS+BeiDou "} {
		if !strings.Contains(sum, w) {
			t.Errorf("summary.md lacks %q:\n%s", w, sum)
		}
	}
	if !strings.Contains(scnReadString(t, filepath.Join(out, "dop.csv")), "moscow,2024-07-16T02:00:00Z,") {
		t.Error("dop.csv lacks the last epoch")
	}
}

func TestScenarioCommandLineErrors(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	scnWriteFile(t, good, "sites: [moscow]\n")
	huge := filepath.Join(dir, "huge.yaml")
	scnWriteFile(t, huge, "sites: [moscow]\nduration: 3000d\nstep: 1s\n")
	bad := filepath.Join(dir, "bad.yaml")
	scnWriteFile(t, bad, "sites: [moscow]\nmask:\n  elevation_deg: 95\n")
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"run"}, exitUsage, "want exactly one scenario file"},
		{[]string{"run", good, good}, exitUsage, "want exactly one scenario file"},
		{[]string{"run", good, "--duration", "soon"}, exitUsage, `--duration: duration "soon"`},
		{[]string{"run", good, "--step", "0s"}, exitUsage, "--step 0s must be positive"},
		{[]string{"run", good, "--start", "noon"}, exitUsage, `--start: time "noon"`},
		{[]string{"run", "example:mars"}, exitUsage, "example:moscow-beijing"},
		{[]string{"run", bad}, exitRuntime, bad + ":3: field mask.elevation_deg: want a number in [0, 90), got 95"},
		{[]string{"run", filepath.Join(dir, "none.yaml")}, exitRuntime, "no such file"},
		// 3000 d at 1 s is 3000·86400 + 1 epochs, above load.go's maxEpochs.
		{[]string{"run", huge}, exitRuntime, huge + ": duration 3000d at step 1s is 259200001 epochs"},
		{[]string{"run", huge, "--step", "1s"}, exitUsage, "--duration 3000d at --step 1s is 259200001 epochs"},
	} {
		_, errs, code := runCLI(t, tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tc.args, code, errs, tc.code, tc.want)
		}
	}
	out, _, code := runCLI(t, "run", "--help")
	if code != exitOK || !strings.Contains(out, "gnssim run example:moscow-beijing --duration 6h") {
		t.Errorf("--help: exit %d\n%s", code, out)
	}
}

// TestScenarioStepRefused: a step that a command refuses (here compare's
// work limit: a 0.1° global grid at a 10 s step is 5.6e10 cell-epochs)
// fails the run with exit 1, naming the command and the flag to change;
// nothing heavy ran before the refusal.
func TestScenarioStepRefused(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "big.yaml")
	scnWriteFile(t, src, "region: {lat_min_deg: -90, lat_max_deg: 90, lon_min_deg: -180, lon_max_deg: 180, grid_deg: 0.1}\nduration: 24h\nstep: 10s\n")
	out := filepath.Join(dir, "out")
	_, errs, code := runCLI(t, "run", src, "--out", out)
	if code != exitRuntime {
		t.Fatalf("exit %d, want %d\n%s", code, exitRuntime, errs)
	}
	for _, w := range []string{"step 1 of", "gnssim compare", "refused", "receiver-epochs", "--force"} {
		if !strings.Contains(errs, w) {
			t.Errorf("stderr lacks %q:\n%s", w, errs)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "summary.md")); err == nil {
		t.Error("summary.md written after a failed step")
	}
}

// TestScenarioInterrupted: a cancelled run exits 130 and leaves no partial file.
func TestScenarioInterrupted(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var so, se bytes.Buffer
	code := run(ctx, []string{"run", "example:moscow-beijing", "--duration", "1h", "--out", out}, strings.NewReader(""), &so, &se)
	if code != exitInterrupted {
		t.Fatalf("exit %d, want %d\n%s", code, exitInterrupted, se.String())
	}
	ents, _ := os.ReadDir(out)
	for _, e := range ents {
		t.Errorf("file left behind: %s", e.Name())
	}
}

// TestScenarioDryRunGolden pins the command lines of the Moscow–Beijing example.
func TestScenarioDryRunGolden(t *testing.T) {
	out, errs, code := runCLI(t, "run", "examples/scenarios/moscow-beijing.yaml", "--dry-run", "--out", "out/moscow-beijing")
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	golden(t, "scenario_moscow-beijing_commands.sh", []byte(out))
	// The embedded copy is the same file.
	emb, _, code := runCLI(t, "run", "example:moscow-beijing", "--dry-run", "--out", "out/moscow-beijing")
	emb = strings.Replace(emb, "(example:moscow-beijing)", "(examples/scenarios/moscow-beijing.yaml)", 1)
	if code != exitOK || emb != out {
		t.Errorf("example:moscow-beijing differs from the file:\n%s", emb)
	}
}

func TestScnShellQuoteRoundTrip(t *testing.T) {
	for _, a := range []string{"plain", "with space", "it's", "", "a=b,c", "$HOME", "x'y'z"} {
		got, err := scnSplitShell("cmd " + scenario.ShellQuote(a))
		if err != nil || len(got) != 2 || got[1] != a {
			t.Errorf("%q: quoted %s, split back %q (%v)", a, scenario.ShellQuote(a), got, err)
		}
	}
}

func scnWriteFile(t testing.TB, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// scnSplitShell splits a line quoted by scnShellQuote (words separated by
// spaces, single quotes, '\” for a quote).
func scnSplitShell(line string) ([]string, error) {
	var out []string
	var cur strings.Builder
	inWord, inQuote := false, false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case inQuote && c == '\'':
			inQuote = false
		case inQuote:
			cur.WriteByte(c)
		case c == '\'':
			inQuote, inWord = true, true
		case c == '\\' && i+1 < len(line):
			i++
			cur.WriteByte(line[i])
			inWord = true
		case c == ' ':
			if inWord {
				out = append(out, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inQuote {
		return nil, os.ErrInvalid
	}
	if inWord {
		out = append(out, cur.String())
	}
	return out, nil
}

func scnNoTempFiles(t *testing.T, dir string) {
	t.Helper()
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
}

func scnReadString(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
