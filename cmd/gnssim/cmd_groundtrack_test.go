package main

import (
	"bytes"
	"encoding/json"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A small ground-track map (BeiDou over Asia, 1 h at 15 min) as SVG is
// byte-exact (golden); the PNG decodes at the default map size.
func TestGroundtrackGolden(t *testing.T) {
	dir := t.TempDir()
	args := []string{"groundtrack", "--systems", "beidou", "--duration", "1h", "--step", "15m", "--region", "-20,60,60,160"}
	svg := filepath.Join(dir, "gt.svg")
	cmpRun(t, exitOK, append(args, "--plot", svg)...)
	data, err := os.ReadFile(svg)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "groundtrack-beidou-asia.svg", data)
	for _, want := range []string{"Ground tracks, BeiDou, 2026-03-19 00:00–01:00 UTC (step 15m)", ">C59<", ">60°E<"} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	p := filepath.Join(dir, "gt.png")
	cmpRun(t, exitOK, "groundtrack", "--duration", "2h", "--plot", p)
	data, _ = os.ReadFile(p)
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	// sim/plot's default map: 24×12 cm at 150 dpi.
	if b := img.Bounds(); b.Dx() != 1417 || b.Dy() != 709 {
		t.Errorf("PNG is %v, want 1417×709", b)
	}
}

// Sub-satellite points against published orbits, on the 2024-07-16 snapshot:
//   - BeiDou-3 GEO C59, C60, C61 sit at their slots 140°E, 80°E and 110.5°E
//     (BDS-SIS-ICD-B1C 1.0, §3: GEO satellites at 80°E, 110.5°E, 140°E)
//     within ±0.25° (station keeping, TLE error), |latitude| ≤ 3°
//     (inclination up to ~2.4° for these), at the geostationary height
//     35 786 km ± 40 km (a = (μT²/4π²)^⅓ = 42 164 km for the sidereal day,
//     minus 6 378 km; ± eccentricity ≈ 1e-3 × a);
//   - GLONASS at 19 100 km (GLONASS ICD 5.1, §3.1.1) and BeiDou MEO at
//     21 528 km (BDS-OS-PS 3.0, §2.1) ± 150 km (eccentricity ≤ 0.003 × a
//     plus the ellipsoid's 21 km flattening), latitudes within their
//     nominal inclinations 64.8° and 55° plus 1.5° (uncontrolled drift of
//     the actual inclinations: 65.8° for R20, 56.4° for C11 in these
//     element sets) plus 0.2° (geodetic minus geocentric latitude).
func TestGroundtrackAgainstNominalOrbits(t *testing.T) {
	out, _ := cmpRun(t, exitOK, append([]string{"groundtrack", "--format", "csv", "--systems", "glonass,beidou", "--duration", "24h", "--step", "30m"}, cmpTestTLE(t, "glonass.tle", "beidou.tle")...)...)
	_, rows := cmpReadCSV(t, out)
	geo := map[string]float64{"C59": 140, "C60": 80, "C61": 110.5}
	counts := map[string]int{}
	for _, r := range rows {
		lat, lon, alt := cmpNumber(t, r["lat_deg"]), cmpNumber(t, r["lon_deg"]), cmpNumber(t, r["alt_km"])
		if lon < -180 || lon >= 180 || math.Abs(lat) > 90 {
			t.Fatalf("row %v out of range", r)
		}
		switch {
		case geo[r["prn"]] != 0:
			counts["geo"]++
			if math.Abs(lon-geo[r["prn"]]) > 0.25 || math.Abs(lat) > 3 || math.Abs(alt-35786) > 40 {
				t.Errorf("GEO %s at %s: %.4f°, %.4f°, %.3f km", r["prn"], r["time_utc"], lat, lon, alt)
			}
		case r["system"] == "glonass":
			counts["glonass"]++
			if math.Abs(alt-19100) > 150 || math.Abs(lat) > 64.8+1.5+0.2 {
				t.Errorf("GLONASS %s at %s: %.4f°, %.3f km", r["prn"], r["time_utc"], lat, alt)
			}
		case r["system"] == "beidou" && alt < 30000:
			counts["meo"]++
			if math.Abs(alt-21528) > 150 || math.Abs(lat) > 55+1.5+0.2 {
				t.Errorf("BeiDou MEO %s at %s: %.4f°, %.3f km", r["prn"], r["time_utc"], lat, alt)
			}
		}
	}
	// 49 epochs each: 3 GEO, ≥ 20 GLONASS, ≥ 20 BeiDou MEO.
	if counts["geo"] != 3*49 || counts["glonass"] < 20*49 || counts["meo"] < 20*49 {
		t.Errorf("rows checked: %v", counts)
	}
}

func TestGroundtrackJSON(t *testing.T) {
	out, _ := cmpRun(t, exitOK, "groundtrack", "--systems", "R", "--duration", "10m", "--format", "json")
	var doc struct {
		Run struct {
			Systems []string `json:"systems"`
			Period  struct {
				StepS float64 `json:"step_s"`
			} `json:"period"`
		} `json:"run"`
		Rows []struct {
			PRN    string  `json:"prn"`
			System string  `json:"system"`
			AltKm  float64 `json:"alt_km"`
		} `json:"rows"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(doc.Run.Systems) != 1 || doc.Run.Systems[0] != "glonass" || doc.Run.Period.StepS != 300 || len(doc.Rows) < 2*20 {
		t.Errorf("document: %+v", doc)
	}
}

func TestGroundtrackErrors(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		name string
		code int
		args []string
		want string
	}{
		{"no output", exitUsage, nil, "--plot FILE.png|.svg is required"},
		{"unknown extension", exitUsage, []string{"--plot", filepath.Join(dir, "map.pdf")}, `unsupported extension ".pdf"`},
		{"bad region", exitUsage, []string{"--plot", filepath.Join(dir, "map.png"), "--region", "0,10,190,170"}, "LONMIN < LONMAX"},
		{"bad systems", exitUsage, []string{"--plot", filepath.Join(dir, "map.png"), "--systems", "glonass,mars"}, "--systems"},
		{"missing folder", exitRuntime, []string{"--plot", filepath.Join(dir, "missing", "map.png")}, "does not exist"},
		{"no satellites", exitRuntime, []string{"--plot", filepath.Join(dir, "map.png"), "--tle", "testdata/vanguard.tle"}, "no GLONASS+BeiDou satellites"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, errs, code := runCLI(t, append([]string{"groundtrack"}, c.args...)...)
			if code != c.code || !strings.Contains(errs, c.want) {
				t.Errorf("exit %d (want %d), stderr %q (want %q)", code, c.code, errs, c.want)
			}
		})
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("files left behind: %v", ents)
	}
}

// The "done when": the command works on the 2024-07-16 snapshot.
func TestGroundtrackOnTestdata(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tracks.svg")
	cmpRun(t, exitOK, append([]string{"groundtrack", "--systems", "glonass,beidou,gps,galileo", "--duration", "3h", "--plot", path}, cmpTestTLE(t)...)...)
	data, _ := os.ReadFile(path)
	for _, want := range []string{"GLONASS+BeiDou+GPS+Galileo, 2024-07-16 00:00–03:00 UTC", "Galileo"} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("SVG lacks %q", want)
		}
	}
}

// An element set on which SGP4 fails part of the time (the decaying Minotaur
// rocket body of testdata/decayed-28872.tle, renumbered as a GLONASS
// satellite so that it is selected): one warning line, no rows where it
// fails (from the first failure on), and the map is still drawn.
func TestGroundtrackSGP4Failure(t *testing.T) {
	dir := t.TempDir()
	line := func(l string) string { // TLE checksum: digits, '-' counts 1, mod 10
		sum := 0
		for _, c := range l[:68] {
			if c >= '0' && c <= '9' {
				sum += int(c - '0')
			} else if c == '-' {
				sum++
			}
		}
		return l[:68] + string(rune('0'+sum%10))
	}
	tle := "COSMOS 2433 (720)\n" +
		line("1 32275U 05037B   05333.02012661  .25992681  00000-0  24476-3 0  1534") + "\n" +
		line("2 32275  96.4736 157.9986 0303955 244.0492 110.6523 16.46015938 10708") + "\n"
	path := filepath.Join(dir, "decaying.tle")
	os.WriteFile(path, []byte(tle), 0o644)
	out, errs := cmpRun(t, exitOK, "groundtrack", "--tle", path, "--systems", "glonass", "--start", "2005-11-29", "--duration", "1d",
		"--format", "csv", "--plot", filepath.Join(dir, "gt.png"))
	// SGP4 fails at the first epoch (00:00, 29 min before the element
	// set's epoch: error 6, as gnssim propagate reports), so the satellite
	// is left out from there on: one warning, no rows, the map still drawn.
	if strings.Count(errs, "SGP4 error 6") != 1 || !strings.Contains(errs, "R19 (GLONASS, NORAD 32275)") {
		t.Errorf("stderr: %s", errs)
	}
	_, rows := cmpReadCSV(t, out)
	if len(rows) != 0 {
		t.Errorf("%d rows, want none after the failure at the first epoch", len(rows))
	}
	if _, err := os.Stat(filepath.Join(dir, "gt.png")); err != nil {
		t.Error(err)
	}
}
