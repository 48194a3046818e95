package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/ephemeris/celestrak"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
)

// staleLimit is how far an element set may be from the simulated period
// before gnssim warns: TLE accuracy is km-level at epoch and degrades by
// kilometres per day.
const staleLimit = 7 * 24 * time.Hour

// inputOptions are the flags of every command that loads element sets.
type inputOptions struct {
	tle          []string
	systems      string
	includeNonOp bool
	strict       bool
	// selectsItself is not a flag: a command that picks satellites from
	// dataset.all itself (propagate, catalog) sets it so that loadDataset
	// does not fail when the --systems selection is empty.
	selectsItself bool
}

func (o *inputOptions) register(fs *flagSet) {
	fs.StringArrayVar(&o.tle, "tle", nil, "element-set file, TLE or OMM (JSON, CSV, XML) by content; repeatable; cache:GROUP for a 'gnssim tle fetch' download (default: the built-in "+ephemeris.BuiltinSnapshot+" snapshot)")
	fs.StringVar(&o.systems, "systems", "glonass,beidou", "systems to simulate: names (glonass,beidou,gps,galileo,qzss,navic,sbas) or letters (R,C,G,E,J,I,S)")
	fs.BoolVar(&o.includeNonOp, "include-nonoperational", false, "also use element sets with no current PRN/slot (spares, tests, retired)")
	fs.BoolVar(&o.strict, "strict", false, "a refused element set is an error (exit 1) instead of a warning")
}

// loadedSat is one element set with its identity and, when it initialised,
// its SGP4 record.
type loadedSat struct {
	es   *ephemeris.ElementSet
	id   ephemeris.Identity
	prop *orbit.SGP4
}

// label is the short name used in tables and plots: PRN/slot, else NORAD.
func (s *loadedSat) label() string {
	if s.id.PRN != "" {
		return s.id.PRN
	}
	return fmt.Sprintf("%d", s.es.CatalogNumber)
}

// refusal is an element set (or record) that was not used, and why.
type refusal struct {
	Where  string // file:line
	Name   string // object name and NORAD when known
	Reason string
}

// dataset is what a command works on: every element set read, the refused
// ones, and the selection (systems, operational status) in a fixed order.
type dataset struct {
	all      []*loadedSat // every readable element set, in input order (duplicates resolved)
	selected []*loadedSat // the simulated ones, ordered by system (user order), then PRN, then NORAD
	refused  []refusal
	systems  []ephemeris.System
	sources  []string // source names, in order
	digest   string   // sha256 over every source's bytes, in order
	newest   time.Time
	stderr   io.Writer // where propagate reports SGP4 failures
}

// source is one input: a name for messages and its bytes.
type source struct {
	name string
	data []byte
}

func readSources(tle []string) ([]source, error) {
	if len(tle) == 0 {
		var out []source
		for _, nd := range ephemeris.Builtin() {
			out = append(out, source{nd.Name, nd.Data})
		}
		return out, nil
	}
	var out []source
	for _, name := range tle {
		path := name
		if p, ok, err := celestrak.ResolveCacheRef(name, ""); ok {
			if err != nil {
				return nil, err
			}
			path = p
		}
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("read element sets: %w", err)
		}
		// Element-set files are small; refuse absurd sizes instead of exhausting memory.
		const maxBytes = 256 << 20
		data, err := io.ReadAll(io.LimitReader(f, maxBytes+1))
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		if len(data) > maxBytes {
			return nil, fmt.Errorf("read %s: larger than %d MiB; that is not an element-set file", name, maxBytes>>20)
		}
		out = append(out, source{name, data})
	}
	return out, nil
}

// loadDataset reads, validates, identifies and selects element sets.
// at is the time used for identification (PRN assignments change); the zero
// time means "the newest epoch loaded". Warnings go to e.stderr.
func loadDataset(e *env, in *inputOptions, at time.Time) (*dataset, error) {
	systems, err := ephemeris.ParseSystems(in.systems)
	if err != nil {
		return nil, usagef("--systems: %v", err)
	}
	srcs, err := readSources(in.tle)
	if err != nil {
		return nil, err
	}
	ds := &dataset{systems: systems, stderr: e.stderr}
	h := sha256.New()
	var sets []*ephemeris.ElementSet
	for _, src := range srcs {
		ds.sources = append(ds.sources, src.name)
		// The digest covers the bytes, not the file names, so the same
		// element sets under another path (another node of a cluster) match.
		fmt.Fprintf(h, "%d\x00", len(src.data))
		h.Write(src.data)
		rd := ephemeris.NewReader(bytes.NewReader(src.data), ephemeris.ReadOptions{File: src.name, Strict: in.strict})
		n := 0
		for rd.Next() {
			sets = append(sets, rd.ElementSet())
			n++
		}
		for _, p := range rd.Problems() {
			ds.refused = append(ds.refused, refusal{Where: whereOf(p), Reason: p.Error()})
		}
		if err := rd.Err(); err != nil {
			if in.strict || n == 0 {
				return nil, err
			}
			ds.refused = append(ds.refused, refusal{Where: src.name, Reason: err.Error()})
		}
	}
	ds.digest = hex.EncodeToString(h.Sum(nil))
	if len(sets) == 0 {
		return nil, fmt.Errorf("no usable element sets in %s", strings.Join(ds.sources, ", "))
	}
	// Duplicates (same NORAD number): the newest epoch wins, with a note.
	byNorad := map[int]int{}
	var uniq []*ephemeris.ElementSet
	for _, es := range sets {
		if i, ok := byNorad[es.CatalogNumber]; ok {
			old := uniq[i]
			keep, drop := old, es
			if es.Epoch.After(old.Epoch) {
				keep, drop = es, old
				uniq[i] = es
			}
			fmt.Fprintf(e.stderr, "note: %s: satellite %d appears again (%s); using the newer epoch %s, ignoring %s\n",
				sourceWhere(drop.Source), es.CatalogNumber, sourceWhere(keep.Source), formatTimeUTC(keep.Epoch), formatTimeUTC(drop.Epoch))
			continue
		}
		byNorad[es.CatalogNumber] = len(uniq)
		uniq = append(uniq, es)
	}
	for _, es := range uniq {
		if es.Epoch.After(ds.newest) {
			ds.newest = es.Epoch
		}
	}
	if at.IsZero() {
		at = ds.newest
	}
	cat := ephemeris.DefaultCatalog()
	for _, es := range uniq {
		s := &loadedSat{es: es, id: cat.Identify(es, at)}
		p, err := orbit.NewSGP4(es)
		if err != nil {
			ds.refused = append(ds.refused, refusal{Where: sourceWhere(es.Source), Name: satName(es), Reason: err.Error()})
			if in.strict {
				return nil, fmt.Errorf("%s: %s: %w", sourceWhere(es.Source), satName(es), err)
			}
		} else {
			s.prop = p
		}
		ds.all = append(ds.all, s)
	}
	if in.strict && len(ds.refused) > 0 {
		return nil, fmt.Errorf("%s: %s (--strict)", ds.refused[0].Where, ds.refused[0].Reason)
	}
	for _, r := range ds.refused {
		if r.Name != "" {
			fmt.Fprintf(e.stderr, "warning: refused element set: %s: %s: %s\n", r.Where, r.Name, r.Reason)
		} else {
			fmt.Fprintf(e.stderr, "warning: refused element set: %s\n", r.Reason)
		}
	}
	order := map[ephemeris.System]int{}
	for i, s := range systems {
		order[s] = i
	}
	for _, s := range ds.all {
		if _, ok := order[s.id.System]; !ok || s.prop == nil {
			continue
		}
		if !s.id.Operational && !in.includeNonOp {
			continue
		}
		ds.selected = append(ds.selected, s)
	}
	sort.SliceStable(ds.selected, func(i, j int) bool {
		a, b := ds.selected[i], ds.selected[j]
		if order[a.id.System] != order[b.id.System] {
			return order[a.id.System] < order[b.id.System]
		}
		if (a.id.PRN == "") != (b.id.PRN == "") {
			return a.id.PRN != ""
		}
		if a.id.PRN != b.id.PRN {
			return a.id.PRN < b.id.PRN
		}
		return a.es.CatalogNumber < b.es.CatalogNumber
	})
	if len(ds.selected) == 0 && !in.selectsItself {
		hint := ""
		if !in.includeNonOp {
			hint = " (add --include-nonoperational to use spares and test satellites)"
		}
		return nil, fmt.Errorf("no %s satellites in %s%s", systemsTitle(systems), strings.Join(ds.sources, ", "), hint)
	}
	return ds, nil
}

// warnStale prints one summary warning for the selected element sets that are
// more than staleLimit from the simulated period [start, end].
func (ds *dataset) warnStale(e *env, start, end time.Time) {
	var stale []string
	worst := time.Duration(0)
	worstMsg := ""
	for _, s := range ds.selected {
		d := ephemeris.Age(s.es, start)
		if d2 := ephemeris.Age(s.es, end); math.Abs(float64(d2)) > math.Abs(float64(d)) {
			d = d2
		}
		if d < 0 {
			d = -d
		}
		if d > staleLimit {
			stale = append(stale, s.label())
			if d > worst {
				worst = d
				t := start
				if math.Abs(float64(ephemeris.Age(s.es, end))) > math.Abs(float64(ephemeris.Age(s.es, start))) {
					t = end
				}
				_, worstMsg = ephemeris.Staleness(s.es, t, staleLimit)
			}
		}
	}
	if len(stale) == 0 {
		return
	}
	fmt.Fprintf(e.stderr, "warning: %d element set(s) are more than 7 days from the simulated period (%s); worst: %s\n",
		len(stale), strings.Join(firstN(stale, 6), ", "), worstMsg)
}

func firstN(s []string, n int) []string {
	if len(s) <= n {
		return s
	}
	out := append([]string{}, s[:n]...)
	return append(out, fmt.Sprintf("and %d more", len(s)-n))
}

func whereOf(p *ephemeris.ParseError) string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return p.File
}

func sourceWhere(s ephemeris.Source) string {
	if s.Line > 0 {
		return fmt.Sprintf("%s:%d", s.File, s.Line)
	}
	return s.File
}

func satName(es *ephemeris.ElementSet) string {
	if es.Name != "" {
		return fmt.Sprintf("%s (%d)", es.Name, es.CatalogNumber)
	}
	return fmt.Sprintf("%d", es.CatalogNumber)
}

func systemsTitle(systems []ephemeris.System) string {
	names := make([]string, len(systems))
	for i, s := range systems {
		names[i] = s.Title()
	}
	return strings.Join(names, "+")
}

// timeOptions are --start, --duration, --step.
type timeOptions struct {
	start, duration, step string
}

func (o *timeOptions) register(fs *flagSet, defDuration, defStep string) {
	fs.StringVar(&o.start, "start", "", "start of the period, RFC 3339 UTC, e.g. 2026-03-18T00:00:00Z (default: 00:00 UTC of the day of the newest element set)")
	fs.StringVar(&o.duration, "duration", defDuration, "length of the period, e.g. 24h, 90m, 7d")
	fs.StringVar(&o.step, "step", defStep, "time step, e.g. 60s, 5m")
}

// maxEpochs bounds a period: more epochs than this is refused (it would need
// gigabytes of positions per satellite set); the message says which flag to change.
const maxEpochs = 10_000_000

// grid resolves the period against the dataset (default start: 00:00 UTC of
// the newest epoch's day). The grid covers [start, start+duration] with both
// ends included when the duration is a multiple of the step.
func (o *timeOptions) grid(newest time.Time) (orbit.EpochGrid, error) {
	var start time.Time
	if o.start == "" {
		y, m, d := newest.UTC().Date()
		start = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	} else {
		t, err := parseTimeUTC(o.start)
		if err != nil {
			return orbit.EpochGrid{}, usagef("--start: %v", err)
		}
		start = t
	}
	dur, err := parseDuration(o.duration)
	if err != nil {
		return orbit.EpochGrid{}, usagef("--duration: %v", err)
	}
	step, err := parseDuration(o.step)
	if err != nil {
		return orbit.EpochGrid{}, usagef("--step: %v", err)
	}
	if dur < 0 {
		return orbit.EpochGrid{}, usagef("--duration %s is negative", o.duration)
	}
	if step <= 0 {
		return orbit.EpochGrid{}, usagef("--step %s must be positive", o.step)
	}
	n := int64(dur/step) + 1
	if n > maxEpochs {
		return orbit.EpochGrid{}, usagef("--duration %s at --step %s is %d epochs; the limit is %d: use a larger --step or a shorter --duration", o.duration, o.step, n, maxEpochs)
	}
	return orbit.EpochGrid{Start: start, Step: step, N: int(n)}, nil
}

// maskOptions are --mask and --mask-file.
type maskOptions struct {
	deg  float64
	file string
}

func (o *maskOptions) register(fs *flagSet) {
	fs.Float64Var(&o.deg, "mask", 10, "elevation mask, degrees above the horizon")
	fs.StringVar(&o.file, "mask-file", "", "azimuth-dependent mask: a text file of 'AZ_DEG EL_DEG' lines (interpolated in azimuth); overrides --mask")
}

func (o *maskOptions) mask() (sim.Mask, error) {
	if o.file == "" {
		m := sim.Mask{ElevationDeg: o.deg}
		if err := m.Validate(); err != nil {
			return m, usagef("--mask: %v", err)
		}
		return m, nil
	}
	data, err := os.ReadFile(o.file)
	if err != nil {
		return sim.Mask{}, fmt.Errorf("--mask-file: %w", err)
	}
	return parseMaskFile(o.file, data)
}

// parseMaskFile reads "AZ EL" pairs (degrees), one per line; '#' starts a
// comment; commas or blanks separate the two numbers.
func parseMaskFile(name string, data []byte) (sim.Mask, error) {
	var m sim.Mask
	var lines []int // line of each point, for errors
	for i, line := range strings.Split(string(data), "\n") {
		if j := strings.IndexByte(line, '#'); j >= 0 {
			line = line[:j]
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		f := strings.FieldsFunc(line, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\r' })
		if len(f) != 2 {
			return m, fmt.Errorf("%s:%d: want two numbers 'AZIMUTH_DEG ELEVATION_DEG', got %q", name, i+1, line)
		}
		var v [2]float64
		for k := range f {
			x, err := parseFloatStrict(f[k])
			if err != nil {
				return m, fmt.Errorf("%s:%d: %s %q is not a number", name, i+1, []string{"azimuth", "elevation"}[k], f[k])
			}
			v[k] = x
		}
		p := sim.MaskPoint{AzDeg: v[0], ElDeg: v[1]}
		switch {
		case p.AzDeg < 0 || p.AzDeg >= 360:
			return m, fmt.Errorf("%s:%d: azimuth %g° outside [0, 360)", name, i+1, p.AzDeg)
		case p.ElDeg < 0 || p.ElDeg >= 90:
			return m, fmt.Errorf("%s:%d: elevation %g° outside [0, 90)", name, i+1, p.ElDeg)
		case len(m.Azimuth) > 0 && p.AzDeg <= m.Azimuth[len(m.Azimuth)-1].AzDeg:
			return m, fmt.Errorf("%s:%d: azimuths not strictly increasing: %g° after %g° (line %d)", name, i+1, p.AzDeg, m.Azimuth[len(m.Azimuth)-1].AzDeg, lines[len(lines)-1])
		}
		m.Azimuth = append(m.Azimuth, p)
		lines = append(lines, i+1)
	}
	if len(m.Azimuth) == 0 {
		return m, fmt.Errorf("%s: no 'AZIMUTH_DEG ELEVATION_DEG' lines", name)
	}
	if err := m.Validate(); err != nil { // the checks above should have caught everything
		return m, fmt.Errorf("%s: %w", name, err)
	}
	return m, nil
}

// propagate fills a sim.Ephemeris (ECEF km) for the selected satellites. A
// satellite whose SGP4 fails at some epoch is left out from that epoch on
// (NaN positions, not visible), as gnssim propagate stops its rows there,
// and one stderr line gives the SGP4 error code and meaning.
func (ds *dataset) propagate(ctx context.Context, grid orbit.EpochGrid) (*sim.Ephemeris, error) {
	props := make([]*orbit.SGP4, len(ds.selected))
	sats := make([]sim.Satellite, len(ds.selected))
	for i, s := range ds.selected {
		props[i] = s.prop
		sats[i] = sim.Satellite{System: s.id.System, PRN: s.label(), NORAD: s.es.CatalogNumber, Name: s.es.Name}
	}
	b := orbit.NewBatch(len(props), grid.N, false)
	if err := orbit.PropagateBatch(ctx, b, props, grid, orbit.BatchOptions{Frame: orbit.FrameECEF}); err != nil {
		return nil, err
	}
	nan := math.NaN()
	for i, s := range ds.selected {
		row := i * grid.N
		first := -1
		for k := 0; k < grid.N; k++ {
			if b.Status[row+k] != orbit.StatusOK {
				first = k
				break
			}
		}
		if first < 0 {
			continue
		}
		for k := first; k < grid.N; k++ {
			b.X[row+k], b.Y[row+k], b.Z[row+k] = nan, nan, nan
		}
		if ds.stderr != nil {
			code := b.Status[row+first]
			meaning := "non-finite result or time out of range"
			if code != orbit.StatusNotFinite {
				meaning = orbit.SGP4Meaning(int(code))
			}
			fmt.Fprintf(ds.stderr, "warning: %s (%s, NORAD %d): SGP4 error %d (%s) at %s (tsince %.7f min); it is left out from there on\n",
				s.label(), s.id.System.Title(), s.es.CatalogNumber, code, meaning,
				formatTimeUTC(grid.Time(first)), orbit.GridTsince(s.prop, grid, first))
		}
	}
	return &sim.Ephemeris{Grid: grid, Sats: sats, X: b.X, Y: b.Y, Z: b.Z}, nil
}

// errNotYet is returned by a command whose implementation has not landed.
var errNotYet = errors.New("not implemented yet")
