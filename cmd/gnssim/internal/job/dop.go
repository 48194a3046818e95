package job

import (
	"context"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/figure"
	"github.com/gnssim/gnssim/cmd/gnssim/internal/output"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/plot"
)

// DOP is `gnssim dop`: the DOP and visible-count series of the combination
// of the systems at sites, one row per site and epoch; optionally a figure
// per site of PDOP and visible satellites of each system alone and
// combined.
type DOP struct {
	Inputs
	Period
	Receiver
	Sites     []SiteArg
	Format    output.Format
	Output    string // -o: a file, "-" or "" (standard output)
	Plot      string // --plot FILE.png|.svg ("" for none)
	Precision output.Precision
	Force     bool
}

// Table columns of the DOP series (decimals: DOP 3).
func dopColumns(j *DOP) []output.Column {
	cols := []output.Column{{Name: "site"}, {Name: "time_utc"}, {Name: "n_visible", Kind: output.Int},
		{Name: "gdop", Kind: output.Number, Decimals: 3}, {Name: "pdop", Kind: output.Number, Decimals: 3},
		{Name: "hdop", Kind: output.Number, Decimals: 3}, {Name: "vdop", Kind: output.Number, Decimals: 3},
		{Name: "tdop", Kind: output.Number, Decimals: 3}}
	for _, s := range j.systems() {
		cols = append(cols, output.Column{Name: "n_" + s.String(), Kind: output.Int})
	}
	return cols
}

// PlotPath is the figure file of a site: the --plot path itself with one
// site, else the path with "-" and the site's file key (FileKey) inserted
// before the extension.
func PlotPath(path string, key string, nSites int) string {
	if nSites == 1 {
		return path
	}
	ext := ""
	if i := strings.LastIndexByte(path, '.'); i > strings.LastIndexByte(path, '/') {
		ext = path[i:]
	}
	return strings.TrimSuffix(path, ext) + "-" + key + ext
}

// Args is the equivalent command line, the period's start as resolved in
// grid.
func (j *DOP) Args(grid orbit.EpochGrid) []string {
	a := append([]string{"dop"}, j.Inputs.Args()...)
	a = append(a, j.Period.Args(grid)...)
	a = append(a, siteArgs(j.Sites)...)
	a = append(a, j.MaskArgs()...)
	a = append(a, j.ModelArgs(false)...)
	a = append(a, outputArgs(j.Format, j.Output, j.Plot, j.Precision, j.Force)...)
	return a
}

// Run evaluates the sites and writes the table and the figures. It returns
// the files written.
func (j *DOP) Run(ctx context.Context, env *Env) ([]string, error) {
	if len(j.Sites) == 0 {
		return nil, Usagef("at least one --site is required (a city such as beijing, or LAT,LON[,HEIGHT_M]); built-in cities: %s", CityNames())
	}
	if err := j.Period.Validate(); err != nil {
		return nil, err
	}
	out, err := output.ParseDest("-o", j.Output)
	if err != nil {
		return nil, err
	}
	dests := []output.Dest{out}
	sites := sitesOf(j.Sites)
	keys := FileKeys(sites)
	var plotFmt plot.Format
	var plotDests []output.Dest
	if j.Plot != "" {
		if plotFmt, err = output.PlotFormat("--plot", j.Plot); err != nil {
			return nil, Usagef("%v", err)
		}
		for i := range sites {
			d, err := output.ParseDest("--plot", PlotPath(j.Plot, keys[i], len(sites)))
			if err != nil {
				return nil, err
			}
			plotDests = append(plotDests, d)
		}
	}
	if err := output.Distinct(append(dests, plotDests...)...); err != nil {
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
	model := j.Receiver.Model(ds.Systems)
	nv := len(model.Variants())
	cost := sim.SiteSeriesCost(len(ds.Selected), len(sites), grid.N, nv, false, sim.Exec{}).Plus(passCost(ds, grid, len(sites)))
	if j.Plot != "" {
		cost.Bytes += int64(len(sites)) * int64(grid.N) * int64(nv) * 16 // PDOP and count per variant for the figures
	}
	if err := env.limits().Check(cost, j.Force, "--step, --duration or the number of --site"); err != nil {
		return nil, err
	}
	if err := env.checkSpan(ds, grid, j.Force); err != nil {
		return nil, err
	}
	sources, extra, err := env.passes(ctx, ds, grid, j.Strict, len(sites))
	if err != nil {
		return nil, err
	}
	_ = extra
	run := output.NewProvenance(env.Version, "dop", j.Precision).WithDataset(ds).WithPeriod(grid).WithModel(model, j.MaskFile).WithSites(sites)
	table := &output.Table{Columns: dopColumns(j), Run: run}

	// The figures need the whole series: PDOP and count per site, variant, epoch.
	var pdop, nvis [][]float64
	if j.Plot != "" {
		pdop, nvis = make([][]float64, len(sites)*nv), make([][]float64, len(sites)*nv)
		for i := range pdop {
			pdop[i], nvis[i] = make([]float64, grid.N), make([]float64, grid.N)
		}
	}
	prog := env.progress("dop")
	var files written
	err = out.Write(ctx, env.Stdout, func(w io.Writer) error {
		tw, err := output.NewWriter(w, j.Format, j.Precision, table)
		if err != nil {
			return err
		}
		// Rows are site after site, the series are computed chunk after
		// chunk: one pass per site keeps the output in order and the
		// memory O(chunk).
		for i, s := range sites {
			err := sim.StreamSiteSeries(ctx, sources(), grid, []sim.Site{s}, model, sim.Exec{Progress: func(done, total int) { prog.Update(i*total+done, len(sites)*total) }},
				func(c *sim.SiteResult) error {
					k0 := int(c.Grid.Start.Sub(grid.Start) / grid.Step)
					last := len(c.Variants) - 1
					for k := 0; k < c.Grid.N; k++ {
						d := c.At(0, k, last)
						tw.Str(s.Name)
						tw.Str(output.FormatTime(c.Grid.Time(k)))
						tw.Int(d.NVisible)
						tw.Num(d.GDOP)
						tw.Num(d.PDOP)
						tw.Num(d.HDOP)
						tw.Num(d.VDOP)
						tw.Num(d.TDOP)
						for _, sys := range c.Systems {
							tw.Int(c.NVisible(0, k, sys))
						}
						if err := tw.End(); err != nil {
							return err
						}
						if pdop != nil {
							for v := range c.Variants {
								dv := c.At(0, k, v)
								pdop[i*nv+v][k0+k], nvis[i*nv+v][k0+k] = dv.PDOP, float64(dv.NVisible)
							}
						}
					}
					return nil
				})
			if err != nil {
				return err
			}
		}
		return tw.Close(nil)
	})
	prog.Done()
	if err != nil {
		return files, err
	}
	files.add(out)
	if j.Plot == "" {
		return files, nil
	}
	variants := model.Variants()
	times := figure.Times(grid)
	for i, s := range sites {
		var dops, vis []plot.Series
		for v, vr := range variants {
			name := figure.VariantTitle(vr.Name)
			dops = append(dops, plot.Series{Name: name, Times: times, Values: pdop[i*nv+v]})
			vis = append(vis, plot.Series{Name: name, Times: times, Values: nvis[i*nv+v]})
		}
		opt := plot.DOPAndVisibleOptions{
			Title: fmt.Sprintf("%s (%s): PDOP and visible satellites, %s, %s, %s",
				s.Name, LatLonText(s.LatDeg, s.LonDeg, 2), figure.PeriodShort(grid), j.MaskText(), j.ClockText()),
			MaxDOP: math.Max(plot.DefaultMaxDOP, j.pdopMax()),
		}
		err := plotDests[i].Write(ctx, env.Stdout, func(w io.Writer) error { return plot.DOPAndVisible(w, plotFmt, dops, vis, opt) })
		if err != nil {
			return files, fmt.Errorf("--plot: %w", err)
		}
		files.add(plotDests[i])
	}
	return files, nil
}
