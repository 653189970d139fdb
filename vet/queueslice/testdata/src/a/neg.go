package a

type node struct{ kids []*node }

// Negative: a breadth-first search; the queue dies with the call.
func bfs(root *node) int {
	n := 0
	q := []*node{root}
	for len(q) > 0 {
		x := q[0]
		q = q[1:]
		n++
		q = append(q, x.kids...)
	}
	return n
}

// Negative: popped, never appended to (argument parsing).
func args(as []string) string {
	for len(as) > 0 {
		a := as[0]
		as = as[1:]
		if a == "--" {
			break
		}
	}
	return ""
}

type stream struct{ buf []byte }

// Negative: a byte stream; no pointers in the elements.
func (s *stream) write(p []byte) { s.buf = append(s.buf, p...) }
func (s *stream) consume(n int)  { s.buf = s.buf[n:] }

type careful struct{ q []*request }

func (c *careful) push(r *request) { c.q = append(c.q, r) }

// Negative: the popped slot is zeroed first.
func (c *careful) pop() *request {
	r := c.q[0]
	c.q[0] = nil
	c.q = c.q[1:]
	return r
}

// Negative: a copy to another slice, not a reslice of the same one.
func (s *server) snapshot() []*request {
	rest := s.pending[1:]
	return rest
}

// Negative: a full slice expression from zero.
func (s *server) all() {
	s.pending = s.pending[0:]
}

type frames struct{ bufs []*request }

func (f *frames) add(r *request) { f.bufs = append(f.bufs, r) }

// Negative: the queue is let go when it drains.
func (f *frames) next() *request {
	if len(f.bufs) == 1 {
		r := f.bufs[0]
		f.bufs = nil
		return r
	}
	r := f.bufs[0]
	f.bufs = f.bufs[1:]
	return r
}
