package figure

import (
	"fmt"
	"math"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim/accuracy"
	"github.com/gnssim/gnssim/sim/plot"
)

// The figures of gnssim accuracy: orbit differences of two sources per
// system and orbit class (package sim/accuracy) as the bars and time
// series of package sim/plot.

// AccuracyLabel names a group of an accuracy result in figures and text:
// the system ("GPS"), with the orbit class when the system has satellites
// of several classes in r or its one class is not MEO ("BeiDou GEO",
// "QZSS IGSO").
func AccuracyLabel(r *accuracy.Result, sys ephemeris.System, class accuracy.OrbitClass) string {
	if class == accuracy.AllClasses {
		return sys.Title()
	}
	n := 0
	for _, g := range r.Classes {
		if g.System == sys {
			n++
		}
	}
	if n > 1 || class != accuracy.MEO {
		return sys.Title() + " " + class.String()
	}
	return sys.Title()
}

// component returns the 3-D, radial, along-track and cross-track values of
// the four components, as f gives them.
func component(d3, r, a, c accuracy.Component, f func(accuracy.Component) float64) [4]float64 {
	return [4]float64{f(d3), f(r), f(a), f(c)}
}

func rmsOf(c accuracy.Component) float64 {
	if c.N == 0 {
		return math.NaN()
	}
	return c.RMS
}

func maxOf(c accuracy.Component) float64 {
	if c.N == 0 {
		return math.NaN()
	}
	return c.Max
}

// AccuracyGroups returns the bar groups of r: one per system and orbit
// class (r.Classes, in that order), with the RMS and maximum of each
// component (NaN for a component without values).
func AccuracyGroups(r *accuracy.Result) []plot.AccuracyGroup {
	out := make([]plot.AccuracyGroup, 0, len(r.Classes))
	for _, g := range r.Classes {
		out = append(out, plot.AccuracyGroup{
			Label: AccuracyLabel(r, g.System, g.Class),
			RMS:   component(g.D3, g.R, g.A, g.C, rmsOf),
			Max:   component(g.D3, g.R, g.A, g.C, maxOf),
		})
	}
	return out
}

// MaxAccuracyBins is the largest number of time bins of AccuracyBins: a
// day at 60 s (1441 epochs) is drawn epoch by epoch; longer or finer
// periods are binned by a whole number of epochs.
const MaxAccuracyBins = 2000

// AccuracyBins collects the per-epoch differences of Compare (its OnChunk
// callback) for the time-series figure: for every matched satellite and
// time bin, the sum of squares and the count of each component. Memory is
// satellites × bins × 48 B (AccuracyBinsBytes), whatever the period.
type AccuracyBins struct {
	period orbit.EpochGrid
	per    int // epochs per bin
	bins   int
	pairs  int
	sum    []float64 // (pair*bins + bin)*4 + component
	n      []int32
}

// NewAccuracyBins prepares the bins of period.
func NewAccuracyBins(period orbit.EpochGrid) *AccuracyBins {
	per := max(1, (period.N+MaxAccuracyBins-1)/MaxAccuracyBins)
	return &AccuracyBins{period: period, per: per, bins: (period.N + per - 1) / per}
}

// AccuracyBinsBytes is the memory of AccuracyBins for pairs satellites
// over a period of n epochs.
func AccuracyBinsBytes(pairs, n int) int64 {
	bins := min(n, MaxAccuracyBins)
	return int64(pairs) * int64(bins) * 4 * 12
}

// Add accumulates a chunk of differences (accuracy.Options.OnChunk).
func (b *AccuracyBins) Add(c *accuracy.Chunk) error {
	if b.sum == nil {
		b.pairs = len(c.Pairs)
		b.sum = make([]float64, b.pairs*b.bins*4)
		b.n = make([]int32, b.pairs*b.bins*4)
	}
	if len(c.Pairs) != b.pairs {
		return fmt.Errorf("accuracy figure: a chunk of %d satellites after one of %d", len(c.Pairs), b.pairs)
	}
	N := c.Grid.N
	for p := range c.Pairs {
		for k := 0; k < N; k++ {
			bin := (c.K0 + k) / b.per
			if bin >= b.bins {
				return fmt.Errorf("accuracy figure: epoch %d outside the period of %d epochs", c.K0+k, b.period.N)
			}
			i := p*N + k
			o := (p*b.bins + bin) * 4
			for q, v := range [4]float64{c.D3[i], c.R[i], c.A[i], c.C[i]} {
				if !math.IsNaN(v) {
					b.sum[o+q] += v * v
					b.n[o+q]++
				}
			}
		}
	}
	return nil
}

// Series returns one series per system and orbit class of r (r.Classes):
// at each bin, the RMS over the group's satellites and the bin's epochs of
// each component (NaN where none was compared). A bin's time is the middle
// of its epochs.
func (b *AccuracyBins) Series(r *accuracy.Result) []plot.AccuracySeries {
	times := make([]time.Time, b.bins)
	for i := range times {
		first, last := i*b.per, min((i+1)*b.per, b.period.N)-1
		times[i] = b.period.Start.Add(time.Duration(first+last) * b.period.Step / 2)
	}
	var out []plot.AccuracySeries
	for _, g := range r.Classes {
		s := plot.AccuracySeries{Label: AccuracyLabel(r, g.System, g.Class), System: g.System, Class: g.Class.String(), Times: times}
		for q := range 4 {
			s.Values[q] = make([]float64, b.bins)
		}
		for bin := 0; bin < b.bins; bin++ {
			var sum [4]float64
			var n [4]int64
			for p, st := range r.Satellites {
				if st.Sat.System != g.System || st.Class != g.Class || p >= b.pairs {
					continue
				}
				o := (p*b.bins + bin) * 4
				for q := range 4 {
					sum[q] += b.sum[o+q]
					n[q] += int64(b.n[o+q])
				}
			}
			for q := range 4 {
				s.Values[q][bin] = math.NaN()
				if n[q] > 0 {
					s.Values[q][bin] = math.Sqrt(sum[q] / float64(n[q]))
				}
			}
		}
		out = append(out, s)
	}
	return out
}
