//go:build race

package safemap_test

// raceEnabled reports whether the race detector is on: its instrumentation
// allocates, so allocation counts are not checked under it.
const raceEnabled = true
