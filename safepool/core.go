package safepool

import (
	"fmt"
	"os"
	"reflect"
	"sync"
	"sync/atomic"
	"unsafe"
)

// core is the engine of every pool: the mode its Get and Put run in, the
// counters, the debug state and the name. Pool, BufferPool and SlicePool each
// keep their objects in sync.Pools of their own, nothing else, and run a
// fast path of a few lines: one atomic load of mode, then take from or give
// to the sync.Pool (and count, with WithStats). Everything else is the slow
// path here, written once: setting up a zero pool, making objects, dropping
// them, debug mode. It calls back into its owner for what differs between
// the pool types: making, resetting, sizing, boxing and placing objects.
type core[T any] struct {
	mode      atomic.Uint32
	mu        sync.Mutex // held while the pool is set up and by SetDebug
	counts    counters
	dbg       atomic.Pointer[debugState]
	keyed     bool // the first word of a T is a pointer: key for striped counters
	withStats bool // made with WithStats(true)
}

// Bits of core.mode. A pool whose mode is exactly plain takes its fast paths.
const (
	plain    uint32 = 1 << iota // set up: ready for Get and Put
	exact                       // Gets and Puts are counted
	debugged                    // debug checks are on
	boxed                       // T is stored in a box (see Pool)
)

// An owner is the pool type that a core serves. Its methods are called on
// the slow paths only.
type owner[T any] interface {
	// setup prepares a zero pool at its first use by the method op, or
	// panics for a type whose zero value is not usable.
	setup(op string)
	// fresh makes a new object, for a Get that found the pool empty. class
	// is the argument given to getSlow.
	fresh(class int) T
	// decode returns the object behind v, a value from the owner's
	// sync.Pool that is neither nil nor a debug entry.
	decode(v any, class int) T
	// reset clears x for reuse and reports whether to keep it.
	reset(x T) (T, bool)
	// where returns the sync.Pool that keeps y, and encode the value that
	// stands for y in it.
	where(y T) *sync.Pool
	encode(y T) any
}

// start sets the core up with cfg, for a pool whose type, as [Named] lists
// it, is typ. It is called once, before the pool is shared or with c.mu held.
func (c *core[T]) start(cfg config, typ string, extra uint32) {
	t := reflect.TypeFor[T]()
	c.keyed = pointerShaped(t) || t.Kind() == reflect.Slice
	m := plain | extra
	if cfg.stats {
		c.withStats = true
		c.counts.countExactly()
		m |= exact
	}
	if envDebug() {
		m |= c.enableDebug()
	}
	if cfg.name != "" {
		register(cfg.name, typ, &c.counts)
	}
	c.mode.Store(m)
}

// enableDebug turns debug mode on and returns the mode bits it needs.
func (c *core[T]) enableDebug() uint32 {
	c.counts.countExactly()
	c.dbg.Store(newDebugState(reflect.TypeFor[T]()))
	return debugged | exact
}

// key returns what picks x's stripe of the exact counters.
func (c *core[T]) key(x *T) unsafe.Pointer {
	if !c.keyed {
		return nil
	}
	return *(*unsafe.Pointer)(unsafe.Pointer(x))
}

// countGet and countPut count a Get or Put of *x, when Gets and Puts are
// counted. The fast path of each pool type calls them when its mode is
// plain|exact. (A helper holding that test is too large for the inliner
// once it has inlined these, and would cost the fast paths a call.)
func (c *core[T]) countGet(x *T) { c.counts.countGet(c.key(x)) }
func (c *core[T]) countPut(x *T) { c.counts.countPut(c.key(x)) }

// getSlow is Get when the fast path did not return: v, what the sync.Pool
// gave, is nil (the pool is empty, or not set up), a box, a debug entry, or
// an object while debug mode is on.
func (c *core[T]) getSlow(v any, class int, o owner[T]) T {
	m := c.mode.Load()
	if m&plain == 0 {
		o.setup("Get")
		m = c.mode.Load()
	}
	var x T
	switch e := v.(type) {
	case nil:
		c.counts.news.Add(1)
		x = o.fresh(class)
		if m&debugged != 0 {
			c.dbg.Load().made(x)
		}
	case *entry:
		x = c.dbg.Load().got(e).(T)
	default:
		x = o.decode(v, class)
		if d := c.dbg.Load(); d != nil {
			d.gotUnsealed(x)
		}
	}
	if m&exact != 0 {
		c.countGet(&x)
	}
	return x
}

// putSlow is Put when the fast path did not finish: the pool is not set up
// or in debug mode, T is boxed, or x needs more than the fast path does (a
// sample for calibration, a drop).
func (c *core[T]) putSlow(x T, o owner[T]) {
	m := c.mode.Load()
	if m&plain == 0 {
		o.setup("Put")
		m = c.mode.Load()
	}
	if m&exact != 0 {
		c.countPut(&x)
	}
	var site string
	d := c.dbg.Load()
	if d != nil {
		site = d.putting(x)
	}
	y, keep := o.reset(x)
	if !keep {
		c.counts.drops.Add(1)
		return
	}
	if d != nil {
		o.where(y).Put(d.kept(y, site))
		return
	}
	o.where(y).Put(o.encode(y))
}

// setDebug is SetDebug for the pool o, whose name in messages is typ.
func (c *core[T]) setDebug(on bool, o owner[T], typ string) {
	if c.mode.Load()&plain == 0 {
		o.setup("SetDebug")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if s := c.counts.stats(); s.Gets+s.News+s.Puts+s.Drops != 0 {
		panic(fmt.Sprintf("safepool: %sSetDebug: called after the pool was used; call it before the first Get or Put", typ))
	}
	m := c.mode.Load()
	if on {
		m |= c.enableDebug()
	} else if m&debugged != 0 {
		c.dbg.Store(nil)
		m &^= debugged
		if !c.withStats {
			c.counts.exact.Store(nil) // all 0: the pool is unused
			m &^= exact
		}
	}
	c.mode.Store(m)
}

// leaked is Leaked.
func (c *core[T]) leaked() uint64 {
	if d := c.dbg.Load(); d != nil {
		return d.leaked.Load()
	}
	return 0
}

// typeName returns the name of T for messages.
func typeName[T any]() string {
	return reflect.TypeFor[T]().String()
}

// pointerShaped reports whether values of t are one pointer word, stored in
// an interface without allocating. (Interface types are boxed too: a Get
// that asserted an interface type could be handed a box.)
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
