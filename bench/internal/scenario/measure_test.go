package scenario_test

import (
	"testing"

	"github.com/safeprim/safeprim/bench/internal/scenario"
)

func TestMeasureInProcess(t *testing.T) {
	// Both sides of the goroutine scenarios can run in this process: the
	// naive leftovers are released, so goleak finds nothing at exit.
	for _, name := range []string{"goroutine/range-unclosed", "goroutine/send-abandoned"} {
		t.Run(name, func(t *testing.T) {
			s := named(name)
			const n = 20
			naive, release := s.Measure(scenario.Naive, n)
			release()
			if naive.GoroutinesLeft != n {
				t.Errorf("naive GoroutinesLeft = %d, want %d", naive.GoroutinesLeft, n)
			}
			safe, release := s.Measure(scenario.Safeprim, n)
			release()
			if safe.GoroutinesLeft != 0 {
				t.Errorf("safeprim GoroutinesLeft = %d, want 0", safe.GoroutinesLeft)
			}
		})
	}
}
