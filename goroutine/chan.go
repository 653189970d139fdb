package goroutine

import (
	"context"
	"errors"
)

// ErrClosed is returned by [Recv] once its channel is closed and drained.
var ErrClosed = errors.New("goroutine: channel closed")

// Send sends v on ch, or gives up when ctx is done first and returns
// [context.Cause] of ctx. It returns nil once v has been sent.
//
// Send is the select with ctx.Done() that a sender whose receiver may have
// gone away needs: a bare ch <- v blocks its goroutine forever once nobody
// receives. If both are ready, Send picks one at random, as select does; a
// nil ch blocks until ctx is done. Sending on a closed channel panics, as it
// does without Send.
//
// Send panics if ctx is nil.
func Send[T any](ctx context.Context, ch chan<- T, v T) error {
	if ctx == nil {
		panic("goroutine: Send: nil context; pass context.Background() or the caller's context")
	}
	select {
	case ch <- v:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// Recv receives a value from ch. It returns [ErrClosed] once ch is closed
// and drained, and [context.Cause] of ctx if ctx is done first; the value is
// then the zero T.
//
// Recv is the select with ctx.Done() that replaces a for range over a
// channel that might never be closed:
//
//	for v := range jobs { // blocks forever if the producer forgets close(jobs)
//		handle(v)
//	}
//
//	for {
//		v, err := goroutine.Recv(ctx, jobs) // also returns when ctx is done
//		if err != nil {
//			return err // ErrClosed, or the cause of ctx
//		}
//		handle(v)
//	}
//
// If both are ready, Recv picks one at random, as select does; a nil ch
// blocks until ctx is done.
//
// Recv panics if ctx is nil.
func Recv[T any](ctx context.Context, ch <-chan T) (T, error) {
	if ctx == nil {
		panic("goroutine: Recv: nil context; pass context.Background() or the caller's context")
	}
	select {
	case v, ok := <-ch:
		if !ok {
			return v, ErrClosed
		}
		return v, nil
	case <-ctx.Done():
		var zero T
		return zero, context.Cause(ctx)
	}
}
