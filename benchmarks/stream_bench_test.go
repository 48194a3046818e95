package benchmarks

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/dataset"
)

// streamDataset loads the real GLONASS + BeiDou snapshot through the
// library pipeline (sim/dataset), as the command line does.
func streamDataset(b *testing.B) *dataset.Dataset {
	b.Helper()
	ds, err := dataset.Load(dataset.BuiltinInputs(), dataset.Options{Systems: []ephemeris.System{ephemeris.GLONASS, ephemeris.BeiDou}})
	if err != nil {
		b.Fatal(err)
	}
	return ds
}

// BenchmarkStreamSite evaluates one site over periods of 1, 3 and 7 days at
// 10 s with the positions propagated (SGP4) and evaluated a chunk of 2048
// epochs at a time (sim.StreamSiteSeries on a dataset.Propagator), the path
// of `gnssim dop`. The B/op figure stays flat as the period grows: memory is
// O(satellites × chunk), not O(satellites × epochs) — the ephemeris of 7 days
// at 10 s alone would be 73 × 60481 × 24 B = 106 MB. Reported:
// ns/epoch (propagation + DOP of each system alone and combined).
func BenchmarkStreamSite(b *testing.B) {
	ds := streamDataset(b)
	model := sim.Model{Systems: ds.Systems, Mask: sim.Mask{ElevationDeg: 10}}
	site := []sim.Site{{Name: "beijing", LatDeg: 39.9, LonDeg: 116.4, HeightM: 50}}
	for _, days := range []int{1, 3, 7} {
		b.Run(fmt.Sprintf("days=%d/step=10s", days), func(b *testing.B) {
			period := ds.DefaultStart()
			grid := periodGrid(period, time.Duration(days)*24*time.Hour, 10*time.Second)
			b.ReportAllocs()
			for b.Loop() {
				src := ds.Propagator(dataset.PropagatorOptions{})
				n := 0
				err := sim.StreamSiteSeries(context.Background(), src, grid, site, model, sim.Exec{}, func(c *sim.SiteResult) error {
					n += c.Grid.N
					return nil
				})
				if err != nil || n != grid.N {
					b.Fatal(err, n)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(grid.N), "ns/epoch")
		})
	}
}

// BenchmarkStreamCoverage maps a 10° global grid over 1 and 7 days at 60 s
// with the positions propagated a chunk at a time (the path of `gnssim
// coverage`): B/op stays flat as the period grows. Reported: ns/cell-epoch.
func BenchmarkStreamCoverage(b *testing.B) {
	ds := streamDataset(b)
	model := sim.Model{Systems: ds.Systems, Mask: sim.Mask{ElevationDeg: 10}}
	g := sim.GlobalGrid(10)
	nLat, nLon := g.Dims()
	for _, days := range []int{1, 7} {
		b.Run(fmt.Sprintf("days=%d/grid=10", days), func(b *testing.B) {
			grid := periodGrid(ds.DefaultStart(), time.Duration(days)*24*time.Hour, time.Minute)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := sim.Coverage(context.Background(), ds.Propagator(dataset.PropagatorOptions{}), grid, g, model, sim.CoverageOptions{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(grid.N*nLat*nLon), "ns/cell-epoch")
		})
	}
}

// periodGrid is the epoch grid start, start+step, … up to start+span.
func periodGrid(start time.Time, span, step time.Duration) orbit.EpochGrid {
	return orbit.EpochGrid{Start: start, Step: step, N: int(span/step) + 1}
}
