package safepool_test

import (
	"testing"

	"github.com/safeprim/safeprim/safepool"
)

func TestBufferPoolCalibration(t *testing.T) {
	tests := []struct {
		name    string
		sizes   []int // cycled through
		wantNew int
		wantMax int
	}{
		{"uses=1KiB", []int{1024}, 1024, 4096},
		{"uses=100B", []int{100}, 128, 512},
		// The spread workload of bytebufferpool issue #15: the most frequent
		// size is small, but most uses need 1-4 KiB.
		{"uses=mixed", []int{40, 40, 40, 40, 40, 40, 40, 700, 700, 700, 700, 1500, 1500, 1500, 1500, 3000, 3000, 3000, 3000, 3000}, 2048, 16384},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p safepool.BufferPool
			for i := range 5000 {
				use(&p, tt.sizes[i%len(tt.sizes)])
			}
			gotNew, gotMax := p.Sizes()
			if gotNew != tt.wantNew || gotMax != tt.wantMax {
				t.Errorf("Sizes() = %d, %d, want %d, %d", gotNew, gotMax, tt.wantNew, tt.wantMax)
			}
		})
	}
}

// TestBufferPoolFollowsWorkload checks that the calibration forgets a past
// workload.
func TestBufferPoolFollowsWorkload(t *testing.T) {
	var p safepool.BufferPool
	for range 5000 {
		use(&p, 64<<10)
	}
	if got, _ := p.Sizes(); got != 64<<10 {
		t.Fatalf("new capacity after 64 KiB uses = %d, want %d", got, 64<<10)
	}
	for range 20000 {
		use(&p, 1000)
	}
	if got, _ := p.Sizes(); got != 1024 {
		t.Errorf("new capacity after 1 KiB uses = %d, want 1024", got)
	}
}

func TestSlicePoolCalibration(t *testing.T) {
	var p safepool.SlicePool[int64]
	for range 2000 {
		s := p.Get()
		for i := range 100 {
			s = append(s, int64(i))
		}
		p.Put(s)
	}
	// 100 elements of 8 bytes fall in the 1 KiB class: 128 elements.
	if gotNew, gotMax := p.Sizes(); gotNew != 128 || gotMax != 512 {
		t.Errorf("Sizes() = %d, %d, want 128, 512", gotNew, gotMax)
	}
	huge := make([]int64, 1<<20)
	before := p.Stats().Drops
	p.Put(huge)
	if got := p.Stats().Drops - before; got != 1 {
		t.Errorf("Drops grew by %d after an 8 MiB Put, want 1", got)
	}
}
