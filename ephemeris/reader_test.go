package ephemeris

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// realTLECounts is the table of testdata/tle/README.md: element sets per
// snapshot file.
var realTLECounts = map[string]int{
	"2022-02-04/glonass.tle": 25, "2022-02-04/beidou.tle": 50, "2022-02-04/gps.tle": 31, "2022-02-04/galileo.tle": 28,
	"2024-07-16/glonass.tle": 26, "2024-07-16/beidou.tle": 52, "2024-07-16/gps.tle": 31, "2024-07-16/galileo.tle": 28,
	"2024-07-16/qzss.tle": 4, "2024-07-16/navic.tle": 9, "2024-07-16/sbas.tle": 13,
	"2026-03-18/glonass.tle": 28, "2026-03-18/beidou.tle": 55, "2026-03-18/gps.tle": 39, "2026-03-18/galileo.tle": 30,
	"2026-03-18/qzss.tle": 5, "2026-03-18/navic.tle": 9,
}

func tleDir() string { return filepath.Join("..", "testdata", "tle") }

// readLines returns the lines of a 3-line TLE file (no blank lines there).
func readLines(t testing.TB, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimRight(string(data), "\n"), "\n")
}

// TestReadRealTLEs reads every snapshot file: the counts of the README,
// no problem, provenance on every set, and the fields equal to an
// independent column cut of the lines; formatting gives back every line
// byte for byte (CelesTrak's own layout).
func TestReadRealTLEs(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(tleDir(), "*", "*.tle"))
	if len(files) != len(realTLECounts) {
		t.Fatalf("%d snapshot files, the README lists %d", len(files), len(realTLECounts))
	}
	total := 0
	for _, path := range files {
		rel, _ := filepath.Rel(tleDir(), path)
		rel = filepath.ToSlash(rel)
		sets, problems, err := ReadFile(path, ReadOptions{Strict: true})
		if err != nil || len(problems) != 0 {
			t.Fatalf("%s: %v %v", rel, err, problems)
		}
		if len(sets) != realTLECounts[rel] {
			t.Errorf("%s: %d sets, README says %d", rel, len(sets), realTLECounts[rel])
		}
		lines := readLines(t, path)
		for i, es := range sets {
			name, l1, l2 := lines[3*i], lines[3*i+1], lines[3*i+2]
			if es.Source != (Source{File: path, Line: 3*i + 1, Format: FormatTLE}) {
				t.Errorf("%s set %d: source %+v", rel, i, es.Source)
			}
			if es.Name != strings.TrimSpace(name) || es.IntlDesignator != strings.TrimSpace(l1[9:17]) {
				t.Errorf("%s set %d: name %q designator %q", rel, i, es.Name, es.IntlDesignator)
			}
			checkAgainstColumns(t, rel, es, l1, l2)
			f1, f2, err := FormatTLELines(es)
			if err != nil || f1 != l1 || f2 != l2 {
				t.Errorf("%s set %d: FormatTLELines =\n%s\n%s\n%v\nwant\n%s\n%s", rel, i, f1, f2, err, l1, l2)
			}
		}
		total += len(sets)
	}
	if total != 463 { // the README table: 134 + 176 + 166 sets
		t.Errorf("%d sets in all, want 463", total)
	}
}

// checkAgainstColumns compares a set with a plain re-reading of the
// columns (strings.Fields and the 8-column exponent rule), independent of
// the parser's own field code.
func checkAgainstColumns(t *testing.T, where string, es *ElementSet, l1, l2 string) {
	t.Helper()
	f2 := strings.Fields(l2)
	want := map[string]float64{
		"incl": atof(t, f2[2]), "raan": atof(t, f2[3]), "ecc": atof(t, "0."+f2[4]),
		"argp": atof(t, f2[5]), "ma": atof(t, f2[6]), "n": atof(t, l2[52:63]),
		"ndot":  atof(t, strings.Replace(strings.TrimSpace(l1[33:43]), ".", "0.", 1)),
		"bstar": atof(t, strings.TrimSpace(l1[53:54]+"0."+l1[54:59]+"e"+l1[59:61])),
	}
	got := map[string]float64{
		"incl": es.InclinationDeg, "raan": es.RAANDeg, "ecc": es.Eccentricity, "argp": es.ArgPerigeeDeg,
		"ma": es.MeanAnomalyDeg, "n": es.MeanMotionRevPerDay, "ndot": es.MeanMotionDot, "bstar": es.BStar,
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s %d: %s = %v, columns say %v", where, es.CatalogNumber, k, got[k], w)
		}
	}
	// Epoch: year and day from the columns, fraction via integer nanoseconds.
	yy := int(atof(t, l1[18:20]))
	day := int(atof(t, l1[20:23]))
	frac := int64(atof(t, l1[24:32]))
	year := 2000 + yy
	if yy >= 57 {
		year = 1900 + yy
	}
	ep := time.Date(year, 1, day, 0, 0, 0, 0, time.UTC).Add(time.Duration(frac * 864000))
	if !es.Epoch.Equal(ep) {
		t.Errorf("%s %d: epoch %v, columns say %v", where, es.CatalogNumber, es.Epoch, ep)
	}
}

func atof(t testing.TB, s string) float64 {
	t.Helper()
	v, err := parseDecimalText(strings.TrimSpace(s))
	if err != nil {
		t.Fatalf("test helper: %v", err)
	}
	return v
}

func TestReadVerificationFileAsTLE(t *testing.T) {
	// Read through the ordinary Reader, SGP4-VER.TLE gives a line-length
	// problem for each of its 33 cases (line 2 goes on after column 69)
	// and no set: the Reader does not guess.
	path := filepath.Join("..", "testdata", "sgp4-verification", "SGP4-VER.TLE")
	sets, problems, err := ReadFile(path, ReadOptions{SkipChecksum: true})
	if len(sets) != 0 || len(problems) != 33 || !errors.Is(err, ErrNoElementSets) {
		t.Fatalf("%d sets, %d problems, %v", len(sets), len(problems), err)
	}
	for _, p := range problems {
		if !errors.Is(p, ErrLineLength) || !strings.Contains(p.Err.Error(), "line 2 has") {
			t.Errorf("%v", p)
		}
	}
	if problems[0].Line != 4 { // the first line 2 (after two comment lines and line 1)
		t.Errorf("first problem on line %d, want 4", problems[0].Line)
	}
}

// vanguardTLE returns VANGUARD 1 parsed from the README's TLE.
func vanguardTLE(t *testing.T) *ElementSet {
	t.Helper()
	es, err := ParseTLE("VANGUARD 1", vanguardLine1, vanguardLine2)
	if err != nil {
		t.Fatal(err)
	}
	return es
}

// sameSet compares every field but Source, exactly.
func sameSet(a, b *ElementSet) bool {
	x, y := *a, *b
	x.Source, y.Source = Source{}, Source{}
	return x.Epoch.Equal(y.Epoch) && func() bool { x.Epoch, y.Epoch = time.Time{}, time.Time{}; return x == y }()
}

func TestOMMSamplesMatchTLE(t *testing.T) {
	want := vanguardTLE(t)
	for _, f := range []struct {
		name   string
		format Format
		line   int
	}{{"sample_omm.xml", FormatOMMXML, 4}, {"sample_omm.csv", FormatOMMCSV, 2}} {
		path := filepath.Join("..", "testdata", "sgp4-verification", f.name)
		sets, problems, err := ReadFile(path, ReadOptions{Strict: true})
		if err != nil || len(problems) != 0 || len(sets) != 1 {
			t.Fatalf("%s: %d sets, %v, %v", f.name, len(sets), problems, err)
		}
		got := sets[0]
		if !sameSet(got, want) {
			t.Errorf("%s:\n%+v\nwant (from the TLE)\n%+v", f.name, *got, *want)
		}
		if got.Source != (Source{File: path, Line: f.line, Format: f.format}) {
			t.Errorf("%s: source %+v", f.name, got.Source)
		}
		// The epoch to the nanosecond: 2020-10-13T04:52:48.472320 in the file.
		if got.Epoch != time.Date(2020, 10, 13, 4, 52, 48, 472320000, time.UTC) {
			t.Errorf("%s: epoch %v", f.name, got.Epoch)
		}
		// The TLE written from the OMM is the README's line 2 exactly; line 1
		// differs from python-sgp4's file only in the zero exponent sign
		// (CelesTrak writes 00000+0, the README 00000-0) and so the checksum.
		l1, l2, err := FormatTLELines(got)
		if err != nil || l2 != vanguardLine2 || l1 != setCols(vanguardLine1, 45, " 00000+0", true) {
			t.Errorf("%s: FormatTLELines\n%s\n%s\n%v", f.name, l1, l2, err)
		}
	}
}

// allRealSets reads every snapshot file.
func allRealSets(t testing.TB) []*ElementSet {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(tleDir(), "*", "*.tle"))
	var all []*ElementSet
	for _, path := range files {
		sets, _, err := ReadFile(path, ReadOptions{Strict: true})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, sets...)
	}
	return all
}

// TestRoundTripRealSets writes the 463 real sets in every format and reads
// them back: equal field for field, epochs to the nanosecond.
func TestRoundTripRealSets(t *testing.T) {
	sets := allRealSets(t)
	writers := []struct {
		format Format
		write  func(io.Writer, []*ElementSet) error
	}{
		{FormatOMMJSON, WriteOMMJSON}, {FormatOMMCSV, WriteOMMCSV}, {FormatOMMXML, WriteOMMXML},
		{FormatTLE, func(w io.Writer, s []*ElementSet) error { return WriteTLE(w, s, true) }},
	}
	for _, wr := range writers {
		var buf bytes.Buffer
		if err := wr.write(&buf, sets); err != nil {
			t.Fatalf("%s: %v", wr.format, err)
		}
		if DetectFormat(buf.Bytes()) != wr.format {
			t.Errorf("%s output detected as %s", wr.format, DetectFormat(buf.Bytes()))
		}
		back, err := ReadAll(&buf, ReadOptions{Strict: true})
		if err != nil || len(back) != len(sets) {
			t.Fatalf("%s: %d sets back, %v", wr.format, len(back), err)
		}
		for i := range sets {
			if !sameSet(back[i], sets[i]) {
				t.Errorf("%s set %d:\n%+v\nwant\n%+v", wr.format, i, *back[i], *sets[i])
			}
			if back[i].Source.Format != wr.format {
				t.Errorf("%s set %d: source %+v", wr.format, i, back[i].Source)
			}
		}
	}
}

// ommJSON builds one CelesTrak JSON object; fields overrides or removes
// (value "-") keys of the VANGUARD 1 record of the README.
func ommJSON(fields map[string]string) string {
	base := []struct{ k, v string }{
		{"OBJECT_NAME", `"VANGUARD 1"`}, {"OBJECT_ID", `"1958-002B"`}, {"EPOCH", `"2020-10-13T04:52:48.472320"`},
		{"MEAN_MOTION", "10.84869164"}, {"ECCENTRICITY", "0.1845686"}, {"INCLINATION", "34.2443"},
		{"RA_OF_ASC_NODE", "225.5254"}, {"ARG_OF_PERICENTER", "162.2516"}, {"MEAN_ANOMALY", "205.2356"},
		{"EPHEMERIS_TYPE", "0"}, {"CLASSIFICATION_TYPE", `"U"`}, {"NORAD_CAT_ID", "5"}, {"ELEMENT_SET_NO", "999"},
		{"REV_AT_EPOCH", "21814"}, {"BSTAR", "-2.2483e-5"}, {"MEAN_MOTION_DOT", "-1.6e-7"}, {"MEAN_MOTION_DDOT", "0"},
	}
	var parts []string
	for _, kv := range base {
		v := kv.v
		if o, ok := fields[kv.k]; ok {
			v = o
		}
		if v == "-" {
			continue
		}
		parts = append(parts, `"`+kv.k+`":`+v)
	}
	for k, v := range fields {
		if !strings.Contains(strings.Join(parts, ","), `"`+k+`"`) && v != "-" {
			parts = append(parts, `"`+k+`":`+v)
		}
	}
	return "{" + strings.Join(parts, ",") + "}"
}

func TestOMMJSONRecords(t *testing.T) {
	vanguard := vanguardTLE(t)
	// Hand-written records: accepted ones with the value they must give.
	good := []struct {
		name   string
		fields map[string]string
		check  func(*ElementSet) bool
	}{
		{"as CelesTrak writes it", nil, func(es *ElementSet) bool { return sameSet(es, vanguard) }},
		{"numbers as strings (Space-Track)", map[string]string{
			"MEAN_MOTION": `"10.84869164"`, "ECCENTRICITY": `".1845686"`, "NORAD_CAT_ID": `"5"`, "BSTAR": `"-.22483E-4"`,
			"EPHEMERIS_TYPE": `"0"`, "REV_AT_EPOCH": `"21814"`, "MEAN_MOTION_DDOT": `"0.0"`,
		}, func(es *ElementSet) bool { return sameSet(es, vanguard) }},
		{"Space-Track metadata", map[string]string{
			"MEAN_ELEMENT_THEORY": `"SGP4"`, "REF_FRAME": `"TEME"`, "TIME_SYSTEM": `"UTC"`, "CENTER_NAME": `"EARTH"`,
			"DECAY_DATE": "null", "TLE_LINE1": `"x"`, "SEMIMAJOR_AXIS": `"8617.4"`,
		}, func(es *ElementSet) bool { return sameSet(es, vanguard) }},
		{"NORAD id above Alpha-5", map[string]string{"NORAD_CAT_ID": "800000123"},
			func(es *ElementSet) bool { return es.CatalogNumber == 800000123 }},
		{"epoch with Z and nanoseconds", map[string]string{"EPOCH": `"2020-10-13T04:52:48.123456789Z"`},
			func(es *ElementSet) bool { return es.Epoch == time.Date(2020, 10, 13, 4, 52, 48, 123456789, time.UTC) }},
		{"epoch beyond nanoseconds rounds", map[string]string{"EPOCH": `"2020-10-13T04:52:48.99999999951"`},
			func(es *ElementSet) bool { return es.Epoch == time.Date(2020, 10, 13, 4, 52, 49, 0, time.UTC) }},
		{"epoch day of year", map[string]string{"EPOCH": `"2020-287T04:52:48.472320"`},
			func(es *ElementSet) bool { return es.Epoch.Equal(vanguard.Epoch) }},
		{"epoch without fraction", map[string]string{"EPOCH": `"2020-10-13T04:52:48"`},
			func(es *ElementSet) bool { return es.Epoch == time.Date(2020, 10, 13, 4, 52, 48, 0, time.UTC) }},
		{"optional keys absent", map[string]string{"OBJECT_NAME": "-", "OBJECT_ID": "-", "EPHEMERIS_TYPE": "-",
			"CLASSIFICATION_TYPE": "-", "ELEMENT_SET_NO": "-", "REV_AT_EPOCH": "-"},
			func(es *ElementSet) bool {
				return es.Name == "" && es.IntlDesignator == "" && es.Classification == 'U' && es.ElementSetNo == 0 && es.RevAtEpoch == 0
			}},
		{"null is absent", map[string]string{"OBJECT_ID": "null"}, func(es *ElementSet) bool { return es.IntlDesignator == "" }},
		{"designator 2000s, 3-letter piece", map[string]string{"OBJECT_ID": `"2023-152ABC"`},
			func(es *ElementSet) bool { return es.IntlDesignator == "23152ABC" }},
		{"UTF-8 name", map[string]string{"OBJECT_NAME": `"  北斗 M1 "`}, func(es *ElementSet) bool { return es.Name == "北斗 M1" }},
		{"boundary angles", map[string]string{"INCLINATION": "180", "RA_OF_ASC_NODE": "360", "MEAN_ANOMALY": "0"},
			func(es *ElementSet) bool { return es.InclinationDeg == 180 && es.RAANDeg == 360 }},
	}
	for _, tc := range good {
		sets, err := ReadAll(strings.NewReader("["+ommJSON(tc.fields)+"]"), ReadOptions{Strict: true})
		if err != nil || len(sets) != 1 || !tc.check(sets[0]) {
			var got any = sets
			if len(sets) == 1 {
				got = *sets[0]
			}
			t.Errorf("%s: %v %+v", tc.name, err, got)
		}
	}
	bad := []struct {
		name     string
		fields   map[string]string
		field    string
		sentinel error
		msg      string
	}{
		{"missing EPOCH", map[string]string{"EPOCH": "-"}, "EPOCH", ErrMissingField, "EPOCH"},
		{"missing MEAN_MOTION", map[string]string{"MEAN_MOTION": "-"}, "MEAN_MOTION", ErrMissingField, "MEAN_MOTION"},
		{"missing NORAD_CAT_ID", map[string]string{"NORAD_CAT_ID": "null"}, "NORAD_CAT_ID", ErrMissingField, "NORAD_CAT_ID"},
		{"empty BSTAR", map[string]string{"BSTAR": `""`}, "BSTAR", ErrMissingField, "BSTAR"},
		{"eccentricity 1", map[string]string{"ECCENTRICITY": "1.0"}, "ECCENTRICITY", ErrRange, ""},
		{"negative eccentricity", map[string]string{"ECCENTRICITY": "-0.1"}, "ECCENTRICITY", ErrRange, ""},
		{"inclination 180.5", map[string]string{"INCLINATION": "180.5"}, "INCLINATION", ErrRange, ""},
		{"negative RAAN", map[string]string{"RA_OF_ASC_NODE": "-1"}, "RA_OF_ASC_NODE", ErrRange, ""},
		{"mean motion 0", map[string]string{"MEAN_MOTION": "0"}, "MEAN_MOTION", ErrRange, ""},
		{"NaN", map[string]string{"MEAN_ANOMALY": `"NaN"`}, "MEAN_ANOMALY", ErrSyntax, ""},
		{"hex", map[string]string{"MEAN_ANOMALY": `"0x10"`}, "MEAN_ANOMALY", ErrSyntax, ""},
		{"huge", map[string]string{"BSTAR": "1e400"}, "BSTAR", ErrRange, ""},
		{"boolean", map[string]string{"INCLINATION": "true"}, "INCLINATION", ErrSyntax, "number or a string"},
		{"object", map[string]string{"INCLINATION": `{"v":1}`}, "INCLINATION", ErrSyntax, ""},
		{"SGP4-XP type", map[string]string{"EPHEMERIS_TYPE": "4"}, "EPHEMERIS_TYPE", ErrNotSGP4, "ephemeris type 4 (SGP4-XP) is not SGP4"},
		{"SGP4-XP theory", map[string]string{"MEAN_ELEMENT_THEORY": `"SGP4-XP"`}, "MEAN_ELEMENT_THEORY", ErrNotSGP4, "SGP4-XP"},
		{"frame", map[string]string{"REF_FRAME": `"GCRF"`}, "REF_FRAME", ErrNotSGP4, ""},
		{"time system", map[string]string{"TIME_SYSTEM": `"TAI"`}, "TIME_SYSTEM", ErrNotSGP4, ""},
		{"classification", map[string]string{"CLASSIFICATION_TYPE": `"X"`}, "CLASSIFICATION_TYPE", ErrSyntax, ""},
		{"NORAD negative", map[string]string{"NORAD_CAT_ID": "-5"}, "NORAD_CAT_ID", ErrRange, ""},
		{"NORAD fraction", map[string]string{"NORAD_CAT_ID": "5.5"}, "NORAD_CAT_ID", ErrSyntax, ""},
		{"NORAD 10 digits", map[string]string{"NORAD_CAT_ID": "1000000000"}, "NORAD_CAT_ID", ErrRange, ""},
		{"OBJECT_ID form", map[string]string{"OBJECT_ID": `"58002B"`}, "OBJECT_ID", ErrSyntax, ""},
		{"OBJECT_ID year", map[string]string{"OBJECT_ID": `"2057-001A"`}, "OBJECT_ID", ErrRange, ""},
		{"epoch month 13", map[string]string{"EPOCH": `"2020-13-01T00:00:00"`}, "EPOCH", ErrRange, "month 13"},
		{"epoch 30 February", map[string]string{"EPOCH": `"2020-02-30T00:00:00"`}, "EPOCH", ErrRange, "day 30"},
		{"epoch leap second", map[string]string{"EPOCH": `"2016-12-31T23:59:60"`}, "EPOCH", ErrRange, "leap second"},
		{"epoch year", map[string]string{"EPOCH": `"1956-12-31T23:59:59"`}, "EPOCH", ErrRange, "1957-2056"},
		{"epoch offset", map[string]string{"EPOCH": `"2020-10-13T04:52:48+02:00"`}, "EPOCH", ErrSyntax, ""},
		{"epoch space", map[string]string{"EPOCH": `"2020-10-13 04:52:48"`}, "EPOCH", ErrSyntax, ""},
		{"epoch day 366 of 2021", map[string]string{"EPOCH": `"2021-366T00:00:00"`}, "EPOCH", ErrRange, ""},
		{"control character in name", map[string]string{"OBJECT_NAME": `"A\u0007B"`}, "OBJECT_NAME", ErrSyntax, ""},
		{"duplicate key", map[string]string{"EPOCH": `"2020-10-13T04:52:48", "EPOCH": "2020-10-13T04:52:48"`}, "EPOCH", ErrSyntax, "twice"},
		{"ndot 1", map[string]string{"MEAN_MOTION_DOT": "1"}, "MEAN_MOTION_DOT", ErrRange, ""},
	}
	for _, tc := range bad {
		doc := "[\n" + ommJSON(tc.fields) + "\n]"
		sets, err := ReadAll(strings.NewReader(doc), ReadOptions{File: "x.json", Strict: true})
		var pe *ParseError
		if len(sets) != 0 || !errors.As(err, &pe) || pe.Field != tc.field || !errors.Is(err, tc.sentinel) ||
			!strings.Contains(err.Error(), tc.msg) || pe.Line != 2 || pe.File != "x.json" {
			t.Errorf("%s: %d sets, %v (field %q line %d); want field %s on line 2, %v", tc.name, len(sets), err,
				fieldOf(pe), lineOf(pe), tc.field, tc.sentinel)
		}
	}
	// Column of a field: "EPOCH": in the first object starts after the key.
	doc := "[" + ommJSON(map[string]string{"EPOCH": `"2020-13-13T00:00:00"`}) + "]"
	_, err := ReadAll(strings.NewReader(doc), ReadOptions{Strict: true})
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Line != 1 || pe.Column != strings.Index(doc, `"2020`)+1 {
		t.Errorf("EPOCH position: %v", err)
	}
}

func fieldOf(pe *ParseError) string {
	if pe == nil {
		return ""
	}
	return pe.Field
}

func lineOf(pe *ParseError) int {
	if pe == nil {
		return 0
	}
	return pe.Line
}

func TestOMMJSONDocument(t *testing.T) {
	rec := ommJSON(nil)
	tests := []struct {
		name     string
		doc      string
		sets     int
		problems int
		fatal    error
	}{
		{"single object", rec, 1, 0, nil},
		{"pretty array", "[\n  " + rec + ",\n  " + rec + "\n]\n", 2, 0, nil},
		{"BOM and blank lines", "\uFEFF\n\n[" + rec + "]", 1, 0, nil},
		{"element not an object", "[" + rec + ", 42, " + rec + "]", 2, 1, nil},
		{"truncated", "[" + rec + ", " + rec[:50], 1, 0, ErrSyntax},
		{"trailing garbage", "[" + rec + "] x", 1, 0, ErrSyntax},
		{"empty array", "[]", 0, 0, ErrNoElementSets},
		{"not JSON", "[tle]", 0, 0, ErrSyntax},
	}
	for _, tc := range tests {
		rd := NewReader(strings.NewReader(tc.doc), ReadOptions{File: tc.name})
		n := 0
		for rd.Next() {
			n++
		}
		if rd.Format() != FormatOMMJSON || n != tc.sets || len(rd.Problems()) != tc.problems ||
			(tc.fatal == nil) != (rd.Err() == nil) || (tc.fatal != nil && !errors.Is(rd.Err(), tc.fatal)) {
			t.Errorf("%s: format %v, %d sets, problems %v, err %v", tc.name, rd.Format(), n, rd.Problems(), rd.Err())
		}
	}
	// Line numbers of records in a pretty-printed array.
	doc := "[\n" + rec + ",\n" + strings.Replace(rec, "34.2443", "190", 1) + ",\n" + rec + "\n]"
	sets, err := ReadAll(strings.NewReader(doc), ReadOptions{File: "p.json"})
	var pe *ParseError
	if len(sets) != 2 || sets[1].Source.Line != 4 || !errors.As(err, &pe) || pe.Line != 3 || pe.Field != "INCLINATION" {
		t.Errorf("pretty array: %d sets, %v", len(sets), err)
	}
}

func TestOMMCSV(t *testing.T) {
	header := "OBJECT_NAME,OBJECT_ID,EPOCH,MEAN_MOTION,ECCENTRICITY,INCLINATION,RA_OF_ASC_NODE,ARG_OF_PERICENTER,MEAN_ANOMALY,EPHEMERIS_TYPE,CLASSIFICATION_TYPE,NORAD_CAT_ID,ELEMENT_SET_NO,REV_AT_EPOCH,BSTAR,MEAN_MOTION_DOT,MEAN_MOTION_DDOT"
	row := "VANGUARD 1,1958-002B,2020-10-13T04:52:48.472320,10.84869164,.1845686,34.2443,225.5254,162.2516,205.2356,0,U,5,999,21814,-.22483E-4,-1.6E-7,0"
	vanguard := vanguardTLE(t)
	// Columns in another order, an unknown column, CRLF, a quoted name.
	h := strings.Split(header, ",")
	r := strings.Split(row, ",")
	perm := []int{11, 2, 16, 15, 14, 13, 12, 10, 9, 8, 7, 6, 5, 4, 3, 1, 0}
	var h2, r2 []string
	for _, i := range perm {
		h2 = append(h2, h[i])
		r2 = append(r2, r[i])
	}
	h2 = append(h2, "COMMENT")
	r2 = append(r2, `"a, quoted ""comment"""`)
	doc := strings.Join(h2, ",") + "\r\n" + strings.Join(r2, ",") + "\r\n"
	sets, err := ReadAll(strings.NewReader(doc), ReadOptions{Strict: true})
	if err != nil || len(sets) != 1 || !sameSet(sets[0], vanguard) || sets[0].Source.Format != FormatOMMCSV {
		t.Fatalf("permuted CSV: %v %v", err, sets)
	}
	// Mixed records: good ones kept, bad ones reported with their lines.
	bad1 := strings.Replace(row, "34.2443", "234.2443", 1)
	bad2 := "VANGUARD 1,1958-002B"
	doc = header + "\n" + row + "\n" + bad1 + "\n\n" + bad2 + "\n" + row + "\n"
	sets, problems, err := readAllFrom(doc, ReadOptions{File: "m.csv"})
	if err != nil || len(sets) != 2 || len(problems) != 2 {
		t.Fatalf("mixed CSV: %d sets, problems %v, %v", len(sets), problems, err)
	}
	if p := problems[0]; p.Line != 3 || p.Field != "INCLINATION" || p.Column != strings.Index(bad1, "234.")+1 || !errors.Is(p, ErrRange) {
		t.Errorf("problem 1: %v (column %d)", p, p.Column)
	}
	if p := problems[1]; p.Line != 5 || p.Field != "CSV record" || !strings.Contains(p.Want, "17 fields") {
		t.Errorf("problem 2: %v", p)
	}
	if sets[0].Source.Line != 2 || sets[1].Source.Line != 6 {
		t.Errorf("source lines %d %d, want 2 6", sets[0].Source.Line, sets[1].Source.Line)
	}
	// A header without a required column is fatal, naming the column.
	noBStar := strings.Replace(header, ",BSTAR", ",XSTAR", 1)
	_, err = ReadAll(strings.NewReader(noBStar+"\n"+row+"\n"), ReadOptions{})
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Field != "BSTAR" || !errors.Is(err, ErrMissingField) || !strings.Contains(err.Error(), "no column BSTAR") {
		t.Errorf("missing column: %v", err)
	}
	// A broken quote is a problem of its record only.
	doc = header + "\n" + `"VANG"UARD",` + strings.SplitN(row, ",", 2)[1] + "\n" + row + "\n"
	sets, problems, err = readAllFrom(doc, ReadOptions{})
	if err != nil || len(sets) != 1 || len(problems) != 1 || problems[0].Line != 2 || !errors.Is(problems[0], ErrSyntax) {
		t.Errorf("bare quote: %d sets, %v, %v", len(sets), problems, err)
	}
}

// readAllFrom reads a string with a Reader and returns sets, problems and Err.
func readAllFrom(doc string, opt ReadOptions) ([]*ElementSet, []*ParseError, error) {
	rd := NewReader(strings.NewReader(doc), opt)
	var sets []*ElementSet
	for rd.Next() {
		sets = append(sets, rd.ElementSet())
	}
	return sets, rd.Problems(), rd.Err()
}

func TestOMMXML(t *testing.T) {
	path := filepath.Join("..", "testdata", "sgp4-verification", "sample_omm.xml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sample := string(data)
	vanguard := vanguardTLE(t)
	// A bare <omm> root (the sample without its <ndm> wrapper), pretty-printed
	// with a namespace prefix and comments.
	i, j := strings.Index(sample, "<omm "), strings.Index(sample, "</omm>")+len("</omm>")
	bare := sample[i:j]
	bare = strings.ReplaceAll(bare, "><", ">\n  <")
	bare = strings.Replace(bare, "<metadata>", "<metadata><COMMENT>one</COMMENT><COMMENT>two</COMMENT>", 1)
	sets, err := ReadAll(strings.NewReader("<?xml version=\"1.0\"?>\n"+bare), ReadOptions{Strict: true})
	if err != nil || len(sets) != 1 || !sameSet(sets[0], vanguard) {
		t.Fatalf("bare omm: %v %v", err, sets)
	}
	// Two omm in one ndm, the second SGP4-XP: one set, one problem.
	twoOMM := strings.Replace(sample, "</ndm>", sample[i:j]+"\n</ndm>", 1)
	twoOMM = strings.Replace(twoOMM, "<MEAN_ELEMENT_THEORY>SGP4<", "<MEAN_ELEMENT_THEORY>SGP4-XP<", 2)
	twoOMM = strings.Replace(twoOMM, "<MEAN_ELEMENT_THEORY>SGP4-XP<", "<MEAN_ELEMENT_THEORY>SGP4<", 1)
	sets, problems, err := readAllFrom(twoOMM, ReadOptions{File: "two.xml"})
	if err != nil || len(sets) != 1 || len(problems) != 1 || !errors.Is(problems[0], ErrNotSGP4) ||
		problems[0].Field != "MEAN_ELEMENT_THEORY" || problems[0].Line != 6 ||
		!strings.Contains(problems[0].Error(), "SGP4-XP is not SGP4; gnssim propagates SGP4 element sets only") {
		t.Errorf("two omm: %d sets, %v, %v", len(sets), problems, err)
	}
	for _, tc := range []struct {
		name, from, to, field string
		sentinel              error
	}{
		{"frame", "<REF_FRAME>TEME<", "<REF_FRAME>ITRF<", "REF_FRAME", ErrNotSGP4},
		{"time system", "<TIME_SYSTEM>UTC<", "<TIME_SYSTEM>TT<", "TIME_SYSTEM", ErrNotSGP4},
		{"no theory", "<MEAN_ELEMENT_THEORY>SGP4</MEAN_ELEMENT_THEORY>", "", "MEAN_ELEMENT_THEORY", ErrMissingField},
		{"no mean motion", "<MEAN_MOTION>10.84869164</MEAN_MOTION>", "<SEMI_MAJOR_AXIS>8617</SEMI_MAJOR_AXIS>", "MEAN_MOTION", ErrMissingField},
		{"nested value", "<INCLINATION>34.2443<", "<INCLINATION><x/>34.2443<", "INCLINATION", ErrSyntax},
		{"bad eccentricity", "<ECCENTRICITY>.1845686<", "<ECCENTRICITY>1.1845686<", "ECCENTRICITY", ErrRange},
	} {
		doc := strings.Replace(sample, tc.from, tc.to, 1)
		_, err := ReadAll(strings.NewReader(doc), ReadOptions{Strict: true})
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Field != tc.field || !errors.Is(err, tc.sentinel) || pe.Line != 4 {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	// Malformed XML and a foreign root are fatal.
	for _, doc := range []string{sample[:600], "<html><body>Not found</body></html>", "<ndm><omm></ndm>"} {
		sets, err := ReadAll(strings.NewReader(doc), ReadOptions{})
		if len(sets) != 0 || !errors.Is(err, ErrSyntax) {
			t.Errorf("%.30q: %v", doc, err)
		}
	}
}

// TestTLEFileVariants covers the layout variations of real files.
func TestTLEFileVariants(t *testing.T) {
	iss := issName + "\n" + issLine1 + "\n" + issLine2 + "\n"
	van := vanguardLine1 + "\n" + vanguardLine2 + "\n"
	tests := []struct {
		name  string
		doc   string
		names []string
	}{
		{"3-line", iss, []string{issName}},
		{"2-line", van, []string{""}},
		{"mixed 2- and 3-line", van + iss + van, []string{"", issName, ""}},
		{"CRLF", strings.ReplaceAll(iss+van, "\n", "\r\n"), []string{issName, ""}},
		{"trailing blanks", strings.ReplaceAll(iss, "\n", "   \n"), []string{issName}},
		{"blank lines between records", "\n\n" + iss + "\n  \n\n" + van + "\n", []string{issName, ""}},
		{"no final newline", strings.TrimSuffix(iss, "\n"), []string{issName}},
		{"Space-Track line 0", "0 " + iss, []string{issName}},
		{"BOM", "\uFEFF" + iss, []string{issName}},
		{"comments", "# ISS\n" + iss + "# end\n", []string{issName}},
		{"Alpha-5", "OBJECT A\n" + setCols(issLine1, 3, "T0001", true) + "\n" + setCols(issLine2, 3, "T0001", true) + "\n" + van,
			[]string{"OBJECT A", ""}},
	}
	for _, tc := range tests {
		sets, err := ReadAll(strings.NewReader(tc.doc), ReadOptions{Strict: true})
		if err != nil || len(sets) != len(tc.names) {
			t.Errorf("%s: %d sets, %v", tc.name, len(sets), err)
			continue
		}
		for i, es := range sets {
			if es.Name != tc.names[i] {
				t.Errorf("%s set %d: name %q, want %q", tc.name, i, es.Name, tc.names[i])
			}
		}
	}
	// T = 27 (A-H 10-17, J-N 18-22, P-Z 23-33): T0001 = 270001.
	if sets, _ := ReadAll(strings.NewReader(tests[len(tests)-1].doc), ReadOptions{}); len(sets) != 2 || sets[0].CatalogNumber != 270001 {
		t.Errorf("Alpha-5 file: %v", sets)
	}
	// Line numbers with CRLF, a BOM and blank lines.
	doc := "\uFEFF\r\n" + strings.ReplaceAll(iss, "\n", "\r\n") + "\r\n" + strings.ReplaceAll(van, "\n", "\r\n")
	sets, _ := ReadAll(strings.NewReader(doc), ReadOptions{})
	if len(sets) != 2 || sets[0].Source.Line != 2 || sets[1].Source.Line != 6 {
		t.Errorf("source lines: %v", sets)
	}
}

// TestMixedGoodAndBad: a file with good and bad records keeps the good
// ones and reports every bad one with its line, resynchronising on the
// next record.
func TestMixedGoodAndBad(t *testing.T) {
	badChecksum := setCols(issLine1, 69, "0", false)
	doc := strings.Join([]string{
		issName, issLine1, issLine2, // 1-3 good
		"BAD CHECKSUM", badChecksum, issLine2, // 4-6 checksum on line 5
		"NO LINE 2", issLine1, // 7-8 line 1 without line 2 ...
		"VANGUARD 1", vanguardLine1, vanguardLine2, // 9-11 ... and this record must survive
		issLine2,                         // 12 orphan line 2
		issName, issLine1[:60], issLine2, // 13-15 short line 1
		"just text", "more text", "and more", // 16-18 not TLE at all: one problem
		issLine1, setCols(issLine2, 3, "00005", true), // 19-20 catalog mismatch on line 20
		vanguardLine1, vanguardLine2, // 21-22 good
		"TRAILING NAME", // 23
	}, "\n") + "\n"
	sets, problems, err := readAllFrom(doc, ReadOptions{File: "mixed.tle"})
	if err != nil {
		t.Fatal(err)
	}
	var lines []int
	for _, es := range sets {
		lines = append(lines, es.Source.Line)
	}
	if want := []int{1, 9, 21}; !equalInts(lines, want) {
		t.Errorf("good sets at lines %v, want %v", lines, want)
	}
	type want struct {
		line     int
		field    string
		sentinel error
	}
	wants := []want{
		{5, "checksum", ErrChecksum},
		{8, "line 2", ErrMissingField},
		{12, "line 1", ErrMissingField},
		{14, "line length", ErrLineLength},
		{16, "line 1", ErrMissingField},
		{20, "catalog number", ErrCatalogMismatch},
		{23, "line 1", ErrMissingField},
	}
	if len(problems) != len(wants) {
		t.Fatalf("%d problems, want %d: %v", len(problems), len(wants), problems)
	}
	for i, w := range wants {
		p := problems[i]
		if p.Line != w.line || p.Field != w.field || !errors.Is(p, w.sentinel) || p.File != "mixed.tle" {
			t.Errorf("problem %d: %v; want line %d field %q %v", i, p, w.line, w.field, w.sentinel)
		}
	}
	// ReadAll joins the problems.
	sets2, err := ReadAll(strings.NewReader(doc), ReadOptions{File: "mixed.tle"})
	if len(sets2) != 3 || err == nil || !errors.Is(err, ErrChecksum) || !errors.Is(err, ErrCatalogMismatch) ||
		strings.Count(err.Error(), "\n") != len(wants)-1 {
		t.Errorf("ReadAll: %d sets, %v", len(sets2), err)
	}
	// Strict mode stops at the first problem, keeping the sets before it.
	sets3, err := ReadAll(strings.NewReader(doc), ReadOptions{File: "mixed.tle", Strict: true})
	var pe *ParseError
	if len(sets3) != 1 || !errors.As(err, &pe) || pe.Line != 5 {
		t.Errorf("strict: %d sets, %v", len(sets3), err)
	}
	// SkipChecksum accepts the record with the bad checksum.
	sets4, _, _ := readAllFrom(doc, ReadOptions{SkipChecksum: true})
	if len(sets4) != 4 {
		t.Errorf("SkipChecksum: %d sets, want 4", len(sets4))
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestNothingFound(t *testing.T) {
	tests := []struct {
		name, doc string
		msg       string
	}{
		{"empty", "", "no element sets found in f.tle (empty input)"},
		{"blank", " \n\r\n\t\n", "no element sets found in f.tle (empty input)"},
		{"BOM only", "\uFEFF", "no element sets found in f.tle (empty input)"},
		{"binary", "\x7fELF\x02\x01\x01\x00\x00", "no element sets found in f.tle (binary data: byte 0x7f at offset 0)"},
		{"NUL later", "ISS\n1 25544U\x00", "binary data: byte 0x00 at offset 12"},
		{"UTF-16", "\xff\xfe1\x00 \x00", "UTF-16"},
		{"text", "hello\nworld\n", "no element sets found in f.tle (1 bad record(s)"},
		{"JSON array", "[]", "no element sets found in f.tle"},
		{"CSV header only", "OBJECT_NAME,NORAD_CAT_ID,EPOCH,MEAN_MOTION,ECCENTRICITY,INCLINATION,RA_OF_ASC_NODE,ARG_OF_PERICENTER,MEAN_ANOMALY,BSTAR,MEAN_MOTION_DOT,MEAN_MOTION_DDOT\n", "no element sets found in f.tle"},
		{"XML without omm", "<ndm></ndm>", "no element sets found in f.tle"},
	}
	for _, tc := range tests {
		sets, err := ReadAll(strings.NewReader(tc.doc), ReadOptions{File: "f.tle"})
		if len(sets) != 0 || !errors.Is(err, ErrNoElementSets) || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: %d sets, %v; want %q", tc.name, len(sets), err, tc.msg)
		}
	}
}

func TestLongLine(t *testing.T) {
	// 3 MiB without a newline: refused as soon as MaxLineBytes is passed.
	csvHeader := strings.Join(ommColumns, ",") + "\n"
	for _, prefix := range []string{"X", csvHeader, csvHeader + "VANGUARD 1,"} {
		doc := io.MultiReader(strings.NewReader(prefix), bytes.NewReader(bytes.Repeat([]byte("A"), 3<<20)))
		start := time.Now()
		sets, err := ReadAll(doc, ReadOptions{File: "long"})
		var pe *ParseError
		if len(sets) != 0 || !errors.As(err, &pe) || !errors.Is(err, ErrLineLength) || !strings.Contains(err.Error(), "longer than 1048576 bytes") {
			t.Errorf("%q: %v", prefix, err)
		}
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("took %v", d)
		}
	}
}

func TestDetectFormat(t *testing.T) {
	tests := []struct {
		in   string
		want Format
	}{
		{"", FormatUnknown},
		{"  \n ", FormatUnknown},
		{"\x00\x01", FormatUnknown},
		{"[{}]", FormatOMMJSON},
		{"\uFEFF \n{", FormatOMMJSON},
		{"<?xml version=\"1.0\"?><ndm/>", FormatOMMXML},
		{"\n<omm>", FormatOMMXML},
		{"OBJECT_NAME,OBJECT_ID,EPOCH\nX,Y,Z\n", FormatOMMCSV},
		{"NORAD_CAT_ID,EPOCH\n", FormatOMMCSV},
		{"OBJECT_NAME\n", FormatTLE}, // no comma: not a CSV header
		{"ISS (ZARYA)\n1 25544U", FormatTLE},
		{"a,b,c\n", FormatTLE},
		{issLine1, FormatTLE},
		// A name line that looks like the start of another format.
		{"[GLONASS]\n" + issLine1, FormatTLE},
		{"{X}\r\n" + issLine1, FormatTLE},
		{"<NAME>\n\n" + issLine1, FormatTLE},
		{"OBJECT_NAME,NORAD_CAT_ID\n" + issLine1, FormatTLE},
	}
	for _, tc := range tests {
		if got := DetectFormat([]byte(tc.in)); got != tc.want {
			t.Errorf("DetectFormat(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestReaderAPI(t *testing.T) {
	rd := NewReader(strings.NewReader(issName+"\n"+issLine1+"\n"+issLine2+"\n"), ReadOptions{File: "iss.tle"})
	if rd.Format() != FormatUnknown || rd.ElementSet() != nil {
		t.Errorf("before Next: %v %v", rd.Format(), rd.ElementSet())
	}
	if !rd.Next() || rd.ElementSet().CatalogNumber != 25544 || rd.Format() != FormatTLE {
		t.Fatalf("first Next: %v", rd.Err())
	}
	if rd.Next() || rd.ElementSet() != nil || rd.Err() != nil || rd.Next() {
		t.Errorf("after the last set: %v %v", rd.ElementSet(), rd.Err())
	}
	// ReadFile on a missing file returns the os error.
	if _, _, err := ReadFile(filepath.Join(t.TempDir(), "missing.tle"), ReadOptions{}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

// errReader fails after its data.
type errReader struct {
	data string
	err  error
}

func (e *errReader) Read(p []byte) (int, error) {
	if e.data == "" {
		return 0, e.err
	}
	n := copy(p, e.data)
	e.data = e.data[n:]
	return n, nil
}

func TestReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	for _, doc := range []string{issName + "\n" + issLine1 + "\n" + issLine2 + "\n" + issName + "\n", "[" + ommJSON(nil), "OBJECT_NAME,NORAD_CAT_ID\n"} {
		sets, err := ReadAll(&errReader{doc, boom}, ReadOptions{File: "r"})
		if !errors.Is(err, boom) {
			t.Errorf("%.20q: %d sets, %v", doc, len(sets), err)
		}
	}
}
