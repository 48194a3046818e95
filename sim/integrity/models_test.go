package integrity_test

import (
	"math"
	"testing"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/sim/integrity"
)

func TestGamma(t *testing.T) {
	// γ = (f1⁴ + f2⁴)/(f1² − f2²)², evaluated independently in factored form
	// (f1/f2)⁴ + 1 over ((f1/f2)² − 1)². For L1/L5 √γ = 2.5883, the "2.59"
	// usually quoted for the L1/L5 iono-free noise amplification.
	for _, c := range []struct {
		sys    ephemeris.System
		f1, f2 float64
	}{
		{ephemeris.GPS, 1575.42, 1176.45},
		{ephemeris.Galileo, 1575.42, 1176.45},
		{ephemeris.BeiDou, 1575.42, 1176.45},
		{ephemeris.QZSS, 1575.42, 1176.45},
		{ephemeris.GLONASS, 1600.995, 1202.025},
	} {
		m, ok := integrity.DefaultUserModel(c.sys)
		if !ok || m.F1MHz != c.f1 || m.F2MHz != c.f2 {
			t.Fatalf("%v: %+v", c.sys, m)
		}
		r := c.f1 / c.f2
		want := (r*r*r*r + 1) / ((r*r - 1) * (r*r - 1))
		if g := m.Gamma(); math.Abs(g/want-1) > 1e-14 {
			t.Errorf("%v: γ = %.15g, want %.15g", c.sys, g, want)
		}
		if err := m.Validate(); err != nil {
			t.Error(err)
		}
	}
	gps, _ := integrity.DefaultUserModel(ephemeris.GPS)
	if s := math.Sqrt(gps.Gamma()); math.Abs(s-2.59) > 0.005 {
		t.Errorf("√γ(L1/L5) = %.6f, want 2.59", s)
	}
	glo, _ := integrity.DefaultUserModel(ephemeris.GLONASS)
	// ratio 1600.995/1202.025 = 1.3319 (vs 1.3391 for L1/L5): a slightly
	// larger γ
	if !(glo.Gamma() > gps.Gamma()) {
		t.Errorf("γ(L1OC/L3OC) = %g ≤ γ(L1/L5) = %g", glo.Gamma(), gps.Gamma())
	}
	for _, s := range []ephemeris.System{ephemeris.NavIC, ephemeris.SBAS, ephemeris.SystemUnknown} {
		if _, ok := integrity.DefaultUserModel(s); ok {
			t.Errorf("%v has a default user model", s)
		}
	}
}

func TestAirborneCurves(t *testing.T) {
	// The GPS airborne curves of [B12] at 90°: σ_MP = 0.13 + 0.53·e⁻⁹ = 0.13007, σ_noise =
	// 0.15 + 0.43·e^(−90/6.9) = 0.15000093; at 0°: 0.66 and 0.58.
	for _, c := range []struct{ el, mp, noise float64 }{
		{0, 0.66, 0.58},
		{90, 0.13 + 0.53*math.Exp(-9), 0.15 + 0.43*math.Exp(-90/6.9)},
		{10, 0.13 + 0.53/math.E, 0.15 + 0.43*math.Exp(-10/6.9)},
	} {
		if v := integrity.MultipathSigmaM(c.el); math.Abs(v-c.mp) > 1e-15 {
			t.Errorf("σ_MP(%g) = %g, want %g", c.el, v, c.mp)
		}
		if v := integrity.GPSNoiseSigmaM(c.el); math.Abs(v-c.noise) > 1e-15 {
			t.Errorf("σ_noise(%g) = %g, want %g", c.el, v, c.noise)
		}
	}
	// Galileo table: grid points exactly, linear in between, held outside.
	table := []float64{0.4529, 0.3553, 0.3063, 0.2638, 0.2593, 0.2555, 0.2504, 0.2438, 0.2396,
		0.2359, 0.2339, 0.2302, 0.2295, 0.2278, 0.2297, 0.2310, 0.2274, 0.2277}
	for i, v := range table {
		el := 5 * float64(i+1)
		if g := integrity.GalileoNoiseSigmaM(el); math.Abs(g-v) > 1e-15 {
			t.Errorf("Galileo σ_noise(%g°) = %g, want %g", el, g, v)
		}
		if i+1 < len(table) {
			if g := integrity.GalileoNoiseSigmaM(el + 2.5); math.Abs(g-(v+table[i+1])/2) > 1e-15 {
				t.Errorf("Galileo σ_noise(%g°) = %g, want midpoint", el+2.5, g)
			}
		}
	}
	if integrity.GalileoNoiseSigmaM(1) != 0.4529 || integrity.GalileoNoiseSigmaM(91) != 0.2277 {
		t.Error("Galileo table not held outside 5°–90°")
	}
	// Troposphere: σ = 0.12·1.001/√(0.002001 + sin²θ): 0.12012 m at zenith
	// (sin²θ = 1 → 1.001/√1.002001 = 1.000000), 2.6854 m at 0°.
	if v := math.Sqrt(integrity.TropoVarianceM2(0.12, 1)); math.Abs(v-0.12) > 1e-12 {
		t.Errorf("σ_tropo(90°) = %.12g", v)
	}
	if v := math.Sqrt(integrity.TropoVarianceM2(0.12, 0)); math.Abs(v-0.12*1.001/math.Sqrt(0.002001)) > 1e-12 {
		t.Errorf("σ_tropo(0°) = %.12g", v)
	}
	// the model's combination
	gal := integrity.UserModel{F1MHz: 1575.42, F2MHz: 1176.45, Noise: integrity.NoiseGalileoTable}
	el := 20.0
	mp, no := integrity.MultipathSigmaM(el), integrity.GalileoNoiseSigmaM(el)
	if v := gal.VarianceM2(el); math.Abs(v-gal.Gamma()*(mp*mp+no*no)) > 1e-15 {
		t.Errorf("Galileo-table σ²_user(20°) = %g", v)
	}
	if integrity.NoiseGPS.String() != "gps" || integrity.NoiseGalileoTable.String() != "galileo-table" {
		t.Error("NoiseCurve names")
	}
}

// The default ISM and user models flag what is assumed.
func TestDefaultsProvenance(t *testing.T) {
	for _, c := range []struct {
		sys     ephemeris.System
		assumed bool
	}{{ephemeris.GPS, false}, {ephemeris.Galileo, false}, {ephemeris.GLONASS, true}, {ephemeris.BeiDou, true}, {ephemeris.QZSS, true}} {
		m, ok := integrity.DefaultISM(c.sys)
		if !ok || m.Assumed != c.assumed || m.Source == "" {
			t.Errorf("%v ISM: %+v", c.sys, m)
		}
		if err := m.Validate(); err != nil {
			t.Errorf("%v: %v", c.sys, err)
		}
		u, _ := integrity.DefaultUserModel(c.sys)
		if u.Source == "" || (c.sys == ephemeris.GLONASS || c.sys == ephemeris.BeiDou) && !u.Assumed {
			t.Errorf("%v user model: %+v", c.sys, u)
		}
	}
	if len(integrity.DefaultISMSet()) != 5 || len(integrity.DefaultUserModels()) != 5 {
		t.Error("default sets")
	}
	if got := integrity.DefaultISMSet().SortedSystems(); len(got) != 5 || got[0] != ephemeris.GLONASS {
		t.Errorf("SortedSystems = %v", got)
	}
}

func TestISMValidate(t *testing.T) {
	ok := integrity.ISM{SigmaURAM: 1, SigmaUREM: 0.5, BNomM: 0, PSat: 1e-5, PConst: 1e-8}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	for i, f := range []func(*integrity.ISM){
		func(m *integrity.ISM) { m.SigmaURAM = -1 },
		func(m *integrity.ISM) { m.SigmaUREM = math.NaN() },
		func(m *integrity.ISM) { m.BNomM = math.Inf(1) },
		func(m *integrity.ISM) { m.PSat = 0 },
		func(m *integrity.ISM) { m.PSat = 1 },
		func(m *integrity.ISM) { m.PConst = -1e-8 },
		func(m *integrity.ISM) { m.PConst = math.NaN() },
	} {
		m := ok
		f(&m)
		if m.Validate() == nil {
			t.Errorf("case %d accepted: %+v", i, m)
		}
	}
}
