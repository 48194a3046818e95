package accuracy_test

import (
	"context"
	"os"
	"testing"

	"github.com/gnssim/gnssim/sim/accuracy"
	"github.com/gnssim/gnssim/sim/dataset"
)

// TestDatasetFileSources: the command line reads navigation and SP3 files
// through sim/dataset (LoadNav, LoadSP3), whose Propagators are stateful
// sim.Sources. Compare gives them the chunks in time order, and the
// result is the one of the stateless adapters of this package: same
// pairs, same statistics to the last bit.
func TestDatasetFileSources(t *testing.T) {
	read := func(path string) []dataset.Input {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return []dataset.Input{{Name: path, Data: data}}
	}
	sp3d, err := dataset.LoadSP3(read(iacPath), dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	navd, err := dataset.LoadNav(read(navPath), dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	got, err := accuracy.Compare(ctx, sp3d.Propagator(dataset.PropagatorOptions{}), navd.Propagator(dataset.PropagatorOptions{}), userGrid, accuracy.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want, err := accuracy.Compare(ctx, accuracy.PreciseSource(preciseSource(t, iacPath)), accuracy.BroadcastSource(broadcastSource(t)), userGrid, accuracy.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Pairs) != len(want.Pairs) || len(got.Satellites) != len(want.Satellites) {
		t.Fatalf("%d pairs through sim/dataset, %d through the adapters", len(got.Pairs), len(want.Pairs))
	}
	for i, s := range got.Satellites {
		w := want.Satellites[i]
		if s.Sat.PRN != w.Sat.PRN || s.D3 != w.D3 || s.R != w.R || s.A != w.A || s.C != w.C || s.Counts != w.Counts || s.Class != w.Class {
			t.Errorf("%s: %+v through sim/dataset, %+v through the adapters", s.Sat.PRN, s, w)
		}
	}
	t.Logf("%d pairs, total 3-D RMS %.3f m either way", len(got.Pairs), got.Total.D3.RMS)
}
