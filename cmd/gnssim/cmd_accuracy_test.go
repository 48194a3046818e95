package main

// Tests of gnssim accuracy (issue 13): two sources of positions compared
// over one period, on the real data of 2020-06-25 in the repository
// (ESBC broadcast navigation, IAC and GRG final orbits), against
// sim/accuracy called directly, and on synthetic data where no real data
// exist offline (TLE against SP3).

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/ephemeris/rinex"
	"github.com/gnssim/gnssim/ephemeris/sp3"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/orbit/broadcast"
	"github.com/gnssim/gnssim/orbit/precise"
	"github.com/gnssim/gnssim/sim/accuracy"
	"github.com/gnssim/gnssim/sim/dataset"
)

// The IAC final orbits of 2020-06-25 (GLONASS, BeiDou, GPS, Galileo, QZSS;
// 00:00–24:00 GPST at 15 min); srcNav and srcSP3 (GRG) are in
// cmd_sources_test.go.
var accIAC = filepath.Join("..", "..", "ephemeris", "sp3", "testdata", "Sta21114.sp3.gz")

// accRows runs gnssim accuracy with --format csv and returns the rows.
func accRows(t *testing.T, args ...string) []map[string]string {
	t.Helper()
	out, _ := run1(t, append(append([]string{"accuracy"}, args...), "--format", "csv")...)
	_, rows := cmpReadCSV(t, out)
	return rows
}

// accFind returns the row of a level, system and orbit (or PRN for
// satellites).
func accFind(t *testing.T, rows []map[string]string, level, system, orbitOrPRN string) map[string]string {
	t.Helper()
	for _, r := range rows {
		if r["level"] == level && r["system"] == system && (r["orbit"] == orbitOrPRN || (level == "satellite" && r["prn"] == orbitOrPRN)) {
			return r
		}
	}
	t.Fatalf("no row %s %s %s", level, system, orbitOrPRN)
	return nil
}

// TestAccuracyBroadcastVersusIAC: broadcast (ESBC) − IAC over the UTC day
// at 30 s gives sim/accuracy's measured metre-level figures, within the
// bounds of its TestBroadcastVersusPrecise (GPS 1.38 m, GLONASS 3.37,
// Galileo 1.22, BeiDou MEO 1.43, IGSO 2.92, QZSS IGSO 2.14, BeiDou GEO
// 15.9 m, the worst), with the negative radial bias of the antenna offsets
// that are not applied; and every number of the command is the one
// sim/accuracy.Compare gives directly on the readers' sources (RINEX and
// SP3 read again, through orbit/broadcast and orbit/precise and the
// package's adapters instead of sim/dataset), to the last bit.
func TestAccuracyBroadcastVersusIAC(t *testing.T) {
	rows := accRows(t, "--ref-sp3", accIAC, "--nav", srcNav, "--step", "30s", "--precision", "full")
	bounds := []struct {
		sys, class string
		sats       int
		rms, max   float64
		radial     [2]float64 // mean, m
	}{
		{"gps", "MEO", 31, 2.1, 7.5, [2]float64{-1.3, -0.4}},
		{"glonass", "MEO", 21, 5, 11, [2]float64{-2.6, -1.5}},
		{"galileo", "MEO", 22, 1.9, 12.5, [2]float64{-1.3, -0.4}},
		{"beidou", "MEO", 21, 2.2, 7, [2]float64{-1.6, -0.6}},
		{"beidou", "IGSO", 7, 4.4, 10, [2]float64{-1.2, 0.3}},
		{"qzss", "IGSO", 3, 3.2, 5.3, [2]float64{-2, -0.5}},
	}
	geo := accFind(t, rows, "class", "beidou", "GEO")
	geoRMS := cmpNumber(t, geo["d3_rms_m"])
	for _, b := range bounds {
		r := accFind(t, rows, "class", b.sys, b.class)
		rms, mx, rm := cmpNumber(t, r["d3_rms_m"]), cmpNumber(t, r["d3_max_m"]), cmpNumber(t, r["radial_mean_m"])
		if n, _ := strconv.Atoi(r["satellites"]); n != b.sats {
			t.Errorf("%s %s: %d satellites, want %d", b.sys, b.class, n, b.sats)
		}
		if rms > b.rms || mx > b.max || rms < 0.5 || rms >= geoRMS {
			t.Errorf("%s %s: 3-D RMS %.3f m max %.3f m; bounds %g, %g, below the GEO's %.2f", b.sys, b.class, rms, mx, b.rms, b.max, geoRMS)
		}
		if rm < b.radial[0] || rm > b.radial[1] {
			t.Errorf("%s %s: radial mean %.3f m outside %v", b.sys, b.class, rm, b.radial)
		}
	}
	if a := cmpNumber(t, geo["along_mean_m"]); geo["satellites"] != "1" || geoRMS < 10 || geoRMS > 25 || a > -10 {
		t.Errorf("BeiDou GEO: 3-D RMS %.2f m, along-track mean %.2f m (%s satellites)", geoRMS, a, geo["satellites"])
	}

	// The same numbers from sim/accuracy directly.
	f, err := rinex.ReadFile(srcNav, rinex.Options{})
	if err != nil {
		t.Fatal(err)
	}
	nav, err := broadcast.NewSource(f, broadcast.Options{})
	if err != nil {
		t.Fatal(err)
	}
	pf, err := sp3.ReadFile(accIAC, sp3.Options{})
	if err != nil {
		t.Fatal(err)
	}
	iac, err := precise.New([]*sp3.File{pf}, precise.Options{})
	if err != nil {
		t.Fatal(err)
	}
	day := orbit.EpochGrid{Start: time.Date(2020, 6, 25, 0, 0, 0, 0, time.UTC), Step: 30 * time.Second, N: 2880}
	res, err := accuracy.Compare(context.Background(), accuracy.PreciseSource(iac), accuracy.BroadcastSource(nav), day, accuracy.Options{})
	if err != nil {
		t.Fatal(err)
	}
	same := func(what string, r map[string]string, g accuracy.Counts, comps ...accuracy.Component) {
		t.Helper()
		if r["compared"] != strconv.Itoa(g.Compared) || r["only_ref"] != strconv.Itoa(g.OnlyA) || r["only_test"] != strconv.Itoa(g.OnlyB) || r["no_frame"] != strconv.Itoa(g.NoFrame) {
			t.Errorf("%s: counts %s/%s/%s/%s, library %+v", what, r["compared"], r["only_ref"], r["only_test"], r["no_frame"], g)
		}
		for i, name := range []string{"d3", "radial", "along", "cross"} {
			c := comps[i]
			for _, q := range []struct {
				col string
				v   float64
			}{{"_rms_m", c.RMS}, {"_mean_m", c.Mean}, {"_std_m", c.Std}, {"_max_m", c.Max}} {
				if got := cmpNumber(t, r[name+q.col]); got != q.v {
					t.Errorf("%s %s%s: %v from the command, %v from sim/accuracy", what, name, q.col, got, q.v)
				}
			}
		}
		if r["d3_max_prn"] != comps[0].MaxPRN || r["d3_max_utc"] != comps[0].MaxAt.Format(time.RFC3339) {
			t.Errorf("%s: maximum of %s at %s, library %s at %v", what, r["d3_max_prn"], r["d3_max_utc"], comps[0].MaxPRN, comps[0].MaxAt)
		}
	}
	for _, g := range res.Systems {
		same(g.System.String(), accFind(t, rows, "system", g.System.String(), "all"), g.Counts, g.D3, g.R, g.A, g.C)
	}
	for _, g := range res.Classes {
		same(g.System.String()+" "+g.Class.String(), accFind(t, rows, "class", g.System.String(), g.Class.String()), g.Counts, g.D3, g.R, g.A, g.C)
	}
	same("total", accFind(t, rows, "total", "all", "all"), res.Total.Counts, res.Total.D3, res.Total.R, res.Total.A, res.Total.C)
	nsat := 0
	for _, s := range res.Satellites {
		same(s.Sat.PRN, accFind(t, rows, "satellite", s.Sat.System.String(), s.Sat.PRN), s.Counts, s.D3, s.R, s.A, s.C)
		nsat++
	}
	if nsat != 106 || len(rows) != len(res.Systems)+len(res.Classes)+1+nsat {
		t.Errorf("%d rows, %d satellites; want 106 satellites and every group", len(rows), nsat)
	}
}

// TestAccuracyIACVersusGRG: two analysis centres' final GLONASS orbits
// agree to centimetres (sim/accuracy measured 5.3 cm 3-D RMS, at most
// 14.2 cm); the default period ends with GRG's data (23:45 GPST), so every
// satellite is compared at 2850 epochs of 30 s, without gaps; R26 is in
// IAC only.
func TestAccuracyIACVersusGRG(t *testing.T) {
	rows := accRows(t, "--ref-sp3", accIAC, "--sp3", srcSP3, "--systems", "glonass", "--step", "30s", "--by", "all")
	g := accFind(t, rows, "system", "glonass", "all")
	if rms, mx := cmpNumber(t, g["d3_rms_m"]), cmpNumber(t, g["d3_max_m"]); rms > 0.10 || rms < 0.01 || mx > 0.25 || g["satellites"] != "21" {
		t.Errorf("GLONASS IAC vs GRG: 3-D RMS %.3f m, max %.3f m, %s satellites", rms, mx, g["satellites"])
	}
	for _, r := range rows {
		if r["level"] == "satellite" && (r["compared"] != "2850" || r["only_ref"] != "0" || r["only_test"] != "0") {
			t.Errorf("%s: compared %s, only_ref %s, only_test %s; want 2850 epochs in both", r["prn"], r["compared"], r["only_ref"], r["only_test"])
		}
	}
	out, _ := run1(t, "accuracy", "--ref-sp3", accIAC, "--sp3", srcSP3, "--systems", "glonass", "--by", "system")
	if !strings.Contains(out, "only in the reference (1): R26") || !strings.Contains(out, "1425 epochs") {
		t.Errorf("text report:\n%s", out)
	}
}

// TestAccuracySelfIsZero: a source compared with itself differs by
// exactly 0 everywhere — broadcast, SP3 and TLE (SGP4 through the dataset
// pipeline, satellites paired by their catalog PRN/slot) — and so do the
// user effects.
func TestAccuracySelfIsZero(t *testing.T) {
	tle := filepath.Join("..", "..", "testdata", "tle", "2024-07-16")
	for _, c := range [][]string{
		{"--ref-nav", srcNav, "--nav", srcNav, "--step", "5m"},
		{"--ref-sp3", srcSP3, "--sp3", srcSP3, "--step", "5m"},
		{"--ref-tle", filepath.Join(tle, "glonass.tle"), "--ref-tle", filepath.Join(tle, "beidou.tle"),
			"--tle", filepath.Join(tle, "beidou.tle"), "--tle", filepath.Join(tle, "glonass.tle"), "--step", "10m"},
	} {
		rows := accRows(t, append(c, "--precision", "full")...)
		sats := 0
		for _, r := range rows {
			for _, col := range []string{"d3_rms_m", "d3_max_m", "radial_max_m", "along_max_m", "cross_max_m"} {
				if r[col] != "0" && !(r[col] == "NaN" && r["compared"] == "0") {
					t.Errorf("%s: %s %s %s: %s = %s, want 0", c[1], r["level"], r["system"], r["prn"], col, r[col])
				}
			}
			if r["level"] == "satellite" {
				sats++
				if r["only_ref"] != r["only_test"] {
					t.Errorf("%s %s: only_ref %s, only_test %s", c[1], r["prn"], r["only_ref"], r["only_test"])
				}
			}
		}
		if sats < 20 {
			t.Errorf("%s: %d satellites paired", c[1], sats)
		}
		if c[0] == "--ref-tle" {
			// Paired by the catalog's PRNs: GLONASS slots and BeiDou PRNs.
			var prns []string
			for _, r := range rows {
				if r["level"] == "satellite" {
					prns = append(prns, r["prn"])
				}
			}
			if !slices.Contains(prns, "R07") || !slices.Contains(prns, "C19") || slices.ContainsFunc(prns, func(p string) bool { return p[0] != 'R' && p[0] != 'C' }) {
				t.Errorf("TLE satellites paired as %v", prns)
			}
		}
	}
	out, _ := run1(t, "accuracy", "--ref-nav", srcNav, "--nav", srcNav, "--step", "10m", "--site", esbc, "--by", "site", "--format", "csv")
	_, rows := cmpReadCSV(t, out)
	if len(rows) != 6 {
		t.Fatalf("%d rows of user effects, want 6 (5 systems and their combination)", len(rows))
	}
	for _, r := range rows {
		for _, col := range []string{"visible_differs", "set_differs", "availability_differs", "pdop_only_ref", "pdop_only_test"} {
			if r[col] != "0" {
				t.Errorf("%s: %s = %s", r["variant"], col, r[col])
			}
		}
		if r["el_diff_max_deg"] != "0.000000" || (r["pdop_diff_max"] != "0.000000" && r["pdop_diff_max"] != "NaN") {
			t.Errorf("%s: elevation %s, PDOP %s", r["variant"], r["el_diff_max_deg"], r["pdop_diff_max"])
		}
	}
}

// writeSP3 writes an SP3-c file of the positions of the satellites of ds
// (ECEF km from its Propagator, SGP4 for element sets) at n epochs of
// 5 min from start (GPST): a precise-orbit file that is the TLE orbit.
// The satellites are written in reverse order, without the one of index
// skip, and with an extra satellite "extra" (a copy of the first one's
// positions), to check that pairing goes by PRN, not by order.
func writeSP3(t *testing.T, path string, ds *dataset.Dataset, start time.Time, n, skip int, extra string) {
	t.Helper()
	step := 5 * time.Minute
	leap := time.Duration(orbit.LeapSeconds(start)-19) * time.Second // GPST − UTC
	grid := orbit.EpochGrid{Start: start.Add(-leap), Step: step, N: n}
	eph, fails, err := ds.Ephemeris(context.Background(), grid, dataset.PropagatorOptions{})
	if err != nil || len(fails) > 0 {
		t.Fatal(err, fails)
	}
	var rows []int
	var ids []string
	sats := ds.Satellites()
	for i := len(sats) - 1; i >= 0; i-- {
		if i != skip {
			rows, ids = append(rows, i), append(ids, sats[i].PRN)
		}
	}
	rows, ids = append(rows, 0), append(ids, extra)
	var b strings.Builder
	week, sow := orbit.GPSWeekSeconds(start.Add(-leap))
	mjd := int(start.Sub(time.Date(1858, 11, 17, 0, 0, 0, 0, time.UTC)).Hours() / 24)
	fmt.Fprintf(&b, "#cP%4d %2d %2d %2d %2d %11.8f %7d ORBIT IGS14 FIT  TST\n", start.Year(), start.Month(), start.Day(), 0, 0, 0.0, n)
	fmt.Fprintf(&b, "## %4d %15.8f %14.8f %5d %15.13f\n", week, sow, step.Seconds(), mjd, 0.0)
	lines := max(5, (len(ids)+16)/17)
	for l := range lines {
		if l == 0 {
			fmt.Fprintf(&b, "+  %3d   ", len(ids))
		} else {
			b.WriteString("+        ")
		}
		for k := l * 17; k < (l+1)*17; k++ {
			if k < len(ids) {
				b.WriteString(ids[k])
			} else {
				b.WriteString("  0")
			}
		}
		b.WriteString("\n")
	}
	for range lines {
		b.WriteString("++       ")
		for range 17 {
			b.WriteString("  0")
		}
		b.WriteString("\n")
	}
	b.WriteString("%c M  cc GPS ccc cccc cccc cccc cccc ccccc ccccc ccccc ccccc\n%c cc cc ccc ccc cccc cccc cccc cccc ccccc ccccc ccccc ccccc\n")
	b.WriteString("%f  1.2500000  1.025000000  0.00000000000  0.000000000000000\n%f  0.0000000  0.000000000  0.00000000000  0.000000000000000\n")
	b.WriteString("%i    0    0    0    0      0      0      0      0         0\n%i    0    0    0    0      0      0      0      0         0\n")
	b.WriteString("/* SYNTHETIC: SGP4 POSITIONS OF ELEMENT SETS, FOR GNSSIM TESTS\n")
	for k := range n {
		e := start.Add(time.Duration(k) * step)
		fmt.Fprintf(&b, "*  %4d %2d %2d %2d %2d %11.8f\n", e.Year(), e.Month(), e.Day(), e.Hour(), e.Minute(), float64(e.Second()))
		for j, r := range rows {
			i := r*n + k
			fmt.Fprintf(&b, "P%s%14.6f%14.6f%14.6f%14.6f\n", ids[j], eph.X[i], eph.Y[i], eph.Z[i], 999999.999999)
		}
	}
	b.WriteString("EOF\n")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestAccuracyTLEVersusSP3: no element sets of 2020-06-25 (nor SP3 files of
// the element sets' days) exist offline, so the TLE path is checked on a
// synthetic SP3 file holding the SGP4 positions of the element sets
// themselves (GPST epochs, Earth-fixed): TLE − SP3 is then only the SP3
// rounding (1 mm) and interpolation, which proves that the satellites are
// paired by PRN/slot (the file lists them in reverse order, one missing,
// one extra) and that the time scales line up (a GPST − UTC slip of 18 s
// would be 50 km).
func TestAccuracyTLEVersusSP3(t *testing.T) {
	dir := t.TempDir()
	tle := filepath.Join("..", "..", "testdata", "tle", "2024-07-16", "glonass.tle")
	in, err := dataset.ReadInputs([]string{tle})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2024, 7, 16, 0, 0, 0, 0, time.UTC) // GPST
	ds, err := dataset.Load(in, dataset.Options{Systems: []ephemeris.System{ephemeris.GLONASS}, IdentifyAt: start})
	if err != nil {
		t.Fatal(err)
	}
	sats := ds.Satellites()
	skipped := sats[3].PRN
	path := filepath.Join(dir, "tle.sp3")
	writeSP3(t, path, ds, start, 73, 3, "R27")
	rows := accRows(t, "--ref-sp3", path, "--tle", tle, "--by", "satellite", "--start", "2024-07-16T01:00:00Z", "--duration", "4h")
	if len(rows) != len(sats)-1 {
		t.Errorf("%d satellites paired, want %d", len(rows), len(sats)-1)
	}
	worst := 0.0
	for _, r := range rows {
		worst = max(worst, cmpNumber(t, r["d3_max_m"]))
		if mx := cmpNumber(t, r["d3_max_m"]); mx > 0.005 || r["compared"] != "241" {
			t.Errorf("%s: TLE − SP3 of the same orbit: max %s m over %s epochs", r["prn"], r["d3_max_m"], r["compared"])
		}
		if r["prn"] == skipped {
			t.Errorf("%s is not in the SP3 file but was paired", skipped)
		}
	}
	t.Logf("%d GLONASS satellites, TLE − SP3 of their own SGP4 positions: at most %.3f m", len(rows), worst)
	out, _ := run1(t, "accuracy", "--ref-sp3", path, "--tle", tle, "--format", "json", "--by", "system", "--start", "2024-07-16T01:00:00Z", "--duration", "1h")
	var doc struct {
		Unmatched struct {
			ReferenceOnly []struct{ System, PRN, Reason string } `json:"reference_only"`
			TestedOnly    []struct{ System, PRN, Reason string } `json:"tested_only"`
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	u := doc.Unmatched
	if len(u.ReferenceOnly) != 1 || u.ReferenceOnly[0].PRN != "R27" || len(u.TestedOnly) != 1 || u.TestedOnly[0].PRN != skipped {
		t.Errorf("unmatched %+v; want R27 only in the SP3 file and %s only in the element sets", u, skipped)
	}
	// The default period of a TLE side against a file: the file's data.
	rows = accRows(t, "--ref-sp3", path, "--tle", tle, "--by", "system", "--step", "10m")
	if g := accFind(t, rows, "system", "glonass", "all"); cmpNumber(t, g["d3_max_m"]) > 0.005 || g["compared"] != strconv.Itoa(36*(len(sats)-1)) {
		t.Errorf("default period: %v", g)
	}
}

// TestAccuracyJSON: the JSON document's provenance names both sources
// (kind, files, SHA-256), its rows are the CSV's, and the user effects are
// the rows of --by site.
func TestAccuracyJSON(t *testing.T) {
	args := []string{"accuracy", "--ref-sp3", accIAC, "--nav", srcNav, "--systems", "gps,galileo", "--start", "2020-06-25T06:00:00Z", "--duration", "2h", "--step", "10m", "--site", esbc}
	p := filepath.Join(t.TempDir(), "acc.json")
	run1(t, append(args, "-o", p)...)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	type inputs struct {
		Kind    string
		Sources []string
		SHA256  string
	}
	var doc struct {
		Run struct {
			Command   string
			Systems   []string
			Inputs    inputs
			Reference inputs
			Period    struct{ Epochs int }
		}
		Pairs       int
		Rows        []map[string]any
		UserEffects []map[string]any `json:"user_effects"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	r := doc.Run
	if r.Command != "accuracy" || r.Inputs.Kind != "nav" || r.Reference.Kind != "sp3" || r.Inputs.Sources[0] != srcNav || r.Reference.Sources[0] != accIAC ||
		len(r.Inputs.SHA256) != 64 || len(r.Reference.SHA256) != 64 || r.Inputs.SHA256 == r.Reference.SHA256 || r.Period.Epochs != 13 ||
		!slices.Equal(r.Systems, []string{"gps", "galileo"}) {
		t.Errorf("run: %+v", r)
	}
	csv, _ := run1(t, append(slices.Clone(args[:len(args)-2]), "--format", "csv")...)
	_, rows := cmpReadCSV(t, csv)
	if len(rows) != len(doc.Rows) || doc.Pairs != 53 {
		t.Fatalf("%d JSON rows, %d CSV rows, %d pairs", len(doc.Rows), len(rows), doc.Pairs)
	}
	for i, row := range rows {
		for k, v := range row {
			got := fmt.Sprint(doc.Rows[i][k])
			if doc.Rows[i][k] == nil {
				got = "NaN"
			}
			if x, ok := doc.Rows[i][k].(float64); ok {
				if cmpNumber(t, v) != x {
					t.Errorf("row %d %s: JSON %v, CSV %s", i, k, x, v)
				}
				continue
			}
			if got != v {
				t.Errorf("row %d %s: JSON %q, CSV %q", i, k, got, v)
			}
		}
	}
	sites, _ := run1(t, append(args, "--by", "site", "--format", "csv")...)
	head, srows := cmpReadCSV(t, sites)
	if len(srows) != 3 || len(doc.UserEffects) != 3 {
		t.Fatalf("%d site rows, %d user effects; want GPS, Galileo, GPS+Galileo", len(srows), len(doc.UserEffects))
	}
	for i, row := range srows {
		if len(doc.UserEffects[i]) != len(head) {
			t.Errorf("user effect %d has %d keys, the CSV %d columns", i, len(doc.UserEffects[i]), len(head))
		}
		for _, k := range head {
			v, ok := doc.UserEffects[i][k]
			if !ok {
				t.Errorf("user effect %d: no %s", i, k)
				continue
			}
			if x, isNum := v.(float64); isNum && cmpNumber(t, row[k]) != x || !isNum && v != nil && fmt.Sprint(v) != row[k] {
				t.Errorf("user effect %d %s: JSON %v, CSV %s", i, k, v, row[k])
			}
		}
	}
	// At the recording station the orbits' metre-level differences move
	// elevations by microdegrees.
	for _, u := range doc.UserEffects {
		if el := u["el_diff_max_deg"].(float64); el > 1e-4 {
			t.Errorf("%v: largest elevation difference %g°", u["variant"], el)
		}
	}
}

// TestAccuracyGolden: small outputs as goldens (IAC vs GRG, 2 h at 15
// min): the text report of every level and the CSV per system.
func TestAccuracyGolden(t *testing.T) {
	args := []string{"accuracy", "--ref-sp3", accIAC, "--sp3", srcSP3, "--systems", "glonass,gps", "--start", "2020-06-25T06:00:00Z", "--duration", "2h", "--step", "15m"}
	out, _ := run1(t, args...)
	golden(t, "accuracy.txt", []byte(out))
	out, _ = run1(t, append(args, "--by", "system", "--format", "csv")...)
	golden(t, "accuracy-system.csv", []byte(out))
}

// TestAccuracyArgs: the job's Args give a command line that reproduces
// the run, its defaults (systems, start, end of data) resolved.
func TestAccuracyArgs(t *testing.T) {
	e := &env{stdout: &strings.Builder{}, stderr: &strings.Builder{}}
	args := []string{"--ref-sp3", accIAC, "--sp3", srcSP3, "--step", "20m", "--site", esbc, "--format", "json"}
	j, err := parseAccuracy(e, args)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := run1(t, append([]string{"accuracy"}, args...)...)
	var doc struct {
		Run struct {
			Period struct {
				StartUTC string `json:"start_utc"`
				Epochs   int
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	start, _ := time.Parse(time.RFC3339, doc.Run.Period.StartUTC)
	grid := orbit.EpochGrid{Start: start, Step: 20 * time.Minute, N: doc.Run.Period.Epochs}
	if doc.Run.Period.Epochs != 72 {
		t.Errorf("%d epochs, want 72 (00:00 to 23:40, GRG ends at 23:44:42 UTC)", doc.Run.Period.Epochs)
	}
	a := j.Args(grid)
	joined := strings.Join(a, " ")
	for _, want := range []string{"--start 2020-06-25T00:00:00Z", "--duration 23h40m", "--by all", "--mask 10", "--ref-sp3 " + accIAC} {
		if !strings.Contains(joined, want) {
			t.Errorf("Args %q lack %q", joined, want)
		}
	}
	again, _ := run1(t, a...)
	if again != out {
		t.Errorf("the command line of Args gives another output:\n%s", joined)
	}
}

// TestAccuracyRefused: a missing side, two kinds on one side, periods
// outside either source's data, data that do not overlap, unreadable files
// and outputs that cannot go together are refused with exit 2 (usage) or 1
// (data), and a message that names the flag or the file.
func TestAccuracyRefused(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.sp3")
	if err := os.WriteFile(bad, []byte("not an SP3 file\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	grg176 := filepath.Join("..", "..", "ephemeris", "sp3", "testdata", "GRG0MGXFIN_20201760000_01D_15M_ORB.SP3.gz")
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--nav", srcNav}, exitUsage, "no reference source: give --ref-sp3 FILE"},
		{[]string{"--ref-sp3", accIAC}, exitUsage, "no tested source: give --sp3 FILE, --nav FILE or --tle FILE"},
		{[]string{"--ref-sp3", accIAC, "--ref-nav", srcNav, "--nav", srcNav}, exitUsage, "the reference takes one kind of source"},
		{[]string{"--ref-sp3", accIAC, "--nav", srcNav, "--sp3", srcSP3}, exitUsage, "the tested source takes one kind of source"},
		{[]string{"--ref-sp3", accIAC, "--nav", srcNav, "--start", "2020-07-01T00:00:00Z"}, exitUsage, "reference (--ref-sp3): the period 2020-07-01T00:00:00Z"},
		{[]string{"--ref-nav", srcNav, "--sp3", srcSP3, "--start", "2020-06-20T00:00:00Z", "--duration", "1h"}, exitUsage, "reference (--ref-nav): the period 2020-06-20T00:00:00Z to 2020-06-20T01:00:00Z is outside the navigation data"},
		{[]string{"--ref-sp3", grg176, "--sp3", srcSP3}, exitUsage, "do not overlap"},
		{[]string{"--ref-sp3", bad, "--nav", srcNav}, exitRuntime, "reference (--ref-sp3): " + bad},
		{[]string{"--ref-sp3", accIAC, "--nav", filepath.Join(dir, "missing.rnx")}, exitRuntime, "tested source (--nav): read satellite data: open " + filepath.Join(dir, "missing.rnx")},
		{[]string{"--ref-sp3", srcSP3, "--nav", srcNav, "--systems", "beidou"}, exitRuntime, "reference (--ref-sp3): no BeiDou satellites"},
		{[]string{"--ref-sp3", accIAC, "--nav", srcNav, "--site", esbc, "--format", "csv"}, exitUsage, "a CSV holds one table: give --by site"},
		{[]string{"--ref-sp3", accIAC, "--nav", srcNav, "--by", "site"}, exitUsage, "--by site lists the user effects at sites"},
		{[]string{"--ref-sp3", accIAC, "--nav", srcNav, "--by", "orbit"}, exitUsage, `--by "orbit": want all`},
		{[]string{"--ref-sp3", accIAC, "--nav", srcNav, "--plot-kind", "pie"}, exitUsage, `--plot-kind "pie"`},
		{[]string{"--ref-sp3", accIAC, "--nav", srcNav, "-o", filepath.Join(dir, "x.png")}, exitUsage, "a table cannot be written to a PNG file"},
		{[]string{"--ref-sp3", accIAC, "--nav", srcNav, "--plot", filepath.Join(dir, "x.pdf")}, exitUsage, "--plot"},
		{[]string{"--ref-sp3", accIAC, "--nav", srcNav, "-o", filepath.Join(dir, "no", "x.csv")}, exitRuntime, "folder"},
		{[]string{"--ref-sp3", accIAC, "--nav", srcNav, "--step", "0s"}, exitUsage, "--step"},
		{[]string{"--ref-sp3", accIAC, "--nav", srcNav, "extra"}, exitUsage, `unexpected argument "extra"`},
	} {
		_, errs, code := runCLI(t, append([]string{"accuracy"}, c.args...)...)
		if code != c.code || !strings.Contains(errs, c.want) || strings.Contains(errs, "goroutine") {
			t.Errorf("gnssim accuracy %s: exit %d, want %d with %q:\n%s", strings.Join(c.args, " "), code, c.code, c.want, errs)
		}
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("files left in %s: %v", dir, ents)
	}
}

// TestAccuracyPlot: both figures are drawn, as PNG and SVG, with the
// table on standard output or in a file whose format comes from its name.
func TestAccuracyPlot(t *testing.T) {
	dir := t.TempDir()
	base := []string{"accuracy", "--ref-sp3", accIAC, "--nav", srcNav, "--start", "2020-06-25T06:00:00Z", "--duration", "6h", "--step", "5m"}
	for _, c := range []struct{ kind, file string }{{"bars", "bars.png"}, {"time", "time.svg"}, {"TIME", "time.png"}} {
		p := filepath.Join(dir, c.file)
		out, _ := run1(t, append(base, "--plot", p, "--plot-kind", c.kind, "--by", "system")...)
		if !strings.Contains(out, "per system") {
			t.Errorf("%s: no table on standard output", c.kind)
		}
		if st, err := os.Stat(p); err != nil || st.Size() < 5000 {
			t.Errorf("%s: %v", p, err)
		}
	}
	p := filepath.Join(dir, "t.txt")
	out, _ := run1(t, append(base, "-o", p, "--by", "class")...)
	b, _ := os.ReadFile(p)
	if out != "" || !strings.Contains(string(b), "per system and orbit class") {
		t.Errorf("-o t.txt: stdout %q, file %.200s", out, b)
	}
}
