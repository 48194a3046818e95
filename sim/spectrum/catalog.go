package spectrum

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/gnssim/gnssim/ephemeris"
)

// GLONASS FDMA frequency channels in use (ICD ed. 5.1, 2008: k = −7…+6,
// antipodal satellites sharing a channel).
const (
	MinChannel = -7
	MaxChannel = 6
)

// Signal is one open-service navigation signal as transmitted by one
// satellite: carrier, components with their modulations and power shares,
// transmit band and minimum received power.
//
// A Signal from the catalogue must not be modified; Catalogue and Lookup
// return copies.
type Signal struct {
	// Name is the unique short name ("L1OF", "B1C", "L1CA", "E5a").
	Name string
	// Aliases are other accepted names ("L1 C/A", "E1OS").
	Aliases []string
	// System is the navigation system that defines the signal.
	System ephemeris.System
	// CentreMHz is the carrier frequency; for FDMA signals that of
	// channel 0.
	CentreMHz float64
	// ChannelStepMHz is the FDMA channel spacing (carrier of channel k =
	// CentreMHz + k·ChannelStepMHz); 0 for CDMA signals.
	ChannelStepMHz float64
	// ChipRateMHz is the spreading-code chip rate of the signal (the
	// aggregate rate for chip-by-chip time-multiplexed components).
	ChipRateMHz float64
	// Components are the data/pilot (or I/Q) components and their shares
	// of the signal power.
	Components []Component
	// TxBandwidthMHz is the transmit bandwidth over which the spectrum is
	// normalised and outside which it is taken as zero.
	TxBandwidthMHz float64
	// RxBandwidthMHz is the receiver bandwidth used when the signal is the
	// victim of an SSC (default: the transmit bandwidth).
	RxBandwidthMHz float64
	// MinPowerDBW is the ICD's minimum received power of the whole signal
	// (all components) in dBW, at the output of the ICD's reference user
	// antenna above the ICD's minimum elevation (see Source).
	MinPowerDBW float64
	// PartOf names the catalogue signal this one is a receiver's view of
	// ("E5" for E5a and E5b): it is not transmitted separately, so a sky
	// computation uses PartOf as the interferer, never both.
	PartOf string
	// Source names the defining documents and sections.
	Source string
	// Note explains modelling choices and uncertain values.
	Note string
	// Uncertain is true when a catalogue value (minimum power, transmit
	// bandwidth, structure) is not published or could not be verified;
	// Note says which.
	Uncertain bool

	spec *Spectrum
}

// IsFDMA reports whether the carrier depends on a frequency channel.
func (s *Signal) IsFDMA() bool { return s.ChannelStepMHz != 0 }

// Title is the system and signal name, "GLONASS L1OF".
func (s *Signal) Title() string { return s.System.Title() + " " + s.Name }

// CarrierMHz returns the carrier frequency for a GLONASS FDMA channel
// (MinChannel…MaxChannel). For CDMA signals the channel is ignored.
func (s *Signal) CarrierMHz(channel int) (float64, error) {
	if !s.IsFDMA() {
		return s.CentreMHz, nil
	}
	if channel < MinChannel || channel > MaxChannel {
		return 0, fmt.Errorf("spectrum: %s: FDMA channel %d outside [%d, %d]", s.Title(), channel, MinChannel, MaxChannel)
	}
	return s.CentreMHz + float64(channel)*s.ChannelStepMHz, nil
}

// Spectrum returns the signal's band-limited spectrum (built on first use
// for signals not from the catalogue).
func (s *Signal) Spectrum() (*Spectrum, error) {
	if s.spec != nil {
		return s.spec, nil
	}
	sp, err := NewSpectrum(s.TxBandwidthMHz*1e6, s.Components...)
	if err != nil {
		return nil, fmt.Errorf("spectrum: %s: %w", s.Title(), err)
	}
	return sp, nil
}

// DensityAtMHz is the signal's band-limited PSD (1/Hz, unit power over its
// transmit band) at the absolute frequency freqMHz, for an FDMA channel
// (ignored for CDMA signals); 0 outside the transmit band.
func (s *Signal) DensityAtMHz(freqMHz float64, channel int) (float64, error) {
	fc, err := s.CarrierMHz(channel)
	if err != nil {
		return 0, err
	}
	if math.IsNaN(freqMHz) || math.IsInf(freqMHz, 0) {
		return 0, fmt.Errorf("spectrum: %s: frequency %v MHz not finite", s.Title(), freqMHz)
	}
	sp, err := s.Spectrum()
	if err != nil {
		return 0, err
	}
	return sp.PSD((freqMHz - fc) * 1e6), nil
}

// Validate checks a signal's fields: name, finite positive frequencies and
// bandwidths, components (see NewSpectrum), a finite minimum power and a
// chip rate equal to the fastest component's.
func (s *Signal) Validate() error {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("spectrum: signal %q: %s", s.Name, fmt.Sprintf(format, a...))
	}
	if strings.TrimSpace(s.Name) == "" {
		return bad("empty name")
	}
	pos := func(v float64) bool { return v > 0 && !math.IsInf(v, 0) }
	if !pos(s.CentreMHz) || !pos(s.TxBandwidthMHz) || !pos(s.RxBandwidthMHz) || !pos(s.ChipRateMHz) {
		return bad("centre %v MHz, transmit %v MHz, receiver %v MHz and chip rate %v MHz must be positive and finite", s.CentreMHz, s.TxBandwidthMHz, s.RxBandwidthMHz, s.ChipRateMHz)
	}
	if math.IsNaN(s.ChannelStepMHz) || math.IsInf(s.ChannelStepMHz, 0) || s.ChannelStepMHz < 0 {
		return bad("channel step %v MHz", s.ChannelStepMHz)
	}
	if math.IsNaN(s.MinPowerDBW) || math.IsInf(s.MinPowerDBW, 0) {
		return bad("minimum power %v dBW not finite", s.MinPowerDBW)
	}
	if _, err := NewSpectrum(s.TxBandwidthMHz*1e6, s.Components...); err != nil {
		return bad("%v", err)
	}
	fast := 0.0
	for _, c := range s.Components {
		fast = math.Max(fast, c.Modulation.ChipRateHz()/1e6)
	}
	if math.Abs(fast-s.ChipRateMHz) > 1e-9*fast {
		return bad("chip rate %v MHz differs from the components' %v MHz", s.ChipRateMHz, fast)
	}
	return nil
}

func comp(name, mod string, share, minDBW float64) Component {
	return Component{Name: name, Modulation: MustParseModulation(mod), PowerShare: share, MinPowerDBW: minDBW}
}

var nan = math.NaN()

// catalogue is the signal table. Every value cites its source; see
// Signal.Note for what is assumed.
var catalogue = []*Signal{
	// ---- GLONASS -------------------------------------------------------
	{
		// GLONASS ICD, Navigational radiosignal in bands L1, L2, ed. 5.1
		// (RISDE, 2008): carriers 1602 + k·0.5625 MHz; standard-precision
		// code 511 chips at 0.511 Mchip/s; minimum received power −161 dBW
		// (3 dBi linearly polarised antenna, elevation ≥ 5°). The ICD
		// gives the L1 sub-band 1592.9525–1610.485 MHz, i.e. channels −7…+6
		// ± 5.11 MHz; the per-channel transmit band is taken as ±5.11 MHz
		// (first nulls of the 5.11 Mchip/s HP signal on the same carrier):
		// not stated per signal in the ICD.
		Name: "L1OF", Aliases: []string{"G1", "L1SF", "GLONASS L1 C/A", "L1CA-GLO"},
		System: ephemeris.GLONASS, CentreMHz: 1602, ChannelStepMHz: 0.5625, ChipRateMHz: 0.511,
		Components:     []Component{comp("L1 SP (ST code + data)", "BPSK(0.511MHz)", 1, -161)},
		TxBandwidthMHz: 10.22, RxBandwidthMHz: 10.22, MinPowerDBW: -161,
		Source:    "GLONASS ICD L1/L2 ed. 5.1 (2008), §3.3.1 (carriers, power), §3.3.2 (ST code)",
		Note:      "transmit bandwidth 10.22 MHz derived from the ICD's L1 sub-band edges (channel ±5.11 MHz), not published per signal; HP signal not modelled",
		Uncertain: true,
	},
	{
		// GLONASS ICD ed. 5.1: carriers 1246 + k·0.4375 MHz; the ST code
		// on L2 (GLONASS-M); minimum received power −167 dBW. L2 sub-band
		// 1237.8275–1253.6525 MHz = channels ± 5.11 MHz (same derivation as
		// L1OF).
		Name: "L2OF", Aliases: []string{"G2", "L2SF", "GLONASS L2 C/A"},
		System: ephemeris.GLONASS, CentreMHz: 1246, ChannelStepMHz: 0.4375, ChipRateMHz: 0.511,
		Components:     []Component{comp("L2 SP (ST code + data)", "BPSK(0.511MHz)", 1, -167)},
		TxBandwidthMHz: 10.22, RxBandwidthMHz: 10.22, MinPowerDBW: -167,
		Source:    "GLONASS ICD L1/L2 ed. 5.1 (2008), §3.3.1",
		Note:      "transmit bandwidth 10.22 MHz derived from the ICD's L2 sub-band edges, not published per signal",
		Uncertain: true,
	},
	{
		// GLONASS ICD CDMA L1 (L1OC) ed. 1.0 (RSS, 2016): carrier
		// 1600.995 MHz; data L1OCd (BPSK, 0.5115 Mchip/s code) and pilot
		// L1OCp (BOC(1,1) meander, 0.5115 Mchip/s code) time-multiplexed
		// chip by chip into a 1.023 Mchip/s stream, equal power: spectrum
		// ½·BPSK(1) + ½·BOC(1,1). The minimum received power and the
		// transmit band could not be verified from the ICD text here:
		// −161 dBW (the L1 FDMA figure) and 15.345 MHz (main lobes of the
		// BOC(5,2.5) L1SC signal sharing the carrier) are assumptions.
		Name: "L1OC", Aliases: []string{"G1a", "GLONASS L1 CDMA"},
		System: ephemeris.GLONASS, CentreMHz: 1600.995, ChipRateMHz: 1.023,
		Components: []Component{
			comp("L1OCd (data, TDM)", "BPSK(1)", 0.5, nan),
			comp("L1OCp (pilot, TDM)", "BOC(1,1)", 0.5, nan),
		},
		TxBandwidthMHz: 15.345, RxBandwidthMHz: 15.345, MinPowerDBW: -161,
		Source:    "GLONASS ICD CDMA open service signal in L1, ed. 1.0 (2016), §2 (signal structure)",
		Note:      "minimum power −161 dBW and transmit bandwidth 15.345 MHz assumed (not verified in the ICD)",
		Uncertain: true,
	},
	{
		// GLONASS ICD CDMA L2 (L2OC) ed. 1.0: carrier 1248.06 MHz; pilot
		// L2OCp (BOC(1,1)) time-multiplexed with the L2 data channel (BPSK)
		// at 0.5115 Mchip/s each, as for L1OC. Power and transmit band
		// assumed as for L1OC.
		Name: "L2OC", Aliases: []string{"G2a", "GLONASS L2 CDMA"},
		System: ephemeris.GLONASS, CentreMHz: 1248.06, ChipRateMHz: 1.023,
		Components: []Component{
			comp("L2 data (TDM)", "BPSK(1)", 0.5, nan),
			comp("L2OCp (pilot, TDM)", "BOC(1,1)", 0.5, nan),
		},
		TxBandwidthMHz: 15.345, RxBandwidthMHz: 15.345, MinPowerDBW: -161,
		Source:    "GLONASS ICD CDMA open service signal in L2, ed. 1.0, §2 (signal structure)",
		Note:      "structure as L1OC; minimum power −161 dBW and transmit bandwidth 15.345 MHz assumed (not verified in the ICD)",
		Uncertain: true,
	},
	{
		// GLONASS ICD CDMA L3 (L3OC) ed. 1.0 (RSS, 2016): carrier
		// 1202.025 MHz; L3OCd (I) and L3OCp (Q), BPSK(10), 10230-chip codes
		// at 10.23 Mchip/s, equal power. Minimum power −158 dBW and the
		// 20.46 MHz transmit band (BPSK(10) main lobe) are assumptions.
		Name: "L3OC", Aliases: []string{"G3", "GLONASS L3"},
		System: ephemeris.GLONASS, CentreMHz: 1202.025, ChipRateMHz: 10.23,
		Components: []Component{
			comp("L3OCd (data, I)", "BPSK(10)", 0.5, nan),
			comp("L3OCp (pilot, Q)", "BPSK(10)", 0.5, nan),
		},
		TxBandwidthMHz: 20.46, RxBandwidthMHz: 20.46, MinPowerDBW: -158,
		Source:    "GLONASS ICD CDMA open service signal in L3, ed. 1.0 (2016), §2",
		Note:      "minimum power −158 dBW and transmit bandwidth 20.46 MHz assumed (not verified in the ICD)",
		Uncertain: true,
	},
	// ---- BeiDou --------------------------------------------------------
	{
		// BDS-SIS-ICD-B1I-3.0 (CSNO, 2019) §4.2: carrier 1561.098 MHz,
		// BPSK, 2.046 Mchip/s; minimum received power −163 dBW (elevation
		// > 5°, 0 dBi antenna); signal bandwidth 4.092 MHz.
		Name: "B1I", Aliases: []string{"C2I", "BDS B1I"},
		System: ephemeris.BeiDou, CentreMHz: 1561.098, ChipRateMHz: 2.046,
		Components:     []Component{comp("B1I", "BPSK(2)", 1, -163)},
		TxBandwidthMHz: 4.092, RxBandwidthMHz: 4.092, MinPowerDBW: -163,
		Source: "BDS-SIS-ICD-B1I-3.0 (2019), §4.2.1–4.2.7",
		Note:   "the ICD's 4.092 MHz signal bandwidth (main lobe) taken as the transmit band",
	},
	{
		// BDS-SIS-ICD-B1C-1.0 (CSNO, 2017) §4.2: carrier 1575.42 MHz;
		// B1C_data BOC(1,1) with 1/4 of the power, B1C_pilot QMBOC(6,1,4/33)
		// with 3/4 (BOC(1,1) in phase 29/33, BOC(6,1) in quadrature 4/33);
		// bandwidth 32.736 MHz; minimum received power −159 dBW (MEO,
		// −161 dBW IGSO), elevation > 5°.
		Name: "B1C", Aliases: []string{"C1X", "BDS B1C"},
		System: ephemeris.BeiDou, CentreMHz: 1575.42, ChipRateMHz: 1.023,
		Components: []Component{
			comp("B1C_data", "BOC(1,1)", 0.25, nan),
			comp("B1C_pilot", "QMBOC(6,1,4/33)", 0.75, nan),
		},
		TxBandwidthMHz: 32.736, RxBandwidthMHz: 32.736, MinPowerDBW: -159,
		Source: "BDS-SIS-ICD-B1C-1.0 (2017), §4.2 (modulation), §4.10 (received power)",
		Note:   "MEO figure; IGSO −161 dBW",
	},
	{
		// BDS-SIS-ICD-B2a-1.0 (CSNO, 2017) §4: carrier 1176.45 MHz;
		// B2a_data and B2a_pilot BPSK(10), equal power; bandwidth
		// 20.46 MHz; minimum received power −156 dBW (MEO, −158 dBW IGSO).
		Name: "B2a", Aliases: []string{"C5X", "BDS B2a"},
		System: ephemeris.BeiDou, CentreMHz: 1176.45, ChipRateMHz: 10.23,
		Components: []Component{
			comp("B2a_data", "BPSK(10)", 0.5, nan),
			comp("B2a_pilot", "BPSK(10)", 0.5, nan),
		},
		TxBandwidthMHz: 20.46, RxBandwidthMHz: 20.46, MinPowerDBW: -156,
		Source: "BDS-SIS-ICD-B2a-1.0 (2017), §4 (signal characteristics, received power)",
		Note:   "MEO figure; IGSO −158 dBW",
	},
	{
		// BDS-SIS-ICD-B2b-1.0 (CSNO, 2020) §4: carrier 1207.14 MHz;
		// B2b_I BPSK(10) (the MEO/IGSO open-service component); bandwidth
		// 20.46 MHz; minimum received power −160 dBW (MEO, −162 dBW IGSO).
		Name: "B2b", Aliases: []string{"C7D", "BDS B2b"},
		System: ephemeris.BeiDou, CentreMHz: 1207.14, ChipRateMHz: 10.23,
		Components:     []Component{comp("B2b_I", "BPSK(10)", 1, -160)},
		TxBandwidthMHz: 20.46, RxBandwidthMHz: 20.46, MinPowerDBW: -160,
		Source: "BDS-SIS-ICD-B2b-1.0 (2020), §4 (signal characteristics, received power)",
		Note:   "MEO figure; IGSO −162 dBW; B2b_Q not modelled",
	},
	{
		// BDS-SIS-ICD-B3I-1.0 (CSNO, 2018) §4.2: carrier 1268.52 MHz, BPSK,
		// 10.23 Mchip/s; bandwidth 20.46 MHz; minimum received power
		// −163 dBW (elevation > 5°).
		Name: "B3I", Aliases: []string{"C6I", "BDS B3I"},
		System: ephemeris.BeiDou, CentreMHz: 1268.52, ChipRateMHz: 10.23,
		Components:     []Component{comp("B3I", "BPSK(10)", 1, -163)},
		TxBandwidthMHz: 20.46, RxBandwidthMHz: 20.46, MinPowerDBW: -163,
		Source: "BDS-SIS-ICD-B3I-1.0 (2018), §4.2 (signal specifications)",
	},
	// ---- GPS -----------------------------------------------------------
	{
		// IS-GPS-200 §3.3.1.1 (20.46 MHz transmitted bandwidth, Block
		// IIR/IIR-M/IIF; 30.69 MHz from GPS III), §3.3.1.6 and Table 3-V
		// (L1 C/A minimum −158.5 dBW, 3 dBi linearly polarised antenna,
		// elevation ≥ 5°).
		Name: "L1CA", Aliases: []string{"L1 C/A", "C/A", "GPS L1"},
		System: ephemeris.GPS, CentreMHz: 1575.42, ChipRateMHz: 1.023,
		Components:     []Component{comp("C/A", "BPSK(1)", 1, -158.5)},
		TxBandwidthMHz: 20.46, RxBandwidthMHz: 20.46, MinPowerDBW: -158.5,
		Source: "IS-GPS-200 §3.3.1.1, §3.3.1.6 (Table 3-V)",
		Note:   "20.46 MHz band of Blocks IIR–IIF; GPS III transmits 30.69 MHz",
	},
	{
		// IS-GPS-800 §3.2.2, §3.3.1.1 and §3.3.1.6: L1CD BOC(1,1) 25 %,
		// L1CP TMBOC(6,1,4/33) 75 %; transmitted bandwidth 30.69 MHz;
		// minimum received power L1C −157.0 dBW (L1CP −158.25, L1CD
		// −163.0 dBW), elevation ≥ 5°.
		Name: "L1C", Aliases: []string{"GPS L1C"},
		System: ephemeris.GPS, CentreMHz: 1575.42, ChipRateMHz: 1.023,
		Components: []Component{
			comp("L1CD (data)", "BOC(1,1)", 0.25, -163),
			comp("L1CP (pilot)", "TMBOC(6,1,4/33)", 0.75, -158.25),
		},
		TxBandwidthMHz: 30.69, RxBandwidthMHz: 30.69, MinPowerDBW: -157,
		Source: "IS-GPS-800 §3.2.2, §3.3.1.1, §3.3.1.6",
	},
	{
		// IS-GPS-200 §3.2.1.3, §3.3.1.1, Table 3-V: L2 CM (data) and L2 CL
		// (pilot) codes at 511.5 kchip/s each, time-multiplexed chip by chip
		// into a 1.023 Mchip/s BPSK stream; minimum received power −160 dBW
		// (Blocks IIR-M, IIF; −158.5 dBW GPS III); 20.46 MHz band.
		Name: "L2C", Aliases: []string{"GPS L2C"},
		System: ephemeris.GPS, CentreMHz: 1227.6, ChipRateMHz: 1.023,
		Components: []Component{
			comp("L2 CM (data, TDM)", "BPSK(1)", 0.5, nan),
			comp("L2 CL (pilot, TDM)", "BPSK(1)", 0.5, nan),
		},
		TxBandwidthMHz: 20.46, RxBandwidthMHz: 20.46, MinPowerDBW: -160,
		Source: "IS-GPS-200 §3.2.1.3, §3.3.1.1, §3.3.1.6 (Table 3-V)",
		Note:   "Blocks IIR-M/IIF figure; GPS III −158.5 dBW",
	},
	{
		// IS-GPS-705 §3.3.1.1 (1164.45–1188.45 MHz: 24 MHz), §3.3.1.6: I5
		// and Q5 BPSK(10), each −157.9 dBW minimum (Block IIF; −157.0 dBW
		// GPS III), elevation ≥ 5°.
		Name: "L5", Aliases: []string{"GPS L5"},
		System: ephemeris.GPS, CentreMHz: 1176.45, ChipRateMHz: 10.23,
		Components: []Component{
			comp("I5 (data)", "BPSK(10)", 0.5, -157.9),
			comp("Q5 (pilot)", "BPSK(10)", 0.5, -157.9),
		},
		TxBandwidthMHz: 24, RxBandwidthMHz: 24, MinPowerDBW: -154.9,
		Source: "IS-GPS-705 §3.3.1.1, §3.3.1.6",
		Note:   "Block IIF figures; GPS III −157.0 dBW per component",
	},
	// ---- Galileo -------------------------------------------------------
	{
		// Galileo OS SIS ICD issue 2.0 (2021) §2: E1 reference bandwidth
		// 24.552 MHz; E1-B = CBOC(6,1,1/11,+) data and E1-C =
		// CBOC(6,1,1/11,−) pilot, equal power; minimum received power
		// E1 B+C −157 dBW (elevation ≥ 10°).
		Name: "E1", Aliases: []string{"E1OS", "E1BC", "Galileo E1"},
		System: ephemeris.Galileo, CentreMHz: 1575.42, ChipRateMHz: 1.023,
		Components: []Component{
			comp("E1-B (data)", "CBOC(6,1,1/11,+)", 0.5, nan),
			comp("E1-C (pilot)", "CBOC(6,1,1/11,-)", 0.5, nan),
		},
		TxBandwidthMHz: 24.552, RxBandwidthMHz: 24.552, MinPowerDBW: -157,
		Source: "Galileo OS SIS ICD issue 2.0, §2 (frequency plan, modulation, received power)",
		Note:   "issue 2.1 restates the minimum as −157.25 dBW above 5° elevation",
	},
	{
		// Galileo OS SIS ICD issue 2.0 §2: E5a 1176.45 MHz, 20.46 MHz;
		// E5a-I data and E5a-Q pilot at 10.23 Mchip/s on the AltBOC lower
		// side-band; minimum −155 dBW. Receiver's view: QPSK(10) at the
		// side-band centre.
		Name: "E5a", Aliases: []string{"Galileo E5a"},
		System: ephemeris.Galileo, CentreMHz: 1176.45, ChipRateMHz: 10.23,
		Components: []Component{
			comp("E5a-I (data)", "BPSK(10)", 0.5, nan),
			comp("E5a-Q (pilot)", "BPSK(10)", 0.5, nan),
		},
		TxBandwidthMHz: 20.46, RxBandwidthMHz: 20.46, MinPowerDBW: -155, PartOf: "E5",
		Source: "Galileo OS SIS ICD issue 2.0, §2 (frequency plan, modulation, received power)",
		Note:   "lower side-band of AltBOC(15,10) modelled as BPSK(10) components (single side-band receiver view); transmitted as part of E5: use E5 as the interferer",
	},
	{
		// As E5a, upper side-band: 1207.14 MHz, −155 dBW.
		Name: "E5b", Aliases: []string{"Galileo E5b"},
		System: ephemeris.Galileo, CentreMHz: 1207.14, ChipRateMHz: 10.23,
		Components: []Component{
			comp("E5b-I (data)", "BPSK(10)", 0.5, nan),
			comp("E5b-Q (pilot)", "BPSK(10)", 0.5, nan),
		},
		TxBandwidthMHz: 20.46, RxBandwidthMHz: 20.46, MinPowerDBW: -155, PartOf: "E5",
		Source: "Galileo OS SIS ICD issue 2.0, §2 (frequency plan, modulation, received power)",
		Note:   "upper side-band of AltBOC(15,10) modelled as BPSK(10) components (single side-band receiver view); transmitted as part of E5: use E5 as the interferer",
	},
	{
		// Galileo OS SIS ICD issue 2.0 §2: E5 1191.795 MHz, reference
		// bandwidth 51.15 MHz, constant-envelope AltBOC(15,10) of E5a-I/Q
		// and E5b-I/Q. Minimum power: the sum of the E5a and E5b minima
		// (−155 dBW each).
		Name: "E5", Aliases: []string{"E5AltBOC", "Galileo E5"},
		System: ephemeris.Galileo, CentreMHz: 1191.795, ChipRateMHz: 10.23,
		Components:     []Component{comp("E5 (E5a-I/Q, E5b-I/Q)", "AltBOC(15,10)", 1, nan)},
		TxBandwidthMHz: 51.15, RxBandwidthMHz: 51.15, MinPowerDBW: -155 + 10*math.Log10(2),
		Source: "Galileo OS SIS ICD issue 2.0, §2 (frequency plan, modulation, received power)",
		Note:   "whole AltBOC signal including intermodulation products; power = E5a + E5b minima",
	},
	{
		// Galileo E6: carrier 1278.75 MHz, E6-B (data) and E6-C (pilot)
		// BPSK(5), equal power, reference bandwidth 40.92 MHz (Galileo HAS
		// SIS ICD issue 1.0, 2022, §2; OS SIS ICD issue 2.0 §2 frequency
		// plan); minimum received power −155 dBW (E6-B+C).
		Name: "E6", Aliases: []string{"E6BC", "Galileo E6"},
		System: ephemeris.Galileo, CentreMHz: 1278.75, ChipRateMHz: 5.115,
		Components: []Component{
			comp("E6-B (data)", "BPSK(5)", 0.5, nan),
			comp("E6-C (pilot)", "BPSK(5)", 0.5, nan),
		},
		TxBandwidthMHz: 40.92, RxBandwidthMHz: 40.92, MinPowerDBW: -155,
		Source: "Galileo HAS SIS ICD issue 1.0 (2022), §2; OS SIS ICD issue 2.0, §2 (frequency plan)",
	},
}

func init() {
	seen := map[string]string{}
	for _, s := range catalogue {
		if err := s.Validate(); err != nil {
			panic(err)
		}
		sp, err := NewSpectrum(s.TxBandwidthMHz*1e6, s.Components...)
		if err != nil {
			panic(err)
		}
		s.spec = sp
		for _, n := range append([]string{s.Name}, s.Aliases...) {
			k := normName(n)
			if prev, dup := seen[k]; dup && prev != s.Name {
				panic(fmt.Sprintf("spectrum: catalogue name %q of %s already used by %s", n, s.Name, prev))
			}
			seen[k] = s.Name
		}
	}
}

// Catalogue returns copies of every catalogue signal, in a fixed order
// (GLONASS, BeiDou, GPS, Galileo).
func Catalogue() []*Signal {
	out := make([]*Signal, len(catalogue))
	for i, s := range catalogue {
		out[i] = s.clone()
	}
	return out
}

// Interferers returns the catalogue signals a satellite of system sys
// transmits, for use as interferers: those of the system without PartOf
// (Galileo gives E1, E5 and E6, not E5a and E5b). QZSS and other systems
// have no catalogue signals of their own (QZSS satellites transmit GPS
// signals: pass the GPS signals with System QZSS).
func Interferers(sys ephemeris.System) []*Signal {
	var out []*Signal
	for _, s := range catalogue {
		if s.System == sys && s.PartOf == "" {
			out = append(out, s.clone())
		}
	}
	return out
}

func (s *Signal) clone() *Signal {
	c := *s
	c.Aliases = append([]string(nil), s.Aliases...)
	c.Components = append([]Component(nil), s.Components...)
	return &c
}

// normName lower-cases a name and drops spaces, '-', '_', '/' and '.'.
func normName(n string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '_', '/', '.', '\t':
			return -1
		}
		return r
	}, strings.ToLower(n))
}

// Names lists the catalogue's signal names ("GLONASS L1OF", …) in
// catalogue order.
func Names() []string {
	out := make([]string, len(catalogue))
	for i, s := range catalogue {
		out[i] = s.Title()
	}
	return out
}

// Lookup finds a catalogue signal by name, case-insensitively and ignoring
// spaces, '-', '_', '/' and '.': its name ("l1of", "E5a"), an alias
// ("L1 C/A") or either prefixed by the system's name or letter
// ("GLONASS L1OF", "bds-b1c", "G L5"). An unknown name is an error listing
// the known ones.
func Lookup(name string) (*Signal, error) {
	key := normName(name)
	if key != "" {
		for _, s := range catalogue {
			prefixes := []string{"", strings.ToLower(s.System.Title()), s.System.String(), strings.ToLower(s.System.Letter())}
			switch s.System {
			case ephemeris.BeiDou:
				prefixes = append(prefixes, "bds")
			case ephemeris.GLONASS:
				prefixes = append(prefixes, "glo")
			case ephemeris.Galileo:
				prefixes = append(prefixes, "gal")
			}
			for _, n := range append([]string{s.Name}, s.Aliases...) {
				nn := normName(n)
				for _, p := range prefixes {
					if key == p+nn {
						return s.clone(), nil
					}
				}
			}
		}
	}
	known := Names()
	sort.Strings(known)
	return nil, fmt.Errorf("spectrum: unknown signal %q (known: %s)", name, strings.Join(known, ", "))
}
