package job

import (
	"math"
	"testing"
)

// TestPropWindow checks the --tsince row times, including the final row
// at STOP and rounding near STOP.
func TestPropWindow(t *testing.T) {
	for _, tc := range []struct {
		w    Window
		want []float64
	}{
		{Window{0, 4320, 360}, []float64{0, 360, 720, 1080, 1440, 1800, 2160, 2520, 2880, 3240, 3600, 3960, 4320}},
		// Vallado's case 4632: -5184 to -4896 by 120 ends with an extra row at STOP.
		{Window{-5184, -4896, 120}, []float64{-5184, -5064, -4944, -4896}},
		{Window{5, 5, 1}, []float64{5}},
		{Window{0, 0.3, 0.1}, []float64{0, 0.1, 0.2, 0.3}}, // 3·0.1 = 0.30000000000000004: one row at STOP
		{Window{0, 1, 3}, []float64{0, 1}},
	} {
		n := tc.w.Count()
		var got []float64
		for i := 0; ; i++ {
			ts, last := tc.w.at(i)
			got = append(got, ts)
			if last {
				break
			}
		}
		if n != len(got) || len(got) != len(tc.want) {
			t.Errorf("%+v: count %d, rows %v, want %v", tc.w, n, got, tc.want)
			continue
		}
		for i := range got {
			if math.Abs(got[i]-tc.want[i]) > 1e-12 {
				t.Errorf("%+v: rows %v, want %v", tc.w, got, tc.want)
				break
			}
		}
	}
}
