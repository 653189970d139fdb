package leakwatch_test

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"weak"

	"github.com/safeprim/safeprim/internal/stacks"
	"github.com/safeprim/safeprim/leakwatch"
)

// gate is what a stranded goroutine blocks on. The goroutine keeps it alive
// (runtime.KeepAlive), so a weak pointer to it finds it as long as the
// goroutine blocks.
type gate struct{ ch chan struct{} }

// strand blocks on g until g.ch is closed. Once nothing but weak pointers
// reaches g, the runtime's goroutineleak profile finds it leaked.
func strand(g *gate, wg *sync.WaitGroup) {
	defer wg.Done()
	<-g.ch
	runtime.KeepAlive(g)
}

// stranded starts goroutines that the runtime classifies as leaked, and
// brings them back: the test package's goleak check must find none left.
type stranded struct {
	wg    sync.WaitGroup
	gates []weak.Pointer[gate]
}

// start strands one more goroutine and returns the line of its go
// statement. It keeps only a weak pointer to the goroutine's gate.
//
//go:noinline
func (s *stranded) start() (line int) {
	g := &gate{ch: make(chan struct{})}
	s.wg.Add(1)
	_, _, line, _ = runtime.Caller(0)
	go strand(g, &s.wg) // line+1
	s.gates = append(s.gates, weak.Make(g))
	return line + 1
}

// release ends the stranded goroutines. A goroutine the runtime marked
// leaked must not be woken as it is (the runtime would throw), so release
// first makes every gate reachable again and runs the leak-finding cycle
// once more, which puts the goroutines back to plain waiting, and only then
// closes the gates.
func (s *stranded) release(t testing.TB) {
	t.Helper()
	gates := make([]*gate, 0, len(s.gates))
	for _, w := range s.gates {
		g := w.Value()
		if g == nil {
			t.Fatal("a stranded goroutine's gate was collected while the goroutine blocked on it")
		}
		gates = append(gates, g)
	}
	if _, err := stacks.Read("goroutineleak"); err != nil && !errors.Is(err, stacks.ErrNoProfile) {
		t.Fatal(err)
	}
	for _, g := range gates {
		close(g.ch)
	}
	s.wg.Wait()
}

// TestAlertLeaked leaks goroutines in the test process until a watcher of
// the running process raises a goroutine alert, and checks what the alert
// says of them: where the runtime has the goroutineleak profile, the
// leaked goroutines grouped by the go statement that started them; where
// it has none, nothing, and no error.
func TestAlertLeaked(t *testing.T) {
	const maxStranded = 20000 // some forty times what the watcher needs
	alerts, onAlert := firstAlert()
	w, err := leakwatch.Start(leakwatch.Config{
		Interval:      10 * time.Millisecond,
		Window:        500 * time.Millisecond,
		Hold:          100 * time.Millisecond,
		HeapThreshold: leakwatch.NoThreshold,
		GCBudget:      leakwatch.Unlimited,
		OnAlert:       onAlert,
	})
	if err != nil {
		t.Fatal(err)
	}
	var s stranded
	var line int
	var a leakwatch.Alert
leak:
	for {
		select {
		case a = <-alerts:
			break leak
		default:
			if len(s.gates) == maxStranded {
				break leak
			}
			line = s.start()
			time.Sleep(time.Millisecond)
		}
	}
	page := readJSON(t) // while the watcher is listed, with its alert
	w.Stop()
	s.release(t)
	if a.Metric == 0 {
		t.Fatalf("no alert after %d goroutines leaked, one a millisecond", maxStranded)
	}

	if a.Metric != leakwatch.Goroutines {
		t.Fatalf("got a %v alert, want a goroutine alert", a.Metric)
	}
	if a.ProfileErr != nil {
		t.Errorf("ProfileErr: %v", a.ProfileErr)
	}
	if !stacks.HasLeakProfile {
		if a.Leaked != nil {
			t.Errorf("Leaked = %v, want nil where the runtime has no goroutineleak profile", a.Leaked)
		}
		return
	}
	if len(a.Leaked) == 0 {
		t.Fatalf("Leaked is empty after %d goroutines were stranded", len(s.gates))
	}
	const function = "github.com/safeprim/safeprim/leakwatch_test.strand"
	i := slices.IndexFunc(a.Leaked, func(l leakwatch.LeakedGoroutines) bool { return l.Function == function })
	if i < 0 {
		t.Fatalf("Leaked = %+v, want a group running %s", a.Leaked, function)
	}
	got := a.Leaked[i]
	_, file, _, _ := runtime.Caller(0)
	want := leakwatch.LeakedGoroutines{
		Count:     got.Count,
		Function:  function,
		CreatedBy: "github.com/safeprim/safeprim/leakwatch_test.(*stranded).start",
		Site:      file + ":" + strconv.Itoa(line),
	}
	if got != want || got.Count < 1 || got.Count > len(s.gates) {
		t.Errorf("Leaked: got %+v, want %+v with a count from 1 to %d", got, want, len(s.gates))
	}
	t.Logf("%d goroutines stranded; the alert says %v", len(s.gates), a)

	// The page shows the same groups, under the keys of the schema.
	var shown []any
	for _, w := range page["watchers"].([]any) {
		for _, ra := range w.(map[string]any)["recent_alerts"].([]any) {
			if ra := ra.(map[string]any); ra["metric"] == "goroutines" {
				shown = ra["leaked"].([]any)
			}
		}
	}
	if len(shown) != len(a.Leaked) {
		t.Fatalf("the page shows %d groups of leaked goroutines, want the alert's %d", len(shown), len(a.Leaked))
	}
	l := shown[i].(map[string]any)
	if keys := slices.Sorted(maps.Keys(l)); !slices.Equal(keys, leakedV1) {
		t.Errorf("keys of a leaked group on the page: got %q, want %q", keys, leakedV1)
	}
	if l["count"] != float64(got.Count) || l["function"] != got.Function || l["created_by"] != got.CreatedBy || l["site"] != got.Site {
		t.Errorf("leaked group on the page: got %v, want %+v", l, got)
	}

	// Released, they are no longer leaked, and the runtime's count of the
	// last collection that found some must not make them appear again,
	// nor cost a dump of the stacks, which stops the world.
	before := stwPauses()
	if l, err := leakwatch.ReadLeaked(); len(l) != 0 || err != nil {
		t.Errorf("after release: ReadLeaked = %v, %v; want none", l, err)
	}
	if n := stwPauses() - before; n != 0 {
		t.Errorf("after release: ReadLeaked stopped the world %d times, want none: nothing leaked", n)
	}
	if !strings.Contains(a.String(), "; leaked: ") {
		t.Errorf("String() = %q, want it to name the leaked goroutines", a)
	}
}

// leakDump is a goroutineleak dump (debug=2): three goroutines leaked from
// one go statement, one from another running the same function, one from
// a third, and two goroutines that are not leaked.
const leakDump = "goroutine 1 [running]:\n" +
	"main.main()\n\t/src/main.go:28 +0x107\n\n" +
	"goroutine 7 [chan send (leaked)]:\n" +
	"main.send(...)\n\t/src/main.go:5\n" +
	"main.leak.func1()\n\t/src/main.go:11 +0x1e\n" +
	"created by main.leak in goroutine 1\n\t/src/main.go:11 +0x5f\n\n" +
	"goroutine 8 [chan send (leaked)]:\n" +
	"main.leak.func1()\n\t/src/main.go:11 +0x1e\n" +
	"created by main.leak in goroutine 1\n\t/src/main.go:11 +0x5f\n\n" +
	"goroutine 9 [chan receive (leaked), 3 minutes]:\n" +
	"main.leak.func1()\n\t/src/main.go:11 +0x1e\n" +
	"created by main.leak in goroutine 1\n\t/src/main.go:11 +0x5f\n\n" +
	"goroutine 10 [select (leaked)]:\n" +
	"main.leak.func1()\n\t/src/main.go:11 +0x1e\n" +
	"created by main.other in goroutine 1\n\t/src/other.go:3 +0x5f\n\n" +
	"goroutine 11 [sync.Mutex.Lock (leaked)]:\n" +
	"main.lock()\n\t/src/lock.go:9 +0x1e\n" +
	"created by main.locker in goroutine 1\n\t/src/lock.go:2 +0x5f\n\n" +
	"goroutine 12 [chan receive]:\n" +
	"main.leak.func1()\n\t/src/main.go:11 +0x1e\n" +
	"created by main.leak in goroutine 1\n\t/src/main.go:11 +0x5f\n"

func TestGroupLeaked(t *testing.T) {
	tests := []struct {
		name, dump string
		want       []leakwatch.LeakedGoroutines
	}{
		{"none", "goroutine 1 [running]:\nmain.main()\n\t/src/main.go:28 +0x107\n", []leakwatch.LeakedGoroutines{}},
		{"sites", leakDump, []leakwatch.LeakedGoroutines{
			{Count: 3, Function: "main.leak.func1", CreatedBy: "main.leak", Site: "/src/main.go:11"},
			{Count: 1, Function: "main.lock", CreatedBy: "main.locker", Site: "/src/lock.go:2"},
			{Count: 1, Function: "main.leak.func1", CreatedBy: "main.other", Site: "/src/other.go:3"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := leakwatch.GroupLeaked(tt.dump)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestAlertStringLeaked(t *testing.T) {
	base := leakwatch.Alert{
		Metric: leakwatch.Goroutines,
		Fit:    leakwatch.Fit{Slope: 42, R2: 0.97, Samples: 500, Span: 5 * time.Second},
		Held:   2 * time.Second,
	}
	const head = "leakwatch: goroutines growing 42.0/s (R² 0.97 over 5s, 500 samples) for 2s"
	site := func(n int) leakwatch.LeakedGoroutines {
		return leakwatch.LeakedGoroutines{Count: 10 - n, Function: "main.f" + strconv.Itoa(n), CreatedBy: "main.g", Site: "/src/f.go:" + strconv.Itoa(n)}
	}
	tests := []struct {
		sites int
		want  string
	}{
		{0, head},
		{1, head + "; leaked: 10 main.f0 (started at f.go:0)"},
		{3, head + "; leaked: 10 main.f0 (started at f.go:0), 9 main.f1 (started at f.go:1), 8 main.f2 (started at f.go:2)"},
		{4, head + "; leaked: 10 main.f0 (started at f.go:0), 9 main.f1 (started at f.go:1), 8 main.f2 (started at f.go:2) and 1 more site"},
		{6, head + "; leaked: 10 main.f0 (started at f.go:0), 9 main.f1 (started at f.go:1), 8 main.f2 (started at f.go:2) and 3 more sites"},
	}
	for _, tt := range tests {
		t.Run("sites="+strconv.Itoa(tt.sites), func(t *testing.T) {
			a := base
			for i := range tt.sites {
				a.Leaked = append(a.Leaked, site(i))
			}
			if got := a.String(); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

// BenchmarkLeakProfile measures what a goroutine alert adds where the
// runtime has the goroutineleak profile (it skips elsewhere): a GC cycle
// that looks for leaked goroutines and, if it finds some, a dump of every
// goroutine's stack with the world stopped, and the grouping; against one
// runtime.GC, in a process with a number of goroutines parked, of which a
// number leaked. stw/op counts the times the world was stopped for a
// reason other than a GC cycle.
func BenchmarkLeakProfile(b *testing.B) {
	for _, n := range []int{100, 10000} {
		for _, leaked := range []int{0, 100} {
			release := make(chan struct{})
			var wg sync.WaitGroup
			for range n - leaked {
				wg.Go(func() { <-release })
			}
			var s stranded
			for range leaked {
				s.start()
			}
			for _, impl := range []struct {
				name string
				run  func() error
			}{
				{"runtime.GC", func() error { runtime.GC(); return nil }},
				{"leakwatch", func() error { _, err := leakwatch.ReadLeaked(); return err }},
			} {
				b.Run(fmt.Sprintf("goroutines=%d/leaked=%d/impl=%s", n, leaked, impl.name), func(b *testing.B) {
					if impl.name == "leakwatch" && !stacks.HasLeakProfile {
						b.Skip("no goroutineleak profile: Go 1.26 without GOEXPERIMENT=goroutineleakprofile")
					}
					b.ReportAllocs()
					for b.Loop() {
						if err := impl.run(); err != nil {
							b.Fatal(err)
						}
					}
					reportSTW(b, func() { impl.run() })
				})
			}
			s.release(b)
			close(release)
			wg.Wait()
		}
	}
}

func TestAlertStringRounds(t *testing.T) {
	a := leakwatch.Alert{
		Metric: leakwatch.Goroutines,
		Fit:    leakwatch.Fit{Slope: 838.2242, R2: 0.99996, Samples: 5, Span: 419982557 * time.Nanosecond},
		Held:   110537963 * time.Nanosecond,
	}
	const want = "leakwatch: goroutines growing 838.2/s (R² 1.00 over 420ms, 5 samples) for 111ms"
	if got := a.String(); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	a.Fit.Span, a.Held = 2345678*time.Nanosecond, 0
	const short = "leakwatch: goroutines growing 838.2/s (R² 1.00 over 2.346ms, 5 samples) for 0s"
	if got := a.String(); got != short {
		t.Errorf("got  %q\nwant %q", got, short)
	}
}
