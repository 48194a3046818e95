package integrity_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/sim/integrity"
)

func mustEvaluator(t testing.TB, cfg integrity.Config) *integrity.Evaluator {
	t.Helper()
	ev, err := integrity.NewEvaluator(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

func TestUnavailable(t *testing.T) {
	gpsOnly := func(n int) []integrity.Sat { return skyGeometry(3, n, ephemeris.GPS) }
	same := make([]integrity.Sat, 8)
	for i := range same {
		same[i] = integrity.SatAzEl(ephemeris.GPS, 1, 0.7)
	}
	cases := []struct {
		name string
		cfg  func(*integrity.Config)
		sats []integrity.Sat
		want integrity.Reason
	}{
		{"no satellites", nil, nil, integrity.ReasonTooFewSatellites},
		// 3 position + 2 clocks = 5 unknowns: 4 satellites over 2 systems
		{"too few per-system", nil, skyGeometry(1, 4, ephemeris.GPS, ephemeris.Galileo), integrity.ReasonTooFewSatellites},
		{"identical lines of sight", nil, same, integrity.ReasonSingularGeometry},
		// GPS alone: the constellation-fault mode (P_const 1e-8 ≤ P_THRES is
		// fine), but Galileo alone (P_const 1e-4 > P_THRES) cannot be
		// monitored: excluding it leaves nothing
		{"constellation fault unmonitorable", nil, skyGeometry(4, 12, ephemeris.Galileo), integrity.ReasonUnmonitorable},
		{"2012 constellation pair", func(c *integrity.Config) {
			c.Rule = integrity.Rule2012
			c.ISM = integrity.DefaultISMSet()
			g := c.ISM[ephemeris.GPS]
			g.PConst = 1e-2 // P(both constellations) = 1e-2·1e-4 > 4e-8
			c.ISM[ephemeris.GPS] = g
		}, skyGeometry(5, 20, ephemeris.GPS, ephemeris.Galileo), integrity.ReasonUnmonitorable},
		{"too many modes", func(c *integrity.Config) { c.MaxModes = 5 }, skyGeometry(6, 20, ephemeris.GPS, ephemeris.Galileo), integrity.ReasonTooManyModes},
		{"budget", func(c *integrity.Config) { c.Service.PThres = 1e-3 }, skyGeometry(7, 20, ephemeris.GPS, ephemeris.Galileo), integrity.ReasonBudget},
	}
	_ = gpsOnly
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := integrity.DefaultConfig()
			if c.cfg != nil {
				c.cfg(&cfg)
			}
			ev := mustEvaluator(t, cfg)
			var res integrity.Result
			if err := ev.Evaluate(&res, c.sats); err != nil {
				t.Fatal(err)
			}
			if res.Available || res.Reason != c.want {
				t.Fatalf("available %v reason %v, want unavailable: %v", res.Available, res.Reason, c.want)
			}
			for _, v := range []float64{res.VPLM, res.HPLM, res.HPLEastM, res.HPLNorthM, res.EMTM, res.SigmaVAccM} {
				if !math.IsNaN(v) {
					t.Errorf("unavailable result carries a number: %+v", res)
				}
			}
			if res.Check(integrity.LPV200).OK() {
				t.Error("unavailable result passes the service check")
			}
			if _, err := ev.AppendModes(nil); !errors.Is(err, integrity.ErrNoEvaluation) {
				t.Errorf("AppendModes after unavailable: %v", err)
			}
		})
	}
	// GPS alone is available: its constellation fault (1e-8) need not be monitored.
	ev := mustEvaluator(t, integrity.DefaultConfig())
	var res integrity.Result
	if err := ev.Evaluate(&res, gpsOnly(12)); err != nil || !res.Available {
		t.Fatalf("GPS alone: %v %v", err, res.Reason)
	}
}

func TestBadInput(t *testing.T) {
	ev := mustEvaluator(t, integrity.DefaultConfig())
	good := skyGeometry(8, 12, ephemeris.GPS, ephemeris.Galileo)
	for _, c := range []struct {
		name string
		mod  func(s *integrity.Sat)
		want string
	}{
		{"NaN", func(s *integrity.Sat) { s.LOS[0] = math.NaN() }, "not a unit vector"},
		{"Inf", func(s *integrity.Sat) { s.LOS[2] = math.Inf(1) }, "not a unit vector"},
		{"not unit", func(s *integrity.Sat) { s.LOS[0] *= 1.1; s.LOS[1] *= 1.1 }, "not a unit vector"},
		{"degrees", func(s *integrity.Sat) { s.LOS = [3]float64{0, 30, 45} }, "not a unit vector"},
		{"below horizon", func(s *integrity.Sat) { s.LOS[2] = -s.LOS[2] }, "below the horizon"},
		{"no ISM", func(s *integrity.Sat) { s.System = ephemeris.NavIC }, "no ISM"},
		{"unknown system", func(s *integrity.Sat) { s.System = ephemeris.System(200) }, "no ISM"},
	} {
		sats := append([]integrity.Sat(nil), good...)
		c.mod(&sats[3])
		var res integrity.Result
		err := ev.Evaluate(&res, sats)
		if err == nil || !strings.Contains(err.Error(), c.want) || !errors.Is(err, integrity.ErrBadGeometry) {
			t.Errorf("%s: err = %v", c.name, err)
		}
		if res.Available || res.Reason != integrity.ReasonInvalidInput {
			t.Errorf("%s: available %v, reason %v", c.name, res.Available, res.Reason)
		}
	}
	many := skyGeometry(9, integrity.MaxSats+1, ephemeris.GPS, ephemeris.Galileo)
	var res integrity.Result
	if err := ev.Evaluate(&res, many); err == nil || !errors.Is(err, integrity.ErrBadGeometry) {
		t.Errorf("%d satellites: %v", len(many), err)
	}
}

func TestConfigValidation(t *testing.T) {
	bad := []func(*integrity.Config){
		func(c *integrity.Config) { c.TolPLM = 0 },
		func(c *integrity.Config) { c.TolPLM = math.NaN() },
		func(c *integrity.Config) { c.ISBSigmaM = -1 },
		func(c *integrity.Config) { c.ISBSigmaM = math.NaN() },
		func(c *integrity.Config) { c.MaxModes = 0 },
		func(c *integrity.Config) { c.Rule = 7 },
		func(c *integrity.Config) { c.TropoZenithSigmaM = -0.1 },
		func(c *integrity.Config) { c.Service.PHMIHor = 0 },
		func(c *integrity.Config) { c.Service.PThres = 1 },
		func(c *integrity.Config) { c.Service.VALM = math.NaN() },
		func(c *integrity.Config) {
			c.ISM = integrity.ISMSet{ephemeris.GPS: {SigmaURAM: 1, SigmaUREM: 1, BNomM: 0, PSat: 1, PConst: 1e-8}}
		},
		func(c *integrity.Config) {
			c.ISM = integrity.ISMSet{ephemeris.GPS: {SigmaURAM: -1, SigmaUREM: 1, BNomM: 0, PSat: 1e-5, PConst: 1e-8}}
		},
		func(c *integrity.Config) {
			c.User = integrity.UserModels{ephemeris.GPS: {F1MHz: 1575.42, F2MHz: 1575.42}}
		},
	}
	for i, f := range bad {
		cfg := integrity.DefaultConfig()
		f(&cfg)
		if _, err := integrity.NewEvaluator(cfg); err == nil {
			t.Errorf("case %d: no error", i)
		}
	}
	if _, err := integrity.NewEvaluator(integrity.Config{}); err == nil {
		t.Error("zero Config accepted")
	}
}

// Evaluate allocates nothing once warmed up, whatever the rule, clock
// model or geometry size (up to the largest seen).
func TestEvaluateZeroAlloc(t *testing.T) {
	for _, c := range []struct {
		rule integrity.Rule
		isb  float64
		bias bool
	}{{integrity.RuleADD, math.Inf(1), false}, {integrity.Rule2012, math.Inf(1), false}, {integrity.RuleADD, 3, true}, {integrity.RuleADD, 0, false}} {
		cfg := integrity.DefaultConfig()
		cfg.Rule, cfg.ISBSigmaM, cfg.ThresholdBias = c.rule, c.isb, c.bias
		ev := mustEvaluator(t, cfg)
		geos := [][]integrity.Sat{
			skyGeometry(11, 38, ephemeris.GPS, ephemeris.Galileo),
			skyGeometry(12, 25, ephemeris.BeiDou, ephemeris.GLONASS, ephemeris.GPS),
			skyGeometry(13, 14, ephemeris.GPS),
		}
		var res integrity.Result
		var ss integrity.SSResult
		y := make([]float64, 38)
		for _, g := range geos {
			_ = ev.Evaluate(&res, g)
			_ = ev.Test(&ss, y[:len(g)])
		}
		k := 0
		allocs := testing.AllocsPerRun(20, func() {
			g := geos[k%len(geos)]
			k++
			if err := ev.Evaluate(&res, g); err != nil {
				t.Fatal(err)
			}
			if res.Available {
				if err := ev.Test(&ss, y[:len(g)]); err != nil {
					t.Fatal(err)
				}
			}
		})
		if allocs != 0 {
			t.Errorf("%+v: %g allocations per evaluation", c, allocs)
		}
	}
}

func resultBits(r integrity.Result) []uint64 {
	var out []uint64
	for _, v := range []float64{r.VPLM, r.HPLM, r.HPLEastM, r.HPLNorthM, r.EMTM, r.SigmaVAccM, r.PNotMonitored, r.KFaVert, r.KFaHor} {
		out = append(out, math.Float64bits(v))
	}
	return append(out, uint64(r.NumModes), uint64(r.Reason))
}

func sameBits(a, b []uint64) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return len(a) == len(b)
}

// Same inputs give bit-identical outputs, whatever was evaluated before.
func TestDeterministic(t *testing.T) {
	rng := newRand(99)
	for trial := 0; trial < 100; trial++ {
		cfg, sats := randomCase(rng)
		_, other := randomCase(rng)
		ev1, ev2 := mustEvaluator(t, cfg), mustEvaluator(t, cfg)
		var r1, r2, r3 integrity.Result
		_ = ev1.Evaluate(&r1, sats)
		_ = ev2.Evaluate(&r2, other)
		_ = ev2.Evaluate(&r2, sats)
		_ = ev2.Evaluate(&r3, sats)
		if !sameBits(resultBits(r1), resultBits(r2)) || !sameBits(resultBits(r1), resultBits(r3)) {
			t.Fatalf("trial %d: results differ:\n%+v\n%+v\n%+v", trial, r1, r2, r3)
		}
	}
}

// Bounding the nominal biases of modes that cannot matter gives results
// bit-identical to computing every b_k; pruning negligible terms changes the
// protection levels by less than TolPLM + 1e-8 m (solvePL's guarantee).
func TestBoundedVsFull(t *testing.T) {
	rng := newRand(5)
	cases := 400
	if testing.Short() {
		cases = 100
	}
	skipped, total := 0, 0
	var maxPrune float64 // max |pruned − all terms|
	for trial := 0; trial < cases; trial++ {
		cfg, sats := randomCase(rng)
		cfg.TolPLM = []float64{1e-9, 0.05}[trial%2]
		fast := mustEvaluator(t, cfg)
		full := mustEvaluator(t, cfg)
		full.SetBound(false)
		noPrune := mustEvaluator(t, cfg)
		noPrune.SetPrune(false)
		var a, b, c integrity.Result
		_ = fast.Evaluate(&a, sats)
		_ = full.Evaluate(&b, sats)
		_ = noPrune.Evaluate(&c, sats)
		if !sameBits(resultBits(a), resultBits(b)) {
			t.Fatalf("trial %d: bounded %+v\nfull %+v", trial, a, b)
		}
		if a.Available {
			skipped += a.NumModes - fast.ExactBiases()
			total += a.NumModes
		}
		for _, p := range [][2]float64{{a.VPLM, c.VPLM}, {a.HPLEastM, c.HPLEastM}, {a.HPLNorthM, c.HPLNorthM}} {
			if math.IsNaN(p[0]) && math.IsNaN(p[1]) {
				continue
			}
			d := math.Abs(p[0] - p[1])
			maxPrune = math.Max(maxPrune, d)
			if !(d <= cfg.TolPLM+1e-8) {
				t.Fatalf("trial %d: pruned %g vs all terms %g (tol %g)", trial, p[0], p[1], cfg.TolPLM)
			}
		}
	}
	t.Logf("b_k bounded instead of computed for %d of %d modes; max |pruned − all terms| = %.3g m", skipped, total, maxPrune)
}

func TestServiceCheck(t *testing.T) {
	r := integrity.Result{Available: true, VPLM: 30, HPLM: 39, EMTM: 14, SigmaVAccM: 1.8}
	if c := r.Check(integrity.LPV200); !c.OK() {
		t.Errorf("LPV-200: %+v", c)
	}
	for _, m := range []func(*integrity.Result){
		func(r *integrity.Result) { r.VPLM = 35.01 },
		func(r *integrity.Result) { r.HPLM = 40.5 },
		func(r *integrity.Result) { r.EMTM = 15.2 },
		func(r *integrity.Result) { r.SigmaVAccM = 1.9 },
	} {
		rr := r
		m(&rr)
		if rr.Check(integrity.LPV200).OK() {
			t.Errorf("%+v passes LPV-200", rr)
		}
	}
	// LPV-250: VAL 50, no EMT limit
	r2 := integrity.Result{Available: true, VPLM: 45, HPLM: 39, EMTM: 30, SigmaVAccM: 3}
	if !r2.Check(integrity.LPV250).OK() || r2.Check(integrity.LPV200).OK() {
		t.Error("LPV-250 check")
	}
	// horizontal services ignore the vertical
	r3 := integrity.Result{Available: true, VPLM: math.NaN(), HPLM: 500, EMTM: math.NaN(), SigmaVAccM: math.NaN()}
	if !r3.Check(integrity.RNP03).OK() || r3.Check(integrity.RNP01).OK() {
		t.Error("RNP checks")
	}
}

func TestParseService(t *testing.T) {
	for in, want := range map[string]string{
		"LPV-200": "LPV-200", "lpv200": "LPV-200", " Lpv_200 ": "LPV-200", "LPV-250": "LPV-250",
		"RNP-0.3": "RNP-0.3", "rnp03": "RNP-0.3", "rnp 0.1": "RNP-0.1", "RNP0.1": "RNP-0.1",
	} {
		s, err := integrity.ParseService(in)
		if err != nil || s.Name != want {
			t.Errorf("ParseService(%q) = %q, %v", in, s.Name, err)
		}
	}
	for _, in := range []string{"", "lpv", "rnp1", "LPV-2000"} {
		if _, err := integrity.ParseService(in); err == nil {
			t.Errorf("ParseService(%q) accepted", in)
		}
	}
	for _, s := range integrity.Services() {
		if err := s.Validate(); err != nil {
			t.Error(err)
		}
	}
	// LPV-200 figures: appendix-j.md requirement parameters ([B12]), ICAO
	// Annex 10 limits (VAL 35 m, HAL 40 m, EMT 15 m, σ_v,acc 1.87 m).
	l := integrity.LPV200
	if l.VALM != 35 || l.HALM != 40 || l.EMTMaxM != 15 || l.SigmaVAccMaxM != 1.87 ||
		l.PHMIVert != 9.8e-8 || l.PHMIHor != 2e-9 || l.PFAVert != 3.9e-6 || l.PFAHor != 9e-8 ||
		l.PThres != 8e-8 || l.PThresSat != 4e-8 || l.PThresConst != 4e-8 || l.PEMT != 1e-5 {
		t.Errorf("LPV-200 = %+v", l)
	}
	if integrity.RNP03.HALM != 556 || integrity.RNP01.HALM != 185 || integrity.RNP03.Vertical() {
		t.Error("RNP services")
	}
}

func TestParseRule(t *testing.T) {
	for in, want := range map[string]integrity.Rule{"add": integrity.RuleADD, "ADD": integrity.RuleADD, "2012": integrity.Rule2012} {
		if r, err := integrity.ParseRule(in); err != nil || r != want || r.String() != strings.ToLower(in) {
			t.Errorf("ParseRule(%q) = %v, %v", in, r, err)
		}
	}
	if _, err := integrity.ParseRule("blanch"); err == nil {
		t.Error("accepted")
	}
}
