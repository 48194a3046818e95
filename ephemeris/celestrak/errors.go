package celestrak

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// ErrBadContent is wrapped by every error about a body that arrived whole
// but cannot be used: empty, an HTML page, a CelesTrak error text, the wrong
// format, truncated or unparsable element sets.
var ErrBadContent = errors.New("unusable content")

// HTTPError is a final (non-retried, or retried to exhaustion) HTTP answer
// other than 200 and 304.
type HTTPError struct {
	URL        string        // request URL
	StatusCode int           // e.g. 403
	Status     string        // e.g. "403 Forbidden"
	Message    string        // the server's message: first lines of the body, trimmed and length-capped ("" if none)
	RetryAfter time.Duration // Retry-After asked by the server (0 if none)
	Hint       string        // advice for the user ("" if none)
}

// Error reports status, message and hint on one line.
func (e *HTTPError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "HTTP %s from %s", e.Status, e.URL)
	if e.Message != "" {
		fmt.Fprintf(&b, ": %q", e.Message)
	}
	if e.Hint != "" {
		b.WriteString(" (" + e.Hint + ")")
	}
	return b.String()
}

// transientError marks a failure worth retrying, with the wait the server
// asked for (0 if none).
type transientError struct {
	err        error
	retryAfter time.Duration
}

func (e *transientError) Error() string { return e.err.Error() }
func (e *transientError) Unwrap() error { return e.err }

// maxMessageBytes caps the server message quoted in errors.
const maxMessageBytes = 300

var titleRE = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)
var tagRE = regexp.MustCompile(`(?s)<[^>]*>`)

// serverMessage extracts a short human-readable message from an answer
// body: an HTML page's title (or its text), otherwise the first non-blank
// lines, whitespace collapsed, control characters blanked, at most
// maxMessageBytes bytes (cut on a rune boundary, "..." appended).
func serverMessage(body []byte) string {
	s := string(body)
	if isHTML(body) {
		if t := htmlTitle(body); t != "" {
			return t
		}
		s = tagRE.ReplaceAllString(s, " ")
	}
	var lines []string
	n := 0
	for _, l := range strings.Split(s, "\n") {
		l = cleanText(l)
		if l == "" {
			continue
		}
		lines = append(lines, l)
		n += len(l)
		if len(lines) == 3 || n >= maxMessageBytes {
			break
		}
	}
	return capText(strings.Join(lines, " / "), maxMessageBytes)
}

// cleanText turns control and invalid characters into spaces and collapses
// runs of white space.
func cleanText(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == utf8.RuneError || unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

func capText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}

// htmlTitle returns the cleaned <title> of an HTML page, or "".
func htmlTitle(body []byte) string {
	head := body
	if len(head) > 64<<10 {
		head = head[:64<<10]
	}
	m := titleRE.FindSubmatch(head)
	if m == nil {
		return ""
	}
	return capText(cleanText(string(m[1])), maxMessageBytes)
}

// isHTML reports whether a body is an HTML page rather than data: it starts
// (after an optional BOM, whitespace and XML declaration) with <!DOCTYPE html
// or <html, or has an <html element near its start. OMM XML never does.
func isHTML(body []byte) bool {
	head := body
	if len(head) > 2048 {
		head = head[:2048]
	}
	h := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(string(head), "\uFEFF")))
	return strings.HasPrefix(h, "<!doctype html") || strings.HasPrefix(h, "<html") ||
		strings.Contains(h, "<html") || strings.Contains(h, "<!doctype html")
}

// parseRetryAfter reads a Retry-After header: delay-seconds or an HTTP-date
// (relative to now). ok is false when the header is absent or unreadable.
// A date in the past gives 0.
func parseRetryAfter(v string, now time.Time) (d time.Duration, ok bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(365*24*time.Hour/time.Second) { // avoid overflow; a year is "too long" anyway
			secs = int64(365 * 24 * time.Hour / time.Second)
		}
		return time.Duration(secs) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	if d = t.Sub(now); d < 0 {
		d = 0
	}
	return d, true
}
