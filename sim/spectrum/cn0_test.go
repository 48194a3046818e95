package spectrum

import (
	"errors"
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/gnssim/gnssim/ephemeris"
)

var (
	evalOnce sync.Once
	evalCat  *Evaluator
	evalErr  error
)

// catalogueEvaluator is shared by the tests and benchmarks.
func catalogueEvaluator(t testing.TB) *Evaluator {
	t.Helper()
	evalOnce.Do(func() { evalCat, evalErr = NewEvaluator(nil, EvaluatorOptions{}) })
	if evalErr != nil {
		t.Fatal(evalErr)
	}
	return evalCat
}

func mustKey(t testing.TB, e *Evaluator, name string, ch int) Key {
	t.Helper()
	k, err := e.Key(name, ch)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func dbw(p float64) float64 { return math.Pow(10, p/10) }

// TestDegradationByHand: the evaluator's parts equal Σ C_i·κ_i computed
// independently from SignalKappa and the ICD powers, split into intra-,
// inter-system and self, to 1e-12 relative (rounding).
func TestDegradationByHand(t *testing.T) {
	e := catalogueEvaluator(t)
	l1ca, _ := Lookup("L1CA")
	type inst struct {
		name string
		ch   int
		pDBW float64
		sys  ephemeris.System
		part string // self, intra, inter, none
	}
	insts := []inst{
		{"L1CA", 0, -158.5, 0, "self"},
		{"L1CA", 0, -155.0, ephemeris.GPS, "self"},
		{"L1C", 0, -157.0, 0, "intra"},
		{"L1CA", 0, -158.5, ephemeris.QZSS, "inter"}, // QZSS transmits L1 C/A
		{"E1", 0, -157.0, 0, "inter"},
		{"B1C", 0, -159.0, 0, "inter"},
		{"B1I", 0, -163.0, 0, "none"}, // 1561.098 + 2.046 < 1575.42 − 10.23 MHz
		{"L5", 0, -154.9, 0, "none"},  // other band
		{"L1OF", -7, -161, 0, "none"}, // 1598.06 − 5.11 > 1575.42 + 10.23
		{"L1OC", 0, -161, 0, "none"},
	}
	var in []Interferer
	want := map[string]float64{}
	for _, x := range insts {
		s, _ := Lookup(x.name)
		in = append(in, Interferer{Key: mustKey(t, e, x.name, x.ch), PowerDBW: x.pDBW, System: x.sys})
		k, err := SignalKappa(l1ca, 0, s, x.ch, 0)
		if err != nil {
			t.Fatal(err)
		}
		if (x.part == "none") == k.Overlap {
			t.Fatalf("%s: overlap %v, part %s", x.name, k.Overlap, x.part)
		}
		want[x.part] += dbw(x.pDBW) * k.KappaPerHz
	}
	want["intra"] += want["self"]
	d, err := e.Degradation(mustKey(t, e, "L1CA", 0), ephemeris.GPS, in, DefaultN0DBWHz)
	if err != nil {
		t.Fatal(err)
	}
	n0 := dbw(DefaultN0DBWHz)
	close := func(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(math.Abs(a), math.Abs(b)) }
	if !close(d.SelfPerHz, want["self"]) || !close(d.IntraPerHz, want["intra"]) || !close(d.InterPerHz, want["inter"]) || !close(d.N0PerHz, n0) {
		t.Errorf("got %+v, want self %g intra %g inter %g", d, want["self"], want["intra"], want["inter"])
	}
	db := func(i float64) float64 { return 10 * math.Log10(1+i/n0) }
	if !close(d.TotalDB, db(want["intra"]+want["inter"])) || !close(d.IntraDB, db(want["intra"])) ||
		!close(d.InterDB, db(want["inter"])) || !close(d.SelfDB, db(want["self"])) {
		t.Errorf("dB parts %+v", d)
	}
	if !(d.TotalDB > d.IntraDB && d.TotalDB > d.InterDB && d.IntraDB > d.SelfDB && d.SelfDB > 0) {
		t.Errorf("ordering %+v", d)
	}
	// Effective C/N0 = C − 10·log10(N0 + I) = C/N0 − ΔC/N0.
	c := -158.5
	if got, want := d.EffectiveCN0DBHz(c), c-DefaultN0DBWHz-d.TotalDB; math.Abs(got-want) > 1e-9 {
		t.Errorf("effective C/N0 %v, want %v", got, want)
	}
	t.Logf("L1CA victim: self %.4f dB, intra %.4f dB, inter %.4f dB, total %.4f dB; C/N0eff %.2f dB-Hz", d.SelfDB, d.IntraDB, d.InterDB, d.TotalDB, d.EffectiveCN0DBHz(c))

	// Victim system override: a QZSS victim on L1CA sees the GPS L1CA
	// instances as inter-system.
	dq, _ := e.Degradation(mustKey(t, e, "L1CA", 0), ephemeris.QZSS, in, DefaultN0DBWHz)
	if dq.SelfPerHz == 0 || dq.InterPerHz <= d.InterPerHz {
		t.Errorf("QZSS victim %+v", dq)
	}
	// No interferers: no degradation.
	d0, err := e.Degradation(mustKey(t, e, "L1CA", 0), 0, nil, DefaultN0DBWHz)
	if err != nil || d0.TotalDB != 0 || d0.EffectiveCN0DBHz(c) != c-10*math.Log10(n0) {
		t.Errorf("empty: %+v %v", d0, err)
	}
}

// TestEvaluatorFDMA: the per-channel κ equals the direct SignalKappa for
// every pair of L1OF channels (it depends on the channel difference only)
// and for L1OC on every L1OF channel.
func TestEvaluatorFDMA(t *testing.T) {
	e := catalogueEvaluator(t)
	l1of, _ := Lookup("L1OF")
	l1oc, _ := Lookup("L1OC")
	for a := MinChannel; a <= MaxChannel; a++ {
		for b := MinChannel; b <= MaxChannel; b++ {
			want, err := SignalKappa(l1of, a, l1of, b, 0)
			if err != nil {
				t.Fatal(err)
			}
			got, ok := e.KappaPerHz(mustKey(t, e, "L1OF", a), mustKey(t, e, "L1OF", b))
			if got != want.KappaPerHz || ok != want.Overlap {
				t.Errorf("L1OF %d ← %d: %v, want %v", a, b, got, want)
			}
			if a > MinChannel && b > MinChannel {
				prev, _ := e.KappaPerHz(mustKey(t, e, "L1OF", a-1), mustKey(t, e, "L1OF", b-1))
				if math.Abs(prev-got) > 1e-12*got {
					t.Errorf("L1OF κ(%d,%d) = %v differs from κ(%d,%d) = %v", a, b, got, a-1, b-1, prev)
				}
			}
		}
		want, _ := SignalKappa(l1of, a, l1oc, 0, 0)
		got, _ := e.KappaPerHz(mustKey(t, e, "L1OF", a), mustKey(t, e, "L1OC", 0))
		if math.Abs(got-want.KappaPerHz) > 1e-15*want.KappaPerHz {
			t.Errorf("L1OF %d ← L1OC: %v, want %v", a, got, want)
		}
	}
	// Adjacent channels 0.5625 MHz apart interfere less than co-channel.
	k0, _ := e.KappaPerHz(mustKey(t, e, "L1OF", 0), mustKey(t, e, "L1OF", 0))
	k1, _ := e.KappaPerHz(mustKey(t, e, "L1OF", 0), mustKey(t, e, "L1OF", 1))
	if !(k1 < k0) {
		t.Errorf("adjacent %v ≥ co-channel %v", k1, k0)
	}
	if e.Slots() != 17+2*(MaxChannel-MinChannel+1) {
		t.Errorf("slots %d", e.Slots())
	}
	s, ch, err := e.Slot(mustKey(t, e, "L2OF", -3))
	if err != nil || s.Name != "L2OF" || ch != -3 {
		t.Errorf("Slot: %v %d %v", s, ch, err)
	}
	k, err := e.KeyOf(len(e.Signals())-1, 99) // E6 is CDMA: channel ignored
	if err != nil || k != Key(e.Slots()-1) {
		t.Errorf("KeyOf: %v %v", k, err)
	}
}

func TestDegradationZeroAllocs(t *testing.T) {
	e := catalogueEvaluator(t)
	in := skyInterferers(t, e)
	v := mustKey(t, e, "B1C", 0)
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := e.Degradation(v, 0, in, DefaultN0DBWHz); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per evaluation", allocs)
	}
}

// skyInterferers is a plausible sky: 8 GLONASS (channels spread), 12
// BeiDou, 9 GPS, 8 Galileo satellites, each transmitting its system's
// catalogue signals (Interferers) at the ICD minimum power: 133 instances.
func skyInterferers(t testing.TB, e *Evaluator) []Interferer {
	var in []Interferer
	for _, x := range []struct {
		sys ephemeris.System
		n   int
	}{{ephemeris.GLONASS, 8}, {ephemeris.BeiDou, 12}, {ephemeris.GPS, 9}, {ephemeris.Galileo, 8}} {
		for sat := 0; sat < x.n; sat++ {
			for _, s := range Interferers(x.sys) {
				ch := MinChannel + (sat*5)%(MaxChannel-MinChannel+1)
				in = append(in, Interferer{Key: mustKey(t, e, s.Name, ch), PowerDBW: s.MinPowerDBW + float64(sat%4), System: x.sys})
			}
		}
	}
	return in
}

func TestDegradationErrors(t *testing.T) {
	e := catalogueEvaluator(t)
	v := mustKey(t, e, "L1CA", 0)
	good := []Interferer{{Key: v, PowerDBW: -158.5}}
	for name, fn := range map[string]func() error{
		"victim key": func() error { _, err := e.Degradation(-1, 0, good, DefaultN0DBWHz); return err },
		"victim big": func() error { _, err := e.Degradation(Key(e.Slots()), 0, good, DefaultN0DBWHz); return err },
		"interferer": func() error {
			_, err := e.Degradation(v, 0, []Interferer{{Key: 999, PowerDBW: -150}}, DefaultN0DBWHz)
			return err
		},
		"NaN power": func() error {
			_, err := e.Degradation(v, 0, []Interferer{{Key: v, PowerDBW: math.NaN()}}, DefaultN0DBWHz)
			return err
		},
		"Inf power (no overlap)": func() error {
			k := mustKey(t, e, "L5", 0)
			_, err := e.Degradation(v, 0, []Interferer{{Key: k, PowerDBW: math.Inf(1)}}, DefaultN0DBWHz)
			return err
		},
		"NaN N0": func() error { _, err := e.Degradation(v, 0, good, math.NaN()); return err },
		"Inf N0": func() error { _, err := e.Degradation(v, 0, good, math.Inf(-1)); return err },
	} {
		if err := fn(); !errors.Is(err, ErrDegradation) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := e.Key("L7", 0); err == nil {
		t.Error("unknown name accepted")
	}
	if _, err := e.Key("L1OF", 7); err == nil || !strings.Contains(err.Error(), "channel 7") {
		t.Errorf("channel 7: %v", err)
	}
	if _, err := e.KeyOf(-1, 0); err == nil {
		t.Error("index −1 accepted")
	}
	if _, _, err := e.Slot(-1); err == nil {
		t.Error("Slot(−1) accepted")
	}
	if k, ok := e.KappaPerHz(-1, 0); k != 0 || ok {
		t.Error("KappaPerHz(−1)")
	}
	l5, _ := Lookup("L5")
	for name, args := range map[string]struct {
		sigs []*Signal
		opt  EvaluatorOptions
	}{
		"empty":      {[]*Signal{}, EvaluatorOptions{}},
		"nil entry":  {[]*Signal{l5, nil}, EvaluatorOptions{}},
		"duplicate":  {[]*Signal{l5, l5}, EvaluatorOptions{}},
		"unknown rx": {[]*Signal{l5}, EvaluatorOptions{RxBandwidthMHz: map[string]float64{"E5a": 20}}},
		"zero rx":    {[]*Signal{l5}, EvaluatorOptions{RxBandwidthMHz: map[string]float64{"L5": 0}}},
		"NaN rx":     {[]*Signal{l5}, EvaluatorOptions{RxBandwidthMHz: map[string]float64{"L5": math.NaN()}}},
		"invalid":    {[]*Signal{{Name: "bad"}}, EvaluatorOptions{}},
	} {
		if _, err := NewEvaluator(args.sigs, args.opt); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// TestEvaluatorRxBandwidth: a narrower receiver band on the victim lowers
// κ of a wideband interferer (less of its power is collected) and matches
// SignalKappa with that bandwidth.
func TestEvaluatorRxBandwidth(t *testing.T) {
	l5, _ := Lookup("L5")
	e5, _ := Lookup("E5")
	e, err := NewEvaluator([]*Signal{l5, e5}, EvaluatorOptions{RxBandwidthMHz: map[string]float64{"L5": 2}})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := e.KappaPerHz(mustKey(t, e, "L5", 0), mustKey(t, e, "E5", 0))
	want, _ := SignalKappa(l5, 0, e5, 0, 2)
	wide, _ := SignalKappa(l5, 0, e5, 0, 0)
	if got != want.KappaPerHz || !(got < wide.KappaPerHz) {
		t.Errorf("κ %v, want %v (< %v)", got, want.KappaPerHz, wide.KappaPerHz)
	}
}

// TestSkyMatchesList: for every instance of a 160-instance sky as the
// victim, Sky.Degradation equals Evaluator.Degradation over the list of
// all other instances, to 1e-12 of the total interference (the sums are
// regrouped), and the victim satellite's own signal is excluded.
func TestSkyMatchesList(t *testing.T) {
	e := catalogueEvaluator(t)
	in := skyInterferers(t, e)
	// A QZSS satellite transmitting GPS signals, to exercise the system
	// split on shared slots.
	for _, s := range Interferers(ephemeris.GPS) {
		in = append(in, Interferer{Key: mustKey(t, e, s.Name, 0), PowerDBW: s.MinPowerDBW + 1, System: ephemeris.QZSS})
	}
	sky := e.NewSky()
	for round := 0; round < 2; round++ { // the second round checks Reset
		sky.Reset()
		for j := range in {
			in[j].PowerDBW += float64(round)
			if err := sky.Add(in[j].Key, in[j].PowerDBW, in[j].System); err != nil {
				t.Fatal(err)
			}
		}
		others := make([]Interferer, 0, len(in))
		for v := range in {
			others = append(others[:0], in[:v]...)
			others = append(others, in[v+1:]...)
			want, err := e.Degradation(in[v].Key, in[v].System, others, DefaultN0DBWHz)
			if err != nil {
				t.Fatal(err)
			}
			got, err := sky.Degradation(in[v].Key, in[v].System, in[v].PowerDBW, DefaultN0DBWHz)
			if err != nil {
				t.Fatal(err)
			}
			tol := 1e-12 * (want.IntraPerHz + want.InterPerHz + want.N0PerHz)
			if math.Abs(got.SelfPerHz-want.SelfPerHz) > tol || math.Abs(got.IntraPerHz-want.IntraPerHz) > tol || math.Abs(got.InterPerHz-want.InterPerHz) > tol {
				s, ch, _ := e.Slot(in[v].Key)
				t.Fatalf("victim %d (%s ch %d, %v): sky %+v, list %+v", v, s.Name, ch, in[v].System, got, want)
			}
		}
	}
	// A victim not in the sky: nothing removed.
	v := mustKey(t, e, "L1CA", 0)
	all, _ := e.Degradation(v, ephemeris.GPS, in, DefaultN0DBWHz)
	got, _ := sky.Degradation(v, ephemeris.GPS, math.Inf(-1), DefaultN0DBWHz)
	if math.Abs(got.TotalDB-all.TotalDB) > 1e-12 {
		t.Errorf("outside victim: %v vs %v", got.TotalDB, all.TotalDB)
	}
	allocs := testing.AllocsPerRun(100, func() {
		sky.Reset()
		for j := range in {
			_ = sky.Add(in[j].Key, in[j].PowerDBW, in[j].System)
		}
		for j := range in {
			if _, err := sky.Degradation(in[j].Key, in[j].System, in[j].PowerDBW, DefaultN0DBWHz); err != nil {
				t.Fatal(err)
			}
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per epoch", allocs)
	}
	for name, err := range map[string]error{
		"key":       sky.Add(-1, -150, 0),
		"NaN power": sky.Add(v, math.NaN(), 0),
		"system":    sky.Add(v, -150, ephemeris.System(200)),
		"victim":    func() error { _, err := sky.Degradation(Key(e.Slots()), 0, -150, DefaultN0DBWHz); return err }(),
		"N0":        func() error { _, err := sky.Degradation(v, 0, -150, math.NaN()); return err }(),
		"own +Inf":  func() error { _, err := sky.Degradation(v, 0, math.Inf(1), DefaultN0DBWHz); return err }(),
		"zero Sky":  (&Sky{}).Add(v, -150, 0),
		"zero Sky degradation": func() error {
			_, err := (&Sky{}).Degradation(v, 0, -150, DefaultN0DBWHz)
			return err
		}(),
		"zero Evaluator": func() error { _, err := (&Evaluator{}).Degradation(0, 0, nil, DefaultN0DBWHz); return err }(),
	} {
		if !errors.Is(err, ErrDegradation) {
			t.Errorf("%s: %v", name, err)
		}
	}
}
