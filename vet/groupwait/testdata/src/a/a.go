package a

import (
	"context"
	"errors"
	"sync"

	"github.com/safeprim/safeprim/goroutine"
	"golang.org/x/sync/errgroup"
)

var errEmpty = errors.New("empty")

func fetch(context.Context, string) error { return nil }

// Positive: an early return inside the loop skips Wait.
func fetchAll(ctx context.Context, urls []string) error {
	g, ctx := errgroup.WithContext(ctx)
	for _, u := range urls {
		g.Go(func() error { return fetch(ctx, u) }) // want `groupwait: g.Go starts goroutines that the return at line 22 does not Wait for; they outlive the call \(use goroutine.Scope\)`
		if u == "" {
			return errEmpty
		}
	}
	return g.Wait()
}

// Positive: a WaitGroup; the error path returns before Wait.
func process(items []int, check func(int) error) error {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1) // want `groupwait: wg.Add starts goroutines that the return at line 35 does not Wait for`
		go func() { defer wg.Done(); _ = it }()
		if err := check(it); err != nil {
			return err
		}
	}
	wg.Wait()
	return nil
}

// Positive: goroutine.Group, never waited at all.
func fireAndForget(ctx context.Context) {
	g, ctx := goroutine.WithContext(ctx)
	g.Go(func() error { return fetch(ctx, "x") }) // want `groupwait: g.Go starts goroutines that the end of the function does not Wait for`
}

// Positive: a group made with new; Wait only on one branch.
func half(ctx context.Context, wait bool) error {
	g := new(errgroup.Group)
	g.Go(func() error { return nil }) // want `groupwait: g.Go starts goroutines`
	if wait {
		return g.Wait()
	}
	return nil
}
