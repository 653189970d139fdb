package goroutine_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/sourcegraph/conc/pool"
	"golang.org/x/sync/errgroup"

	"github.com/safeprim/safeprim/goroutine"
	"github.com/safeprim/safeprim/internal/panictest"
	"github.com/safeprim/safeprim/internal/race"
)

// group is the method set Group shares with errgroup.Group, so that the
// documented behaviours of errgroup are checked against both.
type group interface {
	Go(f func() error)
	TryGo(f func() error) bool
	SetLimit(n int)
	Wait() error
}

type impl struct {
	name        string
	zero        func() group
	withContext func(ctx context.Context) (group, context.Context)
}

var impls = []impl{
	{
		name: "errgroup",
		zero: func() group { return new(errgroup.Group) },
		withContext: func(ctx context.Context) (group, context.Context) {
			return errgroup.WithContext(ctx)
		},
	},
	{
		name: "goroutine",
		zero: func() group { return new(goroutine.Group) },
		withContext: func(ctx context.Context) (group, context.Context) {
			return goroutine.WithContext(ctx)
		},
	},
}

var (
	errA = errors.New("a")
	errB = errors.New("b")
)

// TestErrgroupBehaviours runs errgroup's documented behaviours on errgroup
// itself and on Group: a drop-in must pass every row both ways.
func TestErrgroupBehaviours(t *testing.T) {
	tests := []struct {
		name string
		run  func(t *testing.T, im impl)
	}{
		{"zero/no-error", func(t *testing.T, im impl) {
			g := im.zero()
			var n atomic.Int32
			for range 10 {
				g.Go(func() error { n.Add(1); return nil })
			}
			if err := g.Wait(); err != nil {
				t.Errorf("Wait = %v, want nil", err)
			}
			if got := n.Load(); got != 10 {
				t.Errorf("%d functions ran, want 10", got)
			}
		}},
		{"zero/first-error-wins", func(t *testing.T, im impl) {
			g := im.zero()
			g.SetLimit(1) // runs the functions one after another
			g.Go(func() error { return nil })
			g.Go(func() error { return errA })
			g.Go(func() error { return errB })
			if err := g.Wait(); err != errA {
				t.Errorf("Wait = %v, want %v", err, errA)
			}
		}},
		{"with-context/cancel-on-first-error", func(t *testing.T, im impl) {
			g, ctx := im.withContext(context.Background())
			var cause error
			g.Go(func() error {
				<-ctx.Done()
				cause = context.Cause(ctx)
				return nil
			})
			g.Go(func() error { return errA })
			if err := g.Wait(); err != errA {
				t.Errorf("Wait = %v, want %v", err, errA)
			}
			if cause != errA {
				t.Errorf("sibling saw context.Cause = %v, want %v", cause, errA)
			}
		}},
		{"with-context/cancel-on-wait", func(t *testing.T, im impl) {
			g, ctx := im.withContext(context.Background())
			g.Go(func() error { return nil })
			if err := ctx.Err(); err != nil {
				t.Errorf("ctx.Err before Wait = %v, want nil", err)
			}
			if err := g.Wait(); err != nil {
				t.Errorf("Wait = %v, want nil", err)
			}
			if err := context.Cause(ctx); err != context.Canceled {
				t.Errorf("context.Cause after Wait = %v, want %v", err, context.Canceled)
			}
		}},
		{"with-context/parent-cancel", func(t *testing.T, im impl) {
			parent, cancel := context.WithCancelCause(context.Background())
			g, ctx := im.withContext(parent)
			cancel(errB)
			g.Go(func() error { <-ctx.Done(); return context.Cause(ctx) })
			if err := g.Wait(); err != errB {
				t.Errorf("Wait = %v, want %v", err, errB)
			}
		}},
		{"go-after-wait", func(t *testing.T, im impl) {
			g, ctx := im.withContext(context.Background())
			if err := g.Wait(); err != nil {
				t.Fatalf("Wait = %v, want nil", err)
			}
			var got error
			g.Go(func() error { got = ctx.Err(); return nil })
			if err := g.Wait(); err != nil {
				t.Errorf("second Wait = %v, want nil", err)
			}
			if got != context.Canceled {
				t.Errorf("ctx.Err in Go after Wait = %v, want %v", got, context.Canceled)
			}
		}},
		{"try-go/limit", func(t *testing.T, im impl) {
			g := im.zero()
			g.SetLimit(1)
			release := make(chan struct{})
			if !g.TryGo(func() error { <-release; return nil }) {
				t.Fatal("TryGo below the limit = false, want true")
			}
			if g.TryGo(func() error { return errA }) {
				t.Error("TryGo at the limit = true, want false")
			}
			close(release)
			if err := g.Wait(); err != nil {
				t.Errorf("Wait = %v, want nil", err)
			}
			if !g.TryGo(func() error { return errB }) {
				t.Error("TryGo after Wait = false, want true")
			}
			if err := g.Wait(); err != errB {
				t.Errorf("Wait = %v, want %v", err, errB)
			}
		}},
		{"limit/zero", func(t *testing.T, im impl) {
			g := im.zero()
			g.SetLimit(0)
			if g.TryGo(func() error { return nil }) {
				t.Error("TryGo with limit 0 = true, want false")
			}
		}},
		{"limit/negative-is-unlimited", func(t *testing.T, im impl) {
			g := im.zero()
			g.SetLimit(1)
			g.SetLimit(-1)
			const n = 8
			var wg sync.WaitGroup // every function waits for all n to start
			wg.Add(n)
			for range n {
				if !g.TryGo(func() error { wg.Done(); wg.Wait(); return nil }) {
					t.Fatal("TryGo with no limit = false, want true")
				}
			}
			if err := g.Wait(); err != nil {
				t.Errorf("Wait = %v, want nil", err)
			}
		}},
		{"limit/bounds-active", func(t *testing.T, im impl) {
			g := im.zero()
			const limit = 3
			g.SetLimit(limit)
			var active, peak atomic.Int32
			for range 50 {
				g.Go(func() error {
					n := active.Add(1)
					for {
						p := peak.Load()
						if n <= p || peak.CompareAndSwap(p, n) {
							break
						}
					}
					active.Add(-1)
					return nil
				})
			}
			if err := g.Wait(); err != nil {
				t.Errorf("Wait = %v, want nil", err)
			}
			if got := peak.Load(); got > limit {
				t.Errorf("peak active = %d, want at most %d", got, limit)
			}
		}},
		{"set-limit-while-active-panics", func(t *testing.T, im impl) {
			g := im.zero()
			g.SetLimit(1)
			release := make(chan struct{})
			g.Go(func() error { <-release; return nil })
			defer func() {
				close(release)
				g.Wait()
			}()
			msg, _ := panictest.Message(func() { g.SetLimit(2) })
			if want := "modify limit while 1 goroutines in the group are still active"; !strings.Contains(msg, want) {
				t.Errorf("SetLimit while active panicked with %q, want it to contain %q", msg, want)
			}
			if im.name == "goroutine" && !strings.HasPrefix(msg, "goroutine: SetLimit: ") {
				t.Errorf("panic message %q, want prefix %q", msg, "goroutine: SetLimit: ")
			}
		}},
	}
	for _, tt := range tests {
		for _, im := range impls {
			t.Run(tt.name+"/impl="+im.name, func(t *testing.T) { tt.run(t, im) })
		}
	}
}

func TestBadInputPanics(t *testing.T) {
	var nilCtx context.Context
	tests := []struct {
		name string
		call func()
		want string
	}{
		{"WithContext/nil-ctx", func() { goroutine.WithContext(nilCtx) }, "goroutine: WithContext: nil context"},
		{"Go/nil-f", func() { new(goroutine.Group).Go(nil) }, "goroutine: Go: nil function"},
		{"TryGo/nil-f", func() { new(goroutine.Group).TryGo(nil) }, "goroutine: TryGo: nil function"},
		{"Scope/nil-ctx", func() { goroutine.Scope(nilCtx, func(context.Context, *goroutine.Group) error { return nil }) }, "goroutine: Scope: nil context"},
		{"Scope/nil-fn", func() { goroutine.Scope(context.Background(), nil) }, "goroutine: Scope: nil function"},
		{"Send/nil-ctx", func() { goroutine.Send(nilCtx, make(chan int, 1), 1) }, "goroutine: Send: nil context"},
		{"Recv/nil-ctx", func() { goroutine.Recv(nilCtx, make(chan int)) }, "goroutine: Recv: nil context"},
		{"Sleep/nil-ctx", func() { goroutine.Sleep(nilCtx, 0) }, "goroutine: Sleep: nil context"},
		{"First/nil-ctx", func() { goroutine.First[int](nilCtx) }, "goroutine: First: nil context"},
		{"First/nil-fn", func() { goroutine.First[int](context.Background(), nil) }, "goroutine: First: nil function at index 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, _ := panictest.Message(tt.call); !strings.HasPrefix(got, tt.want) {
				t.Errorf("panicked with %q, want prefix %q", got, tt.want)
			}
		})
	}
	if goroutine.Running() != 0 {
		t.Errorf("Running after rejected calls = %d, want 0", goroutine.Running())
	}
}

// TestGoAllocs checks that Go costs what errgroup's does: one allocation
// per task, the go statement's closure, and no wrapping closure.
func TestGoAllocs(t *testing.T) {
	if race.Enabled {
		t.Skip("the race detector adds allocations")
	}
	const tasks = 100
	noop := func() error { return nil }
	measure := func(g group, limit int) float64 {
		return testing.AllocsPerRun(20, func() {
			g.SetLimit(limit)
			for range tasks {
				g.Go(noop)
			}
			g.Wait()
		})
	}
	for _, limit := range []int{-1, 4} {
		want := measure(new(errgroup.Group), limit)
		got := measure(new(goroutine.Group), limit)
		if got > want {
			t.Errorf("limit=%d: %v allocs for %d tasks, want at most errgroup's %v", limit, got, tasks, want)
		}
		if got > tasks+2 {
			t.Errorf("limit=%d: %v allocs for %d tasks, want about 1 per task", limit, got, tasks)
		}
	}
}

// goWaitTasks is how many tasks one op of BenchmarkGoWait starts and joins.
const goWaitTasks = 100

// BenchmarkGoWait measures Go and Wait for goWaitTasks tasks that return at
// once, the per-task overhead of each way to run them.
func BenchmarkGoWait(b *testing.B) {
	noop := func() error { return nil }
	for _, limit := range []int{-1, 8} {
		name := "limit=none"
		if limit >= 0 {
			name = fmt.Sprintf("limit=%d", limit)
		}
		b.Run(name, func(b *testing.B) {
			b.Run("impl=errgroup", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					var g errgroup.Group
					g.SetLimit(limit)
					for range goWaitTasks {
						g.Go(noop)
					}
					g.Wait()
				}
			})
			b.Run("impl=go+WaitGroup", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					var wg sync.WaitGroup
					var sem chan struct{}
					if limit >= 0 {
						sem = make(chan struct{}, limit)
					}
					for range goWaitTasks {
						if sem != nil {
							sem <- struct{}{}
						}
						wg.Add(1)
						go func() {
							defer wg.Done()
							noop()
							if sem != nil {
								<-sem
							}
						}()
					}
					wg.Wait()
				}
			})
			b.Run("impl=conc", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					p := pool.New().WithErrors()
					if limit >= 0 {
						p = p.WithMaxGoroutines(limit)
					}
					for range goWaitTasks {
						p.Go(noop)
					}
					p.Wait()
				}
			})
			b.Run("impl=goroutine", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					var g goroutine.Group
					g.SetLimit(limit)
					for range goWaitTasks {
						g.Go(noop)
					}
					g.Wait()
				}
			})
		})
	}
}
