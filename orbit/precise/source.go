package precise

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/ephemeris/sp3"
	"github.com/gnssim/gnssim/orbit"
)

// DefaultPoints is the number of interpolation nodes used when
// Options.Points is 0: 10 points, a polynomial of degree 9.
const DefaultPoints = 10

// MaxPoints is the largest number of interpolation nodes accepted.
const MaxPoints = 20

// MaxNodes bounds the number of tabulated epochs of a Source (all files
// merged, missing epochs included): 4 Mi epochs, i.e. 119 years at 15
// minutes or 4 years at 30 s.
const MaxNodes = 1 << 22

// maxValues bounds the position storage (satellites × epochs × 3 float64,
// 2 GiB).
const maxValues = 1 << 28

// Options tunes New. The zero value means 10-point interpolation.
type Options struct {
	// Points is the number of tabulated epochs each interpolation uses:
	// even, 2 to MaxPoints (2 is linear interpolation); 0 means
	// DefaultPoints.
	Points int
}

// Satellite is one satellite of a Source.
type Satellite struct {
	ID     sp3.SatID
	System ephemeris.System
	PRN    string // "R07", "C19", "G05", ...
}

// Gap is a time range in which a satellite has no position because an
// interpolation window would include a missing tabulated position.
type Gap struct {
	Sat int    // index into Satellites
	PRN string // e.g. "C44"
	// Start and End bound the range, UTC: positions are NaN for
	// Start ≤ t < End, and at End too when End is the last epoch of the
	// source (then the gap runs to the end).
	Start, End time.Time
	// Missing is the number of tabulated epochs in [Start, End] without a
	// position.
	Missing int
}

// Join describes where a file continues the files before it in a Source.
type Join struct {
	File  string    // name of the later file
	Start time.Time // its first epoch, UTC
	// Duplicates is the number of its epochs already given by earlier
	// files, whose positions are kept from the earlier file (this file's
	// position is used only where the earlier file has none); MaxDiff the
	// largest 3-D difference (km) between the two files at those epochs,
	// over the satellites with a position in both (0 if none).
	Duplicates int
	MaxDiff    float64
	// Missing is the number of epochs of the common grid between the end
	// of the earlier files and the start of this one that no file gives
	// (a hole between the files; it shows in Gaps).
	Missing int
}

// Source interpolates the positions of one or more SP3 files. It is
// immutable after New and safe for concurrent use.
type Source struct {
	sats  []Satellite
	index map[string]int
	ts    sp3.TimeSystem
	scale orbit.TimeScale
	frame string

	t0     time.Time // reading (in scale) of node 0
	h      time.Duration
	hNs    float64 // h in ns
	hSec   float64 // h in s
	nodes  int
	points int
	half   int // nodes before the query interval's left node: points/2 − 1
	invDen [MaxPoints]float64

	pos []float64 // satellite-major: ((sat*nodes)+node)*3 + axis, km; NaN = missing

	startUTC, endUTC time.Time
	gaps             []Gap
	joins            []Join
	problems         []error
}

// New builds a Source from SP3 files, which must share their time system
// (as an orbit time scale) and epoch interval. Files may come in any
// order; they are merged on one grid of epochs from the earliest to the
// latest epoch. Epochs off that grid are skipped and reported in
// Problems. Satellites are the union of the files' satellites, ordered by
// system (GLONASS, BeiDou, GPS, Galileo, QZSS, NavIC, SBAS) then number.
func New(files []*sp3.File, opt Options) (*Source, error) {
	points := opt.Points
	if points == 0 {
		points = DefaultPoints
	}
	if points < 2 || points > MaxPoints || points%2 != 0 {
		return nil, fmt.Errorf("precise: %d interpolation points (want an even number from 2 to %d)", points, MaxPoints)
	}
	if len(files) == 0 {
		return nil, errors.New("precise: no SP3 files")
	}
	fs := make([]*sp3.File, len(files))
	copy(fs, files)
	for i, f := range fs {
		if f == nil {
			return nil, fmt.Errorf("precise: file %d is nil", i)
		}
		if len(f.Epochs) == 0 {
			return nil, fmt.Errorf("precise: %s has no epochs", name(f))
		}
	}
	s := &Source{points: points, ts: fs[0].Header.TimeSystem, frame: fs[0].Header.CoordSystem}
	var ok bool
	if s.scale, ok = s.ts.Scale(); !ok {
		return nil, fmt.Errorf("precise: %s: unknown time system %v", name(fs[0]), s.ts)
	}
	s.h = fs[0].Interval()
	if s.h <= 0 {
		return nil, fmt.Errorf("precise: %s: no epoch interval (header and epochs)", name(fs[0]))
	}
	for _, f := range fs[1:] {
		if sc, _ := f.Header.TimeSystem.Scale(); sc != s.scale || f.Header.TimeSystem == sp3.TimeUnknown {
			return nil, fmt.Errorf("precise: %s is in %v time, %s in %v: files to merge must share their time system",
				name(fs[0]), s.ts, name(f), f.Header.TimeSystem)
		}
		if h := f.Interval(); h != s.h {
			return nil, fmt.Errorf("precise: %s has a %v epoch interval, %s %v: files to merge must share their interval",
				name(fs[0]), s.h, name(f), h)
		}
		if f.Header.CoordSystem != s.frame {
			s.problems = append(s.problems, fmt.Errorf("precise: %s is in frame %q, %s in %q: merged as one frame",
				name(fs[0]), s.frame, name(f), f.Header.CoordSystem))
		}
	}
	// First and last epoch of each file (Read gives increasing epochs; a
	// File built by hand might not).
	first := make([]time.Time, len(fs))
	for i, f := range fs {
		first[i] = f.Epochs[0]
		for _, t := range f.Epochs {
			if t.Before(first[i]) {
				first[i] = t
			}
		}
	}
	order := make([]int, len(fs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return first[order[a]].Before(first[order[b]]) })
	sorted := make([]*sp3.File, len(fs))
	for i, o := range order {
		sorted[i] = fs[o]
	}
	fs = sorted
	s.t0 = first[order[0]]
	end := s.t0
	for _, f := range fs {
		for _, t := range f.Epochs {
			if t.After(end) {
				end = t
			}
		}
	}
	span := end.Sub(s.t0)
	if span/s.h >= MaxNodes {
		return nil, fmt.Errorf("precise: %v to %v at %v is more than %d epochs", s.t0, end, s.h, MaxNodes)
	}
	s.nodes = int(span/s.h) + 1
	if s.nodes < points {
		return nil, fmt.Errorf("precise: %d epochs from %v to %v, fewer than the %d interpolation points", s.nodes, s.t0, end, points)
	}
	if s.scale == orbit.UTC {
		// UTC-labelled epochs are not equispaced across a leap second.
		if orbit.LeapSeconds(s.t0) != orbit.LeapSeconds(end) {
			return nil, fmt.Errorf("precise: the %v-time files span a leap second (%v to %v): not supported", s.ts, s.t0, end)
		}
	}

	// Satellites: union of the files', in system then number order.
	seen := map[sp3.SatID]bool{}
	var ids []sp3.SatID
	for _, f := range fs {
		for _, id := range f.Header.Satellites {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	rank := map[ephemeris.System]int{}
	for i, sys := range ephemeris.Systems {
		rank[sys] = i
	}
	sort.Slice(ids, func(i, j int) bool {
		if ids[i].System != ids[j].System {
			return rank[ids[i].System] < rank[ids[j].System]
		}
		return ids[i].PRN < ids[j].PRN
	})
	if len(ids)*s.nodes*3 > maxValues {
		return nil, fmt.Errorf("precise: %d satellites × %d epochs is too large", len(ids), s.nodes)
	}
	s.index = make(map[string]int, len(ids))
	byID := make(map[sp3.SatID]int, len(ids))
	for i, id := range ids {
		prn := id.String()
		s.sats = append(s.sats, Satellite{ID: id, System: id.System, PRN: prn})
		s.index[prn] = i
		byID[id] = i
	}

	// Positions on the grid.
	s.pos = make([]float64, len(ids)*s.nodes*3)
	nan := math.NaN()
	for i := range s.pos {
		s.pos[i] = nan
	}
	epochFile := make([]int32, s.nodes) // 1 + index of the file that gave node j
	lastNode := -1
	for fi, f := range fs {
		startUTC, _ := orbit.FromScale(first[order[fi]], s.scale)
		join := Join{File: f.Name, Start: startUTC}
		firstNode := -1
		for k, t := range f.Epochs {
			d := t.Sub(s.t0)
			if d%s.h != 0 || d < 0 {
				s.problems = append(s.problems, fmt.Errorf("precise: %s line %d: epoch %v is off the %v grid from %v; skipped",
					name(f), f.EpochLine(k), t.Format("2006-01-02 15:04:05.999999999"), s.h, s.t0.Format("2006-01-02 15:04:05")))
				continue
			}
			j := int(d / s.h)
			if firstNode < 0 || j < firstNode {
				firstNode = j
			}
			dup := epochFile[j] != 0
			if dup {
				join.Duplicates++
			} else {
				epochFile[j] = int32(fi + 1)
			}
			for _, r := range f.Records(k) {
				if !r.HasPosition() || r.Sat < 0 || r.Sat >= len(f.Header.Satellites) {
					continue
				}
				sat := byID[f.Header.Satellites[r.Sat]]
				p := s.pos[(sat*s.nodes+j)*3:][:3]
				if math.IsNaN(p[0]) {
					copy(p, r.Pos[:])
					continue
				}
				dx, dy, dz := p[0]-r.Pos[0], p[1]-r.Pos[1], p[2]-r.Pos[2]
				if dd := math.Sqrt(dx*dx + dy*dy + dz*dz); dd > join.MaxDiff {
					join.MaxDiff = dd
				}
			}
		}
		if fi > 0 && firstNode > lastNode+1 {
			for j := lastNode + 1; j < firstNode; j++ {
				if epochFile[j] == 0 {
					join.Missing++
				}
			}
		}
		if fi > 0 {
			s.joins = append(s.joins, join)
		}
		for _, t := range f.Epochs {
			if e := int(t.Sub(s.t0) / s.h); e > lastNode {
				lastNode = e
			}
		}
	}

	s.finish()
	return s, nil
}

// finish completes a Source whose grid (t0, h, nodes, points, scale) and
// positions are set: interpolation constants, span and gaps.
func (s *Source) finish() {
	s.half = s.points/2 - 1
	s.hNs = float64(s.h)
	s.hSec = s.h.Seconds()
	// Lagrange denominators of the nodes 0..points−1:
	// 1/Π_{m≠j}(j−m) = (−1)^(points−1−j) / (j! (points−1−j)!), products of
	// small integers, exact in float64.
	for j := 0; j < s.points; j++ {
		d := 1.0
		for m := 0; m < s.points; m++ {
			if m != j {
				d *= float64(j - m)
			}
		}
		s.invDen[j] = 1 / d
	}
	s.startUTC = s.nodeUTC(0)
	s.endUTC = s.nodeUTC(s.nodes - 1)
	s.gaps = nil
	s.findGaps()
}

func name(f *sp3.File) string {
	if f.Name == "" {
		return "<input>"
	}
	return f.Name
}

// nodeUTC returns the UTC instant of node j.
func (s *Source) nodeUTC(j int) time.Time {
	t, _ := orbit.FromScale(s.t0.Add(time.Duration(j)*s.h), s.scale) // a leap-second reading clamps to its end
	return t
}

// window returns the first node of the interpolation window used for the
// interval [node i, node i+1) (i = nodes−1 for the last node itself).
func (s *Source) window(i int) int {
	st := i - s.half
	if st < 0 {
		st = 0
	}
	if m := s.nodes - s.points; st > m {
		st = m
	}
	return st
}

// findGaps lists, per satellite, the ranges where an interpolation window
// holds a missing position.
func (s *Source) findGaps() {
	missingBefore := make([]int, s.nodes+1) // missing nodes in [0, j)
	for sat := range s.sats {
		base := sat * s.nodes * 3
		for j := 0; j < s.nodes; j++ {
			missingBefore[j+1] = missingBefore[j]
			if math.IsNaN(s.pos[base+3*j]) {
				missingBefore[j+1]++
			}
		}
		if missingBefore[s.nodes] == 0 {
			continue
		}
		bad := func(i int) bool {
			st := s.window(i)
			return missingBefore[st+s.points]-missingBefore[st] > 0
		}
		// Intervals i = 0..nodes−2; the last node shares the window of the
		// last interval.
		for i := 0; i < s.nodes-1; {
			if !bad(i) {
				i++
				continue
			}
			a := i
			for i < s.nodes-1 && bad(i) {
				i++
			}
			// intervals a..i−1 are bad: [node a, node i)
			s.gaps = append(s.gaps, Gap{Sat: sat, PRN: s.sats[sat].PRN, Start: s.nodeUTC(a), End: s.nodeUTC(i),
				Missing: missingBefore[i+1] - missingBefore[a]})
		}
	}
}

// Satellites returns the satellites of the source (do not modify).
func (s *Source) Satellites() []Satellite { return s.sats }

// Index returns the index of the satellite with the given PRN string
// ("R07"), or -1.
func (s *Source) Index(prn string) int {
	if i, ok := s.index[strings.TrimSpace(prn)]; ok {
		return i
	}
	return -1
}

// Span returns the first and last tabulated epochs, UTC: positions exist
// only for start ≤ t ≤ end (no extrapolation).
func (s *Source) Span() (start, end time.Time) { return s.startUTC, s.endUTC }

// Interval returns the spacing of the tabulated epochs.
func (s *Source) Interval() time.Duration { return s.h }

// Points returns the number of interpolation nodes.
func (s *Source) Points() int { return s.points }

// TimeSystem returns the files' time system.
func (s *Source) TimeSystem() sp3.TimeSystem { return s.ts }

// Frame returns the coordinate system of the (first) file, e.g. "IGS14".
func (s *Source) Frame() string { return s.frame }

// Nodes returns the number of tabulated epochs of the merged grid (missing
// epochs included).
func (s *Source) Nodes() int { return s.nodes }

// NodeTime returns the UTC instant of tabulated epoch j.
func (s *Source) NodeTime(j int) time.Time { return s.nodeUTC(j) }

// NodePosition returns the tabulated position (km) of satellite sat at
// epoch j, NaN when missing.
func (s *Source) NodePosition(sat, j int) [3]float64 {
	p := s.pos[(sat*s.nodes+j)*3:]
	return [3]float64{p[0], p[1], p[2]}
}

// Gaps returns the ranges without positions, by satellite then time.
func (s *Source) Gaps() []Gap { return s.gaps }

// Joins returns, for each file after the earliest, how it joins the files
// before it.
func (s *Source) Joins() []Join { return s.joins }

// Problems returns what New tolerated: epochs off the common grid (skipped)
// and files in differently named frames (merged).
func (s *Source) Problems() []error { return s.problems }
