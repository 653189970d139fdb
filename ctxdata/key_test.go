package ctxdata_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/safeprim/safeprim/ctxdata"
	"github.com/safeprim/safeprim/internal/panictest"
	"github.com/safeprim/safeprim/internal/race"
)

func TestKeysNeverCollide(t *testing.T) {
	a := ctxdata.NewKey[string]("id")
	b := ctxdata.NewKey[string]("id")
	var zero1, zero2 ctxdata.Key[string]
	ctx := a.With(context.Background(), "a")
	ctx = zero1.With(ctx, "zero1")

	tests := []struct {
		name   string
		key    *ctxdata.Key[string]
		want   string
		wantOK bool
	}{
		{"key=a", a, "a", true},
		{"key=b-same-name-and-type", b, "", false},
		{"key=zero1", &zero1, "zero1", true},
		{"key=zero2", &zero2, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.key.Value(ctx)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("Value = %q, %v; want %q, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestWithValue(t *testing.T) {
	t.Run("T=error/nil", func(t *testing.T) {
		k := ctxdata.NewKey[error]("err")
		ctx := k.With(context.Background(), nil)
		got, ok := k.Value(ctx)
		if got != nil || !ok {
			t.Errorf("Value = %v, %v; want <nil>, true", got, ok)
		}
	})
	t.Run("T=any/shadowed", func(t *testing.T) {
		k := ctxdata.NewKey[any]("v")
		ctx := k.With(k.With(context.Background(), 1), "two")
		got, ok := k.Value(ctx)
		if got != "two" || !ok {
			t.Errorf("Value = %v, %v; want two, true", got, ok)
		}
	})
	t.Run("T=struct/derived", func(t *testing.T) {
		k := ctxdata.NewKey[User]("user")
		ctx, cancel := context.WithCancel(k.With(context.Background(), User{"ann"}))
		defer cancel()
		ctx = context.WithValue(ctx, otherKey{}, 1)
		got, ok := k.Value(ctx)
		if got != (User{"ann"}) || !ok {
			t.Errorf("Value = %v, %v; want {ann}, true", got, ok)
		}
	})
	t.Run("missing", func(t *testing.T) {
		k := ctxdata.NewKey[int]("n")
		got, ok := k.Value(context.Background())
		if got != 0 || ok {
			t.Errorf("Value = %v, %v; want 0, false", got, ok)
		}
	})
}

func TestWithKeepsCancellation(t *testing.T) {
	k := ctxdata.NewKey[int]("n")
	parent, cancel := context.WithCancel(context.Background())
	child, stop := context.WithCancel(k.With(parent, 1))
	defer stop()
	cancel()
	<-child.Done()
	if !errors.Is(child.Err(), context.Canceled) {
		t.Errorf("child.Err() = %v, want %v", child.Err(), context.Canceled)
	}
}

func TestLookup(t *testing.T) {
	k := ctxdata.NewKey[string]("id")
	bound, release := ctxdata.Bind(context.Background(), k, "b")
	released, releaseNow := ctxdata.Bind(context.Background(), k, "r")
	releaseNow()
	defer release()
	tests := []struct {
		name    string
		ctx     context.Context
		want    string
		wantErr error
	}{
		{"state=missing", context.Background(), "", ctxdata.ErrNoValue},
		{"state=with", k.With(context.Background(), "w"), "w", nil},
		{"state=bound", bound, "b", nil},
		{"state=released", released, "", ctxdata.ErrReleased},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := k.Lookup(tt.ctx)
			if got != tt.want || err != tt.wantErr {
				t.Errorf("Lookup = %q, %v; want %q, %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestMust(t *testing.T) {
	named := ctxdata.NewKey[*User]("user")
	unnamed := ctxdata.NewKey[*User]("")
	released := func(k *ctxdata.Key[*User]) context.Context {
		ctx, release := ctxdata.Bind(context.Background(), k, &User{"ann"})
		release()
		return ctx
	}
	const hint = ": it was released when its request ended; copy what later work needs before the handler returns"
	tests := []struct {
		name string
		key  *ctxdata.Key[*User]
		ctx  context.Context
		want string
	}{
		{"key=named/state=missing", named, context.Background(),
			`ctxdata: no value for key "user" (*ctxdata_test.User) in context`},
		{"key=unnamed/state=missing", unnamed, context.Background(),
			`ctxdata: no value for key (*ctxdata_test.User) in context`},
		{"key=named/state=released", named, released(named),
			`ctxdata: no value for key "user" (*ctxdata_test.User) in context` + hint},
		{"key=unnamed/state=released", unnamed, released(unnamed),
			`ctxdata: no value for key (*ctxdata_test.User) in context` + hint},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := panictest.Message(func() { tt.key.Must(tt.ctx) })
			if got != tt.want {
				t.Errorf("Must panicked with %q, want %q", got, tt.want)
			}
		})
	}

	u := &User{"bob"}
	if got := named.Must(named.With(context.Background(), u)); got != u {
		t.Errorf("Must = %p, want %p", got, u)
	}
}

func TestString(t *testing.T) {
	tests := []struct {
		name string
		got  fmt.Stringer
		want string
	}{
		{"key=named", ctxdata.NewKey[*User]("user"), `"user" (*ctxdata_test.User)`},
		{"key=unnamed", ctxdata.NewKey[[]byte](""), `([]uint8)`},
		{"key=quoted", ctxdata.NewKey[int]("a \"b\""), `"a \"b\"" (int)`},
		{"key=zero", new(ctxdata.Key[error]), `(error)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.got.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestContextString(t *testing.T) {
	k := ctxdata.NewKey[int]("n")
	ctx, release := ctxdata.Bind(k.With(context.Background(), 1), k, 2)
	tests := []struct {
		name string
		want string
	}{
		{"state=bound", `context.Background.WithValue("n" (int), <not Stringer>).WithValue("n" (int), bound)`},
		{"state=released", `context.Background.WithValue("n" (int), <not Stringer>).WithValue("n" (int), released)`},
	}
	for i, tt := range tests {
		if i == 1 {
			release()
		}
		if got := fmt.Sprint(ctx); got != tt.want {
			t.Errorf("%s: String() = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestNilPanics(t *testing.T) {
	k := ctxdata.NewKey[int]("n")
	var nilKey *ctxdata.Key[int]
	var nilCtx context.Context
	tests := []struct {
		name string
		f    func()
		want string
	}{
		{"With/nil-ctx", func() { k.With(nilCtx, 1) },
			"ctxdata: Key.With: nil parent context; pass context.Background() or a request's context"},
		{"With/nil-key", func() { nilKey.With(context.Background(), 1) },
			"ctxdata: Key.With: nil key; make keys with NewKey"},
		{"Bind/nil-ctx", func() { ctxdata.Bind(nilCtx, k, 1) },
			"ctxdata: Bind: nil parent context; pass context.Background() or a request's context"},
		{"Bind/nil-key", func() { ctxdata.Bind(context.Background(), nilKey, 1) },
			"ctxdata: Bind: nil key; make keys with NewKey"},
		{"Value/nil-ctx", func() { k.Value(nilCtx) },
			"ctxdata: Key.Value: nil context; pass a request's context or context.Background()"},
		{"Lookup/nil-ctx", func() { k.Lookup(nilCtx) },
			"ctxdata: Key.Lookup: nil context; pass a request's context or context.Background()"},
		{"Must/nil-ctx", func() { k.Must(nilCtx) },
			"ctxdata: Key.Must: nil context; pass a request's context or context.Background()"},
		{"Carry/nil-dst", func() { k.Carry(nilCtx, context.Background()) },
			"ctxdata: Key.Carry: nil context; pass a request's context or context.Background()"},
		{"Carry/nil-src", func() { k.Carry(context.Background(), nilCtx) },
			"ctxdata: Key.Carry: nil context; pass a request's context or context.Background()"},
		{"Must/nil-key", func() { nilKey.Must(context.Background()) },
			"ctxdata: no value for key (int) in context"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, _ := panictest.Message(tt.f); got != tt.want {
				t.Errorf("panic = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestValueAllocs(t *testing.T) {
	if race.Enabled {
		t.Skip("the race detector adds allocations")
	}
	k := ctxdata.NewKey[*User]("user")
	ctx, release := ctxdata.Bind(context.Background(), k, &User{"ann"})
	defer release()
	ctx = context.WithValue(ctx, otherKey{}, 1)
	released, releaseNow := ctxdata.Bind(context.Background(), k, &User{"bob"})
	releaseNow()
	tests := []struct {
		name string
		ctx  context.Context
	}{
		{"state=bound", ctx},
		{"state=with", k.With(context.Background(), &User{"cy"})},
		{"state=released", released},
		{"state=missing", context.Background()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := testing.AllocsPerRun(100, func() { k.Value(tt.ctx) }); got != 0 {
				t.Errorf("Value allocs = %v, want 0", got)
			}
		})
	}
}

// BenchmarkValue compares Key.Value with a raw ctx.Value(key).(T) that finds
// its value under depth-1 other values.
func BenchmarkValue(b *testing.B) {
	type rawKey struct{}
	k := ctxdata.NewKey[*User]("user")
	u := &User{"ann"}
	type pileKey int
	pile := func(ctx context.Context, depth int) context.Context {
		for i := 1; i < depth; i++ {
			ctx = context.WithValue(ctx, pileKey(i), i)
		}
		return ctx
	}
	for _, depth := range []int{1, 8, 32} {
		b.Run(fmt.Sprintf("depth=%d/impl=naive", depth), func(b *testing.B) {
			ctx := pile(context.WithValue(context.Background(), rawKey{}, u), depth)
			b.ReportAllocs()
			for b.Loop() {
				if ctx.Value(rawKey{}).(*User) != u {
					b.Fatal("wrong value")
				}
			}
		})
		b.Run(fmt.Sprintf("depth=%d/impl=ctxdata", depth), func(b *testing.B) {
			ctx, release := ctxdata.Bind(context.Background(), k, u)
			defer release()
			ctx = pile(ctx, depth)
			b.ReportAllocs()
			for b.Loop() {
				if v, _ := k.Value(ctx); v != u {
					b.Fatal("wrong value")
				}
			}
		})
	}
}

func TestNilKeyReads(t *testing.T) {
	// A nil key holds no values: reads through it find none, without a
	// panic, and it counts no released reads.
	var nilKey *ctxdata.Key[int]
	ctx := context.Background()
	if v, ok := nilKey.Value(ctx); v != 0 || ok {
		t.Errorf("Value = %d, %v; want 0, false", v, ok)
	}
	if _, err := nilKey.Lookup(ctx); err != ctxdata.ErrNoValue {
		t.Errorf("Lookup error = %v, want ErrNoValue", err)
	}
	if got, ok := nilKey.Carry(ctx, ctx); got != ctx || ok {
		t.Errorf("Carry = %v, %v; want dst unchanged, false", got, ok)
	}
	if n := nilKey.ReleasedReads(); n != 0 {
		t.Errorf("ReleasedReads = %d, want 0", n)
	}
}
