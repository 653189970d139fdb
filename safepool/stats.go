package safepool

import (
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

// stripe is one shard of a Pool's counters.
type stripe struct {
	gets, news, puts, drops atomic.Uint64
	_                       [cacheLine - 32]byte
}

// counters is a set of stripes, one picked per goroutine.
type counters struct {
	stripes []stripe
	shift   uint
}

func newCounters() counters {
	n, shift := stripeCount()
	return counters{stripes: make([]stripe, n), shift: shift}
}

func (c *counters) local() *stripe {
	return &c.stripes[stripeIndex(c.shift)]
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

// maxStripes bounds the memory of a pool's counters.
const maxStripes = 64

// stripeCount returns the number of stripes for a new pool, eight per
// processor rounded up to a power of two so that goroutines rarely share one,
// and the shift that maps a 64-bit hash onto them.
func stripeCount() (n int, shift uint) {
	n, shift = 1, 64
	for n < 8*runtime.GOMAXPROCS(0) && n < maxStripes {
		n *= 2
		shift--
	}
	return n, shift
}

// stripeIndex picks a stripe for the calling goroutine from the address of a
// slot on its stack. Goroutine stacks are at least 2 KiB apart and a
// goroutine keeps its stack while it runs, so the hint is stable for a
// goroutine and differs between goroutines, at the cost of one multiply.
// (sync.Pool pins the processor instead; that is not available outside the
// runtime, and xsync's counter pays two sync.Pool operations per add for it.)
// A collision only costs contention, never correctness.
func stripeIndex(shift uint) uint64 {
	var slot byte
	h := uint64(uintptr(unsafe.Pointer(&slot)) >> 11)
	return (h * 0x9e3779b97f4a7c15) >> shift
}
