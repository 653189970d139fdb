package safemap_test

import (
	"maps"
	"strings"
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
	// With an interface value type, Map panics exactly where sync.Map
	// does: when the stored value and old share a dynamic type that is not
	// comparable.
	tests := []struct {
		name   string
		stored any
		old    any
	}{
		{"same uncomparable type", []int{1}, []int{1}},
		{"stored uncomparable", []int{1}, 1},
		{"old uncomparable", 1, []int{1}},
		{"equal ints", 1, 1},
		{"different ints", 1, 2},
		{"nil old", 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var sm sync.Map
			sm.Store("k", tt.stored)
			var wantSwapped bool
			_, wantPanic := panictest.Value(func() { wantSwapped = sm.CompareAndSwap("k", tt.old, "new") })

			m := safemap.New[string, any]()
			m.Store("k", tt.stored)
			var swapped bool
			got, _ := panictest.Value(func() { swapped = m.CompareAndSwap("k", tt.old, "new") })
			if (got != nil) != wantPanic {
				t.Fatalf("CompareAndSwap panicked with %v; sync.Map panics: %v", got, wantPanic)
			}
			if got != nil {
				msg, _ := got.(string)
				if !strings.HasPrefix(msg, "safemap: CompareAndSwap: comparing values of type []int") {
					t.Errorf("panic message %q, want a safemap message naming []int", msg)
				}
				// The map is usable afterwards.
				m.Store("k", 1)
				if !m.CompareAndSwap("k", 1, 2) {
					t.Error("CompareAndSwap after a panic failed")
				}
				return
			}
			if swapped != wantSwapped {
				t.Errorf("CompareAndSwap = %v, sync.Map says %v", swapped, wantSwapped)
			}
		})
	}
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
