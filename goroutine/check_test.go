package goroutine_test

import (
	"context"
	"fmt"
	"maps"
	"runtime/pprof"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/safeprim/safeprim/goroutine"
	"github.com/safeprim/safeprim/internal/panictest"
	"github.com/safeprim/safeprim/internal/stacks"
	"go.uber.org/goleak"
)

// testPkg starts the names of this file's functions in a goroutine profile.
const testPkg = "github.com/safeprim/safeprim/goroutine_test."

// blockUntil is the goroutine the tests leak: it blocks until release is
// closed.
func blockUntil(release <-chan struct{}, done *sync.WaitGroup) {
	defer done.Done()
	<-release
}

// callBlockUntil calls blockUntil, so that blockUntil is not the bottom of
// the stack.
func callBlockUntil(release <-chan struct{}, done *sync.WaitGroup) {
	blockUntil(release, done)
}

// subtestTB is a recordingTB whose cleanups run with t's, so that the check
// runs when t and its subtests have ended, and that bears t's name.
type subtestTB struct {
	recordingTB
	t *testing.T
}

func (s *subtestTB) Cleanup(f func()) { s.t.Cleanup(f) }
func (s *subtestTB) Name() string     { return s.t.Name() }

// TestCheckLeaksParallel runs eight parallel subtests that start goroutines;
// one leaks a plain goroutine, blocked until every subtest has ended. It
// starts it before its call of t.Parallel, in the parent's sequential
// phase, so that the others' checks, which run after their parallel phase,
// all run beside it. Only the leaker's check fails, and its message names
// the test and the function.
func TestCheckLeaksParallel(t *testing.T) {
	const subtests, leaker = 8, 5
	release := make(chan struct{})
	var leaked sync.WaitGroup
	tbs := make([]*subtestTB, subtests)
	t.Run("group", func(t *testing.T) {
		for i := range tbs {
			t.Run(fmt.Sprintf("sub=%d", i), func(t *testing.T) {
				tb := &subtestTB{t: t}
				tbs[i] = tb
				if i == leaker {
					goroutine.CheckLeaks(tb)
					leaked.Add(1)
					go blockUntil(release, &leaked)
					t.Parallel()
				} else {
					t.Parallel()
					goroutine.CheckLeaks(tb)
				}
				var wg sync.WaitGroup // goroutines that return before the test ends
				for range 4 {
					wg.Go(func() { time.Sleep(time.Millisecond) })
				}
				wg.Wait()
			})
		}
	})
	for i, tb := range tbs {
		errs := tb.failures()
		if i != leaker {
			if len(errs) != 0 {
				t.Errorf("sub=%d: got failures %q, want none", i, errs)
			}
			continue
		}
		if len(errs) != 1 {
			t.Errorf("sub=%d: got %d failures %q, want 1", i, len(errs), errs)
			continue
		}
		for _, want := range []string{
			"test TestCheckLeaksParallel/group/sub=5 left 1 goroutine running",
			"1 running " + testPkg + "blockUntil, blocked in " + testPkg + "blockUntil:",
			"check_test.go:",
		} {
			if !strings.Contains(errs[0], want) {
				t.Errorf("sub=%d: failure %q does not contain %q", i, errs[0], want)
			}
		}
	}
	close(release)
	leaked.Wait()
}

// TestCheckLeaksPasses runs tests that leave nothing running, in ways that
// come close: goroutines of parallel subtests, which carry the parent's
// label and are ending as its check runs; a goroutine told to stop by a
// cleanup of the test, which runs before the check.
func TestCheckLeaksPasses(t *testing.T) {
	tests := []struct {
		name string
		body func(t *testing.T)
	}{
		{"parallel-subtests", func(t *testing.T) {
			for i := range 8 {
				t.Run(fmt.Sprintf("sub=%d", i), func(t *testing.T) {
					t.Parallel()
					var g goroutine.Group
					g.Go(func() error { return nil })
					g.Wait()
				})
			}
		}},
		{"stopped-by-cleanup", func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			t.Cleanup(cancel)
			go func() { <-ctx.Done() }()
		}},
	}
	for _, tt := range tests {
		var tb *subtestTB
		t.Run(tt.name, func(t *testing.T) {
			tb = &subtestTB{t: t}
			goroutine.CheckLeaks(tb)
			tt.body(t)
		})
		if errs := tb.failures(); len(errs) != 0 {
			t.Errorf("%s: got failures %q, want none", tt.name, errs)
		}
	}
}

// TestCheckLeaksAttribution leaks goroutines started in several ways from
// the test's goroutine; each is found, and named by its function.
func TestCheckLeaksAttribution(t *testing.T) {
	tests := []struct {
		name  string
		count int
		leak  func(release <-chan struct{}, done *sync.WaitGroup)
		want  string
	}{
		{"go", 1, func(release <-chan struct{}, done *sync.WaitGroup) {
			done.Add(1)
			go blockUntil(release, done)
		}, "1 running " + testPkg + "blockUntil, blocked in " + testPkg + "blockUntil:"},
		{"go-go-go", 1, func(release <-chan struct{}, done *sync.WaitGroup) {
			done.Add(1)
			started := make(chan struct{})
			go func() {
				go func() {
					go callBlockUntil(release, done)
					close(started)
				}()
			}()
			<-started // the goroutines in between may have returned
		}, "1 running " + testPkg + "callBlockUntil, blocked in " + testPkg + "blockUntil:"},
		{"three", 3, func(release <-chan struct{}, done *sync.WaitGroup) {
			for range 3 {
				done.Add(1)
				go blockUntil(release, done)
			}
		}, "3 running " + testPkg + "blockUntil, blocked in " + testPkg + "blockUntil:"},
		{"group", 1, func(release <-chan struct{}, done *sync.WaitGroup) {
			var g goroutine.Group // unnamed: its goroutines inherit the label
			done.Add(1)
			g.Go(func() error { blockUntil(release, done); return nil })
		}, "1 running " + testPkg + "TestCheckLeaksAttribution.func4.1, blocked in " + testPkg + "blockUntil:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			release := make(chan struct{})
			var done sync.WaitGroup
			tb := new(recordingTB)
			goroutine.CheckLeaks(tb)
			tt.leak(release, &done)
			errs := tb.end()
			close(release)
			done.Wait()
			if len(errs) != 1 {
				t.Fatalf("got %d failures %q, want 1", len(errs), errs)
			}
			head := fmt.Sprintf("the test left %d goroutine", tt.count)
			for _, want := range []string{head, tt.want} {
				if !strings.Contains(errs[0], want) {
					t.Errorf("failure %q does not contain %q", errs[0], want)
				}
			}
		})
	}
}

// TestCheckLeaksWaitsForReturning checks the retries: a goroutine that
// returns soon after the test ends passes, one that outlasts the retries
// fails. In a bubble the retries' pauses take no real time.
func TestCheckLeaksWaitsForReturning(t *testing.T) {
	tests := []struct {
		name     string
		sleep    time.Duration
		failures int
	}{
		{"returns-soon", 50 * time.Millisecond, 0},
		{"outlasts-retries", time.Hour, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				tb := new(recordingTB)
				goroutine.CheckLeaks(tb)
				go time.Sleep(tt.sleep)
				if errs := tb.end(); len(errs) != tt.failures {
					t.Errorf("got failures %q, want %d", errs, tt.failures)
				}
				time.Sleep(tt.sleep) // until the goroutine has returned
				synctest.Wait()
			})
		})
	}
}

// selfLabels returns the calling goroutine's pprof labels.
func selfLabels(t *testing.T) map[string]string {
	t.Helper()
	self, _, err := stacks.ReadSelf()
	if err != nil {
		t.Error(err)
	}
	return self.Labels
}

// TestCheckLeaksLabels checks that CheckLeaks adds its label to those the
// test's goroutine has, that the goroutines it starts carry both, and that
// the test's goroutine has its labels back after the check.
func TestCheckLeaksLabels(t *testing.T) {
	tests := []struct {
		name string
		own  map[string]string
	}{
		{"none", nil},
		{"own", map[string]string{"app": "checkout", "stage": "test"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var kv []string
			for k, v := range tt.own {
				kv = append(kv, k, v)
			}
			pprof.SetGoroutineLabels(pprof.WithLabels(context.Background(), pprof.Labels(kv...)))

			tb := new(recordingTB)
			goroutine.CheckLeaks(tb)
			during := selfLabels(t)
			childLabels := make(chan map[string]string)
			go func() { childLabels <- selfLabels(t) }()
			child := <-childLabels
			tb.end()
			after := selfLabels(t)

			if during[goroutine.TestLabelKey] == "" {
				t.Errorf("test's labels %q during the test lack %s", during, goroutine.TestLabelKey)
			}
			want := maps.Clone(tt.own)
			if want == nil {
				want = map[string]string{}
			}
			want[goroutine.TestLabelKey] = during[goroutine.TestLabelKey]
			if !maps.Equal(during, want) {
				t.Errorf("test's labels during the test: got %q, want %q", during, want)
			}
			if !maps.Equal(child, want) {
				t.Errorf("labels of the goroutine it started: got %q, want %q", child, want)
			}
			if !maps.Equal(after, tt.own) {
				t.Errorf("test's labels after the check: got %q, want %q", after, tt.own)
			}
		})
	}
}

// TestCheckLeaksIgnore checks the options: each ignores the goroutines it
// names and no other.
func TestCheckLeaksIgnore(t *testing.T) {
	tests := []struct {
		name     string
		opts     []goroutine.CheckOption
		failures int
	}{
		{"none", nil, 1},
		{"zero", []goroutine.CheckOption{{}}, 1},
		{"top", []goroutine.CheckOption{goroutine.IgnoreTopFunction(testPkg + "blockUntil")}, 0},
		{"top-not-top", []goroutine.CheckOption{goroutine.IgnoreTopFunction(testPkg + "callBlockUntil")}, 1},
		{"top-other", []goroutine.CheckOption{goroutine.IgnoreTopFunction(testPkg + "other")}, 1},
		{"any-top", []goroutine.CheckOption{goroutine.IgnoreAnyFunction(testPkg + "blockUntil")}, 0},
		{"any-caller", []goroutine.CheckOption{goroutine.IgnoreAnyFunction(testPkg + "callBlockUntil")}, 0},
		{"any-other", []goroutine.CheckOption{goroutine.IgnoreAnyFunction(testPkg + "other")}, 1},
		{"several", []goroutine.CheckOption{
			goroutine.IgnoreAnyFunction(testPkg + "other"),
			goroutine.IgnoreTopFunction(testPkg + "blockUntil"),
		}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			release := make(chan struct{})
			var done sync.WaitGroup
			tb := new(recordingTB)
			goroutine.CheckLeaks(tb, tt.opts...)
			done.Add(1)
			go callBlockUntil(release, &done)
			errs := tb.end()
			close(release)
			done.Wait()
			if len(errs) != tt.failures {
				t.Errorf("got failures %q, want %d", errs, tt.failures)
			}
		})
	}
}

func TestCheckLeaksPanics(t *testing.T) {
	tests := []struct {
		name string
		f    func()
		want string
	}{
		{"nil-tb", func() { goroutine.CheckLeaks(nil) }, "goroutine: CheckLeaks: nil TB"},
		{"top-empty", func() { goroutine.IgnoreTopFunction("") }, `goroutine: IgnoreTopFunction: "" is not a full function name`},
		{"top-unqualified", func() { goroutine.IgnoreTopFunction("readLoop") }, `goroutine: IgnoreTopFunction: "readLoop" is not a full function name`},
		{"any-frame", func() { goroutine.IgnoreAnyFunction("main.f()\n\t/src/main.go:3") }, `goroutine: IgnoreAnyFunction: "main.f()\n\t/src/main.go:3" is not a full function name`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			panictest.Want(t, tt.want, tt.f)
		})
	}
}

// BenchmarkLeakCheck measures the check of one test that leaves nothing
// running, beside a number of other goroutines: CheckLeaks and its cleanup
// against goleak's per-test check, Find with IgnoreCurrent.
func BenchmarkLeakCheck(b *testing.B) {
	for _, n := range []int{10, 1000} {
		release := make(chan struct{})
		var others sync.WaitGroup
		for range n {
			others.Add(1)
			go blockUntil(release, &others)
		}
		b.Run(fmt.Sprintf("goroutines=%d/impl=goleak", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				opt := goleak.IgnoreCurrent()
				if err := goleak.Find(opt); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("goroutines=%d/impl=goroutine", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				tb := new(recordingTB)
				goroutine.CheckLeaks(tb)
				if errs := tb.end(); len(errs) != 0 {
					b.Fatal(errs)
				}
			}
		})
		close(release)
		others.Wait()
	}
}
