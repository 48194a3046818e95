package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// findBrowser finds headless Chromium: Debian's chromium package, or
// CHROME=/path. Without one the browser tests are skipped (saying why),
// unless GNSSIM_REQUIRE_BROWSER=1 (CI) makes that a failure.
func findBrowser(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("browser tests skipped with -short")
	}
	if p := os.Getenv("CHROME"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	msg := "no Chromium found (install Debian's chromium package, or set CHROME=/path/to/chrome): browser tests of gnssim serve skipped"
	if os.Getenv("GNSSIM_REQUIRE_BROWSER") == "1" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// browser starts headless Chromium at 1366×900 (a laptop screen). The test
// fails at its end if the page threw an exception, called console.error or
// the browser logged an error other than a failed request (the API's
// answers to bad values are 4xx on purpose) — a Content-Security-Policy
// violation is such an error.
func browser(t *testing.T) context.Context {
	exe := findBrowser(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.WindowSize(1366, 900), chromedp.Flag("hide-scrollbars", true))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	var (
		mu       sync.Mutex
		problems []string
	)
	listen := func(ev any) {
		var p string
		switch e := ev.(type) {
		case *cdpruntime.EventExceptionThrown:
			p = fmt.Sprintf("exception: %s", e.ExceptionDetails.Text)
			if e.ExceptionDetails.Exception != nil {
				p += " " + e.ExceptionDetails.Exception.Description
			}
		case *cdpruntime.EventConsoleAPICalled:
			if e.Type == cdpruntime.ConsoleAPICalledTypeError {
				p = "console.error called"
			}
		case *cdplog.EventEntryAdded:
			if e.Entry.Level == cdplog.EntryLevelError && e.Entry.Source != cdplog.EntrySourceNetwork {
				p = fmt.Sprintf("%s error: %s", e.Entry.Source, e.Entry.Text)
			}
		}
		if p != "" {
			mu.Lock()
			problems = append(problems, p)
			mu.Unlock()
		}
	}
	ctx, cancelC := chromedp.NewContext(actx, chromedp.WithListener(listen))
	ctx, cancelT := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() {
		mu.Lock()
		for _, p := range problems {
			t.Errorf("in the browser: %s", p)
		}
		mu.Unlock()
		cancelT()
		cancelC()
		cancelA()
	})
	return ctx
}

// do runs browser steps, failing the test on an error.
func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// value is the value of an input.
func value(t *testing.T, ctx context.Context, id string) string {
	t.Helper()
	return eval[string](t, ctx, fmt.Sprintf("document.getElementById(%q).value", id))
}

// text is the text of the element matching a CSS selector ("" when none).
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	return strings.TrimSpace(eval[string](t, ctx, fmt.Sprintf("(document.querySelector(%q) || {textContent: ''}).textContent", sel)))
}

// screenshot saves the page as NAME.png in GNSSIM_SCREENSHOTS (the README's
// pictures: GNSSIM_SCREENSHOTS=examples/images go test ./cmd/gnssim -run Browser)
// or in the test's temporary folder.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("GNSSIM_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// waitIdle waits until the page has no request in flight.
func waitIdle(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
	time.Sleep(100 * time.Millisecond)
	return chromedp.WaitVisible(chromedp.CSS(`body[data-state="idle"]`))(ctx, tg)
}

// pageError is the text of #error ("" when none).
func pageError(t *testing.T, ctx context.Context) string { return text(t, ctx, "#error") }

// commandOf is the command line the page shows for a view.
func commandOf(t *testing.T, ctx context.Context, view string) []string {
	t.Helper()
	line := text(t, ctx, fmt.Sprintf(`#command .cmd-line[data-view=%q] .cmd-text`, view))
	words := shellWords(t, strings.TrimSpace(line))
	if len(words) < 2 || words[0] != "gnssim" {
		t.Fatalf("the page shows %q for %s", line, view)
	}
	return words[1:]
}

// TestBrowserPage drives the page as a user does: click a place on the map,
// set the period, toggle a system, run, move the scrubber, search the best
// window, ask for a coverage map; and checks what it shows against the
// command line (the same numbers as the API).
func TestBrowserPage(t *testing.T) {
	ctx := browser(t)
	base := startServe(t)

	// The page loads, draws the coastlines and lists the cities.
	do(t, ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS(`#map path`)))
	// Moves ("M") in the paths: one per coastline polyline.
	nPaths := eval[int](t, ctx, `[...document.querySelectorAll('#map path')].map(p => (p.getAttribute('d').match(/M/g) || []).length).reduce((a, b) => a + b, 0)`)
	nCities := eval[int](t, ctx, `document.querySelectorAll('#city option').length`)
	if nPaths < 50 || nCities < 10 {
		t.Fatalf("map with %d polylines, %d city options", nPaths, nCities)
	}

	// Click Moscow (55.76°N 37.62°E) on the equirectangular map.
	rect := eval[map[string]float64](t, ctx, `(() => { const r = document.getElementById('map').getBoundingClientRect(); return {x: r.x, y: r.y, w: r.width, h: r.height}; })()`)
	lat, lon := 55.76, 37.62
	x, y := rect["x"]+(lon+180)/360*rect["w"], rect["y"]+(90-lat)/180*rect["h"]
	do(t, ctx, chromedp.MouseClickXY(x, y))
	latText, lonText := value(t, ctx, "lat"), value(t, ctx, "lon")
	gotLat, _ := strconv.ParseFloat(latText, 64)
	gotLon, _ := strconv.ParseFloat(lonText, 64)
	tol := 1.5 * 360 / rect["w"] // a pixel and a half, in degrees
	if math.Abs(gotLat-lat) > tol || math.Abs(gotLon-lon) > tol {
		t.Fatalf("clicked %.2f,%.2f: the page took %s,%s (tolerance %.2f°)", lat, lon, latText, lonText, tol)
	}
	// The arrow keys move the site by 1° (the map has the focus).
	do(t, ctx, chromedp.Focus(chromedp.ID("map")), chromedp.KeyEvent(kb.ArrowRight))
	if v, _ := strconv.ParseFloat(value(t, ctx, "lon"), 64); math.Abs(v-gotLon-1) > 1e-9 {
		t.Errorf("ArrowRight moved the longitude from %s to %s, want +1°", lonText, value(t, ctx, "lon"))
	}

	// A short period; add GPS; run.
	do(t, ctx,
		chromedp.SetValue(chromedp.ID("start"), "2026-03-19T00:00:00Z"),
		chromedp.SetValue(chromedp.ID("duration"), "6h"),
		chromedp.SetValue(chromedp.ID("step"), "10m"))
	gpsBefore := eval[bool](t, ctx, `document.getElementById('sys-gps').checked`)
	do(t, ctx, chromedp.Click(chromedp.ID("sys-gps")))
	gpsAfter := eval[bool](t, ctx, `document.getElementById('sys-gps').checked`)
	if gpsBefore || !gpsAfter {
		t.Fatalf("GPS toggle: before %v after %v", gpsBefore, gpsAfter)
	}
	do(t, ctx, chromedp.Click(chromedp.ID("run")), waitIdle)
	if e := pageError(t, ctx); e != "" {
		t.Fatalf("the page shows an error: %s", e)
	}

	// The comparison table shows the command line's numbers.
	args := commandOf(t, ctx, "compare")
	if !slices.Contains(args, "glonass,beidou,gps") {
		t.Errorf("compare command %q: want the three systems toggled on", args)
	}
	out, _ := run1(t, args...)
	var cmp struct {
		Comparisons []struct {
			Variants []map[string]json.RawMessage `json:"variants"`
		} `json:"comparisons"`
	}
	if err := json.Unmarshal([]byte(out), &cmp); err != nil || len(cmp.Comparisons) != 1 {
		t.Fatalf("compare output (%v): %.300s", err, out)
	}
	cells := eval[map[string]map[string]string](t, ctx, `(() => { const o = {}; for (const tr of document.querySelectorAll('#compare-table tr[data-variant]')) { const r = {}; for (const td of tr.querySelectorAll('td[data-q]')) r[td.dataset.q] = td.textContent.trim(); o[tr.dataset.variant] = r; } return o; })()`)
	if len(cells) != len(cmp.Comparisons[0].Variants) {
		t.Fatalf("the table has %d variants, the command line %d: %v", len(cells), len(cmp.Comparisons[0].Variants), cells)
	}
	for _, v := range cmp.Comparisons[0].Variants {
		var name string
		json.Unmarshal(v["variant"], &name)
		row, ok := cells[name]
		if !ok || len(row) < 5 {
			t.Errorf("variant %s: %d cells in the table, want at least 5", name, len(row))
			continue
		}
		for q, shown := range row {
			want := string(v[q])
			if want == "null" {
				want = "—"
			}
			if shown != want {
				t.Errorf("%s %s: the page shows %q, the command line %s", name, q, shown, want)
			}
		}
	}
	screenshot(t, ctx, "serve-compare")

	// Move the scrubber to 03:00 (epoch 18): the sky plot shows the
	// satellites of the sky at that instant.
	eval[bool](t, ctx, `(() => { const s = document.getElementById('scrubber'); s.value = 18; s.dispatchEvent(new Event('input', {bubbles: true})); s.dispatchEvent(new Event('change', {bubbles: true})); return true; })()`)
	if st := text(t, ctx, "#scrub-time"); !strings.Contains(st, "03:00") {
		t.Errorf("scrubber at epoch 18 shows %q, want 03:00", st)
	}
	shown := eval[[]string](t, ctx, `[...document.querySelectorAll('#skyplot circle.sat')].map(c => c.dataset.prn)`)
	sky := commandOf(t, ctx, "skyplot")
	for i, a := range sky { // the sky of the instant, from the command line
		switch a {
		case "--start":
			sky[i+1] = "2026-03-19T03:00:00Z"
		case "--duration":
			sky[i+1] = "0"
		}
	}
	out, _ = run1(t, sky...)
	var rows struct {
		Rows []struct {
			PRN string `json:"prn"`
		} `json:"rows"`
	}
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, r := range rows.Rows {
		want = append(want, r.PRN)
	}
	slices.Sort(shown)
	slices.Sort(want)
	if len(want) < 10 || !slices.Equal(shown, want) {
		t.Errorf("sky at 03:00: the page shows %d satellites %v, the command line %d %v", len(shown), shown, len(want), want)
	}
	screenshot(t, ctx, "serve-scrubbed")

	// The best 2 h window.
	do(t, ctx, chromedp.SetValue(chromedp.ID("window-length"), "2h"), chromedp.Click(chromedp.ID("window-run")), waitIdle)
	if e := pageError(t, ctx); e != "" {
		t.Fatalf("window: the page shows an error: %s", e)
	}
	windowText := text(t, ctx, "#window-result")
	wargs := commandOf(t, ctx, "window")
	out, _ = run1(t, wargs...)
	var best struct {
		Windows []struct {
			Start string `json:"start_utc"`
		} `json:"windows"`
	}
	json.Unmarshal([]byte(out), &best)
	if len(best.Windows) == 0 || !strings.Contains(windowText, best.Windows[0].Start[11:16]) {
		t.Errorf("window: the page shows %q, the command line %.300s", windowText, out)
	}

	// ARAIM integrity at the site, LPV-250: the table is the command line's
	// summary.
	do(t, ctx, chromedp.SetValue(chromedp.ID("service"), "LPV-250"), chromedp.Click(chromedp.ID("integrity-run")), waitIdle)
	if e := pageError(t, ctx); e != "" {
		t.Fatalf("integrity: the page shows an error: %s", e)
	}
	out, _ = run1(t, commandOf(t, ctx, "integrity")...)
	var integ struct {
		Summary []map[string]json.RawMessage `json:"summary"`
	}
	if err := json.Unmarshal([]byte(out), &integ); err != nil || len(integ.Summary) != 4 {
		t.Fatalf("integrity summary (%v): %.300s", err, out)
	}
	for _, row := range integ.Summary {
		var variant string
		json.Unmarshal(row["variant"], &variant)
		for _, q := range []string{"availability_pct", "mean_vpl_m"} {
			want := string(row[q])
			if want == "null" {
				want = "—"
			}
			if shown := text(t, ctx, fmt.Sprintf(`#integrity-table tr[data-variant=%q] td[data-q=%q]`, variant, q)); shown != want {
				t.Errorf("integrity %s %s: the page shows %q, the command line %s", variant, q, shown, row[q])
			}
		}
	}

	// A coverage map of a small region, with its progress, as a PNG.
	do(t, ctx,
		chromedp.SetValue(chromedp.ID("region"), "30,60,20,50"),
		chromedp.SetValue(chromedp.ID("grid"), "2"),
		chromedp.Click(chromedp.ID("coverage-run")), waitIdle)
	natural, err := chromedp.Run(ctx, chromedp.Poll[int](`document.getElementById('coverage-map').naturalWidth || null`, chromedp.WithPollingTimeout(30*time.Second)))
	if e := pageError(t, ctx); err != nil || e != "" || natural < 100 {
		t.Fatalf("coverage: image %d px wide (%v), error %q", natural, err, e)
	}
	// The download links are the API's URLs.
	href := eval[string](t, ctx, `document.querySelector('a.download[data-view="coverage"][data-format="csv"]').href`)
	if u, err := url.Parse(href); err != nil || u.Path != "/api/v1/coverage" || u.Query().Get("format") != "csv" || u.Query().Get("download") != "1" {
		t.Errorf("coverage CSV link %q", href)
	}
	screenshot(t, ctx, "serve-coverage")

	// Signals: the PSDs of the L1 band, and ΔC/N0 of B1C at the site from
	// the simulated sky, against the command line.
	do(t, ctx, chromedp.SetValue(chromedp.ID("band"), "L1"), chromedp.Click(chromedp.ID("psd-run")), waitIdle)
	if w, err := chromedp.Run(ctx, chromedp.Poll[int](`document.getElementById('psd-plot').naturalWidth || null`, chromedp.WithPollingTimeout(30*time.Second))); err != nil || w < 100 {
		t.Fatalf("PSD figure %d px wide (%v), error %q", w, err, pageError(t, ctx))
	}
	do(t, ctx, chromedp.SetValue(chromedp.ID("victim"), "B1C"), chromedp.Click(chromedp.ID("cn0-run")), waitIdle)
	if e := pageError(t, ctx); e != "" {
		t.Fatalf("C/N0: the page shows an error: %s", e)
	}
	out, _ = run1(t, commandOf(t, ctx, "cn0")...)
	var cn0 struct {
		Rows []map[string]json.RawMessage `json:"rows"`
	}
	if err := json.Unmarshal([]byte(out), &cn0); err != nil || len(cn0.Rows) != 1 {
		t.Fatalf("spectrum cn0 (%v): %.300s", err, out)
	}
	for _, q := range []string{"mean_total_db", "worst_total_db", "mean_inter_db"} {
		if shown := text(t, ctx, fmt.Sprintf(`#cn0-table tr[data-victim="B1C"] td[data-q=%q]`, q)); shown != string(cn0.Rows[0][q]) {
			t.Errorf("ΔC/N0 %s: the page shows %q, the command line %s", q, shown, cn0.Rows[0][q])
		}
	}
	do(t, ctx, chromedp.ScrollIntoView(chromedp.ID("signals-title")))
	screenshot(t, ctx, "serve-signals")
}

// TestBrowserErrors: a bad value shows the server's error naming the
// parameter; the page stays usable.
func TestBrowserErrors(t *testing.T) {
	ctx := browser(t)
	base := startServe(t)
	do(t, ctx,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.CSS(`#map path`)),
		chromedp.SetValue(chromedp.ID("start"), "2026-03-19T00:00:00Z"),
		chromedp.SetValue(chromedp.ID("duration"), "2h"),
		chromedp.SetValue(chromedp.ID("mask"), "95"),
		chromedp.Click(chromedp.ID("run")), waitIdle)
	if e := pageError(t, ctx); !strings.Contains(e, "mask") || !strings.Contains(e, "95") {
		t.Errorf("mask 95: the page shows %q, want an error naming the mask", e)
	}
	do(t, ctx, chromedp.SetValue(chromedp.ID("mask"), "10"), chromedp.Click(chromedp.ID("run")), waitIdle)
	if e := pageError(t, ctx); e != "" {
		t.Errorf("after fixing the mask the page still shows %q", e)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('#compare-table tr[data-variant]').length`); n != 3 {
		t.Errorf("after fixing the mask: %d variants, want 3", n)
	}
}
