package safepool_test

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/safeprim/safeprim/internal/panictest"
	"github.com/safeprim/safeprim/safepool"
)

func newBufferPool() *safepool.Pool[*bytes.Buffer] {
	return safepool.New(
		func() *bytes.Buffer { return new(bytes.Buffer) },
		func(b *bytes.Buffer) (*bytes.Buffer, bool) { b.Reset(); return b, true })
}

func TestDebugDoublePut(t *testing.T) {
	t.Setenv("SAFEPRIM_DEBUG", "1")
	var bp safepool.BufferPool
	var sp safepool.SlicePool[byte]
	p := newBufferPool()
	tests := []struct {
		name, typ string
		twice     func()
	}{
		{"impl=Pool", "*bytes.Buffer", func() { b := p.Get(); p.Put(b); p.Put(b) }},
		{"impl=BufferPool", "*bytes.Buffer", func() { b := bp.Get(); bp.Put(b); bp.Put(b) }},
		{"impl=SlicePool", "[]uint8", func() { s := append(sp.Get(), 1); sp.Put(s); sp.Put(s) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg, _ := panictest.Message(tt.twice)
			if !strings.HasPrefix(msg, "safepool: Put: "+tt.typ+" ") || !strings.Contains(msg, "put twice") {
				t.Fatalf("double Put panicked with %q, want a message naming %s", msg, tt.typ)
			}
			if n := strings.Count(msg, "debug_test.go:"); n != 2 {
				t.Errorf("message %q names %d sites in debug_test.go, want 2", msg, n)
			}
		})
	}
}

// writeAfterPut puts an object, writes to it, and reports the panic of the
// Get that returns it. Under the race detector sync.Pool may drop the Put,
// so it retries until the pool hands the same object back.
func writeAfterPut[T comparable](get func() T, put func(T), write func(T)) string {
	for range 50 {
		x := get()
		put(x)
		write(x)
		var again T
		msg, _ := panictest.Message(func() { again = get() })
		if msg != "" || again == x {
			return msg
		}
	}
	return ""
}

func TestDebugWriteAfterPut(t *testing.T) {
	t.Setenv("SAFEPRIM_DEBUG", "1")
	p := newBufferPool()
	var bp safepool.BufferPool
	var sp safepool.SlicePool[byte]
	objects := safepool.New(newObject, resetObject)
	tests := []struct {
		name, typ string
		run       func() string
	}{
		{"impl=Pool/write=WriteString", "*bytes.Buffer", func() string {
			return writeAfterPut(p.Get, p.Put, func(b *bytes.Buffer) { b.WriteString("late") })
		}},
		{"impl=BufferPool/write=Bytes", "*bytes.Buffer", func() string {
			var alias []byte
			get := func() *bytes.Buffer { b := bp.Get(); b.WriteString("hello"); return b }
			return writeAfterPut(get, bp.Put, func(b *bytes.Buffer) {
				alias = b.AvailableBuffer()[:1]
				alias[0] = 'x'
			})
		}},
		{"impl=SlicePool", "[]uint8", func() string {
			var held []byte
			return writeAfterPut(
				func() *byte { held = append(sp.Get(), "hello"...); return &held[0] },
				func(*byte) { sp.Put(held) },
				func(b *byte) { *b = 'j' })
		}},
		{"impl=Pool/write=field", "*safepool_test.object", func() string {
			return writeAfterPut(objects.Get, objects.Put, func(o *object) { o.n = 42 })
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := tt.run()
			if !strings.HasPrefix(msg, "safepool: Get: "+tt.typ+" ") || !strings.Contains(msg, "written to after it was Put at ") {
				t.Errorf("Get after a write after Put panicked with %q, want a write-after-Put message naming %s", msg, tt.typ)
			}
		})
	}
}

// TestDebugClean checks that correct use does not trip debug mode.
func TestDebugClean(t *testing.T) {
	t.Setenv("SAFEPRIM_DEBUG", "1")
	p := newBufferPool()
	var bp safepool.BufferPool
	var sp safepool.SlicePool[*payload]
	for range 200 {
		b := p.Get()
		b.WriteString("hello")
		p.Put(b)
		c := bp.Get()
		c.WriteString("hello")
		bp.Put(c)
		s := sp.Get()
		sp.Put(append(s, new(payload)))
	}
}

type leaky struct {
	name string
	n    [8]int
}

func TestDebugLeaked(t *testing.T) {
	t.Setenv("SAFEPRIM_DEBUG", "1")
	p := safepool.New(
		func() *leaky { return new(leaky) },
		func(l *leaky) (*leaky, bool) { *l = leaky{}; return l, true })
	const leaks = 3
	for range leaks {
		l := p.Get() // never Put
		l.name, l.n[0] = "leaked", 1
	}
	for range 5 {
		l := p.Get()
		p.Put(l)
	}
	var got uint64
	for range 20 {
		runtime.GC()
		time.Sleep(time.Millisecond)
		if got = p.Leaked(); got >= leaks {
			break
		}
	}
	if got != leaks {
		t.Errorf("Leaked() = %d, want %d", got, leaks)
	}
}

func TestSetDebug(t *testing.T) {
	p := newBufferPool()
	p.SetDebug(true)
	b := p.Get()
	p.Put(b)
	if msg, _ := panictest.Message(func() { p.Put(b) }); !strings.Contains(msg, "put twice") {
		t.Errorf("double Put with SetDebug(true) panicked with %q, want a double Put message", msg)
	}
	panictest.Want(t, "safepool: SetDebug: called after the pool was used", func() { p.SetDebug(false) })

	t.Setenv("SAFEPRIM_DEBUG", "1")
	q := newBufferPool()
	q.SetDebug(false)
	c := q.Get()
	q.Put(c)
	if msg, _ := panictest.Message(func() { q.Put(c) }); msg != "" {
		t.Errorf("double Put with SetDebug(false) panicked with %q, want no check", msg)
	}
}

// TestDebugSliceOutgrown checks that a slice whose array append replaced is
// not counted as leaked: the old array was never Put, but nothing leaked.
func TestDebugSliceOutgrown(t *testing.T) {
	t.Setenv("SAFEPRIM_DEBUG", "1")
	var p safepool.SlicePool[int]
	for range 100 {
		p.Put(append(p.Get(), 1))
	}
	for range 10 {
		s := p.Get()
		for i := range 10000 {
			s = append(s, i) // moves to larger arrays
		}
		p.Put(s[:0])
	}
	for range 3 {
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
	if got := p.Leaked(); got != 0 {
		t.Errorf("Leaked() = %d after slices outgrew their arrays, want 0", got)
	}
}

// TestDebugSliceByArray checks that debug mode identifies a slice by its
// array: a Put of a later part of a slice already Put is a double Put.
func TestDebugSliceByArray(t *testing.T) {
	sp := safepool.NewSlicePool[int]()
	sp.SetDebug(true)
	p := safepool.New(
		func() []int { return make([]int, 0, 64) },
		func(s []int) ([]int, bool) { return s[:0], true })
	p.SetDebug(true)
	tests := []struct {
		name  string
		twice func()
	}{
		{"impl=SlicePool", func() { s := append(sp.Get(), make([]int, 20)...); sp.Put(s); sp.Put(s[10:]) }},
		{"impl=Pool", func() { s := append(p.Get(), make([]int, 20)...); p.Put(s); p.Put(s[10:]) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg, _ := panictest.Message(tt.twice)
			if !strings.HasPrefix(msg, "safepool: Put: []int ") || !strings.Contains(msg, "put twice") || !strings.Contains(msg, "10 elements into its array") {
				t.Errorf("Put(s) then Put(s[10:]) panicked with %q, want a double Put 10 elements into the array", msg)
			}
		})
	}
}

// TestDebugSliceStartsLate checks that debug mode reports a Put of a slice
// that starts past the start of the slice Get returned, which leaves the
// elements before it in the pooled array.
func TestDebugSliceStartsLate(t *testing.T) {
	sp := safepool.NewSlicePool[*payload]()
	sp.SetDebug(true)
	for range 20 { // calibrate, so that Get returns arrays of 64 elements
		sp.Put(append(sp.Get(), make([]*payload, 64)...))
	}
	p := safepool.New(
		func() []*payload { return make([]*payload, 0, 64) },
		func(s []*payload) ([]*payload, bool) { clear(s[:cap(s)]); return s[:0], true })
	p.SetDebug(true)
	tests := []struct {
		name string
		get  func() []*payload
		put  func([]*payload)
	}{
		{"impl=SlicePool", sp.Get, sp.Put},
		{"impl=Pool", p.Get, p.Put},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := append(tt.get(), new(payload), new(payload))
			msg, _ := panictest.Message(func() { tt.put(s[1:]) }) // a queue's pop
			if !strings.HasPrefix(msg, "safepool: Put: []*safepool_test.payload ") || !strings.Contains(msg, "starts 1 element past the start of the slice Get returned") {
				t.Errorf("Put(s[1:]) panicked with %q, want a message that it starts 1 element late", msg)
			}
			tt.put(s) // the slice as Get returned it is fine
		})
	}
}

// TestZeroPool checks that a Pool not made by New panics with a message
// that says how to make one, from every method that needs recycle.
func TestZeroPool(t *testing.T) {
	var p safepool.Pool[*bytes.Buffer]
	const want = "safepool: %s: zero Pool[*bytes.Buffer]; make it with safepool.New"
	panictest.Want(t, fmt.Sprintf(want, "Get"), func() { p.Get() })
	panictest.Want(t, fmt.Sprintf(want, "Put"), func() { p.Put(new(bytes.Buffer)) })
	panictest.Want(t, fmt.Sprintf(want, "SetDebug"), func() { p.SetDebug(true) })
	if got := p.Stats(); got != (safepool.Stats{}) {
		t.Errorf("Stats of a zero Pool = %+v, want zero", got)
	}
	if got := p.Leaked(); got != 0 {
		t.Errorf("Leaked of a zero Pool = %d, want 0", got)
	}
}

// TestZeroValuesSetDebug checks that SetDebug works on the zero BufferPool
// and SlicePool, which set themselves up at their first use.
func TestZeroValuesSetDebug(t *testing.T) {
	var bp safepool.BufferPool
	bp.SetDebug(true)
	b := bp.Get()
	bp.Put(b)
	if msg, _ := panictest.Message(func() { bp.Put(b) }); !strings.Contains(msg, "put twice") {
		t.Errorf("double Put into a zero BufferPool in debug mode panicked with %q, want a double Put message", msg)
	}
	var sp safepool.SlicePool[byte]
	sp.SetDebug(true)
	s := append(sp.Get(), 1)
	sp.Put(s)
	if msg, _ := panictest.Message(func() { sp.Put(s) }); !strings.Contains(msg, "put twice") {
		t.Errorf("double Put into a zero SlicePool in debug mode panicked with %q, want a double Put message", msg)
	}
	panictest.Want(t, "safepool: SlicePool.SetDebug: called after the pool was used", func() { sp.SetDebug(false) })
}

// TestSetDebugOffStopsCounting checks that turning debug mode off, as for a
// pool made while SAFEPRIM_DEBUG=1, also stops the counting it brought,
// unless WithStats asked for it.
func TestSetDebugOffStopsCounting(t *testing.T) {
	t.Setenv("SAFEPRIM_DEBUG", "1")
	tests := []struct {
		name      string
		opts      []safepool.Option
		wantExact bool
	}{
		{"opts=none", nil, false},
		{"opts=WithStats(true)", []safepool.Option{safepool.WithStats(true)}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := safepool.NewBufferPool(tt.opts...)
			if !p.Stats().Exact {
				t.Fatal("Stats().Exact = false in debug mode, want true")
			}
			p.SetDebug(false)
			p.Put(p.Get())
			if got := p.Stats(); got.Exact != tt.wantExact {
				t.Errorf("Stats() = %+v after SetDebug(false), want Exact %v", got, tt.wantExact)
			}
		})
	}
}
