package a

type conn struct{ name string }

type server struct {
	conns []*conn
}

// Positive: a field popped from the end.
func (s *server) dropLast() {
	s.conns = s.conns[:len(s.conns)-1] // want `truncptr: s.conns\[:len\(s.conns\)-1\] keeps the elements cut off reachable through the array \(clear the tail first, or use safeslice.Truncate\)`
}

// Positive: reset to empty for reuse.
func (s *server) reset() {
	s.conns = s.conns[:0] // want `truncptr: s.conns\[:0\] keeps the elements cut off`
}

var handlers []func()

// Positive: a package variable of funcs.
func keep(n int) {
	handlers = handlers[:n] // want `truncptr: handlers\[:n\] keeps`
}

// Positive: a local slice returned to the caller.
func filter(cs []*conn, keep func(*conn) bool) []*conn {
	n := 0
	for _, c := range cs {
		if keep(c) {
			cs[n] = c
			n++
		}
	}
	cs = cs[:n] // want `truncptr: cs\[:n\] keeps`
	return cs
}

// Positive: through a pointer, with an impure bound: no fix.
func trim(p *[]*conn, f func() int) {
	*p = (*p)[:f()] // want `truncptr: \(\*p\)\[:f\(\)\] keeps`
}
