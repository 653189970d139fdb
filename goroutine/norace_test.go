//go:build !race

package goroutine_test

// raceEnabled reports whether the race detector is on: it adds allocations
// and changes scheduling, so allocation counts are not asserted under it.
const raceEnabled = false
