package goroutine_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/safeprim/safeprim/goroutine"
)

// *testing.T, *testing.B and *testing.F, and so any testing.TB, satisfy
// goroutine.TB.
var (
	_ goroutine.TB = (*testing.T)(nil)
	_ goroutine.TB = (*testing.B)(nil)
	_ goroutine.TB = (*testing.F)(nil)
	_ goroutine.TB = testing.TB(nil)
)

// recordingTB is a goroutine.TB that records failures, and keeps the
// functions passed to Cleanup for end to run, as a test's end does.
type recordingTB struct {
	mu       sync.Mutex
	errors   []string
	cleanups []func()
}

func (r *recordingTB) Helper() {}

func (r *recordingTB) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *recordingTB) Cleanup(f func()) { r.cleanups = append(r.cleanups, f) }

// end runs the cleanups, last registered first, and returns the failures.
func (r *recordingTB) end() []string {
	for i := len(r.cleanups) - 1; i >= 0; i-- {
		r.cleanups[i]()
	}
	r.cleanups = nil
	return r.failures()
}

func (r *recordingTB) failures() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.errors)
}

func TestVerifyNone(t *testing.T) {
	tests := []struct {
		name      string
		leak      map[string]int // goroutines left running, by group name
		wantParts []string
	}{
		{"clean", nil, nil},
		{"named-and-unnamed", map[string]int{"verify-fetch": 2, "": 1}, []string{
			"3 goroutines started through package goroutine are still running",
			`group "verify-fetch": 2`,
			"unnamed groups: 1",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// In a bubble VerifyNone's retries take no real time.
			synctest.Test(t, func(t *testing.T) {
				release := make(chan struct{})
				var gs []*goroutine.Group
				for name, n := range tt.leak {
					g := new(goroutine.Group)
					g.SetName(name)
					for range n {
						g.Go(func() error { <-release; return nil })
					}
					gs = append(gs, g)
				}
				tb := new(recordingTB)
				goroutine.VerifyNone(tb)
				close(release)
				for _, g := range gs {
					g.Wait()
				}
				if len(tt.wantParts) == 0 {
					if len(tb.errors) != 0 {
						t.Errorf("VerifyNone failed with no leak: %q", tb.errors)
					}
					return
				}
				if len(tb.errors) != 1 {
					t.Fatalf("VerifyNone reported %d failures, want 1", len(tb.errors))
				}
				for _, want := range tt.wantParts {
					if !strings.Contains(tb.errors[0], want) {
						t.Errorf("VerifyNone failure %q does not contain %q", tb.errors[0], want)
					}
				}
				// The goroutines are gone now: VerifyNone passes.
				tb = new(recordingTB)
				goroutine.VerifyNone(tb)
				if len(tb.errors) != 0 {
					t.Errorf("VerifyNone after Wait failed: %q", tb.errors)
				}
			})
		})
	}
}

// TestVerifyNoneWaitsForReturning checks the retries: a goroutine that
// returns shortly after the check starts does not fail it.
func TestVerifyNoneWaitsForReturning(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var g goroutine.Group
		g.Go(func() error { return goroutine.Sleep(t.Context(), 50*time.Millisecond) })
		tb := new(recordingTB)
		goroutine.VerifyNone(tb)
		if len(tb.errors) != 0 {
			t.Errorf("VerifyNone failed on a goroutine about to return: %q", tb.errors)
		}
		g.Wait()
	})
}
