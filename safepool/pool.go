package safepool

import (
	"reflect"
	"sync"
)

// A Pool is a typed set of reusable objects of type T whose reset cannot be
// skipped: every object given to [Pool.Put] passes through the recycle
// function given to [New], which clears it and decides whether it is worth
// keeping, before any later [Pool.Get] can return it.
//
// A Pool is made by [New]; its zero value is not usable (there is no recycle
// function to run), and its Get and Put panic. A Pool is safe for use by
// multiple goroutines simultaneously and must not be copied after first use.
//
// A Pool keeps its objects in one [sync.Pool] and nowhere else, so it gives
// them back to the garbage collector as a sync.Pool does: an object kept
// through one collection moves to the victim cache and is dropped at the
// next. What a Pool keeps alive in the meantime is what recycle left in its
// objects; a recycle that clears every reference and refuses oversized
// objects is what makes the pool leak-free.
//
// Objects of a pointer-shaped type T (pointers, maps, channels, functions)
// are stored as they are. Other types, such as slices and structs, are
// stored in a small box that is itself pooled, so that Get and Put allocate
// nothing, unlike a sync.Pool of []byte; this costs a second sync.Pool round
// trip, which [SlicePool] avoids for slices.
//
// Get and Put cost a sync.Pool Get and Put plus one call of recycle and one
// atomic load (BenchmarkPoolGetPut).
//
// The caller's duty is to stop using an object once it has been Put, and to
// Put every object it no longer needs (an object that is never Put is not
// leaked, it is collected as garbage, but the pool has to make a new one).
// Debug mode ([Pool.SetDebug]) checks both duties.
type Pool[T any] struct {
	store   sync.Pool // T, or *box[T] when boxed
	recycle func(T) (T, bool)
	c       core[T]
	alloc   func() T
	boxes   sync.Pool // empty *box[T]
}

// box holds a value of a type that is not pointer-shaped in a sync.Pool,
// without the allocation that converting the value itself to an interface
// would cost.
type box[T any] struct{ v T }

// New returns a pool configured by opts. alloc makes an object when the pool
// is empty. recycle is called by Put: it returns the object cleared for
// reuse, and whether to keep it at all (false drops it, e.g. a buffer grown
// past a cap). Both are required: nil panics.
//
// The recycle hook has the shape proposed for a future sync/v2 pool
// (go.dev/issue/71076): one function that both resets and decides keep or
// drop, which also lets value types such as slices be reset.
func New[T any](alloc func() T, recycle func(T) (T, bool), opts ...Option) *Pool[T] {
	if alloc == nil {
		panic("safepool: New: nil alloc function; pass a func that makes a new " + typeName[T]())
	}
	if recycle == nil {
		panic("safepool: New: nil recycle function; pass a func that clears a " + typeName[T]() + " and reports whether to keep it")
	}
	p := &Pool[T]{alloc: alloc, recycle: recycle}
	var extra uint32
	if !pointerShaped(reflect.TypeFor[T]()) {
		extra = boxed
	}
	p.c.start(configure(opts), "Pool["+typeName[T]()+"]", extra)
	return p
}

// Get returns an object from the pool, or a new one made by alloc if the pool
// has none. An object from the pool has been through recycle since it was
// last in use. Get never blocks.
//
// Get panics if the Pool was not made by [New]. In debug mode it panics if
// the object was written to after it was Put.
func (p *Pool[T]) Get() T {
	v := p.store.Get()
	if x, ok := v.(T); ok {
		switch p.c.mode.Load() {
		case plain:
			return x
		case plain | exact:
			p.c.countGet(&x)
			return x
		}
	}
	return p.c.getSlow(v, 0, p)
}

// Put passes x through recycle and keeps the result for a later Get, unless
// recycle reports that it should be dropped. The caller must not use x after
// Put.
//
// Put panics if the Pool was not made by [New], and if T is a pointer-shaped
// type and x is nil. In debug mode it panics if x is already in the pool,
// naming where both Puts happened.
func (p *Pool[T]) Put(x T) {
	if m := p.c.mode.Load(); m != plain {
		if m != plain|exact {
			p.c.putSlow(x, p)
			return
		}
		p.c.countPut(&x)
	}
	if isNil(x) { // the fast path implies a pointer-shaped T
		panicNil[T]("Put: nil ", "; put only objects obtained from Get")
	}
	y, keep := p.recycle(x)
	if !keep {
		p.c.counts.drops.Add(1)
		return
	}
	if isNil(y) {
		panicNil[T]("Put: recycle returned nil ", " with keep true; return false to drop an object")
	}
	p.store.Put(y)
}

// Stats returns the pool's counters. See [Stats] for how they relate.
func (p *Pool[T]) Stats() Stats {
	return p.c.counts.stats()
}

// SetDebug turns the pool's debug checks on or off. In debug mode:
//   - a second Put of an object that is already in the pool panics, naming
//     both call sites; a slice is identified by its array, so Put(s) then
//     Put(s[10:]) is caught too;
//   - a Put of a slice that starts past the start of the slice Get returned
//     (s = s[1:] before Put, which leaves the dropped elements reachable in
//     the pooled array: a pool not in debug mode cannot see it) panics;
//   - a write to an object after it was Put panics at the Get that returns
//     it: for a *bytes.Buffer or a []byte, any write to its spare capacity;
//     for other pointers and slices, any change to the first 64 KiB they
//     point to, which is all that is compared;
//   - objects that Get handed out and the garbage collector then found
//     unreferenced, never Put back, are counted by [Pool.Leaked] (except
//     slices, which append may have moved to a larger array);
//   - Gets and Puts are counted, as with [WithStats](true).
//
// Objects are tracked through weak pointers, which keep nothing alive;
// values without an address of their own (structs, and other non-pointer
// types than slices) are not checked, nor is memory the Go heap does not own
// (a slice of memory from syscall.Mmap, say). Debug mode costs a lock, an
// allocation and some bookkeeping per call; when off, it costs nothing more
// than the atomic load that Get and Put make anyway. It is also on for every
// pool created while the environment variable SAFEPRIM_DEBUG is 1.
//
// SetDebug must be called before the pool is first used; it panics
// otherwise, and if the Pool was not made by [New].
func (p *Pool[T]) SetDebug(on bool) {
	p.c.setDebug(on, p, "")
}

// Leaked returns how many objects handed out by Get were collected by the
// garbage collector without having been Put back, counted while debug mode is
// on (0 when it is off). An object is counted after the collection that finds
// it unreachable, so call [runtime.GC] first for an up-to-date figure.
func (p *Pool[T]) Leaked() uint64 {
	return p.c.leaked()
}

// The methods below make Pool the owner of its core.

func (p *Pool[T]) setup(op string) {
	panic("safepool: " + op + ": zero Pool[" + typeName[T]() + "]; make it with safepool.New")
}

func (p *Pool[T]) fresh(int) T { return p.alloc() }

func (p *Pool[T]) decode(v any, _ int) T {
	if b, ok := v.(*box[T]); ok {
		x := b.v
		var zero T
		b.v = zero
		p.boxes.Put(b)
		return x
	}
	return v.(T)
}

func (p *Pool[T]) reset(x T) (T, bool) {
	direct := p.c.mode.Load()&boxed == 0
	if direct && isNil(x) {
		panicNil[T]("Put: nil ", "; put only objects obtained from Get")
	}
	y, keep := p.recycle(x)
	if keep && direct && isNil(y) {
		panicNil[T]("Put: recycle returned nil ", " with keep true; return false to drop an object")
	}
	return y, keep
}

func (p *Pool[T]) where(T) *sync.Pool { return &p.store }

func (p *Pool[T]) encode(y T) any {
	if p.c.mode.Load()&boxed == 0 {
		return y
	}
	b, _ := p.boxes.Get().(*box[T])
	if b == nil {
		b = new(box[T])
	}
	b.v = y
	return b
}

// panicNil panics with a message about a nil T.
func panicNil[T any](before, after string) {
	panic("safepool: " + before + typeName[T]() + after)
}
