package rinex

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
)

// line is one input line (LF and a trailing CR removed) with its 1-based
// number in the file.
type line struct {
	text string
	num  int
}

// parser carries the file name into the errors it builds.
type parser struct {
	file string
}

// perr builds a *ephemeris.ParseError for a field of a line.
func (p *parser) perr(l line, col int, field, want string, err error) *ephemeris.ParseError {
	return &ephemeris.ParseError{File: p.file, Line: l.num, Column: col, Field: field,
		Text: clip(l.text), Want: want, Err: err}
}

// maxErrorText bounds the line text kept in an error.
const maxErrorText = 200

func clip(s string) string {
	if len(s) > maxErrorText {
		return s[:maxErrorText] + "..."
	}
	return s
}

// cols returns columns [from, to) (0-based, byte offsets) of s, shorter or
// empty where the line ends early: RINEX writers may drop trailing blanks,
// which then read as blank fields.
func cols(s string, from, to int) string {
	if from >= len(s) {
		return ""
	}
	if to > len(s) {
		to = len(s)
	}
	return s[from:to]
}

// isBlank reports whether s holds only blanks.
func isBlank(s string) bool {
	return strings.Trim(s, " ") == ""
}

// parseFortran parses a RINEX floating-point field: Fortran D, d, E or e
// exponents, an optional sign, digits with an optional point (".999e+09"
// and "1." are accepted), surrounding blanks. It returns ok=false for
// anything else, including NaN, Inf, hexadecimal and underscores, which
// strconv.ParseFloat alone would accept.
func parseFortran(s string) (v float64, ok bool) {
	s = strings.Trim(s, " ")
	if s == "" {
		return 0, false
	}
	var b [40]byte
	if len(s) > len(b) {
		return 0, false
	}
	n := copy(b[:], s)
	buf := b[:n]
	i := 0
	if buf[i] == '+' || buf[i] == '-' {
		i++
	}
	digits := 0
	for i < n && buf[i] >= '0' && buf[i] <= '9' {
		i++
		digits++
	}
	if i < n && buf[i] == '.' {
		i++
		for i < n && buf[i] >= '0' && buf[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return 0, false
	}
	if i < n {
		switch buf[i] {
		case 'D', 'd', 'E', 'e':
			buf[i] = 'e'
		default:
			return 0, false
		}
		i++
		if i < n && (buf[i] == '+' || buf[i] == '-') {
			i++
		}
		ed := 0
		for i < n && buf[i] >= '0' && buf[i] <= '9' {
			i++
			ed++
		}
		if ed == 0 || i != n {
			return 0, false
		}
	}
	f, err := strconv.ParseFloat(string(buf), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false
	}
	return f, true
}

// fieldSpec names a numeric field of a record line for the error messages.
type fieldSpec struct {
	name     string // e.g. "sqrt(A)"
	unit     string // e.g. "m^1/2" ("" when dimensionless)
	required bool   // a blank field is an error (else it reads as 0)
}

// numField reads field i (0..3) of a record continuation line in the
// layout of the given version: RINEX 3/4 "4X,4D19.12" (columns 5-23,
// 24-42, 43-61, 62-80), RINEX 2 "3X,4D19.12" (4-22, 23-41, 42-60, 61-79).
// For the first line of a record (first=true) the fields are the three
// clock fields after the epoch: RINEX 3/4 columns 24-42, 43-61, 62-80;
// RINEX 2 columns 23-41, 42-60, 61-79; i is then 1..3.
// A blank optional field gives (0, true, nil); a blank required field an
// error wrapping ephemeris.ErrMissingField.
func (p *parser) numField(l line, v2 bool, i int, f fieldSpec) (float64, bool, *ephemeris.ParseError) {
	from := 4 + 19*i
	if v2 {
		from = 3 + 19*i
	}
	s := cols(l.text, from, from+19)
	if isBlank(s) {
		if f.required {
			return 0, false, p.perr(l, from+1, f.name, p.wantNum(from, f), fmt.Errorf("%w: blank", ephemeris.ErrMissingField))
		}
		return 0, false, nil
	}
	v, ok := parseFortran(s)
	if !ok {
		return 0, false, p.perr(l, from+1, f.name, p.wantNum(from, f), fmt.Errorf("%w: %q is not a number", ephemeris.ErrSyntax, strings.TrimSpace(s)))
	}
	return v, true, nil
}

func (p *parser) wantNum(from int, f fieldSpec) string {
	u := ""
	if f.unit != "" {
		u = " (" + f.unit + ")"
	}
	return fmt.Sprintf("a number in columns %d-%d%s, Fortran D19.12 or E19.12 layout", from+1, from+19, u)
}

// intOf converts a float field that carries an integer (IODE, health, week,
// ...), refusing fractions and values outside [lo, hi].
func (p *parser) intOf(l line, v2 bool, i int, v float64, name string, lo, hi int) (int, *ephemeris.ParseError) {
	if v != math.Trunc(v) || v < float64(lo) || v > float64(hi) {
		from := 4 + 19*i
		if v2 {
			from = 3 + 19*i
		}
		return 0, p.perr(l, from+1, name, fmt.Sprintf("an integer in [%d, %d] in columns %d-%d", lo, hi, from+1, from+19),
			fmt.Errorf("%w: %v", ephemeris.ErrRange, v))
	}
	return int(v), nil
}

// parseInt parses a blank-padded decimal integer field.
func parseInt(s string) (int, bool) {
	s = strings.Trim(s, " ")
	if s == "" || len(s) > 10 {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, false
	}
	return n, true
}

// epochSpec gives the columns of the epoch fields of a record's first line.
type epochSpec struct {
	year, month, day, hour, min, sec [2]int // [from, to) 0-based
	twoDigitYear                     bool
	fracSeconds                      bool // RINEX 2: F5.1 seconds
}

var (
	// RINEX 3/4: A1,I2.2,1X,I4,5(1X,I2.2).
	epoch3 = epochSpec{year: [2]int{4, 8}, month: [2]int{9, 11}, day: [2]int{12, 14}, hour: [2]int{15, 17}, min: [2]int{18, 20}, sec: [2]int{21, 23}}
	// RINEX 4 STO/EOP/ION body line: 4X,I4,5(1X,I2.2).
	epoch4body = epochSpec{year: [2]int{4, 8}, month: [2]int{9, 11}, day: [2]int{12, 14}, hour: [2]int{15, 17}, min: [2]int{18, 20}, sec: [2]int{21, 23}}
	// RINEX 2: I2,5(1X,I2),F5.1 after the I2 PRN and a blank.
	epoch2 = epochSpec{year: [2]int{3, 5}, month: [2]int{6, 8}, day: [2]int{9, 11}, hour: [2]int{12, 14}, min: [2]int{15, 17}, sec: [2]int{17, 22}, twoDigitYear: true, fracSeconds: true}
)

// parseEpoch reads the epoch of a record line as a calendar reading (in the
// record's time scale; returned in the UTC location as a label).
func (p *parser) parseEpoch(l line, sp epochSpec) (time.Time, *ephemeris.ParseError) {
	bad := func(c [2]int, name, want string, err error) *ephemeris.ParseError {
		return p.perr(l, c[0]+1, name, fmt.Sprintf("%s in columns %d-%d", want, c[0]+1, c[1]), err)
	}
	get := func(c [2]int, name, want string, lo, hi int) (int, *ephemeris.ParseError) {
		s := cols(l.text, c[0], c[1])
		if isBlank(s) {
			return 0, bad(c, name, want, fmt.Errorf("%w: blank", ephemeris.ErrMissingField))
		}
		n, ok := parseInt(s)
		if !ok {
			return 0, bad(c, name, want, fmt.Errorf("%w: %q is not an integer", ephemeris.ErrSyntax, strings.TrimSpace(s)))
		}
		if n < lo || n > hi {
			return 0, bad(c, name, want, fmt.Errorf("%w: %d", ephemeris.ErrRange, n))
		}
		return n, nil
	}
	var y int
	var e *ephemeris.ParseError
	if sp.twoDigitYear {
		if y, e = get(sp.year, "epoch year", "a two-digit year (80-99: 19xx, 00-79: 20xx)", 0, 99); e != nil {
			return time.Time{}, e
		}
		if y >= 80 {
			y += 1900
		} else {
			y += 2000
		}
	} else if y, e = get(sp.year, "epoch year", "a four-digit year 1980-2200", 1980, 2200); e != nil {
		return time.Time{}, e
	}
	mo, e := get(sp.month, "epoch month", "a month 1-12", 1, 12)
	if e != nil {
		return time.Time{}, e
	}
	d, e := get(sp.day, "epoch day", "a day of month", 1, 31)
	if e != nil {
		return time.Time{}, e
	}
	if d > daysIn(y, time.Month(mo)) {
		return time.Time{}, bad(sp.day, "epoch day", fmt.Sprintf("a day 1-%d of %04d-%02d", daysIn(y, time.Month(mo)), y, mo), fmt.Errorf("%w: %d", ephemeris.ErrRange, d))
	}
	h, e := get(sp.hour, "epoch hour", "an hour 0-23", 0, 23)
	if e != nil {
		return time.Time{}, e
	}
	mi, e := get(sp.min, "epoch minute", "a minute 0-59", 0, 59)
	if e != nil {
		return time.Time{}, e
	}
	var ns int64
	if sp.fracSeconds {
		s := cols(l.text, sp.sec[0], sp.sec[1])
		if isBlank(s) {
			return time.Time{}, bad(sp.sec, "epoch second", "seconds 0-59.9 (F5.1)", fmt.Errorf("%w: blank", ephemeris.ErrMissingField))
		}
		v, ok := parseFortran(s)
		if !ok || strings.ContainsAny(s, "DdEe") {
			return time.Time{}, bad(sp.sec, "epoch second", "seconds 0-59.9 (F5.1)", fmt.Errorf("%w: %q is not a decimal number", ephemeris.ErrSyntax, strings.TrimSpace(s)))
		}
		if v < 0 || v >= 60 {
			return time.Time{}, bad(sp.sec, "epoch second", "seconds 0-59.9 (F5.1)", fmt.Errorf("%w: %v", ephemeris.ErrRange, v))
		}
		ns = int64(math.Round(v * 1e9))
	} else {
		s, e := get(sp.sec, "epoch second", "seconds 0-59", 0, 59)
		if e != nil {
			return time.Time{}, e
		}
		ns = int64(s) * 1e9
	}
	return time.Date(y, time.Month(mo), d, h, mi, 0, 0, time.UTC).Add(time.Duration(ns)), nil
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
