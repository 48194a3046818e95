//go:build linux

package integrity_test

import (
	"runtime"
	"syscall"
)

// threadCPU returns the CPU time (ns) consumed by the calling OS thread
// (getrusage RUSAGE_THREAD), which, unlike wall time, does not count time
// the thread waits for a core on a shared machine.
func threadCPU() (int64, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(1 /* RUSAGE_THREAD */, &ru); err != nil {
		return 0, false
	}
	return ru.Utime.Nano() + ru.Stime.Nano(), true
}

func lockThread()   { runtime.LockOSThread() }
func unlockThread() { runtime.UnlockOSThread() }
