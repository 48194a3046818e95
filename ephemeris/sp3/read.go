package sp3

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
)

// Options controls Read.
type Options struct {
	// Strict stops at the first problem and returns it as the error (a
	// *ephemeris.ParseError). By default bad records are skipped, tolerable
	// inconsistencies accepted, and both collected in File.Problems.
	Strict bool
}

// MaxLineBytes is the longest line Read accepts (SP3 lines have at most 80
// columns); a longer line is reported and skipped without being held in
// memory.
const MaxLineBytes = 4096

// maxErrorText bounds ParseError.Text.
const maxErrorText = 200

func clip(s string) string {
	if len(s) > maxErrorText {
		return s[:maxErrorText] + "..."
	}
	return s
}

func displayName(name string) string {
	if name == "" {
		return "<input>"
	}
	return name
}

// ReadFile reads the SP3 file at path (plain or gzip), naming it path in
// errors. See Read.
func ReadFile(path string, opt Options) (*File, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	return Read(path, fh, opt)
}

// Read reads an SP3-a/b/c/d file from r, plain or gzip-compressed (detected
// from the magic bytes). name is used in errors and File.Name.
//
// In lenient mode (the default) Read returns the file with every good
// record and, in File.Problems, every bad record it skipped and every
// inconsistency it tolerated: a bad epoch line (its records are skipped),
// epochs out of order or repeated, epochs off the header's interval grid,
// satellites not in the header or repeated within an epoch, satellites
// without a record at an epoch, garbage numbers, misplaced V/EP/EV records,
// an epoch count differing from the header, a missing EOF line. The error
// is then non-nil only when nothing usable can be read: an I/O or gzip
// error, input that is not SP3 (ErrNotSP3), a header cut short or without
// satellite list (ephemeris.ErrMissingField), an unknown time system
// (ErrUnsupported), or no epoch at all (ErrNoEpochs).
//
// With opt.Strict the first problem is returned as the error, and no File.
func Read(name string, r io.Reader, opt Options) (*File, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("reading %s: gzip: %w", displayName(name), err)
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, 64<<10)
	}
	p := &parser{name: name, opt: opt, br: br, f: &File{Name: name, satIndex: map[SatID]int{}}}
	if err := p.run(); err != nil {
		return nil, err
	}
	return p.f, nil
}

// parser holds the state of one Read.
type parser struct {
	name string
	opt  Options
	br   *bufio.Reader
	f    *File
	line int   // number of the last line read
	stop error // set in strict mode by the first problem

	// header
	line2      string
	line2No    int
	numEpochs  bool // Header.NumEpochs was read
	week, sow  bool // GPSWeek, SecondsOfWeek were read
	mjd, frac  bool // MJD, FracDay were read
	satLines   []numbered
	accLines   []numbered
	seenC      bool
	seenF      bool
	seenI      bool
	timeSysSet bool
	skipIDs    map[string]bool // identifiers of the header that are not used (reported once)

	// data
	scale     orbit.TimeScale
	cur       int  // index of the current epoch in f.Epochs, -1 before the first
	skip      bool // the current epoch was rejected: its records are ignored
	seenAt    []int
	lastKind  byte // 'P', 'V', 'e' (EP), 'f' (EV) or 0: the previous record of the current epoch
	lastRec   int  // index in f.recs[cur] of the record of the last P line, -1 if none
	sorted    bool // f.recs[cur] is sorted by Sat so far
	sawEOF    bool
	epochText string // the '*' line of the current epoch
}

// numbered is a line with its 1-based number.
type numbered struct {
	text string
	no   int
}

// problem records a problem; in strict mode it also stops the reading.
func (p *parser) problem(no int, line string, f field, err error) {
	p.add(&ephemeris.ParseError{File: p.name, Line: no, Column: f.from, Field: f.name, Text: clip(line), Want: f.want, Err: err})
}

func (p *parser) add(pe *ephemeris.ParseError) {
	p.f.problems = append(p.f.problems, pe)
	if p.opt.Strict && p.stop == nil {
		p.stop = pe
	}
}

// fatal builds a ParseError that ends the reading in either mode.
func (p *parser) fatal(no int, line string, f field, err error) error {
	return &ephemeris.ParseError{File: p.name, Line: no, Column: f.from, Field: f.name, Text: clip(line), Want: f.want, Err: err}
}

// next returns the next line without its line feed and trailing blanks
// and CR, whether it was longer than MaxLineBytes (then text is empty), and
// false at the end of the input.
func (p *parser) next() (text string, long bool, ok bool, err error) {
	var buf []byte
	for {
		frag, rerr := p.br.ReadSlice('\n')
		if !long {
			if len(buf)+len(frag) > MaxLineBytes+2 { // +2: CR LF
				long, buf = true, nil
			} else {
				buf = append(buf, frag...)
			}
		}
		switch rerr {
		case bufio.ErrBufferFull:
			continue
		case nil:
		case io.EOF:
			if len(buf) == 0 && !long {
				return "", false, false, nil
			}
		default:
			return "", false, false, fmt.Errorf("reading %s: %w", displayName(p.name), rerr)
		}
		p.line++
		if long {
			return "", true, true, nil
		}
		return strings.TrimRight(string(buf), " \t\r\n"), false, true, nil
	}
}

// tooLong reports a line beyond MaxLineBytes.
func (p *parser) tooLong() {
	p.add(&ephemeris.ParseError{File: p.name, Line: p.line, Field: "line length",
		Want: "SP3 lines of at most 80 columns", Err: fmt.Errorf("%w: line longer than %d bytes", ephemeris.ErrLineLength, MaxLineBytes)})
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// run parses the whole input.
func (p *parser) run() error {
	if b, _ := p.br.Peek(3); bytes.Equal(b, utf8BOM) {
		p.br.Discard(3)
	}
	first, long, ok, err := p.next()
	if err != nil {
		return err
	}
	if !ok || long || len(first) < 2 || first[0] != '#' || !strings.ContainsRune("abcd", rune(first[1])) {
		reason := "the first line does not start with '#' and a version letter a-d"
		switch {
		case !ok:
			reason = "empty input"
		case long:
			reason = "the first line is longer than any SP3 line"
		case binaryAt(first) >= 0:
			reason = "binary data (compressed with something other than gzip?)"
		}
		return &ephemeris.ParseError{File: p.name, Line: 1, Column: 1, Field: "version", Text: clip(first),
			Want: "an SP3 first line: '#', the version a-d, P or V, the first epoch ... (e.g. \"#dP2020  6 25  0  0  0.00000000      97 ...\")",
			Err:  fmt.Errorf("%w: %s", ErrNotSP3, reason)}
	}
	p.header1(first)
	if p.stop != nil {
		return p.stop
	}
	second, long, ok, err := p.next()
	if err != nil {
		return err
	}
	if !ok {
		return p.truncated("line 2 ('##': GPS week, seconds of week, epoch interval, MJD)")
	}
	if long || !strings.HasPrefix(second, "##") {
		return p.fatal(p.line, second, field{"line 2", 1, 2, "'##' in columns 1-2, then GPS week, seconds of week, epoch interval, MJD and fractional day"},
			fmt.Errorf("%w: the second line of an SP3 file must start with \"##\"", ephemeris.ErrSyntax))
	}
	p.header2(second)
	if p.stop != nil {
		return p.stop
	}
	// Remaining header lines, up to the first epoch record.
	for {
		text, long, ok, err := p.next()
		if err != nil {
			return err
		}
		if !ok {
			return p.endInHeader()
		}
		if long {
			p.tooLong()
		} else if strings.HasPrefix(text, "*") {
			if err := p.endHeader(); err != nil {
				return err
			}
			if p.stop != nil {
				return p.stop
			}
			p.data(text)
			break
		} else {
			p.headerLine(text)
		}
		if p.stop != nil {
			return p.stop
		}
	}
	// Data section.
	for p.stop == nil && !p.sawEOF {
		text, long, ok, err := p.next()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		if long {
			p.tooLong()
			continue
		}
		p.data(text)
	}
	if p.stop != nil {
		return p.stop
	}
	if p.sawEOF {
		// Anything but blank lines after EOF is reported once and ignored.
		for {
			text, long, ok, err := p.next()
			if err != nil {
				return err
			}
			if !ok {
				break
			}
			if long || text != "" {
				p.problem(p.line, text, field{"EOF", 1, 1, "nothing after the EOF line"},
					fmt.Errorf("%w: content after the EOF line is ignored", ephemeris.ErrSyntax))
				break
			}
		}
	}
	p.finishEpoch()
	return p.finish()
}

// binaryAt returns the offset of the first byte that does not occur in
// text, or -1.
func binaryAt(s string) int {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 0x20 && c != '\t') || c == 0x7f {
			return i
		}
	}
	return -1
}

// truncated is the error of an input that ends inside the header.
func (p *parser) truncated(what string) error {
	return &ephemeris.ParseError{File: p.name, Line: p.line + 1, Field: "header",
		Want: "a complete SP3 header (lines '#', '##', '+', '++', '%c', '%f', '%i', '/*') followed by epoch records",
		Err:  fmt.Errorf("%w: the file ends at line %d inside the header: no %s (truncated file?)", ephemeris.ErrMissingField, p.line, what)}
}

// endInHeader is called when the input ends before any epoch record.
func (p *parser) endInHeader() error {
	switch {
	case len(p.satLines) == 0:
		return p.truncated("satellite list ('+' lines)")
	case len(p.accLines) == 0:
		return p.truncated("accuracy lines ('++')")
	case !p.seenC:
		return p.truncated("%c lines")
	case !p.seenF:
		return p.truncated("%f lines")
	case !p.seenI:
		return p.truncated("%i lines")
	}
	return &ephemeris.ParseError{File: p.name, Line: p.line + 1, Field: "epoch",
		Want: "epoch records ('*' lines) with position records after the header",
		Err:  fmt.Errorf("%w: the file ends after the header", ErrNoEpochs)}
}

// header1 parses line 1.
func (p *parser) header1(line string) {
	h := &p.f.Header
	h.Version = line[1]
	switch c := cols(line, 3, 3); c {
	case "P":
	case "V":
		h.Velocities = true
	default:
		p.problem(1, line, fPVFlag, fmt.Errorf("%w: %q", ephemeris.ErrSyntax, c))
	}
	if t, f, err := epochOf(line); err != nil {
		p.problem(1, line, field{"first epoch: " + f.name, f.from, f.to, f.want}, err)
	} else {
		h.Start = t
	}
	if n, err := intField(line, fNumEpochs); err != nil {
		p.problem(1, line, fNumEpochs, err)
	} else if n < 0 {
		p.problem(1, line, fNumEpochs, fmt.Errorf("%w: %d", ephemeris.ErrRange, n))
	} else {
		h.NumEpochs, p.numEpochs = n, true
	}
	h.DataUsed = strings.TrimSpace(cols(line, fDataUsed.from, fDataUsed.to))
	h.CoordSystem = strings.TrimSpace(cols(line, fCoordSys.from, fCoordSys.to))
	h.OrbitType = strings.TrimSpace(cols(line, fOrbitType.from, fOrbitType.to))
	h.Agency = strings.TrimSpace(cols(line, fAgency.from, fAgency.to))
}

// header2 parses line 2; its agreement with line 1 is checked in endHeader,
// once the time system is known.
func (p *parser) header2(line string) {
	h := &p.f.Header
	p.line2, p.line2No = line, p.line
	if w, err := intField(line, fGPSWeek); err != nil {
		p.problem(p.line, line, fGPSWeek, err)
	} else {
		h.GPSWeek, p.week = w, true
	}
	if s, err := floatField(line, fSOW); err != nil {
		p.problem(p.line, line, fSOW, err)
	} else if s < 0 || s >= 604800 {
		p.problem(p.line, line, fSOW, fmt.Errorf("%w: %v", ephemeris.ErrRange, s))
	} else {
		h.SecondsOfWeek, p.sow = s, true
	}
	if d, err := secondsField(line, fInterval); err != nil {
		p.problem(p.line, line, fInterval, err)
	} else if d <= 0 {
		p.problem(p.line, line, fInterval, fmt.Errorf("%w: interval %v is not positive", ephemeris.ErrRange, d))
	} else {
		h.Interval = d
	}
	if m, err := intField(line, fMJD); err != nil {
		p.problem(p.line, line, fMJD, err)
	} else {
		h.MJD, p.mjd = m, true
	}
	if fr, err := floatField(line, fFracDay); err != nil {
		p.problem(p.line, line, fFracDay, err)
	} else if fr < 0 || fr >= 1 {
		p.problem(p.line, line, fFracDay, fmt.Errorf("%w: %v", ephemeris.ErrRange, fr))
	} else {
		h.FracDay, p.frac = fr, true
	}
}

// headerLine handles a header line after line 2 and before the first epoch.
func (p *parser) headerLine(line string) {
	h := &p.f.Header
	switch {
	case line == "":
		// blank lines are harmless
	case strings.HasPrefix(line, "++"):
		p.accLines = append(p.accLines, numbered{line, p.line})
	case strings.HasPrefix(line, "+"):
		if len(p.accLines) > 0 {
			p.problem(p.line, line, field{"satellite list", 1, 2, "the '+' lines before the '++' lines"},
				fmt.Errorf("%w: '+' line after the '++' lines", ephemeris.ErrSyntax))
			return
		}
		p.satLines = append(p.satLines, numbered{line, p.line})
	case strings.HasPrefix(line, "%c"):
		if p.seenC {
			return // the second %c line holds placeholders only
		}
		p.seenC = true
		ft := strings.TrimSpace(cols(line, fFileType.from, fFileType.to))
		if ft != "cc" && ft != "c" {
			h.FileType = ft
		}
		code := cols(line, fTimeSystem.from, fTimeSystem.to)
		switch code {
		case "ccc", "", "   ":
			if h.Version >= 'c' {
				p.problem(p.line, line, fTimeSystem, fmt.Errorf("%w: time system not given (%q); GPS time assumed", ephemeris.ErrMissingField, code))
			}
		default:
			ts, err := ParseTimeSystem(code)
			if err != nil {
				// A wrong time system would shift every epoch by up to
				// hours: fatal, in lenient mode too.
				p.stop = p.fatal(p.line, line, fTimeSystem, fmt.Errorf("%w: %v", ErrUnsupported, err))
				return
			}
			h.TimeSystem, p.timeSysSet = ts, true
		}
	case strings.HasPrefix(line, "%f"):
		if p.seenF {
			return
		}
		p.seenF = true
		if v, err := floatField(line, fPosBase); err != nil {
			p.problem(p.line, line, fPosBase, err)
		} else if v < 0 {
			p.problem(p.line, line, fPosBase, fmt.Errorf("%w: %v", ephemeris.ErrRange, v))
		} else {
			h.PosBase = v
		}
		if v, err := floatField(line, fClockBase); err != nil {
			p.problem(p.line, line, fClockBase, err)
		} else if v < 0 {
			p.problem(p.line, line, fClockBase, fmt.Errorf("%w: %v", ephemeris.ErrRange, v))
		} else {
			h.ClockBase = v
		}
	case strings.HasPrefix(line, "%i"):
		p.seenI = true // integers reserved for future use
	case strings.HasPrefix(line, "/*"):
		h.Comments = append(h.Comments, strings.TrimPrefix(strings.TrimPrefix(line, "/*"), " "))
	default:
		p.problem(p.line, line, field{"header line", 1, 2, "a header line starting with +, ++, %c, %f, %i or /*, or the first epoch record '*'"},
			fmt.Errorf("%w: unexpected line in the header", ephemeris.ErrSyntax))
	}
}

// endHeader completes the header when the first epoch record is met.
func (p *parser) endHeader() error {
	h := &p.f.Header
	if len(p.satLines) == 0 {
		return &ephemeris.ParseError{File: p.name, Line: p.line, Column: 1, Field: "satellite list",
			Want: "the '+' satellite-list lines before the first epoch record", Err: fmt.Errorf("%w: no '+' lines in the header", ephemeris.ErrMissingField)}
	}
	for _, miss := range []struct {
		seen bool
		what string
	}{{len(p.accLines) > 0, "'++' accuracy lines"}, {p.seenC, "'%c' lines"}, {p.seenF, "'%f' lines"}, {p.seenI, "'%i' lines"}} {
		if !miss.seen {
			p.problem(p.line, "", field{"header", 1, 1, "the " + miss.what + " of the SP3 header"}, fmt.Errorf("%w: no %s", ephemeris.ErrMissingField, miss.what))
		}
	}
	if !p.timeSysSet {
		h.TimeSystem = TimeGPS // SP3-a/b; or reported above for SP3-c/d
	}
	p.scale, _ = h.TimeSystem.Scale()
	p.satellites()
	p.checkLine2()
	p.cur = -1
	p.lastRec = -1
	p.seenAt = make([]int, len(h.Satellites))
	return nil
}

// satellites parses the '+' and '++' lines.
func (p *parser) satellites() {
	h := &p.f.Header
	first := p.satLines[0]
	count, err := intField(first.text, fNumSats)
	countOK := err == nil
	if err != nil {
		p.problem(first.no, first.text, fNumSats, err)
	} else if count < 0 || count > 999 || (h.Version <= 'c' && count > 85) {
		p.problem(first.no, first.text, fNumSats, fmt.Errorf("%w: %d satellites (SP3-%c)", ephemeris.ErrRange, count, h.Version))
	}
	slots := len(p.satLines) * idsPerLine
	var accSlots []int // accuracy list position of each satellite
	found := 0
	for i := 0; i < slots; i++ {
		ln := p.satLines[i/idsPerLine]
		f := satListField(i%idsPerLine, false)
		raw := cols(ln.text, f.from, f.to)
		if strings.TrimSpace(raw) == "" || strings.TrimSpace(raw) == "0" {
			continue
		}
		found++
		if countOK && found > count {
			p.problem(ln.no, ln.text, f, fmt.Errorf("%w: more identifiers than the %d announced in columns 4-6", ephemeris.ErrRange, count))
			continue
		}
		for len(raw) < 3 {
			raw = " " + raw
		}
		id, err := ParseSatID(raw)
		if err != nil {
			if p.skipIDs == nil {
				p.skipIDs = map[string]bool{}
			}
			p.skipIDs[raw] = true
			p.problem(ln.no, ln.text, f, fmt.Errorf("%w; its records are ignored", err))
			continue
		}
		if _, dup := p.f.satIndex[id]; dup {
			p.problem(ln.no, ln.text, f, fmt.Errorf("%w: satellite %v listed twice", ephemeris.ErrSyntax, id))
			continue
		}
		p.f.satIndex[id] = len(h.Satellites)
		h.Satellites = append(h.Satellites, id)
		accSlots = append(accSlots, i)
	}
	if countOK && found < count {
		p.problem(first.no, first.text, fNumSats, fmt.Errorf("%w: %d satellites announced, %d listed", ephemeris.ErrMissingField, count, found))
	}
	h.Accuracy = make([]int, len(h.Satellites))
	for k, i := range accSlots {
		if i/idsPerLine >= len(p.accLines) {
			break
		}
		ln := p.accLines[i/idsPerLine]
		f := satListField(i%idsPerLine, true)
		v, blank, err := optIntField(ln.text, f)
		switch {
		case err != nil:
			p.problem(ln.no, ln.text, f, err)
		case blank:
		case v < 0 || v > 999:
			p.problem(ln.no, ln.text, f, fmt.Errorf("%w: %d", ephemeris.ErrRange, v))
		default:
			h.Accuracy[k] = v
		}
	}
	if len(p.accLines) > 0 && len(p.accLines) != len(p.satLines) {
		ln := p.accLines[len(p.accLines)-1]
		p.problem(ln.no, ln.text, field{"accuracy", 1, 2, "as many '++' lines as '+' lines"},
			fmt.Errorf("%w: %d '+' lines but %d '++' lines", ephemeris.ErrSyntax, len(p.satLines), len(p.accLines)))
	}
}

// gpsEpochUnix is 1980-01-06T00:00:00 (IS-GPS-200), in Unix seconds.
const gpsEpochUnix = 315964800

// mjdUnixEpoch is the MJD of 1970-01-01.
const mjdUnixEpoch = 40587

// checkLine2 checks GPS week, seconds of week and MJD against the first
// epoch of line 1. All are labels of the same reading; the week check is
// made only for the GPS-aligned time systems, for which the header's "GPS
// week" has no other possible meaning.
func (p *parser) checkLine2() {
	h := &p.f.Header
	if h.Start.IsZero() {
		return
	}
	secs := h.Start.Unix()
	sub := float64(h.Start.Nanosecond()) * 1e-9
	if p.scale == orbit.GPST {
		d := secs - gpsEpochUnix
		w := d / 604800
		if d%604800 < 0 {
			w--
		}
		sow := float64(d-w*604800) + sub
		if p.week && int64(h.GPSWeek) != w {
			p.problem(p.line2No, p.line2, fGPSWeek, fmt.Errorf("%w: GPS week %d, but the first epoch %s is in week %d", ephemeris.ErrRange, h.GPSWeek, h.Start.Format("2006-01-02T15:04:05"), w))
		} else if p.week && p.sow && math.Abs(sow-h.SecondsOfWeek) > 1e-6 { // 1 µs: beyond the F15.8 resolution and rounding
			p.problem(p.line2No, p.line2, fSOW, fmt.Errorf("%w: %.8f s, but the first epoch is at %.8f s of week", ephemeris.ErrRange, h.SecondsOfWeek, sow))
		}
	}
	day := secs / 86400
	if secs%86400 < 0 {
		day--
	}
	mjd := day + mjdUnixEpoch
	frac := (float64(secs-day*86400) + sub) / 86400
	if p.mjd && int64(h.MJD) != mjd {
		p.problem(p.line2No, p.line2, fMJD, fmt.Errorf("%w: MJD %d, but the first epoch %s is MJD %d", ephemeris.ErrRange, h.MJD, h.Start.Format("2006-01-02T15:04:05"), mjd))
	} else if p.mjd && p.frac && math.Abs(frac-h.FracDay) > 2e-11 { // 2e-11 d ≈ 2 µs: F15.13 carries 1e-13 d
		p.problem(p.line2No, p.line2, fFracDay, fmt.Errorf("%w: %.13f, but the first epoch is at %.13f of its day", ephemeris.ErrRange, h.FracDay, frac))
	}
}

// data handles one line of the data section.
func (p *parser) data(line string) {
	switch {
	case line == "", strings.HasPrefix(line, "/*"):
		// blank lines and stray comments are harmless
	case line[0] == '*':
		p.epoch(line)
	case line[0] == 'P':
		p.position(line)
	case line[0] == 'V':
		p.velocity(line)
	case line == "EOF" || strings.HasPrefix(line, "EOF "):
		p.sawEOF = true
	case strings.HasPrefix(line, "EP"):
		p.correlation(line, 'e')
	case strings.HasPrefix(line, "EV"):
		p.correlation(line, 'f')
	default:
		p.problem(p.line, line, field{"record type", 1, 2, "a record starting with *, P, V, EP, EV or EOF"},
			fmt.Errorf("%w: unknown record type", ephemeris.ErrSyntax))
	}
}

// finishEpoch closes the current epoch: sorts its records by satellite
// and reports the satellites of the header without a record.
func (p *parser) finishEpoch() {
	if p.cur < 0 || p.skip {
		return
	}
	rs := p.f.recs[p.cur]
	if !p.sorted {
		sort.SliceStable(rs, func(i, j int) bool { return rs[i].Sat < rs[j].Sat })
	}
	var missing []string
	n := 0
	for i, at := range p.seenAt {
		if at != p.cur+1 {
			n++
			if len(missing) < 10 {
				missing = append(missing, p.f.Header.Satellites[i].String())
			}
		}
	}
	if n > 0 {
		list := strings.Join(missing, " ")
		if n > len(missing) {
			list += fmt.Sprintf(" and %d more", n-len(missing))
		}
		no := p.f.epochLines[p.cur]
		p.add(&ephemeris.ParseError{File: p.name, Line: no, Column: 1, Field: "satellite records",
			Text: clip(p.epochText),
			Want: "a P record for every satellite of the header at every epoch",
			Err:  fmt.Errorf("%w: no record for %s at this epoch (read as missing)", ephemeris.ErrMissingField, list)})
	}
}

// epoch handles a '*' record.
func (p *parser) epoch(line string) {
	p.finishEpoch()
	p.skip, p.lastKind, p.lastRec, p.sorted = true, 0, -1, true
	t, f, err := epochOf(line)
	if err != nil {
		p.problem(p.line, line, field{"epoch " + f.name, f.from, f.to, f.want}, fmt.Errorf("%w; the records of this epoch are skipped", err))
		return
	}
	fEpoch := field{"epoch", 4, 31, ""}
	if n := len(p.f.Epochs); n > 0 && !t.After(p.f.Epochs[n-1]) {
		what := "out of order"
		if t.Equal(p.f.Epochs[n-1]) {
			what = "repeated"
		}
		fEpoch.want = fmt.Sprintf("an epoch after the previous one (%s, line %d)", p.f.Epochs[n-1].Format("2006-01-02 15:04:05.999999999"), p.f.epochLines[n-1])
		p.problem(p.line, line, fEpoch, fmt.Errorf("%w: epoch %s %s; its records are skipped", ephemeris.ErrRange, t.Format("2006-01-02 15:04:05.999999999"), what))
		return
	}
	utc, err := orbit.FromScale(t, p.scale)
	if err != nil {
		fEpoch.want = "an epoch that exists in UTC"
		p.problem(p.line, line, fEpoch, fmt.Errorf("%w: %v; its records are skipped", ephemeris.ErrRange, err))
		return
	}
	h := &p.f.Header
	if len(p.f.Epochs) == 0 && !h.Start.IsZero() && !t.Equal(h.Start) {
		fEpoch.want = "the first epoch of line 1 (" + h.Start.Format("2006-01-02 15:04:05.999999999") + ")"
		p.problem(p.line, line, fEpoch, fmt.Errorf("%w: first epoch record %s differs from the header", ephemeris.ErrRange, t.Format("2006-01-02 15:04:05.999999999")))
	} else if h.Interval > 0 && !h.Start.IsZero() {
		if d := t.Sub(h.Start); d < 0 || d%h.Interval != 0 {
			fEpoch.want = fmt.Sprintf("an epoch on the header's grid: %s + k × %v", h.Start.Format("2006-01-02 15:04:05.999999999"), h.Interval)
			p.problem(p.line, line, fEpoch, fmt.Errorf("%w: epoch %s is off the %v interval of line 2 (kept)", ephemeris.ErrRange, t.Format("2006-01-02 15:04:05.999999999"), h.Interval))
		}
	}
	p.skip = false
	p.epochText = line
	p.cur = len(p.f.Epochs)
	p.f.Epochs = append(p.f.Epochs, t)
	p.f.EpochsUTC = append(p.f.EpochsUTC, utc)
	p.f.epochLines = append(p.f.epochLines, p.line)
	p.f.recs = append(p.f.recs, nil)
}

// recordSat parses the satellite of a P or V record; ok is false when the
// record is to be ignored (reported unless its satellite was refused in the
// header already).
func (p *parser) recordSat(line string) (int, bool) {
	raw := cols(line, fSat.from, fSat.to)
	if p.skipIDs[raw] {
		return 0, false
	}
	id, err := ParseSatID(raw)
	if err != nil {
		p.problem(p.line, line, fSat, err)
		return 0, false
	}
	i, ok := p.f.satIndex[id]
	if !ok {
		p.problem(p.line, line, fSat, fmt.Errorf("%w: satellite %v is not in the header's satellite list; record skipped", ephemeris.ErrRange, id))
		return 0, false
	}
	return i, true
}

// inEpoch reports whether a record belongs to a usable epoch; a record
// before any epoch is reported, one in a skipped epoch silently ignored.
func (p *parser) inEpoch(line string) bool {
	if p.skip {
		return false
	}
	if p.cur < 0 {
		p.problem(p.line, line, field{"record type", 1, 1, "records after an epoch record '*'"}, fmt.Errorf("%w: record before any epoch", ephemeris.ErrSyntax))
		return false
	}
	return true
}

// position handles a 'P' record.
func (p *parser) position(line string) {
	p.lastKind, p.lastRec = 'P', -1
	if !p.inEpoch(line) {
		return
	}
	sat, ok := p.recordSat(line)
	if !ok {
		return
	}
	if p.seenAt[sat] == p.cur+1 {
		p.problem(p.line, line, fSat, fmt.Errorf("%w: satellite %v repeated within the epoch of line %d; record skipped", ephemeris.ErrSyntax, p.f.Header.Satellites[sat], p.f.epochLines[p.cur]))
		return
	}
	p.seenAt[sat] = p.cur + 1
	nan := math.NaN()
	rec := Record{Sat: sat, Vel: [3]float64{nan, nan, nan}, ClockRate: nan, VelSdev: [3]int{-1, -1, -1}, ClockRateSdev: -1}
	var err error
	var f field
	if rec.Pos, rec.Clock, rec.PosSdev, rec.ClockSdev, rec.Flags, f, err = p.stateFields(line, false); err != nil {
		p.problem(p.line, line, f, fmt.Errorf("%w; record skipped", err))
		return
	}
	rs := p.f.recs[p.cur]
	if n := len(rs); n > 0 && rs[n-1].Sat > sat {
		p.sorted = false
	}
	p.f.recs[p.cur] = append(rs, rec)
	p.lastRec = len(p.f.recs[p.cur]) - 1
}

// stateFields parses the four values, standard deviations and flags shared
// by P and V records (same columns); vel selects the V meanings.
func (p *parser) stateFields(line string, vel bool) (v [3]float64, c float64, sd [3]int, csd int, fl Flags, bad field, err error) {
	fs := [4]field{fPosX, fPosY, fPosZ, fClock}
	if vel {
		fs = [4]field{fVelX, fVelY, fVelZ, fClockRate}
	}
	var vals [4]float64
	for i, f := range fs {
		x, e := floatField(line, f)
		if e == errBlank && i == 3 {
			x, e = 999999.999999, nil // no clock column: absent (SP3-a era files)
		}
		if e != nil {
			return v, c, sd, csd, fl, f, e
		}
		vals[i] = x
	}
	for i, f := range [3]field{fSdevX, fSdevY, fSdevZ} {
		if sd[i], err = sdevField(line, f); err != nil {
			return v, c, sd, csd, fl, f, err
		}
	}
	if csd, err = sdevField(line, fSdevClock); err != nil {
		return v, c, sd, csd, fl, fSdevClock, err
	}
	for _, fg := range []struct {
		f    field
		want string
		flag Flags
	}{{fClockEvent, "E", ClockEvent}, {fClockPred, "P", ClockPredicted}, {fManeuver, "M", Maneuver}, {fOrbitPred, "P", OrbitPredicted}} {
		switch s := cols(line, fg.f.from, fg.f.to); s {
		case "", " ":
		case fg.want:
			fl |= fg.flag
		default:
			return v, c, sd, csd, fl, fg.f, fmt.Errorf("%w: flag %q", ephemeris.ErrSyntax, s)
		}
	}
	// Absent values (SP3-c/-d: coordinates 0.000000, clock 999999.999999).
	nan := math.NaN()
	if vals[0] == 0 || vals[1] == 0 || vals[2] == 0 {
		v = [3]float64{nan, nan, nan}
	} else {
		v = [3]float64{vals[0], vals[1], vals[2]}
	}
	c = vals[3]
	if isAbsentClock(c) {
		c = nan
	}
	if vel {
		for i := range v {
			v[i] /= 1e4 // dm/s → km/s
		}
		c /= 1e4 // 10⁻⁴ µs/s → µs/s
	}
	return v, c, sd, csd, fl, field{}, nil
}

// velocity handles a 'V' record, which must follow the P record (and its
// optional EP record) of the same satellite.
func (p *parser) velocity(line string) {
	prev, rec := p.lastKind, p.lastRec
	p.lastKind, p.lastRec = 'V', -1
	if !p.inEpoch(line) {
		return
	}
	sat, ok := p.recordSat(line)
	if !ok {
		return
	}
	rs := p.f.recs[p.cur]
	if (prev != 'P' && prev != 'e') || rec < 0 || rs[rec].Sat != sat {
		p.problem(p.line, line, fSat, fmt.Errorf("%w: velocity record of %v not right after its position record; skipped", ephemeris.ErrSyntax, p.f.Header.Satellites[sat]))
		return
	}
	vel, rate, sd, csd, fl, f, err := p.stateFields(line, true)
	if err != nil {
		p.problem(p.line, line, f, fmt.Errorf("%w; velocity record skipped", err))
		return
	}
	r := &rs[rec]
	r.Vel, r.ClockRate, r.VelSdev, r.ClockRateSdev = vel, rate, sd, csd
	r.Flags |= HasVelocity | (fl & (ClockEvent | ClockPredicted | Maneuver | OrbitPredicted))
	p.lastRec = rec
}

// correlation handles an EP ('e') or EV ('f') record, which must follow
// the P, respectively V, record it refines. Its ten integers (three
// standard deviations, the clock's, six correlations) are read as
// blank-separated fields in that order, without relying on exact columns;
// fewer than ten leave the rest unknown.
func (p *parser) correlation(line string, kind byte) {
	prev, rec := p.lastKind, p.lastRec
	p.lastKind = kind
	if !p.inEpoch(line) {
		return
	}
	name, after := "EP", byte('P')
	if kind == 'f' {
		name, after = "EV", 'V'
	}
	if prev != after || rec < 0 {
		p.problem(p.line, line, field{"record type", 1, 2, fmt.Sprintf("an %s record right after a %c record", name, after)},
			fmt.Errorf("%w: %s record without its %c record; skipped", ephemeris.ErrSyntax, name, after))
		return
	}
	c := Correlation{Sdev: [3]int{-1, -1, -1}, ClockSdev: -1}
	names := [10]string{"x sdev", "y sdev", "z sdev", "clock sdev", "xy correlation", "xz correlation", "xc correlation", "yz correlation", "yc correlation", "zc correlation"}
	want := "up to ten blank-separated integers after " + name + ": x, y, z and clock standard deviations, then the xy, xz, xc, yz, yc, zc correlations"
	i, n := 2, 0
	for i < len(line) {
		for i < len(line) && line[i] == ' ' {
			i++
		}
		if i == len(line) {
			break
		}
		j := i
		for j < len(line) && line[j] != ' ' {
			j++
		}
		tok := line[i:j]
		if n == len(names) {
			p.problem(p.line, line, field{"record length", i + 1, j, want}, fmt.Errorf("%w: more than ten values; %s record skipped", ephemeris.ErrSyntax, name))
			return
		}
		v, err := strconv.Atoi(tok)
		if err != nil || !isInteger(tok) {
			p.problem(p.line, line, field{names[n], i + 1, j, want}, fmt.Errorf("%w: %q is not an integer; %s record skipped", ephemeris.ErrSyntax, tok, name))
			return
		}
		if n < 4 && v < 0 {
			p.problem(p.line, line, field{names[n], i + 1, j, want}, fmt.Errorf("%w: negative standard deviation %d; %s record skipped", ephemeris.ErrRange, v, name))
			return
		}
		switch {
		case n < 3:
			c.Sdev[n] = v
		case n == 3:
			c.ClockSdev = v
		default:
			c.Corr[n-4] = v
		}
		n++
		i = j
	}
	r := &p.f.recs[p.cur][rec]
	if kind == 'e' {
		r.EP = &c
	} else {
		r.EV = &c
	}
}

// finish runs the end-of-file checks.
func (p *parser) finish() error {
	h := &p.f.Header
	if !p.sawEOF {
		p.add(&ephemeris.ParseError{File: p.name, Line: p.line, Field: "EOF", Want: "an 'EOF' line at the end of the file",
			Err: fmt.Errorf("%w: no EOF line (truncated file?)", ephemeris.ErrMissingField)})
	}
	if n := len(p.f.Epochs); n > 0 && p.numEpochs && n != h.NumEpochs {
		p.add(&ephemeris.ParseError{File: p.name, Line: 1, Column: fNumEpochs.from, Field: fNumEpochs.name, Want: fNumEpochs.want,
			Err: fmt.Errorf("%w: line 1 announces %d epochs, the file holds %d usable epoch records", ephemeris.ErrRange, h.NumEpochs, n)})
	}
	if p.stop != nil {
		return p.stop
	}
	if len(p.f.Epochs) == 0 {
		reason := ""
		if k := len(p.f.problems); k > 0 {
			reason = fmt.Sprintf(" (%d problem(s), the first: %v)", k, p.f.problems[0])
		}
		return fmt.Errorf("%w in %s%s", ErrNoEpochs, displayName(p.name), reason)
	}
	return nil
}

// Interval returns the epoch spacing of the file: the header's interval
// when it is positive, else the smallest positive difference between
// consecutive epochs, else 0.
func (f *File) Interval() time.Duration {
	if f.Header.Interval > 0 {
		return f.Header.Interval
	}
	var best time.Duration
	for k := 1; k < len(f.Epochs); k++ {
		if d := f.Epochs[k].Sub(f.Epochs[k-1]); d > 0 && (best == 0 || d < best) {
			best = d
		}
	}
	return best
}
