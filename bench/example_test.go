package bench_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/safeprim/safeprim/bench"
)

var cache [][]byte

func ExampleMeasure() {
	done := make(chan struct{})
	r := bench.Measure(func() {
		// A cache that keeps a 10-byte header of each 64 KiB message keeps
		// the whole message.
		for range 100 {
			msg := make([]byte, 64<<10)
			cache = append(cache, msg[:10])
		}
		// A worker nobody stops.
		go func() { <-done }()
	})
	fmt.Println("retained at least 6 MiB:", r.Retained >= 6<<20)
	fmt.Println("goroutines left:", r.GoroutinesLeft)

	close(done)
	cache = nil
	// Output:
	// retained at least 6 MiB: true
	// goroutines left: 1
}

func ExampleWithGCs() {
	var pool sync.Pool
	r := bench.Measure(func() {
		for range 8 {
			pool.Put(new([64 << 10]byte))
		}
	}, bench.WithGCs(2))
	// Two collections empty a sync.Pool: nothing is retained.
	fmt.Println("retained under 64 KiB:", r.Retained < 64<<10)
	// Output:
	// retained under 64 KiB: true
}

func ExampleWithSettle() {
	r := bench.Measure(func() {
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {})
		}
		// Not waiting for wg: the goroutines are finishing, not leaked.
	}, bench.WithSettle(time.Second))
	fmt.Println("goroutines left:", r.GoroutinesLeft)
	// Output:
	// goroutines left: 0
}

func ExampleWithPeakSampling() {
	r := bench.Measure(func() {
		buf := make([]byte, 8<<20)
		cache = append(cache, buf)
	}, bench.WithPeakSampling(time.Millisecond))
	fmt.Println("peak at least 7 MiB:", r.Peak >= 7<<20)
	cache = nil
	// Output:
	// peak at least 7 MiB: true
}

func ExampleResult_Report() {
	// In a benchmark, pass b; here a map collects the metrics.
	got := metrics{}
	bench.Result{Retained: 4096, GoroutinesLeft: 2}.Report(got)
	fmt.Println(got["retained-B"], got["goroutines-left"], got["peak-B"])
	// Output:
	// 4096 2 0
}

func ExampleLeak() {
	res := testing.Benchmark(func(b *testing.B) {
		bench.Leak(b, func() (release func()) {
			jobs := make(chan int)
			go func() {
				for range jobs { // nobody closes jobs until release
				}
			}()
			jobs <- 1
			return func() { close(jobs) }
		})
	})
	fmt.Println("goroutines-left:", res.Extra["goroutines-left"])
	// Output:
	// goroutines-left: 1
}

func ExampleWithWarmGoroutines() {
	burst := func() {
		var wg sync.WaitGroup
		for range 1000 {
			wg.Go(func() {})
		}
		wg.Wait()
	}
	// Every goroutine of the burst returned, but the runtime keeps their
	// descriptors for reuse; warming the same number first keeps that
	// one-time cost out of the figure.
	r := bench.Measure(burst, bench.WithWarmGoroutines(1000))
	fmt.Println("retained under 64 KiB:", r.Retained < 64<<10)
	// Output:
	// retained under 64 KiB: true
}

func ExampleWithPeakSampling_off() {
	r := bench.Measure(func() {
		cache = append(cache, make([]byte, 8<<20))
	}, bench.WithPeakSampling(bench.Never))
	fmt.Println("peak:", r.Peak)
	cache = nil
	// Output:
	// peak: 0
}
