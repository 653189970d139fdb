package main

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// benchOutput is go test -bench output with one line per case: name and
// ns/op, and allocs/op when allocs >= 0.
func benchOutput(lines ...string) []byte {
	return []byte("goos: linux\ngoarch: amd64\npkg: example.com/p\n" + strings.Join(lines, "\n") + "\nPASS\n")
}

func benchLine(name string, ns float64, allocs int) string {
	s := fmt.Sprintf("%s-2 \t 1000000\t %g ns/op\t 16 B/op", name, ns)
	if allocs >= 0 {
		s += fmt.Sprintf("\t %d allocs/op", allocs)
	}
	return s
}

func TestParseBench(t *testing.T) {
	out := benchOutput(
		benchLine("BenchmarkX/mode=serial/impl=safepool", 120, 0),
		benchLine("BenchmarkX/limit=-1/impl=errgroup", 50, -1),
		"BenchmarkBroken/impl=x-2 \t 10\t ns/op",
	)
	got, bad := parseBench(out, "p.test")
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-15 }
	if m, ok := got["BenchmarkX/mode=serial/impl=safepool"]; !ok || !near(m.SecPerOp, 120e-9) || m.AllocsPerOp != 0 {
		t.Errorf("serial case = %+v, %v; want 120 ns/op, 0 allocs/op", m, ok)
	}
	if m, ok := got["BenchmarkX/limit=-1/impl=errgroup"]; !ok || !near(m.SecPerOp, 50e-9) || !math.IsNaN(m.AllocsPerOp) {
		t.Errorf("case without -benchmem = %+v, %v; want 50 ns/op, NaN allocs/op", m, ok)
	}
	if len(got) != 2 || !strings.Contains(bad, "p.test") {
		t.Errorf("parsed %d cases, syntax error %q; want 2 and an error naming p.test", len(got), bad)
	}
}

// TestSummarize computes rows from synthetic runs: ratios paired by run,
// the median and its interval over runs as benchmath gives them, medians
// of allocations, and what is missing.
func TestSummarize(t *testing.T) {
	row := speedRow{What: "w", Pkg: "p", Bench: "BenchmarkX/mode=serial/impl=safe", Counterpart: "base", Naive: "naive", Target: atMost(1.3)}
	missing := speedRow{What: "w", Pkg: "p", Bench: "BenchmarkX/mode=serial/impl=gone", Counterpart: "base"}
	// Six runs: safeprim/base is 1.0, 1.1, ..., 1.5 and naive/base 3 in
	// every run, although the machine's speed varies from run to run.
	var perRep []map[string]measure
	for i := range 6 {
		base := 100 * float64(i+1)
		out := benchOutput(
			benchLine("BenchmarkX/mode=serial/impl=base", base, 0),
			benchLine("BenchmarkX/mode=serial/impl=safe", base*(1+float64(i)/10), i%2),
			benchLine("BenchmarkX/mode=serial/impl=naive", base*3, 1),
		)
		got, bad := parseBench(out, "p.test")
		if bad != "" {
			t.Fatal(bad)
		}
		perRep = append(perRep, got)
	}
	// A seventh run that lost the counterpart gives no pair.
	perRep = append(perRep, map[string]measure{"BenchmarkX/mode=serial/impl=safe": {SecPerOp: 1, AllocsPerOp: 0}})

	res := summarize([]speedRow{row, missing}, perRep)
	r := res[0]
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	if r.Runs != 6 || !near(r.Ratio.Center, 1.25) || !near(r.Ratio.Lo, 1.0) || !near(r.Ratio.Hi, 1.5) {
		t.Errorf("ratio over %d runs = %v [%v, %v], want 6 runs, 1.25 [1, 1.5]", r.Runs, r.Ratio.Center, r.Ratio.Lo, r.Ratio.Hi)
	}
	if r.NaiveRuns != 6 || !near(r.NaiveRatio.Center, 3) {
		t.Errorf("naive ratio over %d runs = %v, want 6 runs, 3", r.NaiveRuns, r.NaiveRatio.Center)
	}
	if got := formatAllocs(r, "/"); got != "0/0/1" {
		t.Errorf("allocs = %q, want 0/0/1 (medians)", got)
	}
	if got, want := r.verdict(), verdictUnsure; got != want {
		t.Errorf("verdict against %v = %q, want %q", r.Target, got, want)
	}
	if len(r.Missing) != 0 {
		t.Errorf("Missing = %q, want none", r.Missing)
	}
	m := res[1]
	if m.Runs != 0 || len(m.Missing) != 1 || m.Missing[0] != "impl=gone" || m.verdict() != "" || formatTimes(m.Ratio.Center) != "-" {
		t.Errorf("row of a missing case: %d runs, Missing %q, verdict %q, ratio %s; want 0, [impl=gone], none, -",
			m.Runs, m.Missing, m.verdict(), formatTimes(m.Ratio.Center))
	}
}

func TestVerdict(t *testing.T) {
	tests := []struct {
		t              target
		median, lo, hi float64
		want           string
	}{
		{atMost(1.2), 1.1, 1.0, 1.2, verdictMet},
		{atMost(1.2), 1.1, 1.0, 1.3, verdictUnsure},
		{atMost(1.2), 1.2, 1.0, 1.3, verdictUnsure},
		{atMost(1.2), 1.21, 1.1, 1.3, verdictMissed},
		{below(1), 0.9, 0.8, 0.99, verdictMet},
		{below(1), 0.9, 0.8, 1.0, verdictUnsure},
		{below(1), 1.0, 0.9, 1.1, verdictMissed},
		{atMost(1.2), 1.1, math.Inf(-1), math.Inf(1), verdictUnsure}, // too few runs for an interval
		{target{}, 5, 4, 6, ""},
	}
	for _, tt := range tests {
		r := speedResult{speedRow: speedRow{Target: tt.t}, Runs: 6}
		r.Ratio.Center, r.Ratio.Lo, r.Ratio.Hi = tt.median, tt.lo, tt.hi
		if got := r.verdict(); got != tt.want {
			t.Errorf("verdict(%v: %v [%v, %v]) = %q, want %q", tt.t, tt.median, tt.lo, tt.hi, got, tt.want)
		}
	}
}

func TestFormatTimes(t *testing.T) {
	tests := []struct {
		r    float64
		want string
	}{{0.0831, "0.083x"}, {0.183, "0.18x"}, {1, "1.00x"}, {1.126, "1.13x"}, {12.34, "12.3x"}, {123.4, "123x"}, {math.NaN(), "-"}}
	for _, tt := range tests {
		if got := formatTimes(tt.r); got != tt.want {
			t.Errorf("formatTimes(%v) = %q, want %q", tt.r, got, tt.want)
		}
	}
	if got := atMost(1.2).String() + " " + below(1).String(); got != "≤1.20x <1.00x" {
		t.Errorf("targets print as %q, want ≤1.20x <1.00x", got)
	}
}
