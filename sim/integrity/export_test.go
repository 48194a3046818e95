package integrity

// Test hooks.

// CIntDiag returns C_int of the last evaluation (m²).
func (ev *Evaluator) CIntDiag() []float64 { return append([]float64(nil), ev.cint...) }

// CAccDiag returns C_acc of the last evaluation (m²).
func (ev *Evaluator) CAccDiag() []float64 { return append([]float64(nil), ev.cacc...) }

// SetPrune switches the pruning of negligible protection-level terms.
func (ev *Evaluator) SetPrune(on bool) { ev.noPrune = !on }

// SetBound switches the bounding (instead of computing) of negligible b_k.
func (ev *Evaluator) SetBound(on bool) { ev.noBound = !on }

// ExactBiases counts the modes of the last evaluation whose b_k was computed.
func (ev *Evaluator) ExactBiases() int {
	n := 0
	for k := range ev.ms.modes {
		if ev.ms.modes[k].biasOK {
			n++
		}
	}
	return n
}

// PLStats returns the work counters of the last protection-level solves
// (east, north, up): evaluations, kept terms, offered terms.
func (ev *Evaluator) PLStats() (evals, kept, terms [3]int) {
	for q := 0; q < 3; q++ {
		evals[q], kept[q], terms[q] = ev.stats[q].evals, ev.stats[q].kept, ev.stats[q].terms
	}
	return
}
