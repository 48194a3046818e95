package sim_test

import (
	"context"
	"errors"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
)

// countingSource wraps an ephemeris and records the chunks asked for.
type countingSource struct {
	eph    *sim.Ephemeris
	chunks []orbit.EpochGrid
}

func (c *countingSource) Satellites() []sim.Satellite { return c.eph.Sats }
func (c *countingSource) Fill(ctx context.Context, dst *sim.Ephemeris) error {
	c.chunks = append(c.chunks, dst.Grid)
	return c.eph.Fill(ctx, dst)
}

// TestChunkLengthInvariance: site series, coverage and sky tracks give
// bit-identical results for any chunk length (1 epoch, an odd length that
// does not divide the period, the whole period), and the chunks asked from
// the source tile the period in time order.
func TestChunkLengthInvariance(t *testing.T) {
	eph := walkerEphemeris(61, 20*time.Minute)
	ctx := context.Background()
	sites := []sim.Site{{Name: "a", LatDeg: 39.9, LonDeg: 116.4}, {Name: "b", LatDeg: -33.9, LonDeg: 18.4, HeightM: 40}}
	model := sim.Model{Mask: sim.Mask{ElevationDeg: 10}}
	ref, err := sim.SiteSeries(ctx, eph, eph.Grid, sites, model, sim.Exec{ChunkEpochs: eph.Grid.N})
	if err != nil {
		t.Fatal(err)
	}
	refMap, err := sim.Coverage(ctx, eph, eph.Grid, sim.GlobalGrid(10), model, sim.CoverageOptions{PerSystem: true})
	if err != nil {
		t.Fatal(err)
	}
	refSky, err := sim.SkyTracks(ctx, eph, eph.Grid, sites[0], model, sim.SkyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, chunk := range []int{1, 7, 60, 61, 1000} {
		src := &countingSource{eph: eph}
		got, err := sim.SiteSeries(ctx, src, eph.Grid, sites, model, sim.Exec{ChunkEpochs: chunk, Workers: 3})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(sameNaN(ref.DOP), sameNaN(got.DOP)) || got.Grid != eph.Grid {
			t.Errorf("chunk %d: site series differs", chunk)
		}
		// The chunks tile the period in order.
		next := eph.Grid.Start
		total := 0
		for _, g := range src.chunks {
			if !g.Start.Equal(next) || g.Step != eph.Grid.Step || g.N > chunk {
				t.Fatalf("chunk %d: got chunk %+v after %v", chunk, g, next)
			}
			next = g.Time(g.N)
			total += g.N
		}
		if total != eph.Grid.N {
			t.Errorf("chunk %d: chunks cover %d epochs, want %d", chunk, total, eph.Grid.N)
		}
		m, err := sim.Coverage(ctx, eph, eph.Grid, sim.GlobalGrid(10), model, sim.CoverageOptions{Exec: sim.Exec{ChunkEpochs: chunk}, PerSystem: true})
		if err != nil {
			t.Fatal(err)
		}
		sameMaps(t, "chunked coverage", refMap, m)
		sky, err := sim.SkyTracks(ctx, eph, eph.Grid, sites[0], model, sim.SkyOptions{Exec: sim.Exec{ChunkEpochs: chunk}})
		if err != nil {
			t.Fatal(err)
		}
		if !sameBits(refSky.AzDeg, sky.AzDeg) || !sameBits(refSky.ElDeg, sky.ElDeg) || !reflect.DeepEqual(refSky.Passes, sky.Passes) {
			t.Errorf("chunk %d: sky tracks differ", chunk)
		}
	}
}

// sameNaN maps DOPs to comparable values (NaN fields to a sentinel).
func sameNaN(d []sim.DOP) []sim.DOP {
	out := make([]sim.DOP, len(d))
	for i, x := range d {
		for _, f := range []*float64{&x.GDOP, &x.PDOP, &x.HDOP, &x.VDOP, &x.TDOP} {
			if math.IsNaN(*f) {
				*f = -1
			}
		}
		out[i] = x
	}
	return out
}

// TestStreamSiteSeriesStats: statistics accumulated over the chunks of
// StreamSiteSeries equal CompareSites on the whole result.
func TestStreamSiteSeriesStats(t *testing.T) {
	eph := walkerEphemeris(97, 15*time.Minute)
	ctx := context.Background()
	sites := []sim.Site{{Name: "x", LatDeg: 55.76, LonDeg: 37.62}, {Name: "y", LatDeg: 0, LonDeg: -78}}
	model := sim.Model{Mask: sim.Mask{ElevationDeg: 15}, Clock: sim.ClockCommon}
	full, err := sim.SiteSeries(ctx, eph, eph.Grid, sites, model, sim.Exec{})
	if err != nil {
		t.Fatal(err)
	}
	want, err := sim.CompareSites(full)
	if err != nil {
		t.Fatal(err)
	}
	var acc sim.SiteStats
	chunks := 0
	err = sim.StreamSiteSeries(ctx, eph, eph.Grid, sites, model, sim.Exec{ChunkEpochs: 10}, func(c *sim.SiteResult) error {
		chunks++
		return acc.Add(c)
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := acc.Comparisons()
	if err != nil {
		t.Fatal(err)
	}
	if chunks != 10 {
		t.Errorf("%d chunks, want 10", chunks)
	}
	if !reflect.DeepEqual(want, got) {
		t.Errorf("streamed statistics differ:\n got %+v\nwant %+v", got, want)
	}
	// An error from the callback stops the stream and is returned.
	stop := errors.New("stop")
	if err := sim.StreamSiteSeries(ctx, eph, eph.Grid, sites, model, sim.Exec{ChunkEpochs: 10}, func(*sim.SiteResult) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("callback error: got %v", err)
	}
}

// TestEphemerisFill: an ephemeris is a source of its own epochs only.
func TestEphemerisFill(t *testing.T) {
	eph := walkerEphemeris(10, time.Hour)
	ctx := context.Background()
	n := len(eph.Sats)
	dst := &sim.Ephemeris{Sats: eph.Sats, X: make([]float64, n*3), Y: make([]float64, n*3), Z: make([]float64, n*3)}
	dst.Grid = orbit.EpochGrid{Start: eph.Grid.Time(2), Step: time.Hour, N: 3}
	if err := eph.Fill(ctx, dst); err != nil {
		t.Fatal(err)
	}
	for s := 0; s < n; s++ {
		for k := 0; k < 3; k++ {
			if dst.X[s*3+k] != eph.X[s*10+2+k] {
				t.Fatalf("sat %d epoch %d: copied the wrong position", s, k)
			}
		}
	}
	for _, g := range []orbit.EpochGrid{
		{Start: eph.Grid.Time(2).Add(time.Minute), Step: time.Hour, N: 3}, // between epochs
		{Start: eph.Grid.Time(2), Step: 30 * time.Minute, N: 3},           // another step
		{Start: eph.Grid.Time(8), Step: time.Hour, N: 3},                  // past the end
		{Start: eph.Grid.Start.Add(-time.Hour), Step: time.Hour, N: 3},    // before the start
	} {
		dst.Grid = g
		if err := eph.Fill(ctx, dst); err == nil {
			t.Errorf("grid %+v: no error", g)
		}
	}
}

// nanSource gives NaN in only some coordinates: the engine refuses it.
type nanSource struct{ sats []sim.Satellite }

func (s nanSource) Satellites() []sim.Satellite { return s.sats }
func (s nanSource) Fill(_ context.Context, dst *sim.Ephemeris) error {
	for i := range dst.X {
		dst.X[i], dst.Y[i], dst.Z[i] = math.NaN(), 1, 2
	}
	return nil
}

func TestBadSourceIsAnError(t *testing.T) {
	src := nanSource{sats: []sim.Satellite{{System: ephemeris.GPS, PRN: "G01"}}}
	grid := orbit.EpochGrid{Start: start2026, Step: time.Minute, N: 5}
	_, err := sim.SiteSeries(context.Background(), src, grid, []sim.Site{{Name: "a"}}, sim.Model{}, sim.Exec{})
	if err == nil {
		t.Fatal("no error for a source with partial NaN positions")
	}
}
