package leakwatch

import (
	"runtime"
	"runtime/metrics"
	"time"
)

// Sample is one reading of the figures a [Watcher] follows.
type Sample struct {
	// Time is when the figures were read. The watcher measures every
	// duration (window, hold, warm-up, forced-GC period and cost) between
	// sample times, so a [Source] is also the watcher's clock. A zero Time is
	// replaced by the watcher's time.Now.
	Time time.Time

	// GCCycles is the number of completed GC cycles,
	// /gc/cycles/total:gc-cycles. The watcher takes a sample when it
	// changes (LiveHeap is fixed between cycles), or when it has not
	// changed for Config.ForceGC.
	GCCycles uint64

	// LiveHeap is the heap that the last GC cycle marked live, in bytes,
	// /gc/heap/live:bytes. Unlike the heap-objects figure it holds no
	// garbage allocated since that cycle, so it has no sawtooth.
	LiveHeap uint64

	// Goroutines is the number of live goroutines,
	// /sched/goroutines:goroutines, the runtime's own included (unlike
	// runtime.NumGoroutine).
	Goroutines uint64

	// Stacks is the memory held by goroutine stacks, in bytes,
	// /memory/classes/heap/stacks:bytes. LiveHeap leaves it out, so a
	// goroutine leak shows here (a stack is 2 KiB at least) beside the
	// smaller share of the heap each goroutine's descriptor takes.
	Stacks uint64
}

// Source is where a [Watcher] reads its samples. [RuntimeSource] reads the
// running process; tests supply their own to replay a leak exactly.
//
// A Watcher calls a Source from its one goroutine only, so a Source need not
// be safe for concurrent use unless the caller shares it.
type Source interface {
	// Read returns the current figures. It should not allocate or block:
	// the watcher calls it once per poll.
	Read() Sample

	// GC runs a collection and returns when it has completed, so that the
	// next Read reports a new cycle. It may skip the collection when it
	// knows the cycle would find nothing new, as RuntimeSource does when
	// nothing has been allocated. The watcher calls it when no cycle has
	// completed for Config.ForceGC, and samples after it either way.
	GC()
}

// Names of the runtime/metrics a RuntimeSource reads.
const (
	metricCycles     = "/gc/cycles/total:gc-cycles"
	metricLiveHeap   = "/gc/heap/live:bytes"
	metricGoroutines = "/sched/goroutines:goroutines"
	metricStacks     = "/memory/classes/heap/stacks:bytes"
	metricAllocs     = "/gc/heap/allocs:bytes"
)

// RuntimeSource returns a [Source] that reads the running process with
// runtime/metrics, which does not stop the world (runtime.ReadMemStats
// does), and collects with runtime.GC.
//
// Its Read reads the GC cycle count and, only when a cycle has completed
// or GC has been called since its previous Read, the other figures: between
// cycles it returns them as they were at the first Read after the last
// cycle, with the current Time. The live heap changes only at a cycle
// anyway; this makes a Read that finds no new cycle (the usual poll) cost a
// fraction of one that does.
//
// Its GC skips the collection when the heap has allocated nothing
// (/gc/heap/allocs:bytes) since that first Read after the last cycle: the
// live heap cannot have grown, and an idle process is left idle.
//
// Each call returns a new Source that owns its buffers; one is not safe for
// concurrent use. Read and GC do not allocate.
func RuntimeSource() Source {
	return &runtimeSource{
		cycles: [...]metrics.Sample{{Name: metricCycles}},
		figures: [...]metrics.Sample{
			{Name: metricLiveHeap},
			{Name: metricGoroutines},
			{Name: metricStacks},
			{Name: metricAllocs},
		},
		allocs: [...]metrics.Sample{{Name: metricAllocs}},
	}
}

type runtimeSource struct {
	cycles  [1]metrics.Sample
	figures [4]metrics.Sample
	allocs  [1]metrics.Sample
	last    Sample // as of the first Read after the last cycle or GC call

	// alloced is the heap allocated, in bytes, at the first Read after the
	// last cycle. It counts every allocation since that cycle (exact) only
	// if the cycle was run by GC just before that Read; after a cycle the
	// runtime ran, GC cannot know what was allocated in between, and
	// collects.
	alloced uint64
	exact   bool
	ranGC   bool // GC ran a cycle since the last Read
	stale   bool // GC was called since the last Read
}

func (r *runtimeSource) Read() Sample {
	metrics.Read(r.cycles[:])
	c := r.cycles[0].Value.Uint64()
	if c == r.last.GCCycles && !r.stale && !r.last.Time.IsZero() {
		s := r.last
		s.Time = time.Now()
		return s
	}
	metrics.Read(r.figures[:])
	if c != r.last.GCCycles || r.last.Time.IsZero() {
		r.alloced, r.exact = r.figures[3].Value.Uint64(), r.ranGC
	}
	r.ranGC, r.stale = false, false
	r.last = Sample{
		Time:       time.Now(),
		GCCycles:   c,
		LiveHeap:   r.figures[0].Value.Uint64(),
		Goroutines: r.figures[1].Value.Uint64(),
		Stacks:     r.figures[2].Value.Uint64(),
	}
	return r.last
}

func (r *runtimeSource) GC() {
	r.stale = true
	if r.exact {
		metrics.Read(r.allocs[:])
		if r.allocs[0].Value.Uint64() == r.alloced {
			return
		}
	}
	runtime.GC()
	r.ranGC = true
}
