package ephemeris

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// FormatTLELines writes an element set as TLE lines 1 and 2 (69 columns each,
// with correct checksums), in the layout CelesTrak uses. Values are rounded
// to their columns (angles 1e-4°, mean motion 1e-8 rev/day, eccentricity
// 1e-7, mean motion dot 1e-8, 5 significant digits for mean motion ddot
// and B*, the epoch to 1e-8 day = 864 µs); a set read from a TLE is
// written back digit for digit. Values that a TLE cannot carry are an
// error wrapping ErrRange: catalog numbers above 339999 (Alpha-5),
// element set numbers above 9999, revolution numbers above 99999, |mean
// motion dot| that rounds to 1 or more, mean motion ddot or B* of 1e9 or
// more in magnitude, and invalid elements in general.
func FormatTLELines(es *ElementSet) (line1, line2 string, err error) {
	if err := validateSet(es); err != nil {
		return "", "", fmt.Errorf("formatting TLE: %w", err)
	}
	wrap := func(err error) (string, string, error) {
		return "", "", fmt.Errorf("formatting TLE of catalog number %d: %w", es.CatalogNumber, err)
	}
	cat, err := formatCatalog(es.CatalogNumber)
	if err != nil {
		return wrap(err)
	}
	if es.ElementSetNo > 9999 {
		return wrap(fmt.Errorf("%w: element set number %d does not fit columns 65-68", ErrRange, es.ElementSetNo))
	}
	if es.RevAtEpoch > 99999 {
		return wrap(fmt.Errorf("%w: revolution number %d does not fit columns 64-68", ErrRange, es.RevAtEpoch))
	}
	epoch, err := formatTLEEpoch(es.Epoch)
	if err != nil {
		return wrap(err)
	}
	ndot, err := formatNDot(es.MeanMotionDot)
	if err != nil {
		return wrap(err)
	}
	nddot, err := formatImpliedExp(es.MeanMotionDDot, "mean motion ddot")
	if err != nil {
		return wrap(err)
	}
	bstar, err := formatImpliedExp(es.BStar, "bstar")
	if err != nil {
		return wrap(err)
	}
	l1 := fmt.Sprintf("1 %s%c %-8s %s %s %s %s %d %4d", cat, es.Classification, es.IntlDesignator,
		epoch, ndot, nddot, bstar, es.EphemerisType, es.ElementSetNo)

	var angles [4]string
	for i, v := range []float64{es.InclinationDeg, es.RAANDeg, es.ArgPerigeeDeg, es.MeanAnomalyDeg} {
		angles[i] = strconv.FormatFloat(v+0, 'f', 4, 64) // +0: no "-0.0000"
	}
	ecc := strconv.FormatFloat(es.Eccentricity, 'f', 7, 64)
	if !strings.HasPrefix(ecc, "0.") {
		return wrap(fmt.Errorf("%w: eccentricity %g rounds to %s, which 7 digits cannot carry", ErrRange, es.Eccentricity, ecc))
	}
	n := strconv.FormatFloat(es.MeanMotionRevPerDay, 'f', 8, 64)
	if len(n) > 11 {
		return wrap(fmt.Errorf("%w: mean motion %g rev/day does not fit columns 53-63", ErrRange, es.MeanMotionRevPerDay))
	}
	if n == "0.00000000" {
		return wrap(fmt.Errorf("%w: mean motion %g rev/day rounds to 0", ErrRange, es.MeanMotionRevPerDay))
	}
	l2 := fmt.Sprintf("2 %s %8s %8s %s %8s %8s %11s%5d", cat, angles[0], angles[1], ecc[2:], angles[2], angles[3], n, es.RevAtEpoch)
	if len(l1) != 68 || len(l2) != 68 {
		// Cannot happen for a validated set; guards the layout.
		return wrap(fmt.Errorf("%w: internal layout error (%d, %d columns)", ErrRange, len(l1), len(l2)))
	}
	l1 += strconv.Itoa(tleChecksum(l1))
	l2 += strconv.Itoa(tleChecksum(l2))
	return l1, l2, nil
}

// formatTLEEpoch writes yyddd.dddddddd, rounding to the nearest 1e-8 day.
func formatTLEEpoch(t time.Time) (string, error) {
	t = t.UTC()
	day0 := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	units := (t.Sub(day0) + tleFracUnit/2) / tleFracUnit // round half up
	t = day0.Add(units * tleFracUnit)
	day0 = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	units = t.Sub(day0) / tleFracUnit
	if y := t.Year(); y < 1957 || y > 2056 {
		return "", fmt.Errorf("%w: epoch year %d is not in 1957-2056", ErrRange, y)
	}
	return fmt.Sprintf("%02d%03d.%08d", t.Year()%100, t.YearDay(), int64(units)), nil
}

// formatNDot writes columns 34-43: sign (blank or -), '.', 8 digits.
func formatNDot(v float64) (string, error) {
	s := strconv.FormatFloat(math.Abs(v), 'f', 8, 64)
	if !strings.HasPrefix(s, "0.") {
		return "", fmt.Errorf("%w: mean motion dot %g does not fit columns 34-43 (|value| < 1)", ErrRange, v)
	}
	sign := " "
	if v < 0 {
		sign = "-"
	}
	return sign + s[1:], nil
}

// formatImpliedExp writes the 8-column implied-decimal exponent notation
// (" 12345-4" = 0.12345e-4). Zero is " 00000+0" as CelesTrak writes it.
// Magnitudes below 1e-10 keep exponent -9 with leading zeros in the
// mantissa (absolute resolution 1e-14).
func formatImpliedExp(v float64, what string) (string, error) {
	sign := byte(' ')
	if v < 0 {
		sign = '-'
	}
	a := math.Abs(v)
	if a == 0 {
		return " 00000+0", nil
	}
	s := strconv.FormatFloat(a, 'e', 4, 64) // d.dddde±XX, correctly rounded
	mant := s[:1] + s[2:6]
	exp, err := strconv.Atoi(s[7:])
	if err != nil {
		return "", fmt.Errorf("%w: %s %g", ErrRange, what, v)
	}
	exp++ // 0.ddddd × 10^exp
	if exp > 9 {
		return "", fmt.Errorf("%w: %s %g needs exponent %d; a TLE carries -9 to +9", ErrRange, what, v, exp)
	}
	if exp < -9 {
		f := strconv.FormatFloat(a, 'f', 14, 64) // 0.000000000ddddd
		mant, exp = f[11:16], -9
		if mant == "00000" {
			return " 00000+0", nil
		}
	}
	esign := byte('+')
	if exp < 0 {
		esign = '-'
		exp = -exp
	}
	return fmt.Sprintf("%c%s%c%d", sign, mant, esign, exp), nil
}

// tleNameLine returns the name line of a set for WriteTLE. Names that a
// reader would take for something else (a TLE line, a comment, a
// Space-Track "0 " prefix) are written in Space-Track form "0 NAME".
func tleNameLine(name string) (string, error) {
	name = strings.TrimSpace(name)
	for i := 0; i < len(name); i++ {
		if name[i] < 0x20 || name[i] > 0x7e {
			return "", fmt.Errorf("%w: name %q is not printable ASCII", ErrSyntax, name)
		}
	}
	if tleKind(name) != 0 || strings.HasPrefix(name, "#") || strings.HasPrefix(name, "0 ") {
		return "0 " + name, nil
	}
	return name, nil
}

// WriteTLE writes the sets as TLE records, with a name line before each
// (3-line form) if withNames and the set has a name. Every set is checked
// before anything is written.
func WriteTLE(w io.Writer, sets []*ElementSet, withNames bool) error {
	var b strings.Builder
	for i, es := range sets {
		l1, l2, err := FormatTLELines(es)
		if err != nil {
			return fmt.Errorf("element set %d: %w", i+1, err)
		}
		if withNames && strings.TrimSpace(es.Name) != "" {
			name, err := tleNameLine(es.Name)
			if err != nil {
				return fmt.Errorf("element set %d: %w", i+1, err)
			}
			b.WriteString(name)
			b.WriteByte('\n')
		}
		b.WriteString(l1)
		b.WriteByte('\n')
		b.WriteString(l2)
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// ommFields returns the CelesTrak OMM values of a set, in ommColumns
// order, as text (ommIsString tells which are strings).
func ommFields(es *ElementSet) ([]string, error) {
	if err := validateSet(es); err != nil {
		return nil, err
	}
	oid, err := objectIDFromDesignator(es.IntlDesignator)
	if err != nil {
		return nil, err
	}
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	return []string{
		strings.TrimSpace(es.Name), oid, formatISOEpoch(es.Epoch), f(es.MeanMotionRevPerDay), f(es.Eccentricity),
		f(es.InclinationDeg), f(es.RAANDeg), f(es.ArgPerigeeDeg), f(es.MeanAnomalyDeg),
		strconv.Itoa(es.EphemerisType), string(rune(es.Classification)), strconv.Itoa(es.CatalogNumber),
		strconv.Itoa(es.ElementSetNo), strconv.Itoa(es.RevAtEpoch), f(es.BStar), f(es.MeanMotionDot), f(es.MeanMotionDDot),
	}, nil
}

// ommIsString marks the text-valued keys of ommColumns.
var ommIsString = map[string]bool{keyObjectName: true, keyObjectID: true, keyEpoch: true, keyClassification: true}

// WriteOMMJSON writes the sets as a CelesTrak-style OMM JSON array (one
// object per line, numbers as JSON numbers with the shortest exact decimal
// form, epochs in microseconds or nanoseconds).
func WriteOMMJSON(w io.Writer, sets []*ElementSet) error {
	var b strings.Builder
	b.WriteString("[")
	for i, es := range sets {
		vals, err := ommFields(es)
		if err != nil {
			return fmt.Errorf("element set %d: %w", i+1, err)
		}
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n{")
		for j, k := range ommColumns {
			if j > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, "%q:", k)
			if ommIsString[k] {
				q, _ := json.Marshal(vals[j]) // a string always marshals
				b.Write(q)
			} else {
				b.WriteString(vals[j])
			}
		}
		b.WriteString("}")
	}
	b.WriteString("\n]\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteOMMCSV writes the sets as CelesTrak OMM CSV: a header line, then
// one line per set.
func WriteOMMCSV(w io.Writer, sets []*ElementSet) error {
	rows := [][]string{ommColumns}
	for i, es := range sets {
		vals, err := ommFields(es)
		if err != nil {
			return fmt.Errorf("element set %d: %w", i+1, err)
		}
		rows = append(rows, vals)
	}
	bw := bufio.NewWriter(w)
	cw := csv.NewWriter(bw)
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	return bw.Flush()
}

// WriteOMMXML writes the sets as one CCSDS NDM XML document with an <omm>
// (version 2.0) per set: metadata (OBJECT_NAME, OBJECT_ID, CENTER_NAME
// EARTH, REF_FRAME TEME, TIME_SYSTEM UTC, MEAN_ELEMENT_THEORY SGP4), mean
// elements and TLE parameters.
func WriteOMMXML(w io.Writer, sets []*ElementSet) error {
	var b strings.Builder
	b.WriteString(xml.Header)
	b.WriteString("<ndm>\n")
	esc := func(s string) string {
		var e strings.Builder
		xml.EscapeText(&e, []byte(s)) // writes to a strings.Builder: no error
		return e.String()
	}
	for i, es := range sets {
		vals, err := ommFields(es)
		if err != nil {
			return fmt.Errorf("element set %d: %w", i+1, err)
		}
		v := map[string]string{}
		for j, k := range ommColumns {
			v[k] = vals[j]
		}
		el := func(indent, k, val string) {
			fmt.Fprintf(&b, "%s<%s>%s</%s>\n", indent, k, esc(val), k)
		}
		b.WriteString("<omm id=\"CCSDS_OMM_VERS\" version=\"2.0\">\n<header><CREATION_DATE/><ORIGINATOR/></header>\n<body><segment>\n<metadata>\n")
		el("  ", keyObjectName, v[keyObjectName])
		el("  ", keyObjectID, v[keyObjectID])
		el("  ", keyCenterName, "EARTH")
		el("  ", keyRefFrame, "TEME")
		el("  ", keyTimeSystem, "UTC")
		el("  ", keyMeanElementTheory, "SGP4")
		b.WriteString("</metadata>\n<data>\n<meanElements>\n")
		for _, k := range []string{keyEpoch, keyMeanMotion, keyEccentricity, keyInclination, keyRAAN, keyArgPericenter, keyMeanAnomaly} {
			el("  ", k, v[k])
		}
		b.WriteString("</meanElements>\n<tleParameters>\n")
		for _, k := range []string{keyEphemerisType, keyClassification, keyNoradCatID, keyElementSetNo, keyRevAtEpoch, keyBStar, keyMeanMotionDot, keyMeanMotionDDot} {
			el("  ", k, v[k])
		}
		b.WriteString("</tleParameters>\n</data>\n</segment></body>\n</omm>\n")
	}
	b.WriteString("</ndm>\n")
	_, err := io.WriteString(w, b.String())
	return err
}
