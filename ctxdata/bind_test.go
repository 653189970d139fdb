package ctxdata_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/safeprim/safeprim/ctxdata"
	"github.com/safeprim/safeprim/internal/leaktest"
	"github.com/safeprim/safeprim/internal/panictest"
)

func TestBindRelease(t *testing.T) {
	k := ctxdata.NewKey[*User]("user")
	u := &User{"ann"}
	ctx, release := ctxdata.Bind(context.Background(), k, u)
	cancelCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	timeoutCtx, cancelTimeout := context.WithTimeout(ctx, time.Hour)
	defer cancelTimeout()
	derived := []struct {
		name string
		ctx  context.Context
	}{
		{"ctx=bound", ctx},
		{"ctx=WithValue", context.WithValue(ctx, otherKey{}, 1)},
		{"ctx=WithCancel", cancelCtx},
		{"ctx=WithTimeout", timeoutCtx},
		{"ctx=WithoutCancel", context.WithoutCancel(ctx)},
		{"ctx=Key.With-other-key", ctxdata.NewKey[int]("n").With(ctx, 1)},
	}
	for _, d := range derived {
		if got, ok := k.Value(d.ctx); got != u || !ok {
			t.Errorf("%s: before release: Value = %v, %v; want %v, true", d.name, got, ok, u)
		}
	}
	release()
	release() // idempotent
	for _, d := range derived {
		if got, ok := k.Value(d.ctx); got != nil || ok {
			t.Errorf("%s: after release: Value = %v, %v; want <nil>, false", d.name, got, ok)
		}
	}
	if got := cancelCtx.Err(); got != nil {
		t.Errorf("release cancelled the context: Err() = %v, want <nil>", got)
	}
}

func TestBindShadows(t *testing.T) {
	k := ctxdata.NewKey[string]("id")
	outer, releaseOuter := ctxdata.Bind(context.Background(), k, "outer")
	defer releaseOuter()
	inner, releaseInner := ctxdata.Bind(outer, k, "inner")
	if got, _ := k.Value(inner); got != "inner" {
		t.Errorf("inner Value = %q, want inner", got)
	}
	releaseInner()
	if got, ok := k.Value(inner); ok {
		t.Errorf("inner after its release: Value = %q, true; want a released binding to shadow the outer one", got)
	}
	if got, ok := k.Value(outer); got != "outer" || !ok {
		t.Errorf("outer after inner release: Value = %q, %v; want outer, true", got, ok)
	}
}

func TestBindKeepsCancellation(t *testing.T) {
	k := ctxdata.NewKey[int]("n")
	parent, cancel := context.WithCancelCause(context.Background())
	ctx, release := ctxdata.Bind(parent, k, 1)
	defer release()
	child, stop := context.WithCancel(ctx)
	defer stop()
	fired := make(chan struct{})
	context.AfterFunc(ctx, func() { close(fired) })
	cause := context.Canceled
	cancel(cause)
	<-child.Done()
	<-fired
	if got := context.Cause(child); got != cause {
		t.Errorf("Cause = %v, want %v", got, cause)
	}
}

func TestBindConcurrentRelease(t *testing.T) {
	k := ctxdata.NewKey[*User]("user")
	u := &User{"ann"}
	ctx, release := ctxdata.Bind(context.Background(), k, u)
	before := k.ReleasedReads()

	const readers, releasers = 8, 4
	var wg, releasing sync.WaitGroup
	var releasedAll atomic.Bool
	start := make(chan struct{})
	sawRelease := make(chan bool, readers)
	for range readers {
		wg.Go(func() {
			<-start
			derived := context.WithValue(ctx, otherKey{}, 0)
			for {
				after := releasedAll.Load()
				v, ok := k.Value(derived)
				if !ok {
					sawRelease <- v == nil
					return
				}
				if v != u {
					t.Errorf("Value = %v, want %v", v, u)
				}
				if after {
					t.Error("Value reports ok after release returned")
					sawRelease <- true
					return
				}
			}
		})
	}
	for range releasers {
		releasing.Go(func() {
			<-start
			release()
		})
	}
	wg.Go(func() {
		releasing.Wait()
		releasedAll.Store(true)
	})
	close(start)
	wg.Wait()
	for range readers {
		if !<-sawRelease {
			t.Error("a reader saw a released value that was not the zero value")
		}
	}
	if got := k.ReleasedReads() - before; got != readers {
		t.Errorf("ReleasedReads grew by %d, want %d (one per reader)", got, readers)
	}
}

func TestReleasedReads(t *testing.T) {
	k := ctxdata.NewKey[int]("n")
	other := ctxdata.NewKey[int]("other")
	ctx, release := ctxdata.Bind(context.Background(), k, 1)
	totalBefore := ctxdata.ReleasedReads()

	k.Value(ctx) // live reads are not counted
	other.Value(ctx)
	release()
	k.Value(ctx)
	k.Lookup(ctx)
	k.Carry(context.Background(), ctx)
	if _, panicked := panictest.Message(func() { k.Must(ctx) }); !panicked {
		t.Error("Must after release returned, want a panic")
	}
	other.Value(ctx) // no binding for other: not a released read

	if got, want := k.ReleasedReads(), uint64(4); got != want {
		t.Errorf("k.ReleasedReads() = %d, want %d", got, want)
	}
	if got := other.ReleasedReads(); got != 0 {
		t.Errorf("other.ReleasedReads() = %d, want 0", got)
	}
	if got, want := ctxdata.ReleasedReads()-totalBefore, uint64(4); got != want {
		t.Errorf("ReleasedReads() grew by %d, want %d", got, want)
	}
}

// TestBindRetention shows that a context kept by a goroutine pins a value
// bound with context.WithValue, and lets go of one bound with Bind once it is
// released.
func TestBindRetention(t *testing.T) {
	type payload [64 << 10]byte
	k := ctxdata.NewKey[*payload]("payload")
	type naiveKey struct{}
	tests := []struct {
		name          string
		bind          func(*payload) (context.Context, func())
		wantCollected bool
	}{
		{"impl=naive", func(p *payload) (context.Context, func()) {
			return context.WithValue(context.Background(), naiveKey{}, p), func() {}
		}, false},
		{"impl=ctxdata", func(p *payload) (context.Context, func()) {
			return ctxdata.Bind(context.Background(), k, p)
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := new(payload)
			collected := leaktest.Watch(p)
			ctx, release := tt.bind(p)
			p = nil
			stop := holdContext(t, ctx)
			defer stop()
			release()
			if got := collected(); got != tt.wantCollected {
				t.Errorf("value collected while a goroutine holds its context = %v, want %v", got, tt.wantCollected)
			}
		})
	}
}

// holdContext starts a goroutine that keeps ctx reachable until the returned
// stop function is called; stop waits for it to end.
func holdContext(t testing.TB, ctx context.Context) (stop func()) {
	t.Helper()
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		<-done
		if ctx.Err() != nil {
			t.Error("held context was cancelled")
		}
	})
	return func() {
		close(done)
		wg.Wait()
	}
}

// model is the naive reference for a context chain: a stack of bindings,
// searched from the top.
type model []modelBinding

type modelBinding struct {
	key      int
	val      int
	bound    bool // by Bind, so releasable
	released bool
}

func (m model) value(key int) (int, bool) {
	for i := len(m) - 1; i >= 0; i-- {
		if m[i].key == key {
			if m[i].released {
				return 0, false
			}
			return m[i].val, true
		}
	}
	return 0, false
}

// FuzzBind drives With, Bind, release and Value in random orders and checks
// every lookup against the model.
func FuzzBind(f *testing.F) {
	f.Add([]byte{0x00, 0x11, 0x22, 0x33})
	f.Add([]byte{0x10, 0x10, 0x20, 0x30, 0x31, 0x20, 0x21})
	f.Add([]byte{0x11, 0x12, 0x13, 0x20, 0x22, 0x00, 0x31, 0x32, 0x33})
	f.Add([]byte{0x01, 0x11, 0x21, 0x20, 0x21, 0x11, 0x22})
	f.Fuzz(func(t *testing.T, ops []byte) {
		keys := []*ctxdata.Key[int]{ctxdata.NewKey[int]("k"), ctxdata.NewKey[int]("k"), ctxdata.NewKey[int]("")}
		ctx := context.Background()
		var m model
		var releases []func()
		for i, op := range ops {
			key := int(op&0x0f) % len(keys)
			switch op >> 4 % 4 {
			case 0: // With
				ctx = keys[key].With(ctx, i)
				m = append(m, modelBinding{key: key, val: i})
				releases = append(releases, nil)
			case 1: // Bind
				var release func()
				ctx, release = ctxdata.Bind(ctx, keys[key], i)
				m = append(m, modelBinding{key: key, val: i, bound: true})
				releases = append(releases, release)
			case 2: // release the n-th binding from the top
				if len(m) == 0 {
					continue
				}
				j := len(m) - 1 - int(op&0x0f)%len(m)
				if m[j].bound {
					releases[j]()
					m[j].released = true
				}
			case 3: // derive an unrelated context
				ctx = context.WithValue(ctx, otherKey{}, i)
			}
			for key, k := range keys {
				got, ok := k.Value(ctx)
				want, wantOK := m.value(key)
				if got != want || ok != wantOK {
					t.Fatalf("after op %d (%#x): key %d: Value = %d, %v; want %d, %v", i, op, key, got, ok, want, wantOK)
				}
			}
		}
	})
}

func BenchmarkBind(b *testing.B) {
	k := ctxdata.NewKey[*User]("user")
	type naiveKey struct{}
	u := &User{"ann"}
	ctx := context.Background()
	b.Run("impl=naive", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			c := context.WithValue(ctx, naiveKey{}, u)
			if c.Value(naiveKey{}).(*User) != u {
				b.Fatal("wrong value")
			}
		}
	})
	b.Run("impl=ctxdata", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			c, release := ctxdata.Bind(ctx, k, u)
			if v, _ := k.Value(c); v != u {
				b.Fatal("wrong value")
			}
			release()
		}
	})
}
