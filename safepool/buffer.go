package safepool

import (
	"bytes"
	"reflect"
	"sync"
	"sync/atomic"
	"unsafe"
)

// A BufferPool is a pool of [bytes.Buffer] that sizes itself. It learns
// from every [BufferPool.Put] how many bytes its buffers are used for: new
// buffers start with the capacity that serves the recent uses with the
// fewest bytes and allocations, which lets most of them run without growing
// the buffer, and a buffer whose capacity is far above what most uses needed
// is dropped instead of kept (see [BufferPool.Put]). A single 16 MiB buffer
// Put into a pool that serves 1 KiB buffers does not stay.
//
// The zero value is ready to use. A BufferPool is safe for use by multiple
// goroutines simultaneously and must not be copied after first use.
//
// Like [Pool], a BufferPool keeps its buffers in a [sync.Pool], which drops
// them over two garbage collections when they are not used. A kept buffer is
// always Reset, so it holds no data; what it keeps alive is its capacity,
// which the calibration bounds.
type BufferPool struct {
	core atomic.Pointer[bufferCore]
	mu   sync.Mutex // guards creation of core
}

type bufferCore struct {
	store sync.Pool // *bytes.Buffer
	size  sizer
	debug bool
	dbg   *debugState
}

func (p *BufferPool) load() *bufferCore {
	if c := p.core.Load(); c != nil {
		return c
	}
	return p.create()
}

func (p *BufferPool) create() *bufferCore {
	p.mu.Lock()
	defer p.mu.Unlock()
	if c := p.core.Load(); c != nil {
		return c
	}
	c := new(bufferCore)
	c.size.init()
	if envDebug() {
		c.debug, c.dbg = true, newDebugState(reflect.TypeFor[*bytes.Buffer]())
	}
	p.core.Store(c)
	return c
}

// Get returns an empty buffer from the pool, or a new one with the
// calibrated capacity if the pool has none. It never blocks.
//
// In debug mode Get panics if the buffer was written to after it was Put.
func (p *BufferPool) Get() *bytes.Buffer {
	c := p.load()
	st := c.size.local()
	st.gets.Add(1)
	var b *bytes.Buffer
	if w := st.cache.take(); w != nil {
		b = (*bytes.Buffer)(w)
	} else if v := c.store.Get(); v != nil {
		b = v.(*bytes.Buffer)
	} else {
		return c.make()
	}
	if c.debug {
		c.dbg.got(b)
	}
	return b
}

// make returns a new buffer with the calibrated capacity.
func (c *bufferCore) make() *bytes.Buffer {
	c.size.local().news.Add(1)
	n, _ := c.size.sizes()
	b := bytes.NewBuffer(make([]byte, 0, n))
	if c.debug {
		c.dbg.made(b)
	}
	return b
}

// Put resets b and keeps it for a later Get, unless its capacity is far
// above what most buffers Put into this pool were used for, in which case it
// drops b for the garbage collector. It records the bytes written to b since
// its last Reset as what this use needed, so Put a buffer before resetting
// it. The caller must not use b after Put.
//
// Put panics if b is nil. In debug mode it panics if b is already in the
// pool, naming where both Puts happened.
func (p *BufferPool) Put(b *bytes.Buffer) {
	if b == nil {
		panic("safepool: BufferPool.Put: nil *bytes.Buffer; put only buffers obtained from Get")
	}
	c := p.load()
	var site string // of this Put, in debug mode
	if c.debug {
		site = c.dbg.putting(b)
	}
	st := c.size.local()
	// Cap-Available is the length of the buffer's slice: every byte written
	// since the last Reset, read or not.
	if c.size.record(st, b.Cap()-b.Available()) {
		c.size.calibrate()
	}
	if !c.size.fits(b.Cap()) {
		st.drops.Add(1)
		return
	}
	b.Reset()
	if c.debug {
		c.dbg.kept(b, site)
	}
	if !st.cache.park(unsafe.Pointer(b)) {
		c.store.Put(b)
	}
}

// Stats returns the pool's counters. Drops counts buffers dropped for their
// size.
func (p *BufferPool) Stats() Stats {
	return p.load().size.stats()
}

// SetDebug turns the pool's debug checks on or off, as [Pool.SetDebug]
// does. It must be called before the pool is first used; it panics
// otherwise.
func (p *BufferPool) SetDebug(on bool) {
	c := p.load()
	if s := c.size.stats(); s.Gets+s.Puts != 0 {
		panic("safepool: BufferPool.SetDebug: called after the pool was used; call it before the first Get or Put")
	}
	c.debug, c.dbg = on, nil
	if on {
		c.dbg = newDebugState(reflect.TypeFor[*bytes.Buffer]())
	}
}

// Leaked returns how many buffers handed out by Get were collected without
// having been Put back, as [Pool.Leaked] does.
func (p *BufferPool) Leaked() uint64 {
	c := p.load()
	if c.dbg == nil {
		return 0
	}
	return c.dbg.leaked.Load()
}

// Sizes returns the capacity new buffers are made with and the largest
// capacity Put keeps, as calibrated from the Puts so far. Before the first
// calibration new buffers start empty and buffers over 64 KiB are dropped.
func (p *BufferPool) Sizes() (newCap, maxCap int) {
	return p.load().size.sizes()
}
