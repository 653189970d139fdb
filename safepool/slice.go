package safepool

import (
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
// The zero value is ready to use. A SlicePool is safe for use by multiple
// goroutines simultaneously and must not be copied after first use.
//
// Slices are kept in a [sync.Pool], which drops them over two garbage
// collections when they are not used. Each is kept in a small reusable box,
// so Get and Put allocate nothing in steady state, where a sync.Pool of
// []byte allocates a slice header on every Put.
type SlicePool[E any] struct {
	core atomic.Pointer[sliceCore[E]]
	mu   sync.Mutex // guards creation of core
}

type sliceCore[E any] struct {
	store    sync.Pool // *box[[]E]
	boxes    sync.Pool // spare *box[[]E]
	size     sizer
	elemSize int
	pointers bool // E holds pointers: clear on Put
	debug    bool
	dbg      *debugState
}

func (p *SlicePool[E]) load() *sliceCore[E] {
	if c := p.core.Load(); c != nil {
		return c
	}
	return p.create()
}

func (p *SlicePool[E]) create() *sliceCore[E] {
	p.mu.Lock()
	defer p.mu.Unlock()
	if c := p.core.Load(); c != nil {
		return c
	}
	t := reflect.TypeFor[E]()
	c := &sliceCore[E]{elemSize: max(int(t.Size()), 1), pointers: hasPointers(t)}
	c.size.init()
	if envDebug() {
		c.debug, c.dbg = true, newDebugState(reflect.TypeFor[[]E]())
	}
	p.core.Store(c)
	return c
}

// Get returns a slice of length 0 from the pool, or a new one with the
// calibrated capacity if the pool has none. It never blocks.
//
// In debug mode Get panics if the slice's elements were written to after it
// was Put.
func (p *SlicePool[E]) Get() []E {
	c := p.load()
	st := c.size.local()
	st.gets.Add(1)
	var b *box[[]E]
	if w := st.cache.take(); w != nil {
		b = (*box[[]E])(w)
	} else if v := c.store.Get(); v != nil {
		b = v.(*box[[]E])
	} else {
		return c.make()
	}
	s := b.v
	b.v = nil
	if !st.spare.park(unsafe.Pointer(b)) {
		c.boxes.Put(b)
	}
	if c.debug {
		c.dbg.got(s)
	}
	return s
}

// make returns a new slice with the calibrated capacity.
func (c *sliceCore[E]) make() []E {
	c.size.local().news.Add(1)
	n, _ := c.size.sizes()
	s := make([]E, 0, n/c.elemSize)
	if c.debug {
		c.dbg.made(s)
	}
	return s
}

// Put keeps s for a later Get, unless its capacity is far above what most
// slices Put into this pool were used for, in which case it drops s for the
// garbage collector; a slice of capacity 0 is dropped too. It records len(s)
// as what this use needed, so Put the slice with the length it was used to.
// If E holds pointers, Put first clears all of s[:cap(s)]. The caller must
// not use s, or any slice sharing its array, after Put.
//
// In debug mode Put panics if s is already in the pool, naming where both
// Puts happened.
func (p *SlicePool[E]) Put(s []E) {
	c := p.load()
	var site string // of this Put, in debug mode
	if c.debug {
		site = c.dbg.putting(s)
	}
	st := c.size.local()
	if c.size.record(st, len(s)*c.elemSize) {
		c.size.calibrate()
	}
	if !c.size.fits(cap(s)*c.elemSize) || cap(s) == 0 {
		st.drops.Add(1)
		return
	}
	s = s[:0]
	if c.pointers {
		clear(s[:cap(s)])
	}
	if c.debug {
		c.dbg.kept(s, site)
	}
	b := (*box[[]E])(st.spare.take())
	if b == nil {
		b, _ = c.boxes.Get().(*box[[]E])
		if b == nil {
			b = new(box[[]E])
		}
	}
	b.v = s
	if !st.cache.park(unsafe.Pointer(b)) {
		c.store.Put(b)
	}
}

// Stats returns the pool's counters. Drops counts slices dropped for their
// size.
func (p *SlicePool[E]) Stats() Stats {
	return p.load().size.stats()
}

// SetDebug turns the pool's debug checks on or off, as [Pool.SetDebug]
// does. It must be called before the pool is first used; it panics
// otherwise.
func (p *SlicePool[E]) SetDebug(on bool) {
	c := p.load()
	if s := c.size.stats(); s.Gets+s.Puts != 0 {
		panic("safepool: SlicePool.SetDebug: called after the pool was used; call it before the first Get or Put")
	}
	c.debug, c.dbg = on, nil
	if on {
		c.dbg = newDebugState(reflect.TypeFor[[]E]())
	}
}

// Leaked returns how many slices handed out by Get were collected without
// having been Put back, as [Pool.Leaked] does.
func (p *SlicePool[E]) Leaked() uint64 {
	c := p.load()
	if c.dbg == nil {
		return 0
	}
	return c.dbg.leaked.Load()
}

// Sizes returns the capacity, in elements, new slices are made with and the
// largest capacity Put keeps, as calibrated from the Puts so far.
func (p *SlicePool[E]) Sizes() (newCap, maxCap int) {
	c := p.load()
	n, m := c.size.sizes()
	return n / c.elemSize, m / c.elemSize
}

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
