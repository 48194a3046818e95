package rinex

import (
	"bufio"
	"bytes"
	"compress/bzip2"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/gnssim/gnssim/ephemeris"
)

// MaxLineBytes is the longest line the reader accepts (RINEX lines are at
// most 80 characters); a longer one ends the reading with an error
// wrapping ephemeris.ErrLineLength.
const MaxLineBytes = 4096

// Options controls a Reader.
type Options struct {
	// File is the name used in errors and in RecordInfo.File ("" for
	// unnamed input).
	File string
	// Strict stops at the first bad record or header line (Next returns
	// false, Err returns it). By default bad records are skipped and
	// collected in Problems.
	Strict bool
}

// Reader reads the records of a RINEX navigation file one at a time, like
// bufio.Scanner. gzip (and bzip2) input is recognised by its magic bytes
// and decompressed on the fly.
//
//	rd := rinex.NewReader(f, rinex.Options{File: name})
//	for rd.Next() {
//		switch rec := rd.Record().(type) {
//		case *rinex.GPSEph: ...
//		}
//	}
//	if err := rd.Err(); err != nil { ... }   // fatal: I/O, not RINEX, bad header, nothing read
//	for _, p := range rd.Problems() { ... }  // bad records skipped (lenient mode)
//
// A bad record is one problem, named by file, line, column and field; its
// lines are skipped and reading goes on with the next record (in RINEX 2
// and 3 the next line starting with a satellite, in RINEX 4 the next "> "
// line).
type Reader struct {
	opt      Options
	src      io.Reader
	br       *bufio.Reader
	p        parser
	started  bool
	hdr      *Header
	lineNo   int
	peeked   *line
	cur      Record
	err      error
	problems []*ephemeris.ParseError
	done     bool
	count    int
}

// NewReader returns a Reader of r.
func NewReader(r io.Reader, opt Options) *Reader {
	return &Reader{opt: opt, src: r, p: parser{file: opt.File}}
}

func displayName(file string) string {
	if file == "" {
		return "<input>"
	}
	return file
}

// Header reads the header, if not done yet, and returns it. Its error is
// the fatal error that ends the reading (also returned by Err).
func (r *Reader) Header() (*Header, error) {
	if !r.started {
		r.start()
	}
	if r.hdr == nil {
		return nil, r.err
	}
	return r.hdr, nil
}

// Next advances to the next good record and reports whether there is one.
func (r *Reader) Next() bool {
	r.cur = nil
	if !r.started {
		r.start()
	}
	if r.done {
		return false
	}
	for {
		g, err := r.group()
		if err != nil {
			r.fail(err)
			return false
		}
		if g == nil {
			r.done = true
			if r.count == 0 {
				r.err = r.nothingFound()
			}
			return false
		}
		var rec Record
		var perr *ephemeris.ParseError
		if r.hdr.Version >= 4 {
			rec, perr = r.p.parseV4(g)
		} else {
			rec, perr = r.p.parseV23(g, r.hdr)
		}
		if perr != nil {
			if !r.problem(perr) {
				return false
			}
			continue
		}
		r.count++
		r.cur = rec
		return true
	}
}

// Record returns the record found by the last successful Next.
func (r *Reader) Record() Record { return r.cur }

// Err returns the error that ended the reading: I/O, input that is not a
// RINEX navigation file or of an unsupported version (ErrUnsupported), a
// header without END OF HEADER, a line beyond MaxLineBytes, no record at
// all (ErrNoRecords), or in Strict mode the first bad record.
func (r *Reader) Err() error { return r.err }

// Problems returns every bad record or header line met so far, in input
// order.
func (r *Reader) Problems() []*ephemeris.ParseError { return r.problems }

func (r *Reader) fail(err error) {
	r.err = err
	r.done = true
}

// problem records a bad record; in Strict mode it ends the reading (and
// returns false).
func (r *Reader) problem(p *ephemeris.ParseError) bool {
	r.problems = append(r.problems, p)
	if r.opt.Strict {
		r.fail(p)
		return false
	}
	return true
}

func (r *Reader) nothingFound() error {
	reason := ""
	if len(r.problems) > 0 {
		reason = fmt.Sprintf(" (%d bad record(s), the first: %v)", len(r.problems), r.problems[0])
	}
	return fmt.Errorf("%w in %s%s", ErrNoRecords, displayName(r.opt.File), reason)
}

// start detects compression and reads the header.
func (r *Reader) start() {
	r.started = true
	br := bufio.NewReaderSize(r.src, 64<<10)
	magic, _ := br.Peek(3)
	var src io.Reader = br
	switch {
	case len(magic) >= 2 && magic[0] == 0x1f && magic[1] == 0x8b:
		zr, err := gzip.NewReader(br)
		if err != nil {
			r.fail(fmt.Errorf("reading %s: gzip: %w", displayName(r.opt.File), err))
			return
		}
		src = zr
	case len(magic) >= 2 && magic[0] == 0x1f && magic[1] == 0x9d:
		r.fail(fmt.Errorf("%s: Unix compress (.Z) input is %w; uncompress it first (gzip and bzip2 are read directly)", displayName(r.opt.File), ErrUnsupported))
		return
	case bytes.Equal(magic, []byte("BZh")):
		src = bzip2.NewReader(br)
	}
	if src != io.Reader(br) {
		r.br = bufio.NewReaderSize(src, 64<<10)
	} else {
		r.br = br
	}
	if err := r.readHeader(); err != nil {
		r.hdr = nil
		r.fail(err)
	}
}

// readLine returns the next line without LF and trailing CR, or io.EOF.
func (r *Reader) readLine() (line, error) {
	if r.peeked != nil {
		l := *r.peeked
		r.peeked = nil
		return l, nil
	}
	var buf []byte
	for {
		frag, err := r.br.ReadSlice('\n')
		if len(buf)+len(frag) > MaxLineBytes+2 {
			r.lineNo++
			return line{}, &ephemeris.ParseError{File: r.opt.File, Line: r.lineNo, Field: "line length",
				Want: fmt.Sprintf("lines of at most %d bytes (RINEX lines have 80)", MaxLineBytes),
				Err:  fmt.Errorf("%w: line longer than %d bytes", ephemeris.ErrLineLength, MaxLineBytes)}
		}
		buf = append(buf, frag...)
		switch err {
		case bufio.ErrBufferFull:
			continue
		case nil, io.EOF:
			if err == io.EOF && len(buf) == 0 {
				return line{}, io.EOF
			}
			r.lineNo++
			s := strings.TrimSuffix(string(buf), "\n")
			s = strings.TrimSuffix(s, "\r")
			return line{text: s, num: r.lineNo}, nil
		default:
			return line{}, fmt.Errorf("reading %s: %w", displayName(r.opt.File), err)
		}
	}
}

func (r *Reader) unread(l line) { r.peeked = &l }

// readHeader reads the header up to END OF HEADER.
func (r *Reader) readHeader() error {
	var first line
	for {
		l, err := r.readLine()
		if err == io.EOF {
			return fmt.Errorf("%w in %s (empty input)", ErrNoRecords, displayName(r.opt.File))
		}
		if err != nil {
			return err
		}
		if !isBlank(strings.TrimRight(l.text, "\t")) { // leading blank lines are skipped
			first = l
			break
		}
	}
	first.text = strings.TrimPrefix(first.text, "\xef\xbb\xbf")
	h := &Header{}
	if i := binaryAt(first.text); i >= 0 {
		return r.p.perr(first, i+1, "RINEX VERSION / TYPE", "a RINEX navigation file (text)",
			fmt.Errorf("%w: binary data (byte 0x%02x)", ephemeris.ErrSyntax, first.text[i]))
	}
	if e := r.p.parseFirstLine(first, h); e != nil {
		return e
	}
	for {
		l, err := r.readLine()
		if err == io.EOF {
			return r.p.perr(line{num: r.lineNo}, 0, "END OF HEADER", "a header closed by a line labelled END OF HEADER in columns 61-80",
				fmt.Errorf("%w: END OF HEADER missing (%d lines read)", ephemeris.ErrMissingField, r.lineNo))
		}
		if err != nil {
			return err
		}
		if labelOf(l.text) == "END OF HEADER" {
			h.Lines = l.num
			r.hdr = h
			return nil
		}
		if r.looksLikeRecord(l, h) {
			// The header ended without its END OF HEADER line.
			r.unread(l)
			h.Lines = l.num - 1
			r.hdr = h
			e := r.p.perr(l, 61, "END OF HEADER", "END OF HEADER in columns 61-80 before the first record",
				fmt.Errorf("%w: END OF HEADER missing before the first record", ephemeris.ErrMissingField))
			r.problems = append(r.problems, e)
			if r.opt.Strict {
				return e
			}
			return nil
		}
		if e := r.p.parseHeaderLine(l, h); e != nil {
			r.problems = append(r.problems, e)
			if r.opt.Strict {
				return e
			}
		}
	}
}

// looksLikeRecord reports whether a line in the header is rather the first
// line of a record.
func (r *Reader) looksLikeRecord(l line, h *Header) bool {
	if isKnownLabel(labelOf(l.text)) {
		return false
	}
	if h.Version >= 4 {
		return strings.HasPrefix(l.text, "> ")
	}
	if h.Version >= 3 {
		_, _, e := r.p.parseStart3(l)
		return e == nil
	}
	_, _, e := r.p.parseStart2(l, h.System)
	return e == nil
}

// isKnownLabel reports whether s is a navigation header label of RINEX 2,
// 3 or 4.
func isKnownLabel(s string) bool {
	switch s {
	case "RINEX VERSION / TYPE", "PGM / RUN BY / DATE", "COMMENT", "LEAP SECONDS", "IONOSPHERIC CORR",
		"TIME SYSTEM CORR", "ION ALPHA", "ION BETA", "DELTA-UTC: A0,A1,T,W", "CORR TO SYSTEM TIME",
		"END OF HEADER", "REC # / TYPE / VERS", "MERGED FILE", "DOI", "LICENSE OF USE",
		"STATION INFORMATION", "MARKER NAME", "MARKER NUMBER":
		return true
	}
	return false
}

// binaryAt returns the index of the first control byte other than TAB in
// s, or -1.
func binaryAt(s string) int {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 0x20 && c != '\t') || c == 0x7f {
			return i
		}
	}
	return -1
}

// isStart reports whether a data line begins a record: RINEX 4 "> ", RINEX
// 3 a system letter in column 1, RINEX 2 a satellite number in columns 1-2
// (continuation lines begin with 3 or 4 blanks).
func (r *Reader) isStart(l line) bool {
	switch {
	case r.hdr.Version >= 4:
		return strings.HasPrefix(l.text, ">")
	case r.hdr.Version >= 3:
		return len(l.text) > 0 && l.text[0] != ' '
	}
	return !isBlank(cols(l.text, 0, 2))
}

// group returns the lines of the next record (nil at the end of input).
// Lines before a record start are reported, once per run, as a problem.
func (r *Reader) group() ([]line, error) {
	var g []line
	var orphans []line
	flushOrphans := func() bool {
		if len(orphans) == 0 {
			return true
		}
		o := orphans[0]
		want := "a record starting with a satellite and its epoch"
		if r.hdr.Version >= 4 {
			want = "a record starting with \"> EPH\", \"> STO\", \"> EOP\" or \"> ION\""
		}
		e := r.p.perr(o, 1, "record start", want,
			fmt.Errorf("%w: %d line(s) outside any record (lines %d-%d)", ephemeris.ErrSyntax, len(orphans), o.num, orphans[len(orphans)-1].num))
		orphans = nil
		return r.problem(e)
	}
	for {
		l, err := r.readLine()
		if err == io.EOF {
			if !flushOrphans() {
				return nil, r.err
			}
			return g, nil
		}
		if err != nil {
			return nil, err
		}
		if g == nil {
			if isBlank(l.text) {
				continue
			}
			if !r.isStart(l) {
				orphans = append(orphans, l)
				continue
			}
			if !flushOrphans() {
				return nil, r.err
			}
			g = []line{l}
			continue
		}
		if r.isStart(l) {
			r.unread(l)
			return g, nil
		}
		g = append(g, l)
	}
}

// File is a whole navigation file: its header, its good records in input
// order, and the bad records skipped.
type File struct {
	Name     string
	Header   Header
	Records  []Record
	Problems []*ephemeris.ParseError
}

// ReadAll reads a whole navigation file. In lenient mode (the default) the
// error is only the fatal one (I/O, not a navigation file, unsupported
// version, no END OF HEADER, no good record at all); bad records are
// skipped and listed in File.Problems, so the caller decides whether the
// good ones are enough. In Strict mode the first bad record or header line
// is returned as the error, with the records before it.
func ReadAll(r io.Reader, opt Options) (*File, error) {
	rd := NewReader(r, opt)
	f := &File{Name: opt.File}
	for rd.Next() {
		f.Records = append(f.Records, rd.Record())
	}
	if rd.hdr != nil {
		f.Header = *rd.hdr
	}
	f.Problems = rd.Problems()
	if err := rd.Err(); err != nil {
		if rd.hdr == nil {
			return nil, err
		}
		return f, err
	}
	return f, nil
}

// ReadFile reads the navigation file at path (plain, gzip or bzip2) with
// ReadAll; opt.File defaults to path.
func ReadFile(path string, opt Options) (*File, error) {
	if opt.File == "" {
		opt.File = path
	}
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	return ReadAll(fh, opt)
}
