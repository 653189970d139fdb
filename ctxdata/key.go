package ctxdata

import (
	"context"
	"errors"
	"reflect"
	"strconv"
	"sync/atomic"
)

// Errors reported by [Key.Lookup].
var (
	// ErrNoValue reports that a context holds no value for a key.
	ErrNoValue = errors.New("ctxdata: no value in context")
	// ErrReleased reports that a context's value for a key was bound by
	// [Bind] or [Middleware] and has been released: its request has ended.
	ErrReleased = errors.New("ctxdata: value released: its request has ended")
)

// releasedReads counts reads of released values across all keys.
var releasedReads atomic.Uint64

// ReleasedReads returns how many times, since the program started, a key's
// value was read from a context after it had been released: calls of
// [Key.Value], [Key.Lookup], [Key.Must] and [Key.Carry] that found a released
// binding. A count that grows means some goroutine outlives its request while
// still reading request data from the request's context; publish it (with
// expvar or your metrics library) to see it in production.
// [ReleasedReadsByKey] splits it by key name.
//
// The count is monotonic. It costs one atomic add per released read and
// nothing on other reads.
func ReleasedReads() uint64 { return releasedReads.Load() }

// Key identifies a value of type T in a context. Keys compare by identity;
// make them once, as package-level variables. The name is for messages only:
// two keys with the same type and name are still distinct keys.
//
// The zero Key is ready to use as an unnamed key (take its address).
// A Key is safe for concurrent use by multiple goroutines. A Key must not be
// copied after first use: a copy is a different key.
//
// A Key keeps nothing alive; values live in the contexts they are bound to.
// Read them with the Key's methods: ctx.Value(k) returns the package's own
// wrapper, not the value.
type Key[T any] struct {
	name     string
	released atomic.Uint64
}

// NewKey returns a new key for values of type T. The name appears in
// [Key.String] and in panic messages, and names the key's count in
// [ReleasedReadsByKey]; it may be empty, in which case messages name the key
// by its type only and ReleasedReadsByKey leaves it out.
func NewKey[T any](name string) *Key[T] {
	k := &Key[T]{name: name}
	if name != "" {
		listKey(k)
	}
	return k
}

// With returns a copy of ctx that carries v under k, like
// [context.WithValue]. The value is never released: it stays reachable as long
// as the returned context is. Use [Bind] or [Middleware] for request data.
//
// With panics if ctx or k is nil.
func (k *Key[T]) With(ctx context.Context, v T) context.Context {
	if ctx == nil {
		panic("ctxdata: Key.With: nil parent context; pass context.Background() or a request's context")
	}
	if k == nil {
		panic("ctxdata: Key.With: nil key; make keys with NewKey")
	}
	return context.WithValue(ctx, k, boxed[T]{v})
}

// Value returns the value bound to k in ctx and reports whether there is one.
// It reports ok == false if ctx holds no value for k, or if the nearest value
// for k was bound by [Bind] or [Middleware] and has since been released; in
// that case the read is counted (see [ReleasedReads]).
//
// Value costs what ctx.Value costs: a walk up the context chain, with no
// allocation. Value panics if ctx is nil.
func (k *Key[T]) Value(ctx context.Context) (v T, ok bool) {
	if ctx == nil {
		panicNilContext("Key.Value")
	}
	x := ctx.Value(k)
	if c, ok := x.(*cell[T]); ok {
		if p := c.p.Load(); p != nil {
			return *p, true
		}
	}
	return k.valueSlow(x)
}

// valueSlow is [Key.Value] for what ctx.Value(k) returned, for all but a
// live binding of [Bind], which Value reads itself so that it stays small.
func (k *Key[T]) valueSlow(x any) (v T, ok bool) {
	switch x := x.(type) {
	case *cell[T]:
		k.countReleased()
	case boxed[T]:
		return x.v, true
	}
	return v, false
}

// Lookup returns the value bound to k in ctx. If there is none, it returns
// an error that is [ErrReleased] if the nearest value for k has been released
// (and counts the read, see [ReleasedReads]) and [ErrNoValue] otherwise.
// Lookup panics if ctx is nil.
func (k *Key[T]) Lookup(ctx context.Context) (T, error) {
	if ctx == nil {
		panicNilContext("Key.Lookup")
	}
	switch x := ctx.Value(k).(type) {
	case *cell[T]:
		if p := x.p.Load(); p != nil {
			return *p, nil
		}
		k.countReleased()
		var zero T
		return zero, ErrReleased
	case boxed[T]:
		return x.v, nil
	}
	var zero T
	return zero, ErrNoValue
}

// Must returns the value bound to k in ctx. It panics if there is none, with
// a message that names the key and says whether the value was released:
//
//	ctxdata: no value for key "user" (*app.User) in context
//
// Use Must where a missing value is a programming error, such as a handler
// mounted without its middleware; use [Key.Value] where it is not. Must
// panics too if ctx is nil.
func (k *Key[T]) Must(ctx context.Context) T {
	if ctx == nil {
		panicNilContext("Key.Must")
	}
	v, err := k.Lookup(ctx)
	if err != nil {
		msg := "ctxdata: no value for key " + k.String() + " in context"
		if err == ErrReleased {
			msg += ": it was released when its request ended; copy what later work needs before the handler returns"
		}
		panic(msg)
	}
	return v
}

// ReleasedReads returns how many times a released value of k was read, the
// share of the package-wide [ReleasedReads] that falls on k. A nil key holds
// no values, so it reports 0.
func (k *Key[T]) ReleasedReads() uint64 {
	if k == nil {
		return 0
	}
	return k.released.Load()
}

// String returns the key's quoted name followed by its type in parentheses,
// for example `"user" (*app.User)`, or the type alone if the name is empty.
func (k *Key[T]) String() string {
	typ := "(" + typeName[T]() + ")"
	if k == nil || k.name == "" {
		return typ
	}
	return strconv.Quote(k.name) + " " + typ
}

func (k *Key[T]) countReleased() {
	k.released.Add(1)
	releasedReads.Add(1)
}

// panicNilContext panics for a nil context passed to the method named.
func panicNilContext(method string) {
	panic("ctxdata: " + method + ": nil context; pass a request's context or context.Background()")
}

func typeName[T any]() string { return reflect.TypeFor[T]().String() }

// boxed is what [Key.With] stores in a context. Wrapping v lets [Key.Value]
// tell a value bound by With from one bound by Bind, and a nil interface
// value from a missing one.
type boxed[T any] struct{ v T }

// String formats the value as [context.WithValue] does in a context's
// String: a Stringer's String, a string itself, and a placeholder for other
// values.
func (b boxed[T]) String() string {
	switch v := any(b.v).(type) {
	case interface{ String() string }:
		return v.String()
	case string:
		return v
	}
	return "<not Stringer>"
}
