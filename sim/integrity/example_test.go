package integrity_test

import (
	"fmt"
	"math"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/sim/integrity"
)

// Evaluate the ARAIM test geometry of Blanch et al. (2012), Appendix J, and
// check LPV-200.
func ExampleEvaluator_Evaluate() {
	cfg := integrity.DefaultConfig() // LPV-200, ADD rule, clock per constellation
	cfg.Rule = integrity.Rule2012    // the 2012 fault-mode rule of the paper
	ism := integrity.ISM{SigmaURAM: 0.75, SigmaUREM: 0.5, BNomM: 0.5, PSat: 1e-4, PConst: 1e-4}
	cfg.ISM = integrity.ISMSet{ephemeris.GPS: ism, ephemeris.Galileo: ism}
	gps, _ := integrity.DefaultUserModel(ephemeris.GPS)
	cfg.User = integrity.UserModels{ephemeris.GPS: gps, ephemeris.Galileo: gps}
	cfg.TolPLM = 0.001 // the paper's TOL_PL is 0.05 m

	ev, err := integrity.NewEvaluator(cfg) // reuse it: Evaluate then allocates nothing
	if err != nil {
		panic(err)
	}
	// rows of the published G: [−e_E, −e_N, −e_U, GPS clock, Galileo clock]
	rows := [][5]float64{
		{0.0225, 0.9951, -0.0966, 1, 0}, {0.6750, -0.6900, -0.2612, 1, 0},
		{0.0723, -0.6601, -0.7477, 1, 0}, {-0.9398, 0.2553, -0.2269, 1, 0},
		{-0.5907, -0.7539, -0.2877, 1, 0}, {-0.3236, -0.0354, -0.9455, 0, 1},
		{-0.6748, 0.4356, -0.5957, 0, 1}, {0.0938, -0.7004, -0.7075, 0, 1},
		{0.5571, 0.3088, -0.7709, 0, 1}, {0.6622, 0.6958, -0.2780, 0, 1},
	}
	var sats []integrity.Sat
	for _, r := range rows {
		sys := ephemeris.GPS
		if r[4] == 1 {
			sys = ephemeris.Galileo
		}
		sats = append(sats, integrity.Sat{System: sys, LOS: [3]float64{-r[0], -r[1], -r[2]}})
	}
	var res integrity.Result
	if err := ev.Evaluate(&res, sats); err != nil {
		panic(err)
	}
	fmt.Printf("modes %d, K_fa,3 %.4f\n", res.NumModes, res.KFaVert)
	fmt.Printf("VPL %.1f m, HPL %.1f m, EMT %.1f m, σ_v,acc %.2f m\n", res.VPLM, res.HPLM, res.EMTM, res.SigmaVAccM)
	fmt.Println("LPV-200:", res.Check(integrity.LPV200).OK())
	// Output:
	// modes 57, K_fa,3 5.3953
	// VPL 19.7 m, HPL 14.9 m, EMT 11.8 m, σ_v,acc 1.47 m
	// LPV-200: true
}

// The GLONASS and BeiDou defaults are assumptions; reports should say so.
func ExampleDefaultISM() {
	for _, s := range []ephemeris.System{ephemeris.GPS, ephemeris.BeiDou, ephemeris.GLONASS} {
		m, _ := integrity.DefaultISM(s)
		fmt.Printf("%-7s σ_URA %.1f m  P_sat %.0e  P_const %.0e  assumed %v\n", s.Title(), m.SigmaURAM, m.PSat, m.PConst, m.Assumed)
	}
	// Output:
	// GPS     σ_URA 1.0 m  P_sat 1e-05  P_const 1e-08  assumed false
	// BeiDou  σ_URA 1.5 m  P_sat 1e-05  P_const 1e-04  assumed true
	// GLONASS σ_URA 2.0 m  P_sat 1e-05  P_const 1e-04  assumed true
}

// Read ISM overrides (the library side of `gnssim integrity --ism FILE`).
func ExampleParseISM() {
	data := []byte(`
glonass:
  sigma_ura_m: 2.5
  p_sat: 1e-4
beidou:
  p_sat: -3e-5
`)
	_, err := integrity.ParseISM("study.yaml", data)
	fmt.Println(err)

	f, err := integrity.ParseISM("study.yaml", []byte("glonass: {sigma_ura_m: 2.5, p_sat: 1e-4}"), ephemeris.GLONASS)
	if err != nil {
		panic(err)
	}
	glo := f.ISM[ephemeris.GLONASS]
	fmt.Println(glo.SigmaURAM, glo.Assumed, glo.Source)
	// Output:
	// study.yaml:6: beidou.p_sat: probability -3e-05 outside (0, 1)
	// 2.5 true study.yaml over assumed study value (no GLONASS ISM is published)
}

// A solution-separation test on measurement residuals.
func ExampleEvaluator_Test() {
	ev, _ := integrity.NewEvaluator(integrity.DefaultConfig())
	var sats []integrity.Sat
	for i := 0; i < 16; i++ { // two rings of satellites, GPS and Galileo alternating
		sys := ephemeris.GPS
		if i%2 == 1 {
			sys = ephemeris.Galileo
		}
		el := []float64{15, 50}[i/8] * math.Pi / 180
		sats = append(sats, integrity.SatAzEl(sys, float64(i)*(2*math.Pi/8)+0.1*float64(i/8), el))
	}
	var res integrity.Result
	_ = ev.Evaluate(&res, sats)
	y := make([]float64, len(sats)) // residuals of a fault-free solution
	var ss integrity.SSResult
	_ = ev.Test(&ss, y)
	fmt.Println("clean:", ss.FaultDetected)
	y[3] = 60 // a 60 m fault on satellite 3
	_ = ev.Test(&ss, y)
	fmt.Println("faulted:", ss.FaultDetected)
	// Output:
	// clean: false
	// faulted: true
}
