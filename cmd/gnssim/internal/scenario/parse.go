package scenario

// Package scenario runs gnssim scenarios: a YAML document (inputs, period,
// sites or a region, receiver model, the outputs to write) is parsed into a
// typed Scenario, planned into typed steps (the jobs of package job, one
// per command line of commands.sh) and run in-process through the library:
// the element sets are loaded and propagated once for all the steps, the
// notes about the data are collected as data, and each step returns the
// files it wrote. commands.sh, generated from the steps, reproduces every
// output byte for byte.
//
// The parser walks the yaml.Node tree itself so that every unknown key and
// every bad value is reported with its line: "FILE:LINE: field F: problem".
// The fields are documented in cmd/gnssim/examples/scenarios/README.md.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/job"
	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/ephemeris/celestrak"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/integrity"
)

// Limits of a scenario file: it is a small hand-written document.
const (
	scnMaxBytes      = 1 << 20 // file size
	scnMaxTLE        = 256     // entries of tle
	scnMaxSites      = 1000    // entries of sites
	scnMaxMaskPoints = 3600    // entries of mask.azimuth
	scnMaxText       = 4096    // bytes of a string value
)

// Output names accepted in `outputs`, in the order they are produced.
const (
	outCompare      = "compare"
	outDOPCSV       = "dop_csv"
	outDOPPlot      = "dop_plot"
	outSkyplot      = "skyplot"
	outCoverageCSV  = "coverage_csv"
	outCoveragePlot = "coverage_plot"
	outGroundtrack  = "groundtrack"
	outCatalog      = "catalog"
	outSummary      = "summary"
	outIntegrity    = "integrity" // ARAIM (opt-in: listed in outputs:, or an integrity: field)
)

// AllOutputs are the outputs a scenario can ask for, in the order they are produced.
var AllOutputs = []string{outCompare, outDOPCSV, outDOPPlot, outSkyplot, outCoverageCSV, outCoveragePlot, outIntegrity, outGroundtrack, outCatalog, outSummary}

// scnCoverageQuantities are the quantities a coverage map can show (gnssim
// coverage --plot-quantity).
var scnCoverageQuantities = []string{"availability", "mean_pdop", "mean_visible", "min_visible", "max_pdop"}

// Scenario is a validated scenario file with its paths resolved.
type Scenario struct {
	File string // path as given on the command line (or example:NAME)
	Dir  string // folder of the file: relative paths in it are resolved against it
	Base string // file name without extension

	Name, Description string
	Inputs            job.Inputs    // element sets (TLE empty: built-in), systems, non-operational
	Start             time.Time     // zero: 00:00 UTC of the newest epoch's day
	Duration, Step    time.Duration // the period
	Sites             []job.SiteArg
	Region            *Region
	Mask              Mask
	Clock             sim.ClockModel
	ISBSigmaNS        float64 // > 0: inter-system-bias prior (ns), clock per system
	Weighting         sim.Weighting
	PDOPMax           float64   // 0: the commands' default (6)
	Outputs           []string  // in AllOutputs order
	CoveragePlots     []string  // quantities, in the order given
	CoveragePerSystem bool      // coverage maps also for each system alone
	Out               string    // output folder ("" = ./out/<base>)
	Force             bool      // run steps above the memory and work limits (gnssim run --force)
	Integrity         Integrity // the integrity output's parameters
	durationGiven     bool      // duration: is in the file (else with nav/sp3 data the period ends with the data)
}

// Integrity are the parameters of the integrity output (field integrity:):
// the ARAIM service, fault-mode rule, ISM file, mask and the availability
// threshold of the region summary. The clock model is the scenario's.
type Integrity struct {
	Service      string  // a name integrity.ParseService accepts ("": LPV-200)
	Rule         string  // add or 2012 ("": add)
	ISM          string  // resolved path of an ISM file ("": the defaults)
	MaskDeg      float64 // elevation mask, degrees (default job.IntegrityMaskDeg)
	ThresholdPct float64 // region summary threshold, % (default job.IntegrityThresholdPct)
	given        bool    // the integrity: field is present
}

// Region is a rectangle of latitude and longitude with a grid size.
type Region struct {
	LatMin, LatMax, LonMin, LonMax, Grid float64
}

// Arg is the --region value.
func (r *Region) Arg() string {
	return strings.Join([]string{scnFmtNum(r.LatMin), scnFmtNum(r.LatMax), scnFmtNum(r.LonMin), scnFmtNum(r.LonMax)}, ",")
}

// Spec is the grid of the region.
func (r *Region) Spec() sim.GridSpec {
	return sim.GridSpec{CellDeg: r.Grid, LatMinDeg: r.LatMin, LatMaxDeg: r.LatMax, LonMinDeg: r.LonMin, LonMaxDeg: r.LonMax}
}

// Mask is the elevation mask: a constant, an azimuth table or a mask file.
type Mask struct {
	ElevationDeg float64
	Azimuth      []sim.MaskPoint // written to mask.txt in the output folder
	File         string          // resolved path of a mask file
	fileMask     sim.Mask        // the file's mask
}

// Describe is e.g. "10°" or "azimuth-dependent, 36 points, 5° to 60° (mask.txt)".
func (m *Mask) Describe() string {
	switch {
	case m.File != "":
		return "from " + m.File
	case len(m.Azimuth) > 0:
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, p := range m.Azimuth {
			lo, hi = math.Min(lo, p.ElDeg), math.Max(hi, p.ElDeg)
		}
		return fmt.Sprintf("azimuth-dependent, %d points, %s° to %s° (mask.txt)", len(m.Azimuth), scnFmtNum(lo), scnFmtNum(hi))
	}
	return scnFmtNum(m.ElevationDeg) + "°"
}

// has reports whether the scenario writes output o.
func (s *Scenario) has(o string) bool {
	for _, x := range s.Outputs {
		if x == o {
			return true
		}
	}
	return false
}

// scnFmtNum writes a number in the shortest form that reads back exactly.
func scnFmtNum(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// scnExamplePrefix names an example scenario compiled into gnssim
// (example:moscow-beijing), so that `go install`ed binaries can run them.
const scnExamplePrefix = "example:"

// Examples are the example scenarios compiled into gnssim, set by the
// command (its examples/scenarios folder) for example:NAME.
var Examples fs.FS

// scnExampleNames lists the embedded examples.
func scnExampleNames() []string {
	if Examples == nil {
		return nil
	}
	ents, _ := fs.ReadDir(Examples, ".")
	var names []string
	for _, e := range ents {
		names = append(names, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	return names
}

// scnReadSmall reads a file of at most max bytes (a device or a huge file is
// refused instead of read without end).
func scnReadSmall(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%s: larger than %d KiB", path, max>>10)
	}
	return data, nil
}

// Load reads and validates a scenario file, or an embedded example
// (example:NAME).
func Load(path string) (*Scenario, error) {
	if ex, ok := strings.CutPrefix(path, scnExamplePrefix); ok {
		var data []byte
		err := fs.ErrNotExist
		if Examples != nil {
			data, err = fs.ReadFile(Examples, ex+".yaml")
		}
		if err != nil || strings.ContainsAny(ex, "/\\") {
			return nil, job.Usagef("no example scenario %q; the examples are: %s%s", ex, scnExamplePrefix, strings.Join(scnExampleNames(), ", "+scnExamplePrefix))
		}
		s, err := Parse(path, data)
		if err != nil {
			return nil, err
		}
		if s.Name == s.Base {
			s.Name = ex
		}
		s.Base = ex
		return s, nil
	}
	data, err := scnReadSmall(path, scnMaxBytes)
	if err != nil {
		if strings.Contains(err.Error(), "larger than") {
			return nil, fmt.Errorf("scenario %v; that is not a scenario file", err)
		}
		return nil, fmt.Errorf("scenario: %w", err)
	}
	return Parse(path, data)
}

// scnDecoder walks the YAML tree of one file.
type scnDecoder struct {
	file  string
	dir   string
	lines int // lines of the document: node lines are clamped to it
}

// errf is a problem at a line of the file: "FILE:LINE: field F: message".
func (d *scnDecoder) errf(n *yaml.Node, field, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	line := min(max(n.Line, 1), max(d.lines, 1))
	if field == "" {
		return fmt.Errorf("%s:%d: %s", d.file, line, msg)
	}
	return fmt.Errorf("%s:%d: field %s: %s", d.file, line, field, msg)
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// Parse validates a scenario document; name is the file path (used in
// messages and to resolve relative paths).
func Parse(name string, data []byte) (*Scenario, error) {
	d := &scnDecoder{file: name, dir: filepath.Dir(name), lines: bytes.Count(data, []byte("\n")) + 1}
	if !scnUtf8Valid(data) {
		return nil, fmt.Errorf("%s: not a text file (invalid UTF-8); a scenario is a YAML document", name)
	}
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: empty scenario file (want YAML fields such as sites:, systems:, duration:; see examples/scenarios/README.md)", name)
		}
		return nil, d.yamlError(err, data)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, d.errf(&extra, "", "a second YAML document ('---'); a scenario file holds one")
	} else if !errors.Is(err, io.EOF) {
		return nil, d.yamlError(err, data)
	}
	doc := &root
	if doc.Kind == yaml.DocumentNode {
		if len(doc.Content) != 1 {
			return nil, fmt.Errorf("%s: empty scenario file", name)
		}
		doc = doc.Content[0]
	}
	doc = scnDeref(doc)
	if doc.Kind == yaml.ScalarNode && doc.ShortTag() == "!!null" {
		return nil, fmt.Errorf("%s: empty scenario file (want YAML fields such as sites:, systems:, duration:; see examples/scenarios/README.md)", name)
	}
	if doc.Kind != yaml.MappingNode {
		return nil, d.errf(doc, "", "a scenario is a YAML mapping of fields (name:, sites:, ...), not %s", scnKindName(doc))
	}
	base := strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	s := &Scenario{
		Integrity: Integrity{MaskDeg: job.IntegrityMaskDeg, ThresholdPct: job.IntegrityThresholdPct},
		File:      name, Dir: d.dir, Base: base, Name: base,
		Duration: 24 * time.Hour, Step: time.Minute,
		Mask:              Mask{ElevationDeg: 10},
		Inputs:            job.Inputs{Systems: []ephemeris.System{ephemeris.GLONASS, ephemeris.BeiDou}},
		CoveragePerSystem: true,
	}
	var outputsNode, coveragePlotsNode *yaml.Node
	sourceField := "" // tle, nav or sp3: the field that gave the satellites
	var clockNode *yaml.Node
	err := d.mapping(doc, "", func(key string, k, v *yaml.Node) error {
		switch key {
		case "name":
			str, err := d.text(v, key)
			if err != nil {
				return err
			}
			if strings.TrimSpace(str) == "" || strings.IndexFunc(str, unicode.IsControl) >= 0 {
				return d.errf(v, key, "want a one-line name")
			}
			s.Name = strings.TrimSpace(str)
		case "description":
			str, err := d.text(v, key)
			if err != nil {
				return err
			}
			s.Description = strings.TrimSpace(str)
		case "tle", "nav", "sp3":
			if sourceField != "" {
				return d.errf(k, key, "the scenario already takes its satellites from %s:; give one of tle, nav, sp3", sourceField)
			}
			sourceField = key
			if key == "tle" {
				return d.tle(v, s)
			}
			return d.files(v, key, s)
		case "systems":
			return d.systems(v, s)
		case "start":
			str, err := d.text(v, key)
			if err != nil {
				return err
			}
			t, err := job.ParseTime(str)
			if err != nil {
				return d.errf(v, key, "%v", err)
			}
			s.Start = t
		case "duration", "step":
			str, err := d.text(v, key)
			if err != nil {
				return err
			}
			dur, err := job.ParseDuration(str)
			if err != nil {
				return d.errf(v, key, "%v", err)
			}
			if dur < 0 || (key == "step" && dur == 0) {
				return d.errf(v, key, "%s must be positive", str)
			}
			if key == "duration" {
				s.Duration, s.durationGiven = dur, true
			} else {
				s.Step = dur
			}
		case "sites":
			return d.sites(v, s)
		case "region":
			return d.region(v, s)
		case "mask":
			return d.mask(v, s)
		case "clock":
			str, err := d.text(v, key)
			if err != nil {
				return err
			}
			c, err := sim.ParseClockModel(str)
			if err != nil || c == sim.ClockISBPrior {
				return d.errf(v, key, "want per-system or common, got %q (an inter-system-bias prior is isb_sigma_ns:)", str)
			}
			s.Clock = c
			clockNode = v
		case "weighting":
			str, err := d.text(v, key)
			if err != nil {
				return err
			}
			w, err := sim.ParseWeighting(str)
			if err != nil {
				return d.errf(v, key, "want none or elevation, got %q", str)
			}
			s.Weighting = w
		case "isb_sigma_ns":
			ns, err := d.number(v, key)
			if err != nil {
				return err
			}
			if !(ns > 0) || ns > 1e9 {
				return d.errf(v, key, "want a σ in nanoseconds > 0, got %s (0 is clock: common)", v.Value)
			}
			s.ISBSigmaNS = ns
		case "pdop_max":
			p, err := d.number(v, key)
			if err != nil {
				return err
			}
			if p <= 0 || p > 1000 {
				return d.errf(v, key, "want a number in (0, 1000], got %s", v.Value)
			}
			s.PDOPMax = p
		case "include_nonoperational":
			b, err := d.boolean(v, key)
			if err != nil {
				return err
			}
			s.Inputs.IncludeNonOperational = b
		case "outputs":
			outputsNode = v
		case "coverage_plots":
			coveragePlotsNode = v
		case "coverage_per_system":
			b, err := d.boolean(v, key)
			if err != nil {
				return err
			}
			s.CoveragePerSystem = b
		case "integrity":
			return d.integrity(v, s)
		case "out":
			str, err := d.text(v, key)
			if err != nil {
				return err
			}
			if strings.TrimSpace(str) == "" {
				return d.errf(v, key, "want a folder name")
			}
			s.Out = d.resolve(strings.TrimSpace(str))
		default:
			return d.errf(k, "", "unknown field %q (known fields: name, description, tle, nav, sp3, systems, start, duration, step, sites, region, mask, clock, isb_sigma_ns, weighting, pdop_max, include_nonoperational, outputs, coverage_plots, coverage_per_system, integrity, out)", key)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if clockNode != nil && s.ISBSigmaNS > 0 {
		return nil, d.errf(clockNode, "clock", "isb_sigma_ns: gives every system its own clock with a prior on the biases; leave clock: out")
	}
	if len(s.Sites) == 0 && s.Region == nil {
		return nil, d.errf(doc, "", "no sites: and no region: (a scenario evaluates sites, a region, or both)")
	}
	if err := d.outputs(outputsNode, s); err != nil {
		return nil, err
	}
	if err := d.coveragePlots(coveragePlotsNode, s); err != nil {
		return nil, err
	}
	return s, nil
}

// yamlError turns a YAML syntax error into "FILE:LINE: message".
// go.yaml.in/yaml/v3 leaves "line N:" out exactly when the error is on the
// first line (it takes its 0-based line 0 for "unknown"), so such an error
// is put on line 1 — except a reader error about a control character, which
// carries no position at all: it is put on the line of the first one.
func (d *scnDecoder) yamlError(err error, data []byte) error {
	msg := err.Error()
	lines := bytes.Count(data, []byte("\n")) + 1
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return fmt.Errorf("%s:%d: YAML syntax: %s", d.file, min(max(n, 1), lines), scnClipMsg(m[2]))
	}
	line := 1
	if strings.Contains(msg, "control characters") {
		for i, c := range string(data) {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f || c >= 0x80 && c <= 0x9f {
				line = bytes.Count(data[:i], []byte("\n")) + 1
				break
			}
		}
	}
	return fmt.Errorf("%s:%d: YAML syntax: %s", d.file, line, scnClipMsg(strings.TrimPrefix(msg, "yaml: ")))
}

// scnClipMsg keeps a parser message to one short line.
func scnClipMsg(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 300 {
		s = strings.ToValidUTF8(s[:297], "") + "..."
	}
	return s
}

// resolve makes a path in the file relative to the file's folder.
func (d *scnDecoder) resolve(p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(d.dir, p)
}

// scnDeref follows aliases (*anchor) to the node they name.
func scnDeref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && n.Alias != nil && i < 16; i++ {
		n = n.Alias
	}
	return n
}

func scnKindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.ShortTag() == "!!null" {
			return "an empty value"
		}
		return fmt.Sprintf("the value %q", scnClip(n.Value))
	}
	return "a YAML node of another kind"
}

func scnClip(s string) string {
	if len(s) > 40 {
		return s[:37] + "..."
	}
	return s
}

// mapping calls fn for each key of a mapping, rejecting non-string and
// duplicated keys.
func (d *scnDecoder) mapping(n *yaml.Node, field string, fn func(key string, k, v *yaml.Node) error) error {
	n = scnDeref(n)
	if n.Kind != yaml.MappingNode {
		return d.errf(n, field, "want a mapping of fields, got %s", scnKindName(n))
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := scnDeref(n.Content[i]), scnDeref(n.Content[i+1])
		if k.Kind != yaml.ScalarNode || k.ShortTag() == "!!null" {
			return d.errf(k, field, "want a field name, got %s", scnKindName(k))
		}
		if line, ok := seen[k.Value]; ok {
			return d.errf(k, scnJoin(field, k.Value), "given twice (first at line %d)", line)
		}
		seen[k.Value] = k.Line
		if err := fn(k.Value, k, v); err != nil {
			return err
		}
	}
	return nil
}

// scnJoin builds a field path such as mask.elevation_deg.
func scnJoin(parent, key string) string {
	if parent == "" {
		return key
	}
	return parent + "." + key
}

// text reads a scalar as a string (numbers and dates as written).
func (d *scnDecoder) text(n *yaml.Node, field string) (string, error) {
	n = scnDeref(n)
	if n.Kind != yaml.ScalarNode || n.ShortTag() == "!!null" {
		return "", d.errf(n, field, "want a text value, got %s", scnKindName(n))
	}
	if len(n.Value) > scnMaxText {
		return "", d.errf(n, field, "longer than %d bytes", scnMaxText)
	}
	return n.Value, nil
}

// number reads a finite YAML number (int or float, not a quoted string).
func (d *scnDecoder) number(n *yaml.Node, field string) (float64, error) {
	n = scnDeref(n)
	tag := n.ShortTag()
	if n.Kind != yaml.ScalarNode || (tag != "!!int" && tag != "!!float") {
		return 0, d.errf(n, field, "want a number, got %s", scnKindName(n))
	}
	var f float64
	if err := n.Decode(&f); err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, d.errf(n, field, "want a finite number, got %q", scnClip(n.Value))
	}
	return f, nil
}

// numberIn reads a number and checks lo ≤ v < hi (or ≤ hi when hiIncl).
func (d *scnDecoder) numberIn(n *yaml.Node, field string, lo, hi float64, hiIncl bool) (float64, error) {
	v, err := d.number(n, field)
	closer := ")"
	if hiIncl {
		closer = "]"
	}
	want := fmt.Sprintf("want a number in [%s, %s%s", scnFmtNum(lo), scnFmtNum(hi), closer)
	if err != nil {
		return 0, d.errf(scnDeref(n), field, "%s, got %s", want, scnKindName(scnDeref(n)))
	}
	if v < lo || v > hi || (!hiIncl && v == hi) {
		return 0, d.errf(scnDeref(n), field, "%s, got %s", want, scnDeref(n).Value)
	}
	return v, nil
}

func (d *scnDecoder) boolean(n *yaml.Node, field string) (bool, error) {
	n = scnDeref(n)
	var b bool
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" || n.Decode(&b) != nil {
		return false, d.errf(n, field, "want true or false, got %s", scnKindName(n))
	}
	return b, nil
}

// list returns the items of a sequence (a single scalar counts as a list of
// one when scalarOK).
func (d *scnDecoder) list(n *yaml.Node, field string, max int, scalarOK bool) ([]*yaml.Node, error) {
	n = scnDeref(n)
	switch {
	case n.Kind == yaml.SequenceNode:
	case scalarOK && n.Kind == yaml.ScalarNode && n.ShortTag() != "!!null":
		return []*yaml.Node{n}, nil
	default:
		return nil, d.errf(n, field, "want a list, got %s", scnKindName(n))
	}
	if len(n.Content) == 0 {
		return nil, d.errf(n, field, "empty list")
	}
	if len(n.Content) > max {
		return nil, d.errf(n, field, "%d entries; at most %d", len(n.Content), max)
	}
	out := make([]*yaml.Node, len(n.Content))
	for i, c := range n.Content {
		out[i] = scnDeref(c)
	}
	return out, nil
}

func scnItem(field string, i int) string { return fmt.Sprintf("%s[%d]", field, i) }

func (d *scnDecoder) tle(n *yaml.Node, s *Scenario) error {
	items, err := d.list(n, "tle", scnMaxTLE, true)
	if err != nil {
		return err
	}
	s.Inputs.TLE = nil
	for i, it := range items {
		field := "tle"
		if scnDeref(n).Kind == yaml.SequenceNode {
			field = scnItem("tle", i)
		}
		str, err := d.text(it, field)
		if err != nil {
			return err
		}
		str = strings.TrimSpace(str)
		switch {
		case str == "builtin":
			if len(items) > 1 {
				return d.errf(it, field, "builtin stands alone (the built-in %s snapshot); list files or cache:GROUP entries otherwise", ephemeris.BuiltinSnapshot)
			}
			return nil
		case strings.HasPrefix(str, celestrak.CacheRefPrefix):
			group, format, hasFormat := strings.Cut(strings.TrimPrefix(str, celestrak.CacheRefPrefix), ":")
			if _, err := celestrak.ResolveGroup(group); err != nil {
				return d.errf(it, field, "%v", err)
			}
			if hasFormat {
				if _, err := celestrak.ParseFormat(format); err != nil {
					return d.errf(it, field, "%v", err)
				}
			}
			s.Inputs.TLE = append(s.Inputs.TLE, str)
		case str == "":
			return d.errf(it, field, "empty file name")
		default:
			p := d.resolve(str)
			st, err := os.Stat(p)
			if err != nil {
				return d.errf(it, field, "element-set file %s: %v (paths are relative to the scenario file)", p, errors.Unwrap(err))
			}
			if st.IsDir() {
				return d.errf(it, field, "%s is a folder; list the element-set files", p)
			}
			s.Inputs.TLE = append(s.Inputs.TLE, p)
		}
	}
	return nil
}

// files reads nav: or sp3:, a file or a list of files (paths relative to
// the scenario file).
func (d *scnDecoder) files(n *yaml.Node, key string, s *Scenario) error {
	items, err := d.list(n, key, scnMaxTLE, true)
	if err != nil {
		return err
	}
	what := map[string]string{"nav": "RINEX navigation", "sp3": "SP3"}[key]
	var paths []string
	for i, it := range items {
		field := key
		if scnDeref(n).Kind == yaml.SequenceNode {
			field = scnItem(key, i)
		}
		str, err := d.text(it, field)
		if err != nil {
			return err
		}
		str = strings.TrimSpace(str)
		if str == "" {
			return d.errf(it, field, "empty file name")
		}
		p := d.resolve(str)
		st, err := os.Stat(p)
		if err != nil {
			return d.errf(it, field, "%s file %s: %v (paths are relative to the scenario file)", what, p, errors.Unwrap(err))
		}
		if st.IsDir() {
			return d.errf(it, field, "%s is a folder; list the %s files", p, what)
		}
		paths = append(paths, p)
	}
	if key == "nav" {
		s.Inputs.Nav = paths
	} else {
		s.Inputs.SP3 = paths
	}
	return nil
}

func (d *scnDecoder) systems(n *yaml.Node, s *Scenario) error {
	items, err := d.list(n, "systems", 16, true)
	if err != nil {
		return err
	}
	var names []string
	for i, it := range items {
		str, err := d.text(it, scnItem("systems", i))
		if err != nil {
			return err
		}
		names = append(names, str)
	}
	sys, err := ephemeris.ParseSystems(strings.Join(names, ","))
	if err != nil {
		return d.errf(scnDeref(n), "systems", "%v", err)
	}
	s.Inputs.Systems = sys
	return nil
}

// scnSiteNameRE is what a site name in a {name, lat_deg, ...} entry may be
// made of: it becomes part of file names (dop-NAME.csv).
var scnSiteNameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._ -]{0,63}$`)

func (d *scnDecoder) sites(n *yaml.Node, s *Scenario) error {
	items, err := d.list(n, "sites", scnMaxSites, false)
	if err != nil {
		return err
	}
	seen := map[string]int{}
	for i, it := range items {
		field := scnItem("sites", i)
		var site job.SiteArg
		switch it.Kind {
		case yaml.ScalarNode:
			str, err := d.text(it, field)
			if err != nil {
				return err
			}
			sa, err := job.ParseSite(str)
			if err != nil {
				return d.errf(it, field, "%v", err)
			}
			if name, _, ok := strings.Cut(str, "="); ok && !scnSiteNameRE.MatchString(strings.TrimSpace(name)) {
				return d.errf(it, field, "want a site name of letters, digits, '.', '_', '-' or spaces (at most 64) before '=', got %q", scnClip(name))
			}
			site = job.SiteArg{Arg: strings.TrimSpace(str), Site: sa.Site}
			if _, ok := job.LookupCity(str); ok {
				site.Arg = sa.Site.Name
			}
		case yaml.MappingNode:
			var got struct{ name, lat, lon, h bool }
			var c sim.Site
			err := d.mapping(it, field, func(key string, k, v *yaml.Node) error {
				f := scnJoin(field, key)
				var err error
				switch key {
				case "name":
					var str string
					if str, err = d.text(v, f); err != nil {
						return err
					}
					str = strings.TrimSpace(str)
					if !scnSiteNameRE.MatchString(str) {
						return d.errf(v, f, "want a name of letters, digits, '.', '_', '-' or spaces (at most 64), got %q", scnClip(str))
					}
					c.Name, got.name = str, true
				case "lat_deg":
					c.LatDeg, err = d.numberIn(v, f, -90, 90, true)
					got.lat = true
				case "lon_deg":
					c.LonDeg, err = d.numberIn(v, f, -180, 360, false)
					got.lon = true
				case "height_m":
					c.HeightM, err = d.numberIn(v, f, -1000, 100000, true)
					got.h = true
				default:
					return d.errf(k, "", "unknown field %q in %s (known: name, lat_deg, lon_deg, height_m)", key, field)
				}
				return err
			})
			if err != nil {
				return err
			}
			if !got.lat || !got.lon {
				if got.name && !got.lat && !got.lon && !got.h {
					if bc, ok := job.LookupCity(c.Name); ok {
						site = job.SiteArg{Arg: bc.Name, Site: sim.Site{Name: bc.Name, LatDeg: bc.LatDeg, LonDeg: bc.LonDeg, HeightM: bc.HeightM}}
						break
					}
					return d.errf(it, field, "unknown city %q: give lat_deg and lon_deg, or one of: %s", c.Name, job.CityNames())
				}
				return d.errf(it, field, "want lat_deg and lon_deg (degrees, east-positive), optional name and height_m (metres)")
			}
			if c.LonDeg >= 180 {
				c.LonDeg -= 360
			}
			arg := fmt.Sprintf("%s,%s,%s", scnFmtNum(c.LatDeg), scnFmtNum(c.LonDeg), scnFmtNum(c.HeightM))
			if c.Name == "" {
				c.Name = fmt.Sprintf("%.4f,%.4f", c.LatDeg, c.LonDeg)
			} else {
				arg = c.Name + "=" + arg
			}
			site = job.SiteArg{Arg: arg, Site: c}
		default:
			return d.errf(it, field, "want a city name, \"LAT,LON[,HEIGHT_M]\" or {name, lat_deg, lon_deg, height_m}, got %s", scnKindName(it))
		}
		key := strings.ToLower(site.Site.Name)
		if line, ok := seen[key]; ok {
			return d.errf(it, field, "site %q is listed twice (first at line %d)", site.Site.Name, line)
		}
		seen[key] = it.Line
		s.Sites = append(s.Sites, site)
	}
	return nil
}

func (d *scnDecoder) region(n *yaml.Node, s *Scenario) error {
	r := &Region{Grid: 2}
	var got [4]bool
	err := d.mapping(n, "region", func(key string, k, v *yaml.Node) error {
		f := scnJoin("region", key)
		var err error
		switch key {
		case "lat_min_deg":
			r.LatMin, err = d.numberIn(v, f, -90, 90, true)
			got[0] = true
		case "lat_max_deg":
			r.LatMax, err = d.numberIn(v, f, -90, 90, true)
			got[1] = true
		case "lon_min_deg":
			r.LonMin, err = d.numberIn(v, f, -180, 360, true)
			got[2] = true
		case "lon_max_deg":
			r.LonMax, err = d.numberIn(v, f, -180, 360, true)
			got[3] = true
		case "grid_deg":
			r.Grid, err = d.numberIn(v, f, 0, 90, true)
			if err == nil && r.Grid == 0 {
				err = d.errf(v, f, "want a number in (0, 90], got 0")
			}
		default:
			return d.errf(k, "", "unknown field %q in region (known: lat_min_deg, lat_max_deg, lon_min_deg, lon_max_deg, grid_deg)", key)
		}
		return err
	})
	if err != nil {
		return err
	}
	n = scnDeref(n)
	for i, name := range []string{"lat_min_deg", "lat_max_deg", "lon_min_deg", "lon_max_deg"} {
		if !got[i] {
			return d.errf(n, "region", "%s missing (want lat_min_deg, lat_max_deg, lon_min_deg, lon_max_deg and optional grid_deg)", name)
		}
	}
	g := r.Spec()
	if err := g.Validate(); err != nil {
		return d.errf(n, "region", "%v (edges must be multiples of grid_deg, min < max)", strings.TrimPrefix(err.Error(), "grid: "))
	}
	s.Region = r
	return nil
}

func (d *scnDecoder) mask(n *yaml.Node, s *Scenario) error {
	var m Mask
	count := 0
	err := d.mapping(n, "mask", func(key string, k, v *yaml.Node) error {
		f := scnJoin("mask", key)
		count++
		if count > 1 {
			return d.errf(k, "mask", "give one of elevation_deg, azimuth or file")
		}
		switch key {
		case "elevation_deg":
			e, err := d.numberIn(v, f, 0, 90, false)
			if err != nil {
				return err
			}
			m.ElevationDeg = e
		case "azimuth":
			items, err := d.list(v, f, scnMaxMaskPoints, false)
			if err != nil {
				return err
			}
			for i, it := range items {
				pf := scnItem(f, i)
				if it.Kind != yaml.SequenceNode || len(it.Content) != 2 {
					return d.errf(it, pf, "want a pair [AZIMUTH_DEG, ELEVATION_DEG], got %s", scnKindName(it))
				}
				az, err := d.numberIn(it.Content[0], pf+" azimuth", 0, 360, false)
				if err != nil {
					return err
				}
				el, err := d.numberIn(it.Content[1], pf+" elevation", 0, 90, false)
				if err != nil {
					return err
				}
				if i > 0 && az <= m.Azimuth[i-1].AzDeg {
					return d.errf(it, pf, "azimuth %s° after %s°: list the points by strictly increasing azimuth", scnFmtNum(az), scnFmtNum(m.Azimuth[i-1].AzDeg))
				}
				m.Azimuth = append(m.Azimuth, sim.MaskPoint{AzDeg: az, ElDeg: el})
			}
		case "file":
			str, err := d.text(v, f)
			if err != nil {
				return err
			}
			p := d.resolve(strings.TrimSpace(str))
			data, err := scnReadSmall(p, scnMaxBytes)
			if err != nil {
				return d.errf(v, f, "%v (paths are relative to the scenario file)", err)
			}
			fm, err := job.ParseMask(p, data)
			if err != nil {
				return d.errf(v, f, "%v", err)
			}
			m.File, m.fileMask = p, fm
		default:
			return d.errf(k, "", "unknown field %q in mask (known: elevation_deg, azimuth, file)", key)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if count == 0 {
		return d.errf(scnDeref(n), "mask", "give one of elevation_deg, azimuth or file")
	}
	s.Mask = m
	return nil
}

// integrity reads the integrity: field.
func (d *scnDecoder) integrity(n *yaml.Node, s *Scenario) error {
	in := &s.Integrity
	in.given = true
	return d.mapping(n, "integrity", func(key string, k, v *yaml.Node) error {
		f := scnJoin("integrity", key)
		var err error
		switch key {
		case "service":
			if in.Service, err = d.text(v, f); err != nil {
				return err
			}
			sv, err := integrity.ParseService(in.Service)
			if err != nil {
				return d.errf(v, f, "%v", err)
			}
			in.Service = sv.Name
		case "rule":
			if in.Rule, err = d.text(v, f); err != nil {
				return err
			}
			r, err := integrity.ParseRule(in.Rule)
			if err != nil {
				return d.errf(v, f, "want add or 2012, got %q", in.Rule)
			}
			in.Rule = r.String()
		case "ism":
			str, err := d.text(v, f)
			if err != nil {
				return err
			}
			p := d.resolve(strings.TrimSpace(str))
			data, err := scnReadSmall(p, scnMaxBytes)
			if err != nil {
				return d.errf(v, f, "%v (paths are relative to the scenario file)", err)
			}
			if _, err := integrity.ParseISM(p, data); err != nil {
				return d.errf(v, f, "%v", err)
			}
			in.ISM = p
		case "mask_deg":
			in.MaskDeg, err = d.numberIn(v, f, 0, 90, false)
		case "availability_threshold_pct":
			in.ThresholdPct, err = d.numberIn(v, f, 0, 100, true)
			if err == nil && in.ThresholdPct == 0 {
				err = d.errf(v, f, "want a percentage in (0, 100], got 0")
			}
		default:
			return d.errf(k, "", "unknown field %q in integrity (known: service, rule, ism, mask_deg, availability_threshold_pct)", key)
		}
		return err
	})
}

// outputs validates `outputs` (nil: every output that applies).
func (d *scnDecoder) outputs(n *yaml.Node, s *Scenario) error {
	applies := func(o string) string {
		switch o {
		case outDOPCSV, outDOPPlot, outSkyplot:
			if len(s.Sites) == 0 {
				return "needs sites:"
			}
		case outCoverageCSV, outCoveragePlot:
			if s.Region == nil {
				return "needs region:"
			}
		}
		return ""
	}
	if n == nil {
		for _, o := range AllOutputs {
			if applies(o) == "" && (o != outIntegrity || s.Integrity.given) {
				s.Outputs = append(s.Outputs, o)
			}
		}
		return nil
	}
	items, err := d.list(n, "outputs", len(AllOutputs), true)
	if err != nil {
		return err
	}
	want := map[string]bool{}
	for i, it := range items {
		f := scnItem("outputs", i)
		str, err := d.text(it, f)
		if err != nil {
			return err
		}
		str = strings.TrimSpace(str)
		known := false
		for _, o := range AllOutputs {
			known = known || o == str
		}
		if !known {
			return d.errf(it, f, "unknown output %q (want some of: %s)", str, strings.Join(AllOutputs, ", "))
		}
		if why := applies(str); why != "" {
			return d.errf(it, f, "output %s %s", str, why)
		}
		if want[str] {
			return d.errf(it, f, "output %s listed twice", str)
		}
		want[str] = true
	}
	for _, o := range AllOutputs {
		if want[o] {
			s.Outputs = append(s.Outputs, o)
		}
	}
	return nil
}

func (d *scnDecoder) coveragePlots(n *yaml.Node, s *Scenario) error {
	if n == nil {
		s.CoveragePlots = []string{"availability", "mean_pdop"}
		return nil
	}
	if s.Region == nil {
		return d.errf(scnDeref(n), "coverage_plots", "needs region:")
	}
	items, err := d.list(n, "coverage_plots", len(scnCoverageQuantities), true)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for i, it := range items {
		f := scnItem("coverage_plots", i)
		str, err := d.text(it, f)
		if err != nil {
			return err
		}
		str = strings.TrimSpace(str)
		ok := false
		for _, q := range scnCoverageQuantities {
			ok = ok || q == str
		}
		if !ok {
			return d.errf(it, f, "unknown quantity %q (want some of: %s)", str, strings.Join(scnCoverageQuantities, ", "))
		}
		if seen[str] {
			return d.errf(it, f, "%s listed twice", str)
		}
		seen[str] = true
		s.CoveragePlots = append(s.CoveragePlots, str)
	}
	return nil
}

// scnUtf8Valid reports whether data is valid UTF-8 without NUL bytes.
func scnUtf8Valid(data []byte) bool {
	return bytes.IndexByte(data, 0) < 0 && utf8.Valid(data)
}
