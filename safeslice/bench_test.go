package safeslice_test

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/safeprim/safeprim/internal/leaktest"
	"github.com/safeprim/safeprim/safeslice"
)

// BenchmarkBufferAppend measures one cycle of n single-element appends and
// a reset, on a buffer reused across cycles: impl=naive reslices the plain
// slice to s[:0]; impl=naive-clear zeroes it first, clear(s), as Truncate
// does so that dropped pointers can be collected; impl=safeslice uses
// Buffer.Append and Buffer.Reset (which zeroes and runs the shrink policy).
// ns/elem is the amortized cost of one append.
//
// slice=local keeps the plain slice in a local variable, where the compiler
// holds its length in a register; slice=field keeps it in a struct on the
// heap, as a long-lived buffer is, where each append reads and writes the
// length in memory. A Buffer always keeps its length in memory, so it is
// compared with both.
func BenchmarkBufferAppend(b *testing.B) {
	const n = 4096
	type sliceHolder struct{ s []int }
	type bufferHolder struct{ buf safeslice.Buffer[int] }
	b.Run("impl=naive/slice=local", func(b *testing.B) {
		var s []int
		b.ReportAllocs()
		for b.Loop() {
			s = s[:0]
			for i := range n {
				s = append(s, i)
			}
		}
		runtime.KeepAlive(s)
		reportPerElem(b, n)
	})
	b.Run("impl=naive-clear/slice=local", func(b *testing.B) {
		var s []int
		b.ReportAllocs()
		for b.Loop() {
			clear(s)
			s = s[:0]
			for i := range n {
				s = append(s, i)
			}
		}
		runtime.KeepAlive(s)
		reportPerElem(b, n)
	})
	b.Run("impl=safeslice/slice=local", func(b *testing.B) {
		var buf safeslice.Buffer[int]
		b.ReportAllocs()
		for b.Loop() {
			buf.Reset()
			for i := range n {
				buf.Append(i)
			}
		}
		runtime.KeepAlive(&buf)
		reportPerElem(b, n)
	})
	b.Run("impl=naive/slice=field", func(b *testing.B) {
		h := new(sliceHolder)
		sink = h
		b.ReportAllocs()
		for b.Loop() {
			h.s = h.s[:0]
			for i := range n {
				h.s = append(h.s, i)
			}
		}
		reportPerElem(b, n)
	})
	b.Run("impl=naive-clear/slice=field", func(b *testing.B) {
		h := new(sliceHolder)
		sink = h
		b.ReportAllocs()
		for b.Loop() {
			clear(h.s)
			h.s = h.s[:0]
			for i := range n {
				h.s = append(h.s, i)
			}
		}
		reportPerElem(b, n)
	})
	b.Run("impl=safeslice/slice=field", func(b *testing.B) {
		h := new(bufferHolder)
		sink = h
		b.ReportAllocs()
		for b.Loop() {
			h.buf.Reset()
			for i := range n {
				h.buf.Append(i)
			}
		}
		reportPerElem(b, n)
	})
}

// sink makes the holders of BenchmarkBufferAppend escape to the heap.
var sink any

func reportPerElem(b *testing.B, n int) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/elem")
}

// BenchmarkQueue measures one Push and one Pop on a queue that holds depth
// elements: the append + q = q[1:] idiom against Queue.
func BenchmarkQueue(b *testing.B) {
	for _, depth := range []int{16, 1024} {
		b.Run(fmt.Sprintf("impl=naive/depth=%d", depth), func(b *testing.B) {
			q := make([]int, depth)
			b.ReportAllocs()
			sum := 0
			for b.Loop() {
				q = append(q, 1)
				sum += q[0]
				q = q[1:]
			}
			runtime.KeepAlive(sum)
		})
		b.Run(fmt.Sprintf("impl=safeslice/depth=%d", depth), func(b *testing.B) {
			var q safeslice.Queue[int]
			for range depth {
				q.Push(0)
			}
			b.ReportAllocs()
			sum := 0
			for b.Loop() {
				q.Push(1)
				v, _ := q.Pop()
				sum += v
			}
			runtime.KeepAlive(sum)
		})
	}
}

// sinkInts and sinkPtrs hold what a retention scenario keeps, so that the
// live heap measured after it includes what it pins.
var (
	sinkInts  []int
	sinkPtrs  []*page
	sinkBuf   *safeslice.Buffer[int]
	sinkQueue *safeslice.Queue[int]
)

// retained runs scenario once per iteration and reports the live heap it
// leaves behind, on average, as retained-B; release drops what it kept.
func retained(b *testing.B, scenario, release func()) {
	b.ReportAllocs()
	var total uint64
	for b.Loop() {
		total += leaktest.Retained(scenario)
		release()
	}
	b.ReportMetric(float64(total)/float64(b.N), "retained-B")
}

// BenchmarkRetainBurst: one burst of 1,000,000 ints, then 100 cycles of 10
// appends and a reset; what stays live while the slice is kept.
func BenchmarkRetainBurst(b *testing.B) {
	const burst, cycles, small = 1_000_000, 100, 10
	b.Run("impl=naive", func(b *testing.B) {
		retained(b, func() {
			var s []int
			for i := range burst {
				s = append(s, i)
			}
			for range cycles {
				s = s[:0]
				for i := range small {
					s = append(s, i)
				}
			}
			sinkInts = s
		}, func() { sinkInts = nil })
	})
	b.Run("impl=safeslice", func(b *testing.B) {
		retained(b, func() {
			buf := new(safeslice.Buffer[int])
			for i := range burst {
				buf.Append(i)
			}
			for range cycles {
				buf.Reset()
				for i := range small {
					buf.Append(i)
				}
			}
			sinkBuf = buf
		}, func() { sinkBuf = nil })
	})
}

// BenchmarkRetainQueueDrain: a queue fills to 1,000,000 ints and drains,
// then serves 100 more Push+Pop; what stays live while the queue is kept.
func BenchmarkRetainQueueDrain(b *testing.B) {
	const held, after = 1_000_000, 100
	b.Run("impl=naive", func(b *testing.B) {
		retained(b, func() {
			var q []int
			for i := range held {
				q = append(q, i)
			}
			for len(q) > 0 {
				q = q[1:]
			}
			for i := range after {
				q = append(q, i)
				q = q[1:]
			}
			sinkInts = q
		}, func() { sinkInts = nil })
	})
	b.Run("impl=safeslice", func(b *testing.B) {
		retained(b, func() {
			q := new(safeslice.Queue[int])
			for i := range held {
				q.Push(i)
			}
			for q.Len() > 0 {
				q.Pop()
			}
			for i := range after {
				q.Push(i)
				q.Pop()
			}
			sinkQueue = q
		}, func() { sinkQueue = nil })
	})
}

// page stands for a 4 KiB object a slice of pointers refers to.
type page struct{ _ [4 << 10]byte }

// BenchmarkRetainPointerTail: a slice of 4096 pointers to 4 KiB objects is
// cut to its first element; what stays live while the slice is kept (its
// 32 KiB array and the objects its elements still point to).
func BenchmarkRetainPointerTail(b *testing.B) {
	const n, keep = 4096, 1
	fill := func() []*page {
		s := make([]*page, n)
		for i := range s {
			s[i] = new(page)
		}
		return s
	}
	b.Run("impl=naive", func(b *testing.B) {
		retained(b, func() { sinkPtrs = fill()[:keep] }, func() { sinkPtrs = nil })
	})
	b.Run("impl=safeslice", func(b *testing.B) {
		retained(b, func() { sinkPtrs = safeslice.Truncate(fill(), keep) }, func() { sinkPtrs = nil })
	})
}
