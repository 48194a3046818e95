package orbit

import (
	"errors"
	"fmt"
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
// with checksums, by ephemeris.FormatTLELines) and returns the epoch the
// lines hold (the input epoch rounded to 1e-8 day). go-satellite reads the
// catalog number as five digits, so Alpha-5 numbers are refused.
func formatTLE(es *ephemeris.ElementSet) (line1, line2 string, epoch time.Time, err error) {
	if es.CatalogNumber < 0 || es.CatalogNumber > 99999 {
		return "", "", epoch, fmt.Errorf("catalog number %d does not fit go-satellite's 5-digit TLE field", es.CatalogNumber)
	}
	line1, line2, err = ephemeris.FormatTLELines(es)
	if err != nil {
		return "", "", epoch, err
	}
	back, err := ephemeris.ParseTLE(es.Name, line1, line2)
	if err != nil {
		return "", "", epoch, fmt.Errorf("formatted TLE does not read back: %w", err)
	}
	return line1, line2, back.Epoch, nil
}
