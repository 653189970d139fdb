package safeslice

// Queue capacities: the first backing array holds queueMinCap elements, and
// a draining Queue never shrinks below queueFloor.
const (
	queueMinCap = 16
	queueFloor  = 64
)

// Queue is a first-in, first-out queue in a ring buffer that shrinks as it
// drains.
//
// The zero Queue is empty and ready to use. A Queue is not safe for
// concurrent use. A Queue must not be copied after first use: the copy would
// share the backing array.
//
// A Queue keeps alive its backing array and the elements it holds, and
// nothing else: [Queue.Pop] zeroes the slot it empties, so what the popped
// element points to can be collected once the caller drops it. The backing
// array doubles when a [Queue.Push] finds it full, and halves when a Pop
// leaves it less than a quarter full, never below 64 elements. Between a
// growth and the next shrink the length must fall by half or more, so a
// Queue whose length hovers around a capacity boundary does not reallocate
// back and forth. A Queue that once held a million elements and drained holds
// 64 slots again; the caller has no cleanup duty.
type Queue[E any] struct {
	buf  []E // len(buf) is 0 or a power of two
	head int // index of the first element
	n    int // number of elements
	low  int // a Pop that leaves fewer than low elements halves buf
}

// Push adds v at the back of q.
func (q *Queue[E]) Push(v E) {
	if q.n == len(q.buf) {
		q.resize(max(queueMinCap, 2*len(q.buf)))
	}
	q.buf[(q.head+q.n)&(len(q.buf)-1)] = v
	q.n++
}

// Pop removes and returns the element at the front of q, and zeroes the slot
// it held. If q is empty, Pop returns the zero E and false.
func (q *Queue[E]) Pop() (v E, ok bool) {
	if q.n == 0 {
		return v, false
	}
	var zero E
	v, q.buf[q.head] = q.buf[q.head], zero
	q.head = (q.head + 1) & (len(q.buf) - 1)
	q.n--
	if q.n < q.low {
		q.resize(len(q.buf) / 2)
	}
	return v, true
}

// Peek returns the element at the front of q without removing it. If q is
// empty, Peek returns the zero E and false.
func (q *Queue[E]) Peek() (v E, ok bool) {
	if q.n == 0 {
		return v, false
	}
	return q.buf[q.head], true
}

// Len returns the number of elements in q.
func (q *Queue[E]) Len() int { return q.n }

// Cap returns the number of elements q can hold before its backing array
// grows.
func (q *Queue[E]) Cap() int { return len(q.buf) }

// resize moves the elements of q, in order, to a new backing array of c
// slots; c is a power of two of at least q.n.
func (q *Queue[E]) resize(c int) {
	buf := make([]E, c)
	if q.n > 0 {
		k := copy(buf, q.buf[q.head:min(q.head+q.n, len(q.buf))])
		copy(buf[k:q.n], q.buf)
	}
	q.buf, q.head, q.low = buf, 0, 0
	if c > queueFloor {
		q.low = c / 4
	}
}
