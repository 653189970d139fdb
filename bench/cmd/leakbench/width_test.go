package main

import (
	"errors"
	"strings"
	"testing"
	"time"

	"golang.org/x/perf/benchmath"

	"github.com/safeprim/safeprim/bench/internal/scenario"
)

// sampleReport is a report of every scenario and every speed row with the
// widest figures they can plausibly print, and every kind of note.
func sampleReport() report {
	r := report{
		Command:  "go run ./bench/cmd/leakbench -count 10",
		Date:     time.Date(2026, 12, 1, 14, 3, 0, 0, time.UTC),
		Machine:  machine{OS: "linux", Arch: "amd64", CPU: "AMD EPYC 9V74 80-Core Processor", Go: "go1.26.8", CPUs: 2, Load: 7.62},
		Scale:    1,
		Policy:   defaultPolicy,
		Profiled: true,
		Elapsed:  5200 * time.Millisecond,
	}
	wide := &scenario.LeakProfile{Count: 20000, Stacks: []scenario.LeakStack{{Count: 20000, Func: "github.com/safeprim/safeprim/bench/internal/scenario.rangeUnclosed.func1", Where: "goroutine.go:123"}}}
	for _, s := range scenario.All {
		naive := side{Impl: scenario.Naive, Retained: 1023 << 20, GoroutinesLeft: 20000, NsPerOp: 123456, LeakProfile: wide}
		safe := side{Impl: scenario.Safeprim, Retained: 1023 << 10, GoroutinesLeft: 0, NsPerOp: 123456, LeakProfile: &scenario.LeakProfile{}}
		if s.Fatal != "" {
			naive = side{Impl: scenario.Naive, Killed: s.Fatal}
		}
		r.Rows = append(r.Rows, row{outcome: newOutcome(s, naive, safe), N: 1000000, Fatal: s.Fatal})
	}
	r.Rows[0].Safeprim.Retained = 9 // ratio 1/119188139
	r.Rows[1].Failed, r.Rows[1].Why = true, "safeprim side retained 1072693248 B, 0.999 of naive's 1072693248 B (limit 0.1)"

	sr := &speedRun{Count: 10, Benchtime: 50 * time.Millisecond, Build: 12 * time.Second, Elapsed: 80 * time.Second}
	for i, row := range speedRows {
		res := speedResult{speedRow: row, Runs: 10, NaiveRuns: 10,
			Ratio:       benchmath.Summary{Center: 123.4, Lo: 0.0123, Hi: 456.7, Confidence: 0.98},
			NaiveRatio:  benchmath.Summary{Center: 0.0123},
			NsPerOp:     map[string]float64{},
			AllocsPerOp: map[string]float64{row.Safeprim(): 1001, row.Counterpart: 1002.5, row.Naive: 1003},
		}
		if i == 0 {
			res.Ratio = benchmath.Summary{Center: 1.5, Lo: 0.9, Hi: 2, Warnings: []error{errors.New("need >= 6 samples for confidence interval at level 0.95")}}
		}
		sr.Results = append(sr.Results, res)
	}
	sr.Errors = []string{"safemap, run 3, -test.bench ^(BenchmarkMix)$/^(key=int|key=string)$/^(keys=1K)$/^(reads=99%|reads=90%|reads=10%)$/^(impl=safemap|impl=sync.Map|impl=map\\+RWMutex|impl=xsync)$: exit status 1: FAIL"}
	r.Speed = sr
	return r
}

// TestTerminalWidth checks that no line of the terminal tables, with
// every real scenario and speed row and wide figures, is wider than
// termWidth.
func TestTerminalWidth(t *testing.T) {
	r := sampleReport()
	var b strings.Builder
	writeTable(&b, r)
	b.WriteString("\n")
	writeSpeedTable(&b, *r.Speed)
	for i, l := range strings.Split(b.String(), "\n") {
		if width(l) > termWidth {
			t.Errorf("line %d is %d columns wide, want at most %d:\n%s", i+1, width(l), termWidth, l)
		}
	}
	for _, want := range []string{"context/goroutine-holds-ctx", "1/119188139", "  Mix/key=string/keys=1K/reads=10%", "123x", "0.012–457", "1001/1002.5/1003", "≤1.20x  MISSED"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("terminal tables do not contain %q:\n%s", want, b.String())
		}
	}
}

func TestGrid(t *testing.T) {
	g := grid{
		width: 24,
		cols:  []gridCol{{name: "name"}, {name: "a", right: true}, {name: "b", right: true}, {name: "c"}},
		spans: []gridSpan{{1, 2, "a+b"}},
	}
	g.section("a section line longer than the grid")
	g.row("x", "1", "22", "ok")
	g.row("a name too long to fit", "333", "4", "")
	var b strings.Builder
	g.write(&b)
	want := "" +
		"                 a+b\n" + // over a and b, right-aligned as they are
		"name           a   b  c\n" + // the first column is as wide as the others leave
		"a section line longer\n" +
		"    than the grid\n" +
		"x              1  22  ok\n" +
		"a name too long to fit\n" + // a longer first cell goes on its own line
		"             333   4\n"
	if got := b.String(); got != want {
		t.Errorf("grid:\n%s\nwant:\n%s", got, want)
	}
}

func TestWrap(t *testing.T) {
	tests := []struct {
		s    string
		want []string
	}{
		{"one two three four", []string{"one two", "  three", "  four"}},
		{"abcdefghijkl x", []string{"abcdefghi", "  jkl x"}},
		{"x abcdefghijklmnop", []string{"x", "  abcdefg", "  hijklmn", "  op"}},
	}
	for _, tt := range tests {
		if got := wrap(tt.s, 9, "  "); strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("wrap(%q, 9) = %q, want %q", tt.s, got, tt.want)
		}
	}
}
