package benchgate

import (
	"path/filepath"
	"strings"
	"testing"
)

func statuses(rs []RatioResult) map[string]string {
	m := map[string]string{}
	for _, r := range rs {
		m[r.Gate.ID] = r.Status
	}
	return m
}

func mustParseText(t *testing.T, text string) *Set {
	t.Helper()
	s, err := Parse(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestRatiosRecorded: the recorded outputs of a CI run (default and
// -tags purego builds, 10 interleaved rounds) pass every gate; the ARAIM
// gate is skipped while its benchmarks do not exist.
func TestRatiosRecorded(t *testing.T) {
	builds := map[string]*Set{
		BuildDefault: mustParse(t, filepath.Join("testdata", "equal", "new.txt")),
		BuildPurego:  mustParse(t, filepath.Join("testdata", "equal", "purego.txt")),
	}
	rs := CheckRatios(Gates, builds, nil)
	want := map[string]string{"sgp4": StatusPass, "coverage-avx": StatusPass, "araim": StatusSkipped}
	if got := statuses(rs); len(got) != len(want) || got["sgp4"] != want["sgp4"] || got["coverage-avx"] != want["coverage-avx"] || got["araim"] != want["araim"] {
		t.Errorf("statuses %v, want %v\n%s", got, want, RatiosMarkdown(rs))
	}
	if RatiosFailed(rs) {
		t.Error("RatiosFailed on the recorded run")
	}
	for _, r := range rs {
		if r.Gate.ID == "sgp4" && (r.Ratio < 2.0 || r.Ratio > 2.2 || r.N != 10) {
			t.Errorf("SGP4 ratio %.3f over %d rounds, recorded 2.07 over 10", r.Ratio, r.N)
		}
	}

	// Without the purego build (or on a CPU without AVX2, told by -skip),
	// the AVX gate is skipped, not failed.
	rs = CheckRatios(Gates, map[string]*Set{BuildDefault: builds[BuildDefault]}, nil)
	if s := statuses(rs)["coverage-avx"]; s != StatusSkipped || RatiosFailed(rs) {
		t.Errorf("no purego build: coverage-avx %s, failed %v", s, RatiosFailed(rs))
	}
	rs = CheckRatios(Gates, builds, map[string]string{"coverage-avx": "no AVX2"})
	if s := statuses(rs)["coverage-avx"]; s != StatusSkipped {
		t.Errorf("-skip coverage-avx: status %s", s)
	}

	// gnssim's SGP4 25% slower: the ratio (2.07 → 1.66) falls below the
	// floor of 1.8 and the gate fails; 5% slower (1.97) only warns.
	for _, tc := range []struct {
		scale float64
		want  string
	}{{1.25, StatusFail}, {1.05, StatusWarn}} {
		slowed := map[string]*Set{BuildDefault: scaleBench(builds[BuildDefault], "BenchmarkSGP4/impl=gnssim-2", tc.scale), BuildPurego: builds[BuildPurego]}
		rs = CheckRatios(Gates, slowed, nil)
		if s := statuses(rs)["sgp4"]; s != tc.want {
			t.Errorf("SGP4 ×%.2f: status %s, want %s\n%s", tc.scale, s, tc.want, RatiosMarkdown(rs))
		}
		if RatiosFailed(rs) != (tc.want == StatusFail) {
			t.Errorf("SGP4 ×%.2f: RatiosFailed = %v", tc.scale, RatiosFailed(rs))
		}
	}
	// The AVX kernels no longer selected: the default build as slow as purego.
	def := scaleBench(builds[BuildPurego], "", 1) // a copy
	for _, n := range builds[BuildDefault].Names {
		if !strings.HasPrefix(n, "BenchmarkCoverage") {
			for _, v := range builds[BuildDefault].Values(n, "ns/op") {
				def.Add(n, "ns/op", v)
			}
		}
	}
	noAVX := map[string]*Set{BuildDefault: def, BuildPurego: builds[BuildPurego]}
	rs = CheckRatios(Gates, noAVX, nil)
	if s := statuses(rs)["coverage-avx"]; s != StatusFail {
		t.Errorf("AVX kernels off: status %s, want FAIL\n%s", s, RatiosMarkdown(rs))
	}
	if md := RatiosMarkdown(rs); !strings.Contains(md, "**FAIL**: Coverage") {
		t.Errorf("report lacks the failure line:\n%s", md)
	}
}

// TestRatiosSlowedAndLoaded: the recorded slowed build (SGP4 2× slower)
// fails the SGP4 gate in both runs; the heavily loaded equal run passes.
func TestRatiosSlowedAndLoaded(t *testing.T) {
	load := func(dir string) map[string]*Set {
		return map[string]*Set{
			BuildDefault: mustParse(t, filepath.Join("testdata", dir, "new.txt")),
			BuildPurego:  mustParse(t, filepath.Join("testdata", dir, "purego.txt")),
		}
	}
	first, second := CheckRatios(Gates, load("slowed"), nil), CheckRatios(Gates, load("slowed/confirm"), nil)
	for _, rs := range [][]RatioResult{first, second, ConfirmRatios(first, second)} {
		if s := statuses(rs); s["sgp4"] != StatusFail || s["coverage-avx"] != StatusPass {
			t.Errorf("slowed: %v\n%s", s, RatiosMarkdown(rs))
		}
	}
	// A failure the confirmation run does not reproduce only warns.
	if s := statuses(ConfirmRatios(first, CheckRatios(Gates, load("equal"), nil))); s["sgp4"] != StatusWarn {
		t.Errorf("unconfirmed: sgp4 %s, want warn", s["sgp4"])
	}
	if rs := CheckRatios(Gates, load("equal-loaded"), nil); RatiosFailed(rs) {
		t.Errorf("loaded equal run failed:\n%s", RatiosMarkdown(rs))
	}
}

// TestRatiosARAIMSlot: the ARAIM gate activates when BenchmarkARAIM with
// impl=fast and impl=slow appears, sub-benchmark by sub-benchmark.
func TestRatiosARAIMSlot(t *testing.T) {
	sgp4 := `BenchmarkSGP4/impl=gnssim-2 5 100 ns/op
BenchmarkSGP4/impl=go-satellite-2 3 210 ns/op
`
	araim := mustParseText(t, sgp4+`BenchmarkARAIM/impl=fast/sats=30-2 10 100 ns/op
BenchmarkARAIM/impl=slow/sats=30-2 10 9000 ns/op
BenchmarkARAIM/impl=fast/sats=60-2 10 100 ns/op
BenchmarkARAIM/impl=slow/sats=60-2 10 150 ns/op
`)
	rs := CheckRatios(Gates, map[string]*Set{BuildDefault: araim}, nil)
	var got []string
	for _, r := range rs {
		if r.Gate.ID == "araim" {
			got = append(got, DisplayName(r.Slow)+"="+r.Status)
		}
	}
	if strings.Join(got, " ") != "ARAIM/impl=slow/sats=30-2=pass ARAIM/impl=slow/sats=60-2=FAIL" {
		t.Errorf("ARAIM results %v\n%s", got, RatiosMarkdown(rs))
	}
	// A slow path without its fast counterpart fails (a renamed benchmark).
	rs = CheckRatios(Gates, map[string]*Set{BuildDefault: mustParseText(t, sgp4+"BenchmarkARAIM/impl=slow-2 10 900 ns/op\n")}, nil)
	if s := statuses(rs)["araim"]; s != StatusFail {
		t.Errorf("ARAIM without impl=fast: status %s, want FAIL", s)
	}
	// The required SGP4 gate fails when its benchmarks are gone (renamed).
	rs = CheckRatios(Gates, map[string]*Set{BuildDefault: mustParseText(t, "BenchmarkOther-2 1 1 ns/op\n")}, nil)
	if s := statuses(rs)["sgp4"]; s != StatusFail {
		t.Errorf("no SGP4 benchmarks: status %s, want FAIL", s)
	}
}
