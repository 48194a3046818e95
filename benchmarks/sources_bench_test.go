package benchmarks

import (
	"context"
	"math"
	"path/filepath"
	"testing"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/dataset"
)

// A source of satellite positions for the benchmarks of issue 13: the
// GLONASS + BeiDou satellites of the built-in TLE snapshot (SGP4), of a day
// of broadcast navigation (RINEX, station ESBC, 2020-06-25: Keplerian
// BeiDou, GLONASS by Runge-Kutta integration) and of the IAC precise
// orbits of the same day (SP3, 10-point Lagrange interpolation), all
// through sim/dataset's Propagator, the sim.Source every command uses.
type benchSource struct {
	name string
	ds   *dataset.Dataset
	grid orbit.EpochGrid // 24 h at 30 s inside the data
}

func benchSources(b *testing.B) []benchSource {
	b.Helper()
	systems := []ephemeris.System{ephemeris.GLONASS, ephemeris.BeiDou}
	opt := dataset.Options{Systems: systems}
	load := func(kind string, names ...string) *dataset.Dataset {
		in, err := dataset.ReadInputs(names)
		if err != nil {
			b.Fatal(err)
		}
		var ds *dataset.Dataset
		switch kind {
		case "nav":
			ds, err = dataset.LoadNav(in, opt)
		case "sp3":
			ds, err = dataset.LoadSP3(in, opt)
		default:
			ds, err = dataset.Load(in, opt)
		}
		if err != nil {
			b.Fatal(err)
		}
		return ds
	}
	day2020 := time.Date(2020, 6, 25, 0, 0, 0, 0, time.UTC)
	tle := load("tle")
	return []benchSource{
		{"tle", tle, orbit.EpochGrid{Start: tle.DefaultStart(), Step: 30 * time.Second, N: 2880}},
		{"nav", load("nav", filepath.Join("..", "ephemeris", "rinex", "testdata", "ESBC00DNK_R_20201770000_01D_MN.rnx.gz")),
			orbit.EpochGrid{Start: day2020, Step: 30 * time.Second, N: 2880}},
		{"sp3", load("sp3", filepath.Join("..", "ephemeris", "sp3", "testdata", "Sta21114.sp3.gz")),
			orbit.EpochGrid{Start: day2020, Step: 30 * time.Second, N: 2880}},
	}
}

// BenchmarkSources fills 24 h at 30 s of ECEF positions of every GLONASS
// and BeiDou satellite of each source (one op), a chunk of 2048 epochs at
// a time as the engine asks for them. Reported: ns/sat-epoch over all
// satellite-epochs, and ns/position over those with a position (a
// navigation file recorded at one station has gaps where nothing is
// computed: GLONASS records are valid ±15 min).
func BenchmarkSources(b *testing.B) {
	for _, s := range benchSources(b) {
		b.Run("source="+s.name, func(b *testing.B) {
			sats := len(s.ds.Selected)
			chunk := min(sim.DefaultChunkEpochs, s.grid.N)
			dst := &sim.Ephemeris{X: make([]float64, sats*chunk), Y: make([]float64, sats*chunk), Z: make([]float64, sats*chunk)}
			positions := 0
			b.ReportAllocs()
			for b.Loop() {
				src := s.ds.Propagator(dataset.PropagatorOptions{})
				dst.Sats = src.Satellites()
				positions = 0
				for k0 := 0; k0 < s.grid.N; k0 += chunk {
					n := min(chunk, s.grid.N-k0)
					dst.Grid = orbit.EpochGrid{Start: s.grid.Time(k0), Step: s.grid.Step, N: n}
					dst.X, dst.Y, dst.Z = dst.X[:sats*n], dst.Y[:sats*n], dst.Z[:sats*n]
					if err := src.Fill(context.Background(), dst); err != nil {
						b.Fatal(err)
					}
					for _, x := range dst.X {
						if !math.IsNaN(x) {
							positions++
						}
					}
				}
			}
			ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			b.ReportMetric(ns/float64(sats*s.grid.N), "ns/sat-epoch")
			b.ReportMetric(ns/float64(max(positions, 1)), "ns/position")
		})
	}
}

// BenchmarkSourcesSiteDOP is `gnssim dop` at Beijing over 24 h at 30 s
// with each source (positions and the DOP of each system alone and
// combined, mask 10°): the engine is not slower with broadcast or precise
// orbits than with SGP4. Reported: ns/epoch.
func BenchmarkSourcesSiteDOP(b *testing.B) {
	site := []sim.Site{{Name: "beijing", LatDeg: 39.9, LonDeg: 116.4, HeightM: 50}}
	for _, s := range benchSources(b) {
		b.Run("source="+s.name, func(b *testing.B) {
			model := sim.Model{Systems: s.ds.Systems, Mask: sim.Mask{ElevationDeg: 10}}
			b.ReportAllocs()
			for b.Loop() {
				err := sim.StreamSiteSeries(context.Background(), s.ds.Propagator(dataset.PropagatorOptions{}), s.grid, site, model, sim.Exec{}, func(*sim.SiteResult) error { return nil })
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(s.grid.N), "ns/epoch")
		})
	}
}
