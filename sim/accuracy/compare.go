package accuracy

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
)

// Options are the options of Compare. The zero value compares orbits only,
// with the default classification and chunk size.
type Options struct {
	// Exec: ChunkEpochs is the number of epochs whose positions are held
	// at a time (memory O((satellites of a + of b) × ChunkEpochs); 0 means
	// sim.DefaultChunkEpochs); Workers is passed to sim.SiteSeries;
	// Progress, if not nil, is called after each chunk with the epochs
	// done and the total. Results never depend on them.
	sim.Exec
	// Classify assigns the orbit classes of the aggregates; nil means
	// ClassifyOrbit of the measured radius and inclination.
	Classify Classifier
	// Sites, when not empty, adds the user effects at these receivers
	// (Result.Sites), evaluated with Model on the matched satellites.
	Sites []sim.Site
	// Model is the receiver model of the user effects (systems, mask,
	// clock, weighting, PDOP threshold), the same for both sources.
	Model sim.Model
	// OnChunk, if not nil, receives the per-epoch differences of every
	// matched satellite, in time order, a chunk of epochs at a time (for
	// plots); an error from it stops Compare and is returned.
	OnChunk func(*Chunk) error
}

// Chunk holds the differences b − a of every matched satellite at the
// epochs of Grid (a run of epochs of the period). It is valid only during
// the OnChunk call.
type Chunk struct {
	Grid  orbit.EpochGrid // epochs of this chunk
	K0    int             // index in the period of Grid's first epoch
	Pairs []Pair          // the matched satellites (Result.Pairs)
	// D3 (3-D distance) and R, A, C (radial, along-track, cross-track in
	// a's frame), metres, of pair p at epoch k at index p*Grid.N + k. NaN
	// where either source has no position; R, A, C also NaN where a's
	// frame is unavailable.
	D3, R, A, C []float64
}

// Result is the comparison of two sources over a period.
type Result struct {
	Period orbit.EpochGrid
	Matching
	// Satellites has one entry per pair, in Pairs order.
	Satellites []SatStats
	// Systems aggregates per system (ephemeris.Systems order), Classes per
	// system and orbit class (system, then MEO, IGSO, GEO, LEO, unknown),
	// Total every matched satellite. Groups without satellites are left
	// out.
	Systems []GroupStats
	Classes []GroupStats
	Total   GroupStats
	// Sites holds the user effects, one per Options.Sites entry (nil
	// without sites).
	Sites []SiteEffects
}

// ErrNoCommonSatellites is returned (wrapped) by Compare when Match finds
// no satellite in both sources.
var ErrNoCommonSatellites = errors.New("the sources have no satellite in common")

// Compare compares the positions of sources a and b over the epochs of
// period: satellites are matched by system and PRN (Match); at every
// epoch where both have a position the difference Δ = b − a is split into
// radial, along-track and cross-track components in a's frame (see the
// package documentation), and accumulated per satellite, per system, per
// system and orbit class, and in total. With Options.Sites it also
// compares what a user at each site would see (SiteEffects).
//
// Positions are read a chunk of epochs at a time, in time order, one call
// of a.Fill and of b.Fill per chunk (so stateful sources such as
// sim/dataset's Propagator work); memory is O((satellites of a + of b) ×
// chunk + sites × chunk), never O(satellites × epochs).
func Compare(ctx context.Context, a, b sim.Source, period orbit.EpochGrid, opt Options) (*Result, error) {
	if ctx == nil {
		return nil, errors.New("accuracy: nil context")
	}
	if a == nil || b == nil {
		return nil, errors.New("accuracy: nil source")
	}
	if err := period.Validate(); err != nil {
		return nil, fmt.Errorf("accuracy: %w", err)
	}
	if period.N == 0 {
		return nil, errors.New("accuracy: the period has no epochs")
	}
	if opt.ChunkEpochs < 0 {
		return nil, fmt.Errorf("accuracy: ChunkEpochs %d is negative", opt.ChunkEpochs)
	}
	if opt.Workers < 0 {
		return nil, fmt.Errorf("accuracy: Workers %d is negative", opt.Workers)
	}
	satsA, satsB := a.Satellites(), b.Satellites()
	m := Match(satsA, satsB)
	if len(m.Pairs) == 0 {
		return nil, fmt.Errorf("accuracy: %w (%d and %d satellites)", ErrNoCommonSatellites, len(satsA), len(satsB))
	}
	chunk := opt.ChunkEpochs
	if chunk == 0 {
		chunk = sim.DefaultChunkEpochs
	}
	chunk = min(chunk, period.N)
	for _, n := range []int{len(satsA), len(satsB)} {
		if n > 0 && n*chunk/chunk != n {
			return nil, fmt.Errorf("accuracy: %d satellites × %d epochs overflows", n, chunk)
		}
	}
	var user *userEffects
	if len(opt.Sites) > 0 {
		var err error
		if user, err = newUserEffects(m.Pairs, opt, period); err != nil {
			return nil, err
		}
	}
	c := &comparer{pairs: m.Pairs, period: period, h: period.Step.Seconds(), state: make([]pairState, len(m.Pairs))}
	c.init()
	if opt.OnChunk != nil {
		n := len(m.Pairs) * (chunk + 2)
		c.out = &Chunk{Pairs: m.Pairs, D3: make([]float64, n), R: make([]float64, n), A: make([]float64, n), C: make([]float64, n)}
		c.onChunk = opt.OnChunk
	}
	bufA := newEphemeris(satsA, chunk)
	bufB := newEphemeris(satsB, chunk)
	for k0 := 0; k0 < period.N; k0 += chunk {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		n := min(chunk, period.N-k0)
		g := orbit.EpochGrid{Start: period.Time(k0), Step: period.Step, N: n}
		for _, f := range []struct {
			name string
			src  sim.Source
			buf  *sim.Ephemeris
		}{{"a", a, bufA}, {"b", b, bufB}} {
			f.buf.Grid = g
			m := len(f.buf.Sats) * n
			f.buf.X, f.buf.Y, f.buf.Z = f.buf.X[:m], f.buf.Y[:m], f.buf.Z[:m]
			if err := f.src.Fill(ctx, f.buf); err != nil {
				return nil, fmt.Errorf("accuracy: source %s: %w", f.name, err)
			}
			if err := f.buf.Validate(); err != nil {
				return nil, fmt.Errorf("accuracy: source %s: %w", f.name, err)
			}
		}
		if err := c.segment(bufA, bufB, k0); err != nil {
			return nil, err
		}
		if user != nil {
			if err := user.segment(ctx, bufA, bufB, k0); err != nil {
				return nil, err
			}
		}
		if opt.Progress != nil {
			opt.Progress(k0+n, period.N)
		}
	}
	if err := c.flush(); err != nil {
		return nil, err
	}
	res := c.result(m, opt.Classify)
	if user != nil {
		res.Sites = user.result()
	}
	return res, nil
}

func newEphemeris(sats []sim.Satellite, chunk int) *sim.Ephemeris {
	n := len(sats) * chunk
	return &sim.Ephemeris{Sats: sats, X: make([]float64, n), Y: make([]float64, n), Z: make([]float64, n)}
}

// comparer holds the running orbit comparison.
type comparer struct {
	pairs  []Pair
	period orbit.EpochGrid
	h      float64 // step, s
	invH   float64 // 1/h, 1/s
	// rot[o+2] is (cos, sin) of the Earth's rotation angle over o steps.
	rot   [ringLen][2]float64
	state []pairState

	out     *Chunk // per-epoch output (nil without OnChunk)
	onChunk func(*Chunk) error
	outK0   int // first epoch of the output chunk being filled
	outN    int // epochs in it
}

// init computes the step's constants.
func (c *comparer) init() {
	if c.h > 0 {
		c.invH = 1 / c.h
	}
	for o := -2; o <= 2; o++ {
		c.rot[o+2][1], c.rot[o+2][0] = math.Sincos(omegaE * float64(o) * c.h)
	}
}

// segment pushes the epochs [k0, k0+N) of the filled chunks and finalises
// every epoch that now has its two following epochs (or is last).
func (c *comparer) segment(ea, eb *sim.Ephemeris, k0 int) error {
	N := ea.Grid.N
	first := max(0, k0-2) // first epoch finalised by this segment
	last := k0 + N - 2    // one past the last
	c.beginOut(first, last)
	for p := range c.pairs {
		st := &c.state[p]
		ra, rb := c.pairs[p].A*N, c.pairs[p].B*N
		for kc := 0; kc < N; kc++ {
			k := k0 + kc
			slot := &st.ring[k%ringLen]
			slot[0], slot[1], slot[2] = ea.X[ra+kc], ea.Y[ra+kc], ea.Z[ra+kc]
			slot[3], slot[4], slot[5] = eb.X[rb+kc], eb.Y[rb+kc], eb.Z[rb+kc]
			if k >= 2 {
				c.finalize(p, k-2, k)
			}
		}
	}
	return c.endOut()
}

// flush finalises the last two epochs of the period.
func (c *comparer) flush() error {
	N := c.period.N
	first := max(0, N-2)
	c.beginOut(first, N)
	for p := range c.pairs {
		for j := first; j < N; j++ {
			c.finalize(p, j, N-1)
		}
	}
	return c.endOut()
}

func (c *comparer) beginOut(first, end int) {
	if c.out == nil {
		return
	}
	c.outK0, c.outN = first, max(0, end-first)
}

func (c *comparer) endOut() error {
	if c.out == nil || c.outN == 0 {
		return nil
	}
	o := c.out
	n := len(c.pairs) * c.outN
	o.Grid = orbit.EpochGrid{Start: c.period.Time(c.outK0), Step: c.period.Step, N: c.outN}
	o.K0 = c.outK0
	d3, r, a, cc := o.D3[:n], o.R[:n], o.A[:n], o.C[:n]
	o.D3, o.R, o.A, o.C = d3, r, a, cc
	err := c.onChunk(o)
	o.D3, o.R, o.A, o.C = d3[:cap(d3)], r[:cap(r)], a[:cap(a)], cc[:cap(cc)]
	return err
}

// finalize accumulates epoch j of pair p; epochs up to last have been
// pushed (j ≥ last − 2, so the ring holds j−2 … last).
func (c *comparer) finalize(p, j, last int) {
	st := &c.state[p]
	cur := &st.ring[j%ringLen]
	hasA, hasB := !math.IsNaN(cur[0]), !math.IsNaN(cur[3])
	var outIdx = -1
	if c.out != nil {
		outIdx = p*c.outN + j - c.outK0
		nan := math.NaN()
		c.out.D3[outIdx], c.out.R[outIdx], c.out.A[outIdx], c.out.C[outIdx] = nan, nan, nan, nan
	}
	switch {
	case hasA && hasB:
		st.counts.Compared++
	case hasA:
		st.counts.OnlyA++
		return
	case hasB:
		st.counts.OnlyB++
		return
	default:
		st.counts.Neither++
		return
	}
	d := [3]float64{cur[3] - cur[0], cur[4] - cur[1], cur[5] - cur[2]}
	dist := math.Sqrt(d[0]*d[0] + d[1]*d[1] + d[2]*d[2])
	st.d3.add(dist, j, p)
	if outIdx >= 0 {
		c.out.D3[outIdx] = dist * 1e3
	}
	// The run of a's positions around j without NaN, within j−2 … j+2,
	// the period and what has been pushed.
	lo, hi := 0, 0
	for o := -1; o >= -2 && j+o >= 0 && !math.IsNaN(st.ring[(j+o)%ringLen][0]); o-- {
		lo = o
	}
	for o := 1; o <= 2 && j+o <= last && !math.IsNaN(st.ring[(j+o)%ringLen][0]); o++ {
		hi = o
	}
	if hi == lo || !(c.h > 0) {
		st.counts.NoFrame++
		return
	}
	// Inertial velocity in the Earth-fixed axes of epoch j: the derivative
	// of the positions rotated back by the Earth's rotation since epoch j.
	w := &stencils[lo+2][hi]
	var v [3]float64
	for o := lo; o <= hi; o++ {
		s := &st.ring[(j+o)%ringLen]
		wo := w[o+2] * c.invH
		cr, sr := c.rot[o+2][0], c.rot[o+2][1]
		v[0] += wo * (cr*s[0] - sr*s[1])
		v[1] += wo * (sr*s[0] + cr*s[1])
		v[2] += wo * s[2]
	}
	r, a, cc, rad, hz, ok := racSplit(cur[0], cur[1], cur[2], v[0], v[1], v[2], d[0], d[1], d[2])
	if !ok {
		st.counts.NoFrame++
		return
	}
	st.r.add(r, j, p)
	st.a.add(a, j, p)
	st.c.add(cc, j, p)
	st.sumRad += rad
	st.sumZ += hz
	st.nFrame++
	if outIdx >= 0 {
		c.out.R[outIdx], c.out.A[outIdx], c.out.C[outIdx] = r*1e3, a*1e3, cc*1e3
	}
}

// result assembles the statistics.
func (c *comparer) result(m Matching, classify Classifier) *Result {
	res := &Result{Period: c.period, Matching: m, Satellites: make([]SatStats, len(c.pairs))}
	type gkey struct {
		sys   ephemeris.System
		class OrbitClass
	}
	type group struct {
		sats        int
		counts      Counts
		d3, r, a, c accum
	}
	groups := map[gkey]*group{}
	add := func(k gkey, st *pairState) {
		g := groups[k]
		if g == nil {
			g = &group{}
			groups[k] = g
		}
		g.sats++
		g.counts.add(st.counts)
		g.d3.merge(&st.d3)
		g.r.merge(&st.r)
		g.a.merge(&st.a)
		g.c.merge(&st.c)
	}
	for p, pr := range c.pairs {
		st := &c.state[p]
		rad, inc := math.NaN(), math.NaN()
		if st.nFrame > 0 {
			rad = st.sumRad / float64(st.nFrame)
			inc = math.Acos(math.Max(-1, math.Min(1, st.sumZ/float64(st.nFrame)))) * 180 / math.Pi
		}
		class := ClassifyOrbit(rad, inc)
		if classify != nil {
			class = classify(pr.Sat, rad, inc)
		}
		res.Satellites[p] = SatStats{Pair: pr, Class: class, MeanRadiusKm: rad, InclinationDeg: inc, Counts: st.counts,
			D3: st.d3.component(c.period, c.pairs, 1e3), R: st.r.component(c.period, c.pairs, 1e3),
			A: st.a.component(c.period, c.pairs, 1e3), C: st.c.component(c.period, c.pairs, 1e3)}
		add(gkey{pr.Sat.System, class}, st)
		add(gkey{pr.Sat.System, AllClasses}, st)
		add(gkey{ephemeris.SystemUnknown, AllClasses}, st)
	}
	mk := func(k gkey) GroupStats {
		g := groups[k]
		return GroupStats{System: k.sys, Class: k.class, Satellites: g.sats, Counts: g.counts,
			D3: g.d3.component(c.period, c.pairs, 1e3), R: g.r.component(c.period, c.pairs, 1e3),
			A: g.a.component(c.period, c.pairs, 1e3), C: g.c.component(c.period, c.pairs, 1e3)}
	}
	systems := append([]ephemeris.System(nil), ephemeris.Systems...)
	for k := range groups { // systems outside the known list, if any
		if k.sys != ephemeris.SystemUnknown && !slices.Contains(systems, k.sys) {
			systems = append(systems, k.sys)
		}
	}
	classes := []OrbitClass{MEO, IGSO, GEO, LEO, ClassUnknown}
	for k := range groups { // classes from a custom Classifier
		if k.class != AllClasses && !slices.Contains(classes, k.class) {
			classes = append(classes, k.class)
		}
	}
	slices.Sort(classes[5:])
	slices.Sort(systems[len(ephemeris.Systems):])
	for _, s := range systems {
		if groups[gkey{s, AllClasses}] == nil {
			continue
		}
		res.Systems = append(res.Systems, mk(gkey{s, AllClasses}))
		for _, cl := range classes {
			if groups[gkey{s, cl}] != nil {
				res.Classes = append(res.Classes, mk(gkey{s, cl}))
			}
		}
	}
	res.Total = mk(gkey{ephemeris.SystemUnknown, AllClasses})
	return res
}

// System returns the aggregate of system sys (all classes) and whether
// there is one.
func (r *Result) System(sys ephemeris.System) (GroupStats, bool) {
	for _, g := range r.Systems {
		if g.System == sys {
			return g, true
		}
	}
	return GroupStats{}, false
}

// Class returns the aggregate of system sys and orbit class c and whether
// there is one.
func (r *Result) Class(sys ephemeris.System, c OrbitClass) (GroupStats, bool) {
	for _, g := range r.Classes {
		if g.System == sys && g.Class == c {
			return g, true
		}
	}
	return GroupStats{}, false
}

// Satellite returns the statistics of the satellite with source a's PRN
// prn (normalised as by Match) and whether it was matched.
func (r *Result) Satellite(sys ephemeris.System, prn string) (SatStats, bool) {
	p := NormalizePRN(prn)
	for _, s := range r.Satellites {
		if s.Sat.System == sys && NormalizePRN(s.Sat.PRN) == p {
			return s, true
		}
	}
	return SatStats{}, false
}
