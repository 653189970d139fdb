package safeslice_test

import (
	"fmt"

	"github.com/safeprim/safeprim/safeslice"
)

// A Buffer used for one large batch and then for small ones gives the large
// array back after a window of small cycles; a plain slice keeps it.
func ExampleBuffer() {
	var plain []int
	var buf safeslice.Buffer[int]
	for i := range 1_000_000 {
		plain = append(plain, i)
		buf.Append(i)
	}
	for range 100 {
		plain = plain[:0]
		buf.Reset()
		for i := range 10 {
			plain = append(plain, i)
			buf.Append(i)
		}
	}
	fmt.Println("plain slice: len", len(plain), "cap over a million:", cap(plain) > 1_000_000)
	fmt.Println("Buffer:      len", buf.Len(), "cap", buf.Cap())
	fmt.Println(buf.Slice())
	// Output:
	// plain slice: len 10 cap over a million: true
	// Buffer:      len 10 cap 64
	// [0 1 2 3 4 5 6 7 8 9]
}

func ExampleBuffer_Shrink() {
	var buf safeslice.Buffer[byte]
	buf.Append(make([]byte, 1<<20)...)
	buf.Truncate(100)
	buf.Shrink() // give the megabyte back now, without waiting for the policy
	fmt.Println(buf.Len(), buf.Cap())
	// Output:
	// 100 100
}

// A Buffer that serves a large request every 30 cycles keeps the large
// capacity with a window of 32 cycles, and gives it back between large
// requests with the default window of 16.
func ExamplePolicy() {
	run := func(p safeslice.Policy) (reallocs int) {
		var buf safeslice.Buffer[int]
		buf.SetPolicy(p)
		for c := range 300 {
			n := 10
			if c%30 == 0 {
				n = 100_000
			}
			before := buf.Cap()
			buf.Append(make([]int, n)...)
			buf.Reset()
			if buf.Cap() != before {
				reallocs++
			}
		}
		return reallocs
	}
	fmt.Println("default window:", run(safeslice.Policy{}), "capacity changes")
	fmt.Println("window 32:     ", run(safeslice.Policy{Window: 32}), "capacity changes")
	// Output:
	// default window: 20 capacity changes
	// window 32:      1 capacity changes
}

func ExampleBuffer_SetPolicy() {
	var buf safeslice.Buffer[string]
	buf.SetPolicy(safeslice.Policy{Floor: 1024, Window: 4})
	fmt.Printf("%+v\n", buf.Policy())
	// Output:
	// {Floor:1024 Factor:4 Window:4}
}

func ExampleQueue() {
	var q safeslice.Queue[string]
	q.Push("a")
	q.Push("b")
	first, _ := q.Peek()
	fmt.Println("front:", first, "len:", q.Len())
	for {
		v, ok := q.Pop()
		if !ok {
			break
		}
		fmt.Println(v)
	}
	// Output:
	// front: a len: 2
	// a
	// b
}

// A Queue that held a million elements drains back to a small ring; the
// q = q[1:] idiom keeps the million-element array.
func ExampleQueue_drain() {
	var q safeslice.Queue[int]
	for i := range 1_000_000 {
		q.Push(i)
	}
	for q.Len() > 0 {
		q.Pop()
	}
	fmt.Println("len", q.Len(), "cap", q.Cap())
	// Output:
	// len 0 cap 64
}

func ExampleTruncate() {
	type conn struct{ name string }
	conns := []*conn{{"a"}, {"b"}, {"c"}, {"d"}}
	all := conns[:4]
	conns = safeslice.Truncate(conns, 1) // conns[1:4] are zeroed, so b, c, d can be collected
	fmt.Println(len(conns), conns[0].name, all[1] == nil, all[3] == nil)
	// Output:
	// 1 a true true
}

func ExampleShrink() {
	packet := make([]byte, 64<<10) // a large read buffer
	header := packet[:16]          // keeps all 64 KiB alive
	header = safeslice.Shrink(header)
	fmt.Println(len(header), cap(header) < 64)
	// Output:
	// 16 true
}
