package safepool

import (
	"cmp"
	"runtime"
	"slices"
	"sync"
	"weak"
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
	registry.mu.Lock()
	defer registry.mu.Unlock()
	var list []Info
	for _, e := range registry.pools {
		if c := e.counts.Value(); c != nil {
			list = append(list, Info{Name: e.name, Type: e.typ, Stats: c.stats()})
		}
	}
	slices.SortStableFunc(list, func(a, b Info) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.Type, b.Type))
	})
	return list
}

// registry lists the named pools.
var registry struct {
	mu    sync.Mutex
	pools []*named
}

// named is a pool in the registry, held by a weak pointer to its counters.
type named struct {
	name, typ string
	counts    weak.Pointer[counters]
}

// register adds the pool whose counters are c to the registry, and removes
// it once c is collected with its pool.
func register(name, typ string, c *counters) {
	e := &named{name: name, typ: typ, counts: weak.Make(c)}
	registry.mu.Lock()
	registry.pools = append(registry.pools, e)
	registry.mu.Unlock()
	runtime.AddCleanup(c, unregister, e)
}

func unregister(e *named) {
	registry.mu.Lock()
	defer registry.mu.Unlock()
	registry.pools = slices.DeleteFunc(registry.pools, func(x *named) bool { return x == e })
}
