// Package dataset turns element-set files into what the engine evaluates.
//
// Load reads every input (TLE or OMM, detected from the content), keeps the
// good records and lists the bad ones, resolves duplicates (the same NORAD
// number twice: the newest epoch wins), identifies each satellite in the PRN
// catalog (system, PRN or GLONASS slot and channel, operational status, at
// a given time), initialises SGP4 and selects the satellites to simulate
// (systems in the user's order, operational unless asked otherwise).
// Dataset.Propagator then gives their ECEF positions as a sim.Source, a
// chunk of epochs at a time, leaving a satellite out from its first SGP4
// failure on.
//
// This is the pipeline of the gnssim command line: a Go program that loads
// the same files with the same Options gets exactly the CLI's numbers, on
// clean and on messy input. Warnings are returned as data (Notes,
// Propagator.Failures), never printed.
package dataset

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/ephemeris/celestrak"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/orbit/broadcast"
	"github.com/gnssim/gnssim/sim"
)

// Input is one source of element sets: a name for messages and its bytes.
type Input struct {
	Name string // file name as the user gave it, or "builtin:..."
	Data []byte
}

// MaxInputBytes bounds one input file: element-set files are small, and a
// larger file is refused instead of exhausting memory.
const MaxInputBytes = 256 << 20

// BuiltinInputs returns the element-set files compiled into gnssim (the
// CelesTrak snapshot ephemeris.BuiltinSnapshot).
func BuiltinInputs() []Input {
	var out []Input
	for _, nd := range ephemeris.Builtin() {
		out = append(out, Input{Name: nd.Name, Data: nd.Data})
	}
	return out
}

// ReadInputs reads element-set files. A name "cache:GROUP[:FORMAT]" is a
// download of `gnssim tle fetch` in the CelesTrak cache (package
// ephemeris/celestrak). With no names it returns BuiltinInputs.
func ReadInputs(names []string) ([]Input, error) {
	if len(names) == 0 {
		return BuiltinInputs(), nil
	}
	var out []Input
	for _, name := range names {
		path := name
		if p, ok, err := celestrak.ResolveCacheRef(name, ""); ok {
			if err != nil {
				return nil, err
			}
			path = p
		}
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("read satellite data: %w", err)
		}
		data, err := io.ReadAll(io.LimitReader(f, MaxInputBytes+1))
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		if len(data) > MaxInputBytes {
			return nil, fmt.Errorf("read %s: larger than %d MiB; that is not an element-set, navigation or SP3 file", name, MaxInputBytes>>20)
		}
		out = append(out, Input{Name: name, Data: data})
	}
	return out, nil
}

// Options select and identify the satellites of a Dataset.
type Options struct {
	// Systems are the systems to simulate, in the user's order (which orders
	// Selected and fixes the engine's "first clock"). Empty: every
	// navigation system, in ephemeris.Systems order.
	Systems []ephemeris.System
	// IncludeNonOperational also selects element sets with no current PRN or
	// slot (spares, tests, retired satellites).
	IncludeNonOperational bool
	// Strict makes any refused element set an error, and Propagator makes
	// any propagation failure an error.
	Strict bool
	// IdentifyAt is when satellites are identified (PRN and slot
	// assignments change over the years); the zero time means the newest
	// epoch loaded.
	IdentifyAt time.Time
	// Catalog identifies satellites; nil means ephemeris.DefaultCatalog().
	Catalog *ephemeris.Catalog
}

// Sat is one element set with its identity and, when it initialised, its
// SGP4 record.
type Sat struct {
	// Elements is the element set (nil for a navigation or SP3 dataset).
	Elements *ephemeris.ElementSet
	ID       ephemeris.Identity
	SGP4     *orbit.SGP4 // nil when SGP4 refused the element set (see Dataset.Refused), and for a navigation or SP3 dataset
	index    int         // the satellite's index in a navigation or SP3 source
}

// usable reports whether the satellite can be propagated.
func (s *Sat) usable() bool { return s.SGP4 != nil || s.Elements == nil }

// NORAD is the NORAD catalog number (0 when unknown: navigation and SP3
// datasets).
func (s *Sat) NORAD() int {
	if s.Elements == nil {
		return 0
	}
	return s.Elements.CatalogNumber
}

// Label is the short name used in tables and plots: the PRN or GLONASS
// slot, else the NORAD number.
func (s *Sat) Label() string {
	if s.ID.PRN != "" || s.Elements == nil {
		return s.ID.PRN
	}
	return fmt.Sprintf("%d", s.Elements.CatalogNumber)
}

// Name is the object name with its NORAD number, e.g. "COSMOS 2514 (41330)",
// or the PRN of a navigation or SP3 satellite.
func (s *Sat) Name() string {
	if s.Elements == nil {
		return s.ID.PRN
	}
	return SatName(s.Elements)
}

// SatName is an element set's object name with its NORAD number.
func SatName(es *ephemeris.ElementSet) string {
	if es.Name != "" {
		return fmt.Sprintf("%s (%d)", es.Name, es.CatalogNumber)
	}
	return fmt.Sprintf("%d", es.CatalogNumber)
}

// Where is "file:line" of a source position (just the file when the line is
// unknown).
func Where(s ephemeris.Source) string {
	if s.Line > 0 {
		return fmt.Sprintf("%s:%d", s.File, s.Line)
	}
	return s.File
}

// Refusal is an element set (or record) that was not used, and why.
type Refusal struct {
	Where  string // file:line
	Name   string // object name and NORAD number when known
	Reason string
}

// Duplicate is a satellite that appeared more than once: Kept is used,
// Dropped ignored. Identical is set when both have the same epoch (the
// first one read is kept).
type Duplicate struct {
	Kept, Dropped *ephemeris.ElementSet
	Identical     bool
}

// Dataset is what a run works on: every element set read, the refused and
// duplicated ones, and the selection in a fixed order.
type Dataset struct {
	// Kind says where the positions come from.
	Kind Kind
	// All lists every readable element set, duplicates resolved, in input
	// order.
	All []*Sat
	// Selected lists the satellites to simulate: of Systems, with an SGP4
	// record, operational unless IncludeNonOperational; ordered by system
	// (Systems order), then PRN (those with one first), then NORAD number.
	Selected []*Sat
	// Refused lists the records and element sets not used, and why.
	Refused []Refusal
	// Duplicates lists the satellites read more than once.
	Duplicates []Duplicate
	// Systems are the systems selected, in the user's order.
	Systems []ephemeris.System
	// Sources names the inputs, in order.
	Sources []string
	// Digest is the SHA-256 (hex) over the bytes of every input in order
	// (not their names: the same files under other paths give the same
	// digest).
	Digest string
	// Newest is the newest epoch loaded.
	Newest time.Time
	// Options are the options the dataset was loaded with.
	Options Options

	fileSrc  fileSource                         // navigation or SP3 datasets
	coverage func(sat int) []broadcast.Interval // their satellites' data spans
	first    time.Time                          // their first position
}

// ErrNoElementSets is returned by Load when no input holds a usable element set.
var ErrNoElementSets = errors.New("no usable element sets")

// Load reads, validates, de-duplicates, identifies and selects the element
// sets of inputs. Bad records are kept out and listed in Refused (with
// opt.Strict the first one is an error). An empty selection is not an
// error here (a listing of the catalog needs none); callers that simulate
// call RequireSelected.
func Load(inputs []Input, opt Options) (*Dataset, error) {
	systems := opt.Systems
	if len(systems) == 0 {
		systems = append([]ephemeris.System(nil), ephemeris.Systems...)
	}
	d := &Dataset{Systems: systems, Options: opt}
	d.Options.Systems = systems
	var sets []*ephemeris.ElementSet
	for _, in := range inputs {
		d.Sources = append(d.Sources, in.Name)
		rd := ephemeris.NewReader(bytes.NewReader(in.Data), ephemeris.ReadOptions{File: in.Name, Strict: opt.Strict})
		n := 0
		for rd.Next() {
			sets = append(sets, rd.ElementSet())
			n++
		}
		for _, p := range rd.Problems() {
			d.Refused = append(d.Refused, Refusal{Where: whereOf(p), Reason: p.Error()})
		}
		if err := rd.Err(); err != nil {
			if opt.Strict || n == 0 {
				return nil, err
			}
			d.Refused = append(d.Refused, Refusal{Where: in.Name, Reason: err.Error()})
		}
	}
	d.Digest = digest(inputs)
	if len(sets) == 0 {
		return nil, fmt.Errorf("%w in %s", ErrNoElementSets, strings.Join(d.Sources, ", "))
	}
	// Duplicates (same NORAD number): the newest epoch wins; on equal
	// epochs the first one read.
	byNorad := map[int]int{}
	var uniq []*ephemeris.ElementSet
	for _, es := range sets {
		if i, ok := byNorad[es.CatalogNumber]; ok {
			old := uniq[i]
			dup := Duplicate{Kept: old, Dropped: es, Identical: es.Epoch.Equal(old.Epoch)}
			if es.Epoch.After(old.Epoch) {
				dup.Kept, dup.Dropped = es, old
				uniq[i] = es
			}
			d.Duplicates = append(d.Duplicates, dup)
			continue
		}
		byNorad[es.CatalogNumber] = len(uniq)
		uniq = append(uniq, es)
	}
	for _, es := range uniq {
		if es.Epoch.After(d.Newest) {
			d.Newest = es.Epoch
		}
	}
	at := opt.IdentifyAt
	if at.IsZero() {
		at = d.Newest
	}
	cat := opt.Catalog
	if cat == nil {
		cat = ephemeris.DefaultCatalog()
	}
	for _, es := range uniq {
		s := &Sat{Elements: es, ID: cat.Identify(es, at)}
		p, err := orbit.NewSGP4(es)
		if err != nil {
			d.Refused = append(d.Refused, Refusal{Where: Where(es.Source), Name: SatName(es), Reason: err.Error()})
		} else {
			s.SGP4 = p
		}
		d.All = append(d.All, s)
	}
	if opt.Strict && len(d.Refused) > 0 {
		r := d.Refused[0]
		if r.Name != "" {
			return nil, fmt.Errorf("%s: %s: %s (strict)", r.Where, r.Name, r.Reason)
		}
		return nil, fmt.Errorf("%s (strict)", r.Reason)
	}
	d.selectSats()
	return d, nil
}

// selectSats fills Selected from All.
func (d *Dataset) selectSats() {
	order := map[ephemeris.System]int{}
	for i, s := range d.Systems {
		order[s] = i
	}
	d.Selected = nil
	for _, s := range d.All {
		if _, ok := order[s.ID.System]; !ok || !s.usable() {
			continue
		}
		if !s.ID.Operational && !d.Options.IncludeNonOperational {
			continue
		}
		d.Selected = append(d.Selected, s)
	}
	SortSats(d.Selected, d.Systems)
}

// WithSystems returns the dataset with another selection of systems (the
// same element sets, identities and SGP4 records; a shallow copy), as Load
// with opt.Systems = systems would give it.
func (d *Dataset) WithSystems(systems []ephemeris.System) *Dataset {
	c := *d
	c.Systems = append([]ephemeris.System(nil), systems...)
	c.Options.Systems = c.Systems
	c.selectSats()
	return &c
}

// digest is the SHA-256 (hex) over the bytes of the inputs in order, each
// preceded by its length.
func digest(inputs []Input) string {
	h := sha256.New()
	for _, in := range inputs {
		fmt.Fprintf(h, "%d\x00", len(in.Data))
		h.Write(in.Data)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func whereOf(p *ephemeris.ParseError) string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return p.File
}

// SortSats orders satellites by system (systems order first, then the other
// navigation systems in ephemeris.Systems order, then no system), then PRN
// (those with one first), then NORAD number. The order is stable.
func SortSats(sats []*Sat, systems []ephemeris.System) {
	rank := map[ephemeris.System]int{}
	for i, s := range systems {
		rank[s] = i
	}
	for i, s := range ephemeris.Systems {
		if _, ok := rank[s]; !ok {
			rank[s] = len(systems) + i
		}
	}
	rank[ephemeris.SystemUnknown] = len(systems) + len(ephemeris.Systems)
	sort.SliceStable(sats, func(i, j int) bool {
		a, b := sats[i].ID, sats[j].ID
		if rank[a.System] != rank[b.System] {
			return rank[a.System] < rank[b.System]
		}
		if (a.PRN == "") != (b.PRN == "") {
			return a.PRN != ""
		}
		if a.PRN != b.PRN {
			return a.PRN < b.PRN
		}
		return sats[i].NORAD() < sats[j].NORAD()
	})
}

// NoSatellitesError is returned by RequireSelected: nothing to simulate.
type NoSatellitesError struct {
	Systems []ephemeris.System
	Sources []string
	// NonOperational is the number of element sets of Systems that were
	// left out because they are not operational.
	NonOperational int
}

func (e *NoSatellitesError) Error() string {
	msg := fmt.Sprintf("no %s satellites in %s", SystemsTitle(e.Systems), strings.Join(firstN(e.Sources, 4), ", "))
	if e.NonOperational > 0 {
		msg += fmt.Sprintf(" (%d non-operational element sets of these systems were left out)", e.NonOperational)
	}
	return msg
}

// RequireSelected returns a *NoSatellitesError when no satellite is selected.
func (d *Dataset) RequireSelected() error {
	if len(d.Selected) > 0 {
		return nil
	}
	e := &NoSatellitesError{Systems: d.Systems, Sources: d.Sources}
	for _, s := range d.All {
		if slices.Contains(d.Systems, s.ID.System) && s.usable() && !s.ID.Operational {
			e.NonOperational++
		}
	}
	return e
}

// Count is the number of selected satellites of system s.
func (d *Dataset) Count(s ephemeris.System) int {
	n := 0
	for _, x := range d.Selected {
		if x.ID.System == s {
			n++
		}
	}
	return n
}

// Satellites are the selected satellites as the engine names them.
func (d *Dataset) Satellites() []sim.Satellite {
	sats := make([]sim.Satellite, len(d.Selected))
	for i, s := range d.Selected {
		sats[i] = sim.Satellite{System: s.ID.System, PRN: s.Label(), NORAD: s.NORAD()}
		if s.Elements != nil {
			sats[i].Name = s.Elements.Name
		}
	}
	return sats
}

// IsBuiltin reports whether every input is a built-in file.
func (d *Dataset) IsBuiltin() bool {
	for _, s := range d.Sources {
		if !strings.HasPrefix(s, "builtin:") {
			return false
		}
	}
	return len(d.Sources) > 0
}

// DefaultStart is the default start of a simulated period: 00:00 UTC of the
// day of the newest epoch loaded (element sets), or of the day in the middle
// of the data (navigation and SP3 files: a daily file starts a little before
// its day and ends a little after).
func (d *Dataset) DefaultStart() time.Time {
	t := d.Newest
	if d.Kind != ElementSets {
		t = d.first.Add(d.Newest.Sub(d.first) / 2)
	}
	y, m, day := t.UTC().Date()
	return time.Date(y, m, day, 0, 0, 0, 0, time.UTC)
}

// SystemsTitle is e.g. "GLONASS+BeiDou".
func SystemsTitle(systems []ephemeris.System) string {
	names := make([]string, len(systems))
	for i, s := range systems {
		names[i] = s.Title()
	}
	return strings.Join(names, "+")
}

// firstN keeps the first n strings and says how many more there are.
func firstN(s []string, n int) []string {
	if len(s) <= n {
		return s
	}
	out := append([]string{}, s[:n]...)
	return append(out, fmt.Sprintf("and %d more", len(s)-n))
}
