// Package sim is gnssim's interoperability engine: satellite visibility and
// dilution of precision (DOP) for each navigation system alone and for
// several combined, at receiver sites over time (SiteSeries, SkyTracks,
// CompareSites) and over a latitude/longitude grid (Coverage, CoverageRows,
// CompareRegion).
//
// # Input
//
// The engine does not propagate orbits. It reads an Ephemeris: ECEF positions
// (km) of every satellite at every epoch of an orbit.EpochGrid, filled by the
// SGP4 batch propagator of package orbit (or, in tests, by package
// sim/simtest). NaN marks an epoch at which propagation failed: the satellite
// is then simply not visible.
//
// # Conventions
//
//   - Elevation is measured from the plane normal to the WGS-84 ellipsoid
//     normal at the receiver (geodetic up); azimuth clockwise from geodetic
//     north, degrees in [0, 360).
//   - A satellite is visible when its elevation is strictly above the mask:
//     with d = sat − receiver and dU = d·Û, visible ⇔ dU > 0 and
//     dU² > sin²(mask)·|d|². A satellite exactly at the mask is not visible
//     (exact for mask 0°, where dU = 0; for other masks "exactly" is subject to
//     the rounding of sin²(mask), ~1e-16 relative).
//   - Design-matrix rows are [−e_E, −e_N, −e_U, clock indicators], e the unit
//     line of sight in ENU. Q = (GᵀWG)⁻¹; GDOP = √trace Q, PDOP = √(Q_EE+Q_NN+Q_UU),
//     HDOP = √(Q_EE+Q_NN), VDOP = √Q_UU, TDOP = √Q_tt of the first clock.
//   - Clock models: ClockPerSystem (default) has one receiver clock unknown per
//     system with at least one visible satellite; ClockCommon has a single
//     clock for all systems. The "first clock" reported as TDOP is, for
//     ClockPerSystem, the clock of the first system in Options.Systems order
//     that has at least one visible satellite; for ClockCommon, the common clock.
//   - DOP is unavailable (all DOP fields NaN, Available false) when fewer
//     satellites are visible than there are unknowns, or when the geometry is
//     singular: the reduced 3×3 position matrix S (the Schur complement of the
//     clock block, see Accumulator) has a non-positive determinant or
//     diagonal entry (of S or of its inverse), or a reciprocal 1-norm
//     condition number 1/(‖S‖₁‖S⁻¹‖₁) below 1e-12.
//   - Weighting WeightElevation uses variance ∝ 1/sin²(el), i.e. weight sin²(el).
//
// # Speed
//
// Every evaluation accumulates, per system, the ten unique numbers
// A = Σ w e eᵀ, b = Σ w e, c = Σ w (plus the count); because each satellite
// has exactly one clock, the clock block of the normal matrix is diagonal and
// the Schur complement reduces every clock model and every combination of
// systems to one 3×3 inversion. Coverage visits, for each satellite, only the
// grid cells inside a conservative spherical cap where it can be above the
// lowest mask elevation, streams over epochs (memory O(cells), never
// O(cells × epochs)) and gives bit-identical results for any number of workers
// and any split of the grid into row blocks. Its per-row accumulators are
// struct-of-arrays; on amd64 CPUs with AVX2 the unweighted constant-mask
// kernel and the 3×3 inversions run four cells at a time in assembly
// (kernel_amd64.s; the kernel eight at a time with AVX-512), with exactly the
// IEEE operations of the portable Go code, so results are bit-identical with
// or without them (build tag purego selects the portable code everywhere).
package sim
