package plot_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gonumplotter "gonum.org/v1/plot/plotter"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/sim/plot"
)

var nan = math.NaN()

// figure is one call of a figure function, for table tests.
type figure func(w io.Writer, f plot.Format) error

func sky(tracks []plot.SkyTrack, opt plot.SkyPlotOptions) figure {
	return func(w io.Writer, f plot.Format) error { return plot.SkyPlot(w, f, tracks, opt) }
}
func series(s []plot.Series, opt plot.TimeSeriesOptions) figure {
	return func(w io.Writer, f plot.Format) error { return plot.TimeSeries(w, f, s, opt) }
}
func dopVis(d, v []plot.Series, opt plot.DOPAndVisibleOptions) figure {
	return func(w io.Writer, f plot.Format) error { return plot.DOPAndVisible(w, f, d, v, opt) }
}
func coverage(g plot.GridData, opt plot.MapOptions) figure {
	return func(w io.Writer, f plot.Format) error { return plot.CoverageMap(w, f, g, opt) }
}
func ground(tracks []plot.GroundTrack, opt plot.MapOptions) figure {
	return func(w io.Writer, f plot.Format) error { return plot.GroundTracks(w, f, tracks, opt) }
}

// Small valid inputs.
var (
	t0      = time.Date(2024, 7, 16, 0, 0, 0, 0, time.UTC)
	times3  = []time.Time{t0, t0.Add(time.Hour), t0.Add(2 * time.Hour)}
	skyOK   = []plot.SkyTrack{{Label: "R01", System: ephemeris.GLONASS, AzDeg: []float64{10, 20, 30}, ElDeg: []float64{5, 30, 60}}}
	serOK   = []plot.Series{{Name: "GLONASS", Times: times3, Values: []float64{1.5, 2, 1.8}}}
	gridOK  = plot.GridData{NLat: 2, NLon: 3, LatDeg: []float64{-45, 45}, LonDeg: []float64{-120, 0, 120}, Values: []float64{1, 2, 3, 4, 5, 6}}
	trackOK = []plot.GroundTrack{{Label: "C19", System: ephemeris.BeiDou, LatDeg: []float64{0, 10, 20}, LonDeg: []float64{100, 110, 120}}}
)

func TestFormatFromPath(t *testing.T) {
	tests := []struct {
		path string
		want plot.Format
		ok   bool
	}{
		{"sky.png", plot.PNG, true},
		{"out/dir/MAP.PNG", plot.PNG, true},
		{"a.b.svg", plot.SVG, true},
		{"fig.Svg", plot.SVG, true},
		{"fig.pdf", 0, false},
		{"fig.jpg", 0, false},
		{"fig", 0, false},
		{"dir.png/fig", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		got, err := plot.FormatFromPath(tt.path)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("FormatFromPath(%q) = %v, %v; want %v (ok %v)", tt.path, got, err, tt.want, tt.ok)
		}
		if err != nil && !strings.Contains(err.Error(), ".png or .svg") {
			t.Errorf("FormatFromPath(%q) error %q does not name the supported extensions", tt.path, err)
		}
	}
	if plot.PNG.String() != "png" || plot.SVG.String() != "svg" {
		t.Error("Format.String")
	}
}

// TestBadInput checks that every kind of bad input gives an error (and not
// a panic or a figure), with a message that names the problem.
func TestBadInput(t *testing.T) {
	inf := math.Inf(1)
	tests := []struct {
		name   string
		fig    figure
		f      plot.Format
		substr string
		noData bool
	}{
		{"unknown format", sky(skyOK, plot.SkyPlotOptions{}), 0, "unsupported figure format", false},
		{"format 7", sky(skyOK, plot.SkyPlotOptions{}), plot.Format(7), "unsupported figure format", false},
		{"bad size", sky(skyOK, plot.SkyPlotOptions{Size: plot.Size{WidthCm: 1000, HeightCm: 10}}), plot.SVG, "figure size", false},
		{"bad dpi", sky(skyOK, plot.SkyPlotOptions{DPI: 5}), plot.PNG, "dpi", false},

		{"sky: no tracks", sky(nil, plot.SkyPlotOptions{}), plot.SVG, "no tracks", true},
		{"sky: lengths", sky([]plot.SkyTrack{{Label: "R01", AzDeg: []float64{1}, ElDeg: []float64{1, 2}}}, plot.SkyPlotOptions{}), plot.SVG, "R01: 1 azimuths but 2 elevations", false},
		{"sky: el > 90", sky([]plot.SkyTrack{{AzDeg: []float64{1}, ElDeg: []float64{91}}}, plot.SkyPlotOptions{}), plot.SVG, "track #0, point 0: elevation 91°", false},
		{"sky: el inf", sky([]plot.SkyTrack{{AzDeg: []float64{1}, ElDeg: []float64{inf}}}, plot.SkyPlotOptions{}), plot.SVG, "elevation +Inf°", false},
		{"sky: az inf", sky([]plot.SkyTrack{{AzDeg: []float64{inf}, ElDeg: []float64{10}}}, plot.SkyPlotOptions{}), plot.SVG, "azimuth +Inf°", false},
		{"sky: az NaN", sky([]plot.SkyTrack{{AzDeg: []float64{nan}, ElDeg: []float64{10}}}, plot.SkyPlotOptions{}), plot.SVG, "azimuth NaN", false},
		{"sky: mask 90", sky(skyOK, plot.SkyPlotOptions{ElevationMaskDeg: 90}), plot.SVG, "elevation mask 90°", false},
		{"sky: mask -5", sky(skyOK, plot.SkyPlotOptions{ElevationMaskDeg: -5}), plot.SVG, "elevation mask -5°", false},
		{"sky: mask NaN", sky(skyOK, plot.SkyPlotOptions{ElevationMaskDeg: nan}), plot.SVG, "elevation mask NaN°", false},
		{"sky: mask lengths", sky(skyOK, plot.SkyPlotOptions{MaskAzDeg: []float64{0, 90}, MaskElDeg: []float64{5}}), plot.SVG, "2 azimuths but 1 elevations", false},
		{"sky: mask both", sky(skyOK, plot.SkyPlotOptions{ElevationMaskDeg: 5, MaskAzDeg: []float64{0, 90}, MaskElDeg: []float64{5, 5}}), plot.SVG, "not both", false},
		{"sky: mask one point", sky(skyOK, plot.SkyPlotOptions{MaskAzDeg: []float64{0}, MaskElDeg: []float64{5}}), plot.SVG, "at least 2", false},
		{"sky: mask point", sky(skyOK, plot.SkyPlotOptions{MaskAzDeg: []float64{0, 90}, MaskElDeg: []float64{5, 95}}), plot.SVG, "mask curve point 1", false},

		{"series: none", series(nil, plot.TimeSeriesOptions{}), plot.SVG, "no series", true},
		{"series: no epochs", series([]plot.Series{{Name: "GPS"}}, plot.TimeSeriesOptions{}), plot.SVG, "no epochs", true},
		{"series: lengths", series([]plot.Series{{Name: "GPS", Times: times3, Values: []float64{1}}}, plot.TimeSeriesOptions{}), plot.SVG, "GPS: 3 times but 1 values", false},
		{"series: inf", series([]plot.Series{{Name: "GPS", Times: times3, Values: []float64{1, inf, 2}}}, plot.TimeSeriesOptions{}), plot.SVG, "point 1 (2024-07-16T01:00:00Z): infinite", false},
		{"series: order", series([]plot.Series{{Name: "GPS", Times: []time.Time{t0, t0.Add(-time.Second)}, Values: []float64{1, 2}}}, plot.TimeSeriesOptions{}), plot.SVG, "must not decrease", false},
		{"series: ymax", series(serOK, plot.TimeSeriesOptions{YMax: -1}), plot.SVG, "y-axis cap -1", false},
		{"series: ymax NaN", series(serOK, plot.TimeSeriesOptions{YMax: nan}), plot.SVG, "y-axis cap NaN", false},

		{"dop: none", dopVis(nil, nil, plot.DOPAndVisibleOptions{}), plot.SVG, "no series", true},
		{"dop: max", dopVis(serOK, serOK, plot.DOPAndVisibleOptions{MaxDOP: -2}), plot.SVG, "DOP axis cap -2", false},
		{"dop: lengths", dopVis(serOK, []plot.Series{{Name: "X", Times: times3}}, plot.DOPAndVisibleOptions{}), plot.SVG, "X: 3 times but 0 values", false},

		{"grid: empty", coverage(plot.GridData{}, plot.MapOptions{}), plot.SVG, "grid of 0×0 cells", true},
		{"grid: centres", coverage(plot.GridData{NLat: 2, NLon: 3, LatDeg: []float64{0}, LonDeg: []float64{0, 1, 2}, Values: make([]float64, 6)}, plot.MapOptions{}), plot.SVG, "1 latitude and 3 longitude centres", false},
		{"grid: values", coverage(plot.GridData{NLat: 1, NLon: 2, LatDeg: []float64{0}, LonDeg: []float64{0, 1}, Values: make([]float64, 3)}, plot.MapOptions{}), plot.SVG, "has 3 values, want 2", false},
		{"grid: order", coverage(plot.GridData{NLat: 2, NLon: 1, LatDeg: []float64{10, 10}, LonDeg: []float64{0}, Values: make([]float64, 2)}, plot.MapOptions{}), plot.SVG, "latitudes not strictly ascending at index 1", false},
		{"grid: lat range", coverage(plot.GridData{NLat: 1, NLon: 1, LatDeg: []float64{91}, LonDeg: []float64{0}, Values: make([]float64, 1)}, plot.MapOptions{}), plot.SVG, "latitude 0 is 91°", false},
		{"grid: lon range", coverage(plot.GridData{NLat: 1, NLon: 1, LatDeg: []float64{0}, LonDeg: []float64{361}, Values: make([]float64, 1)}, plot.MapOptions{}), plot.SVG, "longitude 0 is 361°: want within [-180°, 360°]", false},
		{"grid: lon below", coverage(plot.GridData{NLat: 1, NLon: 1, LatDeg: []float64{0}, LonDeg: []float64{-181}, Values: make([]float64, 1)}, plot.MapOptions{}), plot.SVG, "longitude 0 is -181°", false},
		{"grid: lon span", coverage(plot.GridData{NLat: 1, NLon: 2, LatDeg: []float64{0}, LonDeg: []float64{-170, 190}, Values: make([]float64, 2)}, plot.MapOptions{}), plot.SVG, "from -170° to 190°: want a span of less than 360°", false},
		{"grid: lon NaN", coverage(plot.GridData{NLat: 1, NLon: 1, LatDeg: []float64{0}, LonDeg: []float64{nan}, Values: make([]float64, 1)}, plot.MapOptions{}), plot.SVG, "longitude 0 is NaN°", false},
		{"grid: inf", coverage(plot.GridData{NLat: 1, NLon: 2, LatDeg: []float64{5}, LonDeg: []float64{0, 1}, Values: []float64{0, inf}}, plot.MapOptions{}), plot.SVG, "latitude 5°, longitude 1° is infinite", false},
		{"grid: scale", coverage(gridOK, plot.MapOptions{ValueMin: 5, ValueMax: 5}), plot.SVG, "colour scale [5, 5]", false},
		{"grid: region", coverage(gridOK, plot.MapOptions{Region: plot.Region{LatMinDeg: 10, LatMaxDeg: 0, LonMinDeg: 0, LonMaxDeg: 10}}), plot.SVG, "region lat [10, 0]°", false},
		{"grid: region across antimeridian", coverage(gridOK, plot.MapOptions{Region: plot.Region{LatMinDeg: 0, LatMaxDeg: 10, LonMinDeg: 170, LonMaxDeg: -170}}), plot.SVG, "lon [170, -170]°: want -90 ≤ latmin < latmax ≤ 90 and -180 ≤ lonmin < lonmax ≤ min(lonmin+360, 360)", false},
		{"grid: region wider than 360°", coverage(gridOK, plot.MapOptions{Region: plot.Region{LatMinDeg: 0, LatMaxDeg: 10, LonMinDeg: -180, LonMaxDeg: 200}}), plot.SVG, "lon [-180, 200]°", false},

		{"ground: none", ground(nil, plot.MapOptions{}), plot.SVG, "no tracks", true},
		{"ground: lengths", ground([]plot.GroundTrack{{Label: "C01", LatDeg: []float64{1}}}, plot.MapOptions{}), plot.SVG, "C01: 1 latitudes but 0 longitudes", false},
		{"ground: lat", ground([]plot.GroundTrack{{LatDeg: []float64{95}, LonDeg: []float64{0}}}, plot.MapOptions{}), plot.SVG, "latitude 95°", false},
		{"ground: inf", ground([]plot.GroundTrack{{LatDeg: []float64{5}, LonDeg: []float64{inf}}}, plot.MapOptions{}), plot.SVG, "longitude +Inf°", false},
		{"ground: region", ground(trackOK, plot.MapOptions{Region: plot.Region{LatMinDeg: -100, LatMaxDeg: 0, LonMinDeg: 0, LonMaxDeg: 10}}), plot.SVG, "region", false},
		{"ground: region beyond 360°", ground(trackOK, plot.MapOptions{Region: plot.Region{LatMinDeg: 0, LatMaxDeg: 10, LonMinDeg: 300, LonMaxDeg: 400}}), plot.SVG, "lon [300, 400]°", false},
		{"ground: size", ground(trackOK, plot.MapOptions{Size: plot.Size{WidthCm: 10, HeightCm: -3}}), plot.SVG, "figure size", false},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		err := tt.fig(&buf, tt.f)
		if err == nil {
			t.Errorf("%s: no error", tt.name)
			continue
		}
		if !strings.Contains(err.Error(), tt.substr) {
			t.Errorf("%s: error %q does not contain %q", tt.name, err, tt.substr)
		}
		if errors.Is(err, plot.ErrNoData) != tt.noData {
			t.Errorf("%s: errors.Is(err, ErrNoData) = %v, want %v", tt.name, !tt.noData, tt.noData)
		}
		if buf.Len() != 0 {
			t.Errorf("%s: %d bytes written despite the error", tt.name, buf.Len())
		}
	}
}

// checkSVG parses an SVG document and returns the texts of its <text>
// elements.
func checkSVG(t *testing.T, name string, b []byte) []string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	var texts []string
	inText := false
	root := ""
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: SVG is not well-formed XML: %v", name, err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			if root == "" {
				root = e.Name.Local
			}
			inText = e.Name.Local == "text"
		case xml.CharData:
			if inText {
				texts = append(texts, string(e))
			}
		case xml.EndElement:
			inText = false
		}
	}
	if root != "svg" {
		t.Fatalf("%s: root element %q, want svg", name, root)
	}
	return texts
}

func count(texts []string, s string) int {
	n := 0
	for _, x := range texts {
		if x == s {
			n++
		}
	}
	return n
}

// render draws fig in both formats, checks that the PNG decodes to the
// requested size and the SVG parses, and returns the SVG's texts.
func render(t *testing.T, name string, fig figure, wantWpx, wantHpx int) []string {
	t.Helper()
	var p, s bytes.Buffer
	if err := fig(&p, plot.PNG); err != nil {
		t.Fatalf("%s: PNG: %v", name, err)
	}
	img, err := png.Decode(&p)
	if err != nil {
		t.Fatalf("%s: PNG does not decode: %v", name, err)
	}
	if b := img.Bounds(); b.Dx() != wantWpx || b.Dy() != wantHpx {
		t.Errorf("%s: PNG is %d×%d px, want %d×%d", name, b.Dx(), b.Dy(), wantWpx, wantHpx)
	}
	if err := fig(&s, plot.SVG); err != nil {
		t.Fatalf("%s: SVG: %v", name, err)
	}
	return checkSVG(t, name, s.Bytes())
}

// px is the PNG size in pixels of cm centimetres at DefaultDPI = 150, as
// vgimg computes it (rounded to nearest): 16 cm = 16/2.54 in × 150 dpi =
// 944.9 → 945 px.
func px(cm float64) int { return int(cm/2.54*plot.DefaultDPI + 0.5) }

func TestAllNaN(t *testing.T) {
	nanSky := []plot.SkyTrack{{Label: "J01", System: ephemeris.QZSS, AzDeg: []float64{nan, nan}, ElDeg: []float64{nan, nan}}, {Label: "I02", System: ephemeris.NavIC, AzDeg: []float64{10, 20}, ElDeg: []float64{-5, -1}}}
	texts := render(t, "sky", sky(nanSky, plot.SkyPlotOptions{}), px(16), px(16))
	if count(texts, "no satellite visible") != 1 || count(texts, "QZSS") != 1 || count(texts, "NavIC") != 1 || count(texts, "J01") != 0 {
		t.Errorf("sky plot of invisible tracks: texts %q", texts)
	}

	nanSer := []plot.Series{{Name: "BeiDou", Times: times3, Values: []float64{nan, nan, nan}}}
	texts = render(t, "series", series(nanSer, plot.TimeSeriesOptions{YLabel: "PDOP"}), px(20), px(9))
	if count(texts, "no data") != 1 || count(texts, "BeiDou (no data)") != 1 {
		t.Errorf("all-NaN series: texts %q", texts)
	}
	texts = render(t, "dop", dopVis(nanSer, serOK, plot.DOPAndVisibleOptions{}), px(20), px(14))
	if count(texts, "no data") != 1 || count(texts, "BeiDou (no data)") != 1 || count(texts, "GLONASS") != 1 {
		t.Errorf("all-NaN DOP panel: texts %q", texts)
	}
	texts = render(t, "dop, empty panel", dopVis(serOK, nil, plot.DOPAndVisibleOptions{}), px(20), px(14))
	if count(texts, "no data") != 1 {
		t.Errorf("empty visible panel: texts %q", texts)
	}

	nanGrid := plot.GridData{NLat: 1, NLon: 2, LatDeg: []float64{0}, LonDeg: []float64{0, 10}, Values: []float64{nan, nan}}
	texts = render(t, "grid", coverage(nanGrid, plot.MapOptions{Label: "mean PDOP"}), px(24), px(12))
	if count(texts, "no data") != 2 || count(texts, "mean PDOP") != 1 { // note on the map and colour-bar swatch
		t.Errorf("all-NaN grid: texts %q", texts)
	}

	nanTrack := []plot.GroundTrack{{Label: "C01", LatDeg: []float64{nan}, LonDeg: []float64{nan}}}
	texts = render(t, "ground", ground(nanTrack, plot.MapOptions{}), px(24), px(12))
	if count(texts, "no data") != 1 || count(texts, "C01") != 0 {
		t.Errorf("all-NaN ground track: texts %q", texts)
	}
}

// TestManyTracks draws 120 satellites: every one gets its label.
func TestManyTracks(t *testing.T) {
	var sk []plot.SkyTrack
	var gt []plot.GroundTrack
	systems := ephemeris.Systems
	for i := range 120 {
		s := systems[i%len(systems)]
		label := fmt.Sprintf("%s%03d", s.Letter(), i)
		az := make([]float64, 50)
		el := make([]float64, 50)
		lat := make([]float64, 50)
		lon := make([]float64, 50)
		for k := range az {
			az[k] = float64(i*3 + k*2)
			el[k] = 80 * math.Sin(math.Pi*float64(k)/49)
			lat[k] = 55 * math.Sin(float64(k)/8+float64(i))
			lon[k] = float64(i*3+k*7) - 180
		}
		sk = append(sk, plot.SkyTrack{Label: label, System: s, AzDeg: az, ElDeg: el})
		gt = append(gt, plot.GroundTrack{Label: label, System: s, LatDeg: lat, LonDeg: lon})
	}
	for _, fig := range []struct {
		name string
		fig  figure
		w, h int
	}{
		{"sky", sky(sk, plot.SkyPlotOptions{}), px(16), px(16)},
		{"ground", ground(gt, plot.MapOptions{}), px(24), px(12)},
	} {
		texts := render(t, fig.name, fig.fig, fig.w, fig.h)
		for i := range 120 {
			label := sk[i].Label
			if count(texts, label) != 1 {
				t.Errorf("%s: label %s appears %d times", fig.name, label, count(texts, label))
			}
		}
		for _, s := range systems {
			if count(texts, s.Title()) != 1 {
				t.Errorf("%s: legend entry %s appears %d times", fig.name, s.Title(), count(texts, s.Title()))
			}
		}
	}
}

// TestDeterministic draws each figure twice in each format: same bytes.
func TestDeterministic(t *testing.T) {
	figs := map[string]figure{
		"sky":      sky(skyTracks(constellation(), 30, 120, 2, 10, 5), plot.SkyPlotOptions{Title: "T", ElevationMaskDeg: 5}),
		"series":   series(serOK, plot.TimeSeriesOptions{}),
		"dop":      dopVis(serOK, serOK, plot.DOPAndVisibleOptions{}),
		"coverage": coverage(gridOK, plot.MapOptions{Label: "x"}),
		"ground":   ground(groundTracks(constellation(), 3, 10), plot.MapOptions{}),
	}
	for _, name := range []string{"sky", "series", "dop", "coverage", "ground"} {
		for _, f := range []plot.Format{plot.PNG, plot.SVG} {
			var a, b bytes.Buffer
			if err := figs[name](&a, f); err != nil {
				t.Fatal(err)
			}
			if err := figs[name](&b, f); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Errorf("%s %v: two renderings differ", name, f)
			}
		}
	}
}

func TestClippedDOP(t *testing.T) {
	spike := []plot.Series{{Name: "GLONASS", Times: times3, Values: []float64{1.5, 45, 1.8}}}
	texts := render(t, "spike", dopVis(spike, serOK, plot.DOPAndVisibleOptions{}), px(20), px(14))
	if count(texts, "PDOP (clipped at 10)") != 1 || count(texts, "10") != 1 {
		t.Errorf("DOP spike of 45: texts %q, want the label to say clipped at 10 and a top tick 10", texts)
	}
	texts = render(t, "no spike", dopVis(serOK, serOK, plot.DOPAndVisibleOptions{DOPLabel: "GDOP", MaxDOP: 4}), px(20), px(14))
	// 2 × 1.05 = 2.1 rounds up to 2.5 < 4: not clipped, top tick 2.5.
	if count(texts, "GDOP") != 1 || count(texts, "2.5") != 1 {
		t.Errorf("DOP without spike: texts %q", texts)
	}
}

func TestSaveByExtension(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		name   string
		prefix string
	}{
		{"a.png", "\x89PNG\r\n\x1a\n"},
		{"b.SVG", "<?xml"},
	} {
		path := filepath.Join(dir, tt.name)
		if err := plot.SaveGroundTracks(path, trackOK, plot.MapOptions{}); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte(tt.prefix)) {
			t.Errorf("%s starts with %q", tt.name, b[:min(len(b), 8)])
		}
	}
	// Unknown extension, or a failing figure: an error and no file.
	bad := filepath.Join(dir, "c.pdf")
	if err := plot.SaveSkyPlot(bad, skyOK, plot.SkyPlotOptions{}); err == nil || !strings.Contains(err.Error(), `unsupported extension ".pdf"`) {
		t.Errorf("SaveSkyPlot(.pdf): %v", err)
	}
	failed := filepath.Join(dir, "d.svg")
	if err := plot.SaveSkyPlot(failed, nil, plot.SkyPlotOptions{}); !errors.Is(err, plot.ErrNoData) || !strings.Contains(err.Error(), "d.svg") {
		t.Errorf("SaveSkyPlot(no tracks): %v", err)
	}
	for _, p := range []string{bad, failed} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s exists after a failed save", p)
		}
	}
	// Each Save* helper writes its figure.
	saves := map[string]func(string) error{
		"sky.svg":      func(p string) error { return plot.SaveSkyPlot(p, skyOK, plot.SkyPlotOptions{}) },
		"series.svg":   func(p string) error { return plot.SaveTimeSeries(p, serOK, plot.TimeSeriesOptions{}) },
		"dop.svg":      func(p string) error { return plot.SaveDOPAndVisible(p, serOK, serOK, plot.DOPAndVisibleOptions{}) },
		"coverage.svg": func(p string) error { return plot.SaveCoverageMap(p, gridOK, plot.MapOptions{}) },
	}
	for name, save := range saves {
		p := filepath.Join(dir, name)
		if err := save(p); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		b, _ := os.ReadFile(p)
		checkSVG(t, name, b)
	}
	if err := plot.SaveSkyPlot(filepath.Join(dir, "no-such-dir", "x.svg"), skyOK, plot.SkyPlotOptions{}); err == nil {
		t.Error("save into a missing directory: no error")
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriterError(t *testing.T) {
	err := plot.SkyPlot(failWriter{}, plot.SVG, skyOK, plot.SkyPlotOptions{})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("failing writer: %v", err)
	}
	if err := plot.SkyPlot(nil, plot.SVG, skyOK, plot.SkyPlotOptions{}); err == nil {
		t.Error("nil writer: no error")
	}
}

// TestGridDataGridXYZ checks the plotter.GridXYZ view: columns are
// longitudes, rows latitudes, values row-major with latitude ascending, and
// the slices are used in place.
func TestGridDataGridXYZ(t *testing.T) {
	g := gridOK
	g.Values = append([]float64(nil), gridOK.Values...)
	var xyz gonumplotter.GridXYZ = g
	if c, r := xyz.Dims(); c != 3 || r != 2 {
		t.Fatalf("Dims = %d, %d; want 3 columns, 2 rows", c, r)
	}
	if xyz.X(2) != 120 || xyz.Y(1) != 45 || xyz.Z(0, 0) != 1 || xyz.Z(2, 0) != 3 || xyz.Z(0, 1) != 4 || xyz.Z(2, 1) != 6 {
		t.Errorf("X(2)=%g Y(1)=%g Z(0,0)=%g Z(2,0)=%g Z(0,1)=%g Z(2,1)=%g", xyz.X(2), xyz.Y(1), xyz.Z(0, 0), xyz.Z(2, 0), xyz.Z(0, 1), xyz.Z(2, 1))
	}
	g.Values[4] = 42
	if xyz.Z(1, 1) != 42 {
		t.Error("GridData copies its values")
	}
}

func TestSystemColor(t *testing.T) {
	seen := map[string]ephemeris.System{}
	for _, s := range ephemeris.Systems {
		r, g, b, _ := plot.SystemColor(s).RGBA()
		key := fmt.Sprint(r, g, b)
		if o, ok := seen[key]; ok {
			t.Errorf("%v and %v share a colour", s, o)
		}
		seen[key] = s
	}
	// GLONASS red-ish, BeiDou blue-ish, GPS green (the dominant channel).
	for _, tt := range []struct {
		s    ephemeris.System
		main int
	}{{ephemeris.GLONASS, 0}, {ephemeris.BeiDou, 2}, {ephemeris.GPS, 1}} {
		r, g, b, _ := plot.SystemColor(tt.s).RGBA()
		c := []uint32{r, g, b}
		for i := range c {
			if i != tt.main && c[i] >= c[tt.main] {
				t.Errorf("%v colour %v: channel %d not dominant", tt.s, c, tt.main)
			}
		}
	}
}

// TestAcrossAntimeridian draws maps whose longitudes run on across 180°
// (SVG only; the golden tests cover PNG): a coverage grid from 100 to 260
// with the zero Region (the cells' extent), and a ground track given
// within ±180° whose end (at 170°W = 190) is labelled on a map from 120
// to 240 but not on one from 120 to 170.
func TestAcrossAntimeridian(t *testing.T) {
	svgTexts := func(name string, fig figure) []string {
		t.Helper()
		var b bytes.Buffer
		if err := fig(&b, plot.SVG); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return checkSVG(t, name, b.Bytes())
	}
	g := bumpsGrid(centres(-40, 60, 10), centres(100, 260, 10), plot.Region{})
	texts := svgTexts("grid 100..260", coverage(g, plot.MapOptions{}))
	for _, want := range []string{"105°E", "180°", "165°W", "105°W", "30°S", "60°N"} {
		if count(texts, want) != 1 {
			t.Errorf("grid 100..260: tick %q appears %d times in %q", want, count(texts, want), texts)
		}
	}
	track := []plot.GroundTrack{{Label: "C19", System: ephemeris.BeiDou, LatDeg: []float64{0, 5, 10}, LonDeg: []float64{170, 180, -170}}}
	for _, tt := range []struct {
		r    plot.Region
		want int
	}{
		{plot.Region{LatMinDeg: -60, LatMaxDeg: 60, LonMinDeg: 120, LonMaxDeg: 240}, 1},
		{plot.Region{LatMinDeg: -60, LatMaxDeg: 60, LonMinDeg: 120, LonMaxDeg: 170}, 0},
		{plot.Region{LatMinDeg: -60, LatMaxDeg: 60, LonMinDeg: -180, LonMaxDeg: 180}, 1},
	} {
		texts := svgTexts("track", ground(track, plot.MapOptions{Region: tt.r}))
		if count(texts, "C19") != tt.want {
			t.Errorf("region %+v: label C19 appears %d times, want %d", tt.r, count(texts, "C19"), tt.want)
		}
	}
}
