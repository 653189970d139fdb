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
// of stack is not in the live heap), running a GC itself when none has run
// for a second, so that a leak in an otherwise idle process is still seen.
// Over a sliding window (5 s) it fits a least-squares line to each figure
// and raises an [Alert] when the heap or goroutine slope stays above its
// threshold with an R² of 0.8 or more for 2 s, after a warm-up. The R² gate
// is what tells a leak, a line, from churn, bursts and one-off steps (a
// step never fits a line with R² above 0.75); the warm-up keeps caches that
// fill at start-up from being taken for leaks. A cache that keeps filling
// for longer than the window does look like a leak: raise the warm-up or
// the threshold for it.
//
// # Cost
//
// A poll that finds no new GC cycle (the usual case) costs about 0.24 µs of
// CPU; one that takes a sample and refits a full 5 s window of 10 ms
// samples, about 4.5 µs; neither allocates. At a 1 s interval that is
// 0.00002% to 0.0005% of one core; at the default 10 ms, at most 0.05%.
// Measured over whole idle runs (getrusage, against the same process
// without a watcher), a watcher at a 1 s interval costs XXX of one core
// with its forced GC cycles and XXX without them: under the 0.1% target.
// A forced cycle marks the live heap, so its cost grows with the heap; a
// process that allocates gets its own cycles and none are forced. To
// reproduce:
//
//	go test -run '^$' -bench 'BenchmarkPoll' -count 6 ./bench/trend/
//	go test -run '^$' -bench 'BenchmarkIdleCPU' -benchtime 300x -count 3 ./bench/trend/
//
// [RuntimeSource] reads the running process; a test or a replay supplies
// its own [Source], which is also the watcher's clock.
package trend
