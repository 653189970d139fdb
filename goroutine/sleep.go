package goroutine

import (
	"context"
	"time"
)

// Sleep pauses the current goroutine for at least d, or until ctx is done,
// whichever comes first. It returns nil after a full pause and
// [context.Cause] of ctx otherwise. A d of zero or less returns at once: nil,
// or the cause if ctx is already done.
//
// Sleep replaces time.Sleep in loops that poll or back off, which keep a
// goroutine, and everything it references, alive for the whole pause after
// its work was canceled:
//
//	for ctx.Err() == nil {
//		poll(ctx)
//		time.Sleep(time.Minute) // up to a minute late to notice ctx
//	}
//
//	for {
//		poll(ctx)
//		if goroutine.Sleep(ctx, time.Minute) != nil {
//			return // at once when ctx is done
//		}
//	}
//
// Unlike a select on time.After, which before Go 1.23 kept its timer until
// it fired, Sleep stops its timer when it returns.
//
// Sleep panics if ctx is nil.
func Sleep(ctx context.Context, d time.Duration) error {
	if ctx == nil {
		panic("goroutine: Sleep: nil context; pass context.Background() or the caller's context")
	}
	if d <= 0 {
		return causeIfDone(ctx)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// causeIfDone returns context.Cause(ctx) if ctx is done, and nil otherwise.
func causeIfDone(ctx context.Context) error {
	select {
	case <-ctx.Done():
		return context.Cause(ctx)
	default:
		return nil
	}
}
