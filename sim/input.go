package sim

import (
	"fmt"
	"math"
	"runtime"
	"strings"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
)

// Satellite identifies one propagated satellite.
type Satellite struct {
	System ephemeris.System // navigation system
	PRN    string           // system-specific identifier, e.g. "R07" or "C19"
	NORAD  int              // NORAD catalog number (0 if unknown)
	Name   string           // object name from the element set
}

// Ephemeris holds propagated ECEF positions (km) of len(Sats) satellites at
// every epoch of Grid, struct-of-arrays, satellite-major: index s*Grid.N + k.
// NaN marks an epoch where propagation failed (such a satellite is simply not
// visible then).
type Ephemeris struct {
	Grid    orbit.EpochGrid // epochs, UTC
	Sats    []Satellite     // satellites, in index order
	X, Y, Z []float64       // ECEF position, km, index s*Grid.N + k
}

// Validate reports whether e is usable: a valid grid, array lengths equal to
// len(Sats)·Grid.N, known systems, and positions that are finite or NaN in all
// three coordinates together (±Inf, or NaN in only some coordinates, is an
// error).
func (e *Ephemeris) Validate() error {
	if e == nil {
		return fmt.Errorf("ephemeris: nil")
	}
	if err := e.Grid.Validate(); err != nil {
		return fmt.Errorf("ephemeris: %w", err)
	}
	want := len(e.Sats) * e.Grid.N
	if e.Grid.N > 0 && want/e.Grid.N != len(e.Sats) {
		return fmt.Errorf("ephemeris: %d satellites × %d epochs overflows", len(e.Sats), e.Grid.N)
	}
	if len(e.X) != want || len(e.Y) != want || len(e.Z) != want {
		return fmt.Errorf("ephemeris: position arrays have lengths %d, %d, %d; want %d satellites × %d epochs = %d",
			len(e.X), len(e.Y), len(e.Z), len(e.Sats), e.Grid.N, want)
	}
	for i, s := range e.Sats {
		if s.System == ephemeris.SystemUnknown || int(s.System) > len(ephemeris.Systems) {
			return fmt.Errorf("ephemeris: satellite %d (%q): unknown system %d", i, s.PRN, uint8(s.System))
		}
	}
	for i := range e.X {
		x, y, z := e.X[i], e.Y[i], e.Z[i]
		nx, ny, nz := math.IsNaN(x), math.IsNaN(y), math.IsNaN(z)
		if nx || ny || nz {
			if !(nx && ny && nz) {
				return fmt.Errorf("ephemeris: satellite %d epoch %d: NaN in only some coordinates (%g, %g, %g)",
					i/e.Grid.N, i%e.Grid.N, x, y, z)
			}
			continue
		}
		if math.IsInf(x, 0) || math.IsInf(y, 0) || math.IsInf(z, 0) {
			return fmt.Errorf("ephemeris: satellite %d epoch %d: infinite position (%g, %g, %g)",
				i/e.Grid.N, i%e.Grid.N, x, y, z)
		}
	}
	return nil
}

// Site is a receiver location on or above the WGS-84 ellipsoid.
type Site struct {
	Name    string  // label
	LatDeg  float64 // geodetic latitude, degrees, |lat| ≤ 90
	LonDeg  float64 // longitude, degrees east, in [-180, 360)
	HeightM float64 // ellipsoidal height, metres, in [-1000, 100000]
}

// Validate checks the ranges documented on Site.
func (s Site) Validate() error {
	if !isFinite(s.LatDeg) || math.Abs(s.LatDeg) > 90 {
		return fmt.Errorf("site %q: latitude %g° outside [-90, 90]", s.Name, s.LatDeg)
	}
	if !isFinite(s.LonDeg) || s.LonDeg < -180 || s.LonDeg >= 360 {
		return fmt.Errorf("site %q: longitude %g° outside [-180, 360)", s.Name, s.LonDeg)
	}
	if !isFinite(s.HeightM) || s.HeightM < -1000 || s.HeightM > 100e3 {
		return fmt.Errorf("site %q: height %g m outside [-1000, 100000]", s.Name, s.HeightM)
	}
	return nil
}

// GridSpec describes a regular latitude/longitude grid of cell centres: lat
// from LatMinDeg+CellDeg/2 to LatMaxDeg−CellDeg/2, lon likewise. The global
// grid is -90..90 × -180..180. Cells are ordered row-major from the
// south-west corner: latitude ascending, then longitude ascending. Cell
// centres are at height 0 on the WGS-84 ellipsoid. Region edges must lie on
// the lines of the global grid of the same cell size (-90 + k·CellDeg,
// -180 + k·CellDeg; for cell sizes dividing 90 these are the multiples of
// CellDeg), so that a region's cells are cells of the global grid.
type GridSpec struct {
	CellDeg              float64 // cell size, degrees; 180/CellDeg must be an integer
	LatMinDeg, LatMaxDeg float64 // latitude edges, degrees in [-90, 90], on the global grid: -90 + k·CellDeg
	LonMinDeg, LonMaxDeg float64 // longitude edges, degrees east, -180 + k·CellDeg, -180 ≤ min < max ≤ 360, span ≤ 360
}

// GlobalGrid returns the global grid -90..90 × -180..180 with the given cell size (degrees).
func GlobalGrid(cellDeg float64) GridSpec {
	return GridSpec{CellDeg: cellDeg, LatMinDeg: -90, LatMaxDeg: 90, LonMinDeg: -180, LonMaxDeg: 180}
}

// gridIndex returns v/cell as an integer when it is one within 1e-9.
func gridIndex(v, cell float64) (int, bool) {
	q := v / cell
	r := math.Round(q)
	if math.Abs(q-r) > 1e-9 || math.Abs(r) > 1e7 {
		return 0, false
	}
	return int(r), true
}

// Validate checks the rules documented on GridSpec.
func (g GridSpec) Validate() error {
	for _, v := range []float64{g.CellDeg, g.LatMinDeg, g.LatMaxDeg, g.LonMinDeg, g.LonMaxDeg} {
		if !isFinite(v) {
			return fmt.Errorf("grid %+v: non-finite value", g)
		}
	}
	if g.CellDeg <= 0 || g.CellDeg > 180 {
		return fmt.Errorf("grid: cell size %g° outside (0, 180]", g.CellDeg)
	}
	if _, ok := gridIndex(180, g.CellDeg); !ok {
		return fmt.Errorf("grid: cell size %g° does not divide 180°", g.CellDeg)
	}
	if g.LatMinDeg < -90 || g.LatMaxDeg > 90 || g.LatMinDeg >= g.LatMaxDeg {
		return fmt.Errorf("grid: latitude range [%g, %g]° invalid (want -90 ≤ min < max ≤ 90)", g.LatMinDeg, g.LatMaxDeg)
	}
	if g.LonMinDeg < -180 || g.LonMaxDeg > 360 || g.LonMinDeg >= g.LonMaxDeg || g.LonMaxDeg-g.LonMinDeg > 360 {
		return fmt.Errorf("grid: longitude range [%g, %g]° invalid (want -180 ≤ min < max ≤ 360, span ≤ 360)", g.LonMinDeg, g.LonMaxDeg)
	}
	for _, e := range []struct {
		name   string
		v, off float64
	}{{"LatMinDeg", g.LatMinDeg, 90}, {"LatMaxDeg", g.LatMaxDeg, 90}, {"LonMinDeg", g.LonMinDeg, 180}, {"LonMaxDeg", g.LonMaxDeg, 180}} {
		if _, ok := gridIndex(e.v+e.off, g.CellDeg); !ok {
			return fmt.Errorf("grid: %s %g° is not on the global %g° grid (-%g° + a multiple of the cell size)", e.name, e.v, g.CellDeg, e.off)
		}
	}
	return nil
}

// Dims returns the number of latitude rows and longitude columns of a valid grid.
func (g GridSpec) Dims() (nLat, nLon int) {
	a, _ := gridIndex(g.LatMinDeg+90, g.CellDeg)
	b, _ := gridIndex(g.LatMaxDeg+90, g.CellDeg)
	c, _ := gridIndex(g.LonMinDeg+180, g.CellDeg)
	d, _ := gridIndex(g.LonMaxDeg+180, g.CellDeg)
	return b - a, d - c
}

// LatCentreDeg returns the latitude (degrees) of the centre of row i of a valid
// grid. It is computed from the global row index, so a region and the same
// rows of a larger grid have bit-identical centres.
func (g GridSpec) LatCentreDeg(i int) float64 {
	a, _ := gridIndex(g.LatMinDeg+90, g.CellDeg)
	return -90 + (float64(a+i)+0.5)*g.CellDeg
}

// LonCentreDeg returns the longitude (degrees east) of the centre of column j
// of a valid grid, computed from the global column index counted from -180°.
func (g GridSpec) LonCentreDeg(j int) float64 {
	c, _ := gridIndex(g.LonMinDeg+180, g.CellDeg)
	return -180 + (float64(c+j)+0.5)*g.CellDeg
}

// Rows returns the sub-grid made of rows [r0, r1) of g (0 ≤ r0 < r1 ≤ nLat).
func (g GridSpec) Rows(r0, r1 int) (GridSpec, error) {
	if err := g.Validate(); err != nil {
		return GridSpec{}, err
	}
	nLat, _ := g.Dims()
	if r0 < 0 || r1 > nLat || r0 >= r1 {
		return GridSpec{}, fmt.Errorf("grid rows [%d, %d) outside [0, %d)", r0, r1, nLat)
	}
	a, _ := gridIndex(g.LatMinDeg+90, g.CellDeg)
	s := g
	s.LatMinDeg = -90 + float64(a+r0)*g.CellDeg
	s.LatMaxDeg = -90 + float64(a+r1)*g.CellDeg
	return s, nil
}

// MaskPoint is one vertex of an azimuth-dependent elevation mask.
type MaskPoint struct {
	AzDeg float64 // azimuth, degrees clockwise from north, in [0, 360)
	ElDeg float64 // minimum elevation at that azimuth, degrees, in [0, 90)
}

// Mask is the elevation mask. If Azimuth is non-empty it overrides
// ElevationDeg: the minimum elevation is interpolated linearly in azimuth
// between the points, wrapping at 360°.
type Mask struct {
	ElevationDeg float64     // constant minimum elevation, degrees, in [0, 90)
	Azimuth      []MaskPoint // optional azimuth table, azimuths strictly increasing in [0, 360)
}

// Validate checks the ranges documented on Mask and MaskPoint.
func (m Mask) Validate() error {
	if len(m.Azimuth) == 0 {
		if !isFinite(m.ElevationDeg) || m.ElevationDeg < 0 || m.ElevationDeg >= 90 {
			return fmt.Errorf("mask: elevation %g° outside [0, 90)", m.ElevationDeg)
		}
		return nil
	}
	for i, p := range m.Azimuth {
		if !isFinite(p.AzDeg) || p.AzDeg < 0 || p.AzDeg >= 360 {
			return fmt.Errorf("mask: point %d azimuth %g° outside [0, 360)", i, p.AzDeg)
		}
		if !isFinite(p.ElDeg) || p.ElDeg < 0 || p.ElDeg >= 90 {
			return fmt.Errorf("mask: point %d elevation %g° outside [0, 90)", i, p.ElDeg)
		}
		if i > 0 && p.AzDeg <= m.Azimuth[i-1].AzDeg {
			return fmt.Errorf("mask: azimuths not strictly increasing at point %d (%g° after %g°)", i, p.AzDeg, m.Azimuth[i-1].AzDeg)
		}
	}
	return nil
}

// MinElevationDeg returns the mask elevation (degrees) at azimuth azDeg
// (any value; reduced modulo 360). The mask must be valid.
func (m Mask) MinElevationDeg(azDeg float64) float64 {
	p := m.Azimuth
	switch len(p) {
	case 0:
		return m.ElevationDeg
	case 1:
		return p[0].ElDeg
	}
	az := math.Mod(azDeg, 360)
	if az < 0 {
		az += 360
	}
	n := len(p)
	// Find the segment [p[i], p[i+1]] containing az, with wrap-around from
	// the last point to the first (+360°).
	if az < p[0].AzDeg || az >= p[n-1].AzDeg {
		a0, e0 := p[n-1].AzDeg, p[n-1].ElDeg
		a1, e1 := p[0].AzDeg+360, p[0].ElDeg
		if az < p[0].AzDeg {
			az += 360
		}
		return e0 + (e1-e0)*(az-a0)/(a1-a0)
	}
	lo, hi := 0, n-1 // p[lo].Az ≤ az < p[hi].Az
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if p[mid].AzDeg <= az {
			lo = mid
		} else {
			hi = mid
		}
	}
	a0, e0 := p[lo].AzDeg, p[lo].ElDeg
	a1, e1 := p[hi].AzDeg, p[hi].ElDeg
	return e0 + (e1-e0)*(az-a0)/(a1-a0)
}

// bounds returns the lowest and highest mask elevation (degrees).
func (m Mask) bounds() (lo, hi float64) {
	if len(m.Azimuth) == 0 {
		return m.ElevationDeg, m.ElevationDeg
	}
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, p := range m.Azimuth {
		lo = math.Min(lo, p.ElDeg)
		hi = math.Max(hi, p.ElDeg)
	}
	return lo, hi
}

// MetresPerNanosecond converts a time (ns) into a range (m): the speed of
// light, 0.299792458 m/ns.
const MetresPerNanosecond = 0.299792458

// ClockModel selects the receiver clock unknowns of a multi-system solution.
type ClockModel uint8

const (
	// ClockPerSystem has one clock unknown per system with at least one
	// visible satellite (inter-system biases unknown). It is the default.
	ClockPerSystem ClockModel = iota
	// ClockCommon has a single clock unknown for all systems (inter-system
	// biases known).
	ClockCommon
	// ClockISBPrior has one clock unknown per system, like ClockPerSystem,
	// and knows each inter-system bias (a system's clock minus the first
	// system's) to within Model.ISBSigmaM: a pseudo-observation ISB = 0
	// with that σ. It tends to ClockCommon as σ → 0 and to ClockPerSystem
	// as σ → ∞.
	ClockISBPrior
)

// String returns "per-system", "common" or "isb-prior".
func (c ClockModel) String() string {
	switch c {
	case ClockPerSystem:
		return "per-system"
	case ClockCommon:
		return "common"
	case ClockISBPrior:
		return "isb-prior"
	}
	return fmt.Sprintf("ClockModel(%d)", uint8(c))
}

// ParseClockModel accepts "per-system" (also "persystem", "per_system",
// "separate") and "common" (also "single"), case-insensitively.
func ParseClockModel(s string) (ClockModel, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "per-system", "persystem", "per_system", "separate":
		return ClockPerSystem, nil
	case "common", "single":
		return ClockCommon, nil
	case "isb-prior", "isbprior", "isb_prior":
		return ClockISBPrior, nil
	}
	return 0, fmt.Errorf("unknown clock model %q (want per-system, common or isb-prior)", s)
}

// Weighting selects the observation weights of the DOP.
type Weighting uint8

const (
	// WeightNone gives every satellite weight 1 (classical DOP). Default.
	WeightNone Weighting = iota
	// WeightElevation uses variance ∝ 1/sin²(el), i.e. weight sin²(el).
	WeightElevation
)

// String returns "none" or "elevation".
func (w Weighting) String() string {
	switch w {
	case WeightNone:
		return "none"
	case WeightElevation:
		return "elevation"
	}
	return fmt.Sprintf("Weighting(%d)", uint8(w))
}

// ParseWeighting accepts "none" (also "equal", "") and "elevation" (also
// "sin2el", "elev"), case-insensitively.
func ParseWeighting(s string) (Weighting, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "none", "equal", "":
		return WeightNone, nil
	case "elevation", "elev", "sin2el":
		return WeightElevation, nil
	}
	return 0, fmt.Errorf("unknown weighting %q (want none or elevation)", s)
}

// DefaultPDOPMax is the availability threshold used when Model.PDOPMax is 0.
const DefaultPDOPMax = 6

// Model is the receiver model shared by every evaluation of a run: which
// systems count and in what order, the elevation mask, the clock model, the
// weighting and the availability threshold. The same Model gives the same
// numbers whether it is used by SiteSeries, Coverage or SkyTracks.
type Model struct {
	// Systems selects which satellites count, in the user's order (which
	// fixes the "first clock" for TDOP and the order of per-system results).
	// Empty: every system present in the source, in ephemeris.Systems order.
	Systems []ephemeris.System
	// Mask is the elevation mask (zero value: 0°, the horizon).
	Mask Mask
	// Clock is the clock model (default ClockPerSystem).
	Clock ClockModel
	// ISBSigmaM is, with ClockISBPrior, the σ of the prior on every
	// inter-system bias, in metres of range for observations of σ 1 m
	// (weight 1; with WeightElevation σ = 1/sin(el) m): the weight of the
	// pseudo-observation is 1/σ². DOP itself has no unit, so this is a
	// statement relative to the ranging error the DOP is scaled by; 0 < σ
	// < +Inf (σ = 0 is ClockCommon, σ = +Inf ClockPerSystem). Unused, and
	// must be 0, with the other clock models.
	ISBSigmaM float64
	// Weighting is the observation weighting (default WeightNone).
	Weighting Weighting
	// PDOPMax is the availability threshold: an epoch is available when PDOP
	// is available and ≤ PDOPMax. 0 means DefaultPDOPMax (6).
	PDOPMax float64
}

// Exec holds the execution settings of a long-running call. Results never
// depend on them.
type Exec struct {
	// Workers is the number of goroutines; 0 means runtime.GOMAXPROCS(0).
	Workers int
	// ChunkEpochs is the number of epochs whose satellite positions are held
	// at a time (memory O(satellites × ChunkEpochs)); 0 means
	// DefaultChunkEpochs.
	ChunkEpochs int
	// Progress, if not nil, is called from the calling goroutine with the
	// number of epochs done and the total, about every 100 ms and once at the
	// end.
	Progress func(done, total int)
}

// DefaultChunkEpochs is the number of epochs of satellite positions a call
// holds at a time when Exec.ChunkEpochs is 0: 2048 epochs of 100
// satellites are 4.9 MB.
const DefaultChunkEpochs = 2048

// chunkEpochs returns the validated chunk length.
func (x Exec) chunkEpochs() (int, error) {
	switch {
	case x.ChunkEpochs < 0:
		return 0, fmt.Errorf("exec: ChunkEpochs %d is negative", x.ChunkEpochs)
	case x.ChunkEpochs == 0:
		return DefaultChunkEpochs, nil
	}
	return x.ChunkEpochs, nil
}

// workers returns the validated number of goroutines.
func (x Exec) workers() (int, error) {
	switch {
	case x.Workers < 0:
		return 0, fmt.Errorf("exec: Workers %d is negative", x.Workers)
	case x.Workers == 0:
		return runtime.GOMAXPROCS(0), nil
	}
	return x.Workers, nil
}

// Variant is one evaluated set of systems: a system alone or a combination.
type Variant struct {
	Name    string             // e.g. "glonass", "beidou", "glonass+beidou"
	Systems []ephemeris.System // systems, in Model.Systems order
	set     SlotSet
}

// config is a validated Model bound to a list of satellites.
type config struct {
	systems   []ephemeris.System
	slotOf    [16]int8 // system -> slot, -1 if not selected
	mask      Mask
	mt        maskTable
	clock     ClockModel
	isbSigmaM float64 // ClockISBPrior: σ of the prior
	isbWeight float64 // ClockISBPrior: 1/σ² of the prior, in observation weights
	weighting Weighting
	pdopMax   float64
	variants  []Variant // each system alone, then the combination if len(systems) > 1
	all       SlotSet
}

// Validate checks the model: a valid mask, known clock model and weighting,
// a positive (or zero: default) PDOPMax, known systems listed once.
func (m Model) Validate() error {
	_, err := m.config(nil)
	return err
}

// Variants returns the variants a result of m has: each system alone, then
// the combination when there are several systems. With no systems in m it
// returns nil (they then come from the source).
func (m Model) Variants() []Variant {
	if len(m.Systems) == 0 {
		return nil
	}
	c, err := m.config(nil)
	if err != nil {
		return nil
	}
	return c.variants
}

// solve is the DOP of the slots in set under the clock model.
func (c *config) solve(acc *Accumulator, set SlotSet) DOP {
	if c.clock == ClockISBPrior {
		return acc.SolveISB(set, c.isbWeight)
	}
	return acc.Solve(set, c.clock)
}

// config validates m; with no systems listed, the systems present in sats
// are used.
func (o Model) config(sats []Satellite) (*config, error) {
	c := &config{clock: o.Clock, weighting: o.Weighting, mask: o.Mask}
	for i := range c.slotOf {
		c.slotOf[i] = -1
	}
	if err := o.Mask.Validate(); err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	c.mt = newMaskTable(o.Mask)
	switch {
	case o.Clock > ClockISBPrior:
		return nil, fmt.Errorf("model: unknown clock model %d", uint8(o.Clock))
	case o.Clock == ClockISBPrior:
		if !(o.ISBSigmaM > 0) || math.IsInf(o.ISBSigmaM, 1) {
			return nil, fmt.Errorf("model: ISBSigmaM %g must be positive and finite with the isb-prior clock model (0 is the common clock, +Inf per-system clocks)", o.ISBSigmaM)
		}
		c.isbSigmaM, c.isbWeight = o.ISBSigmaM, 1/(o.ISBSigmaM*o.ISBSigmaM)
		if !isFinite(c.isbWeight) {
			return nil, fmt.Errorf("model: ISBSigmaM %g is too small (its weight overflows); use the common clock", o.ISBSigmaM)
		}
	case o.ISBSigmaM != 0:
		return nil, fmt.Errorf("model: ISBSigmaM %g is set but the clock model is %s (ISBSigmaM needs isb-prior)", o.ISBSigmaM, o.Clock)
	}
	if o.Weighting > WeightElevation {
		return nil, fmt.Errorf("model: unknown weighting %d", uint8(o.Weighting))
	}
	switch {
	case o.PDOPMax == 0:
		c.pdopMax = DefaultPDOPMax
	case !isFinite(o.PDOPMax) || o.PDOPMax < 0:
		return nil, fmt.Errorf("model: PDOPMax %g must be positive (0 for the default %d)", o.PDOPMax, DefaultPDOPMax)
	default:
		c.pdopMax = o.PDOPMax
	}
	systems := o.Systems
	if len(systems) == 0 && sats != nil {
		present := map[ephemeris.System]bool{}
		for _, s := range sats {
			present[s.System] = true
		}
		for _, s := range ephemeris.Systems {
			if present[s] {
				systems = append(systems, s)
			}
		}
		if len(systems) == 0 {
			return nil, fmt.Errorf("model: the source has no satellites and no systems were given")
		}
	}
	if len(systems) > MaxSystems {
		return nil, fmt.Errorf("model: %d systems, at most %d", len(systems), MaxSystems)
	}
	for i, s := range systems {
		if s == ephemeris.SystemUnknown || int(s) >= len(c.slotOf) || int(s) > len(ephemeris.Systems) {
			return nil, fmt.Errorf("model: unknown system %d", uint8(s))
		}
		if c.slotOf[s] >= 0 {
			return nil, fmt.Errorf("model: system %s listed twice", s)
		}
		c.slotOf[s] = int8(i)
		c.systems = append(c.systems, s)
		c.all |= 1 << i
	}
	for i, s := range c.systems {
		c.variants = append(c.variants, Variant{Name: s.String(), Systems: []ephemeris.System{s}, set: 1 << i})
	}
	if len(c.systems) > 1 {
		names := make([]string, len(c.systems))
		for i, s := range c.systems {
			names[i] = s.String()
		}
		c.variants = append(c.variants, Variant{Name: strings.Join(names, "+"), Systems: append([]ephemeris.System(nil), c.systems...), set: c.all})
	}
	return c, nil
}

// slot returns the slot of satellite system s, or -1 when it is not selected.
func (c *config) slot(s ephemeris.System) int {
	if int(s) >= len(c.slotOf) {
		return -1
	}
	return int(c.slotOf[s])
}

func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

const deg = math.Pi / 180
