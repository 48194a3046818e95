package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// parseTimeUTC accepts RFC 3339 (2026-03-18T06:00:00Z, offsets converted to
// UTC, fractions kept), a date (2026-03-18 = 00:00 UTC) or a date and time
// without zone (2026-03-18T06:00[:05], taken as UTC).
func parseTimeUTC(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	layouts := []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04", "2006-01-02 15:04:05.999999999", "2006-01-02 15:04", "2006-01-02"}
	for _, l := range layouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("time %q: want RFC 3339 UTC such as 2026-03-18T00:00:00Z (or a date 2026-03-18)", s)
}

// parseDuration accepts Go durations (90m, 1h30m, 30s, 500ms) and a day suffix
// (7d, 1.5d).
func parseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if strings.HasSuffix(s, "d") && !strings.HasSuffix(s, "ms") {
		f, err := strconv.ParseFloat(strings.TrimSuffix(s, "d"), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 100000 {
			return 0, fmt.Errorf("duration %q: want a number of days such as 7d, or a Go duration such as 24h, 90m, 30s", s)
		}
		return time.Duration(math.Round(f * 24 * float64(time.Hour))), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("duration %q: want e.g. 24h, 90m, 30s, 500ms or 7d", s)
	}
	return d, nil
}

// formatTimeUTC writes RFC 3339 UTC with a fraction only when it is not zero.
func formatTimeUTC(t time.Time) string {
	return t.UTC().Format(time.RFC3339Nano)
}
