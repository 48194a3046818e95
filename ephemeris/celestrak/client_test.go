package celestrak

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestFetchFormats downloads each format of a group and checks the cached
// file, its metadata and the request CelesTrak would have seen.
func TestFetchFormats(t *testing.T) {
	tests := []struct {
		group, format string
		file          string
		wantGroup     string
		wantFormat    string
		wantSets      int // from testdata/tle/2026-03-18/SOURCES.md
	}{
		{"glonass", "", "glonass.tle", "glo-ops", "json", glonassSets},
		{"glonass", "json", "glonass.tle", "glo-ops", "json", glonassSets},
		{"GLONASS", "TLE", "glonass.tle", "glo-ops", "tle", glonassSets},
		{"R", "3le", "glonass.tle", "glo-ops", "tle", glonassSets},
		{"beidou", "csv", "beidou.tle", "beidou", "csv", beidouSets},
		{"bds", "xml", "beidou.tle", "beidou", "xml", beidouSets},
		{"qzss", "json", "qzss.tle", "gnss", "json", qzssSets},
	}
	for _, tc := range tests {
		t.Run(tc.group+"/"+tc.format, func(t *testing.T) {
			data := body(t, tc.file, tc.wantFormat)
			f := newFake(t, reply{body: data, header: map[string]string{
				"ETag": `"abc123"`, "Last-Modified": "Wed, 18 Mar 2026 12:00:00 GMT"}})
			c, sl, _ := testClient(t, f)
			res, err := c.Fetch(context.Background(), tc.group, tc.format, false)
			if err != nil {
				t.Fatalf("Fetch: %v", err)
			}
			wantPath := filepath.Join(c.CacheDir, tc.wantGroup+"."+tc.wantFormat)
			want := Result{Group: tc.wantGroup, Format: tc.wantFormat, Path: wantPath, Sets: tc.wantSets, FetchedAt: t0}
			if *res != want {
				t.Errorf("Result = %+v, want %+v", *res, want)
			}
			if got := readFile(t, res.Path); !bytes.Equal(got, data) {
				t.Errorf("cached bytes differ from the served body (%d vs %d bytes)", len(got), len(data))
			}
			m, err := ReadMetadata(res.Path)
			if err != nil {
				t.Fatal(err)
			}
			wantURL := f.srv.URL + "/NORAD/elements/gp.php?FORMAT=" + tc.wantFormat + "&GROUP=" + tc.wantGroup
			wantMeta := Metadata{URL: wantURL, Group: tc.wantGroup, Format: tc.wantFormat, FetchedAt: t0,
				SHA256: sha256Hex(data), Bytes: int64(len(data)), Sets: tc.wantSets,
				LastModified: "Wed, 18 Mar 2026 12:00:00 GMT", ETag: `"abc123"`}
			if *m != wantMeta {
				t.Errorf("metadata = %+v, want %+v", *m, wantMeta)
			}
			reqs := f.requests()
			if len(reqs) != 1 {
				t.Fatalf("%d requests, want 1", len(reqs))
			}
			r := reqs[0]
			if r.path != "/NORAD/elements/gp.php" || r.query["GROUP"][0] != tc.wantGroup || r.query["FORMAT"][0] != tc.wantFormat {
				t.Errorf("request %s %v, want gp.php GROUP=%s FORMAT=%s", r.path, r.query, tc.wantGroup, tc.wantFormat)
			}
			if ua := r.header.Get("User-Agent"); ua != DefaultUserAgent() || !strings.HasPrefix(ua, "gnssim/") || !strings.Contains(ua, "+https://github.com/gnssim/gnssim") {
				t.Errorf("User-Agent %q, want %q", ua, DefaultUserAgent())
			}
			if r.header.Get("If-None-Match") != "" || r.header.Get("If-Modified-Since") != "" {
				t.Errorf("first download was conditional: %v", r.header)
			}
			if w := sl.waits(); len(w) != 0 {
				t.Errorf("slept %v on a clean download", w)
			}
			if files := dirFiles(t, c.CacheDir); !slices.Equal(files, []string{tc.wantGroup + "." + tc.wantFormat, tc.wantGroup + "." + tc.wantFormat + ".meta.json"}) {
				t.Errorf("cache dir holds %v", files)
			}
		})
	}
}

// TestFetchUserAgentOverride checks that a configured User-Agent is sent.
func TestFetchUserAgentOverride(t *testing.T) {
	f := newFake(t, reply{body: body(t, "qzss.tle", FormatTLE)})
	c, _, _ := testClient(t, f)
	c.UserAgent = "gnssim-test/1.0 (+https://example.invalid)"
	if _, err := c.Fetch(context.Background(), "qzss", "tle", false); err != nil {
		t.Fatal(err)
	}
	if ua := f.requests()[0].header.Get("User-Agent"); ua != c.UserAgent {
		t.Errorf("User-Agent %q, want %q", ua, c.UserAgent)
	}
}

// truncate returns b cut at the byte offset of the n-th occurrence of sep
// plus extra bytes: a cut in the middle of a record.
func cutAfter(t testing.TB, b []byte, sep string, n, extra int) []byte {
	t.Helper()
	off := 0
	for i := 0; i < n; i++ {
		j := bytes.Index(b[off:], []byte(sep))
		if j < 0 {
			t.Fatalf("separator %q occurs fewer than %d times", sep, n)
		}
		off += j + len(sep)
	}
	return append([]byte(nil), b[:off+extra]...)
}

// TestFetchBadContent: complete answers that must be refused, without retry
// and without creating a cache file.
func TestFetchBadContent(t *testing.T) {
	glo := readTLEFile(t, "glonass.tle")
	gloJSON := jsonBody(t, glo)
	gloTLE := tleBody(glo)
	gloCSV := csvBody(t, glo)
	gloXML := xmlBody(t, glo)
	csvRows := cutAfter(t, gloCSV, "\r\n", 5, 0) // header and 4 data rows
	csvMidRow := cutAfter(t, gloCSV, ",", strings.Count(string(csvRows), ",")+4, 0)
	tests := []struct {
		name    string
		format  string
		body    []byte
		wantMsg string
	}{
		{"empty", "json", nil, "empty body"},
		{"whitespace", "tle", []byte(" \r\n\r\n"), "only whitespace"},
		{"html", "json", []byte("<!DOCTYPE html>\n<html><head><title>CelesTrak: Maintenance</title></head><body>Back soon</body></html>"),
			`HTML page titled "CelesTrak: Maintenance"`},
		{"html lower-case no title", "tle", []byte("<html><body>oops</body></html>"), "HTML page instead of tle data"},
		{"no GP data", "json", []byte("No GP data found\r\n"), `CelesTrak answered "No GP data found"`},
		{"invalid query", "csv", []byte("Invalid query: \"GROUP=xyz&FORMAT=csv\"\n"), `CelesTrak answered "Invalid query: \"GROUP=xyz&FORMAT=csv\""`},
		{"json empty array", "json", []byte("[]"), "no element sets"},
		// Cut in the middle of the 5th record: after `"NORAD_CAT_ID":` of
		// record 5, the JSON array is not closed.
		{"json truncated mid-record", "json", cutAfter(t, gloJSON, `"NORAD_CAT_ID":`, 5, 2), "JSON array is not closed"},
		{"json truncated between records", "json", cutAfter(t, gloJSON, "},", 3, 0), "JSON array is not closed"},
		// TLE cut inside line 2 of record 4 (10 columns into it).
		{"tle truncated in line 2", "tle", cutAfter(t, gloTLE, "\r\n2 ", 4, 8), "last TLE record is incomplete"},
		{"tle truncated after line 1", "tle", cutAfter(t, gloTLE, "\r\n1 ", 4, 67), "last TLE record is incomplete"},
		{"tle truncated in name line", "tle", cutAfter(t, gloTLE, "\r\nCOSMOS", 4, 3), "last TLE record is incomplete"},
		// CSV cut in the middle of data row 5, after its 4th field.
		{"csv truncated mid-row", "csv", csvMidRow, "do not parse"},
		{"xml truncated mid-record", "xml", cutAfter(t, gloXML, "<INCLINATION>", 7, 3), "do not parse"},
		{"tle served for json", "json", gloTLE, "expected OMM JSON but the content looks like TLE"},
		{"json served for tle", "tle", gloJSON, "expected TLE but the content looks like OMM JSON"},
		{"csv served for xml", "xml", gloCSV, "expected OMM XML but the content looks like OMM CSV"},
		{"plain text", "json", []byte("Service temporarily unavailable,\ncome back later\n"), `the server returned text instead of json data: "Service temporarily unavailable, / come back later"`},
		{"plain text for tle", "tle", []byte("Service temporarily unavailable"), `the server returned text instead of tle data: "Service temporarily unavailable"`},
		{"binary", "json", []byte("\x1f\x8b\x08\x00gzip"), "expected OMM JSON but the content looks like unknown"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t, reply{body: tc.body})
			c, sl, _ := testClient(t, f)
			res, err := c.Fetch(context.Background(), "glonass", tc.format, false)
			if err == nil {
				t.Fatalf("Fetch succeeded (%+v), want an error containing %q", res, tc.wantMsg)
			}
			t.Logf("error: %v", err)
			if !errors.Is(err, ErrBadContent) {
				t.Errorf("error %v does not wrap ErrBadContent", err)
			}
			if !strings.Contains(err.Error(), tc.wantMsg) {
				t.Errorf("error %q does not contain %q", err, tc.wantMsg)
			}
			if n := len(f.requests()); n != 1 {
				t.Errorf("%d requests, want 1 (bad content is not retried)", n)
			}
			if w := sl.waits(); len(w) != 0 {
				t.Errorf("slept %v", w)
			}
			if files := dirFiles(t, c.CacheDir); len(files) != 0 {
				t.Errorf("cache dir holds %v after a failed download", files)
			}
		})
	}
}

// TestFetchHTTPStatus covers the status codes: what is retried, the waits,
// and the final error.
func TestFetchHTTPStatus(t *testing.T) {
	good := reply{body: body(t, "glonass.tle", FormatTLE)}
	// An HTTP-date 90 s after t0 (RFC 9110 IMF-fixdate).
	date90 := t0.Add(90 * time.Second).Format(http.TimeFormat)
	tests := []struct {
		name      string
		retries   int
		replies   []reply
		wantErr   string // "" = success
		wantCode  int    // HTTPError status expected (0: none)
		wantReqs  int
		wantWaits []time.Duration
	}{
		{name: "403 with message", replies: []reply{{status: 403, body: []byte("Access from your address has been denied: too many downloads of the same data.\r\nSee https://celestrak.org/NORAD/documentation/gp-data-formats.php\r\n")}},
			wantErr: `Access from your address has been denied: too many downloads of the same data.`, wantCode: 403, wantReqs: 1},
		{name: "403 hint", replies: []reply{{status: 403, body: []byte("Forbidden")}}, wantErr: "rate-limiting", wantCode: 403, wantReqs: 1},
		{name: "404", replies: []reply{{status: 404, body: []byte("Not here")}}, wantErr: `HTTP 404 Not Found from`, wantCode: 404, wantReqs: 1},
		{name: "400", replies: []reply{{status: 400, body: []byte("Bad request")}}, wantErr: `"Bad request"`, wantCode: 400, wantReqs: 1},
		{name: "429 Retry-After seconds then success", replies: []reply{{status: 429, header: map[string]string{"Retry-After": "7"}}, good},
			wantReqs: 2, wantWaits: []time.Duration{7 * time.Second}},
		{name: "429 Retry-After shorter than backoff", replies: []reply{{status: 429, header: map[string]string{"Retry-After": "1"}}, good},
			wantReqs: 2, wantWaits: []time.Duration{2 * time.Second}},
		{name: "429 Retry-After HTTP-date then success", replies: []reply{{status: 429, header: map[string]string{"Retry-After": date90}}, good},
			wantReqs: 2, wantWaits: []time.Duration{90 * time.Second}},
		{name: "429 without Retry-After", replies: []reply{{status: 429}, {status: 429}, good},
			wantReqs: 3, wantWaits: []time.Duration{2 * time.Second, 4 * time.Second}},
		{name: "429 Retry-After beyond cap", replies: []reply{{status: 429, header: map[string]string{"Retry-After": "3600"}, body: []byte("Slow down")}},
			wantErr: "asks to wait 1h0m0s, longer than the 5m0s", wantCode: 429, wantReqs: 1},
		{name: "429 at the cap is waited", replies: []reply{{status: 429, header: map[string]string{"Retry-After": "300"}}, good},
			wantReqs: 2, wantWaits: []time.Duration{5 * time.Minute}},
		{name: "500 twice then success", replies: []reply{{status: 500}, {status: 500}, good},
			wantReqs: 3, wantWaits: []time.Duration{2 * time.Second, 4 * time.Second}},
		{name: "500 always", replies: []reply{{status: 500, body: []byte("Internal failure")}},
			wantErr: `giving up after 4 attempts: HTTP 500 Internal Server Error from`, wantCode: 500, wantReqs: 4,
			wantWaits: []time.Duration{2 * time.Second, 4 * time.Second, 8 * time.Second}},
		{name: "503 always, 1 retry", retries: 1, replies: []reply{{status: 503}},
			wantErr: "giving up after 2 attempts", wantCode: 503, wantReqs: 2, wantWaits: []time.Duration{2 * time.Second}},
		{name: "502 no retries", retries: -1, replies: []reply{{status: 502}},
			wantErr: "giving up after 1 attempt:", wantCode: 502, wantReqs: 1},
		{name: "304 to unconditional request", replies: []reply{{status: 304}}, wantErr: "unconditional request", wantReqs: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t, tc.replies...)
			c, sl, _ := testClient(t, f)
			c.Retries = tc.retries
			res, err := c.Fetch(context.Background(), "glonass", "tle", false)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("Fetch: %v", err)
				}
				if res.Sets != glonassSets || res.FromCache {
					t.Errorf("Result %+v", res)
				}
			} else {
				if err == nil {
					t.Fatalf("Fetch succeeded, want error containing %q", tc.wantErr)
				}
				t.Logf("error: %v", err)
				if !strings.Contains(err.Error(), tc.wantErr) {
					t.Errorf("error %q does not contain %q", err, tc.wantErr)
				}
				var he *HTTPError
				if tc.wantCode != 0 && (!errors.As(err, &he) || he.StatusCode != tc.wantCode) {
					t.Errorf("error %v is not an HTTPError %d", err, tc.wantCode)
				}
				if files := dirFiles(t, c.CacheDir); len(files) != 0 {
					t.Errorf("cache dir holds %v after a failure", files)
				}
			}
			if n := len(f.requests()); n != tc.wantReqs {
				t.Errorf("%d requests, want %d", n, tc.wantReqs)
			}
			if w := sl.waits(); !slices.Equal(w, tc.wantWaits) {
				t.Errorf("waits %v, want %v", w, tc.wantWaits)
			}
		})
	}
}

// TestFetchTransportFailures: answers that never come or stop half-way are
// retried; the cut is reported with the byte counts.
func TestFetchTransportFailures(t *testing.T) {
	data := body(t, "glonass.tle", FormatJSON)
	half := len(data) / 2
	tests := []struct {
		name      string
		retries   int
		replies   []reply
		wantErr   string
		wantReqs  int
		wantWaits []time.Duration
	}{
		{"slow answer then success", 0, []reply{{hang: true}, {body: data}}, "", 2, []time.Duration{2 * time.Second}},
		{"slow always", 1, []reply{{hang: true}}, "giving up after 2 attempts: no complete answer within 1s", 2,
			[]time.Duration{2 * time.Second}},
		{"content-length larger than body, then success", 0, []reply{{body: data, cutAt: half}, {body: data}}, "", 2, []time.Duration{2 * time.Second}},
		{"content-length larger than body always", 0, []reply{{body: data, cutAt: half}}, "download cut off after", 4,
			[]time.Duration{2 * time.Second, 4 * time.Second, 8 * time.Second}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if testing.Short() && tc.replies[0].hang {
				t.Skip("waits for the 1 s timeout; skipped under -short")
			}
			f := newFake(t, tc.replies...)
			c, sl, _ := testClient(t, f)
			// 1 s: ample for a 12 kB local answer on a loaded machine,
			// short enough to keep the hanging cases quick.
			c.Timeout = time.Second
			c.Retries = tc.retries
			res, err := c.Fetch(context.Background(), "glonass", "json", false)
			if err != nil {
				t.Logf("error: %v", err)
			}
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("Fetch: %v", err)
			case tc.wantErr == "" && res.Sets != glonassSets:
				t.Errorf("Result %+v", res)
			case tc.wantErr != "" && err == nil:
				t.Fatalf("Fetch succeeded, want error containing %q", tc.wantErr)
			case tc.wantErr != "" && !strings.Contains(err.Error(), tc.wantErr):
				t.Errorf("error %q does not contain %q", err, tc.wantErr)
			}
			if tc.wantErr == "download cut off after" && err != nil {
				if want := "of " + strconv.Itoa(len(data)) + " bytes (Content-Length)"; !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not give the byte count %q", err, want)
				}
			}
			if n := len(f.requests()); n != tc.wantReqs {
				t.Errorf("%d requests, want %d", n, tc.wantReqs)
			}
			if w := sl.waits(); !slices.Equal(w, tc.wantWaits) {
				t.Errorf("waits %v, want %v", w, tc.wantWaits)
			}
			if tc.wantErr != "" {
				if files := dirFiles(t, c.CacheDir); len(files) != 0 {
					t.Errorf("cache dir holds %v after a failure", files)
				}
			}
		})
	}
}

// TestFetchCacheLifecycle: freshness without requests, conditional refresh,
// 304, force, and a changed answer replacing the cache.
func TestFetchCacheLifecycle(t *testing.T) {
	v1 := body(t, "glonass.tle", FormatTLE)
	recs := readTLEFile(t, "glonass.tle")
	v2 := tleBody(recs[:len(recs)-1]) // next cycle: one satellite fewer
	f := newFake(t, reply{body: v1, header: map[string]string{"ETag": `"v1"`, "Last-Modified": "Wed, 18 Mar 2026 12:00:00 GMT"}})
	c, _, clk := testClient(t, f)
	ctx := context.Background()

	res, err := c.Fetch(ctx, "glonass", "tle", false)
	if err != nil || res.FromCache || res.Sets != glonassSets {
		t.Fatalf("first Fetch = %+v, %v", res, err)
	}

	// 1 h 59 min later: still fresh (MaxAge 2 h): no request at all.
	clk.advance(time.Hour + 59*time.Minute)
	res, err = c.Fetch(ctx, "glo-ops", "tle", false)
	if err != nil || !res.FromCache || res.Sets != glonassSets || !res.FetchedAt.Equal(t0) {
		t.Fatalf("fresh Fetch = %+v, %v", res, err)
	}
	if n := len(f.requests()); n != 1 {
		t.Fatalf("fresh cache made a request: %d requests", n)
	}

	// 2 h after the download: stale; a conditional request answered 304.
	clk.advance(time.Minute)
	f.script(reply{status: http.StatusNotModified})
	res, err = c.Fetch(ctx, "glonass", "tle", false)
	if err != nil || !res.FromCache || res.Sets != glonassSets || !res.FetchedAt.Equal(t0.Add(2*time.Hour)) {
		t.Fatalf("304 Fetch = %+v, %v", res, err)
	}
	reqs := f.requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2", len(reqs))
	}
	if h := reqs[1].header; h.Get("If-None-Match") != `"v1"` || h.Get("If-Modified-Since") != "Wed, 18 Mar 2026 12:00:00 GMT" {
		t.Errorf("refresh not conditional: If-None-Match %q, If-Modified-Since %q", h.Get("If-None-Match"), h.Get("If-Modified-Since"))
	}
	if got := readFile(t, res.Path); !bytes.Equal(got, v1) {
		t.Error("304 changed the cached bytes")
	}
	m, err := ReadMetadata(res.Path)
	if err != nil || !m.FetchedAt.Equal(t0.Add(2*time.Hour)) || m.ETag != `"v1"` || m.Sets != glonassSets {
		t.Errorf("metadata after 304 = %+v, %v", m, err)
	}

	// Fresh again after the 304: no request.
	clk.advance(time.Hour)
	if res, err = c.Fetch(ctx, "glonass", "tle", false); err != nil || !res.FromCache {
		t.Fatalf("Fetch after 304 = %+v, %v", res, err)
	}
	if n := len(f.requests()); n != 2 {
		t.Fatalf("%d requests, want 2", n)
	}

	// force: asks although fresh; a new version replaces the cache.
	f.script(reply{body: v2, header: map[string]string{"ETag": `"v2"`}})
	res, err = c.Fetch(ctx, "glonass", "tle", true)
	if err != nil || res.FromCache || res.Sets != glonassSets-1 {
		t.Fatalf("forced Fetch = %+v, %v", res, err)
	}
	reqs = f.requests()
	if len(reqs) != 3 || reqs[2].header.Get("If-None-Match") != `"v1"` {
		t.Fatalf("forced Fetch: %d requests, If-None-Match %q", len(reqs), reqs[len(reqs)-1].header.Get("If-None-Match"))
	}
	if got := readFile(t, res.Path); !bytes.Equal(got, v2) {
		t.Error("forced Fetch did not store the new body")
	}
	if m, _ := ReadMetadata(res.Path); m == nil || m.ETag != `"v2"` || m.LastModified != "" || m.SHA256 != sha256Hex(v2) {
		t.Errorf("metadata after forced Fetch = %+v", m)
	}

	// MaxAge < 0: always ask.
	c.MaxAge = -1
	f.script(reply{status: http.StatusNotModified})
	if res, err = c.Fetch(ctx, "glonass", "tle", false); err != nil || !res.FromCache || res.Sets != glonassSets-1 {
		t.Fatalf("MaxAge<0 Fetch = %+v, %v", res, err)
	}
	if n := len(f.requests()); n != 4 {
		t.Fatalf("MaxAge<0: %d requests, want 4", n)
	}
}

// TestFailureKeepsGoodCache: whatever goes wrong on a refresh, the cached
// data and metadata stay byte-for-byte as they were, with no stray files.
func TestFailureKeepsGoodCache(t *testing.T) {
	good := body(t, "beidou.tle", FormatJSON)
	failures := []struct {
		name    string
		replies []reply
	}{
		{"truncated body", []reply{{body: good[:len(good)/3]}}},
		{"content-length larger than body", []reply{{body: good, cutAt: len(good) / 3}}},
		{"html", []reply{{body: []byte("<!DOCTYPE html><html><head><title>Error</title></head></html>")}}},
		{"empty", []reply{{body: nil}}},
		{"no GP data", []reply{{body: []byte("No GP data found")}}},
		{"403", []reply{{status: 403, body: []byte("Forbidden")}}},
		{"500 always", []reply{{status: 500}}},
		{"slow", []reply{{hang: true}}},
		{"wrong format", []reply{{body: body(t, "beidou.tle", FormatTLE)}}},
	}
	for _, tc := range failures {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t, reply{body: good, header: map[string]string{"ETag": `"good"`}})
			c, _, clk := testClient(t, f)
			res, err := c.Fetch(context.Background(), "beidou", "json", false)
			if err != nil {
				t.Fatal(err)
			}
			// Failing refreshes: keep the hanging case short.
			c.Timeout = 200 * time.Millisecond
			c.Retries = 1
			data0 := readFile(t, res.Path)
			meta0 := readFile(t, res.Path+".meta.json")
			files0 := dirFiles(t, c.CacheDir)

			f.script(tc.replies...)
			clk.advance(3 * time.Hour) // stale, so a plain Fetch asks too
			for _, force := range []bool{false, true} {
				if res, err := c.Fetch(context.Background(), "beidou", "json", force); err == nil {
					t.Fatalf("force=%v: Fetch succeeded: %+v", force, res)
				}
				if !bytes.Equal(readFile(t, res.Path), data0) || !bytes.Equal(readFile(t, res.Path+".meta.json"), meta0) {
					t.Fatalf("force=%v: a failed refresh changed the cache", force)
				}
				if files := dirFiles(t, c.CacheDir); !slices.Equal(files, files0) {
					t.Fatalf("force=%v: cache dir holds %v, want %v", force, files, files0)
				}
			}
			// The good cache is still usable as such.
			if p, err := c.CachedPath("beidou", "json"); err != nil || p != res.Path {
				t.Errorf("CachedPath = %q, %v", p, err)
			}
		})
	}
}

// TestCorruptCacheIsRefetched: a cached file that no longer matches its
// recorded SHA-256 is not served, and is replaced by an unconditional
// download.
func TestCorruptCacheIsRefetched(t *testing.T) {
	data := body(t, "qzss.tle", FormatTLE)
	f := newFake(t, reply{body: data, header: map[string]string{"ETag": `"q"`}})
	c, _, _ := testClient(t, f)
	res, err := c.Fetch(context.Background(), "qzss", "tle", false)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(res.Path, data[:len(data)-10], 0o644); err != nil {
		t.Fatal(err)
	}
	res, err = c.Fetch(context.Background(), "qzss", "tle", false)
	if err != nil || res.FromCache || res.Sets != qzssSets {
		t.Fatalf("Fetch = %+v, %v", res, err)
	}
	reqs := f.requests()
	if len(reqs) != 2 || reqs[1].header.Get("If-None-Match") != "" {
		t.Fatalf("%d requests; second If-None-Match %q (want unconditional)", len(reqs), reqs[len(reqs)-1].header.Get("If-None-Match"))
	}
	if !bytes.Equal(readFile(t, res.Path), data) {
		t.Error("cache not repaired")
	}
}

// TestContextCancel: cancellation stops at once, during a backoff wait (with
// the injected and with the real sleep), during a request, and before one.
func TestContextCancel(t *testing.T) {
	t.Run("during injected backoff", func(t *testing.T) {
		f := newFake(t, reply{status: 503})
		c, _, _ := testClient(t, f)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var waits []time.Duration
		c.Sleep = func(ctx context.Context, d time.Duration) error {
			waits = append(waits, d)
			cancel() // the user presses Ctrl-C while we wait
			<-ctx.Done()
			return ctx.Err()
		}
		_, err := c.Fetch(ctx, "glonass", "json", false)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("error %v, want context.Canceled", err)
		}
		if n := len(f.requests()); n != 1 || len(waits) != 1 {
			t.Errorf("%d requests and %d waits, want 1 and 1", n, len(waits))
		}
	})
	t.Run("during real backoff", func(t *testing.T) {
		f := newFake(t, reply{status: 429, header: map[string]string{"Retry-After": "120"}})
		c, _, _ := testClient(t, f)
		c.Sleep = nil // the real timer: would wait 120 s
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		time.AfterFunc(50*time.Millisecond, cancel)
		start := time.Now()
		_, err := c.Fetch(ctx, "glonass", "json", false)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("error %v, want context.Canceled", err)
		}
		// 10 s: far below the 120 s wait, far above scheduling noise.
		if el := time.Since(start); el > 10*time.Second {
			t.Errorf("cancel took %v", el)
		}
		if n := len(f.requests()); n != 1 {
			t.Errorf("%d requests, want 1", n)
		}
	})
	t.Run("during request", func(t *testing.T) {
		f := newFake(t, reply{hang: true})
		c, sl, _ := testClient(t, f)
		c.Timeout = time.Minute
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		time.AfterFunc(50*time.Millisecond, cancel)
		_, err := c.Fetch(ctx, "glonass", "json", false)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("error %v, want context.Canceled", err)
		}
		if n := len(f.requests()); n != 1 || len(sl.waits()) != 0 {
			t.Errorf("%d requests, waits %v; want 1 request, no retry", n, sl.waits())
		}
	})
	t.Run("before", func(t *testing.T) {
		f := newFake(t, reply{body: body(t, "glonass.tle", FormatJSON)})
		c, _, _ := testClient(t, f)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := c.Fetch(ctx, "glonass", "json", false); !errors.Is(err, context.Canceled) {
			t.Fatalf("error %v, want context.Canceled", err)
		}
		if n := len(f.requests()); n != 0 {
			t.Errorf("%d requests, want 0", n)
		}
	})
}

// TestCacheDirFromXDG: with CacheDir empty, the cache lives in
// $XDG_CACHE_HOME/gnssim/celestrak (os.UserCacheDir on Unix other than
// macOS).
func TestCacheDirFromXDG(t *testing.T) {
	switch runtime.GOOS {
	case "darwin", "ios", "windows", "plan9":
		t.Skipf("os.UserCacheDir ignores XDG_CACHE_HOME on %s", runtime.GOOS)
	}
	xdg := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", xdg)
	want := filepath.Join(xdg, "gnssim", "celestrak", "glo-ops.json")

	f := newFake(t, reply{body: body(t, "glonass.tle", FormatJSON)})
	c, _, _ := testClient(t, f)
	c.CacheDir = ""
	p, err := c.CachedPath("glonass", "")
	if p != want || !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), "gnssim tle fetch glonass") {
		t.Fatalf("CachedPath before download = %q, %v; want %q and a not-exist error with a hint", p, err, want)
	}
	res, err := c.Fetch(context.Background(), "glonass", "", false)
	if err != nil {
		t.Fatal(err)
	}
	if res.Path != want {
		t.Errorf("Path %q, want %q", res.Path, want)
	}
	if p, err := c.CachedPath("glonass", "json"); p != want || err != nil {
		t.Errorf("CachedPath after download = %q, %v", p, err)
	}
	if p, ok, err := ResolveCacheRef("cache:glonass", ""); p != want || !ok || err != nil {
		t.Errorf("ResolveCacheRef = %q, %v, %v", p, ok, err)
	}
}

// TestInvalidArguments: bad names and base URLs fail before any request.
func TestInvalidArguments(t *testing.T) {
	f := newFake(t, reply{body: body(t, "glonass.tle", FormatJSON)})
	tests := []struct {
		name, group, format, base, want string
	}{
		{"bad group", "glo ops", "json", "", "invalid CelesTrak group name"},
		{"query injection", "gps-ops&FORMAT=tle", "json", "", "invalid CelesTrak group name"},
		{"empty group", " ", "json", "", "empty CelesTrak group name"},
		{"bad format", "glonass", "kvn", "", `unknown CelesTrak format "kvn"`},
		{"bad base", "glonass", "json", "ftp://celestrak.org", "invalid BaseURL"},
		{"relative base", "glonass", "json", "celestrak.org", "invalid BaseURL"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, _, _ := testClient(t, f)
			if tc.base != "" {
				c.BaseURL = tc.base
			}
			_, err := c.Fetch(context.Background(), tc.group, tc.format, false)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
	if n := len(f.requests()); n != 0 {
		t.Errorf("%d requests, want 0", n)
	}
}
