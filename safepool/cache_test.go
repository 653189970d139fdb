package safepool_test

import (
	"runtime"
	"testing"
	"unsafe"

	"github.com/safeprim/safeprim/internal/leaktest"
	"github.com/safeprim/safeprim/safepool"
)

// TestIdleRelease checks that an idle pool gives its objects back to the
// garbage collector, as sync.Pool does over two collections.
func TestIdleRelease(t *testing.T) {
	t.Run("type=Pool", func(t *testing.T) {
		p := safepool.New(newObject, resetObject)
		o := p.Get()
		collected := leaktest.Watch(o)
		p.Put(o)
		o = nil
		if !collected() {
			t.Error("object kept by an idle Pool was not collected")
		}
		runtime.KeepAlive(p)
	})
	t.Run("type=Pool/value=slice", func(t *testing.T) {
		p := safepool.New(
			func() []int64 { return make([]int64, 0, 1024) },
			func(s []int64) ([]int64, bool) { return s[:0], true })
		s := p.Get()
		collected := leaktest.Watch(unsafe.SliceData(s[:1]))
		p.Put(s)
		s = nil
		if !collected() {
			t.Error("slice kept by an idle Pool was not collected")
		}
		runtime.KeepAlive(p)
	})
	t.Run("type=BufferPool", func(t *testing.T) {
		var p safepool.BufferPool
		b := p.Get()
		b.Write(make([]byte, 1000))
		collected := leaktest.Watch(b)
		p.Put(b)
		b = nil
		if !collected() {
			t.Error("buffer kept by an idle BufferPool was not collected")
		}
		runtime.KeepAlive(&p)
	})
	t.Run("type=SlicePool", func(t *testing.T) {
		var p safepool.SlicePool[int64]
		s := append(p.Get(), 1)
		collected := leaktest.Watch(unsafe.SliceData(s))
		p.Put(s)
		s = nil
		if !collected() {
			t.Error("slice kept by an idle SlicePool was not collected")
		}
		runtime.KeepAlive(&p)
	})
}
