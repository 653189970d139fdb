package stacks_test

import (
	"context"
	"errors"
	"maps"
	"runtime"
	"runtime/pprof"
	"sync"
	"testing"

	"github.com/safeprim/safeprim/internal/stacks"
)

const testPkg = "github.com/safeprim/safeprim/internal/stacks_test."

// parked blocks until release is closed.
func parked(started chan<- struct{}, release <-chan struct{}) {
	started <- struct{}{}
	<-release
}

// TestRead finds goroutines of its own in the live goroutine profile, with
// their labels, count and where they are blocked.
func TestRead(t *testing.T) {
	const n = 3
	started, release := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	labels := map[string]string{"stacks.test": t.Name(), "quoted": "a \"b\"\tc"}
	pprof.Do(context.Background(), pprof.Labels("stacks.test", labels["stacks.test"], "quoted", labels["quoted"]), func(context.Context) {
		for range n {
			wg.Go(func() { parked(started, release) })
		}
	})
	for range n {
		<-started
	}
	// Read until the goroutines have gone on from the send on started to
	// the receive on release, the same line, where they share one record.
	var (
		p     *stacks.Profile
		found []stacks.Record
	)
	for try := 0; try < 1000 && (len(found) != 1 || found[0].Count != n); try++ {
		runtime.Gosched()
		var err error
		if p, err = stacks.Read("goroutine"); err != nil {
			t.Fatal(err)
		}
		found = found[:0]
		for _, r := range p.Records {
			if r.Calls(testPkg + "parked") {
				found = append(found, r)
			}
		}
	}
	close(release)
	wg.Wait()
	if p.Name != "goroutine" {
		t.Errorf("Name: got %q, want goroutine", p.Name)
	}
	sum := 0
	for _, r := range p.Records {
		sum += r.Count
	}
	if sum != p.Total {
		t.Errorf("records count %d goroutines, Total says %d", sum, p.Total)
	}
	if len(found) != 1 {
		t.Fatalf("got %d records of parked goroutines, want 1: %+v", len(found), found)
	}
	r := found[0]
	if r.Count != n {
		t.Errorf("Count: got %d, want %d", r.Count, n)
	}
	if !maps.Equal(r.Labels, labels) {
		t.Errorf("Labels: got %q, want %q", r.Labels, labels)
	}
	if got := r.Blocked(); got.Function != testPkg+"parked" || got.Line == 0 {
		t.Errorf("Blocked: got %v, want %sparked at its line", got, testPkg)
	}
}

func TestReadNoProfile(t *testing.T) {
	_, err := stacks.Read("no-such-profile")
	if !errors.Is(err, stacks.ErrNoProfile) {
		t.Errorf("got error %v, want ErrNoProfile", err)
	}
}

// TestReadSelf reads the labels of concurrent callers: each gets its own,
// and its own record is not among the others.
func TestReadSelf(t *testing.T) {
	var wg sync.WaitGroup
	for _, value := range []string{"a", "b", "c", "d"} {
		wg.Go(func() {
			pprof.Do(context.Background(), pprof.Labels("stacks.self", value), func(context.Context) {
				self, others, err := stacks.ReadSelf()
				if err != nil {
					t.Error(err)
					return
				}
				if got := self.Labels["stacks.self"]; got != value {
					t.Errorf("own label: got %q, want %q", got, value)
				}
				if self.Count != 1 || !self.Calls(testPkg+"TestReadSelf.func1.1") {
					t.Errorf("own record: got %+v, want one goroutine calling TestReadSelf.func1.1", self)
				}
				for _, r := range others.Records {
					if r.Calls("github.com/safeprim/safeprim/internal/stacks.readSelf") {
						t.Errorf("a record of the others calls readSelf: %+v", r)
					}
				}
			})
		})
	}
	wg.Wait()
}
