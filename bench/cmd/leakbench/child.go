package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/safeprim/safeprim/bench/internal/scenario"
)

// childFlag is the hidden first argument that makes leakbench run one side
// of one scenario and print its side (see maybeChild).
const childFlag = "-leakbench.child"

// resultPrefix starts the line on which a child prints its side as JSON.
const resultPrefix = "leakbench-result: "

// childArgs returns the arguments that make leakbench (or a test binary
// whose TestMain calls maybeChild) run the impl side of the scenario named
// name for n operations.
func childArgs(name string, impl scenario.Impl, n int) []string {
	return []string{childFlag, name, string(impl), strconv.Itoa(n)}
}

// maybeChild runs a side of a scenario of list if args (os.Args[1:]) are
// childArgs, writes the resulting side to w and returns the process's exit
// code and true. Otherwise it returns 0 and false and the caller carries on.
func maybeChild(list []scenario.Scenario, args []string, w io.Writer) (code int, ok bool) {
	if len(args) == 0 || args[0] != childFlag {
		return 0, false
	}
	if len(args) != 4 {
		fmt.Fprintf(os.Stderr, "leakbench: child: want %s NAME IMPL N, got %q\n", childFlag, args)
		return 2, true
	}
	i := slices.IndexFunc(list, func(s scenario.Scenario) bool { return s.Name == args[1] })
	impl := scenario.Impl(args[2])
	n, err := strconv.Atoi(args[3])
	switch {
	case i < 0:
		fmt.Fprintf(os.Stderr, "leakbench: child: no scenario %q\n", args[1])
		return 2, true
	case impl != scenario.Naive && impl != scenario.Safeprim:
		fmt.Fprintf(os.Stderr, "leakbench: child: impl %q is neither %s nor %s\n", impl, scenario.Naive, scenario.Safeprim)
		return 2, true
	case err != nil || n < 1:
		fmt.Fprintf(os.Stderr, "leakbench: child: bad count %q\n", args[3])
		return 2, true
	}
	s := list[i]
	r, release := s.Measure(impl, n)
	sd := newSide(impl, n, r)
	if scenario.LeakProfileAvailable() {
		p, err := scenario.ReadLeakProfile()
		if err != nil {
			sd.Err = fmt.Sprintf("goroutineleak profile: %v", err)
		}
		sd.LeakProfile = p
		// Goroutines the profile marked leaked must not be woken (see
		// scenario.ReadLeakProfile); the process is about to exit.
		if err != nil || p.Count > 0 {
			release = func() {}
		}
	}
	release()
	sd.NsPerOp = min(sd.NsPerOp, fastest(s.Workload(impl), n, timedRuns))
	out, err := json.Marshal(sd)
	if err != nil {
		fmt.Fprintf(os.Stderr, "leakbench: child: %v\n", err)
		return 2, true
	}
	fmt.Fprintf(w, "%s%s\n", resultPrefix, out)
	return 0, true
}

// timedRuns is how many more times a child runs its workload, released
// each time, for side.NsPerOp: the fastest run is the least disturbed by
// whatever else the machine is doing.
const timedRuns = 3

// fastest returns the fewest nanoseconds per operation that runs runs of w
// took, each followed by its release (not timed).
func fastest(w scenario.Workload, n, runs int) float64 {
	best := math.Inf(1)
	for range runs {
		start := time.Now()
		release := w(n)
		elapsed := time.Since(start)
		if release != nil {
			release()
		}
		best = min(best, float64(elapsed.Nanoseconds())/float64(n))
	}
	return best
}

// maxStderr bounds how much of a child's standard error is kept: a fatal
// error prints every goroutine's stack after its one-line message.
const maxStderr = 64 << 10

// runChild runs the impl side of the scenario named name for n operations
// in a child process: exe (usually os.Executable()) started with
// childArgs, which must call maybeChild. It returns the child's side.
// When the runtime ended the child with a fatal error, side.Killed holds
// the error's first line ("fatal error: concurrent map writes"); when the
// child failed otherwise or ctx ended it, side.Err says why.
func runChild(ctx context.Context, exe, name string, impl scenario.Impl, n int) side {
	cmd := exec.CommandContext(ctx, exe, childArgs(name, impl, n)...)
	var stdout bytes.Buffer
	stderr := &limitedBuffer{max: maxStderr}
	cmd.Stdout = &stdout
	cmd.Stderr = stderr
	runErr := cmd.Run()

	sd := side{Impl: impl, N: n}
	for line := range strings.Lines(stdout.String()) {
		if js, ok := strings.CutPrefix(line, resultPrefix); ok {
			if err := json.Unmarshal([]byte(js), &sd); err != nil {
				sd.Err = fmt.Sprintf("child result: %v", err)
			}
			if runErr != nil && sd.Err == "" {
				sd.Err = fmt.Sprintf("child: %v after its result", runErr)
				if strings.Contains(stderr.String(), "WARNING: DATA RACE") {
					sd.Err = "child: the race detector reported a data race"
				}
			}
			return sd
		}
	}
	for line := range strings.Lines(stderr.String()) {
		if strings.HasPrefix(line, "fatal error: ") {
			sd.Killed = strings.TrimSpace(line)
			return sd
		}
	}
	var why string
	switch {
	case ctx.Err() != nil:
		why = context.Cause(ctx).Error()
	case runErr != nil:
		why = runErr.Error()
	default:
		why = "no result printed"
	}
	tail := strings.TrimSpace(stderr.String())
	if i := strings.LastIndexByte(tail, '\n'); i >= 0 {
		tail = tail[i+1:]
	}
	if tail != "" {
		why += ": " + tail
	}
	sd.Err = "child: " + why
	return sd
}

// limitedBuffer keeps the first max bytes written to it and discards the
// rest, so that a child printing megabytes of stacks cannot fill memory.
type limitedBuffer struct {
	bytes.Buffer
	max int
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if room := b.max - b.Len(); room > 0 {
		b.Buffer.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}
