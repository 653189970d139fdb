package goroutine

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// TB is the part of [testing.TB] that [VerifyNone] and [CheckLeaks] use.
// *testing.T, *testing.B and *testing.F satisfy it, and so does a fake that
// records failures, to test a test helper.
type TB interface {
	Helper()
	Errorf(format string, args ...any)
	Cleanup(func())
}

// Retry schedule of VerifyNone and CheckLeaks, as goleak's: goroutines that
// are about to return get time to do so, doubling the pause up to
// settleMaxSleep, about half a second in all.
const (
	settleRetries  = 20
	settleMaxSleep = 100 * time.Millisecond
)

// settle calls done until it reports true or the retries run out, pausing
// between calls, and returns what done last reported.
func settle(done func() bool) bool {
	sleep := time.Microsecond
	for range settleRetries - 1 {
		if done() {
			return true
		}
		time.Sleep(sleep)
		sleep = min(2*sleep, settleMaxSleep)
	}
	return done()
}

// VerifyNone fails t when goroutines started through this package are still
// running, naming their Groups. Call it (or defer it) at the end of a test:
//
//	func TestHandler(t *testing.T) {
//		defer goroutine.VerifyNone(t)
//		...
//	}
//
// Goroutines that are just returning are given time: VerifyNone retries
// with a growing pause, as goleak does, for up to about half a second before
// it fails.
//
// VerifyNone sees only goroutines started by this package, through counters
// rather than stack parsing, so it is cheap and unaffected by goroutines of
// the runtime or of other libraries (use goleak for those).
//
// The counters are process-wide: VerifyNone counts the goroutines of every
// test in the binary, not only t's, so a test running in parallel with t
// that starts goroutines through this package makes it fail. Call it only
// in tests that neither call t.Parallel nor run under a parent test that
// does: Go runs those while every parallel test is paused. In parallel
// tests, use [CheckLeaks], which sees only the test's goroutines.
func VerifyNone(t TB) {
	t.Helper()
	if settle(func() bool { return Running() == 0 }) {
		return
	}
	if msg := leakReport(); msg != "" {
		t.Errorf("%s", msg)
	}
}

// leakReport describes the goroutines still running, or returns "" if there
// are none.
func leakReport() string {
	total := Running()
	if total == 0 {
		return ""
	}
	byName := RunningByName()
	var b strings.Builder
	fmt.Fprintf(&b, "goroutine: %d goroutines started through package goroutine are still running:", total)
	unnamed := total
	for _, name := range slices.Sorted(maps.Keys(byName)) {
		fmt.Fprintf(&b, " group %q: %d;", name, byName[name])
		unnamed -= byName[name]
	}
	if unnamed > 0 {
		fmt.Fprintf(&b, " unnamed groups: %d;", unnamed)
	}
	s := strings.TrimSuffix(b.String(), ";")
	return s + "; call Wait on every Group, or make the goroutines return (see Group.SetName to name them)"
}
