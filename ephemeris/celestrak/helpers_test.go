package celestrak

import (
	"bytes"
	"errors"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/gnssim/gnssim/ephemeris"
)

func TestResolveGroup(t *testing.T) {
	tests := []struct{ in, want, err string }{
		{"glonass", "glo-ops", ""},
		{"GLONASS", "glo-ops", ""},
		{" glo ", "glo-ops", ""},
		{"R", "glo-ops", ""},
		{"glo-ops", "glo-ops", ""},
		{"beidou", "beidou", ""},
		{"bds", "beidou", ""},
		{"C", "beidou", ""},
		{"gps", "gps-ops", ""},
		{"navstar", "gps-ops", ""},
		{"G", "gps-ops", ""},
		{"gps-ops", "gps-ops", ""},
		{"galileo", "galileo", ""},
		{"E", "galileo", ""},
		{"sbas", "sbas", ""},
		{"qzss", "gnss", ""},
		{"navic", "gnss", ""},
		{"irnss", "gnss", ""},
		{"gnss", "gnss", ""},
		{"nnss", "nnss", ""},
		{"musson", "musson", ""},
		{"active", "active", ""},   // any CelesTrak group passes through
		{"GPS-OPS", "gps-ops", ""}, // case-insensitive
		{"", "", "empty CelesTrak group name"},
		{"glo ops", "", "invalid CelesTrak group name"},
		{"gps&FORMAT=tle", "", "invalid CelesTrak group name"},
		{"../etc", "", "invalid CelesTrak group name"},
		{"-x", "", "invalid CelesTrak group name"},
		{strings.Repeat("a", 65), "", "invalid CelesTrak group name"},
	}
	for _, tc := range tests {
		got, err := ResolveGroup(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ResolveGroup(%q) = %q, %v; want error %q", tc.in, got, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ResolveGroup(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestParseFormat(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "json"}, {"json", "json"}, {"JSON", "json"}, {"csv", "csv"}, {"xml", "xml"},
		{"tle", "tle"}, {"3le", "tle"}, {" TLE ", "tle"}, {"2le", ""}, {"kvn", ""}, {"json-pretty", ""},
	}
	for _, tc := range tests {
		got, err := ParseFormat(tc.in)
		if (tc.want == "") != (err != nil) || got != tc.want {
			t.Errorf("ParseFormat(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestRequestURL(t *testing.T) {
	tests := []struct{ base, want string }{
		{"https://celestrak.org", "https://celestrak.org/NORAD/elements/gp.php?FORMAT=json&GROUP=glo-ops"},
		{"https://celestrak.org/", "https://celestrak.org/NORAD/elements/gp.php?FORMAT=json&GROUP=glo-ops"},
		{"http://127.0.0.1:8080/mirror", "http://127.0.0.1:8080/mirror/NORAD/elements/gp.php?FORMAT=json&GROUP=glo-ops"},
	}
	for _, tc := range tests {
		u, _ := url.Parse(tc.base)
		if got := requestURL(u, "glo-ops", "json"); got != tc.want {
			t.Errorf("requestURL(%q) = %q, want %q", tc.base, got, tc.want)
		}
	}
}

func TestBackoff(t *testing.T) {
	// Documented schedule: 2 s doubling, capped at 1 min.
	want := []time.Duration{2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second, 32 * time.Second, time.Minute, time.Minute}
	for i, w := range want {
		if got := backoff(i + 1); got != w {
			t.Errorf("backoff(%d) = %v, want %v", i+1, got, w)
		}
	}
	if got := backoff(1000); got != time.Minute {
		t.Errorf("backoff(1000) = %v", got)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 18, 14, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, false},
		{"0", 0, true},
		{"120", 2 * time.Minute, true},
		{" 7 ", 7 * time.Second, true},
		{"-5", 0, false},
		{"soon", 0, false},
		{"Wed, 18 Mar 2026 14:01:30 GMT", 90 * time.Second, true},     // IMF-fixdate
		{"Wednesday, 18-Mar-26 14:10:00 GMT", 10 * time.Minute, true}, // RFC 850
		{"Wed Mar 18 14:00:05 2026", 5 * time.Second, true},           // asctime
		{"Wed, 18 Mar 2026 13:00:00 GMT", 0, true},                    // past: no wait
		{"99999999999999999999", 0, false},                            // overflows int64: unreadable
		{"9999999999", 365 * 24 * time.Hour, true},                    // capped to a year
	}
	for _, tc := range tests {
		got, ok := parseRetryAfter(tc.in, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestServerMessage(t *testing.T) {
	long := strings.Repeat("é", 400) // 800 bytes of 2-byte runes
	tests := []struct{ in, want string }{
		{"", ""},
		{"  Forbidden \r\n", "Forbidden"},
		{"line one\r\n\r\nline two\nline three\nline four\n", "line one / line two / line three"},
		{"tab\tand\x00nul\x1b[31m", "tab and nul [31m"},
		{"<!DOCTYPE html><html><head><title>403 \n Forbidden</title></head></html>", "403 Forbidden"},
		{"<html><body><h1>Gone</h1></body></html>", "Gone"},
		{long, strings.Repeat("é", 150) + "..."},
	}
	for _, tc := range tests {
		got := serverMessage([]byte(tc.in))
		if got != tc.want {
			t.Errorf("serverMessage(%.40q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzServerMessage: any body yields valid UTF-8 of bounded length.
func FuzzServerMessage(f *testing.F) {
	f.Add([]byte("No GP data found"))
	f.Add([]byte("<html><title>x</title></html>"))
	f.Add([]byte{0xff, 0xfe, 0x00, '\n', 'a'})
	f.Fuzz(func(t *testing.T, b []byte) {
		m := serverMessage(b)
		if !utf8.ValidString(m) || len(m) > maxMessageBytes+len("...") {
			t.Fatalf("serverMessage gave %d bytes, valid UTF-8 %v", len(m), utf8.ValidString(m))
		}
		_, _ = parseRetryAfter(string(b), time.Unix(0, 0))
	})
}

func TestIsHTML(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"<!DOCTYPE html><html></html>", true},
		{"\uFEFF  <!doctype HTML>", true},
		{"<HTML>", true},
		{`<?xml version="1.0"?><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN"><html>`, true},
		{`<?xml version="1.0" encoding="UTF-8"?><ndm><omm></omm></ndm>`, false},
		{"[{\"OBJECT_NAME\":\"X\"}]", false},
		{"COSMOS 2433 [GLONASS-M]\n1 32275U", false},
	}
	for _, tc := range tests {
		if got := isHTML([]byte(tc.in)); got != tc.want {
			t.Errorf("isHTML(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// TestFixturesMatchTLE proves the fake server's OMM bodies are faithful:
// each parses (strictly) into the same element sets as the real TLE file it
// was built from. Floats are compared to 1e-12 relative, the rounding of
// the parsers' decimal conversions; epochs exactly (1e-8 day = 864 µs is
// exact in the microsecond OMM epoch).
func TestFixturesMatchTLE(t *testing.T) {
	for _, file := range []string{"glonass.tle", "beidou.tle", "gps.tle", "galileo.tle", "qzss.tle", "navic.tle"} {
		recs := readTLEFile(t, file)
		ref, err := ephemeris.ReadAll(bytes.NewReader(tleBody(recs)), ephemeris.ReadOptions{File: file, Strict: true})
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if len(ref) != len(recs) {
			t.Fatalf("%s: %d sets from %d records", file, len(ref), len(recs))
		}
		for _, format := range []string{FormatJSON, FormatCSV, FormatXML} {
			b := body(t, file, format)
			if got, want := ephemeris.DetectFormat(b), ephemerisFormat(format); got != want {
				t.Errorf("%s %s: DetectFormat = %v, want %v", file, format, got, want)
			}
			sets, err := ephemeris.ReadAll(bytes.NewReader(b), ephemeris.ReadOptions{File: file + "." + format, Strict: true})
			if err != nil {
				t.Fatalf("%s %s: %v", file, format, err)
			}
			if len(sets) != len(ref) {
				t.Fatalf("%s %s: %d sets, want %d", file, format, len(sets), len(ref))
			}
			for i := range sets {
				if d := diffSets(sets[i], ref[i]); d != "" {
					t.Errorf("%s %s set %d (%s): %s", file, format, i, ref[i].Name, d)
				}
			}
		}
	}
}

func diffSets(a, b *ephemeris.ElementSet) string {
	var d []string
	if a.Name != b.Name || a.CatalogNumber != b.CatalogNumber || a.Classification != b.Classification ||
		a.IntlDesignator != b.IntlDesignator || a.EphemerisType != b.EphemerisType || a.ElementSetNo != b.ElementSetNo ||
		a.RevAtEpoch != b.RevAtEpoch {
		d = append(d, "identity fields differ")
	}
	if !a.Epoch.Equal(b.Epoch) {
		d = append(d, "epoch "+a.Epoch.String()+" vs "+b.Epoch.String())
	}
	fs := []struct {
		name string
		x, y float64
	}{
		{"ndot", a.MeanMotionDot, b.MeanMotionDot}, {"nddot", a.MeanMotionDDot, b.MeanMotionDDot},
		{"bstar", a.BStar, b.BStar}, {"incl", a.InclinationDeg, b.InclinationDeg}, {"raan", a.RAANDeg, b.RAANDeg},
		{"ecc", a.Eccentricity, b.Eccentricity}, {"argp", a.ArgPerigeeDeg, b.ArgPerigeeDeg},
		{"M", a.MeanAnomalyDeg, b.MeanAnomalyDeg}, {"n", a.MeanMotionRevPerDay, b.MeanMotionRevPerDay},
	}
	for _, f := range fs {
		if math.Abs(f.x-f.y) > 1e-12*math.Max(math.Abs(f.x), math.Abs(f.y)) {
			d = append(d, f.name)
		}
	}
	return strings.Join(d, ", ")
}

func TestResolveCacheRef(t *testing.T) {
	dir := t.TempDir()
	write := func(name, meta string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		if meta != "" {
			if err := os.WriteFile(filepath.Join(dir, name+".meta.json"), []byte(meta), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	write("glo-ops.json", `{"fetched_at":"2026-03-18T10:00:00Z"}`)
	write("glo-ops.tle", `{"fetched_at":"2026-03-18T12:00:00Z"}`) // newest
	write("beidou.csv", `{"fetched_at":"2026-03-18T10:00:00Z"}`)
	write("beidou.json", `{"fetched_at":"2026-03-18T10:00:00Z"}`) // same time: json preferred
	tests := []struct {
		ref, want string
		ok        bool
		err       string
	}{
		{"testdata/glonass.tle", "", false, ""},
		{"glonass", "", false, ""},
		{"cache:glonass", "glo-ops.tle", true, ""},
		{"cache:glo-ops:json", "glo-ops.json", true, ""},
		{"cache:R:tle", "glo-ops.tle", true, ""},
		{"cache:beidou", "beidou.json", true, ""},
		{"cache:beidou:csv", "beidou.csv", true, ""},
		{"cache:gps", "", true, "run `gnssim tle fetch gps` first"},
		{"cache:glonass:xml", "", true, "run `gnssim tle fetch glonass --format xml` first"},
		{"cache:", "", true, "names no group"},
		{"cache:glonass:kvn", "", true, "unknown CelesTrak format"},
		{"cache:bad group", "", true, "invalid CelesTrak group name"},
	}
	for _, tc := range tests {
		p, ok, err := ResolveCacheRef(tc.ref, dir)
		if ok != tc.ok {
			t.Errorf("ResolveCacheRef(%q): ok = %v", tc.ref, ok)
		}
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ResolveCacheRef(%q) = %q, %v; want error %q", tc.ref, p, err, tc.err)
			}
			if strings.HasPrefix(tc.err, "run") && !errors.Is(err, os.ErrNotExist) {
				t.Errorf("ResolveCacheRef(%q): %v does not wrap fs.ErrNotExist", tc.ref, err)
			}
			continue
		}
		want := ""
		if tc.want != "" {
			want = filepath.Join(dir, tc.want)
		}
		if err != nil || p != want {
			t.Errorf("ResolveCacheRef(%q) = %q, %v; want %q", tc.ref, p, err, want)
		}
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f.json")
	if err := writeFileAtomic(p, []byte("one"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := writeFileAtomic(p, []byte("two"), 0o644); err != nil {
		t.Fatal(err)
	}
	if b := readFile(t, p); string(b) != "two" {
		t.Errorf("content %q", b)
	}
	if st, _ := os.Stat(p); st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", st.Mode().Perm())
	}
	if files := dirFiles(t, dir); len(files) != 1 {
		t.Errorf("dir holds %v, want only f.json", files)
	}
	// Renaming onto a directory fails: the target stays, no temp file left.
	if err := os.Mkdir(filepath.Join(dir, "d"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := writeFileAtomic(filepath.Join(dir, "d"), []byte("x"), 0o644); err == nil {
		t.Error("writing over a directory succeeded")
	}
	if files := dirFiles(t, dir); len(files) != 2 {
		t.Errorf("dir holds %v after a failed write, want d and f.json", files)
	}
}

// TestValidateStrict: damage inside the data (not at the end, where the
// truncation checks look) must still be refused, proving the strict parse;
// good bodies give the record counts of SOURCES.md.
func TestValidateStrict(t *testing.T) {
	recs := readTLEFile(t, "galileo.tle") // 30 sets (SOURCES.md)
	good := map[string][]byte{}
	for _, f := range []string{FormatJSON, FormatCSV, FormatXML, FormatTLE} {
		good[f] = body(t, "galileo.tle", f)
	}
	// Record 10 with line 2 cut to 50 columns, the rest intact.
	short := append([]tleRecord(nil), recs...)
	short[10].l2 = short[10].l2[:50]
	// Record 4 with a wrong checksum digit (column 69 of line 1).
	badSum := append([]tleRecord(nil), recs...)
	l1 := []byte(badSum[4].l1)
	l1[68] = '0' + (l1[68]-'0'+1)%10
	badSum[4].l1 = string(l1)
	// JSON with MEAN_MOTION removed from record 3.
	noMM := bytes.Replace(good[FormatJSON], []byte(`"MEAN_MOTION":`+ommFields(t, recs[3])[3].val+`,`), nil, 1)
	if bytes.Equal(noMM, good[FormatJSON]) {
		t.Fatal("test setup: MEAN_MOTION of record 3 not found")
	}
	tests := []struct {
		name, format string
		body         []byte
		wantSets     int
		wantErr      string
	}{
		{"json", FormatJSON, good[FormatJSON], 30, ""},
		{"csv", FormatCSV, good[FormatCSV], 30, ""},
		{"xml", FormatXML, good[FormatXML], 30, ""},
		{"tle", FormatTLE, good[FormatTLE], 30, ""},
		{"tle LF line ends", FormatTLE, bytes.ReplaceAll(good[FormatTLE], []byte("\r\n"), []byte("\n")), 30, ""},
		{"tle short line 2 inside", FormatTLE, tleBody(short), 0, "do not parse"},
		{"tle checksum inside", FormatTLE, tleBody(badSum), 0, "do not parse"},
		{"json missing field inside", FormatJSON, noMM, 0, "do not parse"},
		{"json object not array", FormatJSON, []byte(`{"OBJECT_NAME":"X"}`), 0, "not an array of OMM objects"},
	}
	for _, tc := range tests {
		n, err := validate(tc.body, tc.format, "test")
		if tc.wantErr == "" {
			if err != nil || n != tc.wantSets {
				t.Errorf("%s: validate = %d, %v; want %d sets", tc.name, n, err, tc.wantSets)
			}
			continue
		}
		if err == nil || !errors.Is(err, ErrBadContent) || !strings.Contains(err.Error(), tc.wantErr) {
			t.Errorf("%s: validate = %d, %v; want ErrBadContent containing %q", tc.name, n, err, tc.wantErr)
		} else {
			t.Logf("%s: %v", tc.name, err)
		}
	}
}
