package safemap_test

import (
	"fmt"
	"maps"
	"runtime"
	"sync"
	"testing"

	"github.com/safeprim/safeprim/internal/panictest"
	"github.com/safeprim/safeprim/internal/race"
	"github.com/safeprim/safeprim/safemap"
)

func TestCompareAndSwap(t *testing.T) {
	tests := []struct {
		name      string
		present   bool
		old       int
		want      bool
		wantAfter map[string]int
	}{
		{"present/equal", true, 1, true, map[string]int{"k": 2}},
		{"present/different", true, 5, false, map[string]int{"k": 1}},
		{"missing/zero", false, 0, false, map[string]int{}},
		{"missing/other", false, 1, false, map[string]int{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := safemap.New[string, int]()
			if tt.present {
				m.Store("k", 1)
			}
			if got := m.CompareAndSwap("k", tt.old, 2); got != tt.want {
				t.Errorf("CompareAndSwap(k, %d, 2) = %v, want %v", tt.old, got, tt.want)
			}
			if got := contents(t, m); !maps.Equal(got, tt.wantAfter) {
				t.Errorf("map after = %v, want %v", got, tt.wantAfter)
			}
		})
	}
}

func TestCompareAndDelete(t *testing.T) {
	tests := []struct {
		name      string
		present   bool
		old       int
		want      bool
		wantAfter map[string]int
	}{
		{"present/equal", true, 1, true, map[string]int{}},
		{"present/different", true, 5, false, map[string]int{"k": 1}},
		{"missing/zero", false, 0, false, map[string]int{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := safemap.New[string, int]()
			if tt.present {
				m.Store("k", 1)
			}
			if got := m.CompareAndDelete("k", tt.old); got != tt.want {
				t.Errorf("CompareAndDelete(k, %d) = %v, want %v", tt.old, got, tt.want)
			}
			if got := contents(t, m); !maps.Equal(got, tt.wantAfter) {
				t.Errorf("map after = %v, want %v", got, tt.wantAfter)
			}
		})
	}
}

func TestCompareNotComparable(t *testing.T) {
	// A value type that is not comparable panics at once, even for a
	// missing key, with a message naming the type.
	m := safemap.New[string, []int]()
	tests := []struct {
		name string
		call func()
		want string
	}{
		{"CompareAndSwap", func() { m.CompareAndSwap("k", nil, nil) },
			"safemap: CompareAndSwap: value type []int is not comparable; use Compute to compare values of this type"},
		{"CompareAndDelete", func() { m.CompareAndDelete("k", nil) },
			"safemap: CompareAndDelete: value type []int is not comparable; use Compute to compare values of this type"},
	}
	for _, tt := range tests {
		if got, _ := panictest.Value(tt.call); got != tt.want {
			t.Errorf("%s panicked with %v, want %q", tt.name, got, tt.want)
		}
	}
}

func TestCompareInterfaceValues(t *testing.T) {
	// With an interface value type, Map panics exactly where sync.Map does
	// (when the stored value and old share a dynamic type that is not
	// comparable), with the same runtime error, and the map stays usable.
	tests := []struct {
		name    string
		present bool
		stored  any
		old     any
	}{
		{"same uncomparable type", true, []int{1}, []int{1}},
		{"stored uncomparable", true, []int{1}, 1},
		{"old uncomparable", true, 1, []int{1}},
		{"missing key, old uncomparable", false, nil, []int{1}},
		{"struct holding uncomparable", true, struct{ v any }{[]int{1}}, struct{ v any }{[]int{1}}},
		{"equal ints", true, 1, 1},
		{"different ints", true, 1, 2},
		{"nil old", true, 1, nil},
		{"nil stored and old", true, nil, nil},
	}
	methods := []struct {
		name  string
		syncM func(m *sync.Map, old any) bool
		safeM func(m *safemap.Map[string, any], old any) bool
	}{
		{"CompareAndSwap",
			func(m *sync.Map, old any) bool { return m.CompareAndSwap("k", old, "new") },
			func(m *safemap.Map[string, any], old any) bool { return m.CompareAndSwap("k", old, "new") }},
		{"CompareAndDelete",
			func(m *sync.Map, old any) bool { return m.CompareAndDelete("k", old) },
			func(m *safemap.Map[string, any], old any) bool { return m.CompareAndDelete("k", old) }},
	}
	for _, method := range methods {
		for _, tt := range tests {
			t.Run(method.name+"/"+tt.name, func(t *testing.T) {
				// A fresh sync.Map per case: its CompareAndDelete leaves
				// part of its trie locked when it panics.
				var sm sync.Map
				m := safemap.New[string, any]()
				if tt.present {
					sm.Store("k", tt.stored)
					m.Store("k", tt.stored)
				}
				var want, got bool
				wantPanic, _ := panictest.Value(func() { want = method.syncM(&sm, tt.old) })
				gotPanic, _ := panictest.Value(func() { got = method.safeM(m, tt.old) })
				if got != want || !samePanic(gotPanic, wantPanic) {
					t.Fatalf("got %v, panic %v; sync.Map gives %v, panic %v", got, gotPanic, want, wantPanic)
				}
				// The map is usable afterwards, the key's bucket unlocked.
				m.Store("k", 1)
				if !m.CompareAndSwap("k", 1, 2) || !m.CompareAndDelete("k", 2) {
					t.Error("CompareAndSwap or CompareAndDelete failed after the call")
				}
			})
		}
	}
}

// samePanic reports whether two recovered panic values are alike: both
// absent, or both runtime errors with the same text, or equal strings.
func samePanic(a, b any) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	ea, aRT := a.(runtime.Error)
	eb, bRT := b.(runtime.Error)
	if aRT || bRT {
		return aRT && bRT && ea.Error() == eb.Error()
	}
	return fmt.Sprint(a) == fmt.Sprint(b)
}

func TestCompareAndSwapConcurrent(t *testing.T) {
	// Concurrent CompareAndSwap increments: each value is swapped from by
	// exactly one goroutine, so no increment is lost.
	m := safemap.New[int, int]()
	m.Store(0, 0)
	const workers, per = 4, 300
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range per {
				for {
					v, _ := m.Load(0)
					if m.CompareAndSwap(0, v, v+1) {
						break
					}
				}
			}
		})
	}
	wg.Wait()
	if v, _ := m.Load(0); v != workers*per {
		t.Errorf("counter = %d after %d increments, want %d", v, workers*per, workers*per)
	}
}

func TestCompareAllocs(t *testing.T) {
	if race.Enabled {
		t.Skip("the race detector allocates")
	}
	m := safemap.New[string, int]()
	m.Store("k", 1000)
	tests := []struct {
		name string
		f    func()
	}{
		{"CompareAndSwap/mismatch", func() { m.CompareAndSwap("k", 5000, 6000) }},
		{"CompareAndSwap/missing", func() { m.CompareAndSwap("missing", 5000, 6000) }},
		{"CompareAndDelete/mismatch", func() { m.CompareAndDelete("k", 5000) }},
	}
	for _, tt := range tests {
		if got := testing.AllocsPerRun(100, tt.f); got != 0 {
			t.Errorf("%s: %v allocs, want 0", tt.name, got)
		}
	}
}
