package integrity_test

import (
	"bytes"
	"context"
	"errors"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/dataset"
	"github.com/gnssim/gnssim/sim/integrity"
)

var (
	snapOnce sync.Once
	snapDS   *dataset.Dataset
	snapErr  error
)

// snapshot propagates the operational GLONASS and BeiDou satellites of the
// built-in 2026-03-18 CelesTrak snapshot (the command line's default data)
// over grid.
func snapshot(t testing.TB, grid orbit.EpochGrid) *sim.Ephemeris {
	t.Helper()
	snapOnce.Do(func() {
		snapDS, snapErr = dataset.Load(dataset.BuiltinInputs(), dataset.Options{Systems: []ephemeris.System{ephemeris.GLONASS, ephemeris.BeiDou}})
	})
	if snapErr != nil {
		t.Fatal(snapErr)
	}
	eph, _, err := snapDS.Ephemeris(context.Background(), grid, dataset.PropagatorOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return eph
}

var day0 = time.Date(2026, 3, 19, 0, 0, 0, 0, time.UTC)

func testModel(mask sim.Mask) integrity.Model {
	return integrity.Model{Systems: []ephemeris.System{ephemeris.GLONASS, ephemeris.BeiDou}, Mask: mask, Config: integrity.DefaultConfig()}
}

var testSites = []sim.Site{
	{Name: "beijing", LatDeg: 39.9, LonDeg: 116.4, HeightM: 50},
	{Name: "moscow", LatDeg: 55.76, LonDeg: 37.62, HeightM: 150},
	{Name: "quito", LatDeg: -0.18, LonDeg: -78.47, HeightM: 2850},
	{Name: "mcmurdo", LatDeg: -77.85, LonDeg: 166.67, HeightM: 20},
}

// collect runs SiteSeries and returns every result, site-major.
func collect(t testing.TB, eph *sim.Ephemeris, sites []sim.Site, m integrity.Model, x sim.Exec) ([]integrity.Result, []sim.Variant) {
	t.Helper()
	N := eph.Grid.N
	var out []integrity.Result
	var variants []sim.Variant
	err := integrity.SiteSeries(context.Background(), eph, eph.Grid, sites, m, x, func(c *integrity.SeriesChunk) error {
		if out == nil {
			variants = c.Variants
			out = make([]integrity.Result, len(sites)*N*len(c.Variants))
		}
		nv := len(c.Variants)
		for i := range sites {
			for k := range c.Times {
				if want := eph.Grid.Time(c.K0 + k); !c.Times[k].Equal(want) {
					t.Fatalf("chunk time %d is %v, want %v", k, c.Times[k], want)
				}
				for v := 0; v < nv; v++ {
					out[(i*N+c.K0+k)*nv+v] = *c.At(i, k, v)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out, variants
}

// sameResult reports whether two results are identical bit for bit.
func sameResult(a, b *integrity.Result) bool {
	fa := []float64{a.VPLM, a.HPLM, a.HPLEastM, a.HPLNorthM, a.EMTM, a.SigmaVAccM, a.PNotMonitored, a.KFaVert, a.KFaHor}
	fb := []float64{b.VPLM, b.HPLM, b.HPLEastM, b.HPLNorthM, b.EMTM, b.SigmaVAccM, b.PNotMonitored, b.KFaVert, b.KFaHor}
	for i := range fa {
		if math.Float64bits(fa[i]) != math.Float64bits(fb[i]) {
			return false
		}
	}
	return a.Available == b.Available && a.Reason == b.Reason && a.NumSats == b.NumSats && a.NumConstellations == b.NumConstellations && a.NumModes == b.NumModes
}

// TestSiteSeriesEqualsSkyTracks: the satellites the series evaluates are
// those sim.SkyTracks (gnssim skyplot) sees above the mask, and each
// result equals the Evaluator called directly on the sky rebuilt from the
// tracks' azimuths and elevations (constant and azimuth masks).
func TestSiteSeriesEqualsSkyTracks(t *testing.T) {
	grid := orbit.EpochGrid{Start: day0, Step: 37 * time.Minute, N: 40}
	if testing.Short() {
		grid.N = 10
	}
	eph := snapshot(t, grid)
	for _, mask := range []sim.Mask{{ElevationDeg: 5}, {Azimuth: []sim.MaskPoint{{AzDeg: 0, ElDeg: 5}, {AzDeg: 90, ElDeg: 25}, {AzDeg: 200, ElDeg: 10}, {AzDeg: 300, ElDeg: 40}}}} {
		m := testModel(mask)
		m.Config.TolPLM = 1e-7 // so that two evaluations of skies equal to ~1e-15 agree to ~1e-7 m
		res, variants := collect(t, eph, testSites, m, sim.Exec{})
		ev, err := integrity.NewEvaluator(m.Config)
		if err != nil {
			t.Fatal(err)
		}
		nv := len(variants)
		if nv != 3 || variants[2].Name != "glonass+beidou" {
			t.Fatalf("variants %v", variants)
		}
		var maxDiff float64
		avail := 0
		for i, site := range testSites {
			st, err := sim.SkyTracks(context.Background(), eph, grid, site, sim.Model{Systems: m.Systems, Mask: mask}, sim.SkyOptions{})
			if err != nil {
				t.Fatal(err)
			}
			for k := 0; k < grid.N; k++ {
				var skies [2][]integrity.Sat
				for si, s := range st.Sats {
					el := st.ElDeg[si*grid.N+k]
					if math.IsNaN(el) {
						continue
					}
					sys := eph.Sats[s].System
					slot := 0
					if sys == ephemeris.BeiDou {
						slot = 1
					}
					skies[slot] = append(skies[slot], integrity.SatAzEl(sys, st.AzDeg[si*grid.N+k]*math.Pi/180, el*math.Pi/180))
				}
				for v := 0; v < nv; v++ {
					sky := append(append([]integrity.Sat(nil), skies[0]...), skies[1]...)
					if v < 2 {
						sky = skies[v]
					}
					got := &res[(i*grid.N+k)*nv+v]
					var want integrity.Result
					if err := ev.Evaluate(&want, sky); err != nil {
						t.Fatal(err)
					}
					if got.NumSats != len(sky) || got.Available != want.Available || got.Reason != want.Reason || got.NumModes != want.NumModes {
						t.Fatalf("%s epoch %d %s: got %d sats, available %v (%v), %d modes; sky tracks give %d sats, %v (%v), %d modes",
							site.Name, k, variants[v].Name, got.NumSats, got.Available, got.Reason, got.NumModes, len(sky), want.Available, want.Reason, want.NumModes)
					}
					if !got.Available {
						if !math.IsNaN(got.VPLM) || !math.IsNaN(got.HPLM) {
							t.Fatalf("%s epoch %d %s: unavailable with numbers %g %g", site.Name, k, variants[v].Name, got.VPLM, got.HPLM)
						}
						continue
					}
					avail++
					for _, p := range [][2]float64{{got.VPLM, want.VPLM}, {got.HPLM, want.HPLM}, {got.EMTM, want.EMTM}, {got.SigmaVAccM, want.SigmaVAccM}} {
						d := math.Abs(p[0] - p[1])
						maxDiff = math.Max(maxDiff, d)
						if d > 1e-6*math.Max(1, math.Abs(p[1])) {
							t.Fatalf("%s epoch %d %s: %v vs %v", site.Name, k, variants[v].Name, got, want)
						}
					}
				}
			}
		}
		if avail < grid.N {
			t.Errorf("only %d available results", avail)
		}
		t.Logf("mask %v: %d available results, max |Δ| %.3g m", mask, avail, maxDiff)
	}
}

// TestSeriesIndependentOfExec: workers and chunk lengths change no bit.
func TestSeriesIndependentOfExec(t *testing.T) {
	grid := orbit.EpochGrid{Start: day0, Step: 11 * time.Minute, N: 70}
	eph := snapshot(t, grid)
	m := testModel(sim.Mask{ElevationDeg: 5})
	m.Config.Rule = integrity.Rule2012
	m.Config.ISBSigmaM = 1.5
	ref, _ := collect(t, eph, testSites[:2], m, sim.Exec{Workers: 1})
	for _, x := range []sim.Exec{{Workers: 2}, {Workers: 3, ChunkEpochs: 7}, {Workers: 1, ChunkEpochs: 1}} {
		got, _ := collect(t, eph, testSites[:2], m, x)
		for i := range ref {
			if !sameResult(&got[i], &ref[i]) {
				t.Fatalf("exec %+v: result %d differs: %+v vs %+v", x, i, got[i], ref[i])
			}
		}
	}
}

// mapOf runs Map.
func mapOf(t testing.TB, eph *sim.Ephemeris, g sim.GridSpec, m integrity.Model, opt integrity.MapOptions) *integrity.MapResult {
	t.Helper()
	r, err := integrity.Map(context.Background(), eph, eph.Grid, g, m, opt)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// sameMap compares two maps bit for bit.
func sameMap(t testing.TB, what string, a, b *integrity.MapResult) {
	t.Helper()
	if a.NLat != b.NLat || a.NLon != b.NLon || a.Epochs != b.Epochs || a.Grid != b.Grid {
		t.Fatalf("%s: maps of %d×%d/%d epochs %+v vs %d×%d/%d %+v", what, a.NLat, a.NLon, a.Epochs, a.Grid, b.NLat, b.NLon, b.Epochs, b.Grid)
	}
	fl := [][2][]float64{{a.MeanVisible, b.MeanVisible}, {a.MeanVPLM, b.MeanVPLM}, {a.MaxVPLM, b.MaxVPLM}, {a.MeanHPLM, b.MeanHPLM},
		{a.MaxHPLM, b.MaxHPLM}, {a.MaxEMTM, b.MaxEMTM}, {a.MaxSigmaVAccM, b.MaxSigmaVAccM}, {a.PNotMonitoredMax, b.PNotMonitoredMax}, {a.LatDeg, b.LatDeg}, {a.LonDeg, b.LonDeg}}
	for f, p := range fl {
		if len(p[0]) != len(p[1]) {
			t.Fatalf("%s: array %d lengths %d, %d", what, f, len(p[0]), len(p[1]))
		}
		for i := range p[0] {
			if math.Float64bits(p[0][i]) != math.Float64bits(p[1][i]) {
				t.Fatalf("%s: array %d cell %d: %v vs %v", what, f, i, p[0][i], p[1][i])
			}
		}
	}
	in := [][2][]int{{a.MetEpochs, b.MetEpochs}, {a.MonitoredEpochs, b.MonitoredEpochs}, {a.MinVisible, b.MinVisible}, {a.MaxModes, b.MaxModes}}
	for f, p := range in {
		for i := range p[0] {
			if p[0][i] != p[1][i] {
				t.Fatalf("%s: int array %d cell %d: %d vs %d", what, f, i, p[0][i], p[1][i])
			}
		}
	}
}

// TestMapIndependentOfExecAndShards: a map is bit-identical for any number
// of workers, any chunk length, any split into row blocks and through
// shard files; a cell equals the site series at its centre.
func TestMapIndependentOfExecAndShards(t *testing.T) {
	grid := orbit.EpochGrid{Start: day0, Step: 2 * time.Hour, N: 13}
	if testing.Short() {
		grid.N = 5
	}
	eph := snapshot(t, grid)
	m := testModel(sim.Mask{ElevationDeg: 5})
	g := sim.GridSpec{CellDeg: 15, LatMinDeg: -90, LatMaxDeg: 90, LonMinDeg: 60, LonMaxDeg: 240}
	ref := mapOf(t, eph, g, m, integrity.MapOptions{Exec: sim.Exec{Workers: 1}})
	if ref.NLat != 12 || ref.NLon != 12 || ref.Epochs != grid.N {
		t.Fatalf("map %d×%d, %d epochs", ref.NLat, ref.NLon, ref.Epochs)
	}
	sameMap(t, "workers 2", mapOf(t, eph, g, m, integrity.MapOptions{Exec: sim.Exec{Workers: 2}}), ref)
	sameMap(t, "workers 3, chunks of 4", mapOf(t, eph, g, m, integrity.MapOptions{Exec: sim.Exec{Workers: 3, ChunkEpochs: 4}}), ref)
	var parts []*integrity.MapResult
	for _, rb := range [][2]int{{0, 5}, {5, 6}, {6, 12}} {
		parts = append(parts, mapOf(t, eph, g, m, integrity.MapOptions{Exec: sim.Exec{Workers: 2}, RowStart: rb[0], RowEnd: rb[1]}))
	}
	merged, err := integrity.MergeMaps(parts...)
	if err != nil {
		t.Fatal(err)
	}
	sameMap(t, "row blocks", merged, ref)

	// shards through their files, given in another order, merge to the map
	const n = 5
	var shards []*integrity.MapShard
	for i := n - 1; i >= 0; i-- {
		r0, r1 := sim.ShardRows(i, n, ref.NLat)
		var rows *integrity.MapResult
		if r1 > r0 {
			rows = mapOf(t, eph, g, m, integrity.MapOptions{RowStart: r0, RowEnd: r1})
		}
		sh, err := integrity.NewMapShard("test", []string{"x"}, []byte(`{"period": {"step_s": 7200}, "mask": {"elevation_deg": 5}}`), g, m, grid.N, i, n, rows)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if _, err := sh.WriteTo(&b); err != nil {
			t.Fatal(err)
		}
		back, err := integrity.ReadMapShard("shard.json", &b)
		if err != nil {
			t.Fatalf("shard %d: %v", i, err)
		}
		shards = append(shards, back)
	}
	mm, err := integrity.MergeMapShards(shards)
	if err != nil {
		t.Fatal(err)
	}
	sameMap(t, "shards", mm, ref)
	if _, err := integrity.MergeMapShards(shards[1:]); err == nil || !strings.Contains(err.Error(), "shard index 4 is missing") {
		t.Errorf("missing shard: %v", err)
	}
	if _, err := integrity.MergeMapShards(append(shards, shards[0])); err == nil || !strings.Contains(err.Error(), "given twice") {
		t.Errorf("duplicated shard: %v", err)
	}
	// a shard of another run (another step in the run object, another rule) is refused, naming the field
	other := *shards[1]
	other.Run = []byte(`{"period": {"step_s": 600}, "mask": {"elevation_deg": 5}}`)
	_, err = integrity.MergeMapShards([]*integrity.MapShard{shards[0], &other})
	var me *sim.ShardMismatchError
	if !errors.As(err, &me) || me.Path != "run.period.step_s" {
		t.Errorf("mismatched run: %v", err)
	}
	other = *shards[1]
	other.Rule = integrity.Rule2012
	if _, err = integrity.MergeMapShards([]*integrity.MapShard{shards[0], &other}); !errors.As(err, &me) || me.Path != "integrity" {
		t.Errorf("mismatched rule: %v", err)
	}

	// a cell is the site series of the combination at its centre
	site := sim.Site{Name: "cell", LatDeg: ref.LatDeg[8], LonDeg: ref.LonDeg[3]}
	res, variants := collect(t, eph, []sim.Site{site}, m, sim.Exec{})
	c := 8*ref.NLon + 3
	met, mon, sumV := 0, 0, 0.0
	for k := 0; k < grid.N; k++ {
		r := &res[k*len(variants)+len(variants)-1]
		if r.Available {
			mon++
			sumV += r.VPLM
			if r.Check(integrity.LPV200).OK() {
				met++
			}
		}
	}
	if met != ref.MetEpochs[c] || mon != ref.MonitoredEpochs[c] || (mon > 0 && math.Float64bits(sumV/float64(mon)) != math.Float64bits(ref.MeanVPLM[c])) {
		t.Errorf("cell %g°, %g°: met %d monitored %d mean VPL %v; the site series: %d, %d, %v", site.LatDeg, site.LonDeg, ref.MetEpochs[c], ref.MonitoredEpochs[c], ref.MeanVPLM[c], met, mon, sumV/float64(mon))
	}
}

// TestSummarizeWeightsByArea: the region summary weights cells by cos(lat).
func TestSummarizeWeightsByArea(t *testing.T) {
	g := sim.GridSpec{CellDeg: 30, LatMinDeg: 0, LatMaxDeg: 90, LonMinDeg: 0, LonMaxDeg: 60}
	m := &integrity.MapResult{Grid: g, NLat: 3, NLon: 2, LatDeg: []float64{15, 45, 75}, LonDeg: []float64{15, 45}, Epochs: 200}
	nan := math.NaN()
	m.MetEpochs = []int{200, 199, 200, 150, 0, 200} // availability 100, 99.5, 100, 75, 0, 100 %
	m.MonitoredEpochs = []int{200, 200, 200, 200, 0, 200}
	m.MaxVPLM = []float64{10, 20, 30, 40, nan, 5}
	m.MaxHPLM = []float64{1, 2, 3, 4, nan, 5}
	s := integrity.Summarize(m, 0.995)
	w := []float64{math.Cos(15 * math.Pi / 180), math.Cos(45 * math.Pi / 180), math.Cos(75 * math.Pi / 180)}
	sum := 2 * (w[0] + w[1] + w[2])
	wantCov := (2*w[0] + w[1] + w[2]) / sum
	wantMean := (w[0]*(1+0.995) + w[1]*(1+0.75) + w[2]*(0+1)) / sum
	if s.CellsMeeting != 4 || math.Abs(s.Coverage-wantCov) > 1e-15 || math.Abs(s.MeanAvailability-wantMean) > 1e-15 ||
		s.MinAvailability != 0 || s.MaxVPLM != 40 || s.MaxHPLM != 5 || math.Abs(s.Monitored-(sum-w[2])/sum) > 1e-15 {
		t.Errorf("summary %+v, want coverage %v mean %v", s, wantCov, wantMean)
	}
	// exactly proportional to the area on a sphere: sin φ₊ − sin φ₋ ∝ cos φ
	for i, lat := range m.LatDeg {
		area := math.Sin((lat+15)*math.Pi/180) - math.Sin((lat-15)*math.Pi/180)
		if r := area / w[i] / (2 * math.Sin(15*math.Pi/180)); math.Abs(r-1) > 1e-14 {
			t.Errorf("row %g°: area/cos ratio %v", lat, r)
		}
	}
}

// TestSkySeriesEqualsSiteSeries: the skies of a site, written as azimuths
// and elevations, evaluate to the site series (to the rounding of the
// angles' round trip); satellites below the mask and of other systems are
// left out; too few satellites is "unavailable", never a number.
func TestSkySeriesEqualsSiteSeries(t *testing.T) {
	grid := orbit.EpochGrid{Start: day0, Step: time.Hour, N: 12}
	eph := snapshot(t, grid)
	m := testModel(sim.Mask{ElevationDeg: 5})
	m.Config.TolPLM = 1e-7
	site := testSites[0]
	want, variants := collect(t, eph, []sim.Site{site}, m, sim.Exec{})
	st, err := sim.SkyTracks(context.Background(), eph, grid, site, sim.Model{Systems: m.Systems, Mask: sim.Mask{}}, sim.SkyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var skies []integrity.Sky
	for k := 0; k < grid.N; k++ {
		sky := integrity.Sky{Time: grid.Time(k)}
		// a GPS satellite (not selected) first, then the tracks in reverse
		// (the engine groups by system, keeping the file's order within one)
		sky.Sats = append(sky.Sats, integrity.SkySat{ID: "G01", System: ephemeris.GPS, AzDeg: 10, ElDeg: 45})
		for si := len(st.Sats) - 1; si >= 0; si-- {
			el := st.ElDeg[si*grid.N+k]
			if math.IsNaN(el) {
				continue
			}
			sky.Sats = append(sky.Sats, integrity.SkySat{ID: eph.Sats[st.Sats[si]].PRN, System: eph.Sats[st.Sats[si]].System, AzDeg: st.AzDeg[si*grid.N+k], ElDeg: el})
		}
		skies = append(skies, sky)
	}
	// reverse within each system back to the source order
	for k := range skies {
		s := skies[k].Sats[1:]
		for a, b := 0, len(s)-1; a < b; a, b = a+1, b-1 {
			s[a], s[b] = s[b], s[a]
		}
	}
	// an epoch with three BeiDou satellites only
	skies = append(skies, integrity.Sky{Time: grid.Time(grid.N), Sats: []integrity.SkySat{
		{ID: "C01", System: ephemeris.BeiDou, AzDeg: 0, ElDeg: 40}, {ID: "C02", System: ephemeris.BeiDou, AzDeg: 120, ElDeg: 30},
		{ID: "C03", System: ephemeris.BeiDou, AzDeg: 240, ElDeg: 4}}})
	nv := len(variants)
	k := 0
	err = integrity.SkySeries(context.Background(), "sky.csv", skies, m, sim.Exec{ChunkEpochs: 5}, func(c *integrity.SeriesChunk) error {
		if c.Sites[0].Name != "sky.csv" {
			t.Fatalf("site %q", c.Sites[0].Name)
		}
		for kc := range c.Times {
			for v := 0; v < nv; v++ {
				got := c.At(0, kc, v)
				if k == grid.N {
					if got.Available || got.Reason != integrity.ReasonTooFewSatellites || !math.IsNaN(got.VPLM) || got.NumSats != []int{0, 2, 2}[v] {
						t.Errorf("three BeiDou satellites, variant %d: %+v", v, got)
					}
					continue
				}
				w := &want[k*nv+v]
				if got.Available != w.Available || got.NumSats != w.NumSats || got.NumModes != w.NumModes ||
					(w.Available && (math.Abs(got.VPLM-w.VPLM) > 1e-6 || math.Abs(got.HPLM-w.HPLM) > 1e-6 || math.Abs(got.EMTM-w.EMTM) > 1e-6)) {
					t.Fatalf("epoch %d %s: sky file %+v, site series %+v", k, variants[v].Name, got, w)
				}
			}
			k++
		}
		return nil
	})
	if err != nil || k != len(skies) {
		t.Fatal(err, k)
	}
}

// TestReferenceAgreesOnRealSkies: the reference implementation and the
// Evaluator agree on real GLONASS+BeiDou skies (ADD and 2012 rules).
func TestReferenceAgreesOnRealSkies(t *testing.T) {
	grid := orbit.EpochGrid{Start: day0, Step: 3 * time.Hour, N: 8}
	if testing.Short() {
		grid.N = 2
	}
	eph := snapshot(t, grid)
	for _, rule := range []integrity.Rule{integrity.RuleADD, integrity.Rule2012} {
		m := testModel(sim.Mask{ElevationDeg: 5})
		m.Config.Rule = rule
		m.Config.TolPLM = 1e-6
		m.Config.ISBSigmaM = 2
		sites := testSites[1:3]
		if rule == integrity.Rule2012 {
			m.Mask.ElevationDeg = 15 // fewer satellites: the reference enumerates every pair
			sites = testSites[1:2]
		}
		res, variants := collect(t, eph, sites, m, sim.Exec{})
		n := 0
		for i, site := range sites {
			for k := 0; k < grid.N; k++ {
				// rebuild the combined sky from the ephemeris
				sky := combinedSky(eph, site, m.Mask.ElevationDeg, k)
				want, err := integrity.ReferenceEvaluate(m.Config, sky)
				if err != nil {
					t.Fatal(err)
				}
				got := &res[(i*grid.N+k)*len(variants)+len(variants)-1]
				if got.Available != want.Available || got.NumModes != want.NumModes || got.NumSats != want.NumSats {
					t.Fatalf("%s %s epoch %d: %+v, reference %+v", rule, site.Name, k, got, want)
				}
				if !got.Available {
					continue
				}
				n++
				for _, p := range [][2]float64{{got.VPLM, want.VPLM}, {got.HPLM, want.HPLM}, {got.EMTM, want.EMTM}, {got.SigmaVAccM, want.SigmaVAccM}} {
					if math.Abs(p[0]-p[1]) > 2e-6 {
						t.Fatalf("%s %s epoch %d: %+v, reference %+v", rule, site.Name, k, got, want)
					}
				}
			}
		}
		if n == 0 {
			t.Errorf("%s: no available epoch compared", rule)
		}
	}
}

// combinedSky is the GLONASS-then-BeiDou sky of site at epoch k above a
// constant mask (the engine's order and visibility test).
func combinedSky(eph *sim.Ephemeris, site sim.Site, maskDeg float64, k int) []integrity.Sat {
	lat, lon := site.LatDeg*math.Pi/180, site.LonDeg*math.Pi/180
	r := orbit.GeodeticToECEF(lat, lon, site.HeightM/1000)
	e, n, u := orbit.ENUBasis(lat, lon)
	s := math.Sin(maskDeg * math.Pi / 180)
	var out []integrity.Sat
	for _, sys := range []ephemeris.System{ephemeris.GLONASS, ephemeris.BeiDou} {
		for i, sat := range eph.Sats {
			if sat.System != sys {
				continue
			}
			j := i*eph.Grid.N + k
			d := [3]float64{eph.X[j] - r[0], eph.Y[j] - r[1], eph.Z[j] - r[2]}
			dE, dN, dU := d[0]*e[0]+d[1]*e[1]+d[2]*e[2], d[0]*n[0]+d[1]*n[1]+d[2]*n[2], d[0]*u[0]+d[1]*u[1]+d[2]*u[2]
			d2 := d[0]*d[0] + d[1]*d[1] + d[2]*d[2]
			if !(dU > 0 && dU*dU > s*s*d2) {
				continue
			}
			inv := 1 / math.Sqrt(d2)
			out = append(out, integrity.Sat{System: sys, LOS: [3]float64{dE * inv, dN * inv, dU * inv}})
		}
	}
	return out
}

// TestModelErrors: bad models are refused before any work.
func TestModelErrors(t *testing.T) {
	cfg := integrity.DefaultConfig()
	for _, c := range []struct {
		m    integrity.Model
		want string
	}{
		{integrity.Model{Config: cfg}, "no systems"},
		{integrity.Model{Systems: []ephemeris.System{ephemeris.GPS, ephemeris.GPS}, Config: cfg}, "listed twice"},
		{integrity.Model{Systems: []ephemeris.System{ephemeris.NavIC}, Config: cfg}, "no ISM for NavIC"},
		{integrity.Model{Systems: []ephemeris.System{ephemeris.GPS}, Mask: sim.Mask{ElevationDeg: 95}, Config: cfg}, "mask"},
		{integrity.Model{Systems: []ephemeris.System{ephemeris.GPS}}, "service"},
	} {
		if err := c.m.Validate(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want %q", c.m.Systems, err, c.want)
		}
	}
}
