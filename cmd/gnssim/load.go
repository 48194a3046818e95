package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/dataset"
)

// staleLimit is how far an element set may be from the simulated period
// before gnssim warns (dataset.StaleLimit).
const staleLimit = dataset.StaleLimit

// inputOptions are the flags of every command that loads element sets.
type inputOptions struct {
	tle          []string
	systems      string
	includeNonOp bool
	strict       bool
	// selectsItself is not a flag: a command that picks satellites from
	// dataset.All itself (propagate, catalog) sets it so that loadDataset
	// does not fail when the --systems selection is empty.
	selectsItself bool
}

func (o *inputOptions) register(fs *flagSet) {
	fs.StringArrayVar(&o.tle, "tle", nil, "element-set file, TLE or OMM (JSON, CSV, XML) by content; repeatable; cache:GROUP for a 'gnssim tle fetch' download (default: the built-in "+ephemeris.BuiltinSnapshot+" snapshot)")
	fs.StringVar(&o.systems, "systems", "glonass,beidou", "systems to simulate: names (glonass,beidou,gps,galileo,qzss,navic,sbas), letters (R,C,G,E,J,I,S) or all")
	fs.BoolVar(&o.includeNonOp, "include-nonoperational", false, "also use element sets with no current PRN/slot (spares, tests, retired)")
	fs.BoolVar(&o.strict, "strict", false, "a refused element set or a propagation failure is an error (exit 1) instead of a warning")
}

// loadDataset reads, validates, identifies and selects element sets
// (package sim/dataset). at is the time used for identification (PRN
// assignments change); the zero time means "the newest epoch loaded". The
// notes (duplicates, refusals: summarised) go to e.stderr.
func loadDataset(e *env, in *inputOptions, at time.Time) (*dataset.Dataset, error) {
	systems, err := ephemeris.ParseSystems(in.systems)
	if err != nil {
		return nil, usagef("--systems: %v", err)
	}
	inputs, err := dataset.ReadInputs(in.tle)
	if err != nil {
		return nil, err
	}
	ds, err := dataset.Load(inputs, dataset.Options{Systems: systems, IncludeNonOperational: in.includeNonOp, Strict: in.strict, IdentifyAt: at})
	if err != nil {
		return nil, err
	}
	for _, n := range ds.Notes() {
		fmt.Fprintln(e.stderr, n)
	}
	if !in.selectsItself {
		if err := ds.RequireSelected(); err != nil {
			var ne *dataset.NoSatellitesError
			if errors.As(err, &ne) && !in.includeNonOp {
				return nil, fmt.Errorf("%v; add --include-nonoperational to use spares and test satellites", err)
			}
			return nil, err
		}
	}
	return ds, nil
}

// warnStale prints one summary warning for the selected element sets that
// are more than staleLimit from the simulated period [start, end].
func warnStale(e *env, ds *dataset.Dataset, start, end time.Time) {
	if n := ds.Stale(start, end); n != nil {
		fmt.Fprintln(e.stderr, n)
	}
}

func firstN(s []string, n int) []string {
	if len(s) <= n {
		return s
	}
	out := append([]string{}, s[:n]...)
	return append(out, fmt.Sprintf("and %d more", len(s)-n))
}

func systemsTitle(systems []ephemeris.System) string { return dataset.SystemsTitle(systems) }

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

// propagate fills a sim.Ephemeris (ECEF km) for the selected satellites
// over the whole period. A satellite whose SGP4 fails at some epoch is left
// out from that epoch on (NaN positions, not visible) with one stderr line
// giving the SGP4 error code and meaning; with --strict the failure is an
// error.
func propagate(ctx context.Context, e *env, ds *dataset.Dataset, grid orbit.EpochGrid, strict bool) (*sim.Ephemeris, error) {
	eph, fails, err := ds.Ephemeris(ctx, grid, dataset.PropagatorOptions{Strict: strict})
	if err != nil {
		return nil, err
	}
	for _, f := range fails {
		fmt.Fprintln(e.stderr, f.Note())
	}
	return eph, nil
}
