package bench

import "testing"

// Units of the metrics [Result.Report] reports, as benchstat shows them.
const (
	UnitRetained       = "retained-B"
	UnitPeak           = "peak-B"
	UnitGoroutinesLeft = "goroutines-left"
)

// A Reporter records custom benchmark metrics; *testing.B is one.
type Reporter interface {
	ReportMetric(n float64, unit string)
}

// Report records r's leak figures on b as the metrics retained-B, peak-B and
// goroutines-left. Elapsed is not reported: the benchmark's ns/op is.
func (r Result) Report(b Reporter) {
	b.ReportMetric(float64(r.Retained), UnitRetained)
	b.ReportMetric(float64(r.Peak), UnitPeak)
	b.ReportMetric(float64(r.GoroutinesLeft), UnitGoroutinesLeft)
}

// Leak benchmarks a workload for leaks and for speed.
//
// run does a fixed amount of work and returns a function that releases what
// the work left behind (closes the channel a leaked goroutine waits on,
// drops the references a cache kept), or nil if there is nothing to
// release. Leak first measures one call of run with [Measure], the
// leftovers still held, then calls release; then it times run followed by
// its release with b.Loop, and reports the figures with [Result.Report]
// beside ns/op and allocs/op. The measured call is not timed.
//
// Because every run is released before the next, a leaky workload does not
// slow the iterations after it, and the benchmark leaves no goroutine behind
// for goleak to find, as long as release really releases.
func Leak(b *testing.B, run func() (release func()), opts ...Option) {
	b.Helper()
	var release func()
	r := Measure(func() { release = run() }, opts...)
	if release != nil {
		release()
	}
	b.ReportAllocs()
	for b.Loop() {
		if release := run(); release != nil {
			release()
		}
	}
	r.Report(b)
}
