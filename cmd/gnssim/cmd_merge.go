package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/gnssim/gnssim/sim"
)

const mergeDescription = `Merge coverage shards (written by 'gnssim coverage --shard I/N -o FILE') into
the output a single 'gnssim coverage' run with the same parameters writes, byte
for byte: CSV (default), JSON or table, on stdout or into -o FILE (atomically),
and optionally the map (--plot, --plot-quantity as for coverage).

The shards may be given in any order (e.g. shards/shard-*.json), but must be
exactly the N shards 0..N-1 of one run: merge refuses, naming the file and the
field, shards from different gnssim versions, element sets (digest), systems,
grid, region, period, mask, clock, weighting or --pdop-max, a missing shard
index and a duplicated one. An argument with * ? or [ that names no file is
expanded by merge itself (filepath.Glob), for containers without a shell.`

const mergeExample = `gnssim merge shard-0.json shard-1.json -o coverage.csv --plot coverage.png`

func runMerge(ctx context.Context, e *env, args []string) error {
	var format, output, plotPath, quantity string
	fs := newFlagSet("merge", "gnssim merge SHARD... [flags]", mergeDescription, mergeExample)
	fs.StringVar(&format, "format", "csv", "output format: csv, json or table")
	fs.StringVarP(&output, "output", "o", "", "write the output to FILE (atomically) instead of stdout")
	fs.StringVar(&plotPath, "plot", "", "also draw the map into FILE.png or FILE.svg")
	fs.StringVar(&quantity, "plot-quantity", "mean_pdop", "quantity mapped by --plot: "+strings.Join(covQuantityNames(), ", "))
	if err := fs.parse(e, args); err != nil {
		return err
	}
	// The flags first (the grid-dependent check again below).
	if _, err := checkCovOutput(format, output, plotPath, quantity, sim.GlobalGrid(1)); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("no shard files given; e.g. gnssim merge shards/shard-*.json -o coverage.csv")
	}
	paths, err := mergeExpand(fs.Args())
	if err != nil {
		return err
	}
	var shards []*shardFile
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return err
		}
		s, err := readShardFile(p)
		if err != nil {
			return err
		}
		shards = append(shards, s)
	}
	ordered, err := checkShardSet(shards)
	if err != nil {
		return err
	}
	if v := ordered[0].GnssimVersion; v != version {
		return fmt.Errorf("%s: written by gnssim %s, this is gnssim %s; merge with gnssim %s so that the output is the one a single run writes",
			ordered[0].path, v, version, v)
	}
	run := &ordered[0].Run
	grid, err := run.Grid.validSpec()
	if err != nil {
		return err
	}
	out, err := checkCovOutput(format, output, plotPath, quantity, grid)
	if err != nil {
		return err
	}
	var parts []*sim.CoverageMap
	for _, s := range ordered {
		if s.Shard.RowStart == s.Shard.RowEnd {
			continue // an empty shard: no rows
		}
		m, err := s.coverageMap()
		if err != nil {
			return fmt.Errorf("%s: %w", s.path, err)
		}
		parts = append(parts, m)
	}
	m, err := sim.MergeCoverage(parts...)
	if err != nil {
		return err
	}
	if m.NLat != run.Grid.Rows || m.NLon != run.Grid.Columns {
		return fmt.Errorf("merged shards hold %d × %d cells, want %d × %d", m.NLat, m.NLon, run.Grid.Rows, run.Grid.Columns)
	}
	return writeCoverage(ctx, e, run, m, out)
}

// mergeExpand expands glob patterns that name no existing file, so that
// 'merge /shards/shard-*.json' works where no shell expands it (a container
// started by Kubernetes without a shell).
func mergeExpand(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		if !strings.ContainsAny(a, "*?[") {
			out = append(out, a)
			continue
		}
		if _, err := os.Stat(a); err == nil {
			out = append(out, a)
			continue
		}
		m, err := filepath.Glob(a)
		if err != nil {
			return nil, usagef("shard pattern %q: %v", a, err)
		}
		if len(m) == 0 {
			return nil, fmt.Errorf("no shard files match %q", a)
		}
		out = append(out, m...)
	}
	return out, nil
}
