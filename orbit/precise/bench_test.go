package precise

import (
	"testing"
	"time"

	"github.com/gnssim/gnssim/orbit"
)

// benchSetup returns the IAC source (121 satellites) and a 24 h grid at
// 30 s (2880 epochs) inside its span: the engine's usual chunk.
func benchSetup(b *testing.B) (*Source, orbit.EpochGrid, []int) {
	src := newSource(b, Options{}, loadSP3(b, fileIAC))
	start, _ := src.Span()
	grid := orbit.EpochGrid{Start: start, Step: 30 * time.Second, N: 2880}
	sats := make([]int, len(src.Satellites()))
	for i := range sats {
		sats[i] = i
	}
	return src, grid, sats
}

// cpuClock measures the process CPU time of a benchmark's loop.
type cpuClock struct {
	start time.Duration
	ok    bool
}

func startCPU() cpuClock {
	t, ok := processCPU()
	return cpuClock{t, ok}
}

// reportPerSatEpoch reports wall and CPU nanoseconds per satellite-epoch:
// on a machine shared with other work the wall time overstates the cost,
// the CPU time (user + system, all threads, from getrusage) does not.
func reportPerSatEpoch(b *testing.B, c cpuClock, satEpochs int) {
	per := float64(b.N) * float64(satEpochs)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/per, "ns/sat-epoch")
	if end, ok := processCPU(); ok && c.ok {
		b.ReportMetric(float64((end-c.start).Nanoseconds())/per, "cpu-ns/sat-epoch")
	}
}

// BenchmarkFillGrid: one satellite at a time, 24 h at 30 s, all 121
// satellites per iteration.
func BenchmarkFillGrid(b *testing.B) {
	src, grid, sats := benchSetup(b)
	x, y, z := make([]float64, grid.N), make([]float64, grid.N), make([]float64, grid.N)
	b.ReportAllocs()
	c := startCPU()
	for b.Loop() {
		for _, sat := range sats {
			src.FillGrid(sat, grid, x, y, z)
		}
	}
	reportPerSatEpoch(b, c, len(sats)*grid.N)
}

// BenchmarkFillBatch: all 121 satellites, 24 h at 30 s, positions only
// (weights once per epoch).
func BenchmarkFillBatch(b *testing.B) {
	src, grid, sats := benchSetup(b)
	dst := orbit.NewBatch(len(sats), grid.N, false)
	b.ReportAllocs()
	c := startCPU()
	for b.Loop() {
		if err := src.FillBatch(dst, sats, grid); err != nil {
			b.Fatal(err)
		}
	}
	reportPerSatEpoch(b, c, len(sats)*grid.N)
}

// BenchmarkFillBatchVelocity: as BenchmarkFillBatch, with velocities.
func BenchmarkFillBatchVelocity(b *testing.B) {
	src, grid, sats := benchSetup(b)
	dst := orbit.NewBatch(len(sats), grid.N, true)
	b.ReportAllocs()
	c := startCPU()
	for b.Loop() {
		if err := src.FillBatch(dst, sats, grid); err != nil {
			b.Fatal(err)
		}
	}
	reportPerSatEpoch(b, c, len(sats)*grid.N)
}

// BenchmarkPosition: single queries (time conversion and weights each time).
func BenchmarkPosition(b *testing.B) {
	src, grid, _ := benchSetup(b)
	b.ReportAllocs()
	k := 0
	c := startCPU()
	for b.Loop() {
		src.Position(k%121, grid.Time(k%grid.N))
		k++
	}
	reportPerSatEpoch(b, c, 1)
}
