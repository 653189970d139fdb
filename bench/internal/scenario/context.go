package scenario

import (
	"context"
	"runtime"

	"github.com/safeprim/safeprim/ctxdata"
	"github.com/safeprim/safeprim/goroutine"
)

// naiveKey is the naive pattern's key type: one WithValue per middleware.
type naiveKey string

// requestData is what the middlewares bind for a request.
type requestData struct {
	user    string
	traceID string
	session []byte // 16 KiB of session state
}

const sessionSize = 16 << 10

var requestKey = ctxdata.NewKey[*requestData]("request")

// naiveBind is three middlewares, each binding one value.
func naiveBind(ctx context.Context, i int) context.Context {
	ctx = context.WithValue(ctx, naiveKey("user"), "user")
	ctx = context.WithValue(ctx, naiveKey("trace"), "trace")
	session := make([]byte, sessionSize)
	session[0] = byte(i)
	return context.WithValue(ctx, naiveKey("session"), session)
}

func newRequestData(i int) *requestData {
	d := &requestData{user: "user", traceID: "trace", session: make([]byte, sessionSize)}
	d.session[0] = byte(i)
	return d
}

type watch struct{ events chan struct{} }

func naiveGoroutineHoldsCtx(n int) func() {
	var lost abandoned[watch]
	for i := range n {
		serve(func(ctx context.Context) {
			ctx = naiveBind(ctx, i)
			w := &watch{events: make(chan struct{})}
			lost.add(w)
			go func(w *watch) {
				for range w.events { // nobody closes events
					_ = ctx.Value(naiveKey("session"))
				}
				runtime.KeepAlive(w)
			}(w)
		})
	}
	return func() { lost.each(func(w *watch) { close(w.events) }) }
}

func safeGoroutineHoldsCtx(n int) func() {
	var watchers goroutine.Group
	for i := range n {
		serve(func(ctx context.Context) {
			ctx, release := ctxdata.Bind(ctx, requestKey, newRequestData(i))
			defer release()
			events := make(chan struct{})
			watchers.Go(func() error {
				for {
					if _, err := goroutine.Recv(ctx, events); err != nil {
						return nil // the request ended
					}
					_, _ = requestKey.Value(ctx)
				}
			})
		})
	}
	return func() { _ = watchers.Wait() }
}

// auditQueue keeps contexts for a writer that runs later.
type auditQueue struct{ pending []context.Context }

func naiveQueueHoldsCtx(n int) func() {
	q := new(auditQueue)
	for i := range n {
		serve(func(ctx context.Context) {
			ctx = naiveBind(ctx, i)
			q.pending = append(q.pending, ctx)
		})
	}
	return func() { q.pending = nil }
}

func safeQueueHoldsCtx(n int) func() {
	q := new(auditQueue)
	for i := range n {
		serve(func(ctx context.Context) {
			ctx, release := ctxdata.Bind(ctx, requestKey, newRequestData(i))
			defer release()
			q.pending = append(q.pending, ctx)
		})
	}
	return func() { q.pending = nil }
}
