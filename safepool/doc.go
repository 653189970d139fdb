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
//	var bufs = safepool.New(
//		func() *bytes.Buffer { return new(bytes.Buffer) },
//		func(b *bytes.Buffer) (*bytes.Buffer, bool) {
//			if b.Cap() > 64<<10 {
//				return nil, false // drop oversized buffers
//			}
//			b.Reset()
//			return b, true
//		})
//
//	b := bufs.Get()
//	defer bufs.Put(b)
//
// [BufferPool] and [SlicePool] need no setup at all: their zero value learns
// from its Puts what capacity to give new objects and which objects are too
// big to keep, and it still learns when buffers are drained by io.Copy or
// Reset before Put.
//
// Every pool keeps its objects in sync.Pools and nowhere else, so it hands
// them to the garbage collector exactly as a sync.Pool does. Every pool
// counts the objects it made and dropped, and with [WithStats] every Get
// and Put ([Stats]); [WithName] lists it, while it is reachable, in [Named].
// Debug mode, on for pools created while SAFEPRIM_DEBUG=1 or by SetDebug,
// catches a double Put, a write after Put, a slice Put that starts late, and
// objects that were never Put back.
//
// # Cost
//
// A Get and Put of a Pool cost a sync.Pool Get and Put, one call of recycle
// and one atomic load each, in two calls that the compiler does not inline
// (a Get that handles value types does not fit its budget). A BufferPool
// adds a Reset and a second atomic load; a SlicePool a third, and no
// allocation, where a sync.Pool of []byte allocates on every Put.
// [WithStats](true) adds an atomic add to each call. A Pool of a type that
// is not pointer-shaped pays a second sync.Pool round trip for the box of
// each value. The benchmarks that measure these, against a sync.Pool used
// by hand (type assertion and reset) and a fresh allocation, are
// BenchmarkPoolGetPut, BenchmarkBufferPoolGetPut and
// BenchmarkSlicePoolGetPut, each on one goroutine and under b.RunParallel;
// BenchmarkBufferPoolCopy, BenchmarkMixedSizes and BenchmarkOversized
// measure the calibration:
//
//	go test -run '^$' -bench . -count 10 ./safepool > bench.txt
//	go run golang.org/x/perf/cmd/benchstat@latest -col /impl bench.txt
package safepool
