package main

import (
	"context"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/job"
	"github.com/gnssim/gnssim/cmd/gnssim/internal/output"
)

// gnssim skyplot and gnssim groundtrack.

func runSkyplot(ctx context.Context, e *env, args []string) error {
	j, err := parseSkyplot(e, args)
	if err != nil {
		return err
	}
	return runJob(ctx, e, j)
}

func parseSkyplot(e *env, args []string) (*job.Skyplot, error) {
	var (
		in    inputFlags
		pf    periodFlags
		rf    receiverFlags
		of    outputFlags
		sites []string
		j     job.Skyplot
	)
	fs := newFlagSet("skyplot", "gnssim skyplot --site SITE (--plot FILE.png|.svg | --format csv|json|table [-o FILE]) [flags]", skyDescription, skyExample)
	fs.StringArrayVar(&sites, "site", nil, "the receiver site (exactly one): "+siteHelp)
	fs.StringVar(&j.Plot, "plot", "", "write the sky plot to FILE.png or FILE.svg")
	pf.register(fs, "24h", "60s")
	rf.register(fs, false, false)
	in.register(fs)
	of.register(fs, output.CSV)
	fs.BoolVar(&j.Passes, "passes", false, "the table lists passes (rise, set, maximum elevation) instead of az/el per epoch")
	fs.BoolVar(&j.Force, "force", false, "run even above the memory and work limits, or far from the element-set epochs")
	if err := fs.parse(e, args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, usagef("unexpected argument %q (the site is given with --site)", fs.Arg(0))
	}
	switch len(sites) {
	case 0:
		return nil, usagef("--site is required (e.g. --site moscow or --site 55.76,37.62)")
	case 1:
	default:
		return nil, usagef("a sky plot is for one site, got %d --site flags: run skyplot once per site", len(sites))
	}
	s, err := job.ParseSites(sites)
	if err != nil {
		return nil, err
	}
	j.Site = s[0]
	j.Table = fs.Changed("format") || of.output != "" || j.Passes || fs.Changed("precision")
	if j.Plot == "" && !j.Table {
		return nil, usagef("--plot FILE.png|.svg is required (or --format csv [-o FILE] for the table)")
	}
	if j.Table {
		if j.Format, j.Precision, err = of.resolve(output.CSV); err != nil {
			return nil, err
		}
		j.Output = of.output
	}
	if j.Inputs, err = in.inputs(); err != nil {
		return nil, err
	}
	if j.Period, err = pf.period(); err != nil {
		return nil, err
	}
	if j.Receiver, err = rf.receiver(); err != nil {
		return nil, err
	}
	return &j, nil
}

func runGroundtrack(ctx context.Context, e *env, args []string) error {
	j, err := parseGroundtrack(e, args)
	if err != nil {
		return err
	}
	return runJob(ctx, e, j)
}

func parseGroundtrack(e *env, args []string) (*job.Groundtrack, error) {
	var (
		in     inputFlags
		pf     periodFlags
		of     outputFlags
		region string
		j      job.Groundtrack
	)
	fs := newFlagSet("groundtrack", "gnssim groundtrack (--plot FILE.png|.svg | --format csv|json|table [-o FILE]) [flags]", gtDescription, gtExample)
	fs.StringVar(&j.Plot, "plot", "", "write the map to FILE.png or FILE.svg")
	fs.StringVar(&region, "region", "", "draw only this box of the map: LATMIN,LATMAX,LONMIN,LONMAX in degrees east (LONMAX up to LONMIN+360 for a box across the antimeridian)")
	pf.register(fs, "24h", "5m")
	in.register(fs)
	of.register(fs, output.CSV)
	fs.BoolVar(&j.Force, "force", false, "run even above the memory and work limits, or far from the element-set epochs")
	if err := fs.parse(e, args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, usagef("unexpected argument %q", fs.Arg(0))
	}
	var err error
	j.Table = fs.Changed("format") || of.output != "" || fs.Changed("precision")
	if j.Plot == "" && !j.Table {
		return nil, usagef("--plot FILE.png|.svg is required (or --format csv [-o FILE] for the table)")
	}
	if j.Table {
		if j.Format, j.Precision, err = of.resolve(output.CSV); err != nil {
			return nil, err
		}
		j.Output = of.output
	}
	if region != "" {
		r, err := job.ParseMapRegion(region)
		if err != nil {
			return nil, err
		}
		j.Region, j.RegionArg = &r, region
	}
	if j.Inputs, err = in.inputs(); err != nil {
		return nil, err
	}
	if j.Period, err = pf.period(); err != nil {
		return nil, err
	}
	return &j, nil
}
