package scenario

import (
	"github.com/safeprim/safeprim/bench"
)

// Impl names a side of a scenario.
type Impl string

// The two sides of every scenario.
const (
	Naive    Impl = "naive"
	Safeprim Impl = "safeprim"
)

// Side is what one side of a scenario left behind after n operations.
type Side struct {
	Impl Impl `json:"impl"`
	N    int  `json:"n"`
	// Retained, Peak and GoroutinesLeft are bench.Result's figures.
	Retained       uint64 `json:"retained_bytes"`
	Peak           uint64 `json:"peak_bytes"`
	GoroutinesLeft int    `json:"goroutines_left"`
	// NsPerOp is the workload's wall-clock time divided by N: in a child
	// process, the fastest of the measured run and a few more.
	NsPerOp float64 `json:"ns_per_op"`
	// Killed is the runtime's fatal error when the side ended its process,
	// for example "fatal error: concurrent map writes"; the figures are then
	// zero.
	Killed string `json:"killed,omitempty"`
	// Err says why the side could not be measured, if it could not.
	Err string `json:"error,omitempty"`
	// LeakProfile is what the runtime's goroutineleak profile found after
	// the workload, when the binary was built with
	// GOEXPERIMENT=goroutineleakprofile; nil otherwise.
	LeakProfile *LeakProfile `json:"goroutineleak,omitempty"`
}

// Completed reports whether the side ran to the end and was measured.
func (s Side) Completed() bool { return s.Killed == "" && s.Err == "" }

// Run runs the impl side of s for n operations in this process, measures it
// with bench.Measure, and then releases what the workload left behind.
//
// A leaky side slows what runs after it in the same process; [RunChild]
// runs a side in a fresh process instead, and only there is the runtime's
// goroutineleak profile read.
func (s Scenario) Run(impl Impl, n int) Side {
	side, release := s.measure(impl, n)
	release()
	return side
}

// MeasureOptions returns the bench options that measure s for n operations:
// its Options, after warming WarmGoroutines*n goroutines.
func (s Scenario) MeasureOptions(n int) []bench.Option {
	return append([]bench.Option{bench.WithWarmGoroutines(s.WarmGoroutines * n)}, s.Options...)
}

// measure runs and measures one side and returns the function that
// releases its leftovers.
func (s Scenario) measure(impl Impl, n int) (Side, func()) {
	w := s.Workload(impl)
	var release func()
	r := bench.Measure(func() { release = w(n) }, s.MeasureOptions(n)...)
	if release == nil {
		release = func() {}
	}
	return Side{
		Impl:           impl,
		N:              n,
		Retained:       r.Retained,
		Peak:           r.Peak,
		GoroutinesLeft: r.GoroutinesLeft,
		NsPerOp:        float64(r.Elapsed.Nanoseconds()) / float64(n),
	}, release
}
