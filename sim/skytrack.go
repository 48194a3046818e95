package sim

import (
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
	// those of Options.Systems, in index order.
	Sats []int
	// AzDeg and ElDeg are azimuth (degrees clockwise from north, [0, 360))
	// and elevation (degrees) of Sats[i] at epoch k at index i*Grid.N + k.
	// They are NaN where the position is NaN and, unless
	// Options.KeepBelowMask, where the satellite is not visible.
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

// SkyTracks computes the azimuth/elevation of every satellite of
// opt.Systems seen from site at every epoch of eph, and its passes above
// opt.Mask (visibility as in SiteSeries: strictly above the mask).
func SkyTracks(eph *Ephemeris, site Site, opt Options) (*SkyTrack, error) {
	if err := eph.Validate(); err != nil {
		return nil, fmt.Errorf("sky tracks: %w", err)
	}
	if err := site.Validate(); err != nil {
		return nil, fmt.Errorf("sky tracks: %w", err)
	}
	c, err := opt.config(eph)
	if err != nil {
		return nil, fmt.Errorf("sky tracks: %w", err)
	}
	N := eph.Grid.N
	f := newRxFrame(site)
	t := &SkyTrack{Site: site, Grid: eph.Grid}
	for s, sat := range eph.Sats {
		if c.slot(sat.System) >= 0 {
			t.Sats = append(t.Sats, s)
		}
	}
	t.AzDeg = make([]float64, len(t.Sats)*N)
	t.ElDeg = make([]float64, len(t.Sats)*N)
	vis := make([]bool, N)
	valid := make([]bool, N)
	margin := make([]float64, N) // el − mask(az), degrees
	for i, s := range t.Sats {
		az, el := t.AzDeg[i*N:][:N], t.ElDeg[i*N:][:N]
		for k := 0; k < N; k++ {
			j := s*N + k
			x := eph.X[j]
			vis[k], valid[k] = false, false
			if math.IsNaN(x) {
				az[k], el[k], margin[k] = math.NaN(), math.NaN(), math.NaN()
				continue
			}
			valid[k] = true
			dE, dN, dU, d2 := f.enu(x, eph.Y[j], eph.Z[j])
			a, e := azimuthDeg(dE, dN), elevationDeg(dE, dN, dU)
			margin[k] = e - opt.Mask.MinElevationDeg(a)
			vis[k] = c.mt.visible(dE, dN, dU, d2)
			if vis[k] || opt.KeepBelowMask {
				az[k], el[k] = a, e
			} else {
				az[k], el[k] = math.NaN(), math.NaN()
			}
		}
		t.Passes = appendPasses(t.Passes, s, eph.Grid, vis, valid, margin, t.ElDeg[i*N:][:N], c)
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
