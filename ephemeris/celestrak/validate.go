package celestrak

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/gnssim/gnssim/ephemeris"
)

// celestrakErrorTexts are beginnings of CelesTrak's plain-text answers to
// queries it cannot serve (compared case-insensitively).
var celestrakErrorTexts = []string{
	"no gp data found",
	"invalid query",
}

// validate checks a complete response body for the requested canonical
// format and returns the number of element sets in it. Errors wrap
// ErrBadContent; source names the input in parse errors.
func validate(body []byte, format, source string) (int, error) {
	bad := func(msg string, args ...any) (int, error) {
		return 0, fmt.Errorf("%w: %s", ErrBadContent, fmt.Sprintf(msg, args...))
	}
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(body, []byte("\uFEFF")))
	if len(trimmed) == 0 {
		if len(body) == 0 {
			return bad("the server returned an empty body")
		}
		return bad("the server returned only whitespace (%d bytes)", len(body))
	}
	if isHTML(trimmed) {
		if t := htmlTitle(trimmed); t != "" {
			return bad("the server returned an HTML page titled %q instead of %s data", t, format)
		}
		return bad("the server returned an HTML page instead of %s data", format)
	}
	first := string(trimmed)
	if i := strings.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	lowFirst := strings.ToLower(first)
	for _, p := range celestrakErrorTexts {
		if strings.HasPrefix(lowFirst, p) {
			return bad("CelesTrak answered %q", serverMessage(trimmed))
		}
	}
	want := ephemerisFormat(format)
	got := ephemeris.DetectFormat(body)
	if got == ephemeris.FormatTLE && !hasTLELine1(trimmed) {
		// DetectFormat calls any other text TLE; without a single line 1
		// it is a message, not element sets.
		return bad("the server returned text instead of %s data: %q", format, serverMessage(trimmed))
	}
	if got != want {
		return bad("expected %s but the content looks like %s; it begins %q", want, got, capText(cleanText(first), 80))
	}
	switch format {
	case FormatJSON:
		if trimmed[0] != '[' {
			return bad("the JSON is not an array of OMM objects; it begins %q", capText(cleanText(first), 80))
		}
		if trimmed[len(trimmed)-1] != ']' {
			return bad("the JSON array is not closed (download truncated?); it ends %q", tail(trimmed, 40))
		}
	case FormatTLE:
		if err := checkLastTLELine(trimmed); err != nil {
			return 0, err
		}
	}
	sets, err := ephemeris.ReadAll(bytes.NewReader(body), ephemeris.ReadOptions{File: source, Strict: true})
	if err != nil {
		if errors.Is(err, ephemeris.ErrNoElementSets) {
			return 0, fmt.Errorf("%w: %w", ErrBadContent, err)
		}
		return 0, fmt.Errorf("%w: the %s data do not parse (corrupt or truncated download?): %w", ErrBadContent, format, err)
	}
	if len(sets) == 0 {
		return bad("no element sets in the %s data", format)
	}
	return len(sets), nil
}

// checkLastTLELine requires a TLE file to end with a complete line 2: a
// record cut half-way leaves a short line 2, a lone line 1 or a name line.
func checkLastTLELine(trimmed []byte) error {
	last := trimmed
	if i := bytes.LastIndexByte(last, '\n'); i >= 0 {
		last = last[i+1:]
	}
	last = bytes.TrimRight(last, "\r")
	if len(last) < 69 || last[0] != '2' || last[1] != ' ' {
		return fmt.Errorf("%w: the last TLE record is incomplete (download truncated?): last line %q", ErrBadContent, capText(string(last), 80))
	}
	return nil
}

func tail(b []byte, n int) string {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return cleanText(string(b))
}

// hasTLELine1 reports whether some line looks like a TLE line 1: "1 " and
// at least 60 columns.
func hasTLELine1(b []byte) bool {
	for len(b) > 0 {
		line := b
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line, b = b[:i], b[i+1:]
		} else {
			b = nil
		}
		line = bytes.TrimRight(line, "\r ")
		if len(line) >= 60 && line[0] == '1' && line[1] == ' ' {
			return true
		}
	}
	return false
}
