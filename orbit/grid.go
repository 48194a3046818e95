package orbit

import (
	"fmt"
	"time"
)

// EpochGrid is a regular grid of UTC epochs: Start, Start+Step, ...,
// Start+(N-1)·Step. It is never expanded into a []time.Time.
type EpochGrid struct {
	Start time.Time     // first epoch, UTC
	Step  time.Duration // spacing (> 0 when N > 1)
	N     int           // number of epochs (>= 0)
}

// Time returns epoch k of the grid.
func (g EpochGrid) Time(k int) time.Time {
	return g.Start.Add(time.Duration(k) * g.Step)
}

// Validate reports whether the grid is usable.
func (g EpochGrid) Validate() error {
	if g.N < 0 {
		return fmt.Errorf("epoch grid: negative epoch count %d", g.N)
	}
	if g.N > 1 && g.Step <= 0 {
		return fmt.Errorf("epoch grid: step %v must be positive", g.Step)
	}
	return nil
}
