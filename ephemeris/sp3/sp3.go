package sp3

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
)

// Sentinel errors of this package, for errors.Is. Problems with single
// fields wrap the sentinels of package ephemeris (ErrSyntax, ErrRange,
// ErrMissingField, ErrLineLength) instead.
var (
	// ErrNotSP3: the input does not start with an SP3 first line ('#'
	// followed by a version letter a-d in column 2).
	ErrNotSP3 = errors.New("not an SP3 file")
	// ErrNoEpochs: the header is complete but no usable epoch follows.
	ErrNoEpochs = errors.New("no epoch records")
	// ErrUnsupported: a well-formed value this package cannot use, such as
	// a time system without a defined relation to UTC here (e.g. IRN).
	ErrUnsupported = errors.New("unsupported")
)

// TimeSystem is the time system of an SP3 file (%c line, columns 10-12).
type TimeSystem uint8

// The time systems of SP3-c and SP3-d. TimeUnknown is the zero value.
const (
	TimeUnknown TimeSystem = iota
	TimeGPS                // GPS time
	TimeGLO                // GLONASS UTC time system: UTC(SU), i.e. UTC
	TimeGAL                // Galileo System Time, equal to GPS time here
	TimeBDT                // BeiDou Time
	TimeQZS                // QZSS time, aligned with GPS time
	TimeTAI                // International Atomic Time
	TimeUTC                // Coordinated Universal Time
)

var timeSystemCodes = [...]string{"???", "GPS", "GLO", "GAL", "BDT", "QZS", "TAI", "UTC"}

// String returns the three-letter SP3 code ("GPS", "GLO", ...).
func (ts TimeSystem) String() string {
	if int(ts) < len(timeSystemCodes) {
		return timeSystemCodes[ts]
	}
	return fmt.Sprintf("TimeSystem(%d)", uint8(ts))
}

// Scale returns the orbit time scale whose clock readings the file's epochs
// are (see the package documentation for the mapping), and false for
// TimeUnknown or an invalid value.
func (ts TimeSystem) Scale() (orbit.TimeScale, bool) {
	switch ts {
	case TimeGPS, TimeGAL, TimeQZS:
		return orbit.GPST, true
	case TimeBDT:
		return orbit.BDT, true
	case TimeTAI:
		return orbit.TAI, true
	case TimeUTC, TimeGLO:
		return orbit.UTC, true
	}
	return orbit.UTC, false
}

// ParseTimeSystem parses an SP3 time-system code (GPS, GLO, GAL, BDT, QZS,
// TAI, UTC; upper case as in the format).
func ParseTimeSystem(s string) (TimeSystem, error) {
	for i, c := range timeSystemCodes {
		if i > 0 && s == c {
			return TimeSystem(i), nil
		}
	}
	return TimeUnknown, fmt.Errorf("unknown SP3 time system %q (want GPS, GLO, GAL, BDT, QZS, TAI or UTC)", s)
}

// SatID identifies a satellite as SP3 does (columns 2-4 of a record): a
// system letter and a two-digit number, e.g. G01, R07, E11, C19, J02. The
// number is the PRN for GPS, Galileo, BeiDou and NavIC, the PRN − 192 for
// QZSS and the PRN − 100 for SBAS (the RINEX convention), and the orbital
// slot for GLONASS.
type SatID struct {
	System ephemeris.System
	PRN    int // 1-99
}

// String returns the three-character form, e.g. "R07".
func (id SatID) String() string {
	return fmt.Sprintf("%s%02d", id.System.Letter(), id.PRN)
}

// systemOfLetter maps an SP3/RINEX system letter to a System. A blank
// letter is GPS (SP3-a identifiers were numbers only).
func systemOfLetter(c byte) (ephemeris.System, bool) {
	switch c {
	case 'G', ' ':
		return ephemeris.GPS, true
	case 'R':
		return ephemeris.GLONASS, true
	case 'E':
		return ephemeris.Galileo, true
	case 'C':
		return ephemeris.BeiDou, true
	case 'J':
		return ephemeris.QZSS, true
	case 'I':
		return ephemeris.NavIC, true
	case 'S':
		return ephemeris.SBAS, true
	}
	return ephemeris.SystemUnknown, false
}

// errZeroID marks the "  0" filler of the satellite list.
var errZeroID = errors.New("zero satellite number")

// ParseSatID parses a satellite identifier of exactly three characters, as
// in columns 2-4 of an SP3 record: a system letter G, R, E, C, J, I or S
// (blank for GPS, as in SP3-a) and a number 1-99, right-justified ("G01",
// "R 7", "  5").
func ParseSatID(s string) (SatID, error) {
	if len(s) != 3 {
		return SatID{}, fmt.Errorf("%w: satellite identifier %q is not 3 characters", ephemeris.ErrSyntax, s)
	}
	sys, ok := systemOfLetter(s[0])
	if !ok {
		return SatID{}, fmt.Errorf("%w: unknown system letter %q in satellite identifier %q", ErrUnsupported, s[0], s)
	}
	num := strings.TrimLeft(s[1:], " ")
	if num == "" {
		return SatID{}, fmt.Errorf("%w: no satellite number in %q", ephemeris.ErrSyntax, s)
	}
	n := 0
	for i := 0; i < len(num); i++ {
		if num[i] < '0' || num[i] > '9' {
			return SatID{}, fmt.Errorf("%w: satellite number %q is not a number", ephemeris.ErrSyntax, s[1:])
		}
		n = n*10 + int(num[i]-'0')
	}
	if n == 0 {
		return SatID{}, errZeroID
	}
	return SatID{System: sys, PRN: n}, nil
}

// Header is the SP3 header (lines 1-2, satellite and accuracy lists, %c,
// %f and comment lines).
type Header struct {
	Version     byte      // 'a', 'b', 'c' or 'd' (line 1, column 2)
	Velocities  bool      // line 1 column 3 is 'V': velocity records follow the positions
	Start       time.Time // first epoch (line 1), a reading in TimeSystem (location UTC); zero if unreadable
	NumEpochs   int       // number of epochs announced (line 1, columns 33-39)
	DataUsed    string    // data used descriptor (line 1, columns 41-45), e.g. "__u+U"
	CoordSystem string    // coordinate system (line 1, columns 47-51), e.g. "IGS14", "IGb14"
	OrbitType   string    // orbit type (line 1, columns 53-55): FIT, EXT, BCT, BHN, HLM
	Agency      string    // agency (line 1, columns 57-60), e.g. "IAC", "GRGS"

	GPSWeek       int           // GPS week of the first epoch (line 2, columns 4-7)
	SecondsOfWeek float64       // seconds of that week (line 2, columns 9-23)
	Interval      time.Duration // epoch interval (line 2, columns 25-38); 0 if unreadable or not positive
	MJD           int           // modified Julian day of the first epoch (line 2, columns 40-44)
	FracDay       float64       // fraction of that day (line 2, columns 46-60)

	// Satellites lists the satellites of the '+' lines, in file order,
	// without the "  0" filler and without identifiers that could not be
	// used (reported as problems).
	Satellites []SatID
	// Accuracy holds, for each satellite, the accuracy exponent of the '++'
	// lines: σ ≈ 2^Accuracy mm; 0 means unknown.
	Accuracy []int

	FileType   string     // %c line 1, columns 4-5: G, R, E, C, J, L or M (mixed); "" for SP3-a/b placeholders
	TimeSystem TimeSystem // %c line 1, columns 10-12 (GPS for SP3-a/b)
	PosBase    float64    // %f line 1, columns 4-13: base of the position/velocity σ exponents (0 if unset)
	ClockBase  float64    // %f line 1, columns 15-26: base of the clock/clock-rate σ exponents (0 if unset)

	Comments []string // text of the /* lines, after the "/* " marker, trailing blanks removed
}

// Flags of a Record (Position and Clock Record columns 75-80, and which
// record types were present).
type Flags uint8

// The record flags.
const (
	ClockEvent     Flags = 1 << iota // column 75 'E': discontinuity in the satellite clock
	ClockPredicted                   // column 76 'P': the clock value is predicted
	Maneuver                         // column 79 'M': a manoeuvre occurred during the epoch
	OrbitPredicted                   // column 80 'P': the position is predicted
	HasVelocity                      // a V record followed the P record
)

// Correlation holds an optional EP (position and clock) or EV (velocity and
// clock rate) record: standard deviations given to more resolution than
// the exponents of the P/V records, and correlation coefficients.
type Correlation struct {
	// Sdev holds the X, Y, Z standard deviations as written (EP: mm; EV:
	// 10⁻⁴ mm/s); ClockSdev the clock's (EP: ps; EV: 10⁻⁴ ps/s). -1:
	// not given.
	Sdev      [3]int
	ClockSdev int
	// Corr holds the correlation coefficients xy, xz, xc, yz, yc, zc as the
	// integers written in the file (see the SP3-c document for their
	// scaling); 0 when not given.
	Corr [6]int
}

// Record is one satellite at one epoch: its P record and the optional V,
// EP and EV records that followed it.
type Record struct {
	Sat   int        // index into Header.Satellites
	Pos   [3]float64 // ECEF position, km; NaN when bad or absent
	Clock float64    // clock correction, µs; NaN when bad or absent

	Vel       [3]float64 // ECEF velocity, km/s (file: dm/s); NaN without a V record or when bad/absent
	ClockRate float64    // clock rate of change, µs/s (file: 10⁻⁴ µs/s); NaN without a V record or when bad/absent

	// Exponents of the standard deviations (σ = base^exponent, bases in the
	// %f line); -1 when the field is blank (unknown).
	PosSdev       [3]int
	ClockSdev     int
	VelSdev       [3]int
	ClockRateSdev int

	Flags Flags
	EP    *Correlation // nil without an EP record
	EV    *Correlation // nil without an EV record
}

// HasPosition reports whether the record holds a position.
func (r *Record) HasPosition() bool { return !math.IsNaN(r.Pos[0]) }

// File is a parsed SP3 file. Records are stored per epoch; lookups by
// satellite and epoch index are O(log satellites). A File is not modified
// after Read returns and may be shared by goroutines.
type File struct {
	Name   string // file name as given to Read
	Header Header
	// Epochs holds the epoch readings in Header.TimeSystem (as written,
	// location UTC), strictly increasing; EpochsUTC the same instants in
	// UTC. Epochs that were rejected are absent from both.
	Epochs    []time.Time
	EpochsUTC []time.Time

	epochLines []int      // line of each epoch's '*' record
	recs       [][]Record // per epoch, sorted by Sat
	satIndex   map[SatID]int
	problems   []*ephemeris.ParseError
}

// Problems returns the problems met while reading (lenient mode), in the
// order they were found (records in input order; the checks of line 2
// against line 1 when the header ends; the epoch count and the EOF line at
// the end): bad records that were skipped and inconsistencies that were
// tolerated. In Strict mode Read returns the first one as its error.
func (f *File) Problems() []*ephemeris.ParseError { return f.problems }

// NumEpochs returns the number of epochs read (len(f.Epochs)).
func (f *File) NumEpochs() int { return len(f.Epochs) }

// Satellites returns the satellites of the header (f.Header.Satellites).
func (f *File) Satellites() []SatID { return f.Header.Satellites }

// SatIndex returns the index of id in f.Header.Satellites, or -1.
func (f *File) SatIndex(id SatID) int {
	if i, ok := f.satIndex[id]; ok {
		return i
	}
	return -1
}

// EpochLine returns the 1-based line of epoch k's '*' record (0 if
// unknown).
func (f *File) EpochLine(k int) int {
	if k < 0 || k >= len(f.epochLines) {
		return 0
	}
	return f.epochLines[k]
}

// Records returns the records of epoch k, sorted by satellite index (nil
// for an epoch without records or out of range). The slice belongs to the
// File: do not modify it.
func (f *File) Records(k int) []Record {
	if k < 0 || k >= len(f.recs) {
		return nil
	}
	return f.recs[k]
}

// Record returns the record of satellite sat (an index into
// Header.Satellites) at epoch k, and false if there is none. The record
// belongs to the File: do not modify it.
func (f *File) Record(sat, k int) (*Record, bool) {
	if k < 0 || k >= len(f.recs) {
		return nil, false
	}
	rs := f.recs[k]
	i := sort.Search(len(rs), func(i int) bool { return rs[i].Sat >= sat })
	if i < len(rs) && rs[i].Sat == sat {
		return &rs[i], true
	}
	return nil, false
}

// Position returns the position (km) of satellite sat at epoch k, NaN when
// bad or absent.
func (f *File) Position(sat, k int) [3]float64 {
	if r, ok := f.Record(sat, k); ok {
		return r.Pos
	}
	nan := math.NaN()
	return [3]float64{nan, nan, nan}
}

// Clock returns the clock correction (µs) of satellite sat at epoch k, NaN
// when bad or absent.
func (f *File) Clock(sat, k int) float64 {
	if r, ok := f.Record(sat, k); ok {
		return r.Clock
	}
	return math.NaN()
}

// String summarises the file: version, agency, time system, epochs and
// satellites.
func (f *File) String() string {
	var first, last string
	if n := len(f.Epochs); n > 0 {
		first = f.Epochs[0].Format("2006-01-02T15:04:05")
		last = f.Epochs[n-1].Format("2006-01-02T15:04:05")
	}
	return f.Name + ": SP3-" + string(f.Header.Version) + " " + strings.TrimSpace(f.Header.Agency) +
		" " + f.Header.CoordSystem + ", " + strconv.Itoa(len(f.Epochs)) + " epochs " + first + " to " + last +
		" " + f.Header.TimeSystem.String() + ", " + strconv.Itoa(len(f.Header.Satellites)) + " satellites"
}
