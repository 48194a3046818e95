package broadcast

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/ephemeris/rinex"
	"github.com/gnssim/gnssim/orbit"
)

// Options controls NewSource. The zero value is the default: I/NAV for
// Galileo, DefaultMargin, DefaultGLONASSStep, every system with an orbit
// (SBAS is read but not propagated), healthy records only.
type Options struct {
	// Galileo selects the Galileo message (default GalileoINAV).
	Galileo GalileoNav
	// Margin is added to the end of every nominal fit interval: 0 means
	// DefaultMargin, a negative value none.
	Margin time.Duration
	// GLONASSStep is the Runge-Kutta step (0: DefaultGLONASSStep).
	GLONASSStep time.Duration
	// Systems keeps only these systems (nil: all).
	Systems []ephemeris.System
	// IncludeUnhealthy keeps records flagged unhealthy (for studies of the
	// broadcast orbits themselves; a receiver would not use them).
	IncludeUnhealthy bool
}

func (o Options) margin() time.Duration {
	switch {
	case o.Margin == 0:
		return DefaultMargin
	case o.Margin < 0:
		return 0
	}
	return o.Margin
}

// OrbitClass is a satellite's kind of orbit, from its broadcast elements.
type OrbitClass uint8

const (
	MEO  OrbitClass = iota + 1 // medium Earth orbit (semi-major axis below 35 000 km)
	IGSO                       // inclined geosynchronous (≈ 42 164 km, inclination above 10°)
	GEO                        // geostationary (≈ 42 164 km, inclination below 10°)
)

// String returns "MEO", "IGSO" or "GEO".
func (c OrbitClass) String() string {
	switch c {
	case MEO:
		return "MEO"
	case IGSO:
		return "IGSO"
	case GEO:
		return "GEO"
	}
	return "?"
}

// Satellite describes one satellite of a Source.
type Satellite struct {
	ID    string // RINEX 3 identifier: "G05", "R07", "C01", "E11", "J02"
	Sat   rinex.SatID
	Orbit OrbitClass
	// FreqChannel is the GLONASS frequency channel k of the satellite's
	// latest record (HasFreqChannel is false for other systems).
	FreqChannel    int
	HasFreqChannel bool
	// Records is the number of records kept for the satellite (after the
	// health, message and duplicate filters).
	Records int
}

// Interval is a time interval [Start, End) in UTC.
type Interval struct {
	Start, End time.Time
}

// Duration returns End − Start.
func (iv Interval) Duration() time.Duration { return iv.End.Sub(iv.Start) }

// Span is a piece of a satellite's timeline served by one record.
type Span struct {
	Interval
	Record rinex.Record
}

// Rejection is a record NewSource did not use, with the reason.
type Rejection struct {
	Record rinex.Record
	Reason string
}

// entry is one usable record with its evaluator and usable interval.
type entry struct {
	rec      rinex.Record
	kep      *Kepler
	glo      *Glonass
	from, to int64 // usable [from, to), UTC Unix ns
	tx, ref  int64
	line     int
}

type satData struct {
	info     Satellite
	entries  []entry
	timeline []span
}

// Source is the broadcast-ephemeris orbit source built from a RINEX
// navigation file: it lists the satellites and gives their Earth-fixed
// positions (km) at UTC times, choosing at every instant the record a
// receiver would be using (see NewSource), and reports the gaps where no
// valid record covers the time. A Source is immutable after NewSource (the
// GLONASS integration is done there) and safe for concurrent use.
type Source struct {
	opt      Options
	sats     []satData
	index    map[string]int
	rejected []Rejection
}

// NewSource builds a Source from a parsed navigation file. Records are
// selected as a receiver would:
//
//   - only ephemerides of GPS, GLONASS, Galileo, BeiDou, QZSS and NavIC
//     (SBAS, STO, EOP and ION records are not propagated);
//   - healthy only (see the Healthy methods of the rinex record types),
//     unless Options.IncludeUnhealthy;
//   - Galileo: the message of Options.Galileo (I/NAV by default);
//   - the same data set received twice (same satellite, message, reference
//     time and elements) counts once, with its earliest transmission time;
//   - a record is usable from the later of the start of its nominal fit
//     interval and its transmission time (it cannot be used before it was
//     broadcast) to the end of its fit interval plus Options.Margin: GPS
//     t_oe ± fit/2 (4 h by default), QZSS t_oe ± 1 h, Galileo [t_oe,
//     t_oe + 4 h] (t_oe at the start), BeiDou [t_oe, t_oe + 1 h], GLONASS
//     t_b ± 15 min (see the constants);
//   - at any instant the usable record transmitted last is used (ties: the
//     later reference time, then the later line). Where no record is
//     usable there is a gap: positions are NaN and Gaps reports it; there
//     is no extrapolation beyond the fit interval and margin.
//
// Records not used are listed by Rejected.
func NewSource(f *rinex.File, opt Options) (*Source, error) {
	if f == nil {
		return nil, errors.New("broadcast: nil navigation file")
	}
	s := &Source{opt: opt, index: map[string]int{}}
	margin := opt.margin()
	want := func(sys ephemeris.System) bool {
		return opt.Systems == nil || slices.Contains(opt.Systems, sys)
	}
	var all []entry
	seen := map[dedupKey]int{}
	for _, rec := range f.Records {
		info := rec.Info()
		if info.Kind != rinex.KindEPH || !want(info.Sat.System) {
			continue
		}
		reject := func(why string) { s.rejected = append(s.rejected, Rejection{Record: rec, Reason: why}) }
		if info.Sat.System == ephemeris.SBAS {
			reject("SBAS ephemerides are not propagated")
			continue
		}
		if g, ok := rec.(*rinex.GalileoEph); ok {
			if (opt.Galileo == GalileoINAV && g.Msg != rinex.INAV) || (opt.Galileo == GalileoFNAV && g.Msg != rinex.FNAV) {
				reject(fmt.Sprintf("Galileo %s record, Options.Galileo is %v", g.Msg, opt.Galileo))
				continue
			}
		}
		if !opt.IncludeUnhealthy && !healthy(rec) {
			reject("unhealthy")
			continue
		}
		start, end, ref, tx, ok := nominalWindow(rec)
		if !ok {
			reject(fmt.Sprintf("%T records are not evaluated", rec))
			continue
		}
		e := entry{rec: rec, ref: ref.UnixNano(), tx: tx.UnixNano(), line: info.Line}
		e.from = max(start.UnixNano(), e.tx)
		e.to = end.Add(margin).UnixNano()
		if e.to <= e.from {
			reject("transmitted after the end of its fit interval")
			continue
		}
		key := keyOf(rec, opt.Galileo)
		if j, dup := seen[key]; dup {
			if p := &all[j]; e.tx < p.tx { // keep the earliest reception
				p.tx, p.from = e.tx, e.from
			}
			reject(fmt.Sprintf("duplicate of the record of line %d", all[j].line))
			continue
		}
		switch r := rec.(type) {
		case *rinex.GLONASSEph:
			e.glo = NewGlonass(r, opt.GLONASSStep, GLONASSHalfFit, GLONASSHalfFit+margin)
		default:
			k, err := NewKepler(rec)
			if err != nil {
				reject(err.Error())
				continue
			}
			e.kep = k
		}
		seen[key] = len(all)
		all = append(all, e)
	}
	bySat := map[rinex.SatID]*satData{}
	var order []rinex.SatID
	for _, e := range all {
		id := e.rec.Info().Sat
		sd := bySat[id]
		if sd == nil {
			sd = &satData{info: Satellite{ID: id.String(), Sat: id}}
			bySat[id] = sd
			order = append(order, id)
		}
		sd.entries = append(sd.entries, e)
	}
	slices.SortFunc(order, func(a, b rinex.SatID) int {
		return cmp.Or(cmp.Compare(sysRank(a.System), sysRank(b.System)), cmp.Compare(a.PRN, b.PRN))
	})
	for _, id := range order {
		sd := bySat[id]
		sd.timeline = buildTimeline(sd.entries)
		sd.info.Records = len(sd.entries)
		sd.info.Orbit = classify(sd.entries)
		if g, ok := latest(sd.entries).(*rinex.GLONASSEph); ok {
			sd.info.FreqChannel, sd.info.HasFreqChannel = g.FreqNum, true
		}
		s.index[sd.info.ID] = len(s.sats)
		s.sats = append(s.sats, *sd)
	}
	return s, nil
}

// sysRank orders systems as ephemeris.Systems does.
func sysRank(sys ephemeris.System) int {
	for i, s := range ephemeris.Systems {
		if s == sys {
			return i
		}
	}
	return len(ephemeris.Systems)
}

// latest returns the record with the latest reference time.
func latest(ents []entry) rinex.Record {
	var best *entry
	for i := range ents {
		if best == nil || ents[i].ref > best.ref {
			best = &ents[i]
		}
	}
	if best == nil {
		return nil
	}
	return best.rec
}

// classify returns the orbit class from the first Keplerian record (GLONASS
// is MEO): semi-major axis above 35 000 km is geosynchronous, GEO when the
// inclination is below 10°.
func classify(ents []entry) OrbitClass {
	for _, e := range ents {
		if e.kep != nil {
			if e.kep.a0 < 35e6 {
				return MEO
			}
			if math.Abs(e.kep.P.I0) < 10*math.Pi/180 {
				return GEO
			}
			return IGSO
		}
	}
	return MEO
}

// Satellites returns the satellites with at least one usable record, in
// the order of ephemeris.Systems and then by number. The index of a
// satellite in this list is the sat argument of the other methods.
func (s *Source) Satellites() []Satellite {
	out := make([]Satellite, len(s.sats))
	for i := range s.sats {
		out[i] = s.sats[i].info
	}
	return out
}

// Len returns the number of satellites.
func (s *Source) Len() int { return len(s.sats) }

// Index returns the index of the satellite with the RINEX identifier id
// ("G05").
func (s *Source) Index(id string) (int, bool) {
	i, ok := s.index[id]
	return i, ok
}

// Rejected returns the records NewSource did not use, with the reasons.
func (s *Source) Rejected() []Rejection { return s.rejected }

// find returns the timeline piece covering the UTC instant ns, or -1.
func (sd *satData) find(ns int64) int {
	tl := sd.timeline
	i := sort.Search(len(tl), func(i int) bool { return tl[i].to > ns })
	if i < len(tl) && tl[i].from <= ns {
		return i
	}
	return -1
}

// Record returns the record satellite sat uses at the UTC instant t, and
// false in a gap.
func (s *Source) Record(sat int, t time.Time) (rinex.Record, bool) {
	sd := &s.sats[sat]
	i := sd.find(t.UnixNano())
	if i < 0 {
		return nil, false
	}
	return sd.entries[sd.timeline[i].e].rec, true
}

// Position returns the Earth-fixed position (km) of satellite sat at the
// UTC instant t, and false (with NaN) in a gap.
func (s *Source) Position(sat int, t time.Time) ([3]float64, bool) {
	sd := &s.sats[sat]
	ns := t.UnixNano()
	i := sd.find(ns)
	if i < 0 {
		return [3]float64{math.NaN(), math.NaN(), math.NaN()}, false
	}
	return sd.entries[sd.timeline[i].e].posKm(ns, orbit.LeapSeconds(t), 0), true
}

// posKm evaluates an entry at UTC ns (+ off seconds) with TAI − UTC = leap.
func (e *entry) posKm(ns int64, leap int, off float64) [3]float64 {
	if e.kep != nil {
		p, _ := e.kep.ECEF(e.kep.tkAt(ns, leap) + off)
		return [3]float64{p[0] * 1e-3, p[1] * 1e-3, p[2] * 1e-3}
	}
	return e.glo.StateAt(e.glo.dtAt(ns, leap) + off).Pos
}

// velKmS returns the velocity (km/s): the integrated one for GLONASS, a
// central difference over ±0.5 s for Keplerian orbits (truncation error
// h²/24·|d³r/dt³| ≈ 4e-9 km/s for GNSS orbits).
func (e *entry) velKmS(ns int64, leap int) [3]float64 {
	if e.glo != nil {
		return e.glo.StateAt(e.glo.dtAt(ns, leap)).Vel
	}
	a, b := e.posKm(ns, leap, 0.5), e.posKm(ns, leap, -0.5)
	return [3]float64{a[0] - b[0], a[1] - b[1], a[2] - b[2]}
}

// FillGrid writes the positions (km) of satellite sat at the epochs of
// grid into x, y, z (each at least grid.N long), NaN in gaps, and returns
// the number of epochs with a position. It walks the satellite's timeline
// once and allocates nothing; leap seconds are looked up once per call
// unless one falls inside the grid. The error is for misuse only.
func (s *Source) FillGrid(sat int, grid orbit.EpochGrid, x, y, z []float64) (int, error) {
	return s.fill(sat, grid, x, y, z, nil, nil, nil)
}

func (s *Source) fill(sat int, grid orbit.EpochGrid, x, y, z, vx, vy, vz []float64) (int, error) {
	if err := grid.Validate(); err != nil {
		return 0, fmt.Errorf("broadcast: %w", err)
	}
	if sat < 0 || sat >= len(s.sats) {
		return 0, fmt.Errorf("broadcast: satellite index %d out of range [0, %d)", sat, len(s.sats))
	}
	if len(x) < grid.N || len(y) < grid.N || len(z) < grid.N {
		return 0, fmt.Errorf("broadcast: destination slices of length %d, %d, %d for %d epochs", len(x), len(y), len(z), grid.N)
	}
	if grid.N == 0 {
		return 0, nil
	}
	sd := &s.sats[sat]
	t0 := grid.Start.UnixNano()
	step := int64(grid.Step)
	leap := orbit.LeapSeconds(grid.Start)
	steady := leap == orbit.LeapSeconds(grid.Time(grid.N-1))
	tl := sd.timeline
	i := sort.Search(len(tl), func(i int) bool { return tl[i].to > t0 })
	nan := math.NaN()
	n := 0
	for k := range grid.N {
		ns := t0 + int64(k)*step
		for i < len(tl) && tl[i].to <= ns {
			i++
		}
		if i >= len(tl) || ns < tl[i].from {
			x[k], y[k], z[k] = nan, nan, nan
			if vx != nil {
				vx[k], vy[k], vz[k] = nan, nan, nan
			}
			continue
		}
		lp := leap
		if !steady {
			lp = orbit.LeapSeconds(time.Unix(0, ns))
		}
		e := &sd.entries[tl[i].e]
		p := e.posKm(ns, lp, 0)
		x[k], y[k], z[k] = p[0], p[1], p[2]
		if vx != nil {
			v := e.velKmS(ns, lp)
			vx[k], vy[k], vz[k] = v[0], v[1], v[2]
		}
		n++
	}
	return n, nil
}

// FillBatch fills rows of an orbit.Batch: row r of dst is satellite
// sats[r] over grid (dst.NSat must be len(sats), dst.NEpoch grid.N).
// Positions are km, velocities (when dst has them) km/s, Earth-fixed; a
// gap has NaN and Status orbit.StatusNotFinite. Satellites are spread over
// GOMAXPROCS goroutines; the context is checked between satellites.
func (s *Source) FillBatch(ctx context.Context, dst *orbit.Batch, sats []int, grid orbit.EpochGrid) error {
	if dst == nil {
		return errors.New("broadcast: nil batch")
	}
	if dst.NSat != len(sats) || dst.NEpoch != grid.N {
		return fmt.Errorf("broadcast: batch is %d satellites × %d epochs, want %d × %d", dst.NSat, dst.NEpoch, len(sats), grid.N)
	}
	n := len(sats) * grid.N
	if len(dst.X) != n || len(dst.Y) != n || len(dst.Z) != n || len(dst.Status) != n {
		return fmt.Errorf("broadcast: batch arrays must have length %d", n)
	}
	withVel := dst.VX != nil
	if withVel && (len(dst.VX) != n || len(dst.VY) != n || len(dst.VZ) != n) {
		return fmt.Errorf("broadcast: batch velocity arrays must have length %d", n)
	}
	if err := grid.Validate(); err != nil {
		return fmt.Errorf("broadcast: %w", err)
	}
	for _, sat := range sats {
		if sat < 0 || sat >= len(s.sats) {
			return fmt.Errorf("broadcast: satellite index %d out of range [0, %d)", sat, len(s.sats))
		}
	}
	workers := min(runtime.GOMAXPROCS(0), len(sats))
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	next := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range next {
				lo, hi := r*grid.N, (r+1)*grid.N
				var vx, vy, vz []float64
				if withVel {
					vx, vy, vz = dst.VX[lo:hi], dst.VY[lo:hi], dst.VZ[lo:hi]
				}
				if _, err := s.fill(sats[r], grid, dst.X[lo:hi], dst.Y[lo:hi], dst.Z[lo:hi], vx, vy, vz); err != nil {
					mu.Lock()
					firstErr = cmp.Or(firstErr, err)
					mu.Unlock()
				}
				for k := lo; k < hi; k++ {
					if math.IsNaN(dst.X[k]) {
						dst.Status[k] = orbit.StatusNotFinite
					} else {
						dst.Status[k] = orbit.StatusOK
					}
				}
			}
		}()
	}
	var ctxErr error
	for r := range sats {
		if err := ctx.Err(); err != nil {
			ctxErr = err
			break
		}
		next <- r
	}
	close(next)
	wg.Wait()
	return cmp.Or(ctxErr, firstErr)
}

// Spans returns satellite sat's timeline: the pieces of time each record
// serves, in order. Gaps are what lies between them.
func (s *Source) Spans(sat int) []Span {
	sd := &s.sats[sat]
	out := make([]Span, len(sd.timeline))
	for i, sp := range sd.timeline {
		out[i] = Span{Interval: Interval{time.Unix(0, sp.from).UTC(), time.Unix(0, sp.to).UTC()}, Record: sd.entries[sp.e].rec}
	}
	return out
}

// Coverage returns the intervals in which satellite sat has a usable
// record (its spans merged).
func (s *Source) Coverage(sat int) []Interval {
	var out []Interval
	for _, sp := range s.sats[sat].timeline {
		a, b := time.Unix(0, sp.from).UTC(), time.Unix(0, sp.to).UTC()
		if n := len(out); n > 0 && out[n-1].End.Equal(a) {
			out[n-1].End = b
			continue
		}
		out = append(out, Interval{a, b})
	}
	return out
}

// Gaps returns the parts of [from, to) in which satellite sat has no
// usable record, in order.
func (s *Source) Gaps(sat int, from, to time.Time) []Interval {
	var out []Interval
	cur := from
	for _, c := range s.Coverage(sat) {
		if !c.End.After(cur) {
			continue
		}
		if !c.Start.Before(to) {
			break
		}
		if c.Start.After(cur) {
			out = append(out, Interval{cur, c.Start})
		}
		cur = c.End
		if !cur.Before(to) {
			return out
		}
	}
	if cur.Before(to) {
		out = append(out, Interval{cur, to})
	}
	return out
}
