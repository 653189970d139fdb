package scenario

import "github.com/safeprim/safeprim/safeslice"

const (
	messageSize = 64 << 10
	headerSize  = 16
)

func naiveSubslice(n int) func() { return keepHeaders(n, func(h []byte) []byte { return h }) }
func safeSubslice(n int) func()  { return keepHeaders(n, safeslice.Shrink[[]byte]) }

// keepHeaders reads n messages and caches the header of each, passed
// through keep.
func keepHeaders(n int, keep func([]byte) []byte) func() {
	cache := make([][]byte, 0, n)
	for i := range n {
		msg := make([]byte, messageSize)
		msg[0] = byte(i)
		cache = append(cache, keep(msg[:headerSize]))
	}
	return func() { cache = nil }
}

// Requests after the burst use the buffer for few elements.
const (
	smallCycles = 100
	smallUse    = 10
)

func naiveBurst(n int) func() {
	var buf []int64
	for i := range n {
		buf = append(buf, int64(i))
	}
	for c := range smallCycles {
		buf = buf[:0]
		for i := range smallUse {
			buf = append(buf, int64(c+i))
		}
	}
	return func() { buf = nil }
}

func safeBurst(n int) func() {
	var buf safeslice.Buffer[int64]
	for i := range n {
		buf.Append(int64(i))
	}
	for c := range smallCycles {
		buf.Reset()
		for i := range smallUse {
			buf.Append(int64(c + i))
		}
	}
	return func() { buf.Reset() }
}

// job is a queued unit of work.
type job struct {
	id      int
	payload [256]byte
}

// backlog is how many jobs are still queued when the queue is measured:
// the consumer has almost caught up with the burst.
const backlog = 10

func naiveQueue(n int) func() {
	var q []*job
	for i := range n {
		q = append(q, &job{id: i})
	}
	for len(q) > backlog {
		j := q[0]
		q = q[1:] // the popped slot still points to j
		j.payload[0]++
	}
	return func() { q = nil }
}

func safeQueue(n int) func() {
	var q safeslice.Queue[*job]
	for i := range n {
		q.Push(&job{id: i})
	}
	for q.Len() > backlog {
		j, _ := q.Pop()
		j.payload[0]++
	}
	return func() {
		for q.Len() > 0 {
			q.Pop()
		}
	}
}

// conn stands for a connection's state.
type conn struct {
	id  int
	buf [1 << 10]byte
}

// keptConns is how many connections stay after the truncation.
const keptConns = 10

func naivePointerTail(n int) func() {
	return truncateConns(n, func(c []*conn, k int) []*conn { return c[:k] })
}

func safePointerTail(n int) func() { return truncateConns(n, safeslice.Truncate[[]*conn]) }

func truncateConns(n int, truncate func([]*conn, int) []*conn) func() {
	conns := make([]*conn, n)
	for i := range conns {
		conns[i] = &conn{id: i}
		conns[i].buf[0] = byte(i)
	}
	conns = truncate(conns, min(keptConns, n))
	return func() { conns = nil }
}
