package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestRunSpeed runs the speed table over the fake package's benchmarks:
// it builds the test binary, runs every case -count times, and prints
// and writes every row. Nothing here depends on which case is faster.
func TestRunSpeed(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := runLeakbench(t, "-leaks=false", "-run", "fakebench/", "-count", "2", "-benchtime", "2ms", "-out", dir)
	if code != exitOK {
		t.Fatalf("exit status %d, want %d\nstdout:\n%s\nstderr:\n%s", code, exitOK, stdout, stderr)
	}
	for _, want := range []string{"building the test binary of " + fakePkg, "3 rows from 8 cases in 2 processes per run, 2 interleaved runs, -benchtime 2ms", "[speed 2/2]  " + fakePkg} {
		if !strings.Contains(stderr, want) {
			t.Errorf("progress does not contain %q:\n%s", want, stderr)
		}
	}
	for _, want := range []string{"fast vs slow (bench/cmd/leakbench/testdata/fakebench: impl=fast / impl=slow; naive: impl=naive)", "  Work/size=64", "  Alloc ", "1/2"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("table does not contain %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "scenario") {
		t.Errorf("-leaks=false printed a leak table:\n%s", stdout)
	}
	md, err := os.ReadFile(filepath.Join(dir, reportFile))
	if err != nil {
		t.Fatal(err)
	}
	if blocks := checkBlocks(t, string(md)); len(blocks) != 1 || blocks[0] != "speed" {
		t.Errorf("report.md has blocks %q, want [speed]", blocks)
	}
	raw, err := os.ReadFile(filepath.Join(dir, speedRawFile))
	if err != nil {
		t.Fatal(err)
	}
	got, bad := parseBench(raw, speedRawFile)
	if bad != "" || len(got) != 8 {
		t.Errorf("%s: %d cases, syntax error %q; want the 8 cases and none", speedRawFile, len(got), bad)
	}
	if _, err := os.Stat(filepath.Join(dir, speedChartFile)); err != nil {
		t.Error(err)
	}
}

func TestRunSpeedJSON(t *testing.T) {
	code, stdout, stderr := runLeakbench(t, "-json", "-leaks=false", "-run", "fakebench/Alloc", "-count", "3", "-benchtime", "1ms", "-scale", "0.5")
	if code != exitOK {
		t.Fatalf("exit status %d, want %d; stderr:\n%s", code, exitOK, stderr)
	}
	var rep jsonReport
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("stdout is not a JSON report: %v\n%s", err, stdout)
	}
	if len(rep.Leaks) != 0 || rep.Speed == nil || len(rep.Speed.Rows) != 1 {
		t.Fatalf("report: %d leak rows, speed %+v; want none and one speed row", len(rep.Leaks), rep.Speed)
	}
	s := rep.Speed
	if s.Count != 3 || s.Benchtime != time.Millisecond.String() {
		t.Errorf("count %d, benchtime %s; want 3 and 1ms (-scale 0.5 of 1ms, rounded up to the least)", s.Count, s.Benchtime)
	}
	r := s.Rows[0]
	if r.Benchmark != "BenchmarkAlloc/impl=fast" || r.Safeprim != "fast" || r.Counterpart != "slow" || r.Target == nil || *r.Target != 1 || !r.TargetStrict {
		t.Errorf("row %+v: want BenchmarkAlloc/impl=fast against slow, target below 1", r)
	}
	if r.Ratio == nil || r.Ratio.Runs != 3 || !(r.Ratio.Median > 0) || r.Ratio.Lo != nil {
		t.Errorf("ratio %+v: want 3 runs, a positive median and no interval from 3 runs", r.Ratio)
	}
	if r.AllocsPerOp["fast"] != 1 || r.AllocsPerOp["slow"] != 2 {
		t.Errorf("allocs/op %v, want fast 1 and slow 2", r.AllocsPerOp)
	}
}

// TestRunSpeedMissing checks that a row whose benchmark does not exist
// (renamed, say) is reported, and makes the run fail as incomplete.
func TestRunSpeedMissing(t *testing.T) {
	rows := append(testRows[2:3:3], speedRow{What: "gone", Pkg: fakePkg, Bench: "BenchmarkAlloc/impl=renamed", Counterpart: "slow"})
	dir := t.TempDir()
	var out, errOut strings.Builder
	code := run(t.Context(), testScenarios, rows, []string{"-leaks=false", "-count", "1", "-benchtime", "1ms", "-out", dir}, &out, &errOut)
	if code != exitIncomplete {
		t.Errorf("exit status %d, want %d", code, exitIncomplete)
	}
	want := "bench/cmd/leakbench/testdata/fakebench/Alloc/impl=renamed: no result for impl=renamed in 1 runs"
	if !strings.Contains(out.String(), want) {
		t.Errorf("notes do not contain %q:\n%s", want, out.String())
	}
	if !strings.Contains(errOut.String(), "the speed table is incomplete") {
		t.Errorf("progress does not say the table is incomplete:\n%s", errOut.String())
	}
}
