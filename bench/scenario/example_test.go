package scenario_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"

	"github.com/safeprim/safeprim/bench/scenario"
)

var exampleCache [][]byte

func ExampleRegister() {
	// Scenarios usually register in an init function; a name registers once.
	if _, dup := scenario.Lookup("example/header"); dup {
		return
	}
	scenario.Register(scenario.Scenario{
		Name:   "example/header",
		Source: "example",
		Leak:   "keeps buf[:8] of each 1 MiB buffer",
		Fix:    "keeps a copy of the 8 bytes",
		N:      16,
		Naive: func(n int) func() {
			for range n {
				buf := make([]byte, 1<<20)
				exampleCache = append(exampleCache, buf[:8])
			}
			return func() { exampleCache = nil }
		},
		Safeprim: func(n int) func() {
			for range n {
				buf := make([]byte, 1<<20)
				exampleCache = append(exampleCache, append([]byte(nil), buf[:8]...))
			}
			return func() { exampleCache = nil }
		},
	})
	s, _ := scenario.Lookup("example/header")
	naive := s.Run(scenario.Naive, s.N)
	safe := s.Run(scenario.Safeprim, s.N)
	fmt.Println("naive retained at least 15 MiB:", naive.Retained >= 15<<20)
	fmt.Println("safeprim retained under 64 KiB:", safe.Retained < 64<<10)
	// Output:
	// naive retained at least 15 MiB: true
	// safeprim retained under 64 KiB: true
}

func ExampleScenario_Run() {
	s, _ := scenario.Lookup("goroutine/send-abandoned")
	for _, impl := range []scenario.Impl{scenario.Naive, scenario.Safeprim} {
		side := s.Run(impl, 50)
		fmt.Printf("%s: %d goroutines left\n", impl, side.GoroutinesLeft)
	}
	// Output:
	// naive: 50 goroutines left
	// safeprim: 0 goroutines left
}

func ExampleRunChild() {
	// The current binary must call MaybeChild first thing, as this test
	// binary's TestMain does.
	exe, err := os.Executable()
	if err != nil {
		fmt.Println(err)
		return
	}
	s, _ := scenario.Lookup("map/concurrent-writes")
	side := scenario.RunChild(context.Background(), exe, s.Name, scenario.Safeprim, 1000)
	fmt.Println("safeprim completed:", side.Completed())
	side = scenario.RunChild(context.Background(), exe, "test/fatal", scenario.Naive, 1)
	fmt.Println("naive:", side.Killed)
	// Output:
	// safeprim completed: true
	// naive: fatal error: sync: unlock of unlocked mutex
}

func ExampleMaybeChild() {
	// Arguments that are not ChildArgs leave the program to carry on.
	_, ok := scenario.MaybeChild([]string{"-scale", "0.1"}, os.Stdout)
	fmt.Println(ok)
	// Output:
	// false
}

func ExampleChildArgs() {
	fmt.Println(scenario.ChildArgs("slice/queue", scenario.Naive, 1000))
	// Output:
	// [-leakbench.child slice/queue naive 1000]
}

func ExampleMatch() {
	for _, s := range scenario.Match(regexp.MustCompile(`^goroutine/`)) {
		fmt.Println(s.Name)
	}
	// Output:
	// goroutine/range-unclosed
	// goroutine/send-abandoned
}

func ExampleAll() {
	sources := map[string]bool{}
	for _, s := range scenario.All() {
		sources[s.Source] = true
	}
	fmt.Println(sources["goroutine"], sources["slice"], sources["context"], sources["pool"], sources["map"], sources["http"])
	// Output:
	// true true true true true true
}

func ExampleLookup() {
	s, ok := scenario.Lookup("slice/queue")
	fmt.Println(ok, s.Source)
	_, ok = scenario.Lookup("slice/nope")
	fmt.Println(ok)
	// Output:
	// true slice
	// false
}

func ExampleScenario_Count() {
	s, _ := scenario.Lookup("slice/queue")
	fmt.Println(s.N, s.Count(0.1), s.Count(0))
	// Output:
	// 100000 10000 1
}

func ExampleScenario_Workload() {
	s, _ := scenario.Lookup("slice/pointer-tail")
	release := s.Workload(scenario.Safeprim)(100)
	release()
	fmt.Println("done")
	// Output:
	// done
}

func ExampleScenario_MeasureOptions() {
	s, _ := scenario.Lookup("pool/oversized")
	// The pool scenarios read the heap after one collection.
	fmt.Println(len(s.MeasureOptions(100)))
	// Output:
	// 2
}

func ExampleSide_Completed() {
	fmt.Println(scenario.Side{}.Completed())
	fmt.Println(scenario.Side{Killed: "fatal error: concurrent map writes"}.Completed())
	// Output:
	// true
	// false
}

func ExampleNewOutcome() {
	s, _ := scenario.Lookup("slice/subslice")
	o := scenario.NewOutcome(s,
		scenario.Side{Impl: scenario.Naive, Retained: 64 << 20},
		scenario.Side{Impl: scenario.Safeprim, Retained: 64 << 10})
	r, ok := o.Ratio()
	fmt.Println(o.Scenario, o.Source, r, ok)
	// Output:
	// slice/subslice slice 0.0009765625 true
}

func ExampleOutcome_Ratio() {
	o := scenario.Outcome{
		Naive:    scenario.Side{Retained: 1000},
		Safeprim: scenario.Side{Retained: 10},
	}
	fmt.Println(o.Ratio())
	o.Naive = scenario.Side{Killed: "fatal error: concurrent map writes"}
	fmt.Println(o.Ratio())
	// Output:
	// 0.01 true
	// NaN false
}

func ExamplePolicy_Check() {
	o := scenario.Outcome{
		Naive:    scenario.Side{Retained: 10 << 20, GoroutinesLeft: 100},
		Safeprim: scenario.Side{Retained: 2 << 20},
	}
	fmt.Println(scenario.DefaultPolicy.Check(o))
	o.Safeprim = scenario.Side{Retained: 16 << 10}
	fmt.Println(scenario.DefaultPolicy.Check(o))
	// Output:
	// true safeprim side retained 2097152 B, 0.2 of naive's 10485760 B (limit 0.1)
	// false
}

func ExampleLeakProfile_String() {
	p := &scenario.LeakProfile{Count: 3, Stacks: []scenario.LeakStack{{Count: 3, Func: "app.worker", Where: "worker.go:42"}}}
	fmt.Println(p)
	// Output:
	// 3 leaked: 3× app.worker (worker.go:42)
}

func ExampleLeakProfileAvailable() {
	// True only in binaries built with GOEXPERIMENT=goroutineleakprofile.
	if scenario.LeakProfileAvailable() {
		fmt.Println("the runtime can report leaked goroutines")
	}
}

func ExampleNewService() {
	svc := scenario.NewService(scenario.Safeprim)
	rec := httptest.NewRecorder()
	ctx, cancel := context.WithCancel(context.Background())
	svc.Handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/hello", nil).WithContext(ctx))
	cancel() // as net/http does when the handler returns
	svc.Shutdown()()
	fmt.Print(rec.Code, " ", rec.Body.String())
	// Output:
	// 200 hello user (trace trace, session of 16384 bytes)
}
