package sim_test

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
)

// The whole pipeline as a library user writes it (the README shows this
// example): built-in element sets → catalog identity → SGP4 → batch
// propagation to ECEF → GLONASS, BeiDou and the combination at Beijing.
func Example_pipeline() {
	start := time.Date(2026, 3, 18, 0, 0, 0, 0, time.UTC)
	cat := ephemeris.DefaultCatalog()
	var props []*orbit.SGP4
	var sats []sim.Satellite
	for _, f := range ephemeris.Builtin() {
		sets, err := ephemeris.ReadAll(bytes.NewReader(f.Data), ephemeris.ReadOptions{File: f.Name})
		if err != nil {
			panic(err) // the built-in files are clean; real code reports the problems and goes on
		}
		for _, es := range sets {
			id := cat.Identify(es, start)
			if !id.Operational || (id.System != ephemeris.GLONASS && id.System != ephemeris.BeiDou) {
				continue
			}
			p, err := orbit.NewSGP4(es)
			if err != nil {
				continue
			}
			props = append(props, p)
			sats = append(sats, sim.Satellite{System: id.System, PRN: id.PRN, NORAD: es.CatalogNumber, Name: es.Name})
		}
	}
	grid := orbit.EpochGrid{Start: start, Step: 10 * time.Minute, N: 145} // 24 h
	batch := orbit.NewBatch(len(props), grid.N, false)
	if err := orbit.PropagateBatch(context.Background(), batch, props, grid, orbit.BatchOptions{Frame: orbit.FrameECEF}); err != nil {
		panic(err)
	}
	eph := &sim.Ephemeris{Grid: grid, Sats: sats, X: batch.X, Y: batch.Y, Z: batch.Z}
	beijing := sim.Site{Name: "beijing", LatDeg: 39.90, LonDeg: 116.40, HeightM: 50}
	res, err := sim.SiteSeries(context.Background(), eph, grid, []sim.Site{beijing}, sim.Model{
		Systems: []ephemeris.System{ephemeris.GLONASS, ephemeris.BeiDou},
		Mask:    sim.Mask{ElevationDeg: 10},
	}, sim.Exec{})
	if err != nil {
		panic(err)
	}
	cmps, err := sim.CompareSites(res)
	if err != nil {
		panic(err)
	}
	for _, st := range cmps[0].Stats {
		fmt.Printf("%-15s mean visible %4.1f  mean PDOP %.2f  availability %.3f\n", st.Variant, st.MeanVisible, st.MeanPDOP, st.Availability)
	}
	// Output:
	// glonass         mean visible  6.7  mean PDOP 2.71  availability 0.979
	// beidou          mean visible 24.8  mean PDOP 1.19  availability 1.000
	// glonass+beidou  mean visible 31.5  mean PDOP 1.02  availability 1.000
}
