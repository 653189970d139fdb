// Package chanrange defines an Analyzer that reports goroutines ranging
// over a channel that nothing closes.
//
// # Analyzer chanrange
//
// chanrange: report a goroutine ranging over a local channel that no path closes
//
// The naive code:
//
//	jobs := make(chan Job)
//	go func() {
//		for j := range jobs { // ends only when jobs is closed
//			process(j)
//		}
//	}()
//	for _, j := range batch {
//		jobs <- j
//	}
//	return // jobs is never closed: the goroutine waits for ever
//
// A for range over a channel ends only when the channel is closed. If
// nothing closes it, the goroutine blocks in the range after the last send,
// for the life of the process, and keeps its stack and everything the stack
// references alive. The fix is to close the channel when the sends are done
// (defer close(jobs)), or to own the goroutine with a goroutine.Group whose
// Wait the function cannot skip.
//
// The analyzer reports only a channel made in the function, ranged over in
// a goroutine the function starts, that no close in the function (deferred
// or not, in any closure) closes and that does not escape: a channel passed
// to a function, stored, returned or sent elsewhere may be closed there.
// func main of package main is left alone: its return ends the process.
package chanrange
