// Package accuracy measures how far apart two satellite position sources
// are over a period, and what that means for a user: TLE/SGP4 against
// broadcast ephemerides, broadcast against precise (SP3) orbits, TLE
// against SP3, or any two sim.Source values.
//
// Compare reads both sources over an orbit.EpochGrid, a chunk of epochs at
// a time, pairs their satellites (Match), and reports, per satellite, per
// system, per system and orbit class, and in total, the 3-D, radial,
// along-track and cross-track differences: RMS, mean (bias), standard
// deviation and maximum, with the epoch and satellite of the maximum. With
// sites it also compares the receiver's view (SiteEffects): elevation
// differences, PDOP differences, and epochs where the number of visible
// satellites or the availability differs. Results are plain structs; the
// command line formats them. BroadcastSource and PreciseSource adapt
// orbit/broadcast and orbit/precise to sim.Source.
//
// # Conventions
//
//   - The difference is Δ = b − a: source a is the reference (put the
//     precise orbit first, and the broadcast or TLE orbit second, to read
//     the results as the errors of the latter). Positions are compared at
//     the same UTC instants, the epochs of the grid; each source converts
//     UTC to its own time scale (orbit/broadcast: GPST, GST, BDT, GLONASS
//     time; orbit/precise: the SP3 file's time system; SGP4: UTC).
//   - Units: inputs are km (sim.Ephemeris); orbit results are metres,
//     elevations degrees, PDOP unitless.
//   - RAC frame (of source a, at each epoch): radial r̂ = r/|r|; cross-
//     track ĥ = (r × v)/|r × v| with v the inertial velocity; along-track
//     â = ĥ × r̂ (the transverse direction: along the velocity for a
//     circular orbit, within the eccentricity, ~0.01 rad for GNSS, of it
//     otherwise). A sim.Source gives positions only, so v is the
//     derivative of the Lagrange polynomial through a's positions at up
//     to five consecutive epochs around the epoch (two on each side, fewer
//     next to a gap or at the ends of the period), each first rotated by
//     the Earth's rotation since the epoch (a quasi-inertial frame). For a
//     Keplerian orbit all those positions lie in the orbital plane, so the
//     frame is exact at any step (TestRACClosedForm: 1e-8 of |Δ|, rounding,
//     at steps of 30 s to 15 min, ends of arcs included); for real orbits
//     the split at 5, 15 and 30 min agrees with that at 30 s to 1.2e-7,
//     5.4e-7 and 2.0e-6 of |Δ| (TestRACStepInvariance). An epoch where a
//     has no position at either neighbouring epoch (or a period of one
//     epoch) has no frame: it counts in the 3-D statistics only
//     (Counts.NoFrame).
//   - Epochs where either source has no position (NaN) are skipped and
//     counted (Counts.OnlyA, OnlyB, Neither).
//   - Aggregates weigh every satellite-epoch the same: the RMS of a
//     system is √(Σ Δ² / n) over all its satellites and epochs, not the
//     mean of per-satellite RMS.
//   - Orbit class: a sim.Satellite carries none, so it is derived from
//     source a's positions: the mean radius and the mean inclination of
//     the orbit normal over the epochs with a frame (ClassifyOrbit:
//     geosynchronous from 35 000 km, GEO below 10° of inclination, MEO
//     from 8 378 km, LEO below) or given by Options.Classify.
//
// # Matching
//
// Satellites are paired by system and PRN (sim.Satellite.PRN, normalised
// "G5" → "G05"): GPS, Galileo, BeiDou, QZSS by PRN, GLONASS by orbital
// slot ("R07"), which is what sim/dataset's catalog identification, the
// RINEX navigation files and SP3 files all use. Unpaired satellites are
// listed (Matching.OnlyA, OnlyB) and take no part in the statistics or in
// the user effects: a satellite that one source lacks entirely is not
// counted as a visibility difference; one it lacks at some epochs (NaN) is.
//
// # Frames, antenna offsets and what to expect
//
// Both sources are taken in one Earth-fixed frame: the broadcast frames
// (WGS-84, PZ-90.11, GTRF, CGCS2000) agree with IGS14/ITRF2014, the frame
// of IGS precise orbits, to centimetres–decimetres, below the metre-level
// differences studied here, and no transformation is applied (as in
// orbit/broadcast and orbit/precise). No antenna offset is applied either:
// IGS precise orbits give the satellite's centre of mass, while broadcast
// orbits refer to the transmitting antenna; Montenbruck et al. (2015,
// "Broadcast versus precise ephemerides: a multi-GNSS perspective", GPS
// Solutions 19:321–333) derive the block- and constellation-specific
// radial offsets needed to compare the two, and compare after applying
// them. Here broadcast − precise keeps them: a radial bias per satellite,
// constant to a few decimetres and mostly negative (the antenna lies
// towards the Earth), which the radial Mean and Std of the results
// separate from the orbit error. Measured on 2020-06-25
// (TestBroadcastVersusPrecise): GPS +0.1 to −1.7 m by block, GLONASS −1.6
// to −2.5 m, Galileo −0.7 to −1.1 m, BeiDou −0.2 to −1.3 m (C07 and C10
// +1.1 and +0.3 m), QZSS −0.1 to −3.3 m; and per system 3-D RMS of 1.2 m
// (Galileo) to 3.4 m (GLONASS), BeiDou GEO 15.9 m (a constant along-track
// offset of −15.5 m). TLE against broadcast or SP3 orbits is not measured
// in the tests: gnssim's data hold no element sets of a day with
// broadcast or precise orbits (TestTLEPath checks that path on synthetic
// truth).
//
// # User effects
//
// With Options.Sites, each site is evaluated with sim.SiteSeries and
// sim.SkyTracks (KeepBelowMask) on the matched satellites of each source,
// with the same sim.Model, a chunk at a time, and the two views compared
// (VariantEffects): elevation differences of satellites above the mask in
// either view, PDOP differences (all epochs, and those where both see the
// same satellites, which isolates the geometry), and the epochs where the
// visible count, the visible satellites or the availability differ.
// Metre-level orbit differences move elevations by about 1e-5° and the
// PDOP by 1e-4 at most (more for nearly singular geometries:
// TestUserBroadcastVersusPrecise); what users notice are satellites
// missing in one source (NaN epochs: a broadcast file of one station lacks
// the satellites it did not see).

// # Memory and speed
//
// Positions are held for one chunk of epochs (Options.ChunkEpochs,
// default sim.DefaultChunkEpochs) of both sources: memory O((satellites of
// a + of b) × chunk), plus O(sites × chunk × variants) with sites, never
// O(satellites × epochs); each pair keeps its last five epochs across
// chunks, so the results do not depend on the chunk size (bit for bit,
// TestChunkInvariance). The difference computation costs about 50 ns per
// satellite-epoch on a shared 2-core machine (BenchmarkDifferences; a
// whole Compare of two in-memory sources about 80 ns, BenchmarkCompare),
// below the cost of producing the positions (SGP4 about 340 ns; the
// broadcast − SP3 comparison of the tests costs 170–200 ns per pair and
// epoch in all, BenchmarkBroadcastVersusPrecise).
package accuracy
