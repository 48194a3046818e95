package spectrum

// The C/N0 degradation of the simulated sky: which satellites of which
// systems are above the mask at a receiver (the engine's visibility, from
// the positions of a sim.Source), their received powers, and the
// degradation of every victim signal by all of them, at a site over a
// period (StreamSiteDegradation, SiteStats) or over a grid of cells
// (MapDegradation).

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"sort"
	"sync"
	"unsafe"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
)

// SkySat describes one satellite of a sim.Source as a transmitter: its
// system and, for GLONASS, its FDMA channel.
type SkySat struct {
	// System is the satellite's system (sim.Satellite.System).
	System ephemeris.System
	// PRN labels the satellite in results ("R07", "C19").
	PRN string
	// Channel is the GLONASS FDMA frequency channel k (MinChannel…
	// MaxChannel) when HasChannel; a satellite without a known channel
	// neither transmits nor is a victim of FDMA signals (its CDMA signals
	// are unaffected).
	Channel    int
	HasChannel bool
}

// SkyModel is what a sky computation needs besides the positions.
type SkyModel struct {
	// Evaluator holds the SSC of every signal involved: those transmitted
	// and the victims (their names must be among its signals).
	Evaluator *Evaluator
	// Transmit lists, per transmitting system, the names of the evaluator
	// signals every satellite of that system transmits (QZSS satellites
	// transmit GPS signals: list them under ephemeris.QZSS). A system not
	// listed transmits nothing. A signal that is part of another (E5a, E5b:
	// PartOf) cannot be listed: its whole (E5) is what is transmitted.
	Transmit map[ephemeris.System][]string
	// Victims are the names of the evaluator signals whose degradation is
	// computed. The victim satellites of a signal are the satellites above
	// the mask of the signal's own system that transmit it (or, for E5a
	// and E5b, its whole E5).
	Victims []string
	// PowerDBW overrides, by signal name, the received power (dBW, before
	// the gain table) of a signal; the others have Signal.MinPowerDBW.
	PowerDBW map[string]float64
	// Gain, if not nil, adds an elevation-dependent offset to every
	// received power (ReceivedPowerDBW).
	Gain *GainTable
	// N0DBWHz is the noise density, dBW/Hz (DefaultN0DBWHz if unsure).
	N0DBWHz float64
	// Mask is the elevation mask: interferers and victims are the
	// satellites strictly above it (sim's rule).
	Mask sim.Mask
}

// VictimEpoch is the degradation of one victim signal at one receiver and
// epoch: that of its worst victim satellite (the highest ΔC/N0), whose
// Degradation parts (self, intra, inter, total) belong together, and the
// mean total over all its victim satellites.
type VictimEpoch struct {
	// Victims is the number of victim satellites above the mask.
	Victims int
	// Worst is the index (into the source's satellites) of the victim
	// satellite with the highest TotalDB (the first of those within 1e-12
	// relative of it in interference: without a gain table every victim
	// satellite of a CDMA signal sees the same sky); -1 when Victims is 0.
	Worst int
	// Degradation is the worst victim satellite's; with no victim its dB
	// fields are NaN (nothing to degrade) and its W/Hz fields 0.
	Degradation
	// MeanTotalDB is the mean TotalDB over the victim satellites (NaN
	// with none).
	MeanTotalDB float64
}

// SiteChunk is the result of a chunk of epochs of StreamSiteDegradation.
type SiteChunk struct {
	// Grid is the chunk's epochs; K0 the index of its first in the period.
	Grid orbit.EpochGrid
	K0   int
	// Victims are the victim signals' names, in SkyModel order.
	Victims []string
	// Visible is, per epoch, the number of satellites of the source above
	// the mask (every system, transmitting or not).
	Visible []int
	// Epochs holds epoch k's victim v at k*len(Victims)+v.
	Epochs []VictimEpoch
}

// At returns victim v at epoch k of the chunk.
func (c *SiteChunk) At(k, v int) VictimEpoch { return c.Epochs[k*len(c.Victims)+v] }

// lookFrame is a receiver's position (ECEF, km) and local ENU basis,
// computed exactly as package sim does, so that visibility here is the
// engine's to the last bit (TestVisibilityMatchesSkyTracks).
type lookFrame struct {
	r       [3]float64
	e, n, u [3]float64
}

const deg = math.Pi / 180

func newLookFrame(s sim.Site) lookFrame {
	lat, lon := s.LatDeg*deg, s.LonDeg*deg
	var f lookFrame
	f.r = orbit.GeodeticToECEF(lat, lon, s.HeightM/1000)
	f.e, f.n, f.u = orbit.ENUBasis(lat, lon)
	return f
}

// enu returns the ENU offset (km) of an ECEF point from the receiver and
// its squared length (km²).
func (f *lookFrame) enu(x, y, z float64) (dE, dN, dU, d2 float64) {
	dx, dy, dz := x-f.r[0], y-f.r[1], z-f.r[2]
	dE = dx*f.e[0] + dy*f.e[1] + dz*f.e[2]
	dN = dx*f.n[0] + dy*f.n[1] + dz*f.n[2]
	dU = dx*f.u[0] + dy*f.u[1] + dz*f.u[2]
	d2 = dx*dx + dy*dy + dz*dz
	return dE, dN, dU, d2
}

// maskTest is sim's trig-free visibility test (strictly above the mask).
type maskTest struct {
	mask         sim.Mask
	s2min, s2max float64
	azimuth      bool
}

func newMaskTest(m sim.Mask) maskTest {
	lo, hi := m.ElevationDeg, m.ElevationDeg
	if len(m.Azimuth) > 0 {
		lo, hi = math.Inf(1), math.Inf(-1)
		for _, p := range m.Azimuth {
			lo, hi = math.Min(lo, p.ElDeg), math.Max(hi, p.ElDeg)
		}
	}
	return maskTest{mask: m, s2min: sin2(lo), s2max: sin2(hi), azimuth: len(m.Azimuth) > 0 && lo != hi}
}

func sin2(elDeg float64) float64 {
	s := math.Sin(elDeg * deg)
	return s * s
}

func (t *maskTest) visible(dE, dN, dU, d2 float64) bool {
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
	return u2 > sin2(t.mask.MinElevationDeg(azimuthDeg(dE, dN)))*d2
}

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

func elevationDeg(dE, dN, dU float64) float64 {
	return math.Atan2(dU, math.Hypot(dE, dN)) / deg
}

// skyPlan is a SkyModel compiled for the satellites of one source.
type skyPlan struct {
	e       *Evaluator
	n0      float64
	gain    *GainTable
	mask    maskTest
	sats    []SkySat
	emStart []int32 // emissions of satellite s: [emStart[s], emStart[s+1])
	emKey   []Key
	emDBW   []float64 // received power before the gain table, dBW
	emW     []float64 // the same in W
	n0W     float64   // N0 in W/Hz
	victims []victimPlan
	// active marks satellites that emit something relevant or are
	// victims: the others need no look angles (except for Visible).
	active []bool
}

// victimPlan is one victim signal: per satellite, the key of its victim
// instance (-1: not a victim), the power its own instance was added to the
// sky with (NaN: not in the sky, as E5a/E5b whose whole E5 is), and the
// key and power of that whole, removed from the victim's interference
// (the other satellites' wholes count as self).
type victimPlan struct {
	name      string
	key       []Key
	ownDBW    []float64
	parentKey []Key
	parentDBW []float64
	ownW      []float64 // ownDBW in W (0 for NaN)
	parentW   []float64 // parentDBW in W
}

// compile checks m against the satellites and prepares the plan.
func (m SkyModel) compile(sats []SkySat) (*skyPlan, error) {
	e := m.Evaluator
	if e == nil {
		return nil, fmt.Errorf("spectrum: sky: no evaluator")
	}
	if math.IsNaN(m.N0DBWHz) || math.IsInf(m.N0DBWHz, 0) {
		return nil, fmt.Errorf("spectrum: sky: noise density %v dBW/Hz not finite", m.N0DBWHz)
	}
	if err := m.Mask.Validate(); err != nil {
		return nil, fmt.Errorf("spectrum: sky: %w", err)
	}
	if len(m.Victims) == 0 {
		return nil, fmt.Errorf("spectrum: sky: no victim signal")
	}
	index := map[string]int{}
	for i, s := range e.signals {
		index[s.Name] = i
	}
	for name, p := range m.PowerDBW {
		if _, ok := index[name]; !ok {
			return nil, fmt.Errorf("spectrum: sky: power given for %q, not a signal of the evaluator", name)
		}
		if math.IsNaN(p) || math.IsInf(p, 0) {
			return nil, fmt.Errorf("spectrum: sky: power %v dBW of %s not finite", p, name)
		}
	}
	power := func(i int) float64 {
		if p, ok := m.PowerDBW[e.signals[i].Name]; ok {
			return p
		}
		return e.signals[i].MinPowerDBW
	}
	// Transmitted signals per system, as evaluator indexes.
	var tx [numSys][]int
	systems := make([]ephemeris.System, 0, len(m.Transmit))
	for sys := range m.Transmit {
		systems = append(systems, sys)
	}
	sort.Slice(systems, func(a, b int) bool { return systems[a] < systems[b] })
	for _, sys := range systems {
		if sys == ephemeris.SystemUnknown || int(sys) >= numSys {
			return nil, fmt.Errorf("spectrum: sky: transmitting system %v unknown", sys)
		}
		seen := map[int]bool{}
		for _, name := range m.Transmit[sys] {
			i, ok := index[name]
			if !ok {
				return nil, fmt.Errorf("spectrum: sky: %v transmits %q, not a signal of the evaluator", sys, name)
			}
			if p := e.signals[i].PartOf; p != "" {
				return nil, fmt.Errorf("spectrum: sky: %s is part of %s: transmit %s instead", e.signals[i].Title(), p, p)
			}
			if seen[i] {
				return nil, fmt.Errorf("spectrum: sky: %v transmits %s twice", sys, e.signals[i].Title())
			}
			seen[i] = true
			tx[sys] = append(tx[sys], i)
		}
	}
	p := &skyPlan{e: e, n0: m.N0DBWHz, gain: m.Gain, mask: newMaskTest(m.Mask), sats: sats}
	// Emissions of each satellite; key of each transmitted signal per
	// satellite for the victims (-1: not transmitted).
	txKey := make([][]Key, len(sats)) // [sat][signal]
	txDBW := make([][]float64, len(sats))
	p.emStart = make([]int32, len(sats)+1)
	for s, sat := range sats {
		if int(sat.System) >= numSys {
			return nil, fmt.Errorf("spectrum: sky: satellite %d (%s): system %v unknown", s, sat.PRN, sat.System)
		}
		txKey[s] = make([]Key, len(e.signals))
		txDBW[s] = make([]float64, len(e.signals))
		for i := range txKey[s] {
			txKey[s][i] = -1
		}
		for _, i := range tx[sat.System] {
			sig := e.signals[i]
			if sig.IsFDMA() && !sat.HasChannel {
				continue
			}
			k, err := e.KeyOf(i, sat.Channel)
			if err != nil {
				return nil, fmt.Errorf("spectrum: sky: satellite %s: %w", sat.PRN, err)
			}
			txKey[s][i], txDBW[s][i] = k, power(i)
			p.emKey = append(p.emKey, k)
			p.emDBW = append(p.emDBW, power(i))
		}
		p.emStart[s+1] = int32(len(p.emKey))
	}
	// Victims.
	relevant := make([]bool, e.n) // slots that can interfere with some victim
	seenV := map[string]bool{}
	for _, name := range m.Victims {
		v, ok := index[name]
		if !ok {
			return nil, fmt.Errorf("spectrum: sky: victim %q is not a signal of the evaluator", name)
		}
		if seenV[name] {
			return nil, fmt.Errorf("spectrum: sky: victim %s listed twice", name)
		}
		seenV[name] = true
		sig := e.signals[v]
		parent := -1
		if sig.PartOf != "" {
			if pi, ok := index[sig.PartOf]; ok {
				parent = pi
			}
		}
		vp := victimPlan{name: name, key: make([]Key, len(sats)), ownDBW: make([]float64, len(sats)),
			parentKey: make([]Key, len(sats)), parentDBW: make([]float64, len(sats))}
		for s, sat := range sats {
			vp.key[s], vp.parentKey[s], vp.ownDBW[s] = -1, -1, math.NaN()
			if sat.System != sig.System || (sig.IsFDMA() && !sat.HasChannel) {
				continue
			}
			switch {
			case txKey[s][v] >= 0:
				vp.key[s], vp.ownDBW[s] = txKey[s][v], txDBW[s][v]
			case parent >= 0 && txKey[s][parent] >= 0:
				k, err := e.KeyOf(v, sat.Channel)
				if err != nil {
					return nil, fmt.Errorf("spectrum: sky: satellite %s: %w", sat.PRN, err)
				}
				vp.key[s], vp.parentKey[s], vp.parentDBW[s] = k, txKey[s][parent], txDBW[s][parent]
			}
		}
		// Every slot whose κ on some slot of the victim signal is not 0.
		for vs := e.base[v]; int(vs) < e.n && e.slotSig[vs] == int32(v); vs++ {
			row := e.kappa[int(vs)*e.n : int(vs)*e.n+e.n]
			for i, k := range row {
				if k > 0 {
					relevant[i] = true
				}
			}
		}
		p.victims = append(p.victims, vp)
	}
	// Keep only the emissions that can interfere with a victim: the others
	// add exactly nothing (κ = 0 on every victim slot).
	p.active = make([]bool, len(sats))
	var keys []Key
	var dbws []float64
	start := make([]int32, len(sats)+1)
	for s := range sats {
		for j := p.emStart[s]; j < p.emStart[s+1]; j++ {
			if relevant[p.emKey[j]] {
				keys, dbws = append(keys, p.emKey[j]), append(dbws, p.emDBW[j])
			}
		}
		start[s+1] = int32(len(keys))
		p.active[s] = start[s+1] > start[s]
		for _, vp := range p.victims {
			p.active[s] = p.active[s] || vp.key[s] >= 0
		}
	}
	p.emKey, p.emDBW, p.emStart = keys, dbws, start
	p.emW = make([]float64, len(dbws))
	for i, d := range dbws {
		p.emW[i] = dbwToW(d)
	}
	p.n0W = dbwToW(p.n0)
	for v := range p.victims {
		vp := &p.victims[v]
		vp.ownW, vp.parentW = make([]float64, len(sats)), make([]float64, len(sats))
		for s := range sats {
			if !math.IsNaN(vp.ownDBW[s]) {
				vp.ownW[s] = dbwToW(vp.ownDBW[s])
			}
			if vp.parentKey[s] >= 0 {
				vp.parentW[s] = dbwToW(vp.parentDBW[s])
			}
		}
	}
	return p, nil
}

// worstTolerance is the relative difference of total interference below
// which two victim satellites tie for the worst (the first one is taken).
const worstTolerance = 1e-12

// dbwToW converts dBW (or dB) to W (or a ratio) as the Sky does.
func dbwToW(p float64) float64 { return math.Exp(p * ln10over10) }

// addW adds a received power in W to a sky (Add without the conversion;
// the key and system are the plan's, already checked).
func (s *Sky) addW(k Key, w float64, sys ephemeris.System) {
	i := int32(int(k)*numSys + int(sys))
	if s.powW[i] == 0 {
		s.touched = append(s.touched, i)
	}
	s.powW[i] += w
}

// partsPerHz sums the sky's interference on a victim slot by part, as
// Sky.Degradation does before it takes out the victim's own instance:
// self, intra-system (including self) and inter-system, W/Hz.
func (s *Sky) partsPerHz(victim Key, vsys ephemeris.System) (self, intra, inter float64) {
	e := s.e
	vs := e.slotSig[victim]
	row := e.kappa[int(victim)*e.n : int(victim)*e.n+e.n]
	for _, i := range s.touched {
		slot := int(i) / numSys
		kap := row[slot]
		if kap == 0 {
			continue
		}
		c := s.powW[i] * kap
		if ephemeris.System(int(i)%numSys) == vsys {
			intra += c
			if e.slotSig[slot] == vs {
				self += c
			}
		} else {
			inter += c
		}
	}
	return self, intra, inter
}

// skyWork is one goroutine's scratch.
type skyWork struct {
	sky     *Sky
	visible []int32   // satellites above the mask at the epoch
	gain    []float64 // per satellite: the gain-table offset at the epoch as a factor
	// parts caches partsPerHz by victim slot within one epoch (all the
	// victim satellites of a CDMA signal share a slot): valid where
	// stamp equals now.
	parts [][3]float64
	stamp []uint64
	now   uint64
}

func (p *skyPlan) newWork() *skyWork {
	return &skyWork{sky: p.e.NewSky(), visible: make([]int32, 0, len(p.sats)), gain: make([]float64, len(p.sats)),
		parts: make([][3]float64, p.e.n), stamp: make([]uint64, p.e.n)}
}

// epoch evaluates the sky of receiver f at epoch k of eph: it fills out
// (one VictimEpoch per victim). At a site (site true) it returns the number
// of satellites above the mask and computes each victim's mean over its
// victim satellites; for a map cell it skips the satellites that neither
// interfere nor are victims, returns 0 and leaves MeanTotalDB NaN.
//
// The sums are those of Sky.Degradation (the same loop, partsPerHz), with
// the received powers converted to W once per signal (and the gain-table
// offset once per satellite) instead of once per instance, and the dB
// values computed only for the worst victim satellite (the one with the
// highest total interference; log is monotonic).
func (p *skyPlan) epoch(w *skyWork, f *lookFrame, pos *epochPositions, k int, site bool, out []VictimEpoch) int {
	ns := len(p.sats)
	px, py, pz := pos.x[k*ns:(k+1)*ns], pos.y[k*ns:(k+1)*ns], pos.z[k*ns:(k+1)*ns]
	w.sky.Reset()
	w.now++
	w.visible = w.visible[:0]
	nvis := 0
	for s := range p.sats {
		if !site && !p.active[s] {
			continue
		}
		x := px[s]
		if math.IsNaN(x) {
			continue
		}
		dE, dN, dU, d2 := f.enu(x, py[s], pz[s])
		if !p.mask.visible(dE, dN, dU, d2) {
			continue
		}
		nvis++
		if !p.active[s] {
			continue
		}
		w.visible = append(w.visible, int32(s))
		g := 1.0
		if p.gain != nil {
			g = dbwToW(p.gain.OffsetDB(elevationDeg(dE, dN, dU)))
		}
		w.gain[s] = g
		sys := p.sats[s].System
		for e := p.emStart[s]; e < p.emStart[s+1]; e++ {
			w.sky.addW(p.emKey[e], p.emW[e]*g, sys)
		}
	}
	n0 := p.n0W
	for v := range p.victims {
		vp := &p.victims[v]
		r := VictimEpoch{Worst: -1}
		var wSelf, wIntra, wInter float64
		sum := 0.0
		for _, s32 := range w.visible {
			s := int(s32)
			key := vp.key[s]
			if key < 0 {
				continue
			}
			sys := p.sats[s].System
			if w.stamp[key] != w.now {
				a, b, c := w.sky.partsPerHz(key, sys)
				w.parts[key], w.stamp[key] = [3]float64{a, b, c}, w.now
			}
			self, intra, inter := w.parts[key][0], w.parts[key][1], w.parts[key][2]
			g := w.gain[s]
			if own := vp.ownW[s]; own > 0 {
				// Take out the victim satellite's own instance.
				c := own * g * p.e.kappa[int(key)*p.e.n+int(key)]
				self, intra = math.Max(0, self-c), math.Max(0, intra-c)
			}
			if pk := vp.parentKey[s]; pk >= 0 {
				// The victim is a receiver's view of a signal its satellite
				// transmits whole (E5a of E5): that whole is the victim
				// itself, not interference, and the other satellites'
				// wholes are the victim signal's other instances (self).
				kap := p.e.kappa[int(key)*p.e.n+int(pk)]
				c := vp.parentW[s] * g * kap
				self += math.Max(0, w.sky.powW[int(pk)*numSys+int(sys)]*kap-c)
				intra = math.Max(0, intra-c)
			}
			if site {
				sum += 10 / math.Ln10 * math.Log1p((intra+inter)/n0)
			}
			// Ties within rounding (every victim satellite of a CDMA
			// signal sees the same sky when the powers are equal) go to
			// the first satellite.
			if r.Worst < 0 || intra+inter > (wIntra+wInter)*(1+worstTolerance) {
				r.Worst, wSelf, wIntra, wInter = s, self, intra, inter
			}
			r.Victims++
		}
		if r.Victims == 0 {
			nan := math.NaN()
			r.Degradation = Degradation{N0PerHz: n0, SelfDB: nan, IntraDB: nan, InterDB: nan, TotalDB: nan}
			r.MeanTotalDB = nan
		} else {
			r.Degradation = degradation(n0, wSelf, wIntra, wInter)
			r.MeanTotalDB = math.NaN()
			if site {
				r.MeanTotalDB = sum / float64(r.Victims)
			}
		}
		out[v] = r
	}
	return nvis
}

// epochPositions holds a chunk's positions epoch-major (index
// k·satellites + s), so that one receiver-epoch reads them contiguously.
type epochPositions struct{ x, y, z []float64 }

// fill transposes eph's positions.
func (e *epochPositions) fill(eph *sim.Ephemeris) {
	ns, cn := len(eph.Sats), eph.Grid.N
	e.x, e.y, e.z = resize(e.x, ns*cn), resize(e.y, ns*cn), resize(e.z, ns*cn)
	for s := 0; s < ns; s++ {
		for k := 0; k < cn; k++ {
			e.x[k*ns+s], e.y[k*ns+s], e.z[k*ns+s] = eph.X[s*cn+k], eph.Y[s*cn+k], eph.Z[s*cn+k]
		}
	}
}

// degradation makes a Degradation from its parts (W/Hz).
func degradation(n0, self, intra, inter float64) Degradation {
	db := func(i float64) float64 { return 10 / math.Ln10 * math.Log1p(i/n0) }
	return Degradation{N0PerHz: n0, SelfPerHz: self, IntraPerHz: intra, InterPerHz: inter,
		SelfDB: db(self), IntraDB: db(intra), InterDB: db(inter), TotalDB: db(intra + inter)}
}

// chunkEpochs is x's chunk length (sim.DefaultChunkEpochs for 0).
func chunkEpochs(x sim.Exec) (int, error) {
	switch {
	case x.ChunkEpochs < 0:
		return 0, fmt.Errorf("chunk of %d epochs", x.ChunkEpochs)
	case x.ChunkEpochs == 0:
		return sim.DefaultChunkEpochs, nil
	}
	return x.ChunkEpochs, nil
}

func workers(x sim.Exec) int {
	if x.Workers > 0 {
		return x.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// eachChunk fills a reused ephemeris with the positions of consecutive
// chunks of period from src, in time order, and calls fn with each (valid
// only during the call) and the index of its first epoch.
func eachChunk(ctx context.Context, src sim.Source, period orbit.EpochGrid, x sim.Exec, fn func(eph *sim.Ephemeris, k0 int) error) error {
	size, err := chunkEpochs(x)
	if err != nil {
		return err
	}
	size = min(size, period.N)
	sats := src.Satellites()
	n := len(sats) * size
	buf := &sim.Ephemeris{Sats: sats, X: make([]float64, n), Y: make([]float64, n), Z: make([]float64, n)}
	for k0 := 0; k0 < period.N; k0 += size {
		if err := ctx.Err(); err != nil {
			return err
		}
		cn := min(size, period.N-k0)
		buf.Grid = orbit.EpochGrid{Start: period.Time(k0), Step: period.Step, N: cn}
		m := len(sats) * cn
		buf.X, buf.Y, buf.Z = buf.X[:m], buf.Y[:m], buf.Z[:m]
		if err := src.Fill(ctx, buf); err != nil {
			return err
		}
		if err := buf.Validate(); err != nil {
			return fmt.Errorf("source: %w", err)
		}
		if err := fn(buf, k0); err != nil {
			return err
		}
	}
	return nil
}

// checkSky validates the arguments shared by the sky computations.
func checkSky(src sim.Source, sats []SkySat, period orbit.EpochGrid) error {
	if src == nil {
		return fmt.Errorf("nil source")
	}
	if err := period.Validate(); err != nil {
		return err
	}
	if period.N == 0 {
		return fmt.Errorf("the period has no epochs")
	}
	if n := len(src.Satellites()); n != len(sats) {
		return fmt.Errorf("%d satellite descriptions for the source's %d satellites", len(sats), n)
	}
	return nil
}

// StreamSiteDegradation computes, at every epoch of period, the C/N0
// degradation of every victim signal of m at site by the satellites of src
// above m.Mask (visibility exactly as package sim's, from the same
// positions), each transmitting the signals m.Transmit lists for its
// system at its received power. sats describes src's satellites in order
// (system, PRN, GLONASS channel).
//
// Per epoch and victim it gives the worst victim satellite's degradation
// (its own instance left out; see VictimEpoch) and the mean over the
// victim satellites. fn receives the results a chunk of x.ChunkEpochs
// epochs at a time, in time order (valid only during the call), so memory
// is O(satellites × chunk) whatever the period. The epochs of a chunk are
// split over x.Workers goroutines; results do not depend on x.
func StreamSiteDegradation(ctx context.Context, src sim.Source, sats []SkySat, period orbit.EpochGrid, site sim.Site, m SkyModel, x sim.Exec, fn func(c *SiteChunk) error) error {
	if ctx == nil {
		return fmt.Errorf("spectrum: site degradation: nil context")
	}
	if err := checkSky(src, sats, period); err != nil {
		return fmt.Errorf("spectrum: site degradation: %w", err)
	}
	if err := site.Validate(); err != nil {
		return fmt.Errorf("spectrum: site degradation: %w", err)
	}
	p, err := m.compile(sats)
	if err != nil {
		return err
	}
	if _, err := chunkEpochs(x); err != nil {
		return fmt.Errorf("spectrum: site degradation: %w", err)
	}
	f := newLookFrame(site)
	nv := len(p.victims)
	nw := workers(x)
	works := make([]*skyWork, nw)
	for i := range works {
		works[i] = p.newWork()
	}
	c := &SiteChunk{Victims: append([]string(nil), m.Victims...)}
	var pos epochPositions
	return eachChunk(ctx, src, period, x, func(eph *sim.Ephemeris, k0 int) error {
		cn := eph.Grid.N
		pos.fill(eph)
		c.Grid, c.K0 = eph.Grid, k0
		c.Visible = resize(c.Visible, cn)
		c.Epochs = resize(c.Epochs, cn*nv)
		var wg sync.WaitGroup
		for w := 0; w < nw; w++ {
			a, b := w*cn/nw, (w+1)*cn/nw
			if a == b {
				continue
			}
			wg.Add(1)
			go func(w, a, b int) {
				defer wg.Done()
				for k := a; k < b; k++ {
					c.Visible[k] = p.epoch(works[w], &f, &pos, k, true, c.Epochs[k*nv:(k+1)*nv])
				}
			}(w, a, b)
		}
		wg.Wait()
		if x.Progress != nil {
			x.Progress(k0+cn, period.N)
		}
		return fn(c)
	})
}

func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// SiteSummary summarises one victim signal's series at a site: the series
// being, per epoch, the worst victim satellite's degradation.
type SiteSummary struct {
	// Victim is the signal's name.
	Victim string
	// Epochs is the number of epochs; VictimEpochs those with at least
	// one victim satellite above the mask (the others have no value).
	Epochs, VictimEpochs int
	// MeanTotalDB, MeanIntraDB, MeanInterDB and MeanSelfDB are the time
	// means of the series over VictimEpochs (NaN with none).
	MeanTotalDB, MeanIntraDB, MeanInterDB, MeanSelfDB float64
	// WorstTotalDB is the series' maximum, at epoch WorstEpoch (index in
	// the period; the first on a tie) for satellite WorstSat (index into
	// the source's satellites), with that epoch's parts WorstIntraDB and
	// WorstInterDB. NaN and -1 with no victim epoch.
	WorstTotalDB, WorstIntraDB, WorstInterDB float64
	WorstEpoch, WorstSat                     int
	// MaxIntraDB and MaxInterDB are the maxima of each part alone.
	MaxIntraDB, MaxInterDB float64
}

// SiteStats accumulates the chunks of StreamSiteDegradation of one site
// into per-victim summaries. The zero value is ready to use.
type SiteStats struct {
	sums []siteSums
}

type siteSums struct {
	name                     string
	epochs, victimEpochs     int
	total, intra, inter, sel float64
	worst                    VictimEpoch
	worstEpoch               int
	maxIntra, maxInter       float64
}

// Add adds the epochs of c, which must follow those added before and have
// the same victims.
func (a *SiteStats) Add(c *SiteChunk) error {
	nv := len(c.Victims)
	if a.sums == nil {
		a.sums = make([]siteSums, nv)
		for v, name := range c.Victims {
			a.sums[v] = siteSums{name: name, worstEpoch: -1, worst: VictimEpoch{Worst: -1}}
		}
	}
	if len(a.sums) != nv {
		return fmt.Errorf("spectrum: site stats: %d victims, %d before", nv, len(a.sums))
	}
	for v := range a.sums {
		s := &a.sums[v]
		if s.name != c.Victims[v] {
			return fmt.Errorf("spectrum: site stats: victim %d is %s, %s before", v, c.Victims[v], s.name)
		}
		if s.epochs != c.K0 {
			return fmt.Errorf("spectrum: site stats: chunk starts at epoch %d, %d epochs added", c.K0, s.epochs)
		}
		for k := 0; k < c.Grid.N; k++ {
			r := c.At(k, v)
			s.epochs++
			if r.Victims == 0 {
				continue
			}
			s.victimEpochs++
			s.total += r.TotalDB
			s.intra += r.IntraDB
			s.inter += r.InterDB
			s.sel += r.SelfDB
			if s.worstEpoch < 0 || r.TotalDB > s.worst.TotalDB {
				s.worst, s.worstEpoch = r, c.K0+k
			}
			if s.victimEpochs == 1 {
				s.maxIntra, s.maxInter = r.IntraDB, r.InterDB
			} else {
				s.maxIntra, s.maxInter = math.Max(s.maxIntra, r.IntraDB), math.Max(s.maxInter, r.InterDB)
			}
		}
	}
	return nil
}

// Summaries returns one summary per victim, in SkyModel order.
func (a *SiteStats) Summaries() []SiteSummary {
	out := make([]SiteSummary, len(a.sums))
	nan := math.NaN()
	for v, s := range a.sums {
		o := SiteSummary{Victim: s.name, Epochs: s.epochs, VictimEpochs: s.victimEpochs, WorstEpoch: -1, WorstSat: -1,
			MeanTotalDB: nan, MeanIntraDB: nan, MeanInterDB: nan, MeanSelfDB: nan,
			WorstTotalDB: nan, WorstIntraDB: nan, WorstInterDB: nan, MaxIntraDB: nan, MaxInterDB: nan}
		if n := float64(s.victimEpochs); n > 0 {
			o.MeanTotalDB, o.MeanIntraDB, o.MeanInterDB, o.MeanSelfDB = s.total/n, s.intra/n, s.inter/n, s.sel/n
			o.WorstTotalDB, o.WorstIntraDB, o.WorstInterDB = s.worst.TotalDB, s.worst.IntraDB, s.worst.InterDB
			o.WorstEpoch, o.WorstSat = s.worstEpoch, s.worst.Worst
			o.MaxIntraDB, o.MaxInterDB = s.maxIntra, s.maxInter
		}
		out[v] = o
	}
	return out
}

// DegradationMap is the degradation of one victim signal over the cells of
// a grid: per cell, statistics of the series of the worst victim
// satellite's degradation over the epochs of the period. Slices are
// indexed by cell, row-major from the south-west corner (as sim's
// CoverageMap).
type DegradationMap struct {
	Grid       sim.GridSpec
	NLat, NLon int
	LatDeg     []float64 // row centres, degrees
	LonDeg     []float64 // column centres, degrees east
	Victim     string    // the victim signal's name
	Epochs     int       // epochs of the period
	// VictimEpochs counts the epochs with a victim satellite above the mask.
	VictimEpochs []int
	// MeanTotalDB, MeanIntraDB, MeanInterDB and MeanSelfDB are time means
	// over VictimEpochs; WorstTotalDB the maximum (NaN with no victim epoch).
	MeanTotalDB, WorstTotalDB, MeanIntraDB, MeanInterDB, MeanSelfDB []float64
}

// MapDegradation computes the degradation of the single victim of m
// (len(m.Victims) must be 1) at every cell centre of grid (height 0 on the
// ellipsoid) and every epoch of period, as StreamSiteDegradation does at a
// site, and keeps per cell the time mean of each part and the worst
// total. Positions come from src a chunk at a time: memory is
// O(satellites × chunk + cells). Cells are split over x.Workers
// goroutines, each cell's epochs summed in time order by one of them:
// results are bit-identical for any number of workers and chunk length.
func MapDegradation(ctx context.Context, src sim.Source, sats []SkySat, period orbit.EpochGrid, grid sim.GridSpec, m SkyModel, x sim.Exec) (*DegradationMap, error) {
	if ctx == nil {
		return nil, fmt.Errorf("spectrum: map degradation: nil context")
	}
	if err := checkSky(src, sats, period); err != nil {
		return nil, fmt.Errorf("spectrum: map degradation: %w", err)
	}
	if err := grid.Validate(); err != nil {
		return nil, fmt.Errorf("spectrum: map degradation: %w", err)
	}
	if len(m.Victims) != 1 {
		return nil, fmt.Errorf("spectrum: map degradation: want one victim signal, got %d", len(m.Victims))
	}
	p, err := m.compile(sats)
	if err != nil {
		return nil, err
	}
	if _, err := chunkEpochs(x); err != nil {
		return nil, fmt.Errorf("spectrum: map degradation: %w", err)
	}
	nLat, nLon := grid.Dims()
	cells := nLat * nLon
	dm := &DegradationMap{Grid: grid, NLat: nLat, NLon: nLon, LatDeg: make([]float64, nLat), LonDeg: make([]float64, nLon),
		Victim: m.Victims[0], Epochs: period.N, VictimEpochs: make([]int, cells),
		MeanTotalDB: make([]float64, cells), WorstTotalDB: make([]float64, cells),
		MeanIntraDB: make([]float64, cells), MeanInterDB: make([]float64, cells), MeanSelfDB: make([]float64, cells)}
	for i := range dm.LatDeg {
		dm.LatDeg[i] = grid.LatCentreDeg(i)
	}
	for j := range dm.LonDeg {
		dm.LonDeg[j] = grid.LonCentreDeg(j)
	}
	frames := make([]lookFrame, cells)
	for c := range frames {
		frames[c] = newLookFrame(sim.Site{LatDeg: dm.LatDeg[c/nLon], LonDeg: dm.LonDeg[c%nLon]})
	}
	for c := range dm.WorstTotalDB {
		dm.WorstTotalDB[c] = math.Inf(-1)
	}
	nw := min(workers(x), cells)
	works := make([]*skyWork, nw)
	for i := range works {
		works[i] = p.newWork()
	}
	errs := make([]error, nw)
	var pos epochPositions
	err = eachChunk(ctx, src, period, x, func(eph *sim.Ephemeris, k0 int) error {
		pos.fill(eph)
		var wg sync.WaitGroup
		for w := 0; w < nw; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				var out [1]VictimEpoch
				for c := w * cells / nw; c < (w+1)*cells/nw; c++ {
					if c%64 == 0 && ctx.Err() != nil {
						errs[w] = ctx.Err()
						return
					}
					for k := 0; k < eph.Grid.N; k++ {
						p.epoch(works[w], &frames[c], &pos, k, false, out[:])
						r := &out[0]
						if r.Victims == 0 {
							continue
						}
						dm.VictimEpochs[c]++
						dm.MeanTotalDB[c] += r.TotalDB
						dm.MeanIntraDB[c] += r.IntraDB
						dm.MeanInterDB[c] += r.InterDB
						dm.MeanSelfDB[c] += r.SelfDB
						dm.WorstTotalDB[c] = math.Max(dm.WorstTotalDB[c], r.TotalDB)
					}
				}
			}(w)
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				return err
			}
		}
		if x.Progress != nil {
			x.Progress(k0+eph.Grid.N, period.N)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("spectrum: map degradation: %w", err)
	}
	for c := range dm.VictimEpochs {
		n := float64(dm.VictimEpochs[c])
		if n == 0 {
			nan := math.NaN()
			dm.MeanTotalDB[c], dm.MeanIntraDB[c], dm.MeanInterDB[c], dm.MeanSelfDB[c], dm.WorstTotalDB[c] = nan, nan, nan, nan, nan
			continue
		}
		dm.MeanTotalDB[c] /= n
		dm.MeanIntraDB[c] /= n
		dm.MeanInterDB[c] /= n
		dm.MeanSelfDB[c] /= n
	}
	return dm, nil
}

// SkyCost estimates a sky computation for nSats satellites, nReceivers
// sites or cells, nEpochs epochs and nVictims victim signals: the chunk of
// positions, a chunk of per-epoch results and the per-receiver
// accumulators (memory), receivers × epochs (work), and the satellite
// positions to compute.
func SkyCost(nSats, nReceivers, nEpochs, nVictims int, x sim.Exec) sim.Cost {
	c, err := chunkEpochs(x)
	if err != nil {
		c = sim.DefaultChunkEpochs
	}
	chunk := int64(min(c, nEpochs))
	bytes := int64(nSats)*chunk*24 + chunk*int64(nVictims)*int64(unsafe.Sizeof(VictimEpoch{})) +
		int64(nReceivers)*(int64(unsafe.Sizeof(lookFrame{}))+6*8)
	return sim.Cost{Bytes: bytes, ReceiverEpochs: float64(nReceivers) * float64(nEpochs), SatelliteEpochs: float64(nSats) * float64(nEpochs)}
}
