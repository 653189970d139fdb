package main

import "sync"

// Negative: main's return ends the process.
func main() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done() }()
}
