package orbit

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	satellite "github.com/joshuaferrara/go-satellite"

	"github.com/gnssim/gnssim/ephemeris"
)

// GoSatellite propagates an element set with
// github.com/joshuaferrara/go-satellite (WGS-72, improved mode), behind the
// same Propagator interface as SGP4, for comparison.
//
// Known weaknesses of go-satellite that this adapter exposes rather than
// hides: it truncates the element-set epoch to whole seconds and propagates
// to whole-second times only (sub-second parts of t are dropped), its
// Julian dates are single float64 values (about 40 µs resolution), and it
// reports no per-call error code. Propagate therefore flags only results
// that are non-finite or below the Earth's surface.
type GoSatellite struct {
	sat          satellite.Satellite
	epoch        time.Time // epoch of the formatted TLE (rounded to 1e-8 day)
	catalog      int
	line1, line2 string
}

// NewGoSatellite validates an element set, formats it as TLE lines (epoch
// rounded to 1e-8 day = 864 µs, angles to 1e-4 deg, eccentricity to 1e-7,
// mean motion to 1e-8 rev/day, BSTAR and the mean-motion derivatives to five
// significant digits, as a TLE holds them) and initialises go-satellite
// from them. go-satellite calls log.Fatal on lines it cannot parse, so it is
// only ever given lines formatted here from validated fields.
func NewGoSatellite(es *ephemeris.ElementSet) (*GoSatellite, error) {
	if es == nil {
		return nil, errors.New("go-satellite: nil element set")
	}
	if err := checkElementSet(es); err != nil {
		return nil, fmt.Errorf("go-satellite: catalog number %d: %w", es.CatalogNumber, err)
	}
	line1, line2, epoch, err := formatTLE(es)
	if err != nil {
		return nil, fmt.Errorf("go-satellite: catalog number %d: %w", es.CatalogNumber, err)
	}
	sat := satellite.TLEToSat(line1, line2, satellite.GravityWGS72)
	if sat.Error != 0 {
		return nil, fmt.Errorf("go-satellite: catalog number %d: sgp4init error %d: %s",
			es.CatalogNumber, sat.Error, sat.ErrorStr)
	}
	return &GoSatellite{sat: sat, epoch: epoch, catalog: es.CatalogNumber, line1: line1, line2: line2}, nil
}

// Propagate returns go-satellite's TEME position (km) and velocity (km/s)
// at t, truncated to the whole UTC second.
func (g *GoSatellite) Propagate(t time.Time) (r, v [3]float64, err error) {
	t = t.UTC()
	if y := t.Year(); y < 1 || y > 9999 {
		return r, v, fmt.Errorf("go-satellite: catalog number %d: time %v out of range", g.catalog, t)
	}
	pos, vel := satellite.Propagate(g.sat, t.Year(), int(t.Month()), t.Day(), t.Hour(), t.Minute(), t.Second())
	r = [3]float64{pos.X, pos.Y, pos.Z}
	v = [3]float64{vel.X, vel.Y, vel.Z}
	if !sgpFinite3(r) || !sgpFinite3(v) {
		return [3]float64{}, [3]float64{}, fmt.Errorf("go-satellite: catalog number %d at %v: non-finite result", g.catalog, t)
	}
	// go-satellite's WGS-72 Earth radius, km.
	if coeNorm(r) < 6378.135 {
		return [3]float64{}, [3]float64{}, fmt.Errorf("go-satellite: catalog number %d at %v: position below the Earth's surface (decayed)", g.catalog, t)
	}
	return r, v, nil
}

// Epoch returns the UTC epoch of the formatted element set (the input epoch
// rounded to 1e-8 day); go-satellite itself uses it truncated to the second.
func (g *GoSatellite) Epoch() time.Time { return g.epoch }

// Lines returns the two TLE lines given to go-satellite.
func (g *GoSatellite) Lines() (line1, line2 string) { return g.line1, g.line2 }

// formatTLE writes an element set as TLE lines 1 and 2 (69 columns each,
// with checksums) and returns the epoch the lines hold.
func formatTLE(es *ephemeris.ElementSet) (line1, line2 string, epoch time.Time, err error) {
	if es.CatalogNumber < 0 || es.CatalogNumber > 99999 {
		return "", "", epoch, fmt.Errorf("catalog number %d does not fit a 5-digit TLE field", es.CatalogNumber)
	}
	class := es.Classification
	switch class {
	case 0:
		class = 'U'
	case 'U', 'C', 'S':
	default:
		return "", "", epoch, fmt.Errorf("classification %q", class)
	}
	intl := es.IntlDesignator
	if len(intl) > 8 || strings.ContainsAny(intl, " \t\r\n") {
		intl = "" // not used by SGP4; a TLE field holds at most 8 characters
	}

	// Epoch rounded to 1e-8 day (864 µs; the zero time is a midnight, so
	// the rounding grid is aligned with days).
	epoch = es.Epoch.UTC().Round(864 * time.Microsecond)
	year := epoch.Year()
	if year < 1957 || year > 2056 {
		return "", "", epoch, fmt.Errorf("epoch year %d outside the TLE range 1957-2056", year)
	}
	jan1 := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	sinceJan1 := epoch.Sub(jan1)
	doy := int(sinceJan1/(24*time.Hour)) + 1
	units := int64(sinceJan1%(24*time.Hour)) / int64(864*time.Microsecond)

	ndot, err := tleDecimalField(es.MeanMotionDot)
	if err != nil {
		return "", "", epoch, fmt.Errorf("mean motion dot: %w", err)
	}
	nddot, err := tleExpField(es.MeanMotionDDot)
	if err != nil {
		return "", "", epoch, fmt.Errorf("mean motion ddot: %w", err)
	}
	bstar, err := tleExpField(es.BStar)
	if err != nil {
		return "", "", epoch, fmt.Errorf("BSTAR: %w", err)
	}
	ecc := math.Round(es.Eccentricity * 1e7)
	if ecc >= 1e7 {
		return "", "", epoch, fmt.Errorf("eccentricity %g does not fit 7 digits", es.Eccentricity)
	}
	if es.MeanMotionRevPerDay >= 99.999999995 {
		return "", "", epoch, fmt.Errorf("mean motion %g rev/day does not fit a TLE", es.MeanMotionRevPerDay)
	}
	ephType := es.EphemerisType
	if ephType < 0 || ephType > 9 {
		ephType = 0
	}
	elsetNo := ((es.ElementSetNo % 10000) + 10000) % 10000
	rev := ((es.RevAtEpoch % 100000) + 100000) % 100000

	line1 = fmt.Sprintf("1 %05d%c %-8s %02d%03d.%08d %s %s %s %d %4d",
		es.CatalogNumber, class, intl, year%100, doy, units, ndot, nddot, bstar, ephType, elsetNo)
	line2 = fmt.Sprintf("2 %05d %8.4f %8.4f %07d %8.4f %8.4f %11.8f%5d",
		es.CatalogNumber, es.InclinationDeg, wrapDeg360(es.RAANDeg), int64(ecc),
		wrapDeg360(es.ArgPerigeeDeg), wrapDeg360(es.MeanAnomalyDeg), es.MeanMotionRevPerDay, rev)
	if len(line1) != 68 || len(line2) != 68 {
		return "", "", epoch, fmt.Errorf("internal error: formatted TLE lines of %d and %d columns", len(line1)+1, len(line2)+1)
	}
	line1 += strconv.Itoa(tleChecksum(line1))
	line2 += strconv.Itoa(tleChecksum(line2))
	return line1, line2, epoch, nil
}

// wrapDeg360 maps an angle in degrees to [0, 360).
func wrapDeg360(deg float64) float64 {
	deg = math.Mod(deg, 360)
	if deg < 0 {
		deg += 360
	}
	return deg
}

// tleDecimalField writes |x| < 1 as the 10-column TLE field "-.00000084".
func tleDecimalField(x float64) (string, error) {
	s := strconv.FormatFloat(math.Abs(x), 'f', 8, 64)
	if !strings.HasPrefix(s, "0.") {
		return "", fmt.Errorf("%g does not fit the TLE field (|x| < 1)", x)
	}
	sign := " "
	if x < 0 && s != "0.00000000" {
		sign = "-"
	}
	return sign + s[1:], nil
}

// tleExpField writes x as the 8-column TLE field "-22483-4" (mantissa with
// an implied leading decimal point, single-digit exponent).
func tleExpField(x float64) (string, error) {
	if x == 0 {
		return " 00000+0", nil
	}
	s := strconv.FormatFloat(math.Abs(x), 'e', 4, 64) // "2.2483e-05"
	mant := s[0:1] + s[2:6]
	e, err := strconv.Atoi(s[7:])
	if err != nil {
		return "", err
	}
	e++ // d.dddd e(k) = 0.ddddd e(k+1)
	if e < -9 || e > 9 {
		return "", fmt.Errorf("%g does not fit the TLE exponent field", x)
	}
	sign := " "
	if x < 0 {
		sign = "-"
	}
	esign := "+"
	if e < 0 {
		esign = "-"
		e = -e
	}
	return sign + mant + esign + strconv.Itoa(e), nil
}

// tleChecksum is the modulo-10 sum of the digits, with '-' counting 1.
func tleChecksum(line string) int {
	sum := 0
	for _, c := range line {
		switch {
		case c >= '0' && c <= '9':
			sum += int(c - '0')
		case c == '-':
			sum++
		}
	}
	return sum % 10
}
