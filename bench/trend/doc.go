// Package trend watches a running service for leaks: it follows the live
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
//	w, err := trend.Start(trend.Config{
//		ProfileDir: "/var/tmp/leaks",
//		OnAlert:    func(a trend.Alert) { log.Print(a) },
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
// of stack is not in the live heap). When no cycle has run for a second it
// runs one itself, so that a leak in a process that allocates too little
// to collect is still seen; it skips that cycle if nothing has been
// allocated, and spaces such cycles so that they take at most 1% of a core
// ([Config.GCBudget]). Over a sliding window (5 s) it fits a least-squares
// line to each figure and raises an [Alert] when the heap or goroutine
// slope stays above its threshold with an R² of 0.8 or more for 2 s, after
// a warm-up. The R² gate is what tells a leak, a line, from churn, bursts
// and one-off steps (a step never fits a line with R² above 0.75); the
// warm-up keeps caches that fill at start-up from being taken for leaks.
// A cache that keeps filling for longer than the window does look like a
// leak: raise the warm-up or the threshold for it.
//
// [RuntimeSource] reads the running process; a test or a replay supplies
// its own [Source], which is also the watcher's clock.
//
// # Cost
//
// Measured as CPU time (getrusage) on a shared 2-core machine. A poll that
// finds no new GC cycle, the usual case, costs 0.2 µs, and a sample with
// the refit of a full 5 s window of 10 ms samples 4.1 µs, neither
// allocating: at a 1 s interval, 0.00002% and 0.0004% of one core. A whole
// process with a watcher at a 1 s interval and nothing else to do used
// 0.17% and 0.19% of a core in two runs, against 0.14% and 0.17% without:
// 0.02 to 0.03 points, under the 0.1% target. A forced cycle costs 0.3 to
// 4 ms of CPU here, the more the busier the machine, so a process that
// allocates a little (64 KiB per 100 ms) but too little to collect by
// itself, and gets one about every second, used 0.14 to 0.19 points more
// than without a watcher, over the target; with ForceGC at 5 s, 0.04 to
// 0.07. A process that allocates enough gets its own cycles and none are
// forced. To reproduce:
//
//	go test -run '^$' -bench 'BenchmarkPoll' -count 6 ./bench/trend/
//	go test -run '^$' -bench 'BenchmarkIdleCPU' -benchtime 300x -count 3 ./bench/trend/ > idle.txt
//	go run golang.org/x/perf/cmd/benchstat@latest -col /watcher idle.txt
package trend
