package sim

import "math"

// maskTable is a validated Mask prepared for the trig-free visibility test.
type maskTable struct {
	mask         Mask
	minDeg       float64 // lowest mask elevation, degrees
	maxDeg       float64 // highest mask elevation, degrees
	s2min, s2max float64 // sin² of minDeg and maxDeg
	azimuth      bool    // an azimuth table with distinct elevations is in use
}

func newMaskTable(m Mask) maskTable {
	lo, hi := m.bounds()
	t := maskTable{mask: m, minDeg: lo, maxDeg: hi, s2min: sin2(lo), s2max: sin2(hi)}
	t.azimuth = len(m.Azimuth) > 0 && lo != hi
	return t
}

// sin2 returns sin²(elDeg).
func sin2(elDeg float64) float64 {
	s := math.Sin(elDeg * deg)
	return s * s
}

// visible reports whether a satellite at offset d (ENU components dE, dN, dU,
// km; d2 = |d|², km²) from the receiver is strictly above the mask. It uses no
// trigonometry unless an azimuth mask leaves the decision ambiguous (elevation
// between the lowest and the highest mask value), when the azimuth is computed.
func (t *maskTable) visible(dE, dN, dU, d2 float64) bool {
	if !(dU > 0) {
		return false
	}
	u2 := dU * dU
	if !(u2 > t.s2min*d2) {
		return false
	}
	if !t.azimuth || u2 > t.s2max*d2 {
		return true
	}
	return u2 > sin2(t.mask.MinElevationDeg(azimuthDeg(dE, dN)))*d2
}

// azimuthDeg returns the azimuth (degrees clockwise from north, [0, 360)) of
// the ENU direction (dE, dN).
func azimuthDeg(dE, dN float64) float64 {
	az := math.Atan2(dE, dN) / deg
	if az < 0 {
		az += 360
	}
	if az >= 360 {
		az -= 360
	}
	return az
}

// elevationDeg returns the elevation (degrees) of the ENU direction (dE, dN, dU).
func elevationDeg(dE, dN, dU float64) float64 {
	return math.Atan2(dU, math.Hypot(dE, dN)) / deg
}
