package job

import (
	"context"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/figure"
	"github.com/gnssim/gnssim/cmd/gnssim/internal/output"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/dataset"
	"github.com/gnssim/gnssim/sim/integrity"
)

// Criteria of `gnssim window` (--by) and the bound of --top.
const (
	WindowByPDOP      = "pdop"      // lowest mean PDOP, every epoch available
	WindowByIntegrity = "integrity" // highest ARAIM service availability
	MaxWindowTop      = 100
)

// windowBytesPerEpoch is the memory the window search keeps per epoch of
// the period: the series of the combination (PDOP and visible count, or
// VPL, HPL and the service flags) and the prefix sums and counts of the
// search.
const windowBytesPerEpoch = 64

// BestWindow is `gnssim window`: the best windows of a given length at one
// site, for the combination of the systems (the last variant of the
// model): by the lowest mean PDOP among the windows whose every epoch is
// available (finite PDOP ≤ PDOPMax), or by the highest ARAIM availability
// of a service (ties: the lower mean VPL, HPL for horizontal-only
// services); ties then go to the earlier start. With Top > 1, the Top best
// windows that do not overlap each other (greedy: the best, then the best
// that overlaps none chosen, ...).
//
// (The type is not called Window: that is the --tsince window of
// propagate.)
type BestWindow struct {
	Inputs
	Period
	Receiver // with By integrity: Mask, MaskFile, Clock, ISBPrior, ISBSigmaNS (weighting none)
	Site     SiteArg
	Length   time.Duration // a positive multiple of Step, ≤ Duration
	By       string        // WindowByPDOP ("": the default) or WindowByIntegrity
	Top      int           // 1..MaxWindowTop (0: 1)
	// With By integrity, as in Integrity: the service (zero: LPV-200),
	// the fault-mode rule and the --ism file ("": the built-in defaults).
	Service   integrity.Service
	Rule      integrity.Rule
	ISMFile   string
	Format    output.Format
	Output    string // -o: a file, "-" or "" (standard output)
	Precision output.Precision
	Force     bool
}

func (j *BestWindow) by() string {
	if j.By == "" {
		return WindowByPDOP
	}
	return strings.ToLower(strings.TrimSpace(j.By))
}

func (j *BestWindow) top() int {
	if j.Top == 0 {
		return 1
	}
	return j.Top
}

// epochs is the number of epochs of a window: Length / Step.
func (j *BestWindow) epochs() int { return int(j.Length / j.Step) }

// integrityJob is the Integrity job of the same site, period, receiver and
// ARAIM parameters: its validation, configuration and provenance are those
// of --by integrity.
func (j *BestWindow) integrityJob() *Integrity {
	return &Integrity{Inputs: j.Inputs, Period: j.Period, Receiver: j.Receiver, Sites: []SiteArg{j.Site},
		Service: j.Service, Rule: j.Rule, ISMFile: j.ISMFile}
}

// Validate checks the parameters before any data is loaded.
func (j *BestWindow) Validate() error {
	if j.Site.Arg == "" {
		return Usagef("exactly one --site is required (a city such as beijing, or LAT,LON[,HEIGHT_M]); built-in cities: %s", CityNames())
	}
	if err := j.Period.Validate(); err != nil {
		return err
	}
	switch by := j.by(); by {
	case WindowByPDOP, WindowByIntegrity:
	default:
		return Usagef("--by %q: want pdop (lowest mean PDOP) or integrity (highest ARAIM availability)", j.By)
	}
	if t := j.top(); t < 1 || t > MaxWindowTop {
		return Usagef("--top %d: want 1 to %d windows", j.Top, MaxWindowTop)
	}
	switch {
	case j.Length <= 0:
		return Usagef("--length %s: want a positive duration, e.g. 2h", FormatDuration(j.Length))
	case j.Length%j.Step != 0:
		return Usagef("--length %s is not a multiple of --step %s", FormatDuration(j.Length), FormatDuration(j.Step))
	case j.Length > j.Duration:
		return Usagef("--length %s is longer than --duration %s", FormatDuration(j.Length), FormatDuration(j.Duration))
	}
	if j.by() == WindowByIntegrity {
		if j.Weighting != sim.WeightNone {
			return Usagef("--weighting %s does not apply to --by integrity: ARAIM weighs each satellite by its own error model", j.Weighting)
		}
		return j.integrityJob().validate()
	}
	if !(j.pdopMax() > 0) {
		return Usagef("--pdop-max %g: want a positive number such as 6", j.PDOPMax)
	}
	return nil
}

// Args is the equivalent command line, the period's start as resolved in
// grid.
func (j *BestWindow) Args(grid orbit.EpochGrid) []string {
	a := append([]string{"window"}, j.Inputs.Args()...)
	a = append(a, j.Period.Args(grid)...)
	a = append(a, "--site", j.Site.Arg, "--length", FormatDuration(j.Length), "--by", j.by(), "--top", strconv.Itoa(j.top()))
	a = append(a, j.MaskArgs()...)
	if j.by() == WindowByIntegrity {
		a = append(a, j.integrityJob().araimArgs()...)
	} else {
		a = append(a, j.ModelArgs(true)...)
	}
	return append(a, outputArgs(j.Format, j.Output, "", j.Precision, j.Force)...)
}

// windowParams are the parameters of the search, as recorded in the
// provenance (run.parameters.window).
type windowParams struct {
	By                string            `json:"by"`
	LengthS           output.JSONNumber `json:"length_s"`
	Epochs            int               `json:"epochs_per_window"`
	Top               int               `json:"top"`
	Variant           string            `json:"variant"`
	WindowsTotal      int               `json:"windows_total"`
	WindowsConsidered int               `json:"windows_considered"`
}

// windowPDOPColumns are the columns of --by pdop (decimals: PDOP 3).
var windowPDOPColumns = []output.Column{
	{Name: "site"}, {Name: "rank", Kind: output.Int}, {Name: "start_utc"}, {Name: "end_utc"}, {Name: "epochs", Kind: output.Int},
	{Name: "mean_pdop", Kind: output.Number, Decimals: 3}, {Name: "max_pdop", Kind: output.Number, Decimals: 3},
	{Name: "min_visible", Kind: output.Int}, {Name: "windows_considered", Kind: output.Int},
}

// windowIntegrityColumns are the columns of --by integrity (decimals:
// percentage 1, metres 2).
var windowIntegrityColumns = []output.Column{
	{Name: "site"}, {Name: "rank", Kind: output.Int}, {Name: "start_utc"}, {Name: "end_utc"}, {Name: "epochs", Kind: output.Int},
	{Name: "availability_pct", Kind: output.Number, Decimals: 1}, {Name: "mean_vpl_m", Kind: output.Number, Decimals: 2},
	{Name: "max_vpl_m", Kind: output.Number, Decimals: 2}, {Name: "mean_hpl_m", Kind: output.Number, Decimals: 2},
	{Name: "windows_considered", Kind: output.Int},
}

// Run evaluates the site over the period, searches the windows and writes
// the table. It returns the files written.
func (j *BestWindow) Run(ctx context.Context, env *Env) ([]string, error) {
	if err := j.Validate(); err != nil {
		return nil, err
	}
	out, err := output.ParseDest("-o", j.Output)
	if err != nil {
		return nil, err
	}
	if j.by() == WindowByIntegrity {
		return j.runIntegrity(ctx, env, out)
	}
	ds, err := env.load(j.Inputs, j.Period.identifyAt(), false)
	if err != nil {
		return nil, err
	}
	grid, err := j.Period.Grid(ds)
	if err != nil {
		return nil, err
	}
	model := j.Receiver.Model(ds.Systems)
	variants := model.Variants()
	nv := len(variants)
	cost := sim.SiteSeriesCost(len(ds.Selected), 1, grid.N, nv, false, sim.Exec{})
	cost.Bytes += int64(grid.N) * windowBytesPerEpoch
	if err := env.limits().Check(cost, j.Force, "--step or --duration"); err != nil {
		return nil, err
	}
	if err := env.checkSpan(ds, grid, j.Force); err != nil {
		return nil, err
	}
	site := j.Site.Site
	n := j.epochs()
	pdop := make([]float64, grid.N)
	nvis := make([]int32, grid.N)
	if n <= grid.N {
		src, _, err := env.passes(ctx, ds, grid, j.Strict, 1)
		if err != nil {
			return nil, err
		}
		prog := env.progress("window")
		err = sim.StreamSiteSeries(ctx, src(), grid, []sim.Site{site}, model, sim.Exec{Progress: prog.Update},
			func(c *sim.SiteResult) error {
				k0 := int(c.Grid.Start.Sub(grid.Start) / grid.Step)
				last := len(c.Variants) - 1
				for k := 0; k < c.Grid.N; k++ {
					d := c.At(0, k, last)
					pdop[k0+k], nvis[k0+k] = d.PDOP, int32(d.NVisible)
				}
				return nil
			})
		prog.Done()
		if err != nil {
			return nil, err
		}
	}
	pmax := j.pdopMax()
	found := bestWindows(pdop, n, j.top(), pmax)
	variant := variants[nv-1].Name
	run := output.NewProvenance(env.Version, "window", j.Precision).WithDataset(ds).WithPeriod(grid).WithModel(model, j.MaskFile).WithSites([]sim.Site{site})
	run.Set("window", j.params(variant, n, found))
	head := []string{
		fmt.Sprintf("Best %s windows at %s (%s): lowest mean PDOP of %s, every epoch with PDOP ≤ %s", FormatDuration(j.Length), site.Name,
			LatLonText(site.LatDeg, site.LonDeg, 2), figure.VariantTitle(variant), output.G(pmax)),
		j.periodLine(grid, n, found) + ", " + j.MaskText() + ", " + j.ClockText(),
		"",
	}
	if len(found.Starts) == 0 {
		env.note(windowNote(j.noWindowText(grid, n, found, fmt.Sprintf("where every epoch has PDOP ≤ %s (%s)", output.G(pmax), variant))))
	}
	table := &output.Table{Columns: windowPDOPColumns, Run: run, RowsKey: "windows", Head: head}
	return j.write(ctx, env, out, table, func(tw *output.Writer) error {
		for r, s := range found.Starts {
			sum, worst, fewest := 0.0, math.Inf(-1), int32(math.MaxInt32)
			for _, v := range pdop[s : s+n] {
				sum += v
				worst = math.Max(worst, v)
			}
			for _, v := range nvis[s : s+n] {
				fewest = min(fewest, v)
			}
			j.rowHead(tw, grid, r, s, n)
			tw.Num(sum / float64(n))
			tw.Num(worst)
			tw.Int(int(fewest))
			tw.Int(found.Qualifying)
			if err := tw.End(); err != nil {
				return err
			}
		}
		return nil
	})
}

// runIntegrity is --by integrity: the ARAIM series of the combination at
// the site, as `gnssim integrity --site` computes it.
func (j *BestWindow) runIntegrity(ctx context.Context, env *Env, out output.Dest) ([]string, error) {
	ij := j.integrityJob()
	ism, err := readIntegrityISM(j.ISMFile)
	if err != nil {
		return nil, err
	}
	cfg := ij.config(ism)
	ds, grid, model, ev, err := ij.setup(env, cfg)
	if err != nil {
		return nil, err
	}
	variants := model.Variants()
	nv := len(variants)
	lim := env.limits()
	lim.MaxReceiverEpochs /= integrityWork
	lim.WorkUnit = "ARAIM evaluations"
	cost := sim.Cost{
		Bytes: sim.SiteSeriesCost(len(ds.Selected), 1, grid.N, 0, false, sim.Exec{}).Bytes +
			int64(min(grid.N, sim.DefaultChunkEpochs))*int64(nv)*int64(unsafe.Sizeof(integrity.Result{})) + int64(grid.N)*windowBytesPerEpoch,
		ReceiverEpochs:  float64(grid.N) * float64(nv),
		SatelliteEpochs: float64(len(ds.Selected)) * float64(grid.N),
	}
	if err := lim.Check(cost, j.Force, "--step or --duration"); err != nil {
		return nil, err
	}
	if err := env.checkSpan(ds, grid, j.Force); err != nil {
		return nil, err
	}
	site := j.Site.Site
	svc := ij.service()
	n := j.epochs()
	met, monitored := make([]bool, grid.N), make([]bool, grid.N)
	vpl, hpl := make([]float64, grid.N), make([]float64, grid.N)
	if n <= grid.N {
		src, _, err := env.passes(ctx, ds, grid, j.Strict, 1)
		if err != nil {
			return nil, err
		}
		prog := env.progress("window")
		err = integrity.SiteSeries(ctx, src(), grid, []sim.Site{site}, model, sim.Exec{Progress: prog.Update},
			func(c *integrity.SeriesChunk) error {
				last := len(c.Variants) - 1
				for k := range c.Times {
					r := c.At(0, k, last)
					i := c.K0 + k
					monitored[i], vpl[i], hpl[i] = r.Available, r.VPLM, r.HPLM
					met[i] = r.Available && r.Check(svc).OK()
				}
				return nil
			})
		prog.Done()
		if err != nil {
			return nil, err
		}
	}
	// The tie-break: the lower mean protection level of the service.
	pl, plName := vpl, "VPL"
	if !svc.Vertical() {
		pl, plName = hpl, "HPL"
	}
	found := bestIntegrityWindows(met, monitored, pl, n, j.top())
	variant := variants[nv-1].Name
	params := ij.newIntegrityParams(ev.Config(), ds.Systems)
	run := output.NewProvenance(env.Version, "window", j.Precision).WithDataset(ds).WithPeriod(grid).WithMask(j.Mask, j.MaskFile).WithSites([]sim.Site{site})
	run.Set("integrity", params)
	run.Set("window", j.params(variant, n, found))
	run.Notes = params.assumptions()
	ij.provenance(run)
	head := []string{
		fmt.Sprintf("Best %s windows at %s (%s): highest ARAIM %s availability of %s (ties: the lower mean %s)", FormatDuration(j.Length), site.Name,
			LatLonText(site.LatDeg, site.LonDeg, 2), svc.Name, figure.VariantTitle(variant), plName),
		j.periodLine(grid, n, found),
	}
	head = append(head, params.caption(j.MaskText())...)
	head = append(head, "")
	if len(found.Starts) == 0 {
		env.note(windowNote(j.noWindowText(grid, n, found, fmt.Sprintf("where %s is met at any epoch (%s)", svc.Name, variant))))
	}
	table := &output.Table{Columns: windowIntegrityColumns, Run: run, RowsKey: "windows", Head: head}
	return j.write(ctx, env, out, table, func(tw *output.Writer) error {
		for r, s := range found.Starts {
			nMet, nMon := 0, 0
			sumV, sumH, maxV := 0.0, 0.0, math.Inf(-1)
			for k := s; k < s+n; k++ {
				if met[k] {
					nMet++
				}
				if !monitored[k] {
					continue
				}
				nMon++
				sumV += vpl[k]
				sumH += hpl[k]
				maxV = integNanMax(maxV, vpl[k])
			}
			meanV, meanH := math.NaN(), math.NaN()
			if nMon > 0 {
				meanV, meanH = sumV/float64(nMon), sumH/float64(nMon)
			} else {
				maxV = math.NaN()
			}
			j.rowHead(tw, grid, r, s, n)
			tw.Num(100 * float64(nMet) / float64(n))
			tw.Num(meanV)
			tw.Num(maxV)
			tw.Num(meanH)
			tw.Int(found.Qualifying)
			if err := tw.End(); err != nil {
				return err
			}
		}
		return nil
	})
}

func (j *BestWindow) params(variant string, n int, found windowSearch) windowParams {
	return windowParams{By: j.by(), LengthS: output.Exact(j.Length.Seconds()), Epochs: n, Top: j.top(), Variant: variant,
		WindowsTotal: found.Total, WindowsConsidered: found.Qualifying}
}

// periodLine describes the period and the windows searched.
func (j *BestWindow) periodLine(grid orbit.EpochGrid, n int, found windowSearch) string {
	return fmt.Sprintf("%s to %s (step %s, %d epochs): %d windows of %d epochs, %d considered", output.FormatTime(grid.Start),
		output.FormatTime(grid.Time(max(grid.N-1, 0))), FormatDuration(grid.Step), grid.N, found.Total, n, found.Qualifying)
}

// noWindowText says why no window qualifies; what is the condition.
func (j *BestWindow) noWindowText(grid orbit.EpochGrid, n int, found windowSearch, what string) string {
	if found.Total == 0 {
		return fmt.Sprintf("no %s window at %s: the period has %d epochs, fewer than the %d of a --length %s window at --step %s",
			FormatDuration(j.Length), j.Site.Site.Name, grid.N, n, FormatDuration(j.Length), FormatDuration(grid.Step))
	}
	return fmt.Sprintf("no %s window at %s %s: none of the %d windows of %d epochs qualifies", FormatDuration(j.Length), j.Site.Site.Name, what, found.Total, n)
}

func windowNote(text string) dataset.Note {
	return dataset.Note{Level: dataset.Info, Kind: "window", Text: text}
}

// rowHead writes the cells common to both criteria: site, rank, start,
// end (start + Length) and epochs.
func (j *BestWindow) rowHead(tw *output.Writer, grid orbit.EpochGrid, rank, start, n int) {
	t := grid.Time(start)
	tw.Str(j.Site.Site.Name)
	tw.Int(rank + 1)
	tw.Str(output.FormatTime(t))
	tw.Str(output.FormatTime(t.Add(j.Length)))
	tw.Int(n)
}

// write writes the table to out.
func (j *BestWindow) write(ctx context.Context, env *Env, out output.Dest, table *output.Table, rows func(tw *output.Writer) error) ([]string, error) {
	var files written
	err := out.Write(ctx, env.Stdout, func(w io.Writer) error {
		tw, err := output.NewWriter(w, j.Format, j.Precision, table)
		if err != nil {
			return err
		}
		if err := rows(tw); err != nil {
			return err
		}
		return tw.Close(nil)
	})
	if err != nil {
		return files, err
	}
	files.add(out)
	return files, nil
}

// windowSearch is the result of a window search over a series.
type windowSearch struct {
	Starts     []int // the first epoch of each window chosen, best first
	Qualifying int   // windows that qualify: the candidates
	Total      int   // windows of n epochs in the series
}

// bestWindows searches the windows of n consecutive epochs of a PDOP
// series: the candidates are the windows whose every epoch is available
// (a finite PDOP ≤ pdopMax); the best has the lowest mean PDOP, ties going
// to the earlier start; it returns up to top windows that do not overlap
// (greedy). Time O(len(pdop)) (top is bounded), memory O(len(pdop)).
func bestWindows(pdop []float64, n, top int, pdopMax float64) windowSearch {
	N := len(pdop)
	if n < 1 || n > N || top < 1 {
		return windowSearch{}
	}
	total := N - n + 1
	avail := func(v float64) bool { return v <= pdopMax && !math.IsInf(v, 0) } // NaN ≤ x is false
	// A running count of the unavailable epochs of the window.
	ok := make([]bool, total)
	bad := 0
	for k := 0; k < N; k++ {
		if !avail(pdop[k]) {
			bad++
		}
		if k >= n && !avail(pdop[k-n]) {
			bad--
		}
		if k >= n-1 {
			ok[k-n+1] = bad == 0
		}
	}
	sums := newPrefixSums(N, func(k int) float64 {
		if avail(pdop[k]) {
			return pdop[k]
		}
		return 0
	})
	// Every window has n epochs: the lower sum is the lower mean.
	res := windowSearch{Total: total, Qualifying: countTrue(ok)}
	res.Starts = pickWindows(ok, n, top, func(a, b int) bool { return sums.sum(a, a+n) < sums.sum(b, b+n) })
	return res
}

// bestIntegrityWindows searches the windows of n consecutive epochs of an
// ARAIM series: met[k] the service is met at epoch k, monitored[k] the
// epoch has a result, pl[k] its protection level (VPL, or HPL for a
// horizontal-only service). The candidates are the windows with the
// service met at one epoch at least; the best has the most epochs met,
// then the lower mean protection level over the epochs with a result (a
// window with none, or with a NaN level, comes last), then the earlier
// start; it returns up to top windows that do not overlap (greedy).
func bestIntegrityWindows(met, monitored []bool, pl []float64, n, top int) windowSearch {
	N := len(met)
	if n < 1 || n > N || top < 1 {
		return windowSearch{}
	}
	total := N - n + 1
	nMet, nMon, nNaN := make([]int32, N+1), make([]int32, N+1), make([]int32, N+1)
	for k := 0; k < N; k++ {
		nMet[k+1], nMon[k+1], nNaN[k+1] = nMet[k], nMon[k], nNaN[k]
		if met[k] {
			nMet[k+1]++
		}
		if monitored[k] {
			nMon[k+1]++
			if math.IsNaN(pl[k]) || math.IsInf(pl[k], 0) {
				nNaN[k+1]++
			}
		}
	}
	sums := newPrefixSums(N, func(k int) float64 {
		if monitored[k] && !math.IsNaN(pl[k]) && !math.IsInf(pl[k], 0) {
			return pl[k]
		}
		return 0
	})
	ok := make([]bool, total)
	for i := range ok {
		ok[i] = nMet[i+n] > nMet[i]
	}
	mean := func(i int) float64 {
		m := nMon[i+n] - nMon[i]
		if m == 0 || nNaN[i+n] > nNaN[i] {
			return math.Inf(1)
		}
		return sums.sum(i, i+n) / float64(m)
	}
	res := windowSearch{Total: total, Qualifying: countTrue(ok)}
	res.Starts = pickWindows(ok, n, top, func(a, b int) bool {
		ma, mb := nMet[a+n]-nMet[a], nMet[b+n]-nMet[b]
		if ma != mb {
			return ma > mb
		}
		return mean(a) < mean(b)
	})
	return res
}

func countTrue(b []bool) int {
	n := 0
	for _, v := range b {
		if v {
			n++
		}
	}
	return n
}

// prefixSums are compensated prefix sums of a series: the sum of x[i:j]
// is (hi[j]-hi[i]) + (lo[j]-lo[i]), where lo carries the rounding errors
// of hi (TwoSum), so that a window's sum is accurate to a few units in
// its own last place however long the series before it.
type prefixSums struct{ hi, lo []float64 }

func newPrefixSums(n int, x func(k int) float64) prefixSums {
	p := prefixSums{hi: make([]float64, n+1), lo: make([]float64, n+1)}
	for k := 0; k < n; k++ {
		a, b := p.hi[k], x(k)
		s := a + b
		bb := s - a
		p.hi[k+1], p.lo[k+1] = s, p.lo[k]+((a-(s-bb))+(b-bb))
	}
	return p
}

func (p prefixSums) sum(i, j int) float64 { return (p.hi[j] - p.hi[i]) + (p.lo[j] - p.lo[i]) }

// windowBlock is the number of window starts whose best is kept together
// by pickWindows.
const windowBlock = 1024

// pickWindows chooses up to top windows of n epochs among those whose
// start s has ok[s] (ok is overwritten): the best (better(a, b): window a
// scores strictly better than b; equal scores go to the earlier start),
// then the best of those that do not overlap it, and so on. The best
// start of each block of windowBlock starts is kept, so that a choice
// costs O(len(ok)/windowBlock + n + windowBlock): O(len(ok)) in all for a
// bounded top.
func pickWindows(ok []bool, n, top int, better func(a, b int) bool) []int {
	total := len(ok)
	before := func(a, b int) bool {
		if better(a, b) {
			return true
		}
		if better(b, a) {
			return false
		}
		return a < b
	}
	nb := (total + windowBlock - 1) / windowBlock
	best := make([]int, nb)
	scan := func(b int) {
		best[b] = -1
		for i := b * windowBlock; i < min((b+1)*windowBlock, total); i++ {
			if ok[i] && (best[b] < 0 || before(i, best[b])) {
				best[b] = i
			}
		}
	}
	for b := range best {
		scan(b)
	}
	var picks []int
	for len(picks) < top {
		w := -1
		for _, i := range best {
			if i >= 0 && (w < 0 || before(i, w)) {
				w = i
			}
		}
		if w < 0 {
			break
		}
		picks = append(picks, w)
		// The windows that overlap w start within n-1 epochs of it.
		lo, hi := max(w-n+1, 0), min(w+n-1, total-1)
		for i := lo; i <= hi; i++ {
			ok[i] = false
		}
		for b := lo / windowBlock; b <= hi/windowBlock; b++ {
			scan(b)
		}
	}
	return picks
}
