package orbit

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

func TestJulianDatePublished(t *testing.T) {
	tests := []struct {
		src string
		t   time.Time
		jd  float64
		tol float64 // days
	}{
		// Vallado, "Fundamentals of Astrodynamics and Applications",
		// example 3-4: 1996 Oct 26 14:20:00 UT -> JD 2450383.09722222
		// (printed to 1e-8 d, so ±5e-9 d).
		{"Vallado ex. 3-4", time.Date(1996, 10, 26, 14, 20, 0, 0, time.UTC), 2450383.09722222, 5e-9},
		// Meeus, "Astronomical Algorithms", 2nd ed., example 7.a (Sputnik 1,
		// 1957 Oct 4.81 = 19:26:24 -> 2436116.31) and the table on p. 62.
		// These are exact to the printed digits; the tolerance is the
		// float64 resolution of a JD near 2.4e6 (4.7e-10 d).
		{"Meeus ex. 7.a", time.Date(1957, 10, 4, 19, 26, 24, 0, time.UTC), 2436116.31, 5e-10},
		{"Meeus p. 62: 2000 Jan 1.5", time.Date(2000, 1, 1, 12, 0, 0, 0, time.UTC), 2451545.0, 0},
		{"Meeus p. 62: 1987 Jan 27.0", time.Date(1987, 1, 27, 0, 0, 0, 0, time.UTC), 2446822.5, 0},
		{"Meeus p. 62: 1987 Jun 19.5", time.Date(1987, 6, 19, 12, 0, 0, 0, time.UTC), 2446966.0, 0},
		{"Meeus p. 62: 1988 Jan 27.0", time.Date(1988, 1, 27, 0, 0, 0, 0, time.UTC), 2447187.5, 0},
		{"Meeus p. 62: 1988 Jun 19.5", time.Date(1988, 6, 19, 12, 0, 0, 0, time.UTC), 2447332.0, 0},
		{"Meeus p. 62: 1900 Jan 1.0", time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC), 2415020.5, 0},
		{"Meeus p. 62: 1600 Jan 1.0", time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC), 2305447.5, 0},
		{"Meeus p. 62: 1600 Dec 31.0", time.Date(1600, 12, 31, 0, 0, 0, 0, time.UTC), 2305812.5, 0},
		// Unix epoch (POSIX): 1970-01-01T00:00:00Z = JD 2440587.5.
		{"Unix epoch", time.Unix(0, 0), 2440587.5, 0},
	}
	for _, c := range tests {
		w, f := JulianDate(c.t)
		if w-math.Floor(w) != 0.5 || f < 0 || f >= 1 {
			t.Errorf("%s: split %v + %v not normalised (whole ends in .5, 0 <= frac < 1)", c.src, w, f)
		}
		if d := math.Abs((w - c.jd) + f); d > c.tol {
			t.Errorf("%s: JulianDate = %.9f + %.12f, want %.8f (|Δ| %.3g d)", c.src, w, f, c.jd, d)
		}
	}
}

func TestJulianDateRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	a := time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano()
	b := time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano()
	for range 200000 {
		tm := time.Unix(0, a+rng.Int64N(b-a)).UTC()
		if got := TimeFromJulianDate(JulianDate(tm)); !got.Equal(tm) {
			t.Fatalf("round trip of %s gave %s (%v off)", tm.Format(time.RFC3339Nano), got.Format(time.RFC3339Nano), got.Sub(tm))
		}
	}
	// Also the last nanosecond of a day and the first of the next.
	for _, tm := range []time.Time{
		time.Date(2016, 12, 31, 23, 59, 59, 999999999, time.UTC),
		time.Date(2017, 1, 1, 0, 0, 0, 1, time.UTC),
		time.Date(1969, 12, 31, 23, 59, 59, 999999999, time.UTC),
	} {
		if got := TimeFromJulianDate(JulianDate(tm)); !got.Equal(tm) {
			t.Errorf("round trip of %s gave %s", tm.Format(time.RFC3339Nano), got.Format(time.RFC3339Nano))
		}
	}
}

func TestTimeFromJulianDateSplits(t *testing.T) {
	j2000 := time.Date(2000, 1, 1, 12, 0, 0, 0, time.UTC) // JD 2451545.0 (Meeus p. 62)
	tests := []struct{ whole, frac float64 }{
		{2451545.0, 0},
		{2451544.5, 0.5},
		{2451545.5, -0.5},
		{2451540.5, 4.5},
		{0, 2451545.0},
	}
	for _, c := range tests {
		if got := TimeFromJulianDate(c.whole, c.frac); !got.Equal(j2000) {
			t.Errorf("TimeFromJulianDate(%v, %v) = %s, want %s", c.whole, c.frac, got, j2000)
		}
	}
	for _, c := range []struct{ whole, frac float64 }{
		{math.NaN(), 0}, {2451545, math.Inf(1)}, {math.Inf(-1), 0}, {1e300, 0}, {2451545, -1e20},
	} {
		if got := TimeFromJulianDate(c.whole, c.frac); !got.IsZero() {
			t.Errorf("TimeFromJulianDate(%v, %v) = %v, want the zero time", c.whole, c.frac, got)
		}
	}
}

func TestGMST82Published(t *testing.T) {
	const deg = math.Pi / 180
	tests := []struct {
		src     string
		ut1     time.Time
		wantDeg float64
		tolDeg  float64
	}{
		// Vallado, Fundamentals, example 3-5: 1992 Aug 20 12:14 UT1 ->
		// θGMST = 152.578787810°. Vallado carries JD_UT1 as one float64
		// (resolution 4.7e-10 d): ±half of it is ±8.4e-8° of GMST, so 1e-7°.
		{"Vallado ex. 3-5", time.Date(1992, 8, 20, 12, 14, 0, 0, time.UTC), 152.578787810, 1e-7},
		// Meeus, Astronomical Algorithms, example 12.a: 1987 Apr 10 0h UT
		// -> θ0 = 13h10m46.3668s; printed to 1e-4 s = 4.2e-7°, so ±2.1e-7°
		// plus the book's arithmetic: 3e-7° (measured 1.1e-7°).
		{"Meeus ex. 12.a", time.Date(1987, 4, 10, 0, 0, 0, 0, time.UTC), (13 + 10/60.0 + 46.3668/3600) * 15, 3e-7},
		// Meeus example 12.b: 1987 Apr 10 19:21:00 UT -> θ0 = 128.7378734°;
		// printed to 1e-7°, so ±5e-8°, plus the book's arithmetic (a JD of
		// 2446896.30625 carried in ~15 digits: ±8e-8°): 2e-7° (measured 1.0e-7°).
		{"Meeus ex. 12.b", time.Date(1987, 4, 10, 19, 21, 0, 0, time.UTC), 128.7378734, 2e-7},
	}
	for _, c := range tests {
		g := GMST82(JulianDate(c.ut1)) / deg
		t.Logf("%s: GMST82 %.10f°, published %.10f°, Δ %.2g°", c.src, g, c.wantDeg, g-c.wantDeg)
		if d := math.Abs(g - c.wantDeg); d > c.tolDeg {
			t.Errorf("%s: GMST82 = %.10f°, want %.10f° (|Δ| %.3g°)", c.src, g, c.wantDeg, d)
		}
		if g < 0 || g >= 360 {
			t.Errorf("%s: GMST82 = %v° outside [0, 360)", c.src, g)
		}
	}
	// With Vallado's own arithmetic (JD as one float64), example 3-5 must be
	// reproduced to its printed digits (±5e-10°): this pins the formula.
	w, f := JulianDate(time.Date(1992, 8, 20, 12, 14, 0, 0, time.UTC))
	if g := GMST82(w+f, 0) / deg; math.Abs(g-152.578787810) > 5e-10 {
		t.Errorf("GMST82 with Vallado's single-float64 JD = %.10f°, want 152.578787810°", g)
	}
}
