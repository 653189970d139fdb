package ctxdata

import (
	"log/slog"
	"net/http"
)

// An Option configures [Middleware]. Options apply in order; a later option
// of the same kind replaces an earlier one. The zero Option changes nothing.
type Option struct {
	apply func(*config)
}

// config is what the options of one [Middleware] call set.
type config struct {
	onBuildError func(http.ResponseWriter, *http.Request, error)
	logger       *slog.Logger
	cleanup      any // func(T) for the T of the WithCleanup call
	cleanupType  string
}

// WithErrorResponse returns an Option that makes [Middleware] answer a
// request whose build function failed by calling respond, instead of the
// default 500 response and log entry. respond writes the whole response, for
// example a 400 or 401; the handler is not called.
//
// Error text can carry secrets (paths, addresses, tokens): write only what the
// client may see.
//
// WithErrorResponse panics if respond is nil.
func WithErrorResponse(respond func(w http.ResponseWriter, r *http.Request, err error)) Option {
	if respond == nil {
		panic("ctxdata: WithErrorResponse: nil respond function; pass a func that writes the error response")
	}
	return Option{func(c *config) { c.onBuildError = respond }}
}

// WithLogger returns an Option that makes [Middleware] log build errors to
// logger instead of [slog.Default]. It has no effect together with
// [WithErrorResponse], which takes over the whole answer to a build error.
//
// WithLogger panics if logger is nil; pass slog.New(slog.DiscardHandler) to
// drop the entries.
func WithLogger(logger *slog.Logger) Option {
	if logger == nil {
		panic("ctxdata: WithLogger: nil logger; pass slog.New(slog.DiscardHandler) to drop build errors")
	}
	return Option{func(c *config) { c.logger = logger }}
}

// WithCleanup returns an Option that makes [Middleware] call cleanup with the
// request's value after the handler returns (also when it panics) and the
// value has been released, for example to close a file or return buffers to
// a pool. It runs on the handler's goroutine; a panic in cleanup replaces any
// panic of the handler.
//
// T must be the type of the middleware's key: [Middleware] panics otherwise.
//
// WithCleanup panics if cleanup is nil.
func WithCleanup[T any](cleanup func(T)) Option {
	if cleanup == nil {
		panic("ctxdata: WithCleanup: nil cleanup function; pass a func that frees the value")
	}
	name := typeName[T]()
	return Option{func(c *config) {
		c.cleanup = cleanup
		c.cleanupType = name
	}}
}
