package safemap_test

import (
	"maps"
	"math/rand"
	"reflect"
	"sync"
	"testing"
	"testing/quick"

	"github.com/safeprim/safeprim/safemap"
)

// rwMap is the naive reference: a built-in map guarded by a sync.RWMutex,
// with Map's method set. The model tests check Map against it and the
// benchmarks use it as the impl=map+RWMutex baseline.
type rwMap[K comparable, V comparable] struct {
	mu sync.RWMutex
	m  map[K]V
}

func (r *rwMap[K, V]) Load(k K) (V, bool) {
	r.mu.RLock()
	v, ok := r.m[k]
	r.mu.RUnlock()
	return v, ok
}

func (r *rwMap[K, V]) Store(k K, v V) {
	r.mu.Lock()
	if r.m == nil {
		r.m = make(map[K]V)
	}
	r.m[k] = v
	r.mu.Unlock()
}

func (r *rwMap[K, V]) LoadOrStore(k K, v V) (V, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if old, ok := r.m[k]; ok {
		return old, true
	}
	if r.m == nil {
		r.m = make(map[K]V)
	}
	r.m[k] = v
	return v, false
}

func (r *rwMap[K, V]) LoadAndDelete(k K) (V, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	v, ok := r.m[k]
	delete(r.m, k)
	return v, ok
}

func (r *rwMap[K, V]) Delete(k K) {
	r.mu.Lock()
	delete(r.m, k)
	r.mu.Unlock()
}

func (r *rwMap[K, V]) Swap(k K, v V) (V, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	old, ok := r.m[k]
	if r.m == nil {
		r.m = make(map[K]V)
	}
	r.m[k] = v
	return old, ok
}

func (r *rwMap[K, V]) CompareAndSwap(k K, old, new V) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if cur, ok := r.m[k]; ok && cur == old {
		r.m[k] = new
		return true
	}
	return false
}

func (r *rwMap[K, V]) CompareAndDelete(k K, old V) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if cur, ok := r.m[k]; ok && cur == old {
		delete(r.m, k)
		return true
	}
	return false
}

func (r *rwMap[K, V]) Clear() {
	r.mu.Lock()
	clear(r.m)
	r.mu.Unlock()
}

func (r *rwMap[K, V]) Compute(k K, fn func(V, bool) (V, safemap.ComputeOp)) (V, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	old, loaded := r.m[k]
	nv, op := fn(old, loaded)
	switch op {
	case safemap.UpdateOp:
		if r.m == nil {
			r.m = make(map[K]V)
		}
		r.m[k] = nv
		return nv, true
	case safemap.DeleteOp:
		delete(r.m, k)
		var zero V
		return zero, false
	}
	return old, loaded
}

func (r *rwMap[K, V]) LoadOrCompute(k K, fn func() V) (V, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if v, ok := r.m[k]; ok {
		return v, true
	}
	if r.m == nil {
		r.m = make(map[K]V)
	}
	v := fn()
	r.m[k] = v
	return v, false
}

func (r *rwMap[K, V]) Len() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return len(r.m)
}

func (r *rwMap[K, V]) Range(f func(K, V) bool) {
	r.mu.RLock()
	snapshot := maps.Clone(r.m)
	r.mu.RUnlock()
	for k, v := range snapshot {
		if !f(k, v) {
			return
		}
	}
}

// mapInterface is the method set the model tests drive.
type mapInterface[K comparable, V any] interface {
	Load(K) (V, bool)
	Store(K, V)
	LoadOrStore(K, V) (V, bool)
	LoadAndDelete(K) (V, bool)
	Delete(K)
	Swap(K, V) (V, bool)
	CompareAndSwap(K, V, V) bool
	CompareAndDelete(K, V) bool
	Clear()
	Compute(K, func(V, bool) (V, safemap.ComputeOp)) (V, bool)
	LoadOrCompute(K, func() V) (V, bool)
	Len() int
	Range(func(K, V) bool)
}

var (
	_ mapInterface[string, int] = (*safemap.Map[string, int])(nil)
	_ mapInterface[string, int] = (*rwMap[string, int])(nil)
)

type mapOp uint8

const (
	opLoad mapOp = iota
	opStore
	opLoadOrStore
	opLoadAndDelete
	opDelete
	opSwap
	opCompareAndSwap
	opCompareAndDelete
	opClear
	opComputeUpdate
	opComputeDelete
	opComputeCancel
	opLoadOrCompute
	opLen
	numOps
)

// mapCall is one method call, and a quick.Generator of random calls.
type mapCall struct {
	op mapOp
	k  uint8
	v  int
}

type mapResult struct {
	v  int
	ok bool
}

func (c mapCall) apply(m mapInterface[uint8, int]) mapResult {
	switch c.op % numOps {
	case opLoad:
		v, ok := m.Load(c.k)
		return mapResult{v, ok}
	case opStore:
		m.Store(c.k, c.v)
	case opLoadOrStore:
		v, ok := m.LoadOrStore(c.k, c.v)
		return mapResult{v, ok}
	case opLoadAndDelete:
		v, ok := m.LoadAndDelete(c.k)
		return mapResult{v, ok}
	case opDelete:
		m.Delete(c.k)
	case opSwap:
		v, ok := m.Swap(c.k, c.v)
		return mapResult{v, ok}
	case opCompareAndSwap:
		return mapResult{ok: m.CompareAndSwap(c.k, c.v, c.v+1)}
	case opCompareAndDelete:
		return mapResult{ok: m.CompareAndDelete(c.k, c.v)}
	case opClear:
		m.Clear()
	case opComputeUpdate:
		v, ok := m.Compute(c.k, func(old int, loaded bool) (int, safemap.ComputeOp) {
			return old + c.v, safemap.UpdateOp
		})
		return mapResult{v, ok}
	case opComputeDelete:
		v, ok := m.Compute(c.k, func(old int, loaded bool) (int, safemap.ComputeOp) {
			return c.v, safemap.DeleteOp
		})
		return mapResult{v, ok}
	case opComputeCancel:
		v, ok := m.Compute(c.k, func(old int, loaded bool) (int, safemap.ComputeOp) {
			return c.v, safemap.CancelOp
		})
		return mapResult{v, ok}
	case opLoadOrCompute:
		v, ok := m.LoadOrCompute(c.k, func() int { return c.v })
		return mapResult{v, ok}
	case opLen:
		return mapResult{v: m.Len()}
	}
	return mapResult{}
}

// Generate makes a call on one of a few keys with one of a few values, so
// that sequences hit present keys and equal values often.
func (mapCall) Generate(r *rand.Rand, size int) reflect.Value {
	return reflect.ValueOf(mapCall{
		op: mapOp(r.Intn(int(numOps))),
		k:  uint8(r.Intn(8)),
		v:  r.Intn(4),
	})
}

func applyCalls(m mapInterface[uint8, int], calls []mapCall) (results []mapResult, final map[uint8]int) {
	for _, c := range calls {
		results = append(results, c.apply(m))
	}
	final = make(map[uint8]int)
	m.Range(func(k uint8, v int) bool {
		final[k] = v
		return true
	})
	return results, final
}

func applySafemap(calls []mapCall) ([]mapResult, map[uint8]int) {
	return applyCalls(new(safemap.Map[uint8, int]), calls)
}

func applyRWMutexMap(calls []mapCall) ([]mapResult, map[uint8]int) {
	return applyCalls(new(rwMap[uint8, int]), calls)
}

func TestModelQuick(t *testing.T) {
	if err := quick.CheckEqual(applySafemap, applyRWMutexMap, &quick.Config{MaxCount: 300}); err != nil {
		t.Error(err)
	}
}

// FuzzModel decodes the input as a sequence of calls (3 bytes each: op, key,
// value) over up to 256 keys, enough to grow and shrink the table, and checks
// every result and the final contents against the reference.
func FuzzModel(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{byte(opStore), 1, 1, byte(opLoad), 1, 0, byte(opCompareAndSwap), 1, 1, byte(opLoad), 1, 0})
	f.Add([]byte{byte(opComputeUpdate), 2, 3, byte(opComputeCancel), 2, 0, byte(opComputeDelete), 2, 0, byte(opLen), 0, 0})
	f.Add([]byte{byte(opSwap), 3, 1, byte(opSwap), 3, 2, byte(opLoadAndDelete), 3, 0, byte(opLoadOrCompute), 3, 9})
	var grow []byte
	for k := range 256 {
		grow = append(grow, byte(opLoadOrStore), byte(k), byte(k))
	}
	for k := range 256 {
		grow = append(grow, byte(opCompareAndDelete), byte(k), byte(k%3))
	}
	for k := range 256 {
		grow = append(grow, byte(opDelete), byte(k), 0, byte(opLen), 0, 0)
	}
	grow = append(grow, byte(opStore), 7, 7, byte(opClear), 0, 0, byte(opLoad), 7, 0)
	f.Add(grow)

	f.Fuzz(func(t *testing.T, data []byte) {
		var m safemap.Map[uint8, int]
		var ref rwMap[uint8, int]
		for i := 0; i+3 <= len(data); i += 3 {
			c := mapCall{op: mapOp(data[i]) % numOps, k: data[i+1], v: int(data[i+2])}
			got, want := c.apply(&m), c.apply(&ref)
			if got != want {
				t.Fatalf("call %d %+v: got %+v, want %+v", i/3, c, got, want)
			}
		}
		_, got := applyCalls(&m, nil)
		_, want := applyCalls(&ref, nil)
		if !maps.Equal(got, want) {
			t.Fatalf("final contents %v, want %v", got, want)
		}
		if m.Len() != len(want) {
			t.Fatalf("Len = %d, want %d", m.Len(), len(want))
		}
	})
}
