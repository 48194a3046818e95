package figure

import (
	"time"

	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/integrity"
	"github.com/gnssim/gnssim/sim/plot"
)

// ProtectionLevelSeries returns the VPL and HPL series of one receiver,
// one per variant (each system alone, then the combination): vpl[v][k] and
// hpl[v][k] in metres at times[k], NaN where the variant has no result.
// Without a vertical requirement (vertical false) there are no VPL series.
func ProtectionLevelSeries(times []time.Time, variants []sim.Variant, vpl, hpl [][]float64, vertical bool) (v, h []plot.Series) {
	for i, vr := range variants {
		name := VariantTitle(vr.Name)
		if vertical {
			v = append(v, plot.Series{Name: name, Times: times, Values: vpl[i]})
		}
		h = append(h, plot.Series{Name: name, Times: times, Values: hpl[i]})
	}
	return v, h
}

// AvailabilityLayer is the availability of the service in percent per cell
// of an integrity map, with the range of its values.
func AvailabilityLayer(m *integrity.MapResult) (g plot.GridData, lo, hi float64) {
	vals := make([]float64, m.Cells())
	lo, hi = 100, 0
	for i := range vals {
		vals[i] = 100 * m.Availability(i)
		lo, hi = min(lo, vals[i]), max(hi, vals[i])
	}
	return plot.GridData{NLat: m.NLat, NLon: m.NLon, LatDeg: m.LatDeg, LonDeg: m.LonDeg, Values: vals}, lo, hi
}
