package ctxdata_test

import (
	"context"
	"errors"
	"expvar"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"time"

	"github.com/safeprim/safeprim/ctxdata"
)

// Request is the value one request's middleware builds and its handlers
// read: everything request-scoped in one struct, bound once.
type Request struct {
	ID   string
	User string
}

// requestKey is made once, as a package-level variable.
var requestKey = ctxdata.NewKey[*Request]("request")

func buildRequest(r *http.Request) (*Request, error) {
	user := r.Header.Get("X-User")
	if user == "" {
		return nil, errors.New("missing X-User header")
	}
	return &Request{ID: r.Header.Get("X-Request-Id"), User: user}, nil
}

// serve sends one GET through h and prints the response.
func serve(h http.Handler, user string) {
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set("X-Request-Id", "r1")
	if user != "" {
		req.Header.Set("X-User", user)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	fmt.Println(strings.TrimSpace(fmt.Sprintf("%d %s", rec.Code, rec.Body)))
}

func ExampleMiddleware() {
	var leaked context.Context
	h := ctxdata.Middleware(requestKey, buildRequest)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req := requestKey.Must(r.Context())
		fmt.Fprintf(w, "hello %s (request %s)", req.User, req.ID)
		leaked = r.Context() // as a goroutine that outlives the request would
	}))

	serve(h, "ann")
	_, ok := requestKey.Value(leaked)
	fmt.Println("value after the handler returned:", ok)
	// Output:
	// 200 hello ann (request r1)
	// value after the handler returned: false
}

func ExampleMiddleware_timeoutHandler() {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "hello %s", requestKey.Must(r.Context()).User)
	})
	// TimeoutHandler outside, Middleware inside: the value is released when
	// the handler returns, not when TimeoutHandler gives up on it.
	serve(http.TimeoutHandler(ctxdata.Middleware(requestKey, buildRequest)(h), 5*time.Second, "timed out"), "ann")
	// Output: 200 hello ann
}

func ExampleNewKey() {
	userKey := ctxdata.NewKey[string]("user")
	sameName := ctxdata.NewKey[string]("user")

	ctx := userKey.With(context.Background(), "ann")
	_, ok := sameName.Value(ctx)
	fmt.Println(userKey, ok)
	// Output: "user" (string) false
}

func ExampleKey() {
	// The zero Key is an unnamed key; keys compare by address.
	var tenantKey ctxdata.Key[string]

	ctx := tenantKey.With(context.Background(), "acme")
	fmt.Println(tenantKey.Must(ctx), &tenantKey)
	// Output: acme (string)
}

func ExampleKey_With() {
	ctx := requestKey.With(context.Background(), &Request{ID: "r1", User: "ann"})
	fmt.Println(requestKey.Must(ctx).User)
	// Output: ann
}

func ExampleKey_Value() {
	ctx := requestKey.With(context.Background(), &Request{User: "ann"})
	if req, ok := requestKey.Value(ctx); ok {
		fmt.Println(req.User)
	}
	_, ok := requestKey.Value(context.Background())
	fmt.Println(ok)
	// Output:
	// ann
	// false
}

func ExampleKey_Must() {
	defer func() { fmt.Println(recover()) }()
	requestKey.Must(context.Background())
	// Output: ctxdata: no value for key "request" (*ctxdata_test.Request) in context
}

func ExampleKey_Lookup() {
	ctx, release := ctxdata.Bind(context.Background(), requestKey, &Request{User: "ann"})
	release()
	_, err := requestKey.Lookup(ctx)
	fmt.Println(errors.Is(err, ctxdata.ErrReleased))
	// Output: true
}

func ExampleKey_String() {
	fmt.Println(ctxdata.NewKey[*Request]("request"))
	fmt.Println(ctxdata.NewKey[[]string](""))
	// Output:
	// "request" (*ctxdata_test.Request)
	// ([]string)
}

func ExampleKey_Carry() {
	requestEnded, done := make(chan struct{}), make(chan struct{})
	h := ctxdata.Middleware(requestKey, buildRequest)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Work that outlives the request gets a context of its own that
		// carries only what it needs.
		bg, _ := requestKey.Carry(context.Background(), r.Context())
		go func() {
			defer close(done)
			<-requestEnded
			fmt.Println("audit:", requestKey.Must(bg).User)
		}()
	}))

	serve(h, "ann")
	close(requestEnded)
	<-done
	// Output:
	// 200
	// audit: ann
}

func ExampleKey_ReleasedReads() {
	k := ctxdata.NewKey[int]("n")
	ctx, release := ctxdata.Bind(context.Background(), k, 1)
	release()
	k.Value(ctx)
	fmt.Println(k.ReleasedReads())
	// Output: 1
}

func ExampleReleasedReads() {
	// Publish the count so that an operator sees goroutines that outlive
	// their requests and still read request data, for example with
	// expvar.Publish("ctxdata_released_reads", releasedReads).
	before := ctxdata.ReleasedReads()
	releasedReads := expvar.Func(func() any { return ctxdata.ReleasedReads() - before })

	ctx, release := ctxdata.Bind(context.Background(), requestKey, &Request{User: "ann"})
	release()
	requestKey.Value(ctx)
	fmt.Println(releasedReads)
	// Output: 1
}

func ExampleBind() {
	// Bind scopes a value to a unit of work outside net/http, such as one
	// message taken from a queue.
	ctx, release := ctxdata.Bind(context.Background(), requestKey, &Request{ID: "m42"})
	fmt.Println(requestKey.Must(ctx).ID)
	release()
	_, ok := requestKey.Value(ctx)
	fmt.Println(ok)
	// Output:
	// m42
	// false
}

func ExampleOption() {
	opts := []ctxdata.Option{
		ctxdata.WithLogger(slog.New(slog.DiscardHandler)),
		ctxdata.WithCleanup(func(r *Request) { fmt.Println("cleanup", r.ID) }),
	}
	h := ctxdata.Middleware(requestKey, buildRequest, opts...)(http.NotFoundHandler())

	serve(h, "ann")
	serve(h, "")
	// Output:
	// cleanup r1
	// 404 404 page not found
	// 500 Internal Server Error
}

func ExampleWithErrorResponse() {
	unauthorized := ctxdata.WithErrorResponse(func(w http.ResponseWriter, r *http.Request, err error) {
		http.Error(w, "sign in first", http.StatusUnauthorized)
	})
	h := ctxdata.Middleware(requestKey, buildRequest, unauthorized)(http.NotFoundHandler())

	serve(h, "")
	// Output: 401 sign in first
}

func ExampleWithLogger() {
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{} // keep the output stable
			}
			return a
		},
	}))
	h := ctxdata.Middleware(requestKey, buildRequest, ctxdata.WithLogger(logger))(http.NotFoundHandler())

	serve(h, "")
	// Output:
	// level=ERROR msg="ctxdata: building request value failed" key="\"request\" (*ctxdata_test.Request)" method=GET path=/ error="missing X-User header"
	// 500 Internal Server Error
}

func ExampleWithCleanup() {
	type scratch struct{ buf []byte }
	k := ctxdata.NewKey[*scratch]("scratch")
	build := func(*http.Request) (*scratch, error) { return &scratch{make([]byte, 0, 4096)}, nil }
	release := ctxdata.WithCleanup(func(s *scratch) {
		// The value is already released: no context refers to it, so its
		// resources can be freed or reused here.
		fmt.Println("cleanup", cap(s.buf))
	})
	h := ctxdata.Middleware(k, build, release)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "ok")
	}))

	serve(h, "ann")
	// Output:
	// cleanup 4096
	// 200 ok
}

func ExampleReleasedReadsByKey() {
	// Keys are package-level variables in a service; this one is local so
	// that the example stands alone.
	sessionKey := ctxdata.NewKey[string]("session")
	ctx, release := ctxdata.Bind(context.Background(), sessionKey, "s1")
	release()
	sessionKey.Value(ctx) // a read after the request ended
	sessionKey.Value(ctx)
	fmt.Println(ctxdata.ReleasedReadsByKey()["session"])
	// Output: 2
}
