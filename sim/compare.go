package sim

import (
	"fmt"
	"math"
	"slices"
)

// Stats summarises one variant (a system alone or the combination) over a
// period, at one site or over all cells of a region.
type Stats struct {
	Variant     string  // variant name, e.g. "beidou" or "glonass+beidou"
	MeanVisible float64 // mean number of visible satellites over all epochs (and cells)
	MinVisible  int     // minimum number of visible satellites
	// MeanPDOP, P50PDOP and P95PDOP are over the epochs (and cells) where the
	// PDOP is available; NaN if there are none. Percentiles are
	// nearest-rank: the P-th percentile of n sorted values is the value of
	// rank ⌈P/100 · n⌉ (1-based). For a region they come from the PDOP
	// histogram: the upper edge of the bin holding that rank, capped at the
	// maximum PDOP; it is at most one bin width above the exact value (0.01
	// below PDOP 100, 1 below 10000, unbounded above).
	MeanPDOP, P50PDOP, P95PDOP float64
	// Availability is the fraction of all epochs (and cells) with PDOP
	// available and ≤ PDOPMax.
	Availability float64
	Epochs       int // epochs (× cells for a region) in the period
	PDOPEpochs   int // of which with PDOP available
}

// Improvement compares the combination with the best single system.
type Improvement struct {
	// BestAvailability is the single-system variant with the highest
	// availability (the first in order on a tie), and AvailabilityGain the
	// combination's availability minus its availability.
	BestAvailability string
	AvailabilityGain float64
	// BestPDOP is the single-system variant with the lowest mean PDOP (NaN
	// means never available and ranks last), and MeanPDOPRatio its mean PDOP
	// divided by the combination's (> 1: the combination is better; NaN if
	// either is never available).
	BestPDOP      string
	MeanPDOPRatio float64
}

// Comparison holds the statistics of every variant at one site or over a
// region, and the improvement of the combination (nil with a single system).
type Comparison struct {
	Name        string  // site name, or "region"
	Stats       []Stats // per variant: each system alone, then the combination
	Improvement *Improvement
}

// CompareSites summarises a SiteResult per site.
func CompareSites(r *SiteResult) ([]Comparison, error) {
	if r == nil || len(r.Variants) == 0 {
		return nil, fmt.Errorf("compare sites: empty result")
	}
	N := r.Grid.N
	if N == 0 {
		return nil, fmt.Errorf("compare sites: no epochs")
	}
	out := make([]Comparison, len(r.Sites))
	pd := make([]float64, 0, N)
	for i, site := range r.Sites {
		cmp := Comparison{Name: site.Name}
		for v, vr := range r.Variants {
			st := Stats{Variant: vr.Name, Epochs: N, MinVisible: math.MaxInt}
			pd = pd[:0]
			var sumVis int
			var nAvail int
			var sumP float64
			for k := 0; k < N; k++ {
				d := r.At(i, k, v)
				sumVis += d.NVisible
				st.MinVisible = min(st.MinVisible, d.NVisible)
				if d.Available {
					pd = append(pd, d.PDOP)
					sumP += d.PDOP
					if d.PDOP <= r.PDOPMax {
						nAvail++
					}
				}
			}
			st.MeanVisible = float64(sumVis) / float64(N)
			st.Availability = float64(nAvail) / float64(N)
			st.PDOPEpochs = len(pd)
			st.MeanPDOP, st.P50PDOP, st.P95PDOP = math.NaN(), math.NaN(), math.NaN()
			if len(pd) > 0 {
				st.MeanPDOP = sumP / float64(len(pd))
				slices.Sort(pd)
				st.P50PDOP = NearestRank(pd, 50)
				st.P95PDOP = NearestRank(pd, 95)
			}
			cmp.Stats = append(cmp.Stats, st)
		}
		cmp.Improvement = improvement(cmp.Stats)
		out[i] = cmp
	}
	return out, nil
}

// NearestRank returns the P-th percentile (0 < P ≤ 100) of the ascending
// sorted values: the value of rank ⌈P/100 · n⌉ (1-based), or NaN when sorted
// is empty or P is out of range.
func NearestRank(sorted []float64, P float64) float64 {
	n := len(sorted)
	if n == 0 || !(P > 0 && P <= 100) {
		return math.NaN()
	}
	return sorted[nearestRankIndex(n, P)]
}

// nearestRankIndex returns ⌈P/100 · n⌉ − 1, computed so that exact products
// (e.g. 95·20/100 = 19) are not pushed up by rounding.
func nearestRankIndex(n int, P float64) int {
	x := P * float64(n) / 100
	r := math.Ceil(x - 1e-9*math.Max(1, x))
	return min(max(int(r), 1), n) - 1
}

// CompareRegion summarises a CoverageMap made with Options.PerSystem over
// all its cells and epochs (each cell counts equally, whatever its area).
func CompareRegion(m *CoverageMap) (Comparison, error) {
	if m == nil || m.Epochs == 0 || len(m.MeanVisible) == 0 {
		return Comparison{}, fmt.Errorf("compare region: empty map")
	}
	if len(m.Systems) > 1 && len(m.PerSystem) != len(m.Systems) {
		return Comparison{}, fmt.Errorf("compare region: the map has no per-system layers (set Options.PerSystem)")
	}
	cmp := Comparison{Name: "region"}
	layers := m.PerSystem
	if len(m.Systems) > 1 {
		layers = append(append([]CoverageStats(nil), m.PerSystem...), m.CoverageStats)
	} else {
		layers = []CoverageStats{m.CoverageStats}
	}
	for _, l := range layers {
		cmp.Stats = append(cmp.Stats, regionStats(&l, m.Epochs))
	}
	cmp.Improvement = improvement(cmp.Stats)
	return cmp, nil
}

func regionStats(l *CoverageStats, nEpochs int) Stats {
	cells := len(l.MeanVisible)
	st := Stats{Variant: l.Name, Epochs: nEpochs * cells, MinVisible: math.MaxInt}
	var sumVis, sumP, sumAvail float64
	maxP := math.Inf(-1)
	for i := 0; i < cells; i++ {
		sumVis += l.MeanVisible[i]
		st.MinVisible = min(st.MinVisible, l.MinVisible[i])
		sumAvail += l.Availability[i]
		if n := l.PDOPEpochs[i]; n > 0 {
			sumP += l.MeanPDOP[i] * float64(n)
			st.PDOPEpochs += n
			maxP = math.Max(maxP, l.MaxPDOP[i])
		}
	}
	st.MeanVisible = sumVis / float64(cells)
	st.Availability = sumAvail / float64(cells)
	st.MeanPDOP, st.P50PDOP, st.P95PDOP = math.NaN(), math.NaN(), math.NaN()
	if st.PDOPEpochs > 0 {
		st.MeanPDOP = sumP / float64(st.PDOPEpochs)
		st.P50PDOP = histPercentile(l.PDOPHistogram, st.PDOPEpochs, 50, maxP)
		st.P95PDOP = histPercentile(l.PDOPHistogram, st.PDOPEpochs, 95, maxP)
	}
	return st
}

// histPercentile returns the upper edge of the histogram bin holding the
// nearest-rank P-th percentile of n values (maxP for the last, open bin).
func histPercentile(h []int64, n int, P, maxP float64) float64 {
	rank := int64(nearestRankIndex(n, P)) + 1
	var cum int64
	for i, c := range h {
		cum += c
		if cum >= rank {
			_, hi := PDOPBinEdges(i)
			return math.Min(hi, maxP)
		}
	}
	return maxP
}

// improvement compares the last variant (the combination) with the others.
func improvement(st []Stats) *Improvement {
	if len(st) < 2 {
		return nil
	}
	comb := st[len(st)-1]
	singles := st[:len(st)-1]
	im := &Improvement{}
	ba, bp := 0, -1
	for i, s := range singles {
		if s.Availability > singles[ba].Availability {
			ba = i
		}
		if !math.IsNaN(s.MeanPDOP) && (bp < 0 || s.MeanPDOP < singles[bp].MeanPDOP) {
			bp = i
		}
	}
	im.BestAvailability = singles[ba].Variant
	im.AvailabilityGain = comb.Availability - singles[ba].Availability
	im.MeanPDOPRatio = math.NaN()
	if bp < 0 {
		im.BestPDOP = singles[0].Variant
	} else {
		im.BestPDOP = singles[bp].Variant
		im.MeanPDOPRatio = singles[bp].MeanPDOP / comb.MeanPDOP
	}
	return im
}
