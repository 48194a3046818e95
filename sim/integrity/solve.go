package integrity

import "math"

// maxConst is the largest number of constellations in one geometry (the
// systems of package ephemeris).
const maxConst = 8

// accum holds, for the satellites of one constellation, the weighted sums
// Σ w·u·uᵀ (six unique entries), Σ w·u and Σ w of the position part u of the
// design-matrix rows (u = −e, e the unit line of sight).
type accum struct {
	xx, xy, xz, yy, yz, zz float64
	bx, by, bz             float64
	d                      float64
}

func (a *accum) add(u *[3]float64, w float64) {
	wx, wy, wz := w*u[0], w*u[1], w*u[2]
	a.xx += wx * u[0]
	a.xy += wx * u[1]
	a.xz += wx * u[2]
	a.yy += wy * u[1]
	a.yz += wy * u[2]
	a.zz += wz * u[2]
	a.bx += wx
	a.by += wy
	a.bz += wz
	a.d += w
}

func (a *accum) sub(u *[3]float64, w float64) {
	wx, wy, wz := w*u[0], w*u[1], w*u[2]
	a.xx -= wx * u[0]
	a.xy -= wx * u[1]
	a.xz -= wx * u[2]
	a.yy -= wy * u[1]
	a.yz -= wy * u[2]
	a.zz -= wz * u[2]
	a.bx -= wx
	a.by -= wy
	a.bz -= wz
	a.d -= w
}

// quad returns Σ_i v_i·(a·u_i − c)² over the satellites summed in acc (whose
// weights are v): aᵀ(Σ v u uᵀ)a − 2c·a·(Σ v u) + c²·Σ v.
func (acc *accum) quad(a *[3]float64, c float64) float64 {
	x, y, z := a[0], a[1], a[2]
	q := acc.xx*x*x + acc.yy*y*y + acc.zz*z*z + 2*(acc.xy*x*y+acc.xz*x*z+acc.yz*y*z)
	l := acc.bx*x + acc.by*y + acc.bz*z
	return q - 2*c*l + c*c*acc.d
}

// addQuad3 adds acc.quad(E row q, c[q]) to s[q] for the three rows of E.
func (acc *accum) addQuad3(E *[9]float64, c, s *[3]float64) {
	axx, ayy, azz, axy, axz, ayz := acc.xx, acc.yy, acc.zz, acc.xy, acc.xz, acc.yz
	bx, by, bz, d := acc.bx, acc.by, acc.bz, acc.d
	for q := 0; q < 3; q++ {
		x, y, z := E[3*q], E[3*q+1], E[3*q+2]
		v := axx*x*x + ayy*y*y + azz*z*z + 2*(axy*x*y+axz*x*z+ayz*y*z)
		l := bx*x + by*y + bz*z
		cq := c[q]
		s[q] += v - 2*cq*l + cq*cq*d
	}
}

// estimator is the weighted least-squares position estimator of one subset
// with the clocks eliminated (Schur complement of the clock block).
//
// With per-constellation sums A_j = Σ w u uᵀ, b_j = Σ w u, D_j = Σ w and the
// inter-system-bias prior (pseudo-observation c_j − c_0 = 0 with variance
// σ², j ≥ 1, constellation 0 the reference), eliminating c_j (j ≥ 1) and then
// c_0 gives the position information matrix
//
//	M = Σ_j A_j − Σ_{j≥1} κ_j b_j b_jᵀ − b_t b_tᵀ/D_t,
//	κ_j = 1/(D_j + 1/σ²), α_j = 1/(1 + D_j σ²),
//	b_t = b_0 + Σ_{j≥1} α_j b_j,  D_t = D_0 + Σ_{j≥1} α_j D_j,
//
// and the estimator x̂ = Σ_i w_i R (u_i − t_j(i)) y_i with R = M⁻¹ and
// t_0 = b_t/D_t, t_j = κ_j b_j + α_j b_t/D_t. The prior row of constellation
// j enters with the column π_j = −α_j R (b_j − D_j b_t/D_t) and variance σ².
// σ = 0 gives κ = 0, α = 1 (one common clock); σ = +Inf gives κ_j = 1/D_j,
// α = 0 (a clock per constellation): both limits are exact in IEEE
// arithmetic, and no quantity grows without bound as σ → 0 or ∞.
// Constellations with D_j = 0 (no satellite in the subset) are left out.
type estimator struct {
	R       [9]float64           // M⁻¹, row-major, symmetric
	t       [maxConst][3]float64 // t_j
	pi      [maxConst][3]float64 // π_j (zero unless 0 < σ < ∞)
	present uint16               // constellations with D_j > 0
}

// solve computes the estimator from the per-constellation sums acc[:nc]
// (weights w = 1/σ²_int) and the ISB prior variance isb2 ∈ [0, +Inf]. It
// reports false when the position information matrix is singular or
// ill-conditioned (reciprocal 1-norm condition number below 1e-12, or not
// positive definite).
func (e *estimator) solve(acc *[maxConst]accum, nc int, isb2 float64) bool {
	var m [6]float64 // xx xy xz yy yz zz
	var bt [3]float64
	var dt float64
	var kap, alp [maxConst]float64
	e.present = 0
	for j := 0; j < nc; j++ {
		a := &acc[j]
		if !(a.d > 0) {
			continue
		}
		e.present |= 1 << j
		m[0] += a.xx
		m[1] += a.xy
		m[2] += a.xz
		m[3] += a.yy
		m[4] += a.yz
		m[5] += a.zz
		if j == 0 {
			bt = [3]float64{a.bx, a.by, a.bz}
			dt = a.d
			kap[0], alp[0] = 0, 1
			continue
		}
		var k, al float64
		switch {
		case math.IsInf(isb2, 1): // clock per constellation
			k, al = 1/a.d, 0
		case isb2 == 0: // common clock
			k, al = 0, 1
		default:
			k, al = 1/(a.d+1/isb2), 1/(1+a.d*isb2)
		}
		kap[j], alp[j] = k, al
		if k != 0 {
			m[0] -= k * a.bx * a.bx
			m[1] -= k * a.bx * a.by
			m[2] -= k * a.bx * a.bz
			m[3] -= k * a.by * a.by
			m[4] -= k * a.by * a.bz
			m[5] -= k * a.bz * a.bz
		}
		if al != 0 {
			bt[0] += al * a.bx
			bt[1] += al * a.by
			bt[2] += al * a.bz
			dt += al * a.d
		}
	}
	var mt [3]float64 // b_t/D_t
	if dt > 0 {
		id := 1 / dt
		mt = [3]float64{bt[0] * id, bt[1] * id, bt[2] * id}
		m[0] -= bt[0] * mt[0]
		m[1] -= bt[0] * mt[1]
		m[2] -= bt[0] * mt[2]
		m[3] -= bt[1] * mt[1]
		m[4] -= bt[1] * mt[2]
		m[5] -= bt[2] * mt[2]
	}
	if !invSym3(&m, &e.R) {
		return false
	}
	pseudo := isb2 > 0 && !math.IsInf(isb2, 1)
	for j := 0; j < nc; j++ {
		if e.present&(1<<j) == 0 {
			e.t[j] = [3]float64{}
			e.pi[j] = [3]float64{}
			continue
		}
		a := &acc[j]
		if j == 0 {
			e.t[0] = mt
		} else {
			k, al := kap[j], alp[j]
			e.t[j] = [3]float64{k*a.bx + al*mt[0], k*a.by + al*mt[1], k*a.bz + al*mt[2]}
		}
		if j == 0 || !pseudo {
			e.pi[j] = [3]float64{}
			continue
		}
		// π_j = −α_j R (b_j − D_j b_t/D_t)
		dx, dy, dz := a.bx-a.d*mt[0], a.by-a.d*mt[1], a.bz-a.d*mt[2]
		al := alp[j]
		R := &e.R
		e.pi[j] = [3]float64{
			-al * (R[0]*dx + R[1]*dy + R[2]*dz),
			-al * (R[3]*dx + R[4]*dy + R[5]*dz),
			-al * (R[6]*dx + R[7]*dy + R[8]*dz),
		}
	}
	return true
}

// column returns the estimator column of a satellite with design row position
// part u, weight w, in constellation j: w·R·(u − t_j).
func (e *estimator) column(u *[3]float64, w float64, j int) [3]float64 {
	t := &e.t[j]
	x, y, z := u[0]-t[0], u[1]-t[1], u[2]-t[2]
	R := &e.R
	return [3]float64{
		w * (R[0]*x + R[1]*y + R[2]*z),
		w * (R[3]*x + R[4]*y + R[5]*z),
		w * (R[6]*x + R[7]*y + R[8]*z),
	}
}

// rcondMin is the smallest reciprocal 1-norm condition number of the 3×3
// position information matrix accepted as non-singular (as in package sim).
const rcondMin = 1e-12

// invSym3 inverts the symmetric 3×3 matrix m (xx xy xz yy yz zz) into the
// full row-major r. It reports false when m is not positive definite or its
// reciprocal 1-norm condition number is below rcondMin.
func invSym3(m *[6]float64, r *[9]float64) bool {
	a, b, c, d, e, f := m[0], m[1], m[2], m[3], m[4], m[5]
	c00 := d*f - e*e
	c01 := c*e - b*f
	c02 := b*e - c*d
	c11 := a*f - c*c
	c12 := b*c - a*e
	c22 := a*d - b*b
	det := a*c00 + b*c01 + c*c02
	if !(a > 0 && d > 0 && f > 0 && c11 > 0 && c22 > 0 && c00 > 0 && det > 0) || math.IsInf(det, 0) {
		return false
	}
	id := 1 / det
	*r = [9]float64{c00 * id, c01 * id, c02 * id, c01 * id, c11 * id, c12 * id, c02 * id, c12 * id, c22 * id}
	n1 := max3(abs(a)+abs(b)+abs(c), abs(b)+abs(d)+abs(e), abs(c)+abs(e)+abs(f))
	i1 := max3(abs(r[0])+abs(r[1])+abs(r[2]), abs(r[3])+abs(r[4])+abs(r[5]), abs(r[6])+abs(r[7])+abs(r[8]))
	return 1/(n1*i1) >= rcondMin
}

// abs and max3 avoid math.Abs/math.Max's NaN and signed-zero handling in
// hot paths whose inputs are finite.
func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func max3(a, b, c float64) float64 {
	if b > a {
		a = b
	}
	if c > a {
		a = c
	}
	return a
}
