package main

import (
	"context"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/job"
	"github.com/gnssim/gnssim/cmd/gnssim/internal/output"
	"github.com/gnssim/gnssim/ephemeris"
)

// gnssim accuracy: the orbit differences of two sources of satellite
// positions (TLE, broadcast navigation, SP3) and what they change for a user.

const accSynopsis = "gnssim accuracy (--ref-sp3|--ref-nav|--ref-tle FILE ...) (--sp3|--nav|--tle FILE ...) [--site SITE ...] [flags]"

const accDescription = `Compare two sources of satellite positions over one period: TLE against
broadcast navigation, broadcast against SP3 precise orbits, TLE against SP3,
or two SP3 solutions (e.g. IAC against GRG). The reference is given with
--ref-sp3, --ref-nav or --ref-tle, the tested source with --sp3, --nav or
--tle (the flags of every other command); each side takes files of one kind,
repeatable (consecutive days, or one file per system), read as everywhere
else (same notes, gaps and --strict). Satellites are paired by system and
PRN, GLONASS by orbital slot (R07): element sets take theirs from gnssim's
PRN catalog at the period's start, navigation and SP3 files from the file.
Satellites in one source only are listed and take no part.

Conventions:
  Δ = tested − reference, in metres, at the same UTC instants (each source
  in its own time scale: GPST, GLONASST, BDT, GST, UTC for SGP4), split in
  the reference's frame: radial R = r/|r|, cross-track C = (r × v)/|r × v|
  with v the inertial velocity, along-track A = C × R. rms is over the
  satellite-epochs (every satellite-epoch weighs the same), mean is the
  bias, std the scatter about it, max the largest |value| (the 3-D maximum
  with its epoch and satellite). Orbit classes (MEO, IGSO, GEO) come from
  the reference's positions.
  No antenna-offset (PCO) correction is applied: broadcast orbits refer to
  the antenna phase centre, SP3 orbits to the satellite's centre of mass, so
  broadcast − SP3 has a radial bias of 0 to −3 m per satellite, constant to a
  few decimetres (the R mean), on top of the orbit error (Montenbruck et al.
  2015, GPS Solutions 19:321–333).
  The frames are taken as one: WGS-84, PZ-90.11, GTRF, CGCS2000 and the IGS
  frame of SP3 files agree to centimetres–decimetres; no transformation.
  TLE: SGP4 positions are good to about a kilometre near the element sets'
  epoch and degrade by kilometres per day; a TLE comparison needs element
  sets of the day of the navigation or SP3 data (gnssim's built-in and
  test element sets are of other days).

Systems: --systems (default: every system both sources have satellites of,
since the comparison is made per system anyway; give e.g. --systems
glonass,beidou for the pair the other commands default to).

Period: --start (default 00:00 UTC of the day in the middle of the data both
sources cover; with element sets on both sides, of the newest element set)
and --duration (default: up to the end of the data both files cover, at most
24 h — the whole day of daily files, without the epochs after the end of an
SP3 file; with element sets on both sides 24 h). A period outside either
source's data is refused (exit 2).

Output (--format table, the default; csv; json; from the -o name: .txt,
.csv, .json). --by selects the table: all (default), system, class,
satellite, or site (the user effects; needs --site).
  table: what was compared, then per system (with the total), per system
    and orbit class (when a system has several), per satellite, the
    unpaired satellites, and with --site the user effects per site.
  csv: one row per group, the level in its first column:
    level,system,orbit,prn,satellites,compared,only_ref,only_test,neither,
    no_frame,d3_rms_m,d3_mean_m,d3_std_m,d3_max_m,d3_max_utc,d3_max_prn,
    radial_rms_m,radial_mean_m,radial_std_m,radial_max_m, then along_* and
    cross_* alike. level is system, class, total or satellite; system and
    orbit are "all" where they do not apply; prn is the reference's.
    compared counts the satellite-epochs where both sources have a position,
    only_ref/only_test/neither those where one or none has; no_frame those
    without an R/A/C split (counted in d3 only).
    With --by site: site,lat_deg,lon_deg,height_m,variant,epochs,el_diff_n,
    el_diff_rms_deg,el_diff_mean_deg,el_diff_max_deg,el_diff_max_utc,
    el_diff_max_prn,pdop_diff_n,pdop_diff_rms,pdop_diff_mean,pdop_diff_max,
    pdop_diff_max_utc,pdop_same_set_n,pdop_same_set_diff_rms,
    pdop_same_set_diff_max,pdop_only_ref,pdop_only_test,visible_differs,
    max_visible_diff,set_differs,availability_differs. A CSV holds one
    table, so with --site a CSV needs --by site.
  json: the run's provenance ("run": the tested source in "inputs", the
    reference in "reference", each with kind, files and SHA-256; the
    conventions in "assumptions"), "pairs" (satellites paired), the rows of
    the CSV, "unmatched" (reference_only, tested_only: system, prn, reason)
    and, with --site, "user_effects" in the columns of --by site.
  Numbers: metres to 3 decimals, elevation differences in degrees and PDOP
  differences to 6 (a metre at GNSS ranges moves an elevation by ~3e-6°);
  NaN (JSON null, table n/a) where nothing was compared.

User effects (--site, repeatable; with --mask or --mask-file, --clock,
--isb-sigma, --weighting, --pdop-max): each site is evaluated with both
sources on the paired satellites, each system alone and combined: the
elevation differences of satellites above the mask in either view, the PDOP
difference (all epochs, and "same-set" where both see the same satellites),
and the epochs where the visible count, the visible set or the availability
(PDOP ≤ --pdop-max) differ. Metre-level orbit differences move elevations
by ~1e-5° and PDOP by ~1e-4; what a user notices are satellites missing from
one source (a navigation file of one station lacks satellites it did not
see).

--plot FILE.png|.svg draws the differences; --plot-kind:
  bars (default)  per system and orbit class, the RMS of 3-D, radial,
                  along-track and cross-track as bars, their maxima as ticks
  time            the RMS over each group's satellites against time, one
                  panel per component (epochs binned to at most 2000 points)

Limits: before any work the memory and work are estimated (both sources'
positions, a chunk of epochs at a time; the sites' evaluations); above the
limits (2 GiB, 2e10 satellite positions, 5e10 receiver-epochs) the run is
refused (exit 2) unless --force. At most 10 000 000 epochs.`

const accExample = `gnssim accuracy --ref-sp3 ephemeris/sp3/testdata/Sta21114.sp3.gz \
    --nav ephemeris/rinex/testdata/ESBC00DNK_R_20201770000_01D_MN.rnx.gz --step 30s
gnssim accuracy --ref-sp3 ephemeris/sp3/testdata/Sta21114.sp3.gz \
    --sp3 ephemeris/sp3/testdata/GRG0MGXFIN_20201770000_01D_15M_ORB.SP3.gz --systems glonass --by satellite
gnssim accuracy --ref-sp3 IAC.sp3 --nav BRDC.rnx --site 55.6,12.5,50 -o acc.json --plot acc.png`

func runAccuracy(ctx context.Context, e *env, args []string) error {
	j, err := parseAccuracy(e, args)
	if err != nil {
		return err
	}
	return runJob(ctx, e, j)
}

// parseAccuracy parses and checks the command line before any work.
func parseAccuracy(e *env, args []string) (*job.Accuracy, error) {
	var (
		ref, test         job.AccuracySource
		systems, by, kind string
		pf                periodFlags
		rf                receiverFlags
		of                outputFlags
		sites             []string
		j                 job.Accuracy
	)
	fs := newFlagSet("accuracy", accSynopsis, accDescription, accExample)
	fs.StringArrayVar(&ref.SP3, "ref-sp3", nil, "reference: SP3-c/d precise-orbit file (plain or gzip); repeatable (consecutive days)")
	fs.StringArrayVar(&ref.Nav, "ref-nav", nil, "reference: RINEX navigation file (2.x, 3.0x, 4.0x; plain or gzip); repeatable")
	fs.StringArrayVar(&ref.TLE, "ref-tle", nil, "reference: element-set file, TLE or OMM; repeatable; cache:GROUP for a 'gnssim tle fetch' download")
	fs.StringArrayVar(&test.SP3, "sp3", nil, "tested source: SP3-c/d precise-orbit file; repeatable")
	fs.StringArrayVar(&test.Nav, "nav", nil, "tested source: RINEX navigation file (broadcast orbits); repeatable")
	fs.StringArrayVar(&test.TLE, "tle", nil, "tested source: element-set file, TLE or OMM (SGP4; needs element sets of the data's day); repeatable; cache:GROUP")
	fs.StringVar(&systems, "systems", "", "systems to compare: names (glonass,beidou,gps,galileo,qzss,navic,sbas), letters (R,C,G,E,J,I,S) or all (default: every system both sources have)")
	fs.BoolVar(&j.IncludeNonOperational, "include-nonoperational", false, "also use element sets with no current PRN/slot (labelled by NORAD number, they pair only with element sets)")
	fs.BoolVar(&j.Strict, "strict", false, "a refused record or a propagation failure is an error (exit 1) instead of a warning")
	fs.StringVar(&pf.start, "start", "", "start of the period, RFC 3339 (UTC; an offset is converted) or a date (default: 00:00 UTC of the day of the data both sources cover)")
	fs.StringVar(&pf.duration, "duration", "", "length of the period, e.g. 24h, 6h, 7d (default: to the end of the data both sources cover, at most 24 h; at most 10 000 000 epochs)")
	fs.StringVar(&pf.step, "step", "60s", "time step, e.g. 30s, 5m")
	fs.StringArrayVar(&sites, "site", nil, "user effects at this site (each source's view compared); "+siteHelp+"; repeatable")
	rf.register(fs, true, true)
	fs.StringVar(&by, "by", "all", "table: all, system (and the total), class (system × orbit class, and the total), satellite, or site (the user effects)")
	of.register(fs, output.Text)
	fs.StringVar(&j.Plot, "plot", "", "also draw the differences to FILE.png or FILE.svg")
	fs.StringVar(&kind, "plot-kind", "bars", "figure: bars (RMS and maximum per system and orbit class) or time (RMS against time, per component)")
	fs.BoolVar(&j.Force, "force", false, "run even above the memory and work limits, or far from the element-set epochs")
	if err := fs.parse(e, args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, usagef("unexpected argument %q (files are given with --ref-sp3/--ref-nav/--ref-tle and --sp3/--nav/--tle)", fs.Arg(0))
	}
	j.Ref, j.Test = ref, test
	var err error
	if systems != "" {
		if j.Systems, err = ephemeris.ParseSystems(systems); err != nil {
			return nil, usagef("--systems: %v", err)
		}
	}
	if j.ToDataEnd = !fs.Changed("duration"); j.ToDataEnd {
		pf.duration = "24h" // the longest; the data may end sooner
	}
	if j.Period, err = pf.period(); err != nil {
		return nil, err
	}
	if j.Sites, err = job.ParseSites(sites); err != nil {
		return nil, err
	}
	if j.Receiver, err = rf.receiver(); err != nil {
		return nil, err
	}
	if j.By, err = job.ParseAccuracyLevel(by); err != nil {
		return nil, err
	}
	if j.PlotKind, err = job.ParsePlotKind(kind); err != nil {
		return nil, err
	}
	if j.Format, j.Precision, err = of.resolve(output.Text); err != nil {
		return nil, err
	}
	j.Output = of.output
	if err := j.Validate(); err != nil {
		return nil, err
	}
	return &j, nil
}
