package safeslice_test

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"testing"

	"github.com/safeprim/safeprim/internal/leaktest"
	"github.com/safeprim/safeprim/internal/panictest"
	"github.com/safeprim/safeprim/safeslice"
)

// big is large enough that the allocator never batches it with other
// objects, so a cleanup attached to it runs once it is unreachable.
type big struct{ _ [1 << 10]byte }

// checkBuffer fails t unless b holds want and zero values past its length.
func checkBuffer(t testing.TB, b *safeslice.Buffer[int], want []int) {
	t.Helper()
	if got := b.Slice(); !slices.Equal(got, want) {
		t.Fatalf("Slice() = %v, want %v", got, want)
	}
	if got := b.Len(); got != len(want) {
		t.Fatalf("Len() = %d, want %d", got, len(want))
	}
	if got := b.Cap(); got < len(want) {
		t.Fatalf("Cap() = %d, want at least Len() = %d", got, len(want))
	}
	for i, v := range safeslice.BufferSpare(b) {
		if v != 0 {
			t.Fatalf("element %d past the length = %d, want 0", len(want)+i, v)
		}
	}
}

func TestBufferZeroValue(t *testing.T) {
	var b safeslice.Buffer[int]
	checkBuffer(t, &b, nil)
	if got := b.Cap(); got != 0 {
		t.Errorf("Cap() = %d, want 0", got)
	}
	b.Reset()
	b.Shrink()
	checkBuffer(t, &b, nil)
	b.Append(1, 2, 3)
	checkBuffer(t, &b, []int{1, 2, 3})
}

func TestBufferOps(t *testing.T) {
	tests := []struct {
		name string
		op   func(b *safeslice.Buffer[int])
		want []int
	}{
		{"append=one", func(b *safeslice.Buffer[int]) { b.Append(9) }, []int{1, 2, 3, 4, 5, 9}},
		{"append=none", func(b *safeslice.Buffer[int]) { b.Append() }, []int{1, 2, 3, 4, 5}},
		{"append=many", func(b *safeslice.Buffer[int]) { b.Append(7, 8) }, []int{1, 2, 3, 4, 5, 7, 8}},
		{"truncate=2", func(b *safeslice.Buffer[int]) { b.Truncate(2) }, []int{1, 2}},
		{"truncate=len", func(b *safeslice.Buffer[int]) { b.Truncate(5) }, []int{1, 2, 3, 4, 5}},
		{"reset", func(b *safeslice.Buffer[int]) { b.Reset() }, nil},
		{"grow", func(b *safeslice.Buffer[int]) { b.Grow(100) }, []int{1, 2, 3, 4, 5}},
		{"shrink", func(b *safeslice.Buffer[int]) { b.Shrink() }, []int{1, 2, 3, 4, 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b safeslice.Buffer[int]
			b.Append(1, 2, 3, 4, 5)
			tt.op(&b)
			checkBuffer(t, &b, tt.want)
		})
	}
}

func TestBufferSliceIsClipped(t *testing.T) {
	var b safeslice.Buffer[int]
	b.Grow(10)
	b.Append(1, 2)
	s := append(b.Slice(), 3)
	s[0] = 100
	checkBuffer(t, &b, []int{1, 2})
}

func TestBufferGrow(t *testing.T) {
	for _, n := range []int{0, 1, 10, 1000} {
		t.Run(fmt.Sprintf("n=%d", n), func(t *testing.T) {
			var b safeslice.Buffer[int]
			b.Append(1, 2, 3)
			b.Grow(n)
			c := b.Cap()
			if c < 3+n {
				t.Fatalf("Cap() after Grow(%d) = %d, want at least %d", n, c, 3+n)
			}
			for i := range n {
				b.Append(i)
			}
			if got := b.Cap(); got != c {
				t.Errorf("Cap() after %d appends = %d, want %d (no reallocation)", n, got, c)
			}
		})
	}
}

func TestBufferPanics(t *testing.T) {
	tests := []struct {
		name string
		f    func(b *safeslice.Buffer[int])
		want string
	}{
		{"truncate=12", func(b *safeslice.Buffer[int]) { b.Truncate(12) }, "safeslice: Truncate(12) with length 10"},
		{"truncate=-1", func(b *safeslice.Buffer[int]) { b.Truncate(-1) }, "safeslice: Truncate(-1) with length 10"},
		{"grow=-1", func(b *safeslice.Buffer[int]) { b.Grow(-1) }, "safeslice: Grow(-1) with negative n"},
		// The length overflows int, or the array would be larger than the
		// runtime allocates: the runtime's error (whose wording depends on
		// how the binary was compiled), named.
		{"grow=MaxInt", func(b *safeslice.Buffer[int]) { b.Grow(math.MaxInt) },
			fmt.Sprintf("safeslice: Grow(%d) with length 10: a slice cannot hold that many elements (runtime error: ", math.MaxInt)},
		{"grow=MaxInt/2", func(b *safeslice.Buffer[int]) { b.Grow(math.MaxInt / 2) },
			fmt.Sprintf("safeslice: Grow(%d) with length 10: a slice cannot hold that many elements (runtime error: ", math.MaxInt/2)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b safeslice.Buffer[int]
			b.Append(make([]int, 10)...)
			panictest.Want(t, tt.want, func() { tt.f(&b) })
			if got := b.Len(); got != 10 {
				t.Errorf("Len after the panic = %d, want 10", got)
			}
		})
	}
}

func TestBufferGrowZeroSize(t *testing.T) {
	// Elements of size zero take no memory, so only the length can
	// overflow.
	var b safeslice.Buffer[struct{}]
	b.Append(make([]struct{}, 10)...)
	b.Grow(math.MaxInt - 10)
	if got := b.Cap(); got < math.MaxInt-10 {
		t.Errorf("Cap after Grow(MaxInt-10) = %d, want at least %d", got, math.MaxInt-10)
	}
	panictest.Want(t, fmt.Sprintf("safeslice: Grow(%d) with length 10: a slice cannot hold that many elements", math.MaxInt-9), func() {
		b.Grow(math.MaxInt - 9)
	})
}

func TestBufferShrink(t *testing.T) {
	tests := []struct {
		name    string
		keep    int
		wantCap int
	}{
		{"keep=0", 0, safeslice.DefaultFloor},
		{"keep=10", 10, safeslice.DefaultFloor},
		{"keep=1000", 1000, 1000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b safeslice.Buffer[int]
			b.Append(make([]int, 100_000)...)
			b.Truncate(tt.keep)
			b.Shrink()
			if got := b.Cap(); got != tt.wantCap {
				t.Errorf("Cap() = %d, want %d", got, tt.wantCap)
			}
			checkBuffer(t, &b, make([]int, tt.keep))
		})
	}
}

// maxOps bounds the input a fuzz target decodes, so that each input runs
// in well under a second.
const maxOps = 512

// FuzzBuffer drives a Buffer and a plain slice with the same operations,
// decoded from the input, under a small shrink policy that the operations
// trigger often, and checks they hold the same elements after each.
func FuzzBuffer(f *testing.F) {
	f.Add([]byte{0, 0, 0, 0, 3, 2, 1})
	f.Add([]byte{1, 1, 1, 1, 200, 3, 0, 0, 2, 3, 0, 3, 0, 3, 0, 3, 0})
	f.Add([]byte{7, 2, 3, 1, 255, 2, 9, 4, 50, 5, 0, 0, 7, 3, 0, 5, 0})
	f.Add([]byte{0, 1, 0, 1, 90, 0, 5, 3, 0, 0, 6, 3, 0, 1, 100, 2, 200, 3, 0, 0, 1, 3, 0})
	f.Fuzz(func(t *testing.T, ops []byte) {
		ops = ops[:min(len(ops), maxOps)]
		var b safeslice.Buffer[int]
		var model []int
		if len(ops) >= 3 {
			b.SetPolicy(safeslice.Policy{Floor: 1 + int(ops[0]%8), Factor: 2 + int(ops[1]%3), Window: 1 + int(ops[2]%4)})
			ops = ops[3:]
		}
		next := 1
		values := func(n int) []int {
			v := make([]int, n)
			for i := range v {
				v[i] = next
				next++
			}
			return v
		}
		for len(ops) >= 2 {
			op, arg := ops[0], int(ops[1])
			ops = ops[2:]
			switch op % 6 {
			case 0:
				for _, v := range values(arg % 8) {
					b.Append(v)
					model = append(model, v)
				}
			case 1:
				v := values(4 * arg)
				b.Append(v...)
				model = append(model, v...)
			case 2:
				n := arg % (len(model) + 1)
				b.Truncate(n)
				model = model[:n]
			case 3:
				b.Reset()
				model = model[:0]
			case 4:
				b.Grow(arg)
				if got, want := b.Cap()-b.Len(), arg; got < want {
					t.Fatalf("Cap()-Len() after Grow(%d) = %d, want at least %d", arg, got, want)
				}
			case 5:
				b.Shrink()
			}
			checkBuffer(t, &b, model)
		}
	})
}

// fillBig returns a slice of n pointers to new objects and a function that
// reports whether the one at index watch has been collected.
func fillBig(n, watch int) ([]*big, func() bool) {
	s := make([]*big, n)
	for i := range s {
		s[i] = new(big)
	}
	return s, leaktest.Watch(s[watch])
}

func TestBufferTruncateReleases(t *testing.T) {
	tests := []struct {
		name string
		drop func(b *safeslice.Buffer[*big], s []*big) []*big
		want bool
	}{
		{"impl=naive", func(_ *safeslice.Buffer[*big], s []*big) []*big { return s[:2] }, false},
		{"impl=safeslice/op=Truncate", func(b *safeslice.Buffer[*big], s []*big) []*big { b.Truncate(2); return s }, true},
		{"impl=safeslice/op=Reset", func(b *safeslice.Buffer[*big], s []*big) []*big { b.Reset(); return s }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b safeslice.Buffer[*big]
			s, collected := fillBig(10, 9)
			if tt.want {
				b.Append(s...)
				s = nil
			}
			s = tt.drop(&b, s)
			if got := collected(); got != tt.want {
				t.Errorf("dropped element collected = %t, want %t", got, tt.want)
			}
			runtime.KeepAlive(s)
			runtime.KeepAlive(&b)
		})
	}
}

// watchArray returns a function that reports whether the backing array of
// s has been collected.
func watchArray[E any](s []E) func() bool {
	return leaktest.Watch(&s[:1][0])
}

func TestBufferPolicyReleasesArray(t *testing.T) {
	const burst, cycles, small = 1_000_000, 100, 10
	t.Run("impl=naive", func(t *testing.T) {
		s := make([]int, burst)
		collected := watchArray(s)
		for range cycles {
			s = s[:0]
			for i := range small {
				s = append(s, i)
			}
		}
		if collected() {
			t.Errorf("backing array of a plain slice collected, want kept by s = s[:0]")
		}
		runtime.KeepAlive(s)
	})
	t.Run("impl=safeslice", func(t *testing.T) {
		var b safeslice.Buffer[int]
		b.Append(make([]int, burst)...)
		collected := watchArray(b.Slice())
		for range cycles {
			b.Reset()
			for i := range small {
				b.Append(i)
			}
		}
		if !collected() {
			t.Errorf("backing array of the burst not collected after %d small cycles (Cap() = %d)", cycles, b.Cap())
		}
		runtime.KeepAlive(&b)
	})
}
