package safeslice

import (
	"fmt"
	"runtime"
	"slices"
)

// Buffer is a growable slice that shrinks when it has been far larger than
// it needed for a while.
//
// The zero Buffer is empty and ready to use, with the default [Policy];
// [Buffer.SetPolicy] changes it.
// A Buffer is not safe for concurrent use. A Buffer must not be copied after
// first use: the copy would share the backing array.
//
// A Buffer keeps alive its backing array and the elements below [Buffer.Len].
// [Buffer.Truncate] and [Buffer.Reset] zero the elements they drop, so values
// those elements point to can be collected at once. The backing array itself
// is given back by the shrink policy: when, for [Policy.Window] consecutive
// cycles (a cycle ends at each Truncate or Reset), the capacity stayed more
// than [Policy.Factor] times larger than what each cycle used, the end of the
// last of them moves the elements to an array twice the largest of those
// uses (at least [Policy.Floor]). A Buffer that alternates between large and
// small uses therefore keeps its capacity instead of reallocating every time.
// [Buffer.Shrink] gives the memory back at once. The caller has no cleanup
// duty: a Buffer that is no longer referenced is collected like a slice.
type Buffer[E any] struct {
	s      []E
	policy Policy
	idle   int // consecutive cycles that each used less than cap/Factor
	high   int // the largest use of those cycles
	need   int // the largest length Grow asked for in this cycle
}

// Append appends the values v to b, growing its backing array as the
// built-in append does.
func (b *Buffer[E]) Append(v ...E) {
	if len(v) == 1 {
		b.s = append(b.s, v[0])
		return
	}
	b.s = append(b.s, v...)
}

// Slice returns the elements of b. The slice aliases b's backing array and
// is valid until the next call that changes b; its capacity is its length, so
// appending to it copies instead of writing into b.
func (b *Buffer[E]) Slice() []E {
	return b.s[:len(b.s):len(b.s)]
}

// Len returns the number of elements in b.
func (b *Buffer[E]) Len() int { return len(b.s) }

// Cap returns the capacity of b's backing array.
func (b *Buffer[E]) Cap() int { return cap(b.s) }

// Grow grows b's capacity, if necessary, so that n more elements can be
// appended without reallocating. The room asked for counts as used by the
// shrink policy until the cycle ends. Grow panics if n is negative, or if
// b.Len()+n elements are more than a slice can hold (the length overflows
// int, or the array would be larger than the runtime allocates).
func (b *Buffer[E]) Grow(n int) {
	if n < 0 {
		panic(fmt.Sprintf("safeslice: Grow(%d) with negative n; pass n >= 0", n))
	}
	if n > cap(b.s)-len(b.s) {
		b.grow(n)
	}
	b.need = max(b.need, len(b.s)+n)
}

// grow is the part of Grow that reallocates. It turns the runtime's error
// for a length or size out of range into a message that names Grow.
func (b *Buffer[E]) grow(n int) {
	defer func() {
		if r := recover(); r != nil {
			if err, ok := r.(runtime.Error); ok {
				panic(fmt.Sprintf("safeslice: Grow(%d) with length %d: a slice cannot hold that many elements (%v); grow by what the next appends need", n, len(b.s), err))
			}
			panic(r)
		}
	}()
	b.s = slices.Grow(b.s, n)
}

// Truncate keeps the first n elements of b, zeroes the others so that what
// they point to can be collected, and ends a cycle of the shrink policy,
// which may move the kept elements to a smaller backing array. Truncate
// panics unless 0 <= n <= b.Len().
func (b *Buffer[E]) Truncate(n int) {
	used := len(b.s)
	if n < 0 || n > used {
		panicTruncate(n, used)
	}
	clear(b.s[n:])
	b.s = b.s[:n]
	b.endCycle(used)
}

// Reset empties b, as Truncate(0) does.
func (b *Buffer[E]) Reset() { b.Truncate(0) }

// Shrink moves the elements of b to a backing array that fits them, but
// holds at least [Policy.Floor] elements, if the current one is larger, so
// that it can be collected. It starts a new observation window.
func (b *Buffer[E]) Shrink() {
	b.idle, b.high, b.need = 0, 0, 0
	if target := max(len(b.s), b.policy.resolved().Floor); target < cap(b.s) {
		b.realloc(target)
	}
}

func panicTruncate(n, length int) {
	panic(fmt.Sprintf("safeslice: Truncate(%d) with length %d; want 0 <= n <= length", n, length))
}
