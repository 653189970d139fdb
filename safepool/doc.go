// Package safepool provides typed object pools whose reset cannot be
// skipped, whose size policy is part of the reset, and whose activity is
// visible.
//
// A [sync.Pool] used by hand leaks in three quiet ways:
//
//	var bufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}
//
//	b := bufs.Get().(*bytes.Buffer)
//	defer bufs.Put(b) // no Reset: the data, and what it references, stays
//	...               // one 16 MiB response: the pool keeps 16 MiB buffers
//
// A Put without a reset keeps whatever the object references alive until
// the pool drops it; a pool that serves small requests keeps the one huge
// buffer it was handed (go.dev/issue/23199; fmt and log guard with a 64 KiB
// cap by hand); and Put of a non-pointer value such as a []byte allocates.
// sync.Pool does give everything back eventually, over two garbage
// collections (the victim cache, since Go 1.13); until then, and in the
// steady state of a busy program, the pool holds what it was given.
//
// [New] makes the reset part of the pool: recycle runs on every Put, clears
// the object and decides whether it is worth keeping.
//
//	pool := safepool.New(
//		func() *bytes.Buffer { return new(bytes.Buffer) },
//		func(b *bytes.Buffer) (*bytes.Buffer, bool) {
//			if b.Cap() > 64<<10 {
//				return nil, false // drop oversized buffers
//			}
//			b.Reset()
//			return b, true
//		})
//	b := pool.Get()
//	defer pool.Put(b)
//
// [BufferPool] and [SlicePool] need no setup at all: their zero value learns
// from its Puts what capacity to give new objects and which objects are too
// big to keep. Every pool counts its calls ([Stats]) in per-goroutine
// stripes, and has a debug mode, on for pools created while SAFEPRIM_DEBUG=1
// or by SetDebug, that catches a double Put, a write after Put, and objects
// that were never Put back.
//
// # Cost
//
// Measured on a 2-core amd64 machine, as ratios of sec/op between
// implementations within one run of the commands below:
//
//   - Get, a small write and Put of a *bytes.Buffer: Pool 1.11x sync.Pool
//     used by hand (type assertion and Reset) on one goroutine, 1.26x under
//     b.RunParallel; BufferPool 0.92x and 1.34x. All 0 allocs/op.
//   - Against allocating a fresh 4 KiB buffer each time: Pool is 21x faster
//     on one goroutine, 38x under b.RunParallel.
//   - Pool[[]byte] and SlicePool[byte]: 0 allocs/op, where a sync.Pool of
//     []byte allocates a slice header on every Put; 0.58x and 0.66x its time
//     on one goroutine. (A sync.Pool of *[]byte used by hand allocates
//     nothing either and is faster still, but leaves the reset to the
//     caller.)
//   - One 16 MiB buffer Put among 1 KiB ones, heap retained after the
//     workload ran on across two collections: sync.Pool 16.0 MiB, BufferPool
//     20 KiB (1/800), bytebufferpool 16.0 MiB.
//   - New buffers on the mixed workload of bytebufferpool issue #15:
//     BufferPool 2 allocs and 3.0 KiB per fresh use, bytebufferpool 5 allocs
//     and 3.5 KiB.
//
// Reproduce with:
//
//	go test -run '^$' -bench 'BufferGetPut|Buffer4KiB|SliceGetPut' -benchtime 200ms -count=6 ./safepool/ > /tmp/safepool-bench.txt
//	go test -run '^$' -bench 'MixedSizes' -benchtime 100ms -count=6 ./safepool/ >> /tmp/safepool-bench.txt
//	go test -run '^$' -bench 'Oversized' -benchtime 1x -count=6 ./safepool/ >> /tmp/safepool-bench.txt
//	go run golang.org/x/perf/cmd/benchstat@latest -col /impl /tmp/safepool-bench.txt
//
// The benchmarks also report cpu-ns/op, the CPU time of the process per
// operation, which does not count time spent waiting for a core.
package safepool
