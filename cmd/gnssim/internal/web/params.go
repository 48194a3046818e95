package web

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/job"
)

// kind is how a query parameter becomes command-line flags.
type kind uint8

const (
	single  kind = iota // one value: --flag=VALUE
	multi               // repeatable: --flag=VALUE per value
	boolean             // true/false: --flag when true
)

// param is a query parameter of an endpoint and the CLI flag it stands for.
type param struct {
	name string // query name, e.g. isb_sigma
	flag string // CLI flag without dashes, e.g. isb-sigma
	kind kind
}

func p(name string, k kind) param {
	return param{name: name, flag: strings.ReplaceAll(name, "_", "-"), kind: k}
}

// Parameter groups shared by endpoints.
var (
	pSystems   = []param{p("systems", single)}
	pPeriod    = []param{p("start", single), p("duration", single), p("step", single)}
	pMask      = []param{p("mask", single)} // and horizon, handled apart
	pModel     = []param{p("clock", single), p("isb_sigma", single), p("weighting", single)}
	pPDOP      = []param{p("pdop_max", single)}
	pPrecision = []param{p("precision", single)}
	pSites     = []param{p("site", multi)}
	pSite      = []param{p("site", single)}
	pRegion    = []param{p("region", single), p("grid", single)}
)

// Parameters every endpoint takes besides its own: the output format, a
// request id for /api/v1/progress, and download=1.
const (
	paramFormat   = "format"
	paramRID      = "rid"
	paramDownload = "download"
	paramHorizon  = "horizon"
)

// Bounds of a query: the number of values of a repeatable parameter and
// the length of one value (a site list or a horizon is well inside).
const (
	maxValues   = 50
	maxValueLen = 4096
)

// endpoint is a computing endpoint: the gnssim command it runs and the
// parameters it takes.
type endpoint struct {
	path    string   // under /api/v1/
	command []string // e.g. {"spectrum", "psd"}
	params  []param
	horizon bool // takes horizon= (an azimuth mask, as --mask-file)
	inputs  bool // takes the server's satellite data (--tle/--nav/--sp3)
	figure  bool // format=png|svg through --plot
	// figureOneSite: the figure needs exactly one site (the CLI writes one
	// file per site).
	figureOneSite bool
}

func group(gs ...[]param) []param {
	var out []param
	for _, g := range gs {
		out = append(out, g...)
	}
	return out
}

// endpoints are the computing endpoints of API v1 (see API.md).
var endpoints = []endpoint{
	{path: "compare", command: []string{"compare"}, inputs: true, horizon: true,
		params: group(pSystems, pPeriod, pSites, pRegion, pMask, pModel, pPDOP, pPrecision)},
	{path: "dop", command: []string{"dop"}, inputs: true, horizon: true, figure: true, figureOneSite: true,
		params: group(pSystems, pPeriod, pSites, pMask, pModel, pPrecision)},
	{path: "skyplot", command: []string{"skyplot"}, inputs: true, horizon: true, figure: true,
		params: group(pSystems, pPeriod, pSite, pMask, []param{p("passes", boolean)}, pPrecision)},
	{path: "coverage", command: []string{"coverage"}, inputs: true, horizon: true, figure: true,
		params: group(pSystems, pPeriod, pRegion, pMask, pModel, pPDOP, []param{p("plot_quantity", single)}, pPrecision)},
	{path: "window", command: []string{"window"}, inputs: true, horizon: true,
		params: group(pSystems, pPeriod, pSite, pMask, pModel, pPDOP,
			[]param{p("length", single), p("by", single), p("top", single), p("service", single), p("rule", single)}, pPrecision)},
	{path: "integrity", command: []string{"integrity"}, inputs: true, horizon: true, figure: true, figureOneSite: true,
		params: group(pSystems, pPeriod, pSites, pRegion, pMask, []param{p("clock", single), p("isb_sigma", single),
			p("service", single), p("rule", single), p("availability_threshold", single), p("summary", boolean)}, pPrecision)},
	{path: "spectrum/psd", command: []string{"spectrum", "psd"}, figure: true,
		params: []param{p("band", single), p("signals", multi), p("scale", single), p("power", multi), p("precision", single)}},
	{path: "spectrum/cn0", command: []string{"spectrum", "cn0"}, inputs: true, horizon: true, figure: true, figureOneSite: true,
		params: group(pSystems, pPeriod, pSites, pRegion, pMask, []param{p("victim", multi), p("signals", multi),
			p("rx_bandwidth", multi), p("power", multi), p("n0", single), p("series", boolean), p("plot_quantity", single)}, pPrecision)},
}

// ParamError is a bad request naming the parameter at fault.
type ParamError struct {
	Status    int    // 400, 404, 405, 422, 503
	Parameter string // "" when no single parameter is at fault
	Message   string
}

func (e *ParamError) Error() string {
	if e.Parameter == "" {
		return e.Message
	}
	return e.Parameter + ": " + e.Message
}

func badParam(name, format string, args ...any) *ParamError {
	return &ParamError{Status: 400, Parameter: name, Message: fmt.Sprintf(format, args...)}
}

// request is a computing request translated to a command line.
type request struct {
	ep       *endpoint
	args     []string // for the parser: command, then --flag=VALUE
	display  []string // the command line shown to the user (no temporary paths)
	format   string   // json, csv, txt, png, svg
	figure   bool
	rid      string
	download bool
	horizon  string // the mask-file text of horizon=, "" for none
	nSites   int
}

var ridRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// translate checks a query against an endpoint and builds the command
// line. data are the server's satellite data (--tle, --nav, --sp3). The mask
// file of horizon= and the figure are written under the names
// horizonPath and plotPath (temporary files of the request).
func translate(ep *endpoint, rawQuery string, data job.Inputs, horizonPath, plotPath string) (*request, error) {
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return nil, badParam("", "malformed query: %v", err)
	}
	req := &request{ep: ep, format: "json"}
	known := map[string]*param{}
	for i := range ep.params {
		known[ep.params[i].name] = &ep.params[i]
	}
	names := make([]string, 0, len(q))
	for name := range q {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		vals := q[name]
		pr := known[name]
		isMulti := pr != nil && pr.kind == multi
		switch {
		case pr == nil && name != paramFormat && name != paramRID && name != paramDownload && !(name == paramHorizon && ep.horizon):
			return nil, badParam(name, "unknown parameter for /api/v1/%s; it takes %s", ep.path, strings.Join(paramNames(ep), ", "))
		case !isMulti && len(vals) > 1:
			return nil, badParam(name, "given %d times; it takes one value", len(vals))
		case len(vals) > maxValues:
			return nil, badParam(name, "given %d times; at most %d", len(vals), maxValues)
		}
		for _, v := range vals {
			if len(v) > maxValueLen {
				return nil, badParam(name, "value of %d bytes; at most %d", len(v), maxValueLen)
			}
			if i := strings.IndexFunc(v, func(r rune) bool { return r < 0x20 || r == 0x7f || r == utf8.RuneError }); i >= 0 {
				return nil, badParam(name, "control character or invalid UTF-8 at byte %d", i)
			}
		}
	}
	if v, ok := q[paramFormat]; ok {
		req.format = strings.ToLower(v[0])
	}
	switch req.format {
	case "json", "csv", "txt":
	case "table":
		req.format = "txt"
	case "png", "svg":
		if !ep.figure {
			return nil, badParam(paramFormat, "/api/v1/%s has no figure: want json, csv or txt, got %q", ep.path, req.format)
		}
		req.figure = true
	default:
		figs := ""
		if ep.figure {
			figs = ", png or svg"
		}
		return nil, badParam(paramFormat, "want json, csv, txt%s; got %q", figs, req.format)
	}
	if v, ok := q[paramRID]; ok {
		if !ridRE.MatchString(v[0]) {
			return nil, badParam(paramRID, "want 1 to 64 letters, digits, '-' or '_', got %q", v[0])
		}
		req.rid = v[0]
	}
	if v, ok := q[paramDownload]; ok {
		b, err := parseBool(v[0])
		if err != nil {
			return nil, badParam(paramDownload, "%v", err)
		}
		req.download = b
	}

	req.args = append(req.args, ep.command...)
	req.display = append([]string{"gnssim"}, ep.command...)
	add := func(flag, value string) {
		req.args = append(req.args, "--"+flag+"="+value)
		req.display = append(req.display, "--"+flag, value)
	}
	if ep.inputs {
		for _, l := range []struct {
			flag  string
			files []string
		}{{"tle", data.TLE}, {"nav", data.Nav}, {"sp3", data.SP3}} {
			for _, f := range l.files {
				add(l.flag, f)
			}
		}
		if data.IncludeNonOperational {
			req.args = append(req.args, "--include-nonoperational")
			req.display = append(req.display, "--include-nonoperational")
		}
	}
	for _, pr := range ep.params {
		vals, ok := q[pr.name]
		if !ok {
			continue
		}
		switch pr.kind {
		case boolean:
			b, err := parseBool(vals[0])
			if err != nil {
				return nil, badParam(pr.name, "%v", err)
			}
			if b {
				req.args = append(req.args, "--"+pr.flag)
				req.display = append(req.display, "--"+pr.flag)
			}
		default:
			for _, v := range vals {
				if pr.name == "site" {
					req.nSites++
				}
				add(pr.flag, v)
			}
		}
	}
	if v, ok := q[paramHorizon]; ok && v[0] != "" {
		if _, masked := q["mask"]; masked {
			return nil, badParam(paramHorizon, "give mask or horizon, not both")
		}
		text, err := horizonText(v[0])
		if err != nil {
			return nil, badParam(paramHorizon, "%v", err)
		}
		req.horizon = text
		req.args = append(req.args, "--mask-file="+horizonPath)
		req.display = append(req.display, "--mask-file", "horizon.txt")
	}
	if req.figure {
		if ep.figureOneSite && req.nSites > 1 {
			return nil, badParam("site", "a figure (format=%s) shows one site; give one site, or format=json|csv|txt for several", req.format)
		}
		req.args = append(req.args, "--plot="+plotPath+"."+req.format)
		req.display = append(req.display, "--plot", commandName(ep)+"."+req.format)
	} else {
		f := req.format
		if f == "txt" {
			f = "table"
		}
		req.args = append(req.args, "--format="+f, "-o", "-")
		req.display = append(req.display, "--format", f, "-o", "-")
	}
	return req, nil
}

// commandName is the command of an endpoint as one word, e.g. "spectrum-psd".
func commandName(ep *endpoint) string { return strings.Join(ep.command, "-") }

func paramNames(ep *endpoint) []string {
	var n []string
	for _, pr := range ep.params {
		n = append(n, pr.name)
	}
	if ep.horizon {
		n = append(n, paramHorizon)
	}
	return append(n, paramFormat, paramRID, paramDownload)
}

func parseBool(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "1", "true", "yes", "on", "":
		return true, nil
	case "0", "false", "no", "off":
		return false, nil
	}
	return false, fmt.Errorf("want true or false, got %q", s)
}

// horizonText turns "AZ:EL,AZ:EL,..." into the lines of a --mask-file
// ("AZ EL"); the mask-file reader then checks the values as for the CLI.
func horizonText(s string) (string, error) {
	var b strings.Builder
	for i, pt := range strings.Split(s, ",") {
		az, el, ok := strings.Cut(strings.TrimSpace(pt), ":")
		if !ok {
			return "", fmt.Errorf("point %d %q: want AZ:EL in degrees, e.g. 0:10,90:25,180:5", i+1, pt)
		}
		for _, v := range []string{az, el} {
			if _, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err != nil {
				return "", fmt.Errorf("point %d %q: %q is not a number", i+1, pt, v)
			}
		}
		fmt.Fprintf(&b, "%s %s\n", strings.TrimSpace(az), strings.TrimSpace(el))
	}
	return b.String(), nil
}

// parameterOf finds the parameter an error message of the command line is
// about: the first --flag it names that is a parameter of the endpoint
// (the mask file is horizon=); for a limit error, the first flag it
// suggests changing.
func parameterOf(ep *endpoint, msg string, overLimits bool) string {
	if overLimits {
		if _, rest, ok := strings.Cut(msg, "change "); ok {
			msg = rest
		}
	}
	for _, m := range flagRE.FindAllStringSubmatch(msg, -1) {
		flag := m[1]
		if flag == "mask-file" && ep.horizon {
			return paramHorizon
		}
		if flag == "format" || flag == "plot" {
			return paramFormat
		}
		for _, pr := range ep.params {
			if pr.flag == flag {
				return pr.name
			}
		}
	}
	return ""
}

var flagRE = regexp.MustCompile(`--([a-z][a-z0-9-]*)`)

// shellQuote quotes a word for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && safeWordRE.MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

var safeWordRE = regexp.MustCompile(`^[A-Za-z0-9_./:=,+@%-]+$`)

// commandLine is the shell command of a request, on one line: with a
// horizon, the printf that writes horizon.txt first.
func (r *request) commandLine() string {
	words := make([]string, len(r.display))
	for i, w := range r.display {
		words[i] = shellQuote(w)
	}
	line := strings.Join(words, " ")
	if r.horizon != "" {
		line = "printf " + shellQuote(strings.ReplaceAll(r.horizon, "\n", `\n`)) + " > horizon.txt && " + line
	}
	return line
}
