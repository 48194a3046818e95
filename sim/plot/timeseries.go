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
)

// Series is one curve of a time series figure.
type Series struct {
	// Name is the legend text, e.g. "GLONASS", "BeiDou" or
	// "GLONASS+BeiDou". A system name picks the system's colour
	// (SystemColor); a combination of systems is drawn in black.
	Name string
	// Times are the epochs (converted to UTC), in non-decreasing order.
	Times []time.Time
	// Values are the values at Times (same length). NaN means unavailable
	// and breaks the line; infinite values are rejected.
	Values []float64
}

// TimeSeriesOptions controls TimeSeries. The zero value gives a 20×9 cm
// figure with an automatic y range starting at zero.
type TimeSeriesOptions struct {
	// Title is drawn above the plot when not empty.
	Title string
	// YLabel names the quantity on the y axis, e.g. "PDOP".
	YLabel string
	// YMax, when positive, caps the y axis: larger values run off the top
	// of the plot and the axis label says so. Zero means automatic.
	YMax float64
	// Step draws the series as steps (constant until the next epoch), as
	// suits counts such as visible satellites.
	Step bool
	// Size is the figure size; zero means DefaultTimeSeriesSize.
	Size Size
	// DPI is the resolution of PNG output; zero means DefaultDPI.
	DPI int
}

// DOPAndVisibleOptions controls DOPAndVisible. The zero value gives a
// 20×14 cm figure of PDOP clipped at 10 over the visible-satellite count.
type DOPAndVisibleOptions struct {
	// Title is drawn above the figure when not empty.
	Title string
	// DOPLabel names the dilution of precision shown; "" means "PDOP".
	DOPLabel string
	// MaxDOP caps the DOP axis so that a single spike does not flatten the
	// plot; zero means 10. Must not be negative.
	MaxDOP float64
	// VisibleLabel names the lower panel's quantity; "" means
	// "visible satellites".
	VisibleLabel string
	// Size is the figure size; zero means DefaultDOPAndVisibleSize.
	Size Size
	// DPI is the resolution of PNG output; zero means DefaultDPI.
	DPI int
}

// DefaultMaxDOP is the DOP axis cap of DOPAndVisible when MaxDOP is zero.
const DefaultMaxDOP = 10

// TimeSeries draws series against UTC time on one set of axes, with a
// legend above the plot. The time axis has HH:MM ticks and the date in its
// label; NaN values break the lines.
//
// An empty series slice, or series without any epoch, is an error wrapping
// ErrNoData; series whose values are all NaN give empty axes with a "no
// data" note and "(no data)" after their legend entries.
func TimeSeries(w io.Writer, f Format, series []Series, opt TimeSeriesOptions) error {
	tmin, tmax, err := checkSeries(series, "series")
	if err != nil {
		return fmt.Errorf("time series: %w", err)
	}
	if !(opt.YMax >= 0) || math.IsInf(opt.YMax, 0) {
		return fmt.Errorf("time series: y-axis cap %g: want a finite value ≥ 0", opt.YMax)
	}
	size, err := opt.Size.resolve(DefaultTimeSeriesSize)
	if err != nil {
		return fmt.Errorf("time series: %w", err)
	}
	styles := seriesStyles(series)
	err = render(w, f, size, opt.DPI, func(c draw.Canvas) error {
		c = draw.Crop(c, vg.Points(4), -vg.Points(12), vg.Points(4), -vg.Points(2))
		c = drawTitle(c, opt.Title)
		c = drawLegend(c, seriesLegend(styles, series))
		p := newTimePanel(series, styles, tmin, tmax, opt.YLabel, opt.YMax, opt.Step, false, true)
		p.Draw(c)
		return nil
	})
	if err != nil {
		return fmt.Errorf("time series: %w", err)
	}
	return nil
}

// DOPAndVisible draws two stacked panels sharing the UTC time axis: dilution
// of precision on top (clipped at MaxDOP) and the number of visible
// satellites below, typically one series per system alone and one for the
// systems combined. Series of the same name in both panels share a colour
// and one legend entry.
//
// Both slices empty is an error wrapping ErrNoData; one empty panel is
// drawn with a "no data" note.
func DOPAndVisible(w io.Writer, f Format, dop, visible []Series, opt DOPAndVisibleOptions) error {
	if len(dop) == 0 && len(visible) == 0 {
		return fmt.Errorf("DOP and visible satellites: no series: %w", ErrNoData)
	}
	all := append(append([]Series(nil), dop...), visible...)
	tmin, tmax, err := checkSeries(all, "series")
	if err != nil {
		return fmt.Errorf("DOP and visible satellites: %w", err)
	}
	maxDOP := opt.MaxDOP
	if maxDOP == 0 {
		maxDOP = DefaultMaxDOP
	}
	if !(maxDOP > 0) || math.IsInf(maxDOP, 0) {
		return fmt.Errorf("DOP and visible satellites: DOP axis cap %g: want a finite value > 0", opt.MaxDOP)
	}
	dopLabel, visLabel := opt.DOPLabel, opt.VisibleLabel
	if dopLabel == "" {
		dopLabel = "PDOP"
	}
	if visLabel == "" {
		visLabel = "visible satellites"
	}
	size, err := opt.Size.resolve(DefaultDOPAndVisibleSize)
	if err != nil {
		return fmt.Errorf("DOP and visible satellites: %w", err)
	}
	styles := seriesStyles(all)
	err = render(w, f, size, opt.DPI, func(c draw.Canvas) error {
		c = draw.Crop(c, vg.Points(4), -vg.Points(12), vg.Points(4), -vg.Points(2))
		c = drawTitle(c, opt.Title)
		c = drawLegend(c, seriesLegend(styles, all))
		top := newTimePanel(dop, styles, tmin, tmax, dopLabel, maxDOP, false, false, false)
		bottom := newTimePanel(visible, styles, tmin, tmax, visLabel, 0, true, true, true)
		tiles := draw.Tiles{Rows: 2, Cols: 1, PadY: vg.Points(10)}
		cs := gplot.Align([][]*gplot.Plot{{top}, {bottom}}, tiles, c)
		top.Draw(cs[0][0])
		bottom.Draw(cs[1][0])
		return nil
	})
	if err != nil {
		return fmt.Errorf("DOP and visible satellites: %w", err)
	}
	return nil
}

// checkSeries validates series and returns the time span of all epochs, in
// seconds since the Unix epoch.
func checkSeries(series []Series, what string) (tmin, tmax float64, err error) {
	if len(series) == 0 {
		return 0, 0, fmt.Errorf("no %s: %w", what, ErrNoData)
	}
	tmin, tmax = math.Inf(1), math.Inf(-1)
	for i, s := range series {
		name := s.Name
		if name == "" {
			name = "#" + strconv.Itoa(i)
		}
		if len(s.Times) != len(s.Values) {
			return 0, 0, fmt.Errorf("series %s: %d times but %d values", name, len(s.Times), len(s.Values))
		}
		for k, v := range s.Values {
			if math.IsInf(v, 0) {
				return 0, 0, fmt.Errorf("series %s, point %d (%s): infinite value", name, k, s.Times[k].UTC().Format(time.RFC3339))
			}
			if k > 0 && s.Times[k].Before(s.Times[k-1]) {
				return 0, 0, fmt.Errorf("series %s: time %d (%s) is before time %d (%s): times must not decrease", name, k, s.Times[k].UTC().Format(time.RFC3339), k-1, s.Times[k-1].UTC().Format(time.RFC3339))
			}
		}
		if len(s.Times) > 0 {
			tmin = math.Min(tmin, unixSeconds(s.Times[0]))
			tmax = math.Max(tmax, unixSeconds(s.Times[len(s.Times)-1]))
		}
	}
	if math.IsInf(tmin, 1) {
		return 0, 0, fmt.Errorf("no epochs in any %s: %w", what, ErrNoData)
	}
	if tmax == tmin { // one epoch: show half an hour around it
		tmin -= 1800
		tmax += 1800
	}
	return tmin, tmax, nil
}

// unixSeconds returns t as seconds since 1970-01-01T00:00:00 UTC.
func unixSeconds(t time.Time) float64 {
	return float64(t.Unix()) + float64(t.Nanosecond())/1e9
}

// seriesStyles assigns a line style to each distinct series name, in order
// of first appearance.
func seriesStyles(series []Series) map[string]draw.LineStyle {
	m := map[string]draw.LineStyle{}
	n := 0
	for _, s := range series {
		if _, ok := m[s.Name]; !ok {
			m[s.Name] = seriesStyle(s.Name, n)
			n++
		}
	}
	return m
}

// seriesLegend lists each distinct name once, in order of first appearance,
// noting names that have no finite value in any series.
func seriesLegend(styles map[string]draw.LineStyle, series []Series) []legendEntry {
	has := map[string]bool{}
	for _, s := range series {
		for _, v := range s.Values {
			if !math.IsNaN(v) {
				has[s.Name] = true
				break
			}
		}
	}
	var out []legendEntry
	seen := map[string]bool{}
	for _, s := range series {
		if seen[s.Name] {
			continue
		}
		seen[s.Name] = true
		label := s.Name
		if !has[s.Name] {
			label += " (no data)"
		}
		out = append(out, legendEntry{label: label, line: styles[s.Name]})
	}
	return out
}

// finiteRuns splits values into runs of consecutive non-NaN values, as
// index bounds [start, end).
func finiteRuns(v []float64) [][2]int {
	var runs [][2]int
	start := -1
	for k, x := range v {
		ok := !math.IsNaN(x)
		switch {
		case ok && start < 0:
			start = k
		case !ok && start >= 0:
			runs = append(runs, [2]int{start, k})
			start = -1
		}
	}
	if start >= 0 {
		runs = append(runs, [2]int{start, len(v)})
	}
	return runs
}

// newTimePanel builds one time-series plot. yCap > 0 caps the y axis;
// integer selects whole-number y ticks; xLabels selects whether the time
// axis has tick labels and a label (only the bottom panel of a stack has).
func newTimePanel(series []Series, styles map[string]draw.LineStyle, tmin, tmax float64, ylabel string, yCap float64, step, integer, xLabels bool) *gplot.Plot {
	p := gplot.New()
	styleAxes(p)
	p.X.Min, p.X.Max = tmin, tmax
	ticks := timeTicks(tmin, tmax)
	if xLabels {
		p.X.Label.Text = timeAxisLabel(tmin, tmax)
		p.X.Tick.Marker = gplot.ConstantTicks(ticks)
	} else {
		var major []gplot.Tick
		for _, t := range ticks {
			if t.Label != "" {
				major = append(major, gplot.Tick{Value: t.Value}) // unlabelled
			}
		}
		p.X.Tick.Marker = gplot.ConstantTicks(major)
		p.X.Tick.Length *= 2 // minor ticks are drawn at half length
	}

	grid := plotter.NewGrid()
	grid.Vertical = draw.LineStyle{Color: color.NRGBA{R: 0xe0, G: 0xe0, B: 0xe0, A: 0xff}, Width: vg.Points(0.5)}
	grid.Horizontal = grid.Vertical
	p.Add(grid)

	ymin, ymax := 0.0, math.Inf(-1)
	anyData := false
	for _, s := range series {
		for _, v := range s.Values {
			if !math.IsNaN(v) {
				anyData = true
				ymin = math.Min(ymin, v)
				ymax = math.Max(ymax, v)
			}
		}
	}
	clipped := false
	switch {
	case !anyData && yCap > 0:
		ymax = yCap
	case !anyData:
		ymax = 1
	case integer:
		ymax = math.Floor(ymax) + 1
	default:
		ymax = niceCeil(ymax * 1.05)
		if yCap > 0 && ymax > yCap {
			ymax = yCap
			for _, s := range series {
				for _, v := range s.Values {
					clipped = clipped || v > yCap
				}
			}
		}
	}
	if ymax <= ymin {
		ymax = ymin + 1
	}
	ymin = math.Floor(ymin)
	p.Y.Min, p.Y.Max = ymin, ymax
	p.Y.Label.Text = ylabel
	if clipped {
		p.Y.Label.Text = fmt.Sprintf("%s (clipped at %s)", ylabel, strconv.FormatFloat(yCap, 'g', -1, 64))
	}
	if integer {
		p.Y.Tick.Marker = gplot.TickerFunc(integerTicks)
	} else {
		p.Y.Tick.Marker = gplot.TickerFunc(func(min, max float64) []gplot.Tick { return niceTicks(min, max, 6) })
	}

	for _, s := range series {
		sty := styles[s.Name]
		for _, r := range finiteRuns(s.Values) {
			xys := make(plotter.XYs, 0, r[1]-r[0])
			for k := r[0]; k < r[1]; k++ {
				xys = append(xys, plotter.XY{X: unixSeconds(s.Times[k]), Y: s.Values[k]})
			}
			if len(xys) == 1 {
				sc := &plotter.Scatter{XYs: xys, GlyphStyle: draw.GlyphStyle{Color: sty.Color, Radius: sty.Width, Shape: draw.CircleGlyph{}}}
				p.Add(sc)
				continue
			}
			l := &plotter.Line{XYs: xys, LineStyle: sty}
			if step {
				l.StepStyle = plotter.PostStep
			}
			p.Add(l)
		}
	}
	if !anyData {
		p.Add(noteText("no data"))
	}
	// Add may have widened the ranges to the data; restore the chosen ones.
	p.X.Min, p.X.Max = tmin, tmax
	p.Y.Min, p.Y.Max = ymin, ymax
	return p
}

// noteText is a plotter that writes a note in the middle of the data area.
type noteText string

// Plot implements plot.Plotter.
func (n noteText) Plot(c draw.Canvas, _ *gplot.Plot) {
	sty := textStyle(sansFont, 11, darkGrey, draw.XCenter, draw.YCenter)
	c.FillText(sty, c.Center(), string(n))
}

// niceCeil rounds v > 0 up to 1, 2, 2.5 or 5 times a power of ten.
func niceCeil(v float64) float64 {
	if !(v > 0) {
		return 1
	}
	e := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*e >= v*(1-1e-12) {
			return m * e
		}
	}
	return 10 * e
}

// integerTicks labels whole numbers with a step of 1, 2, 5, 10, ... chosen
// for at most 8 labels.
func integerTicks(min, max float64) []gplot.Tick {
	step := 1.0
	for _, s := range []float64{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000} {
		step = s
		if (max-min)/s <= 8 {
			break
		}
	}
	var ticks []gplot.Tick
	for v := math.Ceil(min/step) * step; v <= max; v += step {
		ticks = append(ticks, gplot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', -1, 64)})
	}
	return ticks
}

// timeSteps are the candidate major tick intervals, in seconds, with the
// minor interval to use with each (0: none). Every sub-day step divides a
// day, so ticks fall on round UTC clock times.
var timeSteps = []struct{ major, minor float64 }{
	{60, 0}, {120, 60}, {300, 60}, {600, 300}, {900, 300}, {1800, 600},
	{3600, 900}, {7200, 1800}, {10800, 3600}, {21600, 3600}, {43200, 10800},
	{86400, 21600}, {2 * 86400, 86400}, {7 * 86400, 86400}, {14 * 86400, 7 * 86400},
	{28 * 86400, 7 * 86400},
}

// maxTimeTicks is the largest number of labelled time ticks; "HH:MM" at
// 9 pt is about 25 pt wide, so 9 labels fit comfortably in 10 cm.
const maxTimeTicks = 9

// timeTicks returns UTC time ticks between min and max (Unix seconds):
// labels "HH:MM", or the date ("Jul 17") at midnight when the span covers
// more than one UTC day, or for steps of a day and more.
func timeTicks(min, max float64) []gplot.Tick {
	st := timeSteps[len(timeSteps)-1]
	for _, s := range timeSteps {
		if (max-min)/s.major <= maxTimeTicks {
			st = s
			break
		}
	}
	multiDay := utcDate(min) != utcDate(max)
	var ticks []gplot.Tick
	fine := st.major
	if st.minor > 0 {
		fine = st.minor
	}
	// Walk in whole multiples of the finest interval to avoid drift.
	k0, k1 := math.Ceil(min/fine-1e-9), math.Floor(max/fine+1e-9)
	for k := k0; k <= k1; k++ {
		v := k * fine
		if math.Mod(v, st.major) != 0 {
			ticks = append(ticks, gplot.Tick{Value: v})
			continue
		}
		t := time.Unix(int64(v), 0).UTC()
		label := t.Format("15:04")
		if st.major >= 86400 || (multiDay && t.Hour() == 0 && t.Minute() == 0) {
			label = t.Format("Jan 2")
		}
		ticks = append(ticks, gplot.Tick{Value: v, Label: label})
	}
	return ticks
}

// utcDate returns the UTC calendar date of Unix time s as "2006-01-02".
func utcDate(s float64) string {
	return time.Unix(int64(math.Floor(s)), 0).UTC().Format("2006-01-02")
}

// timeAxisLabel names the time axis with the UTC date or dates covered.
func timeAxisLabel(min, max float64) string {
	d0, d1 := utcDate(min), utcDate(max)
	if d0 == d1 {
		return "time (UTC), " + d0
	}
	return "time (UTC), " + d0 + " to " + d1
}
