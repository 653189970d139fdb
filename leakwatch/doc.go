// Package leakwatch watches a running service for leaks, in production: it
// follows the live heap and the goroutine count over time and raises an
// alert, with heap and goroutine profiles, when one of them keeps growing.
// A service starts one [Watcher] beside its work, logs or pages on its
// alerts, and reads the profiles it wrote to see what grew; it mounts
// [Handler], a debug page of what the runtime and safeprim's primitives
// count, and may [Publish] the same figures through expvar. It reads
// runtime/metrics and the primitives' counters, and depends on nothing but
// the standard library and this module's packages.
//
// The naive watch stops the world and alarms on noise:
//
//	go func() { // never stops: time.Tick and no way out
//		var m runtime.MemStats
//		for range time.Tick(time.Second) {
//			runtime.ReadMemStats(&m) // stops the world, every tick
//			if m.HeapAlloc > limit { // garbage included: a sawtooth
//				log.Print("leak?")
//			}
//		}
//	}()
//
// runtime.ReadMemStats stops the world on each call; HeapAlloc counts the
// garbage allocated since the last GC, so it rises and falls (a sawtooth)
// whether or not anything leaks: a limit fires on a burst and misses a slow
// leak below it; and the goroutine itself leaks. The replacement:
//
//	w, err := leakwatch.Start(leakwatch.Config{
//		ProfileDir: "/var/tmp/leaks",
//		OnAlert:    func(a leakwatch.Alert) { log.Print(a) },
//	})
//	if err != nil {
//		return err
//	}
//	defer w.Stop() // joins the watcher's one goroutine
//
// # How it decides
//
// A [Watcher] reads runtime/metrics, which does not stop the world. It
// takes one sample per GC cycle of /gc/heap/live:bytes (the heap the cycle
// marked live: no garbage, no sawtooth) with /sched/goroutines:goroutines
// and /memory/classes/heap/stacks:bytes (a leaked goroutine's 2 KiB or more
// of stack is not in the live heap). When no cycle has run for a fifth of
// the window (1 s by default) it runs one itself, so that a leak in a
// process that allocates too little to collect still gives the fit five
// samples per window; it skips that cycle if nothing has been allocated,
// and spaces such cycles so that they take at most a hundredth of a core
// ([Config.GCBudget]). Over a sliding window (5 s, or 50 polls if longer)
// it fits a least-squares line to each figure and raises an [Alert] when
// the heap or goroutine slope stays above its threshold with an R² of 0.8
// or more for 2 s, after a warm-up. The R² gate is what tells a leak, a
// line, from churn, bursts and one-off steps (a step never fits a line
// with R² above 0.75); the warm-up keeps caches that fill at start-up from
// being taken for leaks. A cache that keeps filling for longer than the
// window does look like a leak: raise the warm-up or the threshold for it.
//
// [RuntimeSource] reads the running process; a test or a replay supplies
// its own [Source], which is also the watcher's clock.
//
// Where the runtime has the goroutineleak profile (Go 1.27, and Go 1.26
// built with GOEXPERIMENT=goroutineleakprofile), a goroutine alert of a
// watcher of the running process also lists the goroutines the runtime
// found leaked, blocked for ever on channels or locks that no running
// goroutine can reach, grouped by the go statement that started them
// ([Alert.Leaked]). A goroutine blocked on something still reachable, such
// as a channel in a map nobody reads, is not leaked in that sense: the
// alert then lists none, and the goroutine profile shows where they wait.
//
// # The debug page and its JSON
//
// [Handler] serves a page in the manner of net/http/pprof's index, and the
// same figures as JSON with ?format=json; [Publish] publishes that JSON as
// an expvar variable. The JSON is version 1 of the schema below: within a
// version no key is removed or renamed and none changes its meaning; keys
// may be added. Every number sits at section.figure, or at
// section.figure.name for a figure of a named Group, key or pool, so that
// an expvar bridge with those labels collects them all (the example of
// Publish does it with Prometheus); the watchers are a list beside.
//
//	version                  1
//	time                     when the figures were read, RFC 3339, UTC
//	goroutines.FIGURE        the runtime/metrics /sched/goroutines figures the Go
//	                         release has: total, created (since the start) and,
//	                         approximate, running, runnable, waiting, not-in-go
//	heap.live_bytes          /gc/heap/live:bytes, marked live by the last GC cycle
//	heap.stacks_bytes        /memory/classes/heap/stacks:bytes
//	groups.running           goroutine.Running
//	groups.by_name.NAME      goroutine.RunningByName
//	ctxdata.released_reads   ctxdata.ReleasedReads
//	ctxdata.by_key.NAME      ctxdata.ReleasedReadsByKey
//	pools.FIGURE.NAME        safepool.Named, the pools that share a name summed:
//	                         type (a string), count (of pools), gets, news, puts,
//	                         drops, exact (a boolean), hit_ratio (0 to 1, for the
//	                         names whose Gets are counted and not 0)
//	watchers[]               each running Watcher, in the order they started:
//	  started, interval_seconds, window_seconds, hold_seconds, min_r2
//	  heap_threshold, goroutine_threshold   per second; null for NoThreshold
//	  sample                 the newest: time, gc_cycles, live_heap_bytes,
//	                         goroutines, stacks_bytes
//	  heap, goroutines, stacks   fits: slope (per second), r2, samples, span_seconds
//	  polls, samples, forced_gcs, alerts   counts since Start
//	  recent_alerts[]        the last alerts, newest first, at most eight:
//	    time, metric ("heap" or "goroutines"), fit, threshold, held_seconds,
//	    stacks (a fit), heap_profile and goroutine_profile (paths, or ""),
//	    error ("" for none), leaked[]: count, function, created_by, site
//
// # Cost
//
// A watcher owns one goroutine, which wakes every Interval, and allocates
// nothing once its window is full, until it raises an alert. A poll that finds no new GC cycle, the
// usual case, is one runtime/metrics read of the cycle count; a poll that
// takes a sample reads the other figures and refits the window, one pass
// over its samples. BenchmarkPoll measures both, as process CPU time per
// poll and as a share of one core at a 1 s interval: a small fraction of a
// percent.
//
// What costs more is the GC cycles a watcher forces, which cost what any
// cycle does: mostly a fixed cost for a small heap, growing with the live
// heap, bounded by [Config.GCBudget]. A process that collects by itself at
// least every fifth of the window gets no forced cycle, and one that
// allocates nothing gets none either, as RuntimeSource skips it; a process
// that allocates but seldom collects pays for a cycle every ForceGC. A
// longer Window, or a longer ForceGC, trades detection time for that cost.
// BenchmarkIdleCPU measures the whole cost, wake-ups, polls and forced
// cycles, as the process's CPU time against the same process without a
// watcher (watcher=off), in a process that sleeps and in one that
// allocates a little.
//
// The leaked goroutines of a goroutine alert cost one GC cycle that looks
// for them, a little more than a plain runtime.GC, and, only if it finds
// some, a dump of every goroutine's stack with the world stopped, which
// grows with the number of goroutines: with thousands of them it costs
// several times the cycle. It is taken once per alert, and an alert comes
// once per sustained rise (BenchmarkLeakProfile, by goroutines and leaked
// goroutines, against runtime.GC).
//
// A read of the debug page or of the published variable reads a few
// runtime/metrics and the primitives' counters, under no lock that Get,
// Put or Go takes, and does not stop the world. BenchmarkScrape compares
// it with runtime.ReadMemStats and expvar's memstats variable, which stop
// the world once per read: the variable takes less time than memstats,
// the JSON page about as long, the HTML page a few times as long; stw/op
// counts the times a read stopped the world.
// To reproduce:
//
//	go test -run '^$' -bench 'BenchmarkPoll' -count 6 ./leakwatch/
//	go test -run '^$' -bench 'BenchmarkIdleCPU' -benchtime 300x -count 3 -timeout 30m ./leakwatch/
//	go test -c -o leakwatch.test ./leakwatch/
//	for i in 1 2 3 4; do ./leakwatch.test -test.run '^$' -test.bench 'IdleCPU/load=64KiB-per-100ms/watcher=(off|interval-1s)$' -test.benchtime 200x; done
//	GOTOOLCHAIN=go1.27.3 go test -run '^$' -bench 'BenchmarkLeakProfile' -count 10 ./leakwatch/
//	go test -run '^$' -bench 'BenchmarkScrape' -count 10 ./leakwatch/
package leakwatch
