package trend

import (
	"runtime"
	"runtime/metrics"
	"time"
)

// Sample is one reading of the figures a [Watcher] follows.
type Sample struct {
	// Time is when the figures were read. The watcher measures every
	// duration (window, hold, warm-up, forced-GC period) between sample
	// times, so a [Source] is also the watcher's clock. A zero Time is
	// replaced by the watcher's time.Now.
	Time time.Time

	// GCCycles is the number of completed GC cycles,
	// /gc/cycles/total:gc-cycles. The watcher takes a sample only when it
	// changes: LiveHeap is fixed between cycles.
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
	// goroutine leak shows here (about 2 KiB or more per goroutine) beside
	// the goroutine's heap share (under 1 KiB).
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
	// next Read reports a new cycle. The watcher calls it when no cycle has
	// completed for Config.ForceGC.
	GC()
}

// Names of the runtime/metrics a RuntimeSource reads, in Sample field order.
const (
	metricCycles     = "/gc/cycles/total:gc-cycles"
	metricLiveHeap   = "/gc/heap/live:bytes"
	metricGoroutines = "/sched/goroutines:goroutines"
	metricStacks     = "/memory/classes/heap/stacks:bytes"
)

// RuntimeSource returns a [Source] that reads the running process with
// runtime/metrics, which does not stop the world (runtime.ReadMemStats
// does), and collects with runtime.GC.
//
// Each call returns a new Source that owns its buffers; one is not safe for
// concurrent use. A Read costs well under a microsecond and does not
// allocate.
func RuntimeSource() Source {
	return &runtimeSource{samples: [...]metrics.Sample{
		{Name: metricCycles},
		{Name: metricLiveHeap},
		{Name: metricGoroutines},
		{Name: metricStacks},
	}}
}

type runtimeSource struct {
	samples [4]metrics.Sample
}

func (r *runtimeSource) Read() Sample {
	metrics.Read(r.samples[:])
	return Sample{
		Time:       time.Now(),
		GCCycles:   r.samples[0].Value.Uint64(),
		LiveHeap:   r.samples[1].Value.Uint64(),
		Goroutines: r.samples[2].Value.Uint64(),
		Stacks:     r.samples[3].Value.Uint64(),
	}
}

func (r *runtimeSource) GC() { runtime.GC() }
