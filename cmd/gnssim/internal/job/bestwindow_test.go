package job

import (
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"
)

// refPick is the greedy choice by brute force: every candidate window
// scored on its own, sorted (score, then start), taken when it overlaps
// none taken before.
func refPick(cands []int, n, top int, better func(a, b int) bool) []int {
	sort.SliceStable(cands, func(x, y int) bool {
		a, b := cands[x], cands[y]
		if better(a, b) {
			return true
		}
		if better(b, a) {
			return false
		}
		return a < b
	})
	var picks []int
	for _, c := range cands {
		if len(picks) == top {
			break
		}
		free := true
		for _, p := range picks {
			if c < p+n && p < c+n {
				free = false
				break
			}
		}
		if free {
			picks = append(picks, c)
		}
	}
	return picks
}

// refBestWindows is bestWindows in O(epochs·n): each window's epochs
// checked and summed directly.
func refBestWindows(pdop []float64, n, top int, pdopMax float64) windowSearch {
	N := len(pdop)
	if n < 1 || n > N || top < 1 {
		return windowSearch{}
	}
	res := windowSearch{Total: N - n + 1}
	sums := map[int]float64{}
	var cands []int
	for s := 0; s+n <= N; s++ {
		sum, ok := 0.0, true
		for _, v := range pdop[s : s+n] {
			if math.IsNaN(v) || math.IsInf(v, 0) || v > pdopMax {
				ok = false
				break
			}
			sum += v
		}
		if ok {
			cands = append(cands, s)
			sums[s] = sum / float64(n)
		}
	}
	res.Qualifying = len(cands)
	res.Starts = refPick(cands, n, top, func(a, b int) bool { return sums[a] < sums[b] })
	return res
}

// refBestIntegrityWindows is bestIntegrityWindows in O(epochs·n).
func refBestIntegrityWindows(met, monitored []bool, pl []float64, n, top int) windowSearch {
	N := len(met)
	if n < 1 || n > N || top < 1 {
		return windowSearch{}
	}
	res := windowSearch{Total: N - n + 1}
	nMet, mean := map[int]int{}, map[int]float64{}
	var cands []int
	for s := 0; s+n <= N; s++ {
		m, mon, sum := 0, 0, 0.0
		for k := s; k < s+n; k++ {
			if met[k] {
				m++
			}
			if monitored[k] {
				mon++
				sum += pl[k]
			}
		}
		if m == 0 {
			continue
		}
		cands = append(cands, s)
		nMet[s], mean[s] = m, math.Inf(1)
		if mon > 0 && !math.IsNaN(sum) && !math.IsInf(sum, 0) {
			mean[s] = sum / float64(mon)
		}
	}
	res.Qualifying = len(cands)
	res.Starts = refPick(cands, n, top, func(a, b int) bool {
		if nMet[a] != nMet[b] {
			return nMet[a] > nMet[b]
		}
		return mean[a] < mean[b]
	})
	return res
}

func sameSearch(got, want windowSearch) bool {
	return got.Total == want.Total && got.Qualifying == want.Qualifying && slices.Equal(got.Starts, want.Starts)
}

// randomPDOP is a PDOP series with NaN (unavailable), +Inf and values above
// max 6 mixed in; with grid the values are multiples of 1/8 from a few
// levels, so that sums are exact and many windows tie.
func randomPDOP(r *rand.Rand, N int, grid bool, badRate float64) []float64 {
	x := make([]float64, N)
	for k := range x {
		switch u := r.Float64(); {
		case u < badRate/2:
			x[k] = math.NaN()
		case u < badRate*0.75:
			x[k] = 6 + 0.125*float64(1+r.IntN(40)) // above --pdop-max
		case u < badRate:
			x[k] = math.Inf(1)
		case grid:
			x[k] = 1 + 0.125*float64(r.IntN(4))
		default:
			x[k] = 0.8 + 5.2*r.Float64()
		}
	}
	return x
}

// TestBestWindowsBruteForce checks the O(epochs) search against the
// brute-force reference on random series: ties, NaN and unavailable epochs,
// n = 1, n = epochs, no qualifying window, more --top than fit, and series
// longer than a block of pickWindows.
func TestBestWindowsBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	cases := 0
	for iter := 0; iter < 600; iter++ {
		N := 1 + r.IntN(60)
		if iter%20 == 0 {
			N = 1000 + r.IntN(3000) // several blocks
		}
		grid := iter%2 == 0
		bad := []float64{0, 0.02, 0.1, 0.5, 1}[iter%5]
		pdop := randomPDOP(r, N, grid, bad)
		for _, n := range []int{1, 2, 1 + r.IntN(N), N, N + 1, max(N/3, 1)} {
			for _, top := range []int{1, 2, 3, 100} {
				got := bestWindows(pdop, n, top, 6)
				want := refBestWindows(pdop, n, top, 6)
				if !sameSearch(got, want) {
					t.Fatalf("N %d n %d top %d grid %v bad %g: got %+v, want %+v", N, n, top, grid, bad, got, want)
				}
				cases++
			}
		}
	}
	t.Logf("%d searches", cases)
}

// TestBestWindowsCases are small series with known answers.
func TestBestWindowsCases(t *testing.T) {
	nan := math.NaN()
	for _, c := range []struct {
		pdop           []float64
		n, top         int
		want           []int
		qualify, total int
	}{
		// ties: the earlier start
		{[]float64{2, 2, 2, 2}, 2, 1, []int{0}, 3, 3},
		{[]float64{3, 1, 1, 3, 1, 1}, 2, 2, []int{1, 4}, 5, 5},
		// n = 1: the lowest epoch, then the next lowest
		{[]float64{4, 2, nan, 1, 5}, 1, 3, []int{3, 1, 0}, 4, 5},
		// n = epochs: the one window, if every epoch is available
		{[]float64{1, 2, 3}, 3, 5, []int{0}, 1, 1},
		{[]float64{1, nan, 3}, 3, 1, nil, 0, 1},
		// above --pdop-max (6) is unavailable
		{[]float64{1, 7, 1, 1}, 2, 1, []int{2}, 1, 3},
		// PDOP = --pdop-max is available; +Inf is not
		{[]float64{7, 6, math.Inf(1)}, 1, 2, []int{1}, 1, 3},
		// no window: longer than the series
		{[]float64{1, 1}, 3, 1, nil, 0, 0},
		// top more than fit: two disjoint windows of 2 in 5 epochs
		{[]float64{1, 1, 1, 1, 1}, 2, 100, []int{0, 2}, 4, 4},
		// the greedy choice: the best window (1..2) blocks both halves
		{[]float64{5, 1, 1, 5}, 2, 3, []int{1}, 3, 3},
	} {
		got := bestWindows(c.pdop, c.n, c.top, 6)
		if !slices.Equal(got.Starts, c.want) || got.Qualifying != c.qualify || got.Total != c.total {
			t.Errorf("%v n %d top %d: got %+v, want starts %v, %d of %d", c.pdop, c.n, c.top, got, c.want, c.qualify, c.total)
		}
	}
}

// TestBestIntegrityWindowsBruteForce checks the integrity search against
// its brute-force reference: ties on the epochs met broken by the mean
// protection level over the epochs with a result (none, or a NaN level:
// last), then the start.
func TestBestIntegrityWindowsBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for iter := 0; iter < 600; iter++ {
		N := 1 + r.IntN(50)
		if iter%25 == 0 {
			N = 1500 + r.IntN(2000)
		}
		pMet := []float64{0, 0.05, 0.5, 0.9, 1}[iter%5]
		met, mon, pl := make([]bool, N), make([]bool, N), make([]float64, N)
		for k := range met {
			mon[k] = r.Float64() < 0.8
			met[k] = mon[k] && r.Float64() < pMet
			pl[k] = math.NaN()
			if mon[k] {
				pl[k] = 10 + 0.25*float64(r.IntN(8)) // few levels: ties
				if iter%7 == 0 && r.Float64() < 0.05 {
					pl[k] = math.NaN() // a result without a level (horizontal-only service's VPL)
				}
			}
		}
		for _, n := range []int{1, 3, 1 + r.IntN(N), N, N + 1} {
			for _, top := range []int{1, 2, 100} {
				got := bestIntegrityWindows(met, mon, pl, n, top)
				want := refBestIntegrityWindows(met, mon, pl, n, top)
				if !sameSearch(got, want) {
					t.Fatalf("N %d n %d top %d pMet %g: got %+v, want %+v", N, n, top, pMet, got, want)
				}
			}
		}
	}
}

// TestBestIntegrityWindowsCases: known answers.
func TestBestIntegrityWindowsCases(t *testing.T) {
	T, F := true, false
	nan := math.NaN()
	for i, c := range []struct {
		met, mon []bool
		pl       []float64
		n, top   int
		want     []int
	}{
		// more epochs met wins over a lower level
		{[]bool{T, F, T, T}, []bool{T, T, T, T}, []float64{1, 1, 30, 30}, 2, 1, []int{2}},
		// equal availability: the lower mean level
		{[]bool{T, T, F, T, T}, []bool{T, T, T, T, T}, []float64{20, 20, 5, 10, 10}, 2, 1, []int{3}},
		// equal availability and level: the earlier start
		{[]bool{T, T, T, T}, []bool{T, T, T, T}, []float64{7, 7, 7, 7}, 2, 2, []int{0, 2}},
		// no epoch met: no window
		{[]bool{F, F, F}, []bool{T, T, F}, []float64{1, 1, nan}, 1, 1, nil},
		// a NaN level comes after any number
		{[]bool{T, T}, []bool{T, T}, []float64{nan, 50}, 1, 2, []int{1, 0}},
	} {
		if got := bestIntegrityWindows(c.met, c.mon, c.pl, c.n, c.top); !slices.Equal(got.Starts, c.want) {
			t.Errorf("case %d: got %+v, want %v", i, got, c.want)
		}
	}
}

// TestPrefixSums: a window's sum far down a long series keeps its digits.
func TestPrefixSums(t *testing.T) {
	const N = 1_000_000
	x := func(k int) float64 { return 1 + 1e-9*float64(k%7) + 0.1 }
	p := newPrefixSums(N, x)
	for _, w := range [][2]int{{0, 10}, {N - 24, N}, {N / 2, N/2 + 1}} {
		exact := new(big.Float).SetPrec(200)
		for k := w[0]; k < w[1]; k++ {
			exact.Add(exact, new(big.Float).SetFloat64(x(k)))
		}
		want, _ := exact.Float64()
		// plain prefix sums are off by about 1e-11 of the sum here
		if got := p.sum(w[0], w[1]); math.Abs(got-want) > 1e-15*want {
			t.Errorf("sum %v: %.17g, want %.17g", w, got, want)
		}
	}
}

// TestBestWindowValidate: each bad parameter is a usage error naming its
// flag.
func TestBestWindowValidate(t *testing.T) {
	site, err := ParseSite("beijing")
	if err != nil {
		t.Fatal(err)
	}
	ok := func() BestWindow {
		return BestWindow{Period: Period{Duration: 6 * 3600e9, Step: 300e9}, Site: site, Length: 7200e9}
	}
	if j := ok(); j.Validate() != nil {
		t.Fatalf("valid job refused: %v", j.Validate())
	}
	for _, c := range []struct {
		flag string
		edit func(j *BestWindow)
	}{
		{"--site", func(j *BestWindow) { j.Site = SiteArg{} }},
		{"--length", func(j *BestWindow) { j.Length = 0 }},
		{"--length", func(j *BestWindow) { j.Length = 7 * 60e9 }},
		{"--length", func(j *BestWindow) { j.Length = 7 * 3600e9 }},
		{"--top", func(j *BestWindow) { j.Top = 101 }},
		{"--top", func(j *BestWindow) { j.Top = -1 }},
		{"--by", func(j *BestWindow) { j.By = "hdop" }},
	} {
		j := ok()
		c.edit(&j)
		err := j.Validate()
		if !IsUsage(err) || !strings.Contains(err.Error(), c.flag) {
			t.Errorf("%s: %v, want a usage error naming %s", c.flag, err, c.flag)
		}
	}
}
