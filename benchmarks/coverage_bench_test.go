// Package benchmarks holds gnssim's speed benchmarks.
package benchmarks

import (
	"context"
	"testing"
	"time"

	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/simtest"
)

// benchStart is the epoch of the real GLONASS + BeiDou snapshot the lead
// will switch to (testdata/tle/2026-03-18). Until the SGP4 batch
// propagator exists the input is the nominal circular-orbit constellations
// of sim/simtest (24 GLONASS + 30 BeiDou).
var benchStart = time.Date(2026, 3, 18, 0, 0, 0, 0, time.UTC)

func benchEphemeris(span, step time.Duration) *sim.Ephemeris {
	n := int(span / step)
	return simtest.GLONASSBeiDou(orbit.EpochGrid{Start: benchStart, Step: step, N: n})
}

// benchOptions: per-system clocks, mask 10°, GLONASS + BeiDou, Workers =
// GOMAXPROCS (follows -cpu).
var benchOptions = sim.Options{Mask: sim.Mask{ElevationDeg: 10}, Clock: sim.ClockPerSystem}

// BenchmarkCoverage times a global coverage map of the combination
// GLONASS + BeiDou and reports ns per cell-epoch (wall clock, all workers).
// Targets: 2°/24 h/5 min ≤ 60 ns/cell-epoch; 1°/24 h/60 s under 10 s.
func BenchmarkCoverage(b *testing.B) {
	for _, bc := range []struct {
		name       string
		cell       float64
		span, step time.Duration
	}{
		{"grid=2deg/span=24h/step=5m", 2, 24 * time.Hour, 5 * time.Minute},
		{"grid=1deg/span=24h/step=60s", 1, 24 * time.Hour, time.Minute},
	} {
		b.Run(bc.name, func(b *testing.B) {
			eph := benchEphemeris(bc.span, bc.step)
			grid := sim.GlobalGrid(bc.cell)
			nLat, nLon := grid.Dims()
			cellEpochs := float64(nLat * nLon * eph.Grid.N)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := sim.Coverage(context.Background(), eph, grid, benchOptions, nil); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/cellEpochs, "ns/cell-epoch")
			b.ReportMetric(cellEpochs, "cell-epochs")
		})
	}
}

// BenchmarkSiteDOP times one site over 24 h at 1 s: visibility and the DOP
// of GLONASS, BeiDou and the combination at every epoch.
func BenchmarkSiteDOP(b *testing.B) {
	eph := benchEphemeris(24*time.Hour, time.Second)
	sites := []sim.Site{{Name: "Beijing", LatDeg: 39.9, LonDeg: 116.4, HeightM: 50}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := sim.SiteSeries(eph, sites, benchOptions); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(eph.Grid.N), "ns/epoch")
}
