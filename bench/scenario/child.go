package scenario

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// childFlag is the hidden first argument that makes a binary run one side of
// one scenario and print its Side (see [MaybeChild]).
const childFlag = "-leakbench.child"

// resultPrefix starts the line on which a child prints its Side as JSON.
const resultPrefix = "leakbench-result: "

// ChildArgs returns the arguments that make a binary whose main (or
// TestMain) calls [MaybeChild] first run the impl side of the scenario
// named name for n operations.
func ChildArgs(name string, impl Impl, n int) []string {
	return []string{childFlag, name, string(impl), strconv.Itoa(n)}
}

// MaybeChild runs a scenario side if args (os.Args[1:]) are [ChildArgs],
// writes the resulting [Side] to w and returns the process's exit code and
// true. Otherwise it returns 0 and false and the caller carries on. Binaries
// that use [RunChild] on themselves call it first thing:
//
//	func main() {
//		if code, ok := scenario.MaybeChild(os.Args[1:], os.Stdout); ok {
//			os.Exit(code)
//		}
//		...
//	}
func MaybeChild(args []string, w io.Writer) (code int, ok bool) {
	if len(args) == 0 || args[0] != childFlag {
		return 0, false
	}
	if len(args) != 4 {
		fmt.Fprintf(os.Stderr, "scenario: child: want %s NAME IMPL N, got %q\n", childFlag, args)
		return 2, true
	}
	s, found := Lookup(args[1])
	impl := Impl(args[2])
	n, err := strconv.Atoi(args[3])
	switch {
	case !found:
		fmt.Fprintf(os.Stderr, "scenario: child: no scenario %q\n", args[1])
		return 2, true
	case impl != Naive && impl != Safeprim:
		fmt.Fprintf(os.Stderr, "scenario: child: impl %q is neither %s nor %s\n", impl, Naive, Safeprim)
		return 2, true
	case err != nil || n < 1:
		fmt.Fprintf(os.Stderr, "scenario: child: bad count %q\n", args[3])
		return 2, true
	}
	side, release := s.measure(impl, n)
	if LeakProfileAvailable() {
		p, err := readLeakProfile()
		if err != nil {
			side.Err = fmt.Sprintf("goroutineleak profile: %v", err)
		}
		side.LeakProfile = p
		// The runtime assumes nothing can wake a goroutine it has marked
		// leaked: closing the channel it waits on (reachable here through a
		// weak pointer) ends the process with "fatal error: bad g->status
		// in ready". Leave such goroutines be; the process is about to exit.
		if err != nil || p.Count > 0 {
			release = func() {}
		}
	}
	release()
	side.NsPerOp = min(side.NsPerOp, fastest(s.Workload(impl), n, timedRuns))
	out, err := json.Marshal(side)
	if err != nil {
		fmt.Fprintf(os.Stderr, "scenario: child: %v\n", err)
		return 2, true
	}
	fmt.Fprintf(w, "%s%s\n", resultPrefix, out)
	return 0, true
}

// timedRuns is how many more times a child runs its workload, released
// each time, for Side.NsPerOp: the fastest run is the least disturbed by
// whatever else the machine is doing.
const timedRuns = 3

// fastest returns the fewest nanoseconds per operation that runs runs of w
// took, each followed by its release (not timed).
func fastest(w Workload, n, runs int) float64 {
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

// RunChild runs the impl side of the scenario named name for n operations
// in a child process: exe (usually os.Executable()) started with
// [ChildArgs], which must call [MaybeChild]. It returns the child's Side.
// When the runtime ended the child with a fatal error, Side.Killed holds
// the error's first line ("fatal error: concurrent map writes"); when the
// child failed otherwise or ctx ended it, Side.Err says why.
func RunChild(ctx context.Context, exe, name string, impl Impl, n int) Side {
	cmd := exec.CommandContext(ctx, exe, ChildArgs(name, impl, n)...)
	var stdout bytes.Buffer
	stderr := &limitedBuffer{max: maxStderr}
	cmd.Stdout = &stdout
	cmd.Stderr = stderr
	runErr := cmd.Run()

	side := Side{Impl: impl, N: n}
	for line := range strings.Lines(stdout.String()) {
		if js, ok := strings.CutPrefix(line, resultPrefix); ok {
			if err := json.Unmarshal([]byte(js), &side); err != nil {
				side.Err = fmt.Sprintf("child result: %v", err)
			}
			if runErr != nil && side.Err == "" {
				side.Err = fmt.Sprintf("child: %v after its result", runErr)
				if strings.Contains(stderr.String(), "WARNING: DATA RACE") {
					side.Err = "child: the race detector reported a data race"
				}
			}
			return side
		}
	}
	for line := range strings.Lines(stderr.String()) {
		if strings.HasPrefix(line, "fatal error: ") {
			side.Killed = strings.TrimSpace(line)
			return side
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
	side.Err = "child: " + why
	return side
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
