package safepool_test

import (
	"bytes"
	"io"
	"runtime"
	"testing"

	"github.com/safeprim/safeprim/internal/race"
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
// workload. A pool that never runs short samples its Puts after garbage
// collections, as a program that allocates has them.
func TestBufferPoolFollowsWorkload(t *testing.T) {
	var p safepool.BufferPool
	for range 5000 {
		use(&p, 64<<10)
	}
	if got, _ := p.Sizes(); got != 64<<10 {
		t.Fatalf("new capacity after 64 KiB uses = %d, want %d", got, 64<<10)
	}
	for i := range 20000 {
		if i%1000 == 0 {
			runtime.GC()
		}
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

// drains are the ways a pooled buffer is emptied before it is Put back: a
// pool that recorded the emptied buffer's length as its use would
// calibrate to nothing and drop every buffer (issue #12).
var drains = []struct {
	name  string
	drain func(*bytes.Buffer)
}{
	{"drain=io.Copy", func(b *bytes.Buffer) { io.Copy(io.Discard, b) }}, // b.WriteTo
	{"drain=Read", func(b *bytes.Buffer) { io.ReadAll(b) }},
	{"drain=Reset", func(b *bytes.Buffer) { b.Reset() }},
}

// TestBufferPoolDrained runs a steady 4 KiB workload whose buffers are
// emptied before Put: the pool must keep them, at most 1 in 10 dropped or
// made anew, and still drop a 16 MiB outlier.
func TestBufferPoolDrained(t *testing.T) {
	const uses = 5000
	payload := make([]byte, 4<<10)
	for _, tt := range drains {
		t.Run(tt.name, func(t *testing.T) {
			var p safepool.BufferPool
			for range uses {
				b := p.Get()
				b.Write(payload)
				tt.drain(b)
				p.Put(b)
			}
			s := p.Stats()
			if s.Drops > uses/10 {
				t.Errorf("Drops = %d of %d uses, want at most %d", s.Drops, uses, uses/10)
			}
			if !race.Enabled && s.News > uses/10 { // sync.Pool drops Puts under -race
				t.Errorf("News = %d of %d uses, want at most %d", s.News, uses, uses/10)
			}
			if newCap, _ := p.Sizes(); newCap < len(payload) {
				t.Errorf("new capacity = %d, want at least %d", newCap, len(payload))
			}

			huge := p.Get()
			huge.Write(make([]byte, 16<<20))
			tt.drain(huge)
			before := p.Stats().Drops
			p.Put(huge)
			if got := p.Stats().Drops - before; got != 1 {
				t.Errorf("Drops grew by %d after a drained 16 MiB buffer was Put, want 1", got)
			}
		})
	}
}

// TestSlicePoolEmptied runs a steady workload whose slices are cut to s[:0]
// before Put: the pool must keep them.
func TestSlicePoolEmptied(t *testing.T) {
	const uses = 5000
	var p safepool.SlicePool[int]
	for range uses {
		s := p.Get()
		for i := range 500 {
			s = append(s, i)
		}
		p.Put(s[:0])
	}
	s := p.Stats()
	if s.Drops > uses/10 {
		t.Errorf("Drops = %d of %d uses, want at most %d", s.Drops, uses, uses/10)
	}
	if !race.Enabled && s.News > uses/10 {
		t.Errorf("News = %d of %d uses, want at most %d", s.News, uses, uses/10)
	}
	if newCap, _ := p.Sizes(); newCap < 500 {
		t.Errorf("new capacity = %d elements, want at least 500", newCap)
	}
}
