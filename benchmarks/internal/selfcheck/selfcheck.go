// Package selfcheck holds a synthetic benchmark for the end-to-end
// self-check of benchmarks/compare.sh: built with -tags benchslow it does
// twice the work (a deliberate 2× slowdown), so comparing a
// default build with a benchslow build must fail the regression gate, and
// comparing two default builds must pass it. It is not a gnssim benchmark.
package selfcheck

// Spin runs n steps of a dependent floating-point recurrence (the logistic
// map) from x, so the work cannot be vectorised or skipped.
func Spin(x float64, n int) float64 {
	for i := 0; i < n; i++ {
		x = 3.9 * x * (1 - x)
	}
	return x
}
