package job

import (
	"context"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/figure"
	"github.com/gnssim/gnssim/cmd/gnssim/internal/output"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/plot"
)

// Skyplot is `gnssim skyplot`: the sky of one site (tracks of every
// satellite above the mask) as a figure, and the azimuth/elevation or
// passes table.
type Skyplot struct {
	Inputs
	Period
	Receiver
	Site      SiteArg
	Plot      string // --plot FILE.png|.svg ("" for none)
	Table     bool   // write the table (--format, -o or --passes given)
	Format    output.Format
	Output    string
	Passes    bool
	Precision output.Precision
	Force     bool
}

// Args is the equivalent command line, the period's start as resolved in grid.
func (j *Skyplot) Args(grid orbit.EpochGrid) []string {
	a := append([]string{"skyplot"}, j.Inputs.Args()...)
	a = append(a, j.Period.Args(grid)...)
	a = append(a, "--site", j.Site.Arg)
	a = append(a, j.MaskArgs()...)
	if j.Plot != "" {
		a = append(a, "--plot", j.Plot)
	}
	if j.Table {
		a = append(a, "--format", j.Format.String())
		if j.Output != "" {
			a = append(a, "-o", j.Output)
		}
		if j.Passes {
			a = append(a, "--passes")
		}
		if j.Precision == output.Full {
			a = append(a, "--precision", "full")
		}
	}
	if j.Force {
		a = append(a, "--force")
	}
	return a
}

// Run computes the sky tracks and writes the figure and the table.
func (j *Skyplot) Run(ctx context.Context, env *Env) ([]string, error) {
	if j.Plot == "" && !j.Table {
		return nil, Usagef("--plot FILE.png|.svg is required (or --format csv [-o FILE] for the table)")
	}
	if err := j.Period.Validate(); err != nil {
		return nil, err
	}
	var dests []output.Dest
	var plotDest, tableDest output.Dest
	var pf plot.Format
	var err error
	if j.Plot != "" {
		if pf, err = output.PlotFormat("--plot", j.Plot); err != nil {
			return nil, Usagef("%v", err)
		}
		if plotDest, err = output.ParseDest("--plot", j.Plot); err != nil {
			return nil, err
		}
		dests = append(dests, plotDest)
	}
	if j.Table {
		if tableDest, err = output.ParseDest("-o", j.Output); err != nil {
			return nil, err
		}
		dests = append(dests, tableDest)
	}
	if err := output.Distinct(dests...); err != nil {
		return nil, Usagef("%v", err)
	}
	ds, err := env.load(j.Inputs, j.Period.identifyAt(), false)
	if err != nil {
		return nil, err
	}
	grid, err := j.Period.Grid(ds)
	if err != nil {
		return nil, err
	}
	if err := env.limits().Check(sim.SkyTracksCost(len(ds.Selected), grid.N, sim.Exec{}), j.Force, "--step or --duration"); err != nil {
		return nil, err
	}
	if err := env.checkSpan(ds, grid, j.Force); err != nil {
		return nil, err
	}
	sources, _, err := env.passes(ctx, ds, grid, j.Strict, 1)
	if err != nil {
		return nil, err
	}
	src := sources()
	model := sim.Model{Systems: ds.Systems, Mask: j.Mask}
	st, err := sim.SkyTracks(ctx, src, grid, j.Site.Site, model, sim.SkyOptions{})
	if err != nil {
		return nil, err
	}
	sats := src.Satellites()
	var files written
	if j.Plot != "" {
		tracks, po := figure.SkyPlot(st, sats, j.Mask, fmt.Sprintf("Sky of %s, %s, %s", j.Site.Site.Name, figure.PeriodShort(grid), j.MaskText()))
		if err := plotDest.Write(ctx, env.Stdout, func(w io.Writer) error { return plot.SkyPlot(w, pf, tracks, po) }); err != nil {
			return files, err
		}
		files.add(plotDest)
	}
	if !j.Table {
		return files, nil
	}
	run := output.NewProvenance(env.Version, "skyplot", j.Precision).WithDataset(ds).WithPeriod(grid).WithMask(j.Mask, j.MaskFile).WithSites([]sim.Site{j.Site.Site})
	err = tableDest.Write(ctx, env.Stdout, func(w io.Writer) error {
		if j.Passes {
			return writePasses(w, j.Format, j.Precision, run, st, sats)
		}
		return writeAzEl(w, j.Format, j.Precision, run, st, sats)
	})
	if err != nil {
		return files, err
	}
	files.add(tableDest)
	return files, nil
}

// writeAzEl writes prn,system,time_utc,az_deg,el_deg for every satellite
// and epoch above the mask (angles 4 decimals, azimuth in [0, 360)).
func writeAzEl(w io.Writer, f output.Format, p output.Precision, run *output.Provenance, st *sim.SkyTrack, sats []sim.Satellite) error {
	cols := []output.Column{{Name: "prn"}, {Name: "system"}, {Name: "time_utc"},
		{Name: "az_deg", Kind: output.Number, Decimals: 4, Wrap: output.Azimuth}, {Name: "el_deg", Kind: output.Number, Decimals: 4}}
	tw, err := output.NewWriter(w, f, p, &output.Table{Columns: cols, Run: run})
	if err != nil {
		return err
	}
	N := st.Grid.N
	for i, s := range st.Sats {
		sat := sats[s]
		for k := 0; k < N; k++ {
			el := st.ElDeg[i*N+k]
			if math.IsNaN(el) {
				continue
			}
			tw.Str(sat.PRN)
			tw.Str(sat.System.String())
			tw.Str(output.FormatTime(st.Grid.Time(k)))
			tw.Num(st.AzDeg[i*N+k])
			tw.Num(el)
			if err := tw.End(); err != nil {
				return err
			}
		}
	}
	return tw.Close(nil)
}

// writePasses writes one row per pass above the mask.
func writePasses(w io.Writer, f output.Format, p output.Precision, run *output.Provenance, st *sim.SkyTrack, sats []sim.Satellite) error {
	cols := []output.Column{{Name: "prn"}, {Name: "system"}, {Name: "rise_utc"}, {Name: "set_utc"},
		{Name: "max_el_deg", Kind: output.Number, Decimals: 4}, {Name: "rise_open", Kind: output.Bool}, {Name: "set_open", Kind: output.Bool}}
	tw, err := output.NewWriter(w, f, p, &output.Table{Columns: cols, Run: run})
	if err != nil {
		return err
	}
	for _, ps := range st.Passes {
		sat := sats[ps.Sat]
		tw.Str(sat.PRN)
		tw.Str(sat.System.String())
		tw.Str(output.FormatTime(ps.Rise.Round(time.Second)))
		tw.Str(output.FormatTime(ps.Set.Round(time.Second)))
		tw.Num(ps.MaxElDeg)
		tw.Bool(ps.RiseOpen)
		tw.Bool(ps.SetOpen)
		if err := tw.End(); err != nil {
			return err
		}
	}
	return tw.Close(nil)
}

// Groundtrack is `gnssim groundtrack`: the sub-satellite points of the
// satellites on a world map (or a box), and their table.
type Groundtrack struct {
	Inputs
	Period
	Plot      string
	Region    *plot.Region // --region box of the map (nil: the world)
	RegionArg string
	Table     bool
	Format    output.Format
	Output    string
	Precision output.Precision
	Force     bool
}

// Args is the equivalent command line, the period's start as resolved in grid.
func (j *Groundtrack) Args(grid orbit.EpochGrid) []string {
	a := append([]string{"groundtrack"}, j.Inputs.Args()...)
	a = append(a, j.Period.Args(grid)...)
	if j.Plot != "" {
		a = append(a, "--plot", j.Plot)
	}
	if j.RegionArg != "" {
		a = append(a, "--region", j.RegionArg)
	}
	if j.Table {
		a = append(a, "--format", j.Format.String())
		if j.Output != "" {
			a = append(a, "-o", j.Output)
		}
		if j.Precision == output.Full {
			a = append(a, "--precision", "full")
		}
	}
	if j.Force {
		a = append(a, "--force")
	}
	return a
}

// ParseMapRegion parses the --region box of a map: LATMIN,LATMAX,LONMIN,LONMAX
// in degrees; LONMAX may exceed 180 (up to LONMIN+360) for a box across the
// antimeridian.
func ParseMapRegion(s string) (plot.Region, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 4 {
		return plot.Region{}, Usagef("--region %q: want LATMIN,LATMAX,LONMIN,LONMAX in degrees, e.g. -10,60,60,160", s)
	}
	var v [4]float64
	for i, p := range parts {
		x, err := ParseFloat(p)
		if err != nil {
			return plot.Region{}, Usagef("--region %q: %q is not a number", s, strings.TrimSpace(p))
		}
		v[i] = x
	}
	r := plot.Region{LatMinDeg: v[0], LatMaxDeg: v[1], LonMinDeg: v[2], LonMaxDeg: v[3]}
	if !(r.LatMinDeg >= -90 && r.LatMaxDeg <= 90 && r.LatMinDeg < r.LatMaxDeg && r.LonMinDeg >= -180 && r.LonMinDeg < r.LonMaxDeg &&
		r.LonMaxDeg <= 360 && r.LonMaxDeg-r.LonMinDeg <= 360) {
		return r, Usagef("--region %s: want -90 ≤ LATMIN < LATMAX ≤ 90 and -180 ≤ LONMIN < LONMAX ≤ LONMIN+360, LONMAX ≤ 360 (a LONMAX above 180 crosses the antimeridian)", s)
	}
	return r, nil
}

// Run propagates and writes the map and the table.
func (j *Groundtrack) Run(ctx context.Context, env *Env) ([]string, error) {
	if j.Plot == "" && !j.Table {
		return nil, Usagef("--plot FILE.png|.svg is required (or --format csv [-o FILE] for the table)")
	}
	if err := j.Period.Validate(); err != nil {
		return nil, err
	}
	var dests []output.Dest
	var plotDest, tableDest output.Dest
	var pf plot.Format
	var err error
	if j.Plot != "" {
		if pf, err = output.PlotFormat("--plot", j.Plot); err != nil {
			return nil, Usagef("%v", err)
		}
		if plotDest, err = output.ParseDest("--plot", j.Plot); err != nil {
			return nil, err
		}
		dests = append(dests, plotDest)
	}
	if j.Table {
		if tableDest, err = output.ParseDest("-o", j.Output); err != nil {
			return nil, err
		}
		dests = append(dests, tableDest)
	}
	if err := output.Distinct(dests...); err != nil {
		return nil, Usagef("%v", err)
	}
	ds, err := env.load(j.Inputs, j.Period.identifyAt(), false)
	if err != nil {
		return nil, err
	}
	grid, err := j.Period.Grid(ds)
	if err != nil {
		return nil, err
	}
	// The positions and their latitude, longitude and height for every epoch.
	cost := sim.EphemerisCost(len(ds.Selected), grid.N)
	cost.Bytes *= 2
	if err := env.limits().Check(cost, j.Force, "--step or --duration"); err != nil {
		return nil, err
	}
	if err := env.checkSpan(ds, grid, j.Force); err != nil {
		return nil, err
	}
	src := env.loader().Source(ds, grid, j.Strict, env.note)
	eph, ok := src.(*sim.Ephemeris)
	if !ok || eph.Grid != grid {
		m := len(ds.Selected) * grid.N
		eph = &sim.Ephemeris{Grid: grid, Sats: src.Satellites(), X: make([]float64, m), Y: make([]float64, m), Z: make([]float64, m)}
		if err := src.Fill(ctx, eph); err != nil {
			return nil, err
		}
	}
	lat, lon, alt, tracks := figure.GroundTracks(eph)
	var files written
	if j.Plot != "" {
		opt := plot.MapOptions{
			Title: fmt.Sprintf("Ground tracks, %s, %s (step %s)", figure.SystemsTitle(ds.Systems), figure.PeriodShort(grid), FormatDuration(grid.Step)),
		}
		if j.Region != nil {
			opt.Region = *j.Region
		}
		if err := plotDest.Write(ctx, env.Stdout, func(w io.Writer) error { return plot.GroundTracks(w, pf, tracks, opt) }); err != nil {
			return files, err
		}
		files.add(plotDest)
	}
	if !j.Table {
		return files, nil
	}
	run := output.NewProvenance(env.Version, "groundtrack", j.Precision).WithDataset(ds).WithPeriod(grid)
	cols := []output.Column{{Name: "prn"}, {Name: "system"}, {Name: "time_utc"}, {Name: "lat_deg", Kind: output.Number, Decimals: 4},
		{Name: "lon_deg", Kind: output.Number, Decimals: 4, Wrap: output.Longitude}, {Name: "alt_km", Kind: output.Number, Decimals: 6}}
	err = tableDest.Write(ctx, env.Stdout, func(w io.Writer) error {
		tw, err := output.NewWriter(w, j.Format, j.Precision, &output.Table{Columns: cols, Run: run})
		if err != nil {
			return err
		}
		N := grid.N
		for s, sat := range eph.Sats {
			for k := 0; k < N; k++ {
				i := s*N + k
				if math.IsNaN(lat[i]) {
					continue
				}
				tw.Str(sat.PRN)
				tw.Str(sat.System.String())
				tw.Str(output.FormatTime(grid.Time(k)))
				tw.Num(lat[i])
				tw.Num(lon[i])
				tw.Num(alt[i])
				if err := tw.End(); err != nil {
					return err
				}
			}
		}
		return tw.Close(nil)
	})
	if err != nil {
		return files, err
	}
	files.add(tableDest)
	return files, nil
}
