package job

import (
	"math"
	"testing"

	"github.com/gnssim/gnssim/sim/integrity"
)

func TestIntegNum(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want string
	}{{2, "2"}, {4.0 / 3, "1.333"}, {1e-5, "1e-5"}, {9.8e-8, "9.8e-8"}, {0.0001, "1e-4"}, {1.87, "1.87"}, {556, "556"}, {12345.5, "12345.5"},
		{math.Inf(1), "none"}, {math.NaN(), "none"}, {0, "0"}} {
		if got := integNum(c.v); got != c.want {
			t.Errorf("integNum(%v) = %q, want %q", c.v, got, c.want)
		}
	}
}

func TestIntegServiceText(t *testing.T) {
	nan := math.NaN()
	for _, c := range []struct {
		r       integrity.Result
		st, why string
	}{
		{integrity.Result{Reason: integrity.ReasonTooFewSatellites, VPLM: nan, HPLM: nan}, "unavailable", "too few satellites"},
		{integrity.Result{Available: true, VPLM: 20, HPLM: 20, EMTM: 10, SigmaVAccM: 1}, "met", ""},
		{integrity.Result{Available: true, VPLM: 36, HPLM: 41, EMTM: 16, SigmaVAccM: 2}, "not_met", "vpl_above_val;hpl_above_hal;emt_above_max;sigma_v_acc_above_max"},
	} {
		svc := integrity.LPV200
		st, why := integServiceText(&c.r, &svc)
		if st != c.st || why != c.why {
			t.Errorf("%+v: %q %q, want %q %q", c.r, st, why, c.st, c.why)
		}
	}
}
