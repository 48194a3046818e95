package spectrum

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// FuzzParseModulation: whatever the input, ParseModulation does not
// panic; an error wraps ErrModulation; an accepted modulation re-parses
// from its String to an equal value, satisfies NewModulation's rules and
// has a finite, non-negative, even PSD.
func FuzzParseModulation(f *testing.F) {
	for _, s := range []string{
		"BPSK(1)", "BPSK(0.511MHz)", "BPSK(511kHz)", "BOC(1,1)", "BOCs(15,2.5)", "BOCc(10,5)",
		"MBOC(6,1,1/11)", "CBOC(6,1,1/11,+)", "CBOC(6,1,1/11,-)", "CBOC(6,1,1/11)", "TMBOC(6,1,4/33)",
		"QMBOC(6,1,4/33)", "AltBOC(15,10)", "BOC(1)", "BPSK(-2)", "BOC(1,2)", "BPSK(NaN)", "BPSK(1e308)",
		"MBOC(6,1,1/0)", "BOC(100,0.01)", "AltBOC(1.5,0.01)", "", "(", ")", "BPSK(1)(", "CBOC(6,1,0x1p-3,+)",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseModulation(s)
		if err != nil {
			if !errors.Is(err, ErrModulation) {
				t.Fatalf("%q: error %v does not wrap ErrModulation", s, err)
			}
			return
		}
		back, err := ParseModulation(m.String())
		if err != nil || back != m {
			t.Fatalf("%q → %q → %+v, %v (want %+v)", s, m.String(), back, err, m)
		}
		if _, err := NewModulation(m.Kind, m.M, m.N, m.R, m.Sign); err != nil {
			t.Fatalf("%q accepted but NewModulation refuses: %v", s, err)
		}
		for _, fHz := range []float64{0, 1, 0.3e6, m.ChipRateHz(), m.SubcarrierHz(), 7.77e6, 1e9} {
			g := m.PSD(fHz)
			if math.IsNaN(g) || math.IsInf(g, 0) || g < 0 || g != m.PSD(-fHz) {
				t.Fatalf("%q: PSD(%g) = %g", s, fHz, g)
			}
		}
	})
}

// FuzzParseGainTable: no panic; an error is a *GainTableError naming the
// file; an accepted table is valid and interpolates within the range of
// its offsets.
func FuzzParseGainTable(f *testing.F) {
	for _, s := range []string{
		"5 0\n30 1.5\n90 3\n", "elevation offset\n5 0\n", "-5 -1\n0 0\n", "5, 0 # c\n",
		"elevation_gain_db:\n  - [5, 0]\n  - {elevation_deg: 90, gain_db: 3}\n", "- [5, 0]\n", "points: [[1, 2]]\n",
		"elevation_gain_db: [\n", "5 NaN\n", "10 0\n5 0\n", "", "a: b: c", "&a [*a]", "- !!binary aGVsbG8=\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g, err := ParseGainTable(strings.NewReader(s), "fuzz.txt")
		if err != nil {
			var ge *GainTableError
			if !errors.As(err, &ge) || !strings.HasPrefix(err.Error(), "fuzz.txt") {
				t.Fatalf("%q: error %v", s, err)
			}
			return
		}
		el, off := g.Points()
		if err := checkGain(el, off, nil); err != nil {
			t.Fatalf("%q accepted but invalid: %v", s, err)
		}
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, o := range off {
			lo, hi = math.Min(lo, o), math.Max(hi, o)
		}
		for e := -90.0; e <= 90; e += 7.5 {
			if o := g.OffsetDB(e); !(o >= lo-1e-12 && o <= hi+1e-12) {
				t.Fatalf("%q: OffsetDB(%v) = %v outside [%v, %v]", s, e, o, lo, hi)
			}
		}
	})
}
