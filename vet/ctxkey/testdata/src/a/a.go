package a

import "context"

func literal(ctx context.Context) context.Context {
	return context.WithValue(ctx, "user", 1) // want `ctxkey: context.WithValue key "user" has built-in type string; any package can make the same key and read or overwrite the value \(use ctxdata.NewKey\)`
}

const tenantKey = "tenant"

func constant(ctx context.Context) context.Context {
	return context.WithValue(ctx, tenantKey, 1) // want `ctxkey: context.WithValue key tenantKey has built-in type string`
}

func integer(ctx context.Context) context.Context {
	return context.WithValue(ctx, 42, 1) // want `ctxkey: context.WithValue key 42 has built-in type int`
}

// ContextKey is exported: any package can write a.ContextKey("user").
type ContextKey string

func exported(ctx context.Context) context.Context {
	return context.WithValue(ctx, ContextKey("user"), 1) // want `ctxkey: context.WithValue key ContextKey\("user"\) has exported type ContextKey`
}

type RequestIDKey struct{}

func exportedStruct(ctx context.Context) context.Context {
	return context.WithValue(ctx, RequestIDKey{}, "id") // want `ctxkey: context.WithValue key RequestIDKey\{\} has exported type RequestIDKey`
}
