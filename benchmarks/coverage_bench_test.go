package benchmarks

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
)

// benchStart is 00:00 UTC of the real GLONASS + BeiDou snapshot
// (testdata/tle/2026-03-18).
var benchStart = time.Date(2026, 3, 18, 0, 0, 0, 0, time.UTC)

var (
	benchSatsOnce sync.Once
	benchSats     []*orbit.SGP4
	benchInfo     []sim.Satellite
)

// benchEphemeris propagates the operational GLONASS and BeiDou satellites of
// the 2026-03-18 snapshot (identified by the built-in catalog, as gnssim
// does by default) with gnssim's SGP4 into ECEF positions over
// [benchStart, benchStart+span) at step. Propagation is setup, not timed.
func benchEphemeris(b *testing.B, span, step time.Duration) *sim.Ephemeris {
	b.Helper()
	benchSatsOnce.Do(func() {
		cat := ephemeris.DefaultCatalog()
		for _, es := range snapshotSets(b) {
			id := cat.Identify(es, benchStart)
			if !id.Operational {
				continue
			}
			p, err := orbit.NewSGP4(es)
			if err != nil {
				b.Fatal(err)
			}
			benchSats = append(benchSats, p)
			benchInfo = append(benchInfo, sim.Satellite{System: id.System, PRN: id.PRN, NORAD: es.CatalogNumber, Name: es.Name})
		}
	})
	grid := orbit.EpochGrid{Start: benchStart, Step: step, N: int(span / step)}
	dst := orbit.NewBatch(len(benchSats), grid.N, false)
	if err := orbit.PropagateBatch(context.Background(), dst, benchSats, grid, orbit.BatchOptions{}); err != nil {
		b.Fatal(err)
	}
	return &sim.Ephemeris{Grid: grid, Sats: benchInfo, X: dst.X, Y: dst.Y, Z: dst.Z}
}

// benchOptions: per-system clocks, mask 10°, GLONASS + BeiDou, Workers =
// GOMAXPROCS (follows -cpu).
var benchModel = sim.Model{Mask: sim.Mask{ElevationDeg: 10}, Clock: sim.ClockPerSystem}

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
			eph := benchEphemeris(b, bc.span, bc.step)
			grid := sim.GlobalGrid(bc.cell)
			nLat, nLon := grid.Dims()
			cellEpochs := float64(nLat * nLon * eph.Grid.N)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := sim.Coverage(context.Background(), eph, eph.Grid, grid, benchModel, sim.CoverageOptions{}); err != nil {
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
	eph := benchEphemeris(b, 24*time.Hour, time.Second)
	sites := []sim.Site{{Name: "Beijing", LatDeg: 39.9, LonDeg: 116.4, HeightM: 50}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := sim.SiteSeries(context.Background(), eph, eph.Grid, sites, benchModel, sim.Exec{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(eph.Grid.N), "ns/epoch")
}
