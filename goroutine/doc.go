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
package goroutine
