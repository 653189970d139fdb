// Package mapwrite defines an Analyzer that reports built-in maps written
// from a goroutine while other code uses them, with no lock held.
//
// # Analyzer mapwrite
//
// mapwrite: report a map written in a goroutine while it is used outside it, with no lock held
//
// The naive code:
//
//	results := map[string]int{}
//	var wg sync.WaitGroup
//	for _, u := range urls {
//		wg.Add(1)
//		go func() {
//			defer wg.Done()
//			results[u] = fetch(u) // fatal error: concurrent map writes
//		}()
//	}
//	wg.Wait()
//
// Two writes to a built-in map at once end the process with "fatal error:
// concurrent map writes". The runtime throws it: recover cannot catch it.
// The fix is synchronisation: a mutex held around the write, or a map
// made for concurrent use, safemap.Map (whose zero value is ready):
//
//	var results safemap.Map[string, int]
//	...
//	results.Store(u, fetch(u))
//
// The analyzer reports a write (an assignment to an element, delete,
// clear) of a map declared outside the goroutine, in a go statement's
// function literal or a group's Go task, with no Lock call before it in
// the goroutine, when other code may use the map at the same time: the
// goroutine is started in a loop (and the map is not made per iteration,
// and the loop does not wait for each goroutine); another goroutine of the
// function uses the map; or the function itself uses it after the start
// with no Wait, receive or select in between.
package mapwrite
