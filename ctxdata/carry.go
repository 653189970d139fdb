package ctxdata

import "context"

// Carry returns dst with the value k has in src bound to it by [Key.With],
// and reports whether src had a value. If it had none, or its value was
// released, Carry returns dst unchanged and false.
//
// Carry is for work that must outlive a request, such as an audit write
// started in a goroutine: build its context from [context.Background] (or
// another long-lived context) and carry over only the values it needs. The
// copy is never released, so it stays reachable while the work runs, and the
// request's context with everything else in it can be collected.
//
//	bg, _ := userKey.Carry(context.Background(), r.Context())
//	go audit(bg, event)
//
// [context.WithoutCancel] does not serve here: it keeps every value of the
// request's context reachable, and values bound by [Bind] or [Middleware] read
// as released through it once the handler returns.
//
// When the work takes plain arguments, copying the value out before starting
// it is simpler still: u := userKey.Must(r.Context()); go audit(u, event).
//
// Carry panics if dst or src is nil.
func (k *Key[T]) Carry(dst, src context.Context) (context.Context, bool) {
	if dst == nil || src == nil {
		panicNilContext("Key.Carry")
	}
	v, ok := k.Value(src)
	if !ok {
		return dst, false
	}
	return k.With(dst, v), true
}
