// Package sp3 reads precise GNSS orbit files in the Extended Standard
// Product 3 format: SP3-c (S. Hilla, "The Extended Standard Product 3 Orbit
// Format (SP3-c)", NGS/NOAA, 17 August 2010) and SP3-d (S. Hilla, "The
// Extended Standard Product 3 Orbit Format (SP3-d)", NGS/NOAA, 21 February
// 2016). The older SP3-a and SP3-b layouts, which SP3-c extends compatibly,
// are accepted too. Plain and gzip-compressed input are detected from the
// content (the gzip magic bytes 1f 8b).
//
// The reader follows the project's reader style (package ephemeris): by
// default it is lenient, keeping every good record and reporting each bad
// one as an *ephemeris.ParseError (file, line, column, field, what was
// expected) in File.Problems; with Options.Strict the first problem ends the
// reading and is returned as the error. It never panics on user data.
//
// # Units
//
// As in the file (SP3-c/-d "Position and Clock Record"): positions are km,
// clock corrections µs. Velocity records, which the files give in dm/s and
// 10⁻⁴ µs/s, are converted on reading to km/s and µs/s. Standard-deviation
// exponents are kept as written: σ = base^exponent with the %f base numbers
// of the header (mm and mm/s·10⁻⁴ for coordinates and velocities, ps and
// ps/s·10⁻⁴ for clocks and clock rates). The optional EP and EV records
// (standard deviations and correlations) are kept as the integers written,
// read as blank-separated fields.
//
// Numbers are read from their fixed columns and must be right-justified
// there without embedded blanks, as the Fortran formats of the format
// documents write them: a value shifted by a column is reported, not
// misread.
//
// Missing values are NaN, never zero: the format writes a bad or absent
// coordinate as 0.000000 and a bad or absent clock as 999999.999999 (the
// six integer nines are what counts). A position with any coordinate
// exactly 0.000000 is treated as absent as a whole (all three NaN): a real
// GNSS orbit printed at millimetre resolution has a zero coordinate with a
// probability of about 10⁻¹⁰ per record, while a partial position is of no
// use. A satellite without a record at an epoch reads as missing as well.
//
// # Frames
//
// Coordinates are Earth-centred, Earth-fixed, in the frame named in the
// header (Header.CoordSystem): for IGS products an ITRF realisation such as
// IGS14 or IGb14 (both aligned to ITRF2014, differing at the millimetre
// level). The package does not transform frames. Broadcast orbits refer to
// WGS-84 (GPS), PZ-90.11 (GLONASS), CGCS2000 (BeiDou) and GTRF (Galileo),
// which today agree with ITRF to centimetres–decimetres; gnssim treats all
// of them as the same Earth-fixed frame, which is well below the metre-level
// broadcast orbit error and far below what visibility and DOP can sense.
// Positions are those of the satellite centre of mass for IGS final
// products (see the file's comment lines, e.g. "ORB:CoN").
//
// # Time systems
//
// Epochs are kept twice: File.Epochs holds the readings as written, in the
// file's time system (Header.TimeSystem, from the first %c line, columns
// 10-12), and File.EpochsUTC the same instants in UTC. The mapping to the
// time scales of package orbit is:
//
//	GPS  GPS time                          orbit.GPST
//	GAL  Galileo System Time (GST = GPST)  orbit.GPST
//	QZS  QZSS time (aligned with GPST)     orbit.GPST
//	BDT  BeiDou Time                       orbit.BDT
//	TAI  International Atomic Time         orbit.TAI
//	UTC  Coordinated Universal Time        orbit.UTC
//	GLO  "GLONASS UTC time system"         orbit.UTC
//
// GLO follows the SP3-c definition ("GLO to identify the GLONASS UTC time
// system") and the RINEX convention for GLONASS time tags, UTC(SU), i.e.
// UTC, not the Moscow-time GLONASST = UTC + 3 h of the GLONASS ICD. The
// steering offsets between the system times and their nominal definitions
// (nanoseconds) are ignored. SP3-a and SP3-b files, which predate the %c
// line, are GPS time; an SP3-c/-d file whose %c line leaves the time
// system as "ccc" is read as GPS time and reported. Other codes (e.g. IRN)
// are refused.
package sp3
