package safepool

import (
	"math/bits"
	"runtime"
	"sync/atomic"
	"unsafe"
)

// Stats counts what a pool did since it was created.
//
// The counters are kept in stripes so that goroutines running in parallel
// do not contend on one cache line; a Stats value is their sum, read without
// stopping Get and Put, so under concurrent use it need not correspond to any
// single instant. Once calls have quiesced it is exact. Gets-News is the
// number of Gets the pool served from its store; Puts-Drops the number of
// objects it kept.
type Stats struct {
	Gets  uint64 // calls to Get
	News  uint64 // objects made by alloc because the pool had none
	Puts  uint64 // calls to Put
	Drops uint64 // objects that recycle refused to keep
}

// cacheLine is the padding unit of a stripe: two 64-byte lines, so that the
// adjacent-line prefetcher of common CPUs does not make neighbours share.
const cacheLine = 128

// stripe is one shard of a Pool's counters, with its one-object cache and
// a spare box.
type stripe struct {
	gets, news, puts, drops atomic.Uint64
	cache, spare            slot
	_                       [cacheLine - 48]byte
}

// counters is a set of stripes, one picked per goroutine.
type counters struct {
	stripes []stripe
	mask    uint64
}

func newCounters() counters {
	n := stripeCount()
	c := counters{stripes: make([]stripe, n), mask: uint64(n - 1)}
	emptyEachGC(c.stripes, func(s *stripe) *slot { return &s.cache })
	return c
}

func (c *counters) local() *stripe {
	return &c.stripes[stripeHash()&c.mask]
}

func (c *counters) stats() Stats {
	var s Stats
	for i := range c.stripes {
		st := &c.stripes[i]
		s.Gets += st.gets.Load()
		s.News += st.news.Load()
		s.Puts += st.puts.Load()
		s.Drops += st.drops.Load()
	}
	return s
}

// maxStripes bounds the memory of a pool's counters. It is a power of two.
const maxStripes = 64

// stripeCount returns the number of stripes for a new pool: eight per
// processor rounded up to a power of two, so that goroutines running at the
// same time rarely share one.
func stripeCount() int {
	n := 8 * runtime.GOMAXPROCS(0)
	return min(maxStripes, 1<<bits.Len(uint(n-1)))
}

// stripeHash returns a hash in [0, maxStripes) that picks a stripe for the
// calling goroutine, from the address of a slot on its stack. Goroutine
// stacks are at least 2 KiB apart and a goroutine keeps its stack while it
// runs, so the hash is stable for a goroutine and differs between
// goroutines, at the cost of one multiply. (sync.Pool pins the processor
// instead, which is not available outside the runtime, and xsync's Counter
// pays two sync.Pool operations per add for a token.) A collision only costs
// contention, never correctness.
func stripeHash() uint64 {
	var slot byte
	h := uint64(uintptr(unsafe.Pointer(&slot)) >> 11)
	return (h * 0x9e3779b97f4a7c15) >> (64 - 6) // 1<<6 == maxStripes
}
