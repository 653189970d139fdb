//go:build !race

// Package race reports whether the race detector is on, for the tests and
// benchmarks of safeprim's packages.
//
// Under the race detector sync.Pool drops one Put in four on purpose and
// testing.AllocsPerRun counts the detector's own allocations, so tests that
// assert on either skip when [Enabled] is true.
package race

// Enabled reports whether the binary was built with the race detector.
const Enabled = false
