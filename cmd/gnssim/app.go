package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/pflag"
	"golang.org/x/term"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/job"
	"github.com/gnssim/gnssim/ephemeris"
)

// version is the gnssim version recorded in outputs; set with
// -ldflags "-X main.version=..." for releases.
var version = "0.1.0-dev"

// Exit codes.
const (
	exitOK          = 0
	exitRuntime     = 1   // the command ran and failed (bad input data, I/O, SGP4 failure in strict mode, ...)
	exitUsage       = 2   // the command line is wrong
	exitInterrupted = 130 // SIGINT / SIGTERM: stopped cleanly, no partial output files
)

// env is what a command may touch: streams and the terminal state. Tests
// build one with in-memory buffers.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	// progress is true when stderr is a terminal: only then a progress bar is drawn.
	progress bool
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

func commands() []command {
	return []command{
		{"compare", "each system alone and combined, side by side, at sites or over a region (the headline)", runCompare},
		{"dop", "DOP and visible-count time series at one or more sites", runDOP},
		{"window", "the best window of a given length at a site: lowest mean PDOP of the combination, or best ARAIM availability", runWindow},
		{"coverage", "coverage map over a global or regional grid (shardable)", runCoverage},
		{"integrity", "ARAIM protection levels and service availability, each system alone and combined, at sites, for sky files, or as maps", runIntegrity},
		{"spectrum", "signal compatibility: signal catalogue, spectral separation, PSD plots, C/N0 degradation by the simulated sky", runSpectrum},
		{"skyplot", "sky plot (azimuth/elevation tracks) for one site", runSkyplot},
		{"groundtrack", "ground tracks of the constellation on a world map", runGroundtrack},
		{"propagate", "satellite positions and velocities as a table (TEME, ECEF or geodetic)", runPropagate},
		{"catalog", "the loaded element sets: system, PRN/slot, orbit, epoch, age, status, refusals", runCatalog},
		{"accuracy", "orbit differences of two sources (TLE, broadcast, SP3) per satellite and system, and at sites", runAccuracy},
		{"serve", "the planning tool in a browser: a local web app and JSON API (offline, loopback by default)", runServe},
		{"run", "run a scenario file (YAML) into an output folder", runScenario},
		{"merge", "merge coverage shards into the single-run output", runMerge},
		{"tle", "fetch fresh element sets from CelesTrak into the cache (tle fetch GROUP...)", runTLE},
		{"version", "print the version", runVersion},
	}
}

// usagef makes a usage error (exit code 2): a problem of the command line.
func usagef(format string, args ...any) error { return job.Usagef(format, args...) }

// jobEnv is the environment of the jobs a command runs: its streams, the
// version, notes on stderr and the terminal progress bar.
func (e *env) jobEnv() *job.Env {
	return &job.Env{Stdout: e.stdout, Stderr: e.stderr, Version: version,
		Progress: func(label string) job.Progress { return newProgress(e, label) }}
}

// runJob runs a job of a command and reports the files it wrote (a few
// commands say so on stderr).
type runner interface {
	Run(ctx context.Context, env *job.Env) ([]string, error)
}

func runJob(ctx context.Context, e *env, j runner) error {
	_, err := j.Run(ctx, e.jobEnv())
	return err
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	if f, ok := stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		e.progress = true
	}
	if len(args) == 0 {
		mainUsage(stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "help", "-h", "--help":
		if len(args) > 1 {
			return run(ctx, []string{args[1], "--help"}, stdin, stdout, stderr)
		}
		mainUsage(stdout)
		return exitOK
	case "--version", "-version":
		name = "version"
	}
	for _, c := range commands() {
		if c.name != name {
			continue
		}
		err := c.run(ctx, e, args[1:])
		return report(e, c.name, err, ctx)
	}
	fmt.Fprintf(stderr, "gnssim: unknown command %q\nRun 'gnssim help' for the list of commands.\n", name)
	return exitUsage
}

// report prints err in one or two plain lines and returns the exit code.
func report(e *env, cmd string, err error, ctx context.Context) int {
	if err == nil {
		return exitOK
	}
	if errors.Is(err, pflag.ErrHelp) {
		return exitOK
	}
	var ue *job.UsageError
	if errors.As(err, &ue) {
		fmt.Fprintf(e.stderr, "gnssim %s: %s\nRun 'gnssim %s --help' for usage.\n", cmd, ue.Msg, cmd)
		return exitUsage
	}
	if errors.Is(err, context.Canceled) || (ctx != nil && ctx.Err() != nil) {
		fmt.Fprintf(e.stderr, "gnssim %s: interrupted; no partial output was left behind\n", cmd)
		return exitInterrupted
	}
	fmt.Fprintf(e.stderr, "gnssim %s: %s\n", cmd, oneOrTwoLines(err.Error()))
	return exitRuntime
}

// oneOrTwoLines keeps an error message short: the first two lines, the rest elided.
func oneOrTwoLines(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) <= 2 {
		return strings.Join(lines, "\n")
	}
	return fmt.Sprintf("%s\n%s (and %d more lines; use --strict or 'gnssim catalog' for the full list)", lines[0], lines[1], len(lines)-2)
}

func mainUsage(w io.Writer) {
	fmt.Fprintf(w, `gnssim %s — what GLONASS and BeiDou (and GPS, Galileo, ...) give a receiver alone and together.

Usage: gnssim COMMAND [flags]

Commands:
`, version)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Start here:
  gnssim compare --site beijing --site moscow
  gnssim coverage --grid 2 --plot pdop.png
  gnssim skyplot --site moscow --plot sky.svg

Data: built-in CelesTrak snapshot unless --tle FILE (TLE or OMM, by content) is given.
Run 'gnssim COMMAND --help' for a command's flags and an example.
`)
}

func runVersion(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("version", "gnssim version", "Print the gnssim version.", "gnssim version")
	if err := fs.parse(e, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("version takes no arguments, got %q", fs.Arg(0))
	}
	fmt.Fprintf(e.stdout, "gnssim %s (built-in element sets: %s)\n", version, ephemeris.BuiltinSnapshot)
	return nil
}

// flagSet is a subcommand's flags plus the text its --help prints.
type flagSet struct {
	*pflag.FlagSet
	synopsis, description, example string
}

// newFlagSet makes a subcommand's flag set; usage goes to stdout on --help.
func newFlagSet(name, synopsis, description, example string) *flagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SortFlags = false
	fs.Usage = func() {}
	fs.SetOutput(io.Discard)
	return &flagSet{fs, synopsis, description, example}
}

// parse parses args; --help prints the command's usage on stdout and
// returns pflag.ErrHelp; a bad flag is a usage error.
func (fs *flagSet) parse(e *env, args []string) error {
	err := fs.Parse(args)
	if errors.Is(err, pflag.ErrHelp) {
		fmt.Fprintf(e.stdout, "Usage: %s\n\n%s\n\nFlags:\n%s\nExample:\n  %s\n", fs.synopsis, fs.description, fs.FlagUsages(), strings.ReplaceAll(fs.example, "\n", "\n  "))
		return pflag.ErrHelp
	}
	if err != nil {
		return usagef("%v", err)
	}
	return nil
}
