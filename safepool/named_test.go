package safepool_test

import (
	"bytes"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/safeprim/safeprim/internal/leaktest"
	"github.com/safeprim/safeprim/safepool"
)

// named returns the pools Named lists whose name starts with prefix.
func named(prefix string) []safepool.Info {
	return slices.DeleteFunc(safepool.Named(), func(i safepool.Info) bool { return !strings.HasPrefix(i.Name, prefix) })
}

func TestNamed(t *testing.T) {
	p := safepool.New(newBuffer, resetBuffer, safepool.WithName("named/c"), safepool.WithStats(true))
	bp := safepool.NewBufferPool(safepool.WithName("named/a"))
	sp := safepool.NewSlicePool[int](safepool.WithName("named/b"))
	sp2 := safepool.NewSlicePool[int](safepool.WithName("named/b"), safepool.WithName("named/d")) // the later name wins
	unnamed := safepool.NewBufferPool(safepool.WithName("named/e"), safepool.WithName(""))
	p.Put(p.Get())
	bp.Put(bp.Get())

	var got []string
	for _, i := range named("named/") {
		got = append(got, i.Name+" "+i.Type)
	}
	want := []string{"named/a BufferPool", "named/b SlicePool[int]", "named/c Pool[*bytes.Buffer]", "named/d SlicePool[int]"}
	if !slices.Equal(got, want) {
		t.Errorf("Named() = %q, want %q", got, want)
	}
	for _, i := range named("named/c") {
		if i.Stats != p.Stats() || !i.Stats.Exact || i.Stats.Gets != 1 {
			t.Errorf("Named()[%q].Stats = %+v, want the pool's %+v with 1 Get", i.Name, i.Stats, p.Stats())
		}
	}
	runtime.KeepAlive(sp)
	runtime.KeepAlive(sp2)
	runtime.KeepAlive(unnamed)
}

// naiveRegistry is how a registry of pools keeps them all alive.
var naiveRegistry = map[string]*safepool.Pool[*bytes.Buffer]{}

// TestNamedRetention checks that the list of named pools keeps none alive:
// a named pool that becomes unreachable is collected and leaves the list,
// where a registry of pointers keeps it.
func TestNamedRetention(t *testing.T) {
	t.Run("impl=naive", func(t *testing.T) {
		p := safepool.New(newBuffer, resetBuffer)
		naiveRegistry["retention"] = p
		if leaktest.Watch(p)() {
			t.Error("pool in a map of pointers was collected, want it kept alive")
		}
		delete(naiveRegistry, "retention")
	})
	tests := []struct {
		name string
		make func() (collected func() bool)
	}{
		{"type=Pool", func() func() bool {
			p := safepool.New(newBuffer, resetBuffer, safepool.WithName("retention/Pool"))
			p.Put(p.Get())
			return leaktest.Watch(p)
		}},
		{"type=BufferPool", func() func() bool {
			p := safepool.NewBufferPool(safepool.WithName("retention/BufferPool"))
			p.Put(p.Get())
			return leaktest.Watch(p)
		}},
		{"type=SlicePool", func() func() bool {
			p := safepool.NewSlicePool[int](safepool.WithName("retention/SlicePool"), safepool.WithStats(true))
			p.Put(append(p.Get(), 1))
			return leaktest.Watch(p)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			collected := tt.make()
			if got := len(named("retention/")); got != 1 {
				t.Fatalf("Named() lists %d retention/ pools while the pool is alive, want 1", got)
			}
			if !collected() {
				t.Fatal("named pool was not collected once unreachable")
			}
			if got := named("retention/"); len(got) != 0 {
				t.Errorf("Named() = %+v after the pool was collected, want it gone", got)
			}
		})
	}
}

func TestWithStats(t *testing.T) {
	tests := []struct {
		name      string
		opts      []safepool.Option
		wantExact bool
	}{
		{"opts=none", nil, false},
		{"opts=WithStats(true)", []safepool.Option{safepool.WithStats(true)}, true},
		{"opts=WithStats(false)", []safepool.Option{safepool.WithStats(false)}, false},
		{"opts=WithStats(true),WithStats(false)", []safepool.Option{safepool.WithStats(true), safepool.WithStats(false)}, false},
		{"opts=zero", []safepool.Option{{}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := safepool.New(newBuffer, resetBuffer, tt.opts...)
			bp := safepool.NewBufferPool(tt.opts...)
			sp := safepool.NewSlicePool[byte](tt.opts...)
			const uses = 10
			for range uses {
				p.Put(p.Get())
				bp.Put(bp.Get())
				sp.Put(append(sp.Get(), 1))
			}
			for _, s := range []safepool.Stats{p.Stats(), bp.Stats(), sp.Stats()} {
				wantGets := uint64(0)
				if tt.wantExact {
					wantGets = uses
				}
				if s.Exact != tt.wantExact || s.Gets != wantGets || s.Puts != wantGets || s.News == 0 {
					t.Errorf("Stats = %+v, want Exact %v, Gets and Puts %d, News > 0", s, tt.wantExact, wantGets)
				}
				_, ok := s.HitRatio()
				if ok != tt.wantExact {
					t.Errorf("HitRatio of %+v reports ok %v, want %v", s, ok, tt.wantExact)
				}
			}
		})
	}
}

func TestHitRatio(t *testing.T) {
	tests := []struct {
		s      safepool.Stats
		want   float64
		wantOK bool
	}{
		{safepool.Stats{Gets: 10, News: 2, Exact: true}, 0.8, true},
		{safepool.Stats{Gets: 10, News: 10, Exact: true}, 0, true},
		{safepool.Stats{Gets: 3, News: 5, Exact: true}, 0, true}, // read mid-call
		{safepool.Stats{Exact: true}, 0, false},
		{safepool.Stats{Gets: 10, News: 2}, 0, false},
	}
	for _, tt := range tests {
		if got, ok := tt.s.HitRatio(); got != tt.want || ok != tt.wantOK {
			t.Errorf("%+v.HitRatio() = %v, %v, want %v, %v", tt.s, got, ok, tt.want, tt.wantOK)
		}
	}
}

// TestDebugCounts checks that debug mode counts Gets and Puts.
func TestDebugCounts(t *testing.T) {
	p := safepool.New(newBuffer, resetBuffer)
	p.SetDebug(true)
	p.Put(p.Get())
	if s := p.Stats(); !s.Exact || s.Gets != 1 || s.Puts != 1 {
		t.Errorf("Stats in debug mode = %+v, want Exact with 1 Get and 1 Put", s)
	}
}
