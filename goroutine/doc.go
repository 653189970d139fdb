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
// [CheckLeaks] fails a test, parallel or not, that leaves running any
// goroutine it started, plain go statements included; [VerifyNone] fails
// one that leaves goroutines of this package running.
//
// # Cost
//
// BenchmarkGoWait compares [Group.Go] and [Group.Wait] with errgroup's and
// conc's pool, with and without [Group.SetLimit]; BenchmarkSendRecv
// compares [Send] and [Recv] with the hand-written select on ctx.Done():
//
//	go test -run '^$' -bench 'GoWait|SendRecv' -count=10 ./goroutine/ > goroutine.txt
//	go run golang.org/x/perf/cmd/benchstat@latest -col /impl goroutine.txt
//
// A Group costs about what an errgroup.Group costs and makes as many
// allocations: the go statement's closure per task. Send and Recv cost about
// what the select costs and allocate nothing. BenchmarkLeak reports, as
// goroutines-left/op, that a worker ranging over a channel nobody closes
// and a sender whose receiver timed out leave a goroutine behind for every
// request when written naively, and none with this package.
// BenchmarkLeakCheck compares a test's [CheckLeaks] with goleak's check.
package goroutine
