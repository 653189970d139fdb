package ctxdata

import (
	"sync/atomic"

	"github.com/safeprim/safeprim/internal/weaklist"
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
	namedKeys.Each(func(released *atomic.Uint64, name string) {
		m[name] += released.Load()
	})
	return m
}

// namedKeys lists the keys made by NewKey with a name, by their counters
// of released reads.
var namedKeys weaklist.List[atomic.Uint64, string]

// listKey adds k to namedKeys, which drops it once k is collected.
func listKey[T any](k *Key[T]) {
	namedKeys.Add(&k.released, k.name)
}
