package plot

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

// Tests of maps whose longitudes run on across the antimeridian (regions
// such as 100..260 or 0..360).

func TestRegionValidate(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		name string
		r    Region
		ok   bool
	}{
		{"world", World, true},
		{"east asia", Region{10, 60, 70, 150}, true},
		{"pacific 100..260", Region{-40, 60, 100, 260}, true},
		{"world from 0°E", Region{-90, 90, 0, 360}, true},
		{"across 180 at -100..200", Region{0, 10, -100, 200}, true},
		{"170..190", Region{0, 10, 170, 190}, true},
		{"last degree", Region{0, 10, 359, 360}, true},
		{"first degree", Region{0, 10, -180, -179}, true},
		{"wrapped form refused", Region{0, 10, 170, -170}, false},
		{"empty", Region{0, 10, 10, 10}, false},
		{"wider than 360°", Region{0, 10, -180, 181}, false},
		{"wider than 360° from -1", Region{0, 10, -1, 360}, false},
		{"max beyond 360", Region{0, 10, 100, 361}, false},
		{"min at 360", Region{0, 10, 360, 361}, false},
		{"min below -180", Region{0, 10, -181, 0}, false},
		{"lat below -90", Region{-91, 0, 0, 10}, false},
		{"lat reversed", Region{10, 0, 0, 10}, false},
		{"NaN", Region{0, 10, nan, 10}, false},
		{"Inf", Region{0, 10, 0, inf}, false},
	}
	for _, tt := range tests {
		err := tt.r.validate()
		if (err == nil) != tt.ok {
			t.Errorf("%s: %+v: err = %v, want ok %v", tt.name, tt.r, err, tt.ok)
			continue
		}
		if err != nil && !strings.Contains(err.Error(), "lonmin < lonmax ≤ min(lonmin+360, 360)") {
			t.Errorf("%s: error %q does not state the rule", tt.name, err)
		}
	}
	err := Region{0, 10, 170, -170}.validate()
	if err == nil || !strings.Contains(err.Error(), "lon [170, -170]°") || !strings.Contains(err.Error(), "100 to 260") {
		t.Errorf("error %v does not name the values and the way to cross the antimeridian", err)
	}
}

func TestLonLabel(t *testing.T) {
	tests := []struct {
		v    float64
		want string
	}{
		{0, "0°"}, {30, "30°E"}, {-30, "30°W"}, {180, "180°"}, {-180, "180°"},
		{179.5, "179.5°E"},
		{200, "160°W"}, {190, "170°W"}, {270, "90°W"}, {345, "15°W"}, {360, "0°"},
		{180.5, "179.5°W"}, {-190, "170°E"}, {-270, "90°E"}, {540, "180°"},
	}
	for _, tt := range tests {
		if got := lonLabel(tt.v); got != tt.want {
			t.Errorf("lonLabel(%g) = %q, want %q", tt.v, got, tt.want)
		}
	}
}

func TestDegreeTicksAcrossAntimeridian(t *testing.T) {
	tests := []struct {
		min, max float64
		want     []string
	}{
		{100, 260, []string{"105°E", "120°E", "135°E", "150°E", "165°E", "180°", "165°W", "150°W", "135°W", "120°W", "105°W"}},
		{0, 360, []string{"0°", "30°E", "60°E", "90°E", "120°E", "150°E", "180°", "150°W", "120°W", "90°W", "60°W", "30°W", "0°"}},
		{120, 240, []string{"120°E", "130°E", "140°E", "150°E", "160°E", "170°E", "180°", "170°W", "160°W", "150°W", "140°W", "130°W", "120°W"}},
	}
	for _, tt := range tests {
		if _, got := tickLabels(degreeTicks(tt.min, tt.max, 12, lonLabel)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%g..%g: %q, want %q", tt.min, tt.max, got, tt.want)
		}
	}
}

func TestWrapOffsets(t *testing.T) {
	tests := []struct {
		name   string
		lo, hi float64
		r      Region
		want   []float64
	}{
		{"coast on world", -180, 180, World, []float64{0}},
		{"coast on east asia", -180, 180, Region{10, 60, 70, 150}, []float64{0}},
		{"coast on 100..260", -180, 180, Region{-40, 60, 100, 260}, []float64{0, 360}},
		{"coast on 0..360", -180, 180, Region{-90, 90, 0, 360}, []float64{0, 360}},
		{"coast on 200..300", -180, 180, Region{0, 10, 200, 300}, []float64{360}},
		{"coast touching 180 only", -180, 180, Region{0, 10, 170, 180}, []float64{0}},
		{"pacific grid on world", 100, 260, World, []float64{-360, 0}},
		{"0..360 grid on world", 0, 360, World, []float64{-360, 0}},
		{"pacific grid on its region", 100, 260, Region{-40, 60, 100, 260}, []float64{0}},
		{"pacific grid west of -100", 100, 260, Region{0, 10, -180, -100}, []float64{-360}},
		{"no overlap", 10, 20, Region{0, 10, 30, 40}, nil},
	}
	for _, tt := range tests {
		if got := wrapOffsets(tt.lo, tt.hi, tt.r); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestLonCellEdges(t *testing.T) {
	tests := []struct {
		name string
		v    []float64
		want []float64
	}{
		{"pacific", []float64{101, 103, 105}, []float64{100, 102, 104, 106}},
		{"over 180", []float64{179, 181}, []float64{178, 180, 182}},
		{"within ±180: clamped at 180", []float64{170, 179.5}, []float64{165.25, 174.75, 180}},
		{"clamped at 360", []float64{355, 360}, []float64{352.5, 357.5, 360}},
		// 5° grid 0..360 with only its end columns: the end cells meet
		// half-way round the back, at 0/360.
		{"end cells meet round the back", []float64{2.5, 357.5}, []float64{0, 180, 360}},
		{"uneven across 180", []float64{-179, 200}, []float64{-169.5, 10.5, 190.5}},
	}
	for _, tt := range tests {
		if got := lonCellEdges(tt.v); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: lonCellEdges(%v) = %v, want %v", tt.name, tt.v, got, tt.want)
		}
	}
	// A regular 0..360 grid spans exactly 0..360.
	v := make([]float64, 72)
	for k := range v {
		v[k] = 2.5 + 5*float64(k)
	}
	if e := lonCellEdges(v); e[0] != 0 || e[72] != 360 {
		t.Errorf("0..360 grid: edges %g..%g", e[0], e[72])
	}
}

func TestGridDataLongitudes(t *testing.T) {
	tests := []struct {
		name string
		lon  []float64
		err  string
	}{
		{"within ±180", []float64{-179, 0, 179}, ""},
		{"pacific", []float64{101, 180, 259}, ""},
		{"0..360", []float64{0.5, 359.5}, ""},
		{"up to 360", []float64{350, 360}, ""},
		{"beyond 360", []float64{350, 360.5}, "longitude 1 is 360.5°: want within [-180°, 360°]"},
		{"below -180", []float64{-180.5}, "longitude 0 is -180.5°"},
		{"span 360", []float64{-180, 180}, "from -180° to 180°: want a span of less than 360°"},
		{"descending", []float64{200, 190}, "not strictly ascending"},
	}
	for _, tt := range tests {
		g := GridData{NLat: 1, NLon: len(tt.lon), LatDeg: []float64{0}, LonDeg: tt.lon, Values: make([]float64, len(tt.lon))}
		err := g.validate()
		if tt.err == "" && err != nil || tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.err)
		}
	}
}

func TestValuesInRegionShifted(t *testing.T) {
	// Two 20° cells either side of 180, given within ±180°, on a map
	// from 160 to 200: the cell at 170 is shown as it is, the one at -170
	// at 190.
	g := GridData{NLat: 1, NLon: 2, LatDeg: []float64{0}, LonDeg: []float64{-170, 170}, Values: []float64{1, 2}}
	latE, lonE := cellEdges(g.LatDeg, 90), lonCellEdges(g.LonDeg)
	if got := valuesInRegion(g, latE, lonE, Region{-10, 10, 160, 200}); !reflect.DeepEqual(got, []float64{2, 1}) {
		t.Errorf("values %v, want [2 1]", got)
	}
	// The same cells given as 170, 190 on the world map.
	g.LonDeg = []float64{170, 190}
	lonE = lonCellEdges(g.LonDeg)
	if got := valuesInRegion(g, latE, lonE, Region{-10, 10, -180, -160}); !reflect.DeepEqual(got, []float64{2}) {
		t.Errorf("values %v, want [2]", got)
	}
}

func TestSplitWrapped(t *testing.T) {
	tests := []struct {
		name string
		lo   float64
		in   []lonLat
		want [][]lonLat
	}{
		// On a map from 100 (range [100, 460)): 180° is inside, no split.
		{"over 180", 100, []lonLat{{170, 0}, {190, 10}, {250, 12}}, [][]lonLat{{{170, 0}, {190, 10}, {250, 12}}}},
		// Westward from 105 to 95 (= 455): split at 100 half way, lat 5.
		{"westward over the edge", 100, []lonLat{{105, 0}, {455, 10}}, [][]lonLat{{{105, 0}, {100, 5}}, {{460, 5}, {455, 10}}}},
		// Eastward from 95 (455) to 105: split at 460, continue from 100.
		{"eastward over the edge", 100, []lonLat{{455, 0}, {105, 10}, {110, 11}}, [][]lonLat{{{455, 0}, {460, 5}}, {{100, 5}, {105, 10}, {110, 11}}}},
		// The world map: as splitAntimeridian.
		{"world", -180, []lonLat{{170, 10}, {-170, 20}}, [][]lonLat{{{170, 10}, {180, 15}}, {{-180, 15}, {-170, 20}}}},
	}
	for _, tt := range tests {
		if got := splitWrapped(tt.in, tt.lo); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestTrackPiecesAcrossAntimeridian unwraps a track given within ±180°
// onto a map from 100 to 260: crossing 180° keeps one piece, leaving
// across 260 ends it (clipping), and crossing 100 splits it.
func TestTrackPiecesAcrossAntimeridian(t *testing.T) {
	r := Region{LatMinDeg: -90, LatMaxDeg: 90, LonMinDeg: 100, LonMaxDeg: 260}
	lat := []float64{0, 1, 4, math.NaN(), 4, 5}
	lon := []float64{170, -170, -95, 0, 95, 105}
	pieces := trackPieces(lat, lon, r.LonMinDeg)
	want := [][]lonLat{{{170, 0}, {190, 1}, {265, 4}}, {{455, 4}, {460, 4.5}}, {{100, 4.5}, {105, 5}}}
	if !nearPieces(pieces, want) {
		t.Fatalf("pieces %v, want %v", pieces, want)
	}
	var clipped [][]lonLat
	for _, p := range pieces {
		clipped = append(clipped, clipPolyline(p, r)...)
	}
	// 190 → 265 leaves at 260 after 70/75 of the way: lat 1 + 3·70/75.
	want = [][]lonLat{{{170, 0}, {190, 1}, {260, 1 + 3*70.0/75}}, {{100, 4.5}, {105, 5}}}
	if !nearPieces(clipped, want) {
		t.Errorf("clipped %v, want %v", clipped, want)
	}
	// Any longitude is unwrapped into [lo, lo+360).
	for _, tt := range []struct{ lon, lo, want float64 }{{-170, 100, 190}, {100, 100, 100}, {460, 100, 100}, {99, 100, 459}, {-180, 0, 180}, {720, 0, 0}, {-1, 0, 359}} {
		if got := unwrapLon(tt.lon, tt.lo); !near(got, tt.want) {
			t.Errorf("unwrapLon(%g, %g) = %g, want %g", tt.lon, tt.lo, got, tt.want)
		}
	}
}

func nearPieces(got, want [][]lonLat) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range want {
		if len(got[i]) != len(want[i]) {
			return false
		}
		for k := range want[i] {
			if !near(got[i][k].lon, want[i][k].lon) || !near(got[i][k].lat, want[i][k].lat) {
				return false
			}
		}
	}
	return true
}

// TestShiftedCoastlines checks the coastlines of a map from 100 to 260:
// inside the box, without jumps across it, with the American side of the
// Pacific east of 180 (the coast of the Gulf of Alaska near Anchorage, at
// 149.9°W = 210.1) and Japan at about 140°E; and that the world map gets
// the coastlines unchanged.
func TestShiftedCoastlines(t *testing.T) {
	all, err := coastlines()
	if err != nil {
		t.Fatal(err)
	}
	r := Region{LatMinDeg: -40, LatMaxDeg: 60, LonMinDeg: 100, LonMaxDeg: 260}
	lines, err := mapCoastlines(MapOptions{}, r)
	if err != nil {
		t.Fatal(err)
	}
	near := func(lon, lat float64) bool {
		for _, l := range lines {
			for _, p := range l {
				if math.Abs(p.lon-lon) < 1.5 && math.Abs(p.lat-lat) < 1.5 {
					return true
				}
			}
		}
		return false
	}
	for _, l := range lines {
		if len(l) < 2 {
			t.Fatalf("line of %d points", len(l))
		}
		for k, p := range l {
			if p.lon < r.LonMinDeg || p.lon > r.LonMaxDeg || p.lat < r.LatMinDeg || p.lat > r.LatMaxDeg {
				t.Fatalf("point %v outside the region", p)
			}
			if k > 0 && math.Abs(p.lon-l[k-1].lon) > 30 {
				t.Fatalf("line jumps from %v to %v", l[k-1], p)
			}
		}
	}
	if !near(139.7, 35.7) {
		t.Error("no coastline near Tokyo (139.7°E)")
	}
	if !near(360-149.9, 59.5) {
		t.Error("no coastline near the Gulf of Alaska at 210.1 (149.9°W)")
	}
	if !near(360-123, 45) {
		t.Error("no coastline near Oregon at 237 (123°W)")
	}
	if lines, _ := mapCoastlines(MapOptions{NoCoastlines: true}, r); lines != nil {
		t.Error("NoCoastlines gives coastlines")
	}
	world, _ := mapCoastlines(MapOptions{}, World)
	var want [][]lonLat
	for _, l := range all {
		want = append(want, clipPolyline(l, World)...)
	}
	if !reflect.DeepEqual(world, want) {
		t.Error("world map coastlines differ from the clipped coastlines")
	}
}
