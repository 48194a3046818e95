package integrity_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/sim/integrity"
)

func TestParseISMExample(t *testing.T) {
	data, err := os.ReadFile("testdata/ism-example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	f, err := integrity.ParseISM("ism-example.yaml", data, ephemeris.GLONASS, ephemeris.BeiDou)
	if err != nil {
		t.Fatal(err)
	}
	glo := f.ISM[ephemeris.GLONASS]
	if glo.SigmaURAM != 2.5 || glo.SigmaUREM != 1.6 || glo.BNomM != 1 || glo.PSat != 1e-4 || glo.PConst != 1e-4 ||
		glo.Assumed || !strings.HasPrefix(glo.Source, "study assumption") {
		t.Errorf("glonass: %+v", glo)
	}
	bds := f.ISM[ephemeris.BeiDou]
	def, _ := integrity.DefaultISM(ephemeris.BeiDou)
	if bds.SigmaURAM != 1.5 || bds.PSat != 3e-5 || bds.SigmaUREM != def.SigmaUREM || bds.PConst != def.PConst ||
		!bds.Assumed || !strings.Contains(bds.Source, "ism-example.yaml over ") {
		t.Errorf("beidou (partial override keeps defaults and the assumed flag): %+v", bds)
	}
	if u := f.User[ephemeris.Galileo]; u.Noise != integrity.NoiseGalileoTable || u.F1MHz != 1575.42 || u.Source != "ism-example.yaml:19" {
		t.Errorf("galileo user model: %+v", u)
	}
	if f.ISM[ephemeris.GPS] != mustDefault(ephemeris.GPS) {
		t.Error("gps changed")
	}
	if len(f.Systems) != 3 || f.Systems[0] != ephemeris.GLONASS {
		t.Errorf("systems %v", f.Systems)
	}
	cfg := integrity.DefaultConfig()
	cfg.ISM, cfg.User = f.ISM, f.User
	if _, err := integrity.NewEvaluator(cfg); err != nil {
		t.Fatal(err)
	}
}

func mustDefault(s ephemeris.System) integrity.ISM {
	m, _ := integrity.DefaultISM(s)
	return m
}

func TestParseISMJSON(t *testing.T) {
	f, err := integrity.ParseISM("ism.json", []byte(`{"gps": {"sigma_ura_m": 0.75, "sigma_ure_m": 0.5, "b_nom_m": 0.5,
  "p_sat": 1e-4, "p_const": 1e-4}, "E": {"p_const": 2e-4}}`))
	if err != nil {
		t.Fatal(err)
	}
	g := f.ISM[ephemeris.GPS]
	if g.SigmaURAM != 0.75 || g.PSat != 1e-4 || g.Assumed || g.Source != "ism.json" {
		t.Errorf("gps: %+v", g)
	}
	if f.ISM[ephemeris.Galileo].PConst != 2e-4 {
		t.Error("galileo by letter")
	}
}

func TestParseISMErrors(t *testing.T) {
	for _, c := range []struct {
		name, data string
		require    []ephemeris.System
		want       string // substring: file:line: field: message
	}{
		{"empty", "", nil, "f.yaml: empty document"},
		{"comment only", "# nothing\n", nil, "f.yaml: empty document"},
		{"not a mapping", "- gps\n", nil, "f.yaml:1: the top level must map"},
		{"unknown system", "gps:\n  p_sat: 1e-5\ngalilei:\n  p_sat: 1e-5\n", nil, `f.yaml:3: unknown system "galilei"`},
		{"duplicate system", "gps:\n  p_sat: 1e-5\nG:\n  p_sat: 2e-5\n", nil, "f.yaml:3: system gps given twice (first at line 1)"},
		{"unknown key", "gps:\n  sigma_ura: 1\n", nil, `f.yaml:2: gps: unknown key "sigma_ura"`},
		{"duplicate key", "gps:\n  p_sat: 1e-5\n  p_sat: 2e-5\n", nil, "f.yaml:3: gps.p_sat: duplicate key (first at line 2)"},
		{"negative sigma", "gps:\n  sigma_ura_m: -1\n", nil, "f.yaml:2: gps.sigma_ura_m: -1 must be ≥ 0"},
		{"probability 1", "beidou:\n  p_const: 1\n", nil, "f.yaml:2: beidou.p_const: probability 1 outside (0, 1)"},
		{"probability 0", "beidou:\n  p_sat: 0\n", nil, "f.yaml:2: beidou.p_sat: probability 0 outside (0, 1)"},
		{"string number", "gps:\n  p_sat: \"1e-5\"\n", nil, `f.yaml:2: gps.p_sat: "1e-5" is not a number`},
		{"word", "gps:\n  b_nom_m: half\n", nil, `f.yaml:2: gps.b_nom_m: "half" is not a number`},
		{"infinite", "gps:\n  sigma_ure_m: .inf\n", nil, `f.yaml:2: gps.sigma_ure_m: ".inf" is not a finite number`},
		{"NaN", "gps:\n  sigma_ure_m: .nan\n", nil, `is not a finite number`},
		{"sequence value", "gps:\n  p_sat: [1, 2]\n", nil, "f.yaml:2: gps.p_sat: want a number, got a sequence"},
		{"system not mapping", "gps: 1\n", nil, "f.yaml:1: gps: want a mapping"},
		{"bad assumed", "gps:\n  assumed: maybe\n", nil, "f.yaml:2: gps.assumed: want true or false"},
		{"bad noise", "gps:\n  user:\n    noise: loud\n", nil, `f.yaml:3: gps.user.noise: unknown noise curve "loud"`},
		{"bad user key", "gps:\n  user:\n    f3_mhz: 1\n", nil, `f.yaml:3: gps.user: unknown key "f3_mhz"`},
		{"equal frequencies", "gps:\n  user:\n    f2_mhz: 1575.42\n", nil, "f.yaml:3: gps.user: user model frequencies must differ"},
		{"no default", "navic:\n  p_sat: 1e-5\n", nil, "f.yaml:1: navic.sigma_ura_m: missing (navic has no default ISM)"},
		{"no default user", "sbas:\n  sigma_ura_m: 1\n  sigma_ure_m: 1\n  b_nom_m: 1\n  p_sat: 1e-5\n  p_const: 1e-5\n", nil, "f.yaml:1: sbas.user: missing (sbas has no default user model)"},
		{"missing required", "gps:\n  p_sat: 1e-5\n", []ephemeris.System{ephemeris.GLONASS, ephemeris.BeiDou}, "f.yaml: missing required system(s) glonass, beidou"},
		{"two documents", "gps:\n  p_sat: 1e-5\n---\nbeidou:\n  p_sat: 1e-5\n", nil, "more than one YAML document"},
		{"syntax", "gps:\n  p_sat: [1e-5\n", nil, "f.yaml: yaml:"},
	} {
		_, err := integrity.ParseISM("f.yaml", []byte(c.data), c.require...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want %q", c.name, err, c.want)
			continue
		}
		var pe *integrity.ParseError
		if !errors.As(err, &pe) || pe.File != "f.yaml" {
			t.Errorf("%s: not a *ParseError: %T", c.name, err)
		}
	}
}
