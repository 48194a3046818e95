package sim_test

import (
	"math"
	"testing"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
)

func TestSiteValidate(t *testing.T) {
	tests := []struct {
		site sim.Site
		ok   bool
	}{
		{sim.Site{LatDeg: 90, LonDeg: -180, HeightM: -1000}, true},
		{sim.Site{LatDeg: -90, LonDeg: 359.999, HeightM: 100000}, true},
		{sim.Site{LatDeg: 90.0001}, false},
		{sim.Site{LonDeg: 360}, false},
		{sim.Site{LonDeg: -180.001}, false},
		{sim.Site{HeightM: -1000.1}, false},
		{sim.Site{HeightM: 100000.1}, false},
		{sim.Site{LatDeg: math.NaN()}, false},
		{sim.Site{HeightM: math.Inf(1)}, false},
	}
	for _, tc := range tests {
		if err := tc.site.Validate(); (err == nil) != tc.ok {
			t.Errorf("%+v: err = %v, want ok=%v", tc.site, err, tc.ok)
		}
	}
}

func TestGridSpec(t *testing.T) {
	tests := []struct {
		g          sim.GridSpec
		ok         bool
		nLat, nLon int
	}{
		{sim.GlobalGrid(1), true, 180, 360},
		{sim.GlobalGrid(0.25), true, 720, 1440},
		{sim.GlobalGrid(2.5), true, 72, 144},
		{sim.GlobalGrid(3), true, 60, 120},
		{sim.GlobalGrid(4), true, 45, 90}, // 4 divides 180: edges -90 + k·4
		{sim.GlobalGrid(7), false, 0, 0},  // 180/7 not an integer
		{sim.GlobalGrid(0), false, 0, 0},
		{sim.GlobalGrid(-1), false, 0, 0},
		{sim.GridSpec{CellDeg: 1, LatMinDeg: 10, LatMaxDeg: 10, LonMinDeg: 0, LonMaxDeg: 10}, false, 0, 0},
		{sim.GridSpec{CellDeg: 1, LatMinDeg: 10.5, LatMaxDeg: 20, LonMinDeg: 0, LonMaxDeg: 10}, false, 0, 0},
		{sim.GridSpec{CellDeg: 1, LatMinDeg: -91, LatMaxDeg: 20, LonMinDeg: 0, LonMaxDeg: 10}, false, 0, 0},
		{sim.GridSpec{CellDeg: 1, LatMinDeg: 0, LatMaxDeg: 20, LonMinDeg: 0, LonMaxDeg: 361}, false, 0, 0},
		{sim.GridSpec{CellDeg: 1, LatMinDeg: 0, LatMaxDeg: 20, LonMinDeg: -10, LonMaxDeg: 351}, false, 0, 0}, // span > 360
		{sim.GridSpec{CellDeg: 5, LatMinDeg: 20, LatMaxDeg: 55, LonMinDeg: 70, LonMaxDeg: 140}, true, 7, 14},
		{sim.GridSpec{CellDeg: 2, LatMinDeg: -40, LatMaxDeg: 60, LonMinDeg: 100, LonMaxDeg: 260}, true, 50, 80},
		{sim.GridSpec{CellDeg: 1, LatMinDeg: 0, LatMaxDeg: 1, LonMinDeg: 0, LonMaxDeg: math.NaN()}, false, 0, 0},
	}
	for _, tc := range tests {
		err := tc.g.Validate()
		if (err == nil) != tc.ok {
			t.Errorf("%+v: err = %v, want ok=%v", tc.g, err, tc.ok)
			continue
		}
		if !tc.ok {
			continue
		}
		if a, b := tc.g.Dims(); a != tc.nLat || b != tc.nLon {
			t.Errorf("%+v: dims %d×%d, want %d×%d", tc.g, a, b, tc.nLat, tc.nLon)
		}
	}
	g := sim.GlobalGrid(2)
	if c := g.LatCentreDeg(0); c != -89 {
		t.Errorf("first row centre %v, want -89", c)
	}
	if c := g.LatCentreDeg(89); c != 89 {
		t.Errorf("last row centre %v, want 89", c)
	}
	if c := g.LonCentreDeg(0); c != -179 {
		t.Errorf("first column centre %v, want -179", c)
	}
	sub, err := g.Rows(10, 20)
	if err != nil || sub.LatMinDeg != -70 || sub.LatMaxDeg != -50 {
		t.Errorf("Rows(10, 20) = %+v, %v", sub, err)
	}
	for i := 0; i < 10; i++ {
		if sub.LatCentreDeg(i) != g.LatCentreDeg(10+i) {
			t.Errorf("row %d of the sub-grid: centre %v, full grid %v", i, sub.LatCentreDeg(i), g.LatCentreDeg(10+i))
		}
	}
	for _, r := range [][2]int{{-1, 3}, {5, 5}, {80, 91}} {
		if _, err := g.Rows(r[0], r[1]); err == nil {
			t.Errorf("Rows(%d, %d): no error", r[0], r[1])
		}
	}
}

func TestMask(t *testing.T) {
	bad := []sim.Mask{
		{ElevationDeg: -1},
		{ElevationDeg: 90},
		{ElevationDeg: math.NaN()},
		{Azimuth: []sim.MaskPoint{{AzDeg: 10, ElDeg: 5}, {AzDeg: 10, ElDeg: 6}}},
		{Azimuth: []sim.MaskPoint{{AzDeg: 20, ElDeg: 5}, {AzDeg: 10, ElDeg: 6}}},
		{Azimuth: []sim.MaskPoint{{AzDeg: 360, ElDeg: 5}}},
		{Azimuth: []sim.MaskPoint{{AzDeg: -1, ElDeg: 5}}},
		{Azimuth: []sim.MaskPoint{{AzDeg: 0, ElDeg: 90}}},
	}
	for _, m := range bad {
		if err := m.Validate(); err == nil {
			t.Errorf("%+v: no error", m)
		}
	}
	m := sim.Mask{ElevationDeg: 50, Azimuth: []sim.MaskPoint{{AzDeg: 10, ElDeg: 5}, {AzDeg: 100, ElDeg: 20}, {AzDeg: 300, ElDeg: 10}}}
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	// Hand values: linear between (10, 5) and (100, 20): 55° → 12.5°;
	// between (100, 20) and (300, 10): 200° → 15°; wrap from (300, 10) to
	// (370, 5): 335° → 7.5°, 0° (= 360°) → 10 − 5·60/70 = 5.714285…°.
	for _, c := range []struct{ az, want float64 }{
		{10, 5}, {55, 12.5}, {100, 20}, {200, 15}, {300, 10}, {335, 7.5}, {0, 10 - 5*60.0/70}, {360, 10 - 5*60.0/70}, {-25, 7.5}, {5, 10 - 5*65.0/70},
	} {
		if got := m.MinElevationDeg(c.az); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("MinElevationDeg(%v) = %v, want %v", c.az, got, c.want)
		}
	}
	if got := (sim.Mask{ElevationDeg: 7}).MinElevationDeg(123); got != 7 {
		t.Errorf("constant mask: %v", got)
	}
	if got := (sim.Mask{Azimuth: []sim.MaskPoint{{AzDeg: 45, ElDeg: 12}}}).MinElevationDeg(200); got != 12 {
		t.Errorf("single-point mask: %v", got)
	}
}

func TestClockModelAndWeighting(t *testing.T) {
	for _, c := range []sim.ClockModel{sim.ClockPerSystem, sim.ClockCommon} {
		got, err := sim.ParseClockModel(c.String())
		if err != nil || got != c {
			t.Errorf("ParseClockModel(%q) = %v, %v", c.String(), got, err)
		}
	}
	if c, _ := sim.ParseClockModel(" Common "); c != sim.ClockCommon {
		t.Error("ParseClockModel is not case/space insensitive")
	}
	if _, err := sim.ParseClockModel("both"); err == nil {
		t.Error("ParseClockModel(both): no error")
	}
	if sim.ClockModel(0) != sim.ClockPerSystem {
		t.Error("the zero ClockModel is not ClockPerSystem")
	}
	for _, w := range []sim.Weighting{sim.WeightNone, sim.WeightElevation} {
		got, err := sim.ParseWeighting(w.String())
		if err != nil || got != w {
			t.Errorf("ParseWeighting(%q) = %v, %v", w.String(), got, err)
		}
	}
	if _, err := sim.ParseWeighting("snr"); err == nil {
		t.Error("ParseWeighting(snr): no error")
	}
}

func TestEphemerisValidate(t *testing.T) {
	grid := orbit.EpochGrid{Start: time.Date(2026, 3, 18, 0, 0, 0, 0, time.UTC), Step: time.Minute, N: 2}
	good := func() *sim.Ephemeris {
		return &sim.Ephemeris{Grid: grid, Sats: []sim.Satellite{{System: ephemeris.GLONASS, PRN: "R01"}},
			X: []float64{20000, math.NaN()}, Y: []float64{0, math.NaN()}, Z: []float64{10000, math.NaN()}}
	}
	if err := good().Validate(); err != nil {
		t.Fatalf("valid ephemeris: %v", err)
	}
	tests := []struct {
		name string
		mod  func(e *sim.Ephemeris)
	}{
		{"short arrays", func(e *sim.Ephemeris) { e.X = e.X[:1] }},
		{"unknown system", func(e *sim.Ephemeris) { e.Sats[0].System = 0 }},
		{"partial NaN", func(e *sim.Ephemeris) { e.Y[0] = math.NaN() }},
		{"infinite", func(e *sim.Ephemeris) { e.Z[0] = math.Inf(-1) }},
		{"bad grid", func(e *sim.Ephemeris) { e.Grid.Step = 0 }},
	}
	for _, tc := range tests {
		e := good()
		tc.mod(e)
		if err := e.Validate(); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
	var nilEph *sim.Ephemeris
	if err := nilEph.Validate(); err == nil {
		t.Error("nil ephemeris: no error")
	}
}

func TestOptionsErrors(t *testing.T) {
	eph := walkerEphemeris(2, time.Hour)
	site := []sim.Site{{LatDeg: 10, LonDeg: 20}}
	bad := []opts{
		{Systems: []ephemeris.System{ephemeris.GLONASS, ephemeris.GLONASS}},
		{Systems: []ephemeris.System{ephemeris.System(42)}},
		{Clock: sim.ClockModel(2)},
		{Weighting: sim.Weighting(5)},
		{PDOPMax: -1},
		{PDOPMax: math.NaN()},
		{Workers: -2},
		{Mask: sim.Mask{ElevationDeg: 95}},
	}
	for _, o := range bad {
		if _, err := siteSeries(eph, site, o); err == nil {
			t.Errorf("%+v: no error", o)
		}
	}
	if _, err := siteSeries(eph, nil, opts{}); err == nil {
		t.Error("no sites: no error")
	}
	if _, err := siteSeries(eph, []sim.Site{{LatDeg: 100}}, opts{}); err == nil {
		t.Error("bad site: no error")
	}
	// Defaults: systems present in ephemeris.Systems order, PDOPMax 6.
	r, err := siteSeries(eph, site, opts{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Systems) != 2 || r.Systems[0] != ephemeris.GLONASS || r.Systems[1] != ephemeris.BeiDou || r.PDOPMax != 6 {
		t.Errorf("defaults: systems %v, PDOPMax %v", r.Systems, r.PDOPMax)
	}
	names := []string{"glonass", "beidou", "glonass+beidou"}
	for i, v := range r.Variants {
		if v.Name != names[i] || r.VariantIndex(v.Name) != i {
			t.Errorf("variant %d: %q", i, v.Name)
		}
	}
	if r.VariantIndex("gps") != -1 {
		t.Error("VariantIndex(gps) found")
	}
}
