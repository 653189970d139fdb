package trend_test

import (
	"errors"
	"io/fs"
	"math"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"go.uber.org/goleak"

	"github.com/safeprim/safeprim/bench/trend"
	"github.com/safeprim/safeprim/internal/leaktest"
)

const mib = 1 << 20

// fakeProcess is a Source that replays a process's figures as functions of
// the time since it was made and of its GC cycle count. A cycle completes
// every gcEvery reads (never, if gcEvery is 0) and at every GC call. It
// leaves Sample.Time zero, so the watcher stamps samples with time.Now,
// which testing/synctest fakes.
type fakeProcess struct {
	start   time.Time
	gcEvery int
	gcNoop  bool          // GC calls complete no cycle
	gcTakes time.Duration // each GC call sleeps this long
	reads   int
	cycles  uint64
	figures func(elapsed time.Duration, cycle uint64) (heap, goroutines uint64)
}

func newFake(gcEvery int, figures func(time.Duration, uint64) (uint64, uint64)) *fakeProcess {
	return &fakeProcess{start: time.Now(), gcEvery: gcEvery, figures: figures}
}

func (f *fakeProcess) Read() trend.Sample {
	f.reads++
	if f.gcEvery > 0 && f.reads%f.gcEvery == 0 {
		f.cycles++
	}
	heap, goroutines := f.figures(time.Since(f.start), f.cycles)
	return trend.Sample{GCCycles: f.cycles, LiveHeap: heap, Goroutines: goroutines, Stacks: 8 << 10 * goroutines}
}

func (f *fakeProcess) GC() {
	time.Sleep(f.gcTakes)
	if !f.gcNoop {
		f.cycles++
	}
}

// heapOnly returns figures with a steady goroutine count and the live heap
// that heap gives.
func heapOnly(heap func(elapsed time.Duration, cycle uint64) uint64) func(time.Duration, uint64) (uint64, uint64) {
	return func(e time.Duration, c uint64) (uint64, uint64) { return heap(e, c), 50 }
}

// watch runs a watcher over src for d of (fake) time and returns the
// alerts it raised, with when each came after Start, and its final status.
func watch(t testing.TB, cfg trend.Config, src trend.Source, d time.Duration) ([]trend.Alert, []time.Duration, trend.Status) {
	t.Helper()
	start := time.Now()
	var alerts []trend.Alert
	var after []time.Duration
	cfg.Source = src
	cfg.OnAlert = func(a trend.Alert) {
		alerts = append(alerts, a)
		after = append(after, a.Sample.Time.Sub(start))
	}
	w, err := trend.Start(cfg)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	time.Sleep(d)
	w.Stop() // joins the goroutine: alerts and after are ours again
	return alerts, after, w.Status()
}

// splitmix is a fixed pseudo-random sequence, so that churn is the same in
// every run.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

func TestWatcherScenarios(t *testing.T) {
	s := time.Second
	tests := []struct {
		name    string
		cfg     trend.Config
		gcEvery int // polls per GC cycle; 0: only forced cycles
		figures func(time.Duration, uint64) (uint64, uint64)
		run     time.Duration
		want    []trend.Metric  // the alerts, in order
		at      []time.Duration // when each came, after Start
		fires   bool            // instead of want and at: some heap alerts
	}{
		{
			// 10 KiB per sample, 100 samples a second.
			name: "leak=heap", gcEvery: 1,
			figures: heapOnly(func(_ time.Duration, c uint64) uint64 { return 64*mib + 10<<10*c }),
			want:    []trend.Metric{trend.Heap}, at: []time.Duration{7 * s}, // warm-up 5 s + hold 2 s
		},
		{
			// 1 MiB per cycle, and no cycle unless the watcher forces one.
			name:    "leak=heap/idle",
			figures: heapOnly(func(_ time.Duration, c uint64) uint64 { return 64*mib + mib*c }),
			want:    []trend.Metric{trend.Heap}, at: []time.Duration{7 * s},
		},
		{
			name: "leak=heap/idle/ForceGC=never", cfg: trend.Config{ForceGC: -1},
			figures: heapOnly(func(_ time.Duration, c uint64) uint64 { return 64*mib + mib*c }),
		},
		{
			name: "leak=heap/HeapThreshold=off", cfg: trend.Config{HeapThreshold: -1}, gcEvery: 1,
			figures: heapOnly(func(_ time.Duration, c uint64) uint64 { return 64*mib + 10<<10*c }),
		},
		{
			name: "leak=heap/gc=every-50ms", gcEvery: 5,
			figures: heapOnly(func(_ time.Duration, c uint64) uint64 { return 64*mib + 100<<10*c }),
			// Samples come at 40 ms, 90 ms, ... (Start's baseline read is
			// the fake's first): the first after the warm-up is at 5.04 s.
			want: []trend.Metric{trend.Heap}, at: []time.Duration{7040 * time.Millisecond},
		},
		{
			name: "leak=heap/Warmup=10s/Hold=1s", cfg: trend.Config{Warmup: 10 * s, Hold: s}, gcEvery: 1,
			figures: heapOnly(func(_ time.Duration, c uint64) uint64 { return 64*mib + 10<<10*c }),
			want:    []trend.Metric{trend.Heap}, at: []time.Duration{11 * s},
		},
		{
			// One goroutine per sample: 100/s.
			name: "leak=goroutines", gcEvery: 1,
			figures: func(_ time.Duration, c uint64) (uint64, uint64) { return 64 * mib, 50 + c },
			want:    []trend.Metric{trend.Goroutines}, at: []time.Duration{7 * s},
		},
		{
			name: "leak=both", gcEvery: 1,
			figures: func(_ time.Duration, c uint64) (uint64, uint64) { return 64*mib + 10<<10*c, 50 + c },
			want:    []trend.Metric{trend.Heap, trend.Goroutines}, at: []time.Duration{7 * s, 7 * s},
		},
		{
			// Leaks for 15 s, holds still for 15 s, leaks again: one alert
			// per run of growth.
			name: "leak=heap/twice", gcEvery: 1, run: 45 * s,
			figures: heapOnly(func(e time.Duration, _ uint64) uint64 {
				grown := min(e, 15*s) + max(e-30*s, 0)
				return 64*mib + uint64(grown.Seconds()*mib)
			}),
			want: []trend.Metric{trend.Heap, trend.Heap}, at: []time.Duration{7 * s, 34510 * time.Millisecond},
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
			name: "step/MinR2=off", cfg: trend.Config{MinR2: -1}, gcEvery: 1,
			figures: heapOnly(func(e time.Duration, _ uint64) uint64 { return 64*mib + 64*mib*uint64(min(e/(10*s), 1)) }),
			// The sample at 10 s alone leaves the slope under the threshold.
			want: []trend.Metric{trend.Heap}, at: []time.Duration{12010 * time.Millisecond},
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
			name: "sawtooth/Window=2s", cfg: trend.Config{Window: 2 * s, Hold: s / 2}, gcEvery: 1,
			figures: heapOnly(func(e time.Duration, _ uint64) uint64 {
				return 64*mib + uint64(e%(1500*time.Millisecond))*64*mib/uint64(1500*time.Millisecond)
			}),
		},
		{
			name: "churn/Window=2s", cfg: trend.Config{Window: 2 * s, Hold: s / 2}, gcEvery: 1,
			figures: heapOnly(func(_ time.Duration, c uint64) uint64 { return 64*mib + splitmix(c)%(16*mib) }),
		},
		{
			// What the R² gate and the warm-up hold back: without the
			// gate, churn and a sawtooth over a short window, and bursts
			// over the default one, are taken for leaks; with a short
			// warm-up, a cache filling at start-up is.
			name: "sawtooth/MinR2=off/Window=2s", cfg: trend.Config{MinR2: -1, Window: 2 * s, Hold: s / 2}, gcEvery: 1,
			figures: heapOnly(func(e time.Duration, _ uint64) uint64 {
				return 64*mib + uint64(e%(1500*time.Millisecond))*64*mib/uint64(1500*time.Millisecond)
			}),
			fires: true,
		},
		{
			name: "churn/MinR2=off/Window=2s", cfg: trend.Config{MinR2: -1, Window: 2 * s, Hold: s / 2}, gcEvery: 1,
			figures: heapOnly(func(_ time.Duration, c uint64) uint64 { return 64*mib + splitmix(c)%(16*mib) }),
			fires:   true,
		},
		{
			name: "bursts/MinR2=off", cfg: trend.Config{MinR2: -1}, gcEvery: 1,
			figures: heapOnly(func(e time.Duration, _ uint64) uint64 {
				if e%(10*s) >= 9*s {
					return 128 * mib
				}
				return 64 * mib
			}),
			fires: true,
		},
		{
			name: "cache-warming/Warmup=1s", cfg: trend.Config{Warmup: s}, gcEvery: 1,
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
				var got []trend.Metric
				for _, a := range alerts {
					got = append(got, a.Metric)
				}
				switch {
				case tt.fires:
					if len(got) == 0 || slices.ContainsFunc(got, func(m trend.Metric) bool { return m != trend.Heap }) {
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

func TestWatcherAlertFigures(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := newFake(1, func(_ time.Duration, c uint64) (uint64, uint64) { return 64*mib + 10<<10*c, 50 + c })
		alerts, _, st := watch(t, trend.Config{}, src, 10*time.Second)
		if len(alerts) != 2 {
			t.Fatalf("got %d alerts, want 2", len(alerts))
		}
		heap, g := alerts[0], alerts[1]
		for _, c := range []struct {
			name      string
			got, want float64
		}{
			{"heap slope (B/s)", heap.Fit.Slope, 100 * 10 << 10},
			{"heap R²", heap.Fit.R2, 1},
			{"heap threshold (B/s)", heap.Threshold, 256 << 10},
			{"goroutine slope (/s)", g.Fit.Slope, 100},
			{"goroutine threshold (/s)", g.Threshold, 10},
			{"stack slope (B/s)", g.Stacks.Slope, 100 * 8 << 10},
		} {
			if math.Abs(c.got-c.want) > 1e-6*c.want {
				t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
			}
		}
		// The window at 7 s holds the samples from 2 s to 7 s inclusive.
		if heap.Fit.Samples != 501 || heap.Fit.Span != 5*time.Second {
			t.Errorf("heap fit over %d samples and %v, want 501 and 5s", heap.Fit.Samples, heap.Fit.Span)
		}
		if st.Polls != 1000 || st.Samples != 1000 || st.ForcedGCs != 0 || st.Alerts != 2 {
			t.Errorf("status counts polls %d, samples %d, forced GCs %d, alerts %d; want 1000, 1000, 0, 2",
				st.Polls, st.Samples, st.ForcedGCs, st.Alerts)
		}
		// Start's baseline read completed the fake's first cycle.
		if st.Sample.GCCycles != 1001 || math.Abs(st.Heap.Slope-100*10<<10) > 1e-3 {
			t.Errorf("status sample cycle %d, heap slope %v; want 1001, %v", st.Sample.GCCycles, st.Heap.Slope, 100*10<<10)
		}
		const want = "trend: live heap growing 1000.0 KiB/s (R² 1.00 over 5s, 501 samples) for 2s"
		if got := heap.String(); got != want {
			t.Errorf("String() = %q, want %q", got, want)
		}
	})
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
		{"GCBudget=off", -1, 5 * time.Millisecond},
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
				cfg := trend.Config{ForceGC: 250 * time.Millisecond, GCBudget: tt.budget}
				_, _, st := watch(t, cfg, src, run)
				// A forced cycle every ForceGC (plus the poll it ends in),
				// or every d × GOMAXPROCS / budget (plus that poll).
				budget := tt.budget
				if budget == 0 {
					budget = 0.01
				}
				gap := 250*time.Millisecond + tt.gcTakes
				if spaced := time.Duration(float64(tt.gcTakes*procs)/budget) + tt.gcTakes; budget > 0 && spaced > gap {
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
		forcedGCs uint64
		samples   uint64
	}{
		{"cycles=none", 0, false, 40, 40},
		// A Source may skip the cycle; the watcher samples anyway.
		{"cycles=none/source-skips-gc", 0, true, 0, 40},
		// A cycle every 200 ms: never 250 ms without one.
		{"cycles=every-200ms", 20, false, 0, 50},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				src := newFake(tt.gcEvery, heapOnly(func(time.Duration, uint64) uint64 { return 64 * mib }))
				src.gcNoop = tt.gcNoop
				_, _, st := watch(t, trend.Config{ForceGC: 250 * time.Millisecond}, src, 10*time.Second)
				if st.ForcedGCs != tt.forcedGCs || st.Samples != tt.samples || st.Polls != 1000 {
					t.Errorf("forced GCs %d, samples %d, polls %d; want %d, %d, 1000",
						st.ForcedGCs, st.Samples, st.Polls, tt.forcedGCs, tt.samples)
				}
			})
		})
	}
}

func TestWatcherProfiles(t *testing.T) {
	dir := t.TempDir() + "/profiles" // Start creates it
	synctest.Test(t, func(t *testing.T) {
		src := newFake(1, func(_ time.Duration, c uint64) (uint64, uint64) { return 64*mib + 10<<10*c, 50 + c })
		alerts, _, _ := watch(t, trend.Config{ProfileDir: dir}, src, 10*time.Second)
		if len(alerts) != 2 {
			t.Fatalf("got %d alerts, want 2", len(alerts))
		}
		seen := map[string]bool{}
		for i, a := range alerts {
			if a.ProfileErr != nil {
				t.Fatalf("alert %d: ProfileErr = %v", i, a.ProfileErr)
			}
			for _, p := range []string{a.HeapProfile, a.GoroutineProfile} {
				fi, err := os.Stat(p)
				if err != nil || fi.Size() == 0 || !strings.HasPrefix(p, dir+"/") || seen[p] {
					t.Errorf("alert %d: profile %q: stat error %v, want a new non-empty file in %s", i, p, err, dir)
				}
				seen[p] = true
			}
		}
		want := dir + "/heap-20000101T000007.000Z-1.pb.gz"
		if got := alerts[0].HeapProfile; got != want {
			t.Errorf("HeapProfile = %q, want %q", got, want)
		}
	})
}

func TestWatcherProfileErr(t *testing.T) {
	dir := t.TempDir()
	synctest.Test(t, func(t *testing.T) {
		// A file already in the way of the first heap profile.
		name := dir + "/heap-20000101T000007.000Z-1.pb.gz"
		if err := os.WriteFile(name, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		src := newFake(1, heapOnly(func(_ time.Duration, c uint64) uint64 { return 64*mib + 10<<10*c }))
		alerts, _, _ := watch(t, trend.Config{ProfileDir: dir}, src, 10*time.Second)
		if len(alerts) != 1 {
			t.Fatalf("got %d alerts, want 1", len(alerts))
		}
		a := alerts[0]
		if !errors.Is(a.ProfileErr, fs.ErrExist) || a.HeapProfile != "" || a.GoroutineProfile == "" {
			t.Errorf("ProfileErr %v, HeapProfile %q, GoroutineProfile %q; want an exists error, no heap profile, a goroutine profile",
				a.ProfileErr, a.HeapProfile, a.GoroutineProfile)
		}
	})
}

func TestStartProfileDirError(t *testing.T) {
	file := t.TempDir() + "/file"
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	w, err := trend.Start(trend.Config{ProfileDir: file + "/profiles"})
	if err == nil || w != nil {
		w.Stop()
		t.Fatalf("Start with a profile dir under a file = %v, %v; want nil and an error", w, err)
	}
}

func TestStartPanics(t *testing.T) {
	tests := []struct {
		name string
		cfg  trend.Config
		want string
	}{
		{"Interval<0", trend.Config{Interval: -1}, "trend: Start: Config.Interval is negative (-1ns)"},
		{"Window<0", trend.Config{Window: -1}, "trend: Start: Config.Window is negative"},
		{"Hold<0", trend.Config{Hold: -time.Second}, "trend: Start: Config.Hold is negative (-1s)"},
		{"Warmup<0", trend.Config{Warmup: -time.Second}, "trend: Start: Config.Warmup is negative (-1s)"},
		{"Window<5*Interval", trend.Config{Interval: 2 * time.Second}, "trend: Start: Config.Window 5s holds fewer than 5 polls of Config.Interval 2s; make Window at least 10s"},
		{"MinR2>1", trend.Config{MinR2: 1.5}, "trend: Start: Config.MinR2 is 1.5, above 1"},
		{"HeapThreshold=NaN", trend.Config{HeapThreshold: math.NaN()}, "trend: Start: Config.HeapThreshold is NaN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				got, _ := recover().(string)
				if !strings.HasPrefix(got, tt.want) {
					t.Errorf("panic %q, want one starting %q", got, tt.want)
				}
			}()
			w, _ := trend.Start(tt.cfg)
			w.Stop()
		})
	}
}

func TestStop(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := newFake(1, heapOnly(func(time.Duration, uint64) uint64 { return 64 * mib }))
		w, err := trend.Start(trend.Config{Source: src})
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Second)
		var wg sync.WaitGroup
		for range 3 {
			wg.Go(w.Stop)
		}
		wg.Wait()
		polls := w.Status().Polls
		w.Stop()
		time.Sleep(time.Second)
		if got := w.Status().Polls; got != polls || polls != 100 {
			t.Errorf("polls = %d after Stop and %d a second later, want 100 both times", polls, got)
		}
	})
	t.Run("zero", func(t *testing.T) {
		var w trend.Watcher
		w.Stop()
		if st := w.Status(); st != (trend.Status{}) {
			t.Errorf("zero Watcher Status = %+v, want zero", st)
		}
	})
}

// TestStopInFlight checks that Stop waits for an OnAlert call in progress
// and that none starts after it.
func TestStopInFlight(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		var calls, returned int
		src := newFake(1, heapOnly(func(_ time.Duration, c uint64) uint64 { return 64*mib + 10<<10*c }))
		w, err := trend.Start(trend.Config{Source: src, Hold: time.Millisecond, OnAlert: func(trend.Alert) {
			calls++
			<-release
			returned++
		}})
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(6 * time.Second)
		synctest.Wait() // the watcher is blocked in OnAlert
		stopped := make(chan struct{})
		go func() { w.Stop(); close(stopped) }()
		synctest.Wait()
		select {
		case <-stopped:
			t.Fatal("Stop returned while OnAlert was running")
		default:
		}
		close(release)
		<-stopped
		if calls != 1 || returned != 1 {
			t.Errorf("OnAlert called %d times, returned %d; want 1, 1", calls, returned)
		}
	})
}

// naiveWatcher is the usual shape of a polling loop: a method run as a
// goroutine, which keeps its receiver reachable for as long as it runs.
type naiveWatcher struct {
	stop, done chan struct{}
}

func (n *naiveWatcher) loop() {
	defer close(n.done)
	t := time.NewTicker(time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-n.stop:
			return
		case <-t.C:
		}
	}
}

// TestWatcherDropped checks the safety net: a Watcher dropped without Stop
// is collected, and its goroutine then stops; the naive loop pins its
// watcher and runs on.
func TestWatcherDropped(t *testing.T) {
	t.Run("impl=naive", func(t *testing.T) {
		n := &naiveWatcher{stop: make(chan struct{}), done: make(chan struct{})}
		stop, done := n.stop, n.done
		go n.loop()
		collected := leaktest.Watch(n)
		if collected() {
			t.Error("naive watcher collected while its goroutine runs, want it kept alive")
		}
		close(stop)
		<-done
	})
	t.Run("impl=trend", func(t *testing.T) {
		w, err := trend.Start(trend.Config{Interval: time.Millisecond, ForceGC: -1})
		if err != nil {
			t.Fatal(err)
		}
		collected := leaktest.Watch(w)
		if !collected() {
			t.Fatal("dropped Watcher still reachable, want it collected")
		}
		// goleak retries while the goroutine sees its stop signal and
		// returns.
		goleak.VerifyNone(t)
	})
}
