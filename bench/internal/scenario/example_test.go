package scenario_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/safeprim/safeprim/bench/internal/scenario"
)

var exampleCache [][]byte

func ExampleScenario_Measure() {
	// A scenario is a value; in the list, All, it is one entry.
	s := scenario.Scenario{
		Name: "example/header",
		Leak: "keeps buf[:8] of each 1 MiB buffer",
		Fix:  "keeps a copy of the 8 bytes",
		N:    16,
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
	}
	naive, release := s.Measure(scenario.Naive, s.N)
	release()
	safe, release := s.Measure(scenario.Safeprim, s.N)
	release()
	fmt.Println("naive retained at least 15 MiB:", naive.Retained >= 15<<20)
	fmt.Println("safeprim retained under 64 KiB:", safe.Retained < 64<<10)
	// Output:
	// naive retained at least 15 MiB: true
	// safeprim retained under 64 KiB: true
}

func ExampleScenario_Measure_goroutines() {
	s := named("goroutine/send-abandoned")
	for _, impl := range []scenario.Impl{scenario.Naive, scenario.Safeprim} {
		r, release := s.Measure(impl, 50)
		release()
		fmt.Printf("%s: %d goroutines left\n", impl, r.GoroutinesLeft)
	}
	// Output:
	// naive: 50 goroutines left
	// safeprim: 0 goroutines left
}

func ExampleAll() {
	sources := map[string]bool{}
	for _, s := range scenario.All {
		sources[s.Source()] = true
	}
	fmt.Println(sources["goroutine"], sources["slice"], sources["context"], sources["pool"], sources["map"], sources["http"])
	// Output:
	// true true true true true true
}

func ExampleScenario_Source() {
	fmt.Println(named("slice/queue").Source())
	// Output:
	// slice
}

func ExampleScenario_Count() {
	s := named("slice/queue")
	fmt.Println(s.N, s.Count(0.1), s.Count(0))
	// Output:
	// 100000 10000 1
}

func ExampleScenario_Workload() {
	s := named("slice/pointer-tail")
	release := s.Workload(scenario.Safeprim)(100)
	release()
	fmt.Println("done")
	// Output:
	// done
}

func ExampleScenario_MeasureOptions() {
	s := named("pool/oversized")
	// The pool scenarios read the heap after one collection.
	fmt.Println(len(s.MeasureOptions(100)))
	// Output:
	// 2
}

func ExampleLeakProfile_String() {
	p := &scenario.LeakProfile{Count: 3, Stacks: []scenario.LeakStack{{Count: 3, Func: "app.worker", Where: "worker.go:42"}}}
	fmt.Println(p)
	// Output:
	// 3 leaked: 3× app.worker (worker.go:42)
}

func ExampleReadLeakProfile() {
	// The profile exists only in binaries built with
	// GOEXPERIMENT=goroutineleakprofile; elsewhere ReadLeakProfile
	// returns nil.
	p, err := scenario.ReadLeakProfile()
	fmt.Println(err, (p != nil) == scenario.LeakProfileAvailable())
	// Output:
	// <nil> true
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
