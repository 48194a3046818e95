package output

import (
	"math"
	"testing"
)

var pointOne = 0.1 // a variable: 0.1 + 0.2 of constants would be exact

// TestNum: fixed decimals without a negative zero, NaN and ±Inf spelled
// out, round-trip precision with Full, circular ranges kept after rounding.
func TestNum(t *testing.T) {
	for _, tc := range []struct {
		x    float64
		dec  int
		p    Precision
		w    Wrap
		want string
	}{
		{1.23456789, 3, Fixed, Wrap{}, "1.235"},
		{-0.0000001, 6, Fixed, Wrap{}, "0.000000"},
		{math.Copysign(0, -1), 3, Fixed, Wrap{}, "0.000"},
		{-1.5e-3, 3, Fixed, Wrap{}, "-0.002"},
		{math.NaN(), 3, Fixed, Wrap{}, "NaN"},
		{math.Inf(1), 3, Fixed, Wrap{}, "+Inf"},
		{pointOne + 0.2, 3, Full, Wrap{}, "0.30000000000000004"},
		{1.23456789, 3, Full, Wrap{}, "1.23456789"},
		{1e-20, 3, Full, Wrap{}, "1e-20"},
		{2026, 0, Full, Wrap{}, "2026"},
		{math.Copysign(0, -1), 3, Full, Wrap{}, "0"},
		// Circular quantities never leave their range through rounding.
		{359.99996, 4, Fixed, Azimuth, "0.0000"},
		{359.99994, 4, Fixed, Azimuth, "359.9999"},
		{-0.00001, 4, Fixed, Azimuth, "0.0000"},
		{360, 4, Fixed, Azimuth, "0.0000"},
		{179.99996, 4, Fixed, Longitude, "-180.0000"},
		{180, 2, Fixed, Longitude, "-180.00"},
		{200, 1, Fixed, Longitude, "-160.0"},
		{-180.00001, 4, Fixed, Longitude, "-180.0000"},
		{359.99999999999994, 4, Full, Azimuth, "359.99999999999994"},
	} {
		if got := tc.p.NumWrap(tc.x, tc.dec, tc.w); got != tc.want {
			t.Errorf("%v.NumWrap(%v, %d, %+v) = %q, want %q", tc.p, tc.x, tc.dec, tc.w, got, tc.want)
		}
	}
}

// TestFullRoundTrips: Full precision parses back to the same float64.
func TestFullRoundTrips(t *testing.T) {
	for _, x := range []float64{0.1, 1.0 / 3, 123456.789012345, 6.02214076e23, 5e-324, math.MaxFloat64, -2.5e-7} {
		s := Full.Num(x, 3)
		var n JSONNumber
		if err := n.UnmarshalJSON([]byte(s)); err != nil || n.V != x {
			t.Errorf("%v → %q → %v (%v)", x, s, n.V, err)
		}
	}
}
