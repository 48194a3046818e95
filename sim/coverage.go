package sim

import (
	"context"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
)

// PDOP histogram of CoverageStats: PDOPHistBins bins, bin i covering
// [PDOPBinEdges(i)): width 0.01 from 0 to 100, width 1 from 100 to 10000,
// and a last bin for every PDOP ≥ 10000.
const PDOPHistBins = 10000 + 9900 + 1

// PDOPBinEdges returns the PDOP range [lo, hi) of histogram bin i (hi is
// +Inf for the last bin).
func PDOPBinEdges(i int) (lo, hi float64) {
	switch {
	case i < 10000:
		return float64(i) / 100, float64(i+1) / 100
	case i < PDOPHistBins-1:
		return float64(i - 9900), float64(i - 9899)
	}
	return 10000, math.Inf(1)
}

// pdopBin returns the histogram bin of an available PDOP p ≥ 0.
func pdopBin(p float64) int {
	switch {
	case p < 100:
		return max(0, int(p*100))
	case p < 10000:
		return 9900 + int(p)
	}
	return PDOPHistBins - 1
}

// CoverageStats are per-cell statistics over the epochs of the period for one
// set of systems. Slices are indexed by cell, row-major from the south-west
// corner (lat ascending, then lon ascending).
type CoverageStats struct {
	Name         string    // variant name, e.g. "glonass+beidou"
	MeanVisible  []float64 // mean number of visible satellites over all epochs
	MinVisible   []int     // minimum number of visible satellites
	MaxVisible   []int     // maximum number of visible satellites
	MeanPDOP     []float64 // mean PDOP over the epochs where it is available; NaN if never
	MaxPDOP      []float64 // maximum PDOP over the epochs where it is available; NaN if never
	Availability []float64 // fraction of all epochs with PDOP available and ≤ PDOPMax
	PDOPEpochs   []int     // number of epochs with PDOP available
	// PDOPHistogram counts the available PDOP values of all cells and epochs
	// in PDOPHistBins bins (see PDOPBinEdges); used for regional percentiles.
	PDOPHistogram []int64
}

// CoverageMap holds coverage statistics on a grid for the combination of
// Systems (embedded CoverageStats) and, with Options.PerSystem, for each
// system alone.
type CoverageMap struct {
	Grid       GridSpec           // the grid (for CoverageRows, the rows computed)
	NLat, NLon int                // rows and columns
	LatDeg     []float64          // latitude of the centre of each row, degrees
	LonDeg     []float64          // longitude of the centre of each column, degrees east
	Systems    []ephemeris.System // selected systems, in the user's order
	Clock      ClockModel         // clock model of the combination
	ISBSigmaM  float64            // σ of the inter-system-bias prior (ClockISBPrior), else 0
	Weighting  Weighting          // weighting
	PDOPMax    float64            // availability threshold
	Epochs     int                // number of epochs of the period
	CoverageStats
	// PerSystem holds, with Options.PerSystem, the statistics of each of
	// Systems alone, in the same order; nil otherwise.
	PerSystem []CoverageStats
}

// CoverageOptions are the options of Coverage.
type CoverageOptions struct {
	Exec
	// PerSystem makes Coverage also evaluate each system alone (in the same
	// pass over satellites).
	PerSystem bool
	// RowStart and RowEnd restrict the computation to rows [RowStart,
	// RowEnd) of the grid (a shard; see CoverageShard); RowEnd 0 means every
	// row. The values are bit-identical to the same rows of a full run.
	RowStart, RowEnd int
}

// Coverage computes coverage statistics of the combination of m.Systems
// (and with opt.PerSystem of each alone) over every cell of grid (or the rows
// opt.RowStart to opt.RowEnd) and every epoch of period. It streams over
// epochs, the positions coming from src a chunk at a time: memory is
// O(cells + satellites × chunk) whatever the length of the period. The rows
// of the grid are split into opt.Workers contiguous blocks; results are
// bit-identical for any number of workers, any chunk length and any split of
// the grid into row blocks. Cancelling ctx stops the work between epochs and
// returns ctx.Err().
func Coverage(ctx context.Context, src Source, period orbit.EpochGrid, grid GridSpec, m Model, opt CoverageOptions) (*CoverageMap, error) {
	return coverage(ctx, src, period, grid, m, opt, false)
}

// Angular margins of the visibility cap (see capAngle).
const (
	// normalTiltDeg bounds the angle between the WGS-84 ellipsoid normal and
	// the geocentric radius at the surface: max |φ − φ_geocentric| = 0.1924°
	// at 45° latitude.
	normalTiltDeg = 0.2
	// capMarginRad is added to the cap's Earth central angle to absorb
	// rounding (1e-16 relative) in the row/column bounds: 0.01°.
	capMarginRad = 0.01 * deg
)

// capAngle returns a conservative Earth central angle (radians) around the
// sub-satellite direction of a satellite at geocentric radius rKm outside
// which no point of the ellipsoid surface (height 0) sees it above
// minMaskDeg. With the receiver at geocentric radius ρ and geocentric
// elevation ε, the central angle is γ = arccos(ρ cos ε / r) − ε, decreasing in
// ε and in ρ; the geodetic elevation exceeds the geocentric one by at most
// normalTiltDeg, and ρ ≥ WGS84B.
func capAngle(rKm, minMaskDeg float64) float64 {
	m := (minMaskDeg - normalTiltDeg) * deg
	k := orbit.WGS84B * math.Cos(m) / rKm
	if !(k < 1) {
		return math.Pi
	}
	return math.Min(math.Pi, math.Acos(k)-m+capMarginRad)
}

// rowGeom is the geometry of one latitude row of cell centres (height 0).
type rowGeom struct {
	sl, cl   float64 // sin, cos of geodetic latitude
	rcl, zr  float64 // ECEF distance from the polar axis and z, km
	sgc, cgc float64 // sin, cos of geocentric latitude
}

// satEpoch is one satellite at one epoch, prepared for the cap test.
type satEpoch struct {
	x, y, z    float64 // ECEF, km
	slot       int
	sLat, cLat float64 // sin, cos of geocentric latitude
	lonDeg     float64 // geocentric longitude, degrees
	cosCap     float64 // cos of the cap central angle
	fullCap    bool    // the cap covers the whole sphere
}

// cellStats accumulates one layer's per-cell statistics over epochs.
type cellStats struct {
	sumVis         []int64
	minVis, maxVis []int32
	sumP, maxP     []float64
	nP, nAvail     []int32
}

func newCellStats(n int) cellStats {
	s := cellStats{
		sumVis: make([]int64, n), minVis: make([]int32, n), maxVis: make([]int32, n),
		sumP: make([]float64, n), maxP: make([]float64, n), nP: make([]int32, n), nAvail: make([]int32, n),
	}
	for i := range s.minVis {
		s.minVis[i] = math.MaxInt32
		s.maxP[i] = math.Inf(-1)
	}
	return s
}

// add records one epoch of cell i: nVis visible satellites and PDOP p (NaN if unavailable).
func (s *cellStats) add(i int, nVis int32, p, pdopMax float64, hist []int64) {
	s.sumVis[i] += int64(nVis)
	if nVis < s.minVis[i] {
		s.minVis[i] = nVis
	}
	if nVis > s.maxVis[i] {
		s.maxVis[i] = nVis
	}
	if p == p { // available
		s.sumP[i] += p
		s.nP[i]++
		if p > s.maxP[i] {
			s.maxP[i] = p
		}
		if p <= pdopMax {
			s.nAvail[i]++
		}
		hist[pdopBin(p)]++
	}
}

// covEngine is one coverage computation.
type covEngine struct {
	c              *config
	grid           GridSpec // rows computed
	nLat, nLon     int
	cellDeg        float64
	period         int       // columns in 360°
	lon0Deg        float64   // centre of column 0
	stride         int       // nLon rounded up to a multiple of 4
	cosLon, sinLon []float64 // per column (stride, NaN padding)
	rows           []rowGeom
	slots          []int8 // per satellite
	nslot          int
	perSystem      bool
	weighted       bool
	bruteForce     bool // test hook: visit every cell for every satellite
	stats          []cellStats
	rowsDone       atomic.Int64
}

func coverage(ctx context.Context, src Source, period orbit.EpochGrid, full GridSpec, model Model, opt CoverageOptions, brute bool) (*CoverageMap, error) {
	if ctx == nil {
		panic("sim: nil context")
	}
	if err := full.Validate(); err != nil {
		return nil, fmt.Errorf("coverage: %w", err)
	}
	r0, r1 := opt.RowStart, opt.RowEnd
	if r1 == 0 && r0 == 0 {
		r1, _ = full.Dims()
	}
	grid, err := full.Rows(r0, r1)
	if err != nil {
		return nil, fmt.Errorf("coverage: %w", err)
	}
	workers, err := opt.workers()
	if err != nil {
		return nil, fmt.Errorf("coverage: %w", err)
	}
	ch, err := newChunker(src, period, opt.Exec)
	if err != nil {
		return nil, fmt.Errorf("coverage: %w", err)
	}
	c, err := model.config(ch.sats)
	if err != nil {
		return nil, fmt.Errorf("coverage: %w", err)
	}
	e := &covEngine{c: c, grid: grid, cellDeg: grid.CellDeg, perSystem: opt.PerSystem,
		weighted: c.weighting == WeightElevation, bruteForce: brute, nslot: len(c.systems)}
	e.nLat, e.nLon = grid.Dims()
	e.period, _ = gridIndex(360, grid.CellDeg)
	e.lon0Deg = grid.LonCentreDeg(0)
	m := &CoverageMap{Grid: grid, NLat: e.nLat, NLon: e.nLon, Systems: append([]ephemeris.System(nil), c.systems...),
		Clock: c.clock, ISBSigmaM: c.isbSigmaM, Weighting: c.weighting, PDOPMax: c.pdopMax, Epochs: period.N}
	m.LatDeg = make([]float64, e.nLat)
	m.LonDeg = make([]float64, e.nLon)
	e.rows = make([]rowGeom, e.nLat)
	for i := range e.rows {
		m.LatDeg[i] = grid.LatCentreDeg(i)
		lat := m.LatDeg[i] * deg
		r := orbit.GeodeticToECEF(lat, 0, 0)
		rho := math.Hypot(r[0], r[2])
		sl, cl := math.Sincos(lat)
		e.rows[i] = rowGeom{sl: sl, cl: cl, rcl: r[0], zr: r[2], sgc: r[2] / rho, cgc: r[0] / rho}
	}
	// Rows are padded to a multiple of 4 columns; padding longitudes are
	// NaN, so that no satellite is ever visible there.
	e.stride = (e.nLon + 3) &^ 3
	e.cosLon = make([]float64, e.stride)
	e.sinLon = make([]float64, e.stride)
	for j := range e.cosLon {
		if j >= e.nLon {
			e.sinLon[j], e.cosLon[j] = math.NaN(), math.NaN()
			continue
		}
		m.LonDeg[j] = grid.LonCentreDeg(j)
		e.sinLon[j], e.cosLon[j] = math.Sincos(m.LonDeg[j] * deg)
	}
	e.slots = c.satSlots(ch.sats)
	nLayers := 1
	if e.perSystem {
		nLayers += e.nslot
	}
	cells := e.nLat * e.nLon
	e.stats = make([]cellStats, nLayers)
	for l := range e.stats {
		e.stats[l] = newCellStats(cells)
	}

	workers = min(workers, e.nLat)
	hists := make([][]int64, workers*nLayers)
	for i := range hists {
		hists[i] = make([]int64, PDOPHistBins)
	}
	scratch := make([]*covWorker, workers)
	for w := range scratch {
		scratch[w] = e.newWorker(len(ch.sats))
	}
	N := period.N
	prog := newProgressTicker(opt.Progress, N)
	err = ch.each(ctx, func(eph *Ephemeris, k0 int) error {
		e.rowsDone.Store(0)
		errs := make([]error, workers)
		var wg sync.WaitGroup
		for w := 0; w < workers; w++ {
			a, b := w*e.nLat/workers, (w+1)*e.nLat/workers
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[w] = e.work(ctx, eph, a, b, scratch[w], hists[w*nLayers:][:nLayers])
			}()
		}
		done := make(chan struct{})
		go func() { wg.Wait(); close(done) }()
		if opt.Progress != nil {
			tick := time.NewTicker(100 * time.Millisecond)
		wait:
			for {
				select {
				case <-done:
					break wait
				case <-tick.C:
					prog.set(k0 + int(e.rowsDone.Load()/int64(e.nLat)))
				}
			}
			tick.Stop()
		} else {
			<-done
		}
		for _, err := range errs {
			if err != nil {
				return err
			}
		}
		prog.set(k0 + eph.Grid.N)
		return nil
	})
	if err != nil {
		return nil, err
	}

	names := make([]string, 0, nLayers)
	names = append(names, c.variants[len(c.variants)-1].Name)
	for s := 0; s < e.nslot && e.perSystem; s++ {
		names = append(names, c.variants[s].Name)
	}
	for l := 0; l < nLayers; l++ {
		st := e.finish(l, N)
		st.Name = names[l]
		st.PDOPHistogram = make([]int64, PDOPHistBins)
		for w := 0; w < workers; w++ {
			for i, v := range hists[w*nLayers+l] {
				st.PDOPHistogram[i] += v
			}
		}
		if l == 0 {
			m.CoverageStats = st
		} else {
			m.PerSystem = append(m.PerSystem, st)
		}
	}
	return m, nil
}

// finish converts the sums of layer l into statistics.
func (e *covEngine) finish(l, nEpochs int) CoverageStats {
	s := &e.stats[l]
	n := len(s.sumVis)
	st := CoverageStats{
		MeanVisible: make([]float64, n), MinVisible: make([]int, n), MaxVisible: make([]int, n),
		MeanPDOP: make([]float64, n), MaxPDOP: make([]float64, n), Availability: make([]float64, n), PDOPEpochs: make([]int, n),
	}
	fN := float64(nEpochs)
	for i := 0; i < n; i++ {
		st.MeanVisible[i] = float64(s.sumVis[i]) / fN
		st.MinVisible[i] = int(s.minVis[i])
		st.MaxVisible[i] = int(s.maxVis[i])
		st.PDOPEpochs[i] = int(s.nP[i])
		if s.nP[i] > 0 {
			st.MeanPDOP[i] = s.sumP[i] / float64(s.nP[i])
			st.MaxPDOP[i] = s.maxP[i]
		} else {
			st.MeanPDOP[i], st.MaxPDOP[i] = math.NaN(), math.NaN()
		}
		st.Availability[i] = float64(s.nAvail[i]) / fN
	}
	return st
}

// accLen is the number of per-cell accumulator arrays of one slot in a row:
// the unique entries of A = Σ w e eᵀ (EE, EN, EU, NN, NU, UU), b = Σ w e
// (E, N, U), c = Σ w and the count n. A row's accumulators are
// struct-of-arrays: array k of slot s starts at (s*accLen + k)*stride.
const (
	accLen = 11
	accC   = 9
	accN   = 10
)

// covWorker is the scratch memory of one worker, kept across chunks.
type covWorker struct {
	acc  []float64
	sc   *rowScratch
	sats []satEpoch
}

func (e *covEngine) newWorker(nSats int) *covWorker {
	return &covWorker{acc: make([]float64, e.nslot*accLen*e.stride), sc: e.newRowScratch(len(e.stats)), sats: make([]satEpoch, 0, nSats)}
}

// work computes rows [a, b) for every epoch of the chunk eph. It does not
// allocate.
func (e *covEngine) work(ctx context.Context, eph *Ephemeris, a, b int, wk *covWorker, hists [][]int64) error {
	N := eph.Grid.N
	stride := e.stride
	acc, sc, sats := wk.acc, wk.sc, wk.sats[:0]
	minMask := e.c.mt.minDeg
	for k := 0; k < N; k++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		sats = sats[:0]
		for s, slot := range e.slots {
			if slot < 0 {
				continue
			}
			i := s*N + k
			x, y, z := eph.X[i], eph.Y[i], eph.Z[i]
			if math.IsNaN(x) {
				continue
			}
			p := math.Hypot(x, y)
			r := math.Hypot(p, z)
			lam := capAngle(r, minMask)
			sats = append(sats, satEpoch{x: x, y: y, z: z, slot: int(slot), sLat: z / r, cLat: p / r,
				lonDeg: math.Atan2(y, x) / deg, cosCap: math.Cos(lam), fullCap: lam >= math.Pi})
		}
		for i := a; i < b; i++ {
			clear(acc)
			g := &e.rows[i]
			for si := range sats {
				e.visitRow(acc, stride, g, &sats[si])
			}
			e.solveRow(acc, stride, i, sc, hists)
		}
		e.rowsDone.Add(int64(b - a))
	}
	return nil
}

// visitRow accumulates satellite s into the cells of row g inside its cap.
// The column ranges are widened to blocks of 4 (into padding columns at the
// end of the row, whose NaN longitudes are never visible): cells outside the
// cap get the exact visibility test too and are rejected by it, so the
// widening changes no bit and only keeps the vector kernel busy.
func (e *covEngine) visitRow(acc []float64, stride int, g *rowGeom, s *satEpoch) {
	nLon := e.nLon
	slotAcc := acc[s.slot*accLen*stride:][:accLen*stride]
	if e.bruteForce || s.fullCap {
		e.kernel(slotAcc, stride, 0, stride, g, s)
		return
	}
	// Central angle γ between the cell and sub-satellite directions:
	// cos γ = sinφc sinφs + cosφc cosφs cosΔλ ≥ cos Λ inside the cap.
	if g.sgc*s.sLat+g.cgc*s.cLat < s.cosCap { // even Δλ = 0 is outside
		return
	}
	den := g.cgc * s.cLat
	if den < 1e-12 {
		e.kernel(slotAcc, stride, 0, stride, g, s)
		return
	}
	t := (s.cosCap - g.sgc*s.sLat) / den
	if t <= -1 {
		e.kernel(slotAcc, stride, 0, stride, g, s)
		return
	}
	if t >= 1 {
		t = 1
	}
	dl := acosUpper(t) / deg
	x := math.Mod(s.lonDeg-e.lon0Deg, 360)
	if x < 0 {
		x += 360
	}
	jlo := int(math.Ceil((x - dl) / e.cellDeg))
	jhi := int(math.Floor((x + dl) / e.cellDeg)) // inclusive
	if jhi-jlo+1 >= e.period {
		e.kernel(slotAcc, stride, 0, stride, g, s)
		return
	}
	// The interval [jlo, jhi] is shorter than a period, so its copies
	// shifted by ±period are disjoint: at most two pieces in [0, nLon), in
	// increasing order.
	var pieces [3][2]int
	np := 0
	for _, shift := range [3]int{-e.period, 0, e.period} {
		lo, hi := max(jlo+shift, 0), min(jhi+shift, nLon-1)
		if lo <= hi {
			pieces[np] = [2]int{lo, hi + 1}
			np++
		}
	}
	for i := 1; i < np; i++ {
		if pieces[i][0]-pieces[i-1][1] < 8 { // widened pieces could overlap
			e.kernel(slotAcc, stride, 0, stride, g, s)
			return
		}
	}
	for _, p := range pieces[:np] {
		e.kernel(slotAcc, stride, p[0]&^3, (p[1]+3)&^3, g, s)
	}
}

// acosUpper returns an upper bound of acos(t) (radians) for t in [-1, 1],
// within 2e-4 rad of it: the polynomial of Abramowitz & Stegun 4.4.45,
// acos(x) = √(1−x)·(a0 + a1x + a2x² + a3x³) + ε, |ε| ≤ 5e-5 for 0 ≤ x ≤ 1,
// plus a margin of 1e-4 rad (rounding included); acos(−x) = π − acos(x). It
// only widens the cap ranges, which the exact test then narrows.
func acosUpper(t float64) float64 {
	const a0, a1, a2, a3 = 1.5707288, -0.2121144, 0.0742610, -0.0187293
	const margin = 1e-4
	x := math.Abs(t)
	r := math.Sqrt(1-x) * (a0 + x*(a1+x*(a2+x*a3)))
	if t < 0 {
		return math.Pi - r + margin
	}
	return r + margin
}

// kernel accumulates satellite s into cells [lo, hi) of row g.
func (e *covEngine) kernel(slotAcc []float64, stride, lo, hi int, g *rowGeom, s *satEpoch) {
	dz := s.z - g.zr
	k := kconst{sx: s.x, sy: s.y, rcl: g.rcl, cl: g.cl, sl: g.sl, sldz: g.sl * dz, cldz: g.cl * dz, dz2: dz * dz, s2: e.c.mt.s2min, one: 1}
	if !e.weighted && !e.c.mt.azimuth {
		kernelPlain(slotAcc, stride, e.cosLon, e.sinLon, lo, hi, &k)
		return
	}
	kernelGeneral(slotAcc, stride, e.cosLon, e.sinLon, lo, hi, &k, &e.c.mt, e.weighted)
}

// recip[n] = 1/n, to spare a division per cell and system.
var recip = func() (r [128]float64) {
	for n := 1; n < len(r); n++ {
		r[n] = 1 / float64(n)
	}
	return r
}()

// rowScratch is a worker's per-row buffers for the solve: per layer, the 6
// arrays of the unique entries of S, the PDOP and the visible count.
type rowScratch struct {
	S      []float64 // layer l, entry k, column j at (l*6 + k)*stride + j
	pdop   []float64 // layer l, column j at l*stride + j
	nVis   []int32   // layer l, column j at l*stride + j
	enough []bool    // enough satellites for the unknowns (layer l, column j)
	nClk   []int32   // combination: systems with ≥ 1 visible satellite
	bsum   []float64 // combination, common clock: Σb (3 arrays) and Σc
}

func (e *covEngine) newRowScratch(layers int) *rowScratch {
	return &rowScratch{
		S:      make([]float64, layers*6*e.stride),
		pdop:   make([]float64, layers*e.stride),
		nVis:   make([]int32, layers*e.stride),
		enough: make([]bool, layers*e.stride),
		nClk:   make([]int32, e.stride),
		bsum:   make([]float64, 4*e.stride),
	}
}

// solveRow computes the PDOP of every layer for every cell of row i from
// the accumulators and records the epoch in the statistics: S per cell and
// layer (layer 0 the combination, 1+s slot s alone), then the 3×3
// inversions for the whole row (pdopRow), then the statistics.
func (e *covEngine) solveRow(acc []float64, stride, i int, sc *rowScratch, hists [][]int64) {
	nLon := e.nLon
	common := e.c.clock == ClockCommon
	// ISB prior: the first slot with satellites is the reference r, every
	// other slot k adds A_k − b_k b_kᵀ/(c_k+p) to S and b_k·p/(c_k+p),
	// c_k·p/(c_k+p) to the sums that are then eliminated as for a common
	// clock (Accumulator.SolveISB).
	prior := e.c.clock == ClockISBPrior
	pw := e.c.isbWeight
	shared := common || prior // the b and c sums are used
	layers := len(e.stats)
	// Combination: per-system S = Σ_s (A_s − b_s b_sᵀ/c_s) over slots with
	// n_s ≥ 2, or common S = ΣA − (Σb)(Σb)ᵀ/Σc. Summed slot by slot (the
	// user's order) into the layer-0 arrays; b and c sums (common clock) in
	// layer 1's arrays when there is no per-system layer, else in extra
	// local arrays.
	S := sc.S
	S0, S1, S2 := S[0:nLon], S[stride:][:nLon], S[2*stride:][:nLon]
	S3, S4, S5 := S[3*stride:][:nLon], S[4*stride:][:nLon], S[5*stride:][:nLon]
	nv, nc := sc.nVis[:nLon], sc.nClk[:nLon]
	clear(S0)
	clear(S1)
	clear(S2)
	clear(S3)
	clear(S4)
	clear(S5)
	clear(nv)
	clear(nc)
	sb0, sb1, sb2, sc0 := sc.bsum[0:nLon], sc.bsum[stride:][:nLon], sc.bsum[2*stride:][:nLon], sc.bsum[3*stride:][:nLon]
	if shared {
		clear(sb0)
		clear(sb1)
		clear(sb2)
		clear(sc0)
	}
	for s := 0; s < e.nslot; s++ {
		blk := acc[s*accLen*stride:][:accLen*stride]
		A0, A1, A2 := blk[0:nLon], blk[stride:][:nLon], blk[2*stride:][:nLon]
		A3, A4, A5 := blk[3*stride:][:nLon], blk[4*stride:][:nLon], blk[5*stride:][:nLon]
		B0, B1, B2 := blk[6*stride:][:nLon], blk[7*stride:][:nLon], blk[8*stride:][:nLon]
		C, Nn := blk[accC*stride:][:nLon], blk[accN*stride:][:nLon]
		var T []float64
		var tv []int32
		var te []bool
		if e.perSystem {
			T = S[(1+s)*6*stride:][:6*stride]
			tv = sc.nVis[(1+s)*stride:][:nLon]
			te = sc.enough[(1+s)*stride:][:nLon]
		}
		for j := 0; j < nLon; j++ {
			nf := Nn[j]
			n := int32(nf)
			if e.perSystem {
				tv[j] = n
				te[j] = n >= 4
			}
			if n == 0 {
				continue
			}
			nv[j] += n
			nc[j]++
			c := nf
			var ic float64
			if e.weighted {
				c = C[j]
				ic = 1 / c
			} else if int(n) < len(recip) {
				ic = recip[n] // = 1/c bit for bit
			} else {
				ic = 1 / c
			}
			if prior {
				if nc[j] == 1 { // the reference slot of this cell
					S0[j] += A0[j]
					S1[j] += A1[j]
					S2[j] += A2[j]
					S3[j] += A3[j]
					S4[j] += A4[j]
					S5[j] += A5[j]
					sb0[j] += B0[j]
					sb1[j] += B1[j]
					sb2[j] += B2[j]
					sc0[j] += c
				} else {
					b0, b1, b2 := B0[j], B1[j], B2[j]
					id := 1 / (c + pw)
					f := float64(pw * id)
					S0[j] += A0[j] - float64(float64(b0*b0)*id)
					S1[j] += A1[j] - float64(float64(b0*b1)*id)
					S2[j] += A2[j] - float64(float64(b0*b2)*id)
					S3[j] += A3[j] - float64(float64(b1*b1)*id)
					S4[j] += A4[j] - float64(float64(b1*b2)*id)
					S5[j] += A5[j] - float64(float64(b2*b2)*id)
					sb0[j] += float64(b0 * f)
					sb1[j] += float64(b1 * f)
					sb2[j] += float64(b2 * f)
					sc0[j] += float64(c * f)
				}
				if !e.perSystem {
					continue
				}
			}
			if common {
				S0[j] += A0[j]
				S1[j] += A1[j]
				S2[j] += A2[j]
				S3[j] += A3[j]
				S4[j] += A4[j]
				S5[j] += A5[j]
				sb0[j] += B0[j]
				sb1[j] += B1[j]
				sb2[j] += B2[j]
				sc0[j] += c
				if !e.perSystem {
					continue
				}
			}
			// float64(...): no fused multiply-add, the same bits at every GOAMD64 level.
			b0, b1, b2 := B0[j], B1[j], B2[j]
			g0, g1, g2 := b0*ic, b1*ic, b2*ic
			T0, T1, T2 := A0[j]-float64(b0*g0), A1[j]-float64(b0*g1), A2[j]-float64(b0*g2)
			T3, T4, T5 := A3[j]-float64(b1*g1), A4[j]-float64(b1*g2), A5[j]-float64(b2*g2)
			if e.perSystem {
				T[j], T[stride+j], T[2*stride+j], T[3*stride+j], T[4*stride+j], T[5*stride+j] = T0, T1, T2, T3, T4, T5
			}
			if !shared && n >= 2 {
				S0[j] += T0
				S1[j] += T1
				S2[j] += T2
				S3[j] += T3
				S4[j] += T4
				S5[j] += T5
			}
		}
	}
	en := sc.enough[:nLon]
	for j := 0; j < nLon; j++ {
		if shared {
			en[j] = nv[j] >= 4
			if csum := sc0[j]; csum > 0 {
				ic := 1 / csum
				b0, b1, b2 := sb0[j], sb1[j], sb2[j]
				g0, g1, g2 := b0*ic, b1*ic, b2*ic
				S0[j] -= float64(b0 * g0)
				S1[j] -= float64(b0 * g1)
				S2[j] -= float64(b0 * g2)
				S3[j] -= float64(b1 * g1)
				S4[j] -= float64(b1 * g2)
				S5[j] -= float64(b2 * g2)
			}
		} else {
			en[j] = nv[j] > 0 && nv[j] >= 3+nc[j]
		}
	}
	for l := 0; l < layers; l++ {
		pdopRow(S[l*6*stride:][:6*stride], stride, sc.pdop[l*stride:][:stride])
	}
	pdopMax := e.c.pdopMax
	base := i * nLon
	nan := math.NaN()
	for l := 0; l < layers; l++ {
		st := &e.stats[l]
		h := hists[l]
		pd := sc.pdop[l*stride:][:nLon]
		nv := sc.nVis[l*stride:][:nLon]
		en := sc.enough[l*stride:][:nLon]
		for j := range pd {
			p := pd[j]
			if !en[j] {
				p = nan
			}
			st.add(base+j, nv[j], p, pdopMax, h)
		}
	}
}

// MergeCoverage joins maps of consecutive row blocks of one grid (as made
// by CoverageRows with the same ephemeris and options, given south to
// north) into one map.
func MergeCoverage(parts ...*CoverageMap) (*CoverageMap, error) {
	if len(parts) == 0 {
		return nil, fmt.Errorf("merge coverage: no maps")
	}
	p0 := parts[0]
	m := &CoverageMap{Grid: p0.Grid, NLon: p0.NLon, LonDeg: append([]float64(nil), p0.LonDeg...),
		Systems: append([]ephemeris.System(nil), p0.Systems...), Clock: p0.Clock, ISBSigmaM: p0.ISBSigmaM, Weighting: p0.Weighting,
		PDOPMax: p0.PDOPMax, Epochs: p0.Epochs}
	m.CoverageStats = CoverageStats{Name: p0.Name, PDOPHistogram: make([]int64, PDOPHistBins)}
	if p0.PerSystem != nil {
		m.PerSystem = make([]CoverageStats, len(p0.PerSystem))
		for l := range m.PerSystem {
			m.PerSystem[l] = CoverageStats{Name: p0.PerSystem[l].Name, PDOPHistogram: make([]int64, PDOPHistBins)}
		}
	}
	for i, p := range parts {
		if p == nil {
			return nil, fmt.Errorf("merge coverage: map %d is nil", i)
		}
		g := p.Grid
		if g.CellDeg != p0.Grid.CellDeg || g.LonMinDeg != p0.Grid.LonMinDeg || g.LonMaxDeg != p0.Grid.LonMaxDeg ||
			p.Clock != p0.Clock || p.ISBSigmaM != p0.ISBSigmaM || p.Weighting != p0.Weighting || p.PDOPMax != p0.PDOPMax || p.Epochs != p0.Epochs ||
			len(p.PerSystem) != len(p0.PerSystem) || !sameSystems(p.Systems, p0.Systems) {
			return nil, fmt.Errorf("merge coverage: map %d has a different grid or options than map 0", i)
		}
		if i > 0 && g.LatMinDeg != m.Grid.LatMaxDeg {
			return nil, fmt.Errorf("merge coverage: map %d starts at latitude %g°, want %g°", i, g.LatMinDeg, m.Grid.LatMaxDeg)
		}
		m.Grid.LatMaxDeg = g.LatMaxDeg
		m.NLat += p.NLat
		m.LatDeg = append(m.LatDeg, p.LatDeg...)
		m.CoverageStats.appendStats(&p.CoverageStats)
		for l := range m.PerSystem {
			m.PerSystem[l].appendStats(&p.PerSystem[l])
		}
	}
	return m, nil
}

func (s *CoverageStats) appendStats(p *CoverageStats) {
	s.MeanVisible = append(s.MeanVisible, p.MeanVisible...)
	s.MinVisible = append(s.MinVisible, p.MinVisible...)
	s.MaxVisible = append(s.MaxVisible, p.MaxVisible...)
	s.MeanPDOP = append(s.MeanPDOP, p.MeanPDOP...)
	s.MaxPDOP = append(s.MaxPDOP, p.MaxPDOP...)
	s.Availability = append(s.Availability, p.Availability...)
	s.PDOPEpochs = append(s.PDOPEpochs, p.PDOPEpochs...)
	for i, v := range p.PDOPHistogram {
		s.PDOPHistogram[i] += v
	}
}

func sameSystems(a, b []ephemeris.System) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
