package weaklist_test

import (
	"runtime"
	"slices"
	"sync"
	"testing"

	"go.uber.org/goleak"

	"github.com/safeprim/safeprim/internal/leaktest"
	"github.com/safeprim/safeprim/internal/weaklist"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

type object struct {
	n int
	_ [64]byte
}

func names(l *weaklist.List[object, string]) []string {
	var got []string
	l.Each(func(_ *object, name string) { got = append(got, name) })
	return got
}

func TestEach(t *testing.T) {
	var l weaklist.List[object, string]
	a, b := &object{n: 1}, &object{n: 2}
	l.Add(a, "a")
	l.Add(b, "b")
	var sum int
	l.Each(func(p *object, _ string) { sum += p.n })
	if got, want := names(&l), []string{"a", "b"}; !slices.Equal(got, want) || sum != 3 {
		t.Errorf("Each saw %q with sum %d, want %q with sum 3", got, sum, want)
	}
	runtime.KeepAlive(a)
	runtime.KeepAlive(b)
}

// TestLetsGo shows the list keeping nothing alive: an object that only the
// list holds is collected and leaves the list.
func TestLetsGo(t *testing.T) {
	var l weaklist.List[object, string]
	kept := &object{n: 1}
	l.Add(kept, "kept")
	dropped := &object{n: 2}
	l.Add(dropped, "dropped")
	collected := leaktest.Watch(dropped)
	dropped = nil
	if !collected() {
		t.Fatal("an object held only by the list was not collected")
	}
	// The entry goes when the cleanup runs, after the collection.
	for range 100 {
		if len(names(&l)) == 1 {
			break
		}
		runtime.Gosched()
	}
	if got, want := names(&l), []string{"kept"}; !slices.Equal(got, want) {
		t.Errorf("after the collection Each saw %q, want %q", got, want)
	}
	runtime.KeepAlive(kept)
}

func TestConcurrent(t *testing.T) {
	var l weaklist.List[object, string]
	var wg sync.WaitGroup
	keep := make([]*object, 100)
	for i := range keep {
		keep[i] = &object{n: i}
		wg.Go(func() {
			l.Add(keep[i], "x")
			_ = names(&l)
		})
	}
	wg.Wait()
	if got := len(names(&l)); got != len(keep) {
		t.Errorf("Each saw %d objects, want %d", got, len(keep))
	}
	runtime.KeepAlive(keep)
}
