// Package safemap provides [Map], a typed concurrent map with sync.Map's
// full method set, built on github.com/puzpuzpuz/xsync/v3's MapOf.
//
// The naive pattern is a built-in map shared between goroutines:
//
//	var sessions = map[string]*Session{}
//
//	func add(id string, s *Session) { sessions[id] = s }   // called from many goroutines
//	func drop(id string)            { delete(sessions, id) }
//
// Two overlapping writes end the process with "fatal error: concurrent map
// writes". The runtime throws it; it is not a panic: recover cannot catch it,
// and the whole process exits. Its cure is synchronisation. A sync.RWMutex
// around the map cures the crash but not the leak: a built-in map never
// shrinks (go.dev/issue/20135, still so with the Swiss-table maps of Go
// 1.24+), so a map that once held a million entries keeps the memory for
// them after they are all deleted. sync.Map fixes both but is untyped: keys
// and values are boxed in interfaces, stores allocate, and a type mistake is
// found at run time.
//
// The replacement:
//
//	var sessions safemap.Map[string, *Session] // the zero Map is ready to use
//
//	func add(id string, s *Session) { sessions.Store(id, s) }
//	func drop(id string)            { sessions.Delete(id) }
//
// Loads take no lock; a write locks one cache-line bucket; the table shrinks
// after mass deletes, so the emptied map above goes back to a table of a few
// dozen buckets. Migrating from sync.Map is an import change plus type
// parameters: the method set and documented semantics are sync.Map's, keys
// of an interface type (Map[any, V]) are hashed and compared as sync.Map
// hashes and compares them, and each method states where xsync gives a
// different guarantee ([Map.Range] locks each bucket briefly, [Map.Len] is
// best-effort). [Map.Compute] and [Map.LoadOrCompute] go beyond sync.Map.
// Their callbacks run with a bucket locked, so a callback must not write to
// the same Map: it can deadlock. A panicking callback does not leave the
// bucket locked (xsync issue #208): the entry is left as it was and the
// panic is raised again once the lock is released.
//
// # Costs
//
// The wrapper over xsync.MapOf adds an atomic load and a call to each
// operation. BenchmarkMix runs parallel mixes of loads, stores and deletes
// (int and string keys, small and large key sets, from load-heavy to
// store-heavy) and BenchmarkLoad parallel loads, against map+RWMutex,
// sync.Map and raw xsync.MapOf; BenchmarkMixAny and BenchmarkLoadAny compare
// Map[any, int] with sync.Map on pointer and string keys held in
// interfaces, which Map hashes with maphash.Comparable. Compare them with
//
//	go test -run '^$' -bench 'Mix|Load' -count=10 ./safemap/ > safemap.txt
//	go run golang.org/x/perf/cmd/benchstat@latest -col /impl safemap.txt
//
// Load, LoadOrStore of a present key, a failing CompareAndSwap and a
// Compute that cancels on a missing key do not allocate; a store allocates
// one entry, and sync.Map's store also boxes the key and value in
// interfaces. BenchmarkDeleteAll reports, as retained-B, the heap an emptied
// map of a million entries still holds: the built-in map keeps its buckets,
// Map and raw xsync.MapOf keep their minimum table, and sync.Map keeps
// almost nothing.
package safemap
