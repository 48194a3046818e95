package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/job"
)

// startServe serves the built-in data on a loopback test server.
func startServe(t testing.TB) string {
	t.Helper()
	srv, err := newWebServer(job.Inputs{}, 0, 0, log.New(io.Discard, "", 0))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(func() { ts.Close(); srv.Close() })
	return ts.URL
}

// get fetches base+path and returns the response and its body.
func get(t testing.TB, base, path string) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.Get(base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

// shellWords splits a command line written by the server (the quoting of
// scenario command lines: words, or single-quoted words with '\” inside).
func shellWords(t testing.TB, line string) []string {
	t.Helper()
	words, err := scnSplitShell(line)
	if err != nil {
		t.Fatalf("%q: %v", line, err)
	}
	return words
}

const servePeriod = "start=2026-03-19T00:00:00Z&duration=2h&step=10m"

// TestServeMatchesCLI: the API's bodies are the bytes of the command line
// the X-Gnssim-Command header gives, for tables and figures.
func TestServeMatchesCLI(t *testing.T) {
	base := startServe(t)
	dir := t.TempDir()
	for _, q := range []string{
		"compare?site=beijing&" + servePeriod,
		"compare?site=moscow&site=30,-60,100&systems=glonass,beidou,gps&clock=common&weighting=elevation&" + servePeriod,
		"compare?region=30,60,90,120&grid=10&isb_sigma=3&" + servePeriod + "&format=csv",
		"dop?site=beijing&" + servePeriod,
		"dop?site=beijing&systems=glonass&mask=15&precision=full&format=csv&" + servePeriod,
		"dop?site=beijing&" + servePeriod + "&format=svg",
		"skyplot?site=moscow&start=2026-03-19T06:00:00Z&duration=0",
		"skyplot?site=moscow&passes=true&" + servePeriod + "&format=txt",
		"skyplot?site=moscow&" + servePeriod + "&format=png",
		"coverage?region=0,40,80,140&grid=5&plot_quantity=availability&" + servePeriod,
		"coverage?region=0,40,80,140&grid=5&" + servePeriod + "&format=svg",
		"window?site=moscow&length=30m&top=2&" + servePeriod,
		"window?site=beijing&length=1h&by=integrity&service=LPV-250&" + servePeriod + "&format=csv",
		"integrity?site=beijing&summary=true&service=LPV-250&" + servePeriod,
		"integrity?site=beijing&" + servePeriod + "&format=csv",
		"spectrum/psd?band=L1",
		"spectrum/psd?band=L1&format=svg",
		"spectrum/cn0?site=beijing&victim=B1C&" + servePeriod,
	} {
		t.Run(q, func(t *testing.T) {
			resp, body := get(t, base, "/api/v1/"+q)
			if resp.StatusCode != 200 {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
			line := resp.Header.Get("X-Gnssim-Command")
			words := shellWords(t, line)
			if len(words) < 2 || words[0] != "gnssim" {
				t.Fatalf("X-Gnssim-Command %q: want a gnssim command line", line)
			}
			args := words[1:]
			var plotFile string
			for i, a := range args {
				if a == "--plot" && i+1 < len(args) {
					plotFile = filepath.Join(dir, args[i+1])
					args[i+1] = plotFile
				}
			}
			out, _ := run1(t, args...)
			want := []byte(out)
			if plotFile != "" {
				var err error
				if want, err = os.ReadFile(plotFile); err != nil {
					t.Fatal(err)
				}
			}
			if !bytes.Equal(body, want) {
				t.Errorf("the API's body (%d bytes) differs from `%s` (%d bytes):\n%s", len(body), line, len(want), firstDiff(string(want), string(body)))
			}
		})
	}
}

// TestServeHorizon: horizon= is the --mask-file model; the command line
// writes the file first.
func TestServeHorizon(t *testing.T) {
	base := startServe(t)
	resp, body := get(t, base, "/api/v1/skyplot?site=moscow&horizon=0:10,90:30,180:5,270:20&"+servePeriod)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	line := resp.Header.Get("X-Gnssim-Command")
	pre, cmd, ok := strings.Cut(line, " && ")
	if !ok || !strings.HasPrefix(pre, "printf '0 10\\n90 30\\n180 5\\n270 20\\n' > horizon.txt") {
		t.Fatalf("X-Gnssim-Command %q: want printf ... > horizon.txt && gnssim ...", line)
	}
	path := filepath.Join(t.TempDir(), "horizon.txt")
	if err := os.WriteFile(path, []byte("0 10\n90 30\n180 5\n270 20\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	args := shellWords(t, cmd)[1:]
	for i := range args {
		if args[i] == "horizon.txt" {
			args[i] = path
		}
	}
	out, _ := run1(t, args...)
	// The provenance names the mask file: the server's is called horizon.txt.
	if strings.ReplaceAll(out, path, "horizon.txt") != string(body) {
		t.Errorf("horizon body differs from `%s`:\n%s", cmd, firstDiff(out, string(body)))
	}
	if resp, body := get(t, base, "/api/v1/skyplot?site=moscow&horizon=0:10,90:95"); resp.StatusCode != 400 || !strings.Contains(string(body), `"parameter":"horizon"`) {
		t.Errorf("horizon elevation 95: status %d %s; want 400 naming horizon", resp.StatusCode, body)
	}
}

type apiError struct {
	Error struct {
		Status    int    `json:"status"`
		Parameter string `json:"parameter"`
		Message   string `json:"message"`
	} `json:"error"`
}

// TestServeBadRequests: every bad request is a 4xx JSON error naming the
// parameter, never a 500.
func TestServeBadRequests(t *testing.T) {
	base := startServe(t)
	for _, c := range []struct {
		path   string
		status int
		param  string
		want   string // in the message
	}{
		{"/api/v1/dop", 400, "site", "site"},
		{"/api/v1/dop?site=", 400, "site", "site"},
		{"/api/v1/dop?site=atlantis", 400, "site", "atlantis"},
		{"/api/v1/dop?site=91,0", 400, "site", "91"},
		{"/api/v1/dop?site=beijing&mask=95", 400, "mask", "95"},
		{"/api/v1/dop?site=beijing&mask=ten", 400, "mask", "ten"},
		{"/api/v1/dop?site=beijing&step=0s", 400, "step", "positive"},
		{"/api/v1/dop?site=beijing&step=-5m", 400, "step", ""},
		{"/api/v1/dop?site=beijing&duration=banana", 400, "duration", "banana"},
		{"/api/v1/dop?site=beijing&start=yesterday", 400, "start", "yesterday"},
		{"/api/v1/dop?site=beijing&systems=klingon", 400, "systems", "klingon"},
		{"/api/v1/dop?site=beijing&clock=atomic", 400, "clock", "atomic"},
		{"/api/v1/dop?site=beijing&weighting=heavy", 400, "weighting", "heavy"},
		{"/api/v1/dop?site=beijing&isb_sigma=-1", 400, "isb_sigma", ""},
		{"/api/v1/dop?site=beijing&mask=5&mask=6", 400, "mask", "2 times"},
		{"/api/v1/dop?site=beijing&frobnicate=1", 400, "frobnicate", "unknown parameter"},
		{"/api/v1/dop?site=beijing&format=xml", 400, "format", "xml"},
		{"/api/v1/compare?site=beijing&format=png", 400, "format", "no figure"},
		{"/api/v1/dop?site=beijing&site=moscow&format=png", 400, "site", "one site"},
		{"/api/v1/dop?site=beijing&rid=no%20spaces", 400, "rid", ""},
		{"/api/v1/dop?site=beijing&tle=/etc/passwd", 400, "tle", "unknown parameter"},
		{"/api/v1/dop?site=beijing&force=true", 400, "force", "unknown parameter"},
		{"/api/v1/dop?site=beijing&o=/tmp/x", 400, "o", "unknown parameter"},
		{"/api/v1/dop?site=beijing&site=--tle%3D/etc/passwd", 400, "site", ""},
		{"/api/v1/dop?site=%zz", 400, "", "malformed"},
		{"/api/v1/skyplot?site=beijing&site=moscow", 400, "site", "2 times"},
		{"/api/v1/coverage?grid=7", 400, "grid", ""},
		{"/api/v1/coverage?region=10,0,0,10", 400, "region", ""},
		{"/api/v1/coverage?grid=0.1&duration=7d&step=1s", 422, "grid", "would need"},
		{"/api/v1/dop?site=beijing&site=moscow&site=sydney&duration=60d&step=1s", 422, "step", "would need"},
		{"/api/v1/dop?site=beijing&duration=3650d&step=1s", 400, "duration", "epochs"},
		{"/api/v1/coverage?grid=0.25&duration=0", 422, "grid", "larger than 64 MiB"},
		{"/api/v1/dop?site=beijing&start=1990-01-01T00:00:00Z", 400, "start", ""},
		{"/api/v1/integrity?site=beijing&service=CAT-III", 400, "service", "CAT-III"},
		{"/api/v1/spectrum/psd?band=Z9", 400, "band", "Z9"},
		{"/api/v1/spectrum/cn0?site=beijing&victim=NOPE", 400, "victim", "NOPE"},
		{"/api/v1/progress?rid=nothing-runs", 404, "rid", "nothing-runs"},
		{"/api/v1/progress", 400, "rid", ""},
		{"/api/v1/info?x=1", 400, "x", "unknown"},
		{"/api/v1/nope", 404, "", "no API endpoint"},
		{"/api/v2/dop", 404, "", ""},
		{"/../go.mod", 404, "", ""},
		{"/%2e%2e/go.mod", 404, "", ""},
		{"/assets/index.html", 404, "", ""},
		{"/API.md", 404, "", ""},
		{"/.hidden", 404, "", ""},
	} {
		resp, body := get(t, base, c.path)
		var e apiError
		if err := json.Unmarshal(body, &e); err != nil {
			t.Errorf("%s: body is not a JSON error (%v): %.200s", c.path, err, body)
			continue
		}
		if resp.StatusCode != c.status || e.Error.Status != c.status || e.Error.Parameter != c.param || !strings.Contains(e.Error.Message, c.want) {
			t.Errorf("%s: status %d, parameter %q, message %q; want %d, %q, containing %q", c.path, resp.StatusCode, e.Error.Parameter, e.Error.Message, c.status, c.param, c.want)
		}
		if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("%s: Content-Type %q", c.path, ct)
		}
	}
}

// TestServeHeaders: the security headers, methods, downloads and the page.
func TestServeHeaders(t *testing.T) {
	base := startServe(t)
	for _, path := range []string{"/", "/app.js", "/style.css", "/api/v1/info", "/api/v1/coastline", "/api/v1/nope",
		"/api/v1/compare?site=beijing&" + servePeriod} {
		resp, body := get(t, base, path)
		h := resp.Header
		for k, v := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"} {
			if h.Get(k) != v {
				t.Errorf("%s: %s %q, want %q", path, k, h.Get(k), v)
			}
		}
		if !strings.HasPrefix(h.Get("Content-Security-Policy"), "default-src 'none'; script-src 'self'") {
			t.Errorf("%s: Content-Security-Policy %q", path, h.Get("Content-Security-Policy"))
		}
		if path == "/" && (!strings.HasPrefix(h.Get("Content-Type"), "text/html") || !bytes.Contains(body, []byte("app.js"))) {
			t.Errorf("/: %s, %.100s", h.Get("Content-Type"), body)
		}
	}
	for _, m := range []string{"POST", "PUT", "DELETE", "PATCH"} {
		req, _ := http.NewRequest(m, base+"/api/v1/info", strings.NewReader("x"))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 405 || resp.Header.Get("Allow") != "GET, HEAD" {
			t.Errorf("%s: status %d Allow %q; want 405 GET, HEAD", m, resp.StatusCode, resp.Header.Get("Allow"))
		}
	}
	resp, _ := get(t, base, "/api/v1/compare?site=beijing&format=csv&download=1&"+servePeriod)
	if cd := resp.Header.Get("Content-Disposition"); cd != `attachment; filename="gnssim-compare.csv"` || resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" {
		t.Errorf("download: Content-Disposition %q, Content-Type %q", cd, resp.Header.Get("Content-Type"))
	}
	resp, body := get(t, base, "/api/v1/info")
	var info struct {
		Data struct {
			Kind       string `json:"kind"`
			Satellites []struct {
				System string `json:"system"`
				Count  int    `json:"count"`
			} `json:"satellites"`
			DefaultStart string `json:"default_start_utc"`
		} `json:"data"`
		Cities []struct {
			Name string `json:"name"`
		} `json:"cities"`
	}
	if err := json.Unmarshal(body, &info); err != nil || info.Data.Kind != "tle" || len(info.Data.Satellites) < 4 || info.Data.DefaultStart != "2026-03-19T00:00:00Z" || len(info.Cities) != len(job.Cities) {
		t.Errorf("info (%v): %+v", err, info)
	}
	_ = resp
	_, body = get(t, base, "/api/v1/coastline")
	var coast struct{ Lines [][][2]float64 }
	if err := json.Unmarshal(body, &coast); err != nil || len(coast.Lines) < 100 {
		t.Errorf("coastline: %v, %d lines", err, len(coast.Lines))
	}
	for _, l := range coast.Lines {
		for k := 1; k < len(l); k++ {
			if d := l[k][0] - l[k-1][0]; d > 180 || d < -180 {
				t.Fatalf("coastline crosses the antimeridian between %v and %v", l[k-1], l[k])
			}
		}
	}
}

// TestServeLoad: 20 clients, 300 requests mixing site comparisons, DOP
// series, sky instants and small maps: no error, bounded memory, and the
// latency reported.
func TestServeLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("load test skipped with -short")
	}
	base := startServe(t)
	queries := []string{
		"compare?site=%s&start=2026-03-19T00:00:00Z&duration=6h&step=5m",
		"dop?site=%s&start=2026-03-19T00:00:00Z&duration=6h&step=5m&systems=glonass",
		"skyplot?site=%s&start=2026-03-19T03:00:00Z&duration=0",
		"coverage?region=20,50,100,130&grid=2&start=2026-03-19T00:00:00Z&duration=2h&step=10m&x=%s",
	}
	cities := []string{"beijing", "moscow", "sydney", "berlin", "anchorage"}
	const clients, perClient = 20, 15
	var (
		mu        sync.Mutex
		latencies []time.Duration
		failures  []string
		peakHeap  atomic.Uint64
		done      = make(chan struct{})
	)
	go func() { // sample the heap while the load runs
		var ms runtime.MemStats
		for {
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peakHeap.Load() {
				peakHeap.Store(ms.HeapInuse)
			}
		}
	}()
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 2 * time.Minute}
	for c := range clients {
		wg.Go(func() {
			for i := range perClient {
				q := queries[(c+i)%len(queries)]
				if strings.Contains(q, "x=%s") {
					q = strings.Replace(q, "&x=%s", "", 1)
				} else {
					q = fmt.Sprintf(q, cities[(c*perClient+i)%len(cities)])
				}
				t0 := time.Now()
				resp, err := client.Get(base + "/api/v1/" + q)
				if err != nil {
					mu.Lock()
					failures = append(failures, err.Error())
					mu.Unlock()
					continue
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				d := time.Since(t0)
				mu.Lock()
				latencies = append(latencies, d)
				if resp.StatusCode != 200 || !json.Valid(body) {
					failures = append(failures, fmt.Sprintf("%s: %d %.200s", q, resp.StatusCode, body))
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	close(done)
	if len(failures) > 0 {
		t.Fatalf("%d of %d requests failed, first: %s", len(failures), clients*perClient, failures[0])
	}
	slices.Sort(latencies)
	pct := func(p float64) time.Duration { return latencies[int(p*float64(len(latencies)-1))] }
	t.Logf("%d clients, %d requests: latency p50 %v, p95 %v, max %v; peak heap in use %.0f MiB",
		clients, len(latencies), pct(0.5).Round(time.Millisecond), pct(0.95).Round(time.Millisecond), latencies[len(latencies)-1].Round(time.Millisecond), float64(peakHeap.Load())/(1<<20))
	// At most MaxRunning computations hold memory at once; each of these is
	// a few MiB. 512 MiB would mean requests are not bounded.
	if peak := peakHeap.Load(); peak > 512<<20 {
		t.Errorf("peak heap in use %.0f MiB under load; want < 512 MiB", float64(peak)/(1<<20))
	}
}

// TestServeDisconnectCancels: a client that goes away cancels its
// computation (its progress entry disappears long before the work would
// have finished).
func TestServeDisconnectCancels(t *testing.T) {
	base := startServe(t)
	ctx, cancel := context.WithCancel(context.Background())
	// A global 1° map over a day at 30 s: minutes of work.
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"/api/v1/coverage?grid=1&duration=24h&step=30s&rid=long-one", nil)
	errc := make(chan error, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			err = fmt.Errorf("the request finished with status %d before it was cancelled", resp.StatusCode)
		}
		errc <- err
	}()
	running := false
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		resp, body := get(t, base, "/api/v1/progress?rid=long-one")
		if resp.StatusCode == 200 {
			var p struct{ Fraction float64 }
			json.Unmarshal(body, &p)
			if p.Fraction > 0 {
				running = true
				if p.Fraction > 0.5 {
					t.Fatalf("progress %v: the map is too fast to test cancellation", p.Fraction)
				}
				break
			}
		}
	}
	if !running {
		t.Fatal("the long request never reported progress")
	}
	t0 := time.Now()
	cancel()
	if err := <-errc; !strings.Contains(err.Error(), "context canceled") {
		t.Fatalf("client: %v", err)
	}
	for {
		resp, _ := get(t, base, "/api/v1/progress?rid=long-one")
		if resp.StatusCode == 404 {
			break
		}
		if time.Since(t0) > 10*time.Second {
			t.Fatal("the computation still runs 10 s after its client went away")
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Logf("computation stopped %v after the client went away", time.Since(t0).Round(time.Millisecond))
}

// TestServeBusy: beyond MaxRunning+MaxWaiting requests are refused with
// 503 and Retry-After, and the server recovers.
func TestServeBusy(t *testing.T) {
	srv, err := newWebServer(job.Inputs{}, 1, 4, log.New(io.Discard, "", 0))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer func() { ts.Close(); srv.Close() }()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	for i := range 5 { // 1 running + 4 waiting
		wg.Go(func() {
			req, _ := http.NewRequestWithContext(ctx, "GET", fmt.Sprintf("%s/api/v1/coverage?grid=1&duration=24h&step=30s&rid=busy%d", ts.URL, i), nil)
			if resp, err := http.DefaultClient.Do(req); err == nil {
				resp.Body.Close()
			}
		})
	}
	// Wait until one runs and the others had time to queue, then probe
	// with a client that would not wait for a turn.
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		running, waiting := 0, 0
		for i := range 5 {
			if resp, body := get(t, ts.URL, fmt.Sprintf("/api/v1/progress?rid=busy%d", i)); resp.StatusCode == 200 {
				var p struct{ Label string }
				json.Unmarshal(body, &p)
				if p.Label == "waiting" {
					waiting++
				} else {
					running++
				}
			}
		}
		if running == 1 && waiting == 4 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of the long requests run and %d wait; want 1 and 4", running, waiting)
		}
	}
	probe := &http.Client{Timeout: 5 * time.Second}
	resp, err := probe.Get(ts.URL + "/api/v1/dop?site=beijing&" + servePeriod)
	if err != nil {
		t.Fatalf("sixth request: %v; want an immediate 503", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 503 || resp.Header.Get("Retry-After") == "" || !strings.Contains(string(body), "busy") {
		t.Fatalf("sixth request: status %d Retry-After %q %.300s; want 503", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	cancel()
	wg.Wait()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		resp, body = get(t, ts.URL, "/api/v1/dop?site=beijing&"+servePeriod)
		if resp.StatusCode == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after the load: status %d %s", resp.StatusCode, body)
		}
	}
}

// TestServeSignal: the binary serves, and SIGINT/SIGTERM stop it cleanly
// (exit 0) even with a computation in flight.
func TestServeSignal(t *testing.T) {
	bin := buildGnssim(t)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0")
			stderr, err := cmd.StderrPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			sc := bufio.NewScanner(stderr)
			var base string
			var logText strings.Builder
			for sc.Scan() {
				logText.WriteString(sc.Text() + "\n")
				if _, rest, ok := strings.Cut(sc.Text(), "gnssim serve: http://"); ok {
					base = "http://" + strings.Fields(rest)[0]
					break
				}
			}
			if base == "" {
				t.Fatalf("no URL printed:\n%s", logText.String())
			}
			go func() {
				for sc.Scan() {
					logText.WriteString(sc.Text() + "\n")
				}
			}()
			u, _ := url.Parse(base)
			if !strings.HasPrefix(u.Host, "127.0.0.1:") || !strings.Contains(logText.String(), "loopback only") {
				t.Fatalf("listening on %s, saying %q; want the loopback, said", u.Host, logText.String())
			}
			if resp, body := get(t, strings.TrimSuffix(base, "/"), "/api/v1/compare?site=beijing&"+servePeriod); resp.StatusCode != 200 {
				t.Fatalf("compare: %d %s", resp.StatusCode, body)
			}
			go http.Get(strings.TrimSuffix(base, "/") + "/api/v1/coverage?grid=1&duration=24h&step=30s") // in flight
			time.Sleep(300 * time.Millisecond)
			t0 := time.Now()
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			waited := make(chan error, 1)
			go func() { waited <- cmd.Wait() }()
			select {
			case err := <-waited:
				if err != nil {
					t.Fatalf("after %v: %v (want exit 0)", sig, err)
				}
			case <-time.After(15 * time.Second):
				t.Fatalf("still running 15 s after %v", sig)
			}
			t.Logf("stopped %v after %v", time.Since(t0).Round(time.Millisecond), sig)
		})
	}
}
