package sim

import (
	"fmt"
	"math"
	"sync"

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

// satSlots returns the slot of every satellite of eph (-1 when its system is not selected).
func (c *config) satSlots(eph *Ephemeris) []int8 {
	slots := make([]int8, len(eph.Sats))
	for i, s := range eph.Sats {
		slots[i] = int8(c.slot(s.System))
	}
	return slots
}

// SiteResult holds, per site, per epoch and per variant (each system alone,
// then the combination of all of Options.Systems when there are several), the
// DOP and the number of visible satellites.
type SiteResult struct {
	Sites     []Site             // receivers, in the order given
	Grid      orbit.EpochGrid    // epochs
	Systems   []ephemeris.System // selected systems, in the user's order
	Variants  []Variant          // evaluated variants: each system alone, then the combination
	Clock     ClockModel         // clock model used
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

// SiteSeries evaluates every site at every epoch of eph: the satellites of
// each system of opt.Systems visible above opt.Mask and the DOP of each
// system alone and of their combination, with opt.Clock and opt.Weighting.
// Epoch blocks are shared among opt.Workers goroutines; the result does not
// depend on their number.
func SiteSeries(eph *Ephemeris, sites []Site, opt Options) (*SiteResult, error) {
	if err := eph.Validate(); err != nil {
		return nil, fmt.Errorf("site series: %w", err)
	}
	if len(sites) == 0 {
		return nil, fmt.Errorf("site series: no sites")
	}
	for _, s := range sites {
		if err := s.Validate(); err != nil {
			return nil, fmt.Errorf("site series: %w", err)
		}
	}
	c, err := opt.config(eph)
	if err != nil {
		return nil, fmt.Errorf("site series: %w", err)
	}
	N := eph.Grid.N
	nv := len(c.variants)
	res := &SiteResult{
		Sites:     append([]Site(nil), sites...),
		Grid:      eph.Grid,
		Systems:   append([]ephemeris.System(nil), c.systems...),
		Variants:  c.variants,
		Clock:     c.clock,
		Weighting: c.weighting,
		PDOPMax:   c.pdopMax,
		DOP:       make([]DOP, len(sites)*N*nv),
	}
	slots := c.satSlots(eph)
	frames := make([]rxFrame, len(sites))
	for i, s := range sites {
		frames[i] = newRxFrame(s)
	}
	// Work items: blocks of epochs of one site.
	const block = 1024
	type item struct{ site, k0, k1 int }
	var items []item
	for i := range sites {
		for k0 := 0; k0 < N; k0 += block {
			items = append(items, item{i, k0, min(k0+block, N)})
		}
	}
	next := make(chan item, len(items))
	for _, it := range items {
		next <- it
	}
	close(next)
	var wg sync.WaitGroup
	for w := 0; w < min(c.workers, max(len(items), 1)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var acc Accumulator
			for it := range next {
				f := &frames[it.site]
				for k := it.k0; k < it.k1; k++ {
					c.accumulate(&acc, eph, f, slots, k)
					out := res.DOP[(it.site*N+k)*nv:][:nv]
					for v := range c.variants {
						out[v] = acc.Solve(c.variants[v].set, c.clock)
					}
				}
			}
		}()
	}
	wg.Wait()
	return res, nil
}
