package job

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/atomicfile"
	"github.com/gnssim/gnssim/cmd/gnssim/internal/figure"
	"github.com/gnssim/gnssim/cmd/gnssim/internal/output"
	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/dataset"
	"github.com/gnssim/gnssim/sim/plot"
)

// Compare is `gnssim compare`: each system alone and all combined, side by
// side, at sites or over a region; the report (text, CSV or JSON) and, with
// OutDir, the CSVs and figures of the comparison.
type Compare struct {
	Inputs
	Period
	Receiver
	Sites     []SiteArg
	Region    *sim.GridSpec // instead of Sites
	RegionArg string        // the --region text
	Format    output.Format
	Output    string // -o: a file, "-" or "" (standard output)
	OutDir    string // --out DIR ("" for none)
	Precision output.Precision
	Force     bool
}

// Args is the equivalent command line, the period's start as resolved in grid.
func (j *Compare) Args(grid orbit.EpochGrid) []string {
	a := append([]string{"compare"}, j.Inputs.Args()...)
	a = append(a, j.Period.Args(grid)...)
	if j.Region != nil {
		a = append(a, "--region", j.RegionArg, "--grid", output.G(j.Region.CellDeg))
	} else {
		a = append(a, siteArgs(j.Sites)...)
	}
	a = append(a, j.MaskArgs()...)
	a = append(a, j.ModelArgs(true)...)
	if j.OutDir != "" {
		a = append(a, "--out", j.OutDir)
	}
	return append(a, outputArgs(j.Format, j.Output, "", j.Precision, j.Force)...)
}

// compareReport is what compare prints: the run's parameters and a
// comparison per site (or one for the region).
type compareReport struct {
	j      *Compare
	run    *output.Provenance
	ds     *dataset.Dataset
	grid   orbit.EpochGrid
	sites  []sim.Site
	region *sim.GridSpec
	cells  int
	cmps   []sim.Comparison
	prec   output.Precision
}

// Run evaluates and writes the report and the --out files; it returns the
// files written.
func (j *Compare) Run(ctx context.Context, env *Env) ([]string, error) {
	if (len(j.Sites) == 0) == (j.Region == nil) {
		if j.Region != nil {
			return nil, Usagef("give either --site or --region, not both")
		}
		return nil, Usagef("give at least one --site (e.g. --site beijing --site moscow) or a --region LATMIN,LATMAX,LONMIN,LONMAX")
	}
	if err := j.Period.Validate(); err != nil {
		return nil, err
	}
	out, err := output.ParseDest("-o", j.Output)
	if err != nil {
		return nil, err
	}
	var folder *output.Folder
	if j.OutDir != "" {
		if folder, err = output.NewFolder("--out", j.OutDir); err != nil {
			return nil, err
		}
		defer folder.Abort()
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
	sites := sitesOf(j.Sites)
	var cost sim.Cost
	passes := 1
	if j.Region != nil {
		nLat, nLon := j.Region.Dims()
		cost = sim.CoverageCost(len(ds.Selected), nLat*nLon, grid.N, len(ds.Systems)+1, sim.Exec{})
	} else {
		cost = sim.SiteSeriesCost(len(ds.Selected), len(sites), grid.N, nv, false, sim.Exec{}).Plus(sim.SiteStatsCost(len(sites), grid.N, nv))
		if folder != nil {
			passes += len(sites) // one pass per site's sky tracks
			cost.Bytes += int64(len(sites)) * int64(grid.N) * int64(nv) * 16
			cost = cost.Plus(sim.SkyTracksCost(len(ds.Selected), grid.N, sim.Exec{}))
		}
		cost = cost.Plus(passCost(ds, grid, passes))
	}
	if err := env.limits().Check(cost, j.Force, "--step, --duration, the number of --site, or --grid and --region"); err != nil {
		return nil, err
	}
	if err := env.checkSpan(ds, grid, j.Force); err != nil {
		return nil, err
	}
	run := output.NewProvenance(env.Version, "compare", j.Precision).WithDataset(ds).WithPeriod(grid).WithModel(model, j.MaskFile)
	rep := &compareReport{j: j, run: run, ds: ds, grid: grid, prec: j.Precision}
	var files written
	if j.Region != nil {
		run.WithGrid(*j.Region)
		rep.region = j.Region
		sources, _, err := env.passes(ctx, ds, grid, j.Strict, 1)
		if err != nil {
			return nil, err
		}
		prog := env.progress("compare")
		m, err := sim.Coverage(ctx, sources(), grid, *j.Region, model, sim.CoverageOptions{Exec: sim.Exec{Progress: prog.Update}, PerSystem: true})
		prog.Done()
		if err != nil {
			return nil, err
		}
		c, err := sim.CompareRegion(m)
		if err != nil {
			return nil, err
		}
		rep.cells, rep.cmps = m.NLat*m.NLon, []sim.Comparison{c}
		if err := out.Write(ctx, env.Stdout, func(w io.Writer) error { return rep.write(w, j.Format) }); err != nil {
			return nil, err
		}
		files.add(out)
		if folder != nil {
			if err := rep.writeRegionFolder(ctx, env, folder, m); err != nil {
				return files, err
			}
		}
	} else {
		run.WithSites(sites)
		rep.sites = sites
		sources, _, err := env.passes(ctx, ds, grid, j.Strict, passes)
		if err != nil {
			return nil, err
		}
		var acc sim.SiteStats
		var series *siteSeriesFiles
		if folder != nil {
			series = newSiteSeriesFiles(ctx, folder, sites, grid, nv, j.Precision)
			defer series.abort()
		}
		prog := env.progress("compare")
		err = sim.StreamSiteSeries(ctx, sources(), grid, sites, model, sim.Exec{Progress: prog.Update}, func(c *sim.SiteResult) error {
			if err := acc.Add(c); err != nil {
				return err
			}
			if series != nil {
				return series.add(c, grid)
			}
			return nil
		})
		prog.Done()
		if err != nil {
			return nil, err
		}
		if rep.cmps, err = acc.Comparisons(); err != nil {
			return nil, err
		}
		if err := out.Write(ctx, env.Stdout, func(w io.Writer) error { return rep.write(w, j.Format) }); err != nil {
			return nil, err
		}
		files.add(out)
		if folder != nil {
			if err := rep.writeSiteFolder(ctx, folder, series, sources, model); err != nil {
				return files, err
			}
		}
	}
	if folder != nil {
		if err := folder.Commit(); err != nil {
			return files, err
		}
		for _, f := range folder.Written() {
			files = append(files, folder.File(f))
		}
	}
	return files, nil
}

// write writes the report in format f.
func (r *compareReport) write(w io.Writer, f output.Format) error {
	switch f {
	case output.CSV:
		return r.writeCSV(w)
	case output.JSON:
		return r.writeJSON(w)
	}
	return r.writeText(w)
}

// statsColumns are the columns of the text table of one comparison.
var statsColumns = []output.Column{{Name: "variant"}, {Name: "mean vis", Kind: output.Number, Decimals: 1},
	{Name: "min vis", Kind: output.Int}, {Name: "mean PDOP", Kind: output.Number, Decimals: 2},
	{Name: "p95 PDOP", Kind: output.Number, Decimals: 2}, {Name: "avail %", Kind: output.Number, Decimals: 2}}

// regionLonText writes a region's longitude edges, e.g. "100°E to 100°W",
// or "all longitudes from 0°" for a region around the globe.
func regionLonText(g *sim.GridSpec) string {
	if g.LonMaxDeg-g.LonMinDeg >= 360 {
		return "all longitudes from " + LonText(g.LonMinDeg, -1) + " eastward"
	}
	return LonText(g.LonMinDeg, -1) + " to " + LonText(g.LonMaxDeg, -1)
}

// writeText writes the human report.
func (r *compareReport) writeText(w io.Writer) error {
	j := r.j
	names := make([]string, len(r.ds.Systems))
	for i, s := range r.ds.Systems {
		names[i] = s.Title()
	}
	title := names[0]
	if n := len(names); n > 1 {
		title = strings.Join(names[:n-1], ", ") + " and " + names[n-1] + ", alone and combined,"
	}
	where := fmt.Sprintf("at %d sites", len(r.sites))
	if len(r.sites) == 1 {
		where = "at 1 site"
	}
	if r.region != nil {
		where = "over a region"
	}
	g := r.grid
	fmt.Fprintf(w, "%s %s\n", title, where)
	fmt.Fprintf(w, "period %s to %s (%s, step %s, %d epochs); %s; %s; available when PDOP ≤ %s\n",
		output.FormatTime(g.Start), output.FormatTime(g.Time(g.N-1)), FormatDuration(g.Step*time.Duration(g.N-1)),
		FormatDuration(g.Step), g.N, j.MaskText(), j.ClockText(), output.G(j.pdopMax()))
	fmt.Fprintf(w, "%s: %s (%s)\n", sourceKindText(r.ds), sourceText(r.ds), countText(r.ds))
	for i, c := range r.cmps {
		var head string
		if rg := r.region; rg != nil {
			head = fmt.Sprintf("\nregion %s to %s, %s: %s° cells, %d cells (each weighs the same)",
				LatText(rg.LatMinDeg, -1), LatText(rg.LatMaxDeg, -1), regionLonText(rg), output.G(rg.CellDeg), r.cells)
		} else {
			s := r.sites[i]
			head = fmt.Sprintf("\n%s: %s, %s m", s.Name, LatLonText(s.LatDeg, s.LonDeg, 2), output.G(s.HeightM))
		}
		tw, err := output.NewWriter(w, output.Text, r.prec, &output.Table{Columns: statsColumns, Head: []string{head}, Indent: "  "})
		if err != nil {
			return err
		}
		for _, st := range c.Stats {
			tw.Str(figure.VariantTitle(st.Variant))
			tw.Num(st.MeanVisible)
			tw.Int(st.MinVisible)
			tw.Num(st.MeanPDOP)
			tw.Num(st.P95PDOP)
			tw.Num(100 * st.Availability)
			if err := tw.End(); err != nil {
				return err
			}
		}
		var foot []string
		if im := c.Improvement; im != nil {
			ratio := "n/a"
			if !math.IsNaN(im.MeanPDOPRatio) {
				ratio = r.prec.Num(im.MeanPDOPRatio, 2)
			}
			gain := r.prec.Num(100*im.AvailabilityGain, 2)
			if !strings.HasPrefix(gain, "-") {
				gain = "+" + gain
			}
			foot = append(foot, fmt.Sprintf("  %s vs the best single system: availability %s pp (vs %s), mean PDOP ratio %s (%s ÷ combined)",
				figure.VariantTitle(c.Stats[len(c.Stats)-1].Variant), gain, figure.VariantTitle(im.BestAvailability),
				ratio, figure.VariantTitle(im.BestPDOP)))
		}
		if err := tw.Close(nil, foot...); err != nil {
			return err
		}
	}
	what := "epochs"
	if r.region != nil {
		what = "cell-epochs"
	}
	fmt.Fprintf(w, "\navail %%: share of the %s with PDOP ≤ %s. p95: 95th percentile (nearest rank) of PDOP over the %s where it is available.\n", what, output.G(j.pdopMax()), what)
	if len(r.ds.Systems) > 1 {
		fmt.Fprintf(w, "mean PDOP ratio: the best single system's mean PDOP ÷ the combination's (> 1: the combination is better).\n")
	}
	return nil
}

// sourceKindText names the kind of inputs.
func sourceKindText(ds *dataset.Dataset) string {
	switch ds.Kind {
	case dataset.Broadcast:
		return "broadcast navigation"
	case dataset.Precise:
		return "precise orbits (SP3)"
	}
	return "element sets"
}

// sourceText names where the element sets came from.
func sourceText(ds *dataset.Dataset) string {
	if ds.IsBuiltin() {
		return "built-in CelesTrak snapshot " + ephemeris.BuiltinSnapshot
	}
	return strings.Join(firstN(ds.Sources, 4), ", ")
}

// countText is e.g. "GLONASS 24, BeiDou 45 satellites".
func countText(ds *dataset.Dataset) string {
	parts := make([]string, len(ds.Systems))
	for i, s := range ds.Systems {
		parts[i] = fmt.Sprintf("%s %d", s.Title(), ds.Count(s))
	}
	return strings.Join(parts, ", ") + " satellites"
}

func firstN(s []string, n int) []string {
	if len(s) <= n {
		return s
	}
	out := append([]string{}, s[:n]...)
	return append(out, fmt.Sprintf("and %d more", len(s)-n))
}

// CSV columns of the summary.
func (r *compareReport) csvColumns() []output.Column {
	num := func(name string, dec int) output.Column {
		return output.Column{Name: name, Kind: output.Number, Decimals: dec}
	}
	var head []output.Column
	if r.region != nil {
		head = []output.Column{num("lat_min_deg", 4), num("lat_max_deg", 4), num("lon_min_deg", 4), num("lon_max_deg", 4), num("cell_deg", 4),
			{Name: "cells", Kind: output.Int}, {Name: "variant"}, {Name: "cell_epochs", Kind: output.Int}, {Name: "pdop_cell_epochs", Kind: output.Int}}
	} else {
		head = []output.Column{{Name: "site"}, num("lat_deg", 4), {Name: "lon_deg", Kind: output.Number, Decimals: 4, Wrap: output.Longitude}, num("height_m", 1),
			{Name: "variant"}, {Name: "epochs", Kind: output.Int}, {Name: "pdop_epochs", Kind: output.Int}}
	}
	return append(head, num("mean_visible", 3), output.Column{Name: "min_visible", Kind: output.Int}, num("mean_pdop", 3), num("p50_pdop", 3), num("p95_pdop", 3),
		num("availability_pct", 3), num("availability_gain_pp", 3), output.Column{Name: "gain_vs"}, num("mean_pdop_ratio", 3), output.Column{Name: "ratio_vs"})
}

func (r *compareReport) writeCSV(w io.Writer) error {
	tw, err := output.NewWriter(w, output.CSV, r.prec, &output.Table{Columns: r.csvColumns()})
	if err != nil {
		return err
	}
	for i, c := range r.cmps {
		for v, st := range c.Stats {
			if g := r.region; g != nil {
				tw.Num(g.LatMinDeg)
				tw.Num(g.LatMaxDeg)
				tw.Num(g.LonMinDeg)
				tw.Num(g.LonMaxDeg)
				tw.Num(g.CellDeg)
				tw.Int(r.cells)
			} else {
				s := r.sites[i]
				tw.Str(s.Name)
				tw.Num(s.LatDeg)
				tw.Num(s.LonDeg)
				tw.Num(s.HeightM)
			}
			tw.Str(st.Variant)
			tw.Int(st.Epochs)
			tw.Int(st.PDOPEpochs)
			tw.Num(st.MeanVisible)
			tw.Int(st.MinVisible)
			tw.Num(st.MeanPDOP)
			tw.Num(st.P50PDOP)
			tw.Num(st.P95PDOP)
			tw.Num(100 * st.Availability)
			if im := c.Improvement; im != nil && v == len(c.Stats)-1 {
				tw.Num(100 * im.AvailabilityGain)
				tw.Str(im.BestAvailability)
				tw.Num(im.MeanPDOPRatio)
				tw.Str(im.BestPDOP)
			} else {
				tw.Empty()
				tw.Empty()
				tw.Empty()
				tw.Empty()
			}
			if err := tw.End(); err != nil {
				return err
			}
		}
	}
	return tw.Close(nil)
}

// JSON document of compare.
type (
	compareJSONVariant struct {
		Variant         string            `json:"variant"`
		Epochs          int               `json:"epochs"`
		PDOPEpochs      int               `json:"pdop_epochs"`
		MeanVisible     output.JSONNumber `json:"mean_visible"`
		MinVisible      int               `json:"min_visible"`
		MeanPDOP        output.JSONNumber `json:"mean_pdop"`
		P50PDOP         output.JSONNumber `json:"p50_pdop"`
		P95PDOP         output.JSONNumber `json:"p95_pdop"`
		AvailabilityPct output.JSONNumber `json:"availability_pct"`
	}
	compareJSONGain struct {
		Variant            string            `json:"variant"`
		AvailabilityGainPP output.JSONNumber `json:"availability_gain_pp"`
		GainVs             string            `json:"gain_vs"`
		MeanPDOPRatio      output.JSONNumber `json:"mean_pdop_ratio"`
		RatioVs            string            `json:"ratio_vs"`
	}
	compareJSONComparison struct {
		Name        string               `json:"name"`
		Variants    []compareJSONVariant `json:"variants"`
		Combination *compareJSONGain     `json:"combination,omitempty"`
	}
)

func (r *compareReport) jsonComparison(c sim.Comparison) compareJSONComparison {
	p := r.prec
	out := compareJSONComparison{Name: c.Name}
	for _, st := range c.Stats {
		out.Variants = append(out.Variants, compareJSONVariant{
			Variant: st.Variant, Epochs: st.Epochs, PDOPEpochs: st.PDOPEpochs,
			MeanVisible: p.JSON(st.MeanVisible, 3), MinVisible: st.MinVisible,
			MeanPDOP: p.JSON(st.MeanPDOP, 3), P50PDOP: p.JSON(st.P50PDOP, 3), P95PDOP: p.JSON(st.P95PDOP, 3),
			AvailabilityPct: p.JSON(100*st.Availability, 3),
		})
	}
	if im := c.Improvement; im != nil {
		out.Combination = &compareJSONGain{
			Variant:            c.Stats[len(c.Stats)-1].Variant,
			AvailabilityGainPP: p.JSON(100*im.AvailabilityGain, 3), GainVs: im.BestAvailability,
			MeanPDOPRatio: p.JSON(im.MeanPDOPRatio, 3), RatioVs: im.BestPDOP,
		}
	}
	return out
}

func (r *compareReport) writeJSON(w io.Writer) error {
	r.run.Precision = r.prec.String()
	doc := struct {
		Run         *output.Provenance      `json:"run"`
		Comparisons []compareJSONComparison `json:"comparisons"`
	}{Run: r.run}
	for _, c := range r.cmps {
		doc.Comparisons = append(doc.Comparisons, r.jsonComparison(c))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

// siteSeriesFiles writes compare's dop-SITE.csv files while the series is
// computed, and keeps PDOP and visible counts for the figures.
type siteSeriesFiles struct {
	ctx    context.Context
	folder *output.Folder
	keys   []string
	prec   output.Precision
	grid   orbit.EpochGrid
	nv     int
	files  []*pipeFile
	pdop   [][]float64 // site*nv + variant → epochs
	nvis   [][]float64
}

func newSiteSeriesFiles(ctx context.Context, folder *output.Folder, sites []sim.Site, grid orbit.EpochGrid, nv int, prec output.Precision) *siteSeriesFiles {
	s := &siteSeriesFiles{ctx: ctx, folder: folder, keys: FileKeys(sites), prec: prec, grid: grid, nv: nv}
	s.pdop, s.nvis = make([][]float64, len(sites)*nv), make([][]float64, len(sites)*nv)
	for i := range s.pdop {
		s.pdop[i], s.nvis[i] = make([]float64, grid.N), make([]float64, grid.N)
	}
	return s
}

// seriesColumns are the columns of dop-SITE.csv.
func seriesColumns(c *sim.SiteResult) []output.Column {
	cols := []output.Column{{Name: "site"}, {Name: "time_utc"}, {Name: "n_visible", Kind: output.Int}}
	for _, s := range c.Systems {
		cols = append(cols, output.Column{Name: "n_" + s.String(), Kind: output.Int})
	}
	for _, v := range c.Variants {
		key := strings.ReplaceAll(v.Name, "+", "_")
		for _, q := range []string{"gdop", "pdop", "hdop", "vdop", "tdop"} {
			cols = append(cols, output.Column{Name: q + "_" + key, Kind: output.Number, Decimals: 3})
		}
	}
	return cols
}

// add writes a chunk's rows to every site's file.
func (s *siteSeriesFiles) add(c *sim.SiteResult, grid orbit.EpochGrid) error {
	if s.files == nil {
		cols := seriesColumns(c)
		for i := range c.Sites {
			pf, err := startPipeFile(s.ctx, s.folder, "dop-"+s.keys[i]+".csv", s.prec, &output.Table{Columns: cols})
			if err != nil {
				return err
			}
			s.files = append(s.files, pf)
		}
	}
	k0 := int(c.Grid.Start.Sub(grid.Start) / grid.Step)
	last := len(c.Variants) - 1
	for i, site := range c.Sites {
		tw := s.files[i].tw
		for k := 0; k < c.Grid.N; k++ {
			tw.Str(site.Name)
			tw.Str(output.FormatTime(c.Grid.Time(k)))
			tw.Int(c.At(i, k, last).NVisible)
			for _, sys := range c.Systems {
				tw.Int(c.NVisible(i, k, sys))
			}
			for v := range c.Variants {
				d := c.At(i, k, v)
				tw.Num(d.GDOP)
				tw.Num(d.PDOP)
				tw.Num(d.HDOP)
				tw.Num(d.VDOP)
				tw.Num(d.TDOP)
				s.pdop[i*s.nv+v][k0+k], s.nvis[i*s.nv+v][k0+k] = d.PDOP, float64(d.NVisible)
			}
			if err := tw.End(); err != nil {
				return err
			}
		}
	}
	return nil
}

// finish closes every file.
func (s *siteSeriesFiles) finish() error {
	for _, f := range s.files {
		if err := f.finish(); err != nil {
			return err
		}
	}
	return nil
}

func (s *siteSeriesFiles) abort() {
	for _, f := range s.files {
		f.abort()
	}
}

// writeSiteFolder writes compare.txt, compare.csv and per site
// dop-SITE.csv (streamed during the evaluation), dop-SITE.png and
// skyplot-SITE.png.
func (r *compareReport) writeSiteFolder(ctx context.Context, folder *output.Folder, series *siteSeriesFiles, sources func() sim.Source, model sim.Model) error {
	if err := folder.Write(ctx, "compare.txt", func(w io.Writer) error { return r.writeText(w) }); err != nil {
		return err
	}
	if err := folder.Write(ctx, "compare.csv", func(w io.Writer) error { return r.writeCSV(w) }); err != nil {
		return err
	}
	if err := series.finish(); err != nil {
		return err
	}
	j := r.j
	times := figure.Times(r.grid)
	variants := model.Variants()
	for i, site := range r.sites {
		var dop, vis []plot.Series
		for v, vr := range variants {
			name := figure.VariantTitle(vr.Name)
			dop = append(dop, plot.Series{Name: name, Times: times, Values: series.pdop[i*series.nv+v]})
			vis = append(vis, plot.Series{Name: name, Times: times, Values: series.nvis[i*series.nv+v]})
		}
		opt := plot.DOPAndVisibleOptions{
			Title:  fmt.Sprintf("%s: PDOP and visible satellites, %s, %s, %s", site.Name, figure.PeriodShort(r.grid), j.MaskText(), j.ClockText()),
			MaxDOP: math.Max(plot.DefaultMaxDOP, j.pdopMax()),
		}
		if err := folder.Write(ctx, "dop-"+series.keys[i]+".png", func(w io.Writer) error { return plot.DOPAndVisible(w, plot.PNG, dop, vis, opt) }); err != nil {
			return err
		}
		src := sources()
		st, err := sim.SkyTracks(ctx, src, r.grid, site, model, sim.SkyOptions{})
		if err != nil {
			return err
		}
		tracks, po := figure.SkyPlot(st, src.Satellites(), j.Mask, fmt.Sprintf("Sky of %s, %s, %s", site.Name, figure.PeriodShort(r.grid), j.MaskText()))
		if err := folder.Write(ctx, "skyplot-"+series.keys[i]+".png", func(w io.Writer) error { return plot.SkyPlot(w, plot.PNG, tracks, po) }); err != nil {
			return err
		}
	}
	return nil
}

// writeRegionFolder writes compare.txt, compare.csv, region-cells.csv and
// the per-variant maps.
func (r *compareReport) writeRegionFolder(ctx context.Context, env *Env, folder *output.Folder, m *sim.CoverageMap) error {
	if err := folder.Write(ctx, "compare.txt", func(w io.Writer) error { return r.writeText(w) }); err != nil {
		return err
	}
	if err := folder.Write(ctx, "compare.csv", func(w io.Writer) error { return r.writeCSV(w) }); err != nil {
		return err
	}
	layers := []sim.CoverageStats{m.CoverageStats}
	if len(m.Systems) > 1 {
		layers = append(append([]sim.CoverageStats(nil), m.PerSystem...), m.CoverageStats)
	}
	cols := []output.Column{{Name: "variant"}, {Name: "lat_deg", Kind: output.Number, Decimals: 4}, {Name: "lon_deg", Kind: output.Number, Decimals: 4, Wrap: output.Longitude},
		{Name: "mean_visible", Kind: output.Number, Decimals: 3}, {Name: "min_visible", Kind: output.Int}, {Name: "max_visible", Kind: output.Int},
		{Name: "mean_pdop", Kind: output.Number, Decimals: 3}, {Name: "max_pdop", Kind: output.Number, Decimals: 3}, {Name: "availability_pct", Kind: output.Number, Decimals: 3}}
	err := folder.Write(ctx, "region-cells.csv", func(w io.Writer) error {
		tw, err := output.NewWriter(w, output.CSV, r.prec, &output.Table{Columns: cols})
		if err != nil {
			return err
		}
		for _, l := range layers {
			for i := 0; i < m.NLat; i++ {
				for j := 0; j < m.NLon; j++ {
					c := i*m.NLon + j
					tw.Str(l.Name)
					tw.Num(m.LatDeg[i])
					tw.Num(m.LonDeg[j])
					tw.Num(l.MeanVisible[c])
					tw.Int(l.MinVisible[c])
					tw.Int(l.MaxVisible[c])
					tw.Num(l.MeanPDOP[c])
					tw.Num(l.MaxPDOP[c])
					tw.Num(100 * l.Availability[c])
					if err := tw.End(); err != nil {
						return err
					}
				}
			}
		}
		return tw.Close(nil)
	})
	if err != nil {
		return err
	}
	region := figure.Region(m.Grid)
	j := r.j
	pLo, pHi, aLo := figure.MapScales(layers, j.pdopMax())
	period := figure.PeriodShort(r.grid)
	for _, l := range layers {
		key := strings.ReplaceAll(l.Name, "+", "_")
		title := figure.VariantTitle(l.Name)
		avail := make([]float64, len(l.Availability))
		for c, a := range l.Availability {
			avail[c] = 100 * a
		}
		pOpt := plot.MapOptions{Title: fmt.Sprintf("%s mean PDOP, %s, %s, %s", title, period, j.MaskText(), j.ClockText()),
			Label: "mean PDOP", Region: region, ValueMin: pLo, ValueMax: pHi, ReverseColors: true}
		aOpt := plot.MapOptions{Title: fmt.Sprintf("%s availability (PDOP ≤ %s), %s, %s, %s", title, output.G(j.pdopMax()), period, j.MaskText(), j.ClockText()),
			Label: "availability %", Region: region, ValueMin: aLo, ValueMax: 100}
		pd := figure.Layer(m, l.MeanPDOP)
		av := figure.Layer(m, avail)
		if err := folder.Write(ctx, "pdop-"+key+".png", func(w io.Writer) error { return plot.CoverageMap(w, plot.PNG, pd, pOpt) }); err != nil {
			return err
		}
		if err := folder.Write(ctx, "availability-"+key+".png", func(w io.Writer) error { return plot.CoverageMap(w, plot.PNG, av, aOpt) }); err != nil {
			return err
		}
	}
	return nil
}

// pipeFile is a table streamed into a file of a folder.
type pipeFile struct {
	folder *output.Folder
	name   string
	af     *atomicfile.File
	tw     *output.Writer
}

func startPipeFile(ctx context.Context, folder *output.Folder, name string, p output.Precision, t *output.Table) (*pipeFile, error) {
	af, err := folder.Create(name)
	if err != nil {
		return nil, err
	}
	tw, err := output.NewWriter(af, output.CSV, p, t)
	if err != nil {
		af.Abort()
		return nil, err
	}
	return &pipeFile{folder: folder, name: name, af: af, tw: tw}, nil
}

// finish closes the table and publishes the file.
func (f *pipeFile) finish() error {
	if err := f.tw.Close(nil); err != nil {
		f.af.Abort()
		return err
	}
	if err := f.af.Commit(); err != nil {
		return err
	}
	f.folder.Done(f.name)
	return nil
}

func (f *pipeFile) abort() { f.af.Abort() }
