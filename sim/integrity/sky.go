package integrity

// Sky files: the satellites in view at a list of epochs, as azimuth and
// elevation, so that a sky from a receiver log or a paper can be
// evaluated without orbits.

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gnssim/gnssim/ephemeris"
)

// Sky is the sky of one epoch.
type Sky struct {
	Time time.Time // UTC
	Line int       // line of the file where the epoch starts (0 when not read from a file)
	Sats []SkySat
}

// SkySat is one satellite of a sky.
type SkySat struct {
	ID     string           // as in the file, e.g. "G05", "R07", "C19"
	System ephemeris.System // navigation system
	AzDeg  float64          // azimuth, degrees clockwise from north, [0, 360)
	ElDeg  float64          // elevation, degrees, [-90, 90]
}

// MaxSkyBytes bounds a sky file (about a million satellite rows).
const MaxSkyBytes = 64 << 20

// Sky file columns (header names).
const (
	skyColEpoch  = "epoch"
	skyColSat    = "satellite"
	skyColSystem = "system"
	skyColAz     = "azimuth_deg"
	skyColEl     = "elevation_deg"
)

// skyAliases are other accepted header names, mapped to the column names.
var skyAliases = map[string]string{
	"time": skyColEpoch, "time_utc": skyColEpoch, "epoch_utc": skyColEpoch,
	"sat": skyColSat, "prn": skyColSat,
	"azimuth": skyColAz, "az_deg": skyColAz,
	"elevation": skyColEl, "el_deg": skyColEl,
}

// ParseSky reads a sky file (named name in errors): CSV (RFC 4180) with a
// header line naming the columns
//
//	epoch,satellite,system,azimuth_deg,elevation_deg
//
// in any order (azimuth and elevation are accepted for the last two, time
// for epoch; other columns are ignored), then one line per satellite and
// epoch:
//
//   - epoch: the time of the sky, RFC 3339 (2026-03-18T00:00:00Z; an
//     offset such as +03:00 is converted to UTC; without a zone, UTC). Rows
//     may come in any order (by epoch, as a receiver logs them, or by
//     satellite, as `gnssim skyplot --format csv` writes them): the skies
//     are returned in time order, each with its satellites in file order.
//     A sky from a paper without a time takes any time.
//   - satellite: its name, e.g. G05, R07, C19 (unique within an epoch; when
//     it is a system letter and a number, the letter must agree with
//     system).
//   - system: gps, glonass, galileo, beidou, qzss, navic, sbas or a RINEX
//     letter (G, R, E, C, J, I, S).
//   - azimuth_deg: degrees clockwise from north, in [0, 360] (360 is 0).
//   - elevation_deg: degrees above the horizon, in [-90, 90].
//
// Blank lines and lines starting with '#' are skipped; a UTF-8 byte-order
// mark is ignored. Errors are *ParseError values naming the file, the line
// and the field (the column): a missing column, a field that is not a
// number or a time, a value out of range, a satellite twice at one epoch.
// Satellites below the mask, and epochs with too few
// satellites, are not errors: the Evaluator leaves such epochs unavailable.
func ParseSky(name string, r io.Reader) ([]Sky, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSkyBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(data) > MaxSkyBytes {
		return nil, &ParseError{File: name, Msg: fmt.Sprintf("larger than %d MiB; that is not a sky file", MaxSkyBytes>>20)}
	}
	return parseSky(name, data)
}

func parseSky(name string, data []byte) ([]Sky, error) {
	perr := func(line int, field, format string, args ...any) error {
		return &ParseError{File: name, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)}
	}
	if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
		return nil, perr(0, "", "not a text file; want CSV lines epoch,satellite,system,azimuth_deg,elevation_deg")
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = true
	readErr := func(err error) error {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return perr(pe.Line, "", "CSV: %v", pe.Err)
		}
		return perr(0, "", "CSV: %v", err)
	}
	rec, err := cr.Read()
	if err == io.EOF {
		return nil, perr(0, "", "empty file; want a header line epoch,satellite,system,azimuth_deg,elevation_deg and one line per satellite and epoch")
	}
	if err != nil {
		return nil, readErr(err)
	}
	headLine, _ := cr.FieldPos(0)
	col := map[string]int{}
	for i, h := range rec {
		key := strings.ToLower(strings.TrimSpace(h))
		if a, ok := skyAliases[key]; ok {
			key = a
		}
		if _, dup := col[key]; dup && isSkyColumn(key) {
			return nil, perr(headLine, key, "column given twice in the header")
		}
		if _, dup := col[key]; !dup {
			col[key] = i
		}
	}
	for _, c := range []string{skyColEpoch, skyColSat, skyColSystem, skyColAz, skyColEl} {
		if _, ok := col[c]; !ok {
			return nil, perr(headLine, c, "column missing from the header %q (want epoch,satellite,system,azimuth_deg,elevation_deg)", strings.Join(rec, ","))
		}
	}
	ncol := 0
	for _, i := range col {
		ncol = max(ncol, i+1)
	}
	var skies []Sky
	type instant struct {
		s  int64
		ns int
	}
	index := map[instant]int{}  // epoch → index in skies
	seen := map[skySatKey]int{} // (epoch, satellite) → line
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, readErr(err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) < ncol {
			return nil, perr(line, "", "%d fields, want at least %d (the columns of the header)", len(rec), ncol)
		}
		field := func(c string) string { return strings.TrimSpace(rec[col[c]]) }
		t, err := parseSkyTime(field(skyColEpoch))
		if err != nil {
			return nil, perr(line, skyColEpoch, "%v", err)
		}
		id := field(skyColSat)
		if id == "" {
			return nil, perr(line, skyColSat, "empty satellite name")
		}
		if len(id) > 64 {
			return nil, perr(line, skyColSat, "satellite name longer than 64 bytes")
		}
		sys, err := ephemeris.ParseSystem(field(skyColSystem))
		if err != nil {
			return nil, perr(line, skyColSystem, "%v", err)
		}
		if ls, ok := idSystem(id); ok && ls != sys {
			return nil, perr(line, skyColSystem, "satellite %s is a %s satellite by its letter, the system column says %s", id, ls.Title(), sys.Title())
		}
		az, err := skyNumber(field(skyColAz))
		if err != nil {
			return nil, perr(line, skyColAz, "%v", err)
		}
		if az < 0 || az > 360 {
			return nil, perr(line, skyColAz, "azimuth %s° outside [0, 360]", field(skyColAz))
		}
		if az == 360 {
			az = 0
		}
		el, err := skyNumber(field(skyColEl))
		if err != nil {
			return nil, perr(line, skyColEl, "%v", err)
		}
		if el < -90 || el > 90 {
			return nil, perr(line, skyColEl, "elevation %s° outside [-90, 90]", field(skyColEl))
		}
		at := instant{t.Unix(), t.Nanosecond()}
		k, ok := index[at]
		if !ok {
			k = len(skies)
			index[at] = k
			skies = append(skies, Sky{Time: t, Line: line})
		}
		key := skySatKey{k, strings.ToUpper(id)}
		if first, ok := seen[key]; ok {
			return nil, perr(line, skyColSat, "satellite %s is listed twice at epoch %s (lines %d and %d)", id, t.Format(time.RFC3339Nano), first, line)
		}
		seen[key] = line
		s := &skies[k]
		s.Sats = append(s.Sats, SkySat{ID: id, System: sys, AzDeg: az, ElDeg: el})
	}
	if len(skies) == 0 {
		return nil, perr(headLine, "", "no satellite lines after the header")
	}
	sort.SliceStable(skies, func(a, b int) bool { return skies[a].Time.Before(skies[b].Time) })
	return skies, nil
}

// skySatKey is a satellite at an epoch (index into the skies).
type skySatKey struct {
	epoch int
	id    string
}

func isSkyColumn(c string) bool {
	switch c {
	case skyColEpoch, skyColSat, skyColSystem, skyColAz, skyColEl:
		return true
	}
	return false
}

// idSystem returns the system of a satellite name made of a RINEX system
// letter and a number (G05, R07, C19).
func idSystem(id string) (ephemeris.System, bool) {
	if len(id) < 2 || strings.IndexFunc(id[1:], func(r rune) bool { return r < '0' || r > '9' }) >= 0 {
		return 0, false
	}
	s, err := ephemeris.ParseSystem(id[:1])
	return s, err == nil
}

func skyNumber(s string) (float64, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is not a finite number", s)
	}
	return v, nil
}

// parseSkyTime reads RFC 3339 (lower-case t and z, a blank for T, a zone
// offset converted to UTC) or a date and time without a zone (UTC).
func parseSkyTime(s string) (time.Time, error) {
	norm := s
	if len(norm) > 10 && (norm[10] == 't' || norm[10] == ' ') {
		norm = norm[:10] + "T" + norm[11:]
	}
	if strings.HasSuffix(norm, "z") {
		norm = norm[:len(norm)-1] + "Z"
	}
	for _, l := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04"} {
		if t, err := time.Parse(l, norm); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a time; want RFC 3339 such as 2026-03-18T00:00:00Z", s)
}
