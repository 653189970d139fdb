package a

import (
	"context"

	"b"
)

type ctxKey struct{}

// Negative: an unexported type of the package.
func unexported(ctx context.Context) context.Context {
	return context.WithValue(ctx, ctxKey{}, 1)
}

type key string

const userKey key = "user"

// Negative: an unexported string type.
func unexportedString(ctx context.Context) context.Context {
	return context.WithValue(ctx, userKey, 1)
}

type Key struct{ name string }

var traceKey = &Key{"trace"}

// Negative: a pointer is unique.
func pointer(ctx context.Context) context.Context {
	return context.WithValue(ctx, traceKey, 1)
}

// Negative: another package's keys, which the caller must use.
func foreign(ctx context.Context) context.Context {
	ctx = context.WithValue(ctx, b.Key, 1)
	return context.WithValue(ctx, b.Typed, 1)
}

// Negative: a key of interface type; its dynamic type is not known.
func iface(ctx context.Context, k any) context.Context {
	return context.WithValue(ctx, k, 1)
}

type valuer struct{}

func (valuer) WithValue(ctx context.Context, k, v any) context.Context { return ctx }

// Negative: not context.WithValue.
func other(ctx context.Context) context.Context {
	return valuer{}.WithValue(ctx, "user", 1)
}
