package celestrak

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Test fixtures: CelesTrak answers built from the real 3-line TLEs of the
// 2026-03-18 snapshot (testdata/tle/2026-03-18, see its SOURCES.md), and a
// local httptest server that plays CelesTrak.

const snapshotDir = "../../testdata/tle/2026-03-18/"

// Satellite counts per file, from testdata/tle/2026-03-18/SOURCES.md.
const (
	glonassSets = 28
	beidouSets  = 55
	qzssSets    = 5
)

// tleRecord is one 3-line TLE as written in the file.
type tleRecord struct{ name, l1, l2 string }

func readTLEFile(t testing.TB, name string) []tleRecord {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(snapshotDir, name))
	if err != nil {
		t.Fatalf("reading test data: %v", err)
	}
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		if l := strings.TrimRight(sc.Text(), "\r"); strings.TrimSpace(l) != "" {
			lines = append(lines, l)
		}
	}
	if len(lines)%3 != 0 {
		t.Fatalf("%s: %d lines, not a 3-line TLE file", name, len(lines))
	}
	var recs []tleRecord
	for i := 0; i < len(lines); i += 3 {
		recs = append(recs, tleRecord{lines[i], lines[i+1], lines[i+2]})
	}
	return recs
}

// tleBody is CelesTrak's FORMAT=tle answer: name, line 1, line 2, CRLF.
func tleBody(recs []tleRecord) []byte {
	var b bytes.Buffer
	for _, r := range recs {
		fmt.Fprintf(&b, "%-24s\r\n%s\r\n%s\r\n", strings.TrimSpace(r.name), r.l1, r.l2)
	}
	return b.Bytes()
}

// ommField is one OMM keyword and its value; json tells whether the value
// is a JSON number (true) or string.
type ommField struct {
	key, val string
	number   bool
}

// ommFields converts a TLE record to CelesTrak OMM fields, in CelesTrak's
// order, by the field mapping of testdata/sgp4-verification/README.md.
func ommFields(t testing.TB, r tleRecord) []ommField {
	t.Helper()
	l1, l2 := r.l1, r.l2
	field := func(l string, a, b int) string { return strings.TrimSpace(l[a:b]) }
	atoi := func(s string) string {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			t.Fatalf("%s: %v", r.name, err)
		}
		return strconv.Itoa(n)
	}
	// Implied-decimal "±NNNNN±E" (BSTAR, second derivative of mean motion).
	implied := func(s string) string {
		s = strings.TrimSpace(s)
		sign := ""
		if s[0] == '-' || s[0] == '+' {
			if s[0] == '-' {
				sign = "-"
			}
			s = s[1:]
		}
		f, err := strconv.ParseFloat(sign+"0."+s[:len(s)-2]+"e"+s[len(s)-2:], 64)
		if err != nil {
			t.Fatalf("%s: implied decimal %q: %v", r.name, s, err)
		}
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	decimal := func(s string) string {
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			t.Fatalf("%s: %v", r.name, err)
		}
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	// International designator "07052A" -> "2007-052A" (years 57..99 are 19xx).
	intl := field(l1, 9, 17)
	yy, _ := strconv.Atoi(intl[:2])
	year := 2000 + yy
	if yy >= 57 {
		year = 1900 + yy
	}
	objectID := fmt.Sprintf("%d-%s", year, intl[2:])
	// Epoch yyddd.dddddddd: 1e-8 day is exactly 864 µs, so the
	// microsecond ISO form is exact.
	ep := field(l1, 18, 32)
	ey, _ := strconv.Atoi(ep[:2])
	doy, _ := strconv.Atoi(ep[2:5])
	frac, _ := strconv.ParseInt((ep[6:] + "00000000")[:8], 10, 64)
	epoch := time.Date(2000+ey, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, doy-1).Add(time.Duration(frac) * 864 * time.Microsecond)
	return []ommField{
		{"OBJECT_NAME", strings.TrimSpace(r.name), false},
		{"OBJECT_ID", objectID, false},
		{"EPOCH", epoch.Format("2006-01-02T15:04:05.000000"), false},
		{"MEAN_MOTION", decimal(l2[52:63]), true},
		{"ECCENTRICITY", decimal("0." + l2[26:33]), true},
		{"INCLINATION", decimal(l2[8:16]), true},
		{"RA_OF_ASC_NODE", decimal(l2[17:25]), true},
		{"ARG_OF_PERICENTER", decimal(l2[34:42]), true},
		{"MEAN_ANOMALY", decimal(l2[43:51]), true},
		{"EPHEMERIS_TYPE", atoi(l1[62:63]), true},
		{"CLASSIFICATION_TYPE", l1[7:8], false},
		{"NORAD_CAT_ID", atoi(l1[2:7]), true},
		{"ELEMENT_SET_NO", atoi(l1[64:68]), true},
		{"REV_AT_EPOCH", atoi(l2[63:68]), true},
		{"BSTAR", implied(l1[53:61]), true},
		{"MEAN_MOTION_DOT", decimal(l1[33:43]), true},
		{"MEAN_MOTION_DDOT", implied(l1[44:52]), true},
	}
}

// jsonBody is CelesTrak's FORMAT=json answer (a JSON array of OMM objects).
func jsonBody(t testing.TB, recs []tleRecord) []byte {
	var b bytes.Buffer
	b.WriteString("[")
	for i, r := range recs {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("{")
		for j, f := range ommFields(t, r) {
			if j > 0 {
				b.WriteString(",")
			}
			k, _ := json.Marshal(f.key)
			b.Write(k)
			b.WriteString(":")
			if f.number {
				b.WriteString(f.val)
			} else {
				v, _ := json.Marshal(f.val)
				b.Write(v)
			}
		}
		b.WriteString("}")
	}
	b.WriteString("]")
	return b.Bytes()
}

// csvBody is CelesTrak's FORMAT=csv answer: a header line and one row per
// element set, CRLF line ends.
func csvBody(t testing.TB, recs []tleRecord) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	for i, r := range recs {
		fs := ommFields(t, r)
		if i == 0 {
			var head []string
			for _, f := range fs {
				head = append(head, f.key)
			}
			w.Write(head)
		}
		var row []string
		for _, f := range fs {
			row = append(row, f.val)
		}
		w.Write(row)
	}
	w.Flush()
	return b.Bytes()
}

// xmlBody is CelesTrak's FORMAT=xml answer: CCSDS NDM with one <omm> per
// element set, laid out like testdata/sgp4-verification/sample_omm.xml.
func xmlBody(t testing.TB, recs []tleRecord) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<ndm xmlns:xsi="https://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="https://sanaregistry.org/r/ndmxml/ndmxml-1.0-master.xsd">` + "\n")
	for _, r := range recs {
		v := map[string]string{}
		for _, f := range ommFields(t, r) {
			v[f.key] = html.EscapeString(f.val)
		}
		b.WriteString(`<omm id="CCSDS_OMM_VERS" version="2.0">` + "\n")
		b.WriteString(`<header><CREATION_DATE/><ORIGINATOR/></header><body><segment><metadata>`)
		fmt.Fprintf(&b, `<OBJECT_NAME>%s</OBJECT_NAME><OBJECT_ID>%s</OBJECT_ID><CENTER_NAME>EARTH</CENTER_NAME><REF_FRAME>TEME</REF_FRAME><TIME_SYSTEM>UTC</TIME_SYSTEM><MEAN_ELEMENT_THEORY>SGP4</MEAN_ELEMENT_THEORY></metadata>`, v["OBJECT_NAME"], v["OBJECT_ID"])
		b.WriteString(`<data><meanElements>`)
		for _, k := range []string{"EPOCH", "MEAN_MOTION", "ECCENTRICITY", "INCLINATION", "RA_OF_ASC_NODE", "ARG_OF_PERICENTER", "MEAN_ANOMALY"} {
			fmt.Fprintf(&b, "<%s>%s</%s>", k, v[k], k)
		}
		b.WriteString(`</meanElements><tleParameters>`)
		for _, k := range []string{"EPHEMERIS_TYPE", "CLASSIFICATION_TYPE", "NORAD_CAT_ID", "ELEMENT_SET_NO", "REV_AT_EPOCH", "BSTAR", "MEAN_MOTION_DOT", "MEAN_MOTION_DDOT"} {
			fmt.Fprintf(&b, "<%s>%s</%s>", k, v[k], k)
		}
		b.WriteString("</tleParameters></data></segment></body></omm>\n")
	}
	b.WriteString("</ndm>\n")
	return b.Bytes()
}

// body builds the answer for a format from one snapshot file.
func body(t testing.TB, file, format string) []byte {
	t.Helper()
	recs := readTLEFile(t, file)
	switch format {
	case FormatJSON:
		return jsonBody(t, recs)
	case FormatCSV:
		return csvBody(t, recs)
	case FormatXML:
		return xmlBody(t, recs)
	case FormatTLE:
		return tleBody(recs)
	}
	t.Fatalf("no fixture for format %q", format)
	return nil
}

// reply is one scripted answer of the fake server.
type reply struct {
	status int               // default 200
	header map[string]string // extra headers
	body   []byte
	hang   bool // never answer: wait until the client gives up
	cutAt  int  // > 0: announce len(body) bytes but send only body[:cutAt] and drop the connection
}

// recorded is what the fake server saw of one request.
type recorded struct {
	path   string
	query  map[string][]string
	header http.Header
}

// fakeCelesTrak is an httptest server answering gp.php with scripted
// replies, in order; the last reply repeats.
type fakeCelesTrak struct {
	srv     *httptest.Server
	mu      sync.Mutex
	replies []reply
	reqs    []recorded
}

func newFake(t testing.TB, replies ...reply) *fakeCelesTrak {
	t.Helper()
	f := &fakeCelesTrak{replies: replies}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// script replaces the remaining replies.
func (f *fakeCelesTrak) script(replies ...reply) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.replies = replies
}

func (f *fakeCelesTrak) requests() []recorded {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]recorded(nil), f.reqs...)
}

func (f *fakeCelesTrak) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.reqs = append(f.reqs, recorded{path: r.URL.Path, query: r.URL.Query(), header: r.Header.Clone()})
	if len(f.replies) == 0 {
		f.mu.Unlock()
		http.Error(w, "fake CelesTrak: no reply scripted", http.StatusTeapot)
		return
	}
	rep := f.replies[0]
	if len(f.replies) > 1 {
		f.replies = f.replies[1:]
	}
	f.mu.Unlock()
	if r.URL.Path != "/NORAD/elements/gp.php" {
		http.NotFound(w, r)
		return
	}
	if rep.hang {
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second): // bound: the client gives up long before
		}
		return
	}
	status := rep.status
	if status == 0 {
		status = http.StatusOK
	}
	if rep.cutAt > 0 {
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			panic(err)
		}
		defer conn.Close()
		fmt.Fprintf(buf, "HTTP/1.1 %d %s\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n", status, http.StatusText(status), len(rep.body))
		buf.Write(rep.body[:rep.cutAt])
		buf.Flush()
		return
	}
	for k, v := range rep.header {
		w.Header().Set(k, v)
	}
	w.WriteHeader(status)
	w.Write(rep.body)
}

// sleepLog records the backoff waits a Client asked for, without waiting.
type sleepLog struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleepLog) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.d = append(s.d, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleepLog) waits() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.d...)
}

// testClock is a settable clock.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// t0 is the fixed "now" of the tests, within the snapshot's epoch range.
var t0 = time.Date(2026, 3, 18, 14, 0, 0, 0, time.UTC)

// testClient is a Client on the fake server with a private cache, a
// recorded sleep, a settable clock, a short timeout and a log into t.Log.
func testClient(t testing.TB, f *fakeCelesTrak) (*Client, *sleepLog, *testClock) {
	t.Helper()
	sl := &sleepLog{}
	clk := &testClock{t: t0}
	c := &Client{
		BaseURL:  f.srv.URL,
		CacheDir: filepath.Join(t.TempDir(), "cache"),
		Timeout:  2 * time.Second,
		Now:      clk.now,
		Sleep:    sl.sleep,
		Log:      testLogWriter{t},
	}
	return c, sl, clk
}

type testLogWriter struct{ t testing.TB }

func (w testLogWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// dirFiles lists the names in dir (nil if it does not exist).
func dirFiles(t testing.TB, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

// readAll reads a file or fails the test.
func readFile(t testing.TB, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
