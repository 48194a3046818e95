package spectrum

import (
	"errors"
	"fmt"
	"math"
	"strconv"
)

// SSC is a spectral separation coefficient
//
//	κ = ∫_{lo}^{hi} G_v(f) · G_i(f − Δf) df    (1/Hz)
//
// of an interfering signal i on a victim v, f measured from the victim's
// carrier, Δf the interferer's carrier minus the victim's, G_v and G_i the
// band-limited unit-power spectra (Spectrum.PSD), and [lo, hi] the part of
// the victim's receiver band [−β_r/2, β_r/2] where both spectra are
// non-zero. When that part is empty or shorter than OverlapToleranceHz the
// bands do not overlap: Overlap is false, KappaPerHz 0, DBHz −Inf and
// String "no overlap".
type SSC struct {
	// Overlap reports whether the receiver band and both transmit bands
	// share an interval of positive length.
	Overlap bool
	// KappaPerHz is κ in 1/Hz (0 without overlap).
	KappaPerHz float64
	// ErrBoundPerHz bounds the absolute quadrature and rounding error of
	// KappaPerHz (see integrate).
	ErrBoundPerHz float64
	// LowHz and HighHz are the integration limits, from the victim's
	// carrier.
	LowHz, HighHz float64
}

// DBHz is 10·log10 κ in dB-Hz (strictly dB(1/Hz), the unit of the SSC
// literature); −Inf without overlap.
func (k SSC) DBHz() float64 {
	if !k.Overlap || k.KappaPerHz <= 0 {
		return math.Inf(-1)
	}
	return 10 * math.Log10(k.KappaPerHz)
}

// ErrBoundDB bounds the error of DBHz in dB: 10·log10(1 + ErrBound/κ).
// It is 0 without overlap.
func (k SSC) ErrBoundDB() float64 {
	if !k.Overlap || k.KappaPerHz <= 0 {
		return 0
	}
	return 10 * math.Log10(1+k.ErrBoundPerHz/k.KappaPerHz)
}

// String is "−61.80 dB-Hz" or "no overlap".
func (k SSC) String() string {
	if !k.Overlap {
		return "no overlap"
	}
	return strconv.FormatFloat(k.DBHz(), 'f', 2, 64) + " dB-Hz"
}

// OverlapToleranceHz is the shortest common band counted as an overlap:
// bands that merely touch (L2C and B2b meet at 1217.37 MHz) differ by
// rounding only (~1e-7 Hz for carriers given in MHz) and are "no overlap".
const OverlapToleranceHz = 1e-3

// ErrSSC is wrapped by the argument errors of Kappa and SignalKappa.
var ErrSSC = errors.New("invalid SSC arguments")

// MaxOffsetHz bounds the carrier offset accepted by Kappa (10 GHz).
const MaxOffsetHz = 1e10

// Kappa computes the SSC of interferer on victim for the interferer's
// carrier offsetHz above the victim's, over a receiver band of
// rxBandwidthHz centred on the victim's carrier.
//
// # Method
//
// Composite 16-point Gauss–Legendre quadrature on equal panels of width at
// most 2/(T_v + T_i), T the longest chip duration of each spectrum. Panel
// edges need no alignment with the spectral nulls: the integrand is an
// entire function (the PSDs' singularities are removable) and the error
// bound below holds for any placement. Because each signal's
// autocorrelation R(τ) (|R| ≤ 1, R(0) = 1) vanishes for |τ| > T,
// |G(x+iy)| ≤ 2T·e^{2π|y|T}/P, P the in-band fraction, so the integrand is
// bounded by M(y) = 4T_vT_i/(P_vP_i)·e^{2π|y|(T_v+T_i)} off the real axis.
// Trefethen's bound for n-point Gauss quadrature of a function analytic
// and bounded by M in the Bernstein ellipse E_ρ (SIAM Review 50(1), 2008,
// Thm 4.5), applied to each panel of half-width r and minimised over ρ,
//
//	|E| ≤ Σ_panels r·(64/15)·M(r(ρ−1/ρ)/2)·ρ^{−2n}/(ρ²−1),
//
// is below 1e-18 of M·(hi−lo) at the panel width used; ErrBoundPerHz adds
// a rounding allowance of (1e-13 + N·2⁻⁵²)·Σ|w·f| over the N nodes, and the
// in-band normalisations carry the same kind of bound (ErrBoundPerHz
// includes their effect). The tests confirm that halving the panels moves
// κ by < 1e-10 dB and that an independent gonum quadrature agrees.
func Kappa(victim, interferer *Spectrum, offsetHz, rxBandwidthHz float64) (SSC, error) {
	if victim == nil || interferer == nil {
		return SSC{}, fmt.Errorf("%w: nil spectrum", ErrSSC)
	}
	if !(victim.inBand > 0 && interferer.inBand > 0) {
		return SSC{}, fmt.Errorf("%w: spectrum not made by NewSpectrum", ErrSSC)
	}
	if math.IsNaN(offsetHz) || math.Abs(offsetHz) > MaxOffsetHz {
		return SSC{}, fmt.Errorf("%w: carrier offset %v Hz not finite or beyond %g Hz", ErrSSC, offsetHz, MaxOffsetHz)
	}
	if !(rxBandwidthHz > 0 && rxBandwidthHz <= MaxBandwidthHz) {
		return SSC{}, fmt.Errorf("%w: receiver bandwidth %v Hz outside (0, %g]", ErrSSC, rxBandwidthHz, MaxBandwidthHz)
	}
	return kappa(victim, interferer, offsetHz, rxBandwidthHz, 1), nil
}

// kappa is Kappa without argument checks; panelScale > 1 subdivides the
// panels further (tests of convergence).
func kappa(v, i *Spectrum, off, rx float64, panelScale float64) SSC {
	lo := math.Max(math.Max(-rx/2, -v.txHz/2), off-i.txHz/2)
	hi := math.Min(math.Min(rx/2, v.txHz/2), off+i.txHz/2)
	if !(hi-lo > OverlapToleranceHz) {
		return SSC{LowHz: lo, HighHz: hi}
	}
	tau := v.tcS + i.tcS
	// |G∞_v·G∞_i| ≤ 4·T_v·T_i·e^{2π|y|(T_v+T_i)} off the real axis.
	m0 := 4 * v.tcS * i.tcS
	nv, ni := v.inBand, i.inBand
	f := func(x float64) float64 {
		return v.InfiniteBandPSD(x) * i.InfiniteBandPSD(x-off)
	}
	raw, eb := integrate(f, lo, hi, tau*panelScale, m0)
	k := raw / (nv * ni)
	// Error of the quotient: quadrature error of the numerator plus the
	// relative errors of the two normalisations.
	rel := eb/math.Max(raw, math.SmallestNonzeroFloat64) + v.inBandEB/nv + i.inBandEB/ni
	return SSC{Overlap: true, KappaPerHz: k, ErrBoundPerHz: k * rel, LowHz: lo, HighHz: hi}
}

// glN is the Gauss–Legendre order per panel.
const glN = 16

// glX and glW are the nodes and weights of glN-point Gauss–Legendre
// quadrature on [−1, 1].
var glX, glW = legendreRule(glN)

// legendreRule computes Gauss–Legendre nodes and weights by Newton's method
// on the three-term recurrence (nodes to ~1e-16).
func legendreRule(n int) (x, w [glN]float64) {
	for i := 0; i < (n+1)/2; i++ {
		z := math.Cos(math.Pi * (float64(i) + 0.75) / (float64(n) + 0.5))
		var dp float64
		for iter := 0; iter < 100; iter++ {
			p0, p1 := 1.0, z
			for k := 2; k <= n; k++ {
				p0, p1 = p1, ((2*float64(k)-1)*z*p1-(float64(k)-1)*p0)/float64(k)
			}
			dp = float64(n) * (z*p1 - p0) / (z*z - 1)
			dz := p1 / dp
			z -= dz
			if math.Abs(dz) < 1e-16 {
				break
			}
		}
		// Recompute the derivative at the converged node.
		p0, p1 := 1.0, z
		for k := 2; k <= n; k++ {
			p0, p1 = p1, ((2*float64(k)-1)*z*p1-(float64(k)-1)*p0)/float64(k)
		}
		dp = float64(n) * (z*p1 - p0) / (z*z - 1)
		x[i], x[n-1-i] = -z, z
		w[i] = 2 / ((1 - z*z) * dp * dp)
		w[n-1-i] = w[i]
	}
	return x, w
}

// integrate is composite glN-point Gauss–Legendre quadrature of fn over
// [a, b] with panels of half-width r ≤ 1/tau, for an fn analytic near the
// real axis with |fn(x+iy)| ≤ m0·e^{2π|y|tau}. It returns the integral and
// a bound on its error: the Trefethen truncation bound (see Kappa)
// minimised over ρ, plus a rounding allowance.
func integrate(fn func(float64) float64, a, b, tau, m0 float64) (val, errBound float64) {
	if !(b > a) {
		return 0, 0
	}
	np := int(math.Ceil((b - a) * tau / 2))
	if np < 1 {
		np = 1
	}
	r := (b - a) / (2 * float64(np))
	sum, abs := 0.0, 0.0
	for p := 0; p < np; p++ {
		c := a + (2*float64(p)+1)*r
		ps, pa := 0.0, 0.0
		for j := 0; j < glN; j++ {
			t := glW[j] * fn(c+r*glX[j])
			ps += t
			pa += math.Abs(t)
		}
		sum += ps * r
		abs += pa * r
	}
	trunc := float64(np) * r * m0 * glTruncation(r*tau)
	round := (1e-13 + float64(np*glN)*0x1p-52) * abs
	return sum, trunc + round
}

// glTruncation is min over ρ > 1 of (64/15)·e^{πt(ρ−1/ρ)}·ρ^{−2n}/(ρ²−1):
// the Gauss–Legendre error bound per unit half-width and unit M for an
// integrand growing like e^{2π|y|τ}, with t = r·τ.
func glTruncation(t float64) float64 {
	best := math.Inf(1)
	for rho := 1.05; rho < 200; rho *= 1.05 {
		lg := math.Log(64.0/15) + math.Pi*t*(rho-1/rho) - 2*glN*math.Log(rho) - math.Log(rho*rho-1)
		best = math.Min(best, lg)
	}
	return math.Exp(best)
}

// SignalKappa is the SSC of interferer (on FDMA channel ich) on victim (on
// FDMA channel vch) over a receiver band of rxBandwidthMHz centred on the
// victim's carrier; rxBandwidthMHz = 0 selects victim.RxBandwidthMHz.
// Channels are ignored for CDMA signals.
func SignalKappa(victim *Signal, vch int, interferer *Signal, ich int, rxBandwidthMHz float64) (SSC, error) {
	if victim == nil || interferer == nil {
		return SSC{}, fmt.Errorf("%w: nil signal", ErrSSC)
	}
	fv, err := victim.CarrierMHz(vch)
	if err != nil {
		return SSC{}, err
	}
	fi, err := interferer.CarrierMHz(ich)
	if err != nil {
		return SSC{}, err
	}
	if rxBandwidthMHz == 0 {
		rxBandwidthMHz = victim.RxBandwidthMHz
	}
	sv, err := victim.Spectrum()
	if err != nil {
		return SSC{}, err
	}
	si, err := interferer.Spectrum()
	if err != nil {
		return SSC{}, err
	}
	return Kappa(sv, si, (fi-fv)*1e6, rxBandwidthMHz*1e6)
}

// Matrix is the SSC of every signal on every signal (victim × interferer),
// each victim over its own receiver band (Signal.RxBandwidthMHz). GLONASS
// FDMA signals are taken on one channel, FDMAChannel (0 by default: the
// nominal 1602/1246 MHz carriers), on both sides; the per-channel values
// used by the sky computation are in Evaluator.
type Matrix struct {
	// Signals are the rows (victims) and columns (interferers).
	Signals []*Signal
	// FDMAChannel is the GLONASS channel of every FDMA signal.
	FDMAChannel int
	// SSC[v][i] is the SSC of Signals[i] on Signals[v].
	SSC [][]SSC
}

// NewMatrix computes the SSC matrix of signals (nil: the whole catalogue)
// with FDMA signals on channel fdmaChannel.
func NewMatrix(signals []*Signal, fdmaChannel int) (*Matrix, error) {
	if signals == nil {
		signals = Catalogue()
	}
	if fdmaChannel < MinChannel || fdmaChannel > MaxChannel {
		return nil, fmt.Errorf("%w: FDMA channel %d outside [%d, %d]", ErrSSC, fdmaChannel, MinChannel, MaxChannel)
	}
	m := &Matrix{Signals: signals, FDMAChannel: fdmaChannel, SSC: make([][]SSC, len(signals))}
	for v, sv := range signals {
		if sv == nil {
			return nil, fmt.Errorf("%w: signal %d is nil", ErrSSC, v)
		}
		m.SSC[v] = make([]SSC, len(signals))
		for i, si := range signals {
			if si == nil {
				return nil, fmt.Errorf("%w: signal %d is nil", ErrSSC, i)
			}
			k, err := SignalKappa(sv, fdmaChannel, si, fdmaChannel, 0)
			if err != nil {
				return nil, err
			}
			m.SSC[v][i] = k
		}
	}
	return m, nil
}
