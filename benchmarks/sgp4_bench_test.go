package benchmarks

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	satellite "github.com/joshuaferrara/go-satellite"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
)

// snapshotSets reads the real GLONASS + BeiDou element sets of the
// 2026-03-18 snapshot (testdata/tle/2026-03-18).
func snapshotSets(tb testing.TB) []*ephemeris.ElementSet {
	tb.Helper()
	var out []*ephemeris.ElementSet
	for _, f := range []string{"glonass.tle", "beidou.tle"} {
		sets, problems, err := ephemeris.ReadFile(filepath.Join("..", "testdata", "tle", "2026-03-18", f), ephemeris.ReadOptions{})
		if err != nil || len(problems) > 0 {
			tb.Fatalf("%s: %v %v", f, err, problems)
		}
		out = append(out, sets...)
	}
	return out
}

// sgp4Grid is the benchmark period: 24 h at 30 s from 2026-03-18 00:00 UTC.
var sgp4Grid = orbit.EpochGrid{Start: time.Date(2026, 3, 18, 0, 0, 0, 0, time.UTC), Step: 30 * time.Second, N: 2880}

// BenchmarkSGP4 propagates every GLONASS and BeiDou satellite of the snapshot
// over 24 h at 30 s (TEME, positions and velocities), one op = the whole
// set, and reports ns per satellite-epoch.
//
//   - impl=gnssim: SGP4.Propagate(time.Time), single goroutine.
//   - impl=go-satellite: go-satellite's public Propagate(sat, y, m, d, h, min, s), single goroutine.
//   - impl=gnssim-batch/workers=N: PropagateBatch (TEME) with N workers.
func BenchmarkSGP4(b *testing.B) {
	sets := snapshotSets(b)
	var ours []*orbit.SGP4
	var theirs []satellite.Satellite
	for _, es := range sets {
		p, err := orbit.NewSGP4(es)
		if err != nil {
			b.Fatal(err)
		}
		ours = append(ours, p)
		l1, l2, err := ephemeris.FormatTLELines(es)
		if err != nil {
			b.Fatal(err)
		}
		theirs = append(theirs, satellite.TLEToSat(l1, l2, satellite.GravityWGS72))
	}
	satEpochs := float64(len(sets) * sgp4Grid.N)
	report := func(b *testing.B) {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/satEpochs, "ns/sat-epoch")
	}
	b.Run("impl=gnssim", func(b *testing.B) {
		b.ReportAllocs()
		var sink float64
		for b.Loop() {
			for _, p := range ours {
				for k := 0; k < sgp4Grid.N; k++ {
					r, _, err := p.Propagate(sgp4Grid.Time(k))
					if err != nil {
						b.Fatal(err)
					}
					sink += r[0]
				}
			}
		}
		_ = sink
		report(b)
	})
	b.Run("impl=go-satellite", func(b *testing.B) {
		b.ReportAllocs()
		var sink float64
		for b.Loop() {
			for i := range theirs {
				for k := 0; k < sgp4Grid.N; k++ {
					t := sgp4Grid.Time(k)
					pos, _ := satellite.Propagate(theirs[i], t.Year(), int(t.Month()), t.Day(), t.Hour(), t.Minute(), t.Second())
					sink += pos.X
				}
			}
		}
		_ = sink
		report(b)
	})
	for _, w := range []int{1, 2} {
		b.Run("impl=gnssim-batch/workers="+itoa(w), func(b *testing.B) {
			b.ReportAllocs()
			dst := orbit.NewBatch(len(ours), sgp4Grid.N, true)
			for b.Loop() {
				if err := orbit.PropagateBatch(context.Background(), dst, ours, sgp4Grid, orbit.BatchOptions{Frame: orbit.FrameTEME, Workers: w}); err != nil {
					b.Fatal(err)
				}
			}
			report(b)
		})
	}
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}
