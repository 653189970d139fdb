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

// sink makes buffers escape, as they do when handed to a writer.
var sink io.Writer = io.Discard

// bufferImpls are the ways to get a buffer, write payload to it, and give
// it back.
func bufferImpls(payload []byte) []struct {
	name string
	op   func()
} {
	byHand := sync.Pool{New: func() any { return new(bytes.Buffer) }}
	pool := safepool.New(
		func() *bytes.Buffer { return new(bytes.Buffer) },
		func(b *bytes.Buffer) (*bytes.Buffer, bool) { b.Reset(); return b, b.Cap() <= 64<<10 })
	var bp safepool.BufferPool
	var bbp bytebufferpool.Pool
	return []struct {
		name string
		op   func()
	}{
		{"naive", func() {
			b := bytes.NewBuffer(make([]byte, 0, len(payload)))
			b.Write(payload)
			sink.Write(b.Bytes())
		}},
		{"sync.Pool", func() {
			b := byHand.Get().(*bytes.Buffer)
			b.Write(payload)
			sink.Write(b.Bytes())
			b.Reset()
			byHand.Put(b)
		}},
		{"safepool", func() {
			b := pool.Get()
			b.Write(payload)
			sink.Write(b.Bytes())
			pool.Put(b)
		}},
		{"safepool.BufferPool", func() {
			b := bp.Get()
			b.Write(payload)
			sink.Write(b.Bytes())
			bp.Put(b)
		}},
		{"bytebufferpool", func() {
			b := bbp.Get()
			b.Write(payload)
			sink.Write(b.B)
			bbp.Put(b)
		}},
	}
}

// BenchmarkBufferGetPut measures Get, a small write, and Put.
func BenchmarkBufferGetPut(b *testing.B) {
	for _, mode := range []string{"serial", "parallel"} {
		for _, impl := range bufferImpls([]byte("hello, world")) {
			b.Run("mode="+mode+"/impl="+impl.name, func(b *testing.B) {
				runOp(b, mode, impl.op)
			})
		}
	}
}

// BenchmarkBuffer4KiB measures Get, a 4 KiB write, and Put, against
// allocating a fresh 4 KiB buffer each time.
func BenchmarkBuffer4KiB(b *testing.B) {
	payload := make([]byte, 4<<10)
	for _, mode := range []string{"serial", "parallel"} {
		for _, impl := range bufferImpls(payload) {
			b.Run("mode="+mode+"/impl="+impl.name, func(b *testing.B) {
				runOp(b, mode, impl.op)
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

// BenchmarkSliceGetPut measures Get and Put of a []byte, where a sync.Pool
// of []byte allocates a slice header on every Put.
func BenchmarkSliceGetPut(b *testing.B) {
	values := sync.Pool{New: func() any { return make([]byte, 0, 4<<10) }}
	pointers := sync.Pool{New: func() any { s := make([]byte, 0, 4<<10); return &s }}
	pool := safepool.New(
		func() []byte { return make([]byte, 0, 4<<10) },
		func(s []byte) ([]byte, bool) { return s[:0], cap(s) <= 64<<10 })
	var sp safepool.SlicePool[byte]
	impls := []struct {
		name string
		op   func()
	}{
		{"naive", func() { s := make([]byte, 0, 4<<10); sink.Write(append(s, "hello"...)) }},
		{"sync.Pool", func() {
			s := append(values.Get().([]byte), "hello"...)
			sink.Write(s)
			//lint:ignore SA6002 the allocation is what is measured
			values.Put(s[:0])
		}},
		{"sync.Pool-pointer", func() {
			p := pointers.Get().(*[]byte)
			*p = append((*p)[:0], "hello"...)
			sink.Write(*p)
			pointers.Put(p)
		}},
		{"safepool", func() { s := append(pool.Get(), "hello"...); sink.Write(s); pool.Put(s) }},
		{"safepool.SlicePool", func() { s := append(sp.Get(), "hello"...); sink.Write(s); sp.Put(s) }},
	}
	for _, mode := range []string{"serial", "parallel"} {
		for _, impl := range impls {
			b.Run("mode="+mode+"/impl="+impl.name, func(b *testing.B) {
				runOp(b, mode, impl.op)
			})
		}
	}
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
			{"safepool.BufferPool",
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
		{"safepool.BufferPool", func() pool {
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
