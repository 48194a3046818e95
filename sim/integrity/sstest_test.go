package integrity_test

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/sim/integrity"
)

// Separations agree with the slow path's (S_k − S_0)·y for random residuals,
// for every clock model, to 1e-9 m (residuals of a few metres).
func TestSSSeparationsMatchSlowPath(t *testing.T) {
	rng := newRand(77)
	checked := 0
	for trial := 0; trial < 150; trial++ {
		cfg, sats := randomCase(rng)
		ev := mustEvaluator(t, cfg)
		var res integrity.Result
		if err := ev.Evaluate(&res, sats); err != nil || !res.Available {
			continue
		}
		y := make([]float64, len(sats))
		for i := range y {
			y[i] = 3 * rng.NormFloat64()
		}
		var ss integrity.SSResult
		if err := ev.Test(&ss, y); err != nil {
			t.Fatal(err)
		}
		g := slowSetup(cfg, sats)
		S0 := g.slowS(make([]bool, g.n))
		modes, _ := ev.AppendModes(nil)
		dot := func(S interface{ At(int, int) float64 }, q int) float64 {
			s := 0.0
			for i := range y {
				s += S.At(q, i) * y[i]
			}
			return s
		}
		mag := func(S interface{ At(int, int) float64 }, q int) float64 {
			s := 0.0
			for i := range y {
				s += math.Abs(S.At(q, i) * y[i])
			}
			return s
		}
		for q := 0; q < 3; q++ {
			if d := math.Abs(ss.PositionM[q] - dot(S0, q)); d > 1e-9 {
				t.Fatalf("trial %d: x̂_0[%d] = %g, slow %g", trial, q, ss.PositionM[q], dot(S0, q))
			}
		}
		if len(ss.Separations) != len(modes) {
			t.Fatalf("%d separations for %d modes", len(ss.Separations), len(modes))
		}
		maxRatio := 0.0
		for k, m := range modes {
			ex := make([]bool, g.n)
			for _, i := range m.ExcludedSats {
				ex[i] = true
			}
			Sk := g.slowS(ex)
			trips := false
			for q := 0; q < 3; q++ {
				want := dot(Sk, q) - dot(S0, q)
				if d := math.Abs(ss.Separations[k][q] - want); d > 1e-9*math.Max(1, math.Abs(want)) {
					t.Fatalf("trial %d mode %d axis %d: Δx = %g, slow %g", trial, k, q, ss.Separations[k][q], want)
				}
				if thr := m.ThresholdM[q]; !math.IsNaN(thr) {
					// the package's rounding margin, 1e-13 of the terms' magnitude
					lim := thr + 1e-13*(mag(Sk, q)+mag(S0, q))
					trips = trips || math.Abs(want) > lim
					maxRatio = math.Max(maxRatio, math.Abs(want)/lim)
				}
			}
			if trips != slices.Contains(ss.Tripped, k) {
				t.Fatalf("trial %d mode %d: tripped %v, slow %v; Δx %v, T %v", trial, k, slices.Contains(ss.Tripped, k), trips, ss.Separations[k], m.ThresholdM)
			}
		}
		if ss.FaultDetected != (len(ss.Tripped) > 0) || math.Abs(ss.MaxRatio-maxRatio) > 1e-9*maxRatio {
			t.Fatalf("trial %d: detected %v, tripped %v, max ratio %g vs %g", trial, ss.FaultDetected, ss.Tripped, ss.MaxRatio, maxRatio)
		}
		checked++
	}
	if checked < 50 {
		t.Fatalf("only %d available cases", checked)
	}
}

func TestSSFaultDetection(t *testing.T) {
	cfg := integrity.DefaultConfig()
	sats := skyGeometry(41, 24, ephemeris.GPS, ephemeris.Galileo)
	ev := mustEvaluator(t, cfg)
	var res integrity.Result
	if err := ev.Evaluate(&res, sats); err != nil || !res.Available {
		t.Fatal(err, res.Reason)
	}
	modes, _ := ev.AppendModes(nil)
	// Residuals of a consistent solution (position (3, −2, 5) m, clocks 10
	// and 12 m): the all-in-view estimate recovers the position and every
	// subset agrees.
	pos := [3]float64{3, -2, 5}
	y := make([]float64, len(sats))
	for i, s := range sats {
		clk := 10.0
		if s.System == ephemeris.Galileo {
			clk = 12
		}
		y[i] = -(s.LOS[0]*pos[0] + s.LOS[1]*pos[1] + s.LOS[2]*pos[2]) + clk
	}
	var ss integrity.SSResult
	if err := ev.Test(&ss, y); err != nil {
		t.Fatal(err)
	}
	for q := 0; q < 3; q++ {
		if math.Abs(ss.PositionM[q]-pos[q]) > 1e-9 {
			t.Errorf("x̂_0 = %v, want %v", ss.PositionM, pos)
		}
	}
	if ss.FaultDetected || ss.MaxRatio > 1e-9 {
		t.Errorf("consistent residuals: detected %v, max ratio %g", ss.FaultDetected, ss.MaxRatio)
	}
	// A 100 m step on satellite 5 trips the test, and the mode that
	// excludes satellite 5 alone is among those that trip.
	y[5] += 100
	if err := ev.Test(&ss, y); err != nil {
		t.Fatal(err)
	}
	single := -1
	for k, m := range modes {
		if len(m.ExcludedSats) == 1 && m.ExcludedSats[0] == 5 {
			single = k
		}
	}
	if !ss.FaultDetected || single < 0 || !slices.Contains(ss.Tripped, single) {
		t.Errorf("100 m fault: detected %v, tripped %v (single-satellite mode %d)", ss.FaultDetected, ss.Tripped, single)
	}
	// Nominal noise (N(0, C_acc) drawn with C_acc of the error model, 300
	// draws, fixed seed): the false-alert probability per test is below
	// P_FA = 3.99e-6, so no draw may trip.
	rng := newRand(3)
	cacc := ev.CAccDiag()
	for d := 0; d < 300; d++ {
		for i := range y {
			y[i] = math.Sqrt(cacc[i]) * rng.NormFloat64()
		}
		if err := ev.Test(&ss, y); err != nil {
			t.Fatal(err)
		}
		if ss.FaultDetected {
			t.Fatalf("draw %d: nominal noise detected as a fault (max ratio %g)", d, ss.MaxRatio)
		}
	}
}

func TestSSErrors(t *testing.T) {
	ev := mustEvaluator(t, integrity.DefaultConfig())
	var ss integrity.SSResult
	if err := ev.Test(&ss, nil); !errors.Is(err, integrity.ErrNoEvaluation) {
		t.Errorf("before Evaluate: %v", err)
	}
	if _, err := ev.FaultFree(); !errors.Is(err, integrity.ErrNoEvaluation) {
		t.Errorf("FaultFree before Evaluate: %v", err)
	}
	sats := skyGeometry(42, 16, ephemeris.GPS, ephemeris.Galileo)
	var res integrity.Result
	if err := ev.Evaluate(&res, sats); err != nil || !res.Available {
		t.Fatal(err)
	}
	y := make([]float64, len(sats))
	y[2] = math.NaN()
	if err := ev.Test(&ss, y); err == nil {
		t.Error("NaN residual accepted")
	}
	defer func() {
		r := recover()
		if s, ok := r.(string); !ok || !strings.HasPrefix(s, "integrity: ") {
			t.Errorf("length mismatch: recovered %v", r)
		}
	}()
	_ = ev.Test(&ss, y[:3])
}
