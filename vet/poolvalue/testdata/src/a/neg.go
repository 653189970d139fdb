package a

import (
	"bytes"
	"sync"
)

// Negative: a pointer to a slice.
func pointerToSlice(b []byte) {
	bufs.Put(&b)
}

// Negative: a pointer.
func pointer(b *bytes.Buffer) {
	bufs.Put(b)
}

// Negative: maps, channels and functions are pointers already.
func pointerShaped(m map[string]int, c chan int, f func()) {
	bufs.Put(m)
	bufs.Put(c)
	bufs.Put(f)
}

// Negative: an interface holds what it holds.
func iface(v any) {
	bufs.Put(v)
}

// Negative: a type parameter may be a pointer.
func generic[T any](p *sync.Pool, v T) {
	p.Put(v)
}

// Negative: zero-size values are not allocated.
func empty() {
	bufs.Put(struct{}{})
}

// Negative: not a sync.Pool.
type myPool struct{}

func (myPool) Put(any) {}

func other(b []byte) {
	var p myPool
	p.Put(b)
}
