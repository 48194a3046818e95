package sim_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
)

// snapshotEphemeris propagates the real GLONASS and BeiDou element sets of
// testdata/tle/2026-03-18 (CelesTrak) with orbit.PropagateBatch (SGP4, ECEF)
// over grid.
func snapshotEphemeris(t testing.TB, grid orbit.EpochGrid) *sim.Ephemeris {
	t.Helper()
	eph := &sim.Ephemeris{Grid: grid}
	var props []*orbit.SGP4
	for _, f := range []struct {
		file string
		sys  ephemeris.System
	}{{"glonass.tle", ephemeris.GLONASS}, {"beidou.tle", ephemeris.BeiDou}} {
		sets, _, err := ephemeris.ReadFile(filepath.Join("..", "testdata", "tle", "2026-03-18", f.file), ephemeris.ReadOptions{})
		if err != nil {
			t.Fatalf("%s: %v", f.file, err)
		}
		for _, es := range sets {
			p, err := orbit.NewSGP4(es)
			if err != nil {
				t.Fatalf("%s %s: %v", f.file, es.Name, err)
			}
			props = append(props, p)
			eph.Sats = append(eph.Sats, sim.Satellite{System: f.sys, PRN: fmt.Sprint(es.CatalogNumber), NORAD: es.CatalogNumber, Name: es.Name})
		}
	}
	b := orbit.NewBatch(len(props), grid.N, false)
	if err := orbit.PropagateBatch(context.Background(), b, props, grid, orbit.BatchOptions{}); err != nil {
		t.Fatal(err)
	}
	eph.X, eph.Y, eph.Z = b.X, b.Y, b.Z
	if err := eph.Validate(); err != nil {
		t.Fatal(err)
	}
	return eph
}

// TestSnapshotCoverage runs the engine on the real 2026-03-18 snapshot
// (eccentric, perturbed orbits, GEO/IGSO/MEO, the satellites CelesTrak
// lists): cap skip equals brute force bit for bit, cells equal SiteSeries,
// and the visible counts at Beijing are plausible.
func TestSnapshotCoverage(t *testing.T) {
	n := 48
	if testing.Short() {
		n = 8
	}
	eph := snapshotEphemeris(t, orbit.EpochGrid{Start: time.Date(2026, 3, 18, 0, 0, 0, 0, time.UTC), Step: 24 * time.Hour / time.Duration(n), N: n})
	opt := opts{Mask: sim.Mask{ElevationDeg: 10}, PerSystem: true}
	for _, grid := range []sim.GridSpec{sim.GlobalGrid(5), {CellDeg: 1, LatMinDeg: 10, LatMaxDeg: 60, LonMinDeg: 70, LonMaxDeg: 150}} {
		fast, err := coverage(context.Background(), eph, grid, opt, nil)
		if err != nil {
			t.Fatal(err)
		}
		brute, err := coverageBruteForce(context.Background(), eph, grid, opt)
		if err != nil {
			t.Fatal(err)
		}
		sameMaps(t, fmt.Sprintf("snapshot %+v: fast vs brute force", grid), fast, brute)
	}
	r, err := siteSeries(eph, []sim.Site{{Name: "Beijing", LatDeg: 39.9, LonDeg: 116.4, HeightM: 50}}, opt)
	if err != nil {
		t.Fatal(err)
	}
	cmp, err := sim.CompareSites(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range cmp[0].Stats {
		t.Logf("Beijing %-15s mean visible %5.2f (min %2d), mean PDOP %.2f, P95 %.2f, availability %.3f", s.Variant, s.MeanVisible, s.MinVisible, s.MeanPDOP, s.P95PDOP, s.Availability)
	}
	// Loose plausibility bounds above 10° at Beijing: GLONASS (24 active)
	// 4–14, BeiDou (BDS-2 + BDS-3 incl. GEO/IGSO, ~45 listed) 12–35.
	for k := 0; k < eph.Grid.N; k++ {
		g, b := r.NVisible(0, k, ephemeris.GLONASS), r.NVisible(0, k, ephemeris.BeiDou)
		if g < 4 || g > 14 || b < 12 || b > 35 {
			t.Errorf("epoch %d: %d GLONASS, %d BeiDou visible at Beijing", k, g, b)
		}
	}
}

// BenchmarkSnapshotCoverage is BenchmarkCoverage (benchmarks package) on the
// real 2026-03-18 GLONASS + BeiDou snapshot propagated with SGP4: 2° global
// grid, 24 h at 5 min, per-system clocks, mask 10°.
func BenchmarkSnapshotCoverage(b *testing.B) {
	eph := snapshotEphemeris(b, orbit.EpochGrid{Start: time.Date(2026, 3, 18, 0, 0, 0, 0, time.UTC), Step: 5 * time.Minute, N: 288})
	grid := sim.GlobalGrid(2)
	nLat, nLon := grid.Dims()
	cellEpochs := float64(nLat * nLon * eph.Grid.N)
	opt := opts{Mask: sim.Mask{ElevationDeg: 10}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := coverage(context.Background(), eph, grid, opt, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/cellEpochs, "ns/cell-epoch")
}
