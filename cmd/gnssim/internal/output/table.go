package output

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Format is a table format.
type Format uint8

const (
	CSV  Format = iota // comma-separated values with a header line (RFC 4180)
	JSON               // one JSON document: provenance, metadata and rows
	Text               // aligned columns for people
)

// String returns "csv", "json" or "table".
func (f Format) String() string {
	switch f {
	case JSON:
		return "json"
	case Text:
		return "table"
	}
	return "csv"
}

// ParseFormat accepts "csv", "json" and "table" (also "text", "txt"),
// case-insensitively.
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "csv":
		return CSV, nil
	case "json":
		return JSON, nil
	case "table", "text", "txt":
		return Text, nil
	}
	return CSV, fmt.Errorf("format %q: want csv, json or table", s)
}

// Kind is the type of a column's values.
type Kind uint8

const (
	String Kind = iota // text: left-aligned, quoted in JSON
	Number             // float: decimals, NaN → null in JSON, n/a in text
	Int                // integer
	Bool               // true/false
)

// Column is one column of a table.
type Column struct {
	Name     string // CSV header, JSON key, text heading
	Kind     Kind
	Decimals int  // Number: decimals in Fixed precision
	Wrap     Wrap // Number: circular range kept after rounding
}

// KV is one field of a JSON document, in order.
type KV struct {
	Key   string
	Value any // marshalled with encoding/json (use JSONNumber for numbers)
}

// Table describes a table: its columns and what surrounds the rows.
type Table struct {
	Columns []Column
	// Run is the provenance written as "run" at the top of the JSON document.
	Run *Provenance
	// Meta are more JSON fields before the rows.
	Meta []KV
	// RowsKey names the JSON array of rows ("rows" if empty).
	RowsKey string
	// Head are text lines written before the text table (a title).
	Head []string
	// Indent is written before every line of the text table (not before
	// Head lines).
	Indent string
}

// textBuffered is how many rows a text table holds to size its columns;
// later rows that are wider push their line out of alignment instead of
// holding the whole table in memory.
const textBuffered = 10000

// Writer streams the rows of a Table in one format. Fill a row with Str,
// Num, Int and Bool (one call per column, in order), then End it; Close
// finishes the document. The zero Writer is not usable: see NewWriter.
type Writer struct {
	w      *bufio.Writer
	format Format
	prec   Precision
	t      *Table
	cells  []string // the current row, formatted
	nrows  int
	err    error
	// text
	width   []int
	pending [][]string
	sized   bool
	// json
	buf []byte
}

// NewWriter starts writing t to w in format f with numbers in precision p.
func NewWriter(w io.Writer, f Format, p Precision, t *Table) (*Writer, error) {
	tw := &Writer{w: bufio.NewWriterSize(w, 64<<10), format: f, prec: p, t: t}
	switch f {
	case CSV:
		for i, c := range t.Columns {
			if i > 0 {
				tw.w.WriteByte(',')
			}
			tw.w.WriteString(csvField(c.Name))
		}
		tw.w.WriteByte('\n')
	case JSON:
		tw.w.WriteString("{\n")
		if t.Run != nil {
			t.Run.Precision = p.String()
			if err := tw.writeKV("run", t.Run, true); err != nil {
				return nil, err
			}
		}
		for _, kv := range t.Meta {
			if err := tw.writeKV(kv.Key, kv.Value, true); err != nil {
				return nil, err
			}
		}
		key := t.RowsKey
		if key == "" {
			key = "rows"
		}
		k, _ := json.Marshal(key)
		tw.w.WriteString("  ")
		tw.w.Write(k)
		tw.w.WriteString(": [")
	case Text:
		for _, h := range t.Head {
			tw.w.WriteString(h)
			tw.w.WriteByte('\n')
		}
		tw.width = make([]int, len(t.Columns))
		for i, c := range t.Columns {
			tw.width[i] = utf8.RuneCountInString(c.Name)
		}
	default:
		return nil, fmt.Errorf("output: unknown format %d", f)
	}
	return tw, nil
}

// writeKV writes `  "key": value` (indented JSON) and a comma.
func (tw *Writer) writeKV(key string, v any, comma bool) error {
	k, _ := json.Marshal(key)
	b, err := json.MarshalIndent(v, "  ", "  ")
	if err != nil {
		return fmt.Errorf("output: %s: %w", key, err)
	}
	tw.w.WriteString("  ")
	tw.w.Write(k)
	tw.w.WriteString(": ")
	tw.w.Write(b)
	if comma {
		tw.w.WriteByte(',')
	}
	tw.w.WriteByte('\n')
	return nil
}

func (tw *Writer) col() Column {
	i := len(tw.cells)
	if i >= len(tw.t.Columns) {
		panic(fmt.Sprintf("output: row has more than %d cells", len(tw.t.Columns)))
	}
	return tw.t.Columns[i]
}

// Str adds a text cell.
func (tw *Writer) Str(s string) { tw.col(); tw.cells = append(tw.cells, s) }

// Num adds a number cell (NaN: unavailable).
func (tw *Writer) Num(v float64) {
	c := tw.col()
	tw.cells = append(tw.cells, string(tw.prec.AppendNum(nil, v, c.Decimals, c.Wrap)))
}

// Int adds an integer cell.
func (tw *Writer) Int(n int) { tw.col(); tw.cells = append(tw.cells, strconv.Itoa(n)) }

// Bool adds a boolean cell.
func (tw *Writer) Bool(b bool) { tw.col(); tw.cells = append(tw.cells, strconv.FormatBool(b)) }

// Empty adds an empty cell (empty in CSV and text, null in JSON).
func (tw *Writer) Empty() { tw.col(); tw.cells = append(tw.cells, "") }

// End finishes the row and writes it.
func (tw *Writer) End() error {
	if len(tw.cells) != len(tw.t.Columns) {
		panic(fmt.Sprintf("output: row has %d cells, want %d", len(tw.cells), len(tw.t.Columns)))
	}
	if tw.err != nil {
		return tw.err
	}
	switch tw.format {
	case CSV:
		for i, f := range tw.cells {
			if i > 0 {
				tw.w.WriteByte(',')
			}
			tw.w.WriteString(csvField(f))
		}
		_, tw.err = tw.w.Write([]byte{'\n'})
	case JSON:
		b := tw.buf[:0]
		if tw.nrows > 0 {
			b = append(b, ',')
		}
		b = append(b, "\n    {"...)
		for i, c := range tw.t.Columns {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = appendJSONString(b, c.Name)
			b = append(b, ": "...)
			v := tw.cells[i]
			switch {
			case c.Kind == String:
				b = appendJSONString(b, v)
			case v == "" || v == "NaN" || v == "+Inf" || v == "-Inf":
				b = append(b, "null"...)
			default:
				b = append(b, v...)
			}
		}
		b = append(b, '}')
		tw.buf = b
		_, tw.err = tw.w.Write(b)
	case Text:
		row := make([]string, len(tw.cells))
		for i, v := range tw.cells {
			if tw.t.Columns[i].Kind == Number && v == "NaN" {
				v = "n/a"
			}
			row[i] = v
		}
		if !tw.sized {
			tw.pending = append(tw.pending, row)
			for i, v := range row {
				tw.width[i] = max(tw.width[i], utf8.RuneCountInString(v))
			}
			if len(tw.pending) >= textBuffered {
				tw.flushText()
			}
		} else {
			tw.textLine(row)
		}
	}
	tw.nrows++
	tw.cells = tw.cells[:0]
	return tw.err
}

// flushText writes the heading and the buffered rows with the widths found.
func (tw *Writer) flushText() {
	if tw.sized {
		return
	}
	tw.sized = true
	names := make([]string, len(tw.t.Columns))
	for i, c := range tw.t.Columns {
		names[i] = c.Name
	}
	tw.textLine(names)
	for _, r := range tw.pending {
		tw.textLine(r)
	}
	tw.pending = nil
}

// textLine writes an aligned line: numbers right-aligned, text
// left-aligned, two blanks between columns, no trailing blanks.
func (tw *Writer) textLine(vals []string) {
	var b strings.Builder
	for i, c := range tw.t.Columns {
		if i > 0 {
			b.WriteString("  ")
		}
		pad := tw.width[i] - utf8.RuneCountInString(vals[i])
		if c.Kind != String {
			b.WriteString(strings.Repeat(" ", max(pad, 0)))
			b.WriteString(vals[i])
		} else {
			b.WriteString(vals[i])
			b.WriteString(strings.Repeat(" ", max(pad, 0)))
		}
	}
	line := strings.TrimRight(b.String(), " ")
	tw.w.WriteString(tw.t.Indent)
	tw.w.WriteString(line)
	if _, err := tw.w.Write([]byte{'\n'}); err != nil && tw.err == nil {
		tw.err = err
	}
}

// Rows returns the number of rows written.
func (tw *Writer) Rows() int { return tw.nrows }

// Close finishes the document. tail are JSON fields written after the rows
// (JSON only); foot are text lines written after a text table.
func (tw *Writer) Close(tail []KV, foot ...string) error {
	if tw.err != nil {
		return tw.err
	}
	switch tw.format {
	case JSON:
		if tw.nrows > 0 {
			tw.w.WriteString("\n  ")
		}
		tw.w.WriteString("]")
		for _, kv := range tail {
			tw.w.WriteString(",\n")
			k, _ := json.Marshal(kv.Key)
			b, err := json.MarshalIndent(kv.Value, "  ", "  ")
			if err != nil {
				return fmt.Errorf("output: %s: %w", kv.Key, err)
			}
			tw.w.WriteString("  ")
			tw.w.Write(k)
			tw.w.WriteString(": ")
			tw.w.Write(b)
		}
		tw.w.WriteString("\n}\n")
	case Text:
		tw.flushText()
		if tw.nrows == 0 {
			tw.w.WriteString("(none)\n")
		}
		for _, f := range foot {
			tw.w.WriteString(f)
			tw.w.WriteByte('\n')
		}
	}
	return tw.w.Flush()
}

// csvField quotes a CSV field when needed (RFC 4180).
func csvField(s string) string {
	if s == "" || !strings.ContainsAny(s, ",\"\r\n") && strings.TrimSpace(s) == s {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

func appendJSONString(b []byte, s string) []byte {
	q, _ := json.Marshal(s) // a string always marshals
	return append(b, q...)
}
