package spectrum

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestParseSignalSpec(t *testing.T) {
	tests := []struct {
		in      string
		title   string
		carrier float64
		tx      float64
	}{
		{"B1C", "BeiDou B1C", 1575.42, 32.736},
		{" gps l1 c/a ", "GPS L1CA", 1575.42, 20.46},
		{"L1OF", "GLONASS L1OF k=+0", 1602, 10.22},
		{"L1OF:-7", "GLONASS L1OF k=-7", 1602 - 7*0.5625, 10.22},
		{"glonass L2OF:+6", "GLONASS L2OF k=+6", 1246 + 6*0.4375, 10.22},
		{"BOC(1,1)@1575.42/30.69", "BOC(1,1)@1575.42MHz", 1575.42, 30.69},
		{"BOC(1,1)@1575.42MHz/30.69MHz", "BOC(1,1)@1575.42MHz", 1575.42, 30.69},
		{"bpsk(10) @ 1.17645GHz / 24000kHz", "BPSK(10)@1176.45MHz", 1176.45, 24},
		{"MBOC(6,1,1/11)@1575.42/24.552", "MBOC(6,1,1/11)@1575.42MHz", 1575.42, 24.552},
		{"AltBOC(15,10)@1191.795/51.15", "AltBOC(15,10)@1191.795MHz", 1191.795, 51.15},
	}
	for _, tc := range tests {
		sp, err := ParseSignalSpec(tc.in)
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		if sp.Title() != tc.title || math.Abs(sp.CarrierMHz()-tc.carrier) > 1e-9 || math.Abs(sp.Signal.TxBandwidthMHz-tc.tx) > 1e-9 {
			t.Errorf("%q: %s at %v MHz, %v MHz wide; want %s at %v, %v", tc.in, sp.Title(), sp.CarrierMHz(), sp.Signal.TxBandwidthMHz, tc.title, tc.carrier, tc.tx)
		}
		if sp.Generic {
			if err := sp.Signal.Validate(); err != nil {
				t.Errorf("%q: generic signal invalid: %v", tc.in, err)
			}
			if sp.Signal.RxBandwidthMHz != sp.Signal.TxBandwidthMHz {
				t.Errorf("%q: receiver bandwidth %v", tc.in, sp.Signal.RxBandwidthMHz)
			}
		}
	}
}

func TestParseSignalSpecErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "empty"},
		{"X9", "unknown signal \"X9\""},
		{"BOC(1)", "BOC takes 2 arguments"},
		{"BOC(1,1)", "carrier and a transmit bandwidth"},
		{"BOC(1)@1575.42/30", "BOC takes 2 arguments"},
		{"BPSK(-2)@1575.42/30", "chip rate n=-2"},
		{"BOC(1,1)@1575.42", "no transmit bandwidth"},
		{"BOC(1,1)@1575.42/0", "transmit bandwidth 0 MHz must be > 0"},
		{"BOC(1,1)@1575.42/-3", "must be > 0"},
		{"BOC(1,1)@x/30", "carrier: \"x\" is not a finite number"},
		{"BOC(1,1)@1575.42/NaN", "not a finite number"},
		{"BOC(1,1)@-5/30", "carrier -5 MHz outside"},
		{"BOC(1,1)@10/30", "reaches below 0 Hz"},
		{"BOC(1,1)@1575.42/1e9", "above 10000 MHz"},
		{"BPSK(0.01)@50000/3000", "lobes"},
		{"B1C:1", "CDMA signal"},
		{"L1OF:8", "channel 8 outside"},
		{"L1OF:x", "not an integer"},
		{strings.Repeat("B", 300), "too long"},
	}
	for _, tc := range tests {
		_, err := ParseSignalSpec(tc.in)
		if err == nil || !errors.Is(err, ErrSignalSpec) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %q", tc.in, err, tc.want)
		}
	}
	if _, err := ParseSignalSpec("BOC(1)@1575.42/30"); !errors.Is(err, ErrModulation) {
		t.Errorf("malformed modulation does not wrap ErrModulation: %v", err)
	}
}

// TestSpecKappa: a generic BPSK(1) and BOC(1,1) at one carrier with a
// 30.69 MHz band and a 24 MHz receiver reproduce Ávila-Rodríguez's Table
// 5.3; the catalogue's GLONASS channels give the FDMA offsets; receiver
// bands wider than the transmit band are refused.
func TestSpecKappa(t *testing.T) {
	spec := func(s string) SignalSpec {
		sp, err := ParseSignalSpec(s)
		if err != nil {
			t.Fatal(err)
		}
		return sp
	}
	k, err := SpecKappa(spec("BPSK(1)@1575.42/30.69"), spec("BOC(1,1)@1575.42/30.69"), 24)
	if err != nil || math.Abs(k.DBHz()-(-67.7619)) > 1e-4 {
		t.Errorf("BPSK(1) ← BOC(1,1): %v, %v; table −67.7619", k, err)
	}
	k, _ = SpecKappa(spec("L1OF:-7"), spec("L1OF:+6"), 0)
	want, _ := SignalKappa(spec("L1OF").Signal, -7, spec("L1OF").Signal, 6, 0)
	if k != want {
		t.Errorf("L1OF −7 ← +6: %v, want %v", k, want)
	}
	if k, _ := SpecKappa(spec("B1I"), spec("L1OF"), 0); k.Overlap || k.String() != "no overlap" {
		t.Errorf("B1I ← L1OF: %v, want no overlap", k)
	}
	for _, rx := range []float64{40, -1, math.NaN(), math.Inf(1)} {
		if _, err := SpecKappa(spec("B1I"), spec("B1C"), rx); err == nil {
			t.Errorf("receiver bandwidth %v accepted", rx)
		}
	}
	if _, err := SpecKappa(spec("B1I"), spec("B1C"), 4.092); err != nil {
		t.Errorf("receiver = transmit band refused: %v", err)
	}
}

func FuzzParseSignalSpec(f *testing.F) {
	for _, s := range []string{"B1C", "L1OF:-7", "BOC(1,1)@1575.42/30.69", "BPSK(0.511MHz)@1602MHz/10.22MHz", "CBOC(6,1,1/11,+)@1575.42/24.552", "x@y/z", "L2OF:+"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sp, err := ParseSignalSpec(s)
		if err != nil {
			if !errors.Is(err, ErrSignalSpec) {
				t.Fatalf("%q: error %v does not wrap ErrSignalSpec", s, err)
			}
			return
		}
		if sp.Signal == nil || math.IsNaN(sp.CarrierMHz()) {
			t.Fatalf("%q: %+v", s, sp)
		}
		if sp.Generic {
			if err := sp.Signal.Validate(); err != nil {
				t.Fatalf("%q: %v", s, err)
			}
			again, err := ParseSignalSpec(sp.Signal.Components[0].Modulation.String() + "@" + fmtNum(sp.Signal.CentreMHz) + "/" + fmtNum(sp.Signal.TxBandwidthMHz))
			if err != nil || again.Signal.CentreMHz != sp.Signal.CentreMHz || again.Signal.TxBandwidthMHz != sp.Signal.TxBandwidthMHz {
				t.Fatalf("%q: round trip %v %v", s, again, err)
			}
		}
	})
}
