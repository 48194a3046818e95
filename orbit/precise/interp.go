package precise

import (
	"fmt"
	"math"
	"time"

	"github.com/gnssim/gnssim/orbit"
)

// weights holds the Lagrange basis of one evaluation.
type weights struct {
	l  [MaxPoints]float64 // L_j(p)
	dl [MaxPoints]float64 // dL_j/dp (filled by derivWeights only)
}

// place converts a UTC instant into the fractional node index u.
func (s *Source) place(t time.Time) float64 {
	return float64(orbit.ToScale(t, s.scale).Sub(s.t0)) / s.hNs
}

// locate returns the window start and the local abscissa p ∈ [0, points−1]
// of the fractional node index u, or false outside [0, nodes−1] (no
// extrapolation; NaN u included).
func (s *Source) locate(u float64) (first int, p float64, ok bool) {
	if !(u >= 0 && u <= float64(s.nodes-1)) {
		return 0, 0, false
	}
	first = s.window(int(u))
	return first, u - float64(first), true
}

// posWeights fills w.l with the Lagrange basis of the nodes 0..points−1 at
// p: L_j(p) = Π_{m≠j}(p−m) / Π_{m≠j}(j−m), from prefix and suffix products
// (no division, so no special case near a node). At a node the basis is
// set to exactly 0 and 1, so tabulated values are reproduced bit for bit.
func (s *Source) posWeights(p float64, w *weights) {
	n := s.points
	if j := int(p); float64(j) == p {
		for m := 0; m < n; m++ {
			w.l[m] = 0
		}
		w.l[j] = 1
		return
	}
	var left [MaxPoints]float64
	acc := 1.0
	for j := 0; j < n; j++ {
		left[j] = acc
		acc *= p - float64(j)
	}
	acc = 1.0
	for j := n - 1; j >= 0; j-- {
		w.l[j] = left[j] * acc * s.invDen[j]
		acc *= p - float64(j)
	}
}

// derivWeights fills w.l and w.dl (derivatives with respect to p) by the
// product rule carried through the prefix and suffix products.
func (s *Source) derivWeights(p float64, w *weights) {
	n := s.points
	var left, dleft [MaxPoints]float64
	acc, dacc := 1.0, 0.0
	for j := 0; j < n; j++ {
		left[j], dleft[j] = acc, dacc
		f := p - float64(j)
		acc, dacc = acc*f, dacc*f+acc
	}
	acc, dacc = 1.0, 0.0
	for j := n - 1; j >= 0; j-- {
		w.dl[j] = (dleft[j]*acc + left[j]*dacc) * s.invDen[j]
		f := p - float64(j)
		acc, dacc = acc*f, dacc*f+acc
	}
	s.posWeights(p, w)
}

// eval returns Σ c_j x_j over the window of satellite sat for the basis c.
func (s *Source) eval(sat, first int, c *[MaxPoints]float64) (x, y, z float64) {
	v := s.pos[(sat*s.nodes+first)*3:][:3*s.points]
	for j := 0; j < s.points; j++ {
		cj := c[j]
		x += cj * v[3*j]
		y += cj * v[3*j+1]
		z += cj * v[3*j+2]
	}
	return x, y, z
}

// Position returns the ECEF position (km) of satellite sat (an index into
// Satellites) at the UTC instant t, and whether it is available: false,
// with NaN coordinates, outside the span or in a gap.
func (s *Source) Position(sat int, t time.Time) ([3]float64, bool) {
	nan := math.NaN()
	out := [3]float64{nan, nan, nan}
	if sat < 0 || sat >= len(s.sats) {
		return out, false
	}
	first, p, ok := s.locate(s.place(t))
	if !ok {
		return out, false
	}
	var w weights
	s.posWeights(p, &w)
	x, y, z := s.eval(sat, first, &w.l)
	out = [3]float64{x, y, z}
	return out, !math.IsNaN(x + y + z)
}

// State returns the ECEF position (km) and velocity (km/s, the time
// derivative of the interpolating polynomial, i.e. Earth-fixed velocity) of
// satellite sat at the UTC instant t, and whether they are available.
func (s *Source) State(sat int, t time.Time) (pos, vel [3]float64, ok bool) {
	nan := math.NaN()
	pos = [3]float64{nan, nan, nan}
	vel = pos
	if sat < 0 || sat >= len(s.sats) {
		return pos, vel, false
	}
	first, p, ok := s.locate(s.place(t))
	if !ok {
		return pos, vel, false
	}
	var w weights
	s.derivWeights(p, &w)
	x, y, z := s.eval(sat, first, &w.l)
	vx, vy, vz := s.eval(sat, first, &w.dl)
	pos = [3]float64{x, y, z}
	vel = [3]float64{vx / s.hSec, vy / s.hSec, vz / s.hSec}
	return pos, vel, !math.IsNaN(x + y + z + vx + vy + vz)
}

// gridPlacer yields the fractional node index of each epoch of a grid:
// arithmetic on the first epoch's offset when the grid's conversion to the
// files' scale has one leap-second offset throughout (the usual case), a
// conversion per epoch otherwise.
type gridPlacer struct {
	s       *Source
	grid    orbit.EpochGrid
	uniform bool
	off0    float64 // ns from node 0 to the first epoch
	step    float64 // ns
}

func (s *Source) placer(grid orbit.EpochGrid) gridPlacer {
	g := gridPlacer{s: s, grid: grid}
	if grid.N == 0 {
		return g
	}
	last := grid.Time(grid.N - 1)
	g.uniform = s.scale == orbit.UTC || orbit.LeapSeconds(grid.Start) == orbit.LeapSeconds(last)
	g.off0 = float64(orbit.ToScale(grid.Start, s.scale).Sub(s.t0))
	g.step = float64(grid.Step)
	return g
}

func (g *gridPlacer) u(k int) float64 {
	if g.uniform {
		// Exact integers at tabulated epochs while the offsets stay below
		// 2⁵³ ns (104 days), and sub-nanosecond otherwise.
		return (g.off0 + float64(k)*g.step) / g.s.hNs
	}
	return g.s.place(g.grid.Time(k))
}

// FillGrid writes the positions (km) of satellite sat at the epochs of grid
// into x[k], y[k], z[k] (k < grid.N), NaN where unavailable, and returns the
// number of epochs with a position. It does not allocate.
func (s *Source) FillGrid(sat int, grid orbit.EpochGrid, x, y, z []float64) (int, error) {
	if err := grid.Validate(); err != nil {
		return 0, fmt.Errorf("precise: %w", err)
	}
	if sat < 0 || sat >= len(s.sats) {
		return 0, fmt.Errorf("precise: satellite index %d out of range [0, %d)", sat, len(s.sats))
	}
	if len(x) < grid.N || len(y) < grid.N || len(z) < grid.N {
		return 0, fmt.Errorf("precise: destination slices (%d, %d, %d) shorter than the grid (%d)", len(x), len(y), len(z), grid.N)
	}
	g := s.placer(grid)
	nan := math.NaN()
	var w weights
	n := 0
	for k := 0; k < grid.N; k++ {
		first, p, ok := s.locate(g.u(k))
		if !ok {
			x[k], y[k], z[k] = nan, nan, nan
			continue
		}
		s.posWeights(p, &w)
		x[k], y[k], z[k] = s.eval(sat, first, &w.l)
		if !math.IsNaN(x[k] + y[k] + z[k]) {
			n++
		}
	}
	return n, nil
}

// FillBatch fills dst with the satellites sats (indices into Satellites) at
// the epochs of grid: row i of dst is sats[i]. Positions are km, velocities
// (when dst has velocity arrays) km/s; an unavailable element has NaN
// values and Status orbit.StatusNotFinite, an available one StatusOK. The
// interpolation weights are computed once per epoch for all satellites. It
// does not allocate.
func (s *Source) FillBatch(dst *orbit.Batch, sats []int, grid orbit.EpochGrid) error {
	if err := grid.Validate(); err != nil {
		return fmt.Errorf("precise: %w", err)
	}
	if dst == nil {
		return fmt.Errorf("precise: nil destination batch")
	}
	if dst.NSat != len(sats) || dst.NEpoch != grid.N {
		return fmt.Errorf("precise: destination is %d satellites × %d epochs, want %d × %d", dst.NSat, dst.NEpoch, len(sats), grid.N)
	}
	n := len(sats) * grid.N
	if len(dst.X) != n || len(dst.Y) != n || len(dst.Z) != n || len(dst.Status) != n {
		return fmt.Errorf("precise: destination arrays must have length %d", n)
	}
	withVel := dst.VX != nil || dst.VY != nil || dst.VZ != nil
	if withVel && (len(dst.VX) != n || len(dst.VY) != n || len(dst.VZ) != n) {
		return fmt.Errorf("precise: velocity arrays must all have length %d or all be nil", n)
	}
	for i, sat := range sats {
		if sat < 0 || sat >= len(s.sats) {
			return fmt.Errorf("precise: sats[%d] = %d out of range [0, %d)", i, sat, len(s.sats))
		}
	}
	g := s.placer(grid)
	nan := math.NaN()
	var w weights
	N := grid.N
	for k := 0; k < N; k++ {
		first, p, ok := s.locate(g.u(k))
		if !ok {
			for i := range sats {
				e := i*N + k
				dst.X[e], dst.Y[e], dst.Z[e], dst.Status[e] = nan, nan, nan, orbit.StatusNotFinite
				if withVel {
					dst.VX[e], dst.VY[e], dst.VZ[e] = nan, nan, nan
				}
			}
			continue
		}
		if withVel {
			s.derivWeights(p, &w)
		} else {
			s.posWeights(p, &w)
		}
		for i, sat := range sats {
			e := i*N + k
			x, y, z := s.eval(sat, first, &w.l)
			dst.X[e], dst.Y[e], dst.Z[e] = x, y, z
			sum := x + y + z
			if withVel {
				vx, vy, vz := s.eval(sat, first, &w.dl)
				dst.VX[e], dst.VY[e], dst.VZ[e] = vx/s.hSec, vy/s.hSec, vz/s.hSec
				sum += vx + vy + vz
			}
			if math.IsNaN(sum) {
				dst.Status[e] = orbit.StatusNotFinite
			} else {
				dst.Status[e] = orbit.StatusOK
			}
		}
	}
	return nil
}
