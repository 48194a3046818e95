package main

import (
	"bytes"
	"encoding/json"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim/spectrum"
)

// A fixed period on the built-in snapshot, so that the goldens do not
// depend on the default start.
var specPeriod = []string{"--start", "2026-03-18T06:00:00Z"}

func specNum(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("number %q: %v", s, err)
	}
	return v
}

func TestSpectrumListGolden(t *testing.T) {
	out, _ := cmpRun(t, exitOK, "spectrum", "list")
	golden(t, "spectrum_list.txt", []byte(out))
	csvOut, _ := cmpRun(t, exitOK, "spectrum", "list", "--format", "csv")
	golden(t, "spectrum_list.csv", []byte(csvOut))
	head, rows := cmpReadCSV(t, csvOut)
	if len(rows) != len(spectrum.Catalogue()) || !strings.Contains(strings.Join(head, ","), "components,part_of,aliases,source,note") {
		t.Fatalf("catalogue CSV: %d rows, header %v", len(rows), head)
	}
	uncertain := 0
	for _, r := range rows {
		if r["uncertain"] == "yes" {
			uncertain++
			if r["system"] != "glonass" || r["note"] == "" {
				t.Errorf("uncertain %s %s without a note", r["system"], r["signal"])
			}
		}
	}
	if uncertain != 5 {
		t.Errorf("%d uncertain signals, want the 5 GLONASS ones", uncertain)
	}
	js, _ := cmpRun(t, exitOK, "spectrum", "list", "--format", "json")
	var doc struct {
		Run     map[string]any   `json:"run"`
		Signals []map[string]any `json:"signals"`
	}
	if err := json.Unmarshal([]byte(js), &doc); err != nil || len(doc.Signals) != len(rows) || doc.Run["assumptions"] == nil {
		t.Fatalf("JSON: %v, %d signals, run %v", err, len(doc.Signals), doc.Run)
	}
}

// TestSpectrumSSCPair: generic modulations reproduce Ávila-Rodríguez
// (2008) Table 5.3 (30.69 MHz transmit, 24 MHz receiver bands) through the
// command line; bands that do not meet say "no overlap", never a number.
func TestSpectrumSSCPair(t *testing.T) {
	table := []struct {
		v, i string
		want float64
	}{
		{"BPSK(1)", "BPSK(1)", -61.8008},
		{"BPSK(1)", "BOC(1,1)", -67.7619},
		{"BOC(1,1)", "BOC(1,1)", -64.6921},
		{"MBOC(6,1,1/11)", "MBOC(6,1,1/11)", -65.3483},
		{"BPSK(1)", "MBOC(6,1,1/11)", -68.0983},
	}
	for _, tc := range table {
		out, _ := cmpRun(t, exitOK, "spectrum", "ssc", "--victim", tc.v+"@1575.42MHz/30.69MHz", "--interferer", tc.i+"@1575.42/30.69",
			"--rx-bandwidth", "24", "--format", "csv", "--precision", "full")
		_, rows := cmpReadCSV(t, out)
		if got := specNum(t, rows[0]["ssc_db_hz"]); math.Abs(got-tc.want) > 1e-4 || rows[0]["overlap"] != "overlap" {
			t.Errorf("%s ← %s: %v dB-Hz, table %v", tc.v, tc.i, got, tc.want)
		}
		if eb := specNum(t, rows[0]["error_bound_db"]); !(eb > 0 && eb < 1e-9) {
			t.Errorf("%s ← %s: error bound %v dB", tc.v, tc.i, eb)
		}
	}
	out, _ := cmpRun(t, exitOK, "spectrum", "ssc", "B1I", "L1OF:-7")
	if !strings.Contains(out, "no overlap (the bands share no interval)") || strings.Contains(out, "dB-Hz\n") {
		t.Errorf("B1I ← L1OF:\n%s", out)
	}
	out, _ = cmpRun(t, exitOK, "spectrum", "ssc", "B1I", "L1OF", "--format", "json")
	if !strings.Contains(out, `"overlap": "no overlap", "ssc_db_hz": null`) {
		t.Errorf("JSON of no overlap:\n%s", out)
	}
	// An FDMA pair on adjacent channels equals the library's κ.
	out, _ = cmpRun(t, exitOK, "spectrum", "ssc", "GLONASS L1OF:-7", "l1of:-6", "--format", "csv", "--precision", "full")
	_, rows := cmpReadCSV(t, out)
	l1of, _ := spectrum.Lookup("L1OF")
	k, _ := spectrum.SignalKappa(l1of, -7, l1of, -6, 0)
	if got := specNum(t, rows[0]["ssc_db_hz"]); got != k.DBHz() || rows[0]["victim_carrier_mhz"] != "1598.0625" {
		t.Errorf("L1OF −7 ← −6: %v (%s MHz), want %v", got, rows[0]["victim_carrier_mhz"], k.DBHz())
	}
}

// TestSpectrumSSCMatrix: the matrix of the catalogue, every pair once,
// equals spectrum.NewMatrix; the text form says "no overlap".
func TestSpectrumSSCMatrix(t *testing.T) {
	out, _ := cmpRun(t, exitOK, "spectrum", "ssc", "--matrix", "--format", "csv", "--precision", "full")
	_, rows := cmpReadCSV(t, out)
	m, err := spectrum.NewMatrix(nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := len(m.Signals)
	if len(rows) != n*n {
		t.Fatalf("%d rows, want %d", len(rows), n*n)
	}
	noOverlap := 0
	for r, row := range rows {
		k := m.SSC[r/n][r%n]
		if !k.Overlap {
			noOverlap++
			if row["overlap"] != "no overlap" || row["ssc_db_hz"] != "" {
				t.Errorf("row %d: %v", r, row)
			}
			continue
		}
		if got := specNum(t, row["ssc_db_hz"]); got != k.DBHz() {
			t.Errorf("%s ← %s: %v, NewMatrix %v", row["victim"], row["interferer"], got, k.DBHz())
		}
	}
	if noOverlap == 0 {
		t.Error("no pair without overlap")
	}
	golden(t, "spectrum_ssc_matrix.csv", []byte(strings.ReplaceAll(mustRun(t, "spectrum", "ssc", "--matrix", "--format", "csv"), "\r", "")))
	txt := mustRun(t, "spectrum", "ssc", "--matrix", "--signals", "B1I,B1C,L1CA,E1,L1OF", "--fdma-channel", "-7")
	for _, want := range []string{"L1OF k=-7", "no overlap", "-65.36", "GLONASS L1OF k=-7"} {
		if !strings.Contains(txt, want) {
			t.Errorf("text matrix lacks %q:\n%s", want, txt)
		}
	}
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	out, _ := cmpRun(t, exitOK, args...)
	return out
}

// TestSpectrumPSD: the L1 and L5 figures as PNG and SVG, the table of a
// narrow band (golden), and the received scale.
func TestSpectrumPSD(t *testing.T) {
	dir := t.TempDir()
	for _, band := range []string{"L1", "L5", "e6", "L2"} {
		p := filepath.Join(dir, band+".png")
		cmpRun(t, exitOK, "spectrum", "psd", "--band", band, "--plot", p)
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		// 24×13 cm at 150 dpi.
		if b := img.Bounds(); b.Dx() != 1417 || b.Dy() != 768 {
			t.Errorf("%s: %v", band, b)
		}
	}
	svg := filepath.Join(dir, "l1.svg")
	cmpRun(t, exitOK, "spectrum", "psd", "--band", "L1", "--scale", "received", "--power", "B1C=-155", "--plot", svg)
	data, _ := os.ReadFile(svg)
	for _, want := range []string{"GLONASS L1OF (k = -7…+6)", "BeiDou B1C", "Galileo E1", "GPS L1CA", "N0 -201.5 dBW/Hz", "received PSD (dBW/Hz)"} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	out := mustRun(t, "spectrum", "psd", "--band", "1559-1564", "--signals", "B1I,BPSK(2)@1561.098/4.092", "--step-mhz", "0.25")
	golden(t, "spectrum_psd_b1i.csv", []byte(out))
	_, rows := cmpReadCSV(t, out)
	// 1559.25 … 1563.00 MHz inside the B1I band 1559.052–1563.144 MHz.
	if len(rows) != 2*16 || rows[0]["freq_mhz"] != "1559.2500" || rows[15]["freq_mhz"] != "1563.0000" {
		t.Fatalf("%d rows from %s", len(rows), rows[0]["freq_mhz"])
	}
	// The catalogue's B1I is the generic BPSK(2) over the same band.
	for i := 0; i < 16; i++ {
		if rows[i]["psd_db_hz"] != rows[16+i]["psd_db_hz"] || rows[i]["psd_db_hz"] == "" {
			t.Errorf("%s MHz: B1I %s, BPSK(2) %s", rows[i]["freq_mhz"], rows[i]["psd_db_hz"], rows[16+i]["psd_db_hz"])
		}
	}
}

// skyRow is one satellite of `gnssim skyplot` at one epoch.
type skyRow struct {
	prn string
	sys ephemeris.System
}

// TestSpectrumCN0EqualsEvaluatorOnSkyplot: one epoch of the series at
// Beijing equals spectrum.Evaluator.Degradation called by hand on the
// satellites `gnssim skyplot` lists at that epoch (mask 0°, every
// system), with the GLONASS channels `gnssim catalog` lists: for every
// victim signal, the worst victim satellite's self, intra-system,
// inter-system and total parts.
func TestSpectrumCN0EqualsEvaluatorOnSkyplot(t *testing.T) {
	period := append(specPeriod, "--duration", "0")
	sky := mustRun(t, append([]string{"skyplot", "--site", "beijing", "--systems", "all", "--mask", "0", "--format", "csv"}, period...)...)
	_, skyRows := cmpReadCSV(t, sky)
	cat := mustRun(t, "catalog", "--systems", "all", "--format", "csv")
	_, catRows := cmpReadCSV(t, cat)
	channel := map[string]int{}
	for _, r := range catRows {
		if r["system"] == "glonass" && r["prn"] != "" && r["glonass_channel"] != "" {
			channel[r["prn"]] = int(specNum(t, r["glonass_channel"]))
		}
	}
	series := mustRun(t, append([]string{"spectrum", "cn0", "--site", "beijing", "--series", "--format", "csv", "--precision", "full"}, period...)...)
	_, rows := cmpReadCSV(t, series)

	e, err := spectrum.NewEvaluator(nil, spectrum.EvaluatorOptions{})
	if err != nil {
		t.Fatal(err)
	}
	type inst struct {
		owner string
		sig   string
		it    spectrum.Interferer
	}
	var insts []inst
	var sats []skyRow
	for _, r := range skyRows {
		sys, err := ephemeris.ParseSystem(r["system"])
		if err != nil {
			t.Fatal(err)
		}
		sats = append(sats, skyRow{r["prn"], sys})
		tx := sys
		if sys == ephemeris.QZSS {
			tx = ephemeris.GPS
		}
		for _, s := range spectrum.Interferers(tx) {
			ch, ok := channel[r["prn"]]
			if s.IsFDMA() && !ok {
				t.Fatalf("%s has no channel", r["prn"])
			}
			k, err := e.Key(s.Name, ch)
			if err != nil {
				t.Fatal(err)
			}
			insts = append(insts, inst{r["prn"], s.Name, spectrum.Interferer{Key: k, PowerDBW: s.MinPowerDBW, System: sys}})
		}
	}
	if n := specNum(t, rows[0]["n_visible"]); int(n) != len(sats) {
		t.Fatalf("spectrum cn0 sees %v satellites, skyplot %d", n, len(sats))
	}
	if len(rows) != 19 {
		t.Fatalf("%d victims, want 19", len(rows))
	}
	for _, row := range rows {
		sig, err := spectrum.Lookup(row["victim"])
		if err != nil {
			t.Fatal(err)
		}
		prn := row["worst_prn"]
		var vsys ephemeris.System
		nv := 0
		for _, s := range sats {
			if s.sys == sig.System {
				nv++
			}
			if s.prn == prn {
				vsys = s.sys
			}
		}
		if vsys != sig.System || int(specNum(t, row["n_victims"])) != nv {
			t.Fatalf("%s: worst %s (%v), %s victims; skyplot has %d of %v", sig.Name, prn, vsys, row["n_victims"], nv, sig.System)
		}
		key, _ := e.Key(sig.Name, channel[prn])
		var others []spectrum.Interferer
		for _, in := range insts {
			if in.owner == prn && (in.sig == sig.Name || in.sig == sig.PartOf) {
				continue // the victim's own instance (E5a/E5b: its E5)
			}
			others = append(others, in.it)
		}
		d, err := e.Degradation(key, vsys, others, spectrum.DefaultN0DBWHz)
		if err != nil {
			t.Fatal(err)
		}
		parts := map[string]float64{"intra_db": d.IntraDB, "inter_db": d.InterDB, "total_db": d.TotalDB}
		if sig.PartOf == "" {
			parts["self_db"] = d.SelfDB
		}
		for col, want := range parts {
			if got := specNum(t, row[col]); math.Abs(got-want) > 1e-9 {
				t.Errorf("%s (worst %s): %s %.12f, by hand %.12f", sig.Name, prn, col, got, want)
			}
		}
		if worst, mean := specNum(t, row["total_db"]), specNum(t, row["mean_total_db"]); !(mean <= worst+1e-12 && mean > 0) {
			t.Errorf("%s: mean %v, worst %v", sig.Name, mean, worst)
		}
	}
}

// TestSpectrumCN0GainAndPower: a constant +3 dB gain table multiplies
// every interference power by 10^0.3, so 10^(ΔC/N0/10) − 1 scales by
// exactly that; --power of the only interferer follows the closed form.
func TestSpectrumCN0GainAndPower(t *testing.T) {
	dir := t.TempDir()
	gt := filepath.Join(dir, "gain.txt")
	if err := os.WriteFile(gt, []byte("# elevation_deg offset_db\n0 3\n90 3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	base := append([]string{"spectrum", "cn0", "--site", "moscow", "--duration", "1h", "--step", "30m", "--series", "--format", "csv", "--precision", "full", "--victim", "B1C,L1OF"}, specPeriod...)
	_, a := cmpReadCSV(t, mustRun(t, base...))
	_, b := cmpReadCSV(t, mustRun(t, append(base, "--gain-table", gt)...))
	lin := func(db float64) float64 { return math.Pow(10, db/10) - 1 }
	for i := range a {
		for _, col := range []string{"intra_db", "inter_db", "total_db"} {
			x, y := lin(specNum(t, a[i][col])), lin(specNum(t, b[i][col]))
			if math.Abs(y-x*math.Pow(10, 0.3)) > 1e-9*math.Max(y, 1e-12) {
				t.Errorf("row %d %s: %v with +3 dB, %v without (ratio %v)", i, col, y, x, y/x)
			}
		}
	}
	// BeiDou B2b degraded only by GLONASS L3OC: with --power L3OC=-150,
	// the inter-system part scales by 10^0.8 over the −158 dBW default.
	b2b := append([]string{"spectrum", "cn0", "--site", "moscow", "--duration", "0", "--series", "--format", "csv", "--precision", "full", "--victim", "B2b", "--systems", "glonass,beidou"}, specPeriod...)
	_, c := cmpReadCSV(t, mustRun(t, b2b...))
	_, d := cmpReadCSV(t, mustRun(t, append(b2b, "--power", "L3OC=-150")...))
	if x, y := lin(specNum(t, c[0]["inter_db"])), lin(specNum(t, d[0]["inter_db"])); math.Abs(y/x-math.Pow(10, 0.8)) > 1e-9 {
		t.Errorf("B2b inter-system: %v at −158 dBW, %v at −150 (ratio %v)", x, y, y/x)
	}
	// Without the GLONASS CDMA signals nothing of GLONASS reaches B2b.
	_, f := cmpReadCSV(t, mustRun(t, append(b2b, "--signals", "L1OF,L2OF,B1I,B1C,B2a,B2b,B3I")...))
	if f[0]["inter_db"] != "0" {
		t.Errorf("B2b without L3OC: inter %s", f[0]["inter_db"])
	}
}

// TestSpectrumCN0Outputs: the summary golden, the provenance, the figure
// of a site, the map and its figure.
func TestSpectrumCN0Outputs(t *testing.T) {
	dir := t.TempDir()
	args := append([]string{"spectrum", "cn0", "--site", "beijing", "--site", "moscow", "--duration", "2h", "--step", "30m", "--systems", "glonass,beidou", "--format", "csv"}, specPeriod...)
	golden(t, "spectrum_cn0_summary.csv", []byte(mustRun(t, args...)))
	js := mustRun(t, append(args[:len(args)-4:len(args)-4], append([]string{"--format", "json", "--n0", "-204", "--rx-bandwidth", "B1C=16", "--power", "B1I=-160", "--victim", "B1C,B1I,L1OF", "--mask", "5"}, specPeriod...)...)...)
	var doc struct {
		Run struct {
			Params map[string]any `json:"parameters"`
			Notes  []string       `json:"assumptions"`
			Mask   map[string]any `json:"mask"`
		} `json:"run"`
		Rows []map[string]any `json:"rows"`
	}
	if err := json.Unmarshal([]byte(js), &doc); err != nil {
		t.Fatal(err)
	}
	p := doc.Run.Params
	if p["n0_dbw_hz"] != -204.0 || p["rx_bandwidth_mhz"].(map[string]any)["B1C"] != 16.0 || p["received_power_dbw"].(map[string]any)["B1I"] != -160.0 ||
		doc.Run.Mask["elevation_deg"] != 5.0 || len(doc.Rows) != 6 {
		t.Errorf("provenance %v, mask %v, %d rows", p, doc.Run.Mask, len(doc.Rows))
	}
	if !strings.Contains(strings.Join(doc.Run.Notes, "\n"), "N0 = -204 dBW/Hz (--n0)") {
		t.Errorf("assumptions %q", doc.Run.Notes)
	}
	// Figures: one per site.
	plotPath := filepath.Join(dir, "cn0.png")
	cmpRun(t, exitOK, append(args, "--plot", plotPath, "-o", filepath.Join(dir, "s.csv"))...)
	for _, f := range []string{"cn0-beijing.png", "cn0-moscow.png", "s.csv"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	// The map: a 30° grid, its table (golden) and figure.
	mapArgs := append([]string{"spectrum", "cn0", "--grid", "30", "--victim", "B1C", "--duration", "1h", "--step", "30m"}, specPeriod...)
	out := mustRun(t, append(mapArgs, "--plot", filepath.Join(dir, "map.svg"), "--plot-quantity", "worst")...)
	golden(t, "spectrum_cn0_map.csv", []byte(out))
	_, cells := cmpReadCSV(t, out)
	if len(cells) != 6*12 {
		t.Fatalf("%d cells", len(cells))
	}
	svg, _ := os.ReadFile(filepath.Join(dir, "map.svg"))
	if !bytes.Contains(svg, []byte("worst ΔC/N0 of BeiDou B1C")) {
		t.Error("map SVG lacks its title")
	}
	// The map's cell equals the series at its centre.
	_, site := cmpReadCSV(t, mustRun(t, append([]string{"spectrum", "cn0", "--site", "c=15,-165,0", "--victim", "B1C", "--duration", "1h", "--step", "30m", "--format", "csv", "--precision", "full"}, specPeriod...)...))
	full := mustRun(t, append(mapArgs, "--precision", "full")...)
	_, fcells := cmpReadCSV(t, full)
	for _, c := range fcells {
		if c["lat_deg"] == "15" && c["lon_deg"] == "-165" {
			if c["mean_total_db"] != site[0]["mean_total_db"] || c["worst_total_db"] != site[0]["worst_total_db"] {
				t.Errorf("cell %v, site %v", c, site[0])
			}
		}
	}
}

// TestSpectrumBadInput: bad command lines exit 2 naming the flag or the
// argument; a bad gain-table file exits 1 with file:line and the field;
// outputs are checked before any work (a missing folder exits 1, as in
// every command).
func TestSpectrumBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad-gain.txt")
	os.WriteFile(bad, []byte("0 1\n30 x\n"), 0o644)
	dec := filepath.Join(dir, "dec-gain.txt")
	os.WriteFile(dec, []byte("30 1\n10 2\n"), 0o644)
	cn0 := func(a ...string) []string {
		return append(append([]string{"spectrum", "cn0", "--site", "beijing", "--duration", "0"}, specPeriod...), a...)
	}
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"spectrum"}, exitUsage, "want a subcommand"},
		{[]string{"spectrum", "nope"}, exitUsage, "unknown subcommand"},
		{[]string{"spectrum", "ssc", "X9", "B1C"}, exitUsage, `ssc VICTIM: invalid signal "X9": unknown signal`},
		{[]string{"spectrum", "ssc", "B1C", "BOC(1)"}, exitUsage, `INTERFERER: invalid signal "BOC(1)": invalid modulation "BOC(1)": BOC takes 2 arguments`},
		{[]string{"spectrum", "ssc", "BPSK(-2)@1575.42/20", "B1C"}, exitUsage, "chip rate n=-2"},
		{[]string{"spectrum", "ssc", "BOC(1,1)@1575.42/0", "B1C"}, exitUsage, "transmit bandwidth 0 MHz must be > 0"},
		{[]string{"spectrum", "ssc", "B1C", "L1CA", "--rx-bandwidth", "0"}, exitUsage, `--rx-bandwidth "0": the bandwidth must be > 0 MHz`},
		{[]string{"spectrum", "ssc", "B1C", "L1CA", "--rx-bandwidth", "-3"}, exitUsage, "must be > 0 MHz"},
		{[]string{"spectrum", "ssc", "B1I", "L1CA", "--rx-bandwidth", "10"}, exitUsage, "--rx-bandwidth: receiver bandwidth 10 MHz of BeiDou B1I is wider than its 4.092 MHz transmit band"},
		{[]string{"spectrum", "ssc", "B1C", "L1CA", "--rx-bandwidth", "L5=10"}, exitUsage, "L5 is not the victim"},
		{[]string{"spectrum", "ssc", "B1C:1", "L1CA"}, exitUsage, "CDMA signal"},
		{[]string{"spectrum", "ssc", "B1C"}, exitUsage, "want VICTIM and INTERFERER"},
		{[]string{"spectrum", "ssc", "--matrix", "--fdma-channel", "9"}, exitUsage, "--fdma-channel 9"},
		{[]string{"spectrum", "ssc", "--matrix", "--signals", "B1C,Q7"}, exitUsage, `--signals: invalid signal "Q7"`},
		{[]string{"spectrum", "psd", "--band", "X5", "--plot", filepath.Join(dir, "a.png")}, exitUsage, `--band "X5"`},
		{[]string{"spectrum", "psd", "--band", "L1"}, exitUsage, "--plot FILE.png|.svg is required"},
		{[]string{"spectrum", "psd", "--band", "L1", "--plot", filepath.Join(dir, "a.pdf")}, exitUsage, ".png or .svg"},
		{[]string{"spectrum", "psd", "--signals", "BOC(1,1)@1575.42/30", "--scale", "received", "--plot", filepath.Join(dir, "a.png")}, exitUsage, "generic modulation with no received power"},
		{[]string{"spectrum", "psd", "--power", "B1C=-150", "--plot", filepath.Join(dir, "a.png")}, exitUsage, "--power applies with --scale received"},
		{[]string{"spectrum", "psd", "--format", "csv", "--step-mhz", "0"}, exitUsage, "--step-mhz 0"},
		{cn0("--victim", "X7"), exitUsage, `--victim: invalid signal "X7"`},
		{cn0("--victim", "B1C", "--systems", "glonass"), exitUsage, "--victim B1C: no BeiDou satellites are loaded"},
		{cn0("--victim", "L1C", "--signals", "L1CA"), exitUsage, "--victim L1C: L1C is not transmitted"},
		{cn0("--signals", "E5a"), exitUsage, "receiver's view of E5"},
		{cn0("--signals", "BOC(1,1)@1575.42/30"), exitUsage, "not a generic modulation"},
		{cn0("--rx-bandwidth", "B1I=8"), exitUsage, "wider than its 4.092 MHz transmit band"},
		{cn0("--rx-bandwidth", "B1I=0"), exitUsage, "must be > 0 MHz"},
		{cn0("--rx-bandwidth", "B1I=2", "--victim", "B1C"), exitUsage, "B1I is not a victim"},
		{cn0("--power", "B1C"), exitUsage, "want SIGNAL=DBW"},
		{cn0("--power", "B1C=-20"), exitUsage, "outside [-250, -100] dBW"},
		{cn0("--n0", "-120"), exitUsage, "--n0 -120"},
		{cn0("--mask", "95"), exitUsage, "--mask"},
		{cn0("--gain-table", bad), exitRuntime, "bad-gain.txt:2: offset \"x\" is not a number"},
		{cn0("--gain-table", dec), exitRuntime, "dec-gain.txt:2: elevation 10° not above the previous 30°"},
		{cn0("--gain-table", filepath.Join(dir, "missing.txt")), exitRuntime, "missing.txt"},
		{cn0("--grid", "5"), exitUsage, "--site and --grid exclude each other"},
		{[]string{"spectrum", "cn0", "--grid", "5"}, exitUsage, "give --victim SIGNAL"},
		{[]string{"spectrum", "cn0", "--grid", "7", "--victim", "B1C"}, exitUsage, "--grid 7"},
		{[]string{"spectrum", "cn0", "--grid", "5", "--victim", "B1C", "--plot-quantity", "best"}, exitUsage, `--plot-quantity "best"`},
		{[]string{"spectrum", "cn0"}, exitUsage, "give --site SITE"},
		{cn0("-o", filepath.Join(dir, "missing", "x.csv")), exitRuntime, "missing does not exist"},
		{cn0("-o", filepath.Join(dir, "x.png")), exitUsage, "a table cannot be written to a PNG file"},
		{cn0("-o", filepath.Join(dir, "same.csv"), "--plot", filepath.Join(dir, "same.csv")), exitUsage, ".png or .svg"},
		{[]string{"spectrum", "list", "-o", filepath.Join(dir, "nodir", "l.txt")}, exitRuntime, "nodir does not exist"},
		{[]string{"spectrum", "psd", "--plot", filepath.Join(dir, "p.svg"), "-o", filepath.Join(dir, "p.svg")}, exitUsage, "a table cannot be written to a SVG file"},
		{[]string{"spectrum", "cn0", "--grid", "0.1", "--victim", "B1C", "--step", "1s"}, exitUsage, "add --force"},
	}
	for _, tc := range cases {
		_, errs, code := runCLI(t, tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.want) {
			t.Errorf("gnssim %s: exit %d, stderr %q; want exit %d and %q", strings.Join(tc.args, " "), code, errs, tc.code, tc.want)
		}
	}
}

// TestSpectrumNoChannel: GLONASS satellites without a known FDMA channel
// (spares) are named in a warning and left out of L1OF, not of L1OC.
func TestSpectrumNoChannel(t *testing.T) {
	args := append([]string{"spectrum", "cn0", "--site", "moscow", "--duration", "0", "--systems", "glonass", "--victim", "L1OF,L1OC", "--series", "--format", "csv"}, specPeriod...)
	_, errs := cmpRun(t, exitOK, append(args, "--include-nonoperational")...)
	if !strings.Contains(errs, "without a known FDMA channel") || !strings.Contains(errs, "their L1OF/L2OF are left out") {
		t.Errorf("stderr %q", errs)
	}
	_, plain := cmpRun(t, exitOK, args...)
	if strings.Contains(plain, "FDMA channel") {
		t.Errorf("operational satellites only: %q", plain)
	}
}

func TestSpectrumHelp(t *testing.T) {
	out := mustRun(t, "spectrum", "--help")
	for _, want := range []string{"list", "ssc", "psd", "cn0", "BOC(1,1)@1575.42/30.69"} {
		if !strings.Contains(out, want) {
			t.Errorf("spectrum --help lacks %q", want)
		}
	}
	for _, sub := range []string{"list", "ssc", "psd", "cn0"} {
		out := mustRun(t, "spectrum", sub, "--help")
		if !strings.Contains(out, "Example:") {
			t.Errorf("spectrum %s --help:\n%s", sub, out)
		}
	}
	cn0 := mustRun(t, "spectrum", "cn0", "--help")
	for _, want := range []string{`(default "all")`, `--mask float`, "(default 0 here", "-201.5", "--gain-table", "Uncertain catalogue values", "fully modernised"} {
		if !strings.Contains(cn0, want) {
			t.Errorf("spectrum cn0 --help lacks %q", want)
		}
	}
}

// TestSpectrumArgsRoundTrip: each job's Args parse back into the same job
// (what scenarios write into commands.sh).
func TestSpectrumArgsRoundTrip(t *testing.T) {
	e := &env{stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}}
	grid := orbit.EpochGrid{Start: time.Date(2026, 3, 18, 6, 0, 0, 0, time.UTC), Step: time.Minute, N: 61}
	cases := [][]string{
		{"ssc", "B1C", "L1OF:-7", "--rx-bandwidth", "16", "--format", "csv"},
		{"ssc", "--matrix", "--signals", "B1C,BOC(1,1)@1575.42/30", "--fdma-channel", "2", "--rx-bandwidth", "B1C=20"},
		{"psd", "--band", "L5", "--plot", "x.png", "--scale", "received", "--power", "B2a=-150", "--n0", "-204", "-o", "x.csv"},
		{"cn0", "--site", "beijing", "--site", "x=10,20,30", "--victim", "B1C,L1OF", "--signals", "L1OF,B1C", "--power", "B1C=-156", "--n0", "-203",
			"--rx-bandwidth", "B1C=10", "--gain-table", "g.txt", "--series", "--mask", "5", "--start", "2026-03-18T06:00:00Z", "--duration", "1h", "--step", "1m", "--force"},
		{"cn0", "--grid", "5", "--region", "0,30,100,130", "--victim", "B1C", "--plot", "m.png", "--plot-quantity", "worst", "--start", "2026-03-18T06:00:00Z"},
	}
	parse := func(a []string) runner {
		t.Helper()
		var j runner
		var err error
		switch a[0] {
		case "ssc":
			j, err = parseSpectrumSSC(e, a[1:])
		case "psd":
			j, err = parseSpectrumPSD(e, a[1:])
		case "cn0":
			j, err = parseSpectrumCN0(e, a[1:])
		}
		if err != nil {
			t.Fatalf("%v: %v", a, err)
		}
		return j
	}
	for _, a := range cases {
		j := parse(a)
		// Args always writes --duration: a job that took the default reads
		// back as one that was given it (the same period; the test grid
		// is not the job's, so it must not end the period early).
		if v := reflect.ValueOf(j).Elem().FieldByName("Period"); v.IsValid() {
			v.FieldByName("DurationDefault").SetBool(false)
		}
		args := j.(interface {
			Args(orbit.EpochGrid) []string
		}).Args(grid)
		if args[0] != "spectrum" {
			t.Fatalf("Args %v", args)
		}
		again := parse(args[1:])
		if !reflect.DeepEqual(j, again) {
			t.Errorf("%v\n→ %v\n%+v\n≠ %+v", a, args, j, again)
		}
	}
	list, _ := parseSpectrumList(e, []string{"--format", "json"})
	if got := strings.Join(list.Args(grid), " "); got != "spectrum list --format json" {
		t.Errorf("list Args %q", got)
	}
}

// TestSpectrumCN0Sources: the sky can come from broadcast navigation
// (GLONASS channels from the file) or precise orbits (no channels: said).
func TestSpectrumCN0Sources(t *testing.T) {
	args := append([]string{"spectrum", "cn0", "--site", esbc, "--victim", "L1OF,L1CA,E1", "--format", "csv"}, srcPeriod...)
	out, errs := cmpRun(t, exitOK, append(args, "--nav", srcNav)...)
	_, rows := cmpReadCSV(t, out)
	if len(rows) != 3 || strings.Contains(errs, "FDMA channel") {
		t.Fatalf("--nav: %d rows, stderr %q", len(rows), errs)
	}
	for _, r := range rows {
		if r["victim_epochs"] != "13" || !(specNum(t, r["mean_total_db"]) > 0) {
			t.Errorf("--nav %s: %v", r["victim"], r)
		}
	}
	out, errs = cmpRun(t, exitOK, append(args, "--sp3", srcSP3)...)
	_, rows = cmpReadCSV(t, out)
	if !strings.Contains(errs, "SP3 files carry no channels") || rows[0]["victim"] != "L1OF" || rows[0]["victim_epochs"] != "0" || rows[0]["mean_total_db"] != "NaN" {
		t.Errorf("--sp3: %v, stderr %q", rows[0], errs)
	}
}
