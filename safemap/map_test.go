package safemap_test

import (
	"fmt"
	"maps"
	"slices"
	"sync"
	"testing"

	"github.com/safeprim/safeprim/internal/leaktest"
	"github.com/safeprim/safeprim/internal/panictest"
	"github.com/safeprim/safeprim/internal/race"
	"github.com/safeprim/safeprim/safemap"
)

// contents returns the map's entries as a built-in map, failing the test if
// Range visits a key twice.
func contents[K comparable, V any](tb testing.TB, m *safemap.Map[K, V]) map[K]V {
	tb.Helper()
	got := make(map[K]V)
	m.Range(func(k K, v V) bool {
		if _, dup := got[k]; dup {
			tb.Errorf("Range visited key %v twice", k)
		}
		got[k] = v
		return true
	})
	return got
}

func TestZeroValue(t *testing.T) {
	// Every method works on a zero Map, and those that only read or delete
	// leave it without a table.
	tests := []struct {
		name string
		call func(m *safemap.Map[string, int]) (got any, want any)
	}{
		{"Load", func(m *safemap.Map[string, int]) (any, any) {
			v, ok := m.Load("a")
			return [2]any{v, ok}, [2]any{0, false}
		}},
		{"LoadAndDelete", func(m *safemap.Map[string, int]) (any, any) {
			v, ok := m.LoadAndDelete("a")
			return [2]any{v, ok}, [2]any{0, false}
		}},
		{"Delete", func(m *safemap.Map[string, int]) (any, any) { m.Delete("a"); return m.Len(), 0 }},
		{"CompareAndSwap", func(m *safemap.Map[string, int]) (any, any) { return m.CompareAndSwap("a", 0, 1), false }},
		{"CompareAndDelete", func(m *safemap.Map[string, int]) (any, any) { return m.CompareAndDelete("a", 0), false }},
		{"Range", func(m *safemap.Map[string, int]) (any, any) {
			n := 0
			m.Range(func(string, int) bool { n++; return true })
			return n, 0
		}},
		{"All", func(m *safemap.Map[string, int]) (any, any) { return len(maps.Collect(m.All())), 0 }},
		{"Keys", func(m *safemap.Map[string, int]) (any, any) { return len(slices.Collect(m.Keys())), 0 }},
		{"Clear", func(m *safemap.Map[string, int]) (any, any) { m.Clear(); return m.Len(), 0 }},
		{"Len", func(m *safemap.Map[string, int]) (any, any) { return m.Len(), 0 }},
		{"Store", func(m *safemap.Map[string, int]) (any, any) {
			m.Store("a", 1)
			v, ok := m.Load("a")
			return [2]any{v, ok}, [2]any{1, true}
		}},
		{"LoadOrStore", func(m *safemap.Map[string, int]) (any, any) {
			v, loaded := m.LoadOrStore("a", 1)
			return [2]any{v, loaded}, [2]any{1, false}
		}},
		{"Swap", func(m *safemap.Map[string, int]) (any, any) {
			v, loaded := m.Swap("a", 1)
			return [3]any{v, loaded, m.Len()}, [3]any{0, false, 1}
		}},
		{"LoadOrCompute", func(m *safemap.Map[string, int]) (any, any) {
			v, loaded := m.LoadOrCompute("a", func() int { return 1 })
			return [2]any{v, loaded}, [2]any{1, false}
		}},
		{"Compute", func(m *safemap.Map[string, int]) (any, any) {
			v, ok := m.Compute("a", func(old int, loaded bool) (int, safemap.ComputeOp) {
				return old + 1, safemap.UpdateOp
			})
			return [2]any{v, ok}, [2]any{1, true}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m safemap.Map[string, int]
			if got, want := tt.call(&m); got != want {
				t.Errorf("got %v, want %v", got, want)
			}
		})
	}
}

func TestZeroValueConcurrentFirstStore(t *testing.T) {
	// Concurrent first stores into a zero Map agree on one table.
	var m safemap.Map[int, int]
	var wg sync.WaitGroup
	const n = 8
	for i := range n {
		wg.Go(func() { m.Store(i, i) })
	}
	wg.Wait()
	if got := m.Len(); got != n {
		t.Errorf("Len = %d after %d concurrent first stores, want %d", got, n, n)
	}
}

func TestMethods(t *testing.T) {
	m := safemap.New[string, int]()
	check := func(what string, got, want any) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}
	m.Store("a", 1)
	v, ok := m.Load("a")
	check("Load(a)", [2]any{v, ok}, [2]any{1, true})
	v, ok = m.Load("b")
	check("Load(b)", [2]any{v, ok}, [2]any{0, false})

	v, ok = m.LoadOrStore("a", 2)
	check("LoadOrStore(a, 2)", [2]any{v, ok}, [2]any{1, true})
	v, ok = m.LoadOrStore("b", 2)
	check("LoadOrStore(b, 2)", [2]any{v, ok}, [2]any{2, false})

	v, ok = m.Swap("a", 10)
	check("Swap(a, 10)", [2]any{v, ok}, [2]any{1, true})
	v, ok = m.Swap("c", 3)
	check("Swap(c, 3)", [2]any{v, ok}, [2]any{0, false})
	check("Len", m.Len(), 3)

	v, ok = m.LoadAndDelete("c")
	check("LoadAndDelete(c)", [2]any{v, ok}, [2]any{3, true})
	v, ok = m.LoadAndDelete("c")
	check("LoadAndDelete(c) again", [2]any{v, ok}, [2]any{0, false})

	m.Delete("b")
	m.Delete("missing")
	if got, want := contents(t, m), map[string]int{"a": 10}; !maps.Equal(got, want) {
		t.Errorf("contents = %v, want %v", got, want)
	}
	m.Clear()
	check("Len after Clear", m.Len(), 0)
	m.Store("d", 4)
	if got, want := contents(t, m), map[string]int{"d": 4}; !maps.Equal(got, want) {
		t.Errorf("contents after Clear and Store = %v, want %v", got, want)
	}
}

func TestIterators(t *testing.T) {
	m := safemap.New[int, string]()
	want := map[int]string{}
	for i := range 100 {
		m.Store(i, string(rune('a'+i%26)))
		want[i] = string(rune('a' + i%26))
	}
	if got := maps.Collect(m.All()); !maps.Equal(got, want) {
		t.Errorf("All collected %v, want %v", got, want)
	}
	keys := slices.Sorted(m.Keys())
	if want := slices.Sorted(maps.Keys(want)); !slices.Equal(keys, want) {
		t.Errorf("Keys = %v, want %v", keys, want)
	}
	// Breaking out of a range loop stops the iteration.
	n := 0
	for range m.All() {
		n++
		if n == 3 {
			break
		}
	}
	for range m.Keys() {
		n++
		if n == 5 {
			break
		}
	}
	if n != 5 {
		t.Errorf("visited %d entries with breaks after 3 and 2, want 5", n)
	}
}

func TestRangeNestedModification(t *testing.T) {
	// f may call any method on the map, and each key is visited at most once.
	const n = 1000
	m := safemap.New[int, int]()
	for i := range n {
		m.Store(i, i)
	}
	seen := make(map[int]int)
	m.Range(func(k, v int) bool {
		seen[k]++
		switch k % 4 {
		case 0:
			m.Delete(k)
		case 1:
			m.Store(k, -v)
		case 2:
			m.Compute(k, func(old int, _ bool) (int, safemap.ComputeOp) { return old + 1, safemap.UpdateOp })
		}
		m.Store(n+k, k) // new keys: may or may not be visited, but not twice
		m.Range(func(int, int) bool { return false })
		return true
	})
	for k, c := range seen {
		if c > 1 {
			t.Errorf("key %d visited %d times, want at most 1", k, c)
		}
	}
	for k := range n {
		if seen[k] != 1 {
			t.Errorf("key %d, present for the whole Range, visited %d times, want 1", k, seen[k])
		}
	}
	for k := range n {
		v, ok := m.Load(k)
		var want int
		var wantOK = true
		switch k % 4 {
		case 0:
			wantOK = false
		case 1:
			want = -k
		case 2:
			want = k + 1
		default:
			want = k
		}
		if v != want || ok != wantOK {
			t.Errorf("Load(%d) = %d, %v; want %d, %v", k, v, ok, want, wantOK)
		}
	}
}

func TestRangeConcurrentWriters(t *testing.T) {
	// Keys present for the whole call are visited exactly once while other
	// goroutines store, delete and clear... other keys, growing and
	// shrinking the table.
	const stable = 500
	m := safemap.New[int, int]()
	for i := range stable {
		m.Store(i, i)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 2 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				k := stable + w*100000 + i%5000
				if i%2 == 0 {
					m.Store(k, i)
				} else {
					m.Delete(k)
				}
			}
		})
	}
	for range 20 {
		seen := make(map[int]int)
		m.Range(func(k, _ int) bool { seen[k]++; return true })
		for k, c := range seen {
			if c != 1 {
				t.Fatalf("key %d visited %d times, want 1", k, c)
			}
		}
		for k := range stable {
			if seen[k] != 1 {
				t.Fatalf("stable key %d visited %d times, want 1", k, seen[k])
			}
		}
	}
	close(stop)
	wg.Wait()
}

func TestLoadAllocs(t *testing.T) {
	if race.Enabled {
		t.Skip("the race detector allocates")
	}
	m := safemap.New[string, int]()
	m.Store("present", 1)
	var zero safemap.Map[string, int]
	tests := []struct {
		name string
		f    func()
	}{
		{"Load/hit", func() { m.Load("present") }},
		{"Load/miss", func() { m.Load("missing") }},
		{"Load/zero", func() { zero.Load("missing") }},
		{"LoadOrStore/hit", func() { m.LoadOrStore("present", 2) }},
		{"Delete/miss", func() { m.Delete("missing") }},
		{"Len", func() { m.Len() }},
	}
	for _, tt := range tests {
		if got := testing.AllocsPerRun(100, tt.f); got != 0 {
			t.Errorf("%s: %v allocs, want 0", tt.name, got)
		}
	}
}

// payload is a value the collector can be asked about.
type payload [64]byte

func TestDeleteLetsValueGo(t *testing.T) {
	tests := []struct {
		name   string
		remove func(m *safemap.Map[int, *payload])
	}{
		{"Delete", func(m *safemap.Map[int, *payload]) { m.Delete(1) }},
		{"LoadAndDelete", func(m *safemap.Map[int, *payload]) { m.LoadAndDelete(1) }},
		{"Store", func(m *safemap.Map[int, *payload]) { m.Store(1, nil) }},
		{"Clear", func(m *safemap.Map[int, *payload]) { m.Clear() }},
		{"Compute", func(m *safemap.Map[int, *payload]) {
			m.Compute(1, func(*payload, bool) (*payload, safemap.ComputeOp) { return nil, safemap.DeleteOp })
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := safemap.New[int, *payload]()
			p := new(payload)
			m.Store(1, p)
			collected := leaktest.Watch(p)
			p = nil
			if collected() {
				t.Fatal("value collected while stored in the map")
			}
			tt.remove(m)
			if !collected() {
				t.Errorf("value still reachable after %s", tt.name)
			}
			// The map itself stays reachable throughout.
			m.Store(2, nil)
		})
	}
}

func TestNilFuncPanics(t *testing.T) {
	// A nil callback panics at once with a message naming the method, on an
	// empty map as on a full one.
	tests := []struct {
		name string
		call func(m *safemap.Map[string, int])
		want string
	}{
		{"Range", func(m *safemap.Map[string, int]) { m.Range(nil) },
			"safemap: Range: nil f; pass a func that returns true to go on"},
		{"All", func(m *safemap.Map[string, int]) { m.All()(nil) },
			"safemap: Range: nil f; pass a func that returns true to go on"},
		{"Keys", func(m *safemap.Map[string, int]) { m.Keys()(nil) },
			"safemap: Keys: nil yield; range over the iterator or pass a func that returns true to go on"},
		{"Compute", func(m *safemap.Map[string, int]) { m.Compute("k", nil) },
			"safemap: Compute: nil fn; pass a func that returns the new value and a ComputeOp"},
		{"LoadOrCompute", func(m *safemap.Map[string, int]) { m.LoadOrCompute("k", nil) },
			"safemap: LoadOrCompute: nil valueFn; pass a func that returns the value to store"},
	}
	for _, tt := range tests {
		for _, stored := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/stored=%v", tt.name, stored), func(t *testing.T) {
				var m safemap.Map[string, int]
				if stored {
					m.Store("k", 1)
				}
				if got, _ := panictest.Value(func() { tt.call(&m) }); got != tt.want {
					t.Errorf("panicked with %v, want %q", got, tt.want)
				}
				if v, ok := m.Load("k"); ok != stored || v != map[bool]int{true: 1}[stored] {
					t.Errorf("Load after the panic = %d, %v; want the map unchanged", v, ok)
				}
			})
		}
	}
}
