package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/pflag"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/job"
	"github.com/gnssim/gnssim/cmd/gnssim/internal/output"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/spectrum"
)

// gnssim spectrum list|ssc|psd|cn0: signal compatibility.

const spectrumHelp = `Usage: gnssim spectrum list|ssc|psd|cn0 [flags]

Signal compatibility of the open-service signals of GLONASS, BeiDou, GPS and Galileo:

  list  the signal catalogue: carrier (GLONASS FDMA channels), modulation and data/pilot split,
        chip rate, transmit and receiver bandwidths, minimum received power, source document and
        the values that are assumptions (uncertain)
  ssc   the spectral separation coefficient κ (dB-Hz) of an interferer on a victim, or the matrix
        of every pair ("no overlap" where the bands share no interval)
  psd   the power spectral densities of the signals of a band (L1, L2, L5, E6) as a figure
  cn0   the effective C/N0 degradation ΔC/N0 = 10·log10(1 + Σ C_i·κ_i / N0) that the satellites of
        the simulated sky (--tle, --nav or --sp3, --systems) cause, at sites over a period (summary,
        series, figure) or as a map over a grid

Signals are named ` + spectrum.SignalSpecSyntax + `.

Run 'gnssim spectrum SUBCOMMAND --help' for each one's flags and an example.

Examples:
  gnssim spectrum list
  gnssim spectrum ssc B1C L1CA
  gnssim spectrum ssc --matrix --format csv -o ssc.csv
  gnssim spectrum psd --band L1 --plot l1.png
  gnssim spectrum cn0 --site beijing --plot cn0-beijing.png
  gnssim spectrum cn0 --grid 5 --victim B1C --duration 6h --step 10m --plot b1c-map.png -o b1c-map.csv
`

// runSpectrum dispatches the sub-commands.
func runSpectrum(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usagef("want a subcommand: list, ssc, psd or cn0 (gnssim spectrum --help)")
	}
	var j runner
	var err error
	switch args[0] {
	case "-h", "--help", "help":
		fmt.Fprint(e.stdout, spectrumHelp)
		return nil
	case "list":
		j, err = parseSpectrumList(e, args[1:])
	case "ssc":
		j, err = parseSpectrumSSC(e, args[1:])
	case "psd":
		j, err = parseSpectrumPSD(e, args[1:])
	case "cn0":
		j, err = parseSpectrumCN0(e, args[1:])
	default:
		return usagef("unknown subcommand %q: want list, ssc, psd or cn0", args[0])
	}
	if err == nil {
		err = runJob(ctx, e, j)
	}
	return subcommandError(args[0], err)
}

// subcommandError names the subcommand in an error (the command line
// prints "gnssim spectrum: ssc VICTIM ...").
func subcommandError(sub string, err error) error {
	var ue *job.UsageError
	switch {
	case err == nil, errors.Is(err, pflag.ErrHelp):
		return err
	case errors.As(err, &ue):
		return &job.UsageError{Msg: sub + " " + ue.Msg, OverLimits: ue.OverLimits}
	}
	return fmt.Errorf("%s: %w", sub, err)
}

const spectrumListDescription = `The signal catalogue: for each open-service signal its system, carrier
(GLONASS FDMA: channel 0 and the channel step; channels -7..+6), chip rate,
transmit bandwidth (over which its spectrum is normalised and outside which it
is zero), default receiver bandwidth, ICD minimum received power (whole
signal, at the ICD's reference antenna above 5° elevation, Galileo 10°),
components with their modulations and power shares (the data/pilot split),
and whether a value is an assumption ("uncertain": all GLONASS transmit
bandwidths, which the ICDs do not publish per signal, and the GLONASS CDMA
powers and bands, which could not be verified), with the source documents.

--format table (the default) prints the main columns and, below, every
signal's source and note; csv and json also carry the columns part_of,
aliases, source and note. Numbers: MHz 4 decimals (bandwidths 3), dBW 2.`

const spectrumListExample = `gnssim spectrum list
gnssim spectrum list --format csv -o signals.csv`

func parseSpectrumList(e *env, args []string) (*job.SpectrumList, error) {
	var (
		of outputFlags
		j  job.SpectrumList
	)
	fs := newFlagSet("spectrum list", "gnssim spectrum list [--format table|csv|json] [-o FILE]", spectrumListDescription, spectrumListExample)
	of.register(fs, output.Text)
	if err := fs.parse(e, args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, usagef("unexpected argument %q (spectrum list takes only flags)", fs.Arg(0))
	}
	var err error
	if j.Format, j.Precision, err = of.resolve(output.Text); err != nil {
		return nil, err
	}
	j.Output = of.output
	return &j, nil
}

const spectrumSSCDescription = `Spectral separation coefficient (SSC) of an interferer on a victim:

  κ = ∫ G_v(f)·G_i(f − Δf) df   over the victim's receiver band,

G_v and G_i the band-limited PSDs, each normalised to unit power over its own
transmit band (zero outside it), Δf the carrier offset; reported in dB-Hz
(10·log10 κ, κ in 1/Hz) with a rigorous bound of the quadrature error, or
"no overlap" — never a number — when the receiver band and both transmit
bands share no interval. This convention reproduces Ávila-Rodríguez (2008)
Table 5.3 to 1e-4 dB.

One pair: VICTIM INTERFERER as arguments (or --victim and --interferer).
A signal is ` + spectrum.SignalSpecSyntax + `.
A generic signal carries all its power in the one modulation; its receiver
bandwidth is its transmit bandwidth unless --rx-bandwidth narrows it.

--matrix: every pair of the catalogue (or of --signals), FDMA signals named
without a channel on --fdma-channel (0: 1602 and 1246 MHz). --format table
prints the matrix (victims as rows, interferers as columns); csv and json one
row per pair:
  victim,victim_carrier_mhz,victim_tx_bandwidth_mhz,rx_bandwidth_mhz,
  interferer,interferer_carrier_mhz,interferer_tx_bandwidth_mhz,
  overlap,ssc_db_hz,error_bound_db,band_low_mhz,band_high_mhz
overlap is "overlap" or "no overlap" (then ssc_db_hz and the band are empty,
null in JSON); band_low/high_mhz is the interval integrated; κ 2 decimals.

--rx-bandwidth MHZ sets the receiver bandwidth of every victim, SIGNAL=MHZ
of one catalogue signal (repeatable); it must be > 0 and not wider than the
victim's transmit band (the spectrum is zero outside it).`

const spectrumSSCExample = `gnssim spectrum ssc B1C L1CA
gnssim spectrum ssc L1OF:-7 L1OF:-6
gnssim spectrum ssc --victim 'BOC(1,1)@1575.42MHz/30.69MHz' --interferer 'BPSK(1)@1575.42MHz/30.69MHz' --rx-bandwidth 24
gnssim spectrum ssc --matrix
gnssim spectrum ssc --matrix --signals B1I,B1C,L1CA,L1C,E1,L1OC,L1OF --format csv -o l1-ssc.csv`

func parseSpectrumSSC(e *env, args []string) (*job.SpectrumSSC, error) {
	var (
		of      outputFlags
		signals []string
		rx      []string
		j       job.SpectrumSSC
	)
	fs := newFlagSet("spectrum ssc", "gnssim spectrum ssc VICTIM INTERFERER | --matrix [flags]", spectrumSSCDescription, spectrumSSCExample)
	fs.StringVar(&j.Victim, "victim", "", "the victim signal (instead of the first argument)")
	fs.StringVar(&j.Interferer, "interferer", "", "the interfering signal (instead of the second argument)")
	fs.BoolVar(&j.Matrix, "matrix", false, "the SSC of every pair of the catalogue (or of --signals)")
	fs.StringArrayVar(&signals, "signals", nil, "the matrix's signals, comma-separated or repeated (default: the whole catalogue)")
	fs.IntVar(&j.FDMAChannel, "fdma-channel", 0, "GLONASS FDMA channel (-7..+6) of L1OF and L2OF in the matrix when named without one")
	fs.StringArrayVar(&rx, "rx-bandwidth", nil, "receiver bandwidth in MHz of every victim (MHZ) or of one signal (SIGNAL=MHZ, repeatable); default: each victim's catalogue value (its transmit bandwidth)")
	of.register(fs, output.Text)
	if err := fs.parse(e, args); err != nil {
		return nil, err
	}
	pos := fs.Args()
	if j.Matrix {
		if len(pos) > 0 || j.Victim != "" || j.Interferer != "" {
			return nil, usagef("--matrix computes every pair: give no VICTIM or INTERFERER (use --signals to choose the signals)")
		}
		j.Signals = job.SplitSignals(signals)
	} else {
		if len(signals) > 0 || fs.Changed("fdma-channel") {
			return nil, usagef("--signals and --fdma-channel apply to --matrix; for one pair give VICTIM INTERFERER (channels as L1OF:-7)")
		}
		if j.Victim == "" && len(pos) > 0 {
			j.Victim, pos = pos[0], pos[1:]
		}
		if j.Interferer == "" && len(pos) > 0 {
			j.Interferer, pos = pos[0], pos[1:]
		}
		if len(pos) > 0 {
			return nil, usagef("unexpected argument %q (want VICTIM INTERFERER)", pos[0])
		}
		if j.Victim == "" || j.Interferer == "" {
			return nil, usagef("want VICTIM and INTERFERER, e.g. gnssim spectrum ssc B1C L1CA (or --matrix)")
		}
		if _, err := job.ParseSignalArg("VICTIM", j.Victim); err != nil {
			return nil, err
		}
		if _, err := job.ParseSignalArg("INTERFERER", j.Interferer); err != nil {
			return nil, err
		}
	}
	var err error
	if j.Rx, err = job.ParseRxBandwidths(rx); err != nil {
		return nil, err
	}
	if j.Format, j.Precision, err = of.resolve(output.Text); err != nil {
		return nil, err
	}
	j.Output = of.output
	return &j, nil
}

const spectrumPSDDescription = `Draw the power spectral densities of the signals of a band: one curve per
signal (and per GLONASS FDMA channel k = -7..+6) against frequency in MHz, in
its system's colour (GLONASS vermilion, BeiDou blue, GPS green, Galileo
purple; signals of one system told apart by dashes), band-limited to its
transmit band (the curve drops at the transmit band edges) and normalised to
unit power over it: dB/Hz, the y range from the highest peak 45 dB down.

--band L1 (1550-1615 MHz: B1I, B1C, L1 C/A, L1C, E1, L1OC, L1OF), L2 (L2C,
L2OC, L2OF), L5 (also L3, E5, B2: L5, B2a, B2b, E5 AltBOC, L3OC), E6 (also B3:
B3I, E6) or LO-HI in MHz. The default signals are the transmitted catalogue
signals in the band (E5 as the whole AltBOC signal, not E5a/E5b); --signals
names others, catalogue or generic (` + spectrum.SignalSpecSyntax + `;
an FDMA signal without a channel draws every channel).

--scale received draws dBW/Hz at each signal's ICD minimum received power
(--power SIGNAL=DBW to change one) with the noise density --n0 as a dashed
line: the signals lie tens of dB below the noise.

--plot FILE.png|.svg writes the figure; --format csv|json|table (or -o FILE)
writes the table signal,channel,freq_mhz,psd_db_hz (psd_dbw_hz with --scale
received) at multiples of --step-mhz inside each transmit band (MHz 4
decimals, dB 2; an exact spectral null is empty). At least one of --plot,
--format or -o is required.`

const spectrumPSDExample = `gnssim spectrum psd --band L1 --plot psd-l1.png
gnssim spectrum psd --band L5 --plot psd-l5.svg
gnssim spectrum psd --band L1 --scale received --plot psd-l1-received.png
gnssim spectrum psd --band 1560-1590 --signals 'B1C,BOC(1,1)@1575.42/30.69' --plot boc.png --format csv -o boc.csv`

func parseSpectrumPSD(e *env, args []string) (*job.SpectrumPSD, error) {
	var (
		of      outputFlags
		signals []string
		powers  []string
		scale   string
		j       job.SpectrumPSD
	)
	fs := newFlagSet("spectrum psd", "gnssim spectrum psd --band L1|L2|L5|E6|LO-HI (--plot FILE.png|.svg | --format csv|json|table [-o FILE]) [flags]", spectrumPSDDescription, spectrumPSDExample)
	fs.StringVar(&j.BandArg, "band", "L1", "the band: L1, L2, L5 (L3/E5/B2), E6 (B3), or LO-HI in MHz")
	fs.StringArrayVar(&signals, "signals", nil, "the signals to draw, comma-separated or repeated (default: the catalogue's transmitted signals in the band)")
	fs.StringVar(&scale, "scale", "unit", "unit (dB/Hz, unit power over each transmit band) or received (dBW/Hz at the ICD minimum received power, with the N0 line)")
	fs.Float64Var(&j.N0DBWHz, "n0", spectrum.DefaultN0DBWHz, "noise density in dBW/Hz drawn with --scale received (default: the customary RNSS value, an assumption)")
	fs.StringArrayVar(&powers, "power", nil, "received power of a signal with --scale received: SIGNAL=DBW (repeatable; default: the ICD minimum)")
	fs.StringVar(&j.Plot, "plot", "", "write the figure to FILE.png or FILE.svg")
	fs.Float64Var(&j.StepMHz, "step-mhz", 0.05, "frequency step of the table, MHz")
	of.register(fs, output.CSV)
	if err := fs.parse(e, args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, usagef("unexpected argument %q (the band is given with --band, the signals with --signals)", fs.Arg(0))
	}
	var err error
	if j.Band, err = job.ParseBand(j.BandArg); err != nil {
		return nil, err
	}
	j.Signals = job.SplitSignals(signals)
	switch strings.ToLower(strings.TrimSpace(scale)) {
	case "unit":
	case "received":
		j.Received = true
	default:
		return nil, usagef("--scale %q: want unit or received", scale)
	}
	if j.Powers, err = job.ParsePowers(powers); err != nil {
		return nil, err
	}
	j.Table = fs.Changed("format") || of.output != "" || fs.Changed("precision") || fs.Changed("step-mhz")
	if j.Plot == "" && !j.Table {
		return nil, usagef("--plot FILE.png|.svg is required (or --format csv [-o FILE] for the table)")
	}
	if j.Table {
		if j.Format, j.Precision, err = of.resolve(output.CSV); err != nil {
			return nil, err
		}
		j.Output = of.output
	}
	return &j, nil
}

const spectrumCN0Description = `The effective C/N0 degradation of victim signals by the satellites of the
simulated sky:

  ΔC/N0 = 10·log10(1 + Σ_i C_i·κ_i / N0)   (dB)

summed over every signal instance i that the satellites above the mask
transmit (C_i its received power, κ_i its SSC on the victim over the victim's
receiver band), for each victim satellite — a satellite of the victim signal's
system above the mask that transmits it — with its own instance of the signal
left out. The intra-system part (satellites of the victim's system, including
"self": other satellites' instances of the victim signal) and the
inter-system part are given separately; the total is not their sum but
10·log10(10^(intra/10) + 10^(inter/10) − 1). At each epoch the worst victim
satellite (the highest total) is reported; GLONASS FDMA satellites differ by
their channel (from the catalog: 'gnssim catalog'); a GLONASS satellite
without a known channel transmits no L1OF/L2OF here and is no victim of them
(a warning names it; its CDMA signals are kept).

The sky is the engine's: positions from --tle (default: the built-in
snapshot), --nav or --sp3, visibility strictly above --mask as in every other
command. The satellites of each system transmit that system's catalogue
signals ('gnssim spectrum list'; QZSS transmits the GPS signals, NavIC and
SBAS none): all of them by default, which models fully modernised
constellations — today only GLONASS-K/K2 transmit L1OC/L2OC/L3OC, only BDS-3
B1C/B2a/B2b, only GPS III L1C — so --signals narrows the list (e.g.
--signals L1OF,L2OF,B1I,B3I,L1CA for the legacy signals).

Defaults, and why:
  --systems all   interference adds up over everything in the sky: BeiDou B1C
                  is degraded more by GPS L1C and Galileo E1 than by BeiDou
                  itself, so leaving systems out understates it (the other
                  commands default to glonass,beidou).
  --mask 0        every satellite above the horizon radiates into the antenna,
                  tracked or not; a higher mask leaves real interferers out.
                  Below 5° (Galileo 10°) the ICD minimum power is itself an
                  assumption: --gain-table models the antenna's fall-off.
  --n0 -201.5     dBW/Hz, the customary RNSS compatibility value (k·T with
                  T ≈ 513 K; ITU-R M.1831): an assumption, set your receiver's.
  powers          each signal's ICD minimum received power (real received
                  powers are often a few dB higher; BeiDou MEO figures for
                  every orbit type); --power SIGNAL=DBW sets one, --gain-table
                  FILE adds an elevation-dependent offset (text 'EL_DEG DB'
                  lines, or YAML elevation_gain_db: [[EL, DB], ...]; linear in
                  elevation, held beyond the ends).
  receiver band   each victim's catalogue receiver bandwidth (its transmit
                  band); --rx-bandwidth MHZ or SIGNAL=MHZ narrows it.
Uncertain catalogue values (GLONASS transmit bandwidths, GLONASS CDMA powers)
are listed in every output's assumptions.

Sites (--site, repeatable): by default a summary per site and victim
  site,victim_system,victim,epochs,victim_epochs,mean_total_db,
  worst_total_db,worst_time_utc,worst_prn,mean_intra_db,mean_inter_db,
  mean_self_db,max_intra_db,max_inter_db
(means over the epochs with a victim satellite above the mask of the worst
victim satellite's ΔC/N0; worst = its maximum); --series writes instead one
row per site, epoch and victim:
  site,time_utc,victim_system,victim,n_visible,n_victims,worst_prn,
  worst_channel,self_db,intra_db,inter_db,total_db,mean_total_db
(n_visible: satellites above the mask; mean_total_db: over the victim
satellites; empty or NaN where no victim satellite is up). Without a gain
table every victim satellite of a CDMA signal sees the same sky: worst_prn
is then the first of them (in --systems order, then PRN). --victim chooses
the victims (default: every signal of the loaded systems that is
transmitted). --plot FILE.png|.svg draws ΔC/N0 over time (one victim: total,
intra- and inter-system; several: each victim's total), one figure per site
(FILE-SITE.png with several sites).

Map (--grid DEG [--region LATMIN,LATMAX,LONMIN,LONMAX], one --victim): per
cell centre (height 0)
  lat_deg,lon_deg,victim_epochs,mean_total_db,worst_total_db,mean_intra_db,
  mean_inter_db,mean_self_db
and --plot draws --plot-quantity (mean, worst, mean_intra, mean_inter).

dB values have 3 decimals; the table's format comes from --format, else the
-o name, else table for the summary and csv for the series and the map.
Limits: memory O(satellites × 2048 epochs + cells); work sites or cells ×
epochs, refused above the limits unless --force.`

const spectrumCN0Example = `gnssim spectrum cn0 --site beijing --plot cn0-beijing.png
gnssim spectrum cn0 --site moscow --victim L1OF,L3OC --series -o moscow.csv
gnssim spectrum cn0 --site beijing --victim B1C --systems glonass,beidou --plot b1c.png
gnssim spectrum cn0 --grid 5 --victim B1C --duration 6h --step 10m --plot b1c-map.png -o b1c-map.csv`

func parseSpectrumCN0(e *env, args []string) (*job.SpectrumCN0, error) {
	var (
		in                      inputFlags
		pf                      periodFlags
		rf                      receiverFlags
		of                      outputFlags
		sites, victims, signals []string
		rx, powers              []string
		region                  string
		gridDeg                 float64
		j                       job.SpectrumCN0
	)
	fs := newFlagSet("spectrum cn0", "gnssim spectrum cn0 (--site SITE ... | --grid DEG --victim SIGNAL) [flags]", spectrumCN0Description, spectrumCN0Example)
	in.register(fs)
	// Interference adds up over every system: all by default (see the help).
	in.systems = "all"
	fs.Lookup("systems").DefValue = "all"
	pf.register(fs, "24h", "60s")
	rf.register(fs, false, false)
	// Every satellite above the horizon interferes: mask 0 by default.
	rf.mask = 0
	fs.Lookup("mask").DefValue = "0"
	fs.Lookup("mask").Usage += " (default 0 here: every satellite above the horizon interferes)"
	fs.StringArrayVar(&sites, "site", nil, siteHelp+"; repeatable")
	fs.Float64Var(&gridDeg, "grid", 0, "a map instead of sites: cell size in degrees (must divide 180); needs one --victim")
	fs.StringVar(&region, "region", "", "the map's box LATMIN,LATMAX,LONMIN,LONMAX in degrees east, on the grid lines (default: the globe)")
	fs.StringArrayVar(&victims, "victim", nil, "victim signals, comma-separated or repeated (default at sites: every transmitted signal of the loaded systems; a map needs one)")
	fs.StringArrayVar(&signals, "signals", nil, "the signals the satellites transmit, comma-separated (default: every catalogue signal of their system)")
	fs.StringArrayVar(&rx, "rx-bandwidth", nil, "victim receiver bandwidth in MHz: MHZ for every victim or SIGNAL=MHZ (repeatable); default: the catalogue's")
	fs.StringArrayVar(&powers, "power", nil, "received power of a signal before the gain table: SIGNAL=DBW (repeatable; default: the ICD minimum)")
	fs.Float64Var(&j.N0DBWHz, "n0", spectrum.DefaultN0DBWHz, "noise density N0 in dBW/Hz (default: the customary RNSS compatibility value, an assumption)")
	fs.StringVar(&j.GainTable, "gain-table", "", "elevation-dependent power offset: a file of 'EL_DEG OFFSET_DB' lines (or YAML elevation_gain_db), added to every received power")
	fs.BoolVar(&j.Series, "series", false, "sites: write the per-epoch series instead of the summary")
	of.register(fs, output.Text)
	fs.StringVar(&j.Plot, "plot", "", "draw ΔC/N0 over time (sites; FILE-SITE.png with several) or the map (--grid) into FILE.png or FILE.svg")
	fs.StringVar(&j.PlotQuantity, "plot-quantity", "mean", "the map's quantity: "+strings.Join(job.CN0Quantities, ", "))
	fs.BoolVar(&j.Force, "force", false, "run even above the memory and work limits, or far from the element-set epochs")
	if err := fs.parse(e, args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, usagef("unexpected argument %q (spectrum cn0 takes only flags; sites with --site)", fs.Arg(0))
	}
	var err error
	if fs.Changed("grid") {
		if len(sites) > 0 {
			return nil, usagef("--site and --grid exclude each other: a series at sites, or a map")
		}
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
		if j.Series {
			return nil, usagef("--series applies to sites, not to a map (--grid)")
		}
	} else {
		if region != "" {
			return nil, usagef("--region needs --grid DEG")
		}
		if len(sites) == 0 {
			return nil, usagef("give --site SITE (repeatable) for a series, or --grid DEG --victim SIGNAL for a map; built-in cities: %s", job.CityNames())
		}
		if j.Sites, err = job.ParseSites(sites); err != nil {
			return nil, err
		}
		if fs.Changed("plot-quantity") {
			return nil, usagef("--plot-quantity applies to a map (--grid)")
		}
	}
	j.Victims = job.SplitSignals(victims)
	j.Signals = job.SplitSignals(signals)
	if j.Rx, err = job.ParseRxBandwidths(rx); err != nil {
		return nil, err
	}
	if j.Powers, err = job.ParsePowers(powers); err != nil {
		return nil, err
	}
	if err := job.CheckN0(j.N0DBWHz); err != nil {
		return nil, err
	}
	def := output.CSV
	if j.Grid == nil && !j.Series {
		def = output.Text
	}
	if j.Format, j.Precision, err = of.resolve(def); err != nil {
		return nil, err
	}
	j.Output = of.output
	if j.Inputs, err = in.inputs(); err != nil {
		return nil, err
	}
	if j.Period, err = pf.period(); err != nil {
		return nil, err
	}
	if j.Receiver, err = rf.receiver(); err != nil {
		return nil, err
	}
	return &j, nil
}
