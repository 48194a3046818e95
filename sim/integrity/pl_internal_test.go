package integrity

import (
	"math"
	"math/rand/v2"
	"testing"
)

// Standard normal upper quantiles z with Q(z) = p, to 16 digits (standard
// tables, e.g. R's qnorm(1 − p); the round-trip test below checks QInv
// against math.Erfc independently):
// 0.025 → 1.959963984540054, 1e-3 → 3.090232306167814,
// 1e-5 → 4.264890793922602, 1e-7 → 5.199337582192816,
// 1e-9 → 5.997807015007686.
func TestQInvKnownValues(t *testing.T) {
	for _, c := range []struct{ p, z float64 }{
		{0.5, 0},
		{0.025, 1.959963984540054},
		{1e-3, 3.090232306167814},
		{1e-5, 4.264890793922602},
		{1e-7, 5.199337582192816},
		{1e-9, 5.997807015007686},
		{0.975, -1.959963984540054},
	} {
		if got := QInv(c.p); math.Abs(got-c.z) > 1e-12 {
			t.Errorf("QInv(%g) = %.16g, want %.16g", c.p, got, c.z)
		}
	}
	// K_ff = 5.33 (two-sided 1e-7, appendix-j.md requirement parameters).
	if got := QInv(0.5e-7); math.Abs(got-5.33) > 0.005 {
		t.Errorf("K_ff = %g, want 5.33", got)
	}
	for _, p := range []float64{0, -1} {
		if !math.IsInf(QInv(p), 1) {
			t.Errorf("QInv(%g) not +Inf", p)
		}
	}
	if !math.IsInf(QInv(1), -1) || !math.IsNaN(QInv(math.NaN())) {
		t.Error("QInv(1) or QInv(NaN) wrong")
	}
}

// Q(QInv(p)) = p to a few ulps over 1e-300 … 1−1e-12 (Q is math.Erfc, an
// independent, correctly-rounded-to-~1ulp implementation).
func TestQInvRoundTrip(t *testing.T) {
	for e := -300.0; e <= -1e-12; e += 0.37 {
		p := math.Pow(10, e)
		if p >= 1 {
			continue
		}
		z := QInv(p)
		q := Q(z)
		// Rounding z (half an ulp, ≤ 1.1e-16·|z|) moves Q by a relative
		// z·dz ≈ 1.1e-16·z²; allow four times that plus a few ulps of Q.
		if r := math.Abs(q/p - 1); r > 4.4e-16*(1+z*z)+1e-15 {
			t.Errorf("Q(QInv(%g)) = %g (rel %g)", p, q, r)
		}
	}
}

// zBelow and zAbove bracket Q⁻¹ (they bound the protection-level roots).
func TestZBounds(t *testing.T) {
	for e := -40.0; e < -0.31; e += 0.013 {
		x := math.Pow(10, e)
		z := QInv(x)
		lo, hi := zBelow(x), zAbove(x)
		if !(lo <= z) || z-lo > 2e-6 {
			t.Errorf("zBelow(%g) = %.12g, QInv %.12g", x, lo, z)
		}
		if !(hi >= z) {
			t.Errorf("zAbove(%g) = %.12g < QInv %.12g", x, hi, z)
		}
	}
	if zAbove(0.7) != 0 {
		t.Error("zAbove(0.7) != 0")
	}
}

func solveTerms(c, mu, sig []float64, target, tol float64, prune bool) (float64, plStatus, plStats) {
	t := make([]plTerm, len(c))
	for i := range c {
		t[i] = plTerm{c: c[i], mu: mu[i], sig: sig[i], exact: true}
	}
	var kept []plTerm
	var bd plBounds
	bd.init(target, len(t))
	var st plStats
	L, s := solvePL(t, &bd, tol, prune, &kept, &st)
	return L, s, st
}

// A single term has the closed form L = mu + sig·Q⁻¹(target/c); the solver
// returns L within [L*, L* + tol].
func TestSolvePLSingleTerm(t *testing.T) {
	for _, c := range []struct{ c, mu, sig, target float64 }{
		{2, 0.3, 1.2, 9.8e-8},
		{2, 0, 1, 1e-9},
		{2, 5, 0.01, 4e-8},
		{2, -3, 100, 1e-7},
	} {
		want := c.mu + c.sig*QInv(c.target/c.c)
		for _, tol := range []float64{0.05, 1e-6, 1e-9} {
			L, st, _ := solveTerms([]float64{c.c}, []float64{c.mu}, []float64{c.sig}, c.target, tol, true)
			// rounding: 1e-13 relative of the quantile's scale
			r := 1e-13 * (math.Abs(c.mu) + c.sig*6)
			if st != plOK || L < want-r || L > want+tol+r {
				t.Errorf("%+v tol %g: L = %.15g, want in [%.15g, %.15g]", c, tol, L, want, want+tol)
			}
		}
	}
}

// Random sums: the result satisfies the guarantee L* ≤ L ≤ L* + tol,
// checked with the full (unpruned) sum evaluated directly: F(L) ≤ target and
// F(L − tol) > target. Without pruning the result obeys the same bounds.
func TestSolvePLGuarantee(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	evals, maxEvals, fallbacks := 0, 0, 0
	const trials = 3000
	for trial := 0; trial < trials; trial++ {
		n := 1 + rng.IntN(60)
		c := []float64{2}
		mu := []float64{rng.Float64()}
		sig := []float64{0.3 + 3*rng.Float64()}
		for k := 1; k < n; k++ {
			c = append(c, math.Pow(10, -10+6*rng.Float64()))
			mu = append(mu, 20*rng.Float64())
			sig = append(sig, 0.3+5*rng.Float64())
		}
		target := math.Pow(10, -9+2*rng.Float64())
		tol := []float64{0.05, 1e-3, 1e-9}[rng.IntN(3)]
		F := func(L float64) float64 {
			s := 0.0
			for k := range c {
				s += c[k] * Q((L-mu[k])/sig[k])
			}
			return s
		}
		L, st, stats := solveTerms(c, mu, sig, target, tol, true)
		if st != plOK {
			t.Fatalf("trial %d: status %d", trial, st)
		}
		// F evaluated here and in the solver may differ by rounding (1e-13)
		if F(L) > target*(1+1e-13) {
			t.Fatalf("trial %d: F(L) = %g > target %g", trial, F(L), target)
		}
		if F(L-tol) <= target*(1-1e-13) {
			t.Fatalf("trial %d: F(L − tol) = %g ≤ target: L not within tol of the root", trial, F(L-tol))
		}
		fallbacks += stats.retries
		L2, _, _ := solveTerms(c, mu, sig, target, tol, false)
		if math.Abs(L-L2) > tol*(1+1e-9) {
			t.Fatalf("trial %d: pruned %.15g vs full %.15g (tol %g); F−target: %g %g; F(L−tol)−target: %g %g; stats %+v", trial, L, L2, tol,
				F(L)-target, F(L2)-target, F(L-tol)-target, F(L2-tol)-target, stats)
		}
		if stats.evals > 40 {
			t.Logf("trial %d: %+v tol %g target %g L %g", trial, stats, tol, target, L)
		}
		evals += stats.evals
		maxEvals = max(maxEvals, stats.evals)
	}
	// Work: these random sums (priors over six decades, spread-out means)
	// are harder than ARAIM's; the bound is the bisection's ~log2(width/tol).
	t.Logf("evaluations: mean %.2f, max %d; restarts with a smaller pruning budget: %d", float64(evals)/trials, maxEvals, fallbacks)
	if float64(evals)/trials > 6 || maxEvals > 50 {
		t.Errorf("evaluations: mean %.2f, max %d", float64(evals)/trials, maxEvals)
	}
}

func TestSolvePLBadInput(t *testing.T) {
	for _, c := range []struct {
		c, mu, sig []float64
		target     float64
	}{
		{[]float64{2}, []float64{0}, []float64{0}, 1e-7},
		{[]float64{2}, []float64{math.NaN()}, []float64{1}, 1e-7},
		{[]float64{2}, []float64{0}, []float64{math.Inf(1)}, 1e-7},
		{[]float64{2}, []float64{0}, []float64{1}, 0},
		{[]float64{2}, []float64{0}, []float64{1}, math.NaN()},
	} {
		if L, st, _ := solveTerms(c.c, c.mu, c.sig, c.target, 0.05, true); st != plNoBracket || !math.IsNaN(L) {
			t.Errorf("%+v: got %g, %d", c, L, st)
		}
	}
}
