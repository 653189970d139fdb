package ctxdata

import (
	"context"
	"log/slog"
	"net/http"
)

// Middleware builds the request's value with build, binds it under k for the
// handler, and releases it when the handler returns (also when it panics).
//
// Middleware has the standard func(http.Handler) http.Handler shape, so it
// plugs into net/http, chi, gorilla/mux and alice alike. For each request it
// calls build, binds the value as [Bind] does, and calls the next handler
// with a request whose context carries it; handlers read it with [Key.Value]
// or [Key.Must]. When the handler returns, the value is released: the
// request's context no longer references it, so a goroutine that outlives the
// request while holding the context (or the request) keeps neither the value
// nor what it references alive, and reads ok == false. Work that must outlive
// the request takes what it needs first; see [Key.Carry].
//
// When build returns an error, the handler is not called. The default answer
// is a 500 with no error text in the body, since error text can carry secrets,
// and the error is logged with [slog.Default] (see [WithLogger]);
// [WithErrorResponse] replaces both. build must free anything it made before
// failing. A panic in the handler releases the value, runs the cleanup of
// [WithCleanup] and then propagates to net/http unchanged, including
// [http.ErrAbortHandler].
//
// Middleware must run where the handler runs. [http.TimeoutHandler] answers
// at its deadline while the handler it wraps goes on in a goroutine of its
// own, so put it outside:
//
//	http.TimeoutHandler(ctxdata.Middleware(k, build)(h), d, msg)
//
// Inside TimeoutHandler, the value is released when h itself returns. With
// Middleware outside, release and the cleanup would run at the deadline,
// while h may still use the value (a closed transaction, a buffer back in
// its pool). The same holds for any middleware that returns before the
// handler it calls.
//
// Each request gets a freshly built value; never hand out pooled values from
// build. A goroutine that outlives its request can still hold the value, and
// a pooled value would then be shared with a later request, leaking one
// user's data into another's. Return pooled resources from [WithCleanup]
// instead, once the value has been released.
//
// Middleware panics if k or build is nil, or if an option of [WithCleanup]
// is for another type than T. The returned function panics if next is nil.
func Middleware[T any](k *Key[T], build func(*http.Request) (T, error), opts ...Option) func(http.Handler) http.Handler {
	if k == nil {
		panic("ctxdata: Middleware: nil key; make keys with NewKey")
	}
	if build == nil {
		panic("ctxdata: Middleware: nil build function for key " + k.String() + "; pass a func that builds the request's value")
	}
	var cfg config
	for _, o := range opts {
		if o.apply != nil {
			o.apply(&cfg)
		}
	}
	var cleanup func(T)
	if cfg.cleanup != nil {
		f, ok := cfg.cleanup.(func(T))
		if !ok {
			panic("ctxdata: Middleware: WithCleanup[" + cfg.cleanupType + "] does not match key " + k.String() +
				"; pass WithCleanup[" + typeName[T]() + "]")
		}
		cleanup = f
	}
	onBuildError := cfg.onBuildError
	if onBuildError == nil {
		logger := cfg.logger
		onBuildError = func(w http.ResponseWriter, r *http.Request, err error) {
			l := logger
			if l == nil {
				l = slog.Default()
			}
			l.LogAttrs(r.Context(), slog.LevelError, "ctxdata: building request value failed",
				slog.String("key", k.String()),
				slog.String("method", r.Method),
				slog.String("path", r.URL.Path),
				slog.Any("error", err))
			http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		}
	}
	return func(next http.Handler) http.Handler {
		if next == nil {
			panic("ctxdata: Middleware: nil next handler for key " + k.String())
		}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			v, err := build(r)
			if err != nil {
				onBuildError(w, r, err)
				return
			}
			c := newCell(v)
			defer func() {
				c.release()
				if cleanup != nil {
					cleanup(v)
				}
			}()
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), k, c)))
		})
	}
}
