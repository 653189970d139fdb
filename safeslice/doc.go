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
// ring when full and halves it when a Pop leaves it less than a quarter full.
// Growth is what makes capacity outlive its use: one large request leaves an
// array sized for it behind every later small one.
//
// # Costs
//
// Measured on this repository's benchmarks (2-core amd64, ratios of one run):
//
//	go test -run '^$' -bench 'BufferAppend|Queue$|Retain|BufferPolicy' -count=6 ./safeslice/ > /tmp/safeslice-bench.txt
//	go run golang.org/x/perf/cmd/benchstat@latest -col /impl /tmp/safeslice-bench.txt
//
// FIGURES
package safeslice
