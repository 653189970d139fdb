package safemap_test

import (
	"fmt"
	"math/bits"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/puzpuzpuz/xsync/v3"

	"github.com/safeprim/safeprim/internal/cputime"
	"github.com/safeprim/safeprim/safemap"
)

// The workload of BenchmarkMix: each goroutine picks a random key and loads
// it with probability reads/100, or else stores or deletes it (half each),
// on a map prefilled with every key.
var (
	mixes = []struct {
		name  string
		reads uint64
	}{
		{"reads=99%", 99},
		{"reads=90%", 90},
		{"reads=10%", 10},
	}
	keyCounts = []struct {
		name string
		n    int
	}{
		{"keys=1K", 1 << 10},
		{"keys=64K", 1 << 16},
	}
)

// rng is a per-goroutine wyrand generator: cheap enough not to dominate
// the measured operations. Each goroutine keeps its state on its own stack,
// so that two goroutines' states never share a cache line.
type rng uint64

var seeds atomic.Uint64

func newRNG() rng {
	return rng(seeds.Add(0x9e3779b97f4a7c15))
}

func (r *rng) next() uint64 {
	*r += 0xa0761d6478bd642f
	hi, lo := bits.Mul64(uint64(*r), uint64(*r)^0xe7037ed1a0b428db)
	return hi ^ lo
}

func intKeys(n int) []int {
	keys := make([]int, n)
	for i := range keys {
		keys[i] = i
	}
	return keys
}

func stringKeys(n int) []string {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = fmt.Sprintf("key-%08d", i)
	}
	return keys
}

func BenchmarkMix(b *testing.B) {
	for _, kc := range keyCounts {
		b.Run("key=int/"+kc.name, func(b *testing.B) { benchMixes(b, intKeys(kc.n)) })
		b.Run("key=string/"+kc.name, func(b *testing.B) { benchMixes(b, stringKeys(kc.n)) })
	}
}

func benchMixes[K comparable](b *testing.B, keys []K) {
	for _, mix := range mixes {
		b.Run(mix.name, func(b *testing.B) {
			b.Run("impl=map+RWMutex", func(b *testing.B) { mixRWMutex(b, keys, mix.reads) })
			b.Run("impl=sync.Map", func(b *testing.B) { mixSyncMap(b, keys, mix.reads) })
			b.Run("impl=xsync", func(b *testing.B) { mixXsync(b, keys, mix.reads) })
			b.Run("impl=safemap", func(b *testing.B) { mixSafemap(b, keys, mix.reads) })
		})
	}
}

// The four loops below are written out per implementation, so that each
// measures direct method calls rather than an interface dispatch. The key
// count is a power of two; the low bits of a random word pick the key and
// the high bits the operation.

func mixRWMutex[K comparable](b *testing.B, keys []K, reads uint64) {
	m := &rwMap[K, int]{m: make(map[K]int, len(keys))}
	for i, k := range keys {
		m.Store(k, i)
	}
	mask := uint64(len(keys) - 1)
	runParallel(b, func(pb *testing.PB) {
		r := newRNG()
		for pb.Next() {
			x := r.next()
			k := keys[x&mask]
			switch op := (x >> 32) % 200; {
			case op < 2*reads:
				m.Load(k)
			case op&1 == 0:
				m.Store(k, int(x))
			default:
				m.Delete(k)
			}
		}
	})
}

func mixSyncMap[K comparable](b *testing.B, keys []K, reads uint64) {
	var m sync.Map
	for i, k := range keys {
		m.Store(k, i)
	}
	mask := uint64(len(keys) - 1)
	runParallel(b, func(pb *testing.PB) {
		r := newRNG()
		for pb.Next() {
			x := r.next()
			k := keys[x&mask]
			switch op := (x >> 32) % 200; {
			case op < 2*reads:
				m.Load(k)
			case op&1 == 0:
				m.Store(k, int(x))
			default:
				m.Delete(k)
			}
		}
	})
}

func mixXsync[K comparable](b *testing.B, keys []K, reads uint64) {
	m := xsync.NewMapOf[K, int]()
	for i, k := range keys {
		m.Store(k, i)
	}
	mask := uint64(len(keys) - 1)
	runParallel(b, func(pb *testing.PB) {
		r := newRNG()
		for pb.Next() {
			x := r.next()
			k := keys[x&mask]
			switch op := (x >> 32) % 200; {
			case op < 2*reads:
				m.Load(k)
			case op&1 == 0:
				m.Store(k, int(x))
			default:
				m.Delete(k)
			}
		}
	})
}

func mixSafemap[K comparable](b *testing.B, keys []K, reads uint64) {
	m := safemap.New[K, int]()
	for i, k := range keys {
		m.Store(k, i)
	}
	mask := uint64(len(keys) - 1)
	runParallel(b, func(pb *testing.PB) {
		r := newRNG()
		for pb.Next() {
			x := r.next()
			k := keys[x&mask]
			switch op := (x >> 32) % 200; {
			case op < 2*reads:
				m.Load(k)
			case op&1 == 0:
				m.Store(k, int(x))
			default:
				m.Delete(k)
			}
		}
	})
}

// runParallel runs body with b.RunParallel and reports, beside ns/op, the
// CPU time of the whole process per op (cpu-ns/op), which other work on a
// shared machine disturbs less than the wall clock.
func runParallel(b *testing.B, body func(pb *testing.PB)) {
	b.ReportAllocs()
	b.ResetTimer()
	start, ok := cputime.Process()
	b.RunParallel(body)
	if end, ok2 := cputime.Process(); ok && ok2 {
		b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkLoad measures parallel loads of present keys (1K string keys).
func BenchmarkLoad(b *testing.B) {
	b.Run("impl=map+RWMutex", func(b *testing.B) { mixRWMutex(b, stringKeys(1<<10), 100) })
	b.Run("impl=sync.Map", func(b *testing.B) { mixSyncMap(b, stringKeys(1<<10), 100) })
	b.Run("impl=xsync", func(b *testing.B) { mixXsync(b, stringKeys(1<<10), 100) })
	b.Run("impl=safemap", func(b *testing.B) { mixSafemap(b, stringKeys(1<<10), 100) })
}

// BenchmarkMixAny is BenchmarkMix for Map[any, int] against sync.Map, the
// migration the package promises: the keys are pointers or strings held in
// interfaces, hashed by maphash.Comparable (Map) or by sync.Map's own
// hasher. reads=99% is the load-heavy mix, reads=10% the store-heavy one.
func BenchmarkMixAny(b *testing.B) {
	for _, kc := range keyCounts {
		b.Run("key=pointer/"+kc.name, func(b *testing.B) { benchMixesAny(b, pointerKeys(kc.n)) })
		b.Run("key=string/"+kc.name, func(b *testing.B) { benchMixesAny(b, boxed(stringKeys(kc.n))) })
	}
}

func benchMixesAny(b *testing.B, keys []any) {
	for _, mix := range mixes {
		b.Run(mix.name, func(b *testing.B) {
			b.Run("impl=sync.Map", func(b *testing.B) { mixSyncMap(b, keys, mix.reads) })
			b.Run("impl=safemap", func(b *testing.B) { mixSafemap(b, keys, mix.reads) })
		})
	}
}

// BenchmarkLoadAny measures parallel loads of present keys (1K keys held in
// interfaces) from a Map[any, int] and a sync.Map.
func BenchmarkLoadAny(b *testing.B) {
	for _, kind := range []struct {
		name string
		keys []any
	}{
		{"key=pointer", pointerKeys(1 << 10)},
		{"key=string", boxed(stringKeys(1 << 10))},
	} {
		b.Run(kind.name, func(b *testing.B) {
			b.Run("impl=sync.Map", func(b *testing.B) { mixSyncMap(b, kind.keys, 100) })
			b.Run("impl=safemap", func(b *testing.B) { mixSafemap(b, kind.keys, 100) })
		})
	}
}

// pointerKeys returns n distinct pointers, as interface keys.
func pointerKeys(n int) []any {
	keys := make([]any, n)
	for i := range keys {
		keys[i] = &conn{id: i}
	}
	return keys
}

// boxed returns keys held in interfaces.
func boxed[K any](keys []K) []any {
	out := make([]any, len(keys))
	for i, k := range keys {
		out[i] = k
	}
	return out
}

// BenchmarkDeleteAll stores 1e6 entries of 64 bytes (int key, 56-byte
// value), deletes them all and reports, as retained-B, the live heap the
// emptied map still holds. Its ns/op includes the collections run to measure
// the heap.
func BenchmarkDeleteAll(b *testing.B) {
	const n = 1_000_000
	impls := []struct {
		name string
		new  func() (store, del func(int), keep func())
	}{
		{"impl=map", builtinMap},
		{"impl=sync.Map", func() (store, del func(int), keep func()) {
			m := new(sync.Map)
			return func(i int) { m.Store(i, entry{}) }, func(i int) { m.Delete(i) }, func() { runtime.KeepAlive(m) }
		}},
		{"impl=xsync", func() (store, del func(int), keep func()) {
			m := xsync.NewMapOf[int, entry]()
			return func(i int) { m.Store(i, entry{}) }, func(i int) { m.Delete(i) }, func() { runtime.KeepAlive(m) }
		}},
		{"impl=safemap", safemapWith()},
	}
	for _, impl := range impls {
		b.Run(impl.name, func(b *testing.B) {
			b.ReportAllocs()
			var retained uint64
			for b.Loop() {
				retained = retainedAfterDeletes(n, impl.new)
			}
			b.ReportMetric(float64(retained), "retained-B")
		})
	}
}
