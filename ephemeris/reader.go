package ephemeris

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
)

// MaxLineBytes is the longest input line the TLE and CSV readers accept;
// a longer line stops the reading with an ErrLineLength error.
const MaxLineBytes = 1 << 20

// MaxDocumentBytes is the largest JSON or XML document the readers accept
// (these are read whole; CelesTrak's complete catalogue is a few tens of MB).
const MaxDocumentBytes = 256 << 20

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// ReadOptions controls a Reader.
type ReadOptions struct {
	// File is the name used in errors and in Source.File ("" for unnamed input).
	File string
	// Strict stops at the first bad record (Next returns false, Err returns
	// it). By default bad records are skipped and collected in Problems.
	Strict bool
	// SkipChecksum disables the TLE checksum verification (Vallado's
	// verification file has cases with deliberately wrong checksums).
	SkipChecksum bool
}

// Reader reads element sets one at a time, like bufio.Scanner. The format
// (TLE, OMM JSON, CSV or XML) is detected from the content; a leading UTF-8
// byte order mark is skipped.
//
//	rd := ephemeris.NewReader(f, ephemeris.ReadOptions{File: name})
//	for rd.Next() {
//		es := rd.ElementSet()
//		...
//	}
//	if err := rd.Err(); err != nil { ... }   // fatal: I/O, broken document, nothing found
//	for _, p := range rd.Problems() { ... }  // bad records skipped (lenient mode)
type Reader struct {
	opt      ReadOptions
	src      io.Reader
	started  bool
	done     bool
	format   Format
	cur      *ElementSet
	err      error
	problems []*ParseError
	count    int
	next     func() (*ElementSet, *ParseError, error)
}

// NewReader returns a Reader of r.
func NewReader(r io.Reader, opt ReadOptions) *Reader {
	return &Reader{opt: opt, src: r}
}

// Next advances to the next valid element set and reports whether there is
// one. In lenient mode (the default) bad records are skipped and recorded
// in Problems; in Strict mode the first bad record ends the reading.
func (r *Reader) Next() bool {
	r.cur = nil
	if r.done {
		return false
	}
	if !r.started {
		r.started = true
		if err := r.start(); err != nil {
			r.err = err
			r.done = true
			return false
		}
		if r.done {
			return false
		}
	}
	for {
		es, perr, err := r.next()
		switch {
		case err != nil:
			r.err = err
			r.done = true
			return false
		case perr != nil:
			r.problems = append(r.problems, perr)
			if r.opt.Strict {
				r.err = perr
				r.done = true
				return false
			}
		case es != nil:
			r.count++
			r.cur = es
			return true
		default: // end of input
			r.done = true
			if r.count == 0 {
				r.err = r.nothingFound("")
			}
			return false
		}
	}
}

// ElementSet returns the element set found by the last successful Next.
func (r *Reader) ElementSet() *ElementSet { return r.cur }

// Err returns the error that ended the reading: an I/O error, a document
// that cannot be parsed further, a line beyond MaxLineBytes, no element set
// at all (ErrNoElementSets), or in Strict mode the first bad record. Bad
// records skipped in lenient mode are not reported here but in Problems.
func (r *Reader) Err() error { return r.err }

// Format returns the detected input format (FormatUnknown before the first
// call of Next, or when nothing could be detected).
func (r *Reader) Format() Format { return r.format }

// Problems returns every bad record met so far, in input order.
func (r *Reader) Problems() []*ParseError { return r.problems }

func displayName(file string) string {
	if file == "" {
		return "<input>"
	}
	return file
}

// nothingFound builds the ErrNoElementSets error.
func (r *Reader) nothingFound(reason string) error {
	if reason == "" && len(r.problems) > 0 {
		reason = fmt.Sprintf("%d bad record(s), the first: %v", len(r.problems), r.problems[0])
	}
	if reason != "" {
		reason = " (" + reason + ")"
	}
	return fmt.Errorf("%w in %s%s", ErrNoElementSets, displayName(r.opt.File), reason)
}

// start detects the format and sets up the record source.
func (r *Reader) start() error {
	br := bufio.NewReaderSize(r.src, 64<<10)
	if b, _ := br.Peek(3); bytes.Equal(b, utf8BOM) {
		br.Discard(3)
	}
	// Detect from the first non-blank bytes. Leading blank space longer than
	// the buffer is skipped, counting its lines.
	lineBase := 0
	var head []byte
	for {
		h, err := br.Peek(64 << 10)
		if err != nil && err != io.EOF {
			return fmt.Errorf("reading %s: %w", displayName(r.opt.File), err)
		}
		if len(h) < 64<<10 || len(bytes.TrimSpace(h)) > 0 {
			head = h
			break
		}
		lineBase += bytes.Count(h, []byte{'\n'})
		br.Discard(len(h))
	}
	r.format = DetectFormat(head)
	file := r.opt.File
	switch r.format {
	case FormatUnknown:
		r.done = true
		return r.nothingFound(undetectableReason(head))
	case FormatTLE:
		sc := &tleScanner{lr: newLineReader(br, file, lineBase), ctx: tleContext{file: file, skipChecksum: r.opt.SkipChecksum}}
		r.next = sc.next
	case FormatOMMCSV:
		sc := newCSVScanner(br, file, lineBase)
		r.next = sc.next
	case FormatOMMJSON, FormatOMMXML:
		data, err := io.ReadAll(io.LimitReader(br, MaxDocumentBytes+1))
		if err != nil {
			return fmt.Errorf("reading %s: %w", displayName(file), err)
		}
		if len(data) > MaxDocumentBytes {
			return &ParseError{File: file, Field: "document", Err: fmt.Errorf("%w: %s document larger than %d bytes", ErrLineLength, r.format, MaxDocumentBytes)}
		}
		idx := newLineIndex(data, lineBase)
		var results []ommResult
		var fatal error
		if r.format == FormatOMMJSON {
			results, fatal = parseOMMJSON(data, file, idx)
		} else {
			results, fatal = parseOMMXML(data, file, idx)
		}
		r.next = func() (*ElementSet, *ParseError, error) {
			if len(results) > 0 {
				res := results[0]
				results = results[1:]
				return res.es, res.perr, nil
			}
			if fatal != nil {
				err := fatal
				fatal = nil
				return nil, nil, err
			}
			return nil, nil, nil
		}
	}
	return nil
}

// undetectableReason says why DetectFormat found nothing in head.
func undetectableReason(head []byte) string {
	if len(bytes.TrimSpace(head)) == 0 {
		return "empty input"
	}
	if bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF}) {
		return "UTF-16 text; element sets must be ASCII or UTF-8"
	}
	if i := binaryAt(head); i >= 0 {
		return fmt.Sprintf("binary data: byte 0x%02x at offset %d", head[i], i)
	}
	return "unrecognised content"
}

// binaryAt returns the offset of the first control byte that does not
// occur in text (anything below 0x20 other than TAB, LF, VT, FF, CR; and
// DEL), or -1.
func binaryAt(data []byte) int {
	for i, c := range data {
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\v' && c != '\f' && c != '\r') || c == 0x7f {
			return i
		}
	}
	return -1
}

// DetectFormat returns the format of an input from its first bytes (a UTF-8
// byte order mark and leading blank space are skipped): a first or second
// line starting "1 " (TLE line 1, after an optional name line) is TLE; else
// '[' or '{' is OMM JSON, '<' is OMM XML, a first line with commas naming
// OBJECT_NAME or NORAD_CAT_ID is an OMM CSV header, and anything else
// textual is TLE. Empty, blank or binary input (control bytes) gives
// FormatUnknown.
func DetectFormat(data []byte) Format {
	data = bytes.TrimPrefix(data, utf8BOM)
	t := bytes.TrimLeft(data, " \t\r\n\v\f")
	if len(t) == 0 || binaryAt(data) >= 0 {
		return FormatUnknown
	}
	first, rest := t, []byte(nil)
	if i := bytes.IndexByte(first, '\n'); i >= 0 {
		first, rest = first[:i], first[i+1:]
	}
	// TLE line 1 first, or right after the first line (a name line that
	// may well begin with '[', '{' or '<').
	rest = bytes.TrimLeft(rest, " \t\r\n\v\f")
	if tleKind(string(first)) == '1' || bytes.HasPrefix(rest, []byte("1 ")) {
		return FormatTLE
	}
	switch t[0] {
	case '[', '{':
		return FormatOMMJSON
	case '<':
		return FormatOMMXML
	}
	if bytes.IndexByte(first, ',') >= 0 && (bytes.Contains(first, []byte("OBJECT_NAME")) || bytes.Contains(first, []byte("NORAD_CAT_ID"))) {
		return FormatOMMCSV
	}
	return FormatTLE
}

// ReadAll reads every element set of r. In lenient mode (the default) it
// returns the good sets and, if any record was bad, errors.Join of every
// *ParseError (and of the fatal error, if one ended the reading): the
// caller decides whether the good sets are enough. In Strict mode it stops
// at the first bad record and returns the sets before it with that error.
// Input without any element set gives an error wrapping ErrNoElementSets.
func ReadAll(r io.Reader, opt ReadOptions) ([]*ElementSet, error) {
	rd := NewReader(r, opt)
	var sets []*ElementSet
	for rd.Next() {
		sets = append(sets, rd.ElementSet())
	}
	if opt.Strict {
		return sets, rd.Err()
	}
	errs := make([]error, 0, len(rd.problems)+1)
	for _, p := range rd.problems {
		errs = append(errs, p)
	}
	if rd.Err() != nil {
		errs = append(errs, rd.Err())
	}
	return sets, errors.Join(errs...)
}

// ReadFile reads every element set of the file at path (opt.File defaults
// to path). It returns the good sets, the bad records met (lenient mode)
// and the fatal error, if any (I/O, no element sets, or in Strict mode the
// first bad record).
func ReadFile(path string, opt ReadOptions) ([]*ElementSet, []*ParseError, error) {
	if opt.File == "" {
		opt.File = path
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	rd := NewReader(f, opt)
	var sets []*ElementSet
	for rd.Next() {
		sets = append(sets, rd.ElementSet())
	}
	return sets, rd.Problems(), rd.Err()
}

// lineReader returns the lines of a stream with their 1-based numbers,
// refusing lines longer than MaxLineBytes (without reading them whole).
type lineReader struct {
	br   *bufio.Reader
	file string
	n    int
}

func newLineReader(r io.Reader, file string, lineBase int) *lineReader {
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReaderSize(r, 64<<10)
	}
	return &lineReader{br: br, file: file, n: lineBase}
}

// next returns the next line without its LF (a CR before it is kept for
// the caller to trim), its number, or io.EOF.
func (lr *lineReader) next() (string, int, error) {
	var buf []byte
	for {
		frag, err := lr.br.ReadSlice('\n')
		if len(buf)+len(frag) > MaxLineBytes+2 { // +2: CR LF
			lr.n++
			return "", lr.n, lineTooLong(lr.file, lr.n)
		}
		buf = append(buf, frag...)
		switch err {
		case bufio.ErrBufferFull:
			continue
		case nil:
			lr.n++
			return string(buf[:len(buf)-1]), lr.n, nil
		case io.EOF:
			if len(buf) == 0 {
				return "", lr.n, io.EOF
			}
			lr.n++
			return string(buf), lr.n, nil
		default:
			return "", lr.n, fmt.Errorf("reading %s: %w", displayName(lr.file), err)
		}
	}
}

func lineTooLong(file string, line int) *ParseError {
	return &ParseError{File: file, Line: line, Field: "line length", Want: fmt.Sprintf("lines of at most %d bytes", MaxLineBytes),
		Err: fmt.Errorf("%w: line longer than %d bytes", ErrLineLength, MaxLineBytes)}
}

// lineIndex maps byte offsets of an in-memory document to 1-based lines
// and columns.
type lineIndex struct {
	newlines []int // offsets of '\n'
	base     int   // lines before the document (skipped blank space)
}

func newLineIndex(data []byte, base int) *lineIndex {
	idx := &lineIndex{base: base}
	for i, c := range data {
		if c == '\n' {
			idx.newlines = append(idx.newlines, i)
		}
	}
	return idx
}

// pos returns the 1-based line and column (in bytes) of offset off.
func (idx *lineIndex) pos(off int) (line, column int) {
	n := sort.SearchInts(idx.newlines, off) // newlines before off
	start := 0
	if n > 0 {
		start = idx.newlines[n-1] + 1
	}
	return idx.base + n + 1, off - start + 1
}
