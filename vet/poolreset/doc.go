// Package poolreset defines an Analyzer that reports sync.Pool objects
// that are written to and put back without a reset.
//
// # Analyzer poolreset
//
// poolreset: report a sync.Pool object written to and Put back without a reset
//
// The naive code:
//
//	b := bufPool.Get().(*bytes.Buffer)
//	b.WriteString(secret)
//	bufPool.Put(b) // no Reset
//
// The pool keeps what was written, and everything it references, until
// the pool drops the object, and the next Get hands it, still full, to
// code that appends to it. The fix is a pool whose reset cannot be
// skipped:
//
//	var bufPool = safepool.New(
//		func() *bytes.Buffer { return new(bytes.Buffer) },
//		func(b *bytes.Buffer) (*bytes.Buffer, bool) { b.Reset(); return b, true })
//
// or a reset before the Put. A reset is a method whose name starts with
// Reset or Clear, clear, x = x[:0], assigning to *x, zeroing a field, or a
// call of a function of the same package that does one of these to the
// object. The analyzer follows the object from its Get, directly or through
// a helper of the package that returns a Get, to its Put, directly or
// through a helper that Puts its parameter, and reports a Put that some
// path from a write reaches with no reset. Pools whose objects are reset
// right after Get (before anything is written) are left alone, and so are
// objects that keep nothing: slices of pointer-free elements that are never
// appended to, and pointers to pointer-free types.
//
// Where the object has a Reset method and the Put is a plain statement, the
// suggested fix calls Reset before it.
package poolreset
