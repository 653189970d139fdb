// Package scenario holds safeprim's leak scenarios: small pieces of service
// code written twice, once with the naive pattern that leaks and once with
// the safeprim primitive that replaces it, each run for a fixed count of
// operations and measured with package bench.
//
// The scenarios register themselves; [All] lists them. A scenario's sides
// can run in this process ([Scenario.Run]) or each in a fresh child process
// that re-executes the current binary ([RunChild], [MaybeChild]). Children
// are what go run ./bench/cmd/leakbench uses: a leaky naive side slows every
// measurement after it in the same process, and one scenario's naive side
// ends its process with "fatal error: concurrent map writes".
//
// Naive sides leave goroutines blocked for ever on purpose. They keep the
// channels those goroutines wait on only through weak pointers, so that the
// runtime's goroutineleak profile (GOEXPERIMENT=goroutineleakprofile) sees
// them as leaked, and the release function of the workload can still
// unblock them so that a test process ends with none running.
package scenario

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/safeprim/safeprim/bench"
)

// A Workload does n operations of a scenario the way service code would and
// returns a function that releases what they left behind (or nil if there is
// nothing): it closes the channels leaked goroutines wait on and drops the
// references a cache kept.
// Until release is called, the leftovers stay reachable so that a
// measurement sees them.
type Workload func(n int) (release func())

// Scenario is one leak, written naively and with safeprim.
type Scenario struct {
	// Name is source/pattern, for example "slice/queue".
	Name string
	// Source is the leak source: goroutine, slice, context, pool, map or http.
	Source string
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
	// bench.WarmGoroutines), so that the runtime's one-time cost of
	// goroutine descriptors is not counted as retained.
	WarmGoroutines int
	// Options are passed to bench.Measure for both sides.
	Options []bench.Option
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

var registry struct {
	sync.Mutex
	all []Scenario
}

// Register adds s to the scenarios [All] returns. It is meant to be called
// from init functions. Register panics if s has no name, no positive N, a
// nil side, or a name already registered.
func Register(s Scenario) {
	switch {
	case s.Name == "" || !strings.Contains(s.Name, "/"):
		panic(fmt.Sprintf("scenario: Register: name %q is not source/pattern", s.Name))
	case s.N < 1:
		panic(fmt.Sprintf("scenario: Register: %s has N = %d; give a positive operation count", s.Name, s.N))
	case s.Naive == nil || s.Safeprim == nil:
		panic(fmt.Sprintf("scenario: Register: %s has a nil side; give both Naive and Safeprim", s.Name))
	}
	registry.Lock()
	defer registry.Unlock()
	if _, ok := lookup(s.Name); ok {
		panic(fmt.Sprintf("scenario: Register: %s registered twice", s.Name))
	}
	registry.all = append(registry.all, s)
}

// All returns every registered scenario, sorted by name.
func All() []Scenario {
	registry.Lock()
	defer registry.Unlock()
	all := slices.Clone(registry.all)
	slices.SortFunc(all, func(a, b Scenario) int { return strings.Compare(a.Name, b.Name) })
	return all
}

// Match returns the registered scenarios whose name re matches, sorted by
// name. A nil re matches all.
func Match(re *regexp.Regexp) []Scenario {
	var out []Scenario
	for _, s := range All() {
		if re == nil || re.MatchString(s.Name) {
			out = append(out, s)
		}
	}
	return out
}

// Lookup returns the scenario registered under name.
func Lookup(name string) (Scenario, bool) {
	registry.Lock()
	defer registry.Unlock()
	return lookup(name)
}

func lookup(name string) (Scenario, bool) {
	for _, s := range registry.all {
		if s.Name == name {
			return s, true
		}
	}
	return Scenario{}, false
}
