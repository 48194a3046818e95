package main

import (
	"context"
	"strings"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/job"
	"github.com/gnssim/gnssim/cmd/gnssim/internal/output"
)

// gnssim propagate and gnssim catalog.

func runPropagate(ctx context.Context, e *env, args []string) error {
	var (
		in                inputFlags
		pf                periodFlags
		of                outputFlags
		frame, propagator string
		tsince            string
		j                 job.Propagate
	)
	fs := newFlagSet("propagate", "gnssim propagate [flags]", propDescription, propExample)
	in.register(fs)
	pf.register(fs, "24h", "60s")
	fs.StringVar(&frame, "frame", "ecef", "output frame: teme, ecef or geodetic")
	fs.StringVar(&propagator, "propagator", "gnssim", "SGP4 implementation: gnssim, or go-satellite (github.com/joshuaferrara/go-satellite, for comparison: it truncates the epoch and times to whole seconds)")
	fs.StringVar(&tsince, "tsince", "", "START,STOP,STEP in minutes from each element set's epoch, instead of --start/--duration/--step")
	fs.IntSliceVar(&j.NORAD, "norad", nil, "propagate only this NORAD catalog number (repeatable, or comma-separated), whatever its system or status")
	of.register(fs, output.CSV)
	fs.BoolVar(&j.Force, "force", false, "run even when the table would have more than 10 000 000 rows, or far from the element-set epochs")
	if err := fs.parse(e, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	var err error
	switch strings.ToLower(strings.TrimSpace(propagator)) {
	case "gnssim":
	case "go-satellite":
		j.GoSatellite = true
	default:
		return usagef("--propagator %q: want gnssim or go-satellite", propagator)
	}
	if j.Frame, err = job.ParseFrame(frame); err != nil {
		return err
	}
	if j.Format, j.Precision, err = of.resolve(output.CSV); err != nil {
		return err
	}
	j.Output = of.output
	if j.Inputs, err = in.inputs(); err != nil {
		return err
	}
	if tsince != "" {
		for _, f := range []string{"start", "duration", "step"} {
			if fs.Changed(f) {
				return usagef("--tsince and --%s exclude each other: --tsince counts minutes from each element set's own epoch", f)
			}
		}
		if j.Window, err = job.ParseWindow(tsince); err != nil {
			return err
		}
	} else if j.Period, err = pf.period(); err != nil {
		return err
	}
	return runJob(ctx, e, &j)
}

func runCatalog(ctx context.Context, e *env, args []string) error {
	var (
		in inputFlags
		of outputFlags
		at string
		j  job.Catalog
	)
	fs := newFlagSet("catalog", "gnssim catalog [flags]", catDescription, catExample)
	in.register(fs)
	fs.BoolVar(&j.All, "all", false, "list every system (and element sets of no navigation system), not only --systems")
	fs.StringVar(&at, "at", "", "time of identification and age, RFC 3339 UTC (default: 00:00 UTC of the day of the newest element set)")
	of.register(fs, output.Text)
	if err := fs.parse(e, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	var err error
	if at != "" {
		if j.At, err = job.ParseTime(at); err != nil {
			return usagef("--at: %v", err)
		}
	}
	if j.Format, _, err = of.resolve(output.Text); err != nil {
		return err
	}
	j.Output = of.output
	if j.Inputs, err = in.inputs(); err != nil {
		return err
	}
	if strings.EqualFold(strings.TrimSpace(in.systems), "all") {
		j.All = true
	}
	return runJob(ctx, e, &j)
}
