package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/atomicfile"
	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim/dataset"
)

// gnssim propagate: positions and velocities of element sets as a table.
//
// Output precision (CSV, JSON and table alike): positions 6 decimals of a km
// (1 mm), velocities 9 decimals of a km/s (1 µm/s), tsince 8 decimals of a
// minute (0.6 ms, as Vallado's verification output), geodetic latitude and
// longitude 8 decimals of a degree (about 1 mm on the ground and 5 mm at GNSS
// altitude, matching the 1 mm of the Cartesian columns; the 4 decimals used
// for azimuth/elevation elsewhere would throw 10-50 m away), altitude 6
// decimals of a km.

const propDescription = `Positions and velocities of satellites as a table, one row per satellite and
time, satellite after satellite.

Frames: teme (SGP4's true-equator mean-equinox frame), ecef (Earth-fixed:
TEME rotated by GMST82, UT1 = UTC, no polar motion; the default) or geodetic
(WGS-84 latitude and longitude in degrees, east-positive, and height above the
ellipsoid in km in place of x, y, z; the velocity columns stay ECEF km/s).

Times: either the epoch grid --start/--duration/--step (UTC), or, for
verification work, --tsince START,STOP,STEP in minutes from each element set's
own epoch: rows at START, START+STEP, ... and always one at STOP, as in
Vallado's SGP4 verification output (a point within 1e-9 of a step of STOP is
STOP itself).

Satellites: those of --systems (default GLONASS and BeiDou; 'all' for every
navigation system) that are operational (add --include-nonoperational for
spares and test satellites). Element sets of no navigation system (e.g. a
Vallado verification case) are not filtered: every one in the input is
propagated. --norad N (repeatable) picks satellites by catalog number
whatever their system or status.

A satellite at which SGP4 fails gets no rows from there on and one line on
stderr with its SGP4 error code and meaning (with --strict the run stops there
with exit code 1). CSV columns:
  norad,name,system,prn,time_utc,tsince_min,x_km,y_km,z_km,vx_km_s,vy_km_s,vz_km_s
(geodetic: lat_deg,lon_deg,alt_km in place of x_km,y_km,z_km). Precision:
positions 1e-6 km, velocities 1e-9 km/s, tsince 1e-8 min, latitude and
longitude 1e-8 deg. JSON: one document {"frame":...,"rows":[...],
"sgp4_failures":[...]}; table: aligned columns.`

const propExample = `gnssim propagate --systems glonass --duration 2h --step 30m --frame geodetic --format table
gnssim propagate --norad 32275 --tsince 0,1440,120 --frame teme`

// propMaxRows bounds the rows of one run (about 1.5 GB of CSV) unless --force.
const propMaxRows = 10_000_000

func runPropagate(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("propagate", "gnssim propagate [flags]", propDescription, propExample)
	var in inputOptions
	in.register(fs)
	var tm timeOptions
	tm.register(fs, "24h", "60s")
	frame := fs.String("frame", "ecef", "output frame: teme, ecef or geodetic")
	propagator := fs.String("propagator", "gnssim", "SGP4 implementation: gnssim, or go-satellite (github.com/joshuaferrara/go-satellite, for comparison: it truncates the epoch and times to whole seconds)")
	tsince := fs.String("tsince", "", "START,STOP,STEP in minutes from each element set's epoch, instead of --start/--duration/--step")
	norads := fs.IntSlice("norad", nil, "propagate only this NORAD catalog number (repeatable, or comma-separated), whatever its system or status")
	format := fs.String("format", "csv", "output format: csv, json or table")
	outPath := fs.StringP("output", "o", "", "write the table to this file (atomically) instead of stdout")
	force := fs.Bool("force", false, "run even when the table would have more than 10 000 000 rows")
	if err := fs.parse(e, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if *propagator != "gnssim" && *propagator != "go-satellite" {
		return usagef("--propagator %q: want gnssim or go-satellite", *propagator)
	}
	if *frame != "teme" && *frame != "ecef" && *frame != "geodetic" {
		return usagef("--frame %q: want teme, ecef or geodetic", *frame)
	}
	if err := pcdCheckFormat(*format); err != nil {
		return err
	}
	if strings.EqualFold(strings.TrimSpace(in.systems), "all") {
		in.systems = pcdAllSystems()
	}

	// Times: the grid, or the tsince window.
	var win *propWindow
	var at time.Time
	if *tsince != "" {
		for _, f := range []string{"start", "duration", "step"} {
			if fs.Changed(f) {
				return usagef("--tsince and --%s exclude each other: --tsince counts minutes from each element set's own epoch", f)
			}
		}
		w, err := parsePropWindow(*tsince)
		if err != nil {
			return err
		}
		win = &w
	} else if tm.start != "" {
		t, err := parseTimeUTC(tm.start)
		if err != nil {
			return usagef("--start: %v", err)
		}
		at = t
	}

	in.selectsItself = true
	ds, err := loadDataset(e, &in, at)
	if err != nil {
		return err
	}
	sats, err := propSelect(ds, &in, *norads)
	if err != nil {
		return err
	}

	var grid orbit.EpochGrid
	nTimes := 0
	if win != nil {
		nTimes = win.count()
		if d := math.Max(math.Abs(win.start), math.Abs(win.stop)); d > staleLimit.Minutes() {
			fmt.Fprintf(e.stderr, "warning: --tsince reaches %.1f days from the element-set epochs; TLE accuracy is km-level at epoch and degrades by kilometres per day\n", d/1440)
		}
	} else {
		grid, err = tm.grid(ds.Newest)
		if err != nil {
			return err
		}
		nTimes = grid.N
	}
	rows := int64(nTimes) * int64(len(sats))
	if rows > propMaxRows && !*force {
		return usagef("%d satellites × %d times is %d rows (about %.1f GB of CSV); the limit is %d: use a larger --step, a shorter --duration or --tsince window, fewer satellites (--norad, --systems), or --force",
			len(sats), nTimes, rows, float64(rows)*150/1e9, propMaxRows)
	}
	if win == nil {
		warnStale(e, &dataset.Dataset{Selected: sats}, grid.Start, grid.Time(max(grid.N-1, 0)))
	}

	cols := propColumns(*frame)
	if win != nil || grid.Start.Nanosecond() != 0 || grid.Step%time.Second != 0 {
		cols[4].width = len("2006-01-02T15:04:05.999999999Z") // times with a fraction
	}
	head := fmt.Sprintf(`"frame":%s,`, pcdJSONString(*frame))
	if win != nil {
		head += fmt.Sprintf(`"tsince_min":{"start":%s,"stop":%s,"step":%s},`, pcdJSONNumber(win.start), pcdJSONNumber(win.stop), pcdJSONNumber(win.step))
	} else {
		head += fmt.Sprintf(`"start_utc":%s,"step_s":%s,"epochs":%d,`, pcdJSONString(formatTimeUTC(grid.Start)), pcdJSONNumber(grid.Step.Seconds()), grid.N)
	}
	p := newProgress(e, "propagate")
	defer p.Done()
	return pcdWithOutput(ctx, e, *outPath, func(w io.Writer) error {
		tw, err := newPCDTableWriter(w, *format, cols, head, "rows", propNameWidth(sats))
		if err != nil {
			return err
		}
		pr := &propRun{ctx: ctx, e: e, tw: tw, frame: *frame, strict: in.strict, progress: p, total: int(min(rows, math.MaxInt32)), goSatellite: *propagator == "go-satellite"}
		for _, s := range sats {
			if err := ctx.Err(); err != nil {
				return err
			}
			if win != nil {
				err = pr.satWindow(s, *win)
			} else {
				err = pr.satGrid(s, grid)
			}
			if err != nil {
				return err
			}
		}
		return tw.Close(pr.failuresJSON())
	})
}

// propColumns returns the table columns for a frame.
func propColumns(frame string) []pcdColumn {
	pos := []pcdColumn{{"x_km", 15, true}, {"y_km", 15, true}, {"z_km", 15, true}}
	if frame == "geodetic" {
		pos = []pcdColumn{{"lat_deg", 13, true}, {"lon_deg", 14, true}, {"alt_km", 14, true}}
	}
	cols := []pcdColumn{{"norad", 6, true}, {"name", 0, false}, {"system", 7, false}, {"prn", 4, false},
		{"time_utc", 20, false}, {"tsince_min", 17, true}}
	cols = append(cols, pos...)
	return append(cols, pcdColumn{"vx_km_s", 13, true}, pcdColumn{"vy_km_s", 13, true}, pcdColumn{"vz_km_s", 13, true})
}

// propNameWidth is the width of the name column of the table.
func propNameWidth(sats []*dataset.Sat) int {
	w := 4
	for _, s := range sats {
		w = max(w, len(s.Elements.Name))
	}
	return w
}

// propSelect picks the satellites to propagate from ds.All (see the command
// description), in a fixed order: systems in --systems order, then the other
// navigation systems, then element sets of no navigation system; within a
// system those with a PRN/slot first, by PRN, then by NORAD number.
func propSelect(ds *dataset.Dataset, in *inputOptions, norads []int) ([]*dataset.Sat, error) {
	var sats []*dataset.Sat
	if len(norads) > 0 {
		byNorad := map[int]*dataset.Sat{}
		for _, s := range ds.All {
			byNorad[s.Elements.CatalogNumber] = s
		}
		seen := map[int]bool{}
		for _, n := range norads {
			if seen[n] {
				continue
			}
			seen[n] = true
			s, ok := byNorad[n]
			if !ok {
				return nil, fmt.Errorf("satellite %d is not in %s; 'gnssim catalog --all' lists the element sets loaded", n, strings.Join(ds.Sources, ", "))
			}
			if s.SGP4 == nil {
				return nil, fmt.Errorf("satellite %s (%s) was refused: SGP4 cannot be initialised from its element set", dataset.SatName(s.Elements), dataset.Where(s.Elements.Source))
			}
			sats = append(sats, s)
		}
	} else {
		want := map[ephemeris.System]bool{}
		for _, sys := range ds.Systems {
			want[sys] = true
		}
		for _, s := range ds.All {
			if s.SGP4 == nil {
				continue
			}
			if s.ID.System == ephemeris.SystemUnknown || (want[s.ID.System] && (s.ID.Operational || in.includeNonOp)) {
				sats = append(sats, s)
			}
		}
	}
	pcdSortSats(sats, ds.Systems, func(s *dataset.Sat) ephemeris.Identity { return s.ID })
	if len(sats) == 0 {
		hint := ""
		if !in.includeNonOp {
			hint = " (add --include-nonoperational to use spares and test satellites)"
		}
		return nil, fmt.Errorf("no %s satellites in %s%s", systemsTitle(ds.Systems), strings.Join(ds.Sources, ", "), hint)
	}
	return sats, nil
}

// pcdSortSats orders satellites as propSelect documents.
func pcdSortSats(sats []*dataset.Sat, systems []ephemeris.System, idOf func(*dataset.Sat) ephemeris.Identity) {
	rank := map[ephemeris.System]int{}
	for i, s := range systems {
		rank[s] = i
	}
	for i, s := range ephemeris.Systems {
		if _, ok := rank[s]; !ok {
			rank[s] = len(systems) + i
		}
	}
	rank[ephemeris.SystemUnknown] = len(systems) + len(ephemeris.Systems)
	sort.SliceStable(sats, func(i, j int) bool {
		a, b := idOf(sats[i]), idOf(sats[j])
		if rank[a.System] != rank[b.System] {
			return rank[a.System] < rank[b.System]
		}
		if (a.PRN == "") != (b.PRN == "") {
			return a.PRN != ""
		}
		if a.PRN != b.PRN {
			return a.PRN < b.PRN
		}
		return sats[i].Elements.CatalogNumber < sats[j].Elements.CatalogNumber
	})
}

// propWindow is a --tsince window, minutes from each element set's epoch.
type propWindow struct{ start, stop, step float64 }

// propMaxAbsTsinceMin bounds --tsince (about 190 years) so that every row's
// UTC time is representable to the nanosecond.
const propMaxAbsTsinceMin = 1e8

func parsePropWindow(s string) (propWindow, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 3 {
		return propWindow{}, usagef("--tsince %q: want START,STOP,STEP in minutes, e.g. 0,1440,120", s)
	}
	var v [3]float64
	for i, p := range parts {
		f, err := parseFloatStrict(p)
		if err != nil {
			return propWindow{}, usagef("--tsince %q: %s %q is not a finite number of minutes", s, []string{"START", "STOP", "STEP"}[i], strings.TrimSpace(p))
		}
		if math.Abs(f) > propMaxAbsTsinceMin {
			return propWindow{}, usagef("--tsince %q: %g minutes is beyond ±%g (about 190 years)", s, f, propMaxAbsTsinceMin)
		}
		v[i] = f
	}
	w := propWindow{v[0], v[1], v[2]}
	if w.step <= 0 {
		return w, usagef("--tsince %q: STEP must be positive", s)
	}
	if w.stop < w.start {
		return w, usagef("--tsince %q: STOP is before START", s)
	}
	if n := (w.stop-w.start)/w.step + 2; n > maxEpochs {
		return w, usagef("--tsince %q is %.0f times; the limit is %d: use a larger STEP or a shorter window", s, n, maxEpochs)
	}
	return w, nil
}

// at returns the i-th time of the window and whether it is the last one:
// START + i·STEP (computed, not accumulated) until it reaches STOP, which is
// always the last row (a point within 1e-9 of a step of STOP counts as STOP,
// so that rounding does not make a near-duplicate row).
func (w propWindow) at(i int) (t float64, last bool) {
	t = w.start + float64(i)*w.step
	if t >= w.stop-1e-9*w.step {
		return w.stop, true
	}
	return t, false
}

// count returns the number of rows of the window.
func (w propWindow) count() int {
	for n := max(int((w.stop-w.start)/w.step)-1, 0); ; n++ {
		if _, last := w.at(n); last {
			return n + 1
		}
	}
}

// propRun writes the rows of a propagate run.
type propRun struct {
	ctx      context.Context
	e        *env
	tw       *pcdTableWriter
	frame    string
	strict   bool
	progress *progress
	total    int
	done     int
	failures []string // JSON objects
	rec      []string
	// goSatellite selects the go-satellite adapter instead of gnssim's SGP4.
	goSatellite bool
	goSat       *orbit.GoSatellite // adapter of the current satellite
	goSatOf     *dataset.Sat
}

// propagate returns the TEME state of s at tsince ts (UTC time t) from the
// selected implementation.
func (pr *propRun) propagate(s *dataset.Sat, ts float64, t time.Time) (r, v [3]float64, err error) {
	if !pr.goSatellite {
		return s.SGP4.PropagateMinutes(ts)
	}
	if pr.goSatOf != s {
		g, err := orbit.NewGoSatellite(s.Elements)
		if err != nil {
			return r, v, err
		}
		pr.goSat, pr.goSatOf = g, s
	}
	return pr.goSat.Propagate(t)
}

// satGrid writes one satellite's rows over the epoch grid (the same times
// since epoch as the batch propagator).
func (pr *propRun) satGrid(s *dataset.Sat, grid orbit.EpochGrid) error {
	for k := 0; k < grid.N; k++ {
		t := grid.Time(k)
		ts := orbit.GridTsince(s.SGP4, grid, k)
		r, v, err := pr.propagate(s, ts, t)
		if err != nil {
			return pr.fail(s, ts, t, err)
		}
		if err := pr.row(s, t, ts, r, v); err != nil {
			return err
		}
	}
	return nil
}

// satWindow writes one satellite's rows over a --tsince window.
func (pr *propRun) satWindow(s *dataset.Sat, w propWindow) error {
	epoch := s.SGP4.Epoch()
	for i := 0; ; i++ {
		ts, last := w.at(i)
		t := epoch.Add(time.Duration(math.Round(ts * 6e10)))
		r, v, err := pr.propagate(s, ts, t)
		if err != nil {
			return pr.fail(s, ts, t, err)
		}
		if err := pr.row(s, t, ts, r, v); err != nil {
			return err
		}
		if last {
			return nil
		}
	}
}

// row formats and writes one row; r, v are TEME km, km/s at UTC time t.
func (pr *propRun) row(s *dataset.Sat, t time.Time, ts float64, r, v [3]float64) error {
	if pr.frame != "teme" {
		r, v = orbit.TEMEToECEF(r, v, t, orbit.EOP{})
	}
	rec := append(pr.rec[:0], strconv.Itoa(s.Elements.CatalogNumber), s.Elements.Name, pcdSystemName(s.ID.System), s.ID.PRN,
		formatTimeUTC(t), pcdFixed(ts, 8))
	if pr.frame == "geodetic" {
		lat, lon, h := orbit.ECEFToGeodetic(r)
		rec = append(rec, pcdFixed(lat*180/math.Pi, 8), pcdFixed(lon*180/math.Pi, 8), pcdFixed(h, 6))
	} else {
		rec = append(rec, pcdFixed(r[0], 6), pcdFixed(r[1], 6), pcdFixed(r[2], 6))
	}
	rec = append(rec, pcdFixed(v[0], 9), pcdFixed(v[1], 9), pcdFixed(v[2], 9))
	pr.rec = rec
	pr.done++
	if pr.done%4096 == 0 {
		if err := pr.ctx.Err(); err != nil {
			return err
		}
		pr.progress.Update(pr.done, pr.total)
	}
	return pr.tw.Row(rec)
}

// fail reports a propagation failure of s at tsince ts (time t): one stderr
// line, and the end of the satellite's rows (or of the run with --strict).
func (pr *propRun) fail(s *dataset.Sat, ts float64, t time.Time, err error) error {
	code := 0
	meaning := err.Error()
	var se *orbit.SGP4Error
	if errors.As(err, &se) {
		code = se.Code
		meaning = orbit.SGP4Meaning(se.Code)
	}
	what := "propagation failed"
	if code != 0 {
		what = fmt.Sprintf("SGP4 error %d", code)
	}
	msg := fmt.Sprintf("%s: %s: %s at tsince %s min (%s): %s", dataset.Where(s.Elements.Source), dataset.SatName(s.Elements), what,
		strconv.FormatFloat(ts, 'f', -1, 64), formatTimeUTC(t), meaning)
	if pr.strict {
		return fmt.Errorf("%s (--strict)", msg)
	}
	fmt.Fprintf(pr.e.stderr, "warning: %s; no rows from there on\n", msg)
	codeJSON := "null"
	if code != 0 {
		codeJSON = strconv.Itoa(code)
	}
	pr.failures = append(pr.failures, fmt.Sprintf(`{"norad":%d,"name":%s,"tsince_min":%s,"time_utc":%s,"sgp4_code":%s,"meaning":%s}`,
		s.Elements.CatalogNumber, pcdJSONString(s.Elements.Name), pcdJSONNumber(ts), pcdJSONString(formatTimeUTC(t)), codeJSON, pcdJSONString(meaning)))
	return nil
}

// failuresJSON is the tail of the JSON document.
func (pr *propRun) failuresJSON() string {
	return `"sgp4_failures":[` + strings.Join(pr.failures, ",") + `]`
}

// ---- Helpers shared by propagate, catalog and dop (prefix pcd). ----

// pcdAllSystems lists every navigation system, for --systems all.
func pcdAllSystems() string {
	names := make([]string, len(ephemeris.Systems))
	for i, s := range ephemeris.Systems {
		names[i] = s.String()
	}
	return strings.Join(names, ",")
}

// pcdSystemName is the system column: the lower-case name, "" for none.
func pcdSystemName(s ephemeris.System) string {
	if s == ephemeris.SystemUnknown {
		return ""
	}
	return s.String()
}

// pcdCheckFormat validates --format.
func pcdCheckFormat(f string) error {
	switch f {
	case "csv", "json", "table":
		return nil
	}
	return usagef("--format %q: want csv, json or table", f)
}

// pcdWithOutput runs fill on stdout, or on the file path written atomically
// (nothing appears under path if fill fails or ctx is cancelled). The output
// is buffered; on stdout what was written before an error is flushed.
func pcdWithOutput(ctx context.Context, e *env, path string, fill func(w io.Writer) error) error {
	if path == "" || path == "-" {
		bw := bufio.NewWriterSize(e.stdout, 64<<10)
		err := fill(bw)
		if ferr := bw.Flush(); err == nil {
			err = ferr
		}
		return err
	}
	return atomicfile.Write(ctx, path, func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 64<<10)
		if err := fill(bw); err != nil {
			return err
		}
		return bw.Flush()
	})
}

// pcdFixed formats x with prec decimals; NaN is "NaN" and a negative zero
// (also after rounding) is written without its sign.
func pcdFixed(x float64, prec int) string {
	if math.IsNaN(x) {
		return "NaN"
	}
	s := strconv.FormatFloat(x, 'f', prec, 64)
	if strings.HasPrefix(s, "-") && strings.Trim(s, "-0.") == "" {
		return s[1:]
	}
	return s
}

// pcdJSONString encodes s as a JSON string.
func pcdJSONString(s string) string {
	b, _ := json.Marshal(s) // a string always marshals
	return string(b)
}

// pcdJSONNumber encodes a finite x in its shortest exact form, NaN or ±Inf as null.
func pcdJSONNumber(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "null"
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// pcdColumn is a column of a table: its name (CSV header, JSON key, table
// heading), its minimum width in the table, and whether it is numeric
// (right-aligned in the table, a bare number or null in JSON).
type pcdColumn struct {
	name    string
	width   int
	numeric bool
}

// pcdTableWriter streams rows as CSV, as one JSON document
// {HEAD "KEY":[{...},...],TAIL} or as an aligned table.
type pcdTableWriter struct {
	w      io.Writer
	format string
	cols   []pcdColumn
	csv    *csv.Writer
	n      int
	buf    []byte
}

// newPCDTableWriter starts a table. head is the JSON text before the rows
// key ("k":v, pairs, each ending with a comma, or ""); key names the rows
// array; nameWidth is the table width of a column called "name".
func newPCDTableWriter(w io.Writer, format string, cols []pcdColumn, head, key string, nameWidth int) (*pcdTableWriter, error) {
	t := &pcdTableWriter{w: w, format: format, cols: append([]pcdColumn(nil), cols...)}
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.name
	}
	switch format {
	case "csv":
		t.csv = csv.NewWriter(w)
		return t, t.csv.Write(names)
	case "json":
		_, err := fmt.Fprintf(w, "{%s%s:[", head, pcdJSONString(key))
		return t, err
	default:
		for i := range t.cols {
			if t.cols[i].name == "name" {
				t.cols[i].width = max(t.cols[i].width, nameWidth)
			}
			t.cols[i].width = max(t.cols[i].width, len(t.cols[i].name))
		}
		return t, t.tableLine(names)
	}
}

// Row writes one row of formatted values (numbers: "NaN" when unavailable).
func (t *pcdTableWriter) Row(vals []string) error {
	switch t.format {
	case "csv":
		return t.csv.Write(vals)
	case "json":
		b := t.buf[:0]
		if t.n > 0 {
			b = append(b, ',')
		}
		b = append(b, "\n{"...)
		for i, c := range t.cols {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, pcdJSONString(c.name)...)
			b = append(b, ':')
			switch {
			case !c.numeric:
				b = append(b, pcdJSONString(vals[i])...)
			case vals[i] == "NaN" || vals[i] == "":
				b = append(b, "null"...)
			default:
				b = append(b, vals[i]...)
			}
		}
		b = append(b, '}')
		t.buf = b
		t.n++
		_, err := t.w.Write(b)
		return err
	default:
		out := vals
		if slices.Contains(vals, "NaN") {
			out = make([]string, len(vals))
			for i, v := range vals {
				out[i] = v
				if v == "NaN" && t.cols[i].numeric {
					out[i] = "n/a"
				}
			}
		}
		return t.tableLine(out)
	}
}

// tableLine writes an aligned line: text columns left-aligned, numbers
// right-aligned, two blanks between columns.
func (t *pcdTableWriter) tableLine(vals []string) error {
	b := t.buf[:0]
	for i, c := range t.cols {
		if i > 0 {
			b = append(b, "  "...)
		}
		pad := c.width - len([]rune(vals[i]))
		if c.numeric {
			for ; pad > 0; pad-- {
				b = append(b, ' ')
			}
			b = append(b, vals[i]...)
		} else {
			b = append(b, vals[i]...)
			if i < len(t.cols)-1 {
				for ; pad > 0; pad-- {
					b = append(b, ' ')
				}
			}
		}
	}
	for len(b) > 0 && b[len(b)-1] == ' ' {
		b = b[:len(b)-1]
	}
	b = append(b, '\n')
	t.buf = b
	_, err := t.w.Write(b)
	return err
}

// Close ends the table; tail is JSON text after the rows array ("k":v pairs
// separated by commas, or "").
func (t *pcdTableWriter) Close(tail string) error {
	switch t.format {
	case "csv":
		t.csv.Flush()
		return t.csv.Error()
	case "json":
		sep := ""
		if tail != "" {
			sep = ","
		}
		_, err := fmt.Fprintf(t.w, "\n]%s%s}\n", sep, tail)
		return err
	}
	return nil
}
