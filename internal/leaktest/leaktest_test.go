package leaktest_test

import (
	"runtime"
	"testing"

	"go.uber.org/goleak"

	"github.com/safeprim/safeprim/internal/leaktest"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

type big [1 << 20]byte

var sink *big

func TestWatch(t *testing.T) {
	t.Run("collected", func(t *testing.T) {
		collected := leaktest.Watch(new(big))
		if !collected() {
			t.Fatal("unreferenced object not collected")
		}
	})
	t.Run("reachable", func(t *testing.T) {
		sink = new(big)
		defer func() { sink = nil }()
		collected := leaktest.Watch(sink)
		if collected() {
			t.Fatal("object held by a global reported collected")
		}
	})
}

func TestRetained(t *testing.T) {
	const size = 8 << 20
	var keep []byte
	got := leaktest.Retained(func() { keep = make([]byte, size) })
	if got < size*9/10 {
		t.Errorf("Retained = %d with %d bytes kept, want at least %d", got, size, size*9/10)
	}
	runtime.KeepAlive(keep)

	got = leaktest.Retained(func() { _ = make([]byte, size) })
	if got > size/10 {
		t.Errorf("Retained = %d with nothing kept, want under %d", got, size/10)
	}
}

func TestLiveAfterGC(t *testing.T) {
	const size = 8 << 20
	before := leaktest.LiveAfterGC()
	keep := make([]byte, size)
	after := leaktest.LiveAfterGC()
	if after < before+size*9/10 {
		t.Errorf("LiveAfterGC = %d after keeping %d bytes, want at least %d (before %d)", after, size, before+size*9/10, before)
	}
	runtime.KeepAlive(keep)
}

func TestWatchUnderLoad(t *testing.T) {
	sink = new(big)
	calls := 0
	collected := leaktest.WatchUnderLoad(sink, func() {
		calls++
		if calls == 3 {
			sink = nil // the work lets go of the object on its third run
		}
	})
	if !collected() {
		t.Fatal("object released by the work not collected")
	}
	if calls < 3 {
		t.Errorf("work ran %d times, want at least 3: once before each collection until the object went", calls)
	}
}
