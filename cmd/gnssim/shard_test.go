package main

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

func TestParseShardSpec(t *testing.T) {
	good := []struct {
		in   string
		want shardSpec
	}{
		{"0/1", shardSpec{0, 1}},
		{"0/16", shardSpec{0, 16}},
		{"15/16", shardSpec{15, 16}},
		{" 3 / 7 ", shardSpec{3, 7}},
	}
	for _, c := range good {
		got, err := parseShardSpec(c.in)
		if err != nil || got != c.want {
			t.Errorf("parseShardSpec(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	bad := []struct{ in, want string }{
		{"3", "want I/N"},
		{"16/16", "0-based"}, // Slurm --array=1-16 would give this: the message says to use 0-(N-1)
		{"-1/4", "0-based"},
		{"/16", "two integers"}, // an unset $SLURM_ARRAY_TASK_ID
		{"a/b", "two integers"},
		{"0/0", "between 1 and"},
		{"0/2000000", "between 1 and"},
		{"1.5/4", "two integers"},
	}
	for _, c := range bad {
		_, err := parseShardSpec(c.in)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("parseShardSpec(%q) error %v, want one containing %q", c.in, err, c.want)
		}
	}
}

// TestShardRowsPartition checks that the shards of every N tile [0, nLat)
// exactly, in order, with sizes differing by at most one.
func TestShardRowsPartition(t *testing.T) {
	for _, nLat := range []int{1, 2, 6, 90, 720, 1801} {
		for _, n := range []int{1, 2, 3, 7, 16, 100, 2000} {
			next := 0
			lo, hi := math.MaxInt, 0
			for i := 0; i < n; i++ {
				r0, r1 := shardRows(i, n, nLat)
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
