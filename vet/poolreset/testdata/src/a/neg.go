package a

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"io"
	"sync"
)

// Negative: reset before Put.
func resetBeforePut(s string) string {
	b := bufPool.Get().(*bytes.Buffer)
	b.WriteString(s)
	out := b.String()
	b.Reset()
	bufPool.Put(b)
	return out
}

// Negative: reset in a deferred function before the Put.
func resetInDefer(s string) string {
	b := bufPool.Get().(*bytes.Buffer)
	defer func() {
		b.Reset()
		bufPool.Put(b)
	}()
	b.WriteString(s)
	return b.String()
}

// Negative: reset in a helper of the package that Puts.
func resetInPutHelper(s string) string {
	b := bufPool.Get().(*bytes.Buffer)
	defer putBuf(b)
	b.WriteString(s)
	return b.String()
}

func putBuf(b *bytes.Buffer) {
	b.Reset()
	bufPool.Put(b)
}

// Negative: reset in a helper called before the Put.
func resetInHelper(p *conn) {
	c := connPool.Get().(*conn)
	c.peer = p
	scrub(c)
	connPool.Put(c)
}

func scrub(c *conn) { *c = conn{} }

// Negative: the fields are zeroed by hand.
func zeroFields(p *conn) {
	c := connPool.Get().(*conn)
	c.peer = p
	c.peer = nil
	connPool.Put(c)
}

// Negative: a slice truncated to zero length and cleared.
func truncated(cs []*conn) {
	s := slicePool.Get().([]*conn)
	s = append(s, cs...)
	clear(s)
	s = s[:0]
	slicePool.Put(s)
}

// Negative: never written, only read.
func readOnly() int {
	b := bufPool.Get().(*bytes.Buffer)
	n := b.Len()
	bufPool.Put(b)
	return n
}

var scratch = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}

// Negative: a fixed-size byte buffer keeps nothing but itself.
func copyBuf(dst io.Writer, src io.Reader) error {
	bp := scratch.Get().(*[]byte)
	defer scratch.Put(bp)
	_, err := io.CopyBuffer(dst, src, *bp)
	return err
}

var gets = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Negative: the pool's objects are reset right after Get, before use.
func resetOnGet(s string) string {
	b := gets.Get().(*bytes.Buffer)
	b.Reset()
	b.WriteString(s)
	out := b.String()
	gets.Put(b)
	return out
}

func alsoResetOnGet(s string) {
	b := gets.Get().(*bytes.Buffer)
	b.Reset()
	b.WriteString(s)
	gets.Put(b)
}

type encoder struct {
	buf  []byte
	refs []*conn
}

var encoders = sync.Pool{New: func() any { return new(encoder) }}

// Negative: the package's own reset method.
func encode(c *conn) []byte {
	e := encoders.Get().(*encoder)
	e.refs = append(e.refs, c)
	out := append([]byte(nil), e.buf...)
	e.reset()
	encoders.Put(e)
	return out
}

func (e *encoder) reset() {
	e.buf = e.buf[:0]
	clear(e.refs)
	e.refs = e.refs[:0]
}

var readers = sync.Pool{New: func() any { return bufio.NewReader(rand.Reader) }}

// Negative: reading from a pooled reader puts none of the caller's data in it.
func random(n int) []byte {
	r := readers.Get().(*bufio.Reader)
	defer readers.Put(r)
	b := make([]byte, n)
	_, _ = io.ReadFull(r, b[:0])
	_, _ = r.ReadByte()
	return b
}

type chunk struct{ b []byte }

var chunks = sync.Pool{New: func() any { return &chunk{b: make([]byte, 1024)} }}

// Negative: the write itself starts from an empty slice.
func send(p []byte, out chan<- *chunk) {
	c := chunks.Get().(*chunk)
	c.b = append(c.b[:0], p...)
	select {
	case out <- c:
	default:
		chunks.Put(c)
	}
}

// typed is a pool wrapper of the package, with its reset in a field.
type typed[T any] struct {
	p     sync.Pool
	reset func(T) bool
}

func (t *typed[T]) put(v T) {
	if t.reset(v) {
		t.p.Put(v)
	}
}

var wrapped = &typed[*bytes.Buffer]{reset: func(b *bytes.Buffer) bool { b.Reset(); return true }}

// Negative: the wrapper's put calls its reset function first.
func viaWrapper(s string) {
	b := wrapped.p.Get().(*bytes.Buffer)
	defer wrapped.put(b)
	b.WriteString(s)
}
