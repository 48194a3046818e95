package sim

import "math"

// kconst holds the constants of one satellite over one row of cells, for the
// coverage kernels. The layout is read by the assembly kernel: keep it.
type kconst struct {
	sx, sy     float64 // satellite ECEF x, y (km)
	rcl        float64 // row: distance of the cells from the polar axis (km)
	cl, sl     float64 // row: cos, sin of geodetic latitude
	sldz, cldz float64 // sl·dz, cl·dz with dz = satellite z − cell z (km)
	dz2        float64 // dz²
	s2         float64 // sin² of the (lowest) mask elevation
	one        float64 // 1
}

// kernelPlain accumulates one satellite into cells [lo, hi) of a row for
// the unweighted, constant-mask case. acc holds the slot's accLen arrays of
// length stride; co, so are cos/sin of the cell longitudes. It uses the
// vector kernels for blocks of 8 (AVX-512) and 4 (AVX2) cells where the CPU
// allows (bit-identical to kernelPlainGo: the same IEEE operations in the
// same order, no fused multiply-add) and kernelPlainGo for the rest.
func kernelPlain(acc []float64, stride int, co, so []float64, lo, hi int, k *kconst) {
	_ = acc[accLen*stride-1]
	_, _ = co[hi-1], so[hi-1]
	if hi > stride || lo < 0 {
		panic("sim: kernel range outside the row")
	}
	if n8 := (hi - lo) &^ 7; useAVX512 && n8 > 0 {
		kernelPlainAVX512(&acc[lo], stride, &co[lo], &so[lo], n8, k)
		lo += n8
	}
	if n4 := (hi - lo) &^ 3; useAVX2 && n4 > 0 {
		kernelPlainAVX2(&acc[lo], stride, &co[lo], &so[lo], n4, k)
		lo += n4
	}
	if lo < hi {
		kernelPlainGo(acc, stride, co, so, lo, hi, k)
	}
}

// kernelPlainGo is the portable kernel. For cell j with longitude cos/sin
// (c, s), the offset d = sat − cell has horizontal radial part
// p = dx·c + dy·s, east part q = dy·c − dx·s, and up/north parts
// dU = cl·p + sl·dz, dN = cl·dz − sl·p. The satellite is visible when
// dU > 0 and dU² > s2·|d|². c is not accumulated: it equals n. The
// float64(...) conversions forbid fused multiply-adds, which would change
// the rounding with respect to the vector kernel.
func kernelPlainGo(acc []float64, stride int, co, so []float64, lo, hi int, k *kconst) {
	co, so = co[:hi], so[:hi]
	aEE := acc[0*stride:][:hi]
	aEN := acc[1*stride:][:hi]
	aEU := acc[2*stride:][:hi]
	aNN := acc[3*stride:][:hi]
	aNU := acc[4*stride:][:hi]
	aUU := acc[5*stride:][:hi]
	bE := acc[6*stride:][:hi]
	bN := acc[7*stride:][:hi]
	bU := acc[8*stride:][:hi]
	cnt := acc[accN*stride:][:hi]
	sx, sy, rcl, cl, sl, sldz, cldz, dz2, s2 := k.sx, k.sy, k.rcl, k.cl, k.sl, k.sldz, k.cldz, k.dz2, k.s2
	for j := lo; j < hi; j++ {
		c, s := co[j], so[j]
		dx := sx - float64(rcl*c)
		dy := sy - float64(rcl*s)
		p := float64(dx*c) + float64(dy*s)
		q := float64(dy*c) - float64(dx*s)
		d2 := float64(dx*dx) + float64(dy*dy) + dz2
		dU := float64(cl*p) + sldz
		dN := cldz - float64(sl*p)
		if !(dU > 0) || !(float64(dU*dU) > float64(s2*d2)) {
			continue
		}
		inv := 1 / math.Sqrt(d2)
		ue, un, uu := float64(q*inv), float64(dN*inv), float64(dU*inv)
		aEE[j] += float64(ue * ue)
		aEN[j] += float64(ue * un)
		aEU[j] += float64(ue * uu)
		aNN[j] += float64(un * un)
		aNU[j] += float64(un * uu)
		aUU[j] += float64(uu * uu)
		bE[j] += ue
		bN[j] += un
		bU[j] += uu
		cnt[j]++
	}
}

// kernelGeneral handles weighting and azimuth masks (same geometry as
// kernelPlainGo; the azimuth is computed only in the ambiguous band of an
// azimuth mask).
func kernelGeneral(acc []float64, stride int, co, so []float64, lo, hi int, k *kconst, mt *maskTable, weighted bool) {
	co, so = co[:hi], so[:hi]
	aEE := acc[0*stride:][:hi]
	aEN := acc[1*stride:][:hi]
	aEU := acc[2*stride:][:hi]
	aNN := acc[3*stride:][:hi]
	aNU := acc[4*stride:][:hi]
	aUU := acc[5*stride:][:hi]
	bE := acc[6*stride:][:hi]
	bN := acc[7*stride:][:hi]
	bU := acc[8*stride:][:hi]
	cw := acc[accC*stride:][:hi]
	cnt := acc[accN*stride:][:hi]
	sx, sy, rcl, cl, sl, sldz, cldz, dz2 := k.sx, k.sy, k.rcl, k.cl, k.sl, k.sldz, k.cldz, k.dz2
	for j := lo; j < hi; j++ {
		c, s := co[j], so[j]
		dx := sx - float64(rcl*c)
		dy := sy - float64(rcl*s)
		p := float64(dx*c) + float64(dy*s)
		q := float64(dy*c) - float64(dx*s)
		d2 := float64(dx*dx) + float64(dy*dy) + dz2
		dU := float64(cl*p) + sldz
		dN := cldz - float64(sl*p)
		if !mt.visible(q, dN, dU, d2) {
			continue
		}
		inv := 1 / math.Sqrt(d2)
		ue, un, uu := float64(q*inv), float64(dN*inv), float64(dU*inv)
		w := 1.0
		if weighted {
			w = float64(uu * uu)
		}
		we, wn, wu := float64(w*ue), float64(w*un), float64(w*uu)
		aEE[j] += float64(we * ue)
		aEN[j] += float64(we * un)
		aEU[j] += float64(we * uu)
		aNN[j] += float64(wn * un)
		aNU[j] += float64(wn * uu)
		aUU[j] += float64(wu * uu)
		bE[j] += we
		bN[j] += wn
		bU[j] += wu
		cw[j] += w
		cnt[j]++
	}
}

// pdopConst holds the constants of the vector PDOP kernel.
type pdopConst struct {
	minRCond float64
	absMask  uint64 // clears the sign bit
	nan      float64
}

var pdopK = pdopConst{minRCond: minRCond, absMask: 1<<63 - 1, nan: math.NaN()}

// pdopRow sets p[j] = pdopSym3 of column j of the six arrays of S (each of
// length stride, a multiple of 4) for every j < stride, with the vector
// kernel where the CPU allows (bit-identical: same operations, same order).
func pdopRow(S []float64, stride int, p []float64) {
	_, _ = S[6*stride-1], p[stride-1]
	j := 0
	if n4 := stride &^ 3; useAVX2 && n4 > 0 {
		pdopAVX2(&S[0], stride, &p[0], n4, &pdopK)
		j = n4
	}
	for ; j < stride; j++ {
		p[j] = pdopSym3(S[j], S[stride+j], S[2*stride+j], S[3*stride+j], S[4*stride+j], S[5*stride+j])
	}
}
