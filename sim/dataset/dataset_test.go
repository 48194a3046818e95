package dataset_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/dataset"
)

// root is the project's shared test data (testdata/ at the repository root).
var root = filepath.Join("..", "..", "testdata")

func readInputs(t *testing.T, names ...string) []dataset.Input {
	t.Helper()
	var paths []string
	for _, n := range names {
		paths = append(paths, filepath.Join(root, n))
	}
	in, err := dataset.ReadInputs(paths)
	if err != nil {
		t.Fatal(err)
	}
	return in
}

var glonassBeiDou = []ephemeris.System{ephemeris.GLONASS, ephemeris.BeiDou}

// TestBuiltinSelection: the built-in 2026-03-18 snapshot holds 23
// operational GLONASS and 50 operational BeiDou satellites (the PRN catalog
// of testdata/prn, see ephemeris/catalog_test.go), ordered by system then PRN.
func TestBuiltinSelection(t *testing.T) {
	d, err := dataset.Load(dataset.BuiltinInputs(), dataset.Options{Systems: glonassBeiDou})
	if err != nil {
		t.Fatal(err)
	}
	if g, b := d.Count(ephemeris.GLONASS), d.Count(ephemeris.BeiDou); g != 23 || b != 50 {
		t.Errorf("selected GLONASS %d, BeiDou %d; want 23, 50", g, b)
	}
	if len(d.Refused) != 0 || len(d.Duplicates) != 0 {
		t.Errorf("built-in data: %d refused, %d duplicates", len(d.Refused), len(d.Duplicates))
	}
	prev := d.Selected[0]
	for _, s := range d.Selected[1:] {
		if s.ID.System == prev.ID.System && s.ID.PRN <= prev.ID.PRN {
			t.Errorf("order: %s after %s", s.Label(), prev.Label())
		}
		prev = s
	}
	if d.Selected[0].ID.System != ephemeris.GLONASS || d.Selected[len(d.Selected)-1].ID.System != ephemeris.BeiDou {
		t.Error("GLONASS (first in Systems) must come first")
	}
	y, mo, day := d.Newest.Date()
	if !d.IsBuiltin() || d.DefaultStart() != time.Date(y, mo, day, 0, 0, 0, 0, time.UTC) {
		t.Errorf("IsBuiltin %v, DefaultStart %v", d.IsBuiltin(), d.DefaultStart())
	}
	if err := d.RequireSelected(); err != nil {
		t.Error(err)
	}
}

// TestDuplicatesNewestWins: the newer epoch of a satellite read twice is
// used, whichever comes first; identical epochs keep the first and say so.
func TestDuplicatesNewestWins(t *testing.T) {
	d, err := dataset.Load(readInputs(t, "bad/duplicate-satellite-epochs.tle"), dataset.Options{Systems: []ephemeris.System{ephemeris.GLONASS}})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.All) != 3 || len(d.Duplicates) != 3 {
		t.Fatalf("%d sets, %d duplicates; want 3, 3", len(d.All), len(d.Duplicates))
	}
	for _, s := range d.All {
		if y := s.Elements.Epoch.Year(); y != 2024 {
			t.Errorf("%d: epoch year %d, want the newer 2024 set", s.Elements.CatalogNumber, y)
		}
	}
	identical := 0
	for _, dup := range d.Duplicates {
		if dup.Identical {
			identical++
			if dup.Dropped.Source.Line != 16 {
				t.Errorf("identical duplicate: dropped the set of line %d, want the second (line 16)", dup.Dropped.Source.Line)
			}
		}
	}
	if identical != 1 {
		t.Errorf("%d identical duplicates, want 1 (39620)", identical)
	}
	notes := d.Notes()
	if len(notes) != 3 || !strings.Contains(notes[2].Text, "identical in epoch") || !strings.Contains(notes[0].Text, "using the newer epoch") {
		t.Errorf("notes %q: want one note per duplicate, saying which are identical", notes)
	}
}

// TestNotesAreBounded: a file with thousands of bad records and duplicates
// gives a few short notes, not one line per record.
func TestNotesAreBounded(t *testing.T) {
	good, err := os.ReadFile(filepath.Join(root, "bad", "good-glonass-3.tle"))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for i := 0; i < 2000; i++ {
		b.Write(good)                          // the same three satellites again and again
		b.WriteString("1 garbage line\n2 x\n") // and a bad record
	}
	d, err := dataset.Load([]dataset.Input{{Name: "big.tle", Data: []byte(b.String())}}, dataset.Options{Systems: []ephemeris.System{ephemeris.GLONASS}})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Duplicates) < 5000 || len(d.Refused) < 1000 {
		t.Fatalf("test premise: %d duplicates, %d refused", len(d.Duplicates), len(d.Refused))
	}
	notes := d.Notes()
	total := 0
	for _, n := range notes {
		total += len(n.String())
	}
	if len(notes) != 2*dataset.MaxListed+2 || total > 8000 {
		t.Errorf("%d notes, %d bytes: want a bounded summary", len(notes), total)
	}
	for _, want := range []string{"and 5992 more", "and 1995 more refused", "'gnssim catalog' lists them all"} {
		found := false
		for _, n := range notes {
			found = found || strings.Contains(n.Text, want)
		}
		if !found {
			t.Errorf("notes do not say %q:\n%v", want, notes)
		}
	}
}

// TestStrict: with Strict the first refused element set is an error.
func TestStrict(t *testing.T) {
	in := readInputs(t, "bad/mixed-good-and-bad.tle")
	if _, err := dataset.Load(in, dataset.Options{}); err != nil {
		t.Fatalf("lenient: %v", err)
	}
	if _, err := dataset.Load(in, dataset.Options{Strict: true}); err == nil {
		t.Fatal("strict: no error")
	}
}

// TestNoSatellites: an empty selection is an error only for callers that
// simulate, and it says how many non-operational sets were left out.
func TestNoSatellites(t *testing.T) {
	d, err := dataset.Load(dataset.BuiltinInputs(), dataset.Options{Systems: []ephemeris.System{ephemeris.SBAS}})
	if err != nil {
		t.Fatal(err)
	}
	var ne *dataset.NoSatellitesError
	if err := d.RequireSelected(); !errors.As(err, &ne) {
		t.Fatalf("got %v, want a NoSatellitesError", err)
	}
	if _, err := dataset.Load([]dataset.Input{{Name: "empty.tle", Data: nil}}, dataset.Options{}); !errors.Is(err, ephemeris.ErrNoElementSets) && !errors.Is(err, dataset.ErrNoElementSets) {
		t.Errorf("empty input: got %v", err)
	}
}

// TestPropagatorMatchesBatch: the Propagator's positions are those of
// orbit.PropagateBatch (the engine's only propagation), bit for bit, in any
// chunking.
func TestPropagatorMatchesBatch(t *testing.T) {
	d, err := dataset.Load(dataset.BuiltinInputs(), dataset.Options{Systems: glonassBeiDou})
	if err != nil {
		t.Fatal(err)
	}
	grid := orbit.EpochGrid{Start: d.DefaultStart(), Step: 7 * time.Minute, N: 50}
	props := make([]*orbit.SGP4, len(d.Selected))
	for i, s := range d.Selected {
		props[i] = s.SGP4
	}
	b := orbit.NewBatch(len(props), grid.N, false)
	if err := orbit.PropagateBatch(context.Background(), b, props, grid, orbit.BatchOptions{}); err != nil {
		t.Fatal(err)
	}
	eph, fails, err := d.Ephemeris(context.Background(), grid, dataset.PropagatorOptions{})
	if err != nil || len(fails) != 0 {
		t.Fatal(err, fails)
	}
	for i := range b.X {
		if b.X[i] != eph.X[i] || b.Y[i] != eph.Y[i] || b.Z[i] != eph.Z[i] {
			t.Fatalf("element %d differs", i)
		}
	}
	// Through the engine in chunks of 7 epochs: the same DOPs as from the
	// whole ephemeris.
	site := []sim.Site{{Name: "x", LatDeg: 39.9, LonDeg: 116.4}}
	m := sim.Model{Systems: glonassBeiDou, Mask: sim.Mask{ElevationDeg: 10}}
	want, err := sim.SiteSeries(context.Background(), eph, grid, site, m, sim.Exec{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := sim.SiteSeries(context.Background(), d.Propagator(dataset.PropagatorOptions{}), grid, site, m, sim.Exec{ChunkEpochs: 7})
	if err != nil {
		t.Fatal(err)
	}
	for i := range want.DOP {
		if fmt.Sprint(want.DOP[i]) != fmt.Sprint(got.DOP[i]) {
			t.Fatalf("DOP %d: %v vs %v", i, want.DOP[i], got.DOP[i])
		}
	}
}

// TestLeftOutFromFirstFailure: a decaying satellite (NORAD 28872, named as
// a BeiDou so that it is simulated) first fails SGP4 at 01:21 UTC on
// 2005-11-29 on a 1-minute grid (tsince 52.02 min: error 6, decayed; gnssim
// propagate --start 2005-11-29T01:18:00Z --step 1m shows it); from that
// epoch on it has no position, in every chunking, and the failure is
// reported once.
func TestLeftOutFromFirstFailure(t *testing.T) {
	in := readInputs(t, "bad/decayed-28872-as-beidou.tle")
	d, err := dataset.Load(in, dataset.Options{Systems: []ephemeris.System{ephemeris.BeiDou}, IncludeNonOperational: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Selected) != 1 {
		t.Fatalf("%d selected", len(d.Selected))
	}
	grid := orbit.EpochGrid{Start: time.Date(2005, 11, 29, 0, 30, 0, 0, time.UTC), Step: time.Minute, N: 120}
	for _, chunk := range []int{1, 13, 120} {
		var called []dataset.Failure
		p := d.Propagator(dataset.PropagatorOptions{OnFailure: func(f dataset.Failure) { called = append(called, f) }})
		eph := &sim.Ephemeris{Sats: p.Satellites()}
		first := -1
		for k0 := 0; k0 < grid.N; k0 += chunk {
			n := min(chunk, grid.N-k0)
			eph.Grid = orbit.EpochGrid{Start: grid.Time(k0), Step: grid.Step, N: n}
			eph.X, eph.Y, eph.Z = make([]float64, n), make([]float64, n), make([]float64, n)
			if err := p.Fill(context.Background(), eph); err != nil {
				t.Fatal(err)
			}
			for k := 0; k < n; k++ {
				nan := math.IsNaN(eph.X[k])
				if nan && first < 0 {
					first = k0 + k
				}
				if !nan && first >= 0 {
					t.Fatalf("chunk %d: position again at epoch %d after the failure at %d", chunk, k0+k, first)
				}
			}
		}
		if got := grid.Time(first); got != time.Date(2005, 11, 29, 1, 21, 0, 0, time.UTC) {
			t.Errorf("chunk %d: left out from %v, want 01:21", chunk, got)
		}
		if len(p.Failures()) != 1 || len(called) != 1 || !p.Failures()[0].Time.Equal(grid.Time(first)) {
			t.Errorf("chunk %d: failures %v, callbacks %d", chunk, p.Failures(), len(called))
		}
		if note := p.Failures()[0].Note().String(); !strings.HasPrefix(note, "warning: C63 (BeiDou, NORAD 28872): SGP4 error") {
			t.Errorf("note %q", note)
		}
	}
	// Strict: the failure is an error.
	_, _, err = d.Ephemeris(context.Background(), grid, dataset.PropagatorOptions{Strict: true})
	if err == nil || !strings.Contains(err.Error(), "SGP4 error") {
		t.Errorf("strict: got %v", err)
	}
	// Chunks out of order are refused.
	p := d.Propagator(dataset.PropagatorOptions{})
	e1 := &sim.Ephemeris{Grid: orbit.EpochGrid{Start: grid.Time(10), Step: grid.Step, N: 1}, Sats: p.Satellites(), X: make([]float64, 1), Y: make([]float64, 1), Z: make([]float64, 1)}
	if err := p.Fill(context.Background(), e1); err != nil {
		t.Fatal(err)
	}
	e1.Grid.Start = grid.Time(5)
	if err := p.Fill(context.Background(), e1); err == nil {
		t.Error("a chunk before the previous one: no error")
	}
}

// TestSpanAndStale: 2024 element sets simulated in 2024 are fine; in 1990
// they are refused by CheckSpan and flagged by Stale.
func TestSpanAndStale(t *testing.T) {
	d, err := dataset.Load(readInputs(t, "tle/2024-07-16/glonass.tle"), dataset.Options{Systems: []ephemeris.System{ephemeris.GLONASS}})
	if err != nil {
		t.Fatal(err)
	}
	start := d.DefaultStart()
	if err := d.CheckSpan(start, start.Add(24*time.Hour), 0); err != nil {
		t.Errorf("near the epochs: %v", err)
	}
	if n := d.Stale(start, start.Add(24*time.Hour)); n != nil {
		t.Errorf("near the epochs: stale note %v", n)
	}
	old := time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)
	var se *dataset.SpanError
	if err := d.CheckSpan(old, old.Add(time.Hour), 0); !errors.As(err, &se) || se.Far != len(d.Selected) || se.Worst < 34*365*24*time.Hour {
		t.Errorf("1990: got %v", err)
	} else if !strings.Contains(err.Error(), "days from the element sets") {
		t.Errorf("1990: message %q", err)
	}
	if n := d.Stale(old, old.Add(time.Hour)); n == nil || n.Level != dataset.Warning {
		t.Errorf("1990: stale note %v", n)
	}
	// 20 days after the newest epoch: stale (7 days) but inside the span (30 days).
	later := d.Newest.Add(20 * 24 * time.Hour)
	if err := d.CheckSpan(later, later, 0); err != nil {
		t.Errorf("20 days: %v", err)
	}
	if d.Stale(later, later) == nil {
		t.Error("20 days: no stale note")
	}
}
