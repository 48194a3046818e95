package spectrum_test

import (
	"fmt"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/sim/spectrum"
)

// Example computes the SSC of Galileo E1 and GPS L1 C/A on BeiDou B1C and
// the C/N0 degradation of a B1C satellite by a small sky.
func Example() {
	b1c, _ := spectrum.Lookup("BDS B1C")
	for _, name := range []string{"B1C", "E1", "L1CA", "L1OF"} {
		s, _ := spectrum.Lookup(name)
		k, _ := spectrum.SignalKappa(b1c, 0, s, 0, 0)
		fmt.Printf("%-12s on B1C: %s\n", s.Title(), k)
	}

	e, _ := spectrum.NewEvaluator(nil, spectrum.EvaluatorOptions{})
	victim, _ := e.Key("B1C", 0)
	var sky []spectrum.Interferer
	add := func(name string, ch int, sys ephemeris.System, n int) {
		s, _ := spectrum.Lookup(name)
		k, _ := e.Key(name, ch)
		for i := 0; i < n; i++ {
			sky = append(sky, spectrum.Interferer{Key: k, PowerDBW: s.MinPowerDBW, System: sys})
		}
	}
	add("B1C", 0, ephemeris.BeiDou, 9) // nine other BeiDou satellites
	add("L1C", 0, ephemeris.GPS, 8)
	add("L1CA", 0, ephemeris.GPS, 8)
	add("E1", 0, ephemeris.Galileo, 7)
	add("L1OF", 2, ephemeris.GLONASS, 7) // another band: no effect
	d, _ := e.Degradation(victim, ephemeris.BeiDou, sky, spectrum.DefaultN0DBWHz)
	fmt.Printf("ΔC/N0: intra %.3f dB, inter %.3f dB, total %.3f dB\n", d.IntraDB, d.InterDB, d.TotalDB)
	fmt.Printf("C/N0eff at −159 dBW: %.2f dB-Hz\n", d.EffectiveCN0DBHz(-159))
	// Output:
	// BeiDou B1C   on B1C: -65.36 dB-Hz
	// Galileo E1   on B1C: -65.33 dB-Hz
	// GPS L1CA     on B1C: -68.09 dB-Hz
	// GLONASS L1OF on B1C: no overlap
	// ΔC/N0: intra 0.198 dB, inter 0.600 dB, total 0.773 dB
	// C/N0eff at −159 dBW: 41.73 dB-Hz
}
