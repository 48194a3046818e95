package sim

import (
	"context"
	"fmt"
	"time"

	"github.com/gnssim/gnssim/orbit"
)

// A Source gives the engine satellite positions, a chunk of epochs at a
// time, so that a long period never needs the positions of all its epochs
// at once.
//
// The engine calls Fill with consecutive chunks of one period in increasing
// time order; a Source may keep state between the calls of one period (for
// example to leave a satellite out from its first propagation failure on),
// so a Source value serves one evaluation at a time unless its documentation
// says otherwise. *Ephemeris is a Source of the positions it holds.
type Source interface {
	// Satellites lists the satellites, in index order. The list does not
	// change between calls.
	Satellites() []Satellite
	// Fill fills dst.X, dst.Y and dst.Z with the ECEF positions (km) of
	// every satellite at every epoch of dst.Grid, satellite-major (index
	// s*dst.Grid.N + k); the slices have length len(Satellites())·dst.Grid.N.
	// NaN in all three coordinates marks a satellite without a position at
	// that epoch (it is then not visible).
	Fill(ctx context.Context, dst *Ephemeris) error
}

// Satellites implements Source.
func (e *Ephemeris) Satellites() []Satellite { return e.Sats }

// Fill implements Source: it copies the positions of the epochs of dst.Grid,
// which must be epochs of e.Grid (same step, start on e's grid, inside it).
func (e *Ephemeris) Fill(ctx context.Context, dst *Ephemeris) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	g, h := e.Grid, dst.Grid
	if h.N == 0 {
		return nil
	}
	off := h.Start.Sub(g.Start)
	if h.Step != g.Step || g.Step <= 0 || off < 0 || off%g.Step != 0 {
		return fmt.Errorf("ephemeris: epochs %s + k·%s are not epochs of the ephemeris (%s + k·%s)",
			h.Start.UTC().Format(time.RFC3339Nano), h.Step, g.Start.UTC().Format(time.RFC3339Nano), g.Step)
	}
	k0 := off / g.Step
	if k0 > time.Duration(g.N) || int(k0)+h.N > g.N {
		return fmt.Errorf("ephemeris: epochs %d to %d requested, the ephemeris has %d", k0, int(k0)+h.N-1, g.N)
	}
	n := len(e.Sats) * h.N
	if len(dst.X) != n || len(dst.Y) != n || len(dst.Z) != n {
		panic("sim: Fill destination arrays do not match satellites × epochs")
	}
	for s := range e.Sats {
		src := s*g.N + int(k0)
		d := s * h.N
		copy(dst.X[d:d+h.N], e.X[src:src+h.N])
		copy(dst.Y[d:d+h.N], e.Y[src:src+h.N])
		copy(dst.Z[d:d+h.N], e.Z[src:src+h.N])
	}
	return nil
}

// chunker walks a period in chunks of epochs, filling one reused Ephemeris
// from a Source.
type chunker struct {
	src    Source
	period orbit.EpochGrid
	size   int
	sats   []Satellite
	buf    Ephemeris
}

func newChunker(src Source, period orbit.EpochGrid, x Exec) (*chunker, error) {
	if src == nil {
		return nil, fmt.Errorf("nil source")
	}
	if err := period.Validate(); err != nil {
		return nil, err
	}
	if period.N == 0 {
		return nil, fmt.Errorf("the period has no epochs")
	}
	size, err := x.chunkEpochs()
	if err != nil {
		return nil, err
	}
	size = min(size, period.N)
	sats := src.Satellites()
	n := len(sats) * size
	if size > 0 && n/size != len(sats) {
		return nil, fmt.Errorf("%d satellites × %d epochs overflows", len(sats), size)
	}
	ch := &chunker{src: src, period: period, size: size, sats: sats}
	ch.buf.Sats = sats
	ch.buf.X, ch.buf.Y, ch.buf.Z = make([]float64, n), make([]float64, n), make([]float64, n)
	return ch, nil
}

// each calls fn with every chunk of the period in time order; k0 is the
// index in the period of the chunk's first epoch. The chunk is valid only
// during the call.
func (ch *chunker) each(ctx context.Context, fn func(eph *Ephemeris, k0 int) error) error {
	for k0 := 0; k0 < ch.period.N; k0 += ch.size {
		if err := ctx.Err(); err != nil {
			return err
		}
		n := min(ch.size, ch.period.N-k0)
		e := &ch.buf
		e.Grid = orbit.EpochGrid{Start: ch.period.Time(k0), Step: ch.period.Step, N: n}
		m := len(ch.sats) * n
		e.X, e.Y, e.Z = e.X[:m], e.Y[:m], e.Z[:m]
		if err := ch.src.Fill(ctx, e); err != nil {
			return err
		}
		if err := e.Validate(); err != nil {
			return fmt.Errorf("source: %w", err)
		}
		if err := fn(e, k0); err != nil {
			return err
		}
	}
	return nil
}

// progressTicker calls an Exec.Progress function at most every 100 ms, and
// always for the last epoch.
type progressTicker struct {
	fn    func(done, total int)
	total int
	last  time.Time
}

func newProgressTicker(fn func(done, total int), total int) *progressTicker {
	return &progressTicker{fn: fn, total: total, last: time.Now()}
}

// set reports done epochs of the total.
func (p *progressTicker) set(done int) {
	if p.fn == nil {
		return
	}
	if now := time.Now(); done >= p.total || now.Sub(p.last) >= 100*time.Millisecond {
		p.fn(done, p.total)
		p.last = now
	}
}

// Subset returns an ephemeris of the satellites at rows idx of e, in that
// order (a copy).
func (e *Ephemeris) Subset(idx []int) *Ephemeris {
	N := e.Grid.N
	out := &Ephemeris{Grid: e.Grid, Sats: make([]Satellite, len(idx)),
		X: make([]float64, len(idx)*N), Y: make([]float64, len(idx)*N), Z: make([]float64, len(idx)*N)}
	for i, r := range idx {
		out.Sats[i] = e.Sats[r]
		copy(out.X[i*N:(i+1)*N], e.X[r*N:(r+1)*N])
		copy(out.Y[i*N:(i+1)*N], e.Y[r*N:(r+1)*N])
		copy(out.Z[i*N:(i+1)*N], e.Z[r*N:(r+1)*N])
	}
	return out
}
