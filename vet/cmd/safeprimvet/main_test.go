package main_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// build compiles the command into a temporary directory.
func build(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "safeprimvet")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// module copies testdata/mod into a temporary directory, so that -fix can
// change it.
func module(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"go.mod", "leaky.go"} {
		data, err := os.ReadFile(filepath.Join("testdata", "mod", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// run runs name with args in dir and returns its combined output and exit
// code.
func run(t *testing.T, dir, name string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=", "GOTOOLCHAIN=local")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return out.String(), 0
	case errors.As(err, &exit):
		return out.String(), exit.ExitCode()
	}
	t.Fatalf("%s %v: %v", name, args, err)
	return "", 0
}

var wantFindings = []string{
	"leaky.go:17:2: poolreset: *bytes.Buffer from bufPool is Put without Reset",
	"leaky.go:17:2: poolsize: *bytes.Buffer is Put into bufPool with no capacity check",
	"leaky.go:23:14: sendleak: the goroutine's send on ch blocks for ever if the select takes <-ctx.Done() first",
	"leaky.go:35:2: truncptr: s.conns[:len(s.conns)-1] keeps the elements cut off reachable",
	"leaky.go:39:32: ctxkey: context.WithValue key \"user\" has built-in type string",
}

// TestCommand builds the command once and runs it alone, as go vet's
// -vettool, and with -fix.
func TestCommand(t *testing.T) {
	bin := build(t)
	t.Run("report", func(t *testing.T) { testReport(t, bin) })
	t.Run("fix", func(t *testing.T) { testFix(t, bin) })
}

func testReport(t *testing.T, bin string) {
	tests := []struct {
		name     string
		cmd      string
		args     []string
		wantCode int
	}{
		{"alone", bin, []string{"./..."}, 3},
		{"vettool", "go", []string{"vet", "-vettool=" + bin, "./..."}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, code := run(t, module(t), tt.cmd, tt.args...)
			if code != tt.wantCode {
				t.Errorf("exit code: got %d, want %d; output:\n%s", code, tt.wantCode, out)
			}
			for _, want := range wantFindings {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q; got:\n%s", want, out)
				}
			}
		})
	}
}

func testFix(t *testing.T, bin string) {
	dir := module(t)
	run(t, dir, bin, "-fix", "./...")
	got, err := os.ReadFile(filepath.Join(dir, "leaky.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"\tb.Reset()\n\tbufPool.Put(b)\n",
		"ch := make(chan int, 1)\n",
		"\tclear(s.conns[len(s.conns)-1:])\n\ts.conns = s.conns[:len(s.conns)-1]\n",
	} {
		if !bytes.Contains(got, []byte(want)) {
			t.Errorf("after -fix, leaky.go lacks %q; got:\n%s", want, got)
		}
	}
	// The fixed code has no findings left but those with no fix.
	out, code := run(t, dir, bin, "./...")
	if code != 3 || strings.Count(out, "\n") != 2 || !strings.Contains(out, "poolsize:") || !strings.Contains(out, "ctxkey:") {
		t.Errorf("after -fix: got exit code %d and output\n%s\nwant exit code 3 and the poolsize and ctxkey findings alone", code, out)
	}
}
