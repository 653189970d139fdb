package bench_test

import (
	"testing"
	"time"

	"github.com/safeprim/safeprim/bench"
)

// metrics collects what Result.Report reports.
type metrics map[string]float64

func (m metrics) ReportMetric(n float64, unit string) { m[unit] = n }

func TestResultReport(t *testing.T) {
	got := metrics{}
	bench.Result{Retained: 10, Peak: 20, GoroutinesLeft: 3, Elapsed: time.Second}.Report(got)
	want := metrics{"retained-B": 10, "peak-B": 20, "goroutines-left": 3}
	if len(got) != len(want) {
		t.Fatalf("reported %v, want %v", got, want)
	}
	for unit, n := range want {
		if got[unit] != n {
			t.Errorf("%s = %v, want %v", unit, got[unit], n)
		}
	}
}

func TestLeak(t *testing.T) {
	hold := make(chan struct{})
	var runs int
	res := testing.Benchmark(func(b *testing.B) {
		bench.Leak(b, func() func() {
			runs++
			leaked := make(chan struct{})
			for range 4 {
				go func() {
					select {
					case <-leaked:
					case <-hold:
					}
				}()
			}
			return func() { close(leaked) }
		}, bench.WithSettle(0)) // blocked goroutines are counted at once
	})
	close(hold)
	if got := res.Extra["goroutines-left"]; got != 4 {
		t.Errorf("goroutines-left = %v, want 4", got)
	}
	if runs < 2 {
		t.Errorf("workload ran %d times, want the measured run and at least one timed run", runs)
	}
	if res.N < 1 || res.T <= 0 {
		t.Errorf("benchmark result N=%d T=%v, want a timed loop", res.N, res.T)
	}
}

func TestLeakNilRelease(t *testing.T) {
	var runs int
	res := testing.Benchmark(func(b *testing.B) {
		bench.Leak(b, func() func() { runs++; return nil })
	})
	if runs < 2 || res.N < 1 {
		t.Errorf("workload ran %d times (N=%d), want the measured run and a timed loop", runs, res.N)
	}
}
