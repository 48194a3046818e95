package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"github.com/gnssim/gnssim/cmd/gnssim/internal/figure"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// cmpTestTLE is the fixed 2024-07-16 snapshot of the repository's test data,
// as repeated --tle flags.
func cmpTestTLE(t testing.TB, names ...string) []string {
	t.Helper()
	var files []string
	if len(names) == 0 {
		var err error
		files, err = filepath.Glob("../../testdata/tle/2024-07-16/*.tle")
		if err != nil || len(files) == 0 {
			t.Fatalf("no test TLEs: %v", err)
		}
	} else {
		for _, n := range names {
			files = append(files, filepath.Join("../../testdata/tle/2024-07-16", n))
		}
	}
	var args []string
	for _, f := range files {
		args = append(args, "--tle", f)
	}
	return args
}

// cmpRun runs gnssim and fails the test unless the exit code is want.
func cmpRun(t testing.TB, want int, args ...string) (stdout, stderr string) {
	t.Helper()
	out, errs, code := runCLI(t, args...)
	if code != want {
		t.Fatalf("gnssim %s: exit %d, want %d\nstderr: %s", strings.Join(args, " "), code, want, errs)
	}
	return out, errs
}

// cmpReadCSV parses CSV text into a header and rows of records keyed by column.
func cmpReadCSV(t testing.TB, text string) ([]string, []map[string]string) {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatalf("CSV: %v\n%s", err, text)
	}
	if len(recs) == 0 {
		t.Fatal("CSV: empty")
	}
	var rows []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		rows = append(rows, m)
	}
	return recs[0], rows
}

func cmpNumber(t testing.TB, s string) float64 {
	t.Helper()
	if s == "NaN" {
		return math.NaN()
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return v
}

// The headline report on a short period (2 h at 10 min): a golden text, and
// the CSV form a golden too.
func TestCompareTableGolden(t *testing.T) {
	out, _ := cmpRun(t, exitOK, "compare", "--site", "beijing", "--site", "moscow", "--duration", "2h", "--step", "10m")
	golden(t, "compare-table.txt", []byte(out))
	for _, want := range []string{"GLONASS+BeiDou", "beijing: 39.90°N 116.40°E", "moscow: 55.76°N 37.62°E", "13 epochs", "mask 10°", "per-system clocks", "GLONASS ", "BeiDou "} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	csvOut, _ := cmpRun(t, exitOK, "compare", "--site", "beijing", "--site", "moscow", "--duration", "2h", "--step", "10m", "--format", "csv")
	golden(t, "compare.csv", []byte(csvOut))
	head, rows := cmpReadCSV(t, csvOut)
	if got := strings.Join(head, ","); got != "site,lat_deg,lon_deg,height_m,variant,epochs,pdop_epochs,mean_visible,min_visible,mean_pdop,p50_pdop,p95_pdop,availability_pct,availability_gain_pp,gain_vs,mean_pdop_ratio,ratio_vs" {
		t.Errorf("header %s", got)
	}
	if len(rows) != 6 {
		t.Fatalf("%d rows, want 2 sites × 3 variants", len(rows))
	}
	// The table and the CSV carry the same numbers (the table rounded to 2
	// decimals for PDOP and availability, 1 for the mean visible count).
	site := ""
	for _, line := range strings.Split(out, "\n") {
		if i := strings.Index(line, ": "); i > 0 && !strings.HasPrefix(line, " ") && strings.Contains(line, "°N") {
			site = line[:i]
			continue
		}
		f := strings.Fields(line)
		if len(f) != 6 || !strings.HasPrefix(line, "  ") || f[0] == "variant" {
			continue
		}
		var r map[string]string
		for _, x := range rows {
			if x["site"] == site && figure.VariantTitle(x["variant"]) == f[0] {
				r = x
			}
		}
		if r == nil {
			t.Fatalf("table row %q has no CSV row", line)
		}
		if f[2] != r["min_visible"] {
			t.Errorf("%s %s: min visible %s in the table, %s in the CSV", site, f[0], f[2], r["min_visible"])
		}
		// Tolerance: half a unit of the table's last decimal plus half a unit
		// of the CSV's (3 decimals).
		for i, c := range []struct {
			col string
			tol float64
		}{{"mean_visible", 0.0505}, {"", 0}, {"mean_pdop", 0.0055}, {"p95_pdop", 0.0055}, {"availability_pct", 0.0055}} {
			if c.col == "" {
				continue
			}
			if d := cmpNumber(t, f[i+1]) - cmpNumber(t, r[c.col]); math.Abs(d) > c.tol {
				t.Errorf("%s %s %s: table %s, CSV %s", site, f[0], c.col, f[i+1], r[c.col])
			}
		}
	}
	for _, r := range rows {
		if r["variant"] != "glonass+beidou" && (r["availability_gain_pp"] != "" || r["mean_pdop_ratio"] != "") {
			t.Errorf("gain on a single system's row: %v", r)
		}
	}
}

// Every number of the summary is recomputed from the per-epoch CSV written
// with --out (an independent reduction of the time series), the combination
// never has a higher PDOP than a system alone (adding observations to a
// least-squares solution cannot increase the position covariance, even with
// one more clock unknown per system), and the files are all there.
func TestCompareOutDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "out")
	out, errs := cmpRun(t, exitOK, "compare", "--site", "beijing", "--site", "Pole=89.9,0", "--duration", "6h", "--step", "5m", "--out", dir, "--format", "csv")
	if !strings.Contains(errs, "wrote 8 files to "+dir) {
		t.Errorf("stderr: %s", errs)
	}
	names := []string{"compare.txt", "compare.csv", "dop-beijing.csv", "dop-beijing.png", "skyplot-beijing.png", "dop-pole.csv", "dop-pole.png", "skyplot-pole.png"}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range ents {
		got = append(got, e.Name())
	}
	if slices.Sort(got); !slices.Equal(got, slices.Sorted(slices.Values(names))) {
		t.Fatalf("files %v, want %v", got, names)
	}
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil || len(data) == 0 {
			t.Fatalf("%s: empty or unreadable (%v)", n, err)
		}
		if strings.HasSuffix(n, ".png") {
			img, err := png.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("%s: %v", n, err)
			}
			// Sizes from sim/plot's defaults at 150 dpi: 20×14 cm and 16×16 cm.
			if b := img.Bounds(); b.Dx() < 900 || b.Dy() < 800 {
				t.Errorf("%s: %v is too small for a figure", n, b)
			}
		}
	}
	sum, _ := os.ReadFile(filepath.Join(dir, "compare.csv"))
	if string(sum) != out {
		t.Errorf("compare.csv differs from --format csv on stdout")
	}
	_, summary := cmpReadCSV(t, out)
	for _, key := range []string{"beijing", "pole"} {
		site := map[string]string{"beijing": "beijing", "pole": "Pole"}[key]
		data, _ := os.ReadFile(filepath.Join(dir, "dop-"+key+".csv"))
		head, rows := cmpReadCSV(t, string(data))
		wantHead := "site,time_utc,n_visible,n_glonass,n_beidou"
		for _, v := range []string{"glonass", "beidou", "glonass_beidou"} {
			for _, q := range []string{"gdop", "pdop", "hdop", "vdop", "tdop"} {
				wantHead += "," + q + "_" + v
			}
		}
		if strings.Join(head, ",") != wantHead {
			t.Fatalf("dop-%s.csv header\n%s\nwant\n%s", key, strings.Join(head, ","), wantHead)
		}
		if len(rows) != 73 {
			t.Fatalf("dop-%s.csv: %d rows, want 6 h / 5 min + 1 = 73", key, len(rows))
		}
		for _, r := range rows {
			if cmpNumber(t, r["n_glonass"])+cmpNumber(t, r["n_beidou"]) != cmpNumber(t, r["n_visible"]) {
				t.Fatalf("n_glonass + n_beidou != n_visible: %v", r)
			}
			pc := cmpNumber(t, r["pdop_glonass_beidou"])
			for _, v := range []string{"glonass", "beidou"} {
				// 0.0015: two roundings to 3 decimals.
				if p := cmpNumber(t, r["pdop_"+v]); !math.IsNaN(p) && !(pc <= p+0.0015) {
					t.Fatalf("%s %s: combined PDOP %v > %s alone %v", key, r["time_utc"], pc, v, p)
				}
			}
		}
		for _, v := range []string{"glonass", "beidou", "glonass+beidou"} {
			var s map[string]string
			for _, x := range summary {
				if x["site"] == site && x["variant"] == v {
					s = x
				}
			}
			if s == nil {
				t.Fatalf("no summary row for %s %s", site, v)
			}
			col := strings.ReplaceAll(v, "+", "_")
			var vis, pd []float64
			avail := 0
			minVis := math.Inf(1)
			for _, r := range rows {
				n := cmpNumber(t, r["n_visible"])
				if v != "glonass+beidou" {
					n = cmpNumber(t, r["n_"+v])
				}
				vis = append(vis, n)
				minVis = math.Min(minVis, n)
				if p := cmpNumber(t, r["pdop_"+col]); !math.IsNaN(p) {
					pd = append(pd, p)
					if p <= 6 {
						avail++
					}
				}
			}
			meanVis := 0.0
			for _, n := range vis {
				meanVis += n / float64(len(vis))
			}
			checks := []struct {
				col       string
				want, tol float64
			}{
				{"mean_visible", meanVis, 0.0005},
				{"min_visible", minVis, 0},
				{"availability_pct", 100 * float64(avail) / float64(len(rows)), 0.0005},
				{"pdop_epochs", float64(len(pd)), 0},
			}
			if len(pd) > 0 {
				mean := 0.0
				for _, p := range pd {
					mean += p / float64(len(pd))
				}
				slices.Sort(pd)
				// Nearest rank: the value of rank ⌈0.95 n⌉.
				p95 := pd[int(math.Ceil(0.95*float64(len(pd))))-1]
				checks = append(checks, struct {
					col       string
					want, tol float64
				}{"mean_pdop", mean, 0.0011}, struct {
					col       string
					want, tol float64
				}{"p95_pdop", p95, 0.0005})
			} else if s["mean_pdop"] != "NaN" || s["p95_pdop"] != "NaN" {
				t.Errorf("%s %s: no PDOP epoch but mean %s p95 %s", site, v, s["mean_pdop"], s["p95_pdop"])
			}
			for _, c := range checks {
				if got := cmpNumber(t, s[c.col]); math.Abs(got-c.want) > c.tol {
					t.Errorf("%s %s %s = %v, recomputed from dop-%s.csv %v (tolerance %v)", site, v, c.col, got, key, c.want, c.tol)
				}
			}
		}
	}
}

// A region of one cell is the cell centre (height 0): the coverage engine
// and the site engine must agree on it.
func TestCompareRegionOneCellEqualsSite(t *testing.T) {
	args := []string{"compare", "--duration", "3h", "--step", "5m", "--format", "csv"}
	reg, _ := cmpRun(t, exitOK, append(args, "--region", "30,40,110,120", "--grid", "10")...)
	site, _ := cmpRun(t, exitOK, append(args, "--site", "35,115,0")...)
	_, rr := cmpReadCSV(t, reg)
	_, sr := cmpReadCSV(t, site)
	if len(rr) != 3 || len(sr) != 3 {
		t.Fatalf("rows: region %d, site %d", len(rr), len(sr))
	}
	for i := range rr {
		if rr[i]["cells"] != "1" || rr[i]["cell_epochs"] != sr[i]["epochs"] {
			t.Fatalf("region row %v", rr[i])
		}
		for _, c := range []string{"variant", "mean_visible", "min_visible", "mean_pdop", "availability_pct", "availability_gain_pp", "mean_pdop_ratio"} {
			if rr[i][c] != sr[i][c] {
				t.Errorf("%s: region %s, site %s", c, rr[i][c], sr[i][c])
			}
		}
		// The region's p95 is the upper edge of its 0.01-wide histogram bin.
		if d := cmpNumber(t, rr[i]["p95_pdop"]) - cmpNumber(t, sr[i]["p95_pdop"]); d < -0.0005 || d > 0.0105 {
			t.Errorf("p95: region %s, site %s", rr[i]["p95_pdop"], sr[i]["p95_pdop"])
		}
	}
}

// A region on a coarse grid: the report, the CSV layout, and the files of --out.
func TestCompareRegion(t *testing.T) {
	dir := t.TempDir()
	out, _ := cmpRun(t, exitOK, "compare", "--region", "20,60,70,140", "--grid", "10", "--duration", "2h", "--step", "10m", "--out", dir)
	for _, want := range []string{"over a region", "region 20°N to 60°N, 70°E to 140°E: 10° cells, 28 cells", "cell-epochs"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	data, _ := os.ReadFile(filepath.Join(dir, "compare.csv"))
	head, rows := cmpReadCSV(t, string(data))
	if strings.Join(head[:9], ",") != "lat_min_deg,lat_max_deg,lon_min_deg,lon_max_deg,cell_deg,cells,variant,cell_epochs,pdop_cell_epochs" || len(rows) != 3 {
		t.Fatalf("compare.csv: %v, %d rows", head, len(rows))
	}
	if rows[0]["cells"] != "28" || rows[0]["cell_epochs"] != strconv.Itoa(28*13) {
		t.Errorf("cells %s, cell-epochs %s", rows[0]["cells"], rows[0]["cell_epochs"])
	}
	cells, _ := os.ReadFile(filepath.Join(dir, "region-cells.csv"))
	_, crows := cmpReadCSV(t, string(cells))
	if len(crows) != 3*28 {
		t.Fatalf("region-cells.csv: %d rows, want 3 variants × 28 cells", len(crows))
	}
	// Each cell weighs the same: the region's mean is the mean of the cells'.
	for _, r := range rows {
		sum, n := 0.0, 0
		for _, c := range crows {
			if c["variant"] == r["variant"] {
				sum += cmpNumber(t, c["mean_visible"])
				n++
			}
		}
		if got := cmpNumber(t, r["mean_visible"]); math.Abs(got-sum/float64(n)) > 0.002 {
			t.Errorf("%s: region mean visible %v, mean of cells %v", r["variant"], got, sum/float64(n))
		}
	}
	for _, v := range []string{"glonass", "beidou", "glonass_beidou"} {
		for _, q := range []string{"pdop", "availability"} {
			data, err := os.ReadFile(filepath.Join(dir, q+"-"+v+".png"))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := png.Decode(bytes.NewReader(data)); err != nil {
				t.Fatalf("%s-%s.png: %v", q, v, err)
			}
		}
	}
}

// JSON: one document, null where the PDOP is never available (an 80° mask
// leaves fewer than four GLONASS satellites in view).
func TestCompareJSON(t *testing.T) {
	out, _ := cmpRun(t, exitOK, "compare", "--site", "moscow", "--duration", "1h", "--step", "10m", "--mask", "80", "--format", "json")
	var doc struct {
		Run struct {
			Period struct {
				Epochs int `json:"epochs"`
			} `json:"period"`
			Clock string `json:"clock"`
		} `json:"run"`
		Sites []struct {
			Name     string `json:"name"`
			Variants []struct {
				Variant    string   `json:"variant"`
				PDOPEpochs int      `json:"pdop_epochs"`
				MeanPDOP   *float64 `json:"mean_pdop"`
			} `json:"variants"`
			Combination *struct {
				Variant string `json:"variant"`
			} `json:"combination"`
		} `json:"comparisons"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if doc.Run.Period.Epochs != 7 || doc.Run.Clock != "per-system" || len(doc.Sites) != 1 || len(doc.Sites[0].Variants) != 3 || doc.Sites[0].Combination == nil {
		t.Fatalf("document: %+v", doc)
	}
	g := doc.Sites[0].Variants[0]
	if g.Variant != "glonass" || g.PDOPEpochs != 0 || g.MeanPDOP != nil {
		t.Errorf("GLONASS with an 80° mask: %+v, want no PDOP (null)", g)
	}
	if !strings.Contains(out, `"mean_pdop": null`) {
		t.Errorf("no null in %s", out)
	}
}

// Same input, same bytes, whatever the number of cores.
func TestCompareDeterministic(t *testing.T) {
	args := []string{"compare", "--site", "tokyo", "--duration", "3h", "--step", "10m", "--format", "csv", "--clock", "common"}
	prev := runtime.GOMAXPROCS(1)
	a, _ := cmpRun(t, exitOK, args...)
	runtime.GOMAXPROCS(max(prev, 2))
	b, _ := cmpRun(t, exitOK, args...)
	runtime.GOMAXPROCS(prev)
	if a != b {
		t.Error("output depends on GOMAXPROCS")
	}
}

// -o writes the report atomically; a mask file is named in the header.
func TestCompareOutputFileAndMaskFile(t *testing.T) {
	dir := t.TempDir()
	mask := filepath.Join(dir, "urban.txt")
	os.WriteFile(mask, []byte("# az el\n0 20\n90 40\n180 15\n270 30\n"), 0o644)
	path := filepath.Join(dir, "report.txt")
	out, _ := cmpRun(t, exitOK, "compare", "--site", "shanghai", "--duration", "1h", "--step", "10m", "--mask-file", mask, "-o", path)
	if out != "" {
		t.Errorf("stdout not empty with -o: %q", out)
	}
	data, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(data), "mask 15°–40° (urban.txt)") {
		t.Errorf("report file: %v\n%s", err, data)
	}
}

func TestCompareErrors(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	os.WriteFile(file, []byte("x"), 0o644)
	for _, c := range []struct {
		name string
		code int
		args []string
		want string
	}{
		{"no site", exitUsage, nil, "give at least one --site"},
		{"site and region", exitUsage, []string{"--site", "moscow", "--region", "0,10,0,10"}, "not both"},
		{"unknown site", exitUsage, []string{"--site", "atlantis"}, "unknown site"},
		{"site twice", exitUsage, []string{"--site", "moscow", "--site", "Moscow"}, "given twice"},
		{"bad region", exitUsage, []string{"--region", "0,10,0"}, "LATMIN,LATMAX,LONMIN,LONMAX"},
		{"region off grid", exitUsage, []string{"--region", "0,12,0,10", "--grid", "5"}, "not on the global"},
		{"bad format", exitUsage, []string{"--site", "moscow", "--format", "xml"}, "--format"},
		{"bad clock", exitUsage, []string{"--site", "moscow", "--clock", "atomic"}, "--clock"},
		{"bad pdop-max", exitUsage, []string{"--site", "moscow", "--pdop-max", "-1"}, "--pdop-max"},
		{"bad mask", exitUsage, []string{"--site", "moscow", "--mask", "95"}, "--mask"},
		{"stray argument", exitUsage, []string{"moscow"}, "unexpected argument"},
		// 100 days at 1 s: 8.64 million epochs × 73 satellites × 25 bytes ≈ 15 GiB.
		{"too big", exitUsage, []string{"--site", "moscow", "--duration", "100d", "--step", "1s"}, "--force"},
		// A 0.01° global grid: 648 million cells × 1441 epochs.
		{"region too big", exitUsage, []string{"--region", "-90,90,-180,180", "--grid", "0.01"}, "receiver-epochs"},
		{"-o in a missing folder", exitRuntime, []string{"--site", "moscow", "-o", filepath.Join(dir, "missing", "r.txt")}, "does not exist"},
		{"--out is a file", exitRuntime, []string{"--site", "moscow", "--out", file}, "not a folder"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, errs, code := runCLI(t, append([]string{"compare"}, c.args...)...)
			if code != c.code || !strings.Contains(errs, c.want) {
				t.Errorf("exit %d (want %d), stderr %q (want %q)", code, c.code, errs, c.want)
			}
			if n := strings.Count(strings.TrimSpace(errs), "\n") + 1; n > 2 {
				t.Errorf("%d lines of error, want at most 2: %q", n, errs)
			}
		})
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("files left behind: %v", ents)
	}
}

// The "done when": the command works on the 2024-07-16 snapshot.
func TestCompareOnTestdata(t *testing.T) {
	args := append([]string{"compare", "--site", "beijing", "--site", "moscow", "--systems", "glonass,beidou,gps,galileo", "--duration", "6h", "--step", "10m"}, cmpTestTLE(t)...)
	out, errs := cmpRun(t, exitOK, args...)
	if !strings.Contains(out, "GLONASS+BeiDou+GPS+Galileo") || !strings.Contains(out, "2024-07-16T00:00:00Z") {
		t.Errorf("report:\n%s\nstderr: %s", out, errs)
	}
}

// Every example of --help runs (outputs redirected to a temporary folder).
func TestVisualExamplesRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the full-day examples")
	}
	dir := t.TempDir()
	for _, ex := range []string{cmpExample, skyExample, gtExample} {
		for _, line := range strings.Split(ex, "\n") {
			args := strings.Fields(line)[1:]
			for i := 1; i < len(args); i++ {
				switch args[i-1] {
				case "--plot", "-o", "--out":
					args[i] = filepath.Join(dir, args[i])
				}
			}
			if _, errs, code := runCLI(t, args...); code != exitOK {
				t.Errorf("%s: exit %d: %s", line, code, errs)
			}
		}
	}
}

// Ctrl-C (a cancelled context) stops the run with exit 130 and leaves no output file.
func TestVisualInterrupted(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, args := range [][]string{
		{"compare", "--site", "beijing", "--out", filepath.Join(dir, "out")},
		{"skyplot", "--site", "beijing", "--plot", filepath.Join(dir, "sky.png")},
		{"groundtrack", "--plot", filepath.Join(dir, "gt.svg"), "-o", filepath.Join(dir, "gt.csv")},
	} {
		var out, errb bytes.Buffer
		if code := run(ctx, args, strings.NewReader(""), &out, &errb); code != exitInterrupted {
			t.Errorf("%s: exit %d, want %d; stderr %s", args[0], code, exitInterrupted, errb.String())
		}
	}
	// Nothing at all: not even an empty --out folder.
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("files left behind: %v", ents)
	}
}
