// Package web is gnssim's local web front end (gnssim serve): the page,
// embedded with its scripts and styles, and the JSON API under /api/v1/
// behind it (API.md documents it).
//
// The API runs the command line's own jobs: a request is translated into
// the equivalent gnssim command line, parsed by the CLI's parser (the
// Parse function of Config) and run with the output written to the
// response instead of standard output. A JSON body is therefore byte for
// byte what `gnssim COMMAND ... --format json -o -` prints, and the header
// X-Gnssim-Command gives that command line.
//
// The server binds where it is told; it is meant for the loopback
// interface (one user, one machine). Every request is bounded: parameters
// are checked and the work is priced by the CLI's memory/work model
// (job.Limits, with the server's smaller budgets) before it starts; at most
// MaxRunning computations run at once, MaxWaiting more wait, others are
// refused with 503; a client that goes away cancels its computation.
package web

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/job"
	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/sim/dataset"
	"github.com/gnssim/gnssim/sim/integrity"
	"github.com/gnssim/gnssim/sim/plot"
	"github.com/gnssim/gnssim/sim/spectrum"
)

//go:embed assets
var assets embed.FS

// Job is a parsed command: what the CLI runs.
type Job interface {
	Run(ctx context.Context, env *job.Env) ([]string, error)
}

// ParseFunc parses a gnssim command line (without the program name, e.g.
// "dop", "--site=beijing", ...) into a job exactly as the CLI does, or
// returns its usage error (a *job.UsageError naming the flag).
type ParseFunc func(args []string) (Job, error)

// Config configures a Server.
type Config struct {
	Version string
	// Parse parses command lines (required).
	Parse ParseFunc
	// Data is the satellite data served: --tle, --nav or --sp3 files
	// (none: the built-in element sets) and --include-nonoperational.
	// Systems is ignored (each request names its own).
	Data job.Inputs
	// Limits bound each request's work (zero: DefaultLimits).
	Limits job.Limits
	// MaxRunning computations run at once (0: GOMAXPROCS); MaxWaiting
	// more wait for a turn (0: 64), beyond that 503.
	MaxRunning, MaxWaiting int
	// Log receives one line per request and the errors (nil: discarded).
	Log *log.Logger
}

// DefaultLimits are the budgets of one request: 512 MiB, 5e8
// receiver-epochs (about 20 s of maps on one core at ~35 ns per
// cell-epoch), 2e8 satellite positions (about 30 s of SGP4) — a fourth of
// the command line's memory and a hundredth of its work: a page waits for
// its answers.
var DefaultLimits = job.Limits{MaxBytes: 512 << 20, MaxReceiverEpochs: 5e8, MaxSatelliteEpochs: 2e8}

// Server is the web app: an http.Handler.
type Server struct {
	cfg      Config
	info     []byte // /api/v1/info
	coast    []byte // /api/v1/coastline
	static   fs.FS
	slots    chan struct{}
	waiting  atomic.Int64
	ctx      context.Context // cancelled by Close: stops every computation
	cancel   context.CancelFunc
	progress sync.Map // rid → *tracker
	tmp      string   // the server's temporary folder
}

// New loads the data once (to describe it at /api/v1/info and to fail
// early on a bad file) and returns the server.
func New(cfg Config) (*Server, error) {
	if cfg.Parse == nil {
		return nil, errors.New("web: Config.Parse is required")
	}
	if cfg.Limits == (job.Limits{}) {
		cfg.Limits = DefaultLimits
	}
	if cfg.MaxRunning <= 0 {
		cfg.MaxRunning = runtime.GOMAXPROCS(0)
	}
	if cfg.MaxWaiting <= 0 {
		cfg.MaxWaiting = 64
	}
	if cfg.Log == nil {
		cfg.Log = log.New(io.Discard, "", 0)
	}
	s := &Server{cfg: cfg, slots: make(chan struct{}, cfg.MaxRunning)}
	var err error
	if s.info, err = s.describe(); err != nil {
		return nil, err
	}
	lines, err := plot.Coastlines()
	if err != nil {
		return nil, err
	}
	if s.coast, err = json.Marshal(struct {
		Lines [][][2]float64 `json:"lines"`
	}{lines}); err != nil {
		return nil, err
	}
	if s.static, err = fs.Sub(assets, "assets"); err != nil {
		return nil, err
	}
	if s.tmp, err = os.MkdirTemp("", "gnssim-serve-"); err != nil {
		return nil, err
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	return s, nil
}

// Close cancels the computations still running and removes the server's
// temporary files. Call it after http.Server.Shutdown.
func (s *Server) Close() error {
	s.cancel()
	return os.RemoveAll(s.tmp)
}

// describe is the /api/v1/info body.
func (s *Server) describe() ([]byte, error) {
	in := s.cfg.Data
	in.Systems = ephemeris.Systems
	ds, err := job.DefaultLoader{}.Load(in, time.Time{})
	if err != nil {
		return nil, err
	}
	for _, n := range ds.Notes() {
		s.cfg.Log.Printf("data: %s", n)
	}
	type count struct {
		System string `json:"system"`
		Count  int    `json:"count"`
	}
	type span struct {
		Start string `json:"start_utc"`
		End   string `json:"end_utc"`
	}
	type signal struct {
		Name      string  `json:"name"`
		System    string  `json:"system"`
		CentreMHz float64 `json:"centre_mhz"`
	}
	type city struct {
		Name    string  `json:"name"`
		Lat     float64 `json:"lat_deg"`
		Lon     float64 `json:"lon_deg"`
		HeightM float64 `json:"height_m"`
	}
	var info struct {
		Version string `json:"version"`
		Data    struct {
			Kind            string   `json:"kind"`
			Sources         []string `json:"sources"`
			SHA256          string   `json:"sha256"`
			NonOperational  bool     `json:"include_nonoperational"`
			Satellites      []count  `json:"satellites"`
			DefaultStartUTC string   `json:"default_start_utc"`
			Span            *span    `json:"span,omitempty"`
		} `json:"data"`
		Systems        []string `json:"systems"`
		DefaultSystems []string `json:"default_systems"`
		Cities         []city   `json:"cities"`
		Services       []string `json:"services"`
		Quantities     []string `json:"quantities"`
		CN0Quantities  []string `json:"cn0_quantities"`
		Bands          []string `json:"bands"`
		Signals        []signal `json:"signals"`
		WindowBy       []string `json:"window_by"`
		Limits         struct {
			MaxBytes           int64   `json:"max_bytes"`
			MaxReceiverEpochs  float64 `json:"max_receiver_epochs"`
			MaxSatelliteEpochs float64 `json:"max_satellite_epochs"`
			MaxRunning         int     `json:"max_running"`
		} `json:"limits"`
	}
	info.Version = s.cfg.Version
	info.Data.Kind = ds.Kind.String()
	info.Data.Sources = ds.Sources
	info.Data.SHA256 = ds.Digest
	info.Data.NonOperational = in.IncludeNonOperational
	info.Data.Satellites = []count{}
	for _, sys := range ephemeris.Systems {
		info.Systems = append(info.Systems, sys.String())
		if n := ds.Count(sys); n > 0 {
			info.Data.Satellites = append(info.Data.Satellites, count{sys.String(), n})
		}
	}
	info.Data.DefaultStartUTC = ds.DefaultStart().UTC().Format(time.RFC3339)
	if ds.Kind != dataset.ElementSets {
		from, to := ds.DataSpan()
		info.Data.Span = &span{from.UTC().Format(time.RFC3339), to.UTC().Format(time.RFC3339)}
	}
	for _, sys := range job.DefaultSystems {
		info.DefaultSystems = append(info.DefaultSystems, sys.String())
	}
	for _, c := range job.Cities {
		info.Cities = append(info.Cities, city{c.Name, c.LatDeg, c.LonDeg, c.HeightM})
	}
	for _, svc := range integrity.Services() {
		info.Services = append(info.Services, svc.Name)
	}
	info.Quantities = job.QuantityNames()
	info.CN0Quantities = job.CN0Quantities
	for _, b := range job.Bands {
		info.Bands = append(info.Bands, b.Name)
	}
	for _, sg := range spectrum.Catalogue() {
		info.Signals = append(info.Signals, signal{sg.Name, sg.System.String(), sg.CentreMHz})
	}
	info.WindowBy = []string{"pdop", "integrity"}
	info.Limits.MaxBytes = s.cfg.Limits.MaxBytes
	info.Limits.MaxReceiverEpochs = s.cfg.Limits.MaxReceiverEpochs
	info.Limits.MaxSatelliteEpochs = s.cfg.Limits.MaxSatelliteEpochs
	info.Limits.MaxRunning = s.cfg.MaxRunning
	return json.MarshalIndent(info, "", "  ")
}

// Security headers of every response (API.md).
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	sw := &statusWriter{ResponseWriter: w}
	h := w.Header()
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.cfg.Log.Printf("panic serving %s: %v\n%s", r.URL, v, debug.Stack())
			if !sw.wrote {
				writeError(sw, &ParamError{Status: 500, Message: "internal error (a bug in gnssim: please report it with the request)"})
			}
		}
		s.cfg.Log.Printf("%s %s %d %s", r.Method, r.URL.RequestURI(), sw.status, time.Since(start).Round(time.Millisecond))
	}()
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		writeError(sw, &ParamError{Status: 405, Message: fmt.Sprintf("method %s: the server is read-only, use GET", r.Method)})
		return
	}
	p := r.URL.Path
	if rest, ok := strings.CutPrefix(p, "/api/v1/"); ok {
		s.api(sw, r, rest)
		return
	}
	s.asset(sw, r, p)
}

func (s *Server) api(w http.ResponseWriter, r *http.Request, name string) {
	switch name {
	case "info":
		if err := noParams(r); err != nil {
			writeError(w, err)
			return
		}
		writeBody(w, "application/json", s.info)
		return
	case "coastline":
		if err := noParams(r); err != nil {
			writeError(w, err)
			return
		}
		w.Header().Set("Cache-Control", "max-age=86400")
		writeBody(w, "application/json", s.coast)
		return
	case "progress":
		s.handleProgress(w, r)
		return
	}
	for i := range endpoints {
		if endpoints[i].path == name {
			s.compute(w, r, &endpoints[i])
			return
		}
	}
	writeError(w, &ParamError{Status: 404, Message: fmt.Sprintf("no API endpoint %q (see /api/v1/info; endpoints: %s)", "/api/v1/"+name, endpointList())})
}

func endpointList() string {
	names := []string{"info", "coastline", "progress"}
	for _, ep := range endpoints {
		names = append(names, ep.path)
	}
	return strings.Join(names, ", ")
}

func noParams(r *http.Request) error {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return badParam("", "malformed query: %v", err)
	}
	for name := range q {
		return badParam(name, "unknown parameter: %s takes none", r.URL.Path)
	}
	return nil
}

// asset serves the embedded page: only the files embedded, by exact name.
func (s *Server) asset(w http.ResponseWriter, r *http.Request, p string) {
	if p == "/" {
		p = "/index.html"
	}
	if p == "/favicon.ico" {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	name := strings.TrimPrefix(p, "/")
	if name == "" || strings.Contains(name, "/") || strings.HasPrefix(name, ".") || name != path.Clean(name) {
		writeError(w, &ParamError{Status: 404, Message: fmt.Sprintf("no page %q", p)})
		return
	}
	data, err := fs.ReadFile(s.static, name)
	if err != nil {
		writeError(w, &ParamError{Status: 404, Message: fmt.Sprintf("no page %q", p)})
		return
	}
	ctype := map[string]string{".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
		".css": "text/css; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png", ".md": "text/markdown; charset=utf-8"}[path.Ext(name)]
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	w.Header().Set("Cache-Control", "no-cache")
	writeBody(w, ctype, data)
}

// tracker is the progress of one request with a rid.
type tracker struct {
	label       atomic.Value // string
	done, total atomic.Int64
}

func (t *tracker) fraction() float64 {
	d, n := t.done.Load(), t.total.Load()
	if n <= 0 {
		return 0
	}
	return min(float64(d)/float64(n), 1)
}

type trackerProgress struct{ t *tracker }

func (p trackerProgress) Update(done, total int) {
	p.t.total.Store(int64(total))
	p.t.done.Store(int64(done))
}

func (p trackerProgress) Done() { p.t.done.Store(p.t.total.Load()) }

func (s *Server) handleProgress(w http.ResponseWriter, r *http.Request) {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		writeError(w, badParam("", "malformed query: %v", err))
		return
	}
	for name := range q {
		if name != paramRID {
			writeError(w, badParam(name, "unknown parameter: /api/v1/progress takes rid"))
			return
		}
	}
	rid := q.Get(paramRID)
	if !ridRE.MatchString(rid) {
		writeError(w, badParam(paramRID, "want 1 to 64 letters, digits, '-' or '_', got %q", rid))
		return
	}
	v, ok := s.progress.Load(rid)
	if !ok {
		writeError(w, &ParamError{Status: 404, Parameter: paramRID, Message: fmt.Sprintf("no request %q is running", rid)})
		return
	}
	t := v.(*tracker)
	label, _ := t.label.Load().(string)
	body, _ := json.Marshal(struct {
		RID      string  `json:"rid"`
		Label    string  `json:"label"`
		Fraction float64 `json:"fraction"`
	}{rid, label, t.fraction()})
	w.Header().Set("Cache-Control", "no-store")
	writeBody(w, "application/json", body)
}

// compute runs a computing endpoint.
func (s *Server) compute(w http.ResponseWriter, r *http.Request, ep *endpoint) {
	dir, err := os.MkdirTemp(s.tmp, "req-")
	if err != nil {
		writeError(w, &ParamError{Status: 503, Message: "cannot make a temporary folder: " + err.Error()})
		return
	}
	defer os.RemoveAll(dir)
	horizonPath, plotPath := filepath.Join(dir, "horizon.txt"), filepath.Join(dir, commandName(ep))
	req, err := translate(ep, r.URL.RawQuery, s.cfg.Data, horizonPath, plotPath)
	if err != nil {
		writeError(w, err)
		return
	}
	if req.horizon != "" {
		if err := os.WriteFile(horizonPath, []byte(req.horizon), 0o600); err != nil {
			writeError(w, &ParamError{Status: 503, Message: "cannot write the horizon: " + err.Error()})
			return
		}
	}
	w.Header().Set("X-Gnssim-Command", req.commandLine())
	j, err := s.cfg.Parse(req.args)
	if err != nil {
		// Parsing reads only the request's own values (and its horizon):
		// whatever it refuses is a bad request.
		pe := s.jobError(ep, err, dir)
		if pe.Status == 422 && !job.IsOverLimits(err) {
			pe.Status = 400
		}
		if pe.Parameter == "" && req.horizon != "" && strings.HasPrefix(pe.Message, "horizon") {
			pe.Parameter = paramHorizon
		}
		writeError(w, pe)
		return
	}

	// The progress of a request with a rid is known from now on (waiting,
	// then running) until it ends.
	var t *tracker
	if req.rid != "" {
		t = &tracker{}
		t.label.Store("waiting")
		if _, busy := s.progress.LoadOrStore(req.rid, t); busy {
			writeError(w, badParam(paramRID, "a request with rid %q is already running", req.rid))
			return
		}
		defer s.progress.Delete(req.rid)
	}

	// Wait for a turn, bounded.
	if s.waiting.Add(1) > int64(s.cfg.MaxWaiting+s.cfg.MaxRunning) {
		s.waiting.Add(-1)
		w.Header().Set("Retry-After", "2")
		writeError(w, &ParamError{Status: 503, Message: fmt.Sprintf("busy: %d requests are running or waiting; try again shortly", s.cfg.MaxRunning+s.cfg.MaxWaiting)})
		return
	}
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	stop := context.AfterFunc(s.ctx, cancel) // Close cancels
	defer stop()
	select {
	case s.slots <- struct{}{}:
	case <-ctx.Done():
		s.waiting.Add(-1)
		s.cancelled(w, r, ep)
		return
	}
	defer func() { <-s.slots; s.waiting.Add(-1) }()
	if t != nil {
		t.label.Store(commandName(ep))
	}

	var (
		stdout  bytes.Buffer
		notes   []string
		notesMu sync.Mutex // notes may come from propagation workers
	)
	env := &job.Env{Stdout: &capWriter{buf: &stdout, max: MaxBodyBytes}, Stderr: io.Discard, Version: s.cfg.Version, Limits: s.cfg.Limits,
		Note: func(n dataset.Note) {
			notesMu.Lock()
			notes = append(notes, n.String())
			notesMu.Unlock()
		}}
	if t != nil {
		env.Progress = func(label string) job.Progress {
			t.label.Store(label)
			return trackerProgress{t}
		}
	}
	if req.figure {
		env.Stdout = io.Discard
	}
	_, err = j.Run(ctx, env)
	if err != nil {
		if ctx.Err() != nil {
			s.cancelled(w, r, ep)
			return
		}
		if errors.Is(err, errBodyTooLarge) {
			param := "step"
			if _, ok := r.URL.Query()["grid"]; ok {
				param = "grid"
			}
			writeError(w, &ParamError{Status: 422, Parameter: param, Message: fmt.Sprintf("the answer would be larger than %d MiB: ask for fewer cells (grid, region) or epochs (step, duration), a summary, or run the command line, which writes files of any size", MaxBodyBytes>>20)})
			return
		}
		writeError(w, s.jobError(ep, err, dir))
		return
	}
	// The provenance names the mask file as the command line shows it.
	body := bytes.ReplaceAll(stdout.Bytes(), []byte(horizonPath), []byte("horizon.txt"))
	ctype := map[string]string{"json": "application/json", "csv": "text/csv; charset=utf-8", "txt": "text/plain; charset=utf-8",
		"png": "image/png", "svg": "image/svg+xml"}[req.format]
	if req.figure {
		if body, err = os.ReadFile(plotPath + "." + req.format); err != nil {
			writeError(w, &ParamError{Status: 500, Message: "the figure was not written: " + err.Error()})
			return
		}
	}
	h := w.Header()
	for _, n := range notes {
		h.Add("X-Gnssim-Note", url.PathEscape(n))
	}
	h.Set("Cache-Control", "no-store")
	if req.download {
		h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="gnssim-%s.%s"`, commandName(ep), req.format))
	}
	writeBody(w, ctype, body)
}

// cancelled answers a request whose computation was cancelled: the client
// went away (logged as 499, nobody reads the answer) or the server is
// closing (503).
func (s *Server) cancelled(w http.ResponseWriter, r *http.Request, ep *endpoint) {
	if s.ctx.Err() != nil {
		writeError(w, &ParamError{Status: 503, Message: "the server is shutting down"})
		return
	}
	s.cfg.Log.Printf("%s: client went away (499); its computation was cancelled", r.URL.RequestURI())
	if sw, ok := w.(*statusWriter); ok {
		sw.status = 499
	}
}

// jobError turns an error of parsing or running a job into a 4xx.
func (s *Server) jobError(ep *endpoint, err error, dir string) *ParamError {
	msg := strings.ReplaceAll(err.Error(), filepath.Join(dir, "horizon.txt"), paramHorizon)
	msg = strings.ReplaceAll(msg, dir+string(filepath.Separator), "")
	var ue *job.UsageError
	if errors.As(err, &ue) {
		msg = strings.TrimSuffix(strings.TrimSuffix(msg, ", or add --force to run anyway"), ", or --force to simulate anyway")
		status := 400
		if ue.OverLimits {
			status = 422
		}
		return &ParamError{Status: status, Parameter: parameterOf(ep, msg, ue.OverLimits), Message: msg}
	}
	// The parameters were right but the data cannot give the answer (no
	// satellite of the systems asked, gaps): 422.
	return &ParamError{Status: 422, Parameter: parameterOf(ep, msg, false), Message: msg}
}

// writeError writes an error as JSON (API.md).
func writeError(w http.ResponseWriter, err error) {
	var pe *ParamError
	if !errors.As(err, &pe) {
		pe = &ParamError{Status: 500, Message: err.Error()}
	}
	body, _ := json.Marshal(struct {
		Error struct {
			Status    int    `json:"status"`
			Parameter string `json:"parameter,omitempty"`
			Message   string `json:"message"`
		} `json:"error"`
	}{Error: struct {
		Status    int    `json:"status"`
		Parameter string `json:"parameter,omitempty"`
		Message   string `json:"message"`
	}{pe.Status, pe.Parameter, pe.Message}})
	h := w.Header()
	h.Del("Content-Disposition")
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(pe.Status)
	w.Write(append(body, '\n'))
}

func writeBody(w http.ResponseWriter, ctype string, body []byte) {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(http.StatusOK)
	w.Write(body)
}

// MaxBodyBytes bounds a table in a response (it is built in memory); the
// command line writes files of any size.
const MaxBodyBytes = 64 << 20

var errBodyTooLarge = errors.New("response body too large")

// capWriter is a buffer that refuses to grow beyond max bytes.
type capWriter struct {
	buf *bytes.Buffer
	max int
}

func (c *capWriter) Write(p []byte) (int, error) {
	if c.buf.Len()+len(p) > c.max {
		return 0, errBodyTooLarge
	}
	return c.buf.Write(p)
}

// statusWriter records the status for the log.
type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.status, w.wrote = http.StatusOK, true
	}
	return w.ResponseWriter.Write(b)
}
