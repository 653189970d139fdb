package bench

import (
	"runtime"
	"runtime/metrics"
	"sync"
	"time"

	"github.com/safeprim/safeprim/internal/leaktest"
)

// Result is what a workload left behind, measured by [Measure].
type Result struct {
	// Retained is how many bytes the live heap grew across the workload: the
	// heap marked live by a collection after it, minus the same figure before
	// it. A heap that shrank counts as 0.
	Retained uint64

	// Peak is the highest heap in use (live objects and garbage not yet
	// collected) seen while the workload ran, minus the live heap before it.
	// It is sampled, so a spike shorter than the sampling interval can be
	// missed; 0 when sampling is off.
	Peak uint64

	// GoroutinesLeft is how many more goroutines were running after the
	// workload than before it, once those that were finishing had a bounded
	// time to finish. A negative difference counts as 0.
	GoroutinesLeft int

	// Elapsed is the wall-clock time the workload took, measurement excluded.
	Elapsed time.Duration
}

// Measure runs run once and reports what it left behind.
//
// Before run, Measure counts goroutines once their number stops falling (so
// that goroutines still finishing from earlier work are not counted as the
// baseline) and settles the heap: it collects until two readings of the
// runtime/metrics live-heap figure agree. After
// run, it waits for goroutines to drop back to that count, with backoff and
// within a bounded time (see [WithSettle]), then settles the heap
// again, or collects a fixed number of times (see [WithGCs]).
//
// Whatever run leaves behind must stay reachable until Measure returns for it
// to be counted: a global, a variable the caller uses after Measure, or a
// goroutine run started. Measure is not safe to call concurrently with other
// work in the process that allocates or starts goroutines: that work is
// counted too.
func Measure(run func(), opts ...Option) Result {
	c := newConfig(opts)
	warmGoroutines(c.warm)
	g0 := quietGoroutines()
	h0 := leaktest.LiveHeap()

	var peak uint64
	stop := c.samplePeak(&peak)
	start := time.Now()
	run()
	elapsed := time.Since(start)
	stop()

	left := settleGoroutines(g0, c.settle) - g0
	h1 := c.liveHeap()
	r := Result{Elapsed: elapsed, GoroutinesLeft: max(left, 0)}
	if h1 > h0 {
		r.Retained = h1 - h0
	}
	if peak > h0 {
		r.Peak = peak - h0
	}
	return r
}

func (c config) liveHeap() uint64 {
	if c.gcs == 0 {
		return leaktest.LiveHeap()
	}
	for range c.gcs - 1 {
		runtime.GC()
	}
	return leaktest.LiveAfterGC()
}

// samplePeak starts sampling the heap in use into *peak and returns a
// function that takes a last sample, stops the sampler and waits for it.
func (c config) samplePeak(peak *uint64) (stop func()) {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	sample := func() {
		metrics.Read(s)
		*peak = max(*peak, s[0].Value.Uint64())
	}
	if c.sampling == Never {
		return func() {}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(c.sampling)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				sample()
			}
		}
	})
	return func() {
		close(done)
		wg.Wait()
		sample()
	}
}

// settleGoroutines waits until no more than want goroutines run, retrying
// with exponential backoff (from 1µs, at most 10ms between checks) for at
// most about d, and returns the last count. goleak settles the same way:
// goroutines that were told to stop need a moment to be scheduled and return.
func settleGoroutines(want int, d time.Duration) int {
	n := runtime.NumGoroutine()
	deadline := time.Now().Add(d)
	for wait := time.Microsecond; n > want && time.Now().Before(deadline); wait = min(2*wait, 10*time.Millisecond) {
		runtime.Gosched()
		time.Sleep(wait)
		n = runtime.NumGoroutine()
	}
	return n
}

// quietGoroutines returns the goroutine count once it has stopped falling:
// the same for three checks in a row, with backoff, within about 50ms.
func quietGoroutines() int {
	n := runtime.NumGoroutine()
	deadline := time.Now().Add(50 * time.Millisecond)
	for wait, same := time.Microsecond, 0; same < 3 && time.Now().Before(deadline); wait = min(2*wait, time.Millisecond) {
		runtime.Gosched()
		time.Sleep(wait)
		m := runtime.NumGoroutine()
		if m < n {
			same = 0
		} else {
			same++
		}
		n = m
	}
	return n
}

// warmGoroutines has n goroutines running at once, then lets them end.
func warmGoroutines(n int) {
	if n == 0 {
		return
	}
	var started, ended sync.WaitGroup
	gate := make(chan struct{})
	started.Add(n)
	for range n {
		ended.Go(func() {
			started.Done()
			<-gate
		})
	}
	started.Wait()
	close(gate)
	ended.Wait()
}
