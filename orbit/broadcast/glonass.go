package broadcast

import (
	"math"
	"time"

	"github.com/gnssim/gnssim/ephemeris/rinex"
	"github.com/gnssim/gnssim/orbit"
)

// PZ-90 constants of the GLONASS ICD edition 5.1 (2008), as used by its
// Appendix A.3.1.2.
const (
	GLONASSGM     = 398600.4418   // km³/s², Earth's gravitational constant (incl. atmosphere)
	GLONASSAe     = 6378.136      // km, semi-major axis of the PZ-90 ellipsoid
	GLONASSOmegaE = 7.292115e-5   // rad/s, Earth rotation rate
	GLONASSJ2     = 1082625.75e-9 // second zonal harmonic J₂⁰ (−C₂₀)
)

// DefaultGLONASSStep is the Runge-Kutta step. With 60 s the 4th-order
// integration of ±15 min differs from a 30 s integration by less than a
// millimetre (TestGLONASSStepHalving measures it), far below the
// metre-level accuracy of the broadcast state itself.
const DefaultGLONASSStep = 60 * time.Second

// State is a GLONASS satellite state in PZ-90 (Earth-fixed), km and km/s.
type State struct {
	Pos [3]float64
	Vel [3]float64
}

// glonassDeriv returns the time derivative of a state under the equations
// of motion of GLONASS ICD ed. 5.1 Appendix A.3.1.2 (written in the
// rotating PZ-90 frame: central term, J₂, centrifugal and Coriolis terms,
// plus the broadcast luni-solar acceleration acc, constant over the
// interval).
func glonassDeriv(s *State, acc *[3]float64) State {
	x, y, z := s.Pos[0], s.Pos[1], s.Pos[2]
	r2 := x*x + y*y + z*z
	r := math.Sqrt(r2)
	gmr3 := GLONASSGM / (r2 * r)
	// (3/2)·J₂·μ·a_e²/r⁵
	j := 1.5 * GLONASSJ2 * GLONASSGM * GLONASSAe * GLONASSAe / (r2 * r2 * r)
	zz := 5 * z * z / r2
	w2 := GLONASSOmegaE * GLONASSOmegaE
	var d State
	d.Pos = s.Vel
	d.Vel[0] = -gmr3*x - j*x*(1-zz) + w2*x + 2*GLONASSOmegaE*s.Vel[1] + acc[0]
	d.Vel[1] = -gmr3*y - j*y*(1-zz) + w2*y - 2*GLONASSOmegaE*s.Vel[0] + acc[1]
	d.Vel[2] = -gmr3*z - j*z*(3-zz) + acc[2]
	return d
}

// rk4Step advances a state by h seconds with the classical 4th-order
// Runge-Kutta method (GLONASS ICD ed. 5.1 Appendix A.3.1.2 recommends
// 4th-order Runge-Kutta).
func rk4Step(s State, acc *[3]float64, h float64) State {
	add := func(a State, b State, f float64) State {
		for i := range 3 {
			a.Pos[i] += f * b.Pos[i]
			a.Vel[i] += f * b.Vel[i]
		}
		return a
	}
	k1 := glonassDeriv(&s, acc)
	s2 := add(s, k1, h/2)
	k2 := glonassDeriv(&s2, acc)
	s3 := add(s, k2, h/2)
	k3 := glonassDeriv(&s3, acc)
	s4 := add(s, k3, h)
	k4 := glonassDeriv(&s4, acc)
	for i := range 3 {
		s.Pos[i] += h / 6 * (k1.Pos[i] + 2*k2.Pos[i] + 2*k3.Pos[i] + k4.Pos[i])
		s.Vel[i] += h / 6 * (k1.Vel[i] + 2*k2.Vel[i] + 2*k3.Vel[i] + k4.Vel[i])
	}
	return s
}

// IntegrateGLONASS propagates a PZ-90 state by dt seconds (either sign)
// with RK4 steps of at most h seconds (h > 0): whole steps of h, then one
// shorter step for the remainder.
func IntegrateGLONASS(s State, acc [3]float64, dt, h float64) State {
	if h <= 0 {
		h = DefaultGLONASSStep.Seconds()
	}
	sign := 1.0
	if dt < 0 {
		sign = -1
	}
	n := int(math.Floor(math.Abs(dt) / h))
	for range n {
		s = rk4Step(s, &acc, sign*h)
	}
	if rem := dt - sign*float64(n)*h; rem != 0 {
		s = rk4Step(s, &acc, rem)
	}
	return s
}

// Glonass is a GLONASS FDMA ephemeris made ready for evaluation. At
// construction it integrates the equations of motion from t_b over the
// span it will be asked for and keeps the state at every step node
// (t_b + j·h); a position is then one Runge-Kutta step of less than h/2
// from the nearest node, so evaluating epoch after epoch never
// re-integrates from t_b. It is immutable and safe for concurrent use.
type Glonass struct {
	Rec  *rinex.GLONASSEph
	Step float64 // RK4 step h, s

	tbNs   int64 // t_b, UTC Unix nanoseconds
	tbLeap int   // TAI − UTC at t_b
	acc    [3]float64
	nodes  []State // nodes[j] is the state at t_b + (j − back)·h
	back   int
}

// NewGlonass prepares a GLONASS record, integrating nodes from t_b − before
// to t_b + after (both ≥ 0) with step h (0: DefaultGLONASSStep).
func NewGlonass(rec *rinex.GLONASSEph, h, before, after time.Duration) *Glonass {
	if h <= 0 {
		h = DefaultGLONASSStep
	}
	g := &Glonass{Rec: rec, Step: h.Seconds(), acc: rec.Acc}
	tb := rec.Epoch // UTC
	g.tbNs = tb.UnixNano()
	g.tbLeap = orbit.LeapSeconds(tb)
	nb := int(math.Ceil(before.Seconds() / g.Step))
	na := int(math.Ceil(after.Seconds() / g.Step))
	g.back = nb
	g.nodes = make([]State, nb+na+1)
	s0 := State{Pos: rec.Pos, Vel: rec.Vel}
	g.nodes[nb] = s0
	s := s0
	for j := nb + 1; j < len(g.nodes); j++ {
		s = rk4Step(s, &g.acc, g.Step)
		g.nodes[j] = s
	}
	s = s0
	for j := nb - 1; j >= 0; j-- {
		s = rk4Step(s, &g.acc, -g.Step)
		g.nodes[j] = s
	}
	return g
}

// StateAt returns the state dt seconds after t_b: one RK4 step from the
// nearest node inside the integrated span, or a continued integration from
// the span's end outside it.
func (g *Glonass) StateAt(dt float64) State {
	j := int(math.Round(dt/g.Step)) + g.back
	switch {
	case j < 0:
		return IntegrateGLONASS(g.nodes[0], g.acc, dt+float64(g.back)*g.Step, g.Step)
	case j >= len(g.nodes):
		last := len(g.nodes) - 1
		return IntegrateGLONASS(g.nodes[last], g.acc, dt-float64(last-g.back)*g.Step, g.Step)
	}
	rem := dt - float64(j-g.back)*g.Step
	if rem == 0 {
		return g.nodes[j]
	}
	return rk4Step(g.nodes[j], &g.acc, rem)
}

// Dt returns the time from t_b to the UTC instant t in SI seconds (TAI),
// so that a leap second in between counts.
func (g *Glonass) Dt(t time.Time) float64 {
	return g.dtAt(t.UnixNano(), orbit.LeapSeconds(t))
}

func (g *Glonass) dtAt(utcNs int64, leap int) float64 {
	return float64(utcNs-g.tbNs)*1e-9 + float64(leap-g.tbLeap)
}

// PositionKm returns the PZ-90 position in km at the UTC instant t. It
// does not check the fit interval; Source does.
func (g *Glonass) PositionKm(t time.Time) [3]float64 {
	return g.StateAt(g.Dt(t)).Pos
}

// ClockOffset returns the satellite clock offset −τ_n + γ_n·(t − t_b) (s)
// of the GLONASS ICD ed. 5.1 (τ_n, γ_n of the immediate information) at the
// UTC instant t.
func (g *Glonass) ClockOffset(t time.Time) float64 {
	return -g.Rec.TauN() + g.Rec.GammaN*g.Dt(t)
}
