package benchmarks

import (
	"context"
	"testing"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/dataset"
	"github.com/gnssim/gnssim/sim/spectrum"
)

// spectrumDataset loads every system of the real snapshot (the default
// sky of `gnssim spectrum cn0`: 151 satellites).
func spectrumDataset(b *testing.B) *dataset.Dataset {
	b.Helper()
	ds, err := dataset.Load(dataset.BuiltinInputs(), dataset.Options{Systems: ephemeris.Systems})
	if err != nil {
		b.Fatal(err)
	}
	return ds
}

// spectrumModel is the model of `gnssim spectrum cn0` with its defaults:
// every catalogue signal transmitted by every satellite of its system
// (QZSS: the GPS ones), ICD minimum powers, N0 −201.5 dBW/Hz, mask 0°,
// and the given victims (nil: every catalogue signal). The evaluator is
// built here: its cost belongs to the run.
func spectrumModel(b *testing.B, victims []string) spectrum.SkyModel {
	b.Helper()
	e, err := spectrum.NewEvaluator(nil, spectrum.EvaluatorOptions{})
	if err != nil {
		b.Fatal(err)
	}
	m := spectrum.SkyModel{Evaluator: e, Transmit: map[ephemeris.System][]string{}, Victims: victims, N0DBWHz: spectrum.DefaultN0DBWHz}
	for _, sys := range []ephemeris.System{ephemeris.GLONASS, ephemeris.BeiDou, ephemeris.GPS, ephemeris.Galileo} {
		for _, s := range spectrum.Interferers(sys) {
			m.Transmit[sys] = append(m.Transmit[sys], s.Name)
			if sys == ephemeris.GPS {
				m.Transmit[ephemeris.QZSS] = append(m.Transmit[ephemeris.QZSS], s.Name)
			}
		}
	}
	if victims == nil {
		for _, s := range e.Signals() {
			m.Victims = append(m.Victims, s.Name)
		}
	}
	return m
}

func spectrumSats(ds *dataset.Dataset) []spectrum.SkySat {
	out := make([]spectrum.SkySat, len(ds.Selected))
	for i, s := range ds.Selected {
		out[i] = spectrum.SkySat{System: s.ID.System, PRN: s.Label(), Channel: s.ID.FreqChannel, HasChannel: s.ID.HasChannel}
	}
	return out
}

// BenchmarkSpectrumSSC computes the SSC matrix of the whole catalogue (19
// signals, 361 pairs, FDMA on channel 0: spectrum.NewMatrix, what
// `gnssim spectrum ssc --matrix` computes), and the Evaluator's table of
// every (signal, channel) slot pair (45 slots: 2025 pairs, the cost of
// setting up a C/N0 run). Target: well under a second. Reported:
// ns/pair.
func BenchmarkSpectrumSSC(b *testing.B) {
	b.Run("matrix", func(b *testing.B) {
		b.ReportAllocs()
		n := 0
		for b.Loop() {
			m, err := spectrum.NewMatrix(nil, 0)
			if err != nil {
				b.Fatal(err)
			}
			n = len(m.Signals) * len(m.Signals)
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/pair")
	})
	b.Run("evaluator", func(b *testing.B) {
		b.ReportAllocs()
		n := 0
		for b.Loop() {
			e, err := spectrum.NewEvaluator(nil, spectrum.EvaluatorOptions{})
			if err != nil {
				b.Fatal(err)
			}
			n = e.Slots() * e.Slots()
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/pair")
	})
}

// BenchmarkSpectrumCN0Site is `gnssim spectrum cn0 --site beijing` end to
// end after loading the files: the evaluator, SGP4 for the 151 satellites
// of every system over 24 h at 60 s (1441 epochs), their visibility from
// Beijing (mask 0°) and the ΔC/N0 of every one of the 19 catalogue
// signals at every epoch (each victim satellite, self/intra/inter parts),
// with the summary statistics. Target: under a second. Reported:
// ns/epoch.
func BenchmarkSpectrumCN0Site(b *testing.B) {
	ds := spectrumDataset(b)
	sats := spectrumSats(ds)
	grid := periodGrid(ds.DefaultStart(), 24*time.Hour, time.Minute)
	site := sim.Site{Name: "beijing", LatDeg: 39.9, LonDeg: 116.4, HeightM: 50}
	b.ReportAllocs()
	for b.Loop() {
		m := spectrumModel(b, nil)
		var st spectrum.SiteStats
		err := spectrum.StreamSiteDegradation(context.Background(), ds.Propagator(dataset.PropagatorOptions{}), sats, grid, site, m, sim.Exec{},
			func(c *spectrum.SiteChunk) error { return st.Add(c) })
		if err != nil || len(st.Summaries()) != 19 {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(grid.N), "ns/epoch")
}

// BenchmarkSpectrumCN0Map is `gnssim spectrum cn0 --grid 5 --victim B1C
// --step 10m`: the ΔC/N0 of BeiDou B1C on a 5° global grid (2592 cells)
// over 24 h at 10 min (145 epochs: 375 840 cell-epochs), every system's
// satellites interfering, the positions propagated before the timer (as
// BenchmarkCoverage). Reported: ns/cell-epoch.
func BenchmarkSpectrumCN0Map(b *testing.B) {
	ds := spectrumDataset(b)
	sats := spectrumSats(ds)
	grid := periodGrid(ds.DefaultStart(), 24*time.Hour, 10*time.Minute)
	eph, _, err := ds.Ephemeris(context.Background(), grid, dataset.PropagatorOptions{})
	if err != nil {
		b.Fatal(err)
	}
	g := sim.GlobalGrid(5)
	nLat, nLon := g.Dims()
	m := spectrumModel(b, []string{"B1C"})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := spectrum.MapDegradation(context.Background(), eph, sats, grid, g, m, sim.Exec{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(grid.N*nLat*nLon), "ns/cell-epoch")
}
