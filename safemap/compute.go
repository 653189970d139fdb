package safemap

import (
	"fmt"

	"github.com/puzpuzpuz/xsync/v3"
)

// ComputeOp tells [Map.Compute] what to do with the entry once its callback
// returns. The names are those of xsync v4, which replaced v3's naked bool
// with this enum.
type ComputeOp uint8

const (
	// CancelOp leaves the entry as it was: a missing key stays missing and a
	// present key keeps its value; the value returned with it is ignored.
	// It is the zero ComputeOp.
	CancelOp ComputeOp = iota
	// UpdateOp stores the value returned with it, creating the entry if
	// needed.
	UpdateOp
	// DeleteOp deletes the entry if it is present.
	DeleteOp
)

// String returns the constant's name.
func (op ComputeOp) String() string {
	switch op {
	case CancelOp:
		return "CancelOp"
	case UpdateOp:
		return "UpdateOp"
	case DeleteOp:
		return "DeleteOp"
	}
	return fmt.Sprintf("ComputeOp(%d)", uint8(op))
}

// Compute calls fn with the key's current value (the zero value and loaded
// false if the key is missing) and then updates, deletes or leaves the entry
// as the returned [ComputeOp] says, atomically: no other write to the key
// happens between the call to fn and the update. It returns the value the
// key holds afterwards and whether it is present: after [DeleteOp], the
// zero value and false. (xsync v3's MapOf.Compute returns the deleted value
// there, with false: code migrating from it that reads the deleted value
// must take it from fn's old argument instead.)
//
// fn is called exactly once, with the key's bucket locked: writes to the
// other keys of that bucket (up to four, plus overflow) and table resizes
// wait for it, so keep fn short.
//
// fn must not write to the same Map. It may call [Map.Load] and [Map.Len],
// which take no lock, but any method that writes (Store, Swap, Delete,
// LoadOrStore of a missing key, CompareAndSwap, Compute, ...) or Range, on
// the same Map, can wait for the lock that fn's own call holds, and the
// goroutine then deadlocks, silently unless every goroutine of the program
// is blocked (whether it does depends on the bucket the other key hashes to,
// so tests may pass by luck). This is not detected: telling that the caller
// is already inside a callback would cost every write a check.
//
// With [CancelOp], or [DeleteOp] on a missing key, a missing key costs no
// allocation; a present key kept by CancelOp is stored again with its value
// unchanged (xsync v3 has no way to release the bucket untouched), which costs
// one small allocation, as does [UpdateOp].
//
// If fn panics, Compute leaves the entry as it was, unlocks the bucket and
// then panics with the same value (from its own frame: the stack trace shows
// Compute, not fn). fn must not call runtime.Goexit (which
// testing.T.FailNow does): that cannot be intercepted, and the bucket
// would stay locked for ever. Compute also panics, after leaving the entry as
// it was, if fn returns an op other than the three constants, and at once if
// fn is nil.
func (m *Map[K, V]) Compute(key K, fn func(old V, loaded bool) (V, ComputeOp)) (actual V, ok bool) {
	if fn == nil {
		panic("safemap: Compute: nil fn; pass a func that returns the new value and a ComputeOp")
	}
	return compute(m.init(), key, fn)
}

// compute is [Map.Compute] on the table x.
func compute[K comparable, V any](x *xsync.MapOf[K, V], key K, fn func(old V, loaded bool) (V, ComputeOp)) (actual V, ok bool) {
	var (
		op       ComputeOp
		panicked bool
		pv       any
	)
	actual, ok = x.Compute(key, func(old V, loaded bool) (newV V, del bool) {
		// Runs with the bucket locked: xsync unlocks only when this returns,
		// so a panic must not escape (xsync issue #208).
		done := false
		defer func() {
			if !done {
				pv, panicked = recover(), true
				newV, del = old, !loaded
			}
		}()
		newV, op = fn(old, loaded)
		done = true
		switch op {
		case UpdateOp:
			return newV, false
		case DeleteOp:
			return old, true
		case CancelOp:
			// Keep: re-store a present key, do not insert a missing one.
			return old, !loaded
		}
		panicked = true
		pv = fmt.Sprintf("safemap: Compute: fn returned unknown op %d; return CancelOp, UpdateOp or DeleteOp", uint8(op))
		return old, !loaded
	})
	if panicked {
		panic(pv)
	}
	if !ok {
		// xsync returns the deleted value; Compute reports the state after.
		var zero V
		actual = zero
	}
	return actual, ok
}

// LoadOrCompute returns the existing value for the key if present. Otherwise
// it calls valueFn, stores the result and returns it. The loaded result is
// true if the value was loaded, false if computed and stored.
//
// A present key is read without locking. For a missing key valueFn runs with
// the key's bucket locked, so concurrent LoadOrCompute calls for one key call
// valueFn once between them and the others return its result; the
// restrictions of [Map.Compute] apply to valueFn (do not write to the same
// Map from it, do not call runtime.Goexit). If valueFn panics, nothing is
// stored and LoadOrCompute panics with the same value once the bucket is
// unlocked. LoadOrCompute panics at once if valueFn is nil.
func (m *Map[K, V]) LoadOrCompute(key K, valueFn func() V) (actual V, loaded bool) {
	if valueFn == nil {
		panic("safemap: LoadOrCompute: nil valueFn; pass a func that returns the value to store")
	}
	var (
		panicked bool
		pv       any
	)
	actual, loaded = m.init().LoadOrTryCompute(key, func() (v V, cancel bool) {
		done := false
		defer func() {
			if !done {
				pv, panicked = recover(), true
				cancel = true
			}
		}()
		v = valueFn()
		done = true
		return v, false
	})
	if panicked {
		panic(pv)
	}
	return actual, loaded
}
