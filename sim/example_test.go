package sim_test

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/simtest"
)

// One satellite at the zenith and three on the horizon 120° apart: the
// closed-form DOPs are PDOP = √(8/3), HDOP = VDOP = √(4/3), TDOP = √(1/3),
// GDOP = √3 (see TestSolveHandChecked).
func ExampleAccumulator() {
	var acc sim.Accumulator
	acc.Add(0, 0, 0, 1, 1) // zenith
	for _, az := range []float64{0, 120, 240} {
		s, c := math.Sincos(az * math.Pi / 180)
		acc.Add(0, s, c, 0, 1) // el 0°, unit line of sight (E, N, U)
	}
	d := acc.Solve(1, sim.ClockPerSystem)
	fmt.Printf("GDOP %.4f PDOP %.4f HDOP %.4f VDOP %.4f TDOP %.4f\n", d.GDOP, d.PDOP, d.HDOP, d.VDOP, d.TDOP)
	// Output:
	// GDOP 1.7321 PDOP 1.6330 HDOP 1.1547 VDOP 1.1547 TDOP 0.5774
}

// GLONASS, BeiDou and both at one site and epoch, per-system clocks, 10° mask.
func ExampleSiteSeries() {
	grid := orbit.EpochGrid{Start: time.Date(2026, 3, 18, 0, 0, 0, 0, time.UTC), Step: time.Hour, N: 1}
	eph := simtest.GLONASSBeiDou(grid) // nominal circular-orbit constellations
	beijing := sim.Site{Name: "Beijing", LatDeg: 39.9, LonDeg: 116.4, HeightM: 50}
	model := sim.Model{
		Systems: []ephemeris.System{ephemeris.GLONASS, ephemeris.BeiDou},
		Mask:    sim.Mask{ElevationDeg: 10},
	}
	r, err := sim.SiteSeries(context.Background(), eph, grid, []sim.Site{beijing}, model, sim.Exec{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for v, variant := range r.Variants {
		d := r.At(0, 0, v)
		fmt.Printf("%-15s %2d visible, PDOP %.2f\n", variant.Name, d.NVisible, d.PDOP)
	}
	// Output:
	// glonass          6 visible, PDOP 2.50
	// beidou          10 visible, PDOP 2.68
	// glonass+beidou  16 visible, PDOP 1.49
}

// A coverage map of East Asia over 24 h at 30 min, GLONASS + BeiDou with
// per-system clocks, and each system alone for the regional comparison.
func ExampleCoverage() {
	grid := orbit.EpochGrid{Start: time.Date(2026, 3, 18, 0, 0, 0, 0, time.UTC), Step: 30 * time.Minute, N: 48}
	eph := simtest.GLONASSBeiDou(grid)
	region := sim.GridSpec{CellDeg: 5, LatMinDeg: 20, LatMaxDeg: 55, LonMinDeg: 70, LonMaxDeg: 140}
	model := sim.Model{Mask: sim.Mask{ElevationDeg: 10}} // systems: those of the source
	m, err := sim.Coverage(context.Background(), eph, grid, region, model, sim.CoverageOptions{PerSystem: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	cmp, err := sim.CompareRegion(m)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d×%d cells\n", m.NLat, m.NLon)
	for _, s := range cmp.Stats {
		fmt.Printf("%-15s mean visible %5.2f, mean PDOP %.2f, availability (PDOP ≤ 6) %.3f\n", s.Variant, s.MeanVisible, s.MeanPDOP, s.Availability)
	}
	fmt.Printf("gain over %s: %+.3f availability\n", cmp.Improvement.BestAvailability, cmp.Improvement.AvailabilityGain)
	// Output:
	// 7×14 cells
	// glonass         mean visible  6.97, mean PDOP 2.68, availability (PDOP ≤ 6) 0.985
	// beidou          mean visible 11.99, mean PDOP 1.71, availability (PDOP ≤ 6) 1.000
	// glonass+beidou  mean visible 18.95, mean PDOP 1.27, availability (PDOP ≤ 6) 1.000
	// gain over beidou: +0.000 availability
}
