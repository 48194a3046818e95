package sim_test

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/simtest"
)

var start2026 = time.Date(2026, 3, 18, 0, 0, 0, 0, time.UTC)

// walkerEphemeris returns the GLONASS + BeiDou circular-orbit ephemeris
// (simtest.GLONASSBeiDou) over n epochs of the given step from 2026-03-18.
func walkerEphemeris(n int, step time.Duration) *sim.Ephemeris {
	return simtest.GLONASSBeiDou(orbit.EpochGrid{Start: start2026, Step: step, N: n})
}

// sameBits reports whether two float slices are bit-identical (NaN == NaN).
func sameBits(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}

func sameInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func sameStats(t *testing.T, what string, a, b *sim.CoverageStats) {
	t.Helper()
	if a.Name != b.Name {
		t.Errorf("%s: names %q, %q", what, a.Name, b.Name)
	}
	for _, c := range []struct {
		n    string
		x, y []float64
	}{{"MeanVisible", a.MeanVisible, b.MeanVisible}, {"MeanPDOP", a.MeanPDOP, b.MeanPDOP}, {"MaxPDOP", a.MaxPDOP, b.MaxPDOP}, {"Availability", a.Availability, b.Availability}} {
		if !sameBits(c.x, c.y) {
			t.Errorf("%s: %s differs", what, c.n)
		}
	}
	for _, c := range []struct {
		n    string
		x, y []int
	}{{"MinVisible", a.MinVisible, b.MinVisible}, {"MaxVisible", a.MaxVisible, b.MaxVisible}, {"PDOPEpochs", a.PDOPEpochs, b.PDOPEpochs}} {
		if !sameInts(c.x, c.y) {
			t.Errorf("%s: %s differs", what, c.n)
		}
	}
	if len(a.PDOPHistogram) != len(b.PDOPHistogram) {
		t.Errorf("%s: histogram lengths differ", what)
		return
	}
	for i := range a.PDOPHistogram {
		if a.PDOPHistogram[i] != b.PDOPHistogram[i] {
			t.Errorf("%s: histogram bin %d: %d vs %d", what, i, a.PDOPHistogram[i], b.PDOPHistogram[i])
			return
		}
	}
}

func sameMaps(t *testing.T, what string, a, b *sim.CoverageMap) {
	t.Helper()
	if a.NLat != b.NLat || a.NLon != b.NLon || a.Grid != b.Grid || a.Epochs != b.Epochs || !sameBits(a.LatDeg, b.LatDeg) || !sameBits(a.LonDeg, b.LonDeg) {
		t.Fatalf("%s: grids differ: %+v %dx%d vs %+v %dx%d", what, a.Grid, a.NLat, a.NLon, b.Grid, b.NLat, b.NLon)
	}
	sameStats(t, what, &a.CoverageStats, &b.CoverageStats)
	if len(a.PerSystem) != len(b.PerSystem) {
		t.Fatalf("%s: %d vs %d per-system layers", what, len(a.PerSystem), len(b.PerSystem))
	}
	for l := range a.PerSystem {
		sameStats(t, what+" "+a.PerSystem[l].Name, &a.PerSystem[l], &b.PerSystem[l])
	}
}

// coverageCases are the option sets the coverage tests run: both clock
// models, weighting, an azimuth mask (general kernel), a regional grid
// across the antimeridian and the user's system order reversed.
func coverageCases() []struct {
	name string
	grid sim.GridSpec
	opt  opts
} {
	both := []ephemeris.System{ephemeris.GLONASS, ephemeris.BeiDou}
	az := sim.Mask{Azimuth: []sim.MaskPoint{{0, 5}, {90, 25}, {180, 10}, {270, 40}}}
	return []struct {
		name string
		grid sim.GridSpec
		opt  opts
	}{
		{"global 5° per-system mask 10°", sim.GlobalGrid(5), opts{Systems: both, Mask: sim.Mask{ElevationDeg: 10}, PerSystem: true}},
		{"global 4° common mask 0°", sim.GlobalGrid(4), opts{Systems: both, Clock: sim.ClockCommon, PerSystem: true}},
		{"global 5° isb prior 0.5 m", sim.GlobalGrid(5), opts{Systems: both, Clock: sim.ClockISBPrior, ISBSigmaM: 0.5, Mask: sim.Mask{ElevationDeg: 10}, PerSystem: true}},
		{"global 6° weighted isb prior 3 m, GPS listed without satellites", sim.GlobalGrid(6), opts{Systems: []ephemeris.System{ephemeris.GPS, ephemeris.GLONASS, ephemeris.BeiDou}, Clock: sim.ClockISBPrior, ISBSigmaM: 3, Weighting: sim.WeightElevation, Mask: sim.Mask{ElevationDeg: 15}}},
		{"global 6° weighted mask 15°", sim.GlobalGrid(6), opts{Systems: both, Weighting: sim.WeightElevation, Mask: sim.Mask{ElevationDeg: 15}, PerSystem: true}},
		{"global 5° azimuth mask", sim.GlobalGrid(5), opts{Systems: both, Mask: az, PerSystem: true}},
		{"region 2° across antimeridian, beidou first", sim.GridSpec{CellDeg: 2, LatMinDeg: -40, LatMaxDeg: 60, LonMinDeg: 100, LonMaxDeg: 260},
			opts{Systems: []ephemeris.System{ephemeris.BeiDou, ephemeris.GLONASS}, Mask: sim.Mask{ElevationDeg: 5}, PerSystem: true}},
		{"polar region 1° glonass only", sim.GridSpec{CellDeg: 1, LatMinDeg: 70, LatMaxDeg: 90, LonMinDeg: -180, LonMaxDeg: 180},
			opts{Systems: []ephemeris.System{ephemeris.GLONASS}, Mask: sim.Mask{ElevationDeg: 10}}},
	}
}

// TestCoverageCapSkipMatchesBruteForce: the cap skip must never drop a
// visible satellite, so the fast path equals the brute-force path (every
// cell × every satellite, same arithmetic per cell) bit for bit.
func TestCoverageCapSkipMatchesBruteForce(t *testing.T) {
	n := 48
	if testing.Short() {
		n = 12
	}
	eph := walkerEphemeris(n, 30*time.Minute) // 24 h at 30 min
	for _, tc := range coverageCases() {
		t.Run(tc.name, func(t *testing.T) {
			fast, err := coverage(context.Background(), eph, tc.grid, tc.opt, nil)
			if err != nil {
				t.Fatal(err)
			}
			brute, err := coverageBruteForce(context.Background(), eph, tc.grid, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			sameMaps(t, "fast vs brute force", fast, brute)
		})
	}
}

// TestCoverageDeterministic: 1 worker vs N workers, and the grid split into
// arbitrary row blocks run separately (CoverageRows) then merged, are
// bit-identical to the full run.
func TestCoverageDeterministic(t *testing.T) {
	eph := walkerEphemeris(24, time.Hour)
	for _, tc := range coverageCases() {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			opt1 := tc.opt
			opt1.Workers = 1
			ref, err := coverage(ctx, eph, tc.grid, opt1, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range []int{2, 3, 7} {
				opt := tc.opt
				opt.Workers = w
				m, err := coverage(ctx, eph, tc.grid, opt, nil)
				if err != nil {
					t.Fatal(err)
				}
				sameMaps(t, "workers", ref, m)
			}
			// Random row splits.
			rng := rand.New(rand.NewPCG(7, uint64(ref.NLat)))
			for trial := 0; trial < 3; trial++ {
				var parts []*sim.CoverageMap
				for r0 := 0; r0 < ref.NLat; {
					r1 := min(ref.NLat, r0+1+rng.IntN(max(1, ref.NLat/3)))
					opt := tc.opt
					opt.Workers = 1 + rng.IntN(3)
					p, err := coverageRows(ctx, eph, tc.grid, r0, r1, opt)
					if err != nil {
						t.Fatal(err)
					}
					// A shard is also the same as Coverage on its own sub-grid.
					if r0 == 0 {
						sub, _ := tc.grid.Rows(r0, r1)
						q, err := coverage(ctx, eph, sub, opt, nil)
						if err != nil {
							t.Fatal(err)
						}
						sameMaps(t, "shard vs sub-grid", p, q)
					}
					parts = append(parts, p)
					r0 = r1
				}
				m, err := sim.MergeCoverage(parts...)
				if err != nil {
					t.Fatal(err)
				}
				sameMaps(t, "row split", ref, m)
			}
		})
	}
}

// TestCoverageMatchesSiteSeries compares cells with SiteSeries at their
// centres, an independent path (ECEF offsets projected on
// orbit.ENUBasis, Accumulator.Solve): visible counts identical, PDOP
// statistics within 1e-9 relative (only the rounding of the two
// formulations of d differs).
func TestCoverageMatchesSiteSeries(t *testing.T) {
	eph := walkerEphemeris(48, 30*time.Minute)
	for _, tc := range coverageCases() {
		t.Run(tc.name, func(t *testing.T) {
			m, err := coverage(context.Background(), eph, tc.grid, tc.opt, nil)
			if err != nil {
				t.Fatal(err)
			}
			rng := rand.New(rand.NewPCG(3, 4))
			var sites []sim.Site
			var cells []int
			for i := 0; i < 40; i++ {
				r, c := rng.IntN(m.NLat), rng.IntN(m.NLon)
				if i == 0 {
					r = m.NLat - 1 // include the northernmost row
				}
				lon := m.LonDeg[c]
				if lon >= 360 {
					lon -= 360
				}
				sites = append(sites, sim.Site{LatDeg: m.LatDeg[r], LonDeg: lon})
				cells = append(cells, r*m.NLon+c)
			}
			res, err := siteSeries(eph, sites, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			layers := []*sim.CoverageStats{&m.CoverageStats}
			variants := []int{len(res.Variants) - 1}
			for l := range m.PerSystem {
				layers = append(layers, &m.PerSystem[l])
				variants = append(variants, l)
			}
			cmp, err := sim.CompareSites(res)
			if err != nil {
				t.Fatal(err)
			}
			for i, cell := range cells {
				for l, st := range layers {
					s := cmp[i].Stats[variants[l]]
					if st.Name != s.Variant {
						t.Fatalf("layer %q vs variant %q", st.Name, s.Variant)
					}
					maxVis := 0
					maxP := math.NaN()
					for k := 0; k < eph.Grid.N; k++ {
						d := res.At(i, k, variants[l])
						maxVis = max(maxVis, d.NVisible)
						if d.Available && !(d.PDOP <= maxP) {
							maxP = d.PDOP
						}
					}
					if st.MinVisible[cell] != s.MinVisible || st.MaxVisible[cell] != maxVis || st.PDOPEpochs[cell] != s.PDOPEpochs ||
						st.MeanVisible[cell] != s.MeanVisible || st.Availability[cell] != s.Availability {
						t.Errorf("site %+v %s: coverage vis %v/%d/%d pdop-epochs %d avail %v; site %v/%d/%d %d %v", sites[i], st.Name,
							st.MeanVisible[cell], st.MinVisible[cell], st.MaxVisible[cell], st.PDOPEpochs[cell], st.Availability[cell],
							s.MeanVisible, s.MinVisible, maxVis, s.PDOPEpochs, s.Availability)
					}
					// 1e-9 relative, widened by the condition number of S
					// (≈ n·PDOP², rounding 1e-16, ×100 margin) for the
					// near-singular geometries of a single system.
					tol := 1e-9 + 1e-14*maxP*maxP
					if !closeOrNaN(st.MeanPDOP[cell], s.MeanPDOP, tol) || !closeOrNaN(st.MaxPDOP[cell], maxP, tol) {
						t.Errorf("site %+v %s: mean/max PDOP %v/%v, site series %v/%v", sites[i], st.Name, st.MeanPDOP[cell], st.MaxPDOP[cell], s.MeanPDOP, maxP)
					}
				}
			}
		})
	}
}

func closeOrNaN(a, b, tol float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= tol*math.Abs(b)
}

// TestCapAngleConservative: for random satellites (GNSS MEO to GEO radii)
// and random points on the ellipsoid (height 0) that see them above the
// mask (geodetic elevation), the central angle is inside capAngle.
func TestCapAngleConservative(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	checked := 0
	for i := 0; i < 200000; i++ {
		mask := []float64{0, 5, 10, 30}[i%4]
		r := 20000 + rng.Float64()*25000
		slat := math.Asin(2*rng.Float64() - 1)
		slon := rng.Float64() * 2 * math.Pi
		s := [3]float64{r * math.Cos(slat) * math.Cos(slon), r * math.Cos(slat) * math.Sin(slon), r * math.Sin(slat)}
		// A receiver near the sub-satellite point, at up to 90° central angle.
		lat := slat + (rng.Float64()-0.5)*math.Pi
		lat = math.Max(-math.Pi/2, math.Min(math.Pi/2, lat))
		lon := slon + (rng.Float64()-0.5)*math.Pi
		p := orbit.GeodeticToECEF(lat, lon, 0)
		E, N, U := orbit.ENUBasis(lat, lon)
		d := [3]float64{s[0] - p[0], s[1] - p[1], s[2] - p[2]}
		dE, dN, dU := dot(d, E), dot(d, N), dot(d, U)
		el := math.Atan2(dU, math.Hypot(dE, dN)) * 180 / math.Pi
		if el <= mask {
			continue
		}
		checked++
		gamma := math.Acos(math.Max(-1, math.Min(1, dot(p, s)/(norm(p)*norm(s)))))
		if lam := sim.CapAngle(r, mask); gamma >= lam {
			t.Fatalf("satellite r=%g km at el %.4f° (mask %g°) from lat %.4f°: central angle %.6f° outside cap %.6f°",
				r, el, mask, lat*180/math.Pi, gamma*180/math.Pi, lam*180/math.Pi)
		}
	}
	if checked < 10000 {
		t.Fatalf("only %d visible samples", checked)
	}
}

func dot(a, b [3]float64) float64 { return a[0]*b[0] + a[1]*b[1] + a[2]*b[2] }
func norm(a [3]float64) float64   { return math.Sqrt(dot(a, a)) }

// TestCoverageMemoryDoesNotGrowWithEpochs: a 1° global grid allocates the
// same (O(cells)) for 8 and for 32 epochs: no allocation per epoch.
func TestCoverageMemoryDoesNotGrowWithEpochs(t *testing.T) {
	if testing.Short() {
		t.Skip("1° global grid")
	}
	measure := func(n int) (allocs, bytes uint64) {
		eph := walkerEphemeris(n, 10*time.Minute)
		opt := opts{Mask: sim.Mask{ElevationDeg: 10}, Workers: 2, PerSystem: true}
		if _, err := coverage(context.Background(), eph, sim.GlobalGrid(1), opt, nil); err != nil { // warm-up
			t.Fatal(err)
		}
		var a, b runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&a)
		if _, err := coverage(context.Background(), eph, sim.GlobalGrid(1), opt, nil); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&b)
		return b.Mallocs - a.Mallocs, b.TotalAlloc - a.TotalAlloc
	}
	a8, b8 := measure(8)
	a32, b32 := measure(32)
	t.Logf("8 epochs: %d allocations, %d bytes; 32 epochs: %d allocations, %d bytes", a8, b8, a32, b32)
	// 64800 cells × 3 layers: the statistics alone are ~10 MB; allow a few
	// runtime allocations of slack (goroutine stacks, timers), no growth.
	if a32 > a8+20 || float64(b32) > float64(b8)*1.01+64<<10 {
		t.Errorf("allocations grow with epochs: %d → %d allocations, %d → %d bytes", a8, a32, b8, b32)
	}
	if b8 > 40<<20 {
		t.Errorf("%d bytes for 64800 cells: more than O(cells)", b8)
	}
}

func TestCoverageCancelAndProgress(t *testing.T) {
	eph := walkerEphemeris(12, time.Hour)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := coverage(ctx, eph, sim.GlobalGrid(5), opts{}, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: err = %v, want context.Canceled", err)
	}
	// Cancel from the progress callback of a longer run.
	long := walkerEphemeris(2000, time.Minute)
	ctx2, cancel2 := context.WithCancel(context.Background())
	defer cancel2()
	calls := 0
	_, err := coverage(ctx2, long, sim.GlobalGrid(1), opts{}, func(done, total int) {
		calls++
		cancel2()
	})
	if !errors.Is(err, context.Canceled) || calls == 0 {
		t.Errorf("cancel during run: err = %v after %d progress calls, want context.Canceled", err, calls)
	}
	var last [2]int
	prev := -1
	_, err = coverage(context.Background(), eph, sim.GlobalGrid(5), opts{}, func(done, total int) {
		if done < prev || total != 12 {
			t.Errorf("progress(%d, %d) after %d", done, total, prev)
		}
		prev = done
		last = [2]int{done, total}
	})
	if err != nil || last != [2]int{12, 12} {
		t.Errorf("final progress %v, err %v; want [12 12]", last, err)
	}
}

func TestCoverageErrors(t *testing.T) {
	eph := walkerEphemeris(2, time.Hour)
	ctx := context.Background()
	bad := []struct {
		name string
		grid sim.GridSpec
		opt  opts
	}{
		{"cell 7°", sim.GlobalGrid(7), opts{}},
		{"edge not multiple", sim.GridSpec{CellDeg: 2, LatMinDeg: -89, LatMaxDeg: 89, LonMinDeg: 0, LonMaxDeg: 10}, opts{}},
		{"mask 90", sim.GlobalGrid(5), opts{Mask: sim.Mask{ElevationDeg: 90}}},
		{"system not selectable", sim.GlobalGrid(5), opts{Systems: []ephemeris.System{0}}},
		{"negative workers", sim.GlobalGrid(5), opts{Workers: -1}},
	}
	for _, tc := range bad {
		if _, err := coverage(ctx, eph, tc.grid, tc.opt, nil); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
	if _, err := coverageRows(ctx, eph, sim.GlobalGrid(5), 10, 10, opts{}); err == nil {
		t.Error("empty row range: no error")
	}
	if _, err := coverage(ctx, walkerEphemeris(0, time.Hour), sim.GlobalGrid(5), opts{}, nil); err == nil {
		t.Error("no epochs: no error")
	}
	// A nil context is a programmer error: it panics.
	func() {
		defer func() {
			if recover() == nil {
				t.Error("nil context: no panic")
			}
		}()
		//lint:ignore SA1012 testing the nil-context panic
		coverage(nil, eph, sim.GlobalGrid(5), opts{}, nil) //nolint:staticcheck
	}()
}

// TestCoverageNaNPositions: a satellite whose propagation failed (NaN) at
// some epochs is simply not visible then; the fast path still equals brute
// force and a run without that satellite at those epochs.
func TestCoverageNaNPositions(t *testing.T) {
	eph := walkerEphemeris(6, time.Hour)
	N := eph.Grid.N
	for s := 0; s < len(eph.Sats); s += 5 {
		for k := s % 3; k < N; k += 2 {
			eph.X[s*N+k], eph.Y[s*N+k], eph.Z[s*N+k] = math.NaN(), math.NaN(), math.NaN()
		}
	}
	opt := opts{Mask: sim.Mask{ElevationDeg: 10}, PerSystem: true}
	fast, err := coverage(context.Background(), eph, sim.GlobalGrid(5), opt, nil)
	if err != nil {
		t.Fatal(err)
	}
	brute, err := coverageBruteForce(context.Background(), eph, sim.GlobalGrid(5), opt)
	if err != nil {
		t.Fatal(err)
	}
	sameMaps(t, "NaN positions", fast, brute)
	full, _ := coverage(context.Background(), walkerEphemeris(6, time.Hour), sim.GlobalGrid(5), opt, nil)
	less := 0
	for i := range fast.MeanVisible {
		if fast.MeanVisible[i] > full.MeanVisible[i] {
			t.Fatalf("cell %d sees more satellites with failed positions", i)
		}
		if fast.MeanVisible[i] < full.MeanVisible[i] {
			less++
		}
	}
	if less == 0 {
		t.Error("failed positions changed nothing")
	}
}

// TestCoverageVectorKernelsBitIdentical: with and without the AVX2 kernels
// (the portable Go code of every other platform, or build tag purego) the
// maps are bit-identical.
func TestCoverageVectorKernelsBitIdentical(t *testing.T) {
	if !sim.HasVectorKernels {
		t.Skip("no vector kernels on this CPU/platform")
	}
	eph := walkerEphemeris(12, 2*time.Hour)
	for _, tc := range coverageCases()[:2] {
		vec, err := coverage(context.Background(), eph, tc.grid, tc.opt, nil)
		if err != nil {
			t.Fatal(err)
		}
		restore := sim.SetVectorKernels(false)
		port, err := coverage(context.Background(), eph, tc.grid, tc.opt, nil)
		restore()
		if err != nil {
			t.Fatal(err)
		}
		sameMaps(t, tc.name+": vector vs portable", vec, port)
	}
}
