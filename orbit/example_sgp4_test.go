package orbit_test

import (
	"fmt"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
)

// Propagate VANGUARD 1 (catalog 5 of Vallado's SGP4-VER.TLE) to 360 minutes
// after its epoch. The printed TEME state matches the 360-minute row of
// tcppver.out, Vallado's reference output.
func ExampleSGP4_PropagateMinutes() {
	// 1 00005U 58002B   00179.78495062  .00000023  00000-0  28098-4 0  4753
	// 2 00005  34.2682 348.7242 1859667 331.7664  19.3264 10.82419157413667
	es := &ephemeris.ElementSet{
		Name:                "VANGUARD 1",
		CatalogNumber:       5,
		Epoch:               time.Date(2000, 6, 27, 18, 50, 19, 733568000, time.UTC), // 2000 day 179.78495062
		MeanMotionDot:       0.00000023,
		BStar:               0.28098e-4,
		InclinationDeg:      34.2682,
		RAANDeg:             348.7242,
		Eccentricity:        0.1859667,
		ArgPerigeeDeg:       331.7664,
		MeanAnomalyDeg:      19.3264,
		MeanMotionRevPerDay: 10.82419157,
	}
	p, err := orbit.NewSGP4(es)
	if err != nil {
		fmt.Println(err)
		return
	}
	r, v, err := p.PropagateMinutes(360)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("r = %.8f %.8f %.8f km\n", r[0], r[1], r[2])
	fmt.Printf("v = %.9f %.9f %.9f km/s\n", v[0], v[1], v[2])
	// Output:
	// r = -7154.03120202 -3783.17682504 -3536.19412294 km
	// v = 4.741887409 -4.151817765 -2.093935425 km/s
}
