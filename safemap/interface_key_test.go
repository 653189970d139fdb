package safemap_test

import (
	"fmt"
	"math"
	"runtime"
	"sync"
	"testing"

	"github.com/puzpuzpuz/xsync/v3"

	"github.com/safeprim/safeprim/internal/leaktest"
	"github.com/safeprim/safeprim/internal/panictest"
	"github.com/safeprim/safeprim/safemap"
)

// keyedPayload is one key of a retention test: the key, what must be
// collected once the key is deleted (the key's pointee), and how to change
// what the key points to.
type keyedPayload struct {
	key    any
	watch  func() bool
	mutate func()
}

// pointerShapedKeys makes n keys of each pointer-shaped kind, each holding
// the only reference to a payload.
func pointerShapedKeys(n int) []keyedPayload {
	var keys []keyedPayload
	for range n {
		c := &conn{}
		keys = append(keys, keyedPayload{c, leaktest.Watch(c), func() { c.state++ }})

		ch := make(chan *payload, 2)
		p := new(payload)
		ch <- p
		keys = append(keys, keyedPayload{ch, leaktest.Watch(p), func() { ch <- nil }})

		v := new([2]int)
		keys = append(keys, keyedPayload{onePtr{v}, leaktest.Watch(v), func() { v[0]++ }})

		arr := new([16]byte)
		keys = append(keys, keyedPayload{&arr[3], leaktest.Watch(arr), func() { arr[5]++ }})

		e := &codeErr{}
		keys = append(keys, keyedPayload{e, leaktest.Watch(e), func() { e.code++ }})
	}
	return keys
}

func TestDeleteInterfaceKeysLetsThemGo(t *testing.T) {
	// Each key is stored, its pointee changed, and the key deleted. Map lets
	// every key go; raw xsync v3 hashes what a pointer-shaped interface key
	// points to, so once that changes Delete misses the entry and keeps it
	// for ever (issue #13).
	type anyMap interface {
		Store(key any, value int)
		Delete(key any)
		Range(func(key any, value int) bool)
	}
	tests := []struct {
		name string
		m    anyMap
		// wantKept says whether some key must survive its Delete.
		wantKept bool
	}{
		{"impl=xsync", xsync.NewMapOf[any, int](), true},
		{"impl=safemap", new(safemap.Map[any, int]), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Four keys of each kind: that every one of them lands in its
			// old bucket by chance after the change is not a risk.
			keys := pointerShapedKeys(4)
			for i, k := range keys {
				tt.m.Store(k.key, i)
			}
			for _, k := range keys {
				k.mutate()
				tt.m.Delete(k.key)
			}
			watches := make([]func() bool, len(keys))
			kinds := make([]string, len(keys))
			for i, k := range keys {
				watches[i], kinds[i] = k.watch, fmt.Sprintf("%T", k.key)
			}
			keys = nil
			kept := 0
			for i, collected := range watches {
				if !collected() {
					kept++
					if !tt.wantKept {
						t.Errorf("key %d (%s) still reachable after Delete", i, kinds[i])
					}
				}
			}
			if tt.wantKept && kept == 0 {
				t.Errorf("every key collected after Delete; want raw xsync to keep some (the leak Map fixes)")
			}
			n := 0
			tt.m.Range(func(any, int) bool { n++; return true })
			t.Logf("%d of %d deleted keys kept, %d entries left", kept, len(watches), n)
			runtime.KeepAlive(tt.m)
		})
	}
}

func TestInterfaceKeyTypes(t *testing.T) {
	// Every interface key type is hashed by value, not only any.
	t.Run("key=any", func(t *testing.T) { testPointerKey[any](t) })
	t.Run("key=error", func(t *testing.T) { testPointerKey[error](t) })
	t.Run("key=fmt.Stringer", func(t *testing.T) { testPointerKey[fmt.Stringer](t) })
}

// testPointerKey stores a *codeErr key, changes it, and checks that Load,
// Store, Range and Delete still find that one key, in a zero Map and a New
// one.
func testPointerKey[K interface {
	comparable
	*codeErr | any
}](t *testing.T) {
	for _, m := range map[string]*safemap.Map[K, int]{"zero": new(safemap.Map[K, int]), "New": safemap.New[K, int]()} {
		e := &codeErr{}
		k := any(e).(K)
		m.Store(k, 1)
		e.code++
		if v, ok := m.Load(k); v != 1 || !ok {
			t.Errorf("Load after the key's pointee changed = %d, %v; want 1, true", v, ok)
		}
		m.Store(k, 2)
		if got := contents(t, m); len(got) != 1 || got[k] != 2 {
			t.Errorf("contents after a second Store = %v, want one entry holding 2", got)
		}
		var nilKey K
		m.Store(nilKey, 3)
		if v, ok := m.Load(nilKey); v != 3 || !ok {
			t.Errorf("Load(nil) = %d, %v; want 3, true", v, ok)
		}
		m.Delete(k)
		m.Delete(nilKey)
		if n := m.Len(); n != 0 {
			t.Errorf("Len after deleting every key = %d, want 0", n)
		}
	}
}

func TestUnhashableKeyPanics(t *testing.T) {
	// A key that cannot be hashed panics with the runtime's error from every
	// method that takes a key, in a zero Map and in one that holds entries,
	// as sync.Map's methods do; the map stays usable.
	type structKey struct{ v any }
	want, _ := panictest.Value(func() { new(sync.Map).Load([]int{}) })
	if _, ok := want.(runtime.Error); !ok {
		t.Fatalf("sync.Map.Load of a slice key panicked with %v, want a runtime.Error", want)
	}
	anyMethods := map[string]func(m *safemap.Map[any, any]){
		"Load":             func(m *safemap.Map[any, any]) { m.Load([]int{}) },
		"Store":            func(m *safemap.Map[any, any]) { m.Store([]int{}, 1) },
		"LoadOrStore":      func(m *safemap.Map[any, any]) { m.LoadOrStore([]int{}, 1) },
		"LoadAndDelete":    func(m *safemap.Map[any, any]) { m.LoadAndDelete([]int{}) },
		"Delete":           func(m *safemap.Map[any, any]) { m.Delete([]int{}) },
		"Swap":             func(m *safemap.Map[any, any]) { m.Swap([]int{}, 1) },
		"CompareAndSwap":   func(m *safemap.Map[any, any]) { m.CompareAndSwap([]int{}, 1, 2) },
		"CompareAndDelete": func(m *safemap.Map[any, any]) { m.CompareAndDelete([]int{}, 1) },
		"Compute": func(m *safemap.Map[any, any]) {
			m.Compute([]int{}, func(any, bool) (any, safemap.ComputeOp) { return 1, safemap.UpdateOp })
		},
		"LoadOrCompute": func(m *safemap.Map[any, any]) { m.LoadOrCompute([]int{}, func() any { return 1 }) },
	}
	// A struct key type holding an interface: xsync's default hasher, which
	// concrete key types keep, panics in the same way.
	structMethods := map[string]func(m *safemap.Map[structKey, any]){
		"Load":             func(m *safemap.Map[structKey, any]) { m.Load(structKey{[]int{}}) },
		"Store":            func(m *safemap.Map[structKey, any]) { m.Store(structKey{[]int{}}, 1) },
		"Delete":           func(m *safemap.Map[structKey, any]) { m.Delete(structKey{[]int{}}) },
		"CompareAndDelete": func(m *safemap.Map[structKey, any]) { m.CompareAndDelete(structKey{[]int{}}, 1) },
	}
	for name, f := range anyMethods {
		for _, stored := range []bool{false, true} {
			t.Run(fmt.Sprintf("key=any/%s/stored=%v", name, stored), func(t *testing.T) {
				var m safemap.Map[any, any]
				if stored {
					m.Store("k", 1)
				}
				checkSamePanic(t, want, func() { f(&m) })
				m.Store("k", 2)
				if v, ok := m.Load("k"); v != 2 || !ok {
					t.Errorf("Load after the panic = %v, %v; want 2, true", v, ok)
				}
			})
		}
	}
	for name, f := range structMethods {
		for _, stored := range []bool{false, true} {
			t.Run(fmt.Sprintf("key=struct/%s/stored=%v", name, stored), func(t *testing.T) {
				var m safemap.Map[structKey, any]
				if stored {
					m.Store(structKey{1}, 1)
				}
				checkSamePanic(t, want, func() { f(&m) })
			})
		}
	}
}

// checkSamePanic fails tb unless f panics as the recovered value want.
func checkSamePanic(tb testing.TB, want any, f func()) {
	tb.Helper()
	got, _ := panictest.Value(f)
	if !samePanic(got, want) {
		tb.Errorf("panicked with %v, want %v as sync.Map does", got, want)
	}
}

func TestNaNKeys(t *testing.T) {
	// NaN != NaN: as in sync.Map and the built-in map, each Store of a NaN
	// key adds an entry that no Load or Delete can reach, and Range and
	// Clear see them all.
	var sm sync.Map
	var m safemap.Map[any, int]
	for i := range 3 {
		sm.Store(math.NaN(), i)
		m.Store(math.NaN(), i)
	}
	sm.Delete(math.NaN())
	m.Delete(math.NaN())
	_, wantOK := sm.Load(math.NaN())
	_, gotOK := m.Load(math.NaN())
	want, got := 0, 0
	sm.Range(func(any, any) bool { want++; return true })
	m.Range(func(any, int) bool { got++; return true })
	if got != want || gotOK != wantOK {
		t.Errorf("after 3 Stores and a Delete of NaN: %d entries, Load ok %v; sync.Map has %d, %v", got, gotOK, want, wantOK)
	}
	m.Clear()
	if n := m.Len(); n != 0 {
		t.Errorf("Len after Clear = %d, want 0", n)
	}
}
