package scenario

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/sim"
)

// TestParseScenarioFull reads a scenario using every field and checks each
// value as the loader must resolve it.
func TestParseScenarioFull(t *testing.T) {
	dir := t.TempDir()
	scnWriteFile(t, filepath.Join(dir, "data", "a.tle"), "x")
	scnWriteFile(t, filepath.Join(dir, "sky.txt"), "0 5\n90 20\n180 5\n270 20\n")
	src := `# a comment
name: Full test
description: |
  Two lines
  of text.
tle: [data/a.tle, "cache:glonass", cache:beidou:tle]
systems: [R, beidou]
start: 2026-03-18T06:00:00Z
duration: 2d
step: 5m
sites:
  - moscow
  - 39.9,116.4,50
  - {name: Base camp, lat_deg: -77.85, lon_deg: 200, height_m: 20}
  - name: Tokyo
region: {lat_min_deg: -50, lat_max_deg: 60, lon_min_deg: 60, lon_max_deg: 180, grid_deg: 2}
mask: {file: sky.txt}
clock: common
weighting: elevation
pdop_max: 4.5
include_nonoperational: true
outputs: [summary, compare, coverage_plot, skyplot]
coverage_plots: [mean_pdop]
out: results/full
`
	path := filepath.Join(dir, "full.yaml")
	s, err := Parse(path, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	check := func(what string, got, want any) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %#v, want %#v", what, got, want)
		}
	}
	check("name", s.Name, "Full test")
	check("description", s.Description, "Two lines\nof text.")
	check("tle", s.Inputs.TLE, []string{filepath.Join(dir, "data", "a.tle"), "cache:glonass", "cache:beidou:tle"})
	check("systems", s.Inputs.Systems, []ephemeris.System{ephemeris.GLONASS, ephemeris.BeiDou})
	check("start", s.Start, time.Date(2026, 3, 18, 6, 0, 0, 0, time.UTC))
	check("duration", s.Duration, 48*time.Hour)
	check("step", s.Step, 5*time.Minute)
	var args []string
	for _, st := range s.Sites {
		args = append(args, st.Arg)
	}
	// Longitude 200° east is -160°; a mapping with only a name is a built-in city.
	check("site args", args, []string{"moscow", "39.9,116.4,50", "Base camp=-77.85,-160,20", "tokyo"})
	check("site 3", s.Sites[2].Site, sim.Site{Name: "Base camp", LatDeg: -77.85, LonDeg: -160, HeightM: 20})
	check("region", *s.Region, Region{LatMin: -50, LatMax: 60, LonMin: 60, LonMax: 180, Grid: 2})
	check("region arg", s.Region.Arg(), "-50,60,60,180")
	check("mask file", s.Mask.File, filepath.Join(dir, "sky.txt"))
	check("clock", s.Clock, sim.ClockCommon)
	check("weighting", s.Weighting, sim.WeightElevation)
	check("pdop_max", s.PDOPMax, 4.5)
	check("include_nonoperational", s.Inputs.IncludeNonOperational, true)
	// Outputs come back in production order, whatever order the file lists.
	check("outputs", s.Outputs, []string{outCompare, outSkyplot, outCoveragePlot, outSummary})
	check("coverage_plots", s.CoveragePlots, []string{"mean_pdop"})
	check("out", s.Out, filepath.Join(dir, "results", "full"))
}

// TestParseScenarioDefaults: a minimal file gets the commands' defaults and
// every output that applies.
func TestParseScenarioDefaults(t *testing.T) {
	s, err := Parse("dir/min.yml", []byte("sites: [beijing]\nmask: {azimuth: [[0, 5], [180, 30.5]]}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "min" || s.Duration != 24*time.Hour || s.Step != time.Minute || !s.Start.IsZero() || len(s.Inputs.TLE) != 0 || s.Out != "" {
		t.Errorf("defaults: %+v", s)
	}
	if !reflect.DeepEqual(s.Inputs.Systems, []ephemeris.System{ephemeris.GLONASS, ephemeris.BeiDou}) {
		t.Errorf("systems %v", s.Inputs.Systems)
	}
	want := []string{outCompare, outDOPCSV, outDOPPlot, outSkyplot, outGroundtrack, outCatalog, outSummary}
	if !reflect.DeepEqual(s.Outputs, want) {
		t.Errorf("outputs %v, want %v", s.Outputs, want)
	}
	if !reflect.DeepEqual(s.Mask.Azimuth, []sim.MaskPoint{{AzDeg: 0, ElDeg: 5}, {AzDeg: 180, ElDeg: 30.5}}) {
		t.Errorf("mask %+v", s.Mask)
	}
	s, err = Parse("r.yaml", []byte("region: {lat_min_deg: 0, lat_max_deg: 10, lon_min_deg: 0, lon_max_deg: 10}\ntle: builtin\n"))
	if err != nil {
		t.Fatal(err)
	}
	want = []string{outCompare, outCoverageCSV, outCoveragePlot, outGroundtrack, outCatalog, outSummary}
	if !reflect.DeepEqual(s.Outputs, want) || s.Region.Grid != 2 || s.Mask.ElevationDeg != 10 || len(s.Inputs.TLE) != 0 ||
		!reflect.DeepEqual(s.CoveragePlots, []string{"availability", "mean_pdop"}) {
		t.Errorf("region defaults: outputs %v, grid %g, mask %+v, tle %v, plots %v", s.Outputs, s.Region.Grid, s.Mask, s.Inputs.TLE, s.CoveragePlots)
	}
}

// TestParseScenarioErrors: every unknown key and bad value is refused with
// the file, the line and the field.
func TestParseScenarioErrors(t *testing.T) {
	dir := t.TempDir()
	scnWriteFile(t, filepath.Join(dir, "bad-mask.txt"), "0 5\n90 abc\n")
	const f = "s.yaml"
	tests := []struct {
		name, src, want string
	}{
		{"empty", "", "s.yaml: empty scenario file"},
		{"comment only", "# nothing\n", "s.yaml: empty scenario file"},
		{"not a mapping", "- moscow\n", "s.yaml:1: a scenario is a YAML mapping"},
		{"syntax", "sites: [moscow\nmask: 3\n", "s.yaml:1: YAML syntax: did not find expected ',' or ']'"},
		{"tab indentation", "sites:\n\t- moscow\n", "s.yaml:2: YAML syntax:"},
		{"two documents", "sites: [moscow]\n---\nsites: [paris]\n", "s.yaml:2: a second YAML document"},
		{"binary", "sites: [moscow]\x00\x01", "not a text file"},
		{"unknown key", "sites: [moscow]\nsite: paris\n", `s.yaml:2: unknown field "site"`},
		{"unknown key in mask", "sites: [moscow]\nmask:\n  elevation: 10\n", `s.yaml:3: unknown field "elevation" in mask`},
		{"duplicate key", "sites: [moscow]\nstep: 60s\nstep: 30s\n", "s.yaml:3: field step: given twice (first at line 2)"},
		{"no sites or region", "name: x\n", "s.yaml:1: no sites: and no region:"},
		{"mask out of range", "sites: [moscow]\nmask:\n  elevation_deg: 95\n", "s.yaml:3: field mask.elevation_deg: want a number in [0, 90), got 95"},
		{"mask 90", "sites: [moscow]\nmask: {elevation_deg: 90}\n", "s.yaml:2: field mask.elevation_deg: want a number in [0, 90), got 90"},
		{"mask quoted", "sites: [moscow]\nmask: {elevation_deg: \"10\"}\n", `field mask.elevation_deg: want a number in [0, 90), got the value "10"`},
		{"mask nan", "sites: [moscow]\nmask: {elevation_deg: .nan}\n", "field mask.elevation_deg: want a number in [0, 90)"},
		{"mask scalar", "sites: [moscow]\nmask: 10\n", "s.yaml:2: field mask: want a mapping of fields"},
		{"mask two kinds", "sites: [moscow]\nmask: {elevation_deg: 5, file: m.txt}\n", "s.yaml:2: field mask: give one of elevation_deg, azimuth or file"},
		{"mask empty", "sites: [moscow]\nmask: {}\n", "field mask: give one of"},
		{"azimuth not pairs", "sites: [moscow]\nmask:\n  azimuth:\n    - [0, 5]\n    - [90]\n", "s.yaml:5: field mask.azimuth[1]: want a pair"},
		{"azimuth order", "sites: [moscow]\nmask:\n  azimuth: [[90, 5], [45, 10]]\n", "s.yaml:3: field mask.azimuth[1]: azimuth 45° after 90°"},
		{"azimuth 360", "sites: [moscow]\nmask:\n  azimuth: [[0, 5], [360, 10]]\n", "field mask.azimuth[1] azimuth: want a number in [0, 360), got 360"},
		{"azimuth el", "sites: [moscow]\nmask:\n  azimuth: [[0, -5]]\n", "field mask.azimuth[0] elevation: want a number in [0, 90), got -5"},
		{"mask file missing", "sites: [moscow]\nmask: {file: nope.txt}\n", "s.yaml:2: field mask.file:"},
		{"mask file bad", "sites: [moscow]\nmask: {file: " + filepath.Join(dir, "bad-mask.txt") + "}\n", "bad-mask.txt:2: elevation \"abc\" is not a number"},
		{"unknown city", "sites: [atlantis]\n", `s.yaml:1: field sites[0]: unknown site "atlantis"`},
		{"unknown city mapping", "sites:\n  - name: atlantis\n", `s.yaml:2: field sites[0]: unknown city "atlantis"`},
		{"site lat", "sites:\n  - {name: x, lat_deg: 91, lon_deg: 0}\n", "s.yaml:2: field sites[0].lat_deg: want a number in [-90, 90], got 91"},
		{"site lon missing", "sites:\n  - {name: x, lat_deg: 10}\n", "s.yaml:2: field sites[0]: want lat_deg and lon_deg"},
		{"site height", "sites:\n  - {name: x, lat_deg: 10, lon_deg: 0, height_m: 200000}\n", "field sites[0].height_m: want a number in [-1000, 100000], got 200000"},
		{"site field", "sites:\n  - {name: x, lat: 10, lon_deg: 0}\n", `s.yaml:2: unknown field "lat" in sites[0]`},
		{"site name", "sites:\n  - {name: \"a=b\", lat_deg: 10, lon_deg: 0}\n", "field sites[0].name: want a name of letters"},
		{"site twice", "sites:\n  - moscow\n  - Moscow\n", `s.yaml:3: field sites[1]: site "moscow" is listed twice (first at line 2)`},
		{"site name in string", "sites: [\"a/b=1,2\"]\n", "s.yaml:1: field sites[0]: want a site name of letters"},
		{"site coords", "sites: [\"91,0\"]\n", "latitude 91° outside [-90, 90]"},
		{"sites empty", "sites: []\n", "s.yaml:1: field sites: empty list"},
		{"sites scalar", "sites: moscow\n", "s.yaml:1: field sites: want a list"},
		{"region missing", "region: {lat_min_deg: 0, lat_max_deg: 10, lon_min_deg: 0}\n", "s.yaml:1: field region: lon_max_deg missing"},
		{"region off grid", "region: {lat_min_deg: 1, lat_max_deg: 10, lon_min_deg: 0, lon_max_deg: 10, grid_deg: 2}\n", "s.yaml:1: field region: LatMinDeg 1° is not on the global 2° grid"},
		{"region inverted", "region: {lat_min_deg: 10, lat_max_deg: 0, lon_min_deg: 0, lon_max_deg: 10}\n", "field region: latitude range [10, 0]° invalid"},
		{"region grid 0", "region:\n  lat_min_deg: 0\n  lat_max_deg: 10\n  lon_min_deg: 0\n  lon_max_deg: 10\n  grid_deg: 0\n", "s.yaml:6: field region.grid_deg: want a number in (0, 90], got 0"},
		{"region grid 7", "region: {lat_min_deg: 0, lat_max_deg: 10, lon_min_deg: 0, lon_max_deg: 10, grid_deg: 7}\n", "does not divide 180"},
		{"systems", "sites: [moscow]\nsystems: [glonass, mars]\n", `s.yaml:2: field systems: unknown navigation system "mars"`},
		{"systems twice", "sites: [moscow]\nsystems: [R, glonass]\n", "s.yaml:2: field systems: system glonass listed twice"},
		{"start", "sites: [moscow]\nstart: yesterday\n", `s.yaml:2: field start: time "yesterday"`},
		{"duration", "sites: [moscow]\nduration: 24 hours\n", `s.yaml:2: field duration: duration "24 hours"`},
		{"duration number", "sites: [moscow]\nduration: 3600\n", `field duration: duration "3600"`},
		{"step zero", "sites: [moscow]\nstep: 0s\n", "s.yaml:2: field step: 0s must be positive"},
		{"step null", "sites: [moscow]\nstep:\n", "s.yaml:2: field step: want a text value, got an empty value"},
		{"clock", "sites: [moscow]\nclock: atomic\n", `s.yaml:2: field clock: want per-system or common, got "atomic"`},
		{"weighting", "sites: [moscow]\nweighting: snr\n", `field weighting: want none or elevation, got "snr"`},
		{"pdop_max", "sites: [moscow]\npdop_max: 0\n", "field pdop_max: want a number in (0, 1000], got 0"},
		{"pdop_max text", "sites: [moscow]\npdop_max: six\n", "field pdop_max: want a number"},
		{"include bool", "sites: [moscow]\ninclude_nonoperational: maybe\n", "field include_nonoperational: want true or false"},
		{"outputs unknown", "sites: [moscow]\noutputs: [compare, pdf]\n", `s.yaml:2: field outputs[1]: unknown output "pdf"`},
		{"outputs twice", "sites: [moscow]\noutputs:\n  - compare\n  - compare\n", "s.yaml:4: field outputs[1]: output compare listed twice"},
		{"outputs needs region", "sites: [moscow]\noutputs: [coverage_plot]\n", "field outputs[0]: output coverage_plot needs region:"},
		{"outputs needs sites", "region: {lat_min_deg: 0, lat_max_deg: 10, lon_min_deg: 0, lon_max_deg: 10}\noutputs: [skyplot]\n", "output skyplot needs sites:"},
		{"coverage_plots unknown", "region: {lat_min_deg: 0, lat_max_deg: 10, lon_min_deg: 0, lon_max_deg: 10}\ncoverage_plots: [hdop]\n", `field coverage_plots[0]: unknown quantity "hdop"`},
		{"coverage_plots without region", "sites: [moscow]\ncoverage_plots: [mean_pdop]\n", "field coverage_plots: needs region:"},
		{"tle missing file", "sites: [moscow]\ntle: [nope.tle]\n", "s.yaml:2: field tle[0]: element-set file nope.tle"},
		{"tle builtin mixed", "sites: [moscow]\ntle: [builtin, " + filepath.Join(dir, "bad-mask.txt") + "]\n", "field tle[0]: builtin stands alone"},
		{"tle bad cache group", "sites: [moscow]\ntle: \"cache:a/b\"\n", "field tle: invalid CelesTrak group name"},
		{"tle bad cache format", "sites: [moscow]\ntle: \"cache:glonass:yaml\"\n", `field tle: unknown CelesTrak format "yaml"`},
		{"tle folder", "sites: [moscow]\ntle: " + dir + "\n", "is a folder"},
		{"name empty", "sites: [moscow]\nname: \"\"\n", "field name: want a one-line name"},
		{"name mapping", "sites: [moscow]\nname: {a: 1}\n", "s.yaml:2: field name: want a text value, got a mapping"},
		{"out empty", "sites: [moscow]\nout: \" \"\n", "field out: want a folder name"},
		{"merge key", "base: &b {elevation_deg: 5}\nsites: [moscow]\n", `s.yaml:1: unknown field "base"`},
		{"key not scalar", "? [a, b]\n: 1\n", "want a field name"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(f, []byte(tc.src))
			if err == nil {
				t.Fatalf("accepted:\n%s", tc.src)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error\n  %v\nwant it to contain\n  %s", err, tc.want)
			}
			if strings.Count(err.Error(), "\n") > 1 {
				t.Errorf("error is more than two lines: %q", err)
			}
		})
	}
}

// TestParseScenarioAliases: YAML anchors and aliases work and cannot blow up.
func TestParseScenarioAliases(t *testing.T) {
	s, err := Parse("a.yaml", []byte("sites: &s [moscow, beijing]\nmask: &m {elevation_deg: 15}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Sites) != 2 || s.Mask.ElevationDeg != 15 {
		t.Errorf("sites %v mask %+v", s.Sites, s.Mask)
	}
	// A list of aliases to a long list is bounded by the entry limits.
	var b strings.Builder
	b.WriteString("x: &a [")
	for i := 0; i < 100; i++ {
		b.WriteString("[0, 5],")
	}
	b.WriteString("]\nsites: [moscow]\n")
	if _, err := Parse("a.yaml", []byte(b.String())); err == nil || !strings.Contains(err.Error(), `unknown field "x"`) {
		t.Errorf("want the unknown field x, got %v", err)
	}
}

// TestLoadScenarioFileErrors: missing and oversized files.
func TestLoadScenarioFileErrors(t *testing.T) {
	if _, err := Load(filepath.Join(t.TempDir(), "nope.yaml")); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("missing file: %v", err)
	}
	big := filepath.Join(t.TempDir(), "big.yaml")
	scnWriteFile(t, big, "# "+strings.Repeat("x", scnMaxBytes)+"\n")
	if _, err := Load(big); err == nil || !strings.Contains(err.Error(), "not a scenario file") {
		t.Errorf("oversized file: %v", err)
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

// TestParseScenarioSyntaxLines: YAML syntax errors name their line, also
// those go.yaml.in/yaml/v3 reports without one (its errors on line 1) and
// control characters (reported without a position).
func TestParseScenarioSyntaxLines(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{`"`, "s.yaml:1: YAML syntax: "},
		{"a: b: c\nname: x\nsites: [moscow]\n", "s.yaml:1: YAML syntax: mapping values are not allowed"},
		{"a: b\nc: d: e\nf: g\n", "s.yaml:2: YAML syntax: mapping values are not allowed"},
		{"sites: [moscow]\nname: x\x01y\n", "s.yaml:2: YAML syntax: control characters are not allowed"},
		{"---\n", "s.yaml: empty scenario file"},
	} {
		_, err := Parse("s.yaml", []byte(tc.src))
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %s...", tc.src, err, tc.want)
		}
	}
}
