package main

import (
	"os"
	"slices"
	"sync"
	"testing"

	"go.uber.org/goleak"

	"github.com/safeprim/safeprim/bench/internal/scenario"
)

// testScenarios is every scenario with those below, which check leakbench
// itself. Both TestMain and the tests pass it: a child finds its scenario
// in the same list as its parent.
var testScenarios = append(slices.Clone(scenario.All),
	// test/leaky's safeprim side leaks what its naive side does not: a
	// regression leakbench must fail on.
	scenario.Scenario{
		Name: "test/leaky", N: 10,
		Leak: "nothing", Fix: "leaks a goroutine and 1 MiB per operation",
		Naive: func(int) func() { return func() {} },
		Safeprim: func(n int) func() {
			stop := make(chan struct{})
			for range n {
				keep = append(keep, make([]byte, 1<<20))
				go func() { <-stop }()
			}
			return func() { close(stop); keep = nil }
		},
	},
	scenario.Scenario{
		Name: "test/clean", N: 10,
		Leak: "1 MiB per operation", Fix: "nothing",
		Naive: func(n int) func() {
			for range n {
				keep = append(keep, make([]byte, 1<<20))
			}
			return func() { keep = nil }
		},
		Safeprim: func(int) func() { return func() {} },
	},
	// test/fatal's naive side ends its process with a runtime fatal error,
	// the way an unsynchronized map written from two goroutines does, but
	// deterministically.
	scenario.Scenario{
		Name: "test/fatal", N: 1,
		Leak: "ends its process", Fix: "nothing",
		Naive: func(int) func() {
			var mu sync.Mutex
			mu.Unlock()
			return func() {}
		},
		Safeprim: func(int) func() { return func() {} },
	},
)

var keep [][]byte

func TestMain(m *testing.M) {
	// run re-executes this test binary for every side of every scenario.
	if code, ok := maybeChild(testScenarios, os.Args[1:], os.Stdout); ok {
		os.Exit(code)
	}
	goleak.VerifyTestMain(m)
}

// fakePkg holds benchmarks in the shape of the module's, for the speed
// table's tests.
const fakePkg = "bench/cmd/leakbench/testdata/fakebench"

// testRows are speed rows over fakePkg; -run "^fake" selects them.
var testRows = []speedRow{
	{What: "fast vs slow", Pkg: fakePkg, Bench: "BenchmarkWork/size=8/impl=fast", Counterpart: "slow", Naive: "naive", Target: atMost(1)},
	{What: "fast vs slow", Pkg: fakePkg, Bench: "BenchmarkWork/size=64/impl=fast", Counterpart: "slow", Naive: "naive"},
	{What: "fewer allocations", Pkg: fakePkg, Bench: "BenchmarkAlloc/impl=fast", Counterpart: "slow", Target: below(1)},
}
