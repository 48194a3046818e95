package benchgate

import (
	"errors"
	"math"
	"sort"
)

// The significance test is benchstat's (golang.org/x/perf/benchmath,
// AssumeNothing): a two-sided Mann-Whitney U test. For samples of up to 50
// values each (25 when there are ties) the p-value comes from the exact
// distribution of U given the ties; beyond that from the normal
// approximation with tie and continuity corrections, as in
// github.com/aclements/go-moremath/stats.MannWhitneyUTest, which benchstat
// calls. TestUTestMatchesBenchstat checks the p-values against benchstat's
// own output (testdata/*.benchstat.csv, made by the pinned benchstat).

// Errors of UTest; benchstat reports such a comparison as not significant.
var (
	ErrSampleSize   = errors.New("too few samples")
	ErrSamplesEqual = errors.New("all samples are equal")
)

// The sample sizes up to which the exact distribution is used (go-moremath's
// MannWhitneyExactLimit and MannWhitneyTiesExactLimit).
const (
	exactLimit     = 50
	tiesExactLimit = 25
)

// UTest returns the two-sided p-value of the Mann-Whitney U test of x1 and
// x2 (the null hypothesis: both come from the same distribution).
func UTest(x1, x2 []float64) (float64, error) {
	n1, n2 := len(x1), len(x2)
	if n1 == 0 || n2 == 0 {
		return 0, ErrSampleSize
	}
	type obs struct {
		v     float64
		first bool
	}
	all := make([]obs, 0, n1+n2)
	for _, v := range x1 {
		all = append(all, obs{v, true})
	}
	for _, v := range x2 {
		all = append(all, obs{v, false})
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].v < all[j].v })

	// Tie groups: sizes t and doubled mid-ranks r2 (ranks start at 1), the
	// rank sum of x1 doubled (R1x2), whether any tie exists.
	var t, r2 []int
	R1x2, hasTies := 0, false
	for i := 0; i < len(all); {
		j, k1 := i, 0
		for ; j < len(all) && all[j].v == all[i].v; j++ {
			if all[j].first {
				k1++
			}
		}
		// ranks i+1 .. j, mid-rank (i+1+j)/2
		t = append(t, j-i)
		r2 = append(r2, i+1+j)
		R1x2 += k1 * (i + 1 + j)
		if j-i > 1 {
			hasTies = true
		}
		i = j
	}
	// U1 = R1 − n1(n1+1)/2, in half units.
	twoU1 := R1x2 - n1*(n1+1)
	twoU2 := 2*n1*n2 - twoU1

	exact := !hasTies && n1 <= exactLimit && n2 <= exactLimit ||
		hasTies && n1 <= tiesExactLimit && n2 <= tiesExactLimit
	if exact {
		if len(t) == 1 {
			return 0, ErrSamplesEqual
		}
		if twoU1 == twoU2 {
			return 1, nil
		}
		return 2 * uCDF(min(twoU1, twoU2), n1, t, r2), nil
	}

	// Normal approximation with tie and continuity corrections.
	tc := 0.0
	for _, ti := range t {
		tc += float64(ti*ti*ti - ti)
	}
	N := float64(n1 + n2)
	mu := float64(n1*n2) / 2
	sigma := math.Sqrt(float64(n1*n2) * ((N + 1) - tc/(N*(N-1))) / 12)
	if sigma == 0 {
		return 0, ErrSamplesEqual
	}
	numer := float64(twoU1)/2 - mu
	switch {
	case numer > 0:
		numer -= 0.5
	case numer < 0:
		numer += 0.5
	}
	z := numer / sigma
	cdf := func(x float64) float64 { return math.Erfc(-x/math.Sqrt2) / 2 }
	return 2 * math.Min(cdf(z), 1-cdf(z)), nil
}

// uCDF returns P(U1 ≤ twoU/2) under the null hypothesis, for a first sample
// of n1 values among tie groups of sizes t with doubled mid-ranks r2: the
// number of ways to draw n1 of the N ranked values (weighted by the ways to
// pick them inside each tie group) whose doubled rank sum is at most
// twoU + n1(n1+1), over C(N, n1). Counts are float64, exact up to 2^53 and
// accurate to rounding beyond (C(100, 50) ≈ 1e29).
func uCDF(twoU, n1 int, t, r2 []int) float64 {
	limit := twoU + n1*(n1+1) // largest doubled rank sum counted
	if limit < 0 {
		return 0
	}
	// f[j][s]: ways to choose j values so far with doubled rank sum s.
	f := make([][]float64, n1+1)
	for j := range f {
		f[j] = make([]float64, limit+1)
	}
	f[0][0] = 1
	seen := 0
	for g, tg := range t {
		seen += tg
		// Go down in j so each group is used once (0/1-knapsack by group).
		for j := min(n1, seen); j >= 1; j-- {
			row := f[j]
			for c := 1; c <= min(j, tg); c++ {
				w := choose(tg, c)
				add := c * r2[g]
				src := f[j-c]
				for s := limit; s >= add; s-- {
					if v := src[s-add]; v != 0 {
						row[s] += w * v
					}
				}
			}
		}
	}
	count := 0.0
	for _, v := range f[n1] {
		count += v
	}
	return count / choose(seen, n1)
}

// choose returns the binomial coefficient C(n, k) as a float64.
func choose(n, k int) float64 {
	if k < 0 || k > n {
		return 0
	}
	k = min(k, n-k)
	r := 1.0
	for i := 1; i <= k; i++ {
		r = r * float64(n-k+i) / float64(i)
	}
	return math.Round(r)
}
