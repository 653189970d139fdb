package a

import "sync"

// Negative: closed by a deferred close.
func deferredClose(batch []int) {
	jobs := make(chan int)
	defer close(jobs)
	go func() {
		for j := range jobs {
			process(j)
		}
	}()
	for _, j := range batch {
		jobs <- j
	}
}

// Negative: closed after the sends.
func closed(batch []int) {
	jobs := make(chan int)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for j := range jobs {
			process(j)
		}
	}()
	for _, j := range batch {
		jobs <- j
	}
	close(jobs)
	<-done
}

// Negative: closed by the producer goroutine.
func producerCloses(batch []int) {
	jobs := make(chan int)
	go func() {
		defer close(jobs)
		for _, j := range batch {
			jobs <- j
		}
	}()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for j := range jobs {
			process(j)
		}
	}()
	wg.Wait()
}

func produce(ch chan<- int) { close(ch) }

// Negative: the channel escapes to a function that closes it.
func escapes() {
	jobs := make(chan int)
	go produce(jobs)
	go func() {
		for j := range jobs {
			process(j)
		}
	}()
}

// Negative: the channel is returned; the caller closes it.
func returned() chan int {
	jobs := make(chan int)
	go func() {
		for j := range jobs {
			process(j)
		}
	}()
	return jobs
}

// Negative: a parameter, not made here.
func param(jobs chan int) {
	go func() {
		for j := range jobs {
			process(j)
		}
	}()
}
