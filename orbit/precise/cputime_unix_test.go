//go:build unix

package precise

import (
	"syscall"
	"time"
)

// processCPU returns the user+system CPU time of this process so far (all
// threads), and true; benchmarks report it per operation next to the wall
// time, which a loaded machine inflates.
func processCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
