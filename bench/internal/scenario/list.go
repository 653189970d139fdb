package scenario

import "github.com/safeprim/safeprim/bench"

// All is every scenario, sorted by name. Each entry's workloads live in the
// file of its source (goroutine.go, slice.go, ...).
var All = []Scenario{
	{
		Name:           "context/goroutine-holds-ctx",
		Leak:           "each request's watcher goroutine waits for ever on a channel nobody closes, holding the request context and its 16 KiB of bound values",
		Fix:            "the values are bound with ctxdata.Bind and released when the request ends; the watcher belongs to a goroutine.Group and receives with goroutine.Recv(ctx)",
		N:              2000,
		WarmGoroutines: 1,
		Naive:          naiveGoroutineHoldsCtx,
		Safeprim:       safeGoroutineHoldsCtx,
	},
	{
		Name:     "context/queue-holds-ctx",
		Leak:     "a long-lived audit queue keeps each request's context, and with it the 16 KiB of values bound by context.WithValue",
		Fix:      "ctxdata.Bind's release drops the values when the request ends; the queued context no longer reaches them",
		N:        2000,
		Naive:    naiveQueueHoldsCtx,
		Safeprim: safeQueueHoldsCtx,
	},
	{
		Name:           "goroutine/range-unclosed",
		Leak:           "each request starts a worker that ranges over a channel nobody closes",
		Fix:            "the worker belongs to a goroutine.Group and receives with goroutine.Recv(ctx), so it returns when the request ends",
		N:              2000,
		WarmGoroutines: 1,
		Naive:          naiveRangeUnclosed,
		Safeprim:       safeRangeUnclosed,
	},
	{
		Name:           "goroutine/send-abandoned",
		Leak:           "each request's lookup goroutine sends its answer after the request timed out, to a receiver that is gone",
		Fix:            "the lookup sends with goroutine.Send(ctx), which gives up when the request's context is done",
		N:              2000,
		WarmGoroutines: 1,
		Naive:          naiveSendAbandoned,
		Safeprim:       safeSendAbandoned,
	},
	{
		Name: "http/service",
		Leak: "a net/http service on loopback whose middlewares bind 16 KiB of request data with context.WithValue and whose " +
			"handler starts an audit goroutine that ranges over a channel nobody closes, holding the request context",
		Fix: "the same service with ctxdata.Middleware, its audit goroutines in a goroutine.Group receiving with goroutine.Recv(ctx), " +
			"and response buffers from a safepool.BufferPool",
		N:              1000,
		WarmGoroutines: 1,
		Naive:          naiveHTTPService,
		Safeprim:       safeHTTPService,
	},
	{
		Name:     "map/concurrent-writes",
		Leak:     "four goroutines each count n events into one built-in map: the runtime ends the process",
		Fix:      "safemap.Map is safe for concurrent writes",
		Fatal:    "fatal error: concurrent map writes",
		N:        200_000,
		Naive:    naiveConcurrentWrites,
		Safeprim: safeConcurrentWrites,
	},
	{
		Name:     "map/delete-all",
		Leak:     "a long-lived built-in map keeps its buckets after every one of its n entries is deleted",
		Fix:      "safemap.Map shrinks its table when deletes leave it nearly empty",
		N:        200_000,
		Naive:    naiveDeleteAll,
		Safeprim: safeDeleteAll,
	},
	// A sync.Pool drops what it holds over two collections, so a settled
	// heap never shows it; a running service lives with it between
	// collections. Both pool scenarios read the live heap after one.
	{
		Name:     "pool/no-reset",
		Leak:     "request states Put back into a sync.Pool without a reset keep each request's 16 KiB user profile alive",
		Fix:      "safepool.New takes a recycle function that Put always runs, which clears the reference",
		N:        1000,
		Naive:    naiveNoReset,
		Safeprim: safeNoReset,
		Options:  []bench.Option{bench.WithGCs(1)},
	},
	{
		Name:     "pool/oversized",
		Leak:     "one 16 MiB response among n of 1 KiB is Put into a sync.Pool of buffers and served to every later request",
		Fix:      "safepool.BufferPool learns the usual size and drops a buffer far above it",
		N:        10_000,
		Naive:    naiveOversized,
		Safeprim: safeOversized,
		Options:  []bench.Option{bench.WithGCs(1)},
	},
	{
		Name:     "slice/burst",
		Leak:     "a long-lived buffer reused with buf = buf[:0] keeps the array of its one burst of n elements",
		Fix:      "safeslice.Buffer shrinks once it has been far larger than it needed for a window of Resets",
		N:        1_000_000,
		Naive:    naiveBurst,
		Safeprim: safeBurst,
	},
	{
		Name:     "slice/pointer-tail",
		Leak:     "conns = conns[:10] of n []*conn keeps the dropped conns reachable past len",
		Fix:      "safeslice.Truncate(conns, 10) zeroes conns[10:] first",
		N:        10_000,
		Naive:    naivePointerTail,
		Safeprim: safePointerTail,
	},
	{
		Name:     "slice/queue",
		Leak:     "a q = q[1:] queue drained after a burst of n jobs keeps its array and every popped job in it",
		Fix:      "safeslice.Queue zeroes popped slots and shrinks its ring as it drains",
		N:        100_000,
		Naive:    naiveQueue,
		Safeprim: safeQueue,
	},
	{
		Name:     "slice/subslice",
		Leak:     "a cache keeps msg[:16], the header of each 64 KiB message, and with it the whole message",
		Fix:      "safeslice.Shrink(msg[:16]) copies the header off the large array",
		N:        1000,
		Naive:    naiveSubslice,
		Safeprim: safeSubslice,
	},
}
