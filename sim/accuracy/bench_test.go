package accuracy_test

import (
	"context"
	"testing"
	"time"

	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim/accuracy"
	"github.com/gnssim/gnssim/sim/simtest"
)

// BenchmarkCompare times a whole comparison of two in-memory sources (54
// satellites, a day at 30 s, default chunks): copying the positions out of
// the sources, validating them, and the differences.
func BenchmarkCompare(b *testing.B) {
	grid := orbit.EpochGrid{Start: time.Date(2020, 6, 25, 0, 0, 0, 0, time.UTC), Step: 30 * time.Second, N: 2880}
	a := simtest.GLONASSBeiDou(grid)
	var pert []simtest.CircularOrbit
	for _, o := range append(simtest.GLONASS(), simtest.BeiDou(simtest.GMST(grid))...) {
		o.ArgLatDeg += 1e-5
		pert = append(pert, o)
	}
	e := simtest.Propagate(grid, pert)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := accuracy.Compare(context.Background(), a, e, grid, accuracy.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(a.Sats)*grid.N), "ns/sat-epoch")
}

// BenchmarkBroadcastVersusPrecise times the real comparison of
// TestBroadcastVersusPrecise (121 and 108 satellites, a day at 30 s),
// dominated by evaluating the two sources.
func BenchmarkBroadcastVersusPrecise(b *testing.B) {
	a := accuracy.PreciseSource(preciseSource(b, iacPath))
	nav := accuracy.BroadcastSource(broadcastSource(b))
	var pairs int
	for b.Loop() {
		r, err := accuracy.Compare(context.Background(), a, nav, day, accuracy.Options{})
		if err != nil {
			b.Fatal(err)
		}
		pairs = len(r.Pairs)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(pairs*day.N), "ns/pair-epoch")
}
