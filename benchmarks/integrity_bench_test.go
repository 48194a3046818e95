package benchmarks

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/integrity"
)

// The ARAIM benchmarks: the Evaluator on real skies against the reference
// implementation (the ratio gate), and the integrity engines per
// receiver-epoch (a site series) and per cell-epoch (a map). All use the
// operational GLONASS + BeiDou satellites of the 2026-03-18 snapshot, the
// default ISM (assumed study values for both), LPV-200, a 5° mask and a
// receiver clock per constellation.

// integrityModel is the model of the benchmarks with the given rule.
func integrityModel(rule integrity.Rule) integrity.Model {
	cfg := integrity.DefaultConfig()
	cfg.Rule = rule
	return integrity.Model{Systems: []ephemeris.System{ephemeris.GLONASS, ephemeris.BeiDou}, Mask: sim.Mask{ElevationDeg: 5}, Config: cfg}
}

// benchBeijing is the receiver of the site benchmarks.
var benchBeijing = sim.Site{Name: "Beijing", LatDeg: 39.9, LonDeg: 116.4, HeightM: 50}

// araimSkies returns the combined GLONASS-then-BeiDou skies of Beijing
// above 5° at every epoch of eph (the satellites the engine gives the
// Evaluator): 29 to 38 satellites, 60 to 80 fault modes with the ADD rule.
func araimSkies(eph *sim.Ephemeris) [][]integrity.Sat {
	lat, lon := benchBeijing.LatDeg*math.Pi/180, benchBeijing.LonDeg*math.Pi/180
	r := orbit.GeodeticToECEF(lat, lon, benchBeijing.HeightM/1000)
	e, n, u := orbit.ENUBasis(lat, lon)
	s2 := math.Pow(math.Sin(5*math.Pi/180), 2)
	skies := make([][]integrity.Sat, eph.Grid.N)
	for k := range skies {
		for _, sys := range []ephemeris.System{ephemeris.GLONASS, ephemeris.BeiDou} {
			for i, sat := range eph.Sats {
				j := i*eph.Grid.N + k
				if sat.System != sys || math.IsNaN(eph.X[j]) {
					continue
				}
				d := [3]float64{eph.X[j] - r[0], eph.Y[j] - r[1], eph.Z[j] - r[2]}
				dE, dN, dU := d[0]*e[0]+d[1]*e[1]+d[2]*e[2], d[0]*n[0]+d[1]*n[1]+d[2]*n[2], d[0]*u[0]+d[1]*u[1]+d[2]*u[2]
				d2 := d[0]*d[0] + d[1]*d[1] + d[2]*d[2]
				if !(dU > 0 && dU*dU > s2*d2) {
					continue
				}
				inv := 1 / math.Sqrt(d2)
				skies[k] = append(skies[k], integrity.Sat{System: sys, LOS: [3]float64{dE * inv, dN * inv, dU * inv}})
			}
		}
	}
	return skies
}

// BenchmarkARAIM times one ARAIM evaluation (the ADD rule, LPV-200) of each
// of 24 real GLONASS+BeiDou skies over Beijing (hourly over 24 h), one op
// being all 24: impl=fast is integrity.Evaluator (zero allocations),
// impl=slow the package's reference implementation
// integrity.ReferenceEvaluate (dense gonum matrices, every fault pattern
// enumerated and sorted, bisection), which computes the same numbers. The
// ratio slow ÷ fast is gated in CI (benchgate "araim"). Reported: ns/epoch
// (ns/op ÷ 24) and the mean number of fault modes.
func BenchmarkARAIM(b *testing.B) {
	eph := benchEphemeris(b, 24*time.Hour, time.Hour)
	skies := araimSkies(eph)
	cfg := integrityModel(integrity.RuleADD).Config
	ev, err := integrity.NewEvaluator(cfg)
	if err != nil {
		b.Fatal(err)
	}
	modes := 0
	var res integrity.Result
	for _, s := range skies {
		if err := ev.Evaluate(&res, s); err != nil || !res.Available {
			b.Fatalf("sky of %d satellites: %v %v", len(s), err, res.Reason)
		}
		modes += res.NumModes
	}
	for _, impl := range []string{"fast", "slow"} {
		b.Run("impl="+impl, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, s := range skies {
					var err error
					if impl == "fast" {
						err = ev.Evaluate(&res, s)
					} else {
						res, err = integrity.ReferenceEvaluate(cfg, s)
					}
					if err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(skies)), "ns/epoch")
			b.ReportMetric(float64(modes)/float64(len(skies)), "modes")
		})
	}
}

// BenchmarkIntegritySite times the integrity series of one site (Beijing)
// over 24 h at 60 s (1441 epochs): visibility and the Evaluator for
// GLONASS alone, BeiDou alone and the combination at every epoch
// (integrity.SiteSeries, Workers = GOMAXPROCS), for the ADD and the 2012
// fault-mode rules. Reported: ns/receiver-epoch (the three variants
// together).
func BenchmarkIntegritySite(b *testing.B) {
	eph := benchEphemeris(b, 24*time.Hour+time.Minute, time.Minute)
	for _, rule := range []integrity.Rule{integrity.RuleADD, integrity.Rule2012} {
		b.Run("rule="+rule.String(), func(b *testing.B) {
			m := integrityModel(rule)
			b.ReportAllocs()
			for b.Loop() {
				n := 0
				err := integrity.SiteSeries(context.Background(), eph, eph.Grid, []sim.Site{benchBeijing}, m, sim.Exec{}, func(c *integrity.SeriesChunk) error {
					n += len(c.Times)
					return nil
				})
				if err != nil || n != eph.Grid.N {
					b.Fatal(err, n)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(eph.Grid.N), "ns/receiver-epoch")
		})
	}
}

// BenchmarkIntegrityMap times a global integrity map of the combination
// GLONASS+BeiDou on a 10° grid (648 cells) over 6 h at 10 min (37 epochs:
// 23 976 cell-epochs), Workers = GOMAXPROCS, for the ADD and 2012 rules;
// the positions are propagated before the timer. Reported: ns/cell-epoch
// (wall clock, all workers) and the map's mean availability (%), a check
// that the work is the real one. The allocations per op do not grow with
// the epochs (they are per chunk; sim/integrity's
// TestEpochsAllocateNothing checks the per-epoch path allocates nothing).
func BenchmarkIntegrityMap(b *testing.B) {
	eph := benchEphemeris(b, 6*time.Hour+10*time.Minute, 10*time.Minute)
	grid := sim.GlobalGrid(10)
	nLat, nLon := grid.Dims()
	cellEpochs := float64(nLat * nLon * eph.Grid.N)
	for _, rule := range []integrity.Rule{integrity.RuleADD, integrity.Rule2012} {
		b.Run(fmt.Sprintf("rule=%s/grid=10deg/span=6h/step=10m", rule), func(b *testing.B) {
			m := integrityModel(rule)
			var avail float64
			b.ReportAllocs()
			for b.Loop() {
				r, err := integrity.Map(context.Background(), eph, eph.Grid, grid, m, integrity.MapOptions{})
				if err != nil {
					b.Fatal(err)
				}
				avail = 100 * integrity.Summarize(r, 0.995).MeanAvailability
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/cellEpochs, "ns/cell-epoch")
			b.ReportMetric(avail, "avail%")
		})
	}
}
