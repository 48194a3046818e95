package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/atomicfile"
	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/dataset"
)

// runScenario is `gnssim run SCENARIO`: every output of a scenario file is
// produced by building the argument list of the equivalent gnssim command and
// running that command in-process, so each output has one implementation and
// the folder's commands.sh reproduces the run command by command.
func runScenario(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("run", "gnssim run SCENARIO.yaml|example:NAME [--out DIR] [--start T] [--duration D] [--step S] [--tle FILE]... [--force] [--dry-run]",
		"Run a scenario file (YAML) into an output folder: the comparison tables, DOP series, sky plots,\n"+
			"coverage maps, ground tracks and catalog it asks for, a Markdown summary (summary.md) and the\n"+
			"equivalent gnssim command lines (commands.sh). The file's fields are documented in\n"+
			"cmd/gnssim/examples/scenarios/README.md; unknown fields and bad values are refused with their line.\n"+
			"The flags override the file: a shorter --duration or a coarser --step gives a quick trial run.\n"+
			"The examples are built in: example:moscow-beijing, example:urban-canyon, example:arctic, example:asia-pacific.",
		"gnssim run example:moscow-beijing --duration 6h --out /tmp/mb\ngnssim run cmd/gnssim/examples/scenarios/urban-canyon.yaml --dry-run")
	var (
		outDir, start, duration, step string
		tle                           []string
		dryRun, force                 bool
	)
	fs.StringVar(&outDir, "out", "", "output folder (default: the scenario's out:, else ./out/<scenario file name without extension>)")
	fs.StringVar(&start, "start", "", "override the scenario's start (RFC 3339 UTC)")
	fs.StringVar(&duration, "duration", "", "override the scenario's duration, e.g. 2h")
	fs.StringVar(&step, "step", "", "override the scenario's step, e.g. 10m")
	fs.StringArrayVar(&tle, "tle", nil, "override the scenario's element sets: a file (TLE or OMM) or cache:GROUP; repeatable")
	fs.BoolVar(&force, "force", false, "pass --force to the commands that check memory and work limits (compare, dop, coverage, skyplot, groundtrack)")
	fs.BoolVar(&dryRun, "dry-run", false, "validate the scenario and print the equivalent commands (commands.sh) without running them")
	if err := fs.parse(e, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("want exactly one scenario file, got %d arguments", fs.NArg())
	}
	s, err := loadScenario(fs.Arg(0))
	if err != nil {
		return err
	}
	// Overrides: same checks as the file's fields.
	if start != "" {
		t, err := parseTimeUTC(start)
		if err != nil {
			return usagef("--start: %v", err)
		}
		s.start = formatTimeUTC(t)
	}
	for _, o := range []struct {
		flag, val string
		dst       *string
	}{{"--duration", duration, &s.duration}, {"--step", step, &s.step}} {
		if o.val == "" {
			continue
		}
		d, err := parseDuration(o.val)
		if err != nil {
			return usagef("%s: %v", o.flag, err)
		}
		if d < 0 || (o.flag == "--step" && d == 0) {
			return usagef("%s %s must be positive", o.flag, o.val)
		}
		*o.dst = strings.TrimSpace(o.val)
	}
	if len(tle) > 0 {
		s.tle = tle
	}
	s.force = force
	switch {
	case outDir != "":
		s.out = outDir
	case s.out == "":
		s.out = filepath.Join("out", s.base)
	}

	// Load the element sets once for the summary (counts per system) and to
	// fix the start, so that commands.sh names an explicit period.
	stderr := newScnStderr(e.stderr)
	defer stderr.flush()
	in := s.inputOptions()
	ds, err := loadDataset(&env{stdin: e.stdin, stdout: io.Discard, stderr: stderr, progress: e.progress}, &in, time.Time{})
	if err != nil {
		return err
	}
	to := timeOptions{start: s.start, duration: s.duration, step: s.step}
	grid, err := to.grid(ds.Newest)
	if err != nil {
		var ue *usageError
		if errors.As(err, &ue) && duration == "" && step == "" {
			// The period came from the file: a problem of the file, not of the command line.
			return fmt.Errorf("scenario %s: %s", s.file, strings.NewReplacer("--duration", "duration", "--step", "step", "--start", "start").Replace(ue.msg))
		}
		return err
	}
	s.start = formatTimeUTC(grid.Start)

	steps := s.steps()
	script := s.commandsScript(steps)
	if dryRun {
		_, err := io.WriteString(e.stdout, script)
		return err
	}
	if err := os.MkdirAll(s.out, 0o755); err != nil {
		return fmt.Errorf("output folder: %w", err)
	}
	if len(s.mask.azimuth) > 0 {
		if err := atomicfile.Write(ctx, filepath.Join(s.out, scnMaskFile), func(w io.Writer) error {
			return scnWriteMaskFile(w, s.mask.azimuth)
		}); err != nil {
			return err
		}
	}
	if err := atomicfile.Write(ctx, filepath.Join(s.out, "commands.sh"), func(w io.Writer) error {
		_, err := io.WriteString(w, script)
		return err
	}); err != nil {
		return err
	}
	res := &scnResults{ds: ds, grid: grid}
	for i, st := range steps {
		if err := ctx.Err(); err != nil {
			return err
		}
		if e.progress {
			fmt.Fprintf(e.stderr, "run: %d/%d %s\n", i+1, len(steps), st.output)
		}
		before := scnListDir(s.out)
		if err := s.runStep(ctx, e, stderr, st); err != nil {
			return fmt.Errorf("scenario %s, step %d of %d (%s): %w", s.file, i+1, len(steps), st.output, err)
		}
		st.files = scnNewFiles(before, scnListDir(s.out))
		res.steps = append(res.steps, st)
	}
	res.warnings = stderr.warnings()
	if s.has(outSummary) {
		if err := atomicfile.Write(ctx, filepath.Join(s.out, "summary.md"), func(w io.Writer) error {
			return s.writeSummary(w, res)
		}); err != nil {
			return err
		}
	}
	fmt.Fprintf(e.stdout, "%s: %d commands run, results in %s\n", s.name, len(steps), s.out)
	return nil
}

// scnMaskFile is the mask file written for an azimuth table.
const scnMaskFile = "mask.txt"

// scnWriteMaskFile writes an azimuth mask in the --mask-file format.
func scnWriteMaskFile(w io.Writer, pts []sim.MaskPoint) error {
	var b strings.Builder
	b.WriteString("# azimuth_deg elevation_deg (gnssim --mask-file; interpolated linearly in azimuth, wrapping at 360)\n")
	for _, p := range pts {
		fmt.Fprintf(&b, "%s %s\n", scnFmtNum(p.AzDeg), scnFmtNum(p.ElDeg))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// inputOptions are the element-set options of the scenario.
func (s *scenario) inputOptions() inputOptions {
	return inputOptions{tle: s.tle, systems: scnSystemsName(s.systems), includeNonOp: s.includeNonOp}
}

// scnSystemsName is the --systems value of a list of systems, e.g. glonass,beidou.
func scnSystemsName(systems []ephemeris.System) string {
	names := make([]string, len(systems))
	for i, sys := range systems {
		names[i] = sys.String()
	}
	return strings.Join(names, ",")
}

// scnStep is one gnssim command of a scenario.
type scnStep struct {
	output  string   // the scenario output(s) it produces, e.g. "compare (sites)"
	args    []string // command name and flags
	discard bool     // the command also prints a table on stdout that no output wants
	table   string   // a report it writes that the summary quotes (name in the output folder)
	// Filled when run:
	files []string // files it wrote (names in the output folder)
}

// Argument groups shared by the steps.
func (s *scenario) inputArgs() []string { return s.inputArgsFor(s.systems) }

// inputArgsFor are the element-set flags for some systems.
func (s *scenario) inputArgsFor(systems []ephemeris.System) []string {
	var a []string
	for _, t := range s.tle {
		a = append(a, "--tle", t)
	}
	a = append(a, "--systems", scnSystemsName(systems))
	if s.includeNonOp {
		a = append(a, "--include-nonoperational")
	}
	return a
}

func (s *scenario) timeArgs() []string {
	return []string{"--start", s.start, "--duration", s.duration, "--step", s.step}
}

func (s *scenario) maskArgs() []string {
	switch {
	case s.mask.file != "":
		return []string{"--mask-file", s.mask.file}
	case len(s.mask.azimuth) > 0:
		return []string{"--mask-file", filepath.Join(s.out, scnMaskFile)}
	}
	return []string{"--mask", scnFmtNum(s.mask.elevationDeg)}
}

// modelArgs are the receiver-model flags a command takes: every command
// with a DOP has --clock and --weighting; compare and coverage have
// --pdop-max.
func (s *scenario) modelArgs(weighting, pdop bool) []string {
	a := []string{"--clock", s.clock.String()}
	if weighting {
		a = append(a, "--weighting", s.weighting.String())
	}
	if pdop && s.pdopMax > 0 {
		a = append(a, "--pdop-max", scnFmtNum(s.pdopMax))
	}
	return a
}

func (s *scenario) siteArgs() []string {
	var a []string
	for _, st := range s.sites {
		a = append(a, "--site", st.arg)
	}
	return a
}

func (s *scenario) regionArgs() []string {
	return []string{"--region", s.region.arg(), "--grid", scnFmtNum(s.region.grid)}
}

func (s *scenario) path(name string) string { return filepath.Join(s.out, name) }

// scnCat concatenates argument lists.
func scnCat(parts ...[]string) []string {
	var out []string
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// steps lists the commands that produce the scenario's outputs, in order.
// Every file comes from exactly one command; commands that need the same
// computation twice (compare as a table and as CSV) run twice: they are fast
// next to a coverage map.
func (s *scenario) steps() []*scnStep {
	var steps []*scnStep
	base := func(cmd string) []string { return scnCat([]string{cmd}, s.inputArgs(), s.timeArgs()) }
	force := []string{}
	if s.force {
		force = []string{"--force"}
	}
	if s.has(outCompare) {
		type mode struct {
			name string
			args []string
		}
		var modes []mode
		if len(s.sites) > 0 {
			modes = append(modes, mode{"sites", s.siteArgs()})
		}
		if s.region != nil {
			modes = append(modes, mode{"region", s.regionArgs()})
		}
		for _, m := range modes {
			a := scnCat(base("compare"), m.args, s.maskArgs(), s.modelArgs(true, true), force)
			steps = append(steps,
				&scnStep{output: "compare (" + m.name + ", table)", args: scnCat(a, []string{"--format", "table", "-o", s.path("compare-" + m.name + ".txt")}), table: "compare-" + m.name + ".txt"},
				&scnStep{output: "compare (" + m.name + ", csv)", args: scnCat(a, []string{"--format", "csv", "-o", s.path("compare-" + m.name + ".csv")})})
		}
	}
	if s.has(outDOPCSV) || s.has(outDOPPlot) {
		a := scnCat(base("dop"), s.siteArgs(), s.maskArgs(), s.modelArgs(true, false), force)
		var out []string
		discard := true
		if s.has(outDOPCSV) {
			a = append(a, "-o", s.path("dop.csv"))
			out = append(out, outDOPCSV)
			discard = false
		}
		if s.has(outDOPPlot) {
			a = append(a, "--plot", s.path("dop.png"))
			out = append(out, outDOPPlot)
		}
		steps = append(steps, &scnStep{output: strings.Join(out, ", "), args: a, discard: discard})
	}
	if s.has(outSkyplot) {
		for _, st := range s.sites {
			steps = append(steps, &scnStep{output: "skyplot " + st.c.Name,
				args: scnCat(base("skyplot"), []string{"--site", st.arg}, s.maskArgs(), force, []string{"--plot", s.path("skyplot-" + scnFileName(st.c.Name) + ".png")})})
		}
	}
	if s.has(outCoverageCSV) || s.has(outCoveragePlot) {
		// The combination of the scenario's systems, then (coverage_per_system)
		// each system alone, as maps only.
		variants := [][]ephemeris.System{s.systems}
		if s.coveragePerSystem && len(s.systems) > 1 && s.has(outCoveragePlot) {
			for _, sys := range s.systems {
				variants = append(variants, []ephemeris.System{sys})
			}
		}
		for vi, v := range variants {
			quantities := s.coveragePlots
			if !s.has(outCoveragePlot) {
				quantities = []string{""}
			}
			suffix := ""
			if vi > 0 {
				suffix = "-" + v[0].String()
			}
			for qi, q := range quantities {
				a := scnCat([]string{"coverage"}, s.inputArgsFor(v), s.timeArgs(), s.regionArgs(), s.maskArgs(), s.modelArgs(true, true), force)
				var out []string
				discard := true
				if vi == 0 && qi == 0 && s.has(outCoverageCSV) {
					a = append(a, "-o", s.path("coverage.csv"))
					out = append(out, outCoverageCSV)
					discard = false
				}
				if q != "" {
					a = append(a, "--plot", s.path("coverage-"+q+suffix+".png"), "--plot-quantity", q)
					out = append(out, outCoveragePlot+" "+q+" "+scnSystemsName(v))
				}
				steps = append(steps, &scnStep{output: strings.Join(out, ", "), args: a, discard: discard})
			}
		}
	}
	if s.has(outGroundtrack) {
		steps = append(steps, &scnStep{output: outGroundtrack, args: scnCat(base("groundtrack"), force, []string{"--plot", s.path("groundtrack.png")})})
	}
	if s.has(outCatalog) {
		steps = append(steps, &scnStep{output: outCatalog, args: scnCat([]string{"catalog"}, s.inputArgs(), []string{"--at", s.start, "--format", "csv", "-o", s.path("catalog.csv")})})
	}
	return steps
}

// scnFileName makes a site name safe for a file name: lower case, runs of
// other characters turned into '-'.
func scnFileName(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '_' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.Trim(b.String(), "-.")
}

// runStep runs one command in-process through the command table of app.go.
// Every step writes its files itself (-o, --plot); what it prints on stdout
// is dropped, and its stderr goes through the de-duplicating stderr of the run.
func (s *scenario) runStep(ctx context.Context, e *env, stderr io.Writer, st *scnStep) error {
	var cmd *command
	for _, c := range commands() {
		if c.name == st.args[0] {
			cmd = &c
			break
		}
	}
	if cmd == nil {
		return fmt.Errorf("no command %q", st.args[0])
	}
	ce := &env{stdin: e.stdin, stdout: io.Discard, stderr: stderr, progress: e.progress}
	err := cmd.run(ctx, ce, st.args[1:])
	if err != nil {
		if errors.Is(err, context.Canceled) || ctx.Err() != nil {
			return err
		}
		line := "gnssim " + scnShellJoin(st.args)
		var ue *usageError
		if errors.As(err, &ue) {
			// The scenario produced a command line the command refuses:
			// report it as the scenario's (runtime) problem, not run's usage.
			hint := ""
			if strings.Contains(ue.msg, "--force") && !s.force {
				hint = " (gnssim run --force passes --force on)"
			}
			return fmt.Errorf("%s\n  refused: %s%s", line, ue.msg, hint)
		}
		return fmt.Errorf("%s\n  failed: %w", line, err)
	}
	return nil
}

// commandsScript is commands.sh: the gnssim command lines equivalent to the run.
func (s *scenario) commandsScript(steps []*scnStep) string {
	var b strings.Builder
	b.WriteString("#!/bin/sh\n")
	fmt.Fprintf(&b, "# Scenario %q (%s), as gnssim %s ran it:\n", s.name, s.file, version)
	b.WriteString("# each line writes some of the outputs; run from the folder gnssim run was started in.\n")
	if len(s.mask.azimuth) > 0 {
		fmt.Fprintf(&b, "# %s holds the scenario's azimuth mask (written by gnssim run).\n", s.path(scnMaskFile))
	}
	b.WriteString("set -e\n")
	fmt.Fprintf(&b, "mkdir -p %s\n", scnShellQuote(s.out))
	for _, st := range steps {
		b.WriteString("gnssim " + scnShellJoin(st.args))
		if st.discard {
			b.WriteString(" > /dev/null")
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// scnShellJoin quotes and joins a command line for sh.
func scnShellJoin(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = scnShellQuote(a)
	}
	return strings.Join(q, " ")
}

// scnShellQuote quotes a word for sh when it needs it.
func scnShellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./,:=+@%") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// scnListDir returns the regular files of dir with their modification times.
func scnListDir(dir string) map[string]time.Time {
	m := map[string]time.Time{}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return m
	}
	for _, de := range ents {
		if !de.Type().IsRegular() || strings.HasPrefix(de.Name(), ".") {
			continue
		}
		if fi, err := de.Info(); err == nil {
			m[de.Name()] = fi.ModTime()
		}
	}
	return m
}

// scnNewFiles lists the files that appeared or changed between two listings, sorted.
func scnNewFiles(before, after map[string]time.Time) []string {
	var out []string
	for name, t := range after {
		if bt, ok := before[name]; !ok || !bt.Equal(t) {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// scnStderr forwards the commands' stderr, printing each complete line once
// (every command loads the same element sets and would repeat the same
// warnings), and remembers warnings and notes for the summary. Carriage-return
// updates (progress bars) are passed through as they come.
type scnStderr struct {
	w     io.Writer
	buf   []byte
	seen  map[string]bool
	notes []string
}

func newScnStderr(w io.Writer) *scnStderr { return &scnStderr{w: w, seen: map[string]bool{}} }

func (s *scnStderr) Write(p []byte) (int, error) {
	for _, c := range p {
		switch c {
		case '\n':
			line := string(s.buf)
			s.buf = s.buf[:0]
			if s.seen[line] {
				continue
			}
			s.seen[line] = true
			if strings.HasPrefix(line, "warning:") || strings.HasPrefix(line, "note:") {
				s.notes = append(s.notes, line)
			}
			if _, err := io.WriteString(s.w, line+"\n"); err != nil {
				return 0, err
			}
		case '\r':
			if _, err := s.w.Write(append(s.buf, '\r')); err != nil {
				return 0, err
			}
			s.buf = s.buf[:0]
		default:
			s.buf = append(s.buf, c)
		}
	}
	return len(p), nil
}

func (s *scnStderr) warnings() []string { return s.notes }

// flush writes an unfinished last line.
func (s *scnStderr) flush() {
	if len(s.buf) > 0 {
		s.w.Write(append(s.buf, '\n'))
		s.buf = s.buf[:0]
	}
}

// scnResults is what the summary reports.
type scnResults struct {
	ds       *dataset.Dataset
	grid     orbit.EpochGrid
	steps    []*scnStep
	warnings []string
}

// writeSummary writes summary.md.
func (s *scenario) writeSummary(w io.Writer, r *scnResults) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", s.name)
	if s.description != "" {
		fmt.Fprintf(&b, "%s\n\n", s.description)
	}
	fmt.Fprintf(&b, "Scenario file `%s`, run by gnssim %s. The command lines that produced every file are in [commands.sh](commands.sh).\n\n", s.file, version)

	b.WriteString("## Inputs\n\n")
	ds := r.ds
	fmt.Fprintf(&b, "- Element sets: %s (%d read, newest epoch %s; SHA-256 of the inputs %s)\n",
		strings.Join(scnMdCode(ds.Sources), ", "), len(ds.All), formatTimeUTC(ds.Newest), ds.Digest[:16])
	counts := map[ephemeris.System]int{}
	for _, sat := range ds.Selected {
		counts[sat.ID.System]++
	}
	var per []string
	for _, sys := range ds.Systems {
		per = append(per, fmt.Sprintf("%s %d", sys.Title(), counts[sys]))
	}
	status := "operational satellites only"
	if s.includeNonOp {
		status = "including non-operational satellites"
	}
	fmt.Fprintf(&b, "- Satellites simulated: %s (%s)\n", strings.Join(per, ", "), status)
	if len(ds.Refused) > 0 {
		fmt.Fprintf(&b, "- Element sets refused: %d (see the warnings below and `catalog.csv`)\n", len(ds.Refused))
	}
	fmt.Fprintf(&b, "- Period: %s to %s, step %s, %d epochs\n", formatTimeUTC(r.grid.Start), formatTimeUTC(r.grid.Time(r.grid.N-1)), s.step, r.grid.N)
	fmt.Fprintf(&b, "- Elevation mask: %s\n", s.mask.describe())
	pdop := "6 (default)"
	if s.pdopMax > 0 {
		pdop = scnFmtNum(s.pdopMax)
	}
	fmt.Fprintf(&b, "- Receiver clock: %s; weighting: %s; availability threshold: PDOP ≤ %s\n", s.clock, s.weighting, pdop)
	if len(s.sites) > 0 {
		b.WriteString("\n| site | latitude (°) | longitude (°) | height (m) |\n|---|---:|---:|---:|\n")
		for _, st := range s.sites {
			fmt.Fprintf(&b, "| %s | %.4f | %.4f | %.0f |\n", st.c.Name, st.c.LatDeg, st.c.LonDeg, st.c.HeightM)
		}
	}
	if s.region != nil {
		rg := s.region
		fmt.Fprintf(&b, "\nRegion: latitude %s° to %s°, longitude %s° to %s°, %s° grid.\n",
			scnFmtNum(rg.latMin), scnFmtNum(rg.latMax), scnFmtNum(rg.lonMin), scnFmtNum(rg.lonMax), scnFmtNum(rg.grid))
	}

	for _, st := range r.steps {
		if st.table == "" {
			continue
		}
		text, err := os.ReadFile(s.path(st.table))
		if err != nil {
			return fmt.Errorf("summary: %w", err)
		}
		title := "Each system alone and combined at the sites"
		if strings.Contains(st.table, "region") {
			title = "Each system alone and combined over the region"
		}
		fmt.Fprintf(&b, "\n## %s\n\n```text\n%s```\n", title, scnEnsureNL(string(text)))
		csvName := strings.TrimSuffix(st.table, ".txt") + ".csv"
		fmt.Fprintf(&b, "\nThe same as CSV: [%s](%s).", csvName, csvName)
		b.WriteString("\n")
	}

	var figs, data []string
	for _, st := range r.steps {
		for _, f := range st.files {
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
	if len(r.warnings) == 0 {
		b.WriteString("None.\n")
	}
	for _, wl := range r.warnings {
		fmt.Fprintf(&b, "- %s\n", wl)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// figureCaption describes a figure the steps wrote, from its file name.
func (s *scenario) figureCaption(f string) string {
	name := strings.TrimSuffix(f, filepath.Ext(f))
	combo := make([]string, len(s.systems))
	for i, sys := range s.systems {
		combo[i] = sys.Title()
	}
	switch {
	case name == "dop" || strings.HasPrefix(name, "dop-"):
		at := ""
		if len(s.sites) == 1 {
			at = " at " + s.sites[0].c.Name
		} else if site, ok := strings.CutPrefix(name, "dop-"); ok {
			at = " at " + site
		}
		return "PDOP and visible satellites" + at + ", each system alone and combined (" + f + ")"
	case strings.HasPrefix(name, "skyplot-"):
		return "Sky tracks at " + strings.TrimPrefix(name, "skyplot-") + " (" + f + ")"
	case strings.HasPrefix(name, "coverage-"):
		rest := strings.TrimPrefix(name, "coverage-")
		who := strings.Join(combo, "+")
		for _, sys := range s.systems {
			if r, ok := strings.CutSuffix(rest, "-"+sys.String()); ok {
				rest, who = r, sys.Title()+" alone"
			}
		}
		return "Map of " + strings.ReplaceAll(rest, "_", " ") + ", " + who + " (" + f + ")"
	case name == "groundtrack":
		return "Ground tracks of " + strings.Join(combo, " and ") + " (" + f + ")"
	}
	return f
}

func scnEnsureNL(s string) string {
	if s != "" && !strings.HasSuffix(s, "\n") {
		return s + "\n"
	}
	return s
}

func scnMdCode(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = "`" + s + "`"
	}
	return out
}
