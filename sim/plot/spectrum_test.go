package plot_test

import (
	"bytes"
	"errors"
	"image/png"
	"io"
	"log"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/sim/plot"
)

// bpskDB is 10·log10 of the unit-power BPSK PSD Tc·sinc²(πfTc) of chip
// rate rateMHz at offset fMHz, normalised over an infinite band (enough
// for a figure test; the library band-limits and renormalises).
func bpskDB(rateMHz, fMHz float64) float64 {
	tc := 1 / (rateMHz * 1e6)
	x := math.Pi * fMHz * 1e6 * tc
	s := 1.0
	if x != 0 {
		s = math.Sin(x) / x
	}
	return 10 * math.Log10(tc*s*s)
}

// boc11DB is the sine-phased BOC(1,1) PSD Tc·sinc²(x)·tan²(x/2), x =
// πfTc, in dB/Hz (its removable singularities at x = ±π, ±3π, … are not
// sampled by the examples).
func boc11DB(fMHz float64) float64 {
	tc := 1 / 1.023e6
	x := math.Pi * fMHz * 1e6 * tc
	if x == 0 {
		return math.Inf(-1)
	}
	s, t := math.Sin(x)/x, math.Tan(x/2)
	return 10 * math.Log10(tc*s*s*t*t)
}

// synthCurve samples db over a band of widthMHz centred on fcMHz.
func synthCurve(label string, sys ephemeris.System, style int, fcMHz, widthMHz float64, n int, db func(f float64) float64) plot.PSDCurve {
	c := plot.PSDCurve{Label: label, System: sys, Style: style}
	for k := 0; k <= n; k++ {
		off := -widthMHz/2 + widthMHz*float64(k)/float64(n)
		c.FreqMHz = append(c.FreqMHz, fcMHz+off)
		c.DBHz = append(c.DBHz, db(off))
	}
	return c
}

// psdCurves are synthetic L1 curves: BeiDou BPSK(2) and BOC(1,1), GPS
// BPSK(1), three GLONASS BPSK(0.511) FDMA channels.
func psdCurves() []plot.PSDCurve {
	curves := []plot.PSDCurve{
		synthCurve("BeiDou B1I", ephemeris.BeiDou, 0, 1561.098, 4.092, 120, func(f float64) float64 { return bpskDB(2.046, f) }),
		synthCurve("BeiDou BOC(1,1)", ephemeris.BeiDou, 1, 1575.42, 14.322, 300, boc11DB),
		synthCurve("GPS L1 C/A", ephemeris.GPS, 0, 1575.42, 20.46, 400, func(f float64) float64 { return bpskDB(1.023, f) }),
	}
	for ch := -1; ch <= 1; ch++ {
		c := synthCurve("GLONASS L1OF (k = -1…+1)", ephemeris.GLONASS, 0, 1602+0.5625*float64(ch), 10.22, 400, func(f float64) float64 { return bpskDB(0.511, f) })
		c.Thin = true
		curves = append(curves, c)
	}
	return curves
}

// ExamplePSD draws the synthetic L1 curves with a reference line.
func ExamplePSD() {
	opt := plot.PSDOptions{Title: "Synthetic L1 spectra", XMinMHz: 1555, XMaxMHz: 1610,
		Lines: []plot.HLine{{Value: -58, Label: "reference -58 dB/Hz"}}}
	for _, name := range []string{"testdata/psd.svg", "testdata/psd.png"} {
		if err := plot.WriteFile(name, func(w io.Writer, f plot.Format) error { return plot.PSD(w, f, psdCurves(), opt) }); err != nil {
			log.Fatal(err)
		}
	}
}

// signalSeries are two panels of synthetic degradation series.
func signalSeries() []plot.SignalSeries {
	t0 := time.Date(2026, 3, 18, 0, 0, 0, 0, time.UTC)
	var times []time.Time
	var a, b, c []float64
	for k := 0; k <= 48; k++ {
		times = append(times, t0.Add(time.Duration(k)*30*time.Minute))
		x := float64(k) / 48 * 2 * math.Pi
		a = append(a, 1.5+0.2*math.Sin(x))
		b = append(b, 0.6+0.1*math.Cos(3*x))
		v := 0.3 + 0.05*math.Sin(5*x)
		if k > 20 && k < 24 {
			v = math.NaN() // no victim satellite up: a gap
		}
		c = append(c, v)
	}
	return []plot.SignalSeries{
		{Name: "BeiDou B1C", System: ephemeris.BeiDou, Panel: "BeiDou", Times: times, Values: a},
		{Name: "BeiDou B2a", System: ephemeris.BeiDou, Style: 1, Panel: "BeiDou", Times: times, Values: b},
		{Name: "GLONASS L1OF", System: ephemeris.GLONASS, Panel: "GLONASS", Times: times, Values: c},
	}
}

// ExampleSignalTimeSeries draws ΔC/N0-like series in two panels.
func ExampleSignalTimeSeries() {
	opt := plot.TimeSeriesOptions{Title: "Synthetic ΔC/N0", YLabel: "ΔC/N0 (dB)"}
	if err := plot.WriteFile("testdata/signal_series.svg", func(w io.Writer, f plot.Format) error {
		return plot.SignalTimeSeries(w, f, signalSeries(), opt)
	}); err != nil {
		log.Fatal(err)
	}
}

func TestPSDGolden(t *testing.T) {
	checkGolden(t, ExamplePSD, "psd.svg", "psd.png")
}

func TestSignalTimeSeriesGolden(t *testing.T) {
	checkGolden(t, ExampleSignalTimeSeries, "signal_series.svg")
}

// TestSpectrumFigureSizes: the default sizes at the default resolution,
// a panel adding 5 cm, and an explicit size.
func TestSpectrumFigureSizes(t *testing.T) {
	size := func(fig func(w *bytes.Buffer) error) (int, int) {
		t.Helper()
		var b bytes.Buffer
		if err := fig(&b); err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(&b)
		if err != nil {
			t.Fatal(err)
		}
		return img.Bounds().Dx(), img.Bounds().Dy()
	}
	px := func(cm float64) int { return int(math.Round(cm / 2.54 * plot.DefaultDPI)) }
	w, h := size(func(b *bytes.Buffer) error { return plot.PSD(b, plot.PNG, psdCurves(), plot.PSDOptions{}) })
	if w != px(plot.DefaultPSDSize.WidthCm) || h != px(plot.DefaultPSDSize.HeightCm) {
		t.Errorf("PSD %d×%d px, want %d×%d", w, h, px(24), px(13))
	}
	ss := signalSeries()
	w, h = size(func(b *bytes.Buffer) error {
		return plot.SignalTimeSeries(b, plot.PNG, ss[:2], plot.TimeSeriesOptions{})
	})
	if w != px(20) || h != px(9) {
		t.Errorf("one panel %d×%d px", w, h)
	}
	w, h = size(func(b *bytes.Buffer) error { return plot.SignalTimeSeries(b, plot.PNG, ss, plot.TimeSeriesOptions{}) })
	if w != px(20) || h != px(14) {
		t.Errorf("two panels %d×%d px, want %d×%d", w, h, px(20), px(14))
	}
	w, h = size(func(b *bytes.Buffer) error {
		return plot.PSD(b, plot.PNG, psdCurves(), plot.PSDOptions{Size: plot.Size{WidthCm: 10, HeightCm: 6}, DPI: 100})
	})
	if w != 394 || h != 236 {
		t.Errorf("10×6 cm at 100 dpi: %d×%d px", w, h)
	}
}

// TestSpectrumFiguresBadInput: bad input is an error, never a panic.
func TestSpectrumFiguresBadInput(t *testing.T) {
	good := psdCurves()
	edit := func(f func(c []plot.PSDCurve) []plot.PSDCurve) []plot.PSDCurve {
		c := append([]plot.PSDCurve(nil), good...)
		for i := range c {
			c[i].FreqMHz = append([]float64(nil), c[i].FreqMHz...)
			c[i].DBHz = append([]float64(nil), c[i].DBHz...)
		}
		return f(c)
	}
	cases := []struct {
		name   string
		curves []plot.PSDCurve
		opt    plot.PSDOptions
		want   string
	}{
		{"no curves", nil, plot.PSDOptions{}, "no curves"},
		{"one point", edit(func(c []plot.PSDCurve) []plot.PSDCurve {
			c[0].FreqMHz, c[0].DBHz = c[0].FreqMHz[:1], c[0].DBHz[:1]
			return c
		}), plot.PSDOptions{}, "at least 2"},
		{"lengths", edit(func(c []plot.PSDCurve) []plot.PSDCurve { c[0].DBHz = c[0].DBHz[1:]; return c }), plot.PSDOptions{}, "frequencies but"},
		{"not ascending", edit(func(c []plot.PSDCurve) []plot.PSDCurve { c[1].FreqMHz[5] = c[1].FreqMHz[4]; return c }), plot.PSDOptions{}, "ascending"},
		{"NaN frequency", edit(func(c []plot.PSDCurve) []plot.PSDCurve { c[1].FreqMHz[5] = math.NaN(); return c }), plot.PSDOptions{}, "frequency 5"},
		{"NaN value", edit(func(c []plot.PSDCurve) []plot.PSDCurve { c[2].DBHz[3] = math.NaN(); return c }), plot.PSDOptions{}, "value NaN"},
		{"+Inf value", edit(func(c []plot.PSDCurve) []plot.PSDCurve { c[2].DBHz[3] = math.Inf(1); return c }), plot.PSDOptions{}, "value +Inf"},
		{"label styles", edit(func(c []plot.PSDCurve) []plot.PSDCurve { c[4].Style = 2; return c }), plot.PSDOptions{}, "different systems or styles"},
		{"x range", good, plot.PSDOptions{XMinMHz: 1600, XMaxMHz: 1500}, "frequency range"},
		{"y range", good, plot.PSDOptions{YMinDB: -50, YMaxDB: math.Inf(1)}, "y range"},
		{"line", good, plot.PSDOptions{Lines: []plot.HLine{{Value: math.NaN()}}}, "reference line"},
		{"size", good, plot.PSDOptions{Size: plot.Size{WidthCm: 1, HeightCm: 5}}, "figure size"},
	}
	for _, tc := range cases {
		err := plot.PSD(&bytes.Buffer{}, plot.SVG, tc.curves, tc.opt)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
	}
	if err := plot.PSD(&bytes.Buffer{}, plot.SVG, nil, plot.PSDOptions{}); !errors.Is(err, plot.ErrNoData) {
		t.Errorf("no curves: %v does not wrap ErrNoData", err)
	}
	// A curve of nulls only (−Inf) is drawn at the bottom, not refused.
	nulls := []plot.PSDCurve{{Label: "null", FreqMHz: []float64{1, 2}, DBHz: []float64{math.Inf(-1), math.Inf(-1)}}}
	if err := plot.PSD(&bytes.Buffer{}, plot.SVG, nulls, plot.PSDOptions{}); err != nil {
		t.Errorf("all-null curve: %v", err)
	}
	ss := signalSeries()
	dup := append(ss, ss[0])
	if err := plot.SignalTimeSeries(&bytes.Buffer{}, plot.SVG, dup, plot.TimeSeriesOptions{}); err == nil || !strings.Contains(err.Error(), "two series named") {
		t.Errorf("duplicate names: %v", err)
	}
	if err := plot.SignalTimeSeries(&bytes.Buffer{}, plot.SVG, nil, plot.TimeSeriesOptions{}); !errors.Is(err, plot.ErrNoData) {
		t.Errorf("no series: %v", err)
	}
	bad := signalSeries()
	bad[0].Values = bad[0].Values[1:]
	if err := plot.SignalTimeSeries(&bytes.Buffer{}, plot.SVG, bad, plot.TimeSeriesOptions{}); err == nil {
		t.Error("mismatched series accepted")
	}
	if err := plot.SignalTimeSeries(&bytes.Buffer{}, plot.SVG, ss, plot.TimeSeriesOptions{YMax: -1}); err == nil {
		t.Error("negative y cap accepted")
	}
}

// TestSpectrumFiguresDeterministic: the same input gives the same bytes.
func TestSpectrumFiguresDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	for _, buf := range []*bytes.Buffer{&a, &b} {
		if err := plot.PSD(buf, plot.SVG, psdCurves(), plot.PSDOptions{}); err != nil {
			t.Fatal(err)
		}
		if err := plot.SignalTimeSeries(buf, plot.SVG, signalSeries(), plot.TimeSeriesOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two renderings differ")
	}
}

func TestSignalStyles(t *testing.T) {
	sys := []ephemeris.System{ephemeris.GLONASS, ephemeris.GLONASS, ephemeris.BeiDou, ephemeris.GLONASS, ephemeris.BeiDou}
	got := plot.SignalStyles(sys, []string{"L1OF", "L1OF", "B1I", "L1OC", "B1C"})
	want := []int{0, 0, 0, 1, 1}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("styles %v, want %v", got, want)
		}
	}
}
