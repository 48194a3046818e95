package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/atomicfile"
	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/dataset"
	"github.com/gnssim/gnssim/sim/plot"
)

// gnssim dop: DOP and visible-count time series at sites.

const dopDescription = `DOP time series at one or more sites for one set of systems, used together
(the combination of every system of --systems, with --clock receiver clock
unknowns): one row per site and epoch, site after site.

CSV columns: site,time_utc,n_visible,gdop,pdop,hdop,vdop,tdop then n_<system>
for each system of --systems (e.g. n_glonass,n_beidou). n_visible counts the
satellites strictly above the mask; DOP values have 3 decimals and are NaN
(JSON: null; table: n/a) when unavailable (fewer satellites than unknowns or a
singular geometry). TDOP is that of the first clock: with --clock per-system
the clock of the first system of --systems with a visible satellite. JSON: one
document {"systems":...,"sites":[...],"rows":[...]}.

--plot FILE.png|FILE.svg draws PDOP (top, gaps where unavailable) and the
visible count (bottom) of each system alone and of the combination. With one
site the figure is FILE; with several, one figure per site named FILE-SITE.png
(or .svg), SITE being the site name with characters other than letters,
digits, '.', '_' and '-' replaced by '_'.`

const dopExample = `gnssim dop --site beijing --duration 2h --step 10m --format table
gnssim dop --site moscow --site 45.0,126.5 --plot dop.png -o dop.csv`

// dopConfig is a parsed dop command line.
type dopConfig struct {
	in        inputOptions
	tm        timeOptions
	mk        maskOptions
	sites     []sim.Site
	clock     sim.ClockModel
	weighting sim.Weighting
	format    string
	outPath   string
	plotPath  string
	plotFmt   plot.Format
	force     bool
}

func runDOP(ctx context.Context, e *env, args []string) error {
	cfg, err := parseDOPArgs(e, args)
	if err != nil {
		return err
	}
	ds, res, err := dopEvaluate(ctx, e, cfg)
	if err != nil {
		return err
	}
	if err := pcdWithOutput(ctx, e, cfg.outPath, func(w io.Writer) error { return dopWrite(w, cfg, ds, res) }); err != nil {
		return err
	}
	if cfg.plotPath != "" {
		return dopPlots(ctx, cfg, res)
	}
	return nil
}

// parseDOPArgs parses and checks the command line before any work.
func parseDOPArgs(e *env, args []string) (*dopConfig, error) {
	cfg := &dopConfig{}
	fs := newFlagSet("dop", "gnssim dop --site SITE [--site SITE ...] [flags]", dopDescription, dopExample)
	cfg.in.register(fs)
	cfg.tm.register(fs, "24h", "60s")
	cfg.mk.register(fs)
	var siteArgs []string
	fs.StringArrayVar(&siteArgs, "site", nil, "receiver: a built-in city name (e.g. beijing), or LAT,LON[,HEIGHT_M] in degrees and metres, optionally NAME=LAT,LON[,HEIGHT_M]; repeatable, required")
	clock := fs.String("clock", "per-system", "receiver clock model of the combination: per-system (one clock per system) or common")
	weighting := fs.String("weighting", "none", "observation weights: none or elevation (variance ∝ 1/sin²(elevation))")
	fs.StringVar(&cfg.format, "format", "csv", "output format: csv, json or table")
	fs.StringVarP(&cfg.outPath, "output", "o", "", "write the table to this file (atomically) instead of stdout")
	fs.BoolVar(&cfg.force, "force", false, "run even if it needs more than 2 GiB of memory")
	fs.StringVar(&cfg.plotPath, "plot", "", "also draw PDOP and visible count to FILE.png or FILE.svg (one figure per site: FILE-SITE.png with several sites)")
	if err := fs.parse(e, args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, usagef("unexpected argument %q", fs.Arg(0))
	}
	if err := pcdCheckFormat(cfg.format); err != nil {
		return nil, err
	}
	var err error
	if cfg.clock, err = sim.ParseClockModel(*clock); err != nil {
		return nil, usagef("--clock %q: want per-system or common", *clock)
	}
	if cfg.weighting, err = sim.ParseWeighting(*weighting); err != nil || strings.TrimSpace(*weighting) == "" {
		return nil, usagef("--weighting %q: want none or elevation", *weighting)
	}
	if len(siteArgs) == 0 {
		return nil, usagef("at least one --site is required (a city such as beijing, or LAT,LON[,HEIGHT_M]); built-in cities: %s", cityNames())
	}
	seen := map[string]bool{}
	for _, a := range siteArgs {
		c, err := parseSiteArg(a)
		if err != nil {
			return nil, usagef("--site: %v", err)
		}
		if seen[c.Name] {
			return nil, usagef("--site %q: site %s is given twice (name coordinate sites with NAME=LAT,LON)", a, c.Name)
		}
		seen[c.Name] = true
		s := sim.Site{Name: c.Name, LatDeg: c.LatDeg, LonDeg: c.LonDeg, HeightM: c.HeightM}
		if err := s.Validate(); err != nil {
			return nil, usagef("--site %q: %v", a, err)
		}
		cfg.sites = append(cfg.sites, s)
	}
	if cfg.plotPath != "" {
		if cfg.plotFmt, err = plot.FormatFromPath(cfg.plotPath); err != nil {
			return nil, usagef("--plot %q: %v (want a .png or .svg file name)", cfg.plotPath, err)
		}
		files := map[string]string{}
		for _, s := range cfg.sites {
			f := dopPlotPath(cfg.plotPath, s.Name, len(cfg.sites))
			if other, ok := files[f]; ok {
				return nil, usagef("--plot: sites %s and %s would both be drawn to %s; give them distinct names (NAME=LAT,LON)", other, s.Name, f)
			}
			files[f] = s.Name
		}
	}
	if _, err := cfg.tm.grid(time.Now()); err != nil { // the period, checked before loading
		return nil, err
	}
	return cfg, nil
}

// dopEvaluate loads the element sets, propagates them over the period and
// evaluates every site (each system alone and the combination).
func dopEvaluate(ctx context.Context, e *env, cfg *dopConfig) (*dataset.Dataset, *sim.SiteResult, error) {
	mask, err := cfg.mk.mask()
	if err != nil {
		return nil, nil, err
	}
	var at time.Time
	if cfg.tm.start != "" {
		if at, err = parseTimeUTC(cfg.tm.start); err != nil {
			return nil, nil, usagef("--start: %v", err)
		}
	}
	ds, err := loadDataset(e, &cfg.in, at)
	if err != nil {
		return nil, nil, err
	}
	grid, err := cfg.tm.grid(ds.Newest)
	if err != nil {
		return nil, nil, err
	}
	// Before any work: the ephemeris plus one DOP per site, epoch and variant
	// (each system alone and the combination).
	variants := int64(len(ds.Systems))
	if variants > 1 {
		variants++
	}
	need := cmpEphemerisBytes(len(ds.Selected), grid.N) + int64(len(cfg.sites))*int64(grid.N)*variants*int64(unsafe.Sizeof(sim.DOP{}))
	if err := cmpCheckMemory(need, cfg.force, cfg.tm); err != nil {
		return nil, nil, err
	}
	warnStale(e, ds, grid.Start, grid.Time(max(grid.N-1, 0)))
	eph, err := propagate(ctx, e, ds, grid, cfg.in.strict)
	if err != nil {
		return nil, nil, err
	}
	res, err := sim.SiteSeries(ctx, eph, eph.Grid, cfg.sites, sim.Model{Systems: ds.Systems, Mask: mask, Clock: cfg.clock, Weighting: cfg.weighting}, sim.Exec{})
	if err != nil {
		return nil, nil, fmt.Errorf("dop: %w", err)
	}
	return ds, res, nil
}

// dopCombined is the index of the variant of all systems together (the last).
func dopCombined(res *sim.SiteResult) int { return len(res.Variants) - 1 }

// dopColumns are the table columns for the systems.
func dopColumns(systems []ephemeris.System) []pcdColumn {
	cols := []pcdColumn{{"site", 0, false}, {"time_utc", 20, false}, {"n_visible", 9, true},
		{"gdop", 7, true}, {"pdop", 7, true}, {"hdop", 7, true}, {"vdop", 7, true}, {"tdop", 7, true}}
	for _, s := range systems {
		cols = append(cols, pcdColumn{"n_" + s.String(), len("n_" + s.String()), true})
	}
	return cols
}

// dopWrite writes the table of the combination at every site and epoch.
func dopWrite(w io.Writer, cfg *dopConfig, ds *dataset.Dataset, res *sim.SiteResult) error {
	cols := dopColumns(res.Systems)
	if res.Grid.Start.Nanosecond() != 0 || res.Grid.Step%time.Second != 0 {
		cols[1].width = len("2006-01-02T15:04:05.999999999Z")
	}
	nameWidth := 4
	for _, s := range res.Sites {
		nameWidth = max(nameWidth, len([]rune(s.Name)))
	}
	cols[0].width = nameWidth
	mask := "null"
	if cfg.mk.file == "" {
		mask = pcdJSONNumber(cfg.mk.deg)
	}
	head := fmt.Sprintf(`"systems":%s,"clock":%s,"weighting":%s,"mask_deg":%s,"mask_file":%s,"start_utc":%s,"step_s":%s,"epochs":%d,"satellites":%d,"sites":[%s],`,
		pcdJSONString(dopVariantName(res.Systems)), pcdJSONString(res.Clock.String()), pcdJSONString(res.Weighting.String()),
		mask, pcdJSONString(cfg.mk.file), pcdJSONString(formatTimeUTC(res.Grid.Start)), pcdJSONNumber(res.Grid.Step.Seconds()), res.Grid.N,
		len(ds.Selected), dopSitesJSON(res.Sites))
	tw, err := newPCDTableWriter(w, cfg.format, cols, head, "rows", 0)
	if err != nil {
		return err
	}
	v := dopCombined(res)
	rec := make([]string, 0, len(cols))
	for i, s := range res.Sites {
		for k := 0; k < res.Grid.N; k++ {
			d := res.At(i, k, v)
			rec = append(rec[:0], s.Name, formatTimeUTC(res.Grid.Time(k)), strconv.Itoa(d.NVisible),
				pcdFixed(d.GDOP, 3), pcdFixed(d.PDOP, 3), pcdFixed(d.HDOP, 3), pcdFixed(d.VDOP, 3), pcdFixed(d.TDOP, 3))
			for _, sys := range res.Systems {
				rec = append(rec, strconv.Itoa(res.NVisible(i, k, sys)))
			}
			if err := tw.Row(rec); err != nil {
				return err
			}
		}
	}
	return tw.Close("")
}

func dopSitesJSON(sites []sim.Site) string {
	parts := make([]string, len(sites))
	for i, s := range sites {
		parts[i] = fmt.Sprintf(`{"name":%s,"lat_deg":%s,"lon_deg":%s,"height_m":%s}`, pcdJSONString(s.Name),
			pcdJSONNumber(s.LatDeg), pcdJSONNumber(s.LonDeg), pcdJSONNumber(s.HeightM))
	}
	return strings.Join(parts, ",")
}

// dopVariantName is the lower-case name of a set of systems, e.g. "glonass+beidou".
func dopVariantName(systems []ephemeris.System) string {
	names := make([]string, len(systems))
	for i, s := range systems {
		names[i] = s.String()
	}
	return strings.Join(names, "+")
}

// dopPlotPath is the figure file of a site: the --plot path itself with one
// site, else the path with "-SITE" inserted before the extension.
func dopPlotPath(path, site string, nSites int) string {
	if nSites == 1 {
		return path
	}
	ext := filepath.Ext(path)
	safe := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-' {
			return r
		}
		return '_'
	}, site)
	return strings.TrimSuffix(path, ext) + "-" + safe + ext
}

// dopPlots draws one figure per site: PDOP and visible count of each system
// alone and of the combination.
func dopPlots(ctx context.Context, cfg *dopConfig, res *sim.SiteResult) error {
	times := make([]time.Time, res.Grid.N)
	for k := range times {
		times[k] = res.Grid.Time(k)
	}
	maskText := fmt.Sprintf("mask %g°", cfg.mk.deg)
	if cfg.mk.file != "" {
		maskText = "mask " + filepath.Base(cfg.mk.file)
	}
	for i, s := range res.Sites {
		var dops, vis []plot.Series
		for v, variant := range res.Variants {
			titles := make([]string, len(variant.Systems))
			for j, sys := range variant.Systems {
				titles[j] = sys.Title()
			}
			name := strings.Join(titles, "+")
			pd := make([]float64, res.Grid.N)
			nv := make([]float64, res.Grid.N)
			for k := range pd {
				d := res.At(i, k, v)
				pd[k] = d.PDOP
				nv[k] = float64(d.NVisible)
			}
			dops = append(dops, plot.Series{Name: name, Times: times, Values: pd})
			vis = append(vis, plot.Series{Name: name, Times: times, Values: nv})
		}
		opt := plot.DOPAndVisibleOptions{
			Title: fmt.Sprintf("%s (%s): PDOP and visible satellites, %s, clock %s",
				s.Name, dopLatLon(s.LatDeg, s.LonDeg), maskText, res.Clock),
		}
		path := dopPlotPath(cfg.plotPath, s.Name, len(res.Sites))
		err := atomicfile.Write(ctx, path, func(w io.Writer) error {
			return plot.DOPAndVisible(w, cfg.plotFmt, dops, vis, opt)
		})
		if err != nil {
			return fmt.Errorf("--plot: %w", err)
		}
	}
	return nil
}

// dopLatLon writes a position as e.g. "39.90°N 116.40°E".
func dopLatLon(lat, lon float64) string {
	ns, ew := "N", "E"
	if lat < 0 {
		ns, lat = "S", -lat
	}
	if lon < 0 {
		ew, lon = "W", -lon
	}
	return fmt.Sprintf("%.2f°%s %.2f°%s", lat, ns, lon, ew)
}
