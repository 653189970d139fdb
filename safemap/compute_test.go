package safemap_test

import (
	"errors"
	"fmt"
	"maps"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/safeprim/safeprim/internal/panictest"
	"github.com/safeprim/safeprim/internal/race"
	"github.com/safeprim/safeprim/safemap"
)

func TestCompute(t *testing.T) {
	tests := []struct {
		name       string
		present    bool
		op         safemap.ComputeOp
		wantActual int
		wantOK     bool
		wantAfter  map[string]int
	}{
		{"present/UpdateOp", true, safemap.UpdateOp, 100, true, map[string]int{"k": 100}},
		{"present/DeleteOp", true, safemap.DeleteOp, 0, false, map[string]int{}},
		{"present/CancelOp", true, safemap.CancelOp, 1, true, map[string]int{"k": 1}},
		{"missing/UpdateOp", false, safemap.UpdateOp, 100, true, map[string]int{"k": 100}},
		{"missing/DeleteOp", false, safemap.DeleteOp, 0, false, map[string]int{}},
		{"missing/CancelOp", false, safemap.CancelOp, 0, false, map[string]int{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := safemap.New[string, int]()
			if tt.present {
				m.Store("k", 1)
			}
			calls := 0
			actual, ok := m.Compute("k", func(old int, loaded bool) (int, safemap.ComputeOp) {
				calls++
				if loaded != tt.present {
					t.Errorf("fn got loaded = %v, want %v", loaded, tt.present)
				}
				if want := map[bool]int{true: 1}[tt.present]; old != want {
					t.Errorf("fn got old = %d, want %d", old, want)
				}
				return 100, tt.op
			})
			if actual != tt.wantActual || ok != tt.wantOK {
				t.Errorf("Compute = %d, %v; want %d, %v", actual, ok, tt.wantActual, tt.wantOK)
			}
			if calls != 1 {
				t.Errorf("fn called %d times, want 1", calls)
			}
			if got := contents(t, m); !maps.Equal(got, tt.wantAfter) {
				t.Errorf("map after Compute = %v, want %v", got, tt.wantAfter)
			}
		})
	}
}

func TestComputeOpString(t *testing.T) {
	tests := []struct {
		op   safemap.ComputeOp
		want string
	}{
		{safemap.CancelOp, "CancelOp"},
		{safemap.UpdateOp, "UpdateOp"},
		{safemap.DeleteOp, "DeleteOp"},
		{7, "ComputeOp(7)"},
	}
	for _, tt := range tests {
		if got := tt.op.String(); got != tt.want {
			t.Errorf("ComputeOp(%d).String() = %q, want %q", uint8(tt.op), got, tt.want)
		}
	}
}

func TestLoadOrCompute(t *testing.T) {
	m := safemap.New[string, int]()
	calls := 0
	fn := func() int { calls++; return 7 }
	v, loaded := m.LoadOrCompute("k", fn)
	if v != 7 || loaded {
		t.Errorf("LoadOrCompute on missing key = %d, %v; want 7, false", v, loaded)
	}
	v, loaded = m.LoadOrCompute("k", fn)
	if v != 7 || !loaded {
		t.Errorf("LoadOrCompute on present key = %d, %v; want 7, true", v, loaded)
	}
	if calls != 1 {
		t.Errorf("valueFn called %d times, want 1", calls)
	}
}

func TestLoadOrComputeOnce(t *testing.T) {
	// Concurrent LoadOrCompute calls for one key call valueFn once.
	m := safemap.New[int, int]()
	var calls atomic.Int32
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for k := range 200 {
				m.LoadOrCompute(k, func() int { calls.Add(1); return k })
			}
		})
	}
	wg.Wait()
	if got := calls.Load(); got != 200 {
		t.Errorf("valueFn called %d times for 200 keys, want 200", got)
	}
}

// fillAndGrow stores keys [0, n) so that every bucket of a small table holds some,
// then stores n more, which grows the table and so locks every bucket in
// turn: it would block for ever if a callback had left one locked.
func fillAndGrow(tb testing.TB, m *safemap.Map[int, int], n int) {
	tb.Helper()
	for i := range 2 * n {
		m.Store(i, i)
	}
	for i := range 2 * n {
		m.Compute(i, func(old int, _ bool) (int, safemap.ComputeOp) { return old, safemap.UpdateOp })
	}
	if got := m.Len(); got != 2*n {
		tb.Errorf("Len = %d after storing %d keys, want %d", got, 2*n, 2*n)
	}
}

func TestCallbackPanicLeavesMapUsable(t *testing.T) {
	errBoom := errors.New("boom")
	tests := []struct {
		name    string
		present bool
		call    func(m *safemap.Map[int, int])
	}{
		{"Compute/present", true, func(m *safemap.Map[int, int]) {
			m.Compute(5, func(int, bool) (int, safemap.ComputeOp) { panic(errBoom) })
		}},
		{"Compute/missing", false, func(m *safemap.Map[int, int]) {
			m.Compute(5, func(int, bool) (int, safemap.ComputeOp) { panic(errBoom) })
		}},
		{"LoadOrCompute/missing", false, func(m *safemap.Map[int, int]) {
			m.LoadOrCompute(5, func() int { panic(errBoom) })
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := new(safemap.Map[int, int])
			if tt.present {
				m.Store(5, 50)
			}
			if got, _ := panictest.Value(func() { tt.call(m) }); got != errBoom {
				t.Fatalf("panicked with %v, want the callback's value %v", got, errBoom)
			}
			v, ok := m.Load(5)
			if want := map[bool]int{true: 50}[tt.present]; v != want || ok != tt.present {
				t.Errorf("Load(5) after panic = %d, %v; want %d, %v", v, ok, want, tt.present)
			}
			// The same key again, then enough keys to touch every bucket.
			m.Store(5, 51)
			if v, _ := m.Compute(5, func(old int, _ bool) (int, safemap.ComputeOp) { return old + 1, safemap.UpdateOp }); v != 52 {
				t.Errorf("Compute after panic = %d, want 52", v)
			}
			fillAndGrow(t, m, 200)
		})
	}
}

func TestComputeUnknownOp(t *testing.T) {
	m := safemap.New[int, int]()
	m.Store(1, 10)
	for _, key := range []int{1, 2} {
		got, _ := panictest.Value(func() {
			m.Compute(key, func(int, bool) (int, safemap.ComputeOp) { return 99, 7 })
		})
		want := "safemap: Compute: fn returned unknown op 7; return CancelOp, UpdateOp or DeleteOp"
		if got != want {
			t.Errorf("Compute(%d) returning op 7 panicked with %v, want %q", key, got, want)
		}
	}
	if got, want := contents(t, m), map[int]int{1: 10}; !maps.Equal(got, want) {
		t.Errorf("map after unknown ops = %v, want %v", got, want)
	}
	fillAndGrow(t, m, 200)
}

func TestComputeCancelAllocs(t *testing.T) {
	if race.Enabled {
		t.Skip("the race detector allocates")
	}
	m := safemap.New[int, int]()
	m.Store(1, 1)
	cancel := func(old int, _ bool) (int, safemap.ComputeOp) { return old, safemap.CancelOp }
	tests := []struct {
		name string
		f    func()
		want float64
	}{
		// A missing key is left alone without allocating.
		{"CancelOp/missing", func() { m.Compute(2, cancel) }, 0},
		{"DeleteOp/missing", func() {
			m.Compute(2, func(old int, _ bool) (int, safemap.ComputeOp) { return old, safemap.DeleteOp })
		}, 0},
		// xsync v3 re-stores a kept entry: one entry allocation.
		{"CancelOp/present", func() { m.Compute(1, cancel) }, 1},
		{"LoadOrCompute/present", func() { m.LoadOrCompute(1, func() int { return 2 }) }, 0},
	}
	for _, tt := range tests {
		if got := testing.AllocsPerRun(100, tt.f); got != tt.want {
			t.Errorf("%s: %v allocs, want %v", tt.name, got, tt.want)
		}
	}
}

func TestComputeCounter(t *testing.T) {
	// Compute is atomic per key: concurrent increments are not lost.
	m := safemap.New[string, int]()
	const workers, per = 4, 500
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range per {
				key := fmt.Sprint(i % 3)
				m.Compute(key, func(old int, _ bool) (int, safemap.ComputeOp) { return old + 1, safemap.UpdateOp })
			}
		})
	}
	wg.Wait()
	total := 0
	for _, v := range m.All() {
		total += v
	}
	if total != workers*per {
		t.Errorf("sum of counters = %d, want %d", total, workers*per)
	}
}
