package leakwatch_test

import (
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/safeprim/safeprim/leakwatch"
)

// leakySource is a Source that replays a process leaking 1 MiB per GC cycle.
// It is its own clock: each Read moves it 100 ms on and completes a cycle,
// until it has completed limit cycles; then it closes done and stands still.
type leakySource struct {
	now    time.Time
	cycles uint64
	limit  uint64
	done   chan struct{}
}

func newLeakySource(limit uint64) *leakySource {
	return &leakySource{
		now:   time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		limit: limit,
		done:  make(chan struct{}),
	}
}

func (s *leakySource) Read() leakwatch.Sample {
	if s.cycles < s.limit {
		s.now = s.now.Add(100 * time.Millisecond)
		s.cycles++
		if s.cycles == s.limit {
			close(s.done)
		}
	}
	return leakwatch.Sample{
		Time:       s.now,
		GCCycles:   s.cycles,
		LiveHeap:   64<<20 + s.cycles<<20,
		Goroutines: 12,
		Stacks:     96 << 10,
	}
}

func (s *leakySource) GC() {}

// Watching a service: start a watcher beside it, log its alerts, stop it on
// the way out.
func Example() {
	w, err := leakwatch.Start(leakwatch.Config{
		OnAlert: func(a leakwatch.Alert) { log.Print(a) },
	})
	if err != nil {
		log.Fatal(err)
	}
	defer w.Stop()

	// ... serve ...
	fmt.Println("watching")
	// Output: watching
}

func ExampleStart() {
	src := newLeakySource(100) // 10 s of a 10 MiB/s leak
	var alerts []leakwatch.Alert
	w, err := leakwatch.Start(leakwatch.Config{
		Interval: time.Millisecond,
		Source:   src,
		OnAlert:  func(a leakwatch.Alert) { alerts = append(alerts, a) },
	})
	if err != nil {
		log.Fatal(err)
	}
	<-src.done
	w.Stop() // after Stop, alerts is ours to read
	for _, a := range alerts {
		fmt.Println(a)
	}
	// Output: leakwatch: live heap growing 10.0 MiB/s (R² 1.00 over 5s, 51 samples) for 2s
}

func ExampleConfig() {
	dir, err := os.MkdirTemp("", "leakwatch")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	src := newLeakySource(100)
	var alerts []leakwatch.Alert
	w, err := leakwatch.Start(leakwatch.Config{
		Interval:           time.Millisecond,
		Window:             3 * time.Second,
		HeapThreshold:      4 << 20,               // bytes per second
		GoroutineThreshold: leakwatch.NoThreshold, // heap only
		Hold:               time.Second,
		ProfileDir:         dir,
		OnAlert:            func(a leakwatch.Alert) { alerts = append(alerts, a) },
		Source:             src,
	})
	if err != nil {
		log.Fatal(err)
	}
	<-src.done
	w.Stop()
	for _, a := range alerts {
		fmt.Println(a.Metric, a.Fit.Samples, a.Held)
		fmt.Println(filepath.Base(a.HeapProfile), filepath.Base(a.GoroutineProfile), a.ProfileErr)
	}
	// Output:
	// live heap 31 1s
	// heap-20260101T000004.100Z-1.pb.gz goroutine-20260101T000004.100Z-1.pb.gz <nil>
}

func ExampleConfig_off() {
	// A zero field means its default; a named value turns a setting off.
	src := newLeakySource(100)
	var alerts []leakwatch.Alert
	w, err := leakwatch.Start(leakwatch.Config{
		Interval:           time.Millisecond,
		HeapThreshold:      leakwatch.NoThreshold, // no heap alert
		GoroutineThreshold: leakwatch.NoThreshold, // no goroutine alert
		MinR2:              leakwatch.AnyR2,       // no R² gate
		ForceGC:            leakwatch.Never,       // never force a GC cycle
		GCBudget:           leakwatch.Unlimited,   // do not space forced cycles
		Source:             src,
		OnAlert:            func(a leakwatch.Alert) { alerts = append(alerts, a) },
	})
	if err != nil {
		log.Fatal(err)
	}
	<-src.done
	w.Stop()
	fmt.Println(len(alerts), "alerts,", w.Status().ForcedGCs, "forced GCs")
	// Output: 0 alerts, 0 forced GCs
}

func ExampleWatcher() {
	src := newLeakySource(100)
	w, err := leakwatch.Start(leakwatch.Config{Interval: time.Millisecond, Source: src})
	if err != nil {
		log.Fatal(err)
	}
	<-src.done
	w.Stop()
	st := w.Status()
	fmt.Printf("%d samples, %d alerts, heap %.0f MiB/s\n", st.Samples, st.Alerts, st.Heap.Slope/(1<<20))
	// Output: 99 samples, 1 alerts, heap 10 MiB/s
}

func ExampleWatcher_Stop() {
	w, err := leakwatch.Start(leakwatch.Config{})
	if err != nil {
		log.Fatal(err)
	}
	w.Stop()
	w.Stop() // a second Stop returns at once
	fmt.Println("stopped")
	// Output: stopped
}

func ExampleWatcher_Status() {
	src := newLeakySource(20)
	w, err := leakwatch.Start(leakwatch.Config{Interval: time.Millisecond, Source: src})
	if err != nil {
		log.Fatal(err)
	}
	<-src.done
	w.Stop()
	st := w.Status()
	fmt.Println(st.Sample.GCCycles, st.Samples, st.Heap.Samples, st.Heap.Span)
	fmt.Printf("%.0f B/s, R² %.2f\n", st.Heap.Slope, st.Heap.R2)
	// Output:
	// 20 19 19 1.8s
	// 10485760 B/s, R² 1.00
}

func ExampleStatus() {
	w, err := leakwatch.Start(leakwatch.Config{Interval: time.Hour, Window: 5 * time.Hour})
	if err != nil {
		log.Fatal(err)
	}
	defer w.Stop()
	st := w.Status() // before the first poll: the baseline only
	fmt.Println(st.Samples, st.Sample.Goroutines > 0)
	// Output: 0 true
}

func ExampleAlert() {
	src := newLeakySource(100)
	w, err := leakwatch.Start(leakwatch.Config{
		Interval: time.Millisecond,
		Source:   src,
		OnAlert: func(a leakwatch.Alert) {
			fmt.Printf("%v: %.1f MiB/s > %.2f MiB/s, R² %.2f, %d samples over %v, held %v\n",
				a.Metric, a.Fit.Slope/(1<<20), a.Threshold/(1<<20), a.Fit.R2, a.Fit.Samples, a.Fit.Span, a.Held)
			fmt.Printf("stacks %.0f B/s, live heap %d MiB at %s\n",
				a.Stacks.Slope, a.Sample.LiveHeap>>20, a.Sample.Time.Format(time.TimeOnly))
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	<-src.done
	w.Stop()
	// Output:
	// live heap: 10.0 MiB/s > 0.25 MiB/s, R² 1.00, 51 samples over 5s, held 2s
	// stacks 0 B/s, live heap 135 MiB at 00:00:07
}

func ExampleAlert_String() {
	a := leakwatch.Alert{
		Metric: leakwatch.Goroutines,
		Fit:    leakwatch.Fit{Slope: 42, R2: 0.97, Samples: 500, Span: 5 * time.Second},
		Held:   2 * time.Second,
	}
	fmt.Println(a)
	a.Leaked = []leakwatch.LeakedGoroutines{{Count: 203, Function: "main.watch.func1", CreatedBy: "main.watch", Site: "/src/main.go:42"}}
	fmt.Println(a)
	// Output:
	// leakwatch: goroutines growing 42.0/s (R² 0.97 over 5s, 500 samples) for 2s
	// leakwatch: goroutines growing 42.0/s (R² 0.97 over 5s, 500 samples) for 2s; leaked: 203 main.watch.func1 (started at main.go:42)
}

func ExampleFit() {
	src := newLeakySource(30)
	w, err := leakwatch.Start(leakwatch.Config{Interval: time.Millisecond, Source: src})
	if err != nil {
		log.Fatal(err)
	}
	<-src.done
	w.Stop()
	f := w.Status().Heap
	fmt.Printf("%.0f MiB/s, R² %.2f, %d samples over %v\n", f.Slope/(1<<20), f.R2, f.Samples, f.Span)
	// Output: 10 MiB/s, R² 1.00, 29 samples over 2.8s
}

func ExampleMetric() {
	fmt.Println(leakwatch.Heap, "|", leakwatch.Goroutines)
	// Output: live heap | goroutines
}

func ExampleMetric_String() {
	fmt.Println(leakwatch.Heap.String())
	// Output: live heap
}

func ExampleSample() {
	src := leakwatch.RuntimeSource()
	src.GC() // LiveHeap is what the last cycle marked: 0 before the first
	s := src.Read()
	fmt.Println(s.LiveHeap > 0, s.Goroutines > 0, s.Stacks > 0, !s.Time.IsZero())
	// Output: true true true true
}

func ExampleSource() {
	// leakySource (above) implements Source; a Config takes it in place
	// of the running process.
	var src leakwatch.Source = newLeakySource(10)
	fmt.Println(src.Read().LiveHeap >> 20)
	// Output: 65
}

func ExampleRuntimeSource() {
	src := leakwatch.RuntimeSource()
	before := src.Read()
	src.GC()
	after := src.Read()
	fmt.Println(after.GCCycles > before.GCCycles, after.LiveHeap > 0)
	// Output: true true
}

// publish publishes the figures as "safeprim", once per process, as a
// service does in main.
var publish = sync.OnceFunc(func() { leakwatch.Publish("safeprim") })

func ExampleHandler() {
	mux := http.NewServeMux()
	mux.Handle("/debug/safeprim/", leakwatch.Handler())

	for _, target := range []string{"/debug/safeprim/", "/debug/safeprim/?format=json"} {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
		fmt.Println(rec.Code, rec.Header().Get("Content-Type"))
		if strings.HasSuffix(target, "json") {
			var r struct {
				Version    int               `json:"version"`
				Goroutines map[string]uint64 `json:"goroutines"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil {
				log.Fatal(err)
			}
			fmt.Println("version", r.Version, "with a goroutine total:", r.Goroutines["total"] > 0)
		}
	}
	// Output:
	// 200 text/html; charset=utf-8
	// 200 application/json
	// version 1 with a goroutine total: true
}

func ExampleWatcher_RecentAlerts() {
	src := newLeakySource(100)
	w, err := leakwatch.Start(leakwatch.Config{Interval: time.Millisecond, Source: src})
	if err != nil {
		log.Fatal(err)
	}
	<-src.done
	w.Stop()
	for _, a := range w.RecentAlerts() {
		fmt.Println(a.Metric, a.Sample.Time.Format(time.TimeOnly))
	}
	// Output: live heap 00:00:07
}

func ExampleLeakedGoroutines() {
	// A goroutine alert lists, where the runtime has the goroutineleak
	// profile, the goroutines it found leaked, by the go statement that
	// started them.
	a := leakwatch.Alert{
		Metric: leakwatch.Goroutines,
		Fit:    leakwatch.Fit{Slope: 120, R2: 0.99, Samples: 50, Span: 5 * time.Second},
		Held:   2 * time.Second,
		Leaked: []leakwatch.LeakedGoroutines{{
			Count:     610,
			Function:  "example.com/app.(*Server).notify.func1",
			CreatedBy: "example.com/app.(*Server).notify",
			Site:      "/src/app/server.go:42",
		}},
	}
	for _, l := range a.Leaked {
		fmt.Printf("%d goroutines running %s, started by %s at %s\n", l.Count, l.Function, l.CreatedBy, l.Site)
	}
	// Output: 610 goroutines running example.com/app.(*Server).notify.func1, started by example.com/app.(*Server).notify at /src/app/server.go:42
}

func ExampleLeakedGoroutines_String() {
	l := leakwatch.LeakedGoroutines{
		Count:     610,
		Function:  "example.com/app.(*Server).notify.func1",
		CreatedBy: "example.com/app.(*Server).notify",
		Site:      "/src/app/server.go:42",
	}
	fmt.Println(l)
	// Output: 610 example.com/app.(*Server).notify.func1 (started at server.go:42)
}
