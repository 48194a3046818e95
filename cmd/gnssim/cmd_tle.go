package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/output"
	"github.com/gnssim/gnssim/ephemeris/celestrak"
)

// tleBaseURLEnv names the environment variable that points `gnssim tle` at
// another CelesTrak-compatible server (tests use a local httptest server);
// the hidden flag --base-url does the same.
const tleBaseURLEnv = "GNSSIM_CELESTRAK_URL"

// runTLE is `gnssim tle fetch|path`.
func runTLE(ctx context.Context, e *env, args []string) error {
	const help = `Usage: gnssim tle fetch GROUP... [--format json|tle|csv|xml] [--force] [--cache-dir DIR]
       gnssim tle path GROUP [--format F] [--cache-dir DIR]

Fresh element sets from CelesTrak's GP service (https://celestrak.org), kept in a cache folder
(default: $XDG_CACHE_HOME/gnssim/celestrak, else ~/.cache/gnssim/celestrak).

  fetch  download each group (OMM JSON by default) unless the cached copy is younger than CelesTrak's
         2-hour update cycle; prints per group the cached file, its number of element sets and whether
         it came from the cache. A failed or invalid download never replaces a good cached file.
  path   print the cached file of a group (for scripts); exit 1 if it has not been fetched.

Groups: glonass (R), beidou (C), gps (G), galileo (E), sbas, qzss and navic (both in CelesTrak's gnss
group), or any CelesTrak group name such as gnss. Other commands read the cache with --tle cache:GROUP.

Example:
  gnssim tle fetch glonass beidou && gnssim compare --tle cache:glonass --tle cache:beidou --site moscow
`
	if len(args) == 0 {
		return usagef("want a subcommand: fetch or path (gnssim tle --help)")
	}
	switch args[0] {
	case "-h", "--help", "help":
		fmt.Fprint(e.stdout, help)
		return nil
	case "fetch":
		return runTLEFetch(ctx, e, args[1:])
	case "path":
		return runTLEPath(ctx, e, args[1:])
	}
	return usagef("unknown subcommand %q: want fetch or path", args[0])
}

// tleClientOptions are the flags shared by tle fetch and tle path.
type tleClientOptions struct {
	format, cacheDir, baseURL string
}

func (o *tleClientOptions) register(fs *flagSet) {
	fs.StringVar(&o.format, "format", "json", "download format: json (OMM JSON), tle (3-line TLE), csv (OMM CSV) or xml (OMM XML)")
	fs.StringVar(&o.cacheDir, "cache-dir", "", "cache folder (default: $XDG_CACHE_HOME/gnssim/celestrak, else ~/.cache/gnssim/celestrak)")
	fs.StringVar(&o.baseURL, "base-url", "", "CelesTrak server (for tests; also $"+tleBaseURLEnv+")")
	_ = fs.MarkHidden("base-url")
}

func (o *tleClientOptions) client() *celestrak.Client {
	c := &celestrak.Client{CacheDir: o.cacheDir, BaseURL: o.baseURL}
	if c.BaseURL == "" {
		c.BaseURL = os.Getenv(tleBaseURLEnv)
	}
	return c
}

func runTLEFetch(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("tle fetch", "gnssim tle fetch GROUP... [--format json|tle|csv|xml] [--force] [--cache-dir DIR]",
		"Download CelesTrak GP groups into the cache, or serve them from it when fetched less than 2 hours ago\n"+
			"(CelesTrak's update cycle; it asks clients not to download a group more often). Requests time out,\n"+
			"are retried a few times with backoff on network errors, 429 and 5xx, and are never retried on 403.\n"+
			"A failed, partial or invalid download never replaces a good cached file. Use the result with\n"+
			"--tle cache:GROUP in the other commands.",
		"gnssim tle fetch glonass beidou")
	var o tleClientOptions
	o.register(fs)
	var force, verbose bool
	var timeout time.Duration
	fs.BoolVar(&force, "force", false, "download even when the cached copy is fresh (CelesTrak may answer 403 to clients that do this often)")
	fs.DurationVar(&timeout, "timeout", celestrak.DefaultTimeout, "time allowed for one request, answer included")
	fs.BoolVarP(&verbose, "verbose", "v", false, "print each request and retry on stderr")
	if err := fs.parse(e, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("name at least one group, e.g. gnssim tle fetch glonass beidou")
	}
	format, err := celestrak.ParseFormat(o.format)
	if err != nil {
		return usagef("--format: %v", err)
	}
	if timeout <= 0 {
		return usagef("--timeout %s must be positive", timeout)
	}
	var groups []string
	for _, g := range fs.Args() {
		if _, err := celestrak.ResolveGroup(g); err != nil {
			return usagef("%v", err)
		}
		groups = append(groups, g)
	}
	c := o.client()
	c.Timeout = timeout
	if verbose {
		c.Log = e.stderr
	}
	// The table goes to stdout only when every group succeeded: a script
	// reading stdout never sees a partial result (what did succeed is
	// listed on stderr then).
	var table bytes.Buffer
	tw := tabwriter.NewWriter(&table, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "GROUP\tFORMAT\tSETS\tSOURCE\tPATH")
	var failed, ok []string
	for _, g := range groups {
		res, err := c.Fetch(ctx, g, format, force)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			fmt.Fprintf(e.stderr, "gnssim tle fetch: %s: %v\n", g, strings.TrimPrefix(err.Error(), "celestrak: "))
			failed = append(failed, g)
			continue
		}
		src := "downloaded"
		if res.FromCache {
			src = "cache (fetched " + output.FormatTime(res.FetchedAt) + ")"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\n", res.Group, res.Format, res.Sets, src, res.Path)
		ok = append(ok, fmt.Sprintf("%s (%d sets, %s)", res.Group, res.Sets, res.Path))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(failed) > 0 {
		if len(ok) > 0 {
			fmt.Fprintf(e.stderr, "gnssim tle fetch: fetched %s\n", strings.Join(ok, ", "))
		}
		return fmt.Errorf("%d of %d groups failed (%s); any good cached copy was kept", len(failed), len(groups), strings.Join(failed, ", "))
	}
	_, err = e.stdout.Write(table.Bytes())
	return err
}

func runTLEPath(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("tle path", "gnssim tle path GROUP [--format json|tle|csv|xml] [--cache-dir DIR]",
		"Print the cached file of a CelesTrak group, as --tle cache:GROUP would read it: without --format,\n"+
			"the most recently fetched format. Exit 1 when the group has not been fetched.",
		"gnssim tle path glonass")
	var o tleClientOptions
	o.register(fs)
	if err := fs.parse(e, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("want exactly one group, e.g. gnssim tle path glonass")
	}
	g := fs.Arg(0)
	if _, err := celestrak.ResolveGroup(g); err != nil {
		return usagef("%v", err)
	}
	ref := celestrak.CacheRefPrefix + g
	if fs.Changed("format") {
		f, err := celestrak.ParseFormat(o.format)
		if err != nil {
			return usagef("--format: %v", err)
		}
		ref += ":" + f
	}
	p, _, err := celestrak.ResolveCacheRef(ref, o.cacheDir)
	if err != nil {
		return errors.New(strings.TrimPrefix(err.Error(), "celestrak: "))
	}
	fmt.Fprintln(e.stdout, p)
	return nil
}
