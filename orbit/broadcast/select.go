package broadcast

import (
	"math"
	"slices"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/ephemeris/rinex"
)

// GalileoNav selects which Galileo navigation messages a Source uses.
type GalileoNav uint8

const (
	// GalileoINAV uses I/NAV records (E1-B/E5b-I; what an E1 or E1/E5b
	// receiver decodes). The default.
	GalileoINAV GalileoNav = iota
	// GalileoFNAV uses F/NAV records (E5a-I).
	GalileoFNAV
	// GalileoAny uses both; records with the same IODnav and t_oe (the
	// same orbit broadcast in both messages) count once.
	GalileoAny
)

// String returns "inav", "fnav" or "any".
func (g GalileoNav) String() string {
	switch g {
	case GalileoINAV:
		return "inav"
	case GalileoFNAV:
		return "fnav"
	case GalileoAny:
		return "any"
	}
	return "galileonav(?)"
}

// Nominal fit intervals, relative to the record's reference time t_oe (t_b
// for GLONASS). A record is usable from the later of its nominal start and
// its transmission time to its nominal end plus Options.Margin.
const (
	// GPSFitDefault: IS-GPS-200 sec. 20.3.3.4.3.1 (curve fit intervals):
	// fit interval flag 0 = 4 hours, t_oe in its middle. A RINEX
	// fit-interval field of 4 h or more is taken as the interval; 0, 1
	// (flag "more than 4 h", conservatively 4 h) or unknown give 4 h.
	GPSFitDefault = 4 * time.Hour
	// QZSSFitDefault: IS-QZSS-PNT (LNAV fit interval flag): flag 0
	// = 2 hours, centred on t_oe; flag 1 (more than 2 h) is taken as 2 h.
	QZSSFitDefault = 2 * time.Hour
	// CNAVFit: GPS/QZSS CNAV and CNV2 ephemerides, taken as 3 h centred on
	// t_oe (assumption, after the CNAV data-set cadence of IS-GPS-200 sec.
	// 30; the ESBC test file has no CNAV records).
	CNAVFit = 3 * time.Hour
	// GalileoValidity: the Galileo ephemeris is valid for 4 h from t_oe,
	// which sits at the start of that period (Galileo OS SIS ICD sec.
	// 5.1.1; Galileo OS Service Definition Document: maximum age 4 h). A
	// record is never used before its t_oe, even when received earlier.
	GalileoValidity = 4 * time.Hour
	// BeiDouValidity: BeiDou D1/D2 and B-CNAV ephemerides are updated every
	// hour with t_oe at the start of the hour of validity
	// (BDS-SIS-ICD-B1I 3.0, AODE; BDS open service performance standard).
	BeiDouValidity = time.Hour
	// GLONASSHalfFit: t_b is the middle of the 30-min interval of a
	// GLONASS ephemeris (GLONASS ICD ed. 5.1, immediate information: t_b
	// every 30 min).
	GLONASSHalfFit = 15 * time.Minute
	// NavICFit: taken as 2 h centred on t_oe (IRNSS SIS ICD for SPS 1.1:
	// ephemeris updated every 2 h; assumption, no test data).
	NavICFit = 2 * time.Hour
	// DefaultMargin is added to the end of every fit interval: it covers
	// the seconds to minutes between a successor's reference time and the
	// moment a receiver has it (BeiDou records of the test file are
	// transmitted ~28 s after their t_oe, GLONASS frames come every 30 s)
	// while keeping extrapolation past the nominal fit short.
	DefaultMargin = 5 * time.Minute
)

// nominalWindow returns a record's nominal fit interval [start, end], its
// reference time and its transmission time, all as UTC instants.
func nominalWindow(rec rinex.Record) (start, end, ref, tx time.Time, ok bool) {
	info := rec.Info()
	var before, after time.Duration
	var refLabel, txLabel time.Time
	switch r := rec.(type) {
	case *rinex.GPSEph:
		refLabel, txLabel = r.ToeTime, r.Transmit
		var fit time.Duration
		switch {
		case r.Msg == rinex.CNAV || r.Msg == rinex.CNV2:
			fit = CNAVFit
		case info.Sat.System == ephemeris.QZSS:
			fit = QZSSFitDefault
			if r.FitHours >= 2 {
				fit = time.Duration(r.FitHours * float64(time.Hour))
			}
		default:
			fit = GPSFitDefault
			if r.FitHours >= 4 {
				fit = time.Duration(r.FitHours * float64(time.Hour))
			}
		}
		before, after = fit/2, fit/2
	case *rinex.GalileoEph:
		refLabel, txLabel = r.ToeTime, r.Transmit
		before, after = 0, GalileoValidity
	case *rinex.BeiDouEph:
		refLabel, txLabel = r.ToeTime, r.Transmit
		before, after = 0, BeiDouValidity
	case *rinex.NavICEph:
		refLabel, txLabel = r.ToeTime, r.Transmit
		before, after = NavICFit/2, NavICFit/2
	case *rinex.GLONASSEph:
		refLabel, txLabel = r.Epoch, r.Transmit // UTC already
		before, after = GLONASSHalfFit, GLONASSHalfFit
	default:
		return
	}
	ref = info.UTC(refLabel)
	start, end = ref.Add(-before), ref.Add(after)
	tx = start
	if !txLabel.IsZero() {
		tx = info.UTC(txLabel)
	}
	return start, end, ref, tx, true
}

// healthy applies the record types' Healthy rule.
func healthy(rec rinex.Record) bool {
	if h, ok := rec.(interface{ Healthy() bool }); ok {
		return h.Healthy()
	}
	return false
}

// dedupKey identifies a record's orbit, so that the same data set read
// twice (merged files, several signals) counts once.
type dedupKey struct {
	sat  rinex.SatID
	kind uint8 // Galileo I/NAV 1, F/NAV 2 (0 with GalileoAny and other systems)
	ref  int64
	a, b uint64
	c, d uint64
}

func keyOf(rec rinex.Record, nav GalileoNav) dedupKey {
	info := rec.Info()
	k := dedupKey{sat: info.Sat}
	switch r := rec.(type) {
	case *rinex.GLONASSEph:
		k.ref = r.Epoch.UnixNano()
		k.a, k.b, k.c = math.Float64bits(r.Pos[0]), math.Float64bits(r.Pos[1]), math.Float64bits(r.Pos[2])
	default:
		if o, ok := rec.(interface{ Orbit() *rinex.Kepler }); ok {
			p := o.Orbit()
			k.ref = p.ToeTime.UnixNano()
			k.a, k.b, k.c, k.d = math.Float64bits(p.M0), math.Float64bits(p.SqrtA), math.Float64bits(p.Ecc), math.Float64bits(p.Omega0)
		}
	}
	if g, ok := rec.(*rinex.GalileoEph); ok && nav != GalileoAny {
		k.kind = 1
		if g.Msg == rinex.FNAV {
			k.kind = 2
		}
	}
	return k
}

// span is a piece of a satellite's timeline: [from, to) in UTC Unix
// nanoseconds served by entry e, or a gap (e = -1) — gaps are not stored,
// they are what lies between spans.
type span struct {
	from, to int64
	e        int32
}

// buildTimeline chooses, for every instant, the record a receiver would
// use: among the usable entries (healthy, transmitted, inside their fit
// interval plus margin) the most recently transmitted, ties broken by the
// later reference time and then the later line in the file. It returns
// the pieces in time order, adjacent pieces of the same entry merged.
func buildTimeline(ents []entry) []span {
	if len(ents) == 0 {
		return nil
	}
	pts := make([]int64, 0, 2*len(ents))
	for _, e := range ents {
		if e.to > e.from {
			pts = append(pts, e.from, e.to)
		}
	}
	slices.Sort(pts)
	pts = uniqInt64(pts)
	var out []span
	for i := 0; i+1 < len(pts); i++ {
		a, b := pts[i], pts[i+1]
		best := -1
		for j := range ents {
			e := &ents[j]
			if e.from > a || e.to < b || e.to <= e.from {
				continue
			}
			if best < 0 || better(e, &ents[best]) {
				best = j
			}
		}
		if best < 0 {
			continue
		}
		if n := len(out); n > 0 && out[n-1].e == int32(best) && out[n-1].to == a {
			out[n-1].to = b
			continue
		}
		out = append(out, span{from: a, to: b, e: int32(best)})
	}
	return out
}

// better reports whether entry a is preferred to b.
func better(a, b *entry) bool {
	if a.tx != b.tx {
		return a.tx > b.tx
	}
	if a.ref != b.ref {
		return a.ref > b.ref
	}
	return a.line > b.line
}

func uniqInt64(s []int64) []int64 {
	if len(s) == 0 {
		return s
	}
	out := s[:1]
	for _, v := range s[1:] {
		if v != out[len(out)-1] {
			out = append(out, v)
		}
	}
	return out
}
