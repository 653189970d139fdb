package scenario

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/safeprim/safeprim/internal/stacks"
)

// LeakProfile is what the runtime's goroutineleak profile reported: the
// goroutines blocked on channels or locks that nothing reachable can ever
// operate on again. Go 1.27 has the profile; Go 1.26 has it only in
// binaries built with GOEXPERIMENT=goroutineleakprofile (see
// [LeakProfileAvailable]).
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
// goroutineleak profile: always on Go 1.27, on Go 1.26 when built with
// GOEXPERIMENT=goroutineleakprofile. The build tags of internal/stacks
// decide it.
func LeakProfileAvailable() bool { return stacks.HasLeakProfile }

// ReadLeakProfile runs the runtime's leak-detecting collection and reads
// the profile it writes; nil without error when the binary has no such
// profile.
//
// The runtime assumes nothing can wake a goroutine it has marked leaked:
// unblocking one afterwards (closing the channel it waits on, reached
// through a weak pointer) ends the process with "fatal error: bad g->status
// in ready". Once the profile reports leaked goroutines, leave them be.
func ReadLeakProfile() (*LeakProfile, error) {
	p, err := stacks.Read("goroutineleak")
	if errors.Is(err, stacks.ErrNoProfile) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return leakProfileOf(p), nil
}

// leakProfileOf summarises a parsed goroutineleak profile. Records with no
// named frame are left out: after a collection that found no leak the
// runtime still lists the previous collection's count, with no stacks.
func leakProfileOf(p *stacks.Profile) *LeakProfile {
	lp := &LeakProfile{}
	for _, r := range p.Records {
		if !r.Named() {
			continue
		}
		f := r.Blocked()
		lp.Count += r.Count
		lp.Stacks = append(lp.Stacks, LeakStack{
			Count: r.Count,
			Func:  f.Function[strings.LastIndexByte(f.Function, '/')+1:],
			Where: filepath.Base(f.File) + ":" + strconv.Itoa(f.Line),
		})
	}
	slices.SortStableFunc(lp.Stacks, func(a, b LeakStack) int { return b.Count - a.Count })
	return lp
}
