package sim

import "context"

// Test hooks for the external test package.

// CoverageBruteForce computes Coverage visiting every cell for every
// satellite (no cap skip).
func CoverageBruteForce(ctx context.Context, eph *Ephemeris, grid GridSpec, m Model, opt CoverageOptions) (*CoverageMap, error) {
	return coverage(ctx, eph, eph.Grid, grid, m, opt, true)
}

// CapAngle exposes capAngle.
var CapAngle = capAngle

// VisibleENU exposes the visibility test of a mask.
func VisibleENU(m Mask, dE, dN, dU, d2 float64) bool {
	t := newMaskTable(m)
	return t.visible(dE, dN, dU, d2)
}

// HasVectorKernels reports whether the AVX2 kernels can run here.
var HasVectorKernels = hasAVX2

// SetVectorKernels switches the vector kernels on (where available) or off
// and returns a function restoring the previous setting.
func SetVectorKernels(on bool) (restore func()) {
	old2, old512 := useAVX2, useAVX512
	useAVX2, useAVX512 = on && hasAVX2, on && hasAVX512
	return func() { useAVX2, useAVX512 = old2, old512 }
}
