package safepool_test

import (
	"testing"

	"github.com/safeprim/safeprim/internal/race"
	"github.com/safeprim/safeprim/internal/upstreamtest"
)

// syncPoolSuite is Go's own sync.Pool tests, from the Go distribution's
// src/sync, pointed at Pool[any]. TestPoolGC and TestPoolRelease are the
// checks that objects leave the pool over two collections exactly as they
// leave a sync.Pool; TestPoolStress and TestNilPool run too.
//
// What needed changing, and why:
//   - sync.Pool (dot-imported as Pool) becomes safePool, an adapter whose
//     zero value makes a Pool[any] on first use, with an alloc that calls
//     the adapter's New as sync.Pool's Get does and a recycle that keeps
//     every object; the dot import of sync goes.
//   - runtime_blockUntilEmptyCleanupQueue is linked by the runtime into
//     package sync_test only; the stand-in lets the cleanup goroutines run
//     for a bounded time instead, without collecting again.
//   - TestPool, TestPoolNew, TestPoolDequeue, TestPoolChain and the
//     benchmarks are dropped (Drop says why for each).
var syncPoolSuite = upstreamtest.Suite{
	Pkg:   "sync",
	Files: []string{"pool_test.go"},
	Rewrites: []upstreamtest.Rewrite{
		{Old: `\bPool\b`, New: "safePool"},
		{Old: `\t\. "sync"\n`, New: ""},
	},
	Drop: map[string]string{
		"TestPool":                  "pins its goroutine to a P with Runtime_procPin, which only package sync exports",
		"TestPoolNew":               "pins its goroutine to a P with Runtime_procPin, which only package sync exports",
		"TestPoolDequeue":           "tests sync's internal poolDequeue, not Pool",
		"TestPoolChain":             "tests sync's internal poolChain, not Pool",
		"testPoolDequeue":           "tests sync's internal poolDequeue, not Pool",
		"BenchmarkPool":             "benchmarks are not run here",
		"BenchmarkPoolOverflow":     "benchmarks are not run here",
		"BenchmarkPoolStarvation":   "benchmarks are not run here",
		"BenchmarkPoolSTW":          "benchmarks are not run here",
		"BenchmarkPoolExpensiveNew": "benchmarks are not run here",
	},
	Extra: map[string]string{"adapter_test.go": `package upstream_test

import (
	"runtime"
	"sync"
	"time"

	"github.com/safeprim/safeprim/safepool"
)

// safePool is what the copied tests use where they used sync.Pool.
type safePool struct {
	New func() any

	once sync.Once
	p    *safepool.Pool[any]
}

func (a *safePool) pool() *safepool.Pool[any] {
	a.once.Do(func() {
		a.p = safepool.New(
			func() any {
				if a.New != nil {
					return a.New()
				}
				return nil
			},
			func(x any) (any, bool) { return x, true })
	})
	return a.p
}

func (a *safePool) Get() any  { return a.pool().Get() }
func (a *safePool) Put(x any) { a.pool().Put(x) }

// runtime_blockUntilEmptyCleanupQueue stands in for the runtime's, which
// only package sync_test may link to: it yields to the cleanup goroutines
// for at most timeout, capped at a quarter of a second, and runs no collection.
func runtime_blockUntilEmptyCleanupQueue(timeout int64) bool {
	deadline := time.Now().Add(min(time.Duration(timeout), 250*time.Millisecond))
	for time.Now().Before(deadline) {
		runtime.Gosched()
		time.Sleep(time.Millisecond)
	}
	return true
}
`},
}

func TestUpstreamSyncPool(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs Go's own sync.Pool tests in a module of their own; skipped with -short")
	}
	if race.Enabled {
		t.Skip("pool_test.go is built only without the race detector, under which sync.Pool drops Puts at random")
	}
	upstreamtest.Run(t, syncPoolSuite)
}
