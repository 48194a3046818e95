package broadcast_test

import (
	"fmt"
	"math"
	"time"

	"github.com/gnssim/gnssim/ephemeris/rinex"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/orbit/broadcast"
)

// From a RINEX navigation file to positions on an epoch grid, with gaps.
func ExampleSource() {
	f, err := rinex.ReadFile("../../ephemeris/rinex/testdata/ESBC00DNK_R_20201770000_01D_MN.rnx.gz", rinex.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	src, err := broadcast.NewSource(f, broadcast.Options{}) // I/NAV for Galileo, healthy records only
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(src.Len(), "satellites")

	for _, id := range []string{"G01", "R07", "C05", "E11"} {
		i, _ := src.Index(id)
		s := src.Satellites()[i]
		p, ok := src.Position(i, time.Date(2020, 6, 25, 7, 0, 0, 0, time.UTC))
		if !ok {
			fmt.Printf("%s %-4v no valid record at 07:00\n", id, s.Orbit)
			continue
		}
		lat, lon, h := orbit.ECEFToGeodetic(p)
		fmt.Printf("%s %-4v k=%+d lat %6.2f° lon %7.2f° height %.0f km\n", id, s.Orbit, s.FreqChannel, lat*180/math.Pi, lon*180/math.Pi, h)
	}

	// A whole day at 30 s for R07 into caller-owned slices: NaN in gaps.
	grid := orbit.EpochGrid{Start: time.Date(2020, 6, 25, 0, 0, 0, 0, time.UTC), Step: 30 * time.Second, N: 2880}
	x, y, z := make([]float64, grid.N), make([]float64, grid.N), make([]float64, grid.N)
	r07, _ := src.Index("R07")
	n, _ := src.FillGrid(r07, grid, x, y, z)
	fmt.Println("R07:", n, "of", grid.N, "epochs with a position")
	for _, g := range src.Gaps(r07, grid.Start, grid.Time(grid.N)) {
		fmt.Printf("R07 gap %s-%s\n", g.Start.Format("15:04:05"), g.End.Format("15:04:05"))
	}
	// Output:
	// 108 satellites
	// G01 MEO  k=+0 lat   5.69° lon -145.72° height 20344 km
	// R07 MEO  k=+5 lat  53.10° lon  167.37° height 19185 km
	// C05 GEO  k=+0 lat   0.29° lon   58.76° height 35781 km
	// E11 MEO  k=+0 lat  54.86° lon   91.33° height 23225 km
	// R07: 1084 of 2880 epochs with a position
	// R07 gap 00:05:00-06:51:30
	// R07 gap 09:35:00-15:51:30
	// R07 gap 22:05:00-00:00:00
}
