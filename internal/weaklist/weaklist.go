// Package weaklist is a list of objects held through weak pointers, for the
// package-level lists of named pools and named context keys: a list that
// reports what is still alive and keeps nothing alive itself.
package weaklist

import (
	"runtime"
	"slices"
	"sync"
	"weak"
)

// A List holds objects of type T through weak pointers, each with a value
// of type M that describes it (a name, a type). An object leaves the list
// once the garbage collector finds it unreachable. The zero List is empty
// and ready to use. A List is safe for concurrent use and must not be
// copied after first use.
type List[T, M any] struct {
	mu      sync.Mutex
	entries []*entry[T, M]
}

type entry[T, M any] struct {
	p    weak.Pointer[T]
	meta M
}

// Add adds p, described by meta, to the list. It costs a lock, an append
// and a runtime.AddCleanup, once per object; the cleanup takes the entry
// out of the list after p's object is collected. meta must not reference
// p's object, or the object is never collected.
func (l *List[T, M]) Add(p *T, meta M) {
	e := &entry[T, M]{p: weak.Make(p), meta: meta}
	l.mu.Lock()
	l.entries = append(l.entries, e)
	l.mu.Unlock()
	runtime.AddCleanup(p, l.remove, e)
}

func (l *List[T, M]) remove(e *entry[T, M]) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = slices.DeleteFunc(l.entries, func(x *entry[T, M]) bool { return x == e })
}

// Each calls f with every object of the list that is still reachable and
// its description, in the order they were added. It holds the list's lock
// while f runs, so f must not call Add.
func (l *List[T, M]) Each(f func(p *T, meta M)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, e := range l.entries {
		if p := e.p.Value(); p != nil {
			f(p, e.meta)
		}
	}
}
