package main

import (
	"github.com/safeprim/safeprim/bench"
	"github.com/safeprim/safeprim/bench/internal/scenario"
)

// side is what one side of a scenario left behind after n operations, as a
// child process reports it.
type side struct {
	Impl scenario.Impl `json:"impl"`
	N    int           `json:"n"`
	// Retained, Peak and GoroutinesLeft are bench.Result's figures.
	Retained       uint64 `json:"retained_bytes"`
	Peak           uint64 `json:"peak_bytes"`
	GoroutinesLeft int    `json:"goroutines_left"`
	// NsPerOp is the workload's wall-clock time divided by N: the fastest
	// of the measured run and a few more.
	NsPerOp float64 `json:"ns_per_op"`
	// Killed is the runtime's fatal error when the side ended its process,
	// for example "fatal error: concurrent map writes"; the figures are then
	// zero.
	Killed string `json:"killed,omitempty"`
	// Err says why the side could not be measured, if it could not.
	Err string `json:"error,omitempty"`
	// LeakProfile is what the runtime's goroutineleak profile found after
	// the workload, where the runtime has the profile (Go 1.27, or Go 1.26
	// built with GOEXPERIMENT=goroutineleakprofile); nil otherwise.
	LeakProfile *scenario.LeakProfile `json:"goroutineleak,omitempty"`
}

// newSide is the side that r measured for n operations.
func newSide(impl scenario.Impl, n int, r bench.Result) side {
	return side{
		Impl:           impl,
		N:              n,
		Retained:       r.Retained,
		Peak:           r.Peak,
		GoroutinesLeft: r.GoroutinesLeft,
		NsPerOp:        float64(r.Elapsed.Nanoseconds()) / float64(n),
	}
}

// completed reports whether the side ran to the end and was measured.
func (s side) completed() bool { return s.Killed == "" && s.Err == "" }
