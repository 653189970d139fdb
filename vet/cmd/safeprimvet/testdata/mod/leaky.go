// Package leaky holds one finding of several safeprim analyzers, for the
// command's test.
package leaky

import (
	"bytes"
	"context"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func Render(s string) string {
	b := bufPool.Get().(*bytes.Buffer)
	b.WriteString(s)
	out := b.String()
	bufPool.Put(b)
	return out
}

func Lookup(ctx context.Context, slow func() int) (int, error) {
	ch := make(chan int)
	go func() { ch <- slow() }()
	select {
	case r := <-ch:
		return r, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

type Server struct{ conns []*bytes.Buffer }

func (s *Server) Drop() {
	s.conns = s.conns[:len(s.conns)-1]
}

func WithUser(ctx context.Context, u string) context.Context {
	return context.WithValue(ctx, "user", u)
}
