package a

type request struct{ body []byte }

type server struct {
	pending []*request
}

func (s *server) push(r *request) { s.pending = append(s.pending, r) }

// Positive: a field used as a FIFO.
func (s *server) pop() *request {
	r := s.pending[0]
	s.pending = s.pending[1:] // want `queueslice: s.pending is a queue popped with s.pending\[1:\] and appended to; popped elements stay reachable and the array only creeps forward \(use safeslice.Queue\)`
	return r
}

var backlog []string

func enqueue(s string) { backlog = append(backlog, s) }

// Positive: a package variable, strings hold pointers.
func dequeue(n int) []string {
	out := backlog[:n]
	backlog = backlog[n:] // want `queueslice: backlog is a queue popped with backlog\[n:\]`
	return out
}

// Positive: a local queue in a worker's endless loop.
func worker(in <-chan *request, handle func(*request)) {
	var q []*request
	for {
		select {
		case r := <-in:
			q = append(q, r)
		default:
		}
		if len(q) > 0 {
			handle(q[0])
			q = q[1:] // want `queueslice: q is a queue popped with q\[1:\]`
		}
	}
}
