package bench_test

import (
	"testing"
	"time"

	"github.com/safeprim/safeprim/bench"
	"github.com/safeprim/safeprim/internal/panictest"
)

func TestOptionPanics(t *testing.T) {
	tests := []struct {
		name string
		opt  func() bench.Option
		want string
	}{
		{"WithGCs(0)", func() bench.Option { return bench.WithGCs(0) },
			"bench: WithGCs: n must be at least 1, got 0; omit the option to collect until the heap is stable"},
		{"WithSettle(-1s)", func() bench.Option { return bench.WithSettle(-time.Second) },
			"bench: WithSettle: negative duration -1s; pass 0 to count at once"},
		{"WithWarmGoroutines(-1)", func() bench.Option { return bench.WithWarmGoroutines(-1) },
			"bench: WithWarmGoroutines: negative count -1; pass 0 to warm none"},
		{"WithPeakSampling(-1ms)", func() bench.Option { return bench.WithPeakSampling(-time.Millisecond) },
			"bench: WithPeakSampling: interval -1ms is not positive; pass a positive interval, or bench.Never to turn sampling off"},
		{"WithPeakSampling(0)", func() bench.Option { return bench.WithPeakSampling(0) },
			"bench: WithPeakSampling: interval 0s is not positive; pass a positive interval, or bench.Never to turn sampling off"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, _ := panictest.Message(func() { tt.opt() }); got != tt.want {
				t.Errorf("panic = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestOptionOrder checks the idiom every Option follows: the zero Option
// changes nothing, and of two options of the same kind the later wins.
func TestOptionOrder(t *testing.T) {
	defer func() { keep = nil }()
	work := func() { keep = append(keep, make([]byte, 32*mib)) }
	tests := []struct {
		name     string
		opts     []bench.Option
		wantPeak bool
	}{
		{"none", nil, true},
		{"zero", []bench.Option{{}}, true},
		{"off", []bench.Option{bench.WithPeakSampling(bench.Never)}, false},
		{"off-then-on", []bench.Option{bench.WithPeakSampling(bench.Never), bench.WithPeakSampling(time.Millisecond)}, true},
		{"on-then-off", []bench.Option{bench.WithPeakSampling(time.Millisecond), bench.WithPeakSampling(bench.Never)}, false},
		{"off-then-zero", []bench.Option{bench.WithPeakSampling(bench.Never), {}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			keep = nil
			r := bench.Measure(work, tt.opts...)
			if got := r.Peak >= 31*mib; got != tt.wantPeak {
				t.Errorf("Peak = %d with 32 MiB live at the end; sampled = %v, want %v", r.Peak, got, tt.wantPeak)
			}
		})
	}
}
