package integrity

// The integrity engines: the Evaluator applied to the skies of receivers
// over a period (SiteSeries), of skies read from a file (SkySeries) and of
// every cell of a latitude/longitude grid (Map). They take satellite
// positions from a sim.Source a chunk of epochs at a time, so that memory
// stays O(satellites × chunk + sites × chunk) or O(satellites × chunk +
// cells) whatever the length of the period, and their results depend only
// on the inputs, never on the number of workers, the chunk length or (for
// maps) the split of the grid into row blocks.

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"strings"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
)

// Model is the receiver model of an integrity run: the systems that count
// (their order fixes the variants and the order of the satellites given to
// the Evaluator), the elevation mask, and the ARAIM configuration.
//
// Visibility is that of package sim (a satellite counts when it is strictly
// above the mask, elevation from the WGS-84 ellipsoid normal), so that the
// same Model.Mask selects the satellites of `gnssim skyplot` and `gnssim
// dop`. The satellites of an epoch are given to the Evaluator grouped by
// system in Systems order, each system's in the order of the source's
// Satellites() (for a sky file: the file's order); the first system with a
// satellite in view is the reference of the inter-system-bias prior.
type Model struct {
	// Systems lists the systems, distinct, in the user's order (required).
	Systems []ephemeris.System
	// Mask is the elevation mask (zero value: 0°). ARAIM studies use 5°.
	Mask sim.Mask
	// Config is the ARAIM configuration (start from DefaultConfig).
	Config Config
}

// Variants returns what a series evaluates: each system alone, then the
// combination of all of Systems when there are several (the names of
// sim.Model.Variants: "glonass", "beidou", "glonass+beidou").
func (m Model) Variants() []sim.Variant { return sim.Model{Systems: m.Systems}.Variants() }

// MapVariant returns the name of what a map evaluates: the combination of
// Systems (the last variant).
func (m Model) MapVariant() string {
	names := make([]string, len(m.Systems))
	for i, s := range m.Systems {
		names[i] = s.String()
	}
	return strings.Join(names, "+")
}

// Validate checks the model: systems given, known and distinct, a valid
// mask and configuration, and an ISM and a user model for every system.
func (m Model) Validate() error {
	_, err := m.resolve()
	return err
}

// resolved is a validated model.
type resolved struct {
	Model
	cfg   Config  // with the default maps filled in
	sysOf [16]int // system → index in Systems, -1 when not selected
	mask  skyMask
}

func (m Model) resolve() (*resolved, error) {
	if len(m.Systems) == 0 {
		return nil, fmt.Errorf("integrity model: no systems")
	}
	if len(m.Systems) > sim.MaxSystems {
		return nil, fmt.Errorf("integrity model: %d systems, at most %d", len(m.Systems), sim.MaxSystems)
	}
	r := &resolved{Model: m}
	for i := range r.sysOf {
		r.sysOf[i] = -1
	}
	for i, s := range m.Systems {
		if s == ephemeris.SystemUnknown || int(s) >= len(r.sysOf) || int(s) > len(ephemeris.Systems) {
			return nil, fmt.Errorf("integrity model: unknown system %d", uint8(s))
		}
		if r.sysOf[s] >= 0 {
			return nil, fmt.Errorf("integrity model: system %s listed twice", s)
		}
		r.sysOf[s] = i
	}
	if err := m.Mask.Validate(); err != nil {
		return nil, fmt.Errorf("integrity model: %w", err)
	}
	ev, err := NewEvaluator(m.Config)
	if err != nil {
		return nil, fmt.Errorf("integrity model: %w", err)
	}
	r.cfg = ev.Config()
	for _, s := range m.Systems {
		if _, ok := r.cfg.ISM[s]; !ok {
			return nil, fmt.Errorf("integrity model: no ISM for %s (no default exists for it: give its values in an ISM file)", s.Title())
		}
		if _, ok := r.cfg.User[s]; !ok {
			return nil, fmt.Errorf("integrity model: no airborne user model for %s (give one in an ISM file)", s.Title())
		}
	}
	r.mask = newSkyMask(m.Mask)
	return r, nil
}

// skyMask is the visibility test of package sim (sim.Model.Mask) on ENU
// offsets, without trigonometry unless an azimuth mask leaves the decision
// ambiguous: visible ⇔ dU > 0 and dU² > sin²(mask)·|d|².
type skyMask struct {
	mask         sim.Mask
	s2min, s2max float64
	azimuth      bool
}

func newSkyMask(m sim.Mask) skyMask {
	lo, hi := m.ElevationDeg, m.ElevationDeg
	if len(m.Azimuth) > 0 {
		lo, hi = math.Inf(1), math.Inf(-1)
		for _, p := range m.Azimuth {
			lo, hi = math.Min(lo, p.ElDeg), math.Max(hi, p.ElDeg)
		}
	}
	return skyMask{mask: m, s2min: sin2Deg(lo), s2max: sin2Deg(hi), azimuth: len(m.Azimuth) > 0 && lo != hi}
}

const deg = math.Pi / 180

func sin2Deg(elDeg float64) float64 {
	s := math.Sin(elDeg * deg)
	return s * s
}

// visible reports whether the offset (dE, dN, dU) km, |d|² = d2, is
// strictly above the mask.
func (t *skyMask) visible(dE, dN, dU, d2 float64) bool {
	if !(dU > 0) {
		return false
	}
	u2 := dU * dU
	if !(u2 > t.s2min*d2) {
		return false
	}
	if !t.azimuth || u2 > t.s2max*d2 {
		return true
	}
	return u2 > sin2Deg(t.mask.MinElevationDeg(azimuthDeg(dE, dN)))*d2
}

// azimuthDeg returns the azimuth (degrees clockwise from north, [0, 360))
// of the ENU direction (dE, dN).
func azimuthDeg(dE, dN float64) float64 {
	az := math.Atan2(dE, dN) / deg
	if az < 0 {
		az += 360
	}
	if az >= 360 {
		az -= 360
	}
	return az
}

// rxFrame is a receiver position (ECEF, km) and its local ENU basis.
type rxFrame struct {
	r       [3]float64
	e, n, u [3]float64
}

func newRxFrame(latDeg, lonDeg, heightM float64) rxFrame {
	lat, lon := latDeg*deg, lonDeg*deg
	var f rxFrame
	f.r = orbit.GeodeticToECEF(lat, lon, heightM/1000)
	f.e, f.n, f.u = orbit.ENUBasis(lat, lon)
	return f
}

// skyBuilder collects the satellites in view of a receiver at one epoch,
// grouped by system in Systems order.
type skyBuilder struct {
	order []int // source indices of the selected satellites, grouped by system
	sys   []ephemeris.System
	start []int // order[start[s]:start[s+1]] are the satellites of system s
	sats  []Sat // the sky being built
	// bounds[s]: sats[bounds[s]:bounds[s+1]] are system s's satellites in view
	bounds []int
}

func newSkyBuilder(r *resolved, src []sim.Satellite) *skyBuilder {
	b := &skyBuilder{start: make([]int, len(r.Systems)+1), bounds: make([]int, len(r.Systems)+1)}
	for s := range r.Systems {
		b.start[s] = len(b.order)
		for i, sat := range src {
			if int(sat.System) < len(r.sysOf) && r.sysOf[sat.System] == s {
				b.order = append(b.order, i)
				b.sys = append(b.sys, sat.System)
			}
		}
	}
	b.start[len(r.Systems)] = len(b.order)
	b.sats = make([]Sat, 0, len(b.order))
	return b
}

// build fills b.sats with the satellites of eph visible from f at epoch k
// of the chunk.
func (b *skyBuilder) build(eph *sim.Ephemeris, f *rxFrame, mask *skyMask, k int) {
	N := eph.Grid.N
	b.sats = b.sats[:0]
	for s := 0; s+1 < len(b.start); s++ {
		b.bounds[s] = len(b.sats)
		for j := b.start[s]; j < b.start[s+1]; j++ {
			i := b.order[j]*N + k
			x := eph.X[i]
			if math.IsNaN(x) {
				continue
			}
			dx, dy, dz := x-f.r[0], eph.Y[i]-f.r[1], eph.Z[i]-f.r[2]
			dE := dx*f.e[0] + dy*f.e[1] + dz*f.e[2]
			dN := dx*f.n[0] + dy*f.n[1] + dz*f.n[2]
			dU := dx*f.u[0] + dy*f.u[1] + dz*f.u[2]
			d2 := dx*dx + dy*dy + dz*dz
			if !mask.visible(dE, dN, dU, d2) {
				continue
			}
			inv := 1 / math.Sqrt(d2)
			b.sats = append(b.sats, Sat{System: b.sys[j], LOS: [3]float64{dE * inv, dN * inv, dU * inv}})
		}
	}
	b.bounds[len(b.start)-1] = len(b.sats)
}

// variant returns the sky of variant v: system v alone (v < number of
// systems), else all of them.
func (b *skyBuilder) variant(v int) []Sat {
	if v+1 < len(b.bounds) {
		return b.sats[b.bounds[v]:b.bounds[v+1]]
	}
	return b.sats
}

// execWorkers returns the validated number of goroutines of x.
func execWorkers(x sim.Exec) (int, error) {
	switch {
	case x.Workers < 0:
		return 0, fmt.Errorf("exec: Workers %d is negative", x.Workers)
	case x.Workers == 0:
		return runtime.GOMAXPROCS(0), nil
	}
	return x.Workers, nil
}

// execChunk returns the validated chunk length of x.
func execChunk(x sim.Exec) (int, error) {
	switch {
	case x.ChunkEpochs < 0:
		return 0, fmt.Errorf("exec: ChunkEpochs %d is negative", x.ChunkEpochs)
	case x.ChunkEpochs == 0:
		return sim.DefaultChunkEpochs, nil
	}
	return x.ChunkEpochs, nil
}

// chunker walks a period in chunks of epochs, filling one reused
// sim.Ephemeris from a Source (as package sim does).
type chunker struct {
	src    sim.Source
	period orbit.EpochGrid
	size   int
	sats   []sim.Satellite
	buf    sim.Ephemeris
}

func newChunker(src sim.Source, period orbit.EpochGrid, x sim.Exec) (*chunker, error) {
	if src == nil {
		return nil, fmt.Errorf("nil source")
	}
	if err := period.Validate(); err != nil {
		return nil, err
	}
	if period.N == 0 {
		return nil, fmt.Errorf("the period has no epochs")
	}
	size, err := execChunk(x)
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
// index in the period of the chunk's first epoch.
func (ch *chunker) each(ctx context.Context, fn func(eph *sim.Ephemeris, k0 int) error) error {
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

// ticker calls a progress function at most every 100 ms, and always at the
// end.
type ticker struct {
	fn    func(done, total int)
	total int
	last  time.Time
}

func (p *ticker) set(done int) {
	if p.fn == nil {
		return
	}
	if now := time.Now(); done >= p.total || now.Sub(p.last) >= 100*time.Millisecond {
		p.fn(done, p.total)
		p.last = now
	}
}
