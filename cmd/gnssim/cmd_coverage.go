package main

import (
	"bufio"
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

	"github.com/gnssim/gnssim/cmd/gnssim/internal/atomicfile"
	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/plot"
)

const covDescription = `Coverage map: for every cell of a latitude/longitude grid (cell centres on the
WGS-84 ellipsoid, height 0) and every epoch of the period, the satellites of the
selected systems visible above the mask and the PDOP of their combination; per
cell, the mean/min/max visible count, the mean and max PDOP (over the epochs
where it is available) and the availability (fraction of all epochs with PDOP
available and ≤ --pdop-max).

Grid: --grid DEG must divide 180; cell centres run from -90+DEG/2 to 90-DEG/2 in
latitude and -180+DEG/2 to 180-DEG/2 in longitude. --region LATMIN,LATMAX,LONMIN,LONMAX
keeps the cells inside a box whose edges lie on the global grid lines (-90 + k·DEG,
-180 + k·DEG); LONMAX may exceed 180 (up to 360) for a box across the antimeridian.

Output (stdout or -o FILE, written atomically): one row per cell, lat ascending
then lon ascending. CSV columns
  lat_deg,lon_deg,mean_visible,min_visible,max_visible,mean_pdop,max_pdop,availability
with angles to 4 decimals, mean visible and PDOP to 3, availability (a fraction
0..1) to 4, and NaN for a PDOP never available. --format json writes one
document: the run's provenance and parameters ("run"), a region summary (each
cell counted equally; p50/p95 PDOP from a histogram, 0.01 wide below 100: the
upper edge of the bin holding the nearest rank) and the cells, with null for an
unavailable PDOP. --format table
is the same, aligned, for people.

--plot FILE.png|.svg draws a map of --plot-quantity with the coastlines. The
default is mean_pdop: for combined constellations the availability is often
100% almost everywhere, while the mean PDOP still shows where the geometry is
good (bright) or poor (dark); PDOPs above --pdop-max take the end colour.

Sharding (for a cluster scheduler): --shard I/N computes the rows of shard I
(0-based: 0 ≤ I < N, like Kubernetes' JOB_COMPLETION_INDEX, or Slurm's
SLURM_ARRAY_TASK_ID with --array=0-(N-1)) — grid rows split into N contiguous
blocks, south to north, some empty when N exceeds the rows — into the
self-describing JSON shard file -o FILE (required). 'gnssim merge' joins the N
files into exactly the bytes one run writes. See examples/cluster/.

Limits: before any work, the memory (cells × 96 B + satellites × epochs × 25 B)
and the work (cells × epochs) of this process are estimated; above 4 GiB or
5e10 cell-epochs the run is refused (exit 2) unless --force.`

const covExample = `gnssim coverage --grid 10 --duration 6h --step 10m -o coverage.csv --plot coverage.png
gnssim coverage --grid 10 --duration 6h --step 10m --shard 0/2 -o shard-0.json
gnssim coverage --grid 10 --duration 6h --step 10m --shard 1/2 -o shard-1.json`

// covOptions are the flags of gnssim coverage.
type covOptions struct {
	in           inputOptions
	tm           timeOptions
	mask         maskOptions
	gridDeg      float64
	region       string
	pdopMax      float64
	clock        string
	weighting    string
	format       string
	output       string
	plot         string
	plotQuantity string
	shard        string
	force        bool
}

func covFlags(o *covOptions) *flagSet {
	fs := newFlagSet("coverage", "gnssim coverage [flags]", covDescription, covExample)
	o.in.register(fs)
	o.tm.register(fs, "24h", "60s")
	o.mask.register(fs)
	fs.Float64Var(&o.gridDeg, "grid", 2, "cell size, degrees (must divide 180)")
	fs.StringVar(&o.region, "region", "", "LATMIN,LATMAX,LONMIN,LONMAX in degrees east, on the grid lines (default: the whole globe)")
	fs.Float64Var(&o.pdopMax, "pdop-max", sim.DefaultPDOPMax, "availability threshold: an epoch is available when PDOP ≤ this")
	fs.StringVar(&o.clock, "clock", "per-system", "receiver clock model of the combination: per-system (inter-system biases unknown) or common")
	fs.StringVar(&o.weighting, "weighting", "none", "observation weighting of the DOP: none or elevation (sin² el)")
	fs.StringVar(&o.format, "format", "csv", "output format: csv, json or table")
	fs.StringVarP(&o.output, "output", "o", "", "write the output to FILE (atomically) instead of stdout; required with --shard")
	fs.StringVar(&o.plot, "plot", "", "also draw the map into FILE.png or FILE.svg")
	fs.StringVar(&o.plotQuantity, "plot-quantity", "mean_pdop", "quantity mapped by --plot: "+strings.Join(covQuantityNames(), ", "))
	fs.StringVar(&o.shard, "shard", "", "compute only shard I/N of the grid rows (I 0-based) into the shard file -o FILE, for 'gnssim merge'")
	fs.BoolVar(&o.force, "force", false, "run even above the memory and work limits")
	return fs
}

// covRun is what produced a coverage map: provenance and every parameter.
// It is written in the JSON output and in shard files ("run").
type covRun struct {
	Elements              covElements `json:"element_sets"`
	Systems               []string    `json:"systems"`
	IncludeNonOperational bool        `json:"include_nonoperational"`
	Period                covPeriod   `json:"period"`
	Mask                  covMask     `json:"mask"`
	Clock                 string      `json:"clock"`
	Weighting             string      `json:"weighting"`
	PDOPMax               float64     `json:"pdop_max"`
	Grid                  covGrid     `json:"grid"`
}

// covElements identifies the element sets.
type covElements struct {
	SHA256     string   `json:"sha256"`     // dataset.digest: sha256 over every source's name and bytes
	Sources    []string `json:"sources"`    // --tle arguments, or the built-in files
	Satellites int      `json:"satellites"` // satellites simulated
}

// covPeriod is the epoch grid.
type covPeriod struct {
	Start  string `json:"start"` // RFC 3339 UTC
	End    string `json:"end"`   // last epoch, RFC 3339 UTC
	Step   string `json:"step"`  // Go duration, e.g. "1m0s"
	Epochs int    `json:"epochs"`
}

// covMask is the elevation mask: a constant or an azimuth table (degrees).
type covMask struct {
	ElevationDeg *float64     `json:"elevation_deg,omitempty"`
	AzimuthTable [][2]float64 `json:"azimuth_elevation_deg,omitempty"`
}

// covGrid is the grid: cell size, edges (degrees) and dimensions.
type covGrid struct {
	CellDeg   float64 `json:"cell_deg"`
	LatMinDeg float64 `json:"lat_min_deg"`
	LatMaxDeg float64 `json:"lat_max_deg"`
	LonMinDeg float64 `json:"lon_min_deg"`
	LonMaxDeg float64 `json:"lon_max_deg"`
	Rows      int     `json:"rows"`
	Columns   int     `json:"columns"`
}

func (g covGrid) spec() sim.GridSpec {
	return sim.GridSpec{CellDeg: g.CellDeg, LatMinDeg: g.LatMinDeg, LatMaxDeg: g.LatMaxDeg, LonMinDeg: g.LonMinDeg, LonMaxDeg: g.LonMaxDeg}
}

func (g covGrid) validSpec() (sim.GridSpec, error) {
	s := g.spec()
	return s, s.Validate()
}

func newCovGrid(s sim.GridSpec) covGrid {
	r, c := s.Dims()
	return covGrid{CellDeg: s.CellDeg, LatMinDeg: s.LatMinDeg, LatMaxDeg: s.LatMaxDeg, LonMinDeg: s.LonMinDeg, LonMaxDeg: s.LonMaxDeg, Rows: r, Columns: c}
}

func newCovMask(m sim.Mask) covMask {
	if len(m.Azimuth) == 0 {
		v := m.ElevationDeg
		return covMask{ElevationDeg: &v}
	}
	t := make([][2]float64, len(m.Azimuth))
	for i, p := range m.Azimuth {
		t[i] = [2]float64{p.AzDeg, p.ElDeg}
	}
	return covMask{AzimuthTable: t}
}

func (m covMask) mask() sim.Mask {
	if len(m.AzimuthTable) == 0 {
		if m.ElevationDeg == nil {
			return sim.Mask{ElevationDeg: math.NaN()} // invalid: check reports it
		}
		return sim.Mask{ElevationDeg: *m.ElevationDeg}
	}
	var s sim.Mask
	for _, p := range m.AzimuthTable {
		s.Azimuth = append(s.Azimuth, sim.MaskPoint{AzDeg: p[0], ElDeg: p[1]})
	}
	return s
}

// simOptions returns the systems, clock and weighting of r.
func (r *covRun) simOptions() ([]ephemeris.System, sim.ClockModel, sim.Weighting, error) {
	var systems []ephemeris.System
	for _, s := range r.Systems {
		sys, err := ephemeris.ParseSystem(s)
		if err != nil {
			return nil, 0, 0, err
		}
		systems = append(systems, sys)
	}
	if len(systems) == 0 {
		return nil, 0, 0, errors.New("no systems")
	}
	clock, err := sim.ParseClockModel(r.Clock)
	if err != nil {
		return nil, 0, 0, err
	}
	w, err := sim.ParseWeighting(r.Weighting)
	if err != nil {
		return nil, 0, 0, err
	}
	return systems, clock, w, nil
}

// period returns the start time and step of r.
func (r *covRun) period() (time.Time, time.Duration, error) {
	t, err := time.Parse(time.RFC3339Nano, r.Period.Start)
	if err != nil {
		return t, 0, fmt.Errorf("period start %q: %v", r.Period.Start, err)
	}
	d, err := time.ParseDuration(r.Period.Step)
	if err != nil || d <= 0 {
		return t, 0, fmt.Errorf("period step %q invalid", r.Period.Step)
	}
	return t.UTC(), d, nil
}

// check verifies a decoded covRun (from a shard file).
func (r *covRun) check() error {
	if _, _, _, err := r.simOptions(); err != nil {
		return err
	}
	if _, _, err := r.period(); err != nil {
		return err
	}
	if r.Period.Epochs < 1 || r.Period.Epochs > maxEpochs {
		return fmt.Errorf("period of %d epochs", r.Period.Epochs)
	}
	if err := r.Mask.mask().Validate(); err != nil {
		return err
	}
	if !(r.PDOPMax > 0) || math.IsInf(r.PDOPMax, 0) {
		return fmt.Errorf("pdop_max %g", r.PDOPMax)
	}
	if r.Elements.SHA256 == "" || r.Elements.Satellites < 1 {
		return errors.New("no element-set digest or satellites")
	}
	return nil
}

// Memory and work limits, checked before any work unless --force. Variables
// so that tests can lower them.
var (
	covMaxBytes      int64 = 4 << 30 // bytes
	covMaxCellEpochs       = 5e10    // cells × epochs
)

// Memory model of a coverage run (see sim.Coverage and orbit.NewBatch).
const (
	// covBytesPerCell: per cell, sim's accumulators (int64 sum, two int32
	// extremes, two float64 PDOP sums, two int32 counts: 40 B) and the
	// result (seven 8-byte values: 56 B).
	covBytesPerCell = 96
	// covBytesPerSatEpoch: x, y, z float64 and a status byte (orbit.Batch).
	covBytesPerSatEpoch = 25
	// covBytesPerEpoch: the per-epoch Earth rotation of the propagator.
	covBytesPerEpoch = 128
)

// covCheckLimits refuses a run above covMaxBytes or covMaxCellEpochs.
func covCheckLimits(cells, sats, epochs int, sharded bool) error {
	cellBytes := float64(cells) * covBytesPerCell
	posBytes := float64(sats)*float64(epochs)*covBytesPerSatEpoch + float64(epochs)*covBytesPerEpoch
	mem := cellBytes + posBytes
	work := float64(cells) * float64(epochs)
	var flags []string
	if mem > float64(covMaxBytes) {
		if cellBytes >= posBytes {
			flags = append(flags, "--grid", "--region")
			if !sharded {
				flags = append(flags, "--shard")
			}
		} else {
			flags = append(flags, "--step", "--duration")
		}
	}
	if work > covMaxCellEpochs {
		flags = append(flags, "--grid", "--region", "--step", "--duration")
		if !sharded {
			flags = append(flags, "--shard")
		}
	}
	if len(flags) == 0 {
		return nil
	}
	seen := map[string]bool{}
	var uniq []string
	for _, f := range flags {
		if !seen[f] {
			seen[f] = true
			uniq = append(uniq, f)
		}
	}
	return usagef("this run would need about %s of memory (%d cells, %d satellites × %d epochs) and %.3g cell-epochs of work; the limits are %s and %.3g\n"+
		"to make it smaller change %s (or add --force to run anyway)",
		fmtBytes(mem), cells, sats, epochs, work, fmtBytes(float64(covMaxBytes)), covMaxCellEpochs, strings.Join(uniq, ", "))
}

func fmtBytes(b float64) string {
	switch {
	case b >= 1<<30:
		return fmt.Sprintf("%.1f GiB", b/(1<<30))
	case b >= 1<<20:
		return fmt.Sprintf("%.1f MiB", b/(1<<20))
	}
	return fmt.Sprintf("%.0f KiB", math.Ceil(b/(1<<10)))
}

// covGridSpec builds the grid from --grid and --region.
func covGridSpec(cellDeg float64, region string) (sim.GridSpec, error) {
	if math.IsNaN(cellDeg) || math.IsInf(cellDeg, 0) || cellDeg <= 0 || cellDeg > 180 {
		return sim.GridSpec{}, usagef("--grid %g: want a cell size in degrees in (0, 180] that divides 180, e.g. 0.25, 1, 2, 5", cellDeg)
	}
	if q := 180 / cellDeg; q > 1e6 {
		return sim.GridSpec{}, usagef("--grid %g: too fine (more than a million rows); a 0.01° grid is already 1 km", cellDeg)
	} else if math.Abs(q-math.Round(q)) > 1e-9*q {
		return sim.GridSpec{}, usagef("--grid %g: the cell size must divide 180° (e.g. 0.25, 0.5, 1, 1.5, 2, 2.5, 3, 5, 6, 10)", cellDeg)
	}
	g := sim.GlobalGrid(cellDeg)
	if region != "" {
		parts := strings.Split(region, ",")
		if len(parts) != 4 {
			return g, usagef("--region %q: want LATMIN,LATMAX,LONMIN,LONMAX in degrees, e.g. 20,60,70,140", region)
		}
		var v [4]float64
		for i, p := range parts {
			x, err := parseFloatStrict(p)
			if err != nil {
				return g, usagef("--region %q: %q is not a number", region, strings.TrimSpace(p))
			}
			v[i] = x
		}
		names := [4]string{"LATMIN", "LATMAX", "LONMIN", "LONMAX"}
		for i, x := range v {
			off := 90.0
			if i >= 2 {
				off = 180
			}
			q := (x + off) / cellDeg
			if r := math.Round(q); math.Abs(q-r) > 1e-9*math.Max(1, math.Abs(q)) {
				lo := -off + math.Floor(q)*cellDeg
				return g, usagef("--region: %s %g is not on the %g° grid lines (-%g° + k·%g°); use %g or %g, or change --grid",
					names[i], x, cellDeg, off, cellDeg, lo, lo+cellDeg)
			}
		}
		g.LatMinDeg, g.LatMaxDeg, g.LonMinDeg, g.LonMaxDeg = v[0], v[1], v[2], v[3]
	}
	if err := g.Validate(); err != nil {
		return g, usagef("--region %q: %v", region, strings.TrimPrefix(err.Error(), "grid: "))
	}
	return g, nil
}

// covQuantity is a mapped quantity of --plot-quantity.
type covQuantity struct {
	name, label string
	value       func(m *sim.CoverageMap, i int) float64
	pdop        bool // a PDOP: reversed colours, scale capped at --pdop-max
	percent     bool // availability, shown in percent on a fixed 0..100 scale
}

var covQuantities = []covQuantity{
	{name: "mean_pdop", label: "mean PDOP", pdop: true, value: func(m *sim.CoverageMap, i int) float64 { return m.MeanPDOP[i] }},
	{name: "availability", label: "availability %", percent: true, value: func(m *sim.CoverageMap, i int) float64 { return 100 * m.Availability[i] }},
	{name: "mean_visible", label: "mean visible satellites", value: func(m *sim.CoverageMap, i int) float64 { return m.MeanVisible[i] }},
	{name: "min_visible", label: "min visible satellites", value: func(m *sim.CoverageMap, i int) float64 { return float64(m.MinVisible[i]) }},
	{name: "max_visible", label: "max visible satellites", value: func(m *sim.CoverageMap, i int) float64 { return float64(m.MaxVisible[i]) }},
	{name: "max_pdop", label: "max PDOP", pdop: true, value: func(m *sim.CoverageMap, i int) float64 { return m.MaxPDOP[i] }},
}

func covQuantityNames() []string {
	var n []string
	for _, q := range covQuantities {
		n = append(n, q.name)
	}
	return n
}

func covQuantityByName(s string) (covQuantity, bool) {
	for _, q := range covQuantities {
		if q.name == strings.ToLower(strings.TrimSpace(s)) {
			return q, true
		}
	}
	return covQuantity{}, false
}

// covOutput is how a coverage map is written (shared with merge).
type covOutput struct {
	format       string // csv, json, table
	output       string // file, or "" for stdout
	plot         string // figure file, or ""
	plotQuantity covQuantity
}

// checkCovOutput validates --format, --plot and --plot-quantity against the grid.
func checkCovOutput(format, output, plotPath, quantity string, grid sim.GridSpec) (covOutput, error) {
	o := covOutput{format: strings.ToLower(strings.TrimSpace(format)), output: output, plot: plotPath}
	switch o.format {
	case "csv", "json", "table":
	default:
		return o, usagef("--format %q: want csv, json or table", format)
	}
	q, ok := covQuantityByName(quantity)
	if !ok {
		return o, usagef("--plot-quantity %q: want one of %s", quantity, strings.Join(covQuantityNames(), ", "))
	}
	o.plotQuantity = q
	if plotPath != "" {
		if _, err := plot.FormatFromPath(plotPath); err != nil {
			return o, usagef("--plot: %v", err)
		}
		if grid.LonMaxDeg > 180 {
			return o, usagef("--plot: the map cannot show a region across the antimeridian (LONMAX %g > 180); plot it as two regions", grid.LonMaxDeg)
		}
		if err := covCheckDir(plotPath); err != nil {
			return o, err
		}
	}
	if output != "" {
		if err := covCheckDir(output); err != nil {
			return o, err
		}
	}
	return o, nil
}

// covCheckDir fails early when the folder of an output file does not exist,
// so that a typo does not cost the whole run.
func covCheckDir(path string) error {
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("output %s: folder %s: %w", path, dir, errors.Unwrap(err))
	}
	if !st.IsDir() {
		return fmt.Errorf("output %s: %s is not a folder", path, dir)
	}
	return nil
}

func runCoverage(ctx context.Context, e *env, args []string) error {
	var o covOptions
	fs := covFlags(&o)
	if err := fs.parse(e, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q (coverage takes only flags)", fs.Arg(0))
	}
	grid, err := covGridSpec(o.gridDeg, o.region)
	if err != nil {
		return err
	}
	clock, err := sim.ParseClockModel(o.clock)
	if err != nil {
		return usagef("--clock: %v", err)
	}
	weighting, err := sim.ParseWeighting(o.weighting)
	if err != nil {
		return usagef("--weighting: %v", err)
	}
	if math.IsNaN(o.pdopMax) || math.IsInf(o.pdopMax, 0) || o.pdopMax <= 0 {
		return usagef("--pdop-max %g: want a positive number, e.g. 6", o.pdopMax)
	}
	var shard *shardSpec
	if o.shard != "" {
		sh, err := parseShardSpec(o.shard)
		if err != nil {
			return usagef("%v", err)
		}
		shard = &sh
		if o.output == "" {
			return usagef("--shard needs -o FILE for the shard file, e.g. -o shards/shard-%d.json", sh.index)
		}
		for _, f := range []string{"format", "plot", "plot-quantity"} {
			if fs.Changed(f) {
				return usagef("--%s does not apply to a shard; give it to 'gnssim merge', which writes the final output", f)
			}
		}
	}
	out, err := checkCovOutput(o.format, o.output, o.plot, o.plotQuantity, grid)
	if err != nil {
		return err
	}
	mask, err := o.mask.mask()
	if err != nil {
		return err
	}
	var at time.Time
	if o.tm.start != "" {
		if at, err = parseTimeUTC(o.tm.start); err != nil {
			return usagef("--start: %v", err)
		}
	}
	ds, err := loadDataset(e, &o.in, at)
	if err != nil {
		return err
	}
	period, err := o.tm.grid(ds.Newest)
	if err != nil {
		return err
	}
	nLat, nLon := grid.Dims()
	r0, r1 := 0, nLat
	if shard != nil {
		r0, r1 = shardRows(shard.index, shard.count, nLat)
	}
	if !o.force {
		if err := covCheckLimits((r1-r0)*nLon, len(ds.Selected), period.N, shard != nil); err != nil {
			return err
		}
	}
	end := period.Time(period.N - 1)
	warnStale(e, ds, period.Start, end)
	run := &covRun{
		Elements:              covElements{SHA256: ds.Digest, Sources: ds.Sources, Satellites: len(ds.Selected)},
		IncludeNonOperational: o.in.includeNonOp,
		Period:                covPeriod{Start: formatTimeUTC(period.Start), End: formatTimeUTC(end), Step: period.Step.String(), Epochs: period.N},
		Mask:                  newCovMask(mask),
		Clock:                 clock.String(),
		Weighting:             weighting.String(),
		PDOPMax:               o.pdopMax,
		Grid:                  newCovGrid(grid),
	}
	for _, s := range ds.Systems {
		run.Systems = append(run.Systems, s.String())
	}

	var m *sim.CoverageMap
	if r1 > r0 {
		eph, err := propagate(ctx, e, ds, period, o.in.strict)
		if err != nil {
			return err
		}
		opt := sim.Model{Systems: ds.Systems, Mask: mask, Clock: clock, Weighting: weighting, PDOPMax: o.pdopMax}
		label := "coverage"
		if shard != nil {
			label = fmt.Sprintf("coverage shard %d/%d", shard.index, shard.count)
		}
		p := newProgress(e, label)
		if shard != nil {
			m, err = sim.Coverage(ctx, eph, eph.Grid, grid, opt, sim.CoverageOptions{Exec: sim.Exec{Progress: p.Update}, RowStart: r0, RowEnd: r1})
		} else {
			m, err = sim.Coverage(ctx, eph, eph.Grid, grid, opt, sim.CoverageOptions{Exec: sim.Exec{Progress: p.Update}})
		}
		p.Done()
		if err != nil {
			return err
		}
	}
	if shard != nil {
		sf := newShardFile(run, *shard, r0, r1, args, m)
		return atomicfile.Write(ctx, o.output, sf.write)
	}
	return writeCoverage(ctx, e, run, m, out)
}

// writeCoverage writes the table (stdout or file) and the plot of m.
func writeCoverage(ctx context.Context, e *env, run *covRun, m *sim.CoverageMap, out covOutput) error {
	fill := func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 1<<16)
		var err error
		switch out.format {
		case "json":
			err = covWriteJSON(bw, run, m)
		case "table":
			err = covWriteTable(bw, run, m)
		default:
			err = covWriteCSV(bw, m)
		}
		if err != nil {
			return err
		}
		return bw.Flush()
	}
	if out.output == "" {
		if err := fill(e.stdout); err != nil {
			return err
		}
	} else if err := atomicfile.Write(ctx, out.output, fill); err != nil {
		return err
	}
	if out.plot == "" {
		return nil
	}
	f, err := plot.FormatFromPath(out.plot)
	if err != nil {
		return usagef("--plot: %v", err)
	}
	data, opt := covPlotData(run, m, out.plotQuantity)
	return atomicfile.Write(ctx, out.plot, func(w io.Writer) error {
		if err := plot.CoverageMap(w, f, data, opt); err != nil {
			return fmt.Errorf("--plot %s: %w", out.plot, err)
		}
		return nil
	})
}

// covPlotData is the map of quantity q.
func covPlotData(run *covRun, m *sim.CoverageMap, q covQuantity) (plot.GridData, plot.MapOptions) {
	vals := make([]float64, len(m.MeanVisible))
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := range vals {
		v := q.value(m, i)
		vals[i] = v
		if !math.IsNaN(v) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	data := plot.GridData{NLat: m.NLat, NLon: m.NLon, LatDeg: m.LatDeg, LonDeg: m.LonDeg, Values: vals}
	opt := plot.MapOptions{Label: q.label}
	switch {
	case q.percent:
		opt.ValueMin, opt.ValueMax = 0, 100
		opt.Label = fmt.Sprintf("availability %% (PDOP ≤ %s)", covG(run.PDOPMax))
	case q.pdop:
		opt.ReverseColors = true
		if hi > run.PDOPMax && lo < run.PDOPMax {
			opt.ValueMin, opt.ValueMax = lo, run.PDOPMax
		}
	}
	mask := "mask " + covMaskText(run.Mask)
	opt.Title = fmt.Sprintf("%s %s, %s, %s to %s", covSystemsTitle(run.Systems), q.label, mask, run.Period.Start, run.Period.End)
	if q.percent {
		opt.Title = fmt.Sprintf("%s availability (PDOP ≤ %s), %s, %s to %s", covSystemsTitle(run.Systems), covG(run.PDOPMax), mask, run.Period.Start, run.Period.End)
	}
	return data, opt
}

func covSystemsTitle(names []string) string {
	var t []string
	for _, n := range names {
		if s, err := ephemeris.ParseSystem(n); err == nil {
			t = append(t, s.Title())
		} else {
			t = append(t, n)
		}
	}
	return strings.Join(t, "+")
}

func covMaskText(m covMask) string {
	if len(m.AzimuthTable) > 0 {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, p := range m.AzimuthTable {
			lo, hi = math.Min(lo, p[1]), math.Max(hi, p[1])
		}
		return fmt.Sprintf("%s–%s° by azimuth", covG(lo), covG(hi))
	}
	if m.ElevationDeg == nil {
		return "?"
	}
	return covG(*m.ElevationDeg) + "°"
}

// covG formats a parameter with the shortest exact representation.
func covG(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// Fixed precisions of the tables.
const (
	covPrecAngle = 4 // lat_deg, lon_deg: degrees
	covPrecMean  = 3 // mean_visible
	covPrecPDOP  = 3 // mean_pdop, max_pdop
	covPrecAvail = 4 // availability, a fraction 0..1
)

// covNum appends v with prec decimals, or nan for NaN.
func covNum(b []byte, v float64, prec int, nan string) []byte {
	if math.IsNaN(v) {
		return append(b, nan...)
	}
	return strconv.AppendFloat(b, v, 'f', prec, 64)
}

const covCSVHeader = "lat_deg,lon_deg,mean_visible,min_visible,max_visible,mean_pdop,max_pdop,availability\n"

func covWriteCSV(w *bufio.Writer, m *sim.CoverageMap) error {
	w.WriteString(covCSVHeader)
	b := make([]byte, 0, 128)
	for i := 0; i < m.NLat; i++ {
		for j := 0; j < m.NLon; j++ {
			k := i*m.NLon + j
			b = covNum(b[:0], m.LatDeg[i], covPrecAngle, "")
			b = append(b, ',')
			b = covNum(b, m.LonDeg[j], covPrecAngle, "")
			b = append(b, ',')
			b = covNum(b, m.MeanVisible[k], covPrecMean, "NaN")
			b = append(b, ',')
			b = strconv.AppendInt(b, int64(m.MinVisible[k]), 10)
			b = append(b, ',')
			b = strconv.AppendInt(b, int64(m.MaxVisible[k]), 10)
			b = append(b, ',')
			b = covNum(b, m.MeanPDOP[k], covPrecPDOP, "NaN")
			b = append(b, ',')
			b = covNum(b, m.MaxPDOP[k], covPrecPDOP, "NaN")
			b = append(b, ',')
			b = covNum(b, m.Availability[k], covPrecAvail, "NaN")
			b = append(b, '\n')
			if _, err := w.Write(b); err != nil {
				return err
			}
		}
	}
	return nil
}

// covSummary is the region summary of a map (each cell counts equally).
type covSummary struct {
	cells, epochs          int
	meanVis                float64
	minVis, maxVis         int
	meanP, p50, p95, maxP  float64
	availability           float64
	pdopEpochs, cellEpochs int
}

func covSummarize(m *sim.CoverageMap) (covSummary, error) {
	// CompareRegion summarises the combination layer when the map has one
	// system; the layer of a multi-system map is the same arrays.
	one := *m
	one.Systems = m.Systems[:1]
	one.PerSystem = nil
	cmp, err := sim.CompareRegion(&one)
	if err != nil {
		return covSummary{}, err
	}
	st := cmp.Stats[len(cmp.Stats)-1]
	s := covSummary{cells: len(m.MeanVisible), epochs: m.Epochs, meanVis: st.MeanVisible, minVis: st.MinVisible,
		meanP: st.MeanPDOP, p50: st.P50PDOP, p95: st.P95PDOP, availability: st.Availability,
		pdopEpochs: st.PDOPEpochs, cellEpochs: st.Epochs, maxP: math.NaN()}
	for i := range m.MaxVisible {
		s.maxVis = max(s.maxVis, m.MaxVisible[i])
		if p := m.MaxPDOP[i]; !math.IsNaN(p) && !(p <= s.maxP) {
			s.maxP = p
		}
	}
	return s, nil
}

// covJSONNum is a fixed-precision JSON number (null for NaN).
func covJSONNum(v float64, prec int) json.RawMessage {
	return json.RawMessage(covNum(nil, v, prec, "null"))
}

func covWriteJSON(w *bufio.Writer, run *covRun, m *sim.CoverageMap) error {
	sum, err := covSummarize(m)
	if err != nil {
		return err
	}
	runJSON, err := json.MarshalIndent(run, "  ", "  ")
	if err != nil {
		return err
	}
	type kv struct {
		k string
		v any
	}
	summary := []kv{
		{"cells", sum.cells}, {"epochs", sum.epochs},
		{"mean_visible", covJSONNum(sum.meanVis, covPrecMean)}, {"min_visible", sum.minVis}, {"max_visible", sum.maxVis},
		{"mean_pdop", covJSONNum(sum.meanP, covPrecPDOP)}, {"p50_pdop", covJSONNum(sum.p50, covPrecPDOP)},
		{"p95_pdop", covJSONNum(sum.p95, covPrecPDOP)}, {"max_pdop", covJSONNum(sum.maxP, covPrecPDOP)},
		{"availability", covJSONNum(sum.availability, covPrecAvail)},
	}
	fmt.Fprintf(w, "{\n  \"gnssim_version\": %q,\n  \"run\": %s,\n  \"summary\": {", version, runJSON)
	for i, f := range summary {
		b, err := json.Marshal(f.v)
		if err != nil {
			return err
		}
		if i > 0 {
			w.WriteByte(',')
		}
		fmt.Fprintf(w, "\n    %q: %s", f.k, b)
	}
	w.WriteString("\n  },\n  \"cells\": [")
	b := make([]byte, 0, 256)
	for i := 0; i < m.NLat; i++ {
		for j := 0; j < m.NLon; j++ {
			k := i*m.NLon + j
			b = b[:0]
			if k > 0 {
				b = append(b, ',')
			}
			b = append(b, "\n    {\"lat_deg\": "...)
			b = covNum(b, m.LatDeg[i], covPrecAngle, "null")
			b = append(b, ", \"lon_deg\": "...)
			b = covNum(b, m.LonDeg[j], covPrecAngle, "null")
			b = append(b, ", \"mean_visible\": "...)
			b = covNum(b, m.MeanVisible[k], covPrecMean, "null")
			b = append(b, ", \"min_visible\": "...)
			b = strconv.AppendInt(b, int64(m.MinVisible[k]), 10)
			b = append(b, ", \"max_visible\": "...)
			b = strconv.AppendInt(b, int64(m.MaxVisible[k]), 10)
			b = append(b, ", \"mean_pdop\": "...)
			b = covNum(b, m.MeanPDOP[k], covPrecPDOP, "null")
			b = append(b, ", \"max_pdop\": "...)
			b = covNum(b, m.MaxPDOP[k], covPrecPDOP, "null")
			b = append(b, ", \"availability\": "...)
			b = covNum(b, m.Availability[k], covPrecAvail, "null")
			b = append(b, '}')
			if _, err := w.Write(b); err != nil {
				return err
			}
		}
	}
	_, err = w.WriteString("\n  ]\n}\n")
	return err
}

func covWriteTable(w *bufio.Writer, run *covRun, m *sim.CoverageMap) error {
	sum, err := covSummarize(m)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s coverage, %s to %s (step %s, %d epochs), mask %s, clock %s, weighting %s, available when PDOP ≤ %s\n",
		covSystemsTitle(run.Systems), run.Period.Start, run.Period.End, run.Period.Step, run.Period.Epochs,
		covMaskText(run.Mask), run.Clock, run.Weighting, covG(run.PDOPMax))
	fmt.Fprintf(w, "grid %s° cells, lat %s..%s, lon %s..%s: %d × %d cells\n\n",
		covG(run.Grid.CellDeg), covG(run.Grid.LatMinDeg), covG(run.Grid.LatMaxDeg), covG(run.Grid.LonMinDeg), covG(run.Grid.LonMaxDeg), m.NLat, m.NLon)
	const hdr = "%9s %10s %12s %11s %11s %9s %9s %12s\n"
	fmt.Fprintf(w, hdr, "lat_deg", "lon_deg", "mean_visible", "min_visible", "max_visible", "mean_pdop", "max_pdop", "availability")
	for i := 0; i < m.NLat; i++ {
		for j := 0; j < m.NLon; j++ {
			k := i*m.NLon + j
			fmt.Fprintf(w, hdr,
				covNum(nil, m.LatDeg[i], covPrecAngle, "-"), covNum(nil, m.LonDeg[j], covPrecAngle, "-"),
				covNum(nil, m.MeanVisible[k], covPrecMean, "-"), strconv.Itoa(m.MinVisible[k]), strconv.Itoa(m.MaxVisible[k]),
				covNum(nil, m.MeanPDOP[k], covPrecPDOP, "-"), covNum(nil, m.MaxPDOP[k], covPrecPDOP, "-"),
				string(covNum(nil, 100*m.Availability[k], 2, "-"))+"%")
		}
	}
	_, err = fmt.Fprintf(w, "\nregion (%d cells, each counted equally): visible mean %s, min %d, max %d; PDOP mean %s, p50 %s, p95 %s, max %s; availability %s%%\n",
		sum.cells, covNum(nil, sum.meanVis, covPrecMean, "-"), sum.minVis, sum.maxVis,
		covNum(nil, sum.meanP, covPrecPDOP, "-"), covNum(nil, sum.p50, covPrecPDOP, "-"), covNum(nil, sum.p95, covPrecPDOP, "-"),
		covNum(nil, sum.maxP, covPrecPDOP, "-"), covNum(nil, 100*sum.availability, 2, "-"))
	return err
}
