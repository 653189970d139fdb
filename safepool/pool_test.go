package safepool_test

import (
	"bytes"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/safeprim/safeprim/internal/leaktest"
	"github.com/safeprim/safeprim/internal/panictest"
	"github.com/safeprim/safeprim/internal/race"
	"github.com/safeprim/safeprim/safepool"
)

// object is a pooled value with a reference, a counter and scratch space,
// all of which recycle must clear.
type object struct {
	ref   *payload
	n     int
	owner int
	data  []byte
}

// payload is big enough to be allocated on its own, never in a tiny block.
type payload struct {
	buf [1 << 16]byte //lint:ignore U1000 its size is what matters
}

func newObject() *object { return new(object) }

func resetObject(o *object) (*object, bool) {
	if cap(o.data) > 1024 {
		return nil, false
	}
	o.ref, o.n, o.owner, o.data = nil, 0, 0, o.data[:0]
	return o, true
}

func TestNewPanics(t *testing.T) {
	tests := []struct {
		name    string
		alloc   func() *object
		recycle func(*object) (*object, bool)
		want    string
	}{
		{"alloc=nil", nil, resetObject, "safepool: New: nil alloc function; "},
		{"recycle=nil", newObject, nil, "safepool: New: nil recycle function; "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			panictest.Want(t, tt.want, func() { safepool.New(tt.alloc, tt.recycle) })
		})
	}
}

func TestPutNilPanics(t *testing.T) {
	t.Run("type=Pool", func(t *testing.T) {
		p := safepool.New(newObject, resetObject)
		panictest.Want(t, "safepool: Put: nil *safepool_test.object; ", func() { p.Put(nil) })
	})
	t.Run("type=BufferPool", func(t *testing.T) {
		var p safepool.BufferPool
		panictest.Want(t, "safepool: BufferPool.Put: nil *bytes.Buffer; ", func() { p.Put(nil) })
	})
}

// TestRecycleOnEveryPut hammers a pool from several goroutines; every Get
// checks that the object it got is in the reset state, and the number of
// recycle calls must equal the number of Puts.
func TestRecycleOnEveryPut(t *testing.T) {
	var recycled atomic.Uint64
	p := safepool.New(newObject, func(o *object) (*object, bool) {
		recycled.Add(1)
		return resetObject(o)
	}, safepool.WithStats(true))
	const workers, rounds = 8, 2000
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range rounds {
				o := p.Get()
				if o.ref != nil || o.n != 0 || o.owner != 0 || len(o.data) != 0 {
					t.Errorf("worker %d: Get returned %+v, want a reset object", w, *o)
					return
				}
				o.ref, o.n, o.owner = new(payload), i+1, w+1
				o.data = append(o.data, "dirty"...)
				if i%100 == 0 {
					o.data = make([]byte, 2048) // over the cap: dropped
				}
				p.Put(o)
			}
		})
	}
	wg.Wait()
	s := p.Stats()
	if s.Gets != workers*rounds || s.Puts != workers*rounds {
		t.Errorf("Stats = %+v, want Gets and Puts %d", s, workers*rounds)
	}
	if got := recycled.Load(); got != s.Puts {
		t.Errorf("recycle ran %d times for %d Puts", got, s.Puts)
	}
	if want := uint64(workers * rounds / 100); s.Drops != want {
		t.Errorf("Drops = %d, want %d", s.Drops, want)
	}
}

// TestDrop checks that an object recycle refuses is never returned again.
func TestDrop(t *testing.T) {
	p := safepool.New(newObject, resetObject)
	big := p.Get()
	big.data = make([]byte, 4096)
	p.Put(big)
	for range 100 {
		o := p.Get()
		if o == big {
			t.Fatal("Get returned an object that recycle dropped")
		}
		p.Put(o)
	}
	if got := p.Stats().Drops; got != 1 {
		t.Errorf("Drops = %d, want 1", got)
	}
}

func TestPoolValueTypes(t *testing.T) {
	p := safepool.New(
		func() []byte { return make([]byte, 0, 64) },
		func(b []byte) ([]byte, bool) { return b[:0], cap(b) <= 1024 })
	for i := range 100 {
		b := p.Get()
		if len(b) != 0 {
			t.Fatalf("round %d: len(Get()) = %d, want 0", i, len(b))
		}
		p.Put(append(b, "hello"...))
	}
	type point struct{ x, y int }
	q := safepool.New(func() point { return point{} }, func(point) (point, bool) { return point{}, true })
	q.Put(point{1, 2})
	if got := q.Get(); got != (point{}) {
		t.Errorf("Get() = %v, want the zero point", got)
	}
}

func TestPoolAllocs(t *testing.T) {
	if race.Enabled {
		t.Skip("the race detector allocates and sync.Pool drops Puts on purpose")
	}
	buffers := safepool.New(
		func() *bytes.Buffer { return new(bytes.Buffer) },
		func(b *bytes.Buffer) (*bytes.Buffer, bool) { b.Reset(); return b, true })
	slices := safepool.New(
		func() []byte { return make([]byte, 0, 1024) },
		func(b []byte) ([]byte, bool) { return b[:0], true })
	counted := safepool.New(
		func() *bytes.Buffer { return new(bytes.Buffer) },
		func(b *bytes.Buffer) (*bytes.Buffer, bool) { b.Reset(); return b, true },
		safepool.WithStats(true), safepool.WithName("allocs"))
	var bp safepool.BufferPool
	var sp safepool.SlicePool[byte]
	bpStats := safepool.NewBufferPool(safepool.WithStats(true))
	spStats := safepool.NewSlicePool[byte](safepool.WithStats(true))
	tests := []struct {
		name string
		f    func()
	}{
		{"impl=Pool/type=buffer", func() { b := buffers.Get(); b.WriteString("hi"); buffers.Put(b) }},
		{"impl=Pool/type=buffer/stats=on", func() { b := counted.Get(); b.WriteString("hi"); counted.Put(b) }},
		{"impl=Pool/type=slice", func() { s := slices.Get(); slices.Put(append(s, "hi"...)) }},
		{"impl=BufferPool", func() { b := bp.Get(); b.WriteString("hi"); bp.Put(b) }},
		{"impl=BufferPool/stats=on", func() { b := bpStats.Get(); b.WriteString("hi"); bpStats.Put(b) }},
		{"impl=SlicePool", func() { s := sp.Get(); sp.Put(append(s, "hi"...)) }},
		{"impl=SlicePool/stats=on", func() { s := spStats.Get(); spStats.Put(append(s, "hi"...)) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.f() // warm up
			if got := testing.AllocsPerRun(1000, tt.f); got != 0 {
				t.Errorf("Get+Put allocates %v times, want 0", got)
			}
		})
	}
}

// TestRetention shows a naive sync.Pool keeping what a pooled object
// references alive, and a Pool whose recycle clears it letting it go.
func TestRetention(t *testing.T) {
	t.Run("impl=sync.Pool", func(t *testing.T) {
		if race.Enabled {
			t.Skip("sync.Pool drops Puts at random under the race detector")
		}
		onOneProcessor(t)
		naive := sync.Pool{New: func() any { return newObject() }}
		const inFlight = 16
		busy := func(ref *payload) { // a few requests at a time
			var held [inFlight]*object
			for i := range held {
				held[i] = naive.Get().(*object)
				if ref != nil {
					held[i].ref = ref
				}
			}
			for _, o := range held {
				naive.Put(o) // no reset
			}
		}
		ref := new(payload)
		busy(ref) // the pooled objects now reference ref
		if leaktest.WatchUnderLoad(ref, func() { busy(nil) })() {
			t.Error("payload referenced by pooled objects was collected, want it kept alive")
		}
	})
	t.Run("impl=safepool", func(t *testing.T) {
		p := safepool.New(newObject, resetObject)
		o := p.Get()
		o.ref = new(payload)
		collected := leaktest.Watch(o.ref)
		p.Put(o)
		if !collected() {
			t.Error("payload referenced by a recycled object was not collected")
		}
		runtime.KeepAlive(o) // the object stays: only recycle lets the payload go
	})
}

// FuzzPool drives a Pool and a naive reference with the same random calls
// and checks that the counters agree and that every Get returns a reset
// object.
func FuzzPool(f *testing.F) {
	f.Add([]byte{0, 1, 0, 0, 1, 1, 2, 0, 1})
	f.Add([]byte{0, 0, 0, 2, 2, 1, 0, 3, 1, 1})
	f.Add([]byte{3, 3, 0, 1, 0, 2, 0, 1, 1, 0})
	f.Fuzz(func(t *testing.T, ops []byte) {
		var allocs, recycles uint64
		p := safepool.New(
			func() *object { allocs++; return newObject() },
			func(o *object) (*object, bool) { recycles++; return resetObject(o) },
			safepool.WithStats(true))
		want := safepool.Stats{Exact: true}
		var held []*object
		for i, op := range ops {
			switch op % 4 {
			case 0: // Get
				o := p.Get()
				want.Gets++
				if o.ref != nil || o.n != 0 || len(o.data) != 0 {
					t.Fatalf("op %d: Get returned %+v, want a reset object", i, *o)
				}
				o.ref, o.n = new(payload), i+1
				held = append(held, o)
			case 1, 2: // Put, oversized for 2
				if len(held) == 0 {
					continue
				}
				o := held[len(held)-1]
				held = held[:len(held)-1]
				if op%4 == 2 {
					o.data = make([]byte, 2048)
					want.Drops++
				}
				p.Put(o)
				want.Puts++
			case 3: // drop an object without Put
				if len(held) > 0 {
					held = held[1:]
				}
			}
		}
		want.News = allocs
		if got := p.Stats(); got != want {
			t.Errorf("Stats = %+v, want %+v", got, want)
		}
		if recycles != want.Puts {
			t.Errorf("recycle ran %d times for %d Puts", recycles, want.Puts)
		}
		if allocs > want.Gets {
			t.Errorf("alloc ran %d times for %d Gets", allocs, want.Gets)
		}
	})
}
