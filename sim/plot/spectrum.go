package plot

// Figures of signal compatibility: power spectral densities of the
// signals of a band (PSD), and C/N0 degradation series coloured by the
// victim signal's system (SignalTimeSeries).

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

// PSDCurve is one signal's power spectral density, for PSD.
type PSDCurve struct {
	// Label is the legend text, e.g. "BeiDou B1C". Curves with the same
	// label (the channels of a GLONASS FDMA signal) share one legend entry
	// and must share System and Style.
	Label string
	// System picks the colour (SystemColor); SystemUnknown is black.
	System ephemeris.System
	// Style tells apart signals of one system: 0 solid, 1 dashed, 2
	// dotted, 3 dash-dot, 4 dash-dot-dot (then again from 0).
	Style int
	// Thin draws the curve with a thinner line (many overlapping curves,
	// such as 14 FDMA channels).
	Thin bool
	// FreqMHz are the frequencies, strictly ascending, spanning the
	// signal's transmit band: the curve drops to the bottom of the plot
	// at its first and last point, the transmit band edges (the
	// band-limited PSD is zero outside).
	FreqMHz []float64
	// DBHz is the PSD at FreqMHz in dB/Hz (or dBW/Hz). −Inf (a spectral
	// null) is drawn at the bottom of the plot; NaN and +Inf are errors.
	DBHz []float64
}

// HLine is a labelled horizontal reference line (a noise floor).
type HLine struct {
	Value float64
	Label string
}

// PSDOptions controls PSD. The zero value gives a 24×13 cm figure of the
// curves' frequency range with an automatic dB range.
type PSDOptions struct {
	// Title is drawn above the figure when not empty.
	Title string
	// YLabel names the y axis; "" means "PSD (dB/Hz, unit power)".
	YLabel string
	// XMinMHz and XMaxMHz fix the frequency range; both zero means the
	// curves' range.
	XMinMHz, XMaxMHz float64
	// YMinDB and YMaxDB fix the y range; both zero means automatic: from
	// the highest peak (and reference line) rounded up to 5 dB, 45 dB
	// down (main lobes and the first side lobes, where the signals meet).
	YMinDB, YMaxDB float64
	// Lines are horizontal reference lines (dashed, labelled).
	Lines []HLine
	// Size is the figure size; zero means DefaultPSDSize.
	Size Size
	// DPI is the resolution of PNG output; zero means DefaultDPI.
	DPI int
}

// DefaultPSDSize is the default size of PSD.
var DefaultPSDSize = Size{WidthCm: 24, HeightCm: 13}

// PSDAutoRangeDB is the depth of the automatic y range of PSD, dB.
const PSDAutoRangeDB = 45

// dashes returns the dash pattern of a style number.
func dashes(style int) []vg.Length {
	switch ((style % 5) + 5) % 5 {
	case 1:
		return []vg.Length{vg.Points(6), vg.Points(3)}
	case 2:
		return []vg.Length{vg.Points(1.5), vg.Points(2)}
	case 3:
		return []vg.Length{vg.Points(6), vg.Points(2), vg.Points(1.5), vg.Points(2)}
	case 4:
		return []vg.Length{vg.Points(8), vg.Points(2), vg.Points(1.5), vg.Points(2), vg.Points(1.5), vg.Points(2)}
	}
	return nil
}

// signalStyle is the line of a signal: its system's colour, the style's
// dashes.
func signalStyle(sys ephemeris.System, style int, thin bool) draw.LineStyle {
	c := SystemColor(sys)
	w := vg.Points(1.3)
	if thin {
		// Many overlapping curves: thinner and translucent, so that their
		// density shows.
		r, g, b, _ := c.RGBA()
		c = color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 0x99}
		w = vg.Points(0.6)
	}
	return draw.LineStyle{Color: c, Width: w, Dashes: dashes(style)}
}

// psdTicks are niceTicks over [min, max] with the end values included
// when they fall on a tick (also for negative ranges).
func psdTicks(min, max float64, maxN int) []gplot.Tick {
	eps := 1e-9 * (max - min)
	var out []gplot.Tick
	for _, t := range niceTicks(min-eps, max+eps, maxN) {
		if t.Value >= min-eps && t.Value <= max+eps {
			out = append(out, t)
		}
	}
	return out
}

// PSD draws power spectral densities against frequency (MHz), one curve
// per signal (or FDMA channel) in its system's colour, with a legend above
// the plot and the transmit band edges shown as the curves' drops to the
// bottom. Curves are drawn in the order given.
//
// No curves, or curves without points, is an error wrapping ErrNoData;
// mismatched lengths, frequencies not strictly ascending or not finite, NaN
// or +Inf values, or a bad range are errors.
func PSD(w io.Writer, f Format, curves []PSDCurve, opt PSDOptions) error {
	xmin, xmax, peak, err := checkPSD(curves, opt)
	if err != nil {
		return fmt.Errorf("PSD: %w", err)
	}
	ymin, ymax := opt.YMinDB, opt.YMaxDB
	if ymin == 0 && ymax == 0 {
		top := peak
		for _, l := range opt.Lines {
			top = math.Max(top, l.Value)
		}
		ymax = 5 * math.Ceil((top+1)/5)
		ymin = ymax - PSDAutoRangeDB
	}
	size, err := opt.Size.resolve(DefaultPSDSize)
	if err != nil {
		return fmt.Errorf("PSD: %w", err)
	}
	ylabel := opt.YLabel
	if ylabel == "" {
		ylabel = "PSD (dB/Hz, unit power)"
	}
	// Legend: one entry per label, in order of first appearance.
	var entries []legendEntry
	seen := map[string]bool{}
	for _, c := range curves {
		if !seen[c.Label] {
			seen[c.Label] = true
			sty := signalStyle(c.System, c.Style, false)
			entries = append(entries, legendEntry{label: c.Label, line: sty})
		}
	}
	err = render(w, f, size, opt.DPI, func(c draw.Canvas) error {
		c = draw.Crop(c, vg.Points(4), -vg.Points(12), vg.Points(4), -vg.Points(2))
		c = drawTitle(c, opt.Title)
		c = drawLegend(c, entries)
		p := gplot.New()
		styleAxes(p)
		p.X.Label.Text = "frequency (MHz)"
		p.Y.Label.Text = ylabel
		p.X.Tick.Marker = gplot.TickerFunc(func(min, max float64) []gplot.Tick { return psdTicks(min, max, 10) })
		p.Y.Tick.Marker = gplot.TickerFunc(func(min, max float64) []gplot.Tick { return psdTicks(min, max, 9) })
		grid := plotter.NewGrid()
		grid.Vertical = draw.LineStyle{Color: color.NRGBA{R: 0xe0, G: 0xe0, B: 0xe0, A: 0xff}, Width: vg.Points(0.5)}
		grid.Horizontal = grid.Vertical
		p.Add(grid)
		bottom := ymin - (ymax - ymin) // off the plot: clipped
		for _, cv := range curves {
			n := len(cv.FreqMHz)
			xys := make(plotter.XYs, 0, n+2)
			xys = append(xys, plotter.XY{X: cv.FreqMHz[0], Y: bottom})
			for i, v := range cv.DBHz {
				if math.IsInf(v, -1) || v < bottom {
					v = bottom
				}
				xys = append(xys, plotter.XY{X: cv.FreqMHz[i], Y: v})
			}
			xys = append(xys, plotter.XY{X: cv.FreqMHz[n-1], Y: bottom})
			p.Add(&plotter.Line{XYs: xys, LineStyle: signalStyle(cv.System, cv.Style, cv.Thin)})
		}
		for _, l := range opt.Lines {
			p.Add(hRefLine{value: l.Value, label: l.Label})
		}
		p.X.Min, p.X.Max = xmin, xmax
		p.Y.Min, p.Y.Max = ymin, ymax
		p.Draw(c)
		return nil
	})
	if err != nil {
		return fmt.Errorf("PSD: %w", err)
	}
	return nil
}

// checkPSD validates the curves and options and returns the x range and
// the highest finite value.
func checkPSD(curves []PSDCurve, opt PSDOptions) (xmin, xmax, peak float64, err error) {
	if len(curves) == 0 {
		return 0, 0, 0, fmt.Errorf("no curves: %w", ErrNoData)
	}
	xmin, xmax, peak = math.Inf(1), math.Inf(-1), math.Inf(-1)
	styleOf := map[string][2]int{}
	for i, c := range curves {
		name := c.Label
		if name == "" {
			name = "#" + strconv.Itoa(i)
		}
		if len(c.FreqMHz) != len(c.DBHz) {
			return 0, 0, 0, fmt.Errorf("curve %s: %d frequencies but %d values", name, len(c.FreqMHz), len(c.DBHz))
		}
		if len(c.FreqMHz) < 2 {
			return 0, 0, 0, fmt.Errorf("curve %s: %d points, want at least 2: %w", name, len(c.FreqMHz), ErrNoData)
		}
		if s, ok := styleOf[c.Label]; ok && (s[0] != int(c.System) || s[1] != c.Style) {
			return 0, 0, 0, fmt.Errorf("curves labelled %q have different systems or styles", c.Label)
		}
		styleOf[c.Label] = [2]int{int(c.System), c.Style}
		for k, fr := range c.FreqMHz {
			if !finite(fr) {
				return 0, 0, 0, fmt.Errorf("curve %s: frequency %d is %v", name, k, fr)
			}
			if k > 0 && !(fr > c.FreqMHz[k-1]) {
				return 0, 0, 0, fmt.Errorf("curve %s: frequencies not strictly ascending at %d (%v after %v MHz)", name, k, fr, c.FreqMHz[k-1])
			}
			v := c.DBHz[k]
			if math.IsNaN(v) || math.IsInf(v, 1) {
				return 0, 0, 0, fmt.Errorf("curve %s at %v MHz: value %v (want finite, or −Inf for a null)", name, fr, v)
			}
			if !math.IsInf(v, -1) {
				peak = math.Max(peak, v)
			}
		}
		xmin, xmax = math.Min(xmin, c.FreqMHz[0]), math.Max(xmax, c.FreqMHz[len(c.FreqMHz)-1])
	}
	if math.IsInf(peak, -1) {
		peak = 0
	}
	if opt.XMinMHz != 0 || opt.XMaxMHz != 0 {
		if !finite(opt.XMinMHz) || !finite(opt.XMaxMHz) || !(opt.XMaxMHz > opt.XMinMHz) {
			return 0, 0, 0, fmt.Errorf("frequency range %v to %v MHz: want finite, increasing", opt.XMinMHz, opt.XMaxMHz)
		}
		xmin, xmax = opt.XMinMHz, opt.XMaxMHz
	}
	if opt.YMinDB != 0 || opt.YMaxDB != 0 {
		if !finite(opt.YMinDB) || !finite(opt.YMaxDB) || !(opt.YMaxDB > opt.YMinDB) {
			return 0, 0, 0, fmt.Errorf("y range %v to %v dB: want finite, increasing", opt.YMinDB, opt.YMaxDB)
		}
	}
	for _, l := range opt.Lines {
		if !finite(l.Value) {
			return 0, 0, 0, fmt.Errorf("reference line %q at %v: want a finite value", l.Label, l.Value)
		}
	}
	return xmin, xmax, peak, nil
}

// hRefLine is a dashed horizontal line with a label at its right end.
type hRefLine struct {
	value float64
	label string
}

// Plot implements plot.Plotter.
func (l hRefLine) Plot(c draw.Canvas, p *gplot.Plot) {
	trX, trY := p.Transforms(&c)
	y := trY(l.value)
	if y < c.Min.Y || y > c.Max.Y {
		return
	}
	sty := draw.LineStyle{Color: darkGrey, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}
	c.StrokeLine2(sty, trX(p.X.Min), y, trX(p.X.Max), y)
	if l.label != "" {
		ts := textStyle(sansFont, 8.5, darkGrey, draw.XRight, draw.YBottom)
		c.FillText(ts, vg.Point{X: trX(p.X.Max) - vg.Points(3), Y: y + vg.Points(2)}, l.label)
	}
}

// SignalSeries is one curve of SignalTimeSeries: a quantity of one signal
// (or one part of it) over time.
type SignalSeries struct {
	// Name is the legend text, unique among the series.
	Name string
	// System picks the colour, Style the dashes (as PSDCurve).
	System ephemeris.System
	Style  int
	// Panel groups series: each distinct Panel (in order of first
	// appearance) is a panel of its own, stacked on a shared time axis,
	// its y axis labelled "Panel YLabel". All "" is one panel.
	Panel string
	// Times and Values as in Series (NaN: no value, the line breaks).
	Times  []time.Time
	Values []float64
}

// signalPanelHeightCm is the height added per panel beyond the first.
const signalPanelHeightCm = 5

// SignalTimeSeries draws series of signals against UTC time, coloured by
// system with a dash pattern per signal (as PSD), a legend above, each
// panel's y axis from 0 (or the lowest value) up. It checks its input as
// TimeSeries does; names must be unique. With several panels the default
// height grows by 5 cm per panel.
func SignalTimeSeries(w io.Writer, f Format, series []SignalSeries, opt TimeSeriesOptions) error {
	plain := make([]Series, len(series))
	styles := map[string]draw.LineStyle{}
	var panels []string
	byPanel := map[string][]Series{}
	for i, s := range series {
		if _, dup := styles[s.Name]; dup {
			return fmt.Errorf("signal time series: two series named %q", s.Name)
		}
		styles[s.Name] = signalStyle(s.System, s.Style, false)
		plain[i] = Series{Name: s.Name, Times: s.Times, Values: s.Values}
		if _, ok := byPanel[s.Panel]; !ok {
			panels = append(panels, s.Panel)
		}
		byPanel[s.Panel] = append(byPanel[s.Panel], plain[i])
	}
	tmin, tmax, err := checkSeries(plain, "series")
	if err != nil {
		return fmt.Errorf("signal time series: %w", err)
	}
	if !(opt.YMax >= 0) || math.IsInf(opt.YMax, 0) {
		return fmt.Errorf("signal time series: y-axis cap %g: want a finite value ≥ 0", opt.YMax)
	}
	def := DefaultTimeSeriesSize
	def.HeightCm += signalPanelHeightCm * float64(len(panels)-1)
	size, err := opt.Size.resolve(def)
	if err != nil {
		return fmt.Errorf("signal time series: %w", err)
	}
	err = render(w, f, size, opt.DPI, func(c draw.Canvas) error {
		c = draw.Crop(c, vg.Points(4), -vg.Points(12), vg.Points(4), -vg.Points(2))
		c = drawTitle(c, opt.Title)
		c = drawLegend(c, seriesLegend(styles, plain))
		var rows [][]*gplot.Plot
		for n, name := range panels {
			label := opt.YLabel
			if name != "" {
				label = name + "\n" + label
			}
			last := n == len(panels)-1
			rows = append(rows, []*gplot.Plot{newTimePanel(byPanel[name], styles, tmin, tmax, label, opt.YMax, opt.Step, false, last)})
		}
		if len(rows) == 1 {
			rows[0][0].Draw(c)
			return nil
		}
		tiles := draw.Tiles{Rows: len(rows), Cols: 1, PadY: vg.Points(8)}
		cs := gplot.Align(rows, tiles, c)
		for r := range rows {
			rows[r][0].Draw(cs[r][0])
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("signal time series: %w", err)
	}
	return nil
}

// SignalStyles numbers the signals of each system in the order given (0,
// 1, 2, ...), the Style that tells them apart in PSD and
// SignalTimeSeries. keys identify signals (a signal's channels share one).
func SignalStyles(systems []ephemeris.System, keys []string) []int {
	next := map[ephemeris.System]int{}
	of := map[string]int{}
	out := make([]int, len(keys))
	for i, k := range keys {
		s, ok := of[k]
		if !ok {
			s = next[systems[i]]
			next[systems[i]]++
			of[k] = s
		}
		out[i] = s
	}
	return out
}
