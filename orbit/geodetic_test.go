package orbit

import (
	"math"
	"math/rand/v2"
	"testing"
)

// geoAngleDiff returns |a − b| modulo 2π, in [0, π].
func geoAngleDiff(a, b float64) float64 {
	d := math.Mod(math.Abs(a-b), 2*math.Pi)
	return min(d, 2*math.Pi-d)
}

func TestGeodeticRoundTrip(t *testing.T) {
	const deg = math.Pi / 180
	lats := []float64{-math.Pi / 2, -89.999999 * deg, -45 * deg, -1e-9, 0, 1e-9, 30 * deg, 45 * deg,
		60 * deg, 89.9999999 * deg, math.Pi/2 - 1e-9, math.Pi / 2}
	lons := []float64{-math.Pi, -179.9 * deg, -90 * deg, 0, 45 * deg, 179.99 * deg, math.Pi}
	// Heights from below the geoid-ish surface to beyond GEO, km.
	heights := []float64{-5, 0, 0.001, 10, 400, 20200, 35786, 40000}
	var maxDr, maxDh, maxDlat, maxDlon float64
	for _, lat := range lats {
		for _, lon := range lons {
			for _, h := range heights {
				r := GeodeticToECEF(lat, lon, h)
				lat2, lon2, h2 := ECEFToGeodetic(r)
				r2 := GeodeticToECEF(lat2, lon2, h2)
				maxDr = max(maxDr, frmDist(r, r2)/frmNorm(r))
				maxDh = max(maxDh, math.Abs(h2-h)/frmNorm(r))
				maxDlat = max(maxDlat, math.Abs(lat2-lat))
				if math.Abs(lat) < math.Pi/2 { // longitude is undefined at the poles
					maxDlon = max(maxDlon, geoAngleDiff(lon2, lon)*math.Cos(lat))
				}
				if lon2 <= -math.Pi || lon2 > math.Pi {
					t.Errorf("longitude %v outside (-π, π]", lon2)
				}
			}
		}
	}
	t.Logf("geodetic->ECEF->geodetic->ECEF: max |Δr|/|r| %.3g, |Δh|/|r| %.3g, |Δlat| %.3g rad, |Δlon|·cos(lat) %.3g rad",
		maxDr, maxDh, maxDlat, maxDlon)
	// Tolerance: float64 rounding. Position and height to 1e-15 of |r|
	// (~4.5 ULP: 6.4e-12 km = 6.4e-9 m at the surface, 4.6e-11 km = 4.6e-8 m
	// at 46 400 km); latitude and longitude to 1e-15 rad, the iteration's
	// stopping criterion (6e-9 m on the surface).
	if maxDr > 1e-15 || maxDh > 1e-15 || maxDlat > 1e-15 || maxDlon > 1e-15 {
		t.Errorf("round trip error too large: |Δr|/|r| %.3g, |Δh|/|r| %.3g, |Δlat| %.3g, |Δlon| %.3g rad",
			maxDr, maxDh, maxDlat, maxDlon)
	}
}

func TestECEFToGeodeticRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	var maxDr float64
	for range 20000 {
		var r [3]float64
		for i := range r {
			r[i] = rng.NormFloat64()
		}
		k := (6350 + 40100*rng.Float64()) / frmNorm(r) // from 6350 km (below the polar surface) to 46 450 km
		for i := range r {
			r[i] *= k
		}
		lat, lon, h := ECEFToGeodetic(r)
		maxDr = max(maxDr, frmDist(r, GeodeticToECEF(lat, lon, h))/frmNorm(r))
	}
	t.Logf("ECEF->geodetic->ECEF over 20000 random points: max |Δr|/|r| %.3g", maxDr)
	if maxDr > 1e-15 { // as in TestGeodeticRoundTrip: ~4.5 ULP
		t.Errorf("max |Δr|/|r| = %.3g, want ≤ 1e-15", maxDr)
	}
}

func TestGeodeticPublished(t *testing.T) {
	const deg = math.Pi / 180
	// Vallado, "Fundamentals of Astrodynamics and Applications", example
	// 3-3: r = (6524.834, 6862.875, 6448.296) km -> φgd = 34.352496°,
	// λ = 46.4464°, h = 5085.22 km. Tolerance: one unit of the last printed
	// digit (the book prints rounded values; ours: 34.35249515°, 46.44641686°,
	// 5085.21873 km).
	lat, lon, h := ECEFToGeodetic([3]float64{6524.834, 6862.875, 6448.296})
	if math.Abs(lat/deg-34.352496) > 1e-6 || math.Abs(lon/deg-46.4464) > 1e-4 || math.Abs(h-5085.22) > 0.01 {
		t.Errorf("Vallado ex. 3-3: got %.8f°, %.8f°, %.6f km; want 34.352496°, 46.4464°, 5085.22 km", lat/deg, lon/deg, h)
	}

	// WGS-84 defining and derived parameters (NIMA TR8350.2, 3rd ed.,
	// tables 3.1 and 3.3): a = 6378137.0 m, b = 6356752.3142 m (printed to
	// 0.1 mm, hence the 1e-7 km tolerance).
	tests := []struct {
		name     string
		lat, lon float64
		want     [3]float64
	}{
		{"equator, lon 0", 0, 0, [3]float64{6378.137, 0, 0}},
		{"equator, lon 90E", 0, math.Pi / 2, [3]float64{0, 6378.137, 0}},
		{"north pole", math.Pi / 2, 0, [3]float64{0, 0, 6356.7523142}},
		{"south pole", -math.Pi / 2, 1, [3]float64{0, 0, -6356.7523142}},
	}
	for _, c := range tests {
		r := GeodeticToECEF(c.lat, c.lon, 0)
		if d := frmDist(r, c.want); d > 1e-7 {
			t.Errorf("%s: GeodeticToECEF = %.7f, want %.7f (|Δ| %.3g km)", c.name, r, c.want, d)
		}
		lat, _, h := ECEFToGeodetic(c.want)
		if math.Abs(lat-c.lat) > 1e-15 || math.Abs(h) > 1e-7 {
			t.Errorf("%s: ECEFToGeodetic = lat %.17g rad, h %.3g km; want %.17g rad, 0", c.name, lat, h, c.lat)
		}
	}
}

func TestECEFToGeodeticEdgeCases(t *testing.T) {
	// Near the pole the height must stay accurate (p/cos φ − N would lose
	// ~1 m at cos φ = 1e-9).
	for _, d := range []float64{1e-6, 1e-9, 1e-11, 1e-13} {
		r := GeodeticToECEF(math.Pi/2-d, 0.3, 1.234)
		_, _, h := ECEFToGeodetic(r)
		if math.Abs(h-1.234) > 1e-11 {
			t.Errorf("%g rad from the pole: h = %.15f km, want 1.234", d, h)
		}
	}
	// Points within metres of the polar axis: the former height formula
	// p/cos φ − N lost up to 10.5 m here (cos φ ~ 1e-9 carries the latitude's
	// rounding, 2.2e-16 rad, as a relative error of 2e-7).
	rng := rand.New(rand.NewPCG(15, 16))
	var maxDz float64
	for range 10000 {
		p := math.Pow(10, -10+4*rng.Float64()) * 6357 // 6.4e-7 .. 6.4e-3 km from the axis
		a := 2 * math.Pi * rng.Float64()
		z := math.Copysign(6357+40000*rng.Float64(), rng.Float64()-0.5)
		r := [3]float64{p * math.Cos(a), p * math.Sin(a), z}
		lat, lon, h := ECEFToGeodetic(r)
		maxDz = max(maxDz, frmDist(GeodeticToECEF(lat, lon, h), r)/frmNorm(r))
	}
	if maxDz > 1e-15 { // rounding, as in TestGeodeticRoundTrip
		t.Errorf("near the polar axis: max |Δr|/|r| = %.3g, want ≤ 1e-15", maxDz)
	}

	// Geocentre: the equatorial solution, consistent with GeodeticToECEF.
	lat, _, h := ECEFToGeodetic([3]float64{})
	if lat != 0 || h != -WGS84A {
		t.Errorf("geocentre: lat %v, h %v; want 0, %v", lat, h, -WGS84A)
	}
	if r := GeodeticToECEF(lat, 0, h); frmNorm(r) != 0 {
		t.Errorf("GeodeticToECEF(geocentre solution) = %v, want origin", r)
	}
	// Longitude −π (y = −0) is reported as +π.
	if _, lon, _ := ECEFToGeodetic([3]float64{-7000, math.Copysign(0, -1), 10}); lon != math.Pi {
		t.Errorf("lon at (−x, −0) = %v, want π", lon)
	}
	// Non-finite input gives NaN, never a panic or a plausible number.
	lat, lon, h := ECEFToGeodetic([3]float64{math.NaN(), 1, 1})
	if !math.IsNaN(lat) || !math.IsNaN(lon) || !math.IsNaN(h) {
		t.Errorf("NaN input: got %v, %v, %v", lat, lon, h)
	}
}

func TestENUBasis(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for range 500 {
		lat := (rng.Float64() - 0.5) * math.Pi
		lon := (rng.Float64() - 0.5) * 2 * math.Pi
		e, n, u := ENUBasis(lat, lon)
		dot := func(a, b [3]float64) float64 { return a[0]*b[0] + a[1]*b[1] + a[2]*b[2] }
		// Orthonormal and right-handed (e × n = u), to rounding (1e-15).
		if math.Abs(dot(e, e)-1)+math.Abs(dot(n, n)-1)+math.Abs(dot(u, u)-1) > 1e-15 ||
			math.Abs(dot(e, n))+math.Abs(dot(e, u))+math.Abs(dot(n, u)) > 1e-15 ||
			frmDist(frmCross(e, n), u) > 1e-15 {
			t.Fatalf("ENU basis at lat %v lon %v not orthonormal right-handed: %v %v %v", lat, lon, e, n, u)
		}
		// Up is the ellipsoid normal: the geodetic height derivative of
		// GeodeticToECEF (a 1 km step along up raises h by 1 km).
		r := GeodeticToECEF(lat, lon, 0)
		r2 := GeodeticToECEF(lat, lon, 1)
		if d := frmDist([3]float64{r2[0] - r[0], r2[1] - r[1], r2[2] - r[2]}, u); d > 1e-11 {
			t.Fatalf("up at lat %v is not the ellipsoid normal (|Δ| %g)", lat, d)
		}
	}
}
