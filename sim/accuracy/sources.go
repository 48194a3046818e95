package accuracy

import (
	"context"
	"errors"
	"fmt"

	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/orbit/broadcast"
	"github.com/gnssim/gnssim/orbit/precise"
	"github.com/gnssim/gnssim/sim"
)

// The adapters of this file turn the orbit sources of packages
// orbit/broadcast and orbit/precise into sim.Source values. They are
// self-contained (they use only the exported FillGrid and Satellites of
// those packages) so that they can move to another package unchanged.

// gridFiller is what both orbit sources offer: the positions (km) of one
// satellite over an epoch grid into caller-owned slices, NaN where there is
// no position.
type gridFiller interface {
	FillGrid(sat int, grid orbit.EpochGrid, x, y, z []float64) (int, error)
}

// fillSource is a sim.Source over a gridFiller: satellite s of the list is
// satellite s of the underlying source. It holds no state besides the
// immutable satellite list, so it may serve any number of evaluations,
// concurrently and in any time order.
type fillSource struct {
	f    gridFiller
	sats []sim.Satellite
}

// Satellites implements sim.Source. The slice is shared: do not modify it.
func (s *fillSource) Satellites() []sim.Satellite { return s.sats }

// Fill implements sim.Source: it fills every satellite over dst.Grid with
// the underlying FillGrid. It allocates nothing.
func (s *fillSource) Fill(ctx context.Context, dst *sim.Ephemeris) error {
	if dst == nil {
		return errors.New("accuracy: nil destination ephemeris")
	}
	N := dst.Grid.N
	if N == 0 {
		return nil
	}
	n := len(s.sats) * N
	if len(dst.X) != n || len(dst.Y) != n || len(dst.Z) != n {
		return fmt.Errorf("accuracy: destination arrays of lengths %d, %d, %d; want %d satellites × %d epochs = %d",
			len(dst.X), len(dst.Y), len(dst.Z), len(s.sats), N, n)
	}
	for i := range s.sats {
		if err := ctx.Err(); err != nil {
			return err
		}
		lo, hi := i*N, (i+1)*N
		if _, err := s.f.FillGrid(i, dst.Grid, dst.X[lo:hi], dst.Y[lo:hi], dst.Z[lo:hi]); err != nil {
			return err
		}
	}
	return nil
}

// BroadcastSource returns src as a sim.Source: the satellites of
// src.Satellites() in that order, with System and PRN (RINEX identifier,
// "G05", "R07", "C19") from the navigation file and Name "<PRN> broadcast
// <orbit class>" (e.g. "C05 broadcast GEO"). Positions are those of
// src.FillGrid: Earth-fixed, km, NaN where no usable record covers the
// epoch. The Source is stateless and safe for concurrent use (as src is);
// Fill allocates nothing.
func BroadcastSource(src *broadcast.Source) sim.Source {
	if src == nil {
		return &fillSource{f: nilFiller{}}
	}
	bs := src.Satellites()
	sats := make([]sim.Satellite, len(bs))
	for i, s := range bs {
		sats[i] = sim.Satellite{System: s.Sat.System, PRN: s.ID, Name: s.ID + " broadcast " + s.Orbit.String()}
	}
	return &fillSource{f: src, sats: sats}
}

// PreciseSource returns src as a sim.Source: the satellites of
// src.Satellites() in that order, with System and PRN ("G05", "R07") from
// the SP3 files and Name "<PRN> precise". Positions are those of
// src.FillGrid: Earth-fixed (the files' frame), km, NaN outside the files'
// span and where an interpolation window holds a missing value. The
// Source is stateless and safe for concurrent use (as src is); Fill
// allocates nothing.
func PreciseSource(src *precise.Source) sim.Source {
	if src == nil {
		return &fillSource{f: nilFiller{}}
	}
	ps := src.Satellites()
	sats := make([]sim.Satellite, len(ps))
	for i, s := range ps {
		sats[i] = sim.Satellite{System: s.System, PRN: s.PRN, Name: s.PRN + " precise"}
	}
	return &fillSource{f: src, sats: sats}
}

// nilFiller stands for a nil orbit source: no satellites.
type nilFiller struct{}

func (nilFiller) FillGrid(int, orbit.EpochGrid, []float64, []float64, []float64) (int, error) {
	return 0, errors.New("accuracy: nil orbit source")
}
