package safepool_test

import (
	"bytes"
	"runtime"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"

	"github.com/safeprim/safeprim/internal/leaktest"
	"github.com/safeprim/safeprim/safepool"
)

// A pool keeps its objects in a sync.Pool and nowhere else, so it must give
// them back to the garbage collector exactly as a sync.Pool does: an object
// Put survives one collection in the victim cache and is gone after the
// second (TestPoolRelease), and an object taken out again is not held by
// the pool at all (TestPoolGC). These are the checks of Go's own
// TestPoolRelease and TestPoolGC (sync/pool_test.go), run against every
// pool type here; a pool with a cache of its own in front of the sync.Pool
// fails them.

// releaseCase is one pool type under the release tests: put stores a fresh
// object and returns a pointer into it to watch; get takes one out; news
// reads the pool's Stats().News.
type releaseCase struct {
	name string
	make func() (put func() unsafe.Pointer, get func(), news func() uint64)
}

func newsOf(stats func() safepool.Stats) func() uint64 {
	return func() uint64 { return stats().News }
}

var releaseCases = []releaseCase{
	{"type=Pool", func() (func() unsafe.Pointer, func(), func() uint64) {
		p := safepool.New(newObject, resetObject)
		return func() unsafe.Pointer { o := newObject(); p.Put(o); return unsafe.Pointer(o) },
			func() { p.Get() }, newsOf(p.Stats)
	}},
	{"type=Pool/value=slice", func() (func() unsafe.Pointer, func(), func() uint64) {
		p := safepool.New(
			func() []int64 { return make([]int64, 0, 16) },
			func(s []int64) ([]int64, bool) { return s[:0], true })
		return func() unsafe.Pointer { s := make([]int64, 0, 16); p.Put(s); return unsafe.Pointer(unsafe.SliceData(s)) },
			func() { p.Get() }, newsOf(p.Stats)
	}},
	{"type=BufferPool", func() (func() unsafe.Pointer, func(), func() uint64) {
		p := new(safepool.BufferPool)
		return func() unsafe.Pointer { b := bytes.NewBuffer(make([]byte, 0, 256)); p.Put(b); return unsafe.Pointer(b) },
			func() { p.Get() }, newsOf(p.Stats)
	}},
	{"type=SlicePool", func() (func() unsafe.Pointer, func(), func() uint64) {
		p := new(safepool.SlicePool[int64])
		return func() unsafe.Pointer { s := make([]int64, 0, 16); p.Put(s); return unsafe.Pointer(unsafe.SliceData(s)) },
			func() { p.Get() }, newsOf(p.Stats)
	}},
}

// collectAfterPut puts n fresh objects with put and returns a counter of
// how many of them the garbage collector has freed.
func collectAfterPut(n int, put func() unsafe.Pointer) *atomic.Int64 {
	freed := new(atomic.Int64)
	for range n {
		runtime.AddCleanup((*byte)(put()), func(f *atomic.Int64) { f.Add(1) }, freed)
	}
	return freed
}

// waitFreed waits for the cleanups of objects already found unreachable to
// run, without collecting again (which would let objects that are still
// kept go too), and returns how many were freed.
func waitFreed(freed *atomic.Int64, want int64) int64 {
	for range 500 {
		if freed.Load() >= want {
			break
		}
		time.Sleep(time.Millisecond)
	}
	return freed.Load()
}

// TestPoolRelease puts objects into an idle pool and checks that two
// collections free them all, as they free a sync.Pool's.
func TestPoolRelease(t *testing.T) {
	testRelease(t, false)
}

// TestPoolGC puts objects into a pool, takes them all out again and checks
// that one collection frees them: the pool holds no reference to an object
// it handed out.
func TestPoolGC(t *testing.T) {
	testRelease(t, true)
}

func testRelease(t *testing.T, drain bool) {
	if drain {
		// One processor, so that every object Put can be taken out again:
		// with more, one could sit in another processor's private slot.
		onOneProcessor(t)
	}
	const n = 100
	for _, tc := range releaseCases {
		t.Run(tc.name, func(t *testing.T) {
			put, get, news := tc.make()
			for try := range 3 {
				freed := collectAfterPut(n, put)
				if drain {
					for range n {
						get()
					}
				} else {
					runtime.GC() // to the victim cache
				}
				runtime.GC()
				// One object may still be referenced from a stack or register.
				if got := waitFreed(freed, n); got < n-1 {
					t.Fatalf("try %d: %d of %d objects freed, want at least %d", try, got, n, n-1)
				}
				// The one object the bound above forgives must not be the
				// pool's: a pool with a cache of one would pass it.
				before := news()
				get()
				if news() != before+1 {
					t.Fatalf("try %d: Get returned a kept object, want the pool empty", try)
				}
			}
		})
	}
}

// TestIdleRelease checks, with leaktest.Watch, that an object Put into an
// idle pool is collected.
func TestIdleRelease(t *testing.T) {
	for _, tc := range releaseCases {
		t.Run(tc.name, func(t *testing.T) {
			put, _, _ := tc.make()
			collected := leaktest.Watch((*byte)(put()))
			if !collected() {
				t.Error("object kept by an idle pool was not collected")
			}
		})
	}
}
