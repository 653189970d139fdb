// Package sendleak defines an Analyzer that reports goroutines whose send
// blocks for ever once the receiver's select has taken another case.
//
// # Analyzer sendleak
//
// sendleak: report a goroutine's send on an unbuffered channel whose receiver may give up
//
// The naive code:
//
//	ch := make(chan Result)
//	go func() { ch <- slowLookup(req) }()
//	select {
//	case r := <-ch:
//		return r, nil
//	case <-ctx.Done():
//		return Result{}, ctx.Err() // the goroutine's send now blocks for ever
//	}
//
// A send on an unbuffered channel waits for a receiver. When the select
// leaves by its ctx.Done(), time.After or timer case, nobody receives, and
// the goroutine, with everything its stack references, stays for the life
// of the process. The fix is a buffer for the one send, make(chan Result, 1),
// which the suggested fix applies when the goroutine sends once; or a send
// that gives up with the context, goroutine.Send(ctx, ch, v).
//
// The analyzer reports only a channel made unbuffered in the function,
// that does not escape, that a goroutine started there sends on outside a
// select, and that a select in the function receives from beside a case
// that gives up (ctx.Done(), time.After, time.Tick, a Timer's or Ticker's
// C) and leaves (the select is not in a loop, or the case returns, breaks
// out or panics). A channel that is received from again after the select
// (a drain) is left alone.
package sendleak
