package ctxdata_test

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/safeprim/safeprim/ctxdata"
)

func TestMiddlewareAndTimeoutHandler(t *testing.T) {
	// http.TimeoutHandler answers at its deadline while the handler it wraps
	// goes on running in a goroutine of its own. With TimeoutHandler
	// outside, Middleware runs in that goroutine and releases when the
	// handler returns; with Middleware outside, it releases (and cleans up)
	// when TimeoutHandler returns, under the handler still running.
	tests := []struct {
		name string
		wrap func(mw func(http.Handler) http.Handler, h http.Handler) http.Handler
		// wantUnder says whether the handler sees its value released and
		// cleaned up while it runs.
		wantUnder bool
	}{
		{"order=TimeoutHandler(Middleware(h))", func(mw func(http.Handler) http.Handler, h http.Handler) http.Handler {
			return http.TimeoutHandler(mw(h), time.Second, "timed out")
		}, false},
		{"order=Middleware(TimeoutHandler(h))", func(mw func(http.Handler) http.Handler, h http.Handler) http.Handler {
			return mw(http.TimeoutHandler(h, time.Second, "timed out"))
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				key := ctxdata.NewKey[*User]("user")
				var cleanups atomic.Int32
				mw := ctxdata.Middleware(key, buildUser, ctxdata.WithCleanup(func(*User) { cleanups.Add(1) }))

				finish := make(chan struct{})
				done := make(chan struct{})
				var released, cleanedUp bool
				slow := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					defer close(done)
					key.Must(r.Context())
					<-finish // still working after the deadline
					_, ok := key.Value(r.Context())
					released, cleanedUp = !ok, cleanups.Load() > 0
				})

				req := httptest.NewRequest(http.MethodGet, "/", nil)
				req.Header.Set("X-User", "ann")
				rec := httptest.NewRecorder()
				tt.wrap(mw, slow).ServeHTTP(rec, req) // returns at the deadline
				if rec.Code != http.StatusServiceUnavailable {
					t.Fatalf("status %d, want %d from TimeoutHandler", rec.Code, http.StatusServiceUnavailable)
				}
				close(finish)
				<-done
				synctest.Wait() // the handler's goroutine has returned
				if released != tt.wantUnder || cleanedUp != tt.wantUnder {
					t.Errorf("handler saw released %v, cleaned up %v while running; want %v, %v", released, cleanedUp, tt.wantUnder, tt.wantUnder)
				}
				if n := cleanups.Load(); n != 1 {
					t.Errorf("cleanup ran %d times, want once", n)
				}
			})
		})
	}
}
