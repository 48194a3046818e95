package plot_test

import (
	"fmt"
	"math"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/sim/plot"
)

// Synthetic but realistic inputs for the figures: satellites on circular
// orbits around a spherical, uniformly rotating Earth. This is not an orbit
// model (the engine uses SGP4); it only produces plausible geometry.

const (
	muKm3s2    = 398600.4418     // Earth's gravitational parameter, km³/s² (WGS 84)
	omegaE     = 7.2921151467e-5 // Earth rotation rate, rad/s (WGS 84)
	rEarthKm   = 6371.0          // mean Earth radius, km
	aGLONASS   = 25510.0         // GLONASS nominal semi-major axis, km (ICD GLONASS: 19 100 km altitude)
	aBeiDouMEO = 27906.0         // BDS-3 MEO nominal semi-major axis, km (21 528 km altitude)
)

// aSync is the semi-major axis of a geosynchronous orbit, km.
var aSync = math.Cbrt(muKm3s2 / (omegaE * omegaE))

var epoch0 = time.Date(2024, 7, 16, 0, 0, 0, 0, time.UTC)

type synthSat struct {
	label  string
	system ephemeris.System
	aKm    float64
	incDeg float64
	raan   float64 // right ascension of the ascending node at epoch0, deg (Earth angle 0 at epoch0)
	u0     float64 // argument of latitude at epoch0, deg
}

// constellation returns 24 GLONASS-like satellites (3 planes × 8, 64.8°),
// 24 BeiDou-like MEO (3 planes × 8, 55°), 3 IGSO (55°, node at 118°E) and
// 3 GEO (80°E, 110.5°E, 140°E), loosely following the real constellations.
func constellation() []synthSat {
	var out []synthSat
	for plane := range 3 {
		for slot := range 8 {
			n := plane*8 + slot + 1
			out = append(out, synthSat{fmt.Sprintf("R%02d", n), ephemeris.GLONASS, aGLONASS, 64.8, float64(plane) * 120, float64(slot)*45 + float64(plane)*15})
		}
	}
	for plane := range 3 {
		for slot := range 8 {
			n := 19 + plane*8 + slot
			out = append(out, synthSat{fmt.Sprintf("C%02d", n), ephemeris.BeiDou, aBeiDouMEO, 55, float64(plane)*120 + 30, float64(slot)*45 + float64(plane)*15})
		}
	}
	for k, u := range []float64{0, 120, 240} {
		// IGSO: node fixed at 118°E in the Earth frame (raan = 118° at angle 0).
		out = append(out, synthSat{fmt.Sprintf("C%02d", 38+k), ephemeris.BeiDou, aSync, 55, 118 + u, -u})
	}
	for k, lon := range []float64{80, 110.5, 140} {
		out = append(out, synthSat{fmt.Sprintf("C%02d", 59+k), ephemeris.BeiDou, aSync, 0, 0, lon})
	}
	return out
}

// ecef returns the satellite's Earth-fixed position in km, dt seconds
// after epoch0.
func (s synthSat) ecef(dt float64) [3]float64 {
	n := math.Sqrt(muKm3s2 / (s.aKm * s.aKm * s.aKm))
	if s.aKm == aSync {
		n = omegaE
	}
	u := s.u0*math.Pi/180 + n*dt
	O, i := s.raan*math.Pi/180, s.incDeg*math.Pi/180
	x := s.aKm * (math.Cos(O)*math.Cos(u) - math.Sin(O)*math.Sin(u)*math.Cos(i))
	y := s.aKm * (math.Sin(O)*math.Cos(u) + math.Cos(O)*math.Sin(u)*math.Cos(i))
	z := s.aKm * math.Sin(u) * math.Sin(i)
	th := omegaE * dt
	return [3]float64{math.Cos(th)*x + math.Sin(th)*y, -math.Sin(th)*x + math.Cos(th)*y, z}
}

// azEl returns azimuth and elevation in degrees of position p seen from
// latitude/longitude (degrees) on the spherical Earth, with the unit
// line-of-sight vector in east/north/up.
func azEl(p [3]float64, latDeg, lonDeg float64) (az, el float64, enu [3]float64) {
	la, lo := latDeg*math.Pi/180, lonDeg*math.Pi/180
	o := [3]float64{rEarthKm * math.Cos(la) * math.Cos(lo), rEarthKm * math.Cos(la) * math.Sin(lo), rEarthKm * math.Sin(la)}
	d := [3]float64{p[0] - o[0], p[1] - o[1], p[2] - o[2]}
	r := math.Sqrt(d[0]*d[0] + d[1]*d[1] + d[2]*d[2])
	e := (-math.Sin(lo)*d[0] + math.Cos(lo)*d[1]) / r
	nn := (-math.Sin(la)*math.Cos(lo)*d[0] - math.Sin(la)*math.Sin(lo)*d[1] + math.Cos(la)*d[2]) / r
	up := (math.Cos(la)*math.Cos(lo)*d[0] + math.Cos(la)*math.Sin(lo)*d[1] + math.Sin(la)*d[2]) / r
	az = math.Mod(math.Atan2(e, nn)*180/math.Pi+360, 360)
	return az, math.Asin(up) * 180 / math.Pi, [3]float64{e, nn, up}
}

// skyTracks returns the tracks of sats seen from (lat, lon) over hours
// hours at step minutes, NaN below maskDeg.
func skyTracks(sats []synthSat, latDeg, lonDeg, hours, stepMin, maskDeg float64) []plot.SkyTrack {
	n := int(hours*60/stepMin) + 1
	var out []plot.SkyTrack
	for _, s := range sats {
		t := plot.SkyTrack{Label: s.label, System: s.system, AzDeg: make([]float64, n), ElDeg: make([]float64, n)}
		for k := range n {
			az, el, _ := azEl(s.ecef(float64(k)*stepMin*60), latDeg, lonDeg)
			if el < maskDeg {
				az, el = math.NaN(), math.NaN()
			}
			t.AzDeg[k], t.ElDeg[k] = az, el
		}
		out = append(out, t)
	}
	return out
}

// groundTracks returns the sub-satellite points of sats (geocentric
// latitude) over hours hours at step minutes.
func groundTracks(sats []synthSat, hours, stepMin float64) []plot.GroundTrack {
	n := int(hours*60/stepMin) + 1
	var out []plot.GroundTrack
	for _, s := range sats {
		g := plot.GroundTrack{Label: s.label, System: s.system, LatDeg: make([]float64, n), LonDeg: make([]float64, n)}
		for k := range n {
			p := s.ecef(float64(k) * stepMin * 60)
			g.LatDeg[k] = math.Atan2(p[2], math.Hypot(p[0], p[1])) * 180 / math.Pi
			g.LonDeg[k] = math.Atan2(p[1], p[0]) * 180 / math.Pi
		}
		out = append(out, g)
	}
	return out
}

// pdop returns the position dilution of precision of the lines of sight
// (east/north/up unit vectors) with one receiver clock parameter per
// system, or NaN when the geometry is not solvable.
func pdop(los [][3]float64, sys []ephemeris.System) float64 {
	cols := map[ephemeris.System]int{}
	for _, s := range sys {
		if _, ok := cols[s]; !ok {
			cols[s] = 3 + len(cols)
		}
	}
	np := 3 + len(cols)
	if len(los) < np {
		return math.NaN()
	}
	g := mat.NewDense(len(los), np, nil)
	for i, l := range los {
		g.Set(i, 0, -l[0])
		g.Set(i, 1, -l[1])
		g.Set(i, 2, -l[2])
		g.Set(i, cols[sys[i]], 1)
	}
	var n, q mat.Dense
	n.Mul(g.T(), g)
	if err := q.Inverse(&n); err != nil {
		return math.NaN()
	}
	return math.Sqrt(q.At(0, 0) + q.At(1, 1) + q.At(2, 2))
}

// dopAndVisible returns PDOP and visible-count series for GLONASS, BeiDou
// and both combined, seen from (lat, lon) above maskDeg, with a receiver
// outage (NaN) from outageFrom to outageTo hours.
func dopAndVisible(latDeg, lonDeg, hours, stepMin, maskDeg, outageFrom, outageTo float64) (dop, vis []plot.Series) {
	sats := constellation()
	n := int(hours*60/stepMin) + 1
	sets := []struct {
		name string
		keep func(ephemeris.System) bool
	}{
		{"GLONASS", func(s ephemeris.System) bool { return s == ephemeris.GLONASS }},
		{"BeiDou", func(s ephemeris.System) bool { return s == ephemeris.BeiDou }},
		{"GLONASS+BeiDou", func(ephemeris.System) bool { return true }},
	}
	for _, set := range sets {
		d := plot.Series{Name: set.name, Times: make([]time.Time, n), Values: make([]float64, n)}
		v := plot.Series{Name: set.name, Times: make([]time.Time, n), Values: make([]float64, n)}
		for k := range n {
			dt := float64(k) * stepMin * 60
			t := epoch0.Add(time.Duration(dt) * time.Second)
			d.Times[k], v.Times[k] = t, t
			if h := dt / 3600; h >= outageFrom && h < outageTo {
				d.Values[k], v.Values[k] = math.NaN(), math.NaN()
				continue
			}
			var los [][3]float64
			var sys []ephemeris.System
			for _, s := range sats {
				if !set.keep(s.system) {
					continue
				}
				if _, el, u := azEl(s.ecef(dt), latDeg, lonDeg); el >= maskDeg {
					los = append(los, u)
					sys = append(sys, s.system)
				}
			}
			d.Values[k] = pdop(los, sys)
			v.Values[k] = float64(len(los))
		}
		dop = append(dop, d)
		vis = append(vis, v)
	}
	return dop, vis
}

// meanVisibleGrid returns the mean number of GLONASS+BeiDou satellites
// above maskDeg on a grid of cell centres over hours hours at step
// minutes; cells inside noData (lat/lon box) are NaN, as if not computed.
func meanVisibleGrid(lats, lons []float64, hours, stepMin, maskDeg float64, noData plot.Region) plot.GridData {
	sats := constellation()
	n := int(hours*60/stepMin) + 1
	pos := make([][][3]float64, n)
	for k := range n {
		pos[k] = make([][3]float64, len(sats))
		for i, s := range sats {
			pos[k][i] = s.ecef(float64(k) * stepMin * 60)
		}
	}
	g := plot.GridData{NLat: len(lats), NLon: len(lons), LatDeg: lats, LonDeg: lons, Values: make([]float64, len(lats)*len(lons))}
	for i, la := range lats {
		for j, lo := range lons {
			if la >= noData.LatMinDeg && la <= noData.LatMaxDeg && lo >= noData.LonMinDeg && lo <= noData.LonMaxDeg && noData != (plot.Region{}) {
				g.Values[i*len(lons)+j] = math.NaN()
				continue
			}
			// Observer position and local up, hoisted out of the time loop;
			// elevation ≥ mask ⇔ (p−o)·up ≥ |p−o| sin(mask).
			la, lo := la*math.Pi/180, lo*math.Pi/180
			up := [3]float64{math.Cos(la) * math.Cos(lo), math.Cos(la) * math.Sin(lo), math.Sin(la)}
			o := [3]float64{rEarthKm * up[0], rEarthKm * up[1], rEarthKm * up[2]}
			sinMask := math.Sin(maskDeg * math.Pi / 180)
			count := 0
			for k := range n {
				for _, p := range pos[k] {
					d := [3]float64{p[0] - o[0], p[1] - o[1], p[2] - o[2]}
					if d[0]*up[0]+d[1]*up[1]+d[2]*up[2] >= math.Sqrt(d[0]*d[0]+d[1]*d[1]+d[2]*d[2])*sinMask {
						count++
					}
				}
			}
			g.Values[i*len(lons)+j] = float64(count) / float64(n)
		}
	}
	return g
}

// centres returns cell centres from lo+step/2 to hi-step/2.
func centres(lo, hi, step float64) []float64 {
	var out []float64
	for k := 0; lo+(float64(k)+0.5)*step < hi; k++ {
		out = append(out, lo+(float64(k)+0.5)*step)
	}
	return out
}

// Places whose coastlines the synthetic field of bumpsGrid marks, in
// degrees: Tokyo and Anchorage, on either side of the antimeridian.
const (
	tokyoLat, tokyoLon         = 35.7, 139.7
	anchorageLat, anchorageLon = 61.2, -149.9
)

// bumpsGrid returns a smooth synthetic field on a grid of cell centres: a
// gentle north–south slope with bumps of 20° and 15° (e-folding angular
// distance) centred on Tokyo and Anchorage, so that on a map the bright
// spots must sit on Japan and on the Gulf of Alaska. It depends on the
// longitude only through its sine and cosine, so it is the same at lon and
// lon±360. Cells inside noData (lat/lon box, centres compared as given)
// are NaN.
func bumpsGrid(lats, lons []float64, noData plot.Region) plot.GridData {
	const rad = math.Pi / 180
	unit := func(lat, lon float64) [3]float64 {
		return [3]float64{math.Cos(lat*rad) * math.Cos(lon*rad), math.Cos(lat*rad) * math.Sin(lon*rad), math.Sin(lat * rad)}
	}
	bumps := []struct {
		at         [3]float64
		height, wd float64
	}{{unit(tokyoLat, tokyoLon), 8, 20}, {unit(anchorageLat, anchorageLon), 6, 15}}
	g := plot.GridData{NLat: len(lats), NLon: len(lons), LatDeg: lats, LonDeg: lons, Values: make([]float64, len(lats)*len(lons))}
	for i, la := range lats {
		for j, lo := range lons {
			if noData != (plot.Region{}) && la >= noData.LatMinDeg && la <= noData.LatMaxDeg && lo >= noData.LonMinDeg && lo <= noData.LonMaxDeg {
				g.Values[i*len(lons)+j] = math.NaN()
				continue
			}
			u := unit(la, lo)
			v := 4 + 2*math.Sin(la*rad)
			for _, b := range bumps {
				d := math.Acos(math.Max(-1, math.Min(1, u[0]*b.at[0]+u[1]*b.at[1]+u[2]*b.at[2]))) / rad
				v += b.height * math.Exp(-(d/b.wd)*(d/b.wd))
			}
			g.Values[i*len(lons)+j] = v
		}
	}
	return g
}
