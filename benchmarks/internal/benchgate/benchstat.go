package benchgate

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
)

// A BenchstatRow is one row of `benchstat -format csv base=... new=...`.
type BenchstatRow struct {
	Unit     string // benchstat's unit: sec/op for go test's ns/op
	Name     string // without "Benchmark", with the -N suffix
	Old, New float64
	Delta    string  // "~", "+12.34%", ...
	P        float64 // as printed, 3 decimals; -1 if absent
	N        string  // "6" or "6+5"
}

// ParseBenchstatCSVFile reads benchstat's CSV output from path.
func ParseBenchstatCSVFile(path string) ([]BenchstatRow, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ParseBenchstatCSV(f)
}

// ParseBenchstatCSV reads benchstat's CSV output (two columns compared):
// per unit a header pair (",base,,new,,," and ",sec/op,CI,sec/op,CI,vs base,P")
// then one row per benchmark and a geomean row.
func ParseBenchstatCSV(r io.Reader) ([]BenchstatRow, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	var out []BenchstatRow
	unit := ""
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if len(rec) < 7 {
			continue
		}
		if rec[0] == "" {
			if rec[2] == "CI" {
				unit = rec[1]
			}
			continue
		}
		if rec[0] == "geomean" || unit == "" {
			continue
		}
		row := BenchstatRow{Unit: unit, Name: rec[0], Delta: rec[5], P: -1}
		row.Old, _ = strconv.ParseFloat(rec[1], 64)
		row.New, _ = strconv.ParseFloat(rec[3], 64)
		for _, f := range strings.Fields(rec[6]) {
			if v, ok := strings.CutPrefix(f, "p="); ok {
				if row.P, err = strconv.ParseFloat(v, 64); err != nil {
					return nil, fmt.Errorf("benchstat csv: %q: %v", rec[6], err)
				}
			} else if v, ok := strings.CutPrefix(f, "n="); ok {
				row.N = v
			}
		}
		if row.P < 0 && row.N != "" {
			row.P = 0 // benchstat omits p when it is exactly 0
		}
		out = append(out, row)
	}
}

// CrossCheck compares the gate's rows (unit ns/op) with benchstat's sec/op
// rows: the medians, the p-values (benchstat prints 3 decimals) and the
// significance verdicts must agree. It returns the disagreements.
func CrossCheck(c *Comparison, rows []BenchstatRow) (agree int, problems []string) {
	idx := map[string]BenchstatRow{}
	for _, r := range rows {
		if r.Unit == "sec/op" {
			idx[r.Name] = r
		}
	}
	for _, r := range c.Rows {
		bs, ok := idx[DisplayName(r.Name)]
		if !ok {
			problems = append(problems, DisplayName(r.Name)+": not in benchstat's output")
			continue
		}
		var bad []string
		if !nearlyEqual(bs.Old, r.OldMedian*1e-9) || !nearlyEqual(bs.New, r.NewMedian*1e-9) {
			bad = append(bad, fmt.Sprintf("medians %g/%g s vs %g/%g s", bs.Old, bs.New, r.OldMedian*1e-9, r.NewMedian*1e-9))
		}
		if math.Abs(bs.P-r.P) > 0.0005+1e-9 {
			bad = append(bad, fmt.Sprintf("p %.3f vs %.4f", bs.P, r.P))
		}
		if (bs.Delta == "~") == r.Significant {
			bad = append(bad, fmt.Sprintf("significance: benchstat %q, benchgate p=%.4f", bs.Delta, r.P))
		} else if r.Significant && r.OldMedian != r.NewMedian {
			got, err := strconv.ParseFloat(strings.TrimSuffix(bs.Delta, "%"), 64)
			if err != nil || math.Abs(got-100*r.Delta) > 0.0051 {
				bad = append(bad, fmt.Sprintf("delta %s vs %+.2f%%", bs.Delta, 100*r.Delta))
			}
		}
		if len(bad) > 0 {
			problems = append(problems, DisplayName(r.Name)+": "+strings.Join(bad, "; "))
		} else {
			agree++
		}
	}
	return agree, problems
}

func nearlyEqual(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b))
}
