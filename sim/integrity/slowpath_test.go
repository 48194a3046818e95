package integrity_test

// An independent, deliberately plain implementation of the baseline ARAIM
// user algorithm: dense matrices (gonum mat.Dense), an explicit
// (HᵀWH)⁻¹HᵀW per subset with the inter-system-bias prior as extra
// measurement rows, full enumeration and sorting of fault patterns, and a
// bisection protection-level solver on the full equation. It shares no code
// with the package beyond the exported configuration types.

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/sim/integrity"
)

type slowMode struct {
	key      string
	excluded []bool // per satellite
	prior    float64
	eventP   float64 // max over merged patterns of Π p_e
	sigma    [3]float64
	sigmaSS  [3]float64
	bias     [3]float64
	thr      [3]float64
	saccU    float64
}

type slowResult struct {
	available            bool
	reason               string
	vpl, hpl, hplE, hplN float64
	emt, sigVAcc         float64
	pnm                  float64
	modes                []slowMode
}

// slowQ is Q(z) = P(N(0,1) > z).
func slowQ(z float64) float64 { return 0.5 * math.Erfc(z/math.Sqrt2) }

// slowQInv inverts Q by bisection.
func slowQInv(p float64) float64 {
	lo, hi := -40.0, 40.0
	for i := 0; i < 300 && hi-lo > 1e-15*math.Max(1, math.Abs(lo)); i++ {
		m := 0.5 * (lo + hi)
		if slowQ(m) > p {
			lo = m
		} else {
			hi = m
		}
	}
	return 0.5 * (lo + hi)
}

type slowGeom struct {
	n, nc       int
	constOf     []int
	constSys    []ephemeris.System
	H           *mat.Dense // rows: satellites, then ISB pseudo-rows
	rows        int
	cint, cacc  []float64 // per row
	bnom        []float64 // per row (0 for pseudo-rows)
	pSat        []float64
	pConst      []float64
	perSystem   bool
	commonClock bool
}

func slowSetup(cfg integrity.Config, sats []integrity.Sat) slowGeom {
	var g slowGeom
	g.n = len(sats)
	slot := map[ephemeris.System]int{}
	for _, s := range sats {
		if _, ok := slot[s.System]; !ok {
			slot[s.System] = len(g.constSys)
			g.constSys = append(g.constSys, s.System)
		}
		g.constOf = append(g.constOf, slot[s.System])
	}
	g.nc = len(g.constSys)
	g.commonClock = cfg.ISBSigmaM == 0
	g.perSystem = math.IsInf(cfg.ISBSigmaM, 1)
	clockCols := g.nc
	pseudo := 0
	if g.commonClock {
		clockCols = 1
	} else if !g.perSystem {
		pseudo = g.nc - 1
	}
	g.rows = g.n + pseudo
	g.H = mat.NewDense(g.rows, 3+clockCols, nil)
	for i, s := range sats {
		ism := cfg.ISM[s.System]
		um := cfg.User[s.System]
		norm := math.Sqrt(s.LOS[0]*s.LOS[0] + s.LOS[1]*s.LOS[1] + s.LOS[2]*s.LOS[2])
		el := math.Asin(s.LOS[2] / norm) // the elevation of the normalised line of sight
		elDeg := el * 180 / math.Pi
		tropo := cfg.TropoZenithSigmaM * 1.001 / math.Sqrt(0.002001+math.Pow(math.Sin(el), 2))
		mp := 0.13 + 0.53*math.Exp(-elDeg/10)
		noise := 0.15 + 0.43*math.Exp(-elDeg/6.9)
		f1, f2 := um.F1MHz, um.F2MHz
		gamma := (math.Pow(f1, 4) + math.Pow(f2, 4)) / math.Pow(f1*f1-f2*f2, 2)
		user := gamma * (mp*mp + noise*noise)
		g.cint = append(g.cint, ism.SigmaURAM*ism.SigmaURAM+tropo*tropo+user)
		g.cacc = append(g.cacc, ism.SigmaUREM*ism.SigmaUREM+tropo*tropo+user)
		g.bnom = append(g.bnom, ism.BNomM)
		g.pSat = append(g.pSat, ism.PSat)
		for c := 0; c < 3; c++ {
			g.H.Set(i, c, -s.LOS[c])
		}
		col := 3 + g.constOf[i]
		if g.commonClock {
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

// slowS returns the 3 × rows position rows of the estimator of the subset
// without the satellites marked in ex, or nil if singular.
func (g *slowGeom) slowS(ex []bool) *mat.Dense {
	// keep clock columns that still have information
	var cols []int
	for c := 0; c < g.H.RawMatrix().Cols; c++ {
		keep := false
		for r := 0; r < g.rows; r++ {
			if r < g.n && ex[r] {
				continue
			}
			if g.H.At(r, c) != 0 {
				keep = true
			}
		}
		if keep {
			cols = append(cols, c)
		}
	}
	if len(cols) < 4 || cols[0] != 0 || cols[1] != 1 || cols[2] != 2 {
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
	S.Mul(&Ai, &HtW)
	out := mat.NewDense(3, g.rows, nil)
	out.Copy(S.Slice(0, 3, 0, g.rows))
	return out
}

func (g *slowGeom) enoughSats(ex []bool) bool {
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

type slowPattern struct {
	events []int // event ids: satellites 0..n−1, constellations n..
	prod   float64
	pos    []int
}

// exclusion returns the satellites excluded by the events and a canonical key.
func (g *slowGeom) exclusion(events []int) ([]bool, string) {
	ex := make([]bool, g.n)
	for _, e := range events {
		if e < g.n {
			ex[e] = true
		} else {
			for i := 0; i < g.n; i++ {
				if g.constOf[i] == e-g.n {
					ex[i] = true
				}
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

func slowCombos(E, r int) [][]int {
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

// slowModes determines the fault modes by rule; reason "" on success.
func (g *slowGeom) slowModes(cfg integrity.Config) ([]slowMode, float64, string) {
	E := g.n + g.nc
	p := make([]float64, E)
	copy(p, g.pSat)
	copy(p[g.n:], g.pConst)
	pnf := 1.0
	for _, v := range p {
		pnf *= 1 - v
	}
	odds := make([]float64, E)
	for e := range p {
		odds[e] = p[e] / (1 - p[e])
	}
	order := make([]int, E) // position → event
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
	var modes []slowMode
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
		} else {
			index[key] = len(modes)
			modes = append(modes, slowMode{key: key, excluded: ex, prior: prior, eventP: ep})
		}
		return true
	}
	svc := cfg.Service
	if cfg.Rule == integrity.Rule2012 {
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
			for _, c := range slowCombos(g.n, r) {
				pos := make([]int, r)
				for i, e := range c {
					pos[i] = posOf[e]
				}
				if !add(c, prodOf(pos)*pnf) {
					return nil, 0, "unmonitorable"
				}
			}
		}
		for r := 1; r <= nc; r++ {
			for _, c := range slowCombos(g.nc, r) {
				ev := make([]int, r)
				pos := make([]int, r)
				for i, j := range c {
					ev[i] = g.n + j
					pos[i] = posOf[g.n+j]
				}
				if !add(ev, prodOf(pos)*pnf) {
					return nil, 0, "unmonitorable"
				}
			}
		}
		return modes, ts + tc, ""
	}
	// P(some fault) = Σ_e p_e·Π_{e'<e}(1 − p_e'), "e is the first faulty
	// event": non-negative terms, no cancellation (1 − pnf would lose
	// ~1e-16 absolute, which moves the protection levels by ~1e-8 m).
	pnm, none := 0.0, 1.0
	for _, v := range p {
		pnm += v * none
		none *= 1 - v
	}
	unmon := 0.0
	for r := 1; pnm > svc.PThres; r++ {
		if r > E {
			return nil, 0, "toomany"
		}
		var pats []slowPattern
		for _, pos := range slowCombos(E, r) {
			ev := make([]int, r)
			for i, q := range pos {
				ev[i] = order[q]
			}
			pats = append(pats, slowPattern{events: ev, prod: prodOf(pos), pos: pos})
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
					return nil, 0, "unmonitorable"
				}
			}
		}
	}
	return modes, pnm, ""
}

// slowPL solves the protection-level equation by bisection to tol.
func slowPL(c, mu, sig []float64, target, tol float64) float64 {
	f := func(L float64) float64 {
		s := 0.0
		for k := range c {
			s += c[k] * slowQ((L-mu[k])/sig[k])
		}
		return s
	}
	lo, hi := -1.0, 1.0
	for f(lo) <= target {
		lo *= 2
	}
	for f(hi) > target {
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

func slowEvaluate(cfg integrity.Config, sats []integrity.Sat, tol float64) slowResult {
	g := slowSetup(cfg, sats)
	res := slowResult{vpl: math.NaN(), hpl: math.NaN(), emt: math.NaN(), sigVAcc: math.NaN()}
	none := make([]bool, g.n)
	if !g.enoughSats(none) {
		res.reason = "toofew"
		return res
	}
	S0 := g.slowS(none)
	if S0 == nil {
		res.reason = "singular"
		return res
	}
	modes, pnm, reason := g.slowModes(cfg)
	if reason != "" {
		res.reason = reason
		return res
	}
	res.pnm = pnm
	svc := cfg.Service
	N := float64(len(modes))
	kV := slowQInv(svc.PFAVert / (2 * N))
	kH := slowQInv(svc.PFAHor / (4 * N))
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
	vert := svc.PHMIVert > 0
	for k := range modes {
		m := &modes[k]
		Sk := g.slowS(m.excluded)
		if Sk == nil {
			res.reason = "singularsubset"
			return res
		}
		var D mat.Dense
		D.Sub(Sk, S0)
		for q := 0; q < 3; q++ {
			m.sigma[q] = sig(Sk, q, g.cint)
			m.sigmaSS[q] = sig(&D, q, g.cacc)
			m.bias[q] = bias(Sk, q)
			kk := kH
			if q == 2 {
				kk = kV
			}
			m.thr[q] = kk * m.sigmaSS[q]
			if cfg.ThresholdBias {
				m.thr[q] += bias(&D, q)
			}
		}
		m.saccU = sig(Sk, 2, g.cacc)
	}
	res.modes = modes
	f := 1 - pnm/(svc.PHMIVert+svc.PHMIHor)
	if !(f > 0) {
		res.reason = "budget"
		return res
	}
	pl := func(q int, target float64) float64 {
		c := []float64{2}
		mu := []float64{bias(S0, q)}
		sg := []float64{sig(S0, q, g.cint)}
		for _, m := range modes {
			c = append(c, m.prior)
			mu = append(mu, m.thr[q]+m.bias[q])
			sg = append(sg, m.sigma[q])
		}
		return slowPL(c, mu, sg, target, tol)
	}
	res.available = true
	if vert {
		res.vpl = pl(2, svc.PHMIVert*f)
		res.sigVAcc = sig(S0, 2, g.cacc)
		res.emt = 0
		for _, m := range modes {
			if m.eventP >= svc.PEMT {
				res.emt = math.Max(res.emt, m.thr[2]+slowQInv(svc.PEMT/(2*m.prior))*m.saccU)
			}
		}
	}
	res.hplE = pl(0, 0.5*svc.PHMIHor*f)
	res.hplN = pl(1, 0.5*svc.PHMIHor*f)
	res.hpl = math.Hypot(res.hplE, res.hplN)
	return res
}

// randomCase draws a geometry and configuration.
func randomCase(rng *rand.Rand) (integrity.Config, []integrity.Sat) {
	cfg := integrity.DefaultConfig()
	systems := []ephemeris.System{ephemeris.GPS, ephemeris.Galileo, ephemeris.BeiDou, ephemeris.GLONASS, ephemeris.QZSS}
	rng.Shuffle(len(systems), func(a, b int) { systems[a], systems[b] = systems[b], systems[a] })
	nc := 1 + rng.IntN(4)
	systems = systems[:nc]
	n := 5 + rng.IntN(36)
	if n < nc {
		n = nc
	}
	cfg.ISM = integrity.ISMSet{}
	cfg.User = integrity.DefaultUserModels()
	for _, s := range systems {
		ura := 0.5 + 2.5*rng.Float64()
		cfg.ISM[s] = integrity.ISM{
			SigmaURAM: ura,
			SigmaUREM: (0.3 + 0.7*rng.Float64()) * ura,
			BNomM:     rng.Float64(),
			PSat:      math.Pow(10, -6+2*rng.Float64()),
			PConst:    math.Pow(10, -8+5*rng.Float64()),
		}
	}
	switch rng.IntN(4) {
	case 0:
		cfg.ISBSigmaM = 0
	case 1:
		cfg.ISBSigmaM = math.Pow(10, -1+2*rng.Float64())
	}
	if rng.IntN(4) == 0 {
		cfg.Rule = integrity.Rule2012
		if n > 20 { // keep the slow path's pair enumeration affordable
			n = 5 + rng.IntN(16)
		}
	}
	cfg.ThresholdBias = rng.IntN(3) == 0
	if rng.IntN(4) == 0 {
		cfg.Service = integrity.RNP03
	}
	cfg.TolPLM = 1e-9
	sats := make([]integrity.Sat, n)
	for i := range sats {
		sys := systems[i%nc]
		if i >= nc {
			sys = systems[rng.IntN(nc)]
		}
		el := (5 + 85*rng.Float64()) * math.Pi / 180
		az := 2 * math.Pi * rng.Float64()
		sats[i] = integrity.SatAzEl(sys, az, el)
	}
	return cfg, sats
}

func reasonClass(r integrity.Reason) string {
	switch r {
	case integrity.ReasonTooFewSatellites:
		return "toofew"
	case integrity.ReasonSingularGeometry:
		return "singular"
	case integrity.ReasonUnmonitorable:
		return "unmonitorable"
	case integrity.ReasonSingularSubset:
		return "singularsubset"
	case integrity.ReasonTooManyModes:
		return "toomany"
	case integrity.ReasonBudget:
		return "budget"
	}
	return r.String()
}

func TestSlowPathAgreement(t *testing.T) {
	cases := 1500
	if testing.Short() {
		cases = 300
	}
	rng := rand.New(rand.NewPCG(20240607, 1))
	// Tolerances. Protection levels, EMT and σ_v,acc: 1e-6 m, or 1e-8
	// relative above 1000 m (geometries that weak are near-singular: both
	// paths are backward stable, and their forward error grows with the
	// condition number, ~(σ/1 m)²·1e-16; observed up to ~3e-9). Per-mode σ,
	// σ_ss, b: relative difference (floor 1 mm) at most 1e-11·max(1, σ²_k,max/m²).
	var maxV, maxH, maxE, maxA, maxRel, maxRel10, maxPLRel, maxReal float64
	avail, unav := 0, 0
	for c := 0; c < cases; c++ {
		cfg, sats := randomCase(rng)
		ev, err := integrity.NewEvaluator(cfg)
		if err != nil {
			t.Fatal(err)
		}
		var got integrity.Result
		if err := ev.Evaluate(&got, sats); err != nil {
			t.Fatalf("case %d: %v", c, err)
		}
		want := slowEvaluate(cfg, sats, 1e-10)
		if got.Available != want.available {
			t.Fatalf("case %d (n=%d rule %v isb %g): fast available=%v (%v), slow %v (%s)",
				c, len(sats), cfg.Rule, cfg.ISBSigmaM, got.Available, got.Reason, want.available, want.reason)
		}
		if !got.Available {
			unav++
			if reasonClass(got.Reason) != want.reason {
				t.Fatalf("case %d: reason fast %v, slow %s", c, got.Reason, want.reason)
			}
			continue
		}
		avail++
		modes, err := ev.AppendModes(nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(modes) != len(want.modes) {
			t.Fatalf("case %d: %d modes, slow %d", c, len(modes), len(want.modes))
		}
		for k, m := range modes {
			var b strings.Builder
			for _, i := range m.ExcludedSats {
				fmt.Fprintf(&b, "%d,", i)
			}
			if b.String() != want.modes[k].key {
				t.Fatalf("case %d mode %d: excluded %s, slow %s", c, k, b.String(), want.modes[k].key)
			}
			if r := math.Abs(m.Prior/want.modes[k].prior - 1); r > 1e-12 {
				t.Fatalf("case %d mode %d: prior %g, slow %g", c, k, m.Prior, want.modes[k].prior)
			}
			// Relative rounding differences grow with the subset's condition,
			// ~σ_k² for unit-variance-scale rows: scale the tolerance by it.
			sMax := math.Max(m.SigmaM[0], math.Max(m.SigmaM[1], m.SigmaM[2]))
			cond := math.Max(1, sMax*sMax)
			for q := 0; q < 3; q++ {
				for _, pair := range [][2]float64{
					{m.SigmaM[q], want.modes[k].sigma[q]},
					{m.SigmaSSM[q], want.modes[k].sigmaSS[q]},
					{m.BiasM[q], want.modes[k].bias[q]},
				} {
					d := math.Abs(pair[0]-pair[1]) / math.Max(1e-3, math.Abs(pair[1]))
					maxRel = math.Max(maxRel, d/cond)
					if sMax <= 10 {
						maxRel10 = math.Max(maxRel10, d)
					}
				}
			}
		}
		// Both paths subtract the monitored priors from P(some fault) ≈ Σp
		// (up to ~1e-2) down to ~P_THRES, so each carries an absolute error of
		// ~1e-16·Σp, i.e. up to ~1e-11 relative; 1e-9 leaves margin and moves
		// the budget, hence the protection levels, by < 1e-9 relative.
		if r := math.Abs(got.PNotMonitored - want.pnm); r > 1e-9*want.pnm {
			t.Fatalf("case %d: P_nm %g, slow %g", c, got.PNotMonitored, want.pnm)
		}
		diff := func(a, b float64) float64 {
			if math.IsNaN(a) && math.IsNaN(b) {
				return 0
			}
			return math.Abs(a - b)
		}
		bad := false
		for _, p := range []struct {
			a, b float64
			max  *float64
		}{{got.VPLM, want.vpl, &maxV}, {got.HPLM, want.hpl, &maxH}, {got.EMTM, want.emt, &maxE}, {got.SigmaVAccM, want.sigVAcc, &maxA}} {
			d := diff(p.a, p.b)
			if math.IsNaN(p.b) {
				continue
			}
			if math.Abs(p.b) <= 100 {
				maxReal = math.Max(maxReal, d)
			}
			if math.Abs(p.b) <= 1000 {
				*p.max = math.Max(*p.max, d)
				bad = bad || d > 1e-6
			} else {
				maxPLRel = math.Max(maxPLRel, d/math.Abs(p.b))
				bad = bad || d > 1e-8*math.Abs(p.b)
			}
		}
		if bad {
			t.Fatalf("case %d (n=%d nc=%d rule %v isb %g): fast VPL %.9f HPL %.9f EMT %.9f σ %.9f; slow %.9f %.9f %.9f %.9f",
				c, len(sats), got.NumConstellations, cfg.Rule, cfg.ISBSigmaM, got.VPLM, got.HPLM, got.EMTM, got.SigmaVAccM,
				want.vpl, want.hpl, want.emt, want.sigVAcc)
		}
	}
	t.Logf("%d cases: %d available, %d unavailable; values ≤ 1000 m: max |Δ| VPL %.3g m, HPL %.3g m, EMT %.3g m, σ_v,acc %.3g m; above: max relative Δ %.3g",
		cases, avail, unav, maxV, maxH, maxE, maxA, maxPLRel)
	t.Logf("values ≤ 100 m: max |Δ| %.3g m; per-mode σ, σ_ss, b: max relative Δ %.3g for subsets with σ_k ≤ 10 m, max of relative Δ/max(1, σ²_k) %.3g",
		maxReal, maxRel10, maxRel)
	if maxRel > 1e-11 {
		t.Errorf("per-mode statistics differ by %g relative per σ² (limit 1e-11)", maxRel)
	}
}

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)) }
