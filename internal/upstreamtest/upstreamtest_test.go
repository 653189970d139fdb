package upstreamtest_test

import (
	"errors"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"go.uber.org/goleak"

	"github.com/safeprim/safeprim/internal/upstreamtest"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// goTool returns the go command, skipping tb if there is none or under
// -short: each Exec builds and runs a test binary.
func goTool(tb testing.TB) string {
	tb.Helper()
	if testing.Short() {
		tb.Skip("builds and runs a test binary in a module of its own; skipped with -short")
	}
	p, err := exec.LookPath("go")
	if err != nil {
		tb.Skip("no go command in PATH")
	}
	return p
}

// cmpTests are the Test functions of cmp/cmp_test.go.
var cmpTests = []string{"TestLess", "TestCompare", "TestSort", "TestOr"}

func TestExec(t *testing.T) {
	goTool := goTool(t)
	brokenOr := `package upstream_test

// or returns the zero value always, so that TestOr fails.
func or[T comparable](...T) T {
	var zero T
	return zero
}
`
	tests := []struct {
		name        string
		suite       upstreamtest.Suite
		wantPassed  []string
		wantFailed  []string
		wantMissing []string
	}{
		{
			name:       "as upstream",
			suite:      upstreamtest.Suite{Pkg: "cmp", Files: []string{"cmp_test.go"}},
			wantPassed: cmpTests,
		},
		{
			name: "rewritten to a broken Or",
			suite: upstreamtest.Suite{
				Pkg:      "cmp",
				Files:    []string{"cmp_test.go"},
				Rewrites: []upstreamtest.Rewrite{{Old: `\bcmp\.Or\(`, New: "or("}},
				Extra:    map[string]string{"or_test.go": brokenOr},
			},
			wantPassed: []string{"TestLess", "TestCompare", "TestSort"},
			wantFailed: []string{"TestOr"},
		},
		{
			// The dropped functions are the only users of the imports
			// sort, slices and strings: those must go too, or the copy
			// would not compile.
			name: "declarations dropped",
			suite: upstreamtest.Suite{
				Pkg:   "cmp",
				Files: []string{"cmp_test.go"},
				Drop: map[string]string{
					"TestSort":       "to test dropping",
					"ExampleOr_sort": "to test dropping",
				},
			},
			wantPassed: []string{"TestLess", "TestCompare", "TestOr"},
		},
		{
			name: "tests that do not run",
			suite: upstreamtest.Suite{
				Pkg:   "cmp",
				Files: []string{"cmp_test.go"},
				Extra: map[string]string{"extra_test.go": "package upstream_test\n\nimport \"testing\"\n\nfunc TestExtra(t *testing.T) {}\n"},
				Flags: []string{"-run=^TestLess$"},
			},
			wantPassed:  []string{"TestLess"},
			wantMissing: []string{"TestCompare", "TestSort", "TestOr", "TestExtra"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := upstreamtest.Exec(t.Context(), goTool, t.TempDir(), tt.suite)
			if err != nil {
				t.Fatal(err)
			}
			check := func(what string, got, want []string) {
				t.Helper()
				// Examples are reported too; only tests are compared.
				got = slices.DeleteFunc(slices.Clone(got), func(name string) bool { return !strings.HasPrefix(name, "Test") })
				if !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))) {
					t.Errorf("%s = %v, want %v; go test said:\n%s", what, got, want, res.Output)
				}
			}
			check("Passed", res.Passed, tt.wantPassed)
			check("Failed", res.Failed, tt.wantFailed)
			check("Missing", res.Missing, tt.wantMissing)
			if wantOK := len(tt.wantFailed) == 0 && len(tt.wantMissing) == 0; res.OK() != wantOK {
				t.Errorf("OK() = %v, want %v", res.OK(), wantOK)
			}
		})
	}
}

func TestExecErrors(t *testing.T) {
	goTool := goTool(t)
	tests := []struct {
		name  string
		suite upstreamtest.Suite
		want  string
		is    error
	}{
		{"missing file", upstreamtest.Suite{Pkg: "cmp", Files: []string{"no_such_test.go"}},
			"upstreamtest: standard library sources not found", upstreamtest.ErrNoSource},
		{"internal test file", upstreamtest.Suite{Pkg: "sync", Files: []string{"export_test.go"}},
			"upstreamtest: export_test.go is in package sync, not an external test package", nil},
		{"bad rewrite", upstreamtest.Suite{Pkg: "cmp", Files: []string{"cmp_test.go"}, Rewrites: []upstreamtest.Rewrite{{Old: "("}}},
			"upstreamtest: rewrite \"(\"", nil},
		{"extra file in another package", upstreamtest.Suite{Pkg: "cmp", Files: []string{"cmp_test.go"}, Extra: map[string]string{"x_test.go": "package x_test\n"}},
			"upstreamtest: extra file x_test.go is in package x_test, want upstream_test", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := upstreamtest.Exec(t.Context(), goTool, t.TempDir(), tt.suite)
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("Exec error = %v, want one starting with %q", err, tt.want)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("Exec error = %v, want one that is %v", err, tt.is)
			}
		})
	}
}
