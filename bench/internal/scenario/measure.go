package scenario

import "github.com/safeprim/safeprim/bench"

// MeasureOptions returns the bench options that measure s for n operations:
// its Options, after warming WarmGoroutines*n goroutines.
func (s Scenario) MeasureOptions(n int) []bench.Option {
	return append([]bench.Option{bench.WithWarmGoroutines(s.WarmGoroutines * n)}, s.Options...)
}

// Measure runs the impl side of s for n operations in this process with
// bench.Measure and returns what it left behind, still held, with the
// function that releases it (never nil). Elapsed is the workload's time.
//
// A leaky side slows what runs after it in the same process; leakbench
// runs every side in a fresh process instead.
func (s Scenario) Measure(impl Impl, n int) (r bench.Result, release func()) {
	w := s.Workload(impl)
	r = bench.Measure(func() { release = w(n) }, s.MeasureOptions(n)...)
	if release == nil {
		release = func() {}
	}
	return r, release
}
