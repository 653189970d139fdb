package a

import (
	"context"
	"errors"
	"time"
)

func slow() int { return 1 }

// Positive: the select can leave by ctx.Done.
func lookup(ctx context.Context) (int, error) {
	ch := make(chan int)
	go func() {
		ch <- slow() // want `sendleak: the goroutine's send on ch blocks for ever if the select takes <-ctx.Done\(\) first \(make ch buffered with capacity 1, or use goroutine.Send\)`
	}()
	select {
	case r := <-ch:
		return r, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// Positive: a timeout with time.After.
func withTimeout() (int, error) {
	ch := make(chan int, 0)
	go func() { ch <- slow() }() // want `sendleak: the goroutine's send on ch blocks for ever if the select takes <-time.After\(time.Second\) first`
	select {
	case r := <-ch:
		return r, nil
	case <-time.After(time.Second):
		return 0, errors.New("timeout")
	}
}

// Positive: a timer; the select in a loop returns on the timer.
func withTimer() error {
	done := make(chan error)
	t := time.NewTimer(time.Second)
	go func() {
		done <- errors.New("x") // want `sendleak: the goroutine's send on done blocks for ever if the select takes <-t.C first`
	}()
	for {
		select {
		case err := <-done:
			return err
		case <-t.C:
			return errors.New("timeout")
		}
	}
}

// Positive: several senders; no fix, a buffer of 1 is not enough.
func fanIn(ctx context.Context, n int) int {
	results := make(chan int)
	for range n {
		go func() { results <- slow() }() // want `sendleak: the goroutine's send on results blocks`
	}
	sum := 0
	for range n {
		select {
		case r := <-results:
			sum += r
		case <-ctx.Done():
			return sum
		}
	}
	return sum
}
