package benchgate

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
)

// CompareOptions configure the regression gate.
type CompareOptions struct {
	Unit      string         // the metric compared, "ns/op" (benchstat's sec/op)
	Alpha     float64        // significance level of the U test (benchstat: 0.05)
	Threshold float64        // largest tolerated slowdown of the median, e.g. 0.15
	Gate      *regexp.Regexp // benchmarks (base names) whose slowdown fails; nil: all
}

// DefaultCompareOptions are CI's: see benchmarks/README.md for how the
// threshold was chosen.
func DefaultCompareOptions() CompareOptions {
	return CompareOptions{Unit: "ns/op", Alpha: 0.05, Threshold: 0.15}
}

// Verdicts of one comparison row.
const (
	VerdictSame       = "~"                        // no significant difference
	VerdictFaster     = "faster"                   // significant improvement
	VerdictSlowerOK   = "slower, within threshold" // significant, small
	VerdictSlowerInfo = "slower (not gated)"       // significant, large, benchmark not gated
	VerdictRegression = "REGRESSION"               // significant, large, gated: fails CI
	VerdictFewSamples = "too few samples"          // the U test cannot reach alpha
	VerdictUntestable = "untestable"               // U test error (e.g. all samples equal)
	// VerdictUnconfirmed: a regression in the first run that the
	// confirmation run did not reproduce; it does not fail.
	VerdictUnconfirmed = "regression not confirmed"
)

// minSamplesForAlpha: 4+4 samples are the fewest with which the U test can
// reach p < 0.05 (benchstat's uTestMinP).
const minSamplesForAlpha = 4

// A Row is the comparison of one benchmark.
type Row struct {
	Name                 string  // full name as printed by the new build
	OldMedian, NewMedian float64 // medians of the unit
	Delta                float64 // NewMedian/OldMedian − 1
	P                    float64 // U test p-value (1 when the test could not run)
	N1, N2               int
	Significant          bool // P ≤ Alpha (benchstat prints "~" when P > Alpha)
	Gated                bool
	Verdict              string
	Note                 string
}

// A Comparison is the result of the regression gate.
type Comparison struct {
	Opt     CompareOptions
	Rows    []Row
	Notes   []string // benchmarks present on one side only, failures, ...
	Geomean float64  // geometric mean of NewMedian/OldMedian − 1 over the gated rows
	// Confirmation is the second run's comparison, when Confirm was called.
	Confirmation *Comparison
}

// Failed reports whether a gated benchmark regressed.
func (c *Comparison) Failed() bool {
	for _, r := range c.Rows {
		if r.Verdict == VerdictRegression {
			return true
		}
	}
	return false
}

// Compare compares the unit of every benchmark in both sets.
func Compare(old, new *Set, opt CompareOptions) *Comparison {
	c := &Comparison{Opt: opt}
	logSum, nGated := 0.0, 0
	for _, name := range new.Names {
		if !new.Has(name, opt.Unit) {
			continue
		}
		if !old.Has(name, opt.Unit) {
			c.Notes = append(c.Notes, fmt.Sprintf("%s: only in the new build (not in the base): not compared", DisplayName(name)))
			continue
		}
		x1, x2 := old.Values(name, opt.Unit), new.Values(name, opt.Unit)
		r := Row{Name: name, OldMedian: Median(x1), NewMedian: Median(x2), N1: len(x1), N2: len(x2)}
		r.Gated = opt.Gate == nil || opt.Gate.MatchString(BaseName(name))
		if r.OldMedian > 0 {
			r.Delta = r.NewMedian/r.OldMedian - 1
		}
		p, err := UTest(x1, x2)
		switch {
		case err != nil:
			r.P, r.Verdict, r.Note = 1, VerdictUntestable, err.Error()
		default:
			r.P = p
			r.Significant = p <= opt.Alpha
			switch {
			case !r.Significant && min(r.N1, r.N2) < minSamplesForAlpha:
				r.Verdict = VerdictFewSamples
				r.Note = fmt.Sprintf("need >= %d samples on each side to detect a difference at alpha %v", minSamplesForAlpha, opt.Alpha)
			case !r.Significant:
				r.Verdict = VerdictSame
			case r.Delta < 0:
				r.Verdict = VerdictFaster
			case r.Delta <= opt.Threshold:
				r.Verdict = VerdictSlowerOK
			case r.Gated:
				r.Verdict = VerdictRegression
			default:
				r.Verdict = VerdictSlowerInfo
			}
		}
		if r.Gated && r.OldMedian > 0 && r.NewMedian > 0 {
			logSum += math.Log(r.NewMedian / r.OldMedian)
			nGated++
		}
		c.Rows = append(c.Rows, r)
	}
	for _, name := range old.Names {
		if old.Has(name, opt.Unit) && !new.Has(name, opt.Unit) {
			c.Notes = append(c.Notes, fmt.Sprintf("%s: only in the base (removed or renamed in the new build): not compared", DisplayName(name)))
		}
	}
	for _, f := range old.Failed {
		c.Notes = append(c.Notes, fmt.Sprintf("%s failed in the base build: skipped there", DisplayName(f)))
	}
	for _, f := range new.Failed {
		c.Notes = append(c.Notes, fmt.Sprintf("%s FAILED in the new build", DisplayName(f)))
	}
	if nGated > 0 {
		c.Geomean = math.Exp(logSum/float64(nGated)) - 1
	}
	return c
}

// Median returns the median of xs (the mean of the middle two for an even
// count), as benchstat's summary.
func Median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// Confirm applies a confirmation run: a regression of c stands only if the
// same benchmark regressed in second too (an independent interleaved run
// made because c tripped), so one burst of noise on the machine cannot fail
// CI. It sets c.Confirmation and downgrades unconfirmed regressions.
func (c *Comparison) Confirm(second *Comparison) {
	c.Confirmation = second
	again := map[string]bool{}
	for _, r := range second.Rows {
		if r.Verdict == VerdictRegression {
			again[BaseName(r.Name)] = true
		}
	}
	for i, r := range c.Rows {
		if r.Verdict == VerdictRegression && !again[BaseName(r.Name)] {
			c.Rows[i].Verdict = VerdictUnconfirmed
		}
	}
}

// Markdown renders the comparison as a Markdown section.
func (c *Comparison) Markdown() string {
	var b strings.Builder
	gate := "all benchmarks"
	if c.Opt.Gate != nil {
		gate = "benchmarks matching `" + c.Opt.Gate.String() + "`"
	}
	fmt.Fprintf(&b, "Regression gate on %s: a benchmark fails when the U test is significant (p ≤ %v) and its median slows down by more than %.0f%%, "+
		"in this run and again in a confirmation run; gated: %s.\n\n", c.Opt.Unit, c.Opt.Alpha, 100*c.Opt.Threshold, gate)
	c.table(&b)
	if c.Confirmation != nil {
		b.WriteString("\nConfirmation run (a second interleaved run, made because the first tripped):\n\n")
		c.Confirmation.table(&b)
	}
	var bad, good, unconfirmed []string
	for _, r := range c.Rows {
		switch r.Verdict {
		case VerdictRegression:
			bad = append(bad, fmt.Sprintf("%s %+.1f%%", DisplayName(r.Name), 100*r.Delta))
		case VerdictUnconfirmed:
			unconfirmed = append(unconfirmed, fmt.Sprintf("%s %+.1f%%", DisplayName(r.Name), 100*r.Delta))
		case VerdictFaster:
			good = append(good, fmt.Sprintf("%s %+.1f%%", DisplayName(r.Name), 100*r.Delta))
		}
	}
	if len(good) > 0 {
		fmt.Fprintf(&b, "\nImproved: %s.\n", strings.Join(good, ", "))
	}
	if len(unconfirmed) > 0 {
		fmt.Fprintf(&b, "\nNot confirmed by the second run (noise): %s.\n", strings.Join(unconfirmed, ", "))
	}
	if len(bad) > 0 {
		confirmed := ""
		if c.Confirmation != nil {
			confirmed = ", confirmed by a second run"
		}
		fmt.Fprintf(&b, "\n**FAIL**: significant slowdown beyond %.0f%%%s: %s.\n", 100*c.Opt.Threshold, confirmed, strings.Join(bad, ", "))
	} else {
		b.WriteString("\nRegression gate: **pass**.\n")
	}
	return b.String()
}

// table writes the rows and notes of c.
func (c *Comparison) table(b *strings.Builder) {
	if len(c.Rows) == 0 {
		b.WriteString("No benchmark in common between the base and the new build: nothing compared.\n")
	} else {
		b.WriteString("| benchmark | base | new | delta | p | n | gated | verdict |\n|---|---:|---:|---:|---:|---:|:-:|---|\n")
		for _, r := range c.Rows {
			g := ""
			if r.Gated {
				g = "yes"
			}
			v := r.Verdict
			if r.Note != "" {
				v += " (" + r.Note + ")"
			}
			fmt.Fprintf(b, "| %s | %s | %s | %+.1f%% | %.3f | %d+%d | %s | %s |\n",
				DisplayName(r.Name), FormatNs(r.OldMedian), FormatNs(r.NewMedian), 100*r.Delta, r.P, r.N1, r.N2, g, v)
		}
		fmt.Fprintf(b, "\nGeomean of the gated medians, new vs base: %+.1f%%.\n", 100*c.Geomean)
	}
	for _, n := range c.Notes {
		fmt.Fprintf(b, "- note: %s\n", n)
	}
}

// FormatNs prints a duration in ns with a readable unit.
func FormatNs(ns float64) string {
	switch a := math.Abs(ns); {
	case math.IsNaN(ns):
		return "?"
	case a >= 1e9:
		return fmt.Sprintf("%.3f s", ns/1e9)
	case a >= 1e6:
		return fmt.Sprintf("%.2f ms", ns/1e6)
	case a >= 1e3:
		return fmt.Sprintf("%.2f µs", ns/1e3)
	default:
		return fmt.Sprintf("%.1f ns", ns)
	}
}
