//go:build amd64 && !purego

package sim

// hasAVX2 reports whether the CPU and the OS support AVX2 (CPUID leaf 7
// EBX bit 5, with OSXSAVE and the YMM state enabled in XCR0).
var hasAVX2 = detectAVX2()

// useAVX2 selects the vector kernels; tests switch it off to compare with
// the portable code.
var useAVX2 = hasAVX2

func detectAVX2() bool {
	maxLeaf, _, _, _ := cpuid(0, 0)
	if maxLeaf < 7 {
		return false
	}
	_, _, ecx1, _ := cpuid(1, 0)
	const osxsave, avx = 1 << 27, 1 << 28
	if ecx1&osxsave == 0 || ecx1&avx == 0 {
		return false
	}
	if xcr0, _ := xgetbv(); xcr0&6 != 6 { // XMM and YMM state saved by the OS
		return false
	}
	_, ebx7, _, _ := cpuid(7, 0)
	return ebx7&(1<<5) != 0
}

func cpuid(eaxArg, ecxArg uint32) (eax, ebx, ecx, edx uint32)

func xgetbv() (eax, edx uint32)

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
