package cputime_test

import (
	"runtime"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/safeprim/safeprim/internal/cputime"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// TestProcessGrows checks that CPU time spent computing shows up in Process.
func TestProcessGrows(t *testing.T) {
	start, ok := cputime.Process()
	if ok != reported {
		t.Fatalf("Process() ok = %v on %s, want %v", ok, runtime.GOOS, reported)
	}
	if !ok {
		return
	}
	const want = 20 * time.Millisecond
	got := spinUntil(start + want)
	if got < start+want {
		t.Errorf("Process() = %v after spinning, want at least %v (start %v)", got, start+want, start)
	}
}

// spinUntil computes until Process reports at least target, or a bounded
// amount of work is done, and returns the last reading.
func spinUntil(target time.Duration) time.Duration {
	x := uint64(1)
	var now time.Duration
	for range 1 << 16 {
		for range 1 << 14 {
			x = x*6364136223846793005 + 1442695040888963407
		}
		if now, _ = cputime.Process(); now >= target {
			break
		}
	}
	sink = x
	return now
}

var sink uint64
