package orbit

import "math"

// WGS-84 ellipsoid (NIMA TR8350.2).
const (
	WGS84A  = 6378.137              // semi-major axis, km
	WGS84F  = 1 / 298.257223563     // flattening
	WGS84E2 = WGS84F * (2 - WGS84F) // first eccentricity squared
	WGS84B  = WGS84A * (1 - WGS84F) // semi-minor axis, km
)

// GeodeticToECEF converts WGS-84 geodetic latitude and longitude (radians,
// east-positive) and ellipsoidal height (km) to ECEF coordinates (km).
func GeodeticToECEF(latRad, lonRad, heightKm float64) [3]float64 {
	sl, cl := math.Sincos(latRad)
	so, co := math.Sincos(lonRad)
	n := WGS84A / math.Sqrt(1-WGS84E2*sl*sl)
	return [3]float64{
		(n + heightKm) * cl * co,
		(n + heightKm) * cl * so,
		(n*(1-WGS84E2) + heightKm) * sl,
	}
}

// ECEFToGeodetic converts ECEF coordinates (km) to WGS-84 geodetic latitude
// and longitude (radians, east-positive, longitude in (-π, π]) and
// ellipsoidal height (km). It iterates the fixed-point latitude equation
// tan φ = (z + e²N sin φ)/p to convergence (latitude change below 1e-15 rad),
// not a fixed number of times; each step gains about two digits for points
// outside the Earth's core. The height is computed as
// p cos φ + z sin φ − a·sqrt(1 − e² sin²φ), which stays accurate to rounding
// at the poles (p/cos φ − N does not). On the polar axis the latitude is ±π/2
// and the longitude atan2(y, x); at the geocentre it returns latitude 0 and
// height −a. Within ~43 km of the geocentre (inside the ellipse's evolute)
// several geodetic solutions exist and one of them is returned.
func ECEFToGeodetic(r [3]float64) (latRad, lonRad, heightKm float64) {
	x, y, z := r[0], r[1], r[2]
	lonRad = math.Atan2(y, x)
	if lonRad == -math.Pi {
		lonRad = math.Pi
	}
	p := math.Hypot(x, y)
	if p < 1e-12 { // on the polar axis
		if z == 0 { // geocentre: the equatorial solution
			return 0, lonRad, -WGS84A
		}
		return math.Copysign(math.Pi/2, z), lonRad, math.Abs(z) - WGS84B
	}
	// Initial guess from the parametric latitude, then fixed-point refinement.
	latRad = math.Atan2(z, p*(1-WGS84E2))
	for i := 0; i < 50; i++ {
		sl := math.Sin(latRad)
		n := WGS84A / math.Sqrt(1-WGS84E2*sl*sl)
		next := math.Atan2(z+WGS84E2*n*sl, p)
		done := math.Abs(next-latRad) < 1e-15
		latRad = next
		if done {
			break
		}
	}
	sl, cl := math.Sincos(latRad)
	heightKm = p*cl + z*sl - WGS84A*math.Sqrt(1-WGS84E2*sl*sl)
	return latRad, lonRad, heightKm
}

// ENUBasis returns the unit vectors east, north and up (the ellipsoid
// normal) of the local frame at geodetic latitude and longitude (radians),
// expressed in ECEF.
func ENUBasis(latRad, lonRad float64) (east, north, up [3]float64) {
	sl, cl := math.Sincos(latRad)
	so, co := math.Sincos(lonRad)
	east = [3]float64{-so, co, 0}
	north = [3]float64{-sl * co, -sl * so, cl}
	up = [3]float64{cl * co, cl * so, sl}
	return east, north, up
}
