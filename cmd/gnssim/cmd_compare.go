package main

// gnssim compare: each system alone and combined, side by side, at sites
// (sim.SiteSeries + sim.CompareSites) or over a region (sim.Coverage with
// PerSystem + sim.CompareRegion). The helpers prefixed cmp are also used by
// the skyplot and groundtrack commands (cmd_skyplot.go, cmd_groundtrack.go).

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/atomicfile"
	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/dataset"
	"github.com/gnssim/gnssim/sim/plot"
)

const cmpDescription = `Compare each selected system alone and all of them combined, side by side:
per site (or over a region), the mean and minimum number of visible
satellites, the mean and 95th-percentile PDOP, the availability (share of
epochs with PDOP ≤ --pdop-max) and the gain of the combination over the best
single system (availability in percentage points; mean-PDOP ratio = best
single system's mean PDOP ÷ the combination's, > 1 when the combination is
better).

Sites: --site NAME|LAT,LON[,HEIGHT_M] (repeatable). Region: --region
LATMIN,LATMAX,LONMIN,LONMAX (degrees, edges on the --grid lines) with --grid
DEG cells; every cell weighs the same, the minimum is over all cells and
epochs, and the region's percentiles come from a PDOP histogram with 0.01 bins
(at most 0.01 above the exact value).

--format table (default) prints a readable report; csv prints the summary
(compare.csv below); json prints one document with the same numbers (null for
an unavailable PDOP).

--out DIR writes (atomically, creating DIR):
  compare.txt        the report as printed with --format table
  compare.csv        the summary, one row per site (or the region) and variant:
                     sites:  site,lat_deg,lon_deg,height_m,variant,epochs,pdop_epochs,
                     region: lat_min_deg,lat_max_deg,lon_min_deg,lon_max_deg,cell_deg,cells,
                             variant,cell_epochs,pdop_cell_epochs,
                     then:   mean_visible,min_visible,mean_pdop,p50_pdop,p95_pdop,
                             availability_pct,availability_gain_pp,gain_vs,
                             mean_pdop_ratio,ratio_vs
                     (the last four only on the combination's row, empty otherwise)
  dop-SITE.csv       per site, one row per epoch: site,time_utc,n_visible (all
                     selected systems), n_<system> per system, then one DOP set
                     gdop_<v>,pdop_<v>,hdop_<v>,vdop_<v>,tdop_<v> per variant v
                     (each system alone, then the combination, e.g. glonass_beidou)
  dop-SITE.png       PDOP and visible satellites, each system alone and combined
  skyplot-SITE.png   the site's sky tracks over the period
  region-cells.csv   (region) variant,lat_deg,lon_deg,mean_visible,min_visible,
                     max_visible,mean_pdop,max_pdop,availability_pct per cell
  pdop-<v>.png, availability-<v>.png  (region) maps per variant
Numbers: DOP and visible-count means 3 decimals, percentages 3 decimals,
angles 4 decimals, NaN where the PDOP is unavailable.`

const cmpExample = `gnssim compare --site beijing --site moscow
gnssim compare --site moscow --duration 7d --step 5m --out moscow-week
gnssim compare --region 20,60,70,140 --grid 5 --format csv`

// cmpMaxBytes bounds the memory a visualisation or comparison run may plan
// for before --force is needed.
const cmpMaxBytes = 2 << 30

// cmpMaxCellEpochs bounds the work of a region comparison before --force is
// needed: the coverage engine evaluates about 10 million cell-epochs per
// second per core (GLONASS+BeiDou, measured on the built-in data).
const cmpMaxCellEpochs = 1e10

func runCompare(ctx context.Context, e *env, args []string) error {
	var (
		in                    inputOptions
		tm                    timeOptions
		mk                    maskOptions
		sites                 []string
		region, clock, format string
		weighting             string
		output, outDir        string
		gridDeg, pdopMax      float64
		force                 bool
	)
	fs := newFlagSet("compare", "gnssim compare (--site SITE... | --region LATMIN,LATMAX,LONMIN,LONMAX) [flags]", cmpDescription, cmpExample)
	fs.StringArrayVar(&sites, "site", nil, "receiver site: a city name (e.g. beijing), LAT,LON[,HEIGHT_M] or NAME=LAT,LON[,HEIGHT_M]; repeatable")
	fs.StringVar(&region, "region", "", "compare over a region instead of sites: LATMIN,LATMAX,LONMIN,LONMAX in degrees (east-positive)")
	fs.Float64Var(&gridDeg, "grid", 5, "cell size of the --region grid, degrees (must divide 180)")
	tm.register(fs, "24h", "60s")
	mk.register(fs)
	fs.StringVar(&clock, "clock", "per-system", "receiver clock model of the combination: per-system (inter-system biases unknown) or common")
	fs.StringVar(&weighting, "weighting", "none", "observation weighting: none, or elevation (variance ∝ 1/sin²el)")
	fs.Float64Var(&pdopMax, "pdop-max", 6, "availability threshold: an epoch is available when PDOP ≤ this")
	in.register(fs)
	fs.StringVar(&format, "format", "", "report format: table, csv or json (default table; with -o FILE.csv or FILE.json, the file's format)")
	fs.StringVarP(&output, "output", "o", "", "write the report to FILE (atomically) instead of stdout")
	fs.StringVar(&outDir, "out", "", "also write the CSVs and plots into folder DIR (created if needed)")
	fs.BoolVar(&force, "force", false, "run even if it needs more than 2 GiB of memory or, for a region, more than 1e10 cell-epochs")
	if err := fs.parse(e, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q (sites are given with --site)", fs.Arg(0))
	}
	format = strings.ToLower(strings.TrimSpace(format))
	if format == "" {
		// The report to stdout, or in the format named by -o's extension.
		format = "table"
		switch strings.ToLower(filepath.Ext(output)) {
		case ".csv":
			format = "csv"
		case ".json":
			format = "json"
		}
	}
	if format != "table" && format != "csv" && format != "json" {
		return usagef("--format %q: want table, csv or json", format)
	}
	if (len(sites) == 0) == (region == "") {
		if region != "" {
			return usagef("give either --site or --region, not both")
		}
		return usagef("give at least one --site (e.g. --site beijing --site moscow) or a --region LATMIN,LATMAX,LONMIN,LONMAX")
	}
	var siteList []sim.Site
	var grid sim.GridSpec
	if region != "" {
		var err error
		if grid, err = cmpParseRegion(region, gridDeg); err != nil {
			return err
		}
	} else {
		var err error
		if siteList, err = cmpParseSites(sites); err != nil {
			return err
		}
	}
	clockModel, err := sim.ParseClockModel(clock)
	if err != nil {
		return usagef("--clock: %v", err)
	}
	weightModel, err := sim.ParseWeighting(weighting)
	if err != nil {
		return usagef("--weighting: %v", err)
	}
	if !(pdopMax > 0) || math.IsInf(pdopMax, 0) {
		return usagef("--pdop-max %g: want a positive number such as 6", pdopMax)
	}
	if _, err := tm.grid(time.Time{}); err != nil {
		return err
	}
	mask, err := mk.mask()
	if err != nil {
		return err
	}
	if output != "" {
		if err := cmpCheckWritable("-o", output); err != nil {
			return err
		}
	}
	if outDir != "" {
		if err := cmpMakeOutDir(outDir); err != nil {
			return err
		}
	}

	ds, err := loadDataset(e, &in, cmpIdentifyAt(tm))
	if err != nil {
		return err
	}
	eg, err := tm.grid(ds.Newest)
	if err != nil {
		return err
	}
	if eg.N == 0 {
		return usagef("the period has no epochs")
	}
	need := cmpEphemerisBytes(len(ds.Selected), eg.N)
	if region == "" {
		// SiteSeries: one sim.DOP (56 bytes) per site, epoch and variant;
		// --out adds the sky tracks (16 bytes per satellite and epoch).
		nv := len(ds.Systems)
		if nv > 1 {
			nv++
		}
		need += int64(len(siteList)) * int64(eg.N) * int64(nv) * 56
		if outDir != "" {
			need += int64(len(ds.Selected)) * int64(eg.N) * 16
		}
	}
	if region != "" {
		// Coverage keeps about 128 bytes of statistics per cell and variant.
		nLat, nLon := grid.Dims()
		cells := int64(nLat) * int64(nLon)
		need += cells * int64(len(ds.Systems)+1) * 128
		if work := cells * int64(eg.N); work > cmpMaxCellEpochs && !force {
			return usagef("--region %s at --grid %g for %d epochs is %.2g cell-epochs (limit %.0g, about 10 minutes on 2 cores): use a larger --grid or --step, a shorter --duration, or --force",
				region, gridDeg, eg.N, float64(work), float64(cmpMaxCellEpochs))
		}
	}
	if err := cmpCheckMemory(need, force, tm); err != nil {
		return err
	}
	warnStale(e, ds, eg.Start, eg.Time(eg.N-1))
	cmpWarnMissingSystems(e, ds)
	eph, err := propagate(ctx, e, ds, eg, in.strict)
	if err != nil {
		return err
	}

	opt := sim.Model{Systems: ds.Systems, Mask: mask, Clock: clockModel, Weighting: weightModel, PDOPMax: pdopMax}
	rep := &cmpReport{
		grid: eg, mask: mask, maskFile: mk.file, clock: clockModel, weighting: weightModel, pdopMax: pdopMax,
		systems: ds.Systems, ds: ds,
	}
	var series *sim.SiteResult
	var cov *sim.CoverageMap
	if region == "" {
		series, err = sim.SiteSeries(ctx, eph, eph.Grid, siteList, opt, sim.Exec{})
		if err != nil {
			return err
		}
		rep.sites = siteList
		if rep.cmps, err = sim.CompareSites(series); err != nil {
			return err
		}
	} else {
		p := newProgress(e, "compare")
		cov, err = sim.Coverage(ctx, eph, eph.Grid, grid, opt, sim.CoverageOptions{Exec: sim.Exec{Progress: p.Update}, PerSystem: true})
		p.Done()
		if err != nil {
			return err
		}
		c, err := sim.CompareRegion(cov)
		if err != nil {
			return err
		}
		rep.region, rep.cells = &grid, cov.NLat*cov.NLon
		rep.cmps = []sim.Comparison{c}
	}

	if err := cmpEmit(ctx, e, output, func(w io.Writer) error { return rep.write(w, format) }); err != nil {
		return err
	}
	if outDir == "" {
		return nil
	}
	var written []string
	if region == "" {
		written, err = cmpWriteSiteOutputs(ctx, outDir, rep, series, eph, opt)
	} else {
		written, err = cmpWriteRegionOutputs(ctx, e, outDir, rep, cov)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "wrote %d files to %s: %s\n", len(written), outDir, strings.Join(written, ", "))
	return nil
}

// cmpReport is what compare prints: the run's parameters and a comparison
// per site (or one for the region).
type cmpReport struct {
	grid      orbit.EpochGrid
	mask      sim.Mask
	maskFile  string
	clock     sim.ClockModel
	weighting sim.Weighting
	pdopMax   float64
	systems   []ephemeris.System
	ds        *dataset.Dataset
	sites     []sim.Site    // sites mode
	region    *sim.GridSpec // region mode
	cells     int           // region mode
	cmps      []sim.Comparison
}

// clockText is the clock model, with the weighting when it is not the default.
func (r *cmpReport) clockText() string {
	if r.weighting == sim.WeightNone {
		return r.clock.String()
	}
	return r.clock.String() + ", " + r.weighting.String() + " weighting"
}

func (r *cmpReport) write(w io.Writer, format string) error {
	switch format {
	case "csv":
		return r.writeCSV(w)
	case "json":
		return r.writeJSON(w)
	}
	return r.writeTable(w)
}

// writeTable writes the human-readable report.
func (r *cmpReport) writeTable(w io.Writer) error {
	bw := bufio.NewWriter(w)
	names := make([]string, len(r.systems))
	for i, s := range r.systems {
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
	fmt.Fprintf(bw, "%s %s\n", title, where)
	fmt.Fprintf(bw, "period %s to %s (%s, step %s, %d epochs); %s; clock %s; available when PDOP ≤ %s\n",
		formatTimeUTC(r.grid.Start), formatTimeUTC(r.grid.Time(r.grid.N-1)), cmpDuration(r.grid.Step*time.Duration(r.grid.N-1)),
		cmpDuration(r.grid.Step), r.grid.N, cmpMaskText(r.mask, r.maskFile), r.clockText(), cmpG(r.pdopMax))
	fmt.Fprintf(bw, "element sets: %s (%s)\n", cmpSourceText(r.ds), cmpCountText(r.ds))
	for i, c := range r.cmps {
		fmt.Fprintln(bw)
		if r.region != nil {
			g := r.region
			fmt.Fprintf(bw, "region %s to %s, %s to %s: %s° cells, %d cells (each weighs the same)\n",
				cmpLat(g.LatMinDeg, -1), cmpLat(g.LatMaxDeg, -1), cmpLon(g.LonMinDeg, -1), cmpLon(g.LonMaxDeg, -1), cmpG(g.CellDeg), r.cells)
		} else {
			s := r.sites[i]
			fmt.Fprintf(bw, "%s: %s %s, %s m\n", s.Name, cmpLat(s.LatDeg, 2), cmpLon(s.LonDeg, 2), cmpG(s.HeightM))
		}
		cmpWriteStatsTable(bw, c)
	}
	fmt.Fprintln(bw)
	what := "epochs"
	if r.region != nil {
		what = "cell-epochs"
	}
	fmt.Fprintf(bw, "avail %%: share of the %s with PDOP ≤ %s. p95: 95th percentile (nearest rank) of PDOP over the %s where it is available.\n", what, cmpG(r.pdopMax), what)
	if len(r.systems) > 1 {
		fmt.Fprintf(bw, "mean PDOP ratio: the best single system's mean PDOP ÷ the combination's (> 1: the combination is better).\n")
	}
	return bw.Flush()
}

// cmpWriteStatsTable writes one comparison's variants as aligned columns and
// the gain of the combination.
func cmpWriteStatsTable(w io.Writer, c sim.Comparison) {
	vw := len("variant")
	for _, st := range c.Stats {
		vw = max(vw, len(cmpVariantTitle(st.Variant)))
	}
	fmt.Fprintf(w, "  %-*s  %8s  %7s  %9s  %8s  %7s\n", vw, "variant", "mean vis", "min vis", "mean PDOP", "p95 PDOP", "avail %")
	for _, st := range c.Stats {
		fmt.Fprintf(w, "  %-*s  %8.1f  %7d  %9s  %8s  %7.2f\n", vw, cmpVariantTitle(st.Variant), st.MeanVisible, st.MinVisible,
			cmpTableNum(st.MeanPDOP), cmpTableNum(st.P95PDOP), 100*st.Availability)
	}
	if im := c.Improvement; im != nil {
		ratio := "n/a"
		if !math.IsNaN(im.MeanPDOPRatio) {
			ratio = fmt.Sprintf("%.2f", im.MeanPDOPRatio)
		}
		fmt.Fprintf(w, "  %s vs the best single system: availability %+.2f pp (vs %s), mean PDOP ratio %s (%s ÷ %s)\n",
			cmpVariantTitle(c.Stats[len(c.Stats)-1].Variant), 100*im.AvailabilityGain, cmpVariantTitle(im.BestAvailability),
			ratio, cmpVariantTitle(im.BestPDOP), "combined")
	}
}

func cmpTableNum(v float64) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	return fmt.Sprintf("%.2f", v)
}

// Summary CSV columns (see cmpDescription).
var (
	cmpSiteHead   = []string{"site", "lat_deg", "lon_deg", "height_m", "variant", "epochs", "pdop_epochs"}
	cmpRegionHead = []string{"lat_min_deg", "lat_max_deg", "lon_min_deg", "lon_max_deg", "cell_deg", "cells", "variant", "cell_epochs", "pdop_cell_epochs"}
	cmpStatsHead  = []string{"mean_visible", "min_visible", "mean_pdop", "p50_pdop", "p95_pdop", "availability_pct", "availability_gain_pp", "gain_vs", "mean_pdop_ratio", "ratio_vs"}
)

func (r *cmpReport) writeCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	head := cmpSiteHead
	if r.region != nil {
		head = cmpRegionHead
	}
	cw.Write(append(append([]string{}, head...), cmpStatsHead...))
	for i, c := range r.cmps {
		for v, st := range c.Stats {
			var row []string
			if r.region != nil {
				g := r.region
				row = []string{cmpF(g.LatMinDeg, 4), cmpF(g.LatMaxDeg, 4), cmpF(g.LonMinDeg, 4), cmpF(g.LonMaxDeg, 4), cmpF(g.CellDeg, 4), strconv.Itoa(r.cells)}
			} else {
				s := r.sites[i]
				row = []string{s.Name, cmpF(s.LatDeg, 4), cmpF(s.LonDeg, 4), cmpF(s.HeightM, 1)}
			}
			row = append(row, st.Variant, strconv.Itoa(st.Epochs), strconv.Itoa(st.PDOPEpochs),
				cmpF(st.MeanVisible, 3), strconv.Itoa(st.MinVisible), cmpF(st.MeanPDOP, 3), cmpF(st.P50PDOP, 3), cmpF(st.P95PDOP, 3),
				cmpF(100*st.Availability, 3))
			if im := c.Improvement; im != nil && v == len(c.Stats)-1 {
				row = append(row, cmpF(100*im.AvailabilityGain, 3), im.BestAvailability, cmpF(im.MeanPDOPRatio, 3), im.BestPDOP)
			} else {
				row = append(row, "", "", "", "")
			}
			cw.Write(row)
		}
	}
	cw.Flush()
	return cw.Error()
}

// JSON document of compare.
type (
	cmpJSONDoc struct {
		StartUTC    string         `json:"start_utc"`
		EndUTC      string         `json:"end_utc"`
		StepS       cmpNum         `json:"step_s"`
		Epochs      int            `json:"epochs"`
		Mask        cmpJSONMask    `json:"mask"`
		Clock       string         `json:"clock"`
		Weighting   string         `json:"weighting"`
		PDOPMax     cmpNum         `json:"pdop_max"`
		Systems     []string       `json:"systems"`
		ElementSets cmpJSONSets    `json:"element_sets"`
		Sites       []cmpJSONSite  `json:"sites,omitempty"`
		Region      *cmpJSONRegion `json:"region,omitempty"`
	}
	cmpJSONMask struct {
		ElevationDeg *cmpNum         `json:"elevation_deg,omitempty"`
		File         string          `json:"file,omitempty"`
		Points       []cmpJSONMaskPt `json:"points,omitempty"`
	}
	cmpJSONMaskPt struct {
		AzDeg cmpNum `json:"az_deg"`
		ElDeg cmpNum `json:"el_deg"`
	}
	cmpJSONSets struct {
		Sources    []string          `json:"sources"`
		Digest     string            `json:"sha256"`
		Satellites []cmpJSONSysCount `json:"satellites"`
	}
	cmpJSONSysCount struct {
		System string `json:"system"`
		Count  int    `json:"count"`
	}
	cmpJSONSite struct {
		Name    string `json:"name"`
		LatDeg  cmpNum `json:"lat_deg"`
		LonDeg  cmpNum `json:"lon_deg"`
		HeightM cmpNum `json:"height_m"`
		cmpJSONComparison
	}
	cmpJSONRegion struct {
		LatMinDeg cmpNum `json:"lat_min_deg"`
		LatMaxDeg cmpNum `json:"lat_max_deg"`
		LonMinDeg cmpNum `json:"lon_min_deg"`
		LonMaxDeg cmpNum `json:"lon_max_deg"`
		CellDeg   cmpNum `json:"cell_deg"`
		Cells     int    `json:"cells"`
		cmpJSONComparison
	}
	cmpJSONComparison struct {
		Variants    []cmpJSONStats `json:"variants"`
		Combination *cmpJSONGain   `json:"combination,omitempty"`
	}
	cmpJSONStats struct {
		Variant         string `json:"variant"`
		Epochs          int    `json:"epochs"`
		PDOPEpochs      int    `json:"pdop_epochs"`
		MeanVisible     cmpNum `json:"mean_visible"`
		MinVisible      int    `json:"min_visible"`
		MeanPDOP        cmpNum `json:"mean_pdop"`
		P50PDOP         cmpNum `json:"p50_pdop"`
		P95PDOP         cmpNum `json:"p95_pdop"`
		AvailabilityPct cmpNum `json:"availability_pct"`
	}
	cmpJSONGain struct {
		Variant            string `json:"variant"`
		AvailabilityGainPP cmpNum `json:"availability_gain_pp"`
		GainVs             string `json:"gain_vs"`
		MeanPDOPRatio      cmpNum `json:"mean_pdop_ratio"`
		RatioVs            string `json:"ratio_vs"`
	}
)

func cmpJSONComp(c sim.Comparison) cmpJSONComparison {
	var out cmpJSONComparison
	for _, st := range c.Stats {
		out.Variants = append(out.Variants, cmpJSONStats{
			Variant: st.Variant, Epochs: st.Epochs, PDOPEpochs: st.PDOPEpochs,
			MeanVisible: cmpN(st.MeanVisible, 3), MinVisible: st.MinVisible,
			MeanPDOP: cmpN(st.MeanPDOP, 3), P50PDOP: cmpN(st.P50PDOP, 3), P95PDOP: cmpN(st.P95PDOP, 3),
			AvailabilityPct: cmpN(100*st.Availability, 3),
		})
	}
	if im := c.Improvement; im != nil {
		out.Combination = &cmpJSONGain{
			Variant:            c.Stats[len(c.Stats)-1].Variant,
			AvailabilityGainPP: cmpN(100*im.AvailabilityGain, 3), GainVs: im.BestAvailability,
			MeanPDOPRatio: cmpN(im.MeanPDOPRatio, 3), RatioVs: im.BestPDOP,
		}
	}
	return out
}

func (r *cmpReport) writeJSON(w io.Writer) error {
	doc := cmpJSONDoc{
		StartUTC: formatTimeUTC(r.grid.Start), EndUTC: formatTimeUTC(r.grid.Time(r.grid.N - 1)),
		StepS: cmpN(r.grid.Step.Seconds(), -1), Epochs: r.grid.N,
		Mask: cmpMaskJSON(r.mask, r.maskFile), Clock: r.clock.String(), Weighting: r.weighting.String(), PDOPMax: cmpN(r.pdopMax, -1),
		ElementSets: cmpJSONSets{Sources: r.ds.Sources, Digest: r.ds.Digest},
	}
	for _, s := range r.systems {
		doc.Systems = append(doc.Systems, s.String())
		doc.ElementSets.Satellites = append(doc.ElementSets.Satellites, cmpJSONSysCount{s.String(), cmpCount(r.ds, s)})
	}
	if r.region != nil {
		g := r.region
		doc.Region = &cmpJSONRegion{
			LatMinDeg: cmpN(g.LatMinDeg, 4), LatMaxDeg: cmpN(g.LatMaxDeg, 4), LonMinDeg: cmpN(g.LonMinDeg, 4), LonMaxDeg: cmpN(g.LonMaxDeg, 4),
			CellDeg: cmpN(g.CellDeg, 4), Cells: r.cells, cmpJSONComparison: cmpJSONComp(r.cmps[0]),
		}
	} else {
		for i, s := range r.sites {
			doc.Sites = append(doc.Sites, cmpJSONSite{Name: s.Name, LatDeg: cmpN(s.LatDeg, 4), LonDeg: cmpN(s.LonDeg, 4),
				HeightM: cmpN(s.HeightM, 1), cmpJSONComparison: cmpJSONComp(r.cmps[i])})
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

func cmpMaskJSON(m sim.Mask, file string) cmpJSONMask {
	if len(m.Azimuth) == 0 {
		v := cmpN(m.ElevationDeg, -1)
		return cmpJSONMask{ElevationDeg: &v}
	}
	out := cmpJSONMask{File: file}
	for _, p := range m.Azimuth {
		out.Points = append(out.Points, cmpJSONMaskPt{cmpN(p.AzDeg, -1), cmpN(p.ElDeg, -1)})
	}
	return out
}

// cmpWriteSiteOutputs writes compare.txt, compare.csv and per site
// dop-SITE.csv, dop-SITE.png and skyplot-SITE.png into dir.
func cmpWriteSiteOutputs(ctx context.Context, dir string, rep *cmpReport, res *sim.SiteResult, eph *sim.Ephemeris, opt sim.Model) ([]string, error) {
	var written []string
	write := func(name string, fill func(w io.Writer) error) error {
		if err := atomicfile.Write(ctx, filepath.Join(dir, name), fill); err != nil {
			return err
		}
		written = append(written, name)
		return nil
	}
	if err := write("compare.txt", rep.writeTable); err != nil {
		return written, err
	}
	if err := write("compare.csv", rep.writeCSV); err != nil {
		return written, err
	}
	times := cmpTimes(res.Grid)
	keys := cmpFileKeys(res.Sites)
	for i, site := range res.Sites {
		if err := write("dop-"+keys[i]+".csv", func(w io.Writer) error { return cmpWriteDOPSeries(w, res, i) }); err != nil {
			return written, err
		}
		var dop, vis []plot.Series
		for v, vr := range res.Variants {
			pd := make([]float64, res.Grid.N)
			nv := make([]float64, res.Grid.N)
			for k := range pd {
				d := res.At(i, k, v)
				pd[k], nv[k] = d.PDOP, float64(d.NVisible)
			}
			name := cmpVariantTitle(vr.Name)
			dop = append(dop, plot.Series{Name: name, Times: times, Values: pd})
			vis = append(vis, plot.Series{Name: name, Times: times, Values: nv})
		}
		dopOpt := plot.DOPAndVisibleOptions{
			Title:  fmt.Sprintf("%s: PDOP and visible satellites, %s, %s", site.Name, cmpPeriodShort(res.Grid), cmpMaskText(rep.mask, rep.maskFile)),
			MaxDOP: math.Max(plot.DefaultMaxDOP, rep.pdopMax),
		}
		if err := write("dop-"+keys[i]+".png", func(w io.Writer) error { return plot.DOPAndVisible(w, plot.PNG, dop, vis, dopOpt) }); err != nil {
			return written, err
		}
		_, tracks, skyOpt, err := cmpSkyPlotInput(eph, site, opt, rep.maskFile)
		if err != nil {
			return written, err
		}
		if err := write("skyplot-"+keys[i]+".png", func(w io.Writer) error { return plot.SkyPlot(w, plot.PNG, tracks, skyOpt) }); err != nil {
			return written, err
		}
	}
	return written, nil
}

// cmpWriteDOPSeries writes the per-epoch CSV of site i (layout in cmpDescription).
func cmpWriteDOPSeries(w io.Writer, res *sim.SiteResult, i int) error {
	bw := bufio.NewWriter(w)
	head := []string{"site", "time_utc", "n_visible"}
	for _, s := range res.Systems {
		head = append(head, "n_"+s.String())
	}
	for _, v := range res.Variants {
		key := strings.ReplaceAll(v.Name, "+", "_")
		for _, q := range []string{"gdop", "pdop", "hdop", "vdop", "tdop"} {
			head = append(head, q+"_"+key)
		}
	}
	site := cmpCSVField(res.Sites[i].Name)
	bw.WriteString(strings.Join(head, ",") + "\n")
	last := len(res.Variants) - 1
	for k := 0; k < res.Grid.N; k++ {
		bw.WriteString(site)
		bw.WriteByte(',')
		bw.WriteString(formatTimeUTC(res.Grid.Time(k)))
		fmt.Fprintf(bw, ",%d", res.At(i, k, last).NVisible)
		for _, s := range res.Systems {
			fmt.Fprintf(bw, ",%d", res.NVisible(i, k, s))
		}
		for v := range res.Variants {
			d := res.At(i, k, v)
			for _, x := range []float64{d.GDOP, d.PDOP, d.HDOP, d.VDOP, d.TDOP} {
				bw.WriteByte(',')
				bw.WriteString(cmpF(x, 3))
			}
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// cmpWriteRegionOutputs writes compare.txt, compare.csv, region-cells.csv
// and the per-variant maps into dir.
func cmpWriteRegionOutputs(ctx context.Context, e *env, dir string, rep *cmpReport, m *sim.CoverageMap) ([]string, error) {
	var written []string
	write := func(name string, fill func(w io.Writer) error) error {
		if err := atomicfile.Write(ctx, filepath.Join(dir, name), fill); err != nil {
			return err
		}
		written = append(written, name)
		return nil
	}
	if err := write("compare.txt", rep.writeTable); err != nil {
		return written, err
	}
	if err := write("compare.csv", rep.writeCSV); err != nil {
		return written, err
	}
	layers := []sim.CoverageStats{m.CoverageStats}
	if len(m.Systems) > 1 {
		layers = append(append([]sim.CoverageStats(nil), m.PerSystem...), m.CoverageStats)
	}
	err := write("region-cells.csv", func(w io.Writer) error {
		bw := bufio.NewWriter(w)
		bw.WriteString("variant,lat_deg,lon_deg,mean_visible,min_visible,max_visible,mean_pdop,max_pdop,availability_pct\n")
		for _, l := range layers {
			for i := 0; i < m.NLat; i++ {
				for j := 0; j < m.NLon; j++ {
					c := i*m.NLon + j
					fmt.Fprintf(bw, "%s,%s,%s,%s,%d,%d,%s,%s,%s\n", l.Name, cmpF(m.LatDeg[i], 4), cmpF(m.LonDeg[j], 4),
						cmpF(l.MeanVisible[c], 3), l.MinVisible[c], l.MaxVisible[c], cmpF(l.MeanPDOP[c], 3), cmpF(l.MaxPDOP[c], 3),
						cmpF(100*l.Availability[c], 3))
				}
			}
		}
		return bw.Flush()
	})
	if err != nil {
		return written, err
	}
	g := m.Grid
	if g.LonMaxDeg > 180 {
		fmt.Fprintf(e.stderr, "note: the region crosses the antimeridian (longitude %g° > 180°); the maps are not drawn\n", g.LonMaxDeg)
		return written, nil
	}
	region := plot.Region{LatMinDeg: g.LatMinDeg, LatMaxDeg: g.LatMaxDeg, LonMinDeg: g.LonMinDeg, LonMaxDeg: g.LonMaxDeg}
	pLo, pHi, aLo := cmpMapScales(layers, rep.pdopMax)
	for _, l := range layers {
		key := strings.ReplaceAll(l.Name, "+", "_")
		title := cmpVariantTitle(l.Name)
		pdop := plot.GridData{NLat: m.NLat, NLon: m.NLon, LatDeg: m.LatDeg, LonDeg: m.LonDeg, Values: l.MeanPDOP}
		avail := make([]float64, len(l.Availability))
		for c, a := range l.Availability {
			avail[c] = 100 * a
		}
		av := plot.GridData{NLat: m.NLat, NLon: m.NLon, LatDeg: m.LatDeg, LonDeg: m.LonDeg, Values: avail}
		period := cmpPeriodShort(rep.grid)
		pOpt := plot.MapOptions{Title: fmt.Sprintf("%s mean PDOP, %s, %s", title, period, cmpMaskText(rep.mask, rep.maskFile)),
			Label: "mean PDOP", Region: region, ValueMin: pLo, ValueMax: pHi, ReverseColors: true}
		aOpt := plot.MapOptions{Title: fmt.Sprintf("%s availability (PDOP ≤ %s), %s", title, cmpG(rep.pdopMax), period),
			Label: "availability %", Region: region, ValueMin: aLo, ValueMax: 100}
		if err := write("pdop-"+key+".png", func(w io.Writer) error { return plot.CoverageMap(w, plot.PNG, pdop, pOpt) }); err != nil {
			return written, err
		}
		if err := write("availability-"+key+".png", func(w io.Writer) error { return plot.CoverageMap(w, plot.PNG, av, aOpt) }); err != nil {
			return written, err
		}
	}
	return written, nil
}

// cmpMapScales returns colour scales shared by the maps of all variants, so
// that they can be compared side by side: mean PDOP from the whole number
// below the lowest value to the whole number above the highest, capped at
// pdopMax (higher values take the end colour); availability from the
// multiple of 10 % below the lowest value to 100 %.
func cmpMapScales(layers []sim.CoverageStats, pdopMax float64) (pLo, pHi, aLo float64) {
	minP, maxP, minA := math.Inf(1), math.Inf(-1), 1.0
	for _, l := range layers {
		for c, p := range l.MeanPDOP {
			if !math.IsNaN(p) {
				minP, maxP = math.Min(minP, p), math.Max(maxP, p)
			}
			minA = math.Min(minA, l.Availability[c])
		}
	}
	pLo, pHi = 1, pdopMax
	if !math.IsInf(minP, 0) {
		pLo = math.Floor(minP)
		pHi = math.Min(math.Ceil(maxP), pdopMax)
		if pHi <= pLo {
			pHi = pLo + 1
		}
	}
	aLo = math.Min(90, 10*math.Floor(10*minA))
	return pLo, pHi, aLo
}

// ---- helpers shared by compare, skyplot and groundtrack ----

// cmpIdentifyAt is the time at which satellites are identified (PRN
// assignments change): the --start when given, else the newest epoch.
func cmpIdentifyAt(tm timeOptions) time.Time {
	if tm.start == "" {
		return time.Time{}
	}
	t, err := parseTimeUTC(tm.start)
	if err != nil {
		return time.Time{}
	}
	return t
}

// cmpParseSites parses --site values into distinct sites.
func cmpParseSites(args []string) ([]sim.Site, error) {
	var out []sim.Site
	seen := map[string]bool{}
	for _, a := range args {
		c, err := parseSiteArg(a)
		if err != nil {
			return nil, usagef("--site: %v", err)
		}
		if seen[c.Name] {
			return nil, usagef("--site %s is given twice", c.Name)
		}
		seen[c.Name] = true
		out = append(out, sim.Site{Name: c.Name, LatDeg: c.LatDeg, LonDeg: c.LonDeg, HeightM: c.HeightM})
	}
	return out, nil
}

// cmpParseRegion parses --region LATMIN,LATMAX,LONMIN,LONMAX with --grid DEG.
func cmpParseRegion(s string, cellDeg float64) (sim.GridSpec, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 4 {
		return sim.GridSpec{}, usagef("--region %q: want LATMIN,LATMAX,LONMIN,LONMAX in degrees, e.g. 20,60,70,140", s)
	}
	var v [4]float64
	for i, p := range parts {
		x, err := parseFloatStrict(p)
		if err != nil {
			return sim.GridSpec{}, usagef("--region %q: %q is not a number", s, strings.TrimSpace(p))
		}
		v[i] = x
	}
	g := sim.GridSpec{CellDeg: cellDeg, LatMinDeg: v[0], LatMaxDeg: v[1], LonMinDeg: v[2], LonMaxDeg: v[3]}
	if err := g.Validate(); err != nil {
		return g, usagef("--region %s --grid %g: %v", s, cellDeg, err)
	}
	return g, nil
}

// cmpCheckWritable fails early, before any work, when path cannot be
// written: its folder is missing or not writable, or it names a folder.
// It leaves nothing behind.
func cmpCheckWritable(flag, path string) error {
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s %s: folder %s does not exist; create it or choose another path", flag, path, dir)
	case err != nil:
		return fmt.Errorf("%s %s: %w", flag, path, err)
	case !st.IsDir():
		return fmt.Errorf("%s %s: %s is not a folder", flag, path, dir)
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return fmt.Errorf("%s %s is a folder; give a file name", flag, path)
	}
	f, err := atomicfile.Create(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fmt.Errorf("%s %s: cannot write in %s: %v", flag, path, dir, err)
	}
	f.Abort()
	return nil
}

// cmpMakeOutDir creates the --out folder (and parents) and checks that it
// is writable.
func cmpMakeOutDir(dir string) error {
	if st, err := os.Stat(dir); err == nil && !st.IsDir() {
		return fmt.Errorf("--out %s: not a folder", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fmt.Errorf("--out %s: cannot create the folder: %v", dir, err)
	}
	return cmpCheckWritable("--out", filepath.Join(dir, "compare.csv"))
}

// cmpEphemerisBytes is the memory of a propagated ephemeris: x, y, z and a
// status byte per satellite and epoch.
func cmpEphemerisBytes(nSat, nEpoch int) int64 { return int64(nSat) * int64(nEpoch) * 25 }

// cmpCheckMemory refuses a run that would need more than cmpMaxBytes unless --force.
func cmpCheckMemory(need int64, force bool, tm timeOptions) error {
	if need <= cmpMaxBytes || force {
		return nil
	}
	return usagef("--duration %s at --step %s needs about %.1f GiB of memory (limit %d GiB): use a larger --step, a shorter --duration (or a larger --grid), or --force",
		tm.duration, tm.step, float64(need)/(1<<30), cmpMaxBytes>>30)
}

// cmpLoadAndPropagate is the common part of skyplot and groundtrack after
// their flags are checked: load the element sets, resolve the period, check
// the memory estimate (the ephemeris plus extraBytes per satellite and
// epoch), warn about stale element sets and missing systems, and propagate.
func cmpLoadAndPropagate(ctx context.Context, e *env, in *inputOptions, tm timeOptions, extraBytes int64, force bool) (*dataset.Dataset, *sim.Ephemeris, error) {
	ds, err := loadDataset(e, in, cmpIdentifyAt(tm))
	if err != nil {
		return nil, nil, err
	}
	g, err := tm.grid(ds.Newest)
	if err != nil {
		return nil, nil, err
	}
	if g.N == 0 {
		return nil, nil, usagef("the period has no epochs")
	}
	n := int64(len(ds.Selected)) * int64(g.N)
	if err := cmpCheckMemory(cmpEphemerisBytes(len(ds.Selected), g.N)+n*extraBytes, force, tm); err != nil {
		return nil, nil, err
	}
	warnStale(e, ds, g.Start, g.Time(g.N-1))
	cmpWarnMissingSystems(e, ds)
	eph, err := propagate(ctx, e, ds, g, in.strict)
	if err != nil {
		return nil, nil, err
	}
	return ds, eph, nil
}

// cmpCheckOutputs checks, before any work, that the --plot and -o paths
// (when given) can be written.
func cmpCheckOutputs(plotPath, out string) error {
	if plotPath != "" {
		if err := cmpCheckWritable("--plot", plotPath); err != nil {
			return err
		}
	}
	if out != "" {
		if err := cmpCheckWritable("-o", out); err != nil {
			return err
		}
	}
	return nil
}

// cmpWarnMissingSystems warns about selected systems without any satellite.
func cmpWarnMissingSystems(e *env, ds *dataset.Dataset) {
	for _, n := range ds.SelectionNotes() {
		fmt.Fprintln(e.stderr, n)
	}
}

// cmpEmit writes to path atomically, or to stdout when path is empty.
func cmpEmit(ctx context.Context, e *env, path string, fill func(w io.Writer) error) error {
	if path == "" {
		return fill(e.stdout)
	}
	return atomicfile.Write(ctx, path, fill)
}

// cmpSkyPlotInput builds the sky plot of site from eph: sim.SkyTracks with
// opt, one track per satellite, and the mask drawn as in opt.Mask.
func cmpSkyPlotInput(eph *sim.Ephemeris, site sim.Site, opt sim.Model, maskFile string) (*sim.SkyTrack, []plot.SkyTrack, plot.SkyPlotOptions, error) {
	st, err := sim.SkyTracks(context.Background(), eph, eph.Grid, site, opt, sim.SkyOptions{})
	if err != nil {
		return nil, nil, plot.SkyPlotOptions{}, err
	}
	N := st.Grid.N
	tracks := make([]plot.SkyTrack, len(st.Sats))
	for i, s := range st.Sats {
		tracks[i] = plot.SkyTrack{Label: eph.Sats[s].PRN, System: eph.Sats[s].System, AzDeg: st.AzDeg[i*N : (i+1)*N], ElDeg: st.ElDeg[i*N : (i+1)*N]}
	}
	po := plot.SkyPlotOptions{Title: fmt.Sprintf("Sky of %s, %s, %s", site.Name, cmpPeriodShort(st.Grid), cmpMaskText(opt.Mask, maskFile))}
	switch m := opt.Mask; {
	case len(m.Azimuth) == 1:
		po.ElevationMaskDeg = m.Azimuth[0].ElDeg
	case len(m.Azimuth) > 1:
		for _, p := range m.Azimuth {
			po.MaskAzDeg = append(po.MaskAzDeg, p.AzDeg)
			po.MaskElDeg = append(po.MaskElDeg, p.ElDeg)
		}
	default:
		po.ElevationMaskDeg = m.ElevationDeg
	}
	return st, tracks, po, nil
}

// cmpTimes expands a grid into times (for the plot package).
func cmpTimes(g orbit.EpochGrid) []time.Time {
	t := make([]time.Time, g.N)
	for k := range t {
		t[k] = g.Time(k)
	}
	return t
}

// cmpFileKeys turns site names into distinct file-name parts: lower case,
// letters, digits, '.', '-' and '_' kept, anything else '_'.
func cmpFileKeys(sites []sim.Site) []string {
	keys := make([]string, len(sites))
	used := map[string]bool{}
	for i, s := range sites {
		var b strings.Builder
		for _, r := range strings.ToLower(s.Name) {
			if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r == '.' || r == '-' || r == '_' {
				b.WriteRune(r)
			} else {
				b.WriteByte('_')
			}
		}
		k := b.String()
		if k == "" {
			k = "site"
		}
		base := k
		for n := 2; used[k]; n++ {
			k = fmt.Sprintf("%s-%d", base, n)
		}
		used[k] = true
		keys[i] = k
	}
	return keys
}

// cmpVariantTitle writes a variant name ("glonass+beidou") with the systems'
// usual names ("GLONASS+BeiDou").
func cmpVariantTitle(name string) string {
	parts := strings.Split(name, "+")
	for i, p := range parts {
		if s, err := ephemeris.ParseSystem(p); err == nil {
			parts[i] = s.Title()
		}
	}
	return strings.Join(parts, "+")
}

// cmpCount is the number of selected satellites of system s.
func cmpCount(ds *dataset.Dataset, s ephemeris.System) int {
	n := 0
	for _, x := range ds.Selected {
		if x.ID.System == s {
			n++
		}
	}
	return n
}

// cmpCountText is e.g. "GLONASS 24, BeiDou 45 satellites".
func cmpCountText(ds *dataset.Dataset) string {
	parts := make([]string, len(ds.Systems))
	for i, s := range ds.Systems {
		parts[i] = fmt.Sprintf("%s %d", s.Title(), cmpCount(ds, s))
	}
	return strings.Join(parts, ", ") + " satellites"
}

// cmpSourceText names where the element sets came from.
func cmpSourceText(ds *dataset.Dataset) string {
	builtin := true
	for _, s := range ds.Sources {
		builtin = builtin && strings.HasPrefix(s, "builtin:")
	}
	if builtin {
		return "built-in CelesTrak snapshot " + ephemeris.BuiltinSnapshot
	}
	return strings.Join(firstN(ds.Sources, 4), ", ")
}

// cmpMaskText is e.g. "mask 10°" or "mask from urban.txt (5°–40°)".
func cmpMaskText(m sim.Mask, file string) string {
	if len(m.Azimuth) == 0 {
		return "mask " + cmpG(m.ElevationDeg) + "°"
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range m.Azimuth {
		lo, hi = math.Min(lo, p.ElDeg), math.Max(hi, p.ElDeg)
	}
	name := filepath.Base(file)
	if file == "" {
		name = "table"
	}
	if lo == hi {
		return fmt.Sprintf("mask %s° (%s)", cmpG(lo), name)
	}
	return fmt.Sprintf("mask %s°–%s° (%s)", cmpG(lo), cmpG(hi), name)
}

// cmpPeriodShort is a compact UTC period for figure titles, e.g.
// "2026-03-18 00:00–24:00 UTC".
func cmpPeriodShort(g orbit.EpochGrid) string {
	a, b := g.Start.UTC(), g.Time(g.N-1).UTC()
	const day, hm = "2006-01-02", "15:04"
	ya, ma, da := a.Date()
	switch {
	case b.Format(day) == a.Format(day):
		return fmt.Sprintf("%s %s–%s UTC", a.Format(day), a.Format(hm), b.Format(hm))
	case b.Equal(time.Date(ya, ma, da+1, 0, 0, 0, 0, time.UTC)):
		return fmt.Sprintf("%s %s–24:00 UTC", a.Format(day), a.Format(hm))
	}
	return fmt.Sprintf("%s %s – %s %s UTC", a.Format(day), a.Format(hm), b.Format(day), b.Format(hm))
}

// cmpDuration writes a duration without zero units: 24h, 1m, 1h30m, 90s → 1m30s.
func cmpDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// cmpLat and cmpLon write an angle with a hemisphere letter.
func cmpLat(v float64, dec int) string { return cmpHemi(v, dec, "N", "S") }
func cmpLon(v float64, dec int) string {
	if v > 180 {
		v -= 360
	}
	return cmpHemi(v, dec, "E", "W")
}

func cmpHemi(v float64, dec int, pos, neg string) string {
	h := pos
	if v < 0 {
		h, v = neg, -v
	}
	return strconv.FormatFloat(v, 'f', dec, 64) + "°" + h
}

// cmpG writes a parameter the way a user would type it (shortest form).
func cmpG(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// cmpF writes v with dec decimals (NaN as "NaN", no negative zero).
func cmpF(v float64, dec int) string {
	if math.IsNaN(v) {
		return "NaN"
	}
	s := strconv.FormatFloat(v, 'f', dec, 64)
	if strings.HasPrefix(s, "-") && strings.Trim(s, "-0.") == "" {
		s = s[1:]
	}
	return s
}

// cmpCSVField quotes a CSV field when needed (RFC 4180).
func cmpCSVField(s string) string {
	if strings.ContainsAny(s, ",\"\r\n") || strings.TrimSpace(s) != s {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

// cmpNum is a JSON number written with a fixed number of decimals (dec < 0:
// the shortest exact form); NaN is written as null.
type cmpNum struct {
	v   float64
	dec int
}

func cmpN(v float64, dec int) cmpNum { return cmpNum{v, dec} }

// MarshalJSON implements json.Marshaler.
func (n cmpNum) MarshalJSON() ([]byte, error) {
	if math.IsNaN(n.v) || math.IsInf(n.v, 0) {
		return []byte("null"), nil
	}
	return []byte(cmpF(n.v, n.dec)), nil
}

// cmpTable is a data table written as CSV, JSON or aligned text. Rows are
// produced by a generator so that large tables are streamed (the text form
// calls it twice: once for the column widths).
type cmpTable struct {
	head []string
	// kind of each column for JSON: 's' string, 'n' number (NaN → null), 'b' boolean.
	kind string
	// meta is written before the rows in the JSON document, as ordered
	// key/value pairs (values marshalled with encoding/json).
	meta []cmpKV
	rows func(yield func(row []string) error) error
}

type cmpKV struct {
	key string
	val any
}

// cmpTableFormat resolves --format and -o for skyplot and groundtrack: the
// format given, else json for a .json file, else csv.
func cmpTableFormat(format, output string) (string, error) {
	f := strings.ToLower(strings.TrimSpace(format))
	switch f {
	case "csv", "json", "table":
		return f, nil
	case "":
		if strings.EqualFold(filepath.Ext(output), ".json") {
			return "json", nil
		}
		return "csv", nil
	}
	return "", usagef("--format %q: want csv, json or table", format)
}

func (t *cmpTable) write(w io.Writer, format string) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	var err error
	switch format {
	case "json":
		err = t.writeJSON(bw)
	case "table":
		err = t.writeText(bw)
	default:
		bw.WriteString(strings.Join(t.head, ",") + "\n")
		err = t.rows(func(row []string) error {
			for i, f := range row {
				if i > 0 {
					bw.WriteByte(',')
				}
				bw.WriteString(cmpCSVField(f))
			}
			return bw.WriteByte('\n')
		})
	}
	if err != nil {
		return err
	}
	return bw.Flush()
}

func (t *cmpTable) writeText(bw *bufio.Writer) error {
	width := make([]int, len(t.head))
	for i, h := range t.head {
		width[i] = len(h)
	}
	if err := t.rows(func(row []string) error {
		for i, f := range row {
			width[i] = max(width[i], len(f))
		}
		return nil
	}); err != nil {
		return err
	}
	line := func(row []string) error {
		for i, f := range row {
			if i > 0 {
				bw.WriteString("  ")
			}
			if t.kind[i] == 'n' {
				bw.WriteString(strings.Repeat(" ", width[i]-len(f)) + f)
			} else if i < len(row)-1 {
				bw.WriteString(f + strings.Repeat(" ", width[i]-len(f)))
			} else {
				bw.WriteString(f)
			}
		}
		return bw.WriteByte('\n')
	}
	line(t.head)
	return t.rows(line)
}

func (t *cmpTable) writeJSON(bw *bufio.Writer) error {
	bw.WriteString("{\n")
	for _, kv := range t.meta {
		b, err := json.Marshal(kv.val)
		if err != nil {
			return err
		}
		fmt.Fprintf(bw, "  %q: %s,\n", kv.key, b)
	}
	bw.WriteString("  \"rows\": [")
	first := true
	err := t.rows(func(row []string) error {
		if first {
			bw.WriteString("\n    {")
			first = false
		} else {
			bw.WriteString(",\n    {")
		}
		for i, f := range row {
			if i > 0 {
				bw.WriteString(", ")
			}
			key, _ := json.Marshal(t.head[i])
			bw.Write(key)
			bw.WriteString(": ")
			switch t.kind[i] {
			case 'n':
				if f == "NaN" || f == "" {
					bw.WriteString("null")
				} else {
					bw.WriteString(f)
				}
			case 'b':
				bw.WriteString(f)
			default:
				v, _ := json.Marshal(f)
				bw.Write(v)
			}
		}
		return bw.WriteByte('}')
	})
	if err != nil {
		return err
	}
	if !first {
		bw.WriteString("\n  ")
	}
	bw.WriteString("]\n}\n")
	return nil
}

// cmpPlotFormat checks --plot's extension (a usage error when unknown).
func cmpPlotFormat(path string) (plot.Format, error) {
	f, err := plot.FormatFromPath(path)
	if err != nil {
		return 0, usagef("--plot: %v", err)
	}
	return f, nil
}
