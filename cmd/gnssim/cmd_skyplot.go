package main

// gnssim skyplot: the sky of one site (sim.SkyTracks → sim/plot.SkyPlot),
// and the azimuth/elevation or passes table.

import (
	"context"
	"io"
	"math"
	"strconv"
	"time"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/atomicfile"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/plot"
)

const skyDescription = `Draw the sky of one site: the azimuth/elevation track of every satellite of
the selected systems above the mask over the period, coloured by system and
labelled with its PRN (GLONASS: slot) at its last visible point, on a polar
grid (north up, east right, zenith in the centre), with the mask shaded.
The default period is the common one (24 h at 60 s), which shows each
satellite's daily pattern (a MEO crosses the sky about twice); use
--duration 12h or fewer --systems for a lighter figure.

--plot FILE.png|.svg writes the figure (atomically). --format csv|json|table
writes a table to stdout, or to -o FILE (atomically):
  prn,system,time_utc,az_deg,el_deg   one row per satellite and epoch above the
                                      mask (angles 4 decimals), satellites in
                                      --systems order then PRN, then time
  with --passes, one row per pass above the mask instead:
  prn,system,rise_utc,set_utc,max_el_deg,rise_open,set_open
    rise/set are the mask crossings, interpolated between epochs and rounded
    to the second; rise_open (set_open) is true when the satellite was already
    up at the start (still up at the end) of the period or at a gap in its
    propagation, and rise_utc (set_utc) is then that epoch.
At least one of --plot, --format or -o is required.`

const skyExample = `gnssim skyplot --site moscow --plot sky-moscow.png
gnssim skyplot --site beijing --duration 12h --passes --format table`

func runSkyplot(ctx context.Context, e *env, args []string) error {
	var (
		in                    inputOptions
		tm                    timeOptions
		mk                    maskOptions
		sites                 []string
		plotPath, format, out string
		passes, force         bool
	)
	fs := newFlagSet("skyplot", "gnssim skyplot --site SITE (--plot FILE.png|.svg | --format csv|json|table [-o FILE]) [flags]", skyDescription, skyExample)
	fs.StringArrayVar(&sites, "site", nil, "the receiver site (exactly one): a city name, LAT,LON[,HEIGHT_M] or NAME=LAT,LON[,HEIGHT_M]")
	fs.StringVar(&plotPath, "plot", "", "write the sky plot to FILE.png or FILE.svg")
	tm.register(fs, "24h", "60s")
	mk.register(fs)
	in.register(fs)
	fs.StringVar(&format, "format", "", "write the az/el (or --passes) table in this format: csv, json or table (default csv when -o is given)")
	fs.StringVarP(&out, "output", "o", "", "write the table to FILE (atomically) instead of stdout")
	fs.BoolVar(&passes, "passes", false, "the table lists passes (rise, set, maximum elevation) instead of az/el per epoch")
	fs.BoolVar(&force, "force", false, "run even if the period needs more than 2 GiB of memory")
	if err := fs.parse(e, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q (the site is given with --site)", fs.Arg(0))
	}
	switch len(sites) {
	case 0:
		return usagef("--site is required (e.g. --site moscow or --site 55.76,37.62)")
	case 1:
	default:
		return usagef("a sky plot is for one site, got %d --site flags: run skyplot once per site", len(sites))
	}
	siteList, err := cmpParseSites(sites)
	if err != nil {
		return err
	}
	site := siteList[0]
	wantTable := format != "" || out != "" || passes
	if plotPath == "" && !wantTable {
		return usagef("--plot FILE.png|.svg is required (or --format csv [-o FILE] for the table)")
	}
	var pf plot.Format
	if plotPath != "" {
		if pf, err = cmpPlotFormat(plotPath); err != nil {
			return err
		}
	}
	if wantTable {
		if format, err = cmpTableFormat(format, out); err != nil {
			return err
		}
	}
	if _, err := tm.grid(time.Time{}); err != nil {
		return err
	}
	mask, err := mk.mask()
	if err != nil {
		return err
	}
	if err := cmpCheckOutputs(plotPath, out); err != nil {
		return err
	}

	// Beyond the ephemeris: azimuth, elevation and the pass search (8+8+8+2
	// bytes per satellite and epoch).
	ds, eph, err := cmpLoadAndPropagate(ctx, e, &in, tm, 26, force)
	if err != nil {
		return err
	}
	g := eph.Grid
	opt := sim.Model{Systems: ds.Systems, Mask: mask}
	st, tracks, po, err := cmpSkyPlotInput(eph, site, opt, mk.file)
	if err != nil {
		return err
	}
	if plotPath != "" {
		if err := atomicfile.Write(ctx, plotPath, func(w io.Writer) error { return plot.SkyPlot(w, pf, tracks, po) }); err != nil {
			return err
		}
	}
	if !wantTable {
		return nil
	}
	t := skyTable(eph, st, passes)
	t.meta = []cmpKV{
		{"site", map[string]any{"name": site.Name, "lat_deg": cmpN(site.LatDeg, 4), "lon_deg": cmpN(site.LonDeg, 4), "height_m": cmpN(site.HeightM, 1)}},
		{"start_utc", formatTimeUTC(g.Start)}, {"end_utc", formatTimeUTC(g.Time(g.N - 1))}, {"step_s", cmpN(g.Step.Seconds(), -1)},
		{"mask", cmpMaskJSON(mask, mk.file)},
	}
	return cmpEmit(ctx, e, out, func(w io.Writer) error { return t.write(w, format) })
}

// skyTable is the az/el table (or the passes table) of a sky track.
func skyTable(eph *sim.Ephemeris, st *sim.SkyTrack, passes bool) *cmpTable {
	N := st.Grid.N
	if passes {
		return &cmpTable{
			head: []string{"prn", "system", "rise_utc", "set_utc", "max_el_deg", "rise_open", "set_open"},
			kind: "ssssnbb",
			rows: func(yield func([]string) error) error {
				for _, p := range st.Passes {
					sat := eph.Sats[p.Sat]
					row := []string{sat.PRN, sat.System.String(), formatTimeUTC(p.Rise.Round(time.Second)), formatTimeUTC(p.Set.Round(time.Second)),
						cmpF(p.MaxElDeg, 4), strconv.FormatBool(p.RiseOpen), strconv.FormatBool(p.SetOpen)}
					if err := yield(row); err != nil {
						return err
					}
				}
				return nil
			},
		}
	}
	return &cmpTable{
		head: []string{"prn", "system", "time_utc", "az_deg", "el_deg"},
		kind: "sssnn",
		rows: func(yield func([]string) error) error {
			row := make([]string, 5)
			for i, s := range st.Sats {
				sat := eph.Sats[s]
				for k := 0; k < N; k++ {
					el := st.ElDeg[i*N+k]
					if math.IsNaN(el) {
						continue
					}
					row[0], row[1], row[2], row[3], row[4] = sat.PRN, sat.System.String(), formatTimeUTC(st.Grid.Time(k)), cmpF(st.AzDeg[i*N+k], 4), cmpF(el, 4)
					if err := yield(row); err != nil {
						return err
					}
				}
			}
			return nil
		},
	}
}
