package goroutine

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

var (
	// errFirstNone is First's error when it is given no functions.
	errFirstNone = errors.New("goroutine: First: no functions to run")
	// errFirstWon is the cause that First's losers see.
	errFirstWon = errors.New("goroutine: First: another function succeeded")
)

// First runs every fn in its own goroutine, returns the result of the first
// one that succeeds (returns a nil error), cancels the context of the others,
// and returns only after all of them have returned.
//
// If none succeeds, First returns the zero T and the errors of all of them,
// in the order of fns, joined with [errors.Join]. If a fn panics or calls
// [runtime.Goexit], First cancels the others and returns the [*PanicError]
// or [ErrGoexit], even if another fn succeeded: a panic is a bug and is never
// dropped. With no fns, First returns an error at once.
//
// First replaces the hand-written race that leaks the losers:
//
//	ch := make(chan T)
//	for _, fn := range fns {
//		go func() { v, _ := fn(ctx); ch <- v }() // all but one block here forever
//	}
//	return <-ch, nil
//
// Each fn must return soon after its ctx is canceled; First waits for it.
//
// First panics if ctx or any fn is nil.
func First[T any](ctx context.Context, fns ...func(ctx context.Context) (T, error)) (T, error) {
	if ctx == nil {
		panic("goroutine: First: nil context; pass context.Background() or the caller's context")
	}
	for i, fn := range fns {
		if fn == nil {
			panic(fmt.Sprintf("goroutine: First: nil function at index %d; pass only non-nil functions", i))
		}
	}
	var zero T
	if len(fns) == 0 {
		return zero, errFirstNone
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var (
		g      = Group{cancel: cancel} // only panics and Goexit fail the Group
		once   sync.Once
		won    bool
		result T
		errs   = make([]error, len(fns))
	)
	for i, fn := range fns {
		g.Go(func() error {
			v, err := fn(ctx)
			if err != nil {
				errs[i] = err
				return nil
			}
			once.Do(func() {
				won, result = true, v
				cancel(errFirstWon)
			})
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return zero, err
	}
	if won {
		return result, nil
	}
	return zero, errors.Join(errs...)
}
