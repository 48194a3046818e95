package sim_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gnssim/gnssim/sim"
)

// refISB is the slow reference of Accumulator.SolveISB: the dense design
// matrix with one clock column per system with satellites, plus one
// pseudo-observation row per non-reference system, c_k − c_r = 0 with
// weight p; Q = (GᵀWG)⁻¹ by gonum. GDOP is √trace Q over the position and
// every system's clock; TDOP that of the reference (first) clock.
func refISB(sats []geomSat, set sim.SlotSet, p float64) (d sim.DOP, cond float64, ok bool) {
	var use []geomSat
	var clockOf [sim.MaxSystems]int
	nclk := 0
	for s := 0; s < sim.MaxSystems; s++ {
		clockOf[s] = -1
		if set&(1<<s) == 0 {
			continue
		}
		for _, g := range sats {
			if g.slot == s {
				if clockOf[s] < 0 {
					clockOf[s] = nclk
					nclk++
				}
				use = append(use, g)
			}
		}
	}
	d.NVisible = len(use)
	rows := len(use) + nclk - 1
	m := 3 + nclk
	if len(use) < 4 || rows < m {
		return d, math.Inf(1), false
	}
	G := mat.NewDense(rows, m, nil)
	W := mat.NewDiagDense(rows, nil)
	for i, g := range use {
		G.Set(i, 0, -g.e)
		G.Set(i, 1, -g.n)
		G.Set(i, 2, -g.u)
		G.Set(i, 3+clockOf[g.slot], 1)
		W.SetDiag(i, g.w)
	}
	for k := 1; k < nclk; k++ {
		r := len(use) + k - 1
		G.Set(r, 3, -1)
		G.Set(r, 3+k, 1)
		W.SetDiag(r, p)
	}
	var GtW, Nm, Q mat.Dense
	GtW.Mul(G.T(), W)
	Nm.Mul(&GtW, G)
	cond = mat.Cond(&Nm, 2)
	if err := Q.Inverse(&Nm); err != nil {
		return d, cond, false
	}
	tr := 0.0
	for i := 0; i < m; i++ {
		tr += Q.At(i, i)
	}
	d.GDOP = math.Sqrt(tr)
	d.PDOP = math.Sqrt(Q.At(0, 0) + Q.At(1, 1) + Q.At(2, 2))
	d.HDOP = math.Sqrt(Q.At(0, 0) + Q.At(1, 1))
	d.VDOP = math.Sqrt(Q.At(2, 2))
	d.TDOP = math.Sqrt(Q.At(3, 3))
	d.Available = true
	return d, cond, true
}

// randomSky fills acc and returns the satellites of 1–4 systems (0–8 each),
// unit or elevation weights.
func randomSky(rng *rand.Rand, acc *sim.Accumulator) ([]geomSat, int) {
	nsys := 1 + rng.IntN(4)
	weighted := rng.IntN(2) == 1
	var sats []geomSat
	for s := 0; s < nsys; s++ {
		n := rng.IntN(9)
		for i := 0; i < n; i++ {
			az := rng.Float64() * 2 * math.Pi
			el := (5 + rng.Float64()*85) * math.Pi / 180
			g := geomSat{slot: s, e: math.Cos(el) * math.Sin(az), n: math.Cos(el) * math.Cos(az), u: math.Sin(el), w: 1}
			if weighted {
				g.w = g.u * g.u
			}
			sats = append(sats, g)
			acc.Add(s, g.e, g.n, g.u, g.w)
		}
	}
	return sats, nsys
}

func dopFields(d sim.DOP) [5]float64 { return [5]float64{d.GDOP, d.PDOP, d.HDOP, d.VDOP, d.TDOP} }

var dopNames = [5]string{"GDOP", "PDOP", "HDOP", "VDOP", "TDOP"}

// TestSolveISBAgainstGonum: the closed-form elimination of the biases
// equals the dense normal equations with pseudo-observation rows, for
// priors from 1 cm to 100 m (weights 1e4 to 1e-4), to 1e-9 relative on
// geometries with a 2-norm condition number up to 1e8.
func TestSolveISBAgainstGonum(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	compared := 0
	for trial := 0; trial < 6000; trial++ {
		var acc sim.Accumulator
		sats, nsys := randomSky(rng, &acc)
		set := sim.SlotSet(1+rng.IntN(1<<nsys-1)) & sim.SlotSet(1<<nsys-1)
		sigma := math.Pow(10, -2+4*rng.Float64())
		p := 1 / (sigma * sigma)
		got := acc.SolveISB(set, p)
		want, cond, ok := refISB(sats, set, p)
		if got.NVisible != want.NVisible {
			t.Fatalf("trial %d: NVisible %d, want %d", trial, got.NVisible, want.NVisible)
		}
		if !ok {
			if got.Available {
				t.Fatalf("trial %d: available (%+v) where the reference has too few observations or a singular matrix", trial, got)
			}
			continue
		}
		if cond > 1e8 {
			continue
		}
		if !got.Available {
			t.Fatalf("trial %d: unavailable, reference %+v (cond %.3g)", trial, want, cond)
		}
		g, w := dopFields(got), dopFields(want)
		for i := range g {
			if relErr(g[i], w[i]) > 1e-9 {
				t.Fatalf("trial %d (σ %.3g m, set %b, cond %.3g): %s = %.15g, gonum %.15g", trial, sigma, set, cond, dopNames[i], g[i], w[i])
			}
		}
		compared++
	}
	if compared < 2000 {
		t.Errorf("only %d geometries compared", compared)
	}
}

// TestSolveISBLimits: σ → ∞ reproduces the per-system clocks and σ → 0
// the common clock, to 1e-9 relative: exactly at p = 0 and p = +Inf, and
// within 1e-9 at σ = 1e9 m and σ = 1e-9 m. At the common-clock limit GDOP
// counts every system's clock: √(PDOP² + m·TDOP²).
func TestSolveISBLimits(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	n := [2]int{}
	for trial := 0; trial < 4000; trial++ {
		var acc sim.Accumulator
		sats, nsys := randomSky(rng, &acc)
		set := sim.SlotSet(1+rng.IntN(1<<nsys-1)) & sim.SlotSet(1<<nsys-1)
		m := 0
		for s := 0; s < nsys; s++ {
			for _, g := range sats {
				if g.slot == s && set&(1<<s) != 0 {
					m++
					break
				}
			}
		}
		for lim, c := range []struct {
			clock   sim.ClockModel
			weights []float64
		}{{sim.ClockPerSystem, []float64{0, 1e-18}}, {sim.ClockCommon, []float64{math.Inf(1), 1e18}}} {
			want := acc.Solve(set, c.clock)
			if want.Available && want.PDOP > 1e3 {
				continue // near-singular: both lose digits
			}
			for _, p := range c.weights {
				got := acc.SolveISB(set, p)
				if got.Available != want.Available {
					// A weak prior makes geometries solvable that per-system
					// clocks cannot solve (fewer than 3 + m satellites).
					if c.clock == sim.ClockPerSystem && p > 0 && got.Available && got.PDOP > 1e3 {
						continue
					}
					t.Fatalf("trial %d, %v limit, p %g: available %v, want %v (%+v)", trial, c.clock, p, got.Available, want.Available, got)
				}
				if !want.Available {
					continue
				}
				g, w := dopFields(got), dopFields(want)
				if c.clock == sim.ClockCommon {
					w[0] = math.Sqrt(want.PDOP*want.PDOP + float64(m)*want.TDOP*want.TDOP)
				}
				for i := range g {
					if relErr(g[i], w[i]) > 1e-9 {
						t.Fatalf("trial %d, %v limit, p %g: %s = %.15g, want %.15g", trial, c.clock, p, dopNames[i], g[i], w[i])
					}
				}
				n[lim]++
			}
		}
	}
	if n[0] < 1000 || n[1] < 1000 {
		t.Errorf("compared %v, want ≥ 1000 each", n)
	}
}

// TestSolveISBBadWeight: a negative or NaN weight is unavailable, never a
// number; an accumulator with an invalid Add too.
func TestSolveISBBadWeight(t *testing.T) {
	var acc sim.Accumulator
	for i := 0; i < 8; i++ {
		az, el := float64(i)*0.8, 0.2+0.15*float64(i)
		acc.Add(i%2, math.Cos(el)*math.Sin(az), math.Cos(el)*math.Cos(az), math.Sin(el), 1)
	}
	if d := acc.SolveISB(3, 1); !d.Available {
		t.Fatalf("good geometry unavailable: %+v", d)
	}
	for _, p := range []float64{-1, math.NaN(), math.Inf(-1)} {
		if d := acc.SolveISB(3, p); d.Available || !math.IsNaN(d.PDOP) {
			t.Errorf("p %g: %+v", p, d)
		}
	}
	acc.Add(0, 0, 0, 1, -1)
	if d := acc.SolveISB(3, 1); d.Available {
		t.Errorf("after an invalid Add: %+v", d)
	}
}

// TestModelISBValidation: the isb-prior model needs 0 < σ < ∞ and the
// other models refuse a σ.
func TestModelISBValidation(t *testing.T) {
	for _, c := range []struct {
		clock sim.ClockModel
		sigma float64
		ok    bool
	}{
		{sim.ClockISBPrior, 1.5, true},
		{sim.ClockISBPrior, 0, false},
		{sim.ClockISBPrior, -1, false},
		{sim.ClockISBPrior, math.Inf(1), false},
		{sim.ClockISBPrior, math.NaN(), false},
		{sim.ClockISBPrior, 1e-300, false},
		{sim.ClockPerSystem, 1, false},
		{sim.ClockCommon, 1, false},
		{sim.ClockPerSystem, 0, true},
	} {
		err := sim.Model{Clock: c.clock, ISBSigmaM: c.sigma}.Validate()
		if (err == nil) != c.ok {
			t.Errorf("%v σ %g: %v", c.clock, c.sigma, err)
		}
	}
	for _, s := range []string{"isb-prior", "ISB_Prior"} {
		if c, err := sim.ParseClockModel(s); err != nil || c != sim.ClockISBPrior {
			t.Errorf("ParseClockModel(%q) = %v, %v", s, c, err)
		}
	}
}
