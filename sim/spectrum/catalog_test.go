package spectrum

import (
	"math"
	"strings"
	"testing"

	"github.com/gnssim/gnssim/ephemeris"
)

// TestCatalogueValues pins the catalogue's centre frequencies, modulations,
// bandwidths and powers to the values of the interface documents quoted
// in catalog.go.
func TestCatalogueValues(t *testing.T) {
	tests := []struct {
		name      string
		sys       ephemeris.System
		centreMHz float64
		stepMHz   float64
		chipMHz   float64
		mods      string // components' modulations, '+'-joined
		shares    []float64
		txMHz     float64
		minDBW    float64
		uncertain bool
	}{
		{"L1OF", ephemeris.GLONASS, 1602, 0.5625, 0.511, "BPSK(0.511MHz)", []float64{1}, 10.22, -161, true},
		{"L2OF", ephemeris.GLONASS, 1246, 0.4375, 0.511, "BPSK(0.511MHz)", []float64{1}, 10.22, -167, true},
		{"L1OC", ephemeris.GLONASS, 1600.995, 0, 1.023, "BPSK(1)+BOC(1,1)", []float64{0.5, 0.5}, 15.345, -161, true},
		{"L2OC", ephemeris.GLONASS, 1248.06, 0, 1.023, "BPSK(1)+BOC(1,1)", []float64{0.5, 0.5}, 15.345, -161, true},
		{"L3OC", ephemeris.GLONASS, 1202.025, 0, 10.23, "BPSK(10)+BPSK(10)", []float64{0.5, 0.5}, 20.46, -158, true},
		{"B1I", ephemeris.BeiDou, 1561.098, 0, 2.046, "BPSK(2)", []float64{1}, 4.092, -163, false},
		{"B1C", ephemeris.BeiDou, 1575.42, 0, 1.023, "BOC(1,1)+QMBOC(6,1,4/33)", []float64{0.25, 0.75}, 32.736, -159, false},
		{"B2a", ephemeris.BeiDou, 1176.45, 0, 10.23, "BPSK(10)+BPSK(10)", []float64{0.5, 0.5}, 20.46, -156, false},
		{"B2b", ephemeris.BeiDou, 1207.14, 0, 10.23, "BPSK(10)", []float64{1}, 20.46, -160, false},
		{"B3I", ephemeris.BeiDou, 1268.52, 0, 10.23, "BPSK(10)", []float64{1}, 20.46, -163, false},
		{"L1CA", ephemeris.GPS, 1575.42, 0, 1.023, "BPSK(1)", []float64{1}, 20.46, -158.5, false},
		{"L1C", ephemeris.GPS, 1575.42, 0, 1.023, "BOC(1,1)+TMBOC(6,1,4/33)", []float64{0.25, 0.75}, 30.69, -157, false},
		{"L2C", ephemeris.GPS, 1227.6, 0, 1.023, "BPSK(1)+BPSK(1)", []float64{0.5, 0.5}, 20.46, -160, false},
		{"L5", ephemeris.GPS, 1176.45, 0, 10.23, "BPSK(10)+BPSK(10)", []float64{0.5, 0.5}, 24, -154.9, false},
		{"E1", ephemeris.Galileo, 1575.42, 0, 1.023, "CBOC(6,1,1/11,+)+CBOC(6,1,1/11,-)", []float64{0.5, 0.5}, 24.552, -157, false},
		{"E5a", ephemeris.Galileo, 1176.45, 0, 10.23, "BPSK(10)+BPSK(10)", []float64{0.5, 0.5}, 20.46, -155, false},
		{"E5b", ephemeris.Galileo, 1207.14, 0, 10.23, "BPSK(10)+BPSK(10)", []float64{0.5, 0.5}, 20.46, -155, false},
		{"E5", ephemeris.Galileo, 1191.795, 0, 10.23, "AltBOC(15,10)", []float64{1}, 51.15, -151.99, false},
		{"E6", ephemeris.Galileo, 1278.75, 0, 5.115, "BPSK(5)+BPSK(5)", []float64{0.5, 0.5}, 40.92, -155, false},
	}
	cat := Catalogue()
	if len(cat) != len(tests) {
		t.Fatalf("catalogue has %d signals, test %d", len(cat), len(tests))
	}
	for i, tc := range tests {
		s := cat[i]
		if s.Name != tc.name {
			t.Fatalf("entry %d is %s, want %s (order)", i, s.Name, tc.name)
		}
		var mods []string
		var shares []float64
		for _, c := range s.Components {
			mods = append(mods, c.Modulation.String())
			shares = append(shares, c.PowerShare)
		}
		if s.System != tc.sys || s.CentreMHz != tc.centreMHz || s.ChannelStepMHz != tc.stepMHz || s.ChipRateMHz != tc.chipMHz ||
			strings.Join(mods, "+") != tc.mods || s.TxBandwidthMHz != tc.txMHz || math.Abs(s.MinPowerDBW-tc.minDBW) > 0.005 ||
			s.Uncertain != tc.uncertain {
			t.Errorf("%s: %+v (mods %s)", tc.name, s, strings.Join(mods, "+"))
		}
		for j := range shares {
			if shares[j] != tc.shares[j] {
				t.Errorf("%s: shares %v, want %v", tc.name, shares, tc.shares)
			}
		}
	}
}

// TestCatalogueConsistency: every entry validates, cites a source, explains
// uncertain values, and its component powers (where the ICD gives them)
// add up to the total within 0.05 dB (the ICDs round each figure).
func TestCatalogueConsistency(t *testing.T) {
	for _, s := range Catalogue() {
		if err := s.Validate(); err != nil {
			t.Error(err)
		}
		if s.Source == "" {
			t.Errorf("%s: no source", s.Name)
		}
		if s.Uncertain && s.Note == "" {
			t.Errorf("%s: uncertain without a note", s.Name)
		}
		if s.RxBandwidthMHz != s.TxBandwidthMHz {
			t.Errorf("%s: receiver band %v differs from transmit band %v", s.Name, s.RxBandwidthMHz, s.TxBandwidthMHz)
		}
		sum, all := 0.0, true
		for _, c := range s.Components {
			if math.IsNaN(c.MinPowerDBW) {
				all = false
				continue
			}
			sum += math.Pow(10, c.MinPowerDBW/10)
			// A component's own minimum sits within 0.05 dB of its share
			// of the total.
			if d := c.MinPowerDBW - (s.MinPowerDBW + 10*math.Log10(c.PowerShare)); math.Abs(d) > 0.05 {
				t.Errorf("%s %s: %v dBW vs share %v of %v dBW", s.Name, c.Name, c.MinPowerDBW, c.PowerShare, s.MinPowerDBW)
			}
		}
		if all && math.Abs(10*math.Log10(sum)-s.MinPowerDBW) > 0.05 {
			t.Errorf("%s: components sum to %.3f dBW, total %v", s.Name, 10*math.Log10(sum), s.MinPowerDBW)
		}
		if s.PartOf != "" {
			if p, err := Lookup(s.PartOf); err != nil || p.System != s.System {
				t.Errorf("%s: PartOf %q: %v", s.Name, s.PartOf, err)
			}
		}
		if s.Title() != s.System.Title()+" "+s.Name {
			t.Errorf("title %q", s.Title())
		}
	}
}

func TestCarrierMHz(t *testing.T) {
	l1of, _ := Lookup("L1OF")
	l2of, _ := Lookup("L2OF")
	// ICD ed. 5.1 Table 3.1 endpoints: k = −7 → 1598.0625 / 1242.9375 MHz,
	// k = +6 → 1605.375 / 1248.625 MHz.
	for _, tc := range []struct {
		s    *Signal
		ch   int
		want float64
	}{
		{l1of, -7, 1598.0625}, {l1of, 0, 1602}, {l1of, 6, 1605.375},
		{l2of, -7, 1242.9375}, {l2of, 6, 1248.625},
	} {
		got, err := tc.s.CarrierMHz(tc.ch)
		if err != nil || math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("%s ch %d: %v %v, want %v", tc.s.Name, tc.ch, got, err, tc.want)
		}
	}
	for _, ch := range []int{-8, 7, 100} {
		if _, err := l1of.CarrierMHz(ch); err == nil {
			t.Errorf("channel %d accepted", ch)
		}
	}
	b1c, _ := Lookup("B1C")
	if f, err := b1c.CarrierMHz(5); err != nil || f != 1575.42 {
		t.Errorf("CDMA channel should be ignored: %v %v", f, err)
	}
}

func TestLookup(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"L1OF", "L1OF"}, {"l1of", "L1OF"}, {"GLONASS L1OF", "L1OF"}, {"glo-l1of", "L1OF"}, {"R L1OF", "L1OF"},
		{"b1c", "B1C"}, {"BDS B1C", "B1C"}, {"beidou_b1c", "B1C"}, {"C B1C", "B1C"},
		{"L1 C/A", "L1CA"}, {"gps l1ca", "L1CA"}, {"L5", "L5"}, {"G L5", "L5"},
		{"e5a", "E5a"}, {"Galileo E1", "E1"}, {"gal e6", "E6"}, {"E5AltBOC", "E5"},
	} {
		s, err := Lookup(tc.in)
		if err != nil || s.Name != tc.want {
			t.Errorf("Lookup(%q) = %v, %v; want %s", tc.in, s, err, tc.want)
		}
	}
	for _, bad := range []string{"", "L7", "GPS L1OF", "xyz"} {
		_, err := Lookup(bad)
		if err == nil {
			t.Errorf("Lookup(%q) accepted", bad)
			continue
		}
		for _, n := range []string{"GLONASS L1OF", "BeiDou B1C", "GPS L5", "Galileo E5a"} {
			if !strings.Contains(err.Error(), n) {
				t.Errorf("error %q does not list %s", err, n)
			}
		}
	}
	// Every name and alias, bare and with each system prefix, resolves to
	// its own signal (no ambiguity).
	for _, s := range Catalogue() {
		for _, n := range append([]string{s.Name}, s.Aliases...) {
			for _, p := range []string{"", s.System.Title() + " ", s.System.Letter() + "-"} {
				got, err := Lookup(p + n)
				if err != nil || got.Name != s.Name {
					t.Errorf("Lookup(%q) = %v, %v; want %s", p+n, got, err, s.Name)
				}
			}
		}
	}
	// Copies: modifying one does not change the catalogue.
	a, _ := Lookup("L5")
	a.MinPowerDBW = 0
	a.Components[0].PowerShare = 0
	b, _ := Lookup("L5")
	if b.MinPowerDBW != -154.9 || b.Components[0].PowerShare != 0.5 {
		t.Error("Lookup returned shared state")
	}
}

func TestInterferers(t *testing.T) {
	names := func(ss []*Signal) string {
		var out []string
		for _, s := range ss {
			out = append(out, s.Name)
		}
		return strings.Join(out, ",")
	}
	for _, tc := range []struct {
		sys  ephemeris.System
		want string
	}{
		{ephemeris.GLONASS, "L1OF,L2OF,L1OC,L2OC,L3OC"},
		{ephemeris.BeiDou, "B1I,B1C,B2a,B2b,B3I"},
		{ephemeris.GPS, "L1CA,L1C,L2C,L5"},
		{ephemeris.Galileo, "E1,E5,E6"},
		{ephemeris.QZSS, ""},
	} {
		if got := names(Interferers(tc.sys)); got != tc.want {
			t.Errorf("%v: %s, want %s", tc.sys, got, tc.want)
		}
	}
}

func TestSignalValidate(t *testing.T) {
	good, _ := Lookup("B2a")
	for name, mutate := range map[string]func(s *Signal){
		"empty name":  func(s *Signal) { s.Name = " " },
		"NaN centre":  func(s *Signal) { s.CentreMHz = math.NaN() },
		"zero tx":     func(s *Signal) { s.TxBandwidthMHz = 0 },
		"neg rx":      func(s *Signal) { s.RxBandwidthMHz = -1 },
		"neg step":    func(s *Signal) { s.ChannelStepMHz = -0.5 },
		"Inf power":   func(s *Signal) { s.MinPowerDBW = math.Inf(-1) },
		"chip rate":   func(s *Signal) { s.ChipRateMHz = 1.023 },
		"no comps":    func(s *Signal) { s.Components = nil },
		"share sum":   func(s *Signal) { s.Components = s.Components[:1] },
		"bad modulus": func(s *Signal) { s.Components[0].Modulation = Modulation{} },
	} {
		s, _ := Lookup("B2a")
		mutate(s)
		if err := s.Validate(); err == nil {
			t.Errorf("%s: accepted", name)
		}
		s.spec = nil // a modified signal builds its own spectrum
		spectral := map[string]bool{"zero tx": true, "no comps": true, "share sum": true, "bad modulus": true}
		if _, err := s.Spectrum(); spectral[name] && err == nil {
			t.Errorf("%s: Spectrum accepted", name)
		}
	}
	if err := good.Validate(); err != nil {
		t.Error(err)
	}
}

func TestDensityAtMHz(t *testing.T) {
	l1of, _ := Lookup("L1OF")
	sp, _ := l1of.Spectrum()
	// Channel +1 is centred on 1602.5625 MHz.
	g, err := l1of.DensityAtMHz(1602.5625, 1)
	if err != nil || g != sp.PSD(0) {
		t.Errorf("%v %v, want %v", g, err, sp.PSD(0))
	}
	if g, _ := l1of.DensityAtMHz(1602.5625+6, 1); g != 0 {
		t.Errorf("outside the band: %v", g)
	}
	if _, err := l1of.DensityAtMHz(1602, 9); err == nil {
		t.Error("channel 9 accepted")
	}
	if _, err := l1of.DensityAtMHz(math.NaN(), 0); err == nil {
		t.Error("NaN accepted")
	}
}
