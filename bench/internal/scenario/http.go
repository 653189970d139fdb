package scenario

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"sync"

	"github.com/safeprim/safeprim/ctxdata"
	"github.com/safeprim/safeprim/goroutine"
	"github.com/safeprim/safeprim/safepool"
)

// Service is the http/service scenario's service: GET /hello answers
// "hello user ..." from request data bound by middleware, and starts an
// audit goroutine per request. Its naive side leaks that goroutine and the
// request context it holds.
type Service struct {
	Handler http.Handler
	// Shutdown is called once no request runs any more. It returns the
	// function that releases what the handlers leaked, if anything.
	Shutdown func() (release func())
}

// NewService returns the impl side of the http/service scenario's service,
// for benchmarks that drive it without a network.
func NewService(impl Impl) Service {
	if impl == Naive {
		return naiveService()
	}
	return safeService()
}

func naiveHTTPService(n int) func() { return runService(n, NewService(Naive)) }
func safeHTTPService(n int) func()  { return runService(n, NewService(Safeprim)) }

// clients is how many client goroutines send requests at once.
const clients = 4

// runService serves svc on a loopback listener, sends it n requests from a
// real http.Client, checks every answer, and shuts both down.
func runService(n int, svc Service) func() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(fmt.Sprintf("scenario: http/service: %v", err))
	}
	srv := &http.Server{Handler: svc.Handler}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	tr := &http.Transport{MaxIdleConnsPerHost: clients}
	client := &http.Client{Transport: tr}
	url := "http://" + ln.Addr().String() + "/hello"
	var wg sync.WaitGroup
	errs := make(chan error, clients)
	for c := range clients {
		wg.Go(func() {
			for i := c; i < n; i += clients {
				if err := get(client, url); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	tr.CloseIdleConnections()
	srv.Close()
	<-served
	release := svc.Shutdown()
	close(errs)
	if err := <-errs; err != nil {
		release()
		panic(fmt.Sprintf("scenario: http/service: %v", err))
	}
	return release
}

func get(client *http.Client, url string) error {
	resp, err := client.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK || !bytes.HasPrefix(body, []byte("hello user")) {
		return fmt.Errorf("GET %s: %s %q", url, resp.Status, body)
	}
	return nil
}

// writeHello writes the response body into buf and then to w.
func writeHello(w http.ResponseWriter, buf *bytes.Buffer, d *requestData) {
	fmt.Fprintf(buf, "hello %s (trace %s, session of %d bytes)\n", d.user, d.traceID, len(d.session))
	_, _ = w.Write(buf.Bytes())
}

type auditLog struct{ events chan string }

// withValue is a naive middleware: it binds one value to each request's
// context with context.WithValue.
func withValue(next http.Handler, key naiveKey, value func() any) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), key, value())))
	})
}

func naiveService() Service {
	var lost abandoned[auditLog]
	bufs := sync.Pool{New: func() any { return new(bytes.Buffer) }}
	mux := http.NewServeMux()
	mux.HandleFunc("/hello", func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		d := &requestData{
			user:    ctx.Value(naiveKey("user")).(string),
			traceID: ctx.Value(naiveKey("trace")).(string),
			session: ctx.Value(naiveKey("session")).([]byte),
		}
		a := &auditLog{events: make(chan string)}
		lost.add(a)
		go func(a *auditLog) {
			for range a.events { // nobody closes events
				_ = ctx.Value(naiveKey("user"))
			}
			runtime.KeepAlive(a)
		}(a)
		a.events <- r.URL.Path

		buf := bufs.Get().(*bytes.Buffer)
		buf.Reset()
		writeHello(w, buf, d)
		bufs.Put(buf)
	})
	// Three middlewares, one WithValue each.
	h := withValue(mux, "session", func() any { return make([]byte, sessionSize) })
	h = withValue(h, "trace", func() any { return "trace" })
	h = withValue(h, "user", func() any { return "user" })
	return Service{Handler: h, Shutdown: func() func() {
		return func() { lost.each(func(a *auditLog) { close(a.events) }) }
	}}
}

func safeService() Service {
	var audits goroutine.Group
	var bufs safepool.BufferPool
	mux := http.NewServeMux()
	mux.HandleFunc("/hello", func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		d := requestKey.Must(ctx)
		events := make(chan string)
		audits.Go(func() error {
			for {
				if _, err := goroutine.Recv(ctx, events); err != nil {
					return nil // the request ended
				}
				_, _ = requestKey.Value(ctx)
			}
		})
		_ = goroutine.Send(ctx, events, r.URL.Path)

		buf := bufs.Get()
		writeHello(w, buf, d)
		bufs.Put(buf)
	})
	bind := ctxdata.Middleware(requestKey, func(*http.Request) (*requestData, error) {
		return &requestData{user: "user", traceID: "trace", session: make([]byte, sessionSize)}, nil
	})
	return Service{Handler: bind(mux), Shutdown: func() func() {
		_ = audits.Wait()
		return func() {}
	}}
}
