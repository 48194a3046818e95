package main

// Coverage shards: `gnssim coverage --shard I/N -o FILE` computes a
// contiguous block of grid rows and writes it, with everything that
// produced it, to a self-describing JSON file; `gnssim merge` checks that a
// set of such files belongs together and joins them into exactly the output
// of a single run.
//
// Shard file (JSON, one document, format "gnssim coverage shard", version 1):
//
//	{
//	  "format": "gnssim coverage shard",
//	  "format_version": 1,
//	  "gnssim_version": "0.1.0-dev",
//	  "command_line": ["coverage", "--grid", "2", ...],   informational, not compared
//	  "run": {...},       the same provenance and parameters as the JSON output of
//	                      a single run: element-set digest and sources, systems,
//	                      period, mask, clock, weighting, pdop_max, grid
//	  "shard": {"index": I, "count": N, "row_start": R0, "row_end": R1,
//	            "grid_rows": NLAT, "grid_columns": NLON},
//	  "stats": {"cells": (R1-R0)·NLON,
//	            "mean_visible": [...], "min_visible": [...], "max_visible": [...],
//	            "mean_pdop": [...], "max_pdop": [...], "availability": [...],
//	            "pdop_epochs": [...], "pdop_histogram_bins": sim.PDOPHistBins,
//	            "pdop_histogram": [[BIN, COUNT], ...]}
//	}
//
// The stats arrays hold one value per cell of rows [R0, R1), row-major (lat
// ascending, then lon ascending); floats are written with the shortest
// representation that parses back to the same float64 (strconv 'g', -1), so
// a merge reproduces the single run bit for bit; null stands for NaN (PDOP
// never available). pdop_histogram is the sparse PDOP histogram of
// sim.CoverageStats (the non-zero bins of sim.PDOPBinEdges) used for the
// region percentiles. A shard with no rows (N larger than the number of rows) has
// R0 = R1 and empty arrays; it is still a valid shard that merge needs.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/gnssim/gnssim/sim"
)

const (
	shardFormat        = "gnssim coverage shard"
	shardFormatVersion = 1
	// shardMaxCount bounds N in --shard I/N.
	shardMaxCount = 1_000_000
)

// shardSpec is a parsed --shard I/N: index I in [0, N), 0-based like
// Kubernetes' JOB_COMPLETION_INDEX (and Slurm's SLURM_ARRAY_TASK_ID with
// --array=0-(N-1)).
type shardSpec struct {
	index, count int
}

// parseShardSpec parses "I/N".
func parseShardSpec(s string) (shardSpec, error) {
	i := strings.IndexByte(s, '/')
	if i < 0 {
		return shardSpec{}, fmt.Errorf("--shard %q: want I/N, e.g. 0/16 (I is 0-based: 0 ≤ I < N)", s)
	}
	idx, err1 := strconv.Atoi(strings.TrimSpace(s[:i]))
	n, err2 := strconv.Atoi(strings.TrimSpace(s[i+1:]))
	if err1 != nil || err2 != nil {
		return shardSpec{}, fmt.Errorf("--shard %q: want two integers I/N, e.g. 0/16 (is the index variable, e.g. $SLURM_ARRAY_TASK_ID, set?)", s)
	}
	if n < 1 || n > shardMaxCount {
		return shardSpec{}, fmt.Errorf("--shard %q: N must be between 1 and %d", s, shardMaxCount)
	}
	if idx < 0 || idx >= n {
		return shardSpec{}, fmt.Errorf("--shard %q: the index is 0-based and must be in [0, %d); with Slurm use --array=0-%d", s, n, n-1)
	}
	return shardSpec{idx, n}, nil
}

// shardRows returns the grid rows [r0, r1) of shard i of n over nLat rows:
// contiguous blocks, south to north, whose sizes differ by at most one; when
// n > nLat some blocks are empty (r0 == r1).
func shardRows(i, n, nLat int) (r0, r1 int) {
	r0 = int(int64(i) * int64(nLat) / int64(n))
	r1 = int(int64(i+1) * int64(nLat) / int64(n))
	return r0, r1
}

// shardInfo is the "shard" object of a shard file.
type shardInfo struct {
	Index       int `json:"index"`
	Count       int `json:"count"`
	RowStart    int `json:"row_start"`
	RowEnd      int `json:"row_end"`
	GridRows    int `json:"grid_rows"`
	GridColumns int `json:"grid_columns"`
}

// shardStats is the "stats" object of a shard file.
type shardStats struct {
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

// shardFile is a whole shard file.
type shardFile struct {
	Format        string     `json:"format"`
	FormatVersion int        `json:"format_version"`
	GnssimVersion string     `json:"gnssim_version"`
	CommandLine   []string   `json:"command_line"`
	Run           covRun     `json:"run"`
	Shard         shardInfo  `json:"shard"`
	Stats         shardStats `json:"stats"`

	path string // where it was read from (merge)
}

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

// newShardFile describes rows [r0, r1) of run r computed as m (nil when the
// shard is empty).
func newShardFile(r *covRun, sh shardSpec, r0, r1 int, args []string, m *sim.CoverageMap) *shardFile {
	nLat, nLon := r.Grid.spec().Dims()
	f := &shardFile{Format: shardFormat, FormatVersion: shardFormatVersion, GnssimVersion: version,
		CommandLine: append([]string{"coverage"}, args...), Run: *r,
		Shard: shardInfo{Index: sh.index, Count: sh.count, RowStart: r0, RowEnd: r1, GridRows: nLat, GridColumns: nLon}}
	st := &f.Stats
	st.HistBins = sim.PDOPHistBins
	st.MeanVisible, st.MeanPDOP, st.MaxPDOP, st.Availability = shardFloats{}, shardFloats{}, shardFloats{}, shardFloats{}
	st.MinVisible, st.MaxVisible, st.PDOPEpochs, st.Histogram = []int{}, []int{}, []int{}, [][2]int64{}
	if m == nil {
		return f
	}
	st.Cells = len(m.MeanVisible)
	st.MeanVisible = m.MeanVisible
	st.MinVisible = m.MinVisible
	st.MaxVisible = m.MaxVisible
	st.MeanPDOP = m.MeanPDOP
	st.MaxPDOP = m.MaxPDOP
	st.Availability = m.Availability
	st.PDOPEpochs = m.PDOPEpochs
	for b, c := range m.PDOPHistogram {
		if c != 0 {
			st.Histogram = append(st.Histogram, [2]int64{int64(b), c})
		}
	}
	return f
}

// write writes the shard file: the header indented, each stats array on one line.
func (f *shardFile) write(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fields := []struct {
		key string
		v   any
	}{
		{"format", f.Format}, {"format_version", f.FormatVersion}, {"gnssim_version", f.GnssimVersion},
		{"command_line", f.CommandLine}, {"run", &f.Run}, {"shard", f.Shard},
	}
	bw.WriteString("{\n")
	for _, fl := range fields {
		b, err := json.MarshalIndent(fl.v, "  ", "  ")
		if err != nil {
			return fmt.Errorf("shard file: %w", err)
		}
		fmt.Fprintf(bw, "  %q: %s,\n", fl.key, b)
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
	fmt.Fprintf(bw, "  \"stats\": {\n    \"cells\": %d", st.Cells)
	for _, a := range arrays {
		b, err := json.Marshal(a.v)
		if err != nil {
			return fmt.Errorf("shard file: %w", err)
		}
		fmt.Fprintf(bw, ",\n    %q: %s", a.key, b)
	}
	bw.WriteString("\n  }\n}\n")
	return bw.Flush()
}

// shardMaxFileBytes bounds a shard file: a 0.1° global grid (6.5 million
// cells) in one shard is about 1 GB.
const shardMaxFileBytes = 4 << 30

// readShardFile reads and checks one shard file.
func readShardFile(path string) (*shardFile, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read shard: %w", err)
	}
	defer fh.Close()
	data, err := io.ReadAll(io.LimitReader(fh, shardMaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read shard %s: %w", path, err)
	}
	if len(data) > shardMaxFileBytes {
		return nil, fmt.Errorf("%s: larger than %d GiB; that is not a gnssim coverage shard", path, shardMaxFileBytes>>30)
	}
	return parseShardFile(path, data)
}

// parseShardFile decodes and checks a shard file's bytes.
func parseShardFile(path string, data []byte) (*shardFile, error) {
	notShard := func(why string) error {
		return fmt.Errorf("%s: not a complete gnssim coverage shard (%s); write shards with 'gnssim coverage --shard I/N -o FILE'", path, why)
	}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return nil, notShard("empty file")
	}
	if trimmed[0] != '{' {
		return nil, notShard("not a JSON object")
	}
	// The format fields first, so that a newer format is named as such.
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
	if head.Format != shardFormat {
		return nil, notShard(fmt.Sprintf("format %q", head.Format))
	}
	if head.FormatVersion != shardFormatVersion {
		return nil, fmt.Errorf("%s: shard format version %d, this gnssim %s reads version %d; merge with the gnssim version that wrote it (%s)",
			path, head.FormatVersion, version, shardFormatVersion, head.GnssimVersion)
	}
	f := &shardFile{}
	if err := json.Unmarshal(data, f); err != nil {
		return nil, notShard(jsonErrText(err))
	}
	f.path = path
	if err := f.check(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return f, nil
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

// check verifies that a decoded shard file is self-consistent.
func (f *shardFile) check() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("damaged shard: "+format, args...)
	}
	grid, err := f.Run.Grid.validSpec()
	if err != nil {
		return bad("run.grid: %v", err)
	}
	if err := f.Run.check(); err != nil {
		return bad("run: %v", err)
	}
	nLat, nLon := grid.Dims()
	sh := f.Shard
	if sh.Count < 1 || sh.Count > shardMaxCount || sh.Index < 0 || sh.Index >= sh.Count {
		return bad("shard %d/%d: want 0 ≤ index < count ≤ %d", sh.Index, sh.Count, shardMaxCount)
	}
	if sh.GridRows != nLat || sh.GridColumns != nLon || sh.GridRows != f.Run.Grid.Rows || sh.GridColumns != f.Run.Grid.Columns {
		return bad("shard grid %d×%d, run grid %d×%d, grid of %g° cells has %d×%d", sh.GridRows, sh.GridColumns, f.Run.Grid.Rows, f.Run.Grid.Columns, grid.CellDeg, nLat, nLon)
	}
	r0, r1 := shardRows(sh.Index, sh.Count, nLat)
	if sh.RowStart != r0 || sh.RowEnd != r1 {
		return bad("shard %d/%d has rows [%d, %d), want [%d, %d)", sh.Index, sh.Count, sh.RowStart, sh.RowEnd, r0, r1)
	}
	st := &f.Stats
	n := (r1 - r0) * nLon
	if st.Cells != n {
		return bad("stats.cells is %d, want %d", st.Cells, n)
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
			return bad("stats.%s has %d values, want %d", a.name, a.len, n)
		}
	}
	epochs := f.Run.Period.Epochs
	var total int64
	for i := 0; i < n; i++ {
		lo, hi, np := st.MinVisible[i], st.MaxVisible[i], st.PDOPEpochs[i]
		mv, mp, xp, av := st.MeanVisible[i], st.MeanPDOP[i], st.MaxPDOP[i], st.Availability[i]
		if lo < 0 || hi < lo || np < 0 || np > epochs || !(mv >= float64(lo) && mv <= float64(hi)) ||
			!(av >= 0 && av <= 1) || (np == 0) != math.IsNaN(mp) || (np == 0) != math.IsNaN(xp) ||
			(np > 0 && !(mp > 0 && xp >= mp)) {
			return bad("cell %d has inconsistent statistics", i)
		}
		total += int64(np)
	}
	if st.HistBins != sim.PDOPHistBins {
		return bad("pdop_histogram_bins is %d, this gnssim uses %d", st.HistBins, sim.PDOPHistBins)
	}
	var hsum int64
	prev := int64(-1)
	for _, bc := range st.Histogram {
		if bc[0] <= prev || bc[0] >= sim.PDOPHistBins || bc[1] <= 0 {
			return bad("pdop_histogram entry %v invalid (want increasing bins in [0, %d) with positive counts)", bc, sim.PDOPHistBins)
		}
		prev = bc[0]
		hsum += bc[1]
	}
	if hsum != total {
		return bad("pdop_histogram holds %d values, pdop_epochs sum to %d", hsum, total)
	}
	return nil
}

// coverageMap rebuilds the sim.CoverageMap of a non-empty shard.
func (f *shardFile) coverageMap() (*sim.CoverageMap, error) {
	full := f.Run.Grid.spec()
	g, err := full.Rows(f.Shard.RowStart, f.Shard.RowEnd)
	if err != nil {
		return nil, err
	}
	nLat, nLon := g.Dims()
	systems, clock, weighting, err := f.Run.simOptions()
	if err != nil {
		return nil, err
	}
	m := &sim.CoverageMap{Grid: g, NLat: nLat, NLon: nLon, Systems: systems, Clock: clock, Weighting: weighting,
		PDOPMax: f.Run.PDOPMax, Epochs: f.Run.Period.Epochs}
	for i := 0; i < nLat; i++ {
		m.LatDeg = append(m.LatDeg, g.LatCentreDeg(i))
	}
	for j := 0; j < nLon; j++ {
		m.LonDeg = append(m.LonDeg, g.LonCentreDeg(j))
	}
	st := &f.Stats
	m.CoverageStats = sim.CoverageStats{Name: strings.Join(f.Run.Systems, "+"),
		MeanVisible: st.MeanVisible, MinVisible: st.MinVisible, MaxVisible: st.MaxVisible,
		MeanPDOP: st.MeanPDOP, MaxPDOP: st.MaxPDOP, Availability: st.Availability, PDOPEpochs: st.PDOPEpochs,
		PDOPHistogram: make([]int64, sim.PDOPHistBins)}
	for _, bc := range st.Histogram {
		m.PDOPHistogram[bc[0]] = bc[1]
	}
	return m, nil
}

// shardField is one compared field of a shard: a name for messages and its
// canonical (JSON) value.
type shardField struct{ name, value string }

func (f *shardFile) fields() []shardField {
	j := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			return fmt.Sprintf("%v", v)
		}
		return string(b)
	}
	r := &f.Run
	return []shardField{
		{"gnssim version", j(f.GnssimVersion)},
		{"element-set sources (--tle)", j(r.Elements.Sources)},
		{"element-set digest (sha256 of the --tle inputs)", j(r.Elements.SHA256)},
		{"systems (--systems)", j(r.Systems)},
		{"--include-nonoperational", j(r.IncludeNonOperational)},
		{"grid cell size (--grid)", j(r.Grid.CellDeg)},
		{"grid region (--region)", j([4]float64{r.Grid.LatMinDeg, r.Grid.LatMaxDeg, r.Grid.LonMinDeg, r.Grid.LonMaxDeg})},
		{"period start (--start)", j(r.Period.Start)},
		{"period step (--step)", j(r.Period.Step)},
		{"number of epochs (--duration/--step)", j(r.Period.Epochs)},
		{"mask (--mask/--mask-file)", j(r.Mask)},
		{"clock model (--clock)", j(r.Clock)},
		{"weighting (--weighting)", j(r.Weighting)},
		{"availability threshold (--pdop-max)", j(r.PDOPMax)},
		{"number of satellites simulated", j(r.Elements.Satellites)},
		{"shard count N of --shard I/N", j(f.Shard.Count)},
	}
}

// checkShardSet verifies that shards (as read, any order) are the complete
// set 0..N-1 of one run and returns them in index order.
func checkShardSet(shards []*shardFile) ([]*shardFile, error) {
	if len(shards) == 0 {
		return nil, errors.New("no shard files")
	}
	ref := shards[0]
	refFields := ref.fields()
	for _, s := range shards[1:] {
		for k, fl := range s.fields() {
			if fl.value != refFields[k].value {
				return nil, fmt.Errorf("%s does not belong with %s: %s %s, not %s",
					s.path, ref.path, fl.name, abbreviate(fl.value), abbreviate(refFields[k].value))
			}
		}
	}
	n := ref.Shard.Count
	byIndex := make(map[int]*shardFile, len(shards))
	for _, s := range shards {
		if prev, ok := byIndex[s.Shard.Index]; ok {
			if prev.path == s.path {
				return nil, fmt.Errorf("shard %d/%d is given twice (%s); give each shard file once", s.Shard.Index, n, s.path)
			}
			return nil, fmt.Errorf("shard %d/%d is duplicated: %s and %s both hold it; keep one", s.Shard.Index, n, prev.path, s.path)
		}
		byIndex[s.Shard.Index] = s
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
			what = "shard indexes " + strings.Join(firstN(missing, 8), ", ") + " are"
		}
		return nil, fmt.Errorf("%s missing: %d of the %d shards of this run were given; run 'gnssim coverage ... --shard I/%d' for the missing I (0-based) and merge again",
			what, len(shards), n, n)
	}
	out := make([]*shardFile, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, byIndex[i])
	}
	return out, nil
}

// abbreviate shortens a long field value for an error message.
func abbreviate(s string) string {
	const max = 80
	if len(s) <= max {
		return s
	}
	return s[:max-3] + "..."
}
