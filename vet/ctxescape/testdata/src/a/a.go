package a

import (
	"context"
	"net/http"
	"time"
)

type server struct{}

func (s *server) audit(ctx context.Context, path string) {}

// Positive: the context goes to a goroutine the handler never joins.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	go s.audit(r.Context(), r.URL.Path) // want `ctxescape: goroutine started in a handler uses the request r and is not joined before the handler returns; it keeps the request and its context's values alive \(copy what it needs, or use goroutine.Scope or ctxdata's Key.Carry\)`
	w.WriteHeader(http.StatusNoContent)
}

// Positive: a derived context, WithoutCancel: the goroutine can run for ever.
func handle(w http.ResponseWriter, r *http.Request) {
	ctx := context.WithoutCancel(r.Context())
	go func() { // want `ctxescape: goroutine started in a handler uses ctx, the request's context and is not joined`
		for {
			work(ctx)
			time.Sleep(time.Second)
		}
	}()
}

func work(context.Context) {}

// Positive: joined on one path only; the timeout path leaves it running.
var handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), time.Second)
	defer cancel()
	done := make(chan struct{})
	go func() { // want `ctxescape: goroutine started in a handler uses ctx, the request's context`
		work(ctx)
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(time.Second):
	}
})

// Positive: a derived request.
func (s *server) proxy(w http.ResponseWriter, r *http.Request) {
	out := r.WithContext(context.Background())
	go send(out) // want `ctxescape: goroutine started in a handler uses out, derived from the request`
}

func send(*http.Request) {}

// Positive: WithoutCancel detaches the context from the request's end, so
// waiting on its Done does not end the goroutine with the request.
func detachedWatch(w http.ResponseWriter, r *http.Request) {
	ctx := context.WithoutCancel(r.Context())
	go func() { // want `ctxescape: goroutine started in a handler uses ctx, the request's context`
		<-ctx.Done()
	}()
}
