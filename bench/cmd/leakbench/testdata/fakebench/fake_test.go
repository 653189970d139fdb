package fakebench_test

import (
	"fmt"
	"testing"
)

var sink []byte

// BenchmarkWork does more work under impl=slow than impl=fast.
func BenchmarkWork(b *testing.B) {
	for _, size := range []int{8, 64} {
		for _, impl := range []struct {
			name  string
			times int
		}{{"fast", 1}, {"slow", 4}, {"naive", 8}} {
			b.Run(fmt.Sprintf("size=%d/impl=%s", size, impl.name), func(b *testing.B) {
				buf := make([]byte, size*impl.times)
				b.ReportAllocs()
				for b.Loop() {
					for i := range buf {
						buf[i]++
					}
				}
				sink = buf
			})
		}
	}
}

// BenchmarkAlloc allocates once per op under impl=fast, twice under
// impl=slow.
func BenchmarkAlloc(b *testing.B) {
	for _, impl := range []struct {
		name   string
		allocs int
	}{{"fast", 1}, {"slow", 2}} {
		b.Run("impl="+impl.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for range impl.allocs {
					sink = make([]byte, 64)
				}
			}
		})
	}
}
