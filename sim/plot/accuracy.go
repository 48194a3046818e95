package plot

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"strconv"
	"time"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/gnssim/gnssim/ephemeris"
)

// The figures of orbit differences between two sources of satellite
// positions (gnssim accuracy): grouped bars of the RMS and maximum per
// system and orbit class (AccuracyBars), and the RMS over each group's
// satellites against time (AccuracyTimeSeries). Differences are in
// metres, split into the 3-D distance and its radial, along-track and
// cross-track components (AccuracyComponents).

// AccuracyComponents names the four quantities of the accuracy figures, in
// the order of AccuracyGroup.RMS and AccuracySeries.Values.
var AccuracyComponents = [4]string{"3-D", "radial", "along-track", "cross-track"}

// componentColors are the bar colours of the components: the 3-D distance
// dark grey, its components in three Okabe–Ito colours that are not
// vermilion or blue (GLONASS and BeiDou in the other figures).
var componentColors = [4]color.Color{darkGrey, okabeSkyBlue, okabeOrange, color.NRGBA{R: 0xf0, G: 0xe4, B: 0x42, A: 0xff}}

// AccuracyGroup is one group of bars of AccuracyBars: a system, or one
// orbit class of a system.
type AccuracyGroup struct {
	// Label is the text under the group, e.g. "GPS" or "BeiDou GEO"; a
	// blank between system and class is drawn as a line break.
	Label string
	// RMS and Max are the root mean square and the largest absolute
	// value of the 3-D distance and of the radial, along-track and
	// cross-track components, metres (≥ 0; NaN: not available, not drawn).
	RMS, Max [4]float64
}

// AccuracyBarsOptions controls AccuracyBars. The zero value gives a 20×11
// cm figure.
type AccuracyBarsOptions struct {
	// Title is drawn above the figure when not empty; it may have two
	// lines separated by "\n".
	Title string
	// YLabel names the y axis; "" means "difference, m (bars: RMS, ticks:
	// maximum)".
	YLabel string
	// Size is the figure size; zero means DefaultAccuracyBarsSize.
	Size Size
	// DPI is the resolution of PNG output; zero means DefaultDPI.
	DPI int
}

// AccuracyTimeSeriesOptions controls AccuracyTimeSeries. The zero value
// gives a 20×20 cm figure.
type AccuracyTimeSeriesOptions struct {
	// Title is drawn above the figure when not empty; it may have two
	// lines separated by "\n".
	Title string
	// Size is the figure size; zero means DefaultAccuracyTimeSeriesSize.
	Size Size
	// DPI is the resolution of PNG output; zero means DefaultDPI.
	DPI int
}

// AccuracySeries is one curve in each panel of AccuracyTimeSeries: a
// group of satellites (a system, or one orbit class of a system).
type AccuracySeries struct {
	// Label is the legend text, e.g. "GPS" or "BeiDou GEO".
	Label string
	// System picks the colour (SystemColor).
	System ephemeris.System
	// Class is the orbit class of the group ("MEO", "IGSO", "GEO",
	// "LEO"; "" for a whole system): MEO and "" are drawn solid, IGSO
	// dashed, GEO dotted, the others dash-dotted.
	Class string
	// Times are the epochs (UTC), in non-decreasing order.
	Times []time.Time
	// Values are the RMS over the group's satellites of the 3-D distance
	// and of the radial, along-track and cross-track components at Times,
	// metres (≥ 0; NaN: no satellite compared, breaks the line).
	Values [4][]float64
}

// Default sizes of the accuracy figures.
var (
	// DefaultAccuracyBarsSize is the default size of AccuracyBars.
	DefaultAccuracyBarsSize = Size{WidthCm: 20, HeightCm: 11}
	// DefaultAccuracyTimeSeriesSize is the default size of AccuracyTimeSeries.
	DefaultAccuracyTimeSeriesSize = Size{WidthCm: 20, HeightCm: 20}
)

// AccuracyBars draws, for each group, four bars side by side — the RMS of
// the 3-D distance and of the radial, along-track and cross-track
// components — each with a tick at its maximum, and the 3-D RMS written
// above its bar. One linear axis in metres serves all groups, so a group
// that is much worse than the others (a GEO satellite's broadcast orbit)
// stands out, as it should.
//
// No groups is an error wrapping ErrNoData; a value that is negative or
// infinite is an error; NaN values are left out (a group of NaN only is
// drawn as "n/a").
func AccuracyBars(w io.Writer, f Format, groups []AccuracyGroup, opt AccuracyBarsOptions) error {
	if len(groups) == 0 {
		return fmt.Errorf("accuracy bars: no groups: %w", ErrNoData)
	}
	top := 0.0
	for i, g := range groups {
		for c := range 4 {
			for _, v := range []float64{g.RMS[c], g.Max[c]} {
				if math.IsInf(v, 0) || v < 0 {
					return fmt.Errorf("accuracy bars: group %s (#%d), %s: value %g m: want a finite value ≥ 0 or NaN", g.Label, i, AccuracyComponents[c], v)
				}
				if !math.IsNaN(v) {
					top = math.Max(top, v)
				}
			}
		}
	}
	size, err := opt.Size.resolve(DefaultAccuracyBarsSize)
	if err != nil {
		return fmt.Errorf("accuracy bars: %w", err)
	}
	ylabel := opt.YLabel
	if ylabel == "" {
		ylabel = "difference, m (bars: RMS, ticks: maximum)"
	}
	err = render(w, f, size, opt.DPI, func(c draw.Canvas) error {
		c = draw.Crop(c, vg.Points(4), -vg.Points(12), vg.Points(4), -vg.Points(2))
		c = drawTitle(c, opt.Title)
		var entries []legendEntry
		for i, name := range AccuracyComponents {
			entries = append(entries, legendEntry{label: name, line: draw.LineStyle{Color: componentColors[i], Width: vg.Points(7)}})
		}
		entries = append(entries, legendEntry{label: "maximum", line: maxTickStyle()})
		c = drawLegend(c, entries)

		p := gplot.New()
		styleAxes(p)
		grid := plotter.NewGrid()
		grid.Vertical.Color = nil
		grid.Horizontal = draw.LineStyle{Color: color.NRGBA{R: 0xe0, G: 0xe0, B: 0xe0, A: 0xff}, Width: vg.Points(0.5)}
		p.Add(grid)
		ymax := niceCeil(top * 1.08)
		if top == 0 {
			ymax = 1
		}
		p.Y.Min, p.Y.Max = 0, ymax
		p.Y.Label.Text = ylabel
		p.Y.Tick.Marker = gplot.TickerFunc(func(min, max float64) []gplot.Tick { return niceTicks(min, max, 6) })
		p.X.Min, p.X.Max = -0.6, float64(len(groups))-0.4
		var ticks []gplot.Tick
		for i, g := range groups {
			ticks = append(ticks, gplot.Tick{Value: float64(i), Label: breakLabel(g.Label)})
		}
		p.X.Tick.Marker = gplot.ConstantTicks(ticks)
		p.X.Tick.Length = 0
		p.Add(accuracyBars(groups))
		p.X.Min, p.X.Max = -0.6, float64(len(groups))-0.4
		p.Y.Min, p.Y.Max = 0, ymax
		p.Draw(c)
		return nil
	})
	if err != nil {
		return fmt.Errorf("accuracy bars: %w", err)
	}
	return nil
}

// breakLabel writes "BeiDou GEO" on two lines.
func breakLabel(s string) string {
	for i := len(s) - 1; i > 0; i-- {
		if s[i] == ' ' {
			return s[:i] + "\n" + s[i+1:]
		}
	}
	return s
}

func maxTickStyle() draw.LineStyle {
	return draw.LineStyle{Color: color.Black, Width: vg.Points(1.4)}
}

// accuracyBars is the plotter of AccuracyBars: group i spans [i−0.4,
// i+0.4] in data coordinates, four bars of 0.2 each.
type accuracyBars []AccuracyGroup

// barWidth is the width of one bar, in groups.
const barWidth = 0.2

// Plot implements plot.Plotter.
func (b accuracyBars) Plot(c draw.Canvas, p *gplot.Plot) {
	trX, trY := p.Transforms(&c)
	outline := draw.LineStyle{Color: color.White, Width: vg.Points(0.5)}
	label := textStyle(sansFont, 8, color.Black, draw.XCenter, draw.YBottom)
	lh := label.Rectangle("0").Size().Y
	for i, g := range b {
		drawn := false
		for k := range 4 {
			x0 := float64(i) - 2*barWidth + float64(k)*barWidth
			xa, xb := trX(x0+0.01), trX(x0+barWidth-0.01)
			if v := g.RMS[k]; !math.IsNaN(v) {
				drawn = true
				y0, y1 := trY(0), trY(v)
				pts := []vg.Point{{X: xa, Y: y0}, {X: xb, Y: y0}, {X: xb, Y: y1}, {X: xa, Y: y1}}
				c.FillPolygon(componentColors[k], c.ClipPolygonXY(pts))
				c.StrokeLines(outline, c.ClipLinesXY(append(pts, pts[0]))...)
			}
			if v := g.Max[k]; !math.IsNaN(v) {
				drawn = true
				y := trY(v)
				c.StrokeLine2(maxTickStyle(), xa-vg.Points(1), y, xb+vg.Points(1), y)
			}
		}
		if v := g.RMS[0]; !math.IsNaN(v) {
			// The 3-D RMS above its bar, or above its maximum tick when
			// the tick is in the way.
			x := trX(float64(i) - 1.5*barWidth)
			y := trY(v) + vg.Points(1.5)
			if m := g.Max[0]; !math.IsNaN(m) && trY(m) >= y-vg.Points(1) && trY(m) < y+lh+vg.Points(1) {
				y = trY(m) + vg.Points(2)
			}
			c.FillText(label, vg.Point{X: x, Y: y}, formatMetres(v))
		}
		if !drawn {
			c.FillText(textStyle(sansFont, 9, darkGrey, draw.XCenter, draw.YBottom), vg.Point{X: trX(float64(i)), Y: trY(0) + vg.Points(3)}, "n/a")
		}
	}
}

// formatMetres writes a value with about three significant digits: 15.9,
// 1.38, 0.053.
func formatMetres(v float64) string {
	switch {
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	case v >= 0.1:
		return strconv.FormatFloat(v, 'f', 2, 64)
	case v >= 0.001:
		return strconv.FormatFloat(v, 'f', 3, 64)
	}
	return strconv.FormatFloat(v, 'g', 2, 64)
}

// classDashes is the dash pattern of an orbit class in AccuracyTimeSeries.
func classDashes(class string) []vg.Length {
	switch class {
	case "", "MEO":
		return nil
	case "IGSO":
		return []vg.Length{vg.Points(5), vg.Points(2.5)}
	case "GEO":
		return []vg.Length{vg.Points(1.2), vg.Points(2)}
	}
	return []vg.Length{vg.Points(6), vg.Points(2), vg.Points(1.2), vg.Points(2)}
}

// AccuracyTimeSeries draws four stacked panels sharing the UTC time axis —
// the 3-D distance and the radial, along-track and cross-track components —
// each with one curve per series: the RMS over a group's satellites at
// each epoch. Curves take their system's colour, and a dash pattern by
// orbit class, so that "BeiDou MEO" and "BeiDou GEO" are told apart.
//
// No series, or series without epochs, is an error wrapping ErrNoData; a
// negative or infinite value, or times and values of different lengths,
// is an error; NaN breaks a curve.
func AccuracyTimeSeries(w io.Writer, f Format, series []AccuracySeries, opt AccuracyTimeSeriesOptions) error {
	if len(series) == 0 {
		return fmt.Errorf("accuracy time series: no series: %w", ErrNoData)
	}
	var panels [4][]Series
	styles := map[string]draw.LineStyle{}
	for i, s := range series {
		name := s.Label
		if name == "" {
			name = "#" + strconv.Itoa(i)
		}
		if _, dup := styles[name]; dup {
			return fmt.Errorf("accuracy time series: two series named %s", name)
		}
		styles[name] = draw.LineStyle{Color: SystemColor(s.System), Width: vg.Points(1.2), Dashes: classDashes(s.Class)}
		for k := range 4 {
			for j, v := range s.Values[k] {
				if v < 0 {
					return fmt.Errorf("accuracy time series: series %s, %s, point %d: negative RMS %g m", name, AccuracyComponents[k], j, v)
				}
			}
			panels[k] = append(panels[k], Series{Name: name, Times: s.Times, Values: s.Values[k]})
		}
	}
	var all []Series
	for k := range 4 {
		all = append(all, panels[k]...)
	}
	tmin, tmax, err := checkSeries(all, "series")
	if err != nil {
		return fmt.Errorf("accuracy time series: %w", err)
	}
	size, err := opt.Size.resolve(DefaultAccuracyTimeSeriesSize)
	if err != nil {
		return fmt.Errorf("accuracy time series: %w", err)
	}
	err = render(w, f, size, opt.DPI, func(c draw.Canvas) error {
		c = draw.Crop(c, vg.Points(4), -vg.Points(12), vg.Points(4), -vg.Points(2))
		c = drawTitle(c, opt.Title)
		c = drawLegend(c, seriesLegend(styles, panels[0]))
		var rows [][]*gplot.Plot
		for k := range 4 {
			label := AccuracyComponents[k] + " RMS, m"
			rows = append(rows, []*gplot.Plot{newTimePanel(panels[k], styles, tmin, tmax, label, 0, false, false, k == 3)})
		}
		tiles := draw.Tiles{Rows: 4, Cols: 1, PadY: vg.Points(8)}
		cs := gplot.Align(rows, tiles, c)
		for k := range 4 {
			rows[k][0].Draw(cs[k][0])
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("accuracy time series: %w", err)
	}
	return nil
}

// SaveAccuracyBars writes AccuracyBars to path, in the format given by its
// extension.
func SaveAccuracyBars(path string, groups []AccuracyGroup, opt AccuracyBarsOptions) error {
	return WriteFile(path, func(w io.Writer, f Format) error { return AccuracyBars(w, f, groups, opt) })
}

// SaveAccuracyTimeSeries writes AccuracyTimeSeries to path, in the format
// given by its extension.
func SaveAccuracyTimeSeries(path string, series []AccuracySeries, opt AccuracyTimeSeriesOptions) error {
	return WriteFile(path, func(w io.Writer, f Format) error { return AccuracyTimeSeries(w, f, series, opt) })
}
