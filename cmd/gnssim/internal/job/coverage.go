package job

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/figure"
	"github.com/gnssim/gnssim/cmd/gnssim/internal/output"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/plot"
)

// Quantity is a per-cell quantity a coverage map can show.
type Quantity struct {
	Name    string // mean_pdop, availability, ...
	Label   string // colour-bar label
	percent bool
	pdop    bool
	value   func(m *sim.CoverageStats, i int) float64
}

// Quantities are the quantities of --plot-quantity.
var Quantities = []Quantity{
	{Name: "mean_pdop", Label: "mean PDOP", pdop: true, value: func(m *sim.CoverageStats, i int) float64 { return m.MeanPDOP[i] }},
	{Name: "availability", Label: "availability %", percent: true, value: func(m *sim.CoverageStats, i int) float64 { return 100 * m.Availability[i] }},
	{Name: "mean_visible", Label: "mean visible satellites", value: func(m *sim.CoverageStats, i int) float64 { return m.MeanVisible[i] }},
	{Name: "min_visible", Label: "min visible satellites", value: func(m *sim.CoverageStats, i int) float64 { return float64(m.MinVisible[i]) }},
	{Name: "max_visible", Label: "max visible satellites", value: func(m *sim.CoverageStats, i int) float64 { return float64(m.MaxVisible[i]) }},
	{Name: "max_pdop", Label: "max PDOP", pdop: true, value: func(m *sim.CoverageStats, i int) float64 { return m.MaxPDOP[i] }},
}

// QuantityNames lists the names of Quantities.
func QuantityNames() []string {
	var n []string
	for _, q := range Quantities {
		n = append(n, q.Name)
	}
	return n
}

// ParseQuantity finds a quantity by name, case-insensitively.
func ParseQuantity(s string) (Quantity, error) {
	for _, q := range Quantities {
		if q.Name == strings.ToLower(strings.TrimSpace(s)) {
			return q, nil
		}
	}
	return Quantity{}, Usagef("--plot-quantity %q: want one of %s", s, strings.Join(QuantityNames(), ", "))
}

// Shard is --shard I/N: shard I (0-based) of N.
type Shard struct{ Index, Count int }

// ParseShard parses "I/N".
func ParseShard(s string) (Shard, error) {
	i := strings.IndexByte(s, '/')
	if i < 0 {
		return Shard{}, Usagef("--shard %q: want I/N, e.g. 0/16 (I is 0-based: 0 ≤ I < N)", s)
	}
	idx, err1 := strconv.Atoi(strings.TrimSpace(s[:i]))
	n, err2 := strconv.Atoi(strings.TrimSpace(s[i+1:]))
	if err1 != nil || err2 != nil {
		return Shard{}, Usagef("--shard %q: want two integers I/N, e.g. 0/16 (is the index variable, e.g. $SLURM_ARRAY_TASK_ID, set?)", s)
	}
	if n < 1 || n > sim.MaxShards {
		return Shard{}, Usagef("--shard %q: N must be between 1 and %d", s, sim.MaxShards)
	}
	if idx < 0 || idx >= n {
		return Shard{}, Usagef("--shard %q: the index is 0-based and must be in [0, %d); with Slurm use --array=0-%d", s, n, n-1)
	}
	return Shard{idx, n}, nil
}

// Coverage is `gnssim coverage`: a map over a global or regional grid of
// the combination of the systems; with Shard, the rows of one shard into a
// shard file for Merge.
type Coverage struct {
	Inputs
	Period
	Receiver
	Grid         sim.GridSpec
	RegionArg    string // the --region text ("" for the globe)
	Format       output.Format
	Output       string // -o ("" or "-": standard output; the shard file with Shard)
	Plot         string // --plot FILE.png|.svg
	PlotQuantity Quantity
	Shard        *Shard
	Precision    output.Precision
	Force        bool
	CommandLine  []string // recorded in shard files (informational)
}

// Args is the equivalent command line, the period's start as resolved in grid.
func (j *Coverage) Args(grid orbit.EpochGrid) []string {
	a := append([]string{"coverage"}, j.Inputs.Args()...)
	a = append(a, j.Period.Args(grid)...)
	a = append(a, "--grid", output.G(j.Grid.CellDeg))
	if j.RegionArg != "" {
		a = append(a, "--region", j.RegionArg)
	}
	a = append(a, j.MaskArgs()...)
	a = append(a, j.ModelArgs(true)...)
	if j.Shard != nil {
		a = append(a, "--shard", fmt.Sprintf("%d/%d", j.Shard.Index, j.Shard.Count), "-o", j.Output)
		if j.Force {
			a = append(a, "--force")
		}
		return a
	}
	a = append(a, outputArgs(j.Format, j.Output, j.Plot, j.Precision, j.Force)...)
	if j.Plot != "" {
		a = append(a, "--plot-quantity", j.PlotQuantity.Name)
	}
	return a
}

// coverageOutputs are the checked destinations of a coverage map.
type coverageOutputs struct {
	format   output.Format
	prec     output.Precision
	out      output.Dest
	plot     *output.Dest
	plotFmt  plot.Format
	quantity Quantity
}

func checkCoverageOutputs(format output.Format, prec output.Precision, out, plotPath string, q Quantity) (*coverageOutputs, error) {
	o := &coverageOutputs{format: format, prec: prec, quantity: q}
	var err error
	if o.out, err = output.ParseDest("-o", out); err != nil {
		return nil, err
	}
	dests := []output.Dest{o.out}
	if plotPath != "" {
		if o.plotFmt, err = output.PlotFormat("--plot", plotPath); err != nil {
			return nil, Usagef("%v", err)
		}
		d, err := output.ParseDest("--plot", plotPath)
		if err != nil {
			return nil, err
		}
		o.plot = &d
		dests = append(dests, d)
	}
	if err := output.Distinct(dests...); err != nil {
		return nil, Usagef("%v", err)
	}
	return o, nil
}

// Run computes the map (or the shard) and writes it; it returns the files
// written.
func (j *Coverage) Run(ctx context.Context, env *Env) ([]string, error) {
	if err := j.Grid.Validate(); err != nil {
		return nil, Usagef("--grid/--region: %v", err)
	}
	if err := j.Period.Validate(); err != nil {
		return nil, err
	}
	var outs *coverageOutputs
	var shardDest output.Dest
	var err error
	if j.Shard != nil {
		if j.Output == "" || output.IsStdout(j.Output) {
			return nil, Usagef("--shard needs -o FILE for the shard file, e.g. -o shards/shard-%d.json", j.Shard.Index)
		}
		if shardDest, err = output.ParseDest("-o", j.Output); err != nil {
			return nil, err
		}
	} else if outs, err = checkCoverageOutputs(j.Format, j.Precision, j.Output, j.Plot, j.PlotQuantity); err != nil {
		return nil, err
	}
	ds, err := env.load(j.Inputs, j.Period.identifyAt(), false)
	if err != nil {
		return nil, err
	}
	grid, err := j.Period.Grid(ds)
	if err != nil {
		return nil, err
	}
	nLat, nLon := j.Grid.Dims()
	r0, r1 := 0, nLat
	if j.Shard != nil {
		r0, r1 = sim.ShardRows(j.Shard.Index, j.Shard.Count, nLat)
	}
	smaller := "--grid, --region, --step or --duration"
	if j.Shard == nil {
		smaller += ", or split the map with --shard"
	}
	cost := sim.CoverageCost(len(ds.Selected), (r1-r0)*nLon, grid.N, 1, sim.Exec{})
	if err := env.limits().Check(cost, j.Force, smaller); err != nil {
		return nil, err
	}
	if err := env.checkSpan(ds, grid, j.Force); err != nil {
		return nil, err
	}
	model := j.Receiver.Model(ds.Systems)
	run := output.NewProvenance(env.Version, "coverage", j.Precision).WithDataset(ds).WithPeriod(grid).WithModel(model, j.MaskFile).WithGrid(j.Grid)
	var m *sim.CoverageMap
	if r1 > r0 {
		sources, _, err := env.passes(ctx, ds, grid, j.Strict, 1)
		if err != nil {
			return nil, err
		}
		label := "coverage"
		if j.Shard != nil {
			label = fmt.Sprintf("coverage shard %d/%d", j.Shard.Index, j.Shard.Count)
		}
		prog := env.progress(label)
		m, err = sim.Coverage(ctx, sources(), grid, j.Grid, model, sim.CoverageOptions{Exec: sim.Exec{Progress: prog.Update}, RowStart: r0, RowEnd: r1})
		prog.Done()
		if err != nil {
			return nil, err
		}
	}
	if j.Shard != nil {
		run.Precision = ""
		runJSON, err := json.Marshal(run)
		if err != nil {
			return nil, err
		}
		sh, err := sim.NewCoverageShard(env.Version, j.CommandLine, runJSON, j.Grid, model, grid.N, j.Shard.Index, j.Shard.Count, m)
		if err != nil {
			return nil, err
		}
		if err := shardDest.Write(ctx, env.Stdout, func(w io.Writer) error { _, err := sh.WriteTo(w); return err }); err != nil {
			return nil, err
		}
		return []string{j.Output}, nil
	}
	return writeCoverage(ctx, env, run, m, outs)
}

// coverageColumns are the columns of a coverage map (decimals: angles 4,
// mean visible and PDOP 3, availability (a fraction 0..1) 4).
var coverageColumns = []output.Column{
	{Name: "lat_deg", Kind: output.Number, Decimals: 4}, {Name: "lon_deg", Kind: output.Number, Decimals: 4, Wrap: output.Longitude},
	{Name: "mean_visible", Kind: output.Number, Decimals: 3}, {Name: "min_visible", Kind: output.Int}, {Name: "max_visible", Kind: output.Int},
	{Name: "mean_pdop", Kind: output.Number, Decimals: 3}, {Name: "max_pdop", Kind: output.Number, Decimals: 3},
	{Name: "availability", Kind: output.Number, Decimals: 4},
}

// coverageSummary is the region summary of a map (each cell counted equally).
type coverageSummary struct {
	Cells        int               `json:"cells"`
	Epochs       int               `json:"epochs"`
	MeanVisible  output.JSONNumber `json:"mean_visible"`
	MinVisible   int               `json:"min_visible"`
	MaxVisible   int               `json:"max_visible"`
	MeanPDOP     output.JSONNumber `json:"mean_pdop"`
	P50PDOP      output.JSONNumber `json:"p50_pdop"`
	P95PDOP      output.JSONNumber `json:"p95_pdop"`
	MaxPDOP      output.JSONNumber `json:"max_pdop"`
	Availability output.JSONNumber `json:"availability"`
}

func summarize(m *sim.CoverageMap, p output.Precision) (coverageSummary, error) {
	// CompareRegion summarises the combination layer when the map has one
	// system; the layer of a multi-system map is the same arrays.
	one := *m
	one.Systems = m.Systems[:1]
	one.PerSystem = nil
	cmp, err := sim.CompareRegion(&one)
	if err != nil {
		return coverageSummary{}, err
	}
	st := cmp.Stats[len(cmp.Stats)-1]
	maxP, maxVis := math.NaN(), 0
	for i := range m.MaxVisible {
		maxVis = max(maxVis, m.MaxVisible[i])
		if v := m.MaxPDOP[i]; !math.IsNaN(v) && !(v <= maxP) {
			maxP = v
		}
	}
	return coverageSummary{Cells: len(m.MeanVisible), Epochs: m.Epochs, MeanVisible: p.JSON(st.MeanVisible, 3), MinVisible: st.MinVisible, MaxVisible: maxVis,
		MeanPDOP: p.JSON(st.MeanPDOP, 3), P50PDOP: p.JSON(st.P50PDOP, 3), P95PDOP: p.JSON(st.P95PDOP, 3), MaxPDOP: p.JSON(maxP, 3),
		Availability: p.JSON(st.Availability, 4)}, nil
}

// writeCoverage writes the table and the figure of a map (coverage and merge).
func writeCoverage(ctx context.Context, env *Env, run *output.Provenance, m *sim.CoverageMap, o *coverageOutputs) ([]string, error) {
	sum, err := summarize(m, o.prec)
	if err != nil {
		return nil, err
	}
	t := &output.Table{Columns: coverageColumns, Run: run, RowsKey: "cells", Meta: []output.KV{{Key: "summary", Value: sum}}}
	num := func(v output.JSONNumber) string {
		b, _ := v.MarshalJSON()
		if string(b) == "null" {
			return "n/a"
		}
		return string(b)
	}
	g := run.Grid
	t.Head = []string{
		fmt.Sprintf("%s coverage, %s to %s (step %s, %d epochs), %s, %s, available when PDOP ≤ %s",
			systemsTitleOf(run.Systems), run.Period.StartUTC, run.Period.EndUTC, FormatDuration(time.Duration(math.Round(run.Period.StepS.V*1e9))), run.Period.Epochs,
			maskTextOf(run.Mask), clockTextOf(run), num(*run.PDOPMax)),
		fmt.Sprintf("grid %s° cells, lat %s..%s, lon %s..%s: %d × %d cells", num(g.CellDeg), num(g.LatMinDeg), num(g.LatMaxDeg), num(g.LonMinDeg), num(g.LonMaxDeg), m.NLat, m.NLon),
		"",
	}
	foot := []string{"", fmt.Sprintf("region (%d cells, each counted equally): visible mean %s, min %d, max %d; PDOP mean %s, p50 %s, p95 %s, max %s; availability %s",
		sum.Cells, num(sum.MeanVisible), sum.MinVisible, sum.MaxVisible, num(sum.MeanPDOP), num(sum.P50PDOP), num(sum.P95PDOP), num(sum.MaxPDOP), num(sum.Availability))}
	var files written
	err = o.out.Write(ctx, env.Stdout, func(w io.Writer) error {
		tw, err := output.NewWriter(w, o.format, o.prec, t)
		if err != nil {
			return err
		}
		for i := 0; i < m.NLat; i++ {
			for jj := 0; jj < m.NLon; jj++ {
				k := i*m.NLon + jj
				tw.Num(m.LatDeg[i])
				tw.Num(m.LonDeg[jj])
				tw.Num(m.MeanVisible[k])
				tw.Int(m.MinVisible[k])
				tw.Int(m.MaxVisible[k])
				tw.Num(m.MeanPDOP[k])
				tw.Num(m.MaxPDOP[k])
				tw.Num(m.Availability[k])
				if err := tw.End(); err != nil {
					return err
				}
			}
		}
		return tw.Close(nil, foot...)
	})
	if err != nil {
		return nil, err
	}
	files.add(o.out)
	if o.plot == nil {
		return files, nil
	}
	data, opt := coveragePlot(run, m, &m.CoverageStats, o.quantity)
	if err := o.plot.Write(ctx, env.Stdout, func(w io.Writer) error { return plot.CoverageMap(w, o.plotFmt, data, opt) }); err != nil {
		return files, fmt.Errorf("--plot: %w", err)
	}
	files.add(*o.plot)
	return files, nil
}

// coveragePlot is the map of quantity q of a layer, with a title that
// states the systems, mask, clock model, weighting and period.
func coveragePlot(run *output.Provenance, m *sim.CoverageMap, l *sim.CoverageStats, q Quantity) (plot.GridData, plot.MapOptions) {
	vals := make([]float64, len(l.MeanVisible))
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := range vals {
		v := q.value(l, i)
		vals[i] = v
		if !math.IsNaN(v) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	pdopMax := sim.DefaultPDOPMax * 1.0
	if run.PDOPMax != nil {
		pdopMax = run.PDOPMax.V
	}
	opt := plot.MapOptions{Label: q.Label, Region: figure.Region(m.Grid)}
	what := q.Label
	switch {
	case q.percent:
		opt.ValueMin, opt.ValueMax = 0, 100
		opt.Label = fmt.Sprintf("availability %% (PDOP ≤ %s)", output.G(pdopMax))
		what = fmt.Sprintf("availability (PDOP ≤ %s)", output.G(pdopMax))
	case q.pdop:
		opt.ReverseColors = true
		if hi > pdopMax && lo < pdopMax {
			opt.ValueMin, opt.ValueMax = lo, pdopMax
		}
	}
	opt.Title = fmt.Sprintf("%s %s, %s, %s, %s to %s", figure.VariantTitle(l.Name), what, maskTextOf(run.Mask), clockTextOf(run), run.Period.StartUTC, run.Period.EndUTC)
	return figure.Layer(m, vals), opt
}

func systemsTitleOf(names []string) string { return figure.VariantTitle(strings.Join(names, "+")) }

// maskTextOf describes a provenance mask, e.g. "mask 10°" or "mask 5°–40°
// by azimuth".
func maskTextOf(m *output.Mask) string {
	if m == nil {
		return "mask ?"
	}
	if len(m.Azimuth) > 0 {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, p := range m.Azimuth {
			lo, hi = math.Min(lo, p[1].V), math.Max(hi, p[1].V)
		}
		if lo == hi {
			return "mask " + output.G(lo) + "° by azimuth"
		}
		return fmt.Sprintf("mask %s–%s° by azimuth", output.G(lo), output.G(hi))
	}
	if m.ElevationDeg == nil {
		return "mask ?"
	}
	return "mask " + output.G(m.ElevationDeg.V) + "°"
}

// clockTextOf is Receiver.ClockText from a run's provenance.
func clockTextOf(run *output.Provenance) string {
	c, _ := sim.ParseClockModel(run.Clock)
	w, _ := sim.ParseWeighting(run.Weighting)
	r := Receiver{Clock: c, Weighting: w}
	if run.ISBSigmaNS != nil {
		r.ISBPrior, r.ISBSigmaNS = true, run.ISBSigmaNS.V
	}
	return r.ClockText()
}

// Merge is `gnssim merge`: coverage shards into the output of a single run.
type Merge struct {
	Shards       []string // files (or patterns expanded by merge itself)
	Format       output.Format
	Output       string
	Plot         string
	PlotQuantity Quantity
	Precision    output.Precision
}

// Run reads, checks and merges the shards and writes the map.
func (j *Merge) Run(ctx context.Context, env *Env) ([]string, error) {
	outs, err := checkCoverageOutputs(j.Format, j.Precision, j.Output, j.Plot, j.PlotQuantity)
	if err != nil {
		return nil, err
	}
	if len(j.Shards) == 0 {
		return nil, Usagef("no shard files given; e.g. gnssim merge shards/shard-*.json -o coverage.csv")
	}
	paths, err := expandShards(j.Shards)
	if err != nil {
		return nil, err
	}
	if integ, err := integrityShards(paths); err != nil || integ { // gnssim integrity --shard (integrity.go)
		if err != nil {
			return nil, err
		}
		return j.mergeIntegrity(ctx, env, paths, outs)
	}
	var shards []*sim.CoverageShard
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		f, err := os.Open(p)
		if err != nil {
			return nil, fmt.Errorf("read shard: %w", err)
		}
		s, err := sim.ReadCoverageShard(p, f)
		f.Close()
		if err != nil {
			return nil, err
		}
		shards = append(shards, s)
	}
	m, err := sim.MergeShards(shards)
	if err != nil {
		return nil, describeShardError(err)
	}
	ref := shards[0]
	if ref.Version != env.Version {
		return nil, fmt.Errorf("%s: written by gnssim %s, this is gnssim %s; merge with gnssim %s so that the output is the one a single run writes",
			ref.Name(), ref.Version, env.Version, ref.Version)
	}
	run := &output.Provenance{}
	if err := json.Unmarshal(ref.Run, run); err != nil || run.Period == nil || run.Grid == nil || run.Mask == nil || run.PDOPMax == nil {
		return nil, fmt.Errorf("%s: damaged shard: its run object is not a coverage run", ref.Name())
	}
	return writeCoverage(ctx, env, run, m, outs)
}

// shardFieldNames name the fields of a shard mismatch for the user.
var shardFieldNames = map[string]string{
	"gnssim_version":                    "gnssim version",
	"run.inputs.kind":                   "kind of inputs (--tle, --nav or --sp3)",
	"run.inputs.sources":                "element-set sources (--tle)",
	"run.inputs.sha256":                 "element-set digest (sha256 of the --tle inputs)",
	"run.inputs.satellites":             "satellites simulated per system",
	"run.inputs.include_nonoperational": "--include-nonoperational",
	"run.systems":                       "systems (--systems)",
	"run.period.start_utc":              "period start (--start)",
	"run.period.end_utc":                "period end (--start/--duration)",
	"run.period.step_s":                 "period step (--step)",
	"run.period.epochs":                 "number of epochs (--duration/--step)",
	"run.mask.elevation_deg":            "mask (--mask/--mask-file)",
	"run.mask.azimuth_elevation_deg":    "mask (--mask/--mask-file)",
	"run.mask.file":                     "mask file (--mask-file)",
	"run.clock":                         "clock model (--clock)",
	"run.weighting":                     "weighting (--weighting)",
	"run.pdop_max":                      "availability threshold (--pdop-max)",
	"run.grid.cell_deg":                 "grid cell size (--grid)",
	"run.grid.lat_min_deg":              "grid region (--region)",
	"run.grid.lat_max_deg":              "grid region (--region)",
	"run.grid.lon_min_deg":              "grid region (--region)",
	"run.grid.lon_max_deg":              "grid region (--region)",
	"run.grid.rows":                     "grid rows (--grid/--region)",
	"run.grid.columns":                  "grid columns (--grid/--region)",
	"shard.count":                       "shard count N of --shard I/N",
}

// describeShardError names the field of a shard mismatch as the user knows it.
func describeShardError(err error) error {
	var me *sim.ShardMismatchError
	if !asShardMismatch(err, &me) {
		return err
	}
	short := func(s string) string {
		if len(s) > 80 {
			return s[:77] + "..."
		}
		return s
	}
	name, ok := shardFieldNames[me.Path]
	if !ok {
		for _, p := range shardFieldPrefixes {
			if rest, found := strings.CutPrefix(me.Path, p.prefix); found {
				if rest == "" {
					name, ok = p.name, true
					break
				}
				return fmt.Errorf("%s does not belong with %s: %s differs (%s %s, not %s)", me.File, me.Other, p.name, strings.TrimPrefix(rest, "."), short(me.Value), short(me.OtherValue))
			}
		}
		if !ok {
			name = me.Path
		}
	}
	return fmt.Errorf("%s does not belong with %s: %s %s, not %s", me.File, me.Other, name, short(me.Value), short(me.OtherValue))
}

// shardFieldPrefixes name the groups of shard fields (integrity maps'
// parameters) by the flag that sets them, most specific first.
var shardFieldPrefixes = []struct{ prefix, name string }{
	{"run.parameters.integrity.service", "service (--service)"},
	{"run.parameters.integrity.rule", "fault-mode rule (--rule)"},
	{"run.parameters.integrity.clock", "clock model (--clock/--isb-sigma)"},
	{"run.parameters.integrity.systems", "integrity support message or user model (--ism)"},
	{"run.parameters.integrity.availability_threshold_pct", "availability threshold (--availability-threshold)"},
	{"run.parameters.integrity", "integrity parameters"},
	{"run.isb_sigma_ns", "inter-system-bias prior (--isb-sigma)"},
	{"run.assumptions", "stated assumptions (--ism, --service)"},
}

// expandShards expands glob patterns that name no existing file, so that
// 'merge /shards/shard-*.json' works where no shell expands it (a container
// started by Kubernetes without a shell).
func expandShards(args []string) ([]string, error) {
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
			return nil, Usagef("shard pattern %q: %v", a, err)
		}
		if len(m) == 0 {
			return nil, fmt.Errorf("no shard files match %q", a)
		}
		out = append(out, m...)
	}
	return out, nil
}

func asShardMismatch(err error, target **sim.ShardMismatchError) bool { return errors.As(err, target) }
