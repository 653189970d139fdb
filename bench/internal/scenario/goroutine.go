package scenario

import (
	"context"
	"runtime"

	"github.com/safeprim/safeprim/goroutine"
)

// workItems is what each request hands its worker.
const workItems = 4

// scratchSize is the per-goroutine state a worker keeps while it runs.
const scratchSize = 4 << 10

// consume stands for the work done on each item. Called through a variable,
// it keeps the compiler from placing scratch on the worker's stack: real
// per-worker state lives on the heap.
var consume = func(scratch []byte, v int) { scratch[v%len(scratch)]++ }

type jobQueue struct{ items chan int }

func naiveRangeUnclosed(n int) func() {
	var lost abandoned[jobQueue]
	for range n {
		serve(func(ctx context.Context) {
			q := &jobQueue{items: make(chan int)}
			lost.add(q)
			go func(q *jobQueue) {
				scratch := make([]byte, scratchSize)
				for v := range q.items {
					consume(scratch, v)
				}
				runtime.KeepAlive(q)
			}(q)
			for i := range workItems {
				q.items <- i
			}
			// The handler returns without close(q.items): the worker waits for ever.
		})
	}
	return func() { lost.each(func(q *jobQueue) { close(q.items) }) }
}

func safeRangeUnclosed(n int) func() {
	var workers goroutine.Group
	for range n {
		serve(func(ctx context.Context) { startWorker(ctx, &workers) })
	}
	return func() { _ = workers.Wait() }
}

// startWorker is a request handler of safeRangeUnclosed: it hands its
// worker the request's items, and the worker returns when the request ends.
func startWorker(ctx context.Context, workers *goroutine.Group) {
	items := make(chan int)
	workers.Go(func() error {
		scratch := make([]byte, scratchSize)
		for {
			v, err := goroutine.Recv(ctx, items)
			if err != nil {
				return nil // the request ended (or items was closed)
			}
			consume(scratch, v)
		}
	})
	for i := range workItems {
		if goroutine.Send(ctx, items, i) != nil {
			return
		}
	}
	// No close here either: the worker returns when ctx is canceled.
}

type pending struct{ answer chan []byte }

// answerSize is the size of the answer a lookup produces.
const answerSize = 4 << 10

// expired returns a context whose deadline has passed: the request timed
// out before the backend answered. The backend (gate) answers only once
// every request has given up, so each run leaks the same number.
func expired(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, 0)
}

func naiveSendAbandoned(n int) func() {
	var lost abandoned[pending]
	gate := make(chan struct{})
	for range n {
		serve(func(ctx context.Context) {
			ctx, cancel := expired(ctx)
			defer cancel()
			p := &pending{answer: make(chan []byte)}
			lost.add(p)
			go func(p *pending) {
				<-gate
				p.answer <- make([]byte, answerSize) // nobody receives: blocks for ever
				runtime.KeepAlive(p)
			}(p)
			select {
			case <-p.answer:
			case <-ctx.Done():
			}
		})
	}
	close(gate) // the backend answers, too late
	return func() { lost.each(func(p *pending) { <-p.answer }) }
}

func safeSendAbandoned(n int) func() {
	var lookups goroutine.Group
	gate := make(chan struct{})
	for range n {
		serve(func(ctx context.Context) {
			ctx, cancel := expired(ctx)
			defer cancel()
			answer := make(chan []byte)
			lookups.Go(func() error {
				<-gate
				return goroutine.Send(ctx, answer, make([]byte, answerSize))
			})
			_, _ = goroutine.Recv(ctx, answer)
		})
	}
	close(gate)
	return func() { _ = lookups.Wait() }
}
