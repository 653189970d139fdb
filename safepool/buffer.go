package safepool

import (
	"bytes"
	"sync"
)

// A BufferPool is a pool of [bytes.Buffer] that sizes itself. It learns from
// its Puts how many bytes its buffers are used for: new buffers start with
// the capacity that serves the recent uses with the fewest bytes and
// allocations, which lets most of them run without growing, and a buffer
// whose capacity is far above what most uses needed is dropped instead of
// kept (see [BufferPool.Put]). A single 16 MiB buffer Put into a pool that
// serves 1 KiB buffers does not stay.
//
// The zero value is ready to use; [NewBufferPool] makes one with options. A
// BufferPool is safe for use by multiple goroutines simultaneously and must
// not be copied after first use.
//
// Like [Pool], a BufferPool keeps its buffers in one [sync.Pool] and nowhere
// else, so it drops them over two garbage collections when they are not
// used. A kept buffer is always Reset, so it holds no data; what it keeps
// alive is its capacity, which the calibration bounds.
//
// Get and Put cost a sync.Pool Get and Put, a Reset and two atomic loads
// (BenchmarkBufferPoolGetPut); for a while after a Get that found the pool
// empty and after each garbage collection, Puts also record their size.
type BufferPool struct {
	store sync.Pool // *bytes.Buffer
	size  sizer
	c     core[*bytes.Buffer]
}

// NewBufferPool returns a BufferPool configured by opts. A zero BufferPool is
// ready to use too; NewBufferPool is only needed for options.
func NewBufferPool(opts ...Option) *BufferPool {
	p := new(BufferPool)
	p.start(configure(opts))
	return p
}

func (p *BufferPool) start(cfg config) {
	p.size.init(1)
	p.c.start(cfg, "BufferPool", 0)
}

// Get returns an empty buffer from the pool, or a new one with the
// calibrated capacity if the pool has none. It never blocks.
//
// In debug mode Get panics if the buffer was written to after it was Put.
func (p *BufferPool) Get() *bytes.Buffer {
	v := p.store.Get()
	if b, ok := v.(*bytes.Buffer); ok {
		switch p.c.mode.Load() {
		case plain:
			return b
		case plain | exact:
			p.c.countGet(&b)
			return b
		}
	}
	return p.c.getSlow(v, 0, p)
}

// Put resets b and keeps it for a later Get, unless its capacity is far
// above what most buffers Put into this pool were used for, in which case it
// drops b for the garbage collector. The use Put records for b is the bytes
// written to it since its last Reset, read or not; or, if b was emptied
// (Reset, or drained by WriteTo, io.Copy or Read), its capacity. The caller
// must not use b after Put.
//
// Put panics if b is nil. In debug mode it panics if b is already in the
// pool, naming where both Puts happened.
func (p *BufferPool) Put(b *bytes.Buffer) {
	if b == nil {
		panic("safepool: BufferPool.Put: nil *bytes.Buffer; put only buffers obtained from Get")
	}
	if m, big := p.c.mode.Load(), int64(b.Cap()) > p.size.limit.Load(); m != plain || big {
		if m != plain|exact || big {
			p.c.putSlow(b, p)
			return
		}
		p.c.countPut(&b)
	}
	b.Reset()
	p.store.Put(b)
}

// Stats returns the pool's counters. Drops counts buffers dropped for their
// size.
func (p *BufferPool) Stats() Stats {
	return p.c.counts.stats()
}

// SetDebug turns the pool's debug checks on or off, as [Pool.SetDebug]
// does. It must be called before the pool is first used; it panics
// otherwise.
func (p *BufferPool) SetDebug(on bool) {
	p.c.setDebug(on, p, "BufferPool.")
}

// Leaked returns how many buffers handed out by Get were collected without
// having been Put back, as [Pool.Leaked] does.
func (p *BufferPool) Leaked() uint64 {
	return p.c.leaked()
}

// Sizes returns the capacity new buffers are made with and the largest
// capacity Put keeps, as calibrated from the Puts so far. Before the first
// calibration new buffers start empty and buffers over 64 KiB are dropped.
func (p *BufferPool) Sizes() (newCap, maxCap int) {
	if p.c.mode.Load()&plain == 0 {
		return 0, bootstrapKeep
	}
	return p.size.sizes()
}

// The methods below make BufferPool the owner of its core.

func (p *BufferPool) setup(string) {
	p.c.mu.Lock()
	defer p.c.mu.Unlock()
	if p.c.mode.Load()&plain == 0 {
		p.start(config{})
	}
}

func (p *BufferPool) fresh(int) *bytes.Buffer {
	p.size.open()
	n, _ := p.size.sizes()
	if n == 0 {
		return new(bytes.Buffer)
	}
	return bytes.NewBuffer(make([]byte, 0, n))
}

func (p *BufferPool) decode(v any, _ int) *bytes.Buffer { return v.(*bytes.Buffer) }

func (p *BufferPool) reset(b *bytes.Buffer) (*bytes.Buffer, bool) {
	if b == nil {
		panic("safepool: BufferPool.Put: nil *bytes.Buffer; put only buffers obtained from Get")
	}
	// Cap-Available is the length of the buffer's slice: every byte written
	// since the last Reset, read or not. 0 means b was emptied.
	used := b.Cap() - b.Available()
	if used == 0 {
		used = b.Cap()
	}
	if !p.size.observe(used, b.Cap()) {
		return nil, false
	}
	b.Reset()
	return b, true
}

func (p *BufferPool) where(*bytes.Buffer) *sync.Pool { return &p.store }

func (p *BufferPool) encode(b *bytes.Buffer) any { return b }
