package integrity

import (
	"math"
)

const invSqrt2Pi = 0.3989422804014326779399460599343818684758586311649 // 1/√(2π)

// Q returns the standard normal tail probability Q(z) = P(X > z), X ~ N(0,1),
// with the relative accuracy of math.Erfc.
func Q(z float64) float64 { return 0.5 * math.Erfc(z/math.Sqrt2) }

// phi returns the standard normal density at z.
func phi(z float64) float64 { return invSqrt2Pi * math.Exp(-0.5*z*z) }

// QInv returns z with Q(z) = p: the (1−p) quantile of the standard normal
// distribution. QInv(p) is +Inf for p ≤ 0, −Inf for p ≥ 1 and NaN for NaN.
// The result is refined by Newton steps on Q itself, so Q(QInv(p)) = p to a
// few units in the last place for 1e-300 ≤ p ≤ 1−1e-16.
func QInv(p float64) float64 {
	switch {
	case math.IsNaN(p):
		return math.NaN()
	case p <= 0:
		return math.Inf(1)
	case p >= 1:
		return math.Inf(-1)
	case p > 0.5:
		return -QInv(1 - p)
	case p == 0.5:
		return 0
	}
	var z float64
	if p >= 1e-14 {
		// Erfcinv is accurate for arguments away from 0; for small p its
		// internal 1−2p loses up to ~1e-16/(2p) relative accuracy, which the
		// Newton steps below remove.
		z = math.Sqrt2 * math.Erfcinv(2*p)
	} else {
		// Asymptotic start: Q(z) ≈ φ(z)/z ⇒ z² ≈ t − ln t − ln 2π, t = −2 ln p.
		t := -2 * math.Log(p)
		z = math.Sqrt(t - math.Log(t) - math.Log(2*math.Pi))
	}
	// Newton on ln Q(z) − ln p: well-scaled in the tail, where Q itself is
	// tiny. ln Q is concave, so from either side the iteration converges
	// monotonically after the first step.
	lp := math.Log(p)
	for i := 0; i < 60; i++ {
		q := Q(z)
		if q == 0 { // underflow: step back towards the body
			z *= 0.9
			continue
		}
		dz := (math.Log(q) - lp) * q / phi(z)
		z += dz
		if math.Abs(dz) <= 1e-15*math.Max(1, math.Abs(z)) {
			break
		}
	}
	return z
}

// plTerm is one term c·Q((L − mu)/sig) of a protection-level equation.
// When exact is false, mu is only an upper bound of the term's true mu (the
// mode's bias was bounded, not computed); such a term must be pruned.
type plTerm struct {
	c, mu, sig float64
	exact      bool
}

// Pruning budget ε (the share of the integrity budget that the terms left
// out of a protection-level solve may take together): chosen per equation
// from the tolerance (see plBounds.setEps), between epsMin and epsMax.
const (
	epsMin = 1e-13
	epsMax = 1e-2
)

// plStats counts the work of one solve (for tests and benchmarks).
type plStats struct {
	evals    int     // evaluations of the reduced equation
	kept     int     // terms kept after pruning
	terms    int     // terms offered
	eps      float64 // pruning budget used
	fallback bool    // a probe landed in the gap between the two budgets' roots
	retries  int     // solves restarted with a smaller ε
}

// zAbove returns a z ≥ Q⁻¹(x) (for 0 < x): from Q(z) ≤ ½·exp(−z²/2) for
// z ≥ 0, z = √(−2 ln 2x) has Q(z) ≤ x; for x ≥ 1/2, z = 0 does.
func zAbove(x float64) float64 {
	if x >= 0.5 {
		return 0
	}
	return math.Sqrt(-2 * math.Log(2*x))
}

// zBelow returns a z ≤ Q⁻¹(x) for 0 < x < 1, within ~1e-6 of it: one call
// of math.Erfcinv, whose only significant error for small x comes from
// forming 1 − 2x (relative error ≤ 1.2e-16/(2x) in x, i.e. ≤ 1e-6/z in z for
// x ≥ 1e-10), less a margin of 1e-6. Smaller x use QInv.
func zBelow(x float64) float64 {
	if x < 1e-10 {
		return QInv(x) - 1e-12
	}
	return math.Sqrt2*math.Erfcinv(2*x) - 1e-6
}

// zCache memoises z(c) for the few distinct priors of one solve (terms of
// equal prior usually come in runs, so the last entry is tried first, in an
// inlinable fast path).
type zCache struct {
	key  [8]float64
	val  [8]float64
	n    int
	last int
}

func (zc *zCache) reset() {
	zc.n, zc.last = 0, 0
	zc.key[0] = math.NaN() // matches nothing
}

// below returns zBelow(target/c), memoised by c.
func (zc *zCache) below(c, target float64) float64 {
	if zc.key[zc.last] == c {
		return zc.val[zc.last]
	}
	return zc.miss(c, target/c, false)
}

// above returns zAbove(x), memoised by c.
func (zc *zCache) above(c, x float64) float64 {
	if zc.key[zc.last] == c {
		return zc.val[zc.last]
	}
	return zc.miss(c, x, true)
}

func (zc *zCache) miss(c, arg float64, above bool) float64 {
	for i := 0; i < zc.n; i++ {
		if zc.key[i] == c {
			zc.last = i
			return zc.val[i]
		}
	}
	var v float64
	if above {
		v = zAbove(arg)
	} else {
		v = zBelow(arg)
	}
	i := zc.n
	if i == len(zc.key) {
		i = int(math.Float64bits(c)>>7) & (len(zc.key) - 1) // replace one entry
	} else {
		zc.n++
	}
	zc.key[i], zc.val[i], zc.last = c, v, i
	return v
}

// plBounds holds the pruning data of one equation: a lower bound lo of the
// root, the pruning budget ε and, per prior c, the argument z beyond which
// a term is negligible.
type plBounds struct {
	target float64 // budget
	n      int     // number of terms
	lo     float64
	topZ   float64 // argument and σ of the term that set lo
	topSig float64
	eps    float64 // 0 until setEps
	raised bool    // every exact term has been raised (solvePL skips it)
	lowZ   zCache  // c → zBelow(target/c)
	cutZ   zCache  // c → zAbove(ε·target/(n·c))
}

func (b *plBounds) init(target float64, n int) {
	b.target, b.n, b.lo, b.eps, b.raised = target, n, math.Inf(-1), 0, false
	b.topZ, b.topSig = math.NaN(), math.NaN()
	b.lowZ.reset()
	b.cutZ.reset()
}

// raise lowers-bounds the root by one term: for c > target every L below
// mu + sig·Q⁻¹(target/c) has F(L) ≥ c·Q(·) > target. mu may be a lower
// bound of the term's mu.
func (b *plBounds) raise(c, mu, sig float64) {
	if !(c > b.target) {
		return
	}
	z := b.lowZ.below(c, b.target)
	v := mu + sig*z
	// ties (equal v) are broken on (z, sig) so that the term recorded, and
	// hence ε, does not depend on the order of the calls
	if v > b.lo || v == b.lo && (z > b.topZ || z == b.topZ && sig < b.topSig) {
		b.lo, b.topZ, b.topSig = v, z, sig
	}
}

// setEps fixes the pruning budget for tolerance tol: ε = tol·s/4, s the log
// slope φ(z)/(σ·Q(z)) of the term that sets lo, at lo. The reduced sum's
// roots for the budgets target and target·(1−ε) are then about ε/s ≤ tol/4
// apart when the sum's log slope near the root is at least s, as it is when
// one term dominates (ln Q is concave, so its slope grows from lo to the
// root). Clamped to [epsMin, epsMax]. solvePL checks the gap a posteriori.
func (b *plBounds) setEps(tol float64) {
	eps := epsMin
	if z, sg := b.topZ, b.topSig; sg > 0 && !math.IsNaN(z) {
		if q := Q(z); q > 0 {
			eps = 0.25 * tol * phi(z) / (q * sg)
		}
	}
	if !(eps >= epsMin) {
		eps = epsMin
	}
	if eps > epsMax {
		eps = epsMax
	}
	b.eps = eps
	b.cutZ.reset()
}

// negligible reports whether a term with prior c and (an upper bound of) mu
// stays below its share ε·target/n of the budget for all L ≥ lo.
func (b *plBounds) negligible(c, mu, sig float64) bool {
	z := b.cutZ.above(c, b.eps*b.target/(float64(b.n)*c))
	return b.lo-mu >= z*sig
}

// plStatus is the outcome of solvePL.
type plStatus uint8

const (
	plOK        plStatus = iota
	plNoBracket          // non-finite or non-positive inputs
	plNeedExact          // a term with a bounded mu survived pruning
)

// solvePL solves Σ_k c_k·Q((L − mu_k)/sig_k) = target for L (the sum F is
// strictly decreasing in L). It returns L and plOK, or NaN and plNoBracket
// when the inputs admit no bracket (non-finite or non-positive values), or
// plNeedExact when a term that is not exact survives pruning (the caller
// then supplies exact terms). bd must have been initialised with the budget
// and the number of terms; it may hold lower bounds of the root already.
//
// Guarantee. With L* the exact root, the result satisfies
// L* ≤ L ≤ L* + tol: the integrity risk at L is at most target, and L is
// within tol of the smallest level that achieves it. (If the pruning gap
// below is wider than tol, which needs tol below ~1e-12·σ, the upper bound
// weakens to the root for target·(1−ε), ε ≤ 1e-13.)
//
// Method. lo is the largest single-term bound mu_k + sig_k·Q⁻¹(target/c_k)
// over the terms with c_k > target (taken slightly low), a lower bound of
// L*. A term whose argument at lo is at least z_k = Q⁻¹(ε·target/(n·c_k))
// (taken high; n terms) contributes at most ε·target/n at every L ≥ lo, so
// the dropped terms take at most ε·target together, and the reduced sum F_r
// satisfies F_r ≤ F ≤ F_r + ε·target on [lo, ∞). A point a with
// F_r(a) > target therefore lies left of L*, and a point b with
// F_r(b) ≤ target·(1−ε) right of it (F(b) ≤ target). The solver looks for
// such a pair with b − a ≤ tol and returns b. The upper end to start from is
// hi = max over kept terms of mu_k + sig_k·Q⁻¹(target(1−ε)/C_r), C_r the
// sum of their c_k. Newton steps on ln F_r − ln(target·(1−ε/2)) from lo,
// safeguarded by bisection when a step leaves the bracket or converges too
// slowly (the rule of Numerical Recipes' rtsafe), approach the middle of the
// gap between the two roots of F_r; once a step is shorter than tol/8 two
// probes at ±0.45·tol close the bracket. ε (plBounds.setEps) keeps the gap
// near tol/4, so a dominant term and a few others suffice: typically three
// to five evaluations of a handful of terms.
func solvePL(terms []plTerm, bd *plBounds, tol float64, prune bool, keptBuf *[]plTerm, st *plStats) (float64, plStatus) {
	target := bd.target
	if !(target > 0) || !(tol > 0) || len(terms) == 0 {
		return math.NaN(), plNoBracket
	}
	for _, t := range terms {
		if !(t.sig > 0) || math.IsInf(t.sig, 0) || math.IsNaN(t.mu) || math.IsInf(t.mu, 0) || !(t.c > 0) {
			return math.NaN(), plNoBracket
		}
		if t.exact && !bd.raised {
			bd.raise(t.c, t.mu, t.sig)
		}
	}
	lo := bd.lo
	if math.IsInf(lo, -1) || math.IsNaN(lo) {
		return math.NaN(), plNoBracket
	}
	// ε from the term that sets the final lo: it depends only on the exact
	// terms, so bounding inexact ones (which cannot set lo) changes nothing.
	bd.setEps(tol)
	a := lo
	for {
		L, st2, gapWide := solveReduced(terms, bd, a, tol, prune, keptBuf, st)
		if !gapWide || bd.eps <= epsMin || !prune {
			return L, st2
		}
		// The gap between the reduced roots was wider than tol/2: retry with
		// a smaller pruning budget, keeping the left end found (a point with
		// F_r(a) ≥ target stays left when terms are added).
		a = L
		bd.eps = math.Max(bd.eps*1e-3, epsMin)
		bd.cutZ.reset()
		if st != nil {
			st.retries++
		}
	}
}

// dropSmall removes from kept, in place, the terms of smallest bound
// c·½·exp(−z²/2) at L = a (z = (a − mu)/sig > 0) while the bounds removed
// sum to at most budget; it keeps at least one term and the order of the
// others. It returns the shortened slice and the sum of the kept c.
func dropSmall(kept []plTerm, a, budget float64) ([]plTerm, float64) {
	if !(budget > 0) {
		Cr := 0.0
		for _, t := range kept {
			Cr += t.c
		}
		return kept, Cr
	}
	// smallest bounds first: repeated selection (few terms)
	var ub [64]float64
	n := len(kept)
	if n > len(ub) {
		n = len(ub) // only the first 64 are candidates
	}
	for i := 0; i < n; i++ {
		t := &kept[i]
		if z := (a - t.mu) / t.sig; z > 0 {
			ub[i] = t.c * 0.5 * math.Exp(-0.5*z*z)
		} else {
			ub[i] = math.Inf(1)
		}
	}
	var drop [64]bool
	left := len(kept)
	for left > 1 {
		best := -1
		for i := 0; i < n; i++ {
			if !drop[i] && (best < 0 || ub[i] < ub[best]) {
				best = i
			}
		}
		if best < 0 || !(ub[best] <= budget) {
			break
		}
		budget -= ub[best]
		drop[best] = true
		left--
	}
	k := 0
	Cr := 0.0
	for i := range kept {
		if i < n && drop[i] {
			continue
		}
		kept[k] = kept[i]
		Cr += kept[k].c
		k++
	}
	return kept[:k], Cr
}

// probeFrac places the closing probes at ±0.45·tol around the converged
// iterate: 0.9·tol apart, so that the bracket they form is within tol
// despite rounding.
const probeFrac = 0.45

// solveReduced runs one solve with the pruning budget bd.eps from the left
// end a0. It reports gapWide (and returns in L a left end) when a probe
// lands between the roots for target and target·(1−ε), unless ε is already
// epsMin, when such points count as left ends (the weaker guarantee).
func solveReduced(terms []plTerm, bd *plBounds, a0, tol float64, prune bool, keptBuf *[]plTerm, st *plStats) (L float64, status plStatus, gapWide bool) {
	target := bd.target
	eps := bd.eps
	if !prune {
		eps = epsMin // the reduced sum is the whole sum; keep the gap tiny
	}
	tgt := target * (1 - eps)
	kept := (*keptBuf)[:0]
	Cr := 0.0
	for _, t := range terms {
		if prune && bd.negligible(t.c, t.mu, t.sig) {
			continue
		}
		if !t.exact {
			*keptBuf = kept
			return math.NaN(), plNeedExact, false
		}
		kept = append(kept, t)
		Cr += t.c
	}
	if prune && len(kept) > 1 {
		// Second tier: the first test gives every term a share ε·target/n;
		// the terms it dropped used at most that, and the rest of the
		// budget goes to the kept terms of smallest bound at a0,
		// c·Q(z) ≤ c·½·exp(−z²/2) (z > 0), which holds for all L ≥ a0.
		budget := eps * target * float64(len(terms)-len(kept)) / float64(bd.n)
		budget = eps*target - budget
		kept, Cr = dropSmall(kept, a0, budget)
	}
	*keptBuf = kept // keep a grown buffer for the next solve
	hi := math.Inf(-1)
	zU := zAbove(tgt / Cr)
	for _, t := range kept {
		if v := t.mu + t.sig*zU; v > hi {
			hi = v
		}
	}
	if st != nil {
		st.terms, st.kept, st.eps = len(terms), len(kept), eps
	}
	if !(a0 <= hi) {
		// a0 bounds the full root from below and hi the reduced one from
		// above, which is not smaller: only rounding gets here.
		hi = a0
	}
	lmid := math.Log(target * (1 - 0.5*eps))
	eval := func(L float64) (f, df float64) {
		if st != nil {
			st.evals++
		}
		for i := range kept {
			t := &kept[i]
			z := (L - t.mu) / t.sig
			f += t.c * Q(z)
			df -= t.c * phi(z) / t.sig
		}
		return f, df
	}
	a, b := a0, hi
	gapLeft := eps <= epsMin // last resort: count points in the gap as left ends
	var probes [2]float64
	np := 0 // pending probes, taken from probes[2-np:]
	x := a
	fx, dfx := eval(x)
	dxOld, dx := b-a, b-a
	for iter := 0; iter < 300; iter++ {
		if b-a <= tol {
			return b, plOK, false
		}
		xn, probing := math.NaN(), false
		for np > 0 && !probing {
			p := probes[2-np]
			np--
			if p > a && p < b {
				xn, probing = p, true
			}
		}
		if !probing {
			g, dg := math.NaN(), math.NaN()
			if fx > 0 && dfx < 0 {
				g, dg = math.Log(fx)-lmid, dfx/fx
			}
			xn = x - g/dg
			if !(xn > a && xn < b) || !(math.Abs(2*g) <= math.Abs(dxOld*dg)) {
				dxOld, dx = dx, 0.5*(b-a)
				xn = a + dx
			} else {
				dxOld, dx = dx, math.Abs(xn-x)
				if dx < 0.125*tol { // converged: probe both sides
					probes, np = [2]float64{xn - probeFrac*tol, xn + probeFrac*tol}, 2
					continue
				}
			}
		}
		x = xn
		fx, dfx = eval(x)
		switch {
		case fx >= target || (gapLeft && fx > tgt):
			a = x
		case fx <= tgt:
			b = x
		case probing:
			// a probe in the gap between the roots for target and
			// target·(1−ε): the gap is wider than assumed.
			if st != nil {
				st.fallback = true
			}
			return a, plOK, true
		default: // an iterate in the gap: it has converged; probe around it
			probes, np = [2]float64{x - probeFrac*tol, x + probeFrac*tol}, 2
		}
	}
	return b, plOK, false // not reached for finite inputs: bisection halves the bracket
}
