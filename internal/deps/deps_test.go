package deps_test

import (
	"os/exec"
	"strings"
	"testing"
)

// allowedDeps are the modules a library package may import, beside the
// standard library and this module.
var allowedDeps = []string{"golang.org/x/sync/", "github.com/puzpuzpuz/xsync/v3"}

// TestLibraryDeps checks that no library package imports, directly or not,
// anything but the standard library, golang.org/x/sync, xsync and this
// module: Prometheus (leakwatch's tests), x/perf (leakbench) and x/tools
// (the analyzers) must not reach them. bench and vet may import more, and
// are left out.
func TestLibraryDeps(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command in PATH")
	}
	const module = "github.com/safeprim/safeprim"
	list := func(args ...string) []string {
		t.Helper()
		out, err := exec.Command(goTool, append([]string{"list"}, args...)...).Output()
		if err != nil {
			if e, ok := err.(*exec.ExitError); ok {
				t.Fatalf("go list %s: %v\n%s", strings.Join(args, " "), err, e.Stderr)
			}
			t.Fatalf("go list %s: %v", strings.Join(args, " "), err)
		}
		return strings.Fields(string(out))
	}
	var libs []string
	for _, p := range list(module + "/...") {
		if rest := strings.TrimPrefix(p, module); !strings.HasPrefix(rest, "/bench") && !strings.HasPrefix(rest, "/vet") {
			libs = append(libs, p)
		}
	}
	if len(libs) < 6 {
		t.Fatalf("go list found the library packages %q, want leakwatch and the five primitives at least", libs)
	}
	deps := list(append([]string{"-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}"}, libs...)...)
	for _, d := range deps {
		ok := d == module || strings.HasPrefix(d, module+"/")
		for _, a := range allowedDeps {
			ok = ok || strings.HasPrefix(d, a) || d == strings.TrimSuffix(a, "/")
		}
		if !ok {
			t.Errorf("a library package depends on %s", d)
		}
	}
	if !strings.Contains(strings.Join(deps, " "), module+"/leakwatch") {
		t.Errorf("go list -deps of %q does not list leakwatch itself", libs)
	}
}
