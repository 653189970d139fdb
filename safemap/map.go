package safemap

import (
	"iter"
	"sync/atomic"

	"github.com/puzpuzpuz/xsync/v3"
)

// Map is a concurrent map from keys of type K to values of type V: a typed
// [sync.Map] built on xsync's MapOf, with the same methods and the same
// documented semantics, plus [Map.Compute], [Map.LoadOrCompute], [Map.Len]
// and iterators.
//
// The zero Map is empty and ready to use; its table is made by the first
// method that stores. Methods that only read or delete never make it. [New]
// is needed only to pass options.
//
// A Map is safe for concurrent use by multiple goroutines without additional
// locking or coordination. Loads take no lock and write no memory; writes
// lock one bucket of the table (a cache line holding up to five entries).
//
// A Map must not be copied after first use (go vet reports copies).
//
// A Map keeps every stored key and value reachable until it is deleted,
// overwritten or cleared; a deleted entry is unlinked at once, so the
// collector can free it. Unlike the built-in map, whose buckets stay
// allocated after their entries are deleted (go.dev/issue/20135), the table
// shrinks again when mass deletes leave it nearly empty (see
// [ShrinkOnDelete]): with the default options, an emptied Map goes back to
// its minimum table whatever size it once reached. [Map.Clear] drops the
// whole table at once. There is nothing to close; an unreachable Map is
// collected with its contents.
//
// Keys are told apart by ==, as sync.Map and the built-in map do: with an
// interface key type such as any or error, nil and typed-nil keys are valid,
// a pointer key is its identity whatever it points to, and a key whose
// dynamic type cannot be hashed (a slice, map or func) makes every method
// that takes a key panic with the runtime's error, as sync.Map's do.
//
// Where sync.Map promises something, Map keeps the promise: operations on one
// key are linearizable, a write synchronizes before any read that observes it
// (in the terms of the Go memory model, with the same read and write
// operations as sync.Map), and [Map.Range] visits each key at most once and
// lets f call any method. The differences are in what sync.Map leaves open,
// and are stated on each method: [Map.Range] briefly locks each bucket while
// it copies the bucket's entries out, [Map.Len] is a best-effort count, and
// the callbacks of [Map.Compute] and [Map.LoadOrCompute] run with a bucket
// locked, so they must not write to the same Map.
type Map[K comparable, V any] struct {
	// inner is nil until the first store into a zero Map.
	inner atomic.Pointer[xsync.MapOf[K, V]]
	cfg   config
}

// load returns the xsync map, or nil if nothing was ever stored in a zero Map.
func (m *Map[K, V]) load() *xsync.MapOf[K, V] {
	return m.inner.Load()
}

// init returns the xsync map, making it on first use. The fast path is one
// atomic load; the slow path publishes a new table with a compare-and-swap,
// so concurrent first stores agree on one table (the losers' are garbage).
func (m *Map[K, V]) init() *xsync.MapOf[K, V] {
	if x := m.inner.Load(); x != nil {
		return x
	}
	return m.initSlow()
}

func (m *Map[K, V]) initSlow() *xsync.MapOf[K, V] {
	x := newInner[K, V](m.cfg)
	if m.inner.CompareAndSwap(nil, x) {
		return x
	}
	return m.inner.Load()
}

// Load returns the value stored in the map for a key, or the zero value of V
// if no value is present. The ok result indicates whether value was found in
// the map. Load takes no lock, writes no memory and does not allocate.
func (m *Map[K, V]) Load(key K) (value V, ok bool) {
	if x := m.load(); x != nil {
		return x.Load(key)
	}
	checkKey(key)
	return value, false
}

// Store sets the value for a key.
func (m *Map[K, V]) Store(key K, value V) {
	m.init().Store(key, value)
}

// LoadOrStore returns the existing value for the key if present. Otherwise,
// it stores and returns the given value. The loaded result is true if the
// value was loaded, false if stored. When the key is present it takes no
// lock.
func (m *Map[K, V]) LoadOrStore(key K, value V) (actual V, loaded bool) {
	return m.init().LoadOrStore(key, value)
}

// LoadAndDelete deletes the value for a key, returning the previous value if
// any. The loaded result reports whether the key was present.
func (m *Map[K, V]) LoadAndDelete(key K) (value V, loaded bool) {
	if x := m.load(); x != nil {
		return x.LoadAndDelete(key)
	}
	checkKey(key)
	return value, false
}

// Delete deletes the value for a key.
func (m *Map[K, V]) Delete(key K) {
	if x := m.load(); x != nil {
		x.Delete(key)
		return
	}
	checkKey(key)
}

// Swap swaps the value for a key and returns the previous value if any. The
// loaded result reports whether the key was present.
func (m *Map[K, V]) Swap(key K, value V) (previous V, loaded bool) {
	previous, loaded = m.init().LoadAndStore(key, value)
	if !loaded {
		// xsync v3 returns the new value here; sync.Map returns nil.
		var zero V
		previous = zero
	}
	return previous, loaded
}

// Range calls f sequentially for each key and value present in the map. If f
// returns false, Range stops the iteration.
//
// As with sync.Map, Range does not necessarily correspond to any consistent
// snapshot of the Map's contents: no key will be visited more than once, but
// if the value for any key is stored or deleted concurrently (including by
// f), Range may reflect any mapping for that key from any point during the
// Range call. f may call any method on m. Range does not lock the map while f
// runs: bucket by bucket, it locks the bucket just long enough to copy the
// bucket's entries out (so it waits for, and briefly delays, writers of that
// bucket), then calls f on the copies. If the table is resized during the
// call, Range finishes on the table it started with.
//
// Range may be O(N) with the number of elements in the map even if f returns
// false after a constant number of calls. It allocates one small buffer per
// call. Range panics if f is nil, even on an empty map.
func (m *Map[K, V]) Range(f func(key K, value V) bool) {
	if f == nil {
		panic("safemap: Range: nil f; pass a func that returns true to go on")
	}
	if x := m.load(); x != nil {
		x.Range(f)
	}
}

// All returns an iterator over the map's keys and values, with the
// semantics of [Map.Range]: use it as
//
//	for k, v := range m.All() { ... }
func (m *Map[K, V]) All() iter.Seq2[K, V] {
	return m.Range
}

// Keys returns an iterator over the map's keys, with the semantics of
// [Map.Range].
func (m *Map[K, V]) Keys() iter.Seq[K] {
	return func(yield func(K) bool) {
		if yield == nil {
			panic("safemap: Keys: nil yield; range over the iterator or pass a func that returns true to go on")
		}
		m.Range(func(k K, _ V) bool { return yield(k) })
	}
}

// Clear deletes all the entries, resulting in an empty Map. It replaces the
// table with a new one of the initial size ([WithPresize]) and leaves the old
// one to the collector, so memory is given back at once whatever the
// [ShrinkPolicy]. Operations that run concurrently with Clear take effect
// either before or after it.
func (m *Map[K, V]) Clear() {
	// xsync's own Clear returns without clearing when it finds a resize in
	// progress, so a Clear concurrent with a growing Store could leave every
	// entry in place. Publishing a fresh table instead is linearizable: an
	// operation that loaded the old table started before the swap and is
	// ordered before Clear; every later operation sees the new table.
	if m.load() == nil {
		return
	}
	m.inner.Store(newInner[K, V](m.cfg))
}

// Len returns the number of entries in the map. It reads striped counters
// without locking, so under concurrent writes the result is a best-effort
// figure: it counts some concurrent writes and misses others, and need not
// equal the number of keys any Range call would visit. With no concurrent
// writes it is exact. sync.Map has no counterpart.
func (m *Map[K, V]) Len() int {
	if x := m.load(); x != nil {
		return x.Size()
	}
	return 0
}
