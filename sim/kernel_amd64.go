//go:build amd64 && !purego

package sim

import "golang.org/x/sys/cpu"

// hasAVX2 and hasAVX512 report whether the CPU and the OS support AVX2 and
// AVX-512F (golang.org/x/sys/cpu checks CPUID and the XCR0 state bits).
var (
	hasAVX2   = cpu.X86.HasAVX2
	hasAVX512 = cpu.X86.HasAVX2 && cpu.X86.HasAVX512F
)

// useAVX2 and useAVX512 select the vector kernels; tests switch them off to
// compare with the portable code.
var (
	useAVX2   = hasAVX2
	useAVX512 = hasAVX512
)

// kernelPlainAVX2 is kernelPlainGo for cells [0, n) (n a positive multiple
// of 4) with acc, co and so pointing at the first cell; see kernel_amd64.s.
//
//go:noescape
func kernelPlainAVX2(acc *float64, stride int, co, so *float64, n int, k *kconst)

// pdopAVX2 is pdopRow's loop for columns [0, n) (n a positive multiple of
// 4); see kernel_amd64.s.
//
//go:noescape
func pdopAVX2(S *float64, stride int, p *float64, n int, k *pdopConst)

// kernelPlainAVX512 is kernelPlainAVX2 with eight cells per iteration (n a
// positive multiple of 8); see kernel_amd64.s.
//
//go:noescape
func kernelPlainAVX512(acc *float64, stride int, co, so *float64, n int, k *kconst)
