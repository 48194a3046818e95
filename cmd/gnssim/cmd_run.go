package main

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
	"time"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/job"
	"github.com/gnssim/gnssim/cmd/gnssim/internal/scenario"
)

//go:embed examples/scenarios/*.yaml
var scenarioExamples embed.FS

func init() {
	sub, err := fs.Sub(scenarioExamples, "examples/scenarios")
	if err == nil {
		scenario.Examples = sub
	}
}

// runScenario is `gnssim run SCENARIO`: the scenario's typed steps (the
// jobs of the other commands) run in-process on data loaded and propagated
// once; commands.sh gives the equivalent command lines.
func runScenario(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("run", "gnssim run SCENARIO.yaml|example:NAME [--out DIR] [--start T] [--duration D] [--step S] [--tle FILE]... [--force] [--dry-run]",
		"Run a scenario file (YAML) into an output folder: the comparison tables, DOP series, sky plots,\n"+
			"coverage maps, ground tracks and catalog it asks for, a Markdown summary (summary.md) and the\n"+
			"equivalent gnssim command lines (commands.sh). The file's fields are documented in\n"+
			"cmd/gnssim/examples/scenarios/README.md; unknown fields and bad values are refused with their line.\n"+
			"The flags override the file: a shorter --duration or a coarser --step gives a quick trial run.\n"+
			"The element sets are loaded and propagated once for all the outputs.\n"+
			"The examples are built in: example:moscow-beijing, example:urban-canyon, example:arctic, example:asia-pacific.",
		"gnssim run example:moscow-beijing --duration 6h --out /tmp/mb\ngnssim run cmd/gnssim/examples/scenarios/urban-canyon.yaml --dry-run")
	var (
		outDir, start, duration, step string
		tle                           []string
		dryRun, force                 bool
	)
	fs.StringVar(&outDir, "out", "", "output folder (default: the scenario's out:, else ./out/<scenario file name without extension>)")
	fs.StringVar(&start, "start", "", "override the scenario's start (RFC 3339 UTC)")
	fs.StringVar(&duration, "duration", "", "override the scenario's duration, e.g. 2h")
	fs.StringVar(&step, "step", "", "override the scenario's step, e.g. 10m")
	fs.StringArrayVar(&tle, "tle", nil, "override the scenario's element sets: a file (TLE or OMM) or cache:GROUP; repeatable")
	fs.BoolVar(&force, "force", false, "run the steps even above the memory and work limits, or far from the element-set epochs")
	fs.BoolVar(&dryRun, "dry-run", false, "validate the scenario and print the equivalent commands (commands.sh) without running them")
	if err := fs.parse(e, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("want exactly one scenario file, got %d arguments", fs.NArg())
	}
	s, err := scenario.Load(fs.Arg(0))
	if err != nil {
		return err
	}
	// Overrides: the same checks as the file's fields.
	if start != "" {
		t, err := job.ParseTime(start)
		if err != nil {
			return usagef("--start: %v", err)
		}
		s.Start = t
	}
	for _, o := range []struct {
		flag, val string
		dst       *time.Duration
	}{{"--duration", duration, &s.Duration}, {"--step", step, &s.Step}} {
		if o.val == "" {
			continue
		}
		d, err := job.ParseDuration(o.val)
		if err != nil {
			return usagef("%s: %v", o.flag, err)
		}
		if d < 0 || (o.flag == "--step" && d == 0) {
			return usagef("%s %s must be positive", o.flag, o.val)
		}
		*o.dst = d
	}
	if len(tle) > 0 {
		s.Inputs.TLE = tle
	}
	s.Force = force
	switch {
	case outDir != "":
		s.Out = outDir
	case s.Out == "":
		s.Out = filepath.Join("out", s.Base)
	}
	if dryRun {
		_, grid, err := s.LoadData()
		if err != nil {
			return periodError(s, err, duration == "" && step == "")
		}
		_, err = io.WriteString(e.stdout, s.CommandsScript(version, grid, s.Plan(grid)))
		return err
	}
	res, err := s.Run(ctx, version, e.stderr, func(label string) job.Progress { return newProgress(e, label) })
	if err != nil {
		return periodError(s, err, duration == "" && step == "")
	}
	fmt.Fprintf(e.stdout, "%s: %d commands run, results in %s\n", s.Name, len(res.Steps), s.Out)
	return nil
}

// periodError reports a period problem that came from the file as the
// file's (runtime) problem, not a usage error of the command line.
func periodError(s *scenario.Scenario, err error, fromFile bool) error {
	var ue *job.UsageError
	if fromFile && errors.As(err, &ue) && strings.Contains(ue.Msg, "epochs; the limit") {
		return fmt.Errorf("scenario %s: %s", s.File, strings.NewReplacer("--duration", "duration", "--step", "step", "--start", "start").Replace(ue.Msg))
	}
	return err
}
