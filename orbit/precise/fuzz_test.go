package precise

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gnssim/gnssim/ephemeris/sp3"
	"github.com/gnssim/gnssim/orbit"
)

// FuzzSource feeds any SP3 text the reader accepts (leniently) to New and
// checks, for any number of points:
//   - no panic; New either fails or returns a usable Source;
//   - positions are available exactly where no Gap covers the instant, and
//     at a tabulated epoch with a position available it is the tabulated
//     one, bit for bit;
//   - FillGrid agrees with Position at every epoch of a grid over the span.
//
// Seeds: the reader's fixtures, and the corpus in testdata/fuzz/FuzzSource/.
func FuzzSource(f *testing.F) {
	names, err := filepath.Glob(filepath.Join(sp3Dir, "*.sp3"))
	if err != nil {
		f.Fatal(err)
	}
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, uint8(4))
	}
	f.Fuzz(func(t *testing.T, data []byte, pts uint8) {
		file, err := sp3.Read("fuzz", bytes.NewReader(data), sp3.Options{})
		if err != nil {
			return
		}
		if h := file.Interval(); h > 0 && file.Epochs[len(file.Epochs)-1].Sub(file.Epochs[0])/h > 20000 {
			return // a legal but huge grid: not this fuzz target's business
		}
		src, err := New([]*sp3.File{file}, Options{Points: 2 + 2*int(pts%6)})
		if err != nil {
			return
		}
		inGap := func(sat int, tt time.Time) bool {
			_, end := src.Span()
			for _, g := range src.Gaps() {
				if g.Sat == sat && !tt.Before(g.Start) && (tt.Before(g.End) || (g.End.Equal(end) && tt.Equal(end))) {
					return true
				}
			}
			return false
		}
		for sat := range src.Satellites() {
			for j := 0; j < src.Nodes(); j++ {
				tt := src.NodeTime(j)
				p, ok := src.Position(sat, tt)
				if ok == inGap(sat, tt) {
					t.Fatalf("sat %d node %d: available %v, in a gap %v", sat, j, ok, inGap(sat, tt))
				}
				if ok && p != src.NodePosition(sat, j) {
					t.Fatalf("sat %d node %d: %v, tabulated %v", sat, j, p, src.NodePosition(sat, j))
				}
			}
			start, end := src.Span()
			step := src.Interval() / 3
			grid := orbit.EpochGrid{Start: start.Add(-step), Step: step, N: int(end.Sub(start)/step) + 3}
			x, y, z := make([]float64, grid.N), make([]float64, grid.N), make([]float64, grid.N)
			n, err := src.FillGrid(sat, grid, x, y, z)
			if err != nil {
				t.Fatal(err)
			}
			avail := 0
			for k := 0; k < grid.N; k++ {
				p, ok := src.Position(sat, grid.Time(k))
				if ok != !math.IsNaN(x[k]) || (ok && p != [3]float64{x[k], y[k], z[k]}) {
					t.Fatalf("sat %d epoch %d: FillGrid %v %v %v, Position %v %v", sat, k, x[k], y[k], z[k], p, ok)
				}
				if ok {
					avail++
				}
			}
			if n != avail || !math.IsNaN(x[0]) || !math.IsNaN(x[grid.N-1]) {
				t.Fatalf("sat %d: count %d vs %d, or extrapolated", sat, n, avail)
			}
		}
	})
}
