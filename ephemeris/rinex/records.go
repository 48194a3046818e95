package rinex

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
)

// A layout names the numeric fields of a record, line by line: entry [i][j]
// is field j of line i (for line 0 the three clock fields j = 1..3 after
// the satellite and epoch). A zero fieldSpec is a spare field, not read.
type layout [][4]fieldSpec

func req(name, unit string) fieldSpec { return fieldSpec{name: name, unit: unit, required: true} }
func opt(name, unit string) fieldSpec { return fieldSpec{name: name, unit: unit} }

var clockLine = [4]fieldSpec{{}, opt("SV clock bias af0", "s"), opt("SV clock drift af1", "s/s"), opt("SV clock drift rate af2", "s/s²")}

// keplerLayout is the common part of the Keplerian records (RINEX 3.05 and
// 4.01 GPS, Galileo, BDS, QZSS and NavIC record descriptions): lines 1-4, with
// the first fields of lines 1 and 3 given (IODE/AODE/IODnav/ADOT and
// t_oe/t_op), followed by the system-specific lines.
func keplerLayout(first1, first3 fieldSpec, rest ...[4]fieldSpec) layout {
	return append(layout{clockLine,
		{first1, req("Crs", "m"), req("Delta n", "rad/s"), req("M0", "rad")},
		{req("Cuc", "rad"), req("e", "eccentricity"), req("Cus", "rad"), req("sqrt(A)", "m^1/2")},
		{first3, req("Cic", "rad"), req("OMEGA0", "rad"), req("Cis", "rad")},
		{req("i0", "rad"), req("Crc", "m"), req("omega", "rad"), req("OMEGA DOT", "rad/s")},
	}, rest...)
}

var (
	gpsLNAVLayout = keplerLayout(opt("IODE", ""), req("Toe", "s of GPS week"),
		[4]fieldSpec{req("IDOT", "rad/s"), opt("codes on L2", ""), req("GPS week", "continuous week of Toe"), opt("L2 P data flag", "")},
		[4]fieldSpec{opt("SV accuracy", "m"), req("SV health", "bits"), opt("TGD", "s"), opt("IODC", "")},
		[4]fieldSpec{opt("transmission time", "s of GPS week"), opt("fit interval", "hours or flag")})
	gpsCNAVLines = [][4]fieldSpec{
		{req("IDOT", "rad/s"), opt("Delta n0 dot", "rad/s²"), opt("URAI_NED0", ""), opt("URAI_NED1", "")},
		{opt("URAI_ED", ""), req("SV health", "bits"), opt("TGD", "s"), opt("URAI_NED2", "")},
		{opt("ISC_L1CA", "s"), opt("ISC_L2C", "s"), opt("ISC_L5I5", "s"), opt("ISC_L5Q5", "s")},
	}
	gpsCNAVLayout = keplerLayout(opt("A DOT", "m/s"), opt("t_op", "s of week"), append(gpsCNAVLines,
		[4]fieldSpec{opt("transmission time", "s of GPS week"), opt("week", "GPS week")})...)
	gpsCNV2Layout = keplerLayout(opt("A DOT", "m/s"), opt("t_op", "s of week"), append(append([][4]fieldSpec{}, gpsCNAVLines...),
		[4]fieldSpec{opt("ISC_L1Cd", "s"), opt("ISC_L1Cp", "s")},
		[4]fieldSpec{opt("transmission time", "s of GPS week"), opt("week", "GPS week")})...)
	galLayout = keplerLayout(opt("IODnav", ""), req("Toe", "s of GAL week"),
		[4]fieldSpec{req("IDOT", "rad/s"), req("data sources", "bits"), req("GAL week", "continuous week of Toe, GPS-aligned"), {}},
		[4]fieldSpec{opt("SISA", "m"), req("SV health", "bits"), opt("BGD E5a/E1", "s"), opt("BGD E5b/E1", "s")},
		[4]fieldSpec{opt("transmission time", "s of GAL week")})
	bdsD1D2Layout = keplerLayout(opt("AODE", ""), req("Toe", "s of BDT week"),
		[4]fieldSpec{req("IDOT", "rad/s"), {}, req("BDT week", "continuous BDT week of Toe"), {}},
		[4]fieldSpec{opt("SV accuracy", "m"), req("SatH1", "0 or 1"), opt("TGD1 B1/B3", "s"), opt("TGD2 B2/B3", "s")},
		[4]fieldSpec{opt("transmission time", "s of BDT week"), opt("AODC", "")})
	bdsCNVHead = [][4]fieldSpec{
		{req("IDOT", "rad/s"), opt("Delta n0 dot", "rad/s²"), opt("SatType", "1 GEO, 2 IGSO, 3 MEO"), opt("t_op", "s of BDT week")},
		{opt("SISAI_oe", ""), opt("SISAI_ocb", ""), opt("SISAI_oc1", ""), opt("SISAI_oc2", "")},
	}
	bdsCNV1Layout = keplerLayout(opt("A DOT", "m/s"), req("Toe", "s of BDT week"), append(append([][4]fieldSpec{}, bdsCNVHead...),
		[4]fieldSpec{opt("ISC_B1Cd", "s"), {}, opt("TGD_B1Cp", "s"), opt("TGD_B2ap", "s")},
		[4]fieldSpec{opt("SISMAI", ""), req("health", ""), opt("B1C integrity flags", ""), opt("IODC", "")},
		[4]fieldSpec{opt("transmission time", "s of BDT week"), {}, {}, opt("IODE", "")})...)
	bdsCNV2Layout = keplerLayout(opt("A DOT", "m/s"), req("Toe", "s of BDT week"), append(append([][4]fieldSpec{}, bdsCNVHead...),
		[4]fieldSpec{{}, opt("ISC_B2ad", "s"), opt("TGD_B1Cp", "s"), opt("TGD_B2ap", "s")},
		[4]fieldSpec{opt("SISMAI", ""), req("health", ""), opt("B2a+B1C integrity flags", ""), opt("IODC", "")},
		[4]fieldSpec{opt("transmission time", "s of BDT week"), {}, {}, opt("IODE", "")})...)
	bdsCNV3Layout = keplerLayout(opt("A DOT", "m/s"), req("Toe", "s of BDT week"), append(append([][4]fieldSpec{}, bdsCNVHead...),
		[4]fieldSpec{opt("SISMAI", ""), req("health", ""), opt("B2b integrity flags", ""), opt("TGD_B2bI", "s")},
		[4]fieldSpec{opt("transmission time", "s of BDT week")})...)
	navicLayout = keplerLayout(opt("IODEC", ""), req("Toe", "s of week"),
		[4]fieldSpec{req("IDOT", "rad/s"), {}, req("IRN week", "continuous week of Toe, GPS-aligned"), {}},
		[4]fieldSpec{opt("URA", "m"), req("health", ""), opt("TGD", "s"), {}},
		[4]fieldSpec{opt("transmission time", "s of week")})
	gloLayout = layout{
		{{}, req("SV clock bias -TauN", "s"), req("relative frequency bias +GammaN", ""), opt("message frame time tk", "s of UTC week")},
		{req("X", "km"), req("X velocity", "km/s"), opt("X acceleration", "km/s²"), req("health", "0 = OK")},
		{req("Y", "km"), req("Y velocity", "km/s"), opt("Y acceleration", "km/s²"), req("frequency number", "-7..+13")},
		{req("Z", "km"), req("Z velocity", "km/s"), opt("Z acceleration", "km/s²"), opt("age of operation", "days")},
		{opt("status flags", ""), opt("L1/L2 group delay difference", "s"), opt("URAI", ""), opt("health flags", "")},
	}
	sbasLayout = layout{
		{{}, opt("SV clock bias aGf0", "s"), opt("SV relative frequency bias aGf1", "s/s"), opt("transmission time", "s of GPS week")},
		{req("X", "km"), req("X velocity", "km/s"), opt("X acceleration", "km/s²"), opt("health", "")},
		{req("Y", "km"), req("Y velocity", "km/s"), opt("Y acceleration", "km/s²"), opt("URA", "m")},
		{req("Z", "km"), req("Z velocity", "km/s"), opt("Z acceleration", "km/s²"), opt("IODN", "")},
	}
)

// fields holds the values read with a layout.
type fields struct {
	v   [][4]float64
	has [][4]bool
	ls  []line
	v2  bool
}

// readFields reads every named field of the lines. Lines beyond the layout
// must have been refused by the caller.
func (p *parser) readFields(ls []line, v2 bool, lay layout) (*fields, *ephemeris.ParseError) {
	f := &fields{v: make([][4]float64, len(ls)), has: make([][4]bool, len(ls)), ls: ls, v2: v2}
	for i, l := range ls {
		for j := range 4 {
			sp := lay[i][j]
			if sp.name == "" {
				continue
			}
			v, ok, e := p.numField(l, v2, j, sp)
			if e != nil {
				return nil, e
			}
			f.v[i][j], f.has[i][j] = v, ok
		}
	}
	return f, nil
}

// integer returns field [i][j] as an integer in [lo, hi] (0 when absent).
func (p *parser) integer(f *fields, i, j int, name string, lo, hi int) (int, *ephemeris.ParseError) {
	if i >= len(f.v) || !f.has[i][j] {
		return 0, nil
	}
	return p.intOf(f.ls[i], f.v2, j, f.v[i][j], name, lo, hi)
}

// get returns field [i][j], or 0 when the line is absent.
func (f *fields) get(i, j int) float64 {
	if i >= len(f.v) {
		return 0
	}
	return f.v[i][j]
}

// present reports whether field [i][j] was written.
func (f *fields) present(i, j int) bool { return i < len(f.v) && f.has[i][j] }

// rangeErr builds an ErrRange error for field [i][j].
func (p *parser) rangeErr(f *fields, i, j int, name, want string, v float64) *ephemeris.ParseError {
	from := 4 + 19*j
	if f.v2 {
		from = 3 + 19*j
	}
	return p.perr(f.ls[i], from+1, name, want+fmt.Sprintf(" in columns %d-%d", from+1, from+19), fmt.Errorf("%w: %v", ephemeris.ErrRange, v))
}

// unknownTime is the RINEX value for an unknown transmission time
// ("0.9999E9 if not known", RINEX 3.05 GPS record description).
const unknownTime = 0.9e9

// weekEpochLabel returns the reading of week 0, second 0 of the week
// numbering RINEX uses for a system: GPS weeks (GPS, QZSS, SBAS; the
// GPS-aligned Galileo and NavIC weeks of RINEX) or BDT weeks.
func weekEpochLabel(sys ephemeris.System) time.Time {
	if sys == ephemeris.BeiDou {
		return time.Date(2006, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(1980, 1, 6, 0, 0, 0, 0, time.UTC)
}

const weekSec = 604800

// weekSOW splits a reading into the week and seconds of week of the
// system's RINEX numbering.
func weekSOW(sys ephemeris.System, label time.Time) (int, float64) {
	d := label.Sub(weekEpochLabel(sys))
	w := int(math.Floor(d.Seconds() / weekSec))
	sow := (d - time.Duration(w)*weekSec*time.Second).Seconds()
	return w, sow
}

// labelOfWeek returns the reading at week w, second sow.
func labelOfWeek(sys ephemeris.System, w int, sow float64) time.Time {
	return weekEpochLabel(sys).Add(time.Duration(w)*weekSec*time.Second + time.Duration(math.Round(sow*1e9)))
}

// nearestWeek returns the reading w·week + sow moved by whole weeks to lie
// within half a week of ref (RINEX writes weeks "to go with" t_oe; the
// ICD's half-week rule resolves a t_oe or transmission time of the
// neighbouring week).
func nearestWeek(sys ephemeris.System, w int, sow float64, ref time.Time) (time.Time, int) {
	t := labelOfWeek(sys, w, sow)
	k := int(math.Round(ref.Sub(t).Seconds() / weekSec))
	return t.Add(time.Duration(k) * weekSec * time.Second), w + k
}

// scaleOf returns the time scale of a system's RINEX record epochs.
func scaleOf(sys ephemeris.System) orbit.TimeScale {
	switch sys {
	case ephemeris.Galileo:
		return orbit.GST
	case ephemeris.BeiDou:
		return orbit.BDT
	case ephemeris.GLONASS:
		return orbit.UTC
	}
	return orbit.GPST
}

// fillKepler sets the common Keplerian fields from lines 0-4 and checks
// their ranges. t_oe and the week are set by the caller (setToe).
func (p *parser) fillKepler(f *fields, k *Kepler) *ephemeris.ParseError {
	k.Af0, k.Af1, k.Af2 = f.get(0, 1), f.get(0, 2), f.get(0, 3)
	k.Crs, k.DeltaN, k.M0 = f.get(1, 1), f.get(1, 2), f.get(1, 3)
	k.Cuc, k.Ecc, k.Cus, k.SqrtA = f.get(2, 0), f.get(2, 1), f.get(2, 2), f.get(2, 3)
	k.Cic, k.Omega0, k.Cis = f.get(3, 1), f.get(3, 2), f.get(3, 3)
	k.I0, k.Crc, k.Omega, k.OmegaDot = f.get(4, 0), f.get(4, 1), f.get(4, 2), f.get(4, 3)
	k.IDot = f.get(5, 0)
	if k.Ecc < 0 || k.Ecc >= 1 {
		return p.rangeErr(f, 2, 1, "e", "an eccentricity in [0, 1)", k.Ecc)
	}
	// Bounds far outside what the messages can encode (IS-GPS-200 Table
	// 20-III and the ephemeris tables of the Galileo and BDS ICDs: |Δn| <
	// 1.2e-8 rad/s, |Ω̇| < 2.7e-6 rad/s, |IDOT| < 2.9e-9 rad/s, harmonic
	// terms below 1e-3 rad and 2100 m), which keep every later computation
	// finite: a value beyond them is a corrupted record.
	for _, c := range []struct {
		i, j  int
		name  string
		v     float64
		limit float64
		unit  string
	}{
		{1, 1, "Crs", k.Crs, 1e5, "m"}, {1, 2, "Delta n", k.DeltaN, 1e-6, "rad/s"}, {1, 3, "M0", k.M0, 7, "rad"},
		{2, 0, "Cuc", k.Cuc, 1e-2, "rad"}, {2, 2, "Cus", k.Cus, 1e-2, "rad"},
		{3, 1, "Cic", k.Cic, 1e-2, "rad"}, {3, 2, "OMEGA0", k.Omega0, 7, "rad"}, {3, 3, "Cis", k.Cis, 1e-2, "rad"},
		{4, 0, "i0", k.I0, 7, "rad"}, {4, 1, "Crc", k.Crc, 1e5, "m"}, {4, 2, "omega", k.Omega, 7, "rad"},
		{4, 3, "OMEGA DOT", k.OmegaDot, 1e-5, "rad/s"}, {5, 0, "IDOT", k.IDot, 1e-6, "rad/s"},
		{0, 1, "SV clock bias af0", k.Af0, 1, "s"}, {0, 2, "SV clock drift af1", k.Af1, 1e-3, "s/s"}, {0, 3, "SV clock drift rate af2", k.Af2, 1e-3, "s/s²"},
	} {
		if math.Abs(c.v) > c.limit {
			return p.rangeErr(f, c.i, c.j, c.name, fmt.Sprintf("|%s| ≤ %g %s", c.name, c.limit, c.unit), c.v)
		}
	}
	// √A of GNSS orbits is 5100-6500 m^½; anything outside [1000, 20000]
	// (A from 1000 km to 400 000 km) is not an Earth-orbit ephemeris.
	if k.SqrtA < 1000 || k.SqrtA > 20000 {
		return p.rangeErr(f, 2, 3, "sqrt(A)", "a square root of the semi-major axis in [1000, 20000] m^1/2", k.SqrtA)
	}
	return nil
}

// checkCNAVRates bounds Ȧ and Δṅ₀ far beyond their ICD ranges (IS-GPS-200
// message types 10 and 11: |Ȧ| < 8 m/s, |Δṅ₀| < 1e-10 rad/s²).
func (p *parser) checkCNAVRates(f *fields, k *Kepler) *ephemeris.ParseError {
	if math.Abs(k.ADot) > 100 {
		return p.rangeErr(f, 1, 0, "A DOT", "|A DOT| ≤ 100 m/s", k.ADot)
	}
	if math.Abs(k.DeltaNDot) > 1e-8 {
		return p.rangeErr(f, 5, 1, "Delta n0 dot", "|Delta n0 dot| ≤ 1e-8 rad/s²", k.DeltaNDot)
	}
	return nil
}

// setToe sets Week, Toe and ToeTime from a week field and a t_oe in
// seconds of week, resolving the week against the epoch t_oc.
func (p *parser) setToe(f *fields, k *Kepler, info *RecordInfo, week int, toe float64, toeLine, toeCol int) *ephemeris.ParseError {
	if toe < 0 || toe >= weekSec {
		return p.rangeErr(f, toeLine, toeCol, "Toe", "seconds of week in [0, 604800)", toe)
	}
	k.Toe = toe
	k.ToeTime, k.Week = nearestWeek(info.Sat.System, week, toe, info.Epoch)
	return nil
}

// transmit resolves a transmission time written in seconds of week
// (possibly negative, RINEX 3.05 GPS record description) to the reading nearest
// ref; unknown (blank or 0.9999e9) gives the zero time.
func transmit(sys ephemeris.System, present bool, sow float64, week int, ref time.Time) time.Time {
	if !present || math.Abs(sow) >= unknownTime || math.Abs(sow) > 2*weekSec {
		return time.Time{}
	}
	t, _ := nearestWeek(sys, week, sow, ref)
	return t
}

// checkLines refuses a record with fewer lines than min or more than the
// layout has. Trailing blank lines beyond min are dropped (a blank line
// between records, or an optional last line written blank).
func (p *parser) checkLines(ls []line, min int, lay layout, what string) ([]line, *ephemeris.ParseError) {
	for len(ls) > min && isBlank(ls[len(ls)-1].text) {
		ls = ls[:len(ls)-1]
	}
	if len(ls) < min {
		last := line{}
		if len(ls) > 0 {
			last = ls[len(ls)-1]
		}
		return nil, p.perr(last, 0, "record length", fmt.Sprintf("%d lines for a %s record (the record starting at line %d has %d)", min, what, ls[0].num, len(ls)),
			fmt.Errorf("%w: truncated record, %d of %d lines", ephemeris.ErrMissingField, len(ls), min))
	}
	if len(ls) > len(lay) {
		extra := ls[len(lay)]
		return nil, p.perr(extra, 1, "record length", fmt.Sprintf("at most %d lines for a %s record starting at line %d, then a new record", len(lay), what, ls[0].num),
			fmt.Errorf("%w: unexpected continuation line", ephemeris.ErrSyntax))
	}
	return ls, nil
}

// parseGPS reads a GPS or QZSS LNAV, CNAV or CNV2 record.
func (p *parser) parseGPS(ls []line, v2 bool, info RecordInfo) (Record, *ephemeris.ParseError) {
	lay, n := gpsLNAVLayout, 8
	switch info.Msg {
	case CNAV:
		lay, n = gpsCNAVLayout, 9
	case CNV2:
		lay, n = gpsCNV2Layout, 10
	}
	ls, e := p.checkLines(ls, n, lay, info.Sat.System.Title()+" "+string(info.Msg))
	if e != nil {
		return nil, e
	}
	f, e := p.readFields(ls, v2, lay)
	if e != nil {
		return nil, e
	}
	r := &GPSEph{RecordInfo: info}
	if e := p.fillKepler(f, &r.Kepler); e != nil {
		return nil, e
	}
	sys := info.Sat.System
	if info.Msg == LNAV {
		if r.IODE, e = p.integer(f, 1, 0, "IODE", 0, 1023); e != nil {
			return nil, e
		}
		week, e := p.integer(f, 5, 2, "GPS week", 0, 99999)
		if e != nil {
			return nil, e
		}
		if e := p.setToe(f, &r.Kepler, &r.RecordInfo, week, f.get(3, 0), 3, 0); e != nil {
			return nil, e
		}
		if r.CodesL2, e = p.integer(f, 5, 1, "codes on L2", 0, 3); e != nil {
			return nil, e
		}
		if r.L2PFlag, e = p.integer(f, 5, 3, "L2 P data flag", 0, 1); e != nil {
			return nil, e
		}
		r.URA = f.get(6, 0)
		if r.Health, e = p.integer(f, 6, 1, "SV health", 0, 65535); e != nil {
			return nil, e
		}
		r.TGD = f.get(6, 2)
		if r.IODC, e = p.integer(f, 6, 3, "IODC", 0, 1023); e != nil {
			return nil, e
		}
		r.TransmitSOW = f.get(7, 0)
		r.FitHours = f.get(7, 1)
		if r.FitHours < 0 || r.FitHours > 1000 {
			return nil, p.rangeErr(f, 7, 1, "fit interval", "a fit interval in hours (0-1000) or the flag 0/1", r.FitHours)
		}
		r.Transmit = transmit(sys, f.present(7, 0), r.TransmitSOW, r.Week, r.ToeTime)
		return r, nil
	}
	// CNAV, CNV2: t_oe = t_oc (RINEX 4.01 writes t_op where LNAV has t_oe).
	r.ADot = f.get(1, 0)
	r.Top = f.get(3, 0)
	r.DeltaNDot = f.get(5, 1)
	if e := p.checkCNAVRates(f, &r.Kepler); e != nil {
		return nil, e
	}
	week, sow := weekSOW(sys, info.Epoch)
	if e := p.setToe(f, &r.Kepler, &r.RecordInfo, week, sow, 0, 1); e != nil {
		return nil, e
	}
	for j, name := range []string{"URAI_NED0", "URAI_NED1"} {
		if r.URAINED[j], e = p.integer(f, 5, 2+j, name, -16, 31); e != nil {
			return nil, e
		}
	}
	if r.URAIED, e = p.integer(f, 6, 0, "URAI_ED", -16, 31); e != nil {
		return nil, e
	}
	if r.Health, e = p.integer(f, 6, 1, "SV health", 0, 65535); e != nil {
		return nil, e
	}
	r.TGD = f.get(6, 2)
	if r.URAINED[2], e = p.integer(f, 6, 3, "URAI_NED2", -16, 31); e != nil {
		return nil, e
	}
	for j := range 4 {
		r.ISC[j] = f.get(7, j)
	}
	last := 8
	if info.Msg == CNV2 {
		r.ISC[4], r.ISC[5] = f.get(8, 0), f.get(8, 1)
		last = 9
	}
	r.TransmitSOW = f.get(last, 0)
	if r.WeekCNAV, e = p.integer(f, last, 1, "week", 0, 99999); e != nil {
		return nil, e
	}
	w := r.WeekCNAV
	if !f.present(last, 1) {
		w = r.Week
	}
	r.Transmit = transmit(sys, f.present(last, 0), r.TransmitSOW, w, r.ToeTime)
	return r, nil
}

// parseGalileo reads a Galileo I/NAV or F/NAV record. For RINEX 2/3 the
// message is taken from the data-sources field.
func (p *parser) parseGalileo(ls []line, v2 bool, info RecordInfo) (Record, *ephemeris.ParseError) {
	ls, e := p.checkLines(ls, 8, galLayout, "Galileo")
	if e != nil {
		return nil, e
	}
	f, e := p.readFields(ls, v2, galLayout)
	if e != nil {
		return nil, e
	}
	r := &GalileoEph{RecordInfo: info}
	if e := p.fillKepler(f, &r.Kepler); e != nil {
		return nil, e
	}
	if r.IODnav, e = p.integer(f, 1, 0, "IODnav", 0, 1023); e != nil {
		return nil, e
	}
	if r.DataSources, e = p.integer(f, 5, 1, "data sources", 0, 1023); e != nil {
		return nil, e
	}
	if r.Msg == "" {
		inav := r.DataSources&(GalSourceINAVE1B|GalSourceINAVE5b) != 0
		fnav := r.DataSources&GalSourceFNAVE5a != 0
		switch {
		case inav && !fnav:
			r.Msg = INAV
		case fnav && !inav:
			r.Msg = FNAV
		default:
			return nil, p.rangeErr(f, 5, 1, "data sources", "bits naming I/NAV (bit 0 E1-B, bit 2 E5b-I) or F/NAV (bit 1 E5a-I), not both or neither", float64(r.DataSources))
		}
	}
	week, e := p.integer(f, 5, 2, "GAL week", 0, 99999)
	if e != nil {
		return nil, e
	}
	if e := p.setToe(f, &r.Kepler, &r.RecordInfo, week, f.get(3, 0), 3, 0); e != nil {
		return nil, e
	}
	r.SISA = f.get(6, 0)
	if r.Health, e = p.integer(f, 6, 1, "SV health", 0, 65535); e != nil {
		return nil, e
	}
	r.BGDE5aE1, r.BGDE5bE1 = f.get(6, 2), f.get(6, 3)
	r.TransmitSOW = f.get(7, 0)
	r.Transmit = transmit(ephemeris.Galileo, f.present(7, 0), r.TransmitSOW, r.Week, r.ToeTime)
	return r, nil
}

// parseBeiDou reads a BeiDou D1/D2 or B-CNAV1/2/3 record.
func (p *parser) parseBeiDou(ls []line, v2 bool, info RecordInfo) (Record, *ephemeris.ParseError) {
	lay, n := bdsD1D2Layout, 8
	switch info.Msg {
	case CNV1:
		lay, n = bdsCNV1Layout, 10
	case CNV2:
		lay, n = bdsCNV2Layout, 10
	case CNV3:
		lay, n = bdsCNV3Layout, 9
	}
	ls, e := p.checkLines(ls, n, lay, "BeiDou "+string(info.Msg))
	if e != nil {
		return nil, e
	}
	f, e := p.readFields(ls, v2, lay)
	if e != nil {
		return nil, e
	}
	r := &BeiDouEph{RecordInfo: info, GEO: IsBeiDouGEO(info.Sat.PRN)}
	if e := p.fillKepler(f, &r.Kepler); e != nil {
		return nil, e
	}
	if info.Msg == D1 || info.Msg == D2 {
		if r.AODE, e = p.integer(f, 1, 0, "AODE", 0, 1023); e != nil {
			return nil, e
		}
		week, e := p.integer(f, 5, 2, "BDT week", 0, 99999)
		if e != nil {
			return nil, e
		}
		if e := p.setToe(f, &r.Kepler, &r.RecordInfo, week, f.get(3, 0), 3, 0); e != nil {
			return nil, e
		}
		r.URA = f.get(6, 0)
		if r.SatH1, e = p.integer(f, 6, 1, "SatH1", 0, 255); e != nil {
			return nil, e
		}
		r.TGD1, r.TGD2 = f.get(6, 2), f.get(6, 3)
		r.TransmitSOW = f.get(7, 0)
		if r.AODC, e = p.integer(f, 7, 1, "AODC", 0, 1023); e != nil {
			return nil, e
		}
		r.Transmit = transmit(ephemeris.BeiDou, f.present(7, 0), r.TransmitSOW, r.Week, r.ToeTime)
		return r, nil
	}
	// B-CNAV: no week field; t_oe is resolved against t_oc.
	r.ADot = f.get(1, 0)
	r.DeltaNDot = f.get(5, 1)
	if e := p.checkCNAVRates(f, &r.Kepler); e != nil {
		return nil, e
	}
	week, _ := weekSOW(ephemeris.BeiDou, info.Epoch)
	if e := p.setToe(f, &r.Kepler, &r.RecordInfo, week, f.get(3, 0), 3, 0); e != nil {
		return nil, e
	}
	if r.SatType, e = p.integer(f, 5, 2, "SatType", 0, 3); e != nil {
		return nil, e
	}
	r.Top = f.get(5, 3)
	for j, name := range []string{"SISAI_oe", "SISAI_ocb", "SISAI_oc1", "SISAI_oc2"} {
		if r.SISAI[j], e = p.integer(f, 6, j, name, -16, 31); e != nil {
			return nil, e
		}
	}
	var hl int
	switch info.Msg {
	case CNV1:
		r.ISCB1Cd, r.TGDB1Cp, r.TGDB2ap = f.get(7, 0), f.get(7, 2), f.get(7, 3)
		hl = 8
	case CNV2:
		r.ISCB2ad, r.TGDB1Cp, r.TGDB2ap = f.get(7, 1), f.get(7, 2), f.get(7, 3)
		hl = 8
	case CNV3:
		r.TGDB2bI = f.get(7, 3)
		hl = 7
	}
	if r.SISMAI, e = p.integer(f, hl, 0, "SISMAI", -1, 15); e != nil {
		return nil, e
	}
	if r.Health, e = p.integer(f, hl, 1, "health", 0, 255); e != nil {
		return nil, e
	}
	if r.Integrity, e = p.integer(f, hl, 2, "integrity flags", 0, 65535); e != nil {
		return nil, e
	}
	tl := hl + 1
	if info.Msg != CNV3 {
		if r.IODC, e = p.integer(f, hl, 3, "IODC", 0, 1023); e != nil {
			return nil, e
		}
		if r.IODE, e = p.integer(f, tl, 3, "IODE", 0, 255); e != nil {
			return nil, e
		}
	}
	r.TransmitSOW = f.get(tl, 0)
	r.Transmit = transmit(ephemeris.BeiDou, f.present(tl, 0), r.TransmitSOW, r.Week, r.ToeTime)
	return r, nil
}

// parseNavIC reads a NavIC LNAV record.
func (p *parser) parseNavIC(ls []line, v2 bool, info RecordInfo) (Record, *ephemeris.ParseError) {
	ls, e := p.checkLines(ls, 8, navicLayout, "NavIC")
	if e != nil {
		return nil, e
	}
	f, e := p.readFields(ls, v2, navicLayout)
	if e != nil {
		return nil, e
	}
	r := &NavICEph{RecordInfo: info}
	if e := p.fillKepler(f, &r.Kepler); e != nil {
		return nil, e
	}
	if r.IODEC, e = p.integer(f, 1, 0, "IODEC", 0, 1023); e != nil {
		return nil, e
	}
	week, e := p.integer(f, 5, 2, "IRN week", 0, 99999)
	if e != nil {
		return nil, e
	}
	if e := p.setToe(f, &r.Kepler, &r.RecordInfo, week, f.get(3, 0), 3, 0); e != nil {
		return nil, e
	}
	r.URA = f.get(6, 0)
	if r.Health, e = p.integer(f, 6, 1, "health", 0, 255); e != nil {
		return nil, e
	}
	r.TGD = f.get(6, 2)
	r.TransmitSOW = f.get(7, 0)
	r.Transmit = transmit(ephemeris.NavIC, f.present(7, 0), r.TransmitSOW, r.Week, r.ToeTime)
	return r, nil
}

// parseGLONASS reads a GLONASS FDMA record: 4 lines (RINEX 2, RINEX 3.00-
// 3.04) or 5 (RINEX 3.05 and 4 add status flags, Δτ, URAI, health flags).
func (p *parser) parseGLONASS(ls []line, v2 bool, info RecordInfo) (Record, *ephemeris.ParseError) {
	lay := gloLayout
	if v2 {
		lay = gloLayout[:4]
	}
	ls, e := p.checkLines(ls, 4, lay, "GLONASS")
	if e != nil {
		return nil, e
	}
	f, e := p.readFields(ls, v2, lay)
	if e != nil {
		return nil, e
	}
	r := &GLONASSEph{RecordInfo: info}
	r.ClockBias, r.GammaN, r.FrameTime = f.get(0, 1), f.get(0, 2), f.get(0, 3)
	for i := range 3 {
		r.Pos[i], r.Vel[i], r.Acc[i] = f.get(1+i, 0), f.get(1+i, 1), f.get(1+i, 2)
	}
	rad := math.Sqrt(r.Pos[0]*r.Pos[0] + r.Pos[1]*r.Pos[1] + r.Pos[2]*r.Pos[2])
	if !(rad > 6378 && rad < 100000) {
		return nil, p.rangeErr(f, 1, 0, "X", fmt.Sprintf("a position X, Y, Z (km) of radius 6378-100000 km (this record's radius is %.1f km)", rad), r.Pos[0])
	}
	for i := range 3 {
		if math.Abs(r.Vel[i]) > 20 {
			return nil, p.rangeErr(f, 1+i, 1, []string{"X velocity", "Y velocity", "Z velocity"}[i], "a velocity component within ±20 km/s", r.Vel[i])
		}
		if math.Abs(r.Acc[i]) > 1e-3 {
			return nil, p.rangeErr(f, 1+i, 2, []string{"X acceleration", "Y acceleration", "Z acceleration"}[i], "a luni-solar acceleration within ±1e-3 km/s²", r.Acc[i])
		}
	}
	if r.Health, e = p.integer(f, 1, 3, "health", 0, 7); e != nil {
		return nil, e
	}
	if r.FreqNum, e = p.integer(f, 2, 3, "frequency number", -7, 13); e != nil {
		return nil, e
	}
	if r.Age, e = p.integer(f, 3, 3, "age of operation", 0, 31); e != nil {
		return nil, e
	}
	if len(ls) >= 5 {
		r.HasLine4 = true
		if r.StatusFlags, e = p.integer(f, 4, 0, "status flags", 0, 65535); e != nil {
			return nil, e
		}
		r.DeltaTau = f.get(4, 1)
		if r.URAI, e = p.integer(f, 4, 2, "URAI", 0, 255); e != nil {
			return nil, e
		}
		if r.HealthFlags, e = p.integer(f, 4, 3, "health flags", 0, 65535); e != nil {
			return nil, e
		}
	}
	r.Transmit = glonassFrameTime(f.present(0, 3), r.FrameTime, info.Epoch)
	return r, nil
}

// glonassFrameTime resolves the message frame time t_k (seconds of the UTC
// week; seconds of day in old RINEX 2 files) to the UTC instant nearest
// t_b, or the zero time when it is unknown or no reading lies within a day
// of t_b.
func glonassFrameTime(present bool, tk float64, tb time.Time) time.Time {
	if !present || tk < 0 || tk >= unknownTime || tk > 2*weekSec {
		return time.Time{}
	}
	day := time.Date(tb.Year(), tb.Month(), tb.Day(), 0, 0, 0, 0, time.UTC)
	week := day.AddDate(0, 0, -int(day.Weekday()))
	tkd := time.Duration(math.Round(tk * 1e9))
	nearest := func(base time.Time, period time.Duration) time.Time {
		t := base.Add(tkd)
		k := (tb.Sub(t) + period/2).Nanoseconds() / period.Nanoseconds()
		if tb.Sub(t)+period/2 < 0 {
			k--
		}
		return t.Add(time.Duration(k) * period)
	}
	t := nearest(week, weekSec*time.Second)
	if d := t.Sub(tb); d.Abs() <= 24*time.Hour {
		return t
	}
	if tk < 86400 {
		t = nearest(day, 24*time.Hour)
		if d := t.Sub(tb); d.Abs() <= 12*time.Hour {
			return t
		}
	}
	return time.Time{}
}

// parseSBAS reads an SBAS record.
func (p *parser) parseSBAS(ls []line, v2 bool, info RecordInfo) (Record, *ephemeris.ParseError) {
	ls, e := p.checkLines(ls, 4, sbasLayout, "SBAS")
	if e != nil {
		return nil, e
	}
	f, e := p.readFields(ls, v2, sbasLayout)
	if e != nil {
		return nil, e
	}
	r := &SBASEph{RecordInfo: info}
	r.AGf0, r.AGf1, r.TransmitSOW = f.get(0, 1), f.get(0, 2), f.get(0, 3)
	for i := range 3 {
		r.Pos[i], r.Vel[i], r.Acc[i] = f.get(1+i, 0), f.get(1+i, 1), f.get(1+i, 2)
	}
	rad := math.Sqrt(r.Pos[0]*r.Pos[0] + r.Pos[1]*r.Pos[1] + r.Pos[2]*r.Pos[2])
	if !(rad > 6378 && rad < 100000) {
		return nil, p.rangeErr(f, 1, 0, "X", fmt.Sprintf("a position X, Y, Z (km) of radius 6378-100000 km (this record's radius is %.1f km)", rad), r.Pos[0])
	}
	if r.Health, e = p.integer(f, 1, 3, "health", 0, 65535); e != nil {
		return nil, e
	}
	r.URA = f.get(2, 3)
	if r.IODN, e = p.integer(f, 3, 3, "IODN", 0, 1023); e != nil {
		return nil, e
	}
	w, _ := weekSOW(ephemeris.SBAS, info.Epoch)
	r.Transmit = transmit(ephemeris.SBAS, f.present(0, 3), r.TransmitSOW, w, info.Epoch)
	return r, nil
}

// parseEPH dispatches an ephemeris record on the system.
func (p *parser) parseEPH(ls []line, v2 bool, info RecordInfo) (Record, *ephemeris.ParseError) {
	switch info.Sat.System {
	case ephemeris.GPS, ephemeris.QZSS:
		return p.parseGPS(ls, v2, info)
	case ephemeris.Galileo:
		return p.parseGalileo(ls, v2, info)
	case ephemeris.BeiDou:
		return p.parseBeiDou(ls, v2, info)
	case ephemeris.NavIC:
		return p.parseNavIC(ls, v2, info)
	case ephemeris.GLONASS:
		return p.parseGLONASS(ls, v2, info)
	case ephemeris.SBAS:
		return p.parseSBAS(ls, v2, info)
	}
	return nil, p.perr(ls[0], 1, "satellite", "a system letter G, R, E, C, J, I or S", fmt.Errorf("%w: system %v", ErrUnsupported, info.Sat.System))
}

// defaultMessage is the message a RINEX 2/3 record of a system carries.
func defaultMessage(sat SatID) Message {
	switch sat.System {
	case ephemeris.GLONASS:
		return FDMA
	case ephemeris.SBAS:
		return SBASMsg
	case ephemeris.Galileo:
		return "" // from the data sources
	case ephemeris.BeiDou:
		if IsBeiDouGEO(sat.PRN) {
			return D2
		}
		return D1
	}
	return LNAV
}

// v4Messages lists the EPH message types of RINEX 4.01 this reader reads.
var v4Messages = map[ephemeris.System][]Message{
	ephemeris.GPS:     {LNAV, CNAV, CNV2},
	ephemeris.QZSS:    {LNAV, CNAV, CNV2},
	ephemeris.Galileo: {INAV, FNAV},
	ephemeris.BeiDou:  {D1, D2, CNV1, CNV2, CNV3},
	ephemeris.GLONASS: {FDMA},
	ephemeris.SBAS:    {SBASMsg},
	ephemeris.NavIC:   {LNAV},
}

// parseStart3 reads the satellite and epoch of a RINEX 3/4 record's first
// line ("G01 2020 06 25 04 00 00...").
func (p *parser) parseStart3(l line) (SatID, time.Time, *ephemeris.ParseError) {
	sat, err := ParseSatID(cols(l.text, 0, 3))
	if err != nil {
		return SatID{}, time.Time{}, p.perr(l, 1, "satellite", "a satellite such as G05 in columns 1-3 (system letter G, R, E, C, J, I or S and a number 1-99)",
			fmt.Errorf("%w: %v", ephemeris.ErrSyntax, err))
	}
	ep, e := p.parseEpoch(l, epoch3)
	if e != nil {
		return SatID{}, time.Time{}, e
	}
	return sat, ep, nil
}

// parseStart2 reads the PRN and epoch of a RINEX 2 record's first line
// (" 1 20 06 25 04 00 00.0...").
func (p *parser) parseStart2(l line, sys ephemeris.System) (SatID, time.Time, *ephemeris.ParseError) {
	n, ok := parseInt(cols(l.text, 0, 2))
	if !ok || n < 1 || n > 99 {
		return SatID{}, time.Time{}, p.perr(l, 1, "satellite", "a satellite number 1-99 (I2) in columns 1-2",
			fmt.Errorf("%w: %q", ephemeris.ErrSyntax, strings.TrimSpace(cols(l.text, 0, 2))))
	}
	ep, e := p.parseEpoch(l, epoch2)
	if e != nil {
		return SatID{}, time.Time{}, e
	}
	return SatID{System: sys, PRN: n}, ep, nil
}

// parseV23 parses a RINEX 2 or 3 record (its first line and continuation
// lines).
func (p *parser) parseV23(g []line, h *Header) (Record, *ephemeris.ParseError) {
	v2 := h.Version < 3
	var sat SatID
	var ep time.Time
	var e *ephemeris.ParseError
	if v2 {
		sat, ep, e = p.parseStart2(g[0], h.System)
	} else {
		sat, ep, e = p.parseStart3(g[0])
	}
	if e != nil {
		return nil, e
	}
	// A single-system RINEX 3 file holding a record of another system is
	// read all the same: the record names its system.
	info := RecordInfo{Sat: sat, Kind: KindEPH, Msg: defaultMessage(sat), Epoch: ep, Scale: scaleOf(sat.System), File: p.file, Line: g[0].num}
	return p.parseEPH(g, v2, info)
}

// parseV4 parses a RINEX 4 record: the "> TYPE SAT MSG" line and its body.
func (p *parser) parseV4(g []line) (Record, *ephemeris.ParseError) {
	hd := g[0]
	kind := Kind(strings.TrimSpace(cols(hd.text, 2, 5)))
	satText := cols(hd.text, 6, 9)
	msg := Message(strings.TrimSpace(cols(hd.text, 10, 20)))
	var sat SatID
	switch kind {
	case KindEPH, KindSTO, KindEOP, KindION:
	default:
		return nil, p.perr(hd, 3, "record type", "EPH, STO, EOP or ION in columns 3-5 after \"> \"",
			fmt.Errorf("%w: record type %q", ErrUnsupported, string(kind)))
	}
	s, err := ParseSatID(satText)
	if err != nil {
		// STO/EOP/ION records may name only the system ("> STO R   FDMA").
		sys := ephemeris.SystemUnknown
		if len(satText) > 0 {
			sys = systemOfLetter(satText[0])
		}
		if kind == KindEPH || sys == ephemeris.SystemUnknown || !isBlank(satText[1:]) {
			return nil, p.perr(hd, 7, "satellite", "a satellite such as G05 in columns 7-9",
				fmt.Errorf("%w: %v", ephemeris.ErrSyntax, err))
		}
		s = SatID{System: sys}
	}
	sat = s
	if msg == "" {
		return nil, p.perr(hd, 11, "message type", "a navigation message type (LNAV, CNAV, CNV2, INAV, FNAV, FDMA, D1, D2, CNV1, CNV3, SBAS, ...) in columns 11-14",
			fmt.Errorf("%w: blank", ephemeris.ErrMissingField))
	}
	body := g[1:]
	if len(body) == 0 {
		return nil, p.perr(hd, 0, "record length", fmt.Sprintf("the body of the %s record after line %d", kind, hd.num),
			fmt.Errorf("%w: truncated record, no body", ephemeris.ErrMissingField))
	}
	info := RecordInfo{Sat: sat, Kind: kind, Msg: msg, Scale: scaleOf(sat.System), File: p.file, Line: hd.num}
	if kind == KindEPH {
		known := false
		for _, m := range v4Messages[sat.System] {
			known = known || m == msg
		}
		if !known {
			return nil, p.perr(hd, 11, "message type", fmt.Sprintf("a %s message type this reader knows: %v", sat.System.Title(), v4Messages[sat.System]),
				fmt.Errorf("%w: message type %q", ErrUnsupported, string(msg)))
		}
		bsat, ep, e := p.parseStart3(body[0])
		if e != nil {
			return nil, e
		}
		if bsat != sat {
			return nil, p.perr(body[0], 1, "satellite", fmt.Sprintf("the satellite %v of the \"> EPH\" line %d", sat, hd.num),
				fmt.Errorf("%w: record body is for %v", ephemeris.ErrSyntax, bsat))
		}
		info.Epoch = ep
		return p.parseEPH(body, false, info)
	}
	ep, e := p.parseEpoch(body[0], epoch4body)
	if e != nil {
		return nil, e
	}
	info.Epoch = ep
	switch kind {
	case KindSTO:
		return p.parseSTO(body, info)
	case KindEOP:
		return p.parseEOP(body, info)
	}
	return p.parseION(body, info)
}

var (
	stoLayout = layout{{}, {opt("transmission time", "s of week"), opt("A0", "s"), opt("A1", "s/s"), opt("A2", "s/s²")}}
	eopLayout = layout{
		{{}, req("x_p", "arc-seconds"), opt("dx_p/dt", "arc-seconds/day"), opt("d²x_p/dt²", "arc-seconds/day²")},
		{{}, req("y_p", "arc-seconds"), opt("dy_p/dt", "arc-seconds/day"), opt("d²y_p/dt²", "arc-seconds/day²")},
		{opt("transmission time", "s of week"), req("delta UT1", "s"), opt("delta UT1 rate", "s/day"), opt("delta UT1 rate of rate", "s/day²")},
	}
	klobLayout = layout{
		{{}, req("alpha0", "s"), req("alpha1", "s/semicircle"), req("alpha2", "s/semicircle²")},
		{req("alpha3", "s/semicircle³"), req("beta0", "s"), req("beta1", "s/semicircle"), req("beta2", "s/semicircle²")},
		{req("beta3", "s/semicircle³"), opt("region code", "")},
	}
	nequickLayout = layout{
		{{}, req("ai0", "sfu"), req("ai1", "sfu/degree"), req("ai2", "sfu/degree²")},
		{opt("disturbance flags", "")},
	}
	bdgimLayout = layout{
		{{}, req("alpha1", "TECU"), req("alpha2", "TECU"), req("alpha3", "TECU")},
		{req("alpha4", "TECU"), req("alpha5", "TECU"), req("alpha6", "TECU"), req("alpha7", "TECU")},
		{req("alpha8", "TECU"), req("alpha9", "TECU")},
	}
)

// parseSTO reads a RINEX 4 system time offset record body.
func (p *parser) parseSTO(body []line, info RecordInfo) (Record, *ephemeris.ParseError) {
	ls, e := p.checkLines(body, 2, stoLayout, "STO")
	if e != nil {
		return nil, e
	}
	r := &TimeOffset{RecordInfo: info}
	r.Type = strings.TrimSpace(cols(ls[0].text, 24, 42))
	r.SBASID = strings.TrimSpace(cols(ls[0].text, 43, 61))
	r.UTCID = strings.TrimSpace(cols(ls[0].text, 61, 80))
	if r.Type == "" {
		return nil, p.perr(ls[0], 25, "time offset type", "a type such as GPUT, GAGP, BDUT in columns 25-42", fmt.Errorf("%w: blank", ephemeris.ErrMissingField))
	}
	f, e := p.readFields(ls, false, stoLayout)
	if e != nil {
		return nil, e
	}
	r.TransmitSOW = f.get(1, 0)
	r.A = [3]float64{f.get(1, 1), f.get(1, 2), f.get(1, 3)}
	return r, nil
}

// parseEOP reads a RINEX 4 Earth orientation record body.
func (p *parser) parseEOP(body []line, info RecordInfo) (Record, *ephemeris.ParseError) {
	ls, e := p.checkLines(body, 3, eopLayout, "EOP")
	if e != nil {
		return nil, e
	}
	f, e := p.readFields(ls, false, eopLayout)
	if e != nil {
		return nil, e
	}
	r := &EarthOrientation{RecordInfo: info}
	r.XP, r.XPDot, r.XPDot2 = f.get(0, 1), f.get(0, 2), f.get(0, 3)
	r.YP, r.YPDot, r.YPDot2 = f.get(1, 1), f.get(1, 2), f.get(1, 3)
	r.TransmitSOW, r.DUT1, r.DUT1Dot, r.DUT1D2 = f.get(2, 0), f.get(2, 1), f.get(2, 2), f.get(2, 3)
	return r, nil
}

// parseION reads a RINEX 4 ionosphere record body: NeQuick-G for Galileo,
// BDGIM for BeiDou CNVX, Klobuchar otherwise.
func (p *parser) parseION(body []line, info RecordInfo) (Record, *ephemeris.ParseError) {
	r := &Ionosphere{RecordInfo: info}
	switch {
	case info.Sat.System == ephemeris.Galileo:
		r.Model = NeQuickG
		ls, e := p.checkLines(body, 2, nequickLayout, "NeQuick-G ION")
		if e != nil {
			return nil, e
		}
		f, e := p.readFields(ls, false, nequickLayout)
		if e != nil {
			return nil, e
		}
		r.AI = [3]float64{f.get(0, 1), f.get(0, 2), f.get(0, 3)}
		if r.Flags, e = p.integer(f, 1, 0, "disturbance flags", 0, 255); e != nil {
			return nil, e
		}
	case info.Sat.System == ephemeris.BeiDou && info.Msg == CNVX:
		r.Model = BDGIM
		ls, e := p.checkLines(body, 3, bdgimLayout, "BDGIM ION")
		if e != nil {
			return nil, e
		}
		f, e := p.readFields(ls, false, bdgimLayout)
		if e != nil {
			return nil, e
		}
		r.BDGIM = [9]float64{f.get(0, 1), f.get(0, 2), f.get(0, 3), f.get(1, 0), f.get(1, 1), f.get(1, 2), f.get(1, 3), f.get(2, 0), f.get(2, 1)}
	default:
		r.Model = Klobuchar
		ls, e := p.checkLines(body, 3, klobLayout, "Klobuchar ION")
		if e != nil {
			return nil, e
		}
		f, e := p.readFields(ls, false, klobLayout)
		if e != nil {
			return nil, e
		}
		r.Alpha = [4]float64{f.get(0, 1), f.get(0, 2), f.get(0, 3), f.get(1, 0)}
		r.Beta = [4]float64{f.get(1, 1), f.get(1, 2), f.get(1, 3), f.get(2, 0)}
		if r.Region, e = p.integer(f, 2, 1, "region code", 0, 1); e != nil {
			return nil, e
		}
	}
	return r, nil
}
