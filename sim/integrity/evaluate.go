package integrity

import (
	"errors"
	"fmt"
	"math"

	"github.com/gnssim/gnssim/ephemeris"
)

// Config configures an Evaluator. Start from DefaultConfig: the zero Config
// is invalid (TolPLM must be positive).
type Config struct {
	// Service gives the alert limits and the integrity and continuity
	// allocations.
	Service Service
	// Rule selects the fault-mode determination.
	Rule Rule
	// ISM per system; nil means DefaultISMSet(). Satellites of a system
	// missing from the map make Evaluate fail.
	ISM ISMSet
	// User airborne error models per system; nil means DefaultUserModels().
	User UserModels
	// TropoZenithSigmaM is the zenith σ of the residual troposphere, m
	// (DefaultTropoZenithSigmaM = 0.12; 0 removes the term).
	TropoZenithSigmaM float64
	// ISBSigmaM is the σ (m) of the prior on each constellation's receiver
	// clock offset relative to the first constellation's (the inter-system
	// bias), applied as a pseudo-observation. 0 means one common clock (the
	// bias is known); math.Inf(1) means an independent clock per
	// constellation (the ADD baseline). Negative or NaN values are invalid.
	ISBSigmaM float64
	// TolPLM is the protection-level solver tolerance, m (TOL_PL = 0.05 m in
	// the ADD). Each protection level returned is at least the exact
	// solution of its equation (the integrity risk at it is within budget)
	// and exceeds it by at most TolPLM (see solvePL for the one exception,
	// tolerances below ~1e-12 of the σ's).
	TolPLM float64
	// ThresholdBias adds the nominal-bias term Σ|S_k,q,i − S_0,q,i|·b_nom,i to
	// the test thresholds, T_k,q = K_fa,q·σ_ss,k,q + b_ss,k,q, as the ADD v4
	// does (with b_nom for the accuracy bias). False gives the 2012 and ADD
	// v2–v3 thresholds T_k,q = K_fa,q·σ_ss,k,q, which Appendix J uses.
	ThresholdBias bool
	// MaxModes caps the number of monitored fault modes; geometries that
	// need more are unavailable (ReasonTooManyModes).
	MaxModes int
}

// DefaultConfig returns the ADD baseline: LPV-200, RuleADD, default ISM and
// user models, troposphere 0.12 m, a clock per constellation, TOL_PL 0.05 m,
// thresholds without bias, at most 20000 modes.
func DefaultConfig() Config {
	return Config{
		Service:           LPV200,
		Rule:              RuleADD,
		TropoZenithSigmaM: DefaultTropoZenithSigmaM,
		ISBSigmaM:         math.Inf(1),
		TolPLM:            0.05,
		MaxModes:          20000,
	}
}

// Sat is one satellite in view: its system and the unit line of sight from
// the receiver to the satellite in local east, north, up. The design-matrix
// row is [−LOS, clock indicator]; LOS is used as given (it must be a unit
// vector to within 1e-3) and the elevation for the error models is
// θ = atan2(U, √(E² + N²)), the elevation of the normalised direction.
type Sat struct {
	System ephemeris.System
	LOS    [3]float64
}

// SatAzEl returns the Sat of system sys at azimuth azRad (clockwise from
// north) and elevation elRad, radians.
func SatAzEl(sys ephemeris.System, azRad, elRad float64) Sat {
	ce := math.Cos(elRad)
	return Sat{System: sys, LOS: [3]float64{ce * math.Sin(azRad), ce * math.Cos(azRad), math.Sin(elRad)}}
}

// Reason says why a result is unavailable.
type Reason uint8

// Reasons for unavailability.
const (
	ReasonNone             Reason = iota // available
	ReasonTooFewSatellites               // fewer satellites than 3 + clocks + 1
	ReasonSingularGeometry               // all-in-view position not determinable
	ReasonUnmonitorable                  // a fault mode that must be monitored leaves too few satellites
	ReasonSingularSubset                 // a monitored subset's position is not determinable
	ReasonTooManyModes                   // more than Config.MaxModes modes (or 8 simultaneous events) needed
	ReasonBudget                         // P_not_monitored exhausts the integrity budget
	ReasonNoPLSolution                   // a protection-level equation has no solution
	ReasonInvalidInput                   // Evaluate returned an error
)

var reasonText = [...]string{
	"available",
	"too few satellites",
	"singular all-in-view geometry",
	"fault mode that must be monitored leaves too few satellites",
	"singular subset geometry",
	"too many fault modes",
	"unmonitored fault probability exhausts the integrity budget",
	"protection-level equation has no solution",
	"invalid input",
}

// String describes the reason.
func (r Reason) String() string {
	if int(r) < len(reasonText) {
		return reasonText[r]
	}
	return fmt.Sprintf("Reason(%d)", uint8(r))
}

// Result is the outcome of one evaluation. When Available is false every
// metre value is NaN and Reason says why. VPLM, EMTM and SigmaVAccM are NaN
// for horizontal-only services.
type Result struct {
	Available bool
	Reason    Reason

	VPLM      float64 // vertical protection level
	HPLM      float64 // horizontal protection level √(HPL_E² + HPL_N²)
	HPLEastM  float64 // east protection level HPL_1
	HPLNorthM float64 // north protection level HPL_2
	EMTM      float64 // effective monitor threshold (0 if no mode has prior ≥ P_EMT)

	SigmaVAccM float64 // fault-free vertical accuracy σ of the all-in-view solution (C_acc)

	NumSats           int
	NumConstellations int
	NumModes          int     // monitored fault modes, fault-free mode excluded
	PNotMonitored     float64 // prior of the fault patterns not monitored
	KFaVert, KFaHor   float64 // threshold multipliers K_fa,3 and K_fa,1 = K_fa,2
}

// Check is a service check of one Result.
type Check struct {
	VPL, HPL, EMT, Accuracy bool // each requirement met (true when the service has none)
}

// OK reports whether every requirement is met.
func (c Check) OK() bool { return c.VPL && c.HPL && c.EMT && c.Accuracy }

// Check compares r with the service s: VPL ≤ VAL, HPL ≤ HAL, EMT ≤ EMT_max
// and σ_v,acc ≤ its limit (vertical items only for vertical services). An
// unavailable result meets nothing.
func (r *Result) Check(s Service) Check {
	if !r.Available {
		return Check{}
	}
	c := Check{HPL: r.HPLM <= s.HALM, VPL: true, EMT: true, Accuracy: true}
	if s.Vertical() {
		c.VPL = r.VPLM <= s.VALM
		c.EMT = r.EMTM <= s.EMTMaxM
		c.Accuracy = r.SigmaVAccM <= s.SigmaVAccMaxM
	}
	return c
}

// sysParams is a system's resolved models.
type sysParams struct {
	ok         bool
	ism        ISM
	gamma      float64
	noise      NoiseCurve
	ura2, ure2 float64
	l1pSat     float64 // ln(1 − P_sat)
	l1pConst   float64 // ln(1 − P_const)
	bb         float64 // b_nom²
}

// Evaluator evaluates ARAIM integrity for one geometry at a time, reusing
// its buffers: after the first calls with the largest geometry, Evaluate
// allocates nothing. An Evaluator is not safe for concurrent use; use one
// per goroutine.
type Evaluator struct {
	cfg    Config
	isb2   float64
	tropo2 float64 // (zenith σ·1.001)²
	sys    [8]sysParams

	// geometry
	n, nc    int
	constSys [maxConst]ephemeris.System
	constOf  []int8
	u        [][3]float64 // design-row position part −LOS
	wu       [][3]float64 // w·u
	w, v     []float64    // 1/C_int and C_acc/C_int²
	bnom     []float64
	cint     []float64
	cacc     []float64
	s0       [][3]float64 // all-in-view estimator columns
	stamp    []uint32
	gen      uint32
	// the same, ordered by constellation (constellation j occupies
	// [cStart[j], cStart[j+1])): w·u by component, w, b_nom, S_0 columns
	cStart         [maxConst + 1]int
	sx, sy, sz, sw []float64
	sb             []float64
	s0s            [][3]float64
	exB0           [maxConst][3]float64 // Σ_{i∈j} |S_0,q,i|·b_nom,i

	acc0, accA0 [maxConst]accum // per-constellation sums, weights w and v
	est0        estimator
	sigma0      [3]float64
	bias0       [3]float64
	exS0        [maxConst][3]float64 // Σ_{i∈j} S²_0,q,i·C_acc,i per constellation
	tau0        [maxConst][3]float64 // R_0·t^0_j

	fc  faultCtx
	ms  modeSet
	pnm float64

	// per-mode scratch
	accK, accAK [maxConst]accum
	estK        estimator

	kfaV, kfaH []float64 // K_fa caches by number of modes (NaN: not yet)
	terms      []plTerm
	kept       []plTerm
	bounds     [3]plBounds
	wbb0       [maxConst]float64 // Σ_{i∈j} w_i·b²_nom,i
	betaAcc    float64           // √(Σ_i b²_nom,i/C_acc,i)

	// state of the last evaluation
	valid bool // the last Evaluate succeeded and was available
	last  Result

	// test hooks
	noPrune bool // evaluate every protection-level term
	noBound bool // compute every b_k exactly
	stats   [3]plStats
}

// NewEvaluator validates cfg and returns an Evaluator.
func NewEvaluator(cfg Config) (*Evaluator, error) {
	if err := cfg.Service.Validate(); err != nil {
		return nil, err
	}
	if cfg.Rule > Rule2012 {
		return nil, fmt.Errorf("integrity: unknown rule %d", cfg.Rule)
	}
	if !(cfg.TropoZenithSigmaM >= 0) || math.IsInf(cfg.TropoZenithSigmaM, 0) {
		return nil, fmt.Errorf("integrity: TropoZenithSigmaM = %g must be finite and ≥ 0", cfg.TropoZenithSigmaM)
	}
	if !(cfg.ISBSigmaM >= 0) {
		return nil, fmt.Errorf("integrity: ISBSigmaM = %g must be ≥ 0 (0: common clock, +Inf: clock per constellation)", cfg.ISBSigmaM)
	}
	if !(cfg.TolPLM > 0) || math.IsInf(cfg.TolPLM, 0) {
		return nil, fmt.Errorf("integrity: TolPLM = %g must be positive and finite", cfg.TolPLM)
	}
	if cfg.MaxModes <= 0 {
		return nil, fmt.Errorf("integrity: MaxModes = %d must be positive", cfg.MaxModes)
	}
	// copy the maps: later changes by the caller must not reach the evaluator
	if cfg.ISM == nil {
		cfg.ISM = DefaultISMSet()
	} else {
		m := make(ISMSet, len(cfg.ISM))
		for k, v := range cfg.ISM {
			m[k] = v
		}
		cfg.ISM = m
	}
	if cfg.User == nil {
		cfg.User = DefaultUserModels()
	} else {
		m := make(UserModels, len(cfg.User))
		for k, v := range cfg.User {
			m[k] = v
		}
		cfg.User = m
	}
	ev := &Evaluator{cfg: cfg, isb2: cfg.ISBSigmaM * cfg.ISBSigmaM}
	z := cfg.TropoZenithSigmaM * 1.001
	ev.tropo2 = z * z
	for s, m := range cfg.ISM {
		if err := m.Validate(); err != nil {
			return nil, fmt.Errorf("integrity: ISM of %s: %w", s, err)
		}
	}
	for s, m := range cfg.User {
		if err := m.Validate(); err != nil {
			return nil, fmt.Errorf("integrity: user model of %s: %w", s, err)
		}
	}
	for s := range ev.sys {
		sys := ephemeris.System(s)
		m, ok1 := cfg.ISM[sys]
		u, ok2 := cfg.User[sys]
		if ok1 && ok2 {
			ev.sys[s] = sysParams{ok: true, ism: m, gamma: u.Gamma(), noise: u.Noise,
				ura2: m.SigmaURAM * m.SigmaURAM, ure2: m.SigmaUREM * m.SigmaUREM,
				l1pSat: math.Log1p(-m.PSat), l1pConst: math.Log1p(-m.PConst), bb: m.BNomM * m.BNomM}
		}
	}
	return ev, nil
}

// Config returns the evaluator's configuration (with nil maps replaced by
// the defaults). The maps are the evaluator's own copies: do not modify them.
func (ev *Evaluator) Config() Config { return ev.cfg }

// MaxSats is the largest number of satellites Evaluate accepts.
const MaxSats = 240

// ErrBadGeometry is wrapped by the errors Evaluate returns for invalid
// satellites.
var ErrBadGeometry = errors.New("invalid satellite geometry")

func (ev *Evaluator) grow(n int) {
	if cap(ev.u) >= n {
		ev.constOf = ev.constOf[:n]
		ev.u, ev.wu, ev.s0 = ev.u[:n], ev.wu[:n], ev.s0[:n]
		ev.w, ev.v, ev.bnom, ev.cint, ev.cacc = ev.w[:n], ev.v[:n], ev.bnom[:n], ev.cint[:n], ev.cacc[:n]
		ev.stamp = ev.stamp[:n]
		ev.fc.pSat = ev.fc.pSat[:n]
		ev.sx, ev.sy, ev.sz, ev.sw, ev.sb = ev.sx[:n], ev.sy[:n], ev.sz[:n], ev.sw[:n], ev.sb[:n]
		ev.s0s = ev.s0s[:n]
		return
	}
	ev.constOf = make([]int8, n)
	ev.u, ev.wu, ev.s0 = make([][3]float64, n), make([][3]float64, n), make([][3]float64, n)
	ev.w, ev.v, ev.bnom = make([]float64, n), make([]float64, n), make([]float64, n)
	ev.cint, ev.cacc = make([]float64, n), make([]float64, n)
	ev.stamp = make([]uint32, n)
	ev.gen = 0
	ev.fc.pSat = make([]float64, n)
	ev.sx, ev.sy, ev.sz, ev.sw, ev.sb = make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	ev.s0s = make([][3]float64, n)
}

// setup validates sats and fills the per-satellite models and sums.
func (ev *Evaluator) setup(sats []Sat) error {
	n := len(sats)
	if n > MaxSats {
		return fmt.Errorf("integrity: %d satellites, at most %d supported: %w", n, MaxSats, ErrBadGeometry)
	}
	ev.grow(n)
	ev.n, ev.nc = n, 0
	var slotOf [8]int8
	for i := range slotOf {
		slotOf[i] = -1
	}
	for i := range ev.acc0 {
		ev.acc0[i], ev.accA0[i] = accum{}, accum{}
	}
	ev.fc.constCount = [maxConst]int{}
	ev.wbb0 = [maxConst]float64{}
	ln := 0.0
	for i := range sats {
		s := &sats[i]
		if int(s.System) >= len(ev.sys) || !ev.sys[s.System].ok {
			return fmt.Errorf("integrity: satellite %d: no ISM or user model for system %s: %w", i, s.System, ErrBadGeometry)
		}
		e, nn, up := s.LOS[0], s.LOS[1], s.LOS[2]
		n2 := e*e + nn*nn + up*up
		if !(math.Abs(n2-1) <= 2e-3) { // |LOS| within ~1e-3 of 1; also rejects NaN and Inf
			return fmt.Errorf("integrity: satellite %d: line of sight (%g, %g, %g) is not a unit vector: %w", i, e, nn, up, ErrBadGeometry)
		}
		if up < 0 {
			return fmt.Errorf("integrity: satellite %d: below the horizon (up component %g): %w", i, up, ErrBadGeometry)
		}
		sp := &ev.sys[s.System]
		j := slotOf[s.System]
		if j < 0 {
			j = int8(ev.nc)
			slotOf[s.System] = j
			ev.constSys[j] = s.System
			ev.fc.pConst[j] = sp.ism.PConst
			ev.nc++
		}
		ev.constOf[i] = j
		ev.fc.constCount[j]++
		ev.fc.pSat[i] = sp.ism.PSat
		ln += sp.l1pSat
		elDeg := math.Atan2(up, math.Sqrt(e*e+nn*nn)) * (180 / math.Pi)
		sin2 := up * up / n2
		tropo := ev.tropo2 / (0.002001 + sin2)
		mp := MultipathSigmaM(elDeg)
		var no float64
		if sp.noise == NoiseGalileoTable {
			no = GalileoNoiseSigmaM(elDeg)
		} else {
			no = GPSNoiseSigmaM(elDeg)
		}
		user := sp.gamma * (mp*mp + no*no)
		ci := sp.ura2 + tropo + user
		ca := sp.ure2 + tropo + user
		w := 1 / ci
		ev.cint[i], ev.cacc[i] = ci, ca
		ev.w[i], ev.v[i] = w, w*w*ca
		ev.bnom[i] = sp.ism.BNomM
		ev.wbb0[j] += w * sp.bb
		ev.u[i] = [3]float64{-e, -nn, -up}
		ev.wu[i] = [3]float64{-w * e, -w * nn, -w * up}
		ev.acc0[j].add(&ev.u[i], w)
		ev.accA0[j].add(&ev.u[i], ev.v[i])
	}
	for j := 0; j < ev.nc; j++ {
		ln += ev.sys[ev.constSys[j]].l1pConst
	}
	ev.fc.lnNoFault = ln
	ba := 0.0
	for i := 0; i < n; i++ {
		ba += ev.bnom[i] * ev.bnom[i] / ev.cacc[i]
	}
	ev.betaAcc = math.Sqrt(ba) * (1 + 1e-12)
	ev.fc.n, ev.fc.nc = n, ev.nc
	ev.fc.constOf = ev.constOf
	ev.fc.perSystem = math.IsInf(ev.isb2, 1)
	ev.fc.maxModes = ev.cfg.MaxModes
	return nil
}

// unknownClocks returns the number of clock unknowns that satellites must
// determine for the all-in-view solution.
func (ev *Evaluator) unknownClocks() int {
	if math.IsInf(ev.isb2, 1) {
		return ev.nc
	}
	return 1
}

func (ev *Evaluator) fail(dst *Result, r Reason) {
	nan := math.NaN()
	*dst = Result{Reason: r, VPLM: nan, HPLM: nan, HPLEastM: nan, HPLNorthM: nan, EMTM: nan,
		SigmaVAccM: nan, NumSats: ev.n, NumConstellations: ev.nc, NumModes: len(ev.ms.modes),
		PNotMonitored: ev.pnm, KFaVert: nan, KFaHor: nan}
	ev.valid = false
}

// Evaluate computes protection levels, EMT and σ_v,acc for the satellites
// sats and stores them in dst. It returns an error wrapping ErrBadGeometry
// (and leaves dst unavailable, ReasonInvalidInput) for invalid input: a
// system without ISM or user model, a line of sight that is not a unit
// vector, a satellite below the horizon, more than MaxSats satellites.
// Geometries that cannot be monitored are not errors: dst.Available is false
// and dst.Reason says why.
func (ev *Evaluator) Evaluate(dst *Result, sats []Sat) error {
	ev.pnm = math.NaN()
	ev.ms.modes = ev.ms.modes[:0]
	if err := ev.setup(sats); err != nil {
		ev.n, ev.nc = 0, 0
		ev.fail(dst, ReasonInvalidInput)
		return err
	}
	if ev.n < 3+ev.unknownClocks() {
		ev.fail(dst, ReasonTooFewSatellites)
		return nil
	}
	if !ev.est0.solve(&ev.acc0, ev.nc, ev.isb2) {
		ev.fail(dst, ReasonSingularGeometry)
		return nil
	}
	ev.allInView()

	// fault modes
	svc := &ev.cfg.Service
	var ff faultFail
	if ev.cfg.Rule == Rule2012 {
		ev.pnm, ff = ev.ms.determine2012(&ev.fc, svc.PThresSat, svc.PThresConst)
	} else {
		ev.pnm, ff = ev.ms.determineADD(&ev.fc, svc.PThres)
	}
	switch ff {
	case failUnmonitorable:
		ev.fail(dst, ReasonUnmonitorable)
		return nil
	case failTooMany:
		ev.fail(dst, ReasonTooManyModes)
		return nil
	}
	N := len(ev.ms.modes)
	vert := svc.Vertical()
	kV, kH := math.NaN(), ev.kfa(N, false)
	if vert {
		kV = ev.kfa(N, true)
	}
	f := 1 - ev.pnm/(svc.PHMIVert+svc.PHMIHor)
	if !(f > 0) {
		ev.fail(dst, ReasonBudget)
		return nil
	}
	targets := [3]float64{0.5 * svc.PHMIHor * f, 0.5 * svc.PHMIHor * f, svc.PHMIVert * f}
	q0 := 0 // first axis with a requirement ...
	q1 := 2 // ... and last
	if !vert {
		q1 = 1
	}
	// Pass 1: σ_k, σ_ss,k, T_k (closed forms), and lower bounds of the
	// roots from every term with b_k,q ≥ max(0, b_0,q − σ_ss,k,q·β_acc).
	exactBias := ev.cfg.ThresholdBias || ev.noBound
	for q := q0; q <= q1; q++ {
		ev.bounds[q].init(targets[q], N+1)
		ev.bounds[q].raise(2, ev.bias0[q], ev.sigma0[q])
	}
	// per axis, the topK modes with the largest optimistic bound
	// T + b_upper + σ (candidates for setting the roots' lower bounds)
	const topK = 3
	var top [3][topK]int
	var topV [3][topK]float64
	for q := range top {
		for i := range top[q] {
			top[q][i], topV[q][i] = -1, math.Inf(-1)
		}
	}
	for k := range ev.ms.modes {
		m := &ev.ms.modes[k]
		if !ev.modeStats(m, m.eventPrior >= svc.PEMT && vert, exactBias) {
			ev.fail(dst, ReasonSingularSubset)
			return nil
		}
		for q := 0; q < 3; q++ {
			kk := kH
			if q == 2 {
				kk = kV
			}
			m.thr[q] = kk * m.sigmaSS[q]
			if ev.cfg.ThresholdBias {
				m.thr[q] += m.biasSS[q]
			}
		}
		for q := q0; q <= q1; q++ {
			bl := m.bias[q]
			if !m.biasOK {
				bl = ev.bias0[q] - m.sigmaSS[q]*ev.betaAcc*(1+1e-12)
				if bl < 0 {
					bl = 0
				}
				if v := m.thr[q] + m.bias[q] + m.sigma[q]; v > topV[q][topK-1] {
					i := topK - 1
					for i > 0 && v > topV[q][i-1] {
						top[q][i], topV[q][i] = top[q][i-1], topV[q][i-1]
						i--
					}
					top[q][i], topV[q][i] = k, v
				}
			}
			ev.bounds[q].raise(m.prior, m.thr[q]+bl, m.sigma[q])
		}
	}
	// Pass 2: b_k exactly for the modes that may matter: first the likely
	// dominant ones of each axis, which sharpen the bounds, then those that
	// the bounds cannot prove negligible. The others keep the upper bound of
	// modeStats; every protection-level solve provably prunes them (see
	// solvePL), so their exact b_k could not change any result.
	if !exactBias {
		for q := q0; q <= q1; q++ {
			for _, k := range top[q] {
				if k < 0 || ev.ms.modes[k].biasOK {
					continue
				}
				m := &ev.ms.modes[k]
				ev.modeBias(m)
				for p := q0; p <= q1; p++ {
					ev.bounds[p].raise(m.prior, m.thr[p]+m.bias[p], m.sigma[p])
				}
			}
		}
		for q := q0; q <= q1; q++ {
			ev.bounds[q].setEps(ev.cfg.TolPLM)
		}
		for k := range ev.ms.modes {
			m := &ev.ms.modes[k]
			if m.biasOK {
				continue
			}
			need := false
			for q := q0; q <= q1 && !need; q++ {
				need = !ev.bounds[q].negligible(m.prior, m.thr[q]+m.bias[q], m.sigma[q])
			}
			if need {
				ev.modeBias(m)
				for q := q0; q <= q1; q++ {
					ev.bounds[q].raise(m.prior, m.thr[q]+m.bias[q], m.sigma[q])
				}
			}
		}
	}
	// every exact term has now been raised: the solves need not repeat it
	for q := q0; q <= q1; q++ {
		ev.bounds[q].raised = true
	}

	// protection levels
	nan := math.NaN()
	res := Result{Available: true, NumSats: ev.n, NumConstellations: ev.nc, NumModes: N,
		PNotMonitored: ev.pnm, KFaVert: kV, KFaHor: kH, VPLM: nan, EMTM: nan, SigmaVAccM: nan}
	var pl [3]float64
	for q := q0; q <= q1; q++ {
		var ok bool
		if pl[q], ok = ev.protectionLevel(q); !ok {
			ev.fail(dst, ReasonNoPLSolution)
			return nil
		}
	}
	res.HPLEastM, res.HPLNorthM = pl[0], pl[1]
	res.HPLM = math.Hypot(pl[0], pl[1])
	if vert {
		res.VPLM = pl[2]
		res.SigmaVAccM = ev.sigmaAcc(&ev.est0, &ev.accA0, 2)
		res.EMTM = ev.emt()
	}
	*dst = res
	ev.last, ev.valid = res, true
	return nil
}

// allInView fills the all-in-view estimator columns, σ and biases.
func (ev *Evaluator) allInView() {
	var b [3]float64
	ev.exS0 = [maxConst][3]float64{}
	for i := 0; i < ev.n; i++ {
		j := int(ev.constOf[i])
		c := ev.est0.column(&ev.u[i], ev.w[i], j)
		ev.s0[i] = c
		ca := ev.cacc[i]
		ev.exS0[j][0] += c[0] * c[0] * ca
		ev.exS0[j][1] += c[1] * c[1] * ca
		ev.exS0[j][2] += c[2] * c[2] * ca
		bn := ev.bnom[i]
		b[0] += math.Abs(c[0]) * bn
		b[1] += math.Abs(c[1]) * bn
		b[2] += math.Abs(c[2]) * bn
	}
	ev.bias0 = b
	R := &ev.est0.R
	for j := 0; j < ev.nc; j++ {
		t := &ev.est0.t[j]
		ev.tau0[j] = [3]float64{
			R[0]*t[0] + R[1]*t[1] + R[2]*t[2],
			R[3]*t[0] + R[4]*t[1] + R[5]*t[2],
			R[6]*t[0] + R[7]*t[1] + R[8]*t[2],
		}
	}
	ev.sigma0 = [3]float64{math.Sqrt(R[0]), math.Sqrt(R[4]), math.Sqrt(R[8])}
	// constellation-ordered copies for modeBias
	ev.cStart[0] = 0
	for j := 0; j < ev.nc; j++ {
		ev.cStart[j+1] = ev.cStart[j] + ev.fc.constCount[j]
	}
	var next [maxConst]int
	copy(next[:], ev.cStart[:maxConst])
	ev.exB0 = [maxConst][3]float64{}
	for i := 0; i < ev.n; i++ {
		j := ev.constOf[i]
		k := next[j]
		next[j]++
		ev.sx[k], ev.sy[k], ev.sz[k] = ev.wu[i][0], ev.wu[i][1], ev.wu[i][2]
		ev.sw[k], ev.sb[k] = ev.w[i], ev.bnom[i]
		ev.s0s[k] = ev.s0[i]
		bn := ev.bnom[i]
		ev.exB0[j][0] += math.Abs(ev.s0[i][0]) * bn
		ev.exB0[j][1] += math.Abs(ev.s0[i][1]) * bn
		ev.exB0[j][2] += math.Abs(ev.s0[i][2]) * bn
	}
}

// kfa returns K_fa,3 = Q⁻¹(P_FA,VERT/(2N)) (vert) or K_fa,1 = K_fa,2 =
// Q⁻¹(P_FA,HOR/(4N)) for N monitored modes (Blanch et al. 2012 and the
// WG-C ADD, fault detection thresholds; Appendix J: 5.3953), cached by N.
func (ev *Evaluator) kfa(N int, vert bool) float64 {
	if N == 0 {
		return math.Inf(1)
	}
	cache := &ev.kfaH
	if vert {
		cache = &ev.kfaV
	}
	for len(*cache) <= N {
		*cache = append(*cache, math.NaN())
	}
	if v := (*cache)[N]; !math.IsNaN(v) {
		return v
	}
	var v float64
	if vert {
		v = QInv(ev.cfg.Service.PFAVert / (2 * float64(N)))
	} else {
		v = QInv(ev.cfg.Service.PFAHor / (4 * float64(N)))
	}
	(*cache)[N] = v
	return v
}

// subset prepares ev.accK, ev.accAK and ev.estK for mode m; false if singular.
func (ev *Evaluator) subset(m *mode) bool {
	for j := 0; j < ev.nc; j++ {
		if m.mask&(1<<j) != 0 {
			ev.accK[j], ev.accAK[j] = accum{}, accum{}
		} else {
			ev.accK[j], ev.accAK[j] = ev.acc0[j], ev.accA0[j]
		}
	}
	// Downdate the all-in-view sums by the excluded satellites; where at
	// least half of a constellation is excluded, sum its kept satellites
	// afresh instead (the downdate would cancel most of the sum's digits).
	ex := ev.ms.pool[m.off : m.off+m.n]
	var cnt [maxConst]int
	for _, x := range ex {
		cnt[ev.constOf[x]]++
	}
	var rebuild uint16
	for j := 0; j < ev.nc; j++ {
		if cnt[j] > 0 && 2*cnt[j] >= ev.fc.constCount[j] {
			rebuild |= 1 << j
			ev.accK[j], ev.accAK[j] = accum{}, accum{}
		}
	}
	for _, x := range ex {
		j := ev.constOf[x]
		if rebuild&(1<<j) == 0 {
			ev.accK[j].sub(&ev.u[x], ev.w[x])
			ev.accAK[j].sub(&ev.u[x], ev.v[x])
		}
	}
	if rebuild != 0 {
		k := 0
		for i := 0; i < ev.n; i++ {
			j := ev.constOf[i]
			if rebuild&(1<<j) == 0 {
				continue
			}
			for k < len(ex) && int(ex[k]) < i {
				k++
			}
			if k < len(ex) && int(ex[k]) == i {
				continue
			}
			ev.accK[j].add(&ev.u[i], ev.w[i])
			ev.accAK[j].add(&ev.u[i], ev.v[i])
		}
	}
	return ev.estK.solve(&ev.accK, ev.nc, ev.isb2)
}

// modeStats computes σ_k, σ_ss,k (and σ_acc,U when emt) of mode m, and
// b_k: exactly when exact, else an upper bound, the smaller of two
// Cauchy–Schwarz bounds: b_k,q = Σ|S_k,q,i| b_i ≤ √(Σ S²_k,q,i/w_i)·√(Σ w_i b_i²)
// ≤ σ_k,q·β_k (sums over the kept satellites; σ²_k,q ≥ Σ S² C_int), and
// b_k,q ≤ b_0,q + Σ|S_k,q,i − S_0,q,i| b_i ≤ b_0,q + σ_ss,k,q·√(Σ b_i²/C_acc,i).
// It reports false when the subset is singular.
func (ev *Evaluator) modeStats(m *mode, emt, exact bool) bool {
	if !ev.subset(m) {
		return false
	}
	eK := &ev.estK
	m.sigma = [3]float64{math.Sqrt(eK.R[0]), math.Sqrt(eK.R[4]), math.Sqrt(eK.R[8])}
	R := &eK.R
	m.R = *R
	for j := 0; j < ev.nc; j++ {
		t := &eK.t[j]
		m.tau[j] = [3]float64{
			R[0]*t[0] + R[1]*t[1] + R[2]*t[2],
			R[3]*t[0] + R[4]*t[1] + R[5]*t[2],
			R[6]*t[0] + R[7]*t[1] + R[8]*t[2],
		}
	}
	ss := ev.sigmaSS2(m)
	m.sigmaSS = [3]float64{math.Sqrt(ss[0]), math.Sqrt(ss[1]), math.Sqrt(ss[2])}
	m.saccU = math.NaN()
	if emt {
		m.saccU = ev.sigmaAcc(eK, &ev.accAK, 2)
	}
	if exact {
		ev.modeBias(m)
		return true
	}
	bb := 0.0
	for j := 0; j < ev.nc; j++ {
		if m.mask&(1<<j) == 0 {
			bb += ev.wbb0[j]
		}
	}
	for _, x := range ev.ms.pool[m.off : m.off+m.n] {
		bb -= ev.w[x] * ev.bnom[x] * ev.bnom[x]
	}
	// Rounding guards: the subtraction can leave a residue; inflate slightly.
	if bb < 0 {
		bb = 0
	}
	beta := math.Sqrt(bb*(1+1e-12)) * (1 + 1e-12)
	for q := 0; q < 3; q++ {
		// second bound: b_k ≤ b_0 + Σ|S_k,i − S_0,i| b_i ≤ b_0 + σ_ss,k·√(Σ b_i²/C_acc,i)
		b1 := m.sigma[q] * beta
		if b2 := (ev.bias0[q] + m.sigmaSS[q]*ev.betaAcc) * (1 + 1e-12); b2 < b1 {
			b1 = b2
		}
		m.bias[q] = b1
	}
	m.biasOK = false
	return true
}

// sigmaSS2 returns σ²_ss,k,q (q = 0, 1, 2) for the mode whose subset is in
// ev.estK/accAK and whose R·t_j are in m.tau.
//
// For a satellite i of constellation j kept in the subset,
// S_k,i − S_0,i = w_i (E u_i − δ_j) with E = R_k − R_0 and
// δ_j = R_k t^k_j − R_0 t^0_j, so the sum over the constellation's kept
// satellites is a quadratic form in its sums with weights v = w² C_acc. An
// excluded satellite contributes (S_0,q,i)² C_acc,i, summed directly from
// the all-in-view columns (per constellation once per geometry): the
// quadratic-form expansion would cancel catastrophically for constellations
// whose columns vanish (a lone satellite with its own clock). The ISB prior
// rows add σ²·(π^k_j − π^0_j)².
func (ev *Evaluator) sigmaSS2(m *mode) [3]float64 {
	eK, e0 := &ev.estK, &ev.est0
	var E [9]float64
	for c := range E {
		E[c] = eK.R[c] - e0.R[c]
	}
	var s [3]float64
	for j := 0; j < ev.nc; j++ {
		if m.mask&(1<<j) != 0 {
			x := &ev.exS0[j]
			s[0] += x[0]
			s[1] += x[1]
			s[2] += x[2]
			continue
		}
		if eK.present&(1<<j) == 0 {
			continue
		}
		d := [3]float64{m.tau[j][0] - ev.tau0[j][0], m.tau[j][1] - ev.tau0[j][1], m.tau[j][2] - ev.tau0[j][2]}
		ev.accAK[j].addQuad3(&E, &d, &s)
	}
	for _, x := range ev.ms.pool[m.off : m.off+m.n] {
		c, ca := &ev.s0[x], ev.cacc[x]
		s[0] += c[0] * c[0] * ca
		s[1] += c[1] * c[1] * ca
		s[2] += c[2] * c[2] * ca
	}
	if ev.isb2 > 0 && !math.IsInf(ev.isb2, 1) {
		for j := 1; j < ev.nc; j++ {
			for q := 0; q < 3; q++ {
				d := eK.pi[j][q] - e0.pi[j][q]
				s[q] += ev.isb2 * d * d
			}
		}
	}
	for q := range s {
		if s[q] < 0 { // rounding of a vanishing separation
			s[q] = 0
		}
	}
	return s
}

// sigmaAcc returns σ_acc,q = √(S C_acc Sᵀ)_qq of estimator e whose kept
// satellites are summed (weights v) in acc.
func (ev *Evaluator) sigmaAcc(e *estimator, acc *[maxConst]accum, q int) float64 {
	r := [3]float64{e.R[3*q], e.R[3*q+1], e.R[3*q+2]}
	s := 0.0
	for j := 0; j < ev.nc; j++ {
		if e.present&(1<<j) == 0 {
			continue
		}
		t := &e.t[j]
		s += acc[j].quad(&r, r[0]*t[0]+r[1]*t[1]+r[2]*t[2])
	}
	if ev.isb2 > 0 && !math.IsInf(ev.isb2, 1) {
		p := 0.0
		for j := 1; j < ev.nc; j++ {
			p += e.pi[j][q] * e.pi[j][q]
		}
		s += ev.isb2 * p
	}
	return math.Sqrt(math.Max(s, 0))
}

// modeBias computes b_k,q = Σ_i |S_k,q,i|·b_nom,i (and b_ss when
// ThresholdBias) from the estimator kept in m, with
// S_k,i = R·(w_i u_i) − w_i·(R t_j). The satellites are visited
// constellation by constellation in contiguous arrays without per-satellite
// tests; the individually excluded satellites are then taken out again.
func (ev *Evaluator) modeBias(m *mode) {
	R := &m.R
	withSS := ev.cfg.ThresholdBias
	var b0, b1, b2, c0, c1, c2 float64
	for j := 0; j < ev.nc; j++ {
		if m.mask&(1<<j) != 0 {
			if withSS {
				c0 += ev.exB0[j][0]
				c1 += ev.exB0[j][1]
				c2 += ev.exB0[j][2]
			}
			continue
		}
		t := &m.tau[j]
		lo, hi := ev.cStart[j], ev.cStart[j+1]
		sx, sy, sz := ev.sx[lo:hi], ev.sy[lo:hi], ev.sz[lo:hi]
		sw, sb := ev.sw[lo:hi], ev.sb[lo:hi]
		sy, sz, sw, sb = sy[:len(sx)], sz[:len(sx)], sw[:len(sx)], sb[:len(sx)]
		if !withSS {
			for k := range sx {
				x, y, z, w, bn := sx[k], sy[k], sz[k], sw[k], sb[k]
				b0 += abs(R[0]*x+R[1]*y+R[2]*z-w*t[0]) * bn
				b1 += abs(R[3]*x+R[4]*y+R[5]*z-w*t[1]) * bn
				b2 += abs(R[6]*x+R[7]*y+R[8]*z-w*t[2]) * bn
			}
			continue
		}
		a0 := ev.s0s[lo:hi]
		a0 = a0[:len(sx)]
		for k := range sx {
			x, y, z, w, bn := sx[k], sy[k], sz[k], sw[k], sb[k]
			s0 := R[0]*x + R[1]*y + R[2]*z - w*t[0]
			s1 := R[3]*x + R[4]*y + R[5]*z - w*t[1]
			s2 := R[6]*x + R[7]*y + R[8]*z - w*t[2]
			b0 += abs(s0) * bn
			b1 += abs(s1) * bn
			b2 += abs(s2) * bn
			a := &a0[k]
			c0 += abs(s0-a[0]) * bn
			c1 += abs(s1-a[1]) * bn
			c2 += abs(s2-a[2]) * bn
		}
	}
	for _, i := range ev.ms.pool[m.off : m.off+m.n] {
		j := ev.constOf[i]
		t := &m.tau[j]
		wu, w, bn := &ev.wu[i], ev.w[i], ev.bnom[i]
		s0 := R[0]*wu[0] + R[1]*wu[1] + R[2]*wu[2] - w*t[0]
		s1 := R[3]*wu[0] + R[4]*wu[1] + R[5]*wu[2] - w*t[1]
		s2 := R[6]*wu[0] + R[7]*wu[1] + R[8]*wu[2] - w*t[2]
		b0 -= abs(s0) * bn
		b1 -= abs(s1) * bn
		b2 -= abs(s2) * bn
		if withSS {
			a := &ev.s0[i]
			c0 += (abs(a[0]) - abs(s0-a[0])) * bn
			c1 += (abs(a[1]) - abs(s1-a[1])) * bn
			c2 += (abs(a[2]) - abs(s2-a[2])) * bn
		}
	}
	m.bias = [3]float64{math.Max(b0, 0), math.Max(b1, 0), math.Max(b2, 0)}
	m.biasSS = [3]float64{math.Max(c0, 0), math.Max(c1, 0), math.Max(c2, 0)}
	m.biasOK = true
}

// protectionLevel solves the protection-level equation of axis q (0 east,
// 1 north, 2 up) for the budget in ev.bounds[q] (WG-C ADD, protection
// levels; Blanch et al. 2012 eq. (24) VPL and (26) HPL):
//
//	2·Q((PL − b_0,q)/σ_0,q) + Σ_k p_k·Q((PL − T_k,q − b_k,q)/σ_k,q) = target.
//
// Should a mode with a bounded bias survive pruning (which the bounds of
// Evaluate rule out), every bias is computed exactly and the solve redone.
func (ev *Evaluator) protectionLevel(q int) (float64, bool) {
	for attempt := 0; attempt < 2; attempt++ {
		ev.terms = ev.terms[:0]
		ev.terms = append(ev.terms, plTerm{c: 2, mu: ev.bias0[q], sig: ev.sigma0[q], exact: true})
		for k := range ev.ms.modes {
			m := &ev.ms.modes[k]
			ev.terms = append(ev.terms, plTerm{c: m.prior, mu: m.thr[q] + m.bias[q], sig: m.sigma[q], exact: m.biasOK})
		}
		ev.stats[q] = plStats{}
		pl, st := solvePL(ev.terms, &ev.bounds[q], ev.cfg.TolPLM, !ev.noPrune, &ev.kept, &ev.stats[q])
		switch st {
		case plOK:
			return pl, true
		case plNoBracket:
			return math.NaN(), false
		}
		for k := range ev.ms.modes {
			if m := &ev.ms.modes[k]; !m.biasOK {
				ev.modeBias(m)
				ev.bounds[q].raise(m.prior, m.thr[q]+m.bias[q], m.sigma[q])
			}
		}
	}
	return math.NaN(), false
}

// emt returns max over the modes whose fault events have probability
// Π p_e ≥ P_EMT of T_k,3 + K_md,k·σ_acc,3^(k), K_md,k = Q⁻¹(P_EMT/(2 p_k))
// (Blanch et al. 2012 eq. (32); WG-C ADD, EMT), or 0 when no mode
// qualifies. Eligibility uses the events' probability (P_sat for a single
// satellite), not the exact pattern prior p_k = P_sat·Π(1 − p_others),
// which would drop single-satellite modes when P_sat equals P_EMT, as both
// do (1e-5) in the ADD parameter sets.
func (ev *Evaluator) emt() float64 {
	pe := ev.cfg.Service.PEMT
	e := 0.0
	lastP, lastK := math.NaN(), 0.0
	for k := range ev.ms.modes {
		m := &ev.ms.modes[k]
		if !(m.eventPrior >= pe) {
			continue
		}
		if m.prior != lastP {
			lastP, lastK = m.prior, QInv(pe/(2*m.prior))
		}
		e = math.Max(e, m.thr[2]+lastK*m.saccU)
	}
	return e
}
