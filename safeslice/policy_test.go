package safeslice_test

import (
	"fmt"
	"testing"
	"unsafe"

	"github.com/safeprim/safeprim/internal/panictest"
	"github.com/safeprim/safeprim/safeslice"
)

// cycle appends n elements to b and resets it.
func cycle(b *safeslice.Buffer[int], n int) {
	for i := range n {
		b.Append(i)
	}
	b.Reset()
}

func TestPolicyDefaults(t *testing.T) {
	var b safeslice.Buffer[int]
	want := safeslice.Policy{Floor: safeslice.DefaultFloor, Factor: safeslice.DefaultFactor, Window: safeslice.DefaultWindow}
	if got := b.Policy(); got != want {
		t.Errorf("Policy() of the zero Buffer = %+v, want %+v", got, want)
	}
	b.SetPolicy(safeslice.Policy{Window: 3})
	want.Window = 3
	if got := b.Policy(); got != want {
		t.Errorf("Policy() after SetPolicy(Policy{Window: 3}) = %+v, want %+v", got, want)
	}
}

func TestSetPolicyPanics(t *testing.T) {
	tests := []struct {
		name string
		p    safeslice.Policy
		want string
	}{
		{"floor=-1", safeslice.Policy{Floor: -1}, "safeslice: SetPolicy: negative Floor -1"},
		{"factor=1", safeslice.Policy{Factor: 1}, "safeslice: SetPolicy: Factor 1"},
		{"factor=-2", safeslice.Policy{Factor: -2}, "safeslice: SetPolicy: Factor -2"},
		{"window=-1", safeslice.Policy{Window: -1}, "safeslice: SetPolicy: negative Window -1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b safeslice.Buffer[int]
			panictest.Want(t, tt.want, func() { b.SetPolicy(tt.p) })
		})
	}
}

// TestBufferBurstThenSmall is the outcome the package promises: one large
// burst followed by many small cycles leaves a small capacity.
func TestBufferBurstThenSmall(t *testing.T) {
	const burst, cycles, small, maxCap = 1_000_000, 100, 10, 1024
	var b safeslice.Buffer[int]
	for i := range burst {
		b.Append(i)
	}
	for range cycles {
		cycle(&b, small)
	}
	if got := b.Cap(); got > maxCap {
		t.Errorf("Cap() after a burst of %d and %d cycles of %d = %d, want at most %d", burst, cycles, small, got, maxCap)
	}
}

// TestBufferShrinkTiming checks each knob: the capacity stays for Window-1
// small cycles, then shrinks to twice the largest use, at least Floor.
func TestBufferShrinkTiming(t *testing.T) {
	tests := []struct {
		policy  safeslice.Policy
		uses    []int // lengths of the small cycles after the burst
		wantCap int
	}{
		{safeslice.Policy{}, []int{10}, safeslice.DefaultFloor},
		{safeslice.Policy{Window: 4}, []int{10, 200, 30}, 400},
		{safeslice.Policy{Floor: 1000, Window: 2}, []int{10}, 1000},
		{safeslice.Policy{Floor: 1, Window: 1}, []int{3}, 6},
		{safeslice.Policy{Floor: 1, Factor: 2, Window: 3}, []int{40, 49}, 98},
	}
	for _, tt := range tests {
		p := tt.policy
		t.Run(fmt.Sprintf("floor=%d/factor=%d/window=%d", p.Floor, p.Factor, p.Window), func(t *testing.T) {
			var b safeslice.Buffer[int]
			b.SetPolicy(p)
			window := b.Policy().Window
			b.Grow(10_000)
			burstCap := b.Cap()
			cycle(&b, burstCap)
			for i := range window {
				if got := b.Cap(); got != burstCap {
					t.Fatalf("Cap() after %d small cycles = %d, want %d (no shrink before the window ends)", i, got, burstCap)
				}
				cycle(&b, tt.uses[i%len(tt.uses)])
			}
			if got := b.Cap(); got != tt.wantCap {
				t.Errorf("Cap() after %d small cycles = %d, want %d", window, got, tt.wantCap)
			}
		})
	}
}

// TestBufferNoThrash checks the hysteresis: a Buffer whose large uses come
// back within the window keeps its capacity and never reallocates.
func TestBufferNoThrash(t *testing.T) {
	const large, small, rounds = 100_000, 10, 20
	tests := []struct {
		name   string
		policy safeslice.Policy
		period int // one large cycle every period cycles
		want   bool
	}{
		{"window=default/period=2", safeslice.Policy{}, 2, false},
		{"window=default/period=16", safeslice.Policy{}, safeslice.DefaultWindow, false},
		{"window=4/period=4", safeslice.Policy{Window: 4}, 4, false},
		{"window=4/period=6", safeslice.Policy{Window: 4}, 6, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b safeslice.Buffer[int]
			b.SetPolicy(tt.policy)
			cycle(&b, large)
			c := b.Cap()
			shrunk := false
			for i := range rounds * tt.period {
				if i%tt.period == tt.period-1 {
					cycle(&b, large)
				} else {
					cycle(&b, small)
				}
				if b.Cap() != c {
					shrunk = true
				}
			}
			if shrunk != tt.want {
				t.Errorf("capacity changed = %t, want %t", shrunk, tt.want)
			}
		})
	}
}

// TestBufferFactorBoundary checks that a cycle using Cap()/Factor elements
// counts as needing the capacity, and one using fewer does not.
func TestBufferFactorBoundary(t *testing.T) {
	tests := []struct {
		name   string
		less   int // how many fewer than Cap()/Factor each cycle uses
		factor int
		want   bool
	}{
		{"factor=4/use=quarter", 0, 4, false},
		{"factor=4/use=under-quarter", 1, 4, true},
		{"factor=2/use=half", 0, 2, false},
		{"factor=2/use=under-half", 1, 2, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b safeslice.Buffer[int]
			b.SetPolicy(safeslice.Policy{Factor: tt.factor, Window: 2})
			b.Grow(10_000)
			c := b.Cap()
			for range 10 {
				cycle(&b, c/tt.factor-tt.less)
			}
			if shrunk := b.Cap() != c; shrunk != tt.want {
				t.Errorf("capacity %d changed after cycles of %d = %t, want %t", c, c/tt.factor-tt.less, shrunk, tt.want)
			}
		})
	}
}

func TestBufferGrowCountsAsUse(t *testing.T) {
	var b safeslice.Buffer[int]
	b.Grow(100_000)
	c := b.Cap()
	for range 10 * safeslice.DefaultWindow {
		b.Grow(100_000)
		cycle(&b, 10)
	}
	if got := b.Cap(); got != c {
		t.Errorf("Cap() of a Buffer grown to %d every cycle = %d, want %d", 100_000, got, c)
	}
}

// BenchmarkBufferPolicy measures the trade-off of the Window knob: a Buffer
// whose cycles use largeLen elements once every period cycles and 10
// otherwise. A window at least as long as the period never reallocates and
// holds the large capacity; a shorter one gives it back between large uses
// and pays the growth allocations again. held-B is the average capacity held
// at the end of a cycle, in bytes.
func BenchmarkBufferPolicy(b *testing.B) {
	const largeLen, smallLen = 64 << 10, 10
	for _, window := range []int{4, 16, 64} {
		for _, period := range []int{8, 32} {
			b.Run(fmt.Sprintf("window=%d/period=%d", window, period), func(b *testing.B) {
				var buf safeslice.Buffer[int]
				buf.SetPolicy(safeslice.Policy{Window: window})
				cycle(&buf, largeLen)
				b.ReportAllocs()
				held, cycles := 0, 0
				for b.Loop() {
					n := smallLen
					if cycles%period == 0 {
						n = largeLen
					}
					cycle(&buf, n)
					held += buf.Cap()
					cycles++
				}
				b.ReportMetric(float64(held)*float64(unsafe.Sizeof(0))/float64(cycles), "held-B")
			})
		}
	}
}
