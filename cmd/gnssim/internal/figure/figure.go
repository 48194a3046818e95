// Package figure adapts the engine's results (package sim) to the figures of
// package sim/plot: sky tracks, DOP and visible-count series, coverage
// layers, ground tracks, and the wording of their titles. The command line,
// scenarios and the web server draw through it, so a figure is the same
// whoever asks for it.
package figure

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/plot"
)

// VariantTitle writes a variant name ("glonass+beidou") with the systems'
// usual names ("GLONASS+BeiDou").
func VariantTitle(name string) string {
	parts := strings.Split(name, "+")
	for i, p := range parts {
		if s, err := ephemeris.ParseSystem(p); err == nil {
			parts[i] = s.Title()
		}
	}
	return strings.Join(parts, "+")
}

// SystemsTitle is e.g. "GLONASS+BeiDou".
func SystemsTitle(systems []ephemeris.System) string {
	names := make([]string, len(systems))
	for i, s := range systems {
		names[i] = s.Title()
	}
	return strings.Join(names, "+")
}

// PeriodShort is a compact UTC period for titles, e.g.
// "2026-03-18 00:00–24:00 UTC".
func PeriodShort(g orbit.EpochGrid) string {
	a, b := g.Start.UTC(), g.Time(max(g.N-1, 0)).UTC()
	const day, hm = "2006-01-02", "15:04"
	ya, ma, da := a.Date()
	switch {
	case b.Format(day) == a.Format(day):
		return fmt.Sprintf("%s %s–%s UTC", a.Format(day), a.Format(hm), b.Format(hm))
	case b.Equal(time.Date(ya, ma, da+1, 0, 0, 0, 0, time.UTC)):
		return fmt.Sprintf("%s %s–24:00 UTC", a.Format(day), a.Format(hm))
	}
	return fmt.Sprintf("%s %s – %s %s UTC", a.Format(day), a.Format(hm), b.Format(day), b.Format(hm))
}

// Times expands a grid into its times.
func Times(g orbit.EpochGrid) []time.Time {
	t := make([]time.Time, g.N)
	for k := range t {
		t[k] = g.Time(k)
	}
	return t
}

// SkyPlot returns the sky plot of a sky track: one track per satellite
// (labelled with its PRN) and the mask drawn as in mask.
func SkyPlot(st *sim.SkyTrack, sats []sim.Satellite, mask sim.Mask, title string) ([]plot.SkyTrack, plot.SkyPlotOptions) {
	N := st.Grid.N
	tracks := make([]plot.SkyTrack, len(st.Sats))
	for i, s := range st.Sats {
		tracks[i] = plot.SkyTrack{Label: sats[s].PRN, System: sats[s].System, AzDeg: st.AzDeg[i*N : (i+1)*N], ElDeg: st.ElDeg[i*N : (i+1)*N]}
	}
	po := plot.SkyPlotOptions{Title: title}
	switch {
	case len(mask.Azimuth) == 1:
		po.ElevationMaskDeg = mask.Azimuth[0].ElDeg
	case len(mask.Azimuth) > 1:
		for _, p := range mask.Azimuth {
			po.MaskAzDeg = append(po.MaskAzDeg, p.AzDeg)
			po.MaskElDeg = append(po.MaskElDeg, p.ElDeg)
		}
	default:
		po.ElevationMaskDeg = mask.ElevationDeg
	}
	return tracks, po
}

// DOPSeries returns the PDOP and visible-count series of site i of r, one
// per variant (each system alone, then the combination).
func DOPSeries(r *sim.SiteResult, i int) (dop, vis []plot.Series) {
	times := Times(r.Grid)
	for v, vr := range r.Variants {
		pd := make([]float64, r.Grid.N)
		nv := make([]float64, r.Grid.N)
		for k := range pd {
			d := r.At(i, k, v)
			pd[k], nv[k] = d.PDOP, float64(d.NVisible)
		}
		name := VariantTitle(vr.Name)
		dop = append(dop, plot.Series{Name: name, Times: times, Values: pd})
		vis = append(vis, plot.Series{Name: name, Times: times, Values: nv})
	}
	return dop, vis
}

// Layer is the grid data of values (one per cell) of a coverage map.
func Layer(m *sim.CoverageMap, values []float64) plot.GridData {
	return plot.GridData{NLat: m.NLat, NLon: m.NLon, LatDeg: m.LatDeg, LonDeg: m.LonDeg, Values: values}
}

// Region is the map box of a grid.
func Region(g sim.GridSpec) plot.Region {
	return plot.Region{LatMinDeg: g.LatMinDeg, LatMaxDeg: g.LatMaxDeg, LonMinDeg: g.LonMinDeg, LonMaxDeg: g.LonMaxDeg}
}

// GroundTracks converts every ECEF position of eph to geodetic latitude and
// longitude (degrees, longitude in [-180, 180)) and ellipsoidal height (km),
// NaN where the position is NaN, and returns them with the tracks to draw.
func GroundTracks(eph *sim.Ephemeris) (lat, lon, alt []float64, tracks []plot.GroundTrack) {
	n := len(eph.X)
	lat, lon, alt = make([]float64, n), make([]float64, n), make([]float64, n)
	const deg = 180 / math.Pi
	for i := range eph.X {
		if math.IsNaN(eph.X[i]) {
			lat[i], lon[i], alt[i] = math.NaN(), math.NaN(), math.NaN()
			continue
		}
		la, lo, h := orbit.ECEFToGeodetic([3]float64{eph.X[i], eph.Y[i], eph.Z[i]})
		lonDeg := lo * deg
		if lonDeg >= 180 {
			lonDeg -= 360
		}
		lat[i], lon[i], alt[i] = la*deg, lonDeg, h
	}
	N := eph.Grid.N
	tracks = make([]plot.GroundTrack, len(eph.Sats))
	for s, sat := range eph.Sats {
		tracks[s] = plot.GroundTrack{Label: sat.PRN, System: sat.System, LatDeg: lat[s*N : (s+1)*N], LonDeg: lon[s*N : (s+1)*N]}
	}
	return lat, lon, alt, tracks
}

// MapScales returns colour scales shared by maps of several layers, so that
// they can be compared side by side: mean PDOP from the whole number below
// the lowest value to the whole number above the highest, capped at
// pdopMax (higher values take the end colour); availability (a fraction)
// from the multiple of 10 % below the lowest value to 100 %.
func MapScales(layers []sim.CoverageStats, pdopMax float64) (pLo, pHi, aLo float64) {
	minP, maxP, minA := math.Inf(1), math.Inf(-1), 1.0
	for _, l := range layers {
		for c, p := range l.MeanPDOP {
			if !math.IsNaN(p) {
				minP, maxP = math.Min(minP, p), math.Max(maxP, p)
			}
			minA = math.Min(minA, l.Availability[c])
		}
	}
	pLo, pHi = 1, pdopMax
	if !math.IsInf(minP, 0) {
		pLo = math.Floor(minP)
		pHi = math.Min(math.Ceil(maxP), pdopMax)
		if pHi <= pLo {
			pHi = pLo + 1
		}
	}
	aLo = math.Min(90, 10*math.Floor(10*minA))
	return pLo, pHi, aLo
}
