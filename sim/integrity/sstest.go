package integrity

import (
	"errors"
	"fmt"
	"math"

	"github.com/gnssim/gnssim/ephemeris"
)

// Mode describes one monitored fault mode of the last evaluation.
type Mode struct {
	// ExcludedSats lists the satellites (indices into the slice given to
	// Evaluate) left out of the mode's subset solution, ascending, including
	// those of ExcludedSystems.
	ExcludedSats []int
	// ExcludedSystems lists the constellations excluded as a whole.
	ExcludedSystems []ephemeris.System
	// Prior is the prior probability p_k of the mode (the sum of the exact
	// probabilities of the fault patterns merged into it).
	Prior float64
	// EventProb is the probability Π p_e that the fault events of the mode
	// occur (the largest over merged patterns; P_sat for a single
	// satellite); modes with EventProb ≥ P_EMT enter the EMT.
	EventProb float64
	// Per axis east, north, up (index 0, 1, 2), metres:
	SigmaM     [3]float64 // σ_k: σ of the subset position with C_int
	SigmaSSM   [3]float64 // σ_ss,k: σ of the solution separation with C_acc
	BiasM      [3]float64 // b_k = Σ|S_k,q,i|·b_nom,i
	ThresholdM [3]float64 // T_k,q
	// SigmaAccUM is σ_acc,3 of the subset with C_acc for modes that enter the
	// EMT (EventProb ≥ P_EMT), else NaN.
	SigmaAccUM float64
}

// FaultFree describes the all-in-view (fault-free) solution of the last
// evaluation: σ_0 and b_0 per axis, metres.
type FaultFree struct {
	SigmaM [3]float64
	BiasM  [3]float64
}

// ErrNoEvaluation is returned by the methods that need an available last
// evaluation when there is none.
var ErrNoEvaluation = errors.New("integrity: no available evaluation")

// FaultFree returns σ_0 and b_0 of the last available evaluation.
func (ev *Evaluator) FaultFree() (FaultFree, error) {
	if !ev.valid {
		return FaultFree{}, ErrNoEvaluation
	}
	return FaultFree{SigmaM: ev.sigma0, BiasM: ev.bias0}, nil
}

// AppendModes appends the monitored fault modes of the last available
// evaluation to dst, in the order of their determination, and returns the
// extended slice. It allocates the per-mode slices; it is meant for
// reports, not for hot loops.
func (ev *Evaluator) AppendModes(dst []Mode) ([]Mode, error) {
	if !ev.valid {
		return dst, ErrNoEvaluation
	}
	for k := range ev.ms.modes {
		m := &ev.ms.modes[k]
		if !m.biasOK {
			ev.modeBias(m)
		}
		md := Mode{Prior: m.prior, EventProb: m.eventPrior, SigmaM: m.sigma, SigmaSSM: m.sigmaSS, BiasM: m.bias,
			ThresholdM: m.thr, SigmaAccUM: m.saccU}
		for j := 0; j < ev.nc; j++ {
			if m.mask&(1<<j) != 0 {
				md.ExcludedSystems = append(md.ExcludedSystems, ev.constSys[j])
			}
		}
		ex := ev.ms.pool[m.off : m.off+m.n]
		for i := 0; i < ev.n; i++ {
			if m.mask&(1<<ev.constOf[i]) != 0 {
				md.ExcludedSats = append(md.ExcludedSats, i)
				continue
			}
			for _, x := range ex {
				if int(x) == i {
					md.ExcludedSats = append(md.ExcludedSats, i)
					break
				}
			}
		}
		dst = append(dst, md)
	}
	return dst, nil
}

// ssRound bounds the relative rounding error of a computed separation:
// about n·2⁻⁵³ for n ≤ 100 terms, with margin.
const ssRound = 1e-13

// SSResult is the outcome of a solution-separation test.
type SSResult struct {
	// PositionM is the all-in-view position correction x̂_0 (east, north,
	// up, m) estimated from the residuals.
	PositionM [3]float64
	// FaultDetected is true when some mode trips: |Δx_k,q| > T_k,q for some
	// axis q (by more than the separation's rounding error, ~1e-13 of the
	// magnitude of its terms).
	FaultDetected bool
	// Tripped lists the indices (as in AppendModes) of the modes that trip;
	// Test reuses its backing array.
	Tripped []int
	// Separations holds Δx_k = x̂_k − x̂_0 (east, north, up, m) of every
	// mode, in mode order; Test reuses its backing array.
	Separations [][3]float64
	// MaxRatio is the largest |Δx_k,q|/T′_k,q over modes and tested axes,
	// T′ the threshold plus the rounding margin (0 without modes); a fault is
	// detected exactly when MaxRatio > 1.
	MaxRatio float64
}

// Test runs the solution-separation test of the last available evaluation
// on the measurement residuals y (m; pseudorange minus its prediction at the
// linearisation point, one per satellite in the order given to Evaluate): it
// forms the all-in-view estimate x̂_0 = S_0·y and, for every monitored mode,
// the separation Δx_k = (S_k − S_0)·y, and compares |Δx_k,q| with T_k,q on
// each axis (WG-C ADD and Blanch et al. 2012, fault detection). Axes
// without a threshold (the vertical of a horizontal-only service) are not
// tested. It panics if len(y) differs from the number of satellites.
func (ev *Evaluator) Test(dst *SSResult, y []float64) error {
	if !ev.valid {
		return ErrNoEvaluation
	}
	if len(y) != ev.n {
		panic(fmt.Sprintf("integrity: %d residuals for %d satellites", len(y), ev.n))
	}
	for i, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("integrity: residual %d is %g", i, v)
		}
	}
	var x0, mag0 [3]float64
	for i := 0; i < ev.n; i++ {
		for q := 0; q < 3; q++ {
			x0[q] += ev.s0[i][q] * y[i]
			mag0[q] += math.Abs(ev.s0[i][q] * y[i])
		}
	}
	dst.PositionM = x0
	dst.FaultDetected = false
	dst.Tripped = dst.Tripped[:0]
	dst.Separations = dst.Separations[:0]
	dst.MaxRatio = 0
	for k := range ev.ms.modes {
		m := &ev.ms.modes[k]
		ev.gen++
		if ev.gen == 0 {
			for i := range ev.stamp {
				ev.stamp[i] = 0
			}
			ev.gen = 1
		}
		for _, x := range ev.ms.pool[m.off : m.off+m.n] {
			ev.stamp[x] = ev.gen
		}
		// S_k,i = R_k·(w_i u_i) − w_i·(R_k t_j), from the estimator kept in m
		R := &m.R
		var xk, mag [3]float64
		for i := 0; i < ev.n; i++ {
			j := int(ev.constOf[i])
			if m.mask&(1<<j) != 0 || ev.stamp[i] == ev.gen {
				continue
			}
			wu, w, t, yi := &ev.wu[i], ev.w[i], &m.tau[j], y[i]
			c0 := (R[0]*wu[0] + R[1]*wu[1] + R[2]*wu[2] - w*t[0]) * yi
			c1 := (R[3]*wu[0] + R[4]*wu[1] + R[5]*wu[2] - w*t[1]) * yi
			c2 := (R[6]*wu[0] + R[7]*wu[1] + R[8]*wu[2] - w*t[2]) * yi
			xk[0] += c0
			xk[1] += c1
			xk[2] += c2
			mag[0] += math.Abs(c0)
			mag[1] += math.Abs(c1)
			mag[2] += math.Abs(c2)
		}
		sep := [3]float64{xk[0] - x0[0], xk[1] - x0[1], xk[2] - x0[2]}
		dst.Separations = append(dst.Separations, sep)
		trip := false
		for q := 0; q < 3; q++ {
			if math.IsInf(m.thr[q], 1) || math.IsNaN(m.thr[q]) {
				continue
			}
			d := math.Abs(sep[q])
			// A separation trips when it exceeds the threshold by more than
			// its own rounding error (bounded by ssRound times the sum of the
			// magnitudes of its terms): modes whose separation vanishes in
			// exact arithmetic (σ_ss at the rounding level) never trip.
			lim := m.thr[q] + ssRound*(mag[q]+mag0[q])
			if d > lim {
				trip = true
			}
			if lim > 0 {
				dst.MaxRatio = math.Max(dst.MaxRatio, d/lim)
			}
		}
		if trip {
			dst.FaultDetected = true
			dst.Tripped = append(dst.Tripped, k)
		}
	}
	return nil
}
