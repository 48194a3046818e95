package integrity

import (
	"fmt"
	"math"

	"github.com/gnssim/gnssim/ephemeris"
)

// ISM is the integrity support message content for one constellation
// (Blanch et al. 2012 and the WG-C ADD, integrity support message).
//
//   - SigmaURAM: σ of the clock and ephemeris error used for integrity, m.
//   - SigmaUREM: σ of the clock and ephemeris error used for accuracy and
//     continuity, m.
//   - BNomM: maximum nominal bias used for integrity, m.
//   - PSat: prior probability of a fault of each satellite.
//   - PConst: prior probability of a constellation-wide fault.
//
// Assumed marks values that no operator publishes (GLONASS, BeiDou and QZSS
// defaults are study assumptions); Source says where the values come from.
// Reports should print both.
type ISM struct {
	SigmaURAM float64
	SigmaUREM float64
	BNomM     float64
	PSat      float64
	PConst    float64
	Assumed   bool
	Source    string
}

// Validate reports σ or b_nom negative or not finite, and probabilities
// outside the open interval (0, 1).
func (m ISM) Validate() error {
	for _, f := range []struct {
		name string
		v    float64
	}{{"sigma_ura_m", m.SigmaURAM}, {"sigma_ure_m", m.SigmaUREM}, {"b_nom_m", m.BNomM}} {
		if !(f.v >= 0) || math.IsInf(f.v, 0) {
			return fmt.Errorf("%s = %g: must be a finite number ≥ 0", f.name, f.v)
		}
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"p_sat", m.PSat}, {"p_const", m.PConst}} {
		if !(f.v > 0 && f.v < 1) {
			return fmt.Errorf("%s = %g: a probability must lie strictly between 0 and 1", f.name, f.v)
		}
	}
	return nil
}

// ISMSet maps systems to their ISM.
type ISMSet map[ephemeris.System]ISM

// DefaultISM returns gnssim's default ISM for sys, and false for systems
// without one (NavIC, SBAS, unknown).
//
// GPS and Galileo carry the baseline ISM of the WG-C ARAIM Technical
// Subgroup availability simulations (Milestone 3 report, 2016; Blanch et al.
// 2015): σ_URA 1 m, σ_URE 2/3 m, b_nom 0.75 m, P_sat 1e-5, P_const 1e-8 (GPS)
// or 1e-4 (Galileo).
//
// No operator broadcasts or publishes an ISM for BeiDou, GLONASS or QZSS; their
// defaults are assumed study values (Assumed is true), chosen to be no less
// conservative than the GPS/Galileo baseline:
//
//   - BeiDou (BDS-3, B1C/B2a): σ_URA 1.5 m, σ_URE 1 m, b_nom 0.75 m,
//     P_sat 1e-5, P_const 1e-4. Multi-GNSS signal-in-space assessments
//     report BDS-3 broadcast orbit and clock errors at about the level of
//     GPS, so P_sat takes the GPS value; σ_URA is 1.5 times the baseline
//     because no commitment or monitored URA stands behind it, and P_const
//     is the value the WG-C baseline gives a constellation without a long
//     fault record (Galileo).
//   - GLONASS (L1OC/L3OC): σ_URA 2 m, σ_URE 4/3 m, b_nom 1 m, P_sat 1e-5,
//     P_const 1e-4. GLONASS broadcast signal-in-space errors are reported
//     at several times those of GPS (e.g. Montenbruck et al., Adv. Space
//     Res. 61, 2018: of order 1.5–2 m RMS against about 0.5 m), hence σ_URA
//     twice the baseline, which carries the larger nominal errors; P_sat
//     keeps the baseline 1e-5 of the multi-constellation availability
//     studies (with it the ADD rule monitors single satellites and the
//     constellations, ~75 modes for 38 GLONASS+BeiDou satellites; a study
//     that assumes 1e-4 sets it with --ism and then monitors satellite pairs,
//     ~10× slower); P_const 1e-4 acknowledges the constellation-wide
//     ephemeris fault of 1–2 April 2014.
//   - QZSS (L1/L5): the GPS baseline (its service commitments mirror GPS's),
//     with P_const 1e-4 as an independently operated small constellation.
//
// Every value can be overridden (Config.ISM, ParseISM).
func DefaultISM(sys ephemeris.System) (ISM, bool) {
	const wgc = "WG-C ARAIM TSG baseline ISM (Milestone 3 report 2016; Blanch et al. 2015)"
	switch sys {
	case ephemeris.GPS:
		return ISM{SigmaURAM: 1, SigmaUREM: 2.0 / 3, BNomM: 0.75, PSat: 1e-5, PConst: 1e-8, Source: wgc}, true
	case ephemeris.Galileo:
		return ISM{SigmaURAM: 1, SigmaUREM: 2.0 / 3, BNomM: 0.75, PSat: 1e-5, PConst: 1e-4, Source: wgc}, true
	case ephemeris.BeiDou:
		return ISM{SigmaURAM: 1.5, SigmaUREM: 1, BNomM: 0.75, PSat: 1e-5, PConst: 1e-4, Assumed: true,
			Source: "assumed study value (no BeiDou ISM is published)"}, true
	case ephemeris.GLONASS:
		return ISM{SigmaURAM: 2, SigmaUREM: 4.0 / 3, BNomM: 1, PSat: 1e-5, PConst: 1e-4, Assumed: true,
			Source: "assumed study value (no GLONASS ISM is published)"}, true
	case ephemeris.QZSS:
		return ISM{SigmaURAM: 1, SigmaUREM: 2.0 / 3, BNomM: 0.75, PSat: 1e-5, PConst: 1e-4, Assumed: true,
			Source: "assumed study value (GPS baseline; no QZSS ISM is published)"}, true
	}
	return ISM{}, false
}

// DefaultISMSet returns DefaultISM for every system that has one.
func DefaultISMSet() ISMSet {
	m := ISMSet{}
	for _, s := range ephemeris.Systems {
		if v, ok := DefaultISM(s); ok {
			m[s] = v
		}
	}
	return m
}
