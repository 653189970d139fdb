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
// FIGURES
package safepool
