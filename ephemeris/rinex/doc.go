// Package rinex reads RINEX navigation files: the broadcast ephemerides of
// GPS, GLONASS, Galileo, BeiDou, QZSS, NavIC and SBAS satellites.
//
// It reads RINEX 2.xx (GPS ".n", GLONASS ".g" and GEO ".h" files), 3.00-
// 3.05 (single-system and mixed) and 4.00-4.02 (EPH, STO, EOP and ION
// records), plain or gzip/bzip2-compressed
// (recognised by their magic bytes, whatever the file name). Fortran "D"
// exponents, blank fields (read as 0 where the format allows them), lines
// shortened by dropped trailing blanks and CRLF line ends are accepted.
//
// Records are typed per constellation: GPSEph (GPS and QZSS LNAV; CNAV and
// CNV2 from RINEX 4), GalileoEph (I/NAV or F/NAV, from the data-sources
// field or the RINEX 4 message name), BeiDouEph (D1/D2, GEO known from the
// PRN: C01-C05 and C59-C63; B-CNAV1/2/3 from RINEX 4), NavICEph,
// GLONASSEph (FDMA state vectors), SBASEph; and in RINEX 4 TimeOffset,
// EarthOrientation and Ionosphere. Each keeps its file and line.
//
// Reading follows package ephemeris: lenient by default (good records are
// kept, each bad one is reported as an *ephemeris.ParseError naming file,
// line, column, field and what was expected, and the reading goes on with
// the next record), strict on request (the first bad record ends the
// reading). See Reader and ReadAll.
//
// # Units, frames and time scales
//
// Values are kept as RINEX writes them, which is SI for the Keplerian
// ephemerides (m, rad, rad/s, s) and km, km/s, km/s² for the GLONASS and
// SBAS state vectors, in each system's Earth-fixed frame (WGS-84, PZ-90.11,
// GTRF, CGCS2000). Epochs are time.Time readings of the record's own time
// scale, named by RecordInfo.Scale: GPST for GPS, QZSS, SBAS and NavIC,
// GST for Galileo, BDT for BeiDou, UTC for GLONASS (as RINEX writes it;
// GLONASS t_b itself counts GLONASST = UTC + 3 h). RecordInfo.UTC converts
// a reading to a UTC instant with the leap seconds of package orbit. The
// raw week and seconds-of-week fields the ICD formulas need are kept
// (Kepler.Week, Kepler.Toe, the TransmitSOW fields), with their weeks
// resolved to the half week around the record's epoch.
//
// The reader does not evaluate orbits; package orbit/broadcast does.
package rinex
