package safepool

import (
	"math/bits"
	"reflect"
	"sync"
	"sync/atomic"
	"unsafe"
)

// A SlicePool is a pool of slices of E that sizes itself as [BufferPool]
// does. [SlicePool.Get] returns a slice of length 0; [SlicePool.Put] clears
// the elements of a slice of a type that holds pointers, up to its capacity,
// so a pooled slice keeps nothing else alive.
//
// The zero value is ready to use; [NewSlicePool] makes one with options. A
// SlicePool is safe for use by multiple goroutines simultaneously and must
// not be copied after first use.
//
// A SlicePool keeps only the pointer to each slice's array, with no box, in
// one [sync.Pool] per capacity class: class k holds arrays of at least
// 1<<(k-1) elements, and Get returns them with exactly that capacity (Put
// keeps a slice in the class of its capacity, or of the calibrated capacity
// if that is smaller). The capacity is implied by the class, never stored,
// so a slice Get returns is never longer than its array, and nothing a
// caller writes to a slice after Put can change what a later Get returns.
// Like every pool here it lets the garbage collector drop its arrays over
// two collections when they are not used.
//
// Get and Put cost a sync.Pool Get and Put, three atomic loads and, for
// elements that hold pointers, the clearing (BenchmarkSlicePoolGetPut), with
// no allocation, where a sync.Pool of []byte allocates a slice header on
// every Put.
type SlicePool[E any] struct {
	classes  [numSliceClasses]sync.Pool // *E, the array of the class's capacity
	size     sizer
	target   classIndex // class of the calibrated capacity; 0 before calibration
	pointers bool       // E holds pointers: clear on Put
	c        core[[]E]
}

// numSliceClasses bounds the classes of a SlicePool: class k, from 1, holds
// arrays of 1<<(k-1) elements; class 0 holds none (capacity 0).
const numSliceClasses = 36

// classCap returns the capacity of the slices of class k.
func classCap(k int) int { return 1 << k >> 1 }

// capClass returns the class of a slice of capacity c: the largest class
// whose capacity does not exceed c.
func capClass(c int) int { return min(bits.Len(uint(c)), numSliceClasses-1) }

// classIndex holds the class a SlicePool's Get takes from, and the largest
// class its Put gives to, in one word so that each reads it with one load.
// Before the first calibration Get takes from class 0, which is always
// empty, and Put keeps every slice in the class of its capacity.
type classIndex struct{ w atomic.Uint32 }

func (c *classIndex) get() int { return int(c.w.Load() & 0xff) }
func (c *classIndex) put() int { return int(c.w.Load() >> 8) }

// set makes Get take from the class of slices of n elements, the smallest
// that holds n, and Put truncate larger ones to it.
func (c *classIndex) set(n int64) {
	k, top := uint32(0), uint32(numSliceClasses-1)
	if n > 0 {
		k = uint32(min(bits.Len64(uint64(n-1))+1, numSliceClasses-1))
		top = k
	}
	if w := k | top<<8; c.w.Load() != w {
		c.w.Store(w)
	}
}

// NewSlicePool returns a SlicePool configured by opts. A zero SlicePool is
// ready to use too; NewSlicePool is only needed for options.
func NewSlicePool[E any](opts ...Option) *SlicePool[E] {
	p := new(SlicePool[E])
	p.start(configure(opts))
	return p
}

func (p *SlicePool[E]) start(cfg config) {
	t := reflect.TypeFor[E]()
	p.pointers = hasPointers(t)
	p.size.init(max(int(t.Size()), 1))
	p.target.set(0)
	p.c.start(cfg, "SlicePool["+t.String()+"]", 0)
}

// Get returns a slice of length 0 from the pool, or a new one with the
// calibrated capacity if the pool has none. It never blocks.
//
// In debug mode Get panics if the slice's elements were written to after it
// was Put.
func (p *SlicePool[E]) Get() []E {
	k := p.target.get()
	v := p.classes[k].Get()
	if a, ok := v.(*E); ok {
		s := unsafe.Slice(a, classCap(k))[:0]
		switch p.c.mode.Load() {
		case plain:
			return s
		case plain | exact:
			p.c.countGet(&s)
			return s
		}
	}
	return p.c.getSlow(v, k, p)
}

// Put keeps s for a later Get, unless its capacity is far above what most
// slices Put into this pool were used for, in which case it drops s for the
// garbage collector; a slice of capacity 0 is dropped too. The use Put
// records for s is its length; or, if s is empty (cut to s[:0] before Put),
// its capacity. If E holds pointers, Put first clears all of s[:cap(s)]. The
// caller must not use s, or any slice sharing its array, after Put.
//
// Put keeps s from its first element: elements before it, as after
// s = s[1:], stay in the array unseen, referenced if E holds pointers. Put
// the slice as Get returned it, resliced only at its end; debug mode reports
// a Put that starts past the start of the slice Get returned.
//
// In debug mode Put panics if s is already in the pool, naming where both
// Puts happened.
func (p *SlicePool[E]) Put(s []E) {
	// uint(cap)-1 is huge for cap 0, which goes to putSlow to be dropped.
	if m, out := p.c.mode.Load(), uint(cap(s))-1 >= uint(p.size.limit.Load()); m != plain || out {
		if m != plain|exact || out {
			p.c.putSlow(s, p)
			return
		}
		p.c.countPut(&s)
	}
	if p.pointers {
		clear(s[:cap(s)])
	}
	k := min(capClass(cap(s)), p.target.put())
	p.classes[k].Put(unsafe.SliceData(s))
}

// Stats returns the pool's counters. Drops counts slices dropped for their
// size.
func (p *SlicePool[E]) Stats() Stats {
	return p.c.counts.stats()
}

// SetDebug turns the pool's debug checks on or off, as [Pool.SetDebug]
// does. It must be called before the pool is first used; it panics
// otherwise.
func (p *SlicePool[E]) SetDebug(on bool) {
	p.c.setDebug(on, p, "SlicePool.")
}

// Leaked returns how many slices handed out by Get were collected without
// having been Put back, as [Pool.Leaked] does: always 0, since a slice that
// append moved to a larger array leaves an array behind that was never Put,
// and that is not a leak.
func (p *SlicePool[E]) Leaked() uint64 {
	return p.c.leaked()
}

// Sizes returns the capacity, in elements, new slices are made with and the
// largest capacity Put keeps, as calibrated from the Puts so far.
func (p *SlicePool[E]) Sizes() (newCap, maxCap int) {
	if p.c.mode.Load()&plain == 0 {
		return 0, bootstrapKeep / max(int(unsafe.Sizeof(*new(E))), 1)
	}
	_, m := p.size.sizes()
	return classCap(p.target.get()), m / int(p.size.unit)
}

// The methods below make SlicePool the owner of its core.

func (p *SlicePool[E]) setup(string) {
	p.c.mu.Lock()
	defer p.c.mu.Unlock()
	if p.c.mode.Load()&plain == 0 {
		p.start(config{})
	}
}

func (p *SlicePool[E]) fresh(k int) []E {
	p.size.open()
	return make([]E, 0, classCap(k))
}

func (p *SlicePool[E]) decode(v any, k int) []E {
	return unsafe.Slice(v.(*E), classCap(k))[:0]
}

func (p *SlicePool[E]) reset(s []E) ([]E, bool) {
	used := len(s)
	if used == 0 {
		used = cap(s)
	}
	keep := p.size.observe(used, cap(s))
	p.target.set(p.size.newSize.Load() / p.size.unit)
	if !keep || cap(s) == 0 {
		return nil, false
	}
	s = s[:0]
	if p.pointers {
		clear(s[:cap(s)])
	}
	return s, true
}

func (p *SlicePool[E]) where(s []E) *sync.Pool {
	return &p.classes[min(capClass(cap(s)), p.target.put())]
}

func (p *SlicePool[E]) encode(s []E) any { return unsafe.SliceData(s) }

// hasPointers reports whether values of t hold pointers the garbage
// collector follows.
func hasPointers(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128:
		return false
	case reflect.Array:
		return t.Len() > 0 && hasPointers(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			if hasPointers(t.Field(i).Type) {
				return true
			}
		}
		return false
	}
	return true
}
