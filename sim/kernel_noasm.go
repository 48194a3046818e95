//go:build !amd64 || purego

package sim

// Without the amd64 assembly kernels there is no vector path.
const (
	hasAVX2   = false
	hasAVX512 = false
)

var (
	useAVX2   = false
	useAVX512 = false
)

func kernelPlainAVX2(acc *float64, stride int, co, so *float64, n int, k *kconst) {
	panic("sim: no vector kernel on this platform")
}

func pdopAVX2(S *float64, stride int, p *float64, n int, k *pdopConst) {
	panic("sim: no vector kernel on this platform")
}

func kernelPlainAVX512(acc *float64, stride int, co, so *float64, n int, k *kconst) {
	panic("sim: no vector kernel on this platform")
}
