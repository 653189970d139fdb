package goroutine

import (
	"errors"
	"fmt"
)

// PanicError is what a task's panic becomes: the value passed to panic and
// the stack of the panicking goroutine, taken with [runtime/debug.Stack] when
// the panic was recovered, before any frame was unwound.
//
// A PanicError is returned by [Group.Wait], [Scope] and [First] as a
// *PanicError; use [errors.As] to get it back.
type PanicError struct {
	Value any
	Stack []byte
}

// Error returns the panic value and the stack of the panicking goroutine.
func (p *PanicError) Error() string {
	return fmt.Sprintf("goroutine: task panicked: %v\n\n%s", p.Value, p.Stack)
}

// Unwrap returns the panic value when it is an error, and nil otherwise, so
// that [errors.Is] and [errors.As] see through a panic(err).
func (p *PanicError) Unwrap() error {
	err, _ := p.Value.(error)
	return err
}

// ErrGoexit is the failure reported for a task that called
// [runtime.Goexit], directly or through testing.T.FailNow, Fatal or SkipNow,
// instead of returning. errgroup counts such a task as a success.
var ErrGoexit = errors.New("goroutine: task called runtime.Goexit instead of returning")
