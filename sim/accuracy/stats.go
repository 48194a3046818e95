package accuracy

import (
	"fmt"
	"math"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
)

// OrbitClass is the kind of orbit of a satellite, derived from source a's
// positions (see ClassifyOrbit) or given by Options.Classify.
type OrbitClass uint8

const (
	// ClassUnknown: no epoch with a RAC frame, so no radius or inclination.
	ClassUnknown OrbitClass = iota
	// LEO: mean radius below LEOMaxRadiusKm.
	LEO
	// MEO: mean radius from LEOMaxRadiusKm to GeosyncMinRadiusKm.
	MEO
	// IGSO: geosynchronous (mean radius from GeosyncMinRadiusKm), inclined
	// at GEOMaxInclinationDeg or more.
	IGSO
	// GEO: geosynchronous, inclination below GEOMaxInclinationDeg.
	GEO
	// AllClasses marks a group that holds every class (GroupStats of
	// Result.Systems and Result.Total).
	AllClasses OrbitClass = 255
)

// The thresholds of ClassifyOrbit. The geosynchronous radius is 42 164 km;
// the GNSS MEO constellations lie between 25 500 km (GLONASS) and
// 29 600 km (Galileo); LEO is altitude below 2 000 km. The limits are those
// of orbit/broadcast's classification of broadcast elements (semi-major
// axis above 35 000 km is geosynchronous, GEO below 10° of inclination),
// so both agree on every GNSS satellite.
const (
	LEOMaxRadiusKm       = 6378.137 + 2000
	GeosyncMinRadiusKm   = 35000
	GEOMaxInclinationDeg = 10
)

// String returns "LEO", "MEO", "IGSO", "GEO", "unknown" or "all".
func (c OrbitClass) String() string {
	switch c {
	case ClassUnknown:
		return "unknown"
	case LEO:
		return "LEO"
	case MEO:
		return "MEO"
	case IGSO:
		return "IGSO"
	case GEO:
		return "GEO"
	case AllClasses:
		return "all"
	}
	return fmt.Sprintf("OrbitClass(%d)", uint8(c))
}

// ClassifyOrbit is the default classification: from the mean geocentric
// radius (km) and the inclination (degrees) of the orbit normal to the
// Earth's axis, both averaged over the epochs where source a has a RAC
// frame. NaN inputs give ClassUnknown.
func ClassifyOrbit(meanRadiusKm, inclinationDeg float64) OrbitClass {
	switch {
	case math.IsNaN(meanRadiusKm) || math.IsNaN(inclinationDeg):
		return ClassUnknown
	case meanRadiusKm < LEOMaxRadiusKm:
		return LEO
	case meanRadiusKm < GeosyncMinRadiusKm:
		return MEO
	case inclinationDeg < GEOMaxInclinationDeg:
		return GEO
	}
	return IGSO
}

// Classifier assigns an orbit class to a satellite of source a, given the
// mean radius (km) and inclination (degrees) measured over the period (NaN
// when the satellite never had a RAC frame).
type Classifier func(sat sim.Satellite, meanRadiusKm, inclinationDeg float64) OrbitClass

// Component is the statistics of one quantity over a set of values: a
// component of the orbit difference b − a (metres) over satellite-epochs,
// or a user-side difference (elevation in degrees, PDOP unitless).
type Component struct {
	N    int     // number of values
	RMS  float64 // root mean square (0 when N = 0)
	Mean float64 // mean (the bias); for the 3-D distance the mean distance
	Std  float64 // standard deviation about the mean: √(RMS² − Mean²)
	Max  float64 // largest absolute value
	// MaxAt and MaxPRN locate Max: its epoch (UTC) and satellite (source
	// a's PRN; empty for per-epoch quantities such as PDOP). Zero when
	// N = 0.
	MaxAt  time.Time
	MaxPRN string
}

// SatStats is the comparison of one matched satellite over the period.
type SatStats struct {
	Pair
	// Class is the orbit class; MeanRadiusKm and InclinationDeg are what
	// it was derived from (source a, epochs with a frame; NaN if none).
	Class          OrbitClass
	MeanRadiusKm   float64
	InclinationDeg float64
	Counts
	// D3 is the 3-D distance |b − a| (metres); R, A and C its radial,
	// along-track and cross-track components in source a's frame. D3 counts every
	// compared epoch, R, A and C those with a frame (Compared − NoFrame).
	D3, R, A, C Component
}

// Counts classifies the satellite-epochs of a satellite or group.
type Counts struct {
	Compared int // both sources have a position
	OnlyA    int // a has a position, b has none (NaN)
	OnlyB    int // b has one, a none
	Neither  int // neither has one
	// NoFrame is the number of compared epochs without a RAC frame: a's
	// positions at both neighbouring epochs are NaN (or the period has one
	// epoch), so no velocity can be formed, or the frame is degenerate (a
	// velocity along the position). They count in D3 only.
	NoFrame int
}

func (c *Counts) add(o Counts) {
	c.Compared += o.Compared
	c.OnlyA += o.OnlyA
	c.OnlyB += o.OnlyB
	c.Neither += o.Neither
	c.NoFrame += o.NoFrame
}

// GroupStats aggregates the satellites of a system and orbit class: RMS
// and mean over all their satellite-epochs (each epoch of each satellite
// weighs the same), maximum over all of them.
type GroupStats struct {
	System     ephemeris.System // SystemUnknown in Result.Total
	Class      OrbitClass       // AllClasses in Result.Systems and Result.Total
	Satellites int              // matched satellites in the group
	Counts
	D3, R, A, C Component
}

// accum accumulates one component.
type accum struct {
	n             int
	sum, sumsq, m float64
	maxK          int // epoch index of m in the period
	maxPair       int // pair of m
}

func (a *accum) add(v float64, k, pair int) {
	a.n++
	a.sum += v
	a.sumsq += v * v
	if av := math.Abs(v); av > a.m || a.n == 1 {
		a.m, a.maxK, a.maxPair = av, k, pair
	}
}

func (a *accum) merge(o *accum) {
	if o.n == 0 {
		return
	}
	if a.n == 0 || o.m > a.m {
		a.m, a.maxK, a.maxPair = o.m, o.maxK, o.maxPair
	}
	a.n += o.n
	a.sum += o.sum
	a.sumsq += o.sumsq
}

// component returns the statistics of the accumulated values times scale
// (1e3 for km to m); pairs names the satellite of the maximum (nil: none).
func (a *accum) component(g orbit.EpochGrid, pairs []Pair, scale float64) Component {
	if a.n == 0 {
		return Component{}
	}
	n := float64(a.n)
	mean := a.sum / n * scale
	ms := a.sumsq / n * scale * scale
	c := Component{
		N: a.n, RMS: math.Sqrt(ms), Mean: mean, Std: math.Sqrt(math.Max(0, ms-mean*mean)),
		Max: a.m * scale, MaxAt: g.Time(a.maxK),
	}
	if pairs != nil {
		c.MaxPRN = pairs[a.maxPair].Sat.PRN
	}
	return c
}

// pairState is the running state of one matched pair: the last ringLen
// epochs of both positions and the accumulators.
type pairState struct {
	ring         [ringLen][6]float64 // a x, y, z, b x, y, z (km), epoch k at k % ringLen
	d3, r, a, c  accum
	counts       Counts
	sumRad, sumZ float64 // Σ|r_a| (km) and Σ ĥ_z over epochs with a frame
	nFrame       int
}
