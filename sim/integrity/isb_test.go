package integrity_test

import (
	"math"
	"testing"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/sim/integrity"
)

// The inter-system-bias prior interpolates between the two clock models:
// σ = 1e-6 m reproduces one common clock (σ = 0) and σ = 1e8 m a clock per
// constellation (σ = +Inf), to 1e-9 relative, for protection levels, EMT,
// σ_v,acc and every mode's σ, σ_ss and b. (The prior's effect is of order
// σ²·Σw ≈ 1e-12 at 1e-6 m and 1/(σ²·Σw) ≈ 1e-16 at 1e8 m.)
func TestISBLimits(t *testing.T) {
	geos := [][]integrity.Sat{
		skyGeometry(21, 24, ephemeris.GPS, ephemeris.Galileo),
		skyGeometry(22, 30, ephemeris.GPS, ephemeris.Galileo, ephemeris.BeiDou),
		skyGeometry(23, 36, ephemeris.GLONASS, ephemeris.BeiDou, ephemeris.GPS, ephemeris.Galileo),
		appendixJSats(),
	}
	for gi, sats := range geos {
		for _, lim := range []struct{ sigma, limit float64 }{{1e-6, 0}, {1e8, math.Inf(1)}} {
			run := func(isb float64) (integrity.Result, []integrity.Mode) {
				cfg := integrity.DefaultConfig()
				cfg.ISBSigmaM = isb
				cfg.TolPLM = 1e-11
				ev := mustEvaluator(t, cfg)
				var r integrity.Result
				if err := ev.Evaluate(&r, sats); err != nil || !r.Available {
					t.Fatalf("geometry %d σ %g: %v %v", gi, isb, err, r.Reason)
				}
				m, err := ev.AppendModes(nil)
				if err != nil {
					t.Fatal(err)
				}
				return r, m
			}
			a, am := run(lim.sigma)
			b, bm := run(lim.limit)
			rel := func(x, y float64) float64 { return math.Abs(x-y) / math.Max(math.Abs(y), 1e-3) }
			worst := 0.0
			for _, p := range [][2]float64{{a.VPLM, b.VPLM}, {a.HPLM, b.HPLM}, {a.EMTM, b.EMTM}, {a.SigmaVAccM, b.SigmaVAccM}} {
				worst = math.Max(worst, rel(p[0], p[1]))
			}
			if len(am) != len(bm) || a.NumModes != b.NumModes {
				t.Fatalf("geometry %d σ %g: %d modes vs %d", gi, lim.sigma, len(am), len(bm))
			}
			for k := range am {
				for q := 0; q < 3; q++ {
					worst = math.Max(worst, rel(am[k].SigmaM[q], bm[k].SigmaM[q]))
					worst = math.Max(worst, rel(am[k].SigmaSSM[q], bm[k].SigmaSSM[q]))
					worst = math.Max(worst, rel(am[k].BiasM[q], bm[k].BiasM[q]))
				}
			}
			t.Logf("geometry %d: σ_ISB %g vs %g: max relative difference %.3g", gi, lim.sigma, lim.limit, worst)
			if worst > 1e-9 {
				t.Errorf("geometry %d: σ_ISB %g vs %g differ by %g relative:\n%+v\n%+v", gi, lim.sigma, lim.limit, worst, a, b)
			}
		}
	}
}

// A finite prior lies between the two limits: it can only add information,
// so the all-in-view σ_v,acc decreases from per-system to common clock.
func TestISBMonotone(t *testing.T) {
	sats := skyGeometry(31, 20, ephemeris.GPS, ephemeris.Galileo, ephemeris.BeiDou)
	prev := math.Inf(1)
	for _, s := range []float64{math.Inf(1), 100, 10, 3, 1, 0.3, 0.1, 0} {
		cfg := integrity.DefaultConfig()
		cfg.ISBSigmaM = s
		ev := mustEvaluator(t, cfg)
		var r integrity.Result
		if err := ev.Evaluate(&r, sats); err != nil || !r.Available {
			t.Fatal(err, r.Reason)
		}
		if r.SigmaVAccM > prev*(1+1e-12) {
			t.Errorf("σ_ISB %g: σ_v,acc %g > %g at the larger σ", s, r.SigmaVAccM, prev)
		}
		prev = r.SigmaVAccM
	}
}
