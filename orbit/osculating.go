package orbit

import "math"

// Elements are classical osculating orbital elements computed from a state
// vector (Vallado's rv2coe). Angles are radians in [0, 2π) (inclination in
// [0, π]). Where Vallado's code returns its "undefined" marker 999999.1 the
// field is NaN here; where it returns "infinite" (parabolic orbit) the semi-
// major axis is +Inf.
type Elements struct {
	SemiLatusRectumKm   float64 // p, km
	SemiMajorAxisKm     float64 // a, km (negative for hyperbolic orbits, +Inf for parabolic)
	Eccentricity        float64 // e
	InclinationRad      float64 // i
	RAANRad             float64 // Ω; NaN for equatorial orbits
	ArgPerigeeRad       float64 // ω; NaN unless elliptical inclined
	TrueAnomalyRad      float64 // ν; NaN for circular orbits
	MeanAnomalyRad      float64 // M; for circular orbits the argument of latitude or true longitude
	ArgLatitudeRad      float64 // u, circular inclined orbits only, else NaN
	TrueLongitudeRad    float64 // λ_true, circular equatorial orbits only, else NaN
	LongitudePerigeeRad float64 // ϖ_true, elliptical equatorial orbits only, else NaN
}

// rv2coe thresholds (Vallado: small = 1e-8).
const coeSmall = 1e-8

// OsculatingElements returns the osculating elements of position r (km) and
// velocity v (km/s) for gravitational parameter muKm3s2 (km³/s²), following
// Vallado's rv2coe: orbits with e < 1e-8 are circular and orbits with i (or
// π - i) below 1e-8 rad equatorial, and the elements that are then undefined
// are NaN. With zero angular momentum (|r × v| ≤ 1e-8) every field is NaN.
func OsculatingElements(r, v [3]float64, muKm3s2 float64) Elements {
	nan := math.NaN()
	el := Elements{
		SemiLatusRectumKm: nan, SemiMajorAxisKm: nan, Eccentricity: nan,
		InclinationRad: nan, RAANRad: nan, ArgPerigeeRad: nan, TrueAnomalyRad: nan,
		MeanAnomalyRad: nan, ArgLatitudeRad: nan, TrueLongitudeRad: nan,
		LongitudePerigeeRad: nan,
	}
	magr := coeNorm(r)
	magv := coeNorm(v)

	// h, n and e vectors.
	hbar := coeCross(r, v)
	magh := coeNorm(hbar)
	if !(magh > coeSmall) {
		return el
	}
	nbar := [3]float64{-hbar[1], hbar[0], 0}
	magn := coeNorm(nbar)
	c1 := magv*magv - muKm3s2/magr
	rdotv := coeDot(r, v)
	var ebar [3]float64
	for i := range ebar {
		ebar[i] = (c1*r[i] - rdotv*v[i]) / muKm3s2
	}
	ecc := coeNorm(ebar)
	el.Eccentricity = ecc

	// a, e and p.
	sme := magv*magv*0.5 - muKm3s2/magr
	if math.Abs(sme) > coeSmall {
		el.SemiMajorAxisKm = -muKm3s2 / (2.0 * sme)
	} else {
		el.SemiMajorAxisKm = math.Inf(1)
	}
	el.SemiLatusRectumKm = magh * magh / muKm3s2

	// Inclination.
	hk := hbar[2] / magh
	incl := math.Acos(hk)
	el.InclinationRad = incl

	// Type of orbit: elliptical (or parabolic, hyperbolic) inclined unless
	// flagged circular and/or equatorial.
	circular := ecc < coeSmall
	equatorial := incl < coeSmall || math.Abs(incl-sgpPi) < coeSmall

	// Longitude of the ascending node.
	if magn > coeSmall {
		temp := coeClamp(nbar[0] / magn)
		el.RAANRad = math.Acos(temp)
		if nbar[1] < 0.0 {
			el.RAANRad = sgpTwoPi - el.RAANRad
		}
	}

	// Argument of perigee.
	if !circular && !equatorial {
		el.ArgPerigeeRad = coeAngle(nbar, ebar)
		if ebar[2] < 0.0 {
			el.ArgPerigeeRad = sgpTwoPi - el.ArgPerigeeRad
		}
	}

	// True anomaly.
	if !circular {
		el.TrueAnomalyRad = coeAngle(ebar, r)
		if rdotv < 0.0 {
			el.TrueAnomalyRad = sgpTwoPi - el.TrueAnomalyRad
		}
	}

	// Argument of latitude, circular inclined.
	if circular && !equatorial {
		el.ArgLatitudeRad = coeAngle(nbar, r)
		if r[2] < 0.0 {
			el.ArgLatitudeRad = sgpTwoPi - el.ArgLatitudeRad
		}
		el.MeanAnomalyRad = el.ArgLatitudeRad
	}

	// Longitude of perigee, elliptical equatorial.
	if ecc > coeSmall && !circular && equatorial {
		temp := coeClamp(ebar[0] / ecc)
		lonper := math.Acos(temp)
		if ebar[1] < 0.0 {
			lonper = sgpTwoPi - lonper
		}
		if incl > 0.5*sgpPi {
			lonper = sgpTwoPi - lonper
		}
		el.LongitudePerigeeRad = lonper
	}

	// True longitude, circular equatorial.
	if magr > coeSmall && circular && equatorial {
		temp := coeClamp(r[0] / magr)
		truelon := math.Acos(temp)
		if r[1] < 0.0 {
			truelon = sgpTwoPi - truelon
		}
		if incl > 0.5*sgpPi {
			truelon = sgpTwoPi - truelon
		}
		el.TrueLongitudeRad = truelon
		el.MeanAnomalyRad = truelon
	}

	// Mean anomaly for all non-circular orbits.
	if !circular {
		el.MeanAnomalyRad = meanAnomalyFromTrue(ecc, el.TrueAnomalyRad)
	}
	return el
}

// meanAnomalyFromTrue is the mean-anomaly part of Vallado's newtonnu: the
// mean anomaly (rad) for eccentricity ecc and true anomaly nu (rad); NaN
// where Vallado returns 999999.9 (hyperbolic beyond the asymptote, or
// parabolic beyond 168 deg).
func meanAnomalyFromTrue(ecc, nu float64) float64 {
	m := math.NaN()
	switch {
	case math.Abs(ecc) < coeSmall: // circular
		m = nu
	case ecc < 1.0-coeSmall: // elliptical
		sinnu, cosnu := math.Sincos(nu)
		sine := (math.Sqrt(1.0-ecc*ecc) * sinnu) / (1.0 + ecc*cosnu)
		cose := (ecc + cosnu) / (1.0 + ecc*cosnu)
		e0 := math.Atan2(sine, cose)
		m = e0 - ecc*math.Sin(e0)
	case ecc > 1.0+coeSmall: // hyperbolic
		if ecc > 1.0 && math.Abs(nu)+0.00001 < sgpPi-math.Acos(1.0/ecc) {
			sine := (math.Sqrt(ecc*ecc-1.0) * math.Sin(nu)) / (1.0 + ecc*math.Cos(nu))
			e0 := math.Asinh(sine)
			m = ecc*math.Sinh(e0) - e0
		}
	default: // parabolic
		if math.Abs(nu) < 168.0*sgpPi/180.0 {
			e0 := math.Tan(nu * 0.5)
			m = e0 + (e0*e0*e0)/3.0
		}
	}
	if ecc < 1.0 {
		m = math.Mod(m, 2.0*sgpPi)
		if m < 0.0 {
			m = m + 2.0*sgpPi
		}
	}
	return m
}

// coeAngle is Vallado's angle(): the angle between two vectors (rad), NaN
// when either is (nearly) zero.
func coeAngle(a, b [3]float64) float64 {
	magA, magB := coeNorm(a), coeNorm(b)
	if magA*magB > coeSmall*coeSmall {
		return math.Acos(coeClamp(coeDot(a, b) / (magA * magB)))
	}
	return math.NaN()
}

func coeClamp(x float64) float64 {
	if math.Abs(x) > 1.0 {
		return math.Copysign(1.0, x)
	}
	return x
}

func coeDot(a, b [3]float64) float64 { return a[0]*b[0] + a[1]*b[1] + a[2]*b[2] }

func coeNorm(a [3]float64) float64 { return math.Sqrt(coeDot(a, a)) }

func coeCross(a, b [3]float64) [3]float64 {
	return [3]float64{
		a[1]*b[2] - a[2]*b[1],
		a[2]*b[0] - a[0]*b[2],
		a[0]*b[1] - a[1]*b[0],
	}
}
