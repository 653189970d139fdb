// Package ctxescape defines an Analyzer that reports goroutines that
// outlive an HTTP handler while holding its request or context.
//
// # Analyzer ctxescape
//
// ctxescape: report a goroutine in an http handler that uses the request's context and is not joined
//
// The naive code:
//
//	func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
//		go s.audit(r.Context(), r.URL.Path) // outlives the handler
//		w.WriteHeader(http.StatusNoContent)
//	}
//
// A goroutine that holds the request, or its context, or a context derived
// from it, keeps the request and every value in the context chain alive for
// as long as it runs, after the handler has returned; with
// context.WithoutCancel it may run for ever. The fix is to copy what the
// goroutine needs before starting it, or carry the typed values into a
// context of its own with ctxdata's Key.Carry, or to join the goroutine
// before returning with goroutine.Scope:
//
//	path := r.URL.Path
//	bg, _ := requestKey.Carry(context.Background(), r.Context())
//	go s.audit(bg, path)
//
// A handler is a ServeHTTP method or any function of type
// func(http.ResponseWriter, *http.Request). The analyzer follows the
// request and the contexts and requests derived from it through the
// handler's assignments, and reports a go statement or group Go whose
// function or arguments use one of them, from which a return is reachable
// with no join (a Wait call, a receive from a channel other than a
// give-up one such as ctx.Done(), a range over a channel). A goroutine that
// waits on the request context's Done, and so ends with the request, is
// left alone.
package ctxescape
