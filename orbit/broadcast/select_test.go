package broadcast

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/ephemeris/rinex"
	"github.com/gnssim/gnssim/orbit"
)

// The selection tests use real records of the ESBC file moved in time:
// only their reference and transmission times change, which is all the
// selection looks at.

var day = time.Date(2020, 6, 25, 0, 0, 0, 0, time.UTC)

// at returns the reading hh:mm on the test day (a label of some scale).
func at(hh, mm int) time.Time {
	return day.Add(time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute)
}

// utcOf returns the UTC instant of a reading of scale s.
func utcOf(tb testing.TB, label time.Time, s orbit.TimeScale) time.Time {
	t, err := orbit.FromScale(label, s)
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

// moveKepler sets t_oe (and t_oc) of a Keplerian record copy to the reading
// toe, its transmission time to tx (zero: unknown) and its line to line.
func moveKepler(k *rinex.Kepler, info *rinex.RecordInfo, toe time.Time, line int) {
	base := time.Date(1980, 1, 6, 0, 0, 0, 0, time.UTC)
	if info.Sat.System == ephemeris.BeiDou {
		base = time.Date(2006, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	secs := toe.Sub(base).Seconds()
	k.Week = int(math.Floor(secs / 604800))
	k.Toe = secs - float64(k.Week)*604800
	k.ToeTime, info.Epoch, info.Line = toe, toe, line
}

func gpsRec(tb testing.TB, toe, tx time.Time, line int) *rinex.GPSEph {
	g := *recordAt(tb, 15880).(*rinex.GPSEph)
	moveKepler(&g.Kepler, &g.RecordInfo, toe, line)
	g.Transmit = tx
	return &g
}

func galRec(tb testing.TB, toe, tx time.Time, line int, msg rinex.Message) *rinex.GalileoEph {
	src := 3072 // E01 I/NAV
	if msg == rinex.FNAV {
		src = 3064
	}
	g := *recordAt(tb, src).(*rinex.GalileoEph)
	moveKepler(&g.Kepler, &g.RecordInfo, toe, line)
	g.Transmit = tx
	return &g
}

func bdsRec(tb testing.TB, toe, tx time.Time, line int) *rinex.BeiDouEph {
	b := *recordAt(tb, 1304).(*rinex.BeiDouEph) // C19 D1
	moveKepler(&b.Kepler, &b.RecordInfo, toe, line)
	b.Transmit = tx
	return &b
}

func qzsRec(tb testing.TB, toe, tx time.Time, line int) *rinex.GPSEph {
	g := *recordAt(tb, 17936).(*rinex.GPSEph) // J01
	moveKepler(&g.Kepler, &g.RecordInfo, toe, line)
	g.Transmit = tx
	return &g
}

func gloRec(tb testing.TB, tb0, tx time.Time, line int) *rinex.GLONASSEph {
	g := *recordAt(tb, 18056).(*rinex.GLONASSEph) // R01
	g.Epoch, g.Transmit, g.Line = tb0, tx, line
	return &g
}

// check is one expectation: at the UTC instant t, satellite id uses the
// record of the given line (0: a gap).
type check struct {
	t    time.Time
	line int
}

func runChecks(t *testing.T, name string, recs []rinex.Record, opt Options, id string, checks []check) *Source {
	t.Helper()
	src, err := NewSource(&rinex.File{Records: recs}, opt)
	if err != nil {
		t.Fatal(err)
	}
	sat, ok := src.Index(id)
	if !ok {
		t.Fatalf("%s: no satellite %s", name, id)
	}
	for _, c := range checks {
		rec, ok := src.Record(sat, c.t)
		got := 0
		if ok {
			got = rec.Info().Line
		}
		p, pok := src.Position(sat, c.t)
		if got != c.line || pok != ok || (ok && math.IsNaN(p[0])) || (!ok && !math.IsNaN(p[0])) {
			t.Errorf("%s at %s UTC: record of line %d (position %v, %v); want line %d", name, c.t.Format("15:04:05"), got, p, pok, c.line)
		}
	}
	return src
}

// TestSelectGPS: fit interval centred on t_oe, transmission time, latest
// transmitted record, health, margin and fit-interval field.
func TestSelectGPS(t *testing.T) {
	g := func(label time.Time) time.Time { return utcOf(t, label, orbit.GPST) }
	a := gpsRec(t, at(4, 0), at(2, 0), 1)  // usable GPST [02:00, 06:05)
	b := gpsRec(t, at(6, 0), at(4, 30), 2) // usable GPST [04:30, 08:05)
	runChecks(t, "GPS", []rinex.Record{a, b}, Options{}, "G01", []check{
		{g(at(1, 59)), 0},                      // before A was transmitted (and before its fit interval)
		{g(at(2, 0)), 1},                       // from A's transmission
		{g(at(4, 29)), 1},                      // B not yet transmitted
		{g(at(4, 30)), 2},                      // B transmitted later than A: B
		{g(at(8, 4)), 2},                       // B until t_oe + 2 h + margin
		{g(at(8, 5)), 0},                       // then a gap
		{g(at(8, 5)).Add(-time.Nanosecond), 2}, // the interval is [start, end)
	})

	// B unhealthy: A serves to its end (06:05), then nothing; the
	// rejection is reported. With IncludeUnhealthy B is used.
	bu := *b
	bu.Health = 1
	src := runChecks(t, "GPS unhealthy", []rinex.Record{a, &bu}, Options{}, "G01", []check{
		{g(at(5, 0)), 1}, {g(at(6, 4)), 1}, {g(at(6, 5)), 0}, {g(at(7, 0)), 0},
	})
	if rj := src.Rejected(); len(rj) != 1 || rj[0].Record != &bu || rj[0].Reason != "unhealthy" {
		t.Errorf("rejected %+v", rj)
	}
	runChecks(t, "GPS include unhealthy", []rinex.Record{a, &bu}, Options{IncludeUnhealthy: true}, "G01", []check{{g(at(5, 0)), 2}})

	// Unknown transmission time: usable from the start of the fit
	// interval (t_oe − 2 h).
	bx := *b
	bx.Transmit = time.Time{}
	runChecks(t, "GPS unknown transmission", []rinex.Record{a, &bx}, Options{}, "G01", []check{
		{g(at(3, 59)), 1}, {g(at(4, 0)), 2},
	})

	// Margin: none, or 20 min.
	runChecks(t, "GPS no margin", []rinex.Record{a}, Options{Margin: -1}, "G01", []check{
		{g(at(5, 59)), 1}, {g(at(6, 0)), 0},
	})
	runChecks(t, "GPS 20 min margin", []rinex.Record{a}, Options{Margin: 20 * time.Minute}, "G01", []check{
		{g(at(6, 19)), 1}, {g(at(6, 20)), 0},
	})

	// A fit-interval field of 6 h: t_oe ± 3 h (and transmission unknown).
	a6 := *a
	a6.FitHours, a6.Transmit = 6, time.Time{}
	runChecks(t, "GPS 6 h fit", []rinex.Record{&a6}, Options{}, "G01", []check{
		{g(at(0, 59)), 0}, {g(at(1, 0)), 1}, {g(at(7, 4)), 1}, {g(at(7, 5)), 0},
	})
	// The flag value 1 ("more than 4 h") is taken conservatively as 4 h.
	a1 := *a
	a1.FitHours = 1
	runChecks(t, "GPS fit flag 1", []rinex.Record{&a1}, Options{}, "G01", []check{{g(at(6, 4)), 1}, {g(at(6, 5)), 0}})
}

// TestSelectGalileoStartOfValidity: a Galileo record is valid from its t_oe
// for 4 h. A successor whose t_oe is nearer to t than the current record's
// is still not used before its own t_oe, even if already received.
func TestSelectGalileoStartOfValidity(t *testing.T) {
	e := func(label time.Time) time.Time { return utcOf(t, label, orbit.GST) }
	old := galRec(t, at(8, 0), at(8, 10), 1, rinex.INAV)
	next := galRec(t, at(12, 0), at(11, 0), 2, rinex.INAV) // received an hour before its t_oe (artificial)
	runChecks(t, "Galileo", []rinex.Record{old, next}, Options{}, "E01", []check{
		{e(at(8, 5)), 0},   // t_oe passed but not yet received
		{e(at(8, 10)), 1},  // received
		{e(at(11, 30)), 1}, // "nearest t_oe" would take line 2 (30 min away): not before its t_oe
		{e(at(12, 0)), 2},  // from its t_oe
		{e(at(16, 4)), 2},  // t_oe + 4 h + margin
		{e(at(16, 5)), 0},  // then a gap
	})
	// Without a successor the old record serves until t_oe + 4 h + margin.
	runChecks(t, "Galileo alone", []rinex.Record{old}, Options{}, "E01", []check{{e(at(12, 4)), 1}, {e(at(12, 5)), 0}})
}

// TestSelectGalileoNav: I/NAV by default, F/NAV on request, both with
// GalileoAny where the same data set in both messages counts once (with its
// earliest reception).
func TestSelectGalileoNav(t *testing.T) {
	e := func(label time.Time) time.Time { return utcOf(t, label, orbit.GST) }
	in := galRec(t, at(8, 0), at(8, 10), 1, rinex.INAV)
	fn := galRec(t, at(10, 0), at(10, 10), 2, rinex.FNAV)
	recs := []rinex.Record{in, fn}
	src := runChecks(t, "I/NAV", recs, Options{}, "E01", []check{{e(at(9, 0)), 1}, {e(at(11, 0)), 1}})
	if rj := src.Rejected(); len(rj) != 1 || !strings.Contains(rj[0].Reason, "FNAV") {
		t.Errorf("rejected %+v", rj)
	}
	runChecks(t, "F/NAV", recs, Options{Galileo: GalileoFNAV}, "E01", []check{{e(at(9, 0)), 0}, {e(at(11, 0)), 2}})
	runChecks(t, "any", recs, Options{Galileo: GalileoAny}, "E01", []check{{e(at(9, 0)), 1}, {e(at(11, 0)), 2}})

	// The real E01 pair of 2020-06-24 23:30 (lines 3064 F/NAV and 3072
	// I/NAV, IODnav 61, the same elements): one entry with GalileoAny,
	// usable from the earlier reception (I/NAV, 23:41:05 GST).
	f := &rinex.File{Records: []rinex.Record{recordAt(t, 3064), recordAt(t, 3072)}}
	src, _ = NewSource(f, Options{Galileo: GalileoAny})
	sat, _ := src.Index("E01")
	if n := src.Satellites()[sat].Records; n != 1 || len(src.Rejected()) != 1 || !strings.Contains(src.Rejected()[0].Reason, "duplicate") {
		t.Errorf("GalileoAny: %d records, rejected %+v", n, src.Rejected())
	}
	if cov := src.Coverage(sat); len(cov) != 1 || !cov[0].Start.Equal(utcOf(t, time.Date(2020, 6, 24, 23, 41, 5, 0, time.UTC), orbit.GST)) {
		t.Errorf("GalileoAny coverage %v", cov)
	}
}

// TestSelectBeiDouQZSSGLONASS: BeiDou [t_oe, t_oe + 1 h], QZSS t_oe ± 1 h,
// GLONASS t_b ± 15 min, each plus the margin and from the transmission.
func TestSelectBeiDouQZSSGLONASS(t *testing.T) {
	c := func(label time.Time) time.Time { return utcOf(t, label, orbit.BDT) }
	b1 := bdsRec(t, at(10, 0), at(10, 0).Add(28*time.Second), 1)
	b2 := bdsRec(t, at(11, 0), at(11, 0).Add(28*time.Second), 2)
	runChecks(t, "BeiDou", []rinex.Record{b1, b2}, Options{}, "C19", []check{
		{c(at(9, 59)), 0}, {c(at(10, 0)), 0}, {c(at(10, 0)).Add(28 * time.Second), 1},
		{c(at(11, 0)).Add(27 * time.Second), 1}, // the margin bridges the successor's 28 s
		{c(at(11, 0)).Add(28 * time.Second), 2},
		{c(at(12, 4)), 2}, {c(at(12, 5)), 0},
	})
	q := func(label time.Time) time.Time { return utcOf(t, label, orbit.GPST) }
	j := qzsRec(t, at(11, 0), at(10, 36), 1) // like the real J01: transmitted 24 min before t_oe
	runChecks(t, "QZSS", []rinex.Record{j}, Options{}, "J01", []check{
		{q(at(10, 35)), 0}, {q(at(10, 36)), 1}, {q(at(12, 4)), 1}, {q(at(12, 5)), 0},
	})
	// GLONASS: records at t_b 10:15 and 11:45 (10:45 and 11:15 missing),
	// each transmitted 15 min before t_b as in the real file.
	r1 := gloRec(t, at(10, 15), at(10, 0), 1)
	r2 := gloRec(t, at(11, 45), at(11, 30), 2)
	src := runChecks(t, "GLONASS", []rinex.Record{r1, r2}, Options{}, "R01", []check{
		{at(9, 59), 0}, {at(10, 0), 1}, {at(10, 34), 1}, {at(10, 35), 0}, {at(11, 29), 0}, {at(11, 30), 2}, {at(12, 4), 2}, {at(12, 5), 0},
	})
	// The gap is reported, and the grid has NaN exactly there.
	sat, _ := src.Index("R01")
	gaps := src.Gaps(sat, at(10, 0), at(12, 5))
	if len(gaps) != 1 || !gaps[0].Start.Equal(at(10, 35)) || !gaps[0].End.Equal(at(11, 30)) || gaps[0].Duration() != 55*time.Minute {
		t.Errorf("gaps %v, want [10:35, 11:30)", gaps)
	}
	all := src.Gaps(sat, at(9, 0), at(13, 0))
	if len(all) != 3 || !all[0].Start.Equal(at(9, 0)) || !all[0].End.Equal(at(10, 0)) || !all[2].Start.Equal(at(12, 5)) || !all[2].End.Equal(at(13, 0)) {
		t.Errorf("gaps over 09:00-13:00 %v", all)
	}
	grid := orbit.EpochGrid{Start: at(10, 0), Step: time.Minute, N: 125}
	x, y, z := make([]float64, grid.N), make([]float64, grid.N), make([]float64, grid.N)
	n, err := src.FillGrid(sat, grid, x, y, z)
	if err != nil || n != 35+35 {
		t.Fatalf("FillGrid: %d valid, %v; want 70", n, err)
	}
	for k := range grid.N {
		inGap := !grid.Time(k).Before(at(10, 35)) && grid.Time(k).Before(at(11, 30))
		if math.IsNaN(x[k]) != inGap || math.IsNaN(y[k]) != inGap || math.IsNaN(z[k]) != inGap {
			t.Fatalf("epoch %v: x %v, in gap %v", grid.Time(k), x[k], inGap)
		}
	}
	if sats := src.Satellites(); len(sats) != 1 || !sats[0].HasFreqChannel || sats[0].FreqChannel != 1 || sats[0].Orbit != MEO || sats[0].Records != 2 {
		t.Errorf("satellites %+v", sats)
	}
}

// TestSelectDuplicates: the same data set read twice counts once, usable
// from its earliest reception; a record transmitted after its fit interval
// is refused.
func TestSelectDuplicates(t *testing.T) {
	g := func(label time.Time) time.Time { return utcOf(t, label, orbit.GPST) }
	late := gpsRec(t, at(4, 0), at(3, 0), 1)
	early := gpsRec(t, at(4, 0), at(2, 30), 2)
	src := runChecks(t, "duplicates", []rinex.Record{late, early}, Options{}, "G01", []check{
		{g(at(2, 29)), 0}, {g(at(2, 30)), 1}, {g(at(5, 0)), 1},
	})
	if rj := src.Rejected(); len(rj) != 1 || rj[0].Record != early || !strings.Contains(rj[0].Reason, "duplicate of the record of line 1") {
		t.Errorf("rejected %+v", rj)
	}
	stale := gpsRec(t, at(4, 0), at(7, 0), 3)
	src, _ = NewSource(&rinex.File{Records: []rinex.Record{stale}}, Options{})
	if src.Len() != 0 || len(src.Rejected()) != 1 || !strings.Contains(src.Rejected()[0].Reason, "after the end of its fit interval") {
		t.Errorf("stale record: %d satellites, rejected %+v", src.Len(), src.Rejected())
	}
}

func TestSelectSystemsAndOrder(t *testing.T) {
	f := readESBC(t)
	src, err := NewSource(f, Options{Systems: []ephemeris.System{ephemeris.GPS, ephemeris.GLONASS}})
	if err != nil {
		t.Fatal(err)
	}
	sats := src.Satellites()
	if len(sats) != 23+31 || sats[0].ID != "R01" || sats[len(sats)-1].ID != "G32" {
		t.Errorf("%d satellites, first %s last %s", len(sats), sats[0].ID, sats[len(sats)-1].ID)
	}
	for i, s := range sats {
		if j, ok := src.Index(s.ID); !ok || j != i {
			t.Errorf("Index(%s) = %d, %v", s.ID, j, ok)
		}
	}
	if _, ok := src.Index("E01"); ok {
		t.Error("Galileo satellite present despite the Systems filter")
	}
	if _, err := NewSource(nil, Options{}); err == nil {
		t.Error("NewSource(nil) succeeded")
	}
}
