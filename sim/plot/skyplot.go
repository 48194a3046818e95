package plot

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"strconv"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/gnssim/gnssim/ephemeris"
)

// SkyTrack is the path of one satellite across the sky of a receiver.
type SkyTrack struct {
	// Label names the satellite in the figure, e.g. "R07" or "C19".
	Label string
	// System selects the colour and the legend entry.
	System ephemeris.System
	// AzDeg and ElDeg are azimuth (degrees clockwise from north) and
	// elevation (degrees above the horizon) at successive epochs, of equal
	// length. A NaN or negative elevation means not visible: the track is
	// broken there. Elevation must not exceed 90°; azimuth may take any
	// finite value (it is taken modulo 360°) and may be NaN only where the
	// satellite is not visible.
	AzDeg, ElDeg []float64
}

// SkyPlotOptions controls SkyPlot. The zero value gives a 16×16 cm figure
// without title or mask.
type SkyPlotOptions struct {
	// Title is drawn above the plot when not empty.
	Title string
	// ElevationMaskDeg is a constant elevation mask in degrees, drawn as a
	// dashed ring with the sky below it shaded; 0 draws none. It must be in
	// [0, 90).
	ElevationMaskDeg float64
	// MaskAzDeg and MaskElDeg describe an azimuth-dependent mask (for
	// example terrain) as a closed curve through (azimuth, elevation)
	// points in degrees, in the order given, elevation interpolated
	// linearly in azimuth between them. Lengths must match; elevations must
	// be in [0, 90). It cannot be used together with ElevationMaskDeg.
	MaskAzDeg, MaskElDeg []float64
	// Size is the figure size; zero means DefaultSkyPlotSize.
	Size Size
	// DPI is the resolution of PNG output; zero means DefaultDPI.
	DPI int
}

// SkyPlot draws satellite tracks on a polar azimuth/elevation grid, north
// up and azimuth clockwise (east to the right), as seen looking up from the
// receiver with the horizon at the rim. Elevation rings are drawn at 0°,
// 15°, ..., 75° and azimuth spokes every 30°. Each system has its own
// colour (SystemColor) and legend entry; each track is labelled at its last
// visible point, which is marked by a dot. There is no limit on the number
// of tracks; labels are placed so as not to overlap where possible.
//
// An empty tracks slice is an error wrapping ErrNoData; tracks that are
// never visible give an empty sky with a "no satellite visible" note.
func SkyPlot(w io.Writer, f Format, tracks []SkyTrack, opt SkyPlotOptions) error {
	if err := checkSkyInput(tracks, opt); err != nil {
		return fmt.Errorf("sky plot: %w", err)
	}
	size, err := opt.Size.resolve(DefaultSkyPlotSize)
	if err != nil {
		return fmt.Errorf("sky plot: %w", err)
	}
	err = render(w, f, size, opt.DPI, func(c draw.Canvas) error {
		drawSkyPlot(c, tracks, opt)
		return nil
	})
	if err != nil {
		return fmt.Errorf("sky plot: %w", err)
	}
	return nil
}

func checkSkyInput(tracks []SkyTrack, opt SkyPlotOptions) error {
	if len(tracks) == 0 {
		return fmt.Errorf("no tracks: %w", ErrNoData)
	}
	for i, t := range tracks {
		name := t.Label
		if name == "" {
			name = "#" + strconv.Itoa(i)
		}
		if len(t.AzDeg) != len(t.ElDeg) {
			return fmt.Errorf("track %s: %d azimuths but %d elevations", name, len(t.AzDeg), len(t.ElDeg))
		}
		for k, el := range t.ElDeg {
			az := t.AzDeg[k]
			switch {
			case math.IsInf(el, 0) || el > 90:
				return fmt.Errorf("track %s, point %d: elevation %g° outside [-90°, 90°]", name, k, el)
			case math.IsInf(az, 0):
				return fmt.Errorf("track %s, point %d: azimuth %g° is infinite", name, k, az)
			case math.IsNaN(az) && el >= 0:
				return fmt.Errorf("track %s, point %d: azimuth NaN at elevation %g°", name, k, el)
			}
		}
	}
	if m := opt.ElevationMaskDeg; !(m >= 0 && m < 90) {
		return fmt.Errorf("elevation mask %g°: want 0 ≤ mask < 90°", m)
	}
	if len(opt.MaskAzDeg) != len(opt.MaskElDeg) {
		return fmt.Errorf("mask curve: %d azimuths but %d elevations", len(opt.MaskAzDeg), len(opt.MaskElDeg))
	}
	if len(opt.MaskAzDeg) > 0 {
		if opt.ElevationMaskDeg != 0 {
			return fmt.Errorf("give either an elevation mask (%g°) or a mask curve, not both", opt.ElevationMaskDeg)
		}
		if len(opt.MaskAzDeg) < 2 {
			return fmt.Errorf("mask curve has %d point: need at least 2", len(opt.MaskAzDeg))
		}
		for k := range opt.MaskAzDeg {
			az, el := opt.MaskAzDeg[k], opt.MaskElDeg[k]
			if !finite(az) || !(el >= 0 && el < 90) {
				return fmt.Errorf("mask curve point %d: azimuth %g°, elevation %g°: want a finite azimuth and 0 ≤ elevation < 90°", k, az, el)
			}
		}
	}
	return nil
}

// skyXY maps azimuth and elevation (degrees) to unit-disc coordinates:
// zenith at (0, 0), horizon on the unit circle, north at (0, 1) and east at
// (1, 0). The radius is linear in zenith angle.
func skyXY(azDeg, elDeg float64) (x, y float64) {
	r := (90 - elDeg) / 90
	s, c := math.Sincos(azDeg * math.Pi / 180)
	return r * s, r * c
}

// visibleRuns splits a track into runs of consecutive visible points
// (elevation ≥ 0, not NaN); each run is returned as index bounds [start,
// end).
func visibleRuns(el []float64) [][2]int {
	var runs [][2]int
	start := -1
	for k, e := range el {
		vis := e >= 0 // false for NaN
		switch {
		case vis && start < 0:
			start = k
		case !vis && start >= 0:
			runs = append(runs, [2]int{start, k})
			start = -1
		}
	}
	if start >= 0 {
		runs = append(runs, [2]int{start, len(el)})
	}
	return runs
}

// systemsPresent lists the systems of the items in the fixed order of
// ephemeris.Systems, unknown last.
func systemsPresent(n int, sys func(i int) ephemeris.System) []ephemeris.System {
	seen := map[ephemeris.System]bool{}
	for i := range n {
		seen[sys(i)] = true
	}
	var out []ephemeris.System
	for _, s := range ephemeris.Systems {
		if seen[s] {
			out = append(out, s)
			delete(seen, s)
		}
	}
	if len(seen) > 0 {
		out = append(out, ephemeris.SystemUnknown)
	}
	return out
}

func drawSkyPlot(c draw.Canvas, tracks []SkyTrack, opt SkyPlotOptions) {
	c = draw.Crop(c, vg.Points(6), -vg.Points(6), vg.Points(6), -vg.Points(2))
	c = drawTitle(c, opt.Title)
	var entries []legendEntry
	for _, s := range systemsPresent(len(tracks), func(i int) ephemeris.System { return tracks[i].System }) {
		entries = append(entries, legendEntry{label: systemTitle(s), line: draw.LineStyle{Color: SystemColor(s), Width: vg.Points(1.2)}, marker: SystemColor(s)})
	}
	c = drawLegend(c, entries)

	// The sky disc: leave room outside the horizon for the azimuth labels.
	labelSty := textStyle(sansFont, 10, color.Black, draw.XCenter, draw.YCenter)
	margin := textWidth(labelSty, "300°") + vg.Points(6)
	side := min(c.Max.X-c.Min.X, c.Max.Y-c.Min.Y)
	R := side/2 - margin
	ctr := c.Center()
	pt := func(az, el float64) vg.Point {
		x, y := skyXY(az, el)
		return vg.Point{X: ctr.X + vg.Length(x)*R, Y: ctr.Y + vg.Length(y)*R}
	}

	// Mask: shade the sky between the mask and the horizon.
	drawSkyMask(c, opt, pt, R, ctr)

	// Grid.
	grid := draw.LineStyle{Color: gridGrey, Width: vg.Points(0.5)}
	ringSty := textStyle(sansFont, 7.5, darkGrey, draw.XLeft, draw.YTop)
	for _, el := range []float64{75, 60, 45, 30, 15, 0} {
		r := R * vg.Length((90-el)/90)
		var p vg.Path
		p.Move(vg.Point{X: ctr.X + r, Y: ctr.Y})
		p.Arc(ctr, r, 0, 2*math.Pi)
		p.Close()
		sty := grid
		if el == 0 {
			sty = draw.LineStyle{Color: color.Black, Width: vg.Points(0.8)}
		}
		c.SetLineStyle(sty)
		c.Stroke(p)
	}
	for az := 0.0; az < 360; az += 30 {
		c.StrokeLines(grid, []vg.Point{ctr, pt(az, 0)})
	}
	// Fixed labels reserve their boxes so that satellite labels avoid them.
	lp := labelPlacer{bounds: c.Rectangle}
	fill := func(sty draw.TextStyle, p vg.Point, s string) {
		c.FillText(sty, p, s)
		r := sty.Rectangle(s)
		lp.reserve(vg.Rectangle{Min: vg.Point{X: p.X + r.Min.X, Y: p.Y + r.Min.Y}, Max: vg.Point{X: p.X + r.Max.X, Y: p.Y + r.Max.Y}})
	}
	for _, el := range []float64{75, 60, 45, 30, 15, 0} {
		// Ring labels just east of the north spoke, inside (below) the ring.
		p := pt(0, el)
		fill(ringSty, vg.Point{X: p.X + vg.Points(2), Y: p.Y - vg.Points(1)}, strconv.Itoa(int(el))+"°")
	}
	for az := 0; az < 360; az += 30 {
		x, y := skyXY(float64(az), 0)
		off := vg.Points(4)
		p := vg.Point{X: ctr.X + vg.Length(x)*(R+off), Y: ctr.Y + vg.Length(y)*(R+off)}
		s := strconv.Itoa(az) + "°"
		sty := labelSty
		switch az {
		case 0:
			s = "N"
		case 90:
			s = "E"
		case 180:
			s = "S"
		case 270:
			s = "W"
		}
		if az%90 == 0 {
			sty.Font = boldFont
			sty.Font.Size = 11
		}
		// Align the label box away from the circle.
		sty.XAlign = draw.XAlignment(-0.5 + 0.5*x)
		sty.YAlign = draw.YAlignment(-0.5 + 0.5*y)
		fill(sty, p, s)
	}

	// Tracks, then end markers and labels on top of every track.
	visibleAny := false
	type end struct {
		p   vg.Point
		col color.Color
		lbl string
	}
	var ends []end
	for _, t := range tracks {
		col := SystemColor(t.System)
		sty := draw.LineStyle{Color: col, Width: vg.Points(1)}
		runs := visibleRuns(t.ElDeg)
		for _, r := range runs {
			line := make([]vg.Point, 0, r[1]-r[0])
			for k := r[0]; k < r[1]; k++ {
				line = append(line, pt(t.AzDeg[k], t.ElDeg[k]))
			}
			if len(line) == 1 {
				c.DrawGlyph(draw.GlyphStyle{Color: col, Radius: vg.Points(0.6), Shape: draw.CircleGlyph{}}, line[0])
			} else {
				c.StrokeLines(sty, line)
			}
		}
		if len(runs) > 0 {
			visibleAny = true
			k := runs[len(runs)-1][1] - 1
			ends = append(ends, end{pt(t.AzDeg[k], t.ElDeg[k]), col, t.Label})
		}
	}
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
		r := tsty.Rectangle(e.lbl)
		p, xa, ya := lp.place(e.p, r.Size(), vg.Points(2))
		s := tsty
		s.Color = darken(e.col)
		s.XAlign, s.YAlign = xa, ya
		c.FillText(s, p, e.lbl)
	}
	if !visibleAny {
		note := textStyle(sansFont, 11, darkGrey, draw.XCenter, draw.YCenter)
		c.FillText(note, vg.Point{X: ctr.X, Y: ctr.Y - R/3}, "no satellite visible")
	}
}

func drawSkyMask(c draw.Canvas, opt SkyPlotOptions, pt func(az, el float64) vg.Point, R vg.Length, ctr vg.Point) {
	shade := color.NRGBA{R: 0xe8, G: 0xe8, B: 0xe8, A: 0xff}
	edge := draw.LineStyle{Color: darkGrey, Width: vg.Points(0.8), Dashes: []vg.Length{vg.Points(3), vg.Points(2)}}
	var curve []vg.Point
	switch {
	case opt.ElevationMaskDeg > 0:
		for az := 0; az <= 360; az += 2 {
			curve = append(curve, pt(float64(az), opt.ElevationMaskDeg))
		}
	case len(opt.MaskAzDeg) > 0:
		for _, q := range densifyMask(opt.MaskAzDeg, opt.MaskElDeg, 1) {
			curve = append(curve, pt(q[0], q[1]))
		}
	default:
		return
	}
	// The shaded region lies between the mask curve and the horizon: one
	// polygon runs along the curve and back along the curve's radial
	// projection on the horizon (a ring cut along one radius), so it has no
	// seams and needs no even-odd fill rule.
	poly := make([]vg.Point, 0, 2*len(curve))
	poly = append(poly, curve...)
	for k := len(curve) - 1; k >= 0; k-- {
		poly = append(poly, rimPoint(curve[k], ctr, R))
	}
	c.FillPolygon(shade, poly)
	c.StrokeLines(edge, curve)
}

// rimPoint projects p radially from ctr onto the circle of radius R; the
// centre itself maps to north.
func rimPoint(p, ctr vg.Point, R vg.Length) vg.Point {
	dx, dy := float64(p.X-ctr.X), float64(p.Y-ctr.Y)
	d := math.Hypot(dx, dy)
	if d == 0 {
		return vg.Point{X: ctr.X, Y: ctr.Y + R}
	}
	return vg.Point{X: ctr.X + vg.Length(dx/d)*R, Y: ctr.Y + vg.Length(dy/d)*R}
}

// darken returns c at 75 % brightness, so that label text in a system's
// colour stays readable on white.
func darken(c color.Color) color.Color {
	r, g, b, a := c.RGBA()
	return color.RGBA64{R: uint16(r * 3 / 4), G: uint16(g * 3 / 4), B: uint16(b * 3 / 4), A: uint16(a)}
}

// densifyMask returns the closed mask curve through the (azimuth,
// elevation) points in degrees, in the order given and back to the first,
// with elevation interpolated linearly in azimuth at steps of at most
// stepDeg. Each leg goes the shorter way round (a leg of exactly 180° goes
// clockwise).
func densifyMask(az, el []float64, stepDeg float64) [][2]float64 {
	var out [][2]float64
	n := len(az)
	for k := range n {
		a0, e0 := az[k], el[k]
		a1, e1 := az[(k+1)%n], el[(k+1)%n]
		d := math.Mod(a1-a0, 360)
		switch {
		case d > 180:
			d -= 360
		case d <= -180:
			d += 360
		}
		m := max(1, int(math.Ceil(math.Abs(d)/stepDeg)))
		for j := range m {
			f := float64(j) / float64(m)
			out = append(out, [2]float64{a0 + f*d, e0 + f*(e1-e0)})
		}
	}
	return append(out, out[0])
}
