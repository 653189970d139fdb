package safemap

import (
	"fmt"
	"reflect"
)

// CompareAndSwap swaps the old and new values for key if the value stored in
// the map is equal to old, and reports whether it did. If the key is
// missing, CompareAndSwap returns false and stores nothing.
//
// Values are compared with ==. CompareAndSwap panics if V is not a comparable
// type (a slice, map or func, or a struct or array holding one), even for a
// missing key, as sync.Map's typed core does for such a type. If V is an
// interface type, it panics as sync.Map's does, with the runtime's error,
// when the stored value and old have the same dynamic type and that type is
// not comparable. Use [Map.Compute] to compare such values yourself.
//
// A mismatch is found without locking; only a likely swap locks the key's
// bucket.
func (m *Map[K, V]) CompareAndSwap(key K, old, new V) (swapped bool) {
	mustBeComparable[V]("CompareAndSwap")
	x := m.load()
	if x == nil {
		checkKey(key)
		return false
	}
	// Linearizable: if the value read here differs, the call takes effect
	// at this read.
	if cur, ok := x.Load(key); !ok || any(cur) != any(old) {
		return false
	}
	compute(x, key, func(cur V, loaded bool) (V, ComputeOp) {
		// The value may have changed since the Load, to one whose
		// comparison with old panics: compute unlocks the bucket first.
		if loaded && any(cur) == any(old) {
			swapped = true
			return new, UpdateOp
		}
		return cur, CancelOp
	})
	return swapped
}

// CompareAndDelete deletes the entry for key if its value is equal to old,
// and reports whether it did. If there is no current value for key in the
// map, CompareAndDelete returns false (even if old is the zero value).
//
// Values are compared with ==, and CompareAndDelete panics when
// [Map.CompareAndSwap] would. (sync.Map's CompareAndDelete panics in the same
// cases but, as of Go 1.26, leaves part of its trie locked when it does; Map
// does not.)
func (m *Map[K, V]) CompareAndDelete(key K, old V) (deleted bool) {
	mustBeComparable[V]("CompareAndDelete")
	x := m.load()
	if x == nil {
		checkKey(key)
		return false
	}
	if cur, ok := x.Load(key); !ok || any(cur) != any(old) {
		return false
	}
	compute(x, key, func(cur V, loaded bool) (V, ComputeOp) {
		if loaded && any(cur) == any(old) {
			deleted = true
			return cur, DeleteOp
		}
		return cur, CancelOp
	})
	return deleted
}

// mustBeComparable panics if V's values cannot be compared with ==.
func mustBeComparable[V any](method string) {
	if t := reflect.TypeFor[V](); !t.Comparable() {
		panic(fmt.Sprintf("safemap: %s: value type %v is not comparable; use Compute to compare values of this type", method, t))
	}
}
