// Package benchmarks holds gnssim's end-to-end benchmarks of the hot loops
// against their baselines, on real data from testdata/:
//
//   - BenchmarkSGP4: gnssim's SGP4 vs github.com/joshuaferrara/go-satellite on
//     the GLONASS + BeiDou 2026-03-18 snapshot, 24 h at 30 s, and the batch
//     propagator's speed-up over workers.
//   - BenchmarkCoverage, BenchmarkSiteDOP: the visibility/DOP engine.
//
// Speed goals live here, never in unit tests. To compare a change with the
// previous commit, run benchmarks/compare.sh: it builds both, runs them
// interleaved in one run and applies CI's gates (a significant slowdown
// beyond 15%, and same-run ratios such as impl=gnssim vs impl=go-satellite);
// see README.md in this directory for each benchmark, its unit and its gate.
//
// The machines are noisy: compare ratios measured in the same run (for
// example impl=gnssim vs impl=go-satellite), not absolute times across runs.
package benchmarks
