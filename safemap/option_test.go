package safemap_test

import (
	"fmt"
	"math"
	"runtime"
	"testing"

	"github.com/safeprim/safeprim/internal/leaktest"
	"github.com/safeprim/safeprim/internal/panictest"
	"github.com/safeprim/safeprim/safemap"
)

func TestOptionPanics(t *testing.T) {
	tests := []struct {
		name string
		call func()
		want string
	}{
		{"WithPresize(-1)", func() { safemap.WithPresize(-1) },
			"safemap: WithPresize: negative size -1; pass 0 for the default or the number of entries expected"},
		{"WithShrinkPolicy(9)", func() { safemap.WithShrinkPolicy(9) },
			"safemap: WithShrinkPolicy: unknown policy 9; use ShrinkOnDelete or GrowOnly"},
	}
	if math.MaxInt > 1<<32 {
		// xsync would size these tables with a wrapped-around uint32: no
		// buckets for 1<<33, an arbitrary count for MaxInt.
		huge := []uint64{1<<31*15/4 + 1, 1 << 33, math.MaxInt}
		for _, n := range huge {
			tests = append(tests, struct {
				name string
				call func()
				want string
			}{fmt.Sprintf("WithPresize(%d)", n), func() { safemap.WithPresize(int(n)) },
				fmt.Sprintf("safemap: WithPresize: size %d is larger than a table can be sized for (8053063680 entries); pass the number of entries expected and let the table grow", n)})
		}
	}
	for _, tt := range tests {
		if got, _ := panictest.Value(tt.call); got != tt.want {
			t.Errorf("%s panicked with %v, want %q", tt.name, got, tt.want)
		}
	}
}

func TestNewOptions(t *testing.T) {
	tests := []struct {
		name string
		opts []safemap.Option
	}{
		{"none", nil},
		{"zero Option", []safemap.Option{{}}},
		{"presize", []safemap.Option{safemap.WithPresize(1000)}},
		{"presize 0", []safemap.Option{safemap.WithPresize(0)}},
		{"grow only", []safemap.Option{safemap.WithShrinkPolicy(safemap.GrowOnly)}},
		{"both", []safemap.Option{safemap.WithPresize(10), safemap.WithShrinkPolicy(safemap.ShrinkOnDelete)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := safemap.New[int, int](tt.opts...)
			for i := range 500 {
				m.Store(i, i)
			}
			for i := range 500 {
				if v, ok := m.Load(i); !ok || v != i {
					t.Fatalf("Load(%d) = %d, %v; want %d, true", i, v, ok, i)
				}
			}
			m.Clear()
			if got := m.Len(); got != 0 {
				t.Errorf("Len after Clear = %d, want 0", got)
			}
			m.Store(1, 1)
			if got := m.Len(); got != 1 {
				t.Errorf("Len after Clear and Store = %d, want 1", got)
			}
		})
	}
}

func TestShrinkPolicyString(t *testing.T) {
	tests := []struct {
		p    safemap.ShrinkPolicy
		want string
	}{
		{safemap.ShrinkOnDelete, "ShrinkOnDelete"},
		{safemap.GrowOnly, "GrowOnly"},
		{5, "ShrinkPolicy(5)"},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("ShrinkPolicy(%d).String() = %q, want %q", uint8(tt.p), got, tt.want)
		}
	}
}

// retainedAfterDeletes returns the heap an emptied map still holds: it
// stores n entries, deletes them all and measures the live heap growth
// while the map is still reachable.
func retainedAfterDeletes(n int, newMap func() (store, del func(int), keep func())) uint64 {
	var keep func()
	retained := leaktest.Retained(func() {
		store, del, k := newMap()
		for i := range n {
			store(i)
		}
		for i := range n {
			del(i)
		}
		keep = k
	})
	keep()
	return retained
}

// entry is the value stored by the retention test and benchmark: with an int
// key, 64 bytes of key and value per entry.
type entry [56]byte

func builtinMap() (store, del func(int), keep func()) {
	m := make(map[int]entry)
	return func(i int) { m[i] = entry{} }, func(i int) { delete(m, i) }, func() { runtime.KeepAlive(m) }
}

func safemapWith(opts ...safemap.Option) func() (store, del func(int), keep func()) {
	return func() (store, del func(int), keep func()) {
		m := safemap.New[int, entry](opts...)
		return func(i int) { m.Store(i, entry{}) }, func(i int) { m.Delete(i) }, func() { runtime.KeepAlive(m) }
	}
}

func TestShrinkAfterDeletes(t *testing.T) {
	// The built-in map keeps its buckets after every entry is deleted; Map
	// gives them back unless told to grow only.
	const n = 100_000
	naive := retainedAfterDeletes(n, builtinMap)
	if naive < n*64 {
		t.Fatalf("built-in map retains %d B after deleting %d entries, want at least %d (the leak this package fixes)", naive, n, n*64)
	}
	shrunk := retainedAfterDeletes(n, safemapWith())
	if shrunk > naive/50 {
		t.Errorf("Map retains %d B after deleting %d entries, want at most 1/50 of the built-in map's %d B", shrunk, n, naive)
	}
	growOnly := retainedAfterDeletes(n, safemapWith(safemap.WithShrinkPolicy(safemap.GrowOnly)))
	if growOnly < n*16 {
		t.Errorf("Map with GrowOnly retains %d B after deleting %d entries, want its full table (at least %d B)", growOnly, n, n*16)
	}
	t.Logf("retained after deleting %d entries: built-in map %d B, Map %d B, Map GrowOnly %d B", n, naive, shrunk, growOnly)
}
