package dataset_test

import (
	"context"
	"errors"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/dataset"
)

// The real data of 2020-06-25 (see ephemeris/rinex/testdata/README.md and
// ephemeris/sp3/testdata).
var (
	navFile = filepath.Join("..", "..", "ephemeris", "rinex", "testdata", "ESBC00DNK_R_20201770000_01D_MN.rnx.gz")
	iacFile = filepath.Join("..", "..", "ephemeris", "sp3", "testdata", "Sta21114.sp3.gz")
)

func readFiles(t *testing.T, paths ...string) []dataset.Input {
	t.Helper()
	in, err := dataset.ReadInputs(paths)
	if err != nil {
		t.Fatal(err)
	}
	return in
}

// TestLoadNav: identities come from the navigation file (GLONASS slots and
// frequency channels, BeiDou orbit types), the default period is the file's
// day, positions are GNSS orbits, and a period outside the file is refused.
func TestLoadNav(t *testing.T) {
	d, err := dataset.LoadNav(readFiles(t, navFile), dataset.Options{Systems: []ephemeris.System{ephemeris.GLONASS, ephemeris.BeiDou}})
	if err != nil {
		t.Fatal(err)
	}
	if d.Kind != dataset.Broadcast || d.DefaultStart() != time.Date(2020, 6, 25, 0, 0, 0, 0, time.UTC) {
		t.Errorf("kind %v, default start %v", d.Kind, d.DefaultStart())
	}
	if g, c := d.Count(ephemeris.GLONASS), d.Count(ephemeris.BeiDou); g < 20 || c < 25 {
		t.Errorf("%d GLONASS, %d BeiDou satellites", g, c)
	}
	geo := 0
	for _, s := range d.Selected {
		switch s.ID.System {
		case ephemeris.GLONASS:
			if !s.ID.HasChannel || s.ID.FreqChannel < -7 || s.ID.FreqChannel > 6 || s.ID.Slot < 1 || !strings.HasPrefix(s.Label(), "R") {
				t.Errorf("GLONASS identity %+v", s.ID)
			}
		case ephemeris.BeiDou:
			if s.ID.Orbit == ephemeris.GEO {
				geo++
			}
		}
		if s.Elements != nil || s.NORAD() != 0 {
			t.Errorf("%s: a navigation satellite with an element set", s.Label())
		}
	}
	// A station in Denmark hears one BeiDou GEO (the others sit over Asia).
	if geo < 1 {
		t.Errorf("%d BeiDou GEO satellites", geo)
	}
	grid := orbit.EpochGrid{Start: d.DefaultStart(), Step: time.Hour, N: 25}
	var gaps []dataset.Gap
	p := d.Propagator(dataset.PropagatorOptions{OnGap: func(g dataset.Gap) { gaps = append(gaps, g) }})
	eph := &sim.Ephemeris{Grid: grid, Sats: p.Satellites()}
	n := len(eph.Sats) * grid.N
	eph.X, eph.Y, eph.Z = make([]float64, n), make([]float64, n), make([]float64, n)
	if err := p.Fill(context.Background(), eph); err != nil {
		t.Fatal(err)
	}
	have := 0
	for i := range eph.X {
		if math.IsNaN(eph.X[i]) {
			continue
		}
		have++
		r := math.Sqrt(eph.X[i]*eph.X[i] + eph.Y[i]*eph.Y[i] + eph.Z[i]*eph.Z[i])
		if r < 25000 || r > 43000 { // GLONASS 25 500 km … GEO/IGSO 42 164 km
			t.Fatalf("position %d at radius %.0f km", i, r)
		}
	}
	// One station's file has records only of the satellites it saw, each
	// valid a short while (GLONASS ±15 min, BeiDou 1 h): the rest are gaps.
	if have < n*4/10 {
		t.Errorf("%d of %d positions", have, n)
	}
	if len(gaps) == 0 {
		t.Error("a one-station file without gaps")
	}
	if len(gaps) != len(p.Gaps()) {
		t.Errorf("%d gap callbacks, %d gaps", len(gaps), len(p.Gaps()))
	}
	for _, g := range gaps {
		if !strings.Contains(g.Note(d.Kind).Text, "never extrapolated") {
			t.Errorf("gap note %q", g.Note(d.Kind).Text)
		}
	}
	var oe *dataset.OutsideDataError
	old := time.Date(2026, 3, 18, 0, 0, 0, 0, time.UTC)
	if err := d.CheckSpan(old, old.Add(time.Hour), 0); !errors.As(err, &oe) {
		t.Errorf("a 2026 period with 2020 navigation data: %v", err)
	}
	if err := d.CheckSpan(grid.Start, grid.Time(grid.N-1), 0); err != nil {
		t.Errorf("the file's own day: %v", err)
	}
}

// TestLoadSP3: the same through the precise orbits; the satellites and
// positions agree with the navigation file's to metres (broadcast orbits
// are good to a few metres: Montenbruck et al., GPS Solutions 2015).
func TestLoadSP3(t *testing.T) {
	systems := []ephemeris.System{ephemeris.GLONASS, ephemeris.GPS}
	sp, err := dataset.LoadSP3(readFiles(t, iacFile), dataset.Options{Systems: systems})
	if err != nil {
		t.Fatal(err)
	}
	nav, err := dataset.LoadNav(readFiles(t, navFile), dataset.Options{Systems: systems})
	if err != nil {
		t.Fatal(err)
	}
	if sp.Kind != dataset.Precise || sp.DefaultStart() != nav.DefaultStart() {
		t.Fatalf("kind %v, start %v vs %v", sp.Kind, sp.DefaultStart(), nav.DefaultStart())
	}
	grid := orbit.EpochGrid{Start: sp.DefaultStart().Add(3 * time.Hour), Step: 2 * time.Hour, N: 6}
	fill := func(d *dataset.Dataset) (*sim.Ephemeris, map[string]int) {
		p := d.Propagator(dataset.PropagatorOptions{})
		e := &sim.Ephemeris{Grid: grid, Sats: p.Satellites()}
		n := len(e.Sats) * grid.N
		e.X, e.Y, e.Z = make([]float64, n), make([]float64, n), make([]float64, n)
		if err := p.Fill(context.Background(), e); err != nil {
			t.Fatal(err)
		}
		rows := map[string]int{}
		for i, s := range e.Sats {
			rows[s.PRN] = i
		}
		return e, rows
	}
	a, ra := fill(sp)
	b, rb := fill(nav)
	compared, worst := 0, 0.0
	for prn, i := range ra {
		j, ok := rb[prn]
		if !ok {
			continue
		}
		for k := 0; k < grid.N; k++ {
			x1, x2 := a.X[i*grid.N+k], b.X[j*grid.N+k]
			if math.IsNaN(x1) || math.IsNaN(x2) {
				continue
			}
			d := math.Sqrt(sq(x1-x2) + sq(a.Y[i*grid.N+k]-b.Y[j*grid.N+k]) + sq(a.Z[i*grid.N+k]-b.Z[j*grid.N+k]))
			worst = math.Max(worst, d)
			compared++
		}
	}
	// Broadcast vs precise: metres (sim/accuracy measures it in detail); a
	// kilometre would be a time-scale or frame bug.
	if compared < 100 || worst > 0.02 {
		t.Errorf("%d positions compared, worst %.1f m", compared, worst*1000)
	}
}

func sq(x float64) float64 { return x * x }
