package a

import (
	"context"
	"sync"

	"github.com/safeprim/safeprim/goroutine"
	"golang.org/x/sync/errgroup"
)

// Negative: the early return comes before any goroutine starts.
func checkFirst(ctx context.Context, urls []string) error {
	if len(urls) == 0 {
		return errEmpty
	}
	g, ctx := errgroup.WithContext(ctx)
	for _, u := range urls {
		g.Go(func() error { return fetch(ctx, u) })
	}
	return g.Wait()
}

// Negative: Wait is deferred.
func deferred(items []int, check func(int) error) error {
	var wg sync.WaitGroup
	defer wg.Wait()
	for _, it := range items {
		wg.Add(1)
		go func() { defer wg.Done(); _ = it }()
		if err := check(it); err != nil {
			return err
		}
	}
	return nil
}

// Negative: waited in a goroutine that closes the results.
func fanIn(items []int) <-chan int {
	out := make(chan int)
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() { defer wg.Done(); out <- it }()
	}
	go func() { wg.Wait(); close(out) }()
	return out
}

// Negative: the group is returned; the caller waits.
func start(ctx context.Context) *errgroup.Group {
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error { return fetch(ctx, "x") })
	return g
}

// Negative: Scope joins on every way out.
func scoped(ctx context.Context, urls []string) error {
	return goroutine.Scope(ctx, func(ctx context.Context, g *goroutine.Group) error {
		for _, u := range urls {
			if u == "" {
				return errEmpty
			}
			g.Go(func() error { return fetch(ctx, u) })
		}
		return nil
	})
}

type server struct{ wg sync.WaitGroup }

// Negative: a field; its Wait is in another method.
func (s *server) serve() {
	s.wg.Add(1)
	go func() { defer s.wg.Done() }()
}

// Negative: a panic path is not a return.
func mustAll(ctx context.Context, urls []string) error {
	g, ctx := errgroup.WithContext(ctx)
	for _, u := range urls {
		g.Go(func() error { return fetch(ctx, u) })
		if u == "" {
			panic("empty url")
		}
	}
	return g.Wait()
}
