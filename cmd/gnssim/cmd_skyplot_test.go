package main

import (
	"bytes"
	"encoding/json"
	"github.com/gnssim/gnssim/cmd/gnssim/internal/output"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A tiny sky plot as SVG is byte-exact (golden) and deterministic; the same
// figure as PNG decodes.
func TestSkyplotGolden(t *testing.T) {
	dir := t.TempDir()
	args := []string{"skyplot", "--site", "beijing", "--systems", "glonass", "--duration", "30m", "--step", "10m"}
	svg := filepath.Join(dir, "sky.svg")
	cmpRun(t, exitOK, append(args, "--plot", svg)...)
	a, err := os.ReadFile(svg)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "skyplot-beijing.svg", a)
	cmpRun(t, exitOK, append(args, "--plot", svg)...)
	if b, _ := os.ReadFile(svg); !bytes.Equal(a, b) {
		t.Error("two runs give different SVG bytes")
	}
	for _, want := range []string{"Sky of beijing, 2026-03-19 00:00–00:30 UTC, mask 10°", "GLONASS", ">N<"} {
		if !bytes.Contains(a, []byte(want)) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	pngPath := filepath.Join(dir, "sky.PNG")
	cmpRun(t, exitOK, append(args, "--plot", pngPath)...)
	data, _ := os.ReadFile(pngPath)
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	// sim/plot's default sky plot: 16 cm square at 150 dpi = 945 pixels.
	if b := img.Bounds(); b.Dx() != 945 || b.Dy() != 945 {
		t.Errorf("PNG is %v, want 945×945", b)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 2 {
		t.Errorf("files in the output folder: %v (temporary files left?)", ents)
	}
}

// The az/el table agrees with an independent computation from the ground
// track table (WGS-84 geodetic → ECEF → local east/north/up written out
// here, NIMA TR8350.2 constants), and the passes agree with the az/el table.
func TestSkyplotTablesAgainstGroundTrack(t *testing.T) {
	tle := cmpTestTLE(t, "glonass.tle", "beidou.tle")
	period := []string{"--duration", "4h", "--step", "10m"}
	gt, _ := cmpRun(t, exitOK, append(append([]string{"groundtrack", "--format", "csv"}, period...), tle...)...)
	sky, _ := cmpRun(t, exitOK, append(append([]string{"skyplot", "--site", "beijing", "--format", "csv"}, period...), tle...)...)
	passes, _ := cmpRun(t, exitOK, append(append([]string{"skyplot", "--site", "beijing", "--passes"}, period...), tle...)...)

	head, gtRows := cmpReadCSV(t, gt)
	if strings.Join(head, ",") != "prn,system,time_utc,lat_deg,lon_deg,alt_km" {
		t.Fatalf("ground track header %v", head)
	}
	head, skyRows := cmpReadCSV(t, sky)
	if strings.Join(head, ",") != "prn,system,time_utc,az_deg,el_deg" {
		t.Fatalf("az/el header %v", head)
	}
	// Beijing, from the built-in city table: 39.90°N 116.40°E, 50 m.
	rx := cmpTestECEF(39.90, 116.40, 0.050)
	type key struct{ prn, time string }
	seen := map[key][2]float64{}
	for _, r := range skyRows {
		seen[key{r["prn"], r["time_utc"]}] = [2]float64{cmpNumber(t, r["az_deg"]), cmpNumber(t, r["el_deg"])}
	}
	checked := 0
	for _, g := range gtRows {
		az, el := cmpTestLook(rx, 39.90, 116.40, cmpTestECEF(cmpNumber(t, g["lat_deg"]), cmpNumber(t, g["lon_deg"]), cmpNumber(t, g["alt_km"])))
		got, ok := seen[key{g["prn"], g["time_utc"]}]
		// 1e-3°: the table's lat/lon are rounded to 1e-4° (≈ 11 m at the
		// ground, ≈ 2e-5° seen from 20 000 km) and its angles to 1e-4°.
		switch {
		case el > 10+1e-3 && !ok:
			t.Errorf("%s %s: elevation %.4f° above the 10° mask but not in the az/el table", g["prn"], g["time_utc"], el)
		case el < 10-1e-3 && ok:
			t.Errorf("%s %s: elevation %.4f° below the mask but in the az/el table", g["prn"], g["time_utc"], el)
		case ok:
			// Near the zenith the azimuth is ill-conditioned: its error
			// grows as 1/cos(el).
			daz := math.Mod(got[0]-az+540, 360) - 180
			if math.Abs(daz)*math.Cos(el*math.Pi/180) > 1e-3 || math.Abs(got[1]-el) > 1e-3 {
				t.Errorf("%s %s: az/el %.4f/%.4f, independent %.4f/%.4f", g["prn"], g["time_utc"], got[0], got[1], az, el)
			}
			checked++
		}
	}
	if checked != len(skyRows) || checked < 100 {
		t.Errorf("checked %d of %d az/el rows", checked, len(skyRows))
	}

	head, passRows := cmpReadCSV(t, passes)
	if strings.Join(head, ",") != "prn,system,rise_utc,set_utc,max_el_deg,rise_open,set_open" {
		t.Fatalf("passes header %v", head)
	}
	start := time.Date(2024, 7, 16, 0, 0, 0, 0, time.UTC)
	end := start.Add(4 * time.Hour)
	open := 0
	for _, p := range passRows {
		rise, err1 := time.Parse(time.RFC3339, p["rise_utc"])
		set, err2 := time.Parse(time.RFC3339, p["set_utc"])
		if err1 != nil || err2 != nil || !rise.Before(set) {
			t.Fatalf("pass %v", p)
		}
		if p["rise_open"] == "true" {
			open++
			if !rise.Equal(start) {
				t.Errorf("open rise at %v, want the period start", rise)
			}
		} else {
			// The rise lies between the last epoch below the mask and the
			// first above it (10 min steps).
			first := start.Add(rise.Sub(start).Truncate(10*time.Minute) + 10*time.Minute)
			if _, ok := seen[key{p["prn"], output.FormatTime(first)}]; !ok {
				t.Errorf("%s rises at %v but is not visible at %v", p["prn"], rise, first)
			}
			if _, ok := seen[key{p["prn"], output.FormatTime(first.Add(-10 * time.Minute))}]; ok {
				t.Errorf("%s rises at %v but is already visible at %v", p["prn"], rise, first.Add(-10*time.Minute))
			}
		}
		if p["set_open"] == "true" && !set.Equal(end) {
			t.Errorf("open set at %v, want the period end", set)
		}
		// The maximum elevation is one of the pass's tabulated elevations.
		maxEl := cmpNumber(t, p["max_el_deg"])
		found := false
		for tm := rise.Truncate(10 * time.Minute); !tm.After(set); tm = tm.Add(10 * time.Minute) {
			if v, ok := seen[key{p["prn"], output.FormatTime(tm)}]; ok && v[1] == maxEl {
				found = true
			}
		}
		if !found {
			t.Errorf("pass %v: maximum elevation not in the az/el table", p)
		}
	}
	if open == 0 || open == len(passRows) {
		t.Errorf("%d open passes of %d: want some satellites up at the start and some rising later", open, len(passRows))
	}
}

// cmpTestECEF converts WGS-84 geodetic coordinates (degrees, km) to ECEF km.
func cmpTestECEF(latDeg, lonDeg, hKm float64) [3]float64 {
	const a, f = 6378.137, 1 / 298.257223563 // WGS-84 (NIMA TR8350.2)
	e2 := f * (2 - f)
	la, lo := latDeg*math.Pi/180, lonDeg*math.Pi/180
	n := a / math.Sqrt(1-e2*math.Sin(la)*math.Sin(la))
	return [3]float64{(n + hKm) * math.Cos(la) * math.Cos(lo), (n + hKm) * math.Cos(la) * math.Sin(lo), (n*(1-e2) + hKm) * math.Sin(la)}
}

// cmpTestLook returns azimuth (clockwise from north) and elevation (degrees)
// of sat seen from rx at geodetic latitude/longitude (degrees).
func cmpTestLook(rx [3]float64, latDeg, lonDeg float64, sat [3]float64) (az, el float64) {
	la, lo := latDeg*math.Pi/180, lonDeg*math.Pi/180
	d := [3]float64{sat[0] - rx[0], sat[1] - rx[1], sat[2] - rx[2]}
	e := -math.Sin(lo)*d[0] + math.Cos(lo)*d[1]
	n := -math.Sin(la)*math.Cos(lo)*d[0] - math.Sin(la)*math.Sin(lo)*d[1] + math.Cos(la)*d[2]
	u := math.Cos(la)*math.Cos(lo)*d[0] + math.Cos(la)*math.Sin(lo)*d[1] + math.Sin(la)*d[2]
	az = math.Atan2(e, n) * 180 / math.Pi
	if az < 0 {
		az += 360
	}
	return az, math.Atan2(u, math.Hypot(e, n)) * 180 / math.Pi
}

func TestSkyplotJSONAndTable(t *testing.T) {
	out, _ := cmpRun(t, exitOK, "skyplot", "--site", "55.76,37.62", "--duration", "20m", "--step", "10m", "--format", "json")
	var doc struct {
		Run struct {
			Sites []struct {
				Name string `json:"name"`
			} `json:"sites"`
		} `json:"run"`
		Rows []struct {
			PRN   string  `json:"prn"`
			AzDeg float64 `json:"az_deg"`
			ElDeg float64 `json:"el_deg"`
		} `json:"rows"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(doc.Run.Sites) != 1 || doc.Run.Sites[0].Name != "55.7600,37.6200" || len(doc.Rows) < 3*15 {
		t.Errorf("sites %+v, %d rows", doc.Run.Sites, len(doc.Rows))
	}
	for _, r := range doc.Rows {
		if r.ElDeg <= 10 || r.ElDeg > 90 || r.AzDeg < 0 || r.AzDeg >= 360 {
			t.Errorf("row %+v outside the sky above the mask", r)
		}
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "passes.json")
	cmpRun(t, exitOK, "skyplot", "--site", "moscow", "--duration", "2h", "--step", "10m", "--passes", "-o", path)
	data, _ := os.ReadFile(path)
	if !json.Valid(data) || !bytes.Contains(data, []byte(`"rise_open": true`)) {
		t.Errorf("passes JSON (format from the .json extension):\n%s", data)
	}
	tbl, _ := cmpRun(t, exitOK, "skyplot", "--site", "moscow", "--duration", "10m", "--step", "10m", "--format", "table")
	lines := strings.Split(strings.TrimSpace(tbl), "\n")
	if strings.Join(strings.Fields(lines[0]), ",") != "prn,system,time_utc,az_deg,el_deg" || len(lines) < 10 || len(lines[1]) != len(lines[len(lines)-1]) {
		t.Errorf("table:\n%s", tbl)
	}
}

func TestSkyplotErrors(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "sub")
	os.Mkdir(sub, 0o755)
	for _, c := range []struct {
		name string
		code int
		args []string
		want string
	}{
		{"no site", exitUsage, []string{"--plot", filepath.Join(dir, "a.png")}, "--site is required"},
		{"two sites", exitUsage, []string{"--site", "moscow", "--site", "beijing", "--plot", filepath.Join(dir, "a.png")}, "one site, got 2"},
		{"no output", exitUsage, []string{"--site", "moscow"}, "--plot FILE.png|.svg is required"},
		{"unknown extension", exitUsage, []string{"--site", "moscow", "--plot", filepath.Join(dir, "a.jpg")}, `unsupported extension ".jpg"`},
		{"no extension", exitUsage, []string{"--site", "moscow", "--plot", filepath.Join(dir, "sky")}, "no extension"},
		{"bad format", exitUsage, []string{"--site", "moscow", "--format", "yaml"}, "--format"},
		{"missing folder", exitRuntime, []string{"--site", "moscow", "--plot", filepath.Join(dir, "missing", "a.png")}, "does not exist"},
		{"folder named like a plot", exitRuntime, []string{"--site", "moscow", "--plot", filepath.Join(dir, "sub.png")}, "is a folder"},
		{"parent is a file", exitRuntime, []string{"--site", "moscow", "--plot", filepath.Join(dir, "f.png", "a.png")}, "not a folder"},
		{"bad mask file", exitRuntime, []string{"--site", "moscow", "--plot", filepath.Join(dir, "a.png"), "--mask-file", filepath.Join(dir, "none.txt")}, "--mask-file"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.name == "folder named like a plot" {
				os.Mkdir(filepath.Join(dir, "sub.png"), 0o755)
				defer os.Remove(filepath.Join(dir, "sub.png"))
			}
			if c.name == "parent is a file" {
				os.WriteFile(filepath.Join(dir, "f.png"), nil, 0o644)
				defer os.Remove(filepath.Join(dir, "f.png"))
			}
			_, errs, code := runCLI(t, append([]string{"skyplot"}, c.args...)...)
			if code != c.code || !strings.Contains(errs, c.want) {
				t.Errorf("exit %d (want %d), stderr %q (want %q)", code, c.code, errs, c.want)
			}
		})
	}
	// Nothing was written: no figure, no temporary file.
	if ents, _ := os.ReadDir(dir); len(ents) != 1 || ents[0].Name() != "sub" {
		t.Errorf("files left behind: %v", ents)
	}
	if ents, _ := os.ReadDir(sub); len(ents) != 0 {
		t.Errorf("files left behind in sub: %v", ents)
	}
}

// The "done when": the command works on the 2024-07-16 snapshot,
// with an azimuth-dependent mask drawn.
func TestSkyplotOnTestdata(t *testing.T) {
	dir := t.TempDir()
	mask := filepath.Join(dir, "mask.txt")
	os.WriteFile(mask, []byte("0 5\n90 25\n180 10\n270 35\n"), 0o644)
	path := filepath.Join(dir, "sky.png")
	args := append([]string{"skyplot", "--site", "harbin", "--systems", "R,C,G,E", "--duration", "6h", "--mask-file", mask, "--plot", path}, cmpTestTLE(t)...)
	cmpRun(t, exitOK, args...)
	data, _ := os.ReadFile(path)
	if _, err := png.Decode(bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
}
