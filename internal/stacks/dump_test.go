package stacks_test

import (
	"errors"
	"reflect"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"testing"

	"github.com/safeprim/safeprim/internal/stacks"
)

// dump is a goroutineleak profile written with debug=2, as Go 1.26 (with
// GOEXPERIMENT=goroutineleakprofile) and Go 1.27 write it, with headers and
// frames of the other forms the runtime prints added: labels, GOTRACEBACK=
// system fields, an inlined frame, elided frames, an ancestor's stack and
// a creator of a Go before 1.21, which did not name the creating goroutine.
const dump = "goroutine 1 [running]:\n" +
	"runtime/pprof.writeGoroutineStacks({0x515978, 0x6aac774a040})\n" +
	"\t/usr/local/go/src/runtime/pprof/pprof.go:819 +0x6b\n" +
	"main.main()\n" +
	"\t/tmp/gl/main.go:28 +0x107\n" +
	"\n" +
	"goroutine 7 [chan send (leaked)]:\n" +
	"main.leak.func1()\n" +
	"\t/tmp/gl/main.go:11 +0x1e\n" +
	"created by main.leak in goroutine 1\n" +
	"\t/tmp/gl/main.go:11 +0x5f\n" +
	"\n" +
	"goroutine 12 gp=0xc000007c00 m=nil [select (leaked) (scan), 3 minutes, locked to thread] {k: v, \"a]\": b}:\n" +
	"main.(*T).wait[...](0xc000012345, {0x1, 0x2})\n" +
	"\t/tmp/dir with space/t.go:7 +0x1c fp=0xc0000 sp=0xc0001 pc=0x4dc17c\n" +
	"main.inlined(...)\n" +
	"\t/tmp/gl/t.go:20\n" +
	"...additional frames elided...\n" +
	"created by main.start\n" +
	"\t/tmp/gl/t.go:30 +0x2a\n" +
	"[originating from goroutine 1]:\n" +
	"main.main(...)\n" +
	"\t/tmp/gl/main.go:5 +0x1\n" +
	"\n" +
	"goroutine 20 [chan receive, 12 minutes]:\n" +
	"main.main.func1()\n" +
	"\t/tmp/gl/main.go:19 +0x19\n" +
	"created by main.main in goroutine 1\n" +
	"\t/tmp/gl/main.go:19 +0x86\n"

func TestParseDump(t *testing.T) {
	tests := []struct {
		name, text string
		want       []stacks.Goroutine
	}{
		{"empty", "", nil},
		{"goroutineleak", dump, []stacks.Goroutine{
			{ID: 1, State: "running", Stack: []stacks.Frame{
				{"runtime/pprof.writeGoroutineStacks", "/usr/local/go/src/runtime/pprof/pprof.go", 819},
				{"main.main", "/tmp/gl/main.go", 28},
			}},
			{ID: 7, State: "chan send", Leaked: true,
				Stack:     []stacks.Frame{{"main.leak.func1", "/tmp/gl/main.go", 11}},
				CreatedBy: stacks.Frame{"main.leak", "/tmp/gl/main.go", 11}, Creator: 1},
			{ID: 12, State: "select", Leaked: true,
				Stack: []stacks.Frame{
					{"main.(*T).wait[...]", "/tmp/dir with space/t.go", 7},
					{"main.inlined", "/tmp/gl/t.go", 20},
				},
				CreatedBy: stacks.Frame{"main.start", "/tmp/gl/t.go", 30}},
			{ID: 20, State: "chan receive",
				Stack:     []stacks.Frame{{"main.main.func1", "/tmp/gl/main.go", 19}},
				CreatedBy: stacks.Frame{"main.main", "/tmp/gl/main.go", 19}, Creator: 1},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := stacks.ParseDump(strings.NewReader(tt.text))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.Goroutines, tt.want) || got.Cut {
				t.Errorf("got %+v, want %+v, not cut", got, tt.want)
			}
		})
	}
}

func TestParseDumpErrors(t *testing.T) {
	const header = "goroutine 1 [running]:\n"
	tests := []struct {
		name, text, want string
	}{
		{"header", "goroutine profile: total 1\n", "stacks: line 1: not a goroutine header"},
		{"id", "goroutine x [running]:\n", "stacks: line 1: bad goroutine id"},
		{"state", "goroutine 1 running:\n", "stacks: line 1: no [state]"},
		{"file-line", header + "main.f()\n\t/m.go\n", "stacks: line 3: bad file line"},
		{"file-line-number", header + "main.f()\n\t/m.go:x +0x1\n", "stacks: line 3: bad file line"},
		{"no-file-line", header + "main.f()\n\n", "stacks: line 3: frame without its file line"},
		{"no-file-line-end", header + "main.f()\n", "stacks: line 2: frame without its file line at the end"},
		{"no-function", header + "\t/m.go:1 +0x1\n", "stacks: line 2: file line without its function"},
		{"frame", header + "main.f\n", "stacks: line 2: bad frame"},
		{"creator", header + "created by main.g in goroutine x\n", "stacks: line 2: bad creator goroutine"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := stacks.ParseDump(strings.NewReader(tt.text))
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("got error %v, want one starting with %q", err, tt.want)
			}
		})
	}
}

// TestStacks finds goroutines of its own in a dump of the live process,
// with where they are blocked and the go statement that started them.
func TestStacks(t *testing.T) {
	const n = 3
	started, release := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	_, file, line, _ := runtime.Caller(0)
	for range n {
		wg.Add(1)
		go func() { defer wg.Done(); parked(started, release) }() // line+3
	}
	for range n {
		<-started
	}
	var found []stacks.Goroutine
	for try := 0; try < 1000 && len(found) != n; try++ {
		runtime.Gosched()
		d, err := stacks.Stacks()
		if err != nil {
			t.Fatal(err)
		}
		if d.Cut {
			t.Fatal("a dump of a few goroutines was cut")
		}
		found = found[:0]
		for _, g := range d.Goroutines {
			if len(g.Stack) > 0 && g.Stack[0].Function == testPkg+"parked" && g.State == "chan receive" {
				found = append(found, g)
			}
		}
	}
	close(release)
	wg.Wait()
	if len(found) != n {
		t.Fatalf("got %d goroutines blocked in parked, want %d", len(found), n)
	}
	want := stacks.Frame{Function: testPkg + "TestStacks", File: file, Line: line + 3}
	for _, g := range found {
		if g.CreatedBy != want || g.Creator == 0 || g.Leaked {
			t.Errorf("got goroutine %d created by %v in goroutine %d, leaked %v; want created by %v, not leaked",
				g.ID, g.CreatedBy, g.Creator, g.Leaked, want)
		}
		if got, want := g.Entry().Function, testPkg+"TestStacks.func1"; got != want {
			t.Errorf("Entry: got %q, want %q", got, want)
		}
	}
}

func TestGoroutineEntry(t *testing.T) {
	g := stacks.Goroutine{Stack: []stacks.Frame{{"main.blocked", "/m.go", 10}, {"main.worker", "/m.go", 30}}}
	if got, want := g.Entry(), g.Stack[1]; got != want {
		t.Errorf("Entry: got %v, want %v", got, want)
	}
	var empty stacks.Goroutine
	if got := empty.Entry(); got != (stacks.Frame{}) {
		t.Errorf("Entry of an empty stack: got %v, want the zero Frame", got)
	}
}

// TestHasLeakProfile checks the build constraint against the runtime:
// the goroutineleak profile is there exactly when HasLeakProfile says so.
// This test leaks no goroutine, and ReadLeaked finds none.
func TestHasLeakProfile(t *testing.T) {
	if got := pprof.Lookup("goroutineleak") != nil; got != stacks.HasLeakProfile {
		t.Fatalf("goroutineleak profile present: %v; HasLeakProfile says %v", got, stacks.HasLeakProfile)
	}
	d, err := stacks.ReadLeaked()
	switch {
	case !stacks.HasLeakProfile:
		if !errors.Is(err, stacks.ErrNoProfile) {
			t.Errorf("ReadLeaked: got error %v, want ErrNoProfile", err)
		}
	case err != nil:
		t.Errorf("ReadLeaked: %v", err)
	case len(d.Goroutines) != 0 || d.Cut:
		t.Errorf("ReadLeaked: got %+v, want no goroutine", d)
	}
}

// TestParseLeaked parses the sample dump keeping the leaked goroutines
// only, as ReadLeaked does, which skips the lines of the others.
func TestParseLeaked(t *testing.T) {
	d, err := stacks.ParseLeaked(dump)
	if err != nil {
		t.Fatal(err)
	}
	all, err := stacks.ParseDump(strings.NewReader(dump))
	if err != nil {
		t.Fatal(err)
	}
	want := []stacks.Goroutine{all.Goroutines[1], all.Goroutines[2]}
	if !reflect.DeepEqual(d.Goroutines, want) {
		t.Errorf("got %+v, want the leaked goroutines %+v", d.Goroutines, want)
	}
}
