package sim

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestKernelVectorMatchesPortable: the vector kernel (where the CPU has it)
// gives bit-identical accumulators to the portable one, for random rows,
// satellites and ranges (all offsets and lengths mod 4), including cells
// where the satellite is below the mask.
func TestKernelVectorMatchesPortable(t *testing.T) {
	if !useAVX2 {
		t.Skip("no vector kernel on this CPU/platform")
	}
	rng := rand.New(rand.NewPCG(5, 6))
	const nLon = 37
	co, so := make([]float64, nLon), make([]float64, nLon)
	for j := range co {
		so[j], co[j] = math.Sincos(float64(j) * 10 * deg)
	}
	visible, hidden := 0, 0
	for trial := 0; trial < 2000; trial++ {
		lat := (rng.Float64()*180 - 90) * deg
		sl, cl := math.Sincos(lat)
		n := 6378.137 / math.Sqrt(1-0.00669437999014*sl*sl)
		r := 20000 + rng.Float64()*25000
		slat, slon := math.Asin(2*rng.Float64()-1), rng.Float64()*2*math.Pi
		sx, sy, sz := r*math.Cos(slat)*math.Cos(slon), r*math.Cos(slat)*math.Sin(slon), r*math.Sin(slat)
		dz := sz - n*(1-0.00669437999014)*sl
		k := kconst{sx: sx, sy: sy, rcl: n * cl, cl: cl, sl: sl, sldz: sl * dz, cldz: cl * dz, dz2: dz * dz, s2: sin2(rng.Float64() * 30), one: 1}
		lo := rng.IntN(nLon)
		hi := lo + 1 + rng.IntN(nLon-lo)
		a := make([]float64, accLen*nLon)
		for i := range a { // non-trivial starting sums
			a[i] = float64(rng.IntN(5))
		}
		b := append([]float64(nil), a...)
		before := append([]float64(nil), a...)
		kernelPlain(a, nLon, co, so, lo, hi, &k)
		kernelPlainGo(b, nLon, co, so, lo, hi, &k)
		for i := range a {
			if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
				t.Fatalf("trial %d [%d,%d): accumulator %d (array %d, cell %d): vector %v, portable %v", trial, lo, hi, i, i/nLon, i%nLon, a[i], b[i])
			}
		}
		for j := lo; j < hi; j++ {
			visible += int(b[accN*nLon+j] - before[accN*nLon+j])
		}
		hidden += hi - lo
	}
	hidden -= visible
	if visible < 1000 || hidden < 1000 {
		t.Fatalf("weak test: %d visible, %d hidden cell-satellite pairs", visible, hidden)
	}
}

// TestPDOPVectorMatchesScalar: pdopRow (vector kernel where available) is
// bit-identical to pdopSym3 for random, near-singular, singular and NaN
// matrices.
func TestPDOPVectorMatchesScalar(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	const stride = 64
	S := make([]float64, 6*stride)
	p := make([]float64, stride)
	nan := 0
	for trial := 0; trial < 500; trial++ {
		for j := 0; j < stride; j++ {
			// S = Σ e eᵀ − b bᵀ/n of a few random unit vectors.
			var a [6]float64
			var b [3]float64
			n := 1 + rng.IntN(8)
			for i := 0; i < n; i++ {
				az, el := rng.Float64()*2*math.Pi, rng.Float64()*math.Pi/2
				if rng.IntN(10) == 0 {
					el = math.Pi / 6 // cone geometry: singular with the clock
				}
				e := [3]float64{math.Cos(el) * math.Sin(az), math.Cos(el) * math.Cos(az), math.Sin(el)}
				a[0] += e[0] * e[0]
				a[1] += e[0] * e[1]
				a[2] += e[0] * e[2]
				a[3] += e[1] * e[1]
				a[4] += e[1] * e[2]
				a[5] += e[2] * e[2]
				for k := range b {
					b[k] += e[k]
				}
			}
			g := [3]float64{b[0] / float64(n), b[1] / float64(n), b[2] / float64(n)}
			v := [6]float64{a[0] - b[0]*g[0], a[1] - b[0]*g[1], a[2] - b[0]*g[2], a[3] - b[1]*g[1], a[4] - b[1]*g[2], a[5] - b[2]*g[2]}
			switch rng.IntN(40) {
			case 0:
				v[rng.IntN(6)] = math.NaN()
			case 1:
				v = [6]float64{}
			}
			for k := range v {
				S[k*stride+j] = v[k]
			}
		}
		pdopRow(S, stride, p)
		for j := 0; j < stride; j++ {
			want := pdopSym3(S[j], S[stride+j], S[2*stride+j], S[3*stride+j], S[4*stride+j], S[5*stride+j])
			if math.Float64bits(p[j]) != math.Float64bits(want) && !(math.IsNaN(p[j]) && math.IsNaN(want)) {
				t.Fatalf("trial %d column %d: vector %v, scalar %v", trial, j, p[j], want)
			}
			if math.IsNaN(want) {
				nan++
			}
		}
	}
	if nan < 1000 {
		t.Errorf("weak test: only %d singular/NaN cases", nan)
	}
}

// TestAcosUpper: acosUpper bounds acos from above by at most 2e-4 rad (its
// documented margin: A&S 4.4.45 error 5e-5 + 1e-4), on a dense grid of t.
func TestAcosUpper(t *testing.T) {
	for i := 0; i <= 2000000; i++ {
		x := -1 + float64(i)/1e6
		if i == 2000000 {
			x = 1
		}
		got, want := acosUpper(x), math.Acos(x)
		if !(got >= want) || got-want > 2e-4 {
			t.Fatalf("acosUpper(%v) = %v, acos = %v", x, got, want)
		}
	}
}

// TestPDOPBinMatchesEdges: the hot-path bin index agrees with PDOPBinEdges.
func TestPDOPBinMatchesEdges(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for i := 0; i < 200000; i++ {
		p := math.Exp(rng.Float64()*14 - 4) // 0.018 .. 2.2e4
		if i < 3 {
			p = []float64{0, 100, 10000}[i]
		}
		b := pdopBin(p)
		lo, hi := PDOPBinEdges(b)
		if !(p >= lo && p < hi) {
			t.Fatalf("PDOP %v in bin %d = [%v, %v)", p, b, lo, hi)
		}
	}
}
