package sim

import (
	"fmt"
	"math"
	"slices"

	"github.com/gnssim/gnssim/ephemeris"
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
	var acc SiteStats
	if err := acc.Add(r); err != nil {
		return nil, err
	}
	return acc.Comparisons()
}

// SiteStats accumulates the statistics of CompareSites over the chunks of a
// StreamSiteSeries, in time order. It keeps the available PDOP values of
// each site and variant for the percentiles (8 bytes per site, epoch and
// variant) and nothing else per epoch. The zero value is ready to use.
type SiteStats struct {
	sites    []Site
	variants []Variant
	epochs   int
	acc      []siteVariantAcc // site-major, then variant
}

type siteVariantAcc struct {
	sumVis, minVis, nAvail int
	sumP                   float64
	pdop                   []float64
}

// Add adds the epochs of r, which must follow the epochs already added and
// have the same sites and variants.
func (a *SiteStats) Add(r *SiteResult) error {
	if r == nil || len(r.Variants) == 0 {
		return fmt.Errorf("compare sites: empty result")
	}
	nv := len(r.Variants)
	if a.acc == nil {
		a.sites, a.variants = r.Sites, r.Variants
		a.acc = make([]siteVariantAcc, len(r.Sites)*nv)
		for i := range a.acc {
			a.acc[i].minVis = math.MaxInt
		}
	} else if len(r.Sites) != len(a.sites) || nv != len(a.variants) {
		return fmt.Errorf("compare sites: a chunk with %d sites and %d variants after %d and %d", len(r.Sites), nv, len(a.sites), len(a.variants))
	}
	N := r.Grid.N
	for i := range r.Sites {
		for v := 0; v < nv; v++ {
			s := &a.acc[i*nv+v]
			for k := 0; k < N; k++ {
				d := r.At(i, k, v)
				s.sumVis += d.NVisible
				s.minVis = min(s.minVis, d.NVisible)
				if d.Available {
					s.pdop = append(s.pdop, d.PDOP)
					s.sumP += d.PDOP
					if d.PDOP <= r.PDOPMax {
						s.nAvail++
					}
				}
			}
		}
	}
	a.epochs += N
	return nil
}

// Comparisons returns the statistics of every site (in order) over the
// epochs added.
func (a *SiteStats) Comparisons() ([]Comparison, error) {
	if a.acc == nil || a.epochs == 0 {
		return nil, fmt.Errorf("compare sites: no epochs")
	}
	N := a.epochs
	nv := len(a.variants)
	out := make([]Comparison, len(a.sites))
	for i, site := range a.sites {
		cmp := Comparison{Name: site.Name}
		for v, vr := range a.variants {
			s := &a.acc[i*nv+v]
			st := Stats{Variant: vr.Name, Epochs: N, MinVisible: s.minVis}
			st.MeanVisible = float64(s.sumVis) / float64(N)
			st.Availability = float64(s.nAvail) / float64(N)
			st.PDOPEpochs = len(s.pdop)
			st.MeanPDOP, st.P50PDOP, st.P95PDOP = math.NaN(), math.NaN(), math.NaN()
			if len(s.pdop) > 0 {
				st.MeanPDOP = s.sumP / float64(len(s.pdop))
				pd := slices.Clone(s.pdop)
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

// CompareRegion summarises a CoverageMap made with CoverageOptions.PerSystem over
// all its cells and epochs (each cell counts equally, whatever its area).
func CompareRegion(m *CoverageMap) (Comparison, error) {
	if m == nil || m.Epochs == 0 || len(m.MeanVisible) == 0 {
		return Comparison{}, fmt.Errorf("compare region: empty map")
	}
	if len(m.Systems) > 1 && len(m.PerSystem) != len(m.Systems) {
		return Comparison{}, fmt.Errorf("compare region: the map has no per-system layers (set CoverageOptions.PerSystem)")
	}
	cmp := Comparison{Name: "region"}
	layers := []CoverageStats{m.CoverageStats}
	if len(m.Systems) > 1 {
		layers = append(append([]CoverageStats(nil), m.PerSystem...), m.CoverageStats)
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
// The best single system does not depend on the order of the systems: the
// highest availability, on a tie the lower mean PDOP, then the system that
// comes first in ephemeris.Systems; the lowest mean PDOP (never available
// ranks last), on a tie the higher availability, then ephemeris.Systems
// order.
func improvement(st []Stats) *Improvement {
	if len(st) < 2 {
		return nil
	}
	comb := st[len(st)-1]
	singles := st[:len(st)-1]
	im := &Improvement{}
	rank := func(s Stats) int {
		sys, err := ephemeris.ParseSystem(s.Variant)
		if err != nil {
			return math.MaxInt
		}
		return slices.Index(ephemeris.Systems, sys)
	}
	pdopLess := func(a, b Stats) bool { // a's mean PDOP strictly better than b's
		an, bn := math.IsNaN(a.MeanPDOP), math.IsNaN(b.MeanPDOP)
		if an || bn {
			return !an && bn
		}
		return a.MeanPDOP < b.MeanPDOP
	}
	betterAvail := func(a, b Stats) bool {
		if a.Availability != b.Availability {
			return a.Availability > b.Availability
		}
		if pdopLess(a, b) || pdopLess(b, a) {
			return pdopLess(a, b)
		}
		return rank(a) < rank(b)
	}
	betterPDOP := func(a, b Stats) bool {
		if pdopLess(a, b) || pdopLess(b, a) {
			return pdopLess(a, b)
		}
		if a.Availability != b.Availability {
			return a.Availability > b.Availability
		}
		return rank(a) < rank(b)
	}
	ba, bp := 0, 0
	for i := 1; i < len(singles); i++ {
		if betterAvail(singles[i], singles[ba]) {
			ba = i
		}
		if betterPDOP(singles[i], singles[bp]) {
			bp = i
		}
	}
	im.BestAvailability = singles[ba].Variant
	im.AvailabilityGain = comb.Availability - singles[ba].Availability
	im.BestPDOP = singles[bp].Variant
	im.MeanPDOPRatio = math.NaN()
	if !math.IsNaN(singles[bp].MeanPDOP) {
		im.MeanPDOPRatio = singles[bp].MeanPDOP / comb.MeanPDOP
	}
	return im
}
