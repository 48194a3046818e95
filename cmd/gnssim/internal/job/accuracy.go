package job

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"
	"time"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/figure"
	"github.com/gnssim/gnssim/cmd/gnssim/internal/output"
	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/accuracy"
	"github.com/gnssim/gnssim/sim/dataset"
	"github.com/gnssim/gnssim/sim/plot"
)

// AccuracySource is one side of an accuracy comparison: files of one kind
// (element sets, broadcast navigation or SP3).
type AccuracySource struct {
	TLE, Nav, SP3 []string
}

// kinds counts the kinds of files given.
func (s AccuracySource) kinds() int {
	n := 0
	for _, l := range [][]string{s.TLE, s.Nav, s.SP3} {
		if len(l) > 0 {
			n++
		}
	}
	return n
}

// files are the files of the side's one kind, and the kind's name ("tle",
// "nav", "sp3").
func (s AccuracySource) files() ([]string, string) {
	switch {
	case len(s.Nav) > 0:
		return s.Nav, "nav"
	case len(s.SP3) > 0:
		return s.SP3, "sp3"
	}
	return s.TLE, "tle"
}

// args are the side's flags, with prefix "--" (tested) or "--ref-"
// (reference).
func (s AccuracySource) args(prefix string) []string {
	var a []string
	for _, k := range []struct {
		name  string
		files []string
	}{{"tle", s.TLE}, {"nav", s.Nav}, {"sp3", s.SP3}} {
		for _, f := range k.files {
			a = append(a, prefix+k.name, f)
		}
	}
	return a
}

// AccuracyLevel is the table --by selects.
type AccuracyLevel string

// The levels of --by.
const (
	ByAll       AccuracyLevel = "all"       // per system, per system and orbit class, total, per satellite
	BySystem    AccuracyLevel = "system"    // per system and the total
	ByClass     AccuracyLevel = "class"     // per system and orbit class, and the total
	BySatellite AccuracyLevel = "satellite" // per satellite
	BySite      AccuracyLevel = "site"      // the user effects at the sites
)

// ParseAccuracyLevel parses --by (case-insensitive).
func ParseAccuracyLevel(s string) (AccuracyLevel, error) {
	switch l := AccuracyLevel(strings.ToLower(strings.TrimSpace(s))); l {
	case ByAll, BySystem, ByClass, BySatellite, BySite:
		return l, nil
	}
	return "", Usagef("--by %q: want all, system, class, satellite or site", s)
}

// The figures of --plot-kind.
const (
	PlotBars = "bars" // RMS and maximum per system and orbit class
	PlotTime = "time" // RMS over each group's satellites against time
)

// ParsePlotKind parses --plot-kind (case-insensitive).
func ParsePlotKind(s string) (string, error) {
	switch k := strings.ToLower(strings.TrimSpace(s)); k {
	case PlotBars, PlotTime:
		return k, nil
	}
	return "", Usagef("--plot-kind %q: want bars or time", s)
}

// Accuracy is `gnssim accuracy`: the orbit differences of two sources of
// satellite positions over one period — Δ = tested − reference in the
// reference's radial, along-track and cross-track frame, per satellite,
// per system, per system and orbit class and in total (package
// sim/accuracy) — and, at sites, what they change for a user (elevations,
// PDOP, visible satellites, availability); a table (text, CSV or JSON) and
// a figure.
type Accuracy struct {
	Ref, Test AccuracySource
	// Systems are the systems compared; nil means every system both
	// sources have satellites of.
	Systems               []ephemeris.System
	IncludeNonOperational bool
	Strict                bool
	Period
	// ToDataEnd: no --duration was given; the period ends with the data
	// both sources cover (navigation and SP3 files), at most 24 h after the
	// start (element sets on both sides: 24 h).
	ToDataEnd bool
	Receiver
	Sites     []SiteArg
	By        AccuracyLevel // "" means ByAll
	Format    output.Format
	Output    string // -o: a file, "-" or "" (standard output)
	Plot      string // --plot FILE.png|.svg ("" for none)
	PlotKind  string // PlotBars ("" too) or PlotTime
	Precision output.Precision
	Force     bool
}

// side is one loaded side of the comparison.
type side struct {
	role string // "reference" or "tested source"
	flag string // "--ref-sp3", "--nav", ...
	ds   *dataset.Dataset
	env  *Env // notes prefixed with the side
}

func (s *side) name() string { return s.role + " (" + s.flag + ")" }

// Validate checks the job's parameters before any file is read: one kind
// of source on each side, the levels and formats that go together.
func (j *Accuracy) Validate() error {
	switch j.Ref.kinds() {
	case 0:
		return Usagef("no reference source: give --ref-sp3 FILE, --ref-nav FILE or --ref-tle FILE (the orbits the tested source is compared with)")
	case 1:
	default:
		return Usagef("the reference takes one kind of source: --ref-tle, --ref-nav or --ref-sp3, each repeatable")
	}
	switch j.Test.kinds() {
	case 0:
		return Usagef("no tested source: give --sp3 FILE, --nav FILE or --tle FILE (the orbits compared with the reference given with --ref-*)")
	case 1:
	default:
		return Usagef("the tested source takes one kind of source: --tle, --nav or --sp3, each repeatable (the reference is given with --ref-tle, --ref-nav or --ref-sp3)")
	}
	by := j.level()
	if by == BySite && len(j.Sites) == 0 {
		return Usagef("--by site lists the user effects at sites: give at least one --site")
	}
	if j.Format == output.CSV && len(j.Sites) > 0 && by != BySite {
		return Usagef("a CSV holds one table: give --by site for the user effects at --site, or --format json or table for everything, or leave out --site")
	}
	if j.PlotKind != "" {
		if _, err := ParsePlotKind(j.PlotKind); err != nil {
			return err
		}
	}
	if !j.ToDataEnd {
		return j.Period.Validate()
	}
	p := j.Period
	p.Duration = 24 * time.Hour
	return p.Validate()
}

func (j *Accuracy) level() AccuracyLevel {
	if j.By == "" {
		return ByAll
	}
	return j.By
}

func (j *Accuracy) plotKind() string {
	if j.PlotKind == "" {
		return PlotBars
	}
	return j.PlotKind
}

// Args is the equivalent command line, the period as resolved in grid.
func (j *Accuracy) Args(grid orbit.EpochGrid) []string {
	a := []string{"accuracy"}
	a = append(a, j.Ref.args("--ref-")...)
	a = append(a, j.Test.args("--")...)
	if len(j.Systems) > 0 {
		a = append(a, "--systems", SystemsArg(j.Systems))
	}
	if j.IncludeNonOperational {
		a = append(a, "--include-nonoperational")
	}
	if j.Strict {
		a = append(a, "--strict")
	}
	p := j.Period
	if p.Start.IsZero() {
		p.Start = grid.Start
	}
	p.Duration = time.Duration(max(grid.N-1, 0)) * grid.Step
	a = append(a, p.Args(grid)...)
	a = append(a, siteArgs(j.Sites)...)
	if len(j.Sites) > 0 {
		a = append(a, j.MaskArgs()...)
		a = append(a, j.ModelArgs(true)...)
	}
	a = append(a, "--by", string(j.level()))
	if j.Plot != "" {
		a = append(a, "--plot-kind", j.plotKind())
	}
	return append(a, outputArgs(j.Format, j.Output, j.Plot, j.Precision, j.Force)...)
}

// inputs are the Inputs of one side.
func (j *Accuracy) inputs(s AccuracySource, systems []ephemeris.System) Inputs {
	return Inputs{TLE: s.TLE, Nav: s.Nav, SP3: s.SP3, Systems: systems, IncludeNonOperational: j.IncludeNonOperational, Strict: j.Strict}
}

// sideError names the side in an error (a usage error stays one).
func sideError(s *side, err error) error {
	var ue *UsageError
	if errors.As(err, &ue) {
		return Usagef("%s: %s", s.name(), ue.Msg)
	}
	return fmt.Errorf("%s: %w", s.name(), err)
}

// load loads one side with systems (nil: every system).
func (j *Accuracy) load(env *Env, role, prefix string, src AccuracySource) (*side, error) {
	files, kind := src.files()
	s := &side{role: role, flag: prefix + kind}
	base := make([]string, len(files))
	for i, f := range files {
		base[i] = filepath.Base(f)
	}
	s.env = env.prefixed(fmt.Sprintf("%s (%s %s): ", role, s.flag, strings.Join(firstN(base, 2), ", ")))
	systems := j.Systems
	if len(systems) == 0 {
		systems = ephemeris.Systems
	}
	ds, err := s.env.load(j.inputs(src, systems), j.Period.identifyAt(), false)
	if err != nil {
		return nil, sideError(s, err)
	}
	s.ds = ds
	return s, nil
}

// prefixed is e with every note prefixed (the side of a comparison).
func (e *Env) prefixed(prefix string) *Env {
	c := *e
	c.Note = func(n dataset.Note) {
		n.Text = prefix + n.Text
		e.note(n)
	}
	return &c
}

// commonSystems are the systems both datasets have satellites of, in
// ephemeris.Systems order.
func commonSystems(a, b *dataset.Dataset) []ephemeris.System {
	var out []ephemeris.System
	for _, s := range ephemeris.Systems {
		if a.Count(s) > 0 && b.Count(s) > 0 {
			out = append(out, s)
		}
	}
	return out
}

// grid resolves the period against both datasets: the start (00:00 UTC of
// the day in the middle of the data both files cover; with element sets
// on both sides, of the newer default start) and, without --duration, the
// end of that common data (at most 24 h).
func (j *Accuracy) grid(ref, test *dataset.Dataset) (orbit.EpochGrid, error) {
	var from, to time.Time
	files := 0
	for _, d := range []*dataset.Dataset{ref, test} {
		if d.Kind == dataset.ElementSets {
			continue
		}
		a, b := d.DataSpan()
		if files == 0 || a.After(from) {
			from = a
		}
		if files == 0 || b.Before(to) {
			to = b
		}
		files++
	}
	if files == 2 && !from.Before(to) {
		ra, rb := ref.DataSpan()
		ta, tb := test.DataSpan()
		return orbit.EpochGrid{}, Usagef("the reference data (%s to %s) and the tested data (%s to %s) do not overlap: there is no period to compare",
			output.FormatTime(ra), output.FormatTime(rb), output.FormatTime(ta), output.FormatTime(tb))
	}
	step := j.Step
	start := j.Start
	if start.IsZero() {
		if files > 0 {
			mid := from.Add(to.Sub(from) / 2).UTC()
			y, m, d := mid.Date()
			start = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
			if start.Before(from) { // the first epoch of the grid from 00:00 inside the data
				start = start.Add((from.Sub(start) + step - 1) / step * step)
			}
		} else {
			start = ref.DefaultStart()
			if t := test.DefaultStart(); t.After(start) {
				start = t
			}
		}
	}
	dur := j.Duration
	if j.ToDataEnd {
		dur = 24 * time.Hour
		if files > 0 && to.Before(start.Add(dur)) && !to.Before(start) {
			dur = to.Sub(start)
		}
	}
	return orbit.EpochGrid{Start: start, Step: step, N: int(dur/step) + 1}, nil
}

// namedSource names its side in the errors of Fill.
type namedSource struct {
	sim.Source
	name string
}

func (s namedSource) Fill(ctx context.Context, dst *sim.Ephemeris) error {
	if err := s.Source.Fill(ctx, dst); err != nil {
		if ctx.Err() != nil {
			return err
		}
		return fmt.Errorf("%s: %w", s.name, err)
	}
	return nil
}

// Run compares the sources and writes the table and the figure; it
// returns the files written.
func (j *Accuracy) Run(ctx context.Context, env *Env) ([]string, error) {
	if err := j.Validate(); err != nil {
		return nil, err
	}
	out, err := output.ParseDest("-o", j.Output)
	if err != nil {
		return nil, err
	}
	dests := []output.Dest{out}
	var plotFmt plot.Format
	var plotDest output.Dest
	if j.Plot != "" {
		if plotFmt, err = output.PlotFormat("--plot", j.Plot); err != nil {
			return nil, Usagef("%v", err)
		}
		if plotDest, err = output.ParseDest("--plot", j.Plot); err != nil {
			return nil, err
		}
		dests = append(dests, plotDest)
	}
	if err := output.Distinct(dests...); err != nil {
		return nil, Usagef("%v", err)
	}

	ref, err := j.load(env, "reference", "--ref-", j.Ref)
	if err != nil {
		return nil, err
	}
	test, err := j.load(env, "tested source", "--", j.Test)
	if err != nil {
		return nil, err
	}
	systems := j.Systems
	if len(systems) == 0 {
		if systems = commonSystems(ref.ds, test.ds); len(systems) == 0 {
			return nil, fmt.Errorf("the reference (%s) and the tested source (%s) have no system in common: nothing to compare", countText(ref.ds), countText(test.ds))
		}
		ref.ds, test.ds = ref.ds.WithSystems(systems), test.ds.WithSystems(systems)
	}
	grid, err := j.grid(ref.ds, test.ds)
	if err != nil {
		return nil, err
	}
	if err := grid.Validate(); err != nil {
		return nil, Usagef("the period: %v", err)
	}
	model := j.Receiver.Model(systems)
	sites := sitesOf(j.Sites)
	nA, nB := len(ref.ds.Selected), len(test.ds.Selected)
	pairs := min(nA, nB)
	chunk := min(sim.DefaultChunkEpochs, grid.N)
	cost := sim.Cost{Bytes: sim.EphemerisCost(nA+nB, chunk).Bytes, SatelliteEpochs: float64(nA+nB) * float64(grid.N)}
	if len(sites) > 0 {
		s := sim.SiteSeriesCost(pairs, len(sites), grid.N, len(model.Variants()), false, sim.Exec{})
		k := sim.SkyTracksCost(pairs, chunk, sim.Exec{})
		cost.Bytes += 2 * (s.Bytes + k.Bytes)
		cost.ReceiverEpochs += 2 * s.ReceiverEpochs
	}
	timePlot := j.Plot != "" && j.plotKind() == PlotTime
	if timePlot {
		cost.Bytes += figure.AccuracyBinsBytes(pairs, grid.N) + int64(pairs)*int64(chunk+2)*32
	}
	if err := env.limits().Check(cost, j.Force, "--step, --duration or the number of --site"); err != nil {
		return nil, err
	}
	for _, s := range []*side{ref, test} {
		if err := s.env.checkSpan(s.ds, grid, j.Force); err != nil {
			return nil, sideError(s, err)
		}
	}

	opt := accuracy.Options{Sites: sites, Model: model}
	var bins *figure.AccuracyBins
	if timePlot {
		bins = figure.NewAccuracyBins(grid)
		opt.OnChunk = bins.Add
	}
	a := namedSource{ref.env.loader().Source(ref.ds, grid, j.Strict, ref.env.note), ref.name()}
	b := namedSource{test.env.loader().Source(test.ds, grid, j.Strict, test.env.note), test.name()}
	prog := env.progress("accuracy")
	opt.Progress = prog.Update
	res, err := accuracy.Compare(ctx, a, b, grid, opt)
	prog.Done()
	if errors.Is(err, accuracy.ErrNoCommonSatellites) {
		hint := ""
		if ref.ds.Kind == dataset.ElementSets || test.ds.Kind == dataset.ElementSets {
			hint = "; element sets take their PRN or slot from gnssim's catalog at the period's start ('gnssim catalog --tle FILE' lists them)"
		}
		return nil, fmt.Errorf("no satellite is in both sources: satellites are paired by system and PRN (GLONASS by slot); the reference has %s, the tested source %s%s",
			countText(ref.ds), countText(test.ds), hint)
	}
	if err != nil {
		return nil, err
	}

	run := output.NewProvenance(env.Version, "accuracy", j.Precision).WithDataset(test.ds).WithReference(ref.ds).WithPeriod(grid)
	if len(sites) > 0 {
		run.WithModel(model, j.MaskFile).WithSites(sites)
	}
	run.Set("by", string(j.level()))
	if j.Plot != "" {
		run.Set("plot_kind", j.plotKind())
	}
	run.Notes = accuracyAssumptions(ref.ds, test.ds)
	rep := &accuracyReport{j: j, run: run, ref: ref, test: test, grid: grid, res: res, prec: j.Precision}
	var files written
	if err := out.Write(ctx, env.Stdout, rep.write); err != nil {
		return files, err
	}
	files.add(out)
	if j.Plot == "" {
		return files, nil
	}
	title := fmt.Sprintf("%s − %s\norbit differences, %s, step %s", sideTitle(test.ds), sideTitle(ref.ds), figure.PeriodShort(grid), FormatDuration(grid.Step))
	err = plotDest.Write(ctx, env.Stdout, func(w io.Writer) error {
		if timePlot {
			return plot.AccuracyTimeSeries(w, plotFmt, bins.Series(res), plot.AccuracyTimeSeriesOptions{Title: title})
		}
		return plot.AccuracyBars(w, plotFmt, figure.AccuracyGroups(res), plot.AccuracyBarsOptions{Title: title})
	})
	if err != nil {
		return files, fmt.Errorf("--plot: %w", err)
	}
	files.add(plotDest)
	return files, nil
}

// sideTitle names a source in a figure's title, e.g. "broadcast
// (ESBC00DNK_R_20201770000_01D_MN.rnx.gz)".
func sideTitle(ds *dataset.Dataset) string {
	kind := map[dataset.Kind]string{dataset.ElementSets: "TLE", dataset.Broadcast: "broadcast", dataset.Precise: "SP3"}[ds.Kind]
	if ds.IsBuiltin() {
		return kind + " (built-in " + ephemeris.BuiltinSnapshot + ")"
	}
	base := make([]string, len(ds.Sources))
	for i, s := range ds.Sources {
		base[i] = filepath.Base(s)
	}
	return kind + " (" + strings.Join(firstN(base, 2), ", ") + ")"
}

// accuracyAssumptions are the conventions of the comparison, recorded in
// the JSON provenance ("assumptions").
func accuracyAssumptions(ref, test *dataset.Dataset) []string {
	a := []string{
		"Δ = tested − reference, metres, at the same UTC instants (each source in its own time scale), split in the reference's frame: radial r/|r|, cross-track (r × v)/|r × v| with v inertial, along-track = cross × radial",
		"satellites are paired by system and PRN, GLONASS by orbital slot; unpaired satellites take no part",
		"no antenna-offset (PCO) correction: broadcast orbits refer to the antenna phase centre, SP3 orbits to the centre of mass, so radial biases of 0 to -3 m per satellite are expected between them",
		"frames taken as one, no transformation: WGS-84, PZ-90.11, GTRF, CGCS2000 and the IGS frame agree to centimetres-decimetres",
	}
	if ref.Kind == dataset.ElementSets || test.Kind == dataset.ElementSets {
		a = append(a, "TLE/SGP4 positions are good to about a kilometre near the element sets' epochs and degrade by kilometres per day: compare element sets of the data's day")
	}
	return a
}

// accuracyReport writes the result of an Accuracy job.
type accuracyReport struct {
	j         *Accuracy
	run       *output.Provenance
	ref, test *side
	grid      orbit.EpochGrid
	res       *accuracy.Result
	prec      output.Precision
}

func (r *accuracyReport) write(w io.Writer) error {
	switch r.j.Format {
	case output.CSV:
		return r.writeRows(w, output.CSV)
	case output.JSON:
		return r.writeRows(w, output.JSON)
	}
	return r.writeText(w)
}

// Decimals: metres to the millimetre, elevation differences to 1e-6° (a
// metre at GNSS ranges is about 3e-6°), PDOP differences to 1e-6.
const (
	decMetres = 3
	decElDeg  = 6
	decPDOP   = 6
)

// orbitColumns are the CSV/JSON columns of the orbit differences.
func orbitColumns() []output.Column {
	m := func(name string) output.Column {
		return output.Column{Name: name, Kind: output.Number, Decimals: decMetres}
	}
	i := func(name string) output.Column { return output.Column{Name: name, Kind: output.Int} }
	cols := []output.Column{{Name: "level"}, {Name: "system"}, {Name: "orbit"}, {Name: "prn"}, i("satellites"),
		i("compared"), i("only_ref"), i("only_test"), i("neither"), i("no_frame"),
		m("d3_rms_m"), m("d3_mean_m"), m("d3_std_m"), m("d3_max_m"), {Name: "d3_max_utc"}, {Name: "d3_max_prn"}}
	for _, c := range []string{"radial", "along", "cross"} {
		cols = append(cols, m(c+"_rms_m"), m(c+"_mean_m"), m(c+"_std_m"), m(c+"_max_m"))
	}
	return cols
}

// siteColumns are the CSV/JSON columns of the user effects.
func siteColumns() []output.Column {
	n := func(name string, dec int) output.Column {
		return output.Column{Name: name, Kind: output.Number, Decimals: dec}
	}
	i := func(name string) output.Column { return output.Column{Name: name, Kind: output.Int} }
	return []output.Column{{Name: "site"}, n("lat_deg", 4), {Name: "lon_deg", Kind: output.Number, Decimals: 4, Wrap: output.Longitude}, n("height_m", 1),
		{Name: "variant"}, i("epochs"),
		i("el_diff_n"), n("el_diff_rms_deg", decElDeg), n("el_diff_mean_deg", decElDeg), n("el_diff_max_deg", decElDeg), {Name: "el_diff_max_utc"}, {Name: "el_diff_max_prn"},
		i("pdop_diff_n"), n("pdop_diff_rms", decPDOP), n("pdop_diff_mean", decPDOP), n("pdop_diff_max", decPDOP), {Name: "pdop_diff_max_utc"},
		i("pdop_same_set_n"), n("pdop_same_set_diff_rms", decPDOP), n("pdop_same_set_diff_max", decPDOP),
		i("pdop_only_ref"), i("pdop_only_test"), i("visible_differs"), i("max_visible_diff"), i("set_differs"), i("availability_differs")}
}

// num is a component's value, NaN without values (the library's zero).
func num(c accuracy.Component, v float64) float64 {
	if c.N == 0 {
		return math.NaN()
	}
	return v
}

// maxAt is the epoch of a component's maximum ("" without values).
func maxAt(c accuracy.Component) string {
	if c.N == 0 || c.MaxAt.IsZero() {
		return ""
	}
	return output.FormatTime(c.MaxAt)
}

// orbitRow is one row of the orbit differences.
type orbitRow struct {
	level, system, orbit, prn string
	sats                      int
	accuracy.Counts
	d3, r, a, c accuracy.Component
}

func groupRow(level string, g accuracy.GroupStats) orbitRow {
	sys, class := "all", "all"
	if g.System != ephemeris.SystemUnknown {
		sys = g.System.String()
	}
	if g.Class != accuracy.AllClasses {
		class = g.Class.String()
	}
	return orbitRow{level: level, system: sys, orbit: class, sats: g.Satellites, Counts: g.Counts, d3: g.D3, r: g.R, a: g.A, c: g.C}
}

func satRow(s accuracy.SatStats) orbitRow {
	return orbitRow{level: "satellite", system: s.Sat.System.String(), orbit: s.Class.String(), prn: s.Sat.PRN, sats: 1, Counts: s.Counts, d3: s.D3, r: s.R, a: s.A, c: s.C}
}

// orbitRows are the rows of the levels of --by: per system, per system
// and orbit class, the total, per satellite.
func (r *accuracyReport) orbitRows() []orbitRow {
	var rows []orbitRow
	by := r.j.level()
	if by == ByAll || by == BySystem {
		for _, g := range r.res.Systems {
			rows = append(rows, groupRow("system", g))
		}
	}
	if by == ByAll || by == ByClass {
		for _, g := range r.res.Classes {
			rows = append(rows, groupRow("class", g))
		}
	}
	if by == ByAll || by == BySystem || by == ByClass {
		rows = append(rows, groupRow("total", r.res.Total))
	}
	if by == ByAll || by == BySatellite {
		for _, s := range r.res.Satellites {
			rows = append(rows, satRow(s))
		}
	}
	return rows
}

func (o orbitRow) write(tw *output.Writer) error {
	tw.Str(o.level)
	tw.Str(o.system)
	tw.Str(o.orbit)
	tw.Str(o.prn)
	tw.Int(o.sats)
	tw.Int(o.Compared)
	tw.Int(o.OnlyA)
	tw.Int(o.OnlyB)
	tw.Int(o.Neither)
	tw.Int(o.NoFrame)
	tw.Num(num(o.d3, o.d3.RMS))
	tw.Num(num(o.d3, o.d3.Mean))
	tw.Num(num(o.d3, o.d3.Std))
	tw.Num(num(o.d3, o.d3.Max))
	tw.Str(maxAt(o.d3))
	tw.Str(o.d3.MaxPRN)
	for _, c := range []accuracy.Component{o.r, o.a, o.c} {
		tw.Num(num(c, c.RMS))
		tw.Num(num(c, c.Mean))
		tw.Num(num(c, c.Std))
		tw.Num(num(c, c.Max))
	}
	return tw.End()
}

// writeSiteRow writes the user effects of one site and variant.
func writeSiteRow(tw *output.Writer, s sim.Site, v accuracy.VariantEffects) error {
	tw.Str(s.Name)
	tw.Num(s.LatDeg)
	tw.Num(s.LonDeg)
	tw.Num(s.HeightM)
	tw.Str(v.Variant.Name)
	tw.Int(v.Epochs)
	tw.Int(v.Elevation.N)
	tw.Num(num(v.Elevation, v.Elevation.RMS))
	tw.Num(num(v.Elevation, v.Elevation.Mean))
	tw.Num(num(v.Elevation, v.Elevation.Max))
	tw.Str(maxAt(v.Elevation))
	tw.Str(v.Elevation.MaxPRN)
	tw.Int(v.PDOP.N)
	tw.Num(num(v.PDOP, v.PDOP.RMS))
	tw.Num(num(v.PDOP, v.PDOP.Mean))
	tw.Num(num(v.PDOP, v.PDOP.Max))
	tw.Str(maxAt(v.PDOP))
	tw.Int(v.PDOPSameSet.N)
	tw.Num(num(v.PDOPSameSet, v.PDOPSameSet.RMS))
	tw.Num(num(v.PDOPSameSet, v.PDOPSameSet.Max))
	tw.Int(v.PDOPOnlyA)
	tw.Int(v.PDOPOnlyB)
	tw.Int(v.VisibleDiffers)
	tw.Int(v.MaxVisibleDiff)
	tw.Int(v.SetDiffers)
	tw.Int(v.AvailabilityDiffers)
	return tw.End()
}

// unmatchedJSON lists the satellites of one source without a partner.
type unmatchedJSON struct {
	System string `json:"system"`
	PRN    string `json:"prn"`
	Reason string `json:"reason"`
}

func unmatchedList(us []accuracy.Unmatched) []unmatchedJSON {
	out := []unmatchedJSON{}
	for _, u := range us {
		out = append(out, unmatchedJSON{System: u.Sat.System.String(), PRN: u.Sat.PRN, Reason: u.Reason})
	}
	return out
}

// writeRows writes the CSV, or the JSON document: the run, the rows of
// the CSV, the unpaired satellites and (with sites, unless the rows are
// them) the user effects, in the columns of the site table.
func (r *accuracyReport) writeRows(w io.Writer, f output.Format) error {
	bySite := r.j.level() == BySite
	t := &output.Table{Columns: orbitColumns(), Run: r.run}
	if bySite {
		t.Columns = siteColumns()
	}
	if f == output.JSON {
		t.Meta = []output.KV{{Key: "pairs", Value: len(r.res.Pairs)}}
	}
	tw, err := output.NewWriter(w, f, r.prec, t)
	if err != nil {
		return err
	}
	if bySite {
		for _, s := range r.res.Sites {
			for _, v := range s.Variants {
				if err := writeSiteRow(tw, s.Site, v); err != nil {
					return err
				}
			}
		}
	} else {
		for _, o := range r.orbitRows() {
			if err := o.write(tw); err != nil {
				return err
			}
		}
	}
	if f != output.JSON {
		return tw.Close(nil)
	}
	tail := []output.KV{{Key: "unmatched", Value: struct {
		ReferenceOnly []unmatchedJSON `json:"reference_only"`
		TestedOnly    []unmatchedJSON `json:"tested_only"`
	}{unmatchedList(r.res.OnlyA), unmatchedList(r.res.OnlyB)}}}
	if len(r.res.Sites) > 0 && !bySite {
		rows, err := r.siteJSON()
		if err != nil {
			return err
		}
		tail = append(tail, output.KV{Key: "user_effects", Value: rows})
	}
	return tw.Close(tail)
}

// siteJSON is the site table as JSON rows (the same writer, so the same
// keys and numbers as with --by site).
func (r *accuracyReport) siteJSON() ([]json.RawMessage, error) {
	var buf bytes.Buffer
	tw, err := output.NewWriter(&buf, output.JSON, r.prec, &output.Table{Columns: siteColumns()})
	if err != nil {
		return nil, err
	}
	for _, s := range r.res.Sites {
		for _, v := range s.Variants {
			if err := writeSiteRow(tw, s.Site, v); err != nil {
				return nil, err
			}
		}
	}
	if err := tw.Close(nil); err != nil {
		return nil, err
	}
	var doc struct {
		Rows []json.RawMessage `json:"rows"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		return nil, fmt.Errorf("user effects: %w", err)
	}
	return doc.Rows, nil
}

// textOrbitColumns are the columns of the text tables of orbit
// differences (metres; "max of": the satellite of the 3-D maximum).
func textOrbitColumns(first ...string) []output.Column {
	var cols []output.Column
	for _, f := range first {
		kind := output.String
		if f == "sats" || f == "epochs" {
			kind = output.Int
		}
		cols = append(cols, output.Column{Name: f, Kind: kind})
	}
	for _, n := range []string{"3-D rms", "3-D max", "R rms", "R mean", "R max", "A rms", "A mean", "A max", "C rms", "C mean", "C max"} {
		cols = append(cols, output.Column{Name: n, Kind: output.Number, Decimals: decMetres})
	}
	return cols
}

func textComponents(tw *output.Writer, d3, r, a, c accuracy.Component) {
	tw.Num(num(d3, d3.RMS))
	tw.Num(num(d3, d3.Max))
	for _, x := range []accuracy.Component{r, a, c} {
		tw.Num(num(x, x.RMS))
		tw.Num(num(x, x.Mean))
		tw.Num(num(x, x.Max))
	}
}

// writeText writes the report for people: what was compared, a table per
// level, the unpaired satellites, the user effects per site, the
// conventions.
func (r *accuracyReport) writeText(w io.Writer) error {
	res, g := r.res, r.grid
	by := r.j.level()
	fmt.Fprintf(w, "Orbit differences Δ = tested − reference, metres, in the reference's radial (R), along-track (A) and cross-track (C) frame\n")
	fmt.Fprintf(w, "reference:     %s %s (%s)\n", sourceKindText(r.ref.ds), sourceText(r.ref.ds), countText(r.ref.ds))
	fmt.Fprintf(w, "tested source: %s %s (%s)\n", sourceKindText(r.test.ds), sourceText(r.test.ds), countText(r.test.ds))
	fmt.Fprintf(w, "period %s to %s (%s, step %s, %d epochs)\n", output.FormatTime(g.Start), output.FormatTime(g.Time(g.N-1)),
		FormatDuration(g.Step*time.Duration(g.N-1)), FormatDuration(g.Step), g.N)
	fmt.Fprintf(w, "paired by system and PRN (GLONASS by slot): %d satellites; %d only in the reference, %d only in the tested source\n",
		len(res.Pairs), len(res.OnlyA), len(res.OnlyB))

	table := func(head string, cols []output.Column, rows func(tw *output.Writer) error) error {
		tw, err := output.NewWriter(w, output.Text, r.prec, &output.Table{Columns: cols, Head: []string{"", head}, Indent: "  "})
		if err != nil {
			return err
		}
		if err := rows(tw); err != nil {
			return err
		}
		return tw.Close(nil)
	}
	group := func(tw *output.Writer, name, class string, gs accuracy.GroupStats, withClass bool) error {
		tw.Str(name)
		if withClass {
			tw.Str(class)
		}
		tw.Int(gs.Satellites)
		textComponents(tw, gs.D3, gs.R, gs.A, gs.C)
		tw.Str(gs.D3.MaxPRN)
		return tw.End()
	}
	if by == ByAll || by == BySystem {
		err := table("per system", append(textOrbitColumns("system", "sats"), output.Column{Name: "max of"}), func(tw *output.Writer) error {
			for _, gs := range res.Systems {
				if err := group(tw, gs.System.Title(), "", gs, false); err != nil {
					return err
				}
			}
			return group(tw, "all", "", res.Total, false)
		})
		if err != nil {
			return err
		}
	}
	if by == ByClass || (by == ByAll && classesDiffer(res)) {
		err := table("per system and orbit class", append(textOrbitColumns("system", "orbit", "sats"), output.Column{Name: "max of"}), func(tw *output.Writer) error {
			for _, gs := range res.Classes {
				if err := group(tw, gs.System.Title(), gs.Class.String(), gs, true); err != nil {
					return err
				}
			}
			return group(tw, "all", "all", res.Total, true)
		})
		if err != nil {
			return err
		}
	}
	if by == ByAll || by == BySatellite {
		err := table("per satellite", append(textOrbitColumns("prn", "orbit", "epochs"), output.Column{Name: "3-D max at (UTC)"}), func(tw *output.Writer) error {
			for _, s := range res.Satellites {
				tw.Str(s.Sat.PRN)
				tw.Str(s.Class.String())
				tw.Int(s.Compared)
				textComponents(tw, s.D3, s.R, s.A, s.C)
				tw.Str(maxAt(s.D3))
				if err := tw.End(); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	if len(res.OnlyA)+len(res.OnlyB) > 0 {
		fmt.Fprintln(w)
	}
	for _, u := range []struct {
		what string
		list []accuracy.Unmatched
	}{{"only in the reference", res.OnlyA}, {"only in the tested source", res.OnlyB}} {
		if len(u.list) > 0 {
			fmt.Fprintf(w, "%s (%d): %s\n", u.what, len(u.list), unmatchedText(u.list))
		}
	}
	for _, se := range res.Sites {
		s := se.Site
		head := fmt.Sprintf("user at %s: %s, %s m; %s, %s, available when PDOP ≤ %s; differences tested − reference (elevations in degrees)",
			s.Name, LatLonText(s.LatDeg, s.LonDeg, 2), output.G(s.HeightM), r.j.MaskText(), r.j.ClockText(), output.G(r.j.pdopMax()))
		cols := []output.Column{{Name: "variant"}, {Name: "epochs", Kind: output.Int},
			{Name: "el rms", Kind: output.Number, Decimals: decElDeg}, {Name: "el max", Kind: output.Number, Decimals: decElDeg}, {Name: "of"},
			{Name: "PDOP rms", Kind: output.Number, Decimals: decPDOP}, {Name: "PDOP max", Kind: output.Number, Decimals: decPDOP},
			{Name: "same-set PDOP max", Kind: output.Number, Decimals: decPDOP},
			{Name: "vis differs", Kind: output.Int}, {Name: "max |Δn|", Kind: output.Int}, {Name: "sets differ", Kind: output.Int}, {Name: "avail differs", Kind: output.Int}}
		err := table(head, cols, func(tw *output.Writer) error {
			for _, v := range se.Variants {
				tw.Str(figure.VariantTitle(v.Variant.Name))
				tw.Int(v.Epochs)
				tw.Num(num(v.Elevation, v.Elevation.RMS))
				tw.Num(num(v.Elevation, v.Elevation.Max))
				tw.Str(v.Elevation.MaxPRN)
				tw.Num(num(v.PDOP, v.PDOP.RMS))
				tw.Num(num(v.PDOP, v.PDOP.Max))
				tw.Num(num(v.PDOPSameSet, v.PDOPSameSet.Max))
				tw.Int(v.VisibleDiffers)
				tw.Int(v.MaxVisibleDiff)
				tw.Int(v.SetDiffers)
				tw.Int(v.AvailabilityDiffers)
				if err := tw.End(); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	fmt.Fprint(w, "\nrms: root mean square over the satellite-epochs (each weighs the same); mean: the bias; max: the largest |value|.\n")
	if len(res.Sites) > 0 {
		fmt.Fprint(w, "el: elevation differences of satellites above the mask in either view; PDOP: over the epochs where both have one; same-set: where both see the same satellites.\n")
	}
	kinds := map[dataset.Kind]bool{r.ref.ds.Kind: true, r.test.ds.Kind: true}
	if kinds[dataset.Broadcast] && kinds[dataset.Precise] {
		fmt.Fprint(w, "No antenna-offset correction: broadcast orbits refer to the antenna phase centre, SP3 orbits to the centre of mass, so radial biases of 0 to −3 m per satellite are expected.\n")
	}
	if kinds[dataset.ElementSets] {
		fmt.Fprint(w, "TLE/SGP4 positions are good to about a kilometre near the element sets' epochs: compare element sets of the data's day.\n")
	}
	fmt.Fprint(w, "Frames taken as one (WGS-84, PZ-90.11, GTRF, CGCS2000 and IGS agree to cm–dm).\n")
	return nil
}

// classesDiffer reports whether the table per system and orbit class says
// more than the one per system: a system with several classes, or one
// that is not MEO.
func classesDiffer(r *accuracy.Result) bool {
	for _, g := range r.Classes {
		if g.Class != accuracy.MEO {
			return true
		}
	}
	return len(r.Classes) != len(r.Systems)
}

// unmatchedText lists unpaired satellites by reason: "C38, C39 (not in
// the other source); R26 (no PRN)".
func unmatchedText(us []accuracy.Unmatched) string {
	var reasons []string
	byReason := map[string][]string{}
	for _, u := range us {
		if _, ok := byReason[u.Reason]; !ok {
			reasons = append(reasons, u.Reason)
		}
		prn := u.Sat.PRN
		if prn == "" {
			prn = u.Sat.Name
		}
		byReason[u.Reason] = append(byReason[u.Reason], prn)
	}
	parts := make([]string, len(reasons))
	for i, r := range reasons {
		parts[i] = strings.Join(byReason[r], " ") + " (" + r + ")"
	}
	return strings.Join(parts, "; ")
}
