package scenario_test

import (
	"context"
	"strings"
	"testing"

	"github.com/safeprim/safeprim/bench/scenario"
)

func TestRunChildKilled(t *testing.T) {
	side := scenario.RunChild(context.Background(), self(t), "test/fatal", scenario.Naive, 1)
	if want := "fatal error: sync: unlock of unlocked mutex"; side.Killed != want {
		t.Errorf("Killed = %q, want %q (Err %q)", side.Killed, want, side.Err)
	}
	side = scenario.RunChild(context.Background(), self(t), "test/fatal", scenario.Safeprim, 1)
	if !side.Completed() {
		t.Errorf("safeprim side: Killed %q, Err %q, want completed", side.Killed, side.Err)
	}
}

func TestRunChildErrors(t *testing.T) {
	tests := []struct {
		name, scenario string
		want           string
	}{
		{"unknown", "no/such", `no scenario "no/such"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			side := scenario.RunChild(context.Background(), self(t), tt.scenario, scenario.Naive, 1)
			if !strings.Contains(side.Err, tt.want) {
				t.Errorf("Err = %q, want it to contain %q", side.Err, tt.want)
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	side := scenario.RunChild(ctx, self(t), "test/fatal", scenario.Safeprim, 1)
	if !strings.Contains(side.Err, "context canceled") {
		t.Errorf("canceled run: Err = %q, want context canceled", side.Err)
	}
}
