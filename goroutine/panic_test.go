package goroutine_test

import (
	"context"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/safeprim/safeprim/goroutine"
)

//go:noinline
func panicsWith(v any) error { panic(v) }

func TestPanicAndGoexit(t *testing.T) {
	tests := []struct {
		name      string
		task      func() error
		wantValue any   // for a *PanicError
		wantIs    error // errors.Is(Wait(), wantIs)
	}{
		{"panic/string", func() error { return panicsWith("boom") }, "boom", nil},
		{"panic/error", func() error { return panicsWith(io.ErrUnexpectedEOF) }, io.ErrUnexpectedEOF, io.ErrUnexpectedEOF},
		{"panic/nil", func() error { return panicsWith(nil) }, nil, nil},
		{"goexit", func() error { runtime.Goexit(); return nil }, nil, goroutine.ErrGoexit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, ctx := goroutine.WithContext(context.Background())
			var siblingCause error
			g.Go(func() error {
				<-ctx.Done() // stops only because the failing task cancels
				siblingCause = context.Cause(ctx)
				return nil
			})
			g.Go(tt.task)
			err := g.Wait()
			if err == nil {
				t.Fatal("Wait = nil, want the task's failure")
			}
			if siblingCause != err {
				t.Errorf("sibling saw context.Cause = %v, want Wait's error %v", siblingCause, err)
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("errors.Is(%v, %v) = false, want true", err, tt.wantIs)
			}
			if tt.name == "goexit" {
				return
			}
			var pe *goroutine.PanicError
			if !errors.As(err, &pe) {
				t.Fatalf("Wait = %T %v, want a *PanicError", err, err)
			}
			switch {
			case tt.wantValue == nil:
				var pn *runtime.PanicNilError
				if e, ok := pe.Value.(error); !ok || !errors.As(e, &pn) {
					t.Errorf("Value = %#v, want a *runtime.PanicNilError", pe.Value)
				}
			case pe.Value != tt.wantValue:
				t.Errorf("Value = %#v, want %#v", pe.Value, tt.wantValue)
			}
			// The stack is the panicking goroutine's, taken before unwinding.
			if !strings.Contains(string(pe.Stack), "panicsWith") {
				t.Errorf("Stack does not name the panicking function:\n%s", pe.Stack)
			}
			if msg := pe.Error(); !strings.Contains(msg, "panicsWith") || !strings.HasPrefix(msg, "goroutine: task panicked: ") {
				t.Errorf("Error() = %q, want the value and the stack", msg)
			}
		})
	}
}

func TestPanicErrorUnwrap(t *testing.T) {
	tests := []struct {
		value any
		want  error
	}{
		{io.EOF, io.EOF},
		{"text", nil},
		{42, nil},
	}
	for _, tt := range tests {
		pe := &goroutine.PanicError{Value: tt.value}
		if got := pe.Unwrap(); got != tt.want {
			t.Errorf("PanicError{Value: %#v}.Unwrap() = %v, want %v", tt.value, got, tt.want)
		}
	}
}

// TestFirstFailureWins checks that a later panic does not replace an earlier
// error, and the reverse.
func TestFirstFailureWins(t *testing.T) {
	for _, panicFirst := range []bool{false, true} {
		var g goroutine.Group
		g.SetLimit(1)
		fail := func() error { return errA }
		boom := func() error { return panicsWith("boom") }
		if panicFirst {
			fail, boom = boom, fail
		}
		g.Go(fail)
		g.Go(boom)
		err := g.Wait()
		var pe *goroutine.PanicError
		if got := errors.As(err, &pe); got != panicFirst {
			t.Errorf("panicFirst=%v: Wait = %v, want the first failure", panicFirst, err)
		}
	}
}

// TestPanicDoesNotCrashZeroGroup shows the difference with errgroup, where
// the same task would end the process.
func TestPanicDoesNotCrashZeroGroup(t *testing.T) {
	var g goroutine.Group
	g.Go(func() error { return panicsWith("boom") })
	var pe *goroutine.PanicError
	if err := g.Wait(); !errors.As(err, &pe) {
		t.Errorf("Wait = %v, want a *PanicError", err)
	}
}
