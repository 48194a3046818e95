// Package ephemeris turns text into validated orbital element sets.
//
// It reads CelesTrak-style two-line element sets (2-line and 3-line form,
// Alpha-5 catalog numbers) and Orbit Mean-Elements Messages (OMM) in JSON,
// CSV and CCSDS XML, detecting the format from the content. Every field is
// validated before use; a bad record yields a *ParseError naming the file,
// line, column and field. It also identifies each element set's GNSS system
// and identity (GLONASS slot and frequency channel, BeiDou PRN and orbit
// type, GPS PRN, Galileo E-number) from a catalog compiled into the package.
//
// # Units and conventions
//
// Angles in element sets are degrees, mean motion is revolutions per day,
// BSTAR is per Earth radius, epochs are UTC with nanosecond resolution
// (a TLE epoch day fraction of 8 digits converts exactly). The package never
// propagates; see package orbit for that.
package ephemeris
