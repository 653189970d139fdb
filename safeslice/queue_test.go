package safeslice_test

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/safeprim/safeprim/internal/race"
	"github.com/safeprim/safeprim/safeslice"
)

// checkQueue fails t unless q holds len(want) elements, its first is
// want[0], its free slots are zero and its capacity is within four times
// its length (or at most the floor of 64).
func checkQueue(t testing.TB, q *safeslice.Queue[int], want []int) {
	t.Helper()
	if got := q.Len(); got != len(want) {
		t.Fatalf("Len() = %d, want %d", got, len(want))
	}
	v, ok := q.Peek()
	if ok != (len(want) > 0) || (ok && v != want[0]) {
		t.Fatalf("Peek() = %d, %t, want the first of %v", v, ok, want[:min(len(want), 1)])
	}
	if c := q.Cap(); c < len(want) || (c > 64 && c > 4*len(want)) {
		t.Fatalf("Cap() = %d with Len() = %d, want between Len() and max(64, 4*Len())", c, len(want))
	}
	for i, v := range safeslice.QueueFree(q) {
		if v != 0 {
			t.Fatalf("free slot %d = %d, want 0", i, v)
		}
	}
}

func TestQueueZeroValue(t *testing.T) {
	var q safeslice.Queue[int]
	checkQueue(t, &q, nil)
	if v, ok := q.Pop(); ok || v != 0 {
		t.Errorf("Pop() on an empty Queue = %d, %t, want 0, false", v, ok)
	}
	if got := q.Cap(); got != 0 {
		t.Errorf("Cap() = %d, want 0", got)
	}
}

func TestQueueFIFO(t *testing.T) {
	for _, n := range []int{1, 15, 16, 17, 100, 1000} {
		t.Run(fmt.Sprintf("n=%d", n), func(t *testing.T) {
			var q safeslice.Queue[int]
			next, want := 1, 1
			// Interleave so that the ring wraps before it grows.
			for range 3 {
				for range n {
					q.Push(next)
					next++
				}
				for range n / 2 {
					if v, ok := q.Pop(); !ok || v != want {
						t.Fatalf("Pop() = %d, %t, want %d, true", v, ok, want)
					}
					want++
				}
			}
			for q.Len() > 0 {
				if v, ok := q.Pop(); !ok || v != want {
					t.Fatalf("Pop() = %d, %t, want %d, true", v, ok, want)
				}
				want++
			}
			if want != next {
				t.Errorf("popped up to %d, want %d", want-1, next-1)
			}
		})
	}
}

// TestQueueDrain is the outcome the package promises: a Queue that held a
// million elements and drained is small again.
func TestQueueDrain(t *testing.T) {
	const held, after, maxCap = 1_000_000, 100, 1024
	var q safeslice.Queue[int]
	for i := range held {
		q.Push(i)
	}
	for q.Len() > 0 {
		q.Pop()
	}
	for i := range after {
		q.Push(i)
		q.Pop()
	}
	if got := q.Cap(); got > maxCap {
		t.Errorf("Cap() after holding %d and draining = %d, want at most %d", held, got, maxCap)
	}
}

// TestQueueNoThrash checks that a Queue whose length moves back and forth
// across a capacity boundary does not reallocate each time.
func TestQueueNoThrash(t *testing.T) {
	var q safeslice.Queue[int]
	for i := range 1024 {
		q.Push(i)
	}
	c := q.Cap()
	changes := 0
	for range 100 {
		for i := range 2 {
			q.Push(i)
		}
		if q.Cap() != c {
			changes++
			c = q.Cap()
		}
		for range 2 {
			q.Pop()
		}
		if q.Cap() != c {
			changes++
			c = q.Cap()
		}
	}
	if changes > 1 {
		t.Errorf("capacity changed %d times while the length moved by 2 around 1024, want at most 1", changes)
	}
}

func TestQueueSteadyStateAllocs(t *testing.T) {
	if race.Enabled {
		t.Skip("allocation counts are unreliable under the race detector")
	}
	var q safeslice.Queue[int]
	for i := range 100 {
		q.Push(i)
	}
	if got := testing.AllocsPerRun(1000, func() {
		q.Push(1)
		q.Pop()
	}); got != 0 {
		t.Errorf("allocations per Push+Pop = %v, want 0", got)
	}
}

func TestQueuePopReleases(t *testing.T) {
	t.Run("impl=naive", func(t *testing.T) {
		q, collected := fillBig(10, 0)
		q = q[1:] // the idiom: the popped pointer stays in the array
		if collected() {
			t.Errorf("popped element collected, want kept by q = q[1:]")
		}
		runtime.KeepAlive(q)
	})
	t.Run("impl=safeslice", func(t *testing.T) {
		var q safeslice.Queue[*big]
		s, collected := fillBig(10, 0)
		for _, p := range s {
			q.Push(p)
		}
		s = nil
		q.Pop()
		if !collected() {
			t.Errorf("popped element not collected, want released by Pop")
		}
		runtime.KeepAlive(s)
		runtime.KeepAlive(&q)
	})
}

// FuzzQueue drives a Queue and a plain slice with the same operations,
// decoded from the input, and checks they hold the same elements after each.
func FuzzQueue(f *testing.F) {
	f.Add([]byte{0, 3, 1, 2})
	f.Add([]byte{2, 200, 1, 255, 1, 255, 0, 5, 1, 10, 2, 100, 1, 255})
	f.Add([]byte{0, 15, 1, 7, 0, 15, 1, 7, 0, 15, 1, 255})
	f.Fuzz(func(t *testing.T, ops []byte) {
		ops = ops[:min(len(ops), maxOps)]
		var q safeslice.Queue[int]
		var model []int
		next := 1
		for len(ops) >= 2 {
			op, arg := ops[0], int(ops[1])
			ops = ops[2:]
			n := arg % 17
			if op%3 == 2 {
				n = 8 * arg
				op = 0
			}
			switch op % 3 {
			case 0:
				for range n {
					q.Push(next)
					model = append(model, next)
					next++
				}
			case 1:
				for range n {
					v, ok := q.Pop()
					if len(model) == 0 {
						if ok || v != 0 {
							t.Fatalf("Pop() on an empty Queue = %d, %t, want 0, false", v, ok)
						}
						continue
					}
					if !ok || v != model[0] {
						t.Fatalf("Pop() = %d, %t, want %d, true", v, ok, model[0])
					}
					model = model[1:]
				}
			}
			checkQueue(t, &q, model)
		}
	})
}
