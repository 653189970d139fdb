//go:build !race

package safeslice_test

// raceEnabled reports whether the tests run under the race detector, which
// makes allocation counts unreliable.
const raceEnabled = false
