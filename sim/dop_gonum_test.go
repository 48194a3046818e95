package sim_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gnssim/gnssim/sim"
)

// refDOP is the slow reference: dense G with the clock columns, W, Q =
// (GᵀWG)⁻¹ by gonum's Dense.Inverse, then the DOP formulas. It returns the
// DOP and the 2-norm condition number of GᵀWG.
type geomSat struct {
	slot    int
	e, n, u float64
	w       float64
}

func refDOP(sats []geomSat, set sim.SlotSet, clock sim.ClockModel) (d sim.DOP, cond float64, ok bool) {
	var use []geomSat
	var clockOf [sim.MaxSystems]int
	for i := range clockOf {
		clockOf[i] = -1
	}
	nclk := 0
	first := -1
	for s := 0; s < sim.MaxSystems; s++ {
		if set&(1<<s) == 0 {
			continue
		}
		for _, g := range sats {
			if g.slot == s {
				if clockOf[s] < 0 {
					if clock == sim.ClockCommon {
						clockOf[s] = 0
						nclk = 1
					} else {
						clockOf[s] = nclk
						nclk++
					}
					if first < 0 {
						first = clockOf[s]
					}
				}
				use = append(use, g)
			}
		}
	}
	d.NVisible = len(use)
	if len(use) == 0 || len(use) < 3+nclk {
		return d, math.Inf(1), false
	}
	m := 3 + nclk
	G := mat.NewDense(len(use), m, nil)
	W := mat.NewDiagDense(len(use), nil)
	for i, g := range use {
		G.Set(i, 0, -g.e)
		G.Set(i, 1, -g.n)
		G.Set(i, 2, -g.u)
		G.Set(i, 3+clockOf[g.slot], 1)
		W.SetDiag(i, g.w)
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
	d.TDOP = math.Sqrt(Q.At(3+first, 3+first))
	d.Available = true
	return d, cond, true
}

func relErr(a, b float64) float64 {
	return math.Abs(a-b) / math.Max(math.Abs(b), 1e-300)
}

// TestSolveAgainstGonum compares Accumulator.Solve with the dense gonum
// reference on random geometries: 1–4 systems, both clock models, with and
// without elevation weighting, random subsets of systems. Tolerance 1e-9
// relative (the brief's); geometries whose normal matrix has a 2-norm
// condition number above 1e8 are not compared (both paths lose up to
// cond·1e-16 there).
func TestSolveAgainstGonum(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const tol = 1e-9
	compared := map[sim.ClockModel]int{}
	unavailable := 0
	for trial := 0; trial < 6000; trial++ {
		nsys := 1 + rng.IntN(4)
		clock := sim.ClockModel(rng.IntN(2))
		weighted := rng.IntN(2) == 1
		var sats []geomSat
		var acc sim.Accumulator
		for s := 0; s < nsys; s++ {
			n := rng.IntN(9) // 0..8 satellites of this system
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
		set := sim.SlotSet(1+rng.IntN(1<<nsys-1)) & sim.SlotSet(1<<nsys-1)
		got := acc.Solve(set, clock)
		want, cond, ok := refDOP(sats, set, clock)
		if got.NVisible != want.NVisible {
			t.Fatalf("trial %d: NVisible %d, want %d", trial, got.NVisible, want.NVisible)
		}
		if !ok {
			if got.Available || !math.IsNaN(got.PDOP) {
				t.Fatalf("trial %d: fast path available (%+v) where the reference has too few satellites or a singular matrix", trial, got)
			}
			unavailable++
			continue
		}
		if cond > 1e8 {
			continue
		}
		if !got.Available {
			t.Fatalf("trial %d: fast path unavailable, reference %+v (cond %.3g)", trial, want, cond)
		}
		for _, c := range []struct {
			name      string
			got, want float64
		}{{"GDOP", got.GDOP, want.GDOP}, {"PDOP", got.PDOP, want.PDOP}, {"HDOP", got.HDOP, want.HDOP}, {"VDOP", got.VDOP, want.VDOP}, {"TDOP", got.TDOP, want.TDOP}} {
			if relErr(c.got, c.want) > tol {
				t.Fatalf("trial %d (%d systems, set %b, %v clock, weighted %v, cond %.3g): %s = %.15g, gonum %.15g",
					trial, nsys, set, clock, weighted, cond, c.name, c.got, c.want)
			}
		}
		compared[clock]++
	}
	for _, c := range []sim.ClockModel{sim.ClockPerSystem, sim.ClockCommon} {
		if compared[c] < 1000 {
			t.Errorf("%v clock: only %d geometries compared, want ≥ 1000", c, compared[c])
		}
	}
	t.Logf("compared %v, unavailable %d", compared, unavailable)
}
