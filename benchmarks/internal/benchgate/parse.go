// Package benchgate checks `go test -bench` output for CI: a regression gate
// (base vs new build, interleaved in one run, Mann-Whitney U test as in
// benchstat) and ratio gates (two benchmarks of the same run, e.g. gnssim's
// SGP4 vs go-satellite, whose ratio must stay above a floor).
//
// It reads the text format of `go test -bench` (and of test binaries run with
// -test.bench) and needs nothing but the standard library, so CI can run it
// before anything else is installed. See benchmarks/README.md.
package benchgate

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
)

// A Set holds the samples of a benchmark run: for each benchmark (full name
// as printed, with its -GOMAXPROCS suffix, e.g.
// "BenchmarkSGP4/impl=gnssim-2") and each unit ("ns/op", "B/op",
// "ns/sat-epoch", ...) the values of every line, in order.
type Set struct {
	Names   []string                        // benchmark names in order of first appearance
	Samples map[string]map[string][]float64 // name -> unit -> values
	Config  map[string]string               // goos, goarch, cpu, pkg (last value seen)
	Failed  []string                        // benchmarks with a "--- FAIL" line, once each
}

// NewSet returns an empty Set.
func NewSet() *Set {
	return &Set{Samples: map[string]map[string][]float64{}, Config: map[string]string{}}
}

// Values returns the samples of name in unit (nil if none).
func (s *Set) Values(name, unit string) []float64 {
	return s.Samples[name][unit]
}

// Has reports whether name has samples in unit.
func (s *Set) Has(name, unit string) bool {
	return len(s.Samples[name][unit]) > 0
}

// Add records one sample.
func (s *Set) Add(name, unit string, v float64) {
	m := s.Samples[name]
	if m == nil {
		m = map[string][]float64{}
		s.Samples[name] = m
		s.Names = append(s.Names, name)
	}
	m[unit] = append(m[unit], v)
}

// ParseFile reads the benchmark output in path.
func ParseFile(path string) (*Set, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	s, err := Parse(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// Parse reads benchmark output: result lines
//
//	BenchmarkName-2   	      10	  92608963 ns/op	 387.4 ns/sat-epoch	 0 B/op
//
// and the "key: value" configuration lines; everything else (PASS, ok,
// logs) is skipped. A line that starts like a result but does not parse is
// an error, so a format change cannot silently empty the comparison.
func Parse(r io.Reader) (*Set, error) {
	s := NewSet()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		if strings.HasPrefix(text, "--- FAIL: Benchmark") {
			if name := strings.Fields(text)[2]; !slices.Contains(s.Failed, name) {
				s.Failed = append(s.Failed, name)
			}
			continue
		}
		for _, key := range []string{"goos", "goarch", "cpu", "pkg"} {
			if v, ok := strings.CutPrefix(text, key+":"); ok {
				s.Config[key] = strings.TrimSpace(v)
			}
		}
		if !strings.HasPrefix(text, "Benchmark") {
			continue
		}
		f := strings.Fields(text)
		if len(f) < 2 {
			continue // a benchmark's name printed alone (it logged, or failed)
		}
		if _, err := strconv.Atoi(f[1]); err != nil {
			continue // "BenchmarkX ... some log text"
		}
		if len(f) < 4 || len(f)%2 != 0 {
			return nil, fmt.Errorf("line %d: malformed result line %q", line, text)
		}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				return nil, fmt.Errorf("line %d: value %q: %v", line, f[i], err)
			}
			s.Add(f[0], f[i+1], v)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return s, nil
}

// Lookup finds the benchmark called ref (without its -GOMAXPROCS suffix,
// e.g. "BenchmarkSGP4/impl=gnssim") among the names of s: the name itself
// or the name followed by "-N". It returns "" when there is none.
func (s *Set) Lookup(ref string) string {
	for _, n := range s.Names {
		if BaseName(n) == ref {
			return n
		}
	}
	return ""
}

// BaseName strips the "-N" GOMAXPROCS suffix that go test appends to a
// benchmark's name when N > 1. A name whose last element ends in "-digits"
// without such a suffix would lose them too: the benchmarks here never end
// a sub-benchmark name that way.
func BaseName(name string) string {
	i := strings.LastIndexByte(name, '-')
	if i < 0 || i < strings.LastIndexByte(name, '/') || i == len(name)-1 {
		return name
	}
	for _, c := range name[i+1:] {
		if c < '0' || c > '9' {
			return name
		}
	}
	return name[:i]
}

// DisplayName is name as benchstat prints it: without "Benchmark".
func DisplayName(name string) string {
	return strings.TrimPrefix(name, "Benchmark")
}
