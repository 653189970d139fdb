package vet_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLibraryDoesNotImportTools keeps the analyzers' dependency out of the
// library: no package of the module outside vet/ may depend on
// golang.org/x/tools, so users of the primitives never build it.
func TestLibraryDoesNotImportTools(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}}", "github.com/safeprim/safeprim/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var lib []string
	for _, p := range strings.Fields(string(out)) {
		if p != "github.com/safeprim/safeprim/vet" && !strings.HasPrefix(p, "github.com/safeprim/safeprim/vet/") {
			lib = append(lib, p)
		}
	}
	if len(lib) == 0 {
		t.Fatal("go list found no library packages")
	}
	args := append([]string{"list", "-deps", "-f", "{{.ImportPath}}"}, lib...)
	out, err = exec.Command("go", args...).Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	deps := strings.Fields(string(out))
	for _, d := range deps {
		if d == "golang.org/x/tools" || strings.HasPrefix(d, "golang.org/x/tools/") {
			t.Errorf("a library package depends on %s; only vet/ may import golang.org/x/tools", d)
		}
	}
	// The check must see the library's own dependencies to mean anything.
	if !contains(deps, "github.com/safeprim/safeprim/safepool") || !contains(deps, "sync") {
		t.Errorf("go list -deps of %d library packages gave %d packages, without safepool or sync; want both", len(lib), len(deps))
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
