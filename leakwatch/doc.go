// Package leakwatch watches a running service for leaks: it follows the live
// heap and the goroutine count over time and raises an alert, with heap and
// goroutine profiles, when one of them keeps growing.
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
// and spaces such cycles so that they take at most 1% of a core
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
// Measured as process CPU time (getrusage) on a 2-core amd64 machine with
// the commands below. A poll that finds no new GC cycle, the usual case,
// costs 0.25 µs, and a sample with the refit of a full 5 s window of 10 ms
// samples 4.6 µs, neither allocating: at a 1 s interval, 0.00002% and
// 0.0005% of one core (BenchmarkPoll).
//
// Those figures leave out the GC cycles a watcher forces, which cost what
// any cycle does: 0.4 to 3.3 ms of CPU each for the small heap of
// BenchmarkPoll/sample=forced-gc, more for a large heap. The whole-process
// figures of BenchmarkIdleCPU count them. With the defaults at a 1 s
// Interval (a 50 s window, a cycle forced after 10 s without one), a
// process that only sleeps used 0.19% to 0.22% of a core against 0.14% to
// 0.20% without a watcher, and one that allocates 64 KiB per 100 ms, and
// so collects by itself every few seconds, 0.30% to 0.31% against 0.25%
// to 0.34% (off and on alternated, four rounds): at most 0.06 points
// more, under 0.1% of a core. A process that collects by itself less often
// than every fifth of the window pays for the cycles forced in between:
// the same process with a 5 s Window, which forces a cycle at most polls,
// used 0.53% to 0.62% against 0.23% to 0.27%, about 0.3 points more. A
// longer Window, or a longer ForceGC, trades detection time for that cost.
// To reproduce:
//
//	go test -run '^$' -bench 'BenchmarkPoll' -count 6 ./leakwatch/
//	go test -run '^$' -bench 'BenchmarkIdleCPU' -benchtime 300x -count 3 -timeout 30m ./leakwatch/
//	go test -c -o leakwatch.test ./leakwatch/
//	for i in 1 2 3 4; do ./leakwatch.test -test.run '^$' -test.bench 'IdleCPU/load=64KiB-per-100ms/watcher=(off|interval-1s)$' -test.benchtime 200x; done
package leakwatch
