package main

import (
	"math"
	"strings"
	"testing"

	"github.com/safeprim/safeprim/bench/internal/scenario"
)

func TestPolicyCheck(t *testing.T) {
	p := policy{Floor: 1000, MaxRatio: 0.1}
	naive := side{Impl: scenario.Naive, Retained: 100_000, GoroutinesLeft: 50}
	killed := side{Impl: scenario.Naive, Killed: "fatal error: concurrent map writes"}
	tests := []struct {
		name       string
		naive, got side
		wantFailed bool
		wantReason string
	}{
		{"clean", naive, side{Retained: 10}, false, ""},
		{"under floor", naive, side{Retained: 1000}, false, ""},
		{"under ratio", naive, side{Retained: 10_000}, false, ""},
		{"over ratio", naive, side{Retained: 10_001}, true, "0.1 of naive's 100000 B"},
		{"goroutine left", naive, side{GoroutinesLeft: 1}, true, "left 1 goroutines"},
		{"killed", naive, side{Killed: "fatal error: x"}, true, "killed: fatal error: x"},
		{"error", naive, side{Err: "boom"}, true, "failed: boom"},
		{"naive killed, under floor", killed, side{Retained: 999}, false, ""},
		{"naive killed, over floor", killed, side{Retained: 1001}, true, "no naive figure"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := outcome{Naive: tt.naive, Safeprim: tt.got}
			failed, reason := p.check(o)
			if failed != tt.wantFailed || !strings.Contains(reason, tt.wantReason) {
				t.Errorf("Check = %v, %q; want %v, containing %q", failed, reason, tt.wantFailed, tt.wantReason)
			}
		})
	}
}

func TestOutcomeRatio(t *testing.T) {
	tests := []struct {
		name        string
		naive, safe side
		want        float64
		wantOK      bool
	}{
		{"figures", side{Retained: 1000}, side{Retained: 10}, 0.01, true},
		{"naive zero", side{}, side{Retained: 10}, math.NaN(), false},
		{"naive killed", side{Killed: "fatal error: x"}, side{}, math.NaN(), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := outcome{Naive: tt.naive, Safeprim: tt.safe}.ratio()
			if ok != tt.wantOK || (ok && got != tt.want) {
				t.Errorf("Ratio = %v, %v; want %v, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestNewOutcome(t *testing.T) {
	s := scenario.Scenario{Name: "slice/subslice", Leak: "leaks", Fix: "fixes"}
	o := newOutcome(s, side{Impl: scenario.Naive, Retained: 64 << 20}, side{Impl: scenario.Safeprim, Retained: 64 << 10})
	r, ok := o.ratio()
	if o.Scenario != "slice/subslice" || o.Source != "slice" || o.Leak != "leaks" || o.Fix != "fixes" || r != 1.0/1024 || !ok {
		t.Errorf("newOutcome = %+v, ratio %v, %v; want slice/subslice from slice, its lines, 1/1024, true", o, r, ok)
	}
}

func TestSideCompleted(t *testing.T) {
	tests := []struct {
		s    side
		want bool
	}{
		{side{}, true},
		{side{Killed: "fatal error: concurrent map writes"}, false},
		{side{Err: "child: exit status 2"}, false},
	}
	for _, tt := range tests {
		if got := tt.s.completed(); got != tt.want {
			t.Errorf("%+v.completed() = %v, want %v", tt.s, got, tt.want)
		}
	}
}

func TestDefaultPolicy(t *testing.T) {
	o := outcome{
		Naive:    side{Retained: 10 << 20, GoroutinesLeft: 100},
		Safeprim: side{Retained: 2 << 20},
	}
	tests := []struct {
		retained   uint64
		wantFailed bool
		wantReason string
	}{
		{2 << 20, true, "safeprim side retained 2097152 B, 0.2 of naive's 10485760 B (limit 0.1)"},
		{16 << 10, false, ""},
	}
	for _, tt := range tests {
		o.Safeprim.Retained = tt.retained
		if failed, reason := defaultPolicy.check(o); failed != tt.wantFailed || reason != tt.wantReason {
			t.Errorf("check(safeprim retained %d) = %v, %q; want %v, %q", tt.retained, failed, reason, tt.wantFailed, tt.wantReason)
		}
	}
}
