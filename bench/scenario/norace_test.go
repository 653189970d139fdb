//go:build !race

package scenario_test

const race = false
