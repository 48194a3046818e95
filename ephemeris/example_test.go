package ephemeris_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/gnssim/gnssim/ephemeris"
)

// ExampleReadAll reads a small TLE file in lenient mode: the good sets come
// back, and every bad record is reported with its file, line, column and
// field.
func ExampleReadAll() {
	const input = `COSMOS 2433 [GLONASS-M]
1 32275U 07052A   26077.81820715 -.00000013  00000+0  00000+0 0  9990
2 32275  65.6267 318.9771 0001536 272.4792  87.5735  2.13104268143131
BEIDOU-3 M1
1 43001U 17069A   26077.38753543  .00000018  00000+0  00000+0 0  9993
2 43001  56.6137  66.0740 0012345 311.5654  48.3397  1.86231231 56913
`
	// The records are from testdata/tle/2026-03-18; the second one's line 1
	// checksum digit was changed from 8 to 3.
	sets, err := ephemeris.ReadAll(strings.NewReader(input), ephemeris.ReadOptions{File: "gnss.tle"})
	for _, es := range sets {
		fmt.Printf("%s: NORAD %d, epoch %s, i = %.4f°, n = %.8f rev/day\n",
			es.Name, es.CatalogNumber, es.Epoch.Format("2006-01-02T15:04:05.000000Z"), es.InclinationDeg, es.MeanMotionRevPerDay)
	}
	var pe *ephemeris.ParseError
	if errors.As(err, &pe) {
		fmt.Println(pe.File, pe.Line, pe.Column, pe.Field, errors.Is(err, ephemeris.ErrChecksum))
	}
	// Output:
	// COSMOS 2433 [GLONASS-M]: NORAD 32275, epoch 2026-03-18T19:38:13.097760Z, i = 65.6267°, n = 2.13104268 rev/day
	// gnss.tle 5 69 checksum true
}
