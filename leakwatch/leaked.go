package leakwatch

import (
	"cmp"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/safeprim/safeprim/internal/stacks"
)

// LeakedGoroutines is a group of goroutines that the runtime found leaked,
// blocked for ever on channels or locks no running goroutine can reach,
// and that were started by the same go statement with the same function.
// [Alert.Leaked] lists them.
type LeakedGoroutines struct {
	// Count is how many goroutines the group has.
	Count int

	// Function is the function the goroutines were started with, as in
	// "example.com/app.(*Server).watch.func1".
	Function string

	// CreatedBy is the function whose go statement started them, and Site
	// that statement's file and line, as in "/src/app/server.go:42".
	CreatedBy, Site string
}

// String returns "count function (started at file:line)", with the base of
// the file name only.
func (l LeakedGoroutines) String() string {
	return fmt.Sprintf("%d %s (started at %s)", l.Count, l.Function, filepath.Base(l.Site))
}

// readLeaked takes the runtime's goroutineleak profile, which runs a GC
// cycle that marks the leaked goroutines, and, if it marked some, dumps
// every goroutine with the world stopped to learn where they were started,
// then groups them. It returns nil and no error where the runtime has no
// such profile.
func readLeaked() ([]LeakedGoroutines, error) {
	if !stacks.HasLeakProfile {
		return nil, nil
	}
	d, err := stacks.ReadLeaked()
	if err != nil {
		return nil, fmt.Errorf("leakwatch: reading leaked goroutines: %w", err)
	}
	leaked := groupLeaked(d)
	if d.Cut {
		err = errors.New("leakwatch: reading leaked goroutines: the goroutine dump outgrew 64 MiB and was cut; Alert.Leaked counts only the goroutines before the cut")
	}
	return leaked, err
}

// groupLeaked groups the leaked goroutines of d by go statement and
// function, largest group first.
func groupLeaked(d *stacks.Dump) []LeakedGoroutines {
	type site struct{ function, createdBy, site string }
	count := make(map[site]int)
	for i := range d.Goroutines {
		g := &d.Goroutines[i]
		if !g.Leaked {
			continue
		}
		s := site{function: g.Entry().Function, createdBy: g.CreatedBy.Function}
		if g.CreatedBy.File != "" {
			s.site = fmt.Sprintf("%s:%d", g.CreatedBy.File, g.CreatedBy.Line)
		}
		count[s]++
	}
	groups := make([]LeakedGoroutines, 0, len(count))
	for s, n := range count {
		groups = append(groups, LeakedGoroutines{Count: n, Function: s.function, CreatedBy: s.createdBy, Site: s.site})
	}
	slices.SortFunc(groups, func(a, b LeakedGoroutines) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Site, b.Site), strings.Compare(a.Function, b.Function))
	})
	return groups
}
