package plot

// The ARAIM integrity figures: protection levels over time against the
// alert limits, and a map of the availability of a service, both with a
// caption that states the assumptions (service, integrity support message,
// fault-mode rule, user model).

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"strconv"
	"strings"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// DefaultProtectionLevelsSize is the default size of ProtectionLevels.
var DefaultProtectionLevelsSize = Size{WidthCm: 20, HeightCm: 16}

// ProtectionLevelOptions controls ProtectionLevels.
type ProtectionLevelOptions struct {
	// Title is drawn above the figure when not empty.
	Title string
	// VALM and HALM are the alert limits (m), drawn as dashed lines; 0 or
	// +Inf draws none.
	VALM, HALM float64
	// MaxVPLM and MaxHPLM cap the axes (m) so that a spike does not flatten
	// the plot; 0 means 2.5 times the alert limit (automatic without one).
	MaxVPLM, MaxHPLM float64
	// Caption lines are written below the panels in small type (wrapped to
	// the figure's width): the assumptions behind the numbers.
	Caption []string
	// Size is the figure size; zero means DefaultProtectionLevelsSize.
	Size Size
	// DPI is the resolution of PNG output; zero means DefaultDPI.
	DPI int
}

// ProtectionLevels draws the vertical (top panel) and horizontal (bottom
// panel) protection levels against UTC time, one series per system alone
// and one for the systems combined (colours as DOPAndVisible), with the
// alert limits as dashed red lines. NaN is an epoch without a protection
// level (the geometry cannot be monitored): the line is broken there, and
// a series without any value is marked "(not available)" in the legend.
// With no vertical series (a horizontal-only service) only the HPL panel
// is drawn.
//
// Both slices empty is an error wrapping ErrNoData.
func ProtectionLevels(w io.Writer, f Format, vpl, hpl []Series, opt ProtectionLevelOptions) error {
	if len(vpl) == 0 && len(hpl) == 0 {
		return fmt.Errorf("protection levels: no series: %w", ErrNoData)
	}
	all := append(append([]Series(nil), vpl...), hpl...)
	tmin, tmax, err := checkSeries(all, "series")
	if err != nil {
		return fmt.Errorf("protection levels: %w", err)
	}
	for _, v := range []float64{opt.VALM, opt.HALM, opt.MaxVPLM, opt.MaxHPLM} {
		if !(v >= 0) {
			return fmt.Errorf("protection levels: limits and caps must be ≥ 0 (got %g)", v)
		}
	}
	size, err := opt.Size.resolve(DefaultProtectionLevelsSize)
	if err != nil {
		return fmt.Errorf("protection levels: %w", err)
	}
	styles := seriesStyles(all)
	legend := seriesLegend(styles, all)
	for i := range legend {
		legend[i].label = strings.Replace(legend[i].label, " (no data)", " (not available)", 1)
	}
	err = render(w, f, size, opt.DPI, func(c draw.Canvas) error {
		c = draw.Crop(c, vg.Points(4), -vg.Points(12), vg.Points(4), -vg.Points(2))
		c = drawTitle(c, opt.Title)
		c = drawLegend(c, legend)
		c = drawCaption(c, opt.Caption)
		var panels []*gplot.Plot
		if len(vpl) > 0 {
			panels = append(panels, plPanel(vpl, styles, tmin, tmax, "VPL (m)", "VAL", opt.VALM, opt.MaxVPLM, len(hpl) == 0))
		}
		if len(hpl) > 0 {
			panels = append(panels, plPanel(hpl, styles, tmin, tmax, "HPL (m)", "HAL", opt.HALM, opt.MaxHPLM, true))
		}
		if len(panels) == 1 {
			panels[0].Draw(c)
			return nil
		}
		tiles := draw.Tiles{Rows: 2, Cols: 1, PadY: vg.Points(10)}
		cs := gplot.Align([][]*gplot.Plot{{panels[0]}, {panels[1]}}, tiles, c)
		panels[0].Draw(cs[0][0])
		panels[1].Draw(cs[1][0])
		return nil
	})
	if err != nil {
		return fmt.Errorf("protection levels: %w", err)
	}
	return nil
}

// limitRed is the colour of the alert-limit lines.
var limitRed = color.NRGBA{R: 0xc0, G: 0x10, B: 0x10, A: 0xff}

// plPanel is one protection-level panel: the series, the alert limit al
// (name: "VAL" or "HAL") as a dashed line, the axis capped at yCap (0:
// 2.5·al when there is a limit).
func plPanel(series []Series, styles map[string]draw.LineStyle, tmin, tmax float64, ylabel, name string, al, yCap float64, xLabels bool) *gplot.Plot {
	hasAL := al > 0 && !math.IsInf(al, 0)
	if yCap == 0 && hasAL {
		yCap = 2.5 * al
	}
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
				major = append(major, gplot.Tick{Value: t.Value})
			}
		}
		p.X.Tick.Marker = gplot.ConstantTicks(major)
		p.X.Tick.Length *= 2
	}
	grid := plotter.NewGrid()
	grid.Vertical = draw.LineStyle{Color: color.NRGBA{R: 0xe0, G: 0xe0, B: 0xe0, A: 0xff}, Width: vg.Points(0.5)}
	grid.Horizontal = grid.Vertical
	p.Add(grid)
	ymax, anyData, clipped := 0.0, false, false
	for _, s := range series {
		for _, v := range s.Values {
			if !math.IsNaN(v) {
				anyData = true
				ymax = math.Max(ymax, v)
				clipped = clipped || (yCap > 0 && v > yCap)
			}
		}
	}
	switch {
	case !anyData && yCap > 0:
		ymax = yCap
	case !anyData:
		ymax = 1
	default:
		ymax = niceCeil(ymax * 1.05)
	}
	if hasAL {
		ymax = math.Max(ymax, niceCeil(al*1.15))
	}
	if yCap > 0 && ymax > yCap {
		ymax = yCap
	}
	if !(ymax > 0) {
		ymax = 1
	}
	p.Y.Min, p.Y.Max = 0, ymax
	p.Y.Label.Text = ylabel
	if clipped {
		p.Y.Label.Text = fmt.Sprintf("%s, clipped at %s", ylabel, strconv.FormatFloat(yCap, 'g', -1, 64))
	}
	p.Y.Tick.Marker = gplot.TickerFunc(func(min, max float64) []gplot.Tick { return niceTicks(min, max, 6) })
	for _, s := range series {
		sty := styles[s.Name]
		for _, r := range finiteRuns(s.Values) {
			xys := make(plotter.XYs, 0, r[1]-r[0])
			for k := r[0]; k < r[1]; k++ {
				xys = append(xys, plotter.XY{X: unixSeconds(s.Times[k]), Y: math.Min(s.Values[k], ymax)})
			}
			if len(xys) == 1 {
				p.Add(&plotter.Scatter{XYs: xys, GlyphStyle: draw.GlyphStyle{Color: sty.Color, Radius: sty.Width, Shape: draw.CircleGlyph{}}})
				continue
			}
			p.Add(&plotter.Line{XYs: xys, LineStyle: sty})
		}
	}
	if hasAL && al <= ymax {
		p.Add(limitLine{value: al, label: name + " " + strconv.FormatFloat(al, 'g', -1, 64) + " m"})
	}
	if !anyData {
		p.Add(noteText("not available at any epoch"))
	}
	p.X.Min, p.X.Max = tmin, tmax
	p.Y.Min, p.Y.Max = 0, ymax
	return p
}

// limitLine draws a horizontal dashed line across the data area with a
// label at its right end.
type limitLine struct {
	value float64
	label string
}

// Plot implements plot.Plotter.
func (l limitLine) Plot(c draw.Canvas, p *gplot.Plot) {
	_, ty := p.Transforms(&c)
	y := ty(l.value)
	sty := draw.LineStyle{Color: limitRed, Width: vg.Points(1.2), Dashes: []vg.Length{vg.Points(5), vg.Points(3)}}
	c.StrokeLine2(sty, c.Min.X, y, c.Max.X, y)
	ts := textStyle(boldFont, 9, limitRed, draw.XRight, draw.YBottom)
	c.FillText(ts, vg.Point{X: c.Max.X - vg.Points(3), Y: y + vg.Points(2)}, l.label)
}

// captionSize is the type size of captions, points.
const captionSize = 7.5

// drawCaption writes lines at the bottom of c, left-aligned, each wrapped
// at blanks to the width of c, and returns c without the space used.
func drawCaption(c draw.Canvas, lines []string) draw.Canvas {
	if len(lines) == 0 {
		return c
	}
	sty := textStyle(sansFont, captionSize, darkGrey, draw.XLeft, draw.YBottom)
	width := c.Max.X - c.Min.X
	var rows []string
	for _, l := range lines {
		rows = append(rows, wrapText(sty, l, width)...)
	}
	rowH := sty.Rectangle("Xg").Size().Y + vg.Points(1.5)
	y := c.Min.Y
	for i := len(rows) - 1; i >= 0; i-- {
		c.FillText(sty, vg.Point{X: c.Min.X, Y: y}, rows[i])
		y += rowH
	}
	return draw.Crop(c, 0, 0, rowH*vg.Length(len(rows))+vg.Points(6), 0)
}

// wrapText splits s at blanks into lines no wider than width (a word wider
// than width stands alone).
func wrapText(sty interface{ Rectangle(string) vg.Rectangle }, s string, width vg.Length) []string {
	words := strings.Fields(s)
	if len(words) == 0 {
		return []string{""}
	}
	var out []string
	cur := words[0]
	for _, w := range words[1:] {
		if next := cur + " " + w; sty.Rectangle(next).Size().X <= width {
			cur = next
			continue
		}
		out = append(out, cur)
		cur = w
	}
	return append(out, cur)
}

// IntegrityMapOptions controls IntegrityMap: the options of CoverageMap and
// caption lines written below the map.
type IntegrityMapOptions struct {
	MapOptions
	Caption []string
}

// IntegrityMap draws a map as CoverageMap does (typically the availability
// of an ARAIM service per cell, in percent) with caption lines below it,
// wrapped to the figure's width. The default size is DefaultMapSize plus
// room for the caption.
func IntegrityMap(w io.Writer, f Format, m GridData, opt IntegrityMapOptions) error {
	if err := m.validate(); err != nil {
		return fmt.Errorf("integrity map: %w", err)
	}
	latE, lonE := cellEdges(m.LatDeg, 90), lonCellEdges(m.LonDeg)
	region := opt.Region
	if region == (Region{}) {
		region = Region{LatMinDeg: latE[0], LatMaxDeg: latE[len(latE)-1], LonMinDeg: lonE[0], LonMaxDeg: lonE[len(lonE)-1]}
	}
	if err := region.validate(); err != nil {
		return fmt.Errorf("integrity map: %w", err)
	}
	shown := valuesInRegion(m, latE, lonE, region)
	vmin, vmax, hasNaN, under, over, err := colourRange(shown, opt.ValueMin, opt.ValueMax)
	if err != nil {
		return fmt.Errorf("integrity map: %w", err)
	}
	colors, err := viridis(opt.ReverseColors)
	if err != nil {
		return fmt.Errorf("integrity map: %w", err)
	}
	coast, err := mapCoastlines(opt.MapOptions, region)
	if err != nil {
		return fmt.Errorf("integrity map: %w", err)
	}
	def := DefaultMapSize
	def.HeightCm += 0.45 * float64(len(opt.Caption)+1)
	size, err := opt.Size.resolve(def)
	if err != nil {
		return fmt.Errorf("integrity map: %w", err)
	}
	err = render(w, f, size, opt.DPI, func(c draw.Canvas) error {
		c = draw.Crop(c, vg.Points(4), -vg.Points(4), vg.Points(4), -vg.Points(2))
		c = drawTitle(c, opt.Title)
		c = drawCaption(c, opt.Caption)
		cb := colourBar{colors: colors, min: vmin, max: vmax, label: opt.Label, noData: hasNaN, under: under, over: over}
		cbW := cb.width()
		p := newMapPlot(region)
		p.Add(&cellPlotter{grid: m, latEdges: latE, lonEdges: lonE, region: region, colors: colors, min: vmin, max: vmax})
		if !opt.NoCoastlines {
			p.Add(coastPlotter{lines: coast, style: draw.LineStyle{Color: color.NRGBA{0x20, 0x20, 0x20, 0xff}, Width: vg.Points(0.6)}})
		}
		if allNaN(shown) {
			p.Add(noteText("no data"))
		}
		area, data := fitAspect(p, draw.Crop(c, 0, -cbW, 0, 0), region, cbW)
		p.Draw(area)
		cb.draw(c, data)
		return nil
	})
	if err != nil {
		return fmt.Errorf("integrity map: %w", err)
	}
	return nil
}
