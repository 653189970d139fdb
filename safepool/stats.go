package safepool

import (
	"math/bits"
	"runtime"
	"sync/atomic"
	"unsafe"
)

// Stats counts what a pool did since it was created.
//
// News and Drops are always counted: they happen on the slow paths, where an
// object is made or refused. Gets and Puts are counted only when Exact is
// true, that is for a pool made with [WithStats](true) or in debug mode;
// otherwise they are 0. Gets-News is then the number of Gets the pool served
// from its store (see [Stats.HitRatio]) and Puts-Drops the number of objects
// it kept.
//
// A Stats value is read without stopping Get and Put, so under concurrent use
// it need not correspond to any single instant. Once calls have quiesced it
// is exact.
type Stats struct {
	Gets  uint64 // calls to Get, when Exact
	News  uint64 // objects made because the pool had none to give
	Puts  uint64 // calls to Put, when Exact
	Drops uint64 // objects Put refused to keep
	Exact bool   // whether Gets and Puts are counted
}

// HitRatio returns the fraction of Gets served from the pool rather than by
// making a new object, (Gets-News)/Gets. It returns false when Gets are not
// counted (Exact is false) or there were none.
func (s Stats) HitRatio() (ratio float64, ok bool) {
	if !s.Exact || s.Gets == 0 {
		return 0, false
	}
	hits := s.Gets - min(s.News, s.Gets) // News may run ahead of Gets mid-call
	return float64(hits) / float64(s.Gets), true
}

// counters are a pool's Stats. News and Drops are plain atomics; the exact
// Gets and Puts, when on, are striped so that goroutines running in parallel
// rarely add to the same cache line.
type counters struct {
	news, drops atomic.Uint64
	exact       atomic.Pointer[[]stripe] // nil unless Gets and Puts are counted
}

// cacheLine is the padding unit of a stripe: two 64-byte lines, so that the
// adjacent-line prefetcher of common CPUs does not make neighbours share.
const cacheLine = 128

type stripe struct {
	gets, puts atomic.Uint64
	_          [cacheLine - 16]byte
}

// countExactly turns on the exact Gets and Puts.
func (c *counters) countExactly() {
	if c.exact.Load() != nil {
		return
	}
	n := 1 << bits.Len(uint(4*runtime.GOMAXPROCS(0)-1)) // 4 per processor, a power of two
	s := make([]stripe, min(n, 64))
	c.exact.CompareAndSwap(nil, &s)
}

// stripe returns the stripe for an object whose first word is key. An object
// tends to stay on one processor, since a sync.Pool gives each processor its
// own objects first, so hashing its address spreads processors over stripes
// without knowing which one runs (sync.Pool pins the processor, which is not
// available outside the runtime). A collision costs contention, never
// correctness.
func (c *counters) stripe(s []stripe, key unsafe.Pointer) *stripe {
	h := uint64(uintptr(key)) * 0x9e3779b97f4a7c15
	return &s[h>>(64-6)&uint64(len(s)-1)] // len(s) <= 1<<6
}

func (c *counters) countGet(key unsafe.Pointer) {
	if s := c.exact.Load(); s != nil {
		c.stripe(*s, key).gets.Add(1)
	}
}

func (c *counters) countPut(key unsafe.Pointer) {
	if s := c.exact.Load(); s != nil {
		c.stripe(*s, key).puts.Add(1)
	}
}

func (c *counters) stats() Stats {
	s := Stats{News: c.news.Load(), Drops: c.drops.Load()}
	if st := c.exact.Load(); st != nil {
		s.Exact = true
		for i := range *st {
			s.Gets += (*st)[i].gets.Load()
			s.Puts += (*st)[i].puts.Load()
		}
	}
	return s
}
