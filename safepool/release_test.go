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
// second (TestPoolsRelease), and an object taken out again is not held by
// the pool at all (TestPoolsDrained). These are the checks of Go's own
// TestPoolRelease and TestPoolGC (sync/pool_test.go), run against every
// pool type here; a pool with a cache of its own in front of the sync.Pool
// fails them.

// releaseCase is one pool type under the release tests: put stores a fresh
// object and returns a pointer into it to watch; get takes one out.
type releaseCase struct {
	name string
	make func() (put func() unsafe.Pointer, get func())
}

var releaseCases = []releaseCase{
	{"type=Pool", func() (func() unsafe.Pointer, func()) {
		p := safepool.New(newObject, resetObject)
		return func() unsafe.Pointer { o := newObject(); p.Put(o); return unsafe.Pointer(o) },
			func() { p.Get() }
	}},
	{"type=Pool/value=slice", func() (func() unsafe.Pointer, func()) {
		p := safepool.New(
			func() []int64 { return make([]int64, 0, 16) },
			func(s []int64) ([]int64, bool) { return s[:0], true })
		return func() unsafe.Pointer { s := make([]int64, 0, 16); p.Put(s); return unsafe.Pointer(unsafe.SliceData(s)) },
			func() { p.Get() }
	}},
	{"type=BufferPool", func() (func() unsafe.Pointer, func()) {
		p := new(safepool.BufferPool)
		return func() unsafe.Pointer { b := bytes.NewBuffer(make([]byte, 0, 256)); p.Put(b); return unsafe.Pointer(b) },
			func() { p.Get() }
	}},
	{"type=SlicePool", func() (func() unsafe.Pointer, func()) {
		p := new(safepool.SlicePool[int64])
		return func() unsafe.Pointer { s := make([]int64, 0, 16); p.Put(s); return unsafe.Pointer(unsafe.SliceData(s)) },
			func() { p.Get() }
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

// TestPoolsRelease puts objects into an idle pool and checks that two
// collections free them all, as they free a sync.Pool's.
func TestPoolsRelease(t *testing.T) {
	const n = 100
	for _, tc := range releaseCases {
		t.Run(tc.name, func(t *testing.T) {
			put, _ := tc.make()
			for try := range 3 {
				freed := collectAfterPut(n, put)
				runtime.GC() // to the victim cache
				runtime.GC() // out
				// One object may still be referenced from a stack or register.
				if got := waitFreed(freed, n); got < n-1 {
					t.Fatalf("try %d: %d of %d objects freed after two collections, want at least %d", try, got, n, n-1)
				}
			}
		})
	}
}

// TestPoolsDrained puts objects into a pool, takes them all out again and
// checks that one collection frees them: the pool holds no reference to an
// object it handed out.
func TestPoolsDrained(t *testing.T) {
	// One processor, so that every object Put can be taken out again: with
	// more, one could sit in another processor's private slot.
	onOneProcessor(t)
	const n = 100
	for _, tc := range releaseCases {
		t.Run(tc.name, func(t *testing.T) {
			put, get := tc.make()
			for try := range 3 {
				freed := collectAfterPut(n, put)
				for range n {
					get()
				}
				runtime.GC()
				if got := waitFreed(freed, n); got < n-1 {
					t.Fatalf("try %d: %d of %d objects freed after they were taken out and one collection, want at least %d", try, got, n, n-1)
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
			put, _ := tc.make()
			collected := leaktest.Watch((*byte)(put()))
			if !collected() {
				t.Error("object kept by an idle pool was not collected")
			}
		})
	}
}
