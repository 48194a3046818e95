//go:build amd64 && !purego

#include "textflag.h"

// func kernelPlainAVX2(acc *float64, stride int, co, so *float64, n int, k *kconst)
//
// Four cells per iteration, exactly the operations of kernelPlainGo (no
// FMA). Invisible lanes add +0.0, which leaves the accumulators (never
// -0.0: they start at +0.0 and sums round to nearest) bit-identical.
// Accumulator array k of the slot is at acc + k*stride*8 bytes.
TEXT ·kernelPlainAVX2(SB), NOSPLIT, $0-48
	MOVQ acc+0(FP), DI
	MOVQ stride+8(FP), R8
	SHLQ $3, R8             // R8 = stride in bytes (array 1, 2, 4, 8 via scale)
	LEAQ (R8)(R8*2), R9     // R9 = 3 strides (arrays 3, 6)
	LEAQ (R8)(R8*4), R10    // R10 = 5 strides (arrays 5, 10)
	LEAQ (R9)(R8*4), R11    // R11 = 7 strides (array 7)
	MOVQ co+16(FP), SI
	MOVQ so+24(FP), DX
	MOVQ n+32(FP), CX
	MOVQ k+40(FP), AX
	VBROADCASTSD 0(AX), Y15   // sx
	VBROADCASTSD 8(AX), Y14   // sy
	VBROADCASTSD 16(AX), Y13  // rcl
	VBROADCASTSD 24(AX), Y12  // cl
	VBROADCASTSD 32(AX), Y11  // sl
	VBROADCASTSD 40(AX), Y10  // sldz
	VBROADCASTSD 48(AX), Y9   // cldz
	VBROADCASTSD 56(AX), Y8   // dz2
	VBROADCASTSD 64(AX), Y7   // s2
	TESTQ CX, CX
	JLE done

loop:
	VMOVUPD (SI), Y0          // c
	VMOVUPD (DX), Y1          // s
	VMULPD Y0, Y13, Y2        // rcl*c
	VSUBPD Y2, Y15, Y2        // dx = sx - rcl*c
	VMULPD Y1, Y13, Y3        // rcl*s
	VSUBPD Y3, Y14, Y3        // dy = sy - rcl*s
	VMULPD Y0, Y2, Y4         // dx*c
	VMULPD Y1, Y3, Y5         // dy*s
	VADDPD Y5, Y4, Y4         // p = dx*c + dy*s
	VMULPD Y0, Y3, Y5         // dy*c
	VMULPD Y1, Y2, Y6         // dx*s
	VSUBPD Y6, Y5, Y5         // q = dy*c - dx*s
	VMULPD Y2, Y2, Y0         // dx*dx
	VMULPD Y3, Y3, Y1         // dy*dy
	VADDPD Y1, Y0, Y0         // dx*dx + dy*dy
	VADDPD Y8, Y0, Y0         // d2 = dx*dx + dy*dy + dz2
	VMULPD Y4, Y12, Y1        // cl*p
	VADDPD Y10, Y1, Y1        // dU = cl*p + sldz
	VMULPD Y4, Y11, Y2        // sl*p
	VSUBPD Y2, Y9, Y2         // dN = cldz - sl*p
	VMULPD Y1, Y1, Y3         // dU*dU
	VMULPD Y0, Y7, Y4         // s2*d2
	VCMPPD $0x1e, Y4, Y3, Y3  // dU*dU > s2*d2 (GT_OQ: false on NaN)
	VXORPD Y4, Y4, Y4
	VCMPPD $0x1e, Y4, Y1, Y4  // dU > 0
	VANDPD Y4, Y3, Y3         // visible mask
	VMOVMSKPD Y3, BX
	TESTQ BX, BX
	JZ next
	VSQRTPD Y0, Y0            // |d|
	VBROADCASTSD 72(AX), Y4   // 1
	VDIVPD Y0, Y4, Y0         // inv = 1/|d|
	VMULPD Y0, Y5, Y5         // ue = q*inv
	VMULPD Y0, Y2, Y2         // un = dN*inv
	VMULPD Y0, Y1, Y1         // uu = dU*inv
	VANDPD Y3, Y5, Y5         // invisible lanes: +0
	VANDPD Y3, Y2, Y2
	VANDPD Y3, Y1, Y1
	VANDPD Y3, Y4, Y4         // count increment: 1 or +0
	VMULPD Y5, Y5, Y0         // EE
	VADDPD (DI), Y0, Y0
	VMOVUPD Y0, (DI)
	VMULPD Y2, Y5, Y0         // EN
	VADDPD (DI)(R8*1), Y0, Y0
	VMOVUPD Y0, (DI)(R8*1)
	VMULPD Y1, Y5, Y0         // EU
	VADDPD (DI)(R8*2), Y0, Y0
	VMOVUPD Y0, (DI)(R8*2)
	VMULPD Y2, Y2, Y0         // NN
	VADDPD (DI)(R9*1), Y0, Y0
	VMOVUPD Y0, (DI)(R9*1)
	VMULPD Y1, Y2, Y0         // NU
	VADDPD (DI)(R8*4), Y0, Y0
	VMOVUPD Y0, (DI)(R8*4)
	VMULPD Y1, Y1, Y0         // UU
	VADDPD (DI)(R10*1), Y0, Y0
	VMOVUPD Y0, (DI)(R10*1)
	VADDPD (DI)(R9*2), Y5, Y0 // bE
	VMOVUPD Y0, (DI)(R9*2)
	VADDPD (DI)(R11*1), Y2, Y0 // bN
	VMOVUPD Y0, (DI)(R11*1)
	VADDPD (DI)(R8*8), Y1, Y0 // bU
	VMOVUPD Y0, (DI)(R8*8)
	VADDPD (DI)(R10*2), Y4, Y0 // n
	VMOVUPD Y0, (DI)(R10*2)

next:
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, DI
	SUBQ $4, CX
	JG loop

done:
	VZEROUPPER
	RET

// func pdopAVX2(S *float64, stride int, p *float64, n int, k *pdopConst)
//
// pdopSym3 for four columns at a time, the same operations in the same order
// (no FMA). S arrays: a=S[0], b=S[1], c=S[2], d=S[3], e=S[4], f=S[5], array
// k at S + k*stride*8 bytes.
TEXT ·pdopAVX2(SB), NOSPLIT, $0-40
	MOVQ S+0(FP), DI
	MOVQ stride+8(FP), R8
	SHLQ $3, R8             // 1 stride in bytes
	LEAQ (R8)(R8*2), R9     // 3 strides
	LEAQ (R8)(R8*4), R10    // 5 strides
	MOVQ p+16(FP), SI
	MOVQ n+24(FP), CX
	MOVQ k+32(FP), AX
	TESTQ CX, CX
	JLE pdone

ploop:
	VMOVUPD (DI), Y0          // a
	VMOVUPD (DI)(R8*1), Y1    // b
	VMOVUPD (DI)(R8*2), Y2    // c
	VMOVUPD (DI)(R9*1), Y3    // d
	VMOVUPD (DI)(R8*4), Y4    // e
	VMOVUPD (DI)(R10*1), Y5   // f
	VMULPD Y5, Y3, Y6         // d*f
	VMULPD Y4, Y4, Y7         // e*e
	VSUBPD Y7, Y6, Y6         // c00 = d*f - e*e
	VMULPD Y4, Y2, Y7         // c*e
	VMULPD Y5, Y1, Y8         // b*f
	VSUBPD Y8, Y7, Y7         // c01 = c*e - b*f
	VMULPD Y4, Y1, Y8         // b*e
	VMULPD Y3, Y2, Y9         // c*d
	VSUBPD Y9, Y8, Y8         // c02 = b*e - c*d
	VMULPD Y5, Y0, Y9         // a*f
	VMULPD Y2, Y2, Y10        // c*c
	VSUBPD Y10, Y9, Y9        // c11 = a*f - c*c
	VMULPD Y2, Y1, Y10        // b*c
	VMULPD Y4, Y0, Y11        // a*e
	VSUBPD Y11, Y10, Y10      // c12 = b*c - a*e
	VMULPD Y3, Y0, Y11        // a*d
	VMULPD Y1, Y1, Y12        // b*b
	VSUBPD Y12, Y11, Y11      // c22 = a*d - b*b
	VMULPD Y6, Y0, Y12        // a*c00
	VMULPD Y7, Y1, Y13        // b*c01
	VADDPD Y13, Y12, Y12      // a*c00 + b*c01
	VMULPD Y8, Y2, Y13        // c*c02
	VADDPD Y13, Y12, Y12      // det
	// ok = det>0 & a>0 & d>0 & f>0 & c00>0 & c11>0 & c22>0  (in Y15)
	VXORPD Y14, Y14, Y14
	VCMPPD $0x1e, Y14, Y12, Y15
	VCMPPD $0x1e, Y14, Y0, Y13
	VANDPD Y13, Y15, Y15
	VCMPPD $0x1e, Y14, Y3, Y13
	VANDPD Y13, Y15, Y15
	VCMPPD $0x1e, Y14, Y5, Y13
	VANDPD Y13, Y15, Y15
	VCMPPD $0x1e, Y14, Y6, Y13
	VANDPD Y13, Y15, Y15
	VCMPPD $0x1e, Y14, Y9, Y13
	VANDPD Y13, Y15, Y15
	VCMPPD $0x1e, Y14, Y11, Y13
	VANDPD Y13, Y15, Y15
	// nS = max(a+|b|+|c|, |b|+d+|e|, |c|+|e|+f); b, c, e are dead after this
	VBROADCASTSD 8(AX), Y14   // abs mask
	VANDPD Y14, Y1, Y1        // |b|
	VANDPD Y14, Y2, Y2        // |c|
	VANDPD Y14, Y4, Y4        // |e|
	VADDPD Y1, Y0, Y0         // a+|b|
	VADDPD Y2, Y0, Y0         // a+|b|+|c|
	VADDPD Y3, Y1, Y3         // |b|+d
	VADDPD Y4, Y3, Y3         // |b|+d+|e|
	VADDPD Y4, Y2, Y2         // |c|+|e|
	VADDPD Y5, Y2, Y2         // |c|+|e|+f
	VMAXPD Y3, Y0, Y0
	VMAXPD Y2, Y0, Y0         // nS (Y0)
	// nA = max(c00+|c01|+|c02|, |c01|+c11+|c12|, |c02|+|c12|+c22)
	VANDPD Y14, Y7, Y7        // |c01|
	VANDPD Y14, Y8, Y8        // |c02|
	VANDPD Y14, Y10, Y10      // |c12|
	VADDPD Y7, Y6, Y1         // c00+|c01|
	VADDPD Y8, Y1, Y1         // c00+|c01|+|c02|
	VADDPD Y9, Y7, Y2         // |c01|+c11
	VADDPD Y10, Y2, Y2        // |c01|+c11+|c12|
	VADDPD Y10, Y8, Y3        // |c02|+|c12|
	VADDPD Y11, Y3, Y3        // |c02|+|c12|+c22
	VMAXPD Y2, Y1, Y1
	VMAXPD Y3, Y1, Y1         // nA (Y1)
	VBROADCASTSD 0(AX), Y2    // minRCond
	VMULPD Y0, Y2, Y2         // minRCond*nS
	VMULPD Y1, Y2, Y2         // minRCond*nS*nA
	VCMPPD $0x1d, Y2, Y12, Y2 // det >= minRCond*nS*nA (GE_OQ)
	VANDPD Y2, Y15, Y15       // ok
	VADDPD Y9, Y6, Y6         // c00+c11
	VADDPD Y11, Y6, Y6        // trace of the adjugate
	VDIVPD Y12, Y6, Y6        // tr/det
	VSQRTPD Y6, Y6
	VBROADCASTSD 16(AX), Y2   // NaN
	VANDPD Y15, Y6, Y6        // ok lanes: pdop
	VANDNPD Y2, Y15, Y2       // other lanes: NaN
	VORPD Y2, Y6, Y6
	VMOVUPD Y6, (SI)
	ADDQ $32, DI
	ADDQ $32, SI
	SUBQ $4, CX
	JG ploop

pdone:
	VZEROUPPER
	RET

// func kernelPlainAVX512(acc *float64, stride int, co, so *float64, n int, k *kconst)
//
// kernelPlainAVX2 with eight cells per iteration: the same operations in the
// same order; invisible lanes are zeroed through the opmask before the
// (unmasked) accumulation, as in the AVX2 kernel.
TEXT ·kernelPlainAVX512(SB), NOSPLIT, $0-48
	MOVQ acc+0(FP), DI
	MOVQ stride+8(FP), R8
	SHLQ $3, R8
	LEAQ (R8)(R8*2), R9
	LEAQ (R8)(R8*4), R10
	LEAQ (R9)(R8*4), R11
	MOVQ co+16(FP), SI
	MOVQ so+24(FP), DX
	MOVQ n+32(FP), CX
	MOVQ k+40(FP), AX
	VBROADCASTSD 0(AX), Z15   // sx
	VBROADCASTSD 8(AX), Z14   // sy
	VBROADCASTSD 16(AX), Z13  // rcl
	VBROADCASTSD 24(AX), Z12  // cl
	VBROADCASTSD 32(AX), Z11  // sl
	VBROADCASTSD 40(AX), Z10  // sldz
	VBROADCASTSD 48(AX), Z9   // cldz
	VBROADCASTSD 56(AX), Z8   // dz2
	VBROADCASTSD 64(AX), Z7   // s2
	VBROADCASTSD 72(AX), Z16  // 1
	VPXORQ Z17, Z17, Z17      // 0
	TESTQ CX, CX
	JLE done512

loop512:
	VMOVUPD (SI), Z0          // c
	VMOVUPD (DX), Z1          // s
	VMULPD Z0, Z13, Z2        // rcl*c
	VSUBPD Z2, Z15, Z2        // dx
	VMULPD Z1, Z13, Z3        // rcl*s
	VSUBPD Z3, Z14, Z3        // dy
	VMULPD Z0, Z2, Z4         // dx*c
	VMULPD Z1, Z3, Z5         // dy*s
	VADDPD Z5, Z4, Z4         // p
	VMULPD Z0, Z3, Z5         // dy*c
	VMULPD Z1, Z2, Z6         // dx*s
	VSUBPD Z6, Z5, Z5         // q
	VMULPD Z2, Z2, Z0         // dx*dx
	VMULPD Z3, Z3, Z1         // dy*dy
	VADDPD Z1, Z0, Z0
	VADDPD Z8, Z0, Z0         // d2
	VMULPD Z4, Z12, Z1        // cl*p
	VADDPD Z10, Z1, Z1        // dU
	VMULPD Z4, Z11, Z2        // sl*p
	VSUBPD Z2, Z9, Z2         // dN
	VMULPD Z1, Z1, Z3         // dU*dU
	VMULPD Z0, Z7, Z4         // s2*d2
	VCMPPD $0x1e, Z4, Z3, K1  // dU*dU > s2*d2
	VCMPPD $0x1e, Z17, Z1, K2 // dU > 0
	KANDW K2, K1, K1          // visible
	KORTESTW K1, K1
	JZ next512
	VSQRTPD Z0, Z0
	VDIVPD Z0, Z16, Z0        // inv
	VMULPD Z0, Z5, Z5         // ue
	VMULPD Z0, Z2, Z2         // un
	VMULPD Z0, Z1, Z1         // uu
	VMOVAPD.Z Z5, K1, Z5      // invisible lanes: +0
	VMOVAPD.Z Z2, K1, Z2
	VMOVAPD.Z Z1, K1, Z1
	VMOVAPD.Z Z16, K1, Z4     // count increment
	VMULPD Z5, Z5, Z0         // EE
	VADDPD (DI), Z0, Z0
	VMOVUPD Z0, (DI)
	VMULPD Z2, Z5, Z0         // EN
	VADDPD (DI)(R8*1), Z0, Z0
	VMOVUPD Z0, (DI)(R8*1)
	VMULPD Z1, Z5, Z0         // EU
	VADDPD (DI)(R8*2), Z0, Z0
	VMOVUPD Z0, (DI)(R8*2)
	VMULPD Z2, Z2, Z0         // NN
	VADDPD (DI)(R9*1), Z0, Z0
	VMOVUPD Z0, (DI)(R9*1)
	VMULPD Z1, Z2, Z0         // NU
	VADDPD (DI)(R8*4), Z0, Z0
	VMOVUPD Z0, (DI)(R8*4)
	VMULPD Z1, Z1, Z0         // UU
	VADDPD (DI)(R10*1), Z0, Z0
	VMOVUPD Z0, (DI)(R10*1)
	VADDPD (DI)(R9*2), Z5, Z0 // bE
	VMOVUPD Z0, (DI)(R9*2)
	VADDPD (DI)(R11*1), Z2, Z0 // bN
	VMOVUPD Z0, (DI)(R11*1)
	VADDPD (DI)(R8*8), Z1, Z0 // bU
	VMOVUPD Z0, (DI)(R8*8)
	VADDPD (DI)(R10*2), Z4, Z0 // n
	VMOVUPD Z0, (DI)(R10*2)

next512:
	ADDQ $64, SI
	ADDQ $64, DX
	ADDQ $64, DI
	SUBQ $8, CX
	JG loop512

done512:
	VZEROUPPER
	RET
