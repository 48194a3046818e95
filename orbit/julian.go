package orbit

import (
	"math"
	"time"
)

// jdUnixEpoch is the Julian date of 1970-01-01T00:00:00 UTC.
const jdUnixEpoch = 2440587.5

// JulianDate returns the Julian date of t (taken as UTC, or UT1 when UT1 is
// assumed equal to UTC) split as whole + frac, where whole ends in .5 (the
// preceding midnight) and 0 <= frac < 1. The split keeps nanosecond
// resolution: frac is computed from integer seconds and nanoseconds of the day.
func JulianDate(t time.Time) (whole, frac float64) {
	t = t.UTC()
	sec := t.Unix()
	days := sec / 86400
	rem := sec % 86400
	if rem < 0 {
		rem += 86400
		days--
	}
	whole = jdUnixEpoch + float64(days)
	frac = (float64(rem) + float64(t.Nanosecond())*1e-9) / 86400
	return whole, frac
}

// TimeFromJulianDate is the inverse of JulianDate, rounded to the nearest
// nanosecond. The split need not be normalised (whole need not end in .5 and
// frac may lie outside [0, 1)); the resolution is then that of whole and
// frac as given. Non-finite input, or a date outside ±1e9 days of the Unix
// epoch, returns the zero time.Time (test with IsZero) rather than an
// overflowed value.
func TimeFromJulianDate(whole, frac float64) time.Time {
	if math.IsNaN(whole) || math.IsInf(whole, 0) || math.IsNaN(frac) || math.IsInf(frac, 0) ||
		math.Abs(whole-jdUnixEpoch) > 1e9 || math.Abs(frac) > 1e9 {
		return time.Time{}
	}
	w := math.Floor(whole - 0.5)
	f := (whole - 0.5 - w) + frac
	days := int64(w) - int64(jdUnixEpoch-0.5)
	fd := math.Floor(f)
	days += int64(fd)
	f -= fd
	ns := int64(math.Round(f * 86400e9))
	return time.Unix(days*86400, 0).Add(time.Duration(ns)).UTC()
}

// GMST82 returns Greenwich mean sidereal time in radians [0, 2π) for the UT1
// Julian date whole+frac, by the IAU-82 expression used with SGP4 (Vallado's
// gstime).
func GMST82(whole, frac float64) float64 {
	tut1 := ((whole - 2451545.0) + frac) / 36525.0
	temp := -6.2e-6*tut1*tut1*tut1 + 0.093104*tut1*tut1 +
		(876600.0*3600+8640184.812866)*tut1 + 67310.54841 // seconds of time
	temp = math.Mod(temp*(math.Pi/180)/240.0, 2*math.Pi)
	if temp < 0 {
		temp += 2 * math.Pi
	}
	return temp
}
