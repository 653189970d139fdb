// Package bench measures what a piece of code leaves behind: the heap it
// keeps live, the goroutines it leaves running and the heap it peaked at.
//
// A benchmark's ns/op and B/op say nothing about leaks: a handler that starts
// a goroutine which never ends, or keeps s[:10] of a 64 KiB slice, is as fast
// as one that does not. The naive way to look, runtime.NumGoroutine and
// runtime.ReadMemStats around the code, is noisy (the heap figure includes
// garbage not yet collected, goroutines that are about to return are counted)
// and ReadMemStats stops the world:
//
//	var before, after runtime.MemStats
//	runtime.ReadMemStats(&before)
//	handle(req)
//	runtime.ReadMemStats(&after)
//	fmt.Println(after.HeapAlloc - before.HeapAlloc) // garbage included, stop-the-world
//
// [Measure] settles the heap by collecting until the live-heap figure of
// runtime/metrics is stable, lets goroutines that are finishing finish
// (bounded retries with backoff, as go.uber.org/goleak does), and reports the
// difference:
//
//	r := bench.Measure(func() { handle(req) })
//	fmt.Println(r.Retained, r.GoroutinesLeft)
//
// In a benchmark, [Leak] measures one run of the workload and then times it
// with b.Loop, reporting retained-B, peak-B and goroutines-left beside ns/op:
//
//	func BenchmarkHandler(b *testing.B) {
//		bench.Leak(b, func() (release func()) {
//			for range 1000 {
//				handle(req)
//			}
//			return func() {}
//		})
//	}
//
// Work is a fixed count so that figures compare across machines: absolute
// leak figures of a loop that runs b.N times would scale with b.N.
//
// The leak scenarios of safeprim, each naive pattern against the safeprim
// primitive that replaces it, are measured with this package: go run
// ./bench/cmd/leakbench runs them all, each side in a fresh process, beside
// the speed of every primitive against its counterpart (the comparison
// benchmarks of each package), prints both tables and writes the report
// the README's figures come from.
// go test -bench . ./bench runs the same scenarios in process as
// BenchmarkLeakGoroutine, BenchmarkLeakSlice, ... with sub-benchmarks
// pattern=P/n=N/impl=naive|safeprim, beside cross-package comparisons
// (BenchmarkHandler, BenchmarkJobQueue), so that
//
//	go test -run '^$' -bench . -count=6 ./bench > /tmp/bench.txt
//	go run golang.org/x/perf/cmd/benchstat@latest -col /impl /tmp/bench.txt
//
// puts each naive pattern beside its replacement.
package bench
