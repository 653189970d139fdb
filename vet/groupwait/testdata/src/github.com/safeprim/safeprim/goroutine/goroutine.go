// Package goroutine is a stub of safeprim's goroutine package for the tests.
package goroutine

import "context"

type Group struct{}

func WithContext(ctx context.Context) (*Group, context.Context) { return &Group{}, ctx }

func (g *Group) Go(f func() error) {}
func (g *Group) Wait() error       { return nil }

func Scope(ctx context.Context, fn func(ctx context.Context, g *Group) error) error { return nil }
