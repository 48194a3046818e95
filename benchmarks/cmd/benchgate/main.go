// Command benchgate is CI's benchmark gate (see benchmarks/README.md). It
// reads `go test -bench` output and prints a Markdown verdict.
//
//	benchgate compare [flags] BASE.txt NEW.txt [BASE2.txt NEW2.txt]
//
// compares every benchmark of the base build with the new build (two-sided
// Mann-Whitney U test as benchstat, α = 0.05) and exits 1 when a gated
// benchmark is significantly slower by more than -threshold. With a second
// pair (a confirmation run), a regression must show in both.
//
//	benchgate ratios -default NEW.txt [-purego PUREGO.txt] [-skip id=reason]
//	                 [-confirm-default NEW2.txt -confirm-purego PUREGO2.txt]
//
// checks the same-run ratio gates (benchgate.Gates: SGP4 gnssim vs
// go-satellite, coverage AVX vs pure Go, ARAIM fast vs slow) and exits 1
// when a ratio is below its floor (in both runs, with a confirmation run).
//
// Exit status 2 means a usage or input error.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"github.com/gnssim/gnssim/benchmarks/internal/benchgate"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `usage:
  benchgate compare [-threshold 0.15] [-alpha 0.05] [-gate REGEXP] [-benchstat-csv FILE] [-o FILE] BASE.txt NEW.txt [BASE2.txt NEW2.txt]
  benchgate ratios -default NEW.txt [-purego PUREGO.txt] [-skip ID=REASON]... [-missing-ok] [-confirm-default NEW2.txt [-confirm-purego PUREGO2.txt]] [-o FILE]
`

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "compare":
		return runCompare(args[1:], stdout, stderr)
	case "ratios":
		return runRatios(args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "benchgate: unknown command %q\n%s", args[0], usage)
	return 2
}

func runCompare(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("benchgate compare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	def := benchgate.DefaultCompareOptions()
	threshold := fs.Float64("threshold", def.Threshold, "largest tolerated significant slowdown of a gated benchmark's median (0.15 = 15%)")
	alpha := fs.Float64("alpha", def.Alpha, "significance level of the Mann-Whitney U test")
	gate := fs.String("gate", "", "regexp of the gated benchmarks (names without the -N suffix); empty: all")
	unit := fs.String("unit", def.Unit, "metric compared")
	bsCSV := fs.String("benchstat-csv", "", "benchstat -format csv output of the same files, to cross-check the p-values (disagreements are reported, not fatal)")
	outFile := fs.String("o", "", "also write the Markdown to this file")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 2 && fs.NArg() != 4 {
		fmt.Fprintf(stderr, "benchgate compare: want BASE.txt NEW.txt [BASE2.txt NEW2.txt]\n%s", usage)
		return 2
	}
	opt := benchgate.CompareOptions{Unit: *unit, Alpha: *alpha, Threshold: *threshold}
	if *gate != "" {
		re, err := regexp.Compile(*gate)
		if err != nil {
			fmt.Fprintf(stderr, "benchgate compare: -gate: %v\n", err)
			return 2
		}
		opt.Gate = re
	}
	sets := make([]*benchgate.Set, fs.NArg())
	for i := range sets {
		s, err := benchgate.ParseFile(fs.Arg(i))
		if err != nil {
			fmt.Fprintf(stderr, "benchgate compare: %v\n", err)
			return 2
		}
		sets[i] = s
	}
	c := benchgate.Compare(sets[0], sets[1], opt)
	if len(sets) == 4 {
		c.Confirm(benchgate.Compare(sets[2], sets[3], opt))
	}
	var b strings.Builder
	b.WriteString(c.Markdown())
	if *bsCSV != "" {
		rows, err := benchgate.ParseBenchstatCSVFile(*bsCSV)
		if err != nil {
			fmt.Fprintf(&b, "- note: benchstat cross-check not done: %v\n", err)
		} else if agree, problems := benchgate.CrossCheck(c, rows); len(problems) == 0 {
			fmt.Fprintf(&b, "\nCross-check with benchstat: medians, p-values and verdicts agree on all %d rows.\n", agree)
		} else {
			fmt.Fprintf(&b, "\nCross-check with benchstat: %d rows agree, %d DISAGREE (a benchgate bug: please report):\n", agree, len(problems))
			for _, p := range problems {
				fmt.Fprintf(&b, "- %s\n", p)
			}
		}
	}
	if err := emit(b.String(), stdout, *outFile); err != nil {
		fmt.Fprintf(stderr, "benchgate compare: %v\n", err)
		return 2
	}
	if c.Failed() {
		return 1
	}
	return 0
}

// skipFlags collects -skip ID=REASON.
type skipFlags map[string]string

func (s skipFlags) String() string { return fmt.Sprint(map[string]string(s)) }
func (s skipFlags) Set(v string) error {
	id, why, ok := strings.Cut(v, "=")
	if !ok || id == "" {
		return fmt.Errorf("want ID=REASON, got %q", v)
	}
	s[id] = why
	return nil
}

func runRatios(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("benchgate ratios", flag.ContinueOnError)
	fs.SetOutput(stderr)
	defFile := fs.String("default", "", "benchmark output of the default build")
	pureFile := fs.String("purego", "", "benchmark output of the -tags purego build (gates on it are skipped without)")
	confDef := fs.String("confirm-default", "", "default build's output of a confirmation run: a gate fails only if it fails in both runs")
	confPure := fs.String("confirm-purego", "", "purego build's output of the confirmation run")
	outFile := fs.String("o", "", "also write the Markdown to this file")
	missingOK := fs.Bool("missing-ok", false, "skip (do not fail) gates whose benchmarks are absent: for runs restricted to a few benchmarks")
	skip := skipFlags{}
	fs.Var(skip, "skip", "ID=REASON: skip the gate ID (repeatable); IDs: "+gateIDs())
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *defFile == "" || fs.NArg() != 0 {
		fmt.Fprintf(stderr, "benchgate ratios: want -default FILE\n%s", usage)
		return 2
	}
	for id := range skip {
		if !strings.Contains(" "+gateIDs()+" ", " "+id+" ") {
			fmt.Fprintf(stderr, "benchgate ratios: -skip: no gate %q (IDs: %s)\n", id, gateIDs())
			return 2
		}
	}
	builds, err := readBuilds(*defFile, *pureFile)
	if err != nil {
		fmt.Fprintf(stderr, "benchgate ratios: %v\n", err)
		return 2
	}
	rs := benchgate.CheckRatios(benchgate.Gates, builds, skip, *missingOK)
	md := benchgate.RatiosMarkdown(rs)
	if *confDef != "" {
		second, err := readBuilds(*confDef, *confPure)
		if err != nil {
			fmt.Fprintf(stderr, "benchgate ratios: %v\n", err)
			return 2
		}
		rs2 := benchgate.CheckRatios(benchgate.Gates, second, skip, *missingOK)
		md = "First run:\n\n" + md + "\nConfirmation run (a second interleaved run, made because a gate tripped):\n\n" + benchgate.RatiosMarkdown(rs2)
		rs = benchgate.ConfirmRatios(rs, rs2)
		var unconfirmed []string
		for _, r := range rs {
			if r.Note == benchgate.NoteUnconfirmed {
				unconfirmed = append(unconfirmed, fmt.Sprintf("%s (%.2f× in the first run)", r.Gate.Title, r.Ratio))
			}
		}
		if len(unconfirmed) > 0 {
			md += "\nNot confirmed by the second run (noise): " + strings.Join(unconfirmed, ", ") + ".\n"
		}
		if benchgate.RatiosFailed(rs) {
			md += "\n**FAIL**: a ratio gate failed in both runs.\n"
		} else {
			md += "\nRatio gates after confirmation: **pass**.\n"
		}
	}
	if err := emit(md, stdout, *outFile); err != nil {
		fmt.Fprintf(stderr, "benchgate ratios: %v\n", err)
		return 2
	}
	if benchgate.RatiosFailed(rs) {
		return 1
	}
	return 0
}

// readBuilds parses the default and (if named) purego outputs.
func readBuilds(defFile, pureFile string) (map[string]*benchgate.Set, error) {
	builds := map[string]*benchgate.Set{}
	for build, path := range map[string]string{benchgate.BuildDefault: defFile, benchgate.BuildPurego: pureFile} {
		if path == "" {
			continue
		}
		s, err := benchgate.ParseFile(path)
		if err != nil {
			return nil, err
		}
		builds[build] = s
	}
	return builds, nil
}

func gateIDs() string {
	var ids []string
	for _, g := range benchgate.Gates {
		ids = append(ids, g.ID)
	}
	return strings.Join(ids, " ")
}

func emit(s string, stdout io.Writer, path string) error {
	if _, err := io.WriteString(stdout, s); err != nil {
		return err
	}
	if path == "" {
		return nil
	}
	return os.WriteFile(path, []byte(s), 0o644)
}
