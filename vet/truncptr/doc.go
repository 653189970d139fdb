// Package truncptr defines an Analyzer that reports slices of pointers cut
// short without clearing the elements cut off.
//
// # Analyzer truncptr
//
// truncptr: report s = s[:n] on a long-lived slice of pointers without clearing s[n:]
//
// The naive code:
//
//	s.conns = s.conns[:len(s.conns)-1] // drop the last *Conn
//
// Reslicing changes the length, not the backing array: the dropped
// elements are still in it, past the new length, and what they point to
// stays reachable for as long as the slice lives, though no code can see
// it. The fix zeroes the tail first, as slices.Delete does:
//
//	clear(s.conns[len(s.conns)-1:])
//	s.conns = s.conns[:len(s.conns)-1]
//
// or in one call, s.conns = safeslice.Truncate(s.conns, len(s.conns)-1).
// The suggested fix inserts the clear.
//
// The analyzer reports s = s[:n] when the elements are themselves
// references to other objects (pointers, interfaces, maps, channels,
// functions; slices of structs are mostly records reused in place, and
// strings and byte slices are kept past the length to reuse their memory),
// n cannot be larger than the length (it is not a sum, a cap, or the length
// of another slice), and the slice outlives the call: a struct field, a
// package variable, a dereferenced pointer, or a local variable the
// function returns. A truncation after a clear of the slice (clear, or a
// method of its own whose name starts with clear or reset) or a zeroing of
// one of its elements (or of their fields) in the same function is left
// alone, and so is a pop that takes the element it drops
// (v := s[n]; s = s[:n], as a free list or a slab does: the element is in
// use) or drops the duplicate left by a shift (copy(s, s[1:])).
package truncptr
