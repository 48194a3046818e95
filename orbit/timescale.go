package orbit

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// TimeScale names a time scale a GNSS user meets. The zero value is UTC.
type TimeScale uint8

// The time scales. GPST, BDT and GLONASST are the system times as realised
// by the broadcast navigation messages, related to UTC by their definitions
// (ignoring the nanosecond-level steering offsets each system broadcasts).
const (
	UTC      TimeScale = iota // Coordinated Universal Time (has leap seconds)
	TAI                       // International Atomic Time: TAI = UTC + LeapSeconds
	GPST                      // GPS Time: TAI − 19 s; epoch 1980-01-06 00:00:00 UTC (IS-GPS-200)
	BDT                       // BeiDou Time: TAI − 33 s; epoch 2006-01-01 00:00:00 UTC (BDS-SIS-ICD-B1I)
	GLONASST                  // GLONASS Time: UTC(SU) + 3 h, follows leap seconds (GLONASS ICD ed. 5.1)
	GST                       // Galileo System Time: TAI − 19 s (= GPST up to the broadcast GGTO); week 0 from 1999-08-22 00:00:00 GST (Galileo OS SIS ICD 5.1.2)
)

// Offsets of the atomic scales from TAI, seconds. GPS time starts at
// 1980-01-06 00:00:00 UTC and has no leap seconds (IS-GPS-200 sec. 3.3.4);
// TAI − UTC was 19 s then, so GPST = TAI − 19 s. BDT starts at 2006-01-01
// 00:00:00 UTC without leap seconds (BDS-SIS-ICD-B1I-3.0, time system);
// TAI − UTC was 33 s then, so BDT = TAI − 33 s and GPST − BDT = 14 s.
const (
	gpstMinusTAISec = -19
	bdtMinusTAISec  = -33
)

// GST is steered to be GPST (Galileo OS SIS ICD issue 2.0, sec. 5.1.2: its
// start epoch, 00:00 on 22 August 1999, has GST 13 s ahead of UTC, as GPST
// was then); the nanosecond-level difference between the two is the GGTO
// broadcast in the navigation message (RINEX TIME SYSTEM CORR "GAGP"), which
// is ignored here like the other systems' steering offsets.
const gstMinusTAISec = gpstMinusTAISec

// glonasstMinusUTC is GLONASST − UTC (GLONASS ICD edition 5.1: UTC(SU) + 3 h).
const glonasstMinusUTC = 3 * time.Hour

var timeScaleNames = [...]string{UTC: "UTC", TAI: "TAI", GPST: "GPST", BDT: "BDT", GLONASST: "GLONASST", GST: "GST"}

// String returns the scale's canonical name (UTC, TAI, GPST, BDT, GLONASST, GST).
func (s TimeScale) String() string {
	if int(s) < len(timeScaleNames) {
		return timeScaleNames[s]
	}
	return fmt.Sprintf("TimeScale(%d)", uint8(s))
}

// ParseTimeScale parses a time-scale name, case-insensitively: the canonical
// names UTC, TAI, GPST, BDT, GLONASST, GST, and the RINEX 3/4 time-system
// codes GPS, BDS, GLO, GAL (as well as GLONASS).
func ParseTimeScale(s string) (TimeScale, error) {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "UTC":
		return UTC, nil
	case "TAI":
		return TAI, nil
	case "GPST", "GPS":
		return GPST, nil
	case "BDT", "BDS":
		return BDT, nil
	case "GLONASST", "GLONASS", "GLO", "GLOT":
		return GLONASST, nil
	case "GST", "GAL":
		return GST, nil
	}
	return 0, fmt.Errorf("orbit: unknown time scale %q (want UTC, TAI, GPST, BDT, GLONASST or GST)", s)
}

// MarshalText implements encoding.TextMarshaler with the canonical name.
func (s TimeScale) MarshalText() ([]byte, error) {
	if int(s) >= len(timeScaleNames) {
		return nil, fmt.Errorf("orbit: invalid time scale %d", uint8(s))
	}
	return []byte(timeScaleNames[s]), nil
}

// UnmarshalText implements encoding.TextUnmarshaler via ParseTimeScale.
func (s *TimeScale) UnmarshalText(b []byte) error {
	v, err := ParseTimeScale(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// leapEntry says that from UTC instant start on, TAI − UTC = taiMinusUTC s.
type leapEntry struct {
	start       int64 // Unix seconds of the first UTC second with the new offset
	taiMinusUTC int
}

// leapTable is TAI − UTC since 1972 from IERS Bulletin C (and the USNO/IERS
// file Leap_Second.dat / tai-utc.dat). Each line is the first UTC day on
// which the value applies; the leap second itself was inserted as 23:59:60
// of the previous day.
//
// Validity: the last leap second was inserted at the end of 2016-12-31 and
// none had been announced after it as of early 2026. IERS Bulletin C
// (published each January and July) announces a leap second about six
// months ahead, so the table holds at least until the next insertion
// opportunity that Bulletin C has not yet ruled out (end of June or of
// December 2026); later, check the current bulletin
// (https://hpiers.obspm.fr/iers/bul/bulc/bulletinc.dat). To add a leap
// second, append {unixDay(YYYY, M, 1), previous + 1} here and extend
// TestLeapSecondsTable.
var leapTable = [...]leapEntry{
	{unixDay(1972, 1, 1), 10},
	{unixDay(1972, 7, 1), 11},
	{unixDay(1973, 1, 1), 12},
	{unixDay(1974, 1, 1), 13},
	{unixDay(1975, 1, 1), 14},
	{unixDay(1976, 1, 1), 15},
	{unixDay(1977, 1, 1), 16},
	{unixDay(1978, 1, 1), 17},
	{unixDay(1979, 1, 1), 18},
	{unixDay(1980, 1, 1), 19},
	{unixDay(1981, 7, 1), 20},
	{unixDay(1982, 7, 1), 21},
	{unixDay(1983, 7, 1), 22},
	{unixDay(1985, 7, 1), 23},
	{unixDay(1988, 1, 1), 24},
	{unixDay(1990, 1, 1), 25},
	{unixDay(1991, 1, 1), 26},
	{unixDay(1992, 7, 1), 27},
	{unixDay(1993, 7, 1), 28},
	{unixDay(1994, 7, 1), 29},
	{unixDay(1996, 1, 1), 30},
	{unixDay(1997, 7, 1), 31},
	{unixDay(1999, 1, 1), 32},
	{unixDay(2006, 1, 1), 33},
	{unixDay(2009, 1, 1), 34},
	{unixDay(2012, 7, 1), 35},
	{unixDay(2015, 7, 1), 36},
	{unixDay(2017, 1, 1), 37},
}

// unixDay returns the Unix seconds of 00:00:00 UTC on the given date.
func unixDay(year int, month time.Month, day int) int64 {
	return time.Date(year, month, day, 0, 0, 0, 0, time.UTC).Unix()
}

// ErrLeapSecond is returned (wrapped) by FromScale for a clock reading that
// falls inside an inserted leap second, i.e. at UTC 23:59:60.x, which
// time.Time cannot represent.
var ErrLeapSecond = errors.New("reading falls inside a UTC leap second")

// LeapSeconds returns TAI − UTC in seconds at the UTC instant t: 37 from
// 2017-01-01 on (the table is complete as of early 2026; a leap second
// announced later is not known to it — see leapTable in timescale.go). Before
// 1972-01-01 UTC was steered by fractional rate offsets and steps, not leap
// seconds; LeapSeconds returns 10 there, which is wrong by up to ~10 s and
// only keeps the functions defined.
func LeapSeconds(t time.Time) int {
	u := t.Unix()
	for i := len(leapTable) - 1; i >= 0; i-- {
		if u >= leapTable[i].start {
			return leapTable[i].taiMinusUTC
		}
	}
	return leapTable[0].taiMinusUTC
}

// atomicOffsetSec returns (scale − TAI) in seconds for the atomic scales.
func atomicOffsetSec(s TimeScale) (int, bool) {
	switch s {
	case TAI:
		return 0, true
	case GPST:
		return gpstMinusTAISec, true
	case BDT:
		return bdtMinusTAISec, true
	case GST:
		return gstMinusTAISec, true
	}
	return 0, false
}

// ToScale returns the reading of scale s's clock at the UTC instant t, as a
// time.Time in the UTC location so that it formats as that clock's calendar
// reading (e.g. ToScale(t, GPST).Format(...) prints the GPS time of day).
// The result is a label, not a UTC instant: do not compare it with UTC
// times. In 2017–2026 GPST and GST read UTC + 18 s, BDT UTC + 4 s, TAI
// UTC + 37 s, GLONASST UTC + 3 h. An invalid TimeScale value (not one of the constants)
// returns the zero time.Time.
func ToScale(t time.Time, s TimeScale) time.Time {
	t = t.UTC()
	if s == GLONASST {
		return t.Add(glonasstMinusUTC)
	}
	off, ok := atomicOffsetSec(s)
	if !ok {
		if s == UTC {
			return t
		}
		return time.Time{}
	}
	return t.Add(time.Duration(LeapSeconds(t)+off) * time.Second)
}

// FromScale is the inverse of ToScale: the UTC instant at which scale s's
// clock shows reading (its wall-clock fields are read as that scale's
// calendar; its location is ignored).
//
// Around a leap second: for UTC and GLONASST (which steps with UTC) every
// representable reading maps back, the GLONASST reading 02:59:60 being no
// more representable in time.Time than UTC 23:59:60. For TAI, GPST and BDT
// the readings during an inserted leap second (e.g. GPST
// 2017-01-01T00:00:17.x, when UTC read 2016-12-31T23:59:60.x) have no
// time.Time: FromScale then returns the UTC instant at which the leap second
// ends (00:00:00 of the next day) together with an error wrapping
// ErrLeapSecond, so callers may clamp deliberately. Readings before
// 1972-01-01 use TAI − UTC = 10 s (see LeapSeconds). An unknown scale is an
// error.
func FromScale(reading time.Time, s TimeScale) (time.Time, error) {
	y, mo, d := reading.Date()
	hh, mm, ss := reading.Clock()
	r := time.Date(y, mo, d, hh, mm, ss, reading.Nanosecond(), time.UTC)
	switch s {
	case UTC:
		return r, nil
	case GLONASST:
		return r.Add(-glonasstMinusUTC), nil
	}
	off, ok := atomicOffsetSec(s)
	if !ok {
		return time.Time{}, fmt.Errorf("orbit: FromScale: invalid time scale %v", s)
	}
	tai := r.Add(-time.Duration(off) * time.Second) // TAI reading
	taiSec := tai.Unix()
	for i := len(leapTable) - 1; i >= 0; i-- {
		e := leapTable[i]
		if taiSec < e.start+int64(e.taiMinusUTC) {
			continue
		}
		u := tai.Add(-time.Duration(e.taiMinusUTC) * time.Second)
		if i+1 < len(leapTable) && u.Unix() >= leapTable[i+1].start {
			end := time.Unix(leapTable[i+1].start, 0).UTC()
			return end, fmt.Errorf("orbit: FromScale: %v reading %s: %w (UTC %s)",
				s, r.Format("2006-01-02T15:04:05.999999999"), ErrLeapSecond,
				end.Add(-time.Second).Format("2006-01-02T15:04:")+"60")
		}
		return u, nil
	}
	return tai.Add(-time.Duration(leapTable[0].taiMinusUTC) * time.Second), nil
}

// Week epochs (UTC instants at which the systems' week 0 began).
var (
	gpsEpoch = time.Date(1980, 1, 6, 0, 0, 0, 0, time.UTC) // IS-GPS-200 sec. 3.3.4; GPST = UTC then
	bdsEpoch = time.Date(2006, 1, 1, 0, 0, 0, 0, time.UTC) // BDS-SIS-ICD-B1I; BDT = UTC then
	// GST reading at the start of Galileo week 0 (Galileo OS SIS ICD 5.1.2),
	// the instant 1999-08-21T23:59:47 UTC at which GPS week 1024 began.
	galEpoch = time.Date(1999, 8, 22, 0, 0, 0, 0, time.UTC)
)

const secondsPerWeek = 7 * 86400

// weekSeconds splits the reading (a clock label) into whole weeks since
// epoch and seconds of week in [0, 604800), with floor semantics before the
// epoch (negative weeks).
func weekSeconds(reading, epoch time.Time) (week int, sow float64) {
	secs := reading.Unix() - epoch.Unix()
	w := secs / secondsPerWeek
	if secs%secondsPerWeek < 0 {
		w--
	}
	rem := secs - w*secondsPerWeek
	return int(w), float64(rem) + float64(reading.Nanosecond())*1e-9
}

// GPSWeekSeconds returns the GPS week number (continuous, not modulo 1024)
// and the GPST seconds of week [0, 604800) at the UTC instant t. Instants
// before the GPS epoch 1980-01-06 give negative weeks.
func GPSWeekSeconds(t time.Time) (week int, sow float64) {
	return weekSeconds(ToScale(t, GPST), gpsEpoch)
}

// BDSWeekSeconds returns the BeiDou week number (continuous, not modulo
// 8192) and the BDT seconds of week [0, 604800) at the UTC instant t. BDS
// week w starts 14 s after GPS week w + 1356.
// Instants before 2006-01-01 give negative weeks.
func BDSWeekSeconds(t time.Time) (week int, sow float64) {
	return weekSeconds(ToScale(t, BDT), bdsEpoch)
}

// GSTWeekSeconds returns the Galileo week number (continuous, not modulo
// 4096 as broadcast) and the GST seconds of week [0, 604800) at the UTC
// instant t. Since GST = GPST, the Galileo week is the GPS week − 1024 and
// the seconds of week are the GPS ones (RINEX navigation files write the
// Galileo week aligned with the GPS week, i.e. without the − 1024).
// Instants before 1999-08-21T23:59:47 UTC give negative weeks.
func GSTWeekSeconds(t time.Time) (week int, sow float64) {
	return weekSeconds(ToScale(t, GST), galEpoch)
}
