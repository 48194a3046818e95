package broadcast

import (
	"math"
	"testing"
	"time"

	"github.com/gnssim/gnssim/ephemeris/rinex"
)

// glonassRecords returns the GLONASS records of the real file.
func glonassRecords(tb testing.TB) []*rinex.GLONASSEph {
	var out []*rinex.GLONASSEph
	for _, r := range readESBC(tb).Records {
		if g, ok := r.(*rinex.GLONASSEph); ok {
			out = append(out, g)
		}
	}
	if len(out) != 510 {
		tb.Fatalf("%d GLONASS records, want 510", len(out))
	}
	return out
}

func state0(g *rinex.GLONASSEph) State { return State{Pos: g.Pos, Vel: g.Vel} }

// TestGLONASSForwardBack integrates every GLONASS record of the real file
// 15 min forward and back with the 60 s step: the start state comes back
// to better than 1 mm (measured 0.012 mm) and 1e-9 km/s.
func TestGLONASSForwardBack(t *testing.T) {
	worstP, worstV := 0.0, 0.0
	for _, g := range glonassRecords(t) {
		s0 := state0(g)
		h := DefaultGLONASSStep.Seconds()
		s := IntegrateGLONASS(IntegrateGLONASS(s0, g.Acc, 900, h), g.Acc, -900, h)
		worstP = max(worstP, dist(s.Pos, s0.Pos))
		worstV = max(worstV, dist(s.Vel, s0.Vel))
	}
	if worstP > 1e-6 || worstV > 1e-9 {
		t.Errorf("15 min forward and back: %.3g mm, %.3g km/s", worstP*1e6, worstV)
	}
	t.Logf("15 min forward and back: max %.3g mm, %.3g mm/s", worstP*1e6, worstV*1e6)
}

// TestGLONASSStepHalving compares the 60 s step with 30 s (h/2) and with a
// 1 s reference at ±15 min and at the 20 min the margin allows: RK4's
// error falls as h⁴ (the 60/30 s difference is ~16 times the 30 s error),
// and 60 s stays within 1 mm of the reference (measured 0.89 mm at
// 20 min, 0.4 mm at 15 min): the step size chosen for DefaultGLONASSStep.
func TestGLONASSStepHalving(t *testing.T) {
	var w60, w30, wHalving float64
	for _, g := range glonassRecords(t) {
		s0 := state0(g)
		for _, dt := range []float64{-900, 900, 1200} {
			ref := IntegrateGLONASS(s0, g.Acc, dt, 1)
			a := IntegrateGLONASS(s0, g.Acc, dt, 60)
			b := IntegrateGLONASS(s0, g.Acc, dt, 30)
			w60 = max(w60, dist(a.Pos, ref.Pos))
			w30 = max(w30, dist(b.Pos, ref.Pos))
			wHalving = max(wHalving, dist(a.Pos, b.Pos))
		}
	}
	if w60 > 1e-6 || wHalving > 1e-6 || w30 > w60/8 {
		t.Errorf("h=60 s: %.3g mm, h=30 s: %.3g mm from the 1 s reference; h vs h/2 %.3g mm", w60*1e6, w30*1e6, wHalving*1e6)
	}
	t.Logf("max over 510 records and ±15/20 min: h=60 s %.3g mm, h=30 s %.3g mm from h=1 s; h vs h/2 %.3g mm", w60*1e6, w30*1e6, wHalving*1e6)
}

// inertialDeriv is the same motion written in a non-rotating frame that
// coincides with PZ-90 at t_b (the formulation of GLONASS ICD edition 5.0):
// central term and J₂ (the z axis is shared), and the luni-solar
// acceleration, constant in PZ-90, rotated into the inertial frame at time
// τ after t_b. No centrifugal or Coriolis terms.
func inertialDeriv(s State, acc [3]float64, tau float64) State {
	x, y, z := s.Pos[0], s.Pos[1], s.Pos[2]
	r := math.Sqrt(x*x + y*y + z*z)
	mu := GLONASSGM / (r * r * r)
	j := 1.5 * GLONASSJ2 * GLONASSGM * GLONASSAe * GLONASSAe / math.Pow(r, 5)
	zz := 5 * z * z / (r * r)
	th := GLONASSOmegaE * tau
	ai := mulMV(rotZ(-th), acc) // Earth-fixed → inertial
	return State{Pos: s.Vel, Vel: [3]float64{
		-mu*x - j*x*(1-zz) + ai[0],
		-mu*y - j*y*(1-zz) + ai[1],
		-mu*z - j*z*(3-zz) + ai[2],
	}}
}

// integrateInertial converts the PZ-90 state to the inertial frame,
// integrates with classical RK4 at step h to dt, and converts back.
func integrateInertial(s0 State, acc [3]float64, dt, h float64) State {
	w := GLONASSOmegaE
	// v_inertial = v + ω × r at τ = 0 (frames coincide).
	s := State{Pos: s0.Pos, Vel: [3]float64{s0.Vel[0] - w*s0.Pos[1], s0.Vel[1] + w*s0.Pos[0], s0.Vel[2]}}
	n := int(math.Round(math.Abs(dt) / h))
	step := dt / float64(n)
	add := func(a, b State, f float64) State {
		for i := range 3 {
			a.Pos[i] += f * b.Pos[i]
			a.Vel[i] += f * b.Vel[i]
		}
		return a
	}
	tau := 0.0
	for range n {
		k1 := inertialDeriv(s, acc, tau)
		k2 := inertialDeriv(add(s, k1, step/2), acc, tau+step/2)
		k3 := inertialDeriv(add(s, k2, step/2), acc, tau+step/2)
		k4 := inertialDeriv(add(s, k3, step), acc, tau+step)
		s = add(s, k1, step/6)
		s = add(s, k2, step/3)
		s = add(s, k3, step/3)
		s = add(s, k4, step/6)
		tau += step
	}
	// Back to the Earth-fixed frame: r = R_Z(θ)·r_i, v = R_Z(θ)·v_i − ω × r.
	th := w * dt
	r := mulMV(rotZ(th), s.Pos)
	v := mulMV(rotZ(th), s.Vel)
	return State{Pos: r, Vel: [3]float64{v[0] + w*r[1], v[1] - w*r[0], v[2]}}
}

// TestGLONASSInertialFormulation: the Earth-fixed equations of GLONASS ICD
// ed. 5.1 (centrifugal and Coriolis terms) integrated with h = 60 s agree
// with the same motion integrated in an inertial frame with h = 1 s to
// better than 1 mm at ±15 min (an independent check of the signs and
// factors of the rotating-frame terms; a sign error would give kilometres).
func TestGLONASSInertialFormulation(t *testing.T) {
	worst := 0.0
	for i, g := range glonassRecords(t) {
		if i%5 != 0 {
			continue // a hundred records are plenty
		}
		for _, dt := range []float64{-900, 900} {
			a := IntegrateGLONASS(state0(g), g.Acc, dt, 60)
			b := integrateInertial(state0(g), g.Acc, dt, 1)
			worst = max(worst, dist(a.Pos, b.Pos))
		}
	}
	if worst > 1e-6 {
		t.Errorf("Earth-fixed vs inertial formulation: %.3g mm", worst*1e6)
	}
	t.Logf("Earth-fixed (h=60 s) vs inertial (h=1 s) formulation: max %.3g mm", worst*1e6)
}

// TestGlonassNodes: the cached nodes give, at any time of the span, the
// state of a direct integration to within the RK4 error (< 1 mm), and
// exactly the node states at multiples of h; outside the span the
// integration continues from the last node.
func TestGlonassNodes(t *testing.T) {
	g := glonassRecords(t)[0]
	gl := NewGlonass(g, 0, GLONASSHalfFit, GLONASSHalfFit+DefaultMargin)
	if gl.Step != 60 || len(gl.nodes) != 15+20+1 {
		t.Fatalf("step %v, %d nodes", gl.Step, len(gl.nodes))
	}
	if gl.StateAt(0) != state0(g) {
		t.Error("StateAt(0) is not the broadcast state")
	}
	worst := 0.0
	for dt := -900.0; dt <= 1200; dt += 7.5 {
		d := dist(gl.StateAt(dt).Pos, IntegrateGLONASS(state0(g), g.Acc, dt, 1).Pos)
		worst = max(worst, d)
	}
	if worst > 1e-6 {
		t.Errorf("nodes + partial step vs h=1 s integration: %.3g mm", worst*1e6)
	}
	for _, dt := range []float64{-1500, 1800} { // beyond the span
		if d := dist(gl.StateAt(dt).Pos, IntegrateGLONASS(state0(g), g.Acc, dt, 1).Pos); d > 1e-5 {
			t.Errorf("StateAt(%v) outside the span: %.3g mm from the reference", dt, d*1e6)
		}
	}
	// Dt counts SI seconds from t_b; the clock model of the ICD.
	tb := g.Epoch
	if got := gl.Dt(tb.Add(90 * time.Second)); got != 90 {
		t.Errorf("Dt = %v", got)
	}
	if got, want := gl.ClockOffset(tb.Add(100*time.Second)), -g.TauN()+g.GammaN*100; got != want {
		t.Errorf("clock offset %v, want %v", got, want)
	}
}

// TestGLONASSRadius: the integrated orbits of all records stay at the
// GLONASS orbit radius (25 510 km nominal, e ≈ 0.001: ±50 km) over ±15 min.
func TestGLONASSRadius(t *testing.T) {
	for _, g := range glonassRecords(t) {
		gl := NewGlonass(g, 0, GLONASSHalfFit, GLONASSHalfFit)
		for dt := -900.0; dt <= 900; dt += 300 {
			if r := norm(gl.StateAt(dt).Pos); math.Abs(r-25510) > 80 {
				t.Fatalf("%v line %d: radius %.1f km at t_b%+v s", g.Sat, g.Line, r, dt)
			}
		}
	}
}
