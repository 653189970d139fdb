package leakwatch_test

import (
	"math"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/safeprim/safeprim/leakwatch"
)

// splitmix is a fixed pseudo-random sequence, so that churn is the same in
// every run.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// TestWatcherScenarios replays processes through a watcher with default
// settings unless given, in fake time: steady leaks raise alerts at exact
// times; churn, a sawtooth, one-off steps, bursts and a cache warming at
// start-up do not.
func TestWatcherScenarios(t *testing.T) {
	s := time.Second
	tests := []struct {
		name    string
		cfg     leakwatch.Config
		gcEvery int // polls per GC cycle; 0: only forced cycles
		figures func(time.Duration, uint64) (uint64, uint64)
		run     time.Duration
		want    []leakwatch.Metric // the alerts, in order
		at      []time.Duration    // when each came, after Start
		fires   bool               // instead of want and at: some heap alerts
	}{
		{
			// 10 KiB per sample, 100 samples a second.
			name: "leak=heap", gcEvery: 1,
			figures: heapOnly(func(_ time.Duration, c uint64) uint64 { return 64*mib + 10<<10*c }),
			want:    []leakwatch.Metric{leakwatch.Heap}, at: []time.Duration{7 * s}, // warm-up 5 s + hold 2 s
		},
		{
			// 1 MiB per cycle, and no cycle unless the watcher forces one.
			name:    "leak=heap/idle",
			figures: heapOnly(func(_ time.Duration, c uint64) uint64 { return 64*mib + mib*c }),
			want:    []leakwatch.Metric{leakwatch.Heap}, at: []time.Duration{7 * s},
		},
		{
			name: "leak=heap/idle/ForceGC=never", cfg: leakwatch.Config{ForceGC: leakwatch.Never},
			figures: heapOnly(func(_ time.Duration, c uint64) uint64 { return 64*mib + mib*c }),
		},
		{
			// 1 MiB/s. At a 1 s interval the default window is 50 s and a
			// cycle is forced every 10 s: five samples per window.
			name: "leak=heap/idle/Interval=1s", cfg: leakwatch.Config{Interval: s}, run: 70 * s,
			figures: heapOnly(func(e time.Duration, _ uint64) uint64 { return 64*mib + uint64(e.Seconds()*mib) }),
			want:    []leakwatch.Metric{leakwatch.Heap}, at: []time.Duration{60 * s}, // warm-up 50 s, then one more sample
		},
		{
			// A 5 s window at a 1 s interval: a cycle forced at every poll.
			name: "leak=heap/idle/Interval=1s/Window=5s", cfg: leakwatch.Config{Interval: s, Window: 5 * s}, run: 40 * s,
			figures: heapOnly(func(e time.Duration, _ uint64) uint64 { return 64*mib + uint64(e.Seconds()*mib) }),
			want:    []leakwatch.Metric{leakwatch.Heap}, at: []time.Duration{7 * s},
		},
		{
			name: "leak=heap/HeapThreshold=off", cfg: leakwatch.Config{HeapThreshold: leakwatch.NoThreshold}, gcEvery: 1,
			figures: heapOnly(func(_ time.Duration, c uint64) uint64 { return 64*mib + 10<<10*c }),
		},
		{
			name: "leak=heap/gc=every-50ms", gcEvery: 5,
			figures: heapOnly(func(_ time.Duration, c uint64) uint64 { return 64*mib + 100<<10*c }),
			// Samples come at 40 ms, 90 ms, ... (Start's baseline read is
			// the fake's first): the first after the warm-up is at 5.04 s.
			want: []leakwatch.Metric{leakwatch.Heap}, at: []time.Duration{7040 * time.Millisecond},
		},
		{
			name: "leak=heap/Warmup=10s/Hold=1s", cfg: leakwatch.Config{Warmup: 10 * s, Hold: s}, gcEvery: 1,
			figures: heapOnly(func(_ time.Duration, c uint64) uint64 { return 64*mib + 10<<10*c }),
			want:    []leakwatch.Metric{leakwatch.Heap}, at: []time.Duration{11 * s},
		},
		{
			// One goroutine per sample: 100/s.
			name: "leak=goroutines", gcEvery: 1,
			figures: func(_ time.Duration, c uint64) (uint64, uint64) { return 64 * mib, 50 + c },
			want:    []leakwatch.Metric{leakwatch.Goroutines}, at: []time.Duration{7 * s},
		},
		{
			name: "leak=goroutines/GoroutineThreshold=off", cfg: leakwatch.Config{GoroutineThreshold: leakwatch.NoThreshold}, gcEvery: 1,
			figures: func(_ time.Duration, c uint64) (uint64, uint64) { return 64 * mib, 50 + c },
		},
		{
			name: "leak=both/Threshold=+Inf", cfg: leakwatch.Config{HeapThreshold: math.Inf(1), GoroutineThreshold: math.Inf(1)}, gcEvery: 1,
			figures: func(_ time.Duration, c uint64) (uint64, uint64) { return 64*mib + 10<<10*c, 50 + c },
		},
		{
			name: "leak=both", gcEvery: 1,
			figures: func(_ time.Duration, c uint64) (uint64, uint64) { return 64*mib + 10<<10*c, 50 + c },
			want:    []leakwatch.Metric{leakwatch.Heap, leakwatch.Goroutines}, at: []time.Duration{7 * s, 7 * s},
		},
		{
			// Leaks for 15 s, holds still for 15 s, leaks again: one alert
			// per run of growth.
			name: "leak=heap/twice", gcEvery: 1, run: 45 * s,
			figures: heapOnly(func(e time.Duration, _ uint64) uint64 {
				grown := min(e, 15*s) + max(e-30*s, 0)
				return 64*mib + uint64(grown.Seconds()*mib)
			}),
			want: []leakwatch.Metric{leakwatch.Heap, leakwatch.Heap}, at: []time.Duration{7 * s, 34510 * time.Millisecond},
		},
		{
			name: "churn", gcEvery: 1,
			figures: heapOnly(func(_ time.Duration, c uint64) uint64 { return 64*mib + splitmix(c)%(16*mib) }),
		},
		{
			// The live heap swings by 64 MiB every 1.5 s.
			name: "sawtooth", gcEvery: 1,
			figures: heapOnly(func(e time.Duration, _ uint64) uint64 {
				return 64*mib + uint64(e%(1500*time.Millisecond))*64*mib/uint64(1500*time.Millisecond)
			}),
		},
		{
			name: "step", gcEvery: 1,
			figures: heapOnly(func(e time.Duration, _ uint64) uint64 { return 64*mib + 64*mib*uint64(min(e/(10*s), 1)) }),
		},
		{
			// Without the R² gate the same step is taken for a leak.
			name: "step/MinR2=off", cfg: leakwatch.Config{MinR2: leakwatch.AnyR2}, gcEvery: 1,
			figures: heapOnly(func(e time.Duration, _ uint64) uint64 { return 64*mib + 64*mib*uint64(min(e/(10*s), 1)) }),
			// The sample at 10 s alone leaves the slope under the threshold.
			want: []leakwatch.Metric{leakwatch.Heap}, at: []time.Duration{12010 * time.Millisecond},
		},
		{
			// 64 MiB held for 1 s in every 10 s.
			name: "bursts", gcEvery: 1,
			figures: heapOnly(func(e time.Duration, _ uint64) uint64 {
				if e%(10*s) >= 9*s {
					return 128 * mib
				}
				return 64 * mib
			}),
		},
		{
			// A cache filling for 3 s after start is over before the
			// warm-up ends.
			name: "cache-warming", gcEvery: 1,
			figures: heapOnly(func(e time.Duration, _ uint64) uint64 { return 64*mib + uint64(min(e, 3*s).Seconds()*4*mib) }),
		},
		{
			name: "sawtooth/Window=2s", cfg: leakwatch.Config{Window: 2 * s, Hold: s / 2}, gcEvery: 1,
			figures: heapOnly(func(e time.Duration, _ uint64) uint64 {
				return 64*mib + uint64(e%(1500*time.Millisecond))*64*mib/uint64(1500*time.Millisecond)
			}),
		},
		{
			name: "churn/Window=2s", cfg: leakwatch.Config{Window: 2 * s, Hold: s / 2}, gcEvery: 1,
			figures: heapOnly(func(_ time.Duration, c uint64) uint64 { return 64*mib + splitmix(c)%(16*mib) }),
		},
		{
			// What the R² gate and the warm-up hold back: without the
			// gate, churn and a sawtooth over a short window, and bursts
			// over the default one, are taken for leaks; with a short
			// warm-up, a cache filling at start-up is.
			name: "sawtooth/MinR2=off/Window=2s", cfg: leakwatch.Config{MinR2: leakwatch.AnyR2, Window: 2 * s, Hold: s / 2}, gcEvery: 1,
			figures: heapOnly(func(e time.Duration, _ uint64) uint64 {
				return 64*mib + uint64(e%(1500*time.Millisecond))*64*mib/uint64(1500*time.Millisecond)
			}),
			fires: true,
		},
		{
			name: "churn/MinR2=off/Window=2s", cfg: leakwatch.Config{MinR2: leakwatch.AnyR2, Window: 2 * s, Hold: s / 2}, gcEvery: 1,
			figures: heapOnly(func(_ time.Duration, c uint64) uint64 { return 64*mib + splitmix(c)%(16*mib) }),
			fires:   true,
		},
		{
			name: "bursts/MinR2=off", cfg: leakwatch.Config{MinR2: leakwatch.AnyR2}, gcEvery: 1,
			figures: heapOnly(func(e time.Duration, _ uint64) uint64 {
				if e%(10*s) >= 9*s {
					return 128 * mib
				}
				return 64 * mib
			}),
			fires: true,
		},
		{
			name: "cache-warming/Warmup=1s", cfg: leakwatch.Config{Warmup: s}, gcEvery: 1,
			figures: heapOnly(func(e time.Duration, _ uint64) uint64 { return 64*mib + uint64(min(e, 3*s).Seconds()*4*mib) }),
			fires:   true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				run := tt.run
				if run == 0 {
					run = 30 * s
				}
				alerts, at, _ := watch(t, tt.cfg, newFake(tt.gcEvery, tt.figures), run)
				var got []leakwatch.Metric
				for _, a := range alerts {
					got = append(got, a.Metric)
				}
				switch {
				case tt.fires:
					if len(got) == 0 || slices.ContainsFunc(got, func(m leakwatch.Metric) bool { return m != leakwatch.Heap }) {
						t.Fatalf("alerts %v, want some, all for the live heap", got)
					}
				case !slices.Equal(got, tt.want) || !slices.Equal(at, tt.at):
					t.Fatalf("alerts %v at %v, want %v at %v", got, at, tt.want, tt.at)
				}
				for _, a := range alerts {
					if a.Held < 2*s && tt.cfg.Hold == 0 {
						t.Errorf("%v alert held %v, want at least 2s", a.Metric, a.Held)
					}
					if a.Fit.R2 < 0.8 && tt.cfg.MinR2 == 0 {
						t.Errorf("%v alert R² %v, want at least 0.8", a.Metric, a.Fit.R2)
					}
					if a.Fit.Slope <= a.Threshold {
						t.Errorf("%v alert slope %v, want above threshold %v", a.Metric, a.Fit.Slope, a.Threshold)
					}
				}
			})
		})
	}
}
