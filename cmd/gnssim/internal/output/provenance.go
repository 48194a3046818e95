package output

import (
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/dataset"
	"strconv"
)

// Provenance is what produced an output: one JSON object with one shape for
// every command ("run" in every JSON document and coverage shard). Fields
// that do not apply to a command are left out.
type Provenance struct {
	Version string   `json:"gnssim_version"`
	Command string   `json:"command"`
	Systems []string `json:"systems,omitempty"`
	Inputs  *Inputs  `json:"inputs,omitempty"`
	// Reference is the reference source of a comparison of two sources
	// (gnssim accuracy; Inputs is then the tested source).
	Reference *Inputs `json:"reference,omitempty"`
	Period    *Period `json:"period,omitempty"`
	Mask      *Mask   `json:"mask,omitempty"`
	Clock     string  `json:"clock,omitempty"`
	// ISBSigmaNS is the σ of the inter-system-bias prior (clock
	// "isb-prior"), ns, to 12 significant digits.
	ISBSigmaNS *JSONNumber      `json:"isb_sigma_ns,omitempty"`
	Weighting  string           `json:"weighting,omitempty"`
	PDOPMax    *JSONNumber      `json:"pdop_max,omitempty"`
	Grid       *Grid            `json:"grid,omitempty"`
	Sites      []Site           `json:"sites,omitempty"`
	Precision  string           `json:"precision,omitempty"`  // set by the writer
	Extra      map[string]any   `json:"parameters,omitempty"` // command-specific parameters
	Notes      []string         `json:"assumptions,omitempty"`
	Model      *sim.Model       `json:"-"`
	Dataset    *dataset.Dataset `json:"-"`
}

// Inputs identifies the inputs: their kind (tle: element sets propagated
// with SGP4; nav: RINEX broadcast navigation; sp3: precise orbits), names,
// the SHA-256 of their bytes, the satellites simulated per system.
type Inputs struct {
	Kind                  string        `json:"kind"`
	Sources               []string      `json:"sources"`
	SHA256                string        `json:"sha256"`
	IncludeNonOperational bool          `json:"include_nonoperational"`
	Satellites            []SystemCount `json:"satellites"`
}

// SystemCount is the number of satellites of one system.
type SystemCount struct {
	System string `json:"system"`
	Count  int    `json:"count"`
}

// Period is the epoch grid: first and last epoch (RFC 3339 UTC), step
// (seconds) and number of epochs.
type Period struct {
	StartUTC string     `json:"start_utc"`
	StepS    JSONNumber `json:"step_s"`
	Epochs   int        `json:"epochs"`
	EndUTC   string     `json:"end_utc"`
}

// Mask is the elevation mask: a constant or an azimuth table (degrees),
// and the file it came from.
type Mask struct {
	ElevationDeg *JSONNumber     `json:"elevation_deg,omitempty"`
	Azimuth      [][2]JSONNumber `json:"azimuth_elevation_deg,omitempty"`
	File         string          `json:"file,omitempty"`
}

// Grid is a latitude/longitude grid: cell size, edges (degrees) and
// dimensions.
type Grid struct {
	CellDeg   JSONNumber `json:"cell_deg"`
	LatMinDeg JSONNumber `json:"lat_min_deg"`
	LatMaxDeg JSONNumber `json:"lat_max_deg"`
	LonMinDeg JSONNumber `json:"lon_min_deg"`
	LonMaxDeg JSONNumber `json:"lon_max_deg"`
	Rows      int        `json:"rows"`
	Columns   int        `json:"columns"`
}

// Site is a receiver: name, WGS-84 latitude and longitude (degrees) and
// ellipsoidal height (m).
type Site struct {
	Name    string     `json:"name"`
	LatDeg  JSONNumber `json:"lat_deg"`
	LonDeg  JSONNumber `json:"lon_deg"`
	HeightM JSONNumber `json:"height_m"`
}

// FormatTime writes RFC 3339 UTC with a fraction only when it is not zero.
func FormatTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// NewProvenance starts the provenance of command version.
func NewProvenance(version, command string, p Precision) *Provenance {
	return &Provenance{Version: version, Command: command, Precision: p.String()}
}

// WithDataset records the inputs and systems of d.
func (r *Provenance) WithDataset(d *dataset.Dataset) *Provenance {
	r.Dataset = d
	r.Systems = nil
	for _, s := range d.Systems {
		r.Systems = append(r.Systems, s.String())
	}
	r.Inputs = newInputs(d)
	return r
}

// WithReference records the reference source d of a comparison of two
// sources (gnssim accuracy) in the shape of Inputs, which WithDataset
// gives the tested source.
func (r *Provenance) WithReference(d *dataset.Dataset) *Provenance {
	r.Reference = newInputs(d)
	return r
}

// newInputs describes the inputs of d.
func newInputs(d *dataset.Dataset) *Inputs {
	es := &Inputs{Kind: d.Kind.String(), Sources: d.Sources, SHA256: d.Digest, IncludeNonOperational: d.Options.IncludeNonOperational, Satellites: []SystemCount{}}
	for _, s := range d.Systems {
		es.Satellites = append(es.Satellites, SystemCount{System: s.String(), Count: d.Count(s)})
	}
	return es
}

// WithSystems records the systems (when there is no dataset).
func (r *Provenance) WithSystems(systems []ephemeris.System) *Provenance {
	r.Systems = nil
	for _, s := range systems {
		r.Systems = append(r.Systems, s.String())
	}
	return r
}

// WithPeriod records the epoch grid.
func (r *Provenance) WithPeriod(g orbit.EpochGrid) *Provenance {
	end := g.Start
	if g.N > 0 {
		end = g.Time(g.N - 1)
	}
	r.Period = &Period{StartUTC: FormatTime(g.Start), EndUTC: FormatTime(end), StepS: Exact(g.Step.Seconds()), Epochs: g.N}
	return r
}

// WithModel records the mask (and its file), clock, weighting and
// availability threshold of m.
func (r *Provenance) WithModel(m sim.Model, maskFile string) *Provenance {
	r.Model = &m
	r.Mask = NewMask(m.Mask, maskFile)
	r.Clock = m.Clock.String()
	r.ISBSigmaNS = nil
	if m.Clock == sim.ClockISBPrior {
		ns, _ := strconv.ParseFloat(strconv.FormatFloat(m.ISBSigmaM/sim.MetresPerNanosecond, 'g', 12, 64), 64)
		v := Exact(ns)
		r.ISBSigmaNS = &v
	}
	r.Weighting = m.Weighting.String()
	pm := m.PDOPMax
	if pm == 0 {
		pm = sim.DefaultPDOPMax
	}
	v := Exact(pm)
	r.PDOPMax = &v
	return r
}

// WithMask records only the mask (commands without a DOP).
func (r *Provenance) WithMask(m sim.Mask, maskFile string) *Provenance {
	r.Mask = NewMask(m, maskFile)
	return r
}

// WithGrid records a latitude/longitude grid.
func (r *Provenance) WithGrid(g sim.GridSpec) *Provenance {
	rows, cols := g.Dims()
	r.Grid = &Grid{CellDeg: Exact(g.CellDeg), LatMinDeg: Exact(g.LatMinDeg), LatMaxDeg: Exact(g.LatMaxDeg),
		LonMinDeg: Exact(g.LonMinDeg), LonMaxDeg: Exact(g.LonMaxDeg), Rows: rows, Columns: cols}
	return r
}

// WithSites records the receivers.
func (r *Provenance) WithSites(sites []sim.Site) *Provenance {
	r.Sites = nil
	for _, s := range sites {
		r.Sites = append(r.Sites, Site{Name: s.Name, LatDeg: Exact(s.LatDeg), LonDeg: Exact(s.LonDeg), HeightM: Exact(s.HeightM)})
	}
	return r
}

// Set records a command-specific parameter.
func (r *Provenance) Set(key string, v any) *Provenance {
	if r.Extra == nil {
		r.Extra = map[string]any{}
	}
	r.Extra[key] = v
	return r
}

// NewMask describes a mask for the provenance.
func NewMask(m sim.Mask, file string) *Mask {
	if len(m.Azimuth) == 0 {
		v := Exact(m.ElevationDeg)
		return &Mask{ElevationDeg: &v, File: file}
	}
	out := &Mask{File: file}
	for _, p := range m.Azimuth {
		out.Azimuth = append(out.Azimuth, [2]JSONNumber{Exact(p.AzDeg), Exact(p.ElDeg)})
	}
	return out
}
