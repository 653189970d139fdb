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
// missing key: sync.Map's typed core does the same. If V is an interface
// type, it panics as sync.Map does when the stored value and old have the
// same dynamic type and that type is not comparable. Use [Map.Compute] to
// compare such values yourself.
//
// A mismatch is found without locking; only a likely swap locks the key's
// bucket.
func (m *Map[K, V]) CompareAndSwap(key K, old, new V) (swapped bool) {
	mustBeComparable[V]("CompareAndSwap")
	x := m.load()
	if x == nil {
		return false
	}
	// Linearizable: if the value read here differs, the call takes effect
	// at this read.
	if cur, ok := x.Load(key); !ok || !equal("CompareAndSwap", cur, old) {
		return false
	}
	x.Compute(key, func(cur V, loaded bool) (V, bool) {
		// cur == old was already evaluated without panicking for a value of
		// old's dynamic types, so this comparison cannot panic.
		if !loaded {
			return cur, true // deleted meanwhile: do not insert
		}
		if !equal("CompareAndSwap", cur, old) {
			return cur, false // changed meanwhile: store it back as it is
		}
		swapped = true
		return new, false
	})
	return swapped
}

// CompareAndDelete deletes the entry for key if its value is equal to old,
// and reports whether it did. If there is no current value for key in the
// map, CompareAndDelete returns false (even if old is the zero value).
//
// Values are compared with ==, and CompareAndDelete panics when
// [Map.CompareAndSwap] would.
func (m *Map[K, V]) CompareAndDelete(key K, old V) (deleted bool) {
	mustBeComparable[V]("CompareAndDelete")
	x := m.load()
	if x == nil {
		return false
	}
	if cur, ok := x.Load(key); !ok || !equal("CompareAndDelete", cur, old) {
		return false
	}
	x.Compute(key, func(cur V, loaded bool) (V, bool) {
		if !loaded {
			return cur, true
		}
		if !equal("CompareAndDelete", cur, old) {
			return cur, false
		}
		deleted = true
		return cur, true
	})
	return deleted
}

// mustBeComparable panics if V's values cannot be compared with ==.
func mustBeComparable[V any](method string) {
	if t := reflect.TypeFor[V](); !t.Comparable() {
		panic(fmt.Sprintf("safemap: %s: value type %v is not comparable; use Compute to compare values of this type", method, t))
	}
}

// equal reports whether a == b. For an interface V whose two values have
// the same dynamic type, and that type is not comparable, it panics as ==
// would, with a message naming the method.
func equal[V any](method string, a, b V) bool {
	ia, ib := any(a), any(b)
	if reflect.TypeFor[V]().Kind() == reflect.Interface {
		if ta := reflect.TypeOf(ia); ta != nil && ta == reflect.TypeOf(ib) && !ta.Comparable() {
			panic(fmt.Sprintf("safemap: %s: comparing values of type %v, which is not comparable", method, ta))
		}
	}
	return ia == ib
}
