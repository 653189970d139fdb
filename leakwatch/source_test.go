package leakwatch_test

import (
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/safeprim/safeprim/internal/race"
	"github.com/safeprim/safeprim/leakwatch"
)

func TestRuntimeSource(t *testing.T) {
	src := leakwatch.RuntimeSource()
	before := src.Read()
	src.GC()
	after := src.Read()
	if after.GCCycles <= before.GCCycles {
		t.Errorf("GC cycles %d after GC, %d before; want more", after.GCCycles, before.GCCycles)
	}
	if after.LiveHeap == 0 || after.Stacks == 0 || after.Goroutines == 0 || after.Time.IsZero() {
		t.Errorf("Read after GC = %+v, want non-zero figures and time", after)
	}
	// The runtime's own goroutines count too, unlike in NumGoroutine.
	if got, least := after.Goroutines, uint64(runtime.NumGoroutine()); got < least {
		t.Errorf("Goroutines = %d, want at least runtime.NumGoroutine() = %d", got, least)
	}
	if !after.Time.After(before.Time) && after.Time != before.Time {
		t.Errorf("Read times %v then %v, want non-decreasing", before.Time, after.Time)
	}

	// Between cycles, Read returns the figures of the first Read after the
	// last cycle; after a cycle, new ones.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() { <-stop })
	}
	defer wg.Wait()
	defer close(stop)
	keep := make([]byte, 8<<20)
	if got := src.Read(); got.GCCycles == after.GCCycles && (got.Goroutines != after.Goroutines || got.LiveHeap != after.LiveHeap) {
		t.Errorf("between cycles Read = %+v, want the figures of %+v", got, after)
	}
	src.GC()
	got := src.Read()
	if got.Goroutines < after.Goroutines+10 || got.LiveHeap < after.LiveHeap+7<<20 {
		t.Errorf("after 10 goroutines, 8 MiB kept and a GC: Read = %+v, want 10 more goroutines and 7 MiB or more of heap than %+v", got, after)
	}
	runtime.KeepAlive(keep)
}

// TestRuntimeSourceGC checks that GC collects after the heap has allocated
// and skips the cycle when it has not.
func TestRuntimeSourceGC(t *testing.T) {
	src := leakwatch.RuntimeSource()
	src.Read()
	src.GC() // what was allocated before the first Read is unknown: collects
	prev := src.Read()
	skipped := false
	for range 10 { // background allocation can defeat an attempt
		src.GC()
		cur := src.Read()
		if cur.GCCycles == prev.GCCycles {
			skipped = true
			break
		}
		prev = cur
	}
	if !skipped {
		t.Errorf("GC ran a cycle each of 10 times with nothing allocated, want it skipped")
	}
	keep := make([]byte, 1<<20)
	src.GC()
	if got := src.Read(); got.GCCycles == prev.GCCycles {
		t.Errorf("GC after a 1 MiB allocation ran no cycle (cycles %d), want one", got.GCCycles)
	}
	runtime.KeepAlive(keep)
}

func TestRuntimeSourceAllocs(t *testing.T) {
	if race.Enabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	src := leakwatch.RuntimeSource()
	if got := testing.AllocsPerRun(100, func() { _ = src.Read() }); got != 0 {
		t.Errorf("Read allocates %v times, want 0", got)
	}
}

// firstAlert returns a channel that receives a watcher's first alert, and
// the OnAlert function that sends it; later alerts are dropped.
func firstAlert() (<-chan leakwatch.Alert, func(leakwatch.Alert)) {
	alerts := make(chan leakwatch.Alert, 1)
	return alerts, func(a leakwatch.Alert) {
		select {
		case alerts <- a:
		default:
		}
	}
}

// TestRuntimeLeakFlagged runs a watcher on this process while it leaks
// 1 MiB per sample (allocations kept in a slice) and checks that the leak is
// flagged within a bounded number of samples.
func TestRuntimeLeakFlagged(t *testing.T) {
	const maxSamples = 100 // 100 MiB kept at most
	alerts, onAlert := firstAlert()
	w, err := leakwatch.Start(leakwatch.Config{
		Interval:           2 * time.Millisecond,
		Window:             200 * time.Millisecond,
		Hold:               50 * time.Millisecond,
		ForceGC:            10 * time.Millisecond,
		GCBudget:           leakwatch.Unlimited, // the heap grows to tens of MiB: do not space cycles
		GoroutineThreshold: leakwatch.NoThreshold,
		ProfileDir:         t.TempDir(),
		OnAlert:            onAlert,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()

	var leak [][]byte
	defer runtime.KeepAlive(&leak)
	seen := w.Status().Samples
	for len(leak) < maxSamples {
		select {
		case a := <-alerts:
			if a.Metric != leakwatch.Heap || a.Fit.Slope <= a.Threshold || a.Fit.R2 < 0.8 {
				t.Errorf("alert %v, want the live heap above threshold with R² >= 0.8", a)
			}
			if a.ProfileErr != nil || a.HeapProfile == "" || a.GoroutineProfile == "" {
				t.Errorf("profiles %q, %q, error %v; want both written", a.HeapProfile, a.GoroutineProfile, a.ProfileErr)
			}
			t.Logf("%v after %d MiB leaked", a, len(leak))
			return
		default:
		}
		// One allocation kept per sample the watcher takes.
		if n := w.Status().Samples; n != seen {
			seen = n
			leak = append(leak, make([]byte, 1<<20))
			continue
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("no alert after %d samples with 1 MiB leaked per sample; status %+v", maxSamples, w.Status())
}
