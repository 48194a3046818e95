package sim

import (
	"context"
	"fmt"
	"math"
	"sync"
	"sync/atomic"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
)

// rxFrame is a receiver position (ECEF, km) with its local ENU basis.
type rxFrame struct {
	r       [3]float64
	e, n, u [3]float64
}

func newRxFrame(s Site) rxFrame {
	lat, lon := s.LatDeg*deg, s.LonDeg*deg
	var f rxFrame
	f.r = orbit.GeodeticToECEF(lat, lon, s.HeightM/1000)
	f.e, f.n, f.u = orbit.ENUBasis(lat, lon)
	return f
}

// enu returns the offset of the ECEF point (x, y, z) (km) from the receiver
// in ENU components (km) and its squared length (km²).
func (f *rxFrame) enu(x, y, z float64) (dE, dN, dU, d2 float64) {
	dx, dy, dz := x-f.r[0], y-f.r[1], z-f.r[2]
	dE = dx*f.e[0] + dy*f.e[1] + dz*f.e[2]
	dN = dx*f.n[0] + dy*f.n[1] + dz*f.n[2]
	dU = dx*f.u[0] + dy*f.u[1] + dz*f.u[2]
	d2 = dx*dx + dy*dy + dz*dz
	return dE, dN, dU, d2
}

// accumulate fills acc with the satellites of eph visible from f at epoch k.
func (c *config) accumulate(acc *Accumulator, eph *Ephemeris, f *rxFrame, slots []int8, k int) {
	acc.Reset()
	N := eph.Grid.N
	for s, slot := range slots {
		if slot < 0 {
			continue
		}
		i := s*N + k
		x := eph.X[i]
		if math.IsNaN(x) {
			continue
		}
		dE, dN, dU, d2 := f.enu(x, eph.Y[i], eph.Z[i])
		if !c.mt.visible(dE, dN, dU, d2) {
			continue
		}
		inv := 1 / math.Sqrt(d2)
		e, n, u := dE*inv, dN*inv, dU*inv
		w := 1.0
		if c.weighting == WeightElevation {
			w = u * u
		}
		acc.Add(int(slot), e, n, u, w)
	}
}

// satSlots returns the slot of every satellite (-1 when its system is not selected).
func (c *config) satSlots(sats []Satellite) []int8 {
	slots := make([]int8, len(sats))
	for i, s := range sats {
		slots[i] = int8(c.slot(s.System))
	}
	return slots
}

// SiteResult holds, per site, per epoch and per variant (each system alone,
// then the combination of all of Model.Systems when there are several), the
// DOP and the number of visible satellites.
type SiteResult struct {
	Sites     []Site             // receivers, in the order given
	Grid      orbit.EpochGrid    // epochs (for a chunk of StreamSiteSeries: the chunk's)
	Systems   []ephemeris.System // selected systems, in the user's order
	Variants  []Variant          // evaluated variants: each system alone, then the combination
	Clock     ClockModel         // clock model used
	ISBSigmaM float64            // σ of the inter-system-bias prior (ClockISBPrior), else 0
	Weighting Weighting          // weighting used
	PDOPMax   float64            // availability threshold
	// DOP holds one value per site, epoch and variant, at index
	// (site*Grid.N + epoch)*len(Variants) + variant.
	DOP []DOP
}

// At returns the DOP of site i at epoch k for variant v.
func (r *SiteResult) At(i, k, v int) DOP {
	return r.DOP[(i*r.Grid.N+k)*len(r.Variants)+v]
}

// NVisible returns the number of satellites of system sys visible from site i
// at epoch k (0 when sys is not one of r.Systems).
func (r *SiteResult) NVisible(i, k int, sys ephemeris.System) int {
	for v, s := range r.Systems {
		if s == sys {
			return r.At(i, k, v).NVisible
		}
	}
	return 0
}

// VariantIndex returns the index in r.Variants of the variant with the given
// name (e.g. "beidou" or "glonass+beidou"), or -1.
func (r *SiteResult) VariantIndex(name string) int {
	for i, v := range r.Variants {
		if v.Name == name {
			return i
		}
	}
	return -1
}

// SiteSeries evaluates every site at every epoch of period: the satellites
// of each system of m.Systems visible above m.Mask and the DOP of each
// system alone and of their combination, with m.Clock and m.Weighting. The
// positions come from src a chunk at a time (StreamSiteSeries); the result
// holds every epoch. Results do not depend on x.
func SiteSeries(ctx context.Context, src Source, period orbit.EpochGrid, sites []Site, m Model, x Exec) (*SiteResult, error) {
	var res *SiteResult
	err := streamSiteSeries(ctx, src, period, sites, m, x, func(chunk *SiteResult, k0 int) error {
		if res == nil {
			res = &SiteResult{Sites: chunk.Sites, Grid: period, Systems: chunk.Systems, Variants: chunk.Variants,
				Clock: chunk.Clock, ISBSigmaM: chunk.ISBSigmaM, Weighting: chunk.Weighting, PDOPMax: chunk.PDOPMax,
				DOP: make([]DOP, len(sites)*period.N*len(chunk.Variants))}
		}
		nv, n := len(chunk.Variants), chunk.Grid.N
		for i := range sites {
			copy(res.DOP[(i*period.N+k0)*nv:][:n*nv], chunk.DOP[i*n*nv:][:n*nv])
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// StreamSiteSeries is SiteSeries for long periods: it calls fn with the
// result of each chunk of epochs (x.ChunkEpochs of them; Grid is the
// chunk's), in time order, so that memory is O(satellites × chunk + sites ×
// chunk) whatever the length of the period. The chunk result is valid only
// during the call. An error from fn stops the evaluation and is returned.
func StreamSiteSeries(ctx context.Context, src Source, period orbit.EpochGrid, sites []Site, m Model, x Exec, fn func(chunk *SiteResult) error) error {
	return streamSiteSeries(ctx, src, period, sites, m, x, func(chunk *SiteResult, _ int) error { return fn(chunk) })
}

func streamSiteSeries(ctx context.Context, src Source, period orbit.EpochGrid, sites []Site, m Model, x Exec, fn func(chunk *SiteResult, k0 int) error) error {
	if ctx == nil {
		panic("sim: nil context")
	}
	if len(sites) == 0 {
		return fmt.Errorf("site series: no sites")
	}
	for _, s := range sites {
		if err := s.Validate(); err != nil {
			return fmt.Errorf("site series: %w", err)
		}
	}
	workers, err := x.workers()
	if err != nil {
		return fmt.Errorf("site series: %w", err)
	}
	ch, err := newChunker(src, period, x)
	if err != nil {
		return fmt.Errorf("site series: %w", err)
	}
	c, err := m.config(ch.sats)
	if err != nil {
		return fmt.Errorf("site series: %w", err)
	}
	nv := len(c.variants)
	res := &SiteResult{
		Sites:     append([]Site(nil), sites...),
		Systems:   append([]ephemeris.System(nil), c.systems...),
		Variants:  c.variants,
		Clock:     c.clock,
		ISBSigmaM: c.isbSigmaM,
		Weighting: c.weighting,
		PDOPMax:   c.pdopMax,
	}
	dop := make([]DOP, len(sites)*ch.size*nv)
	slots := c.satSlots(ch.sats)
	frames := make([]rxFrame, len(sites))
	for i, s := range sites {
		frames[i] = newRxFrame(s)
	}
	prog := newProgressTicker(x.Progress, period.N)
	return ch.each(ctx, func(eph *Ephemeris, k0 int) error {
		N := eph.Grid.N
		res.Grid = eph.Grid
		res.DOP = dop[:len(sites)*N*nv]
		c.siteChunk(eph, frames, slots, res.DOP, workers)
		if err := fn(res, k0); err != nil {
			return err
		}
		prog.set(k0 + N)
		return nil
	})
}

// siteChunk evaluates every site at every epoch of eph into dst (layout of
// SiteResult.DOP for eph.Grid). Blocks of epochs of one site are shared
// among the workers; each value depends only on its site and epoch.
func (c *config) siteChunk(eph *Ephemeris, frames []rxFrame, slots []int8, dst []DOP, workers int) {
	N := eph.Grid.N
	nv := len(c.variants)
	const block = 256
	type item struct{ site, k0, k1 int }
	var items []item
	for i := range frames {
		for k0 := 0; k0 < N; k0 += block {
			items = append(items, item{i, k0, min(k0+block, N)})
		}
	}
	run := func(next func() (item, bool)) {
		var acc Accumulator
		for it, ok := next(); ok; it, ok = next() {
			f := &frames[it.site]
			for k := it.k0; k < it.k1; k++ {
				c.accumulate(&acc, eph, f, slots, k)
				out := dst[(it.site*N+k)*nv:][:nv]
				for v := range c.variants {
					out[v] = c.solve(&acc, c.variants[v].set)
				}
			}
		}
	}
	workers = min(workers, len(items))
	if workers <= 1 {
		i := 0
		run(func() (item, bool) {
			if i == len(items) {
				return item{}, false
			}
			i++
			return items[i-1], true
		})
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			run(func() (item, bool) {
				i := int(next.Add(1)) - 1
				if i >= len(items) {
					return item{}, false
				}
				return items[i], true
			})
		}()
	}
	wg.Wait()
}
