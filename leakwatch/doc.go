// Package leakwatch watches a running service for leaks, in production: it
// follows the live heap and the goroutine count over time and raises an
// alert, with heap and goroutine profiles, when one of them keeps growing.
// A service starts one [Watcher] beside its work, logs or pages on its
// alerts, and reads the profiles it wrote to see what grew. It reads only
// runtime/metrics, never stops the world, and depends on nothing but the
// standard library.
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
// # Cost
//
// A watcher owns one goroutine, which wakes every Interval, and allocates
// nothing once its window is full. A poll that finds no new GC cycle, the
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
// allocates a little. To reproduce:
//
//	go test -run '^$' -bench 'BenchmarkPoll' -count 6 ./leakwatch/
//	go test -run '^$' -bench 'BenchmarkIdleCPU' -benchtime 300x -count 3 -timeout 30m ./leakwatch/
//	go test -c -o leakwatch.test ./leakwatch/
//	for i in 1 2 3 4; do ./leakwatch.test -test.run '^$' -test.bench 'IdleCPU/load=64KiB-per-100ms/watcher=(off|interval-1s)$' -test.benchtime 200x; done
package leakwatch
