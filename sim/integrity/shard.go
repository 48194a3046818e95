package integrity

// Integrity map shards: a contiguous block of grid rows of an integrity map
// with everything that produced it, in a self-describing JSON file, so that
// a map can be computed by N processes and merged into exactly the map of
// a single run (as sim.CoverageShard does for coverage maps).
//
// Shard file (JSON, one document, format "gnssim integrity shard", version 1):
//
//	{
//	  "format": "gnssim integrity shard",
//	  "format_version": 1,
//	  "gnssim_version": "0.2.0",
//	  "command_line": ["integrity", "--grid", "2", ...],   informational, not compared
//	  "run": {...},        the caller's provenance (opaque here), compared field by field
//	  "integrity": {"systems": [...], "service": "LPV-200", "rule": "add", "epochs": N,
//	                "grid": {"cell_deg": .., "lat_min_deg": .., ...}},
//	  "shard": {"index": I, "count": N, "row_start": R0, "row_end": R1,
//	            "grid_rows": NLAT, "grid_columns": NLON},
//	  "stats": {"cells": (R1-R0)·NLON, "met_epochs": [...], "monitored_epochs": [...],
//	            "mean_visible": [...], "min_visible": [...], "mean_vpl_m": [...],
//	            "max_vpl_m": [...], "mean_hpl_m": [...], "max_hpl_m": [...],
//	            "max_emt_m": [...], "max_sigma_v_acc_m": [...], "max_modes": [...],
//	            "p_not_monitored_max": [...]}
//	}
//
// Arrays hold one value per cell of rows [R0, R1), row-major; floats are
// written with the shortest representation that parses back to the same
// float64 (null for NaN), so a merge reproduces the single run bit for bit.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/sim"
)

const (
	// MapShardFormat names the shard file format.
	MapShardFormat = "gnssim integrity shard"
	// MapShardFormatVersion is the version written and read.
	MapShardFormatVersion = 1
	// maxMapShardBytes bounds a shard file.
	maxMapShardBytes = 4 << 30
)

// ErrNotMapShard is wrapped by the errors of ReadMapShard for input that is
// not a complete integrity shard file.
var ErrNotMapShard = errors.New("not a complete gnssim integrity shard")

// MapShard is shard Index of Count of an integrity map: rows [RowStart,
// RowEnd) of Grid.
type MapShard struct {
	Version     string
	CommandLine []string
	Run         json.RawMessage // the caller's provenance, compared between shards
	Grid        sim.GridSpec    // the whole grid
	Systems     []ephemeris.System
	Service     string
	Rule        Rule
	Epochs      int
	Index       int
	Count       int
	RowStart    int
	RowEnd      int
	// Map holds the rows' statistics (nil for a shard without rows).
	Map *MapResult

	name string
}

// Name is the file the shard was read from ("" when made in memory).
func (s *MapShard) Name() string { return s.name }

// NewMapShard makes shard index/count of a map from the map of its rows
// (from Map with RowStart/RowEnd = sim.ShardRows(index, count, nLat); nil
// when the shard has no rows).
func NewMapShard(version string, cmdline []string, run json.RawMessage, grid sim.GridSpec, m Model, epochs, index, count int, rows *MapResult) (*MapShard, error) {
	if err := grid.Validate(); err != nil {
		return nil, fmt.Errorf("integrity shard: %w", err)
	}
	if count < 1 || count > sim.MaxShards || index < 0 || index >= count {
		return nil, fmt.Errorf("integrity shard: %d/%d: want 0 ≤ index < count ≤ %d", index, count, sim.MaxShards)
	}
	r, err := m.resolve()
	if err != nil {
		return nil, fmt.Errorf("integrity shard: %w", err)
	}
	nLat, _ := grid.Dims()
	r0, r1 := sim.ShardRows(index, count, nLat)
	if (rows == nil) != (r0 == r1) || (rows != nil && rows.NLat != r1-r0) {
		return nil, fmt.Errorf("integrity shard %d/%d: the map does not hold rows [%d, %d)", index, count, r0, r1)
	}
	return &MapShard{Version: version, CommandLine: cmdline, Run: run, Grid: grid, Systems: append([]ephemeris.System(nil), m.Systems...),
		Service: r.cfg.Service.Name, Rule: r.cfg.Rule, Epochs: epochs, Index: index, Count: count, RowStart: r0, RowEnd: r1, Map: rows}, nil
}

type (
	mapShardJSON struct {
		Format        string          `json:"format"`
		FormatVersion int             `json:"format_version"`
		GnssimVersion string          `json:"gnssim_version"`
		CommandLine   []string        `json:"command_line"`
		Run           json.RawMessage `json:"run"`
		Integrity     mapShardParams  `json:"integrity"`
		Shard         mapShardInfo    `json:"shard"`
		Stats         mapShardStats   `json:"stats"`
	}
	mapShardParams struct {
		Systems []string     `json:"systems"`
		Service string       `json:"service"`
		Rule    string       `json:"rule"`
		Epochs  int          `json:"epochs"`
		Grid    mapShardGrid `json:"grid"`
	}
	mapShardGrid struct {
		CellDeg   float64 `json:"cell_deg"`
		LatMinDeg float64 `json:"lat_min_deg"`
		LatMaxDeg float64 `json:"lat_max_deg"`
		LonMinDeg float64 `json:"lon_min_deg"`
		LonMaxDeg float64 `json:"lon_max_deg"`
	}
	mapShardInfo struct {
		Index       int `json:"index"`
		Count       int `json:"count"`
		RowStart    int `json:"row_start"`
		RowEnd      int `json:"row_end"`
		GridRows    int `json:"grid_rows"`
		GridColumns int `json:"grid_columns"`
	}
	mapShardStats struct {
		Cells           int         `json:"cells"`
		MetEpochs       []int       `json:"met_epochs"`
		MonitoredEpochs []int       `json:"monitored_epochs"`
		MeanVisible     shardFloats `json:"mean_visible"`
		MinVisible      []int       `json:"min_visible"`
		MeanVPLM        shardFloats `json:"mean_vpl_m"`
		MaxVPLM         shardFloats `json:"max_vpl_m"`
		MeanHPLM        shardFloats `json:"mean_hpl_m"`
		MaxHPLM         shardFloats `json:"max_hpl_m"`
		MaxEMTM         shardFloats `json:"max_emt_m"`
		MaxSigmaVAccM   shardFloats `json:"max_sigma_v_acc_m"`
		MaxModes        []int       `json:"max_modes"`
		PNotMonitored   shardFloats `json:"p_not_monitored_max"`
	}
)

// shardFloats is a []float64 written at round-trip precision, null for NaN.
type shardFloats []float64

// MarshalJSON implements json.Marshaler.
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

// UnmarshalJSON implements json.Unmarshaler.
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

func (s *MapShard) params() mapShardParams {
	p := mapShardParams{Service: s.Service, Rule: s.Rule.String(), Epochs: s.Epochs,
		Grid: mapShardGrid{s.Grid.CellDeg, s.Grid.LatMinDeg, s.Grid.LatMaxDeg, s.Grid.LonMinDeg, s.Grid.LonMaxDeg}}
	for _, sys := range s.Systems {
		p.Systems = append(p.Systems, sys.String())
	}
	return p
}

func (s *MapShard) toJSON() *mapShardJSON {
	nLat, nLon := s.Grid.Dims()
	f := &mapShardJSON{Format: MapShardFormat, FormatVersion: MapShardFormatVersion, GnssimVersion: s.Version,
		CommandLine: s.CommandLine, Run: s.Run, Integrity: s.params(),
		Shard: mapShardInfo{Index: s.Index, Count: s.Count, RowStart: s.RowStart, RowEnd: s.RowEnd, GridRows: nLat, GridColumns: nLon}}
	if f.CommandLine == nil {
		f.CommandLine = []string{}
	}
	if len(f.Run) == 0 {
		f.Run = json.RawMessage("{}")
	}
	st := &f.Stats
	ints := func(v []int) []int {
		if v == nil {
			return []int{}
		}
		return v
	}
	floats := func(v []float64) shardFloats {
		if v == nil {
			return shardFloats{}
		}
		return v
	}
	var ms MapStats
	if m := s.Map; m != nil {
		ms = m.MapStats
		st.Cells = m.Cells()
	}
	st.MetEpochs, st.MonitoredEpochs, st.MinVisible, st.MaxModes = ints(ms.MetEpochs), ints(ms.MonitoredEpochs), ints(ms.MinVisible), ints(ms.MaxModes)
	st.MeanVisible, st.MeanVPLM, st.MaxVPLM = floats(ms.MeanVisible), floats(ms.MeanVPLM), floats(ms.MaxVPLM)
	st.MeanHPLM, st.MaxHPLM, st.MaxEMTM = floats(ms.MeanHPLM), floats(ms.MaxHPLM), floats(ms.MaxEMTM)
	st.MaxSigmaVAccM, st.PNotMonitored = floats(ms.MaxSigmaVAccM), floats(ms.PNotMonitoredMax)
	return f
}

// WriteTo writes the shard file: the header indented, each array on one
// line.
func (s *MapShard) WriteTo(w io.Writer) (int64, error) {
	f := s.toJSON()
	var buf bytes.Buffer
	buf.WriteString("{\n")
	for _, fl := range []struct {
		key string
		v   any
	}{
		{"format", f.Format}, {"format_version", f.FormatVersion}, {"gnssim_version", f.GnssimVersion},
		{"command_line", f.CommandLine}, {"run", f.Run}, {"integrity", f.Integrity}, {"shard", f.Shard},
	} {
		b, err := json.MarshalIndent(fl.v, "  ", "  ")
		if err != nil {
			return 0, fmt.Errorf("integrity shard file: %w", err)
		}
		fmt.Fprintf(&buf, "  %q: %s,\n", fl.key, b)
	}
	st := &f.Stats
	fmt.Fprintf(&buf, "  \"stats\": {\n    \"cells\": %d", st.Cells)
	for _, a := range []struct {
		key string
		v   any
	}{
		{"met_epochs", st.MetEpochs}, {"monitored_epochs", st.MonitoredEpochs}, {"mean_visible", st.MeanVisible},
		{"min_visible", st.MinVisible}, {"mean_vpl_m", st.MeanVPLM}, {"max_vpl_m", st.MaxVPLM}, {"mean_hpl_m", st.MeanHPLM},
		{"max_hpl_m", st.MaxHPLM}, {"max_emt_m", st.MaxEMTM}, {"max_sigma_v_acc_m", st.MaxSigmaVAccM},
		{"max_modes", st.MaxModes}, {"p_not_monitored_max", st.PNotMonitored},
	} {
		b, err := json.Marshal(a.v)
		if err != nil {
			return 0, fmt.Errorf("integrity shard file: %w", err)
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

// ReadMapShard reads and checks one integrity shard file (name is used in
// errors).
func ReadMapShard(name string, r io.Reader) (*MapShard, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxMapShardBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read shard %s: %w", name, err)
	}
	if len(data) > maxMapShardBytes {
		return nil, fmt.Errorf("%s: larger than %d GiB; that is not a gnssim integrity shard", name, maxMapShardBytes>>30)
	}
	notShard := func(why string) error {
		return fmt.Errorf("%s: %w (%s); write shards with 'gnssim integrity --grid DEG --shard I/N -o FILE'", name, ErrNotMapShard, why)
	}
	t := bytes.TrimSpace(data)
	if len(t) == 0 {
		return nil, notShard("empty file")
	}
	if t[0] != '{' {
		return nil, notShard("not a JSON object")
	}
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
	if head.Format != MapShardFormat {
		return nil, notShard(fmt.Sprintf("format %q", head.Format))
	}
	if head.FormatVersion != MapShardFormatVersion {
		return nil, fmt.Errorf("%s: integrity shard format version %d, this gnssim reads version %d; merge with the gnssim version that wrote it (%s)",
			name, head.FormatVersion, MapShardFormatVersion, head.GnssimVersion)
	}
	f := &mapShardJSON{}
	if err := json.Unmarshal(data, f); err != nil {
		return nil, notShard(jsonErrText(err))
	}
	s, err := f.shard()
	if err != nil {
		return nil, fmt.Errorf("%s: damaged integrity shard: %w", name, err)
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
func (f *mapShardJSON) shard() (*MapShard, error) {
	p := &f.Integrity
	grid := sim.GridSpec{CellDeg: p.Grid.CellDeg, LatMinDeg: p.Grid.LatMinDeg, LatMaxDeg: p.Grid.LatMaxDeg, LonMinDeg: p.Grid.LonMinDeg, LonMaxDeg: p.Grid.LonMaxDeg}
	if err := grid.Validate(); err != nil {
		return nil, fmt.Errorf("integrity.grid: %v", err)
	}
	s := &MapShard{Version: f.GnssimVersion, CommandLine: f.CommandLine, Run: f.Run, Grid: grid, Service: p.Service, Epochs: p.Epochs,
		Index: f.Shard.Index, Count: f.Shard.Count}
	for _, name := range p.Systems {
		sys, err := ephemeris.ParseSystem(name)
		if err != nil {
			return nil, fmt.Errorf("integrity.systems: %v", err)
		}
		s.Systems = append(s.Systems, sys)
	}
	if len(s.Systems) == 0 {
		return nil, errors.New("integrity.systems: none")
	}
	if _, err := ParseService(p.Service); err != nil {
		return nil, fmt.Errorf("integrity.service: %v", err)
	}
	var err error
	if s.Rule, err = ParseRule(p.Rule); err != nil {
		return nil, fmt.Errorf("integrity.rule: %v", err)
	}
	if s.Epochs < 1 {
		return nil, fmt.Errorf("integrity.epochs %d", s.Epochs)
	}
	nLat, nLon := grid.Dims()
	sh := f.Shard
	if sh.Count < 1 || sh.Count > sim.MaxShards || sh.Index < 0 || sh.Index >= sh.Count {
		return nil, fmt.Errorf("shard %d/%d: want 0 ≤ index < count ≤ %d", sh.Index, sh.Count, sim.MaxShards)
	}
	if sh.GridRows != nLat || sh.GridColumns != nLon {
		return nil, fmt.Errorf("shard grid %d×%d, the grid of %g° cells has %d×%d", sh.GridRows, sh.GridColumns, grid.CellDeg, nLat, nLon)
	}
	r0, r1 := sim.ShardRows(sh.Index, sh.Count, nLat)
	if sh.RowStart != r0 || sh.RowEnd != r1 {
		return nil, fmt.Errorf("shard %d/%d has rows [%d, %d), want [%d, %d)", sh.Index, sh.Count, sh.RowStart, sh.RowEnd, r0, r1)
	}
	s.RowStart, s.RowEnd = r0, r1
	st := &f.Stats
	n := (r1 - r0) * nLon
	if st.Cells != n {
		return nil, fmt.Errorf("stats.cells is %d, want %d", st.Cells, n)
	}
	for _, a := range []struct {
		name string
		len  int
	}{
		{"met_epochs", len(st.MetEpochs)}, {"monitored_epochs", len(st.MonitoredEpochs)}, {"mean_visible", len(st.MeanVisible)},
		{"min_visible", len(st.MinVisible)}, {"mean_vpl_m", len(st.MeanVPLM)}, {"max_vpl_m", len(st.MaxVPLM)},
		{"mean_hpl_m", len(st.MeanHPLM)}, {"max_hpl_m", len(st.MaxHPLM)}, {"max_emt_m", len(st.MaxEMTM)},
		{"max_sigma_v_acc_m", len(st.MaxSigmaVAccM)}, {"max_modes", len(st.MaxModes)}, {"p_not_monitored_max", len(st.PNotMonitored)},
	} {
		if a.len != n {
			return nil, fmt.Errorf("stats.%s has %d values, want %d", a.name, a.len, n)
		}
	}
	for i := 0; i < n; i++ {
		met, mon := st.MetEpochs[i], st.MonitoredEpochs[i]
		mv, lo := st.MeanVisible[i], st.MinVisible[i]
		if met < 0 || mon < met || mon > s.Epochs || lo < 0 || !(mv >= float64(lo)) || math.IsInf(mv, 0) ||
			(mon == 0) != math.IsNaN(st.MaxHPLM[i]) || (mon > 0 && !(st.MaxHPLM[i] >= st.MeanHPLM[i])) || st.MaxModes[i] < 0 {
			return nil, fmt.Errorf("cell %d has inconsistent statistics", i)
		}
	}
	if r1 > r0 {
		g, _ := grid.Rows(r0, r1)
		rl, rn := g.Dims()
		m := &MapResult{Grid: g, NLat: rl, NLon: rn, Systems: s.Systems, Epochs: s.Epochs}
		for i := 0; i < rl; i++ {
			m.LatDeg = append(m.LatDeg, g.LatCentreDeg(i))
		}
		for j := 0; j < rn; j++ {
			m.LonDeg = append(m.LonDeg, g.LonCentreDeg(j))
		}
		m.MapStats = MapStats{MetEpochs: st.MetEpochs, MonitoredEpochs: st.MonitoredEpochs, MeanVisible: st.MeanVisible, MinVisible: st.MinVisible,
			MeanVPLM: st.MeanVPLM, MaxVPLM: st.MaxVPLM, MeanHPLM: st.MeanHPLM, MaxHPLM: st.MaxHPLM, MaxEMTM: st.MaxEMTM,
			MaxSigmaVAccM: st.MaxSigmaVAccM, MaxModes: st.MaxModes, PNotMonitoredMax: st.PNotMonitored}
		s.Map = m
	}
	return s, nil
}

// MergeMapShards checks that shards (as read, any order) are the complete
// set 0..N-1 of one run — the same gnssim version, the same run object
// (compared field by field), the same integrity parameters and shard count
// — each index once, and merges them into the run's map, exactly the map
// of a single Map over the whole grid. A mismatch is a
// *sim.ShardMismatchError naming the field.
func MergeMapShards(shards []*MapShard) (*MapResult, error) {
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
	byIndex := make(map[int]*MapShard, len(shards))
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
		return nil, fmt.Errorf("%s missing: %d of the %d shards of this run were given; run 'gnssim integrity ... --shard I/%d' for the missing I (0-based) and merge again",
			what, len(shards), n, n)
	}
	var parts []*MapResult
	for i := 0; i < n; i++ {
		if m := byIndex[i].Map; m != nil {
			parts = append(parts, m)
		}
	}
	m, err := MergeMaps(parts...)
	if err != nil {
		return nil, err
	}
	if nLat, nLon := ref.Grid.Dims(); m.NLat != nLat || m.NLon != nLon {
		return nil, fmt.Errorf("merged shards hold %d × %d cells, want %d × %d", m.NLat, m.NLon, nLat, nLon)
	}
	return m, nil
}

// shardField is one compared value: its JSON path and canonical value.
type shardField struct{ path, value string }

// fields lists what must agree between the shards of one run: the
// writer's version, the leaves of the run object, the integrity
// parameters and the shard count.
func (s *MapShard) fields() ([]shardField, error) {
	j := func(v any) string {
		b, _ := json.Marshal(v)
		return string(b)
	}
	out := []shardField{{"gnssim_version", j(s.Version)}}
	if len(bytes.TrimSpace(s.Run)) > 0 {
		var run any
		dec := json.NewDecoder(bytes.NewReader(s.Run))
		dec.UseNumber()
		if err := dec.Decode(&run); err != nil {
			return nil, fmt.Errorf("run: %v", err)
		}
		out = flattenInto(out, "run", run)
	}
	out = append(out, shardField{"integrity", j(s.params())}, shardField{"shard.count", j(s.Count)})
	return out, nil
}

// flattenInto appends the leaves of v (objects descended into, sorted by
// key; arrays compared whole) with their paths.
func flattenInto(out []shardField, path string, v any) []shardField {
	obj, ok := v.(map[string]any)
	if !ok {
		b, _ := json.Marshal(v)
		return append(out, shardField{path, string(b)})
	}
	if len(obj) == 0 {
		return append(out, shardField{path, "{}"})
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		out = flattenInto(out, path+"."+k, obj[k])
	}
	return out
}

// compareFields reports the first field of a that differs from b.
func compareFields(aName, bName string, a, b []shardField) error {
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
			return &sim.ShardMismatchError{File: aName, Other: bName, Path: f.path, Value: f.value, OtherValue: v}
		}
		delete(bv, f.path)
	}
	for _, f := range b {
		if _, ok := bv[f.path]; ok {
			return &sim.ShardMismatchError{File: aName, Other: bName, Path: f.path, Value: "(absent)", OtherValue: f.value}
		}
	}
	return nil
}
