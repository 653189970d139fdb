//go:build race

package trend_test

const raceEnabled = true
