// Package simtest builds synthetic ephemerides for tests and benchmarks of
// package sim without SGP4: satellites placed at chosen azimuth/elevation
// from a site, and circular Keplerian orbits of the real GLONASS and BeiDou
// constellations rotated with the Earth.
package simtest

import (
	"fmt"
	"math"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
)

const (
	// MuKm3s2 is the Earth's gravitational parameter (WGS-84, km³/s²).
	MuKm3s2 = 398600.4418
	// OmegaEarth is the Earth's rotation rate (WGS-84, rad/s).
	OmegaEarth = 7.2921151467e-5
	deg        = math.Pi / 180
)

// CircularOrbit is a satellite on a circular Keplerian orbit.
type CircularOrbit struct {
	Sat       sim.Satellite
	AKm       float64 // semi-major axis (radius), km
	IncDeg    float64 // inclination, degrees
	RAANDeg   float64 // right ascension of the ascending node (inertial), degrees
	ArgLatDeg float64 // argument of latitude at the first epoch of the grid, degrees
	// RateRadS is the angular rate along the orbit (rad/s); 0 means the
	// Keplerian mean motion √(μ/a³).
	RateRadS float64
}

// walker returns a Walker t/p/f constellation.
func walker(sys ephemeris.System, prefix string, first, t, p, f int, aKm, incDeg, raan0Deg float64) []CircularOrbit {
	var out []CircularOrbit
	s := t / p
	for i := 0; i < p; i++ {
		for j := 0; j < s; j++ {
			n := first + i*s + j
			out = append(out, CircularOrbit{
				Sat:       sim.Satellite{System: sys, PRN: fmt.Sprintf("%s%02d", prefix, n), Name: fmt.Sprintf("%s plane %d slot %d", sys.Title(), i+1, j+1)},
				AKm:       aKm,
				IncDeg:    incDeg,
				RAANDeg:   raan0Deg + float64(i)*360/float64(p),
				ArgLatDeg: float64(j)*360/float64(s) + float64(i*f)*360/float64(t),
			})
		}
	}
	return out
}

// GLONASS returns the nominal GLONASS constellation: 24 satellites in 3
// planes 120° apart, 8 per plane 45° apart, inter-plane phasing 15°,
// i = 64.8°, a = 25508 km (ICD GLONASS 2008, section 3.1).
func GLONASS() []CircularOrbit {
	return walker(ephemeris.GLONASS, "R", 1, 24, 3, 1, 25508, 64.8, 0)
}

// geosyncAKm is the radius of a circular orbit with period one sidereal day.
var geosyncAKm = math.Cbrt(MuKm3s2 / (OmegaEarth * OmegaEarth))

// BeiDou returns a nominal BeiDou-3 constellation: 3 GEO at 80°E, 110.5°E
// and 140°E; 3 IGSO at i = 55° with ascending-node crossing longitude 118°E,
// nodes 120° apart; 24 MEO as Walker 24/3/1, i = 55°, a = 27906 km (BeiDou
// ICD B1C 1.0, section 3.2). gmst0Rad is the Earth rotation angle at the
// first epoch, which fixes the inertial nodes of the geosynchronous orbits.
func BeiDou(gmst0Rad float64) []CircularOrbit {
	var out []CircularOrbit
	g0 := gmst0Rad / deg
	for i, lon := range []float64{140, 80, 110.5} { // C01, C02, C03
		out = append(out, CircularOrbit{
			Sat: sim.Satellite{System: ephemeris.BeiDou, PRN: fmt.Sprintf("C%02d", i+1), Name: fmt.Sprintf("BeiDou GEO %g°E", lon)},
			AKm: geosyncAKm, ArgLatDeg: lon + g0, RateRadS: OmegaEarth,
		})
	}
	for i := 0; i < 3; i++ { // C06..C08
		u0 := float64(i) * 120
		out = append(out, CircularOrbit{
			Sat: sim.Satellite{System: ephemeris.BeiDou, PRN: fmt.Sprintf("C%02d", i+6), Name: fmt.Sprintf("BeiDou IGSO %d", i+1)},
			AKm: geosyncAKm, IncDeg: 55, RAANDeg: 118 + g0 - u0, ArgLatDeg: u0, RateRadS: OmegaEarth,
		})
	}
	return append(out, walker(ephemeris.BeiDou, "C", 19, 24, 3, 1, 27906, 55, 30)...)
}

// Propagate returns the ephemeris of the orbits over grid: inertial
// positions rotated into ECEF by the Earth rotation angle
// θ(t) = GMST82(start) + ω⊕·t.
func Propagate(grid orbit.EpochGrid, orbits []CircularOrbit) *sim.Ephemeris {
	N := grid.N
	e := &sim.Ephemeris{Grid: grid, X: make([]float64, len(orbits)*N), Y: make([]float64, len(orbits)*N), Z: make([]float64, len(orbits)*N)}
	theta0 := GMST(grid)
	for s, o := range orbits {
		e.Sats = append(e.Sats, o.Sat)
		rate := o.RateRadS
		if rate == 0 {
			rate = math.Sqrt(MuKm3s2 / (o.AKm * o.AKm * o.AKm))
		}
		si, ci := math.Sincos(o.IncDeg * deg)
		sO, cO := math.Sincos(o.RAANDeg * deg)
		for k := 0; k < N; k++ {
			t := grid.Step.Seconds() * float64(k)
			su, cu := math.Sincos(o.ArgLatDeg*deg + rate*t)
			x := o.AKm * (cO*cu - sO*su*ci)
			y := o.AKm * (sO*cu + cO*su*ci)
			z := o.AKm * su * si
			st, ct := math.Sincos(theta0 + OmegaEarth*t)
			e.X[s*N+k] = ct*x + st*y
			e.Y[s*N+k] = -st*x + ct*y
			e.Z[s*N+k] = z
		}
	}
	return e
}

// GMST returns the Earth rotation angle (rad) at the first epoch of grid.
func GMST(grid orbit.EpochGrid) float64 {
	w, f := orbit.JulianDate(grid.Start)
	return orbit.GMST82(w, f)
}

// GLONASSBeiDou returns the ephemeris of GLONASS (24) then BeiDou (30) over grid.
func GLONASSBeiDou(grid orbit.EpochGrid) *sim.Ephemeris {
	return Propagate(grid, append(GLONASS(), BeiDou(GMST(grid))...))
}

// AzEl is a satellite placed relative to a site.
type AzEl struct {
	System  ephemeris.System
	AzDeg   float64 // azimuth, degrees clockwise from north
	ElDeg   float64 // elevation above the ellipsoid-normal horizon, degrees
	RangeKm float64 // distance from the site, km (0 means 20000)
}

// PlaceAzEl returns an ephemeris of one satellite per element of sats,
// constant over grid, at r_sat = r_rx + ρ·(ENU→ECEF unit vector of az/el).
func PlaceAzEl(grid orbit.EpochGrid, site sim.Site, sats []AzEl) *sim.Ephemeris {
	N := grid.N
	e := &sim.Ephemeris{Grid: grid, X: make([]float64, len(sats)*N), Y: make([]float64, len(sats)*N), Z: make([]float64, len(sats)*N)}
	lat, lon := site.LatDeg*deg, site.LonDeg*deg
	r := orbit.GeodeticToECEF(lat, lon, site.HeightM/1000)
	E, No, U := orbit.ENUBasis(lat, lon)
	for s, a := range sats {
		e.Sats = append(e.Sats, sim.Satellite{System: a.System, PRN: fmt.Sprintf("%s%02d", a.System.Letter(), s+1)})
		rho := a.RangeKm
		if rho == 0 {
			rho = 20000
		}
		sa, ca := math.Sincos(a.AzDeg * deg)
		se, ce := math.Sincos(a.ElDeg * deg)
		ue, un, uu := ce*sa, ce*ca, se
		for k := 0; k < N; k++ {
			e.X[s*N+k] = r[0] + rho*(ue*E[0]+un*No[0]+uu*U[0])
			e.Y[s*N+k] = r[1] + rho*(ue*E[1]+un*No[1]+uu*U[1])
			e.Z[s*N+k] = r[2] + rho*(ue*E[2]+un*No[2]+uu*U[2])
		}
	}
	return e
}
