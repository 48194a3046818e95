package rinex

import (
	"fmt"
	"strings"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
)

// SatID identifies a satellite as RINEX does: a system and a number (the
// PRN; for GLONASS the orbital slot; for QZSS the PRN − 192; for SBAS the
// PRN − 100).
type SatID struct {
	System ephemeris.System
	PRN    int
}

// String returns the RINEX 3 form "G05", "R07", "C01", "E11", "J02", "S23".
func (s SatID) String() string {
	return fmt.Sprintf("%s%02d", s.System.Letter(), s.PRN)
}

// ParseSatID parses a RINEX 3 satellite identifier: a system letter (G, R,
// E, C, J, I, S) and a number 1-99, blank-padded or zero-padded ("G05",
// "G 5").
func ParseSatID(s string) (SatID, error) {
	if len(s) != 3 {
		return SatID{}, fmt.Errorf("satellite %q: want a system letter and two digits, e.g. G05", s)
	}
	sys := systemOfLetter(s[0])
	if sys == ephemeris.SystemUnknown {
		return SatID{}, fmt.Errorf("satellite %q: unknown system letter %q (want G, R, E, C, J, I or S)", s, s[0])
	}
	n, ok := parseInt(s[1:])
	if !ok || n < 1 || n > 99 {
		return SatID{}, fmt.Errorf("satellite %q: number must be 1-99", s)
	}
	return SatID{System: sys, PRN: n}, nil
}

func systemOfLetter(c byte) ephemeris.System {
	switch c {
	case 'G':
		return ephemeris.GPS
	case 'R':
		return ephemeris.GLONASS
	case 'E':
		return ephemeris.Galileo
	case 'C':
		return ephemeris.BeiDou
	case 'J':
		return ephemeris.QZSS
	case 'I':
		return ephemeris.NavIC
	case 'S':
		return ephemeris.SBAS
	}
	return ephemeris.SystemUnknown
}

// IsBeiDouGEO reports whether a BeiDou PRN is a geostationary satellite:
// C01-C05 (BDS-2) and C59-C63 (BDS-3), the PRNs the BDS ICDs give the GEO
// satellites (which broadcast the D2 message, BDS-SIS-ICD-B1I 3.0 sec.
// 5.1.1). GEO ephemerides need the special rotation of the GEO user
// algorithm (BDS-SIS-ICD-B1I 3.0 sec. 5.2.4).
func IsBeiDouGEO(prn int) bool {
	return (prn >= 1 && prn <= 5) || (prn >= 59 && prn <= 63)
}

// Kind is the RINEX 4 record type: EPH, STO, EOP or ION. Records of RINEX 2
// and 3 files are all EPH.
type Kind string

// The RINEX 4 record types (RINEX 4.01, navigation message file: record
// types).
const (
	KindEPH Kind = "EPH" // ephemeris (orbit and clock)
	KindSTO Kind = "STO" // system time offset
	KindEOP Kind = "EOP" // Earth orientation parameters
	KindION Kind = "ION" // ionosphere model parameters
)

// Message is the navigation message a record was decoded from, as named in
// RINEX 4 ("> EPH G01 LNAV"). RINEX 2 and 3 files carry no such name: the
// reader infers LNAV (GPS, QZSS, NavIC), FDMA (GLONASS), SBAS, INAV or FNAV
// (Galileo, from the data-sources field) and D1 or D2 (BeiDou: D2 for the
// GEO PRNs, see IsBeiDouGEO).
type Message string

// Message types of RINEX 4.01 (navigation message file record descriptions).
const (
	LNAV    Message = "LNAV" // GPS/QZSS L1 C/A legacy message (IS-GPS-200 sec. 20), NavIC L5/S SPS
	CNAV    Message = "CNAV" // GPS/QZSS L2C/L5 civil message (IS-GPS-200 sec. 30, IS-GPS-705)
	CNV2    Message = "CNV2" // GPS/QZSS L1C (IS-GPS-800); BeiDou B-CNAV2 (B2a, BDS-SIS-ICD-B2a)
	INAV    Message = "INAV" // Galileo I/NAV (E1-B, E5b-I)
	FNAV    Message = "FNAV" // Galileo F/NAV (E5a-I)
	FDMA    Message = "FDMA" // GLONASS FDMA L1/L2 navigation message (GLONASS ICD ed. 5.1)
	D1      Message = "D1"   // BeiDou D1 (B1I/B3I, MEO and IGSO)
	D2      Message = "D2"   // BeiDou D2 (B1I/B3I, GEO)
	CNV1    Message = "CNV1" // BeiDou B-CNAV1 (B1C, BDS-SIS-ICD-B1C)
	CNV3    Message = "CNV3" // BeiDou B-CNAV3 (B2b)
	SBASMsg Message = "SBAS" // SBAS GEO navigation message (RTCA DO-229)
	// Message names used only by STO, EOP and ION records.
	CNVX Message = "CNVX" // any CNAV message (GPS/QZSS CNAV or CNV2, BeiDou CNV1/2/3)
	D1D2 Message = "D1D2" // BeiDou D1 or D2
	IFNV Message = "IFNV" // Galileo I/NAV or F/NAV
)

// Record is one record of a navigation file. The concrete types are
// *GPSEph (GPS and QZSS), *GalileoEph, *BeiDouEph, *NavICEph, *GLONASSEph,
// *SBASEph and, in RINEX 4 files, *TimeOffset (STO), *EarthOrientation
// (EOP) and *Ionosphere (ION). Use a type switch.
type Record interface {
	// Info returns the fields every record has.
	Info() *RecordInfo
}

// RecordInfo holds what every record has: satellite, type, epoch and where
// it was read.
type RecordInfo struct {
	Sat  SatID
	Kind Kind    // EPH for RINEX 2 and 3 records
	Msg  Message // see Message

	// Epoch is the record's epoch as written, a calendar reading of the
	// time scale Scale (in the UTC location, as orbit.ToScale returns):
	// the clock reference time t_oc for Keplerian ephemerides, t_b for
	// GLONASS (RINEX writes it in UTC), t_0 for SBAS, the reference or
	// transmission time for STO/EOP/ION (see those types).
	Epoch time.Time
	// Scale is the time scale of Epoch and of the record's other time
	// labels: orbit.GPST (GPS, QZSS, SBAS, NavIC: QZSST and the RINEX
	// NavIC epochs are aligned with GPST), orbit.GST (Galileo),
	// orbit.BDT (BeiDou), orbit.UTC (GLONASS, as RINEX writes it).
	Scale orbit.TimeScale

	File string // file name as given in Options.File
	Line int    // 1-based line of the record's first line (the "> EPH" line in RINEX 4)
}

// Info returns r itself; it makes every record type a Record.
func (r *RecordInfo) Info() *RecordInfo { return r }

// UTC returns the UTC instant of a reading (label) of the record's time
// scale, such as Epoch or a Transmit field.
// A reading inside a UTC leap second gives the instant the leap second
// ends (see orbit.FromScale).
func (r *RecordInfo) UTC(label time.Time) time.Time {
	t, _ := orbit.FromScale(label, r.Scale)
	return t
}

// Kepler holds the Keplerian orbit and clock parameters shared by GPS,
// QZSS, Galileo, BeiDou and NavIC ephemerides, in the ICDs' names and SI
// units (m, rad, s) as RINEX writes them. The evaluation algorithm is in
// package orbit/broadcast.
type Kepler struct {
	Af0, Af1, Af2 float64 // clock bias (s), drift (s/s), drift rate (s/s²) at t_oc (= Epoch)

	Crs      float64 // m
	DeltaN   float64 // mean motion difference Δn (legacy) or Δn₀ (CNAV), rad/s
	M0       float64 // mean anomaly at t_oe, rad
	Cuc      float64 // rad
	Ecc      float64 // eccentricity
	Cus      float64 // rad
	SqrtA    float64 // √A (for CNAV: √A₀ at t_oe), m^½
	Toe      float64 // t_oe, seconds of week of Week
	Cic      float64 // rad
	Omega0   float64 // Ω₀, longitude of the ascending node at the weekly epoch, rad
	Cis      float64 // rad
	I0       float64 // i₀, rad
	Crc      float64 // m
	Omega    float64 // ω, argument of perigee, rad
	OmegaDot float64 // Ω̇, rad/s
	IDot     float64 // di/dt, rad/s

	// CNAV-only terms (0 in legacy messages): rate of the semi-major axis
	// (IS-GPS-200 Table 30-II; BDS-SIS-ICD-B1C 1.0 sec. 7.7) and rate of
	// the mean motion difference.
	ADot      float64 // m/s
	DeltaNDot float64 // rad/s²

	// Week is the continuous week of Toe in the RINEX numbering: GPS weeks
	// for GPS and QZSS, the GPS-aligned "GAL week" RINEX writes for
	// Galileo (Galileo week + 1024), BDT weeks for BeiDou, GPS-aligned
	// weeks for NavIC. Whatever week the file writes (that of t_oc when
	// t_oe falls in the next or previous week, or a week modulo 1024), the
	// reader places t_oe within half a week of t_oc (Epoch).
	Week int
	// ToeTime is Week and Toe as a reading of the record's time scale.
	ToeTime time.Time
}

// Orbit returns k; it lets callers reach the Keplerian parameters of any
// Keplerian record type through an interface.
func (k *Kepler) Orbit() *Kepler { return k }

// GPSEph is a GPS or QZSS ephemeris (Sat.System tells which): LNAV
// (IS-GPS-200 sec. 20.3.3; IS-QZSS-PNT for QZSS) in RINEX 2, 3
// and 4, CNAV and CNV2 (IS-GPS-200 sec. 30; IS-GPS-800) in RINEX 4.
type GPSEph struct {
	RecordInfo
	Kepler

	// LNAV fields.
	IODE     int     // issue of data, ephemeris
	IODC     int     // issue of data, clock
	CodesL2  int     // codes on L2 channel
	L2PFlag  int     // L2 P data flag
	URA      float64 // SV accuracy, m
	FitHours float64 // fit interval field as written: hours (GPS), or the QZSS/GPS fit-interval flag 0/1; 0 also when unknown

	// Fields of both message families.
	Health int     // SV health (LNAV: 6 bits of subframe 1; CNAV: L1/L2/L5 health bits); 0 = healthy
	TGD    float64 // group delay differential T_GD, s

	// CNAV/CNV2 fields (zero for LNAV).
	Top      float64    // t_op, data predict time of week, s
	URAIED   int        // URA_ED index
	URAINED  [3]int     // URA_NED0, URA_NED1, URA_NED2 indices
	ISC      [6]float64 // ISC L1C/A, L2C, L5I5, L5Q5, L1Cd, L1Cp (the last two CNV2 only), s
	WeekCNAV int        // the week field of the CNAV transmission-time line as written

	// TransmitSOW is the transmission time of message as written (seconds
	// of the record's week; may be negative, see the RINEX 3.05 GPS record description);
	// 0.9999e9 in RINEX means unknown.
	TransmitSOW float64
	// Transmit is the transmission time as a reading of the record's time
	// scale, its week resolved to lie within half a week of t_oe; the zero
	// time when unknown.
	Transmit time.Time
}

// Healthy reports whether the SV health field is 0 (IS-GPS-200 sec.
// 20.3.3.3.1.4: all signals OK; IS-QZSS-PNT likewise).
func (e *GPSEph) Healthy() bool { return e.Health == 0 }

// Galileo data-source bits (RINEX 3.05 and 4.01 Galileo record description).
const (
	GalSourceINAVE1B  = 1 << 0 // I/NAV E1-B
	GalSourceFNAVE5a  = 1 << 1 // F/NAV E5a-I
	GalSourceINAVE5b  = 1 << 2 // I/NAV E5b-I
	GalSourceClockE5a = 1 << 8 // af0-af2, t_oc, SISA are for E5a,E1
	GalSourceClockE5b = 1 << 9 // af0-af2, t_oc, SISA are for E5b,E1
)

// GalileoEph is a Galileo I/NAV or F/NAV ephemeris (Galileo OS SIS ICD
// issue 2.0, sec. 5.1.1; Msg says which, from the data-sources field in
// RINEX 3 and from the message name in RINEX 4).
type GalileoEph struct {
	RecordInfo
	Kepler

	IODnav      int     // issue of data of the navigation batch
	DataSources int     // data-source bits, see GalSource*
	SISA        float64 // signal-in-space accuracy, m; negative (RINEX: -1) = NAPA, no accuracy prediction available
	Health      int     // SV health bits (RINEX 3.05 Galileo record): bit 0 E1-B DVS, 1-2 E1-B HS, 3 E5a DVS, 4-5 E5a HS, 6 E5b DVS, 7-8 E5b HS
	BGDE5aE1    float64 // broadcast group delay E5a/E1, s
	BGDE5bE1    float64 // broadcast group delay E5b/E1, s

	TransmitSOW float64   // transmission time as written, seconds of the GAL week
	Transmit    time.Time // resolved transmission time (GST reading); zero when unknown
}

// Healthy reports whether the signals of the record's message are usable
// (Galileo OS SIS ICD issue 2.0, signal health and data validity status):
// for I/NAV the E1-B and
// E5b signal-health status is 0 (OK) and their data-validity status 0
// (valid), for F/NAV the same for E5a; and SISA is not NAPA (a negative
// SISA in RINEX).
func (e *GalileoEph) Healthy() bool {
	mask := 0x1C7 // bits 0-2 (E1-B) and 6-8 (E5b)
	if e.Msg == FNAV {
		mask = 0x038 // bits 3-5 (E5a)
	}
	return e.Health&mask == 0 && e.SISA >= 0
}

// BeiDouEph is a BeiDou ephemeris: D1 or D2 (BDS-SIS-ICD-B1I 3.0 sec. 5.2, 5.3)
// in RINEX 3 and 4, B-CNAV1/2/3 (BDS-SIS-ICD-B1C 1.0, -B2a 1.0, -B2b 1.0)
// in RINEX 4.
type BeiDouEph struct {
	RecordInfo
	Kepler

	GEO bool // geostationary (IsBeiDouGEO of the PRN): evaluated with the GEO rotation

	// D1/D2 fields.
	AODE  int     // age of data, ephemeris (as RINEX writes it)
	AODC  int     // age of data, clock
	URA   float64 // SV accuracy, m
	SatH1 int     // autonomous satellite health flag; 0 = good
	TGD1  float64 // B1/B3 group delay, s
	TGD2  float64 // B2/B3 group delay, s

	// B-CNAV fields (zero for D1/D2).
	SatType   int     // 1 GEO, 2 IGSO, 3 MEO
	Top       float64 // t_op, s of week
	SISAI     [4]int  // SISAI_oe, SISAI_ocb, SISAI_oc1, SISAI_oc2
	SISMAI    int
	Health    int     // B-CNAV health status; 0 = healthy
	Integrity int     // integrity flags (B1C, B2a+B1C or B2b) as written
	IODC      int     // issue of data, clock
	IODE      int     // issue of data, ephemeris
	ISCB1Cd   float64 // s
	ISCB2ad   float64 // s
	TGDB1Cp   float64 // s
	TGDB2ap   float64 // s
	TGDB2bI   float64 // s

	TransmitSOW float64   // transmission time as written, seconds of the BDT week
	Transmit    time.Time // resolved (BDT reading); zero when unknown
}

// Healthy reports whether SatH1 (D1/D2, BDS-SIS-ICD-B1I 3.0 sec. 5.2.4)
// or the health status HS (B-CNAV, BDS-SIS-ICD-B1C 1.0 sec. 7) is 0.
func (e *BeiDouEph) Healthy() bool {
	if e.Msg == D1 || e.Msg == D2 {
		return e.SatH1 == 0
	}
	return e.Health == 0
}

// NavICEph is a NavIC (IRNSS) L5/S SPS ephemeris (IRNSS SIS ICD for SPS
// 1.1).
type NavICEph struct {
	RecordInfo
	Kepler

	IODEC  int     // issue of data, ephemeris and clock
	URA    float64 // user range accuracy, m
	Health int     // 0 = healthy
	TGD    float64 // s

	TransmitSOW float64
	Transmit    time.Time
}

// Healthy reports whether the health field is 0.
func (e *NavICEph) Healthy() bool { return e.Health == 0 }

// GLONASSEph is a GLONASS FDMA ephemeris (GLONASS ICD ed. 5.1, immediate
// information):
// the PZ-90 state at t_b, which is Epoch (UTC, as RINEX writes it; t_b
// itself counts GLONASST = UTC + 3 h).
type GLONASSEph struct {
	RecordInfo

	ClockBias float64 // −τ_n as written (SV clock bias, s); TauN = −ClockBias
	GammaN    float64 // +γ_n, relative frequency bias

	// FrameTime is the message frame time t_k as written: seconds of the
	// UTC week (RINEX 3/4; RINEX 2.11 says seconds of the UTC week too,
	// older files seconds of day); 0.9999e9 = unknown.
	FrameTime float64
	// Transmit is the resolved frame time as a UTC instant (zero when
	// unknown): the candidate nearest to t_b among the week (and, for
	// old files, day) interpretations of FrameTime.
	Transmit time.Time

	Pos     [3]float64 // x, y, z at t_b, PZ-90, km
	Vel     [3]float64 // velocity, km/s
	Acc     [3]float64 // luni-solar acceleration (constant over the fit interval), km/s²
	Health  int        // B_n MSB as RINEX writes it: 0 = healthy
	FreqNum int        // frequency channel k, −7..+13 (GLONASS ICD ed. 5.1: −7..+6; older plans up to +13)
	Age     int        // age of operational information E_n, days

	// RINEX 3.05 / 4 fourth orbit line (HasLine4 reports whether it was
	// there).
	HasLine4    bool
	StatusFlags int     // status flags as written
	DeltaTau    float64 // L1/L2 group delay difference Δτ, s (0.999999999999e9 = unknown)
	URAI        int     // GLONASS-M/K accuracy index
	HealthFlags int     // health flags as written
}

// TauN returns τ_n, the SV clock offset of GLONASS ICD ed. 5.1 (s).
func (e *GLONASSEph) TauN() float64 { return -e.ClockBias }

// Healthy reports whether the health field (MSB of B_n) is 0.
func (e *GLONASSEph) Healthy() bool { return e.Health == 0 }

// SBASEph is an SBAS GEO ephemeris (RTCA DO-229, message type 9): an
// Earth-fixed state at t_0 (Epoch, GPST). It is read but not propagated by
// package broadcast.
type SBASEph struct {
	RecordInfo
	AGf0, AGf1  float64    // clock offset (s) and drift (s/s)
	TransmitSOW float64    // transmission time, seconds of the GPS week
	Transmit    time.Time  // resolved (GPST reading); zero when unknown
	Pos         [3]float64 // km
	Vel         [3]float64 // km/s
	Acc         [3]float64 // km/s²
	Health      int
	URA         float64 // m
	IODN        int
}

// TimeOffset is a RINEX 4 system time offset record (STO): the polynomial
// A0 + A1·(t − t_ref) + A2·(t − t_ref)² from one time scale to another.
type TimeOffset struct {
	RecordInfo             // Epoch: reference time t_ot of the polynomial
	Type        string     // e.g. "GPUT", "GAGP", "BDUT", "GLGP" (RINEX 4.01 time system offset codes)
	SBASID      string     // SBAS identifier, if any
	UTCID       string     // UTC realisation, e.g. "UTC(USNO)"
	TransmitSOW float64    // transmission time, seconds of week
	A           [3]float64 // A0 (s), A1 (s/s), A2 (s/s²)
}

// EarthOrientation is a RINEX 4 EOP record (GPS/QZSS CNAV message type 32,
// BeiDou B-CNAV): pole coordinates and UT1 − UTC with their rates.
type EarthOrientation struct {
	RecordInfo                    // Epoch: reference time t_EOP
	XP, XPDot, XPDot2     float64 // arc-seconds, /day, /day²
	YP, YPDot, YPDot2     float64 // arc-seconds, /day, /day²
	TransmitSOW           float64 // seconds of week
	DUT1, DUT1Dot, DUT1D2 float64 // UT1 − UTC (s), /day, /day²
}

// IonoModel names the model of an Ionosphere record.
type IonoModel uint8

// Ionosphere models of RINEX 4 ION records.
const (
	Klobuchar IonoModel = iota + 1 // GPS, QZSS, BeiDou D1/D2, NavIC (IS-GPS-200 sec. 20.3.3.5.2.5)
	NeQuickG                       // Galileo (Galileo OS SIS ICD, ionospheric correction)
	BDGIM                          // BeiDou B-CNAV (BDS-SIS-ICD-B1C 1.0, BDGIM)
)

// Ionosphere is a RINEX 4 ION record. Which fields are set depends on Model.
type Ionosphere struct {
	RecordInfo // Epoch: transmission time
	Model      IonoModel
	Alpha      [4]float64 // Klobuchar α0-α3 (s, s/semicircle, ...)
	Beta       [4]float64 // Klobuchar β0-β3 (s, s/semicircle, ...)
	Region     int        // Klobuchar region code (QZSS: 0 wide area, 1 Japan area)
	AI         [3]float64 // NeQuick-G a_i0 (sfu), a_i1, a_i2
	Flags      int        // NeQuick-G ionospheric disturbance flags
	BDGIM      [9]float64 // BDGIM α1-α9 (TECU)
}

// TimeSystemCorr is a TIME SYSTEM CORR header line (RINEX 3; in RINEX 2
// the DELTA-UTC and CORR TO SYSTEM TIME lines are read into it too):
// CORR(s) = A0 + A1·(t − T_ref), t in the first system's scale.
type TimeSystemCorr struct {
	Type    string  // "GPUT", "GAUT", "GAGP", "BDUT", "GLUT", "GLGP", "QZUT", "QZGP", "SBUT", "IRUT", "IRGP"
	A0, A1  float64 // s, s/s
	RefSOW  int     // reference time T, seconds of week (RINEX 2 GLUT: 0)
	RefWeek int     // reference week (RINEX 2 GLUT: 0; see RefDate)
	RefDate time.Time
	Source  string // e.g. "EGNOS", "WAAS" or an SBAS/UTC source ("" if none)
	UTCID   int    // UTC identifier (0 if none)
	Line    int
}

// IonoCorr is an IONOSPHERIC CORR header line (RINEX 3; ION ALPHA/BETA of
// RINEX 2 are read as GPSA/GPSB).
type IonoCorr struct {
	Type     string     // "GAL", "GPSA", "GPSB", "QZSA", "QZSB", "BDSA", "BDSB", "IRNA", "IRNB"
	Params   [4]float64 // the four parameters as written
	TimeMark string     // transmission time mark (BDS), "" if none
	SV       string     // transmitting satellite (BDS), "" if none
	Line     int
}

// LeapSeconds is the LEAP SECONDS header line.
type LeapSeconds struct {
	Current int    // ΔT_LS, current leap seconds (GPS − UTC)
	Future  int    // ΔT_LSF, future or past leap seconds (0 if not given)
	Week    int    // WN_LSF (0 if not given)
	Day     int    // DN (0 if not given)
	System  string // time system of the week/day ("GPS" or "BDS"; "" = GPS)
	Line    int
}

// Header is the header of a navigation file.
type Header struct {
	Version float64 // e.g. 2.11, 3.05, 4.01
	// FileType is the type character as written: 'N' (navigation; RINEX 2
	// GPS navigation), 'G' (RINEX 2 GLONASS navigation), 'H' (RINEX 2 GEO
	// navigation).
	FileType byte
	// System is the file's satellite system, ephemeris.SystemUnknown for a
	// mixed file (Mixed is then true).
	System  ephemeris.System
	Mixed   bool
	Program string // PGM / RUN BY / DATE: program
	RunBy   string
	Date    string

	Comments []string
	Leap     *LeapSeconds // nil when absent
	TimeCorr []TimeSystemCorr
	IonoCorr []IonoCorr
	Lines    int // header length in lines, END OF HEADER included
}

// MajorVersion returns 2, 3 or 4.
func (h *Header) MajorVersion() int { return int(h.Version) }

// String summarises the header, e.g. "RINEX 3.05 navigation, mixed".
func (h *Header) String() string {
	sys := "mixed"
	if !h.Mixed {
		sys = h.System.Title()
	}
	return fmt.Sprintf("RINEX %.2f navigation, %s", h.Version, strings.ToLower(sys))
}
