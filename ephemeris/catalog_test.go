package ephemeris_test

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
)

// The three TLE snapshots of testdata/tle; each counts as 00:00 UTC of its date.
var catSnapshots = []string{"2022-02-04", "2024-07-16", "2026-03-18"}

func catDate(t testing.TB, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatalf("bad date %q: %v", s, err)
	}
	return d
}

// catReadTLEs reads a 3-line TLE file (name, line 1, line 2) with the
// package's ParseTLE.
func catReadTLEs(t testing.TB, name string, data []byte) []*ephemeris.ElementSet {
	t.Helper()
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) != "" {
			lines = append(lines, sc.Text())
		}
	}
	if err := sc.Err(); err != nil || len(lines)%3 != 0 || len(lines) == 0 {
		t.Fatalf("%s: not a 3-line TLE file (%d lines, err %v)", name, len(lines), err)
	}
	var out []*ephemeris.ElementSet
	for i := 0; i < len(lines); i += 3 {
		es, err := ephemeris.ParseTLE(lines[i], lines[i+1], lines[i+2])
		if err != nil {
			t.Fatalf("%s line %d: %v", name, i+1, err)
		}
		out = append(out, es)
	}
	return out
}

func catReadTLEFile(t testing.TB, path string) []*ephemeris.ElementSet {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return catReadTLEs(t, path, data)
}

// catReadCSV reads a testdata/prn table into maps keyed by column name.
func catReadCSV(t testing.TB, name string) []map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "testdata", "prn", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil || len(recs) < 2 {
		t.Fatalf("%s: %v (%d records)", name, err, len(recs))
	}
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}

func catAtoi(t testing.TB, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("bad integer %q", s)
	}
	return n
}

// catExperimentalBeiDou returns the NORAD numbers of the BeiDou-3S
// experimental satellites (CelesTrak names "BEIDOU-3S ..." in
// beidou_satellites.csv), which the catalog documents as never operational.
func catExperimentalBeiDou(t testing.TB) map[int]bool {
	out := map[int]bool{}
	for _, r := range catReadCSV(t, "beidou_satellites.csv") {
		for _, c := range []string{"celestrak_name_2022-02-04", "celestrak_name_2024-07-16", "celestrak_name_2026-03-18"} {
			if strings.HasPrefix(r[c], "BEIDOU-3S") {
				out[catAtoi(t, r["norad"])] = true
			}
		}
	}
	return out
}

// catWant is what a by-snapshot CSV row says, in Identity terms.
type catWant struct {
	prn         string
	slot, k     int
	hasK        bool
	orbit       ephemeris.OrbitType
	conf        string
	operational bool
}

// catExpectedRows reads glonass_by_snapshot.csv or beidou_by_snapshot.csv and
// derives the expected identity of each (snapshot, NORAD), applying the
// documented operational rule independently of the generator.
func catExpectedRows(t *testing.T, sys ephemeris.System) map[string]map[int]catWant {
	experimental := catExperimentalBeiDou(t)
	file, idCol := "glonass_by_snapshot.csv", "slot"
	if sys == ephemeris.BeiDou {
		file, idCol = "beidou_by_snapshot.csv", "prn"
	}
	out := map[string]map[int]catWant{}
	for _, r := range catReadCSV(t, file) {
		norad := catAtoi(t, r["norad"])
		w := catWant{prn: r[idCol], conf: r["confidence"]}
		if w.conf == "unknown" {
			w.conf = ""
		}
		if sys == ephemeris.GLONASS {
			w.orbit = ephemeris.MEO
			if w.prn != "" {
				w.slot = catAtoi(t, w.prn[1:])
				w.k, w.hasK = catAtoi(t, r["freq_channel"]), true
			}
		} else {
			w.orbit = map[string]ephemeris.OrbitType{"MEO": ephemeris.MEO, "IGSO": ephemeris.IGSO, "GEO": ephemeris.GEO}[r["orbit_type"]]
		}
		w.operational = w.prn != "" && (w.conf == "high" || w.conf == "medium") && w.slot <= 24 && !experimental[norad]
		if out[r["snapshot"]] == nil {
			out[r["snapshot"]] = map[int]catWant{}
		}
		out[r["snapshot"]][norad] = w
	}
	return out
}

// Every GLONASS and BeiDou satellite of the three snapshots is identified at
// its snapshot date (at 00:00 and 23:59:59 UTC, and at its own TLE epoch) as
// the per-snapshot CSV tables of testdata/prn say.
func TestIdentifyMatchesSnapshotTables(t *testing.T) {
	cat := ephemeris.DefaultCatalog()
	for _, sys := range []ephemeris.System{ephemeris.GLONASS, ephemeris.BeiDou} {
		want := catExpectedRows(t, sys)
		for _, snap := range catSnapshots {
			sets := catReadTLEFile(t, filepath.Join("..", "testdata", "tle", snap, sys.String()+".tle"))
			rows := want[snap]
			if len(sets) != len(rows) {
				t.Errorf("%s %s: %d element sets but %d table rows", sys, snap, len(sets), len(rows))
			}
			day := catDate(t, snap)
			for _, es := range sets {
				w, ok := rows[es.CatalogNumber]
				if !ok {
					t.Errorf("%s %s: NORAD %d (%s) not in the table", sys, snap, es.CatalogNumber, es.Name)
					continue
				}
				for _, at := range []time.Time{day, day.Add(24*time.Hour - time.Second), es.Epoch} {
					got := cat.Identify(es, at)
					if got.System != sys || got.PRN != w.prn || got.Slot != w.slot || got.HasChannel != w.hasK ||
						got.FreqChannel != w.k || got.Orbit != w.orbit || got.Confidence != w.conf || got.Operational != w.operational {
						t.Errorf("%s %s NORAD %d at %s:\n got %+v\nwant %+v", sys, snap, es.CatalogNumber, at.Format(time.RFC3339), got, w)
					}
					if got.Basis == "" {
						t.Errorf("%s %s NORAD %d: empty Basis", sys, snap, es.CatalogNumber)
					}
				}
			}
		}
	}
}

func catES(norad int) *ephemeris.ElementSet {
	return &ephemeris.ElementSet{CatalogNumber: norad, MeanMotionRevPerDay: 2.1310, InclinationDeg: 64.8, Eccentricity: 0.001}
}

// Slots and PRNs move between satellites. The boundaries are those of the
// documented rule, computed here from the dates in testdata/prn.
func TestSlotHandovers(t *testing.T) {
	cat := ephemeris.DefaultCatalog()
	mid := func(a, b string) time.Time {
		ta, tb := catDate(t, a), catDate(t, b)
		return ta.Add(tb.Sub(ta) / 2)
	}
	// 54031 (COSMOS 2559): no slot at 2024-07-16, R19 broadcast 2025-08-21
	// (broadcast_matches.csv): R19 from midway between the two.
	r19 := mid("2024-07-16", "2025-08-21")
	// 54031 on test slot R25, broadcast 2023-08-11.
	r25End := mid("2023-08-11", "2024-07-16")
	// 46805 (COSMOS 2547): no slot at 2022-02-04, R11 broadcast 2023-08-11.
	r11 := mid("2022-02-04", "2023-08-11")
	// 52984 (COSMOS 2557), absent from the 2022 table, R22 broadcast 2023-07-08.
	r22 := mid("2022-02-04", "2023-07-08")
	// 61186, absent from the 2024 table, C47 broadcast 2025-02-15.
	c47 := mid("2024-07-16", "2025-02-15")
	snap23 := mid("2024-07-16", "2026-03-18")
	sec := time.Second
	tests := []struct {
		norad int
		at    time.Time
		prn   string
		k     int
		op    bool
	}{
		{32275, catDate(t, "2022-02-04"), "R19", 3, true},
		{32275, catDate(t, "2024-07-16"), "R19", 3, false}, // low confidence
		{32275, r19.Add(-sec), "R19", 3, false},
		{32275, r19, "", 0, false}, // R19 passed to 54031
		{32275, catDate(t, "2026-03-18"), "", 0, false},
		{54031, catDate(t, "2023-08-11"), "R25", -5, false}, // test slot
		{54031, r25End.Add(-sec), "R25", -5, false},
		{54031, r25End, "", 0, false},
		{54031, catDate(t, "2024-07-16"), "", 0, false},
		{54031, r19.Add(-sec), "", 0, false},
		{54031, r19, "R19", 3, true},
		{54031, catDate(t, "2025-08-21"), "R19", 3, true},
		{54031, catDate(t, "2026-03-18"), "R19", 3, true},
		{41554, r11.Add(-sec), "R11", 0, true},
		{41554, r11, "", 0, false},
		{46805, r11.Add(-sec), "", 0, false},
		{46805, r11, "R11", 0, true},
		{36401, r22.Add(-sec), "R22", -3, true},
		{36401, r22, "", 0, false},
		{52984, r22.Add(-sec), "", 0, false},
		{52984, r22, "R22", -3, true},
		{61186, c47.Add(-sec), "", 0, false},
		{61186, c47, "C47", 0, true},
		{40938, snap23.Add(-sec), "C56", 0, false}, // experimental BeiDou-3S
		{40938, snap23, "", 0, false},
		{40549, snap23.Add(-sec), "C31", 0, false},
		{40549, snap23, "C56", 0, false},
	}
	for _, tc := range tests {
		got := cat.Identify(catES(tc.norad), tc.at)
		if got.PRN != tc.prn || got.FreqChannel != tc.k || got.Operational != tc.op {
			t.Errorf("NORAD %d at %s: got PRN %q k %d operational %v, want %q %d %v (%s)",
				tc.norad, tc.at.Format(time.RFC3339), got.PRN, got.FreqChannel, got.Operational, tc.prn, tc.k, tc.op, got.Basis)
		}
		if got.System == ephemeris.SystemUnknown {
			t.Errorf("NORAD %d at %s: system unknown", tc.norad, tc.at)
		}
	}
}

// No slot/PRN is held by two satellites at once, at any of 500 dates
// spread over 2021-2027.
func TestPRNsUnique(t *testing.T) {
	cat := ephemeris.DefaultCatalog()
	var norads []int
	for _, f := range []string{"glonass_satellites.csv", "beidou_satellites.csv"} {
		for _, r := range catReadCSV(t, f) {
			norads = append(norads, catAtoi(t, r["norad"]))
		}
	}
	start := catDate(t, "2021-01-01")
	for d := 0; d < 500; d++ {
		at := start.Add(time.Duration(d) * 105 * time.Hour)
		holder := map[string]int{}
		for _, n := range norads {
			id := cat.Identify(catES(n), at)
			if id.PRN == "" {
				continue
			}
			if h, dup := holder[id.PRN]; dup {
				t.Fatalf("%s held by NORAD %d and %d at %s", id.PRN, h, n, at.Format(time.RFC3339))
			}
			holder[id.PRN] = n
		}
	}
}

// A satellite of the table at a date none of its entries covers: system and
// orbit type, no PRN, not operational.
func TestIdentifyGap(t *testing.T) {
	cat := ephemeris.DefaultCatalog()
	// 36590 (BeiDou-2 G3) is only in the 2026 table (from 2025-05-17).
	got := cat.Identify(catES(36590), catDate(t, "2024-07-16"))
	if got.System != ephemeris.BeiDou || got.PRN != "" || got.Operational || got.Orbit != ephemeris.GEO || got.Confidence != "" ||
		!strings.Contains(got.Basis, "no slot/PRN") {
		t.Errorf("36590 in 2024: %+v", got)
	}
	// 36401 (COSMOS 2461) left the tables after 2022.
	got = cat.Identify(catES(36401), catDate(t, "2026-03-18"))
	if got.System != ephemeris.GLONASS || got.PRN != "" || got.Operational || got.Orbit != ephemeris.MEO {
		t.Errorf("36401 in 2026: %+v", got)
	}
}

// BeiDou-2 G1 and G3, COSMOS 2433 and COSMOS 2596 have no PRN/slot in 2026.
func TestNonOperational2026(t *testing.T) {
	cat := ephemeris.DefaultCatalog()
	at := catDate(t, "2026-03-18")
	for _, tc := range []struct {
		norad int
		sys   ephemeris.System
		orbit ephemeris.OrbitType
		conf  string
	}{
		{36287, ephemeris.BeiDou, ephemeris.GEO, "low"},     // BeiDou-2 G1
		{36590, ephemeris.BeiDou, ephemeris.GEO, ""},        // BeiDou-2 G3 (confidence unknown)
		{32275, ephemeris.GLONASS, ephemeris.MEO, "low"},    // COSMOS 2433, R19 now on 54031
		{65590, ephemeris.GLONASS, ephemeris.MEO, ""},       // COSMOS 2596, not identified
		{40748, ephemeris.BeiDou, ephemeris.MEO, "low"},     // BeiDou-3S M2S, C58 (low)
		{57517, ephemeris.GLONASS, ephemeris.MEO, "medium"}, // COSMOS 2569 on test slot R26
	} {
		got := cat.Identify(catES(tc.norad), at)
		if got.System != tc.sys || got.Operational || got.Orbit != tc.orbit || got.Confidence != tc.conf {
			t.Errorf("NORAD %d: %+v", tc.norad, got)
		}
		if tc.norad == 36287 || tc.norad == 36590 || tc.norad == 32275 || tc.norad == 65590 {
			if got.PRN != "" {
				t.Errorf("NORAD %d: PRN %q, want none", tc.norad, got.PRN)
			}
		}
	}
}

// GLONASSChannel and the L1/L2 frequencies against
// testdata/prn/glonass_slot_channel.csv (all 24 slots and test slots 25-27).
func TestGLONASSChannels(t *testing.T) {
	rows := catReadCSV(t, "glonass_slot_channel.csv")
	if len(rows) != 27 {
		t.Fatalf("%d rows, want 27", len(rows))
	}
	for _, r := range rows {
		slot := catAtoi(t, strings.TrimPrefix(r["slot"], "R"))
		want := catAtoi(t, r["freq_channel"])
		k, ok := ephemeris.GLONASSChannel(slot)
		if !ok || k != want {
			t.Errorf("slot %d: channel %d %v, want %d", slot, k, ok, want)
		}
		// 0.5625 k and 0.4375 k are exact binary fractions and the CSV
		// prints them exactly (4 decimals): tolerance only for parsing.
		for _, f := range []struct {
			col string
			got float64
		}{{"L1_MHz", ephemeris.GLONASSL1MHz(k)}, {"L2_MHz", ephemeris.GLONASSL2MHz(k)}} {
			v, err := strconv.ParseFloat(r[f.col], 64)
			if err != nil || math.Abs(v-f.got) > 1e-9 {
				t.Errorf("slot %d %s: %v, CSV %q", slot, f.col, f.got, r[f.col])
			}
		}
	}
	// Antipodal slots (4 apart in a plane of 8) share a channel
	// (GLONASS ICD 5.1 §3.3.1.1; SOURCES.md "usual antipodal assignment").
	for s := 1; s <= 24; s++ {
		plane := (s - 1) / 8
		anti := plane*8 + (s-1+4)%8 + 1
		k1, _ := ephemeris.GLONASSChannel(s)
		k2, _ := ephemeris.GLONASSChannel(anti)
		if k1 != k2 || k1 < -7 || k1 > 6 {
			t.Errorf("slots %d and %d: channels %d and %d", s, anti, k1, k2)
		}
	}
	for _, bad := range []int{-1, 0, 28, 100} {
		if k, ok := ephemeris.GLONASSChannel(bad); ok {
			t.Errorf("slot %d: ok with channel %d", bad, k)
		}
	}
	// ICD 5.1: channel 0 is 1602 MHz, channel -7 is 1598.0625 MHz.
	if ephemeris.GLONASSL1MHz(0) != 1602 || ephemeris.GLONASSL1MHz(-7) != 1598.0625 {
		t.Error("L1 of channels 0, -7")
	}
}

// The orbit type of every satellite of the three snapshots, from its mean
// elements: BeiDou as the orbit_type column of beidou_by_snapshot.csv;
// GLONASS, GPS, Galileo MEO (the systems fly no other orbit); QZSS QZS-3 and
// QZS-6 GEO, the others quasi-zenith (IGSO) (Cabinet Office QZSS
// constellation page); NavIC IRNSS-1C/1F/1G and NVS-01 GEO, IRNSS-1A/1B/1D/
// 1E/1I IGSO (ISRO NavIC constellation), NVS-02 none (SOURCES.md of
// 2026-03-18: "non-operational transfer-like orbit"); SBAS GEO.
func TestClassifyOrbitAllSnapshots(t *testing.T) {
	beidou := map[string]map[int]ephemeris.OrbitType{}
	for snap, rows := range catExpectedRows(t, ephemeris.BeiDou) {
		beidou[snap] = map[int]ephemeris.OrbitType{}
		for n, w := range rows {
			beidou[snap][n] = w.orbit
		}
	}
	named := map[string]ephemeris.OrbitType{
		"QZS-1R": ephemeris.IGSO, "QZS-2": ephemeris.IGSO, "QZS-3": ephemeris.GEO, "QZS-4": ephemeris.IGSO, "QZS-6": ephemeris.GEO,
		"IRNSS-1A": ephemeris.IGSO, "IRNSS-1B": ephemeris.IGSO, "IRNSS-1C": ephemeris.GEO, "IRNSS-1D": ephemeris.IGSO,
		"IRNSS-1E": ephemeris.IGSO, "IRNSS-1F": ephemeris.GEO, "IRNSS-1G": ephemeris.GEO, "IRNSS-1I": ephemeris.IGSO,
		"IRNSS-1J": ephemeris.GEO, "NVS-01": ephemeris.GEO, "NVS-02": ephemeris.OrbitUnknown,
	}
	counts := map[ephemeris.OrbitType]int{}
	for _, snap := range catSnapshots {
		files, err := filepath.Glob(filepath.Join("..", "testdata", "tle", snap, "*.tle"))
		if err != nil || len(files) < 4 {
			t.Fatalf("%s: %v %v", snap, files, err)
		}
		for _, f := range files {
			kind := strings.TrimSuffix(filepath.Base(f), ".tle")
			for _, es := range catReadTLEFile(t, f) {
				var want ephemeris.OrbitType
				switch kind {
				case "glonass", "gps", "galileo":
					want = ephemeris.MEO
				case "beidou":
					want = beidou[snap][es.CatalogNumber]
				case "sbas":
					want = ephemeris.GEO
				case "qzss", "navic":
					key := strings.Fields(es.Name)[0]
					var ok bool
					if want, ok = named[key]; !ok {
						t.Fatalf("%s: no expected orbit for %q", f, es.Name)
					}
				default:
					t.Fatalf("unexpected file %s", f)
				}
				got := ephemeris.ClassifyOrbit(es.MeanMotionRevPerDay, es.InclinationDeg, es.Eccentricity)
				if got != want {
					t.Errorf("%s %s (%d): %v, want %v (n %.5f i %.2f e %.4f)", f, es.Name, es.CatalogNumber, got, want,
						es.MeanMotionRevPerDay, es.InclinationDeg, es.Eccentricity)
				}
				counts[got]++
			}
		}
	}
	t.Logf("orbit types over the three snapshots: %v", counts)
}

func TestClassifyOrbitEdges(t *testing.T) {
	nan := math.NaN()
	for _, tc := range []struct {
		n, i, e float64
		want    ephemeris.OrbitType
	}{
		{1.0027, 0.05, 0.0002, ephemeris.GEO},
		{1.0027, 19.9, 0.001, ephemeris.GEO},
		{1.0027, 20, 0.001, ephemeris.IGSO},
		{1.0027, 55, 0.001, ephemeris.IGSO},
		{1.0027, 40, 0.075, ephemeris.IGSO},        // quasi-zenith
		{0.9528, 3, 0.001, ephemeris.GEO},          // 1.0027379 - 0.05 = 0.9527379: inside
		{0.9527, 3, 0.001, ephemeris.OrbitUnknown}, // just outside
		{1.0527, 3, 0.001, ephemeris.GEO},          // 1.0027379 + 0.05 = 1.0527379: inside
		{1.0528, 3, 0.001, ephemeris.OrbitUnknown}, // drifting, outside the band
		{1.06, 3, 0.001, ephemeris.OrbitUnknown},
		{2.0056, 55, 0.01, ephemeris.MEO},
		{1.5, 55, 0.01, ephemeris.MEO},
		{2.5, 55, 0.01, ephemeris.MEO},
		{1.49, 55, 0.01, ephemeris.OrbitUnknown},
		{2.51, 55, 0.01, ephemeris.OrbitUnknown},
		{1.8552, 49, 0.166, ephemeris.MEO},            // Galileo E14/E18
		{2.1775, 20.8, 0.735, ephemeris.OrbitUnknown}, // NVS-02 transfer orbit
		{15.5, 51.6, 0.0005, ephemeris.OrbitUnknown},  // LEO
		{2.0, 120, 0.01, ephemeris.OrbitUnknown},      // retrograde
		{nan, 55, 0.01, ephemeris.OrbitUnknown},
		{2.0, nan, 0.01, ephemeris.OrbitUnknown},
		{2.0, 55, nan, ephemeris.OrbitUnknown},
		{math.Inf(1), 55, 0.01, ephemeris.OrbitUnknown},
		{-2.0, 55, 0.01, ephemeris.OrbitUnknown},
		{2.0, -1, 0.01, ephemeris.OrbitUnknown},
		{2.0, 55, -0.1, ephemeris.OrbitUnknown},
		{2.0, 55, 1.0, ephemeris.OrbitUnknown},
	} {
		if got := ephemeris.ClassifyOrbit(tc.n, tc.i, tc.e); got != tc.want {
			t.Errorf("ClassifyOrbit(%v, %v, %v) = %v, want %v", tc.n, tc.i, tc.e, got, tc.want)
		}
	}
	for o, s := range map[ephemeris.OrbitType]string{ephemeris.MEO: "MEO", ephemeris.IGSO: "IGSO", ephemeris.GEO: "GEO", ephemeris.OrbitUnknown: "unknown", 9: "unknown"} {
		if o.String() != s {
			t.Errorf("%d.String() = %q, want %q", o, o.String(), s)
		}
	}
}

// Identification from the name, with names as CelesTrak writes them in the
// snapshots (NORAD numbers 99xxx are not in the table).
func TestIdentifyByName(t *testing.T) {
	cat := ephemeris.DefaultCatalog()
	at := catDate(t, "2026-03-18")
	gps := [3]float64{2.00563, 55.2, 0.008}   // typical GPS elements (gps.tle)
	gal := [3]float64{1.70475, 56.1, 0.0003}  // Galileo (galileo.tle)
	geo := [3]float64{1.00272, 0.05, 0.0002}  // GEO (sbas.tle, qzss.tle)
	igso := [3]float64{1.00276, 40.5, 0.0757} // QZSS quasi-zenith (qzss.tle)
	glo := [3]float64{2.13100, 64.8, 0.001}   // GLONASS (glonass.tle)
	bds := [3]float64{1.86230, 55.1, 0.001}   // BeiDou MEO (beidou.tle)
	tests := []struct {
		name  string
		el    [3]float64
		sys   ephemeris.System
		prn   string
		orbit ephemeris.OrbitType
		op    bool
		conf  string
	}{
		{"GPS BIIR-2  (PRN 13)", gps, ephemeris.GPS, "G13", ephemeris.MEO, true, "name"},
		{"GPS BIII-5 (PRN 11)", gps, ephemeris.GPS, "G11", ephemeris.MEO, true, "name"},
		{"GPS BIIF-2  (PRN 01)", gps, ephemeris.GPS, "G01", ephemeris.MEO, true, "name"},
		{"NAVSTAR 43 (USA 132)", gps, ephemeris.GPS, "", ephemeris.MEO, true, "name"},
		// NAVSTAR 53 (USA 175), 2026 snapshot: raised disposal orbit.
		{"NAVSTAR 53 (USA 175)", [3]float64{1.92678, 54.98, 0.0003}, ephemeris.GPS, "", ephemeris.MEO, false, "name"},
		{"GPS TEST (PRN 77)", gps, ephemeris.GPS, "", ephemeris.MEO, true, "name"}, // out of range: no PRN
		{"GSAT0101 (PRN E11)", gal, ephemeris.Galileo, "E11", ephemeris.MEO, true, "name"},
		{"GSAT0219 (PRN E36)", gal, ephemeris.Galileo, "E36", ephemeris.MEO, true, "name"},
		{"GSAT0223", gal, ephemeris.Galileo, "", ephemeris.MEO, true, "name"},
		{"GSAT0101 (GALILEO-PFM)", gal, ephemeris.Galileo, "", ephemeris.MEO, true, "name"},
		// GSAT0201 (E18) in its eccentric orbit, without a PRN in the name.
		{"GSAT0201 (GALILEO 5)", [3]float64{1.85520, 48.97, 0.166}, ephemeris.Galileo, "", ephemeris.MEO, false, "name"},
		{"QZS-2 (QZSS/PRN 194)", igso, ephemeris.QZSS, "J02", ephemeris.IGSO, true, "name"},
		{"QZS-3 (QZSS/PRN 199)", geo, ephemeris.QZSS, "J07", ephemeris.GEO, true, "name"},
		{"QZS-1R (QZSS/PRN 196)", igso, ephemeris.QZSS, "J04", ephemeris.IGSO, true, "name"},
		{"QZS-6 (MICHIBIKI-6)", geo, ephemeris.QZSS, "", ephemeris.GEO, true, "name"},
		{"IRNSS-1A", [3]float64{1.00274, 35.5, 0.0017}, ephemeris.NavIC, "", ephemeris.IGSO, true, "name"},
		{"NVS-01 (IRNSS-1J)", [3]float64{1.00274, 2.38, 0.0007}, ephemeris.NavIC, "", ephemeris.GEO, true, "name"},
		{"IRNSS-1J (NVS-01)", [3]float64{1.00273, 3.93, 0.0004}, ephemeris.NavIC, "", ephemeris.GEO, true, "name"},
		{"NVS-02 (IRNSS-1K)", [3]float64{2.17754, 20.83, 0.735}, ephemeris.NavIC, "", ephemeris.OrbitUnknown, false, "name"},
		{"CRE (WAAS/PRN 138)", geo, ephemeris.SBAS, "S38", ephemeris.GEO, true, "name"},
		{"GSAT-8 (GAGAN/PRN 127)", geo, ephemeris.SBAS, "S27", ephemeris.GEO, true, "name"},
		{"LUCH 5A (SDCM/PRN 140)", [3]float64{1.00270, 6.96, 0.0004}, ephemeris.SBAS, "S40", ephemeris.GEO, true, "name"},
		{"ASTRA 5B (EGNOS/PRN 123)", geo, ephemeris.SBAS, "S23", ephemeris.GEO, true, "name"},
		{"COSMOS 2596 [GLONASS-K1]", glo, ephemeris.GLONASS, "", ephemeris.MEO, false, "name"},
		{"COSMOS 2433 (720)", glo, ephemeris.GLONASS, "", ephemeris.MEO, false, "name"},
		{"COSMOS 2251", [3]float64{14.3, 74, 0.002}, ephemeris.SystemUnknown, "", ephemeris.OrbitUnknown, false, ""},
		{"BEIDOU-3 M99 (C51)", bds, ephemeris.BeiDou, "C51", ephemeris.MEO, true, "name"},
		{"BEIDOU-3 M1 (C19)", bds, ephemeris.BeiDou, "", ephemeris.MEO, false, "name"}, // C19 is 43001's
		{"BEIDOU-3 M29", bds, ephemeris.BeiDou, "", ephemeris.MEO, false, "name"},
		{"GPS BIIR-2 DEB", gps, ephemeris.SystemUnknown, "", ephemeris.MEO, false, "orbit"},
		{"", geo, ephemeris.SystemUnknown, "", ephemeris.GEO, false, "orbit"},
		{"ISS (ZARYA)", [3]float64{15.5, 51.6, 0.0005}, ephemeris.SystemUnknown, "", ephemeris.OrbitUnknown, false, ""},
	}
	for i, tc := range tests {
		es := &ephemeris.ElementSet{Name: tc.name, CatalogNumber: 99000 + i,
			MeanMotionRevPerDay: tc.el[0], InclinationDeg: tc.el[1], Eccentricity: tc.el[2]}
		got := cat.Identify(es, at)
		if got.System != tc.sys || got.PRN != tc.prn || got.Orbit != tc.orbit || got.Operational != tc.op ||
			got.Confidence != tc.conf || got.Slot != 0 || got.HasChannel {
			t.Errorf("%q: got %+v\nwant system %v PRN %q orbit %v operational %v confidence %q",
				tc.name, got, tc.sys, tc.prn, tc.orbit, tc.op, tc.conf)
		}
	}
	// The same names without a catalog (nil or zero) give the same system.
	var nilCat *ephemeris.Catalog
	es := &ephemeris.ElementSet{Name: "BEIDOU-3 M1 (C19)", CatalogNumber: 43001, MeanMotionRevPerDay: bds[0], InclinationDeg: bds[1]}
	if got := nilCat.Identify(es, at); got.System != ephemeris.BeiDou || got.PRN != "C19" || got.Confidence != "name" {
		t.Errorf("nil catalog: %+v", got)
	}
	if got := (&ephemeris.Catalog{}).Identify(es, at); got.System != ephemeris.BeiDou || got.PRN != "C19" {
		t.Errorf("zero catalog: %+v", got)
	}
	if got := cat.Identify(nil, at); got.System != ephemeris.SystemUnknown || got.Operational {
		t.Errorf("nil element set: %+v", got)
	}
}

var catPRNInName = regexp.MustCompile(`\(PRN (E?\d+)\)|/PRN (\d+)\)`)

// GPS, Galileo, QZSS and SBAS satellites of all snapshots: system from the
// file, PRN as written in the name (RINEX form), unique per snapshot.
func TestIdentifyNameSystemsAllSnapshots(t *testing.T) {
	cat := ephemeris.DefaultCatalog()
	systems := map[string]ephemeris.System{"gps": ephemeris.GPS, "galileo": ephemeris.Galileo, "qzss": ephemeris.QZSS,
		"navic": ephemeris.NavIC, "sbas": ephemeris.SBAS}
	type key struct {
		snap string
		sys  ephemeris.System
	}
	operational := map[key]int{}
	for _, snap := range catSnapshots {
		at := catDate(t, snap)
		for kind, sys := range systems {
			f := filepath.Join("..", "testdata", "tle", snap, kind+".tle")
			if _, err := os.Stat(f); err != nil {
				continue // QZSS, NavIC, SBAS are not in every snapshot
			}
			seen := map[string]string{}
			for _, es := range catReadTLEFile(t, f) {
				got := cat.Identify(es, at)
				want := ""
				if m := catPRNInName.FindStringSubmatch(es.Name); m != nil {
					switch sys {
					case ephemeris.GPS:
						want = fmt.Sprintf("G%02d", catAtoi(t, m[1]))
					case ephemeris.Galileo:
						want = m[1]
					case ephemeris.QZSS:
						want = fmt.Sprintf("J%02d", catAtoi(t, m[2])-192) // RINEX 3: PRN - 192
					case ephemeris.SBAS:
						want = fmt.Sprintf("S%02d", catAtoi(t, m[2])-100) // RINEX 3: PRN - 100
					}
				}
				if got.System != sys || got.PRN != want || got.Confidence != "name" {
					t.Errorf("%s %q: %+v, want %v PRN %q", f, es.Name, got, sys, want)
				}
				if want != "" {
					if prev, dup := seen[want]; dup {
						t.Errorf("%s: %s for %q and %q", f, want, prev, es.Name)
					}
					seen[want] = es.Name
				}
				if got.Operational {
					operational[key{snap, sys}]++
				}
			}
		}
	}
	// Expected counts. 2022/2024: every satellite of the CelesTrak
	// operational groups (README of testdata/tle: GPS 31/31, Galileo 28/28,
	// QZSS 4, NavIC 9, SBAS 13). 2026 (active catalogue): GPS 39 less the
	// two in raised disposal orbits (NAVSTAR 52, 53); Galileo 30 less
	// GSAT0201/0202 (eccentric orbit, no PRN in the 2026 name); NavIC 9 less
	// NVS-02 (transfer orbit); QZSS 5.
	for k, want := range map[key]int{
		{"2022-02-04", ephemeris.GPS}: 31, {"2022-02-04", ephemeris.Galileo}: 28,
		{"2024-07-16", ephemeris.GPS}: 31, {"2024-07-16", ephemeris.Galileo}: 28, {"2024-07-16", ephemeris.QZSS}: 4,
		{"2024-07-16", ephemeris.NavIC}: 9, {"2024-07-16", ephemeris.SBAS}: 13,
		{"2026-03-18", ephemeris.GPS}: 37, {"2026-03-18", ephemeris.Galileo}: 28, {"2026-03-18", ephemeris.QZSS}: 5,
		{"2026-03-18", ephemeris.NavIC}: 8,
	} {
		if operational[k] != want {
			t.Errorf("%s %v: %d operational, want %d", k.snap, k.sys, operational[k], want)
		}
	}
}

// Operational GLONASS and BeiDou satellites of the built-in 2026-03-18
// snapshot: derived independently from the CSV rows, and as numbers.
func TestOperationalCounts2026(t *testing.T) {
	cat := ephemeris.DefaultCatalog()
	at := catDate(t, ephemeris.BuiltinSnapshot)
	count := map[ephemeris.System]int{}
	for _, f := range ephemeris.Builtin() {
		for _, es := range catReadTLEs(t, f.Name, f.Data) {
			if id := cat.Identify(es, at); id.Operational {
				count[id.System]++
			}
		}
	}
	for _, sys := range []ephemeris.System{ephemeris.GLONASS, ephemeris.BeiDou} {
		want := 0
		for _, w := range catExpectedRows(t, sys)[ephemeris.BuiltinSnapshot] {
			if w.operational {
				want++
			}
		}
		if count[sys] != want {
			t.Errorf("%v: %d operational, the CSV rows give %d", sys, count[sys], want)
		}
	}
	// GLONASS: 28 satellites less COSMOS 2433 (no slot, low), 2514 (R17,
	// low), 2569 and 2584 (test slots R26, R27) and 2596 (no slot) = 23.
	// BeiDou: 55 less BeiDou-2 G1 and G3 (no PRN), BeiDou-3S M1S/M2S (low)
	// and IGSO-1S (experimental) = 50.
	if count[ephemeris.GLONASS] != 23 || count[ephemeris.BeiDou] != 50 {
		t.Errorf("operational at %s: GLONASS %d, BeiDou %d; want 23 and 50", at.Format(time.DateOnly),
			count[ephemeris.GLONASS], count[ephemeris.BeiDou])
	}
	t.Logf("operational at %s: %v", at.Format(time.DateOnly), count)
}

func ExampleCatalog_Identify() {
	cat := ephemeris.DefaultCatalog()
	// COSMOS 2559 (NORAD 54031), elements from the 2026-03-18 snapshot.
	es := &ephemeris.ElementSet{Name: "COSMOS 2559 [GLONASS-K]", CatalogNumber: 54031,
		MeanMotionRevPerDay: 2.13102, InclinationDeg: 64.9, Eccentricity: 0.0006}
	for _, date := range []string{"2023-08-11", "2024-07-16", "2026-03-18"} {
		at, _ := time.Parse(time.DateOnly, date)
		id := cat.Identify(es, at)
		fmt.Printf("%s: %s slot %q k=%d operational=%v confidence=%s\n",
			date, id.System.Title(), id.PRN, id.FreqChannel, id.Operational, id.Confidence)
	}
	// Output:
	// 2023-08-11: GLONASS slot "R25" k=-5 operational=false confidence=medium
	// 2024-07-16: GLONASS slot "" k=0 operational=false confidence=low
	// 2026-03-18: GLONASS slot "R19" k=3 operational=true confidence=medium
}

func ExampleGLONASSChannel() {
	k, ok := ephemeris.GLONASSChannel(7)
	fmt.Println(k, ok, ephemeris.GLONASSL1MHz(k))
	// Output: 5 true 1604.8125
}

func ExampleClassifyOrbit() {
	fmt.Println(ephemeris.ClassifyOrbit(1.00272, 0.06, 0.0002)) // QZS-3
	fmt.Println(ephemeris.ClassifyOrbit(1.00277, 40.5, 0.0757)) // QZS-2
	fmt.Println(ephemeris.ClassifyOrbit(2.13100, 64.8, 0.0010)) // GLONASS
	// Output:
	// GEO
	// IGSO
	// MEO
}

func BenchmarkIdentify(b *testing.B) {
	cat := ephemeris.DefaultCatalog()
	at := time.Date(2026, 3, 18, 0, 0, 0, 0, time.UTC)
	sets := []*ephemeris.ElementSet{
		catES(54031), catES(43001),
		{Name: "NAVSTAR 43 (USA 132)", CatalogNumber: 24876, MeanMotionRevPerDay: 2.0056, InclinationDeg: 55, Eccentricity: 0.01},
		{Name: "GSAT0101 (PRN E11)", CatalogNumber: 37846, MeanMotionRevPerDay: 1.7047, InclinationDeg: 56, Eccentricity: 0.0003},
	}
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		for _, es := range sets {
			if cat.Identify(es, at).Operational {
				n++
			}
		}
	}
	b.ReportMetric(float64(len(sets)), "sets/op")
	if n == 0 {
		b.Fatal("nothing operational")
	}
}

// Identify never panics and its results are consistent, whatever the input.
func FuzzIdentify(f *testing.F) {
	f.Add("GPS BIIR-2  (PRN 13)", 99001, 2.0056, 55.0, 0.01, int64(0))
	f.Add("COSMOS 2559 [GLONASS-K]", 54031, 2.131, 64.8, 0.001, int64(1700000000))
	f.Add("QZS-2 (QZSS/PRN 999)", 1, 1.0027, 40.0, 0.07, int64(-1))
	f.Add("GSAT-8 (GAGAN/PRN 127)", 37605, 1.0027, 0.3, 0.0002, int64(1e10))
	cat := ephemeris.DefaultCatalog()
	f.Fuzz(func(t *testing.T, name string, norad int, n, i, e float64, unix int64) {
		es := &ephemeris.ElementSet{Name: name, CatalogNumber: norad, MeanMotionRevPerDay: n, InclinationDeg: i, Eccentricity: e}
		id := cat.Identify(es, time.Unix(unix, 0))
		if id.Operational && (id.System == ephemeris.SystemUnknown || (id.PRN == "" && (id.System == ephemeris.GLONASS || id.System == ephemeris.BeiDou))) {
			t.Errorf("operational without identity: %+v", id)
		}
		if id.PRN != "" && id.PRN[:1] != id.System.Letter() {
			t.Errorf("PRN %q for system %v", id.PRN, id.System)
		}
		if id.Basis == "" {
			t.Errorf("empty basis: %+v", id)
		}
	})
}

// TestParseSystemsAll: "all" (any case) is every navigation system, in
// Systems order.
func TestParseSystemsAll(t *testing.T) {
	for _, in := range []string{"all", "ALL", " All "} {
		got, err := ephemeris.ParseSystems(in)
		if err != nil || len(got) != len(ephemeris.Systems) {
			t.Fatalf("ephemeris.ParseSystems(%q) = %v, %v", in, got, err)
		}
		for i := range got {
			if got[i] != ephemeris.Systems[i] {
				t.Errorf("ephemeris.ParseSystems(%q)[%d] = %v, want %v", in, i, got[i], ephemeris.Systems[i])
			}
		}
	}
}
