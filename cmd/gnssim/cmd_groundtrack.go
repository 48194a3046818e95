package main

// gnssim groundtrack: sub-satellite points of the selected constellations
// (orbit.ECEFToGeodetic of the propagated ECEF positions) on the world map
// (sim/plot.GroundTracks), and their table.

import (
	"context"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/atomicfile"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/plot"
)

const gtDescription = `Draw the ground tracks of every satellite of the selected systems: the
sub-satellite points (WGS-84 geodetic latitude and longitude of the SGP4
position in the Earth-fixed frame) over the period, coloured by system and
labelled with the PRN at the last point, on the world map with coastlines.
The default step of this command is 5 minutes (not the common 60 s): a MEO
satellite moves about 1.5° in 5 min, so the tracks stay smooth, and the table
of a day stays small (289 rows per satellite). In 24 h, a GLONASS satellite
draws a little over two revolutions, a BeiDou MEO almost two, an IGSO a
figure eight and a GEO a point; the whole GLONASS+BeiDou constellation then
covers the map between ±65° of latitude, so for a figure that shows the
geometry choose a few hours (--duration 6h) or one system (--systems beidou).

--plot FILE.png|.svg writes the map (atomically); --region
LATMIN,LATMAX,LONMIN,LONMAX zooms it to a box (the table is not filtered).
--format csv|json|table writes the table to stdout, or to -o FILE (atomically):
  prn,system,time_utc,lat_deg,lon_deg,alt_km
one row per satellite and epoch, satellites in --systems order then PRN,
then time; latitude and east-positive longitude ([-180, 180)) 4 decimals,
ellipsoidal height in km 6 decimals (1 mm). An epoch at which SGP4 fails gets
no row. At least one of --plot, --format or -o is required.`

const gtExample = `gnssim groundtrack --duration 6h --plot tracks.png
gnssim groundtrack --systems beidou --duration 12h --format csv -o beidou-tracks.csv`

func runGroundtrack(ctx context.Context, e *env, args []string) error {
	var (
		in                            inputOptions
		tm                            timeOptions
		plotPath, format, out, region string
		force                         bool
	)
	fs := newFlagSet("groundtrack", "gnssim groundtrack (--plot FILE.png|.svg | --format csv|json|table [-o FILE]) [flags]", gtDescription, gtExample)
	fs.StringVar(&plotPath, "plot", "", "write the map to FILE.png or FILE.svg")
	fs.StringVar(&region, "region", "", "draw only this box of the map: LATMIN,LATMAX,LONMIN,LONMAX in degrees, longitudes in [-180, 180]")
	tm.register(fs, "24h", "5m")
	in.register(fs)
	fs.StringVar(&format, "format", "", "write the table in this format: csv, json or table (default csv when -o is given)")
	fs.StringVarP(&out, "output", "o", "", "write the table to FILE (atomically) instead of stdout")
	fs.BoolVar(&force, "force", false, "run even if the period needs more than 2 GiB of memory")
	if err := fs.parse(e, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	wantTable := format != "" || out != ""
	if plotPath == "" && !wantTable {
		return usagef("--plot FILE.png|.svg is required (or --format csv [-o FILE] for the table)")
	}
	var pf plot.Format
	var err error
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
	var box plot.Region
	if region != "" {
		if box, err = gtParseRegion(region); err != nil {
			return err
		}
	}
	if _, err := tm.grid(time.Time{}); err != nil {
		return err
	}
	if err := cmpCheckOutputs(plotPath, out); err != nil {
		return err
	}

	// Beyond the ephemeris: latitude, longitude and height (24 bytes per
	// satellite and epoch).
	ds, eph, err := cmpLoadAndPropagate(ctx, e, &in, tm, 24, force)
	if err != nil {
		return err
	}
	g := eph.Grid
	lat, lon, alt := gtGeodetic(eph)

	if plotPath != "" {
		N := g.N
		tracks := make([]plot.GroundTrack, len(eph.Sats))
		for s, sat := range eph.Sats {
			tracks[s] = plot.GroundTrack{Label: sat.PRN, System: sat.System, LatDeg: lat[s*N : (s+1)*N], LonDeg: lon[s*N : (s+1)*N]}
		}
		names := make([]string, len(ds.Systems))
		for i, s := range ds.Systems {
			names[i] = s.Title()
		}
		opt := plot.MapOptions{
			Title:  fmt.Sprintf("Ground tracks, %s, %s (step %s)", strings.Join(names, "+"), cmpPeriodShort(g), cmpDuration(g.Step)),
			Region: box,
		}
		if err := atomicfile.Write(ctx, plotPath, func(w io.Writer) error { return plot.GroundTracks(w, pf, tracks, opt) }); err != nil {
			return err
		}
	}
	if !wantTable {
		return nil
	}
	systems := make([]string, len(ds.Systems))
	for i, s := range ds.Systems {
		systems[i] = s.String()
	}
	t := &cmpTable{
		head: []string{"prn", "system", "time_utc", "lat_deg", "lon_deg", "alt_km"},
		kind: "sssnnn",
		meta: []cmpKV{{"systems", systems}, {"start_utc", formatTimeUTC(g.Start)}, {"end_utc", formatTimeUTC(g.Time(g.N - 1))}, {"step_s", cmpN(g.Step.Seconds(), -1)}},
		rows: func(yield func([]string) error) error {
			N := g.N
			row := make([]string, 6)
			for s, sat := range eph.Sats {
				for k := 0; k < N; k++ {
					i := s*N + k
					if math.IsNaN(lat[i]) {
						continue
					}
					row[0], row[1], row[2] = sat.PRN, sat.System.String(), formatTimeUTC(g.Time(k))
					row[3], row[4], row[5] = cmpF(lat[i], 4), cmpF(lon[i], 4), cmpF(alt[i], 6)
					if err := yield(row); err != nil {
						return err
					}
				}
			}
			return nil
		},
	}
	return cmpEmit(ctx, e, out, func(w io.Writer) error { return t.write(w, format) })
}

// gtGeodetic converts every ECEF position of eph to geodetic latitude and
// longitude (degrees, longitude in [-180, 180)) and ellipsoidal height (km);
// NaN where the position is NaN.
func gtGeodetic(eph *sim.Ephemeris) (lat, lon, alt []float64) {
	n := len(eph.X)
	lat, lon, alt = make([]float64, n), make([]float64, n), make([]float64, n)
	const deg = 180 / math.Pi
	for i := range eph.X {
		if math.IsNaN(eph.X[i]) {
			lat[i], lon[i], alt[i] = math.NaN(), math.NaN(), math.NaN()
			continue
		}
		la, lo, h := orbit.ECEFToGeodetic([3]float64{eph.X[i], eph.Y[i], eph.Z[i]})
		lonDeg := lo * deg
		if lonDeg >= 180 {
			lonDeg -= 360
		}
		lat[i], lon[i], alt[i] = la*deg, lonDeg, h
	}
	return lat, lon, alt
}

// gtParseRegion parses the --region box of the map.
func gtParseRegion(s string) (plot.Region, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 4 {
		return plot.Region{}, usagef("--region %q: want LATMIN,LATMAX,LONMIN,LONMAX in degrees, e.g. -10,60,60,160", s)
	}
	var v [4]float64
	for i, p := range parts {
		x, err := parseFloatStrict(p)
		if err != nil {
			return plot.Region{}, usagef("--region %q: %q is not a number", s, strings.TrimSpace(p))
		}
		v[i] = x
	}
	r := plot.Region{LatMinDeg: v[0], LatMaxDeg: v[1], LonMinDeg: v[2], LonMaxDeg: v[3]}
	if !(r.LatMinDeg >= -90 && r.LatMaxDeg <= 90 && r.LatMinDeg < r.LatMaxDeg && r.LonMinDeg >= -180 && r.LonMaxDeg <= 180 && r.LonMinDeg < r.LonMaxDeg) {
		return r, usagef("--region %s: want -90 ≤ LATMIN < LATMAX ≤ 90 and -180 ≤ LONMIN < LONMAX ≤ 180 (a box across the antimeridian is not supported)", s)
	}
	return r, nil
}
