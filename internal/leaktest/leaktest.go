// Package leaktest holds the retention and heap measurements shared by the
// tests and benchmarks of safeprim's packages.
//
// It is internal: users measure their own code with package bench, which is
// built on the same functions.
package leaktest

import (
	"runtime"
	"runtime/metrics"
	"sync/atomic"
	"time"
)

// gcRounds bounds how many collections the function returned by Watch runs
// before it decides an object is still reachable, and how many LiveHeap runs
// while the heap is still settling. Cleanups run on their own goroutine after
// the cycle that found the object unreachable, so a few rounds with a short
// pause between them are needed; ten is far more than a collectable object
// takes.
const gcRounds = 10

// Watch arranges to learn when the object p points to is collected, and
// returns a function that reports whether it has been.
//
// The returned function runs the garbage collector until the object is
// collected or a bounded number of cycles have passed, so it answers true as
// soon as the object is unreachable and false only after every cycle found it
// still reachable. The caller must not hold p itself past the call to Watch
// (assign it to a variable that goes out of use, or use runtime.KeepAlive on
// the holder it wants to test).
func Watch[T any](p *T) (collected func() bool) {
	return WatchUnderLoad(p, nil)
}

// WatchUnderLoad is [Watch] with work run before each collection, as a busy
// program keeps working between collections. Watch collects with nothing
// running in between, which empties any sync.Pool after two cycles; work
// that keeps using a pool shows what the pool keeps alive while it is in
// use. A nil work runs nothing.
func WatchUnderLoad[T any](p *T, work func()) (collected func() bool) {
	done := new(atomic.Bool)
	runtime.AddCleanup(p, func(d *atomic.Bool) { d.Store(true) }, done)
	return func() bool {
		for range gcRounds {
			if work != nil {
				work()
			}
			runtime.GC()
			if done.Load() {
				return true
			}
			time.Sleep(time.Millisecond)
		}
		return done.Load()
	}
}

// liveHeap is the runtime/metrics name of the heap that the last completed
// GC cycle marked live. Unlike the heap-objects figure it does not include
// garbage allocated since that cycle, so it has no sawtooth.
const liveHeap = "/gc/heap/live:bytes"

// LiveHeap settles the heap and returns the bytes it holds live.
//
// It runs collections until two consecutive readings agree within 1% (at
// most a bounded number), so that sync.Pool's victim cache has been flushed
// and finalizers and cleanups queued by the first cycles have run.
func LiveHeap() uint64 {
	sample := []metrics.Sample{{Name: liveHeap}}
	prev := readAfterGC(sample)
	for range gcRounds {
		runtime.Gosched()
		cur := readAfterGC(sample)
		if diff(cur, prev) <= cur/100 {
			return cur
		}
		prev = cur
	}
	return prev
}

// LiveAfterGC runs one collection and returns the bytes it marked live.
// Unlike LiveHeap it does not settle the heap: what a sync.Pool held before
// the collection is still live in its victim cache, so this is the figure
// for what a pool in use keeps between collections.
func LiveAfterGC() uint64 {
	return readAfterGC([]metrics.Sample{{Name: liveHeap}})
}

// readAfterGC runs one collection and reads sample, which names liveHeap.
func readAfterGC(sample []metrics.Sample) uint64 {
	runtime.GC()
	metrics.Read(sample)
	return sample[0].Value.Uint64()
}

// Retained returns how many bytes the live heap grew while run ran, measured
// with LiveHeap before and after. A negative figure (the heap shrank) is
// reported as 0.
func Retained(run func()) uint64 {
	before := LiveHeap()
	run()
	after := LiveHeap()
	if after < before {
		return 0
	}
	return after - before
}

func diff(a, b uint64) uint64 {
	if a > b {
		return a - b
	}
	return b - a
}
