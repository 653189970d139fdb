package ctxdata_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"testing"

	"github.com/safeprim/safeprim/ctxdata"
	"github.com/safeprim/safeprim/internal/leaktest"
)

// discard is a ResponseWriter that keeps nothing, so that benchmarks measure
// the handler chain and not the recorder.
type discard struct{ h http.Header }

func (d *discard) Header() http.Header {
	if d.h == nil {
		d.h = make(http.Header)
	}
	return d.h
}
func (*discard) Write(p []byte) (int, error) { return len(p), nil }
func (*discard) WriteHeader(int)             {}

// fieldValues are the eight values a request carries in BenchmarkRequestFields.
var fieldValues = [8]string{"req-7f3a", "ann", "acme", "en-GB", "trace-91c2", "span-04", "10.0.0.7", "sess-5d1e"}

// fields is the request struct ctxdata binds once instead of eight values.
type fields struct {
	RequestID, User, Tenant, Locale, TraceID, SpanID, ClientIP, Session string
}

type fieldKey int

// BenchmarkRequestFields binds eight request fields and reads them in the
// handler: one middleware per field with context.WithValue (naive) against one
// struct bound by Middleware.
func BenchmarkRequestFields(b *testing.B) {
	var sink string
	naive := http.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		for i := range fieldValues {
			sink = ctx.Value(fieldKey(i)).(string)
		}
	}))
	for i := len(fieldValues) - 1; i >= 0; i-- {
		next := naive
		naive = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), fieldKey(i), fieldValues[i])))
		})
	}
	k := ctxdata.NewKey[*fields]("fields")
	build := func(*http.Request) (*fields, error) {
		v := fieldValues
		return &fields{v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]}, nil
	}
	withCtxdata := ctxdata.Middleware(k, build)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f := k.Must(r.Context())
		for _, s := range []string{f.RequestID, f.User, f.Tenant, f.Locale, f.TraceID, f.SpanID, f.ClientIP, f.Session} {
			sink = s
		}
	}))
	for _, impl := range []struct {
		name string
		h    http.Handler
	}{{"naive", naive}, {"ctxdata", withCtxdata}} {
		b.Run("impl="+impl.name, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			w := new(discard)
			b.ReportAllocs()
			for b.Loop() {
				impl.h.ServeHTTP(w, req)
			}
		})
	}
	_ = sink
}

// BenchmarkLeakedGoroutines serves requests whose handlers leak a goroutine
// that holds the request's context, with 16 KiB bound to it, and reports the
// live heap those goroutines keep (retained-B, per batch of requests). The
// goroutines are ended after each measurement.
func BenchmarkLeakedGoroutines(b *testing.B) {
	const (
		requests = 1000
		size     = 16 << 10
	)
	type payload struct{ buf []byte }
	build := func(*http.Request) (*payload, error) { return &payload{make([]byte, size)}, nil }
	type naiveKey struct{}
	k := ctxdata.NewKey[*payload]("payload")
	impls := []struct {
		name string
		mw   func(http.Handler) http.Handler
	}{
		{"naive", func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				p, _ := build(r)
				next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), naiveKey{}, p)))
			})
		}},
		{"ctxdata", ctxdata.Middleware(k, build)},
	}
	for _, impl := range impls {
		b.Run("impl="+impl.name, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			w := new(discard)
			var retained uint64
			b.ReportAllocs()
			for b.Loop() {
				stop := make(chan struct{})
				var wg sync.WaitGroup
				h := impl.mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					ctx := r.Context()
					wg.Go(func() {
						<-stop
						runtime.KeepAlive(ctx)
					})
				}))
				retained += leaktest.Retained(func() {
					for range requests {
						h.ServeHTTP(w, req)
					}
				})
				close(stop)
				wg.Wait()
			}
			b.ReportMetric(float64(retained)/float64(b.N), "retained-B")
		})
	}
}

// BenchmarkMiddleware measures what Middleware adds to a request, against a
// bare handler and one naive context.WithValue middleware, under httptest and
// over a loopback server.
func BenchmarkMiddleware(b *testing.B) {
	type naiveKey struct{}
	k := ctxdata.NewKey[*User]("user")
	build := func(*http.Request) (*User, error) { return &User{"ann"}, nil }
	bare := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "ok")
	})
	naiveMiddleware := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			u, _ := build(r)
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), naiveKey{}, u)))
		})
	}
	naive := naiveMiddleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, r.Context().Value(naiveKey{}).(*User).Name)
	}))
	withCtxdata := ctxdata.Middleware(k, build)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, k.Must(r.Context()).Name)
	}))
	impls := []struct {
		name string
		h    http.Handler
	}{{"bare", bare}, {"naive", naive}, {"ctxdata", withCtxdata}}

	for _, impl := range impls {
		b.Run("transport=httptest/impl="+impl.name, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			b.ReportAllocs()
			for b.Loop() {
				impl.h.ServeHTTP(httptest.NewRecorder(), req)
			}
		})
	}
	for _, impl := range impls {
		b.Run("transport=loopback/impl="+impl.name, func(b *testing.B) {
			url, client := newServer(b, impl.h)
			b.ReportAllocs()
			for b.Loop() {
				resp, err := client.Get(url)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		})
	}
}
