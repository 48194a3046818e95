package main

import (
	"context"
	"strings"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/job"
	"github.com/gnssim/gnssim/cmd/gnssim/internal/output"
	"github.com/gnssim/gnssim/sim"
)

// gnssim coverage (maps, shards) and gnssim merge.

func runCoverage(ctx context.Context, e *env, args []string) error {
	j, err := parseCoverage(e, args)
	if err != nil {
		return err
	}
	return runJob(ctx, e, j)
}

func parseCoverage(e *env, args []string) (*job.Coverage, error) {
	var (
		in               inputFlags
		pf               periodFlags
		rf               receiverFlags
		of               outputFlags
		region, quantity string
		shard            string
		gridDeg          float64
		j                job.Coverage
	)
	fs := newFlagSet("coverage", "gnssim coverage [flags]", covDescription, covExample)
	in.register(fs)
	pf.register(fs, "24h", "60s")
	rf.register(fs, true, true)
	fs.Float64Var(&gridDeg, "grid", 2, "cell size, degrees (must divide 180)")
	fs.StringVar(&region, "region", "", "LATMIN,LATMAX,LONMIN,LONMAX in degrees east, on the grid lines; LONMAX up to 360 for a region across the antimeridian (default: the whole globe)")
	of.register(fs, output.CSV)
	fs.StringVar(&j.Plot, "plot", "", "also draw the map into FILE.png or FILE.svg")
	fs.StringVar(&quantity, "plot-quantity", "mean_pdop", "quantity mapped by --plot: "+strings.Join(job.QuantityNames(), ", "))
	fs.StringVar(&shard, "shard", "", "compute only shard I/N of the grid rows (I 0-based) into the shard file -o FILE, for 'gnssim merge'")
	fs.BoolVar(&j.Force, "force", false, "run even above the memory and work limits, or far from the element-set epochs")
	if err := fs.parse(e, args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, usagef("unexpected argument %q (coverage takes only flags)", fs.Arg(0))
	}
	var err error
	if err := job.CheckCell(gridDeg); err != nil {
		return nil, err
	}
	j.Grid = sim.GlobalGrid(gridDeg)
	if region != "" {
		if j.Grid, err = job.ParseRegion("--region", region, gridDeg); err != nil {
			return nil, err
		}
		j.RegionArg = region
	}
	if shard != "" {
		sh, err := job.ParseShard(shard)
		if err != nil {
			return nil, err
		}
		j.Shard = &sh
		for _, f := range []string{"format", "plot", "plot-quantity", "precision"} {
			if fs.Changed(f) {
				return nil, usagef("--%s does not apply to a shard; give it to 'gnssim merge', which writes the final output", f)
			}
		}
		j.Output = of.output
		j.CommandLine = append([]string{"coverage"}, args...)
	} else {
		if j.Format, j.Precision, err = of.resolve(output.CSV); err != nil {
			return nil, err
		}
		j.Output = of.output
		if j.PlotQuantity, err = job.ParseQuantity(quantity); err != nil {
			return nil, err
		}
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

func runMerge(ctx context.Context, e *env, args []string) error {
	var (
		of       outputFlags
		quantity string
		j        job.Merge
	)
	fs := newFlagSet("merge", "gnssim merge SHARD... [flags]", mergeDescription, mergeExample)
	of.register(fs, output.CSV)
	fs.StringVar(&j.Plot, "plot", "", "also draw the map into FILE.png or FILE.svg")
	fs.StringVar(&quantity, "plot-quantity", "mean_pdop", "quantity mapped by --plot: "+strings.Join(job.QuantityNames(), ", "))
	if err := fs.parse(e, args); err != nil {
		return err
	}
	var err error
	if j.Format, j.Precision, err = of.resolve(output.CSV); err != nil {
		return err
	}
	j.Output = of.output
	if j.PlotQuantity, err = job.ParseQuantity(quantity); err != nil {
		return err
	}
	j.Shards = fs.Args()
	return runJob(ctx, e, &j)
}
