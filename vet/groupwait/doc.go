// Package groupwait defines an Analyzer that reports goroutine groups with
// a return path that never waits for them.
//
// # Analyzer groupwait
//
// groupwait: report an errgroup, goroutine.Group or sync.WaitGroup with a return that skips Wait
//
// The naive code:
//
//	g, ctx := errgroup.WithContext(ctx)
//	for _, u := range urls {
//		if u == "" {
//			return errEmpty // the goroutines started so far are not waited for
//		}
//		g.Go(func() error { return fetch(ctx, u) })
//	}
//	return g.Wait()
//
// A group owns its goroutines only if Wait runs: on a path that returns
// before it, the goroutines outlive the call, with everything they
// reference, and nothing sees their errors or their end. The fix is a
// scope that joins on every way out:
//
//	return goroutine.Scope(ctx, func(ctx context.Context, g *goroutine.Group) error {
//		for _, u := range urls {
//			if u == "" {
//				return errEmpty // Scope still waits for the goroutines
//			}
//			g.Go(func() error { return fetch(ctx, u) })
//		}
//		return nil
//	})
//
// The analyzer follows the function's control-flow graph from each Go,
// TryGo or Add call of a group declared in the function, in the manner of
// lostcancel, and reports one from which a return is reachable without a
// Wait. A group whose Wait is deferred, or called in a function literal (a
// goroutine that waits and closes a channel), or that escapes (passed,
// stored, returned), is left alone, and so is func main of package main.
package groupwait
