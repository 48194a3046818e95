package spectrum

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// F0Hz is the reference frequency f0 = 1.023 MHz of the BPSK(n)/BOC(m,n)
// notation: BPSK(n) chips at n·f0 and BOC(m,n) has a square sub-carrier of
// m·f0 and chips at n·f0 (Betz, "Binary Offset Carrier Modulations for
// Radionavigation", NAVIGATION 48(4), 2001).
const F0Hz = 1.023e6

// Limits on the parameters accepted by ParseModulation and NewModulation
// (multiples of f0). They keep the chip rate between 10.23 kHz and
// 102.3 MHz, a range far wider than any navigation signal.
const (
	MinMultiple = 0.01
	MaxMultiple = 100.0
)

// Kind is the family of a Modulation.
type Kind uint8

// The modulation families.
const (
	KindInvalid Kind = iota
	// KindBPSK is BPSK-R(n): rectangular chips at n·f0.
	KindBPSK
	// KindBOCSin is sine-phased BOC(m,n) (also written BOCs(m,n)).
	KindBOCSin
	// KindBOCCos is cosine-phased BOC(m,n), BOCc(m,n).
	KindBOCCos
	// KindMBOC is the MBOC(m,n,r) spectrum constraint: the power-weighted
	// sum (1−r)·BOC(n,n) + r·BOC(m,n) (EU–US agreement of 2007; Hein et al.,
	// "MBOC: the new optimized spreading modulation recommended for
	// Galileo L1 OS and GPS L1C", IEEE/ION PLANS 2006).
	KindMBOC
	// KindCBOC is the composite BOC of Galileo E1: one component whose
	// chip waveform is the amplitude sum √(1−r)·BOC(n,n) ± √r·BOC(m,n)
	// (Galileo OS SIS ICD §2.3). Sign +1 is E1-B (data), −1 is E1-C (pilot),
	// 0 is the equal-power B+C pair, whose cross terms cancel (the MBOC
	// spectrum).
	KindCBOC
	// KindTMBOC is the time-multiplexed BOC of the GPS L1C pilot
	// (IS-GPS-800): a fraction r of the chips are BOC(m,n), the rest
	// BOC(n,n). Its spectrum is (1−r)·BOC(n,n) + r·BOC(m,n).
	KindTMBOC
	// KindQMBOC is the quadrature-multiplexed BOC of the BeiDou B1C pilot
	// (BDS-SIS-ICD-B1C-1.0): BOC(n,n) in phase with power 1−r and BOC(m,n)
	// in quadrature with power r. Its spectrum is (1−r)·BOC(n,n) + r·BOC(m,n).
	KindQMBOC
	// KindAltBOC is constant-envelope AltBOC(m,n) (Galileo E5, m=15, n=10),
	// the whole four-code 8-PSK signal including its intermodulation
	// products.
	KindAltBOC
)

var kindNames = [...]string{"invalid", "BPSK", "BOC", "BOCc", "MBOC", "CBOC", "TMBOC", "QMBOC", "AltBOC"}

// String returns the family name as it is written in a modulation string.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Modulation is a spreading modulation: a chip waveform family and its
// parameters. Create one with ParseModulation or NewModulation; the zero
// value is invalid.
type Modulation struct {
	// Kind is the family.
	Kind Kind
	// M is the sub-carrier frequency in multiples of f0 (BOC families,
	// AltBOC); 0 for BPSK. For the MBOC family it is the high sub-carrier,
	// the low one being N.
	M float64
	// N is the chip rate in multiples of f0.
	N float64
	// R is the power fraction of the BOC(M,N) part in the MBOC family
	// (1/11 for MBOC and CBOC, 4/33 for the TMBOC and QMBOC pilots); 0
	// otherwise.
	R float64
	// Sign is the CBOC combination sign (+1, −1, or 0 for the equal-power
	// pair); 0 for every other family.
	Sign int

	rText string // R as written ("1/11"), for String
	mhz   bool   // BPSK rate given in MHz, for String
}

// ChipRateHz is the chip rate n·f0 in Hz.
func (m Modulation) ChipRateHz() float64 { return m.N * F0Hz }

// SubcarrierHz is the (high) sub-carrier frequency m·f0 in Hz; 0 for BPSK.
func (m Modulation) SubcarrierHz() float64 { return m.M * F0Hz }

// ChipDurationS is the chip duration 1/(n·f0) in seconds. The
// autocorrelation of every modulation here vanishes beyond one chip, which
// bounds the quadrature error (see ssc.go).
func (m Modulation) ChipDurationS() float64 { return 1 / (m.N * F0Hz) }

// ErrModulation is wrapped by every error of ParseModulation and
// NewModulation.
var ErrModulation = errors.New("invalid modulation")

func modErr(s string, format string, a ...any) error {
	return fmt.Errorf("%w %q: %s", ErrModulation, s, fmt.Sprintf(format, a...))
}

const modSyntax = "want BPSK(n), BOC(m,n), BOCs(m,n), BOCc(m,n), MBOC(m,n,r), CBOC(m,n,r,+|-), TMBOC(m,n,r), QMBOC(m,n,r) or AltBOC(m,n); m and n in multiples of f0 = 1.023 MHz (BPSK also as a rate, e.g. BPSK(0.511MHz)), r a fraction such as 1/11"

// ParseModulation parses a modulation name, case-insensitively and ignoring
// spaces:
//
//	BPSK(n)  BPSK-R(n)  BPSK(0.511MHz)
//	BOC(m,n)  BOCs(m,n)  BOCc(m,n)
//	MBOC(m,n,r)  CBOC(m,n,r,+)  CBOC(m,n,r,-)  CBOC(m,n,r)
//	TMBOC(m,n,r)  QMBOC(m,n,r)  AltBOC(m,n)
//
// m and n are multiples of f0 = 1.023 MHz, decimals allowed (BPSK(0.5));
// a BPSK rate may instead carry a unit, "MHz" or "kHz" (BPSK(0.511MHz) is
// the GLONASS FDMA chip rate of exactly 511 kchip/s). r is the power
// fraction of the BOC(m,n) part, a decimal or a fraction (1/11, 4/33).
// CBOC without a sign is the equal-power +/− pair (the Galileo E1-B+C
// spectrum).
//
// Rules, each violation an error wrapping ErrModulation:
//   - MinMultiple ≤ n ≤ MaxMultiple and, for BOC families, n ≤ m ≤ MaxMultiple;
//   - BOC: 2m/n is an integer (a whole number of sub-carrier half-periods
//     per chip); so BOC(1,2) (m<n) and BOC(1.3,1) are refused;
//   - MBOC family: m > n, 2m/n an integer, 0 < r < 1;
//   - AltBOC: 2m/n an odd integer (the closed form used is for odd ratios;
//     Galileo E5 has 2·15/10 = 3);
//   - every number finite.
func ParseModulation(s string) (Modulation, error) {
	if len(s) > 200 {
		return Modulation{}, modErr(s[:40]+"…", "too long (%d bytes)", len(s))
	}
	t := strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' {
			return -1
		}
		return r
	}, s)
	open := strings.IndexByte(t, '(')
	if open <= 0 || !strings.HasSuffix(t, ")") || strings.Count(t, "(") != 1 || strings.Count(t, ")") != 1 {
		return Modulation{}, modErr(s, "%s", modSyntax)
	}
	name := strings.ToUpper(t[:open])
	args := strings.Split(t[open+1:len(t)-1], ",")
	for i, a := range args {
		if a == "" {
			return Modulation{}, modErr(s, "argument %d is empty", i+1)
		}
	}
	want := func(n int) error {
		if len(args) != n {
			return modErr(s, "%s takes %d arguments, got %d", name, n, len(args))
		}
		return nil
	}
	var kind Kind
	switch name {
	case "BPSK", "BPSK-R", "BPSKR":
		if err := want(1); err != nil {
			return Modulation{}, err
		}
		n, mhz, err := parseRate(s, args[0])
		if err != nil {
			return Modulation{}, err
		}
		m, err := NewModulation(KindBPSK, 0, n, 0, 0)
		if err != nil {
			return Modulation{}, modErr(s, "%s", errTail(err))
		}
		m.mhz = mhz
		return m, nil
	case "BOC", "BOCS":
		kind = KindBOCSin
	case "BOCC":
		kind = KindBOCCos
	case "ALTBOC":
		kind = KindAltBOC
	case "MBOC":
		kind = KindMBOC
	case "CBOC":
		kind = KindCBOC
	case "TMBOC":
		kind = KindTMBOC
	case "QMBOC":
		kind = KindQMBOC
	default:
		return Modulation{}, modErr(s, "unknown family %q; %s", t[:open], modSyntax)
	}
	nargs := 2
	switch kind {
	case KindMBOC, KindTMBOC, KindQMBOC:
		nargs = 3
	case KindCBOC:
		if len(args) != 3 && len(args) != 4 {
			return Modulation{}, modErr(s, "CBOC takes 3 or 4 arguments, got %d", len(args))
		}
		nargs = len(args)
	}
	if err := want(nargs); err != nil {
		return Modulation{}, err
	}
	m, err := parseMultiple(s, "m", args[0])
	if err != nil {
		return Modulation{}, err
	}
	n, err := parseMultiple(s, "n", args[1])
	if err != nil {
		return Modulation{}, err
	}
	var r float64
	var rText string
	sign := 0
	if nargs >= 3 {
		r, rText, err = parseFraction(s, args[2])
		if err != nil {
			return Modulation{}, err
		}
	}
	if nargs == 4 {
		switch args[3] {
		case "+":
			sign = 1
		case "-", "−":
			sign = -1
		default:
			return Modulation{}, modErr(s, "CBOC sign %q: want + or -", args[3])
		}
	}
	mod, err := NewModulation(kind, m, n, r, sign)
	if err != nil {
		return Modulation{}, modErr(s, "%s", errTail(err))
	}
	if rText != "" {
		mod.rText = rText
	}
	return mod, nil
}

// errTail strips the "invalid modulation ...: " prefix of a NewModulation
// error so that ParseModulation can re-wrap it with the input text.
func errTail(err error) string {
	msg := err.Error()
	if i := strings.Index(msg, ": "); i >= 0 {
		return msg[i+2:]
	}
	return msg
}

// MustParseModulation is ParseModulation for constant strings known to be
// valid (package catalogue, tests); it panics on error.
func MustParseModulation(s string) Modulation {
	m, err := ParseModulation(s)
	if err != nil {
		panic(err)
	}
	return m
}

func parseFloat(s, what, a string) (float64, error) {
	v, err := strconv.ParseFloat(a, 64)
	if err != nil {
		return 0, modErr(s, "%s %q is not a number", what, a)
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, modErr(s, "%s %q is not finite", what, a)
	}
	return v, nil
}

func parseMultiple(s, what, a string) (float64, error) {
	return parseFloat(s, what, a)
}

// parseRate reads a BPSK rate: a multiple of f0, or a rate with a unit.
func parseRate(s, a string) (n float64, mhz bool, err error) {
	up := strings.ToUpper(a)
	scale := 0.0
	switch {
	case strings.HasSuffix(up, "MHZ"):
		scale, a = 1e6, a[:len(a)-3]
	case strings.HasSuffix(up, "KHZ"):
		scale, a = 1e3, a[:len(a)-3]
	case strings.HasSuffix(up, "MCPS"):
		scale, a = 1e6, a[:len(a)-4]
	}
	v, err := parseFloat(s, "n", a)
	if err != nil {
		return 0, false, err
	}
	if scale == 0 {
		return v, false, nil
	}
	return v * scale / F0Hz, true, nil
}

// parseFraction reads r as "p/q" or a decimal.
func parseFraction(s, a string) (float64, string, error) {
	if i := strings.IndexByte(a, '/'); i >= 0 {
		p, err := parseFloat(s, "r numerator", a[:i])
		if err != nil {
			return 0, "", err
		}
		q, err := parseFloat(s, "r denominator", a[i+1:])
		if err != nil {
			return 0, "", err
		}
		if q == 0 {
			return 0, "", modErr(s, "r %q divides by zero", a)
		}
		return p / q, fmtNum(p) + "/" + fmtNum(q), nil
	}
	v, err := parseFloat(s, "r", a)
	return v, "", err
}

func fmtNum(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// NewModulation builds a modulation from its parameters (multiples of f0),
// applying the rules of ParseModulation. m is ignored for BPSK; r and sign
// only apply to the MBOC family (sign only to CBOC).
func NewModulation(kind Kind, m, n, r float64, sign int) (Modulation, error) {
	name := kind.String()
	bad := func(format string, a ...any) (Modulation, error) {
		return Modulation{}, fmt.Errorf("%w %s: %s", ErrModulation, name, fmt.Sprintf(format, a...))
	}
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	if !finite(m) || !finite(n) || !finite(r) {
		return bad("parameters must be finite (m=%v, n=%v, r=%v)", m, n, r)
	}
	if n < MinMultiple || n > MaxMultiple {
		return bad("chip rate n=%v outside [%v, %v] multiples of f0", n, MinMultiple, MaxMultiple)
	}
	switch kind {
	case KindBPSK:
		return Modulation{Kind: KindBPSK, N: n}, nil
	case KindBOCSin, KindBOCCos, KindAltBOC, KindMBOC, KindCBOC, KindTMBOC, KindQMBOC:
	default:
		return bad("unknown kind %d", uint8(kind))
	}
	if m < n || m > MaxMultiple {
		return bad("sub-carrier m=%v must satisfy n ≤ m ≤ %v (n=%v)", m, MaxMultiple, n)
	}
	k := 2 * m / n
	kr := math.Round(k)
	if math.Abs(k-kr) > 1e-9*k {
		return bad("2m/n = %v is not an integer (m=%v, n=%v)", k, m, n)
	}
	mod := Modulation{Kind: kind, M: m, N: n}
	switch kind {
	case KindAltBOC:
		if int64(kr)%2 == 0 {
			return bad("2m/n = %v is even; only odd ratios are supported (AltBOC(15,10) has 3)", kr)
		}
	case KindMBOC, KindCBOC, KindTMBOC, KindQMBOC:
		if m == n {
			return bad("m must exceed n (m=n=%v)", m)
		}
		if !(r > 0 && r < 1) {
			return bad("power fraction r=%v outside (0, 1)", r)
		}
		mod.R = r
		if kind == KindCBOC {
			if sign < -1 || sign > 1 {
				return bad("sign %d not +1, −1 or 0", sign)
			}
			mod.Sign = sign
		}
	}
	return mod, nil
}

// String returns the canonical name, which ParseModulation reads back to an
// equal Modulation: "BPSK(1)", "BPSK(0.511MHz)", "BOC(1,1)" (sine
// phased), "BOCc(10,5)", "MBOC(6,1,1/11)", "CBOC(6,1,1/11,+)",
// "TMBOC(6,1,4/33)", "QMBOC(6,1,4/33)", "AltBOC(15,10)".
func (m Modulation) String() string {
	r := m.rText
	if r == "" {
		r = fmtNum(m.R)
	}
	switch m.Kind {
	case KindBPSK:
		if m.mhz {
			return "BPSK(" + fmtNum(roundSig(m.N*F0Hz/1e6)) + "MHz)"
		}
		return "BPSK(" + fmtNum(m.N) + ")"
	case KindBOCSin, KindBOCCos, KindAltBOC:
		return m.Kind.String() + "(" + fmtNum(m.M) + "," + fmtNum(m.N) + ")"
	case KindMBOC, KindTMBOC, KindQMBOC:
		return m.Kind.String() + "(" + fmtNum(m.M) + "," + fmtNum(m.N) + "," + r + ")"
	case KindCBOC:
		s := "CBOC(" + fmtNum(m.M) + "," + fmtNum(m.N) + "," + r
		switch m.Sign {
		case 1:
			s += ",+"
		case -1:
			s += ",-"
		}
		return s + ")"
	}
	return "invalid"
}

// roundSig rounds to 12 significant digits, undoing the f0 round trip of a
// rate given in MHz (0.511e6/F0Hz*F0Hz/1e6 = 0.5110000000000001).
func roundSig(v float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 12, 64), 64)
	return r
}

// halfPeriods returns k = 2m/n, the number of sub-carrier half-periods per
// chip of BOC(m,n) (1 for BPSK).
func halfPeriods(m, n float64) int {
	return int(math.Round(2 * m / n))
}
