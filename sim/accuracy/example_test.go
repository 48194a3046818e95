package accuracy_test

import (
	"context"
	"fmt"
	"time"

	"github.com/gnssim/gnssim/ephemeris/rinex"
	"github.com/gnssim/gnssim/ephemeris/sp3"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/orbit/broadcast"
	"github.com/gnssim/gnssim/orbit/precise"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/accuracy"
)

// Broadcast orbits of 2020-06-25 against the IAC final orbits: per system
// and orbit class, and what it means at a site near Beijing. The precise
// orbit is source a, the reference; the differences are broadcast − IAC
// in IAC's radial/along-track/cross-track frame.
func ExampleCompare() {
	nav, err := rinex.ReadFile("../../ephemeris/rinex/testdata/ESBC00DNK_R_20201770000_01D_MN.rnx.gz", rinex.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	brdc, err := broadcast.NewSource(nav, broadcast.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	f, err := sp3.ReadFile("../../ephemeris/sp3/testdata/Sta21114.sp3.gz", sp3.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	iac, err := precise.New([]*sp3.File{f}, precise.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	period := orbit.EpochGrid{Start: time.Date(2020, 6, 25, 0, 0, 0, 0, time.UTC), Step: 5 * time.Minute, N: 288}
	r, err := accuracy.Compare(context.Background(), accuracy.PreciseSource(iac), accuracy.BroadcastSource(brdc), period, accuracy.Options{
		Sites: []sim.Site{{Name: "Beijing", LatDeg: 39.9, LonDeg: 116.4}},
		Model: sim.Model{Mask: sim.Mask{ElevationDeg: 10}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d satellites in both, %d only in IAC, %d only in the navigation file\n", len(r.Pairs), len(r.OnlyA), len(r.OnlyB))
	fmt.Println("group         3-D RMS  max   radial bias  along bias")
	for _, g := range r.Classes {
		fmt.Printf("%-7s %-4s  %5.1f m %5.1f m  %5.1f m     %5.1f m\n", g.System, g.Class, g.D3.RMS, g.D3.Max, g.R.Mean, g.A.Mean)
	}
	for _, v := range r.Sites[0].Variants {
		if v.Variant.Name == "beidou" {
			fmt.Printf("Beijing, BeiDou: elevations differ by %.0e° at most (%s); the visible count differs at %d of %d epochs (satellites without a broadcast record)\n",
				v.Elevation.Max, v.Elevation.MaxPRN, v.VisibleDiffers, v.Epochs)
		}
	}
	// Output:
	// 106 satellites in both, 15 only in IAC, 2 only in the navigation file
	// group         3-D RMS  max   radial bias  along bias
	// glonass MEO     3.4 m   7.5 m   -2.1 m       0.7 m
	// beidou  MEO     1.4 m   4.7 m   -1.1 m       0.1 m
	// beidou  IGSO    2.9 m   6.6 m   -0.4 m       1.5 m
	// beidou  GEO    15.9 m  17.1 m   -0.9 m     -15.5 m
	// gps     MEO     1.4 m   4.2 m   -0.8 m       0.1 m
	// galileo MEO     1.2 m   7.3 m   -0.8 m      -0.0 m
	// qzss    IGSO    2.1 m   3.5 m   -1.3 m      -0.3 m
	// Beijing, BeiDou: elevations differ by 2e-05° at most (C05); the visible count differs at 288 of 288 epochs (satellites without a broadcast record)
}
