package ctxdata

import (
	"context"
	"sync/atomic"
)

// Bind stores v under k for one unit of work. After release is called,
// k.Value on the returned context (or any context derived from it) reports
// ok == false, and the context no longer references v, so a goroutine that
// kept the context cannot keep v alive. release is idempotent and safe to call
// from any goroutine.
//
// A released binding still shadows values bound to k further up the chain:
// the unit of work it belonged to has ended, and its context should not
// quietly fall back to an outer value.
//
// Bind does not clean up v; [Middleware] can, with [WithCleanup]. The caller
// must call release, usually with defer, when the work ends. Until then the
// returned context keeps v alive, like [context.WithValue].
//
// Bind makes four allocations where context.WithValue makes one: the context
// node, the cell it stores, a copy of v that release unlinks from the cell,
// and release itself (BenchmarkBind). [Middleware] binds without the last.
//
// Bind panics if ctx or k is nil.
func Bind[T any](ctx context.Context, k *Key[T], v T) (context.Context, func()) {
	if ctx == nil {
		panic("ctxdata: Bind: nil parent context; pass context.Background() or a request's context")
	}
	if k == nil {
		panic("ctxdata: Bind: nil key; make keys with NewKey")
	}
	c := newCell(v)
	return context.WithValue(ctx, k, c), c.release
}

// cell is what [Bind] stores in a context. It holds v in a small heap box of
// its own, so that release can drop the context's reference to v atomically
// while other goroutines read it: clearing a T stored in place would race with
// them.
//
// A cell is stored with [context.WithValue] rather than in a Context type of
// this package, so that lookups stay in the context package's loop over its
// own types; a foreign Context type in the chain makes every lookup that
// reaches it markedly slower.
type cell[T any] struct {
	p atomic.Pointer[T]
}

func newCell[T any](v T) *cell[T] {
	c := new(cell[T])
	c.p.Store(&v)
	return c
}

// release drops c's reference to its value.
func (c *cell[T]) release() { c.p.Store(nil) }

// String describes the binding's state without its value, for
// fmt.Sprint(ctx): values bound to requests can carry secrets.
func (c *cell[T]) String() string {
	if c.p.Load() == nil {
		return "released"
	}
	return "bound"
}
