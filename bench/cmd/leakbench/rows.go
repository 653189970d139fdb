package main

import (
	"fmt"
	"strings"
)

// speedRows is the speed table: every primitive against the code it
// replaces. Each row names the full benchmark name of the safeprim case,
// as go test -bench prints it (without the -GOMAXPROCS suffix); the
// counterpart and the naive case are the same name with another impl=.
// Rows that share a benchmark share its runs: the Map rows against
// sync.Map and against xsync cost nothing more to report. Targets are
// those of issues #12, #13 and #17.
var speedRows = []speedRow{
	{What: "Pool vs sync.Pool by hand", Pkg: "safepool", Bench: "BenchmarkPoolGetPut/mode=serial/impl=safepool", Counterpart: "sync.Pool", Naive: "naive", Target: atMost(1.2)},
	{What: "Pool vs sync.Pool by hand", Pkg: "safepool", Bench: "BenchmarkPoolGetPut/mode=parallel/impl=safepool", Counterpart: "sync.Pool", Naive: "naive", Target: atMost(1.2)},
	{What: "Pool with exact stats vs sync.Pool by hand", Pkg: "safepool", Bench: "BenchmarkPoolGetPut/mode=serial/impl=safepool-stats", Counterpart: "sync.Pool"},
	{What: "Pool with exact stats vs sync.Pool by hand", Pkg: "safepool", Bench: "BenchmarkPoolGetPut/mode=parallel/impl=safepool-stats", Counterpart: "sync.Pool"},
	{What: "BufferPool vs sync.Pool by hand", Pkg: "safepool", Bench: "BenchmarkBufferPoolGetPut/mode=serial/impl=safepool", Counterpart: "sync.Pool", Naive: "naive", Target: atMost(1.3)},
	{What: "BufferPool vs sync.Pool by hand", Pkg: "safepool", Bench: "BenchmarkBufferPoolGetPut/mode=parallel/impl=safepool", Counterpart: "sync.Pool", Naive: "naive", Target: atMost(1.3)},
	{What: "SlicePool vs sync.Pool of *[]byte by hand", Pkg: "safepool", Bench: "BenchmarkSlicePoolGetPut/mode=serial/impl=safepool", Counterpart: "sync.Pool-pointer", Naive: "naive", Target: atMost(1.4)},
	{What: "SlicePool vs sync.Pool of *[]byte by hand", Pkg: "safepool", Bench: "BenchmarkSlicePoolGetPut/mode=parallel/impl=safepool", Counterpart: "sync.Pool-pointer", Naive: "naive", Target: atMost(1.4)},
	{What: "SlicePool vs sync.Pool of []byte", Pkg: "safepool", Bench: "BenchmarkSlicePoolGetPut/mode=serial/impl=safepool", Counterpart: "sync.Pool", Target: below(1)},
	{What: "SlicePool vs sync.Pool of []byte", Pkg: "safepool", Bench: "BenchmarkSlicePoolGetPut/mode=parallel/impl=safepool", Counterpart: "sync.Pool", Target: below(1)},

	{What: "Buffer vs append with the same zeroing", Pkg: "safeslice", Bench: "BenchmarkBufferAppend/impl=safeslice/slice=local", Counterpart: "naive-clear", Naive: "naive", Target: atMost(1.3)},
	{What: "Buffer vs append with the same zeroing", Pkg: "safeslice", Bench: "BenchmarkBufferAppend/impl=safeslice/slice=field", Counterpart: "naive-clear", Naive: "naive", Target: atMost(1.3)},
	{What: "Queue vs append and q = q[1:]", Pkg: "safeslice", Bench: "BenchmarkQueue/impl=safeslice/depth=16", Counterpart: "naive"},
	{What: "Queue vs append and q = q[1:]", Pkg: "safeslice", Bench: "BenchmarkQueue/impl=safeslice/depth=1024", Counterpart: "naive"},

	{What: "Key.Value vs ctx.Value(key).(T)", Pkg: "ctxdata", Bench: "BenchmarkValue/depth=1/impl=ctxdata", Counterpart: "naive", Target: atMost(1.2)},
	{What: "Key.Value vs ctx.Value(key).(T)", Pkg: "ctxdata", Bench: "BenchmarkValue/depth=8/impl=ctxdata", Counterpart: "naive"},
	{What: "Key.Value vs ctx.Value(key).(T)", Pkg: "ctxdata", Bench: "BenchmarkValue/depth=32/impl=ctxdata", Counterpart: "naive"},
	{What: "Middleware vs one WithValue middleware per field", Pkg: "ctxdata", Bench: "BenchmarkRequestFields/impl=ctxdata", Counterpart: "naive"},
	{What: "Middleware vs one WithValue middleware", Pkg: "ctxdata", Bench: "BenchmarkMiddleware/transport=httptest/impl=ctxdata", Counterpart: "naive"},

	{What: "Map vs sync.Map", Pkg: "safemap", Bench: "BenchmarkMix/key=int/keys=1K/reads=99%/impl=safemap", Counterpart: "sync.Map", Naive: "map+RWMutex", Target: below(1)},
	{What: "Map vs sync.Map", Pkg: "safemap", Bench: "BenchmarkMix/key=int/keys=1K/reads=90%/impl=safemap", Counterpart: "sync.Map", Naive: "map+RWMutex", Target: below(1)},
	{What: "Map vs sync.Map", Pkg: "safemap", Bench: "BenchmarkMix/key=int/keys=1K/reads=10%/impl=safemap", Counterpart: "sync.Map", Naive: "map+RWMutex"},
	{What: "Map vs sync.Map", Pkg: "safemap", Bench: "BenchmarkMix/key=string/keys=1K/reads=99%/impl=safemap", Counterpart: "sync.Map", Naive: "map+RWMutex", Target: below(1)},
	{What: "Map vs sync.Map", Pkg: "safemap", Bench: "BenchmarkMix/key=string/keys=1K/reads=90%/impl=safemap", Counterpart: "sync.Map", Naive: "map+RWMutex", Target: below(1)},
	{What: "Map vs sync.Map", Pkg: "safemap", Bench: "BenchmarkMix/key=string/keys=1K/reads=10%/impl=safemap", Counterpart: "sync.Map", Naive: "map+RWMutex"},
	{What: "Map vs raw xsync.MapOf", Pkg: "safemap", Bench: "BenchmarkMix/key=int/keys=1K/reads=99%/impl=safemap", Counterpart: "xsync"},
	{What: "Map vs raw xsync.MapOf", Pkg: "safemap", Bench: "BenchmarkMix/key=int/keys=1K/reads=90%/impl=safemap", Counterpart: "xsync"},
	{What: "Map vs raw xsync.MapOf", Pkg: "safemap", Bench: "BenchmarkMix/key=int/keys=1K/reads=10%/impl=safemap", Counterpart: "xsync"},
	{What: "Map vs raw xsync.MapOf", Pkg: "safemap", Bench: "BenchmarkMix/key=string/keys=1K/reads=99%/impl=safemap", Counterpart: "xsync"},
	{What: "Map vs raw xsync.MapOf", Pkg: "safemap", Bench: "BenchmarkMix/key=string/keys=1K/reads=90%/impl=safemap", Counterpart: "xsync"},
	{What: "Map vs raw xsync.MapOf", Pkg: "safemap", Bench: "BenchmarkMix/key=string/keys=1K/reads=10%/impl=safemap", Counterpart: "xsync"},
	{What: "Map[any, V] vs sync.Map", Pkg: "safemap", Bench: "BenchmarkLoadAny/key=pointer/impl=safemap", Counterpart: "sync.Map", Target: below(1)},
	{What: "Map[any, V] vs sync.Map", Pkg: "safemap", Bench: "BenchmarkLoadAny/key=string/impl=safemap", Counterpart: "sync.Map", Target: below(1)},
	{What: "Map[any, V] vs sync.Map", Pkg: "safemap", Bench: "BenchmarkMixAny/key=pointer/keys=1K/reads=99%/impl=safemap", Counterpart: "sync.Map", Target: below(1)},
	{What: "Map[any, V] vs sync.Map", Pkg: "safemap", Bench: "BenchmarkMixAny/key=pointer/keys=1K/reads=10%/impl=safemap", Counterpart: "sync.Map"},

	{What: "Group vs errgroup", Pkg: "goroutine", Bench: "BenchmarkGoWait/limit=none/impl=goroutine", Counterpart: "errgroup", Naive: "go+WaitGroup", Target: atMost(1.1)},
	{What: "Group vs errgroup", Pkg: "goroutine", Bench: "BenchmarkGoWait/limit=8/impl=goroutine", Counterpart: "errgroup", Naive: "go+WaitGroup", Target: atMost(1.1)},
	{What: "Send/Recv vs a hand-written select", Pkg: "goroutine", Bench: "BenchmarkSendRecv/impl=goroutine", Counterpart: "select"},
}

// A speedRow compares a safeprim primitive with its counterpart, and with
// the naive pattern where there is one, in one benchmark.
type speedRow struct {
	// What names the comparison in words; consecutive rows with the same
	// What are printed under one heading.
	What string
	// Pkg is the benchmark's package directory, relative to the module
	// root.
	Pkg string
	// Bench is the safeprim case's full name, with its impl= part.
	Bench string
	// Counterpart is the impl the row's ratio divides by: the stdlib or x/
	// answer, or the naive pattern when that is all there is.
	Counterpart string
	// Naive is the impl of the naive pattern, "" when it is Counterpart.
	Naive string
	// Target is what the ratio should meet; the zero target is none.
	Target target
}

// target is the most a safeprim/counterpart ratio should be.
type target struct {
	Max    float64 // 0: no target
	Strict bool    // the ratio must be below Max, not at most Max
}

func atMost(r float64) target { return target{Max: r} }
func below(r float64) target  { return target{Max: r, Strict: true} }

func (t target) String() string {
	switch {
	case t.Max == 0:
		return ""
	case t.Strict:
		return "<" + formatTimes(t.Max)
	}
	return "≤" + formatTimes(t.Max)
}

// parts splits Bench at its slashes and returns the index of its impl=
// part; a row without one is a mistake in the table.
func (r speedRow) parts() ([]string, int) {
	parts := strings.Split(r.Bench, "/")
	for i, p := range parts {
		if strings.HasPrefix(p, "impl=") && i > 0 {
			return parts, i
		}
	}
	panic(fmt.Sprintf("leakbench: speed row %q has no impl= part", r.Bench))
}

// Safeprim is the impl of the safeprim case.
func (r speedRow) Safeprim() string {
	parts, i := r.parts()
	return strings.TrimPrefix(parts[i], "impl=")
}

// caseName is the full name of the row's benchmark with impl set to impl.
func (r speedRow) caseName(impl string) string {
	parts, i := r.parts()
	parts[i] = "impl=" + impl
	return strings.Join(parts, "/")
}

// impls are the row's cases: safeprim, counterpart, and naive if any.
func (r speedRow) impls() []string {
	impls := []string{r.Safeprim(), r.Counterpart}
	if r.Naive != "" {
		impls = append(impls, r.Naive)
	}
	return impls
}

// Key is the benchmark name without its impl= part or "Benchmark" prefix,
// as the tables print it: "BufferGetPut/mode=serial".
func (r speedRow) Key() string {
	parts, i := r.parts()
	parts = append(parts[:i:i], parts[i+1:]...)
	return strings.TrimPrefix(strings.Join(parts, "/"), "Benchmark")
}

// top is the row's top-level benchmark function.
func (r speedRow) top() string {
	parts, _ := r.parts()
	return parts[0]
}

// ID is what -run matches: the package and the safeprim case's name,
// "safepool/BufferGetPut/mode=serial/impl=safepool".
func (r speedRow) ID() string {
	return r.Pkg + "/" + strings.TrimPrefix(r.Bench, "Benchmark")
}
