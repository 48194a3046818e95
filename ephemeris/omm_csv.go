package ephemeris

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// csvScanner reads CelesTrak OMM CSV: a header line naming the OMM keys (in
// any order; unknown columns are ignored), then one element set per line.
type csvScanner struct {
	cr       *csv.Reader
	limit    *lineLimitReader
	file     string
	lineBase int
	header   []string
	started  bool
}

func newCSVScanner(r io.Reader, file string, lineBase int) *csvScanner {
	lim := &lineLimitReader{r: r, file: file, line: lineBase + 1}
	cr := csv.NewReader(lim)
	cr.FieldsPerRecord = -1 // checked here, with a clearer message
	cr.ReuseRecord = false
	return &csvScanner{cr: cr, limit: lim, file: file, lineBase: lineBase}
}

func (s *csvScanner) pos(field int) (int, int) {
	line, col := s.cr.FieldPos(field)
	return line + s.lineBase, col
}

// readRecord reads the next CSV record, skipping lines that are blank.
func (s *csvScanner) readRecord() ([]string, error) {
	for {
		rec, err := s.cr.Read()
		if err != nil {
			return nil, err
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		return rec, nil
	}
}

// csvErr converts an error of csv.Reader: a *csv.ParseError is a problem
// of one record; anything else (I/O, line too long) is fatal.
func (s *csvScanner) csvErr(err error) (*ParseError, error) {
	var lle *ParseError
	if errors.As(err, &lle) {
		return nil, lle
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &ParseError{File: s.file, Line: pe.Line + s.lineBase, Column: pe.Column, Field: "CSV record",
			Want: "comma-separated values, quoted with \" where needed", Err: fmt.Errorf("%w: %v", ErrSyntax, pe.Err)}, nil
	}
	return nil, fmt.Errorf("reading %s: %w", displayName(s.file), err)
}

func (s *csvScanner) next() (*ElementSet, *ParseError, error) {
	if !s.started {
		s.started = true
		h, err := s.readRecord()
		if err == io.EOF {
			return nil, nil, nil
		}
		if err != nil {
			perr, fatal := s.csvErr(err)
			if perr != nil {
				return nil, nil, perr // a broken header makes the file unreadable
			}
			return nil, nil, fatal
		}
		seen := map[string]int{}
		for i, k := range h {
			k = strings.ToUpper(strings.TrimSpace(k))
			h[i] = k
			if k == "" {
				continue
			}
			if j, dup := seen[k]; dup {
				line, col := s.pos(i)
				return nil, nil, &ParseError{File: s.file, Line: line, Column: col, Field: k, Text: k,
					Want: "each column name once in the header", Err: fmt.Errorf("%w: column %s appears twice (columns %d and %d)", ErrSyntax, k, j+1, i+1)}
			}
			seen[k] = i
		}
		for _, k := range ommRequired {
			if _, ok := seen[k]; !ok {
				line, _ := s.pos(0)
				return nil, nil, &ParseError{File: s.file, Line: line, Field: k, Want: "a CSV header naming the OMM keys " + strings.Join(ommRequired, ", "),
					Err: fmt.Errorf("%w: the CSV header has no column %s", ErrMissingField, k)}
			}
		}
		s.header = h
	}
	rec, err := s.readRecord()
	if err == io.EOF {
		return nil, nil, nil
	}
	if err != nil {
		perr, fatal := s.csvErr(err)
		return nil, perr, fatal
	}
	line, col := s.pos(0)
	if len(rec) != len(s.header) {
		return nil, &ParseError{File: s.file, Line: line, Column: col, Field: "CSV record", Text: clipText(strings.Join(rec, ",")),
			Want: fmt.Sprintf("%d fields, as in the header", len(s.header)),
			Err:  fmt.Errorf("%w: %d fields", ErrSyntax, len(rec))}, nil
	}
	r := newOMMRecord(FormatOMMCSV, s.file, line, col)
	for i, v := range rec {
		if s.header[i] == "" {
			continue
		}
		fl, fc := s.pos(i)
		r.set(s.header[i], v, fl, fc)
	}
	es, perr := r.elementSet()
	return es, perr, nil
}

// lineLimitReader passes a stream through, failing with an ErrLineLength
// *ParseError as soon as a line exceeds MaxLineBytes.
type lineLimitReader struct {
	r    io.Reader
	file string
	run  int // bytes since the last LF
	line int // current line number
	err  error
}

func (l *lineLimitReader) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.r.Read(p)
	for i := 0; i < n; i++ {
		if p[i] == '\n' {
			l.run = 0
			l.line++
			continue
		}
		l.run++
		if l.run > MaxLineBytes+1 { // +1: a CR before the LF
			l.err = lineTooLong(l.file, l.line)
			return i, l.err
		}
	}
	return n, err
}
