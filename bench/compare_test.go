package bench_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/safeprim/safeprim/bench"
	"github.com/safeprim/safeprim/bench/internal/scenario"
	"github.com/safeprim/safeprim/safemap"
	"github.com/safeprim/safeprim/safeslice"
)

// BenchmarkHandler drives the http/service scenario's handler without a
// network: middleware binding request data, an audit goroutine per request
// and a pooled response buffer, all on one request path, naive (WithValue,
// a bare go statement over an unclosed channel, sync.Pool) against
// safeprim (ctxdata, goroutine, safepool). Each iteration serves a batch of
// requests, each with a context canceled when the handler returns, as
// net/http does, then shuts the service down.
func BenchmarkHandler(b *testing.B) {
	const requests = 100
	for _, impl := range []scenario.Impl{scenario.Naive, scenario.Safeprim} {
		b.Run(fmt.Sprintf("requests=%d/impl=%s", requests, impl), func(b *testing.B) {
			bench.Leak(b, func() func() {
				svc := scenario.NewService(impl)
				for range requests {
					serveOne(b, svc.Handler)
				}
				return svc.Shutdown()
			}, bench.WithWarmGoroutines(requests))
		})
	}
}

func serveOne(b *testing.B, h http.Handler) {
	req := httptest.NewRequest(http.MethodGet, "/hello", nil)
	ctx, cancel := context.WithCancel(req.Context())
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req.WithContext(ctx))
	cancel()
	if rec.Code != http.StatusOK {
		b.Fatalf("GET /hello: status %d, want %d", rec.Code, http.StatusOK)
	}
}

type job struct {
	id      int
	payload [64]byte
}

// jobQueue is a job queue feeding a shared results map: the queue as the
// slice idiom or safeslice.Queue, the map as a map with a mutex or
// safemap.Map.
type jobQueue interface {
	push(*job)
	pop() (*job, bool)
}

type sliceQueue struct{ q []*job }

func (s *sliceQueue) push(j *job) { s.q = append(s.q, j) }
func (s *sliceQueue) pop() (*job, bool) {
	if len(s.q) == 0 {
		return nil, false
	}
	j := s.q[0]
	s.q = s.q[1:]
	return j, true
}

type ringQueue struct{ q safeslice.Queue[*job] }

func (r *ringQueue) push(j *job)       { r.q.Push(j) }
func (r *ringQueue) pop() (*job, bool) { return r.q.Pop() }

type results interface {
	store(id int, sum byte)
	delete(id int)
}

type mutexMap struct {
	mu sync.Mutex
	m  map[int]byte
}

func (m *mutexMap) store(id int, sum byte) { m.mu.Lock(); m.m[id] = sum; m.mu.Unlock() }
func (m *mutexMap) delete(id int)          { m.mu.Lock(); delete(m.m, id); m.mu.Unlock() }

type safeMap struct{ m safemap.Map[int, byte] }

func (m *safeMap) store(id int, sum byte) { m.m.Store(id, sum) }
func (m *safeMap) delete(id int)          { m.m.Delete(id) }

// BenchmarkJobQueue has each goroutine of b.RunParallel queue a batch of
// jobs, drain it, and record each result in a map shared by all of them,
// then delete the results: the slice queue idiom and a map with a mutex
// (impl=stdlib; an unsynchronized map would end the process) against
// safeslice.Queue and safemap.Map.
func BenchmarkJobQueue(b *testing.B) {
	const batch = 64
	impls := []struct {
		name     string
		newQueue func() jobQueue
		results  func() results
	}{
		{"stdlib", func() jobQueue { return new(sliceQueue) }, func() results { return &mutexMap{m: map[int]byte{}} }},
		{"safeprim", func() jobQueue { return new(ringQueue) }, func() results { return new(safeMap) }},
	}
	for _, impl := range impls {
		b.Run(fmt.Sprintf("batch=%d/impl=%s", batch, impl.name), func(b *testing.B) {
			res := impl.results()
			var workers atomic.Int64
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				base := int(workers.Add(1)-1) << 20 // each worker's own ids
				q := impl.newQueue()
				jobs := make([]job, batch)
				for pb.Next() {
					for i := range jobs {
						jobs[i].id = base + i
						q.push(&jobs[i])
					}
					for j, ok := q.pop(); ok; j, ok = q.pop() {
						res.store(j.id, j.payload[0]+byte(j.id))
					}
					for i := range jobs {
						res.delete(base + i)
					}
				}
			})
		})
	}
}
