package integrity

import (
	"context"
	"testing"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/dataset"
)

// TestEpochsAllocateNothing: once its buffers have seen the largest sky, the
// per-epoch work of the engines — building a receiver's sky, evaluating it,
// accumulating a map cell — allocates nothing, so a series or a map
// allocates per chunk, never per epoch or cell.
func TestEpochsAllocateNothing(t *testing.T) {
	ds, err := dataset.Load(dataset.BuiltinInputs(), dataset.Options{Systems: []ephemeris.System{ephemeris.GLONASS, ephemeris.BeiDou}})
	if err != nil {
		t.Fatal(err)
	}
	grid := orbit.EpochGrid{Start: time.Date(2026, 3, 19, 0, 0, 0, 0, time.UTC), Step: time.Hour, N: 24}
	eph, _, err := ds.Ephemeris(context.Background(), grid, dataset.PropagatorOptions{})
	if err != nil {
		t.Fatal(err)
	}
	m := Model{Systems: ds.Systems, Mask: sim.Mask{ElevationDeg: 5}, Config: DefaultConfig()}
	r, err := m.resolve()
	if err != nil {
		t.Fatal(err)
	}
	pool, err := newEvalPool(r, eph.Sats, 1)
	if err != nil {
		t.Fatal(err)
	}
	w := pool.workers[0]
	frames := []rxFrame{newRxFrame(39.9, 116.4, 50), newRxFrame(-33.9, 18.4, 0), newRxFrame(78, 15, 0)}
	acc := newCellAcc(len(frames))
	svc := r.cfg.Service
	var res Result
	pass := func() {
		for k := 0; k < grid.N; k++ {
			for f := range frames {
				w.sky.build(eph, &frames[f], &r.mask, k)
				for v := 0; v <= len(m.Systems); v++ {
					if err := w.ev.Evaluate(&res, w.sky.variant(v)); err != nil {
						t.Fatal(err)
					}
				}
				acc.add(f, &res, &svc)
			}
		}
	}
	pass() // the buffers grow to the largest sky
	if n := testing.AllocsPerRun(3, pass); n != 0 {
		t.Errorf("%v allocations per %d epochs × %d receivers", n, grid.N, len(frames))
	}
}
