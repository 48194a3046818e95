package broadcast

import (
	"fmt"
	"math"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/ephemeris/rinex"
	"github.com/gnssim/gnssim/orbit"
)

// Constants is the set of ICD constants a Keplerian ephemeris is evaluated
// with.
type Constants struct {
	GM     float64 // Earth's gravitational constant μ, m³/s²
	OmegaE float64 // Earth rotation rate Ω̇_e, rad/s
	F      float64 // relativistic clock constant F = −2√μ/c², s/m^½
}

// The ICD constants of each system.
var (
	// GPSConstants: IS-GPS-200N Table 20-IV (WGS-84 μ and Ω̇_e as the
	// ICD fixes them) and sec. 20.3.3.3.3.1 (F). QZSS uses the same values
	// (IS-QZSS-PNT), NavIC too (IRNSS SIS ICD for SPS 1.1).
	GPSConstants = Constants{GM: 3.986005e14, OmegaE: 7.2921151467e-5, F: -4.442807633e-10}
	// GalileoConstants: Galileo OS SIS ICD issue 2.0 sec. 5.1.1 (μ, Ω̇_e)
	// and its clock-correction section (F).
	GalileoConstants = Constants{GM: 3.986004418e14, OmegaE: 7.2921151467e-5, F: -4.442807309e-10}
	// BeiDouConstants: BDS-SIS-ICD-B1I 3.0 sec. 3.2 (CGCS2000 μ and Ω̇_e)
	// and 5.2.4 (F), the same in B-CNAV1/2 (BDS-SIS-ICD-B1C 1.0 sec. 3.2
	// and 7).
	BeiDouConstants = Constants{GM: 3.986004418e14, OmegaE: 7.2921150e-5, F: -4.44280731e-10}
)

// ConstantsOf returns the constants for a system's Keplerian ephemerides.
func ConstantsOf(sys ephemeris.System) Constants {
	switch sys {
	case ephemeris.Galileo:
		return GalileoConstants
	case ephemeris.BeiDou:
		return BeiDouConstants
	}
	return GPSConstants
}

// beidouGEOTilt is the −5° inclination of the reference plane of BeiDou GEO
// ephemerides (BDS-SIS-ICD-B1I 3.0 sec. 5.2.4, GEO user algorithm: R_X(−5°)).
const beidouGEOTilt = -5 * math.Pi / 180

// Kepler is a Keplerian broadcast ephemeris made ready for evaluation: GPS,
// QZSS and NavIC LNAV, GPS/QZSS CNAV and CNV2, Galileo I/NAV and F/NAV,
// BeiDou D1/D2 and B-CNAV. It is immutable and safe for concurrent use.
type Kepler struct {
	Rec   rinex.Record // the record it was made from
	P     rinex.Kepler // its parameters
	C     Constants    // the system's constants
	Sys   ephemeris.System
	GEO   bool // BeiDou GEO: evaluated with the GEO rotation
	Scale orbit.TimeScale

	// Derived once.
	a0        float64 // A₀ = (√A)², m
	n0        float64 // computed mean motion √(μ/A₀³), rad/s
	rootOneE2 float64 // √(1 − e²)
	omegaRate float64 // Ω̇ − Ω̇_e (non-GEO) or Ω̇ (GEO), rad/s
	omegaAt0  float64 // Ω₀ − Ω̇_e·t_oe, rad
	toeNs     int64   // t_oe reading of Scale, Unix nanoseconds of the label
	tocNs     int64   // t_oc reading of Scale, Unix nanoseconds of the label
	geoSin    float64 // sin(−5°), cos(−5°)
	geoCos    float64
	sinW      float64 // sin ω, cos ω
	cosW      float64
}

// NewKepler prepares a Keplerian record (a *rinex.GPSEph, *GalileoEph,
// *BeiDouEph or *NavICEph) for evaluation.
func NewKepler(rec rinex.Record) (*Kepler, error) {
	src, ok := rec.(interface{ Orbit() *rinex.Kepler })
	if !ok {
		return nil, fmt.Errorf("broadcast: %T is not a Keplerian ephemeris", rec)
	}
	info := rec.Info()
	p := *src.Orbit()
	k := &Kepler{Rec: rec, P: p, C: ConstantsOf(info.Sat.System), Sys: info.Sat.System, Scale: info.Scale}
	if b, ok := rec.(*rinex.BeiDouEph); ok {
		k.GEO = b.GEO
	}
	if !(p.SqrtA > 0) || p.Ecc < 0 || p.Ecc >= 1 {
		return nil, fmt.Errorf("broadcast: %v record of line %d: √A %v, e %v out of range", info.Sat, info.Line, p.SqrtA, p.Ecc)
	}
	k.a0 = p.SqrtA * p.SqrtA
	k.n0 = math.Sqrt(k.C.GM / (k.a0 * k.a0 * k.a0))
	k.rootOneE2 = math.Sqrt(1 - p.Ecc*p.Ecc)
	if k.GEO {
		// BDS-SIS-ICD-B1I 3.0 sec. 5.2.4, GEO: Ω_k = Ω₀ + Ω̇·t_k − Ω̇_e·t_oe.
		k.omegaRate = p.OmegaDot
	} else {
		// IS-GPS-200 Table 20-IV: Ω_k = Ω₀ + (Ω̇ − Ω̇_e)·t_k − Ω̇_e·t_oe.
		k.omegaRate = p.OmegaDot - k.C.OmegaE
	}
	k.omegaAt0 = p.Omega0 - k.C.OmegaE*p.Toe
	k.toeNs = p.ToeTime.UnixNano()
	k.tocNs = info.Epoch.UnixNano()
	k.geoSin, k.geoCos = math.Sincos(beidouGEOTilt)
	k.sinW, k.cosW = math.Sincos(p.Omega)
	return k, nil
}

// SolveKepler solves Kepler's equation M = E − e·sin E for the eccentric
// anomaly E (rad) and returns it with the number of Newton iterations. M is
// first reduced to [−π, π] (the reduction is added back to E), the
// iteration starts from E₀ = M + e·sin M and stops when a Newton correction
// falls below 1e-12 rad: the error left is then of the order of the square
// of that correction, far below float64 resolution. For the eccentricities
// of GNSS orbits (e < 0.1) that takes at most four iterations
// (TestSolveKepler), with a cap of 50 for any e < 1.
func SolveKepler(m, e float64) (float64, int) {
	mr := m
	if mr > math.Pi || mr < -math.Pi {
		mr -= 2 * math.Pi * math.Round(m/(2*math.Pi))
	}
	s, _ := math.Sincos(mr)
	ea := mr + e*s
	i := 1
	for ; i <= 50; i++ {
		se, ce := math.Sincos(ea)
		d := (ea - e*se - mr) / (1 - e*ce)
		ea -= d
		if math.Abs(d) < 1e-12 {
			break
		}
	}
	return ea + (m - mr), min(i, 50)
}

// TkFromSOW returns t_k = t − t_oe from seconds of week with the ICD's
// week-crossover rule (IS-GPS-200 Table 20-IV note: if t_k > 302400 s
// subtract 604800 s, if t_k < −302400 s add 604800 s). Kepler itself
// computes t_k from full readings, which needs no such rule; this function
// is the ICD form, kept for checks.
func TkFromSOW(t, toe float64) float64 {
	tk := t - toe
	if tk > 302400 {
		tk -= 604800
	} else if tk < -302400 {
		tk += 604800
	}
	return tk
}

// labelOffsetNs returns (reading of scale s − UTC) in nanoseconds at a UTC
// instant with the given TAI − UTC (leap seconds).
func labelOffsetNs(s orbit.TimeScale, leap int) int64 {
	switch s {
	case orbit.GPST, orbit.GST:
		return int64(leap-19) * 1e9
	case orbit.BDT:
		return int64(leap-33) * 1e9
	case orbit.TAI:
		return int64(leap) * 1e9
	case orbit.GLONASST:
		return int64(3 * time.Hour)
	}
	return 0
}

// Tk returns t_k, the time from t_oe to the UTC instant t in seconds of the
// system's time scale (leap seconds accounted for).
func (k *Kepler) Tk(t time.Time) float64 {
	return k.tkAt(t.UnixNano(), orbit.LeapSeconds(t))
}

func (k *Kepler) tkAt(utcNs int64, leap int) float64 {
	return float64(utcNs+labelOffsetNs(k.Scale, leap)-k.toeNs) * 1e-9
}

// ECEF returns the Earth-fixed position in metres t_k seconds after t_oe,
// by the user algorithm of IS-GPS-200 Table 20-IV (legacy), 30-II (CNAV:
// A_k = A₀ + Ȧ·t_k, n_A = n₀ + Δn₀ + ½Δṅ₀·t_k), the Galileo OS SIS ICD
// sec. 5.1.1, and BDS-SIS-ICD-B1I 3.0 sec. 5.2.4 (for GEO: the orbit in the
// frame of the inclined reference plane, then R_Z(Ω̇_e·t_k)·R_X(−5°)).
// It also returns the eccentric anomaly E, which the clock's relativistic
// term needs.
func (k *Kepler) ECEF(tk float64) (pos [3]float64, eccAnomaly float64) {
	p := &k.P
	a := k.a0 + p.ADot*tk
	n := k.n0 + p.DeltaN + 0.5*p.DeltaNDot*tk
	ea, _ := SolveKepler(p.M0+n*tk, p.Ecc)
	se, ce := math.Sincos(ea)
	// True anomaly ν through its sine and cosine, sin ν = √(1−e²)·sin E /
	// (1 − e·cos E), cos ν = (cos E − e)/(1 − e·cos E): the atan2 of the
	// ICD is not needed, only Φ = ν + ω's sine and cosine (angle sum with
	// the precomputed sin ω, cos ω).
	den := 1 - p.Ecc*ce
	sn, cn := k.rootOneE2*se/den, (ce-p.Ecc)/den
	sphi := sn*k.cosW + cn*k.sinW
	cphi := cn*k.cosW - sn*k.sinW
	s2, c2 := 2*sphi*cphi, cphi*cphi-sphi*sphi // sin 2Φ, cos 2Φ
	du := p.Cus*s2 + p.Cuc*c2
	r := a*den + p.Crs*s2 + p.Crc*c2
	inc := p.I0 + p.Cis*s2 + p.Cic*c2 + p.IDot*tk
	// u = Φ + δu: sin u, cos u by the angle sum, with sin δu, cos δu from
	// their series when δu is small (GNSS harmonic terms are ~1e-5 rad; the
	// series truncation, δu⁶/720, is below 1e-21 for |δu| < 1e-3).
	var sdu, cdu float64
	if d2 := du * du; d2 < 1e-6 {
		sdu = du * (1 - d2/6*(1-d2/20))
		cdu = 1 - d2/2*(1-d2/12*(1-d2/30))
	} else {
		sdu, cdu = math.Sincos(du)
	}
	su, cu := sphi*cdu+cphi*sdu, cphi*cdu-sphi*sdu
	xp, yp := r*cu, r*su
	so, co := math.Sincos(k.omegaAt0 + k.omegaRate*tk)
	si, ci := math.Sincos(inc)
	x := xp*co - yp*ci*so
	y := xp*so + yp*ci*co
	z := yp * si
	if !k.GEO {
		return [3]float64{x, y, z}, ea
	}
	// R_X(φ) = [1 0 0; 0 cos φ sin φ; 0 −sin φ cos φ] with φ = −5°.
	y1 := k.geoCos*y + k.geoSin*z
	z1 := -k.geoSin*y + k.geoCos*z
	// R_Z(θ) = [cos θ sin θ 0; −sin θ cos θ 0; 0 0 1] with θ = Ω̇_e·t_k.
	st, ct := math.Sincos(k.C.OmegaE * tk)
	return [3]float64{ct*x + st*y1, -st*x + ct*y1, z1}, ea
}

// PositionKm returns the Earth-fixed position in km at the UTC instant t.
// It does not check the fit interval; Source does.
func (k *Kepler) PositionKm(t time.Time) [3]float64 {
	p, _ := k.ECEF(k.Tk(t))
	return [3]float64{p[0] * 1e-3, p[1] * 1e-3, p[2] * 1e-3}
}

// ClockOffset returns the satellite clock offset Δt_sv (s) at the UTC
// instant t: a_f0 + a_f1·(t − t_oc) + a_f2·(t − t_oc)² + F·e·√A·sin E
// (IS-GPS-200 sec. 20.3.3.3.3.1), without group delays.
func (k *Kepler) ClockOffset(t time.Time) float64 {
	leap := orbit.LeapSeconds(t)
	tk := k.tkAt(t.UnixNano(), leap)
	dt := float64(t.UnixNano()+labelOffsetNs(k.Scale, leap)-k.tocNs) * 1e-9
	_, ea := k.ECEF(tk)
	p := &k.P
	return p.Af0 + p.Af1*dt + p.Af2*dt*dt + k.C.F*p.Ecc*p.SqrtA*math.Sin(ea)
}
