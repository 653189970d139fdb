package goroutine

import (
	"context"
	"errors"
)

// errScopePanicked is the cause of a Scope's context when fn panics or calls
// runtime.Goexit. The panic itself goes on up the caller's stack.
var errScopePanicked = errors.New("goroutine: Scope: function panicked or called runtime.Goexit")

// Scope runs fn with a Group bound to a context derived from ctx, and returns
// only after every goroutine started on it has returned, also when fn returns
// early or panics. It returns the first error from fn or from any goroutine.
//
// The context passed to fn is canceled, as for [WithContext], when a
// goroutine of the Group fails, when fn returns an error, and when Scope
// returns. It is not canceled when fn returns nil: the goroutines run to
// completion, and Scope waits for them.
//
// fn may call [Group.SetLimit] or [Group.SetName] on g before its first
// [Group.Go].
//
// When fn panics (or calls [runtime.Goexit]), Scope cancels the context,
// waits for the goroutines, and lets the panic go on, with its stack
// untouched, to the caller.
//
// Scope panics if ctx or fn is nil.
func Scope(ctx context.Context, fn func(ctx context.Context, g *Group) error) error {
	if ctx == nil {
		panic("goroutine: Scope: nil context; pass context.Background() or the caller's context")
	}
	if fn == nil {
		panic("goroutine: Scope: nil function; pass a func(context.Context, *goroutine.Group) error")
	}
	g, ctx := WithContext(ctx)
	returned := false
	defer func() {
		if !returned {
			// No recover: the panic keeps its stack and goes on after the
			// goroutines have been joined.
			g.cancel(errScopePanicked)
			g.wg.Wait()
		}
	}()
	err := fn(ctx, g)
	returned = true
	if err != nil {
		g.fail(err)
	}
	return g.Wait()
}
