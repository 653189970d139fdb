package main

import (
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestSpeedRows checks the table itself: every row names an impl= part,
// its cases are distinct, a row is listed once, and no two packages build
// test binaries of the same name.
func TestSpeedRows(t *testing.T) {
	seen := map[string]bool{}
	bases := map[string]string{}
	for _, r := range speedRows {
		if r.What == "" || r.Pkg == "" || r.Counterpart == "" {
			t.Errorf("%s: What %q, Pkg %q, Counterpart %q; want all set", r.Bench, r.What, r.Pkg, r.Counterpart)
		}
		if !strings.HasPrefix(r.Bench, "Benchmark") {
			t.Errorf("%s: want the full name, Benchmark...", r.Bench)
		}
		impls := r.impls()
		for i, impl := range impls {
			if slices.Contains(impls[i+1:], impl) {
				t.Errorf("%s: impl %q compared with itself", r.Bench, impl)
			}
		}
		if id := r.ID() + " vs " + r.Counterpart; seen[id] {
			t.Errorf("row %s listed twice", id)
		} else {
			seen[id] = true
		}
		if p, ok := bases[path.Base(r.Pkg)]; ok && p != r.Pkg {
			t.Errorf("packages %s and %s both build %s.test", p, r.Pkg, path.Base(r.Pkg))
		}
		bases[path.Base(r.Pkg)] = r.Pkg
		if r.Target.Max < 0 {
			t.Errorf("%s: negative target %v", r.Bench, r.Target.Max)
		}
	}
}

func TestSpeedRowNames(t *testing.T) {
	r := speedRow{Pkg: "safeslice", Bench: "BenchmarkBufferAppend/impl=safeslice/slice=local", Counterpart: "naive-clear", Naive: "naive"}
	tests := []struct{ name, got, want string }{
		{"Safeprim", r.Safeprim(), "safeslice"},
		{"Key", r.Key(), "BufferAppend/slice=local"},
		{"ID", r.ID(), "safeslice/BufferAppend/impl=safeslice/slice=local"},
		{"caseName", r.caseName("naive-clear"), "BenchmarkBufferAppend/impl=naive-clear/slice=local"},
		{"top", r.top(), "BenchmarkBufferAppend"},
		{"impls", strings.Join(r.impls(), ","), "safeslice,naive-clear,naive"},
		{"Bench unchanged", r.Bench, "BenchmarkBufferAppend/impl=safeslice/slice=local"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %q, want %q", tt.name, tt.got, tt.want)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("Safeprim of a row without impl= did not panic")
		}
	}()
	speedRow{Bench: "BenchmarkX/mode=serial"}.Safeprim()
}

// TestMatchRows checks -run on the speed table: it matches a row's
// package and safeprim case name, and a leak scenario's name matches no
// row.
func TestMatchRows(t *testing.T) {
	tests := []struct {
		re       string
		wantPkgs []string // the packages of the rows matched, in order, once each
		wantN    int
	}{
		{"^safepool/", []string{"safepool"}, 10},
		{"^safemap/Mix/key=int/", []string{"safemap"}, 6}, // against sync.Map and against xsync
		{"^safepool/BufferPoolGetPut/", []string{"safepool"}, 2},
		{"Value/depth=1/", []string{"ctxdata"}, 1},
		{"^slice/queue$", nil, 0},
		{"", []string{"safepool", "safeslice", "ctxdata", "safemap", "goroutine"}, len(speedRows)},
	}
	for _, tt := range tests {
		got := matchRows(speedRows, regexp.MustCompile(tt.re))
		var pkgs []string
		for _, r := range got {
			if !slices.Contains(pkgs, r.Pkg) {
				pkgs = append(pkgs, r.Pkg)
			}
		}
		if len(got) != tt.wantN || !slices.Equal(pkgs, tt.wantPkgs) {
			t.Errorf("matchRows(%q) = %d rows in %q, want %d in %q", tt.re, len(got), pkgs, tt.wantN, tt.wantPkgs)
		}
	}
}

// TestPlan checks that a repetition runs one process per top-level
// benchmark and that its pattern selects every case its rows compare,
// level by level as go test matches it, and no other impl.
func TestPlan(t *testing.T) {
	procs := plan(speedRows)
	tops := map[string]bool{}
	for _, r := range speedRows {
		tops[r.Pkg+" "+r.top()] = true
	}
	if len(procs) != len(tops) {
		t.Errorf("plan: %d processes, want one per top-level benchmark, %d", len(procs), len(tops))
	}
	matches := func(pattern, name string) bool {
		levels := strings.Split(pattern, "/")
		parts := strings.Split(name, "/")
		for i, l := range levels {
			if i < len(parts) && !regexp.MustCompile(l).MatchString(parts[i]) {
				return false
			}
		}
		return true
	}
	for _, r := range speedRows {
		i := slices.IndexFunc(procs, func(p benchProc) bool { return p.pkg == r.Pkg && matches(p.pattern, r.Bench) })
		if i < 0 {
			t.Errorf("%s %s: no process runs it", r.Pkg, r.Bench)
			continue
		}
		for _, impl := range r.impls() {
			if !matches(procs[i].pattern, r.caseName(impl)) {
				t.Errorf("pattern %q does not match %s", procs[i].pattern, r.caseName(impl))
			}
		}
	}
	p := plan(testRows[:2])
	want := `^(BenchmarkWork)$/^(size=8|size=64)$/^(impl=fast|impl=slow|impl=naive)$`
	if len(p) != 1 || p[0].pattern != want || p[0].pkg != fakePkg {
		t.Errorf("plan(Work rows) = %+v, want one process of %s with pattern %s", p, fakePkg, want)
	}
	if got := benchPattern([][]string{{"BenchmarkSendRecv", "impl=go+select"}}); got != `^(BenchmarkSendRecv)$/^(impl=go\+select)$` {
		t.Errorf("benchPattern does not quote its parts: %s", got)
	}
}
