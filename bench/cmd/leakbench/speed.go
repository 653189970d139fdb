package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"golang.org/x/perf/benchfmt"
)

// speedRun is what the speed half of a run measured.
type speedRun struct {
	Count     int           // repetitions asked for
	Benchtime time.Duration // -test.benchtime of every case in every repetition
	Build     time.Duration // building the test binaries
	Elapsed   time.Duration // building and running
	Results   []speedResult
	// Errors are builds and benchmark processes that failed, and rows
	// that measured nothing: the report is then incomplete.
	Errors []string
	// Raw is every benchmark process's output, in the order they ran, as
	// go test -bench prints it: speed.txt, for benchstat -col /impl.
	Raw []byte
}

// benchProc is one benchmark process of a repetition: a package's test
// binary running one top-level benchmark's cases.
type benchProc struct {
	pkg     string // speedRow.Pkg
	pattern string // -test.bench
}

// plan returns the processes of one repetition: one per top-level
// benchmark of rows, in the rows' order, so that the cases a row compares
// run back to back and every package runs once per repetition.
func plan(rows []speedRow) []benchProc {
	type group struct {
		pkg, top string
		cases    [][]string // each case's name split at its slashes
	}
	var groups []*group
	for _, r := range rows {
		i := slices.IndexFunc(groups, func(g *group) bool { return g.pkg == r.Pkg && g.top == r.top() })
		if i < 0 {
			i = len(groups)
			groups = append(groups, &group{pkg: r.Pkg, top: r.top()})
		}
		for _, impl := range r.impls() {
			groups[i].cases = append(groups[i].cases, strings.Split(r.caseName(impl), "/"))
		}
	}
	procs := make([]benchProc, len(groups))
	for i, g := range groups {
		procs[i] = benchProc{pkg: g.pkg, pattern: benchPattern(g.cases)}
	}
	return procs
}

// benchPattern returns a -test.bench pattern that matches cases, given
// as their names split at slashes: at each level of the name, any of the
// parts the cases have there. go test matches a pattern level by level, so
// it runs every combination of those parts that exists.
func benchPattern(cases [][]string) string {
	var levels []string
	for level := 0; ; level++ {
		var alts []string
		for _, c := range cases {
			if level < len(c) && !slices.Contains(alts, regexp.QuoteMeta(c[level])) {
				alts = append(alts, regexp.QuoteMeta(c[level]))
			}
		}
		if len(alts) == 0 {
			return strings.Join(levels, "/")
		}
		levels = append(levels, "^("+strings.Join(alts, "|")+")$")
	}
}

// measure is one case's figures in one repetition.
type measure struct {
	SecPerOp    float64
	AllocsPerOp float64 // NaN without -benchmem
}

// runSpeed builds the test binaries of rows' packages, runs every case
// count times, interleaved, and summarizes each row. It reports progress
// on progress. Failures are in the result's Errors; an error return means
// the run was interrupted.
func runSpeed(ctx context.Context, c config, rows []speedRow, progress io.Writer) (speedRun, error) {
	start := time.Now()
	sr := speedRun{Count: c.count, Benchtime: c.speedBenchtime()}
	procs := plan(rows)
	var pkgs []string
	for _, p := range procs {
		if !slices.Contains(pkgs, p.pkg) {
			pkgs = append(pkgs, p.pkg)
		}
	}
	cases := countCases(rows)

	dir, err := os.MkdirTemp("", "leakbench-speed-")
	if err != nil {
		return sr, err
	}
	defer os.RemoveAll(dir)
	what := fmt.Sprintf("%d test binaries with one go test -c, which builds them in parallel", len(pkgs))
	if len(pkgs) == 1 {
		what = "the test binary of " + pkgs[0]
	}
	fmt.Fprintf(progress, "leakbench: speed: building %s ...", what)
	root, err := moduleRoot(ctx)
	var bins map[string]string
	if err == nil {
		bins, err = buildTests(ctx, root, dir, pkgs)
	}
	sr.Build = time.Since(start)
	fmt.Fprintf(progress, " %.1fs\n", sr.Build.Seconds())
	if err != nil {
		if ctx.Err() != nil {
			return sr, context.Cause(ctx)
		}
		sr.Errors = append(sr.Errors, err.Error())
		sr.Results = summarize(rows, nil)
		return sr, nil
	}

	fmt.Fprintf(progress, "leakbench: speed: %d rows from %d cases in %d processes per run, %d interleaved runs, -benchtime %v\n",
		len(rows), cases, len(procs), c.count, sr.Benchtime)
	perRep := make([]map[string]measure, c.count)
	var raw bytes.Buffer
	for rep := range c.count {
		perRep[rep] = make(map[string]measure)
		fmt.Fprintf(progress, "[speed %d/%d]", rep+1, c.count)
		took := make(map[string]time.Duration)
		for _, p := range procs {
			t0 := time.Now()
			out, err := runBench(ctx, c, bins[p.pkg], filepath.Join(root, p.pkg), p.pattern, sr.Benchtime)
			took[p.pkg] += time.Since(t0)
			raw.Write(out)
			got, bad := parseBench(out, p.pkg+".test")
			for name, m := range got {
				perRep[rep][name] = m
			}
			if err == nil && bad != "" {
				err = errors.New(bad)
			}
			if err != nil {
				if ctx.Err() != nil {
					fmt.Fprintln(progress)
					return sr, context.Cause(ctx)
				}
				sr.Errors = append(sr.Errors, fmt.Sprintf("%s, run %d, -test.bench %s: %v", p.pkg, rep+1, p.pattern, err))
			}
		}
		for _, pkg := range pkgs {
			fmt.Fprintf(progress, "  %s %.1fs", pkg, took[pkg].Seconds())
		}
		fmt.Fprintln(progress)
	}
	sr.Raw = raw.Bytes()
	sr.Results = summarize(rows, perRep)
	for _, r := range sr.Results {
		if len(r.Missing) > 0 {
			sr.Errors = append(sr.Errors, fmt.Sprintf("%s: no result for %s in %d runs: renamed or failed?",
				r.ID(), strings.Join(r.Missing, ", "), c.count))
		}
	}
	sr.Elapsed = time.Since(start)
	return sr, nil
}

// countCases counts the distinct cases rows compare.
func countCases(rows []speedRow) int {
	seen := make(map[string]bool)
	for _, r := range rows {
		for _, impl := range r.impls() {
			seen[r.Pkg+"/"+r.caseName(impl)] = true
		}
	}
	return len(seen)
}

// buildTests builds the test binaries of pkgs, directories below root,
// into dir with one go test -c (a normal build, not -race), and returns
// each package's binary.
func buildTests(ctx context.Context, root, dir string, pkgs []string) (map[string]string, error) {
	args := []string{"test", "-c", "-o", dir + string(filepath.Separator)}
	bins := make(map[string]string)
	for _, pkg := range pkgs {
		args = append(args, "./"+filepath.ToSlash(pkg))
		bins[pkg] = filepath.Join(dir, filepath.Base(pkg)+".test")
	}
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, bytes.TrimSpace(out))
	}
	return bins, nil
}

// moduleRoot returns the directory of the main module, whose packages
// the speed rows name.
func moduleRoot(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "list", "-m", "-f", "{{.Dir}}").Output()
	if err != nil {
		return "", fmt.Errorf("the speed table builds the module's test binaries; run leakbench inside the module: go list -m: %v", err)
	}
	return strings.TrimSpace(string(out)), nil
}

// runBench runs the test binary exe, in its package's directory dir as go
// test would, on the cases pattern matches, once each for benchtime, and
// returns its output.
func runBench(ctx context.Context, c config, exe, dir, pattern string, benchtime time.Duration) ([]byte, error) {
	ctx, cancel := context.WithTimeoutCause(ctx, c.timeout, fmt.Errorf("took longer than -timeout %v", c.timeout))
	defer cancel()
	cmd := exec.CommandContext(ctx, exe, "-test.run", "^$", "-test.bench", pattern,
		"-test.benchtime", benchtime.String(), "-test.count", "1", "-test.benchmem")
	cmd.Dir = dir
	var stdout bytes.Buffer
	stderr := &limitedBuffer{max: maxStderr}
	cmd.Stdout = &stdout
	cmd.Stderr = stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		return stdout.Bytes(), context.Cause(ctx)
	}
	if err != nil {
		return stdout.Bytes(), fmt.Errorf("%v: %s", err, lastLines(stdout.String()+stderr.String(), 3))
	}
	return stdout.Bytes(), nil
}

// lastLines returns the last n non-empty lines of s, joined by " | ".
func lastLines(s string, n int) string {
	var lines []string
	for l := range strings.Lines(s) {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines[max(0, len(lines)-n):], " | ")
}

// parseBench reads go test -bench output with benchfmt and returns each
// case's figures by its full name (with the "Benchmark" prefix, without
// the -GOMAXPROCS suffix), and the first syntax error, if any.
func parseBench(out []byte, fileName string) (map[string]measure, string) {
	got := make(map[string]measure)
	var bad string
	r := benchfmt.NewReader(bytes.NewReader(out), fileName)
	for r.Scan() {
		switch rec := r.Result().(type) {
		case *benchfmt.Result:
			sec, ok := rec.Value("sec/op")
			if !ok {
				continue
			}
			allocs, ok := rec.Value("allocs/op")
			if !ok {
				allocs = nan
			}
			got[caseName(rec.Name)] = measure{SecPerOp: sec, AllocsPerOp: allocs}
		case *benchfmt.SyntaxError:
			if bad == "" {
				bad = rec.Error()
			}
		}
	}
	return got, bad
}

// caseName is name as go test names the benchmark, without the
// -GOMAXPROCS suffix benchfmt recognizes.
func caseName(name benchfmt.Name) string {
	base, parts := name.Parts()
	var b strings.Builder
	b.WriteString("Benchmark")
	b.Write(base)
	for _, p := range parts {
		if !bytes.HasPrefix(p, []byte("-")) {
			b.Write(p)
		}
	}
	return b.String()
}
