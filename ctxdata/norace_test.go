//go:build !race

package ctxdata_test

// raceEnabled reports whether the race detector is on; it adds allocations
// that AllocsPerRun would count.
const raceEnabled = false
