package safepool_test

import (
	"bytes"
	"sync"
	"testing"
	"unsafe"

	"github.com/safeprim/safeprim/internal/leaktest"
	"github.com/safeprim/safeprim/internal/race"
	"github.com/safeprim/safeprim/safepool"
)

var zeros = make([]byte, 64<<10)

// use gets a buffer, writes n bytes to it and puts it back.
func use(p *safepool.BufferPool, n int) {
	b := p.Get()
	b.Write(zeros[:n])
	p.Put(b)
}

func TestBufferPoolGet(t *testing.T) {
	p := safepool.NewBufferPool(safepool.WithStats(true))
	for i := range 100 {
		b := p.Get()
		if b.Len() != 0 {
			t.Fatalf("round %d: Get().Len() = %d, want 0", i, b.Len())
		}
		b.WriteString("dirty")
		p.Put(b)
	}
	if s := p.Stats(); s.Gets != 100 || s.Puts != 100 || s.Drops != 0 {
		t.Errorf("Stats = %+v, want 100 Gets and Puts, no Drops", s)
	}
}

// TestBufferPoolDropsOversized puts one 16 MiB buffer into a pool that
// serves 1 KiB buffers: the pool must not keep it.
func TestBufferPoolDropsOversized(t *testing.T) {
	t.Run("calibrated", func(t *testing.T) {
		var p safepool.BufferPool
		for range 1000 {
			use(&p, 1024)
		}
		before := p.Stats().Drops
		huge := p.Get()
		huge.Write(make([]byte, 16<<20))
		collected := leaktest.Watch(unsafe.SliceData(huge.Bytes()))
		p.Put(huge)
		if got := p.Stats().Drops - before; got != 1 {
			t.Errorf("Drops grew by %d, want 1", got)
		}
		for range 100 {
			b := p.Get()
			if b.Cap() > 1<<20 {
				t.Fatalf("Get returned a buffer of capacity %d after the oversized one was Put", b.Cap())
			}
			defer p.Put(b)
		}
		huge = nil
		if !collected() {
			t.Error("16 MiB buffer Put into the pool was not collected")
		}
	})
	t.Run("fresh", func(t *testing.T) {
		var p safepool.BufferPool
		huge := bytes.NewBuffer(make([]byte, 0, 16<<20))
		p.Put(huge)
		if got := p.Stats().Drops; got != 1 {
			t.Errorf("Drops = %d after a 16 MiB Put into a fresh pool, want 1", got)
		}
	})
}

// TestBufferPoolRetention puts one 16 MiB buffer among 1 KiB ones into a
// pool in use: sync.Pool keeps it while the work goes on, BufferPool lets it
// go.
func TestBufferPoolRetention(t *testing.T) {
	type pool struct {
		get func() *bytes.Buffer
		put func(*bytes.Buffer)
	}
	tests := []struct {
		name string
		pool func() pool
		keep bool // whether the pool keeps the 16 MiB buffer alive
	}{
		{"impl=sync.Pool", func() pool {
			p := &sync.Pool{New: func() any { return new(bytes.Buffer) }}
			return pool{
				func() *bytes.Buffer { return p.Get().(*bytes.Buffer) },
				func(b *bytes.Buffer) { b.Reset(); p.Put(b) }}
		}, true},
		{"impl=safepool.BufferPool", func() pool {
			p := new(safepool.BufferPool)
			return pool{p.Get, p.Put}
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if race.Enabled && tt.keep {
				t.Skip("sync.Pool drops Puts at random under the race detector")
			}
			onOneProcessor(t)
			p := tt.pool()
			busy := func() { // 16 requests of 1 KiB in flight
				var held [16]*bytes.Buffer
				for i := range held {
					held[i] = p.get()
					held[i].Write(zeros[:1024])
				}
				for _, b := range held {
					p.put(b)
				}
			}
			for range 64 {
				busy()
			}
			huge := p.get()
			huge.Write(make([]byte, 16<<20))
			array := unsafe.SliceData(huge.Bytes())
			p.put(huge)
			huge = nil
			if got := leaktest.WatchUnderLoad(array, busy)(); got == tt.keep {
				t.Errorf("16 MiB buffer collected under load: %v, want %v", got, !tt.keep)
			}
		})
	}
}

func TestBufferPoolConcurrent(t *testing.T) {
	p := safepool.NewBufferPool(safepool.WithStats(true))
	const workers, rounds = 8, 1000
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range rounds {
				b := p.Get()
				if b.Len() != 0 {
					t.Errorf("worker %d: Get().Len() = %d, want 0", w, b.Len())
					return
				}
				b.Write(make([]byte, 100*(i%20)))
				p.Put(b)
			}
		})
	}
	wg.Wait()
	if s := p.Stats(); s.Gets != workers*rounds || s.Puts != workers*rounds {
		t.Errorf("Stats = %+v, want %d Gets and Puts", s, workers*rounds)
	}
}
