package safemap_test

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"reflect"
	"strconv"
	"sync"
	"testing"

	"github.com/safeprim/safeprim/internal/panictest"
	"github.com/safeprim/safeprim/safemap"
)

// The model test of this file drives a Map[any, any] and a sync.Map with the
// same calls and checks that every result, every panic and the contents
// agree. Its keys are the ones xsync v3's default hasher got wrong (issue
// #13): pointers, channels and one-pointer structs whose pointees change
// between calls, nil and typed nil, errors, and keys that cannot be hashed.

// The pointees below are 16 bytes or more so that the runtime does not
// batch them into one tiny-allocator block, which would keep them alive
// together and defeat the retention test.

// conn is a pointer key whose pointee changes, as a connection's state does.
type conn struct{ state, id int }

// onePtr is pointer-shaped: an interface holds it in its data word.
type onePtr struct{ p *[2]int }

// codeErr is an error whose pointee changes.
type codeErr struct {
	code int
	_    int // 16 bytes, see above
}

func (e *codeErr) Error() string  { return "code " + strconv.Itoa(e.code) }
func (e *codeErr) String() string { return e.Error() }

// universe is the keys, values and mutations of one model run, made fresh
// for each run so that mutations do not carry over.
type universe struct {
	keys, values []any
	mutations    []func()
}

func newUniverse() *universe {
	c1, c2 := &conn{}, &conn{}
	n := new([2]int)
	bytes := new([16]byte)
	buffered := make(chan int, 3)
	e := &codeErr{code: 1}
	u := &universe{
		keys: []any{
			nil,
			(*conn)(nil),
			c1, c2,
			&bytes[2], &bytes[3], // each one's neighbours change too
			buffered,
			make(chan int),
			e,
			io.EOF,
			errors.New("boom"),
			onePtr{n},
			[1]*[2]int{n},
			struct{ a, b *[2]int }{n, n},
			7, "s", 1.5, int8(7),
			[]int{1},                 // cannot be hashed
			struct{ v any }{[]int{}}, // its type can, this value cannot
		},
		values: []any{0, 1, 2, nil, "v", c1, []int{9}, struct{ v any }{[]int{9}}},
	}
	u.mutations = []func(){
		func() { c1.state++ },
		func() { c2.state++ },
		func() { bytes[2]++ },
		func() { bytes[5]++ },
		func() { n[0]++ },
		func() { e.code++ },
		func() {
			if len(buffered) < cap(buffered) {
				buffered <- 1
			}
		},
		func() {
			if len(buffered) > 0 {
				<-buffered
			}
		},
	}
	return u
}

type anyOp uint8

const (
	anyLoad anyOp = iota
	anyStore
	anyLoadOrStore
	anyLoadAndDelete
	anyDelete
	anySwap
	anyCompareAndSwap
	anyCompareAndDelete
	anyClear
	anyRange
	anyMutate // two codes, so that pointees change often
	anyMutate2
	numAnyOps
)

// anyResult is what one call returned or panicked with.
type anyResult struct {
	v      any
	ok     bool
	panicV any
}

func (r anyResult) String() string {
	if r.panicV != nil {
		return fmt.Sprintf("panic(%v)", r.panicV)
	}
	return fmt.Sprintf("%#v, %v", r.v, r.ok)
}

func (r anyResult) equal(o anyResult) bool {
	return r.ok == o.ok && reflect.DeepEqual(r.v, o.v) && samePanic(r.panicV, o.panicV)
}

// syncMapper is the method set shared by sync.Map and Map[any, any].
type syncMapper interface {
	Load(key any) (any, bool)
	Store(key, value any)
	LoadOrStore(key, value any) (any, bool)
	LoadAndDelete(key any) (any, bool)
	Delete(key any)
	Swap(key, value any) (any, bool)
	CompareAndSwap(key, old, new any) bool
	CompareAndDelete(key, old any) bool
	Clear()
	Range(f func(key, value any) bool)
}

var (
	_ syncMapper = (*sync.Map)(nil)
	_ syncMapper = (*safemap.Map[any, any])(nil)
)

// call runs one call on m and returns what it returned or panicked with.
func call(m syncMapper, op anyOp, k, v any) (r anyResult) {
	r.panicV, _ = panictest.Value(func() {
		switch op {
		case anyLoad:
			r.v, r.ok = m.Load(k)
		case anyStore:
			m.Store(k, v)
		case anyLoadOrStore:
			r.v, r.ok = m.LoadOrStore(k, v)
		case anyLoadAndDelete:
			r.v, r.ok = m.LoadAndDelete(k)
		case anyDelete:
			m.Delete(k)
		case anySwap:
			r.v, r.ok = m.Swap(k, v)
		case anyCompareAndSwap:
			r.ok = m.CompareAndSwap(k, v, "swapped")
		case anyCompareAndDelete:
			if _, isSync := m.(*sync.Map); isSync && comparePanics(v) {
				// sync.Map's CompareAndDelete finds the key, locks its
				// trie node and then compares, so a comparison that
				// panics leaves the node locked and the next write
				// waits for ever (Go 1.26). It panics exactly where a
				// Load followed by == does: take that as the reference.
				cur, ok := m.Load(k)
				r.ok = ok && cur == v && m.CompareAndDelete(k, v)
				return
			}
			r.ok = m.CompareAndDelete(k, v)
		case anyClear:
			m.Clear()
		}
	})
	return r
}

// comparePanics reports whether v == v panics: whether comparing v with a
// value of its own dynamic type can.
func comparePanics(v any) (panics bool) {
	defer func() { panics = recover() != nil }()
	_ = v == v
	return false
}

// contents returns what Range visits, failing tb if it visits a key twice.
func rangeContents(tb testing.TB, m syncMapper) map[any]any {
	tb.Helper()
	got := make(map[any]any)
	m.Range(func(k, v any) bool {
		if _, dup := got[k]; dup {
			tb.Errorf("Range visited key %#v twice", k)
		}
		got[k] = v
		return true
	})
	return got
}

// runSyncMapModel decodes data as calls (3 bytes each: op, key, value) and
// checks a Map[any, any] against a sync.Map on them.
func runSyncMapModel(t *testing.T, data []byte) {
	u := newUniverse()
	var m safemap.Map[any, any]
	var ref sync.Map
	check := func(when string) {
		t.Helper()
		got, want := rangeContents(t, &m), rangeContents(t, &ref)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: contents %v, sync.Map has %v", when, got, want)
		}
		if m.Len() != len(want) {
			t.Fatalf("%s: Len = %d, sync.Map holds %d", when, m.Len(), len(want))
		}
	}
	for i := 0; i+3 <= len(data); i += 3 {
		op := anyOp(data[i] % byte(numAnyOps))
		k := u.keys[int(data[i+1])%len(u.keys)]
		v := u.values[int(data[i+2])%len(u.values)]
		switch op {
		case anyRange:
			check(fmt.Sprintf("call %d", i/3))
			continue
		case anyMutate, anyMutate2:
			u.mutations[int(data[i+1])%len(u.mutations)]()
			continue
		}
		got, want := call(&m, op, k, v), call(&ref, op, k, v)
		if !got.equal(want) {
			t.Fatalf("call %d: op %d key %#v value %#v: got %v, sync.Map gives %v", i/3, op, k, v, got, want)
		}
	}
	check("at the end")
	for _, k := range u.keys {
		got, want := call(&m, anyLoad, k, nil), call(&ref, anyLoad, k, nil)
		if !got.equal(want) {
			t.Fatalf("final Load(%#v): got %v, sync.Map gives %v", k, got, want)
		}
	}
}

// Key and value indexes in newUniverse, for the named sequences below.
const (
	kNil = iota
	kTypedNil
	kConn1
	kConn2
	kByte2
	kByte3
	kBuffered
	kUnbuffered
	kCodeErr
	kEOF
	kErr
	kOnePtr
	kArray
	kTwoPtr
	kInt
	kString
	kFloat
	kInt8
	kSlice
	kStructSlice
)

const (
	vZero = iota
	vOne
	vTwo
	vNil
	vString
	vConn
	vSlice
	vStructSlice
)

// Named sequences: the cases issue #13 reported, and the panics. They seed
// FuzzSyncMapModel and run as TestSyncMapModel's subtests.
var syncMapSequences = []struct {
	name string
	ops  [][3]byte
}{
	{"pointer key after its pointee changes", [][3]byte{
		{byte(anyStore), kConn1, vOne}, {byte(anyMutate), 0, 0}, {byte(anyLoad), kConn1, 0},
		{byte(anyStore), kConn1, vTwo}, {byte(anyRange), 0, 0}, {byte(anyDelete), kConn1, 0}, {byte(anyRange), 0, 0}}},
	{"buffered channel key after a send", [][3]byte{
		{byte(anyStore), kBuffered, vOne}, {byte(anyMutate), 6, 0}, {byte(anyLoad), kBuffered, 0},
		{byte(anyMutate), 7, 0}, {byte(anyDelete), kBuffered, 0}, {byte(anyRange), 0, 0}}},
	{"byte pointer keys whose neighbours change", [][3]byte{
		{byte(anyStore), kByte2, vOne}, {byte(anyStore), kByte3, vTwo}, {byte(anyMutate), 2, 0},
		{byte(anyMutate), 3, 0}, {byte(anyLoad), kByte2, 0}, {byte(anyLoadAndDelete), kByte3, 0}, {byte(anyRange), 0, 0}}},
	{"one-pointer struct and array keys", [][3]byte{
		{byte(anyStore), kOnePtr, vOne}, {byte(anyStore), kArray, vTwo}, {byte(anyStore), kTwoPtr, vNil},
		{byte(anyMutate), 4, 0}, {byte(anySwap), kOnePtr, vString}, {byte(anyCompareAndDelete), kArray, vTwo}, {byte(anyRange), 0, 0}}},
	{"nil and typed nil keys", [][3]byte{
		{byte(anyStore), kNil, vOne}, {byte(anyStore), kTypedNil, vTwo}, {byte(anyLoad), kNil, 0},
		{byte(anyLoad), kTypedNil, 0}, {byte(anyRange), 0, 0}, {byte(anyDelete), kNil, 0}, {byte(anyLoadAndDelete), kTypedNil, 0}}},
	{"error keys", [][3]byte{
		{byte(anyStore), kCodeErr, vOne}, {byte(anyStore), kEOF, vTwo}, {byte(anyLoadOrStore), kErr, vNil},
		{byte(anyMutate), 5, 0}, {byte(anyCompareAndSwap), kCodeErr, vOne}, {byte(anyLoad), kCodeErr, 0}, {byte(anyRange), 0, 0}}},
	{"unhashable keys on a map never stored to", [][3]byte{
		{byte(anyLoad), kSlice, 0}, {byte(anyDelete), kSlice, 0}, {byte(anyLoadAndDelete), kStructSlice, 0},
		{byte(anyCompareAndSwap), kSlice, vOne}, {byte(anyCompareAndDelete), kStructSlice, vOne}, {byte(anyRange), 0, 0}}},
	{"unhashable keys on a stored map", [][3]byte{
		{byte(anyStore), kInt, vOne}, {byte(anyStore), kSlice, vOne}, {byte(anyLoadOrStore), kStructSlice, vOne},
		{byte(anySwap), kSlice, vOne}, {byte(anyLoad), kSlice, 0}, {byte(anyDelete), kStructSlice, 0}, {byte(anyRange), 0, 0}}},
	{"values that cannot be compared", [][3]byte{
		{byte(anyStore), kString, vSlice}, {byte(anyCompareAndSwap), kString, vSlice}, {byte(anyCompareAndDelete), kString, vSlice},
		{byte(anyCompareAndSwap), kString, vOne}, {byte(anyStore), kInt, vStructSlice}, {byte(anyCompareAndDelete), kInt, vStructSlice},
		{byte(anyCompareAndSwap), kFloat, vSlice}, {byte(anyStore), kString, vTwo}, {byte(anyRange), 0, 0}}},
}

func flatten(ops [][3]byte) []byte {
	var b []byte
	for _, op := range ops {
		b = append(b, op[:]...)
	}
	return b
}

// randomCalls returns n random calls, as bytes.
func randomCalls(seed uint64, n int) []byte {
	r := rand.New(rand.NewPCG(seed, 13))
	b := make([]byte, 3*n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func TestSyncMapModel(t *testing.T) {
	for _, seq := range syncMapSequences {
		t.Run(seq.name, func(t *testing.T) { runSyncMapModel(t, flatten(seq.ops)) })
	}
}

// FuzzSyncMapModel checks Map[any, any] against sync.Map on the calls data
// encodes (see runSyncMapModel). Its seeds, run by go test, are the named
// sequences and long random ones.
func FuzzSyncMapModel(f *testing.F) {
	for _, seq := range syncMapSequences {
		f.Add(flatten(seq.ops))
	}
	for seed := range uint64(4) {
		f.Add(randomCalls(seed, 2000))
	}
	f.Fuzz(runSyncMapModel)
}
