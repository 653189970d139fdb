package safemap

import "fmt"

// An Option configures a [Map] made by [New]. The zero Option changes
// nothing.
type Option struct {
	apply func(*config)
}

// maxPresize is the largest size WithPresize accepts. xsync sizes a table
// for n entries as n/5/0.75 buckets (five entries each, filled to three
// quarters), converted to a uint32 and rounded up to a power of two, so a
// larger n wraps around to a table of arbitrary size, or of no buckets at
// all. It is the limit of that arithmetic (2^31 buckets of 64 bytes), not a
// size a machine is expected to hold.
const maxPresize = 1 << 31 * 5 * 3 / 4

// config is what the options set. Its zero value is the configuration of a
// zero [Map].
type config struct {
	presize int
	shrink  ShrinkPolicy
}

// ShrinkPolicy says whether a [Map] gives memory back after deletes.
type ShrinkPolicy uint8

const (
	// ShrinkOnDelete lets the table shrink after mass deletes: once the map
	// holds less than 1/128 of its capacity, the next delete that empties a
	// bucket halves the table, down to the size set by [WithPresize]. It is
	// the default, and what a zero [Map] does.
	ShrinkOnDelete ShrinkPolicy = iota
	// GrowOnly keeps the table at the largest size it reached: deletes never
	// shrink it, so a map whose size swings back and forth does not pay for
	// regrowing, at the cost of the memory the built-in map also keeps.
	// [Map.Clear] still returns it to its initial size.
	GrowOnly
)

// String returns the constant's name.
func (p ShrinkPolicy) String() string {
	switch p {
	case ShrinkOnDelete:
		return "ShrinkOnDelete"
	case GrowOnly:
		return "GrowOnly"
	}
	return fmt.Sprintf("ShrinkPolicy(%d)", uint8(p))
}

// WithPresize sizes the map's table for n entries, so that the first n
// stores do not resize it. The table never shrinks below this size.
// WithPresize(0) keeps the default (a table for a few dozen entries).
//
// WithPresize panics if n is negative, or larger than the largest table
// xsync can size (2^31 buckets of five entries).
func WithPresize(n int) Option {
	if n < 0 {
		panic(fmt.Sprintf("safemap: WithPresize: negative size %d; pass 0 for the default or the number of entries expected", n))
	}
	if uint64(n) > maxPresize {
		panic(fmt.Sprintf("safemap: WithPresize: size %d is larger than a table can be sized for (%d entries); pass the number of entries expected and let the table grow", n, uint64(maxPresize)))
	}
	return Option{apply: func(c *config) { c.presize = n }}
}

// WithShrinkPolicy sets whether the map shrinks after deletes. The default
// is [ShrinkOnDelete].
//
// WithShrinkPolicy panics if p is not one of the ShrinkPolicy constants.
func WithShrinkPolicy(p ShrinkPolicy) Option {
	if p != ShrinkOnDelete && p != GrowOnly {
		panic(fmt.Sprintf("safemap: WithShrinkPolicy: unknown policy %d; use ShrinkOnDelete or GrowOnly", uint8(p)))
	}
	return Option{apply: func(c *config) { c.shrink = p }}
}

// New returns an empty map configured by opts. A zero Map is ready to use
// too; New is only needed for options. Later options override earlier ones.
func New[K comparable, V any](opts ...Option) *Map[K, V] {
	m := new(Map[K, V])
	for _, o := range opts {
		if o.apply != nil {
			o.apply(&m.cfg)
		}
	}
	m.inner.Store(newInner[K, V](m.cfg))
	return m
}
