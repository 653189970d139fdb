// Command leakbench runs safeprim's leak scenarios, each naive pattern
// against the safeprim primitive that replaces it, and reports what each
// side left behind: live heap retained, goroutines left running, and time
// per operation.
//
// Usage:
//
//	go run ./bench/cmd/leakbench [-scale F] [-run REGEXP] [-json] [-out DIR] [-timeout D]
//
// The scenarios are the list in bench/internal/scenario; -run selects them
// by name (source/pattern, such as slice/queue).
//
// Every side of every scenario runs in a fresh child process (the binary
// re-executes itself), so that a leaky naive side cannot slow what runs
// after it, and so that the naive side of map/concurrent-writes can die of
// "fatal error: concurrent map writes" while the run goes on. Work is a
// fixed count of operations (scaled by -scale), not a duration, so figures
// compare across machines.
//
// leakbench prints progress on standard error and a table on standard
// output (or, with -json, the outcomes as JSON). It writes report.md and
// leakbench.svg (naive against safeprim retained heap, log scale) to -out.
// It exits with status 1 if any safeprim side leaks: leaves a goroutine
// running, or retains more than 64 KiB and more than a tenth of what the
// naive side retained; 2 on bad usage.
//
// Built with GOEXPERIMENT=goroutineleakprofile, leakbench also reads the
// runtime's goroutineleak profile in every child and prints what the
// runtime found leaked on each side.
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
	code := run(ctx, scenario.All, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
