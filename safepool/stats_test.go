package safepool_test

import (
	"bytes"
	"sync"
	"testing"

	"github.com/safeprim/safeprim/safepool"
)

// TestStatsConcurrent checks that the striped counters add up exactly once
// concurrent calls have finished.
func TestStatsConcurrent(t *testing.T) {
	const workers, rounds = 8, 500
	pool := safepool.New(
		func() *bytes.Buffer { return new(bytes.Buffer) },
		func(b *bytes.Buffer) (*bytes.Buffer, bool) { b.Reset(); return b, b.Cap() <= 1024 },
		safepool.WithStats(true))
	bp := safepool.NewBufferPool(safepool.WithStats(true))
	sp := safepool.NewSlicePool[byte](safepool.WithStats(true))
	tests := []struct {
		name  string
		round func(i int) // one Get and one Put; a drop when i%50 == 0
		stats func() safepool.Stats
	}{
		{"type=Pool", func(i int) {
			b := pool.Get()
			if i%50 == 0 {
				b.Grow(4096)
			}
			pool.Put(b)
		}, pool.Stats},
		{"type=BufferPool", func(i int) {
			b := bp.Get()
			b.WriteString("hello")
			if i%50 == 0 {
				b.Grow(1 << 20)
			}
			bp.Put(b)
		}, bp.Stats},
		{"type=SlicePool", func(i int) {
			s := append(sp.Get(), "hello"...)
			if i%50 == 0 {
				s = make([]byte, 0, 1<<20)
			}
			sp.Put(s)
		}, sp.Stats},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for i := range 200 { // calibrate first, so that drops are predictable
				tt.round(i + 1)
			}
			before := tt.stats()
			var wg sync.WaitGroup
			for range workers {
				wg.Go(func() {
					for i := range rounds {
						tt.round(i)
					}
				})
			}
			wg.Wait()
			s := tt.stats()
			gets, puts, drops := s.Gets-before.Gets, s.Puts-before.Puts, s.Drops-before.Drops
			if gets != workers*rounds || puts != workers*rounds {
				t.Errorf("Gets, Puts grew by %d, %d, want %d each", gets, puts, workers*rounds)
			}
			if want := uint64(workers * rounds / 50); drops != want {
				t.Errorf("Drops grew by %d, want %d", drops, want)
			}
			if s.News > s.Gets || s.News == 0 {
				t.Errorf("News = %d with %d Gets, want between 1 and Gets", s.News, s.Gets)
			}
		})
	}
}
