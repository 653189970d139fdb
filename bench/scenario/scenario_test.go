package scenario_test

import (
	"context"
	"os"
	"regexp"
	"sync"
	"testing"

	"github.com/safeprim/safeprim/bench/scenario"
	"github.com/safeprim/safeprim/internal/race"
)

// testScale keeps every scenario small enough for go test -race.
const testScale = 0.1

func init() {
	// test/fatal's naive side ends its process with a runtime fatal error,
	// the way an unsynchronized map written from two goroutines does, but
	// deterministically.
	scenario.Register(scenario.Scenario{
		Name: "test/fatal", Source: "test", N: 1,
		Naive: func(int) func() {
			var mu sync.Mutex
			mu.Unlock()
			return func() {}
		},
		Safeprim: func(int) func() { return func() {} },
	})
}

func self(t testing.TB) string {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return exe
}

func TestScenarios(t *testing.T) {
	exe := self(t)
	all := scenario.Match(regexp.MustCompile(`^(goroutine|slice|context|pool|map|http)/`))
	if len(all) == 0 {
		t.Fatal("no scenarios registered")
	}
	for _, s := range all {
		t.Run(s.Name, func(t *testing.T) {
			n := s.Count(testScale)
			// The safeprim side runs here, under the race detector when the
			// tests do; goleak checks at exit that its release released.
			safe := s.Run(scenario.Safeprim, n)
			if safe.GoroutinesLeft != 0 {
				t.Errorf("safeprim side left %d goroutines, want 0", safe.GoroutinesLeft)
			}
			if race.Enabled {
				return // figures under the race detector say little
			}
			naive := scenario.RunChild(context.Background(), exe, s.Name, scenario.Naive, n)
			// The runtime catches unsynchronized map writes only when they
			// overlap in time, so a run can miss them.
			for try := 1; s.Fatal != "" && naive.Completed() && try < 5; try++ {
				naive = scenario.RunChild(context.Background(), exe, s.Name, scenario.Naive, n)
			}
			if s.Fatal != "" && naive.Killed != s.Fatal {
				t.Errorf("naive side: Killed = %q (Err %q), want %q", naive.Killed, naive.Err, s.Fatal)
			}
			o := scenario.NewOutcome(s, naive, safe)
			if failed, why := scenario.DefaultPolicy.Check(o); failed {
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

func TestRegisterPanics(t *testing.T) {
	nop := func(int) func() { return func() {} }
	tests := []struct {
		name string
		s    scenario.Scenario
		want string
	}{
		{"no slash", scenario.Scenario{Name: "x", N: 1, Naive: nop, Safeprim: nop},
			`scenario: Register: name "x" is not source/pattern`},
		{"N=0", scenario.Scenario{Name: "x/y", N: 0, Naive: nop, Safeprim: nop},
			"scenario: Register: x/y has N = 0; give a positive operation count"},
		{"nil side", scenario.Scenario{Name: "x/y", N: 1, Naive: nop},
			"scenario: Register: x/y has a nil side; give both Naive and Safeprim"},
		{"twice", scenario.Scenario{Name: "test/fatal", N: 1, Naive: nop, Safeprim: nop},
			"scenario: Register: test/fatal registered twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if got, _ := recover().(string); got != tt.want {
					t.Errorf("panic = %q, want %q", got, tt.want)
				}
			}()
			scenario.Register(tt.s)
		})
	}
}

func TestCount(t *testing.T) {
	s := scenario.Scenario{N: 1000}
	tests := []struct {
		scale float64
		want  int
	}{{1, 1000}, {0.1, 100}, {2.5, 2500}, {0.0001, 1}, {0, 1}}
	for _, tt := range tests {
		if got := s.Count(tt.scale); got != tt.want {
			t.Errorf("Count(%v) = %d, want %d", tt.scale, got, tt.want)
		}
	}
}
