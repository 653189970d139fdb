package safepool_test

import (
	"bytes"
	"fmt"
	"io"

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

func ExampleWithStats() {
	counted := safepool.NewBufferPool(safepool.WithStats(true))
	var plain safepool.BufferPool // News and Drops only
	for _, p := range []*safepool.BufferPool{counted, &plain} {
		b := p.Get()
		b.WriteString("hello")
		p.Put(b)
		s := p.Stats()
		fmt.Println("exact:", s.Exact, "gets:", s.Gets, "puts:", s.Puts)
	}
	// Output:
	// exact: true gets: 1 puts: 1
	// exact: false gets: 0 puts: 0
}

func ExampleWithName() {
	pool := safepool.NewSlicePool[int](safepool.WithName("example/WithName/ids"))
	pool.Put(append(pool.Get(), 1, 2, 3))

	for _, info := range safepool.Named() {
		if info.Name == "example/WithName/ids" {
			fmt.Println(info.Name, info.Type)
		}
	}
	// Output: example/WithName/ids SlicePool[int]
}

func ExampleOption() {
	opts := []safepool.Option{
		safepool.WithName("example/Option/responses"),
		safepool.WithStats(true),
	}
	responses := safepool.NewBufferPool(opts...)
	fmt.Println(responses.Stats().Exact)
	// Output: true
}

func ExampleNamed() {
	requests := safepool.New(
		func() *bytes.Buffer { return new(bytes.Buffer) },
		func(b *bytes.Buffer) (*bytes.Buffer, bool) { b.Reset(); return b, true },
		safepool.WithName("example/Named/requests"), safepool.WithStats(true))
	responses := safepool.NewBufferPool(safepool.WithName("example/Named/responses"))
	for range 3 {
		requests.Put(requests.Get())
		responses.Put(responses.Get())
	}

	for _, info := range safepool.Named() {
		if info.Name >= "example/Named/" && info.Name < "example/Named0" {
			fmt.Printf("%s %s exact=%v gets=%d\n", info.Name, info.Type, info.Stats.Exact, info.Stats.Gets)
		}
	}
	// Output:
	// example/Named/requests Pool[*bytes.Buffer] exact=true gets=3
	// example/Named/responses BufferPool exact=false gets=0
}

func ExampleInfo() {
	// What a debug page shows for one pool.
	info := safepool.Info{
		Name:  "responses",
		Type:  "BufferPool",
		Stats: safepool.Stats{Gets: 1000, News: 50, Puts: 990, Drops: 4, Exact: true},
	}
	fmt.Printf("%s (%s): %d new, %d dropped", info.Name, info.Type, info.Stats.News, info.Stats.Drops)
	if ratio, ok := info.Stats.HitRatio(); ok {
		fmt.Printf(", %.0f%% hits", 100*ratio)
	}
	fmt.Println()
	// Output: responses (BufferPool): 50 new, 4 dropped, 95% hits
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

func ExampleStats_HitRatio() {
	for _, s := range []safepool.Stats{
		{Gets: 200, News: 10, Exact: true},
		{News: 10}, // Gets not counted: no ratio
	} {
		ratio, ok := s.HitRatio()
		fmt.Println(ratio, ok)
	}
	// Output:
	// 0.95 true
	// 0 false
}

func ExampleBufferPool() {
	var pool safepool.BufferPool // ready to use

	for range 1000 {
		b := pool.Get()
		b.Write(make([]byte, 1000)) // requests of about 1 KiB
		io.Copy(io.Discard, b)      // drains and resets b: still counted as a 1 KiB use
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

func ExampleNewBufferPool() {
	pool := safepool.NewBufferPool(safepool.WithName("example/NewBufferPool"), safepool.WithStats(true))
	b := pool.Get()
	fmt.Fprintf(b, "%d bytes", 7)
	fmt.Println(b.String())
	pool.Put(b)
	fmt.Println("puts:", pool.Stats().Puts)
	// Output:
	// 7 bytes
	// puts: 1
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

func ExampleNewSlicePool() {
	pool := safepool.NewSlicePool[int](safepool.WithStats(true))
	for range 100 {
		s := pool.Get()
		for i := range 100 {
			s = append(s, i)
		}
		pool.Put(s)
	}
	newCap, _ := pool.Sizes()
	fmt.Println("new slices:", newCap, "elements; gets:", pool.Stats().Gets)
	// Output: new slices: 128 elements; gets: 100
}
