//go:build unix

package safemap_test

import (
	"os"
	"sync"
	"syscall"
	"testing"

	"github.com/safeprim/safeprim/safemap"
)

func TestKeysOutsideTheHeap(t *testing.T) {
	// Pointers into a page that cannot be read, outside the Go heap, work as
	// keys as they do in sync.Map: a key is hashed by its address and never
	// dereferenced. (xsync v3's default hasher reads the pointee of an
	// interface key, and faults here: issue #13.)
	page, err := syscall.Mmap(-1, 0, os.Getpagesize(), syscall.PROT_NONE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		t.Skipf("mmap: %v", err)
	}
	defer syscall.Munmap(page)
	keys := []any{&page[0], &page[1], &page[len(page)-1]}
	var sm sync.Map
	var m safemap.Map[any, any]
	for i, k := range keys {
		for _, op := range []anyOp{anyLoad, anyStore, anyLoadOrStore, anySwap, anyCompareAndSwap, anyCompareAndDelete, anyLoad, anyLoadAndDelete, anyStore, anyDelete, anyStore} {
			got, want := call(&m, op, k, i), call(&sm, op, k, i)
			if !got.equal(want) {
				t.Fatalf("op %d on key %d: got %v, sync.Map gives %v", op, i, got, want)
			}
		}
	}
	if got := contents(t, &m); len(got) != len(keys) {
		t.Errorf("Range visited %d keys, want %d", len(got), len(keys))
	}
	// A concrete pointer key type takes xsync's own hasher, which hashes the
	// pointer itself.
	var p safemap.Map[*byte, int]
	p.Store(&page[0], 1)
	p.Delete(&page[0])
	if n := p.Len(); n != 0 {
		t.Errorf("Map[*byte, int]: Len after Delete = %d, want 0", n)
	}
	m.Clear()
}
