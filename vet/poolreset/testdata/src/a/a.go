package a

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Positive: written, Put with no reset.
func naive(s string) string {
	b := bufPool.Get().(*bytes.Buffer)
	b.WriteString(s)
	out := b.String()
	bufPool.Put(b) // want `poolreset: \*bytes.Buffer from bufPool is Put without Reset; it keeps what was written alive \(use safepool.New with a recycle func\)`
	return out
}

// Positive: deferred Put, no reset on any path.
func deferred(s string) string {
	b := bufPool.Get().(*bytes.Buffer)
	defer bufPool.Put(b) // want `poolreset: \*bytes.Buffer from bufPool is Put without Reset`
	fmt.Fprintf(b, "%s!", s)
	return b.String()
}

// Positive: reset on one path only.
func onePath(s string, short bool) string {
	b := bufPool.Get().(*bytes.Buffer)
	b.WriteString(s)
	out := b.String()
	if short {
		b.Reset()
	}
	bufPool.Put(b) // want `poolreset: \*bytes.Buffer from bufPool is Put without Reset`
	return out
}

type conn struct {
	name string
	peer *conn
}

var connPool sync.Pool

// Positive: a struct with pointers, fields set and never zeroed; Put
// through a helper of the package.
func useConn(p *conn) {
	c := connPool.Get().(*conn)
	c.peer = p
	c.name = "x"
	release(c) // want `poolreset: \*conn from connPool is Put without a reset`
}

func release(c *conn) { connPool.Put(c) }

var slicePool sync.Pool

// Positive: a slice of pointers appended to and put back.
func collect(cs []*conn) {
	s := slicePool.Get().([]*conn)
	s = append(s, cs...)
	slicePool.Put(s) // want `poolreset: \[\]\*conn from slicePool is Put without a reset`
}

var builders = sync.Pool{New: func() any { return new(strings.Builder) }}

// Positive: Get through a getter helper of the package.
func viaGetter(s string) int {
	b := getBuilder()
	b.WriteString(s)
	n := b.Len()
	builders.Put(b) // want `poolreset: \*strings.Builder from builders is Put without Reset`
	return n
}

func getBuilder() *strings.Builder { return builders.Get().(*strings.Builder) }
