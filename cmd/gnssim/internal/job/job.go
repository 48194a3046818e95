// Package job holds gnssim's work as typed jobs: one type per command
// (Compare, DOP, Coverage, Merge, Skyplot, Groundtrack, Propagate,
// Catalog), each with the parameters of that command, a Run that loads the
// data through the library pipeline (package sim/dataset), evaluates it
// (package sim) and writes its outputs through the one output layer
// (package output), and an Args that gives the equivalent gnssim command
// line.
//
// The command line parses its flags into jobs; a scenario plans jobs from
// its YAML file and runs them in-process (sharing one loaded and propagated
// dataset), writing commands.sh from their Args; a web server builds them
// from requests. The same job gives the same bytes whoever runs it.
package job

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/output"
	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/dataset"
)

// UsageError is a problem with the parameters of a job (the command line's
// exit code 2): the message names the flag.
type UsageError struct {
	Msg string
	// OverLimits: the parameters are valid but the work they ask for is
	// above the limits (Limits.Check); a server answers 422, not 400.
	OverLimits bool
}

func (u *UsageError) Error() string { return u.Msg }

// Usagef makes a UsageError.
func Usagef(format string, args ...any) error { return &UsageError{Msg: fmt.Sprintf(format, args...)} }

// IsUsage reports whether err is (or wraps) a UsageError.
func IsUsage(err error) bool {
	var ue *UsageError
	return errors.As(err, &ue)
}

// IsOverLimits reports whether err is (or wraps) a UsageError of work
// above the limits.
func IsOverLimits(err error) bool {
	var ue *UsageError
	return errors.As(err, &ue) && ue.OverLimits
}

// Progress reports the progress of a long computation.
type Progress interface {
	Update(done, total int)
	Done()
}

type noProgress struct{}

func (noProgress) Update(int, int) {}
func (noProgress) Done()           {}

// Env is what a job may touch.
type Env struct {
	Stdout, Stderr io.Writer
	// Version is the gnssim version written in provenance.
	Version string
	// Loader loads datasets and gives their positions; nil means
	// DefaultLoader (read the files, propagate with SGP4 chunk by chunk).
	Loader Loader
	// Note receives the notes about the data (duplicates, refusals, stale
	// element sets, propagation failures); nil prints them on Stderr.
	Note func(dataset.Note)
	// Progress starts a progress indication; nil means none.
	Progress func(label string) Progress
	// Limits bound the memory and work of a job (zero: DefaultLimits).
	Limits Limits
}

func (e *Env) note(n dataset.Note) {
	if e.Note != nil {
		e.Note(n)
		return
	}
	if e.Stderr != nil {
		fmt.Fprintln(e.Stderr, n)
	}
}

func (e *Env) progress(label string) Progress {
	if e.Progress == nil {
		return noProgress{}
	}
	return e.Progress(label)
}

func (e *Env) loader() Loader {
	if e.Loader == nil {
		return DefaultLoader{}
	}
	return e.Loader
}

func (e *Env) limits() Limits {
	if e.Limits == (Limits{}) {
		return DefaultLimits
	}
	return e.Limits
}

// Loader loads datasets and gives the positions of their satellites.
type Loader interface {
	// Load reads the inputs and selects their satellites, identified at
	// identifyAt (zero: the newest epoch).
	Load(in Inputs, identifyAt time.Time) (*dataset.Dataset, error)
	// Source gives the positions of d's selected satellites over period;
	// propagation failures are reported through note.
	Source(d *dataset.Dataset, period orbit.EpochGrid, strict bool, note func(dataset.Note)) sim.Source
}

// DefaultLoader reads the files of the inputs (dataset.ReadInputs) and
// propagates with SGP4 a chunk at a time (dataset.Propagator).
type DefaultLoader struct{}

// Load implements Loader.
func (DefaultLoader) Load(in Inputs, identifyAt time.Time) (*dataset.Dataset, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	switch {
	case len(in.Nav) > 0:
		inputs, err := dataset.ReadInputs(in.Nav)
		if err != nil {
			return nil, err
		}
		return dataset.LoadNav(inputs, in.options(identifyAt))
	case len(in.SP3) > 0:
		inputs, err := dataset.ReadInputs(in.SP3)
		if err != nil {
			return nil, err
		}
		return dataset.LoadSP3(inputs, in.options(identifyAt))
	}
	inputs, err := dataset.ReadInputs(in.TLE)
	if err != nil {
		return nil, err
	}
	return dataset.Load(inputs, in.options(identifyAt))
}

// Source implements Loader. Gaps of navigation and SP3 data are noted for
// the first dataset.MaxListed satellites, then once for the rest.
func (DefaultLoader) Source(d *dataset.Dataset, _ orbit.EpochGrid, strict bool, note func(dataset.Note)) sim.Source {
	gaps := 0
	return d.Propagator(dataset.PropagatorOptions{Strict: strict,
		OnFailure: func(f dataset.Failure) { note(f.Note()) },
		OnGap: func(g dataset.Gap) {
			gaps++
			switch {
			case gaps <= dataset.MaxListed:
				note(g.Note(d.Kind))
			case gaps == dataset.MaxListed+1:
				note(dataset.Note{Level: dataset.Warning, Kind: "gap", Text: fmt.Sprintf("more satellites have gaps in the %s data; 'gnssim catalog --%s FILE' lists every satellite's coverage", d.Kind, d.Kind)})
			}
		}})
}

// Inputs are the satellite-source parameters of a job: element sets
// (--tle), or broadcast navigation (--nav), or precise orbits (--sp3);
// --systems, --include-nonoperational, --strict.
type Inputs struct {
	TLE                   []string           // files or cache:GROUP; empty (and no Nav, SP3): the built-in snapshot
	Nav                   []string           // RINEX navigation files, instead of element sets
	SP3                   []string           // SP3 files, instead of element sets
	Systems               []ephemeris.System // in the user's order
	IncludeNonOperational bool
	Strict                bool
}

// Validate refuses more than one kind of source.
func (in Inputs) Validate() error {
	n := 0
	for _, l := range [][]string{in.TLE, in.Nav, in.SP3} {
		if len(l) > 0 {
			n++
		}
	}
	if n > 1 {
		return Usagef("give one kind of satellite source: --tle, --nav or --sp3 (the accuracy command compares two)")
	}
	return nil
}

// DefaultSystems are the systems of a job that names none: GLONASS and BeiDou.
var DefaultSystems = []ephemeris.System{ephemeris.GLONASS, ephemeris.BeiDou}

func (in Inputs) systems() []ephemeris.System {
	if len(in.Systems) == 0 {
		return DefaultSystems
	}
	return in.Systems
}

func (in Inputs) options(identifyAt time.Time) dataset.Options {
	return dataset.Options{Systems: in.systems(), IncludeNonOperational: in.IncludeNonOperational, Strict: in.Strict, IdentifyAt: identifyAt}
}

// Args are the flags of in.
func (in Inputs) Args() []string {
	var a []string
	for _, t := range in.TLE {
		a = append(a, "--tle", t)
	}
	for _, t := range in.Nav {
		a = append(a, "--nav", t)
	}
	for _, t := range in.SP3 {
		a = append(a, "--sp3", t)
	}
	a = append(a, "--systems", SystemsArg(in.systems()))
	if in.IncludeNonOperational {
		a = append(a, "--include-nonoperational")
	}
	if in.Strict {
		a = append(a, "--strict")
	}
	return a
}

// SystemsArg is the --systems value of systems, e.g. "glonass,beidou".
func SystemsArg(systems []ephemeris.System) string {
	names := make([]string, len(systems))
	for i, s := range systems {
		names[i] = s.String()
	}
	return strings.Join(names, ",")
}

// load loads in through e's loader, prints the notes and, unless anyEmpty,
// requires selected satellites.
func (e *Env) load(in Inputs, identifyAt time.Time, allowEmpty bool) (*dataset.Dataset, error) {
	ds, err := e.loader().Load(in, identifyAt)
	if err != nil {
		return nil, err
	}
	for _, n := range ds.Notes() {
		e.note(n)
	}
	if !allowEmpty {
		if err := ds.RequireSelected(); err != nil {
			var ne *dataset.NoSatellitesError
			if errors.As(err, &ne) && !in.IncludeNonOperational && ne.NonOperational > 0 {
				return nil, fmt.Errorf("%v; add --include-nonoperational to use spares and test satellites", err)
			}
			return nil, err
		}
	}
	return ds, nil
}

// Period is the simulated period of a job: --start, --duration, --step.
type Period struct {
	Start    time.Time     // zero: 00:00 UTC of the day of the newest element set
	Duration time.Duration // ≥ 0
	Step     time.Duration // > 0
	// DurationDefault: the duration was not given (it is the command's
	// default). With navigation or SP3 data the period then ends where
	// the data end, when that comes first, rather than running into
	// epochs without any position (a daily SP3 file ends at 24:00 GPST,
	// 18 s before 24:00 UTC).
	DurationDefault bool
}

// MaxEpochs bounds the epochs of a period.
const MaxEpochs = 10_000_000

// Validate checks the period before any data is loaded.
func (p Period) Validate() error {
	if p.Duration < 0 {
		return Usagef("--duration %s is negative", FormatDuration(p.Duration))
	}
	if p.Step <= 0 {
		return Usagef("--step %s must be positive", FormatDuration(p.Step))
	}
	if n := int64(p.Duration/p.Step) + 1; n > MaxEpochs {
		return Usagef("--duration %s at --step %s is %d epochs; the limit is %d: use a larger --step or a shorter --duration", FormatDuration(p.Duration), FormatDuration(p.Step), n, MaxEpochs)
	}
	return nil
}

// Grid resolves the period against a dataset: the epochs start, start+step,
// … up to start+duration (included when the duration is a multiple of the
// step).
func (p Period) Grid(ds *dataset.Dataset) (orbit.EpochGrid, error) {
	if err := p.Validate(); err != nil {
		return orbit.EpochGrid{}, err
	}
	start := p.Start
	if start.IsZero() {
		start = ds.DefaultStart()
	}
	n := int(p.Duration/p.Step) + 1
	if p.DurationDefault && ds.Kind != dataset.ElementSets {
		if _, to := ds.DataSpan(); !to.Before(start) && to.Before(start.Add(p.Duration)) {
			n = int(to.Sub(start)/p.Step) + 1
		}
	}
	return orbit.EpochGrid{Start: start, Step: p.Step, N: n}, nil
}

// Args are the flags of p; a zero start is given as resolved in grid, and
// a default duration that grid ends early (at the end of the data) as
// grid's.
func (p Period) Args(grid orbit.EpochGrid) []string {
	start := p.Start
	if start.IsZero() {
		start = grid.Start
	}
	return []string{"--start", output.FormatTime(start), "--duration", FormatDuration(p.GridDuration(grid)), "--step", FormatDuration(p.Step)}
}

// GridDuration is the duration of p as resolved in grid: p.Duration, or
// the shorter span of a grid that ends at the end of the data.
func (p Period) GridDuration(grid orbit.EpochGrid) time.Duration {
	if p.DurationDefault && grid.N > 0 && grid.N-1 < int(p.Duration/p.Step) {
		return time.Duration(grid.N-1) * p.Step
	}
	return p.Duration
}

// identifyAt is when satellites are identified: the start when given.
func (p Period) identifyAt() time.Time { return p.Start }

// Receiver is the receiver model of a job: mask (constant, azimuth table
// or file), clock model, weighting and availability threshold.
type Receiver struct {
	Mask      sim.Mask
	MaskFile  string // the --mask-file the mask came from ("" for --mask)
	Clock     sim.ClockModel
	Weighting sim.Weighting
	PDOPMax   float64 // 0: sim.DefaultPDOPMax
	// ISBPrior (--isb-sigma) gives every system its own clock and knows each
	// inter-system bias to within ISBSigmaNS (ns, > 0): Clock is then
	// sim.ClockISBPrior.
	ISBPrior   bool
	ISBSigmaNS float64
}

// Model is the sim.Model of r for systems. The ISB prior's σ becomes metres
// of range relative to the 1 m ranging σ that DOP is scaled by (see
// sim.Model.ISBSigmaM).
func (r Receiver) Model(systems []ephemeris.System) sim.Model {
	m := sim.Model{Systems: systems, Mask: r.Mask, Clock: r.Clock, Weighting: r.Weighting, PDOPMax: r.pdopMax()}
	if r.ISBPrior {
		m.Clock, m.ISBSigmaM = sim.ClockISBPrior, r.ISBSigmaNS*sim.MetresPerNanosecond
	}
	return m
}

func (r Receiver) pdopMax() float64 {
	if r.PDOPMax == 0 {
		return sim.DefaultPDOPMax
	}
	return r.PDOPMax
}

// MaskArgs are the flags of the mask.
func (r Receiver) MaskArgs() []string {
	if r.MaskFile != "" {
		return []string{"--mask-file", r.MaskFile}
	}
	return []string{"--mask", output.G(r.Mask.ElevationDeg)}
}

// ModelArgs are the flags of the clock, weighting and (with pdop) the
// threshold.
func (r Receiver) ModelArgs(pdop bool) []string {
	a := []string{"--clock", r.Clock.String(), "--weighting", r.Weighting.String()}
	if r.ISBPrior {
		a = []string{"--isb-sigma", output.G(r.ISBSigmaNS), "--weighting", r.Weighting.String()}
	}
	if pdop {
		a = append(a, "--pdop-max", output.G(r.pdopMax()))
	}
	return a
}

// MaskText is e.g. "mask 10°" or "mask 5°–40° (urban.txt)".
func (r Receiver) MaskText() string {
	m := r.Mask
	if len(m.Azimuth) == 0 {
		return "mask " + output.G(m.ElevationDeg) + "°"
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range m.Azimuth {
		lo, hi = math.Min(lo, p.ElDeg), math.Max(hi, p.ElDeg)
	}
	name := baseName(r.MaskFile)
	if r.MaskFile == "" {
		name = "table"
	}
	if lo == hi {
		return fmt.Sprintf("mask %s° (%s)", output.G(lo), name)
	}
	return fmt.Sprintf("mask %s°–%s° (%s)", output.G(lo), output.G(hi), name)
}

// ClockText is the clock model, with the weighting when it is not none,
// e.g. "per-system clocks" or "common clock, elevation weighting".
func (r Receiver) ClockText() string {
	t := "per-system clocks"
	switch {
	case r.ISBPrior || r.Clock == sim.ClockISBPrior:
		t = "per-system clocks, ISB prior σ " + output.G(r.ISBSigmaNS) + " ns"
	case r.Clock == sim.ClockCommon:
		t = "common clock"
	}
	if r.Weighting != sim.WeightNone {
		t += ", " + r.Weighting.String() + " weighting"
	}
	return t
}

// Limits bound the memory and work of one job before it starts (one model
// for every command: sim's Cost estimates).
type Limits struct {
	MaxBytes           int64   // memory, bytes
	MaxReceiverEpochs  float64 // sites or cells × epochs
	MaxSatelliteEpochs float64 // satellite positions to compute
	// WorkUnit names what MaxReceiverEpochs counts in messages ("":
	// receiver-epochs; integrity: ARAIM evaluations).
	WorkUnit string
}

// DefaultLimits: 2 GiB of memory; 5e10 receiver-epochs (about 15 minutes
// of a global map on 2 cores at ~35 ns per cell-epoch); 2e10 satellite
// positions (about an hour of SGP4 on 2 cores at ~170 ns each).
var DefaultLimits = Limits{MaxBytes: 2 << 30, MaxReceiverEpochs: 5e10, MaxSatelliteEpochs: 2e10}

// Check refuses (a UsageError) a job whose cost exceeds the limits unless
// force; smaller names the flags that make the job smaller.
func (l Limits) Check(c sim.Cost, force bool, smaller string) error {
	if force {
		return nil
	}
	var over []string
	if c.Bytes > l.MaxBytes {
		over = append(over, fmt.Sprintf("about %s of memory (limit %s)", FormatBytes(float64(c.Bytes)), FormatBytes(float64(l.MaxBytes))))
	}
	if c.ReceiverEpochs > l.MaxReceiverEpochs {
		unit := l.WorkUnit
		if unit == "" {
			unit = "receiver-epochs"
		}
		over = append(over, fmt.Sprintf("%.3g %s of work (limit %.3g)", c.ReceiverEpochs, unit, l.MaxReceiverEpochs))
	}
	if c.SatelliteEpochs > l.MaxSatelliteEpochs {
		over = append(over, fmt.Sprintf("%.3g satellite positions (limit %.3g)", c.SatelliteEpochs, l.MaxSatelliteEpochs))
	}
	if len(over) == 0 {
		return nil
	}
	return &UsageError{Msg: fmt.Sprintf("this run would need %s; to make it smaller change %s, or add --force to run anyway", strings.Join(over, " and "), smaller), OverLimits: true}
}

// FormatBytes writes a size in KiB, MiB or GiB.
func FormatBytes(b float64) string {
	switch {
	case b >= 1<<30:
		return fmt.Sprintf("%.1f GiB", b/(1<<30))
	case b >= 1<<20:
		return fmt.Sprintf("%.1f MiB", b/(1<<20))
	}
	return fmt.Sprintf("%.0f KiB", math.Ceil(b/(1<<10)))
}

// SpanAdvice is what to do when ds.CheckSpan refuses a period.
func SpanAdvice(ds *dataset.Dataset) string {
	if ds.Kind != dataset.ElementSets {
		return fmt.Sprintf("choose a --start inside the data ('gnssim catalog --%s FILE' lists every satellite's coverage) or give files that cover the period", ds.Kind)
	}
	return "choose a --start near the element-set epochs, or use element sets near the period ('gnssim tle fetch'), or --force to simulate anyway"
}

// checkSpan refuses a period too far from the element sets (dataset.MaxSpan)
// or outside navigation/SP3 data unless force, and warns about stale
// element sets.
func (e *Env) checkSpan(ds *dataset.Dataset, g orbit.EpochGrid, force bool) error {
	end := g.Time(max(g.N-1, 0))
	if err := ds.CheckSpan(g.Start, end, 0); err != nil && !force {
		return Usagef("%v; %s", err, SpanAdvice(ds))
	}
	if n := ds.Stale(g.Start, end); n != nil {
		e.note(*n)
	}
	for _, n := range ds.SelectionNotes() {
		e.note(n)
	}
	return nil
}

// ephemerisBudget is the memory a job may spend to propagate a period once
// and keep it when it evaluates the period several times (one pass per
// site, or sky tracks after a comparison).
const ephemerisBudget = 256 << 20

// passes returns a function that gives a Source for each of n passes over
// the period. The positions are propagated once and kept when there are
// several passes and they fit in ephemerisBudget; otherwise every pass
// propagates anew (propagation failures are reported on the first pass
// only). The second result says whether the positions are kept.
func (e *Env) passes(ctx context.Context, ds *dataset.Dataset, g orbit.EpochGrid, strict bool, n int) (func() sim.Source, bool, error) {
	if n > 1 && sim.EphemerisCost(len(ds.Selected), g.N).Bytes <= ephemerisBudget {
		src := e.loader().Source(ds, g, strict, e.note)
		if eph, ok := src.(*sim.Ephemeris); ok && eph.Grid == g {
			return func() sim.Source { return eph }, true, nil
		}
		m := len(ds.Selected) * g.N
		eph := &sim.Ephemeris{Grid: g, Sats: src.Satellites(), X: make([]float64, m), Y: make([]float64, m), Z: make([]float64, m)}
		if err := src.Fill(ctx, eph); err != nil {
			return nil, false, err
		}
		return func() sim.Source { return eph }, true, nil
	}
	first := true
	return func() sim.Source {
		note := e.note
		if !first {
			note = func(dataset.Note) {}
		}
		first = false
		return e.loader().Source(ds, g, strict, note)
	}, false, nil
}

// passCost is the memory passes keeps for n passes.
func passCost(ds *dataset.Dataset, g orbit.EpochGrid, n int) sim.Cost {
	c := sim.EphemerisCost(len(ds.Selected), g.N)
	if n <= 1 || c.Bytes > ephemerisBudget {
		return sim.Cost{SatelliteEpochs: c.SatelliteEpochs * float64(max(n-1, 0))}
	}
	return sim.Cost{Bytes: c.Bytes}
}

// outputArgs are the output flags of a job.
func outputArgs(f output.Format, out, plotPath string, p output.Precision, force bool) []string {
	a := []string{"--format", f.String()}
	if out != "" {
		a = append(a, "-o", out)
	}
	if plotPath != "" {
		a = append(a, "--plot", plotPath)
	}
	if p == output.Full {
		a = append(a, "--precision", "full")
	}
	if force {
		a = append(a, "--force")
	}
	return a
}

// LatLonText writes a position as e.g. "39.90°N 116.40°E" (dec decimals).
func LatLonText(lat, lon float64, dec int) string {
	return hemi(lat, dec, "N", "S") + " " + hemi(output.Longitude.Reduce(lon), dec, "E", "W")
}

// LatText and LonText write one angle with its hemisphere letter.
func LatText(v float64, dec int) string { return hemi(v, dec, "N", "S") }
func LonText(v float64, dec int) string { return hemi(output.Longitude.Reduce(v), dec, "E", "W") }

func hemi(v float64, dec int, pos, neg string) string {
	s := output.Fixed.Num(math.Abs(v), dec)
	if s == output.Fixed.Num(0, dec) {
		return s + "°"
	}
	if v < 0 {
		return s + "°" + neg
	}
	return s + "°" + pos
}

// writeFiles is a list of the files a job wrote.
type written []string

func (w *written) add(d output.Dest) {
	if !d.Stdout {
		*w = append(*w, d.Path)
	}
}
