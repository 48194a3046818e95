package main

import (
	"context"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/job"
	"github.com/gnssim/gnssim/cmd/gnssim/internal/output"
)

// gnssim dop: DOP and visible-count time series at sites.

func runDOP(ctx context.Context, e *env, args []string) error {
	j, err := parseDOP(e, args)
	if err != nil {
		return err
	}
	return runJob(ctx, e, j)
}

// parseDOP parses and checks the command line before any work.
func parseDOP(e *env, args []string) (*job.DOP, error) {
	var (
		in    inputFlags
		pf    periodFlags
		rf    receiverFlags
		of    outputFlags
		sites []string
		j     job.DOP
	)
	fs := newFlagSet("dop", "gnssim dop --site SITE [--site SITE ...] [flags]", dopDescription, dopExample)
	in.register(fs)
	pf.register(fs, "24h", "60s")
	rf.register(fs, true, false)
	fs.StringArrayVar(&sites, "site", nil, siteHelp+"; repeatable, required")
	of.register(fs, output.CSV)
	fs.StringVar(&j.Plot, "plot", "", "also draw PDOP and visible count to FILE.png or FILE.svg (with several sites one figure each: FILE-SITE.png)")
	fs.BoolVar(&j.Force, "force", false, "run even above the memory and work limits, or far from the element-set epochs")
	if err := fs.parse(e, args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, usagef("unexpected argument %q", fs.Arg(0))
	}
	var err error
	if j.Inputs, err = in.inputs(); err != nil {
		return nil, err
	}
	if j.Period, err = pf.period(); err != nil {
		return nil, err
	}
	if len(sites) == 0 {
		return nil, usagef("at least one --site is required (a city such as beijing, or LAT,LON[,HEIGHT_M]); built-in cities: %s", job.CityNames())
	}
	if j.Sites, err = job.ParseSites(sites); err != nil {
		return nil, err
	}
	if j.Format, j.Precision, err = of.resolve(output.CSV); err != nil {
		return nil, err
	}
	j.Output = of.output
	if j.Receiver, err = rf.receiver(); err != nil {
		return nil, err
	}
	return &j, nil
}

// siteHelp describes --site.
const siteHelp = "receiver: a built-in city name (e.g. beijing), or LAT,LON[,HEIGHT_M] in degrees (east-positive) and metres above the WGS-84 ellipsoid (height -1000 to 100000), optionally NAME=LAT,LON[,HEIGHT_M]"
