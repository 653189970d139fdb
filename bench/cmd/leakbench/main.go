// Command leakbench measures both of safeprim's promises in one run: that
// each primitive fixes its leak, and that it costs (almost) nothing. It is
// the one source of the figures the README carries.
//
// Usage:
//
//	go run ./bench/cmd/leakbench [-scale F] [-run REGEXP] [-count N] [-benchtime D]
//		[-leaks=false] [-speed=false] [-json] [-out DIR] [-timeout D]
//
// The leak table runs the scenarios of bench/internal/scenario, each naive
// pattern against the safeprim primitive that replaces it, and reports
// what each side left behind: live heap retained, goroutines left running,
// and time per operation. Every side of every scenario runs in a fresh
// child process (the binary re-executes itself), so that a leaky naive
// side cannot slow what runs after it, and so that the naive side of
// map/concurrent-writes can die of "fatal error: concurrent map writes"
// while the run goes on. Work is a fixed count of operations (scaled by
// -scale), not a duration, so figures compare across machines.
//
// The speed table runs the comparison benchmarks in each package's own
// test files, the rows listed in rows.go: every primitive against the
// stdlib or x/ counterpart it replaces, and against the naive pattern. It
// builds each package's test binary once (go test -c, a normal build),
// then runs every binary -count times, interleaved, each case for
// -benchtime (scaled by -scale), and reads the output with
// golang.org/x/perf/benchfmt. A row reports the median of the paired
// ratios safeprim/counterpart, one per run, with its 95% confidence
// interval from golang.org/x/perf/benchmath, as benchstat computes a
// median's, the naive pattern's ratio, the allocations per op of each
// side, and the target the row is held to, if any. The same benchmarks run
// under go test -bench, and benchstat -col /impl puts their impls side by
// side under the same names.
//
// -run selects scenarios by name (source/pattern, such as slice/queue) and
// speed rows by package and safeprim case name (such as
// safepool/BufferGetPut/mode=serial/impl=safepool).
//
// leakbench prints progress on standard error and the tables on standard
// output (or, with -json, both as JSON). It writes to -out report.md, whose
// marked blocks the README carries verbatim, leakbench.svg (naive against
// safeprim retained heap, log scale), speed.svg (each ratio with its
// interval and target) and speed.txt (every benchmark's output, for
// benchstat). It exits with status 1 if any safeprim side leaks: leaves a
// goroutine running, or retains more than 64 KiB and more than a tenth of
// what the naive side retained; 2 on bad usage, or when a speed row could
// not be measured (a build or a benchmark failed, or a row names a
// benchmark that did not run). A speed target that is missed is marked in
// the table and does not change the exit status.
//
// Where the runtime has the goroutineleak profile (Go 1.27; Go 1.26 built
// with GOEXPERIMENT=goroutineleakprofile), leakbench also reads it in every
// child and prints, for each side, the goroutines the runtime itself
// classifies as leaked, by where they are blocked.
package main

import (
	"context"
	"os"
	"os/signal"

	"github.com/safeprim/safeprim/bench/internal/scenario"
)

func main() {
	// run re-executes this binary for every side of every scenario.
	if code, ok := maybeChild(scenario.All, os.Args[1:], os.Stdout); ok {
		os.Exit(code)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, scenario.All, speedRows, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
