package dataset

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
)

// Level says how much a Note matters.
type Level uint8

const (
	// Info is something the user may want to know (a duplicate resolved).
	Info Level = iota
	// Warning is something that may make the results wrong or incomplete
	// (a refused element set, a stale one, a satellite left out).
	Warning
)

// String returns "note" or "warning", the prefix of a printed note.
func (l Level) String() string {
	if l == Warning {
		return "warning"
	}
	return "note"
}

// Note is one message for the user about the data, as data: front ends
// print it (the CLI on stderr as "LEVEL: TEXT"), collect it (a scenario's
// summary) or return it (a web API).
type Note struct {
	Level Level
	Kind  string // "duplicate", "refused", "stale", "no-satellites", "sgp4-failure"
	Text  string
}

// String is "note: TEXT" or "warning: TEXT".
func (n Note) String() string { return n.Level.String() + ": " + n.Text }

// MaxListed is how many duplicates or refusals Notes lists one by one
// before it summarises the rest in one note.
const MaxListed = 5

// Notes reports what loading found: each duplicate and each refused
// element set in a note of its own, up to MaxListed of each kind, then one
// note counting the rest and saying where to see them all, so that a file
// with a million bad records gives a few lines, not a million.
func (d *Dataset) Notes() []Note {
	var out []Note
	for i, dup := range d.Duplicates {
		if i == MaxListed {
			out = append(out, Note{Level: Info, Kind: "duplicate", Text: fmt.Sprintf("and %d more element sets of satellites already read (%d in all); the newest epoch of each satellite is used ('gnssim catalog --all' lists the element sets used)",
				len(d.Duplicates)-MaxListed, len(d.Duplicates))})
			break
		}
		var text string
		if dup.Identical {
			text = fmt.Sprintf("%s: satellite %d appears again with the same epoch %s (%s); the two are identical in epoch, the first one read is used",
				Where(dup.Dropped.Source), dup.Dropped.CatalogNumber, formatTime(dup.Kept.Epoch), Where(dup.Kept.Source))
		} else {
			text = fmt.Sprintf("%s: satellite %d appears again (%s); using the newer epoch %s, ignoring %s",
				Where(dup.Dropped.Source), dup.Dropped.CatalogNumber, Where(dup.Kept.Source), formatTime(dup.Kept.Epoch), formatTime(dup.Dropped.Epoch))
		}
		out = append(out, Note{Level: Info, Kind: "duplicate", Text: text})
	}
	for i, r := range d.Refused {
		if i == MaxListed {
			out = append(out, Note{Level: Warning, Kind: "refused", Text: fmt.Sprintf("and %d more refused %ss (%d in all); 'gnssim catalog' lists them all, --strict stops at the first",
				len(d.Refused)-MaxListed, d.Kind.item(), len(d.Refused))})
			break
		}
		text := "refused " + d.Kind.item() + ": " + r.Reason
		if r.Name != "" {
			text = fmt.Sprintf("refused %s: %s: %s: %s", d.Kind.item(), r.Where, r.Name, r.Reason)
		}
		out = append(out, Note{Level: Warning, Kind: "refused", Text: text})
	}
	return out
}

// SelectionNotes warns about selected systems without any satellite (a
// simulation then never sees them).
func (d *Dataset) SelectionNotes() []Note {
	var out []Note
	for _, s := range d.Systems {
		if d.Count(s) == 0 && len(d.Selected) > 0 {
			out = append(out, Note{Level: Warning, Kind: "no-satellites", Text: fmt.Sprintf("no %s satellites in %s; %s is never visible (use %s with %s satellites)",
				s.Title(), strings.Join(firstN(d.Sources, 3), ", "), s.Title(), d.Kind.source(), s.Title())})
		}
	}
	return out
}

// StaleLimit is how far an element set may be from the simulated period
// before Stale warns: TLE-driven positions are good to about a kilometre
// near the element set's epoch and degrade by kilometres per day (Vallado
// et al., AIAA 2006-6753).
const StaleLimit = 7 * 24 * time.Hour

// MaxSpan is how far the simulated period may be from an element set's
// epoch before CheckSpan refuses it: at 30 days TLE positions can be tens of
// kilometres off, and further out the answers only look confident.
const MaxSpan = 30 * 24 * time.Hour

// farthest returns how far the element set is from [start, end] at worst
// and which end that is.
func farthest(es *ephemeris.ElementSet, start, end time.Time) (time.Duration, time.Time) {
	a, b := ephemeris.Age(es, start), ephemeris.Age(es, end)
	if math.Abs(float64(b)) > math.Abs(float64(a)) {
		return absDur(b), end
	}
	return absDur(a), start
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// Stale returns a note when selected element sets are more than StaleLimit
// from the period [start, end] (nil otherwise): how many, which (the first
// few) and the worst.
func (d *Dataset) Stale(start, end time.Time) *Note {
	if d.Kind != ElementSets {
		return nil // navigation and SP3 data are valid where they are, gaps elsewhere
	}
	var stale []string
	worst := time.Duration(0)
	worstMsg := ""
	for _, s := range d.Selected {
		far, at := farthest(s.Elements, start, end)
		if far <= StaleLimit {
			continue
		}
		stale = append(stale, s.Label())
		if far > worst {
			worst = far
			_, worstMsg = ephemeris.Staleness(s.Elements, at, StaleLimit)
		}
	}
	if len(stale) == 0 {
		return nil
	}
	return &Note{Level: Warning, Kind: "stale", Text: fmt.Sprintf("%d element set(s) are more than 7 days from the simulated period (%s); worst: %s",
		len(stale), strings.Join(firstN(stale, 6), ", "), worstMsg)}
}

// SpanError is returned by CheckSpan: the period is too far from the epochs
// of the element sets for SGP4 answers to mean anything.
type SpanError struct {
	Far, Selected int           // element sets beyond the limit, of the selected ones
	Worst         time.Duration // the largest distance
	Limit         time.Duration
	Start, End    time.Time // the period
	Oldest        time.Time // the oldest and newest epochs of the selected sets
	Newest        time.Time
}

func (e *SpanError) Error() string {
	return fmt.Sprintf("the period %s to %s is up to %.1f days from the element sets (epochs %s to %s; %d of %d sets more than %.0f days away): TLE positions degrade by kilometres per day",
		formatTime(e.Start), formatTime(e.End), e.Worst.Hours()/24, formatTime(e.Oldest), formatTime(e.Newest), e.Far, e.Selected, e.Limit.Hours()/24)
}

// CheckSpan returns a *SpanError when every selected element set is more
// than limit (MaxSpan if 0) from some epoch of the period [start, end]: the
// period is then too far from the data for its numbers to mean anything
// (a 1990 period with 2026 element sets, or a period running months past
// them). Single stale sets among current ones are Stale's to report.
func (d *Dataset) CheckSpan(start, end time.Time, limit time.Duration) error {
	if d.Kind != ElementSets {
		// Navigation and SP3 data give positions only where they are valid:
		// a period that does not meet them at all is refused.
		if end.Before(d.first) || start.After(d.Newest) {
			return &OutsideDataError{Start: start, End: end, From: d.first, To: d.Newest, Kind: d.Kind}
		}
		return nil
	}
	if limit <= 0 {
		limit = MaxSpan
	}
	e := &SpanError{Limit: limit, Start: start, End: end, Selected: len(d.Selected)}
	for _, s := range d.Selected {
		ep := s.Elements.Epoch
		if e.Oldest.IsZero() || ep.Before(e.Oldest) {
			e.Oldest = ep
		}
		if ep.After(e.Newest) {
			e.Newest = ep
		}
		far, _ := farthest(s.Elements, start, end)
		if far > limit {
			e.Far++
			e.Worst = max(e.Worst, far)
		}
	}
	if e.Far == 0 || e.Far < e.Selected {
		return nil
	}
	return e
}

// formatTime writes RFC 3339 UTC with a fraction only when it is not zero.
func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// OutsideDataError is returned by CheckSpan for a navigation or SP3 dataset
// whose data do not meet the period at all.
type OutsideDataError struct {
	Start, End, From, To time.Time
	Kind                 Kind
}

func (e *OutsideDataError) Error() string {
	what := "the navigation data"
	if e.Kind == Precise {
		what = "the SP3 data"
	}
	return fmt.Sprintf("the period %s to %s is outside %s (%s to %s): no satellite would have a position", formatTime(e.Start), formatTime(e.End), what, formatTime(e.From), formatTime(e.To))
}
