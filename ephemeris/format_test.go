package ephemeris

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

func TestFormatImpliedExp(t *testing.T) {
	tests := []struct {
		v    float64
		want string
	}{
		// The ISS B* of the published TLE and Vallado's cases (SGP4-VER.TLE).
		{-0.11606e-4, "-11606-4"},
		{0.28098e-4, " 28098-4"},
		{-0.30915e-6, "-30915-6"},
		{0.13519, " 13519+0"}, // Vallado writes 13519-0 (29141); the value is the same
		{0, " 00000+0"},       // as CelesTrak writes zero
		{math.Copysign(0, -1), " 00000+0"},
		{0.999994e9, " 99999+9"},  // largest magnitude the columns hold
		{0.999996e-4, " 10000-3"}, // rounding carries into the exponent
		{1.23456e-10, " 12346-9"}, // exponent -9, mantissa rounded
		{5e-11, " 05000-9"},       // below 1e-10: leading zeros, resolution 1e-14
		{4.9e-15, " 00000+0"},     // rounds to zero
	}
	for _, tc := range tests {
		got, err := formatImpliedExp(tc.v, "x")
		if err != nil || got != tc.want {
			t.Errorf("formatImpliedExp(%g) = %q, %v; want %q", tc.v, got, err, tc.want)
			continue
		}
		// And back, within the column rounding (5 significant digits or 5e-15 absolute).
		back, err := parseImpliedExp(got)
		if err != nil || math.Abs(back-tc.v) > 5e-6*math.Abs(tc.v)+5e-15 {
			t.Errorf("parseImpliedExp(%q) = %g, %v; want about %g", got, back, err, tc.v)
		}
	}
	if _, err := formatImpliedExp(0.999996e9, "x"); !errors.Is(err, ErrRange) {
		t.Errorf("0.999996e9: %v, want ErrRange (exponent 10)", err)
	}
}

func TestFormatTLEEpochRounding(t *testing.T) {
	tests := []struct {
		t    time.Time
		want string
	}{
		{time.Date(2008, 9, 20, 12, 25, 40, 104192000, time.UTC), "08264.51782528"},
		// 431 µs rounds down, 432 µs (half of 864 µs) up.
		{time.Date(2020, 1, 1, 0, 0, 0, 431999, time.UTC), "20001.00000000"},
		{time.Date(2020, 1, 1, 0, 0, 0, 432000, time.UTC), "20001.00000001"},
		// The last 1e-8 day of a year rounds into the next year.
		{time.Date(2021, 12, 31, 23, 59, 59, 999600000, time.UTC), "22001.00000000"},
		// A non-UTC location is converted.
		{time.Date(2020, 1, 1, 2, 0, 0, 0, time.FixedZone("EET", 7200)), "20001.00000000"},
	}
	for _, tc := range tests {
		got, err := formatTLEEpoch(tc.t)
		if err != nil || got != tc.want {
			t.Errorf("formatTLEEpoch(%v) = %q, %v; want %q", tc.t, got, err, tc.want)
		}
	}
	if _, err := formatTLEEpoch(time.Date(2056, 12, 31, 23, 59, 59, 999999000, time.UTC)); !errors.Is(err, ErrRange) {
		t.Errorf("rounding into 2057: %v", err)
	}
}

func TestFormatTLELinesErrors(t *testing.T) {
	base := func() *ElementSet {
		es, err := ParseTLE("", issLine1, issLine2)
		if err != nil {
			t.Fatal(err)
		}
		return es
	}
	tests := []struct {
		name     string
		mod      func(*ElementSet)
		sentinel error
	}{
		{"catalog 340000", func(es *ElementSet) { es.CatalogNumber = 340000 }, ErrRange},
		{"element set 10000", func(es *ElementSet) { es.ElementSetNo = 10000 }, ErrRange},
		{"revolution 100000", func(es *ElementSet) { es.RevAtEpoch = 100000 }, ErrRange},
		{"bstar exponent 10", func(es *ElementSet) { es.BStar = 1e9 }, ErrRange},
		{"nddot exponent 10", func(es *ElementSet) { es.MeanMotionDDot = -2e9 }, ErrRange},
		{"ndot 1", func(es *ElementSet) { es.MeanMotionDot = 0.999999996 }, ErrRange},
		{"eccentricity rounds to 1", func(es *ElementSet) { es.Eccentricity = 0.99999999 }, ErrRange},
		{"eccentricity 1", func(es *ElementSet) { es.Eccentricity = 1 }, ErrRange},
		{"mean motion 100", func(es *ElementSet) { es.MeanMotionRevPerDay = 99.999999996 }, ErrRange},
		{"mean motion rounds to 0", func(es *ElementSet) { es.MeanMotionRevPerDay = 1e-9 }, ErrRange},
		{"NaN", func(es *ElementSet) { es.InclinationDeg = math.NaN() }, ErrRange},
		{"inclination", func(es *ElementSet) { es.InclinationDeg = 180.1 }, ErrRange},
		{"epoch 2057", func(es *ElementSet) { es.Epoch = time.Date(2057, 1, 1, 0, 0, 0, 0, time.UTC) }, ErrRange},
		{"epoch 1956", func(es *ElementSet) { es.Epoch = time.Date(1956, 12, 31, 0, 0, 0, 0, time.UTC) }, ErrRange},
		{"classification unset", func(es *ElementSet) { es.Classification = 0 }, ErrSyntax},
		{"designator", func(es *ElementSet) { es.IntlDesignator = "1998-067A" }, ErrSyntax},
		{"ephemeris type 4", func(es *ElementSet) { es.EphemerisType = 4 }, ErrNotSGP4},
	}
	for _, tc := range tests {
		es := base()
		tc.mod(es)
		l1, l2, err := FormatTLELines(es)
		if !errors.Is(err, tc.sentinel) || l1 != "" || l2 != "" {
			t.Errorf("%s: %q %q %v, want %v", tc.name, l1, l2, err, tc.sentinel)
		}
	}
	if _, _, err := FormatTLELines(nil); err == nil {
		t.Error("nil set: no error")
	}
	// The ISS lines come back as published, except the zero of mean motion
	// ddot: CelesTrak's " 00000+0" for the published " 00000-0".
	l1, l2, err := FormatTLELines(base())
	if err != nil || l2 != issLine2 || l1 != setCols(issLine1, 45, " 00000+0", true) {
		t.Errorf("ISS:\n%s\n%s\n%v", l1, l2, err)
	}
}

// TestFormatRoundsToColumns: values with more digits than the columns
// are rounded (not truncated) and read back within half a unit.
func TestFormatRoundsToColumns(t *testing.T) {
	es, err := ParseTLE("", issLine1, issLine2)
	if err != nil {
		t.Fatal(err)
	}
	es.InclinationDeg = 51.641651                   // -> 51.6417
	es.Eccentricity = 0.00067034999                 // -> 0006703
	es.MeanMotionRevPerDay = 15.7212539151          // -> 15.72125392
	es.Epoch = es.Epoch.Add(500 * time.Microsecond) // 500 µs > 432 µs: next unit
	l1, l2, err := FormatTLELines(es)
	if err != nil {
		t.Fatal(err)
	}
	if got := l2[8:16]; got != " 51.6417" {
		t.Errorf("inclination %q", got)
	}
	if got := l2[26:33]; got != "0006703" {
		t.Errorf("eccentricity %q", got)
	}
	if got := l2[52:63]; got != "15.72125392" {
		t.Errorf("mean motion %q", got)
	}
	if got := l1[18:32]; got != "08264.51782529" {
		t.Errorf("epoch %q", got)
	}
	back, err := ParseTLE("", l1, l2)
	if err != nil || back.Epoch.Sub(es.Epoch).Abs() > 432*time.Microsecond {
		t.Errorf("read back: %v, epoch off by %v", err, back.Epoch.Sub(es.Epoch))
	}
}

func TestWriteTLENames(t *testing.T) {
	es, err := ParseTLE("", issLine1, issLine2)
	if err != nil {
		t.Fatal(err)
	}
	// Names a reader would take for something else get Space-Track's "0 ".
	for _, name := range []string{"ISS (ZARYA)", "1 ODD", "2 ODD", "# HASH", "0 ZERO", "0", "12345"} {
		es.Name = name
		var buf bytes.Buffer
		if err := WriteTLE(&buf, []*ElementSet{es}, true); err != nil {
			t.Fatalf("%q: %v", name, err)
		}
		back, err := ReadAll(&buf, ReadOptions{Strict: true})
		if err != nil || len(back) != 1 || back[0].Name != name {
			t.Errorf("name %q read back as %v, %v", name, back, err)
		}
	}
	es.Name = "MÜNCHEN"
	if err := WriteTLE(&bytes.Buffer{}, []*ElementSet{es}, true); !errors.Is(err, ErrSyntax) {
		t.Errorf("non-ASCII name: %v", err)
	}
	// Without names: 2-line form, and nothing is written when a set is bad.
	var buf bytes.Buffer
	bad := *es
	bad.CatalogNumber = 400000
	if err := WriteTLE(&buf, []*ElementSet{es, &bad}, false); !errors.Is(err, ErrRange) || buf.Len() != 0 {
		t.Errorf("bad second set: %v, %d bytes written", err, buf.Len())
	}
	if err := WriteTLE(&buf, []*ElementSet{es}, false); err != nil || strings.Count(buf.String(), "\n") != 2 {
		t.Errorf("2-line form: %q %v", buf.String(), err)
	}
}

func TestWriteOMMSpecialValues(t *testing.T) {
	es, err := ParseTLE("", issLine1, issLine2)
	if err != nil {
		t.Fatal(err)
	}
	es.Name = `A "quoted", <tagged> & name`
	es.CatalogNumber = 800000123 // beyond TLE, fine in OMM
	es.IntlDesignator = ""
	es.Epoch = es.Epoch.Add(123 * time.Nanosecond) // needs 9 decimals
	for _, w := range []struct {
		f     Format
		write func(*bytes.Buffer) error
	}{
		{FormatOMMJSON, func(b *bytes.Buffer) error { return WriteOMMJSON(b, []*ElementSet{es}) }},
		{FormatOMMCSV, func(b *bytes.Buffer) error { return WriteOMMCSV(b, []*ElementSet{es}) }},
		{FormatOMMXML, func(b *bytes.Buffer) error { return WriteOMMXML(b, []*ElementSet{es}) }},
	} {
		var buf bytes.Buffer
		if err := w.write(&buf); err != nil {
			t.Fatalf("%s: %v", w.f, err)
		}
		back, err := ReadAll(&buf, ReadOptions{Strict: true})
		if err != nil || len(back) != 1 || !sameSet(back[0], es) {
			t.Errorf("%s: %v %v", w.f, err, back)
		}
	}
	if !strings.Contains(formatISOEpoch(es.Epoch), ".104192123") || formatISOEpoch(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)) != "2020-01-01T00:00:00.000000" {
		t.Errorf("formatISOEpoch: %s", formatISOEpoch(es.Epoch))
	}
	es.Eccentricity = 1.5
	if err := WriteOMMJSON(&bytes.Buffer{}, []*ElementSet{es}); !errors.Is(err, ErrRange) {
		t.Errorf("invalid set: %v", err)
	}
}
