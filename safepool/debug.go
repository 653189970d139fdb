package safepool

import (
	"bytes"
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"
	"weak"
)

// poison fills the spare bytes of pooled byte slices and buffers in debug
// mode; a byte that differs at Get was written after Put.
const poison = 0xdb

// maxSnapshot bounds the bytes copied to check other objects for writes.
const maxSnapshot = 64 << 10

// debugState is the bookkeeping of a pool in debug mode. It identifies
// objects by address, holds them only weakly, and drops what it knows of an
// object when the garbage collector frees it.
type debugState struct {
	typ    string
	leaks  bool // count leaks; not for slices, see newDebugState
	mu     sync.Mutex
	objs   map[uintptr]*objState
	gen    uint64
	leaked atomic.Uint64
}

// objState is what debug mode knows about one object.
type objState struct {
	gen    uint64
	alive  weak.Pointer[byte] // nil once the object was freed
	inPool bool               // Put and not yet returned by Get
	out    bool               // returned by Get and not yet Put
	site   string             // file:line of the last Put
	seal   seal
}

// seal records what an object looked like when it went into the pool. It
// holds no reference to the object, so that debug mode does not keep pooled
// objects alive after sync.Pool dropped them.
type seal struct {
	poisoned int    // spare bytes filled with poison
	length   int    // for a bytes.Buffer, its Len at Put
	copied   []byte // a copy of the object's memory
}

// newDebugState returns the debug state of a pool of t. Leaks are not
// counted for slices: a slice that append moved to a larger array leaves
// behind an array that was never Put, and that is not a leak.
func newDebugState(t reflect.Type) *debugState {
	return &debugState{
		typ:   t.String(),
		leaks: t.Kind() != reflect.Slice,
		objs:  make(map[uintptr]*objState),
	}
}

// identity returns the address that identifies x, or nil if x has none
// (a value type, a nil pointer, an empty slice, or an unsafe.Pointer, which
// need not point to memory the garbage collector manages).
func identity(x any) unsafe.Pointer {
	v := reflect.ValueOf(x)
	switch v.Kind() {
	case reflect.Pointer:
		if v.Type().Elem().Size() == 0 {
			return nil // all zero-size objects may share one address
		}
		return v.UnsafePointer()
	case reflect.Map, reflect.Chan:
		return v.UnsafePointer()
	case reflect.Slice:
		if v.Cap() == 0 || v.Type().Elem().Size() == 0 {
			return nil
		}
		return v.UnsafePointer()
	}
	return nil
}

// made registers a new object from alloc, so that it is counted as leaked if
// it is collected before it is Put.
func (d *debugState) made(x any) {
	p := identity(x)
	if p == nil {
		return
	}
	d.mu.Lock()
	st := d.register(p)
	st.out = d.leaks
	d.mu.Unlock()
}

// register starts tracking the object at p; d.mu is held.
func (d *debugState) register(p unsafe.Pointer) *objState {
	d.gen++
	st := &objState{gen: d.gen, alive: weak.Make((*byte)(p))}
	d.objs[uintptr(p)] = st
	runtime.AddCleanup((*byte)(p), d.freed, freedObj{uintptr(p), d.gen})
	return st
}

type freedObj struct {
	addr uintptr
	gen  uint64
}

// freed runs after the garbage collector freed a tracked object.
func (d *debugState) freed(o freedObj) {
	d.mu.Lock()
	defer d.mu.Unlock()
	st := d.objs[o.addr]
	if st == nil || st.gen != o.gen {
		return
	}
	if st.out {
		d.leaked.Add(1)
	}
	delete(d.objs, o.addr)
}

// lookup returns the state of the live object at p, or nil; d.mu is held.
func (d *debugState) lookup(p unsafe.Pointer) *objState {
	st := d.objs[uintptr(p)]
	if st == nil || st.alive.Value() == nil {
		return nil // unknown, or a freed object whose address was reused
	}
	return st
}

// entry returns the state of the live object at p, tracking it from now on
// if it is not known yet; d.mu is held.
func (d *debugState) entry(p unsafe.Pointer) *objState {
	if st := d.lookup(p); st != nil {
		return st
	}
	return d.register(p)
}

// putting checks x at the start of Put, and returns where Put was called.
func (d *debugState) putting(x any) (site string) {
	site = callerSite()
	p := identity(x)
	if p == nil {
		return site
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	st := d.lookup(p)
	if st == nil {
		return site
	}
	if st.inPool {
		panic(fmt.Sprintf("safepool: Put: %s %p put twice without a Get in between: first Put at %s, second Put at %s; stop using an object once it is Put",
			d.typ, p, st.site, site))
	}
	st.out = false
	return site
}

// kept seals y, the object recycle returned, as it enters the pool at the
// Put called at site.
func (d *debugState) kept(y any, site string) {
	p := identity(y)
	if p == nil {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	st := d.entry(p)
	st.inPool, st.out, st.site = true, false, site
	st.seal = sealObject(y)
}

// got verifies x as Get returns it.
func (d *debugState) got(x any) {
	p := identity(x)
	if p == nil {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	st := d.entry(p)
	if st.inPool && !st.seal.intact(x) {
		panic(fmt.Sprintf("safepool: Get: %s %p was written to after it was Put at %s; stop using an object once it is Put",
			d.typ, p, st.site))
	}
	st.inPool, st.out, st.seal = false, d.leaks, seal{}
}

// sealObject poisons or copies what can be checked of x.
func sealObject(x any) seal {
	switch x := x.(type) {
	case *bytes.Buffer:
		spare := spareBytes(x)
		fill(spare)
		return seal{poisoned: len(spare), length: x.Len()}
	case []byte:
		if len(x) == 0 {
			fill(x[:cap(x)])
			return seal{poisoned: cap(x)}
		}
	}
	return seal{copied: bytes.Clone(rawBytes(x))}
}

// intact reports whether x still looks as it did when sealed.
func (s *seal) intact(x any) bool {
	switch x := x.(type) {
	case *bytes.Buffer:
		return x.Len() == s.length && poisoned(spareBytes(x), s.poisoned)
	case []byte:
		if s.poisoned > 0 {
			return poisoned(x[:cap(x)], s.poisoned)
		}
	}
	return bytes.Equal(s.copied, rawBytes(x))
}

// spareBytes returns the capacity of b past its contents.
func spareBytes(b *bytes.Buffer) []byte {
	spare := b.AvailableBuffer()
	return spare[:cap(spare)]
}

// poisoned reports whether b holds n bytes, all poison.
func poisoned(b []byte, n int) bool {
	if len(b) != n {
		return false
	}
	for _, c := range b {
		if c != poison {
			return false
		}
	}
	return true
}

func fill(b []byte) {
	for i := range b {
		b[i] = poison
	}
}

// rawBytes returns the memory of what x points to: the pointee of a pointer,
// the backing array of a slice up to its capacity. It is nil for other kinds
// and for memory larger than maxSnapshot.
func rawBytes(x any) []byte {
	v := reflect.ValueOf(x)
	var size uintptr
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return nil
		}
		size = v.Type().Elem().Size()
	case reflect.Slice:
		size = uintptr(v.Cap()) * v.Type().Elem().Size()
	default:
		return nil
	}
	if size == 0 || size > maxSnapshot {
		return nil
	}
	return unsafe.Slice((*byte)(v.UnsafePointer()), size)
}

// pkgPrefix is the prefix of the names of this package's functions.
var pkgPrefix = reflect.TypeFor[Stats]().PkgPath() + "."

// callerSite returns file:line of the first caller outside this package.
func callerSite() string {
	var pcs [16]uintptr
	frames := runtime.CallersFrames(pcs[:runtime.Callers(2, pcs[:])])
	for {
		f, more := frames.Next()
		if !strings.HasPrefix(f.Function, pkgPrefix) {
			return fmt.Sprintf("%s:%d", f.File, f.Line)
		}
		if !more {
			return "unknown"
		}
	}
}
