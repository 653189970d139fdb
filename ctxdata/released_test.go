package ctxdata_test

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/safeprim/safeprim/ctxdata"
	"github.com/safeprim/safeprim/internal/leaktest"
)

// releasedRead binds a value of k, releases it and reads it n times.
func releasedRead[T any](k *ctxdata.Key[T], n int) {
	var v T
	ctx, release := ctxdata.Bind(context.Background(), k, v)
	release()
	for range n {
		k.Value(ctx)
	}
}

func TestReleasedReadsByKey(t *testing.T) {
	// Names of their own, so that no other test's keys share them.
	a := ctxdata.NewKey[int]("byKey.a")
	b1 := ctxdata.NewKey[int]("byKey.b")
	b2 := ctxdata.NewKey[string]("byKey.b") // another type, the same name
	idle := ctxdata.NewKey[int]("byKey.idle")
	unnamed := ctxdata.NewKey[int]("")
	var zero ctxdata.Key[int]

	releasedRead(a, 1)
	releasedRead(b1, 2)
	releasedRead(b2, 3)
	releasedRead(unnamed, 4)
	releasedRead(&zero, 5)

	got := ctxdata.ReleasedReadsByKey()
	for _, tt := range []struct {
		name   string
		want   uint64
		listed bool
	}{
		{"byKey.a", 1, true},
		{"byKey.b", 5, true},
		{"byKey.idle", 0, true},
		{"", 0, false},
	} {
		n, listed := got[tt.name]
		if n != tt.want || listed != tt.listed {
			t.Errorf("ReleasedReadsByKey()[%q] = %d, %v; want %d, %v", tt.name, n, listed, tt.want, tt.listed)
		}
	}
	runtime.KeepAlive(a)
	runtime.KeepAlive(b1)
	runtime.KeepAlive(b2)
	runtime.KeepAlive(idle)
}

// TestReleasedReadsByKeyRetention shows that the list of named keys keeps
// none alive: a named key that becomes unreachable is collected and leaves
// the map.
func TestReleasedReadsByKeyRetention(t *testing.T) {
	k := ctxdata.NewKey[int]("byKey.dropped")
	releasedRead(k, 1)
	if got := ctxdata.ReleasedReadsByKey()["byKey.dropped"]; got != 1 {
		t.Fatalf("before the key is dropped: got %d released reads, want 1", got)
	}
	collected := leaktest.Watch(k)
	k = nil
	if !collected() {
		t.Fatal("a named key stayed reachable after its last use, want it collected")
	}
	if n, listed := ctxdata.ReleasedReadsByKey()["byKey.dropped"]; listed {
		t.Errorf("a collected key is still listed, with %d released reads", n)
	}
}

// TestReleasedReadsByKeyConcurrent makes, reads and drops named keys from
// several goroutines while others list them, for the race detector.
func TestReleasedReadsByKeyConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			for j := range 100 {
				releasedRead(ctxdata.NewKey[int](fmt.Sprintf("byKey.churn%d.%d", i, j)), 1)
			}
		})
		wg.Go(func() {
			for range 100 {
				for name, n := range ctxdata.ReleasedReadsByKey() {
					if n > 1 && strings.HasPrefix(name, "byKey.churn") {
						t.Errorf("%s: %d released reads, want at most 1", name, n)
					}
				}
			}
		})
		if i%2 == 0 {
			runtime.GC()
		}
	}
	wg.Wait()
}
