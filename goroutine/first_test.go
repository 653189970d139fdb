package goroutine_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/safeprim/safeprim/goroutine"
)

// after returns a function that yields v after d, or the cause of its
// context if that is canceled first, and counts its returns in returned.
func after(d time.Duration, v int, err error, returned *atomic.Int32) func(context.Context) (int, error) {
	return func(ctx context.Context) (int, error) {
		defer returned.Add(1)
		if err := goroutine.Sleep(ctx, d); err != nil {
			return 0, err
		}
		return v, err
	}
}

func TestFirst(t *testing.T) {
	tests := []struct {
		name     string
		fns      func(returned *atomic.Int32) []func(context.Context) (int, error)
		want     int
		wantErr  func(error) bool
		wantTook time.Duration
	}{
		{"fastest-success-wins", func(r *atomic.Int32) []func(context.Context) (int, error) {
			return []func(context.Context) (int, error){after(3*time.Second, 3, nil, r), after(time.Second, 1, nil, r), after(2*time.Second, 2, nil, r)}
		}, 1, func(err error) bool { return err == nil }, time.Second},
		{"errors-are-skipped", func(r *atomic.Int32) []func(context.Context) (int, error) {
			return []func(context.Context) (int, error){after(time.Second, 0, errA, r), after(2*time.Second, 2, nil, r)}
		}, 2, func(err error) bool { return err == nil }, 2 * time.Second},
		{"all-fail-joined", func(r *atomic.Int32) []func(context.Context) (int, error) {
			return []func(context.Context) (int, error){after(2*time.Second, 0, errA, r), after(time.Second, 0, errB, r)}
		}, 0, func(err error) bool {
			return errors.Is(err, errA) && errors.Is(err, errB) && err.Error() == "a\nb"
		}, 2 * time.Second},
		{"panic-is-not-dropped", func(r *atomic.Int32) []func(context.Context) (int, error) {
			return []func(context.Context) (int, error){after(time.Second, 1, nil, r), func(ctx context.Context) (int, error) {
				defer r.Add(1)
				time.Sleep(2 * time.Second)
				panic("boom")
			}}
		}, 0, func(err error) bool {
			var pe *goroutine.PanicError
			return errors.As(err, &pe) && pe.Value == "boom"
		}, 2 * time.Second},
		{"none", func(r *atomic.Int32) []func(context.Context) (int, error) { return nil }, 0, func(err error) bool { return err != nil }, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var returned atomic.Int32
				fns := tt.fns(&returned)
				start := time.Now()
				got, err := goroutine.First(context.Background(), fns...)
				if got != tt.want || !tt.wantErr(err) {
					t.Errorf("First = %v, %v, want %v and a matching error", got, err, tt.want)
				}
				if took := time.Since(start); took != tt.wantTook {
					t.Errorf("First took %v, want %v", took, tt.wantTook)
				}
				if n := returned.Load(); int(n) != len(fns) {
					t.Errorf("%d of %d functions returned when First did, want all", n, len(fns))
				}
			})
		})
	}
}

// TestFirstReplacesNaiveRace shows the hand-written race leaving its losers
// blocked on a send, and First leaving nothing.
func TestFirstReplacesNaiveRace(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const n = 5
		var racers atomic.Int32 // the racers that have not returned
		ch := make(chan int)
		for i := range n {
			racers.Add(1)
			go func() {
				defer racers.Add(-1)
				ch <- i
			}()
		}
		<-ch
		synctest.Wait()
		if got := racers.Load(); got != n-1 {
			t.Errorf("naive race left %d goroutines, want %d", got, n-1)
		}
		for range n - 1 {
			<-ch // let the losers go for goleak
		}
		synctest.Wait() // and let them return

		fns := make([]func(context.Context) (int, error), n)
		for i := range fns {
			racers.Add(1)
			fns[i] = func(ctx context.Context) (int, error) {
				defer racers.Add(-1)
				return i, goroutine.Sleep(ctx, time.Duration(i)*time.Second)
			}
		}
		if _, err := goroutine.First(context.Background(), fns...); err != nil {
			t.Fatalf("First = %v, want nil", err)
		}
		if got := racers.Load(); got != 0 {
			t.Errorf("First left %d goroutines, want 0", got)
		}
	})
}
