package main

// Flag groups shared by the commands: each registers its flags on a
// command's flag set and, after parsing, gives the typed parameters of a
// job (package internal/job). Enumerated values are case-insensitive
// everywhere.

import (
	"fmt"
	"strings"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/job"
	"github.com/gnssim/gnssim/cmd/gnssim/internal/output"
	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/sim"
)

// inputFlags are --tle, --systems, --include-nonoperational, --strict.
type inputFlags struct {
	tle, nav, sp3 []string
	systems       string
	includeNonOp  bool
	strict        bool
}

func (o *inputFlags) register(fs *flagSet) {
	fs.StringArrayVar(&o.tle, "tle", nil, "element-set file, TLE or OMM (JSON, CSV, XML) by content; repeatable; cache:GROUP for a 'gnssim tle fetch' download (default: the built-in "+ephemeris.BuiltinSnapshot+" snapshot)")
	fs.StringArrayVar(&o.nav, "nav", nil, "RINEX navigation file (2.x, 3.0x, 4.0x; plain or gzip) as the source of positions instead of element sets: broadcast orbits, gaps where no valid record; repeatable")
	fs.StringArrayVar(&o.sp3, "sp3", nil, "SP3-c/d precise-orbit file (plain or gzip) as the source of positions instead of element sets: interpolated, never extrapolated; repeatable (consecutive days)")
	fs.StringVar(&o.systems, "systems", "glonass,beidou", "systems to simulate: names (glonass,beidou,gps,galileo,qzss,navic,sbas), letters (R,C,G,E,J,I,S) or all")
	fs.BoolVar(&o.includeNonOp, "include-nonoperational", false, "also use element sets with no current PRN/slot (spares, tests, retired)")
	fs.BoolVar(&o.strict, "strict", false, "a refused element set or a propagation failure is an error (exit 1) instead of a warning, in every command")
}

func (o *inputFlags) inputs() (job.Inputs, error) {
	systems, err := ephemeris.ParseSystems(o.systems)
	if err != nil {
		return job.Inputs{}, usagef("--systems: %v", err)
	}
	in := job.Inputs{TLE: o.tle, Nav: o.nav, SP3: o.sp3, Systems: systems, IncludeNonOperational: o.includeNonOp, Strict: o.strict}
	return in, in.Validate()
}

// periodFlags are --start, --duration, --step.
type periodFlags struct {
	start, duration, step string
	fs                    *flagSet
}

func (o *periodFlags) register(fs *flagSet, defDuration, defStep string) {
	fs.StringVar(&o.start, "start", "", "start of the period, RFC 3339 (UTC, e.g. 2026-03-18T00:00:00Z; an offset such as +03:00 is converted to UTC; 23:59:60 is taken as the next second) or a date (default: 00:00 UTC of the day of the newest element set)")
	o.fs = fs
	fs.StringVar(&o.duration, "duration", defDuration, "length of the period, e.g. 24h, 90m, 7d (at most 10 000 000 epochs; by default, with --nav or --sp3 files, it ends where their data end when that comes sooner)")
	fs.StringVar(&o.step, "step", defStep, "time step, e.g. 60s, 5m")
}

func (o *periodFlags) period() (job.Period, error) {
	var p job.Period
	if o.start != "" {
		t, err := job.ParseTime(o.start)
		if err != nil {
			return p, usagef("--start: %v", err)
		}
		p.Start = t
	}
	d, err := job.ParseDuration(o.duration)
	if err != nil {
		return p, usagef("--duration: %v", err)
	}
	s, err := job.ParseDuration(o.step)
	if err != nil {
		return p, usagef("--step: %v", err)
	}
	p.Duration, p.Step = d, s
	p.DurationDefault = o.fs != nil && !o.fs.Changed("duration")
	if err := p.Validate(); err != nil {
		return p, err
	}
	return p, nil
}

// receiverFlags are --mask, --mask-file and (with model) --clock,
// --weighting and (with pdop) --pdop-max.
type receiverFlags struct {
	mask              float64
	maskFile          string
	clock, weighting  string
	isbSigma          float64 // ns
	pdopMax           float64
	hasModel, hasPDOP bool
	fs                *flagSet
}

func (o *receiverFlags) register(fs *flagSet, model, pdop bool) {
	o.hasModel, o.hasPDOP, o.fs = model, pdop, fs
	fs.Float64Var(&o.mask, "mask", 10, "elevation mask, degrees above the horizon, 0 ≤ mask < 90")
	fs.StringVar(&o.maskFile, "mask-file", "", "azimuth-dependent mask: a text file of 'AZ_DEG EL_DEG' lines, azimuths increasing in [0, 360] (a 360 line must repeat the 0 line), elevations in [0, 90), interpolated in azimuth; overrides --mask")
	if model {
		fs.StringVar(&o.clock, "clock", "per-system", "receiver clock model of the combination: per-system (inter-system biases unknown), common (known), or isb-prior (with --isb-sigma)")
		fs.Float64Var(&o.isbSigma, "isb-sigma", 0, "NS: a clock per system with each inter-system bias known to within NS nanoseconds (a prior between common and per-system; sets --clock isb-prior). DOP is unitless: the prior is weighed against a 1 m ranging σ (NS·0.2998 m ÷ 1 m)")
		fs.StringVar(&o.weighting, "weighting", "none", "observation weighting: none, or elevation (variance ∝ 1/sin²el)")
	}
	if pdop {
		fs.Float64Var(&o.pdopMax, "pdop-max", sim.DefaultPDOPMax, "availability threshold: an epoch is available when PDOP ≤ this (> 0)")
	}
}

func (o *receiverFlags) receiver() (job.Receiver, error) {
	var r job.Receiver
	if o.maskFile != "" {
		m, err := job.ReadMaskFile(o.maskFile)
		if err != nil {
			return r, err // a problem of the file's data: exit 1, with its line
		}
		r.Mask, r.MaskFile = m, o.maskFile
	} else {
		r.Mask = sim.Mask{ElevationDeg: o.mask}
		if err := r.Mask.Validate(); err != nil {
			return r, usagef("--mask: %v", err)
		}
	}
	if o.hasModel {
		c, err := sim.ParseClockModel(o.clock)
		if err != nil {
			return r, usagef("--clock: %v", err)
		}
		w, err := sim.ParseWeighting(o.weighting)
		if err != nil || strings.TrimSpace(o.weighting) == "" {
			return r, usagef("--weighting %q: want none or elevation", o.weighting)
		}
		r.Clock, r.Weighting = c, w
		isb := o.fs.Changed("isb-sigma")
		switch {
		case isb && o.fs.Changed("clock") && c != sim.ClockISBPrior:
			return r, usagef("--isb-sigma sets the isb-prior clock model; it cannot go with --clock %s", c)
		case isb && (!(o.isbSigma > 0) || o.isbSigma > 1e9):
			return r, usagef("--isb-sigma %g: want a σ in nanoseconds, > 0 (0 is --clock common; a very large σ is --clock per-system)", o.isbSigma)
		case isb:
			r.Clock, r.ISBPrior, r.ISBSigmaNS = sim.ClockISBPrior, true, o.isbSigma
		case c == sim.ClockISBPrior:
			return r, usagef("--clock isb-prior needs --isb-sigma NS")
		}
	}
	if o.hasPDOP {
		if !(o.pdopMax > 0) || o.pdopMax > 1e6 {
			return r, usagef("--pdop-max %g: want a positive number such as 6", o.pdopMax)
		}
		r.PDOPMax = o.pdopMax
	}
	return r, nil
}

// outputFlags are --format, -o and --precision of a table.
type outputFlags struct {
	format, output, precision string
}

func (o *outputFlags) register(fs *flagSet, def output.Format) {
	fs.StringVar(&o.format, "format", "", fmt.Sprintf("table format: csv, json or table (default: from the -o file name: .csv, .json, .txt; else %s)", def))
	fs.StringVarP(&o.output, "output", "o", "", "write the table to FILE (atomically; through a symbolic link to its target) instead of standard output; - is standard output")
	fs.StringVar(&o.precision, "precision", "fixed", "numbers: fixed (each column's documented decimals) or full (round-trip precision, for regression and verification work)")
}

func (o *outputFlags) resolve(def output.Format) (output.Format, output.Precision, error) {
	f, err := output.TableFormat(o.format, o.output, def)
	if err != nil {
		return f, 0, usagef("%v", err)
	}
	p, err := output.ParsePrecision(o.precision)
	if err != nil {
		return f, p, usagef("--precision: %v", err)
	}
	return f, p, nil
}
