package safepool_test

import (
	"bytes"
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
