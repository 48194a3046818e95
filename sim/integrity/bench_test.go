package integrity_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/sim/integrity"
)

// skyGeometry returns n satellites of the given systems (assigned in turn)
// seen above a 5° mask: satellites drawn uniformly on a MEO shell of radius
// 26 560 km (the GPS orbit) around a spherical Earth of radius 6371 km, the
// first n that are visible kept. Deterministic in seed.
func skyGeometry(seed uint64, n int, systems ...ephemeris.System) []integrity.Sat {
	const a, re = 26560.0, 6371.0
	rng := rand.New(rand.NewPCG(seed, 7))
	sin5 := math.Sin(5 * math.Pi / 180)
	sats := make([]integrity.Sat, 0, n)
	for len(sats) < n {
		// uniform direction: z uniform in [−1, 1], longitude uniform
		z := 2*rng.Float64() - 1
		lon := 2 * math.Pi * rng.Float64()
		rho := math.Sqrt(1 - z*z)
		// receiver at the north pole: local up is +z, east +y, north −x
		dx, dy, dz := a*rho*math.Cos(lon), a*rho*math.Sin(lon), a*z-re
		d := math.Sqrt(dx*dx + dy*dy + dz*dz)
		if dz < sin5*d {
			continue
		}
		los := [3]float64{dy / d, -dx / d, dz / d}
		sats = append(sats, integrity.Sat{System: systems[len(sats)%len(systems)], LOS: los})
	}
	return sats
}

// benchEvaluate times Evaluate over 16 geometries of n satellites and
// reports, besides ns/op and allocs/op, the CPU time of the benchmark's own
// thread per evaluation (cpu-ns/op: robust to other processes competing for
// the cores, which wall-clock ns/op is not), the mean number of modes and
// the fraction of available geometries.
func benchEvaluate(b *testing.B, cfg integrity.Config, n int, systems ...ephemeris.System) {
	ev, err := integrity.NewEvaluator(cfg)
	if err != nil {
		b.Fatal(err)
	}
	const ngeo = 16
	geos := make([][]integrity.Sat, ngeo)
	var res integrity.Result
	modes, avail := 0, 0
	for i := range geos {
		geos[i] = skyGeometry(uint64(i+1), n, systems...)
		if err := ev.Evaluate(&res, geos[i]); err != nil {
			b.Fatal(err)
		}
		modes += res.NumModes
		if res.Available {
			avail++
		}
	}
	b.ReportAllocs()
	lockThread()
	defer unlockThread()
	c0, okCPU := threadCPU()
	i := 0
	for b.Loop() {
		if err := ev.Evaluate(&res, geos[i%ngeo]); err != nil {
			b.Fatal(err)
		}
		i++
	}
	if c1, ok := threadCPU(); ok && okCPU && i > 0 {
		b.ReportMetric(float64(c1-c0)/float64(i), "cpu-ns/op")
	}
	b.ReportMetric(float64(modes)/ngeo, "modes")
	b.ReportMetric(float64(avail)/ngeo, "avail")
}

// BenchmarkEvaluate: LPV-200 with the default ISM, per-constellation clocks,
// TOL_PL 0.05 m. sys=GE is GPS+Galileo (WG-C baseline ISM: the "ADD ~75
// modes" case), sys=RC GLONASS+BeiDou (assumed defaults; GLONASS's P_sat
// 1e-4 brings satellite pairs into the ADD rule).
func BenchmarkEvaluate(b *testing.B) {
	for _, sys := range []struct {
		name string
		s    []ephemeris.System
	}{{"GE", []ephemeris.System{ephemeris.GPS, ephemeris.Galileo}}, {"RC", []ephemeris.System{ephemeris.GLONASS, ephemeris.BeiDou}}} {
		for _, rule := range []integrity.Rule{integrity.RuleADD, integrity.Rule2012} {
			for _, n := range []int{20, 38} {
				b.Run(fmt.Sprintf("rule=%v/sats=%d/sys=%s", rule, n, sys.name), func(b *testing.B) {
					cfg := integrity.DefaultConfig()
					cfg.Rule = rule
					benchEvaluate(b, cfg, n, sys.s...)
				})
			}
		}
	}
}

// BenchmarkEvaluateOptions: the ADD rule on 38 GPS+Galileo satellites with
// a finite inter-system-bias prior, the ADD v4 biased thresholds, and a
// tight protection-level tolerance.
func BenchmarkEvaluateOptions(b *testing.B) {
	ge := []ephemeris.System{ephemeris.GPS, ephemeris.Galileo}
	for _, c := range []struct {
		name string
		mod  func(*integrity.Config)
	}{
		{"isb=2m", func(c *integrity.Config) { c.ISBSigmaM = 2 }},
		{"thresholdbias", func(c *integrity.Config) { c.ThresholdBias = true }},
		{"tol=1e-6", func(c *integrity.Config) { c.TolPLM = 1e-6 }},
		{"service=RNP-0.3", func(c *integrity.Config) { c.Service = integrity.RNP03 }},
	} {
		b.Run(c.name, func(b *testing.B) {
			cfg := integrity.DefaultConfig()
			c.mod(&cfg)
			benchEvaluate(b, cfg, 38, ge...)
		})
	}
}

// BenchmarkTest: the solution-separation test on residuals after Evaluate.
func BenchmarkTest(b *testing.B) {
	ev, _ := integrity.NewEvaluator(integrity.DefaultConfig())
	sats := skyGeometry(1, 38, ephemeris.GPS, ephemeris.Galileo)
	var res integrity.Result
	if err := ev.Evaluate(&res, sats); err != nil || !res.Available {
		b.Fatal(err)
	}
	y := make([]float64, len(sats))
	for i := range y {
		y[i] = 0.3 * float64(i%7-3)
	}
	var ss integrity.SSResult
	b.ReportAllocs()
	for b.Loop() {
		if err := ev.Test(&ss, y); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(res.NumModes), "modes")
}
