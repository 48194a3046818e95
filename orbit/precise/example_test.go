package precise_test

import (
	"fmt"
	"path/filepath"
	"time"

	"github.com/gnssim/gnssim/ephemeris/sp3"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/orbit/precise"
)

// Merge two days of precise orbits and interpolate one satellite at a UTC
// instant, then fill a whole grid of epochs for the engine.
func Example() {
	dir := filepath.Join("..", "..", "ephemeris", "sp3", "testdata")
	var files []*sp3.File
	for _, name := range []string{"GRG0MGXFIN_20201760000_01D_15M_ORB.SP3.gz", "GRG0MGXFIN_20201770000_01D_15M_ORB.SP3.gz"} {
		f, err := sp3.ReadFile(filepath.Join(dir, name), sp3.Options{})
		if err != nil {
			fmt.Println(err)
			return
		}
		files = append(files, f)
	}
	src, err := precise.New(files, precise.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	start, end := src.Span()
	fmt.Println("span (UTC):", start.Format(time.RFC3339), "to", end.Format(time.RFC3339))
	fmt.Println("satellites:", len(src.Satellites()), "gaps:", len(src.Gaps()))

	r07 := src.Index("R07")
	p, ok := src.Position(r07, time.Date(2020, 6, 25, 12, 3, 0, 0, time.UTC))
	fmt.Printf("R07 at 12:03 UTC: %.3f %.3f %.3f km (%v)\n", p[0], p[1], p[2], ok)

	grid := orbit.EpochGrid{Start: time.Date(2020, 6, 25, 0, 0, 0, 0, time.UTC), Step: 30 * time.Second, N: 2880}
	batch := orbit.NewBatch(1, grid.N, false)
	if err := src.FillBatch(batch, []int{r07}, grid); err != nil {
		fmt.Println(err)
		return
	}
	available := 0
	for _, st := range batch.Status {
		if st == orbit.StatusOK {
			available++
		}
	}
	fmt.Println("epochs with a position:", available, "of", grid.N)
	// Output:
	// span (UTC): 2020-06-23T23:59:42Z to 2020-06-25T23:44:42Z
	// satellites: 75 gaps: 0
	// R07 at 12:03 UTC: -5351.541 -19183.921 -15873.316 km (true)
	// epochs with a position: 2850 of 2880
}
