package selfcheck

import "testing"

// BenchmarkSpin times Work steps of Spin.
func BenchmarkSpin(b *testing.B) {
	x := 0.3
	for b.Loop() {
		x = Spin(x, Work)
	}
	if x < 0 || x > 1 {
		b.Fatal("logistic map left [0, 1]")
	}
}
