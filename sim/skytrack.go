package sim

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/gnssim/gnssim/orbit"
)

// SkyTrack holds the azimuth and elevation of satellites seen from one site
// over the epochs of an ephemeris, and their passes above the mask.
type SkyTrack struct {
	Site Site            // receiver
	Grid orbit.EpochGrid // epochs
	// Sats are the indices (into Ephemeris.Sats) of the tracked satellites:
	// those of Model.Systems, in index order.
	Sats []int
	// AzDeg and ElDeg are azimuth (degrees clockwise from north, [0, 360))
	// and elevation (degrees) of Sats[i] at epoch k at index i*Grid.N + k.
	// They are NaN where the position is NaN and, unless
	// SkyOptions.KeepBelowMask, where the satellite is not visible.
	AzDeg, ElDeg []float64
	// Passes lists the passes of all tracked satellites, ordered by
	// satellite (Sats order) then time.
	Passes []Pass
}

// Pass is one interval during which a satellite is continuously visible
// (strictly above the mask) at the epochs of the grid.
type Pass struct {
	Sat int // index into Ephemeris.Sats
	// Rise and Set are the mask crossings (UTC), found by linear
	// interpolation of the elevation margin f = el − mask(az) (degrees)
	// between the last epoch on one side of the mask and the first on the
	// other. The error of linear interpolation is about
	// Δt²/8 · |f̈| / |ḟ| at the crossing; for MEO GNSS satellites at a
	// 60 s step it was at most 0.07 s over 24 crossings (constant and
	// azimuth masks, TestSkyTrackRiseSetAccuracy), and grows as Δt².
	Rise, Set time.Time
	// RiseOpen is set when the pass was already in progress at the first
	// epoch of the grid (or right after an epoch whose position is NaN): Rise
	// is then that epoch. SetOpen likewise for the last epoch (or right before
	// a NaN epoch): Set is then that epoch.
	RiseOpen, SetOpen bool
	// FirstEpoch and LastEpoch are the first and last visible grid epochs.
	FirstEpoch, LastEpoch int
	// MaxElDeg is the highest elevation at a grid epoch of the pass, at
	// epoch MaxElEpoch.
	MaxElDeg   float64
	MaxElEpoch int
}

// SkyOptions are the options of SkyTracks.
type SkyOptions struct {
	Exec
	// KeepBelowMask makes SkyTracks report azimuth/elevation at every epoch
	// with a valid position, instead of NaN when the satellite is not visible.
	KeepBelowMask bool
}

// SkyTracks computes the azimuth/elevation of every satellite of m.Systems
// seen from site at every epoch of period, and its passes above m.Mask
// (visibility as in SiteSeries: strictly above the mask). Positions come
// from src a chunk at a time; the result itself holds every epoch
// (O(satellites × epochs)).
func SkyTracks(ctx context.Context, src Source, period orbit.EpochGrid, site Site, m Model, opt SkyOptions) (*SkyTrack, error) {
	if ctx == nil {
		panic("sim: nil context")
	}
	if err := site.Validate(); err != nil {
		return nil, fmt.Errorf("sky tracks: %w", err)
	}
	ch, err := newChunker(src, period, opt.Exec)
	if err != nil {
		return nil, fmt.Errorf("sky tracks: %w", err)
	}
	c, err := m.config(ch.sats)
	if err != nil {
		return nil, fmt.Errorf("sky tracks: %w", err)
	}
	N := period.N
	f := newRxFrame(site)
	t := &SkyTrack{Site: site, Grid: period}
	for s, sat := range ch.sats {
		if c.slot(sat.System) >= 0 {
			t.Sats = append(t.Sats, s)
		}
	}
	n := len(t.Sats) * N
	t.AzDeg = make([]float64, n)
	t.ElDeg = make([]float64, n)
	vis := make([]bool, n)
	valid := make([]bool, n)
	margin := make([]float64, n) // el − mask(az), degrees
	prog := newProgressTicker(opt.Progress, N)
	err = ch.each(ctx, func(eph *Ephemeris, k0 int) error {
		cn := eph.Grid.N
		for i, s := range t.Sats {
			for kc := 0; kc < cn; kc++ {
				j := s*cn + kc
				k := i*N + k0 + kc
				x := eph.X[j]
				vis[k], valid[k] = false, false
				if math.IsNaN(x) {
					t.AzDeg[k], t.ElDeg[k], margin[k] = math.NaN(), math.NaN(), math.NaN()
					continue
				}
				valid[k] = true
				dE, dN, dU, d2 := f.enu(x, eph.Y[j], eph.Z[j])
				a, e := azimuthDeg(dE, dN), elevationDeg(dE, dN, dU)
				margin[k] = e - m.Mask.MinElevationDeg(a)
				vis[k] = c.mt.visible(dE, dN, dU, d2)
				if vis[k] || opt.KeepBelowMask {
					t.AzDeg[k], t.ElDeg[k] = a, e
				} else {
					t.AzDeg[k], t.ElDeg[k] = math.NaN(), math.NaN()
				}
			}
		}
		prog.set(k0 + cn)
		return nil
	})
	if err != nil {
		return nil, err
	}
	for i, s := range t.Sats {
		r := i * N
		t.Passes = appendPasses(t.Passes, s, period, vis[r:r+N], valid[r:r+N], margin[r:r+N], t.ElDeg[r:r+N], c)
	}
	return t, nil
}

// appendPasses finds the runs of visible epochs and their interpolated
// crossings.
func appendPasses(passes []Pass, sat int, g orbit.EpochGrid, vis, valid []bool, margin, el []float64, c *config) []Pass {
	N := len(vis)
	for k := 0; k < N; {
		if !vis[k] {
			k++
			continue
		}
		p := Pass{Sat: sat, FirstEpoch: k, MaxElDeg: math.Inf(-1)}
		for k < N && vis[k] {
			if el[k] > p.MaxElDeg {
				p.MaxElDeg, p.MaxElEpoch = el[k], k
			}
			k++
		}
		p.LastEpoch = k - 1
		a := p.FirstEpoch
		if a == 0 || !valid[a-1] {
			p.RiseOpen, p.Rise = true, g.Time(a)
		} else {
			p.Rise = crossing(g, a-1, margin[a-1], margin[a])
		}
		b := p.LastEpoch
		if b == N-1 || !valid[b+1] {
			p.SetOpen, p.Set = true, g.Time(b)
		} else {
			p.Set = crossing(g, b, margin[b], margin[b+1])
		}
		passes = append(passes, p)
	}
	return passes
}

// crossing returns the time between epochs k and k+1 where the linear
// interpolant of the margin from f0 (epoch k) to f1 (epoch k+1) is zero,
// clamped to the interval.
func crossing(g orbit.EpochGrid, k int, f0, f1 float64) time.Time {
	frac := 1.0
	if f0 != f1 {
		frac = f0 / (f0 - f1)
	}
	frac = math.Min(1, math.Max(0, frac))
	return g.Time(k).Add(time.Duration(math.Round(frac * float64(g.Step))))
}
