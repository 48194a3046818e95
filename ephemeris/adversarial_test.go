package ephemeris_test

// The adversarial input suite of testdata/bad/ (see testdata/bad/README.md)
// through the element-set readers: for every fixture, lenient and strict,
// the number and identity of the good sets, the exact problem lines,
// columns, fields and error kinds, and the fatal error; plus inputs
// generated here because they are too big to commit (a 10 MB line,
// 100 000 blank lines before a record). Every read runs under a hang
// guard.
//
// Reference for the good sets: the same records read from the untouched
// CelesTrak snapshots testdata/tle/2024-07-16/glonass.tle and
// 2022-02-04/glonass.tle, and Vallado's SGP4-VER.TLE for the decayed
// cases: a good set next to a bad one must come out field for field equal
// to its clean original (only Source differs), so no damage leaks into it.

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
)

// advBadDir is the fixture folder, relative to this package.
var advBadDir = filepath.Join("..", "testdata", "bad")

// advHangLimit bounds one read of one input: a hang detector. The goal is
// well under a second per read; BenchmarkAdversarial measures it (figures
// in testdata/bad/README.md: on an idle core the 10 MiB JSON and XML
// documents take about 0.1-0.2 s, the others milliseconds). Wall-clock
// limits in unit tests flake on a loaded 2-core machine or under the race
// detector, so the hard limit is 10 s and a read over advSlowRead is
// logged.
const (
	advHangLimit = 10 * time.Second
	advSlowRead  = time.Second
)

// advMaxMessage bounds an error message (and a ParseError's Detail): a
// 10 MiB line must not end up in it.
const advMaxMessage = 2000

// advProblem is an expected bad record: 1-based line and column (0: the
// whole line), the ParseError field and the sentinel it wraps.
type advProblem struct {
	line, col int
	field     string
	kind      error
}

// advCase is the documented behaviour of one input.
type advCase struct {
	format   ephemeris.Format
	cats     []int        // catalog numbers of the good sets, lenient mode, in order
	problems []advProblem // bad records reported in lenient mode, in order
	// fatal is the sentinel of the error that ends the reading (nil: none);
	// fatalLine its line when it is a *ParseError (0: not one, or no line);
	// fatalText a substring of its message.
	fatal     error
	fatalLine int
	fatalText string
	// strictSets is the number of sets ReadAll returns in Strict mode before
	// its error (the first problem, or the fatal error).
	strictSets int
}

// GLONASS NORAD numbers of the fixtures (2024-07-16 snapshot): the two
// good neighbours of every single-defect TLE fixture, and the damaged one.
const (
	advCosmos2485 = 39155 // COSMOS 2485 (747), good neighbour 1
	advCosmos2492 = 39620 // COSMOS 2492 (754), good neighbour 2
	advCosmos2500 = 40001 // COSMOS 2500 (755), the damaged record
)

var advGood2 = []int{advCosmos2485, advCosmos2492}

// advSandwich is a single-defect fixture: good, bad, good.
func advSandwich(f ephemeris.Format, p ...advProblem) advCase {
	return advCase{format: f, cats: advGood2, problems: p, strictSets: 1}
}

// advNothing is an input without any element set.
func advNothing(f ephemeris.Format, text string, p ...advProblem) advCase {
	return advCase{format: f, problems: p, fatal: ephemeris.ErrNoElementSets, fatalText: text}
}

var (
	errChecksum = ephemeris.ErrChecksum
	errRange    = ephemeris.ErrRange
	errSyntax   = ephemeris.ErrSyntax
	errLength   = ephemeris.ErrLineLength
	errCatalog  = ephemeris.ErrCatalogMismatch
	errNotSGP4  = ephemeris.ErrNotSGP4
	errMissing  = ephemeris.ErrMissingField
)

const (
	fTLE  = ephemeris.FormatTLE
	fJSON = ephemeris.FormatOMMJSON
	fCSV  = ephemeris.FormatOMMCSV
	fXML  = ephemeris.FormatOMMXML
	fNone = ephemeris.FormatUnknown
)

// advFixtures is the table of every committed fixture (README.md has the
// same list, with the defect of each).
var advFixtures = map[string]advCase{
	// Malformed TLE records, each between two good records (lines 1-3 and 7-9).
	"tle-checksum.tle":             advSandwich(fTLE, advProblem{5, 69, "checksum", errChecksum}),
	"tle-short-line.tle":           advSandwich(fTLE, advProblem{6, 0, "line length", errLength}),
	"tle-long-line.tle":            advSandwich(fTLE, advProblem{5, 0, "line length", errLength}),
	"tle-non-ascii-line.tle":       advSandwich(fTLE, advProblem{6, 17, "character", errSyntax}),
	"tle-non-ascii-name.tle":       advSandwich(fTLE, advProblem{4, 7, "name", errSyntax}),
	"tle-tab.tle":                  advSandwich(fTLE, advProblem{6, 8, "character", errSyntax}),
	"tle-catalog-mismatch.tle":     advSandwich(fTLE, advProblem{6, 3, "catalog number", errCatalog}),
	"tle-bad-exponent.tle":         advSandwich(fTLE, advProblem{5, 54, "bstar", errSyntax}),
	"tle-eccentricity-decimal.tle": advSandwich(fTLE, advProblem{6, 27, "eccentricity", errSyntax}),
	"tle-inclination-over-180.tle": advSandwich(fTLE, advProblem{6, 9, "inclination", errRange}),
	"tle-negative-mean-motion.tle": advSandwich(fTLE, advProblem{6, 53, "mean motion", errSyntax}),
	"tle-letters-in-numeric.tle":   advSandwich(fTLE, advProblem{6, 18, "right ascension of ascending node", errSyntax}),
	"tle-ephemeris-type-4.tle":     advSandwich(fTLE, advProblem{5, 63, "ephemeris type", errNotSGP4}),
	// Line 1 followed by a "3 ..." line: line 1 lacks its line 2 (line 5),
	// and the "3 ..." line is neither a TLE line nor a name before line 1
	// (line 6); the next record is found again.
	"tle-wrong-line-number.tle": advSandwich(fTLE,
		advProblem{5, 0, "line 2", errMissing}, advProblem{6, 1, "line 1", errMissing}),
	"tle-line2-without-line1.tle": advSandwich(fTLE, advProblem{4, 1, "line 1", errMissing}),
	"tle-name-alone-at-eof.tle": {format: fTLE, cats: advGood2, strictSets: 2,
		problems: []advProblem{{7, 1, "line 1", errMissing}}},

	// Malformed OMM: the bad record is the second of three (JSON: line 3).
	"omm-missing-epoch.json":          advSandwich(fJSON, advProblem{3, 1, "EPOCH", errMissing}),
	"omm-epoch-not-iso.json":          advSandwich(fJSON, advProblem{3, 68, "EPOCH", errSyntax}),
	"omm-norad-float.json":            advSandwich(fJSON, advProblem{3, 307, "NORAD_CAT_ID", errSyntax}),
	"omm-negative-eccentricity.json":  advSandwich(fJSON, advProblem{3, 137, "ECCENTRICITY", errRange}),
	"omm-eccentricity-above-one.json": advSandwich(fJSON, advProblem{3, 137, "ECCENTRICITY", errRange}),
	// An object wrapping the array is read as one record without any OMM
	// key: its first missing key is reported.
	"omm-not-an-array.json": advNothing(fJSON, "field EPOCH: missing required field", advProblem{1, 1, "EPOCH", errMissing}),
	// A JSON scalar is not JSON for the detector (not '[' or '{'): it is
	// read as a TLE name line without its TLE.
	"omm-json-scalar.json":   advNothing(fTLE, "not a TLE line", advProblem{1, 1, "line 1", errMissing}),
	"omm-csv-ragged-row.csv": advSandwich(fCSV, advProblem{3, 1, "CSV record", errSyntax}),
	// A header without a required column makes the whole file unreadable.
	"omm-csv-missing-column.csv": {format: fCSV, fatal: errMissing, fatalLine: 1, fatalText: "no column MEAN_ANOMALY"},
	"omm-sgp4-xp.xml":            advSandwich(fXML, advProblem{13, 197, "MEAN_ELEMENT_THEORY", errNotSGP4}),
	// A syntax error ends the document: the record before it is kept.
	"omm-xml-not-well-formed.xml": {format: fXML, cats: []int{advCosmos2485}, fatal: errSyntax, fatalLine: 14,
		fatalText: "closed by </INCLINATON>", strictSets: 1},

	// Twelve records, four of them bad (checksum of line 2, line 1 cut
	// short, inclination 200°, a name line without its TLE), blank and
	// comment lines between them.
	"mixed-good-and-bad.tle": {format: fTLE, strictSets: 2,
		cats: []int{advCosmos2485, advCosmos2492, 40315, 42939, 43508, 44850, 45358, 46805},
		problems: []advProblem{
			{10, 69, "checksum", errChecksum}, {16, 0, "line length", errLength},
			{26, 9, "inclination", errRange}, {27, 1, "line 1", errMissing},
		}},

	// Well-formed files whose trouble shows later (the CLI tests cover it):
	// the readers keep every set, duplicates included.
	"duplicate-satellite-epochs.tle":  {format: fTLE, cats: []int{advCosmos2485, advCosmos2485, advCosmos2500, advCosmos2500, advCosmos2492, advCosmos2492}, strictSets: 6},
	"stale-epoch-2022-among-2024.tle": {format: fTLE, cats: []int{advCosmos2485, advCosmos2492, advCosmos2500}, strictSets: 3},
	"decayed-28872-29141.tle":         {format: fTLE, cats: []int{28872, 29141}, strictSets: 2},
	"decayed-28872-as-beidou.tle":     {format: fTLE, cats: []int{28872}, strictSets: 1},
	"good-glonass-3.tle":              {format: fTLE, cats: []int{advCosmos2485, advCosmos2492, advCosmos2500}, strictSets: 3},

	// No element set at all.
	"empty.tle":            advNothing(fNone, "(empty input)"),
	"blank-lines-only.tle": advNothing(fNone, "(empty input)"),
	"binary-random.bin":    advNothing(fNone, "binary data: byte 0x0f at offset 15"),
	"binary-image.png":     advNothing(fNone, "binary data: byte 0x1a at offset 6"),
	"binary-gzip.tle.gz":   advNothing(fNone, "binary data: byte 0x1f at offset 0"),
	"utf16le-bom.tle":      advNothing(fNone, "UTF-16 text"),
	"utf16be-bom.tle":      advNothing(fNone, "UTF-16 text"),
	"utf16le-no-bom.tle":   advNothing(fNone, "binary data: byte 0x00 at offset 1"),

	// Mask files given where element sets are expected (--tle mask.txt):
	// the first line is reported once, the rest is one run of junk.
	"mask-elevation-negative.txt":     advNothing(fTLE, "(1 bad record(s), the first: ", advProblem{2, 1, "line 1", errMissing}),
	"mask-elevation-90.txt":           advNothing(fTLE, "(1 bad record(s), the first: ", advProblem{1, 1, "line 1", errMissing}),
	"mask-elevation-100.txt":          advNothing(fTLE, "(1 bad record(s), the first: ", advProblem{1, 1, "line 1", errMissing}),
	"mask-elevation-nan.txt":          advNothing(fTLE, "(1 bad record(s), the first: ", advProblem{1, 1, "line 1", errMissing}),
	"mask-azimuth-not-increasing.txt": advNothing(fTLE, "(1 bad record(s), the first: ", advProblem{1, 1, "line 1", errMissing}),
	"mask-azimuth-360-plus.txt":       advNothing(fTLE, "(1 bad record(s), the first: ", advProblem{1, 1, "line 1", errMissing}),
	"mask-not-numbers.txt":            advNothing(fTLE, "(1 bad record(s), the first: ", advProblem{1, 1, "line 1", errMissing}),
}

// advResult is what one read produced.
type advResult struct {
	sets     []*ephemeris.ElementSet
	problems []*ephemeris.ParseError
	format   ephemeris.Format
	err      error // Reader.Err
	all      error // ReadAll's error, same options
	allSets  int
}

// advRead reads data with a Reader and with ReadAll (same options) under
// the hang guard, and recovers a panic into a test failure.
func advRead(t testing.TB, name string, data []byte, opt ephemeris.ReadOptions) advResult {
	t.Helper()
	type out struct {
		r     advResult
		panic any
	}
	done := make(chan out, 1)
	start := time.Now()
	go func() {
		var o out
		defer func() {
			if p := recover(); p != nil {
				o.panic = p
			}
			done <- o
		}()
		rd := ephemeris.NewReader(bytes.NewReader(data), opt)
		for rd.Next() {
			o.r.sets = append(o.r.sets, rd.ElementSet())
		}
		o.r.problems, o.r.format, o.r.err = rd.Problems(), rd.Format(), rd.Err()
		sets, err := ephemeris.ReadAll(bytes.NewReader(data), opt)
		o.r.all, o.r.allSets = err, len(sets)
	}()
	select {
	case o := <-done:
		if o.panic != nil {
			t.Fatalf("%s: panic: %v", name, o.panic)
		}
		if d := time.Since(start); d > advSlowRead {
			t.Logf("%s: reading twice (Reader, ReadAll) took %v", name, d)
		}
		return o.r
	case <-time.After(advHangLimit):
		t.Fatalf("%s: reading did not finish within %v", name, advHangLimit)
	}
	return advResult{}
}

// advReference returns the clean originals of the fixtures' good sets, by
// catalog number and epoch.
func advReference(t testing.TB) map[string]*ephemeris.ElementSet {
	t.Helper()
	ref := map[string]*ephemeris.ElementSet{}
	for _, p := range []string{"2024-07-16/glonass.tle", "2022-02-04/glonass.tle"} {
		sets, _, err := ephemeris.ReadFile(filepath.Join("..", "testdata", "tle", p), ephemeris.ReadOptions{Strict: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, es := range sets {
			ref[advKey(es)] = es
		}
	}
	f, err := os.Open(filepath.Join("..", "testdata", "sgp4-verification", "SGP4-VER.TLE"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cases, err := ephemeris.ParseVerificationTLE(f, ephemeris.ReadOptions{SkipChecksum: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		ref[advKey(c.Set)] = c.Set
	}
	return ref
}

func advKey(es *ephemeris.ElementSet) string {
	return fmt.Sprintf("%d@%s", es.CatalogNumber, es.Epoch.Format(time.RFC3339Nano))
}

// advSameElements compares two sets but for Source (and Name when the
// reference has none: Vallado's file has no name lines).
func advSameElements(got, ref *ephemeris.ElementSet) bool {
	a, b := *got, *ref
	a.Source, b.Source = ephemeris.Source{}, ephemeris.Source{}
	if b.Name == "" {
		a.Name = ""
	}
	return reflect.DeepEqual(a, b)
}

// TestAdversarialFixtures reads every file of testdata/bad/ lenient and
// strict and checks it against advFixtures.
func TestAdversarialFixtures(t *testing.T) {
	ref := advReference(t)
	files, err := filepath.Glob(filepath.Join(advBadDir, "*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures in %s: %v", advBadDir, err)
	}
	seen := map[string]bool{}
	for _, path := range files {
		name := filepath.Base(path)
		if name == "README.md" || strings.HasPrefix(name, "scenario-") {
			continue // scenario files are for 'gnssim run' (cmd/gnssim/adversarial_test.go)
		}
		seen[name] = true
		want, ok := advFixtures[name]
		if !ok {
			t.Errorf("%s: fixture missing from advFixtures", name)
			continue
		}
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if len(data) >= 50<<10 {
				t.Errorf("fixture is %d bytes; commit fixtures under 50 KB and generate bigger inputs in the test", len(data))
			}
			advCheck(t, name, data, want, ref)
		})
	}
	for name := range advFixtures {
		if !seen[name] {
			t.Errorf("%s: in advFixtures but not in %s", name, advBadDir)
		}
	}
}

// advCheck runs one input lenient and strict against its expectations.
func advCheck(t *testing.T, name string, data []byte, want advCase, ref map[string]*ephemeris.ElementSet) {
	t.Helper()
	r := advRead(t, name, data, ephemeris.ReadOptions{File: name})
	if r.format != want.format {
		t.Errorf("format %v, want %v", r.format, want.format)
	}
	// Good sets: the expected satellites, each equal to its clean original.
	var cats []int
	for _, es := range r.sets {
		cats = append(cats, es.CatalogNumber)
		if es.Source.File != name || es.Source.Line < 1 || es.Source.Format != want.format {
			t.Errorf("set %d: source %+v", es.CatalogNumber, es.Source)
		}
		if ref != nil {
			orig, ok := ref[advKey(es)]
			if !ok {
				t.Errorf("set %d epoch %s: no clean original in the snapshots", es.CatalogNumber, es.Epoch)
			} else if !advSameElements(es, orig) {
				t.Errorf("set %d differs from its clean original:\n got %+v\nwant %+v", es.CatalogNumber, *es, *orig)
			}
		}
	}
	if !reflect.DeepEqual(cats, want.cats) {
		t.Errorf("good sets %v, want %v", cats, want.cats)
	}
	// Problems: every bad record, with its place and kind.
	if len(r.problems) != len(want.problems) {
		t.Errorf("%d problems, want %d:", len(r.problems), len(want.problems))
		for _, p := range r.problems {
			t.Errorf("  %v", p)
		}
	}
	for i := 0; i < len(r.problems) && i < len(want.problems); i++ {
		p, w := r.problems[i], want.problems[i]
		if p.Line != w.line || p.Column != w.col || p.Field != w.field || !errors.Is(p, w.kind) {
			t.Errorf("problem %d: %d:%d field %q (%v), want %d:%d field %q (%v)", i, p.Line, p.Column, p.Field, p.Err, w.line, w.col, w.field, w.kind)
		}
		advCheckMessage(t, name, p)
	}
	for _, err := range []error{r.err, r.all} {
		if err != nil && len(err.Error()) > advMaxMessage {
			t.Errorf("error message of %d bytes", len(err.Error()))
		}
	}
	// The fatal error.
	switch {
	case want.fatal == nil && r.err != nil:
		t.Errorf("unexpected error: %v", r.err)
	case want.fatal != nil && !errors.Is(r.err, want.fatal):
		t.Errorf("error %v, want one wrapping %v", r.err, want.fatal)
	case want.fatal != nil:
		if !strings.Contains(r.err.Error(), want.fatalText) || !strings.Contains(r.err.Error(), name) {
			t.Errorf("error %q does not name %s and say %q", r.err, name, want.fatalText)
		}
		var pe *ephemeris.ParseError
		if want.fatalLine > 0 && (!errors.As(r.err, &pe) || pe.Line != want.fatalLine) {
			t.Errorf("error %v: want a *ParseError at line %d", r.err, want.fatalLine)
		}
		if pe != nil && len(pe.Detail()) > advMaxMessage {
			t.Errorf("Detail of %d bytes", len(pe.Detail()))
		}
		if strings.Count(r.err.Error(), "\n") > 0 {
			t.Errorf("fatal error on more than one line: %q", r.err)
		}
	}
	// ReadAll (lenient) returns the same sets and an error that joins every
	// problem and the fatal one.
	if r.allSets != len(r.sets) {
		t.Errorf("ReadAll: %d sets, Reader %d", r.allSets, len(r.sets))
	}
	if (r.all == nil) != (len(want.problems) == 0 && want.fatal == nil) {
		t.Errorf("ReadAll error %v with %d problems and fatal %v", r.all, len(want.problems), want.fatal)
	}
	for _, w := range want.problems {
		if !errors.Is(r.all, w.kind) {
			t.Errorf("ReadAll error does not wrap %v", w.kind)
		}
	}
	// Strict: the sets before the first bad record, and that record as the error.
	s := advRead(t, name, data, ephemeris.ReadOptions{File: name, Strict: true})
	if len(s.sets) != want.strictSets || s.allSets != want.strictSets {
		t.Errorf("strict: %d sets (ReadAll %d), want %d", len(s.sets), s.allSets, want.strictSets)
	}
	switch {
	case len(want.problems) > 0:
		var pe *ephemeris.ParseError
		w := want.problems[0]
		if !errors.As(s.err, &pe) || pe.Line != w.line || !errors.Is(s.err, w.kind) || !errors.Is(s.all, w.kind) {
			t.Errorf("strict error %v, want the problem at line %d (%v)", s.err, w.line, w.kind)
		}
	case want.fatal != nil:
		if !errors.Is(s.err, want.fatal) || !errors.Is(s.all, want.fatal) {
			t.Errorf("strict error %v, want %v", s.err, want.fatal)
		}
	default:
		if s.err != nil || s.all != nil {
			t.Errorf("strict error %v", s.err)
		}
	}
}

// advCheckMessage checks what a user sees of a problem: one line starting
// "FILE:LINE" (":COL" when known), naming the field; Detail adds the
// offending text with every byte printable.
func advCheckMessage(t *testing.T, name string, p *ephemeris.ParseError) {
	t.Helper()
	loc := fmt.Sprintf("%s:%d", name, p.Line)
	if p.Column > 0 {
		loc += fmt.Sprintf(":%d", p.Column)
	}
	msg := p.Error()
	if !strings.HasPrefix(msg, loc+": field "+p.Field+": ") || strings.Contains(msg, "\n") {
		t.Errorf("message %q: want one line starting %q", msg, loc+": field "+p.Field+": ")
	}
	if len(msg) > advMaxMessage || len(p.Detail()) > advMaxMessage {
		t.Errorf("message of %d bytes, Detail of %d", len(msg), len(p.Detail()))
	}
	for _, line := range strings.Split(p.Detail(), "\n")[1:] {
		for i := 0; i < len(line); i++ {
			if line[i] < 0x20 || line[i] > 0x7e {
				t.Errorf("Detail line %q has byte 0x%02x", line, line[i])
				break
			}
		}
	}
}

// advFixture returns the bytes of a committed fixture.
func advFixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(advBadDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// advGenerated are inputs too big to commit, built from the fixtures.
type advGenerated struct {
	name string
	data func(t testing.TB) []byte
	want advCase
}

const (
	advHugeLine  = 10 << 20 // a 10 MiB line
	advBlankRuns = 100_000  // blank lines before a record
)

func advGeneratedInputs() []advGenerated {
	good := func(t testing.TB) []byte { return advFixture(t, "good-glonass-3.tle") }
	all3 := []int{advCosmos2485, advCosmos2492, advCosmos2500}
	// the good JSON record of omm-missing-epoch.json (its line 2, without the comma)
	jsonRecord := func(t testing.TB) string {
		return strings.TrimSuffix(strings.Split(string(advFixture(t, "omm-missing-epoch.json")), "\n")[1], ",")
	}
	long := func(c byte) []byte { return bytes.Repeat([]byte{c}, advHugeLine) }
	tooLong := fmt.Sprintf("line longer than %d bytes", ephemeris.MaxLineBytes)
	return []advGenerated{
		{"huge-line-only.tle", func(t testing.TB) []byte { return long('A') },
			advCase{format: fTLE, fatal: errLength, fatalLine: 1, fatalText: tooLong}},
		// A huge line ends the reading: what came before it is kept.
		{"huge-line-after-good.tle", func(t testing.TB) []byte {
			return append(append(good(t), long('7')...), '\n')
		}, advCase{format: fTLE, cats: all3, fatal: errLength, fatalLine: 10, fatalText: tooLong, strictSets: 3}},
		{"huge-line-before-good.tle", func(t testing.TB) []byte {
			return append(append(long('x'), '\n'), good(t)...)
		}, advCase{format: fTLE, fatal: errLength, fatalLine: 1, fatalText: tooLong}},
		{"huge-line.csv", func(t testing.TB) []byte {
			hdr := strings.Split(string(advFixture(t, "omm-csv-ragged-row.csv")), "\n")[0]
			return append([]byte(hdr+"\n"), long('9')...)
		}, advCase{format: fCSV, fatal: errLength, fatalLine: 2, fatalText: tooLong}},
		// JSON and XML are documents, read whole (up to MaxDocumentBytes):
		// a 10 MiB line of padding inside one is fine.
		{"huge-line.json", func(t testing.TB) []byte {
			return []byte("[" + jsonRecord(t) + strings.Repeat(" ", advHugeLine) + "]")
		}, advCase{format: fJSON, cats: []int{advCosmos2485}, strictSets: 1}},
		{"huge-comment-line.xml", func(t testing.TB) []byte {
			x := string(advFixture(t, "omm-sgp4-xp.xml"))
			i := strings.Index(x, "<omm ")
			return []byte(x[:i] + "<!--" + strings.Repeat("-x", advHugeLine/2) + "-->" + x[i:])
		}, advCase{format: fXML, cats: advGood2, problems: []advProblem{{13, 197, "MEAN_ELEMENT_THEORY", errNotSGP4}}, strictSets: 1}},
		{"huge-random-binary.bin", func(t testing.TB) []byte {
			rng := rand.New(rand.NewPCG(5, 6))
			b := make([]byte, advHugeLine)
			for i := range b {
				b[i] = byte(rng.Uint32())
			}
			return b
		}, advCase{format: fNone, fatal: ephemeris.ErrNoElementSets, fatalText: "binary data"}},
		{"huge-blank.tle", func(t testing.TB) []byte {
			return bytes.Repeat([]byte(" \t \r\n"), advHugeLine/5)
		}, advCase{format: fNone, fatal: ephemeris.ErrNoElementSets, fatalText: "(empty input)"}},
		// 100 000 blank lines, then records: no hang, true line numbers.
		{"blank-100k-then-tle.tle", func(t testing.TB) []byte {
			return append(bytes.Repeat([]byte("\n"), advBlankRuns), good(t)...)
		}, advCase{format: fTLE, cats: all3, strictSets: 3}},
		{"blank-100k-crlf-then-bad.tle", func(t testing.TB) []byte {
			return append(bytes.Repeat([]byte("  \r\n"), advBlankRuns), advFixture(t, "tle-checksum.tle")...)
		}, advSandwich(fTLE, advProblem{advBlankRuns + 5, 69, "checksum", errChecksum})},
		{"blank-100k-between.tle", func(t testing.TB) []byte {
			f := advFixture(t, "tle-inclination-over-180.tle")
			i := bytes.Index(f, []byte("COSMOS 2500"))
			return append(append(append([]byte{}, f[:i]...), bytes.Repeat([]byte("\n"), advBlankRuns)...), f[i:]...)
		}, advSandwich(fTLE, advProblem{advBlankRuns + 6, 9, "inclination", errRange})},
		{"blank-100k-then-name-alone.tle", func(t testing.TB) []byte {
			return append(append(good(t), bytes.Repeat([]byte("\n"), advBlankRuns)...), "COSMOS 2500 (755)\n"...)
		}, advCase{format: fTLE, cats: all3, strictSets: 3, problems: []advProblem{{9 + advBlankRuns + 1, 1, "line 1", errMissing}}}},
		{"blank-100k-then-json.json", func(t testing.TB) []byte {
			return append(bytes.Repeat([]byte("\n"), advBlankRuns), advFixture(t, "omm-negative-eccentricity.json")...)
		}, advSandwich(fJSON, advProblem{advBlankRuns + 3, 137, "ECCENTRICITY", errRange})},
		{"blank-100k-then-csv.csv", func(t testing.TB) []byte {
			return append(bytes.Repeat([]byte("\n"), advBlankRuns), advFixture(t, "omm-csv-ragged-row.csv")...)
		}, advSandwich(fCSV, advProblem{advBlankRuns + 3, 1, "CSV record", errSyntax})},
		{"blank-100k-then-xml.xml", func(t testing.TB) []byte {
			return append(bytes.Repeat([]byte("\n"), advBlankRuns), advFixture(t, "omm-xml-not-well-formed.xml")...)
		}, advCase{format: fXML, cats: []int{advCosmos2485}, fatal: errSyntax, fatalLine: advBlankRuns + 14,
			fatalText: "closed by </INCLINATON>", strictSets: 1}},
	}
}

// TestAdversarialGenerated reads the generated inputs (10 MiB lines,
// 100 000 blank lines) lenient and strict.
func TestAdversarialGenerated(t *testing.T) {
	ref := advReference(t)
	for _, g := range advGeneratedInputs() {
		t.Run(g.name, func(t *testing.T) {
			advCheck(t, g.name, g.data(t), g.want, ref)
		})
	}
}

// BenchmarkAdversarial measures the reading of each generated input (the
// brief: each read well under a second).
func BenchmarkAdversarial(b *testing.B) {
	for _, g := range advGeneratedInputs() {
		data := g.data(b)
		b.Run(g.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				ephemeris.ReadAll(bytes.NewReader(data), ephemeris.ReadOptions{File: g.name})
			}
		})
	}
}

// TestAdversarialReadme: testdata/bad/README.md lists every fixture (as
// `name`), and names no file that is not there.
func TestAdversarialReadme(t *testing.T) {
	readme := string(advFixture(t, "README.md"))
	files, err := filepath.Glob(filepath.Join(advBadDir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, p := range files {
		name := filepath.Base(p)
		have[name] = true
		if name != "README.md" && !strings.Contains(readme, "`"+name+"`") {
			t.Errorf("README.md does not list %s", name)
		}
	}
	// Every file of the fixture tables (first cell: `name.ext`[, `name.ext`]) exists.
	nameCell := regexp.MustCompile("^ *`[^`]+\\.[a-z]+`(, `[^`]+\\.[a-z]+`)* *$")
	for _, line := range strings.Split(readme, "\n") {
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		cell := strings.Split(line, "|")[1]
		if !nameCell.MatchString(cell) {
			continue
		}
		for _, f := range strings.Split(cell, ",") {
			f = strings.Trim(strings.TrimSpace(f), "`")
			if !have[f] {
				t.Errorf("README.md lists %q, which is not in %s", f, advBadDir)
			}
		}
	}
}
