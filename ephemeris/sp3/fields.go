package sp3

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
)

// field is one fixed-column field of an SP3 line: a name for error
// messages, its 1-based inclusive columns and what is expected there. The
// columns are those of the SP3-c and SP3-d format documents (Hilla 2010,
// 2016), which agree on every record used here.
type field struct {
	name     string
	from, to int
	want     string
}

// Header line 1 (SP3-c/-d "Line One").
var (
	fPVFlag    = field{"position/velocity flag", 3, 3, "P (positions) or V (positions and velocities) in column 3"}
	fNumEpochs = field{"number of epochs", 33, 39, "the number of epochs, an integer right-justified in columns 33-39 (I7)"}
	fDataUsed  = field{"data used", 41, 45, ""}
	fCoordSys  = field{"coordinate system", 47, 51, ""}
	fOrbitType = field{"orbit type", 53, 55, ""}
	fAgency    = field{"agency", 57, 60, ""}
)

// The epoch fields of line 1 and of '*' records (same columns).
var (
	fYear   = field{"year", 4, 7, "a 4-digit year in columns 4-7"}
	fMonth  = field{"month", 9, 10, "a month 1-12 in columns 9-10"}
	fDay    = field{"day", 12, 13, "a day of the month in columns 12-13"}
	fHour   = field{"hour", 15, 16, "an hour 0-23 in columns 15-16"}
	fMinute = field{"minute", 18, 19, "a minute 0-59 in columns 18-19"}
	fSecond = field{"second", 21, 31, "seconds 0 ≤ s < 60, a decimal number right-justified in columns 21-31 (F11.8)"}
)

// Header line 2 ("##").
var (
	fGPSWeek  = field{"GPS week", 4, 7, "the GPS week of the first epoch, an integer right-justified in columns 4-7 (I4)"}
	fSOW      = field{"seconds of week", 9, 23, "the GPS seconds of week of the first epoch, a decimal number right-justified in columns 9-23 (F15.8), 0 ≤ s < 604800"}
	fInterval = field{"epoch interval", 25, 38, "the epoch interval in seconds, a positive decimal number right-justified in columns 25-38 (F14.8)"}
	fMJD      = field{"MJD", 40, 44, "the modified Julian day of the first epoch, an integer right-justified in columns 40-44 (I5)"}
	fFracDay  = field{"fractional day", 46, 60, "the fraction of the day of the first epoch, a decimal number right-justified in columns 46-60 (F15.13), 0 ≤ f < 1"}
)

// Satellite and accuracy lines ('+', '++'); the 17 identifiers or
// exponents of a line are in columns 10-12, 13-15, ..., 58-60.
var (
	fNumSats = field{"number of satellites", 4, 6, "the number of satellites, an integer right-justified in columns 4-6 of the first '+' line (SP3-c: columns 5-6, at most 85; SP3-d: at most 999)"}
)

const idsPerLine = 17

// satListField returns the field of entry i (0-16) of a '+' or '++' line.
func satListField(i int, accuracy bool) field {
	from := 10 + 3*i
	if accuracy {
		return field{"accuracy", from, from + 2, fmt.Sprintf("an accuracy exponent (σ ≈ 2^n mm, 0 = unknown), an integer right-justified in columns %d-%d (I3)", from, from+2)}
	}
	return field{"satellite", from, from + 2, fmt.Sprintf("a satellite identifier (system letter G, R, E, C, J, I or S, blank for GPS, then 2 digits) or '  0' in columns %d-%d", from, from+2)}
}

// %c and %f lines.
var (
	fFileType   = field{"file type", 4, 5, "the file type G, R, E, C, J, L or M in columns 4-5"}
	fTimeSystem = field{"time system", 10, 12, "the time system GPS, GLO, GAL, BDT, QZS, TAI or UTC in columns 10-12 of the first %c line"}
	fPosBase    = field{"position base", 4, 13, "the base of the position/velocity standard deviations, a decimal number right-justified in columns 4-13 (F10.7)"}
	fClockBase  = field{"clock base", 15, 26, "the base of the clock standard deviations, a decimal number right-justified in columns 15-26 (F12.9)"}
)

// Position and clock ('P') and velocity ('V') records.
var (
	fSat = field{"satellite", 2, 4, "a satellite identifier of the header in columns 2-4 (system letter, then 2 digits)"}

	fPosX  = field{"x", 5, 18, "the x coordinate in km, a decimal number right-justified in columns 5-18 (F14.6; 0.000000 = absent)"}
	fPosY  = field{"y", 19, 32, "the y coordinate in km, a decimal number right-justified in columns 19-32 (F14.6; 0.000000 = absent)"}
	fPosZ  = field{"z", 33, 46, "the z coordinate in km, a decimal number right-justified in columns 33-46 (F14.6; 0.000000 = absent)"}
	fClock = field{"clock", 47, 60, "the clock correction in µs, a decimal number right-justified in columns 47-60 (F14.6; 999999.999999 = absent)"}

	fVelX      = field{"vx", 5, 18, "the x velocity in dm/s, a decimal number right-justified in columns 5-18 (F14.6; 0.000000 = absent)"}
	fVelY      = field{"vy", 19, 32, "the y velocity in dm/s, a decimal number right-justified in columns 19-32 (F14.6; 0.000000 = absent)"}
	fVelZ      = field{"vz", 33, 46, "the z velocity in dm/s, a decimal number right-justified in columns 33-46 (F14.6; 0.000000 = absent)"}
	fClockRate = field{"clock rate", 47, 60, "the clock rate in 10⁻⁴ µs/s, a decimal number right-justified in columns 47-60 (F14.6; 999999.999999 = absent)"}

	fSdevX     = field{"x sdev", 62, 63, "blank or an exponent right-justified in columns 62-63 (I2)"}
	fSdevY     = field{"y sdev", 65, 66, "blank or an exponent right-justified in columns 65-66 (I2)"}
	fSdevZ     = field{"z sdev", 68, 69, "blank or an exponent right-justified in columns 68-69 (I2)"}
	fSdevClock = field{"clock sdev", 71, 73, "blank or an exponent right-justified in columns 71-73 (I3)"}

	fClockEvent = field{"clock event flag", 75, 75, "blank or E in column 75"}
	fClockPred  = field{"clock prediction flag", 76, 76, "blank or P in column 76"}
	fManeuver   = field{"maneuver flag", 79, 79, "blank or M in column 79"}
	fOrbitPred  = field{"orbit prediction flag", 80, 80, "blank or P in column 80"}
)

// errBlank marks a blank field where a value is required.
var errBlank = fmt.Errorf("%w: blank", ephemeris.ErrMissingField)

// cols returns columns from..to (1-based, inclusive) of line; shorter when
// the line ends earlier.
func cols(line string, from, to int) string {
	if from > len(line) {
		return ""
	}
	if to > len(line) {
		to = len(line)
	}
	return line[from-1 : to]
}

// numberText returns the trimmed text of a numeric field and checks that it
// is right-justified in its columns (Fortran I and F edit descriptors) and
// has no embedded blanks: a number shifted by a column, or two numbers run
// together, is reported instead of being read as a wrong value. blank
// reports a field of blanks only.
func numberText(line string, f field) (text string, blank bool, err error) {
	raw := cols(line, f.from, f.to)
	text = strings.TrimSpace(raw)
	if text == "" {
		return "", true, nil
	}
	if strings.ContainsAny(text, " \t") {
		return text, false, fmt.Errorf("%w: %q has embedded blanks", ephemeris.ErrSyntax, text)
	}
	if len(raw) < f.to-f.from+1 || raw[len(raw)-1] == ' ' || raw[len(raw)-1] == '\t' {
		return text, false, fmt.Errorf("%w: %q is not right-justified in columns %d-%d", ephemeris.ErrSyntax, text, f.from, f.to)
	}
	return text, false, nil
}

// isDecimal reports whether s is [+-]digits[.digits] (digits on at least
// one side of the point): the Fortran F format, without exponents, NaN,
// infinities, hexadecimal or underscores that strconv would accept.
func isDecimal(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	digits, dots := 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.':
			dots++
		default:
			return false
		}
	}
	return digits > 0 && dots <= 1
}

// isInteger reports whether s is [+-]digits.
func isInteger(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// floatField parses a required decimal field.
func floatField(line string, f field) (float64, error) {
	text, blank, err := numberText(line, f)
	if err != nil {
		return 0, err
	}
	if blank {
		return 0, errBlank
	}
	if !isDecimal(text) {
		return 0, fmt.Errorf("%w: %q is not a decimal number", ephemeris.ErrSyntax, text)
	}
	v, err := strconv.ParseFloat(text, 64)
	if err != nil { // cannot happen for a short decimal; kept for safety
		return 0, fmt.Errorf("%w: %q: %v", ephemeris.ErrSyntax, text, err)
	}
	return v, nil
}

// intField parses a required integer field.
func intField(line string, f field) (int, error) {
	v, blank, err := optIntField(line, f)
	if err != nil {
		return 0, err
	}
	if blank {
		return 0, errBlank
	}
	return v, nil
}

// optIntField parses an optional integer field (blank allowed).
func optIntField(line string, f field) (v int, blank bool, err error) {
	text, blank, err := numberText(line, f)
	if err != nil || blank {
		return 0, blank, err
	}
	if !isInteger(text) || len(text) > 12 {
		return 0, false, fmt.Errorf("%w: %q is not an integer", ephemeris.ErrSyntax, text)
	}
	n, err := strconv.Atoi(text)
	if err != nil {
		return 0, false, fmt.Errorf("%w: %q: %v", ephemeris.ErrSyntax, text, err)
	}
	return n, false, nil
}

// sdevField parses an optional standard-deviation exponent: -1 when blank.
func sdevField(line string, f field) (int, error) {
	v, blank, err := optIntField(line, f)
	if err != nil {
		return 0, err
	}
	if blank {
		return -1, nil
	}
	if v < 0 {
		return 0, fmt.Errorf("%w: negative exponent %d", ephemeris.ErrRange, v)
	}
	return v, nil
}

// maxSeconds bounds a seconds field converted to nanoseconds (about 31
// years), far beyond any SP3 interval and within int64.
const maxSeconds = 1_000_000_000

// secondsField parses a non-negative decimal number of seconds into an
// exact time.Duration: the digits after the point are taken as written (up
// to nanoseconds; further digits, beyond what F11.8 or F14.8 carry, are
// truncated), so that 900.00000000 is exactly 15 minutes.
func secondsField(line string, f field) (time.Duration, error) {
	text, blank, err := numberText(line, f)
	if err != nil {
		return 0, err
	}
	if blank {
		return 0, errBlank
	}
	if !isDecimal(text) || text[0] == '-' {
		return 0, fmt.Errorf("%w: %q is not a non-negative decimal number", ephemeris.ErrSyntax, text)
	}
	text = strings.TrimPrefix(text, "+")
	whole, frac, _ := strings.Cut(text, ".")
	var sec int64
	for i := 0; i < len(whole); i++ {
		sec = sec*10 + int64(whole[i]-'0')
		if sec >= maxSeconds {
			return 0, fmt.Errorf("%w: %s s is too large", ephemeris.ErrRange, text)
		}
	}
	var ns int64
	for i := 0; i < 9; i++ {
		ns *= 10
		if i < len(frac) {
			ns += int64(frac[i] - '0')
		}
	}
	return time.Duration(sec)*time.Second + time.Duration(ns), nil
}

// epochOf parses the epoch of line 1 or of a '*' record (columns 4-31)
// as a reading in the file's time system (a time.Time in location UTC).
func epochOf(line string) (time.Time, field, error) {
	year, err := intField(line, fYear)
	if err != nil {
		return time.Time{}, fYear, err
	}
	if year < 1900 || year > 2200 {
		return time.Time{}, fYear, fmt.Errorf("%w: year %d", ephemeris.ErrRange, year)
	}
	month, err := intField(line, fMonth)
	if err != nil {
		return time.Time{}, fMonth, err
	}
	if month < 1 || month > 12 {
		return time.Time{}, fMonth, fmt.Errorf("%w: month %d", ephemeris.ErrRange, month)
	}
	day, err := intField(line, fDay)
	if err != nil {
		return time.Time{}, fDay, err
	}
	if day < 1 || day > daysIn(year, time.Month(month)) {
		return time.Time{}, fDay, fmt.Errorf("%w: day %d of %04d-%02d", ephemeris.ErrRange, day, year, month)
	}
	hour, err := intField(line, fHour)
	if err != nil {
		return time.Time{}, fHour, err
	}
	if hour < 0 || hour > 23 {
		return time.Time{}, fHour, fmt.Errorf("%w: hour %d", ephemeris.ErrRange, hour)
	}
	minute, err := intField(line, fMinute)
	if err != nil {
		return time.Time{}, fMinute, err
	}
	if minute < 0 || minute > 59 {
		return time.Time{}, fMinute, fmt.Errorf("%w: minute %d", ephemeris.ErrRange, minute)
	}
	sec, err := secondsField(line, fSecond)
	if err != nil {
		return time.Time{}, fSecond, err
	}
	if sec >= time.Minute {
		return time.Time{}, fSecond, fmt.Errorf("%w: %v s (a leap second 60.x cannot be represented)", ephemeris.ErrRange, sec.Seconds())
	}
	return time.Date(year, time.Month(month), day, hour, minute, 0, 0, time.UTC).Add(sec), fSecond, nil
}

func daysIn(year int, m time.Month) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// isAbsentClock reports a bad or absent clock (or clock rate): the format
// writes 999999.999999, "the six integer nines are required" (SP3-c).
func isAbsentClock(v float64) bool { return v >= 999999 }
