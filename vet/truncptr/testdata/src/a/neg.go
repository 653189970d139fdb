package a

// Negative: the tail is cleared first.
func (s *server) dropCleared(n int) {
	clear(s.conns[n:])
	s.conns = s.conns[:n]
}

// Negative: the dropped element is zeroed first.
func (s *server) pop() *conn {
	c := s.conns[len(s.conns)-1]
	s.conns[len(s.conns)-1] = nil
	s.conns = s.conns[:len(s.conns)-1]
	return c
}

type ring struct{ data []byte }

// Negative: bytes hold no pointers.
func (r *ring) cut(n int) { r.data = r.data[:n] }

// Negative: growing within capacity.
func (s *server) grow() {
	s.conns = s.conns[:len(s.conns)+1]
}

// Negative: a local slice that dies with the call.
func local(cs []*conn) int {
	cs = cs[:1]
	return len(cs)
}

// Negative: a new variable, not a truncation of the same slice.
func (s *server) head() []*conn {
	h := s.conns[:1]
	return h
}

// Negative: a three-index slice sets the capacity too.
func (s *server) clip(n int) {
	s.conns = s.conns[:n:n]
}

type kv struct{ key, value []byte }

type header struct{ kvs []kv }

// Negative: byte buffers kept past the length to be reused.
func (h *header) reset() { h.kvs = h.kvs[:0] }

// Negative: strings, the same reuse.
func (s *server) names(ns *[]string) { *ns = (*ns)[:0] }

// Negative: resized to another slice's length or to the capacity.
func resize(dst, src []*conn) []*conn {
	dst = dst[:len(src)]
	copy(dst, src)
	return dst
}

func (s *server) extend() {
	s.conns = s.conns[:cap(s.conns)]
}

// Negative: a free list; the popped element is handed out.
func (s *server) get() *conn {
	n := len(s.conns)
	c := s.conns[n-1]
	s.conns = s.conns[:n-1]
	return c
}

type slab struct{ items []conn2 }

type conn2 struct{ peer *conn }

// Negative: a slab; the element's address is handed out.
func (sl *slab) alloc() *conn2 {
	c := &sl.items[len(sl.items)-1]
	sl.items = sl.items[:len(sl.items)-1]
	return c
}

// Negative: a shift leaves a duplicate in the last slot.
func (s *server) popFront() *conn {
	c := s.conns[0]
	copy(s.conns, s.conns[1:])
	s.conns = s.conns[:len(s.conns)-1]
	return c
}

type entry struct{ key, value any }

type bag struct{ es []entry }

// Negative: the fields of the elements are zeroed first.
func (b *bag) reset() {
	for i := range b.es {
		b.es[i].key = nil
		b.es[i].value = nil
	}
	b.es = b.es[:0]
}

type frame struct {
	node *conn
	pos  int
}

type cursor struct{ stack []frame }

// Negative: a slice of struct records, reused in place.
func (c *cursor) first() { c.stack = c.stack[:0] }

type pages []*conn

func (ps pages) clear() {
	for i := range ps {
		ps[i] = nil
	}
}

type pageBuffer struct{ pages pages }

// Negative: the slice's own clear method.
func (b *pageBuffer) unref() {
	b.pages.clear()
	b.pages = b.pages[:0]
}
