package leakwatch_test

import (
	"errors"
	"io/fs"
	"math"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"go.uber.org/goleak"

	"github.com/safeprim/safeprim/internal/leaktest"
	"github.com/safeprim/safeprim/internal/panictest"
	"github.com/safeprim/safeprim/leakwatch"
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

func (f *fakeProcess) Read() leakwatch.Sample {
	f.reads++
	if f.gcEvery > 0 && f.reads%f.gcEvery == 0 {
		f.cycles++
	}
	heap, goroutines := f.figures(time.Since(f.start), f.cycles)
	return leakwatch.Sample{GCCycles: f.cycles, LiveHeap: heap, Goroutines: goroutines, Stacks: 8 << 10 * goroutines}
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
func watch(t testing.TB, cfg leakwatch.Config, src leakwatch.Source, d time.Duration) ([]leakwatch.Alert, []time.Duration, leakwatch.Status) {
	t.Helper()
	start := time.Now()
	var alerts []leakwatch.Alert
	var after []time.Duration
	cfg.Source = src
	cfg.OnAlert = func(a leakwatch.Alert) {
		alerts = append(alerts, a)
		after = append(after, a.Sample.Time.Sub(start))
	}
	w, err := leakwatch.Start(cfg)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	time.Sleep(d)
	w.Stop() // joins the goroutine: alerts and after are ours again
	return alerts, after, w.Status()
}

func TestWatcherAlertFigures(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := newFake(1, func(_ time.Duration, c uint64) (uint64, uint64) { return 64*mib + 10<<10*c, 50 + c })
		alerts, _, st := watch(t, leakwatch.Config{}, src, 10*time.Second)
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
		const want = "leakwatch: live heap growing 1000.0 KiB/s (R² 1.00 over 5s, 501 samples) for 2s"
		if got := heap.String(); got != want {
			t.Errorf("String() = %q, want %q", got, want)
		}
	})
}

func TestWatcherProfiles(t *testing.T) {
	dir := t.TempDir() + "/profiles" // Start creates it
	synctest.Test(t, func(t *testing.T) {
		src := newFake(1, func(_ time.Duration, c uint64) (uint64, uint64) { return 64*mib + 10<<10*c, 50 + c })
		alerts, _, _ := watch(t, leakwatch.Config{ProfileDir: dir}, src, 10*time.Second)
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
		alerts, _, _ := watch(t, leakwatch.Config{ProfileDir: dir}, src, 10*time.Second)
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
	w, err := leakwatch.Start(leakwatch.Config{ProfileDir: file + "/profiles"})
	if err == nil || w != nil {
		w.Stop()
		t.Fatalf("Start with a profile dir under a file = %v, %v; want nil and an error", w, err)
	}
}

func TestStartPanics(t *testing.T) {
	tests := []struct {
		name string
		cfg  leakwatch.Config
		want string
	}{
		{"Interval<0", leakwatch.Config{Interval: -1}, "leakwatch: Start: Config.Interval is negative (-1ns)"},
		{"Window<0", leakwatch.Config{Window: -1}, "leakwatch: Start: Config.Window is negative"},
		{"Hold<0", leakwatch.Config{Hold: -time.Second}, "leakwatch: Start: Config.Hold is negative (-1s)"},
		{"Warmup<0", leakwatch.Config{Warmup: -time.Second}, "leakwatch: Start: Config.Warmup is negative (-1s)"},
		{"Window<5*Interval", leakwatch.Config{Interval: 2 * time.Second, Window: 5 * time.Second}, "leakwatch: Start: Config.Window 5s holds fewer than 5 polls of Config.Interval 2s; make Window at least 10s"},
		{"MinR2>1", leakwatch.Config{MinR2: 1.5}, "leakwatch: Start: Config.MinR2 is 1.5, above 1"},
		{"HeapThreshold=NaN", leakwatch.Config{HeapThreshold: math.NaN()}, "leakwatch: Start: Config.HeapThreshold is NaN"},
		{"ForceGC<0", leakwatch.Config{ForceGC: -1}, "leakwatch: Start: Config.ForceGC is negative (-1ns); use a positive duration, or zero for Window/5, or leakwatch.Never to force no cycle"},
		{"HeapThreshold<0", leakwatch.Config{HeapThreshold: -1}, "leakwatch: Start: Config.HeapThreshold is negative (-1); use a slope in bytes per second, zero for the default 256 KiB/s, or leakwatch.NoThreshold to turn the heap alert off"},
		{"GoroutineThreshold<0", leakwatch.Config{GoroutineThreshold: -1}, "leakwatch: Start: Config.GoroutineThreshold is negative (-1); use a slope in goroutines per second, zero for the default 10/s, or leakwatch.NoThreshold to turn the goroutine alert off"},
		{"GoroutineThreshold=NaN", leakwatch.Config{GoroutineThreshold: math.NaN()}, "leakwatch: Start: Config.GoroutineThreshold is NaN; use a slope in goroutines per second"},
		{"MinR2<0", leakwatch.Config{MinR2: -1}, "leakwatch: Start: Config.MinR2 is negative (-1); use a gate in (0, 1], zero for the default 0.8, or leakwatch.AnyR2 to turn the gate off"},
		{"MinR2=NaN", leakwatch.Config{MinR2: math.NaN()}, "leakwatch: Start: Config.MinR2 is NaN"},
		{"GCBudget<0", leakwatch.Config{GCBudget: -0.5}, "leakwatch: Start: Config.GCBudget is negative (-0.5); use a fraction of one core, zero for the default 0.01, or leakwatch.Unlimited not to space forced cycles"},
		{"GCBudget=NaN", leakwatch.Config{GCBudget: math.NaN()}, "leakwatch: Start: Config.GCBudget is NaN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			panictest.Want(t, tt.want, func() {
				w, _ := leakwatch.Start(tt.cfg)
				w.Stop()
			})
		})
	}
}

func TestStop(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := newFake(1, heapOnly(func(time.Duration, uint64) uint64 { return 64 * mib }))
		w, err := leakwatch.Start(leakwatch.Config{Source: src})
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
		var w leakwatch.Watcher
		w.Stop()
		if st := w.Status(); st != (leakwatch.Status{}) {
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
		w, err := leakwatch.Start(leakwatch.Config{Source: src, Hold: time.Millisecond, OnAlert: func(leakwatch.Alert) {
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
	t.Run("impl=leakwatch", func(t *testing.T) {
		w, err := leakwatch.Start(leakwatch.Config{Interval: time.Millisecond, ForceGC: leakwatch.Never})
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

// TestRecentAlerts raises more alerts than a watcher keeps and checks that
// RecentAlerts returns the last ones, oldest first, as OnAlert saw them.
func TestRecentAlerts(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// Every 2 s, the heap grows 10 MiB in 1 s, then stays flat for 1 s:
		// one alert per ramp once the slope has fallen back between them.
		src := newFake(1, heapOnly(func(e time.Duration, _ uint64) uint64 {
			ramps, phase := e/(2*time.Second), e%(2*time.Second)
			grown := (time.Duration(ramps)*time.Second + min(phase, time.Second)).Seconds()
			return 64*mib + uint64(grown*10*mib)
		}))
		var alerts []leakwatch.Alert
		w, err := leakwatch.Start(leakwatch.Config{
			Window:  time.Second,
			Hold:    100 * time.Millisecond,
			Source:  src,
			OnAlert: func(a leakwatch.Alert) { alerts = append(alerts, a) },
		})
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(30 * time.Second)
		synctest.Wait()
		if got := w.RecentAlerts(); !reflect.DeepEqual(got, alerts[max(0, len(alerts)-8):]) {
			t.Errorf("RecentAlerts while running:\ngot  %v\nwant the last 8 of %v", got, alerts)
		}
		w.Stop()
		if len(alerts) < 10 || w.Status().Alerts != uint64(len(alerts)) {
			t.Fatalf("got %d alerts, status counts %d; want 10 or more, the same", len(alerts), w.Status().Alerts)
		}
		if got, want := w.RecentAlerts(), alerts[len(alerts)-8:]; !reflect.DeepEqual(got, want) {
			t.Errorf("RecentAlerts after Stop:\ngot  %v\nwant %v", got, want)
		}
		var zero leakwatch.Watcher
		if got := zero.RecentAlerts(); got != nil {
			t.Errorf("RecentAlerts of the zero Watcher = %v, want nil", got)
		}
	})
}
