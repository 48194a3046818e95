package accuracy

import (
	"math"

	"github.com/gnssim/gnssim/orbit"
)

// The RAC frame of source a at epoch j is built from a's position r at j
// and its inertial velocity v, expressed in the Earth-fixed axes of epoch
// j: v is the derivative at j of the Lagrange polynomial through a's
// positions at the longest run of consecutive epochs j−2 … j+2 that
// contains j and has no NaN (five points in the interior of a continuous
// arc; four, three or two next to a gap or at the ends of the period),
// each rotated about the z axis by ω⊕·(t − t_j) so that the Earth's
// rotation since epoch j is undone. In that quasi-inertial frame every
// position, hence every derivative and every stencil's estimate of v, of
// a Keplerian orbit lies in the orbital plane, so ĥ = (r × v)/|r × v| is
// exact whatever the stencil, and so is â = ĥ × r̂, which depends on v
// only through ĥ: the stencil's error changes only the length and the
// in-plane direction of v, which the frame does not use. What remains is
// the motion of the plane under perturbations over ±2 steps and the
// rotation of the axes by precession, nutation and polar motion, both far
// smaller. (Differentiating the Earth-fixed positions and adding ω⊕ × r
// instead, the first version of this code, tilted ĥ by up to 3e-5 rad in
// the interior of an arc and 1e-3 rad at its ends at a 5- to 15-min step,
// as TestRACClosedForm showed; the Earth-fixed velocity alone would leave
// a geostationary satellite with almost no velocity.)

// ringLen is the number of epochs a pair keeps: the epoch being finalised
// and two on each side.
const ringLen = 5

// stencils[lo+2][hi] are the weights w_o (o = lo … hi, stored at index
// o+2) of the derivative at 0 of the Lagrange polynomial through the
// integer nodes lo … hi, for lo ∈ {−2, −1, 0}, hi ∈ {0, 1, 2}, hi > lo:
// dr/dt(0) ≈ Σ w_o r(o·h) / h.
var stencils = func() (s [3][3][ringLen]float64) {
	for lo := -2; lo <= 0; lo++ {
		for hi := 0; hi <= 2; hi++ {
			if hi == lo {
				continue
			}
			for j := lo; j <= hi; j++ {
				// l_j'(0) = Σ_{m≠j} 1/(j−m) · Π_{n≠j,m} (0−n)/(j−n)
				var d float64
				for m := lo; m <= hi; m++ {
					if m == j {
						continue
					}
					t := 1 / float64(j-m)
					for n := lo; n <= hi; n++ {
						if n != j && n != m {
							t *= float64(-n) / float64(j-n)
						}
					}
					d += t
				}
				s[lo+2][hi][j+2] = d
			}
		}
	}
	return s
}()

// omegaE is the Earth's inertial rotation rate (rad/s).
const omegaE = orbit.EarthRotationRateRadPerSec

// racSplit splits the difference d = (dx, dy, dz) into its components
// along r̂ = p/|p|, â = ĥ × r̂ and ĥ = (p × v)/|p × v|, for a position p
// (km) with inertial velocity v (same axes). It also returns |p| and ĥ_z
// (the cosine of the inclination), and false when the frame is degenerate:
// a zero or non-finite position, or |p × v| below 1e-12 of |p||v| (a
// velocity zero or along the position). Scalars, not arrays, so that the
// arguments travel in registers.
func racSplit(px, py, pz, vx, vy, vz, dx, dy, dz float64) (r, a, c, radius, hz float64, ok bool) {
	r2 := px*px + py*py + pz*pz
	hx, hy, hzz := py*vz-pz*vy, pz*vx-px*vz, px*vy-py*vx
	h2 := hx*hx + hy*hy + hzz*hzz
	v2 := vx*vx + vy*vy + vz*vz
	if !(r2 > 0) || r2 > math.MaxFloat64 || !(h2 > 1e-24*r2*v2) || h2 > math.MaxFloat64 {
		return 0, 0, 0, 0, 0, false
	}
	radius = math.Sqrt(r2)
	ir, ih := 1/radius, 1/math.Sqrt(h2)
	// â·d = (ĥ × r̂)·d = (h × p)·d / (|h||p|)
	ax, ay, az := hy*pz-hzz*py, hzz*px-hx*pz, hx*py-hy*px
	r = (dx*px + dy*py + dz*pz) * ir
	c = (dx*hx + dy*hy + dz*hzz) * ih
	a = (dx*ax + dy*ay + dz*az) * ir * ih
	return r, a, c, radius, hzz * ih, true
}
