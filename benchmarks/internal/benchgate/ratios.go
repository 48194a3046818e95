package benchgate

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Builds of the benchmark binary that ratio gates read.
const (
	BuildDefault = "default" // go test -c ./benchmarks (AVX kernels where the CPU has them)
	BuildPurego  = "purego"  // go test -c -tags purego ./benchmarks (portable Go everywhere)
)

// A Ref names one benchmark of one build, without the -GOMAXPROCS suffix.
// Sub-benchmarks of Bench are matched too: a gate on "BenchmarkARAIM/impl=fast"
// vs "BenchmarkARAIM/impl=slow" pairs "BenchmarkARAIM/impl=fast/case=x" with
// "BenchmarkARAIM/impl=slow/case=x".
type Ref struct {
	Build string
	Bench string
}

func (r Ref) String() string { return r.Build + ":" + DisplayName(r.Bench) }

// A RatioGate requires Slow to take at least Floor times as long as Fast,
// both measured in the same CI run, so the gate holds whatever the machine's
// speed. The ratio is that of the fastest round of each side: on a shared
// VM the noise only ever adds time, and the minimum over the interleaved
// rounds was the steadiest estimate on the CI VM (SGP4: 2.04–2.09 over five
// runs where the ratio of the medians ranged 1.89–2.08); the ratio of the
// medians and the per-round range are reported beside it.
type RatioGate struct {
	ID       string
	Title    string
	Slow     Ref
	Fast     Ref
	Unit     string  // "ns/op"
	Floor    float64 // fail below
	Target   float64 // the stated goal: below it (and above Floor) warn only; 0 for none
	Optional bool    // skip with a note when the benchmarks are absent (not yet written)
	Why      string  // how Floor was chosen, for the report
}

// Gates are CI's ratio gates. The floors are explained in
// benchmarks/README.md (measured ratios on the 2-core CI VM, and why each
// floor sits where it does).
var Gates = []RatioGate{
	{
		ID:    "sgp4",
		Title: "SGP4: gnssim vs go-satellite (single goroutine)",
		Slow:  Ref{BuildDefault, "BenchmarkSGP4/impl=go-satellite"},
		Fast:  Ref{BuildDefault, "BenchmarkSGP4/impl=gnssim"},
		Unit:  "ns/op", Floor: 1.8, Target: 2.0,
		Why: "measured 2.04–2.09× on the 2-core CI VM; the goal is 2×, but a 2–4% margin is within the noise of a shared VM, " +
			"so below 2.0 only warns and CI fails below 1.8, which a 15% slowdown of gnssim's SGP4 relative to go-satellite crosses",
	},
	{
		ID:    "coverage-avx",
		Title: "Coverage 2°/24 h/5 min: AVX kernels vs pure Go (-tags purego)",
		Slow:  Ref{BuildPurego, "BenchmarkCoverage/grid=2deg/span=24h/step=5m"},
		Fast:  Ref{BuildDefault, "BenchmarkCoverage/grid=2deg/span=24h/step=5m"},
		Unit:  "ns/op", Floor: 2.0,
		Why: "measured 3.2–4.1× on the 2-core CI VM (an AVX-512 CPU) for the whole coverage computation; vector kernels " +
			"that stop being selected give ≈1.0×, a slowed kernel brings it down towards that",
	},
	{
		ID:       "araim",
		Title:    "ARAIM: fast path vs slow path",
		Slow:     Ref{BuildDefault, "BenchmarkARAIM/impl=slow"},
		Fast:     Ref{BuildDefault, "BenchmarkARAIM/impl=fast"},
		Unit:     "ns/op",
		Floor:    30,
		Target:   50,
		Optional: true, // the recorded fixtures predate the benchmark
		Why: "integrity.Evaluator vs the reference implementation integrity.ReferenceEvaluate on 24 real GLONASS+BeiDou " +
			"skies (ADD rule, ~74 modes): measured 70–82× on the 2-core VM; below 50× warns, below 30× (the fast path " +
			"more than ~2.5× slower relative to the reference, e.g. the bias bounding or the pruned protection-level " +
			"solve lost) fails",
	},
}

// Statuses of a ratio gate.
const (
	StatusPass    = "pass"
	StatusWarn    = "warn"
	StatusFail    = "FAIL"
	StatusSkipped = "skipped"
)

// A RatioResult is one gate applied to one pair of benchmarks.
type RatioResult struct {
	Gate             RatioGate
	Slow, Fast       string  // full benchmark names (empty when skipped)
	SlowMin, FastMin float64 // fastest round of each side, in Unit
	SlowMed, FastMed float64 // medians of Unit
	Ratio            float64 // SlowMin / FastMin: the gated figure
	MedRatio         float64 // SlowMed / FastMed
	Lo, Hi           float64 // range of the per-round ratios (paired by round), 0 if unpaired
	N                int     // rounds
	Status           string
	Note             string
}

// CheckRatios applies gates to the builds' outputs. skip maps gate IDs to a
// reason for not applying them here (e.g. "coverage-avx": "no AVX2 on this
// CPU").
//
// A gate whose benchmarks are absent fails ("renamed?") unless it is
// Optional or missingOK (a run restricted to a few benchmarks).
func CheckRatios(gates []RatioGate, builds map[string]*Set, skip map[string]string, missingOK ...bool) []RatioResult {
	lenient := len(missingOK) > 0 && missingOK[0]
	var out []RatioResult
	for _, g := range gates {
		if why, ok := skip[g.ID]; ok {
			out = append(out, RatioResult{Gate: g, Status: StatusSkipped, Note: why})
			continue
		}
		slow, fast := builds[g.Slow.Build], builds[g.Fast.Build]
		if slow == nil || fast == nil {
			missing := g.Slow.Build
			if slow != nil {
				missing = g.Fast.Build
			}
			out = append(out, RatioResult{Gate: g, Status: StatusSkipped, Note: "no output of the " + missing + " build"})
			continue
		}
		// Every benchmark of the slow build at or under g.Slow.Bench.
		var pairs [][2]string
		for _, name := range slow.Names {
			base := BaseName(name)
			rest, ok := strings.CutPrefix(base, g.Slow.Bench)
			if !ok || (rest != "" && rest[0] != '/') || !slow.Has(name, g.Unit) {
				continue
			}
			pairs = append(pairs, [2]string{name, fast.Lookup(g.Fast.Bench + rest)})
		}
		if len(pairs) == 0 {
			r := RatioResult{Gate: g, Status: StatusFail, Note: fmt.Sprintf("no %s in the output: renamed? (update benchgate.Gates)", g.Slow)}
			if g.Optional {
				r.Status, r.Note = StatusSkipped, fmt.Sprintf("no %s / %s benchmarks yet", DisplayName(g.Slow.Bench), DisplayName(g.Fast.Bench))
			} else if lenient {
				r.Status, r.Note = StatusSkipped, "its benchmarks were not run"
			}
			out = append(out, r)
			continue
		}
		for _, p := range pairs {
			r := RatioResult{Gate: g, Slow: p[0], Fast: p[1]}
			if p[1] == "" || !fast.Has(p[1], g.Unit) {
				r.Status = StatusFail
				r.Note = fmt.Sprintf("%s has no counterpart %s", DisplayName(p[0]), g.Fast)
				out = append(out, r)
				continue
			}
			xs, xf := slow.Values(p[0], g.Unit), fast.Values(p[1], g.Unit)
			r.SlowMed, r.FastMed = Median(xs), Median(xf)
			r.SlowMin, r.FastMin = slices.Min(xs), slices.Min(xf)
			r.Ratio, r.MedRatio = r.SlowMin/r.FastMin, r.SlowMed/r.FastMed
			r.N = min(len(xs), len(xf))
			if len(xs) == len(xf) {
				per := make([]float64, len(xs))
				for i := range xs {
					per[i] = xs[i] / xf[i]
				}
				sort.Float64s(per)
				r.Lo, r.Hi = per[0], per[len(per)-1]
			}
			switch {
			case !(r.Ratio >= g.Floor):
				r.Status = StatusFail
			case g.Target > 0 && r.Ratio < g.Target:
				r.Status = StatusWarn
				r.Note = fmt.Sprintf("below the %.2f× goal, above the %.2f× floor", g.Target, g.Floor)
			default:
				r.Status = StatusPass
			}
			out = append(out, r)
		}
	}
	return out
}

// NoteUnconfirmed marks a gate that failed in the first run only.
const NoteUnconfirmed = "below the floor in the first run only: not confirmed by the second"

// ConfirmRatios applies a confirmation run: a gate that failed in first
// stands only if it fails again in second (the same gates over an independent
// interleaved run). It returns first with unconfirmed failures turned into
// warnings.
func ConfirmRatios(first, second []RatioResult) []RatioResult {
	again := map[string]bool{}
	for _, r := range second {
		if r.Status == StatusFail {
			again[r.Gate.ID+"\x00"+r.Slow] = true
		}
	}
	out := append([]RatioResult(nil), first...)
	for i, r := range out {
		if r.Status == StatusFail && !again[r.Gate.ID+"\x00"+r.Slow] {
			out[i].Status = StatusWarn
			out[i].Note = NoteUnconfirmed
		}
	}
	return out
}

// RatiosFailed reports whether any gate failed.
func RatiosFailed(rs []RatioResult) bool {
	for _, r := range rs {
		if r.Status == StatusFail {
			return true
		}
	}
	return false
}

// RatiosMarkdown renders the results as a Markdown section.
func RatiosMarkdown(rs []RatioResult) string {
	var b strings.Builder
	b.WriteString("Ratio gates (both sides measured in this run, interleaved). The gated ratio is that of each side's fastest round; " +
		"the ratio of the medians and the range of the per-round ratios are shown beside it. Times are the fastest rounds.\n\n")
	b.WriteString("| gate | slow | fast | ratio | of medians | per-round range | floor | goal | status |\n|---|---|---|---:|---:|---:|---:|---:|---|\n")
	for _, r := range rs {
		goal := ""
		if r.Gate.Target > 0 {
			goal = fmt.Sprintf("%.2f×", r.Gate.Target)
		}
		ratio, med, rng := "", "", ""
		if r.FastMin > 0 {
			ratio = fmt.Sprintf("**%.2f×**", r.Ratio)
			med = fmt.Sprintf("%.2f×", r.MedRatio)
			if r.Hi > 0 {
				rng = fmt.Sprintf("%.2f–%.2f× (n=%d)", r.Lo, r.Hi, r.N)
			}
		}
		slow, fast := r.Gate.Slow.String(), r.Gate.Fast.String()
		if r.Slow != "" && r.FastMin > 0 {
			slow = r.Gate.Slow.Build + ":" + DisplayName(r.Slow) + " " + FormatNs(r.SlowMin)
			fast = r.Gate.Fast.Build + ":" + DisplayName(r.Fast) + " " + FormatNs(r.FastMin)
		}
		st := r.Status
		if r.Note != "" {
			st += " (" + r.Note + ")"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %.2f× | %s | %s |\n", r.Gate.Title, slow, fast, ratio, med, rng, r.Gate.Floor, goal, st)
	}
	b.WriteString("\n")
	for _, r := range rs {
		switch {
		case r.Status != StatusFail:
		case r.FastMin > 0:
			fmt.Fprintf(&b, "**FAIL**: %s: ratio %.2f× is below its floor %.2f× (%s).\n", r.Gate.Title, r.Ratio, r.Gate.Floor, r.Gate.Why)
		default:
			fmt.Fprintf(&b, "**FAIL**: %s: %s.\n", r.Gate.Title, r.Note)
		}
	}
	if !RatiosFailed(rs) {
		b.WriteString("Ratio gates: **pass**.\n")
	}
	return b.String()
}
