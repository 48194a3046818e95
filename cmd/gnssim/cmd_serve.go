package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"time"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/job"
	"github.com/gnssim/gnssim/cmd/gnssim/internal/web"
)

// gnssim serve: the planning tool in a browser (package internal/web).

const serveDescription = `A local web app: pick a receiver on a world map (or a city, or coordinates),
a period, a mask or a horizon, the systems, the clock model and the
weighting, and see the comparison table (each system alone and combined),
the sky plot, visible counts and DOP over the period linked by one time
scrubber, regional coverage maps, the best window of a given length and ARAIM
integrity; every view downloads as CSV, JSON, PNG or SVG, and the page shows
the equivalent gnssim command line.

One binary, offline: the page, its scripts and the coastline map are
embedded; nothing is fetched from the internet. The JSON API behind the page
(/api/v1/..., documented in cmd/gnssim/internal/web/API.md) runs the same
jobs as the command line: its JSON bodies are the CLI's bytes.

The server listens on the loopback address by default: it is meant for the
user of this machine. It has no authentication; --addr with another interface
makes it reachable by others (it then says so). Each request is bounded by the
command line's memory/work model with smaller budgets (512 MiB, 5e8
receiver-epochs, 2e8 satellite positions); at most --max-running computations
run at once. SIGINT or SIGTERM stops it cleanly (exit 0).`

const serveExample = `gnssim serve                       # then open http://127.0.0.1:8080/
gnssim serve --addr 127.0.0.1:9000 --nav BRDC00WRD_R_20200010000_01D_MN.rnx.gz`

func runServe(ctx context.Context, e *env, args []string) error {
	var (
		addr       string
		maxRunning int
		maxWaiting int
		quiet      bool
		in         inputFlags
	)
	fs := newFlagSet("serve", "gnssim serve [--addr HOST:PORT] [--tle FILE | --nav FILE | --sp3 FILE]", serveDescription, serveExample)
	fs.StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on, HOST:PORT (port 0: any free port)")
	fs.IntVar(&maxRunning, "max-running", 0, "computations run at once (default: the number of CPUs)")
	fs.IntVar(&maxWaiting, "max-waiting", 64, "requests that may wait for a turn; beyond that they are refused (503, Retry-After)")
	fs.BoolVar(&quiet, "quiet", false, "do not log each request on stderr")
	in.register(fs)
	fs.MarkHidden("systems") // chosen per request
	fs.MarkHidden("strict")
	if err := fs.parse(e, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if fs.Changed("systems") || fs.Changed("strict") {
		return usagef("--systems and --strict are chosen per request in the page; serve takes the data only (--tle, --nav, --sp3, --include-nonoperational)")
	}
	if maxRunning < 0 {
		return usagef("--max-running %d: want ≥ 0", maxRunning)
	}
	if maxWaiting < 1 {
		return usagef("--max-waiting %d: want ≥ 1", maxWaiting)
	}
	data, err := in.inputs()
	if err != nil {
		return err
	}
	data.Systems = nil
	var logw io.Writer = e.stderr
	if quiet {
		logw = io.Discard
	}
	srv, err := newWebServer(data, maxRunning, maxWaiting, log.New(logw, "gnssim serve: ", log.LstdFlags))
	if err != nil {
		return err
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return usagef("--addr %s: %v", addr, err)
	}
	url := "http://" + ln.Addr().String() + "/"
	if tcp, ok := ln.Addr().(*net.TCPAddr); ok && !tcp.IP.IsLoopback() {
		fmt.Fprintf(e.stderr, "gnssim serve: %s (Ctrl-C to stop)\n", url)
		fmt.Fprintf(e.stderr, "gnssim serve: warning: %s is not a loopback address: anyone who can reach it can use this server (it has no authentication)\n", tcp.IP)
	} else {
		fmt.Fprintf(e.stderr, "gnssim serve: %s (loopback only: this machine; --addr HOST:PORT to change; Ctrl-C to stop)\n", url)
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute,
		ErrorLog: log.New(logw, "gnssim serve: http: ", 0), BaseContext: func(net.Listener) context.Context { return context.Background() }}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	select {
	case err := <-served:
		return fmt.Errorf("serving %s: %w", url, err)
	case <-ctx.Done():
	}
	// Stop: refuse new connections, cancel the computations, give the
	// answers in flight a few seconds.
	fmt.Fprintln(e.stderr, "gnssim serve: stopping")
	srv.Close()
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	fmt.Fprintln(e.stderr, "gnssim serve: stopped")
	return nil
}

// newWebServer is the web front end over data, parsing requests with the
// command line's own parsers.
func newWebServer(data job.Inputs, maxRunning, maxWaiting int, logger *log.Logger) (*web.Server, error) {
	return web.New(web.Config{Version: version, Data: data, MaxRunning: maxRunning, MaxWaiting: maxWaiting, Log: logger, Parse: parseWebJob})
}

// parseWebJob parses a command line of a web request with the CLI's
// parsers (the commands the API offers).
func parseWebJob(args []string) (web.Job, error) {
	e := &env{stdout: io.Discard, stderr: io.Discard}
	cmd, rest := "", []string(nil)
	if len(args) > 0 {
		cmd, rest = args[0], args[1:]
	}
	if cmd == "spectrum" && len(rest) > 0 {
		cmd, rest = "spectrum "+rest[0], rest[1:]
	}
	switch cmd {
	case "compare":
		return asWebJob(parseCompare(e, rest))
	case "dop":
		return asWebJob(parseDOP(e, rest))
	case "window":
		return asWebJob(parseWindow(e, rest))
	case "skyplot":
		return asWebJob(parseSkyplot(e, rest))
	case "coverage":
		return asWebJob(parseCoverage(e, rest))
	case "integrity":
		return asWebJob(parseIntegrity(e, rest))
	case "spectrum psd":
		return asWebJob(parseSpectrumPSD(e, rest))
	case "spectrum cn0":
		return asWebJob(parseSpectrumCN0(e, rest))
	}
	return nil, usagef("%q is not served", cmd)
}

// asWebJob is a parser's job as a web.Job (nil on an error, not a typed nil).
func asWebJob[J web.Job](j J, err error) (web.Job, error) {
	if err != nil {
		return nil, err
	}
	return j, nil
}
