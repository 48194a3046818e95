package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim/integrity"
)

// integArgs is a short run used throughout: 2 h at 30 min.
func integArgs(extra ...string) []string {
	return append([]string{"integrity", "--start", "2026-03-18T00:00:00Z", "--duration", "2h", "--step", "30m"}, extra...)
}

// integData is the folder of the integrity test inputs.
var integData = filepath.Join("testdata", "integrity")

func TestIntegrityGolden(t *testing.T) {
	for _, c := range []struct {
		golden string
		args   []string
	}{
		{"integrity_beijing.txt", integArgs("--site", "beijing", "--format", "table")},
		{"integrity_summary.csv", integArgs("--site", "beijing", "--site", "moscow", "--duration", "3h", "--summary")},
		{"integrity_moscow.json", integArgs("--site", "moscow", "--duration", "1h", "--service", "rnp-0.3", "--rule", "2012", "--format", "json")},
		{"integrity_map.txt", integArgs("--grid", "30", "--step", "1h", "--format", "table")},
		{"integrity_region.json", integArgs("--grid", "10", "--region", "20,60,100,140", "--step", "1h", "--service", "LPV-250", "--isb-sigma", "3", "--availability-threshold", "50", "--format", "json")},
		{"integrity_appendix_j.txt", []string{"integrity", "--geometry", filepath.Join(integData, "appendix-j-sky.csv"), "--ism", filepath.Join(integData, "appendix-j-ism.yaml"),
			"--systems", "gps,galileo", "--rule", "2012", "--mask", "0", "--format", "table"}},
	} {
		out, errs, code := runCLI(t, c.args...)
		if code != exitOK {
			t.Fatalf("%v: exit %d\n%s", c.args, code, errs)
		}
		golden(t, c.golden, []byte(covNormalizeVersion(out)))
	}
}

// TestIntegrityAppendixJ: the ARAIM test vector of Blanch et al. (2012),
// given as a sky file with its ISM, gives the published figures: 57 modes,
// VPL 19.7 m, HPL 14.9 m, EMT 11.8 m, σv,acc 1.47 m (protection levels to
// within the 0.05 m solver tolerance and the paper's rounding), and each
// constellation alone is unavailable (P_const 1e-4 cannot be monitored).
func TestIntegrityAppendixJ(t *testing.T) {
	out := covRunOK(t, "integrity", "--geometry", filepath.Join(integData, "appendix-j-sky.csv"), "--ism", filepath.Join(integData, "appendix-j-ism.yaml"),
		"--systems", "gps,galileo", "--rule", "2012", "--mask", "0", "--precision", "full")
	rows := readCSV(t, out)
	if len(rows) != 2 {
		t.Fatalf("%d rows", len(rows))
	}
	r := rows[1]
	col := func(name string) string { return r[colIndex(t, rows[0], name)] }
	num := func(name string) float64 {
		v, err := strconv.ParseFloat(col(name), 64)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return v
	}
	for _, c := range []struct {
		name      string
		want, tol float64
	}{{"vpl_m_gps_galileo", 19.7, 0.1}, {"hpl_m_gps_galileo", 14.9, 0.1}, {"emt_m_gps_galileo", 11.8, 0.05}, {"sigma_v_acc_m_gps_galileo", 1.47, 0.005}} {
		if v := num(c.name); math.Abs(v-c.want) > c.tol {
			t.Errorf("%s = %v, published %v", c.name, v, c.want)
		}
	}
	if col("modes_gps_galileo") != "57" || col("service_gps_galileo") != "met" || col("n_sats_gps_galileo") != "10" {
		t.Errorf("combination: %v", r)
	}
	for _, v := range []string{"gps", "galileo"} {
		if col("service_"+v) != "unavailable" || col("vpl_m_"+v) != "NaN" || !strings.Contains(col("reason_"+v), "too few satellites") {
			t.Errorf("%s alone: %s %s %s", v, col("service_"+v), col("vpl_m_"+v), col("reason_"+v))
		}
	}
}

func readCSV(t *testing.T, s string) [][]string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(s)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func colIndex(t *testing.T, head []string, name string) int {
	t.Helper()
	for i, h := range head {
		if h == name {
			return i
		}
	}
	t.Fatalf("no column %s in %v", name, head)
	return -1
}

// TestIntegrityEqualsEvaluatorOnSkyplot: the integrity of a site series
// equals the Evaluator called directly on the sky that 'gnssim skyplot'
// gives (azimuths and elevations at full precision), and a skyplot table
// given to --geometry gives the same rows as --site.
func TestIntegrityEqualsEvaluatorOnSkyplot(t *testing.T) {
	dir := t.TempDir()
	common := []string{"--start", "2026-03-18T00:00:00Z", "--duration", "3h", "--step", "45m", "--mask", "5"}
	sky := covRunOK(t, append(append([]string{"skyplot", "--site", "beijing"}, common...), "--format", "csv", "--precision", "full")...)
	series := covRunOK(t, append(append([]string{"integrity", "--site", "beijing"}, common...), "--precision", "full")...)
	skyRows, rows := readCSV(t, sky), readCSV(t, series)
	skies := map[string][2][]integrity.Sat{}
	for _, r := range skyRows[1:] {
		sys, err := ephemeris.ParseSystem(r[1])
		if err != nil {
			t.Fatal(err)
		}
		az, _ := strconv.ParseFloat(r[3], 64)
		el, _ := strconv.ParseFloat(r[4], 64)
		s := skies[r[2]]
		slot := 0
		if sys == ephemeris.BeiDou {
			slot = 1
		}
		s[slot] = append(s[slot], integrity.SatAzEl(sys, az*math.Pi/180, el*math.Pi/180))
		skies[r[2]] = s
	}
	cfg := integrity.DefaultConfig()
	ev, err := integrity.NewEvaluator(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 6 {
		t.Fatalf("%d rows", len(rows))
	}
	checked := 0
	for _, r := range rows[1:] {
		s := skies[r[1]]
		for v, name := range []string{"glonass", "beidou", "glonass_beidou"} {
			sats := s[min(v, 1)]
			if v == 2 {
				sats = append(append([]integrity.Sat(nil), s[0]...), s[1]...)
			}
			var want integrity.Result
			if err := ev.Evaluate(&want, sats); err != nil {
				t.Fatal(err)
			}
			i := colIndex(t, rows[0], "vpl_m_"+name)
			if n, _ := strconv.Atoi(r[i-2]); n != len(sats) {
				t.Fatalf("%s %s: %s satellites, skyplot shows %d", r[1], name, r[i-2], len(sats))
			}
			if !want.Available {
				if r[i] != "NaN" || r[colIndex(t, rows[0], "service_"+name)] != "unavailable" {
					t.Errorf("%s %s: %v, the evaluator says unavailable (%v)", r[1], name, r[i:i+4], want.Reason)
				}
				continue
			}
			for q, w := range []float64{want.VPLM, want.HPLM, want.EMTM, want.SigmaVAccM} {
				got, err := strconv.ParseFloat(r[i+q], 64)
				// the same satellites, azimuths and elevations through a
				// round trip: the protection-level solver may land
				// elsewhere within its 0.05 m tolerance
				if err != nil || math.Abs(got-w) > 0.05 {
					t.Errorf("%s %s column %d: %s, evaluator %v", r[1], name, q, r[i+q], w)
				}
			}
			checked++
		}
	}
	if checked < 4 {
		t.Errorf("only %d results compared", checked)
	}
	// the skyplot table as a sky file
	skyFile := filepath.Join(dir, "sky.csv")
	if err := os.WriteFile(skyFile, []byte(sky), 0o644); err != nil {
		t.Fatal(err)
	}
	fromFile := readCSV(t, covRunOK(t, "integrity", "--geometry", skyFile, "--mask", "5", "--precision", "full"))
	if len(fromFile) != len(rows) {
		t.Fatalf("%d rows from the file, %d from the site", len(fromFile), len(rows))
	}
	for k := 1; k < len(rows); k++ {
		for c := 1; c < len(rows[0]); c++ {
			a, b := rows[k][c], fromFile[k][c]
			if fa, err := strconv.ParseFloat(a, 64); err == nil && !strings.HasPrefix(rows[0][c], "n_") && !strings.HasPrefix(rows[0][c], "modes_") {
				fb, _ := strconv.ParseFloat(b, 64)
				if !(math.Abs(fa-fb) <= 0.05) && !(math.IsNaN(fa) && math.IsNaN(fb)) {
					t.Errorf("row %d %s: site %s, file %s", k, rows[0][c], a, b)
				}
			} else if a != b && rows[0][c] != "reason_glonass_beidou" && rows[0][c] != "service_glonass_beidou" {
				t.Errorf("row %d %s: site %q, file %q", k, rows[0][c], a, b)
			}
		}
	}
}

// TestIntegrityProvenance: the run object records the service, the rule,
// the ISM and user model of each system, the clock model and the ISB prior,
// and says "assumed study values" for the assumed ones.
func TestIntegrityProvenance(t *testing.T) {
	out := covRunOK(t, integArgs("--site", "beijing", "--duration", "30m", "--isb-sigma", "3", "--service", "LPV-250", "--format", "json")...)
	var doc struct {
		Run struct {
			Clock      string   `json:"clock"`
			ISBSigmaNS float64  `json:"isb_sigma_ns"`
			Notes      []string `json:"assumptions"`
			Parameters struct {
				Integrity struct {
					Service struct {
						Name    string   `json:"name"`
						VALM    float64  `json:"val_m"`
						EMTMaxM *float64 `json:"emt_max_m"`
					} `json:"service"`
					Rule      string  `json:"rule"`
					Clock     string  `json:"clock"`
					ISBSigmaM float64 `json:"isb_sigma_m"`
					Systems   []struct {
						System    string  `json:"system"`
						SigmaURAM float64 `json:"sigma_ura_m"`
						Assumed   bool    `json:"assumed"`
						F1MHz     float64 `json:"user_f1_mhz"`
					} `json:"systems"`
				} `json:"integrity"`
			} `json:"parameters"`
		} `json:"run"`
		Summary []struct {
			Variant string `json:"variant"`
		} `json:"summary"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	p := doc.Run.Parameters.Integrity
	if doc.Run.Clock != "isb-prior" || doc.Run.ISBSigmaNS != 3 || p.Clock != "isb-prior" || math.Abs(p.ISBSigmaM-3*0.299792458) > 1e-15 ||
		p.Service.Name != "LPV-250" || p.Service.VALM != 50 || p.Service.EMTMaxM != nil || p.Rule != "add" ||
		len(p.Systems) != 2 || p.Systems[0].System != "glonass" || p.Systems[0].SigmaURAM != 2 || !p.Systems[0].Assumed || p.Systems[0].F1MHz != 1600.995 {
		t.Errorf("run %+v", doc.Run)
	}
	if len(doc.Run.Notes) != 4 || !strings.Contains(doc.Run.Notes[0], "GLONASS ISM: assumed study values") {
		t.Errorf("assumptions %q", doc.Run.Notes)
	}
	if len(doc.Summary) != 3 || doc.Summary[2].Variant != "glonass+beidou" {
		t.Errorf("summary %+v", doc.Summary)
	}
	// the ISB prior changes the numbers: a common clock, and per-system clocks, differ from it
	vpl := func(args ...string) string {
		rows := readCSV(t, covRunOK(t, integArgs(append([]string{"--site", "beijing", "--duration", "30m", "--precision", "full"}, args...)...)...))
		return rows[1][colIndex(t, rows[0], "vpl_m_glonass_beidou")]
	}
	prior, common, per := vpl("--isb-sigma", "3"), vpl("--clock", "common"), vpl()
	if prior == common || prior == per || common == per {
		t.Errorf("VPL with the ISB prior %s, common clock %s, per-system clocks %s", prior, common, per)
	}
	// a GPS-only run carries no assumed ISM
	gps := covRunOK(t, integArgs("--site", "beijing", "--duration", "30m", "--systems", "gps", "--format", "json")...)
	if strings.Contains(gps, "assumed study values") || !strings.Contains(gps, "WG-C ARAIM TSG baseline ISM") {
		t.Errorf("GPS run mentions assumed values or lacks its ISM source")
	}
}

// TestIntegrityPlots: the figures are written, one per site, and their
// captions state the service, the ISM and the assumed study values.
func TestIntegrityPlots(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "pl.svg")
	covRunOK(t, integArgs("--site", "beijing", "--site", "Pole=90,0", "-o", filepath.Join(dir, "x.csv"), "--plot", p)...)
	for _, f := range []string{"pl-beijing.svg", "pl-pole.svg"} {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range []string{"ARAIM LPV-200", "VAL 35 m", "HAL 40 m", "ADD fault-mode rule", "GLONASS: ISM", "σURA 2 m", "assumed study values", "airborne model"} {
			if !bytes.Contains(data, []byte(w)) {
				t.Errorf("%s lacks %q", f, w)
			}
		}
	}
	m := filepath.Join(dir, "map.png")
	covRunOK(t, integArgs("--grid", "30", "-o", filepath.Join(dir, "map.csv"), "--plot", m)...)
	if st, err := os.Stat(m); err != nil || st.Size() < 10000 {
		t.Errorf("map figure: %v", err)
	}
	ms := filepath.Join(dir, "map.svg")
	covRunOK(t, integArgs("--grid", "30", "-o", filepath.Join(dir, "map2.csv"), "--plot", ms, "--service", "rnp-0.1")...)
	data, _ := os.ReadFile(ms)
	for _, w := range []string{"RNP-0.1", "HAL 185 m", "horizontal only", "assumed study values", "of the area"} {
		if !bytes.Contains(data, []byte(w)) {
			t.Errorf("map.svg lacks %q", w)
		}
	}
}

// TestIntegrityShardsMerge: shards merged give the single run's bytes
// (table and figure), for any number of shards; mismatched sets are
// refused naming the field; coverage and integrity shards do not mix.
func TestIntegrityShardsMerge(t *testing.T) {
	dir := t.TempDir()
	args := integArgs("--grid", "20", "--region", "-70,70,-40,120", "--step", "1h", "--service", "LPV-250", "--availability-threshold", "40")
	single := filepath.Join(dir, "single.csv")
	singlePlot := filepath.Join(dir, "single.svg")
	covRunOK(t, append(args, "-o", single, "--plot", singlePlot, "--precision", "full")...)
	want, _ := os.ReadFile(single)
	wantPlot, _ := os.ReadFile(singlePlot)
	shards := func(n int, extra ...string) []string {
		var files []string
		for i := 0; i < n; i++ {
			f := filepath.Join(dir, "n"+strconv.Itoa(n)+"-"+strconv.Itoa(i)+strings.Join(extra, "")+".json")
			covRunOK(t, append(append(args, extra...), "--shard", strconv.Itoa(i)+"/"+strconv.Itoa(n), "-o", f)...)
			files = append(files, f)
		}
		return files
	}
	for _, n := range []int{1, 3, 8} {
		files := shards(n)
		out, outPlot := filepath.Join(dir, "merged.csv"), filepath.Join(dir, "merged.svg")
		covRunOK(t, append(append([]string{"merge"}, files...), "-o", out, "--plot", outPlot, "--precision", "full")...)
		got, _ := os.ReadFile(out)
		gotPlot, _ := os.ReadFile(outPlot)
		if !bytes.Equal(got, want) || !bytes.Equal(gotPlot, wantPlot) {
			t.Errorf("%d shards: the merge differs from the single run (table equal %v, figure equal %v)", n, bytes.Equal(got, want), bytes.Equal(gotPlot, wantPlot))
		}
		// JSON too
		if n == 3 {
			j1 := covRunOK(t, append(args, "--format", "json")...)
			j2 := covRunOK(t, append(append([]string{"merge"}, files...), "--format", "json")...)
			if j1 != j2 {
				t.Errorf("merged JSON differs from the single run's")
			}
		}
	}
	three := shards(3)
	other := shards(3, "--rule", "2012")
	rnp := shards(3, "--service", "RNP-0.3")
	cov := filepath.Join(dir, "cov.json")
	covRunOK(t, "coverage", "--start", "2026-03-18T00:00:00Z", "--duration", "2h", "--step", "1h", "--grid", "20", "--shard", "0/2", "-o", cov)
	for _, c := range []struct {
		name  string
		files []string
		want  string
	}{
		{"other rule", []string{three[0], other[1], three[2]}, `does not belong with ` + three[0] + `: fault-mode rule (--rule) "2012", not "add"`},
		{"other service", []string{three[0], rnp[1], three[2]}, "does not belong with " + three[0] + ": service (--service) differs ("},
		{"missing", three[:2], "shard index 2 is missing"},
		{"mixed", []string{three[0], cov}, "is an integrity shard and"},
		{"plot quantity", append(append([]string{}, three...), "--plot-quantity", "availability"), "--plot-quantity does not apply to integrity shards"},
	} {
		_, errs, code := runCLI(t, append([]string{"merge"}, c.files...)...)
		if code == exitOK || !strings.Contains(errs, c.want) {
			t.Errorf("%s: exit %d, %s", c.name, code, errs)
		}
	}
	_, errs, _ := runCLI(t, "merge", three[0], other[1], three[2])
	if !strings.Contains(errs, "rule") {
		t.Errorf("mismatch does not name the rule: %s", errs)
	}
}

// TestIntegrityRefuses: usage errors exit 2 naming the flag; bad files
// exit 1 naming file, line and field.
func TestIntegrityRefuses(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	badISM := write("bad.yaml", "glonass:\n  sigma_ura_m: 2\n  p_sat: 2\n")
	unknownISM := write("unknown.yaml", "beidou:\n  sigma_ura: 1\n")
	head := "epoch,satellite,system,azimuth_deg,elevation_deg\n"
	twice := write("twice.csv", head+"2026-03-18T00:00:00Z,R01,glonass,10,20\n2026-03-18T00:00:00Z,R01,glonass,50,60\n")
	high := write("high.csv", head+"2026-03-18T00:00:00Z,R01,glonass,10,95\n")
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{integArgs("--site", "beijing", "--service", "CAT-III"), exitUsage, "--service"},
		{integArgs("--site", "beijing", "--rule", "2020"), exitUsage, "--rule"},
		{integArgs(), exitUsage, "give one of --site"},
		{integArgs("--site", "beijing", "--grid", "10"), exitUsage, "give one of --site"},
		{integArgs("--site", "beijing", "--region", "0,10,0,10"), exitUsage, "--region needs --grid"},
		{integArgs("--site", "beijing", "--shard", "0/2"), exitUsage, "--shard applies to maps"},
		{integArgs("--grid", "7"), exitUsage, "--grid 7"},
		{integArgs("--grid", "10", "--shard", "0/2"), exitUsage, "--shard needs -o FILE"},
		{integArgs("--grid", "10", "--shard", "0/2", "-o", filepath.Join(dir, "s.json"), "--plot", "x.png"), exitUsage, "--plot does not apply to a shard"},
		{integArgs("--grid", "10", "--summary"), exitUsage, "--summary applies to"},
		{integArgs("--site", "beijing", "--isb-sigma", "0"), exitUsage, "--isb-sigma 0"},
		{integArgs("--site", "beijing", "--isb-sigma", "3", "--clock", "common"), exitUsage, "--isb-sigma sets the isb-prior"},
		{integArgs("--site", "beijing", "--mask", "90"), exitUsage, "--mask"},
		{integArgs("--site", "beijing", "--availability-threshold", "99"), exitUsage, "--availability-threshold applies to maps"},
		{integArgs("--grid", "30", "--availability-threshold", "120"), exitUsage, "--availability-threshold 120"},
		{integArgs("--site", "beijing", "--systems", "navic"), exitUsage, "no ISM for NavIC"},
		{integArgs("--site", "beijing", "-o", "x.png"), exitUsage, "a table cannot be written"},
		{[]string{"integrity", "--geometry", twice, "--tle", "x.tle"}, exitUsage, "--tle does not apply to --geometry"},
		{[]string{"integrity", "--geometry", twice, "--duration", "2h"}, exitUsage, "--duration does not apply to --geometry"},
		{integArgs("--grid", "2", "--duration", "30d", "--step", "1m"), exitUsage, "ARAIM evaluations of work (limit 1e+08)"},
		{integArgs("--site", "beijing", "--ism", badISM), exitRuntime, "bad.yaml:3: glonass.p_sat:"},
		{integArgs("--site", "beijing", "--ism", unknownISM), exitRuntime, "unknown.yaml:2: beidou: unknown key \"sigma_ura\""},
		{integArgs("--site", "beijing", "--ism", filepath.Join(dir, "none.yaml")), exitRuntime, "--ism:"},
		{[]string{"integrity", "--geometry", twice}, exitRuntime, "twice.csv:3: satellite: satellite R01 is listed twice at epoch 2026-03-18T00:00:00Z (lines 2 and 3)"},
		{[]string{"integrity", "--geometry", high}, exitRuntime, "high.csv:2: elevation_deg: elevation 95° outside [-90, 90]"},
		{[]string{"integrity", "--geometry", filepath.Join(dir, "none.csv")}, exitRuntime, "--geometry:"},
	} {
		_, errs, code := runCLI(t, c.args...)
		if code != c.code || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d (want %d)\n%s(want %q)", c.args[1:], code, c.code, errs, c.want)
		}
	}
}

// TestIntegrityTooFewIsUnavailable: an epoch with fewer satellites than
// unknowns is reported unavailable with the reason, never a number; the
// satellites below the mask and of other systems are left out (with a note).
func TestIntegrityTooFewIsUnavailable(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "few.csv")
	os.WriteFile(f, []byte("time_utc,prn,system,az_deg,el_deg\n"+
		"2026-03-18T00:00:00Z,R01,glonass,0,40\n2026-03-18T00:00:00Z,R02,glonass,120,50\n2026-03-18T00:00:00Z,R03,glonass,240,60\n"+
		"2026-03-18T00:00:00Z,R04,glonass,300,3\n2026-03-18T00:00:00Z,G01,gps,30,30\n"), 0o644)
	out, errs, code := runCLI(t, "integrity", "--geometry", f, "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(errs, "1 rows of GPS satellites left out") {
		t.Errorf("stderr %q", errs)
	}
	for _, w := range []string{`"n_sats_glonass": 3`, `"vpl_m_glonass": null`, `"service_glonass": "unavailable"`, `"reason_glonass": "too few satellites"`,
		`"n_sats_beidou": 0`, `"service_glonass_beidou": "unavailable"`} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %s:\n%s", w, out)
		}
	}
}

// TestIntegrityArgsReproduce: the command line a job gives (commands.sh)
// is parsed back into the same job.
func TestIntegrityArgsReproduce(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		integArgs("--site", "beijing", "--site", "x=10,20,30", "--mask", "7.5", "--service", "rnp03", "--rule", "2012", "--isb-sigma", "2.5", "--summary", "-o", filepath.Join(dir, "a.txt")),
		integArgs("--grid", "15", "--region", "0,45,90,135", "--clock", "common", "--availability-threshold", "95", "--plot", filepath.Join(dir, "m.png"), "--precision", "full"),
		{"integrity", "--geometry", filepath.Join(integData, "appendix-j-sky.csv"), "--systems", "gps,galileo", "--ism", filepath.Join(integData, "appendix-j-ism.yaml")},
	} {
		var e env
		j, err := parseIntegrity(&e, args[1:])
		if err != nil {
			t.Fatal(err)
		}
		again := j.Args(periodGridForArgs())
		j2, err := parseIntegrity(&e, again[1:])
		if err != nil {
			t.Fatalf("%v: %v", again, err)
		}
		if a, b := strings.Join(again, " "), strings.Join(j2.Args(periodGridForArgs()), " "); a != b {
			t.Errorf("args do not round-trip:\n%s\n%s", a, b)
		}
	}
}

func periodGridForArgs() orbit.EpochGrid {
	return orbit.EpochGrid{Start: time.Date(2026, 3, 18, 0, 0, 0, 0, time.UTC), Step: 30 * time.Minute, N: 5}
}

// TestIntegrityScenario: a scenario's integrity output (the statistics,
// epochs and figures at the sites, the region map) is reproduced byte for
// byte by the commands of its commands.sh, and its summary quotes the
// statistics with the assumptions.
func TestIntegrityScenario(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	ism := filepath.Join(dir, "ism.yaml")
	scnWriteFile(t, ism, "glonass:\n  sigma_ura_m: 2.5\n  source: \"a study\"\n")
	src := filepath.Join(dir, "s.yaml")
	scnWriteFile(t, src, `name: araim
start: 2026-03-18T00:00:00Z
sites: [beijing, moscow]
region: {lat_min_deg: 30, lat_max_deg: 60, lon_min_deg: 90, lon_max_deg: 120, grid_deg: 15}
isb_sigma_ns: 4
outputs: [integrity, summary]
integrity: {service: lpv-250, rule: "2012", ism: ism.yaml, mask_deg: 7.5, availability_threshold_pct: 90}
`)
	if _, errs, code := runCLI(t, "run", src, "--duration", "1h", "--step", "30m", "--out", out); code != exitOK {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	files := []string{"integrity-sites.txt", "integrity-sites.csv", "integrity.csv", "integrity-beijing.png", "integrity-moscow.png", "integrity-map.csv", "integrity-map.png"}
	want := map[string][]byte{}
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(out, f))
		if err != nil {
			t.Fatal(err)
		}
		want[f] = b
		os.Remove(filepath.Join(out, f))
	}
	script := scnReadString(t, filepath.Join(out, "commands.sh"))
	for _, w := range []string{"--service LPV-250", "--rule 2012", "--ism " + ism, "--mask 7.5", "--isb-sigma 4", "--availability-threshold 90", "--summary"} {
		if !strings.Contains(script, w) {
			t.Errorf("commands.sh lacks %q:\n%s", w, script)
		}
	}
	n := 0
	for _, line := range strings.Split(script, "\n") {
		if !strings.HasPrefix(line, "gnssim ") {
			continue
		}
		args, err := scnSplitShell(strings.TrimPrefix(strings.TrimSuffix(line, " > /dev/null"), "gnssim "))
		if err != nil {
			t.Fatal(err)
		}
		if _, errs, code := runCLI(t, args...); code != exitOK {
			t.Fatalf("%s: exit %d\n%s", line, code, errs)
		}
		n++
	}
	if n != 4 {
		t.Errorf("%d commands:\n%s", n, script)
	}
	for f, b := range want {
		if got, err := os.ReadFile(filepath.Join(out, f)); err != nil || !bytes.Equal(got, b) {
			t.Errorf("%s: commands.sh did not reproduce the bytes gnssim run wrote (err %v)", f, err)
		}
	}
	sum := scnReadString(t, filepath.Join(out, "summary.md"))
	for _, w := range []string{"## ARAIM integrity at the sites", "ARAIM LPV-250", "2012 fault-mode rule", "σURA 2.5 m", "ISM values from ism.yaml",
		"assumed study values", "ARAIM availability map of GLONASS+BeiDou", "ARAIM protection levels at beijing"} {
		if !strings.Contains(sum, w) {
			t.Errorf("summary.md lacks %q", w)
		}
	}
	// without outputs: the integrity output comes with an integrity: field only
	for _, c := range []struct {
		yaml string
		want bool
	}{{"sites: [beijing]\n", false}, {"sites: [beijing]\nintegrity: {}\n", true}} {
		p := filepath.Join(dir, "d.yaml")
		scnWriteFile(t, p, c.yaml)
		script, errs, code := runCLI(t, "run", p, "--dry-run", "--duration", "1h")
		if code != exitOK || strings.Contains(script, "gnssim integrity") != c.want {
			t.Errorf("%q: exit %d, integrity in commands %v\n%s%s", c.yaml, code, !c.want, script, errs)
		}
	}
	// bad values name the file, the line and the field
	for _, c := range []struct{ yaml, want string }{
		{"sites: [beijing]\nintegrity: {service: CAT-I}\n", "d.yaml:2: field integrity.service: unknown service"},
		{"sites: [beijing]\nintegrity: {rule: 2020}\n", "d.yaml:2: field integrity.rule: want add or 2012"},
		{"sites: [beijing]\nintegrity: {mask: 5}\n", `d.yaml:2: unknown field "mask" in integrity`},
		{"sites: [beijing]\nintegrity:\n  ism: bad.yaml\n", "d.yaml:3: field integrity.ism:"},
	} {
		scnWriteFile(t, filepath.Join(dir, "bad.yaml"), "gps: {p_sat: 3}\n")
		p := filepath.Join(dir, "d.yaml")
		scnWriteFile(t, p, c.yaml)
		_, errs, code := runCLI(t, "run", p, "--dry-run")
		if code == exitOK || !strings.Contains(errs, c.want) {
			t.Errorf("%q: exit %d, %s", c.yaml, code, errs)
		}
	}
}
