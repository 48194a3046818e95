package accuracy_test

import (
	"fmt"
	"testing"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/accuracy"
)

func TestNormalizePRN(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"G05", "G05"},
		{"g5", "G05"},
		{" G 5 ", "G05"},
		{"R07", "R07"},
		{"C19", "C19"},
		{"c019", "C19"},
		{"E100", "E100"},
		{"S138", "S138"},
		{"G", "G"},
		{"", ""},
		{"41330", "41330"},
		{"G+5", "G+5"},
		{"G-5", "G-5"},
		{"G5a", "G5A"},
		{"G1234", "G1234"},
	} {
		if got := accuracy.NormalizePRN(c.in); got != c.want {
			t.Errorf("NormalizePRN(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func sat(sys ephemeris.System, prn string) sim.Satellite {
	return sim.Satellite{System: sys, PRN: prn, Name: prn}
}

// TestMatch: pairs by system and normalised PRN, in a's order; the rest is
// listed with the reason.
func TestMatch(t *testing.T) {
	R, C, G := ephemeris.GLONASS, ephemeris.BeiDou, ephemeris.GPS
	cases := []struct {
		name         string
		a, b         []sim.Satellite
		pairs        string // "a-b" index pairs
		onlyA, onlyB string // "index:reason"
	}{
		{"same lists", []sim.Satellite{sat(R, "R07"), sat(C, "C19")}, []sim.Satellite{sat(R, "R07"), sat(C, "C19")},
			"[0-0 1-1]", "[]", "[]"},
		{"other order and spelling", []sim.Satellite{sat(R, "R07"), sat(G, "G05")}, []sim.Satellite{sat(G, "g5"), sat(R, "R7")},
			"[0-1 1-0]", "[]", "[]"},
		{"same PRN, other system", []sim.Satellite{sat(G, "R07")}, []sim.Satellite{sat(R, "R07")},
			"[]", "[0:not in the other source]", "[0:not in the other source]"},
		{"unmatched both ways", []sim.Satellite{sat(R, "R01"), sat(R, "R02")}, []sim.Satellite{sat(R, "R02"), sat(R, "R03")},
			"[1-0]", "[0:not in the other source]", "[1:not in the other source]"},
		{"no PRN", []sim.Satellite{sat(C, ""), sat(C, "C20")}, []sim.Satellite{sat(C, " "), sat(C, "C20")},
			"[1-1]", "[0:no PRN]", "[0:no PRN]"},
		{"duplicates", []sim.Satellite{sat(R, "R07"), sat(R, "R07")}, []sim.Satellite{sat(R, "R07"), sat(R, "r7")},
			"[0-0]", "[1:duplicate of index 0]", "[1:duplicate of index 0]"},
		{"NORAD labels match as text", []sim.Satellite{sat(C, "41330")}, []sim.Satellite{sat(C, "41330")},
			"[0-0]", "[]", "[]"},
		{"empty", nil, []sim.Satellite{sat(G, "G01")}, "[]", "[]", "[0:not in the other source]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := accuracy.Match(c.a, c.b)
			var pairs, oa, ob []string
			for _, p := range m.Pairs {
				pairs = append(pairs, fmt.Sprintf("%d-%d", p.A, p.B))
				if p.Sat != c.a[p.A] || p.SatB != c.b[p.B] {
					t.Errorf("pair %+v: satellites not those of the sources", p)
				}
			}
			for _, u := range m.OnlyA {
				oa = append(oa, fmt.Sprintf("%d:%s", u.Index, u.Reason))
			}
			for _, u := range m.OnlyB {
				ob = append(ob, fmt.Sprintf("%d:%s", u.Index, u.Reason))
			}
			if got := fmt.Sprint(pairs); got != c.pairs {
				t.Errorf("pairs %s, want %s", got, c.pairs)
			}
			if got := fmt.Sprint(oa); got != c.onlyA {
				t.Errorf("only a %s, want %s", got, c.onlyA)
			}
			if got := fmt.Sprint(ob); got != c.onlyB {
				t.Errorf("only b %s, want %s", got, c.onlyB)
			}
		})
	}
}
