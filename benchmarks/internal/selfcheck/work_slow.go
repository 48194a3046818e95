//go:build benchslow

package selfcheck

// Work is the number of Spin steps of one BenchmarkSpin op: 2× the
// default build's, the deliberate slowdown of the self-check.
const Work = 400_000
