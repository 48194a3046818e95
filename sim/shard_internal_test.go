package sim

import (
	"encoding/json"
	"math"
	"testing"
)

// TestShardRowsPartition checks that the shards of every N tile [0, nLat)
// exactly, in order, with sizes differing by at most one.
func TestShardRowsPartition(t *testing.T) {
	for _, nLat := range []int{1, 2, 6, 90, 720, 1801} {
		for _, n := range []int{1, 2, 3, 7, 16, 100, 2000} {
			next := 0
			lo, hi := math.MaxInt, 0
			for i := 0; i < n; i++ {
				r0, r1 := ShardRows(i, n, nLat)
				if r0 != next || r1 < r0 {
					t.Fatalf("nLat %d, N %d: shard %d has rows [%d, %d), want to start at %d", nLat, n, i, r0, r1, next)
				}
				next = r1
				lo, hi = min(lo, r1-r0), max(hi, r1-r0)
			}
			if next != nLat || hi-lo > 1 {
				t.Fatalf("nLat %d, N %d: shards end at %d, sizes %d..%d", nLat, n, next, lo, hi)
			}
		}
	}
}

// TestShardFloatsRoundTrip checks that shard floats survive JSON exactly,
// NaN included.
func TestShardFloatsRoundTrip(t *testing.T) {
	in := shardFloats{0, 1, -0.5, 1.0 / 3, math.Nextafter(1, 2), 5e-324, math.MaxFloat64, 123456789.123456789, math.NaN(), 1e21, 22.464}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out shardFloats
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	if len(out) != len(in) {
		t.Fatalf("%d values back, want %d", len(out), len(in))
	}
	for i := range in {
		if math.Float64bits(in[i]) != math.Float64bits(out[i]) && !(math.IsNaN(in[i]) && math.IsNaN(out[i])) {
			t.Errorf("value %d: %v came back as %v (%s)", i, in[i], out[i], b)
		}
	}
	if _, err := json.Marshal(shardFloats{math.Inf(1)}); err == nil {
		t.Error("an infinite value was written")
	}
}
