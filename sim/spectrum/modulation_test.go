package spectrum

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestParseModulationValid(t *testing.T) {
	tests := []struct {
		in         string
		kind       Kind
		m, n, r    float64
		sign       int
		canonical  string
		chipRateHz float64
	}{
		{"BPSK(1)", KindBPSK, 0, 1, 0, 0, "BPSK(1)", 1.023e6},
		{"bpsk(10)", KindBPSK, 0, 10, 0, 0, "BPSK(10)", 10.23e6},
		{" BPSK-R( 2 ) ", KindBPSK, 0, 2, 0, 0, "BPSK(2)", 2.046e6},
		{"BPSK(0.5)", KindBPSK, 0, 0.5, 0, 0, "BPSK(0.5)", 0.5115e6},
		{"BPSK(0.511)", KindBPSK, 0, 0.511, 0, 0, "BPSK(0.511)", 0.511 * 1.023e6},
		{"BPSK(0.511MHz)", KindBPSK, 0, 0.511e6 / F0Hz, 0, 0, "BPSK(0.511MHz)", 0.511e6},
		{"BPSK(511kHz)", KindBPSK, 0, 511e3 / F0Hz, 0, 0, "BPSK(0.511MHz)", 0.511e6},
		{"BOC(1,1)", KindBOCSin, 1, 1, 0, 0, "BOC(1,1)", 1.023e6},
		{"BOCs(10,5)", KindBOCSin, 10, 5, 0, 0, "BOC(10,5)", 5.115e6},
		{"BOCs(15,2.5)", KindBOCSin, 15, 2.5, 0, 0, "BOC(15,2.5)", 2.5575e6},
		{"BOCc(10,5)", KindBOCCos, 10, 5, 0, 0, "BOCc(10,5)", 5.115e6},
		{"BOCc(15,2.5)", KindBOCCos, 15, 2.5, 0, 0, "BOCc(15,2.5)", 2.5575e6},
		{"BOC(1.5,1)", KindBOCSin, 1.5, 1, 0, 0, "BOC(1.5,1)", 1.023e6}, // odd 2m/n = 3
		{"MBOC(6,1,1/11)", KindMBOC, 6, 1, 1.0 / 11, 0, "MBOC(6,1,1/11)", 1.023e6},
		{"CBOC(6,1,1/11,+)", KindCBOC, 6, 1, 1.0 / 11, 1, "CBOC(6,1,1/11,+)", 1.023e6},
		{"cboc(6, 1, 1/11, -)", KindCBOC, 6, 1, 1.0 / 11, -1, "CBOC(6,1,1/11,-)", 1.023e6},
		{"CBOC(6,1,1/11)", KindCBOC, 6, 1, 1.0 / 11, 0, "CBOC(6,1,1/11)", 1.023e6},
		{"TMBOC(6,1,4/33)", KindTMBOC, 6, 1, 4.0 / 33, 0, "TMBOC(6,1,4/33)", 1.023e6},
		{"QMBOC(6,1,4/33)", KindQMBOC, 6, 1, 4.0 / 33, 0, "QMBOC(6,1,4/33)", 1.023e6},
		{"MBOC(6,1,0.25)", KindMBOC, 6, 1, 0.25, 0, "MBOC(6,1,0.25)", 1.023e6},
		{"AltBOC(15,10)", KindAltBOC, 15, 10, 0, 0, "AltBOC(15,10)", 10.23e6},
		{"ALTBOC(7.5,5)", KindAltBOC, 7.5, 5, 0, 0, "AltBOC(7.5,5)", 5.115e6},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			m, err := ParseModulation(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if m.Kind != tc.kind || m.M != tc.m || math.Abs(m.N-tc.n) > 1e-15 || math.Abs(m.R-tc.r) > 1e-15 || m.Sign != tc.sign {
				t.Errorf("got %+v", m)
			}
			if got := m.String(); got != tc.canonical {
				t.Errorf("String = %q, want %q", got, tc.canonical)
			}
			// Chip rates: exact decimal products, to 1e-12 relative.
			if math.Abs(m.ChipRateHz()-tc.chipRateHz) > 1e-12*tc.chipRateHz {
				t.Errorf("chip rate %v Hz, want %v", m.ChipRateHz(), tc.chipRateHz)
			}
			back, err := ParseModulation(m.String())
			if err != nil || back != m {
				t.Errorf("round trip: %+v, %v", back, err)
			}
		})
	}
}

func TestParseModulationInvalid(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"", "want BPSK"},
		{"BPSK", "want BPSK"},
		{"BPSK()", "empty"},
		{"BPSK(1", "want BPSK"},
		{"BPSK(1))", "want BPSK"},
		{"BPSK(1)x", "want BPSK"},
		{"BPSK(-2)", "outside"},
		{"BPSK(0)", "outside"},
		{"BPSK(NaN)", "not finite"},
		{"BPSK(Inf)", "not finite"},
		{"BPSK(1e300)", "outside"},
		{"BPSK(1000)", "outside"},
		{"BPSK(1,2)", "takes 1"},
		{"BPSK(abc)", "not a number"},
		{"BPSK(1GHz)", "not a number"},
		{"BOC(1)", "takes 2"},
		{"BOC(1,2)", "n ≤ m"},
		{"BOC(1.3,1)", "not an integer"},
		{"BOC(1,1,1)", "takes 2"},
		{"BOC(101,1)", "≤ 100"},
		{"BOCc(NaN,1)", "not finite"},
		{"BOC(1,0.001)", "outside"},
		{"QPSK(10)", "unknown family"},
		{"MBOC(6,1)", "takes 3"},
		{"MBOC(1,1,1/11)", "m must exceed n"},
		{"MBOC(6,1,0)", "outside (0, 1)"},
		{"MBOC(6,1,1)", "outside (0, 1)"},
		{"MBOC(6,1,1/0)", "divides by zero"},
		{"MBOC(6,1,-1/11)", "outside (0, 1)"},
		{"CBOC(6,1,1/11,*)", "want + or -"},
		{"CBOC(6,1,1/11,+,+)", "takes 3 or 4"},
		{"TMBOC(6,1,x/33)", "not a number"},
		{"AltBOC(10,10)", "even"},
		{"AltBOC(15,10,1)", "takes 2"},
		{"BOC(1,1)(2)", "want BPSK"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			m, err := ParseModulation(tc.in)
			if err == nil {
				t.Fatalf("accepted as %v", m)
			}
			if !errors.Is(err, ErrModulation) {
				t.Errorf("error %v does not wrap ErrModulation", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not mention %q", err, tc.want)
			}
		})
	}
	long := "BPSK(" + strings.Repeat("1", 300) + ")"
	if _, err := ParseModulation(long); err == nil || !strings.Contains(err.Error(), "too long") {
		t.Errorf("long input: %v", err)
	}
}

func TestNewModulation(t *testing.T) {
	if _, err := NewModulation(KindInvalid, 1, 1, 0, 0); err == nil {
		t.Error("KindInvalid accepted")
	}
	if _, err := NewModulation(KindCBOC, 6, 1, 1.0/11, 2); err == nil {
		t.Error("sign 2 accepted")
	}
	m, err := NewModulation(KindBOCSin, 10, 5, 0, 0)
	if err != nil || m.String() != "BOC(10,5)" || m.SubcarrierHz() != 10.23e6 {
		t.Errorf("%v %v", m, err)
	}
	var zero Modulation
	if !math.IsNaN(zero.PSD(0)) || zero.String() != "invalid" {
		t.Error("zero Modulation should be invalid")
	}
	if KindAltBOC.String() != "AltBOC" || !strings.HasPrefix(Kind(99).String(), "Kind(") {
		t.Error("Kind.String")
	}
}
