// Package scenario holds safeprim's leak scenarios: small pieces of service
// code written twice, once with the naive pattern that leaks and once with
// the safeprim primitive that replaces it, each run for a fixed count of
// operations and measured with package bench.
//
// Every scenario is a value in one list, [All]. Adding one is an entry in
// that list and its two workloads, beside the others of its source. The
// list serves go run ./bench/cmd/leakbench, which runs each side in a fresh
// process, and the BenchmarkLeak* benchmarks of package bench, which run
// them in process.
//
// Naive sides leave goroutines blocked for ever on purpose. They keep the
// channels those goroutines wait on only through weak pointers, so that the
// runtime's goroutineleak profile (Go 1.27, or Go 1.26 built with
// GOEXPERIMENT=goroutineleakprofile) sees
// them as leaked, and the release function of the workload can still
// unblock them so that a test process ends with none running.
package scenario

import (
	"math"
	"strings"

	"github.com/safeprim/safeprim/bench"
)

// A Workload does n operations of a scenario the way service code would and
// returns a function that releases what they left behind (or nil if there is
// nothing): it closes the channels leaked goroutines wait on and drops the
// references a cache kept.
// Until release is called, the leftovers stay reachable so that a
// measurement sees them.
type Workload func(n int) (release func())

// Impl names a side of a scenario.
type Impl string

// The two sides of every scenario.
const (
	Naive    Impl = "naive"
	Safeprim Impl = "safeprim"
)

// Scenario is one leak, written naively and with safeprim.
type Scenario struct {
	// Name is source/pattern, for example "slice/queue"; the source is the
	// leak source: goroutine, slice, context, pool, map or http.
	Name string
	// Leak says in one line what the naive side leaks.
	Leak string
	// Fix says in one line what the safeprim side does instead.
	Fix string
	// N is the operation count at scale 1.
	N int
	// Naive and Safeprim are the two sides.
	Naive, Safeprim Workload
	// Fatal is the runtime's fatal error the naive side is expected to end
	// its process with, if any. The runtime detects some misuse, such as
	// unsynchronized map writes, only on a best-effort basis, so a run can
	// complete anyway; runners may try again.
	Fatal string
	// WarmGoroutines is how many goroutines per operation either side may
	// have running at once; the measurement warms that many first (see
	// bench.WithWarmGoroutines), so that the runtime's one-time cost of
	// goroutine descriptors is not counted as retained.
	WarmGoroutines int
	// Options are passed to bench.Measure for both sides.
	Options []bench.Option
}

// Source returns the leak source, the part of s.Name before the slash.
func (s Scenario) Source() string {
	source, _, _ := strings.Cut(s.Name, "/")
	return source
}

// Count returns the operation count at scale: N*scale rounded, at least 1.
func (s Scenario) Count(scale float64) int {
	return max(1, int(math.Round(float64(s.N)*scale)))
}

// Workload returns the side named impl.
func (s Scenario) Workload(impl Impl) Workload {
	if impl == Naive {
		return s.Naive
	}
	return s.Safeprim
}
