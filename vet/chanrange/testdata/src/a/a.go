package a

func process(int) {}

// Positive: nothing closes jobs.
func naive(batch []int) {
	jobs := make(chan int)
	go func() {
		for j := range jobs { // want `chanrange: goroutine ranges over jobs, which no path closes; it blocks for ever after the last send \(close jobs when the sends are done, or own the goroutine with a goroutine.Group\)`
			process(j)
		}
	}()
	for _, j := range batch {
		jobs <- j
	}
}

// Positive: buffered makes no difference to range.
func buffered(batch []int) {
	var results = make(chan int, len(batch))
	for _, j := range batch {
		results <- j
	}
	go func() {
		for r := range results { // want `chanrange: goroutine ranges over results`
			process(r)
		}
	}()
}

// Positive: several workers, none ends.
func workers(batch []int) {
	jobs := make(chan int)
	for range 4 {
		go func() {
			for j := range jobs { // want `chanrange: goroutine ranges over jobs`
				process(j)
			}
		}()
	}
	for _, j := range batch {
		select {
		case jobs <- j:
		default:
		}
	}
}
