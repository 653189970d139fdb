package main

// Negative: main's return ends the process.
func main() {
	jobs := make(chan int)
	go func() {
		for j := range jobs {
			_ = j
		}
	}()
	jobs <- 1
}
