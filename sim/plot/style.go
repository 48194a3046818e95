package plot

import (
	"image/color"
	"math"
	"strconv"
	"strings"

	xfont "golang.org/x/image/font"
	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/gnssim/gnssim/ephemeris"
)

// The Okabe–Ito colour-blind-safe palette (M. Okabe and K. Ito, "Color
// Universal Design", 2008, https://jfly.uni-koeln.de/color/), given as sRGB.
var (
	okabeBlack     = color.NRGBA{R: 0x00, G: 0x00, B: 0x00, A: 0xff}
	okabeOrange    = color.NRGBA{R: 0xe6, G: 0x9f, B: 0x00, A: 0xff}
	okabeSkyBlue   = color.NRGBA{R: 0x56, G: 0xb4, B: 0xe9, A: 0xff}
	okabeGreen     = color.NRGBA{R: 0x00, G: 0x9e, B: 0x73, A: 0xff}
	okabeBlue      = color.NRGBA{R: 0x00, G: 0x72, B: 0xb2, A: 0xff}
	okabeVermilion = color.NRGBA{R: 0xd5, G: 0x5e, B: 0x00, A: 0xff}
	okabePurple    = color.NRGBA{R: 0xcc, G: 0x79, B: 0xa7, A: 0xff}
	okabeGrey      = color.NRGBA{R: 0x99, G: 0x99, B: 0x99, A: 0xff}
)

// SystemColor returns the fixed colour of a navigation system in every
// figure: GLONASS vermilion, BeiDou blue, GPS bluish green, Galileo reddish
// purple, QZSS orange, NavIC sky blue, SBAS grey, from the Okabe–Ito
// colour-blind-safe palette; an unknown system is black.
func SystemColor(s ephemeris.System) color.Color {
	switch s {
	case ephemeris.GLONASS:
		return okabeVermilion
	case ephemeris.BeiDou:
		return okabeBlue
	case ephemeris.GPS:
		return okabeGreen
	case ephemeris.Galileo:
		return okabePurple
	case ephemeris.QZSS:
		return okabeOrange
	case ephemeris.NavIC:
		return okabeSkyBlue
	case ephemeris.SBAS:
		return okabeGrey
	}
	return okabeBlack
}

// systemTitle is System.Title, with "other" for an unknown system.
func systemTitle(s ephemeris.System) string {
	if s.Title() == "unknown" {
		return "other"
	}
	return s.Title()
}

// seriesStyle picks the line style of a time series from its name: a single
// system's name ("GLONASS", "bds", "R") takes the system's colour, a
// combination ("GLONASS+BeiDou") is drawn in black and thicker, anything
// else takes a palette colour by position.
func seriesStyle(name string, i int) draw.LineStyle {
	if sys, err := ephemeris.ParseSystem(name); err == nil {
		return draw.LineStyle{Color: SystemColor(sys), Width: vg.Points(1.2)}
	}
	if strings.ContainsAny(name, "+,") {
		return draw.LineStyle{Color: okabeBlack, Width: vg.Points(1.6)}
	}
	others := []color.Color{okabeOrange, okabeSkyBlue, okabePurple, okabeGreen, okabeVermilion, okabeBlue, okabeGrey}
	return draw.LineStyle{Color: others[i%len(others)], Width: vg.Points(1.2), Dashes: []vg.Length{vg.Points(4), vg.Points(2)}}
}

// Text styles. Sizes are in points; 9–11 pt reads well in a report at the
// default figure sizes.
var (
	sansFont = font.Font{Typeface: "Liberation", Variant: "Sans"}
	boldFont = font.Font{Typeface: "Liberation", Variant: "Sans", Weight: xfont.WeightBold}
	gridGrey = color.NRGBA{R: 0xbb, G: 0xbb, B: 0xbb, A: 0xff}
	darkGrey = color.NRGBA{R: 0x44, G: 0x44, B: 0x44, A: 0xff}
	noData   = color.NRGBA{R: 0xc8, G: 0xc8, B: 0xc8, A: 0xff} // neutral grey for NaN cells
)

func textStyle(f font.Font, size vg.Length, c color.Color, xa text.XAlignment, ya text.YAlignment) text.Style {
	f.Size = size
	return text.Style{Color: c, Font: f, XAlign: xa, YAlign: ya, Handler: gplot.DefaultTextHandler}
}

// textWidth returns the width of s in style sty.
func textWidth(sty text.Style, s string) vg.Length {
	return sty.Rectangle(s).Size().X
}

// drawTitle draws title centred at the top of c and returns c without the
// space it used.
func drawTitle(c draw.Canvas, title string) draw.Canvas {
	if title == "" {
		return c
	}
	sty := textStyle(boldFont, 12, color.Black, draw.XCenter, draw.YTop)
	c.FillText(sty, vg.Point{X: c.Center().X, Y: c.Max.Y - vg.Points(4)}, title)
	h := sty.Rectangle(title).Size().Y
	return draw.Crop(c, 0, 0, 0, -(h + vg.Points(8)))
}

// styleAxes sets fonts and sizes of a gonum plot's axes.
func styleAxes(p *gplot.Plot) {
	p.BackgroundColor = nil
	for _, a := range []*gplot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = font.From(sansFont, 10)
		a.Tick.Label.Font = font.From(sansFont, 9)
		a.Padding = 0
	}
	p.Title.TextStyle.Font = font.From(boldFont, 12)
}

// legendEntry is one entry of a legend row.
type legendEntry struct {
	label  string
	line   draw.LineStyle // drawn when Width > 0
	marker color.Color    // a filled circle when non-nil
}

// legendRows lays entries out in centred rows no wider than width and
// returns, per row, the entry indexes.
func legendRows(entries []legendEntry, width vg.Length) [][]int {
	sty := legendTextStyle()
	var rows [][]int
	var cur []int
	var used vg.Length
	for i, e := range entries {
		w := legendEntryWidth(sty, e)
		if len(cur) > 0 && used+w > width {
			rows = append(rows, cur)
			cur, used = nil, 0
		}
		cur = append(cur, i)
		used += w
	}
	if len(cur) > 0 {
		rows = append(rows, cur)
	}
	return rows
}

func legendTextStyle() text.Style {
	return textStyle(sansFont, 9, color.Black, draw.XLeft, draw.YCenter)
}

const (
	legendSample = vg.Length(18) // points of line sample
	legendGap    = vg.Length(14) // points between entries
)

func legendEntryWidth(sty text.Style, e legendEntry) vg.Length {
	return legendSample + 4 + textWidth(sty, e.label) + legendGap
}

// drawLegend draws entries as centred rows at the top of c and returns c
// without the space used. No entries use no space.
func drawLegend(c draw.Canvas, entries []legendEntry) draw.Canvas {
	if len(entries) == 0 {
		return c
	}
	sty := legendTextStyle()
	rowH := sty.Rectangle("Xg").Size().Y + vg.Points(3)
	rows := legendRows(entries, c.Max.X-c.Min.X)
	y := c.Max.Y - rowH/2
	for _, row := range rows {
		var total vg.Length
		for _, i := range row {
			total += legendEntryWidth(sty, entries[i])
		}
		total -= legendGap
		x := c.Center().X - total/2
		for _, i := range row {
			e := entries[i]
			if e.line.Width > 0 {
				c.StrokeLine2(e.line, x, y, x+legendSample, y)
			}
			if e.marker != nil {
				c.DrawGlyph(draw.GlyphStyle{Color: e.marker, Radius: vg.Points(2.5), Shape: draw.CircleGlyph{}}, vg.Point{X: x + legendSample/2, Y: y})
			}
			c.FillText(sty, vg.Point{X: x + legendSample + 4, Y: y}, e.label)
			x += legendEntryWidth(sty, e)
		}
		y -= rowH
	}
	return draw.Crop(c, 0, 0, 0, -(rowH*vg.Length(len(rows)) + vg.Points(4)))
}

// labelPlacer places short labels next to anchor points so that they do not
// overlap each other, trying a fixed sequence of offsets (deterministic).
type labelPlacer struct {
	placed []vg.Rectangle
	bounds vg.Rectangle
}

// place returns the position and alignment of a label of the given size
// next to anchor pt, and reserves its box. Candidates are tried in a fixed
// order, near the anchor first; the first one that stays inside the bounds
// and overlaps nothing placed so far wins, else the one overlapping least.
func (lp *labelPlacer) place(pt vg.Point, size vg.Point, gap vg.Length) (vg.Point, text.XAlignment, text.YAlignment) {
	type cand struct {
		dx, dy float64 // direction of the offset
		xa     text.XAlignment
		ya     text.YAlignment
	}
	cands := []cand{
		{1, 1, draw.XLeft, draw.YBottom},
		{-1, 1, draw.XRight, draw.YBottom},
		{1, -1, draw.XLeft, draw.YTop},
		{-1, -1, draw.XRight, draw.YTop},
		{1, 0, draw.XLeft, draw.YCenter},
		{-1, 0, draw.XRight, draw.YCenter},
		{0, 1, draw.XCenter, draw.YBottom},
		{0, -1, draw.XCenter, draw.YTop},
	}
	var (
		bestRect vg.Rectangle
		bestPt   vg.Point
		bestCand cand
		bestCost = math.Inf(1)
	)
	for _, scale := range []vg.Length{1, 3} {
		for _, cd := range cands {
			p := vg.Point{X: pt.X + vg.Length(cd.dx)*gap*scale, Y: pt.Y + vg.Length(cd.dy)*gap*scale}
			min := vg.Point{X: p.X + vg.Length(cd.xa)*size.X, Y: p.Y + vg.Length(cd.ya)*size.Y}
			r := vg.Rectangle{Min: min, Max: vg.Point{X: min.X + size.X, Y: min.Y + size.Y}}
			cost := lp.overlap(r)
			if !lp.inside(r) {
				cost += float64(size.X * size.Y) // as bad as covering a label
			}
			if cost < bestCost {
				bestRect, bestPt, bestCand, bestCost = r, p, cd, cost
			}
			if cost == 0 {
				lp.placed = append(lp.placed, bestRect)
				return bestPt, bestCand.xa, bestCand.ya
			}
		}
	}
	lp.placed = append(lp.placed, bestRect)
	return bestPt, bestCand.xa, bestCand.ya
}

func (lp *labelPlacer) inside(r vg.Rectangle) bool {
	b := lp.bounds
	if b.Size().X <= 0 {
		return true
	}
	return r.Min.X >= b.Min.X && r.Max.X <= b.Max.X && r.Min.Y >= b.Min.Y && r.Max.Y <= b.Max.Y
}

// overlap returns the total area (square points) by which r overlaps the
// boxes placed so far.
func (lp *labelPlacer) overlap(r vg.Rectangle) float64 {
	var sum float64
	for _, q := range lp.placed {
		w := min(r.Max.X, q.Max.X) - max(r.Min.X, q.Min.X)
		h := min(r.Max.Y, q.Max.Y) - max(r.Min.Y, q.Min.Y)
		if w > 0 && h > 0 {
			sum += float64(w * h)
		}
	}
	return sum
}

// reserve marks a box as occupied (for example a marker).
func (lp *labelPlacer) reserve(r vg.Rectangle) { lp.placed = append(lp.placed, r) }

// finite reports whether v is neither NaN nor infinite.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// niceTicks returns labelled ticks at multiples of the smallest step of 1,
// 2, 2.5 or 5 times a power of ten that gives at most maxN intervals over
// [min, max], with unlabelled minor ticks half-way (except for 2.5 steps).
// Labels have just the decimals the step needs ("0", "2", "2.5", "0.25").
func niceTicks(min, max float64, maxN int) []gplot.Tick {
	if !(max > min) || !finite(min) || !finite(max) {
		return nil
	}
	span := max - min
	e := math.Pow(10, math.Floor(math.Log10(span/float64(maxN))))
	step := 10 * e
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if span/(m*e) <= float64(maxN)*(1+1e-9) {
			step = m * e
			break
		}
	}
	dec := 0
	if d := -math.Floor(math.Log10(step) + 1e-9); d > 0 {
		dec = int(d)
	}
	if m := step / math.Pow(10, math.Floor(math.Log10(step)+1e-9)); math.Abs(m-2.5) < 1e-9 {
		dec++
	}
	minor := step / 2
	if math.Abs(step/math.Pow(10, math.Floor(math.Log10(step)+1e-9))-2.5) < 1e-9 {
		minor = 0
	}
	var ticks []gplot.Tick
	for k := math.Ceil(min/step - 1e-9); k*step <= max+step*1e-9; k++ { // tolerance relative to the step: max may be negative
		v := k * step
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		ticks = append(ticks, gplot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', dec, 64)})
		if minor > 0 && v+minor <= max {
			ticks = append(ticks, gplot.Tick{Value: v + minor})
		}
	}
	if minor > 0 && len(ticks) > 0 && ticks[0].Value-minor >= min {
		ticks = append([]gplot.Tick{{Value: ticks[0].Value - minor}}, ticks...)
	}
	return ticks
}
