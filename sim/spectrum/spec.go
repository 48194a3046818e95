package spectrum

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// SignalSpec is a signal as a user names it on a command line: a catalogue
// signal (on a GLONASS FDMA channel for L1OF and L2OF), or a generic
// modulation at a carrier with a transmit bandwidth, for research use.
type SignalSpec struct {
	// Text is the specification as given.
	Text string
	// Signal is the catalogue signal (a copy), or for a generic modulation
	// a signal made for it (System SystemUnknown, Generic true).
	Signal *Signal
	// Channel is the FDMA channel (0 for CDMA signals and generic ones).
	Channel int
	// Generic is true for a modulation given by name.
	Generic bool
}

// ErrSignalSpec is wrapped by every error of ParseSignalSpec.
var ErrSignalSpec = errors.New("invalid signal")

// SignalSpecSyntax describes what ParseSignalSpec accepts, for help texts
// and errors.
const SignalSpecSyntax = "a catalogue name (B1C, L1CA, E1, GLONASS L1OF, ...; 'gnssim spectrum list' shows them) with an optional GLONASS FDMA channel NAME:K (K from -7 to +6, e.g. L1OF:-7), or a generic modulation MOD@CENTRE/BANDWIDTH in MHz, e.g. BOC(1,1)@1575.42/30.69 or BPSK(10)@1176.45MHz/24MHz (MOD: BPSK(n), BOC(m,n), BOCc(m,n), MBOC(m,n,r), CBOC(m,n,r[,±]), TMBOC, QMBOC, AltBOC(m,n))"

// maxSpecBytes bounds a specification's length.
const maxSpecBytes = 200

// ParseSignalSpec parses a signal specification:
//
//	NAME            a catalogue signal, looked up as Lookup does (B1C, "GPS L1 C/A", e5a)
//	NAME:K          a GLONASS FDMA signal on channel K (−7…+6; "+1" or "1")
//	MOD@F/B         a generic modulation (ParseModulation) on the carrier F
//	                with the transmit bandwidth B, both in MHz; each may
//	                carry the unit "MHz" (also "kHz", "GHz")
//
// A catalogue FDMA signal without a channel is on channel 0 (1602 MHz for
// L1OF, 1246 MHz for L2OF). The generic signal carries all its power in the
// one modulation, has receiver bandwidth B (callers may narrow it), no
// received power (MinPowerDBW 0, Note says so) and the name "MOD@FMHz".
// Errors wrap ErrSignalSpec (and ErrModulation for a bad modulation) and
// say what is wrong with which part.
func ParseSignalSpec(s string) (SignalSpec, error) {
	if len(s) > maxSpecBytes {
		return SignalSpec{}, fmt.Errorf("%w %q…: too long (%d bytes; at most %d)", ErrSignalSpec, s[:40], len(s), maxSpecBytes)
	}
	t := strings.TrimSpace(s)
	if t == "" {
		return SignalSpec{}, fmt.Errorf("%w: empty name; want %s", ErrSignalSpec, SignalSpecSyntax)
	}
	if at := strings.IndexByte(t, '@'); at >= 0 {
		return parseGeneric(s, t[:at], t[at+1:])
	}
	if strings.ContainsAny(t, "()") {
		if _, err := ParseModulation(t); err != nil {
			return SignalSpec{}, fmt.Errorf("%w %q: %w", ErrSignalSpec, s, err)
		}
		return SignalSpec{}, fmt.Errorf("%w %q: a modulation needs a carrier and a transmit bandwidth, MOD@CENTRE/BANDWIDTH in MHz, e.g. %s@1575.42/30.69", ErrSignalSpec, s, t)
	}
	name, chText, hasCh := strings.Cut(t, ":")
	sig, err := Lookup(name)
	if err != nil {
		return SignalSpec{}, fmt.Errorf("%w %q: %s", ErrSignalSpec, s, strings.TrimPrefix(err.Error(), "spectrum: "))
	}
	sp := SignalSpec{Text: s, Signal: sig}
	if !hasCh {
		return sp, nil
	}
	if !sig.IsFDMA() {
		return SignalSpec{}, fmt.Errorf("%w %q: %s is a CDMA signal: it has no FDMA channel (channels are for GLONASS L1OF and L2OF)", ErrSignalSpec, s, sig.Title())
	}
	ch, err := strconv.Atoi(strings.TrimPrefix(strings.TrimSpace(chText), "+"))
	if err != nil {
		return SignalSpec{}, fmt.Errorf("%w %q: channel %q is not an integer (want %d to %+d)", ErrSignalSpec, s, chText, MinChannel, MaxChannel)
	}
	if ch < MinChannel || ch > MaxChannel {
		return SignalSpec{}, fmt.Errorf("%w %q: channel %d outside %d to %+d", ErrSignalSpec, s, ch, MinChannel, MaxChannel)
	}
	sp.Channel = ch
	return sp, nil
}

// parseGeneric reads MOD@F/B.
func parseGeneric(s, modText, rest string) (SignalSpec, error) {
	mod, err := ParseModulation(modText)
	if err != nil {
		return SignalSpec{}, fmt.Errorf("%w %q: %w", ErrSignalSpec, s, err)
	}
	fText, bText, ok := strings.Cut(rest, "/")
	if !ok {
		return SignalSpec{}, fmt.Errorf("%w %q: no transmit bandwidth: want MOD@CENTRE/BANDWIDTH in MHz, e.g. %s@%s/30.69", ErrSignalSpec, s, strings.TrimSpace(modText), strings.TrimSpace(rest))
	}
	f, err := parseMHz(fText)
	if err != nil {
		return SignalSpec{}, fmt.Errorf("%w %q: carrier: %v", ErrSignalSpec, s, err)
	}
	if !(f > 0) || f > 1e5 {
		return SignalSpec{}, fmt.Errorf("%w %q: carrier %v MHz outside (0, 100000] MHz", ErrSignalSpec, s, f)
	}
	b, err := parseMHz(bText)
	if err != nil {
		return SignalSpec{}, fmt.Errorf("%w %q: transmit bandwidth: %v", ErrSignalSpec, s, err)
	}
	if !(b > 0) {
		return SignalSpec{}, fmt.Errorf("%w %q: transmit bandwidth %v MHz must be > 0", ErrSignalSpec, s, b)
	}
	if b*1e6 > MaxBandwidthHz {
		return SignalSpec{}, fmt.Errorf("%w %q: transmit bandwidth %v MHz above %g MHz", ErrSignalSpec, s, b, MaxBandwidthHz/1e6)
	}
	if b/2 >= f {
		return SignalSpec{}, fmt.Errorf("%w %q: transmit bandwidth %v MHz reaches below 0 Hz around the carrier %v MHz", ErrSignalSpec, s, b, f)
	}
	sig := &Signal{
		Name:           mod.String() + "@" + fmtNum(roundSig(f)) + "MHz",
		CentreMHz:      f,
		ChipRateMHz:    mod.ChipRateHz() / 1e6,
		Components:     []Component{{Name: mod.String(), Modulation: mod, PowerShare: 1, MinPowerDBW: math.NaN()}},
		TxBandwidthMHz: b,
		RxBandwidthMHz: b,
		Source:         "generic modulation " + strings.TrimSpace(s),
		Note:           "generic modulation given by name: no system and no received power",
	}
	sp, err := NewSpectrum(b*1e6, sig.Components...)
	if err != nil {
		return SignalSpec{}, fmt.Errorf("%w %q: %s", ErrSignalSpec, s, strings.TrimPrefix(err.Error(), ErrSpectrum.Error()+": "))
	}
	sig.spec = sp
	return SignalSpec{Text: s, Signal: sig, Generic: true}, nil
}

// parseMHz reads a frequency in MHz, with an optional unit Hz, kHz, MHz or
// GHz (case-insensitive).
func parseMHz(a string) (float64, error) {
	t := strings.TrimSpace(a)
	up := strings.ToUpper(t)
	scale := 1.0
	for _, u := range []struct {
		suffix string
		scale  float64
	}{{"GHZ", 1e3}, {"MHZ", 1}, {"KHZ", 1e-3}, {"HZ", 1e-6}} {
		if strings.HasSuffix(up, u.suffix) {
			scale, t = u.scale, strings.TrimSpace(t[:len(t)-len(u.suffix)])
			break
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is not a finite number of MHz", strings.TrimSpace(a))
	}
	return v * scale, nil
}

// CarrierMHz is the spec's carrier frequency (its channel's for FDMA).
func (sp SignalSpec) CarrierMHz() float64 {
	f, err := sp.Signal.CarrierMHz(sp.Channel)
	if err != nil {
		return math.NaN()
	}
	return f
}

// Title names the spec for tables: "GLONASS L1OF k=-7", "BeiDou B1C",
// "BOC(1,1)@1575.42MHz".
func (sp SignalSpec) Title() string {
	if sp.Generic {
		return sp.Signal.Name
	}
	if sp.Signal.IsFDMA() {
		return fmt.Sprintf("%s k=%+d", sp.Signal.Title(), sp.Channel)
	}
	return sp.Signal.Title()
}

// SpecKappa is the SSC of interferer on victim over a receiver band of
// rxBandwidthMHz (0: the victim's RxBandwidthMHz) centred on the victim's
// carrier. The receiver band must lie inside the victim's transmit band
// (0 < rx ≤ transmit bandwidth): outside it the victim's spectrum is zero,
// so a wider band is a mistake, not a different result.
func SpecKappa(victim, interferer SignalSpec, rxBandwidthMHz float64) (SSC, error) {
	if victim.Signal == nil || interferer.Signal == nil {
		return SSC{}, fmt.Errorf("%w: nil signal", ErrSSC)
	}
	if rxBandwidthMHz == 0 {
		rxBandwidthMHz = victim.Signal.RxBandwidthMHz
	}
	if err := CheckRxBandwidth(victim.Signal, rxBandwidthMHz); err != nil {
		return SSC{}, err
	}
	return SignalKappa(victim.Signal, victim.Channel, interferer.Signal, interferer.Channel, rxBandwidthMHz)
}

// CheckRxBandwidth checks a receiver bandwidth (MHz) for signal s:
// positive, finite and not wider than s's transmit band (within 1e-9).
func CheckRxBandwidth(s *Signal, rxMHz float64) error {
	if math.IsNaN(rxMHz) || !(rxMHz > 0) || math.IsInf(rxMHz, 0) {
		return fmt.Errorf("%w: receiver bandwidth %v MHz of %s must be a positive number of MHz", ErrSSC, rxMHz, signalTitle(s))
	}
	if rxMHz > s.TxBandwidthMHz*(1+1e-9) {
		return fmt.Errorf("%w: receiver bandwidth %v MHz of %s is wider than its %v MHz transmit band: the receiver band must lie inside the transmit band (the spectrum is zero outside it)", ErrSSC, rxMHz, signalTitle(s), s.TxBandwidthMHz)
	}
	return nil
}

// signalTitle is s.Title(), or the name alone for a signal of no system
// (a generic modulation).
func signalTitle(s *Signal) string {
	if s.System == 0 {
		return s.Name
	}
	return s.Title()
}
