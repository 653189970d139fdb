package a

import (
	"context"
	"time"
)

// Negative: a buffered channel of 1.
func buffered(ctx context.Context) (int, error) {
	ch := make(chan int, 1)
	go func() { ch <- slow() }()
	select {
	case r := <-ch:
		return r, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// Negative: the sender gives up with the context too.
func senderSelects(ctx context.Context) (int, error) {
	ch := make(chan int)
	go func() {
		select {
		case ch <- slow():
		case <-ctx.Done():
		}
	}()
	select {
	case r := <-ch:
		return r, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// Negative: no give-up case; the receive always happens.
func plainReceive() int {
	ch := make(chan int)
	go func() { ch <- slow() }()
	return <-ch
}

// Negative: the give-up case drains the channel.
func drains(ctx context.Context) (int, error) {
	ch := make(chan int)
	go func() { ch <- slow() }()
	select {
	case r := <-ch:
		return r, nil
	case <-ctx.Done():
		<-ch
		return 0, ctx.Err()
	}
}

// Negative: a ticker in a loop that does not leave; the receive comes back.
func ticks() int {
	ch := make(chan int)
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	go func() { ch <- slow() }()
	for {
		select {
		case r := <-ch:
			return r
		case <-tick.C:
			println("waiting")
		}
	}
}

func deliver(ch chan int) { ch <- slow() }

// Negative: the channel escapes; its other users are not known.
func escapes(ctx context.Context) int {
	ch := make(chan int)
	go deliver(ch)
	go func() { ch <- slow() }()
	select {
	case r := <-ch:
		return r
	case <-ctx.Done():
		return 0
	}
}

// Negative: a channel closed, not sent to, by the goroutine.
func closes(ctx context.Context) error {
	done := make(chan struct{})
	go func() {
		defer close(done)
		slow()
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
