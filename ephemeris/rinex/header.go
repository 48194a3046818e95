package rinex

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
)

// ErrUnsupported is wrapped by the errors for what the reader recognises
// but does not read: a RINEX version other than 2.xx, 3.xx or 4.xx, a
// RINEX file that is not a navigation file, a record of a message type this
// reader does not know, Unix-compressed (.Z) input.
var ErrUnsupported = errors.New("not supported")

// ErrNoRecords is wrapped by the error for a navigation file without a
// single good record.
var ErrNoRecords = errors.New("no navigation records found")

// labelOf returns the header label of a line (columns 61-80, trimmed).
func labelOf(s string) string {
	return strings.TrimRight(cols(s, 60, 80), " ")
}

// parseFirstLine reads the RINEX VERSION / TYPE line. Its errors are fatal.
func (p *parser) parseFirstLine(l line, h *Header) *ephemeris.ParseError {
	if labelOf(l.text) != "RINEX VERSION / TYPE" {
		return p.perr(l, 61, "RINEX VERSION / TYPE",
			"a RINEX navigation file: the first line labelled \"RINEX VERSION / TYPE\" in columns 61-80",
			fmt.Errorf("%w: not a RINEX file (first line label %q)", ephemeris.ErrSyntax, strings.TrimSpace(labelOf(l.text))))
	}
	v, ok := parseFortran(cols(l.text, 0, 9))
	if !ok {
		return p.perr(l, 1, "format version", "the format version (F9.2) in columns 1-9, e.g. 3.05",
			fmt.Errorf("%w: %q", ephemeris.ErrSyntax, strings.TrimSpace(cols(l.text, 0, 9))))
	}
	if v < 2 || v >= 5 {
		return p.perr(l, 1, "format version", "RINEX version 2.xx, 3.xx or 4.xx",
			fmt.Errorf("%w: RINEX version %v", ErrUnsupported, v))
	}
	h.Version = v
	t := cols(l.text, 20, 21)
	if t == "" || t == " " {
		return p.perr(l, 21, "file type", "the file type in column 21: N (navigation), G (RINEX 2 GLONASS navigation) or H (RINEX 2 GEO navigation)",
			fmt.Errorf("%w: blank", ephemeris.ErrMissingField))
	}
	h.FileType = t[0]
	sysText := strings.ToUpper(strings.TrimSpace(cols(l.text, 40, 60)))
	switch {
	case h.Version < 3:
		switch h.FileType {
		case 'N':
			h.System = ephemeris.GPS
		case 'G':
			h.System = ephemeris.GLONASS
		case 'H':
			h.System = ephemeris.SBAS
		case 'E':
			h.System = ephemeris.Galileo
		default:
			return p.perr(l, 21, "file type", "N (GPS navigation), G (GLONASS navigation) or H (GEO navigation) for RINEX 2",
				fmt.Errorf("%w: RINEX 2 file type %q is not a navigation file", ErrUnsupported, t))
		}
	default:
		if h.FileType != 'N' {
			return p.perr(l, 21, "file type", "N (navigation data) in column 21",
				fmt.Errorf("%w: RINEX %v file type %q is not a navigation file", ErrUnsupported, h.Version, t))
		}
		switch {
		case sysText == "" || strings.HasPrefix(sysText, "M"):
			h.Mixed = true
		case strings.HasPrefix(sysText, "GLO"):
			h.System = ephemeris.GLONASS
		case strings.HasPrefix(sysText, "GAL"):
			h.System = ephemeris.Galileo
		case strings.HasPrefix(sysText, "BDS"), strings.HasPrefix(sysText, "BEI"), strings.HasPrefix(sysText, "COM"):
			h.System = ephemeris.BeiDou
		case strings.HasPrefix(sysText, "QZS"):
			h.System = ephemeris.QZSS
		case strings.HasPrefix(sysText, "IRN"), strings.HasPrefix(sysText, "NAVIC"):
			h.System = ephemeris.NavIC
		case strings.HasPrefix(sysText, "SBAS"):
			h.System = ephemeris.SBAS
		default:
			h.System = systemOfLetter(sysText[0])
			if h.System == ephemeris.SystemUnknown {
				return p.perr(l, 41, "satellite system", "G, R, E, C, J, I, S or M (mixed) in column 41",
					fmt.Errorf("%w: %q", ephemeris.ErrSyntax, sysText))
			}
		}
	}
	return nil
}

// parseHeaderLine reads one header line after the first. A malformed line
// gives a ParseError (a problem; the header goes on).
func (p *parser) parseHeaderLine(l line, h *Header) *ephemeris.ParseError {
	label := labelOf(l.text)
	switch label {
	case "PGM / RUN BY / DATE":
		h.Program = strings.TrimSpace(cols(l.text, 0, 20))
		h.RunBy = strings.TrimSpace(cols(l.text, 20, 40))
		h.Date = strings.TrimSpace(cols(l.text, 40, 60))
	case "COMMENT":
		h.Comments = append(h.Comments, strings.TrimRight(cols(l.text, 0, 60), " "))
	case "LEAP SECONDS":
		return p.parseLeap(l, h)
	case "IONOSPHERIC CORR":
		return p.parseIonoCorr(l, h)
	case "TIME SYSTEM CORR":
		return p.parseTimeCorr(l, h)
	case "ION ALPHA", "ION BETA":
		ic := IonoCorr{Type: "GPSA", Line: l.num}
		if label == "ION BETA" {
			ic.Type = "GPSB"
		}
		for i := range 4 {
			from := 2 + 12*i
			v, ok := parseFortran(cols(l.text, from, from+12))
			if !ok {
				return p.perr(l, from+1, strings.ToLower(label), fmt.Sprintf("a number (D12.4) in columns %d-%d", from+1, from+12),
					fmt.Errorf("%w: %q", ephemeris.ErrSyntax, strings.TrimSpace(cols(l.text, from, from+12))))
			}
			ic.Params[i] = v
		}
		h.IonoCorr = append(h.IonoCorr, ic)
	case "DELTA-UTC: A0,A1,T,W":
		tc := TimeSystemCorr{Type: "GPUT", Line: l.num}
		var ok bool
		if tc.A0, ok = parseFortran(cols(l.text, 3, 22)); !ok {
			return p.perr(l, 4, "A0", "a number (D19.12) in columns 4-22", fmt.Errorf("%w: %q", ephemeris.ErrSyntax, strings.TrimSpace(cols(l.text, 3, 22))))
		}
		if tc.A1, ok = parseFortran(cols(l.text, 22, 41)); !ok {
			return p.perr(l, 23, "A1", "a number (D19.12) in columns 23-41", fmt.Errorf("%w: %q", ephemeris.ErrSyntax, strings.TrimSpace(cols(l.text, 22, 41))))
		}
		if tc.RefSOW, ok = parseInt(cols(l.text, 41, 50)); !ok {
			return p.perr(l, 42, "T", "seconds of week (I9) in columns 42-50", fmt.Errorf("%w: %q", ephemeris.ErrSyntax, strings.TrimSpace(cols(l.text, 41, 50))))
		}
		if tc.RefWeek, ok = parseInt(cols(l.text, 50, 59)); !ok {
			return p.perr(l, 51, "W", "a GPS week (I9) in columns 51-59", fmt.Errorf("%w: %q", ephemeris.ErrSyntax, strings.TrimSpace(cols(l.text, 50, 59))))
		}
		h.TimeCorr = append(h.TimeCorr, tc)
	case "CORR TO SYSTEM TIME":
		// RINEX 2 GLONASS: 3I6 reference date, 3X, D19.12 −τ_c.
		tc := TimeSystemCorr{Type: "GLUT", Line: l.num}
		y, ok1 := parseInt(cols(l.text, 0, 6))
		m, ok2 := parseInt(cols(l.text, 6, 12))
		d, ok3 := parseInt(cols(l.text, 12, 18))
		if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > 31 || y < 1980 || y > 2200 {
			return p.perr(l, 1, "reference date", "year, month, day (3I6) in columns 1-18", fmt.Errorf("%w: %q", ephemeris.ErrSyntax, strings.TrimSpace(cols(l.text, 0, 18))))
		}
		tc.RefDate = time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
		v, ok := parseFortran(cols(l.text, 21, 40))
		if !ok {
			return p.perr(l, 22, "-TauC", "a number (D19.12) in columns 22-40", fmt.Errorf("%w: %q", ephemeris.ErrSyntax, strings.TrimSpace(cols(l.text, 21, 40))))
		}
		tc.A0 = v
		h.TimeCorr = append(h.TimeCorr, tc)
	}
	return nil
}

func (p *parser) parseLeap(l line, h *Header) *ephemeris.ParseError {
	ls := &LeapSeconds{Line: l.num}
	var ok bool
	if ls.Current, ok = parseInt(cols(l.text, 0, 6)); !ok || ls.Current < 0 || ls.Current > 100 {
		return p.perr(l, 1, "leap seconds", "the current number of leap seconds (I6, 0-100) in columns 1-6",
			fmt.Errorf("%w: %q", ephemeris.ErrSyntax, strings.TrimSpace(cols(l.text, 0, 6))))
	}
	for i, dst := range []*int{&ls.Future, &ls.Week, &ls.Day} {
		from := 6 + 6*i
		s := cols(l.text, from, from+6)
		if isBlank(s) {
			continue
		}
		if *dst, ok = parseInt(s); !ok {
			return p.perr(l, from+1, "leap seconds", fmt.Sprintf("an integer (I6) in columns %d-%d", from+1, from+6),
				fmt.Errorf("%w: %q", ephemeris.ErrSyntax, strings.TrimSpace(s)))
		}
	}
	ls.System = strings.TrimSpace(cols(l.text, 24, 27))
	h.Leap = ls
	return nil
}

func (p *parser) parseIonoCorr(l line, h *Header) *ephemeris.ParseError {
	ic := IonoCorr{Type: strings.TrimSpace(cols(l.text, 0, 4)), Line: l.num}
	if ic.Type == "" {
		return p.perr(l, 1, "correction type", "GAL, GPSA, GPSB, QZSA, QZSB, BDSA, BDSB, IRNA or IRNB in columns 1-4",
			fmt.Errorf("%w: blank", ephemeris.ErrMissingField))
	}
	for i := range 4 {
		from := 5 + 12*i
		s := cols(l.text, from, from+12)
		if isBlank(s) && ic.Type == "GAL" && i == 3 {
			continue // the fourth Galileo parameter is spare
		}
		v, ok := parseFortran(s)
		if !ok {
			return p.perr(l, from+1, "ionospheric parameter", fmt.Sprintf("a number (D12.4) in columns %d-%d", from+1, from+12),
				fmt.Errorf("%w: %q", ephemeris.ErrSyntax, strings.TrimSpace(s)))
		}
		ic.Params[i] = v
	}
	ic.TimeMark = strings.TrimSpace(cols(l.text, 54, 55))
	ic.SV = strings.TrimSpace(cols(l.text, 56, 58))
	h.IonoCorr = append(h.IonoCorr, ic)
	return nil
}

func (p *parser) parseTimeCorr(l line, h *Header) *ephemeris.ParseError {
	tc := TimeSystemCorr{Type: strings.TrimSpace(cols(l.text, 0, 4)), Line: l.num}
	if len(tc.Type) != 4 {
		return p.perr(l, 1, "correction type", "a four-letter type such as GPUT, GAUT, GAGP, BDUT, GLUT, GLGP, QZUT in columns 1-4",
			fmt.Errorf("%w: %q", ephemeris.ErrSyntax, tc.Type))
	}
	var ok bool
	if tc.A0, ok = parseFortran(cols(l.text, 5, 22)); !ok {
		return p.perr(l, 6, "a0", "a number (D17.10) in columns 6-22 (s)", fmt.Errorf("%w: %q", ephemeris.ErrSyntax, strings.TrimSpace(cols(l.text, 5, 22))))
	}
	if tc.A1, ok = parseFortran(cols(l.text, 22, 38)); !ok {
		return p.perr(l, 23, "a1", "a number (D16.9) in columns 23-38 (s/s)", fmt.Errorf("%w: %q", ephemeris.ErrSyntax, strings.TrimSpace(cols(l.text, 22, 38))))
	}
	if s := cols(l.text, 38, 45); !isBlank(s) {
		if tc.RefSOW, ok = parseInt(s); !ok || tc.RefSOW < 0 || tc.RefSOW > 604800 {
			return p.perr(l, 40, "T", "the reference time in seconds of week (I6) in columns 40-45", fmt.Errorf("%w: %q", ephemeris.ErrSyntax, strings.TrimSpace(s)))
		}
	}
	if s := cols(l.text, 45, 50); !isBlank(s) {
		if tc.RefWeek, ok = parseInt(s); !ok || tc.RefWeek < 0 {
			return p.perr(l, 47, "W", "the reference week (I4) in columns 47-50", fmt.Errorf("%w: %q", ephemeris.ErrSyntax, strings.TrimSpace(s)))
		}
	}
	tc.Source = strings.TrimSpace(cols(l.text, 51, 56))
	if s := cols(l.text, 57, 59); !isBlank(s) {
		tc.UTCID, _ = parseInt(s)
	}
	h.TimeCorr = append(h.TimeCorr, tc)
	return nil
}
