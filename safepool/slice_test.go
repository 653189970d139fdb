package safepool_test

import (
	"runtime"
	"testing"
	"unsafe"

	"github.com/safeprim/safeprim/internal/leaktest"
	"github.com/safeprim/safeprim/internal/race"
	"github.com/safeprim/safeprim/safepool"
)

func TestSlicePoolGet(t *testing.T) {
	p := safepool.NewSlicePool[byte](safepool.WithStats(true))
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
	runtime.KeepAlive(s) // the array stays: only clearing lets the element go
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

// FuzzSlicePool drives a SlicePool of pointers with random lengths beside a
// naive reference that makes a fresh slice each time: every Get must look
// like the reference's (length 0, no element set up to the capacity), and
// the counters must match the calls.
func FuzzSlicePool(f *testing.F) {
	f.Add([]byte{3, 0, 200, 1, 0, 7, 2, 0})
	f.Add([]byte{255, 255, 0, 0, 1, 2, 3, 4, 5})
	f.Fuzz(func(t *testing.T, lens []byte) {
		p := safepool.NewSlicePool[*payload](safepool.WithStats(true))
		fresh := func() []*payload { return nil } // the naive reference
		shared := new(payload)
		var held [][]*payload
		var gets, puts uint64
		for i, n := range lens {
			if n%4 == 0 && len(held) > 0 { // Put the oldest held slice
				p.Put(held[0])
				held = held[1:]
				puts++
				continue
			}
			s, want := p.Get(), fresh()
			gets++
			if len(s) != len(want) {
				t.Fatalf("op %d: len(Get()) = %d, want %d", i, len(s), len(want))
			}
			for j, e := range s[:cap(s)] {
				if e != nil {
					t.Fatalf("op %d: element %d of a pooled slice is set, want cleared", i, j)
				}
			}
			for range int(n) {
				s = append(s, shared)
			}
			held = append(held, s[:int(n)/2]) // Put with a shorter length
		}
		st := p.Stats()
		if st.Gets != gets || st.Puts != puts || st.News > gets {
			t.Errorf("Stats = %+v after %d Gets and %d Puts", st, gets, puts)
		}
	})
}

// TestSlicePoolCapacityImplied checks why a SlicePool can keep only the
// pointer to a slice's array: the capacity a Get returns is the class's,
// never more than the array Put holds, and nothing a caller writes to the
// array after Put (a misuse) changes the length or capacity of a later Get,
// since neither is stored in it.
func TestSlicePoolCapacityImplied(t *testing.T) {
	onOneProcessor(t)
	var p safepool.SlicePool[int]
	for range 20 { // calibrate to 64 elements
		p.Put(append(p.Get(), make([]int, 64)...))
	}
	if newCap, _ := p.Sizes(); newCap != 64 {
		t.Fatalf("new capacity = %d, want 64", newCap)
	}
	caps := map[*int]int{} // array → capacity it was Put with
	for _, c := range []int{64, 70, 100, 127, 200} {
		s := make([]int, 10, c)
		caps[unsafe.SliceData(s)] = c
		p.Put(s)
		for i := range s[:cap(s)] {
			s[:cap(s)][i] = -1 // a write after Put, up to the full capacity
		}
	}
	ours := 0
	for range 10 {
		s := p.Get()
		if len(s) != 0 || cap(s) != 64 {
			t.Fatalf("Get() has len %d, cap %d, want 0, 64", len(s), cap(s))
		}
		if c, ok := caps[unsafe.SliceData(s)]; ok {
			ours++
			if cap(s) > c {
				t.Fatalf("Get() returned cap %d from an array of %d elements", cap(s), c)
			}
		}
	}
	if ours != len(caps) && !race.Enabled { // sync.Pool drops Puts under -race
		t.Errorf("Gets returned %d of the %d arrays Put, want all", ours, len(caps))
	}
}
