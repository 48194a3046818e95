package orbit

// SGP4/SDP4 after Vallado, Crawford, Hujsak & Kelso, "Revisiting Spacetrack
// Report #3", AIAA 2006-6753, in the "improved" ('i') operation mode of
// Vallado's sgp4unit (initl, sgp4init, sgp4). The deep-space routines (dscom,
// dpper, dsinit, dspace) are in sgp4_deep.go. Variable names follow Vallado's
// code so that the two can be read side by side. The verification gate,
// sgp4_verify_test.go, regenerates Vallado's tcppver.out with this code.

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
)

// Gravity selects the set of Earth constants SGP4 runs with.
type Gravity uint8

const (
	// WGS72 is the default (zero value): WGS-72 constants with xke derived
	// from μ and the Earth radius, as used to generate public element sets.
	WGS72 Gravity = iota
	// WGS72Old is WGS-72 with the historical rounded xke = 0.0743669161.
	WGS72Old
	// WGS84 is WGS-84 (EGM-96 zonal harmonics). Element sets are fitted with
	// WGS-72, so this is for experiments only.
	WGS84
)

// String names the gravity model.
func (g Gravity) String() string {
	switch g {
	case WGS72:
		return "WGS-72"
	case WGS72Old:
		return "WGS-72old"
	case WGS84:
		return "WGS-84"
	}
	return fmt.Sprintf("Gravity(%d)", uint8(g))
}

// gravConsts are Vallado's getgravconst values.
type gravConsts struct {
	mu            float64 // km³/s²
	radiusEarthKm float64 // km
	xke           float64 // sqrt(μ/Re³) in 1/min (Earth radii units)
	tumin         float64 // minutes per time unit
	j2, j3, j4    float64
	j3oj2         float64
}

func gravityConstants(g Gravity) (gravConsts, error) {
	var c gravConsts
	switch g {
	case WGS72Old:
		c.mu = 398600.79964
		c.radiusEarthKm = 6378.135
		c.xke = 0.0743669161
		c.j2 = 0.001082616
		c.j3 = -0.00000253881
		c.j4 = -0.00000165597
	case WGS72:
		c.mu = 398600.8
		c.radiusEarthKm = 6378.135
		c.xke = 60.0 / math.Sqrt(c.radiusEarthKm*c.radiusEarthKm*c.radiusEarthKm/c.mu)
		c.j2 = 0.001082616
		c.j3 = -0.00000253881
		c.j4 = -0.00000165597
	case WGS84:
		c.mu = 398600.5
		c.radiusEarthKm = 6378.137
		c.xke = 60.0 / math.Sqrt(c.radiusEarthKm*c.radiusEarthKm*c.radiusEarthKm/c.mu)
		c.j2 = 0.00108262998905
		c.j3 = -0.00000253215306
		c.j4 = -0.00000161098761
	default:
		return c, fmt.Errorf("unknown gravity model %d", uint8(g))
	}
	c.tumin = 1.0 / c.xke
	c.j3oj2 = c.j3 / c.j2
	return c, nil
}

// Run-time float64 constants, evaluated in float64 arithmetic like the C
// code's `pi / 180.0` (Go constant expressions would be rounded only once).
var (
	sgpPi      = math.Pi
	sgpTwoPi   = 2.0 * sgpPi
	sgpDeg2Rad = sgpPi / 180.0
	sgpXpdotp  = 1440.0 / (2.0 * sgpPi) // rev/day per rad/min
	sgpX2o3    = 2.0 / 3.0
)

// SGP4Error is a failure reported by the SGP4 model itself, with Vallado's
// error code.
type SGP4Error struct {
	Code      int     // 1..6 as in Vallado's sgp4unit; see SGP4Meaning
	TsinceMin float64 // minutes since epoch at which the model failed
}

// Error gives the code, its meaning and the time since epoch.
func (e *SGP4Error) Error() string {
	return fmt.Sprintf("sgp4 error %d at tsince %g min: %s", e.Code, e.TsinceMin, SGP4Meaning(e.Code))
}

// SGP4Meaning explains one of Vallado's SGP4 error codes.
func SGP4Meaning(code int) string {
	switch code {
	case 1:
		return "mean elements out of range (ecc >= 1.0 or ecc < -0.001 or a < 0.95 er)"
	case 2:
		return "mean motion less than 0.0"
	case 3:
		return "perturbed eccentricity out of range [0, 1]"
	case 4:
		return "semi-latus rectum less than 0.0"
	case 5:
		return "epoch elements are sub-orbital"
	case 6:
		return "satellite has decayed (orbit radius below 1 Earth radius)"
	}
	return fmt.Sprintf("unknown sgp4 error code %d", code)
}

// Errors for times SGP4 cannot be asked about. They are not *SGP4Error
// because the model was never run.
var (
	errTsinceNotFinite = errors.New("sgp4: tsince is not finite")
	errTsinceRange     = fmt.Errorf("sgp4: |tsince| exceeds %g min", maxAbsTsinceMin)
	errResultNotFinite = errors.New("sgp4: result is not finite")
)

// maxAbsTsinceMin bounds |tsince| (about 1900 years): beyond it the
// resonance integrator of SDP4 (one step per 720 min) would take too long,
// and the answer would be meaningless anyway.
const maxAbsTsinceMin = 1e9

// Propagator gives a satellite's TEME position (km) and velocity (km/s) at
// a UTC time.
type Propagator interface {
	Propagate(t time.Time) (r, v [3]float64, err error)
}

// SGP4 is an initialised SGP4/SDP4 record for one element set (Vallado's
// elsetrec after sgp4init). It is immutable after NewSGP4, so one value may
// be used from several goroutines at once.
type SGP4 struct {
	epoch     time.Time // UTC epoch of the elements
	catalog   int
	grav      gravConsts
	vkmpersec float64 // km/s per (Earth radii / time unit)

	// Mean elements at epoch, rad and rad/min.
	bstar, ecco, argpo, inclo, mo, nodeo float64
	noKozai, noUnkozai                   float64
	ndot, nddot                          float64 // rad/min², rad/min³ (not used by SGP4)

	// Near-Earth constants.
	aBase                         float64 // (xke/no_unkozai)^(2/3), Earth radii
	sinio, cosio                  float64 // sin, cos of inclo
	isimp                         bool
	deep                          bool // method 'd'
	aycof, con41, cc1, cc4, cc5   float64
	d2, d3, d4, delmo, eta        float64
	argpdot, omgcof, sinmao       float64
	t2cof, t3cof, t4cof, t5cof    float64
	x1mth2, x7thm1, mdot, nodedot float64
	xlcof, xmcof, nodecf          float64
	gsto                          float64 // GMST at epoch, rad
	epochDays1950                 float64 // days since 1949-12-31 00:00 UT
	epochJDWhole, epochJDFrac     float64 // Julian date of the epoch

	ds deepSpace // deep-space constants (method 'd')
}

// NewSGP4 initialises SGP4 for an element set with WGS-72 constants.
func NewSGP4(es *ephemeris.ElementSet) (*SGP4, error) {
	return NewSGP4Gravity(es, WGS72)
}

// NewSGP4Gravity initialises SGP4 for an element set with the given Earth
// constants (Vallado's twoline2rv conversions followed by sgp4init, improved
// mode). It returns a plain error for a nil element set, non-finite or
// out-of-range elements, an SGP4-XP element set (EphemerisType 4) or an
// unknown gravity model, and an error wrapping *SGP4Error when the model
// fails at epoch.
func NewSGP4Gravity(es *ephemeris.ElementSet, g Gravity) (*SGP4, error) {
	if es == nil {
		return nil, errors.New("sgp4: nil element set")
	}
	if err := checkElementSet(es); err != nil {
		return nil, fmt.Errorf("sgp4: catalog number %d: %w", es.CatalogNumber, err)
	}
	grav, err := gravityConstants(g)
	if err != nil {
		return nil, fmt.Errorf("sgp4: catalog number %d: %w", es.CatalogNumber, err)
	}
	p := &SGP4{
		epoch:   es.Epoch.UTC(),
		catalog: es.CatalogNumber,
		grav:    grav,
	}
	// Conversions as in twoline2rv.
	p.noKozai = es.MeanMotionRevPerDay / sgpXpdotp
	p.ndot = es.MeanMotionDot / (sgpXpdotp * 1440.0)
	p.nddot = es.MeanMotionDDot / (sgpXpdotp * 1440.0 * 1440.0)
	p.bstar = es.BStar
	p.inclo = es.InclinationDeg * sgpDeg2Rad
	p.nodeo = es.RAANDeg * sgpDeg2Rad
	p.argpo = es.ArgPerigeeDeg * sgpDeg2Rad
	p.mo = es.MeanAnomalyDeg * sgpDeg2Rad
	p.ecco = es.Eccentricity

	jdWhole, jdFrac := JulianDate(p.epoch)
	if err := p.initJD(jdWhole, jdFrac); err != nil {
		return nil, fmt.Errorf("sgp4: catalog number %d: %w", es.CatalogNumber, err)
	}
	return p, nil
}

// initJD runs sgp4init for the epoch Julian date jdWhole + jdFrac (UT1 taken
// as UTC). Tests call it with Vallado's single-float64 Julian date.
func (p *SGP4) initJD(jdWhole, jdFrac float64) error {
	// Keep identity and elements, clear everything derived.
	*p = SGP4{epoch: p.epoch, catalog: p.catalog, grav: p.grav,
		bstar: p.bstar, ecco: p.ecco, argpo: p.argpo, inclo: p.inclo, mo: p.mo, nodeo: p.nodeo,
		noKozai: p.noKozai, ndot: p.ndot, nddot: p.nddot}
	p.epochJDWhole, p.epochJDFrac = jdWhole, jdFrac
	p.epochDays1950 = (jdWhole - 2433281.5) + jdFrac
	p.gsto = GMST82(jdWhole, jdFrac)
	return p.init()
}

// checkElementSet refuses what SGP4 cannot be given.
func checkElementSet(es *ephemeris.ElementSet) error {
	if es.EphemerisType == 4 {
		return errors.New("ephemeris type 4 (SGP4-XP) is not supported")
	}
	if es.Epoch.IsZero() {
		return errors.New("epoch is not set")
	}
	fields := []struct {
		name string
		v    float64
	}{
		{"mean motion", es.MeanMotionRevPerDay},
		{"eccentricity", es.Eccentricity},
		{"inclination", es.InclinationDeg},
		{"RAAN", es.RAANDeg},
		{"argument of perigee", es.ArgPerigeeDeg},
		{"mean anomaly", es.MeanAnomalyDeg},
		{"BSTAR", es.BStar},
		{"mean motion dot", es.MeanMotionDot},
		{"mean motion ddot", es.MeanMotionDDot},
	}
	for _, f := range fields {
		if math.IsNaN(f.v) || math.IsInf(f.v, 0) {
			return fmt.Errorf("%s is not finite (%v)", f.name, f.v)
		}
	}
	if !(es.MeanMotionRevPerDay > 0) {
		return fmt.Errorf("mean motion %g rev/day must be positive", es.MeanMotionRevPerDay)
	}
	if !(es.Eccentricity >= 0 && es.Eccentricity < 1) {
		return fmt.Errorf("eccentricity %g outside [0, 1)", es.Eccentricity)
	}
	if !(es.InclinationDeg >= 0 && es.InclinationDeg <= 180) {
		return fmt.Errorf("inclination %g deg outside [0, 180]", es.InclinationDeg)
	}
	for _, f := range fields[3:6] {
		if math.Abs(f.v) > 1e6 {
			return fmt.Errorf("%s %g deg is out of range", f.name, f.v)
		}
	}
	return nil
}

// Epoch returns the UTC epoch of the element set.
func (p *SGP4) Epoch() time.Time { return p.epoch }

// CatalogNumber returns the NORAD catalog number of the element set.
func (p *SGP4) CatalogNumber() int { return p.catalog }

// MeanMotionRadPerMin returns the Brouwer mean motion recovered at
// initialisation (Vallado's no_unkozai), rad/min. A period 2π/n of 225 min
// or more selects the deep-space branch.
func (p *SGP4) MeanMotionRadPerMin() float64 { return p.noUnkozai }

// init is Vallado's sgp4init (with initl inlined), improved mode.
func (p *SGP4) init() error {
	c := &p.grav
	const temp4 = 1.5e-12

	ss := 78.0/c.radiusEarthKm + 1.0
	qzms2ttemp := (120.0 - 78.0) / c.radiusEarthKm
	qzms2t := qzms2ttemp * qzms2ttemp * qzms2ttemp * qzms2ttemp

	// ---- initl ----
	eccsq := p.ecco * p.ecco
	omeosq := 1.0 - eccsq
	rteosq := math.Sqrt(omeosq)
	cosio := math.Cos(p.inclo)
	cosio2 := cosio * cosio

	// Un-Kozai the mean motion.
	ak := math.Pow(c.xke/p.noKozai, sgpX2o3)
	d1 := 0.75 * c.j2 * (3.0*cosio2 - 1.0) / (rteosq * omeosq)
	del := d1 / (ak * ak)
	adel := ak * (1.0 - del*del - del*(1.0/3.0+134.0*del*del/81.0))
	del = d1 / (adel * adel)
	p.noUnkozai = p.noKozai / (1.0 + del)

	ao := math.Pow(c.xke/p.noUnkozai, sgpX2o3)
	p.aBase = ao
	sinio := math.Sin(p.inclo)
	p.sinio, p.cosio = sinio, cosio
	po := ao * omeosq
	con42 := 1.0 - 5.0*cosio2
	p.con41 = -con42 - cosio2 - cosio2
	posq := po * po
	rp := ao * (1.0 - p.ecco)
	// gsto was set from the epoch by initJD (gstime, improved mode).
	// Vallado's a, alta and altp are informational and not kept.

	// ---- sgp4init proper ----
	// Vallado's condition (omeosq >= 0 || no_unkozai >= 0) always holds for
	// validated elements.
	p.isimp = rp < (220.0/c.radiusEarthKm + 1.0)
	sfour := ss
	qzms24 := qzms2t
	perige := (rp - 1.0) * c.radiusEarthKm

	// For perigees below 156 km, s and qoms2t are altered.
	if perige < 156.0 {
		sfour = perige - 78.0
		if perige < 98.0 {
			sfour = 20.0
		}
		qzms24temp := (120.0 - sfour) / c.radiusEarthKm
		qzms24 = qzms24temp * qzms24temp * qzms24temp * qzms24temp
		sfour = sfour/c.radiusEarthKm + 1.0
	}
	pinvsq := 1.0 / posq

	tsi := 1.0 / (ao - sfour)
	p.eta = ao * p.ecco * tsi
	etasq := p.eta * p.eta
	eeta := p.ecco * p.eta
	psisq := math.Abs(1.0 - etasq)
	coef := qzms24 * math.Pow(tsi, 4.0)
	coef1 := coef / math.Pow(psisq, 3.5)
	cc2 := coef1 * p.noUnkozai * (ao*(1.0+1.5*etasq+eeta*(4.0+etasq)) +
		0.375*c.j2*tsi/psisq*p.con41*(8.0+3.0*etasq*(8.0+etasq)))
	p.cc1 = p.bstar * cc2
	cc3 := 0.0
	if p.ecco > 1.0e-4 {
		cc3 = -2.0 * coef * tsi * c.j3oj2 * p.noUnkozai * sinio / p.ecco
	}
	p.x1mth2 = 1.0 - cosio2
	p.cc4 = 2.0 * p.noUnkozai * coef1 * ao * omeosq *
		(p.eta*(2.0+0.5*etasq) + p.ecco*(0.5+2.0*etasq) -
			c.j2*tsi/(ao*psisq)*
				(-3.0*p.con41*(1.0-2.0*eeta+etasq*(1.5-0.5*eeta))+
					0.75*p.x1mth2*(2.0*etasq-eeta*(1.0+etasq))*math.Cos(2.0*p.argpo)))
	p.cc5 = 2.0 * coef1 * ao * omeosq * (1.0 + 2.75*(etasq+eeta) + eeta*etasq)
	cosio4 := cosio2 * cosio2
	temp1 := 1.5 * c.j2 * pinvsq * p.noUnkozai
	temp2 := 0.5 * temp1 * c.j2 * pinvsq
	temp3 := -0.46875 * c.j4 * pinvsq * pinvsq * p.noUnkozai
	p.mdot = p.noUnkozai + 0.5*temp1*rteosq*p.con41 +
		0.0625*temp2*rteosq*(13.0-78.0*cosio2+137.0*cosio4)
	p.argpdot = -0.5*temp1*con42 + 0.0625*temp2*(7.0-114.0*cosio2+395.0*cosio4) +
		temp3*(3.0-36.0*cosio2+49.0*cosio4)
	xhdot1 := -temp1 * cosio
	p.nodedot = xhdot1 + (0.5*temp2*(4.0-19.0*cosio2)+2.0*temp3*(3.0-7.0*cosio2))*cosio
	xpidot := p.argpdot + p.nodedot
	p.omgcof = p.bstar * cc3 * math.Cos(p.argpo)
	p.xmcof = 0.0
	if p.ecco > 1.0e-4 {
		p.xmcof = -sgpX2o3 * coef * p.bstar / eeta
	}
	p.nodecf = 3.5 * omeosq * xhdot1 * p.cc1
	p.t2cof = 1.5 * p.cc1
	// Divide-by-zero guard for inclination 180 deg.
	if math.Abs(cosio+1.0) > 1.5e-12 {
		p.xlcof = -0.25 * c.j3oj2 * sinio * (3.0 + 5.0*cosio) / (1.0 + cosio)
	} else {
		p.xlcof = -0.25 * c.j3oj2 * sinio * (3.0 + 5.0*cosio) / temp4
	}
	p.aycof = -0.5 * c.j3oj2 * sinio
	delmotemp := 1.0 + p.eta*math.Cos(p.mo)
	p.delmo = delmotemp * delmotemp * delmotemp
	p.sinmao = math.Sin(p.mo)
	p.x7thm1 = 7.0*cosio2 - 1.0

	// Deep-space initialisation.
	if 2*sgpPi/p.noUnkozai >= 225.0 {
		p.deep = true
		p.isimp = true
		p.initDeep(eccsq, xpidot)
	}

	// Set variables if not simplified.
	if !p.isimp {
		cc1sq := p.cc1 * p.cc1
		p.d2 = 4.0 * ao * tsi * cc1sq
		temp := p.d2 * tsi * p.cc1 / 3.0
		p.d3 = (17.0*ao + sfour) * temp
		p.d4 = 0.5 * temp * ao * tsi * (221.0*ao + 31.0*sfour) * p.cc1
		p.t3cof = p.d2 + 2.0*cc1sq
		p.t4cof = 0.25 * (3.0*p.d3 + p.cc1*(12.0*p.d2+10.0*cc1sq))
		p.t5cof = 0.2 * (3.0*p.d4 + 12.0*p.cc1*p.d3 + 6.0*p.d2*p.d2 +
			15.0*cc1sq*(2.0*p.d2+cc1sq))
	}

	p.vkmpersec = c.radiusEarthKm * c.xke / 60.0

	// Propagate to epoch to detect elements the model cannot handle.
	if _, _, code := p.sgp4(0); code != 0 {
		return &SGP4Error{Code: code, TsinceMin: 0}
	}
	return nil
}

// PropagateMinutes returns the TEME position (km) and velocity (km/s)
// tsinceMin minutes after the epoch. A model failure is returned as
// *SGP4Error with zero vectors; a non-finite tsinceMin or |tsinceMin| above
// about 1900 years gives a plain error. It does not allocate unless it fails.
func (p *SGP4) PropagateMinutes(tsinceMin float64) (r, v [3]float64, err error) {
	if math.IsNaN(tsinceMin) || math.IsInf(tsinceMin, 0) {
		return r, v, errTsinceNotFinite
	}
	if math.Abs(tsinceMin) > maxAbsTsinceMin {
		return r, v, errTsinceRange
	}
	r, v, code := p.sgp4(tsinceMin)
	if code != 0 {
		return [3]float64{}, [3]float64{}, &SGP4Error{Code: code, TsinceMin: tsinceMin}
	}
	// One test for all six: a NaN or ±Inf anywhere makes the sum NaN or
	// ±Inf, and then s - s is NaN.
	if s := r[0] + r[1] + r[2] + v[0] + v[1] + v[2]; s-s != 0 {
		return [3]float64{}, [3]float64{}, errResultNotFinite
	}
	return r, v, nil
}

// Propagate returns the TEME position (km) and velocity (km/s) at UTC time
// t. The time since epoch is formed from whole seconds and nanoseconds, so
// nothing is lost below a second and no time.Duration overflow occurs for
// |t - epoch| beyond 292 years.
func (p *SGP4) Propagate(t time.Time) (r, v [3]float64, err error) {
	return p.PropagateMinutes(sgpMinutesSince(t, p.epoch))
}

// sgpMinutesSince returns (t - epoch) in minutes: exact integer nanoseconds
// divided by 6e10 when the difference fits in an int64 of nanoseconds, and
// whole seconds / 60 + nanoseconds / 6e10 otherwise.
func sgpMinutesSince(t, epoch time.Time) float64 {
	a, b := t.Unix(), epoch.Unix()
	dns := int64(t.Nanosecond()) - int64(epoch.Nanosecond())
	approx := float64(a) - float64(b)
	if math.Abs(approx) < 9e9 {
		// The true difference fits in int64 nanoseconds, so the wrapping
		// int64 subtraction below is exact.
		return float64((a-b)*1_000_000_000+dns) / 6e10
	}
	// Far apart: float64 seconds, relative error of order 1e-16.
	return approx/60.0 + float64(dns)/6e10
}

// sgpMod2Pi is C's fmod(x, 2π) (math.Mod), fast for the common cases. The
// result is exact: when n = trunc(x/2π) is the true quotient, x - n·2π is
// representable and the fused multiply-add returns it unrounded; a wrong n
// (x/2π within rounding of an integer) shows as a result out of range and
// falls back to math.Mod.
func sgpMod2Pi(x float64) float64 {
	if x > -sgpTwoPi && x < sgpTwoPi {
		return x
	}
	if math.Abs(x) < 1e15 {
		n := math.Trunc(x / sgpTwoPi)
		r := math.FMA(-n, sgpTwoPi, x)
		if (x > 0 && r >= 0 && r < sgpTwoPi) || (x < 0 && r <= 0 && r > -sgpTwoPi) {
			return math.Copysign(r, x) // fmod's zero has the sign of x
		}
	}
	return math.Mod(x, sgpTwoPi)
}

// sgpSincosSmall returns sin and cos of a small angle d (rad): Taylor
// series to d⁹ and d¹⁰ for |d| <= 0.125 (truncation below 3e-18),
// math.Sincos otherwise.
func sgpSincosSmall(d float64) (s, c float64) {
	if d > 0.125 || d < -0.125 {
		return math.Sincos(d)
	}
	const (
		s3  = -1.0 / 6
		s5  = 1.0 / 120
		s7  = -1.0 / 5040
		s9  = 1.0 / 362880
		c2  = -1.0 / 2
		c4  = 1.0 / 24
		c6  = -1.0 / 720
		c8  = 1.0 / 40320
		c10 = -1.0 / 3628800
	)
	d2 := d * d
	s = d + d*d2*(s3+d2*(s5+d2*(s7+d2*s9)))
	c = 1 + d2*(c2+d2*(c4+d2*(c6+d2*(c8+d2*c10))))
	return s, c
}

// ratioPow2o3 returns q^(2/3): the binomial series in x = q - 1 to x⁵ for
// |x| < 1e-3 (truncation below 2e-20; a resonance moves nm by far less),
// math.Cbrt(q²) otherwise.
func ratioPow2o3(q float64) float64 {
	x := q - 1
	if x > 1e-3 || x < -1e-3 {
		return math.Cbrt(q * q)
	}
	const (
		b1 = 2.0 / 3
		b2 = -1.0 / 9
		b3 = 4.0 / 81
		b4 = -7.0 / 243
		b5 = 14.0 / 729
	)
	return 1 + x*(b1+x*(b2+x*(b3+x*(b4+x*b5))))
}

func sgpFinite3(a [3]float64) bool {
	for _, x := range a {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

// sgp4 is Vallado's sgp4 (improved mode). It returns an error code 0..6
// and, with a code, zero vectors (Vallado leaves r and v set for code 6).
//
// Unlike the C code it does not write into the record: the values Vallado
// stores back for deep space (con41, x1mth2, x7thm1, aycof, xlcof, and the
// resonance integrator state) are locals here, which changes nothing
// because the integrator always takes the same fixed steps from epoch.
//
// For speed some quantities are formed differently but equal to rounding
// (the verification gate holds them to Vallado's output): pow(xke/nm, 2/3)
// is a constant or a short series in nm, am^1.5 is am·sqrt(am), fmod(x, 2π)
// uses a fused multiply-add (bit-exact), and the sines and cosines of
// su = atan2(sinu, cosu) + δ, of xinc = xincp + δ, of the Lyddane node and
// of the lunar-solar zf come from already known sines and cosines by angle
// addition with a small δ.
//
// One addition to Vallado: tempa <= 0 (drag has taken the semi-major axis
// through zero) is reported as code 6 instead of propagating on.
func (p *SGP4) sgp4(t float64) (r, v [3]float64, code int) {
	c := &p.grav
	const temp4 = 1.5e-12

	// Update for secular gravity and atmospheric drag.
	xmdf := p.mo + p.mdot*t
	argpdf := p.argpo + p.argpdot*t
	nodedf := p.nodeo + p.nodedot*t
	argpm := argpdf
	mm := xmdf
	t2 := t * t
	nodem := nodedf + p.nodecf*t2
	tempa := 1.0 - p.cc1*t
	tempe := p.bstar * p.cc4 * t
	templ := p.t2cof * t2

	if !p.isimp {
		delomg := p.omgcof * t
		delmtemp := 1.0 + p.eta*math.Cos(xmdf)
		delm := p.xmcof * (delmtemp*delmtemp*delmtemp - p.delmo)
		temp := delomg + delm
		mm = xmdf + temp
		argpm = argpdf - temp
		t3 := t2 * t
		t4 := t3 * t
		tempa = tempa - p.d2*t2 - p.d3*t3 - p.d4*t4
		tempe = tempe + p.bstar*p.cc5*(math.Sin(mm)-p.sinmao)
		templ = templ + p.t3cof*t3 + t4*(p.t4cof+t*p.t5cof)
	}

	nm := p.noUnkozai
	em := p.ecco
	inclm := p.inclo
	if p.deep {
		em, argpm, inclm, mm, nodem, nm = p.dspace(t, em, argpm, inclm, mm, nodem)
	}

	if nm <= 0.0 {
		return r, v, 2
	}
	// (xke/nm)^(2/3) is a constant of the record unless a resonance
	// changes nm; am^1.5 as am·sqrt(am) (both within an ulp of Vallado's pow).
	aBase := p.aBase
	if nm != p.noUnkozai {
		aBase = p.aBase * ratioPow2o3(p.noUnkozai/nm)
	}
	am := aBase * tempa * tempa
	nm = c.xke / (am * math.Sqrt(am))
	em = em - tempe

	// Vallado's current code has the a < 0.95 er test commented out.
	if em >= 1.0 || em < -0.001 {
		return r, v, 1
	}
	// gnssim addition: past tempa = 0 the drag polynomial has taken the
	// semi-major axis through zero, and a = a0·tempa² would grow again;
	// Vallado's code carries on with a meaningless orbit. Report decay.
	if tempa <= 0 {
		return r, v, 6
	}
	if em < 1.0e-6 {
		em = 1.0e-6
	}
	mm = mm + p.noUnkozai*templ
	xlm := mm + argpm + nodem

	nodem = sgpMod2Pi(nodem)
	argpm = sgpMod2Pi(argpm)
	xlm = sgpMod2Pi(xlm)
	mm = sgpMod2Pi(xlm - argpm - nodem)

	// Lunar-solar periodics.
	ep := em
	xincp := inclm
	argpp := argpm
	nodep := nodem
	mp := mm
	sinip, cosip := p.sinio, p.cosio // near Earth, inclm is inclo
	var sinnp, cosnp float64         // sin, cos of nodep when nodeKnown
	nodeKnown := false
	aycof, xlcof := p.aycof, p.xlcof
	con41, x1mth2, x7thm1 := p.con41, p.x1mth2, p.x7thm1
	if p.deep {
		ep, xincp, nodep, argpp, mp, sinip, cosip, sinnp, cosnp, nodeKnown = p.ds.dpper(t, ep, xincp, nodep, argpp, mp)
		if xincp < 0.0 {
			// Vallado negates xincp here. From this point the perturbed
			// inclination is used only through sinip and cosip (xinc =
			// xincp + dinc is formed by angle addition below), so the
			// negation is carried by them and xincp itself is not needed.
			nodep = nodep + sgpPi
			argpp = argpp - sgpPi
			sinip = -sinip // sin is odd, cos even: bit-identical to sin(xincp), cos(xincp)
			sinnp, cosnp = -sinnp, -cosnp
		}
		if ep < 0.0 || ep > 1.0 {
			return r, v, 3
		}
		// Long-period periodics with the perturbed inclination.
		aycof = -0.5 * c.j3oj2 * sinip
		if math.Abs(cosip+1.0) > 1.5e-12 {
			xlcof = -0.25 * c.j3oj2 * sinip * (3.0 + 5.0*cosip) / (1.0 + cosip)
		} else {
			xlcof = -0.25 * c.j3oj2 * sinip * (3.0 + 5.0*cosip) / temp4
		}
	}
	sinargpp, cosargpp := math.Sincos(argpp)
	axnl := ep * cosargpp
	temp := 1.0 / (am * (1.0 - ep*ep))
	aynl := ep*sinargpp + temp*aycof
	xl := mp + argpp + nodep + temp*xlcof*axnl

	// Solve Kepler's equation.
	u := sgpMod2Pi(xl - nodep)
	eo1 := u
	tem5 := 9999.9
	var sineo1, coseo1 float64
	for ktr := 1; math.Abs(tem5) >= 1.0e-12 && ktr <= 10; ktr++ {
		sineo1, coseo1 = math.Sincos(eo1)
		tem5 = 1.0 - coseo1*axnl - sineo1*aynl
		tem5 = (u - aynl*coseo1 + axnl*sineo1 - eo1) / tem5
		if math.Abs(tem5) >= 0.95 {
			if tem5 > 0.0 {
				tem5 = 0.95
			} else {
				tem5 = -0.95
			}
		}
		eo1 = eo1 + tem5
	}

	// Short-period preliminary quantities.
	ecose := axnl*coseo1 + aynl*sineo1
	esine := axnl*sineo1 - aynl*coseo1
	el2 := axnl*axnl + aynl*aynl
	pl := am * (1.0 - el2)
	if pl < 0.0 {
		return r, v, 4
	}
	rl := am * (1.0 - ecose)
	rdotl := math.Sqrt(am) * esine / rl
	rvdotl := math.Sqrt(pl) / rl
	betal := math.Sqrt(1.0 - el2)
	temp = esine / (1.0 + betal)
	sinu := am / rl * (sineo1 - aynl - axnl*temp)
	cosu := am / rl * (coseo1 - axnl + aynl*temp)
	sin2u := (cosu + cosu) * sinu
	cos2u := 1.0 - 2.0*sinu*sinu
	temp = 1.0 / pl
	temp1 := 0.5 * c.j2 * temp
	temp2 := temp1 * temp

	// Update for short-period periodics.
	if p.deep {
		cosisq := cosip * cosip
		con41 = 3.0*cosisq - 1.0
		x1mth2 = 1.0 - cosisq
		x7thm1 = 7.0*cosisq - 1.0
	}
	mrt := rl*(1.0-1.5*temp2*betal*con41) + 0.5*temp1*x1mth2*cos2u
	dsu := -0.25 * temp2 * x7thm1 * sin2u
	dnode := 1.5 * temp2 * cosip * sin2u
	xnode := nodep + dnode
	dinc := 1.5 * temp2 * cosip * sinip * cos2u
	mvt := rdotl - nm*temp1*x1mth2*sin2u/c.xke
	rvdot := rvdotl + nm*temp1*(x1mth2*cos2u+1.5*con41)/c.xke

	// Orientation vectors. Vallado forms su = atan2(sinu, cosu) + dsu and
	// xinc = xincp + dinc and takes their sines and cosines; here the same
	// values come from the known sin/cos of the base angles and the angle-
	// addition formulas with the small corrections (equal to rounding).
	hu := math.Sqrt(sinu*sinu + cosu*cosu) // 1 up to rounding
	su0, cu0 := sinu/hu, cosu/hu
	sd, cd := sgpSincosSmall(dsu)
	sinsu := su0*cd + cu0*sd
	cossu := cu0*cd - su0*sd
	var snod, cnod float64
	if nodeKnown {
		sd, cd = sgpSincosSmall(dnode)
		snod = sinnp*cd + cosnp*sd
		cnod = cosnp*cd - sinnp*sd
	} else {
		snod, cnod = math.Sincos(xnode)
	}
	sd, cd = sgpSincosSmall(dinc)
	sini := sinip*cd + cosip*sd
	cosi := cosip*cd - sinip*sd
	xmx := -snod * cosi
	xmy := cnod * cosi
	ux := xmx*sinsu + cnod*cossu
	uy := xmy*sinsu + snod*cossu
	uz := sini * sinsu
	vx := xmx*cossu - cnod*sinsu
	vy := xmy*cossu - snod*sinsu
	vz := sini * cossu

	// Decayed satellite.
	if mrt < 1.0 {
		return r, v, 6
	}

	// Position and velocity, km and km/s.
	re := c.radiusEarthKm
	r[0] = (mrt * ux) * re
	r[1] = (mrt * uy) * re
	r[2] = (mrt * uz) * re
	v[0] = (mvt*ux + rvdot*vx) * p.vkmpersec
	v[1] = (mvt*uy + rvdot*vy) * p.vkmpersec
	v[2] = (mvt*uz + rvdot*vz) * p.vkmpersec
	return r, v, 0
}
