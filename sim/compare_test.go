package sim_test

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
)

func TestNearestRank(t *testing.T) {
	// Nearest-rank examples (Wikipedia "Percentile", nearest-rank method):
	// {15, 20, 35, 40, 50}: P30 = 20, P40 = 20, P50 = 35, P100 = 50.
	x := []float64{15, 20, 35, 40, 50}
	for _, c := range []struct{ p, want float64 }{{5, 15}, {30, 20}, {40, 20}, {50, 35}, {100, 50}} {
		if got := sim.NearestRank(x, c.p); got != c.want {
			t.Errorf("P%v = %v, want %v", c.p, got, c.want)
		}
	}
	// 20 values 1..20: P95 has rank ⌈19⌉ = 19 exactly (no rounding up to 20).
	var y []float64
	for i := 1; i <= 20; i++ {
		y = append(y, float64(i))
	}
	if got := sim.NearestRank(y, 95); got != 19 {
		t.Errorf("P95 of 1..20 = %v, want 19", got)
	}
	if !math.IsNaN(sim.NearestRank(nil, 50)) || !math.IsNaN(sim.NearestRank(x, 0)) || !math.IsNaN(sim.NearestRank(x, 101)) {
		t.Error("empty input or P out of range should give NaN")
	}
}

// TestCompareSitesHandBuilt checks the statistics on a hand-built result:
// 4 epochs, variants glonass, beidou, glonass+beidou.
func TestCompareSitesHandBuilt(t *testing.T) {
	nan := math.NaN()
	d := func(n int, p float64) sim.DOP {
		if math.IsNaN(p) {
			return sim.DOP{GDOP: nan, PDOP: nan, HDOP: nan, VDOP: nan, TDOP: nan, NVisible: n}
		}
		return sim.DOP{PDOP: p, NVisible: n, Available: true}
	}
	r := &sim.SiteResult{
		Sites:    []sim.Site{{Name: "A"}},
		Grid:     orbit.EpochGrid{Start: start2026, Step: time.Minute, N: 4},
		Systems:  []ephemeris.System{ephemeris.GLONASS, ephemeris.BeiDou},
		Variants: []sim.Variant{{Name: "glonass"}, {Name: "beidou"}, {Name: "glonass+beidou"}},
		PDOPMax:  6,
		DOP: []sim.DOP{
			d(5, 3), d(3, nan), d(8, 2),
			d(4, 7), d(6, 2.5), d(10, 1.5),
			d(6, 2), d(5, 4), d(11, 1.25),
			d(3, nan), d(7, 2), d(10, 1.75),
		},
	}
	cmp, err := sim.CompareSites(r)
	if err != nil {
		t.Fatal(err)
	}
	st := cmp[0].Stats
	// glonass: visible 5,4,6,3 → mean 4.5, min 3; PDOP {3,7,2} → mean 4,
	// sorted {2,3,7}: P50 rank ⌈1.5⌉ = 2 → 3, P95 rank ⌈2.85⌉ = 3 → 7;
	// available ≤ 6: epochs 0, 2 → 0.5.
	want := []sim.Stats{
		{Variant: "glonass", MeanVisible: 4.5, MinVisible: 3, MeanPDOP: 4, P50PDOP: 3, P95PDOP: 7, Availability: 0.5, Epochs: 4, PDOPEpochs: 3},
		// beidou: visible 3,6,5,7 → 5.25, min 3; PDOP {2.5,4,2} → mean 8.5/3,
		// sorted {2,2.5,4}: P50 2.5, P95 4; availability 3/4.
		{Variant: "beidou", MeanVisible: 5.25, MinVisible: 3, MeanPDOP: 8.5 / 3, P50PDOP: 2.5, P95PDOP: 4, Availability: 0.75, Epochs: 4, PDOPEpochs: 3},
		// combined: visible 8,10,11,10 → 9.75, min 8; PDOP {2,1.5,1.25,1.75}
		// → mean 1.625, sorted {1.25,1.5,1.75,2}: P50 rank 2 → 1.5, P95 rank 4 → 2.
		{Variant: "glonass+beidou", MeanVisible: 9.75, MinVisible: 8, MeanPDOP: 1.625, P50PDOP: 1.5, P95PDOP: 2, Availability: 1, Epochs: 4, PDOPEpochs: 4},
	}
	for i, w := range want {
		g := st[i]
		if g.Variant != w.Variant || g.MinVisible != w.MinVisible || g.Epochs != w.Epochs || g.PDOPEpochs != w.PDOPEpochs ||
			math.Abs(g.MeanVisible-w.MeanVisible) > 1e-15 || math.Abs(g.MeanPDOP-w.MeanPDOP) > 1e-15 ||
			g.P50PDOP != w.P50PDOP || g.P95PDOP != w.P95PDOP || g.Availability != w.Availability {
			t.Errorf("stats %d: %+v, want %+v", i, g, w)
		}
	}
	im := cmp[0].Improvement
	// Best availability: beidou 0.75 → gain 0.25; best mean PDOP: beidou
	// 8.5/3 → ratio (8.5/3)/1.625.
	if im == nil || im.BestAvailability != "beidou" || im.AvailabilityGain != 0.25 || im.BestPDOP != "beidou" || math.Abs(im.MeanPDOPRatio-8.5/3/1.625) > 1e-15 {
		t.Errorf("improvement %+v", im)
	}
}

// TestPDOPBins checks PDOPBinEdges on hand-placed values.
func TestPDOPBins(t *testing.T) {
	for _, c := range []struct {
		p   float64
		bin int
	}{{0, 0}, {0.005, 0}, {1.234, 123}, {99.999, 9999}, {100, 10000}, {150.5, 10050}, {9999.9, 19899}, {10000, 19900}, {1e300, 19900}} {
		b := sim.PDOPHistBins - 1
		for i := 0; i < sim.PDOPHistBins; i++ {
			if lo, hi := sim.PDOPBinEdges(i); c.p >= lo && c.p < hi {
				b = i
				break
			}
		}
		if b != c.bin {
			t.Errorf("PDOP %v in bin %d, want %d", c.p, b, c.bin)
		}
	}
}

// TestCompareRegionMatchesSite: a one-cell region compared with the site at
// the cell centre: identical counts and availability, mean PDOP within
// 1e-9 relative, percentiles within one histogram bin above the exact
// nearest-rank values.
func TestCompareRegionMatchesSite(t *testing.T) {
	eph := walkerEphemeris(288, 5*time.Minute)
	grid := sim.GridSpec{CellDeg: 1, LatMinDeg: 39, LatMaxDeg: 40, LonMinDeg: 116, LonMaxDeg: 117}
	opt := opts{Mask: sim.Mask{ElevationDeg: 15}, PerSystem: true}
	m, err := coverage(context.Background(), eph, grid, opt, nil)
	if err != nil {
		t.Fatal(err)
	}
	reg, err := sim.CompareRegion(m)
	if err != nil {
		t.Fatal(err)
	}
	r, err := siteSeries(eph, []sim.Site{{Name: "cell", LatDeg: 39.5, LonDeg: 116.5}}, opt)
	if err != nil {
		t.Fatal(err)
	}
	site, err := sim.CompareSites(r)
	if err != nil {
		t.Fatal(err)
	}
	for i, g := range reg.Stats {
		w := site[0].Stats[i]
		if g.Variant != w.Variant || g.MinVisible != w.MinVisible || g.MeanVisible != w.MeanVisible || g.Availability != w.Availability || g.PDOPEpochs != w.PDOPEpochs || g.Epochs != w.Epochs {
			t.Errorf("%s: region %+v, site %+v", g.Variant, g, w)
		}
		if relErr(g.MeanPDOP, w.MeanPDOP) > 1e-9 {
			t.Errorf("%s: mean PDOP %v, site %v", g.Variant, g.MeanPDOP, w.MeanPDOP)
		}
		for _, p := range [][2]float64{{g.P50PDOP, w.P50PDOP}, {g.P95PDOP, w.P95PDOP}} {
			width := 0.01 // bin width below PDOP 100 (PDOPBinEdges)
			if p[1] >= 100 {
				width = 1
			}
			if !(p[0] >= p[1]-1e-9 && p[0] <= p[1]+width+1e-9) {
				t.Errorf("%s: percentile %v, exact %v", g.Variant, p[0], p[1])
			}
		}
	}
	if reg.Improvement == nil || site[0].Improvement == nil || reg.Improvement.BestAvailability != site[0].Improvement.BestAvailability {
		t.Errorf("improvements: region %+v, site %+v", reg.Improvement, site[0].Improvement)
	}
	// Without per-system layers a multi-system map cannot be compared.
	m2, _ := coverage(context.Background(), eph, grid, opts{}, nil)
	if _, err := sim.CompareRegion(m2); err == nil {
		t.Error("CompareRegion without PerSystem: no error")
	}
}

// TestImprovementTieBreakIndependentOfOrder: when the single systems tie on
// availability (both 100 % here), the best one is the lower mean PDOP, and it
// does not depend on the order the systems are listed in.
func TestImprovementTieBreakIndependentOfOrder(t *testing.T) {
	eph := walkerEphemeris(24, time.Hour)
	site := []sim.Site{{Name: "moscow", LatDeg: 55.76, LonDeg: 37.62}}
	var best []string
	for _, systems := range [][]ephemeris.System{{ephemeris.GLONASS, ephemeris.BeiDou}, {ephemeris.BeiDou, ephemeris.GLONASS}} {
		r, err := sim.SiteSeries(context.Background(), eph, eph.Grid, site, sim.Model{Systems: systems, Mask: sim.Mask{ElevationDeg: 5}}, sim.Exec{})
		if err != nil {
			t.Fatal(err)
		}
		c, err := sim.CompareSites(r)
		if err != nil {
			t.Fatal(err)
		}
		st := c[0].Stats
		if st[0].Availability != st[1].Availability {
			t.Fatalf("test premise: availabilities %g and %g are not tied", st[0].Availability, st[1].Availability)
		}
		best = append(best, c[0].Improvement.BestAvailability+"/"+c[0].Improvement.BestPDOP)
	}
	if best[0] != best[1] {
		t.Errorf("best single system depends on the order: %v", best)
	}
}
