package orbit

import (
	"fmt"
	"math"
	"time"
)

// EarthRotationRateRadPerSec is the Earth's inertial rotation rate (rad/s)
// used by Vallado's teme2ecef/ecef2teme for the ω×r velocity term:
// 2π·1.00273781191135448/86400 s, the rate of the Earth rotation angle (IERS
// Conventions 2010, ch. 5). When EOP.LODSec is set it is scaled by
// (1 − LOD/86400).
const EarthRotationRateRadPerSec = 7.292115146706979e-5

// EOP holds the Earth orientation parameters used by the TEME <-> ECEF
// conversions: UT1-UTC, polar motion and excess length of day, as published
// in IERS Bulletin A/B or finals2000A.
//
// The zero value means UT1 = UTC, no polar motion and the nominal rotation
// rate, which is gnssim's default. What that costs: IERS keeps
// |UT1-UTC| < 0.9 s, and 0.9 s of Earth rotation (7.29e-5 rad/s) is an
// angle of 6.6e-5 rad, i.e. up to ~0.42 km along-track at the equator on the
// Earth's surface and ~1.7 km at GNSS orbit radius (~26 600 km), about 0.005°
// of azimuth as seen from the ground. Polar motion (< 1″ ≈ 5e-6 rad) adds at
// most ~30 m on the surface and ~0.13 km at GNSS radius. SGP4 positions of
// GNSS satellites from public elements are good to a few km at best, so the
// default is adequate for visibility and DOP; give EOP when comparing with
// precise products.
type EOP struct {
	DUT1Sec float64 // UT1 - UTC, seconds
	XpRad   float64 // polar motion x_p, radians
	YpRad   float64 // polar motion y_p, radians
	LODSec  float64 // excess length of day, seconds (scales the rotation rate)
}

// Validate reports non-finite or implausible Earth orientation parameters:
// |DUT1| must be below 1 s (IERS keeps it within 0.9 s since 1972),
// |xp|, |yp| below 5e-5 rad (~10″; observed values stay under 1″) and
// |LOD| below 0.01 s (observed values are a few ms). The conversions
// themselves do not validate their input (they are on the hot path): a NaN
// parameter yields NaN coordinates.
func (e EOP) Validate() error {
	check := func(name string, v, limit float64) error {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("orbit: EOP %s is not finite (%v)", name, v)
		}
		if math.Abs(v) >= limit {
			return fmt.Errorf("orbit: EOP %s = %g outside (-%g, %g)", name, v, limit, limit)
		}
		return nil
	}
	if err := check("DUT1Sec", e.DUT1Sec, 1); err != nil {
		return err
	}
	if err := check("XpRad", e.XpRad, 5e-5); err != nil {
		return err
	}
	if err := check("YpRad", e.YpRad, 5e-5); err != nil {
		return err
	}
	return check("LODSec", e.LODSec, 0.01)
}

// UT1JulianDate returns the UT1 Julian date of the UTC instant t as
// whole + frac (see JulianDate): UT1 = UTC + DUT1. The DUT1 correction is
// added to the fraction, so nothing below a nanosecond is lost; frac may
// fall slightly outside [0, 1).
func (e EOP) UT1JulianDate(t time.Time) (whole, frac float64) {
	whole, frac = JulianDate(t)
	return whole, frac + e.DUT1Sec/86400
}

// framesPolarMotion returns the matrix W of Vallado's polarm(xp, yp, '80')
// (IAU-76/FK5 form, W = R1(yp)·R2(xp) without small-angle approximation),
// which maps ITRF to PEF: r_PEF = W r_ITRF.
func framesPolarMotion(xp, yp float64) [3][3]float64 {
	sxp, cxp := math.Sincos(xp)
	syp, cyp := math.Sincos(yp)
	return [3][3]float64{
		{cxp, 0, -sxp},
		{sxp * syp, cyp, cxp * syp},
		{sxp * cyp, -syp, cxp * cyp},
	}
}

// framesMul returns m·v.
func framesMul(m *[3][3]float64, v [3]float64) [3]float64 {
	return [3]float64{
		m[0][0]*v[0] + m[0][1]*v[1] + m[0][2]*v[2],
		m[1][0]*v[0] + m[1][1]*v[1] + m[1][2]*v[2],
		m[2][0]*v[0] + m[2][1]*v[1] + m[2][2]*v[2],
	}
}

// framesMulT returns mᵀ·v.
func framesMulT(m *[3][3]float64, v [3]float64) [3]float64 {
	return [3]float64{
		m[0][0]*v[0] + m[1][0]*v[1] + m[2][0]*v[2],
		m[0][1]*v[0] + m[1][1]*v[1] + m[2][1]*v[2],
		m[0][2]*v[0] + m[1][2]*v[1] + m[2][2]*v[2],
	}
}

// framesCross returns a×b.
func framesCross(a, b [3]float64) [3]float64 {
	return [3]float64{
		a[1]*b[2] - a[2]*b[1],
		a[2]*b[0] - a[0]*b[2],
		a[0]*b[1] - a[1]*b[0],
	}
}

// framesMatrices returns the matrices of Vallado's teme2ecef: ST, the
// rotation about z by GMST (r_TEME = ST r_PEF), PM, the polar-motion matrix
// (r_PEF = PM r_ITRF), and the ω vector of the Earth's rotation.
func framesMatrices(t time.Time, eop EOP) (st, pm [3][3]float64, omega [3]float64) {
	gmst := GMST82(eop.UT1JulianDate(t))
	s, c := math.Sincos(gmst)
	st = [3][3]float64{{c, -s, 0}, {s, c, 0}, {0, 0, 1}}
	pm = framesPolarMotion(eop.XpRad, eop.YpRad)
	omega = [3]float64{0, 0, EarthRotationRateRadPerSec * (1 - eop.LODSec/86400)}
	return st, pm, omega
}

// TEMEToECEF converts a position (km) and velocity (km/s) from the TEME
// frame of SGP4 to the Earth-fixed frame (ITRF; PEF when polar motion is
// zero) at UTC instant t, following Vallado's teme2ecef (Vallado, Crawford,
// Hujsak & Kelso, AIAA 2006-6753, and its appendix C test case):
//
//	r_PEF  = ST(θ)ᵀ r_TEME,            θ = GMST82(UT1 Julian date)
//	r_ECEF = PMᵀ r_PEF
//	v_PEF  = ST(θ)ᵀ v_TEME − ω × r_PEF, ω = (0, 0, 7.292115146706979e-5·(1 − LOD/86400)) rad/s
//	v_ECEF = PMᵀ v_PEF
//
// UT1 = UTC + eop.DUT1Sec, added to the Julian date fraction so nothing is
// lost below a nanosecond. The angle is the IAU-82 mean sidereal time, not
// the apparent one: TEME's x axis is the mean equinox of date. The optional
// post-1997 kinematic terms of Vallado's teme2ecef (eqeterms; ≤ 0.0027″ =
// 1.3e-8 rad, ≤ 0.35 m at GNSS radius) are not applied, as in his
// published test case. See EOP for the cost of the zero-value default. For
// many satellites at one epoch use NewEarthRotation.
func TEMEToECEF(rTEME, vTEME [3]float64, t time.Time, eop EOP) (rECEF, vECEF [3]float64) {
	st, pm, omega := framesMatrices(t, eop)
	rPEF := framesMulT(&st, rTEME)
	rECEF = framesMulT(&pm, rPEF)
	vPEF := framesMulT(&st, vTEME)
	w := framesCross(omega, rPEF)
	for i := range vPEF {
		vPEF[i] -= w[i]
	}
	vECEF = framesMulT(&pm, vPEF)
	return rECEF, vECEF
}

// ECEFToTEME is the inverse of TEMEToECEF (Vallado's ecef2teme): an
// Earth-fixed position (km) and velocity (km/s) at UTC instant t to TEME.
func ECEFToTEME(rECEF, vECEF [3]float64, t time.Time, eop EOP) (rTEME, vTEME [3]float64) {
	st, pm, omega := framesMatrices(t, eop)
	rPEF := framesMul(&pm, rECEF)
	rTEME = framesMul(&st, rPEF)
	vPEF := framesMul(&pm, vECEF)
	w := framesCross(omega, rPEF)
	for i := range vPEF {
		vPEF[i] += w[i]
	}
	vTEME = framesMul(&st, vPEF)
	return rTEME, vTEME
}

// EarthRotation is the TEME -> ECEF rotation of one epoch, computed once
// (GMST, its sine and cosine, the polar-motion matrix if any, and ω) and
// applied to many satellites. Its methods do not allocate and give the same
// results as TEMEToECEF/ECEFToTEME to rounding (~1e-12 km). The zero value is
// not useful; use NewEarthRotation.
type EarthRotation struct {
	sinG, cosG float64       // sine and cosine of GMST (UT1)
	gmst       float64       // GMST82, rad
	omega      float64       // rotation rate, rad/s
	polar      bool          // polar motion given (pm is not the identity)
	pm         [3][3]float64 // PEF <- ITRF matrix W (r_PEF = W r_ITRF)
}

// NewEarthRotation prepares the TEME <-> ECEF rotation for UTC instant t
// with the Earth orientation parameters eop (zero value: UT1 = UTC, no polar
// motion; see EOP).
func NewEarthRotation(t time.Time, eop EOP) EarthRotation {
	g := GMST82(eop.UT1JulianDate(t))
	s, c := math.Sincos(g)
	e := EarthRotation{
		sinG:  s,
		cosG:  c,
		gmst:  g,
		omega: EarthRotationRateRadPerSec * (1 - eop.LODSec/86400),
	}
	if eop.XpRad != 0 || eop.YpRad != 0 {
		e.polar = true
		e.pm = framesPolarMotion(eop.XpRad, eop.YpRad)
	}
	return e
}

// GMSTRad returns the Greenwich mean sidereal time (IAU-82, rad, [0, 2π)) of
// the rotation's epoch.
func (e *EarthRotation) GMSTRad() float64 { return e.gmst }

// TEMEToECEFPos rotates a TEME position (km) to ECEF (km).
func (e *EarthRotation) TEMEToECEFPos(r [3]float64) [3]float64 {
	p := [3]float64{
		e.cosG*r[0] + e.sinG*r[1],
		-e.sinG*r[0] + e.cosG*r[1],
		r[2],
	}
	if e.polar {
		return framesMulT(&e.pm, p)
	}
	return p
}

// TEMEToECEF converts a TEME position (km) and velocity (km/s) to ECEF,
// including the −ω×r term in the velocity.
func (e *EarthRotation) TEMEToECEF(r, v [3]float64) (rECEF, vECEF [3]float64) {
	p := [3]float64{
		e.cosG*r[0] + e.sinG*r[1],
		-e.sinG*r[0] + e.cosG*r[1],
		r[2],
	}
	// v_PEF = STᵀ v − ω×r_PEF, with ω×r = (−ω y, ω x, 0).
	w := [3]float64{
		e.cosG*v[0] + e.sinG*v[1] + e.omega*p[1],
		-e.sinG*v[0] + e.cosG*v[1] - e.omega*p[0],
		v[2],
	}
	if e.polar {
		return framesMulT(&e.pm, p), framesMulT(&e.pm, w)
	}
	return p, w
}

// ECEFToTEME converts an ECEF position (km) and velocity (km/s) to TEME.
func (e *EarthRotation) ECEFToTEME(r, v [3]float64) (rTEME, vTEME [3]float64) {
	if e.polar {
		r = framesMul(&e.pm, r)
		v = framesMul(&e.pm, v)
	}
	// v_PEF + ω×r_PEF, then rotate by ST.
	vx := v[0] - e.omega*r[1]
	vy := v[1] + e.omega*r[0]
	rTEME = [3]float64{
		e.cosG*r[0] - e.sinG*r[1],
		e.sinG*r[0] + e.cosG*r[1],
		r[2],
	}
	vTEME = [3]float64{
		e.cosG*vx - e.sinG*vy,
		e.sinG*vx + e.cosG*vy,
		v[2],
	}
	return rTEME, vTEME
}

// ECEFToENU expresses the ECEF vector d (any unit, typically the km
// difference satellite − receiver) in the local east, north, up frame at
// geodetic latitude and longitude (radians, east-positive); up is the WGS-84
// ellipsoid normal (see ENUBasis).
func ECEFToENU(d [3]float64, latRad, lonRad float64) [3]float64 {
	e, n, u := ENUBasis(latRad, lonRad)
	return [3]float64{
		e[0]*d[0] + e[1]*d[1] + e[2]*d[2],
		n[0]*d[0] + n[1]*d[1] + n[2]*d[2],
		u[0]*d[0] + u[1]*d[1] + u[2]*d[2],
	}
}

// ENUToECEF is the inverse of ECEFToENU: a local east, north, up vector at
// geodetic latitude and longitude (radians) expressed in ECEF (same unit).
func ENUToECEF(enu [3]float64, latRad, lonRad float64) [3]float64 {
	e, n, u := ENUBasis(latRad, lonRad)
	return [3]float64{
		e[0]*enu[0] + n[0]*enu[1] + u[0]*enu[2],
		e[1]*enu[0] + n[1]*enu[1] + u[1]*enu[2],
		e[2]*enu[0] + n[2]*enu[1] + u[2]*enu[2],
	}
}

// LookAngles returns the azimuth (rad, clockwise from geodetic north, in
// [0, 2π)), elevation (rad, in [−π/2, π/2], measured from the plane normal to
// the WGS-84 ellipsoid normal) and range (km) of a satellite at satECEF (km)
// seen from a receiver at rxECEF (km). rxLatRad and rxLonRad are the
// receiver's geodetic latitude and longitude (radians, east-positive); they
// must describe rxECEF (e.g. from ECEFToGeodetic) and are taken as given so
// that a caller with many satellites converts the receiver only once.
// At elevation ±90° the azimuth carries no information (it is the direction
// of the rounding residue). If the two positions coincide the direction is
// undefined: azimuth and elevation are NaN and the range is 0.
func LookAngles(rxECEF [3]float64, rxLatRad, rxLonRad float64, satECEF [3]float64) (azRad, elRad, rangeKm float64) {
	d := [3]float64{satECEF[0] - rxECEF[0], satECEF[1] - rxECEF[1], satECEF[2] - rxECEF[2]}
	enu := ECEFToENU(d, rxLatRad, rxLonRad)
	horiz := math.Hypot(enu[0], enu[1])
	rangeKm = math.Hypot(horiz, enu[2])
	if rangeKm == 0 {
		return math.NaN(), math.NaN(), 0
	}
	elRad = math.Atan2(enu[2], horiz)
	azRad = math.Atan2(enu[0], enu[1])
	if azRad < 0 {
		azRad += 2 * math.Pi
		if azRad >= 2*math.Pi { // −tiny + 2π rounds to 2π
			azRad = 0
		}
	}
	return azRad, elRad, rangeKm
}
