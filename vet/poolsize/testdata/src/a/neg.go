package a

import (
	"bytes"
	"io"
	"strings"
	"sync"
)

const maxSize = 64 << 10

// Negative: a cap check guards the Put.
func checked(s string) {
	b := bufPool.Get().(*bytes.Buffer)
	b.WriteString(s)
	b.Reset()
	if b.Cap() > maxSize {
		return
	}
	bufPool.Put(b)
}

// Negative: the Put inside the check.
func checkedInside(data []byte) {
	bp := bytesPool.Get().(*[]byte)
	*bp = append((*bp)[:0], data...)
	if cap(*bp) <= maxSize {
		bytesPool.Put(bp)
	}
}

// Negative: the cap check in a helper of the package.
func checkedInHelper(s string) {
	b := bufPool.Get().(*bytes.Buffer)
	b.WriteString(s)
	b.Reset()
	if tooBig(b) {
		return
	}
	bufPool.Put(b)
}

func tooBig(b *bytes.Buffer) bool { return b.Cap() > maxSize }

// Negative: a put helper that checks.
func putChecked(b *bytes.Buffer) {
	if b.Len() > maxSize {
		return
	}
	b.Reset()
	bufPool.Put(b)
}

// Negative: a check inside a deferred function.
func deferredChecked(parts []string) string {
	sb := builders.Get().(*strings.Builder)
	defer func() {
		if sb.Cap() < maxSize {
			sb.Reset()
			builders.Put(sb)
		}
	}()
	for _, p := range parts {
		sb.WriteString(p)
	}
	return sb.String()
}

var copyBufs = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}

// Negative: a fixed-size scratch buffer cannot grow.
func copyAll(dst io.Writer, src io.Reader) error {
	bp := copyBufs.Get().(*[]byte)
	defer copyBufs.Put(bp)
	_, err := io.CopyBuffer(dst, src, *bp)
	return err
}

// Negative: never written.
func unused() {
	b := bufPool.Get().(*bytes.Buffer)
	bufPool.Put(b)
}

type frame struct{ data []byte }

var frames sync.Pool

// Negative: not a buffer type the analyzer knows.
func putFrame(f *frame) {
	f.data = append(f.data[:0], 1)
	frames.Put(f)
}
