package sim

import "math"

// MaxSystems is the number of system slots of an Accumulator: one per
// navigation system gnssim knows.
const MaxSystems = 7

// SlotSet is a set of Accumulator slots: bit i set selects slot i. Slots are
// numbered in Options.Systems order, so the lowest slot is the user's first
// system.
type SlotSet uint8

// minRCond is the smallest reciprocal 1-norm condition number of the reduced
// 3×3 position matrix S for which a DOP is reported; below it the geometry is
// treated as singular.
const minRCond = 1e-12

// DOP holds the dilution of precision of one receiver at one epoch for one
// set of systems. When Available is false every DOP field is NaN.
type DOP struct {
	GDOP, PDOP, HDOP, VDOP, TDOP float64 // unitless (weighted DOP when weighting is on)
	NVisible                     int     // satellites visible in the set of systems
	Available                    bool    // enough satellites and a non-singular geometry
}

var nanDOP = DOP{GDOP: math.NaN(), PDOP: math.NaN(), HDOP: math.NaN(), VDOP: math.NaN(), TDOP: math.NaN()}

// Accumulator gathers, per system slot, the unique entries of the normal
// equations of the visible satellites of one receiver at one epoch:
//
//	A_s = Σ w e eᵀ (6 numbers: EE, EN, EU, NN, NU, UU), b_s = Σ w e, c_s = Σ w, n_s
//
// with e the unit line of sight (ENU) and w the weight. A design-matrix row is
// [−eᵀ, clock indicator], so the normal matrix of one system with its own
// clock is [[A, −b], [−bᵀ, c]]. The clock block is diagonal (each satellite
// has exactly one clock), and its Schur complement gives every variant with a
// single 3×3 inversion: S = Σ_s (A_s − b_s b_sᵀ/c_s) (per-system clocks) or
// S = ΣA − (Σb)(Σb)ᵀ/Σc (common clock), Q_pos = S⁻¹, and for a clock with
// sums (b, c): Q_tt = 1/c + (b/c)ᵀ S⁻¹ (b/c) (the two minus signs of the
// off-diagonal blocks cancel). The zero value is empty and ready to use; it
// does not allocate.
type Accumulator struct {
	A   [MaxSystems][6]float64 // Σ w e eᵀ, unique entries EE, EN, EU, NN, NU, UU
	B   [MaxSystems][3]float64 // Σ w e (E, N, U)
	C   [MaxSystems]float64    // Σ w
	N   [MaxSystems]int        // visible satellites
	bad bool                   // an invalid Add was made: Solve reports unavailable
}

// Reset empties the accumulator.
func (a *Accumulator) Reset() { *a = Accumulator{} }

// Add adds a visible satellite of slot (0 ≤ slot < MaxSystems) with unit line
// of sight (e, n, u) in ENU and weight w > 0. A slot out of range is a
// programmer error and panics; an invalid weight (from bad data) marks the
// accumulator so that Solve reports the DOP unavailable rather than a wrong
// number.
func (a *Accumulator) Add(slot int, e, n, u, w float64) {
	if uint(slot) >= MaxSystems {
		panic("sim: Accumulator slot out of range")
	}
	if !(w > 0) || w > math.MaxFloat64 {
		a.bad = true
		return
	}
	A := &a.A[slot]
	we, wn, wu := w*e, w*n, w*u
	A[0] += we * e
	A[1] += we * n
	A[2] += we * u
	A[3] += wn * n
	A[4] += wn * u
	A[5] += wu * u
	B := &a.B[slot]
	B[0] += we
	B[1] += wn
	B[2] += wu
	a.C[slot] += w
	a.N[slot]++
}

// Unknowns returns the number of unknowns of the solution for the slots in
// set: 3 + 1 for ClockCommon (when any satellite is visible), 3 + the number
// of slots with at least one visible satellite for ClockPerSystem.
func (a *Accumulator) Unknowns(set SlotSet, clock ClockModel) int {
	nclk := 0
	for s := 0; s < MaxSystems; s++ {
		if set&(1<<s) != 0 && a.N[s] > 0 {
			nclk++
		}
	}
	if clock == ClockCommon && nclk > 0 {
		nclk = 1
	}
	return 3 + nclk
}

// Solve returns the DOP of the slots in set with the given clock model. TDOP
// is that of the first clock: for ClockPerSystem the lowest slot in set with
// at least one visible satellite, for ClockCommon the common clock. With
// ClockPerSystem a slot with a single visible satellite adds nothing to the
// position (its clock absorbs it; its term A_s − b_s b_sᵀ/c_s is exactly zero
// and is skipped). The DOP is unavailable (NaN) when fewer satellites are
// visible than there are unknowns, or when S is singular (see package doc).
func (a *Accumulator) Solve(set SlotSet, clock ClockModel) DOP {
	d := nanDOP
	n, nclk, first := 0, 0, -1
	for s := 0; s < MaxSystems; s++ {
		if set&(1<<s) == 0 || a.N[s] == 0 {
			continue
		}
		n += a.N[s]
		nclk++
		if first < 0 {
			first = s
		}
	}
	d.NVisible = n
	if a.bad || clock > ClockCommon || n == 0 {
		return d
	}
	if clock == ClockCommon {
		nclk = 1
	}
	if n < 3+nclk {
		return d
	}
	var S [6]float64
	var bsum [3]float64
	var csum float64
	if clock == ClockCommon {
		var Asum [6]float64
		for s := 0; s < MaxSystems; s++ {
			if set&(1<<s) == 0 || a.N[s] == 0 {
				continue
			}
			for k := range Asum {
				Asum[k] += a.A[s][k]
			}
			for k := range bsum {
				bsum[k] += a.B[s][k]
			}
			csum += a.C[s]
		}
		S = schur(&Asum, &bsum, csum)
	} else {
		for s := 0; s < MaxSystems; s++ {
			if set&(1<<s) == 0 || a.N[s] < 2 {
				continue
			}
			Ss := schur(&a.A[s], &a.B[s], a.C[s])
			for k := range S {
				S[k] += Ss[k]
			}
		}
	}
	Q, ok := invSym3(&S)
	if !ok {
		return d
	}
	trPos := Q[0] + Q[3] + Q[5]
	var tdop2, clk2 float64
	if clock == ClockCommon {
		tdop2 = clockVar(&Q, &bsum, csum)
		clk2 = tdop2
	} else {
		for s := 0; s < MaxSystems; s++ {
			if set&(1<<s) == 0 || a.N[s] == 0 {
				continue
			}
			v := clockVar(&Q, &a.B[s], a.C[s])
			if s == first {
				tdop2 = v
			}
			clk2 += v
		}
	}
	d.GDOP = math.Sqrt(trPos + clk2)
	d.PDOP = math.Sqrt(trPos)
	d.HDOP = math.Sqrt(Q[0] + Q[3])
	d.VDOP = math.Sqrt(Q[5])
	d.TDOP = math.Sqrt(tdop2)
	if !isFinite(d.GDOP) || !isFinite(d.TDOP) {
		return nanDOP
	}
	d.NVisible = n
	d.Available = true
	return d
}

// SolveISB returns the DOP of the slots in set with a clock per slot and a
// prior on every inter-system bias: for each slot k with visible
// satellites other than the first (the reference r, the lowest such slot),
// the pseudo-observation c_k − c_r = 0 with weight p (1/σ² in the units of
// the satellites' weights). p = 0 is ClockPerSystem and p → ∞ tends to
// ClockCommon; in between the clocks are partly known.
//
// With the biases d_k = c_k − c_r as unknowns, system k's rows are
// [−eᵀ, 1, 1_k] and d_k has the diagonal information c_k + p, so it is
// eliminated in closed form: the reduced normal matrix of (position, c_r) is
//
//	M_pp = ΣA − Σ_k b_k b_kᵀ/(c_k+p),  b' = b_r + Σ_k b_k·p/(c_k+p),  c' = c_r + Σ_k c_k·p/(c_k+p)
//
// (off-diagonal −b'), numerically stable for any p ≥ 0, and S = M_pp −
// b' b'ᵀ/c'. PDOP, HDOP, VDOP come from S⁻¹ and TDOP is the reference
// clock's; GDOP counts every system's clock, as ClockPerSystem does:
// √(trace Q_pos + Σ_k var c_k). As p → ∞ PDOP, HDOP, VDOP and TDOP tend to
// ClockCommon's and GDOP to √(PDOP² + m·TDOP²) for m systems (not the
// common clock's √(PDOP² + TDOP²)). The DOP is unavailable when fewer than
// 4 satellites are visible (with p = 0: fewer than 3 + clocks), for a
// negative or NaN p, or when S is singular.
func (a *Accumulator) SolveISB(set SlotSet, p float64) DOP {
	d := nanDOP
	n, nclk, ref := 0, 0, -1
	for s := 0; s < MaxSystems; s++ {
		if set&(1<<s) == 0 || a.N[s] == 0 {
			continue
		}
		n += a.N[s]
		nclk++
		if ref < 0 {
			ref = s
		}
	}
	d.NVisible = n
	if a.bad || !(p >= 0) || n == 0 {
		return d
	}
	if n < 4 || (p == 0 && n < 3+nclk) {
		return d
	}
	var M [6]float64
	bp := a.B[ref]
	cp := a.C[ref]
	for s := 0; s < MaxSystems; s++ {
		if set&(1<<s) == 0 || a.N[s] == 0 {
			continue
		}
		A := &a.A[s]
		for k := range M {
			M[k] += A[k]
		}
		if s == ref {
			continue
		}
		b, c := &a.B[s], a.C[s]
		id := 1 / (c + p)
		f := p * id // p/(c+p), in [0, 1)
		if math.IsInf(p, 1) {
			id, f = 0, 1
		}
		M[0] -= b[0] * b[0] * id
		M[1] -= b[0] * b[1] * id
		M[2] -= b[0] * b[2] * id
		M[3] -= b[1] * b[1] * id
		M[4] -= b[1] * b[2] * id
		M[5] -= b[2] * b[2] * id
		bp[0] += b[0] * f
		bp[1] += b[1] * f
		bp[2] += b[2] * f
		cp += c * f
	}
	S := schur(&M, &bp, cp)
	Q, ok := invSym3(&S)
	if !ok {
		return d
	}
	trPos := Q[0] + Q[3] + Q[5]
	// Reference clock: var c_r = 1/c' + gᵀQg, cov(pos, c_r) = Q g, g = b'/c'.
	ic := 1 / cp
	g := [3]float64{bp[0] * ic, bp[1] * ic, bp[2] * ic}
	Qg := symMul(&Q, g)
	varRef := ic + g[0]*Qg[0] + g[1]*Qg[1] + g[2]*Qg[2]
	clk2 := varRef
	for s := 0; s < MaxSystems; s++ {
		if s == ref || set&(1<<s) == 0 || a.N[s] == 0 {
			continue
		}
		// d_k = (h_kᵀ u − …)/(c_k+p) with h_k = [−b_k; c_k] the coupling of
		// d_k to u = (pos, c_r): var d_k = 1/D + h_kᵀ Q_uu h_k / D²,
		// cov(c_r, d_k) = −(Q_uu h_k)_c / D, var c_k = var c_r + var d_k +
		// 2 cov(c_r, d_k).
		b, c := &a.B[s], a.C[s]
		D := c + p
		if math.IsInf(p, 1) {
			clk2 += varRef // d_k = 0 exactly: var c_k = var c_r
			continue
		}
		// Q_uu h: position part Q(−b) + (Qg)c, clock part (Qg)ᵀ(−b) + varRef·c.
		Qb := symMul(&Q, *b)
		hp := [3]float64{-Qb[0] + Qg[0]*c, -Qb[1] + Qg[1]*c, -Qb[2] + Qg[2]*c}
		hc := -(Qg[0]*b[0] + Qg[1]*b[1] + Qg[2]*b[2]) + varRef*c
		hQh := -(b[0]*hp[0] + b[1]*hp[1] + b[2]*hp[2]) + c*hc
		varD := 1/D + hQh/(D*D)
		cov := -hc / D
		clk2 += varRef + varD + 2*cov
	}
	d.GDOP = math.Sqrt(trPos + clk2)
	d.PDOP = math.Sqrt(trPos)
	d.HDOP = math.Sqrt(Q[0] + Q[3])
	d.VDOP = math.Sqrt(Q[5])
	d.TDOP = math.Sqrt(varRef)
	if !isFinite(d.GDOP) || !isFinite(d.TDOP) {
		return nanDOP
	}
	d.NVisible = n
	d.Available = true
	return d
}

// symMul returns Q v for symmetric Q given by its unique entries.
func symMul(Q *[6]float64, v [3]float64) [3]float64 {
	return [3]float64{
		Q[0]*v[0] + Q[1]*v[1] + Q[2]*v[2],
		Q[1]*v[0] + Q[3]*v[1] + Q[4]*v[2],
		Q[2]*v[0] + Q[4]*v[1] + Q[5]*v[2],
	}
}

// schur returns the unique entries of A − b bᵀ/c.
func schur(A *[6]float64, b *[3]float64, c float64) [6]float64 {
	ic := 1 / c
	g0, g1, g2 := b[0]*ic, b[1]*ic, b[2]*ic
	return [6]float64{
		A[0] - b[0]*g0,
		A[1] - b[0]*g1,
		A[2] - b[0]*g2,
		A[3] - b[1]*g1,
		A[4] - b[1]*g2,
		A[5] - b[2]*g2,
	}
}

// clockVar returns Q_tt = 1/c + gᵀ Q g with g = b/c, for symmetric Q given
// by its unique entries.
func clockVar(Q *[6]float64, b *[3]float64, c float64) float64 {
	ic := 1 / c
	g0, g1, g2 := b[0]*ic, b[1]*ic, b[2]*ic
	return ic + Q[0]*g0*g0 + Q[3]*g1*g1 + Q[5]*g2*g2 +
		2*(Q[1]*g0*g1+Q[2]*g0*g2+Q[4]*g1*g2)
}

// invSym3 inverts the symmetric 3×3 matrix S given by its unique entries
// (xx, xy, xz, yy, yz, zz) by cofactors. It reports false when S is singular
// for DOP purposes (see singular3).
func invSym3(S *[6]float64) ([6]float64, bool) {
	a, b, c, d, e, f := S[0], S[1], S[2], S[3], S[4], S[5]
	c00 := d*f - e*e
	c01 := c*e - b*f
	c02 := b*e - c*d
	c11 := a*f - c*c
	c12 := b*c - a*e
	c22 := a*d - b*b
	det := a*c00 + b*c01 + c*c02
	if singular3(a, b, c, d, e, f, c00, c01, c02, c11, c12, c22, det) {
		return [6]float64{}, false
	}
	id := 1 / det
	return [6]float64{c00 * id, c01 * id, c02 * id, c11 * id, c12 * id, c22 * id}, true
}

// singular3 reports whether the symmetric matrix S = (a b c; b d e; c e f),
// with cofactors cij and determinant det, is singular for DOP purposes:
// det or a diagonal entry of S or of its adjugate not positive, any NaN, or
// a reciprocal 1-norm condition number 1/(‖S‖₁‖S⁻¹‖₁) = det/(‖S‖₁‖adj S‖₁)
// below minRCond.
func singular3(a, b, c, d, e, f, c00, c01, c02, c11, c12, c22, det float64) bool {
	if !(det > 0 && a > 0 && d > 0 && f > 0 && c00 > 0 && c11 > 0 && c22 > 0) {
		return true
	}
	// 1-norms: maximum absolute column sums (the diagonals are positive).
	ab, ac, ae := math.Abs(b), math.Abs(c), math.Abs(e)
	nS := max(a+ab+ac, ab+d+ae, ac+ae+f)
	a01, a02, a12 := math.Abs(c01), math.Abs(c02), math.Abs(c12)
	nA := max(c00+a01+a02, a01+c11+a12, a02+a12+c22)
	return !(det >= minRCond*nS*nA)
}

// pdopSym3 returns √trace(S⁻¹) = √(trace(adj S)/det S) for the symmetric
// S = (a b c; b d e; c e f), or NaN when S is singular (see singular3).
//
// The float64(...) conversions forbid fused multiply-adds, so that the
// vector kernel (pdopRow) and every GOAMD64 level give the same bits.
func pdopSym3(a, b, c, d, e, f float64) float64 {
	c00 := float64(d*f) - float64(e*e)
	c01 := float64(c*e) - float64(b*f)
	c02 := float64(b*e) - float64(c*d)
	c11 := float64(a*f) - float64(c*c)
	c12 := float64(b*c) - float64(a*e)
	c22 := float64(a*d) - float64(b*b)
	det := float64(a*c00) + float64(b*c01) + float64(c*c02)
	if singular3(a, b, c, d, e, f, c00, c01, c02, c11, c12, c22, det) {
		return math.NaN()
	}
	return math.Sqrt((c00 + c11 + c22) / det)
}
