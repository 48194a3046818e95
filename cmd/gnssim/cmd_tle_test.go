package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/job"
	"github.com/gnssim/gnssim/ephemeris"
)

// tleGlonassSets is the number of element sets in the GLONASS file of the
// 2026-03-18 snapshot (testdata/tle/2026-03-18/SOURCES.md: glonass.tle, 28).
const tleGlonassSets = 28

// tleFake plays CelesTrak: it answers GP requests with the snapshot's GLONASS
// file in the requested format, or with a scripted error status.
type tleFake struct {
	srv      *httptest.Server
	mu       sync.Mutex
	requests []string // "GROUP FORMAT" of each request
	status   int      // 0: 200 with data
	message  string   // body of an error answer
}

func newTLEFake(t *testing.T) *tleFake {
	t.Helper()
	raw, err := os.ReadFile("../../testdata/tle/2026-03-18/glonass.tle")
	if err != nil {
		t.Fatal(err)
	}
	sets, err := ephemeris.ReadAll(bytes.NewReader(raw), ephemeris.ReadOptions{File: "glonass.tle", Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	var js bytes.Buffer
	if err := ephemeris.WriteOMMJSON(&js, sets); err != nil {
		t.Fatal(err)
	}
	f := &tleFake{}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		defer f.mu.Unlock()
		q := r.URL.Query()
		f.requests = append(f.requests, q.Get("GROUP")+" "+q.Get("FORMAT"))
		if r.URL.Path != "/NORAD/elements/gp.php" {
			http.NotFound(w, r)
			return
		}
		if f.status != 0 {
			w.WriteHeader(f.status)
			w.Write([]byte(f.message))
			return
		}
		switch q.Get("FORMAT") {
		case "tle":
			w.Write(raw)
		case "json":
			w.Write(js.Bytes())
		default:
			w.WriteHeader(http.StatusBadRequest)
			w.Write([]byte("Invalid query"))
		}
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *tleFake) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.requests)
}

func (f *tleFake) answer(status int, message string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.status, f.message = status, message
}

func TestTLEFetchCachePathAnd403(t *testing.T) {
	f := newTLEFake(t)
	cache := t.TempDir()
	t.Setenv(tleBaseURLEnv, f.srv.URL)

	// First call downloads.
	out, errs, code := runCLI(t, "tle", "fetch", "glonass", "--cache-dir", cache)
	if code != exitOK {
		t.Fatalf("fetch: exit %d, stderr %q", code, errs)
	}
	path := filepath.Join(cache, "glo-ops.json")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "GROUP") {
		t.Fatalf("fetch output:\n%s", out)
	}
	fields := strings.Fields(lines[1])
	if want := []string{"glo-ops", "json", "28", "downloaded", path}; strings.Join(fields, " ") != strings.Join(want, " ") {
		t.Errorf("fetch row %q, want %q", fields, want)
	}
	if f.count() != 1 {
		t.Fatalf("%d requests, want 1", f.count())
	}
	first, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sets, err := ephemeris.ReadAll(bytes.NewReader(first), ephemeris.ReadOptions{Strict: true})
	if err != nil || len(sets) != tleGlonassSets {
		t.Fatalf("cached file: %d sets, err %v; want %d", len(sets), err, tleGlonassSets)
	}

	// Second call is served from the cache without a request.
	out, errs, code = runCLI(t, "tle", "fetch", "glonass", "--cache-dir", cache)
	if code != exitOK || f.count() != 1 {
		t.Fatalf("second fetch: exit %d, %d requests (want 0 new), stderr %q", code, f.count(), errs)
	}
	if !strings.Contains(out, "cache (fetched ") || !strings.Contains(out, " 28 ") {
		t.Errorf("second fetch should say it came from the cache:\n%s", out)
	}

	// tle path prints the cached file; a group never fetched is exit 1.
	out, _, code = runCLI(t, "tle", "path", "glonass", "--cache-dir", cache)
	if code != exitOK || strings.TrimSpace(out) != path {
		t.Errorf("tle path: exit %d, %q, want %q", code, out, path)
	}
	out, _, code = runCLI(t, "tle", "path", "R", "--format", "json", "--cache-dir", cache)
	if code != exitOK || strings.TrimSpace(out) != path {
		t.Errorf("tle path R --format json: exit %d, %q, want %q", code, out, path)
	}
	_, errs, code = runCLI(t, "tle", "path", "beidou", "--cache-dir", cache)
	if code != exitRuntime || !strings.Contains(errs, "gnssim tle fetch beidou") {
		t.Errorf("tle path of an unfetched group: exit %d, stderr %q (want 1 and the fetch hint)", code, errs)
	}

	// 403 with --force: the server's message is shown, exit 1, no retry,
	// and the good cached file is kept byte for byte.
	f.answer(http.StatusForbidden, "Access denied: too many downloads from your address")
	_, errs, code = runCLI(t, "tle", "fetch", "glonass", "--force", "--cache-dir", cache)
	if code != exitRuntime {
		t.Fatalf("403: exit %d, want %d; stderr %q", code, exitRuntime, errs)
	}
	for _, want := range []string{"403", "Access denied: too many downloads", "kept"} {
		if !strings.Contains(errs, want) {
			t.Errorf("403 stderr lacks %q:\n%s", want, errs)
		}
	}
	if f.count() != 2 {
		t.Errorf("403 was retried: %d requests in all, want 2", f.count())
	}
	if now, _ := os.ReadFile(path); !bytes.Equal(now, first) {
		t.Error("the 403 answer changed the cached file")
	}
	// One bad group among good ones: the others are still fetched (from
	// cache here) and said on stderr, the failure is reported, exit 1, and
	// nothing goes to stdout (a script never reads a partial table).
	f.answer(http.StatusNotFound, "No GP data found")
	out, errs, code = runCLI(t, "tle", "fetch", "glonass", "no-such-group", "--cache-dir", cache)
	if code != exitRuntime || out != "" || !strings.Contains(errs, "fetched glo-ops") || !strings.Contains(errs, "no-such-group") || !strings.Contains(errs, "1 of 2 groups failed") {
		t.Errorf("mixed fetch: exit %d\nstdout %s\nstderr %s", code, out, errs)
	}
}

func TestTLEFetchTLEFormatUsableByOtherCommands(t *testing.T) {
	f := newTLEFake(t)
	xdg := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", xdg)
	out, errs, code := runCLI(t, "tle", "fetch", "R", "--format", "tle", "--base-url", f.srv.URL)
	if code != exitOK {
		t.Fatalf("fetch: exit %d, stderr %q", code, errs)
	}
	want := filepath.Join(xdg, "gnssim", "celestrak", "glo-ops.tle")
	if !strings.Contains(out, want) {
		t.Errorf("fetch output lacks the default cache path %s:\n%s", want, out)
	}
	// The downloaded bytes are the served file, unchanged.
	got, _ := os.ReadFile(want)
	raw, _ := os.ReadFile("../../testdata/tle/2026-03-18/glonass.tle")
	if !bytes.Equal(got, raw) {
		t.Error("cached TLE differs from the served file")
	}
	// The cache feeds the shared loader (--tle cache:glonass).
	ds, err := job.DefaultLoader{}.Load(job.Inputs{TLE: []string{"cache:glonass"}, Systems: []ephemeris.System{ephemeris.GLONASS}}, time.Time{})
	if err != nil {
		t.Fatalf("loading cache:glonass: %v", err)
	}
	if len(ds.All) != tleGlonassSets || ds.Sources[0] != "cache:glonass" {
		t.Errorf("cache:glonass: %d sets from %v, want %d", len(ds.All), ds.Sources, tleGlonassSets)
	}
	// And a scenario naming cache:glonass runs on it.
	dir := t.TempDir()
	src := filepath.Join(dir, "cached.yaml")
	scnWriteFile(t, src, "tle: cache:glonass\nsystems: [glonass]\nsites: [moscow]\nduration: 1h\nstep: 30m\noutputs: [compare, summary]\n")
	_, errs, code = runCLI(t, "run", src, "--out", filepath.Join(dir, "out"))
	if code != exitOK {
		t.Fatalf("scenario on cache:glonass: exit %d\n%s", code, errs)
	}
	sum := scnReadString(t, filepath.Join(dir, "out", "summary.md"))
	if !strings.Contains(sum, "`cache:glonass`") || !strings.Contains(sum, "Satellites simulated: GLONASS ") {
		t.Errorf("summary.md of the cached run:\n%s", sum)
	}
	if cmds := scnReadString(t, filepath.Join(dir, "out", "commands.sh")); !strings.Contains(cmds, "--tle cache:glonass --systems glonass") {
		t.Errorf("commands.sh does not name the cache:\n%s", cmds)
	}
}

func TestTLEUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"tle"}, "fetch or path"},
		{[]string{"tle", "pull"}, "unknown subcommand"},
		{[]string{"tle", "fetch"}, "at least one group"},
		{[]string{"tle", "fetch", "glonass", "--format", "yaml"}, "unknown CelesTrak format"},
		{[]string{"tle", "fetch", "bad/group"}, "invalid CelesTrak group name"},
		{[]string{"tle", "path"}, "exactly one group"},
		{[]string{"tle", "path", "glonass", "beidou"}, "exactly one group"},
	} {
		_, errs, code := runCLI(t, tc.args...)
		if code != exitUsage || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and %q", tc.args, code, errs, tc.want)
		}
	}
	out, _, code := runCLI(t, "tle", "--help")
	if code != exitOK || !strings.Contains(out, "gnssim tle fetch GROUP") {
		t.Errorf("tle --help: exit %d\n%s", code, out)
	}
	out, _, code = runCLI(t, "tle", "fetch", "--help")
	if code != exitOK || !strings.Contains(out, "--force") || strings.Contains(out, "base-url") {
		t.Errorf("tle fetch --help (want --force listed, the hidden --base-url not): exit %d\n%s", code, out)
	}
}
