package orbit

import (
	"bufio"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	satellite "github.com/joshuaferrara/go-satellite"

	"github.com/gnssim/gnssim/ephemeris"
)

// gnssTLEFiles are real CelesTrak GNSS element sets (testdata/tle/README.md).
var gnssTLEFiles = []string{
	"../testdata/tle/2026-03-18/glonass.tle",
	"../testdata/tle/2026-03-18/beidou.tle",
}

// testRecord is one 3-line TLE record as read from a file.
type testRecord struct {
	tle          testTLE
	line1, line2 string
}

// readTestTLEFile reads a 3-line TLE file (name, line 1, line 2).
func readTestTLEFile(t testing.TB, path string) []testRecord {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if s := strings.TrimRight(sc.Text(), "\r"); strings.TrimSpace(s) != "" {
			lines = append(lines, s)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(lines)%3 != 0 {
		t.Fatalf("%s: %d non-empty lines, not a 3-line TLE file", path, len(lines))
	}
	var out []testRecord
	for i := 0; i < len(lines); i += 3 {
		tle, err := parseTestTLE(strings.TrimSpace(lines[i]), lines[i+1], lines[i+2])
		if err != nil {
			t.Fatalf("%s:%d: %v", path, i+2, err)
		}
		out = append(out, testRecord{tle, lines[i+1], lines[i+2]})
	}
	return out
}

func readGNSSRecords(t testing.TB) []testRecord {
	var recs []testRecord
	for _, path := range gnssTLEFiles {
		recs = append(recs, readTestTLEFile(t, path)...)
	}
	// 28 GLONASS + 55 BeiDou records (testdata/tle/README.md, 2026-03-18).
	if len(recs) != 28+55 {
		t.Fatalf("read %d records, want 83", len(recs))
	}
	return recs
}

// goSatEpochJD is go-satellite's epoch Julian date: TLEToSat runs
// days2mdhms on the epoch day and passes the seconds to JDay as an int,
// truncating the epoch to the whole second.
func goSatEpochJD(tle *testTLE) (jd float64, truncated time.Time) {
	mon, day, hr, minute, sec := valladoDays2mdhms(tle.epochYear, tle.epochDays)
	jd = satellite.JDay(tle.epochYear, mon, day, hr, minute, int(sec))
	truncated = time.Date(tle.epochYear, time.Month(mon), day, hr, minute, int(sec), 0, time.UTC)
	return jd, truncated
}

func goSatJD(t time.Time) float64 {
	return satellite.JDay(t.Year(), int(t.Month()), t.Day(), t.Hour(), t.Minute(), t.Second())
}

func dist3(a, b [3]float64) float64 {
	return coeNorm([3]float64{a[0] - b[0], a[1] - b[1], a[2] - b[2]})
}

// TestGoSatelliteFormatTLE checks the TLE formatter against the original
// CelesTrak lines: every record formats back to its own lines, column for
// column (CelesTrak writes a zero exponent as "+0", as the formatter does).
func TestGoSatelliteFormatTLE(t *testing.T) {
	for _, rec := range readGNSSRecords(t) {
		l1, l2, epoch, err := formatTLE(&rec.tle.es)
		if err != nil {
			t.Fatalf("%d: %v", rec.tle.es.CatalogNumber, err)
		}
		if l1 != rec.line1 || l2 != rec.line2 {
			t.Errorf("%d:\n got %q\n     %q\nwant %q\n     %q", rec.tle.es.CatalogNumber, l1, l2, rec.line1, rec.line2)
		}
		if !epoch.Equal(rec.tle.es.Epoch) {
			t.Errorf("%d: epoch %v, want %v", rec.tle.es.CatalogNumber, epoch, rec.tle.es.Epoch)
		}
	}
	// The verification set has unusual fields (no designator, negative
	// BSTAR, nonzero ddot); formatted lines must parse back to the same
	// element set.
	for _, c := range readVerCases(t) {
		es := c.tle.es
		l1, l2, _, err := formatTLE(&es)
		if err != nil {
			t.Fatalf("%d: %v", es.CatalogNumber, err)
		}
		back, err := parseTestTLE("", l1, l2)
		if err != nil {
			t.Fatalf("%d: %q %q: %v", es.CatalogNumber, l1, l2, err)
		}
		if back.es != es {
			t.Errorf("%d: round trip\n got %+v\nwant %+v", es.CatalogNumber, back.es, es)
		}
	}
}

func TestNewGoSatelliteErrors(t *testing.T) {
	base := readGNSSRecords(t)[0].tle.es
	tests := []struct {
		name string
		mod  func(es *ephemeris.ElementSet)
	}{
		{"alpha-5 catalog number", func(es *ephemeris.ElementSet) { es.CatalogNumber = 100000 }},
		{"epoch year 2057", func(es *ephemeris.ElementSet) { es.Epoch = time.Date(2057, 1, 1, 0, 0, 0, 0, time.UTC) }},
		{"mean motion 100 rev/day", func(es *ephemeris.ElementSet) { es.MeanMotionRevPerDay = 100 }},
		{"BSTAR 1e10 (exponent above 9)", func(es *ephemeris.ElementSet) { es.BStar = 1e10 }},
		{"ndot 1 rev/day^2", func(es *ephemeris.ElementSet) { es.MeanMotionDot = 1 }},
		{"eccentricity rounds to 1", func(es *ephemeris.ElementSet) { es.Eccentricity = 0.99999999 }},
		{"NaN inclination", func(es *ephemeris.ElementSet) { es.InclinationDeg = math.NaN() }},
		{"SGP4-XP", func(es *ephemeris.ElementSet) { es.EphemerisType = 4 }},
	}
	for _, tc := range tests {
		es := base
		tc.mod(&es)
		if g, err := NewGoSatellite(&es); err == nil {
			l1, l2 := g.Lines()
			t.Errorf("%s: no error (lines %q %q)", tc.name, l1, l2)
		}
	}
	if _, err := NewGoSatellite(nil); err == nil {
		t.Error("nil: no error")
	}
}

// TestGoSatelliteAgreement compares our SGP4 with go-satellite on the real
// GLONASS and BeiDou element sets, hourly from 1 day before to 3 days after
// each epoch, at whole-second times.
//
// (a) Same tsince: go-satellite has no exported sgp4(), so its tsince is
// reproduced exactly as its Propagate forms it, (JDay(t) - jdsatepoch)·1440
// with the epoch truncated to the second, and ours is run at that tsince.
//   - (a1) ours initialised from the exact epoch, as NewSGP4 does: the
//     difference left is the model seeing a different epoch in its
//     deep-space initialisation. The issue measured up to 0.16 m; asserted
//     < 1 m.
//   - (a2) ours initialised with go-satellite's own epoch Julian date: both
//     implement the same arithmetic, asserted < 1 mm.
//
// (b) Public Propagate: go-satellite's truncated epoch puts it Δt ahead in
// the orbit, so |Δr| ≤ |v|·Δt + 1 m, the 1 m covering (a1) and its float64
// Julian dates (40 µs · 4 km/s = 0.16 m).
func TestGoSatelliteAgreement(t *testing.T) {
	recs := readGNSSRecords(t)
	var maxA1, maxA2, maxB, maxBExcess float64
	var worstA1, worstA2, worstB int
	n := 0
	for _, rec := range recs {
		es := rec.tle.es
		ours, err := NewSGP4(&es)
		if err != nil {
			t.Fatal(err)
		}
		gs, err := NewGoSatellite(&es)
		if err != nil {
			t.Fatal(err)
		}
		jdEpochGS, truncEpoch := goSatEpochJD(&rec.tle)
		dtTrunc := es.Epoch.Sub(truncEpoch).Seconds()
		if dtTrunc < 0 || dtTrunc >= 1 {
			t.Fatalf("%d: epoch truncation %g s outside [0, 1)", es.CatalogNumber, dtTrunc)
		}
		sameEpoch := *ours
		if err := sameEpoch.initJD(jdEpochGS, 0); err != nil {
			t.Fatal(err)
		}
		for k := -24; k <= 72; k++ {
			tt := truncEpoch.Add(time.Duration(k) * time.Hour)
			rg, _, err := gs.Propagate(tt)
			if err != nil {
				t.Fatal(err)
			}
			// (a)
			tsinceGS := (goSatJD(tt) - jdEpochGS) * 1440
			ra1, _, err1 := ours.PropagateMinutes(tsinceGS)
			ra2, _, err2 := sameEpoch.PropagateMinutes(tsinceGS)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			if d := dist3(ra1, rg); d > maxA1 {
				maxA1, worstA1 = d, es.CatalogNumber
			}
			if d := dist3(ra2, rg); d > maxA2 {
				maxA2, worstA2 = d, es.CatalogNumber
			}
			// (b)
			rb, vb, err := ours.Propagate(tt)
			if err != nil {
				t.Fatal(err)
			}
			d := dist3(rb, rg)
			bound := coeNorm(vb)*dtTrunc + 1e-3
			if d > bound {
				t.Errorf("%d at %v: |Δr| %.4f km > |v|·Δt + 1 m = %.4f km", es.CatalogNumber, tt, d, bound)
			}
			if d > maxB {
				maxB, worstB = d, es.CatalogNumber
			}
			maxBExcess = math.Max(maxBExcess, d-coeNorm(vb)*dtTrunc)
			n++
		}
	}
	if maxA1 >= 1e-3 {
		t.Errorf("(a1) same tsince: max |Δr| %.3g m (catalog %d), want < 1 m", maxA1*1e3, worstA1)
	}
	if maxA2 >= 1e-6 {
		t.Errorf("(a2) same tsince and epoch: max |Δr| %.3g m (catalog %d), want < 1 mm", maxA2*1e3, worstA2)
	}
	t.Logf("%d sats, %d epochs: (a1) same tsince max |Δr| = %.3g m (catalog %d); (a2) same tsince and epoch JD: %.3g m (catalog %d)",
		len(recs), n, maxA1*1e3, worstA1, maxA2*1e3, worstA2)
	t.Logf("(b) public Propagate: max |Δr| = %.1f m (catalog %d), max excess over |v|·Δt = %.3g m",
		maxB*1e3, worstB, maxBExcess*1e3)
}

// TestGoSatelliteSubSecond shows the sub-second truncation of t: go-satellite
// at t + 0.9 s equals go-satellite at t.
func TestGoSatelliteSubSecond(t *testing.T) {
	rec := readGNSSRecords(t)[0]
	gs, err := NewGoSatellite(&rec.tle.es)
	if err != nil {
		t.Fatal(err)
	}
	t0 := rec.tle.es.Epoch.Truncate(time.Second).Add(time.Hour)
	r0, _, err0 := gs.Propagate(t0)
	r1, _, err1 := gs.Propagate(t0.Add(900 * time.Millisecond))
	if err0 != nil || err1 != nil {
		t.Fatal(err0, err1)
	}
	if r0 != r1 {
		t.Errorf("go-satellite distinguished sub-second times: %v vs %v", r0, r1)
	}
	var _ Propagator = gs
}
