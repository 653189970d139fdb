// Package ctxdata is a stub of safeprim's ctxdata package for the tests.
package ctxdata

import "context"

type Key[T any] struct{}

func NewKey[T any](name string) *Key[T] { return &Key[T]{} }

func (k *Key[T]) Carry(dst, src context.Context) (context.Context, bool) { return dst, true }
