package main

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/output"
	"github.com/gnssim/gnssim/ephemeris"
)

const catHeader = "norad,name,system,prn,glonass_channel,orbit,epoch_utc,age_days,status,reason,confidence,source"

// TestCatalogBuiltin: golden table and CSV of the built-in snapshot, and the
// CSV rows checked against ephemeris.DefaultCatalog at the default time.
func TestCatalogBuiltin(t *testing.T) {
	out, errs, code := runCLI(t, "catalog")
	if code != exitOK || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	golden(t, "catalog_builtin.txt", []byte(out))
	out, _, code = runCLI(t, "catalog", "--format", "csv")
	if code != exitOK {
		t.Fatalf("csv: exit %d", code)
	}
	golden(t, "catalog_builtin.csv", []byte(out))

	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(recs[0], ","); got != catHeader {
		t.Fatalf("header %q", got)
	}
	// Independent expectation: every GLONASS and BeiDou element set of the
	// snapshot, identified at 00:00 UTC of the newest epoch's day.
	sets := map[string]*ephemeris.ElementSet{}
	newest := time.Time{}
	nRC := 0
	cat := ephemeris.DefaultCatalog()
	for _, nd := range ephemeris.Builtin() {
		ss, _ := ephemeris.ReadAll(strings.NewReader(string(nd.Data)), ephemeris.ReadOptions{})
		for _, es := range ss {
			sets[strconv.Itoa(es.CatalogNumber)] = es
			if es.Epoch.After(newest) {
				newest = es.Epoch
			}
		}
	}
	at := time.Date(newest.Year(), newest.Month(), newest.Day(), 0, 0, 0, 0, time.UTC)
	for _, es := range sets {
		if s := cat.Identify(es, at).System; s == ephemeris.GLONASS || s == ephemeris.BeiDou {
			nRC++
		}
	}
	if len(recs)-1 != nRC {
		t.Errorf("%d rows, want the %d GLONASS and BeiDou element sets", len(recs)-1, nRC)
	}
	for _, r := range recs[1:] {
		es := sets[r[0]]
		if es == nil {
			t.Fatalf("row for unknown satellite %v", r)
		}
		id := cat.Identify(es, at)
		ch := ""
		if id.HasChannel {
			ch = strconv.Itoa(id.FreqChannel)
		}
		status := "operational"
		if !id.Operational {
			status = "non-operational"
		}
		if r[1] != es.Name || r[2] != id.System.String() || r[3] != id.PRN || r[4] != ch || r[5] != id.Orbit.String() ||
			r[6] != output.FormatTime(es.Epoch) || r[8] != status || r[10] != id.Confidence {
			t.Errorf("row %v disagrees with the catalog: %+v", r, id)
		}
		if (status == "operational") != (r[9] == "") {
			t.Errorf("row %v: a reason is given exactly for non-operational sets", r)
		}
		// Age: 3 decimals of a day.
		if want := at.Sub(es.Epoch).Hours() / 24; math.Abs(propFloat(t, r[7])-want) > 0.5e-3+1e-12 {
			t.Errorf("row %v: age %s, want %.6f", r, r[7], want)
		}
	}
}

// catChecksum returns the TLE checksum of line (columns 1-68).
func catChecksum(line string) byte {
	s := 0
	for _, c := range line[:68] {
		switch {
		case c >= '0' && c <= '9':
			s += int(c - '0')
		case c == '-':
			s++
		}
	}
	return byte('0' + s%10)
}

// TestCatalogRefused lists a file with a good record, a record with a wrong
// checksum and one whose SGP4 initialisation fails (Vallado's case 33334,
// error 3 at epoch, with its checksums corrected), then --strict.
func TestCatalogRefused(t *testing.T) {
	good := "COSMOS 2456 [GLONASS-M]\n" + strings.Join(catBuiltinLines(t, 36111), "\n") + "\n"
	bad := catBuiltinLines(t, 39155)
	bad[0] = bad[0][:68] + string('0'+(bad[0][68]-'0'+1)%10) // wrong checksum
	l1 := "1 33334U 78066F   06174.85818871  .00000620  00000-0  10000-3 0  680"
	l2 := "2 33334  68.4714 236.1303 5602877 123.7484 302.5767  0.00001000 6752"
	l1 += string(catChecksum(l1 + "0"))
	l2 += string(catChecksum(l2 + "0"))
	content := good + "COSMOS 2485 [GLONASS-M]\n" + strings.Join(bad, "\n") + "\n" + l1 + "\n" + l2 + "\n"
	path := filepath.Join(t.TempDir(), "mixed.tle")
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}

	out, errs, code := runCLI(t, "catalog", "--tle", path, "--format", "csv")
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 4 {
		t.Fatalf("want the good set and two refused ones, got:\n%s", out)
	}
	if recs[1][0] != "36111" || recs[1][8] != "operational" || recs[1][11] != path+":1" {
		t.Errorf("good row %v", recs[1])
	}
	checksum, sgp4 := recs[2], recs[3]
	if checksum[8] != "refused" || checksum[11] != path+":5" || !strings.Contains(checksum[9], "checksum") {
		t.Errorf("checksum refusal %v", checksum)
	}
	if sgp4[8] != "refused" || sgp4[0] != "33334" || sgp4[11] != path+":7" || !strings.Contains(sgp4[9], "eccentricity") {
		t.Errorf("SGP4 refusal %v", sgp4)
	}

	out, _, code = runCLI(t, "catalog", "--tle", path)
	if code != exitOK || !strings.Contains(out, "Refused element sets (2):") || !strings.Contains(out, path+":5") {
		t.Errorf("table: exit %d:\n%s", code, out)
	}
	out, _, code = runCLI(t, "catalog", "--tle", path, "--format", "json")
	var doc struct {
		Sets    []map[string]any `json:"element_sets"`
		Refused []map[string]any `json:"refused"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || code != exitOK {
		t.Fatalf("json: exit %d, %v\n%s", code, err, out)
	}
	if len(doc.Sets) != 1 || len(doc.Refused) != 2 || doc.Refused[0]["norad"] != nil || doc.Refused[1]["norad"] != 33334.0 {
		t.Errorf("json: %+v", doc)
	}

	_, errs, code = runCLI(t, "catalog", "--tle", path, "--strict")
	if code != exitRuntime || !strings.Contains(errs, path+":5") {
		t.Errorf("--strict: exit %d, stderr %q; want 1 naming %s:5", code, errs, path)
	}
}

// catBuiltinLines returns TLE lines 1 and 2 of a built-in satellite.
func catBuiltinLines(t *testing.T, norad int) []string {
	t.Helper()
	for _, nd := range ephemeris.Builtin() {
		lines := strings.Split(string(nd.Data), "\n")
		for i, l := range lines {
			if strings.HasPrefix(l, "1 ") && strings.TrimSpace(l[2:7]) == strconv.Itoa(norad) {
				return []string{strings.TrimRight(l, "\r "), strings.TrimRight(lines[i+1], "\r ")}
			}
		}
	}
	t.Fatalf("satellite %d not in the built-in data", norad)
	return nil
}

// TestCatalogOptions: --at, --all, the 2024-07-16 files and usage errors.
func TestCatalogOptions(t *testing.T) {
	at := time.Date(2026, 3, 25, 12, 0, 0, 0, time.UTC)
	recs, _ := propCSV(t, "catalog", "--format", "csv", "--at", "2026-03-25T12:00:00Z")
	es := pcdBuiltinSets(t)[36111]
	found := false
	for _, r := range recs[1:] {
		if r[0] == "36111" {
			found = true
			if want := at.Sub(es.Epoch).Hours() / 24; math.Abs(propFloat(t, r[7])-want) > 0.5e-3+1e-12 {
				t.Errorf("age at --at: %s, want %.6f", r[7], want)
			}
		}
	}
	if !found {
		t.Error("36111 not listed")
	}

	// --all: every element set of the snapshot (ephemeris.Builtin's doc: 166).
	recs, _ = propCSV(t, "catalog", "--format", "csv", "--all")
	n := 0
	for _, nd := range ephemeris.Builtin() {
		ss, _ := ephemeris.ReadAll(strings.NewReader(string(nd.Data)), ephemeris.ReadOptions{})
		n += len(ss)
	}
	if len(recs)-1 != n || n != 166 {
		t.Errorf("--all: %d rows, want every one of the %d built-in sets (166)", len(recs)-1, n)
	}
	systems := map[string]bool{}
	for _, r := range recs[1:] {
		systems[r[2]] = true
	}
	for _, s := range []string{"glonass", "beidou", "gps", "galileo", "qzss", "navic"} {
		if !systems[s] {
			t.Errorf("--all lists no %s", s)
		}
	}

	files, _ := filepath.Glob("../../testdata/tle/2024-07-16/*.tle")
	args := []string{"catalog"}
	for _, f := range files {
		args = append(args, "--tle", f)
	}
	out, errs, code := runCLI(t, args...)
	if code != exitOK || !strings.Contains(out, "Element sets at 2024-07-16T00:00:00Z") || strings.Count(out, "\n") < 40 {
		t.Errorf("2024-07-16: exit %d, stderr %q\n%s", code, errs, out)
	}

	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"--at", "yesterday"}, "--at"},
		{[]string{"--format", "xml"}, "--format"},
		{[]string{"--systems", "xyz"}, "--systems"},
		{[]string{"--systems", "xyz", "--all"}, "--systems"},
	} {
		_, errs, code := runCLI(t, append([]string{"catalog"}, tc.args...)...)
		if code != exitUsage || !strings.Contains(errs, tc.msg) {
			t.Errorf("%v: exit %d, stderr %q", tc.args, code, errs)
		}
	}
}
