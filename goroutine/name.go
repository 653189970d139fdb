package goroutine

import (
	"context"
	"runtime/pprof"
	"sync/atomic"
	"unsafe"

	"github.com/puzpuzpuz/xsync/v3"
)

// LabelKey is the [runtime/pprof] label key under which the goroutines of a
// named Group carry its name, so that a goroutine profile shows which Group
// owns each goroutine (and pprof's -tagfocus can select one Group's).
const LabelKey = "goroutine.group"

// running counts the goroutines started through this package that have not
// returned yet.
var running stripedCounter

// names holds one groupName per name ever given to a Group. Names are meant
// to be a small, fixed set (one per call site, like metric names); entries
// are never removed.
var names = xsync.NewMapOf[string, *groupName]()

// groupName is the state shared by every Group with the same name.
type groupName struct {
	name    string
	running atomic.Int64
	labels  context.Context // carries only the pprof label LabelKey=name
}

// SetName names the Group. Its goroutines then run with the [runtime/pprof]
// label whose key is [LabelKey] and whose value is name, in place of the
// labels they would inherit from the goroutine that calls [Group.Go], and
// are counted under name by [RunningByName] and [VerifyNone]. An empty name
// makes the Group unnamed again: its goroutines inherit their labels and are
// counted only in [Running].
//
// The name is looked up once, here; a named Group costs one more counter
// update per goroutine start and end than an unnamed one, and one
// [pprof.SetGoroutineLabels] call per goroutine. Use a small, fixed set of
// names (one per call site): each distinct name is kept for the life of the
// process.
//
// SetName must be called before the first [Group.Go] or [Group.TryGo], or
// after [Group.Wait], not concurrently with them.
func (g *Group) SetName(name string) {
	if name == "" {
		g.name = nil
		return
	}
	g.name, _ = names.LoadOrCompute(name, func() *groupName {
		return &groupName{
			name:   name,
			labels: pprof.WithLabels(context.Background(), pprof.Labels(LabelKey, name)),
		}
	})
}

// Name returns the name given by [Group.SetName], or "" for an unnamed Group.
func (g *Group) Name() string {
	if g.name == nil {
		return ""
	}
	return g.name.name
}

// Running returns how many goroutines started through this package, by any
// Group, [Scope] or [First], have not returned yet. It sums a few dozen
// atomic counters (no stack parsing), cheap enough for production metrics.
// A goroutine is counted from just before it is started to just before it
// is marked done in its Group. While goroutines start and end concurrently
// the sum is not a snapshot of one instant; when none does, it is exact.
func Running() int64 {
	return running.sum()
}

// RunningByName returns, for each name given by [Group.SetName] that has
// goroutines running, how many. Goroutines of unnamed Groups are not in the
// map; they are the difference between [Running] and the sum of the map.
//
// The counts are read one by one while goroutines start and end: like
// [Running], each is exact when read but the map is not a snapshot of one
// instant.
func RunningByName() map[string]int64 {
	m := make(map[string]int64)
	names.Range(func(name string, n *groupName) bool {
		if c := n.running.Load(); c != 0 {
			m[name] = c
		}
		return true
	})
	return m
}

// stripedCounter is a sum spread over cache lines so that Groups running on
// different cores do not contend on one counter. A Group always updates the
// stripe its address hashes to, so its goroutines share a line only with
// each other, as they already share the Group's WaitGroup. (A Group with
// goroutines has escaped to the heap, so its address does not change; were
// it to, an increment and its decrement would land on different stripes and
// the sum would still be exact.)
//
// xsync.Counter, which stripes by P through a sync.Pool, was measured here
// costing about a fifth more CPU per task on BenchmarkGoWait than errgroup,
// which this counter does not.
type stripedCounter struct {
	stripes [numStripes]struct {
		n atomic.Int64
		_ [56]byte // one cache line each
	}
}

const stripeBits = 5
const numStripes = 1 << stripeBits

// add adds delta to the stripe of the Group at key.
func (c *stripedCounter) add(key *Group, delta int64) {
	h := uint64(uintptr(unsafe.Pointer(key))) * 0x9e3779b97f4a7c15 // Fibonacci hashing
	c.stripes[h>>(64-stripeBits)].n.Add(delta)
}

// sum returns the total over all stripes.
func (c *stripedCounter) sum() int64 {
	var total int64
	for i := range c.stripes {
		total += c.stripes[i].n.Load()
	}
	return total
}
