// Package queueslice defines an Analyzer that reports slices used as FIFO
// queues by reslicing off the front.
//
// # Analyzer queueslice
//
// queueslice: report a long-lived slice of pointers used as a queue with q = q[1:]
//
// The naive code:
//
//	type server struct{ pending []*Request }
//
//	s.pending = append(s.pending, r) // push
//	r := s.pending[0]
//	s.pending = s.pending[1:] // pop
//
// Popping by reslicing leaves the popped element in the backing array,
// before the new start, where nothing can reach it to clear it: what it
// points to stays reachable until append next moves the queue to a new
// array. And the array only creeps forward; a burst leaves one sized for
// the burst behind. The fix is a queue that zeroes popped slots and gives
// memory back as it drains:
//
//	var pending safeslice.Queue[*Request]
//	pending.Push(r)
//	r, ok := pending.Pop()
//
// The analyzer reports q = q[n:] when the same slice is also appended to,
// its elements hold pointers, and it outlives a function call: a struct
// field, a package variable, or a local variable popped inside a for loop
// with no condition or a range over a channel (a worker's loop). A queue
// whose popped elements are zeroed first (q[0] = nil), or that is set to
// nil when it drains, is left alone, and so is a local queue drained
// within one call, such as a breadth-first search.
package queueslice
