package main

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/safeprim/safeprim/bench/internal/scenario"
)

func self(t testing.TB) string {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return exe
}

func TestRunChild(t *testing.T) {
	tests := []struct {
		name       string
		scenario   string
		impl       scenario.Impl
		n          int
		wantKilled string
	}{
		{"killed", "test/fatal", scenario.Naive, 1, "fatal error: sync: unlock of unlocked mutex"},
		{"completed", "test/fatal", scenario.Safeprim, 1, ""},
		{"map/safeprim", "map/concurrent-writes", scenario.Safeprim, 1000, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runChild(context.Background(), self(t), tt.scenario, tt.impl, tt.n)
			if got.Killed != tt.wantKilled || got.Err != "" {
				t.Errorf("Killed = %q, Err = %q; want Killed %q and no error", got.Killed, got.Err, tt.wantKilled)
			}
			if got.completed() != (tt.wantKilled == "") || got.Impl != tt.impl || got.N != tt.n {
				t.Errorf("side %+v: completed %v, want %v, impl %s, n %d", got, got.completed(), tt.wantKilled == "", tt.impl, tt.n)
			}
		})
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
			side := runChild(context.Background(), self(t), tt.scenario, scenario.Naive, 1)
			if !strings.Contains(side.Err, tt.want) {
				t.Errorf("Err = %q, want it to contain %q", side.Err, tt.want)
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	side := runChild(ctx, self(t), "test/fatal", scenario.Safeprim, 1)
	if !strings.Contains(side.Err, "context canceled") {
		t.Errorf("canceled run: Err = %q, want context canceled", side.Err)
	}
}

func TestMaybeChild(t *testing.T) {
	if got, want := childArgs("slice/queue", scenario.Naive, 1000), []string{"-leakbench.child", "slice/queue", "naive", "1000"}; !slices.Equal(got, want) {
		t.Errorf("childArgs = %q, want %q", got, want)
	}
	// Arguments that are not childArgs leave the program to carry on.
	var out strings.Builder
	if code, ok := maybeChild(testScenarios, []string{"-scale", "0.1"}, &out); ok || code != 0 || out.Len() > 0 {
		t.Errorf("maybeChild(-scale 0.1) = %d, %v, wrote %q; want 0, false, nothing", code, ok, out.String())
	}
}

// TestChildLeakProfile checks, where the runtime has the goroutineleak
// profile (Go 1.27, or Go 1.26 built with GOEXPERIMENT=goroutineleakprofile),
// that a child reports the goroutines the runtime classifies as leaked: one
// per request on the naive side, none on the safeprim side.
func TestChildLeakProfile(t *testing.T) {
	if !scenario.LeakProfileAvailable() {
		t.Skip("this runtime has no goroutineleak profile: Go 1.26 without GOEXPERIMENT=goroutineleakprofile")
	}
	const n = 50
	naive := runChild(context.Background(), self(t), "goroutine/send-abandoned", scenario.Naive, n)
	if naive.LeakProfile == nil || naive.LeakProfile.Count != n || naive.Err != "" {
		t.Errorf("naive side: goroutineleak profile %v (error %q), want %d leaked", naive.LeakProfile, naive.Err, n)
	}
	safe := runChild(context.Background(), self(t), "goroutine/send-abandoned", scenario.Safeprim, n)
	if safe.LeakProfile == nil || safe.LeakProfile.Count != 0 || safe.Err != "" {
		t.Errorf("safeprim side: goroutineleak profile %v (error %q), want 0 leaked", safe.LeakProfile, safe.Err)
	}
}
