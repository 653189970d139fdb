//go:build race

package scenario_test

// race is true when the tests run under the race detector, which slows
// child processes down and makes sync.Pool drop one Put in four.
const race = true
