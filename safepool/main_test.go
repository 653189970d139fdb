package safepool_test

import (
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// collectedUnderLoad reports whether the object p points to is collected
// while work keeps running between collections, as it does in a busy
// program. leaktest.Watch collects with nothing running in between, which
// flushes any sync.Pool after two cycles; this shows what a pool keeps
// alive while it is in use. Call onOneProcessor before filling the pool.
func collectedUnderLoad[T any](tb testing.TB, p *T, work func()) bool {
	tb.Helper()
	done := new(atomic.Bool)
	runtime.AddCleanup(p, func(d *atomic.Bool) { d.Store(true) }, done)
	p = nil
	for range 10 {
		work()
		runtime.GC()
		time.Sleep(time.Millisecond)
		if done.Load() {
			return true
		}
	}
	return false
}

// onOneProcessor runs the rest of the test with GOMAXPROCS=1, so that a
// goroutine that migrates between collections cannot lose sight of an object
// in a sync.Pool's per-processor slot. sync.Pool drops its contents when
// GOMAXPROCS changes, so call it before filling a pool.
func onOneProcessor(tb testing.TB) {
	tb.Helper()
	prev := runtime.GOMAXPROCS(1)
	tb.Cleanup(func() { runtime.GOMAXPROCS(prev) })
}
