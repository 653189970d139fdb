package a

import "sync"

func fetch(string) int { return 0 }

// Positive: goroutines of one loop write one map.
func fetchAll(urls []string) map[string]int {
	results := map[string]int{}
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[u] = fetch(u) // want `mapwrite: map results is written in a goroutine while goroutines started in the same loop write it too, with no lock held; concurrent map writes end the process \(use safemap.Map or a lock\)`
		}()
	}
	wg.Wait()
	return results
}

// Positive: WaitGroup.Go tasks in a loop, delete.
func prune(keys []string, m map[string]bool) {
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Go(func() {
			delete(m, k) // want `mapwrite: map m is written in a goroutine while goroutines started in the same loop write it too`
		})
	}
	wg.Wait()
}

type cache struct{ entries map[string]int }

// Positive: the function reads the map while the goroutine writes it.
func (c *cache) refresh(k string) int {
	go func() {
		c.entries[k]++ // want `mapwrite: map c.entries is written in a goroutine while the function goes on using it`
	}()
	return c.entries[k]
}

// Positive: two goroutines, one writes, one reads.
func pair(m map[int]int) {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); m[1] = 1 }() // want `mapwrite: map m is written in a goroutine while another goroutine uses it`
	go func() { defer wg.Done(); _ = m[1] }()
	wg.Wait()
}
