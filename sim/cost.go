package sim

import (
	"unsafe"
)

// Cost is what a call will need, estimated before it starts so that a
// front end can refuse work that would exhaust the machine (one model for
// every command; see Limits in the callers).
type Cost struct {
	// Bytes is the memory of the call's buffers and result, bytes.
	Bytes int64
	// ReceiverEpochs is the number of receiver evaluations: sites or grid
	// cells times epochs (the engine's unit of work).
	ReceiverEpochs float64
	// SatelliteEpochs is the number of satellite positions to compute.
	SatelliteEpochs float64
}

// Plus returns the sum of two costs.
func (c Cost) Plus(d Cost) Cost {
	return Cost{Bytes: c.Bytes + d.Bytes, ReceiverEpochs: c.ReceiverEpochs + d.ReceiverEpochs, SatelliteEpochs: c.SatelliteEpochs + d.SatelliteEpochs}
}

// Memory of the per-element buffers, bytes.
const (
	// bytesPerSatEpoch: ECEF x, y, z of one satellite at one epoch.
	bytesPerSatEpoch = 24
	// bytesPerCellLayer: per cell and layer, the accumulators of cellStats
	// (int64 sum, two int32 extremes, two float64 PDOP sums, two int32
	// counts: 40 B) and the result CoverageStats (seven 8-byte values: 56 B).
	bytesPerCellLayer = 96
	// bytesPerSkyEpoch: per tracked satellite and epoch, azimuth, elevation
	// and margin (3 × 8 B) and two flags.
	bytesPerSkyEpoch = 26
	// bytesPerPDOPValue: a PDOP value kept for the percentiles of SiteStats.
	bytesPerPDOPValue = 8
)

// chunkBytes is the memory of the chunk of positions a call holds.
func chunkBytes(nSats, nEpochs int, x Exec) int64 {
	c, err := x.chunkEpochs()
	if err != nil {
		c = DefaultChunkEpochs
	}
	return int64(nSats) * int64(min(c, nEpochs)) * bytesPerSatEpoch
}

// SiteSeriesCost estimates StreamSiteSeries (full false) or SiteSeries
// (full true: the result holds every epoch) for nSats satellites, nSites
// sites, nEpochs epochs and nVariants variants (Model.Variants).
func SiteSeriesCost(nSats, nSites, nEpochs, nVariants int, full bool, x Exec) Cost {
	c, err := x.chunkEpochs()
	if err != nil {
		c = DefaultChunkEpochs
	}
	dopSize := int64(unsafe.Sizeof(DOP{}))
	epochs := int64(min(c, nEpochs))
	if full {
		epochs = int64(nEpochs)
	}
	return Cost{
		Bytes:           chunkBytes(nSats, nEpochs, x) + int64(nSites)*epochs*int64(nVariants)*dopSize,
		ReceiverEpochs:  float64(nSites) * float64(nEpochs),
		SatelliteEpochs: float64(nSats) * float64(nEpochs),
	}
}

// SiteStatsCost estimates the memory of a SiteStats over nEpochs epochs
// (the PDOP values kept for the percentiles, at most one per site, epoch
// and variant).
func SiteStatsCost(nSites, nEpochs, nVariants int) Cost {
	return Cost{Bytes: int64(nSites) * int64(nEpochs) * int64(nVariants) * bytesPerPDOPValue}
}

// CoverageCost estimates Coverage over cells grid cells with nLayers
// layers (1, or 1 + the number of systems with PerSystem).
func CoverageCost(nSats, cells, nEpochs, nLayers int, x Exec) Cost {
	return Cost{
		Bytes:           chunkBytes(nSats, nEpochs, x) + int64(cells)*int64(nLayers)*bytesPerCellLayer,
		ReceiverEpochs:  float64(cells) * float64(nEpochs),
		SatelliteEpochs: float64(nSats) * float64(nEpochs),
	}
}

// SkyTracksCost estimates SkyTracks of nSats satellites over nEpochs epochs
// (the result holds azimuth and elevation at every epoch).
func SkyTracksCost(nSats, nEpochs int, x Exec) Cost {
	return Cost{
		Bytes:           chunkBytes(nSats, nEpochs, x) + int64(nSats)*int64(nEpochs)*bytesPerSkyEpoch,
		ReceiverEpochs:  float64(nEpochs),
		SatelliteEpochs: float64(nSats) * float64(nEpochs),
	}
}

// EphemerisCost estimates an Ephemeris holding nSats satellites over
// nEpochs epochs (what a caller pays to propagate a period once and reuse
// it as a Source).
func EphemerisCost(nSats, nEpochs int) Cost {
	return Cost{Bytes: int64(nSats) * int64(nEpochs) * bytesPerSatEpoch, SatelliteEpochs: float64(nSats) * float64(nEpochs)}
}
