package goroutine_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/safeprim/safeprim/goroutine"
)

var errTimedOut = errors.New("timed out")

func TestSend(t *testing.T) {
	tests := []struct {
		name     string
		buffered bool // a free slot in ch
		receiver bool // a goroutine receives after a second
		want     error
	}{
		{"buffered", true, false, nil},
		{"receiver", false, true, nil},
		{"nobody-receives", false, false, errTimedOut},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx, cancel := context.WithTimeoutCause(context.Background(), time.Minute, errTimedOut)
				defer cancel()
				ch := make(chan int)
				if tt.buffered {
					ch = make(chan int, 1)
				}
				if tt.receiver {
					go func() { time.Sleep(time.Second); <-ch }()
				}
				start := time.Now()
				if err := goroutine.Send(ctx, ch, 7); err != tt.want {
					t.Errorf("Send = %v, want %v", err, tt.want)
				}
				if tt.want != nil && time.Since(start) != time.Minute {
					t.Errorf("Send gave up after %v, want at the deadline, %v", time.Since(start), time.Minute)
				}
				synctest.Wait()
			})
		})
	}
}

func TestRecv(t *testing.T) {
	tests := []struct {
		name    string
		prepare func(ch chan int)
		want    int
		wantErr error
	}{
		{"value", func(ch chan int) { ch <- 7 }, 7, nil},
		{"value-then-closed", func(ch chan int) { ch <- 7; close(ch) }, 7, nil},
		{"closed-and-drained", func(ch chan int) { close(ch) }, 0, goroutine.ErrClosed},
		{"late-sender", func(ch chan int) {
			go func() { time.Sleep(time.Second); ch <- 9 }()
		}, 9, nil},
		{"nobody-sends", func(ch chan int) {}, 0, errTimedOut},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx, cancel := context.WithTimeoutCause(context.Background(), time.Minute, errTimedOut)
				defer cancel()
				ch := make(chan int, 1)
				tt.prepare(ch)
				got, err := goroutine.Recv(ctx, ch)
				if got != tt.want || err != tt.wantErr {
					t.Errorf("Recv = %v, %v, want %v, %v", got, err, tt.want, tt.wantErr)
				}
			})
		})
	}
}

// TestRecvReplacesRange shows the worker of a for range over a channel
// nobody closes staying blocked after its request ended, and the same
// worker written with Recv returning.
func TestRecvReplacesRange(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		naive, safe := make(chan int), make(chan int)
		var naiveDone, safeDone bool
		go func() {
			for range naive {
			}
			naiveDone = true
		}()
		var g goroutine.Group
		g.Go(func() error {
			for {
				if _, err := goroutine.Recv(ctx, safe); err != nil {
					safeDone = true
					return nil
				}
			}
		})
		naive <- 1
		safe <- 1
		cancel() // the request ends; nobody closes either channel
		synctest.Wait()
		if naiveDone {
			t.Error("the naive worker returned, want it blocked in range")
		}
		if !safeDone {
			t.Error("the Recv worker is still blocked, want it returned")
		}
		g.Wait()
		close(naive) // let the naive worker go for goleak
	})
}

// BenchmarkSendRecv measures one Send and one Recv on a buffered channel,
// against the select with ctx.Done() they replace.
func BenchmarkSendRecv(b *testing.B) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch := make(chan int, 1)
	b.Run("impl=select", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			select {
			case ch <- 1:
			case <-ctx.Done():
				b.Fatal(ctx.Err())
			}
			select {
			case _, ok := <-ch:
				if !ok {
					b.Fatal("closed")
				}
			case <-ctx.Done():
				b.Fatal(ctx.Err())
			}
		}
	})
	b.Run("impl=goroutine", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := goroutine.Send(ctx, ch, 1); err != nil {
				b.Fatal(err)
			}
			if _, err := goroutine.Recv(ctx, ch); err != nil {
				b.Fatal(err)
			}
		}
	})
}
