package safepool_test

import (
	"runtime"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// onOneProcessor runs the rest of the test with GOMAXPROCS=1, so that a
// goroutine that migrates between the collections of leaktest.WatchUnderLoad
// cannot lose sight of an object in a sync.Pool's per-processor slot.
// sync.Pool drops its contents when GOMAXPROCS changes, so call it before
// filling a pool.
func onOneProcessor(tb testing.TB) {
	tb.Helper()
	prev := runtime.GOMAXPROCS(1)
	tb.Cleanup(func() { runtime.GOMAXPROCS(prev) })
}
