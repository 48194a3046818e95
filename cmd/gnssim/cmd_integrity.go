package main

import (
	"context"
	"strings"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/job"
	"github.com/gnssim/gnssim/cmd/gnssim/internal/output"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/integrity"
)

// gnssim integrity: ARAIM protection levels and service availability at
// sites, for skies from a file, and over a grid (maps, shardable).

func runIntegrity(ctx context.Context, e *env, args []string) error {
	j, err := parseIntegrity(e, args)
	if err != nil {
		return err
	}
	return runJob(ctx, e, j)
}

// parseIntegrity parses and checks the command line before any work.
func parseIntegrity(e *env, args []string) (*job.Integrity, error) {
	var (
		in                             inputFlags
		pf                             periodFlags
		of                             outputFlags
		sites                          []string
		mask, isbSigma, gridDeg, thr   float64
		maskFile, clock, region, shard string
		service, rule                  string
		j                              job.Integrity
	)
	fs := newFlagSet("integrity", "gnssim integrity --site SITE [--site SITE ...] | --geometry FILE | --grid DEG [--region ...] [flags]", integrityDescription, integrityExample)
	in.register(fs)
	pf.register(fs, "24h", "60s")
	fs.StringArrayVar(&sites, "site", nil, siteHelp+"; repeatable")
	fs.StringVar(&j.Geometry, "geometry", "", "evaluate the skies of FILE instead of orbits: CSV with a header, columns epoch,satellite,system,azimuth_deg,elevation_deg (see the description)")
	fs.Float64Var(&gridDeg, "grid", 0, "a map: cell size in degrees (must divide 180), e.g. 2; the availability of each cell over the period")
	fs.StringVar(&region, "region", "", "with --grid: LATMIN,LATMAX,LONMIN,LONMAX in degrees east, on the grid lines (default: the globe)")
	fs.Float64Var(&mask, "mask", job.IntegrityMaskDeg, "elevation mask, degrees above the horizon, 0 ≤ mask < 90 (5: the mask of the ARAIM availability studies, for an aircraft antenna that sees the horizon)")
	fs.StringVar(&maskFile, "mask-file", "", "azimuth-dependent mask: a text file of 'AZ_DEG EL_DEG' lines (as the other commands); overrides --mask")
	fs.StringVar(&service, "service", integrity.LPV200.Name, "service: "+serviceNames()+" (alert limits and allocations in the description)")
	fs.StringVar(&rule, "rule", integrity.RuleADD.String(), "fault modes to monitor: add (the WG-C ADD rule: by prior until the unmonitored prior ≤ P_THRES) or 2012 (Blanch et al. 2012: every combination up to N_sat,max and N_const,max)")
	fs.StringVar(&j.ISMFile, "ism", "", "integrity support message and airborne-model overrides per system: a YAML or JSON file (format in the description)")
	fs.StringVar(&clock, "clock", "per-system", "receiver clocks: per-system (a clock per constellation, the ARAIM baseline), common (inter-system biases known), or isb-prior (with --isb-sigma)")
	fs.Float64Var(&isbSigma, "isb-sigma", 0, "NS: a clock per constellation with each inter-system bias known to within NS nanoseconds (NS·0.2998 m; sets --clock isb-prior)")
	fs.Float64Var(&thr, "availability-threshold", job.IntegrityThresholdPct, "with --grid: the region summary gives the share of the area where the availability is at least this many percent")
	fs.BoolVar(&j.Summary, "summary", false, "write the statistics per site and system (availability, worst protection levels) instead of one row per epoch")
	of.register(fs, output.CSV)
	fs.StringVar(&j.Plot, "plot", "", "also draw FILE.png or FILE.svg: protection levels over time against the alert limits (one figure per site: FILE-SITE.png), or with --grid the availability map")
	fs.StringVar(&shard, "shard", "", "with --grid: compute only shard I/N of the grid rows (I 0-based) into the shard file -o FILE, for 'gnssim merge'")
	fs.BoolVar(&j.Force, "force", false, "run even above the memory and work limits, or far from the element-set epochs")
	if err := fs.parse(e, args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, usagef("unexpected argument %q (integrity takes only flags)", fs.Arg(0))
	}
	var err error
	if j.Service, err = integrity.ParseService(service); err != nil {
		return nil, usagef("--service: %v", err)
	}
	if j.Rule, err = integrity.ParseRule(rule); err != nil {
		return nil, usagef("--rule %q: want add or 2012", rule)
	}
	modes := 0
	for _, b := range []bool{len(sites) > 0, j.Geometry != "", fs.Changed("grid")} {
		if b {
			modes++
		}
	}
	if modes != 1 {
		return nil, usagef("give one of --site SITE (repeatable), --geometry FILE or --grid DEG (a map); built-in cities: %s", job.CityNames())
	}
	if len(sites) > 0 {
		if j.Sites, err = job.ParseSites(sites); err != nil {
			return nil, err
		}
	}
	if region != "" && !fs.Changed("grid") {
		return nil, usagef("--region needs --grid DEG")
	}
	if fs.Changed("grid") {
		if err := job.CheckCell(gridDeg); err != nil {
			return nil, err
		}
		g := sim.GlobalGrid(gridDeg)
		if region != "" {
			if g, err = job.ParseRegion("--region", region, gridDeg); err != nil {
				return nil, err
			}
			j.RegionArg = region
		}
		j.Grid = &g
	} else {
		for _, f := range []string{"availability-threshold", "shard"} {
			if fs.Changed(f) {
				return nil, usagef("--%s applies to maps: give --grid DEG", f)
			}
		}
	}
	if j.Geometry != "" {
		for _, f := range []string{"tle", "nav", "sp3", "start", "duration", "step", "include-nonoperational", "strict"} {
			if fs.Changed(f) {
				return nil, usagef("--%s does not apply to --geometry: the file gives the skies and their epochs", f)
			}
		}
	}
	if shard != "" {
		sh, err := job.ParseShard(shard)
		if err != nil {
			return nil, err
		}
		j.Shard = &sh
		for _, f := range []string{"format", "plot", "precision", "summary"} {
			if fs.Changed(f) {
				return nil, usagef("--%s does not apply to a shard; give it to 'gnssim merge', which writes the final output", f)
			}
		}
		j.CommandLine = append([]string{"integrity"}, args...)
	} else if j.Format, j.Precision, err = of.resolve(output.CSV); err != nil {
		return nil, err
	}
	j.Output = of.output
	if j.Inputs, err = in.inputs(); err != nil {
		return nil, err
	}
	if j.Geometry == "" {
		if j.Period, err = pf.period(); err != nil {
			return nil, err
		}
	}
	if maskFile != "" {
		m, err := job.ReadMaskFile(maskFile)
		if err != nil {
			return nil, err // the file's data: exit 1, with its line
		}
		j.Mask, j.MaskFile = m, maskFile
	} else {
		j.Mask = sim.Mask{ElevationDeg: mask}
		if err := j.Mask.Validate(); err != nil {
			return nil, usagef("--mask: %v", err)
		}
	}
	c, err := sim.ParseClockModel(clock)
	if err != nil {
		return nil, usagef("--clock: %v", err)
	}
	j.Clock = c
	switch isb := fs.Changed("isb-sigma"); {
	case isb && fs.Changed("clock") && c != sim.ClockISBPrior:
		return nil, usagef("--isb-sigma sets the isb-prior clock model; it cannot go with --clock %s", c)
	case isb && (!(isbSigma > 0) || isbSigma > 1e9):
		return nil, usagef("--isb-sigma %g: want a σ in nanoseconds, > 0 (0 is --clock common; a very large σ is --clock per-system)", isbSigma)
	case isb:
		j.Clock, j.ISBPrior, j.ISBSigmaNS = sim.ClockISBPrior, true, isbSigma
	case c == sim.ClockISBPrior:
		return nil, usagef("--clock isb-prior needs --isb-sigma NS")
	}
	if !(thr > 0 && thr <= 100) {
		return nil, usagef("--availability-threshold %g: want a percentage in (0, 100], e.g. 99.5", thr)
	}
	j.ThresholdPct = thr
	return &j, nil
}

// serviceNames lists the services --service accepts.
func serviceNames() string {
	var n []string
	for _, s := range integrity.Services() {
		n = append(n, s.Name)
	}
	return strings.Join(n, ", ")
}

const integrityDescription = `ARAIM integrity (the baseline multiple-hypothesis solution-separation user
algorithm of the WG-C ARAIM Airborne Algorithm Description Document and Blanch
et al. 2012): for every epoch, the vertical and horizontal protection levels
(VPL, HPL), the effective monitor threshold (EMT), the fault-free vertical
accuracy σv,acc and the number of fault modes monitored, and whether the
service is met (VPL ≤ VAL, HPL ≤ HAL, EMT ≤ its limit, σv,acc ≤ its limit),
for each system alone and for their combination, side by side.

Three ways to give the skies:
  --site SITE (repeatable)  receivers over the period (--start, --duration,
                            --step), satellites from --tle, --nav or --sp3
  --geometry FILE           skies read from a file (a receiver log, a paper)
  --grid DEG [--region ..]  a map: every cell (centre at height 0) over the
                            period, the combination of --systems

Services (--service): LPV-200 (VAL 35 m, HAL 40 m, EMT ≤ 15 m, σv,acc ≤ 1.87 m),
LPV-250 (VAL 50 m, HAL 40 m, σv,acc ≤ 4.08 m), RNP-0.3 (HAL 556 m) and RNP-0.1
(HAL 185 m), horizontal only. Allocations: P_HMI 9.8e-8 vertical and 2e-9
horizontal, P_FA 3.9e-6 and 9e-8 for LPV; P_HMI 1e-7, P_FA 5e-7 for RNP.

Assumptions: the integrity support message (ISM: σURA, σURE, bnom, Psat,
Pconst) of GPS and Galileo is the WG-C baseline; no operator publishes one for
GLONASS, BeiDou or QZSS, nor an airborne error model for GLONASS and BeiDou:
their defaults are ASSUMED STUDY VALUES (GLONASS σURA 2 m, σURE 1.33 m, bnom
1 m, Psat 1e-5, Pconst 1e-4; BeiDou σURA 1.5 m, σURE 1 m, bnom 0.75 m, Psat
1e-5, Pconst 1e-4; the GPS airborne curves on their own frequency pairs). Every
report, figure caption and the JSON "run" object state the ISM, the service,
the rule and the user model, and say "assumed study values" where they are.
--ism FILE overrides them per system (YAML or JSON; errors name the file, the
line and the field, exit 1):
  glonass:
    sigma_ura_m: 2.5    # σURA, m
    sigma_ure_m: 1.6    # σURE, m
    b_nom_m: 1.0        # bnom, m
    p_sat: 1e-4         # prior of a satellite fault
    p_const: 1e-4       # prior of a constellation fault
    source: "my study"  # printed in the reports
    user: {f1_mhz: 1600.995, f2_mhz: 1202.025, noise: gps}
A constellation alone with Pconst 1e-4 cannot protect against its own
constellation fault: its vertical service is then "unavailable" (fault mode
that must be monitored leaves too few satellites) — the reason ARAIM combines
constellations.

Mask: 5° by default, the mask of ARAIM availability studies (an aircraft
antenna sees the horizon; the airborne error models are defined from 5°).
Clocks: a receiver clock per constellation (the ARAIM baseline), --clock
common, or --isb-sigma NS (each inter-system bias known to within NS ns).

Output (stdout or -o FILE; format from --format or the -o name). Sites and
--geometry: one row per site and epoch,
  site,time_utc, then per variant V (glonass, beidou, glonass_beidou):
  n_sats_V,modes_V,vpl_m_V,hpl_m_V,emt_m_V,sigma_v_acc_m_V,service_V,reason_V
with service_V met, not_met (reason: the requirements missed, e.g.
vpl_above_val;emt_above_max) or unavailable (reason: why the algorithm gives no result,
e.g. too few satellites); unavailable epochs have NaN (null in JSON, n/a in
tables), never a number. Metres to 2 decimals, σ to 3. --format table adds the
statistics per site and variant at the end, --format json as "summary";
--summary writes only them: site,variant,epochs,monitored_epochs,met_epochs,
availability_pct,mean_vpl_m,max_vpl_m,mean_hpl_m,max_hpl_m,max_emt_m,
max_sigma_v_acc_m,min_sats,max_modes (availability: epochs with the service
met ÷ all epochs; means and maxima over the epochs with a result).

--geometry FILE: CSV with a header line; columns (any order; others ignored;
the names of 'gnssim skyplot --format csv' are accepted too: time_utc, prn,
az_deg, el_deg, so a skyplot table is a sky file)
  epoch          RFC 3339 time (UTC; an offset is converted); rows in any order
                 (a sky from a paper: any time)
  satellite      e.g. G05, R07, C19: once per epoch
  system         gps, glonass, galileo, beidou, qzss (or G, R, E, C, J)
  azimuth_deg    degrees clockwise from north, [0, 360]
  elevation_deg  degrees, [-90, 90]; satellites at or below the mask are left out
Within an epoch the satellites keep the file's order (per system). '#' starts
a comment line. Errors name the file, the line and the field
(exit 1); satellites of systems not in --systems are left out with a note; an
epoch with too few satellites is reported unavailable. The site column is the
file's name.

--grid DEG: one row per cell, lat ascending then lon ascending:
  lat_deg,lon_deg,availability_pct,monitored_pct,mean_visible,min_visible,
  mean_vpl_m,max_vpl_m,mean_hpl_m,max_hpl_m,max_emt_m,max_sigma_v_acc_m,max_modes
and the region summary ARAIM studies publish: the share of the AREA where the
availability is at least --availability-threshold (99.5 %), cells weighted by
the cosine of their latitude (exactly their area on a sphere), in the table's
last line, in JSON "summary" and in the figure's caption. --shard I/N and
'gnssim merge' work as for coverage maps: the merged output is byte for byte
that of one run; results do not depend on the number of workers or shards.

--plot FILE.png|.svg: VPL and HPL over time, each system alone and combined,
with the VAL and HAL lines (one figure per site), or the availability map.

Limits: an ARAIM evaluation costs about 500 DOP evaluations, so a run is refused
(exit 2, unless --force) above 1e8 evaluations (sites × epochs × variants, or
cells × epochs) — about half an hour on 2 cores.`

const integrityExample = `gnssim integrity --site beijing --site moscow --summary --format table
gnssim integrity --site beijing --duration 6h -o beijing.csv --plot beijing.png
gnssim integrity --site beijing --service LPV-250 --rule 2012 --isb-sigma 3
gnssim integrity --geometry sky.csv --systems gps,galileo --format table
gnssim integrity --grid 5 --step 10m --plot map.png -o map.csv
gnssim integrity --grid 2 --step 10m --shard 0/4 -o shard-0.json`
