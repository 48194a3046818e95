package dataset

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/ephemeris/rinex"
	"github.com/gnssim/gnssim/ephemeris/sp3"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/orbit/broadcast"
	"github.com/gnssim/gnssim/orbit/precise"
	"github.com/gnssim/gnssim/sim"
)

// Kind says where a Dataset's positions come from.
type Kind uint8

const (
	// ElementSets: TLE or OMM mean elements propagated with SGP4.
	ElementSets Kind = iota
	// Broadcast: RINEX navigation messages (package orbit/broadcast).
	Broadcast
	// Precise: SP3 precise orbits interpolated (package orbit/precise).
	Precise
)

// String names the kind as the command line's flags do: "tle", "nav", "sp3".
func (k Kind) String() string {
	switch k {
	case Broadcast:
		return "nav"
	case Precise:
		return "sp3"
	}
	return "tle"
}

// item names one entry of a dataset of this kind, for messages.
func (k Kind) item() string {
	switch k {
	case Broadcast:
		return "navigation record"
	case Precise:
		return "SP3 record"
	}
	return "element set"
}

// source names a source of this kind, for messages.
func (k Kind) source() string {
	switch k {
	case Broadcast:
		return "navigation data"
	case Precise:
		return "SP3 files"
	}
	return "element sets"
}

// fileSource is a broadcast or precise source.
type fileSource interface {
	FillGrid(sat int, grid orbit.EpochGrid, x, y, z []float64) (int, error)
}

// LoadNav reads RINEX navigation files (2.x, 3.0x, 4.0x, plain or gzip) and
// selects their satellites of opt.Systems: identities (system, PRN, GLONASS
// slot and frequency channel, BeiDou orbit type) come from the files; every
// satellite with a usable record is operational. Positions are the
// broadcast orbits of the records a receiver would use (healthy,
// transmitted, within their fit intervals); a time no record covers is a
// gap (no position), reported by Gaps. Bad records are skipped and listed
// in Refused (opt.Strict: an error). Several files are merged (a day per
// file, or one file per system).
func LoadNav(inputs []Input, opt Options) (*Dataset, error) {
	d := newFileDataset(inputs, opt, Broadcast)
	merged := &rinex.File{}
	for i, in := range inputs {
		f, err := rinex.ReadAll(bytes.NewReader(in.Data), rinex.Options{File: in.Name, Strict: opt.Strict})
		if err != nil {
			return nil, err
		}
		for _, p := range f.Problems {
			d.Refused = append(d.Refused, Refusal{Where: whereOf(p), Reason: p.Error()})
		}
		if i == 0 {
			merged.Name, merged.Header = f.Name, f.Header
		}
		merged.Records = append(merged.Records, f.Records...)
	}
	src, err := broadcast.NewSource(merged, broadcast.Options{Systems: d.Systems})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", strings.Join(d.Sources, ", "), err)
	}
	d.fileSrc = src
	for i, s := range src.Satellites() {
		id := ephemeris.Identity{System: s.Sat.System, PRN: s.ID, Operational: s.Records > 0, Confidence: "file", Basis: "navigation file"}
		if s.Sat.System == ephemeris.GLONASS {
			id.Slot = s.Sat.PRN
		}
		if s.HasFreqChannel {
			id.FreqChannel, id.HasChannel = s.FreqChannel, true
		}
		switch s.Orbit {
		case broadcast.MEO:
			id.Orbit = ephemeris.MEO
		case broadcast.IGSO:
			id.Orbit = ephemeris.IGSO
		case broadcast.GEO:
			id.Orbit = ephemeris.GEO
		}
		d.All = append(d.All, &Sat{ID: id, index: i})
	}
	return d.finishFile(src.Coverage)
}

// LoadSP3 reads SP3-c/d files (plain or gzip; consecutive days are merged)
// and selects their satellites of opt.Systems. Positions are interpolated
// (orbit/precise: 10-point Lagrange, never extrapolated past the first and
// last epoch, never across a missing value).
func LoadSP3(inputs []Input, opt Options) (*Dataset, error) {
	d := newFileDataset(inputs, opt, Precise)
	var files []*sp3.File
	for _, in := range inputs {
		f, err := sp3.Read(in.Name, bytes.NewReader(in.Data), sp3.Options{Strict: opt.Strict})
		if err != nil {
			return nil, err
		}
		for _, p := range f.Problems() {
			d.Refused = append(d.Refused, Refusal{Where: whereOf(p), Reason: p.Error()})
		}
		files = append(files, f)
	}
	src, err := precise.New(files, precise.Options{})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", strings.Join(d.Sources, ", "), err)
	}
	for _, p := range src.Problems() {
		d.Refused = append(d.Refused, Refusal{Where: strings.Join(d.Sources, ", "), Reason: p.Error()})
	}
	d.fileSrc = src
	for i, s := range src.Satellites() {
		id := ephemeris.Identity{System: s.System, PRN: s.PRN, Operational: true, Confidence: "file", Basis: "SP3 file"}
		if s.System == ephemeris.GLONASS {
			id.Slot = s.ID.PRN
		}
		d.All = append(d.All, &Sat{ID: id, index: i})
	}
	spans := func(sat int) []broadcast.Interval {
		a, b := src.Span()
		var out []broadcast.Interval
		gaps := src.Gaps()
		from := a
		for _, g := range gaps {
			if g.Sat != sat {
				continue
			}
			if g.Start.After(from) {
				out = append(out, broadcast.Interval{Start: from, End: g.Start})
			}
			from = g.End
		}
		if b.After(from) {
			out = append(out, broadcast.Interval{Start: from, End: b})
		}
		return out
	}
	return d.finishFile(spans)
}

func newFileDataset(inputs []Input, opt Options, kind Kind) *Dataset {
	systems := opt.Systems
	if len(systems) == 0 {
		systems = append([]ephemeris.System(nil), ephemeris.Systems...)
	}
	d := &Dataset{Kind: kind, Systems: systems, Options: opt}
	d.Options.Systems = systems
	d.Digest = digest(inputs)
	for _, in := range inputs {
		d.Sources = append(d.Sources, in.Name)
	}
	return d
}

// finishFile selects the satellites and records the data span.
func (d *Dataset) finishFile(coverage func(sat int) []broadcast.Interval) (*Dataset, error) {
	if len(d.All) == 0 {
		return nil, fmt.Errorf("no satellites in %s", strings.Join(d.Sources, ", "))
	}
	if d.Options.Strict && len(d.Refused) > 0 {
		return nil, fmt.Errorf("%s (strict)", d.Refused[0].Reason)
	}
	d.coverage = coverage
	for _, s := range d.All {
		for _, iv := range coverage(s.index) {
			if d.first.IsZero() || iv.Start.Before(d.first) {
				d.first = iv.Start
			}
			if iv.End.After(d.Newest) {
				d.Newest = iv.End
			}
		}
	}
	if d.Newest.IsZero() {
		return nil, fmt.Errorf("%s: no satellite has a usable record (all unhealthy, or of systems gnssim does not propagate)", strings.Join(d.Sources, ", "))
	}
	d.selectSats()
	return d, nil
}

// DataSpan is the time span the files' positions cover (any satellite).
func (d *Dataset) DataSpan() (from, to time.Time) { return d.first, d.Newest }

// fillFile fills dst from a broadcast or precise source; it records the
// satellites that have gaps.
func (p *Propagator) fillFile(ctx context.Context, dst *sim.Ephemeris) error {
	g := dst.Grid
	for s, sat := range p.d.Selected {
		if err := ctx.Err(); err != nil {
			return err
		}
		r := s * g.N
		n, err := p.d.fileSrc.FillGrid(sat.index, g, dst.X[r:r+g.N], dst.Y[r:r+g.N], dst.Z[r:r+g.N])
		if err != nil {
			return err
		}
		if n < g.N && !p.gapped[s] {
			first := 0
			for first < g.N && !math.IsNaN(dst.X[r+first]) {
				first++
			}
			p.gapped[s] = true
			gap := Gap{Sat: sat, From: g.Time(first)}
			p.gaps = append(p.gaps, gap)
			if p.opt.OnGap != nil {
				p.opt.OnGap(gap)
			}
		}
	}
	return nil
}

// Gap is the first epoch of a period at which a satellite of a navigation
// or SP3 dataset has no position (no valid record, or outside the file).
type Gap struct {
	Sat  *Sat
	From time.Time
}

// Note is the gap as a note for the user.
func (g Gap) Note(kind Kind) Note {
	what := "no valid broadcast record covers it (unhealthy, or outside every fit interval)"
	if kind == Precise {
		what = "outside the SP3 files or at a missing value"
	}
	return Note{Level: Warning, Kind: "gap", Text: fmt.Sprintf("%s has no position at %s (the first epoch without one): %s; it is not visible at such epochs (a gap is never extrapolated)",
		g.Sat.Label(), formatTime(g.From), what)}
}

// Gaps lists the satellites that had no position at some epoch, at the
// first such epoch, in the order found.
func (p *Propagator) Gaps() []Gap { return p.gaps }

// ErrNotFileDataset is returned by file-dataset operations on element sets.
var ErrNotFileDataset = errors.New("dataset: not a navigation or SP3 dataset")

// Coverage lists the intervals in which satellite s of a navigation or SP3
// dataset has positions (nil for element sets).
func (d *Dataset) Coverage(s *Sat) []broadcast.Interval {
	if d.coverage == nil || s.Elements != nil {
		return nil
	}
	return d.coverage(s.index)
}

// States fills b (len(sats) rows over grid, with velocity arrays if b has
// them) with the Earth-fixed positions (km) and velocities (km/s) of
// satellites of a navigation or SP3 dataset; NaN and
// orbit.StatusNotFinite in gaps.
func (d *Dataset) States(ctx context.Context, b *orbit.Batch, sats []*Sat, grid orbit.EpochGrid) error {
	idx := make([]int, len(sats))
	for i, s := range sats {
		if s.Elements != nil {
			return ErrNotFileDataset
		}
		idx[i] = s.index
	}
	switch src := d.fileSrc.(type) {
	case *broadcast.Source:
		return src.FillBatch(ctx, b, idx, grid)
	case *precise.Source:
		if err := ctx.Err(); err != nil {
			return err
		}
		return src.FillBatch(b, idx, grid)
	}
	return ErrNotFileDataset
}
