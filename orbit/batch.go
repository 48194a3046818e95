package orbit

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"
)

// Frame selects the output frame of the batch propagator.
type Frame uint8

const (
	FrameECEF Frame = iota // Earth-fixed (TEME rotated by GMST82, optional EOP); the default
	FrameTEME              // SGP4's true equator, mean equinox frame
)

// String returns "ecef" or "teme".
func (f Frame) String() string {
	switch f {
	case FrameECEF:
		return "ecef"
	case FrameTEME:
		return "teme"
	}
	return fmt.Sprintf("frame(%d)", uint8(f))
}

// ParseFrame accepts "ecef" or "teme" (case-sensitive lower case, as on the command line).
func ParseFrame(s string) (Frame, error) {
	switch s {
	case "ecef":
		return FrameECEF, nil
	case "teme":
		return FrameTEME, nil
	}
	return 0, fmt.Errorf("unknown frame %q (want ecef or teme)", s)
}

// StatusOK is the Batch.Status value of an element that propagated. Any
// other value is an SGP4 error code (1..6, see SGP4Meaning), or
// StatusNotFinite for a non-finite result or time out of range.
const (
	StatusOK        uint8 = 0
	StatusNotFinite uint8 = 255
)

// Batch is a struct-of-arrays buffer of propagated states: NSat satellites at
// NEpoch epochs, satellite-major: element s*NEpoch+k is satellite s at epoch
// k. Positions are km, velocities km/s, in the frame asked of
// PropagateBatch. A failed element has NaN position and velocity and a
// non-zero Status. The caller allocates it once (NewBatch) and may reuse it.
type Batch struct {
	NSat, NEpoch int
	X, Y, Z      []float64
	VX, VY, VZ   []float64 // nil when the batch was made without velocities
	Status       []uint8
}

// NewBatch allocates a batch for nSat satellites and nEpoch epochs, with
// velocity arrays when withVelocity is true.
func NewBatch(nSat, nEpoch int, withVelocity bool) *Batch {
	n := nSat * nEpoch
	b := &Batch{NSat: nSat, NEpoch: nEpoch,
		X: make([]float64, n), Y: make([]float64, n), Z: make([]float64, n),
		Status: make([]uint8, n)}
	if withVelocity {
		b.VX, b.VY, b.VZ = make([]float64, n), make([]float64, n), make([]float64, n)
	}
	return b
}

// Index returns the element index of satellite s at epoch k.
func (b *Batch) Index(s, k int) int { return s*b.NEpoch + k }

func (b *Batch) check(nSat int, grid EpochGrid) error {
	if b == nil {
		return errors.New("propagate batch: nil destination")
	}
	if b.NSat != nSat || b.NEpoch != grid.N {
		return fmt.Errorf("propagate batch: destination is %d satellites × %d epochs, want %d × %d", b.NSat, b.NEpoch, nSat, grid.N)
	}
	n := nSat * grid.N
	if len(b.X) != n || len(b.Y) != n || len(b.Z) != n || len(b.Status) != n {
		return fmt.Errorf("propagate batch: destination arrays must have length %d", n)
	}
	if b.VX != nil || b.VY != nil || b.VZ != nil {
		if len(b.VX) != n || len(b.VY) != n || len(b.VZ) != n {
			return fmt.Errorf("propagate batch: velocity arrays must all have length %d or all be nil", n)
		}
	}
	return nil
}

// BatchOptions tunes PropagateBatch. The zero value means ECEF, UT1 = UTC and
// no polar motion, GOMAXPROCS workers.
type BatchOptions struct {
	Frame   Frame
	EOP     EOP
	Workers int // <= 0: runtime.GOMAXPROCS(0)
	// Scratch, if not nil, holds memory reused from one call to the next
	// (the per-epoch Earth rotations), so that propagating a long period
	// chunk after chunk allocates nothing per chunk.
	Scratch *BatchScratch
}

// BatchScratch is reusable memory of PropagateBatch; the zero value is
// ready to use. It must not be shared by concurrent calls.
type BatchScratch struct {
	rot []EarthRotation
}

// PropagateBatch propagates every satellite over the epoch grid into dst.
// Satellites are spread over workers (each satellite's row is written by one
// worker, so results do not depend on the worker count); the Earth rotation
// of each epoch is computed once and shared by all satellites; the loop over
// epochs allocates nothing. Per-element failures are recorded in dst.Status
// (with NaN states), not returned as an error; the error is for misuse
// (sizes, an invalid grid) and for a cancelled context, which is checked
// between satellites.
func PropagateBatch(ctx context.Context, dst *Batch, sats []*SGP4, grid EpochGrid, opt BatchOptions) error {
	if err := grid.Validate(); err != nil {
		return fmt.Errorf("propagate batch: %w", err)
	}
	if err := dst.check(len(sats), grid); err != nil {
		return err
	}
	for i, s := range sats {
		if s == nil {
			return fmt.Errorf("propagate batch: satellite %d is nil", i)
		}
	}
	if opt.Frame != FrameECEF && opt.Frame != FrameTEME {
		return fmt.Errorf("propagate batch: unknown frame %v", opt.Frame)
	}
	var rot []EarthRotation
	if opt.Frame == FrameECEF {
		if err := opt.EOP.Validate(); err != nil {
			return fmt.Errorf("propagate batch: %w", err)
		}
		if opt.Scratch != nil {
			if cap(opt.Scratch.rot) < grid.N {
				opt.Scratch.rot = make([]EarthRotation, grid.N)
			}
			rot = opt.Scratch.rot[:grid.N]
		} else {
			rot = make([]EarthRotation, grid.N)
		}
		for k := range rot {
			rot[k] = NewEarthRotation(grid.Time(k), opt.EOP)
		}
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if workers > len(sats) {
		workers = len(sats)
	}
	if ctx == nil {
		ctx = context.Background()
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				s := int(next.Add(1) - 1)
				if s >= len(sats) || ctx.Err() != nil {
					return
				}
				propagateRow(dst, s, sats[s], grid, rot)
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("propagate batch: %w", err)
	}
	return nil
}

// propagateRow fills satellite s's row of dst. Times since epoch are formed
// from whole seconds and nanoseconds, so no precision is lost below a second.
func propagateRow(dst *Batch, s int, p *SGP4, grid EpochGrid, rot []EarthRotation) {
	base := s * grid.N
	nan := math.NaN()
	for k := 0; k < grid.N; k++ {
		i := base + k
		// The same arithmetic as SGP4.Propagate(grid.Time(k)), so the batch
		// and the scalar path agree bit for bit.
		tsince := sgpMinutesSince(grid.Time(k), p.epoch)
		var code int
		var r, v [3]float64
		if math.IsNaN(tsince) || math.Abs(tsince) > maxAbsTsinceMin {
			code = int(StatusNotFinite)
		} else {
			r, v, code = p.sgp4(tsince)
			if code == 0 {
				if sum := r[0] + r[1] + r[2] + v[0] + v[1] + v[2]; sum-sum != 0 {
					code = int(StatusNotFinite)
				}
			}
		}
		if code != 0 {
			dst.X[i], dst.Y[i], dst.Z[i] = nan, nan, nan
			if dst.VX != nil {
				dst.VX[i], dst.VY[i], dst.VZ[i] = nan, nan, nan
			}
			dst.Status[i] = uint8(code)
			continue
		}
		if rot != nil {
			if dst.VX != nil {
				r, v = rot[k].TEMEToECEF(r, v)
			} else {
				r = rot[k].TEMEToECEFPos(r)
			}
		}
		dst.X[i], dst.Y[i], dst.Z[i] = r[0], r[1], r[2]
		if dst.VX != nil {
			dst.VX[i], dst.VY[i], dst.VZ[i] = v[0], v[1], v[2]
		}
		dst.Status[i] = StatusOK
	}
}

// GridTsince returns minutes from epoch to grid epoch k for one satellite,
// computed as PropagateBatch does (for callers that label rows).
func GridTsince(p *SGP4, grid EpochGrid, k int) float64 {
	return sgpMinutesSince(grid.Time(k), p.epoch)
}
