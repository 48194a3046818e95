package orbit

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
)

// loadSnapshotSGP4 reads real GLONASS and BeiDou TLEs from the 2026-03-18 snapshot.
func loadSnapshotSGP4(t testing.TB) []*SGP4 {
	t.Helper()
	var out []*SGP4
	for _, f := range []string{"glonass.tle", "beidou.tle"} {
		path := filepath.Join("..", "testdata", "tle", "2026-03-18", f)
		sets, problems, err := ephemeris.ReadFile(path, ephemeris.ReadOptions{})
		if err != nil || len(problems) > 0 {
			t.Fatalf("read %s: %v %v", path, err, problems)
		}
		for _, es := range sets {
			p, err := NewSGP4(es)
			if err != nil {
				t.Fatalf("%s: %v", es.Name, err)
			}
			out = append(out, p)
		}
	}
	return out
}

func TestPropagateBatchMatchesScalar(t *testing.T) {
	sats := loadSnapshotSGP4(t)
	grid := EpochGrid{Start: time.Date(2026, 3, 18, 0, 0, 0, 250_000_000, time.UTC), Step: 97*time.Second + 125*time.Millisecond, N: 60}
	for _, frame := range []Frame{FrameECEF, FrameTEME} {
		dst := NewBatch(len(sats), grid.N, true)
		if err := PropagateBatch(context.Background(), dst, sats, grid, BatchOptions{Frame: frame}); err != nil {
			t.Fatal(err)
		}
		var maxDr, maxDv float64
		for s, p := range sats {
			for k := 0; k < grid.N; k++ {
				tk := grid.Time(k)
				r, v, err := p.Propagate(tk)
				if err != nil {
					t.Fatalf("sat %d epoch %d: %v", s, k, err)
				}
				if frame == FrameECEF {
					r, v = TEMEToECEF(r, v, tk, EOP{})
				}
				i := dst.Index(s, k)
				if dst.Status[i] != StatusOK {
					t.Fatalf("status %d", dst.Status[i])
				}
				maxDr = math.Max(maxDr, math.Hypot(math.Hypot(dst.X[i]-r[0], dst.Y[i]-r[1]), dst.Z[i]-r[2]))
				maxDv = math.Max(maxDv, math.Hypot(math.Hypot(dst.VX[i]-v[0], dst.VY[i]-v[1]), dst.VZ[i]-v[2]))
			}
		}
		// The batch forms tsince exactly as the scalar path does and
		// TEMEToECEF and the shared EarthRotation agree to rounding
		// (frames_test.go), so 1e-12 km (1 nm) is generous.
		if maxDr > 1e-12 || maxDv > 1e-15 {
			t.Errorf("frame %v: batch vs scalar: max |dr| = %g km, |dv| = %g km/s", frame, maxDr, maxDv)
		}
	}
}

func TestPropagateBatchWorkersBitIdentical(t *testing.T) {
	sats := loadSnapshotSGP4(t)
	grid := EpochGrid{Start: time.Date(2026, 3, 18, 0, 0, 0, 0, time.UTC), Step: 5 * time.Minute, N: 288}
	var ref *Batch
	for _, w := range []int{1, 2, 3, 7} {
		dst := NewBatch(len(sats), grid.N, false)
		if err := PropagateBatch(context.Background(), dst, sats, grid, BatchOptions{Workers: w}); err != nil {
			t.Fatal(err)
		}
		if ref == nil {
			ref = dst
			continue
		}
		for i := range ref.X {
			if math.Float64bits(ref.X[i]) != math.Float64bits(dst.X[i]) || math.Float64bits(ref.Z[i]) != math.Float64bits(dst.Z[i]) {
				t.Fatalf("workers=%d: element %d differs", w, i)
			}
		}
	}
}

// TestPropagateBatchFailureStatus uses Vallado's 28872 (MINOTAUR R/B), which
// decays at tsince = 55 min with SGP4 error 6 (tcppver.out, README there).
func TestPropagateBatchFailureStatus(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "sgp4-verification", "SGP4-VER.TLE"))
	if err != nil {
		t.Fatal(err)
	}
	cases, err := ephemeris.ParseVerificationTLE(strings.NewReader(string(data)), ephemeris.ReadOptions{SkipChecksum: true})
	if err != nil {
		t.Fatal(err)
	}
	var p *SGP4
	for _, c := range cases {
		if c.Set.CatalogNumber == 28872 {
			p, err = NewSGP4(c.Set)
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	if p == nil {
		t.Fatal("28872 not found")
	}
	grid := EpochGrid{Start: p.Epoch(), Step: 5 * time.Minute, N: 13} // 0..60 min
	dst := NewBatch(1, grid.N, true)
	if err := PropagateBatch(context.Background(), dst, []*SGP4{p}, grid, BatchOptions{Frame: FrameTEME}); err != nil {
		t.Fatal(err)
	}
	for k := 0; k < grid.N; k++ {
		wantFail := k*5 >= 55
		i := dst.Index(0, k)
		if got := dst.Status[i] != StatusOK; got != wantFail {
			t.Errorf("t=%d min: status %d, want failure=%v", k*5, dst.Status[i], wantFail)
		}
		if wantFail && (dst.Status[i] != 6 || !math.IsNaN(dst.X[i]) || !math.IsNaN(dst.VZ[i])) {
			t.Errorf("t=%d min: status %d x=%g, want code 6 and NaN", k*5, dst.Status[i], dst.X[i])
		}
	}
}

func TestPropagateBatchMisuse(t *testing.T) {
	sats := loadSnapshotSGP4(t)[:2]
	grid := EpochGrid{Start: time.Date(2026, 3, 18, 0, 0, 0, 0, time.UTC), Step: time.Minute, N: 10}
	cases := []struct {
		name string
		dst  *Batch
		grid EpochGrid
		sats []*SGP4
	}{
		{"nil dst", nil, grid, sats},
		{"wrong size", NewBatch(2, 9, false), grid, sats},
		{"bad grid", NewBatch(2, 10, false), EpochGrid{Start: grid.Start, Step: 0, N: 10}, sats},
		{"nil sat", NewBatch(2, 10, false), grid, []*SGP4{sats[0], nil}},
	}
	for _, c := range cases {
		if err := PropagateBatch(context.Background(), c.dst, c.sats, c.grid, BatchOptions{}); err == nil {
			t.Errorf("%s: want an error", c.name)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := PropagateBatch(ctx, NewBatch(2, 10, false), sats, grid, BatchOptions{}); err == nil {
		t.Error("cancelled context: want an error")
	}
}

// TestPropagateBatchAllocsIndependentOfEpochs pins the hot loop: the
// allocations of a call do not grow with the number of epochs.
func TestPropagateBatchAllocsIndependentOfEpochs(t *testing.T) {
	sats := loadSnapshotSGP4(t)
	allocs := func(n int) float64 {
		grid := EpochGrid{Start: time.Date(2026, 3, 18, 0, 0, 0, 0, time.UTC), Step: time.Minute, N: n}
		dst := NewBatch(len(sats), n, false)
		return testing.AllocsPerRun(3, func() {
			if err := PropagateBatch(context.Background(), dst, sats, grid, BatchOptions{Workers: 2, Frame: FrameTEME}); err != nil {
				t.Fatal(err)
			}
		})
	}
	a10, a1000 := allocs(10), allocs(1000)
	if a1000 > a10 {
		t.Errorf("allocations grow with epochs: %v for 10 epochs, %v for 1000", a10, a1000)
	}
}
