package job

import (
	"strings"
	"testing"
)

func TestParseShardSpec(t *testing.T) {
	good := []struct {
		in   string
		want Shard
	}{
		{"0/1", Shard{0, 1}},
		{"0/16", Shard{0, 16}},
		{"15/16", Shard{15, 16}},
		{" 3 / 7 ", Shard{3, 7}},
	}
	for _, c := range good {
		got, err := ParseShard(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseShard(%q) = %v, %v; want %v", c.in, got, err, c.want)
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
		_, err := ParseShard(c.in)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ParseShard(%q) error %v, want one containing %q", c.in, err, c.want)
		}
	}
}
