package accuracy_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/accuracy"
	"github.com/gnssim/gnssim/sim/simtest"
)

// failing is a source whose Fill fails.
type failing struct{ sim.Source }

func (failing) Fill(context.Context, *sim.Ephemeris) error { return errors.New("disk on fire") }

// TestErrors: bad arguments and bad data are errors, never panics.
func TestErrors(t *testing.T) {
	grid := orbit.EpochGrid{Start: time.Date(2020, 6, 25, 0, 0, 0, 0, time.UTC), Step: time.Hour, N: 6}
	good := simtest.GLONASSBeiDou(grid)
	inf := copyEphemeris(good)
	inf.X[3] = math.Inf(1)
	half := copyEphemeris(good)
	half.Y[4] = math.NaN()
	other := copyEphemeris(good)
	for i := range other.Sats {
		other.Sats[i].PRN = "X" + other.Sats[i].PRN
	}
	unknown := copyEphemeris(good)
	unknown.Sats[0].System = ephemeris.SystemUnknown
	stop := errors.New("enough")
	cases := []struct {
		name string
		ctx  context.Context
		a, b sim.Source
		grid orbit.EpochGrid
		opt  accuracy.Options
		want string
	}{
		{"nil context", nil, good, good, grid, accuracy.Options{}, "nil context"},
		{"nil source", context.Background(), good, nil, grid, accuracy.Options{}, "nil source"},
		{"empty period", context.Background(), good, good, orbit.EpochGrid{Start: grid.Start}, accuracy.Options{}, "no epochs"},
		{"bad period", context.Background(), good, good, orbit.EpochGrid{Start: grid.Start, N: 3}, accuracy.Options{}, "step"},
		{"negative chunk", context.Background(), good, good, grid, accuracy.Options{Exec: sim.Exec{ChunkEpochs: -1}}, "ChunkEpochs"},
		{"negative workers", context.Background(), good, good, grid, accuracy.Options{Exec: sim.Exec{Workers: -1}}, "Workers"},
		{"nothing in common", context.Background(), good, other, grid, accuracy.Options{}, accuracy.ErrNoCommonSatellites.Error()},
		{"nil orbit source", context.Background(), good, accuracy.PreciseSource(nil), grid, accuracy.Options{}, accuracy.ErrNoCommonSatellites.Error()},
		{"fill fails", context.Background(), good, failing{good}, grid, accuracy.Options{}, "source b: disk on fire"},
		{"infinite position", context.Background(), inf, good, grid, accuracy.Options{}, "source a: ephemeris: satellite 0 epoch 3: infinite"},
		{"NaN in one coordinate", context.Background(), good, half, grid, accuracy.Options{}, "source b: ephemeris: satellite 0 epoch 4: NaN in only some"},
		{"unknown system", context.Background(), unknown, good, grid, accuracy.Options{}, "unknown system"},
		{"cancelled", cancelled(), good, good, grid, accuracy.Options{}, "context canceled"},
		{"bad epochs of an ephemeris", context.Background(), good, good, orbit.EpochGrid{Start: grid.Start.Add(time.Minute), Step: time.Hour, N: 6}, accuracy.Options{}, "not epochs of the ephemeris"},
		{"bad site", context.Background(), good, good, grid, accuracy.Options{Sites: []sim.Site{{Name: "x", LatDeg: 91}}}, "latitude"},
		{"bad model", context.Background(), good, good, grid, accuracy.Options{Sites: []sim.Site{{Name: "x"}}, Model: sim.Model{Mask: sim.Mask{ElevationDeg: 90}}}, "mask"},
		{"OnChunk stops", context.Background(), good, good, grid, accuracy.Options{OnChunk: func(*accuracy.Chunk) error { return stop }}, "enough"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := accuracy.Compare(c.ctx, c.a, c.b, c.grid, c.opt)
			if err == nil || !strings.Contains(err.Error(), c.want) || r != nil {
				t.Errorf("got %v, %v; want an error with %q", r != nil, err, c.want)
			}
		})
	}
	if _, err := accuracy.Compare(context.Background(), good, other, grid, accuracy.Options{}); !errors.Is(err, accuracy.ErrNoCommonSatellites) {
		t.Errorf("%v is not ErrNoCommonSatellites", err)
	}
}

func cancelled() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

// TestOneEpoch: a period of one epoch has no velocity, so no frame: the
// 3-D difference is reported, the RAC components are not, and the class is
// unknown.
func TestOneEpoch(t *testing.T) {
	grid := orbit.EpochGrid{Start: time.Date(2020, 6, 25, 0, 0, 0, 0, time.UTC), Step: time.Minute, N: 1}
	ref := refOrbits(grid)
	var up []simtest.CircularOrbit
	for _, o := range ref {
		o.AKm += 0.002
		up = append(up, o)
	}
	r, err := accuracy.Compare(context.Background(), simtest.Propagate(grid, ref), simtest.Propagate(grid, up), grid, accuracy.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := r.Satellites[0]
	if s.Compared != 1 || s.NoFrame != 1 || s.R.N != 0 || s.D3.N != 1 || math.Abs(s.D3.Max-2) > 1e-6 || s.Class != accuracy.ClassUnknown || !math.IsNaN(s.MeanRadiusKm) {
		t.Errorf("%+v", s)
	}
	if g, ok := r.Class(s.Sat.System, accuracy.ClassUnknown); !ok || g.Satellites == 0 {
		t.Errorf("no unknown-class group: %+v", r.Classes)
	}
}

// TestClassifier: the default classification from radius and inclination,
// and a custom Classifier.
func TestClassifier(t *testing.T) {
	for _, c := range []struct {
		r, i float64
		want accuracy.OrbitClass
	}{
		{7000, 98, accuracy.LEO},
		{25508, 64.8, accuracy.MEO},
		{27906, 55, accuracy.MEO},
		{42164, 55, accuracy.IGSO},
		{42164, 0.5, accuracy.GEO},
		{42164, 9.9, accuracy.GEO},
		{42164, 10, accuracy.IGSO},
		{42164, 41, accuracy.IGSO}, // QZSS QZO
		{math.NaN(), 10, accuracy.ClassUnknown},
	} {
		if got := accuracy.ClassifyOrbit(c.r, c.i); got != c.want {
			t.Errorf("ClassifyOrbit(%g, %g) = %v, want %v", c.r, c.i, got, c.want)
		}
	}
	grid := orbit.EpochGrid{Start: time.Date(2020, 6, 25, 0, 0, 0, 0, time.UTC), Step: 10 * time.Minute, N: 30}
	e := simtest.Propagate(grid, refOrbits(grid))
	r, err := accuracy.Compare(context.Background(), e, e, grid, accuracy.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]accuracy.OrbitClass{"R01": accuracy.MEO, "R02": accuracy.MEO, "C01": accuracy.GEO, "C02": accuracy.GEO,
		"C06": accuracy.IGSO, "C19": accuracy.MEO, "C30": accuracy.MEO, "G05": accuracy.MEO}
	for _, s := range r.Satellites {
		if s.Class != want[s.Sat.PRN] {
			t.Errorf("%s: %v (radius %.1f km, inclination %.2f°), want %v", s.Sat.PRN, s.Class, s.MeanRadiusKm, s.InclinationDeg, want[s.Sat.PRN])
		}
	}
	var names []string
	for _, g := range r.Classes {
		names = append(names, g.System.String()+" "+g.Class.String())
	}
	if got := strings.Join(names, ", "); got != "glonass MEO, beidou MEO, beidou IGSO, beidou GEO, gps MEO" {
		t.Errorf("class groups %s", got)
	}
	const custom accuracy.OrbitClass = 42
	r, err = accuracy.Compare(context.Background(), e, e, grid, accuracy.Options{Classify: func(s sim.Satellite, rad, inc float64) accuracy.OrbitClass {
		if s.System == ephemeris.BeiDou {
			return custom
		}
		return accuracy.ClassifyOrbit(rad, inc)
	}})
	if err != nil {
		t.Fatal(err)
	}
	if g, ok := r.Class(ephemeris.BeiDou, custom); !ok || g.Satellites != 5 {
		t.Errorf("custom class group %+v", g)
	}
	if custom.String() != "OrbitClass(42)" || accuracy.AllClasses.String() != "all" {
		t.Errorf("names %q %q", custom, accuracy.AllClasses)
	}
}
