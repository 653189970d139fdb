package goroutine

import (
	"context"
	"fmt"
	"runtime/debug"
	"runtime/pprof"
	"sync"
)

// Group is a collection of goroutines working on subtasks of one task. It is
// a drop-in for [golang.org/x/sync/errgroup.Group]: the same methods with the
// same documented semantics, plus recovered panics, a reported
// [runtime.Goexit], optional names ([Group.SetName]) and the running counts
// of [Running].
//
// A zero Group is valid, has no limit on the number of active goroutines and
// does not cancel on error. A Group is safe for concurrent use by the
// goroutines it runs and by its owner, except that [Group.SetLimit] and
// [Group.SetName] must not race with [Group.Go]. A Group must not be copied
// after first use, and should not be reused for different tasks.
//
// A Group keeps each function passed to [Group.Go] alive until that function
// returns, and the first error until the Group itself is unreachable. The
// caller's duty is to call [Group.Wait]: it is the only way to know that the
// goroutines have returned. [Scope] does it for you, also on early return and
// panic.
//
// # Panics and Goexit
//
// errgroup lets a task's panic crash the process. It once propagated panics
// to Wait and reverted that (go.dev/issue/53757; see also 74275, 74304 and
// 74306): a panic re-raised in Wait is delayed behind every sibling, its
// stack becomes a mere value, and if the panic leaves the program unable to
// reach Wait the panic is never seen at all.
//
// Group recovers a task's panic at once, in the task's own goroutine, into a
// [*PanicError] that carries the value and the stack of the panicking
// goroutine (so nothing is lost); it cancels the Group's context immediately,
// so siblings stop and the failure is not delayed behind them; and [Group.Wait]
// returns it, the first failure winning as for errors. A task that calls
// [runtime.Goexit] (as t.FailNow does), which errgroup counts as success, is
// reported as [ErrGoexit] the same way.
//
// One of errgroup's concerns remains in a milder form: a recovered panic is
// reported when Wait is called, so a program that hangs before it hides the
// panic. Canceling the context at once lets siblings, and a spawner that
// selects on ctx.Done(), see the failure; [Running] and [VerifyNone] show
// the goroutines still running. A caller that prefers the crash re-panics:
//
//	var pe *goroutine.PanicError
//	if err := g.Wait(); errors.As(err, &pe) {
//		panic(pe) // the message carries the original stack
//	}
type Group struct {
	// Group reimplements errgroup's few lines instead of wrapping an
	// errgroup.Group: errgroup.Go takes a func() error, so recovering a panic
	// around f would need a new closure per task, a second allocation beside
	// the one the go statement makes. Here the recover sits in run, the body
	// of the goroutine itself, and Go costs what errgroup's does.

	cancel func(error) // nil for a zero Group

	wg sync.WaitGroup

	sem chan token // nil when there is no limit

	errOnce sync.Once
	err     error

	name *groupName // nil when unnamed
}

type token struct{}

// WithContext returns a new Group and an associated Context derived from ctx.
//
// The derived Context is canceled the first time a function passed to
// [Group.Go] returns a non-nil error, panics or calls [runtime.Goexit], or the
// first time [Group.Wait] returns, whichever occurs first. [context.Cause]
// of the derived Context is that error, or [context.Canceled] when Wait
// returns nil.
//
// WithContext panics if ctx is nil.
func WithContext(ctx context.Context) (*Group, context.Context) {
	if ctx == nil {
		panic("goroutine: WithContext: nil context; pass context.Background() or the caller's context")
	}
	ctx, cancel := context.WithCancelCause(ctx)
	return &Group{cancel: cancel}, ctx
}

// Go calls f in a new goroutine.
//
// The first call to Go must happen before a [Group.Wait]. Go blocks until
// the new goroutine can be added without the number of active goroutines in
// the Group exceeding the limit set by [Group.SetLimit].
//
// The first function that returns a non-nil error, panics or calls
// [runtime.Goexit] cancels the Group's context, if any, and its error is
// returned by Wait. Go may still be called after Wait has returned, as with
// errgroup, but the context of a Group made by [WithContext] is then already
// canceled.
//
// Go panics if f is nil.
func (g *Group) Go(f func() error) {
	if f == nil {
		panic("goroutine: Go: nil function; pass a func() error")
	}
	if g.sem != nil {
		g.sem <- token{}
	}
	g.start()
	go g.run(f)
}

// TryGo calls f in a new goroutine only if the number of active goroutines
// in the Group is below the limit set by [Group.SetLimit]. It never blocks.
//
// The return value reports whether the goroutine was started.
//
// TryGo panics if f is nil.
func (g *Group) TryGo(f func() error) bool {
	if f == nil {
		panic("goroutine: TryGo: nil function; pass a func() error")
	}
	if g.sem != nil {
		select {
		case g.sem <- token{}:
			// As in errgroup, this allows barging if and only if channels
			// in general allow barging.
		default:
			return false
		}
	}
	g.start()
	go g.run(f)
	return true
}

// SetLimit limits the number of active goroutines in the Group to at most n.
// A negative value indicates no limit. A limit of zero prevents any new
// goroutine from being added: [Group.Go] then blocks forever.
//
// Any subsequent call to [Group.Go] blocks until it can add an active
// goroutine without exceeding the limit.
//
// SetLimit panics if goroutines of a limited Group are still active, as
// errgroup's does: set the limit before the first Go or after Wait.
func (g *Group) SetLimit(n int) {
	if n < 0 {
		g.sem = nil
		return
	}
	if active := len(g.sem); active != 0 {
		panic(fmt.Errorf("goroutine: SetLimit: modify limit while %v goroutines in the group are still active; set it before Go or after Wait", active))
	}
	g.sem = make(chan token, n)
}

// Wait blocks until all function calls from [Group.Go] and [Group.TryGo]
// have returned, then returns the first failure from them: a returned error,
// a [*PanicError] or [ErrGoexit]. It cancels the Group's context, if any,
// with that failure as its cause.
func (g *Group) Wait() error {
	g.wg.Wait()
	if g.cancel != nil {
		g.cancel(g.err)
	}
	return g.err
}

// start accounts for a goroutine about to be started.
func (g *Group) start() {
	g.wg.Add(1)
	running.add(g, 1)
	if n := g.name; n != nil {
		n.running.Add(1)
	}
}

// run is the body of every goroutine of the Group. It takes f as an argument
// so that the go statement's single closure is the only allocation per task.
func (g *Group) run(f func() error) {
	n := g.name
	if n != nil {
		pprof.SetGoroutineLabels(n.labels)
	}
	returned := false
	defer func() {
		if !returned {
			// recover returns nil only for runtime.Goexit: since Go 1.21
			// panic(nil) panics with a *runtime.PanicNilError.
			if v := recover(); v != nil {
				g.fail(&PanicError{Value: v, Stack: debug.Stack()})
			} else {
				g.fail(ErrGoexit)
			}
		}
		if g.sem != nil {
			<-g.sem
		}
		if n != nil {
			n.running.Add(-1)
		}
		running.add(g, -1)
		g.wg.Done()
	}()
	err := f()
	returned = true
	if err != nil {
		g.fail(err)
	}
}

// fail records err if it is the Group's first failure and cancels the
// Group's context with it.
func (g *Group) fail(err error) {
	g.errOnce.Do(func() {
		g.err = err
		if g.cancel != nil {
			g.cancel(err)
		}
	})
}
