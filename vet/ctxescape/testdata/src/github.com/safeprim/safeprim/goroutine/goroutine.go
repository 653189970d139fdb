// Package goroutine is a stub of safeprim's goroutine package for the tests.
package goroutine

import "context"

func Recv[T any](ctx context.Context, ch <-chan T) (T, error) { var v T; return v, nil }
