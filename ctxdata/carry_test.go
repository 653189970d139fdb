package ctxdata_test

import (
	"context"
	"testing"

	"github.com/safeprim/safeprim/ctxdata"
	"github.com/safeprim/safeprim/internal/leaktest"
)

func TestCarry(t *testing.T) {
	k := ctxdata.NewKey[*User]("user")
	u := &User{"ann"}
	bound, release := ctxdata.Bind(context.Background(), k, u)
	defer release()
	released, releaseNow := ctxdata.Bind(context.Background(), k, u)
	releaseNow()
	type dstKey struct{}
	dst := context.WithValue(context.Background(), dstKey{}, "dst")

	tests := []struct {
		name   string
		src    context.Context
		want   *User
		wantOK bool
	}{
		{"src=bound", bound, u, true},
		{"src=with", k.With(context.Background(), u), u, true},
		{"src=released", released, nil, false},
		{"src=missing", context.Background(), nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := k.Carry(dst, tt.src)
			if ok != tt.wantOK {
				t.Errorf("Carry ok = %v, want %v", ok, tt.wantOK)
			}
			if !ok && got != dst {
				t.Errorf("Carry with no value returned %v, want dst unchanged", got)
			}
			if v, _ := k.Value(got); v != tt.want {
				t.Errorf("Value(Carry) = %v, want %v", v, tt.want)
			}
			if got.Value(dstKey{}) != "dst" {
				t.Error("Carry lost dst's values")
			}
		})
	}
}

// TestCarryOutlivesRelease shows that a carried value stays readable after
// the binding it came from is released, and that the carried context does not
// keep the source context alive.
func TestCarryOutlivesRelease(t *testing.T) {
	type big [64 << 10]byte
	k := ctxdata.NewKey[*User]("user")
	other := ctxdata.NewKey[*big]("other")
	u := &User{"ann"}

	b := new(big)
	otherCollected := leaktest.Watch(b)
	src := other.With(context.Background(), b)
	b = nil
	src, release := ctxdata.Bind(src, k, u)
	bg, ok := k.Carry(context.Background(), src)
	if !ok {
		t.Fatal("Carry reported no value")
	}
	release()
	src = nil
	_ = src

	if got, ok := k.Value(bg); got != u || !ok {
		t.Errorf("carried Value after release = %v, %v; want %v, true", got, ok, u)
	}
	if !otherCollected() {
		t.Error("the carried context keeps the source context's other values alive")
	}
}
