// Package vet is safeprim's suite of go/analysis analyzers. Each finds one
// pattern that leaks in a program's own code and names the safeprim
// primitive that replaces it:
//
//	poolreset   a sync.Pool object written to and Put back without a reset  (safepool.New)
//	poolsize    a growable buffer Put back with no capacity check           (safepool.BufferPool, SlicePool)
//	poolvalue   a value that is not a pointer Put into a sync.Pool          (safepool.SlicePool, Pool[[]T])
//	ctxkey      a context.WithValue key of a built-in or exported type      (ctxdata.NewKey)
//	ctxescape   a goroutine that outlives its http handler with the request (goroutine.Scope, Key.Carry)
//	chanrange   a goroutine ranging over a channel nothing closes           (close it, goroutine.Group)
//	sendleak    a goroutine's send that blocks once the receiver gave up    (a buffer of 1, goroutine.Send)
//	queueslice  a slice used as a queue with q = q[1:]                      (safeslice.Queue)
//	truncptr    s = s[:n] on a slice of pointers without clearing s[n:]     (safeslice.Truncate)
//	groupwait   a goroutine group with a return that skips Wait             (goroutine.Scope)
//	mapwrite    a map written in a goroutine while used elsewhere, unlocked (safemap.Map)
//
// The command github.com/safeprim/safeprim/vet/cmd/safeprimvet runs them
// all, alone or as go vet's -vettool, and applies their suggested fixes
// with -fix. Each analyzer's package doc shows the naive code, why it
// leaks and the fix. The analyzers favour precision: each leaves alone the
// similar-looking code that is correct (a reset in a helper, a deferred
// close, a buffered channel, a cap check in a helper, a deferred Wait), at
// the price of missing some leaks.
//
// The analyzers depend on golang.org/x/tools; the library packages of
// safeprim do not, and a test here keeps it so.
package vet

import (
	"golang.org/x/tools/go/analysis"

	"github.com/safeprim/safeprim/vet/chanrange"
	"github.com/safeprim/safeprim/vet/ctxescape"
	"github.com/safeprim/safeprim/vet/ctxkey"
	"github.com/safeprim/safeprim/vet/groupwait"
	"github.com/safeprim/safeprim/vet/mapwrite"
	"github.com/safeprim/safeprim/vet/poolreset"
	"github.com/safeprim/safeprim/vet/poolsize"
	"github.com/safeprim/safeprim/vet/poolvalue"
	"github.com/safeprim/safeprim/vet/queueslice"
	"github.com/safeprim/safeprim/vet/sendleak"
	"github.com/safeprim/safeprim/vet/truncptr"
)

// Analyzers returns the suite's analyzers, in the order of the package
// doc, in a new slice the caller may change: for example to add them to a
// multichecker of its own.
func Analyzers() []*analysis.Analyzer {
	return []*analysis.Analyzer{
		poolreset.Analyzer,
		poolsize.Analyzer,
		poolvalue.Analyzer,
		ctxkey.Analyzer,
		ctxescape.Analyzer,
		chanrange.Analyzer,
		sendleak.Analyzer,
		queueslice.Analyzer,
		truncptr.Analyzer,
		groupwait.Analyzer,
		mapwrite.Analyzer,
	}
}
