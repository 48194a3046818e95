package spectrum

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// GainTable is an elevation-dependent received-power offset: the received
// power of a signal at elevation e is Signal.MinPowerDBW + OffsetDB(e),
// the offset interpolated linearly in elevation between the tabulated
// points and held at the end values outside them (the ICD minima are
// specified down to 5° or 10°: a table usually starts there).
type GainTable struct {
	elevDeg  []float64
	offsetDB []float64
}

// Limits of a gain table.
const (
	maxGainPoints   = 10000
	maxGainBytes    = 1 << 20
	maxGainOffsetDB = 100
)

// ErrGainTable is wrapped by the validation errors of NewGainTable.
var ErrGainTable = errors.New("invalid gain table")

// NewGainTable builds a table from elevations (degrees, strictly
// increasing, within [−90, 90]) and offsets (dB, finite, |offset| ≤ 100),
// at least one point and at most 10000.
func NewGainTable(elevationDeg, offsetDB []float64) (*GainTable, error) {
	if err := checkGain(elevationDeg, offsetDB, nil); err != nil {
		return nil, err
	}
	return &GainTable{elevDeg: append([]float64(nil), elevationDeg...), offsetDB: append([]float64(nil), offsetDB...)}, nil
}

// checkGain validates the points; lines, if given, locate errors.
func checkGain(el, off []float64, lines []int) error {
	at := func(i int) string {
		if lines != nil {
			return fmt.Sprintf("line %d: ", lines[i])
		}
		return fmt.Sprintf("point %d: ", i)
	}
	if len(el) != len(off) {
		return fmt.Errorf("%w: %d elevations but %d offsets", ErrGainTable, len(el), len(off))
	}
	if len(el) == 0 {
		return fmt.Errorf("%w: no points", ErrGainTable)
	}
	if len(el) > maxGainPoints {
		return fmt.Errorf("%w: %d points (at most %d)", ErrGainTable, len(el), maxGainPoints)
	}
	for i := range el {
		if math.IsNaN(el[i]) || el[i] < -90 || el[i] > 90 {
			return fmt.Errorf("%w: %selevation %v° outside [−90, 90]", ErrGainTable, at(i), el[i])
		}
		if math.IsNaN(off[i]) || math.Abs(off[i]) > maxGainOffsetDB {
			return fmt.Errorf("%w: %soffset %v dB not finite or beyond ±%v dB", ErrGainTable, at(i), off[i], maxGainOffsetDB)
		}
		if i > 0 && !(el[i] > el[i-1]) {
			return fmt.Errorf("%w: %selevation %v° not above the previous %v° (elevations must increase)", ErrGainTable, at(i), el[i], el[i-1])
		}
	}
	return nil
}

// Points returns copies of the elevations (degrees) and offsets (dB).
func (g *GainTable) Points() (elevationDeg, offsetDB []float64) {
	return append([]float64(nil), g.elevDeg...), append([]float64(nil), g.offsetDB...)
}

// OffsetDB returns the offset at an elevation (degrees), interpolated
// linearly and held constant beyond the first and last points. A NaN
// elevation gives NaN; the zero GainTable offsets nothing (0 dB).
func (g *GainTable) OffsetDB(elevationDeg float64) float64 {
	el, off := g.elevDeg, g.offsetDB
	if math.IsNaN(elevationDeg) {
		return math.NaN()
	}
	if len(el) == 0 || len(el) != len(off) {
		return 0
	}
	if elevationDeg <= el[0] {
		return off[0]
	}
	n := len(el)
	if elevationDeg >= el[n-1] {
		return off[n-1]
	}
	// Binary search for el[i] ≤ e < el[i+1].
	lo, hi := 0, n-1
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if el[mid] <= elevationDeg {
			lo = mid
		} else {
			hi = mid
		}
	}
	t := (elevationDeg - el[lo]) / (el[hi] - el[lo])
	return off[lo] + t*(off[hi]-off[lo])
}

// ReceivedPowerDBW is the received power of s at an elevation (degrees):
// s.MinPowerDBW plus g's offset, or s.MinPowerDBW alone when g is nil.
func ReceivedPowerDBW(s *Signal, elevationDeg float64, g *GainTable) (float64, error) {
	if s == nil {
		return 0, fmt.Errorf("spectrum: received power: nil signal")
	}
	if math.IsNaN(elevationDeg) || elevationDeg < -90 || elevationDeg > 90 {
		return 0, fmt.Errorf("spectrum: received power of %s: elevation %v° outside [−90, 90]", s.Title(), elevationDeg)
	}
	if g == nil {
		return s.MinPowerDBW, nil
	}
	return s.MinPowerDBW + g.OffsetDB(elevationDeg), nil
}

// GainTableError locates an error in a gain-table file.
type GainTableError struct {
	File string // as given to ParseGainTable
	Line int    // 1-based; 0 when the error concerns the whole file
	Msg  string
}

func (e *GainTableError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return e.File + ": " + e.Msg
}

// LoadGainTable reads a gain table from a file (see ParseGainTable).
func LoadGainTable(path string) (*GainTable, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ParseGainTable(f, path)
}

// ParseGainTable reads a gain table in either of two forms; file names the
// source in errors ("file:line: message").
//
// Text: one point per line, elevation in degrees then offset in dB,
// separated by spaces, tabs or a comma; '#' starts a comment; an optional
// first line of two non-numeric words is a header:
//
//	# elevation_deg  offset_db
//	5   0.0
//	30  1.5
//	90  3.0
//
// YAML: a mapping with the single key elevation_gain_db (or a bare
// sequence) whose items are [elevation, offset] pairs or mappings
// {elevation_deg: …, gain_db: …}:
//
//	elevation_gain_db:
//	  - [5, 0.0]
//	  - {elevation_deg: 90, gain_db: 3.0}
//
// The form is YAML when the first non-comment line starts with '-', '[',
// '{' or contains ':'. The points are validated as by NewGainTable.
func ParseGainTable(r io.Reader, file string) (*GainTable, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxGainBytes+1))
	if err != nil {
		return nil, &GainTableError{File: file, Msg: err.Error()}
	}
	if len(data) > maxGainBytes {
		return nil, &GainTableError{File: file, Msg: fmt.Sprintf("larger than %d bytes", maxGainBytes)}
	}
	var el, off []float64
	var lines []int
	if isYAMLGain(data) {
		el, off, lines, err = parseGainYAML(data, file)
	} else {
		el, off, lines, err = parseGainText(data, file)
	}
	if err != nil {
		return nil, err
	}
	if len(el) == 0 {
		return nil, &GainTableError{File: file, Msg: "no points"}
	}
	if err := checkGain(el, off, lines); err != nil {
		msg := strings.TrimPrefix(err.Error(), ErrGainTable.Error()+": ")
		line := 0
		if strings.HasPrefix(msg, "line ") {
			if i := strings.Index(msg, ": "); i > 0 {
				line, _ = strconv.Atoi(msg[5:i])
				msg = msg[i+2:]
			}
		}
		return nil, &GainTableError{File: file, Line: line, Msg: msg}
	}
	return &GainTable{elevDeg: el, offsetDB: off}, nil
}

func isYAMLGain(data []byte) bool {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), maxGainBytes+1)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		if line == "" || line == "---" {
			continue
		}
		return strings.HasPrefix(line, "-") && !isNumberStart(line) || strings.HasPrefix(line, "[") || strings.HasPrefix(line, "{") || strings.Contains(line, ":")
	}
	return false
}

// isNumberStart reports whether a line starting with '-' is a negative
// number (a text-form elevation) rather than a YAML sequence item.
func isNumberStart(line string) bool {
	return len(line) > 1 && (line[1] >= '0' && line[1] <= '9' || line[1] == '.')
}

func parseGainText(data []byte, file string) (el, off []float64, lines []int, err error) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), maxGainBytes+1)
	n := 0
	header := true
	for sc.Scan() {
		n++
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		fields := strings.FieldsFunc(line, func(r rune) bool { return r == ' ' || r == '\t' || r == ',' || r == '\r' })
		if len(fields) == 0 {
			continue
		}
		if len(fields) != 2 {
			return nil, nil, nil, &GainTableError{File: file, Line: n, Msg: fmt.Sprintf("want two fields (elevation_deg offset_db), got %d", len(fields))}
		}
		e, err1 := strconv.ParseFloat(fields[0], 64)
		g, err2 := strconv.ParseFloat(fields[1], 64)
		if header && err1 != nil && err2 != nil {
			header = false
			continue // a header line
		}
		header = false
		if err1 != nil {
			return nil, nil, nil, &GainTableError{File: file, Line: n, Msg: fmt.Sprintf("elevation %q is not a number", fields[0])}
		}
		if err2 != nil {
			return nil, nil, nil, &GainTableError{File: file, Line: n, Msg: fmt.Sprintf("offset %q is not a number", fields[1])}
		}
		if len(el) >= maxGainPoints {
			return nil, nil, nil, &GainTableError{File: file, Line: n, Msg: fmt.Sprintf("more than %d points", maxGainPoints)}
		}
		el, off, lines = append(el, e), append(off, g), append(lines, n)
	}
	if err := sc.Err(); err != nil {
		return nil, nil, nil, &GainTableError{File: file, Line: n + 1, Msg: err.Error()}
	}
	return el, off, lines, nil
}

func parseGainYAML(data []byte, file string) (el, off []float64, lines []int, err error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line := 0
		msg := err.Error()
		// yaml.v3 reports "yaml: line N: …".
		if rest, ok := strings.CutPrefix(msg, "yaml: line "); ok {
			if i := strings.Index(rest, ": "); i > 0 {
				if l, e := strconv.Atoi(rest[:i]); e == nil {
					line, msg = l, rest[i+2:]
				}
			}
		}
		return nil, nil, nil, &GainTableError{File: file, Line: line, Msg: "YAML: " + strings.TrimPrefix(msg, "yaml: ")}
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil, nil, nil, &GainTableError{File: file, Msg: "empty YAML document"}
	}
	root := doc.Content[0]
	bad := func(n *yaml.Node, format string, a ...any) ([]float64, []float64, []int, error) {
		return nil, nil, nil, &GainTableError{File: file, Line: n.Line, Msg: fmt.Sprintf(format, a...)}
	}
	seq := root
	if root.Kind == yaml.MappingNode {
		seq = nil
		for i := 0; i+1 < len(root.Content); i += 2 {
			k, v := root.Content[i], root.Content[i+1]
			switch k.Value {
			case "elevation_gain_db", "points":
				if seq != nil {
					return bad(k, "key %q repeats the point list", k.Value)
				}
				seq = v
			default:
				return bad(k, "unknown key %q (want elevation_gain_db)", k.Value)
			}
		}
		if seq == nil {
			return bad(root, "missing key elevation_gain_db")
		}
	}
	if seq.Kind != yaml.SequenceNode {
		return bad(seq, "want a list of [elevation_deg, gain_db] points")
	}
	num := func(n *yaml.Node, what string) (float64, error) {
		if n.Kind != yaml.ScalarNode {
			return 0, &GainTableError{File: file, Line: n.Line, Msg: what + " is not a number"}
		}
		v, err := strconv.ParseFloat(n.Value, 64)
		if err != nil {
			return 0, &GainTableError{File: file, Line: n.Line, Msg: fmt.Sprintf("%s %q is not a number", what, n.Value)}
		}
		return v, nil
	}
	for _, item := range seq.Content {
		if len(el) >= maxGainPoints {
			return bad(item, "more than %d points", maxGainPoints)
		}
		var en, gn *yaml.Node
		switch item.Kind {
		case yaml.SequenceNode:
			if len(item.Content) != 2 {
				return bad(item, "want [elevation_deg, gain_db], got %d values", len(item.Content))
			}
			en, gn = item.Content[0], item.Content[1]
		case yaml.MappingNode:
			for i := 0; i+1 < len(item.Content); i += 2 {
				k, v := item.Content[i], item.Content[i+1]
				switch k.Value {
				case "elevation_deg":
					if en != nil {
						return bad(k, "elevation_deg given twice")
					}
					en = v
				case "gain_db":
					if gn != nil {
						return bad(k, "gain_db given twice")
					}
					gn = v
				default:
					return bad(k, "unknown key %q (want elevation_deg, gain_db)", k.Value)
				}
			}
			if en == nil || gn == nil {
				return bad(item, "point needs elevation_deg and gain_db")
			}
		default:
			return bad(item, "want [elevation_deg, gain_db] or {elevation_deg: …, gain_db: …}")
		}
		e, err := num(en, "elevation")
		if err != nil {
			return nil, nil, nil, err
		}
		g, err := num(gn, "gain")
		if err != nil {
			return nil, nil, nil, err
		}
		el, off, lines = append(el, e), append(off, g), append(lines, item.Line)
	}
	return el, off, lines, nil
}
