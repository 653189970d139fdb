package ctxdata

import (
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"weak"
)

// ReleasedReadsByKey returns, for each name given to [NewKey] by a key that
// is still reachable, how many times a released value of that key was read
// (see [Key.ReleasedReads]); keys that share a name are summed under it.
// Keys with an empty name, and zero Keys, are not listed: their reads count
// in [ReleasedReads] only.
//
// The list behind it holds each named key through a weak pointer, so it
// keeps no key alive, and a key leaves it once the garbage collector finds
// the key unreachable. Keys are meant to be made once, as package-level
// variables; each named key costs the list one entry while it lives.
//
// ReleasedReadsByKey is safe for concurrent use. It reads the counts one by
// one while they may grow, so the map is not a snapshot of one instant.
func ReleasedReadsByKey() map[string]uint64 {
	m := make(map[string]uint64)
	namedKeys.mu.Lock()
	defer namedKeys.mu.Unlock()
	for _, e := range namedKeys.list {
		if c := e.released.Value(); c != nil {
			m[e.name] += c.Load()
		}
	}
	return m
}

// namedKeys lists the keys made by NewKey with a name.
var namedKeys struct {
	mu   sync.Mutex
	list []*namedKey
}

// namedKey is a key in namedKeys, held by a weak pointer to its counter.
type namedKey struct {
	name     string
	released weak.Pointer[atomic.Uint64]
}

// listKey adds k to namedKeys, and removes it once k is collected.
func listKey[T any](k *Key[T]) {
	e := &namedKey{name: k.name, released: weak.Make(&k.released)}
	namedKeys.mu.Lock()
	namedKeys.list = append(namedKeys.list, e)
	namedKeys.mu.Unlock()
	runtime.AddCleanup(k, unlistKey, e)
}

func unlistKey(e *namedKey) {
	namedKeys.mu.Lock()
	defer namedKeys.mu.Unlock()
	namedKeys.list = slices.DeleteFunc(namedKeys.list, func(x *namedKey) bool { return x == e })
}
