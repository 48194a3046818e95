package figure

import (
	"math"
	"testing"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/accuracy"
)

// TestAccuracyBins: the time series is the RMS over a group's satellites
// and the epochs of each bin, whatever the chunks; a period longer than
// MaxAccuracyBins is binned by whole epochs, each bin at the middle of its
// epochs; NaN (no position) counts nowhere; labels carry the orbit class
// only where it tells groups apart.
func TestAccuracyBins(t *testing.T) {
	n := MaxAccuracyBins + 11 // two epochs per bin, the last bin holds one
	period := orbit.EpochGrid{Start: time.Date(2020, 6, 25, 0, 0, 0, 0, time.UTC), Step: time.Minute, N: n}
	sats := []sim.Satellite{{System: ephemeris.BeiDou, PRN: "C05"}, {System: ephemeris.BeiDou, PRN: "C19"}, {System: ephemeris.BeiDou, PRN: "C20"}, {System: ephemeris.GPS, PRN: "G01"}}
	classes := []accuracy.OrbitClass{accuracy.GEO, accuracy.MEO, accuracy.MEO, accuracy.MEO}
	res := &accuracy.Result{Period: period}
	for i, s := range sats {
		res.Pairs = append(res.Pairs, accuracy.Pair{A: i, B: i, Sat: s, SatB: s})
		res.Satellites = append(res.Satellites, accuracy.SatStats{Pair: res.Pairs[i], Class: classes[i]})
	}
	res.Classes = []accuracy.GroupStats{{System: ephemeris.BeiDou, Class: accuracy.MEO}, {System: ephemeris.BeiDou, Class: accuracy.GEO}, {System: ephemeris.GPS, Class: accuracy.MEO}}
	// Pair p differs by p+1 m in every component at even epochs and 2(p+1)
	// at odd ones; C20 (pair 2) has no position in the first 100 epochs.
	value := func(p, k int) float64 {
		if p == 2 && k < 100 {
			return math.NaN()
		}
		return float64((p + 1) * (1 + k%2))
	}
	b := NewAccuracyBins(period)
	for k0 := 0; k0 < n; k0 += 333 {
		m := min(333, n-k0)
		c := &accuracy.Chunk{Grid: orbit.EpochGrid{Start: period.Time(k0), Step: period.Step, N: m}, K0: k0, Pairs: res.Pairs}
		for _, s := range []*[]float64{&c.D3, &c.R, &c.A, &c.C} {
			*s = make([]float64, len(sats)*m)
		}
		for p := range sats {
			for k := range m {
				v := value(p, k0+k)
				c.D3[p*m+k], c.R[p*m+k], c.A[p*m+k], c.C[p*m+k] = v, v, v, v
			}
		}
		if err := b.Add(c); err != nil {
			t.Fatal(err)
		}
	}
	series := b.Series(res)
	if len(series) != 3 || series[0].Label != "BeiDou MEO" || series[1].Label != "BeiDou GEO" || series[2].Label != "GPS" || series[1].Class != "GEO" {
		t.Fatalf("series %v %v %v", series[0].Label, series[1].Label, series[2].Label)
	}
	bins := (n + 1) / 2
	for _, s := range series {
		if len(s.Times) != bins || !s.Times[0].Equal(period.Start.Add(30*time.Second)) || !s.Times[bins-1].Equal(period.Time(n-1)) {
			t.Fatalf("%s: %d times from %v to %v", s.Label, len(s.Times), s.Times[0], s.Times[len(s.Times)-1])
		}
	}
	// BeiDou MEO, bin 0: C19 (2, 4) and no C20: √((4+16)/2); bin 100: C19
	// (2, 4) and C20 (3, 6): √((4+16+9+36)/4).
	meo := series[0].Values
	for q := range 4 {
		if got, want := meo[q][0], math.Sqrt(10); math.Abs(got-want) > 1e-12 {
			t.Errorf("BeiDou MEO bin 0 component %d: %g, want %g", q, got, want)
		}
		if got, want := meo[q][100], math.Sqrt(65.0/4); math.Abs(got-want) > 1e-12 {
			t.Errorf("BeiDou MEO bin 100 component %d: %g, want %g", q, got, want)
		}
	}
	// The last bin holds one epoch, an even one: p+1.
	if got := series[2].Values[0][bins-1]; got != 4 {
		t.Errorf("GPS last bin: %g, want 4", got)
	}
	// A chunk of other pairs is an error, not a panic.
	if err := b.Add(&accuracy.Chunk{Grid: period, Pairs: res.Pairs[:1]}); err == nil {
		t.Error("a chunk with one pair accepted after chunks of four")
	}
	groups := AccuracyGroups(res)
	if len(groups) != 3 || groups[1].Label != "BeiDou GEO" || !math.IsNaN(groups[0].RMS[0]) {
		t.Errorf("groups %+v", groups)
	}
}
