package safepool

import (
	"cmp"
	"slices"

	"github.com/safeprim/safeprim/internal/weaklist"
)

// Info describes a named pool, as [Named] lists it.
type Info struct {
	Name  string // as given to WithName
	Type  string // "Pool[*bytes.Buffer]", "BufferPool", "SlicePool[int]"
	Stats Stats
}

// Named returns the pools made with [WithName] that are still reachable,
// with their Stats, sorted by name, then type (pools that share both are in
// the order they were made). Each Stats is read as [Pool.Stats] reads it.
//
// The list holds its pools through weak pointers: it keeps none alive, and a
// pool leaves it once the garbage collector finds the pool unreachable.
// Named is safe for concurrent use, with itself and with the pools'
// methods; it takes a lock that New, NewBufferPool and NewSlicePool take to
// add a named pool, never one that Get or Put take.
func Named() []Info {
	var list []Info
	registry.Each(func(c *counters, n poolName) {
		list = append(list, Info{Name: n.name, Type: n.typ, Stats: c.stats()})
	})
	slices.SortStableFunc(list, func(a, b Info) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.Type, b.Type))
	})
	return list
}

// registry lists the named pools, by their counters.
var registry weaklist.List[counters, poolName]

// poolName is what Named reports of a pool besides its Stats.
type poolName struct{ name, typ string }

// register adds the pool whose counters are c to the registry, which
// drops it once c is collected with its pool.
func register(name, typ string, c *counters) {
	registry.Add(c, poolName{name, typ})
}
