package ephemeris

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// OMM keywords (CCSDS 502.0-B-3 / CelesTrak) used by the element-set
// mapping, in CelesTrak's column order.
const (
	keyObjectName     = "OBJECT_NAME"
	keyObjectID       = "OBJECT_ID"
	keyEpoch          = "EPOCH"
	keyMeanMotion     = "MEAN_MOTION"
	keyEccentricity   = "ECCENTRICITY"
	keyInclination    = "INCLINATION"
	keyRAAN           = "RA_OF_ASC_NODE"
	keyArgPericenter  = "ARG_OF_PERICENTER"
	keyMeanAnomaly    = "MEAN_ANOMALY"
	keyEphemerisType  = "EPHEMERIS_TYPE"
	keyClassification = "CLASSIFICATION_TYPE"
	keyNoradCatID     = "NORAD_CAT_ID"
	keyElementSetNo   = "ELEMENT_SET_NO"
	keyRevAtEpoch     = "REV_AT_EPOCH"
	keyBStar          = "BSTAR"
	keyMeanMotionDot  = "MEAN_MOTION_DOT"
	keyMeanMotionDDot = "MEAN_MOTION_DDOT"

	keyMeanElementTheory = "MEAN_ELEMENT_THEORY"
	keyRefFrame          = "REF_FRAME"
	keyTimeSystem        = "TIME_SYSTEM"
	keyCenterName        = "CENTER_NAME"
)

// ommColumns is the CelesTrak key order, used by the writers.
var ommColumns = []string{
	keyObjectName, keyObjectID, keyEpoch, keyMeanMotion, keyEccentricity, keyInclination, keyRAAN,
	keyArgPericenter, keyMeanAnomaly, keyEphemerisType, keyClassification, keyNoradCatID,
	keyElementSetNo, keyRevAtEpoch, keyBStar, keyMeanMotionDot, keyMeanMotionDDot,
}

// ommRequired are the keys without which no SGP4 element set can be built.
// OBJECT_NAME, OBJECT_ID, EPHEMERIS_TYPE (0), CLASSIFICATION_TYPE (U),
// ELEMENT_SET_NO (0) and REV_AT_EPOCH (0) are optional.
var ommRequired = []string{
	keyEpoch, keyMeanMotion, keyEccentricity, keyInclination, keyRAAN, keyArgPericenter,
	keyMeanAnomaly, keyNoradCatID, keyBStar, keyMeanMotionDot, keyMeanMotionDDot,
}

// ommKnown tells which keys the mapping reads (others are ignored).
var ommKnown = map[string]bool{
	keyObjectName: true, keyObjectID: true, keyEpoch: true, keyMeanMotion: true, keyEccentricity: true,
	keyInclination: true, keyRAAN: true, keyArgPericenter: true, keyMeanAnomaly: true,
	keyEphemerisType: true, keyClassification: true, keyNoradCatID: true, keyElementSetNo: true,
	keyRevAtEpoch: true, keyBStar: true, keyMeanMotionDot: true, keyMeanMotionDDot: true,
	keyMeanElementTheory: true, keyRefFrame: true, keyTimeSystem: true, keyCenterName: true,
}

// ommWant says what each key must hold.
var ommWant = map[string]string{
	keyObjectName:        "text without control characters",
	keyObjectID:          "an international designator yyyy-nnnP (launch year 1957-2056, 3-digit launch number, piece of 1-3 letters A-Z), or nothing",
	keyEpoch:             "an ISO 8601 UTC time yyyy-mm-ddThh:mm:ss[.fraction][Z] or yyyy-dddThh:mm:ss[.fraction][Z], year 1957-2056",
	keyMeanMotion:        "a decimal number, 0 < n < 100 (rev/day)",
	keyEccentricity:      "a decimal number, 0 <= e < 1",
	keyInclination:       "a decimal number, 0-180 (degrees)",
	keyRAAN:              "a decimal number, 0-360 (degrees)",
	keyArgPericenter:     "a decimal number, 0-360 (degrees)",
	keyMeanAnomaly:       "a decimal number, 0-360 (degrees)",
	keyEphemerisType:     "0 (SGP4)",
	keyClassification:    "U, C or S",
	keyNoradCatID:        "an integer 0-999999999",
	keyElementSetNo:      "an integer 0-999999999",
	keyRevAtEpoch:        "an integer 0-999999999",
	keyBStar:             "a decimal number, |B*| < 1e9 (1/Earth radii)",
	keyMeanMotionDot:     "a decimal number, |value| < 1 (rev/day², half the first derivative of mean motion)",
	keyMeanMotionDDot:    "a decimal number, |value| < 1e9 (rev/day³, a sixth of the second derivative of mean motion)",
	keyMeanElementTheory: "SGP4",
	keyRefFrame:          "TEME",
	keyTimeSystem:        "UTC",
	keyCenterName:        "EARTH",
}

// ommValue is one key's value with its position in the input.
type ommValue struct {
	text      string
	line, col int
}

// ommRecord collects the values of one OMM record.
type ommRecord struct {
	format    Format
	file      string
	line, col int // start of the record
	values    map[string]ommValue
	problem   *ParseError // first structural problem met while collecting
}

// ommResult is what a document parser yields per record.
type ommResult struct {
	es   *ElementSet
	perr *ParseError
}

func newOMMRecord(format Format, file string, line, col int) *ommRecord {
	return &ommRecord{format: format, file: file, line: line, col: col, values: map[string]ommValue{}}
}

// fail records the first structural problem of the record.
func (r *ommRecord) fail(perr *ParseError) {
	if r.problem == nil {
		r.problem = perr
	}
}

// set stores a known key's value; a key given twice is a problem.
func (r *ommRecord) set(key, text string, line, col int) {
	if !ommKnown[key] {
		return
	}
	if prev, dup := r.values[key]; dup {
		r.fail(&ParseError{File: r.file, Line: line, Column: col, Field: key, Text: clipText(text),
			Want: "each key once per record", Err: fmt.Errorf("%w: %s given twice (first on line %d)", ErrSyntax, key, prev.line)})
		return
	}
	r.values[key] = ommValue{text: strings.TrimSpace(text), line: line, col: col}
}

func (r *ommRecord) errAt(key string, v ommValue, err error) *ParseError {
	return &ParseError{File: r.file, Line: v.line, Column: v.col, Field: key, Text: clipText(v.text), Want: ommWant[key], Err: err}
}

// elementSet maps and validates the record.
func (r *ommRecord) elementSet() (*ElementSet, *ParseError) {
	if r.problem != nil {
		return nil, r.problem
	}
	// Metadata: required in CCSDS XML, checked when present elsewhere.
	meta := []struct{ key, want string }{
		{keyMeanElementTheory, "SGP4"}, {keyRefFrame, "TEME"}, {keyTimeSystem, "UTC"}, {keyCenterName, "EARTH"},
	}
	for _, m := range meta {
		v, ok := r.values[m.key]
		if !ok || v.text == "" {
			if r.format == FormatOMMXML && m.key != keyCenterName {
				return nil, r.missing(m.key)
			}
			continue
		}
		if strings.EqualFold(v.text, m.want) {
			continue
		}
		msg := fmt.Sprintf("%s is %q, not %s; gnssim propagates SGP4 element sets only", m.key, v.text, m.want)
		if m.key == keyMeanElementTheory && strings.EqualFold(v.text, "SGP4-XP") {
			msg = "mean element theory SGP4-XP is not SGP4; gnssim propagates SGP4 element sets only"
		}
		return nil, r.errAt(m.key, v, fmt.Errorf("%w: %s", ErrNotSGP4, msg))
	}
	for _, k := range ommRequired {
		if v, ok := r.values[k]; !ok || v.text == "" {
			return nil, r.missing(k)
		}
	}
	es := &ElementSet{Classification: 'U', Source: Source{File: r.file, Line: r.line, Format: r.format}}
	var perr *ParseError
	str := func(key string) (ommValue, bool) {
		v, ok := r.values[key]
		return v, ok && v.text != ""
	}
	num := func(key string, dst *float64, check func(float64) error) {
		if perr != nil {
			return
		}
		v, ok := str(key)
		if !ok {
			return
		}
		x, err := parseDecimalText(v.text)
		if err == nil && check != nil {
			err = check(x)
		}
		if err != nil {
			perr = r.errAt(key, v, err)
			return
		}
		*dst = x
	}
	integer := func(key string, dst *int) {
		if perr != nil {
			return
		}
		v, ok := str(key)
		if !ok {
			return
		}
		n, err := parseIntText(v.text, 999999999)
		if err != nil {
			perr = r.errAt(key, v, err)
			return
		}
		*dst = n
	}
	if v, ok := str(keyObjectName); ok {
		if err := checkName(v.text); err != nil {
			return nil, r.errAt(keyObjectName, v, err)
		}
		es.Name = v.text
	}
	if v, ok := str(keyObjectID); ok {
		d, err := designatorFromObjectID(v.text)
		if err != nil {
			return nil, r.errAt(keyObjectID, v, err)
		}
		es.IntlDesignator = d
	}
	{
		v, _ := str(keyEpoch)
		t, err := parseISOEpoch(v.text)
		if err != nil {
			return nil, r.errAt(keyEpoch, v, err)
		}
		es.Epoch = t
	}
	num(keyMeanMotion, &es.MeanMotionRevPerDay, func(x float64) error {
		if x <= 0 || x >= 100 {
			return fmt.Errorf("%w: mean motion %g rev/day is not in (0, 100)", ErrRange, x)
		}
		return nil
	})
	num(keyEccentricity, &es.Eccentricity, func(x float64) error {
		if x < 0 || x >= 1 {
			return fmt.Errorf("%w: eccentricity %g is not in [0, 1)", ErrRange, x)
		}
		return nil
	})
	num(keyInclination, &es.InclinationDeg, angleCheck("inclination", 180))
	num(keyRAAN, &es.RAANDeg, angleCheck("right ascension of ascending node", 360))
	num(keyArgPericenter, &es.ArgPerigeeDeg, angleCheck("argument of pericenter", 360))
	num(keyMeanAnomaly, &es.MeanAnomalyDeg, angleCheck("mean anomaly", 360))
	if perr != nil {
		return nil, perr
	}
	if v, ok := str(keyEphemerisType); ok {
		n, err := parseIntText(v.text, 9)
		if err == nil {
			err = checkEphemerisType(n)
		}
		if err != nil {
			return nil, r.errAt(keyEphemerisType, v, err)
		}
		es.EphemerisType = n
	}
	if v, ok := str(keyClassification); ok {
		if len(v.text) != 1 || strings.IndexByte("UCS", v.text[0]) < 0 {
			return nil, r.errAt(keyClassification, v, fmt.Errorf("%w: %q is not U, C or S", ErrSyntax, v.text))
		}
		es.Classification = v.text[0]
	}
	integer(keyNoradCatID, &es.CatalogNumber)
	integer(keyElementSetNo, &es.ElementSetNo)
	integer(keyRevAtEpoch, &es.RevAtEpoch)
	num(keyBStar, &es.BStar, magnitudeCheck("BSTAR", 1e9))
	num(keyMeanMotionDot, &es.MeanMotionDot, magnitudeCheck("MEAN_MOTION_DOT", 1))
	num(keyMeanMotionDDot, &es.MeanMotionDDot, magnitudeCheck("MEAN_MOTION_DDOT", 1e9))
	if perr != nil {
		return nil, perr
	}
	return es, nil
}

func (r *ommRecord) missing(key string) *ParseError {
	line, col := r.line, r.col
	text := ""
	if v, ok := r.values[key]; ok {
		line, col, text = v.line, v.col, v.text
	}
	return &ParseError{File: r.file, Line: line, Column: col, Field: key, Text: text, Want: ommWant[key],
		Err: fmt.Errorf("%w: %s %s", ErrMissingField, r.format, key)}
}

func angleCheck(what string, max float64) func(float64) error {
	return func(x float64) error {
		if x < 0 || x > max {
			return fmt.Errorf("%w: %s %g° is not in [0, %g]", ErrRange, what, x, max)
		}
		return nil
	}
}

func magnitudeCheck(what string, limit float64) func(float64) error {
	return func(x float64) error {
		if math.Abs(x) >= limit {
			return fmt.Errorf("%w: |%s| = %g is not below %g", ErrRange, what, math.Abs(x), limit)
		}
		return nil
	}
}

// checkEphemerisType accepts 0 only (the value of every distributed SGP4
// element set) and refuses 4, SGP4-XP, with a specific message.
func checkEphemerisType(n int) error {
	switch n {
	case 0:
		return nil
	case 4:
		return fmt.Errorf("%w: ephemeris type 4 (SGP4-XP) is not SGP4; gnssim propagates SGP4 element sets only", ErrNotSGP4)
	}
	return fmt.Errorf("%w: ephemeris type %d is not 0; distributed SGP4 element sets carry 0 and gnssim propagates SGP4 element sets only", ErrNotSGP4, n)
}

// checkName accepts valid UTF-8 text without control characters and
// without characters XML cannot carry (U+FFFE, U+FFFF).
func checkName(s string) error {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size <= 1 {
				return fmt.Errorf("%w: invalid UTF-8 at byte %d", ErrSyntax, i+1)
			}
		}
		if r < 0x20 || (r >= 0x7f && r < 0xa0) || r == 0xFFFE || r == 0xFFFF {
			return fmt.Errorf("%w: control character %U at byte %d", ErrSyntax, r, i+1)
		}
	}
	return nil
}

// parseDecimalText parses a plain decimal number: optional sign, digits
// with an optional decimal point (".5" and "5." allowed), optional
// exponent. Hexadecimal, Inf, NaN and underscores are refused.
func parseDecimalText(s string) (float64, error) {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return 0, fmt.Errorf("%w: %q is not a decimal number", ErrSyntax, s)
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		ed := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			ed++
		}
		if ed == 0 {
			return 0, fmt.Errorf("%w: %q has an empty exponent", ErrSyntax, s)
		}
	}
	if i != len(s) {
		return 0, fmt.Errorf("%w: %q is not a decimal number", ErrSyntax, s)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("%w: %w", ErrRange, err)
	}
	return v, nil
}

// parseIntText parses an unsigned decimal integer 0..max (a leading '+' is
// allowed).
func parseIntText(s string, max int) (int, error) {
	t := strings.TrimPrefix(s, "+")
	if t == "" {
		return 0, fmt.Errorf("%w: %q is not an integer", ErrSyntax, s)
	}
	if t[0] == '-' {
		if _, err := parseIntText(t[1:], math.MaxInt32); err == nil {
			return 0, fmt.Errorf("%w: %s is negative", ErrRange, s)
		}
		return 0, fmt.Errorf("%w: %q is not an integer", ErrSyntax, s)
	}
	n := 0
	for i := 0; i < len(t); i++ {
		if t[i] < '0' || t[i] > '9' {
			return 0, fmt.Errorf("%w: %q is not an integer", ErrSyntax, s)
		}
		if n > max {
			continue // keep checking the syntax; the range error follows
		}
		n = n*10 + int(t[i]-'0')
	}
	if n > max {
		return 0, fmt.Errorf("%w: %s is above %d", ErrRange, s, max)
	}
	return n, nil
}

// designatorFromObjectID converts an OMM OBJECT_ID "1958-002B" to the TLE
// international designator "58002B".
func designatorFromObjectID(s string) (string, error) {
	if len(s) < 9 || len(s) > 11 || s[4] != '-' {
		return "", fmt.Errorf("%w: %q is not yyyy-nnnP", ErrSyntax, s)
	}
	year, err := parseDigits(s[:4], false)
	if err != nil || s[0] == ' ' {
		return "", fmt.Errorf("%w: launch year %q is not 4 digits", ErrSyntax, s[:4])
	}
	d := s[2:4] + s[5:]
	if !isDesignator(d) {
		return "", fmt.Errorf("%w: %q is not yyyy-nnnP (3-digit launch number, 1-3 letters)", ErrSyntax, s)
	}
	if year < 1957 || year > 2056 {
		return "", fmt.Errorf("%w: launch year %d is not in 1957-2056 (TLE designators have 2-digit years)", ErrRange, year)
	}
	return d, nil
}

// objectIDFromDesignator is the inverse of designatorFromObjectID
// ("" stays "").
func objectIDFromDesignator(d string) (string, error) {
	if d == "" {
		return "", nil
	}
	if !isDesignator(d) {
		return "", fmt.Errorf("%w: international designator %q is not like 98067A", ErrSyntax, d)
	}
	century := "20"
	if d[:2] >= "57" {
		century = "19"
	}
	return century + d[:2] + "-" + d[2:], nil
}

// parseISOEpoch parses an OMM EPOCH: yyyy-mm-ddThh:mm:ss or
// yyyy-dddThh:mm:ss, an optional fraction of any length (rounded to the
// nanosecond) and an optional trailing Z. The time is UTC; the year must
// be 1957-2056 (what a TLE can carry).
func parseISOEpoch(s string) (time.Time, error) {
	bad := func(why string) error { return fmt.Errorf("%w: %q %s", ErrSyntax, s, why) }
	t := strings.TrimSuffix(s, "Z")
	ti := strings.IndexByte(t, 'T')
	if ti < 0 {
		return time.Time{}, bad("has no T between date and time")
	}
	date, clock := t[:ti], t[ti+1:]
	digits := func(x string) (int, bool) {
		if x == "" {
			return 0, false
		}
		n := 0
		for i := 0; i < len(x); i++ {
			if x[i] < '0' || x[i] > '9' {
				return 0, false
			}
			n = n*10 + int(x[i]-'0')
		}
		return n, true
	}
	var year, month, day, yday int
	doy := false
	switch {
	case len(date) == 10 && date[4] == '-' && date[7] == '-':
		y, ok1 := digits(date[:4])
		m, ok2 := digits(date[5:7])
		d, ok3 := digits(date[8:])
		if !(ok1 && ok2 && ok3) {
			return time.Time{}, bad("has a malformed date (want yyyy-mm-dd)")
		}
		year, month, day = y, m, d
	case len(date) == 8 && date[4] == '-':
		y, ok1 := digits(date[:4])
		d, ok2 := digits(date[5:])
		if !(ok1 && ok2) {
			return time.Time{}, bad("has a malformed date (want yyyy-ddd)")
		}
		year, yday, doy = y, d, true
	default:
		return time.Time{}, bad("has a malformed date (want yyyy-mm-dd or yyyy-ddd)")
	}
	if len(clock) < 8 || clock[2] != ':' || clock[5] != ':' {
		return time.Time{}, bad("has a malformed time of day (want hh:mm:ss[.fraction])")
	}
	hh, ok1 := digits(clock[:2])
	mm, ok2 := digits(clock[3:5])
	ss, ok3 := digits(clock[6:8])
	if !(ok1 && ok2 && ok3) {
		return time.Time{}, bad("has a malformed time of day (want hh:mm:ss[.fraction])")
	}
	frac := clock[8:]
	var ns int64
	if frac != "" {
		if frac[0] != '.' || len(frac) == 1 {
			return time.Time{}, bad("has a malformed fraction of a second")
		}
		f := frac[1:]
		for i := 0; i < len(f); i++ {
			if f[i] < '0' || f[i] > '9' {
				return time.Time{}, bad("has a malformed fraction of a second")
			}
		}
		for i := 0; i < 9; i++ {
			ns *= 10
			if i < len(f) {
				ns += int64(f[i] - '0')
			}
		}
		if len(f) > 9 && f[9] >= '5' { // round half up at the nanosecond
			ns++
		}
	}
	rangeErr := func(why string) error { return fmt.Errorf("%w: %q: %s", ErrRange, s, why) }
	if year < 1957 || year > 2056 {
		return time.Time{}, rangeErr(fmt.Sprintf("year %d is not in 1957-2056", year))
	}
	var base time.Time
	if doy {
		if yday < 1 || yday > daysIn(year) {
			return time.Time{}, rangeErr(fmt.Sprintf("day of year %d is not in 1-%d", yday, daysIn(year)))
		}
		base = time.Date(year, 1, yday, 0, 0, 0, 0, time.UTC)
	} else {
		if month < 1 || month > 12 {
			return time.Time{}, rangeErr(fmt.Sprintf("month %d is not in 1-12", month))
		}
		if dim := time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day(); day < 1 || day > dim {
			return time.Time{}, rangeErr(fmt.Sprintf("day %d is not in 1-%d", day, dim))
		}
		base = time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	}
	if hh > 23 || mm > 59 || ss > 59 {
		if ss == 60 {
			return time.Time{}, rangeErr("second 60 (a leap second) cannot be represented")
		}
		return time.Time{}, rangeErr("time of day out of range")
	}
	ep := base.Add(time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute + time.Duration(ss)*time.Second + time.Duration(ns))
	if ep.Year() > 2056 {
		return time.Time{}, rangeErr("rounds into 2057")
	}
	return ep, nil
}

// formatISOEpoch writes an epoch as CelesTrak does (microseconds), or with
// nanoseconds when the microseconds would lose digits.
func formatISOEpoch(t time.Time) string {
	t = t.UTC()
	s := t.Format("2006-01-02T15:04:05")
	ns := t.Nanosecond()
	if ns%1000 == 0 {
		return s + fmt.Sprintf(".%06d", ns/1000)
	}
	return s + fmt.Sprintf(".%09d", ns)
}

// validateSet checks an element set against the same rules the parsers
// apply, so that writers never emit what the readers would refuse.
func validateSet(es *ElementSet) error {
	if es == nil {
		return fmt.Errorf("%w: nil element set", ErrSyntax)
	}
	fin := func(what string, x float64) error {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("%w: %s is %g", ErrRange, what, x)
		}
		return nil
	}
	checks := []error{
		fin("mean motion", es.MeanMotionRevPerDay), fin("eccentricity", es.Eccentricity),
		fin("inclination", es.InclinationDeg), fin("RAAN", es.RAANDeg), fin("argument of perigee", es.ArgPerigeeDeg),
		fin("mean anomaly", es.MeanAnomalyDeg), fin("bstar", es.BStar), fin("mean motion dot", es.MeanMotionDot),
		fin("mean motion ddot", es.MeanMotionDDot),
	}
	for _, err := range checks {
		if err != nil {
			return err
		}
	}
	if err := checkName(es.Name); err != nil {
		return fmt.Errorf("name %q: %w", es.Name, err)
	}
	if es.CatalogNumber < 0 || es.CatalogNumber > 999999999 {
		return fmt.Errorf("%w: catalog number %d is not in 0-999999999", ErrRange, es.CatalogNumber)
	}
	if strings.IndexByte("UCS", es.Classification) < 0 || es.Classification == 0 {
		return fmt.Errorf("%w: classification %q is not U, C or S", ErrSyntax, es.Classification)
	}
	if es.IntlDesignator != "" && !isDesignator(es.IntlDesignator) {
		return fmt.Errorf("%w: international designator %q is not like 98067A", ErrSyntax, es.IntlDesignator)
	}
	if y := es.Epoch.UTC().Year(); y < 1957 || y > 2056 {
		return fmt.Errorf("%w: epoch year %d is not in 1957-2056", ErrRange, y)
	}
	if err := checkEphemerisType(es.EphemerisType); err != nil {
		return err
	}
	for _, c := range []struct {
		what string
		n    int
	}{{"element set number", es.ElementSetNo}, {"revolution number", es.RevAtEpoch}} {
		if c.n < 0 || c.n > 999999999 {
			return fmt.Errorf("%w: %s %d is not in 0-999999999", ErrRange, c.what, c.n)
		}
	}
	steps := []error{
		angleCheck("inclination", 180)(es.InclinationDeg),
		angleCheck("right ascension of ascending node", 360)(es.RAANDeg),
		angleCheck("argument of perigee", 360)(es.ArgPerigeeDeg),
		angleCheck("mean anomaly", 360)(es.MeanAnomalyDeg),
		magnitudeCheck("bstar", 1e9)(es.BStar),
		magnitudeCheck("mean motion dot", 1)(es.MeanMotionDot),
		magnitudeCheck("mean motion ddot", 1e9)(es.MeanMotionDDot),
	}
	for _, err := range steps {
		if err != nil {
			return err
		}
	}
	if es.Eccentricity < 0 || es.Eccentricity >= 1 {
		return fmt.Errorf("%w: eccentricity %g is not in [0, 1)", ErrRange, es.Eccentricity)
	}
	if es.MeanMotionRevPerDay <= 0 || es.MeanMotionRevPerDay >= 100 {
		return fmt.Errorf("%w: mean motion %g rev/day is not in (0, 100)", ErrRange, es.MeanMotionRevPerDay)
	}
	return nil
}
