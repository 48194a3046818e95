//go:build !benchslow

package selfcheck

// Work is the number of Spin steps of one BenchmarkSpin op.
const Work = 200_000
