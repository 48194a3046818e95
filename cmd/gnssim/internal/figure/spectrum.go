package figure

// Signal-compatibility figures: PSD curves of signals, ΔC/N0 series and
// maps (package sim/spectrum → package sim/plot).

import (
	"fmt"
	"math"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim/plot"
	"github.com/gnssim/gnssim/sim/spectrum"
)

// PSD sampling: points per narrowest spectral feature, and bounds.
const (
	psdPointsPerChip = 64   // samples per chip rate (lobes are a chip rate wide)
	psdMinPoints     = 400  // per curve
	psdMaxPoints     = 4096 // per curve
)

// PSDCurve samples the band-limited PSD of a signal on its channel across
// its transmit band, clipped to [loMHz, hiMHz]: 10·log10 of the unit-power
// PSD (dB/Hz) plus offsetDB (a received power in dBW gives dBW/Hz). The
// step is the slowest component's chip rate / 64 (the nulls of BPSK(n) and
// BOC(m,n) are a chip rate apart), between 400 and 4096 points; the band
// edges are sampled exactly. FDMA channels of one label are drawn thin. A
// signal outside the range gives a curve without points.
func PSDCurve(sp spectrum.SignalSpec, label string, loMHz, hiMHz, offsetDB float64, style int) (plot.PSDCurve, error) {
	s := sp.Signal
	c := plot.PSDCurve{Label: label, System: s.System, Style: style, Thin: s.IsFDMA()}
	fc := sp.CarrierMHz()
	lo, hi := math.Max(fc-s.TxBandwidthMHz/2, loMHz), math.Min(fc+s.TxBandwidthMHz/2, hiMHz)
	if !(hi > lo) {
		return c, nil
	}
	chip := math.Inf(1)
	for _, comp := range s.Components {
		chip = math.Min(chip, comp.Modulation.ChipRateHz()/1e6)
	}
	n := int(math.Ceil((hi - lo) / (chip / psdPointsPerChip)))
	n = min(max(n, psdMinPoints), psdMaxPoints)
	c.FreqMHz = make([]float64, n+1)
	c.DBHz = make([]float64, n+1)
	for k := 0; k <= n; k++ {
		f := lo + (hi-lo)*float64(k)/float64(n)
		if k == n {
			f = hi
		}
		d, err := s.DensityAtMHz(f, sp.Channel)
		if err != nil {
			return c, err
		}
		c.FreqMHz[k] = f
		c.DBHz[k] = 10*math.Log10(d) + offsetDB
	}
	return c, nil
}

// CN0Series returns the ΔC/N0 curves of a site: with one victim its
// total, intra-system and inter-system parts (solid, dashed, dotted, in
// the victim's system colour); with several, each victim's total (one
// dash pattern per signal of a system). series[v] holds victim v's total,
// intra and inter over grid.
func CN0Series(victims []*spectrum.Signal, grid orbit.EpochGrid, series [][3][]float64) []plot.SignalSeries {
	times := Times(grid)
	if len(victims) == 1 {
		v := victims[0]
		return []plot.SignalSeries{
			{Name: v.Title() + " total", System: v.System, Style: 0, Times: times, Values: series[0][0]},
			{Name: "intra-system", System: v.System, Style: 1, Times: times, Values: series[0][1]},
			{Name: "inter-system", System: v.System, Style: 2, Times: times, Values: series[0][2]},
		}
	}
	systems := make([]ephemeris.System, len(victims))
	keys := make([]string, len(victims))
	for i, v := range victims {
		systems[i], keys[i] = v.System, v.Name
	}
	styles := plot.SignalStyles(systems, keys)
	out := make([]plot.SignalSeries, len(victims))
	for i, v := range victims {
		out[i] = plot.SignalSeries{Name: v.Title(), System: v.System, Style: styles[i], Panel: v.System.Title(), Times: times, Values: series[i][0]}
	}
	return out
}

// CN0Map returns the map layer of a quantity (mean, worst, mean_intra,
// mean_inter) of a degradation map, with its label and a title naming the
// victim; the colour scale spans the values (bright: more degradation).
func CN0Map(m *spectrum.DegradationMap, quantity string, victim *spectrum.Signal) (plot.GridData, plot.MapOptions) {
	values, what := m.MeanTotalDB, "mean ΔC/N0"
	switch quantity {
	case "worst":
		values, what = m.WorstTotalDB, "worst ΔC/N0"
	case "mean_intra":
		values, what = m.MeanIntraDB, "mean intra-system ΔC/N0"
	case "mean_inter":
		values, what = m.MeanInterDB, "mean inter-system ΔC/N0"
	}
	g := plot.GridData{NLat: m.NLat, NLon: m.NLon, LatDeg: m.LatDeg, LonDeg: m.LonDeg, Values: values}
	return g, plot.MapOptions{Title: fmt.Sprintf("%s of %s", what, victim.Title()), Label: what + " (dB)"}
}

// SkyTitle names the systems of a sky for titles: "all systems" when
// every navigation system is loaded, else "GLONASS+BeiDou".
func SkyTitle(systems []ephemeris.System) string {
	if len(systems) == len(ephemeris.Systems) {
		return "all systems"
	}
	return SystemsTitle(systems)
}
