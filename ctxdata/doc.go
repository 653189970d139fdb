// Package ctxdata gives request-scoped data typed keys, one binding per
// request, and a release when the request ends.
//
// # The naive pattern
//
// Each middleware adds its own value with a string key:
//
//	ctx := context.WithValue(r.Context(), "user", u)
//	ctx = context.WithValue(ctx, "tenant", t)
//	next.ServeHTTP(w, r.WithContext(ctx))
//
//	u := r.Context().Value("user").(*User) // panics if absent or mistyped
//
// Keys of different packages collide, every read needs a type assertion, and
// every value costs a context node, a copy of the request and a lookup that
// walks the chain. Worse, a context chain is collected only when its context
// becomes unreachable: a goroutine that outlives the request while holding
// its context (a fire-and-forget audit write, a retry loop, a stuck send)
// keeps every value in the chain alive for as long as it runs.
//
// # The replacement
//
// Put what a request carries in one struct, make a typed [Key] for it once,
// and let [Middleware] build it, bind it, and release it when the handler
// returns:
//
//	var requestKey = ctxdata.NewKey[*Request]("request")
//
//	mux.Handle("/", ctxdata.Middleware(requestKey, buildRequest)(handler))
//
//	req := requestKey.Must(r.Context()) // typed; no assertion
//
// After release the request's context no longer references the value, so a
// goroutine that kept the context (or the request) keeps neither the value
// nor what it points to; it reads ok == false, and the read is counted by
// [ReleasedReads] so that such goroutines show up in production. [Bind] does
// the same for units of work outside net/http, and [Key.With] binds a value
// for good, as [context.WithValue] does.
//
// # Work that outlives the request
//
// Copy what the work needs before starting it, as plain arguments or with
// [Key.Carry] into a context of its own:
//
//	u := requestKey.Must(r.Context()).User
//	go audit(u, event)
//
//	bg, _ := requestKey.Carry(context.Background(), r.Context())
//	go process(bg, job)
//
// [context.WithoutCancel] does not help with values: it keeps the whole chain
// reachable, and values bound by [Bind] or [Middleware] read as released
// through it once the request has ended.
//
// # Never pool the bound value
//
// [Middleware] builds a fresh value for every request and this package never
// pools one. A goroutine that outlives its request may still hold the value;
// were it pooled, the next request would get the same object, and one user's
// data would show in another's request (a known bug class in routers that
// pool their request contexts). Free or recycle resources the value holds in
// a [WithCleanup] function instead, which runs once the value is released.
//
// # Costs
//
// The benchmarks compare each use with the naive context.WithValue
// pattern; run them and compare the implementations with
//
//	go test -run '^$' -bench . -count=10 ./ctxdata/ > ctxdata.txt
//	go run golang.org/x/perf/cmd/benchstat@latest -col /impl ctxdata.txt
//
// [Key.Value] costs what ctx.Value(key).(T) costs, a walk up the chain plus
// an atomic load, and does not allocate (BenchmarkValue, at several depths).
// Binding a request's fields as one struct with [Middleware] and reading
// them takes a fraction of the time, bytes and allocations of one
// context.WithValue middleware per field (BenchmarkRequestFields).
// [Middleware] adds to a request about what one context.WithValue
// middleware adds: the built value, the binding and a copy of the request
// (BenchmarkMiddleware, under httptest and over loopback).
// BenchmarkLeakedGoroutines reports, as retained-B, what requests whose
// handlers leak a goroutine holding the request's context keep alive: with
// ctxdata, the released bindings; with the naive chains, every value bound
// to them.
package ctxdata
