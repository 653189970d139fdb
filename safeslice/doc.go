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
// Measured on a 2-core amd64 machine, as ratios between implementations
// within one run of
//
//	go test -run '^$' -bench 'BufferAppend|Queue$|Retain|BufferPolicy' -count=6 ./safeslice/ > /tmp/safeslice-bench.txt
//	go run golang.org/x/perf/cmd/benchstat@latest -col /impl /tmp/safeslice-bench.txt
//
//	Buffer.Append+Reset vs append + clear(s)   1.23x (local slice), 1.21x (slice in a struct), per element
//	Buffer.Append+Reset vs append + s[:0]      1.43x (local slice), 1.40x (slice in a struct), per element
//	Queue Push+Pop vs append + q = q[1:]       0.46x (depth=16), 0.41x (depth=1024); 0 B/op vs 16-24 B/op
//	retained-B, burst then small cycles        592 vs 8,445,952
//	retained-B, queue drained                  560 vs 8,445,952
//	retained-B, []*T cut to one element        36 KiB vs 16 MiB
//
// BenchmarkBufferAppend fills 4096 ints and resets, over and over. Against
// the idiom s = s[:0], Reset does more: it zeroes the elements it drops, as
// the contract of [Buffer.Truncate] requires, so that what the dropped
// elements of a []*T point to can be collected. The
// naive-clear baseline, clear(s) before s = s[:0], does the same zeroing;
// against it, what remains is the cost of Append itself. Append(v...) of many
// elements copies them in one go.
//
// The shrink policy trades memory held against reallocations
// (BenchmarkBufferPolicy: one use of 64Ki ints, 512 KiB, every period cycles,
// 10 ints otherwise; held is the capacity held on average):
//
//	window=4   period=8: 272 KiB held, 306 KiB allocated per cycle
//	window=4  period=32:  68 KiB held,  77 KiB allocated per cycle
//	window=16  period=8: 544 KiB held, nothing allocated
//	window=16 period=32: 272 KiB held,  76 KiB allocated per cycle
//	window=64 (either):  544 KiB held, nothing allocated
//
// A window at least as long as the gap between large uses keeps the
// capacity; a shorter one gives it back and pays append's growth again.
package safeslice
