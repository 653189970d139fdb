package scenario

import (
	"context"
	"sync"
	"weak"
)

// abandoned records what naive code lost track of, such as the channel a
// leaked goroutine blocks on, through weak pointers only. The goroutine's
// own stack is then the only strong reference, so the leak stays a leak to
// the runtime (and to its goroutineleak profile), while release can still
// reach the channel and unblock the goroutine. Safe for concurrent use.
type abandoned[T any] struct {
	mu sync.Mutex
	ps []weak.Pointer[T]
}

func (a *abandoned[T]) add(p *T) {
	a.mu.Lock()
	a.ps = append(a.ps, weak.Make(p))
	a.mu.Unlock()
}

// each calls f on every recorded object still alive, and forgets them all.
func (a *abandoned[T]) each(f func(*T)) {
	a.mu.Lock()
	ps := a.ps
	a.ps = nil
	a.mu.Unlock()
	for _, wp := range ps {
		if p := wp.Value(); p != nil {
			f(p)
		}
	}
}

// serve calls h the way net/http calls a handler: with a request context
// that is canceled when h returns.
func serve(h func(ctx context.Context)) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	h(ctx)
}
