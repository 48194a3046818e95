package accuracy_test

import (
	"context"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/accuracy"
)

// filler is what both orbit sources offer.
type filler interface {
	FillGrid(sat int, grid orbit.EpochGrid, x, y, z []float64) (int, error)
}

// TestAdapters: BroadcastSource and PreciseSource list the satellites of
// the underlying source in its order with its identifiers, fill exactly
// what FillGrid gives, allocate nothing per Fill, give the same positions
// from several goroutines at once, and refuse destinations of the wrong
// size with an error.
func TestAdapters(t *testing.T) {
	nav := broadcastSource(t)
	iac := preciseSource(t, iacPath)
	grid := orbit.EpochGrid{Start: time.Date(2020, 6, 25, 1, 0, 0, 0, time.UTC), Step: time.Minute, N: 120}
	cases := []struct {
		name  string
		src   sim.Source
		f     filler
		ids   []string
		name0 string
	}{
		{"broadcast", accuracy.BroadcastSource(nav), nav, func() (ids []string) {
			for _, s := range nav.Satellites() {
				ids = append(ids, s.ID)
			}
			return
		}(), "R01 broadcast MEO"},
		{"precise", accuracy.PreciseSource(iac), iac, func() (ids []string) {
			for _, s := range iac.Satellites() {
				ids = append(ids, s.PRN)
			}
			return
		}(), "R01 precise"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sats := c.src.Satellites()
			if len(sats) != len(c.ids) || len(sats) == 0 {
				t.Fatalf("%d satellites, want %d", len(sats), len(c.ids))
			}
			for i, s := range sats {
				if s.PRN != c.ids[i] || s.System.Letter() != c.ids[i][:1] {
					t.Errorf("satellite %d: %+v, want %s", i, s, c.ids[i])
				}
			}
			if sats[0].Name != c.name0 {
				t.Errorf("name %q, want %q", sats[0].Name, c.name0)
			}
			n := len(sats) * grid.N
			eph := &sim.Ephemeris{Grid: grid, Sats: sats, X: make([]float64, n), Y: make([]float64, n), Z: make([]float64, n)}
			ctx := context.Background()
			if err := c.src.Fill(ctx, eph); err != nil {
				t.Fatal(err)
			}
			if err := eph.Validate(); err != nil {
				t.Fatal(err)
			}
			x, y, z := make([]float64, grid.N), make([]float64, grid.N), make([]float64, grid.N)
			nan := 0
			for s := range sats {
				if _, err := c.f.FillGrid(s, grid, x, y, z); err != nil {
					t.Fatal(err)
				}
				for k := range grid.N {
					i := s*grid.N + k
					if !same(eph.X[i], x[k]) || !same(eph.Y[i], y[k]) || !same(eph.Z[i], z[k]) {
						t.Fatalf("%s epoch %d: %v %v %v, FillGrid %v %v %v", sats[s].PRN, k, eph.X[i], eph.Y[i], eph.Z[i], x[k], y[k], z[k])
					}
					if math.IsNaN(x[k]) {
						nan++
					}
				}
			}
			t.Logf("%d satellites × %d epochs, %d without a position", len(sats), grid.N, nan)
			if allocs := testing.AllocsPerRun(5, func() { _ = c.src.Fill(ctx, eph) }); allocs != 0 {
				t.Errorf("%.0f allocations per Fill", allocs)
			}
			// Concurrent use: four goroutines, each its own destination.
			var wg sync.WaitGroup
			errs := make([]error, 4)
			for g := range errs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					e := &sim.Ephemeris{Grid: grid, Sats: sats, X: make([]float64, n), Y: make([]float64, n), Z: make([]float64, n)}
					if err := c.src.Fill(ctx, e); err != nil {
						errs[g] = err
						return
					}
					for i := range e.X {
						if !same(e.X[i], eph.X[i]) || !same(e.Y[i], eph.Y[i]) || !same(e.Z[i], eph.Z[i]) {
							errs[g] = errDiffer
							return
						}
					}
				}()
			}
			wg.Wait()
			for _, err := range errs {
				if err != nil {
					t.Error(err)
				}
			}
			// Misuse is an error, not a panic.
			bad := &sim.Ephemeris{Grid: grid, Sats: sats, X: make([]float64, n-1), Y: make([]float64, n), Z: make([]float64, n)}
			if err := c.src.Fill(ctx, bad); err == nil {
				t.Error("short destination accepted")
			}
			if err := c.src.Fill(ctx, nil); err == nil {
				t.Error("nil destination accepted")
			}
			cctx, cancel := context.WithCancel(ctx)
			cancel()
			if err := c.src.Fill(cctx, eph); err == nil {
				t.Error("cancelled context ignored")
			}
			empty := &sim.Ephemeris{Grid: orbit.EpochGrid{Start: grid.Start}, Sats: sats}
			if err := c.src.Fill(ctx, empty); err != nil {
				t.Errorf("empty grid: %v", err)
			}
		})
	}
	// Nil orbit sources give a source without satellites.
	for _, src := range []sim.Source{accuracy.BroadcastSource(nil), accuracy.PreciseSource(nil)} {
		if len(src.Satellites()) != 0 {
			t.Error("nil source has satellites")
		}
	}
}

var errDiffer = errorString("concurrent Fill gave different positions")

type errorString string

func (e errorString) Error() string { return string(e) }

// same is equality with NaN equal to NaN.
func same(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }
