package ephemeris

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Fuzz properties, for every parser:
//   - no panic, whatever the input;
//   - every result is either a valid element set or a *ParseError;
//   - an accepted set passes validateSet and survives a round trip through
//     its own format exactly (TLE: FormatTLELines reproduces the digits, so
//     equality is exact, epoch included; OMM: shortest exact decimals and
//     nanosecond epochs);
//   - an accepted OMM set written as a TLE either fails with ErrRange (a
//     value the columns cannot carry) or reads back equal after the column
//     rounding (see closeAfterTLE).
//
// Seeds come from the real files of testdata/ (f.Add) and from the corpus
// in testdata/fuzz/FuzzX/.

// fuzzSeedSets returns a handful of real element sets for seeds.
func fuzzSeedSets(f *testing.F) []*ElementSet {
	f.Helper()
	var out []*ElementSet
	for _, name := range []string{"2026-03-18/glonass.tle", "2026-03-18/beidou.tle", "2024-07-16/sbas.tle"} {
		sets, _, err := ReadFile(filepath.Join(tleDir(), name), ReadOptions{Strict: true})
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, sets[:3]...)
	}
	return out
}

func readTestdata(f *testing.F, parts ...string) []byte {
	f.Helper()
	data, err := os.ReadFile(filepath.Join(append([]string{"..", "testdata"}, parts...)...))
	if err != nil {
		f.Fatal(err)
	}
	return data
}

// checkParseError checks a rejected record's error.
func checkParseError(t *testing.T, perr *ParseError) {
	t.Helper()
	if perr == nil || perr.Err == nil || perr.Line < 0 || perr.Column < 0 {
		t.Fatalf("bad ParseError %#v", perr)
	}
	_ = perr.Error()
	_ = perr.Detail()
}

// checkAccepted checks an accepted set's validity and its TLE cross-check.
func checkAccepted(t *testing.T, es *ElementSet) {
	t.Helper()
	if es == nil {
		t.Fatal("nil set without error")
	}
	if err := validateSet(es); err != nil {
		t.Fatalf("accepted set fails validation: %v\n%+v", err, *es)
	}
	l1, l2, err := FormatTLELines(es)
	if err != nil {
		if !errors.Is(err, ErrRange) {
			t.Fatalf("FormatTLELines: %v (only ErrRange is allowed for a valid set)", err)
		}
		return
	}
	back, err := ParseTLE("", l1, l2)
	if err != nil {
		t.Fatalf("FormatTLELines wrote lines ParseTLE refuses: %v\n%s\n%s", err, l1, l2)
	}
	if d := closeAfterTLE(es, back); d != "" {
		t.Fatalf("TLE round trip: %s\n%s\n%s", d, l1, l2)
	}
}

// closeAfterTLE compares a set with its TLE round trip: integers and
// strings exactly (but the name, not in the lines), floats within half a
// unit of their column (plus 1e-12 relative for the decimal conversions),
// the epoch within half of 1e-8 day = 432 µs.
func closeAfterTLE(a, b *ElementSet) string {
	if a.CatalogNumber != b.CatalogNumber || a.Classification != b.Classification || a.IntlDesignator != b.IntlDesignator ||
		a.EphemerisType != b.EphemerisType || a.ElementSetNo != b.ElementSetNo || a.RevAtEpoch != b.RevAtEpoch {
		return "identity fields differ"
	}
	if d := b.Epoch.Sub(a.Epoch).Abs(); d > 432*time.Microsecond {
		return "epoch off by " + d.String()
	}
	fl := []struct {
		name    string
		x, y    float64
		halfULP float64
	}{
		{"inclination", a.InclinationDeg, b.InclinationDeg, 0.5e-4},
		{"raan", a.RAANDeg, b.RAANDeg, 0.5e-4},
		{"argp", a.ArgPerigeeDeg, b.ArgPerigeeDeg, 0.5e-4},
		{"mean anomaly", a.MeanAnomalyDeg, b.MeanAnomalyDeg, 0.5e-4},
		{"eccentricity", a.Eccentricity, b.Eccentricity, 0.5e-7},
		{"mean motion", a.MeanMotionRevPerDay, b.MeanMotionRevPerDay, 0.5e-8},
		{"ndot", a.MeanMotionDot, b.MeanMotionDot, 0.5e-8},
		// 5 significant digits: half a unit of 0.ddddd × 10^e is at most
		// 5e-5 |x|; below 1e-10 the exponent stays -9 (unit 1e-14).
		{"nddot", a.MeanMotionDDot, b.MeanMotionDDot, 5e-5*math.Abs(a.MeanMotionDDot) + 0.5e-14},
		{"bstar", a.BStar, b.BStar, 5e-5*math.Abs(a.BStar) + 0.5e-14},
	}
	for _, f := range fl {
		if math.Abs(f.x-f.y) > f.halfULP+1e-12*math.Abs(f.x) {
			return f.name + " differs beyond the column rounding"
		}
	}
	return ""
}

func FuzzTLE(f *testing.F) {
	for _, name := range []string{"2022-02-04/gps.tle", "2026-03-18/glonass.tle", "2024-07-16/qzss.tle"} {
		lines := strings.Split(strings.TrimSpace(string(readTestdata(f, "tle", name))), "\n")
		for i := 0; i+2 < len(lines); i += 3 {
			f.Add(lines[i], lines[i+1], lines[i+2])
		}
	}
	ver := strings.Split(string(readTestdata(f, "sgp4-verification", "SGP4-VER.TLE")), "\r\n")
	for i := 0; i+1 < len(ver); i++ {
		if strings.HasPrefix(ver[i], "1 ") && strings.HasPrefix(ver[i+1], "2 ") && len(ver[i+1]) > 69 {
			f.Add("", ver[i], ver[i+1][:69])
		}
	}
	f.Add(issName, issLine1, issLine2)
	f.Fuzz(func(t *testing.T, name, line1, line2 string) {
		es, err := ParseTLE(name, line1, line2)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T is not a *ParseError: %v", err, err)
			}
			checkParseError(t, pe)
			return
		}
		checkAccepted(t, es)
		// A parsed TLE is representable: formatting cannot fail, and the
		// round trip is exact (name included, through WriteTLE).
		var buf bytes.Buffer
		if err := WriteTLE(&buf, []*ElementSet{es}, true); err != nil {
			t.Fatalf("WriteTLE of a parsed set: %v", err)
		}
		back, err := ReadAll(&buf, ReadOptions{Strict: true})
		if err != nil || len(back) != 1 {
			t.Fatalf("reading back %q: %v", buf.String(), err)
		}
		if !sameSet(back[0], es) {
			t.Fatalf("round trip:\n%+v\n%+v\n%s", *es, *back[0], buf.String())
		}
		// Formatting is idempotent.
		l1, l2, _ := FormatTLELines(es)
		m1, m2, err := FormatTLELines(back[0])
		if err != nil || m1 != l1 || m2 != l2 {
			t.Fatalf("FormatTLELines not stable:\n%s\n%s\n%s\n%s", l1, l2, m1, m2)
		}
	})
}

// fuzzOMM runs the shared OMM properties on the results of a parser and
// the round trip through write/parse of the same format.
func fuzzOMM(t *testing.T, results []ommResult, fatal error, write func(*bytes.Buffer, []*ElementSet) error,
	parse func([]byte) ([]ommResult, error)) {
	t.Helper()
	if fatal != nil {
		var pe *ParseError
		if errors.As(fatal, &pe) {
			checkParseError(t, pe)
		}
	}
	for _, r := range results {
		if (r.es == nil) == (r.perr == nil) {
			t.Fatalf("result with both or neither of set and error: %+v", r)
		}
		if r.perr != nil {
			checkParseError(t, r.perr)
			continue
		}
		checkAccepted(t, r.es)
		var buf bytes.Buffer
		if err := write(&buf, []*ElementSet{r.es}); err != nil {
			t.Fatalf("writing an accepted set: %v\n%+v", err, *r.es)
		}
		back, err := parse(buf.Bytes())
		if err != nil || len(back) != 1 || back[0].perr != nil {
			t.Fatalf("reading back: %v %+v\n%s", err, back, buf.String())
		}
		if !sameSet(back[0].es, r.es) {
			t.Fatalf("round trip:\n%+v\n%+v\n%s", *r.es, *back[0].es, buf.String())
		}
	}
}

func parseJSONBytes(data []byte) ([]ommResult, error) {
	return parseOMMJSON(data, "fuzz", newLineIndex(data, 0))
}

func parseXMLBytes(data []byte) ([]ommResult, error) {
	return parseOMMXML(data, "fuzz", newLineIndex(data, 0))
}

func parseCSVBytes(data []byte) ([]ommResult, error) {
	sc := newCSVScanner(bytes.NewReader(data), "fuzz", 0)
	var out []ommResult
	for i := 0; ; i++ {
		if i > len(data)+2 {
			panic("CSV scanner does not advance")
		}
		es, perr, err := sc.next()
		if err != nil {
			return out, err
		}
		if es == nil && perr == nil {
			return out, nil
		}
		out = append(out, ommResult{es, perr})
	}
}

func FuzzOMMJSON(f *testing.F) {
	var buf bytes.Buffer
	if err := WriteOMMJSON(&buf, fuzzSeedSets(f)); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte(ommJSON(nil)))
	f.Add([]byte("[" + ommJSON(map[string]string{"NORAD_CAT_ID": `"270001"`, "EPOCH": `"2024-200T01:02:03.123456789Z"`}) + "]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, fatal := parseJSONBytes(data)
		fuzzOMM(t, res, fatal, func(b *bytes.Buffer, s []*ElementSet) error { return WriteOMMJSON(b, s) }, parseJSONBytes)
	})
}

func FuzzOMMCSV(f *testing.F) {
	var buf bytes.Buffer
	if err := WriteOMMCSV(&buf, fuzzSeedSets(f)); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add(readTestdata(f, "sgp4-verification", "sample_omm.csv"))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, fatal := parseCSVBytes(data)
		fuzzOMM(t, res, fatal, func(b *bytes.Buffer, s []*ElementSet) error { return WriteOMMCSV(b, s) }, parseCSVBytes)
	})
}

func FuzzOMMXML(f *testing.F) {
	var buf bytes.Buffer
	if err := WriteOMMXML(&buf, fuzzSeedSets(f)[:2]); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add(readTestdata(f, "sgp4-verification", "sample_omm.xml"))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, fatal := parseXMLBytes(data)
		fuzzOMM(t, res, fatal, func(b *bytes.Buffer, s []*ElementSet) error { return WriteOMMXML(b, s) }, parseXMLBytes)
	})
}

func FuzzReadAll(f *testing.F) {
	f.Add(readTestdata(f, "tle", "2024-07-16", "qzss.tle"))
	f.Add(readTestdata(f, "sgp4-verification", "sample_omm.xml"))
	f.Add(readTestdata(f, "sgp4-verification", "sample_omm.csv"))
	f.Add([]byte("[" + ommJSON(nil) + "]"))
	f.Add([]byte("\uFEFF" + issName + "\r\n" + issLine1 + "\r\n" + issLine2 + "\r\n"))
	f.Add([]byte{})
	f.Add([]byte("\x00\x01\x02"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rd := NewReader(bytes.NewReader(data), ReadOptions{File: "fuzz"})
		var sets []*ElementSet
		for rd.Next() {
			es := rd.ElementSet()
			if err := validateSet(es); err != nil {
				t.Fatalf("accepted set fails validation: %v", err)
			}
			if es.Source.File != "fuzz" || es.Source.Format != rd.Format() || es.Source.Line < 1 {
				t.Fatalf("source %+v, reader format %v", es.Source, rd.Format())
			}
			sets = append(sets, es)
		}
		if len(data) < 32<<10 && rd.Format() != DetectFormat(data) {
			t.Fatalf("Format %v, DetectFormat %v", rd.Format(), DetectFormat(data))
		}
		for _, p := range rd.Problems() {
			checkParseError(t, p)
			if p.File != "fuzz" {
				t.Fatalf("problem without the file name: %v", p)
			}
		}
		if len(sets) == 0 && !errors.Is(rd.Err(), ErrNoElementSets) && !errors.Is(rd.Err(), ErrSyntax) &&
			!errors.Is(rd.Err(), ErrLineLength) && !errors.Is(rd.Err(), ErrMissingField) {
			t.Fatalf("no sets and error %v", rd.Err())
		}
		// Strict mode yields a prefix of the lenient sets.
		strict, serr := ReadAll(bytes.NewReader(data), ReadOptions{File: "fuzz", Strict: true})
		if len(strict) > len(sets) {
			t.Fatalf("strict read %d sets, lenient %d", len(strict), len(sets))
		}
		for i := range strict {
			if !sameSet(strict[i], sets[i]) {
				t.Fatalf("strict set %d differs", i)
			}
		}
		if len(rd.Problems()) == 0 && rd.Err() == nil && (serr != nil || len(strict) != len(sets)) {
			t.Fatalf("clean input: strict %d sets %v, lenient %d", len(strict), serr, len(sets))
		}
		// Every set converts to OMM JSON and back exactly.
		if len(sets) > 0 {
			var buf bytes.Buffer
			if err := WriteOMMJSON(&buf, sets); err != nil {
				t.Fatal(err)
			}
			back, err := ReadAll(&buf, ReadOptions{Strict: true})
			if err != nil || len(back) != len(sets) {
				t.Fatalf("JSON round trip: %v", err)
			}
			for i := range back {
				if !sameSet(back[i], sets[i]) {
					t.Fatalf("JSON round trip set %d differs", i)
				}
			}
		}
	})
}
