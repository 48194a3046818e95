package spectrum

import (
	"errors"
	"fmt"
	"math"

	"github.com/gnssim/gnssim/ephemeris"
)

// DefaultN0DBWHz is the thermal noise density used when the caller has no
// better figure: −201.5 dBW/Hz, i.e. k·T with T ≈ 513 K (Boltzmann
// −228.6 dBW/(K·Hz) + 27.1 dB-K), the value customary in RNSS
// compatibility studies (e.g. ITU-R M.1831).
const DefaultN0DBWHz = -201.5

// Key identifies a (signal, FDMA channel) slot of an Evaluator. Obtain one
// with Evaluator.Key or Evaluator.KeyOf.
type Key int32

// Evaluator holds the SSC of every (victim signal, victim channel) on every
// (interferer signal, interferer channel) for a set of signals, so that
// the aggregate interference on a victim costs one table look-up and one
// exponential per interfering signal, with no allocation.
//
// GLONASS FDMA signals have one slot per channel MinChannel…MaxChannel
// (the carrier offset, hence κ, depends on both channels); CDMA signals
// one slot.
type Evaluator struct {
	signals []*Signal
	base    []int32 // first slot of each signal
	slotSig []int32
	slotCh  []int8
	sys     []ephemeris.System // per signal
	n       int
	kappa   []float64 // [victim*n + interferer] in 1/Hz; 0 = no overlap
}

// EvaluatorOptions tune NewEvaluator.
type EvaluatorOptions struct {
	// RxBandwidthMHz overrides the victim receiver bandwidth of the
	// signals it names (Signal.Name); others use Signal.RxBandwidthMHz.
	RxBandwidthMHz map[string]float64
}

// NewEvaluator precomputes the SSC table of signals (nil: the whole
// catalogue). Signal names must be distinct.
func NewEvaluator(signals []*Signal, opt EvaluatorOptions) (*Evaluator, error) {
	if signals == nil {
		signals = Catalogue()
	}
	if len(signals) == 0 {
		return nil, fmt.Errorf("spectrum: evaluator: no signals")
	}
	e := &Evaluator{signals: signals, base: make([]int32, len(signals)), sys: make([]ephemeris.System, len(signals))}
	names := map[string]bool{}
	rx := make([]float64, len(signals))
	for i, s := range signals {
		if s == nil {
			return nil, fmt.Errorf("spectrum: evaluator: signal %d is nil", i)
		}
		if names[s.Name] {
			return nil, fmt.Errorf("spectrum: evaluator: signal %q listed twice", s.Name)
		}
		names[s.Name] = true
		if err := s.Validate(); err != nil {
			return nil, err
		}
		rx[i] = s.RxBandwidthMHz
		e.sys[i] = s.System
		e.base[i] = int32(len(e.slotSig))
		if s.IsFDMA() {
			for ch := MinChannel; ch <= MaxChannel; ch++ {
				e.slotSig = append(e.slotSig, int32(i))
				e.slotCh = append(e.slotCh, int8(ch))
			}
		} else {
			e.slotSig = append(e.slotSig, int32(i))
			e.slotCh = append(e.slotCh, 0)
		}
	}
	for name, bw := range opt.RxBandwidthMHz {
		if !names[name] {
			return nil, fmt.Errorf("spectrum: evaluator: receiver bandwidth given for unknown signal %q", name)
		}
		if !(bw > 0 && bw <= MaxBandwidthHz/1e6) {
			return nil, fmt.Errorf("spectrum: evaluator: receiver bandwidth %v MHz of %s outside (0, %g]", bw, name, MaxBandwidthHz/1e6)
		}
		for i, s := range signals {
			if s.Name == name {
				rx[i] = bw
			}
		}
	}
	spec := make([]*Spectrum, len(signals))
	for i, s := range signals {
		sp, err := s.Spectrum()
		if err != nil {
			return nil, err
		}
		spec[i] = sp
	}
	e.n = len(e.slotSig)
	e.kappa = make([]float64, e.n*e.n)
	// κ depends only on the two signals and the carrier offset: FDMA pairs
	// share values across channels with the same offset.
	type ck struct {
		v, i int32
		off  int64 // Hz
	}
	cache := map[ck]float64{}
	for v := 0; v < e.n; v++ {
		sv := e.slotSig[v]
		fv, _ := signals[sv].CarrierMHz(int(e.slotCh[v]))
		for i := 0; i < e.n; i++ {
			si := e.slotSig[i]
			fi, _ := signals[si].CarrierMHz(int(e.slotCh[i]))
			off := (fi - fv) * 1e6
			key := ck{sv, si, int64(math.Round(off))}
			k, ok := cache[key]
			if !ok {
				if math.Abs(off) > MaxOffsetHz {
					return nil, fmt.Errorf("spectrum: evaluator: %s and %s are %v Hz apart", signals[sv].Title(), signals[si].Title(), off)
				}
				k = kappa(spec[sv], spec[si], off, rx[sv]*1e6, 1).KappaPerHz
				cache[key] = k
			}
			e.kappa[v*e.n+i] = k
		}
	}
	return e, nil
}

// Signals returns the evaluator's signals, in the order given.
func (e *Evaluator) Signals() []*Signal { return e.signals }

// Slots is the number of (signal, channel) slots.
func (e *Evaluator) Slots() int { return e.n }

// KeyOf returns the slot of the index-th signal on an FDMA channel (the
// channel is ignored for CDMA signals).
func (e *Evaluator) KeyOf(index, channel int) (Key, error) {
	if index < 0 || index >= len(e.signals) {
		return -1, fmt.Errorf("spectrum: evaluator: signal index %d outside [0, %d)", index, len(e.signals))
	}
	s := e.signals[index]
	if !s.IsFDMA() {
		return Key(e.base[index]), nil
	}
	if channel < MinChannel || channel > MaxChannel {
		return -1, fmt.Errorf("spectrum: evaluator: %s: FDMA channel %d outside [%d, %d]", s.Title(), channel, MinChannel, MaxChannel)
	}
	return Key(e.base[index] + int32(channel-MinChannel)), nil
}

// Key returns the slot of the named signal (its name or an alias, compared
// as Lookup does) on an FDMA channel.
func (e *Evaluator) Key(name string, channel int) (Key, error) {
	k := normName(name)
	for i, s := range e.signals {
		for _, n := range append([]string{s.Name, s.System.Title() + s.Name}, s.Aliases...) {
			if normName(n) == k {
				return e.KeyOf(i, channel)
			}
		}
	}
	return -1, fmt.Errorf("spectrum: evaluator: unknown signal %q", name)
}

// Slot returns the signal and channel of a key (channel 0 for CDMA).
func (e *Evaluator) Slot(k Key) (*Signal, int, error) {
	if k < 0 || int(k) >= e.n {
		return nil, 0, fmt.Errorf("spectrum: evaluator: key %d outside [0, %d)", k, e.n)
	}
	return e.signals[e.slotSig[k]], int(e.slotCh[k]), nil
}

// KappaPerHz returns the precomputed SSC (1/Hz) of interferer on victim and
// whether their bands overlap.
func (e *Evaluator) KappaPerHz(victim, interferer Key) (float64, bool) {
	if victim < 0 || int(victim) >= e.n || interferer < 0 || int(interferer) >= e.n {
		return 0, false
	}
	k := e.kappa[int(victim)*e.n+int(interferer)]
	return k, k > 0
}

// Interferer is one interfering signal instance: a signal on a channel as
// received from one satellite.
type Interferer struct {
	// Key is the signal and channel (Evaluator.Key).
	Key Key
	// PowerDBW is the received power C_i in dBW (e.g.
	// Signal.MinPowerDBW, or ReceivedPowerDBW with a gain table).
	PowerDBW float64
	// System is the transmitting satellite's system; SystemUnknown (0)
	// means the signal's own system. It decides intra- versus inter-system
	// (a QZSS satellite's L1CA is inter-system interference to GPS).
	System ephemeris.System
}

// Degradation is the effect of interference on one victim signal:
//
//	I = Σ_i C_i·κ_i  (W/Hz),   ΔC/N0 = 10·log10(1 + I/N0)  (dB)
//
// for the intra-system part (interferers of the victim's system, including
// other satellites' instances of the victim signal itself), the
// inter-system part and both together. Self is the part of Intra due to
// the victim signal itself.
type Degradation struct {
	// N0PerHz is the noise density N0 in W/Hz.
	N0PerHz float64
	// SelfPerHz, IntraPerHz, InterPerHz are Σ C·κ in W/Hz
	// (Self ⊂ Intra).
	SelfPerHz, IntraPerHz, InterPerHz float64
	// SelfDB, IntraDB, InterDB are ΔC/N0 from each part alone; TotalDB
	// from Intra and Inter together (not their sum).
	SelfDB, IntraDB, InterDB, TotalDB float64
}

// EffectiveCN0DBHz is the victim's effective C/N0 in dB-Hz for a received
// victim power cDBW: C − 10·log10(N0 + I_intra + I_inter).
func (d Degradation) EffectiveCN0DBHz(cDBW float64) float64 {
	return cDBW - 10*math.Log10(d.N0PerHz+d.IntraPerHz+d.InterPerHz)
}

// ErrDegradation is wrapped by the argument errors of Degradation.
var ErrDegradation = errors.New("invalid degradation arguments")

const ln10over10 = math.Ln10 / 10

// Degradation computes the C/N0 degradation of the victim slot (a victim
// satellite's signal on its channel) by the interferers, for a noise
// density n0DBWHz (DefaultN0DBWHz if unsure). victimSystem is the victim
// satellite's system (SystemUnknown: the signal's own). The caller leaves
// the victim satellite itself out of interferers.
//
// It performs one table look-up per interferer and one exponential per
// interferer whose band overlaps the victim's, and allocates nothing.
// A key out of range or a non-finite power or density is an error.
func (e *Evaluator) Degradation(victim Key, victimSystem ephemeris.System, interferers []Interferer, n0DBWHz float64) (Degradation, error) {
	if victim < 0 || int(victim) >= e.n {
		return Degradation{}, fmt.Errorf("%w: victim key %d outside [0, %d)", ErrDegradation, victim, e.n)
	}
	if math.IsNaN(n0DBWHz) || math.IsInf(n0DBWHz, 0) {
		return Degradation{}, fmt.Errorf("%w: noise density %v dBW/Hz not finite", ErrDegradation, n0DBWHz)
	}
	vs := e.slotSig[victim]
	vsys := victimSystem
	if vsys == ephemeris.SystemUnknown {
		vsys = e.sys[vs]
	}
	row := e.kappa[int(victim)*e.n : int(victim)*e.n+e.n]
	var self, intra, inter float64
	for j := range interferers {
		it := &interferers[j]
		k := int(it.Key)
		if k < 0 || k >= e.n {
			return Degradation{}, fmt.Errorf("%w: interferer %d: key %d outside [0, %d)", ErrDegradation, j, k, e.n)
		}
		p := it.PowerDBW
		if math.IsNaN(p) || math.IsInf(p, 0) {
			return Degradation{}, fmt.Errorf("%w: interferer %d: power %v dBW not finite", ErrDegradation, j, p)
		}
		kap := row[k]
		if kap == 0 {
			continue
		}
		c := math.Exp(p*ln10over10) * kap
		si := e.slotSig[k]
		isys := it.System
		if isys == ephemeris.SystemUnknown {
			isys = e.sys[si]
		}
		if isys == vsys {
			intra += c
			if si == vs {
				self += c
			}
		} else {
			inter += c
		}
	}
	n0 := math.Exp(n0DBWHz * ln10over10)
	db := func(i float64) float64 { return 10 / math.Ln10 * math.Log1p(i/n0) }
	return Degradation{
		N0PerHz: n0, SelfPerHz: self, IntraPerHz: intra, InterPerHz: inter,
		SelfDB: db(self), IntraDB: db(intra), InterDB: db(inter), TotalDB: db(intra + inter),
	}, nil
}

// numSys bounds the systems a Sky distinguishes (ephemeris.System values
// 0…7: unknown, GLONASS, BeiDou, GPS, Galileo, QZSS, NavIC, SBAS).
const numSys = 8

// Sky accumulates the interfering signal instances received at one site
// and epoch, summed by (signal slot, transmitting system), so that the
// degradation of every victim in that sky costs one pass over the distinct
// (slot, system) pairs present — a few tens — instead of one exponential
// per interferer: Σ_i C_i·κ(v, slot_i) = Σ_slot κ(v, slot)·Σ_{i∈slot} C_i.
//
// Use: Reset, Add every visible satellite's signals, then call Degradation
// for each victim instance. A Sky is not safe for concurrent use; make one
// per goroutine with Evaluator.NewSky.
type Sky struct {
	e       *Evaluator
	powW    []float64 // [slot*numSys + system] summed received power, W
	touched []int32   // indices of powW that are non-zero
}

// NewSky returns an empty sky for the evaluator's signals.
func (e *Evaluator) NewSky() *Sky {
	return &Sky{e: e, powW: make([]float64, e.n*numSys), touched: make([]int32, 0, e.n)}
}

// Reset empties the sky (cost proportional to the entries added).
func (s *Sky) Reset() {
	for _, i := range s.touched {
		s.powW[i] = 0
	}
	s.touched = s.touched[:0]
}

// Add adds one received signal instance: key, received power in dBW and
// transmitting system (SystemUnknown: the signal's own). It does not
// allocate once the sky has seen each (slot, system) pair.
func (s *Sky) Add(k Key, powerDBW float64, sys ephemeris.System) error {
	e := s.e
	if e == nil {
		return fmt.Errorf("%w: Sky not made by Evaluator.NewSky", ErrDegradation)
	}
	if k < 0 || int(k) >= e.n {
		return fmt.Errorf("%w: key %d outside [0, %d)", ErrDegradation, k, e.n)
	}
	if math.IsNaN(powerDBW) || math.IsInf(powerDBW, 0) {
		return fmt.Errorf("%w: power %v dBW not finite", ErrDegradation, powerDBW)
	}
	if sys == ephemeris.SystemUnknown {
		sys = e.sys[e.slotSig[k]]
	}
	if int(sys) >= numSys {
		return fmt.Errorf("%w: system %v unknown", ErrDegradation, sys)
	}
	i := int32(int(k)*numSys + int(sys))
	if s.powW[i] == 0 {
		s.touched = append(s.touched, i)
	}
	s.powW[i] += math.Exp(powerDBW * ln10over10)
	return nil
}

// Degradation is Evaluator.Degradation of one victim instance by every
// other instance in the sky. The victim instance itself is assumed to
// have been added with the same key and system and with power ownPowerDBW,
// and is taken out (pass math.Inf(-1) for a victim that is not in the
// sky); the victim satellite's other signals remain interferers.
func (s *Sky) Degradation(victim Key, victimSystem ephemeris.System, ownPowerDBW, n0DBWHz float64) (Degradation, error) {
	e := s.e
	if e == nil {
		return Degradation{}, fmt.Errorf("%w: Sky not made by Evaluator.NewSky", ErrDegradation)
	}
	if victim < 0 || int(victim) >= e.n {
		return Degradation{}, fmt.Errorf("%w: victim key %d outside [0, %d)", ErrDegradation, victim, e.n)
	}
	if math.IsNaN(n0DBWHz) || math.IsInf(n0DBWHz, 0) {
		return Degradation{}, fmt.Errorf("%w: noise density %v dBW/Hz not finite", ErrDegradation, n0DBWHz)
	}
	if math.IsNaN(ownPowerDBW) || math.IsInf(ownPowerDBW, 1) {
		return Degradation{}, fmt.Errorf("%w: own power %v dBW", ErrDegradation, ownPowerDBW)
	}
	vs := e.slotSig[victim]
	vsys := victimSystem
	if vsys == ephemeris.SystemUnknown {
		vsys = e.sys[vs]
	}
	row := e.kappa[int(victim)*e.n : int(victim)*e.n+e.n]
	var self, intra, inter float64
	for _, i := range s.touched {
		slot := int(i) / numSys
		kap := row[slot]
		if kap == 0 {
			continue
		}
		c := s.powW[i] * kap
		if ephemeris.System(int(i)%numSys) == vsys {
			intra += c
			if e.slotSig[slot] == vs {
				self += c
			}
		} else {
			inter += c
		}
	}
	if !math.IsInf(ownPowerDBW, -1) {
		own := math.Exp(ownPowerDBW*ln10over10) * row[victim]
		// Clamp the rounding residue of the subtraction at 0.
		self = math.Max(0, self-own)
		intra = math.Max(0, intra-own)
	}
	n0 := math.Exp(n0DBWHz * ln10over10)
	db := func(i float64) float64 { return 10 / math.Ln10 * math.Log1p(i/n0) }
	return Degradation{
		N0PerHz: n0, SelfPerHz: self, IntraPerHz: intra, InterPerHz: inter,
		SelfDB: db(self), IntraDB: db(intra), InterDB: db(inter), TotalDB: db(intra + inter),
	}, nil
}
