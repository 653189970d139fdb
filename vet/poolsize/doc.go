// Package poolsize defines an Analyzer that reports growable buffers put
// back into a sync.Pool with no capacity check.
//
// # Analyzer poolsize
//
// poolsize: report a growable buffer Put into a sync.Pool with no capacity check
//
// The naive code:
//
//	b := bufPool.Get().(*bytes.Buffer)
//	b.Write(body) // one request of 16 MiB
//	b.Reset()
//	bufPool.Put(b) // the pool keeps a 16 MiB buffer for requests of 1 KiB
//
// A buffer grows to fit its largest use and a pool keeps whatever it is
// given, so one large request leaves buffers of its size in a pool that
// serves small ones (go.dev/issue/23199; fmt and encoding/json drop
// buffers over a cap by hand). The fix is a pool that drops oversized
// buffers, safepool.BufferPool or safepool.SlicePool, or a check such as
//
//	if b.Cap() > 64<<10 {
//		return // let the garbage collector have it
//	}
//	bufPool.Put(b)
//
// The analyzer looks at Puts of *bytes.Buffer, *strings.Builder, []byte and
// *[]byte, and reports one that a path from the function's entry reaches
// without passing a use of the buffer's cap or len (or Cap or Len), directly
// or through a function of the package that takes the buffer. It reports
// only buffers that can have grown: a Buffer or Builder written to in the
// function or handed to a helper that Puts it, a slice appended to or cut
// back with [:0]. A fixed-size scratch slice, such as the one io.CopyBuffer
// uses, cannot grow and is left alone.
package poolsize
