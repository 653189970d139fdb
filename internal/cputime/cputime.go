// Package cputime reads the CPU time the process has used, which the
// benchmarks of safeprim's packages report beside ns/op: on a machine shared
// with other work it moves less than the wall clock, because it does not
// count the time the process waits for a core.
package cputime

import "time"

// Process returns the user and system CPU time the process has used so far,
// summed over all its threads. It returns false where the system does not
// report it.
func Process() (time.Duration, bool) {
	return process()
}
