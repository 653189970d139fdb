package leakwatch_test

import (
	"fmt"
	"runtime"
	"testing"
	"testing/synctest"
	"time"

	"github.com/safeprim/safeprim/internal/cputime"
	"github.com/safeprim/safeprim/internal/race"
	"github.com/safeprim/safeprim/leakwatch"
)

// stepSource is a Source whose clock moves step on at every Read and which
// completes a GC cycle at every Read, so that every poll takes a sample.
type stepSource struct {
	now    time.Time
	step   time.Duration
	cycles uint64
}

func (s *stepSource) Read() leakwatch.Sample {
	s.now = s.now.Add(s.step)
	s.cycles++
	return leakwatch.Sample{Time: s.now, GCCycles: s.cycles, LiveHeap: 64<<20 + s.cycles<<10, Goroutines: 20 + s.cycles%7, Stacks: 128 << 10}
}

func (s *stepSource) GC() {}

// cpuMeter measures the process CPU time a benchmark's loop uses.
type cpuMeter struct {
	b     *testing.B
	start time.Duration
}

// meterCPU starts measuring; it skips the benchmark where process CPU time
// cannot be read.
func meterCPU(b *testing.B) *cpuMeter {
	b.Helper()
	start, ok := cputime.Process()
	if !ok {
		b.Skip("process CPU time is not available on this system")
	}
	return &cpuMeter{b: b, start: start}
}

// used returns the CPU time used since meterCPU.
func (m *cpuMeter) used() time.Duration {
	now, _ := cputime.Process()
	return now - m.start
}

// reportPoll reports the CPU time per poll and what one poll per interval
// would cost as a percentage of one core. CPU time, unlike ns/op, does not
// count the time the process waits for a core on a busy machine.
func (m *cpuMeter) reportPoll(interval time.Duration) {
	perOp := float64(m.used()) / float64(m.b.N)
	m.b.ReportMetric(perOp, "cpu-ns/op")
	m.b.ReportMetric(100*perOp/float64(interval), fmt.Sprintf("cpu-%%/core@%v", interval))
}

var pollSink *[64 << 10]byte

// secondSource wraps a Source and stamps its samples with a clock that
// moves 1 s on at every Read, as if polled every second.
type secondSource struct {
	leakwatch.Source
	now time.Time
}

func (s *secondSource) Read() leakwatch.Sample {
	r := s.Source.Read()
	s.now = s.now.Add(time.Second)
	r.Time = s.now
	return r
}

// BenchmarkPoll times one poll of a watcher's goroutine: sample=none reads
// the running process and finds no new GC cycle (a poll's usual case);
// sample=forced-gc and sample=skipped-gc find none for ForceGC; sample=new
// takes a sample and refits a full window of 10 ms samples.
func BenchmarkPoll(b *testing.B) {
	b.Run("sample=none/source=runtime", func(b *testing.B) {
		p := leakwatch.NewPoller(leakwatch.Config{Source: leakwatch.RuntimeSource(), ForceGC: leakwatch.Never})
		b.ReportAllocs()
		m := meterCPU(b)
		for b.Loop() {
			p.Poll()
		}
		m.reportPoll(time.Second)
	})
	// Polls at a 1 s interval with a cycle due at each, in a process with
	// no cycles of its own: sample=forced-gc, in a process that has
	// allocated (64 KiB a poll, which the runtime counts at once), runs a
	// GC of this process's small heap and samples; sample=skipped-gc, in
	// one that has not, skips the GC and samples.
	for _, tt := range []struct {
		name  string
		alloc bool
	}{{"sample=forced-gc", true}, {"sample=skipped-gc", false}} {
		b.Run(tt.name+"/source=runtime", func(b *testing.B) {
			src := &secondSource{Source: leakwatch.RuntimeSource(), now: time.Now()}
			// No GCBudget: this clock makes every cycle look 1 s long.
			p := leakwatch.NewPoller(leakwatch.Config{Source: src, Interval: time.Second, ForceGC: time.Second, GCBudget: leakwatch.Unlimited})
			p.Poll() // the first forced GC always runs
			b.ReportAllocs()
			m := meterCPU(b)
			before := p.Status().ForcedGCs
			for b.Loop() {
				if tt.alloc {
					pollSink = new([64 << 10]byte)
				}
				p.Poll()
			}
			m.reportPoll(time.Second)
			forced := p.Status().ForcedGCs - before
			b.ReportMetric(float64(forced)/float64(b.N), "forced-GCs/op")
		})
	}
	for _, window := range []time.Duration{time.Second, 5 * time.Second} {
		b.Run(fmt.Sprintf("sample=new/window=%v", window), func(b *testing.B) {
			src := &stepSource{now: time.Now(), step: 10 * time.Millisecond}
			p := leakwatch.NewPoller(leakwatch.Config{Source: src, Window: window, OnAlert: func(leakwatch.Alert) {}})
			for range int(window / src.step) { // fill the window
				p.Poll()
			}
			b.ReportAllocs()
			m := meterCPU(b)
			for b.Loop() {
				p.Poll()
			}
			m.reportPoll(time.Second)
		})
	}
}

// BenchmarkIdleCPU measures the whole cost of a watcher at a 1 s interval
// in a quiet process: its goroutine's wake-ups, its polls and the GC cycles
// it forces, as process CPU time over wall time, in percent of one core.
// Each op is 100 ms of sleep; run it with -benchtime 300x or more for a
// steady figure. watcher=off is the same process without a watcher, the
// baseline to subtract. With load=none nothing allocates and RuntimeSource
// skips the forced cycles; with load=64KiB-per-100ms the process allocates
// too little to collect by itself more than every few seconds, and the
// watcher forces a cycle every 10 s (the default ForceGC, Window/5, with
// the default 50 s Window at a 1 s Interval), or every second with a 5 s
// Window.
func BenchmarkIdleCPU(b *testing.B) {
	for _, load := range []struct {
		name  string
		alloc bool
	}{{"none", false}, {"64KiB-per-100ms", true}} {
		for _, watch := range []struct {
			name string
			cfg  *leakwatch.Config
		}{
			{"off", nil},
			{"interval-1s", &leakwatch.Config{Interval: time.Second}},
			{"interval-1s-window-5s", &leakwatch.Config{Interval: time.Second, Window: 5 * time.Second}},
		} {
			b.Run(fmt.Sprintf("load=%s/watcher=%s", load.name, watch.name), func(b *testing.B) {
				var w *leakwatch.Watcher // nil: Stop and Status do nothing
				if watch.cfg != nil {
					var err error
					if w, err = leakwatch.Start(*watch.cfg); err != nil {
						b.Fatal(err)
					}
					defer w.Stop()
				}
				m := meterCPU(b)
				wall := time.Now()
				for b.Loop() {
					if load.alloc {
						pollSink = new([64 << 10]byte)
					}
					time.Sleep(100 * time.Millisecond)
				}
				elapsed := time.Since(wall)
				b.ReportMetric(100*float64(m.used())/float64(elapsed), "cpu-%/core")
				b.ReportMetric(float64(w.Status().ForcedGCs)/elapsed.Seconds(), "forced-GCs/s")
			})
		}
	}
}

func TestPollAllocs(t *testing.T) {
	if race.Enabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	src := &stepSource{now: time.Now(), step: 10 * time.Millisecond}
	p := leakwatch.NewPoller(leakwatch.Config{Source: src})
	for range 1000 { // past the window: the ring has its full size
		p.Poll()
	}
	if got := testing.AllocsPerRun(100, p.Poll); got != 0 {
		t.Errorf("a poll that samples and fits allocates %v times, want 0", got)
	}
}

// TestWatcherGCBudget checks that forced cycles are spaced so that their
// bound on CPU time, wall time × GOMAXPROCS, stays within GCBudget.
func TestWatcherGCBudget(t *testing.T) {
	procs := time.Duration(runtime.GOMAXPROCS(0))
	tests := []struct {
		name    string
		budget  float64
		gcTakes time.Duration
	}{
		{"GCBudget=unlimited", leakwatch.Unlimited, 5 * time.Millisecond},
		{"GCBudget=default/gc=free", 0, 0},
		{"GCBudget=default/gc=5ms", 0, 5 * time.Millisecond},
		{"GCBudget=0.1%/gc=1ms", 0.001, time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				src := newFake(0, heapOnly(func(time.Duration, uint64) uint64 { return 64 * mib }))
				src.gcTakes = tt.gcTakes
				const run = 20 * time.Second
				cfg := leakwatch.Config{ForceGC: 250 * time.Millisecond, GCBudget: tt.budget}
				_, _, st := watch(t, cfg, src, run)
				// A forced cycle every ForceGC (a cycle that takes at most
				// half a poll does not shift the next), or every
				// d × GOMAXPROCS / budget (plus the poll it ends in).
				budget := tt.budget
				if budget == 0 {
					budget = 0.01
				}
				gap := 250 * time.Millisecond
				if spaced := time.Duration(float64(tt.gcTakes*procs)/budget) + tt.gcTakes; spaced > gap {
					gap = spaced
				}
				lo, hi := uint64(run/(gap+10*time.Millisecond)), uint64(run/gap)+1
				if st.ForcedGCs < lo || st.ForcedGCs > hi {
					t.Errorf("%d forced GCs in %v, want %d to %d (one every %v)", st.ForcedGCs, run, lo, hi, gap)
				}
			})
		})
	}
}

func TestWatcherForcesGC(t *testing.T) {
	tests := []struct {
		name      string
		gcEvery   int
		gcNoop    bool
		gcTakes   time.Duration
		forcedGCs uint64
		samples   uint64
	}{
		{"cycles=none", 0, false, 0, 40, 40},
		// A forced sample is stamped after its cycle: the next poll
		// ForceGC later still forces one.
		{"cycles=none/gc-takes-2ms", 0, false, 2 * time.Millisecond, 40, 40},
		// A Source may skip the cycle; the watcher samples anyway.
		{"cycles=none/source-skips-gc", 0, true, 0, 0, 40},
		// A cycle every 200 ms: never 250 ms without one.
		{"cycles=every-200ms", 20, false, 0, 0, 50},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				src := newFake(tt.gcEvery, heapOnly(func(time.Duration, uint64) uint64 { return 64 * mib }))
				src.gcNoop, src.gcTakes = tt.gcNoop, tt.gcTakes
				_, _, st := watch(t, leakwatch.Config{ForceGC: 250 * time.Millisecond, GCBudget: leakwatch.Unlimited}, src, 10*time.Second)
				if st.ForcedGCs != tt.forcedGCs || st.Samples != tt.samples || st.Polls != 1000 {
					t.Errorf("forced GCs %d, samples %d, polls %d; want %d, %d, 1000",
						st.ForcedGCs, st.Samples, st.Polls, tt.forcedGCs, tt.samples)
				}
			})
		})
	}
}
