// Package poolvalue defines an Analyzer that reports values that are not
// pointers put into a sync.Pool.
//
// # Analyzer poolvalue
//
// poolvalue: report a non-pointer value Put into a sync.Pool
//
// The naive code:
//
//	var bufs = sync.Pool{New: func() any { return make([]byte, 0, 4096) }}
//
//	b := bufs.Get().([]byte)
//	...
//	bufs.Put(b[:0]) // the slice header is boxed in a new interface value
//
// Put takes an any. A value that is not a single pointer (a slice, a
// string, a struct) is copied to the heap to make that interface, so every
// Put allocates, which is what the pool was meant to save (staticcheck's
// SA6002 reports the same shape). The fix is a typed pool that stores such
// values without boxing them, safepool.SlicePool or safepool.Pool[[]T], or
// a pool of pointers (*[]byte).
//
// Values of zero size do not allocate and are not reported; nor are
// interfaces and type parameters, whose dynamic type is not known.
package poolvalue
