package safepool_test

import (
	"bytes"
	"io"
	"runtime"
	"sync"
	"testing"

	"github.com/valyala/bytebufferpool"

	"github.com/safeprim/safeprim/internal/cputime"
	"github.com/safeprim/safeprim/internal/leaktest"
	"github.com/safeprim/safeprim/safepool"
)

// The comparison benchmarks are named BenchmarkX/mode=serial|parallel/impl=Y
// so that benchstat -col /impl puts the implementations side by side:
// impl=naive makes a fresh object per use, impl=sync.Pool uses a sync.Pool
// by hand (type assertion and reset), impl=safepool the pool under test,
// impl=safepool-stats the same made with WithStats(true).

// sink makes buffers escape, as they do when handed to a writer.
var sink io.Writer = io.Discard

// hello is the small write of the Get+write+Put benchmarks.
var hello = []byte("hello, world")

// An impl is one implementation's op. Each op calls its pool's methods
// directly, written out per pool type: a helper generic over the pool would
// call them through its dictionary and measure that instead.
type impl struct {
	name string
	op   func()
}

// runImpls runs each impl on one goroutine (mode=serial) and under
// b.RunParallel (mode=parallel).
func runImpls(b *testing.B, impls []impl) {
	for _, mode := range []string{"serial", "parallel"} {
		for _, im := range impls {
			b.Run("mode="+mode+"/impl="+im.name, func(b *testing.B) {
				runOp(b, mode, im.op)
			})
		}
	}
}

// runOp runs op in a loop, on one goroutine or with b.RunParallel, and
// reports beside ns/op the CPU time per op of the whole process
// (cpu-ns/op), which other work on the machine disturbs less.
func runOp(b *testing.B, mode string, op func()) {
	b.ReportAllocs()
	op()
	start, ok := cputime.Process()
	if mode == "serial" {
		for b.Loop() {
			op()
		}
	} else {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				op()
			}
		})
	}
	if end, ok2 := cputime.Process(); ok && ok2 {
		b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
	}
}

func newBuffer() *bytes.Buffer { return new(bytes.Buffer) }

func resetBuffer(b *bytes.Buffer) (*bytes.Buffer, bool) {
	b.Reset()
	return b, b.Cap() <= 64<<10
}

// bufferBaselines are the impls a pool of *bytes.Buffer is measured
// against: a fresh buffer per use, and a sync.Pool used by hand.
func bufferBaselines() []impl {
	byHand := &sync.Pool{New: func() any { return new(bytes.Buffer) }}
	return []impl{
		{"naive", func() {
			x := new(bytes.Buffer)
			x.Write(hello)
			sink.Write(x.Bytes())
		}},
		{"sync.Pool", func() {
			x := byHand.Get().(*bytes.Buffer)
			x.Write(hello)
			sink.Write(x.Bytes())
			x.Reset()
			byHand.Put(x)
		}},
	}
}

// BenchmarkPoolGetPut measures Get, a small write and Put of a
// *bytes.Buffer: a Pool against a sync.Pool used by hand.
func BenchmarkPoolGetPut(b *testing.B) {
	pool := safepool.New(newBuffer, resetBuffer)
	counted := safepool.New(newBuffer, resetBuffer, safepool.WithStats(true))
	runImpls(b, append(bufferBaselines(),
		impl{"safepool", func() {
			x := pool.Get()
			x.Write(hello)
			sink.Write(x.Bytes())
			pool.Put(x)
		}},
		impl{"safepool-stats", func() {
			x := counted.Get()
			x.Write(hello)
			sink.Write(x.Bytes())
			counted.Put(x)
		}},
	))
}

// BenchmarkBufferPoolGetPut measures Get, a small write and Put of a
// *bytes.Buffer: a BufferPool against a sync.Pool used by hand and
// bytebufferpool.
func BenchmarkBufferPoolGetPut(b *testing.B) {
	var pool safepool.BufferPool
	counted := safepool.NewBufferPool(safepool.WithStats(true))
	var bbp bytebufferpool.Pool
	runImpls(b, append(bufferBaselines(),
		impl{"safepool", func() {
			x := pool.Get()
			x.Write(hello)
			sink.Write(x.Bytes())
			pool.Put(x)
		}},
		impl{"safepool-stats", func() {
			x := counted.Get()
			x.Write(hello)
			sink.Write(x.Bytes())
			counted.Put(x)
		}},
		impl{"bytebufferpool", func() {
			x := bbp.Get()
			x.Write(hello)
			sink.Write(x.B)
			bbp.Put(x)
		}},
	))
}

// BenchmarkSlicePoolGetPut measures Get, a small append and Put of a
// []byte: a SlicePool against a sync.Pool of []byte, which allocates a
// slice header on every Put, and a sync.Pool of *[]byte used by hand, which
// does not. impl=safepool.Pool is a Pool[[]byte], which keeps its slices in
// boxes.
func BenchmarkSlicePoolGetPut(b *testing.B) {
	values := sync.Pool{New: func() any { return make([]byte, 0, 4<<10) }}
	pointers := sync.Pool{New: func() any { s := make([]byte, 0, 4<<10); return &s }}
	var sp safepool.SlicePool[byte]
	counted := safepool.NewSlicePool[byte](safepool.WithStats(true))
	boxed := safepool.New(
		func() []byte { return make([]byte, 0, 4<<10) },
		func(s []byte) ([]byte, bool) { return s[:0], cap(s) <= 64<<10 })
	runImpls(b, []impl{
		{"naive", func() { s := make([]byte, 0, 64); sink.Write(append(s, hello...)) }},
		{"sync.Pool", func() {
			s := append(values.Get().([]byte), hello...)
			sink.Write(s)
			//lint:ignore SA6002 the allocation is what is measured
			values.Put(s[:0])
		}},
		{"sync.Pool-pointer", func() {
			p := pointers.Get().(*[]byte)
			*p = append((*p)[:0], hello...)
			sink.Write(*p)
			pointers.Put(p)
		}},
		{"safepool", func() { s := append(sp.Get(), hello...); sink.Write(s); sp.Put(s) }},
		{"safepool-stats", func() { s := append(counted.Get(), hello...); sink.Write(s); counted.Put(s) }},
		{"safepool.Pool", func() { s := append(boxed.Get(), hello...); sink.Write(s); boxed.Put(s) }},
	})
}

// BenchmarkBufferPoolCopy writes 4 KiB to a buffer, drains it with
// io.Copy (that is, WriteTo, which resets it) and Puts it back, the most
// common use of a pooled buffer, and reports the buffers the pool made and
// dropped per use (news/op, drops/op): a pool that records a drained
// buffer's length as its use would drop nearly every one.
func BenchmarkBufferPoolCopy(b *testing.B) {
	payload := make([]byte, 4<<10)
	byHand := sync.Pool{New: func() any { return new(bytes.Buffer) }}
	var pool safepool.BufferPool
	var bbp bytebufferpool.Pool
	runImpls(b, []impl{
		{"naive", func() {
			x := new(bytes.Buffer)
			x.Write(payload)
			io.Copy(sink, x)
		}},
		{"sync.Pool", func() {
			x := byHand.Get().(*bytes.Buffer)
			x.Write(payload)
			io.Copy(sink, x)
			x.Reset()
			byHand.Put(x)
		}},
		impl{"safepool", func() {
			x := pool.Get()
			x.Write(payload)
			io.Copy(sink, x)
			pool.Put(x)
		}},
		{"bytebufferpool", func() {
			x := bbp.Get()
			x.Write(payload)
			x.WriteTo(sink)
			bbp.Put(x)
		}},
	})
	s := pool.Stats()
	b.Logf("BufferPool: %d news, %d drops", s.News, s.Drops)
}

// mixedSizes is the workload of bytebufferpool issue #15: the most frequent
// size is small, while most uses need 1-4 KiB.
var mixedSizes = []int{40, 40, 40, 40, 40, 40, 40, 700, 700, 700, 700, 1500, 1500, 1500, 1500, 3000, 3000, 3000, 3000, 3000}

// BenchmarkMixedSizes writes in 64-byte pieces, as an encoder does, to
// buffers from a pool calibrated on the mixed workload. phase=steady Puts
// every buffer back; phase=fresh Puts none, so every Get makes a new buffer,
// as after a collection emptied the pool: a pool that starts new buffers
// too small pays for every growth.
func BenchmarkMixedSizes(b *testing.B) {
	chunk := make([]byte, 64)
	write := func(w io.Writer, n int) {
		for n > 0 {
			k := min(n, len(chunk))
			w.Write(chunk[:k])
			n -= k
		}
	}
	for _, phase := range []string{"steady", "fresh"} {
		var bp safepool.BufferPool
		var bbp bytebufferpool.Pool
		impls := []struct {
			name string
			get  func() io.Writer
			put  func(io.Writer)
		}{
			{"safepool",
				func() io.Writer { return bp.Get() },
				func(w io.Writer) { bp.Put(w.(*bytes.Buffer)) }},
			{"bytebufferpool",
				func() io.Writer { return bbp.Get() },
				func(w io.Writer) { bbp.Put(w.(*bytebufferpool.ByteBuffer)) }},
		}
		for _, impl := range impls {
			b.Run("phase="+phase+"/impl="+impl.name, func(b *testing.B) {
				// Calibrate, past bytebufferpool's threshold of 42000 Puts.
				for i := range 50000 {
					w := impl.get()
					write(w, mixedSizes[i%len(mixedSizes)])
					impl.put(w)
				}
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					w := impl.get()
					write(w, mixedSizes[i%len(mixedSizes)])
					if phase == "steady" {
						impl.put(w)
					}
					i++
				}
			})
		}
	}
}

// BenchmarkOversized puts one 16 MiB buffer among 1 KiB ones into a pool
// in use, and reports the heap it retains after the workload ran on across
// two collections. (bytebufferpool keeps every buffer until one size class
// has seen 42000 Puts.)
func BenchmarkOversized(b *testing.B) {
	type pool struct {
		get func() io.Writer
		put func(io.Writer)
	}
	impls := []struct {
		name string
		make func() pool
	}{
		{"sync.Pool", func() pool {
			p := &sync.Pool{New: func() any { return new(bytes.Buffer) }}
			return pool{
				func() io.Writer { return p.Get().(*bytes.Buffer) },
				func(w io.Writer) { w.(*bytes.Buffer).Reset(); p.Put(w) }}
		}},
		{"safepool", func() pool {
			p := new(safepool.BufferPool)
			return pool{
				func() io.Writer { return p.Get() },
				func(w io.Writer) { p.Put(w.(*bytes.Buffer)) }}
		}},
		{"bytebufferpool", func() pool {
			p := new(bytebufferpool.Pool)
			return pool{
				func() io.Writer { return p.Get() },
				func(w io.Writer) { p.Put(w.(*bytebufferpool.ByteBuffer)) }}
		}},
	}
	kib := make([]byte, 1<<10)
	for _, impl := range impls {
		b.Run("impl="+impl.name, func(b *testing.B) {
			// One processor, so that whether sync.Pool finds an object
			// again after a collection does not depend on scheduling.
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
			b.ReportAllocs()
			var retained uint64
			for b.Loop() {
				b.StopTimer()
				before := leaktest.LiveHeap()
				b.StartTimer()
				p := impl.make()
				round := func() { // 16 requests in flight at a time
					for range 64 {
						var held [16]io.Writer
						for i := range held {
							held[i] = p.get()
							held[i].Write(kib)
						}
						for _, x := range held {
							p.put(x)
						}
					}
				}
				round()
				huge := p.get()
				huge.Write(make([]byte, 16<<20))
				p.put(huge)
				var after uint64
				for range 2 {
					round()
					after = leaktest.LiveAfterGC()
				}
				b.StopTimer()
				runtime.KeepAlive(p)
				retained = max(after, before) - before
				b.StartTimer()
			}
			b.ReportMetric(float64(retained), "retained-B")
		})
	}
}
