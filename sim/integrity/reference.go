package integrity

// The reference implementation: the textbook form of the baseline ARAIM
// user algorithm, written for clarity, not speed. It is what the fast
// Evaluator is measured against (benchmarks/BenchmarkARAIM, impl=slow) and
// checked against on real skies; it is not meant for work.

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/gnssim/gnssim/ephemeris"
)

// ReferenceEvaluate is a reference implementation of Evaluator.Evaluate: a
// deliberately plain rendering of the same algorithm (package
// documentation) with dense matrices (gonum mat.Dense): the clocks kept as
// unknowns and the inter-system-bias prior as extra measurement rows, an
// explicit (HᵀWH)⁻¹HᵀW per subset, every fault pattern of each size
// enumerated and sorted (RuleADD) or every combination up to the maxima
// (Rule2012), and protection levels by bisection of the full equation to
// cfg.TolPLM. It shares no code with the Evaluator beyond the exported
// configuration types and their defaults, and agrees with it to within
// TolPLM on protection levels (tests check it on random and real skies).
//
// It allocates freely and is two to three orders of magnitude slower than
// the Evaluator: use it to check results, not to compute them.
func ReferenceEvaluate(cfg Config, sats []Sat) (Result, error) {
	nan := math.NaN()
	fail := func(r Reason) Result {
		return Result{Reason: r, VPLM: nan, HPLM: nan, HPLEastM: nan, HPLNorthM: nan, EMTM: nan, SigmaVAccM: nan, KFaVert: nan, KFaHor: nan, NumSats: len(sats)}
	}
	ev, err := NewEvaluator(cfg) // validation and default maps only
	if err != nil {
		return fail(ReasonInvalidInput), err
	}
	cfg = ev.Config()
	for i, s := range sats {
		_, ok1 := cfg.ISM[s.System]
		_, ok2 := cfg.User[s.System]
		if !ok1 || !ok2 {
			return fail(ReasonInvalidInput), fmt.Errorf("integrity reference: satellite %d: no ISM or user model for system %s: %w", i, s.System, ErrBadGeometry)
		}
		n := math.Sqrt(s.LOS[0]*s.LOS[0] + s.LOS[1]*s.LOS[1] + s.LOS[2]*s.LOS[2])
		if !(math.Abs(n*n-1) <= 2e-3) || s.LOS[2] < 0 {
			return fail(ReasonInvalidInput), fmt.Errorf("integrity reference: satellite %d: invalid line of sight %v: %w", i, s.LOS, ErrBadGeometry)
		}
	}
	g := refSetup(cfg, sats)
	res := fail(ReasonNone)
	res.NumConstellations = g.nc
	none := make([]bool, g.n)
	if !g.enoughSats(none) {
		res.Reason = ReasonTooFewSatellites
		return res, nil
	}
	S0 := g.estimator(none)
	if S0 == nil {
		res.Reason = ReasonSingularGeometry
		return res, nil
	}
	modes, pnm, reason := g.modes(cfg)
	res.PNotMonitored = pnm
	if reason != ReasonNone {
		res.Reason = reason
		return res, nil
	}
	res.NumModes = len(modes)
	svc := cfg.Service
	N := float64(len(modes))
	vert := svc.Vertical()
	kV, kH := math.Inf(1), math.Inf(1)
	if len(modes) > 0 {
		kV, kH = refQInv(svc.PFAVert/(2*N)), refQInv(svc.PFAHor/(4*N))
	}
	sig := func(S *mat.Dense, q int, c []float64) float64 {
		s := 0.0
		for r := 0; r < g.rows; r++ {
			s += S.At(q, r) * S.At(q, r) * c[r]
		}
		return math.Sqrt(s)
	}
	bias := func(S *mat.Dense, q int) float64 {
		s := 0.0
		for r := 0; r < g.rows; r++ {
			s += math.Abs(S.At(q, r)) * g.bnom[r]
		}
		return s
	}
	for k := range modes {
		m := &modes[k]
		Sk := g.estimator(m.excluded)
		if Sk == nil {
			res.Reason = ReasonSingularSubset
			return res, nil
		}
		var D mat.Dense
		D.Sub(Sk, S0)
		for q := 0; q < 3; q++ {
			m.sigma[q] = sig(Sk, q, g.cint)
			m.bias[q] = bias(Sk, q)
			kk := kH
			if q == 2 {
				kk = kV
			}
			m.thr[q] = kk * sig(&D, q, g.cacc)
			if cfg.ThresholdBias {
				m.thr[q] += bias(&D, q)
			}
		}
		m.saccU = sig(Sk, 2, g.cacc)
	}
	f := 1 - pnm/(svc.PHMIVert+svc.PHMIHor)
	if !(f > 0) {
		res.Reason = ReasonBudget
		return res, nil
	}
	pl := func(q int, target float64) float64 {
		c, mu, sg := []float64{2}, []float64{bias(S0, q)}, []float64{sig(S0, q, g.cint)}
		for _, m := range modes {
			c = append(c, m.prior)
			mu = append(mu, m.thr[q]+m.bias[q])
			sg = append(sg, m.sigma[q])
		}
		return refBisectPL(c, mu, sg, target, cfg.TolPLM)
	}
	res.Available, res.Reason = true, ReasonNone
	res.KFaHor = kH
	if vert {
		res.KFaVert = kV
		res.VPLM = pl(2, svc.PHMIVert*f)
		res.SigmaVAccM = sig(S0, 2, g.cacc)
		res.EMTM = 0
		for _, m := range modes {
			if m.eventP >= svc.PEMT {
				res.EMTM = math.Max(res.EMTM, m.thr[2]+refQInv(svc.PEMT/(2*m.prior))*m.saccU)
			}
		}
	}
	res.HPLEastM = pl(0, 0.5*svc.PHMIHor*f)
	res.HPLNorthM = pl(1, 0.5*svc.PHMIHor*f)
	res.HPLM = math.Hypot(res.HPLEastM, res.HPLNorthM)
	return res, nil
}

type refMode struct {
	excluded         []bool
	prior, eventP    float64
	sigma, bias, thr [3]float64
	saccU            float64
}

type refGeom struct {
	n, nc, rows         int
	constOf             []int
	H                   *mat.Dense // rows: satellites, then the ISB pseudo-rows
	cint, cacc, bnom    []float64  // per row
	pSat, pConst        []float64
	perSystem, oneClock bool
	constSys            []ephemeris.System
}

func refSetup(cfg Config, sats []Sat) *refGeom {
	g := &refGeom{n: len(sats)}
	slot := map[ephemeris.System]int{}
	for _, s := range sats {
		if _, ok := slot[s.System]; !ok {
			slot[s.System] = len(g.constSys)
			g.constSys = append(g.constSys, s.System)
		}
		g.constOf = append(g.constOf, slot[s.System])
	}
	g.nc = len(g.constSys)
	g.oneClock = cfg.ISBSigmaM == 0
	g.perSystem = math.IsInf(cfg.ISBSigmaM, 1)
	clockCols, pseudo := g.nc, 0
	if g.oneClock {
		clockCols = 1
	} else if !g.perSystem {
		pseudo = g.nc - 1
	}
	g.rows = g.n + pseudo
	g.H = mat.NewDense(max(g.rows, 1), 3+max(clockCols, 1), nil)
	for i, s := range sats {
		ism, um := cfg.ISM[s.System], cfg.User[s.System]
		norm := math.Sqrt(s.LOS[0]*s.LOS[0] + s.LOS[1]*s.LOS[1] + s.LOS[2]*s.LOS[2])
		el := math.Asin(s.LOS[2] / norm)
		elDeg := el * 180 / math.Pi
		tropo := cfg.TropoZenithSigmaM * 1.001 / math.Sqrt(0.002001+math.Pow(math.Sin(el), 2))
		user := um.VarianceM2(elDeg)
		g.cint = append(g.cint, ism.SigmaURAM*ism.SigmaURAM+tropo*tropo+user)
		g.cacc = append(g.cacc, ism.SigmaUREM*ism.SigmaUREM+tropo*tropo+user)
		g.bnom = append(g.bnom, ism.BNomM)
		g.pSat = append(g.pSat, ism.PSat)
		for c := 0; c < 3; c++ {
			g.H.Set(i, c, -s.LOS[c])
		}
		col := 3 + g.constOf[i]
		if g.oneClock {
			col = 3
		}
		g.H.Set(i, col, 1)
	}
	for j := 1; j <= pseudo; j++ { // c_j − c_0 = 0 ± σ
		r := g.n + j - 1
		g.H.Set(r, 3+j, 1)
		g.H.Set(r, 3, -1)
		v := cfg.ISBSigmaM * cfg.ISBSigmaM
		g.cint = append(g.cint, v)
		g.cacc = append(g.cacc, v)
		g.bnom = append(g.bnom, 0)
	}
	for _, s := range g.constSys {
		g.pConst = append(g.pConst, cfg.ISM[s].PConst)
	}
	return g
}

// estimator returns the 3 × rows position rows of the weighted
// least-squares estimator without the satellites marked in ex, or nil when
// the position is not determined (3×3 reciprocal condition below 1e-12, as
// the Evaluator's test).
func (g *refGeom) estimator(ex []bool) *mat.Dense {
	cols := []int{0, 1, 2}
	for c := 3; c < g.H.RawMatrix().Cols; c++ {
		for r := 0; r < g.rows; r++ {
			if (r >= g.n || !ex[r]) && g.H.At(r, c) != 0 {
				cols = append(cols, c)
				break
			}
		}
	}
	if len(cols) < 4 {
		return nil
	}
	Hk := mat.NewDense(g.rows, len(cols), nil)
	W := mat.NewDense(g.rows, g.rows, nil)
	for r := 0; r < g.rows; r++ {
		for k, c := range cols {
			Hk.Set(r, k, g.H.At(r, c))
		}
		if r >= g.n || !ex[r] {
			W.Set(r, r, 1/g.cint[r])
		}
	}
	var HtW, A, Ai, S mat.Dense
	HtW.Mul(Hk.T(), W)
	A.Mul(&HtW, Hk)
	if err := Ai.Inverse(&A); err != nil {
		return nil
	}
	// the position block of the inverse is the inverse of the Schur
	// complement: its condition decides determinability
	P := mat.DenseCopyOf(Ai.Slice(0, 3, 0, 3))
	var Pi mat.Dense
	if err := Pi.Inverse(P); err != nil || mat.Cond(P, 1) > 1e12 {
		return nil
	}
	S.Mul(&Ai, &HtW)
	out := mat.NewDense(3, g.rows, nil)
	out.Copy(S.Slice(0, 3, 0, g.rows))
	return out
}

func (g *refGeom) enoughSats(ex []bool) bool {
	rem := 0
	seen := map[int]bool{}
	for i := 0; i < g.n; i++ {
		if !ex[i] {
			rem++
			seen[g.constOf[i]] = true
		}
	}
	if len(seen) == 0 {
		return false
	}
	clocks := 1
	if g.perSystem {
		clocks = len(seen)
	}
	return rem >= 3+clocks
}

// exclusion returns the satellites excluded by the events (satellites
// 0..n−1, constellations n..) and a canonical key.
func (g *refGeom) exclusion(events []int) ([]bool, string) {
	ex := make([]bool, g.n)
	for _, e := range events {
		if e < g.n {
			ex[e] = true
			continue
		}
		for i := 0; i < g.n; i++ {
			if g.constOf[i] == e-g.n {
				ex[i] = true
			}
		}
	}
	var b strings.Builder
	for i, x := range ex {
		if x {
			fmt.Fprintf(&b, "%d,", i)
		}
	}
	return ex, b.String()
}

func refCombos(E, r int) [][]int {
	var out [][]int
	var rec func(start int, cur []int)
	rec = func(start int, cur []int) {
		if len(cur) == r {
			out = append(out, append([]int(nil), cur...))
			return
		}
		for i := start; i < E; i++ {
			rec(i+1, append(cur, i))
		}
	}
	rec(0, nil)
	return out
}

// modes determines the fault modes by the rule of cfg.
func (g *refGeom) modes(cfg Config) ([]refMode, float64, Reason) {
	E := g.n + g.nc
	p := append(append([]float64(nil), g.pSat...), g.pConst...)
	pnf := 1.0
	for _, v := range p {
		pnf *= 1 - v
	}
	odds := make([]float64, E)
	for e := range p {
		odds[e] = p[e] / (1 - p[e])
	}
	order := make([]int, E) // position → event, by decreasing odds
	for e := range order {
		order[e] = e
	}
	sort.SliceStable(order, func(a, b int) bool { return odds[order[a]] > odds[order[b]] })
	posOf := make([]int, E)
	for k, e := range order {
		posOf[e] = k
	}
	prodOf := func(pos []int) float64 {
		s := append([]int(nil), pos...)
		sort.Ints(s)
		v := odds[order[s[0]]]
		for _, q := range s[1:] {
			v *= odds[order[q]]
		}
		return v
	}
	var modes []refMode
	index := map[string]int{}
	add := func(events []int, prior float64) bool {
		ex, key := g.exclusion(events)
		if !g.enoughSats(ex) {
			return false
		}
		ep := 1.0
		for _, e := range events {
			ep *= p[e]
		}
		if k, ok := index[key]; ok {
			modes[k].prior += prior
			modes[k].eventP = math.Max(modes[k].eventP, ep)
			return true
		}
		index[key] = len(modes)
		modes = append(modes, refMode{excluded: ex, prior: prior, eventP: ep})
		return true
	}
	svc := cfg.Service
	if cfg.Rule == Rule2012 {
		tail := func(ps []float64, k int) float64 { // P(at least k events)
			dist := []float64{1}
			for _, q := range ps {
				nd := make([]float64, len(dist)+1)
				for j, d := range dist {
					nd[j] += d * (1 - q)
					nd[j+1] += d * q
				}
				dist = nd
			}
			s := 0.0
			for j := k; j < len(dist); j++ {
				s += dist[j]
			}
			return s
		}
		nmax := func(ps []float64, thr float64) (int, float64) {
			for r := 0; ; r++ {
				if t := tail(ps, r+1); t <= thr {
					return r, t
				}
			}
		}
		ns, ts := nmax(g.pSat, svc.PThresSat)
		nc, tc := nmax(g.pConst, svc.PThresConst)
		for r := 1; r <= ns; r++ {
			for _, c := range refCombos(g.n, r) {
				pos := make([]int, r)
				for i, e := range c {
					pos[i] = posOf[e]
				}
				if !add(c, prodOf(pos)*pnf) {
					return nil, ts + tc, ReasonUnmonitorable
				}
			}
		}
		for r := 1; r <= nc; r++ {
			for _, c := range refCombos(g.nc, r) {
				ev, pos := make([]int, r), make([]int, r)
				for i, j := range c {
					ev[i], pos[i] = g.n+j, posOf[g.n+j]
				}
				if !add(ev, prodOf(pos)*pnf) {
					return nil, ts + tc, ReasonUnmonitorable
				}
			}
		}
		if len(modes) > cfg.MaxModes {
			return nil, ts + tc, ReasonTooManyModes
		}
		return modes, ts + tc, ReasonNone
	}
	// P(some fault) as Σ_e p_e·Π_{e'<e}(1 − p_e'): no cancellation.
	pnm, noneYet := 0.0, 1.0
	for _, v := range p {
		pnm += v * noneYet
		noneYet *= 1 - v
	}
	unmon := 0.0
	type pattern struct {
		events, pos []int
		prod        float64
	}
	for r := 1; pnm > svc.PThres; r++ {
		if r > E || r > 8 {
			return nil, pnm, ReasonTooManyModes
		}
		var pats []pattern
		for _, pos := range refCombos(E, r) {
			ev := make([]int, r)
			for i, q := range pos {
				ev[i] = order[q]
			}
			pats = append(pats, pattern{events: ev, pos: pos, prod: prodOf(pos)})
		}
		sort.Slice(pats, func(a, b int) bool {
			if pats[a].prod != pats[b].prod {
				return pats[a].prod > pats[b].prod
			}
			for i := range pats[a].pos {
				if pats[a].pos[i] != pats[b].pos[i] {
					return pats[a].pos[i] < pats[b].pos[i]
				}
			}
			return false
		})
		for _, pt := range pats {
			if !(pnm > svc.PThres) {
				break
			}
			prior := pt.prod * pnf
			if add(pt.events, prior) {
				pnm -= prior
			} else {
				unmon += prior
				if unmon > svc.PThres {
					return nil, pnm, ReasonUnmonitorable
				}
			}
		}
		if len(modes) > cfg.MaxModes {
			return nil, pnm, ReasonTooManyModes
		}
	}
	return modes, pnm, ReasonNone
}

// refQ is Q(z) = P(N(0,1) > z).
func refQ(z float64) float64 { return 0.5 * math.Erfc(z/math.Sqrt2) }

// refQInv inverts Q by bisection.
func refQInv(p float64) float64 {
	lo, hi := -40.0, 40.0
	for i := 0; i < 300 && hi-lo > 1e-15*math.Max(1, math.Abs(lo)); i++ {
		m := 0.5 * (lo + hi)
		if refQ(m) > p {
			lo = m
		} else {
			hi = m
		}
	}
	return 0.5 * (lo + hi)
}

// refBisectPL solves Σ c_k·Q((L − μ_k)/σ_k) = target by bisection to tol
// and returns the upper end (the risk there is within the target).
func refBisectPL(c, mu, sig []float64, target, tol float64) float64 {
	f := func(L float64) float64 {
		s := 0.0
		for k := range c {
			s += c[k] * refQ((L-mu[k])/sig[k])
		}
		return s
	}
	lo, hi := -1.0, 1.0
	for i := 0; f(lo) <= target && i < 200; i++ {
		lo *= 2
	}
	for i := 0; f(hi) > target && i < 200; i++ {
		hi *= 2
	}
	for hi-lo > tol {
		m := 0.5 * (lo + hi)
		if f(m) > target {
			lo = m
		} else {
			hi = m
		}
	}
	return hi
}
