package plot_test

import (
	"bytes"
	"sync"
	"testing"

	"github.com/gnssim/gnssim/sim/plot"
)

// TestConcurrent draws figures from several goroutines at once (the CLI may
// do so); run with -race to check that no state is shared unsafely.
func TestConcurrent(t *testing.T) {
	figs := []figure{
		sky(skyTracks(constellation(), 30, 120, 2, 10, 5), plot.SkyPlotOptions{}),
		coverage(gridOK, plot.MapOptions{}),
		ground(trackOK, plot.MapOptions{}),
		dopVis(serOK, serOK, plot.DOPAndVisibleOptions{}),
	}
	want := make([][]byte, len(figs))
	for i, fig := range figs {
		var b bytes.Buffer
		if err := fig(&b, plot.SVG); err != nil {
			t.Fatal(err)
		}
		want[i] = b.Bytes()
	}
	var wg sync.WaitGroup
	errs := make([]error, 2*len(figs))
	got := make([][]byte, 2*len(figs))
	for k := range 2 * len(figs) {
		wg.Go(func() {
			var b bytes.Buffer
			errs[k] = figs[k%len(figs)](&b, plot.SVG)
			got[k] = b.Bytes()
		})
	}
	wg.Wait()
	for k := range got {
		if errs[k] != nil || !bytes.Equal(got[k], want[k%len(figs)]) {
			t.Errorf("concurrent figure %d: err %v, same bytes %v", k, errs[k], bytes.Equal(got[k], want[k%len(figs)]))
		}
	}
}

func benchFigure(b *testing.B, fig figure, f plot.Format) {
	b.ReportAllocs()
	var n int
	for b.Loop() {
		var buf bytes.Buffer
		if err := fig(&buf, f); err != nil {
			b.Fatal(err)
		}
		n = buf.Len()
	}
	b.ReportMetric(float64(n), "bytes/figure")
}

// BenchmarkCoverageMap draws a global 1° grid (64 800 cells), the finest
// grid the CLI is expected to map.
func BenchmarkCoverageMap(b *testing.B) {
	lats, lons := centres(-90, 90, 1), centres(-180, 180, 1)
	g := plot.GridData{NLat: len(lats), NLon: len(lons), LatDeg: lats, LonDeg: lons, Values: make([]float64, len(lats)*len(lons))}
	for i := range lats {
		for j := range lons {
			g.Values[i*len(lons)+j] = float64((i*7+j*3)%97) / 10
		}
	}
	for _, f := range []plot.Format{plot.PNG, plot.SVG} {
		b.Run(f.String(), func(b *testing.B) { benchFigure(b, coverage(g, plot.MapOptions{Label: "x"}), f) })
	}
}

// BenchmarkSkyPlot draws a day of 54 satellites at 5-minute steps.
func BenchmarkSkyPlot(b *testing.B) {
	tracks := skyTracks(constellation(), 40, 116, 24, 5, 0)
	for _, f := range []plot.Format{plot.PNG, plot.SVG} {
		b.Run(f.String(), func(b *testing.B) { benchFigure(b, sky(tracks, plot.SkyPlotOptions{}), f) })
	}
}
