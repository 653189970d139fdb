package scenario

import (
	"bufio"
	"bytes"
	"fmt"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
)

// LeakProfile is what the runtime's goroutineleak profile reported: the
// goroutines blocked on channels or locks that nothing reachable can ever
// operate on again. Only binaries built with
// GOEXPERIMENT=goroutineleakprofile have the profile.
type LeakProfile struct {
	// Count is the number of leaked goroutines the runtime found.
	Count int `json:"count"`
	// Stacks lists where they were blocked, most first.
	Stacks []LeakStack `json:"stacks,omitempty"`
}

// LeakStack is one distinct stack of the goroutineleak profile.
type LeakStack struct {
	Count int    `json:"count"`
	Func  string `json:"func"`  // innermost function shown, without its import path: "app.worker"
	Where string `json:"where"` // its file base name and line, e.g. "main.go:42"
}

// String summarises p as "N leaked: n1× func (file:line), ...", at most three
// stacks.
func (p *LeakProfile) String() string {
	if p == nil {
		return "no goroutineleak profile"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d leaked", p.Count)
	for i, s := range p.Stacks {
		if i == 3 {
			fmt.Fprintf(&b, ", ... (%d more stacks)", len(p.Stacks)-3)
			break
		}
		sep := ", "
		if i == 0 {
			sep = ": "
		}
		fmt.Fprintf(&b, "%s%d× %s (%s)", sep, s.Count, s.Func, s.Where)
	}
	return b.String()
}

// LeakProfileAvailable reports whether this binary has the runtime's
// goroutineleak profile (built with GOEXPERIMENT=goroutineleakprofile).
func LeakProfileAvailable() bool { return pprof.Lookup("goroutineleak") != nil }

// ReadLeakProfile runs the runtime's leak-detecting collection and parses
// the profile it writes; nil without error when the binary has no such
// profile.
//
// The runtime assumes nothing can wake a goroutine it has marked leaked:
// unblocking one afterwards (closing the channel it waits on, reached
// through a weak pointer) ends the process with "fatal error: bad g->status
// in ready". Once the profile reports leaked goroutines, leave them be.
func ReadLeakProfile() (*LeakProfile, error) {
	p := pprof.Lookup("goroutineleak")
	if p == nil {
		return nil, nil
	}
	var buf bytes.Buffer
	if err := p.WriteTo(&buf, 1); err != nil {
		return nil, err
	}
	return parseLeakProfile(buf.Bytes())
}

// parseLeakProfile parses the debug=1 text form of the profile:
//
//	goroutineleak profile: total 3
//	3 @ 0x47e08e 0x4158ee 0x4d9ef9 0x484561
//	#	0x4d9ef8	main.leak.func1+0x18	/src/main.go:11
func parseLeakProfile(text []byte) (*LeakProfile, error) {
	sc := bufio.NewScanner(bytes.NewReader(text))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	if !sc.Scan() {
		return nil, fmt.Errorf("empty goroutineleak profile")
	}
	total, ok := strings.CutPrefix(sc.Text(), "goroutineleak profile: total ")
	if !ok {
		return nil, fmt.Errorf("goroutineleak profile starts with %q", sc.Text())
	}
	n, err := strconv.Atoi(strings.TrimSpace(total))
	if err != nil {
		return nil, fmt.Errorf("goroutineleak profile total: %v", err)
	}
	p := &LeakProfile{Count: n}
	var cur *LeakStack
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.Contains(line, " @ "):
			count, _, _ := strings.Cut(line, " @ ")
			c, err := strconv.Atoi(count)
			if err != nil {
				return nil, fmt.Errorf("goroutineleak profile record %q: %v", line, err)
			}
			p.Stacks = append(p.Stacks, LeakStack{Count: c})
			cur = &p.Stacks[len(p.Stacks)-1]
		case strings.HasPrefix(line, "#") && cur != nil && cur.Func == "":
			f := strings.Fields(line)
			if len(f) >= 4 {
				fn, _, _ := strings.Cut(f[2], "+")
				cur.Func = fn[strings.LastIndexByte(fn, '/')+1:]
				cur.Where = filepath.Base(f[3])
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	slices.SortStableFunc(p.Stacks, func(a, b LeakStack) int { return b.Count - a.Count })
	return p, nil
}
