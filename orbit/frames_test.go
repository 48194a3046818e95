package orbit

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"
)

const (
	frmDeg    = math.Pi / 180
	frmArcsec = math.Pi / (180 * 3600)
)

// Vallado, Crawford, Hujsak & Kelso, "Revisiting Spacetrack Report #3",
// AIAA 2006-6753, appendix C (the same case as Vallado, "Fundamentals of
// Astrodynamics and Applications", example 3-15): a TEME state at
// 2004-04-06 07:51:28.386009 UTC with the IERS EOP of that day.
var (
	frmValladoEpoch = time.Date(2004, 4, 6, 7, 51, 28, 386009000, time.UTC)
	frmValladoEOP   = EOP{
		DUT1Sec: -0.4399619,            // ΔUT1, s
		XpRad:   -0.140682 * frmArcsec, // xp = -0.140682″
		YpRad:   0.333309 * frmArcsec,  // yp = 0.333309″
		LODSec:  0.0015563,             // LOD, s
	}
	frmValladoRTEME = [3]float64{5094.18016210, 6127.64465950, 6380.34453270} // km
	frmValladoVTEME = [3]float64{-4.746131487, 0.785818041, 5.531931288}      // km/s
	frmValladoRITRF = [3]float64{-1033.4793830, 7901.2952754, 6380.3565958}   // km
	frmValladoVITRF = [3]float64{-3.225636520, -2.872451450, 5.531924446}     // km/s
)

func frmDist(a, b [3]float64) float64 {
	return math.Sqrt((a[0]-b[0])*(a[0]-b[0]) + (a[1]-b[1])*(a[1]-b[1]) + (a[2]-b[2])*(a[2]-b[2]))
}

func frmCross(a, b [3]float64) [3]float64 {
	return [3]float64{a[1]*b[2] - a[2]*b[1], a[2]*b[0] - a[0]*b[2], a[0]*b[1] - a[1]*b[0]}
}

func frmNorm(a [3]float64) float64 { return math.Sqrt(a[0]*a[0] + a[1]*a[1] + a[2]*a[2]) }

// frmValladoSingleJDEOP returns eop with DUT1 adjusted so that the UT1 Julian
// date used equals Vallado's: his jday/teme2ecef carry jdut1 as ONE float64
// (2453101.8 has a resolution of 2^-31 d ≈ 40 µs), where we keep whole +
// frac. This reproduces his arithmetic exactly through our own code.
func frmValladoSingleJDEOP(t time.Time, eop EOP) EOP {
	w, f := eop.UT1JulianDate(t)
	single := w + f // rounded like Vallado's jdut1
	eop.DUT1Sec += ((single - w) - f) * 86400
	return eop
}

func TestTEMEToECEFVallado(t *testing.T) {
	// 1. Our full-precision result against the published one. The only
	// difference is Vallado's single-float64 Julian date: half its 40 µs
	// resolution (20 µs) of Earth rotation is 7.292e-5 rad/s · 2.0e-5 s ·
	// |r_xy| (7967 km) = 1.2e-5 km in position and · |v_xy| (4.3 km/s) =
	// 6.3e-9 km/s in velocity; the published digits add ≤ 9e-8 km and
	// ≤ 9e-10 km/s. Measured: 8.6e-6 km and 4.2e-9 km/s.
	r, v := TEMEToECEF(frmValladoRTEME, frmValladoVTEME, frmValladoEpoch, frmValladoEOP)
	dr, dv := frmDist(r, frmValladoRITRF), frmDist(v, frmValladoVITRF)
	t.Logf("full precision: |Δr| = %.3g km, |Δv| = %.3g km/s", dr, dv)
	if dr > 1.2e-5 || dv > 7.2e-9 {
		t.Errorf("TEMEToECEF = %.7f, %.9f\nwant (Vallado)   %.7f, %.9f (|Δr| %.3g km, |Δv| %.3g km/s)",
			r, v, frmValladoRITRF, frmValladoVITRF, dr, dv)
	}

	// 2. With Vallado's Julian-date rounding reproduced, the result must
	// match to the published digits: output rounding to 7 decimals of km
	// (±5e-8 per component, 8.7e-8 km as a frmNorm) plus the input's 8
	// decimals (8.7e-9 km) gives 1e-7 km; 9 decimals of km/s in and out
	// give 2 × 8.7e-10 = 1.7e-9 km/s. Measured: 6.3e-8 km, 7.0e-10 km/s.
	eop := frmValladoSingleJDEOP(frmValladoEpoch, frmValladoEOP)
	r, v = TEMEToECEF(frmValladoRTEME, frmValladoVTEME, frmValladoEpoch, eop)
	dr, dv = frmDist(r, frmValladoRITRF), frmDist(v, frmValladoVITRF)
	t.Logf("Vallado JD arithmetic: |Δr| = %.3g km, |Δv| = %.3g km/s", dr, dv)
	if dr > 1e-7 || dv > 1.7e-9 {
		t.Errorf("with Vallado's JD rounding: TEMEToECEF = %.7f, %.9f\nwant %.7f, %.9f (|Δr| %.3g km, |Δv| %.3g km/s)",
			r, v, frmValladoRITRF, frmValladoVITRF, dr, dv)
	}

	// 3. Each term is visible at that precision, so this test would catch a
	// missing or misplaced term: every variant must be far outside the
	// tolerances of step 2.
	variants := []struct {
		name   string
		eop    EOP
		minDr  float64 // km
		minDv  float64 // km/s
		viaDv  bool
		mutate func(r, v [3]float64) ([3]float64, [3]float64)
	}{
		{name: "no polar motion", eop: EOP{DUT1Sec: eop.DUT1Sec, LODSec: eop.LODSec}, minDr: 1e-3},
		{name: "no DUT1", eop: EOP{DUT1Sec: eop.DUT1Sec - frmValladoEOP.DUT1Sec, XpRad: eop.XpRad, YpRad: eop.YpRad, LODSec: eop.LODSec}, minDr: 0.1},
		{name: "no LOD", eop: EOP{DUT1Sec: eop.DUT1Sec, XpRad: eop.XpRad, YpRad: eop.YpRad}, minDv: 5e-9, viaDv: true},
		{name: "polar motion transposed", eop: EOP{DUT1Sec: eop.DUT1Sec, XpRad: -eop.XpRad, YpRad: -eop.YpRad, LODSec: eop.LODSec}, minDr: 1e-3},
	}
	for _, c := range variants {
		r, v := TEMEToECEF(frmValladoRTEME, frmValladoVTEME, frmValladoEpoch, c.eop)
		dr, dv := frmDist(r, frmValladoRITRF), frmDist(v, frmValladoVITRF)
		t.Logf("variant %-24s |Δr| = %.3g km, |Δv| = %.3g km/s", c.name, dr, dv)
		if c.viaDv && dv < c.minDv || !c.viaDv && dr < c.minDr {
			t.Errorf("variant %q agrees with Vallado too well (|Δr| %.3g km, |Δv| %.3g km/s): the test is not sensitive to it", c.name, dr, dv)
		}
	}
}

// frmSlowTEMEToECEF is an independent implementation of Vallado's teme2ecef
// with gonum matrices: the frame rotation R3(θ) and the polar-motion matrix
// W = R1(yp)·R2(xp) built as products of elementary rotations (not
// Vallado's expanded polarm), and the velocity term as ω×r with ω along z.
func frmSlowTEMEToECEF(rTEME, vTEME [3]float64, t time.Time, eop EOP) (r, v [3]float64) {
	w, f := JulianDate(t)
	theta := GMST82(w, f+eop.DUT1Sec/86400)
	rot := func(axis int, a float64) *mat.Dense { // frame rotation R_axis(a)
		s, c := math.Sincos(a)
		m := mat.NewDense(3, 3, nil)
		i, j := (axis+1)%3, (axis+2)%3
		m.Set(axis, axis, 1)
		m.Set(i, i, c)
		m.Set(j, j, c)
		m.Set(i, j, s)
		m.Set(j, i, -s)
		return m
	}
	st := rot(2, theta) // R3(θ): TEME -> PEF
	var pmat mat.Dense  // W: ITRF -> PEF; ITRF = Wᵀ PEF
	pmat.Mul(rot(0, eop.YpRad), rot(1, eop.XpRad))
	var full mat.Dense
	full.Mul(pmat.T(), st)
	rt := mat.NewVecDense(3, rTEME[:])
	vt := mat.NewVecDense(3, vTEME[:])
	var rPEF, vPEF, rOut, vOut mat.VecDense
	rPEF.MulVec(st, rt)
	vPEF.MulVec(st, vt)
	om := EarthRotationRateRadPerSec * (1 - eop.LODSec/86400)
	vPEF.SetVec(0, vPEF.AtVec(0)+om*rPEF.AtVec(1))
	vPEF.SetVec(1, vPEF.AtVec(1)-om*rPEF.AtVec(0))
	rOut.MulVec(full.Slice(0, 3, 0, 3), rt)
	vOut.MulVec(pmat.T(), &vPEF)
	for i := range 3 {
		r[i], v[i] = rOut.AtVec(i), vOut.AtVec(i)
	}
	return r, v
}

// frmRandomState returns a GNSS-like TEME state (radius 20 000–43 000 km).
func frmRandomState(rng *rand.Rand) (r, v [3]float64) {
	for i := range 3 {
		r[i] = rng.NormFloat64()
		v[i] = rng.NormFloat64()
	}
	rad := 20000 + 23000*rng.Float64()
	sp := 3 + rng.Float64()
	nr, nv := frmNorm(r), frmNorm(v)
	for i := range 3 {
		r[i] *= rad / nr
		v[i] *= sp / nv
	}
	return r, v
}

func frmRandomEOP(rng *rand.Rand) EOP {
	return EOP{
		DUT1Sec: 1.8*rng.Float64() - 0.9,
		XpRad:   (rng.Float64() - 0.5) * frmArcsec,
		YpRad:   (rng.Float64() - 0.5) * frmArcsec,
		LODSec:  0.004 * (rng.Float64() - 0.5),
	}
}

func frmRandomTime(rng *rand.Rand, fromYear, toYear int) time.Time {
	a := time.Date(fromYear, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano()
	b := time.Date(toYear, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano()
	return time.Unix(0, a+rng.Int64N(b-a)).UTC()
}

func TestTEMEToECEFAgainstSlowPath(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var maxDr, maxDv float64
	for i := range 2000 {
		r, v := frmRandomState(rng)
		tm := frmRandomTime(rng, 1990, 2040)
		eop := EOP{}
		if i%2 == 1 {
			eop = frmRandomEOP(rng)
		}
		gr, gv := TEMEToECEF(r, v, tm, eop)
		sr, sv := frmSlowTEMEToECEF(r, v, tm, eop)
		maxDr = max(maxDr, frmDist(gr, sr))
		maxDv = max(maxDv, frmDist(gv, sv))
	}
	t.Logf("max |Δr| = %.3g km, max |Δv| = %.3g km/s over 2000 states", maxDr, maxDv)
	// Rounding only: a few ULPs of 43 000 km (7.3e-12 km) and of 4 km/s.
	if maxDr > 5e-11 || maxDv > 1e-14 {
		t.Errorf("TEMEToECEF differs from the gonum slow path: |Δr| %.3g km, |Δv| %.3g km/s", maxDr, maxDv)
	}
}

func TestTEMEECEFRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var maxDr, maxDv float64
	for i := range 2000 {
		r, v := frmRandomState(rng)
		tm := frmRandomTime(rng, 1950, 2100)
		eop := EOP{}
		if i%2 == 1 {
			eop = frmRandomEOP(rng)
		}
		re, ve := TEMEToECEF(r, v, tm, eop)
		r2, v2 := ECEFToTEME(re, ve, tm, eop)
		maxDr = max(maxDr, frmDist(r, r2))
		maxDv = max(maxDv, frmDist(v, v2))
		rot := NewEarthRotation(tm, eop)
		r3, v3 := rot.ECEFToTEME(rot.TEMEToECEF(r, v))
		maxDr = max(maxDr, frmDist(r, r3))
		maxDv = max(maxDv, frmDist(v, v3))
	}
	t.Logf("round trip: max |Δr| = %.3g km, max |Δv| = %.3g km/s", maxDr, maxDv)
	if maxDr > 1e-9 || maxDv > 1e-12 { // brief: 1e-9 km; rounding is ~1e-11 km
		t.Errorf("TEME->ECEF->TEME round trip error |Δr| %.3g km, |Δv| %.3g km/s", maxDr, maxDv)
	}
}

func TestEarthRotationMatchesTEMEToECEF(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var maxDr, maxDv float64
	for i := range 200 {
		tm := frmRandomTime(rng, 1990, 2040)
		eop := EOP{}
		switch i % 3 {
		case 1:
			eop = frmRandomEOP(rng)
		case 2:
			eop = EOP{DUT1Sec: 0.3, LODSec: 0.001} // no polar motion, other terms set
		}
		rot := NewEarthRotation(tm, eop)
		if g := GMST82(eop.UT1JulianDate(tm)); rot.GMSTRad() != g {
			t.Fatalf("GMSTRad = %v, want %v", rot.GMSTRad(), g)
		}
		for range 10 {
			r, v := frmRandomState(rng)
			wr, wv := TEMEToECEF(r, v, tm, eop)
			gr, gv := rot.TEMEToECEF(r, v)
			maxDr = max(maxDr, frmDist(gr, wr), frmDist(rot.TEMEToECEFPos(r), wr))
			maxDv = max(maxDv, frmDist(gv, wv))
			br, bv := ECEFToTEME(wr, wv, tm, eop)
			cr, cv := rot.ECEFToTEME(wr, wv)
			maxDr = max(maxDr, frmDist(br, cr))
			maxDv = max(maxDv, frmDist(bv, cv))
		}
	}
	t.Logf("fast vs reference: max |Δr| = %.3g km, max |Δv| = %.3g km/s", maxDr, maxDv)
	if maxDr > 1e-12*43 || maxDv > 1e-14 { // 1e-12 relative to 43 000 km radii, i.e. 4.3e-11 km
		t.Errorf("EarthRotation differs from TEMEToECEF/ECEFToTEME: |Δr| %.3g km, |Δv| %.3g km/s", maxDr, maxDv)
	}
}

func TestEarthRotationAllocs(t *testing.T) {
	rot := NewEarthRotation(frmValladoEpoch, frmValladoEOP)
	r, v := frmValladoRTEME, frmValladoVTEME
	var sink [3]float64
	if n := testing.AllocsPerRun(100, func() {
		a, b := rot.TEMEToECEF(r, v)
		c := rot.TEMEToECEFPos(r)
		d, e := rot.ECEFToTEME(a, b)
		sink[0] += a[0] + c[0] + d[0] + e[0]
	}); n != 0 {
		t.Errorf("EarthRotation methods allocate %v times per call, want 0", n)
	}
	if n := testing.AllocsPerRun(100, func() {
		e := NewEarthRotation(frmValladoEpoch, frmValladoEOP)
		a, _ := TEMEToECEF(r, v, frmValladoEpoch, EOP{})
		sink[1] += e.GMSTRad() + a[0]
	}); n != 0 {
		t.Errorf("NewEarthRotation/TEMEToECEF allocate %v times per call, want 0", n)
	}
	_ = sink
}

func TestEOPValidate(t *testing.T) {
	tests := []struct {
		name string
		eop  EOP
		ok   bool
	}{
		{"zero", EOP{}, true},
		{"Vallado 2004-04-06", frmValladoEOP, true},
		{"DUT1 0.9 s", EOP{DUT1Sec: -0.9}, true},
		{"DUT1 1 s", EOP{DUT1Sec: 1}, false},
		{"DUT1 NaN", EOP{DUT1Sec: math.NaN()}, false},
		{"xp in arcsec by mistake", EOP{XpRad: 0.2}, false},
		{"yp +Inf", EOP{YpRad: math.Inf(1)}, false},
		{"LOD in ms by mistake", EOP{LODSec: 1.5}, false},
	}
	for _, c := range tests {
		err := c.eop.Validate()
		if (err == nil) != c.ok {
			t.Errorf("%s: Validate() = %v, want ok=%v", c.name, err, c.ok)
		}
	}
}

func TestECEFENURoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for range 1000 {
		lat := (rng.Float64() - 0.5) * math.Pi
		lon := (rng.Float64() - 0.5) * 2 * math.Pi
		d := [3]float64{rng.NormFloat64() * 1e4, rng.NormFloat64() * 1e4, rng.NormFloat64() * 1e4}
		enu := ECEFToENU(d, lat, lon)
		back := ENUToECEF(enu, lat, lon)
		// An orthonormal rotation and its transpose: rounding ~1e-16 relative.
		if e := frmDist(back, d); e > 1e-15*8*frmNorm(d) {
			t.Fatalf("ENU round trip at lat %v lon %v: error %g km for |d| %g km", lat, lon, e, frmNorm(d))
		}
		if e := math.Abs(frmNorm(enu) - frmNorm(d)); e > 1e-15*4*frmNorm(d) {
			t.Fatalf("ECEFToENU changes length by %g km", e)
		}
	}
}

// frmSlowLookAngles computes az/el/range with gonum: the ECEF->ENU matrix
// as the product of the frame rotations R1(π/2 − φ)·R3(π/2 + λ) (the
// textbook construction, independent of ENUBasis), then az = atan2(e, n),
// el = asin(u/ρ).
func frmSlowLookAngles(rx [3]float64, lat, lon float64, sat [3]float64) (az, el, rng float64) {
	r1 := func(a float64) *mat.Dense {
		s, c := math.Sincos(a)
		return mat.NewDense(3, 3, []float64{1, 0, 0, 0, c, s, 0, -s, c})
	}
	r3 := func(a float64) *mat.Dense {
		s, c := math.Sincos(a)
		return mat.NewDense(3, 3, []float64{c, s, 0, -s, c, 0, 0, 0, 1})
	}
	var m mat.Dense
	m.Mul(r1(math.Pi/2-lat), r3(math.Pi/2+lon))
	d := mat.NewVecDense(3, []float64{sat[0] - rx[0], sat[1] - rx[1], sat[2] - rx[2]})
	var enu mat.VecDense
	enu.MulVec(&m, d)
	rng = mat.Norm(d, 2)
	az = math.Atan2(enu.AtVec(0), enu.AtVec(1))
	if az < 0 {
		az += 2 * math.Pi
	}
	return az, math.Asin(enu.AtVec(2) / rng), rng
}

// frmAngleDiff returns |a − b| modulo 2π, in [0, π].
func frmAngleDiff(a, b float64) float64 {
	d := math.Mod(math.Abs(a-b), 2*math.Pi)
	return min(d, 2*math.Pi-d)
}

func TestLookAnglesHandChecked(t *testing.T) {
	// Receiver on the equator at 90°E: up = +y, east = −x, north = +z exactly.
	rx90 := [3]float64{0, WGS84A, 0}
	// Receiver at the north pole (longitude 0): north points to −x, so any
	// point in the +x direction is due south, and up is +z.
	rxPole := [3]float64{0, 0, WGS84B}
	// GEO radius 42164.17 km: (μ/ω²)^(1/3) with μ = 398600.4418 km³/s²
	// (WGS-84) and ω = 7.292115e-5 rad/s.
	const geo = 42164.17
	rx0 := [3]float64{WGS84A, 0, 0}
	tests := []struct {
		name        string
		rx          [3]float64
		lat, lon    float64
		sat         [3]float64
		az, el, rng float64 // rad, rad, km; az < 0: do not check (zenith)
	}{
		{"zenith at 90E", rx90, 0, math.Pi / 2, [3]float64{0, WGS84A + 20200, 0}, -1, math.Pi / 2, 20200},
		{"GEO overhead at 0,0", rx0, 0, 0, [3]float64{geo, 0, 0}, -1, math.Pi / 2, geo - WGS84A},
		{"nadir (below) at 0,0", rx0, 0, 0, [3]float64{0, 0, 0}, -1, -math.Pi / 2, WGS84A},
		{"due north on horizon", rx90, 0, math.Pi / 2, [3]float64{0, WGS84A, 1000}, 0, 0, 1000},
		{"due east on horizon", rx90, 0, math.Pi / 2, [3]float64{-1000, WGS84A, 0}, math.Pi / 2, 0, 1000},
		{"due south on horizon", rx90, 0, math.Pi / 2, [3]float64{0, WGS84A, -1000}, math.Pi, 0, 1000},
		{"due west on horizon", rx90, 0, math.Pi / 2, [3]float64{1000, WGS84A, 0}, 3 * math.Pi / 2, 0, 1000},
		{"NE at 45 deg elevation", rx90, 0, math.Pi / 2, [3]float64{-1, WGS84A + math.Sqrt2, 1}, math.Pi / 4, math.Pi / 4, 2},
		{"NW at 45 deg", rx90, 0, math.Pi / 2, [3]float64{1, WGS84A + math.Sqrt2, 1}, 7 * math.Pi / 4, math.Pi / 4, 2},
		{"pole: +x is due south", rxPole, math.Pi / 2, 0, [3]float64{1000, 0, WGS84B}, math.Pi, 0, 1000},
		{"pole: +y is due east", rxPole, math.Pi / 2, 0, [3]float64{0, 1000, WGS84B}, math.Pi / 2, 0, 1000},
		{"pole: 30 deg elevation south", rxPole, math.Pi / 2, 0, [3]float64{math.Sqrt(3), 0, WGS84B + 1}, math.Pi, math.Pi / 6, 2},
	}
	for _, c := range tests {
		az, el, rng := LookAngles(c.rx, c.lat, c.lon, c.sat)
		// Exact geometry: tolerances are rounding of km-sized numbers
		// (1e-12 rad in angle, 1e-9 km in range).
		if c.az >= 0 && frmAngleDiff(az, c.az) > 1e-12 || math.Abs(el-c.el) > 1e-12 || math.Abs(rng-c.rng) > 1e-9 {
			t.Errorf("%s: az, el, range = %.15g°, %.15g°, %.12g km; want %.15g°, %.15g°, %.12g km",
				c.name, az/frmDeg, el/frmDeg, rng, c.az/frmDeg, c.el/frmDeg, c.rng)
		}
		if az < 0 || az >= 2*math.Pi {
			t.Errorf("%s: azimuth %v outside [0, 2π)", c.name, az)
		}
	}

	az, el, rng := LookAngles(rx90, 0, math.Pi/2, rx90)
	if !math.IsNaN(az) || !math.IsNaN(el) || rng != 0 {
		t.Errorf("coincident points: got %v, %v, %v; want NaN, NaN, 0", az, el, rng)
	}
}

func TestLookAnglesEllipsoidNormal(t *testing.T) {
	// At 45°N the ellipsoid normal differs from the geocentric radial by
	// the well-known maximum φgd − φgc ≈ 0.1924° (11.5′): a
	// satellite straight above the receiver along the geocentric radius is
	// therefore NOT at 90° elevation but at 90° − (φgd − φgc).
	lat := 45 * frmDeg
	rx := GeodeticToECEF(lat, 0, 0)
	k := (WGS84A + 20000) / frmNorm(rx)
	sat := [3]float64{rx[0] * k, rx[1] * k, rx[2] * k}
	_, el, _ := LookAngles(rx, lat, 0, sat)
	// Angle between the normal (lat) and the direction sat − rx, which is
	// parallel to rx (geocentric latitude atan2(z, x)).
	want := math.Pi/2 - (lat - math.Atan2(rx[2], rx[0]))
	if math.Abs(el-want) > 1e-12 {
		t.Errorf("elevation along the geocentric radius at 45N = %.12f°, want %.12f°", el/frmDeg, want/frmDeg)
	}
	if d := (math.Pi/2 - el) / frmDeg; d < 0.19 || d > 0.1925 {
		t.Errorf("geodetic-geocentric difference at 45N = %.5f°, want ≈ 0.1924°", d)
	}
}

func TestLookAnglesAgainstSlowPath(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	var maxA, maxE, maxR float64
	for range 3000 {
		lat := (rng.Float64() - 0.5) * math.Pi
		lon := (rng.Float64() - 0.5) * 2 * math.Pi
		rx := GeodeticToECEF(lat, lon, -0.5+9*rng.Float64())
		sat, _ := frmRandomState(rng)
		az, el, r := LookAngles(rx, lat, lon, sat)
		saz, sel, sr := frmSlowLookAngles(rx, lat, lon, sat)
		if az < 0 || az >= 2*math.Pi || el < -math.Pi/2 || el > math.Pi/2 {
			t.Fatalf("angles out of range: az %v el %v", az, el)
		}
		// The azimuth is ill-conditioned near the zenith: weight by cos(el).
		maxA = max(maxA, frmAngleDiff(az, saz)*math.Cos(el))
		maxE = max(maxE, math.Abs(el-sel))
		maxR = max(maxR, math.Abs(r-sr))
	}
	t.Logf("vs gonum slow path: max Δaz·cos(el) = %.3g rad, max Δel = %.3g rad, max Δrange = %.3g km", maxA, maxE, maxR)
	// Rounding only (measured ~1e-14 rad, 2e-11 km); asin in the slow path
	// is ill-conditioned right at ±90°, which random cases do not reach.
	if maxA > 1e-12 || maxE > 1e-12 || maxR > 1e-10 {
		t.Errorf("LookAngles differs from the slow path: Δaz %.3g, Δel %.3g rad, Δrange %.3g km", maxA, maxE, maxR)
	}
}

// BenchmarkEarthRotationTEMEToECEF converts a constellation-sized batch (48
// satellites, about GLONASS + BeiDou) per op with one rotation, as the hot
// loop does, and reports the cost per satellite.
func BenchmarkEarthRotationTEMEToECEF(b *testing.B) {
	const nSat = 48
	rng := rand.New(rand.NewPCG(41, 42))
	var rs, vs [nSat][3]float64
	for i := range rs {
		rs[i], vs[i] = frmRandomState(rng)
	}
	rot := NewEarthRotation(frmValladoEpoch, EOP{})
	var sink float64
	b.ReportAllocs()
	for b.Loop() {
		for i := range rs {
			re, ve := rot.TEMEToECEF(rs[i], vs[i])
			sink += re[0] + ve[0]
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/nSat, "ns/sat")
	_ = sink
}

func BenchmarkEarthRotationTEMEToECEFPos(b *testing.B) {
	rot := NewEarthRotation(frmValladoEpoch, EOP{})
	r := frmValladoRTEME
	var sink float64
	b.ReportAllocs()
	for b.Loop() {
		sink += rot.TEMEToECEFPos(r)[0]
		r[0] += 1e-9
	}
	_ = sink
}

func BenchmarkTEMEToECEF(b *testing.B) {
	for _, c := range []struct {
		name string
		eop  EOP
	}{{"eop=none", EOP{}}, {"eop=full", frmValladoEOP}} {
		b.Run(c.name, func(b *testing.B) {
			var sink float64
			b.ReportAllocs()
			for b.Loop() {
				re, _ := TEMEToECEF(frmValladoRTEME, frmValladoVTEME, frmValladoEpoch, c.eop)
				sink += re[0]
			}
			_ = sink
		})
	}
}

func BenchmarkNewEarthRotation(b *testing.B) {
	var sink float64
	b.ReportAllocs()
	for b.Loop() {
		e := NewEarthRotation(frmValladoEpoch, frmValladoEOP)
		sink += e.GMSTRad()
	}
	_ = sink
}

func BenchmarkLookAngles(b *testing.B) {
	lat, lon := 45*frmDeg, 10*frmDeg
	rx := GeodeticToECEF(lat, lon, 0.2)
	sat := frmValladoRITRF
	var sink float64
	b.ReportAllocs()
	for b.Loop() {
		az, el, r := LookAngles(rx, lat, lon, sat)
		sink += az + el + r
	}
	_ = sink
}
