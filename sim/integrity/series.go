package integrity

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
)

// SeriesChunk is the integrity of consecutive epochs of a series at every
// receiver, for each variant (each system alone, then the combination). It
// is valid only during the callback that receives it.
type SeriesChunk struct {
	Sites    []sim.Site    // receivers (for a sky file: one, named after it)
	Variants []sim.Variant // each system alone, then the combination
	K0       int           // index in the series of the chunk's first epoch
	Times    []time.Time   // the chunk's epochs, UTC
	// Results holds one Result per site, epoch and variant, at index
	// (site*len(Times) + k)*len(Variants) + v. An epoch whose geometry
	// cannot be monitored (too few satellites, ...) has Available false
	// and NaN for every metre value.
	Results []Result
}

// At returns the result of site i at epoch k (of the chunk) for variant v.
func (c *SeriesChunk) At(i, k, v int) *Result {
	return &c.Results[(i*len(c.Times)+k)*len(c.Variants)+v]
}

// SiteSeries evaluates ARAIM at every site and epoch of period: the
// satellites of m.Systems in view above m.Mask (visibility as in package
// sim), and the Evaluator's result for each system alone and for their
// combination. The positions come from src a chunk of x.ChunkEpochs epochs
// at a time and fn receives the results of each chunk in time order, so
// that memory is O(satellites × chunk + sites × chunk) whatever the length
// of the period. Epochs are shared among x.Workers goroutines, each with
// its own Evaluator; results do not depend on x. An error from fn stops
// the evaluation and is returned; cancelling ctx stops it between blocks
// of epochs and returns ctx.Err().
func SiteSeries(ctx context.Context, src sim.Source, period orbit.EpochGrid, sites []sim.Site, m Model, x sim.Exec, fn func(c *SeriesChunk) error) error {
	if ctx == nil {
		panic("integrity: nil context")
	}
	if len(sites) == 0 {
		return fmt.Errorf("integrity series: no sites")
	}
	for _, s := range sites {
		if err := s.Validate(); err != nil {
			return fmt.Errorf("integrity series: %w", err)
		}
	}
	r, err := m.resolve()
	if err != nil {
		return fmt.Errorf("integrity series: %w", err)
	}
	workers, err := execWorkers(x)
	if err != nil {
		return fmt.Errorf("integrity series: %w", err)
	}
	ch, err := newChunker(src, period, x)
	if err != nil {
		return fmt.Errorf("integrity series: %w", err)
	}
	frames := make([]rxFrame, len(sites))
	for i, s := range sites {
		frames[i] = newRxFrame(s.LatDeg, s.LonDeg, s.HeightM)
	}
	variants := m.Variants()
	nv := len(variants)
	c := &SeriesChunk{Sites: append([]sim.Site(nil), sites...), Variants: variants}
	results := make([]Result, len(sites)*ch.size*nv)
	times := make([]time.Time, ch.size)
	pool, err := newEvalPool(r, ch.sats, workers)
	if err != nil {
		return fmt.Errorf("integrity series: %w", err)
	}
	prog := &ticker{fn: x.Progress, total: period.N, last: time.Now()}
	return ch.each(ctx, func(eph *sim.Ephemeris, k0 int) error {
		N := eph.Grid.N
		c.K0, c.Times, c.Results = k0, times[:N], results[:len(sites)*N*nv]
		for k := range c.Times {
			c.Times[k] = eph.Grid.Time(k)
		}
		err := pool.run(ctx, len(sites), N, func(w *evalWorker, i, k int) error {
			w.sky.build(eph, &frames[i], &r.mask, k)
			out := c.Results[(i*N+k)*nv:][:nv]
			for v := range out {
				if err := w.ev.Evaluate(&out[v], w.sky.variant(v)); err != nil {
					return fmt.Errorf("site %s, %s: %w", sites[i].Name, c.Times[k].Format(time.RFC3339), err)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		if err := fn(c); err != nil {
			return err
		}
		prog.set(k0 + N)
		return nil
	})
}

// evalWorker is the scratch of one goroutine: an Evaluator and a sky.
type evalWorker struct {
	ev  *Evaluator
	sky *skyBuilder
}

// evalPool shares blocks of (receiver, epoch) evaluations among workers.
type evalPool struct {
	workers []*evalWorker
}

func newEvalPool(r *resolved, sats []sim.Satellite, n int) (*evalPool, error) {
	p := &evalPool{}
	for i := 0; i < max(n, 1); i++ {
		ev, err := NewEvaluator(r.cfg)
		if err != nil {
			return nil, err
		}
		p.workers = append(p.workers, &evalWorker{ev: ev, sky: newSkyBuilder(r, sats)})
	}
	return p, nil
}

// seriesBlock is the number of consecutive epochs of one receiver a worker
// takes at a time.
const seriesBlock = 64

// run calls fn for every receiver i < nRx and epoch k < nEpochs, blocks
// of epochs of one receiver shared among the workers. Each call depends
// only on (i, k), so the results do not depend on the sharing.
func (p *evalPool) run(ctx context.Context, nRx, nEpochs int, fn func(w *evalWorker, i, k int) error) error {
	type item struct{ rx, k0, k1 int }
	var items []item
	for i := 0; i < nRx; i++ {
		for k0 := 0; k0 < nEpochs; k0 += seriesBlock {
			items = append(items, item{i, k0, min(k0+seriesBlock, nEpochs)})
		}
	}
	var next atomic.Int64
	work := func(w *evalWorker) error {
		for {
			n := int(next.Add(1)) - 1
			if n >= len(items) {
				return nil
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			it := items[n]
			for k := it.k0; k < it.k1; k++ {
				if err := fn(w, it.rx, k); err != nil {
					return err
				}
			}
		}
	}
	nw := min(len(p.workers), len(items))
	if nw <= 1 {
		return work(p.workers[0])
	}
	errs := make([]error, nw)
	var wg sync.WaitGroup
	for i := 0; i < nw; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = work(p.workers[i])
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// SkySeries evaluates ARAIM on skies given as azimuths and elevations (a
// sky file, see ParseSky): at every epoch, the satellites of m.Systems
// strictly above m.Mask (elevation > mask(azimuth), degrees), grouped by
// system in m.Systems order and in the file's order within a system, for
// each system alone and their combination. fn receives the results in
// chunks of x.ChunkEpochs epochs, in order, with one site named name.
// Results do not depend on x.
func SkySeries(ctx context.Context, name string, skies []Sky, m Model, x sim.Exec, fn func(c *SeriesChunk) error) error {
	if ctx == nil {
		panic("integrity: nil context")
	}
	if len(skies) == 0 {
		return fmt.Errorf("integrity sky series: no epochs")
	}
	r, err := m.resolve()
	if err != nil {
		return fmt.Errorf("integrity sky series: %w", err)
	}
	workers, err := execWorkers(x)
	if err != nil {
		return fmt.Errorf("integrity sky series: %w", err)
	}
	size, err := execChunk(x)
	if err != nil {
		return fmt.Errorf("integrity sky series: %w", err)
	}
	size = min(size, len(skies))
	variants := m.Variants()
	nv := len(variants)
	c := &SeriesChunk{Sites: []sim.Site{{Name: name}}, Variants: variants}
	results := make([]Result, size*nv)
	times := make([]time.Time, size)
	pool, err := newEvalPool(r, nil, workers)
	if err != nil {
		return fmt.Errorf("integrity sky series: %w", err)
	}
	prog := &ticker{fn: x.Progress, total: len(skies), last: time.Now()}
	for k0 := 0; k0 < len(skies); k0 += size {
		if err := ctx.Err(); err != nil {
			return err
		}
		N := min(size, len(skies)-k0)
		c.K0, c.Times, c.Results = k0, times[:N], results[:N*nv]
		for k := range c.Times {
			c.Times[k] = skies[k0+k].Time
		}
		err := pool.run(ctx, 1, N, func(w *evalWorker, _, k int) error {
			w.sky.fromAzEl(r, &skies[k0+k])
			out := c.Results[k*nv:][:nv]
			for v := range out {
				if err := w.ev.Evaluate(&out[v], w.sky.variant(v)); err != nil {
					return fmt.Errorf("epoch %s: %w", c.Times[k].Format(time.RFC3339), err)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		if err := fn(c); err != nil {
			return err
		}
		prog.set(k0 + N)
	}
	return nil
}

// fromAzEl fills b.sats with the satellites of sky of the model's systems
// above its mask, grouped by system.
func (b *skyBuilder) fromAzEl(r *resolved, sky *Sky) {
	b.sats = b.sats[:0]
	if len(b.bounds) != len(r.Systems)+1 {
		b.bounds = make([]int, len(r.Systems)+1)
	}
	for s, sys := range r.Systems {
		b.bounds[s] = len(b.sats)
		for i := range sky.Sats {
			p := &sky.Sats[i]
			if p.System != sys || !(p.ElDeg > r.Mask.MinElevationDeg(p.AzDeg)) || !(p.ElDeg > 0) {
				continue
			}
			b.sats = append(b.sats, SatAzEl(sys, p.AzDeg*deg, p.ElDeg*deg))
		}
	}
	b.bounds[len(r.Systems)] = len(b.sats)
}
