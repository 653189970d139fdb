//go:build unix

package safepool_test

import (
	"syscall"
	"time"
)

// cpuTime returns the user and system CPU time the process has used. On a
// machine shared with other work it measures what a benchmark costs more
// steadily than the wall clock does.
func cpuTime() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
