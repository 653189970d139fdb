package safepool

import (
	"os"
	"reflect"
	"sync"
	"unsafe"
)

// A Pool is a typed set of reusable objects of type T whose reset cannot be
// skipped: every object given to [Pool.Put] passes through the recycle
// function given to [New], which clears it and decides whether it is worth
// keeping, before any later [Pool.Get] can return it.
//
// A Pool is made by [New]; its zero value is not usable (there is no recycle
// function to run). A Pool is safe for use by multiple goroutines
// simultaneously and must not be copied after first use.
//
// The store behind a Pool is a [sync.Pool], with its behaviour towards the
// garbage collector: kept objects survive one collection in the victim cache
// and are dropped at the second, so an idle Pool gives its memory back over
// two GC cycles. (In front of it, each stripe of the pool's counters caches
// one object for the goroutines that use the stripe; these caches are
// emptied after every collection, so they keep nothing longer.) What a Pool
// keeps alive in the meantime is only what recycle left in the objects; a
// recycle that clears every reference and refuses oversized objects is what
// makes the pool leak-free.
//
// Objects of a pointer-shaped type T (pointers, maps, channels, functions)
// are stored as they are. Other types, such as slices and structs, are stored
// in a small box that is itself recycled, so that Get and Put allocate
// nothing in steady state, unlike a sync.Pool of []byte.
//
// The caller's duty is to stop using an object once it has been Put, and to
// Put every object it no longer needs (an object that is never Put is not
// leaked, it is collected as garbage, but the pool has to make a new one).
// Debug mode ([Pool.SetDebug], or SAFEPRIM_DEBUG=1 in the environment when the
// pool is created) checks both duties.
type Pool[T any] struct {
	alloc   func() T
	recycle func(T) (T, bool)
	store   sync.Pool // T when direct, else *box[T]
	boxes   sync.Pool // spare *box[T], when a stripe has none
	direct  bool
	debug   bool
	dbg     *debugState
	c       counters
}

// box holds a non-pointer value in a sync.Pool without the allocation that
// converting the value itself to an interface would cost.
type box[T any] struct{ v T }

// New returns a pool. alloc makes an object when the pool is empty. recycle is called
// by Put: it returns the object cleared for reuse, and whether to keep it at all
// (false drops it, e.g. a buffer grown past a cap). Both are required: nil panics.
//
// The recycle hook has the shape proposed for a future sync/v2 pool
// (go.dev/issue/71076): one function that both resets and decides keep or
// drop, which also lets value types such as slices be reset.
func New[T any](alloc func() T, recycle func(T) (T, bool)) *Pool[T] {
	if alloc == nil {
		panic("safepool: New: nil alloc function; pass a func that makes a new " + typeName[T]())
	}
	if recycle == nil {
		panic("safepool: New: nil recycle function; pass a func that clears a " + typeName[T]() + " and reports whether to keep it")
	}
	p := &Pool[T]{
		alloc:   alloc,
		recycle: recycle,
		direct:  pointerShaped(reflect.TypeFor[T]()),
		c:       newCounters(),
	}
	if envDebug() {
		p.enableDebug()
	}
	return p
}

// Get returns an object from the pool, or a new one made by alloc if the pool
// has none. An object from the pool has been through recycle since it was
// last in use. Get never blocks.
//
// In debug mode Get panics if the object was written to after it was Put.
func (p *Pool[T]) Get() T {
	st := p.c.local()
	st.gets.Add(1)
	var x T
	if w := st.cache.take(); w != nil {
		if p.direct {
			x = fromWord[T](w)
		} else {
			x = p.unbox(st, (*box[T])(w))
		}
	} else if v := p.store.Get(); v != nil {
		if p.direct {
			x = v.(T)
		} else {
			x = p.unbox(st, v.(*box[T]))
		}
	} else {
		return p.make()
	}
	if p.debug {
		p.dbg.got(x)
	}
	return x
}

// unbox returns the value in b and keeps b for a later Put.
func (p *Pool[T]) unbox(st *stripe, b *box[T]) T {
	x := b.v
	var zero T
	b.v = zero
	if !st.spare.park(unsafe.Pointer(b)) {
		p.boxes.Put(b)
	}
	return x
}

// make returns a new object from alloc.
func (p *Pool[T]) make() T {
	p.c.local().news.Add(1)
	x := p.alloc()
	if p.debug {
		p.dbg.made(x)
	}
	return x
}

// Put passes x through recycle and keeps the result for a later Get, unless
// recycle reports that it should be dropped. The caller must not use x after
// Put.
//
// Put panics if T is a pointer-shaped type and x is nil. In debug mode it
// panics if x is already in the pool, naming where both Puts happened.
func (p *Pool[T]) Put(x T) {
	st := p.c.local()
	st.puts.Add(1)
	if p.direct && isNil(x) {
		panicNil[T]("Put: nil ", "; put only objects obtained from Get")
	}
	if p.debug {
		p.putDebug(st, x)
		return
	}
	y, keep := p.recycle(x)
	if !keep {
		st.drops.Add(1)
		return
	}
	if p.direct && !isNil(y) { // the common case, without a call to keep
		if !st.cache.park(word(y)) {
			p.store.Put(y)
		}
		return
	}
	p.keep(st, y)
}

// putDebug is Put in debug mode.
func (p *Pool[T]) putDebug(st *stripe, x T) {
	site := p.dbg.putting(x)
	y, keep := p.recycle(x)
	if !keep {
		st.drops.Add(1)
		return
	}
	p.dbg.kept(y, site)
	p.keep(st, y)
}

// keep stores y, an object recycle returned for keeping, in the stripe's
// cache if it is empty, else in the sync.Pool.
func (p *Pool[T]) keep(st *stripe, y T) {
	if p.direct {
		if isNil(y) {
			panicNil[T]("Put: recycle returned nil ", " with keep true; return false to drop an object")
		}
		if !st.cache.park(word(y)) {
			p.store.Put(y)
		}
		return
	}
	b := (*box[T])(st.spare.take())
	if b == nil {
		b, _ = p.boxes.Get().(*box[T])
		if b == nil {
			b = new(box[T])
		}
	}
	b.v = y
	if !st.cache.park(unsafe.Pointer(b)) {
		p.store.Put(b)
	}
}

// panicNil panics with a message about a nil T.
func panicNil[T any](before, after string) {
	panic("safepool: " + before + typeName[T]() + after)
}

// Stats returns the pool's counters. See [Stats] for how they relate.
func (p *Pool[T]) Stats() Stats {
	return p.c.stats()
}

// SetDebug turns the pool's debug checks on or off: a second Put of an object
// that is already in the pool panics, naming both call sites; a write to an
// object after it was Put panics at the Get that returns it (for pointers,
// slices and [bytes.Buffer]); and objects that Get handed out and the garbage
// collector then found unreferenced, never Put back, are counted by
// [Pool.Leaked] (except slices, which append may have moved to a larger
// array). Objects are identified by address, so value types other than
// slices are not checked.
//
// Debug mode costs a lock and some bookkeeping per call; when off, it costs
// one predictable branch. It is also turned on for every pool created while
// the environment variable SAFEPRIM_DEBUG is 1.
//
// SetDebug must be called before the pool is first used; it panics otherwise.
func (p *Pool[T]) SetDebug(on bool) {
	if s := p.Stats(); s.Gets+s.Puts != 0 {
		panic("safepool: SetDebug: called after the pool was used; call it right after New")
	}
	if on {
		p.enableDebug()
	} else {
		p.debug, p.dbg = false, nil
	}
}

func (p *Pool[T]) enableDebug() {
	p.debug, p.dbg = true, newDebugState(reflect.TypeFor[T]())
}

// Leaked returns how many objects handed out by Get were collected by the
// garbage collector without having been Put back, counted while debug mode is
// on (0 when it is off). An object is counted after the collection that finds
// it unreachable, so call [runtime.GC] first for an up-to-date figure.
func (p *Pool[T]) Leaked() uint64 {
	if p.dbg == nil {
		return 0
	}
	return p.dbg.leaked.Load()
}

// typeName returns the name of T for messages.
func typeName[T any]() string {
	return reflect.TypeFor[T]().String()
}

// pointerShaped reports whether values of t are one pointer word, stored in
// an interface without allocating. (Interface types are boxed too: Get would
// otherwise pay for a dynamic type assertion.)
func pointerShaped(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.UnsafePointer, reflect.Map, reflect.Chan, reflect.Func:
		return true
	}
	return false
}

// isNil reports whether x, of a pointer-shaped type, is nil: whether its
// one word is zero.
func isNil[T any](x T) bool {
	return *(*unsafe.Pointer)(unsafe.Pointer(&x)) == nil
}

// envDebug reports whether SAFEPRIM_DEBUG asks for debug mode.
func envDebug() bool {
	return os.Getenv("SAFEPRIM_DEBUG") == "1"
}
