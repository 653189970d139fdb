package bench_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/safeprim/safeprim/bench"
	"github.com/safeprim/safeprim/bench/internal/scenario"
)

// benchScale scales the leak scenarios for benchmarks: every iteration of
// b.Loop runs a whole workload, so it must be short.
const benchScale = 0.1

// benchLeaks runs every scenario of source as sub-benchmarks
// pattern=P/n=N/impl=naive|safeprim, with bench.Leak: the leak figures of
// one measured run beside the time of a whole workload (n operations) and
// its release.
func benchLeaks(b *testing.B, source string) {
	found := false
	for _, s := range scenario.All {
		if s.Source() != source {
			continue
		}
		found = true
		n := s.Count(benchScale)
		_, pattern, _ := strings.Cut(s.Name, "/")
		for _, impl := range []scenario.Impl{scenario.Naive, scenario.Safeprim} {
			b.Run(fmt.Sprintf("pattern=%s/n=%d/impl=%s", pattern, n, impl), func(b *testing.B) {
				if impl == scenario.Naive && s.Fatal != "" {
					b.Skipf("the naive side ends the process with %q; go run ./bench/cmd/leakbench runs it in a child process", s.Fatal)
				}
				w := s.Workload(impl)
				bench.Leak(b, func() func() { return w(n) }, s.MeasureOptions(n)...)
			})
		}
	}
	if !found {
		b.Fatalf("no %s scenarios in scenario.All", source)
	}
}

func BenchmarkLeakGoroutine(b *testing.B) { benchLeaks(b, "goroutine") }
func BenchmarkLeakSlice(b *testing.B)     { benchLeaks(b, "slice") }
func BenchmarkLeakContext(b *testing.B)   { benchLeaks(b, "context") }
func BenchmarkLeakPool(b *testing.B)      { benchLeaks(b, "pool") }
func BenchmarkLeakMap(b *testing.B)       { benchLeaks(b, "map") }
func BenchmarkLeakHTTP(b *testing.B)      { benchLeaks(b, "http") }
