package scenario_test

import (
	"testing"

	"github.com/safeprim/safeprim/bench/scenario"
)

func TestRunInProcess(t *testing.T) {
	// Both sides of the goroutine scenarios can run in this process: the
	// naive leftovers are released, so goleak finds nothing at exit.
	for _, name := range []string{"goroutine/range-unclosed", "goroutine/send-abandoned"} {
		t.Run(name, func(t *testing.T) {
			s, ok := scenario.Lookup(name)
			if !ok {
				t.Fatalf("Lookup(%q) found nothing", name)
			}
			const n = 20
			naive := s.Run(scenario.Naive, n)
			if naive.GoroutinesLeft != n {
				t.Errorf("naive GoroutinesLeft = %d, want %d", naive.GoroutinesLeft, n)
			}
			safe := s.Run(scenario.Safeprim, n)
			if safe.GoroutinesLeft != 0 {
				t.Errorf("safeprim GoroutinesLeft = %d, want 0", safe.GoroutinesLeft)
			}
		})
	}
}
