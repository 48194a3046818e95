//go:build !linux

package integrity_test

func threadCPU() (int64, bool) { return 0, false }
func lockThread()              {}
func unlockThread()            {}
