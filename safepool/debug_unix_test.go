//go:build unix

package safepool_test

import (
	"syscall"
	"testing"
	"unsafe"

	"github.com/safeprim/safeprim/safepool"
)

// mmap returns n bytes of memory the Go heap does not own.
func mmap(t *testing.T, n int) []byte {
	t.Helper()
	mem, err := syscall.Mmap(-1, 0, n, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		t.Skipf("mmap: %v", err)
	}
	t.Cleanup(func() { syscall.Munmap(mem) })
	return mem
}

// TestDebugForeignMemory puts memory the Go heap does not own into pools in
// debug mode: debug mode must leave it untracked rather than end the
// process (weak.Make of such a pointer is a fatal error).
func TestDebugForeignMemory(t *testing.T) {
	onOneProcessor(t) // so that the Gets below take the mapped memory back

	sp := safepool.NewSlicePool[byte]()
	sp.SetDebug(true)
	sp.Put(mmap(t, 4096)[:0])
	sp.Put(append(sp.Get(), "hello"...))

	type page [4096]byte
	p := safepool.New(
		func() *page { return new(page) },
		func(pg *page) (*page, bool) { *pg = page{}; return pg, true })
	p.SetDebug(true)
	p.Put((*page)(unsafe.Pointer(unsafe.SliceData(mmap(t, 4096)))))
	p.Put(p.Get())

	// Take the mapped memory out of both pools before it is unmapped.
	for range 4 {
		sp.Get()
		p.Get()
	}
}
