package spectrum

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestGainTableInterpolation(t *testing.T) {
	g, err := NewGainTable([]float64{5, 30, 90}, []float64{0, 2, 3})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ el, want float64 }{
		{-10, 0}, {0, 0}, {5, 0}, {17.5, 1}, {30, 2}, {60, 2.5}, {90, 3}, {95, 3},
	} {
		if got := g.OffsetDB(tc.el); math.Abs(got-tc.want) > 1e-15 {
			t.Errorf("OffsetDB(%v) = %v, want %v", tc.el, got, tc.want)
		}
	}
	if !math.IsNaN(g.OffsetDB(math.NaN())) {
		t.Error("NaN elevation")
	}
	var zero GainTable
	if zero.OffsetDB(30) != 0 {
		t.Error("zero table must offset nothing")
	}
	one, _ := NewGainTable([]float64{10}, []float64{-1.5})
	if one.OffsetDB(0) != -1.5 || one.OffsetDB(80) != -1.5 {
		t.Error("single point is constant")
	}
	el, off := g.Points()
	el[0] = 99
	if e2, _ := g.Points(); e2[0] != 5 || len(off) != 3 {
		t.Error("Points must copy")
	}
	l1ca, _ := Lookup("L1CA")
	p, err := ReceivedPowerDBW(l1ca, 60, g)
	if err != nil || p != -156 {
		t.Errorf("received power %v %v", p, err)
	}
	if p, _ := ReceivedPowerDBW(l1ca, 60, nil); p != -158.5 {
		t.Errorf("nil table: %v", p)
	}
	for _, bad := range []float64{math.NaN(), 91, -91} {
		if _, err := ReceivedPowerDBW(l1ca, bad, g); err == nil {
			t.Errorf("elevation %v accepted", bad)
		}
	}
	if _, err := ReceivedPowerDBW(nil, 10, g); err == nil {
		t.Error("nil signal accepted")
	}
}

func TestNewGainTableErrors(t *testing.T) {
	for name, tc := range map[string][2][]float64{
		"empty":          {nil, nil},
		"length":         {{1, 2}, {0}},
		"not increasing": {{10, 10}, {0, 0}},
		"decreasing":     {{10, 5}, {0, 0}},
		"NaN el":         {{math.NaN()}, {0}},
		"el > 90":        {{91}, {0}},
		"el < -90":       {{-91}, {0}},
		"NaN gain":       {{0}, {math.NaN()}},
		"Inf gain":       {{0}, {math.Inf(1)}},
		"huge gain":      {{0}, {101}},
	} {
		if _, err := NewGainTable(tc[0], tc[1]); !errors.Is(err, ErrGainTable) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestParseGainTable(t *testing.T) {
	tests := []struct {
		name, text string
		el, off    []float64
	}{
		{"text", "# elevation offset\n5 0\n30\t1.5\n90, 3 # zenith\n", []float64{5, 30, 90}, []float64{0, 1.5, 3}},
		{"header", "elevation_deg offset_db\n5 0\n90 3\n", []float64{5, 90}, []float64{0, 3}},
		{"CRLF and blanks", "\r\n5 0\r\n\r\n90 3\r\n", []float64{5, 90}, []float64{0, 3}},
		{"negative elevation", "-5 -2\n0 0\n", []float64{-5, 0}, []float64{-2, 0}},
		{"yaml pairs", "# table\nelevation_gain_db:\n  - [5, 0.0]\n  - [90, 3]\n", []float64{5, 90}, []float64{0, 3}},
		{"yaml maps", "elevation_gain_db:\n  - {elevation_deg: 5, gain_db: 0}\n  - elevation_deg: 90\n    gain_db: 3\n", []float64{5, 90}, []float64{0, 3}},
		{"yaml bare list", "- [5, 0]\n- [90, 3]\n", []float64{5, 90}, []float64{0, 3}},
		{"yaml points key", "points: [[10, 1]]\n", []float64{10}, []float64{1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g, err := ParseGainTable(strings.NewReader(tc.text), "g.txt")
			if err != nil {
				t.Fatal(err)
			}
			el, off := g.Points()
			if len(el) != len(tc.el) {
				t.Fatalf("points %v %v", el, off)
			}
			for i := range el {
				if el[i] != tc.el[i] || off[i] != tc.off[i] {
					t.Errorf("point %d: %v %v, want %v %v", i, el[i], off[i], tc.el[i], tc.off[i])
				}
			}
		})
	}
}

// TestParseGainTableErrors: every error names the file and, where it has
// one, the line.
func TestParseGainTableErrors(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"empty", "", "gain.txt: no points"},
		{"comments only", "# nothing\n\n", "gain.txt: no points"},
		{"three fields", "5 0\n10 1 2\n", "gain.txt:2: want two fields"},
		{"bad elevation", "5 0\nx 1\n", "gain.txt:2: elevation \"x\" is not a number"},
		{"bad offset", "5 0\n10 y\n", "gain.txt:2: offset \"y\" is not a number"},
		{"second header", "a b\nc d\n", "gain.txt:2: elevation \"c\""},
		{"not increasing", "5 0\n# c\n5 1\n", "gain.txt:3: elevation 5° not above the previous 5°"},
		{"range", "5 0\n95 1\n", "gain.txt:2: elevation 95° outside"},
		{"NaN", "5 NaN\n", "gain.txt:1: offset NaN dB"},
		{"huge", "5 1e300\n", "gain.txt:1: offset"},
		{"yaml syntax", "elevation_gain_db: [\n", "gain.txt:"},
		{"yaml unknown key", "elevation_gain_db: []\nunit: dB\n", "gain.txt:2: unknown key \"unit\""},
		{"yaml missing key", "foo: 1\n", "gain.txt:1: unknown key \"foo\""},
		{"yaml not list", "elevation_gain_db: 5\n", "gain.txt:1: want a list"},
		{"yaml triple", "elevation_gain_db:\n  - [1, 2, 3]\n", "gain.txt:2: want [elevation_deg, gain_db], got 3"},
		{"yaml bad number", "elevation_gain_db:\n  - [5, 0]\n  - [x, 1]\n", "gain.txt:3: elevation \"x\" is not a number"},
		{"yaml map key", "elevation_gain_db:\n  - {elevation: 5, gain_db: 0}\n", "gain.txt:2: unknown key \"elevation\""},
		{"yaml map missing", "elevation_gain_db:\n  - {gain_db: 0}\n", "gain.txt:2: point needs"},
		{"yaml nested", "elevation_gain_db:\n  - [[1], 2]\n", "gain.txt:2: elevation is not a number"},
		{"yaml order", "elevation_gain_db:\n  - [10, 0]\n  - [5, 1]\n", "gain.txt:3: elevation 5° not above"},
		{"yaml empty list", "elevation_gain_db: []\n", "gain.txt: no points"},
		{"yaml scalar", "5: 3\n", "gain.txt:1: unknown key \"5\""},
		{"yaml item scalar", "- 5\n", "gain.txt:1: want [elevation_deg, gain_db] or"},
		{"yaml dup", "elevation_gain_db: []\npoints: []\n", "gain.txt:2: key \"points\" repeats"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseGainTable(strings.NewReader(tc.text), "gain.txt")
			var ge *GainTableError
			if !errors.As(err, &ge) {
				t.Fatalf("error %v is not a *GainTableError", err)
			}
			if !strings.HasPrefix(err.Error(), tc.want) && !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want %q", err, tc.want)
			}
		})
	}
	big := strings.Repeat("# padding padding padding padding\n", 40000)
	if _, err := ParseGainTable(strings.NewReader(big), "big"); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("big: %v", err)
	}
}

func TestLoadGainTable(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "gain.yaml")
	if err := os.WriteFile(p, []byte("elevation_gain_db:\n  - [5, 0]\n  - [oops, 1]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := LoadGainTable(p)
	if err == nil || !strings.HasPrefix(err.Error(), p+":3: ") {
		t.Errorf("error %v, want %s:3: …", err, p)
	}
	if _, err := LoadGainTable(filepath.Join(dir, "missing")); err == nil {
		t.Error("missing file accepted")
	}
}
