package sim

// Coverage shards: a contiguous block of grid rows of a coverage map, with
// everything that produced it, in a self-describing JSON file, so that a
// map can be computed by N processes (a cluster's job array) and merged
// into exactly the map of a single run.
//
// Shard file (JSON, one document, format "gnssim coverage shard", version 2):
//
//	{
//	  "format": "gnssim coverage shard",
//	  "format_version": 2,
//	  "gnssim_version": "0.2.0",
//	  "command_line": ["coverage", "--grid", "2", ...],   informational, not compared
//	  "run": {...},        the caller's provenance of the run (opaque here),
//	                       compared between shards field by field
//	  "coverage": {"systems": [...], "clock": "per-system", "weighting": "none",
//	               "pdop_max": 6, "epochs": N, "grid": {"cell_deg": ..,
//	               "lat_min_deg": .., "lat_max_deg": .., "lon_min_deg": .., "lon_max_deg": ..}},
//	  "shard": {"index": I, "count": N, "row_start": R0, "row_end": R1,
//	            "grid_rows": NLAT, "grid_columns": NLON},
//	  "stats": {"cells": (R1-R0)·NLON,
//	            "mean_visible": [...], "min_visible": [...], "max_visible": [...],
//	            "mean_pdop": [...], "max_pdop": [...], "availability": [...],
//	            "pdop_epochs": [...], "pdop_histogram_bins": PDOPHistBins,
//	            "pdop_histogram": [[BIN, COUNT], ...]}
//	}
//
// The stats arrays hold one value per cell of rows [R0, R1), row-major (lat
// ascending, then lon ascending); floats are written with the shortest
// representation that parses back to the same float64, so a merge
// reproduces the single run bit for bit; null stands for NaN (PDOP never
// available). pdop_histogram is the sparse PDOP histogram of CoverageStats
// (the non-zero bins of PDOPBinEdges). A shard with no rows (N larger than
// the number of rows) has R0 = R1 and empty arrays; it is still a shard that
// a merge needs.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/gnssim/gnssim/ephemeris"
)

const (
	// ShardFormat names the shard file format.
	ShardFormat = "gnssim coverage shard"
	// ShardFormatVersion is the version written and read.
	ShardFormatVersion = 2
	// MaxShards bounds N of a shard I/N.
	MaxShards = 1_000_000
	// maxShardBytes bounds a shard file: a 0.1° global grid (6.5 million
	// cells) in one shard is about 1 GB.
	maxShardBytes = 4 << 30
)

// ShardRows returns the grid rows [r0, r1) of shard i of n over nLat rows:
// contiguous blocks, south to north, whose sizes differ by at most one; when
// n > nLat some blocks are empty (r0 == r1). It panics unless 0 ≤ i < n.
func ShardRows(i, n, nLat int) (r0, r1 int) {
	if i < 0 || i >= n {
		panic("sim: shard index out of range")
	}
	r0 = int(int64(i) * int64(nLat) / int64(n))
	r1 = int(int64(i+1) * int64(nLat) / int64(n))
	return r0, r1
}

// CoverageShard is shard Index of Count of a coverage run: the rows
// [RowStart, RowEnd) of Grid, computed with Model over Epochs epochs.
type CoverageShard struct {
	Version     string          // gnssim version that wrote it
	CommandLine []string        // informational
	Run         json.RawMessage // the caller's provenance, compared between shards
	Grid        GridSpec        // the whole grid
	Model       Model           // systems, clock, weighting, PDOPMax (the mask lives in Run)
	Epochs      int
	Index       int
	Count       int
	RowStart    int
	RowEnd      int
	// Map holds the rows' statistics (nil for an empty shard).
	Map *CoverageMap

	name string // where it was read from
}

// Name is the file the shard was read from ("" when made in memory).
func (s *CoverageShard) Name() string { return s.name }

// NewCoverageShard makes shard index/count of a run from the map of its rows
// (m from Coverage with RowStart/RowEnd = ShardRows(index, count, nLat); nil
// when the shard has no rows).
func NewCoverageShard(version string, cmdline []string, run json.RawMessage, grid GridSpec, m Model, epochs, index, count int, rows *CoverageMap) (*CoverageShard, error) {
	if err := grid.Validate(); err != nil {
		return nil, fmt.Errorf("coverage shard: %w", err)
	}
	if count < 1 || count > MaxShards || index < 0 || index >= count {
		return nil, fmt.Errorf("coverage shard: %d/%d: want 0 ≤ index < count ≤ %d", index, count, MaxShards)
	}
	nLat, _ := grid.Dims()
	r0, r1 := ShardRows(index, count, nLat)
	if (rows == nil) != (r0 == r1) || (rows != nil && rows.NLat != r1-r0) {
		return nil, fmt.Errorf("coverage shard %d/%d: the map does not hold rows [%d, %d)", index, count, r0, r1)
	}
	if m.PDOPMax == 0 {
		m.PDOPMax = DefaultPDOPMax
	}
	return &CoverageShard{Version: version, CommandLine: cmdline, Run: run, Grid: grid, Model: m, Epochs: epochs,
		Index: index, Count: count, RowStart: r0, RowEnd: r1, Map: rows}, nil
}

// Shard file JSON shapes.
type (
	shardJSON struct {
		Format        string          `json:"format"`
		FormatVersion int             `json:"format_version"`
		GnssimVersion string          `json:"gnssim_version"`
		CommandLine   []string        `json:"command_line"`
		Run           json.RawMessage `json:"run"`
		Coverage      shardCoverage   `json:"coverage"`
		Shard         shardInfo       `json:"shard"`
		Stats         shardStats      `json:"stats"`
	}
	shardCoverage struct {
		Systems   []string  `json:"systems"`
		Clock     string    `json:"clock"`
		ISBSigmaM float64   `json:"isb_sigma_m,omitempty"`
		Weighting string    `json:"weighting"`
		PDOPMax   float64   `json:"pdop_max"`
		Epochs    int       `json:"epochs"`
		Grid      shardGrid `json:"grid"`
	}
	shardGrid struct {
		CellDeg   float64 `json:"cell_deg"`
		LatMinDeg float64 `json:"lat_min_deg"`
		LatMaxDeg float64 `json:"lat_max_deg"`
		LonMinDeg float64 `json:"lon_min_deg"`
		LonMaxDeg float64 `json:"lon_max_deg"`
	}
	shardInfo struct {
		Index       int `json:"index"`
		Count       int `json:"count"`
		RowStart    int `json:"row_start"`
		RowEnd      int `json:"row_end"`
		GridRows    int `json:"grid_rows"`
		GridColumns int `json:"grid_columns"`
	}
	shardStats struct {
		Cells        int         `json:"cells"`
		MeanVisible  shardFloats `json:"mean_visible"`
		MinVisible   []int       `json:"min_visible"`
		MaxVisible   []int       `json:"max_visible"`
		MeanPDOP     shardFloats `json:"mean_pdop"`
		MaxPDOP      shardFloats `json:"max_pdop"`
		Availability shardFloats `json:"availability"`
		PDOPEpochs   []int       `json:"pdop_epochs"`
		HistBins     int         `json:"pdop_histogram_bins"`
		Histogram    [][2]int64  `json:"pdop_histogram"`
	}
)

// shardFloats is a []float64 written with full precision and null for NaN.
type shardFloats []float64

// MarshalJSON writes the shortest representation that parses back to the
// same float64, and null for NaN.
func (f shardFloats) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 2+len(f)*20)
	b = append(b, '[')
	for i, v := range f {
		if i > 0 {
			b = append(b, ',')
		}
		switch {
		case math.IsNaN(v):
			b = append(b, "null"...)
		case math.IsInf(v, 0):
			return nil, fmt.Errorf("infinite value %g in a shard", v)
		default:
			b = strconv.AppendFloat(b, v, 'g', -1, 64)
		}
	}
	return append(b, ']'), nil
}

// UnmarshalJSON reads numbers and nulls (NaN).
func (f *shardFloats) UnmarshalJSON(data []byte) error {
	var raw []*float64
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	out := make([]float64, len(raw))
	for i, p := range raw {
		if p == nil {
			out[i] = math.NaN()
		} else {
			out[i] = *p
		}
	}
	*f = out
	return nil
}

func (s *CoverageShard) toJSON() *shardJSON {
	nLat, nLon := s.Grid.Dims()
	f := &shardJSON{Format: ShardFormat, FormatVersion: ShardFormatVersion, GnssimVersion: s.Version,
		CommandLine: s.CommandLine, Run: s.Run,
		Coverage: shardCoverage{Clock: s.Model.Clock.String(), ISBSigmaM: s.Model.ISBSigmaM, Weighting: s.Model.Weighting.String(), PDOPMax: s.Model.PDOPMax, Epochs: s.Epochs,
			Grid: shardGrid{s.Grid.CellDeg, s.Grid.LatMinDeg, s.Grid.LatMaxDeg, s.Grid.LonMinDeg, s.Grid.LonMaxDeg}},
		Shard: shardInfo{Index: s.Index, Count: s.Count, RowStart: s.RowStart, RowEnd: s.RowEnd, GridRows: nLat, GridColumns: nLon}}
	if f.CommandLine == nil {
		f.CommandLine = []string{}
	}
	if len(f.Run) == 0 {
		f.Run = json.RawMessage("{}")
	}
	for _, sys := range s.Model.Systems {
		f.Coverage.Systems = append(f.Coverage.Systems, sys.String())
	}
	st := &f.Stats
	st.HistBins = PDOPHistBins
	st.MeanVisible, st.MeanPDOP, st.MaxPDOP, st.Availability = shardFloats{}, shardFloats{}, shardFloats{}, shardFloats{}
	st.MinVisible, st.MaxVisible, st.PDOPEpochs, st.Histogram = []int{}, []int{}, []int{}, [][2]int64{}
	if m := s.Map; m != nil {
		st.Cells = len(m.MeanVisible)
		st.MeanVisible, st.MinVisible, st.MaxVisible = m.MeanVisible, m.MinVisible, m.MaxVisible
		st.MeanPDOP, st.MaxPDOP, st.Availability, st.PDOPEpochs = m.MeanPDOP, m.MaxPDOP, m.Availability, m.PDOPEpochs
		for b, c := range m.PDOPHistogram {
			if c != 0 {
				st.Histogram = append(st.Histogram, [2]int64{int64(b), c})
			}
		}
	}
	return f
}

// WriteTo writes the shard file: the header indented, each stats array on
// one line.
func (s *CoverageShard) WriteTo(w io.Writer) (int64, error) {
	f := s.toJSON()
	var buf bytes.Buffer
	fields := []struct {
		key string
		v   any
	}{
		{"format", f.Format}, {"format_version", f.FormatVersion}, {"gnssim_version", f.GnssimVersion},
		{"command_line", f.CommandLine}, {"run", f.Run}, {"coverage", f.Coverage}, {"shard", f.Shard},
	}
	buf.WriteString("{\n")
	for _, fl := range fields {
		b, err := json.MarshalIndent(fl.v, "  ", "  ")
		if err != nil {
			return 0, fmt.Errorf("shard file: %w", err)
		}
		fmt.Fprintf(&buf, "  %q: %s,\n", fl.key, b)
	}
	st := &f.Stats
	arrays := []struct {
		key string
		v   any
	}{
		{"mean_visible", st.MeanVisible}, {"min_visible", st.MinVisible}, {"max_visible", st.MaxVisible},
		{"mean_pdop", st.MeanPDOP}, {"max_pdop", st.MaxPDOP}, {"availability", st.Availability},
		{"pdop_epochs", st.PDOPEpochs}, {"pdop_histogram_bins", st.HistBins}, {"pdop_histogram", st.Histogram},
	}
	fmt.Fprintf(&buf, "  \"stats\": {\n    \"cells\": %d", st.Cells)
	for _, a := range arrays {
		b, err := json.Marshal(a.v)
		if err != nil {
			return 0, fmt.Errorf("shard file: %w", err)
		}
		fmt.Fprintf(&buf, ",\n    %q: %s", a.key, b)
	}
	buf.WriteString("\n  }\n}\n")
	bw := bufio.NewWriter(w)
	n, err := bw.Write(buf.Bytes())
	if err == nil {
		err = bw.Flush()
	}
	return int64(n), err
}

// ErrNotShard is wrapped by the error of ReadCoverageShard for input that is
// not a complete shard file.
var ErrNotShard = errors.New("not a complete gnssim coverage shard")

// ReadCoverageShard reads and checks one shard file (name is used in
// errors).
func ReadCoverageShard(name string, r io.Reader) (*CoverageShard, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxShardBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read shard %s: %w", name, err)
	}
	if len(data) > maxShardBytes {
		return nil, fmt.Errorf("%s: larger than %d GiB; that is not a gnssim coverage shard", name, maxShardBytes>>30)
	}
	notShard := func(why string) error {
		return fmt.Errorf("%s: %w (%s); write shards with 'gnssim coverage --shard I/N -o FILE'", name, ErrNotShard, why)
	}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return nil, notShard("empty file")
	}
	if trimmed[0] != '{' {
		return nil, notShard("not a JSON object")
	}
	// The format fields first, so that another version is named as such.
	var head struct {
		Format        string `json:"format"`
		FormatVersion int    `json:"format_version"`
		GnssimVersion string `json:"gnssim_version"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&head); err != nil {
		return nil, notShard(jsonErrText(err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, notShard("data after the JSON document")
	}
	if head.Format != ShardFormat {
		return nil, notShard(fmt.Sprintf("format %q", head.Format))
	}
	if head.FormatVersion != ShardFormatVersion {
		return nil, fmt.Errorf("%s: shard format version %d, this gnssim reads version %d; merge with the gnssim version that wrote it (%s)",
			name, head.FormatVersion, ShardFormatVersion, head.GnssimVersion)
	}
	f := &shardJSON{}
	if err := json.Unmarshal(data, f); err != nil {
		return nil, notShard(jsonErrText(err))
	}
	s, err := f.shard()
	if err != nil {
		return nil, fmt.Errorf("%s: damaged shard: %w", name, err)
	}
	s.name = name
	return s, nil
}

func jsonErrText(err error) string {
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return "truncated"
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("invalid JSON at byte %d: %v", se.Offset, se)
	}
	return err.Error()
}

// shard checks a decoded file and rebuilds the shard.
func (f *shardJSON) shard() (*CoverageShard, error) {
	c := &f.Coverage
	grid := GridSpec{c.Grid.CellDeg, c.Grid.LatMinDeg, c.Grid.LatMaxDeg, c.Grid.LonMinDeg, c.Grid.LonMaxDeg}
	if err := grid.Validate(); err != nil {
		return nil, fmt.Errorf("coverage.grid: %v", err)
	}
	var m Model
	for _, name := range c.Systems {
		sys, err := ephemeris.ParseSystem(name)
		if err != nil {
			return nil, fmt.Errorf("coverage.systems: %v", err)
		}
		m.Systems = append(m.Systems, sys)
	}
	if len(m.Systems) == 0 {
		return nil, errors.New("coverage.systems: none")
	}
	var err error
	if m.Clock, err = ParseClockModel(c.Clock); err != nil {
		return nil, fmt.Errorf("coverage.clock: %v", err)
	}
	m.ISBSigmaM = c.ISBSigmaM
	if err := m.Validate(); err != nil && (m.Clock == ClockISBPrior || m.ISBSigmaM != 0) {
		return nil, fmt.Errorf("coverage.isb_sigma_m: %v", err)
	}
	if m.Weighting, err = ParseWeighting(c.Weighting); err != nil {
		return nil, fmt.Errorf("coverage.weighting: %v", err)
	}
	m.PDOPMax = c.PDOPMax
	if !(m.PDOPMax > 0) || math.IsInf(m.PDOPMax, 0) {
		return nil, fmt.Errorf("coverage.pdop_max %g", m.PDOPMax)
	}
	if _, err := m.config(nil); err != nil {
		return nil, fmt.Errorf("coverage: %v", err)
	}
	epochs := c.Epochs
	if epochs < 1 {
		return nil, fmt.Errorf("coverage.epochs %d", epochs)
	}
	nLat, nLon := grid.Dims()
	sh := f.Shard
	if sh.Count < 1 || sh.Count > MaxShards || sh.Index < 0 || sh.Index >= sh.Count {
		return nil, fmt.Errorf("shard %d/%d: want 0 ≤ index < count ≤ %d", sh.Index, sh.Count, MaxShards)
	}
	if sh.GridRows != nLat || sh.GridColumns != nLon {
		return nil, fmt.Errorf("shard grid %d×%d, the grid of %g° cells has %d×%d", sh.GridRows, sh.GridColumns, grid.CellDeg, nLat, nLon)
	}
	r0, r1 := ShardRows(sh.Index, sh.Count, nLat)
	if sh.RowStart != r0 || sh.RowEnd != r1 {
		return nil, fmt.Errorf("shard %d/%d has rows [%d, %d), want [%d, %d)", sh.Index, sh.Count, sh.RowStart, sh.RowEnd, r0, r1)
	}
	st := &f.Stats
	n := (r1 - r0) * nLon
	if st.Cells != n {
		return nil, fmt.Errorf("stats.cells is %d, want %d", st.Cells, n)
	}
	for _, a := range []struct {
		name string
		len  int
	}{
		{"mean_visible", len(st.MeanVisible)}, {"min_visible", len(st.MinVisible)}, {"max_visible", len(st.MaxVisible)},
		{"mean_pdop", len(st.MeanPDOP)}, {"max_pdop", len(st.MaxPDOP)}, {"availability", len(st.Availability)},
		{"pdop_epochs", len(st.PDOPEpochs)},
	} {
		if a.len != n {
			return nil, fmt.Errorf("stats.%s has %d values, want %d", a.name, a.len, n)
		}
	}
	var total int64
	for i := 0; i < n; i++ {
		lo, hi, np := st.MinVisible[i], st.MaxVisible[i], st.PDOPEpochs[i]
		mv, mp, xp, av := st.MeanVisible[i], st.MeanPDOP[i], st.MaxPDOP[i], st.Availability[i]
		if lo < 0 || hi < lo || np < 0 || np > epochs || !(mv >= float64(lo) && mv <= float64(hi)) ||
			!(av >= 0 && av <= 1) || (np == 0) != math.IsNaN(mp) || (np == 0) != math.IsNaN(xp) ||
			(np > 0 && !(mp > 0 && xp >= mp)) {
			return nil, fmt.Errorf("cell %d has inconsistent statistics", i)
		}
		total += int64(np)
	}
	if st.HistBins != PDOPHistBins {
		return nil, fmt.Errorf("pdop_histogram_bins is %d, this gnssim uses %d", st.HistBins, PDOPHistBins)
	}
	var hsum int64
	prev := int64(-1)
	for _, bc := range st.Histogram {
		if bc[0] <= prev || bc[0] >= PDOPHistBins || bc[1] <= 0 {
			return nil, fmt.Errorf("pdop_histogram entry %v invalid (want increasing bins in [0, %d) with positive counts)", bc, PDOPHistBins)
		}
		prev = bc[0]
		hsum += bc[1]
	}
	if hsum != total {
		return nil, fmt.Errorf("pdop_histogram holds %d values, pdop_epochs sum to %d", hsum, total)
	}
	s := &CoverageShard{Version: f.GnssimVersion, CommandLine: f.CommandLine, Run: f.Run, Grid: grid, Model: m, Epochs: epochs,
		Index: sh.Index, Count: sh.Count, RowStart: r0, RowEnd: r1}
	if r1 > r0 {
		g, _ := grid.Rows(r0, r1)
		rl, rn := g.Dims()
		mp := &CoverageMap{Grid: g, NLat: rl, NLon: rn, Systems: m.Systems, Clock: m.Clock, ISBSigmaM: m.ISBSigmaM, Weighting: m.Weighting, PDOPMax: m.PDOPMax, Epochs: epochs}
		for i := 0; i < rl; i++ {
			mp.LatDeg = append(mp.LatDeg, g.LatCentreDeg(i))
		}
		for j := 0; j < rn; j++ {
			mp.LonDeg = append(mp.LonDeg, g.LonCentreDeg(j))
		}
		names := make([]string, len(m.Systems))
		for i, sys := range m.Systems {
			names[i] = sys.String()
		}
		mp.CoverageStats = CoverageStats{Name: strings.Join(names, "+"),
			MeanVisible: st.MeanVisible, MinVisible: st.MinVisible, MaxVisible: st.MaxVisible,
			MeanPDOP: st.MeanPDOP, MaxPDOP: st.MaxPDOP, Availability: st.Availability, PDOPEpochs: st.PDOPEpochs,
			PDOPHistogram: make([]int64, PDOPHistBins)}
		for _, bc := range st.Histogram {
			mp.PDOPHistogram[bc[0]] = bc[1]
		}
		s.Map = mp
	}
	return s, nil
}

// ShardMismatchError says that a shard does not belong with another: the
// field at Path (a JSON path such as "run.period.start_utc" or
// "shard.count") differs.
type ShardMismatchError struct {
	File, Other       string // the shard files
	Path              string // the field that differs
	Value, OtherValue string // its values (JSON)
}

func (e *ShardMismatchError) Error() string {
	return fmt.Sprintf("%s does not belong with %s: %s %s, not %s", e.File, e.Other, e.Path, abbreviate(e.Value), abbreviate(e.OtherValue))
}

// abbreviate shortens a long value for an error message.
func abbreviate(s string) string {
	const max = 80
	if len(s) <= max {
		return s
	}
	return s[:max-3] + "..."
}

// MergeShards checks that shards (as read, any order) are the complete set
// 0..N-1 of one run — the same run (compared field by field: the gnssim
// version, the caller's run object, the coverage parameters and the shard
// count), each index once — and merges them into the run's map, exactly the
// map of a single Coverage over the whole grid.
func MergeShards(shards []*CoverageShard) (*CoverageMap, error) {
	if len(shards) == 0 {
		return nil, errors.New("no shard files")
	}
	ref := shards[0]
	refFields, err := ref.fields()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", ref.name, err)
	}
	for _, s := range shards[1:] {
		fs, err := s.fields()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.name, err)
		}
		if err := compareFields(s.name, ref.name, fs, refFields); err != nil {
			return nil, err
		}
	}
	n := ref.Count
	byIndex := make(map[int]*CoverageShard, len(shards))
	for _, s := range shards {
		if prev, ok := byIndex[s.Index]; ok {
			if prev.name == s.name {
				return nil, fmt.Errorf("shard %d/%d is given twice (%s); give each shard file once", s.Index, n, s.name)
			}
			return nil, fmt.Errorf("shard %d/%d is duplicated: %s and %s both hold it; keep one", s.Index, n, prev.name, s.name)
		}
		byIndex[s.Index] = s
	}
	var missing []string
	for i := 0; i < n; i++ {
		if byIndex[i] == nil {
			missing = append(missing, strconv.Itoa(i))
		}
	}
	if len(missing) > 0 {
		what := "shard index " + missing[0] + " is"
		if len(missing) > 1 {
			list := missing
			if len(list) > 8 {
				list = append(append([]string(nil), list[:8]...), fmt.Sprintf("and %d more", len(missing)-8))
			}
			what = "shard indexes " + strings.Join(list, ", ") + " are"
		}
		return nil, fmt.Errorf("%s missing: %d of the %d shards of this run were given; run 'gnssim coverage ... --shard I/%d' for the missing I (0-based) and merge again",
			what, len(shards), n, n)
	}
	var parts []*CoverageMap
	for i := 0; i < n; i++ {
		if m := byIndex[i].Map; m != nil {
			parts = append(parts, m)
		}
	}
	m, err := MergeCoverage(parts...)
	if err != nil {
		return nil, err
	}
	if nLat, nLon := ref.Grid.Dims(); m.NLat != nLat || m.NLon != nLon {
		return nil, fmt.Errorf("merged shards hold %d × %d cells, want %d × %d", m.NLat, m.NLon, nLat, nLon)
	}
	return m, nil
}

// field is one compared value of a shard: its JSON path and canonical value.
type field struct{ path, value string }

// fields lists what must agree between the shards of one run, in order:
// the writer's version, the run object (flattened to leaves, sorted by
// path), the coverage parameters and the shard count.
func (s *CoverageShard) fields() ([]field, error) {
	j := func(v any) string {
		b, _ := json.Marshal(v)
		return string(b)
	}
	out := []field{{"gnssim_version", j(s.Version)}}
	leaves, err := flattenJSON("run", s.Run)
	if err != nil {
		return nil, fmt.Errorf("run: %v", err)
	}
	out = append(out, leaves...)
	f := s.toJSON()
	out = append(out, field{"coverage", j(f.Coverage)}, field{"shard.count", j(s.Count)})
	return out, nil
}

// flattenJSON lists the leaves of a JSON document in document order, each
// with its path (prefix.key.key; arrays are compared whole).
func flattenJSON(prefix string, doc []byte) ([]field, error) {
	if len(bytes.TrimSpace(doc)) == 0 {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var out []field
	walk := func(path string) error {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return err
		}
		t := bytes.TrimSpace(raw)
		if len(t) == 0 || t[0] != '{' {
			var v any
			if err := json.Unmarshal(t, &v); err != nil {
				return err
			}
			b, _ := json.Marshal(v)
			out = append(out, field{path, string(b)})
			return nil
		}
		sub := json.NewDecoder(bytes.NewReader(t))
		if _, err := sub.Token(); err != nil { // {
			return err
		}
		empty := true
		for sub.More() {
			empty = false
			k, err := sub.Token()
			if err != nil {
				return err
			}
			var v json.RawMessage
			if err := sub.Decode(&v); err != nil {
				return err
			}
			leaves, err := flattenJSON(path+"."+fmt.Sprint(k), v)
			if err != nil {
				return err
			}
			out = append(out, leaves...)
		}
		if empty {
			out = append(out, field{path, "{}"})
		}
		return nil
	}
	if err := walk(prefix); err != nil {
		return nil, err
	}
	return out, nil
}

// compareFields reports the first field of a that differs from b.
func compareFields(aName, bName string, a, b []field) error {
	bv := map[string]string{}
	for _, f := range b {
		bv[f.path] = f.value
	}
	for _, f := range a {
		v, ok := bv[f.path]
		if !ok {
			v = "(absent)"
		}
		if v != f.value {
			return &ShardMismatchError{File: aName, Other: bName, Path: f.path, Value: f.value, OtherValue: v}
		}
		delete(bv, f.path)
	}
	for _, f := range b { // fields only the reference has
		if _, ok := bv[f.path]; ok {
			return &ShardMismatchError{File: aName, Other: bName, Path: f.path, Value: "(absent)", OtherValue: f.value}
		}
	}
	return nil
}
