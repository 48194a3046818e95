package accuracy

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
)

// SiteEffects is what the differences between the sources mean for a user
// at one site: one entry per variant of the model (each system alone, then
// the combination), as sim.SiteSeries defines them.
type SiteEffects struct {
	Site     sim.Site
	Variants []VariantEffects
}

// VariantEffects compares, for one site and one variant (set of systems),
// what a receiver would compute from source a and from source b, both
// restricted to the matched satellites and evaluated with the same model.
// Differences are b − a.
type VariantEffects struct {
	Variant sim.Variant
	Epochs  int // epochs of the period

	// Elevation is the difference el_b − el_a (degrees) over the
	// satellite-epochs where both sources have a position and the
	// satellite is above the mask (el > mask(az)) by at least one of them;
	// Elevation.Max is the largest elevation difference of any satellite,
	// at Elevation.MaxAt, of satellite Elevation.MaxPRN.
	Elevation Component

	// PDOP is the difference PDOP_b − PDOP_a over the epochs where both
	// have a PDOP; PDOPSameSet the same over the epochs where, in
	// addition, both see the same satellites, which isolates the
	// geometric effect of the orbit differences from that of satellites
	// missing in one source. PDOPOnlyA and PDOPOnlyB count the epochs
	// where only a, or only b, has a PDOP.
	PDOP, PDOPSameSet    Component
	PDOPOnlyA, PDOPOnlyB int

	// VisibleDiffers counts the epochs where the number of visible
	// satellites differs, MaxVisibleDiff is the largest |n_b − n_a|, and
	// SetDiffers counts the epochs where the visible satellites differ
	// (a satellite above the mask, el > mask(az), in one view and not in
	// the other; a superset of VisibleDiffers, to within the rounding of
	// the engine's visibility test at the mask). AvailabilityDiffers counts
	// the epochs where one is available (PDOP defined and at most the
	// model's PDOPMax) and the other not.
	VisibleDiffers      int
	MaxVisibleDiff      int
	SetDiffers          int
	AvailabilityDiffers int
}

// variantAcc accumulates one site and variant.
type variantAcc struct {
	el, pdop, pdopSame accum
	onlyA, onlyB       int
	visDiff, visMax    int
	setDiff            int
	availDiff          int
}

// userEffects runs the site evaluations of each chunk.
type userEffects struct {
	pairs    []Pair
	sites    []sim.Site
	model    sim.Model
	exec     sim.Exec
	period   orbit.EpochGrid
	satsA    []sim.Satellite
	satsB    []sim.Satellite
	subA     sim.Ephemeris
	subB     sim.Ephemeris
	variants []sim.Variant
	acc      [][]variantAcc // [site][variant]
	setDiff  []bool         // per epoch and variant of a chunk: the visible sets differ
}

func newUserEffects(pairs []Pair, opt Options, period orbit.EpochGrid) (*userEffects, error) {
	for _, s := range opt.Sites {
		if err := s.Validate(); err != nil {
			return nil, fmt.Errorf("accuracy: %w", err)
		}
	}
	if err := opt.Model.Validate(); err != nil {
		return nil, fmt.Errorf("accuracy: %w", err)
	}
	u := &userEffects{pairs: pairs, sites: append([]sim.Site(nil), opt.Sites...), model: opt.Model, period: period,
		exec: sim.Exec{Workers: opt.Workers}}
	for _, p := range pairs {
		u.satsA = append(u.satsA, p.Sat)
		u.satsB = append(u.satsB, p.SatB)
	}
	return u, nil
}

// subset copies the rows of the matched satellites of buf into dst.
func subset(dst *sim.Ephemeris, sats []sim.Satellite, buf *sim.Ephemeris, rows func(Pair) int, pairs []Pair) {
	N := buf.Grid.N
	n := len(pairs) * N
	if cap(dst.X) < n {
		dst.X, dst.Y, dst.Z = make([]float64, n), make([]float64, n), make([]float64, n)
	}
	dst.Grid, dst.Sats = buf.Grid, sats
	dst.X, dst.Y, dst.Z = dst.X[:n], dst.Y[:n], dst.Z[:n]
	for i, p := range pairs {
		r := rows(p) * N
		copy(dst.X[i*N:(i+1)*N], buf.X[r:r+N])
		copy(dst.Y[i*N:(i+1)*N], buf.Y[r:r+N])
		copy(dst.Z[i*N:(i+1)*N], buf.Z[r:r+N])
	}
}

// segment evaluates the sites over the chunk held by bufA and bufB, whose
// first epoch is epoch k0 of the period.
func (u *userEffects) segment(ctx context.Context, bufA, bufB *sim.Ephemeris, k0 int) error {
	subset(&u.subA, u.satsA, bufA, func(p Pair) int { return p.A }, u.pairs)
	subset(&u.subB, u.satsB, bufB, func(p Pair) int { return p.B }, u.pairs)
	g := bufA.Grid
	x := u.exec
	x.ChunkEpochs = g.N
	ra, err := sim.SiteSeries(ctx, &u.subA, g, u.sites, u.model, x)
	if err != nil {
		return fmt.Errorf("accuracy: source a: %w", err)
	}
	rb, err := sim.SiteSeries(ctx, &u.subB, g, u.sites, u.model, x)
	if err != nil {
		return fmt.Errorf("accuracy: source b: %w", err)
	}
	if u.variants == nil {
		u.variants = ra.Variants
		u.acc = make([][]variantAcc, len(u.sites))
		for i := range u.acc {
			u.acc[i] = make([]variantAcc, len(u.variants))
		}
	}
	nv := len(u.variants)
	for _, r := range []*sim.SiteResult{ra, rb} {
		if len(r.Variants) != nv {
			return fmt.Errorf("accuracy: the sources give %d and %d variants, want %d", len(ra.Variants), len(rb.Variants), nv)
		}
		for v := range r.Variants {
			if r.Variants[v].Name != u.variants[v].Name {
				return fmt.Errorf("accuracy: variant %d is %q, want %q", v, r.Variants[v].Name, u.variants[v].Name)
			}
		}
	}
	// variantsOf[s] lists the variants that include pair s's system.
	variantsOf := make([][]int, len(u.pairs))
	for s, p := range u.pairs {
		for v, va := range u.variants {
			if slices.Contains(va.Systems, p.Sat.System) {
				variantsOf[s] = append(variantsOf[s], v)
			}
		}
	}
	N := g.N
	if cap(u.setDiff) < N*nv {
		u.setDiff = make([]bool, N*nv)
	}
	setDiff := u.setDiff[:N*nv]
	sky := sim.SkyOptions{Exec: x, KeepBelowMask: true}
	for i, site := range u.sites {
		acc := u.acc[i]
		ta, err := sim.SkyTracks(ctx, &u.subA, g, site, u.model, sky)
		if err != nil {
			return fmt.Errorf("accuracy: source a: %w", err)
		}
		tb, err := sim.SkyTracks(ctx, &u.subB, g, site, u.model, sky)
		if err != nil {
			return fmt.Errorf("accuracy: source b: %w", err)
		}
		if !slices.Equal(ta.Sats, tb.Sats) {
			return fmt.Errorf("accuracy: the sources track different satellites at site %q", site.Name)
		}
		clear(setDiff)
		// Epoch-major, so that the sums do not depend on the chunking.
		for k := 0; k < N; k++ {
			for t, s := range ta.Sats {
				j := t*N + k
				ea, eb := ta.ElDeg[j], tb.ElDeg[j]
				visA := !math.IsNaN(ea) && ea > u.model.Mask.MinElevationDeg(ta.AzDeg[j])
				visB := !math.IsNaN(eb) && eb > u.model.Mask.MinElevationDeg(tb.AzDeg[j])
				if visA != visB {
					for _, v := range variantsOf[s] {
						setDiff[k*nv+v] = true
					}
				}
				if math.IsNaN(ea) || math.IsNaN(eb) || !(visA || visB) {
					continue
				}
				for _, v := range variantsOf[s] {
					acc[v].el.add(eb-ea, k0+k, s)
				}
			}
		}
		for k := 0; k < N; k++ {
			for v := 0; v < nv; v++ {
				da, db := ra.At(i, k, v), rb.At(i, k, v)
				va := &acc[v]
				if d := db.NVisible - da.NVisible; d != 0 {
					va.visDiff++
					va.visMax = max(va.visMax, abs(d))
				}
				same := !setDiff[k*nv+v]
				if !same {
					va.setDiff++
				}
				if da.Available != db.Available {
					va.availDiff++
				}
				pa, pb := !math.IsNaN(da.PDOP), !math.IsNaN(db.PDOP)
				switch {
				case pa && pb:
					va.pdop.add(db.PDOP-da.PDOP, k0+k, 0)
					if same {
						va.pdopSame.add(db.PDOP-da.PDOP, k0+k, 0)
					}
				case pa:
					va.onlyA++
				case pb:
					va.onlyB++
				}
			}
		}
	}
	return nil
}

func abs(i int) int {
	if i < 0 {
		return -i
	}
	return i
}

// result assembles the per-site effects.
func (u *userEffects) result() []SiteEffects {
	out := make([]SiteEffects, len(u.sites))
	for i, site := range u.sites {
		out[i].Site = site
		for v, va := range u.variants {
			a := &u.acc[i][v]
			e := VariantEffects{Variant: va, Epochs: u.period.N,
				Elevation: a.el.component(u.period, u.pairs, 1),
				PDOP:      a.pdop.component(u.period, nil, 1), PDOPSameSet: a.pdopSame.component(u.period, nil, 1),
				PDOPOnlyA: a.onlyA, PDOPOnlyB: a.onlyB,
				VisibleDiffers: a.visDiff, MaxVisibleDiff: a.visMax, SetDiffers: a.setDiff, AvailabilityDiffers: a.availDiff}
			out[i].Variants = append(out[i].Variants, e)
		}
	}
	return out
}
