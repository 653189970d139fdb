package main

import (
	"strings"
	"testing"

	"github.com/safeprim/safeprim/bench/internal/scenario"
)

func TestNotes(t *testing.T) {
	leaked := &scenario.LeakProfile{Count: 3, Stacks: []scenario.LeakStack{{Count: 3, Func: "app.worker", Where: "worker.go:9"}}}
	none := &scenario.LeakProfile{}
	r := report{Profiled: true, Rows: []row{
		{outcome: outcome{Scenario: "g/agree",
			Naive:    side{Impl: scenario.Naive, GoroutinesLeft: 3, LeakProfile: leaked},
			Safeprim: side{Impl: scenario.Safeprim, LeakProfile: none}}},
		{outcome: outcome{Scenario: "g/differ",
			Naive:    side{Impl: scenario.Naive, GoroutinesLeft: 5, LeakProfile: leaked},
			Safeprim: side{Impl: scenario.Safeprim, LeakProfile: none}}},
		{outcome: outcome{Scenario: "s/quiet",
			Naive:    side{Impl: scenario.Naive, LeakProfile: none},
			Safeprim: side{Impl: scenario.Safeprim, LeakProfile: none}}},
		{outcome: outcome{Scenario: "m/fatal",
			Naive:    side{Impl: scenario.Naive},
			Safeprim: side{Impl: scenario.Safeprim, GoroutinesLeft: 1}},
			Fatal: "fatal error: concurrent map writes", Failed: true, Why: "left 1"},
	}}
	got := strings.Join(notes(r), "\n")
	for _, want := range []string{
		"g/agree: runtime goroutineleak profile: naive 3 leaked: 3× app.worker (worker.go:9) (agrees with goroutines left); safeprim 0 leaked (agrees with goroutines left)",
		"g/differ: runtime goroutineleak profile: naive 3 leaked: 3× app.worker (worker.go:9) (goroutines left: 5)",
		"m/fatal: the naive side completed 3 runs without `fatal error: concurrent map writes`",
		"m/fatal: LEAK: left 1",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("notes do not contain %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "s/quiet") {
		t.Errorf("notes mention a scenario where nothing leaked:\n%s", got)
	}
}

func TestFormatBytes(t *testing.T) {
	tests := []struct {
		n    uint64
		want string
	}{
		{0, "0 B"}, {1023, "1023 B"}, {1024, "1 KiB"}, {1536, "1.50 KiB"}, {64 << 10, "64 KiB"},
		{15 << 20, "15.0 MiB"}, {300 << 20, "300 MiB"}, {5 << 30, "5.00 GiB"}, {2000 << 30, "2000 GiB"},
	}
	for _, tt := range tests {
		if got := formatBytes(tt.n); got != tt.want {
			t.Errorf("formatBytes(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestFormatFraction(t *testing.T) {
	tests := []struct {
		f    float64
		want string
	}{{0.1, "1/10"}, {0.5, "1/2"}, {0.3, "0.3"}, {1, "1/1"}}
	for _, tt := range tests {
		if got := formatFraction(tt.f); got != tt.want {
			t.Errorf("formatFraction(%v) = %q, want %q", tt.f, got, tt.want)
		}
	}
}
