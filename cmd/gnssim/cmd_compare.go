package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/job"
	"github.com/gnssim/gnssim/cmd/gnssim/internal/output"
)

// gnssim compare: each system alone and combined, side by side, at sites
// or over a region.

func runCompare(ctx context.Context, e *env, args []string) error {
	j, err := parseCompare(e, args)
	if err != nil {
		return err
	}
	files, err := j.Run(ctx, e.jobEnv())
	if err != nil {
		return err
	}
	if j.OutDir != "" {
		var inDir []string
		for _, f := range files {
			if rest, ok := strings.CutPrefix(f, j.OutDir+"/"); ok {
				inDir = append(inDir, rest)
			}
		}
		fmt.Fprintf(e.stderr, "wrote %d files to %s: %s\n", len(inDir), j.OutDir, strings.Join(inDir, ", "))
	}
	return nil
}

func parseCompare(e *env, args []string) (*job.Compare, error) {
	var (
		in      inputFlags
		pf      periodFlags
		rf      receiverFlags
		of      outputFlags
		sites   []string
		region  string
		gridDeg float64
		j       job.Compare
	)
	fs := newFlagSet("compare", "gnssim compare (--site SITE... | --region LATMIN,LATMAX,LONMIN,LONMAX) [flags]", cmpDescription, cmpExample)
	fs.StringArrayVar(&sites, "site", nil, siteHelp+"; repeatable")
	fs.StringVar(&region, "region", "", "compare over a region instead of sites: LATMIN,LATMAX,LONMIN,LONMAX in degrees east, on the --grid lines (LONMAX up to 360 for a region across the antimeridian)")
	fs.Float64Var(&gridDeg, "grid", 5, "cell size of the --region grid, degrees (must divide 180)")
	pf.register(fs, "24h", "60s")
	rf.register(fs, true, true)
	in.register(fs)
	of.register(fs, output.Text)
	fs.StringVar(&j.OutDir, "out", "", "also write the CSVs and plots into folder DIR (created when the run succeeds)")
	fs.BoolVar(&j.Force, "force", false, "run even above the memory and work limits, or far from the element-set epochs")
	if err := fs.parse(e, args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, usagef("unexpected argument %q (sites are given with --site)", fs.Arg(0))
	}
	var err error
	if j.Format, j.Precision, err = of.resolve(output.Text); err != nil {
		return nil, err
	}
	j.Output = of.output
	if (len(sites) == 0) == (region == "") {
		if region != "" {
			return nil, usagef("give either --site or --region, not both")
		}
		return nil, usagef("give at least one --site (e.g. --site beijing --site moscow) or a --region LATMIN,LATMAX,LONMIN,LONMAX")
	}
	if region != "" {
		g, err := job.ParseRegion("--region", region, gridDeg)
		if err != nil {
			return nil, err
		}
		j.Region, j.RegionArg = &g, region
	} else if j.Sites, err = job.ParseSites(sites); err != nil {
		return nil, err
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
