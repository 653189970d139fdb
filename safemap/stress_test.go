package safemap_test

import (
	"maps"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/safeprim/safeprim/safemap"
)

// keyed offsets a worker's keys so that workers share a map but not keys.
type keyed struct {
	m    *safemap.Map[uint16, int]
	base uint16
}

func (k keyed) key(c mapCall) uint16 { return k.base + uint16(c.k) }

func TestConcurrentModel(t *testing.T) {
	// Workers run random call sequences on disjoint key sets of one map,
	// while another goroutine ranges over it, so buckets, resizes and
	// counters are shared. Operations on one key are linearizable, so each
	// worker's results equal those of its own sequential reference.
	const workers, calls = 4, 3000
	var m safemap.Map[uint16, int]
	stop := make(chan struct{})
	var ranger sync.WaitGroup
	ranger.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			seen := make(map[uint16]bool)
			m.Range(func(k uint16, _ int) bool {
				if seen[k] {
					t.Errorf("Range visited key %d twice", k)
				}
				seen[k] = true
				return true
			})
			_ = m.Len()
		}
	})
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(w), 1))
			own := keyed{&m, uint16(w) << 8}
			var ref rwMap[uint8, int]
			for i := range calls {
				c := mapCall{op: mapOp(r.IntN(int(numOps))), k: uint8(r.IntN(64)), v: r.IntN(4)}
				if c.op == opClear || c.op == opLen {
					continue // whole-map operations see other workers' keys
				}
				got, want := own.apply(c), c.apply(&ref)
				if got != want {
					t.Errorf("worker %d call %d %+v: got %+v, want %+v", w, i, c, got, want)
					return
				}
			}
			for k, want := range ref.m {
				if got, ok := m.Load(own.base + uint16(k)); !ok || got != want {
					t.Errorf("worker %d key %d = %d, %v; want %d, true", w, k, got, ok, want)
				}
			}
		})
	}
	wg.Wait()
	close(stop)
	ranger.Wait()
}

// apply runs c on the worker's own key.
func (k keyed) apply(c mapCall) mapResult {
	key := k.key(c)
	m := k.m
	switch c.op {
	case opLoad:
		v, ok := m.Load(key)
		return mapResult{v, ok}
	case opStore:
		m.Store(key, c.v)
	case opLoadOrStore:
		v, ok := m.LoadOrStore(key, c.v)
		return mapResult{v, ok}
	case opLoadAndDelete:
		v, ok := m.LoadAndDelete(key)
		return mapResult{v, ok}
	case opDelete:
		m.Delete(key)
	case opSwap:
		v, ok := m.Swap(key, c.v)
		return mapResult{v, ok}
	case opCompareAndSwap:
		return mapResult{ok: m.CompareAndSwap(key, c.v, c.v+1)}
	case opCompareAndDelete:
		return mapResult{ok: m.CompareAndDelete(key, c.v)}
	case opComputeUpdate:
		v, ok := m.Compute(key, func(old int, _ bool) (int, safemap.ComputeOp) { return old + c.v, safemap.UpdateOp })
		return mapResult{v, ok}
	case opComputeDelete:
		v, ok := m.Compute(key, func(int, bool) (int, safemap.ComputeOp) { return c.v, safemap.DeleteOp })
		return mapResult{v, ok}
	case opComputeCancel:
		v, ok := m.Compute(key, func(int, bool) (int, safemap.ComputeOp) { return c.v, safemap.CancelOp })
		return mapResult{v, ok}
	case opLoadOrCompute:
		v, ok := m.LoadOrCompute(key, func() int { return c.v })
		return mapResult{v, ok}
	}
	return mapResult{}
}

func TestClearConcurrentWithGrowth(t *testing.T) {
	// A store that returned before Clear was called is gone after Clear,
	// even while other stores keep growing the table (xsync's own Clear
	// skips its work when it meets a resize in progress).
	var m safemap.Map[int, int]
	var stored atomic.Int64 // keys [0, stored) have been stored and returned
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			m.Store(i, i)
			stored.Store(int64(i + 1))
		}
	})
	for range 50 {
		n := int(stored.Load())
		m.Clear()
		for k := range n {
			if _, ok := m.Load(k); ok {
				t.Fatalf("key %d, stored before Clear, present after it", k)
			}
		}
	}
	close(stop)
	wg.Wait()
}

func TestLoadOrStoreSingleWinner(t *testing.T) {
	// Of the goroutines racing LoadOrStore on a key, exactly one stores and
	// all of them get its value.
	var m safemap.Map[int, int]
	const workers, keys = 4, 500
	results := make([][]int, workers)
	stores := make([]int, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			results[w] = make([]int, keys)
			for k := range keys {
				v, loaded := m.LoadOrStore(k, w)
				if !loaded {
					stores[w]++
				}
				results[w][k] = v
			}
		})
	}
	wg.Wait()
	total := 0
	for _, s := range stores {
		total += s
	}
	if total != keys {
		t.Errorf("%d stores for %d keys, want %d", total, keys, keys)
	}
	for k := range keys {
		for w := 1; w < workers; w++ {
			if results[w][k] != results[0][k] {
				t.Errorf("key %d: worker %d got %d, worker 0 got %d", k, w, results[w][k], results[0][k])
			}
		}
	}
	if got := maps.Collect(m.All()); len(got) != keys {
		t.Errorf("map holds %d keys, want %d", len(got), keys)
	}
}
