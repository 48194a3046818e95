// Package orbit turns element sets into satellite states.
//
// It holds gnssim's own SGP4/SDP4 (Vallado et al., "Revisiting Spacetrack
// Report #3", AIAA 2006-6753; WGS-72, improved mode), the frames a GNSS user
// needs (TEME, ECEF, WGS-84 geodetic, local ENU, azimuth/elevation/range), the
// time scales UTC, GPST, BDT and GLONASST, and a batch propagator for the hot
// loop. It also adapts github.com/joshuaferrara/go-satellite behind the same
// Propagator interface, for comparison.
//
// # Units and conventions
//
// Positions are km, velocities km/s, angles radians unless a name says Deg.
// Times are UTC time.Time at the edges; inside, Julian dates are kept as a
// whole part and a fraction so that nothing is lost below a second. UT1 is
// taken equal to UTC and polar motion is ignored unless given. Longitudes are
// east-positive.
package orbit
