package sim_test

import (
	"context"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/sim"
)

// opts bundles a model and the call options of the test tables, so that one
// table row can drive SiteSeries, Coverage and SkyTracks alike.
type opts struct {
	Systems       []ephemeris.System
	Mask          sim.Mask
	Clock         sim.ClockModel
	ISBSigmaM     float64
	Weighting     sim.Weighting
	PDOPMax       float64
	Workers       int
	ChunkEpochs   int
	PerSystem     bool
	KeepBelowMask bool
}

func (o opts) model() sim.Model {
	return sim.Model{Systems: o.Systems, Mask: o.Mask, Clock: o.Clock, ISBSigmaM: o.ISBSigmaM, Weighting: o.Weighting, PDOPMax: o.PDOPMax}
}

func (o opts) exec() sim.Exec { return sim.Exec{Workers: o.Workers, ChunkEpochs: o.ChunkEpochs} }

// siteSeries evaluates sites over the whole ephemeris.
func siteSeries(eph *sim.Ephemeris, sites []sim.Site, o opts) (*sim.SiteResult, error) {
	return sim.SiteSeries(context.Background(), eph, eph.Grid, sites, o.model(), o.exec())
}

// coverage maps grid over the whole ephemeris.
func coverage(ctx context.Context, eph *sim.Ephemeris, grid sim.GridSpec, o opts, progress func(done, total int)) (*sim.CoverageMap, error) {
	x := o.exec()
	x.Progress = progress
	return sim.Coverage(ctx, eph, eph.Grid, grid, o.model(), sim.CoverageOptions{Exec: x, PerSystem: o.PerSystem})
}

// coverageRows maps rows [r0, r1) of grid over the whole ephemeris.
func coverageRows(ctx context.Context, eph *sim.Ephemeris, grid sim.GridSpec, r0, r1 int, o opts) (*sim.CoverageMap, error) {
	return sim.Coverage(ctx, eph, eph.Grid, grid, o.model(), sim.CoverageOptions{Exec: o.exec(), PerSystem: o.PerSystem, RowStart: r0, RowEnd: r1})
}

// coverageBruteForce is coverage without the cap skip.
func coverageBruteForce(ctx context.Context, eph *sim.Ephemeris, grid sim.GridSpec, o opts) (*sim.CoverageMap, error) {
	return sim.CoverageBruteForce(ctx, eph, grid, o.model(), sim.CoverageOptions{Exec: o.exec(), PerSystem: o.PerSystem})
}

// skyTracks tracks the satellites over the whole ephemeris.
func skyTracks(eph *sim.Ephemeris, site sim.Site, o opts) (*sim.SkyTrack, error) {
	return sim.SkyTracks(context.Background(), eph, eph.Grid, site, o.model(), sim.SkyOptions{Exec: o.exec(), KeepBelowMask: o.KeepBelowMask})
}
