package integrity

import (
	"fmt"
	"math"
	"strings"
)

// Rule selects how the fault modes to monitor are determined.
type Rule uint8

const (
	// RuleADD is the determination of the WG-C ARAIM Airborne Algorithm
	// Description Document (v3–v4, "determination of the faults to
	// monitor"): satellite and constellation faults are independent events;
	// combinations are taken size by size (r = 1, 2, … events), within a
	// size in decreasing order of prior probability, until the prior of the
	// combinations not monitored, P_not_monitored, is at most
	// Service.PThres (as the ADD's reference implementation loops). Not
	// implemented from ADD v4: exposure-time (mean fault duration)
	// conversion, fault consolidation, and the rule that patterns with a
	// prior above P_HMI are always monitored. See modeSet.determineADD for
	// the exact ordering, merging and accounting.
	RuleADD Rule = iota
	// Rule2012 is the determination of Blanch et al. (ION GNSS 2012): every
	// combination of up to N_sat,max satellites and, separately, of up to
	// N_const,max constellations, where N_sat,max (N_const,max) is the
	// smallest number such that the probability of more simultaneous
	// satellite (constellation) faults is at most Service.PThresSat
	// (PThresConst). P_not_monitored is the sum of the two tail probabilities.
	// The 2012 Appendix J example has 57 such modes.
	Rule2012
)

// String returns "add" or "2012".
func (r Rule) String() string {
	switch r {
	case RuleADD:
		return "add"
	case Rule2012:
		return "2012"
	}
	return fmt.Sprintf("Rule(%d)", uint8(r))
}

// ParseRule accepts "add" and "2012", case-insensitively.
func ParseRule(s string) (Rule, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "add":
		return RuleADD, nil
	case "2012":
		return Rule2012, nil
	}
	return 0, fmt.Errorf("unknown fault-mode rule %q (want add or 2012)", s)
}

// maxEvents is the largest number of simultaneous fault events in one mode.
const maxEvents = 8

// maxEventCount is the largest number of events (satellites plus
// constellations) of a geometry: positions are packed in bytes.
const maxEventCount = 256

// mode is one monitored fault mode: the set of satellites excluded from its
// subset solution, as whole constellations (mask) plus individual satellites
// of other constellations (pool[off:off+n], ascending). Every fault pattern
// that maps to the same set is merged into one mode whose prior is their sum.
type mode struct {
	mask   uint16
	off, n int32
	prior  float64
	// eventPrior is the largest Π_{e∈F} p_e over the merged patterns F: the
	// probability that (at least) the mode's fault events occur. It decides
	// EMT eligibility (P_sat itself for a single satellite).
	eventPrior float64

	sigma   [3]float64 // σ of the subset position (E, N, U), C_int
	sigmaSS [3]float64 // σ of the solution separation, C_acc
	bias    [3]float64 // Σ|S_k,q,i|·b_nom,i
	biasSS  [3]float64 // Σ|S_k,q,i − S_0,q,i|·b_nom,i (ThresholdBias only)
	thr     [3]float64 // T_k,q
	saccU   float64    // σ_acc,U of the subset (EMT modes only, else NaN)
	biasOK  bool       // bias computed exactly (else bounded)

	R   [9]float64           // subset estimator M⁻¹
	tau [maxConst][3]float64 // R·t_j
}

// faultCtx is the geometry-dependent input of the fault-mode determination.
type faultCtx struct {
	n, nc      int
	constOf    []int8
	constCount [maxConst]int
	pSat       []float64         // per satellite
	pConst     [maxConst]float64 // per constellation slot
	perSystem  bool              // clock per constellation (ISB σ = +Inf)
	maxModes   int
	lnNoFault  float64 // Σ ln(1 − p_e)
}

// events are numbered 0..n−1 (satellites) and n..n+nc−1 (constellations).
func (c *faultCtx) numEvents() int { return c.n + c.nc }

func (c *faultCtx) pEvent(e int) float64 {
	if e < c.n {
		return c.pSat[e]
	}
	return c.pConst[e-c.n]
}

// failure of the determination (the geometry is then unavailable).
type faultFail uint8

const (
	failNone          faultFail = iota
	failUnmonitorable           // a mode that must be monitored leaves too few satellites
	failTooMany                 // more than MaxModes modes or maxEvents simultaneous events
)

// modeSet is the list of monitored modes with its merge table.
type modeSet struct {
	modes []mode
	pool  []int32
	table []int32 // open addressing, mode index + 1, 0 = empty
	// scratch
	sats   []int32
	order  []int32 // events sorted by decreasing odds (positions)
	posOf  []int16 // position of each event in order
	odds   []float64
	heap   []combo
	events [maxEvents]int32
}

// combo is an r-combination of event positions (indices into order) with
// the product of their odds taken in position order.
type combo struct {
	pos  [maxEvents]int16
	prod float64
	key  uint64 // positions packed a byte each, first most significant (lexicographic = numeric order)
}

func (s *modeSet) reset() {
	s.modes = s.modes[:0]
	s.pool = s.pool[:0]
	for i := range s.table {
		s.table[i] = 0
	}
}

func hashKey(mask uint16, sats []int32) uint64 {
	h := uint64(14695981039346656037)
	h ^= uint64(mask)
	h *= 1099511628211
	for _, v := range sats {
		h ^= uint64(uint32(v))
		h *= 1099511628211
	}
	return h ^ h>>29
}

func (s *modeSet) equal(m *mode, mask uint16, sats []int32) bool {
	if m.mask != mask || int(m.n) != len(sats) {
		return false
	}
	for i, v := range s.pool[m.off : m.off+m.n] {
		if v != sats[i] {
			return false
		}
	}
	return true
}

// find returns the index of the mode with this exclusion set, or −1, and the
// table slot where it is or would go.
func (s *modeSet) find(mask uint16, sats []int32) (int, int) {
	if len(s.table) == 0 {
		s.grow()
	}
	sz := len(s.table) - 1
	i := int(hashKey(mask, sats)) & sz
	for {
		v := s.table[i]
		if v == 0 {
			return -1, i
		}
		if s.equal(&s.modes[v-1], mask, sats) {
			return int(v - 1), i
		}
		i = (i + 1) & sz
	}
}

func (s *modeSet) grow() {
	size := 64
	if len(s.table) > 0 {
		size = 2 * len(s.table)
	}
	s.table = make([]int32, size)
	for k := range s.modes {
		m := &s.modes[k]
		i := int(hashKey(m.mask, s.pool[m.off:m.off+m.n])) & (size - 1)
		for s.table[i] != 0 {
			i = (i + 1) & (size - 1)
		}
		s.table[i] = int32(k + 1)
	}
}

// add merges the pattern with exclusion set (mask, sats), prior p and
// event probability ep = Π_{e∈F} p_e.
func (s *modeSet) add(mask uint16, sats []int32, p, ep float64) {
	k, slot := s.find(mask, sats)
	if k >= 0 {
		s.modes[k].prior += p
		if ep > s.modes[k].eventPrior {
			s.modes[k].eventPrior = ep
		}
		return
	}
	// grow in place: mode is large, and a composite literal would be built
	// and copied whole
	k = len(s.modes)
	if k < cap(s.modes) {
		s.modes = s.modes[:k+1]
	} else {
		s.modes = append(s.modes, mode{})
	}
	m := &s.modes[k]
	m.mask, m.off, m.n, m.prior, m.eventPrior, m.biasOK = mask, int32(len(s.pool)), int32(len(sats)), p, ep, false
	s.pool = append(s.pool, sats...)
	s.table[slot] = int32(len(s.modes))
	if 2*len(s.modes) > len(s.table) {
		s.grow()
	}
}

// canonical maps the events ev to their exclusion set: constellations named
// as events, plus satellites outside them; satellites that make up all of a
// constellation are replaced by it. It returns the mask and s.sats (sorted).
func (s *modeSet) canonical(c *faultCtx, ev []int32) uint16 {
	var mask uint16
	for _, e := range ev {
		if int(e) >= c.n {
			mask |= 1 << (int(e) - c.n)
		}
	}
	var cnt [maxConst]int
	s.sats = s.sats[:0]
	for _, e := range ev {
		if int(e) < c.n && mask&(1<<c.constOf[e]) == 0 {
			s.sats = append(s.sats, e)
			cnt[c.constOf[e]]++
		}
	}
	var full uint16
	for j := 0; j < c.nc; j++ {
		if cnt[j] > 0 && cnt[j] == c.constCount[j] {
			full |= 1 << j
		}
	}
	if full != 0 {
		k := 0
		for _, e := range s.sats {
			if full&(1<<c.constOf[e]) == 0 {
				s.sats[k] = e
				k++
			}
		}
		s.sats = s.sats[:k]
		mask |= full
	}
	// insertion sort (a handful of entries)
	for i := 1; i < len(s.sats); i++ {
		for k := i; k > 0 && s.sats[k] < s.sats[k-1]; k-- {
			s.sats[k], s.sats[k-1] = s.sats[k-1], s.sats[k]
		}
	}
	return mask
}

// monitorable reports whether the subset without (mask, sats) keeps enough
// satellites for a position solution: at least 3 + (number of clocks), the
// clocks being one per remaining constellation for per-system clocks and one
// otherwise (a finite ISB prior ties the clocks together).
func (c *faultCtx) monitorable(mask uint16, nsats int) bool {
	rem := c.n - nsats
	remConst := 0
	for j := 0; j < c.nc; j++ {
		if mask&(1<<j) != 0 {
			rem -= c.constCount[j]
		} else {
			remConst++
		}
	}
	if remConst == 0 {
		return false
	}
	clocks := 1
	if c.perSystem {
		clocks = remConst
	}
	return rem >= 3+clocks
}

// logNoFault returns ln P(no fault) = Σ ln(1 − p_e) over all events
// (satellites in order, then constellations), as prepared by the caller.
func (c *faultCtx) logNoFault() float64 { return c.lnNoFault }

// sortEvents fills s.order with the events sorted by decreasing odds
// p/(1−p), ties by increasing event number, and s.odds with the odds by
// position.
func (s *modeSet) sortEvents(c *faultCtx) {
	E := c.numEvents()
	s.order = s.order[:0]
	s.odds = s.odds[:0]
	for e := 0; e < E; e++ {
		p := c.pEvent(e)
		o := p / (1 - p)
		// insertion into place (stable: equal odds keep event order)
		k := len(s.order)
		s.order = append(s.order, int32(e))
		s.odds = append(s.odds, o)
		for k > 0 && s.odds[k-1] < o {
			s.order[k], s.odds[k] = s.order[k-1], s.odds[k-1]
			k--
		}
		s.order[k], s.odds[k] = int32(e), o
	}
	s.posOf = s.posOf[:0]
	for e := 0; e < E; e++ {
		s.posOf = append(s.posOf, 0)
	}
	for k, e := range s.order {
		s.posOf[e] = int16(k)
	}
}

// comboLess orders combinations: larger odds product first, then
// lexicographically smaller positions.
func comboLess(a, b *combo) bool {
	if a.prod != b.prod {
		return a.prod > b.prod
	}
	return a.key < b.key
}

func (s *modeSet) push(x combo, r int) {
	x.key = 0
	for i := 0; i < r; i++ {
		x.key |= uint64(x.pos[i]) << (56 - 8*i)
	}
	s.heap = append(s.heap, x)
	i := len(s.heap) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !comboLess(&s.heap[i], &s.heap[p]) {
			break
		}
		s.heap[i], s.heap[p] = s.heap[p], s.heap[i]
		i = p
	}
}

func (s *modeSet) pop(r int) combo {
	top := s.heap[0]
	last := len(s.heap) - 1
	s.heap[0] = s.heap[last]
	s.heap = s.heap[:last]
	i := 0
	for {
		l, rr, m := 2*i+1, 2*i+2, i
		if l < last && comboLess(&s.heap[l], &s.heap[m]) {
			m = l
		}
		if rr < last && comboLess(&s.heap[rr], &s.heap[m]) {
			m = rr
		}
		if m == i {
			break
		}
		s.heap[i], s.heap[m] = s.heap[m], s.heap[i]
		i = m
	}
	return top
}

// prodOf returns the odds product of positions pos[:r] in position order.
func (s *modeSet) prodOf(pos *[maxEvents]int16, r int) float64 {
	p := s.odds[pos[0]]
	for i := 1; i < r; i++ {
		p *= s.odds[pos[i]]
	}
	return p
}

// determineADD fills s.modes by RuleADD and returns P_not_monitored.
//
// Combinations of r events (r = 1, 2, …) are visited in decreasing order of
// their odds product Π p_e/(1−p_e) (taken in decreasing-odds order, so that
// equal multisets give identical products), ties broken by the
// lexicographic order of the events' positions in the decreasing-odds order
// (equal odds: lower event number first). The pattern prior is
// Π_{e∈F} p_e·Π_{e∉F}(1−p_e) = odds product × P(no fault). Starting from
// P_not_monitored = 1 − P(no fault), each visited pattern is monitored
// (P_not_monitored −= prior; merged into the mode with the same exclusion
// set) until P_not_monitored ≤ pThres. A pattern whose subset would keep too
// few satellites is skipped and its prior stays in P_not_monitored; when such
// priors alone exceed pThres the determination fails (failUnmonitorable).
//
// The visit uses a best-first search over combinations: every combination
// other than (0, 1, …, r−1) has one parent — its first position that is
// above its minimum, lowered by one — whose key is never larger, so popping
// a heap seeded with the root yields the exact sorted order while touching
// only about twice as many combinations as are monitored.
func (s *modeSet) determineADD(c *faultCtx, pThres float64) (float64, faultFail) {
	s.reset()
	if c.numEvents() > maxEventCount {
		return 0, failTooMany
	}
	s.sortEvents(c)
	ln := c.logNoFault()
	pnf := math.Exp(ln)
	pnm := -math.Expm1(ln)
	unmon := 0.0
	E := c.numEvents()
	for r := 1; pnm > pThres; r++ {
		if r > maxEvents || r > E {
			return pnm, failTooMany
		}
		if r == 1 { // single events: already in order
			for k := 0; k < E && pnm > pThres; k++ {
				e := s.order[k]
				s.events[0] = e
				prior := s.odds[k] * pnf
				var mask uint16
				if int(e) < c.n && c.constCount[c.constOf[e]] > 1 {
					// a satellite whose constellation has others: excluded alone
					s.sats = append(s.sats[:0], e)
				} else {
					mask = s.canonical(c, s.events[:1])
				}
				if !c.monitorable(mask, len(s.sats)) {
					unmon += prior
					if unmon > pThres {
						return pnm, failUnmonitorable
					}
					continue
				}
				pnm -= prior
				s.add(mask, s.sats, prior, c.pEvent(int(e)))
				if len(s.modes) > c.maxModes {
					return pnm, failTooMany
				}
			}
			continue
		}
		s.heap = s.heap[:0]
		var root combo
		for i := 0; i < r; i++ {
			root.pos[i] = int16(i)
		}
		root.prod = s.prodOf(&root.pos, r)
		s.push(root, r)
		for len(s.heap) > 0 && pnm > pThres {
			x := s.pop(r)
			for i := 0; i < r; i++ {
				s.events[i] = s.order[x.pos[i]]
			}
			prior := x.prod * pnf
			mask := s.canonical(c, s.events[:r])
			if !c.monitorable(mask, len(s.sats)) {
				unmon += prior
				if unmon > pThres {
					return pnm, failUnmonitorable
				}
			} else {
				pnm -= prior
				ep := 1.0
				for i := 0; i < r; i++ {
					ep *= c.pEvent(int(s.events[i]))
				}
				s.add(mask, s.sats, prior, ep)
				if len(s.modes) > c.maxModes {
					return pnm, failTooMany
				}
			}
			// children: raise the last minimal position (t−1) or the first
			// non-minimal one (t), when the next position leaves room.
			t := 0
			for t < r && int(x.pos[t]) == t {
				t++
			}
			if t >= 1 && int(x.pos[t-1])+1 < nextPos(&x, t-1, r, E) {
				y := x
				y.pos[t-1]++
				y.prod = s.prodOf(&y.pos, r)
				s.push(y, r)
			}
			if t < r && int(x.pos[t])+1 < nextPos(&x, t, r, E) {
				y := x
				y.pos[t]++
				y.prod = s.prodOf(&y.pos, r)
				s.push(y, r)
			}
		}
	}
	return pnm, failNone
}

// nextPos returns the position after element i of x (E past the last).
func nextPos(x *combo, i, r, E int) int {
	if i+1 < r {
		return int(x.pos[i+1])
	}
	return E
}

// tailAtLeast returns the probability that at least k of the independent
// events with probabilities p(0..m−1) occur (Poisson-binomial tail, by the
// recursion on the count distribution truncated at k; all terms are
// non-negative, so there is no cancellation). k ≤ maxEvents+1.
func tailAtLeast(m, k int, p func(int) float64) float64 {
	if k <= 0 {
		return 1
	}
	var dist [maxEvents + 2]float64
	dist[0] = 1
	tail := 0.0
	for i := 0; i < m; i++ {
		q := p(i)
		tail += dist[k-1] * q
		for j := k - 1; j >= 1; j-- {
			dist[j] = dist[j]*(1-q) + dist[j-1]*q
		}
		dist[0] *= 1 - q
	}
	return tail
}

// maxSimultaneous returns the smallest r ≥ 0 with P(at least r+1 of the m
// events) ≤ thr, and that tail probability; ok is false beyond maxEvents.
func maxSimultaneous(m int, thr float64, p func(int) float64) (r int, tail float64, ok bool) {
	for r = 0; r <= maxEvents; r++ {
		tail = tailAtLeast(m, r+1, p)
		if tail <= thr {
			return r, tail, true
		}
	}
	return r, tail, false
}

// determine2012 fills s.modes by Rule2012 and returns P_not_monitored.
// Satellite combinations come first (sizes 1..N_sat,max, lexicographic),
// then constellation combinations (sizes 1..N_const,max); priors are the
// exact pattern probabilities as in determineADD, merged by exclusion set.
// Every one of them must be monitorable.
func (s *modeSet) determine2012(c *faultCtx, pThresSat, pThresConst float64) (float64, faultFail) {
	s.reset()
	s.sortEvents(c)
	pnf := math.Exp(c.logNoFault())
	nSat, tailSat, ok1 := maxSimultaneous(c.n, pThresSat, func(i int) float64 { return c.pSat[i] })
	nConst, tailConst, ok2 := maxSimultaneous(c.nc, pThresConst, func(j int) float64 { return c.pConst[j] })
	pnm := tailSat + tailConst
	if !ok1 || !ok2 {
		return pnm, failTooMany
	}
	// count before enumerating
	total := 0.0
	for r := 1; r <= nSat; r++ {
		total += binom(c.n, r)
	}
	for r := 1; r <= nConst; r++ {
		total += binom(c.nc, r)
	}
	if total > float64(c.maxModes) {
		return pnm, failTooMany
	}
	// position of each event in the decreasing-odds order, for the canonical
	// odds product
	var idx [maxEvents]int32
	for _, fam := range [2]struct{ first, count, rmax int }{{0, c.n, nSat}, {c.n, c.nc, nConst}} {
		for r := 1; r <= fam.rmax; r++ {
			for i := 0; i < r; i++ {
				idx[i] = int32(i)
			}
			for {
				for i := 0; i < r; i++ {
					s.events[i] = int32(fam.first) + idx[i]
				}
				prior := s.canonicalProd(s.events[:r]) * pnf
				mask := s.canonical(c, s.events[:r])
				if !c.monitorable(mask, len(s.sats)) {
					return pnm, failUnmonitorable
				}
				ep := 1.0
				for i := 0; i < r; i++ {
					ep *= c.pEvent(int(s.events[i]))
				}
				s.add(mask, s.sats, prior, ep)
				// next combination in lexicographic order
				i := r - 1
				for i >= 0 && int(idx[i]) == fam.count-r+i {
					i--
				}
				if i < 0 {
					break
				}
				idx[i]++
				for k := i + 1; k < r; k++ {
					idx[k] = idx[k-1] + 1
				}
			}
		}
	}
	return pnm, failNone
}

// canonicalProd returns the odds product of events ev multiplied in
// decreasing-odds (position) order, as determineADD computes it.
func (s *modeSet) canonicalProd(ev []int32) float64 {
	var pos [maxEvents]int16
	for i, e := range ev {
		pos[i] = s.posOf[e]
	}
	r := len(ev)
	for i := 1; i < r; i++ {
		for k := i; k > 0 && pos[k] < pos[k-1]; k-- {
			pos[k], pos[k-1] = pos[k-1], pos[k]
		}
	}
	return s.prodOf(&pos, r)
}

func binom(n, k int) float64 {
	if k < 0 || k > n {
		return 0
	}
	b := 1.0
	for i := 0; i < k; i++ {
		b = b * float64(n-i) / float64(i+1)
	}
	return b
}
