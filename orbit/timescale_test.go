package orbit

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// tsUTC is shorthand for a UTC time.Date.
func tsUTC(y int, mo time.Month, d, h, mi, s, ns int) time.Time {
	return time.Date(y, mo, d, h, mi, s, ns, time.UTC)
}

func TestTimeScaleOffsets2026(t *testing.T) {
	// In 2026: TAI − UTC = 37 s (IERS Bulletin C, unchanged since
	// 2017-01-01), GPST − UTC = 37 − 19 = 18 s (IS-GPS-200), BDT − UTC =
	// 37 − 33 = 4 s (BDS-SIS-ICD), GLONASST − UTC = 3 h (GLONASS ICD).
	at := tsUTC(2026, 3, 18, 12, 0, 0, 123456789)
	tests := []struct {
		s    TimeScale
		want time.Duration
	}{
		{UTC, 0},
		{TAI, 37 * time.Second},
		{GPST, 18 * time.Second},
		{BDT, 4 * time.Second},
		{GLONASST, 3 * time.Hour},
	}
	for _, c := range tests {
		got := ToScale(at, c.s)
		if d := got.Sub(at); d != c.want {
			t.Errorf("%v − UTC = %v, want %v", c.s, d, c.want)
		}
		if got.Location() != time.UTC {
			t.Errorf("ToScale(%v) location %v, want UTC", c.s, got.Location())
		}
		back, err := FromScale(got, c.s)
		if err != nil || !back.Equal(at) {
			t.Errorf("FromScale(ToScale(t, %v)) = %v, %v; want %v", c.s, back, err, at)
		}
	}
	if n := LeapSeconds(at); n != 37 {
		t.Errorf("LeapSeconds(2026-03-18) = %d, want 37", n)
	}
}

func TestLeapSecondsTable(t *testing.T) {
	// IERS Leap_Second.dat (https://hpiers.obspm.fr/iers/bul/bulc/Leap_Second.dat,
	// file of 2025/2026): MJD of the first day with the new TAI − UTC.
	// Written here from the MJD column, independently of the calendar dates
	// in timescale.go.
	want := []struct {
		mjd int64
		dat int
	}{
		{41317, 10}, {41499, 11}, {41683, 12}, {42048, 13}, {42413, 14}, {42778, 15}, {43144, 16},
		{43509, 17}, {43874, 18}, {44239, 19}, {44786, 20}, {45151, 21}, {45516, 22}, {46247, 23},
		{47161, 24}, {47892, 25}, {48257, 26}, {48804, 27}, {49169, 28}, {49534, 29}, {50083, 30},
		{50630, 31}, {51179, 32}, {53736, 33}, {54832, 34}, {56109, 35}, {57204, 36}, {57754, 37},
	}
	if len(leapTable) != len(want) {
		t.Fatalf("leap table has %d entries, IERS list %d", len(leapTable), len(want))
	}
	const mjdUnix = 40587 // MJD of 1970-01-01
	for i, w := range want {
		start := time.Unix((w.mjd-mjdUnix)*86400, 0).UTC()
		if leapTable[i].start != start.Unix() || leapTable[i].taiMinusUTC != w.dat {
			t.Errorf("entry %d: table has %v, %d; IERS %v, %d", i,
				time.Unix(leapTable[i].start, 0).UTC(), leapTable[i].taiMinusUTC, start, w.dat)
		}
		if got := LeapSeconds(start); got != w.dat {
			t.Errorf("LeapSeconds(%v) = %d, want %d", start, got, w.dat)
		}
		before := w.dat - 1
		if i == 0 {
			before = 10 // documented value before 1972
		}
		if got := LeapSeconds(start.Add(-time.Nanosecond)); got != before {
			t.Errorf("LeapSeconds(1 ns before %v) = %d, want %d", start, got, before)
		}
		// Structure: leap seconds so far were all at the end of June or
		// December, one second each.
		if start.Day() != 1 || start.Month() != time.January && start.Month() != time.July {
			t.Errorf("entry %d starts %v, not on Jan 1 or Jul 1", i, start)
		}
	}
	if got := LeapSeconds(tsUTC(1960, 1, 1, 0, 0, 0, 0)); got != 10 {
		t.Errorf("LeapSeconds(1960) = %d, want the documented 10", got)
	}
}

func TestLeapSecond2016(t *testing.T) {
	// The leap second 2016-12-31T23:59:60 UTC (IERS Bulletin C 52).
	before := tsUTC(2016, 12, 31, 23, 59, 59, 0)
	after := tsUTC(2017, 1, 1, 0, 0, 0, 0) // 2 s of real time after `before`
	if LeapSeconds(before) != 36 || LeapSeconds(after) != 37 {
		t.Fatalf("LeapSeconds = %d, %d; want 36, 37", LeapSeconds(before), LeapSeconds(after))
	}
	tests := []struct {
		s             TimeScale
		before, after time.Time // expected readings
	}{
		{TAI, tsUTC(2017, 1, 1, 0, 0, 35, 0), tsUTC(2017, 1, 1, 0, 0, 37, 0)},
		{GPST, tsUTC(2017, 1, 1, 0, 0, 16, 0), tsUTC(2017, 1, 1, 0, 0, 18, 0)},
		{BDT, tsUTC(2017, 1, 1, 0, 0, 2, 0), tsUTC(2017, 1, 1, 0, 0, 4, 0)},
		{GLONASST, tsUTC(2017, 1, 1, 2, 59, 59, 0), tsUTC(2017, 1, 1, 3, 0, 0, 0)},
	}
	for _, c := range tests {
		b, a := ToScale(before, c.s), ToScale(after, c.s)
		if !b.Equal(c.before) || !a.Equal(c.after) {
			t.Errorf("%v readings %v, %v; want %v, %v", c.s, b, a, c.before, c.after)
		}
	}
	// GPST seconds of week count the 2 s that really elapse (week 1930
	// began 2017-01-01 00:00:00 GPST, a Sunday: 13 510 days after the GPS
	// epoch).
	wb, sb := GPSWeekSeconds(before)
	wa, sa := GPSWeekSeconds(after)
	if wb != 1930 || sb != 16 || wa != 1930 || sa != 18 {
		t.Errorf("GPS week/sow across the leap second: %d, %v then %d, %v; want 1930, 16 then 1930, 18", wb, sb, wa, sa)
	}

	// Inverse: readings during the leap second have no time.Time.
	inverse := []struct {
		s       TimeScale
		reading time.Time
		want    time.Time
		leap    bool
	}{
		{GPST, tsUTC(2017, 1, 1, 0, 0, 16, 500000000), tsUTC(2016, 12, 31, 23, 59, 59, 500000000), false},
		{GPST, tsUTC(2017, 1, 1, 0, 0, 17, 0), after, true},
		{GPST, tsUTC(2017, 1, 1, 0, 0, 17, 999999999), after, true},
		{GPST, tsUTC(2017, 1, 1, 0, 0, 18, 0), after, false},
		{TAI, tsUTC(2017, 1, 1, 0, 0, 36, 250000000), after, true},
		{BDT, tsUTC(2017, 1, 1, 0, 0, 3, 0), after, true},
		{BDT, tsUTC(2017, 1, 1, 0, 0, 4, 0), after, false},
		{GLONASST, tsUTC(2017, 1, 1, 2, 59, 59, 999999999), tsUTC(2016, 12, 31, 23, 59, 59, 999999999), false},
		{GLONASST, tsUTC(2017, 1, 1, 3, 0, 0, 0), after, false},
		{UTC, after, after, false},
	}
	for _, c := range inverse {
		got, err := FromScale(c.reading, c.s)
		if c.leap != errors.Is(err, ErrLeapSecond) || (!c.leap && err != nil) {
			t.Errorf("FromScale(%v, %v) error = %v, want leap=%v", c.reading, c.s, err, c.leap)
		}
		if !got.Equal(c.want) {
			t.Errorf("FromScale(%v, %v) = %v, want %v", c.reading, c.s, got, c.want)
		}
	}
}

func TestFromScaleRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	a := tsUTC(1972, 1, 1, 0, 0, 0, 0).UnixNano()
	b := tsUTC(2030, 1, 1, 0, 0, 0, 0).UnixNano()
	times := []time.Time{tsUTC(1972, 1, 1, 0, 0, 0, 0), tsUTC(1971, 12, 31, 23, 59, 59, 999999999), tsUTC(1965, 5, 5, 5, 5, 5, 5)}
	for _, e := range leapTable { // both sides of every leap second
		s := time.Unix(e.start, 0).UTC()
		times = append(times, s, s.Add(-time.Nanosecond), s.Add(-time.Second))
	}
	for range 20000 {
		times = append(times, time.Unix(0, a+rng.Int64N(b-a)).UTC())
	}
	for _, tm := range times {
		for s := UTC; s <= GST; s++ {
			back, err := FromScale(ToScale(tm, s), s)
			if err != nil || !back.Equal(tm) {
				t.Fatalf("FromScale(ToScale(%v, %v)) = %v, %v", tm, s, back, err)
			}
		}
	}
	// The location of the reading is ignored: its wall clock is the reading.
	r := time.Date(2026, 3, 18, 0, 0, 18, 0, time.FixedZone("X", 5*3600))
	if got, err := FromScale(r, GPST); err != nil || !got.Equal(tsUTC(2026, 3, 18, 0, 0, 0, 0)) {
		t.Errorf("FromScale(reading in +05:00, GPST) = %v, %v; want 2026-03-18T00:00:00Z", got, err)
	}
}

// civilDayNumber is the Fliegel & Van Flandern (1968, Comm. ACM 11, 657)
// integer Julian day number of a Gregorian date, used as a calculation of
// day counts independent of package time.
func civilDayNumber(y, m, d int) int {
	return (1461*(y+4800+(m-14)/12))/4 + (367*(m-2-12*((m-14)/12)))/12 -
		(3*((y+4900+(m-14)/12)/100))/4 + d - 32075
}

func TestGPSWeekSeconds(t *testing.T) {
	// Independent check of the brief's figure: 2026-03-18 is GPS week 2410,
	// day 3 (Wednesday); days from the GPS epoch 1980-01-06 by the
	// Fliegel–Van Flandern formula.
	days := civilDayNumber(2026, 3, 18) - civilDayNumber(1980, 1, 6)
	if days/7 != 2410 || days%7 != 3 {
		t.Fatalf("independent day count: %d days = week %d day %d, want 2410, 3", days, days/7, days%7)
	}
	tests := []struct {
		src  string
		t    time.Time
		week int
		sow  float64
	}{
		// Day 3 of week 2410 at 00:00 UTC, GPST = UTC + 18 s.
		{"2026-03-18 00:00 UTC", tsUTC(2026, 3, 18, 0, 0, 0, 0), 2410, 3*86400 + 18},
		{"2026-03-18 12:34:56.25 UTC", tsUTC(2026, 3, 18, 12, 34, 56, 250000000), 2410, 3*86400 + 12*3600 + 34*60 + 56.25 + 18},
		// GPS week rollovers (US Coast Guard NAVCEN / DHS notices): week
		// 1024 began 1999-08-21T23:59:47 UTC (GPST − UTC = 13 s) and week
		// 2048 began 2019-04-06T23:59:42 UTC (GPST − UTC = 18 s).
		{"rollover 1", tsUTC(1999, 8, 21, 23, 59, 47, 0), 1024, 0},
		{"rollover 2", tsUTC(2019, 4, 6, 23, 59, 42, 0), 2048, 0},
		{"1 ns before rollover 2", tsUTC(2019, 4, 6, 23, 59, 41, 999999999), 2047, 604799.999999999},
		// GPS epoch (IS-GPS-200: 1980-01-06 00:00:00 UTC, TAI − UTC = 19 s).
		{"GPS epoch", tsUTC(1980, 1, 6, 0, 0, 0, 0), 0, 0},
		{"before the GPS epoch", tsUTC(1980, 1, 5, 23, 59, 59, 0), -1, 604799},
	}
	for _, c := range tests {
		w, s := GPSWeekSeconds(c.t)
		if w != c.week || s != c.sow {
			t.Errorf("%s: GPSWeekSeconds = %d, %.9f; want %d, %.9f", c.src, w, s, c.week, c.sow)
		}
	}
}

func TestBDSWeekSeconds(t *testing.T) {
	tests := []struct {
		src  string
		t    time.Time
		week int
		sow  float64
	}{
		// BDS-SIS-ICD-B1I-3.0 (time system): BDT week 0 starts 2006-01-01
		// 00:00:00 UTC.
		{"BDT epoch", tsUTC(2006, 1, 1, 0, 0, 0, 0), 0, 0},
		// 2026-03-18 00:00 UTC: GPS week 2410 − 1356 = BDS week 1054; BDT =
		// UTC + 4 s.
		{"2026-03-18", tsUTC(2026, 3, 18, 0, 0, 0, 0), 1054, 3*86400 + 4},
		// Half a second before 2005-12-31T23:59:60 UTC (the leap second of
		// 2005, TAI − UTC 32 -> 33): BDT = UTC − 1 s then.
		{"before the BDT epoch", tsUTC(2005, 12, 31, 23, 59, 59, 500000000), -1, 604798.5},
	}
	for _, c := range tests {
		w, s := BDSWeekSeconds(c.t)
		if w != c.week || s != c.sow {
			t.Errorf("%s: BDSWeekSeconds = %d, %.9f; want %d, %.9f", c.src, w, s, c.week, c.sow)
		}
	}
	// The BDT epoch fell in GPS week 1356 at GPS second 14 (GPST − BDT = 14 s;
	// day count from 1980-01-06 by Fliegel–Van Flandern is 1356 weeks exactly).
	if d := civilDayNumber(2006, 1, 1) - civilDayNumber(1980, 1, 6); d != 1356*7 {
		t.Fatalf("independent day count to 2006-01-01: %d, want %d", d, 1356*7)
	}
	if w, s := GPSWeekSeconds(tsUTC(2006, 1, 1, 0, 0, 0, 0)); w != 1356 || s != 14 {
		t.Errorf("GPS week/sow at the BDT epoch = %d, %v; want 1356, 14", w, s)
	}
	// Generally: BDS week = GPS week − 1356 and sow differs by 14 s.
	rng := rand.New(rand.NewPCG(33, 34))
	a := tsUTC(2006, 1, 1, 0, 0, 0, 0).UnixNano()
	b := tsUTC(2040, 1, 1, 0, 0, 0, 0).UnixNano()
	for range 10000 {
		tm := time.Unix(0, a+rng.Int64N(b-a))
		gw, gs := GPSWeekSeconds(tm)
		bw, bs := BDSWeekSeconds(tm)
		got := float64(bw-gw+1356)*604800 + bs - gs
		if math.Abs(got+14) > 1e-9 { // float64 sow near 6e5 s resolves 1.2e-10 s
			t.Fatalf("at %v: BDT − GPST = %v s, want −14", tm, got)
		}
	}
}

func TestParseTimeScale(t *testing.T) {
	tests := []struct {
		in   string
		want TimeScale
		ok   bool
	}{
		{"UTC", UTC, true}, {"tai", TAI, true}, {"GPST", GPST, true}, {"gps", GPST, true},
		{" BDT ", BDT, true}, {"BDS", BDT, true}, {"GLONASST", GLONASST, true}, {"glo", GLONASST, true},
		{"Glonass", GLONASST, true}, {"GST", GST, true}, {"gal", GST, true}, {"", 0, false}, {"UT1", 0, false},
	}
	for _, c := range tests {
		got, err := ParseTimeScale(c.in)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("ParseTimeScale(%q) = %v, %v; want %v, ok=%v", c.in, got, err, c.want, c.ok)
		}
		if c.ok {
			txt, err := got.MarshalText()
			var back TimeScale
			if err != nil || back.UnmarshalText(txt) != nil || back != got || string(txt) != got.String() {
				t.Errorf("%v: text round trip gave %q, %v, %v", got, txt, back, err)
			}
		}
	}
	var s TimeScale
	if err := s.UnmarshalText([]byte("bogus")); err == nil {
		t.Error("UnmarshalText(bogus) succeeded")
	}
	bad := TimeScale(9)
	if bad.String() != "TimeScale(9)" {
		t.Errorf("String of invalid scale = %q", bad.String())
	}
	if _, err := bad.MarshalText(); err == nil {
		t.Error("MarshalText of invalid scale succeeded")
	}
	if !ToScale(tsUTC(2026, 1, 1, 0, 0, 0, 0), bad).IsZero() {
		t.Error("ToScale with an invalid scale is not the zero time")
	}
	if _, err := FromScale(tsUTC(2026, 1, 1, 0, 0, 0, 0), bad); err == nil {
		t.Error("FromScale with an invalid scale succeeded")
	}
}

func TestGST(t *testing.T) {
	// Galileo OS SIS ICD issue 2.0, sec. 5.1.2: GST is steered to GPST (the
	// GGTO residual is ignored); the GST start epoch 1999-08-22 00:00:00 GST
	// is 1999-08-21T23:59:47 UTC (13 s ahead of UTC), the start of GPS week
	// 1024 (NAVCEN rollover notice, also in TestGPSWeekSeconds).
	at := tsUTC(2026, 3, 18, 12, 0, 0, 123456789)
	if d := ToScale(at, GST).Sub(at); d != 18*time.Second {
		t.Errorf("GST − UTC in 2026 = %v, want 18s", d)
	}
	if !ToScale(at, GST).Equal(ToScale(at, GPST)) {
		t.Error("GST reading differs from the GPST reading")
	}
	if w, s := GSTWeekSeconds(tsUTC(1999, 8, 21, 23, 59, 47, 0)); w != 0 || s != 0 {
		t.Errorf("GST week/sow at the GST start epoch = %d, %v; want 0, 0", w, s)
	}
	if w, s := GSTWeekSeconds(tsUTC(1999, 8, 21, 23, 59, 46, 0)); w != -1 || s != 604799 {
		t.Errorf("GST week/sow 1 s before the start epoch = %d, %v; want -1, 604799", w, s)
	}
	rng := rand.New(rand.NewPCG(35, 36))
	a := tsUTC(1999, 8, 22, 0, 0, 0, 0).UnixNano()
	b := tsUTC(2040, 1, 1, 0, 0, 0, 0).UnixNano()
	for range 10000 {
		tm := time.Unix(0, a+rng.Int64N(b-a))
		gw, gs := GPSWeekSeconds(tm)
		ew, es := GSTWeekSeconds(tm)
		if ew != gw-1024 || es != gs {
			t.Fatalf("at %v: GST week/sow %d, %v; GPS %d, %v (want GPS week − 1024, same sow)", tm, ew, es, gw, gs)
		}
	}
	// Across the leap second of 2016-12-31, GST counts like GPST.
	if got := ToScale(tsUTC(2017, 1, 1, 0, 0, 0, 0), GST); !got.Equal(tsUTC(2017, 1, 1, 0, 0, 18, 0)) {
		t.Errorf("GST reading at 2017-01-01T00:00:00Z = %v, want 00:00:18", got)
	}
	if back, err := FromScale(tsUTC(2017, 1, 1, 0, 0, 17, 0), GST); !errors.Is(err, ErrLeapSecond) || !back.Equal(tsUTC(2017, 1, 1, 0, 0, 0, 0)) {
		t.Errorf("FromScale(GST reading inside the leap second) = %v, %v; want 2017-01-01T00:00:00Z, ErrLeapSecond", back, err)
	}
}
