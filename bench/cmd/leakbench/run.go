package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"time"

	"github.com/safeprim/safeprim/bench/internal/scenario"
)

// Exit codes.
const (
	exitOK    = 0
	exitLeak  = 1
	exitUsage = 2
)

// fatalTries is how many times a naive side expected to die of a fatal
// error is run before leakbench reports that it completed.
const fatalTries = 3

// config is what the flags say.
type config struct {
	scale   float64
	run     *regexp.Regexp
	json    bool
	out     string
	timeout time.Duration
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	fs := flag.NewFlagSet("leakbench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c config
	var runExpr string
	fs.Float64Var(&c.scale, "scale", 1, "multiply every scenario's operation count by `F`")
	fs.StringVar(&runExpr, "run", "", "run only the scenarios whose name matches `REGEXP`")
	fs.BoolVar(&c.json, "json", false, "print the outcomes as JSON instead of a table")
	fs.StringVar(&c.out, "out", "leakbench-out", "write report.md and leakbench.svg to `DIR`")
	fs.DurationVar(&c.timeout, "timeout", 2*time.Minute, "give up on one side of a scenario after `D`")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: leakbench [flags]\n\nRuns every leak scenario, naive against safeprim, each side in a fresh process.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if !(c.scale > 0) {
		return c, fmt.Errorf("-scale %v: want a positive factor", c.scale)
	}
	if c.timeout <= 0 {
		return c, fmt.Errorf("-timeout %v: want a positive duration", c.timeout)
	}
	re, err := regexp.Compile(runExpr)
	if err != nil {
		return c, fmt.Errorf("-run: %v", err)
	}
	c.run = re
	return c, nil
}

// run is main without os.Exit, so that tests can call it with scenarios of
// their own: it runs those of list that -run matches, each side in a child
// process, which must call maybeChild with the same list.
func run(ctx context.Context, list []scenario.Scenario, args []string, stdout, stderr io.Writer) int {
	c, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "leakbench: %v\n", err)
		return exitUsage
	}
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintf(stderr, "leakbench: cannot re-execute itself: %v\n", err)
		return exitUsage
	}
	all := match(list, c.run)
	if len(all) == 0 {
		fmt.Fprintf(stderr, "leakbench: no scenario matches -run %q\n", c.run)
		return exitUsage
	}

	rep := report{
		Command:  commandLine(args),
		Date:     time.Now().UTC(),
		Machine:  thisMachine(),
		Scale:    c.scale,
		Policy:   defaultPolicy,
		Profiled: scenario.LeakProfileAvailable(),
	}
	fmt.Fprintf(stderr, "leakbench: %d scenarios at scale %g, each side in a fresh process\n", len(all), c.scale)
	start := time.Now()
	for i, s := range all {
		n := s.Count(c.scale)
		fmt.Fprintf(stderr, "[%2d/%d] %-28s n=%-7d", i+1, len(all), s.Name, n)
		naive := runSide(ctx, c, exe, s, scenario.Naive, n, stderr)
		safe := runSide(ctx, c, exe, s, scenario.Safeprim, n, stderr)
		o := newOutcome(s, naive, safe)
		failed, why := rep.Policy.check(o)
		rep.Rows = append(rep.Rows, row{outcome: o, N: n, Fatal: s.Fatal, Failed: failed, Why: why})
		if failed {
			fmt.Fprintf(stderr, "  LEAK: %s", why)
		}
		fmt.Fprintln(stderr)
		if ctx.Err() != nil {
			fmt.Fprintf(stderr, "leakbench: %v\n", context.Cause(ctx))
			return exitUsage
		}
	}
	rep.Elapsed = time.Since(start)
	fmt.Fprintf(stderr, "leakbench: done in %.1fs\n", rep.Elapsed.Seconds())

	if c.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep.outcomes()); err != nil {
			fmt.Fprintf(stderr, "leakbench: %v\n", err)
			return exitUsage
		}
	} else {
		writeTable(stdout, rep)
	}
	if err := rep.write(c.out); err != nil {
		fmt.Fprintf(stderr, "leakbench: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(stderr, "leakbench: wrote %s and %s\n",
		filepath.Join(c.out, reportFile), filepath.Join(c.out, chartFile))
	if n := rep.failures(); n > 0 {
		fmt.Fprintf(stderr, "leakbench: FAIL: %d safeprim scenario(s) leak\n", n)
		return exitLeak
	}
	return exitOK
}

// match returns the scenarios of list whose name re matches, in order.
func match(list []scenario.Scenario, re *regexp.Regexp) []scenario.Scenario {
	var out []scenario.Scenario
	for _, s := range list {
		if re.MatchString(s.Name) {
			out = append(out, s)
		}
	}
	return out
}

func runSide(ctx context.Context, c config, exe string, s scenario.Scenario, impl scenario.Impl, n int, progress io.Writer) side {
	ctx, cancel := context.WithTimeoutCause(ctx, c.timeout, fmt.Errorf("%s side of %s took longer than -timeout %v", impl, s.Name, c.timeout))
	defer cancel()
	start := time.Now()
	sd := runChild(ctx, exe, s.Name, impl, n)
	// The runtime catches some misuse only when it overlaps in time, such as
	// unsynchronized map writes: give an expected fatal error a few chances.
	for try := 1; impl == scenario.Naive && s.Fatal != "" && sd.completed() && try < fatalTries; try++ {
		sd = runChild(ctx, exe, s.Name, impl, n)
	}
	status := fmt.Sprintf("%.1fs", time.Since(start).Seconds())
	switch {
	case sd.Killed != "":
		status = "killed"
	case sd.Err != "":
		status = "error"
	}
	fmt.Fprintf(progress, "  %s %-7s", impl, status)
	return sd
}
