// Package panictest captures what a function panics with, for the tests of
// safeprim's packages.
package panictest

import (
	"fmt"
	"strings"
	"testing"
)

// Value calls f and returns the value it panicked with and true, or nil and
// false if f returned. A panic(nil) is reported as the runtime reports it,
// a *runtime.PanicNilError.
func Value(f func()) (v any, panicked bool) {
	defer func() {
		if panicked {
			v = recover()
		}
	}()
	panicked = true
	f()
	return nil, false
}

// Message is [Value] with the value formatted by fmt.Sprint: the message of
// a string or an error. It returns "" and false if f returned.
func Message(f func()) (msg string, panicked bool) {
	v, panicked := Value(f)
	if !panicked {
		return "", false
	}
	return fmt.Sprint(v), true
}

// Want calls f and fails tb unless f panics with a message that starts with
// prefix.
func Want(tb testing.TB, prefix string, f func()) {
	tb.Helper()
	msg, panicked := Message(f)
	switch {
	case !panicked:
		tb.Errorf("no panic, want one starting with %q", prefix)
	case !strings.HasPrefix(msg, prefix):
		tb.Errorf("panic %q, want one starting with %q", msg, prefix)
	}
}
