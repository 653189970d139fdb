package safepool_test

import (
	"testing"

	"github.com/safeprim/safeprim/internal/leaktest"
	"github.com/safeprim/safeprim/safepool"
)

func TestSlicePoolGet(t *testing.T) {
	var p safepool.SlicePool[byte]
	for i := range 100 {
		s := p.Get()
		if len(s) != 0 {
			t.Fatalf("round %d: len(Get()) = %d, want 0", i, len(s))
		}
		p.Put(append(s, "dirty"...))
	}
	p.Put(nil)
	if s := p.Stats(); s.Gets != 100 || s.Puts != 101 || s.Drops != 1 {
		t.Errorf("Stats = %+v, want 100 Gets, 101 Puts, 1 Drop (the nil slice)", s)
	}
}

// TestSlicePoolClears checks that Put clears pointers up to the capacity,
// past the length the slice was Put with, so the pool keeps nothing alive.
func TestSlicePoolClears(t *testing.T) {
	var p safepool.SlicePool[*payload]
	s := p.Get()
	s = append(s, new(payload), new(payload))
	collected := leaktest.Watch(s[1])
	p.Put(s[:1]) // the second element is past the length
	if !collected() {
		t.Error("element past the length of a Put slice was not collected")
	}
	s = nil
	_ = s
}

func TestSlicePoolZeroSize(t *testing.T) {
	var p safepool.SlicePool[struct{}]
	s := p.Get()
	s = append(s, struct{}{}, struct{}{})
	p.Put(s)
	if got := len(p.Get()); got != 0 {
		t.Errorf("len(Get()) = %d, want 0", got)
	}
}
