// Package broadcast evaluates broadcast ephemerides: the orbits a GNSS
// receiver computes from the navigation message, read from RINEX
// navigation files by package ephemeris/rinex.
//
// Keplerian ephemerides (GPS, QZSS and NavIC LNAV, GPS/QZSS CNAV, Galileo
// I/NAV and F/NAV, BeiDou D1/D2 and B-CNAV) are evaluated with the user
// algorithms of IS-GPS-200 (Tables 20-IV and 30-II), the Galileo OS SIS ICD
// (sec. 5.1.1) and BDS-SIS-ICD-B1I 3.0 (sec. 5.2.4, with the special
// rotation of the GEO satellites C01-C05 and C59-C63), each with its own
// constants (Constants). GLONASS state vectors are integrated with the
// equations of motion of the GLONASS ICD edition 5.1 (Appendix A.3.1.2:
// PZ-90 central field with J₂, Earth rotation, the broadcast luni-solar
// acceleration) by 4th-order Runge-Kutta with a 60 s step.
//
// Source turns a whole file into an orbit source for the simulation
// engine: it lists the satellites (RINEX identifiers such as "G05" or
// "R07", GLONASS frequency channels from the file, orbit class), chooses
// at every instant the record a receiver would use (healthy, already
// transmitted, inside its fit interval; Galileo I/NAV by default), fills
// positions for an orbit.EpochGrid into caller-owned slices or an
// orbit.Batch, and reports gaps: where no record covers a time the
// position is NaN, never an extrapolation. The fit intervals accepted are
// those of the ICDs plus DefaultMargin (5 min) at the end: GPS t_oe ± 2 h
// (or ± half the broadcast fit interval), QZSS t_oe ± 1 h, Galileo
// [t_oe, t_oe + 4 h], BeiDou [t_oe, t_oe + 1 h], GLONASS t_b ± 15 min;
// see NewSource.
//
// The GLONASS integration is done once per record when the Source is
// built (nodes every 60 s over the fit interval); a position is then one
// Runge-Kutta step from the nearest node. The 60 s step is within 1 mm of
// a 1 s integration over ±20 min (measured on the 510 records of the test
// file). A Source is immutable after NewSource and safe for concurrent
// use; Kepler and Glonass values are too.
//
// # Units, frames and time scales
//
// Source and the PositionKm methods return Earth-fixed positions in km (as
// the rest of gnssim does); Kepler.ECEF works in metres, the unit of the
// ICD formulas. Times are UTC time.Time instants; inside, each system's
// time scale is used with the leap seconds of package orbit: t_k counts
// GPST (GPS, QZSS, NavIC), GST (Galileo, = GPST), BDT (BeiDou, = GPST −
// 14 s); the GLONASS integration runs from t_b (RINEX writes it in UTC;
// GLONASST = UTC + 3 h) over elapsed SI seconds.
//
// The Earth-fixed frames of the systems, WGS-84 (G1762) for GPS and QZSS
// (JGS), GTRF for Galileo, CGCS2000 for BeiDou and PZ-90.11 for GLONASS,
// are all aligned with ITRF to a few centimetres and are taken here as one
// frame: the differences are far below the metre-level accuracy of
// broadcast orbits. No frame transformation is applied.
package broadcast
