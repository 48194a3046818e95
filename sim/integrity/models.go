package integrity

import (
	"fmt"
	"math"

	"github.com/gnssim/gnssim/ephemeris"
)

// Carrier frequencies (MHz) of the dual-frequency ionosphere-free pairs.
// GPS L1/L5 and QZSS L1/L5: IS-GPS-200 and IS-GPS-705, IS-QZSS-PNT;
// Galileo E1/E5a: Galileo OS SIS ICD; BeiDou B1C/B2a: BDS-SIS-ICD-B1C and
// BDS-SIS-ICD-B2a; GLONASS L1OC/L3OC: GLONASS CDMA ICDs (2016).
const (
	FreqL1MHz   = 1575.42
	FreqL5MHz   = 1176.45
	FreqL1OCMHz = 1600.995
	FreqL3OCMHz = 1202.025
)

// NoiseCurve selects the elevation curve of the airborne receiver noise term
// σ_noise(θ) of a UserModel.
type NoiseCurve uint8

const (
	// NoiseGPS is the GPS airborne noise curve σ_noise = 0.15 + 0.43·exp(−θ/6.9°) m
	// (Blanch et al. 2012 and the WG-C ADD, nominal error model; from the
	// RTCA DO-229 airborne accuracy designator).
	NoiseGPS NoiseCurve = iota
	// NoiseGalileoTable replaces σ_noise by the tabulated Galileo E1/E5a curve
	// published with the 2012 algorithm description (18 values from 5° to 90°
	// in 5° steps, interpolated linearly, held constant below 5°). We read
	// the table as the noise term only: the multipath term of the GPS model
	// is kept. The ADD's availability simulations, and the Appendix J test
	// vector, use NoiseGPS for Galileo too, which is therefore the default.
	NoiseGalileoTable
)

// String returns "gps" or "galileo-table".
func (c NoiseCurve) String() string {
	switch c {
	case NoiseGPS:
		return "gps"
	case NoiseGalileoTable:
		return "galileo-table"
	}
	return fmt.Sprintf("NoiseCurve(%d)", uint8(c))
}

// galileoNoiseTableM is σ_noise (m) of the Galileo E1/E5a airborne model at
// elevations 5°, 10°, …, 90° (Blanch et al. 2012, table of the Galileo
// airborne model; the same figures appear in transcriptions of its MATLAB
// reference code).
var galileoNoiseTableM = [18]float64{
	0.4529, 0.3553, 0.3063, 0.2638, 0.2593, 0.2555, 0.2504, 0.2438, 0.2396,
	0.2359, 0.2339, 0.2302, 0.2295, 0.2278, 0.2297, 0.2310, 0.2274, 0.2277,
}

// UserModel is the airborne error model of one system's measurements: the
// code noise and multipath of the carrier-smoothed ionosphere-free
// combination of the frequencies F1MHz and F2MHz,
//
//	σ²_user = γ·(σ²_MP + σ²_noise),  γ = (f1⁴ + f2⁴)/(f1² − f2²)²,
//	σ_MP = 0.13 + 0.53·exp(−θ/10°) m,
//
// with σ_noise from Noise (Blanch et al. 2012 and WG-C ADD v2–v4, nominal
// error model). Assumed marks models that no operator or standard publishes
// for the system (GLONASS, BeiDou: the GPS curves are applied to their
// frequencies); Source says where the values come from.
type UserModel struct {
	F1MHz, F2MHz float64
	Noise        NoiseCurve
	Assumed      bool
	Source       string
}

// Gamma returns γ = (f1⁴ + f2⁴)/(f1² − f2²)², the variance inflation of the
// ionosphere-free combination for equal, independent errors on f1 and f2.
func (m UserModel) Gamma() float64 {
	a, b := m.F1MHz*m.F1MHz, m.F2MHz*m.F2MHz
	d := a - b
	return (a*a + b*b) / (d * d)
}

// Validate reports a frequency pair that is not positive and distinct, or an
// unknown noise curve.
func (m UserModel) Validate() error {
	if !(m.F1MHz > 0) || !(m.F2MHz > 0) || math.IsInf(m.F1MHz, 0) || math.IsInf(m.F2MHz, 0) {
		return fmt.Errorf("user model frequencies must be positive and finite (f1 %g MHz, f2 %g MHz)", m.F1MHz, m.F2MHz)
	}
	if m.F1MHz == m.F2MHz {
		return fmt.Errorf("user model frequencies must differ (both %g MHz)", m.F1MHz)
	}
	if m.Noise > NoiseGalileoTable {
		return fmt.Errorf("unknown noise curve %d", m.Noise)
	}
	return nil
}

// VarianceM2 returns σ²_user (m²) at elevation elDeg (degrees).
func (m UserModel) VarianceM2(elDeg float64) float64 {
	return m.Gamma() * m.singleFreqVarianceM2(elDeg)
}

// singleFreqVarianceM2 returns σ²_MP + σ²_noise (m²) at elevation elDeg.
func (m UserModel) singleFreqVarianceM2(elDeg float64) float64 {
	mp := MultipathSigmaM(elDeg)
	var no float64
	if m.Noise == NoiseGalileoTable {
		no = GalileoNoiseSigmaM(elDeg)
	} else {
		no = GPSNoiseSigmaM(elDeg)
	}
	return mp*mp + no*no
}

// MultipathSigmaM returns the airborne multipath σ_MP = 0.13 + 0.53·exp(−θ/10°)
// (m) at elevation elDeg (degrees).
func MultipathSigmaM(elDeg float64) float64 { return 0.13 + 0.53*math.Exp(-elDeg/10) }

// GPSNoiseSigmaM returns the GPS airborne noise σ_noise = 0.15 + 0.43·exp(−θ/6.9°)
// (m) at elevation elDeg (degrees).
func GPSNoiseSigmaM(elDeg float64) float64 { return 0.15 + 0.43*math.Exp(-elDeg/6.9) }

// GalileoNoiseSigmaM returns the tabulated Galileo E1/E5a airborne noise (m)
// at elevation elDeg (degrees), interpolated linearly between the 5° table
// points and held at the 5° (90°) value below 5° (above 90°).
func GalileoNoiseSigmaM(elDeg float64) float64 {
	x := elDeg/5 - 1 // table index, fractional
	if !(x > 0) {
		return galileoNoiseTableM[0]
	}
	last := len(galileoNoiseTableM) - 1
	if x >= float64(last) {
		return galileoNoiseTableM[last]
	}
	i := int(x)
	f := x - float64(i)
	return galileoNoiseTableM[i] + f*(galileoNoiseTableM[i+1]-galileoNoiseTableM[i])
}

// DefaultTropoZenithSigmaM is the zenith σ (m) of the residual troposphere
// delay after the aviation model correction (RTCA DO-229 Appendix A.4.2.4;
// Blanch et al. 2012).
const DefaultTropoZenithSigmaM = 0.12

// TropoVarianceM2 returns σ²_tropo (m²) for zenith σ zenithM at an elevation
// whose sine squared is sin2El: σ_tropo = zenithM·1.001/√(0.002001 + sin²θ).
func TropoVarianceM2(zenithM, sin2El float64) float64 {
	return zenithM * zenithM * (1.001 * 1.001) / (0.002001 + sin2El)
}

// UserModels maps systems to their airborne error models.
type UserModels map[ephemeris.System]UserModel

// DefaultUserModel returns the airborne model gnssim uses for sys, and false
// for systems without one (NavIC, SBAS, unknown).
//
//   - GPS (L1/L5), QZSS (L1/L5): the GPS airborne model of the ADD.
//   - Galileo (E1/E5a): the same curves with the E1/E5a pair, as in the
//     ADD availability simulations and the Appendix J test vector
//     (NoiseGalileoTable is available as an option).
//   - BeiDou (B1C/B2a) and GLONASS (L1OC/L3OC): assumed study values, the GPS
//     curves on the system's own frequency pair. No operator publishes an
//     airborne model for them.
func DefaultUserModel(sys ephemeris.System) (UserModel, bool) {
	const add = "GPS airborne model (Blanch et al. 2012; WG-C ADD)"
	switch sys {
	case ephemeris.GPS:
		return UserModel{F1MHz: FreqL1MHz, F2MHz: FreqL5MHz, Noise: NoiseGPS, Source: add + ", L1/L5"}, true
	case ephemeris.QZSS:
		return UserModel{F1MHz: FreqL1MHz, F2MHz: FreqL5MHz, Noise: NoiseGPS, Assumed: true,
			Source: "assumed: " + add + " applied to QZSS L1/L5"}, true
	case ephemeris.Galileo:
		return UserModel{F1MHz: FreqL1MHz, F2MHz: FreqL5MHz, Noise: NoiseGPS,
			Source: add + " applied to Galileo E1/E5a as in the ADD simulations"}, true
	case ephemeris.BeiDou:
		return UserModel{F1MHz: FreqL1MHz, F2MHz: FreqL5MHz, Noise: NoiseGPS, Assumed: true,
			Source: "assumed: " + add + " applied to BeiDou B1C/B2a"}, true
	case ephemeris.GLONASS:
		return UserModel{F1MHz: FreqL1OCMHz, F2MHz: FreqL3OCMHz, Noise: NoiseGPS, Assumed: true,
			Source: "assumed: " + add + " applied to GLONASS L1OC/L3OC"}, true
	}
	return UserModel{}, false
}

// DefaultUserModels returns DefaultUserModel for every system that has one.
func DefaultUserModels() UserModels {
	m := UserModels{}
	for _, s := range ephemeris.Systems {
		if u, ok := DefaultUserModel(s); ok {
			m[s] = u
		}
	}
	return m
}
