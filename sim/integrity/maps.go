package integrity

import (
	"context"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
)

// MapOptions are the options of Map.
type MapOptions struct {
	sim.Exec
	// RowStart and RowEnd restrict the map to rows [RowStart, RowEnd) of
	// the grid (a shard, see MapShard); RowEnd 0 means every row. The
	// values are bit-identical to the same rows of a whole map.
	RowStart, RowEnd int
}

// MapResult is the integrity of the combination of Model.Systems at every
// cell of a grid over a period. Slices are indexed by cell, row-major from
// the south-west corner (latitude ascending, then longitude ascending), as
// sim.CoverageMap.
type MapResult struct {
	Grid       sim.GridSpec // the grid (for a row block, the rows computed)
	NLat, NLon int
	LatDeg     []float64 // latitude of the centre of each row, degrees
	LonDeg     []float64 // longitude of the centre of each column, degrees east
	Systems    []ephemeris.System
	Epochs     int // epochs of the period
	MapStats
}

// MapStats are the per-cell statistics of a map over the epochs of the
// period. "Monitored" epochs are those the Evaluator could evaluate
// (Result.Available); the service is met at a monitored epoch whose result
// passes Result.Check.
type MapStats struct {
	MetEpochs       []int // epochs at which the service is met
	MonitoredEpochs []int // epochs with a result (Available)
	MeanVisible     []float64
	MinVisible      []int
	// Over the monitored epochs (NaN when there are none; VPL, EMT and
	// σ_v,acc also for horizontal-only services): metres.
	MeanVPLM, MaxVPLM []float64
	MeanHPLM, MaxHPLM []float64
	MaxEMTM           []float64
	MaxSigmaVAccM     []float64
	MaxModes          []int     // most fault modes monitored at one epoch
	PNotMonitoredMax  []float64 // largest P_not_monitored at one epoch
}

// Availability returns the fraction of the epochs of cell i at which the
// service is met.
func (m *MapResult) Availability(i int) float64 {
	return float64(m.MetEpochs[i]) / float64(m.Epochs)
}

// Monitored returns the fraction of the epochs of cell i with a result.
func (m *MapResult) Monitored(i int) float64 {
	return float64(m.MonitoredEpochs[i]) / float64(m.Epochs)
}

// Cells returns the number of cells.
func (m *MapResult) Cells() int { return m.NLat * m.NLon }

// cellAcc accumulates the per-cell statistics over epochs (epoch order).
type cellAcc struct {
	met, mon         []int32
	sumVis           []int64
	minVis           []int32
	sumV, sumH       []float64
	maxV, maxH, maxE []float64
	maxS, maxP       []float64
	maxModes         []int32
}

func newCellAcc(n int) *cellAcc {
	a := &cellAcc{met: make([]int32, n), mon: make([]int32, n), sumVis: make([]int64, n), minVis: make([]int32, n),
		sumV: make([]float64, n), sumH: make([]float64, n), maxV: make([]float64, n), maxH: make([]float64, n),
		maxE: make([]float64, n), maxS: make([]float64, n), maxP: make([]float64, n), maxModes: make([]int32, n)}
	for i := 0; i < n; i++ {
		a.minVis[i] = math.MaxInt32
		a.maxV[i], a.maxH[i], a.maxE[i], a.maxS[i], a.maxP[i] = math.Inf(-1), math.Inf(-1), math.Inf(-1), math.Inf(-1), math.Inf(-1)
	}
	return a
}

// add records one epoch of cell i.
func (a *cellAcc) add(i int, r *Result, svc *Service) {
	n := int32(r.NumSats)
	a.sumVis[i] += int64(n)
	if n < a.minVis[i] {
		a.minVis[i] = n
	}
	if !r.Available {
		return
	}
	a.mon[i]++
	if r.Check(*svc).OK() {
		a.met[i]++
	}
	a.sumV[i] += r.VPLM
	a.sumH[i] += r.HPLM
	a.maxV[i] = maxNaN(a.maxV[i], r.VPLM)
	a.maxH[i] = math.Max(a.maxH[i], r.HPLM)
	a.maxE[i] = maxNaN(a.maxE[i], r.EMTM)
	a.maxS[i] = maxNaN(a.maxS[i], r.SigmaVAccM)
	a.maxP[i] = math.Max(a.maxP[i], r.PNotMonitored)
	if m := int32(r.NumModes); m > a.maxModes[i] {
		a.maxModes[i] = m
	}
}

// maxNaN is the larger of a and b, NaN when b is NaN (a horizontal-only
// service has no VPL).
func maxNaN(a, b float64) float64 {
	if math.IsNaN(b) || math.IsNaN(a) {
		return math.NaN()
	}
	return math.Max(a, b)
}

func (a *cellAcc) finish(epochs int) MapStats {
	n := len(a.met)
	s := MapStats{MetEpochs: make([]int, n), MonitoredEpochs: make([]int, n), MeanVisible: make([]float64, n), MinVisible: make([]int, n),
		MeanVPLM: make([]float64, n), MaxVPLM: make([]float64, n), MeanHPLM: make([]float64, n), MaxHPLM: make([]float64, n),
		MaxEMTM: make([]float64, n), MaxSigmaVAccM: make([]float64, n), MaxModes: make([]int, n), PNotMonitoredMax: make([]float64, n)}
	nan := math.NaN()
	for i := 0; i < n; i++ {
		s.MetEpochs[i], s.MonitoredEpochs[i] = int(a.met[i]), int(a.mon[i])
		s.MeanVisible[i] = float64(a.sumVis[i]) / float64(epochs)
		s.MinVisible[i] = int(a.minVis[i])
		s.MaxModes[i] = int(a.maxModes[i])
		if a.mon[i] == 0 {
			s.MeanVPLM[i], s.MaxVPLM[i], s.MeanHPLM[i], s.MaxHPLM[i], s.MaxEMTM[i], s.MaxSigmaVAccM[i], s.PNotMonitoredMax[i] = nan, nan, nan, nan, nan, nan, nan
			continue
		}
		m := float64(a.mon[i])
		s.MeanVPLM[i], s.MeanHPLM[i] = a.sumV[i]/m, a.sumH[i]/m
		s.MaxVPLM[i], s.MaxHPLM[i], s.MaxEMTM[i], s.MaxSigmaVAccM[i], s.PNotMonitoredMax[i] = a.maxV[i], a.maxH[i], a.maxE[i], a.maxS[i], a.maxP[i]
	}
	return s
}

// Map evaluates ARAIM for the combination of m.Systems at every cell of
// grid (cell centres on the WGS-84 ellipsoid, height 0; or the rows
// opt.RowStart to opt.RowEnd) at every epoch of period, and keeps per cell
// the statistics of MapStats. The positions come from src a chunk of
// epochs at a time: memory is O(satellites × chunk + cells). Within a
// chunk the rows are shared among opt.Workers goroutines, each with its
// own Evaluator; every cell accumulates its epochs in time order, so the
// results are bit-identical for any number of workers, any chunk length
// and any split of the grid into row blocks. Cancelling ctx stops the work
// between rows and returns ctx.Err().
func Map(ctx context.Context, src sim.Source, period orbit.EpochGrid, grid sim.GridSpec, m Model, opt MapOptions) (*MapResult, error) {
	if ctx == nil {
		panic("integrity: nil context")
	}
	if err := grid.Validate(); err != nil {
		return nil, fmt.Errorf("integrity map: %w", err)
	}
	r0, r1 := opt.RowStart, opt.RowEnd
	if r0 == 0 && r1 == 0 {
		r1, _ = grid.Dims()
	}
	g, err := grid.Rows(r0, r1)
	if err != nil {
		return nil, fmt.Errorf("integrity map: %w", err)
	}
	r, err := m.resolve()
	if err != nil {
		return nil, fmt.Errorf("integrity map: %w", err)
	}
	workers, err := execWorkers(opt.Exec)
	if err != nil {
		return nil, fmt.Errorf("integrity map: %w", err)
	}
	ch, err := newChunker(src, period, opt.Exec)
	if err != nil {
		return nil, fmt.Errorf("integrity map: %w", err)
	}
	nLat, nLon := g.Dims()
	res := &MapResult{Grid: g, NLat: nLat, NLon: nLon, Systems: append([]ephemeris.System(nil), m.Systems...), Epochs: period.N,
		LatDeg: make([]float64, nLat), LonDeg: make([]float64, nLon)}
	for i := range res.LatDeg {
		res.LatDeg[i] = g.LatCentreDeg(i)
	}
	for j := range res.LonDeg {
		res.LonDeg[j] = g.LonCentreDeg(j)
	}
	acc := newCellAcc(nLat * nLon)
	pool, err := newEvalPool(r, ch.sats, min(workers, nLat))
	if err != nil {
		return nil, fmt.Errorf("integrity map: %w", err)
	}
	// the receiver frames of a row, per worker (made once per row and chunk)
	rowFrames := make([][]rxFrame, len(pool.workers))
	for w := range rowFrames {
		rowFrames[w] = make([]rxFrame, nLon)
	}
	comb := len(m.Systems) // the combination's variant index in skyBuilder.variant
	if len(m.Systems) == 1 {
		comb = 0
	}
	svc := r.cfg.Service
	prog := &ticker{fn: opt.Progress, total: period.N, last: time.Now()}
	var cellsDone atomic.Int64
	err = ch.each(ctx, func(eph *sim.Ephemeris, k0 int) error {
		N := eph.Grid.N
		cellsDone.Store(0)
		var next atomic.Int64
		row := func(w *evalWorker, frames []rxFrame, i int) error {
			for j := range frames {
				frames[j] = newRxFrame(res.LatDeg[i], res.LonDeg[j], 0)
			}
			var out Result
			for k := 0; k < N; k++ {
				if err := ctx.Err(); err != nil {
					return err
				}
				for j := range frames {
					w.sky.build(eph, &frames[j], &r.mask, k)
					if err := w.ev.Evaluate(&out, w.sky.variant(comb)); err != nil {
						return fmt.Errorf("cell %g°, %g°: %w", res.LatDeg[i], res.LonDeg[j], err)
					}
					acc.add(i*nLon+j, &out, &svc)
				}
				cellsDone.Add(int64(nLon))
			}
			return nil
		}
		work := func(wi int) error {
			for {
				i := int(next.Add(1)) - 1
				if i >= nLat {
					return nil
				}
				if err := row(pool.workers[wi], rowFrames[wi], i); err != nil {
					return err
				}
			}
		}
		nw := len(pool.workers)
		errs := make([]error, nw)
		done := make(chan struct{})
		var wg sync.WaitGroup
		for w := 0; w < nw; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[w] = work(w)
			}()
		}
		go func() { wg.Wait(); close(done) }()
		if opt.Progress != nil {
			tick := time.NewTicker(100 * time.Millisecond)
		wait:
			for {
				select {
				case <-done:
					break wait
				case <-tick.C:
					prog.set(k0 + int(cellsDone.Load()/int64(max(nLat*nLon, 1))))
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
		prog.set(k0 + N)
		return nil
	})
	if err != nil {
		return nil, err
	}
	res.MapStats = acc.finish(period.N)
	return res, nil
}

// MergeMaps joins maps of consecutive row blocks of one grid (as made by
// Map with the same source, period, model and RowStart/RowEnd, given south
// to north) into one map, bit-identical to a Map over all the rows.
func MergeMaps(parts ...*MapResult) (*MapResult, error) {
	if len(parts) == 0 {
		return nil, fmt.Errorf("merge integrity maps: no maps")
	}
	p0 := parts[0]
	out := &MapResult{Grid: p0.Grid, NLon: p0.NLon, LonDeg: append([]float64(nil), p0.LonDeg...),
		Systems: append([]ephemeris.System(nil), p0.Systems...), Epochs: p0.Epochs}
	for i, p := range parts {
		if p == nil {
			return nil, fmt.Errorf("merge integrity maps: map %d is nil", i)
		}
		g := p.Grid
		if g.CellDeg != p0.Grid.CellDeg || g.LonMinDeg != p0.Grid.LonMinDeg || g.LonMaxDeg != p0.Grid.LonMaxDeg ||
			p.Epochs != p0.Epochs || !sameSystemList(p.Systems, p0.Systems) {
			return nil, fmt.Errorf("merge integrity maps: map %d has another grid or model than map 0", i)
		}
		if i > 0 && g.LatMinDeg != out.Grid.LatMaxDeg {
			return nil, fmt.Errorf("merge integrity maps: map %d starts at latitude %g°, want %g°", i, g.LatMinDeg, out.Grid.LatMaxDeg)
		}
		out.Grid.LatMaxDeg = g.LatMaxDeg
		out.NLat += p.NLat
		out.LatDeg = append(out.LatDeg, p.LatDeg...)
		s, q := &out.MapStats, &p.MapStats
		s.MetEpochs = append(s.MetEpochs, q.MetEpochs...)
		s.MonitoredEpochs = append(s.MonitoredEpochs, q.MonitoredEpochs...)
		s.MeanVisible = append(s.MeanVisible, q.MeanVisible...)
		s.MinVisible = append(s.MinVisible, q.MinVisible...)
		s.MeanVPLM = append(s.MeanVPLM, q.MeanVPLM...)
		s.MaxVPLM = append(s.MaxVPLM, q.MaxVPLM...)
		s.MeanHPLM = append(s.MeanHPLM, q.MeanHPLM...)
		s.MaxHPLM = append(s.MaxHPLM, q.MaxHPLM...)
		s.MaxEMTM = append(s.MaxEMTM, q.MaxEMTM...)
		s.MaxSigmaVAccM = append(s.MaxSigmaVAccM, q.MaxSigmaVAccM...)
		s.MaxModes = append(s.MaxModes, q.MaxModes...)
		s.PNotMonitoredMax = append(s.PNotMonitoredMax, q.PNotMonitoredMax...)
	}
	return out, nil
}

func sameSystemList(a, b []ephemeris.System) bool {
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

// RegionSummary is the summary ARAIM availability studies publish for a
// map: the share of the area where the service is available at least a
// threshold fraction of the time. Cells are weighted by the cosine of the
// latitude of their centre, which is exactly proportional to a cell's area
// on a sphere (sin φ₊ − sin φ₋ = 2 cos φ sin(Δ/2) for a row of half-width
// Δ/2); the Earth's flattening is neglected.
type RegionSummary struct {
	Cells     int     // cells of the map
	Threshold float64 // availability threshold, a fraction (0.995 for 99.5 %)
	// CellsMeeting counts the cells whose availability ≥ Threshold.
	CellsMeeting int
	// Coverage is the area-weighted share of the cells whose availability
	// ≥ Threshold (0..1).
	Coverage float64
	// MeanAvailability is the area-weighted mean availability (0..1);
	// MinAvailability the lowest of any cell.
	MeanAvailability, MinAvailability float64
	// Monitored is the area-weighted mean share of epochs with a result.
	Monitored float64
	// MaxVPLM and MaxHPLM are the worst protection levels of any cell and
	// epoch (NaN when none was computed).
	MaxVPLM, MaxHPLM float64
}

// Summarize computes the region summary of m for the availability
// threshold thr (a fraction in (0, 1]).
func Summarize(m *MapResult, thr float64) RegionSummary {
	s := RegionSummary{Cells: m.Cells(), Threshold: thr, MinAvailability: math.Inf(1), MaxVPLM: math.NaN(), MaxHPLM: math.NaN()}
	var wsum, wmeet, wavail, wmon float64
	for i := 0; i < m.NLat; i++ {
		w := math.Cos(m.LatDeg[i] * deg)
		for j := 0; j < m.NLon; j++ {
			c := i*m.NLon + j
			a := m.Availability(c)
			wsum += w
			wavail += w * a
			wmon += w * m.Monitored(c)
			if a >= thr {
				wmeet += w
				s.CellsMeeting++
			}
			s.MinAvailability = math.Min(s.MinAvailability, a)
			if v := m.MaxVPLM[c]; !math.IsNaN(v) && !(v <= s.MaxVPLM) {
				s.MaxVPLM = v
			}
			if v := m.MaxHPLM[c]; !math.IsNaN(v) && !(v <= s.MaxHPLM) {
				s.MaxHPLM = v
			}
		}
	}
	if wsum > 0 {
		s.Coverage, s.MeanAvailability, s.Monitored = wmeet/wsum, wavail/wsum, wmon/wsum
	} else {
		s.Coverage, s.MeanAvailability, s.Monitored, s.MinAvailability = math.NaN(), math.NaN(), math.NaN(), math.NaN()
	}
	return s
}
