// Package spectrum is gnssim's signal-compatibility library: spreading
// modulations and their power spectral densities, a catalogue of
// open-service GNSS signals, spectral separation coefficients (SSC) and
// the C/N0 degradation that satellites of the same and of other systems
// cause one another.
//
// # Modulations (modulation.go, psd.go)
//
// ParseModulation reads BPSK(n), BOC(m,n)/BOCs(m,n) (sine phased),
// BOCc(m,n), MBOC(6,1,1/11), CBOC(6,1,1/11,±), TMBOC(6,1,4/33),
// QMBOC(6,1,4/33) and AltBOC(15,10); m and n are multiples of
// f0 = 1.023 MHz (a BPSK rate may carry a unit: BPSK(0.511MHz)).
// Modulation.PSD evaluates the closed forms of Betz and Ávila-Rodríguez,
// normalised to unit power over an infinite band. Multiplexed signals are
// power-weighted sums of uncorrelated parts:
//
//   - MBOC(6,1,1/11) = 10/11·BOC(1,1) + 1/11·BOC(6,1), the agreed spectrum
//     of GPS L1C, Galileo E1 and BeiDou B1C as a whole;
//   - TMBOC(6,1,4/33) and QMBOC(6,1,4/33) (the L1C and B1C pilots) =
//     29/33·BOC(1,1) + 4/33·BOC(6,1); with the data BOC(1,1) at 1/4 of the
//     power, L1C = B1C = 1/4·BOC(1,1) + 3/4·(29/33·BOC(1,1) + 4/33·BOC(6,1))
//     = MBOC;
//   - CBOC(6,1,1/11,+) (E1-B) and CBOC(6,1,1/11,−) (E1-C) are single
//     four-level chips √(10/11)·BOC(1,1) ± √(1/11)·BOC(6,1): each has a
//     cross term ±2√(10)/11·A₁A₆, which cancels in the equal-power E1-B+C
//     pair, whose spectrum is MBOC;
//   - chip-by-chip time-multiplexed data/pilot pairs (GPS L2C, GLONASS
//     L1OC/L2OC) are the power-weighted sum of the two chip spectra;
//   - AltBOC(15,10) is the whole constant-envelope Galileo E5 signal
//     (including its intermodulation products), checked against the exact
//     spectrum of the ICD's 8-PSK look-up table. The E5a and E5b catalogue
//     entries are the single-side-band receivers' view: BPSK(10) at
//     1176.45 and 1207.14 MHz (their PartOf is "E5").
//
// A Spectrum is a signal's PSD band-limited to its transmit band B and
// renormalised to unit power over it: G(f) = G∞(f)/∫_{−B/2}^{B/2}G∞ for
// |f| ≤ B/2, 0 outside, f the offset from the carrier (Hz).
//
// # Catalogue (catalog.go)
//
// Catalogue and Lookup give the open-service signals of GLONASS (L1OF and
// L2OF on FDMA channels −7…+6, L1OC, L2OC, L3OC), BeiDou (B1I, B1C, B2a,
// B2b, B3I), GPS (L1CA, L1C, L2C, L5) and Galileo (E1, E5a, E5b, E5, E6):
// carrier, chip rate, components with their power shares, transmit and
// default receiver bandwidths, minimum received power, source document.
// Values not published or not verified carry Uncertain = true and a Note
// (all GLONASS transmit bandwidths and the GLONASS CDMA powers).
//
// # Spectral separation coefficients (ssc.go)
//
// The SSC of an interferer i on a victim v is
//
//	κ = ∫ G_v(f)·G_i(f − Δf) df   over |f| ≤ β_r/2,
//
// f from the victim's carrier, Δf = f_i − f_v, β_r the victim's receiver
// bandwidth, G_v and G_i each normalised to unit power over its own
// transmit band (and zero outside it). This is the convention that
// reproduces Ávila-Rodríguez (2008) Table 5.3 (B = 30.69 MHz,
// β_r = 24 MHz) to 1e-4 dB; normalising over the receiver band instead
// misses BPSK(1) self by 0.016 dB. κ is reported in dB-Hz
// (10·log10 κ, κ in 1/Hz). Bands sharing less than OverlapToleranceHz
// give "no overlap" (SSC.Overlap false, DBHz −Inf, String "no overlap"),
// never a number.
//
// The integral is computed by composite 16-point Gauss–Legendre
// quadrature on panels no wider than 2/(T_v+T_i) (T the chip durations),
// with a rigorous error bound (SSC.ErrBoundPerHz, SSC.ErrBoundDB): the
// integrand is entire and grows at most like e^{2π|y|(T_v+T_i)} off the
// real axis, which Trefethen's Bernstein-ellipse bound turns into a
// truncation error below 1e-18 relative; the reported bound (≈ 1e-12 dB)
// is dominated by a conservative rounding allowance.
//
// NewMatrix computes all catalogue pairs (GLONASS FDMA signals on one
// channel, 0 by default) in a few milliseconds.
//
// # C/N0 degradation (cn0.go)
//
// An Evaluator precomputes κ for every (victim signal, victim channel) ×
// (interferer signal, interferer channel) — 45 slots for the catalogue —
// and Evaluator.Degradation then returns, with no allocation,
//
//	ΔC/N0 = 10·log10(1 + Σ_i C_i·κ_i / N0)   (dB)
//
// for the intra-system part (including the other satellites' instances of
// the victim signal itself, also reported alone as Self), the inter-system
// part and their total, C_i in W (from dBW), N0 in W/Hz (from dBW/Hz;
// DefaultN0DBWHz = −201.5). Intra versus inter follows the transmitting
// satellite's system (a QZSS satellite's L1CA is inter-system for GPS).
// For a whole sky, Sky sums the received power once per epoch by (slot,
// system), after which each victim costs one pass over the few tens of
// occupied slots: a 24 h series at 60 s with 160 signal instances, every
// one of them a victim, is some tens of milliseconds. Received powers are
// the ICD minima (Signal.MinPowerDBW), optionally offset by an
// elevation-dependent GainTable (gain.go), parsed from a text or YAML
// file.
//
// A sky computation uses as interferers the signals a satellite transmits
// (Interferers: E5 for Galileo, not E5a and E5b, which are only victims'
// views of it) and leaves the victim instance itself out.
//
// # The simulated sky (sky.go) and signals named by users (spec.go)
//
// StreamSiteDegradation and MapDegradation take the interferers from a
// sim.Source: the satellites strictly above a sim.Mask at a site or at
// every cell of a sim.GridSpec (visibility computed exactly as package
// sim does), each transmitting the signals SkyModel.Transmit lists for its
// system at its received power (SkyModel.PowerDBW or the ICD minimum,
// plus an optional GainTable offset at its elevation), GLONASS FDMA
// signals on the satellite's channel (SkySat; a satellite without a known
// channel transmits no FDMA signal). Per epoch and victim signal they
// report the worst victim satellite's Degradation (its own instance left
// out; for E5a/E5b its own E5) and the mean over victim satellites;
// SiteStats and DegradationMap summarise a period. Memory is O(satellites
// × chunk + cells), results do not depend on the workers or the chunk
// length; SkyCost estimates a run.
//
// ParseSignalSpec reads a signal as users name it: a catalogue name, an
// FDMA channel (L1OF:-7), or a generic modulation at a carrier with a
// transmit bandwidth (BOC(1,1)@1575.42/30.69, in MHz); SpecKappa is its
// SSC with a checked receiver bandwidth.
//
// # Units
//
// Names carry their unit: Hz, MHz, dBW, dBW/Hz (DBWHz), dB-Hz (DBHz),
// 1/Hz (PerHz), W/Hz (PerHz for interference densities), seconds (S),
// degrees (Deg), dB.
//
// # References
//
//   - J. W. Betz, "Binary Offset Carrier Modulations for Radionavigation",
//     NAVIGATION 48(4), 2001; "Effect of Partial-Band Interference on
//     Receiver Estimation of C/N0: Theory", ION NTM 2001; J. W. Betz and
//     D. B. Goldstein, "Candidate Designs for an Additional Civil Signal
//     in GPS Spectral Bands", ION NTM 2002 (SSC and effective C/N0).
//   - J.-Á. Ávila-Rodríguez, "On Generalized Signal Waveforms for Satellite
//     Navigation", PhD thesis, Universität der Bundeswehr München, 2008
//     (PSD closed forms, Table 5.3).
//   - ITU-R M.1831, "A coordination methodology for RNSS inter-system
//     interference estimation".
//   - L. N. Trefethen, "Is Gauss quadrature better than Clenshaw–Curtis?",
//     SIAM Review 50(1), 2008 (quadrature error bound).
//   - The interface documents cited by each catalogue entry: GLONASS ICD
//     L1/L2 ed. 5.1 (2008) and CDMA L1OC/L2OC/L3OC ed. 1.0 (2016);
//     BDS-SIS-ICD B1I 3.0, B1C 1.0, B2a 1.0, B2b 1.0, B3I 1.0; IS-GPS-200,
//     IS-GPS-705, IS-GPS-800; Galileo OS SIS ICD issue 2.0 and HAS SIS ICD
//     issue 1.0.
package spectrum
