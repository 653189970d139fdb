package main

import (
	"os"
	"testing"

	"go.uber.org/goleak"

	"github.com/safeprim/safeprim/bench/scenario"
)

func TestMain(m *testing.M) {
	// run re-executes this test binary for every side of every scenario.
	if code, ok := scenario.MaybeChild(os.Args[1:], os.Stdout); ok {
		os.Exit(code)
	}
	goleak.VerifyTestMain(m)
}

var keep [][]byte

func init() {
	// test/leaky's safeprim side leaks what its naive side does not: a
	// regression leakbench must fail on.
	scenario.Register(scenario.Scenario{
		Name: "test/leaky", Source: "test", N: 10,
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
	})
	scenario.Register(scenario.Scenario{
		Name: "test/clean", Source: "test", N: 10,
		Leak: "1 MiB per operation", Fix: "nothing",
		Naive: func(n int) func() {
			for range n {
				keep = append(keep, make([]byte, 1<<20))
			}
			return func() { keep = nil }
		},
		Safeprim: func(int) func() { return func() {} },
	})
}
