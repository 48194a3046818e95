// Package precise turns precise orbit files (SP3, read by package
// github.com/gnssim/gnssim/ephemeris/sp3) into a position source for the
// simulation engine: Earth-fixed satellite positions at any UTC instant
// inside the files' span, by polynomial interpolation of the tabulated
// positions.
//
// # Interpolation
//
// Each coordinate is interpolated separately by the Lagrange polynomial
// through Points consecutive tabulated epochs (default 10 points, a
// polynomial of degree 9), evaluated in the product form with precomputed
// denominators (equispaced nodes). The window of nodes is centred on the
// interval that holds the query time (for 10 points: the interval's two
// nodes and four more on each side) and shifted inwards at the ends of the
// data, so the polynomial is never evaluated outside its nodes. At a tabulated epoch the weights are
// exactly 0 and 1, so the tabulated value is reproduced bit for bit.
//
// Measured error (package tests on the real 15-minute products of
// 2020-06-25 from IAC and CNES/CLS):
//
//   - half way between tabulated epochs, against an 18-point interpolation
//     of the same data (TestMidInterval): 0.07–0.24 mm RMS, at most 0.9 mm,
//     for GPS, GLONASS, Galileo, BeiDou (MEO, IGSO and GEO) and QZSS; 15 mm
//     RMS, 38 mm at most, for Galileo E14 and E18, whose orbits are
//     eccentric (e ≈ 0.16);
//   - leave one out, an epoch removed and interpolated from the ten
//     nearest others, i.e. across a 30-minute hole (TestLeaveOneOut):
//     1.6–3.9 mm RMS, at most 28 mm; E14/E18 0.24 m RMS, 0.59 m at most;
//   - in the first and last interval of the data, where the window cannot
//     be centred (TestEnds): 3–8 mm RMS, at most 33 mm; E14/E18 0.43 m
//     RMS, 1.2 m at most.
//
// The SP3 values themselves are rounded to 1 mm. Twelve points would bring
// E14/E18 to 2 mm half way between epochs but double the error of the other
// satellites in the end intervals (a larger Lebesgue constant); fourteen
// and more make the ends worse still. Options.Points selects another order.
// Velocities are the time derivative of the same polynomial.
//
// There is no extrapolation: before the first or after the last tabulated
// epoch the position is NaN. There is no interpolation across missing
// data: a query whose window of nodes holds a missing position (absent
// record, 0.000000 coordinates, a missing epoch) is NaN, and the time
// ranges concerned are listed by Source.Gaps. The ranges are exact: the
// window rule is the same for the gap list and for evaluation.
//
// # Time
//
// Queries are UTC (time.Time). They are converted to the files' time system
// (GPS time = UTC + leap seconds − 19 s, BDT = UTC + leap seconds − 33 s,
// TAI = UTC + leap seconds, GLO and UTC files as they are; GST and QZSS time
// are taken equal to GPS time) with the leap-second table of package
// orbit, and the interpolation runs on that continuous scale. Files for
// consecutive days (or any set of files with the same time system and
// interval) are merged into one Source: epochs that appear in two files
// (such as 24:00 of one day and 00:00 of the next) are taken once, from the
// earlier file where it has a position, and the largest disagreement is
// reported by Source.Joins. A UTC- or GLO-time source may not span a leap
// second (its epochs would not be equispaced).
//
// # Units and frames
//
// Positions are km, velocities km/s, in the Earth-fixed frame of the files
// (IGS14/IGb14 for IGS products, i.e. ITRF2014). gnssim treats the ITRF
// realisations and the broadcast frames WGS-84, PZ-90.11, CGCS2000 and GTRF
// as one frame: they agree to centimetres–decimetres, far below what
// visibility and DOP can sense. The positions are those of the files:
// satellite centre of mass for IGS final products.
//
// # Concurrency and cost
//
// A Source is immutable after New and safe for concurrent use by any number
// of goroutines. Position, State, FillGrid and FillBatch do not allocate;
// FillBatch computes the interpolation weights once per epoch for all the
// satellites of the batch. Measured CPU time per satellite and epoch
// (BenchmarkFillBatch and friends: 121 satellites, 24 h at 30 s, on a
// shared 2-core development machine, process CPU time from getrusage):
// 17–25 ns for FillBatch, about 40 ns for FillGrid, 32–56 ns for FillBatch
// with velocities, 63–85 ns for a single Position call (which converts its
// time), against about 340 ns for gnssim's SGP4.
package precise
