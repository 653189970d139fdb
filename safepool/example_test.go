package safepool_test

import (
	"bytes"
	"fmt"

	"github.com/safeprim/safeprim/safepool"
)

func ExampleNew() {
	pool := safepool.New(
		func() *bytes.Buffer { return new(bytes.Buffer) },
		func(b *bytes.Buffer) (*bytes.Buffer, bool) {
			if b.Cap() > 64<<10 {
				return nil, false // too big to keep
			}
			b.Reset()
			return b, true
		},
		safepool.WithStats(true)) // count every Get and Put too

	b := pool.Get()
	b.WriteString("hello")
	fmt.Println(b.String())
	pool.Put(b)

	big := pool.Get()
	big.Grow(1 << 20)
	pool.Put(big) // dropped

	s := pool.Stats()
	fmt.Println("gets:", s.Gets, "puts:", s.Puts, "drops:", s.Drops)
	// Output:
	// hello
	// gets: 2 puts: 2 drops: 1
}

func ExamplePool() {
	type request struct {
		path    string
		headers map[string]string
	}
	pool := safepool.New(
		func() *request { return &request{headers: make(map[string]string)} },
		func(r *request) (*request, bool) {
			r.path = ""
			clear(r.headers) // nothing from the last request stays reachable
			return r, true
		})

	r := pool.Get()
	r.path, r.headers["Accept"] = "/", "text/plain"
	pool.Put(r)

	r = pool.Get()
	fmt.Printf("path %q, %d headers\n", r.path, len(r.headers))
	pool.Put(r)
	// Output: path "", 0 headers
}

func ExamplePool_SetDebug() {
	pool := safepool.New(
		func() *bytes.Buffer { return new(bytes.Buffer) },
		func(b *bytes.Buffer) (*bytes.Buffer, bool) { b.Reset(); return b, true })
	pool.SetDebug(true) // or run with SAFEPRIM_DEBUG=1

	b := pool.Get()
	pool.Put(b)
	defer func() { fmt.Println(recover() != nil) }()
	pool.Put(b) // panics, naming both Puts
	// Output: true
}

func ExampleStats() {
	pool := safepool.NewBufferPool(safepool.WithStats(true))
	for range 3 {
		b := pool.Get()
		b.WriteString("hello")
		pool.Put(b)
	}
	s := pool.Stats()
	fmt.Println("exact:", s.Exact, "gets:", s.Gets, "puts:", s.Puts, "drops:", s.Drops)
	// Output: exact: true gets: 3 puts: 3 drops: 0
}

func ExampleBufferPool() {
	var pool safepool.BufferPool // ready to use

	for range 1000 {
		b := pool.Get()
		b.Write(make([]byte, 1000)) // requests of about 1 KiB
		pool.Put(b)
	}
	newCap, maxCap := pool.Sizes()
	fmt.Println("new buffers:", newCap, "kept up to:", maxCap)

	huge := pool.Get()
	huge.Grow(16 << 20)
	pool.Put(huge) // far above what most uses need: dropped
	fmt.Println("drops:", pool.Stats().Drops)
	// Output:
	// new buffers: 1024 kept up to: 4096
	// drops: 1
}

func ExampleSlicePool() {
	var pool safepool.SlicePool[*bytes.Buffer]

	s := pool.Get()
	s = append(s, new(bytes.Buffer), new(bytes.Buffer))
	fmt.Println(len(s))
	pool.Put(s) // clears both pointers before keeping the slice

	s = pool.Get()
	fmt.Println(len(s))
	pool.Put(s)
	// Output:
	// 2
	// 0
}
