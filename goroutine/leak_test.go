package goroutine_test

import (
	"context"
	"runtime"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/safeprim/safeprim/goroutine"
	"github.com/safeprim/safeprim/internal/leaktest"
)

// A leak scenario serves one request with ctx and returns a release func
// that undoes what the naive code forgot, so that the benchmark can clean up
// its leaked goroutines (nil when nothing leaked). Both variants start their
// goroutines on a server-lifetime Group, waited for at shutdown.
type scenario struct {
	name        string
	naive, safe func(ctx context.Context, workers *goroutine.Group) (release func())
}

// live counts the scenarios' goroutines that have not returned: each is
// counted before its go statement and uncounted when it returns. Counting
// them, rather than reading runtime.NumGoroutine, keeps the figure free of
// unrelated goroutines of the test binary.
var live atomic.Int64

var scenarios = []scenario{
	{
		// A handler feeds a worker over a channel and returns without
		// closing it: the worker's range never ends.
		name: "range-unclosed",
		naive: func(ctx context.Context, _ *goroutine.Group) func() {
			ch := make(chan int)
			live.Add(1)
			go func() {
				defer live.Add(-1)
				for range ch {
				}
			}()
			ch <- 1
			ch <- 2
			return func() { close(ch) }
		},
		safe: func(ctx context.Context, workers *goroutine.Group) func() {
			ch := make(chan int)
			live.Add(1)
			workers.Go(func() error {
				defer live.Add(-1)
				for {
					if _, err := goroutine.Recv(ctx, ch); err != nil {
						return nil // ctx done or ch closed
					}
				}
			})
			goroutine.Send(ctx, ch, 1)
			goroutine.Send(ctx, ch, 2)
			return nil
		},
	},
	{
		// A handler waits for a lookup, gives up when its ctx ends, and the
		// lookup's result is then sent to nobody.
		name: "sender-timed-out",
		naive: func(ctx context.Context, _ *goroutine.Group) func() {
			ch, lookup := make(chan int), make(chan struct{})
			live.Add(1)
			go func() {
				defer live.Add(-1)
				<-lookup
				ch <- 1
			}()
			select {
			case <-ch:
			case <-ctx.Done(): // the request timed out
			}
			close(lookup) // the lookup completes afterwards
			return func() { <-ch }
		},
		safe: func(ctx context.Context, workers *goroutine.Group) func() {
			ch, lookup := make(chan int), make(chan struct{})
			live.Add(1)
			workers.Go(func() error {
				defer live.Add(-1)
				<-lookup
				goroutine.Send(ctx, ch, 1) // gives up with ctx
				return nil
			})
			goroutine.Recv(ctx, ch)
			close(lookup)
			return nil
		},
	},
}

// request runs one request of handler with a context that ends with it,
// already timed out for the sender scenario, as the server would.
func request(handler func(context.Context, *goroutine.Group) func(), workers *goroutine.Group, timedOut bool) func() {
	ctx, cancel := context.WithCancel(context.Background())
	if timedOut {
		cancel()
	}
	defer cancel()
	return handler(ctx, workers)
}

func TestLeakScenarios(t *testing.T) {
	const requests = 10
	for _, sc := range scenarios {
		for _, safe := range []bool{false, true} {
			handler, name, want := sc.naive, "naive", requests
			if safe {
				handler, name, want = sc.safe, "goroutine", 0
			}
			t.Run("scenario="+sc.name+"/impl="+name, func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) {
					var workers goroutine.Group
					var releases []func()
					for range requests {
						releases = append(releases, request(handler, &workers, sc.name == "sender-timed-out"))
					}
					synctest.Wait()
					if got := live.Load(); got != int64(want) {
						t.Errorf("%d goroutines left after %d requests, want %d", got, requests, want)
					}
					for _, release := range releases {
						if release != nil {
							release()
						}
					}
					workers.Wait()
				})
			})
		}
	}
}

// leakBatch bounds how many goroutines a naive scenario leaks before the
// benchmark releases them, so that long runs do not exhaust memory.
const leakBatch = 10_000

// BenchmarkLeak serves one request per op and reports the goroutines each
// request leaves behind once its context has ended (goroutines-left/op).
func BenchmarkLeak(b *testing.B) {
	for _, sc := range scenarios {
		for _, safe := range []bool{false, true} {
			handler, name := sc.naive, "naive"
			if safe {
				handler, name = sc.safe, "goroutine"
			}
			b.Run("scenario="+sc.name+"/impl="+name, func(b *testing.B) {
				b.ReportAllocs()
				var workers goroutine.Group
				workers.SetName("bench-workers")
				var releases []func()
				var left int64
				flush := func() {
					b.StopTimer()
					left += settle()
					for _, release := range releases {
						if release != nil {
							release()
						}
					}
					releases = releases[:0]
					settle()
					b.StartTimer()
				}
				for b.Loop() {
					releases = append(releases, request(handler, &workers, sc.name == "sender-timed-out"))
					if len(releases) == leakBatch {
						flush()
					}
				}
				flush()
				workers.Wait()
				b.ReportMetric(float64(left)/float64(b.N), "goroutines-left/op")
			})
		}
	}
}

// settle gives the scenarios' goroutines that are returning time to finish,
// and returns how many are left once none is, or after a bounded wait.
func settle() int64 {
	for i := range 50 {
		if n := live.Load(); n == 0 {
			return 0
		}
		runtime.Gosched()
		time.Sleep(time.Duration(i+1) * 10 * time.Microsecond)
	}
	return live.Load()
}

// TestLeakRetention shows what a leaked goroutine costs beyond itself: the
// naive worker that ranges over a channel nobody closes keeps the buffer it
// references alive, and the same worker written with Recv lets it go once
// its context ends.
func TestLeakRetention(t *testing.T) {
	type buffer struct{ b [1 << 20]byte }
	worker := map[string]func(ctx context.Context, ch chan int, buf *buffer, workers *goroutine.Group){
		"naive": func(ctx context.Context, ch chan int, buf *buffer, _ *goroutine.Group) {
			go func() {
				for v := range ch {
					buf.b[v]++
				}
			}()
		},
		"goroutine": func(ctx context.Context, ch chan int, buf *buffer, workers *goroutine.Group) {
			workers.Go(func() error {
				for {
					v, err := goroutine.Recv(ctx, ch)
					if err != nil {
						return nil
					}
					buf.b[v]++
				}
			})
		},
	}
	for _, tt := range []struct {
		impl          string
		wantCollected bool
	}{{"naive", false}, {"goroutine", true}} {
		t.Run("impl="+tt.impl, func(t *testing.T) {
			var workers goroutine.Group
			ctx, cancel := context.WithCancel(context.Background())
			ch := make(chan int)
			buf := new(buffer)
			collected := leaktest.Watch(buf)
			worker[tt.impl](ctx, ch, buf, &workers)
			buf = nil
			ch <- 1
			cancel() // the request ends; nobody closes ch
			if got := collected(); got != tt.wantCollected {
				t.Errorf("buffer collected = %v, want %v", got, tt.wantCollected)
			}
			close(ch) // let the naive worker go for goleak
			workers.Wait()
		})
	}
}
