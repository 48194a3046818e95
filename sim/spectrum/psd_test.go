package spectrum

import (
	"math"
	"math/cmplx"
	"testing"

	"gonum.org/v1/gonum/integrate/quad"
)

// chipPSD is an independent oracle: the PSD (1/Hz) of a chip waveform made
// of len(v) equal constant segments over tc, for random independent chip
// signs: |Σ_s v_s·Δ·sinc(πfΔ)·e^{−j2πf(s+½)Δ}|² / tc, divided by the
// waveform's mean power (so that it integrates to 1, by Parseval).
func chipPSD(v []float64, tc, f float64) float64 {
	d := tc / float64(len(v))
	x := math.Pi * f * d
	sc := 1.0
	if x != 0 {
		sc = math.Sin(x) / x
	}
	var p complex128
	pw := 0.0
	for s, a := range v {
		p += complex(a*d*sc, 0) * cmplx.Exp(complex(0, -2*math.Pi*f*(float64(s)+0.5)*d))
		pw += a * a
	}
	pw /= float64(len(v))
	return real(p*cmplx.Conj(p)) / tc / pw
}

// sineChip returns the k segments of a sine-phased BOC chip (k = 1: BPSK).
func sineChip(k int) []float64 {
	v := make([]float64, k)
	for s := range v {
		v[s] = 1 - 2*float64(s%2)
	}
	return v
}

// cosineChip returns the 2k quarter-period segments of sign(cos(2π fs t))
// over a chip of k sub-carrier half-periods: + − − + + − − + …
func cosineChip(k int) []float64 {
	v := make([]float64, 2*k)
	for s := range v {
		v[s] = 1 - 2*float64(((s+1)/2)%2)
	}
	return v
}

// testFreqs spans ±60 MHz unevenly, including nulls, poles of the ratio
// forms (f = odd multiples of fs) and f = 0.
func testFreqs() []float64 {
	fs := []float64{0, 1, 1e3, 0.5115e6, 1.023e6, 2.046e6, 3.069e6, 6.138e6, 5.115e6, 7.6725e6, 10.23e6, 15.345e6, 20.46e6, 30.69e6, 46.035e6}
	for f := -60e6; f <= 60e6; f += 0.7919e6 {
		fs = append(fs, f)
	}
	return fs
}

// TestPSDAgainstChipOracle checks every closed form against the direct
// Fourier transform of its chip waveform, to 1e-10 of the peak (rounding
// only: both are exact expressions).
func TestPSDAgainstChipOracle(t *testing.T) {
	type oracle func(f float64) float64
	mk := func(v []float64, n float64) oracle {
		tc := 1 / (n * F0Hz)
		return func(f float64) float64 { return chipPSD(v, tc, f) }
	}
	mix := func(w1 float64, o1 oracle, w2 float64, o2 oracle) oracle {
		return func(f float64) float64 { return w1*o1(f) + w2*o2(f) }
	}
	// cbocMN is the chip √(1−r)·BOCs(n,n) + sign·√r·BOCs(m,n) on
	// lcm(2, k) equal segments, k = 2m/n.
	cbocMN := func(k int, r, sign float64) []float64 {
		l := k
		if k%2 == 1 {
			l = 2 * k
		}
		a, b := math.Sqrt(1-r), math.Sqrt(r)
		v := make([]float64, l)
		for s := range v {
			low := 1 - 2*float64(2*s/l)
			high := 1 - 2*float64((k*s/l)%2)
			v[s] = a*low + sign*b*high
		}
		return v
	}
	cboc := func(sign float64) []float64 { return cbocMN(12, 1.0/11, sign) }
	tests := []struct {
		mod string
		ref oracle
	}{
		{"BPSK(1)", mk(sineChip(1), 1)},
		{"BPSK(10)", mk(sineChip(1), 10)},
		{"BPSK(0.511MHz)", mk(sineChip(1), 0.511e6/F0Hz)},
		{"BOC(1,1)", mk(sineChip(2), 1)},
		{"BOC(6,1)", mk(sineChip(12), 1)},
		{"BOC(10,5)", mk(sineChip(4), 5)},
		{"BOC(15,2.5)", mk(sineChip(12), 2.5)},
		{"BOC(1.5,1)", mk(sineChip(3), 1)},   // odd k
		{"BOC(2.5,1)", mk(sineChip(5), 1)},   // odd k, (k−1)/2 even
		{"BOC(3,1)", mk(sineChip(6), 1)},     // k ≡ 2 mod 4
		{"BOCc(10,5)", mk(cosineChip(4), 5)}, // even k
		{"BOCc(15,2.5)", mk(cosineChip(12), 2.5)},
		{"BOCc(1.5,1)", mk(cosineChip(3), 1)}, // odd k
		{"BOCc(1,1)", mk(cosineChip(2), 1)},
		{"MBOC(6,1,1/11)", mix(10.0/11, mk(sineChip(2), 1), 1.0/11, mk(sineChip(12), 1))},
		{"TMBOC(6,1,4/33)", mix(29.0/33, mk(sineChip(2), 1), 4.0/33, mk(sineChip(12), 1))},
		{"QMBOC(6,1,4/33)", mix(29.0/33, mk(sineChip(2), 1), 4.0/33, mk(sineChip(12), 1))},
		{"CBOC(6,1,1/11,+)", mk(cboc(1), 1)},
		{"CBOC(6,1,1/11,-)", mk(cboc(-1), 1)},
		{"CBOC(6,1,1/11)", mix(0.5, mk(cboc(1), 1), 0.5, mk(cboc(-1), 1))},
		// Sub-carrier cross-correlation ρ = 2/k ≠ 0 (k = 6) and odd k
		// (quadrature phase types: no cross term).
		{"CBOC(3,1,1/4,+)", mk(cbocMN(6, 0.25, 1), 1)},
		{"CBOC(3,1,1/4,-)", mk(cbocMN(6, 0.25, -1), 1)},
		{"CBOC(1.5,1,1/4,+)", mk(cbocMN(3, 0.25, 1), 1)},
		{"CBOC(5,2,1/3,-)", mk(cbocMN(5, 1.0/3, -1), 2)},
		{"AltBOC(15,10)", altBOCOracle},
		{"AltBOC(25,10)", func(f float64) float64 { return altBOCOracleMN(25, 10, f) }}, // k = 5
		{"AltBOC(7.5,5)", func(f float64) float64 { return altBOCOracleMN(7.5, 5, f) }},
	}
	for _, tc := range tests {
		t.Run(tc.mod, func(t *testing.T) {
			m := MustParseModulation(tc.mod)
			peak := 0.0
			for _, f := range testFreqs() {
				peak = math.Max(peak, tc.ref(f))
			}
			for _, f := range testFreqs() {
				got, want := m.PSD(f), tc.ref(f)
				if math.IsNaN(got) || got < 0 || math.Abs(got-want) > 1e-10*peak {
					t.Errorf("PSD(%g Hz) = %.15g, oracle %.15g (peak %.3g)", f, got, want, peak)
				}
				if g2 := m.PSD(-f); math.Abs(g2-got) > 1e-12*peak {
					t.Errorf("PSD not even at %g Hz: %g vs %g", f, got, g2)
				}
			}
		})
	}
}

// altBOCOracle is the exact PSD of the constant-envelope AltBOC(15,10)
// signal of the Galileo OS SIS ICD; see altBOCOracleMN.
func altBOCOracle(f float64) float64 { return altBOCOracleMN(15, 10, f) }

// altBOCOracleMN is the exact PSD of constant-envelope AltBOC(m,n) as the
// Galileo OS SIS ICD defines it for E5 (§2.3, sub-carrier look-up table
// with 2·AS = √2+1, 1, −1, −√2−1, −√2−1, −1, 1, √2+1 and 2·AP = −√2+1, 1,
// −1, √2−1, √2−1, −1, 1, −√2+1 over eighths of the sub-carrier period Ts),
// for independent random codes. A chip lasts k/2 sub-carrier periods
// (k = 2m/n odd), i.e. 4k eighths, so even and odd chips see sub-carrier
// phases half a period apart: the PSD is the mean over both. Each of the
// eight uncorrelated code sequences (four codes and four product codes)
// multiplies one complex waveform [sc(t) ∓ j·sc(t − Ts/4)]/(2√2); those of
// the Q codes are j times those of the I codes.
func altBOCOracleMN(m, n, f float64) float64 {
	s2 := math.Sqrt2
	as := []float64{(s2 + 1) / 2, 0.5, -0.5, -(s2 + 1) / 2, -(s2 + 1) / 2, -0.5, 0.5, (s2 + 1) / 2}
	ap := []float64{(-s2 + 1) / 2, 0.5, -0.5, (s2 - 1) / 2, (s2 - 1) / 2, -0.5, 0.5, (-s2 + 1) / 2}
	k := int(math.Round(2 * m / n))
	fsHz := m * F0Hz
	d := 1 / fsHz / 8
	x := math.Pi * f * d
	sc := 1.0
	if x != 0 {
		sc = math.Sin(x) / x
	}
	g, pw := 0.0, 0.0
	for q := 0; q < 2; q++ {
		var c [4]complex128
		for s := 0; s < 4*k; s++ {
			u := 4*k*q + s
			w := [4]complex128{
				complex(as[u%8], -as[(u+6)%8]), complex(as[u%8], as[(u+6)%8]),
				complex(ap[u%8], -ap[(u+6)%8]), complex(ap[u%8], ap[(u+6)%8]),
			}
			ph := complex(d*sc, 0) * cmplx.Exp(complex(0, -2*math.Pi*f*(float64(s)+0.5)*d))
			for i := range w {
				w[i] /= complex(2*s2, 0)
				c[i] += w[i] * ph
				pw += 2 * real(w[i]*cmplx.Conj(w[i])) * d
			}
		}
		for i := range c {
			g += 2 * real(c[i]*cmplx.Conj(c[i]))
		}
	}
	return g / pw
}

// TestAltBOCConstantEnvelope checks the look-up table of altBOCOracle: the
// ICD's 8-PSK signal has |s| = 1 for all 16 code combinations and all 8
// sub-carrier phases, so the oracle really is the ICD's signal.
func TestAltBOCConstantEnvelope(t *testing.T) {
	s2 := math.Sqrt2
	as := []float64{(s2 + 1) / 2, 0.5, -0.5, -(s2 + 1) / 2, -(s2 + 1) / 2, -0.5, 0.5, (s2 + 1) / 2}
	ap := []float64{(-s2 + 1) / 2, 0.5, -0.5, (s2 - 1) / 2, (s2 - 1) / 2, -0.5, 0.5, (-s2 + 1) / 2}
	for c := 0; c < 16; c++ {
		e := func(b int) float64 { return float64(2*(c>>b&1) - 1) }
		aI, aQ, bI, bQ := e(0), e(1), e(2), e(3)
		for u := 0; u < 8; u++ {
			sS, sSd, sP, sPd := as[u], as[(u+6)%8], ap[u], ap[(u+6)%8]
			v := complex(aI, aQ)*complex(sS, -sSd) + complex(bI, bQ)*complex(sS, sSd) +
				complex(aQ*bI*bQ, aI*bI*bQ)*complex(sP, -sPd) + complex(bQ*aI*aQ, bI*aI*aQ)*complex(sP, sPd)
			if a := cmplx.Abs(v / complex(2*s2, 0)); math.Abs(a-1) > 1e-14 {
				t.Fatalf("codes %04b phase %d: |s| = %v", c, u, a)
			}
		}
	}
}

// TestPSDUnitPowerInTxBand: every catalogue spectrum and a set of
// modulations integrate to 1 over the transmit band, checked with gonum's
// Gauss–Legendre rule of 4000 nodes on one panel (independent nodes and
// panelling), to 1e-9.
func TestPSDUnitPowerInTxBand(t *testing.T) {
	var specs []*Spectrum
	var names []string
	for _, s := range Catalogue() {
		sp, err := s.Spectrum()
		if err != nil {
			t.Fatal(err)
		}
		specs, names = append(specs, sp), append(names, s.Title())
	}
	for _, m := range []string{"BPSK(1)", "BOC(1,1)", "BOCc(10,5)", "BOC(15,2.5)", "CBOC(6,1,1/11,+)", "AltBOC(15,10)"} {
		sp, err := SingleSpectrum(MustParseModulation(m), 30.69e6)
		if err != nil {
			t.Fatal(err)
		}
		specs, names = append(specs, sp), append(names, m)
	}
	for i, sp := range specs {
		b := sp.TxBandwidthHz()
		got := quad.Fixed(sp.PSD, -b/2, b/2, 4000, quad.Legendre{}, 0)
		if math.Abs(got-1) > 1e-9 {
			t.Errorf("%s: ∫ PSD over the transmit band = %.12f", names[i], got)
		}
		if sp.PSD(b/2*1.0000001) != 0 || sp.PSD(-b/2*1.0000001) != 0 {
			t.Errorf("%s: PSD non-zero outside the transmit band", names[i])
		}
	}
}

// TestInfiniteBandPower: the infinite-band PSDs integrate to 1. Their
// tails decay like 1/f², so the integral over ±B/2 is 1 − c/B + O(1/B²);
// with B a multiple of every period of the spectra (36·61.38 MHz), the
// Richardson extrapolation 2·I(2B) − I(B) cancels the c/B term. Tolerance
// 1e-6: the O(1/B²) remainder at B ≈ 2.2 GHz is 3e-12 for BPSK(1), 2e-9
// for the MBOC family and 8e-7 for AltBOC (measured).
func TestInfiniteBandPower(t *testing.T) {
	const b = 2 * 36 * 30.69e6
	for _, ms := range []string{"BPSK(1)", "BPSK(10)", "BOC(1,1)", "BOCc(1,1)", "MBOC(6,1,1/11)", "CBOC(6,1,1/11,+)", "CBOC(6,1,1/11,-)", "AltBOC(15,10)", "BOC(3,1)", "BOCc(10,5)"} {
		m := MustParseModulation(ms)
		i1, _ := integrate(m.PSD, -b/2, b/2, m.ChipDurationS(), 2*m.ChipDurationS())
		i2, _ := integrate(m.PSD, -b, b, m.ChipDurationS(), 2*m.ChipDurationS())
		if ext := 2*i2 - i1; math.Abs(ext-1) > 1e-6 || i1 > 1 || i2 > 1 {
			t.Errorf("%s: I(B) = %.9f, I(2B) = %.9f, extrapolated %.9f", ms, i1, i2, ext)
		}
	}
}

// TestBOCNulls: sine BOC(m,n) with even k = 2m/n vanishes at f = 0 and at
// every multiple of fc = n·f0 that is not an odd multiple of fs (where
// sin(πf/fc) = 0 but cos(πf/(2fs)) ≠ 0), and at multiples of 2fs;
// cosine BOC vanishes there too; BPSK(n) at multiples of fc; and the
// spectra peak near ±fs. Tolerance: 1e-20 of the peak (exact zeros up to
// rounding of the arguments).
func TestBOCNulls(t *testing.T) {
	tests := []struct {
		mod   string
		nulls []float64 // Hz
		lobes []float64 // Hz, must be far from zero
	}{
		{"BPSK(1)", []float64{1.023e6, 2.046e6, -3.069e6}, []float64{0, 1.5e6}},
		{"BOC(1,1)", []float64{0, 2.046e6, -2.046e6, 4.092e6, 6.138e6}, []float64{1.023e6, 3.069e6}},
		{"BOC(10,5)", []float64{0, 5.115e6, 15.345e6, 20.46e6, 25.575e6}, []float64{10.23e6}},
		{"BOC(6,1)", []float64{0, 1.023e6, 2.046e6, 3.069e6, 4.092e6, 5.115e6, 7.161e6, 12.276e6}, []float64{6.138e6, 18.414e6}},
		{"BOCc(10,5)", []float64{0, 5.115e6, 15.345e6, 20.46e6}, []float64{10.23e6}},
		// AltBOC: cos(πf/fc) = 0 away from the poles f = odd·fs: f = fc/2, 5fs/3, 7fs/3.
		{"AltBOC(15,10)", []float64{5.115e6, 25.575e6, 35.805e6}, []float64{15.345e6, 0}},
	}
	for _, tc := range tests {
		m := MustParseModulation(tc.mod)
		peak := 0.0
		for f := 0.0; f < 60e6; f += 1e4 {
			peak = math.Max(peak, m.PSD(f))
		}
		for _, f := range tc.nulls {
			if g := m.PSD(f); g > 1e-20*peak {
				t.Errorf("%s: PSD(%g Hz) = %g, want a null (peak %g)", tc.mod, f, g, peak)
			}
		}
		for _, f := range tc.lobes {
			if g := m.PSD(f); g < 1e-2*peak {
				t.Errorf("%s: PSD(%g Hz) = %g, want a lobe (peak %g)", tc.mod, f, g, peak)
			}
		}
	}
}

func TestNewSpectrumErrors(t *testing.T) {
	bpsk := MustParseModulation("BPSK(1)")
	good := Component{Name: "x", Modulation: bpsk, PowerShare: 1}
	for name, fn := range map[string]func() (*Spectrum, error){
		"zero band": func() (*Spectrum, error) { return NewSpectrum(0, good) },
		"NaN band":  func() (*Spectrum, error) { return NewSpectrum(math.NaN(), good) },
		"huge band": func() (*Spectrum, error) { return NewSpectrum(1e12, good) },
		"many lobes": func() (*Spectrum, error) {
			return SingleSpectrum(MustParseModulation("BPSK(0.01)"), 1e10)
		},
		"no comps":    func() (*Spectrum, error) { return NewSpectrum(1e6) },
		"bad share":   func() (*Spectrum, error) { return NewSpectrum(1e6, Component{Modulation: bpsk, PowerShare: 0}) },
		"sum not 1":   func() (*Spectrum, error) { return NewSpectrum(1e6, Component{Modulation: bpsk, PowerShare: 0.5}) },
		"invalid mod": func() (*Spectrum, error) { return NewSpectrum(1e6, Component{PowerShare: 1}) },
		"NaN share": func() (*Spectrum, error) {
			return NewSpectrum(1e6, Component{Modulation: bpsk, PowerShare: math.NaN()})
		},
		"hand-made bad": func() (*Spectrum, error) {
			return NewSpectrum(1e6, Component{Modulation: Modulation{Kind: KindBOCSin, M: 1.3, N: 1}, PowerShare: 1})
		},
	} {
		if _, err := fn(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	sp := MustSpectrum(2.046e6, good)
	// The BPSK main lobe holds ∫_{−1}^{1} sinc²(πx) dx = (2/π)·Si(2π) of the
	// power, Si(2π) = 1.4181515761326284 (Abramowitz & Stegun Table 5.1).
	if want := 2 / math.Pi * 1.4181515761326284; math.Abs(sp.InBandFraction()-want) > 1e-12 {
		t.Errorf("BPSK main-lobe fraction %v", sp.InBandFraction())
	}
	if len(sp.Components()) != 1 || sp.ChipDurationS() != 1/1.023e6 {
		t.Error("accessors")
	}
}
