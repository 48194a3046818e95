package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/job"
	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/dataset"
)

const dopHeader = "site,time_utc,n_visible,gdop,pdop,hdop,vdop,tdop,n_glonass,n_beidou"

// TestDOPGolden: beijing over 2 h at 10 min on the built-in data, CSV and JSON.
func TestDOPGolden(t *testing.T) {
	args := []string{"dop", "--site", "beijing", "--duration", "2h", "--step", "10m"}
	out, errs, code := runCLI(t, args...)
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	golden(t, "dop_beijing.csv", []byte(out))
	if first := strings.SplitN(out, "\n", 2)[0]; first != dopHeader {
		t.Errorf("header %q, want %q", first, dopHeader)
	}
	if n := strings.Count(out, "\n"); n != 1+13 {
		t.Errorf("%d lines, want header + 13 epochs", n)
	}
	out, _, code = runCLI(t, append(args, "--format", "json")...)
	if code != exitOK || !json.Valid([]byte(out)) {
		t.Fatalf("json: exit %d, valid %v", code, json.Valid([]byte(out)))
	}
	golden(t, "dop_beijing.json", []byte(out))
	out, _, _ = runCLI(t, append(args, "--format", "table", "--site", "moscow", "--step", "30m")...)
	golden(t, "dop_table.txt", []byte(out))
}

// TestDOPUnavailable: with an 80° mask DOP is mostly unavailable: NaN in CSV,
// null in JSON, and only where fewer satellites are visible than there are
// unknowns (3 + one clock per system seen) or the geometry is singular.
func TestDOPUnavailable(t *testing.T) {
	args := []string{"dop", "--site", "beijing", "--duration", "2h", "--step", "10m", "--mask", "80"}
	recs, _ := propCSV(t, args...)
	nan := 0
	for _, r := range recs[1:] {
		nv, _ := strconv.Atoi(r[2])
		unknowns := 3
		for _, c := range r[8:] {
			if c != "0" {
				unknowns++
			}
		}
		if r[4] == "NaN" {
			nan++
			for _, c := range r[3:8] {
				if c != "NaN" {
					t.Errorf("row %v: every DOP is NaN when PDOP is", r)
				}
			}
		} else if nv < unknowns {
			t.Errorf("row %v: DOP with %d satellites for %d unknowns", r, nv, unknowns)
		}
	}
	if nan == 0 {
		t.Fatal("no unavailable DOP with an 80° mask")
	}
	out, _, _ := runCLI(t, append(args, "--format", "json")...)
	var doc struct {
		Rows []struct {
			PDOP *float64 `json:"pdop"`
			GDOP *float64 `json:"gdop"`
		} `json:"rows"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	nulls := 0
	for _, r := range doc.Rows {
		if r.PDOP == nil {
			nulls++
			if r.GDOP != nil {
				t.Error("gdop not null where pdop is")
			}
		}
	}
	if nulls != nan {
		t.Errorf("%d null PDOP in JSON, %d NaN in CSV", nulls, nan)
	}
}

// TestDOPValues recomputes PDOP, TDOP and the visible counts at every epoch
// of a 2 h run the slow way: SGP4 -> TEME->ECEF -> orbit.LookAngles for each
// operational GLONASS and BeiDou satellite (identified independently with
// ephemeris.DefaultCatalog), the full design matrix and Q = (GᵀWG)⁻¹ with
// gonum/mat. Agreement within 1e-9 (the engine's Schur-complement solution
// and the full inverse differ by rounding, ~1e-14 relative; SGP4 positions
// agree to ~1e-12 km), and the CSV prints the value to 3 decimals.
func TestDOPValues(t *testing.T) {
	start := time.Date(2026, 3, 19, 0, 0, 0, 0, time.UTC)
	sets := pcdBuiltinSets(t)
	cat := ephemeris.DefaultCatalog()
	var sel []*ephemeris.ElementSet
	for _, es := range sets {
		if id := cat.Identify(es, start); (id.System == ephemeris.GLONASS || id.System == ephemeris.BeiDou) && id.Operational {
			sel = append(sel, es)
		}
	}
	sort.Slice(sel, func(i, j int) bool { return sel[i].CatalogNumber < sel[j].CatalogNumber })

	for _, tc := range []struct {
		clock, weighting string
		mask             float64
	}{
		{"per-system", "none", 10},
		{"common", "elevation", 5},
	} {
		t.Run(tc.clock+"/"+tc.weighting, func(t *testing.T) {
			args := []string{"--site", "beijing", "--start", "2026-03-19T00:00:00Z", "--duration", "2h", "--step", "10m",
				"--clock", tc.clock, "--weighting", tc.weighting, "--mask", strconv.FormatFloat(tc.mask, 'g', -1, 64)}
			var stderr bytes.Buffer
			e := &env{stdout: &bytes.Buffer{}, stderr: &stderr}
			j, err := parseDOP(e, args)
			if err != nil {
				t.Fatal(err)
			}
			ds, err := job.DefaultLoader{}.Load(j.Inputs, j.Period.Start)
			if err != nil {
				t.Fatal(err)
			}
			grid, err := j.Period.Grid(ds)
			if err != nil {
				t.Fatal(err)
			}
			res, err := sim.SiteSeries(context.Background(), ds.Propagator(dataset.PropagatorOptions{}), grid, []sim.Site{j.Sites[0].Site}, j.Receiver.Model(ds.Systems), sim.Exec{})
			if err != nil {
				t.Fatal(err)
			}
			var got []int
			for _, s := range ds.Selected {
				got = append(got, s.Elements.CatalogNumber)
			}
			sort.Ints(got)
			if len(got) != len(sel) {
				t.Fatalf("%d satellites selected, want %d", len(got), len(sel))
			}
			for i := range got {
				if got[i] != sel[i].CatalogNumber {
					t.Fatalf("selected %v, want the operational GLONASS and BeiDou satellites", got)
				}
			}
			out, _, _ := runCLI(t, append([]string{"dop"}, args...)...)
			recs, _ := csv.NewReader(strings.NewReader(out)).ReadAll()
			site := res.Sites[0]
			for k := 0; k < res.Grid.N; k++ {
				tm := start.Add(time.Duration(k) * 10 * time.Minute)
				pdop, tdop, nv := dopSlowPath(t, sel, site, tm, tc.mask, tc.clock == "common", tc.weighting == "elevation")
				d := res.At(0, k, len(res.Variants)-1)
				if math.Abs(d.PDOP-pdop) > 1e-9 || math.Abs(d.TDOP-tdop) > 1e-9 {
					t.Errorf("epoch %d: PDOP %.12f TDOP %.12f, slow path %.12f %.12f", k, d.PDOP, d.TDOP, pdop, tdop)
				}
				if d.NVisible != nv[ephemeris.GLONASS]+nv[ephemeris.BeiDou] || res.NVisible(0, k, ephemeris.GLONASS) != nv[ephemeris.GLONASS] {
					t.Errorf("epoch %d: %d visible (%d GLONASS), slow path %v", k, d.NVisible, res.NVisible(0, k, ephemeris.GLONASS), nv)
				}
				row := recs[1+k]
				if p := propFloat(t, row[4]); math.Abs(p-pdop) > 0.5e-3+1e-9 {
					t.Errorf("epoch %d: CSV pdop %s, slow path %.6f", k, row[4], pdop)
				}
				if row[8] != strconv.Itoa(nv[ephemeris.GLONASS]) || row[9] != strconv.Itoa(nv[ephemeris.BeiDou]) {
					t.Errorf("epoch %d: CSV counts %v, slow path %v", k, row[8:], nv)
				}
			}
		})
	}
}

// dopSlowPath computes PDOP and TDOP (first clock: GLONASS, the first of
// --systems, when it has a visible satellite) of the satellites above maskDeg
// at site and time tm with the full design matrix.
func dopSlowPath(t *testing.T, sets []*ephemeris.ElementSet, site sim.Site, tm time.Time, maskDeg float64, common, elevWeight bool) (pdop, tdop float64, nv map[ephemeris.System]int) {
	t.Helper()
	lat, lon := site.LatDeg*math.Pi/180, site.LonDeg*math.Pi/180
	rx := orbit.GeodeticToECEF(lat, lon, site.HeightM/1000)
	cat := ephemeris.DefaultCatalog()
	type obs struct {
		e   [3]float64
		w   float64
		sys ephemeris.System
	}
	var vis []obs
	nv = map[ephemeris.System]int{}
	for _, es := range sets {
		p, err := orbit.NewSGP4(es)
		if err != nil {
			t.Fatal(err)
		}
		r, v, err := p.Propagate(tm)
		if err != nil {
			t.Fatal(err)
		}
		rE, _ := orbit.TEMEToECEF(r, v, tm, orbit.EOP{})
		az, el, _ := orbit.LookAngles(rx, lat, lon, rE)
		if el*180/math.Pi <= maskDeg {
			continue
		}
		sys := cat.Identify(es, tm).System
		w := 1.0
		if elevWeight {
			w = math.Sin(el) * math.Sin(el)
		}
		vis = append(vis, obs{[3]float64{math.Cos(el) * math.Sin(az), math.Cos(el) * math.Cos(az), math.Sin(el)}, w, sys})
		nv[sys]++
	}
	// Clock columns: GLONASS first, then BeiDou (--systems order), only
	// for systems with a visible satellite; one column with a common clock.
	clockCol := map[ephemeris.System]int{}
	nClock := 0
	for _, s := range []ephemeris.System{ephemeris.GLONASS, ephemeris.BeiDou} {
		if nv[s] == 0 {
			continue
		}
		if common {
			clockCol[s] = 3
			nClock = 1
		} else {
			clockCol[s] = 3 + nClock
			nClock++
		}
	}
	n := 3 + nClock
	if len(vis) < n {
		return math.NaN(), math.NaN(), nv
	}
	G := mat.NewDense(len(vis), n, nil)
	W := mat.NewDiagDense(len(vis), nil)
	for i, o := range vis {
		G.Set(i, 0, -o.e[0])
		G.Set(i, 1, -o.e[1])
		G.Set(i, 2, -o.e[2])
		G.Set(i, clockCol[o.sys], 1)
		W.SetDiag(i, o.w)
	}
	var GtW, N, Q mat.Dense
	GtW.Mul(G.T(), W)
	N.Mul(&GtW, G)
	if err := Q.Inverse(&N); err != nil {
		t.Fatalf("singular normal matrix at %v: %v", tm, err)
	}
	return math.Sqrt(Q.At(0, 0) + Q.At(1, 1) + Q.At(2, 2)), math.Sqrt(Q.At(3, 3)), nv
}

// TestDOPPlot: one site writes FILE, several sites FILE-SITE; no temporary
// files remain.
func TestDOPPlot(t *testing.T) {
	if testing.Short() {
		t.Skip("figures: skipped with -short")
	}
	dir := t.TempDir()
	one := filepath.Join(dir, "one.png")
	_, errs, code := runCLI(t, "dop", "--site", "beijing", "--duration", "2h", "--step", "10m", "--plot", one, "-o", filepath.Join(dir, "one.csv"))
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if b, err := os.ReadFile(one); err != nil || !bytes.HasPrefix(b, []byte("\x89PNG")) {
		t.Errorf("%s is not a PNG: %v", one, err)
	}
	multi := filepath.Join(dir, "dop.svg")
	_, errs, code = runCLI(t, "dop", "--site", "beijing", "--site", "Pole=89.5,0", "--duration", "2h", "--step", "10m", "--plot", multi, "--format", "json", "-o", filepath.Join(dir, "dop.json"))
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, f := range []string{"dop-beijing.svg", "dop-pole.svg"} { // one rule for file names: job.FileKey
		if b, err := os.ReadFile(filepath.Join(dir, f)); err != nil || !bytes.Contains(b, []byte("<svg")) {
			t.Errorf("%s: not an SVG figure (%v)", f, err)
		}
	}
	if _, err := os.Stat(multi); err == nil {
		t.Errorf("%s written although there are two sites", multi)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}

// TestDOPErrors: usage errors exit 2 before any work, with a useful message.
func TestDOPErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		msg  []string
	}{
		{[]string{"--site", "atlantis"}, []string{"unknown site", "beijing", "moscow", "yakutsk"}},
		{[]string{"--site", "beijing", "--clock", "gps-only"}, []string{"--clock", "per-system, common or isb-prior"}},
		{[]string{"--site", "beijing", "--weighting", "snr"}, []string{"--weighting"}},
		{[]string{}, []string{"--site is required"}},
		{[]string{"--site", "beijing", "--format", "xls"}, []string{"--format"}},
		{[]string{"--site", "beijing", "--plot", "dop.pdf"}, []string{"--plot", ".png or .svg"}},
		{[]string{"--site", "beijing", "--site", "beijing"}, []string{"twice"}},
		{[]string{"--site", "95,10"}, []string{"latitude"}},
		{[]string{"--site", "beijing", "--mask", "95"}, []string{"--mask"}},
		{[]string{"--site", "beijing", "--step", "0s"}, []string{"--step"}},
	} {
		_, errs, code := runCLI(t, append([]string{"dop"}, tc.args...)...)
		if code != exitUsage {
			t.Errorf("%v: exit %d, want 2 (stderr %q)", tc.args, code, errs)
		}
		for _, m := range tc.msg {
			if !strings.Contains(errs, m) {
				t.Errorf("%v: stderr %q does not mention %q", tc.args, errs, m)
			}
		}
	}
	_, errs, code := runCLI(t, "dop", "--site", "beijing", "--mask-file", "no-such-mask.txt")
	if code != exitRuntime || !strings.Contains(errs, "no-such-mask.txt") {
		t.Errorf("missing mask file: exit %d, %q", code, errs)
	}
}

// TestDOPSnapshot2024 runs dop on the 2024-07-16 files (the "done when").
func TestDOPSnapshot2024(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/tle/2024-07-16/*.tle")
	args := []string{"dop", "--site", "moscow", "--site", "beijing", "--duration", "2h", "--step", "10m"}
	for _, f := range files {
		args = append(args, "--tle", f)
	}
	recs, _ := propCSV(t, args...)
	if len(recs) != 1+2*13 {
		t.Fatalf("%d rows, want 26", len(recs)-1)
	}
	for _, r := range recs[1:] {
		if !strings.HasPrefix(r[1], "2024-07-16T") || r[4] == "NaN" {
			t.Errorf("row %v: want a 2024-07-16 epoch with PDOP available at a 10° mask", r)
		}
	}
}

// TestDOPMemoryLimit: a period that would need gigabytes is refused before
// any work with the size and the flags to change (exit 2).
// TestDOPLimits: a period far from the element sets is refused before any
// work (exit 2, saying how far, --force to go on); the memory limit counts
// what the run keeps, which for dop is a chunk, not the period.
func TestDOPLimits(t *testing.T) {
	_, stderr, code := runCLI(t, "dop", "--site", "beijing", "--duration", "90d", "--step", "1s")
	if code != exitUsage || !strings.Contains(stderr, "days from the element sets") || !strings.Contains(stderr, "--force") {
		t.Fatalf("90 days: exit %d, stderr %q", code, stderr)
	}
	_, stderr, code = runCLI(t, "dop", "--site", "beijing", "--start", "1990-01-01", "--duration", "1h")
	if code != exitUsage || !strings.Contains(stderr, "1990-01-01T00:00:00Z to 1990-01-01T01:00:00Z is up to 13226") {
		t.Fatalf("1990: exit %d, stderr %q", code, stderr)
	}
	if _, stderr, code = runCLI(t, "dop", "--site", "beijing", "--start", "1990-01-01", "--duration", "1h", "--step", "30m", "--force"); code != exitOK {
		t.Fatalf("1990 --force: exit %d, stderr %q", code, stderr)
	}
	save := job.DefaultLimits
	t.Cleanup(func() { job.DefaultLimits = save })
	job.DefaultLimits.MaxBytes = 1 << 20 // 1 MiB: a 24 h chunk of positions is 2 MiB
	_, stderr, code = runCLI(t, "dop", "--site", "beijing", "--duration", "24h", "--step", "10s")
	if code != exitUsage || !strings.Contains(stderr, "MiB of memory (limit 1.0 MiB)") || !strings.Contains(stderr, "--force") {
		t.Fatalf("memory limit: exit %d, stderr %q", code, stderr)
	}
}
