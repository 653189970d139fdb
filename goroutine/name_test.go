package goroutine_test

import (
	"bytes"
	"context"
	"fmt"
	"runtime/pprof"
	"strings"
	"sync"
	"testing"

	"github.com/safeprim/safeprim/goroutine"
	"github.com/safeprim/safeprim/internal/race"
)

func TestRunningByName(t *testing.T) {
	release := make(chan struct{})
	var started sync.WaitGroup
	block := func() error { started.Done(); <-release; return nil }
	groups := []struct {
		name string
		n    int
	}{{"name-test-a", 2}, {"name-test-b", 3}, {"", 4}}
	gs := make([]*goroutine.Group, len(groups))
	for i, gr := range groups {
		gs[i] = new(goroutine.Group)
		gs[i].SetName(gr.name)
		if got := gs[i].Name(); got != gr.name {
			t.Errorf("Name() = %q, want %q", got, gr.name)
		}
		for range gr.n {
			started.Add(1)
			gs[i].Go(block)
		}
	}
	started.Wait()
	if got := goroutine.Running(); got != 9 {
		t.Errorf("Running = %d, want 9", got)
	}
	byName := goroutine.RunningByName()
	want := map[string]int64{"name-test-a": 2, "name-test-b": 3}
	if fmt.Sprint(byName) != fmt.Sprint(want) {
		t.Errorf("RunningByName = %v, want %v", byName, want)
	}
	close(release)
	for _, g := range gs {
		g.Wait()
	}
	if got := goroutine.Running(); got != 0 {
		t.Errorf("Running after Wait = %d, want 0", got)
	}
	if got := goroutine.RunningByName(); len(got) != 0 {
		t.Errorf("RunningByName after Wait = %v, want empty", got)
	}
}

// TestPprofLabels checks that a goroutine profile shows which group owns
// each goroutine, and that unnamed groups keep the labels they inherit.
func TestPprofLabels(t *testing.T) {
	release := make(chan struct{})
	var started sync.WaitGroup
	started.Add(2)
	var named goroutine.Group
	named.SetName("label-test")
	named.Go(func() error { started.Done(); <-release; return nil })
	var unnamed goroutine.Group
	pprof.Do(context.Background(), pprof.Labels("inherited", "yes"), func(context.Context) {
		unnamed.Go(func() error { started.Done(); <-release; return nil })
	})
	started.Wait()
	var buf bytes.Buffer
	if err := pprof.Lookup("goroutine").WriteTo(&buf, 1); err != nil {
		t.Fatal(err)
	}
	close(release)
	named.Wait()
	unnamed.Wait()
	for _, want := range []string{`"goroutine.group":"label-test"`, `"inherited":"yes"`} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("goroutine profile has no label %s:\n%s", want, buf.String())
		}
	}
}

// TestSetNameAllocs checks that a named group costs no allocation per task
// beyond the go statement's.
func TestSetNameAllocs(t *testing.T) {
	if race.Enabled {
		t.Skip("the race detector adds allocations")
	}
	const tasks = 100
	noop := func() error { return nil }
	measure := func(name string) float64 {
		var g goroutine.Group
		g.SetName(name)
		return testing.AllocsPerRun(20, func() {
			for range tasks {
				g.Go(noop)
			}
			g.Wait()
		})
	}
	unnamed, named := measure(""), measure("allocs-test")
	if named > unnamed {
		t.Errorf("named group: %v allocs for %d tasks, want at most the unnamed group's %v", named, tasks, unnamed)
	}
}
