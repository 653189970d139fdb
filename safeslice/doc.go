// Package safeslice provides slice buffers and queues that give memory back.
//
// A slice never gives memory back by itself. Reslicing keeps the backing
// array, and elements past the new length keep what they point to:
//
//	buf = buf[:0]     // after one request of 1,000,000 elements: the array stays
//	q = q[1:]         // a queue: the popped element stays, the array creeps on
//	conns = conns[:n] // []*Conn: conns[n:] still point to their Conns
//	hdr := pkt[:16]   // 16 bytes that pin the whole 64 KiB read buffer
//
// The replacements:
//
//	var buf safeslice.Buffer[T] // Append, Slice, Reset: shrinks after a window of small uses
//	var q safeslice.Queue[T]    // Push, Pop: a ring buffer that zeroes popped slots and shrinks as it drains
//	conns = safeslice.Truncate(conns, n) // zeroes conns[n:] first
//	hdr := safeslice.Shrink(pkt[:16])     // copies when the capacity is much larger than the length
//
// The standard library already covers the rest: [slices.Delete] zeroes the
// tail it vacates, [slices.Clone] copies a sub-slice off a large array, and
// [slices.Clip] drops spare capacity so that a later append reallocates.
//
// # Growth
//
// A [Buffer] grows as the built-in append does: capacity doubles while it is
// below 256 elements, then grows by about 1.25x plus a constant, with a smooth
// transition between the two (runtime.nextslicecap). A [Queue] doubles its
// ring when full and halves it when a Pop leaves it less than a quarter full
// (never below 64 slots).
// Growth is what makes capacity outlive its use: one large request leaves an
// array sized for it behind every later small one.
//
// # Costs
//
// The benchmarks compare each type with the naive pattern it replaces; run
// them and compare the implementations with
//
//	go test -run '^$' -bench 'BufferAppend|Queue$|Retain|BufferPolicy' -count=10 ./safeslice/ > safeslice.txt
//	go run golang.org/x/perf/cmd/benchstat@latest -col /impl safeslice.txt
//
// BenchmarkBufferAppend fills 4096 ints and resets, over and over. Against
// the idiom s = s[:0], Reset does more: it zeroes the elements it drops, as
// the contract of [Buffer.Truncate] requires, so that what the dropped
// elements of a []*T point to can be collected. The naive-clear baseline,
// clear(s) before s = s[:0], does the same zeroing; against it, what remains
// is the cost of a method call per Append and of the policy's bookkeeping
// per Reset. Append(v...) of many elements copies them in one go.
//
// BenchmarkQueue pushes and pops through a [Queue] and through append with
// q = q[1:]: the ring reuses its slots, so Push and Pop allocate nothing
// once it has grown, where the slice idiom keeps reallocating as it creeps
// through memory. BenchmarkRetainBurst, BenchmarkRetainQueueDrain and
// BenchmarkRetainPointerTail report, as retained-B, what a Buffer after one
// large burst, a drained Queue and a []*T cut down with [Truncate] still
// keep: the floor of a small array, against the whole array (and, for
// []*T, everything its dropped elements point to) for the naive pattern.
//
// The shrink policy trades memory held against reallocations.
// BenchmarkBufferPolicy makes one large use every period cycles and small
// uses in between, and reports the capacity held on average and the bytes
// allocated per cycle for several windows. A window at least as long as the
// gap between large uses keeps the capacity and allocates nothing; a
// shorter one gives it back and pays append's growth again at the next
// large use.
package safeslice
