package safeslice

import "fmt"

// Defaults of a [Policy] whose fields are zero.
const (
	// DefaultFloor is the capacity, in elements, below which a Buffer never
	// shrinks by default.
	DefaultFloor = 64
	// DefaultFactor is how many times its recent high-water length a Buffer's
	// capacity may exceed by default before the Buffer shrinks.
	DefaultFactor = 4
	// DefaultWindow is how many consecutive cycles a Buffer's capacity must
	// stay that far above its use, by default, before the Buffer shrinks.
	DefaultWindow = 16
)

// Policy says when a [Buffer] gives memory back: a Buffer with capacity
// above Floor elements whose last Window consecutive cycles each used less
// than 1/Factor of that capacity reallocates to twice the largest use of
// those cycles (at least Floor). A cycle ends at each call to
// [Buffer.Truncate] or [Buffer.Reset]; the length the Buffer had just before
// that call, or the room a [Buffer.Grow] asked for during the cycle if
// larger, is what the cycle used. A zero field means its default, so the zero
// Policy is the default policy.
//
// The knobs trade memory held against reallocations. A Buffer whose large
// uses recur at most every Window cycles keeps its capacity and allocates
// nothing; one whose large uses are further apart gives the capacity back
// after each and grows it again, paying the growth allocations of append once
// per large use. A smaller Window or Factor holds less memory between large
// uses; a larger one reallocates less often. BenchmarkBufferPolicy measures
// both sides.
//
// A Policy is a plain value: copy it, compare it, set it with
// [Buffer.SetPolicy].
type Policy struct {
	// Floor is the capacity, in elements, that the Buffer never shrinks
	// below. Zero means DefaultFloor.
	Floor int
	// Factor is how many times the high-water length of the recent cycles
	// the capacity may exceed before the Buffer shrinks. Zero means
	// DefaultFactor; other values must be at least 2, so that the shrunk
	// capacity (twice the high-water length) is not itself too large.
	Factor int
	// Window is how many consecutive cycles the capacity must have exceeded
	// Factor times what each used before the Buffer shrinks. Zero means
	// DefaultWindow.
	Window int
}

// resolved returns p with zero fields replaced by the defaults.
func (p Policy) resolved() Policy {
	if p.Floor == 0 {
		p.Floor = DefaultFloor
	}
	if p.Factor == 0 {
		p.Factor = DefaultFactor
	}
	if p.Window == 0 {
		p.Window = DefaultWindow
	}
	return p
}

// check panics if p has a field no Buffer can follow.
func (p Policy) check() {
	switch {
	case p.Floor < 0:
		panic(fmt.Sprintf("safeslice: SetPolicy: negative Floor %d; pass 0 for the default or a positive capacity", p.Floor))
	case p.Factor < 0 || p.Factor == 1:
		panic(fmt.Sprintf("safeslice: SetPolicy: Factor %d; pass 0 for the default or a factor of at least 2", p.Factor))
	case p.Window < 0:
		panic(fmt.Sprintf("safeslice: SetPolicy: negative Window %d; pass 0 for the default or a positive number of cycles", p.Window))
	}
}

// SetPolicy sets the policy by which b gives memory back, and starts a new
// observation window. Zero fields of p mean the defaults. It panics if a
// field of p is negative or Factor is 1.
func (b *Buffer[E]) SetPolicy(p Policy) {
	p.check()
	b.policy = p
	b.idle, b.high, b.need = 0, 0, 0
}

// Policy returns the policy b follows, with the defaults filled in.
func (b *Buffer[E]) Policy() Policy {
	return b.policy.resolved()
}

// endCycle records that a cycle which used length used has ended, and
// shrinks b if its capacity has stayed far above what the recent cycles
// used for a whole window.
func (b *Buffer[E]) endCycle(used int) {
	used = max(used, b.need)
	b.need = 0
	p := b.policy.resolved()
	c := cap(b.s)
	if c <= p.Floor || used >= c/p.Factor {
		// Small, or the capacity was needed: start over.
		b.idle, b.high = 0, 0
		return
	}
	b.idle++
	b.high = max(b.high, used)
	if b.idle < p.Window {
		return
	}
	target := max(p.Floor, 2*b.high, len(b.s))
	b.idle, b.high = 0, 0
	if target < c {
		b.realloc(target)
	}
}

// realloc moves the elements of b to a new backing array of capacity c,
// so that the old one can be collected.
func (b *Buffer[E]) realloc(c int) {
	s := make([]E, len(b.s), c)
	copy(s, b.s)
	b.s = s
}
