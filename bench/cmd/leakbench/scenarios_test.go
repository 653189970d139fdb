package main

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/safeprim/safeprim/bench/internal/scenario"
	"github.com/safeprim/safeprim/internal/race"
)

// testScale keeps every scenario small enough for go test -race.
const testScale = 0.1

// TestScenarios holds every scenario to what leakbench promises: its
// safeprim side passes defaultPolicy, and its naive side leaks, or dies of
// the fatal error it names.
func TestScenarios(t *testing.T) {
	exe := self(t)
	c := config{timeout: 2 * time.Minute}
	for _, s := range scenario.All {
		t.Run(s.Name, func(t *testing.T) {
			n := s.Count(testScale)
			// The safeprim side runs here, under the race detector when the
			// tests do; goleak checks at exit that its release released.
			r, release := s.Measure(scenario.Safeprim, n)
			release()
			safe := newSide(scenario.Safeprim, n, r)
			if safe.GoroutinesLeft != 0 {
				t.Errorf("safeprim side left %d goroutines, want 0", safe.GoroutinesLeft)
			}
			if race.Enabled {
				return // figures under the race detector say little
			}
			// runSide gives an expected fatal error a few chances: the
			// runtime catches unsynchronized map writes only when they
			// overlap in time, so a run can miss them.
			naive := runSide(context.Background(), c, exe, s, scenario.Naive, n, io.Discard)
			if s.Fatal != "" && naive.Killed != s.Fatal {
				t.Errorf("naive side: Killed = %q (Err %q), want %q", naive.Killed, naive.Err, s.Fatal)
			}
			o := newOutcome(s, naive, safe)
			if failed, why := defaultPolicy.check(o); failed {
				t.Errorf("safeprim side: %s (naive %+v, safeprim %+v)", why, naive, safe)
			}
			switch {
			case naive.Err != "":
				t.Errorf("naive side failed: %s", naive.Err)
			case naive.Killed != "":
				// The naive side's leak was its death.
			case naive.GoroutinesLeft == 0 && naive.Retained < max(10*safe.Retained, 256<<10):
				t.Errorf("naive side left %d goroutines and retained %d B, want a leak to compare with (safeprim retained %d B)",
					naive.GoroutinesLeft, naive.Retained, safe.Retained)
			}
		})
	}
}
