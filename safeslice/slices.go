package safeslice

import "slices"

// Truncate returns s[:n] after zeroing s[n:len(s)], so dropped elements can
// be collected. It keeps the backing array; [Shrink] the result to give that
// back too. Truncate does not zero elements between len(s) and cap(s): a
// slice shortened by reslicing before keeps what it dropped then. Truncate
// panics unless 0 <= n <= len(s).
//
// To remove elements from the middle of a slice use [slices.Delete], which
// zeroes the vacated tail in the same way.
func Truncate[S ~[]E, E any](s S, n int) S {
	if n < 0 || n > len(s) {
		panicTruncate(n, len(s))
	}
	clear(s[n:])
	return s[:n]
}

// Shrink returns s itself when its capacity is not much larger than its
// length, else a copy whose capacity fits its length, so the large backing
// array can be collected. "Much larger" means more than twice: the unused
// capacity Shrink leaves in place is at most what append's doubling can
// leave.
//
// Shrink sees only s, so it cannot tell that s is a small window on a large
// array starting before s[0] (as in buf[100:110] with cap(buf) == 110); to
// keep such a window without its array, copy it with [slices.Clone]. To drop
// the unused capacity without copying, so that a later append reallocates
// instead of overwriting what follows, use [slices.Clip].
func Shrink[S ~[]E, E any](s S) S {
	if cap(s) <= 2*len(s) {
		return s
	}
	if len(s) == 0 {
		// s[:0:0] would still point at the old array and keep it alive.
		if s == nil {
			return nil
		}
		return S{}
	}
	return slices.Clone(s)
}
