package sim_test

import (
	"context"
	"fmt"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/dataset"
)

// The whole pipeline as a library user writes it (the README shows this
// example), with the command line's numbers: element sets (here the built-in
// snapshot; dataset.ReadInputs reads files) → duplicates, catalog identity,
// SGP4 and selection (dataset.Load) → positions a chunk at a time
// (Dataset.Propagator, a sim.Source) → GLONASS, BeiDou and the combination
// at Beijing.
func Example_pipeline() {
	systems := []ephemeris.System{ephemeris.GLONASS, ephemeris.BeiDou}
	ds, err := dataset.Load(dataset.BuiltinInputs(), dataset.Options{Systems: systems})
	if err != nil {
		panic(err)
	}
	for _, n := range ds.Notes() { // duplicates, refused sets: none in the built-in data
		fmt.Println(n)
	}
	period := orbit.EpochGrid{Start: time.Date(2026, 3, 18, 0, 0, 0, 0, time.UTC), Step: 10 * time.Minute, N: 145} // 24 h
	beijing := sim.Site{Name: "beijing", LatDeg: 39.90, LonDeg: 116.40, HeightM: 50}
	model := sim.Model{Systems: systems, Mask: sim.Mask{ElevationDeg: 10}}
	src := ds.Propagator(dataset.PropagatorOptions{})
	res, err := sim.SiteSeries(context.Background(), src, period, []sim.Site{beijing}, model, sim.Exec{})
	if err != nil {
		panic(err)
	}
	cmps, err := sim.CompareSites(res)
	if err != nil {
		panic(err)
	}
	for _, st := range cmps[0].Stats {
		fmt.Printf("%-15s mean visible %4.1f  mean PDOP %.2f  availability %.3f\n", st.Variant, st.MeanVisible, st.MeanPDOP, st.Availability)
	}
	// Output:
	// glonass         mean visible  6.7  mean PDOP 2.71  availability 0.979
	// beidou          mean visible 24.8  mean PDOP 1.19  availability 1.000
	// glonass+beidou  mean visible 31.5  mean PDOP 1.02  availability 1.000
}
