package scenario_test

import (
	"math"
	"strings"
	"testing"

	"github.com/safeprim/safeprim/bench/scenario"
)

func TestPolicyCheck(t *testing.T) {
	p := scenario.Policy{Floor: 1000, MaxRatio: 0.1}
	naive := scenario.Side{Impl: scenario.Naive, Retained: 100_000, GoroutinesLeft: 50}
	killed := scenario.Side{Impl: scenario.Naive, Killed: "fatal error: concurrent map writes"}
	tests := []struct {
		name       string
		naive, got scenario.Side
		wantFailed bool
		wantReason string
	}{
		{"clean", naive, scenario.Side{Retained: 10}, false, ""},
		{"under floor", naive, scenario.Side{Retained: 1000}, false, ""},
		{"under ratio", naive, scenario.Side{Retained: 10_000}, false, ""},
		{"over ratio", naive, scenario.Side{Retained: 10_001}, true, "0.1 of naive's 100000 B"},
		{"goroutine left", naive, scenario.Side{GoroutinesLeft: 1}, true, "left 1 goroutines"},
		{"killed", naive, scenario.Side{Killed: "fatal error: x"}, true, "killed: fatal error: x"},
		{"error", naive, scenario.Side{Err: "boom"}, true, "failed: boom"},
		{"naive killed, under floor", killed, scenario.Side{Retained: 999}, false, ""},
		{"naive killed, over floor", killed, scenario.Side{Retained: 1001}, true, "no naive figure"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := scenario.Outcome{Naive: tt.naive, Safeprim: tt.got}
			failed, reason := p.Check(o)
			if failed != tt.wantFailed || !strings.Contains(reason, tt.wantReason) {
				t.Errorf("Check = %v, %q; want %v, containing %q", failed, reason, tt.wantFailed, tt.wantReason)
			}
		})
	}
}

func TestOutcomeRatio(t *testing.T) {
	tests := []struct {
		name        string
		naive, safe scenario.Side
		want        float64
		wantOK      bool
	}{
		{"figures", scenario.Side{Retained: 1000}, scenario.Side{Retained: 10}, 0.01, true},
		{"naive zero", scenario.Side{}, scenario.Side{Retained: 10}, math.NaN(), false},
		{"naive killed", scenario.Side{Killed: "fatal error: x"}, scenario.Side{}, math.NaN(), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := scenario.Outcome{Naive: tt.naive, Safeprim: tt.safe}.Ratio()
			if ok != tt.wantOK || (ok && got != tt.want) {
				t.Errorf("Ratio = %v, %v; want %v, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}
