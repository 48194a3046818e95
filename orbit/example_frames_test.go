package orbit_test

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/gnssim/gnssim/orbit"
)

// Vallado et al. (AIAA 2006-6753, appendix C): a TEME state to ITRF with the
// day's Earth orientation parameters. Published ITRF position:
// (-1033.4793830, 7901.2952754, 6380.3565958) km.
func ExampleTEMEToECEF() {
	const arcsec = math.Pi / (180 * 3600)
	t := time.Date(2004, 4, 6, 7, 51, 28, 386009000, time.UTC)
	eop := orbit.EOP{DUT1Sec: -0.4399619, XpRad: -0.140682 * arcsec, YpRad: 0.333309 * arcsec, LODSec: 0.0015563}
	r, v := orbit.TEMEToECEF(
		[3]float64{5094.18016210, 6127.64465950, 6380.34453270},
		[3]float64{-4.746131487, 0.785818041, 5.531931288}, t, eop)
	fmt.Printf("r = %.4f km\nv = %.8f km/s\n", r, v)
	// Output:
	// r = [-1033.4794 7901.2953 6380.3566] km
	// v = [-3.22563652 -2.87245145 5.53192445] km/s
}

// One EarthRotation per epoch serves every satellite of that epoch. At
// 2026-03-18 00:00 UT1 the GMST is 175.57° (USNO approximation
// 6.697374558 h + 0.06570982441908 h·(JD − 2451545) gives 11.7047 h), so
// the TEME x axis lies over longitude −175.57°; at 26 560 km radius the
// geodetic latitude exceeds the geocentric 45° by ~e²/2·(a/r) ≈ 0.046°.
func ExampleNewEarthRotation() {
	t := time.Date(2026, 3, 18, 0, 0, 0, 0, time.UTC)
	rot := orbit.NewEarthRotation(t, orbit.EOP{}) // UT1 = UTC, no polar motion
	fmt.Printf("GMST %.3f°\n", rot.GMSTRad()*180/math.Pi)
	teme := [][3]float64{{26560, 0, 0}, {0, 26560, 0}, {0, 18780.88, 18780.88}}
	for _, r := range teme {
		e := rot.TEMEToECEFPos(r)
		lat, lon, h := orbit.ECEFToGeodetic(e)
		fmt.Printf("lat %6.3f° lon %8.3f° h %.1f km\n", lat*180/math.Pi, lon*180/math.Pi, h)
	}
	// Output:
	// GMST 175.570°
	// lat  0.000° lon -175.570° h 20181.9 km
	// lat  0.000° lon  -85.570° h 20181.9 km
	// lat 45.046° lon  -85.570° h 20192.7 km
}

// Azimuth, elevation and range of a geostationary satellite at 110.5°E seen
// from Beijing (39.9°N, 116.4°E, 50 m). A spherical-Earth check gives
// az 180° + atan(tan 5.9°/sin 39.9°) = 189.15°, el ≈ 43.4°, range ≈ 37 530 km.
func ExampleLookAngles() {
	const deg = math.Pi / 180
	lat, lon := 39.9*deg, 116.4*deg
	rx := orbit.GeodeticToECEF(lat, lon, 0.05)
	sat := orbit.GeodeticToECEF(0, 110.5*deg, 42164.17-orbit.WGS84A)
	az, el, rng := orbit.LookAngles(rx, lat, lon, sat)
	fmt.Printf("az %.2f° el %.2f° range %.1f km\n", az/deg, el/deg, rng)
	// Output:
	// az 189.16° el 43.46° range 37515.0 km
}

// Readings of the GNSS clocks at one UTC instant, and the GPS/BDS week.
func ExampleToScale() {
	t := time.Date(2026, 3, 18, 12, 0, 0, 0, time.UTC)
	for _, s := range []orbit.TimeScale{orbit.TAI, orbit.GPST, orbit.BDT, orbit.GLONASST} {
		fmt.Printf("%-8v %s\n", s, orbit.ToScale(t, s).Format("2006-01-02 15:04:05"))
	}
	gw, gs := orbit.GPSWeekSeconds(t)
	bw, bs := orbit.BDSWeekSeconds(t)
	fmt.Printf("GPS week %d sow %.0f, BDS week %d sow %.0f\n", gw, gs, bw, bs)
	// Output:
	// TAI      2026-03-18 12:00:37
	// GPST     2026-03-18 12:00:18
	// BDT      2026-03-18 12:00:04
	// GLONASST 2026-03-18 15:00:00
	// GPS week 2410 sow 302418, BDS week 1054 sow 302404
}

// A GPS time that fell inside the leap second 2016-12-31T23:59:60 UTC has no
// time.Time; FromScale says so and returns the end of the leap second.
func ExampleFromScale() {
	for _, r := range []time.Time{
		time.Date(2017, 1, 1, 0, 0, 16, 0, time.UTC),
		time.Date(2017, 1, 1, 0, 0, 17, 0, time.UTC),
		time.Date(2017, 1, 1, 0, 0, 18, 0, time.UTC),
	} {
		u, err := orbit.FromScale(r, orbit.GPST)
		fmt.Println(r.Format("15:04:05"), "GPST ->", u.Format(time.RFC3339), errors.Is(err, orbit.ErrLeapSecond))
	}
	// Output:
	// 00:00:16 GPST -> 2016-12-31T23:59:59Z false
	// 00:00:17 GPST -> 2017-01-01T00:00:00Z true
	// 00:00:18 GPST -> 2017-01-01T00:00:00Z false
}
