package a

import "sync"

// Negative: a mutex held at the write.
func locked(urls []string) map[string]int {
	var mu sync.Mutex
	results := map[string]int{}
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v := fetch(u)
			mu.Lock()
			defer mu.Unlock()
			results[u] = v
		}()
	}
	wg.Wait()
	return results
}

// Negative: one goroutine, and the function waits before reading.
func waited() map[string]int {
	m := map[string]int{}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		m["a"] = 1
	}()
	wg.Wait()
	return m
}

// Negative: the map is the goroutine's own.
func own(out chan<- map[string]int) {
	go func() {
		m := map[string]int{}
		m["a"] = 1
		out <- m
	}()
}

// Negative: a map made per iteration, one goroutine each.
func perIteration(urls []string, out chan<- map[string]int) {
	for _, u := range urls {
		m := map[string]int{}
		go func() {
			m[u] = fetch(u)
			out <- m
		}()
	}
}

// Negative: results come back on a channel; the map is written outside.
func collected(urls []string) map[string]int {
	type res struct {
		u string
		n int
	}
	ch := make(chan res)
	for _, u := range urls {
		go func() { ch <- res{u, fetch(u)} }()
	}
	m := map[string]int{}
	for range urls {
		r := <-ch
		m[r.u] = r.n
	}
	return m
}

// Negative: the function waits on a channel before reading.
func doneChan() int {
	m := map[string]int{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		m["a"] = 1
	}()
	<-done
	return m["a"]
}

// Negative: sync.Map is made for this.
func syncMap(urls []string) {
	var m sync.Map
	for _, u := range urls {
		go func() { m.Store(u, fetch(u)) }()
	}
}
