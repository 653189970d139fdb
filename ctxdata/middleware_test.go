package ctxdata_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/safeprim/safeprim/ctxdata"
	"github.com/safeprim/safeprim/internal/leaktest"
	"github.com/safeprim/safeprim/internal/panictest"
)

var errNoUser = errors.New("no user: token 0xsecret is invalid")

// buildUser builds the request's user from its X-User header.
func buildUser(r *http.Request) (*User, error) {
	name := r.Header.Get("X-User")
	if name == "" {
		return nil, errNoUser
	}
	return &User{Name: name}, nil
}

// newServer serves h under "/" of an http.ServeMux on a loopback
// httptest.Server and returns the server's URL and a client for it. Both are
// closed when the test ends.
func newServer(t testing.TB, h http.Handler) (url string, client *http.Client) {
	t.Helper()
	mux := http.NewServeMux()
	mux.Handle("/", h)
	srv := httptest.NewUnstartedServer(mux)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	srv.Listener.Close()
	srv.Listener = ln
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // handler panics are expected
	srv.Start()
	client = srv.Client()
	t.Cleanup(func() {
		client.CloseIdleConnections()
		srv.Close()
	})
	return srv.URL, client
}

// get sends a GET with an X-User header and returns the status and body.
func get(t testing.TB, client *http.Client, url, user string) (int, string, error) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatalf("NewRequest: %v", err)
	}
	if user != "" {
		req.Header.Set("X-User", user)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), err
}

// observed wraps h and reports on done, once h has returned or panicked,
// what h panicked with (nil if it returned). It then panics again with the
// same value, so that net/http sees what h did.
func observed(h http.Handler, done chan<- any) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			p := recover()
			done <- p
			if p != nil {
				panic(p)
			}
		}()
		h.ServeHTTP(w, r)
	})
}

func TestMiddlewareBindsAndReleases(t *testing.T) {
	k := ctxdata.NewKey[*User]("user")
	ctxs := make(chan context.Context, 1)
	done := make(chan any, 1)
	h := ctxdata.Middleware(k, buildUser)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctxs <- r.Context()
		io.WriteString(w, "hello "+k.Must(r.Context()).Name)
	}))
	url, client := newServer(t, observed(h, done))

	status, body, err := get(t, client, url, "ann")
	if err != nil {
		t.Fatalf("GET: %v", err)
	}
	if status != http.StatusOK || body != "hello ann" {
		t.Errorf("GET = %d %q, want 200 %q", status, body, "hello ann")
	}
	ctx := <-ctxs
	if p := <-done; p != nil {
		t.Fatalf("handler panicked: %v", p)
	}
	if got, ok := k.Value(ctx); ok {
		t.Errorf("Value after the handler returned = %v, true; want released", got)
	}
}

func TestMiddlewareReleasesOnPanic(t *testing.T) {
	errBoom := errors.New("boom")
	tests := []struct {
		name  string
		panic any
	}{
		{"panic=error", errBoom},
		{"panic=ErrAbortHandler", http.ErrAbortHandler},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := ctxdata.NewKey[*User]("user")
			ctxs := make(chan context.Context, 1)
			cleaned := make(chan *User, 1)
			done := make(chan any, 1)
			mw := ctxdata.Middleware(k, buildUser, ctxdata.WithCleanup(func(u *User) { cleaned <- u }))
			h := mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				ctxs <- r.Context()
				panic(tt.panic)
			}))
			url, client := newServer(t, observed(h, done))

			if _, _, err := get(t, client, url, "ann"); err == nil {
				t.Error("GET succeeded, want an error from the aborted response")
			}
			if p := <-done; p != tt.panic {
				t.Errorf("panic reaching net/http = %v, want %v unchanged", p, tt.panic)
			}
			if got, ok := k.Value(<-ctxs); ok {
				t.Errorf("Value after the handler panicked = %v, true; want released", got)
			}
			if u := <-cleaned; u == nil || u.Name != "ann" {
				t.Errorf("cleanup got %v, want ann", u)
			}
		})
	}
}

func TestMiddlewareBuildError(t *testing.T) {
	var logBuf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logBuf, nil))
	unauthorized := ctxdata.WithErrorResponse(func(w http.ResponseWriter, r *http.Request, err error) {
		if err != errNoUser {
			t.Errorf("WithErrorResponse got %v, want %v", err, errNoUser)
		}
		http.Error(w, "sign in", http.StatusUnauthorized)
	})
	tests := []struct {
		name       string
		opts       []ctxdata.Option
		wantStatus int
		wantBody   string
		wantLog    bool
	}{
		{"opts=default", nil, http.StatusInternalServerError, "Internal Server Error\n", true},
		{"opts=WithLogger", []ctxdata.Option{ctxdata.WithLogger(logger)}, http.StatusInternalServerError, "Internal Server Error\n", true},
		{"opts=WithErrorResponse", []ctxdata.Option{unauthorized}, http.StatusUnauthorized, "sign in\n", false},
		{"opts=WithLogger,WithErrorResponse", []ctxdata.Option{ctxdata.WithLogger(logger), unauthorized}, http.StatusUnauthorized, "sign in\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logBuf.Reset()
			if tt.opts == nil {
				setDefaultLogger(t, logger)
			}
			k := ctxdata.NewKey[*User]("user")
			h := ctxdata.Middleware(k, buildUser, tt.opts...)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				t.Error("handler called after build failed")
			}))
			url, client := newServer(t, h)

			status, body, err := get(t, client, url+"/path", "")
			if err != nil {
				t.Fatalf("GET: %v", err)
			}
			if status != tt.wantStatus || body != tt.wantBody {
				t.Errorf("GET = %d %q, want %d %q", status, body, tt.wantStatus, tt.wantBody)
			}
			if strings.Contains(body, "secret") {
				t.Errorf("response body %q carries the error text", body)
			}
			logged := logBuf.String()
			if !tt.wantLog {
				if logged != "" {
					t.Errorf("logged %q, want nothing", logged)
				}
				return
			}
			for _, want := range []string{"level=ERROR", `key="\"user\" (*ctxdata_test.User)"`, "path=/path", "0xsecret"} {
				if !strings.Contains(logged, want) {
					t.Errorf("log entry %q does not contain %q", logged, want)
				}
			}
		})
	}
}

func TestMiddlewareCleanup(t *testing.T) {
	k := ctxdata.NewKey[*User]("user")
	var handlerCtx context.Context
	var calls int
	var cleanedWhileBound bool
	cleanup := ctxdata.WithCleanup(func(u *User) {
		calls++
		_, cleanedWhileBound = k.Value(handlerCtx)
		if u.Name != "ann" {
			t.Errorf("cleanup got %q, want ann", u.Name)
		}
	})
	quiet := ctxdata.WithLogger(slog.New(slog.DiscardHandler))
	h := ctxdata.Middleware(k, buildUser, cleanup, quiet)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		handlerCtx = r.Context()
		if calls != 0 {
			t.Error("cleanup ran before the handler returned")
		}
	}))
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set("X-User", "ann")
	h.ServeHTTP(httptest.NewRecorder(), req)
	if calls != 1 {
		t.Errorf("cleanup ran %d times, want 1", calls)
	}
	if cleanedWhileBound {
		t.Error("cleanup ran before the value was released")
	}

	// No cleanup when build fails: there is no value.
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
	if calls != 1 {
		t.Errorf("cleanup ran %d times after a failed build, want 1", calls)
	}
}

func TestMiddlewarePanics(t *testing.T) {
	k := ctxdata.NewKey[*User]("user")
	unnamed := ctxdata.NewKey[*User]("")
	var nilKey *ctxdata.Key[*User]
	tests := []struct {
		name string
		f    func()
		want string
	}{
		{"nil-key", func() { ctxdata.Middleware(nilKey, buildUser) },
			"ctxdata: Middleware: nil key; make keys with NewKey"},
		{"nil-build", func() { ctxdata.Middleware(k, nil) },
			`ctxdata: Middleware: nil build function for key "user" (*ctxdata_test.User); pass a func that builds the request's value`},
		{"nil-build/unnamed", func() { ctxdata.Middleware(unnamed, nil) },
			`ctxdata: Middleware: nil build function for key (*ctxdata_test.User); pass a func that builds the request's value`},
		{"cleanup-type-mismatch", func() { ctxdata.Middleware(k, buildUser, ctxdata.WithCleanup(func(User) {})) },
			`ctxdata: Middleware: WithCleanup[ctxdata_test.User] does not match key "user" (*ctxdata_test.User); pass WithCleanup[*ctxdata_test.User]`},
		{"nil-next", func() { ctxdata.Middleware(k, buildUser)(nil) },
			`ctxdata: Middleware: nil next handler for key "user" (*ctxdata_test.User)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, _ := panictest.Message(tt.f); got != tt.want {
				t.Errorf("panic = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestMiddlewareRetention shows that a goroutine that outlives its request
// while holding the request's context pins a value bound with
// context.WithValue, and not one bound by Middleware.
func TestMiddlewareRetention(t *testing.T) {
	type payload [64 << 10]byte
	k := ctxdata.NewKey[*payload]("payload")
	type naiveKey struct{}
	var collected func() bool
	build := func(*http.Request) (*payload, error) {
		p := new(payload)
		collected = leaktest.Watch(p)
		return p, nil
	}
	naive := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			p, _ := build(r)
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), naiveKey{}, p)))
		})
	}
	tests := []struct {
		name          string
		mw            func(http.Handler) http.Handler
		wantCollected bool
	}{
		{"impl=naive", naive, false},
		{"impl=ctxdata", ctxdata.Middleware(k, build), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stop func()
			h := tt.mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				stop = holdContext(t, r.Context())
			}))
			h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
			defer stop()
			if got := collected(); got != tt.wantCollected {
				t.Errorf("value collected while a leaked goroutine holds the request context = %v, want %v", got, tt.wantCollected)
			}
		})
	}
}

// setDefaultLogger makes l the default slog logger until the test ends.
func setDefaultLogger(t testing.TB, l *slog.Logger) {
	t.Helper()
	prev, w, flags := slog.Default(), log.Writer(), log.Flags()
	slog.SetDefault(l)
	t.Cleanup(func() {
		slog.SetDefault(prev)
		log.SetOutput(w)
		log.SetFlags(flags)
	})
}
