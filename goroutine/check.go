package goroutine

import (
	"context"
	"fmt"
	"maps"
	"reflect"
	"runtime/pprof"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/safeprim/safeprim/internal/stacks"
)

// TestLabelKey is the [runtime/pprof] label key under which [CheckLeaks]
// marks the goroutines of a test. The value is the test's name and a number
// unique to the call, as in "TestHandler/sub#3".
const TestLabelKey = "goroutine.test"

// checks numbers the calls of CheckLeaks, so that each test's label value
// is unique even when tests share a name (go test -count=2).
var checks atomic.Uint64

// CheckLeaks fails t if goroutines started by t are still running once t
// and its subtests have ended. Call it at the top of a test or subtest,
// before it starts any goroutine:
//
//	func TestHandler(t *testing.T) {
//		t.Parallel()
//		goroutine.CheckLeaks(t)
//		...
//	}
//
// CheckLeaks adds to the calling goroutine's [runtime/pprof] labels one
// unique to t, under [TestLabelKey]. Goroutines inherit labels from the
// goroutine that starts them, so every goroutine started from the test's
// goroutine tree carries it: plain go statements, the goroutines those
// start, subtests. In a t.Cleanup, after t and its subtests, CheckLeaks
// looks in the goroutine profile for goroutines with the label, waits for
// those about to return with goleak's growing pause (about half a second
// in all), and fails t naming each one's function, where it is blocked and
// its stack. The cleanup then gives the goroutine that called CheckLeaks
// its earlier labels back.
//
// Unlike goleak, which fails on any goroutine of the process, CheckLeaks
// sees only t's, so it works with t.Parallel and beside the goroutines of
// other tests and of the runtime. It does not see goroutines started for t
// by a goroutine that existed before t, such as a shared pool's workers or
// a server started in TestMain, nor goroutines whose labels were replaced:
// by [pprof.SetGoroutineLabels] or [pprof.Do] with a context that lacks t's
// label, or by a named [Group], whose goroutines carry only its name
// ([VerifyNone] counts those). A goroutine belongs to the innermost test
// that called CheckLeaks.
//
// Each call reads the goroutine profile once, and its cleanup once per
// retry. A read stops the world for a moment and takes time in proportion
// to the goroutines of the process (BenchmarkLeakCheck compares it with
// goleak's check).
//
// CheckLeaks panics if t is nil.
func CheckLeaks(t TB, opts ...CheckOption) {
	if t == nil {
		panic("goroutine: CheckLeaks: nil TB; pass the test's t")
	}
	t.Helper()
	self, _, err := stacks.ReadSelf()
	if err != nil {
		t.Errorf("goroutine: CheckLeaks: %v", err)
		return
	}
	name, test := "", "the test"
	if n, ok := t.(interface{ Name() string }); ok {
		name = n.Name()
		test = "test " + name
	}
	label := fmt.Sprintf("%s#%d", name, checks.Add(1))
	before := labelsContext(self.Labels)
	pprof.SetGoroutineLabels(pprof.WithLabels(before, pprof.Labels(TestLabelKey, label)))

	t.Cleanup(func() {
		t.Helper()
		self, p, err := stacks.ReadSelf()
		if err != nil {
			t.Errorf("goroutine: CheckLeaks: %v", err)
			return
		}
		if self.Labels[TestLabelKey] == label {
			pprof.SetGoroutineLabels(before)
		}
		var leaked []stacks.Record
		settle(func() bool {
			if p == nil {
				if p, err = stacks.Read("goroutine"); err != nil {
					return true
				}
			}
			leaked = leaks(p, label, opts)
			p = nil
			return len(leaked) == 0
		})
		switch {
		case err != nil:
			t.Errorf("goroutine: CheckLeaks: %v", err)
		case len(leaked) != 0:
			t.Errorf("%s", checkReport(test, leaked))
		}
	})
}

// labelsContext returns a context that carries labels, for
// pprof.SetGoroutineLabels.
func labelsContext(labels map[string]string) context.Context {
	ctx := context.Background()
	if len(labels) == 0 {
		return ctx
	}
	var kv []string
	for _, k := range slices.Sorted(maps.Keys(labels)) {
		kv = append(kv, k, labels[k])
	}
	return pprof.WithLabels(ctx, pprof.Labels(kv...))
}

// leaks returns the records of p that carry the test's label and that no
// option ignores.
func leaks(p *stacks.Profile, label string, opts []CheckOption) []stacks.Record {
	var leaked []stacks.Record
	for _, r := range p.Records {
		if r.Labels[TestLabelKey] == label && !slices.ContainsFunc(opts, func(o CheckOption) bool { return o.ignores(&r) }) {
			leaked = append(leaked, r)
		}
	}
	return leaked
}

// checkReport describes the goroutines a test left running.
func checkReport(test string, leaked []stacks.Record) string {
	n := 0
	for _, r := range leaked {
		n += r.Count
	}
	var b strings.Builder
	fmt.Fprintf(&b, "goroutine: CheckLeaks: %s left %d goroutine%s running; make each return before the test ends (cancel its context, close its channel, wait for it), or ignore it with IgnoreTopFunction or IgnoreAnyFunction", test, n, plural(n))
	for _, r := range leaked {
		if len(r.Stack) == 0 {
			fmt.Fprintf(&b, "\n%d started but not yet run", r.Count)
			continue
		}
		fmt.Fprintf(&b, "\n%d running %s, blocked in %s:", r.Count, entry(&r), r.Blocked().Function)
		for _, f := range r.Stack {
			fmt.Fprintf(&b, "\n\t%s\n\t\t%s:%d", f.Function, f.File, f.Line)
		}
	}
	return b.String()
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// pkgPrefix starts the names of this package's functions.
var pkgPrefix = reflect.TypeFor[Group]().PkgPath() + "."

// entry names the function a goroutine was started with: the outermost
// frame, past the frames of this package (Group.run, First's closure) to
// the caller's function that they run.
func entry(r *stacks.Record) string {
	s := r.Stack
	for len(s) > 1 && strings.HasPrefix(s[len(s)-1].Function, pkgPrefix) {
		s = s[:len(s)-1]
	}
	if len(s) == 0 {
		return ""
	}
	return s[len(s)-1].Function
}

// CheckOption is an option of [CheckLeaks]: a goroutine it ignores. Make
// one with [IgnoreTopFunction] or [IgnoreAnyFunction]; the zero CheckOption
// ignores nothing. Options add up: a goroutine any of them ignores is not
// reported.
type CheckOption struct {
	match    matchKind
	function string
}

// matchKind says which frames of a stack a CheckOption looks at.
type matchKind int8

const (
	matchNone matchKind = iota // the zero CheckOption
	matchTop                   // the innermost frame
	matchAny                   // any frame
)

// IgnoreTopFunction returns a [CheckOption] that ignores goroutines blocked
// in function: those whose innermost frame, as a goroutine profile prints it
// (the runtime's own frames left out), calls it. function is a full name,
// as in "net/http.(*persistConn).readLoop" or "example.com/pkg.worker.func1".
//
// IgnoreTopFunction panics if function is not a package-qualified name.
func IgnoreTopFunction(function string) CheckOption {
	checkFunctionName("IgnoreTopFunction", function)
	return CheckOption{match: matchTop, function: function}
}

// IgnoreAnyFunction returns a [CheckOption] that ignores goroutines with
// function anywhere in their stack, as in
// IgnoreAnyFunction("example.com/cache.(*Cache).janitor"). function is a
// full name, as for [IgnoreTopFunction].
//
// IgnoreAnyFunction panics if function is not a package-qualified name.
func IgnoreAnyFunction(function string) CheckOption {
	checkFunctionName("IgnoreAnyFunction", function)
	return CheckOption{match: matchAny, function: function}
}

func checkFunctionName(caller, function string) {
	if !strings.Contains(function, ".") || strings.ContainsAny(function, " \t\n") {
		panic(fmt.Sprintf("goroutine: %s: %q is not a full function name; pass one as a goroutine profile prints it, such as \"net/http.(*persistConn).readLoop\"", caller, function))
	}
}

// ignores reports whether o ignores the goroutines of r.
func (o CheckOption) ignores(r *stacks.Record) bool {
	switch o.match {
	case matchTop:
		return r.Blocked().Function == o.function
	case matchAny:
		return r.Calls(o.function)
	}
	return false
}
