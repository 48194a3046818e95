package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/job"
	"github.com/gnssim/gnssim/cmd/gnssim/internal/output"
	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/dataset"
)

// covTestArgs is a coarse run used throughout: 6 × 12 cells of 30°, 5 epochs.
var covTestArgs = []string{"--start", "2026-03-18T00:00:00Z", "--duration", "2h", "--step", "30m", "--grid", "30"}

func covArgs(extra ...string) []string {
	return append(append([]string{"coverage"}, covTestArgs...), extra...)
}

// covRunOK runs gnssim and fails the test unless it exits 0.
func covRunOK(t *testing.T, args ...string) string {
	t.Helper()
	out, errs, code := runCLI(t, args...)
	if code != exitOK {
		t.Fatalf("gnssim %s: exit %d\n%s", strings.Join(args, " "), code, errs)
	}
	return out
}

// covNormalizeVersion makes goldens independent of the version string.
func covNormalizeVersion(s string) string {
	return strings.ReplaceAll(s, `"gnssim_version": "`+version+`"`, `"gnssim_version": "VERSION"`)
}

func TestCoverageGolden(t *testing.T) {
	out := covRunOK(t, covArgs()...)
	golden(t, "coverage.csv", []byte(out))
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if lines[0] != "lat_deg,lon_deg,mean_visible,min_visible,max_visible,mean_pdop,max_pdop,availability" {
		t.Fatalf("header %q", lines[0])
	}
	if len(lines) != 1+6*12 {
		t.Fatalf("%d rows, want 72", len(lines)-1)
	}
	// Rows: lat ascending, then lon ascending; centres at -90+15, ..., -180+15, ...
	for k, line := range lines[1:] {
		f := strings.Split(line, ",")
		wantLat := -75 + 30*float64(k/12)
		wantLon := -165 + 30*float64(k%12)
		if f[0] != strconv.FormatFloat(wantLat, 'f', 4, 64) || f[1] != strconv.FormatFloat(wantLon, 'f', 4, 64) {
			t.Fatalf("row %d at %s,%s; want %g,%g", k, f[0], f[1], wantLat, wantLon)
		}
	}

	js := covRunOK(t, covArgs("--format", "json")...)
	golden(t, "coverage.json", []byte(covNormalizeVersion(js)))
	var doc struct {
		Run     output.Provenance `json:"run"`
		Summary map[string]any    `json:"summary"`
		Cells   []map[string]any
	}
	if err := json.Unmarshal([]byte(js), &doc); err != nil {
		t.Fatalf("JSON output does not parse: %v", err)
	}
	if len(doc.Cells) != 72 || doc.Run.Grid.Rows != 6 || doc.Run.Grid.Columns != 12 || doc.Run.Period.Epochs != 5 {
		t.Fatalf("JSON: %d cells, grid %+v, period %+v", len(doc.Cells), doc.Run.Grid, doc.Run.Period)
	}

	// A region, as a table, with a common clock and elevation weighting.
	tab := covRunOK(t, "coverage", "--start", "2026-03-18T00:00:00Z", "--duration", "2h", "--step", "30m",
		"--grid", "10", "--region", "30,60,60,140", "--clock", "common", "--weighting", "elevation", "--format", "table")
	golden(t, "coverage_region_table.txt", []byte(tab))
}

// TestCoverageAgainstReference recomputes every cell of the coarse run from
// the propagated positions with an independent textbook computation:
// orbit.LookAngles for visibility (elevation strictly above the 10° mask)
// and PDOP = √(Q_EE+Q_NN+Q_UU) with Q = (GᵀG)⁻¹ inverted by gonum, G's rows
// [−e_E, −e_N, −e_U, one clock column per system with a visible satellite]
// (per-system clocks, the default). Counts and availability must match
// exactly; PDOP to the printed 3 decimals (±0.0005 for rounding).
func TestCoverageAgainstReference(t *testing.T) {
	out := covRunOK(t, covArgs()...)
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 3, 18, 0, 0, 0, 0, time.UTC)
	ds, err := dataset.Load(dataset.BuiltinInputs(), dataset.Options{Systems: []ephemeris.System{ephemeris.GLONASS, ephemeris.BeiDou}, IdentifyAt: start})
	if err != nil {
		t.Fatal(err)
	}
	grid := orbit.EpochGrid{Start: start, Step: 30 * time.Minute, N: 5}
	eph, _, err := ds.Ephemeris(t.Context(), grid, dataset.PropagatorOptions{})
	if err != nil {
		t.Fatal(err)
	}
	const maskDeg = 10.0
	systems := []ephemeris.System{ephemeris.GLONASS, ephemeris.BeiDou}
	for _, r := range rows[1:] {
		lat, _ := strconv.ParseFloat(r[0], 64)
		lon, _ := strconv.ParseFloat(r[1], 64)
		latR, lonR := lat*math.Pi/180, lon*math.Pi/180
		rx := orbit.GeodeticToECEF(latR, lonR, 0)
		sumVis, minVis, maxVis := 0, math.MaxInt, 0
		var sumP, maxP float64
		nP, nAvail := 0, 0
		for k := 0; k < grid.N; k++ {
			var G [][]float64
			var sysOf []int
			for s := range eph.Sats {
				i := s*grid.N + k
				sat := [3]float64{eph.X[i], eph.Y[i], eph.Z[i]}
				if math.IsNaN(sat[0]) {
					continue
				}
				az, el, _ := orbit.LookAngles(rx, latR, lonR, sat)
				if math.Abs(el-maskDeg*math.Pi/180) < 1e-9 {
					t.Fatalf("cell %g,%g: a satellite is exactly at the mask; pick another test period", lat, lon)
				}
				if el <= maskDeg*math.Pi/180 {
					continue
				}
				G = append(G, []float64{-math.Cos(el) * math.Sin(az), -math.Cos(el) * math.Cos(az), -math.Sin(el)})
				for j, sys := range systems {
					if eph.Sats[s].System == sys {
						sysOf = append(sysOf, j)
					}
				}
			}
			n := len(G)
			sumVis += n
			minVis, maxVis = min(minVis, n), max(maxVis, n)
			// One clock column per system with at least one visible satellite.
			col := map[int]int{}
			for _, j := range sysOf {
				if _, ok := col[j]; !ok {
					col[j] = 3 + len(col)
				}
			}
			u := 3 + len(col)
			if n < u {
				continue
			}
			A := mat.NewDense(n, u, nil)
			for i, row := range G {
				A.Set(i, 0, row[0])
				A.Set(i, 1, row[1])
				A.Set(i, 2, row[2])
				A.Set(i, col[sysOf[i]], 1)
			}
			var N, Q mat.Dense
			N.Mul(A.T(), A)
			if err := Q.Inverse(&N); err != nil {
				continue
			}
			p := math.Sqrt(Q.At(0, 0) + Q.At(1, 1) + Q.At(2, 2))
			nP++
			sumP += p
			maxP = math.Max(maxP, p)
			if p <= 6 {
				nAvail++
			}
		}
		f3 := func(v float64) string { return strconv.FormatFloat(v, 'f', 3, 64) }
		if want := f3(float64(sumVis) / float64(grid.N)); r[2] != want {
			t.Errorf("cell %g,%g: mean_visible %s, reference %s", lat, lon, r[2], want)
		}
		if r[3] != strconv.Itoa(minVis) || r[4] != strconv.Itoa(maxVis) {
			t.Errorf("cell %g,%g: min/max visible %s/%s, reference %d/%d", lat, lon, r[3], r[4], minVis, maxVis)
		}
		if want := strconv.FormatFloat(float64(nAvail)/float64(grid.N), 'f', 4, 64); r[7] != want {
			t.Errorf("cell %g,%g: availability %s, reference %s", lat, lon, r[7], want)
		}
		if nP == 0 {
			if r[5] != "NaN" || r[6] != "NaN" {
				t.Errorf("cell %g,%g: PDOP %s/%s, reference never available", lat, lon, r[5], r[6])
			}
			continue
		}
		for _, c := range []struct {
			got  string
			want float64
		}{{r[5], sumP / float64(nP)}, {r[6], maxP}} {
			got, err := strconv.ParseFloat(c.got, 64)
			if err != nil || math.Abs(got-c.want) > 0.0005+1e-9 {
				t.Errorf("cell %g,%g: PDOP %s, reference %.6f", lat, lon, c.got, c.want)
			}
		}
	}
}

// TestCoverageShardMerge checks that N separate shard runs merged give the
// bytes of one run, for N = 1, 2, 3, 7 and 8 (> 6 rows: two empty shards),
// in every output format and for the plot, with the shards given to merge in
// a scrambled order.
func TestCoverageShardMerge(t *testing.T) {
	variants := []struct {
		name  string
		extra []string
		ns    []int
	}{
		{"default", nil, []int{1, 2, 3, 7, 8}},
		{"common-clock-weighted-azimuth-mask", []string{"--clock", "common", "--weighting", "elevation", "--pdop-max", "1.3", "--mask-file", "MASK"}, []int{4}},
		{"region", []string{"--region", "0,90,60,150"}, []int{2, 5}}, // 3 rows: N = 5 has empty shards
	}
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			dir := t.TempDir()
			extra := append([]string(nil), v.extra...)
			for i, a := range extra {
				if a == "MASK" {
					extra[i] = filepath.Join(dir, "mask.txt")
					// An urban-canyon-like mask: 5° to the south, 25° to the north.
					if err := os.WriteFile(extra[i], []byte("0 25\n90 15\n180 5\n270 15\n"), 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			single := map[string]string{}
			for _, f := range []string{"csv", "json", "table"} {
				single[f] = covRunOK(t, covArgs(append(extra, "--format", f)...)...)
			}
			plotSingle := filepath.Join(dir, "single.svg")
			covRunOK(t, covArgs(append(extra, "-o", filepath.Join(dir, "single.csv"), "--plot", plotSingle, "--plot-quantity", "availability")...)...)
			for _, n := range v.ns {
				sdir := filepath.Join(dir, strconv.Itoa(n))
				if err := os.Mkdir(sdir, 0o755); err != nil {
					t.Fatal(err)
				}
				var files []string
				for i := n - 1; i >= 0; i-- { // any order
					f := filepath.Join(sdir, "shard-"+strconv.Itoa(i)+".json")
					if out := covRunOK(t, covArgs(append(extra, "--shard", strconv.Itoa(i)+"/"+strconv.Itoa(n), "-o", f)...)...); out != "" {
						t.Fatalf("a shard run wrote %q to stdout", out)
					}
					files = append(files, f)
				}
				// The shards tile the rows; with N above the row count some are empty.
				cells, empty := 0, 0
				for _, f := range files {
					sf := readShard(t, f)
					if sf.Map != nil {
						cells += len(sf.Map.MeanVisible)
					} else {
						empty++
					}
					if sf.Count != n {
						t.Fatalf("%s: shard count %d, want %d", f, sf.Count, n)
					}
				}
				if rows := strings.Count(single["csv"], "\n") - 1; cells != rows {
					t.Fatalf("N=%d: the shards hold %d cells, the single run %d", n, cells, rows)
				}
				nLat := map[string]int{"region": 3}[v.name]
				if nLat == 0 {
					nLat = 6
				}
				if want := max(0, n-nLat); empty != want {
					t.Fatalf("N=%d: %d empty shards, want %d", n, empty, want)
				}
				files[0], files[len(files)/2] = files[len(files)/2], files[0]
				for _, f := range []string{"csv", "json", "table"} {
					got := covRunOK(t, append(append([]string{"merge"}, files...), "--format", f)...)
					if got != single[f] {
						t.Errorf("N=%d: merged %s differs from the single run:\n%s", n, f, firstDiff(single[f], got))
					}
				}
				plotMerged := filepath.Join(sdir, "merged.svg")
				covRunOK(t, append(append([]string{"merge"}, files...), "-o", filepath.Join(sdir, "merged.csv"), "--plot", plotMerged, "--plot-quantity", "availability")...)
				for _, pair := range [][2]string{{filepath.Join(dir, "single.csv"), filepath.Join(sdir, "merged.csv")}, {plotSingle, plotMerged}} {
					a, errA := os.ReadFile(pair[0])
					b, errB := os.ReadFile(pair[1])
					if errA != nil || errB != nil || !bytes.Equal(a, b) {
						t.Errorf("N=%d: %s and %s differ (%v, %v)", n, pair[0], pair[1], errA, errB)
					}
				}
			}
		})
	}
}

func TestCoverageLimits(t *testing.T) {
	// 90 days: the positions are streamed, so memory is not the limit, but
	// the period runs too far from the element sets.
	_, errs, code := runCLI(t, "coverage", "--grid", "90", "--duration", "90d", "--step", "1s")
	if code != exitUsage || !strings.Contains(errs, "days from the element sets") || !strings.Contains(errs, "--force") {
		t.Fatalf("huge period: exit %d, stderr %q; want exit 2 saying how far, and --force", code, errs)
	}
	// Work and cell memory, with the limits lowered so that the runs stay small.
	save := job.DefaultLimits
	t.Cleanup(func() { job.DefaultLimits = save })
	job.DefaultLimits.MaxReceiverEpochs = 1000 // the 10° grid: 648 cells × 5 epochs = 3240
	args := []string{"coverage", "--start", "2026-03-18T00:00:00Z", "--duration", "2h", "--step", "30m", "--grid", "10"}
	_, errs, code = runCLI(t, args...)
	if code != exitUsage || !strings.Contains(errs, "3.24e+03 receiver-epochs") || !strings.Contains(errs, "--grid, --region, --step or --duration, or split the map with --shard") {
		t.Fatalf("work limit: exit %d, stderr %q", code, errs)
	}
	// A shard of 2 or 3 of the 18 rows (≤ 108 cells × 5 epochs) is within it...
	covRunOK(t, append(args, "--shard", "0/8", "-o", filepath.Join(t.TempDir(), "s.json"))...)
	// ... and --force overrides.
	if out := covRunOK(t, append(args, "--force")...); strings.Count(out, "\n") != 649 {
		t.Fatalf("--force: %d lines", strings.Count(out, "\n"))
	}
	job.DefaultLimits = save
	job.DefaultLimits.MaxBytes = 10_000 // bytes: 648 cells × 96 B is more
	_, errs, code = runCLI(t, args...)
	if code != exitUsage || !strings.Contains(errs, "KiB of memory") || !strings.Contains(errs, "--shard") {
		t.Fatalf("cell memory limit: exit %d, stderr %q", code, errs)
	}
}

func TestCoverageUsageErrors(t *testing.T) {
	dir := t.TempDir()
	shardOut := filepath.Join(dir, "s.json")
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--grid", "7"}, "must divide 180"},
		{[]string{"--grid", "0"}, "--grid 0"},
		{[]string{"--grid", "-2"}, "--grid -2"},
		{[]string{"--grid", "NaN"}, "--grid NaN"},
		{[]string{"--region", "10,20,30"}, "LATMIN,LATMAX,LONMIN,LONMAX"},
		{[]string{"--region", "11,21,30,40"}, "LatMinDeg 11° is not on the global 2° grid"},
		{[]string{"--region", "20,10,30,40"}, "latitude range"},
		{[]string{"--region", "a,b,c,d"}, `"a" is not a number`},
		{[]string{"--region", "0,10,-190,0"}, "longitude range"},
		{[]string{"--pdop-max", "0"}, "--pdop-max"},
		{[]string{"--pdop-max", "-1"}, "--pdop-max"},
		{[]string{"--clock", "gps"}, "--clock"},
		{[]string{"--weighting", "snr"}, "--weighting"},
		{[]string{"--format", "xml"}, "--format"},
		{[]string{"--plot", "map.jpg"}, "unsupported extension"},
		{[]string{"--plot-quantity", "gdop"}, "--plot-quantity"},
		{[]string{"--shard", "3"}, "want I/N"},
		{[]string{"--shard", "/16"}, "two integers"},
		{[]string{"--shard", "16/16", "-o", shardOut}, "0-based"},
		{[]string{"--shard", "0/2"}, "needs -o FILE"},
		{[]string{"--shard", "0/2", "-o", shardOut, "--plot", "x.png"}, "--plot does not apply to a shard"},
		{[]string{"--shard", "0/2", "-o", shardOut, "--format", "json"}, "--format does not apply to a shard"},
		{[]string{"--systems", "glonass,xyz"}, "--systems"},
		{[]string{"--mask", "95"}, "--mask"},
		{[]string{"--start", "yesterday"}, "--start"},
		{[]string{"--step", "0s"}, "--step"},
		{[]string{"--no-such-flag"}, "unknown flag"},
		{[]string{"extra"}, "unexpected argument"},
	}
	for _, c := range cases {
		_, errs, code := runCLI(t, append([]string{"coverage"}, c.args...)...)
		if code != exitUsage || !strings.Contains(errs, c.want) {
			t.Errorf("coverage %s: exit %d, stderr %q; want exit 2 with %q", strings.Join(c.args, " "), code, errs, c.want)
		}
		if strings.Count(strings.TrimSpace(errs), "\n") > 3 {
			t.Errorf("coverage %s: error longer than a few lines:\n%s", strings.Join(c.args, " "), errs)
		}
	}
	if _, err := os.Stat(shardOut); !os.IsNotExist(err) {
		t.Errorf("a refused run created %s", shardOut)
	}
	// Runtime errors: exit 1.
	for _, args := range [][]string{
		covArgs("-o", filepath.Join(dir, "no-such-folder", "x.csv")),
		covArgs("--tle", filepath.Join(dir, "missing.tle")),
	} {
		if _, errs, code := runCLI(t, args...); code != exitRuntime {
			t.Errorf("%s: exit %d (%s), want 1", strings.Join(args, " "), code, errs)
		}
	}
	// --help works and shows the example.
	out, _, code := runCLI(t, "coverage", "--help")
	if code != exitOK || !strings.Contains(out, "--shard 0/2") || !strings.Contains(out, "lat ascending") {
		t.Errorf("coverage --help: exit %d\n%s", code, out)
	}
}

// TestCoverage2024Elements runs coverage (and a 2-shard merge) on the
// 2024-07-16 element sets, as the "done when" asks.
func TestCoverage2024Elements(t *testing.T) {
	files, err := filepath.Glob("../../testdata/tle/2024-07-16/*.tle")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test element sets: %v", err)
	}
	var args []string
	for _, f := range files {
		args = append(args, "--tle", f)
	}
	base := append([]string{"coverage", "--start", "2024-07-16T00:00:00Z", "--duration", "2h", "--step", "30m", "--grid", "30"}, args...)
	out := covRunOK(t, base...)
	if n := strings.Count(out, "\n"); n != 73 {
		t.Fatalf("%d lines, want 73", n)
	}
	dir := t.TempDir()
	for i := 0; i < 2; i++ {
		covRunOK(t, append(base, "--shard", strconv.Itoa(i)+"/2", "-o", filepath.Join(dir, strconv.Itoa(i)+".json"))...)
	}
	if got := covRunOK(t, "merge", filepath.Join(dir, "*.json")); got != out {
		t.Fatalf("merge of the 2024 shards differs:\n%s", firstDiff(out, got))
	}
}

// readShard reads a shard file.
func readShard(t *testing.T, path string) *sim.CoverageShard {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := sim.ReadCoverageShard(path, f)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
