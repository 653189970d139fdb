package safepool

import (
	"runtime"
	"sync/atomic"
	"unsafe"
	"weak"
)

// Each stripe of a pool holds one object in front of the sync.Pool: a Put
// that finds the slot empty parks its object there, and a Get from the same
// goroutine takes it back, with one atomic operation each instead of the
// processor pinning of sync.Pool.Get and Put, which was most of what a Pool
// cost over a sync.Pool used by hand (BenchmarkBufferGetPut). To keep the
// garbage collector in charge as sync.Pool does, the slots are
// emptied after every collection, so an object parked in a slot is
// collected about two cycles after its Put, as one in a sync.Pool's victim
// cache is.

// slot is a stripe's one-object cache. It holds the object's pointer word:
// the value itself for a pointer-shaped type, else its box.
type slot struct {
	p atomic.Pointer[byte]
}

// park stores w in the slot if it is empty, and reports whether it did.
func (s *slot) park(w unsafe.Pointer) bool {
	return s.p.CompareAndSwap(nil, (*byte)(w))
}

// take empties the slot and returns what it held, or nil.
func (s *slot) take() unsafe.Pointer {
	if s.p.Load() == nil { // a plain load first: an empty slot stays shared
		return nil
	}
	return unsafe.Pointer(s.p.Swap(nil))
}

// word returns the pointer word of x, of a pointer-shaped type.
func word[T any](x T) unsafe.Pointer {
	return *(*unsafe.Pointer)(unsafe.Pointer(&x))
}

// fromWord returns the value of a pointer-shaped type whose word is w.
func fromWord[T any](w unsafe.Pointer) T {
	var x T
	*(*unsafe.Pointer)(unsafe.Pointer(&x)) = w
	return x
}

// emptyEachGC empties the slots of stripes after every garbage collection,
// for as long as stripes is reachable. slotOf returns the slot of a stripe.
func emptyEachGC[S any](stripes []S, slotOf func(*S) *slot) {
	armEmpty(flush[S]{weak.Make(&stripes[0]), len(stripes), slotOf})
}

// flush is what the collection hook needs to empty a set of stripes. It
// holds them weakly, so that the hook does not keep a pool alive.
type flush[S any] struct {
	first  weak.Pointer[S]
	n      int
	slotOf func(*S) *slot
}

// gcSentinel is allocated once per cycle and dropped at once: its cleanup
// runs after the next collection. It holds a pointer so that it is never
// placed in a tiny block, whose cleanups may be delayed.
type gcSentinel struct{ _ *byte }

func armEmpty[S any](f flush[S]) {
	runtime.AddCleanup(new(gcSentinel), emptySlots[S], f)
}

func emptySlots[S any](f flush[S]) {
	first := f.first.Value()
	if first == nil {
		return // the pool was collected
	}
	stripes := unsafe.Slice(first, f.n)
	for i := range stripes {
		f.slotOf(&stripes[i]).p.Store(nil)
	}
	armEmpty(f)
}
