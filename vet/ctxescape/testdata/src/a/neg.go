package a

import (
	"context"
	"net/http"
	"sync"

	"github.com/safeprim/safeprim/ctxdata"
	"github.com/safeprim/safeprim/goroutine"
)

// Negative: copies what it needs; uses no request state.
func copied(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	go func() { _ = path }()
}

// Negative: joined with a WaitGroup before returning.
func joined(w http.ResponseWriter, r *http.Request) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		work(r.Context())
	}()
	wg.Wait()
}

// Negative: joined with a deferred Wait.
func deferredWait(w http.ResponseWriter, r *http.Request) {
	var wg sync.WaitGroup
	defer wg.Wait()
	wg.Add(1)
	go func() {
		defer wg.Done()
		work(r.Context())
	}()
}

// Negative: joined by a receive on every path.
func received(w http.ResponseWriter, r *http.Request) {
	done := make(chan error, 1)
	go func() { work(r.Context()); done <- nil }()
	<-done
}

// Negative: the goroutine ends with the request.
func watcher(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	finished := make(chan struct{})
	defer close(finished)
	go func() {
		select {
		case <-ctx.Done():
		case <-finished:
		}
	}()
}

// Negative: a fresh context, no request state.
func background(w http.ResponseWriter, r *http.Request) {
	go work(context.Background())
}

// Negative: not a handler.
func notHandler(ctx context.Context, r *http.Request) {
	go work(r.Context())
}

var userKey = ctxdata.NewKey[string]("user")

// Negative: Carry makes a context of its own from Background.
func carried(w http.ResponseWriter, r *http.Request) {
	bg, _ := userKey.Carry(context.Background(), r.Context())
	go work(bg)
}

// Negative: a value copied into a fresh context.
func fresh(w http.ResponseWriter, r *http.Request) {
	ctx := context.WithValue(context.Background(), ctxKey{}, r.URL.Path)
	go work(ctx)
}

type ctxKey struct{}

// Negative: goroutine.Recv gives up when the request ends.
func recvs(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	events := make(chan string)
	go func() {
		for {
			if _, err := goroutine.Recv(ctx, events); err != nil {
				return
			}
		}
	}()
	events <- r.URL.Path
}
