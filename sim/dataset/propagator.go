package dataset

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
)

// PropagatorOptions tune a Propagator.
type PropagatorOptions struct {
	// Strict makes the first propagation failure an error of Fill (the
	// evaluation stops) instead of a satellite left out.
	Strict bool
	// Workers is the number of goroutines of the batch propagator; 0 means
	// runtime.GOMAXPROCS(0). Results do not depend on it.
	Workers int
	// OnFailure, if not nil, is called (from the goroutine calling Fill) for
	// each satellite at its first failure, in satellite order within a chunk.
	OnFailure func(Failure)
	// OnGap, if not nil, is called for each satellite of a navigation or SP3
	// dataset at the first epoch it has no position.
	OnGap func(Gap)
}

// Failure is a satellite's first propagation failure in a period.
type Failure struct {
	Sat       *Sat
	Code      int       // SGP4 error code (orbit.SGP4Meaning), or 255 for a non-finite result
	Time      time.Time // UTC epoch of the failure
	TsinceMin float64   // minutes from the element set's epoch
}

// Meaning explains the failure code.
func (f Failure) Meaning() string {
	if f.Code == int(orbit.StatusNotFinite) {
		return "non-finite result or time out of range"
	}
	return orbit.SGP4Meaning(f.Code)
}

// Note is the failure as a warning for the user.
func (f Failure) Note() Note {
	s := f.Sat
	return Note{Level: Warning, Kind: "sgp4-failure", Text: fmt.Sprintf("%s (%s, NORAD %d): SGP4 error %d (%s) at %s (tsince %.7f min); it is left out from there on",
		s.Label(), s.ID.System.Title(), s.Elements.CatalogNumber, f.Code, f.Meaning(), formatTime(f.Time), f.TsinceMin)}
}

// Error is the failure as the error of a strict run.
func (f Failure) Error() string {
	s := f.Sat
	return fmt.Sprintf("%s: %s: SGP4 error %d (%s) at %s (tsince %.7f min) (strict)",
		Where(s.Elements.Source), s.Name(), f.Code, f.Meaning(), formatTime(f.Time), f.TsinceMin)
}

// Propagator gives the ECEF positions of the selected satellites of a
// Dataset — with gnssim's SGP4 for element sets, from the broadcast records
// or the interpolated SP3 positions for navigation and SP3 datasets (a time
// without a valid record or sample is a gap: no position, reported once per
// satellite through Gaps and OnGap): it implements sim.Source. A satellite whose
// SGP4 fails at some epoch is left out from that epoch on (NaN positions,
// never visible), as a receiver would lose it; the failure is recorded once
// (Failures, OnFailure). The state of a Propagator belongs to one period:
// its chunks must come in time order, and a new evaluation needs a new
// Propagator. It is not safe for concurrent use; the Dataset is (make one
// Propagator per goroutine).
type Propagator struct {
	d        *Dataset
	opt      PropagatorOptions
	sats     []sim.Satellite
	props    []*orbit.SGP4
	failed   []bool
	failures []Failure
	status   []uint8
	scratch  orbit.BatchScratch
	next     time.Time // the earliest start of the next chunk
	gapped   []bool    // navigation/SP3: satellites with a gap so far
	gaps     []Gap
}

// Propagator returns a new Propagator of the selected satellites.
func (d *Dataset) Propagator(opt PropagatorOptions) *Propagator {
	p := &Propagator{d: d, opt: opt, sats: d.Satellites(), props: make([]*orbit.SGP4, len(d.Selected)), failed: make([]bool, len(d.Selected)),
		gapped: make([]bool, len(d.Selected))}
	for i, s := range d.Selected {
		p.props[i] = s.SGP4
	}
	return p
}

// Satellites implements sim.Source.
func (p *Propagator) Satellites() []sim.Satellite { return p.sats }

// Failures lists the satellites that failed so far, in the order found.
func (p *Propagator) Failures() []Failure { return p.failures }

// Fill implements sim.Source.
func (p *Propagator) Fill(ctx context.Context, dst *sim.Ephemeris) error {
	g := dst.Grid
	if g.N == 0 {
		return nil
	}
	if !p.next.IsZero() && g.Start.Before(p.next) {
		return fmt.Errorf("propagator: chunk at %s comes before the end of the previous one (%s); use a new Propagator for each period", formatTime(g.Start), formatTime(p.next))
	}
	n := len(p.props) * g.N
	if len(dst.X) != n || len(dst.Y) != n || len(dst.Z) != n {
		panic("dataset: Fill destination arrays do not match satellites × epochs")
	}
	if p.d.Kind != ElementSets {
		p.next = g.Time(g.N - 1).Add(time.Nanosecond)
		return p.fillFile(ctx, dst)
	}
	if cap(p.status) < n {
		p.status = make([]uint8, n)
	}
	b := &orbit.Batch{NSat: len(p.props), NEpoch: g.N, X: dst.X, Y: dst.Y, Z: dst.Z, Status: p.status[:n]}
	if err := orbit.PropagateBatch(ctx, b, p.props, g, orbit.BatchOptions{Frame: orbit.FrameECEF, Workers: p.opt.Workers, Scratch: &p.scratch}); err != nil {
		return err
	}
	p.next = g.Time(g.N - 1).Add(time.Nanosecond)
	nan := math.NaN()
	for s, sat := range p.d.Selected {
		row := s * g.N
		first := 0
		if !p.failed[s] {
			first = -1
			for k := 0; k < g.N; k++ {
				if b.Status[row+k] != orbit.StatusOK {
					first = k
					break
				}
			}
			if first < 0 {
				continue
			}
			f := Failure{Sat: sat, Code: int(b.Status[row+first]), Time: g.Time(first), TsinceMin: orbit.GridTsince(sat.SGP4, g, first)}
			if p.opt.Strict {
				return f
			}
			p.failed[s] = true
			p.failures = append(p.failures, f)
			if p.opt.OnFailure != nil {
				p.opt.OnFailure(f)
			}
		}
		for k := first; k < g.N; k++ {
			b.X[row+k], b.Y[row+k], b.Z[row+k] = nan, nan, nan
		}
	}
	return nil
}

// Ephemeris propagates the selected satellites over the whole period into
// one Ephemeris (memory: sim.EphemerisCost), for callers that evaluate the
// same period several times (a scenario's outputs). The failures found are
// returned with it.
func (d *Dataset) Ephemeris(ctx context.Context, period orbit.EpochGrid, opt PropagatorOptions) (*sim.Ephemeris, []Failure, error) {
	if err := period.Validate(); err != nil {
		return nil, nil, err
	}
	p := d.Propagator(opt)
	n := len(d.Selected) * period.N
	eph := &sim.Ephemeris{Grid: period, Sats: p.Satellites(), X: make([]float64, n), Y: make([]float64, n), Z: make([]float64, n)}
	if err := p.Fill(ctx, eph); err != nil {
		return nil, p.Failures(), err
	}
	return eph, p.Failures(), nil
}
