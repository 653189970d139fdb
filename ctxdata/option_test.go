package ctxdata_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/safeprim/safeprim/ctxdata"
	"github.com/safeprim/safeprim/internal/panictest"
)

func TestOptionsOrder(t *testing.T) {
	k := ctxdata.NewKey[*User]("user")
	var got []string
	first := ctxdata.WithCleanup(func(*User) { got = append(got, "first") })
	second := ctxdata.WithCleanup(func(*User) { got = append(got, "second") })
	h := ctxdata.Middleware(k, buildUser, first, ctxdata.Option{}, second)(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set("X-User", "ann")
	h.ServeHTTP(httptest.NewRecorder(), req)
	if len(got) != 1 || got[0] != "second" {
		t.Errorf("cleanups run = %q, want [second]: a later option replaces an earlier one", got)
	}
}

func TestOptionPanics(t *testing.T) {
	tests := []struct {
		name string
		f    func()
		want string
	}{
		{"WithErrorResponse/nil", func() { ctxdata.WithErrorResponse(nil) },
			"ctxdata: WithErrorResponse: nil respond function; pass a func that writes the error response"},
		{"WithLogger/nil", func() { ctxdata.WithLogger(nil) },
			"ctxdata: WithLogger: nil logger; pass slog.New(slog.DiscardHandler) to drop build errors"},
		{"WithCleanup/nil", func() { ctxdata.WithCleanup[*User](nil) },
			"ctxdata: WithCleanup: nil cleanup function; pass a func that frees the value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, _ := panictest.Message(tt.f); got != tt.want {
				t.Errorf("panic = %q, want %q", got, tt.want)
			}
		})
	}
}
