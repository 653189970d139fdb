package panictest_test

import (
	"errors"
	"runtime"
	"testing"

	"go.uber.org/goleak"

	"github.com/safeprim/safeprim/internal/panictest"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func TestValue(t *testing.T) {
	errBoom := errors.New("boom")
	tests := []struct {
		name     string
		f        func()
		want     any
		panicked bool
	}{
		{"returns", func() {}, nil, false},
		{"string", func() { panic("pkg: F: bad") }, "pkg: F: bad", true},
		{"error", func() { panic(errBoom) }, errBoom, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, panicked := panictest.Value(tt.f)
			if got != tt.want || panicked != tt.panicked {
				t.Errorf("Value = %v, %v; want %v, %v", got, panicked, tt.want, tt.panicked)
			}
		})
	}
	v, panicked := panictest.Value(func() { panic(nil) })
	if _, ok := v.(*runtime.PanicNilError); !ok || !panicked {
		t.Errorf("Value of panic(nil) = %T, %v; want *runtime.PanicNilError, true", v, panicked)
	}
}

func TestMessage(t *testing.T) {
	if msg, panicked := panictest.Message(func() { panic(errors.New("pkg: F: bad")) }); msg != "pkg: F: bad" || !panicked {
		t.Errorf("Message = %q, %v; want %q, true", msg, panicked, "pkg: F: bad")
	}
	if msg, panicked := panictest.Message(func() {}); msg != "" || panicked {
		t.Errorf("Message of a returning func = %q, %v; want \"\", false", msg, panicked)
	}
}

// recorder is a testing.TB that records whether it was failed.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Helper()               {}
func (r *recorder) Errorf(string, ...any) { r.failed = true }

func TestWant(t *testing.T) {
	tests := []struct {
		name       string
		f          func()
		wantFailed bool
	}{
		{"prefix", func() { panic("pkg: F: bad value 3") }, false},
		{"other message", func() { panic("other") }, true},
		{"no panic", func() {}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &recorder{TB: t}
			panictest.Want(r, "pkg: F: bad", tt.f)
			if r.failed != tt.wantFailed {
				t.Errorf("Want failed the test: %v, want %v", r.failed, tt.wantFailed)
			}
		})
	}
}
