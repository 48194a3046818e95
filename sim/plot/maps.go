package plot

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"strconv"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/gnssim/gnssim/ephemeris"
)

// GridData is a quantity on a latitude/longitude grid, for CoverageMap. It
// implements gonum's plotter.GridXYZ over its slices without copying them,
// with columns along longitude and rows along latitude.
type GridData struct {
	// NLat and NLon are the numbers of rows (latitudes) and columns
	// (longitudes).
	NLat, NLon int
	// LatDeg and LonDeg are the cell centres in degrees, strictly
	// ascending, with latitudes in [-90, 90] and longitudes in [-180, 360]
	// spanning less than 360°. Longitudes are continuous across the
	// antimeridian as in sim.GridSpec: a grid from 100°E to 100°W has
	// centres running from 101 to 259, not wrapped to ±180.
	LatDeg, LonDeg []float64
	// Values holds NLat×NLon values row by row, latitude ascending:
	// Values[i*NLon+j] is at (LatDeg[i], LonDeg[j]). NaN means no data and
	// is drawn in neutral grey; infinite values are rejected.
	Values []float64
}

var _ plotter.GridXYZ = GridData{}

// Dims returns the numbers of columns (longitudes) and rows (latitudes).
func (g GridData) Dims() (c, r int) { return g.NLon, g.NLat }

// Z returns the value at column c (longitude) and row r (latitude).
func (g GridData) Z(c, r int) float64 { return g.Values[r*g.NLon+c] }

// X returns the longitude of column c in degrees.
func (g GridData) X(c int) float64 { return g.LonDeg[c] }

// Y returns the latitude of row r in degrees.
func (g GridData) Y(r int) float64 { return g.LatDeg[r] }

func (g GridData) validate() error {
	if g.NLat <= 0 || g.NLon <= 0 {
		return fmt.Errorf("grid of %d×%d cells: %w", g.NLat, g.NLon, ErrNoData)
	}
	if len(g.LatDeg) != g.NLat || len(g.LonDeg) != g.NLon {
		return fmt.Errorf("grid of %d latitudes × %d longitudes has %d latitude and %d longitude centres", g.NLat, g.NLon, len(g.LatDeg), len(g.LonDeg))
	}
	if len(g.Values) != g.NLat*g.NLon {
		return fmt.Errorf("grid of %d×%d cells has %d values, want %d", g.NLat, g.NLon, len(g.Values), g.NLat*g.NLon)
	}
	for _, ax := range []struct {
		name     string
		v        []float64
		min, max float64
	}{{"latitude", g.LatDeg, -90, 90}, {"longitude", g.LonDeg, -180, 360}} {
		for k, v := range ax.v {
			if !finite(v) || v < ax.min || v > ax.max {
				return fmt.Errorf("grid %s %d is %g°: want within [%g°, %g°]", ax.name, k, v, ax.min, ax.max)
			}
			if k > 0 && !(v > ax.v[k-1]) {
				return fmt.Errorf("grid %ss not strictly ascending at index %d (%g° after %g°)", ax.name, k, v, ax.v[k-1])
			}
		}
	}
	if lo, hi := g.LonDeg[0], g.LonDeg[g.NLon-1]; hi-lo >= 360 {
		return fmt.Errorf("grid longitudes run from %g° to %g°: want a span of less than 360° (each place once)", lo, hi)
	}
	for k, v := range g.Values {
		if math.IsInf(v, 0) {
			return fmt.Errorf("grid value at latitude %g°, longitude %g° is infinite", g.LatDeg[k/g.NLon], g.LonDeg[k%g.NLon])
		}
	}
	return nil
}

// cellEdges returns the edges of the cells around centres v: half-way
// between neighbours, and as far outside the end centres as the nearest
// half-spacing (±0.5° for a single centre), clamped to ±limit.
func cellEdges(v []float64, limit float64) []float64 {
	e := make([]float64, len(v)+1)
	if len(v) == 1 {
		e[0], e[1] = v[0]-0.5, v[0]+0.5
	} else {
		for k := 1; k < len(v); k++ {
			e[k] = (v[k-1] + v[k]) / 2
		}
		e[0] = v[0] - (v[1]-v[0])/2
		e[len(v)] = v[len(v)-1] + (v[len(v)-1]-v[len(v)-2])/2
	}
	for k := range e {
		e[k] = math.Max(-limit, math.Min(limit, e[k]))
	}
	return e
}

// lonCellEdges returns the edges of the cells around longitude centres v
// (see cellEdges). Grids within ±180° are clamped to ±180° as on the world
// map. Grids beyond 180° (continuous across the antimeridian) are clamped
// to [-180, 360] and, should their end cells overlap each other around the
// globe, to the meridian half-way between the last centre and the first
// centre plus 360°, so that the edges span at most 360°.
func lonCellEdges(v []float64) []float64 {
	if v[len(v)-1] <= 180 {
		return cellEdges(v, 180)
	}
	e := cellEdges(v, math.Inf(1))
	n := len(v)
	if e[n]-e[0] > 360 {
		mid := (v[n-1] - 360 + v[0]) / 2
		e[0] = math.Max(e[0], mid)
		e[n] = math.Min(e[n], mid+360)
	}
	for k := range e {
		e[k] = math.Max(-180, math.Min(360, e[k]))
	}
	return e
}

// MapOptions controls CoverageMap and GroundTracks. The zero value gives a
// 24×12 cm map of the data (coverage) or of the world (ground tracks).
type MapOptions struct {
	// Title is drawn above the map when not empty.
	Title string
	// Label names the mapped quantity next to the colour bar, e.g. "mean
	// PDOP", "availability %" or "visible satellites" (CoverageMap only).
	Label string
	// Region is the box shown; the zero Region means the extent of the
	// grid's cells for CoverageMap and the whole world for GroundTracks.
	// Data and coastlines outside it are clipped. Longitudes run on
	// continuously across the antimeridian (see Region): on a map from 100
	// to 260, grid cells, coastlines and tracks are drawn at their
	// longitude or that plus or minus 360°, whichever falls on the map, so
	// that a coastline at 170°W appears at 190.
	Region Region
	// ValueMin and ValueMax fix the colour scale (CoverageMap only); values
	// outside take the end colours and the colour bar gets arrow ends. Both
	// zero means the range of the data.
	ValueMin, ValueMax float64
	// ReverseColors reverses the colour map, e.g. so that a low PDOP is
	// bright (CoverageMap only).
	ReverseColors bool
	// NoCoastlines leaves the coastlines out.
	NoCoastlines bool
	// Size is the figure size; zero means DefaultMapSize.
	Size Size
	// DPI is the resolution of PNG output; zero means DefaultDPI.
	DPI int
}

// viridisControls are ten samples of matplotlib's "viridis" colour map (van
// der Walt, Smith and Firing, 2015; public domain/CC0) at 0, 1/9, ..., 1.
// Their CIE L* increases monotonically, as moreland.NewLuminance requires.
var viridisControls = []color.Color{
	color.NRGBA{0x44, 0x01, 0x54, 0xff}, color.NRGBA{0x48, 0x28, 0x78, 0xff},
	color.NRGBA{0x3e, 0x49, 0x89, 0xff}, color.NRGBA{0x31, 0x68, 0x8e, 0xff},
	color.NRGBA{0x26, 0x82, 0x8e, 0xff}, color.NRGBA{0x1f, 0x9e, 0x89, 0xff},
	color.NRGBA{0x35, 0xb7, 0x79, 0xff}, color.NRGBA{0x6e, 0xce, 0x58, 0xff},
	color.NRGBA{0xb5, 0xde, 0x2b, 0xff}, color.NRGBA{0xfd, 0xe7, 0x25, 0xff},
}

// paletteColors is the number of colours the colour map is sampled at.
const paletteColors = 256

// viridis returns the viridis-like colour map as paletteColors colours,
// low to high (or high to low when reversed).
func viridis(reverse bool) ([]color.Color, error) {
	cm, err := moreland.NewLuminance(viridisControls)
	if err != nil {
		return nil, fmt.Errorf("colour map: %w", err)
	}
	cm.SetMin(0)
	cm.SetMax(1)
	if reverse {
		cm = palette.Reverse(cm)
	}
	return cm.Palette(paletteColors).Colors(), nil
}

// CoverageMap draws a gridded quantity as a colour-coded map in the
// equirectangular projection with a viridis-like colour map, a colour bar
// labelled with opt.Label, cells without data in neutral grey and the
// Natural Earth 1:110m coastlines on top. Axes are in degrees with N/S/E/W
// ticks; opt.Region restricts the map to a box.
//
// A grid with no cells is an error wrapping ErrNoData; a grid whose values
// are all NaN is drawn grey with a "no data" note.
func CoverageMap(w io.Writer, f Format, m GridData, opt MapOptions) error {
	if err := m.validate(); err != nil {
		return fmt.Errorf("coverage map: %w", err)
	}
	latE, lonE := cellEdges(m.LatDeg, 90), lonCellEdges(m.LonDeg)
	region := opt.Region
	if region == (Region{}) {
		region = Region{LatMinDeg: latE[0], LatMaxDeg: latE[len(latE)-1], LonMinDeg: lonE[0], LonMaxDeg: lonE[len(lonE)-1]}
	}
	if err := region.validate(); err != nil {
		return fmt.Errorf("coverage map: %w", err)
	}
	shown := valuesInRegion(m, latE, lonE, region)
	vmin, vmax, hasNaN, under, over, err := colourRange(shown, opt.ValueMin, opt.ValueMax)
	if err != nil {
		return fmt.Errorf("coverage map: %w", err)
	}
	colors, err := viridis(opt.ReverseColors)
	if err != nil {
		return fmt.Errorf("coverage map: %w", err)
	}
	coast, err := mapCoastlines(opt, region)
	if err != nil {
		return fmt.Errorf("coverage map: %w", err)
	}
	size, err := opt.Size.resolve(DefaultMapSize)
	if err != nil {
		return fmt.Errorf("coverage map: %w", err)
	}
	err = render(w, f, size, opt.DPI, func(c draw.Canvas) error {
		c = draw.Crop(c, vg.Points(4), -vg.Points(4), vg.Points(4), -vg.Points(2))
		c = drawTitle(c, opt.Title)
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
		return fmt.Errorf("coverage map: %w", err)
	}
	return nil
}

// valuesInRegion returns the values of the cells that overlap the region
// (with a positive area), which set the automatic colour scale. Cells are
// also looked for 360° east and west of their longitude (see wrapOffsets);
// one shown twice, across the edges of a 360° map, is listed twice.
func valuesInRegion(m GridData, latE, lonE []float64, r Region) []float64 {
	var out []float64
	for _, off := range wrapOffsets(lonE[0], lonE[len(lonE)-1], r) {
		for i := range m.NLat {
			if latE[i+1] <= r.LatMinDeg || latE[i] >= r.LatMaxDeg {
				continue
			}
			for j := range m.NLon {
				if lonE[j+1]+off <= r.LonMinDeg || lonE[j]+off >= r.LonMaxDeg {
					continue
				}
				out = append(out, m.Values[i*m.NLon+j])
			}
		}
	}
	return out
}

func allNaN(v []float64) bool {
	for _, x := range v {
		if !math.IsNaN(x) {
			return false
		}
	}
	return true
}

// colourRange returns the colour scale: [lo, hi] when given (not both zero),
// else the range of the finite values (widened by ±0.5 when constant, [0, 1]
// when there are none). It also reports NaN values and values outside the
// scale.
func colourRange(v []float64, lo, hi float64) (vmin, vmax float64, hasNaN, under, over bool, err error) {
	fixed := lo != 0 || hi != 0
	if fixed && !(finite(lo) && finite(hi) && lo < hi) {
		return 0, 0, false, false, false, fmt.Errorf("colour scale [%g, %g]: want finite min < max", lo, hi)
	}
	dmin, dmax := math.Inf(1), math.Inf(-1)
	for _, x := range v {
		if math.IsNaN(x) {
			hasNaN = true
			continue
		}
		dmin, dmax = math.Min(dmin, x), math.Max(dmax, x)
	}
	switch {
	case fixed:
		vmin, vmax = lo, hi
		under, over = dmin < lo, dmax > hi
	case math.IsInf(dmin, 1):
		vmin, vmax = 0, 1
	case dmin == dmax:
		vmin, vmax = dmin-0.5, dmax+0.5
	default:
		vmin, vmax = dmin, dmax
	}
	return vmin, vmax, hasNaN, under, over, nil
}

// mapCoastlines returns the coastlines clipped to the region, or none.
// The coastlines, given within ±180°, are also drawn shifted by ±360°
// where that falls in the region, so that a map from 100 to 260 shows the
// American side of the Pacific east of 180.
func mapCoastlines(opt MapOptions, r Region) ([][]lonLat, error) {
	if opt.NoCoastlines {
		return nil, nil
	}
	all, err := coastlines()
	if err != nil {
		return nil, err
	}
	return shiftedClip(all, r), nil
}

// shiftedClip clips lines with longitudes within ±180° to the region, at
// each of their wrapOffsets.
func shiftedClip(lines [][]lonLat, r Region) [][]lonLat {
	var out [][]lonLat
	for _, off := range wrapOffsets(-180, 180, r) {
		for _, l := range lines {
			if off != 0 {
				s := make([]lonLat, len(l))
				for k, p := range l {
					s[k] = lonLat{p.lon + off, p.lat}
				}
				l = s
			}
			out = append(out, clipPolyline(l, r)...)
		}
	}
	return out
}

// newMapPlot returns an equirectangular plot of the region with degree
// ticks.
func newMapPlot(r Region) *gplot.Plot {
	p := gplot.New()
	styleAxes(p)
	p.X.Min, p.X.Max = r.LonMinDeg, r.LonMaxDeg
	p.Y.Min, p.Y.Max = r.LatMinDeg, r.LatMaxDeg
	p.X.Tick.Marker = gplot.TickerFunc(func(min, max float64) []gplot.Tick { return degreeTicks(min, max, 12, lonLabel) })
	p.Y.Tick.Marker = gplot.TickerFunc(func(min, max float64) []gplot.Tick { return degreeTicks(min, max, 8, latLabel) })
	return p
}

// fitAspect shrinks area so that the plot's data area has the region's
// aspect ratio (one degree of longitude as long as one of latitude), and
// centres the result, together with extra space of width right kept to its
// right, in the original area. It returns the plot area and its data area.
// A region so elongated that the data area would shrink below
// minMapFraction of the available width or height is stretched to that
// fraction instead, so that axes and colour bar stay usable.
func fitAspect(p *gplot.Plot, area draw.Canvas, r Region, right vg.Length) (draw.Canvas, draw.Canvas) {
	const minMapFraction = 0.3
	want := (r.LonMaxDeg - r.LonMinDeg) / (r.LatMaxDeg - r.LatMinDeg)
	full := area
	full.Max.X += right
	d := p.DataCanvas(area)
	w, h := float64(d.Max.X-d.Min.X), float64(d.Max.Y-d.Min.Y)
	if w > 0 && h > 0 {
		// Axis sizes do not depend on the area, so cropping the area crops
		// the data area by the same amount.
		switch {
		case w/h > want:
			area.Max.X -= vg.Length(w - math.Max(want*h, minMapFraction*w))
		case w/h < want:
			area.Min.Y += vg.Length(h - math.Max(w/want, minMapFraction*h))
		}
	}
	// Centre horizontally (with the colour bar) and vertically.
	dx := ((full.Max.X - full.Min.X) - (area.Max.X - area.Min.X + right)) / 2
	dy := ((full.Max.Y - full.Min.Y) - (area.Max.Y - area.Min.Y)) / 2
	area.Min.X += dx
	area.Max.X += dx
	area.Min.Y -= dy
	area.Max.Y -= dy
	return area, p.DataCanvas(area)
}

// degreeSteps are the candidate tick intervals in degrees.
var degreeSteps = []float64{0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10, 15, 30, 45, 60, 90}

// degreeTicks returns ticks at multiples of the smallest step giving at most
// maxN intervals, labelled by label.
func degreeTicks(min, max float64, maxN int, label func(float64) string) []gplot.Tick {
	step := degreeSteps[len(degreeSteps)-1]
	for _, s := range degreeSteps {
		if (max-min)/s <= float64(maxN) {
			step = s
			break
		}
	}
	var ticks []gplot.Tick
	for k := math.Ceil(min/step - 1e-9); k*step <= max+1e-9; k++ {
		v := k * step
		ticks = append(ticks, gplot.Tick{Value: v, Label: label(v)})
	}
	return ticks
}

func degreeString(v float64) string {
	return strconv.FormatFloat(math.Round(math.Abs(v)*1e6)/1e6, 'f', -1, 64) + "°"
}

// lonLabel formats a longitude as the geographic longitude: "0°", "30°E",
// "30°W", "180°". Longitudes beyond ±180° (on maps continuous across the
// antimeridian) are taken modulo 360°: 200 is "160°W", 360 is "0°".
func lonLabel(v float64) string {
	if v > 180 || v < -180 {
		v = math.Remainder(v, 360)
	}
	switch {
	case math.Abs(v) < 1e-9 || math.Abs(math.Abs(v)-180) < 1e-9:
		return degreeString(v)
	case v > 0:
		return degreeString(v) + "E"
	}
	return degreeString(v) + "W"
}

// latLabel formats a latitude: "0°", "30°N", "30°S".
func latLabel(v float64) string {
	switch {
	case math.Abs(v) < 1e-9:
		return "0°"
	case v > 0:
		return degreeString(v) + "N"
	}
	return degreeString(v) + "S"
}

// coastPlotter draws coastlines given in degrees.
type coastPlotter struct {
	lines [][]lonLat
	style draw.LineStyle
}

// Plot implements plot.Plotter.
func (cp coastPlotter) Plot(c draw.Canvas, p *gplot.Plot) {
	tx, ty := p.Transforms(&c)
	for _, l := range cp.lines {
		pts := make([]vg.Point, len(l))
		for k, q := range l {
			pts[k] = vg.Point{X: tx(q.lon), Y: ty(q.lat)}
		}
		c.StrokeLines(cp.style, pts)
	}
}

// cellPlotter draws grid cells as filled rectangles clipped to the region,
// reading the grid through plotter.GridXYZ. Unlike plotter.HeatMap, it
// clips cells that straddle the map edge instead of leaving them out (a
// grid with cell centres at ±90° latitude has such cells), it draws the
// cells also 360° east or west of their longitude where that falls in the
// region (see wrapOffsets), and it merges runs of equal colour along a row
// into one rectangle to keep SVG files small.
type cellPlotter struct {
	grid               plotter.GridXYZ
	latEdges, lonEdges []float64
	region             Region
	colors             []color.Color
	min, max           float64
}

// colorOf maps a value to its colour: NaN is grey, values outside the
// scale take the end colours.
func (cp *cellPlotter) colorOf(v float64) color.Color {
	switch {
	case math.IsNaN(v):
		return noData
	case v <= cp.min:
		return cp.colors[0]
	case v >= cp.max:
		return cp.colors[len(cp.colors)-1]
	}
	return cp.colors[int((v-cp.min)/(cp.max-cp.min)*float64(len(cp.colors)-1)+0.5)]
}

// Plot implements plot.Plotter.
func (cp *cellPlotter) Plot(c draw.Canvas, p *gplot.Plot) {
	tx, ty := p.Transforms(&c)
	cols, rows := cp.grid.Dims()
	r := cp.region
	clampLon := func(v float64) float64 { return math.Max(r.LonMinDeg, math.Min(r.LonMaxDeg, v)) }
	clampLat := func(v float64) float64 { return math.Max(r.LatMinDeg, math.Min(r.LatMaxDeg, v)) }
	// Rectangles overlap their right and upper neighbours by this much so
	// that anti-aliasing leaves no hairline seams between cells.
	const overlap = vg.Length(0.3)
	for _, off := range wrapOffsets(cp.lonEdges[0], cp.lonEdges[len(cp.lonEdges)-1], r) {
		lonE := cp.lonEdges
		if off != 0 {
			lonE = make([]float64, len(cp.lonEdges))
			for k, e := range cp.lonEdges {
				lonE[k] = e + off
			}
		}
		for j := range rows {
			y0, y1 := clampLat(cp.latEdges[j]), clampLat(cp.latEdges[j+1])
			if y1 <= y0 {
				continue
			}
			i := 0
			for i < cols {
				col := cp.colorOf(cp.grid.Z(i, j))
				k := i + 1
				for k < cols && cp.colorOf(cp.grid.Z(k, j)) == col {
					k++
				}
				x0, x1 := clampLon(lonE[i]), clampLon(lonE[k])
				if x1 > x0 {
					X0, X1, Y0, Y1 := tx(x0), tx(x1), ty(y0), ty(y1)
					if x1 < r.LonMaxDeg {
						X1 += overlap
					}
					if y1 < r.LatMaxDeg {
						Y1 += overlap
					}
					c.FillPolygon(col, []vg.Point{{X: X0, Y: Y0}, {X: X1, Y: Y0}, {X: X1, Y: Y1}, {X: X0, Y: Y1}})
				}
				i = k
			}
		}
	}
}

// colourBar is the vertical colour scale drawn right of a map.
type colourBar struct {
	colors      []color.Color
	min, max    float64
	label       string
	noData      bool // add a grey "no data" swatch
	under, over bool // values beyond the scale: arrow ends
}

const (
	cbGap   = vg.Length(14) // between map and bar
	cbWidth = vg.Length(11) // bar width
)

func cbTickStyle() draw.TextStyle {
	return textStyle(sansFont, 9, color.Black, draw.XLeft, draw.YCenter)
}

func (cb colourBar) ticks() []gplot.Tick {
	var out []gplot.Tick
	for _, t := range niceTicks(cb.min, cb.max, 6) {
		if t.Label != "" && t.Value >= cb.min-1e-9*math.Abs(cb.max-cb.min) && t.Value <= cb.max+1e-9*math.Abs(cb.max-cb.min) {
			out = append(out, t)
		}
	}
	return out
}

// width returns the horizontal space the colour bar needs.
func (cb colourBar) width() vg.Length {
	sty := cbTickStyle()
	var lw vg.Length
	for _, t := range cb.ticks() {
		lw = max(lw, textWidth(sty, t.Label))
	}
	if cb.noData {
		lw = max(lw, textWidth(sty, "no data"))
	}
	w := cbGap + cbWidth + 4 + lw + 6
	if cb.label != "" {
		w += textStyle(sansFont, 10, color.Black, draw.XCenter, draw.YTop).Rectangle(cb.label).Size().Y + 4
	}
	return w
}

// draw draws the colour bar right of the map's data area.
func (cb colourBar) draw(c draw.Canvas, data draw.Canvas) {
	x0 := data.Max.X + cbGap
	x1 := x0 + cbWidth
	ybot, ytop := data.Min.Y, data.Max.Y
	if cb.noData { // room for the grey swatch below the bar
		ybot += cbWidth + vg.Points(8)
	}
	arrow := cbWidth * 0.9
	if cb.under {
		ybot += arrow
	}
	if cb.over {
		ytop -= arrow
	}
	n := len(cb.colors)
	h := (ytop - ybot) / vg.Length(n)
	for k, col := range cb.colors {
		y := ybot + vg.Length(k)*h
		top := y + h
		if k < n-1 {
			top += vg.Points(0.3) // overlap to avoid seams
		}
		c.FillPolygon(col, []vg.Point{{X: x0, Y: y}, {X: x1, Y: y}, {X: x1, Y: top}, {X: x0, Y: top}})
	}
	outline := draw.LineStyle{Color: color.Black, Width: vg.Points(0.5)}
	box := []vg.Point{{X: x0, Y: ybot}, {X: x1, Y: ybot}, {X: x1, Y: ytop}, {X: x0, Y: ytop}, {X: x0, Y: ybot}}
	if cb.over {
		tri := []vg.Point{{X: x0, Y: ytop}, {X: x1, Y: ytop}, {X: (x0 + x1) / 2, Y: ytop + arrow}}
		c.FillPolygon(cb.colors[n-1], tri)
		c.StrokeLines(outline, append(tri, tri[0]))
	}
	if cb.under {
		tri := []vg.Point{{X: x0, Y: ybot}, {X: x1, Y: ybot}, {X: (x0 + x1) / 2, Y: ybot - arrow}}
		c.FillPolygon(cb.colors[0], tri)
		c.StrokeLines(outline, append(tri, tri[0]))
	}
	c.StrokeLines(outline, box)
	sty := cbTickStyle()
	var lw vg.Length
	for _, t := range cb.ticks() {
		y := ybot + vg.Length((t.Value-cb.min)/(cb.max-cb.min))*(ytop-ybot)
		c.StrokeLine2(outline, x1, y, x1+3, y)
		c.FillText(sty, vg.Point{X: x1 + 4, Y: y}, t.Label)
		lw = max(lw, textWidth(sty, t.Label))
	}
	if cb.noData {
		y := data.Min.Y
		c.FillPolygon(noData, []vg.Point{{X: x0, Y: y}, {X: x1, Y: y}, {X: x1, Y: y + cbWidth}, {X: x0, Y: y + cbWidth}})
		c.StrokeLines(outline, []vg.Point{{X: x0, Y: y}, {X: x1, Y: y}, {X: x1, Y: y + cbWidth}, {X: x0, Y: y + cbWidth}, {X: x0, Y: y}})
		c.FillText(sty, vg.Point{X: x1 + 4, Y: y + cbWidth/2}, "no data")
		lw = max(lw, textWidth(sty, "no data"))
	}
	if cb.label != "" {
		ls := textStyle(sansFont, 10, color.Black, draw.XCenter, draw.YTop)
		ls.Rotation = math.Pi / 2
		c.FillText(ls, vg.Point{X: x1 + 4 + lw + 6, Y: (ybot + ytop) / 2}, cb.label)
	}
}

// GroundTrack is the sub-satellite path of one satellite, for GroundTracks.
type GroundTrack struct {
	// Label names the satellite, e.g. "C19"; it is written at the last
	// point.
	Label string
	// System selects the colour and the legend entry.
	System ephemeris.System
	// LatDeg and LonDeg are geodetic latitude and east-positive longitude in
	// degrees at successive epochs, of equal length. Longitudes may take
	// any finite value: they are wrapped into the map's continuous range
	// [LonMinDeg, LonMinDeg+360°) of the region, [-180°, 180°) for the
	// world map. A NaN in either breaks the track.
	LatDeg, LonDeg []float64
}

// GroundTracks draws satellite ground tracks on the equirectangular world
// map with coastlines, coloured by system with a legend and labelled at
// their last point, which is marked by a dot. Tracks are broken where they
// cross the edge of the map's continuous longitude range (the antimeridian
// on the world map; the meridian LonMinDeg of a region such as 100 to 260
// that runs across the antimeridian), so that no line runs across the
// map, and at NaN points. opt.Region restricts the map to a box (Label,
// ValueMin, ValueMax and ReverseColors are ignored).
//
// An empty tracks slice is an error wrapping ErrNoData; tracks without any
// valid point give an empty map with a "no data" note.
func GroundTracks(w io.Writer, f Format, tracks []GroundTrack, opt MapOptions) error {
	if len(tracks) == 0 {
		return fmt.Errorf("ground tracks: no tracks: %w", ErrNoData)
	}
	for i, t := range tracks {
		name := t.Label
		if name == "" {
			name = "#" + strconv.Itoa(i)
		}
		if len(t.LatDeg) != len(t.LonDeg) {
			return fmt.Errorf("ground tracks: track %s: %d latitudes but %d longitudes", name, len(t.LatDeg), len(t.LonDeg))
		}
		for k := range t.LatDeg {
			lat, lon := t.LatDeg[k], t.LonDeg[k]
			if math.IsInf(lat, 0) || math.IsInf(lon, 0) || math.Abs(lat) > 90 {
				return fmt.Errorf("ground tracks: track %s, point %d: latitude %g°, longitude %g°: want |latitude| ≤ 90° and finite values", name, k, lat, lon)
			}
		}
	}
	region := opt.Region
	if region == (Region{}) {
		region = World
	}
	if err := region.validate(); err != nil {
		return fmt.Errorf("ground tracks: %w", err)
	}
	coast, err := mapCoastlines(opt, region)
	if err != nil {
		return fmt.Errorf("ground tracks: %w", err)
	}
	size, err := opt.Size.resolve(DefaultMapSize)
	if err != nil {
		return fmt.Errorf("ground tracks: %w", err)
	}
	err = render(w, f, size, opt.DPI, func(c draw.Canvas) error {
		c = draw.Crop(c, vg.Points(4), -vg.Points(12), vg.Points(4), -vg.Points(2))
		c = drawTitle(c, opt.Title)
		var entries []legendEntry
		for _, s := range systemsPresent(len(tracks), func(i int) ephemeris.System { return tracks[i].System }) {
			entries = append(entries, legendEntry{label: systemTitle(s), line: draw.LineStyle{Color: SystemColor(s), Width: vg.Points(1.2)}, marker: SystemColor(s)})
		}
		c = drawLegend(c, entries)
		p := newMapPlot(region)
		grat := plotter.NewGrid()
		grat.Vertical = draw.LineStyle{Color: color.NRGBA{0xdd, 0xdd, 0xdd, 0xff}, Width: vg.Points(0.4)}
		grat.Horizontal = grat.Vertical
		p.Add(grat)
		if !opt.NoCoastlines {
			p.Add(coastPlotter{lines: coast, style: draw.LineStyle{Color: color.NRGBA{0x80, 0x80, 0x80, 0xff}, Width: vg.Points(0.6)}})
		}
		tp := &trackPlotter{tracks: tracks, region: region}
		p.Add(tp)
		if !tp.anyPoint() {
			p.Add(noteText("no data"))
		}
		area, _ := fitAspect(p, c, region, 0)
		p.Draw(area)
		return nil
	})
	if err != nil {
		return fmt.Errorf("ground tracks: %w", err)
	}
	return nil
}

// wrapLon wraps a longitude in degrees to [-180, 180).
func wrapLon(lon float64) float64 { return unwrapLon(lon, -180) }

// unwrapLon wraps a longitude in degrees into the continuous range [lo,
// lo+360).
func unwrapLon(lon, lo float64) float64 {
	l := math.Mod(lon-lo, 360)
	if l < 0 {
		l += 360
	}
	return lo + l
}

// trackPieces splits a ground track at NaN points and where it crosses
// the edge of the continuous longitude range [lo, lo+360) (see
// splitWrapped), with longitudes wrapped into that range; lo is -180 for
// the world map.
func trackPieces(lat, lon []float64, lo float64) [][]lonLat {
	var out [][]lonLat
	var cur []lonLat
	for k := range lat {
		if math.IsNaN(lat[k]) || math.IsNaN(lon[k]) {
			if len(cur) > 0 {
				out = append(out, splitWrapped(cur, lo)...)
			}
			cur = nil
			continue
		}
		cur = append(cur, lonLat{unwrapLon(lon[k], lo), lat[k]})
	}
	if len(cur) > 0 {
		out = append(out, splitWrapped(cur, lo)...)
	}
	return out
}

// trackPlotter draws ground tracks clipped to the region, then an end
// marker and label for each.
type trackPlotter struct {
	tracks []GroundTrack
	region Region
}

func (tp *trackPlotter) anyPoint() bool {
	for _, t := range tp.tracks {
		for k := range t.LatDeg {
			if !math.IsNaN(t.LatDeg[k]) && !math.IsNaN(t.LonDeg[k]) {
				return true
			}
		}
	}
	return false
}

// Plot implements plot.Plotter.
func (tp *trackPlotter) Plot(c draw.Canvas, p *gplot.Plot) {
	tx, ty := p.Transforms(&c)
	type end struct {
		p   vg.Point
		col color.Color
		lbl string
	}
	var ends []end
	for _, t := range tp.tracks {
		col := SystemColor(t.System)
		sty := draw.LineStyle{Color: col, Width: vg.Points(0.9)}
		pieces := trackPieces(t.LatDeg, t.LonDeg, tp.region.LonMinDeg)
		for _, piece := range pieces {
			for _, q := range clipPolyline(piece, tp.region) {
				pts := make([]vg.Point, len(q))
				for k, v := range q {
					pts[k] = vg.Point{X: tx(v.lon), Y: ty(v.lat)}
				}
				if len(pts) == 1 {
					c.DrawGlyph(draw.GlyphStyle{Color: col, Radius: vg.Points(0.8), Shape: draw.CircleGlyph{}}, pts[0])
					continue
				}
				c.StrokeLines(sty, pts)
			}
		}
		if len(pieces) > 0 {
			last := pieces[len(pieces)-1]
			q := last[len(last)-1]
			r := tp.region
			if q.lon >= r.LonMinDeg && q.lon <= r.LonMaxDeg && q.lat >= r.LatMinDeg && q.lat <= r.LatMaxDeg {
				ends = append(ends, end{vg.Point{X: tx(q.lon), Y: ty(q.lat)}, col, t.Label})
			}
		}
	}
	lp := labelPlacer{bounds: c.Rectangle}
	mr := vg.Points(1.8)
	for _, e := range ends {
		lp.reserve(vg.Rectangle{Min: vg.Point{X: e.p.X - mr, Y: e.p.Y - mr}, Max: vg.Point{X: e.p.X + mr, Y: e.p.Y + mr}})
	}
	tsty := textStyle(sansFont, 7, color.Black, draw.XLeft, draw.YBottom)
	for _, e := range ends {
		c.DrawGlyph(draw.GlyphStyle{Color: e.col, Radius: mr, Shape: draw.CircleGlyph{}}, e.p)
		if e.lbl == "" {
			continue
		}
		pt, xa, ya := lp.place(e.p, tsty.Rectangle(e.lbl).Size(), vg.Points(2))
		s := tsty
		s.Color = darken(e.col)
		s.XAlign, s.YAlign = xa, ya
		c.FillText(s, pt, e.lbl)
	}
}
