// Package output is gnssim's one output layer, shared by the command line,
// scenarios and the web server: the table writer (CSV, JSON, aligned text),
// the number formatter and JSON-number encoder, the run-provenance object
// every command writes in the same shape, and output destinations (files
// written atomically, standard output, symbolic links followed, every path
// checked before any work).
//
// # Numbers
//
// A column has a number of decimals (its documented precision); with
// Precision Full every number is written at round-trip precision instead
// (the shortest text that parses back to the same float64), for regression
// and verification work. NaN (an unavailable value) is "NaN" in CSV, null in
// JSON and "n/a" in text tables. A negative zero is written without its sign,
// and a value on a circle (a longitude, an azimuth) never leaves its
// documented range through rounding: 359.99996° at 4 decimals is written
// 0.0000, not 360.0000.
package output

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Precision selects how numbers are written.
type Precision uint8

const (
	// Fixed writes each number with its column's decimals (the default).
	Fixed Precision = iota
	// Full writes every number at round-trip precision.
	Full
)

// ParsePrecision accepts "fixed" (also "" and "default") and "full"
// (also "round-trip"), case-insensitively.
func ParsePrecision(s string) (Precision, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "fixed", "default":
		return Fixed, nil
	case "full", "round-trip", "roundtrip":
		return Full, nil
	}
	return Fixed, fmt.Errorf("precision %q: want fixed or full", s)
}

// String returns "fixed" or "full".
func (p Precision) String() string {
	if p == Full {
		return "full"
	}
	return "fixed"
}

// Wrap describes the range of a circular quantity: values are kept in [Lo,
// Lo+360) after rounding. The zero Wrap means no wrapping.
type Wrap struct {
	On bool
	Lo float64 // lower end, degrees: -180 for longitudes, 0 for azimuths
}

// Common ranges.
var (
	// Longitude keeps longitudes in [-180, 180).
	Longitude = Wrap{On: true, Lo: -180}
	// Azimuth keeps azimuths in [0, 360).
	Azimuth = Wrap{On: true, Lo: 0}
)

// Reduce returns v reduced into the range of w: [Lo, Lo+360) (v itself
// when w is not on). A longitude of 180° is -180° (180°W = 180°E).
func (w Wrap) Reduce(v float64) float64 {
	if !w.On || math.IsNaN(v) || math.IsInf(v, 0) {
		return v
	}
	v = math.Mod(v-w.Lo, 360)
	if v < 0 {
		v += 360
	}
	v += w.Lo
	if v >= w.Lo+360 {
		v = w.Lo
	}
	return v
}

// AppendNum appends v with dec decimals (or at round-trip precision with
// Full, or when dec < 0), "NaN" for NaN, without a negative zero, wrapped
// into w's range after rounding.
func (p Precision) AppendNum(b []byte, v float64, dec int, w Wrap) []byte {
	if math.IsNaN(v) {
		return append(b, "NaN"...)
	}
	if math.IsInf(v, 0) {
		if v > 0 {
			return append(b, "+Inf"...)
		}
		return append(b, "-Inf"...)
	}
	if w.On {
		v = wrapRounded(v, dec, p, w)
	}
	start := len(b)
	if p == Full || dec < 0 {
		b = appendFull(b, v)
	} else {
		b = strconv.AppendFloat(b, v, 'f', dec, 64)
	}
	// A negative zero (also after rounding, "-0.000") loses its sign.
	if b[start] == '-' {
		zero := true
		for _, c := range b[start+1:] {
			if c != '0' && c != '.' {
				zero = false
				break
			}
		}
		if zero {
			b = append(b[:start], b[start+1:]...)
		}
	}
	return b
}

// Num is AppendNum as a string.
func (p Precision) Num(v float64, dec int) string { return string(p.AppendNum(nil, v, dec, Wrap{})) }

// NumWrap is AppendNum with a range, as a string.
func (p Precision) NumWrap(v float64, dec int, w Wrap) string {
	return string(p.AppendNum(nil, v, dec, w))
}

// appendFull writes the shortest text that parses back to v: plain decimal
// notation for ordinary magnitudes, an exponent for very small or large ones.
func appendFull(b []byte, v float64) []byte {
	if a := math.Abs(v); a == 0 || (a >= 1e-5 && a < 1e21) {
		return strconv.AppendFloat(b, v, 'f', -1, 64)
	}
	return strconv.AppendFloat(b, v, 'g', -1, 64)
}

// wrapRounded reduces v into [w.Lo, w.Lo+360) and makes sure that its
// rounding to dec decimals stays inside: a value that would print as
// Lo+360 is returned as Lo.
func wrapRounded(v float64, dec int, p Precision, w Wrap) float64 {
	hi := w.Lo + 360
	v = math.Mod(v-w.Lo, 360)
	if v < 0 {
		v += 360
	}
	v += w.Lo
	if v >= hi {
		v = w.Lo
	}
	if p == Fixed && dec >= 0 {
		s := strconv.FormatFloat(v, 'f', dec, 64)
		if r, err := strconv.ParseFloat(s, 64); err == nil && r >= hi {
			return w.Lo
		}
	}
	return v
}

// JSONNumber is a number for encoding/json: written as AppendNum writes it,
// and null for NaN or ±Inf. It is the one JSON-number encoder of gnssim.
type JSONNumber struct {
	V    float64
	Dec  int // decimals in Fixed precision; < 0: round-trip
	Prec Precision
	Wrap Wrap
}

// MarshalJSON implements json.Marshaler.
func (n JSONNumber) MarshalJSON() ([]byte, error) {
	if math.IsNaN(n.V) || math.IsInf(n.V, 0) {
		return []byte("null"), nil
	}
	return n.Prec.AppendNum(nil, n.V, n.Dec, n.Wrap), nil
}

// JSON returns v as a JSONNumber with dec decimals in precision p.
func (p Precision) JSON(v float64, dec int) JSONNumber { return JSONNumber{V: v, Dec: dec, Prec: p} }

// Exact returns v as a JSONNumber at round-trip precision (parameters that
// the user typed, such as a step or a threshold).
func Exact(v float64) JSONNumber { return JSONNumber{V: v, Dec: -1} }

// G writes a parameter the way a user would type it: the shortest exact
// decimal form (6, 0.5, 2.25).
func G(v float64) string { return string(appendFull(nil, v)) }

// UnmarshalJSON reads a number (kept at round-trip precision) or null (NaN).
func (n *JSONNumber) UnmarshalJSON(b []byte) error {
	*n = JSONNumber{Dec: -1}
	if string(b) == "null" {
		n.V = math.NaN()
		return nil
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("number %s: %w", b, err)
	}
	n.V = f
	return nil
}
