package job

import (
	"bytes"
	"context"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/output"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim/spectrum"
)

func TestParseRxBandwidths(t *testing.T) {
	r, err := ParseRxBandwidths([]string{"24", "B1C=16,gps l1 c/a=8"})
	if err != nil {
		t.Fatal(err)
	}
	if r.AllMHz != 24 || !reflect.DeepEqual(r.BySignal, map[string]float64{"B1C": 16, "L1CA": 8}) || len(r.Args) != 3 {
		t.Fatalf("%+v", r)
	}
	b1c, _ := spectrum.Lookup("B1C")
	e1, _ := spectrum.Lookup("E1")
	if r.For(b1c) != 16 || r.For(e1) != 24 {
		t.Errorf("For: %v %v", r.For(b1c), r.For(e1))
	}
	if none, _ := ParseRxBandwidths(nil); none.For(e1) != e1.RxBandwidthMHz {
		t.Error("default receiver bandwidth")
	}
	for _, bad := range []string{"0", "-1", "x", "B1C=0", "B1C=nan", "Q9=3", "BOC(1,1)@1575/30=3", "L1OF:1=3", "1e30"} {
		if _, err := ParseRxBandwidths([]string{bad}); !IsUsage(err) || !strings.Contains(err.Error(), "--rx-bandwidth") {
			t.Errorf("%q: %v", bad, err)
		}
	}
	if _, err := ParseRxBandwidths([]string{"B1C=2", "b1c=3"}); err == nil {
		t.Error("a signal given twice")
	}
	if _, err := ParseRxBandwidths([]string{"2", "3"}); err == nil {
		t.Error("two global bandwidths")
	}
}

func TestParsePowers(t *testing.T) {
	p, err := ParsePowers([]string{"B1C=-157.5,e1=-155", "L3OC=-150"})
	if err != nil || !reflect.DeepEqual(p, map[string]float64{"B1C": -157.5, "E1": -155, "L3OC": -150}) {
		t.Fatalf("%v %v", p, err)
	}
	for _, bad := range []string{"B1C", "B1C=", "B1C=x", "B1C=-20", "B1C=-300", "X=-150", "B1C=inf"} {
		if _, err := ParsePowers([]string{bad}); !IsUsage(err) || !strings.Contains(err.Error(), "--power") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func TestParseBand(t *testing.T) {
	for in, want := range map[string][2]float64{"L1": {1550, 1615}, "b1": {1550, 1615}, "E5": {1160, 1220}, "l3": {1160, 1220}, "B3": {1252, 1302}, "G2": {1212, 1262}, "1550-1620": {1550, 1620}, " 1200.5 - 1210 ": {1200.5, 1210}} {
		b, err := ParseBand(in)
		if err != nil || b.LoMHz != want[0] || b.HiMHz != want[1] {
			t.Errorf("%q: %+v %v", in, b, err)
		}
	}
	for _, bad := range []string{"", "L9", "1620-1550", "0-10", "1-3000", "a-b"} {
		if _, err := ParseBand(bad); !IsUsage(err) || !strings.Contains(err.Error(), "--band") {
			t.Errorf("%q: %v", bad, err)
		}
	}
	// Every named band holds the carriers of the signals it names.
	for _, b := range Bands {
		j := SpectrumPSD{BandArg: b.Name, Band: b.Band}
		items, err := j.items()
		if err != nil || len(items) == 0 {
			t.Fatalf("%s: %v", b.Name, err)
		}
		for _, it := range items {
			if f := it.spec.CarrierMHz(); f < b.LoMHz || f > b.HiMHz || !strings.Contains(b.What, it.spec.Signal.Name) {
				t.Errorf("%s: %s at %v MHz (band says %q)", b.Name, it.label, f, b.What)
			}
		}
	}
}

func TestSplitSignals(t *testing.T) {
	got := SplitSignals([]string{"B1C, BOC(1,1)@1575.42/30.69,,L1OF:-7", "MBOC(6,1,1/11)@1575.42/24"})
	want := []string{"B1C", "BOC(1,1)@1575.42/30.69", "L1OF:-7", "MBOC(6,1,1/11)@1575.42/24"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%q", got)
	}
}

func TestCheckN0(t *testing.T) {
	for _, v := range []float64{-201.5, -250, -150} {
		if err := CheckN0(v); err != nil {
			t.Errorf("%v: %v", v, err)
		}
	}
	for _, v := range []float64{math.NaN(), -250.1, -149, 0} {
		if err := CheckN0(v); !IsUsage(err) {
			t.Errorf("%v accepted", v)
		}
	}
}

// TestSpectrumSSCJob runs the job directly (as a scenario or a web server
// would) and checks its table and Args.
func TestSpectrumSSCJob(t *testing.T) {
	var out bytes.Buffer
	env := &Env{Stdout: &out, Stderr: &out, Version: "test"}
	j := &SpectrumSSC{Victim: "B1C", Interferer: "E1", Format: output.CSV}
	if _, err := j.Run(context.Background(), env); err != nil {
		t.Fatal(err)
	}
	b1c, _ := spectrum.Lookup("B1C")
	e1, _ := spectrum.Lookup("E1")
	k, _ := spectrum.SignalKappa(b1c, 0, e1, 0, 0)
	if !strings.Contains(out.String(), ",overlap,"+output.Fixed.Num(k.DBHz(), 2)+",") {
		t.Errorf("table:\n%s", out.String())
	}
	if got := strings.Join(j.Args(orbit.EpochGrid{}), " "); got != "spectrum ssc --victim B1C --interferer E1 --format csv" {
		t.Errorf("Args %q", got)
	}
	m := &SpectrumSSC{Matrix: true, Signals: []string{"B1C", "L1OF"}, FDMAChannel: -3, Format: output.Text}
	if got := strings.Join(m.Args(orbit.EpochGrid{}), " "); got != "spectrum ssc --matrix --signals B1C,L1OF --fdma-channel -3 --format table" {
		t.Errorf("Args %q", got)
	}
}

// FuzzSpectrumFlags: the flag parsers of spectrum never panic, and refuse
// with usage errors; what they accept is finite and in range.
func FuzzSpectrumFlags(f *testing.F) {
	for _, s := range []string{"24", "B1C=16", "B1C=-157", "L1", "1550-1620", "E5a=3,2", "=", "-", "BOC(1,1)@1575/3=2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if r, err := ParseRxBandwidths([]string{s}); err != nil {
			if !IsUsage(err) {
				t.Fatalf("%q: %v", s, err)
			}
		} else {
			for _, v := range append([]float64{r.AllMHz}, mapValues(r.BySignal)...) {
				if math.IsNaN(v) || v < 0 || math.IsInf(v, 0) {
					t.Fatalf("%q: bandwidth %v", s, v)
				}
			}
		}
		if p, err := ParsePowers([]string{s}); err != nil {
			if !IsUsage(err) {
				t.Fatalf("%q: %v", s, err)
			}
		} else {
			for _, v := range p {
				if !(v >= MinPowerDBW && v <= MaxPowerDBW) {
					t.Fatalf("%q: power %v", s, v)
				}
			}
		}
		if b, err := ParseBand(s); err != nil {
			if !IsUsage(err) {
				t.Fatalf("%q: %v", s, err)
			}
		} else if !(b.LoMHz > 0 && b.HiMHz > b.LoMHz) {
			t.Fatalf("%q: band %+v", s, b)
		}
		for _, p := range SplitSignals([]string{s}) {
			if p == "" || strings.TrimSpace(p) != p {
				t.Fatalf("%q: part %q", s, p)
			}
		}
	})
}

func mapValues(m map[string]float64) []float64 {
	var out []float64
	for _, v := range m {
		out = append(out, v)
	}
	return out
}
