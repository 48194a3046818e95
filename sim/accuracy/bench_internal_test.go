package accuracy

import (
	"testing"
	"time"

	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/simtest"
)

// BenchmarkDifferences times the difference computation alone (per pair
// and epoch: the ring push, the velocity stencil with the Earth-rotation
// correction, the RAC frame, the split and four accumulators) on positions
// already in memory: 54 satellites (GLONASS and BeiDou, every orbit class)
// over a day at 30 s, one chunk.
func BenchmarkDifferences(b *testing.B) {
	grid := orbit.EpochGrid{Start: time.Date(2020, 6, 25, 0, 0, 0, 0, time.UTC), Step: 30 * time.Second, N: 2880}
	ea := simtest.GLONASSBeiDou(grid)
	var pert []simtest.CircularOrbit
	for _, o := range append(simtest.GLONASS(), simtest.BeiDou(simtest.GMST(grid))...) {
		o.ArgLatDeg += 1e-5
		pert = append(pert, o)
	}
	eb := simtest.Propagate(grid, pert)
	m := Match(ea.Sats, eb.Sats)
	n := len(m.Pairs) * grid.N
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		c := &comparer{pairs: m.Pairs, period: grid, h: grid.Step.Seconds(), state: make([]pairState, len(m.Pairs))}
		c.init()
		if err := c.segment(ea, eb, 0); err != nil {
			b.Fatal(err)
		}
		if err := c.flush(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/sat-epoch")
}

var _ sim.Source = (*sim.Ephemeris)(nil)
