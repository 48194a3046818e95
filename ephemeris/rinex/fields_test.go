package rinex

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
)

func TestParseFortran(t *testing.T) {
	good := []struct {
		in   string
		want float64
	}{
		{" 1.604342833161e-05", 1.604342833161e-05},
		{" 1.604342833161E-05", 1.604342833161e-05},
		{" 1.604342833161D-05", 1.604342833161e-05},
		{" 1.604342833161d-05", 1.604342833161e-05},
		{"-4.142968750000e+02", -414.296875},
		{"  .999999999999e+09", 0.999999999999e9}, // ESBC GLONASS line 4: no leading digit
		{"-0.000000000000e+00", math.Copysign(0, -1)},
		{"0.4657D-08", 0.4657e-8}, // RINEX 2 ION ALPHA, D12.4
		{"18", 18},
		{"  3.", 3},
		{"+2.5", 2.5},
		{"1e5", 1e5},
	}
	for _, c := range good {
		got, ok := parseFortran(c.in)
		if !ok || got != c.want || math.Signbit(got) != math.Signbit(c.want) {
			t.Errorf("parseFortran(%q) = %v, %v; want %v", c.in, got, ok, c.want)
		}
	}
	for _, in := range []string{"", "   ", ".", "-", "e5", "1.2.3", "1.0e", "1.0e+", "1.0x+05", "NaN", "nan", "Inf", "-inf",
		"0x1p-2", "1_000", "1.0e+0x", "1.0e999", "1,5", "1.0 e+05", "\x001"} {
		if v, ok := parseFortran(in); ok {
			t.Errorf("parseFortran(%q) accepted: %v", in, v)
		}
	}
}

func TestParseEpoch(t *testing.T) {
	p := &parser{file: "f"}
	ep, e := p.parseEpoch(line{text: "G01 2020 06 25 04 00 00 1.6e-05", num: 3}, epoch3)
	if e != nil || !ep.Equal(time.Date(2020, 6, 25, 4, 0, 0, 0, time.UTC)) {
		t.Errorf("RINEX 3 epoch = %v, %v", ep, e)
	}
	ep, e = p.parseEpoch(line{text: " 1 20  6 25  4  0 30.5 1.6D-05"}, epoch2)
	if e != nil || !ep.Equal(time.Date(2020, 6, 25, 4, 0, 30, 5e8, time.UTC)) {
		t.Errorf("RINEX 2 epoch = %v, %v", ep, e)
	}
	ep, e = p.parseEpoch(line{text: " 1 99 12 31 23 59 59.9"}, epoch2)
	if e != nil || ep.Year() != 1999 {
		t.Errorf("two-digit year 99 = %v, %v; want 1999", ep, e)
	}
	bad := []struct {
		text, field string
		col         int
		err         error
	}{
		{"G01 2020 13 25 04 00 00", "epoch month", 10, ephemeris.ErrRange},
		{"G01 2021 02 29 04 00 00", "epoch day", 13, ephemeris.ErrRange},
		{"G01 2020 06 25 24 00 00", "epoch hour", 16, ephemeris.ErrRange},
		{"G01 2020 06 25 04 60 00", "epoch minute", 19, ephemeris.ErrRange},
		{"G01 2020 06 25 04 00 60", "epoch second", 22, ephemeris.ErrRange},
		{"G01 20x0 06 25 04 00 00", "epoch year", 5, ephemeris.ErrSyntax},
		{"G01 2020 06", "epoch day", 13, ephemeris.ErrMissingField},
	}
	for _, c := range bad {
		_, e := p.parseEpoch(line{text: c.text, num: 7}, epoch3)
		if e == nil || e.Field != c.field || e.Column != c.col || !errors.Is(e, c.err) || e.Line != 7 || e.File != "f" {
			t.Errorf("parseEpoch(%q) error = %v; want field %q column %d %v", c.text, e, c.field, c.col, c.err)
		}
	}
}

func TestParseSatID(t *testing.T) {
	for in, want := range map[string]SatID{
		"G05": {ephemeris.GPS, 5}, "R07": {ephemeris.GLONASS, 7}, "C01": {ephemeris.BeiDou, 1},
		"E11": {ephemeris.Galileo, 11}, "J02": {ephemeris.QZSS, 2}, "S23": {ephemeris.SBAS, 23},
		"I09": {ephemeris.NavIC, 9}, "G 5": {ephemeris.GPS, 5},
	} {
		got, err := ParseSatID(in)
		if err != nil || got != want {
			t.Errorf("ParseSatID(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if s := (SatID{ephemeris.GLONASS, 7}).String(); s != "R07" {
		t.Errorf("String = %q, want R07", s)
	}
	for _, in := range []string{"", "G", "G100", "X01", "G00", "G-1", "Gab", "g01"} {
		if _, err := ParseSatID(in); err == nil {
			t.Errorf("ParseSatID(%q) accepted", in)
		}
	}
}

func TestIsBeiDouGEO(t *testing.T) {
	// BDS-SIS-ICD-B1I 3.0: GEO PRNs 1-5 and 59-63.
	for prn := 1; prn <= 63; prn++ {
		want := prn <= 5 || prn >= 59
		if IsBeiDouGEO(prn) != want {
			t.Errorf("IsBeiDouGEO(%d) = %v", prn, !want)
		}
	}
}

func TestGlonassFrameTime(t *testing.T) {
	tb := time.Date(2020, 6, 24, 23, 15, 0, 0, time.UTC) // a Wednesday
	cases := []struct {
		tk   float64
		want time.Time
	}{
		{342000, time.Date(2020, 6, 24, 23, 0, 0, 0, time.UTC)}, // seconds of the UTC week
		{82800, time.Date(2020, 6, 24, 23, 0, 0, 0, time.UTC)},  // seconds of day (old RINEX 2)
		{0.9999e9, time.Time{}},                                 // unknown
		{-5, time.Time{}},
	}
	for _, c := range cases {
		if got := glonassFrameTime(true, c.tk, tb); !got.Equal(c.want) {
			t.Errorf("frame time %v: %v, want %v", c.tk, got, c.want)
		}
	}
	// Across the week boundary: t_b Sunday 00:15, t_k at the end of the
	// previous week (Saturday 23:45 + ...).
	tb = time.Date(2020, 6, 28, 0, 15, 0, 0, time.UTC)
	if got := glonassFrameTime(true, 604800-900, tb); !got.Equal(time.Date(2020, 6, 28, 0, 0, 0, 0, time.UTC).Add(-15 * time.Minute)) {
		t.Errorf("frame time across the week boundary: %v", got)
	}
}
