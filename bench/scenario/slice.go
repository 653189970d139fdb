package scenario

import "github.com/safeprim/safeprim/safeslice"

func init() {
	Register(Scenario{
		Name:     "slice/subslice",
		Source:   "slice",
		Leak:     "a cache keeps msg[:16], the header of each 64 KiB message, and with it the whole message",
		Fix:      "safeslice.Shrink(msg[:16]) copies the header off the large array",
		N:        1000,
		Naive:    func(n int) func() { return keepHeaders(n, func(h []byte) []byte { return h }) },
		Safeprim: func(n int) func() { return keepHeaders(n, safeslice.Shrink[[]byte]) },
	})
	Register(Scenario{
		Name:     "slice/burst",
		Source:   "slice",
		Leak:     "a long-lived buffer reused with buf = buf[:0] keeps the array of its one burst of n elements",
		Fix:      "safeslice.Buffer shrinks once it has been far larger than it needed for a window of Resets",
		N:        1_000_000,
		Naive:    naiveBurst,
		Safeprim: safeBurst,
	})
	Register(Scenario{
		Name:     "slice/queue",
		Source:   "slice",
		Leak:     "a q = q[1:] queue drained after a burst of n jobs keeps its array and every popped job in it",
		Fix:      "safeslice.Queue zeroes popped slots and shrinks its ring as it drains",
		N:        100_000,
		Naive:    naiveQueue,
		Safeprim: safeQueue,
	})
	Register(Scenario{
		Name:     "slice/pointer-tail",
		Source:   "slice",
		Leak:     "conns = conns[:10] of n []*conn keeps the dropped conns reachable past len",
		Fix:      "safeslice.Truncate(conns, 10) zeroes conns[10:] first",
		N:        10_000,
		Naive:    func(n int) func() { return truncateConns(n, func(c []*conn, k int) []*conn { return c[:k] }) },
		Safeprim: func(n int) func() { return truncateConns(n, safeslice.Truncate[[]*conn]) },
	})
}

const (
	messageSize = 64 << 10
	headerSize  = 16
)

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

func truncateConns(n int, truncate func([]*conn, int) []*conn) func() {
	conns := make([]*conn, n)
	for i := range conns {
		conns[i] = &conn{id: i}
		conns[i].buf[0] = byte(i)
	}
	conns = truncate(conns, min(keptConns, n))
	return func() { conns = nil }
}
