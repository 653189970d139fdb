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

// debugState is the bookkeeping of a pool in debug mode: what it knows of
// each object, in a map keyed by a weak pointer to the object (issue #12),
// so that it keeps nothing alive and a freed object's entry can never be
// mistaken for a new object at the same address. A cleanup on each object
// removes its entry when the garbage collector frees it.
type debugState struct {
	typ    string
	slices bool    // objects are slices, identified by their array
	elem   uintptr // size of a slice's elements
	mu     sync.Mutex
	objs   map[weak.Pointer[byte]]*objState
	leaked atomic.Uint64
}

// objState is what debug mode knows about one object.
type objState struct {
	key    weak.Pointer[byte]
	addr   uintptr // where the object starts: for a slice, where Get's slice did
	size   uintptr // bytes from addr it spans: for a slice, to its capacity
	inPool bool    // Put and not yet returned by Get
	out    bool    // returned by Get and not yet Put
	site   string  // file:line of the last Put
}

// entry is how debug mode keeps an object in the sync.Pool, with what is
// needed to check at Get that nobody wrote to it in between.
type entry struct {
	x    any
	seal seal
	site string
}

// seal records what an object looked like when it went into the pool. It
// holds no reference to the object's contents.
type seal struct {
	poisoned int    // spare bytes filled with poison
	length   int    // for a bytes.Buffer, its Len at Put
	copied   []byte // a copy of the object's memory
}

func newDebugState(t reflect.Type) *debugState {
	d := &debugState{typ: t.String(), objs: make(map[weak.Pointer[byte]]*objState)}
	if t.Kind() == reflect.Slice {
		d.slices, d.elem = true, t.Elem().Size()
	}
	return d
}

// identity returns where x's memory starts and how many bytes it spans, or
// nil if x has none to track: a value type, a nil pointer, an empty slice,
// a function or an unsafe.Pointer, or zero-size memory, which many objects
// may share.
func identity(x any) (unsafe.Pointer, uintptr) {
	v := reflect.ValueOf(x)
	switch v.Kind() {
	case reflect.Pointer:
		if n := v.Type().Elem().Size(); n > 0 {
			return v.UnsafePointer(), n
		}
	case reflect.Map, reflect.Chan:
		return v.UnsafePointer(), 1
	case reflect.Slice:
		if n := uintptr(v.Cap()) * v.Type().Elem().Size(); n > 0 {
			return v.UnsafePointer(), n
		}
	}
	return nil, 0
}

// find returns the state of the object whose memory starts at p, spanning
// size bytes, tracking it from now on if it is not known yet. For a slice
// whose array is already tracked from an earlier element, it returns that
// slice's state and how many bytes past its start p is. It returns nil for
// memory the Go heap does not own, which debug mode does not track. d.mu is
// held.
func (d *debugState) find(p unsafe.Pointer, size uintptr) (st *objState, off uintptr) {
	if p == nil {
		return nil, 0
	}
	st = &objState{addr: uintptr(p), size: size}
	c, ok := addCleanup(p, d.freed, st)
	if !ok {
		return nil, 0
	}
	st.key = weak.Make((*byte)(p))
	if known := d.objs[st.key]; known != nil {
		c.Stop()
		return known, 0
	}
	if d.slices {
		for _, known := range d.objs {
			if known.addr < uintptr(p) && uintptr(p) < known.addr+known.size && known.key.Value() != nil {
				c.Stop()
				return known, uintptr(p) - known.addr
			}
		}
	}
	d.objs[st.key] = st
	return st, 0
}

// addCleanup arranges for cleanup(st) to run once the object at p is freed.
// It reports false, and arranges nothing, if p is not memory of the Go heap:
// runtime.AddCleanup panics for such a pointer, where weak.Make, and so a
// lookup in d.objs, would end the process with a fatal error (a slice of
// memory from syscall.Mmap, say).
func addCleanup(p unsafe.Pointer, cleanup func(*objState), st *objState) (c runtime.Cleanup, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return runtime.AddCleanup((*byte)(p), cleanup, st), true
}

// freed runs after the garbage collector freed a tracked object.
func (d *debugState) freed(st *objState) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.objs[st.key] != st {
		return
	}
	if st.out && !d.slices {
		d.leaked.Add(1)
	}
	delete(d.objs, st.key)
}

// made registers x, a new object, as handed out by Get.
func (d *debugState) made(x any) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if st, _ := d.find(identity(x)); st != nil {
		st.inPool, st.out = false, true
	}
}

// putting checks x at the start of Put, and returns where Put was called.
func (d *debugState) putting(x any) (site string) {
	site = callerSite()
	d.mu.Lock()
	defer d.mu.Unlock()
	p, _ := identity(x)
	st, off := d.find(identity(x))
	switch {
	case st == nil:
	case st.inPool && off > 0:
		panic(fmt.Sprintf("safepool: Put: %s %p put twice without a Get in between, the second time as a slice starting %s into its array: first Put at %s, second Put at %s; stop using a slice, and every slice of its array, once it is Put",
			d.typ, p, elements(off/d.elem), st.site, site))
	case st.inPool:
		panic(fmt.Sprintf("safepool: Put: %s %p put twice without a Get in between: first Put at %s, second Put at %s; stop using an object once it is Put",
			d.typ, p, st.site, site))
	case off > 0:
		panic(fmt.Sprintf("safepool: Put: %s %p starts %s past the start of the slice Get returned, at %s; Put the slice as Get returned it, resliced only at its end (s = s[%d:] before Put leaves the elements before it reachable in the pooled array)",
			d.typ, p, elements(off/d.elem), site, off/d.elem))
	default:
		st.out = false
	}
	return site
}

// elements returns "1 element" or "n elements".
func elements(n uintptr) string {
	if n == 1 {
		return "1 element"
	}
	return fmt.Sprintf("%d elements", n)
}

// kept seals y, the object recycle returned, as it enters the pool at the
// Put called at site, and returns what to keep in the sync.Pool.
func (d *debugState) kept(y any, site string) any {
	d.mu.Lock()
	if st, _ := d.find(identity(y)); st != nil {
		st.inPool, st.out, st.site = true, false, site
	}
	d.mu.Unlock()
	return &entry{x: y, seal: sealObject(y), site: site}
}

// got verifies x, from an entry, as Get returns it.
func (d *debugState) got(e *entry) any {
	x := e.x
	d.mu.Lock()
	defer d.mu.Unlock()
	if !e.seal.intact(x) {
		p, _ := identity(x)
		panic(fmt.Sprintf("safepool: Get: %s %p was written to after it was Put at %s; stop using an object once it is Put",
			d.typ, p, e.site))
	}
	if st, _ := d.find(identity(x)); st != nil {
		st.inPool, st.out = false, true
	}
	return x
}

// gotUnsealed registers x, from the pool but not from an entry, as handed
// out by Get.
func (d *debugState) gotUnsealed(x any) {
	d.made(x)
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
	p, size := identity(x)
	if p == nil || size > maxSnapshot || reflect.TypeOf(x).Kind() == reflect.Map || reflect.TypeOf(x).Kind() == reflect.Chan {
		return nil
	}
	return unsafe.Slice((*byte)(p), size)
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
