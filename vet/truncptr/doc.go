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
// The analyzer reports s = s[:n] when the elements hold pointers to other
// objects (pointers, interfaces, maps, channels, functions; not strings or
// byte slices, which code keeps past the length to reuse their memory), n
// cannot be larger than the length (it is not a sum, a cap, or the length
// of another slice), and the slice outlives the call: a
// struct field, a package variable, a dereferenced pointer, or a local
// variable the function returns. A truncation after a clear of the slice
// or a zeroing of one of its elements in the same function is left alone.
package truncptr
