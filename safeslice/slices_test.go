package safeslice_test

import (
	"fmt"
	"runtime"
	"slices"
	"testing"

	"github.com/safeprim/safeprim/internal/panictest"
	"github.com/safeprim/safeprim/safeslice"
)

func TestTruncate(t *testing.T) {
	for _, n := range []int{0, 1, 5, 10} {
		t.Run(fmt.Sprintf("n=%d", n), func(t *testing.T) {
			s := []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
			got := safeslice.Truncate(s, n)
			if want := []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}[:n]; !slices.Equal(got, want) {
				t.Errorf("Truncate(s, %d) = %v, want %v", n, got, want)
			}
			if cap(got) != cap(s) {
				t.Errorf("cap(Truncate(s, %d)) = %d, want %d", n, cap(got), cap(s))
			}
			for i, v := range s[n:] {
				if v != 0 {
					t.Errorf("s[%d] after Truncate(s, %d) = %d, want 0", n+i, n, v)
				}
			}
		})
	}
}

func TestTruncatePanics(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{
		{12, "safeslice: Truncate(12) with length 10"},
		{11, "safeslice: Truncate(11) with length 10"},
		{-1, "safeslice: Truncate(-1) with length 10"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("n=%d", tt.n), func(t *testing.T) {
			s := make([]int, 10, 20)
			panictest.Want(t, tt.want, func() { safeslice.Truncate(s, tt.n) })
		})
	}
}

func TestShrink(t *testing.T) {
	type ints []int // a named slice type keeps its type through Shrink
	tests := []struct {
		name     string
		s        ints
		wantCopy bool
	}{
		{"nil", nil, false},
		{"len=0/cap=0", ints{}, false},
		{"len=0/cap=8", make(ints, 0, 8), true},
		{"len=4/cap=8", make(ints, 4, 8), false},
		{"len=4/cap=9", make(ints, 4, 9), true},
		{"len=10/cap=1000", make(ints, 10, 1000), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for i := range tt.s {
				tt.s[i] = i + 1
			}
			got := safeslice.Shrink(tt.s)
			if !slices.Equal(got, tt.s) {
				t.Fatalf("Shrink(s) = %v, want %v", got, tt.s)
			}
			if (got == nil) != (tt.s == nil) {
				t.Errorf("Shrink(s) == nil is %t, want %t", got == nil, tt.s == nil)
			}
			copied := cap(got) != cap(tt.s)
			if copied != tt.wantCopy {
				t.Errorf("Shrink(s) copied = %t (cap %d from %d), want %t", copied, cap(got), cap(tt.s), tt.wantCopy)
			}
			if copied && cap(got) > 2*len(got) {
				t.Errorf("cap(Shrink(s)) = %d, want at most %d", cap(got), 2*len(got))
			}
		})
	}
}

func TestTruncateReleases(t *testing.T) {
	tests := []struct {
		name string
		drop func(s []*big) []*big
		want bool
	}{
		{"impl=naive", func(s []*big) []*big { return s[:2] }, false},
		{"impl=safeslice", func(s []*big) []*big { return safeslice.Truncate(s, 2) }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, collected := fillBig(10, 9)
			s = tt.drop(s)
			if got := collected(); got != tt.want {
				t.Errorf("dropped element collected = %t, want %t", got, tt.want)
			}
			runtime.KeepAlive(s)
		})
	}
}

func TestShrinkReleases(t *testing.T) {
	tests := []struct {
		name string
		keep func(s []byte) []byte
		want bool
	}{
		{"impl=naive", func(s []byte) []byte { return s[:10] }, false},
		{"impl=safeslice", func(s []byte) []byte { return safeslice.Shrink(s[:10]) }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			buf := make([]byte, 1<<20)
			collected := watchArray(buf)
			s := tt.keep(buf)
			buf = nil
			if got := collected(); got != tt.want {
				t.Errorf("large array collected = %t, want %t", got, tt.want)
			}
			runtime.KeepAlive(s)
			runtime.KeepAlive(buf)
		})
	}
}
