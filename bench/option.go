package bench

import (
	"fmt"
	"math"
	"time"
)

// An Option changes how [Measure] and [Leak] measure. Options are made by
// [WithGCs], [WithSettle], [WithPeakSampling] and [WithWarmGoroutines]. The
// zero Option changes nothing; of two options of the same kind, the later
// one wins.
type Option struct {
	apply func(*config)
}

// Never, passed to [WithPeakSampling], turns sampling off: an interval so
// long that no sample is ever due.
const Never time.Duration = math.MaxInt64

type config struct {
	gcs      int // 0: collect until the heap is stable
	warm     int
	settle   time.Duration
	sampling time.Duration // Never: off
}

const (
	defaultSettle   = 100 * time.Millisecond
	defaultSampling = time.Millisecond
)

func newConfig(opts []Option) config {
	c := config{settle: defaultSettle, sampling: defaultSampling}
	for _, o := range opts {
		if o.apply != nil {
			o.apply(&c)
		}
	}
	return c
}

// WithGCs makes the measurement read the live heap after exactly n
// collections instead of collecting until the figure is stable, which is
// what it does without this option.
//
// Use WithGCs(1) to see what a sync.Pool holds between collections: a pool
// moves its contents to a victim cache at one collection and drops them at
// the next, so a settled heap never shows them, while a service that keeps
// allocating lives with them all the time. WithGCs panics if n < 1.
func WithGCs(n int) Option {
	if n < 1 {
		panic(fmt.Sprintf("bench: WithGCs: n must be at least 1, got %d; omit the option to collect until the heap is stable", n))
	}
	return Option{func(c *config) { c.gcs = n }}
}

// WithSettle bounds how long the measurement waits for goroutines that are
// finishing to finish before it counts those left; without this option it
// waits at most 100ms, and WithSettle(0) counts at once. The wait ends as
// soon as no more goroutines run than before the workload, so only a
// workload that leaves goroutines behind waits the full time. WithSettle
// panics if d is negative.
func WithSettle(d time.Duration) Option {
	if d < 0 {
		panic("bench: WithSettle: negative duration " + d.String() + "; pass 0 to count at once")
	}
	return Option{func(c *config) { c.settle = d }}
}

// WithPeakSampling sets how often the heap in use is sampled for
// [Result.Peak] while the workload runs; without this option, every
// millisecond. [Never] turns sampling off, which leaves Peak 0 and stops
// the measurement from running a goroutine beside the workload.
// WithPeakSampling panics if d is not positive.
func WithPeakSampling(d time.Duration) Option {
	if d <= 0 {
		panic("bench: WithPeakSampling: interval " + d.String() + " is not positive; pass a positive interval, or bench.Never to turn sampling off")
	}
	return Option{func(c *config) { c.sampling = d }}
}

// WithWarmGoroutines makes the measurement start n goroutines at once and
// let them end before it takes its baseline; without this option, or with
// n = 0, it warms none.
//
// The runtime keeps the descriptor of every goroutine that has ended, a few
// hundred bytes of heap each, to reuse for the next one, and never frees
// it. A workload that has n goroutines running at once therefore grows the
// live heap by n descriptors even when every one of them returns; the
// growth happens once, not per run. Warming n goroutines first keeps that
// one-time cost out of [Result.Retained], which then counts only what
// outlives the workload. WithWarmGoroutines panics if n is negative.
func WithWarmGoroutines(n int) Option {
	if n < 0 {
		panic(fmt.Sprintf("bench: WithWarmGoroutines: negative count %d; pass 0 to warm none", n))
	}
	return Option{func(c *config) { c.warm = n }}
}
