package benchgate

import (
	"math"
	"path/filepath"
	"strings"
	"testing"
)

func TestUTestKnownValues(t *testing.T) {
	for _, tc := range []struct {
		name   string
		x1, x2 []float64
		want   float64
	}{
		// Fully separated samples: p = 2/C(n1+n2, n1).
		{"separated 4+4", []float64{1, 2, 3, 4}, []float64{5, 6, 7, 8}, 2.0 / 70},
		{"separated 5+5", []float64{5, 4, 3, 2, 1}, []float64{10, 9, 8, 7, 6}, 2.0 / 252},
		{"separated 3+3 (cannot reach 0.05)", []float64{1, 2, 3}, []float64{4, 5, 6}, 0.1},
		{"separated 10+10", []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, []float64{11, 12, 13, 14, 15, 16, 17, 18, 19, 20}, 2.0 / 184756},
		// Interleaved perfectly: U1 = U2, p = 1.
		{"balanced", []float64{1, 4, 5, 8}, []float64{2, 3, 6, 7}, 1},
		// One swap at the boundary: U = 1, P(U ≤ 1) = 2/70.
		{"one swap 4+4", []float64{1, 2, 3, 5}, []float64{4, 6, 7, 8}, 4.0 / 70},
		// Ties across the samples, exact conditional distribution: x1 =
		// {1, 2}, x2 = {2, 3}: ranks 1, 2.5, 2.5, 4; U1 = 0.5; of the 6
		// ways to draw x1's ranks, U ≤ 0.5 for {1, 2.5} twice: p = 2·2/6.
		{"ties 2+2", []float64{1, 2}, []float64{2, 3}, 2 * 2.0 / 6},
	} {
		p, err := UTest(tc.x1, tc.x2)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if math.Abs(p-tc.want) > 1e-12 {
			t.Errorf("%s: p = %.6g, want %.6g", tc.name, p, tc.want)
		}
		// The test is symmetric in its samples.
		if q, _ := UTest(tc.x2, tc.x1); math.Abs(p-q) > 1e-12 {
			t.Errorf("%s: p(x1,x2) = %g but p(x2,x1) = %g", tc.name, p, q)
		}
	}
	if _, err := UTest(nil, []float64{1}); err != ErrSampleSize {
		t.Errorf("empty sample: err = %v, want ErrSampleSize", err)
	}
	if _, err := UTest([]float64{3, 3, 3}, []float64{3, 3}); err != ErrSamplesEqual {
		t.Errorf("all equal: err = %v, want ErrSamplesEqual", err)
	}
}

// TestUTestMatchesBenchstat checks the medians, p-values and significance
// verdicts against benchstat's own CSV output for the same files
// (testdata/*/benchstat.csv, made by `benchstat -format csv base=old.txt
// new=new.txt` with the benchstat version pinned in compare.sh). The
// synthetic testdata/stats case covers each branch of the test: exact
// without ties, exact with ties, normal approximation with ties (n > 25) and
// without (n > 50), unequal sizes, all samples equal.
func TestUTestMatchesBenchstat(t *testing.T) {
	for _, dir := range []string{"stats", "equal", "equal-loaded", "slowed", "slowed/confirm"} {
		t.Run(dir, func(t *testing.T) {
			old, new := mustParse(t, filepath.Join("testdata", dir, "old.txt")), mustParse(t, filepath.Join("testdata", dir, "new.txt"))
			rows, err := ParseBenchstatCSVFile(filepath.Join("testdata", dir, "benchstat.csv"))
			if err != nil {
				t.Fatal(err)
			}
			c := Compare(old, new, DefaultCompareOptions())
			agree, problems := CrossCheck(c, rows)
			for _, p := range problems {
				t.Error(p)
			}
			if agree == 0 || agree != len(c.Rows) {
				t.Errorf("%d of %d rows agree", agree, len(c.Rows))
			}
		})
	}
}

// TestCrossCheckCatchesDisagreement: the cross-check is not vacuous.
func TestCrossCheckCatchesDisagreement(t *testing.T) {
	d := filepath.Join("testdata", "slowed")
	rows, err := ParseBenchstatCSVFile(filepath.Join(d, "benchstat.csv"))
	if err != nil {
		t.Fatal(err)
	}
	c := Compare(mustParse(t, filepath.Join(d, "old.txt")), mustParse(t, filepath.Join(d, "new.txt")), DefaultCompareOptions())
	for i := range rows {
		if rows[i].Unit == "sec/op" && rows[i].Name == "SGP4/impl=gnssim-2" {
			rows[i].P, rows[i].Delta = 0.2, "~"
		}
	}
	if _, problems := CrossCheck(c, rows); len(problems) != 1 || !strings.Contains(problems[0], "SGP4/impl=gnssim-2") {
		t.Errorf("problems %q, want one about SGP4/impl=gnssim-2", problems)
	}
}

func TestChoose(t *testing.T) {
	for _, tc := range []struct {
		n, k int
		want float64
	}{{0, 0, 1}, {5, 2, 10}, {8, 4, 70}, {20, 10, 184756}, {3, 4, 0}, {3, -1, 0}, {50, 25, 126410606437752}} {
		if got := choose(tc.n, tc.k); got != tc.want {
			t.Errorf("choose(%d, %d) = %g, want %g", tc.n, tc.k, got, tc.want)
		}
	}
}
