package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/safeprim/safeprim/bench/internal/scenario"
)

// Exit codes.
const (
	exitOK         = 0
	exitLeak       = 1 // a safeprim scenario leaks
	exitUsage      = 2 // bad usage, or the run could not go on
	exitIncomplete = 2 // a speed row could not be measured: a build or a benchmark failed, or a name matches nothing
)

// fatalTries is how many times a naive side expected to die of a fatal
// error is run before leakbench reports that it completed.
const fatalTries = 3

// config is what the flags say.
type config struct {
	scale     float64
	run       *regexp.Regexp
	json      bool
	out       string
	timeout   time.Duration
	leaks     bool
	speed     bool
	count     int
	benchtime time.Duration
}

// Speed defaults. Six runs are the fewest that give a median a 95%
// interval, but that interval runs from the fastest run to the slowest,
// so one disturbed run widens it; nine are the fewest whose interval
// leaves out the fastest and the slowest. At 30ms per case the default
// run, leak table included, stays within 90 s on a busy 2-core machine.
const (
	defaultCount     = 9
	defaultBenchtime = 30 * time.Millisecond
)

// speedBenchtime is -benchtime times -scale, at least a millisecond.
func (c config) speedBenchtime() time.Duration {
	return max(time.Millisecond, time.Duration(float64(c.benchtime)*c.scale).Round(time.Millisecond))
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	fs := flag.NewFlagSet("leakbench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c config
	var runExpr string
	fs.Float64Var(&c.scale, "scale", 1, "multiply every scenario's operation count and the speed -benchtime by `F`")
	fs.StringVar(&runExpr, "run", "", "run only the scenarios and speed rows whose name matches `REGEXP`")
	fs.BoolVar(&c.json, "json", false, "print both tables as JSON instead of text")
	fs.StringVar(&c.out, "out", "leakbench-out", "write report.md, the charts and speed.txt to `DIR`")
	fs.DurationVar(&c.timeout, "timeout", 2*time.Minute, "give up on one side of a scenario, or one benchmark process, after `D`")
	fs.BoolVar(&c.leaks, "leaks", true, "run the leak scenarios")
	fs.BoolVar(&c.speed, "speed", true, "run the speed benchmarks")
	fs.IntVar(&c.count, "count", defaultCount, "run every speed benchmark `N` times, interleaved")
	fs.DurationVar(&c.benchtime, "benchtime", defaultBenchtime, "run each speed benchmark case for `D` per run (times -scale)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: leakbench [flags]\n\nRuns every leak scenario, naive against safeprim, each side in a fresh process,\nthen every speed benchmark, safeprim against its counterpart, interleaved.\n\n")
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
	if c.count < 1 {
		return c, fmt.Errorf("-count %d: want at least 1", c.count)
	}
	if c.benchtime <= 0 {
		return c, fmt.Errorf("-benchtime %v: want a positive duration", c.benchtime)
	}
	if !c.leaks && !c.speed {
		return c, errors.New("-leaks=false and -speed=false: nothing to run")
	}
	re, err := regexp.Compile(runExpr)
	if err != nil {
		return c, fmt.Errorf("-run: %v", err)
	}
	c.run = re
	return c, nil
}

// run is main without os.Exit, so that tests can call it with scenarios
// and speed rows of their own: it runs those of list and rows that -run
// matches, each side of a scenario in a child process, which must call
// maybeChild with the same list.
func run(ctx context.Context, list []scenario.Scenario, rows []speedRow, args []string, stdout, stderr io.Writer) int {
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
	var all []scenario.Scenario
	if c.leaks {
		all = match(list, c.run)
	}
	var speedSel []speedRow
	if c.speed {
		speedSel = matchRows(rows, c.run)
	}
	if len(all) == 0 && len(speedSel) == 0 {
		fmt.Fprintf(stderr, "leakbench: no scenario or speed row matches -run %q\n", c.run)
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
	start := time.Now()
	if len(all) > 0 {
		fmt.Fprintf(stderr, "leakbench: %d scenarios at scale %g, each side in a fresh process\n", len(all), c.scale)
	}
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
	if len(speedSel) > 0 {
		sr, err := runSpeed(ctx, c, speedSel, stderr)
		if err != nil {
			fmt.Fprintf(stderr, "leakbench: %v\n", err)
			return exitUsage
		}
		rep.Speed = &sr
	}
	fmt.Fprintf(stderr, "leakbench: done in %.1fs\n", time.Since(start).Seconds())

	if c.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep.json()); err != nil {
			fmt.Fprintf(stderr, "leakbench: %v\n", err)
			return exitUsage
		}
	} else {
		if len(rep.Rows) > 0 {
			writeTable(stdout, rep)
		}
		if rep.Speed != nil {
			if len(rep.Rows) > 0 {
				fmt.Fprintln(stdout)
			}
			writeSpeedTable(stdout, *rep.Speed)
		}
	}
	files, err := rep.write(c.out)
	if err != nil {
		fmt.Fprintf(stderr, "leakbench: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(stderr, "leakbench: wrote %s\n", strings.Join(files, ", "))
	if n := rep.failures(); n > 0 {
		fmt.Fprintf(stderr, "leakbench: FAIL: %d safeprim scenario(s) leak\n", n)
		return exitLeak
	}
	if rep.Speed != nil && len(rep.Speed.Errors) > 0 {
		fmt.Fprintf(stderr, "leakbench: the speed table is incomplete: %d error(s), see its notes\n", len(rep.Speed.Errors))
		return exitIncomplete
	}
	return exitOK
}

// matchRows returns the rows whose ID re matches, in order.
func matchRows(rows []speedRow, re *regexp.Regexp) []speedRow {
	var out []speedRow
	for _, r := range rows {
		if re.MatchString(r.ID()) {
			out = append(out, r)
		}
	}
	return out
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
