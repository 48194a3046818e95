package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/job"
	"github.com/gnssim/gnssim/cmd/gnssim/internal/output"
	"github.com/gnssim/gnssim/sim/integrity"
)

// gnssim window: the best windows of a given length at a site.

func runWindow(ctx context.Context, e *env, args []string) error {
	j, err := parseWindow(e, args)
	if err != nil {
		return err
	}
	return runJob(ctx, e, j)
}

// parseWindow parses and checks the command line before any work.
func parseWindow(e *env, args []string) (*job.BestWindow, error) {
	var (
		in                         inputFlags
		pf                         periodFlags
		rf                         receiverFlags
		of                         outputFlags
		sites                      []string
		length, by, service, rule  string
		top                        int
		j                          job.BestWindow
		integrityOnly, pdopOnlyArg = []string{"service", "rule", "ism"}, "pdop-max"
	)
	fs := newFlagSet("window", "gnssim window --site SITE --length DURATION [--by pdop|integrity] [--top N] [flags]", windowDescription, windowExample)
	in.register(fs)
	pf.register(fs, "24h", "60s")
	fs.StringArrayVar(&sites, "site", nil, siteHelp+"; exactly one, required")
	fs.StringVar(&length, "length", "", "length of the windows, e.g. 2h, 90m: a positive multiple of --step, at most --duration (required)")
	fs.StringVar(&by, "by", job.WindowByPDOP, "criterion: pdop (the lowest mean PDOP among the windows whose every epoch has PDOP ≤ --pdop-max) or integrity (the highest ARAIM availability of --service; ties: the lower mean VPL, HPL for RNP)")
	fs.IntVar(&top, "top", 1, fmt.Sprintf("the N best windows that do not overlap each other, 1 to %d", job.MaxWindowTop))
	rf.register(fs, true, true)
	fs.Lookup("mask").Usage = fmt.Sprintf("elevation mask, degrees above the horizon, 0 ≤ mask < 90; %g when not given with --by integrity, as the integrity command", float64(job.IntegrityMaskDeg))
	fs.StringVar(&service, "service", integrity.LPV200.Name, "with --by integrity: the service, "+serviceNames()+" (see 'gnssim integrity --help')")
	fs.StringVar(&rule, "rule", integrity.RuleADD.String(), "with --by integrity: the fault modes to monitor, add or 2012 (as the integrity command)")
	fs.StringVar(&j.ISMFile, "ism", "", "with --by integrity: integrity support message and airborne-model overrides per system, a YAML or JSON file (as the integrity command)")
	of.register(fs, output.Text)
	fs.BoolVar(&j.Force, "force", false, "run even above the memory and work limits, or far from the element-set epochs")
	if err := fs.parse(e, args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, usagef("unexpected argument %q (window takes only flags)", fs.Arg(0))
	}
	var err error
	if j.Inputs, err = in.inputs(); err != nil {
		return nil, err
	}
	if j.Period, err = pf.period(); err != nil {
		return nil, err
	}
	if len(sites) != 1 {
		return nil, usagef("give exactly one --site (got %d): a city such as beijing, or LAT,LON[,HEIGHT_M]; built-in cities: %s", len(sites), job.CityNames())
	}
	parsed, err := job.ParseSites(sites)
	if err != nil {
		return nil, err
	}
	j.Site = parsed[0]
	if length == "" {
		return nil, usagef("--length is required: the length of the windows, e.g. 2h")
	}
	if j.Length, err = job.ParseDuration(length); err != nil {
		return nil, usagef("--length: %v", err)
	}
	switch j.By = strings.ToLower(strings.TrimSpace(by)); j.By {
	case job.WindowByPDOP, job.WindowByIntegrity:
	default:
		return nil, usagef("--by %q: want pdop (lowest mean PDOP) or integrity (highest ARAIM availability)", by)
	}
	if top < 1 || top > job.MaxWindowTop {
		return nil, usagef("--top %d: want 1 to %d windows", top, job.MaxWindowTop)
	}
	j.Top = top
	if j.By == job.WindowByIntegrity {
		if fs.Changed(pdopOnlyArg) {
			return nil, usagef("--%s applies to --by pdop; --by integrity counts the epochs where --service is met", pdopOnlyArg)
		}
		if !fs.Changed("mask") {
			rf.mask = job.IntegrityMaskDeg
		}
		if j.Service, err = integrity.ParseService(service); err != nil {
			return nil, usagef("--service: %v", err)
		}
		if j.Rule, err = integrity.ParseRule(rule); err != nil {
			return nil, usagef("--rule %q: want add or 2012", rule)
		}
	} else {
		for _, f := range integrityOnly {
			if fs.Changed(f) {
				return nil, usagef("--%s applies to --by integrity", f)
			}
		}
	}
	if j.Receiver, err = rf.receiver(); err != nil {
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

const windowDescription = `The best window of a given length at one site: when to observe, fly or
survey. The series of the combination of every system of --systems (the last
column of 'gnssim dop' and 'gnssim integrity') is computed over the period
(--start, --duration, --step), then every window of --length is scored:

  --by pdop       (default) the candidates are the windows whose every epoch
                  is available (a finite PDOP ≤ --pdop-max); the best has the
                  lowest mean PDOP
  --by integrity  ARAIM as 'gnssim integrity --site' computes it (--service,
                  default LPV-200; --rule; --ism; --clock or --isb-sigma; the
                  mask is 5° unless --mask or --mask-file is given); the
                  candidates are the windows with the service met at one
                  epoch at least; the best has the highest availability
                  (epochs met ÷ epochs), ties going to the lower mean VPL
                  (HPL for the horizontal-only RNP services) over the epochs
                  with a result

Equal scores go to the earlier start. A window of length L at step s holds the
n = L/s epochs start, start+s, ..., start+(n-1)s and is reported as start_utc
to end_utc = start + L; --length must be a positive multiple of --step and at
most --duration. --top N gives the N best windows that do not overlap each
other, best first (greedy: the best, then the best that overlaps none chosen,
...); fewer when fewer fit.

Output (stdout or -o FILE; format from --format or the -o name, else table):
one row per window, ranked,
  --by pdop:      site,rank,start_utc,end_utc,epochs,mean_pdop,max_pdop,
                  min_visible,windows_considered
  --by integrity: site,rank,start_utc,end_utc,epochs,availability_pct,
                  mean_vpl_m,max_vpl_m,mean_hpl_m,windows_considered
PDOP to 3 decimals, availability to 1, metres to 2 (--precision full: all
digits); min_visible is the fewest satellites of the combination above the
mask at an epoch of the window; windows_considered is the number of candidate
windows (the same on every row). JSON: one document {"run":...,"windows":[...]}
whose "run" records the criterion under parameters.window (by, length_s,
epochs_per_window, top, variant, windows_total, windows_considered) and, with
--by integrity, the ARAIM parameters under parameters.integrity. When no
window qualifies the table has no rows and a note on stderr says why.`

const windowExample = `gnssim window --site beijing --length 2h
gnssim window --site moscow --length 30m --step 5m --top 3 --pdop-max 3 --format csv
gnssim window --site beijing --length 1h --step 10m --by integrity --service LPV-250`
