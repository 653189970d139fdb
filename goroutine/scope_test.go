package goroutine_test

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/safeprim/safeprim/goroutine"
)

func TestScope(t *testing.T) {
	// Each fn starts goroutines through goFn, which counts them and their
	// returns, so that the test can see whether Scope joined them.
	tests := []struct {
		name      string
		fn        func(ctx context.Context, goFn func(func() error)) error
		want      error
		wantPanic bool
	}{
		{"all-succeed", func(ctx context.Context, goFn func(func() error)) error {
			goFn(func() error { return nil })
			return nil
		}, nil, false},
		{"goroutine-error", func(ctx context.Context, goFn func(func() error)) error {
			goFn(func() error { return errA })
			return nil
		}, errA, false},
		{"early-return-cancels-and-joins", func(ctx context.Context, goFn func(func() error)) error {
			goFn(func() error { <-ctx.Done(); return context.Cause(ctx) })
			return errB
		}, errB, false},
		{"panic-cancels-and-joins", func(ctx context.Context, goFn func(func() error)) error {
			goFn(func() error { <-ctx.Done(); return nil })
			panic("boom")
		}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var started, returned atomic.Int32
			var panicked any
			err := func() error {
				defer func() { panicked = recover() }()
				return goroutine.Scope(context.Background(), func(ctx context.Context, g *goroutine.Group) error {
					return tt.fn(ctx, func(f func() error) {
						started.Add(1)
						g.Go(func() error {
							defer returned.Add(1)
							return f()
						})
					})
				})
			}()
			if (panicked != nil) != tt.wantPanic {
				t.Errorf("recovered %v, want a panic: %v", panicked, tt.wantPanic)
			}
			if err != tt.want {
				t.Errorf("Scope = %v, want %v", err, tt.want)
			}
			if s, r := started.Load(), returned.Load(); s != r || s == 0 {
				t.Errorf("%d goroutines started, %d returned when Scope returned, want all of them", s, r)
			}
			if n := goroutine.Running(); n != 0 {
				t.Errorf("Running after Scope = %d, want 0", n)
			}
		})
	}
}

// TestScopeCancelsWhenDone checks that the context passed to fn is canceled
// once Scope returns, as WithContext's is after Wait.
func TestScopeCancelsWhenDone(t *testing.T) {
	var inner context.Context
	err := goroutine.Scope(context.Background(), func(ctx context.Context, g *goroutine.Group) error {
		inner = ctx
		return nil
	})
	if err != nil {
		t.Fatalf("Scope = %v, want nil", err)
	}
	if got := inner.Err(); got != context.Canceled {
		t.Errorf("ctx.Err after Scope = %v, want %v", got, context.Canceled)
	}
}
