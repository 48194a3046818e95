package ephemeris

import (
	"errors"
	"strconv"
	"strings"
)

// Sentinel errors, for errors.Is. A *ParseError wraps one of them (possibly
// together with a strconv error) in its Err field.
var (
	// ErrChecksum: the checksum digit in column 69 of a TLE line does not
	// match the sum of the line's digits (a '-' counts 1) modulo 10.
	ErrChecksum = errors.New("checksum mismatch")
	// ErrRange: a value is syntactically fine but outside its valid range
	// (e.g. inclination above 180°, eccentricity ≥ 1, day 366 of a common year),
	// or cannot be represented in the output format.
	ErrRange = errors.New("value out of range")
	// ErrSyntax: a field does not match its layout (wrong characters,
	// misplaced decimal point, not a number, malformed document).
	ErrSyntax = errors.New("invalid syntax")
	// ErrLineLength: a TLE line is not 69 characters long after trailing
	// blanks and CR are removed, or an input line exceeds MaxLineBytes.
	ErrLineLength = errors.New("wrong line length")
	// ErrCatalogMismatch: TLE line 1 and line 2 carry different catalog numbers.
	ErrCatalogMismatch = errors.New("catalog numbers of line 1 and line 2 differ")
	// ErrNotSGP4: the element set is not meant for SGP4 (ephemeris type 4
	// SGP4-XP, or an OMM whose MEAN_ELEMENT_THEORY, REF_FRAME or
	// TIME_SYSTEM is not SGP4/TEME/UTC).
	ErrNotSGP4 = errors.New("not an SGP4 element set")
	// ErrNoElementSets: the input holds no valid element set at all (empty,
	// binary, or every record bad).
	ErrNoElementSets = errors.New("no element sets found")
	// ErrMissingField: a required OMM key is absent or empty, or a TLE
	// record lacks its line 1 or line 2.
	ErrMissingField = errors.New("missing required field")
)

// ParseError describes one bad record or field, in the manner of
// encoding/csv's ParseError. Its Error method gives
//
//	file:line:col: field inclination: <err>; want <Want>
//
// and Detail adds the offending line with a column template and a caret.
type ParseError struct {
	File   string // file name as given by the caller ("" for unnamed input)
	Line   int    // 1-based line in the file (JSON/XML: where the record or field starts, best effort); 0 if unknown
	Column int    // 1-based column (byte) of the field; 0 if not applicable
	Field  string // e.g. "inclination", "checksum", "catalog number", "EPOCH"
	Text   string // the offending TLE line, or the offending value (OMM)
	Want   string // what was expected there, e.g. "a decimal number in columns 9-16 (degrees, 0-180)"
	Err    error  // underlying error (ErrChecksum, ErrRange, ErrSyntax, ...); returned by Unwrap

	template string // TLE column template shown under Text by Detail ("" for none)
	width    int    // number of columns marked by the caret in Detail (0 = 1)
}

// maxErrorText bounds ParseError.Text so that a megabyte-long garbage line
// does not end up verbatim in an error message.
const maxErrorText = 200

func clipText(s string) string {
	if len(s) > maxErrorText {
		return s[:maxErrorText] + "..."
	}
	return s
}

// location renders "file:line:col" with the parts that are known.
func (e *ParseError) location() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
	} else {
		b.WriteString("<input>")
	}
	if e.Line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(e.Line))
		if e.Column > 0 {
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(e.Column))
		}
	}
	return b.String()
}

// Error returns "file:line:col: field F: err; want W" (parts that are
// unknown are left out).
func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString(e.location())
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString("field ")
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	} else {
		b.WriteString("invalid")
	}
	if e.Want != "" {
		b.WriteString("; want ")
		b.WriteString(e.Want)
	}
	return b.String()
}

// Unwrap returns the underlying error, so that errors.Is(err, ErrChecksum)
// and friends work through a *ParseError.
func (e *ParseError) Unwrap() error { return e.Err }

// Detail returns Error() followed by the offending text and, for a TLE line,
// the column template of python-sgp4 (N = digit, A = letter or blank,
// C = classification, + = sign) and a caret under the offending columns:
//
//	iss.tle:2:9: field inclination: ...
//	    2 25544 251.6416 247.4627 0006703 130.5360 325.0288 15.72125391563537
//	    2 NNNNN NNN.NNNN NNN.NNNN NNNNNNN NNN.NNNN NNN.NNNN NN.NNNNNNNNNNNNNN
//	            ^^^^^^^^
func (e *ParseError) Detail() string {
	var b strings.Builder
	b.WriteString(e.Error())
	if e.Text == "" {
		return b.String()
	}
	const indent = "    "
	b.WriteString("\n")
	b.WriteString(indent)
	b.WriteString(printable(e.Text))
	if e.template != "" {
		b.WriteString("\n")
		b.WriteString(indent)
		b.WriteString(e.template)
	}
	if e.Column > 0 && (e.template != "" || e.Column <= len(e.Text)) {
		w := e.width
		if w < 1 {
			w = 1
		}
		b.WriteString("\n")
		b.WriteString(indent)
		b.WriteString(strings.Repeat(" ", e.Column-1))
		b.WriteString(strings.Repeat("^", w))
	}
	return b.String()
}

// printable replaces every byte outside printable ASCII by '?', so that the
// caret line of Detail stays aligned with the bytes of the text.
func printable(s string) string {
	ok := true
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	b := []byte(s)
	for i := range b {
		if b[i] < 0x20 || b[i] > 0x7e {
			b[i] = '?'
		}
	}
	return string(b)
}
