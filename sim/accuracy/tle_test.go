package accuracy_test

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/accuracy"
	"github.com/gnssim/gnssim/sim/dataset"
)

// TestTLEPath exercises the TLE/SGP4 side with synthetic truth only: no
// broadcast or precise orbits exist offline for the date of gnssim's
// built-in element sets (2026-03-18), nor element sets for 2020-06-25, so
// TLE against broadcast or SP3 cannot be measured here.
//
// Source a is sim/dataset's Propagator (stateful, read in chunks of 7
// epochs), its satellites named by the PRN catalog ("R07", "C19"); source
// b is the same element sets propagated τ = 10 ms later. The difference
// is then r(t+τ) − r(t) = v_ECEF·τ + ½·a·τ² (the second term below 50 µm;
// checked to 1 mm, because the Earth-fixed SGP4 positions jitter by
// ±0.4 mm from one 10-ms epoch to the next while the TEME ones are smooth
// to 0.01 mm: a rounding of ~1.5e-11 rad in the Earth rotation angle),
// and its split must be that in the frame of the true velocity, which this
// test computes independently of the package: v_ECEF from SGP4 positions
// at t ± 1 s (truncation error ~1e-8 of |v|), r̂, ĥ = r × (v_ECEF + ω⊕ × r),
// â = ĥ × r̂. (SGP4's own velocity output would not do: it differs from the
// derivative of SGP4's positions by 3.1e-5 km/s, 9e-6 of |v|, for these
// deep-space orbits, which tilts ĥ by as much.) Measured agreement: 1.2e-7
// of |Δ| ≈ 30 m; tolerance 1e-6 relative plus 1e-8 m. Two Propagators of
// the same data agree exactly.
func TestTLEPath(t *testing.T) {
	d, err := dataset.Load(dataset.BuiltinInputs(), dataset.Options{Systems: []ephemeris.System{ephemeris.GLONASS, ephemeris.BeiDou}})
	if err != nil {
		t.Fatal(err)
	}
	grid := orbit.EpochGrid{Start: d.DefaultStart(), Step: 5 * time.Minute, N: 144}
	ctx := context.Background()

	// Identical: two Propagators.
	r, err := accuracy.Compare(ctx, d.Propagator(dataset.PropagatorOptions{}), d.Propagator(dataset.PropagatorOptions{}), grid,
		accuracy.Options{Exec: sim.Exec{ChunkEpochs: 7}})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Pairs) != len(d.Selected) || len(r.OnlyA)+len(r.OnlyB) != 0 || r.Total.D3.Max != 0 || r.Total.Compared != len(d.Selected)*grid.N {
		t.Fatalf("identical propagators: %d pairs of %d, total %+v", len(r.Pairs), len(d.Selected), r.Total)
	}
	if r.Pairs[0].Sat.PRN[0] != 'R' || r.Pairs[len(r.Pairs)-1].Sat.PRN[0] != 'C' {
		t.Errorf("PRNs %s … %s", r.Pairs[0].Sat.PRN, r.Pairs[len(r.Pairs)-1].Sat.PRN)
	}

	// τ later, with SGP4's velocities for the reference split.
	const tau = 10 * time.Millisecond
	props := make([]*orbit.SGP4, len(d.Selected))
	for i, s := range d.Selected {
		props[i] = s.SGP4
	}
	batch := func(start time.Time) *orbit.Batch {
		g := grid
		g.Start = start
		b := orbit.NewBatch(len(props), grid.N, false)
		if err := orbit.PropagateBatch(ctx, b, props, g, orbit.BatchOptions{Frame: orbit.FrameECEF}); err != nil {
			t.Fatal(err)
		}
		return b
	}
	now, plus, minus := batch(grid.Start), batch(grid.Start.Add(time.Second)), batch(grid.Start.Add(-time.Second))
	late := grid
	late.Start = grid.Start.Add(tau)
	b, fails, err := d.Ephemeris(ctx, late, dataset.PropagatorOptions{})
	if err != nil || len(fails) != 0 {
		t.Fatal(err, fails)
	}
	b.Grid = grid // the positions of t + τ, presented as those of t
	worst := 0.0
	check := func(ch *accuracy.Chunk) error {
		for p, pr := range ch.Pairs {
			for k := 0; k < ch.Grid.N; k++ {
				i, e := p*ch.Grid.N+k, now.Index(pr.A, ch.K0+k)
				r := [3]float64{now.X[e], now.Y[e], now.Z[e]}
				ve := [3]float64{(plus.X[e] - minus.X[e]) / 2, (plus.Y[e] - minus.Y[e]) / 2, (plus.Z[e] - minus.Z[e]) / 2}
				w := orbit.EarthRotationRateRadPerSec
				vi := [3]float64{ve[0] - w*r[1], ve[1] + w*r[0], ve[2]}
				rh := unit(r)
				hh := unit(crossP(r, vi))
				ah := crossP(hh, rh)
				j := pr.B*grid.N + ch.K0 + k
				dlt := [3]float64{(b.X[j] - r[0]) * 1e3, (b.Y[j] - r[1]) * 1e3, (b.Z[j] - r[2]) * 1e3}
				want := [3]float64{dotP(dlt, rh), dotP(dlt, ah), dotP(dlt, hh)}
				got := [3]float64{ch.R[i], ch.A[i], ch.C[i]}
				size := math.Sqrt(dotP(dlt, dlt))
				for c := range 3 {
					e := math.Abs(got[c] - want[c])
					if e > 1e-6*size+1e-8 {
						t.Errorf("%s epoch %d: R A C %v m, want %v", pr.Sat.PRN, ch.K0+k, got, want)
					}
					worst = math.Max(worst, e/size)
				}
				// And Δ is v_ECEF·τ.
				for c := range 3 {
					if vt := ve[c] * 1e3 * tau.Seconds(); math.Abs(dlt[c]-vt) > 1e-3 {
						t.Errorf("%s epoch %d: Δ[%d] = %.6f m, v·τ = %.6f m", pr.Sat.PRN, ch.K0+k, c, dlt[c], vt)
					}
				}
			}
		}
		return nil
	}
	r, err = accuracy.Compare(ctx, d.Propagator(dataset.PropagatorOptions{}), b, grid, accuracy.Options{Exec: sim.Exec{ChunkEpochs: 7}, OnChunk: check})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d satellites, %d epochs: split within %.1e of |Δ| of the reference frame; 3-D RMS %.1f m, along-track mean %.1f m, cross-track RMS %.1f m",
		len(r.Pairs), grid.N, worst, r.Total.D3.RMS, r.Total.A.Mean, r.Total.C.RMS)
	for _, g := range r.Classes {
		t.Logf("%-8s %-4s %2d satellites: along-track mean %6.2f m, cross-track RMS %5.2f m", g.System, g.Class, g.Satellites, g.A.Mean, g.C.RMS)
	}
	if _, ok := r.Class(ephemeris.BeiDou, accuracy.GEO); !ok {
		t.Error("no BeiDou GEO among the TLE satellites")
	}
}

func crossP(a, b [3]float64) [3]float64 {
	return [3]float64{a[1]*b[2] - a[2]*b[1], a[2]*b[0] - a[0]*b[2], a[0]*b[1] - a[1]*b[0]}
}
func dotP(a, b [3]float64) float64 { return a[0]*b[0] + a[1]*b[1] + a[2]*b[2] }
func unit(a [3]float64) [3]float64 {
	n := math.Sqrt(dotP(a, a))
	return [3]float64{a[0] / n, a[1] / n, a[2] / n}
}
