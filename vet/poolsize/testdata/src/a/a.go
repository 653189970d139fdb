package a

import (
	"bytes"
	"strings"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Positive: written, reset, put back at any size.
func render(s string) string {
	b := bufPool.Get().(*bytes.Buffer)
	b.WriteString(s)
	out := b.String()
	b.Reset()
	bufPool.Put(b) // want `poolsize: \*bytes.Buffer is Put into bufPool with no capacity check; one large use keeps a buffer of its size in the pool \(use safepool.BufferPool, or drop buffers over a cap\)`
	return out
}

// Positive: a put helper; its callers write.
func putBuffer(b *bytes.Buffer) {
	b.Reset()
	bufPool.Put(b) // want `poolsize: \*bytes.Buffer is Put into bufPool with no capacity check`
}

var bytesPool sync.Pool

// Positive: a *[]byte appended to.
func appendTo(data []byte) {
	bp := bytesPool.Get().(*[]byte)
	*bp = append((*bp)[:0], data...)
	bytesPool.Put(bp) // want `poolsize: \*\[\]byte is Put into bytesPool with no capacity check; .* \(use safepool.SlicePool, or drop buffers over a cap\)`
}

// Positive: a []byte cut back with [:0] in a put helper.
func putSlice(b []byte) {
	bytesPool.Put(b[:0]) // want `poolsize: \[\]byte is Put into bytesPool`
}

var builders sync.Pool

// Positive: deferred Put, no check on any path.
func build(parts []string) string {
	sb := builders.Get().(*strings.Builder)
	defer builders.Put(sb) // want `poolsize: \*strings.Builder is Put into builders`
	sb.Reset()
	for _, p := range parts {
		sb.WriteString(p)
	}
	return sb.String()
}

// Positive: a check on one path only.
func halfChecked(s string, fast bool) {
	b := bufPool.Get().(*bytes.Buffer)
	b.WriteString(s)
	b.Reset()
	if fast {
		bufPool.Put(b) // want `poolsize: \*bytes.Buffer is Put into bufPool`
		return
	}
	if b.Cap() <= 64<<10 {
		bufPool.Put(b)
	}
}
