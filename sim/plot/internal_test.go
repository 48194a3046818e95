package plot

import (
	"crypto/sha256"
	"encoding/hex"
	"image/color"
	"math"
	"reflect"
	"testing"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/gnssim/gnssim/ephemeris"
)

// exact comparisons below are of values computed with a handful of
// floating-point operations; tol allows for their rounding.
const tol = 1e-12

func near(a, b float64) bool { return math.Abs(a-b) <= tol*math.Max(1, math.Abs(b)) }

func TestSkyXY(t *testing.T) {
	// The projection: radius (90°-el)/90°, north up, east right.
	tests := []struct{ az, el, x, y float64 }{
		{0, 90, 0, 0},          // zenith at the centre
		{123, 90, 0, 0},        // zenith for any azimuth
		{0, 0, 0, 1},           // north horizon at the top
		{90, 0, 1, 0},          // east horizon at the right
		{180, 45, 0, -0.5},     // south, half way
		{270, 30, -2.0 / 3, 0}, // west, r = 60/90
		{45, 0, math.Sqrt2 / 2, math.Sqrt2 / 2},
		{-90, 0, -1, 0},       // azimuth modulo 360
		{450, 60, 1.0 / 3, 0}, // azimuth modulo 360
	}
	for _, tt := range tests {
		x, y := skyXY(tt.az, tt.el)
		if !near(x, tt.x) || !near(y, tt.y) {
			t.Errorf("skyXY(%g, %g) = (%g, %g), want (%g, %g)", tt.az, tt.el, x, y, tt.x, tt.y)
		}
	}
}

func TestRuns(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name string
		v    []float64
		vis  [][2]int // visibleRuns
		fin  [][2]int // finiteRuns
	}{
		{"empty", nil, nil, nil},
		{"all NaN", []float64{nan, nan}, nil, nil},
		{"all visible", []float64{1, 2, 3}, [][2]int{{0, 3}}, [][2]int{{0, 3}}},
		{"gaps", []float64{nan, 5, 6, nan, 7, nan, 8, 9}, [][2]int{{1, 3}, {4, 5}, {6, 8}}, [][2]int{{1, 3}, {4, 5}, {6, 8}}},
		{"below horizon", []float64{-1, 0, 10, -0.5, 3}, [][2]int{{1, 3}, {4, 5}}, [][2]int{{0, 5}}},
	}
	for _, tt := range tests {
		if got := visibleRuns(tt.v); !reflect.DeepEqual(got, tt.vis) {
			t.Errorf("%s: visibleRuns = %v, want %v", tt.name, got, tt.vis)
		}
		if got := finiteRuns(tt.v); !reflect.DeepEqual(got, tt.fin) {
			t.Errorf("%s: finiteRuns = %v, want %v", tt.name, got, tt.fin)
		}
	}
}

func TestDensifyMask(t *testing.T) {
	q := densifyMask([]float64{0, 90, 180, 270}, []float64{10, 30, 10, 0}, 1)
	if len(q) != 361 {
		t.Fatalf("%d points, want 4 legs × 90 + closing point = 361", len(q))
	}
	// Linear in azimuth: half way from (0°, 10°) to (90°, 30°) is 20°.
	if q[45] != [2]float64{45, 20} || q[90] != [2]float64{90, 30} || q[360] != q[0] {
		t.Errorf("points 45, 90, 360 = %v %v %v", q[45], q[90], q[360])
	}
	// The shorter way round: 350° to 10° passes north, not south.
	q = densifyMask([]float64{350, 10}, []float64{0, 20}, 1)
	if len(q) != 41 || !near(q[10][0], 360) || !near(q[10][1], 10) {
		t.Errorf("350→10: %d points, point 10 = %v, want 41 points and (360, 10)", len(q), q[10])
	}
}

func TestSplitAntimeridian(t *testing.T) {
	tests := []struct {
		name string
		in   []lonLat
		want [][]lonLat
	}{
		{"no crossing", []lonLat{{-10, 0}, {10, 5}}, [][]lonLat{{{-10, 0}, {10, 5}}}},
		// Eastward over 180°: 170 → 190 (=-170), crossing at 180 half way: lat 15.
		{"eastward", []lonLat{{170, 10}, {-170, 20}}, [][]lonLat{{{170, 10}, {180, 15}}, {{-180, 15}, {-170, 20}}}},
		// Westward: -175 → -185 (=175), crossing at -180 after half: lat -5.
		{"westward", []lonLat{{-175, 0}, {175, -10}, {170, -12}}, [][]lonLat{{{-175, 0}, {-180, -5}}, {{180, -5}, {175, -10}, {170, -12}}}},
		// Exactly 180° apart is not a crossing (the shorter way is ambiguous).
		{"half way round", []lonLat{{-90, 0}, {90, 0}}, [][]lonLat{{{-90, 0}, {90, 0}}}},
	}
	for _, tt := range tests {
		got := splitAntimeridian(tt.in)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestTrackPieces(t *testing.T) {
	nan := math.NaN()
	lat := []float64{0, 1, nan, 2, 3, 4}
	lon := []float64{350, 355, 0, 179, 181, 190}
	// 350 → -10 (wrapped), NaN breaks, 179 → 181 (= -179) crosses at 180
	// half way: lat 2.5.
	want := [][]lonLat{{{-10, 0}, {-5, 1}}, {{179, 2}, {180, 2.5}}, {{-180, 2.5}, {-179, 3}, {-170, 4}}}
	got := trackPieces(lat, lon, -180)
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		for k := range want[i] {
			if !near(got[i][k].lon, want[i][k].lon) || !near(got[i][k].lat, want[i][k].lat) {
				t.Fatalf("got %v, want %v", got, want)
			}
		}
	}
	for _, tt := range []struct{ in, want float64 }{{180, -180}, {-180, -180}, {540, -180}, {-190, 170}, {359.5, -0.5}, {0, 0}} {
		if got := wrapLon(tt.in); !near(got, tt.want) {
			t.Errorf("wrapLon(%g) = %g, want %g", tt.in, got, tt.want)
		}
	}
}

func TestClipPolyline(t *testing.T) {
	box := Region{LatMinDeg: 0, LatMaxDeg: 10, LonMinDeg: 0, LonMaxDeg: 10}
	tests := []struct {
		name string
		in   []lonLat
		want [][]lonLat
	}{
		{"inside", []lonLat{{1, 1}, {2, 2}, {3, 1}}, [][]lonLat{{{1, 1}, {2, 2}, {3, 1}}}},
		{"outside", []lonLat{{-5, -5}, {-1, 20}}, nil},
		// Diagonal through the box: enters at (0, 0)... from (-5, -5) to (15, 15).
		{"through", []lonLat{{-5, -5}, {15, 15}}, [][]lonLat{{{0, 0}, {10, 10}}}},
		// Out and back in: two pieces.
		{"out and in", []lonLat{{5, 5}, {15, 5}, {15, 8}, {5, 8}}, [][]lonLat{{{5, 5}, {10, 5}}, {{10, 8}, {5, 8}}}},
		// Crossing the top edge: from (2, 6) to (4, 14) leaves at lat 10, lon 3.
		{"top edge", []lonLat{{2, 6}, {4, 14}}, [][]lonLat{{{2, 6}, {3, 10}}}},
		{"single point inside", []lonLat{{5, 5}}, [][]lonLat{{{5, 5}}}},
		{"single point outside", []lonLat{{50, 5}}, nil},
	}
	for _, tt := range tests {
		got := clipPolyline(tt.in, box)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestCoastlines checks the embedded Natural Earth file and its parse
// against the facts in coastline/SOURCES.md.
func TestCoastlines(t *testing.T) {
	sum := sha256.Sum256(coastlineGeoJSON)
	if got := hex.EncodeToString(sum[:]); got != "67b1d223f2ff4c488647a79e4f32d4db65c12d1869fbb8229eca4d4302531777" {
		t.Fatalf("embedded coastline SHA-256 %s differs from SOURCES.md", got)
	}
	if len(coastlineGeoJSON) != 146440 {
		t.Errorf("embedded coastline is %d bytes, SOURCES.md says 146440", len(coastlineGeoJSON))
	}
	lines, err := coastlines()
	if err != nil {
		t.Fatal(err)
	}
	// SOURCES.md: 133 "Coastline" features of one line each, 5122 points
	// in them; the lines are already cut at ±180°, so splitting at the
	// antimeridian adds nothing. Longitudes span -180..180, latitudes
	// -85.60904..83.64513.
	npts := 0
	lonMin, lonMax, latMin, latMax := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, l := range lines {
		npts += len(l)
		for k, p := range l {
			lonMin, lonMax = math.Min(lonMin, p.lon), math.Max(lonMax, p.lon)
			latMin, latMax = math.Min(latMin, p.lat), math.Max(latMax, p.lat)
			if k > 0 && math.Abs(p.lon-l[k-1].lon) > 180 {
				t.Fatalf("line jumps across the map at %v → %v", l[k-1], p)
			}
		}
	}
	if len(lines) != 133 || npts != 5122 {
		t.Errorf("%d lines with %d points, want 133 and 5122", len(lines), npts)
	}
	if lonMin != -180 || lonMax != 180 || latMin != -85.60904 || latMax != 83.64513 {
		t.Errorf("extent lon [%g, %g] lat [%g, %g]", lonMin, lonMax, latMin, latMax)
	}
	again, _ := coastlines()
	if &again[0] != &lines[0] {
		t.Error("coastlines parsed twice")
	}
}

func TestParseCoastlinesErrors(t *testing.T) {
	for _, in := range []string{
		`not json`,
		`{"type": "Feature"}`,
		`{"type": "FeatureCollection", "features": [{"geometry": {"type": "Polygon", "coordinates": []}}]}`,
		`{"type": "FeatureCollection", "features": [{"geometry": {"type": "LineString", "coordinates": [[0, 95]]}}]}`,
		`{"type": "FeatureCollection", "features": [{"geometry": {"type": "MultiLineString", "coordinates": [[[200, 0]]]}}]}`,
		`{"type": "FeatureCollection", "features": [{"geometry": {"type": "LineString", "coordinates": [[1]]}}]}`,
	} {
		if _, err := parseCoastlines([]byte(in)); err == nil {
			t.Errorf("parseCoastlines(%s): no error", in)
		}
	}
	got, err := parseCoastlines([]byte(`{"type": "FeatureCollection", "features": [
		{"properties": {"featurecla": "Country"}, "geometry": {"type": "LineString", "coordinates": [[0, 0], [1, 1]]}},
		{"properties": {"featurecla": "Coastline"}, "geometry": {"type": "LineString", "coordinates": [[170, 0], [-170, 2]]}}]}`))
	want := [][]lonLat{{{170, 0}, {180, 1}}, {{-180, 1}, {-170, 2}}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, %v; want %v", got, err, want)
	}
}

func TestCellEdges(t *testing.T) {
	tests := []struct {
		v     []float64
		limit float64
		want  []float64
	}{
		{[]float64{-87.5, -82.5, 87.5}, 90, []float64{-90, -85, 2.5, 90}},
		{[]float64{-90, 0, 90}, 90, []float64{-90, -45, 45, 90}}, // clamped at the poles
		{[]float64{10}, 90, []float64{9.5, 10.5}},
		{[]float64{179}, 180, []float64{178.5, 179.5}},
	}
	for _, tt := range tests {
		if got := cellEdges(tt.v, tt.limit); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("cellEdges(%v) = %v, want %v", tt.v, got, tt.want)
		}
	}
}

func TestColourRange(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name                 string
		v                    []float64
		lo, hi               float64
		min, max             float64
		nan, under, over, ok bool
	}{
		{"auto", []float64{3, 1, nan, 2}, 0, 0, 1, 3, true, false, false, true},
		{"constant", []float64{8, 8}, 0, 0, 7.5, 8.5, false, false, false, true},
		{"all NaN", []float64{nan}, 0, 0, 0, 1, true, false, false, true},
		{"fixed", []float64{-1, 5, 12}, 0, 10, 0, 10, false, true, true, true},
		{"fixed inside", []float64{2, 3}, 1, 4, 1, 4, false, false, false, true},
		{"bad fixed", []float64{2}, 5, 1, 0, 0, false, false, false, false},
		{"NaN fixed", []float64{2}, nan, 1, 0, 0, false, false, false, false},
	}
	for _, tt := range tests {
		min, max, hasNaN, under, over, err := colourRange(tt.v, tt.lo, tt.hi)
		if (err == nil) != tt.ok {
			t.Errorf("%s: err = %v", tt.name, err)
			continue
		}
		if tt.ok && (min != tt.min || max != tt.max || hasNaN != tt.nan || under != tt.under || over != tt.over) {
			t.Errorf("%s: got %g %g %v %v %v", tt.name, min, max, hasNaN, under, over)
		}
	}
}

func TestViridis(t *testing.T) {
	cs, err := viridis(false)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != paletteColors {
		t.Fatalf("%d colours", len(cs))
	}
	// The ends reproduce the first and last control colours (matplotlib
	// viridis #440154 and #fde725) to within one 8-bit step, the round-off
	// of the sRGB → CIELAB → sRGB conversion in moreland.
	for _, tt := range []struct {
		got  color.Color
		want color.NRGBA
	}{{cs[0], color.NRGBA{0x44, 0x01, 0x54, 0xff}}, {cs[len(cs)-1], color.NRGBA{0xfd, 0xe7, 0x25, 0xff}}} {
		g := color.NRGBAModel.Convert(tt.got).(color.NRGBA)
		if d := max(absDiff(g.R, tt.want.R), absDiff(g.G, tt.want.G), absDiff(g.B, tt.want.B)); d > 1 {
			t.Errorf("end colour %v, want %v", g, tt.want)
		}
	}
	rev, _ := viridis(true)
	if rev[0] != cs[len(cs)-1] || rev[len(rev)-1] != cs[0] {
		t.Error("reversed map does not swap the ends")
	}
}

func absDiff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

func TestCellColour(t *testing.T) {
	cp := cellPlotter{colors: []color.Color{color.Black, color.Gray{0x80}, color.White}, min: 0, max: 10}
	for _, tt := range []struct {
		v    float64
		want color.Color
	}{{math.NaN(), noData}, {-1, color.Black}, {0, color.Black}, {2.4, color.Black}, {2.6, color.Gray{0x80}}, {7.6, color.White}, {99, color.White}} {
		if got := cp.colorOf(tt.v); got != tt.want {
			t.Errorf("colorOf(%g) = %v, want %v", tt.v, got, tt.want)
		}
	}
}

func tickLabels(ts []gplot.Tick) (vals []float64, labels []string) {
	for _, t := range ts {
		if t.Label != "" {
			vals = append(vals, t.Value)
			labels = append(labels, t.Label)
		}
	}
	return vals, labels
}

func TestDegreeTicks(t *testing.T) {
	_, lon := tickLabels(degreeTicks(-180, 180, 12, lonLabel))
	wantLon := []string{"180°", "150°W", "120°W", "90°W", "60°W", "30°W", "0°", "30°E", "60°E", "90°E", "120°E", "150°E", "180°"}
	if !reflect.DeepEqual(lon, wantLon) {
		t.Errorf("world longitudes %v, want %v", lon, wantLon)
	}
	_, lat := tickLabels(degreeTicks(-90, 90, 8, latLabel))
	wantLat := []string{"90°S", "60°S", "30°S", "0°", "30°N", "60°N", "90°N"}
	if !reflect.DeepEqual(lat, wantLat) {
		t.Errorf("world latitudes %v, want %v", lat, wantLat)
	}
	_, reg := tickLabels(degreeTicks(36.3, 38.9, 8, latLabel))
	wantReg := []string{"36.5°N", "37°N", "37.5°N", "38°N", "38.5°N"}
	if !reflect.DeepEqual(reg, wantReg) {
		t.Errorf("regional latitudes %v, want %v", reg, wantReg)
	}
}

func TestNiceTicks(t *testing.T) {
	tests := []struct {
		min, max float64
		n        int
		want     []string
	}{
		{0, 5, 6, []string{"0", "1", "2", "3", "4", "5"}},
		{0, 10, 6, []string{"0", "2", "4", "6", "8", "10"}},
		{14, 20, 6, []string{"14", "15", "16", "17", "18", "19", "20"}},
		{0, 1, 6, []string{"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"}},
		{0, 0.25, 6, []string{"0.00", "0.05", "0.10", "0.15", "0.20", "0.25"}},
		{13.6, 20.8, 6, []string{"14", "16", "18", "20"}},
		{0, 25, 6, []string{"0", "5", "10", "15", "20", "25"}},
		{0, 10, 4, []string{"0.0", "2.5", "5.0", "7.5", "10.0"}},   // a 2.5 step needs one decimal
		{-80, -40, 5, []string{"-80", "-70", "-60", "-50", "-40"}}, // a negative max is a tick (dB/Hz axes)
		{-3, 3, 6, []string{"-3", "-2", "-1", "0", "1", "2", "3"}},
	}
	for _, tt := range tests {
		_, got := tickLabels(niceTicks(tt.min, tt.max, tt.n))
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("niceTicks(%g, %g, %d) = %v, want %v", tt.min, tt.max, tt.n, got, tt.want)
		}
	}
	if niceTicks(1, 1, 5) != nil || niceTicks(0, math.Inf(1), 5) != nil {
		t.Error("degenerate ranges give ticks")
	}
}

func TestNiceCeil(t *testing.T) {
	for _, tt := range []struct{ in, want float64 }{{3.7, 5}, {1, 1}, {1.01, 2}, {2.2, 2.5}, {0.3, 0.5}, {11, 20}, {0, 1}, {-3, 1}} {
		if got := niceCeil(tt.in); !near(got, tt.want) {
			t.Errorf("niceCeil(%g) = %g, want %g", tt.in, got, tt.want)
		}
	}
}

func TestIntegerTicks(t *testing.T) {
	_, got := tickLabels(integerTicks(0, 22))
	if want := []string{"0", "5", "10", "15", "20"}; !reflect.DeepEqual(got, want) {
		t.Errorf("integerTicks(0, 22) = %v, want %v", got, want)
	}
	_, got = tickLabels(integerTicks(0, 4))
	if want := []string{"0", "1", "2", "3", "4"}; !reflect.DeepEqual(got, want) {
		t.Errorf("integerTicks(0, 4) = %v, want %v", got, want)
	}
}

func TestTimeTicks(t *testing.T) {
	day := 1721088000.0 // 2024-07-16T00:00:00Z in Unix seconds (date -d 2024-07-16T00:00Z +%s)
	tests := []struct {
		name       string
		min, max   float64
		wantLabels []string
		wantMinor  int
		axis       string
	}{
		// 24 h: 3-hour labels with hourly minor ticks; the ends are
		// midnights of two dates, so they carry the date.
		{"day", day, day + 86400, []string{"Jul 16", "03:00", "06:00", "09:00", "12:00", "15:00", "18:00", "21:00", "Jul 17"}, 16, "time (UTC), 2024-07-16 to 2024-07-17"},
		// 6 h from 06:00: hourly labels with 15-minute minor ticks.
		{"6 h", day + 6*3600, day + 12*3600, []string{"06:00", "07:00", "08:00", "09:00", "10:00", "11:00", "12:00"}, 18, "time (UTC), 2024-07-16"},
		// 25 min from 10:07: 5-minute labels, 1-minute minor ticks.
		{"25 min", day + 10*3600 + 7*60, day + 10*3600 + 32*60, []string{"10:10", "10:15", "10:20", "10:25", "10:30"}, 21, "time (UTC), 2024-07-16"},
		// 10 days: labels every 2 days at midnight, as dates.
		{"10 days", day, day + 10*86400, []string{"Jul 16", "Jul 18", "Jul 20", "Jul 22", "Jul 24", "Jul 26"}, 5, "time (UTC), 2024-07-16 to 2024-07-26"},
	}
	for _, tt := range tests {
		ts := timeTicks(tt.min, tt.max)
		_, labels := tickLabels(ts)
		if !reflect.DeepEqual(labels, tt.wantLabels) {
			t.Errorf("%s: labels %v, want %v", tt.name, labels, tt.wantLabels)
		}
		if minor := len(ts) - len(labels); minor != tt.wantMinor {
			t.Errorf("%s: %d minor ticks, want %d", tt.name, minor, tt.wantMinor)
		}
		if got := timeAxisLabel(tt.min, tt.max); got != tt.axis {
			t.Errorf("%s: axis label %q, want %q", tt.name, got, tt.axis)
		}
	}
}

func TestLabelPlacer(t *testing.T) {
	lp := labelPlacer{}
	size := vg.Point{X: 20, Y: 8}
	var boxes []vg.Rectangle
	// Four labels at one point take the four diagonal positions, which do
	// not overlap.
	for range 4 {
		lp.place(vg.Point{X: 100, Y: 100}, size, 2)
		boxes = append(boxes, lp.placed[len(lp.placed)-1])
	}
	for i := range boxes {
		for j := range i {
			a, b := boxes[i], boxes[j]
			if a.Min.X < b.Max.X && b.Min.X < a.Max.X && a.Min.Y < b.Max.Y && b.Min.Y < a.Max.Y {
				t.Errorf("labels %d and %d overlap: %v %v", i, j, a, b)
			}
		}
	}
	// The first label goes to the upper right of the anchor.
	if b := boxes[0]; b.Min != (vg.Point{X: 102, Y: 102}) {
		t.Errorf("first label at %v, want min (102, 102)", b.Min)
	}
	// Inside bounds: a label at the right edge goes to the left.
	lp = labelPlacer{bounds: vg.Rectangle{Max: vg.Point{X: 110, Y: 200}}}
	_, xa, _ := lp.place(vg.Point{X: 105, Y: 100}, size, 2)
	if xa != -1 {
		t.Errorf("label at the right edge has x alignment %v, want right-aligned (-1)", xa)
	}
}

func TestSizeResolve(t *testing.T) {
	def := Size{WidthCm: 16, HeightCm: 16}
	if s, err := (Size{}).resolve(def); err != nil || s != def {
		t.Errorf("zero size: %v, %v", s, err)
	}
	if s, err := (Size{WidthCm: 10, HeightCm: 5}).resolve(def); err != nil || s.WidthCm != 10 {
		t.Errorf("10×5: %v, %v", s, err)
	}
	for _, s := range []Size{{WidthCm: -1, HeightCm: 5}, {WidthCm: 10}, {WidthCm: 1, HeightCm: 10}, {WidthCm: 300, HeightCm: 10}, {WidthCm: math.NaN(), HeightCm: 10}, {WidthCm: math.Inf(1), HeightCm: 10}} {
		if _, err := s.resolve(def); err == nil {
			t.Errorf("size %v accepted", s)
		}
	}
	for _, tt := range []struct {
		dpi int
		s   Size
		ok  bool
	}{{0, def, true}, {300, def, true}, {10, def, false}, {5000, def, false}, {1200, Size{WidthCm: 200, HeightCm: 200}, false}} {
		if _, err := resolveDPI(tt.dpi, tt.s); (err == nil) != tt.ok {
			t.Errorf("resolveDPI(%d, %v): err = %v", tt.dpi, tt.s, err)
		}
	}
}

func TestSystemsPresent(t *testing.T) {
	// Fixed order whatever the input order; unknown last.
	in := []ephemeris.System{ephemeris.GPS, ephemeris.SystemUnknown, ephemeris.GLONASS, ephemeris.BeiDou, ephemeris.GLONASS, ephemeris.System(9)}
	got := systemsPresent(len(in), func(i int) ephemeris.System { return in[i] })
	if len(got) != 4 || got[0].Title() != "GLONASS" || got[1].Title() != "BeiDou" || got[2].Title() != "GPS" || got[3].Title() != "unknown" {
		t.Errorf("got %v", got)
	}
}
