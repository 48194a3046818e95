package job

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/figure"
	"github.com/gnssim/gnssim/cmd/gnssim/internal/output"
	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/dataset"
	"github.com/gnssim/gnssim/sim/integrity"
	"github.com/gnssim/gnssim/sim/plot"
)

// Defaults of `gnssim integrity`.
const (
	// IntegrityMaskDeg is the default elevation mask of integrity runs: 5°,
	// the mask of the ARAIM availability studies (WG-C ADD and Milestone
	// reports, Blanch et al. 2015) for an aircraft antenna, which sees the
	// horizon; the airborne error models are defined from 5° up.
	IntegrityMaskDeg = 5
	// IntegrityThresholdPct is the default availability threshold of the
	// region summary: the 99.5 % of the ARAIM availability studies.
	IntegrityThresholdPct = 99.5
	// integrityWork is the cost of one ARAIM evaluation in units of the
	// DOP receiver-epochs that Limits counts (~20 µs against ~40 ns): the
	// integrity limit is Limits.MaxReceiverEpochs / integrityWork
	// evaluations.
	integrityWork = 500
	// maxISMFileBytes bounds an --ism file.
	maxISMFileBytes = 1 << 20
)

// Integrity is `gnssim integrity`: ARAIM protection levels, effective
// monitor threshold, accuracy and service availability of each system
// alone and combined, at sites over a period (Sites), for skies read from
// a file (Geometry), or over a grid (Grid: a map of the combination,
// shardable).
type Integrity struct {
	Inputs
	Period
	Receiver     // Mask, MaskFile, Clock (per-system or common), ISBPrior and ISBSigmaNS
	Sites        []SiteArg
	Geometry     string        // --geometry FILE: skies instead of orbits
	Grid         *sim.GridSpec // --grid (and --region): a map
	RegionArg    string
	Service      integrity.Service // zero: LPV-200
	Rule         integrity.Rule
	ISMFile      string  // --ism FILE ("": the built-in defaults)
	ThresholdPct float64 // --availability-threshold, % (0: IntegrityThresholdPct)
	Summary      bool    // --summary: the statistics instead of the epochs
	Format       output.Format
	Output       string
	Plot         string
	Precision    output.Precision
	Force        bool
	Shard        *Shard
	CommandLine  []string // recorded in shard files (informational)
}

func (j *Integrity) service() integrity.Service {
	if j.Service.Name == "" {
		return integrity.LPV200
	}
	return j.Service
}

func (j *Integrity) thresholdPct() float64 {
	if j.ThresholdPct == 0 {
		return IntegrityThresholdPct
	}
	return j.ThresholdPct
}

// Args is the equivalent command line, the period's start as resolved in
// grid.
func (j *Integrity) Args(grid orbit.EpochGrid) []string {
	a := []string{"integrity"}
	if j.Geometry != "" {
		a = append(a, "--geometry", j.Geometry, "--systems", SystemsArg(j.systems()))
	} else {
		a = append(a, j.Inputs.Args()...)
		a = append(a, j.Period.Args(grid)...)
	}
	a = append(a, siteArgs(j.Sites)...)
	if j.Grid != nil {
		a = append(a, "--grid", output.G(j.Grid.CellDeg))
		if j.RegionArg != "" {
			a = append(a, "--region", j.RegionArg)
		}
	}
	a = append(a, j.MaskArgs()...)
	a = append(a, j.araimArgs()...)
	if j.Grid != nil {
		a = append(a, "--availability-threshold", output.G(j.thresholdPct()))
	}
	if j.Shard != nil {
		a = append(a, "--shard", fmt.Sprintf("%d/%d", j.Shard.Index, j.Shard.Count), "-o", j.Output)
		if j.Force {
			a = append(a, "--force")
		}
		return a
	}
	if j.Summary {
		a = append(a, "--summary")
	}
	return append(a, outputArgs(j.Format, j.Output, j.Plot, j.Precision, j.Force)...)
}

// araimArgs are the flags of the ARAIM parameters: service, rule, ISM file
// and the clock model (per-system is the default).
func (j *Integrity) araimArgs() []string {
	a := []string{"--service", j.service().Name, "--rule", j.Rule.String()}
	if j.ISMFile != "" {
		a = append(a, "--ism", j.ISMFile)
	}
	switch {
	case j.ISBPrior:
		a = append(a, "--isb-sigma", output.G(j.ISBSigmaNS))
	case j.Clock == sim.ClockCommon:
		a = append(a, "--clock", "common")
	}
	return a
}

// validate checks the parameters before any work.
func (j *Integrity) validate() error {
	n := 0
	for _, b := range []bool{len(j.Sites) > 0, j.Geometry != "", j.Grid != nil} {
		if b {
			n++
		}
	}
	if n != 1 {
		return Usagef("give one of --site SITE (repeatable), --geometry FILE or --grid DEG (a map); built-in cities: %s", CityNames())
	}
	if j.Grid != nil {
		if err := j.Grid.Validate(); err != nil {
			return Usagef("--grid/--region: %v", err)
		}
	} else if j.Shard != nil {
		return Usagef("--shard splits a map: give --grid DEG")
	}
	if j.Summary && j.Grid != nil {
		return Usagef("--summary applies to --site and --geometry runs; a map's summary is in its output")
	}
	if j.Geometry == "" {
		if err := j.Period.Validate(); err != nil {
			return err
		}
	} else if err := j.Inputs.Validate(); err != nil {
		return err
	}
	if err := j.service().Validate(); err != nil {
		return Usagef("--service: %v", err)
	}
	if j.Rule > integrity.Rule2012 {
		return Usagef("--rule: unknown rule %d", j.Rule)
	}
	switch {
	case j.ISBPrior && (!(j.ISBSigmaNS > 0) || j.ISBSigmaNS > 1e9):
		return Usagef("--isb-sigma %g: want a σ in nanoseconds, > 0 (0 is --clock common; a very large σ is --clock per-system)", j.ISBSigmaNS)
	case !j.ISBPrior && j.Clock == sim.ClockISBPrior:
		return Usagef("--clock isb-prior needs --isb-sigma NS")
	case j.Clock > sim.ClockISBPrior:
		return Usagef("--clock: unknown clock model %d", j.Clock)
	}
	if t := j.thresholdPct(); !(t > 0 && t <= 100) {
		return Usagef("--availability-threshold %g: want a percentage in (0, 100], e.g. 99.5", t)
	}
	if err := j.Mask.Validate(); err != nil {
		return Usagef("--mask: %v", err)
	}
	return nil
}

// readIntegrityISM reads an --ism file (nil for none).
func readIntegrityISM(path string) (*integrity.ISMFile, error) {
	if path == "" {
		return nil, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("--ism: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxISMFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("--ism %s: %w", path, err)
	}
	if len(data) > maxISMFileBytes {
		return nil, fmt.Errorf("--ism %s: larger than %d KiB; that is not an ISM file", path, maxISMFileBytes>>10)
	}
	out, err := integrity.ParseISM(path, data)
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// config is the ARAIM configuration of the job.
func (j *Integrity) config(file *integrity.ISMFile) integrity.Config {
	cfg := integrity.DefaultConfig()
	cfg.Service = j.service()
	cfg.Rule = j.Rule
	if file != nil {
		cfg.ISM, cfg.User = file.ISM, file.User
	}
	switch {
	case j.ISBPrior:
		cfg.ISBSigmaM = j.ISBSigmaNS * sim.MetresPerNanosecond
	case j.Clock == sim.ClockCommon:
		cfg.ISBSigmaM = 0
	}
	return cfg
}

// clockName is the clock model as recorded in the provenance: per-system
// (the ADD baseline), common or isb-prior.
func (j *Integrity) clockName() string {
	switch {
	case j.ISBPrior:
		return sim.ClockISBPrior.String()
	case j.Clock == sim.ClockCommon:
		return sim.ClockCommon.String()
	}
	return sim.ClockPerSystem.String()
}

// provenance records the clock model and the ISB prior in run.
func (j *Integrity) provenance(run *output.Provenance) {
	run.Clock = j.clockName()
	if j.ISBPrior {
		v := output.Exact(j.ISBSigmaNS)
		run.ISBSigmaNS = &v
	}
}

// model is the integrity model of the job for systems, checked.
func (j *Integrity) model(systems []ephemeris.System, cfg integrity.Config) (integrity.Model, error) {
	m := integrity.Model{Systems: systems, Mask: j.Mask, Config: cfg}
	if err := m.Validate(); err != nil {
		msg := strings.TrimPrefix(err.Error(), "integrity model: ")
		if strings.Contains(msg, "no ISM") || strings.Contains(msg, "user model") {
			return m, Usagef("--systems %s: %s; or leave the system out of --systems", SystemsArg(systems), msg)
		}
		return m, Usagef("%s", msg)
	}
	return m, nil
}

// integrityParams are the ARAIM parameters of a run, as recorded in the
// provenance (run.parameters.integrity) and printed in every report and
// figure caption.
type integrityParams struct {
	Service           integServiceParams  `json:"service"`
	Rule              string              `json:"rule"`
	Clock             string              `json:"clock"`
	ISBSigmaNS        *output.JSONNumber  `json:"isb_sigma_ns,omitempty"`
	ISBSigmaM         *output.JSONNumber  `json:"isb_sigma_m,omitempty"`
	ISMFile           string              `json:"ism_file,omitempty"`
	Systems           []integSystemParams `json:"systems"`
	TropoZenithSigmaM output.JSONNumber   `json:"tropo_zenith_sigma_m"`
	TolPLM            output.JSONNumber   `json:"tol_pl_m"`
	ThresholdPct      *output.JSONNumber  `json:"availability_threshold_pct,omitempty"`
}

// integServiceParams: alert limits (m; null: no requirement) and allocations.
type integServiceParams struct {
	Name          string            `json:"name"`
	VALM          output.JSONNumber `json:"val_m"`
	HALM          output.JSONNumber `json:"hal_m"`
	EMTMaxM       output.JSONNumber `json:"emt_max_m"`
	SigmaVAccMaxM output.JSONNumber `json:"sigma_v_acc_max_m"`
	PHMIVert      output.JSONNumber `json:"p_hmi_vert"`
	PHMIHor       output.JSONNumber `json:"p_hmi_hor"`
	PFAVert       output.JSONNumber `json:"p_fa_vert"`
	PFAHor        output.JSONNumber `json:"p_fa_hor"`
	PThres        output.JSONNumber `json:"p_thres"`
	PThresSat     output.JSONNumber `json:"p_thres_sat"`
	PThresConst   output.JSONNumber `json:"p_thres_const"`
	PEMT          output.JSONNumber `json:"p_emt"`
}

// integSystemParams: one system's ISM and airborne model.
type integSystemParams struct {
	System     string            `json:"system"`
	SigmaURAM  output.JSONNumber `json:"sigma_ura_m"`
	SigmaUREM  output.JSONNumber `json:"sigma_ure_m"`
	BNomM      output.JSONNumber `json:"b_nom_m"`
	PSat       output.JSONNumber `json:"p_sat"`
	PConst     output.JSONNumber `json:"p_const"`
	Assumed    bool              `json:"assumed"`
	Source     string            `json:"source"`
	F1MHz      output.JSONNumber `json:"user_f1_mhz"`
	F2MHz      output.JSONNumber `json:"user_f2_mhz"`
	Noise      string            `json:"user_noise"`
	UserAssume bool              `json:"user_assumed"`
	UserSource string            `json:"user_source"`
}

// newIntegrityParams describes cfg (resolved: default maps filled in) for
// the systems of a run.
func (j *Integrity) newIntegrityParams(cfg integrity.Config, systems []ephemeris.System) *integrityParams {
	s := cfg.Service
	p := &integrityParams{
		Service: integServiceParams{Name: s.Name, VALM: output.Exact(s.VALM), HALM: output.Exact(s.HALM), EMTMaxM: output.Exact(s.EMTMaxM),
			SigmaVAccMaxM: output.Exact(s.SigmaVAccMaxM), PHMIVert: output.Exact(s.PHMIVert), PHMIHor: output.Exact(s.PHMIHor),
			PFAVert: output.Exact(s.PFAVert), PFAHor: output.Exact(s.PFAHor), PThres: output.Exact(s.PThres),
			PThresSat: output.Exact(s.PThresSat), PThresConst: output.Exact(s.PThresConst), PEMT: output.Exact(s.PEMT)},
		Rule: cfg.Rule.String(), Clock: j.clockName(), ISMFile: j.ISMFile,
		TropoZenithSigmaM: output.Exact(cfg.TropoZenithSigmaM), TolPLM: output.Exact(cfg.TolPLM),
	}
	if j.ISBPrior {
		ns, m := output.Exact(j.ISBSigmaNS), output.Exact(cfg.ISBSigmaM)
		p.ISBSigmaNS, p.ISBSigmaM = &ns, &m
	}
	if j.Grid != nil {
		t := output.Exact(j.thresholdPct())
		p.ThresholdPct = &t
	}
	for _, sys := range systems {
		m, u := cfg.ISM[sys], cfg.User[sys]
		p.Systems = append(p.Systems, integSystemParams{System: sys.String(), SigmaURAM: output.Exact(m.SigmaURAM), SigmaUREM: output.Exact(m.SigmaUREM),
			BNomM: output.Exact(m.BNomM), PSat: output.Exact(m.PSat), PConst: output.Exact(m.PConst), Assumed: m.Assumed, Source: m.Source,
			F1MHz: output.Exact(u.F1MHz), F2MHz: output.Exact(u.F2MHz), Noise: u.Noise.String(), UserAssume: u.Assumed, UserSource: u.Source})
	}
	return p
}

// integNum writes a parameter for people: at most 4 significant digits,
// small probabilities with an exponent without padding (1e-5, 9.8e-8),
// "none" for +Inf (no requirement).
func integNum(v float64) string {
	switch {
	case math.IsInf(v, 0) || math.IsNaN(v):
		return "none"
	case v != 0 && math.Abs(v) < 1e-3:
		s := strconv.FormatFloat(v, 'e', -1, 64)
		mant, exp, _ := strings.Cut(s, "e")
		sign := ""
		if exp[0] == '-' {
			sign = "-"
		}
		return mant + "e" + sign + strings.TrimLeft(exp[1:], "0")
	case math.Abs(v) >= 1e4:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

// limited reports whether a service limit is a requirement: +Inf (null
// once read back from a shard's run object, NaN) is none.
func limited(v float64) bool { return !math.IsInf(v, 0) && !math.IsNaN(v) }

// noiseText describes an airborne noise curve.
func noiseText(name string) string {
	switch name {
	case integrity.NoiseGPS.String():
		return "GPS curves"
	case integrity.NoiseGalileoTable.String():
		return "GPS multipath curve and Galileo noise table"
	}
	return name
}

// caption is the description of the run's assumptions that every report
// and figure carries: the service and its limits, the fault-mode rule, the
// clock model and mask, then per system its ISM and airborne model, with
// "assumed study values" where no operator publishes them.
func (p *integrityParams) caption(maskText string) []string {
	s := &p.Service
	var lim []string
	if limited(s.VALM.V) {
		lim = append(lim, "VAL "+integNum(s.VALM.V)+" m")
	}
	lim = append(lim, "HAL "+integNum(s.HALM.V)+" m")
	if limited(s.EMTMaxM.V) {
		lim = append(lim, "EMT ≤ "+integNum(s.EMTMaxM.V)+" m")
	}
	if limited(s.SigmaVAccMaxM.V) {
		lim = append(lim, "σv,acc ≤ "+integNum(s.SigmaVAccMaxM.V)+" m")
	}
	if !(s.PHMIVert.V > 0) {
		lim = append(lim, "horizontal only")
	}
	clock := "a receiver clock per constellation"
	switch p.Clock {
	case sim.ClockCommon.String():
		clock = "one common receiver clock (inter-system biases known)"
	case sim.ClockISBPrior.String():
		clock = fmt.Sprintf("inter-system-bias prior σ %s ns (%s m)", integNum(p.ISBSigmaNS.V), integNum(p.ISBSigmaM.V))
	}
	rule := "ADD fault-mode rule"
	if p.Rule == integrity.Rule2012.String() {
		rule = "2012 fault-mode rule"
	}
	lines := []string{fmt.Sprintf("ARAIM %s (%s), %s, %s, %s.", s.Name, strings.Join(lim, ", "), rule, clock, maskText)}
	for _, sp := range p.Systems {
		title := sp.System
		if sys, err := ephemeris.ParseSystem(sp.System); err == nil {
			title = sys.Title()
		}
		l := fmt.Sprintf("%s: ISM σURA %s m, σURE %s m, bnom %s m, Psat %s, Pconst %s", title, integNum(sp.SigmaURAM.V), integNum(sp.SigmaUREM.V),
			integNum(sp.BNomM.V), integNum(sp.PSat.V), integNum(sp.PConst.V))
		if sp.Assumed {
			l += " (assumed study values)"
		}
		l += fmt.Sprintf("; airborne model: %s on %s/%s MHz", noiseText(sp.Noise), output.G(sp.F1MHz.V), output.G(sp.F2MHz.V))
		if sp.UserAssume {
			l += " (assumed study values)"
		}
		lines = append(lines, l+".")
	}
	if p.ISMFile != "" {
		lines = append(lines, "ISM values from "+baseName(p.ISMFile)+".")
	}
	return lines
}

// assumptions are the provenance notes for the assumed values.
func (p *integrityParams) assumptions() []string {
	var out []string
	for _, sp := range p.Systems {
		title := sp.System
		if sys, err := ephemeris.ParseSystem(sp.System); err == nil {
			title = sys.Title()
		}
		if sp.Assumed {
			out = append(out, fmt.Sprintf("%s ISM: assumed study values: %s", title, sp.Source))
		}
		if sp.UserAssume {
			out = append(out, fmt.Sprintf("%s airborne user model: assumed study values: %s", title, sp.UserSource))
		}
	}
	return out
}

// integrityOutputs are the checked destinations of a run.
type integrityOutputs struct {
	format    output.Format
	prec      output.Precision
	out       output.Dest
	plotFmt   plot.Format
	plots     []output.Dest // one per site (series) or one (map)
	shardDest *output.Dest
}

func (j *Integrity) checkOutputs(siteNames []string) (*integrityOutputs, error) {
	o := &integrityOutputs{format: j.Format, prec: j.Precision}
	if j.Shard != nil {
		if j.Output == "" || output.IsStdout(j.Output) {
			return nil, Usagef("--shard needs -o FILE for the shard file, e.g. -o shards/shard-%d.json", j.Shard.Index)
		}
		if j.Plot != "" {
			return nil, Usagef("--plot does not apply to a shard; give it to 'gnssim merge', which writes the final output")
		}
		d, err := output.ParseDest("-o", j.Output)
		if err != nil {
			return nil, err
		}
		o.shardDest = &d
		return o, nil
	}
	var err error
	if o.out, err = output.ParseDest("-o", j.Output); err != nil {
		return nil, err
	}
	dests := []output.Dest{o.out}
	if j.Plot != "" {
		if o.plotFmt, err = output.PlotFormat("--plot", j.Plot); err != nil {
			return nil, Usagef("%v", err)
		}
		paths := []string{j.Plot}
		if j.Grid == nil {
			keys := FileKeys(integSitesNamed(siteNames))
			paths = paths[:0]
			for _, k := range keys {
				paths = append(paths, PlotPath(j.Plot, k, len(keys)))
			}
		}
		for _, p := range paths {
			d, err := output.ParseDest("--plot", p)
			if err != nil {
				return nil, err
			}
			o.plots = append(o.plots, d)
		}
		dests = append(dests, o.plots...)
	}
	if err := output.Distinct(dests...); err != nil {
		return nil, Usagef("%v", err)
	}
	return o, nil
}

func integSitesNamed(names []string) []sim.Site {
	out := make([]sim.Site, len(names))
	for i, n := range names {
		out[i].Name = n
	}
	return out
}

// setup loads the data of an integrity run over a period (sites or a map)
// and makes its epochs, its model of each system alone and combined, and
// the evaluator.
func (j *Integrity) setup(env *Env, cfg integrity.Config) (*dataset.Dataset, orbit.EpochGrid, integrity.Model, *integrity.Evaluator, error) {
	ds, err := env.load(j.Inputs, j.Period.identifyAt(), false)
	if err != nil {
		return nil, orbit.EpochGrid{}, integrity.Model{}, nil, err
	}
	grid, err := j.Period.Grid(ds)
	if err != nil {
		return nil, grid, integrity.Model{}, nil, err
	}
	model, err := j.model(ds.Systems, cfg)
	if err != nil {
		return nil, grid, model, nil, err
	}
	ev, err := integrity.NewEvaluator(cfg)
	return ds, grid, model, ev, err
}

// Run evaluates the sites, the sky file or the map and writes the outputs;
// it returns the files written.
func (j *Integrity) Run(ctx context.Context, env *Env) ([]string, error) {
	if err := j.validate(); err != nil {
		return nil, err
	}
	var names []string
	for _, s := range j.Sites {
		names = append(names, s.Site.Name)
	}
	if j.Geometry != "" {
		names = []string{baseName(j.Geometry)}
	}
	outs, err := j.checkOutputs(names)
	if err != nil {
		return nil, err
	}
	ism, err := readIntegrityISM(j.ISMFile)
	if err != nil {
		return nil, err
	}
	cfg := j.config(ism)
	if j.Geometry != "" {
		return j.runSky(ctx, env, cfg, outs)
	}
	ds, grid, model, ev, err := j.setup(env, cfg)
	if err != nil {
		return nil, err
	}
	params := j.newIntegrityParams(ev.Config(), ds.Systems)
	run := output.NewProvenance(env.Version, "integrity", j.Precision).WithDataset(ds).WithPeriod(grid).WithMask(j.Mask, j.MaskFile)
	run.Set("integrity", params)
	run.Notes = params.assumptions()
	j.provenance(run)
	lim := env.limits()
	lim.MaxReceiverEpochs /= integrityWork
	lim.WorkUnit = "ARAIM evaluations"
	if j.Grid != nil {
		return j.runMap(ctx, env, ds.Systems, grid, model, params, run, outs, lim, func() (sim.Source, error) {
			src, _, err := env.passes(ctx, ds, grid, j.Strict, 1)
			if err != nil {
				return nil, err
			}
			return src(), nil
		}, func() error { return env.checkSpan(ds, grid, j.Force) }, len(ds.Selected))
	}
	sites := sitesOf(j.Sites)
	nv := len(model.Variants())
	cost := sim.Cost{
		Bytes:           sim.SiteSeriesCost(len(ds.Selected), 1, grid.N, 0, false, sim.Exec{}).Bytes + int64(min(grid.N, sim.DefaultChunkEpochs))*int64(nv)*int64(unsafe.Sizeof(integrity.Result{})),
		ReceiverEpochs:  float64(len(sites)) * float64(grid.N) * float64(nv),
		SatelliteEpochs: float64(len(ds.Selected)) * float64(grid.N),
	}.Plus(passCost(ds, grid, len(sites)))
	if j.Plot != "" {
		cost.Bytes += int64(len(sites)) * int64(grid.N) * int64(nv) * 16
	}
	if err := lim.Check(cost, j.Force, "--step, --duration or the number of --site"); err != nil {
		return nil, err
	}
	if err := env.checkSpan(ds, grid, j.Force); err != nil {
		return nil, err
	}
	sources, _, err := env.passes(ctx, ds, grid, j.Strict, len(sites))
	if err != nil {
		return nil, err
	}
	run.WithSites(sites)
	title := fmt.Sprintf("%s ARAIM integrity, %s to %s (step %s, %d epochs)", integVariantsTitle(model), run.Period.StartUTC, run.Period.EndUTC, FormatDuration(grid.Step), grid.N)
	prog := env.progress("integrity")
	defer prog.Done()
	eval := func(i int, fn func(c *integrity.SeriesChunk) error) error {
		x := sim.Exec{Progress: func(done, total int) { prog.Update(i*total+done, len(sites)*total) }}
		return integrity.SiteSeries(ctx, sources(), grid, sites[i:i+1], model, x, fn)
	}
	return j.writeSeries(ctx, env, run, params, model, sites, grid.N, title, eval, outs)
}

// integVariantsTitle is e.g. "GLONASS, BeiDou and GLONASS+BeiDou".
func integVariantsTitle(m integrity.Model) string {
	var names []string
	for _, v := range m.Variants() {
		names = append(names, figure.VariantTitle(v.Name))
	}
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// runSky evaluates a sky file.
func (j *Integrity) runSky(ctx context.Context, env *Env, cfg integrity.Config, outs *integrityOutputs) ([]string, error) {
	f, err := os.Open(j.Geometry)
	if err != nil {
		return nil, fmt.Errorf("--geometry: %w", err)
	}
	data, err := io.ReadAll(io.LimitReader(f, integrity.MaxSkyBytes+1))
	f.Close()
	if err != nil {
		return nil, fmt.Errorf("--geometry %s: %w", j.Geometry, err)
	}
	skies, err := integrity.ParseSky(j.Geometry, bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	systems := j.systems()
	model, err := j.model(systems, cfg)
	if err != nil {
		return nil, err
	}
	ev, err := integrity.NewEvaluator(cfg)
	if err != nil {
		return nil, err
	}
	nv := len(model.Variants())
	cost := sim.Cost{Bytes: int64(len(data)) * 2, ReceiverEpochs: float64(len(skies)) * float64(nv)}
	lim := env.limits()
	lim.MaxReceiverEpochs /= integrityWork
	lim.WorkUnit = "ARAIM evaluations"
	if err := lim.Check(cost, j.Force, "the number of epochs of --geometry"); err != nil {
		return nil, err
	}
	// rows of other systems are left out, with a note
	left := map[ephemeris.System]int{}
	want := map[ephemeris.System]bool{}
	for _, s := range systems {
		want[s] = true
	}
	for _, s := range skies {
		for _, p := range s.Sats {
			if !want[p.System] {
				left[p.System]++
			}
		}
	}
	for _, sys := range ephemeris.Systems {
		if n := left[sys]; n > 0 {
			env.note(integNote(fmt.Sprintf("%s: %d rows of %s satellites left out (not in --systems %s)", j.Geometry, n, sys.Title(), SystemsArg(systems))))
		}
	}
	sum := sha256.Sum256(data)
	params := j.newIntegrityParams(ev.Config(), systems)
	run := output.NewProvenance(env.Version, "integrity", j.Precision).WithSystems(systems).WithMask(j.Mask, j.MaskFile)
	run.Set("integrity", params)
	run.Set("geometry", struct {
		File     string `json:"file"`
		SHA256   string `json:"sha256"`
		Epochs   int    `json:"epochs"`
		FirstUTC string `json:"first_utc"`
		LastUTC  string `json:"last_utc"`
	}{j.Geometry, hex.EncodeToString(sum[:]), len(skies), output.FormatTime(skies[0].Time), output.FormatTime(skies[len(skies)-1].Time)})
	run.Notes = params.assumptions()
	j.provenance(run)
	name := baseName(j.Geometry)
	title := fmt.Sprintf("%s ARAIM integrity, sky file %s: %d epochs, %s to %s", integVariantsTitle(model), name, len(skies),
		output.FormatTime(skies[0].Time), output.FormatTime(skies[len(skies)-1].Time))
	if len(skies) == 1 {
		title = fmt.Sprintf("%s ARAIM integrity, sky file %s: one epoch, %s", integVariantsTitle(model), name, output.FormatTime(skies[0].Time))
	}
	prog := env.progress("integrity")
	defer prog.Done()
	eval := func(_ int, fn func(c *integrity.SeriesChunk) error) error {
		return integrity.SkySeries(ctx, name, skies, model, sim.Exec{Progress: prog.Update}, fn)
	}
	return j.writeSeries(ctx, env, run, params, model, []sim.Site{{Name: name}}, len(skies), title, eval, outs)
}

// integStats are the statistics of one site and variant over its epochs.
type integStats struct {
	epochs, monitored, met int
	sumV, sumH             float64
	maxV, maxH, maxE, maxS float64
	minSats, maxModes      int
}

func newIntegStats() integStats {
	inf := math.Inf(-1)
	return integStats{maxV: inf, maxH: inf, maxE: inf, maxS: inf, minSats: math.MaxInt}
}

func (s *integStats) add(r *integrity.Result, svc *integrity.Service) {
	s.epochs++
	s.minSats = min(s.minSats, r.NumSats)
	if !r.Available {
		return
	}
	s.monitored++
	if r.Check(*svc).OK() {
		s.met++
	}
	s.sumV += r.VPLM
	s.sumH += r.HPLM
	s.maxV = integNanMax(s.maxV, r.VPLM)
	s.maxH = math.Max(s.maxH, r.HPLM)
	s.maxE = integNanMax(s.maxE, r.EMTM)
	s.maxS = integNanMax(s.maxS, r.SigmaVAccM)
	s.maxModes = max(s.maxModes, r.NumModes)
}

func integNanMax(a, b float64) float64 {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.NaN()
	}
	return math.Max(a, b)
}

func (s *integStats) mean(sum float64) float64 {
	if s.monitored == 0 {
		return math.NaN()
	}
	return sum / float64(s.monitored)
}

func (s *integStats) worst(v float64) float64 {
	if s.monitored == 0 {
		return math.NaN()
	}
	return v
}

// integSummaryColumns are the columns of the statistics table.
var integSummaryColumns = []output.Column{
	{Name: "site"}, {Name: "variant"}, {Name: "epochs", Kind: output.Int}, {Name: "monitored_epochs", Kind: output.Int},
	{Name: "met_epochs", Kind: output.Int}, {Name: "availability_pct", Kind: output.Number, Decimals: 3},
	{Name: "mean_vpl_m", Kind: output.Number, Decimals: 2}, {Name: "max_vpl_m", Kind: output.Number, Decimals: 2},
	{Name: "mean_hpl_m", Kind: output.Number, Decimals: 2}, {Name: "max_hpl_m", Kind: output.Number, Decimals: 2},
	{Name: "max_emt_m", Kind: output.Number, Decimals: 2}, {Name: "max_sigma_v_acc_m", Kind: output.Number, Decimals: 3},
	{Name: "min_sats", Kind: output.Int}, {Name: "max_modes", Kind: output.Int},
}

// integSummaryRow writes one statistics row.
func integSummaryRow(tw *output.Writer, site, variant string, s *integStats) error {
	tw.Str(site)
	tw.Str(variant)
	tw.Int(s.epochs)
	tw.Int(s.monitored)
	tw.Int(s.met)
	tw.Num(100 * float64(s.met) / float64(max(s.epochs, 1)))
	tw.Num(s.mean(s.sumV))
	tw.Num(s.worst(s.maxV))
	tw.Num(s.mean(s.sumH))
	tw.Num(s.worst(s.maxH))
	tw.Num(s.worst(s.maxE))
	tw.Num(s.worst(s.maxS))
	tw.Int(s.minSats)
	tw.Int(s.maxModes)
	return tw.End()
}

// integSummaryJSON is one statistics row in a JSON document's "summary".
type integSummaryJSON struct {
	Site            string            `json:"site"`
	Variant         string            `json:"variant"`
	Epochs          int               `json:"epochs"`
	MonitoredEpochs int               `json:"monitored_epochs"`
	MetEpochs       int               `json:"met_epochs"`
	AvailabilityPct output.JSONNumber `json:"availability_pct"`
	MeanVPLM        output.JSONNumber `json:"mean_vpl_m"`
	MaxVPLM         output.JSONNumber `json:"max_vpl_m"`
	MeanHPLM        output.JSONNumber `json:"mean_hpl_m"`
	MaxHPLM         output.JSONNumber `json:"max_hpl_m"`
	MaxEMTM         output.JSONNumber `json:"max_emt_m"`
	MaxSigmaVAccM   output.JSONNumber `json:"max_sigma_v_acc_m"`
	MinSats         int               `json:"min_sats"`
	MaxModes        int               `json:"max_modes"`
}

// integVariantKey is a variant name as a column suffix: glonass_beidou.
func integVariantKey(name string) string { return strings.ReplaceAll(name, "+", "_") }

// integSeriesColumns are the columns of the epoch table: site, time, then per
// variant the satellites, modes, protection levels, EMT, σ_v,acc, the
// service check and the reason when it is not met.
func integSeriesColumns(variants []sim.Variant) []output.Column {
	cols := []output.Column{{Name: "site"}, {Name: "time_utc"}}
	for _, v := range variants {
		k := integVariantKey(v.Name)
		cols = append(cols,
			output.Column{Name: "n_sats_" + k, Kind: output.Int}, output.Column{Name: "modes_" + k, Kind: output.Int},
			output.Column{Name: "vpl_m_" + k, Kind: output.Number, Decimals: 2}, output.Column{Name: "hpl_m_" + k, Kind: output.Number, Decimals: 2},
			output.Column{Name: "emt_m_" + k, Kind: output.Number, Decimals: 2}, output.Column{Name: "sigma_v_acc_m_" + k, Kind: output.Number, Decimals: 3},
			output.Column{Name: "service_" + k}, output.Column{Name: "reason_" + k})
	}
	return cols
}

// integServiceText is the service check of a result: "met", "not_met" with the
// requirements missed ("vpl_above_val;emt_above_max"), or "unavailable"
// with the reason.
func integServiceText(r *integrity.Result, svc *integrity.Service) (string, string) {
	if !r.Available {
		return "unavailable", r.Reason.String()
	}
	c := r.Check(*svc)
	if c.OK() {
		return "met", ""
	}
	var why []string
	if !c.VPL {
		why = append(why, "vpl_above_val")
	}
	if !c.HPL {
		why = append(why, "hpl_above_hal")
	}
	if !c.EMT {
		why = append(why, "emt_above_max")
	}
	if !c.Accuracy {
		why = append(why, "sigma_v_acc_above_max")
	}
	return "not_met", strings.Join(why, ";")
}

// writeSeries writes the epoch table (or with Summary the statistics) of
// the receivers, evaluated one after the other by eval, and their figures.
func (j *Integrity) writeSeries(ctx context.Context, env *Env, run *output.Provenance, params *integrityParams, model integrity.Model,
	sites []sim.Site, nEpochs int, title string, eval func(i int, fn func(c *integrity.SeriesChunk) error) error, o *integrityOutputs) ([]string, error) {
	variants := model.Variants()
	nv := len(variants)
	svc := j.service()
	vertical := svc.Vertical()
	caption := params.caption(j.MaskText())
	head := append([]string{title}, caption...)
	head = append(head, "")
	stats := make([]integStats, len(sites)*nv)
	for i := range stats {
		stats[i] = newIntegStats()
	}
	var vpl, hpl [][]float64
	var times [][]time.Time
	if j.Plot != "" {
		vpl, hpl = make([][]float64, len(sites)*nv), make([][]float64, len(sites)*nv)
		times = make([][]time.Time, len(sites))
		for i := range vpl {
			vpl[i], hpl[i] = make([]float64, nEpochs), make([]float64, nEpochs)
		}
		for i := range times {
			times[i] = make([]time.Time, nEpochs)
		}
	}
	var table *output.Table
	if j.Summary {
		table = &output.Table{Columns: integSummaryColumns, Run: run, RowsKey: "summary", Head: head}
	} else {
		table = &output.Table{Columns: integSeriesColumns(variants), Run: run, RowsKey: "epochs", Head: head}
	}
	var files written
	err := o.out.Write(ctx, env.Stdout, func(w io.Writer) error {
		tw, err := output.NewWriter(w, o.format, o.prec, table)
		if err != nil {
			return err
		}
		for i, s := range sites {
			err := eval(i, func(c *integrity.SeriesChunk) error {
				for k, t := range c.Times {
					if !j.Summary {
						tw.Str(s.Name)
						tw.Str(output.FormatTime(t))
					}
					for v := 0; v < nv; v++ {
						r := c.At(0, k, v)
						stats[i*nv+v].add(r, &svc)
						if times != nil {
							vpl[i*nv+v][c.K0+k], hpl[i*nv+v][c.K0+k] = r.VPLM, r.HPLM
						}
						if j.Summary {
							continue
						}
						tw.Int(r.NumSats)
						if r.Available {
							tw.Int(r.NumModes)
						} else {
							tw.Empty()
						}
						tw.Num(r.VPLM)
						tw.Num(r.HPLM)
						tw.Num(r.EMTM)
						tw.Num(r.SigmaVAccM)
						st, why := integServiceText(r, &svc)
						tw.Str(st)
						tw.Str(why)
					}
					if times != nil {
						times[i][c.K0+k] = t
					}
					if !j.Summary {
						if err := tw.End(); err != nil {
							return err
						}
					}
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		if j.Summary {
			for i, s := range sites {
				for v, vr := range variants {
					if err := integSummaryRow(tw, s.Name, vr.Name, &stats[i*nv+v]); err != nil {
						return err
					}
				}
			}
			return tw.Close(nil)
		}
		var tail []output.KV
		var foot []string
		switch o.format {
		case output.JSON:
			var rows []integSummaryJSON
			p := o.prec
			for i, s := range sites {
				for v, vr := range variants {
					st := &stats[i*nv+v]
					rows = append(rows, integSummaryJSON{Site: s.Name, Variant: vr.Name, Epochs: st.epochs, MonitoredEpochs: st.monitored, MetEpochs: st.met,
						AvailabilityPct: p.JSON(100*float64(st.met)/float64(max(st.epochs, 1)), 3), MeanVPLM: p.JSON(st.mean(st.sumV), 2),
						MaxVPLM: p.JSON(st.worst(st.maxV), 2), MeanHPLM: p.JSON(st.mean(st.sumH), 2), MaxHPLM: p.JSON(st.worst(st.maxH), 2),
						MaxEMTM: p.JSON(st.worst(st.maxE), 2), MaxSigmaVAccM: p.JSON(st.worst(st.maxS), 3), MinSats: st.minSats, MaxModes: st.maxModes})
				}
			}
			tail = []output.KV{{Key: "summary", Value: rows}}
		case output.Text:
			var b bytes.Buffer
			sw, err := output.NewWriter(&b, output.Text, o.prec, &output.Table{Columns: integSummaryColumns})
			if err != nil {
				return err
			}
			for i, s := range sites {
				for v, vr := range variants {
					if err := integSummaryRow(sw, s.Name, vr.Name, &stats[i*nv+v]); err != nil {
						return err
					}
				}
			}
			if err := sw.Close(nil); err != nil {
				return err
			}
			foot = append([]string{"", "statistics (availability: epochs with the service met; means and maxima over the epochs with a result):"},
				strings.Split(strings.TrimRight(b.String(), "\n"), "\n")...)
		}
		return tw.Close(tail, foot...)
	})
	if err != nil {
		return files, err
	}
	files.add(o.out)
	if j.Plot == "" {
		return files, nil
	}
	for i, s := range sites {
		vs, hs := figure.ProtectionLevelSeries(times[i], variants, vpl[i*nv:(i+1)*nv], hpl[i*nv:(i+1)*nv], vertical)
		where := s.Name
		if j.Geometry == "" {
			where = fmt.Sprintf("%s (%s)", s.Name, LatLonText(s.LatDeg, s.LonDeg, 2))
		}
		period := figure.PeriodShort(orbit.EpochGrid{Start: times[i][0], Step: 1, N: 1})
		if n := len(times[i]); n > 1 {
			period = integPeriodText(times[i][0], times[i][n-1])
		}
		opt := plot.ProtectionLevelOptions{
			Title:   fmt.Sprintf("%s: ARAIM %s protection levels, %s", where, svc.Name, period),
			VALM:    svc.VALM,
			HALM:    svc.HALM,
			Caption: caption,
		}
		err := o.plots[i].Write(ctx, env.Stdout, func(w io.Writer) error { return plot.ProtectionLevels(w, o.plotFmt, vs, hs, opt) })
		if err != nil {
			return files, fmt.Errorf("--plot: %w", err)
		}
		files.add(o.plots[i])
	}
	return files, nil
}

// integPeriodText is a compact UTC period for titles.
func integPeriodText(a, b time.Time) string {
	if b.Sub(a)%time.Second != 0 || a.Nanosecond() != 0 {
		return output.FormatTime(a) + " to " + output.FormatTime(b)
	}
	return figure.PeriodShort(orbit.EpochGrid{Start: a, Step: b.Sub(a), N: 2})
}

// integMapColumns are the columns of an integrity map (decimals: angles 4,
// percentages 3, mean visible 3, metres 2, σ 3).
var integMapColumns = []output.Column{
	{Name: "lat_deg", Kind: output.Number, Decimals: 4}, {Name: "lon_deg", Kind: output.Number, Decimals: 4, Wrap: output.Longitude},
	{Name: "availability_pct", Kind: output.Number, Decimals: 3}, {Name: "monitored_pct", Kind: output.Number, Decimals: 3},
	{Name: "mean_visible", Kind: output.Number, Decimals: 3}, {Name: "min_visible", Kind: output.Int},
	{Name: "mean_vpl_m", Kind: output.Number, Decimals: 2}, {Name: "max_vpl_m", Kind: output.Number, Decimals: 2},
	{Name: "mean_hpl_m", Kind: output.Number, Decimals: 2}, {Name: "max_hpl_m", Kind: output.Number, Decimals: 2},
	{Name: "max_emt_m", Kind: output.Number, Decimals: 2}, {Name: "max_sigma_v_acc_m", Kind: output.Number, Decimals: 3},
	{Name: "max_modes", Kind: output.Int},
}

// integRegionJSON is the region summary of a map in JSON.
type integRegionJSON struct {
	Cells              int               `json:"cells"`
	Epochs             int               `json:"epochs"`
	Weighting          string            `json:"weighting"`
	ThresholdPct       output.JSONNumber `json:"availability_threshold_pct"`
	CellsMeeting       int               `json:"cells_meeting"`
	AreaMeetingPct     output.JSONNumber `json:"area_meeting_pct"`
	MeanAvailabilityPc output.JSONNumber `json:"mean_availability_pct"`
	MinAvailabilityPct output.JSONNumber `json:"min_availability_pct"`
	MonitoredPct       output.JSONNumber `json:"monitored_pct"`
	MaxVPLM            output.JSONNumber `json:"max_vpl_m"`
	MaxHPLM            output.JSONNumber `json:"max_hpl_m"`
}

// integAreaWeighting states how the region summary weights cells.
const integAreaWeighting = "cells weighted by the cosine of their centre latitude, i.e. by their area on a sphere"

// runMap computes the map (or a shard of it) and writes it.
func (j *Integrity) runMap(ctx context.Context, env *Env, systems []ephemeris.System, grid orbit.EpochGrid, model integrity.Model, params *integrityParams,
	run *output.Provenance, o *integrityOutputs, lim Limits, source func() (sim.Source, error), span func() error, nSats int) ([]string, error) {
	nLat, nLon := j.Grid.Dims()
	r0, r1 := 0, nLat
	if j.Shard != nil {
		r0, r1 = sim.ShardRows(j.Shard.Index, j.Shard.Count, nLat)
	}
	cells := (r1 - r0) * nLon
	cost := sim.CoverageCost(nSats, cells, grid.N, 2, sim.Exec{})
	smaller := "--grid, --region, --step or --duration"
	if j.Shard == nil {
		smaller += ", or split the map with --shard"
	}
	if err := lim.Check(cost, j.Force, smaller); err != nil {
		return nil, err
	}
	if err := span(); err != nil {
		return nil, err
	}
	run.WithGrid(*j.Grid)
	var m *integrity.MapResult
	if r1 > r0 {
		src, err := source()
		if err != nil {
			return nil, err
		}
		label := "integrity map"
		if j.Shard != nil {
			label = fmt.Sprintf("integrity shard %d/%d", j.Shard.Index, j.Shard.Count)
		}
		prog := env.progress(label)
		m, err = integrity.Map(ctx, src, grid, *j.Grid, model, integrity.MapOptions{Exec: sim.Exec{Progress: prog.Update}, RowStart: r0, RowEnd: r1})
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
		sh, err := integrity.NewMapShard(env.Version, j.CommandLine, runJSON, *j.Grid, model, grid.N, j.Shard.Index, j.Shard.Count, m)
		if err != nil {
			return nil, err
		}
		if err := o.shardDest.Write(ctx, env.Stdout, func(w io.Writer) error { _, err := sh.WriteTo(w); return err }); err != nil {
			return nil, err
		}
		return []string{j.Output}, nil
	}
	return writeIntegrityMap(ctx, env, run, params, m, o)
}

// writeIntegrityMap writes the table and the figure of a map (integrity
// and merge).
func writeIntegrityMap(ctx context.Context, env *Env, run *output.Provenance, params *integrityParams, m *integrity.MapResult, o *integrityOutputs) ([]string, error) {
	thr := IntegrityThresholdPct
	if params.ThresholdPct != nil {
		thr = params.ThresholdPct.V
	}
	sum := integrity.Summarize(m, thr/100)
	p := o.prec
	rj := integRegionJSON{Cells: sum.Cells, Epochs: m.Epochs, Weighting: integAreaWeighting, ThresholdPct: output.Exact(thr), CellsMeeting: sum.CellsMeeting,
		AreaMeetingPct: p.JSON(100*sum.Coverage, 3), MeanAvailabilityPc: p.JSON(100*sum.MeanAvailability, 3),
		MinAvailabilityPct: p.JSON(100*sum.MinAvailability, 3), MonitoredPct: p.JSON(100*sum.Monitored, 3),
		MaxVPLM: p.JSON(sum.MaxVPLM, 2), MaxHPLM: p.JSON(sum.MaxHPLM, 2)}
	txt := func(v output.JSONNumber) string {
		b, _ := v.MarshalJSON()
		if string(b) == "null" {
			return "n/a"
		}
		return string(b)
	}
	mask := maskTextOf(run.Mask)
	caption := params.caption(mask)
	g := run.Grid
	regionLine := fmt.Sprintf("region (%d cells, %s): availability ≥ %s %% on %s %% of the area (%d cells); mean availability %s %%, lowest %s %%; epochs with a result %s %%; worst VPL %s m, worst HPL %s m",
		sum.Cells, integAreaWeighting, output.G(thr), txt(rj.AreaMeetingPct), sum.CellsMeeting, txt(rj.MeanAvailabilityPc), txt(rj.MinAvailabilityPct),
		txt(rj.MonitoredPct), txt(rj.MaxVPLM), txt(rj.MaxHPLM))
	stepS := time.Duration(math.Round(run.Period.StepS.V * 1e9))
	head := []string{fmt.Sprintf("%s ARAIM %s availability map, %s to %s (step %s, %d epochs), %s",
		systemsTitleOf(run.Systems), params.Service.Name, run.Period.StartUTC, run.Period.EndUTC, FormatDuration(stepS), run.Period.Epochs, mask)}
	head = append(head, caption...)
	head = append(head, fmt.Sprintf("grid %s° cells, lat %s..%s, lon %s..%s: %d × %d cells", txt(g.CellDeg), txt(g.LatMinDeg), txt(g.LatMaxDeg), txt(g.LonMinDeg), txt(g.LonMaxDeg), m.NLat, m.NLon), "")
	t := &output.Table{Columns: integMapColumns, Run: run, RowsKey: "cells", Meta: []output.KV{{Key: "summary", Value: rj}}, Head: head}
	var files written
	err := o.out.Write(ctx, env.Stdout, func(w io.Writer) error {
		tw, err := output.NewWriter(w, o.format, o.prec, t)
		if err != nil {
			return err
		}
		for i := 0; i < m.NLat; i++ {
			for jj := 0; jj < m.NLon; jj++ {
				c := i*m.NLon + jj
				tw.Num(m.LatDeg[i])
				tw.Num(m.LonDeg[jj])
				tw.Num(100 * m.Availability(c))
				tw.Num(100 * m.Monitored(c))
				tw.Num(m.MeanVisible[c])
				tw.Int(m.MinVisible[c])
				tw.Num(m.MeanVPLM[c])
				tw.Num(m.MaxVPLM[c])
				tw.Num(m.MeanHPLM[c])
				tw.Num(m.MaxHPLM[c])
				tw.Num(m.MaxEMTM[c])
				tw.Num(m.MaxSigmaVAccM[c])
				tw.Int(m.MaxModes[c])
				if err := tw.End(); err != nil {
					return err
				}
			}
		}
		return tw.Close(nil, "", regionLine)
	})
	if err != nil {
		return nil, err
	}
	files.add(o.out)
	if len(o.plots) == 0 {
		return files, nil
	}
	layer, lo, _ := figure.AvailabilityLayer(m)
	scaleLo := math.Min(90, 10*math.Floor(lo/10))
	opt := plot.IntegrityMapOptions{MapOptions: plot.MapOptions{
		Title: fmt.Sprintf("%s ARAIM %s availability, %s, %s", systemsTitleOf(run.Systems), params.Service.Name, mask, periodOfRun(run)),
		Label: "availability % (" + params.Service.Name + ")", Region: figure.Region(m.Grid), ValueMin: scaleLo, ValueMax: 100},
		Caption: append(append([]string(nil), caption...), fmt.Sprintf("Availability ≥ %s %% on %s %% of the area (%s).", output.G(thr), txt(rj.AreaMeetingPct), integAreaWeighting))}
	if err := o.plots[0].Write(ctx, env.Stdout, func(w io.Writer) error { return plot.IntegrityMap(w, o.plotFmt, layer, opt) }); err != nil {
		return files, fmt.Errorf("--plot: %w", err)
	}
	files.add(o.plots[0])
	return files, nil
}

// periodOfRun is the compact period of a run's provenance for titles.
func periodOfRun(run *output.Provenance) string {
	t0, err0 := time.Parse(time.RFC3339Nano, run.Period.StartUTC)
	t1, err1 := time.Parse(time.RFC3339Nano, run.Period.EndUTC)
	if err0 != nil || err1 != nil {
		return run.Period.StartUTC + " to " + run.Period.EndUTC
	}
	return integPeriodText(t0, t1)
}

// integShardFormatRE finds the format of a shard file in its first bytes.
var integShardFormatRE = regexp.MustCompile(`"format"\s*:\s*"([^"]*)"`)

// integShardFormat returns the "format" of the shard file at path ("" when its
// first 4 KiB do not name one).
func integShardFormat(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	head := make([]byte, 4096)
	n, _ := io.ReadFull(f, head)
	if m := integShardFormatRE.FindSubmatch(head[:n]); m != nil {
		return string(m[1])
	}
	return ""
}

// integrityShards reports whether the shard files are integrity shards,
// refusing a mix of coverage and integrity shards.
func integrityShards(paths []string) (bool, error) {
	var integ, other string
	for _, p := range paths {
		if integShardFormat(p) == integrity.MapShardFormat {
			if integ == "" {
				integ = p
			}
		} else if other == "" {
			other = p
		}
	}
	if integ != "" && other != "" {
		return false, fmt.Errorf("%s is an integrity shard and %s is not: merge the shards of one run at a time", integ, other)
	}
	return integ != "", nil
}

// mergeIntegrity is `gnssim merge` of integrity shards: the output of the
// single run the shards come from.
func (j *Merge) mergeIntegrity(ctx context.Context, env *Env, paths []string, outs *coverageOutputs) ([]string, error) {
	if j.PlotQuantity.Name != "" && j.PlotQuantity.Name != Quantities[0].Name {
		return nil, Usagef("--plot-quantity does not apply to integrity shards: their map shows the availability of the service")
	}
	var shards []*integrity.MapShard
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		f, err := os.Open(p)
		if err != nil {
			return nil, fmt.Errorf("read shard: %w", err)
		}
		s, err := integrity.ReadMapShard(p, f)
		f.Close()
		if err != nil {
			return nil, err
		}
		shards = append(shards, s)
	}
	m, err := integrity.MergeMapShards(shards)
	if err != nil {
		return nil, describeShardError(err)
	}
	ref := shards[0]
	if ref.Version != env.Version {
		return nil, fmt.Errorf("%s: written by gnssim %s, this is gnssim %s; merge with gnssim %s so that the output is the one a single run writes",
			ref.Name(), ref.Version, env.Version, ref.Version)
	}
	damaged := fmt.Errorf("%s: damaged shard: its run object is not an integrity map run", ref.Name())
	run := &output.Provenance{}
	var raw struct {
		Parameters struct {
			Integrity json.RawMessage `json:"integrity"`
		} `json:"parameters"`
	}
	if err := json.Unmarshal(ref.Run, run); err != nil || run.Period == nil || run.Grid == nil || run.Mask == nil {
		return nil, damaged
	}
	params := &integrityParams{}
	if err := json.Unmarshal(ref.Run, &raw); err != nil || len(raw.Parameters.Integrity) == 0 || json.Unmarshal(raw.Parameters.Integrity, params) != nil || params.Service.Name == "" {
		return nil, damaged
	}
	run.Extra = map[string]any{"integrity": params}
	o := &integrityOutputs{format: outs.format, prec: outs.prec, out: outs.out, plotFmt: outs.plotFmt}
	if outs.plot != nil {
		o.plots = []output.Dest{*outs.plot}
	}
	return writeIntegrityMap(ctx, env, run, params, m, o)
}

// integNote is a note about the data of an integrity run.
func integNote(text string) dataset.Note {
	return dataset.Note{Level: dataset.Info, Kind: "integrity", Text: text}
}
