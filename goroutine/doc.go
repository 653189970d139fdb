// Package goroutine runs goroutines that are always owned, always joined and
// cannot leak quietly.
//
// A goroutine that never returns keeps its stack and everything the stack
// references alive for the life of the process, and runtime.NumGoroutine
// only grows. The usual causes are a for range over a channel nobody closes,
// a send nobody receives after the receiver gave up, and a goroutine started
// with no owner that waits for it:
//
//	func handle(ctx context.Context, req Request) (Result, error) {
//		ch := make(chan Result)
//		go func() { ch <- slowLookup(req) }() // blocks forever once handle has returned
//		select {
//		case r := <-ch:
//			return r, nil
//		case <-ctx.Done():
//			return Result{}, ctx.Err() // the goroutine above leaks
//		}
//	}
//
// The replacement gives the goroutine an owner, a [Group], and makes its
// channel operations give up with the context ([Send], [Recv]):
//
//	func handle(ctx context.Context, req Request) (Result, error) {
//		ch := make(chan Result)
//		workers.Go(func() error { // workers: a Group the server waits for at shutdown
//			goroutine.Send(ctx, ch, slowLookup(req)) // gives up once ctx is done
//			return nil
//		})
//		return goroutine.Recv(ctx, ch)
//	}
//
// [Group] is a drop-in for golang.org/x/sync/errgroup.Group (same methods,
// same semantics) that also recovers a task's panic into a [*PanicError]
// returned by [Group.Wait], reports [runtime.Goexit] as [ErrGoexit], and
// labels and counts its goroutines by name ([Group.SetName], [Running],
// [RunningByName]). [Scope] runs a function with a Group and joins it on
// every way out. [First] takes the first success of several functions and
// joins the rest; [Sleep] is a time.Sleep that gives up with its context.
// [VerifyNone] fails a test that leaves goroutines of this package running.
//
// # Cost
//
// Measured on a 2-core amd64 machine with
//
//	go test -run '^$' -bench 'GoWait|SendRecv' -benchtime 200ms -count=6 ./goroutine/ > /tmp/goroutine.txt
//	benchstat -col /impl /tmp/goroutine.txt
//
// against errgroup and the hand-written code:
//
//   - [Group.Go] and [Group.Wait] for 100 tasks take 0.94x errgroup's time
//     without a limit and 1.04x with SetLimit(8), and allocate what
//     errgroup's do: 101 allocations per 100 tasks, 102 with
//     [Group.SetLimit] (conc's pool: 197 and 119).
//   - [Send] plus [Recv] take 0.89x the time of the hand-written select
//     with ctx.Done(), and allocate nothing.
//   - BenchmarkLeak (go test -run '^$' -bench Leak ./goroutine/): a worker
//     ranging over a channel nobody closes, and a sender whose receiver
//     timed out, leave 1 goroutine per request (goroutines-left/op) written
//     naively and 0 with this package.
package goroutine
