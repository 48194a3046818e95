package orbit

import (
	"math"
	"testing"
)

// The reference for OsculatingElements is tcppver.out itself: its element
// columns (a, e, i, Ω, ω, ν, M from Vallado's rv2coe) are compared as
// printed text in TestSGP4VerificationVallado. The tests here check the
// special cases and the inverse relation with a state built from known
// elements.

const testMu = 398600.8 // WGS-72 μ, km³/s² (Vallado's getgravconst)

// coe2rvTest builds a state from elements (perifocal frame rotated by
// R3(-Ω) R1(-i) R3(-ω)), an independent inverse for the round trip.
func coe2rvTest(p, e, i, raan, argp, nu, mu float64) (r, v [3]float64) {
	sn, cn := math.Sincos(nu)
	rp := [3]float64{p * cn / (1 + e*cn), p * sn / (1 + e*cn), 0}
	vp := [3]float64{-math.Sqrt(mu/p) * sn, math.Sqrt(mu/p) * (e + cn), 0}
	so, co := math.Sincos(raan)
	si, ci := math.Sincos(i)
	sw, cw := math.Sincos(argp)
	m := [3][3]float64{
		{co*cw - so*sw*ci, -co*sw - so*cw*ci, so * si},
		{so*cw + co*sw*ci, -so*sw + co*cw*ci, -co * si},
		{sw * si, cw * si, ci},
	}
	for k := 0; k < 3; k++ {
		r[k] = m[k][0]*rp[0] + m[k][1]*rp[1]
		v[k] = m[k][0]*vp[0] + m[k][1]*vp[1]
	}
	return r, v
}

// angleDiff is the difference of two angles wrapped to (-π, π].
func angleDiff(a, b float64) float64 {
	d := math.Mod(a-b, 2*math.Pi)
	if d > math.Pi {
		d -= 2 * math.Pi
	} else if d <= -math.Pi {
		d += 2 * math.Pi
	}
	return d
}

func TestOsculatingElementsRoundTrip(t *testing.T) {
	deg := math.Pi / 180
	tests := []struct {
		name                    string
		a, e, i, raan, argp, nu float64 // km, -, deg
	}{
		{"GLONASS", 25510, 0.0012, 64.8, 318.9, 272.5, 87.6},
		{"BeiDou IGSO", 42164, 0.003, 55, 60, 190, 300},
		{"GPS", 26560, 0.01, 55, 120, 30, 200},
		{"Molniya", 26600, 0.72, 63.4, 279, 270, 20},
		{"retrograde LEO", 7000, 0.001, 98.2, 250, 100, 350},
		{"near-parabolic ellipse", 1e6, 0.99, 30, 10, 350, 45},
	}
	for _, tc := range tests {
		p := tc.a * (1 - tc.e*tc.e)
		r, v := coe2rvTest(p, tc.e, tc.i*deg, tc.raan*deg, tc.argp*deg, tc.nu*deg, testMu)
		el := OsculatingElements(r, v, testMu)
		// Expected mean anomaly from Kepler's equation.
		ea := 2 * math.Atan(math.Sqrt((1-tc.e)/(1+tc.e))*math.Tan(tc.nu*deg/2))
		m := ea - tc.e*math.Sin(ea)
		// Tolerances: relative 1e-11 on a and p, 1e-12 on e, 1e-10 rad on
		// angles (rounding of a few hundred flops on km-sized values).
		checks := []struct {
			name      string
			got, want float64
			tol       float64
			angle     bool
		}{
			{"a", el.SemiMajorAxisKm, tc.a, 1e-11 * tc.a, false},
			{"p", el.SemiLatusRectumKm, p, 1e-11 * tc.a, false},
			{"e", el.Eccentricity, tc.e, 1e-12, false},
			{"i", el.InclinationRad, tc.i * deg, 1e-10, true},
			{"Ω", el.RAANRad, tc.raan * deg, 1e-10, true},
			{"ω", el.ArgPerigeeRad, tc.argp * deg, 1e-10 / tc.e, true},
			{"ν", el.TrueAnomalyRad, tc.nu * deg, 1e-10 / tc.e, true},
			{"M", el.MeanAnomalyRad, m, 1e-10 / tc.e, true},
		}
		for _, c := range checks {
			d := c.got - c.want
			if c.angle {
				d = angleDiff(c.got, c.want)
			}
			if !(math.Abs(d) <= c.tol) {
				t.Errorf("%s: %s = %.15g, want %.15g", tc.name, c.name, c.got, c.want)
			}
		}
		for _, x := range []float64{el.RAANRad, el.ArgPerigeeRad, el.TrueAnomalyRad, el.MeanAnomalyRad} {
			if x < 0 || x >= 2*math.Pi {
				t.Errorf("%s: angle %g outside [0, 2π)", tc.name, x)
			}
		}
		if !math.IsNaN(el.ArgLatitudeRad) || !math.IsNaN(el.TrueLongitudeRad) || !math.IsNaN(el.LongitudePerigeeRad) {
			t.Errorf("%s: special-case angles should be NaN: %+v", tc.name, el)
		}
	}
}

func TestOsculatingElementsSpecialCases(t *testing.T) {
	deg := math.Pi / 180
	a := 42164.0
	vc := math.Sqrt(testMu / a)

	// Circular inclined: ω and ν undefined, u = ω + ν, M = u.
	r, v := coe2rvTest(a, 0, 55*deg, 40*deg, 0, 100*deg, testMu)
	el := OsculatingElements(r, v, testMu)
	if !math.IsNaN(el.ArgPerigeeRad) || !math.IsNaN(el.TrueAnomalyRad) ||
		math.Abs(angleDiff(el.ArgLatitudeRad, 100*deg)) > 1e-10 || el.MeanAnomalyRad != el.ArgLatitudeRad ||
		math.Abs(angleDiff(el.RAANRad, 40*deg)) > 1e-10 {
		t.Errorf("circular inclined: %+v", el)
	}

	// Circular equatorial: Ω, ω, ν undefined; true longitude = M.
	r = [3]float64{a * math.Cos(30*deg), a * math.Sin(30*deg), 0}
	v = [3]float64{-vc * math.Sin(30*deg), vc * math.Cos(30*deg), 0}
	el = OsculatingElements(r, v, testMu)
	if !math.IsNaN(el.RAANRad) || !math.IsNaN(el.ArgPerigeeRad) || !math.IsNaN(el.TrueAnomalyRad) ||
		math.Abs(el.TrueLongitudeRad-30*deg) > 1e-12 || el.MeanAnomalyRad != el.TrueLongitudeRad ||
		el.InclinationRad != 0 {
		t.Errorf("circular equatorial: %+v", el)
	}
	// Retrograde circular equatorial: the true longitude is measured the
	// other way (Vallado: 2π - λ for i > 90 deg).
	v = [3]float64{-v[0], -v[1], 0}
	el = OsculatingElements(r, v, testMu)
	if math.Abs(el.InclinationRad-math.Pi) > 1e-12 || math.Abs(el.TrueLongitudeRad-(2*math.Pi-30*deg)) > 1e-12 {
		t.Errorf("retrograde circular equatorial: %+v", el)
	}

	// Elliptical equatorial: longitude of perigee = Ω + ω.
	r, v = coe2rvTest(a*(1-0.01), 0.1, 0, 0, 75*deg, 20*deg, testMu)
	el = OsculatingElements(r, v, testMu)
	if !math.IsNaN(el.RAANRad) || !math.IsNaN(el.ArgPerigeeRad) ||
		math.Abs(angleDiff(el.LongitudePerigeeRad, 75*deg)) > 1e-10 ||
		math.Abs(angleDiff(el.TrueAnomalyRad, 20*deg)) > 1e-10 {
		t.Errorf("elliptical equatorial: %+v", el)
	}

	// Hyperbolic: a < 0, M from the hyperbolic anomaly, not reduced.
	r, v = coe2rvTest(20000, 1.5, 30*deg, 10*deg, 20*deg, 60*deg, testMu)
	el = OsculatingElements(r, v, testMu)
	h := math.Asinh(math.Sqrt(1.5*1.5-1) * math.Sin(60*deg) / (1 + 1.5*math.Cos(60*deg)))
	if math.Abs(el.SemiMajorAxisKm-20000/(1-1.5*1.5)) > 1e-6 || math.Abs(el.MeanAnomalyRad-(1.5*math.Sinh(h)-h)) > 1e-10 {
		t.Errorf("hyperbolic: %+v", el)
	}

	// Parabolic: a = +Inf (Vallado's "infinite"), Barker's equation.
	r, v = coe2rvTest(20000, 1, 30*deg, 10*deg, 20*deg, 60*deg, testMu)
	el = OsculatingElements(r, v, testMu)
	d := math.Tan(30 * deg)
	if !math.IsInf(el.SemiMajorAxisKm, 1) || math.Abs(el.MeanAnomalyRad-(d+d*d*d/3)) > 1e-6 {
		t.Errorf("parabolic: %+v", el)
	}

	// No angular momentum (radial motion): everything undefined.
	el = OsculatingElements([3]float64{7000, 0, 0}, [3]float64{1, 0, 0}, testMu)
	for _, x := range []float64{el.SemiLatusRectumKm, el.SemiMajorAxisKm, el.Eccentricity, el.InclinationRad,
		el.RAANRad, el.ArgPerigeeRad, el.TrueAnomalyRad, el.MeanAnomalyRad} {
		if !math.IsNaN(x) {
			t.Errorf("radial motion: %+v", el)
			break
		}
	}
}
