package trend_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/safeprim/safeprim/bench/trend"
)

// stepSource is a Source whose clock moves step on at every Read and which
// completes a GC cycle at every Read, so that every poll takes a sample.
type stepSource struct {
	now    time.Time
	step   time.Duration
	cycles uint64
}

func (s *stepSource) Read() trend.Sample {
	s.now = s.now.Add(s.step)
	s.cycles++
	return trend.Sample{Time: s.now, GCCycles: s.cycles, LiveHeap: 64<<20 + s.cycles<<10, Goroutines: 20 + s.cycles%7, Stacks: 128 << 10}
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
	start, ok := processCPU()
	if !ok {
		b.Skip("process CPU time is not available on this system")
	}
	return &cpuMeter{b: b, start: start}
}

// used returns the CPU time used since meterCPU.
func (m *cpuMeter) used() time.Duration {
	now, _ := processCPU()
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
	trend.Source
	now time.Time
}

func (s *secondSource) Read() trend.Sample {
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
		p := trend.NewPoller(trend.Config{Source: trend.RuntimeSource(), ForceGC: -1})
		b.ReportAllocs()
		m := meterCPU(b)
		for b.Loop() {
			p.Poll()
		}
		m.reportPoll(time.Second)
	})
	// Polls at a 1 s interval with the default ForceGC (1 s), in a process
	// with no cycles of its own: sample=forced-gc, in a process that has
	// allocated (64 KiB a poll, which the runtime counts at once), runs a GC of this process's small heap and
	// samples; sample=skipped-gc, in one that has not, skips the GC and
	// samples.
	for _, tt := range []struct {
		name  string
		alloc bool
	}{{"sample=forced-gc", true}, {"sample=skipped-gc", false}} {
		b.Run(tt.name+"/source=runtime", func(b *testing.B) {
			src := &secondSource{Source: trend.RuntimeSource(), now: time.Now()}
			// No GCBudget: this clock makes every cycle look 1 s long.
			p := trend.NewPoller(trend.Config{Source: src, Interval: time.Second, GCBudget: -1})
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
			p := trend.NewPoller(trend.Config{Source: src, Window: window, OnAlert: func(trend.Alert) {}})
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
// watcher forces a cycle about every second (every 5 s with
// forcegc-5s).
func BenchmarkIdleCPU(b *testing.B) {
	for _, load := range []struct {
		name  string
		alloc bool
	}{{"none", false}, {"64KiB-per-100ms", true}} {
		for _, watch := range []struct {
			name string
			cfg  *trend.Config
		}{
			{"off", nil},
			{"interval-1s", &trend.Config{Interval: time.Second}},
			{"interval-1s-forcegc-5s", &trend.Config{Interval: time.Second, ForceGC: 5 * time.Second}},
		} {
			b.Run(fmt.Sprintf("load=%s/watcher=%s", load.name, watch.name), func(b *testing.B) {
				if watch.cfg != nil {
					w, err := trend.Start(*watch.cfg)
					if err != nil {
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
				b.ReportMetric(100*float64(m.used())/float64(time.Since(wall)), "cpu-%/core")
			})
		}
	}
}

func TestPollAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	src := &stepSource{now: time.Now(), step: 10 * time.Millisecond}
	p := trend.NewPoller(trend.Config{Source: src})
	for range 1000 { // past the window: the ring has its full size
		p.Poll()
	}
	if got := testing.AllocsPerRun(100, p.Poll); got != 0 {
		t.Errorf("a poll that samples and fits allocates %v times, want 0", got)
	}
}
