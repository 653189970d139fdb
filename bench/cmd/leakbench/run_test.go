package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// runLeakbench runs leakbench with args. Its files go to a temporary
// directory unless args name another -out (the last -out wins), never to
// the default in the source tree.
func runLeakbench(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), testScenarios, testRows, append([]string{"-out", t.TempDir()}, args...), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestRunExitStatus(t *testing.T) {
	tests := []struct {
		name     string
		run      string
		want     int
		wantOut  string
		wantProg string // in the progress output
	}{
		{"leaky", "^test/leaky$", exitLeak, "LEAK", "safeprim side left 10 goroutines running"},
		{"clean", "^test/clean$", exitOK, " ok", "[ 1/1] test/clean"},
		{"both", "^test/", exitLeak, "test/clean", "FAIL: 1 safeprim scenario(s) leak"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			code, stdout, stderr := runLeakbench(t, "-run", tt.run, "-out", dir)
			if code != tt.want {
				t.Errorf("exit status %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.want, stdout, stderr)
			}
			if !strings.Contains(stdout, tt.wantOut) {
				t.Errorf("stdout does not contain %q:\n%s", tt.wantOut, stdout)
			}
			if !strings.Contains(stderr, tt.wantProg) {
				t.Errorf("progress does not contain %q:\n%s", tt.wantProg, stderr)
			}
			for _, f := range []string{reportFile, chartFile} {
				if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
					t.Errorf("output file: %v", err)
				}
			}
		})
	}
}

func TestRunJSON(t *testing.T) {
	code, stdout, stderr := runLeakbench(t, "-json", "-run", "^test/clean$", "-out", t.TempDir(), "-scale", "0.5")
	if code != exitOK {
		t.Fatalf("exit status %d, want %d; stderr:\n%s", code, exitOK, stderr)
	}
	var rep jsonReport
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("stdout is not a JSON report: %v\n%s", err, stdout)
	}
	if rep.Speed != nil || !strings.HasPrefix(rep.Command, "go run ./bench/cmd/leakbench") || rep.Scale != 0.5 {
		t.Errorf("report: speed %v, command %q, scale %v; want no speed table, the command, 0.5", rep.Speed, rep.Command, rep.Scale)
	}
	got := rep.Leaks
	if len(got) != 1 {
		t.Fatalf("got %d outcomes, want 1", len(got))
	}
	o := got[0]
	if o.Scenario != "test/clean" || o.N != 5 || o.Naive.N != 5 || o.Safeprim.N != 5 {
		t.Errorf("outcome %q n=%d (naive %d, safeprim %d), want test/clean n=5", o.Scenario, o.N, o.Naive.N, o.Safeprim.N)
	}
	if o.Naive.Retained < 4<<20 {
		t.Errorf("naive retained %d B after keeping 5 MiB, want at least 4 MiB", o.Naive.Retained)
	}
	if o.Leaks || o.Ratio == nil || *o.Ratio > 0.1 {
		t.Errorf("safeprim_leaks = %v, ratio = %v; want false and at most 0.1", o.Leaks, o.Ratio)
	}
}

func TestRunUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"scale zero", []string{"-scale", "0"}, "-scale 0: want a positive factor"},
		{"bad regexp", []string{"-run", "("}, "-run: error parsing regexp"},
		{"no match", []string{"-run", "^nothing$"}, `no scenario or speed row matches -run "^nothing$"`},
		{"no speed row", []string{"-leaks=false", "-run", "^test/clean$"}, `no scenario or speed row matches`},
		{"nothing to run", []string{"-leaks=false", "-speed=false"}, "nothing to run"},
		{"count", []string{"-count", "0"}, "-count 0: want at least 1"},
		{"benchtime", []string{"-benchtime", "0s"}, "-benchtime 0s: want a positive duration"},
		{"extra args", []string{"x"}, `unexpected arguments ["x"]`},
		{"unknown flag", []string{"-nope"}, "flag provided but not defined: -nope"},
		{"timeout", []string{"-timeout", "0s"}, "-timeout 0s: want a positive duration"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runLeakbench(t, tt.args...)
			if code != exitUsage {
				t.Errorf("exit status %d, want %d", code, exitUsage)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr does not contain %q:\n%s", tt.want, stderr)
			}
		})
	}
	if code, _, _ := runLeakbench(t, "-h"); code != exitOK {
		t.Errorf("-h: exit status %d, want %d", code, exitOK)
	}
}

func TestCommandLine(t *testing.T) {
	got := commandLine([]string{"-scale", "0.1", "-run", "^slice/(queue|burst)$"})
	want := `go run ./bench/cmd/leakbench -scale 0.1 -run '^slice/(queue|burst)$'`
	if got != want {
		t.Errorf("commandLine = %q, want %q", got, want)
	}
}

func TestMatch(t *testing.T) {
	tests := []struct {
		re   string
		want []string
	}{
		{`^goroutine/`, []string{"goroutine/range-unclosed", "goroutine/send-abandoned"}},
		{`^test/(leaky|clean)$`, []string{"test/leaky", "test/clean"}},
		{`^nothing$`, nil},
	}
	for _, tt := range tests {
		var got []string
		for _, s := range match(testScenarios, regexp.MustCompile(tt.re)) {
			got = append(got, s.Name)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("match(%q) = %q, want %q", tt.re, got, tt.want)
		}
	}
	if got := match(testScenarios, regexp.MustCompile("")); len(got) != len(testScenarios) {
		t.Errorf("match(\"\") = %d scenarios, want all %d", len(got), len(testScenarios))
	}
}
