package sim_test

import (
	"math"
	"testing"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/simtest"
)

// unit returns the ENU unit line of sight of azimuth/elevation (degrees).
func unit(azDeg, elDeg float64) (e, n, u float64) {
	sa, ca := math.Sincos(azDeg * math.Pi / 180)
	se, ce := math.Sincos(elDeg * math.Pi / 180)
	return ce * sa, ce * ca, se
}

func addAzEl(acc *sim.Accumulator, slot int, azDeg, elDeg float64) {
	e, n, u := unit(azDeg, elDeg)
	acc.Add(slot, e, n, u, 1)
}

type dopWant struct{ g, p, h, v, t float64 }

// checkDOP compares with hand values; 1e-13 relative covers the rounding of
// sin/cos of the chosen angles and of the 3×3 inversion.
func checkDOP(t *testing.T, name string, got sim.DOP, want dopWant) {
	t.Helper()
	if !got.Available {
		t.Fatalf("%s: unavailable: %+v", name, got)
	}
	for _, c := range []struct {
		n    string
		g, w float64
	}{{"GDOP", got.GDOP, want.g}, {"PDOP", got.PDOP, want.p}, {"HDOP", got.HDOP, want.h}, {"VDOP", got.VDOP, want.v}, {"TDOP", got.TDOP, want.t}} {
		if math.Abs(c.g-c.w) > 1e-13*c.w {
			t.Errorf("%s: %s = %.16g, want %.16g", name, c.n, c.g, c.w)
		}
	}
}

func TestSolveHandChecked(t *testing.T) {
	// Zenith + three at el 0° with azimuths 0°, 120°, 240°, one clock.
	// e: (0,0,1), (0,1,0), (±√3/2,−1/2,0). A = Σeeᵀ = diag(3/2, 3/2, 1),
	// b = (0,0,1), c = 4. S = A − bbᵀ/c = diag(3/2, 3/2, 3/4), so
	// Q_EE = Q_NN = 2/3, Q_UU = 4/3, Q_tt = 1/4 + (1/4)²·4/3 = 1/3.
	// PDOP = √(8/3), HDOP = √(4/3), VDOP = √(4/3), TDOP = √(1/3), GDOP = √3.
	var a sim.Accumulator
	addAzEl(&a, 0, 0, 90)
	for _, az := range []float64{0, 120, 240} {
		addAzEl(&a, 0, az, 0)
	}
	want := dopWant{math.Sqrt(3), math.Sqrt(8.0 / 3), math.Sqrt(4.0 / 3), math.Sqrt(4.0 / 3), math.Sqrt(1.0 / 3)}
	for _, clock := range []sim.ClockModel{sim.ClockPerSystem, sim.ClockCommon} {
		checkDOP(t, "zenith+3 horizon "+clock.String(), a.Solve(1, clock), want)
	}

	// Zenith + three at el 30° (az 0/120/240): with c30 = √3/2, s30 = 1/2,
	// A = diag(9/8, 9/8, 7/4), b = (0, 0, 5/2), c = 4, S_UU = 7/4 − 25/16 = 3/16.
	// Q = diag(8/9, 8/9, 16/3); Q_tt = 1/4 + (5/8)²·16/3 = 7/3.
	// PDOP = 8/3, HDOP = 4/3, VDOP = 4/√3, TDOP = √(7/3), GDOP = √(64/9+21/9) = √85/3.
	var b sim.Accumulator
	addAzEl(&b, 0, 0, 90)
	for _, az := range []float64{0, 120, 240} {
		addAzEl(&b, 0, az, 30)
	}
	want30 := dopWant{math.Sqrt(85) / 3, 8.0 / 3, 4.0 / 3, 4 / math.Sqrt(3), math.Sqrt(7.0 / 3)}
	checkDOP(t, "zenith+3 at 30°", b.Solve(1, sim.ClockPerSystem), want30)

	// One satellite of a second system (slot 1) at az 45°, el 60°, per-system
	// clocks: its clock absorbs it, PDOP/HDOP/VDOP and the first clock's TDOP
	// are those of system 0 alone. Its own Q_tt = 1 + eᵀQe with
	// e = (√2/4, √2/4, √3/2): eᵀQe = 1/8·8/9·2 + 3/4·16/3 = 2/9 + 4 = 38/9,
	// Q_tt2 = 47/9, GDOP² = 64/9 + 21/9 + 47/9 = 132/9.
	addAzEl(&b, 1, 45, 60)
	got := b.Solve(3, sim.ClockPerSystem)
	checkDOP(t, "one satellite of the second system", got, dopWant{math.Sqrt(132) / 3, 8.0 / 3, 4.0 / 3, 4 / math.Sqrt(3), math.Sqrt(7.0 / 3)})
	if got.NVisible != 5 {
		t.Errorf("NVisible = %d, want 5", got.NVisible)
	}
	// The second system listed first (slot order = user order): TDOP is
	// then its clock, √(47/9).
	var c sim.Accumulator
	addAzEl(&c, 0, 45, 60)
	addAzEl(&c, 1, 0, 90)
	for _, az := range []float64{0, 120, 240} {
		addAzEl(&c, 1, az, 30)
	}
	if d := c.Solve(3, sim.ClockPerSystem); math.Abs(d.TDOP-math.Sqrt(47.0/9)) > 1e-13 || math.Abs(d.PDOP-8.0/3) > 1e-13 {
		t.Errorf("first clock of a one-satellite system: TDOP %.16g (want √(47/9)), PDOP %.16g (want 8/3)", d.TDOP, d.PDOP)
	}
}

func TestSolveUnavailable(t *testing.T) {
	tests := []struct {
		name  string
		sats  [][3]float64 // slot, az, el
		set   sim.SlotSet
		clock sim.ClockModel
		nvis  int
	}{
		{"no satellites", nil, 1, sim.ClockCommon, 0},
		{"3 satellites, 4 unknowns", [][3]float64{{0, 0, 90}, {0, 0, 30}, {0, 120, 30}}, 1, sim.ClockCommon, 3},
		// per-system: 2 + 2 satellites, 3 + 2 = 5 unknowns > 4
		{"2+2 per-system", [][3]float64{{0, 0, 30}, {0, 120, 40}, {1, 200, 50}, {1, 300, 60}}, 3, sim.ClockPerSystem, 4},
		// All at the same elevation: the −e_U column is constant, i.e.
		// proportional to the clock column, so GᵀG is singular.
		{"cone: all at el 30°", [][3]float64{{0, 0, 30}, {0, 90, 30}, {0, 180, 30}, {0, 270, 30}, {0, 45, 30}}, 1, sim.ClockCommon, 5},
		// Coplanar lines of sight (all in the east-up plane): e_N = 0.
		{"coplanar east-up plane", [][3]float64{{0, 90, 10}, {0, 90, 50}, {0, 270, 20}, {0, 270, 70}, {0, 90, 90}}, 1, sim.ClockCommon, 5},
		// Per-system: a second system's lone satellite does not help system
		// 0's 3 satellites (3 + 1 + 1 = 5 unknowns, 4 < 5 visible).
		{"3+1 per-system", [][3]float64{{0, 0, 30}, {0, 120, 40}, {0, 240, 50}, {1, 0, 90}}, 3, sim.ClockPerSystem, 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var a sim.Accumulator
			for _, s := range tc.sats {
				addAzEl(&a, int(s[0]), s[1], s[2])
			}
			d := a.Solve(tc.set, tc.clock)
			if d.Available || !math.IsNaN(d.GDOP) || !math.IsNaN(d.PDOP) || !math.IsNaN(d.HDOP) || !math.IsNaN(d.VDOP) || !math.IsNaN(d.TDOP) {
				t.Errorf("got %+v, want unavailable (all NaN)", d)
			}
			if d.NVisible != tc.nvis {
				t.Errorf("NVisible = %d, want %d", d.NVisible, tc.nvis)
			}
		})
	}
	// The 3+1 case with common clock has 4 unknowns and a good geometry.
	var a sim.Accumulator
	for _, s := range [][3]float64{{0, 0, 30}, {0, 120, 40}, {0, 240, 50}, {1, 0, 90}} {
		addAzEl(&a, int(s[0]), s[1], s[2])
	}
	if d := a.Solve(3, sim.ClockCommon); !d.Available {
		t.Errorf("3+1 common clock: unavailable %+v", d)
	}
	// An invalid weight (bad data) never gives a number.
	var bad sim.Accumulator
	for _, az := range []float64{0, 90, 180, 270} {
		addAzEl(&bad, 0, az, 45)
	}
	addAzEl(&bad, 0, 0, 90)
	bad.Add(0, 0, 0, 1, -1) // negative weight
	if d := bad.Solve(1, sim.ClockCommon); d.Available || !math.IsNaN(d.PDOP) {
		t.Errorf("invalid Add: got %+v, want unavailable", d)
	}
	// A slot out of range is a programmer error: it panics like gonum.
	for _, slot := range []int{-1, sim.MaxSystems} {
		func() {
			defer func() {
				if r := recover(); r == nil {
					t.Errorf("Add(slot %d): no panic", slot)
				}
			}()
			bad.Add(slot, 0, 0, 1, 1)
		}()
	}
	if d := a.Solve(3, sim.ClockModel(9)); d.Available {
		t.Errorf("unknown clock model: got %+v, want unavailable", d)
	}
}

// TestPerSystemLoneSatelliteEqualsOtherSystemAlone checks, on the Walker
// constellations, that a system with a single visible satellite leaves the
// per-system PDOP of the combination equal to the other system's alone.
func TestPerSystemLoneSatelliteEqualsOtherSystemAlone(t *testing.T) {
	site := sim.Site{Name: "x", LatDeg: 30, LonDeg: 100}
	sats := []simtest.AzEl{
		{System: ephemeris.GLONASS, AzDeg: 10, ElDeg: 20},
		{System: ephemeris.GLONASS, AzDeg: 100, ElDeg: 35},
		{System: ephemeris.GLONASS, AzDeg: 200, ElDeg: 50},
		{System: ephemeris.GLONASS, AzDeg: 290, ElDeg: 25},
		{System: ephemeris.GLONASS, AzDeg: 0, ElDeg: 85},
		{System: ephemeris.BeiDou, AzDeg: 140, ElDeg: 45},
	}
	eph := simtest.PlaceAzEl(orbit.EpochGrid{Start: time.Date(2026, 3, 18, 0, 0, 0, 0, time.UTC), Step: time.Minute, N: 1}, site, sats)
	r, err := siteSeries(eph, []sim.Site{site}, opts{Systems: []ephemeris.System{ephemeris.GLONASS, ephemeris.BeiDou}, Mask: sim.Mask{ElevationDeg: 10}})
	if err != nil {
		t.Fatal(err)
	}
	glo, bds, comb := r.At(0, 0, 0), r.At(0, 0, 1), r.At(0, 0, 2)
	if !glo.Available || bds.Available || !comb.Available || comb.NVisible != 6 || bds.NVisible != 1 {
		t.Fatalf("glonass %+v, beidou %+v, combined %+v", glo, bds, comb)
	}
	// The lone satellite's term is skipped, so the equality is exact.
	if comb.PDOP != glo.PDOP || comb.HDOP != glo.HDOP || comb.VDOP != glo.VDOP || comb.TDOP != glo.TDOP {
		t.Errorf("combined %+v differs from GLONASS alone %+v", comb, glo)
	}
	if !(comb.GDOP > glo.GDOP) {
		t.Errorf("combined GDOP %g should exceed GLONASS alone %g (an extra clock)", comb.GDOP, glo.GDOP)
	}
}
