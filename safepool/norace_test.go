//go:build !race

package safepool_test

// raceEnabled is true when the race detector is on: sync.Pool then drops one
// Put in four on purpose, and AllocsPerRun counts the detector's allocations.
const raceEnabled = false
