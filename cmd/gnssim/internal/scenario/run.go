package scenario

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/atomicfile"
	"github.com/gnssim/gnssim/cmd/gnssim/internal/job"
	"github.com/gnssim/gnssim/cmd/gnssim/internal/output"
	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/dataset"
	"github.com/gnssim/gnssim/sim/integrity"
)

// MaskFile is the file gnssim run writes for an azimuth-table mask.
const MaskFile = "mask.txt"

// Job is one step's work: a job of package job.
type Job interface {
	Run(ctx context.Context, env *job.Env) ([]string, error)
	Args(grid orbit.EpochGrid) []string
}

// Step is one command of a scenario.
type Step struct {
	Output  string // the scenario output(s) it produces, e.g. "compare (sites, table)"
	Job     Job
	Discard bool   // the command also prints a table on stdout that no output wants
	Table   string // a report the summary quotes (name in the output folder)
	// Files are the files it wrote (filled when run).
	Files []string
}

// Plan resolves the period of s against the dataset and lists its steps.
// Every file comes from exactly one step; steps that need the same
// computation twice (compare as a table and as CSV) run twice: they are
// cheap next to a coverage map, and the positions are shared.
func (s *Scenario) Plan(grid orbit.EpochGrid) []*Step {
	in := s.Inputs
	period := job.Period{Start: grid.Start, Duration: s.Duration, Step: s.Step, DurationDefault: !s.durationGiven}
	period.Duration = period.GridDuration(grid) // ends with nav/sp3 data (duration: not given)
	rec := s.receiver()
	path := func(name string) string { return filepath.Join(s.Out, name) }
	var steps []*Step
	if s.has(outCompare) {
		type mode struct {
			name string
			set  func(j *job.Compare)
		}
		var modes []mode
		if len(s.Sites) > 0 {
			modes = append(modes, mode{"sites", func(j *job.Compare) { j.Sites = s.Sites }})
		}
		if s.Region != nil {
			modes = append(modes, mode{"region", func(j *job.Compare) {
				g := s.Region.Spec()
				j.Region, j.RegionArg = &g, s.Region.Arg()
			}})
		}
		for _, m := range modes {
			for _, f := range []output.Format{output.Text, output.CSV} {
				ext := map[output.Format]string{output.Text: ".txt", output.CSV: ".csv"}[f]
				j := &job.Compare{Inputs: in, Period: period, Receiver: rec, Format: f, Output: path("compare-" + m.name + ext), Force: s.Force}
				m.set(j)
				st := &Step{Output: "compare (" + m.name + ", " + f.String() + ")", Job: j}
				if f == output.Text {
					st.Table = "compare-" + m.name + ".txt"
				}
				steps = append(steps, st)
			}
		}
	}
	if s.has(outDOPCSV) || s.has(outDOPPlot) {
		j := &job.DOP{Inputs: in, Period: period, Receiver: rec, Sites: s.Sites, Format: output.CSV, Force: s.Force}
		var out []string
		discard := true
		if s.has(outDOPCSV) {
			j.Output = path("dop.csv")
			out = append(out, outDOPCSV)
			discard = false
		}
		if s.has(outDOPPlot) {
			j.Plot = path("dop.png")
			out = append(out, outDOPPlot)
		}
		steps = append(steps, &Step{Output: strings.Join(out, ", "), Job: j, Discard: discard})
	}
	if s.has(outSkyplot) {
		for _, site := range s.Sites {
			j := &job.Skyplot{Inputs: in, Period: period, Receiver: job.Receiver{Mask: rec.Mask, MaskFile: rec.MaskFile}, Site: site,
				Plot: path("skyplot-" + job.FileKey(site.Site.Name) + ".png"), Force: s.Force}
			steps = append(steps, &Step{Output: "skyplot " + site.Site.Name, Job: j})
		}
	}
	if s.has(outCoverageCSV) || s.has(outCoveragePlot) {
		// The combination of the scenario's systems, then (coverage_per_system)
		// each system alone, as maps only.
		variants := [][]ephemeris.System{in.Systems}
		if s.CoveragePerSystem && len(in.Systems) > 1 && s.has(outCoveragePlot) {
			for _, sys := range in.Systems {
				variants = append(variants, []ephemeris.System{sys})
			}
		}
		for vi, v := range variants {
			quantities := s.CoveragePlots
			if !s.has(outCoveragePlot) {
				quantities = []string{""}
			}
			suffix := ""
			if vi > 0 {
				suffix = "-" + v[0].String()
			}
			for qi, q := range quantities {
				vin := in
				vin.Systems = v
				j := &job.Coverage{Inputs: vin, Period: period, Receiver: rec, Grid: s.Region.Spec(), RegionArg: s.Region.Arg(), Format: output.CSV, Force: s.Force}
				var out []string
				discard := true
				if vi == 0 && qi == 0 && s.has(outCoverageCSV) {
					j.Output = path("coverage.csv")
					out = append(out, outCoverageCSV)
					discard = false
				}
				if q != "" {
					j.Plot = path("coverage-" + q + suffix + ".png")
					j.PlotQuantity, _ = job.ParseQuantity(q)
					out = append(out, outCoveragePlot+" "+q+" "+job.SystemsArg(v))
				}
				steps = append(steps, &Step{Output: strings.Join(out, ", "), Job: j, Discard: discard})
			}
		}
	}
	if s.has(outIntegrity) {
		steps = append(steps, s.integritySteps(in, period, rec, path)...)
	}
	if s.has(outGroundtrack) {
		steps = append(steps, &Step{Output: outGroundtrack, Job: &job.Groundtrack{Inputs: in, Period: period, Plot: path("groundtrack.png"), Force: s.Force}})
	}
	if s.has(outCatalog) {
		steps = append(steps, &Step{Output: outCatalog, Job: &job.Catalog{Inputs: in, At: grid.Start, Format: output.CSV, Output: path("catalog.csv")}})
	}
	return steps
}

// integritySteps are the steps of the integrity output: at the sites the
// statistics (integrity-sites.txt, quoted in the summary, and .csv) and the
// epochs with the protection-level figures (integrity.csv,
// integrity[-SITE].png); over the region the availability map
// (integrity-map.csv, integrity-map.png).
func (s *Scenario) integritySteps(in job.Inputs, period job.Period, rec job.Receiver, path func(string) string) []*Step {
	svc := integrity.LPV200
	if s.Integrity.Service != "" {
		svc, _ = integrity.ParseService(s.Integrity.Service)
	}
	rule, _ := integrity.ParseRule(s.Integrity.Rule)
	if s.Integrity.Rule == "" {
		rule = integrity.RuleADD
	}
	r := job.Receiver{Mask: sim.Mask{ElevationDeg: s.Integrity.MaskDeg}, Clock: rec.Clock, ISBPrior: rec.ISBPrior, ISBSigmaNS: rec.ISBSigmaNS}
	base := func() *job.Integrity {
		return &job.Integrity{Inputs: in, Period: period, Receiver: r, Service: svc, Rule: rule, ISMFile: s.Integrity.ISM, Force: s.Force}
	}
	var steps []*Step
	if len(s.Sites) > 0 {
		for _, f := range []output.Format{output.Text, output.CSV} {
			ext := map[output.Format]string{output.Text: ".txt", output.CSV: ".csv"}[f]
			j := base()
			j.Sites, j.Summary, j.Format, j.Output = s.Sites, true, f, path("integrity-sites"+ext)
			st := &Step{Output: "integrity (sites, statistics, " + f.String() + ")", Job: j}
			if f == output.Text {
				st.Table = "integrity-sites.txt"
			}
			steps = append(steps, st)
		}
		j := base()
		j.Sites, j.Format, j.Output, j.Plot = s.Sites, output.CSV, path("integrity.csv"), path("integrity.png")
		steps = append(steps, &Step{Output: "integrity (sites, epochs and figures)", Job: j})
	}
	if s.Region != nil {
		j := base()
		g := s.Region.Spec()
		j.Grid, j.RegionArg, j.ThresholdPct = &g, s.Region.Arg(), s.Integrity.ThresholdPct
		j.Format, j.Output, j.Plot = output.CSV, path("integrity-map.csv"), path("integrity-map.png")
		steps = append(steps, &Step{Output: "integrity (region map)", Job: j})
	}
	return steps
}

// receiver is the scenario's receiver model (an azimuth table is read from
// the mask.txt that Run writes in the output folder).
func (s *Scenario) receiver() job.Receiver {
	r := job.Receiver{Clock: s.Clock, Weighting: s.Weighting, PDOPMax: s.PDOPMax}
	if s.ISBSigmaNS > 0 {
		r.Clock, r.ISBPrior, r.ISBSigmaNS = sim.ClockISBPrior, true, s.ISBSigmaNS
	}
	switch {
	case s.Mask.File != "":
		r.Mask, r.MaskFile = s.Mask.fileMask, s.Mask.File
	case len(s.Mask.Azimuth) > 0:
		r.Mask, r.MaskFile = sim.Mask{Azimuth: s.Mask.Azimuth}, filepath.Join(s.Out, MaskFile)
	default:
		r.Mask = sim.Mask{ElevationDeg: s.Mask.ElevationDeg}
	}
	return r
}

// CommandsScript is commands.sh: the gnssim command lines equivalent to the
// run, generated from the steps.
func (s *Scenario) CommandsScript(version string, grid orbit.EpochGrid, steps []*Step) string {
	var b strings.Builder
	b.WriteString("#!/bin/sh\n")
	fmt.Fprintf(&b, "# Scenario %q (%s), as gnssim %s ran it:\n", s.Name, s.File, version)
	b.WriteString("# each line writes some of the outputs; run from the folder gnssim run was started in.\n")
	if len(s.Mask.Azimuth) > 0 {
		fmt.Fprintf(&b, "# %s holds the scenario's azimuth mask (written by gnssim run).\n", filepath.Join(s.Out, MaskFile))
	}
	b.WriteString("set -e\n")
	fmt.Fprintf(&b, "mkdir -p %s\n", ShellQuote(s.Out))
	for _, st := range steps {
		b.WriteString("gnssim " + ShellJoin(st.Job.Args(grid)))
		if st.Discard {
			b.WriteString(" > /dev/null")
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// ShellJoin quotes and joins a command line for sh.
func ShellJoin(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = ShellQuote(a)
	}
	return strings.Join(q, " ")
}

// ShellQuote quotes a word for sh when it needs it.
func ShellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./,:=+@%") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// Result is what a run did.
type Result struct {
	Dataset  *dataset.Dataset
	Grid     orbit.EpochGrid
	Steps    []*Step
	Warnings []string // the notes, each once, in order
}

// notes collects the notes of the steps, each once (every step loads the
// same data), printing them as they come.
type notes struct {
	w    io.Writer
	seen map[string]bool
	list []string
}

func (n *notes) add(x dataset.Note) {
	s := x.String()
	if n.seen[s] {
		return
	}
	n.seen[s] = true
	n.list = append(n.list, s)
	if n.w != nil {
		fmt.Fprintln(n.w, s)
	}
}

// shared is the Loader of a scenario's steps: the dataset loaded once and
// its positions propagated once for the whole period; a step that selects
// fewer systems gets the same satellites' rows.
type shared struct {
	in   job.Inputs
	at   time.Time
	ds   *dataset.Dataset
	eph  *sim.Ephemeris
	rows map[*dataset.Sat]int // satellite → row of eph
}

// Load implements job.Loader.
func (l *shared) Load(in job.Inputs, at time.Time) (*dataset.Dataset, error) {
	if !slices.Equal(in.TLE, l.in.TLE) || !slices.Equal(in.Nav, l.in.Nav) || !slices.Equal(in.SP3, l.in.SP3) || in.IncludeNonOperational != l.in.IncludeNonOperational || in.Strict != l.in.Strict || !at.Equal(l.at) {
		return job.DefaultLoader{}.Load(in, at)
	}
	systems := in.Systems
	if len(systems) == 0 {
		systems = job.DefaultSystems
	}
	return l.ds.WithSystems(systems), nil
}

// Source implements job.Loader.
func (l *shared) Source(d *dataset.Dataset, period orbit.EpochGrid, strict bool, note func(dataset.Note)) sim.Source {
	if l.eph == nil || period != l.eph.Grid || d.Digest != l.ds.Digest {
		return job.DefaultLoader{}.Source(d, period, strict, note)
	}
	idx := make([]int, 0, len(d.Selected))
	for _, s := range d.Selected {
		r, ok := l.rows[s]
		if !ok {
			return job.DefaultLoader{}.Source(d, period, strict, note)
		}
		idx = append(idx, r)
	}
	return l.eph.Subset(idx)
}

// Load loads the scenario's element sets and resolves its period (the
// start of the period: the scenario's, else 00:00 UTC of the newest
// epoch's day).
func (s *Scenario) LoadData() (*dataset.Dataset, orbit.EpochGrid, error) {
	ds, err := job.DefaultLoader{}.Load(s.Inputs, s.Start)
	if err != nil {
		return nil, orbit.EpochGrid{}, err
	}
	if err := ds.RequireSelected(); err != nil {
		return nil, orbit.EpochGrid{}, err
	}
	p := job.Period{Start: s.Start, Duration: s.Duration, Step: s.Step, DurationDefault: !s.durationGiven}
	grid, err := p.Grid(ds)
	if err != nil {
		return nil, grid, err
	}
	return ds, grid, nil
}

// Run writes every output of the scenario into its folder: mask.txt (an
// azimuth table), commands.sh, the steps' files and summary.md. The data
// are loaded and propagated once; notes go to stderr (each once) and into
// the summary.
func (s *Scenario) Run(ctx context.Context, version string, stderr io.Writer, progress func(label string) job.Progress) (*Result, error) {
	ns := &notes{w: stderr, seen: map[string]bool{}}
	ds, grid, err := s.LoadData()
	if err != nil {
		return nil, err
	}
	for _, n := range ds.Notes() {
		ns.add(n)
	}
	steps := s.Plan(grid)
	env := &job.Env{Stdout: io.Discard, Stderr: stderr, Version: version, Note: ns.add, Progress: progress}
	// Propagate once for every step, unless the positions would not fit
	// the memory limit (then each step streams its own).
	ld := &shared{in: s.Inputs, at: grid.Start, ds: ds}
	if c := sim.EphemerisCost(len(ds.Selected), grid.N); c.Bytes <= job.DefaultLimits.MaxBytes/2 {
		end := grid.Time(grid.N - 1)
		if err := ds.CheckSpan(grid.Start, end, 0); err != nil && !s.Force {
			return nil, fmt.Errorf("scenario %s: %v; %s", s.File, err, job.SpanAdvice(ds))
		}
		eph, fails, err := ds.Ephemeris(ctx, grid, dataset.PropagatorOptions{})
		if err != nil {
			return nil, err
		}
		for _, f := range fails {
			ns.add(f.Note())
		}
		ld.eph, ld.rows = eph, map[*dataset.Sat]int{}
		for i, sat := range ds.Selected {
			ld.rows[sat] = i
		}
	}
	env.Loader = ld
	if err := os.MkdirAll(s.Out, 0o755); err != nil {
		return nil, fmt.Errorf("output folder: %w", err)
	}
	if len(s.Mask.Azimuth) > 0 {
		if err := atomicfile.Write(ctx, filepath.Join(s.Out, MaskFile), func(w io.Writer) error {
			return writeMaskFile(w, s.Mask.Azimuth)
		}); err != nil {
			return nil, err
		}
	}
	script := s.CommandsScript(version, grid, steps)
	if err := atomicfile.Write(ctx, filepath.Join(s.Out, "commands.sh"), func(w io.Writer) error {
		_, err := io.WriteString(w, script)
		return err
	}); err != nil {
		return nil, err
	}
	res := &Result{Dataset: ds, Grid: grid}
	for i, st := range steps {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		files, err := st.Job.Run(ctx, env)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			line := "gnssim " + ShellJoin(st.Job.Args(grid))
			if job.IsUsage(err) {
				// The scenario produced a command the command refuses: the
				// scenario's (runtime) problem, not run's usage.
				hint := ""
				if strings.Contains(err.Error(), "--force") && !s.Force {
					hint = " (gnssim run --force passes --force on)"
				}
				return nil, fmt.Errorf("scenario %s, step %d of %d (%s): %s\n  refused: %v%s", s.File, i+1, len(steps), st.Output, line, err, hint)
			}
			return nil, fmt.Errorf("scenario %s, step %d of %d (%s): %s\n  failed: %w", s.File, i+1, len(steps), st.Output, line, err)
		}
		for _, f := range files {
			if rel, err := filepath.Rel(s.Out, f); err == nil && !strings.HasPrefix(rel, "..") {
				st.Files = append(st.Files, rel)
			}
		}
		res.Steps = append(res.Steps, st)
	}
	res.Warnings = ns.list
	if s.has(outSummary) {
		if err := atomicfile.Write(ctx, filepath.Join(s.Out, "summary.md"), func(w io.Writer) error {
			return s.writeSummary(w, version, res)
		}); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// writeMaskFile writes an azimuth mask in the --mask-file format.
func writeMaskFile(w io.Writer, pts []sim.MaskPoint) error {
	var b strings.Builder
	b.WriteString("# azimuth_deg elevation_deg (gnssim --mask-file; interpolated linearly in azimuth, wrapping at 360)\n")
	for _, p := range pts {
		fmt.Fprintf(&b, "%s %s\n", scnFmtNum(p.AzDeg), scnFmtNum(p.ElDeg))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeSummary writes summary.md.
func (s *Scenario) writeSummary(w io.Writer, version string, r *Result) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", s.Name)
	if s.Description != "" {
		fmt.Fprintf(&b, "%s\n\n", s.Description)
	}
	fmt.Fprintf(&b, "Scenario file `%s`, run by gnssim %s. The command lines that produced every file are in [commands.sh](commands.sh).\n\n", s.File, version)

	b.WriteString("## Inputs\n\n")
	ds := r.Dataset
	switch ds.Kind {
	case dataset.Broadcast:
		fmt.Fprintf(&b, "- Broadcast navigation: %s (%d satellites, records to %s; SHA-256 of the inputs %s)\n",
			strings.Join(mdCode(ds.Sources), ", "), len(ds.All), output.FormatTime(ds.Newest), ds.Digest[:16])
	case dataset.Precise:
		fmt.Fprintf(&b, "- Precise orbits (SP3): %s (%d satellites, positions to %s; SHA-256 of the inputs %s)\n",
			strings.Join(mdCode(ds.Sources), ", "), len(ds.All), output.FormatTime(ds.Newest), ds.Digest[:16])
	default:
		fmt.Fprintf(&b, "- Element sets: %s (%d read, newest epoch %s; SHA-256 of the inputs %s)\n",
			strings.Join(mdCode(ds.Sources), ", "), len(ds.All), output.FormatTime(ds.Newest), ds.Digest[:16])
	}
	var per []string
	for _, sys := range ds.Systems {
		per = append(per, fmt.Sprintf("%s %d", sys.Title(), ds.Count(sys)))
	}
	status := "operational satellites only"
	if s.Inputs.IncludeNonOperational {
		status = "including non-operational satellites"
	}
	fmt.Fprintf(&b, "- Satellites simulated: %s (%s)\n", strings.Join(per, ", "), status)
	if len(ds.Refused) > 0 {
		fmt.Fprintf(&b, "- Refused on reading: %d (see the warnings below and `catalog.csv`)\n", len(ds.Refused))
	}
	fmt.Fprintf(&b, "- Period: %s to %s, step %s, %d epochs\n", output.FormatTime(r.Grid.Start), output.FormatTime(r.Grid.Time(r.Grid.N-1)), job.FormatDuration(s.Step), r.Grid.N)
	fmt.Fprintf(&b, "- Elevation mask: %s\n", s.Mask.Describe())
	pdop := "6 (default)"
	if s.PDOPMax > 0 {
		pdop = scnFmtNum(s.PDOPMax)
	}
	clock := s.Clock.String()
	if s.ISBSigmaNS > 0 {
		clock = "per-system with an inter-system-bias prior of σ " + scnFmtNum(s.ISBSigmaNS) + " ns"
	}
	fmt.Fprintf(&b, "- Receiver clock: %s; weighting: %s; availability threshold: PDOP ≤ %s\n", clock, s.Weighting, pdop)
	if len(s.Sites) > 0 {
		b.WriteString("\n| site | latitude (°) | longitude (°) | height (m) |\n|---|---:|---:|---:|\n")
		for _, st := range s.Sites {
			c := st.Site
			fmt.Fprintf(&b, "| %s | %.4f | %.4f | %.0f |\n", c.Name, c.LatDeg, c.LonDeg, c.HeightM)
		}
	}
	if rg := s.Region; rg != nil {
		fmt.Fprintf(&b, "\nRegion: latitude %s° to %s°, longitude %s° to %s°, %s° grid.\n",
			scnFmtNum(rg.LatMin), scnFmtNum(rg.LatMax), scnFmtNum(rg.LonMin), scnFmtNum(rg.LonMax), scnFmtNum(rg.Grid))
	}
	for _, st := range r.Steps {
		if st.Table == "" {
			continue
		}
		text, err := os.ReadFile(filepath.Join(s.Out, st.Table))
		if err != nil {
			return fmt.Errorf("summary: %w", err)
		}
		title := "Each system alone and combined at the sites"
		switch {
		case strings.HasPrefix(st.Table, "integrity"):
			title = "ARAIM integrity at the sites, each system alone and combined"
		case strings.Contains(st.Table, "region"):
			title = "Each system alone and combined over the region"
		}
		fmt.Fprintf(&b, "\n## %s\n\n```text\n%s```\n", title, ensureNL(string(text)))
		csvName := strings.TrimSuffix(st.Table, ".txt") + ".csv"
		fmt.Fprintf(&b, "\nThe same as CSV: [%s](%s).", csvName, csvName)
		b.WriteString("\n")
	}
	var figs, data []string
	for _, st := range r.Steps {
		for _, f := range st.Files {
			switch strings.ToLower(filepath.Ext(f)) {
			case ".png", ".svg":
				figs = append(figs, f)
			default:
				if !strings.HasSuffix(f, ".txt") {
					data = append(data, f)
				}
			}
		}
	}
	if len(figs) > 0 {
		b.WriteString("\n## Figures\n\n")
		for _, f := range figs {
			fmt.Fprintf(&b, "### %s\n\n![%s](%s)\n\n", s.figureCaption(f), f, f)
		}
	}
	if len(data) > 0 {
		b.WriteString("\n## Data files\n\n")
		for _, f := range data {
			fmt.Fprintf(&b, "- [%s](%s)\n", f, f)
		}
	}
	b.WriteString("\n## Warnings\n\n")
	if len(r.Warnings) == 0 {
		b.WriteString("None.\n")
	}
	for _, wl := range r.Warnings {
		fmt.Fprintf(&b, "- %s\n", wl)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// figureCaption describes a figure the steps wrote, from its file name.
func (s *Scenario) figureCaption(f string) string {
	name := strings.TrimSuffix(f, filepath.Ext(f))
	combo := make([]string, len(s.Inputs.Systems))
	for i, sys := range s.Inputs.Systems {
		combo[i] = sys.Title()
	}
	switch {
	case name == "dop" || strings.HasPrefix(name, "dop-"):
		at := ""
		if len(s.Sites) == 1 {
			at = " at " + s.Sites[0].Site.Name
		} else if site, ok := strings.CutPrefix(name, "dop-"); ok {
			at = " at " + site
		}
		return "PDOP and visible satellites" + at + ", each system alone and combined (" + f + ")"
	case strings.HasPrefix(name, "skyplot-"):
		return "Sky tracks at " + strings.TrimPrefix(name, "skyplot-") + " (" + f + ")"
	case strings.HasPrefix(name, "coverage-"):
		rest := strings.TrimPrefix(name, "coverage-")
		who := strings.Join(combo, "+")
		for _, sys := range s.Inputs.Systems {
			if r, ok := strings.CutSuffix(rest, "-"+sys.String()); ok {
				rest, who = r, sys.Title()+" alone"
			}
		}
		return "Map of " + strings.ReplaceAll(rest, "_", " ") + ", " + who + " (" + f + ")"
	case name == "integrity-map":
		return "ARAIM availability map of " + strings.Join(combo, "+") + " (" + f + ")"
	case name == "integrity" || strings.HasPrefix(name, "integrity-"):
		at := ""
		if len(s.Sites) == 1 {
			at = " at " + s.Sites[0].Site.Name
		} else if site, ok := strings.CutPrefix(name, "integrity-"); ok {
			at = " at " + site
		}
		return "ARAIM protection levels" + at + ", each system alone and combined (" + f + ")"
	case name == "groundtrack":
		return "Ground tracks of " + strings.Join(combo, " and ") + " (" + f + ")"
	}
	return f
}

func ensureNL(s string) string {
	if s != "" && !strings.HasSuffix(s, "\n") {
		return s + "\n"
	}
	return s
}

func mdCode(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = "`" + s + "`"
	}
	return out
}
