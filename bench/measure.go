package bench

import (
	"fmt"
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

// An Option changes how [Measure] and [Leak] measure.
type Option func(*config)

type config struct {
	gcs      int
	warm     int
	settle   time.Duration
	sampling time.Duration
}

const (
	defaultSettle   = 100 * time.Millisecond
	defaultSampling = time.Millisecond
)

func newConfig(opts []Option) config {
	c := config{settle: defaultSettle, sampling: defaultSampling}
	for _, o := range opts {
		o(&c)
	}
	return c
}

// AfterGCs makes the measurement read the live heap after exactly n
// collections instead of collecting until the figure is stable.
//
// Use AfterGCs(1) to see what a sync.Pool holds between collections: a pool
// moves its contents to a victim cache at one collection and drops them at
// the next, so a settled heap never shows them, while a service that keeps
// allocating lives with them all the time. AfterGCs panics if n < 1.
func AfterGCs(n int) Option {
	if n < 1 {
		panic(fmt.Sprintf("bench: AfterGCs: n must be at least 1, got %d; omit the option to collect until the heap is stable", n))
	}
	return func(c *config) { c.gcs = n }
}

// SettleGoroutines bounds how long the measurement waits for goroutines that
// are finishing to finish before it counts those left. The default is 100ms.
// The wait ends as soon as no more goroutines run than before the workload,
// so only a workload that leaves goroutines behind waits the full time.
// SettleGoroutines panics if d is negative.
func SettleGoroutines(d time.Duration) Option {
	if d < 0 {
		panic("bench: SettleGoroutines: negative duration " + d.String() + "; pass 0 to count at once")
	}
	return func(c *config) { c.settle = d }
}

// SamplePeak sets how often the heap in use is sampled for [Result.Peak]
// while the workload runs. The default is every millisecond; 0 turns
// sampling off, which also stops the measurement from running a goroutine
// beside the workload. SamplePeak panics if d is negative.
func SamplePeak(d time.Duration) Option {
	if d < 0 {
		panic("bench: SamplePeak: negative interval " + d.String() + "; pass 0 to turn sampling off")
	}
	return func(c *config) { c.sampling = d }
}

// WarmGoroutines makes the measurement start n goroutines at once and let
// them end before it takes its baseline.
//
// The runtime keeps the descriptor of every goroutine that has ended, about
// 500 bytes of heap each, to reuse for the next one, and never frees it. A
// workload that has n goroutines running at once therefore grows the live
// heap by about n*500 bytes even when every one of them returns; the growth
// happens once, not per run. Warming n goroutines first keeps that one-time
// cost out of [Result.Retained], which then counts only what outlives the
// workload. WarmGoroutines panics if n is negative.
func WarmGoroutines(n int) Option {
	if n < 0 {
		panic(fmt.Sprintf("bench: WarmGoroutines: negative count %d", n))
	}
	return func(c *config) { c.warm = n }
}

// Measure runs run once and reports what it left behind.
//
// Before run, Measure counts goroutines once their number stops falling (so
// that goroutines still finishing from earlier work are not counted as the
// baseline) and settles the heap: it collects until two readings of the
// runtime/metrics live-heap figure agree. After
// run, it waits for goroutines to drop back to that count, with backoff and
// within a bounded time (see [SettleGoroutines]), then settles the heap
// again, or collects a fixed number of times (see [AfterGCs]).
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
	if c.sampling == 0 {
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
