// Package upstreamtest runs a standard library package's own tests against
// one of this module's types.
//
// It copies named test files out of $(go env GOROOT)/src/<pkg>, rewrites them
// (sync.Map becomes a safemap adapter, say), writes them into a throwaway
// module whose go.mod points at this module with a replace directive, and
// runs go test there. Nothing of the upstream text is kept in this
// repository: the copies live in a temporary directory for one test.
//
// It is internal: the tests of safemap (sync/map_test.go) and safepool
// (sync/pool_test.go) use it.
package upstreamtest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/safeprim/safeprim/internal/race"
)

// TestPackage is the package name of the copied files, whatever they were
// called upstream: files of [Suite.Extra] must use it too.
const TestPackage = "upstream_test"

// A Suite names the upstream test files to copy and how to change them.
type Suite struct {
	// Pkg is the import path of the standard library package, such as
	// "sync".
	Pkg string
	// Files are test files of Pkg's directory, such as "map_test.go". They
	// must be external tests (package pkg_test): internal ones use
	// unexported names that no other package can reach.
	Files []string
	// Rewrites are applied in order to the text of every copied file,
	// before it is parsed.
	Rewrites []Rewrite
	// Drop names top-level declarations (functions, or types and variables
	// declared alone) to delete from the copied files, each with the reason
	// it cannot run outside the standard library, such as a use of
	// internal/testenv or of runtime internals. Imports left unused are
	// deleted too.
	Drop map[string]string
	// Extra holds more files to write beside the copies, by file name: the
	// adapter that the rewrites point at, stand-ins for internal helpers.
	// Their package clause is "package upstream_test" ([TestPackage]).
	Extra map[string]string
	// Flags are more flags for go test, such as "-run=TestX". -count=1
	// and -json are always passed, and -race and -short when the calling
	// test binary has them.
	Flags []string
}

// A Rewrite replaces every match of the regular expression Old (in the
// syntax of package regexp) by New, in which $1 stands for the first
// submatch as in [regexp.Regexp.ReplaceAllString].
type Rewrite struct {
	Old, New string
}

// Result is what go test reported for the copied tests, by top-level test
// name.
type Result struct {
	Passed, Skipped, Failed []string
	// Missing are the Test functions of the copied files that go test did
	// not report: they did not run.
	Missing []string
	// Output is everything go test printed, test output and build errors.
	Output string
}

// OK reports whether every test of the copied files ran, and none failed.
func (r Result) OK() bool {
	return len(r.Failed) == 0 && len(r.Missing) == 0 && len(r.Passed)+len(r.Skipped) > 0
}

// Run runs s and fails t unless every copied test passed or skipped. It skips
// t if the go command or the sources of s.Pkg are not available. It logs the
// counts and the dropped declarations.
func Run(t *testing.T, s Suite) Result {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("upstreamtest: no go command in PATH to run the %s tests with", s.Pkg)
	}
	ctx := t.Context()
	if d, ok := t.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, d.Add(-5*time.Second))
		defer cancel()
	}
	res, err := Exec(ctx, goTool, t.TempDir(), s)
	if errors.Is(err, ErrNoSource) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range slices.Sorted(maps.Keys(s.Drop)) {
		t.Logf("upstreamtest: %s: dropped %s: %s", s.Pkg, name, s.Drop[name])
	}
	t.Logf("upstreamtest: %s %s: %d passed, %d skipped, %d failed, %d did not run",
		s.Pkg, strings.Join(s.Files, " "), len(res.Passed), len(res.Skipped), len(res.Failed), len(res.Missing))
	if !res.OK() {
		t.Errorf("upstreamtest: %s: failed %v, did not run %v; go test said:\n%s", s.Pkg, res.Failed, res.Missing, res.Output)
	}
	return res
}

// ErrNoSource reports that GOROOT holds no source for a suite's files.
var ErrNoSource = errors.New("upstreamtest: standard library sources not found")

// Exec writes s into a throwaway module in dir (an empty directory) and runs
// go test there with the go command goTool. It returns an error only if it
// could not run the tests; failed tests are in the Result.
func Exec(ctx context.Context, goTool, dir string, s Suite) (Result, error) {
	goroot, err := goOutput(ctx, goTool, "", "env", "GOROOT")
	if err != nil {
		return Result{}, err
	}
	src := filepath.Join(goroot, "src", filepath.FromSlash(s.Pkg))
	mod, err := goOutput(ctx, goTool, "", "list", "-m", "-f", "{{.Path}}\n{{.Dir}}\n{{.GoVersion}}")
	if err != nil {
		return Result{}, err
	}
	lines := strings.Split(mod, "\n")
	if len(lines) != 3 || lines[1] == "" {
		return Result{}, fmt.Errorf("upstreamtest: go list -m printed %q, want the module's path, directory and Go version", mod)
	}
	modPath, modDir, goVersion := lines[0], lines[1], lines[2]

	var tests []string
	for _, name := range s.Files {
		text, err := os.ReadFile(filepath.Join(src, name))
		if errors.Is(err, os.ErrNotExist) {
			return Result{}, fmt.Errorf("%w: %s has no %s", ErrNoSource, src, name)
		}
		if err != nil {
			return Result{}, err
		}
		out, names, err := s.rewrite(name, text)
		if err != nil {
			return Result{}, err
		}
		tests = append(tests, names...)
		if err := os.WriteFile(filepath.Join(dir, name), out, 0o644); err != nil {
			return Result{}, err
		}
	}
	for name, text := range s.Extra {
		_, names, err := parse(name, []byte(text))
		if err != nil {
			return Result{}, err
		}
		tests = append(tests, names...)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			return Result{}, err
		}
	}
	if err := writeModule(dir, modPath, modDir, goVersion); err != nil {
		return Result{}, err
	}

	args := []string{"test", "-count=1", "-json"}
	if race.Enabled {
		args = append(args, "-race")
	}
	if testing.Short() {
		args = append(args, "-short")
	}
	if d, ok := ctx.Deadline(); ok {
		args = append(args, "-timeout="+time.Until(d).Round(time.Second).String())
	}
	args = append(args, s.Flags...)
	args = append(args, ".")
	cmd := exec.CommandContext(ctx, goTool, args...)
	cmd.Dir = dir
	// -mod=mod lets go test record in the throwaway go.mod the requirements
	// this module brings in; the go.sum copied from this module covers them.
	cmd.Env = append(os.Environ(), "GOFLAGS="+strings.TrimSpace(os.Getenv("GOFLAGS")+" -mod=mod"), "GOWORK=off")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	res := parseEvents(stdout.Bytes())
	res.Output += stderr.String()
	for _, name := range tests {
		if !slices.Contains(res.Passed, name) && !slices.Contains(res.Skipped, name) && !slices.Contains(res.Failed, name) {
			res.Missing = append(res.Missing, name)
		}
	}
	var exit *exec.ExitError
	if runErr != nil && !errors.As(runErr, &exit) {
		return res, fmt.Errorf("upstreamtest: running go test: %w", runErr)
	}
	if ctx.Err() != nil {
		return res, fmt.Errorf("upstreamtest: go test did not finish: %w\n%s", ctx.Err(), res.Output)
	}
	return res, nil
}

// writeModule writes the throwaway module's go.mod, requiring modPath from
// modDir, a go.sum copied from modDir, and a non-test file so that the
// directory holds a package for the external tests to belong to.
func writeModule(dir, modPath, modDir, goVersion string) error {
	gomod := fmt.Sprintf("module upstream\n\ngo %s\n\nrequire %s v0.0.0-00010101000000-000000000000\n\nreplace %s => %s\n",
		goVersion, modPath, modPath, strconv.Quote(modDir))
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644); err != nil {
		return err
	}
	sum, err := os.ReadFile(filepath.Join(modDir, "go.sum"))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644); err != nil {
		return err
	}
	doc := "// Package upstream holds copies of standard library tests, made by internal/upstreamtest.\npackage upstream\n"
	return os.WriteFile(filepath.Join(dir, "doc.go"), []byte(doc), 0o644)
}

// rewrite applies s's rewrites to the file name's text, renames its package,
// drops s.Drop's declarations and the imports they leave unused, and returns
// the result with the names of its Test functions.
func (s Suite) rewrite(name string, text []byte) ([]byte, []string, error) {
	for _, rw := range s.Rewrites {
		re, err := regexp.Compile(rw.Old)
		if err != nil {
			return nil, nil, fmt.Errorf("upstreamtest: rewrite %q: %w", rw.Old, err)
		}
		text = re.ReplaceAll(text, []byte(rw.New))
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, text, parser.ParseComments)
	if err != nil {
		return nil, nil, fmt.Errorf("upstreamtest: %s after rewrites: %w", name, err)
	}
	if !strings.HasSuffix(f.Name.Name, "_test") {
		return nil, nil, fmt.Errorf("upstreamtest: %s is in package %s, not an external test package", name, f.Name.Name)
	}
	f.Name.Name = TestPackage
	dropDecls(f, s.Drop)
	dropUnusedImports(f)
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "// Code generated by internal/upstreamtest from the Go distribution's src/%s/%s; DO NOT EDIT.\n\n", s.Pkg, name)
	if err := format.Node(&buf, fset, f); err != nil {
		return nil, nil, fmt.Errorf("upstreamtest: printing %s: %w", name, err)
	}
	return buf.Bytes(), testNames(f), nil
}

// parse parses a file of Suite.Extra and returns the names of its Test
// functions.
func parse(name string, text []byte) (*ast.File, []string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), name, text, 0)
	if err != nil {
		return nil, nil, fmt.Errorf("upstreamtest: extra file %s: %w", name, err)
	}
	if f.Name.Name != TestPackage {
		return nil, nil, fmt.Errorf("upstreamtest: extra file %s is in package %s, want %s", name, f.Name.Name, TestPackage)
	}
	return f, testNames(f), nil
}

// testNames returns the names of f's top-level Test functions.
func testNames(f *ast.File) []string {
	var names []string
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv != nil || !strings.HasPrefix(fd.Name.Name, "Test") || fd.Name.Name == "TestMain" {
			continue
		}
		names = append(names, fd.Name.Name)
	}
	return names
}

// dropDecls deletes from f the top-level declarations named in drop, with
// the comments inside or above them.
func dropDecls(f *ast.File, drop map[string]string) {
	if len(drop) == 0 {
		return
	}
	var gone []ast.Node
	f.Decls = slices.DeleteFunc(f.Decls, func(d ast.Decl) bool {
		if _, ok := drop[declName(d)]; ok {
			gone = append(gone, d)
			return true
		}
		return false
	})
	f.Comments = slices.DeleteFunc(f.Comments, func(c *ast.CommentGroup) bool {
		for _, d := range gone {
			start := d.Pos()
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Doc != nil {
				start = fd.Doc.Pos()
			}
			if gd, ok := d.(*ast.GenDecl); ok && gd.Doc != nil {
				start = gd.Doc.Pos()
			}
			if c.Pos() >= start && c.End() <= d.End() {
				return true
			}
		}
		return false
	})
}

// declName returns the name a top-level declaration declares: a function's
// (methods are named Type.Method), or a type's or variable's declared alone.
func declName(d ast.Decl) string {
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Recv != nil && len(d.Recv.List) == 1 {
			t := d.Recv.List[0].Type
			if st, ok := t.(*ast.StarExpr); ok {
				t = st.X
			}
			if id, ok := t.(*ast.Ident); ok {
				return id.Name + "." + d.Name.Name
			}
		}
		return d.Name.Name
	case *ast.GenDecl:
		if len(d.Specs) != 1 {
			return ""
		}
		switch s := d.Specs[0].(type) {
		case *ast.TypeSpec:
			return s.Name.Name
		case *ast.ValueSpec:
			if len(s.Names) == 1 {
				return s.Names[0].Name
			}
		}
	}
	return ""
}

// dropUnusedImports deletes the imports of f whose name f no longer uses as
// the package of a selector. Dot and blank imports are kept.
func dropUnusedImports(f *ast.File) {
	used := make(map[string]bool)
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok {
				used[id.Name] = true
			}
		}
		return true
	})
	unused := func(spec ast.Spec) bool {
		is := spec.(*ast.ImportSpec)
		p, err := strconv.Unquote(is.Path.Value)
		if err != nil {
			return false
		}
		name := importName(p)
		if is.Name != nil {
			name = is.Name.Name
		}
		return name != "." && name != "_" && !used[name]
	}
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			continue
		}
		gd.Specs = slices.DeleteFunc(gd.Specs, unused)
	}
	f.Imports = slices.DeleteFunc(f.Imports, func(is *ast.ImportSpec) bool { return unused(is) })
	f.Decls = slices.DeleteFunc(f.Decls, func(d ast.Decl) bool {
		gd, ok := d.(*ast.GenDecl)
		return ok && gd.Tok == token.IMPORT && len(gd.Specs) == 0
	})
}

// versionElem matches the major-version element of an import path.
var versionElem = regexp.MustCompile(`^v[0-9]+$`)

// importName returns the package name an import path gets by default: its
// last element, or the one before a major version ("math/rand/v2" is rand).
func importName(p string) string {
	dir, last := path.Split(p)
	if versionElem.MatchString(last) && dir != "" {
		return path.Base(dir)
	}
	return last
}

// event is one line of go test -json.
type event struct {
	Action string
	Test   string
	Output string
}

// parseEvents reads go test -json output into a Result.
func parseEvents(out []byte) Result {
	var res Result
	var text strings.Builder
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var e event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			text.Write(sc.Bytes())
			text.WriteByte('\n')
			continue
		}
		text.WriteString(e.Output)
		if e.Test == "" || strings.Contains(e.Test, "/") {
			continue
		}
		switch e.Action {
		case "pass":
			res.Passed = append(res.Passed, e.Test)
		case "skip":
			res.Skipped = append(res.Skipped, e.Test)
		case "fail":
			res.Failed = append(res.Failed, e.Test)
		}
	}
	res.Output = text.String()
	return res
}

// goOutput runs the go command in dir and returns its trimmed output.
func goOutput(ctx context.Context, goTool, dir string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, goTool, args...)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return "", fmt.Errorf("upstreamtest: go %s: %w\n%s", strings.Join(args, " "), err, exit.Stderr)
		}
		return "", fmt.Errorf("upstreamtest: go %s: %w", strings.Join(args, " "), err)
	}
	return strings.TrimSpace(string(out)), nil
}
