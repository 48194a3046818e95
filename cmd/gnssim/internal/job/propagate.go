package job

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/output"
	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim/dataset"
)

// Propagate is `gnssim propagate`: positions and velocities of element
// sets as a table, on the epoch grid of Period or, with Window, at minutes
// from each element set's own epoch (as Vallado's verification driver).
//
// Precision (CSV, JSON and table alike): positions 6 decimals of a km
// (1 mm), velocities 9 decimals of a km/s (1 µm/s), tsince 8 decimals of a
// minute (0.6 ms, as Vallado's verification output), geodetic latitude and
// longitude 8 decimals of a degree (about 1 mm on the ground and 5 mm at
// GNSS altitude), altitude 6 decimals of a km.
type Propagate struct {
	Inputs
	Period
	Window      *Window // --tsince, instead of Period
	Frame       string  // teme, ecef, geodetic
	GoSatellite bool    // --propagator go-satellite
	NORAD       []int   // only these catalog numbers, whatever their system or status
	Format      output.Format
	Output      string
	Precision   output.Precision
	Force       bool
}

// MaxPropagateRows bounds the rows of one run (about 1.5 GB of CSV) unless
// Force.
const MaxPropagateRows = 10_000_000

// ParseFrame accepts teme, ecef and geodetic, case-insensitively.
func ParseFrame(s string) (string, error) {
	f := strings.ToLower(strings.TrimSpace(s))
	switch f {
	case "teme", "ecef", "geodetic":
		return f, nil
	}
	return "", Usagef("--frame %q: want teme, ecef or geodetic", s)
}

// Window is a --tsince window, minutes from each element set's epoch.
type Window struct{ Start, Stop, Step float64 }

// maxAbsTsinceMin bounds --tsince (about 190 years) so that every row's UTC
// time is representable to the nanosecond.
const maxAbsTsinceMin = 1e8

// ParseWindow parses START,STOP,STEP (minutes).
func ParseWindow(s string) (*Window, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 3 {
		return nil, Usagef("--tsince %q: want START,STOP,STEP in minutes, e.g. 0,1440,120", s)
	}
	var v [3]float64
	for i, p := range parts {
		f, err := ParseFloat(p)
		if err != nil {
			return nil, Usagef("--tsince %q: %s %q is not a finite number of minutes", s, []string{"START", "STOP", "STEP"}[i], strings.TrimSpace(p))
		}
		if math.Abs(f) > maxAbsTsinceMin {
			return nil, Usagef("--tsince %q: %g minutes is beyond ±%g (about 190 years)", s, f, maxAbsTsinceMin)
		}
		v[i] = f
	}
	w := &Window{v[0], v[1], v[2]}
	if w.Step <= 0 {
		return nil, Usagef("--tsince %q: STEP must be positive", s)
	}
	if w.Stop < w.Start {
		return nil, Usagef("--tsince %q: STOP is before START", s)
	}
	if n := (w.Stop-w.Start)/w.Step + 2; n > MaxEpochs {
		return nil, Usagef("--tsince %q is %.0f times; the limit is %d: use a larger STEP or a shorter window", s, n, MaxEpochs)
	}
	return w, nil
}

// at returns the i-th time of the window and whether it is the last one:
// START + i·STEP (computed, not accumulated) until it reaches STOP, which is
// always the last row (a point within 1e-9 of a step of STOP counts as STOP,
// so that rounding does not make a near-duplicate row).
func (w *Window) at(i int) (t float64, last bool) {
	t = w.Start + float64(i)*w.Step
	if t >= w.Stop-1e-9*w.Step {
		return w.Stop, true
	}
	return t, false
}

// Count returns the number of rows of the window.
func (w *Window) Count() int {
	for n := max(int((w.Stop-w.Start)/w.Step)-1, 0); ; n++ {
		if _, last := w.at(n); last {
			return n + 1
		}
	}
}

// Args is the equivalent command line, the period's start as resolved in grid.
func (j *Propagate) Args(grid orbit.EpochGrid) []string {
	a := append([]string{"propagate"}, j.Inputs.Args()...)
	if j.Window != nil {
		a = append(a, "--tsince", output.G(j.Window.Start)+","+output.G(j.Window.Stop)+","+output.G(j.Window.Step))
	} else {
		a = append(a, j.Period.Args(grid)...)
	}
	a = append(a, "--frame", j.Frame)
	if j.GoSatellite {
		a = append(a, "--propagator", "go-satellite")
	}
	for _, n := range j.NORAD {
		a = append(a, "--norad", strconv.Itoa(n))
	}
	return append(a, outputArgs(j.Format, j.Output, "", j.Precision, j.Force)...)
}

// selectSats picks the satellites to propagate from ds.All: the NORAD
// numbers asked for, or those of the systems that are operational (or all
// with IncludeNonOperational) and the element sets of no navigation system;
// ordered by system (the user's order, then the others), PRN, NORAD number.
func (j *Propagate) selectSats(ds *dataset.Dataset) ([]*dataset.Sat, error) {
	var sats []*dataset.Sat
	if len(j.NORAD) > 0 {
		byNorad := map[int]*dataset.Sat{}
		for _, s := range ds.All {
			byNorad[s.Elements.CatalogNumber] = s
		}
		seen := map[int]bool{}
		for _, n := range j.NORAD {
			if seen[n] {
				continue
			}
			seen[n] = true
			s, ok := byNorad[n]
			if !ok {
				return nil, fmt.Errorf("satellite %d is not in %s; 'gnssim catalog --all' lists the element sets loaded", n, strings.Join(ds.Sources, ", "))
			}
			if s.SGP4 == nil {
				return nil, fmt.Errorf("satellite %s (%s) was refused: SGP4 cannot be initialised from its element set", s.Name(), dataset.Where(s.Elements.Source))
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
			if s.ID.System == ephemeris.SystemUnknown || (want[s.ID.System] && (s.ID.Operational || j.IncludeNonOperational)) {
				sats = append(sats, s)
			}
		}
	}
	dataset.SortSats(sats, ds.Systems)
	if len(sats) == 0 {
		hint := ""
		if !j.IncludeNonOperational {
			hint = " (add --include-nonoperational to use spares and test satellites)"
		}
		return nil, fmt.Errorf("no %s satellites in %s%s", dataset.SystemsTitle(ds.Systems), strings.Join(ds.Sources, ", "), hint)
	}
	return sats, nil
}

// columns returns the table columns for the frame.
func (j *Propagate) columns() []output.Column {
	num := func(name string, dec int) output.Column {
		return output.Column{Name: name, Kind: output.Number, Decimals: dec}
	}
	pos := []output.Column{num("x_km", 6), num("y_km", 6), num("z_km", 6)}
	if j.Frame == "geodetic" {
		pos = []output.Column{num("lat_deg", 8), {Name: "lon_deg", Kind: output.Number, Decimals: 8, Wrap: output.Longitude}, num("alt_km", 6)}
	}
	cols := []output.Column{{Name: "norad", Kind: output.Int}, {Name: "name"}, {Name: "system"}, {Name: "prn"}, {Name: "time_utc"}, num("tsince_min", 8)}
	cols = append(cols, pos...)
	return append(cols, num("vx_km_s", 9), num("vy_km_s", 9), num("vz_km_s", 9))
}

// failure is one propagation failure, in the JSON tail.
type failure struct {
	NORAD     int               `json:"norad"`
	Name      string            `json:"name"`
	TsinceMin output.JSONNumber `json:"tsince_min"`
	TimeUTC   string            `json:"time_utc"`
	Code      *int              `json:"sgp4_code"`
	Meaning   string            `json:"meaning"`
}

// Run propagates and writes the table.
func (j *Propagate) Run(ctx context.Context, env *Env) ([]string, error) {
	frame, err := ParseFrame(j.Frame)
	if err != nil {
		return nil, err
	}
	j.Frame = frame
	if j.Window == nil {
		if err := j.Period.Validate(); err != nil {
			return nil, err
		}
	}
	out, err := output.ParseDest("-o", j.Output)
	if err != nil {
		return nil, err
	}
	var at time.Time
	if j.Window == nil {
		at = j.Period.identifyAt()
	}
	ds, err := env.load(j.Inputs, at, true)
	if err != nil {
		return nil, err
	}
	var sats []*dataset.Sat
	if ds.Kind != dataset.ElementSets {
		if j.Window != nil || len(j.NORAD) > 0 || j.GoSatellite {
			return nil, Usagef("--tsince, --norad and --propagator apply to element sets, not to --%s data (select satellites with --systems)", ds.Kind)
		}
		if err := ds.RequireSelected(); err != nil {
			return nil, err
		}
		sats = ds.Selected
	} else if sats, err = j.selectSats(ds); err != nil {
		return nil, err
	}
	var grid orbit.EpochGrid
	nTimes := 0
	if w := j.Window; w != nil {
		nTimes = w.Count()
		if d := math.Max(math.Abs(w.Start), math.Abs(w.Stop)); d > dataset.StaleLimit.Minutes() {
			env.note(dataset.Note{Level: dataset.Warning, Kind: "stale", Text: fmt.Sprintf("--tsince reaches %.1f days from the element-set epochs; TLE accuracy is km-level at epoch and degrades by kilometres per day", d/1440)})
		}
	} else {
		if grid, err = j.Period.Grid(ds); err != nil {
			return nil, err
		}
		nTimes = grid.N
	}
	rows := int64(nTimes) * int64(len(sats))
	if rows > MaxPropagateRows && !j.Force {
		return nil, Usagef("%d satellites × %d times is %d rows (about %.1f GB of CSV); the limit is %d: use a larger --step, a shorter --duration or --tsince window, fewer satellites (--norad, --systems), or --force",
			len(sats), nTimes, rows, float64(rows)*150/1e9, MaxPropagateRows)
	}
	run := output.NewProvenance(env.Version, "propagate", j.Precision).WithDataset(ds).Set("frame", j.Frame)
	if j.Window != nil {
		run.Set("tsince_min", map[string]output.JSONNumber{"start": output.Exact(j.Window.Start), "stop": output.Exact(j.Window.Stop), "step": output.Exact(j.Window.Step)})
	} else if ds.Kind != dataset.ElementSets {
		run.WithPeriod(grid)
		if err := ds.CheckSpan(grid.Start, grid.Time(max(grid.N-1, 0)), 0); err != nil && !j.Force {
			return nil, Usagef("%v; %s", err, SpanAdvice(ds))
		}
	} else {
		run.WithPeriod(grid)
		sub := &dataset.Dataset{Selected: sats}
		end := grid.Time(max(grid.N-1, 0))
		if err := sub.CheckSpan(grid.Start, end, 0); err != nil && !j.Force {
			return nil, Usagef("%v; %s", err, SpanAdvice(ds))
		}
		if n := sub.Stale(grid.Start, end); n != nil {
			env.note(*n)
		}
	}
	if j.GoSatellite {
		run.Set("propagator", "go-satellite")
	}
	prog := env.progress("propagate")
	defer prog.Done()
	var files written
	err = out.Write(ctx, env.Stdout, func(w io.Writer) error {
		tw, err := output.NewWriter(w, j.Format, j.Precision, &output.Table{Columns: j.columns(), Run: run})
		if err != nil {
			return err
		}
		pr := &propRun{ctx: ctx, env: env, j: j, tw: tw, progress: prog, total: int(min(rows, math.MaxInt32)), failures: []failure{}}
		if ds.Kind != dataset.ElementSets {
			for _, s := range sats {
				if err := pr.satFile(ds, s, grid); err != nil {
					return err
				}
			}
			return tw.Close(nil)
		}
		for _, s := range sats {
			if err := ctx.Err(); err != nil {
				return err
			}
			if j.Window != nil {
				err = pr.satWindow(s, j.Window)
			} else {
				err = pr.satGrid(s, grid)
			}
			if err != nil {
				return err
			}
		}
		return tw.Close([]output.KV{{Key: "sgp4_failures", Value: pr.failures}})
	})
	if err != nil {
		return nil, err
	}
	files.add(out)
	return files, nil
}

// propRun writes the rows of a propagate run.
type propRun struct {
	ctx      context.Context
	env      *Env
	j        *Propagate
	tw       *output.Writer
	progress Progress
	total    int
	done     int
	failures []failure
	goSat    *orbit.GoSatellite // adapter of the current satellite
	goSatOf  *dataset.Sat
}

// propagate returns the TEME state of s at tsince ts (UTC time t) from the
// selected implementation.
func (pr *propRun) propagate(s *dataset.Sat, ts float64, t time.Time) (r, v [3]float64, err error) {
	if !pr.j.GoSatellite {
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

// satFile writes one satellite's rows of a navigation or SP3 dataset over
// the grid, a block of epochs at a time: Earth-fixed states from the data,
// no row where there is no position (a gap).
func (pr *propRun) satFile(ds *dataset.Dataset, s *dataset.Sat, grid orbit.EpochGrid) error {
	const block = 4096
	b := orbit.NewBatch(1, min(block, grid.N), true)
	for k0 := 0; k0 < grid.N; k0 += block {
		if err := pr.ctx.Err(); err != nil {
			return err
		}
		g := orbit.EpochGrid{Start: grid.Time(k0), Step: grid.Step, N: min(block, grid.N-k0)}
		if g.N != b.NEpoch {
			b = orbit.NewBatch(1, g.N, true)
		}
		if err := ds.States(pr.ctx, b, []*dataset.Sat{s}, g); err != nil {
			return err
		}
		for k := 0; k < g.N; k++ {
			if b.Status[k] != orbit.StatusOK {
				continue
			}
			r := [3]float64{b.X[k], b.Y[k], b.Z[k]}
			v := [3]float64{b.VX[k], b.VY[k], b.VZ[k]}
			t := g.Time(k)
			if pr.j.Frame == "teme" {
				r, v = orbit.ECEFToTEME(r, v, t, orbit.EOP{})
			}
			if err := pr.rowECEF(s, t, r, v); err != nil {
				return err
			}
		}
	}
	return nil
}

// rowECEF writes one row of a navigation or SP3 satellite: r, v are
// Earth-fixed (or TEME with --frame teme) km, km/s at UTC time t.
func (pr *propRun) rowECEF(s *dataset.Sat, t time.Time, r, v [3]float64) error {
	tw := pr.tw
	tw.Empty()
	tw.Str(s.ID.PRN)
	tw.Str(systemName(s.ID.System))
	tw.Str(s.ID.PRN)
	tw.Str(output.FormatTime(t))
	tw.Empty()
	if pr.j.Frame == "geodetic" {
		lat, lon, h := orbit.ECEFToGeodetic(r)
		tw.Num(lat * 180 / math.Pi)
		tw.Num(lon * 180 / math.Pi)
		tw.Num(h)
	} else {
		tw.Num(r[0])
		tw.Num(r[1])
		tw.Num(r[2])
	}
	tw.Num(v[0])
	tw.Num(v[1])
	tw.Num(v[2])
	pr.done++
	if pr.done%4096 == 0 {
		pr.progress.Update(pr.done, pr.total)
	}
	return tw.End()
}

// satWindow writes one satellite's rows over a --tsince window.
func (pr *propRun) satWindow(s *dataset.Sat, w *Window) error {
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

// row writes one row; r, v are TEME km, km/s at UTC time t.
func (pr *propRun) row(s *dataset.Sat, t time.Time, ts float64, r, v [3]float64) error {
	if pr.j.Frame != "teme" {
		r, v = orbit.TEMEToECEF(r, v, t, orbit.EOP{})
	}
	tw := pr.tw
	tw.Int(s.Elements.CatalogNumber)
	tw.Str(s.Elements.Name)
	sys := ""
	if s.ID.System != ephemeris.SystemUnknown {
		sys = s.ID.System.String()
	}
	tw.Str(sys)
	tw.Str(s.ID.PRN)
	tw.Str(output.FormatTime(t))
	tw.Num(ts)
	if pr.j.Frame == "geodetic" {
		lat, lon, h := orbit.ECEFToGeodetic(r)
		tw.Num(lat * 180 / math.Pi)
		tw.Num(lon * 180 / math.Pi)
		tw.Num(h)
	} else {
		tw.Num(r[0])
		tw.Num(r[1])
		tw.Num(r[2])
	}
	tw.Num(v[0])
	tw.Num(v[1])
	tw.Num(v[2])
	pr.done++
	if pr.done%4096 == 0 {
		if err := pr.ctx.Err(); err != nil {
			return err
		}
		pr.progress.Update(pr.done, pr.total)
	}
	return tw.End()
}

// fail reports a propagation failure of s at tsince ts (time t): one note,
// and the end of the satellite's rows (or of the run with Strict).
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
	msg := fmt.Sprintf("%s: %s: %s at tsince %s min (%s): %s", dataset.Where(s.Elements.Source), s.Name(), what,
		strconv.FormatFloat(ts, 'f', -1, 64), output.FormatTime(t), meaning)
	if pr.j.Strict {
		return fmt.Errorf("%s (--strict)", msg)
	}
	pr.env.note(dataset.Note{Level: dataset.Warning, Kind: "sgp4-failure", Text: msg + "; no rows from there on"})
	f := failure{NORAD: s.Elements.CatalogNumber, Name: s.Elements.Name, TsinceMin: output.Exact(ts), TimeUTC: output.FormatTime(t), Meaning: meaning}
	if code != 0 {
		f.Code = &code
	}
	pr.failures = append(pr.failures, f)
	return nil
}
