package spectrum

import (
	"errors"
	"fmt"
	"math"
)

// PSD returns the modulation's power spectral density (1/Hz) at fHz from
// the carrier, normalised to unit power over an infinite band:
// ∫ PSD(f) df = 1 over (−∞, ∞).
//
// Closed forms (Tc = 1/(n·f0) chip, Ts = Tc/k with k = 2m/n the sub-carrier
// half-periods per chip; Betz 2001; Ávila-Rodríguez 2008, ch. 3 and 4):
//
//	BPSK(n):          Tc·sinc²(πfTc)
//	BOCs(m,n), k even: fc·[sin(πfTs)·sin(πfTc) / (πf·cos(πfTs))]²
//	BOCs(m,n), k odd:  fc·[sin(πfTs)·cos(πfTc) / (πf·cos(πfTs))]²
//	BOCc(m,n), k even: fc·[2·sin²(πfTs/2)·sin(πfTc) / (πf·cos(πfTs))]²
//	BOCc(m,n), k odd:  fc·[2·sin²(πfTs/2)·cos(πfTc) / (πf·cos(πfTs))]²
//	MBOC, TMBOC, QMBOC, CBOC(·,0): (1−r)·BOCs(n,n) + r·BOCs(m,n)
//	CBOC(m,n,r,±):     fc·[√(1−r)·A(n,n) ± √r·A(m,n)]² / (1 ± 2√(r(1−r))·ρ)
//	AltBOC(m,n), k odd: fc/(2π²f²)·cos²(πf/fc)/cos²(πf/(2fs))·
//	                   [cos²(πf/(2fs)) − cos(πf/(2fs)) − 2cos(πf/(2fs))cos(πf/(4fs)) + 2]
//
// where fc = 1/Tc, fs = m·f0, A(·,·) is the signed real amplitude of a
// sine-BOC chip (its Fourier transform is j·e^{−jπfTc}·A) and ρ the
// zero-lag cross-correlation of the two sub-carrier chips (2/k when k ≡ 2
// mod 4, else 0; 0 for the Galileo BOC(1,1)/BOC(6,1) pair). The AltBOC form
// is the shape of the constant-envelope Galileo E5 spectrum given by
// Rebeyrol et al. ("BOC power spectrum densities", ION NTM 2005) with the
// constant set for unit power; the tests check it, to 1e-10 of the peak,
// against the exact spectrum computed from the Galileo OS SIS ICD's 8-PSK
// sub-carrier look-up table (§2.3) with random codes, which integrates to 1.
//
// The removable singularities (cos(πfTs) = 0, f = 0) are evaluated without
// cancellation: the ratios sin(kx)/cos(x) and cos(kx)/cos(x) are computed
// as ±sin(kδ)/sin(δ) about the nearest pole x0 = π/2 + lπ (an exact
// identity), and 1 − cos by 2·sin²(·/2). The PSD of a Modulation not made
// by ParseModulation or NewModulation is unspecified (NaN for the zero
// value).
func (m Modulation) PSD(fHz float64) float64 {
	// Every spectrum here is even (real chip waveforms; AltBOC's side-bands
	// are mirror images): evaluate at |f| so that G(−f) = G(f) exactly.
	fHz = math.Abs(fHz)
	switch m.Kind {
	case KindBPSK:
		tc := 1 / (m.N * F0Hz)
		s := sinc(math.Pi * fHz * tc)
		return tc * s * s
	case KindBOCSin, KindBOCCos:
		k := halfPeriods(m.M, m.N)
		tc := 1 / (m.N * F0Hz)
		a, _ := bocAmplitude(k, tc, fHz, m.Kind == KindBOCCos)
		return a * a / tc
	case KindMBOC, KindTMBOC, KindQMBOC:
		return m.mbocPSD(fHz)
	case KindCBOC:
		if m.Sign == 0 {
			return m.mbocPSD(fHz)
		}
		tc := 1 / (m.N * F0Hz)
		kLow := halfPeriods(m.N, m.N) // 2
		kHigh := halfPeriods(m.M, m.N)
		aLow, imLow := bocAmplitude(kLow, tc, fHz, false)
		aHigh, imHigh := bocAmplitude(kHigh, tc, fHz, false)
		alpha, beta := math.Sqrt(1-m.R), math.Sqrt(m.R)
		if imLow != imHigh { // quadrature phase types: no cross term
			return (alpha*alpha*aLow*aLow + beta*beta*aHigh*aHigh) / tc
		}
		s := float64(m.Sign)
		a := alpha*aLow + s*beta*aHigh
		return a * a / tc / (1 + 2*s*alpha*beta*cbocRho(kHigh))
	case KindAltBOC:
		return altBOCPSD(m.M*F0Hz, m.N*F0Hz, fHz)
	}
	return math.NaN()
}

// mbocPSD is (1−r)·BOCs(n,n) + r·BOCs(m,n).
func (m Modulation) mbocPSD(fHz float64) float64 {
	tc := 1 / (m.N * F0Hz)
	aLow, _ := bocAmplitude(2, tc, fHz, false)
	aHigh, _ := bocAmplitude(halfPeriods(m.M, m.N), tc, fHz, false)
	return ((1-m.R)*aLow*aLow + m.R*aHigh*aHigh) / tc
}

// cbocRho is the zero-lag cross-correlation of the sine sub-carrier chips
// of BOC(n,n) (k = 2) and BOC(m,n) (k = kHigh): the first half-chip of
// BOC(n,n) is +1, the second −1; BOC(m,n) sums to 0 over each half when
// kHigh/2 is even, to ±Ts when kHigh/2 is odd, and is symmetric (no
// correlation with the antisymmetric BOC(n,n)) when kHigh is odd.
func cbocRho(kHigh int) float64 {
	if kHigh%4 == 2 {
		return 2 / float64(kHigh)
	}
	return 0
}

// sinc is sin(x)/x with sinc(0) = 1.
func sinc(x float64) float64 {
	if math.Abs(x) < 1e-8 {
		return 1 - x*x/6
	}
	return math.Sin(x) / x
}

// bocAmplitude returns the signed real amplitude A(f) of one BOC chip of k
// half-periods (sine or cosine phased) of duration tc: the chip's Fourier
// transform is e^{−jπf·tc}·A(f), times j when imag is true. With k = 1 and
// sine phasing it is the BPSK chip.
func bocAmplitude(k int, tc, fHz float64, cosine bool) (a float64, imag bool) {
	ts := tc / float64(k)
	x := math.Pi * fHz * ts
	var base float64
	if cosine {
		// Segment: +1 for Ts/2, −1 for Ts/2 → j·e^{−jπfTs}·Ts·sinc(y)·sin(y), y = x/2.
		y := x / 2
		base = ts * sinc(y) * math.Sin(y)
	} else {
		base = ts * sinc(x)
	}
	var r float64
	if k%2 == 0 {
		r = ratioSinCos(k, x)
		imag = !cosine
		if cosine {
			r = -r
		}
	} else {
		r = ratioCosCos(k, x)
		imag = cosine
	}
	return base * r, imag
}

// dirichlet is sin(kδ)/sin(δ), k at δ = 0.
func dirichlet(k int, d float64) float64 {
	if d == 0 {
		return float64(k)
	}
	return math.Sin(float64(k)*d) / math.Sin(d)
}

// nearestPole returns x0 = π/2 + lπ nearest to x as (l parity, δ = x − x0),
// δ ∈ [−π/2, π/2].
func nearestPole(x float64) (lOdd bool, d float64) {
	l := math.Round((x - math.Pi/2) / math.Pi)
	d = x - (math.Pi/2 + l*math.Pi)
	return math.Mod(math.Abs(l), 2) == 1, d
}

// ratioSinCos is sin(kx)/cos(x) for even k, free of 0/0: with x = x0 + δ,
// x0 = π/2 + lπ, sin(kx0) = 0 and the ratio is exactly
// −cos(kx0)/sin(x0)·sin(kδ)/sin(δ) = −(−1)^{k/2+l}·sin(kδ)/sin(δ).
func ratioSinCos(k int, x float64) float64 {
	lOdd, d := nearestPole(x)
	neg := (k/2)%2 == 0 // −(−1)^{k/2} is −1 when k/2 even
	if lOdd {
		neg = !neg
	}
	r := dirichlet(k, d)
	if neg {
		return -r
	}
	return r
}

// ratioCosCos is cos(kx)/cos(x) for odd k: with x = x0 + δ, cos(kx0) = 0 and
// the ratio is exactly sin(kx0)/sin(x0)·sin(kδ)/sin(δ) =
// (−1)^{(k−1)/2}·sin(kδ)/sin(δ).
func ratioCosCos(k int, x float64) float64 {
	_, d := nearestPole(x)
	r := dirichlet(k, d)
	if ((k-1)/2)%2 == 1 {
		return -r
	}
	return r
}

// altBOCPSD is the constant-envelope AltBOC PSD for odd k = 2fs/fc, written
// without cancellation: with a = cos(πf/(4fs)), the bracket of the closed
// form equals (1 − a)(4 + 6a − 4a³) = 2·sin²(πf/(8fs))·(4 + 6a − 4a³), so
//
//	G(f) = fc·[cos(πf/fc)/cos(πf/(2fs))]²·[sin(πf/(8fs))/(πf)]²·(4 + 6a − 4a³).
func altBOCPSD(fsHz, fcHz, fHz float64) float64 {
	k := int(math.Round(2 * fsHz / fcHz))
	x := math.Pi * fHz / (2 * fsHz)
	r := ratioCosCos(k, x)
	y := math.Pi * fHz / (8 * fsHz)
	q := sinc(y) / (8 * fsHz) // sin(y)/(πf)
	a := math.Cos(math.Pi * fHz / (4 * fsHz))
	return fcHz * r * r * q * q * (4 + 6*a - 4*a*a*a)
}

// Component is one part of a signal (data, pilot, I, Q, or a time-
// multiplexed pair) with its modulation and share of the signal power.
type Component struct {
	// Name is the ICD's name of the component ("E1-B", "L1CP", "data").
	Name string
	// Modulation is the component's spreading modulation.
	Modulation Modulation
	// PowerShare is the fraction of the signal's power in this component,
	// in (0, 1]; a signal's shares sum to 1.
	PowerShare float64
	// MinPowerDBW is the ICD's minimum received power for this component,
	// dBW; NaN where the ICD gives only the signal total.
	MinPowerDBW float64
}

// Spectrum is the power spectral density of a signal (the power-weighted
// sum of its components' PSDs, components being uncorrelated) band-limited
// to its transmit band and renormalised to unit power over it:
//
//	G(f) = G∞(f) / ∫_{−B/2}^{B/2} G∞(ν) dν  for |f| ≤ B/2,   0 outside,
//
// with f the offset from the carrier and B the transmit bandwidth. This is
// the convention of the published SSC tables (ITU-R M.1831;
// Ávila-Rodríguez 2008, Table 5.3, reproduced by the tests).
type Spectrum struct {
	comps    []Component
	txHz     float64
	inBand   float64 // ∫ G∞ over the transmit band
	inBandEB float64 // its quadrature error bound
	tcS      float64 // longest chip duration: the autocorrelation support
}

// ErrSpectrum is wrapped by the errors of NewSpectrum.
var ErrSpectrum = errors.New("invalid spectrum")

// MaxBandwidthHz bounds transmit and receiver bandwidths (10 GHz, enough
// to approach the infinite-band limits).
const MaxBandwidthHz = 1e10

// MaxLobes bounds B·T, the transmit bandwidth over the chip rate of the
// slowest component (the number of spectral lobes in the band): the
// quadrature uses B·T/2 panels for the normalisation and, since the SSC
// integration interval lies inside both transmit bands, at most
// (B_v·T_v + B_i·T_i)/2 panels for κ. 2e5 keeps every integral under
// ~2 million PSD evaluations (BPSK(1) accepts 195 GHz, i.e. any band up to
// MaxBandwidthHz; BPSK(0.01) up to 2 GHz).
const MaxLobes = 2e5

// NewSpectrum builds a band-limited spectrum from components whose power
// shares sum to 1 (within 1e-9) over a transmit band of txBandwidthHz
// (0 < B ≤ MaxBandwidthHz) centred on the carrier.
func NewSpectrum(txBandwidthHz float64, comps ...Component) (*Spectrum, error) {
	if !(txBandwidthHz > 0 && txBandwidthHz <= MaxBandwidthHz) {
		return nil, fmt.Errorf("%w: transmit bandwidth %v Hz outside (0, %g]", ErrSpectrum, txBandwidthHz, MaxBandwidthHz)
	}
	if len(comps) == 0 {
		return nil, fmt.Errorf("%w: no components", ErrSpectrum)
	}
	s := &Spectrum{comps: append([]Component(nil), comps...), txHz: txBandwidthHz}
	sum := 0.0
	for i, c := range comps {
		if _, err := NewModulation(c.Modulation.Kind, c.Modulation.M, c.Modulation.N, c.Modulation.R, c.Modulation.Sign); err != nil {
			return nil, fmt.Errorf("%w: component %d (%s): %v", ErrSpectrum, i, c.Name, err)
		}
		if !(c.PowerShare > 0 && c.PowerShare <= 1) {
			return nil, fmt.Errorf("%w: component %d (%s): power share %v outside (0, 1]", ErrSpectrum, i, c.Name, c.PowerShare)
		}
		sum += c.PowerShare
		s.tcS = math.Max(s.tcS, c.Modulation.ChipDurationS())
	}
	if math.Abs(sum-1) > 1e-9 {
		return nil, fmt.Errorf("%w: power shares sum to %v, not 1", ErrSpectrum, sum)
	}
	if lobes := txBandwidthHz * s.tcS; lobes > MaxLobes {
		return nil, fmt.Errorf("%w: transmit band %v Hz spans %.3g chip-rate lobes (at most %g)", ErrSpectrum, txBandwidthHz, lobes, MaxLobes)
	}
	half := txBandwidthHz / 2
	// The PSD is even: integrate [0, B/2] and double.
	v, eb := integrate(s.InfiniteBandPSD, 0, half, s.tcS, 2*s.tcS)
	s.inBand, s.inBandEB = 2*v, 2*eb
	if !(s.inBand > 0) {
		return nil, fmt.Errorf("%w: no power inside the %v Hz transmit band", ErrSpectrum, txBandwidthHz)
	}
	return s, nil
}

// MustSpectrum is NewSpectrum for arguments known to be valid; it panics on
// error.
func MustSpectrum(txBandwidthHz float64, comps ...Component) *Spectrum {
	s, err := NewSpectrum(txBandwidthHz, comps...)
	if err != nil {
		panic(err)
	}
	return s
}

// SingleSpectrum is the spectrum of one modulation carrying all the power.
func SingleSpectrum(m Modulation, txBandwidthHz float64) (*Spectrum, error) {
	return NewSpectrum(txBandwidthHz, Component{Name: m.String(), Modulation: m, PowerShare: 1, MinPowerDBW: math.NaN()})
}

// InfiniteBandPSD is Σ share·PSD of the components (1/Hz), not band-limited;
// it integrates to 1 over (−∞, ∞).
func (s *Spectrum) InfiniteBandPSD(fHz float64) float64 {
	g := 0.0
	for i := range s.comps {
		g += s.comps[i].PowerShare * s.comps[i].Modulation.PSD(fHz)
	}
	return g
}

// PSD is the band-limited PSD (1/Hz) at fHz from the carrier: the infinite-
// band PSD divided by InBandFraction inside |f| ≤ B/2, 0 outside. It
// integrates to 1 over the transmit band.
func (s *Spectrum) PSD(fHz float64) float64 {
	if math.Abs(fHz) > s.txHz/2 {
		return 0
	}
	return s.InfiniteBandPSD(fHz) / s.inBand
}

// InBandFraction is the fraction of the infinite-band power inside the
// transmit band, ∫_{−B/2}^{B/2} G∞.
func (s *Spectrum) InBandFraction() float64 { return s.inBand }

// TxBandwidthHz is the transmit bandwidth B.
func (s *Spectrum) TxBandwidthHz() float64 { return s.txHz }

// Components returns a copy of the components.
func (s *Spectrum) Components() []Component { return append([]Component(nil), s.comps...) }

// ChipDurationS is the longest chip duration of the components: every
// component's autocorrelation vanishes beyond it.
func (s *Spectrum) ChipDurationS() float64 { return s.tcS }
