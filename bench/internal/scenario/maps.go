package scenario

import (
	"runtime"
	"sync"

	"github.com/safeprim/safeprim/safemap"
)

type session struct{ data [64]byte }

func naiveDeleteAll(n int) func() {
	m := make(map[int]session)
	for i := range n {
		m[i] = session{data: [64]byte{byte(i)}}
	}
	for i := range n {
		delete(m, i)
	}
	return func() { runtime.KeepAlive(m) }
}

func safeDeleteAll(n int) func() {
	var m safemap.Map[int, session]
	for i := range n {
		m.Store(i, session{data: [64]byte{byte(i)}})
	}
	for i := range n {
		m.Delete(i)
	}
	return func() { runtime.KeepAlive(&m) }
}

// writers is how many goroutines write at once.
const writers = 4

// countConcurrently has each of writers goroutines add n events, on keys
// that overlap, with add, and waits for them. The writers start together,
// so that they do overlap.
func countConcurrently(n int, add func(key int)) {
	var wg sync.WaitGroup
	start := make(chan struct{})
	for w := range writers {
		wg.Go(func() {
			<-start
			for i := range n {
				add((i + w) % 1024)
			}
		})
	}
	close(start)
	wg.Wait()
}

func naiveConcurrentWrites(n int) func() {
	counts := make(map[int]int)
	countConcurrently(n, func(k int) { counts[k]++ }) // fatal error: concurrent map writes
	return func() {}
}

func safeConcurrentWrites(n int) func() {
	var counts safemap.Map[int, int]
	countConcurrently(n, func(k int) {
		counts.Compute(k, func(old int, _ bool) (int, safemap.ComputeOp) { return old + 1, safemap.UpdateOp })
	})
	return func() {}
}
