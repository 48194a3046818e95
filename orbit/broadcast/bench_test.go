package broadcast

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
)

// BenchmarkGrid fills 24 h at 30 s (2880 epochs) for every satellite of a
// group, one op = the whole group, and reports ns per satellite-epoch over
// all epochs ("ns/sat-epoch": gaps cost almost nothing) and per epoch with
// a position ("ns/evaluated": the cost of one orbit evaluation, the figure
// to compare with SGP4's ~340 ns/sat-epoch of benchmarks/BenchmarkSGP4).
//
//	go test ./orbit/broadcast -run '^$' -bench Grid -benchtime 20x
func BenchmarkGrid(b *testing.B) {
	src := esbcSource(b)
	groups := []struct {
		name string
		keep func(Satellite) bool
	}{
		{"kepler", func(s Satellite) bool { return s.Sat.System != ephemeris.GLONASS }},
		{"glonass", func(s Satellite) bool { return s.Sat.System == ephemeris.GLONASS }},
	}
	x, y, z := make([]float64, dayGrid.N), make([]float64, dayGrid.N), make([]float64, dayGrid.N)
	for _, g := range groups {
		var sats []int
		evaluated := 0
		for i, s := range src.Satellites() {
			if g.keep(s) {
				sats = append(sats, i)
				n, _ := src.FillGrid(i, dayGrid, x, y, z)
				evaluated += n
			}
		}
		b.Run(g.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, i := range sats {
					src.FillGrid(i, dayGrid, x, y, z)
				}
			}
			el := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			b.ReportMetric(el/float64(len(sats)*dayGrid.N), "ns/sat-epoch")
			b.ReportMetric(el/float64(evaluated), "ns/evaluated")
		})
	}
}

// BenchmarkEvaluate times single evaluations: a Keplerian orbit (G01) and a
// GLONASS position from the cached nodes (R01), at epochs 30 s apart.
func BenchmarkEvaluate(b *testing.B) {
	k, err := NewKepler(recordAt(b, 15880))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("kepler", func(b *testing.B) {
		b.ReportAllocs()
		var sink float64
		tk := -7200.0
		for b.Loop() {
			p, _ := k.ECEF(tk)
			sink += p[0]
			if tk += 30; tk > 7200 {
				tk = -7200
			}
		}
		_ = sink
	})
	g := glonassRecords(b)[0]
	gl := NewGlonass(g, 0, GLONASSHalfFit, GLONASSHalfFit+DefaultMargin)
	b.Run("glonass", func(b *testing.B) {
		b.ReportAllocs()
		var sink float64
		dt := -900.0
		for b.Loop() {
			sink += gl.StateAt(dt).Pos[0]
			if dt += 30; dt > 1200 {
				dt = -900
			}
		}
		_ = sink
	})
}

// BenchmarkNewSource builds the Source of the whole real file (selection
// and the GLONASS node integration of 510 records).
func BenchmarkNewSource(b *testing.B) {
	f := readESBC(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewSource(f, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSGP4Reference runs the project's SGP4 on the GLONASS + BeiDou
// element sets of testdata/tle/2026-03-18 over 24 h at 30 s, as
// benchmarks/BenchmarkSGP4 (impl=gnssim) does, so that the broadcast
// figures above can be compared in the same run.
func BenchmarkSGP4Reference(b *testing.B) {
	var props []*orbit.SGP4
	for _, name := range []string{"glonass.tle", "beidou.tle"} {
		sets, _, err := ephemeris.ReadFile(filepath.Join("..", "..", "testdata", "tle", "2026-03-18", name), ephemeris.ReadOptions{})
		if err != nil {
			b.Skip(err)
		}
		for _, es := range sets {
			p, err := orbit.NewSGP4(es)
			if err != nil {
				b.Fatal(err)
			}
			props = append(props, p)
		}
	}
	grid := orbit.EpochGrid{Start: time.Date(2026, 3, 18, 0, 0, 0, 0, time.UTC), Step: 30 * time.Second, N: 2880}
	b.ReportAllocs()
	var sink float64
	for b.Loop() {
		for _, p := range props {
			for k := range grid.N {
				r, _, err := p.Propagate(grid.Time(k))
				if err != nil {
					b.Fatal(err)
				}
				sink += r[0]
			}
		}
	}
	_ = sink
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(props)*grid.N), "ns/sat-epoch")
}
